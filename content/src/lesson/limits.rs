//! Reads a block's `timeout=` (see [`crate::time_limits`]) before the rest of its info string is
//! parsed, and records whose limit it is.

use super::fence::{self, Fence};
use crate::diagnostic::{Diagnostic, Position};
use crate::time_limits::{self, TimeLimits};

/// Takes `timeout=` off `info` and records it in `limits`; returns the rest of the info string.
/// `above` is the exercise the nearest `python exercise` block above belongs to.
pub fn take(
    info: &str,
    position: Position,
    code_line: usize,
    above: Option<&str>,
    limits: &mut TimeLimits,
    problem: &mut dyn FnMut(Diagnostic),
    file: &std::path::Path,
) -> String {
    let (rest, given) = time_limits::split_off(info);
    let Some(given) = given else { return rest };
    let limit = match time_limits::parse(&given) {
        Ok(limit) => limit,
        Err(message) => {
            problem(Diagnostic::new(file, position, message).help(format!(
                "without it, the block may run for {} (the browser's limit)",
                time_limits::describe(time_limits::DEFAULT)
            )));
            return rest;
        }
    };
    let exercise = |named: Option<String>| named.or(above.map(str::to_owned));
    match fence::parse(&rest) {
        Ok(Fence::Run { .. } | Fence::Check { .. }) => limits.set_for_line(code_line, limit),
        Ok(Fence::Exercise { id, .. }) => {
            let id = id.unwrap_or_else(|| super::blocks::DEFAULT_ID.into());
            limits.set_for_exercise(&id, limit);
        }
        Ok(Fence::Solution { id, .. }) => {
            if let Some(id) = exercise(id) {
                limits.set_for_exercise(&id, limit);
            }
        }
        Ok(Fence::Wrong(other) | Fence::Alternative(other)) => {
            if let Some(id) = exercise(other.exercise) {
                limits.set_for_exercise(&id, limit);
            }
        }
        // The block's own problem is reported when the rest is parsed.
        Err(_) => {}
        Ok(_) => problem(
            Diagnostic::new(file, position, "only code that runs can have a `timeout=`").help(
                "give it to a `python run`, `python check`, `python exercise`, `python solution`, `python wrong` or `python solution alt` block",
            ),
        ),
    }
    rest
}

/// The exercise a `python exercise` info string opens, if it is one.
pub fn exercise_of(info: &str) -> Option<String> {
    match fence::parse(info) {
        Ok(Fence::Exercise { id, .. }) => {
            Some(id.unwrap_or_else(|| super::blocks::DEFAULT_ID.into()))
        }
        _ => None,
    }
}
