//! How an exercise and its checks run: the steps to give a fresh `Session`, in order. Plain
//! data, so the site runs exactly what `glassbox check` runs, in the browser's interpreter.

use serde::{Deserialize, Serialize};

use crate::model::{Exercise, HttpRequest, SourceFile};

/// The Python behind the checks: the learner's files as modules, and `check()`, `client`, ...
pub const GLASSBOX_LESSON_SOURCE: &str =
    include_str!("../python/interpreter_contract/glassbox_lesson.py");

/// The file name check blocks run under, as tracebacks show it.
pub const CHECK_FILE: &str = "checks.py";

/// One `session.run_file(filename, source)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub filename: String,
    pub source: String,
}

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
    // JSON strings and objects of strings are also Python literals.
    let setup = format!(
        "import sys as _sys, types as _types\n\
         _module = _types.ModuleType('glassbox_lesson')\n\
         exec(compile({support}, 'glassbox_lesson.py', 'exec'), _module.__dict__)\n\
         _sys.modules['glassbox_lesson'] = _module\n\
         _module.install_files({files}, {entry})\n\
         del _sys, _types, _module\n",
        support = python_string(GLASSBOX_LESSON_SOURCE),
        files = serde_json::Value::Object(file_map),
        entry = python_string(&exercise.entry),
    );
    Plan {
        setup: Step {
            filename: "<lesson setup>".into(),
            source: setup,
        },
        entry: Step {
            filename: exercise.entry.clone(),
            source: entry.map(|file| file.code.clone()).unwrap_or_default(),
        },
        helpers: Step {
            filename: "<lesson setup>".into(),
            source: "__import__('glassbox_lesson').use_helpers()\n".into(),
        },
        checks: exercise
            .checks
            .iter()
            .map(|check| Step {
                filename: CHECK_FILE.into(),
                source: check.code.clone(),
            })
            .collect(),
    }
}

/// Sends an `http` block's request to the learner's `app` (after [`plan`]'s steps have run in
/// the session), printing the raw response.
pub fn request_step(request: &HttpRequest) -> Step {
    let headers: Vec<serde_json::Value> = request
        .headers
        .iter()
        .map(|(name, value)| serde_json::json!([name, value]))
        .collect();
    let source = format!(
        "__import__('glassbox_lesson').send({}, {}, {}, {})\n",
        python_string(&request.method),
        python_string(&request.target),
        serde_json::Value::Array(headers),
        python_string(&request.body),
    );
    Step {
        filename: "<request>".into(),
        source,
    }
}

fn python_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
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
                code: "assert views.home() == 'hi'\n".into(),
                line: 9,
            }],
            solution: vec![],
            hints: vec![],
        };
        let plan = plan(&exercise, &exercise.files);
        assert_eq!(
            plan.entry,
            Step {
                filename: "app.py".into(),
                source: "import views\n".into()
            }
        );
        assert!(plan.setup.source.contains(r#"install_files({"app.py":"import views\n","views.py":"def home(): return 'hi'\n"}, "app.py")"#), "{}", plan.setup.source);
        assert_eq!(plan.checks.len(), 1);
    }
}
