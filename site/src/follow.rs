//! The follower window: a second window (for the streaming software to capture) that mirrors
//! the presenter's lesson, code, output and inspector live. Same machine, no server: the
//! presenter's window posts a snapshot of what is on screen over a `BroadcastChannel` after
//! every change, and the follower draws it. The follower runs no Python of its own. The
//! snapshot itself, and how it is applied, is `glassbox_site::state::follower`.

use glassbox_site::state::{Action, Snapshot, State};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};
use yew::UseReducerDispatcher;

use crate::workspaces::workspace_for;

const CHANNEL: &str = "glassbox-presenter";
const HELLO: &str = "hello";

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
            // What the presenter's page opens here, should the follower not be on it yet.
            let workspace = workspace_for(&snapshot.route(), None).map(Box::new);
            dispatcher.dispatch(Action::ApplyFollowerSnapshot {
                snapshot: Box::new(snapshot),
                workspace,
            });
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
