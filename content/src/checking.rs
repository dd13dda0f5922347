//! How an exercise and its checks run: the steps to give a fresh `Session`, in order. Plain
//! data, so the site runs exactly what `glassbox check` runs, in the browser's interpreter.

use serde::{Deserialize, Serialize};

use crate::model::{Exercise, HttpRequest, SourceFile};

/// The Python behind the checks: the learner's files as modules, and `check()`, `client`, ...
pub const GLASSBOX_LESSON_SOURCE: &str =
    include_str!("../python/interpreter_contract/glassbox_lesson.py");

/// The file name check blocks run under, as tracebacks show it.
pub const CHECK_FILE: &str = "checks.py";

/// One thing for a session to do: run Python source that someone wrote (the learner's file, a
/// check block, an example) or call a function of the lesson support with JSON arguments.
/// Rust never writes Python source: what it needs from Python is a `Call`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// `session.run_file(filename, source)`.
    Run { filename: String, source: String },
    /// `session.call(module, function, arguments)`.
    Call {
        module: String,
        function: String,
        arguments: Vec<serde_json::Value>,
    },
}

impl Step {
    pub fn run(filename: impl Into<String>, source: impl Into<String>) -> Step {
        Step::Run {
            filename: filename.into(),
            source: source.into(),
        }
    }

    pub fn call(module: &str, function: &str, arguments: Vec<serde_json::Value>) -> Step {
        Step::Call {
            module: module.to_owned(),
            function: function.to_owned(),
            arguments,
        }
    }
}

/// The module name the lesson support is installed under.
pub const GLASSBOX_LESSON: &str = "glassbox_lesson";

/// Everything to run, in order, in one fresh session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Installs the support module and makes the non-entry files importable.
    pub setup: Step,
    /// The learner's entry file, run as `__main__`.
    pub entry: Step,
    /// Puts the check helpers into `__main__`.
    pub helpers: Step,
    /// One step per check block; each passes when it runs without an exception.
    pub checks: Vec<Step>,
}

/// The plan for `exercise` with `files` as the learner's code (its starting files, the
/// learner's edits, or its solution).
pub fn plan(exercise: &Exercise, files: &[SourceFile]) -> Plan {
    let entry = files
        .iter()
        .find(|file| file.name == exercise.entry)
        .or(files.first());
    let file_map: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|file| (file.name.clone(), file.code.clone().into()))
        .collect();
    let setup = install_step(file_map, &exercise.entry);
    Plan {
        setup,
        entry: Step::run(
            exercise.entry.clone(),
            entry.map(|file| file.code.clone()).unwrap_or_default(),
        ),
        helpers: Step::call(GLASSBOX_LESSON, "use_helpers", Vec::new()),
        checks: exercise
            .checks
            .iter()
            .map(|check| Step::run(CHECK_FILE, check.code.clone()))
            .collect(),
    }
}

/// What the learner reads for check number `number` (from 1): its `title=`, or, for a check
/// without one, a title made from what the check itself says: its opening comment, else the
/// names it asks the learner's code for (`defined("add")`), else its first `assert` or
/// `check(...)` condition, else only its number. Never a claim the check's code does not make.
pub fn check_title(check: &crate::model::Check, number: usize) -> String {
    if let Some(title) = &check.title {
        return title.clone();
    }
    let lines: Vec<&str> = check.code.lines().map(str::trim).collect();
    if let Some(comment) = lines
        .iter()
        .find(|line| !line.is_empty())
        .and_then(|line| line.strip_prefix('#'))
    {
        let comment = comment.trim();
        if !comment.is_empty() {
            return format!("Check {number}: {}", shorten(comment));
        }
    }
    let defined: Vec<String> = lines
        .iter()
        .flat_map(|line| {
            line.match_indices("defined(")
                .map(move |(at, _)| &line[at + "defined(".len()..])
        })
        .filter_map(|rest| {
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let name = rest[1..].split(quote).next()?;
            Some(name.to_owned())
        })
        .fold(Vec::new(), |mut names, name| {
            if !names.contains(&name) {
                names.push(name);
            }
            names
        });
    if !defined.is_empty() {
        return format!(
            "Check {number}: {}",
            shorten(&format!("uses {}", defined.join(", ")))
        );
    }
    let condition = lines.iter().find_map(|line| {
        line.strip_prefix("assert ").map(condition_of).or_else(|| {
            line.strip_prefix("check(")
                .map(|rest| condition_of(rest.trim_end_matches(')')))
        })
    });
    match condition {
        Some(condition) if !condition.is_empty() => {
            format!("Check {number}: {}", shorten(condition))
        }
        _ => format!("Check {number}"),
    }
}

/// An `assert`'s or `check(`'s condition: the text before its message (the first comma outside
/// brackets and strings).
fn condition_of(text: &str) -> &str {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => return text[..at].trim(),
            _ => {}
        }
    }
    text.trim()
}

fn shorten(text: &str) -> String {
    const LIMIT: usize = 70;
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        format!(
            "{}…",
            text.chars().take(LIMIT - 1).collect::<String>().trim_end()
        )
    }
}

/// The file a `python run` example runs as, as tracebacks show it.
pub const EXAMPLE_FILE: &str = "main.py";

/// The steps that run a `python run` example in a fresh session: the lesson's setup files made
/// importable (when it has any), then the example as `__main__`. Its output is the last step's.
pub fn example_steps(setup: &[SourceFile], code: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    if !setup.is_empty() {
        let file_map: serde_json::Map<String, serde_json::Value> = setup
            .iter()
            .map(|file| (file.name.clone(), file.code.clone().into()))
            .collect();
        steps.push(install_step(file_map, EXAMPLE_FILE));
    }
    steps.push(Step::run(EXAMPLE_FILE, code));
    steps
}

/// Installs the lesson support and makes `files` (but `entry`) importable.
fn install_step(files: serde_json::Map<String, serde_json::Value>, entry: &str) -> Step {
    Step::call(
        "_glassbox_boot",
        "install_module",
        vec![
            GLASSBOX_LESSON.into(),
            format!("{GLASSBOX_LESSON}.py").into(),
            GLASSBOX_LESSON_SOURCE.into(),
            "install_files".into(),
            serde_json::json!([serde_json::Value::Object(files), entry]),
        ],
    )
}

/// Whether an example printed `expected` (an `output` block): the same lines, ignoring
/// trailing spaces and blank lines at the end.
pub fn output_matches(expected: &str, printed: &str) -> bool {
    normalise_output(expected) == normalise_output(printed)
}

/// Output as compared: each line without trailing spaces, no blank lines at the end.
pub fn normalise_output(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let end = lines
        .iter()
        .rposition(|line| !line.is_empty())
        .map_or(0, |last| last + 1);
    lines[..end].join("\n")
}

/// Whether an example's output proves a prediction's `answer`: its last non-empty line is the
/// answer, or ends with it as its last word (`statements run: 1` proves `1`).
pub fn proves_answer(printed: &str, answer: &str) -> bool {
    let line = last_line(printed);
    let last_word = line.rsplit(char::is_whitespace).next().unwrap_or("");
    crate::model::answers_match(answer, line) || crate::model::answers_match(answer, last_word)
}

/// What a prediction is compared with: the last non-empty line an example printed.
pub fn last_line(printed: &str) -> &str {
    printed
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("")
}

/// Sends an `http` block's request to the learner's `app` (after [`plan`]'s steps have run in
/// the session), printing the raw response.
pub fn request_step(request: &HttpRequest) -> Step {
    let headers: Vec<serde_json::Value> = request
        .headers
        .iter()
        .map(|(name, value)| serde_json::json!([name, value]))
        .collect();
    Step::call(
        GLASSBOX_LESSON,
        "send",
        vec![
            request.method.clone().into(),
            request.target.clone().into(),
            serde_json::Value::Array(headers),
            request.body.clone().into(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Check;

    #[test]
    fn the_plan_runs_setup_then_the_entry_then_each_check() {
        let exercise = Exercise {
            id: "main".into(),
            line: 1,
            files: vec![
                SourceFile {
                    name: "views.py".into(),
                    code: "def home(): return 'hi'\n".into(),
                },
                SourceFile {
                    name: "app.py".into(),
                    code: "import views\n".into(),
                },
            ],
            entry: "app.py".into(),
            checks: vec![Check {
                title: None,
                code: "assert views.home() == 'hi'\n".into(),
                line: 9,
            }],
            ..Exercise::default()
        };
        let plan = plan(&exercise, &exercise.files);
        assert_eq!(plan.entry, Step::run("app.py", "import views\n"));
        let Step::Call {
            function,
            arguments,
            ..
        } = &plan.setup
        else {
            panic!("the setup is a call: {:?}", plan.setup);
        };
        assert_eq!(function, "install_module");
        assert_eq!(arguments[3], "install_files");
        assert_eq!(
            arguments[4],
            serde_json::json!([{"app.py": "import views\n", "views.py": "def home(): return 'hi'\n"}, "app.py"])
        );
        assert_eq!(plan.checks.len(), 1);
    }

    #[test]
    fn a_check_without_a_title_is_named_from_what_it_says() {
        let check = |title: Option<&str>, code: &str| Check {
            title: title.map(str::to_owned),
            code: code.into(),
            line: 1,
        };
        assert_eq!(check_title(&check(Some("Adds"), "assert 1\n"), 1), "Adds");
        assert_eq!(
            check_title(
                &check(None, "\n# Two numbers add up\nassert add(2, 3) == 5\n"),
                2
            ),
            "Check 2: Two numbers add up"
        );
        assert_eq!(
            check_title(
                &check(
                    None,
                    "Book = defined(\"Book\")\nsince = defined('books_since', 'function')\nBook = defined(\"Book\")\n"
                ),
                3
            ),
            "Check 3: uses Book, books_since"
        );
        assert_eq!(
            check_title(
                &check(
                    None,
                    "x = add(2, 3)\nassert x == 5, f\"add(2, 3) gave {x}, not 5\"\n"
                ),
                4
            ),
            "Check 4: x == 5"
        );
        assert_eq!(
            check_title(
                &check(None, "check(len(items(\"a,b\")) == 2, \"Two items.\")\n"),
                5
            ),
            "Check 5: len(items(\"a,b\")) == 2"
        );
        assert_eq!(check_title(&check(None, "print(1)\n"), 6), "Check 6");
        assert!(
            check_title(&check(None, &format!("assert {}\n", "a".repeat(200))), 7).ends_with('…')
        );
    }

    #[test]
    fn outputs_compare_without_trailing_spaces_and_blank_lines() {
        assert!(output_matches("a\nb\n", "a  \nb\n\n"));
        assert!(!output_matches("a\nb\n", "a\n\nb\n"));
        assert_eq!(last_line("1\n2 \n\n"), "2");
        assert_eq!(example_steps(&[], "print(1)").len(), 1);
        assert!(proves_answer("x\nstatements run: 1\n", "1"));
        assert!(proves_answer("Hello, Ada\n", "Hello, Ada"));
        assert!(!proves_answer("1\n2\n", "1"));
    }
}
