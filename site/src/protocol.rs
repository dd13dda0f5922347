//! The messages between the page and the interpreter worker, sent as JSON strings through
//! `postMessage`. Each request carries an id; the worker answers with the same id.
//!
//! Besides running files, the page asks the learner's running app things through ONE typed
//! boundary: a [`SupportCall`], which the worker hands as JSON to the `dispatch` function of the
//! Python module [`SUPPORT_MODULE`] (`content/python/interpreter_contract/glassbox_lesson.py`),
//! and whose JSON reply the page reads into the reply type the call names. No Python source
//! is written in Rust, and no reply is read from what a program printed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use glassbox_content::checking::Step;

use crate::request::RequestDraft;

/// The Python module behind [`SupportCall`]s, as the exercise's setup step installs it
/// (`glassbox_content::checking::plan`): file `glassbox_lesson.py`, module `glassbox_lesson`.
pub const SUPPORT_MODULE: &str = "glassbox_lesson";
/// Its one entry point: takes a [`SupportCall`] (as JSON) and returns the call's reply.
pub const SUPPORT_DISPATCH: &str = "dispatch";

/// A question for the learner's running app, answered by `glassbox_lesson.dispatch`. Each
/// variant says the type its reply reads into.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum SupportCall {
    /// Send the request builder's request to the learner's `app`.
    /// Reply: [`Exchange`](crate::exchange::Exchange).
    Inspect { draft: RequestDraft },
    /// Work one of the lab's controls, then read the lab. Reply: [`LabReading`].
    Lab { control: LabControl },
    /// `EXPLAIN QUERY PLAN` for one statement of the SQL panel. Reply: [`QueryPlan`].
    Explain {
        sql: String,
        /// The parameters as the trace recorded them.
        params: serde_json::Value,
    },
    /// Every row of every table of the app's database, for a share link. Reply: [`DatabaseRows`].
    DumpRows,
    /// Replace the rows of the app's tables with a share link's. Reply: [`LoadedRows`].
    LoadRows { rows: DatabaseRows },
    /// Read the next `pieces` pieces (`None`: to the end) of a stream an `Inspect` left open,
    /// or hang up (`close`). Reply: [`StreamReading`](crate::exchange::StreamReading).
    ReadStream {
        stream: u32,
        pieces: Option<u32>,
        close: bool,
    },
    /// The SQL the program sent while it ran (outside any request). Reply: [`RunQueries`].
    Queries,
}

/// The lab's controls.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "control", rename_all = "snake_case")]
pub enum LabControl {
    /// Only read the clock, the latency and the cache entries.
    Read,
    /// Move the app's clock forward.
    Advance {
        seconds: f64,
    },
    Freeze,
    RealTime,
    /// Add a delay to every SQL query.
    Latency {
        milliseconds: f64,
    },
    /// Add a delay to every request on its way over the network (on the app's virtual clock).
    NetworkLatency {
        milliseconds: f64,
    },
    ClearCache,
}

impl LabControl {
    /// A short name, for the console when a control fails.
    pub fn name(self) -> &'static str {
        match self {
            LabControl::Read => "state",
            LabControl::Advance { .. } => "advance",
            LabControl::Freeze => "freeze",
            LabControl::RealTime => "real_time",
            LabControl::Latency { .. } => "latency",
            LabControl::NetworkLatency { .. } => "network_latency",
            LabControl::ClearCache => "clear_cache",
        }
    }
}

/// The reply to [`SupportCall::Lab`]: the app's clock, its database's and its network's added
/// latency, every entry of its in-memory caches, and the names of its servers. Keys the reply
/// leaves out read as their defaults (an older support module, a program without servers).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LabReading {
    pub clock: ClockReading,
    pub latency_ms: f64,
    /// The per-request network delay, in milliseconds.
    pub network_latency_ms: f64,
    pub cache_entries: Vec<CacheEntry>,
    /// The program's `servers`, in display order (the first is the default when it defines no
    /// `app`); empty when it has one app.
    pub servers: Vec<String>,
}

/// `glassbox.clock.state()`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClockReading {
    /// The app's time, in seconds since the epoch.
    pub time: f64,
    pub iso: String,
    pub frozen: bool,
    /// How far ahead of real time the clock runs.
    pub offset_seconds: f64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CacheEntry {
    /// The cache's alias.
    #[serde(default)]
    pub cache: String,
    /// The key as stored.
    pub key: String,
    /// Seconds left on the app's clock; `None` for an entry that never expires.
    pub time_left: Option<f64>,
    /// The server whose cache holds it, when the program has several.
    #[serde(default)]
    pub server: Option<String>,
}

/// The reply to [`SupportCall::Explain`]: the plan's lines.
pub type QueryPlan = Vec<String>;

/// The reply to [`SupportCall::DumpRows`] (and a share link's rows): table name -> its rows.
pub type DatabaseRows = BTreeMap<String, TableRows>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// One statement of `connection.queries`, as [`SupportCall::Queries`] answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunQuery {
    pub sql: String,
    pub params: serde_json::Value,
    pub duration_ms: f64,
}

/// The reply to [`SupportCall::Queries`]: the statements in the order they ran.
pub type RunQueries = Vec<RunQuery>;

/// The reply to [`SupportCall::LoadRows`]: how many rows went into which table.
pub type LoadedRows = BTreeMap<String, usize>;

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
    /// Run the `prelude` steps (stopping at the first that fails), then make the call.
    Call {
        id: u32,
        fresh: bool,
        prelude: Vec<Step>,
        call: SupportCall,
    },
    /// The framework's source files (from the runtime; no Python runs).
    FrameworkSources { id: u32 },
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
    /// Output of the request `id` while it is still running (`stream`: "stdout" or "stderr"),
    /// so that what a program printed before it hung is not lost when it is stopped. The final
    /// answer carries all of it again.
    Output {
        id: u32,
        stream: String,
        text: String,
    },
    /// The result of a `Run`.
    Ran { id: u32, outcome: Outcome },
    /// A `Reset` finished.
    WasReset { id: u32 },
    /// The results of `Steps`, one per step that ran.
    RanSteps { id: u32, outcomes: Vec<Outcome> },
    /// The results of `Call`: one outcome per prelude step that ran, then the call's own, with
    /// its reply (`None` if the call did not run or raised).
    Called {
        id: u32,
        outcomes: Vec<Outcome>,
        reply: Option<serde_json::Value>,
    },
    /// `(path, source)` of every file of the framework, by path.
    FrameworkSources {
        id: u32,
        sources: BTreeMap<String, String>,
    },
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
    fn support_calls_are_tagged_json_objects() {
        let call = SupportCall::Lab {
            control: LabControl::Advance { seconds: 60.0 },
        };
        assert_eq!(
            serde_json::to_string(&call).unwrap(),
            r#"{"call":"lab","control":{"control":"advance","seconds":60.0}}"#
        );
        let call = SupportCall::Inspect {
            draft: RequestDraft::get_root(),
        };
        assert_eq!(
            serde_json::to_value(&call).unwrap(),
            serde_json::json!({"call": "inspect", "draft": {"method": "GET", "target": "/", "headers": "", "body": ""}})
        );
        assert_eq!(
            serde_json::to_string(&LabControl::NetworkLatency {
                milliseconds: 150.0
            })
            .unwrap(),
            r#"{"control":"network_latency","milliseconds":150.0}"#
        );
        assert_eq!(
            serde_json::to_string(&SupportCall::DumpRows).unwrap(),
            r#"{"call":"dump_rows"}"#
        );
    }

    #[test]
    fn a_lab_reading_reads_what_the_python_side_sends() {
        let reply = serde_json::json!({
            "clock": {"time": 1.5e9, "iso": "2026-01-01T00:05:00+00:00", "frozen": false, "offset_seconds": 300},
            "latency_ms": 0,
            "cache_entries": [{"cache": "default", "key": "report", "time_left": 42.0}, {"cache": "default", "key": "forever", "time_left": null}],
        });
        let reading: LabReading = serde_json::from_value(reply).unwrap();
        assert_eq!(reading.clock.offset_seconds, 300.0);
        assert_eq!(reading.cache_entries[0].time_left, Some(42.0));
        assert_eq!(reading.cache_entries[1].time_left, None);
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
