//! Proves that a lesson does what it claims, by running it natively: every `python run` example
//! runs (or raises what it says it raises), and every exercise is a real exercise: its starting
//! code fails at least one check and its solution passes them all.
//!
//! Everything here runs Python: call it on [`crate::run::on_interpreter_thread`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use glassbox_runtime::{PythonError, RunOutcome, Session};

use crate::checking::{self, Plan};
use crate::diagnostic::{Diagnostic, Position};
use crate::model::{Block, Exercise, HttpRequest, Lesson, SourceFile};

/// What running one lesson showed.
#[derive(Debug, Clone)]
pub struct Proof {
    pub lesson: String,
    pub examples_run: usize,
    pub examples: usize,
    pub exercises_proven: usize,
    pub exercises: usize,
    pub elapsed: Duration,
    pub problems: Vec<Diagnostic>,
}

/// Runs every example and proves every exercise of `lesson`, read from `file`.
pub fn prove(lesson: &Lesson, file: &Path) -> Proof {
    let started = Instant::now();
    let mut prover = Prover {
        file: file.to_path_buf(),
        problems: Vec::new(),
    };
    let mut examples = 0;
    let mut examples_run = 0;
    for block in &lesson.blocks {
        if let Block::Run { code, raises, line } = block {
            examples += 1;
            examples_run += usize::from(prover.example(code, raises.as_deref(), *line));
        }
    }
    let exercises_proven = lesson
        .exercises
        .iter()
        .filter(|exercise| {
            let requests = lesson.blocks.iter().filter_map(|block| match block {
                Block::Http {
                    exercise: Some(id),
                    request,
                    line,
                } if *id == exercise.id => Some((request, *line)),
                _ => None,
            });
            prover.exercise(exercise, requests.collect())
        })
        .count();
    Proof {
        lesson: lesson.id.clone(),
        examples_run,
        examples,
        exercises_proven,
        exercises: lesson.exercises.len(),
        elapsed: started.elapsed(),
        problems: prover.problems,
    }
}

struct Prover {
    file: PathBuf,
    problems: Vec<Diagnostic>,
}

/// How one check went.
enum Verdict {
    Passed,
    Failed(PythonError),
}

impl Prover {
    fn problem(&mut self, line: usize, message: String, help: impl Into<String>) {
        let position = Position { line, column: 1 };
        self.problems
            .push(Diagnostic::new(&self.file, position, message).help(help));
    }

    /// Runs one example in a fresh session; whether it behaved as the lesson says.
    fn example(&mut self, code: &str, raises: Option<&str>, code_line: usize) -> bool {
        let outcome = Session::new().run(code);
        let fence_line = code_line.saturating_sub(1);
        // The lesson's line for a line of the example, when the error came from the example.
        let lesson_line = |error: &PythonError| {
            error
                .line
                .map_or(fence_line, |line| code_line + line as usize - 1)
        };
        match (raises, outcome.error) {
            (None, None) => true,
            (None, Some(error)) => {
                let line = lesson_line(&error);
                self.problem(
                    line,
                    format!("this example raised {}: {}", error.kind, error.message),
                    format!("fix the example, or write `python run raises={}` if raising is the point\n{}", error.kind, indent(&error.traceback)),
                );
                false
            }
            (Some(expected), Some(error))
                if expected.rsplit('.').next() == Some(error.kind.as_str()) =>
            {
                true
            }
            (Some(expected), Some(error)) => {
                let line = lesson_line(&error);
                self.problem(
                    line,
                    format!(
                        "this example should raise {expected} but raised {}: {}",
                        error.kind, error.message
                    ),
                    indent(&error.traceback),
                );
                false
            }
            (Some(expected), None) => {
                self.problem(
                    fence_line,
                    format!("this example should raise {expected} but ran without an error"),
                    "make it raise, or remove `raises=`",
                );
                false
            }
        }
    }

    /// Proves one exercise: the start fails a check, the solution passes every one, and its app
    /// answers each of the lesson's `http` requests without a server error.
    fn exercise(&mut self, exercise: &Exercise, requests: Vec<(&HttpRequest, usize)>) -> bool {
        let before = self.problems.len();
        let id = &exercise.id;
        match self.run_checks(exercise, &exercise.files, "starting code") {
            Some((_, verdicts)) if verdicts.iter().all(|verdict| matches!(verdict, Verdict::Passed)) => self.problem(
                exercise.line,
                format!("the starting code of exercise `{id}` already passes every check"),
                "a check should fail until the learner has done the exercise: make the starting code incomplete or the checks stricter",
            ),
            _ => {}
        }
        if let Some((mut session, verdicts)) =
            self.run_checks(exercise, &exercise.solved_files(), "solution")
        {
            for (request, line) in requests {
                self.request(&mut session, request, line, id);
            }
            for (check, verdict) in exercise.checks.iter().zip(verdicts) {
                if let Verdict::Failed(error) = verdict {
                    self.problem(
                        check.line.saturating_sub(1),
                        format!("the solution of exercise `{id}` fails this check: {}: {}", error.kind, error.message),
                        format!("the solution must pass every check: fix whichever of the two is wrong\n{}", indent(&error.traceback)),
                    );
                }
            }
        }
        self.problems.len() == before
    }

    /// Sends a request to the solution's app: it must answer, and not with a server error.
    fn request(&mut self, session: &mut Session, request: &HttpRequest, line: usize, id: &str) {
        let step = checking::request_step(request);
        let outcome = session.run_file(&step.filename, &step.source);
        let status_line = outcome.stdout.lines().next().unwrap_or("").to_owned();
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        if let Some(error) = outcome.error {
            self.problem(
                line,
                format!(
                    "sending this request to the solution of exercise `{id}` raised {}: {}",
                    error.kind, error.message
                ),
                indent(&error.traceback),
            );
        } else if !(100..500).contains(&status) {
            self.problem(
                line,
                format!(
                    "the solution of exercise `{id}` answers this request with `{status_line}`"
                ),
                "a request the learner can send should get a real answer from the solution",
            );
        }
    }

    /// Loads `files` in a fresh session and runs each check; `None` when the code itself failed.
    fn run_checks(
        &mut self,
        exercise: &Exercise,
        files: &[SourceFile],
        which: &str,
    ) -> Option<(Session, Vec<Verdict>)> {
        let Plan {
            setup,
            entry,
            helpers,
            checks,
        } = checking::plan(exercise, files);
        let mut session = Session::new();
        for step in [&setup, &entry, &helpers] {
            let outcome: RunOutcome = session.run_file(&step.filename, &step.source);
            if let Some(error) = outcome.error {
                self.problem(
                    exercise.line,
                    format!("the {which} of exercise `{}` raised {}: {}", exercise.id, error.kind, error.message),
                    format!("the learner's files must run before the checks do; leave a gap to fill, not a crash\n{}", indent(&error.traceback)),
                );
                return None;
            }
        }
        let verdicts = checks
            .iter()
            .map(
                |step| match session.run_file(&step.filename, &step.source).error {
                    None => Verdict::Passed,
                    Some(error) => Verdict::Failed(error),
                },
            )
            .collect();
        Some((session, verdicts))
    }
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
