//! `window.glassbox`: a small scripting interface for end-to-end tests and benchmarks.
//!
//! - `glassbox.ready`: a promise that resolves when the interpreter can run code;
//! - `glassbox.run(code)`: a promise of `{stdout, stderr, error, elapsed_ms}`, run in the same
//!   worker (and the same Python globals) as the Run button;
//! - `glassbox.reset()`: a promise that resolves once the interpreter is brand new (each
//!   browser test suite starts from one, as each native suite does);
//! - `glassbox.setWatchdog(ms)`: change how long a run may take before it is stopped.

use glassbox_site::protocol::Outcome;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::worker_client::WorkerClient;

pub fn install(client: &WorkerClient) {
    let api = Object::new();

    let ready_client = client.clone();
    let ready = Promise::new(&mut |resolve, _reject| {
        ready_client.when_ready(move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
    });
    set(&api, "ready", &ready);

    let run_client = client.clone();
    let run = Closure::<dyn Fn(String) -> Promise>::new(move |code: String| {
        let client = run_client.clone();
        Promise::new(&mut |resolve, _reject| {
            client.run(code.clone(), move |outcome| {
                let _ = resolve.call1(&JsValue::UNDEFINED, &to_js(&outcome));
            });
        })
    });
    set(&api, "run", run.as_ref());
    run.forget();

    let reset_client = client.clone();
    let reset = Closure::<dyn Fn() -> Promise>::new(move || {
        let client = reset_client.clone();
        Promise::new(&mut |resolve, _reject| {
            client.reset(move |_| {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            });
        })
    });
    set(&api, "reset", reset.as_ref());
    reset.forget();

    let watchdog_client = client.clone();
    let set_watchdog = Closure::<dyn Fn(u32)>::new(move |milliseconds| {
        watchdog_client.set_watchdog_ms(milliseconds)
    });
    set(&api, "setWatchdog", set_watchdog.as_ref());
    set_watchdog.forget();

    let stop_client = client.clone();
    let stop = Closure::<dyn Fn()>::new(move || stop_client.stop());
    set(&api, "stop", stop.as_ref());
    stop.forget();

    let window = web_sys::window().expect("the page has a window");
    set(&window, "glassbox", &api);
}

fn set(target: &JsValue, name: &str, value: &JsValue) {
    Reflect::set(target, &JsValue::from_str(name), value)
        .expect("setting a property on a plain object");
}

fn to_js(outcome: &Outcome) -> JsValue {
    let json = serde_json::to_string(outcome).expect("outcomes serialise");
    js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL)
}
