//! Lessons: the model, the markdown parser and the validator behind the `glassbox` command.
//! (The lesson format arrives with its own issue; today the crate holds the command's runner.)

pub mod run;
