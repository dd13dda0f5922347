//! The first page: a code area, Run/Stop/Reset, and an output pane that tells stdout, stderr and
//! errors apart. State lives in one reducer; browser calls stay in `worker_client` and here at
//! the edges (storage, key handling).

use std::rc::Rc;

use glassbox_site::protocol::Outcome;
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::worker_client::{Event, Status, WorkerClient};

const STORAGE_KEY: &str = "glassbox.playground.code";
const STARTER_CODE: &str = "# Python runs right here, in your browser.\nname = \"Glassbox\"\nprint(f\"Hello from {name}!\")\n";

pub fn mount(client: WorkerClient) {
    let document = web_sys::window().and_then(|window| window.document()).expect("the page has a document");
    let root = document.get_element_by_id("app").expect("index.html has #app");
    root.set_inner_html(""); // replace the static shell shown while the UI loaded
    yew::Renderer::<App>::with_root_and_props(root, AppProps { client }).render();
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub client: WorkerClient,
}

#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Ran { number: usize, outcome: Outcome },
    Notice(String),
}

#[derive(Debug, Clone, PartialEq)]
struct State {
    status: Status,
    entries: Vec<Entry>,
    runs: usize,
}

enum Action {
    Status(Status),
    Notice(String),
    Ran(Outcome),
    Clear,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::Status(status) => state.status = status,
            Action::Notice(text) => state.entries.push(Entry::Notice(text)),
            Action::Ran(outcome) => {
                state.runs += 1;
                state.entries.push(Entry::Ran { number: state.runs, outcome });
            }
            Action::Clear => state.entries.clear(),
        }
        Rc::new(state)
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| State { status: Status::Loading { loaded: 0.0, total: None }, entries: Vec::new(), runs: 0 });
    let code = use_state(|| load_code().unwrap_or_else(|| STARTER_CODE.to_owned()));

    {
        let dispatcher = state.dispatcher();
        let client = props.client.clone();
        use_effect_with((), move |_| {
            client.subscribe(move |event| match event {
                Event::Status(status) => dispatcher.dispatch(Action::Status(status.clone())),
                Event::Restarted { reason } => dispatcher.dispatch(Action::Notice(reason.clone())),
            });
        });
    }

    let run = {
        let client = props.client.clone();
        let code = code.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| {
            let dispatcher = dispatcher.clone();
            client.run((*code).clone(), move |outcome| dispatcher.dispatch(Action::Ran(outcome)));
        })
    };
    let on_run_click = run.reform(|_: MouseEvent| ());
    let on_stop = {
        let client = props.client.clone();
        Callback::from(move |_: MouseEvent| client.stop())
    };
    let on_reset = {
        let client = props.client.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let dispatcher = dispatcher.clone();
            client.reset(move |_| dispatcher.dispatch(Action::Notice("The interpreter was reset: every variable and import is gone.".into())));
        })
    };
    let on_clear = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Clear))
    };
    let on_input = {
        let code = code.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let text = area.value();
            save_code(&text);
            code.set(text);
        })
    };
    let on_keydown = {
        let run = run.clone();
        let code = code.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                run.emit(());
            } else if event.key() == "Tab" && !event.shift_key() && !event.ctrl_key() && !event.alt_key() {
                event.prevent_default();
                let area: HtmlTextAreaElement = event.target_unchecked_into();
                insert_at_cursor(&area, "    ");
                save_code(&area.value());
                code.set(area.value());
            }
        })
    };

    let running = state.status == Status::Running;
    let ready = matches!(state.status, Status::Ready | Status::Running);

    html! {
        <div class="playground">
            <header class="topbar">
                <h1 class="brand">{ "Glassbox" }</h1>
                <span class="tagline">{ "Python in your browser, ready to look inside" }</span>
                { status_badge(&state.status) }
            </header>
            <main class="panes">
                <section class="pane editor-pane" aria-label="Code">
                    <div class="toolbar" role="toolbar" aria-label="Run controls">
                        <button id="run" class="primary" onclick={on_run_click} disabled={!ready || running}
                            title="Run (Ctrl+Enter or ⌘+Enter)">{ "▶ Run" }</button>
                        <button id="stop" onclick={on_stop} disabled={!running} title="Stop the running program">{ "■ Stop" }</button>
                        <button id="reset" onclick={on_reset} disabled={!ready || running}
                            title="Forget every variable and import">{ "Reset interpreter" }</button>
                        <span class="hint">{ "Ctrl+Enter runs" }</span>
                    </div>
                    <textarea id="code" class="code" spellcheck="false" aria-label="Python code"
                        value={(*code).clone()} oninput={on_input} onkeydown={on_keydown} />
                </section>
                <section class="pane output-pane" aria-label="Output">
                    <div class="toolbar">
                        <span class="pane-title">{ "Output" }</span>
                        <button id="clear" class="quiet" onclick={on_clear}>{ "Clear" }</button>
                    </div>
                    <div id="output" class="output" aria-live="polite">
                        if state.entries.is_empty() {
                            <p class="placeholder">{ "Run your code to see what it prints." }</p>
                        }
                        { for state.entries.iter().map(view_entry) }
                    </div>
                </section>
            </main>
        </div>
    }
}

fn status_badge(status: &Status) -> Html {
    let (class, text) = match status {
        Status::Loading { loaded, total } => {
            let megabytes = loaded / 1_000_000.0;
            let text = match total {
                Some(total) if *total > 0.0 => {
                    format!("Loading Python… {:.0}% ({megabytes:.1} of {:.1} MB)", 100.0 * loaded / total, total / 1_000_000.0)
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

fn view_entry(entry: &Entry) -> Html {
    match entry {
        Entry::Notice(text) => html! { <div class="entry notice" role="alert">{ text }</div> },
        Entry::Ran { number, outcome } => {
            let nothing = outcome.stdout.is_empty() && outcome.stderr.is_empty() && outcome.error.is_none();
            html! {
                <div class="entry run">
                    <div class="run-header">{ format!("Run {number}") }<span class="elapsed">{ format!("{:.0} ms", outcome.elapsed_ms) }</span></div>
                    if !outcome.stdout.is_empty() { <pre class="stdout">{ &outcome.stdout }</pre> }
                    if !outcome.stderr.is_empty() { <pre class="stderr">{ &outcome.stderr }</pre> }
                    if let Some(error) = &outcome.error {
                        <div class="error" role="alert">
                            <div class="error-title">
                                <strong>{ &error.kind }</strong>{ ": " }{ &error.message }
                                if let Some(line) = error.line { <span class="error-line">{ format!(" (line {line})") }</span> }
                            </div>
                            if !error.traceback.is_empty() { <pre class="traceback">{ &error.traceback }</pre> }
                        </div>
                    }
                    if nothing { <p class="placeholder">{ "(no output)" }</p> }
                </div>
            }
        }
    }
}

fn insert_at_cursor(area: &HtmlTextAreaElement, text: &str) {
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    let end = area.selection_end().ok().flatten().unwrap_or(start);
    let _ = area.set_range_text_with_start_and_end_and_mode(text, start, end, "end");
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn load_code() -> Option<String> {
    local_storage()?.get_item(STORAGE_KEY).ok()?
}

fn save_code(code: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(STORAGE_KEY, code);
    }
}
