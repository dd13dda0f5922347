//! Helpers shared by the runtime's integration tests.

use glassbox_runtime::Session;

/// Runs `body` with a fresh session on a thread whose stack holds the full Python recursion
/// limit (test threads get only 2 MiB, far less than the browser worker's 16 MiB).
pub fn with_session<T: Send + 'static>(body: impl FnOnce(&mut Session) -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || body(&mut Session::new()))
        .expect("spawn interpreter thread")
        .join()
        .expect("interpreter thread panicked")
}
