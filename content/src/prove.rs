//! Proves that a lesson does what it claims, by running it natively: every `python run` example
//! runs (or raises what it says it raises), and every exercise is a real exercise: its starting
//! code fails at least one check and its solution passes them all; each `python solution alt`
//! passes them all too, and each `python wrong` solution loads and fails at least one (the
//! proof says which check caught it).
//!
//! Everything here runs Python: call it on [`crate::run::on_interpreter_thread`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use glassbox_runtime::{PythonError, RunOutcome, Session};

use crate::checking::{self, Plan};
use crate::diagnostic::{Diagnostic, Position};
use crate::failure::{self, Failure};
use crate::model::{
    Block, Exercise, HttpRequest, Lesson, OtherKind, OtherSolution, Prediction, SourceFile,
};
use crate::time_limits::TimeLimits;

/// What running one lesson showed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Proof {
    pub lesson: String,
    pub examples_run: usize,
    pub examples: usize,
    pub exercises_proven: usize,
    pub exercises: usize,
    pub elapsed: Duration,
    pub problems: Vec<Diagnostic>,
    /// What each wrong and alternative solution did, in page order, for `glassbox check -v`.
    pub others: Vec<OtherReport>,
    /// What a learner would see, for `glassbox check -v`: each example's output, and what each
    /// check says to the starting code and to each wrong solution.
    pub transcript: Vec<String>,
}

/// How one wrong or alternative solution fared against the checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OtherReport {
    pub exercise: String,
    pub kind: OtherKind,
    pub id: String,
    pub outcome: OtherOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OtherOutcome {
    /// A wrong solution failed this check, the first to fail (1-based, in page order).
    CaughtBy {
        check: usize,
        /// The line of the check's block in `lesson.md`.
        line: usize,
        /// What the learner would read.
        message: String,
    },
    /// An alternative solution passed all these checks.
    PassedAll(usize),
    /// Reported as a problem: the wrong solution passed, or the alternative failed, or it did
    /// not load.
    Failed,
}

impl fmt::Display for OtherReport {
    /// `wrong post-only: caught by check 2 (line 88): "PUT /hello/ should answer 405, not 200"`
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            OtherKind::Wrong => "wrong",
            OtherKind::Alternative => "alt",
        };
        write!(formatter, "{kind} {}: ", self.id)?;
        match &self.outcome {
            OtherOutcome::CaughtBy {
                check,
                line,
                message,
            } => write!(
                formatter,
                "caught by check {check} (line {line}): {message}"
            ),
            OtherOutcome::PassedAll(checks) => write!(formatter, "passes all {checks} check(s)"),
            OtherOutcome::Failed => write!(formatter, "FAILED (see the error above)"),
        }
    }
}

/// Runs every example and proves every exercise of `lesson`, read from `file`.
pub fn prove(lesson: &Lesson, file: &Path) -> Proof {
    let started = Instant::now();
    let mut prover = Prover {
        file: file.to_path_buf(),
        problems: Vec::new(),
        limits: lesson.time_limits.clone(),
        transcript: Vec::new(),
        exercise_starts_at: 0,
    };
    let mut examples = 0;
    let mut examples_run = 0;
    // What each example printed, by block index, for the predictions about it.
    let mut printed = std::collections::BTreeMap::new();
    for (index, block) in lesson.blocks.iter().enumerate() {
        if let Block::Run {
            code,
            raises,
            line,
            output,
        } = block
        {
            examples += 1;
            let (ran, stdout) = prover.example(
                &lesson.setup,
                code,
                raises.as_deref(),
                *line,
                output.as_deref(),
            );
            examples_run += usize::from(ran);
            printed.insert(index, stdout);
        }
    }
    for block in &lesson.blocks {
        if let Block::Predict(prediction) = block
            && let Some(stdout) = printed.get(&prediction.example)
        {
            prover.prediction(prediction, stdout);
        }
    }
    let mut others = Vec::new();
    let exercises_proven = lesson
        .exercises
        .iter()
        .filter(|exercise| {
            let before = prover.problems.len();
            // The starting code's entry goes before its wrong solutions', though it runs after.
            prover.exercise_starts_at = prover.transcript.len();
            for other in &lesson.other_solutions {
                if other.exercise == exercise.id {
                    others.push(prover.other_solution(exercise, other));
                }
            }
            let requests = lesson.blocks.iter().filter_map(|block| match block {
                Block::Http {
                    exercise: Some(id),
                    request,
                    line,
                } if *id == exercise.id => Some((request, *line)),
                _ => None,
            });
            prover.exercise(exercise, requests.collect()) && prover.problems.len() == before
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
        others,
        transcript: prover.transcript,
    }
}

struct Prover {
    file: PathBuf,
    problems: Vec<Diagnostic>,
    limits: TimeLimits,
    transcript: Vec<String>,
    /// Where the exercise being proven starts in `transcript`.
    exercise_starts_at: usize,
}

/// How one check went.
enum Verdict {
    Passed,
    Failed(PythonError),
}

impl Prover {
    fn problem(&mut self, line: usize, message: String, help: impl Into<String>) {
        self.problem_at(Position { line, column: 1 }, message, help);
    }

    fn problem_at(&mut self, position: Position, message: String, help: impl Into<String>) {
        self.problems
            .push(Diagnostic::new(&self.file, position, message).help(help));
    }

    /// Proves a prediction's answer is what its example printed last (the line, or its last word).
    fn prediction(&mut self, prediction: &Prediction, stdout: &str) {
        let last = checking::last_line(stdout);
        if !checking::proves_answer(stdout, &prediction.answer) {
            let printed = if last.is_empty() {
                "nothing".to_owned()
            } else {
                format!("`{last}`")
            };
            self.problem(
                prediction.line,
                format!("this prediction's answer is `{}`, but the example below printed {printed} last", prediction.answer),
                "the answer is the last line the example prints: fix the answer, or make the example print what it measures last",
            );
        }
    }

    /// Runs one example in a fresh session, with the lesson's setup files; whether it behaved
    /// as the lesson says (and printed its `output` block), and what it printed.
    fn example(
        &mut self,
        setup: &[SourceFile],
        code: &str,
        raises: Option<&str>,
        code_line: usize,
        output: Option<&str>,
    ) -> (bool, String) {
        let mut session = Session::new();
        session.set_time_limit(Some(self.limits.for_line(code_line)));
        let steps = checking::example_steps(setup, code);
        let (last, before) = steps.split_last().expect("an example is at least one step");
        let failed_setup = before
            .iter()
            .map(|step| run_step(&mut session, step))
            .find(|outcome| outcome.error.is_some());
        let outcome = failed_setup.unwrap_or_else(|| run_step(&mut session, last));
        let stdout = outcome.stdout.clone();
        self.transcript.push(format!(
            "example (line {}) printed:\n{}",
            code_line.saturating_sub(1),
            printed(&stdout)
        ));
        let ran = self.example_outcome(outcome, raises, code_line);
        if let Some(expected) = output
            && !checking::output_matches(expected, &stdout)
        {
            let line = code_line.saturating_sub(1);
            self.problem(
                line,
                "this example's output is not what its output block says".into(),
                format!(
                    "make the output block what the example prints (or fix the example)\n  the output block says:\n{}\n  the example printed:\n{}",
                    indent(&checking::normalise_output(expected)),
                    indent(&checking::normalise_output(&stdout))
                ),
            );
            return (false, stdout);
        }
        (ran, stdout)
    }

    /// Whether an example's outcome is what the lesson says: no error, or the one `raises=` names.
    fn example_outcome(
        &mut self,
        outcome: RunOutcome,
        raises: Option<&str>,
        code_line: usize,
    ) -> bool {
        let fence_line = code_line.saturating_sub(1);
        // The lesson's line for a line of the example, when the error came from the example.
        let lesson_line = |error: &PythonError| {
            error
                .line
                .map_or(fence_line, |line| code_line + line as usize - 1)
        };
        match (raises, outcome.error) {
            (_, Some(error)) if error.is_timeout() => {
                let limit = self.limits.for_line(code_line);
                self.problem(
                    fence_line,
                    format!("this example {}", failure::what_happened(&error, limit)),
                    failure::timeout_help(&error, Some(lesson_line(&error))),
                );
                false
            }
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
                    format!(
                        "{}\n{}",
                        raised_other_help(expected, &error.kind),
                        indent(&error.traceback)
                    ),
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
        let start = self.run_checks(exercise, &exercise.files, "starting code");
        if let Some((_, verdicts)) = &start {
            self.note_verdicts(exercise, verdicts, "the starting code");
            let noted = self.transcript.pop().expect("just noted");
            self.transcript.insert(self.exercise_starts_at, noted);
            self.report_crashes(exercise, verdicts, "on the starting code");
        }
        match start {
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
                    let failed = if error.is_timeout() {
                        failure::what_happened(&error, self.limits.for_line(check.line))
                    } else {
                        format!("{}: {}", error.kind, error.message)
                    };
                    self.problem(
                        check.line.saturating_sub(1),
                        format!("the solution of exercise `{id}` fails this check: {failed}"),
                        format!("the solution must pass every check: fix whichever of the two is wrong\n{}", indent(&error.traceback)),
                    );
                }
            }
        }
        self.problems.len() == before
    }

    /// Sends a request to the solution's app: it must answer, and not with a server error.
    fn request(&mut self, session: &mut Session, request: &HttpRequest, line: usize, id: &str) {
        failure::server_errors(session);
        let outcome = run_step(session, &checking::request_step(request));
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
                format!(
                    "a request the learner can send should get a real answer from the solution\n{}",
                    indent(failure::server_errors(session).trim_start())
                ),
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
        match load_and_check(exercise, files, &self.limits) {
            Ok(checked) => Some(checked),
            Err(error) => {
                let limit = self.limits.for_exercise(&exercise.id);
                self.problem(
                    exercise.line,
                    format!("the {which} of exercise `{}` {}", exercise.id, failure::what_happened(&error, limit)),
                    format!("the learner's files must run before the checks do; leave a gap to fill, not a crash\n{}", indent(&error.traceback)),
                );
                None
            }
        }
    }

    /// Reports each check that crashed (or ran out of time) instead of failing for the learner;
    /// how many did.
    fn report_crashes(&mut self, exercise: &Exercise, verdicts: &[Verdict], whose: &str) -> usize {
        let learner_files: Vec<&str> = exercise
            .files
            .iter()
            .map(|file| file.name.as_str())
            .collect();
        let mut crashes = 0;
        for (number, (check, verdict)) in (1..).zip(exercise.checks.iter().zip(verdicts)) {
            let Verdict::Failed(error) = verdict else {
                continue;
            };
            let line = check.line.saturating_sub(1);
            match failure::classify(error, &learner_files) {
                Failure::OnPurpose => continue,
                Failure::Crashed => self.problem(
                    line,
                    format!("check {number} of exercise `{}` crashed {whose}: {}: {}", exercise.id, error.kind, error.message),
                    format!("the learner would see this raw error: a check must fail with `check(condition, message)` or `assert`, saying what to fix; test for what the code might lack before using it (e.g. `check(len(rows) > 0, ...)` before `rows[0]`, `defined(\"name\")` for the learner's names)\n{}", indent(&error.traceback)),
                ),
                Failure::TimedOut => self.problem(
                    line,
                    format!("check {number} of exercise `{}` {whose} {}", exercise.id, failure::what_happened(error, self.limits.for_line(check.line))),
                    failure::timeout_help(error, None),
                ),
            }
            crashes += 1;
        }
        crashes
    }

    /// Records what each check says to `whose` code, as the learner would read it.
    fn note_verdicts(&mut self, exercise: &Exercise, verdicts: &[Verdict], whose: &str) {
        let mut text = format!("exercise `{}`, {whose}:", exercise.id);
        for (number, (check, verdict)) in (1..).zip(exercise.checks.iter().zip(verdicts)) {
            let said = match verdict {
                Verdict::Passed => "passes".to_owned(),
                Verdict::Failed(error) => learner_message(error),
            };
            text.push_str(&format!(
                "\n    check {number} (line {}): {said}",
                check.line.saturating_sub(1)
            ));
        }
        self.transcript.push(text);
    }

    /// Proves a wrong solution fails a check, or an alternative one passes them all.
    fn other_solution(&mut self, exercise: &Exercise, other: &OtherSolution) -> OtherReport {
        let report = |outcome| OtherReport {
            exercise: exercise.id.clone(),
            kind: other.kind,
            id: other.id.clone(),
            outcome,
        };
        let position = Position {
            line: other.line,
            column: other.column,
        };
        let noun = other.kind.noun();
        let name = format!("{noun} `{}` of exercise `{}`", other.id, exercise.id);
        let verdicts = match load_and_check(
            exercise,
            &exercise.files_with(&other.files),
            &self.limits,
        ) {
            Ok((_, verdicts)) => verdicts,
            Err(error) => {
                let help = match other.kind {
                    OtherKind::Wrong => {
                        "a wrong solution must be plausible: it should load and fail a check, as a learner's almost-right attempt would"
                    }
                    OtherKind::Alternative => {
                        "an alternative solution must load and pass every check, like the solution"
                    }
                };
                let failed = if error.is_timeout() {
                    failure::what_happened(&error, self.limits.for_exercise(&exercise.id))
                } else {
                    format!("{}: {}", error.kind, error.message)
                };
                self.problem_at(
                    position,
                    format!("the {name} does not load: {failed}"),
                    format!("{help}\n{}", indent(&error.traceback)),
                );
                return report(OtherOutcome::Failed);
            }
        };
        if other.kind == OtherKind::Wrong {
            self.note_verdicts(
                exercise,
                &verdicts,
                &format!("wrong solution `{}`", other.id),
            );
            let crashes = self.report_crashes(
                exercise,
                &verdicts,
                &format!("on the wrong solution `{}`", other.id),
            );
            if crashes > 0 {
                return report(OtherOutcome::Failed);
            }
        }
        let failures: Vec<(usize, usize, PythonError)> = exercise
            .checks
            .iter()
            .zip(verdicts)
            .enumerate()
            .filter_map(|(index, (check, verdict))| match verdict {
                Verdict::Passed => None,
                Verdict::Failed(error) => Some((index + 1, check.line.saturating_sub(1), error)),
            })
            .collect();
        match other.kind {
            OtherKind::Wrong => match failures.into_iter().next() {
                Some((check, line, error)) => report(OtherOutcome::CaughtBy {
                    check,
                    line,
                    message: learner_message(&error),
                }),
                None => {
                    let why = other
                        .why
                        .as_ref()
                        .map(|why| format!(" (it is wrong because: {why})"))
                        .unwrap_or_default();
                    self.problem_at(
                        position,
                        format!("the {name} passes every check"),
                        format!("a check must catch this mistake{why}: add or tighten a check until it fails; if the code is in fact right, make it a `python solution alt`"),
                    );
                    report(OtherOutcome::Failed)
                }
            },
            OtherKind::Alternative if failures.is_empty() => {
                report(OtherOutcome::PassedAll(exercise.checks.len()))
            }
            OtherKind::Alternative => {
                for (check, line, error) in failures {
                    self.problem_at(
                        position,
                        format!("the {name} fails check {check} (line {line}): {}: {}", error.kind, error.message),
                        format!("an alternative solution must pass every check, like the solution: fix it, or loosen a check that demands one way of writing the code\n{}", indent(&error.traceback)),
                    );
                }
                report(OtherOutcome::Failed)
            }
        }
    }
}

/// Loads `files` in a fresh session and runs each check, each within its time limit; the error
/// when the files do not load. A failed check's traceback shows the server errors behind it.
fn load_and_check(
    exercise: &Exercise,
    files: &[SourceFile],
    limits: &TimeLimits,
) -> Result<(Session, Vec<Verdict>), PythonError> {
    let Plan {
        setup,
        entry,
        helpers,
        checks,
    } = checking::plan(exercise, files);
    let mut session = Session::new();
    session.set_time_limit(Some(limits.for_exercise(&exercise.id)));
    for step in [&setup, &entry, &helpers] {
        let outcome: RunOutcome = run_step(&mut session, step);
        if let Some(error) = outcome.error {
            return Err(error);
        }
    }
    let verdicts = checks
        .iter()
        .zip(&exercise.checks)
        .map(|(step, check)| {
            session.set_time_limit(Some(limits.for_line(check.line)));
            match run_step(&mut session, step).error {
                None => {
                    failure::server_errors(&mut session);
                    Verdict::Passed
                }
                Some(mut error) => {
                    failure::add_server_errors(&mut session, &mut error);
                    Verdict::Failed(error)
                }
            }
        })
        .collect();
    Ok((session, verdicts))
}

/// A failed check as the learner reads it: its message in quotes, or the error when the check
/// did not fail on purpose (a bare `assert`, a `NameError`).
fn learner_message(error: &PythonError) -> String {
    let message = error.message.lines().next().unwrap_or("").trim();
    let on_purpose = matches!(error.kind.as_str(), "AssertionError" | "CheckFailed");
    if on_purpose && !message.is_empty() {
        format!("\"{message}\"")
    } else if message.is_empty() {
        error.kind.clone()
    } else {
        format!("{}: {message}", error.kind)
    }
}

fn indent(text: &str) -> String {
    failure::indent(text)
}

/// What to do when an example raised `raised` but says `raises=expected`: most often a typo.
fn raised_other_help(expected: &str, raised: &str) -> String {
    let expected_name = expected.rsplit('.').next().unwrap_or(expected);
    if crate::suggest::closest(expected_name, [raised]).is_some() {
        format!("did you mean `raises={raised}`? `{expected}` is not the name of what it raised")
    } else {
        format!(
            "make the example raise {expected}, or write `raises={raised}` if that is what it should raise"
        )
    }
}

/// An example's output for `glassbox check -v`, indented, or that it printed nothing.
fn printed(stdout: &str) -> String {
    if stdout.trim().is_empty() {
        "    (nothing)".to_owned()
    } else {
        indent(stdout)
    }
}

/// Does one step of a plan in `session`, as the browser's worker does.
pub fn run_step(session: &mut Session, step: &checking::Step) -> RunOutcome {
    match step {
        checking::Step::Run { filename, source } => session.run_file(filename, source),
        checking::Step::Call {
            module,
            function,
            arguments,
        } => session.call(module, function, arguments).outcome,
    }
}
