//! The `glassbox` command for educators and developers.

mod cli;

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

const USAGE: &str = "\
usage: glassbox <command> [arguments]

commands:
  check [PATH] [--no-run] [-v]
                            validate lessons (default: lessons/) and prove them by running their
                            Python: examples run, starting code fails a check, solutions and alt
                            solutions pass all, each wrong solution fails one. Each block may run
                            10 s (`timeout=30s` on a block gives it more). Warnings print but do
                            not fail. -v, --verbose: also print what a learner would see: each
                            example's output, what each check says to the starting code and to
                            each wrong solution, and which check caught each wrong solution
  new PART/LESSON [--root DIR]
                            make a lesson from the template, e.g. glassbox new 01-http/03-cookies;
                            the course is found like git finds its repository: this folder or the
                            nearest above it that holds a part (NN-name/ with a part.toml or a
                            lesson), or a lessons/ folder beside one that does; --root DIR names
                            it instead. A lesson or part number already taken is refused
  serve [COURSE_DIR] [--port N] [--site DIR]
                            preview a course (default: lessons/) in the built app at
                            http://127.0.0.1:3000/; the page reloads when a file changes and shows
                            the course's problems (build the app first: make dist)
  json [PATH]               print the course as the JSON the site loads
  run FILE.py               run a Python file with the glassbox framework, in the same runtime as the
                            browser; the file's folder is on the import path, as with python FILE.py
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

/// The command line split into its words and its `--options` (with the value of those that take one).
struct Arguments {
    words: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

/// Options that take a value, as in `--root DIR`.
const VALUED_OPTIONS: &[&str] = &["--root", "--port", "--site"];

impl Arguments {
    fn parse(raw: Vec<String>) -> Result<Self> {
        let mut arguments = Arguments {
            words: Vec::new(),
            options: Vec::new(),
        };
        let mut raw = raw.into_iter();
        while let Some(word) = raw.next() {
            if VALUED_OPTIONS.contains(&word.as_str()) {
                let Some(value) = raw.next() else {
                    bail!("`{word}` needs a value")
                };
                arguments.options.push((word, Some(value)));
            } else if word == "-v" {
                arguments.options.push(("--verbose".into(), None));
            } else if word.starts_with("--") {
                arguments.options.push((word, None));
            } else {
                arguments.words.push(word);
            }
        }
        Ok(arguments)
    }

    fn has(&self, name: &str) -> bool {
        self.options.iter().any(|(option, _)| option == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(option, _)| option == name)
            .and_then(|(_, value)| value.as_deref())
    }

    /// Refuses options the command does not know, rather than ignoring a typo.
    fn allow_only(&self, known: &[&str]) -> Result<()> {
        match self
            .options
            .iter()
            .find(|(option, _)| !known.contains(&option.as_str()) && option != "--help")
        {
            Some((unknown, _)) => bail!("unknown option `{unknown}`\n\n{USAGE}"),
            None => Ok(()),
        }
    }
}

fn dispatch(raw: Vec<String>) -> Result<ExitCode> {
    let arguments = Arguments::parse(raw)?;
    let words: Vec<&str> = arguments.words.iter().map(String::as_str).collect();
    if arguments.has("--help") || matches!(words.first(), Some(&("help" | "-h"))) {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let Some((&command, rest)) = words.split_first() else {
        bail!("no command given\n\n{USAGE}")
    };
    match command {
        "check" => {
            arguments.allow_only(&["--no-run", "--verbose"])?;
            let run_python = !arguments.has("--no-run");
            let verbose = arguments.has("--verbose");
            match rest {
                [] => cli::check::run("lessons".as_ref(), run_python, verbose),
                [path] => cli::check::run(path.as_ref(), run_python, verbose),
                _ => bail!("`glassbox check` takes one folder: glassbox check [PATH]"),
            }
        }
        "new" => {
            arguments.allow_only(&["--root"])?;
            let root = arguments.value("--root").map(Path::new);
            match rest {
                [name] => cli::new::run(root, name),
                _ => {
                    bail!("`glassbox new` takes PART/LESSON, e.g. glassbox new 01-http/03-cookies")
                }
            }
        }
        "serve" => {
            arguments.allow_only(&["--port", "--site"])?;
            let port = match arguments.value("--port") {
                None => 3000,
                Some(port) => port.parse().map_err(|_| {
                    anyhow::anyhow!("`--port {port}`: give a port number, e.g. --port 3000")
                })?,
            };
            let default_site = concat!(env!("CARGO_MANIFEST_DIR"), "/../dist");
            let site = arguments.value("--site").unwrap_or(default_site);
            match rest {
                [] => cli::serve::run("lessons".as_ref(), site.as_ref(), port),
                [path] => cli::serve::run(path.as_ref(), site.as_ref(), port),
                _ => bail!("`glassbox serve` takes one folder: glassbox serve [COURSE_DIR]"),
            }
        }
        // Internal: `glassbox check` proves each lesson in a child process of its own.
        "prove-lesson" => {
            arguments.allow_only(&["--examples-only"])?;
            match rest {
                [file, out] => cli::check::prove_lesson(
                    file.as_ref(),
                    out.as_ref(),
                    arguments.has("--examples-only"),
                ),
                _ => bail!("`glassbox prove-lesson` takes LESSON.md OUT.json"),
            }
        }
        "json" => {
            arguments.allow_only(&[])?;
            match rest {
                [] => cli::json::run("lessons".as_ref()),
                [path] => cli::json::run(path.as_ref()),
                _ => bail!("`glassbox json` takes one folder: glassbox json [PATH]"),
            }
        }
        "run" => {
            arguments.allow_only(&[])?;
            match rest {
                [file] => cli::run::run(file.as_ref()),
                _ => bail!("`glassbox run` takes one file: glassbox run FILE.py"),
            }
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}
