//! The embedded Python that runs `glassbox`: one RustPython interpreter per [`Session`], with the
//! framework and a chosen part of the standard library frozen in, and a small platform layer so
//! that clocks, randomness and standard streams behave in a browser the way learners expect.
//!
//! The same API runs natively (tests, the `glassbox` CLI) and in wasm (the browser's worker).

mod clock;
mod frozen;
mod output;
mod platform;
mod session;
mod sqlite;
#[cfg(not(target_arch = "wasm32"))]
mod time_limit;

pub use frozen::framework_sources;
pub use output::{OutputListener, set_output_listener};
pub use session::{CallOutcome, PythonError, RunOutcome, STOPPED, Session};
