//! The top bar: the outline button, where you are, the interpreter's status, and progress
//! export, import and reset.

use glassbox_site::route::Route;
use glassbox_site::state::{Action, Status};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser::{alert, confirm, download};
use crate::context::Ctx;
use crate::course;
use crate::share_ui::ShareButton;
use crate::store;

#[function_component(TopBar)]
pub fn top_bar() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let state = &ctx.state;
    let title = match &state.route {
        Route::Lesson(id) => course::lesson(id).map(|lesson| lesson.title.clone()),
        Route::Playground => Some("Playground".to_owned()),
        Route::Outline | Route::Share(_) => None,
    };
    let toggle = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::ToggleOutline))
    };
    let import_input = use_node_ref();
    let on_import_click = choose_file(&import_input);
    let on_import = {
        let ctx = ctx.clone();
        Callback::from(move |event: Event| {
            let ctx = ctx.clone();
            read_chosen_file(&event, move |text| match store::import(&text) {
                Ok(count) => {
                    alert(&format!(
                        "Imported {count} saved item(s). The page will reload to show them."
                    ));
                    let _ = web_sys::window().expect("window").location().reload();
                }
                Err(message) => {
                    ctx.dispatch(Action::Notice(format!("Nothing was imported. {message}")))
                }
            });
        })
    };
    let shared_input = use_node_ref();
    let on_open_shared_click = choose_file(&shared_input);
    let on_open_shared = {
        let ctx = ctx.clone();
        Callback::from(move |event: Event| {
            let ctx = ctx.clone();
            read_chosen_file(&event, move |text| crate::share_ui::open(&ctx, &text));
        })
    };
    let present = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| crate::presenter::toggle(&ctx))
    };
    if state.follower {
        return html! {
            <header class="topbar">
                <span class="brand">{ "Glassbox" }</span>
                if let Some(title) = title { <span class="where">{ title }</span> }
                <span class="spacer"></span>
                <span id="status" class="status ready" role="status">{ "Following the presenter" }</span>
            </header>
        };
    }
    let on_reset_everything = Callback::from(|_: MouseEvent| {
        if confirm(
            "Erase all your saved code and progress in this browser? This cannot be undone (export your progress first to keep a copy).",
        ) {
            store::reset_everything();
            let _ = web_sys::window().expect("window").location().reload();
        }
    });
    html! {
        <header class="topbar">
            <button class="quiet outline-toggle" onclick={toggle} aria-expanded={state.outline_open.to_string()} aria-controls="outline-drawer"
                title="Show the course outline">{ "☰ Lessons" }</button>
            <a class="brand" href="#/">{ "Glassbox" }</a>
            if let Some(title) = title { <span class="where" aria-label="Current page">{ title }</span> }
            <span class="spacer"></span>
            { status_badge(&state.status) }
            <ShareButton />
            <button id="present" class="quiet" onclick={present} aria-pressed={state.presenter.on.to_string()}
                title={format!("Presenter mode ({})", crate::presenter::SHORTCUT)}>{ "Present" }</button>
            <nav class="topbar-links" aria-label="Site">
                <a href={Route::Playground.to_hash()}>{ "Playground" }</a>
            </nav>
            <details class="menu">
                <summary>{ "Your work" }</summary>
                <div class="menu-items">
                <button class="quiet" id="open-shared" onclick={on_open_shared_click}>{ "Open shared file" }</button>
                <input ref={shared_input} type="file" accept=".txt,text/plain" hidden=true onchange={on_open_shared} aria-label="Shared state file to open" />
                <button class="quiet" id="export-progress" onclick={Callback::from(|_: MouseEvent| download("glassbox-progress.json", &store::export()))}>{ "Export progress" }</button>
                <button class="quiet" id="import-progress" onclick={on_import_click}>{ "Import" }</button>
                <input ref={import_input} type="file" accept=".json,application/json" hidden=true onchange={on_import} aria-label="Progress file to import" />
                <button class="quiet danger" id="reset-everything" onclick={on_reset_everything}>{ "Reset everything" }</button>
                </div>
            </details>
        </header>
    }
}

pub fn status_badge(status: &Status) -> Html {
    let (class, text) = match status {
        Status::Loading { loaded, total } => {
            let megabytes = loaded / 1_000_000.0;
            let text = match total {
                Some(total) if *total > 0.0 => {
                    format!(
                        "Loading Python… {:.0}% ({megabytes:.1} of {:.1} MB)",
                        100.0 * loaded / total,
                        total / 1_000_000.0
                    )
                }
                _ if *loaded > 0.0 => format!("Loading Python… {megabytes:.1} MB"),
                _ => "Loading Python…".to_owned(),
            };
            ("loading", text)
        }
        Status::Ready => ("ready", "Python ready".to_owned()),
        Status::Running => ("running", "Running…".to_owned()),
        Status::Failed(message) => ("failed", format!("Python could not start: {message}")),
    };
    html! { <span id="status" class={classes!("status", class)} role="status">{ text }</span> }
}

/// A button's click that opens the (hidden) file input's chooser.
fn choose_file(input: &NodeRef) -> Callback<MouseEvent> {
    let input = input.clone();
    Callback::from(move |_: MouseEvent| {
        if let Some(input) = input.cast::<HtmlInputElement>() {
            input.click();
        }
    })
}

/// Reads the file chosen in a file input (its `change` event) as text.
fn read_chosen_file(event: &Event, then: impl FnOnce(String) + 'static) {
    let input: HtmlInputElement = event.target_unchecked_into();
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    input.set_value(""); // choosing the same file again fires `change` again
    wasm_bindgen_futures::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default();
        then(text);
    });
}
