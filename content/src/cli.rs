//! One module per `glassbox` command.

pub mod check;
pub mod json;
pub mod new;
pub mod run;
pub mod serve;
