//! Lessons: the model, the markdown parser and the validator behind the `glassbox` command.
//!
//! `course::load` reads a lessons folder into a [`model::Course`] and a list of
//! [`diagnostic::Diagnostic`]s; `prove` runs what a lesson claims (examples run, exercises are
//! solvable) in the same Python runtime the browser uses; [`checking`] says how an exercise and
//! its checks run, as steps any `Session` (native or in the browser) can take.

pub mod checking;
pub mod diagnostic;
pub mod document;
pub mod model;
pub mod suggest;
pub mod time_limits;

#[cfg(feature = "parse")]
pub mod course;
#[cfg(feature = "parse")]
pub mod front_matter;
#[cfg(feature = "parse")]
pub mod include;
#[cfg(feature = "parse")]
pub mod lesson;
#[cfg(feature = "parse")]
pub mod markdown;

#[cfg(feature = "run")]
pub mod failure;
#[cfg(feature = "run")]
pub mod prove;
#[cfg(feature = "run")]
pub mod run;
