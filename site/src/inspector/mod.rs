//! The bottom area: the console and a devtools-like inspector of the learner's app, one tab
//! per layer. Tabs follow the ARIA tabs pattern (arrow keys move between them).

mod lab;
mod request;
mod run_sql;
mod source;
pub(crate) mod timeline;
mod trace_panels;
mod warnings_view;

use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::console::Console;
use glassbox_site::state::{Action, Tab};

use crate::context::Ctx;

pub use source::open_definition;

#[function_component(Inspector)]
pub fn inspector() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let current = ctx.state.tab;
    let on_key = {
        let ctx = ctx.clone();
        Callback::from(move |event: KeyboardEvent| {
            let index = Tab::ALL.iter().position(|tab| *tab == current).unwrap_or(0);
            let next = match event.key().as_str() {
                "ArrowRight" => (index + 1) % Tab::ALL.len(),
                "ArrowLeft" => (index + Tab::ALL.len() - 1) % Tab::ALL.len(),
                "Home" => 0,
                "End" => Tab::ALL.len() - 1,
                _ => return,
            };
            event.prevent_default();
            ctx.dispatch(Action::Tab(Tab::ALL[next]));
            focus(&format!("tab-{}", Tab::ALL[next].id()));
        })
    };
    let badge = |tab: Tab| -> Option<String> {
        let exchange = ctx.state.exchange()?;
        let count = match tab {
            Tab::Sql => exchange.queries().len(),
            Tab::Cache => exchange.events("cache").count(),
            Tab::Auth => exchange.events("auth").count(),
            Tab::Timeline => glassbox_site::timeline::count(&exchange.trace),
            _ => return None,
        };
        (count > 0).then(|| count.to_string())
    };
    html! {
        <section class="pane inspector" aria-label="Console and inspector">
            <div class="tabs" role="tablist" aria-label="Inspector" onkeydown={on_key}>
                { for Tab::ALL.iter().map(|tab| {
                    let selected = *tab == current;
                    let select = {
                        let (ctx, tab) = (ctx.clone(), *tab);
                        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::Tab(tab)))
                    };
                    html! {
                        <button role="tab" id={format!("tab-{}", tab.id())} aria-selected={selected.to_string()}
                            aria-controls={format!("panel-{}", tab.id())} tabindex={if selected { "0" } else { "-1" }} onclick={select}>
                            { tab.label() }
                            if let Some(count) = badge(*tab) { <span class="badge">{ count }</span> }
                        </button>
                    }
                }) }
            </div>
            <warnings_view::Warnings />
            <div class="tab-panel" role="tabpanel" id={format!("panel-{}", current.id())} aria-labelledby={format!("tab-{}", current.id())} tabindex="0">
                { match current {
                    Tab::Console => html! { <Console /> },
                    Tab::Request => html! { <request::RequestPanel /> },
                    Tab::Onion => html! { <trace_panels::OnionPanel /> },
                    Tab::Sql => html! { <><run_sql::RunSql /><trace_panels::SqlPanel /></> },
                    Tab::Timeline => html! { <timeline::TimelinePanel /> },
                    Tab::Cache => html! { <trace_panels::CachePanel /> },
                    Tab::Auth => html! { <trace_panels::AuthPanel /> },
                    Tab::Cookies => html! { <trace_panels::CookiesPanel /> },
                    Tab::Lab => html! { <lab::LabPanel /> },
                    Tab::Source => html! { <source::SourcePanel /> },
                } }
            </div>
        </section>
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
    {
        let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// "Send a request first" for panels that show one request's trace.
fn no_request() -> Html {
    html! { <p class="placeholder">{ "Send a request from the Request tab (or a lesson's “Send to your app” button) to see this layer." }</p> }
}
