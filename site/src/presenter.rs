//! Presenter mode, for teaching on a stream: a text scale the presenter steps up and down, a
//! high-contrast theme, less chrome, the active pane outlined, answers and secrets hidden until
//! shown, an optional overlay of the keys pressed, a session timer, and the follower window.
//! Ctrl+Alt+P turns it on and off.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::follow;
use glassbox_site::state::{Action, KeyPress, Presenter};

use crate::context::Ctx;

pub const SHORTCUT: &str = "Ctrl+Alt+P";
const SCALES: [f64; 6] = [1.0, 1.25, 1.5, 1.75, 2.0, 2.5];

pub fn toggle(ctx: &Ctx) {
    let presenter = Presenter {
        on: !ctx.state.presenter.on,
        ..ctx.state.presenter.clone()
    };
    ctx.dispatch(Action::Presenter(presenter));
}

/// Ctrl+Alt+P anywhere toggles presenter mode.
pub fn install_shortcut(ctx: Ctx) {
    let holder = std::rc::Rc::new(std::cell::RefCell::new(ctx));
    let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
        if event.ctrl_key() && event.alt_key() && event.key().eq_ignore_ascii_case("p") {
            event.prevent_default();
            toggle(&holder.borrow());
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    }
    on_key.forget();
}

fn step_scale(scale: f64, up: bool) -> f64 {
    let index = SCALES
        .iter()
        .position(|step| (*step - scale).abs() < 0.01)
        .unwrap_or(2);
    if up {
        SCALES[(index + 1).min(SCALES.len() - 1)]
    } else {
        SCALES[index.saturating_sub(1)]
    }
}

#[function_component(PresenterBar)]
pub fn presenter_bar() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let presenter = ctx.state.presenter.clone();
    let now = use_state(js_sys::Date::now);
    // The timer ticks once a second while it runs.
    {
        let now = now.clone();
        use_effect_with(presenter.timer_end_ms.is_some(), move |running| {
            let handle = running.then(|| {
                let tick = Closure::<dyn Fn()>::new(move || now.set(js_sys::Date::now()));
                let window = web_sys::window().expect("window");
                let id = window
                    .set_interval_with_callback_and_timeout_and_arguments_0(
                        tick.as_ref().unchecked_ref(),
                        1000,
                    )
                    .ok();
                (id, tick)
            });
            move || {
                if let Some((Some(id), _tick)) = handle {
                    web_sys::window()
                        .expect("window")
                        .clear_interval_with_handle(id);
                }
            }
        });
    }
    if !presenter.on || ctx.state.follower {
        return html! {};
    }
    let update = |change: fn(&mut Presenter)| {
        let (ctx, presenter) = (ctx.clone(), presenter.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = presenter.clone();
            change(&mut next);
            ctx.dispatch(Action::Presenter(next));
        })
    };
    let smaller = {
        let (ctx, presenter) = (ctx.clone(), presenter.clone());
        Callback::from(move |_: MouseEvent| {
            ctx.dispatch(Action::Presenter(Presenter {
                scale: step_scale(presenter.scale, false),
                ..presenter.clone()
            }))
        })
    };
    let larger = {
        let (ctx, presenter) = (ctx.clone(), presenter.clone());
        Callback::from(move |_: MouseEvent| {
            ctx.dispatch(Action::Presenter(Presenter {
                scale: step_scale(presenter.scale, true),
                ..presenter.clone()
            }))
        })
    };
    let start_timer = {
        let (ctx, presenter) = (ctx.clone(), presenter.clone());
        Callback::from(move |_: MouseEvent| {
            let end = js_sys::Date::now() + f64::from(presenter.timer_minutes) * 60_000.0;
            ctx.dispatch(Action::Presenter(Presenter {
                timer_end_ms: Some(end),
                ..presenter.clone()
            }));
        })
    };
    let timer = presenter.timer_end_ms.map(|end| {
        let left = ((end - *now) / 1000.0).max(0.0).round() as i64;
        format!("{:02}:{:02}", left / 60, left % 60)
    });
    html! {
        <div class="presenter-bar" role="toolbar" aria-label="Presenter controls">
            <strong>{ "Presenting" }</strong>
            <button id="text-smaller" onclick={smaller} aria-label="Smaller text">{ "A−" }</button>
            <span id="text-scale">{ format!("{:.0}%", presenter.scale * 100.0) }</span>
            <button id="text-larger" onclick={larger} aria-label="Larger text">{ "A+" }</button>
            <label><input id="reveal-answers" type="checkbox" checked={presenter.reveal_answers} onclick={update(|p| p.reveal_answers = !p.reveal_answers)} />{ " Show hints and solutions" }</label>
            <label><input id="show-keys" type="checkbox" checked={presenter.show_keys} onclick={update(|p| p.show_keys = !p.show_keys)} />{ " Show keys pressed" }</label>
            <label><input id="show-notes" type="checkbox" checked={presenter.show_notes} onclick={update(|p| p.show_notes = !p.show_notes)} />{ " Show speaker notes" }</label>
            if let Some(timer) = timer {
                <span id="session-timer" class="timer" role="timer" aria-label="Time left in this block">{ timer }</span>
                <button class="quiet" onclick={update(|p| p.timer_end_ms = None)}>{ "Stop timer" }</button>
            } else {
                <button id="start-timer" onclick={start_timer}>{ format!("Start {}-minute timer", presenter.timer_minutes) }</button>
            }
            <button id="open-follower" onclick={Callback::from(|_: MouseEvent| follow::open_follower())}>{ "Open follower window" }</button>
            <span class="spacer"></span>
            <button id="exit-presenter" class="quiet" onclick={update(|p| p.on = false)}>{ format!("Exit ({SHORTCUT})") }</button>
        </div>
    }
}

/// The keys the presenter presses, shown briefly in a corner (combinations and special keys
/// only: plain typing is already visible in the editor).
#[function_component(KeyOverlay)]
pub fn key_overlay() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let enabled = ctx.state.presenter.on && ctx.state.presenter.show_keys && !ctx.state.follower;
    {
        let ctx = ctx.clone();
        use_effect_with(enabled, move |enabled| {
            let listener = enabled.then(|| {
                let dispatcher = ctx.state.dispatcher();
                let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
                    if let Some(label) = describe(&event) {
                        dispatcher.dispatch(Action::KeyPressed(KeyPress {
                            label,
                            at_ms: js_sys::Date::now(),
                        }));
                    }
                });
                let window = web_sys::window().expect("window");
                let _ = window
                    .add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
                on_key
            });
            move || {
                if let Some(on_key) = listener {
                    let _ = web_sys::window()
                        .expect("window")
                        .remove_event_listener_with_callback(
                            "keydown",
                            on_key.as_ref().unchecked_ref(),
                        );
                }
            }
        });
    }
    // The label goes after a moment: a re-render is forced by a timer (so it also goes with
    // reduced motion, where the fade-out animation is off).
    let tick = use_state(|| 0_u32);
    let last_key = ctx.state.presenter.last_key.clone();
    {
        let tick = tick.clone();
        use_effect_with(last_key.clone(), move |last_key| {
            if last_key.is_some() {
                let later = Closure::once_into_js(move || tick.set(*tick + 1));
                if let Some(window) = web_sys::window() {
                    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                        later.unchecked_ref(),
                        2600,
                    );
                }
            }
        });
    }
    let visible = ctx.state.presenter.show_keys && (ctx.state.presenter.on || ctx.state.follower);
    match last_key {
        // Keyed by time, so each key press restarts the fade-out animation.
        Some(KeyPress { label, at_ms }) if visible && js_sys::Date::now() - at_ms < 2500.0 => {
            html! { <div key={at_ms.to_string()} id="key-overlay" class="key-overlay" aria-hidden="true">{ label }</div> }
        }
        _ => html! {},
    }
}

fn describe(event: &KeyboardEvent) -> Option<String> {
    let key = event.key();
    let special = key.len() > 1 && !matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta");
    let modified = event.ctrl_key() || event.alt_key() || event.meta_key();
    if !(special || modified) || matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta") {
        return None;
    }
    let mut parts = Vec::new();
    if event.ctrl_key() {
        parts.push("Ctrl".to_owned())
    }
    if event.alt_key() {
        parts.push("Alt".to_owned())
    }
    if event.meta_key() {
        parts.push("⌘".to_owned())
    }
    if event.shift_key() {
        parts.push("Shift".to_owned())
    }
    parts.push(if key.len() == 1 {
        key.to_uppercase()
    } else {
        key
    });
    Some(parts.join("+"))
}
