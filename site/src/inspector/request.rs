//! The request builder, the history of requests (like django-debug-toolbar's), and the
//! response: status, headers, cookies, and the body (JSON indented; HTML rendered in a sandboxed
//! frame that can run no script and reach nothing of the page).

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use glassbox_site::request::RequestDraft;
use glassbox_site::state::{Action, Status};

use crate::actions;
use crate::context::Ctx;

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

#[function_component(RequestPanel)]
pub fn request_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let draft = ctx.state.draft.clone();
    let update = |change: fn(&mut RequestDraft, String)| {
        let (ctx, draft) = (ctx.clone(), draft.clone());
        move |value: String| {
            let mut draft = draft.clone();
            change(&mut draft, value);
            ctx.dispatch(Action::Draft(draft));
        }
    };
    let on_method = {
        let set = update(|draft, value| draft.method = value);
        Callback::from(move |event: Event| {
            set(event.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_target = {
        let set = update(|draft, value| draft.target = value);
        Callback::from(move |event: InputEvent| {
            set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_headers = {
        let set = update(|draft, value| draft.headers = value);
        Callback::from(move |event: InputEvent| {
            set(event.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_body = {
        let set = update(|draft, value| draft.body = value);
        Callback::from(move |event: InputEvent| {
            set(event.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_server = {
        let set = update(|draft, value| draft.server = (!value.is_empty()).then_some(value));
        Callback::from(move |event: Event| {
            set(event.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let servers = ctx
        .state
        .lab
        .as_ref()
        .map(|reading| reading.servers.clone())
        .unwrap_or_default();
    // A program may have several servers: read the lab (its names) once the program runs.
    {
        let ctx = ctx.clone();
        use_effect_with(ctx.state.project_loaded, move |loaded| {
            if *loaded {
                actions::lab(&ctx, glassbox_site::protocol::LabControl::Read);
            }
        });
    }
    let on_send = {
        let (ctx, draft) = (ctx.clone(), draft.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            actions::send(&ctx, draft.clone());
        })
    };
    let clear = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::ClearHistory))
    };
    let busy = !ctx.state.ready() || ctx.state.status == Status::Running;
    html! {
        <div class="request-panel">
            <form class="request-builder" onsubmit={on_send} aria-label="Request builder">
                <div class="request-line">
                    <label class="visually-hidden" for="request-method">{ "Method" }</label>
                    <select id="request-method" onchange={on_method}>
                        { for METHODS.iter().map(|method| html! { <option value={*method} selected={draft.method == *method}>{ method }</option> }) }
                    </select>
                    <label class="visually-hidden" for="request-target">{ "Path" }</label>
                    <input id="request-target" type="text" value={draft.target.clone()} oninput={on_target} spellcheck="false" placeholder="/path/?query" />
                    if !servers.is_empty() {
                        <label class="visually-hidden" for="request-server">{ "Server" }</label>
                        <select id="request-server" onchange={on_server} title="Which server answers">
                            <option value="" selected={draft.server.is_none()}>{ "default server" }</option>
                            { for servers.iter().map(|name| html! { <option value={name.clone()} selected={draft.server.as_deref() == Some(name.as_str())}>{ name }</option> }) }
                        </select>
                    }
                    <button id="send" class="primary" type="submit" disabled={busy}>{ "Send" }</button>
                </div>
                <details class="request-extras" open={!draft.headers.is_empty() || !draft.body.is_empty()}>
                    <summary>{ "Headers and body" }</summary>
                    <label for="request-headers">{ "Headers (one “Name: value” per line)" }</label>
                    <textarea id="request-headers" rows="3" spellcheck="false" value={draft.headers.clone()} oninput={on_headers} />
                    <label for="request-body">{ "Body" }</label>
                    <textarea id="request-body" rows="3" spellcheck="false" value={draft.body.clone()} oninput={on_body} />
                </details>
            </form>
            <div class="request-split">
                <div class="history" aria-label="Request history">
                    <div class="panel-bar"><strong>{ "History" }</strong><button class="quiet small" onclick={clear}>{ "Clear" }</button></div>
                    if ctx.state.exchanges.is_empty() { <p class="placeholder">{ "No requests yet." }</p> }
                    <ol class="history-list">
                        { for ctx.state.exchanges.iter().enumerate().rev().map(|(index, exchange)| {
                            let select = {
                                let ctx = ctx.clone();
                                Callback::from(move |_: MouseEvent| ctx.dispatch(Action::Select(index)))
                            };
                            let selected = ctx.state.selected == Some(index);
                            html! {
                                <li>
                                    <button class={classes!("history-item", selected.then_some("selected"))} aria-pressed={selected.to_string()} onclick={select}>
                                        <span class={classes!("status-code", status_class(exchange.status))}>{ exchange.status }</span>
                                        <span class="method">{ &exchange.request.method }</span>
                                        <span class="target">{ &exchange.request.target }</span>
                                        if let Some(server) = &exchange.server { <span class="server-name">{ server }</span> }
                                        <span class="queries">{ format!("{} SQL", exchange.queries().len()) }</span>
                                        if let Some(ms) = exchange.total_ms() { <span class="elapsed">{ format!("{ms:.1} ms") }</span> }
                                    </button>
                                </li>
                            }
                        }) }
                    </ol>
                </div>
                <div class="response" aria-label="Response">{ view_response(&ctx) }</div>
            </div>
        </div>
    }
}

pub fn status_class(status: u16) -> &'static str {
    match status {
        200..=299 => "ok",
        300..=399 => "redirect",
        400..=499 => "client-error",
        _ => "server-error",
    }
}

fn view_response(ctx: &Ctx) -> Html {
    let Some(exchange) = ctx.state.exchange() else {
        return html! { <p class="placeholder">{ "The response shows here." }</p> };
    };
    let cookies = exchange.set_cookies();
    html! {
        <>
            <h3 id="response-status" class={classes!("status-line", status_class(exchange.status))}>{ format!("{} {}", exchange.status, exchange.reason) }</h3>
            if let Some(server) = &exchange.server { <p id="response-server">{ "Answered by " }<strong class="server-name">{ server }</strong></p> }
            { super::timeline::stream_controls(ctx, &exchange) }
            if !exchange.printed.is_empty() {
                <details open=true><summary>{ "Printed by your app" }</summary><pre class="stdout">{ &exchange.printed }</pre></details>
            }
            <details open=true>
                <summary>{ format!("Headers ({})", exchange.headers.len()) }</summary>
                <table class="headers"><tbody>
                    { for exchange.headers.iter().map(|(name, value)| html! { <tr><th scope="row">{ name }</th><td>{ value }</td></tr> }) }
                </tbody></table>
            </details>
            if !cookies.is_empty() {
                <details open=true>
                    <summary>{ format!("Cookies set ({})", cookies.len()) }</summary>
                    <ul class="cookies">{ for cookies.iter().map(|cookie| html! {
                        <li><code>{ format!("{}={}", cookie.name, cookie.value) }</code>{ for cookie.attributes.iter().map(|attribute| html! { <span class="attribute">{ attribute }</span> }) }</li>
                    }) }</ul>
                </details>
            }
            <details open=true>
                <summary>{ format!("Body ({} bytes, {})", exchange.body.len(), if exchange.content_type().is_empty() { "no type".to_owned() } else { exchange.content_type() }) }</summary>
                if exchange.is_html() {
                    // sandbox="" : no scripts, no forms, no same-origin access to the page.
                    <iframe class="html-preview" title="The response rendered as a page" sandbox="" srcdoc={exchange.body.clone()}></iframe>
                    <details><summary>{ "HTML source" }</summary><pre class="body">{ &exchange.body }</pre></details>
                } else {
                    <pre id="response-body" class="body">{ exchange.pretty_body() }</pre>
                }
            </details>
        </>
    }
}
