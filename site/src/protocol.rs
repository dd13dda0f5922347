//! The messages between the page and the interpreter worker, sent as JSON strings through
//! `postMessage`. Each request carries an id; the worker answers with the same id.

use serde::{Deserialize, Serialize};

pub use glassbox_content::checking::Step;

/// From the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToWorker {
    /// Run learner code in the persistent interpreter.
    Run { id: u32, code: String },
    /// Throw away every variable and module: a fresh interpreter.
    Reset { id: u32 },
    /// Run files in order (an exercise's setup, its entry file, its checks, a request).
    /// With `fresh`, in a brand-new interpreter. If one of the first `must_succeed` steps
    /// fails, the rest are skipped: the checks of a program that did not even start would
    /// only repeat its error.
    Steps {
        id: u32,
        fresh: bool,
        steps: Vec<Step>,
        must_succeed: usize,
    },
}

/// From the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker's JavaScript loader reports download progress of the interpreter's wasm.
    /// (Sent by `site/js/worker-loader.js`, before any Rust runs in the worker.)
    Progress { loaded: f64, total: Option<f64> },
    /// The interpreter has started and can run code.
    Ready { startup_ms: f64 },
    /// The worker could not start (the wasm failed to download or instantiate).
    Failed { message: String },
    /// The interpreter panicked: this worker is unusable and must be replaced.
    Crashed { message: String },
    /// The result of a `Run`.
    Ran { id: u32, outcome: Outcome },
    /// A `Reset` finished.
    WasReset { id: u32 },
    /// The results of `Steps`, one per step that ran.
    RanSteps { id: u32, outcomes: Vec<Outcome> },
}

/// What a run produced: the same shape `window.glassbox.run()` resolves to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub error: Option<ErrorInfo>,
    pub elapsed_ms: f64,
}

/// A Python exception, or a failure of the worker itself (`kind` says which).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorInfo {
    pub kind: String,
    pub message: String,
    pub traceback: String,
    pub line: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_through_json() {
        let message = ToWorker::Run {
            id: 7,
            code: "print(1)".into(),
        };
        let json = serde_json::to_string(&message).unwrap();
        assert_eq!(json, r#"{"type":"run","id":7,"code":"print(1)"}"#);
        assert_eq!(serde_json::from_str::<ToWorker>(&json).unwrap(), message);
    }

    #[test]
    fn the_loaders_progress_message_parses() {
        // The shape worker-loader.js posts; keep the two in step.
        let parsed: FromWorker =
            serde_json::from_str(r#"{"type":"progress","loaded":10,"total":null}"#).unwrap();
        assert_eq!(
            parsed,
            FromWorker::Progress {
                loaded: 10.0,
                total: None
            }
        );
    }
}
