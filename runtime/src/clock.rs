//! A monotonic clock in milliseconds: `Instant` natively, `performance.now()` in the browser
//! (std's clocks are not available on wasm32-unknown-unknown).

#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn monotonic_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn monotonic_ms() -> f64 {
    crate::platform::browser::performance_now()
}
