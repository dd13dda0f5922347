//! The follower window: a second window (for the streaming software to capture) that mirrors
//! the presenter's lesson, code, output and inspector live. Same machine, no server: the
//! presenter's window posts a snapshot of what is on screen over a `BroadcastChannel` after
//! every change, and the follower draws it. The follower runs no Python of its own.

use glassbox_content::model::SourceFile;
use glassbox_site::exchange::Exchange;
use glassbox_site::protocol::Outcome;
use glassbox_site::route::Route;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};
use yew::UseReducerDispatcher;

use crate::app::workspace_for;
use crate::state::{Action, CheckResult, Draft, Entry, Presenter, State, Tab};

const CHANNEL: &str = "glassbox-presenter";
const HELLO: &str = "hello";
/// The console and history are cut to their last entries: a snapshot is sent on every change.
const KEEP: usize = 30;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    route: String,
    files: Vec<SourceFile>,
    active: usize,
    checks: Option<Vec<(bool, String)>>,
    hints_shown: usize,
    console: Vec<(String, Option<Outcome>)>,
    exchanges: Vec<Exchange>,
    selected: Option<usize>,
    tab: String,
    draft: (String, String, String, String),
    presenter: Presenter,
    examples: Vec<(usize, Outcome)>,
    lesson_scroll: f64,
}

impl Snapshot {
    pub fn of(state: &State) -> Snapshot {
        let workspace = state.workspace.as_ref();
        let skip = state.exchanges.len().saturating_sub(KEEP);
        Snapshot {
            route: state.route.to_hash(),
            files: workspace
                .map(|workspace| workspace.files.clone())
                .unwrap_or_default(),
            active: workspace.map_or(0, |workspace| workspace.active),
            hints_shown: workspace.map_or(0, |workspace| workspace.hints_shown),
            checks: workspace
                .and_then(|workspace| workspace.checks.as_ref())
                .map(|checks| {
                    checks
                        .iter()
                        .map(|check| (check.passed, check.message.clone()))
                        .collect()
                }),
            console: state
                .console
                .iter()
                .rev()
                .take(KEEP)
                .rev()
                .map(|entry| match entry {
                    Entry::Ran { label, outcome } => (
                        label.clone(),
                        Some(crate::console::masked_outcome(outcome, &state.secrets())),
                    ),
                    Entry::Notice(text) => (text.clone(), None),
                })
                .collect(),
            // Masked here, in the presenter's window: a BroadcastChannel reaches every page of the site.
            exchanges: state
                .exchanges
                .iter()
                .skip(skip)
                .map(|exchange| exchange.masked(&exchange.secrets))
                .collect(),
            selected: state.selected.and_then(|index| index.checked_sub(skip)),
            tab: state.tab.id().to_owned(),
            draft: (
                state.draft.method.clone(),
                state.draft.target.clone(),
                state.draft.headers.clone(),
                state.draft.body.clone(),
            ),
            presenter: state.presenter.clone(),
            examples: state
                .examples
                .iter()
                .map(|(index, outcome)| (*index, outcome.clone()))
                .collect(),
            lesson_scroll: state.lesson_scroll,
        }
    }

    /// Makes the follower's state show what the presenter's shows.
    pub fn apply(self, state: &mut State) {
        let route = Route::parse(&self.route);
        if state.route != route || state.workspace.is_none() {
            state.route = route.clone();
            state.workspace = workspace_for(&route, None);
        }
        if let Some(workspace) = &mut state.workspace {
            workspace.saved = false; // a follower never writes the presenter's code to storage
            if workspace.files != self.files && !self.files.is_empty() {
                workspace.files = self.files;
                workspace.revision += 1;
            }
            workspace.active = self.active;
            workspace.hints_shown = self.hints_shown;
            workspace.checks = self.checks.map(|checks| {
                checks
                    .into_iter()
                    .map(|(passed, message)| CheckResult { passed, message })
                    .collect()
            });
        }
        state.console = self
            .console
            .into_iter()
            .map(|(label, outcome)| match outcome {
                Some(outcome) => Entry::Ran { label, outcome },
                None => Entry::Notice(label),
            })
            .collect();
        state.exchanges = self.exchanges.into_iter().map(std::rc::Rc::new).collect();
        state.selected = self.selected;
        state.tab = Tab::ALL
            .into_iter()
            .find(|tab| tab.id() == self.tab)
            .unwrap_or(Tab::Console);
        let (method, target, headers, body) = self.draft;
        state.draft = Draft {
            method,
            target,
            headers,
            body,
        };
        state.presenter = Presenter {
            timer_end_ms: self.presenter.timer_end_ms,
            ..self.presenter
        };
        state.examples = self.examples.into_iter().collect();
        state.lesson_scroll = self.lesson_scroll;
    }
}

thread_local! {
    static OUTBOX: std::cell::RefCell<Option<(BroadcastChannel, String)>> = const { std::cell::RefCell::new(None) };
}

/// Presenter side: sends the state if it changed since the last send.
pub fn publish(state: &State) {
    let json = serde_json::to_string(&Snapshot::of(state)).expect("snapshots serialise");
    OUTBOX.with(|outbox| {
        let mut outbox = outbox.borrow_mut();
        if outbox.is_none() {
            let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
                return;
            };
            // A follower that opens later says hello; it gets the current state at once.
            let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
                if event.data().as_string().as_deref() == Some(HELLO) {
                    OUTBOX.with(|outbox| {
                        if let Some((channel, last)) = outbox.borrow().as_ref() {
                            let _ = channel.post_message(&JsValue::from_str(last));
                        }
                    });
                }
            });
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            *outbox = Some((channel, String::new()));
        }
        if let Some((channel, last)) = outbox.as_mut()
            && *last != json
        {
            let _ = channel.post_message(&JsValue::from_str(&json));
            *last = json;
        }
    });
}

/// Follower side: applies every snapshot the presenter sends.
pub fn listen(dispatcher: UseReducerDispatcher<State>) {
    let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(snapshot) = event
            .data()
            .as_string()
            .and_then(|text| serde_json::from_str::<Snapshot>(&text).ok())
        {
            dispatcher.dispatch(Action::Mirror(Box::new(snapshot)));
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = channel.post_message(&JsValue::from_str(HELLO));
    std::mem::forget(channel); // listens for the life of the window
}

/// Whether this window was opened as a follower (`?follow` in its address).
pub fn is_follower() -> bool {
    web_sys::window()
        .and_then(|window| window.location().search().ok())
        .is_some_and(|search| search.contains("follow"))
}

/// Opens the follower window on the same page.
pub fn open_follower() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let url = format!(
        "{}?follow{}",
        location.pathname().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    let _ = window.open_with_url_and_target_and_features(
        &url,
        "glassbox-follower",
        "width=1280,height=760",
    );
}
