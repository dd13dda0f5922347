//! `glassbox check [PATH] [-v]`: validate every lesson, then prove each one by running its
//! Python; with `-v`, say which check caught each wrong solution.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Result;
use glassbox_content::course;
use glassbox_content::diagnostic::Diagnostic;
use glassbox_content::model::{Lesson, OtherKind};
use glassbox_content::prove::{self, OtherOutcome, Proof};
use glassbox_content::run::on_interpreter_thread;

pub fn run(path: &Path, run_python: bool, verbose: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let loaded = course::load(path, glassbox_runtime::framework_sources());
    let parsed_in = started.elapsed();
    let mut problems = loaded.problems.len();
    let mut diagnostics: Vec<&Diagnostic> =
        loaded.problems.iter().chain(&loaded.warnings).collect();
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    for diagnostic in diagnostics {
        println!("{diagnostic}\n");
    }
    let warnings = warnings_note(loaded.warnings.len());
    let mut lessons: Vec<(Lesson, PathBuf)> = loaded
        .course
        .lessons()
        .map(|lesson| (lesson.clone(), lesson.file.clone()))
        .collect();
    let parsed = lessons.len();
    let found = loaded.lesson_files.len();

    if !run_python {
        println!(
            "{found} lesson(s) found, {parsed} valid, {problems} problem(s){warnings}; parsed in {}",
            milliseconds(parsed_in)
        );
        return Ok(exit_code(problems, found));
    }

    // A lesson with errors still runs its examples (see `examples_only`).
    let invalid: Vec<String> = loaded
        .invalid
        .iter()
        .map(|lesson| lesson.id.clone())
        .collect();
    lessons.extend(loaded.invalid.into_iter().map(|lesson| {
        let file = lesson.file.clone();
        (lesson, file)
    }));
    // Back in course order (folders sort by their numbers).
    lessons.sort_by(|(_, a), (_, b)| a.cmp(b));
    let proofs = prove_all(lessons, &invalid);
    for problem in proofs.iter().flat_map(|proof| &proof.problems) {
        println!("{problem}\n");
    }
    problems += proofs
        .iter()
        .map(|proof| proof.problems.len())
        .sum::<usize>();
    if verbose {
        print_transcripts(&proofs);
        print_other_solutions(&proofs);
    }
    if !proofs.is_empty() {
        print_table(&proofs, &invalid);
        println!();
    }
    let examples: usize = proofs.iter().map(|proof| proof.examples_run).sum();
    let exercises: usize = proofs.iter().map(|proof| proof.exercises_proven).sum();
    println!(
        "{found} lesson(s), {examples} block(s) run, {exercises} exercise(s) proven, {problems} problem(s){warnings}; parsed in {}, total {}",
        milliseconds(parsed_in),
        milliseconds(started.elapsed()),
    );
    std::io::stdout().flush().ok();
    Ok(exit_code(problems, found))
}

fn exit_code(problems: usize, found: usize) -> ExitCode {
    if problems == 0 && found > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Proves lessons two (or as many as there are cores) at a time, each in a process of its own:
/// an interpreter's memory is only all given back when its process ends (without a cycle
/// collector, a finished session keeps what its reference cycles hold), and a time limit's
/// interrupt can then only reach the lesson that ran out of time.
fn prove_all(lessons: Vec<(Lesson, PathBuf)>, examples_only: &[String]) -> Vec<Proof> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |count| count.get())
        .min(lessons.len())
        .max(1);
    let queue = std::sync::Arc::new(Mutex::new(
        lessons
            .into_iter()
            .map(|(lesson, file)| {
                let only_examples = examples_only.contains(&lesson.id);
                (lesson.id, file, only_examples)
            })
            .enumerate()
            .collect::<Vec<_>>(),
    ));
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let queue = queue.clone();
            std::thread::spawn(move || {
                let mut done = Vec::new();
                loop {
                    // Take the next lesson and let go of the lock before proving it.
                    let next = queue.lock().expect("queue lock").pop();
                    let Some((index, (id, file, only_examples))) = next else {
                        break;
                    };
                    done.push((index, prove_in_child(&id, &file, only_examples)));
                }
                done
            })
        })
        .collect();
    let mut proofs: Vec<(usize, Proof)> = handles
        .into_iter()
        .flat_map(|handle| handle.join().expect("a prover thread panicked"))
        .collect();
    proofs.sort_by_key(|(index, _)| *index);
    proofs.into_iter().map(|(_, proof)| proof).collect()
}

/// Runs `glassbox prove-lesson FILE OUT` and reads the proof it wrote; a child that dies
/// (out of memory, a crash in the interpreter) becomes a problem of that lesson.
fn prove_in_child(id: &str, file: &Path, only_examples: bool) -> Proof {
    let started = Instant::now();
    let out = std::env::temp_dir().join(format!(
        "glassbox-proof-{}-{}.json",
        std::process::id(),
        id.replace('/', "--")
    ));
    let mut command = std::process::Command::new(
        std::env::current_exe().unwrap_or_else(|_| PathBuf::from("glassbox")),
    );
    command.arg("prove-lesson").arg(file).arg(&out);
    if only_examples {
        command.arg("--examples-only");
    }
    let result = command.output();
    let proof = std::fs::read_to_string(&out)
        .ok()
        .and_then(|json| serde_json::from_str::<Proof>(&json).ok());
    let _ = std::fs::remove_file(&out);
    proof.unwrap_or_else(|| {
        let said = match &result {
            Ok(output) => format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
            Err(error) => error.to_string(),
        };
        let tail: Vec<&str> = said.lines().rev().take(12).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Proof {
            lesson: id.to_owned(),
            examples_run: 0,
            examples: 0,
            exercises_proven: 0,
            exercises: 0,
            elapsed: started.elapsed(),
            problems: vec![
                Diagnostic::whole_file(file, "proving this lesson crashed glassbox itself").help(
                    format!(
                        "this is a bug in glassbox, not in the lesson; what it said:\n{}",
                        tail.join("\n")
                    ),
                ),
            ],
            others: Vec::new(),
            transcript: Vec::new(),
        }
    })
}

/// `glassbox prove-lesson LESSON.md OUT.json [--examples-only]`: the child's side of
/// [`prove_all`]. Loads the one lesson, proves it, writes the proof as JSON.
pub fn prove_lesson(file: &Path, out: &Path, only_examples: bool) -> Result<ExitCode> {
    let loaded = course::load(file, glassbox_runtime::framework_sources());
    let lesson = loaded
        .course
        .lessons()
        .next()
        .cloned()
        .or_else(|| loaded.invalid.into_iter().next());
    let Some(lesson) = lesson else {
        anyhow::bail!("{} has no lesson to prove", file.display());
    };
    let lesson = if only_examples {
        examples_only(lesson)
    } else {
        lesson
    };
    let lesson_file = lesson.file.clone();
    let proof = on_interpreter_thread(move || prove::prove(&lesson, &lesson_file));
    let json = serde_json::to_string(&proof)?;
    std::fs::write(out, json)?;
    Ok(ExitCode::SUCCESS)
}

/// A lesson with errors still runs its examples, so that their errors show now too; its
/// exercises wait until it is valid (a block the errors dropped would make them fail wrongly).
fn examples_only(lesson: Lesson) -> Lesson {
    Lesson {
        exercises: Vec::new(),
        other_solutions: Vec::new(),
        ..lesson
    }
}

/// `, 2 warning(s) (warnings do not fail the check)` for the summary line, or nothing.
fn warnings_note(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        format!(", {count} warning(s) (warnings do not fail the check)")
    }
}

/// Each lesson's row: its counts, and `FAILED` if it has problems (`invalid`: errors in the
/// lesson itself, so only its examples ran).
fn print_table(proofs: &[Proof], invalid: &[String]) {
    let width = proofs
        .iter()
        .map(|proof| proof.lesson.len())
        .max()
        .unwrap_or(0)
        .max("lesson".len());
    println!(
        "{:width$}  {:>10}  {:>17}  {:>12}  {:>8}",
        "lesson", "blocks run", "exercises proven", "wrong caught", "time"
    );
    for proof in proofs {
        let status = if invalid.contains(&proof.lesson) {
            "  FAILED (errors above: examples only)"
        } else if proof.problems.is_empty() {
            ""
        } else {
            "  FAILED"
        };
        let wrong = proof
            .others
            .iter()
            .filter(|report| report.kind == OtherKind::Wrong);
        let caught = wrong
            .clone()
            .filter(|report| matches!(report.outcome, OtherOutcome::CaughtBy { .. }))
            .count();
        println!(
            "{:width$}  {:>10}  {:>17}  {:>12}  {:>8}{status}",
            proof.lesson,
            format!("{}/{}", proof.examples_run, proof.examples),
            format!("{}/{}", proof.exercises_proven, proof.exercises),
            format!("{caught}/{}", wrong.count()),
            milliseconds(proof.elapsed),
        );
    }
}

/// What a learner would see in each lesson: each example's output, and what each check says to
/// the starting code and to each wrong solution.
fn print_transcripts(proofs: &[Proof]) {
    for proof in proofs.iter().filter(|proof| !proof.transcript.is_empty()) {
        println!("{}:", proof.lesson);
        for entry in &proof.transcript {
            println!("  {entry}");
        }
        println!();
    }
}

/// Each lesson's wrong and alternative solutions, exercise by exercise, and how they fared.
fn print_other_solutions(proofs: &[Proof]) {
    for proof in proofs {
        let mut exercise = None;
        for report in &proof.others {
            if exercise != Some(&report.exercise) {
                exercise = Some(&report.exercise);
                println!("{}, exercise `{}`:", proof.lesson, report.exercise);
            }
            println!("  {report}");
        }
        if !proof.others.is_empty() {
            println!();
        }
    }
}

fn milliseconds(duration: Duration) -> String {
    format!("{} ms", duration.as_millis())
}
