//! The few browser calls the platform layer needs, usable from a worker or a window.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn js_date_now() -> f64;

    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn js_performance_now() -> f64;

    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn js_get_random_values(buffer: &mut [u8]) -> Result<(), JsValue>;
}

pub(crate) fn date_now() -> f64 {
    js_date_now()
}

/// `performance.now()`: milliseconds since the worker started, monotonic.
pub(crate) fn performance_now() -> f64 {
    js_performance_now()
}

/// Fills `bytes` from `crypto.getRandomValues`, which takes at most 65,536 bytes per call.
pub(crate) fn fill_random(bytes: &mut [u8]) -> Result<(), String> {
    for chunk in bytes.chunks_mut(65_536) {
        js_get_random_values(chunk)
            .map_err(|error| format!("crypto.getRandomValues failed: {error:?}"))?;
    }
    Ok(())
}
