//! Lessons: the model, the markdown parser and the validator behind the `glassbox` command.
//!
//! [`course::load`] reads a lessons folder into a [`model::Course`] and a list of
//! [`diagnostic::Diagnostic`]s; [`prove`] runs what a lesson claims (examples run, exercises are
//! solvable) in the same Python runtime the browser uses.

pub mod checking;
pub mod course;
pub mod diagnostic;
pub mod front_matter;
pub mod include;
pub mod lesson;
pub mod markdown;
pub mod model;
pub mod prove;
pub mod run;
