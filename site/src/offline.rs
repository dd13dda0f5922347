//! Registers the service worker (`sw.js`, written into dist/ by `site/js/make-sw.mjs`) that
//! keeps a versioned copy of the whole site, so it works offline once loaded. A new deploy
//! installs beside the old one and takes over when every tab of the old one has closed.

/// `glassbox serve` marks its pages with `window.glassboxPreview`: a preview changes with every
/// save, so it must never be served from an offline copy.
pub fn is_preview() -> bool {
    web_sys::window().is_some_and(|window| {
        js_sys::Reflect::get(&window, &"glassboxPreview".into())
            .is_ok_and(|value| !value.is_undefined())
    })
}

pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    // A relative URL: the worker's scope is the folder the site is served from.
    let promise = container.register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(promise).await {
            web_sys::console::warn_2(
                &"glassbox: no offline copy (service worker not registered)".into(),
                &error,
            );
        }
    });
}
