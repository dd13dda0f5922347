//! What a failed check (or a run that did not finish) means for the author, in `glassbox check`.
//!
//! A check must fail the way the learner can read: an `assert`, or `check()` with a message
//! (`CheckFailed`), or an error from the learner's own code. Any other exception raised by the
//! check itself (an `IndexError` on an empty list, a `NameError` for a name the starting code
//! does not define) is a crash: the learner would see a raw error, so it is the author's to fix.

use std::time::Duration;

use glassbox_runtime::{PythonError, Session};

use crate::checking::GLASSBOX_LESSON;
use crate::time_limits;

/// How a check (or a run) went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// An assertion or `CheckFailed`, or an error in the learner's files: what checks are for.
    OnPurpose,
    /// The check itself raised something else: an author error.
    Crashed,
    /// It ran past its time limit and was stopped.
    TimedOut,
}

/// Classifies `error`, raised by a check run against `learner_files` (their file names).
pub fn classify(error: &PythonError, learner_files: &[&str]) -> Failure {
    if error.is_timeout() {
        return Failure::TimedOut;
    }
    if matches!(error.kind.as_str(), "AssertionError" | "CheckFailed") {
        return Failure::OnPurpose;
    }
    let through_learner_code =
        traceback_files(&error.traceback).any(|file| learner_files.contains(&file));
    if through_learner_code {
        Failure::OnPurpose
    } else {
        Failure::Crashed
    }
}

/// The file of each frame of a formatted traceback, outermost first.
fn traceback_files(traceback: &str) -> impl Iterator<Item = &str> {
    traceback.lines().filter_map(|line| {
        line.trim_start()
            .strip_prefix("File \"")
            .and_then(|rest| rest.split_once('"'))
            .map(|(file, _)| file)
    })
}

/// "raised ZeroDivisionError: division by zero", or, for a run stopped at its time limit,
/// "ran longer than its time limit (10 s) and was stopped".
pub fn what_happened(error: &PythonError, limit: Duration) -> String {
    if error.is_timeout() {
        format!(
            "ran longer than its time limit ({}) and was stopped",
            time_limits::describe(limit)
        )
    } else {
        format!("raised {}: {}", error.kind, error.message)
    }
}

/// The help for a run stopped at its time limit: where it was, and how to give it more time.
pub fn timeout_help(error: &PythonError, where_it_was: Option<usize>) -> String {
    let at = where_it_was.map_or(String::new(), |line| format!(" (it was at line {line})"));
    format!(
        "look for a loop that never ends{at}; if the code is only slow, give its block more time, e.g. `{}=30s`\n{}",
        time_limits::ATTRIBUTE,
        indent(&error.traceback)
    )
}

/// Asks the lesson support for the tracebacks of server errors since the last call, said for
/// the author: what was behind a "500" (empty when there were none).
pub fn server_errors(session: &mut Session) -> String {
    let taken = session.call(GLASSBOX_LESSON, "take_server_errors", &[]);
    let tracebacks: Vec<&str> = taken
        .value
        .as_array()
        .map(|list| list.iter().filter_map(|text| text.as_str()).collect())
        .unwrap_or_default();
    tracebacks
        .into_iter()
        .map(|traceback| {
            format!(
                "\nwhile this ran, the app answered 500 because a view (or middleware) raised:\n{}",
                traceback.trim_end()
            )
        })
        .collect()
}

/// Adds [`server_errors`] to `error`'s traceback.
pub fn add_server_errors(session: &mut Session, error: &mut PythonError) {
    let behind = server_errors(session);
    if !behind.is_empty() {
        error.traceback = format!("{}{behind}", error.traceback.trim_end());
    }
}

/// Forgets the server errors so far (after a check that passed).
pub fn forget_server_errors(session: &mut Session) {
    session.call(GLASSBOX_LESSON, "take_server_errors", &[]);
}

pub fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: &str, traceback: &str) -> PythonError {
        PythonError {
            kind: kind.into(),
            message: "m".into(),
            traceback: traceback.into(),
            line: None,
        }
    }

    #[test]
    fn a_check_that_raises_by_itself_crashed_and_one_through_the_learners_code_did_not() {
        let own = "Traceback (most recent call last):\n  File \"checks.py\", line 2, in <module>\nIndexError: m\n";
        let through = "Traceback (most recent call last):\n  File \"checks.py\", line 2, in <module>\n  File \"views.py\", line 4, in home\nTypeError: m\n";
        assert_eq!(
            classify(&error("IndexError", own), &["views.py"]),
            Failure::Crashed
        );
        assert_eq!(
            classify(&error("TypeError", through), &["views.py"]),
            Failure::OnPurpose
        );
        assert_eq!(
            classify(&error("CheckFailed", own), &[]),
            Failure::OnPurpose
        );
        assert_eq!(
            classify(&error("AssertionError", own), &[]),
            Failure::OnPurpose
        );
    }
}
