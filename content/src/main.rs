//! The `glassbox` command for educators and developers.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
usage: glassbox <command> [arguments]

commands:
  run FILE.py     run a Python file with the glassbox framework, in the same runtime as the browser
  help            show this message
";

fn main() -> ExitCode {
    match dispatch(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("glassbox: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(arguments: Vec<String>) -> Result<ExitCode> {
    match arguments.first().map(String::as_str) {
        Some("run") => match &arguments[1..] {
            [file] => run(PathBuf::from(file)),
            _ => bail!("`glassbox run` takes one file: glassbox run FILE.py"),
        },
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => bail!("unknown command `{other}`\n\n{USAGE}"),
        None => bail!("no command given\n\n{USAGE}"),
    }
}

fn run(path: PathBuf) -> Result<ExitCode> {
    let source = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let outcome = glassbox_content::run::run_source(&path, source);
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
