//! `glassbox run FILE.py`: run a script with the framework, natively.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

pub fn run(path: &Path) -> Result<ExitCode> {
    let source =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let outcome = glassbox_content::run::run_source(path, source);
    print!("{}", outcome.stdout);
    std::io::stdout().flush().ok();
    eprint!("{}", outcome.stderr);
    match outcome.error {
        None => Ok(ExitCode::SUCCESS),
        Some(error) => {
            eprint!("{}", error.traceback);
            Ok(ExitCode::FAILURE)
        }
    }
}
