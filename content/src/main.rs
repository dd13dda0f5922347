//! The `glassbox` command for educators and developers.

mod cli;

use std::process::ExitCode;

use anyhow::{Result, bail};

const USAGE: &str = "\
usage: glassbox <command> [arguments]

commands:
  check [PATH] [--no-run]   validate lessons (default: lessons/) and prove them by running their
                            Python: examples run, starting code fails a check, solutions pass all
  new PART/LESSON           make a lesson from the template, e.g. glassbox new 01-http/03-cookies
                            (under lessons/, or --root DIR)
  json [PATH]               print the course as the JSON the site loads
  run FILE.py               run a Python file with the glassbox framework, in the same runtime as the browser
  help                      show this message
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
    let (flags, words): (Vec<&str>, Vec<&str>) =
        arguments.iter().map(String::as_str).partition(|word| word.starts_with("--"));
    let command = words.first().copied();
    let rest = words.get(1..).unwrap_or_default();
    let flag = |name: &str| flags.contains(&name);
    match command {
        Some("check") => {
            refuse_unknown(&flags, &["--no-run"])?;
            match rest {
                [] => cli::check::run("lessons".as_ref(), !flag("--no-run")),
                [path] => cli::check::run(path.as_ref(), !flag("--no-run")),
                _ => bail!("`glassbox check` takes one folder: glassbox check [PATH]"),
            }
        }
        Some("new") => {
            let root = flag_value(&arguments, "--root").unwrap_or("lessons");
            let rest: Vec<&str> = rest.iter().copied().filter(|word| *word != root).collect();
            match rest.as_slice() {
                [name] => cli::new::run(root.as_ref(), name),
                _ => bail!("`glassbox new` takes PART/LESSON, e.g. glassbox new 01-http/03-cookies"),
            }
        }
        Some("json") => {
            refuse_unknown(&flags, &[])?;
            match rest {
                [] => cli::json::run("lessons".as_ref()),
                [path] => cli::json::run(path.as_ref()),
                _ => bail!("`glassbox json` takes one folder: glassbox json [PATH]"),
            }
        }
        Some("run") => {
            refuse_unknown(&flags, &[])?;
            match rest {
                [file] => cli::run::run(file.as_ref()),
                _ => bail!("`glassbox run` takes one file: glassbox run FILE.py"),
            }
        }
        Some("help" | "-h") => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        None if flag("--help") => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => bail!("unknown command `{other}`\n\n{USAGE}"),
        None => bail!("no command given\n\n{USAGE}"),
    }
}

fn refuse_unknown(flags: &[&str], known: &[&str]) -> Result<()> {
    match flags.iter().find(|flag| !known.contains(flag)) {
        Some(unknown) => bail!("unknown option `{unknown}`\n\n{USAGE}"),
        None => Ok(()),
    }
}

/// The word after `--name`, for options that take a value.
fn flag_value<'a>(arguments: &'a [String], name: &str) -> Option<&'a str> {
    let at = arguments.iter().position(|word| word == name)?;
    arguments.get(at + 1).map(String::as_str)
}
