//! The console: what each run printed, its errors (with the traceback), and notices such as
//! "the interpreter was restarted".

use glassbox_site::error_text;
use glassbox_site::protocol::Outcome;
use yew::prelude::*;

use glassbox_site::state::{Action, Entry};

use crate::context::Ctx;

pub fn view_outcome(outcome: &Outcome) -> Html {
    let nothing = outcome.stdout.is_empty() && outcome.stderr.is_empty() && outcome.error.is_none();
    html! {
        <>
            if !outcome.stdout.is_empty() { <pre class="stdout">{ &outcome.stdout }</pre> }
            if !outcome.stderr.is_empty() { <pre class="stderr">{ &outcome.stderr }</pre> }
            if let Some(error) = &outcome.error {
                <div class="error">
                    <div class="error-title">
                        <strong>{ &error.kind }</strong>{ ": " }{ error_text::message(error) }
                        if let Some(line) = error.line { <span class="error-line">{ format!(" (line {line})") }</span> }
                    </div>
                    if !error.traceback.is_empty() { <pre class="traceback">{ error_text::traceback(&error.traceback) }</pre> }
                </div>
            }
            if nothing { <p class="placeholder">{ "(no output)" }</p> }
        </>
    }
}

#[function_component(Console)]
pub fn console() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let stream_safe = ctx.state.presenter.on || ctx.state.follower;
    let secrets = ctx.state.secrets();
    // Follow new output: the panel scrolls to the newest entry whenever one is added.
    let output = use_node_ref();
    {
        let output = output.clone();
        let count = (
            ctx.state.console.len(),
            ctx.state.runs,
            ctx.state.live.stdout.len() + ctx.state.live.stderr.len(),
        );
        use_effect_with(count, move |_| {
            let panel = output
                .cast::<web_sys::Element>()
                .and_then(|element| element.closest(".tab-panel").ok().flatten());
            if let Some(panel) = panel {
                panel.set_scroll_top(panel.scroll_height());
            }
        });
    }
    let clear = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::ClearConsole))
    };
    html! {
        <div class="console">
            <div class="panel-bar">
                <button id="clear" class="quiet small" onclick={clear}>{ "Clear" }</button>
            </div>
            <div id="output" class="output" aria-live="polite" ref={output}>
                if ctx.state.console.is_empty() {
                    <p class="placeholder">{ "Run your code to see what it prints." }</p>
                }
                { for ctx.state.console.iter().map(|entry| match entry {
                    Entry::Notice(text) => html! { <div class="entry notice">{ text }</div> },
                    Entry::Ran { label, outcome } => html! {
                        <div class="entry run">
                            <div class="run-header">{ label }<span class="elapsed">{ format!("{:.0} ms", outcome.elapsed_ms) }</span></div>
                            { if stream_safe { view_outcome(&outcome.masked(&secrets)) } else { view_outcome(outcome) } }
                        </div>
                    },
                }) }
                if !(ctx.state.live.stdout.is_empty() && ctx.state.live.stderr.is_empty()) {
                    <div class="entry run live">
                        <div class="run-header">{ "Running…" }</div>
                        { if stream_safe { view_outcome(&ctx.state.live.masked(&secrets)) } else { view_outcome(&ctx.state.live) } }
                    </div>
                }
            </div>
            <crate::repl::Repl />
        </div>
    }
}
