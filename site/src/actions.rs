//! Everything the page asks of the interpreter worker: run the learner's project, check it,
//! send it a request, work the lab controls, fetch the framework's source. Each builds
//! `Step`s (the same plan `glassbox check` runs natively) and turns the outcomes into actions.

use std::collections::BTreeMap;
use std::rc::Rc;

use glassbox_content::checking::{self, Step};
use glassbox_content::model::SourceFile;
use glassbox_site::exchange::Exchange;
use glassbox_site::protocol::Outcome;

use crate::state::{Action, CheckResult, Ctx, Draft, LabReading, Tab, Workspace};

/// The steps that load the learner's files into a fresh interpreter: setup, then the entry file.
pub fn project_steps(workspace: &Workspace) -> Vec<Step> {
    let plan = checking::plan(&workspace.exercise, &workspace.files);
    vec![plan.setup, plan.entry]
}

/// Where in the learner's files an error happened: the last frame of theirs in the traceback.
pub fn error_location(outcome: &Outcome, files: &[SourceFile]) -> Option<(String, u32, String)> {
    let error = outcome.error.as_ref()?;
    let mut found = None;
    for line in error.traceback.lines() {
        let Some(rest) = line.trim_start().strip_prefix("File \"") else {
            continue;
        };
        let Some((name, after)) = rest.split_once('"') else {
            continue;
        };
        let number = after
            .trim_start_matches(", line ")
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok());
        if let Some(number) = number.filter(|_| files.iter().any(|file| file.name == name)) {
            found = Some((name.to_owned(), number));
        }
    }
    let (file, line) = found.or_else(|| Some((files.first()?.name.clone(), error.line?)))?;
    Some((file, line, format!("{}: {}", error.kind, error.message)))
}

/// Run: a fresh interpreter, the learner's files, and their output in the console.
pub fn run_project(ctx: &Ctx) {
    let Some(workspace) = ctx.state.workspace.clone() else {
        return;
    };
    let dispatcher = ctx.state.dispatcher();
    dispatcher.dispatch(Action::Tab(Tab::Console));
    ctx.client
        .steps(true, project_steps(&workspace), 2, move |outcomes| {
            let loaded =
                outcomes.len() == 2 && outcomes.iter().all(|outcome| outcome.error.is_none());
            let outcome = outcomes.last().cloned().unwrap_or_default();
            let key = workspace.key.clone();
            dispatcher.dispatch(Action::For(
                key.clone(),
                Box::new(Action::ErrorAt(error_location(&outcome, &workspace.files))),
            ));
            dispatcher.dispatch(Action::ProjectLoaded(false));
            dispatcher.dispatch(Action::For(key, Box::new(Action::ProjectLoaded(loaded))));
            dispatcher.dispatch(Action::Ran {
                label: format!("Run {}", workspace.exercise.entry),
                outcome,
            });
        });
}

/// Check: the learner's files, then every check of the exercise, each passed or failed.
pub fn check(ctx: &Ctx) {
    let Some(workspace) = ctx.state.workspace.clone() else {
        return;
    };
    if workspace.exercise.checks.is_empty() {
        return run_project(ctx);
    }
    let plan = checking::plan(&workspace.exercise, &workspace.files);
    let check_count = plan.checks.len();
    let mut steps = vec![plan.setup, plan.entry, plan.helpers];
    steps.extend(plan.checks);
    let dispatcher = ctx.state.dispatcher();
    let completed_before = ctx.state.completed.clone();
    ctx.client.steps(true, steps, 3, move |outcomes| {
        let program = outcomes.get(1).cloned().unwrap_or_else(|| outcomes.last().cloned().unwrap_or_default());
        let started = outcomes.len() > 3 || (outcomes.len() == 3 && outcomes.iter().all(|outcome| outcome.error.is_none()));
        let results: Vec<CheckResult> = if started {
            outcomes[3..]
                .iter()
                .map(|outcome| match &outcome.error {
                    None => CheckResult { passed: true, message: "Passed".into() },
                    Some(error) if error.message.is_empty() => CheckResult { passed: false, message: format!("{} (checks.py line {})", error.kind, error.line.unwrap_or(0)) },
                    Some(error) => CheckResult { passed: false, message: error.message.clone() },
                })
                .collect()
        } else {
            let why = program.error.as_ref().map(|error| format!("{}: {}", error.kind, error.message)).unwrap_or_default();
            vec![CheckResult { passed: false, message: format!("Your code stopped with an error before the checks could run ({why}). Fix it, then check again.") }; check_count]
        };
        let all_passed = results.len() == check_count && results.iter().all(|result| result.passed);
        let key = workspace.key.clone();
        dispatcher.dispatch(Action::For(key.clone(), Box::new(Action::ErrorAt(error_location(&program, &workspace.files)))));
        dispatcher.dispatch(Action::ProjectLoaded(false));
        dispatcher.dispatch(Action::For(key.clone(), Box::new(Action::ProjectLoaded(started))));
        dispatcher.dispatch(Action::For(key, Box::new(Action::Checked(results))));
        if !program.stdout.is_empty() || program.error.is_some() {
            dispatcher.dispatch(Action::Ran { label: format!("Check {}", workspace.exercise.entry), outcome: program });
        }
        if all_passed && !completed_before.contains(&workspace.key) {
            dispatcher.dispatch(Action::Completed(crate::store::mark_completed(&workspace.key)));
        }
    });
}

pub fn python_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// Sends the request builder's request to the learner's `app` (loading the project first when
/// the interpreter does not have it) and shows the exchange in the inspector.
pub fn send(ctx: &Ctx, draft: Draft) {
    let Some(workspace) = ctx.state.workspace.clone() else {
        return;
    };
    let headers: Vec<serde_json::Value> = draft
        .headers
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| serde_json::json!([name.trim(), value.trim()]))
        .collect();
    let source = format!(
        "__import__('glassbox_lesson').inspect({}, {}, {}, {})\n",
        python_string(draft.method.trim()),
        python_string(draft.target.trim()),
        serde_json::Value::Array(headers),
        python_string(&draft.body),
    );
    let request = Step {
        filename: "<request>".into(),
        source,
    };
    let loaded = ctx.state.project_loaded;
    let key = workspace.key.clone();
    let mut steps = if loaded {
        Vec::new()
    } else {
        project_steps(&workspace)
    };
    let prelude = steps.len();
    steps.push(request);
    let dispatcher = ctx.state.dispatcher();
    ctx.client.steps(!loaded, steps, prelude, move |outcomes| {
        let ran_all = outcomes.len() == prelude + 1;
        if prelude > 0 {
            let started = outcomes
                .iter()
                .take(prelude)
                .all(|outcome| outcome.error.is_none())
                && outcomes.len() > prelude;
            dispatcher.dispatch(Action::ProjectLoaded(false));
            dispatcher.dispatch(Action::For(
                key.clone(),
                Box::new(Action::ProjectLoaded(started)),
            ));
        }
        let last = outcomes.last().cloned().unwrap_or_default();
        let exchange = if ran_all && last.error.is_none() {
            last.stdout
                .lines()
                .last()
                .and_then(|line| serde_json::from_str::<Exchange>(line).ok())
        } else {
            None
        };
        match exchange {
            Some(exchange) => dispatcher.dispatch(Action::Exchanged(exchange)),
            None => {
                dispatcher.dispatch(Action::Ran {
                    label: format!("{} {}", draft.method, draft.target),
                    outcome: last,
                });
                dispatcher.dispatch(Action::Tab(Tab::Console));
            }
        }
    });
}

/// A lab control (`advance`, `freeze`, `real_time`, `latency`, `clear_cache`, `state`).
pub fn lab(ctx: &Ctx, action: &str, amount: f64) {
    let Some(workspace) = ctx.state.workspace.clone() else {
        return;
    };
    let step = Step {
        filename: "<lab>".into(),
        source: format!(
            "__import__('glassbox_lesson').lab({}, {amount})\n",
            python_string(action)
        ),
    };
    let loaded = ctx.state.project_loaded;
    let mut steps = if loaded {
        Vec::new()
    } else {
        project_steps(&workspace)
    };
    let prelude = steps.len();
    steps.push(step);
    let dispatcher = ctx.state.dispatcher();
    let action = action.to_owned();
    let key = workspace.key.clone();
    ctx.client.steps(!loaded, steps, prelude, move |outcomes| {
        if prelude > 0 {
            let started = outcomes.len() > prelude
                && outcomes
                    .iter()
                    .take(prelude)
                    .all(|outcome| outcome.error.is_none());
            dispatcher.dispatch(Action::ProjectLoaded(false));
            dispatcher.dispatch(Action::For(
                key.clone(),
                Box::new(Action::ProjectLoaded(started)),
            ));
        }
        let last = outcomes.last().cloned().unwrap_or_default();
        let reading = last
            .stdout
            .lines()
            .last()
            .and_then(|line| serde_json::from_str::<serde_json::Value>(line).ok());
        match reading {
            Some(value) if last.error.is_none() => dispatcher.dispatch(Action::Lab(LabReading {
                clock_iso: value["clock"]["iso"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                frozen: value["clock"]["frozen"].as_bool().unwrap_or_default(),
                offset_seconds: value["clock"]["offset_seconds"]
                    .as_f64()
                    .unwrap_or_default(),
                clock_time: value["clock"]["time"].as_f64().unwrap_or_default(),
                latency_ms: value["latency_ms"].as_f64().unwrap_or_default(),
                cache_entries: value["cache_entries"]
                    .as_array()
                    .map(|entries| {
                        entries
                            .iter()
                            .map(|entry| {
                                (
                                    entry["cache"].as_str().unwrap_or_default().to_owned(),
                                    entry["key"].as_str().unwrap_or_default().to_owned(),
                                    entry["time_left"].as_f64(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })),
            _ => dispatcher.dispatch(Action::Ran {
                label: format!("Lab: {action}"),
                outcome: last,
            }),
        }
    });
}

/// The key of a statement's plan in `State::plans`.
pub fn plan_key(sql: &str, params: &serde_json::Value) -> String {
    format!("{sql}\n{params}")
}

/// EXPLAIN QUERY PLAN for one statement of the SQL panel, in the app's database.
pub fn explain(ctx: &Ctx, sql: String, params: serde_json::Value) {
    let Some(workspace) = ctx.state.workspace.clone() else {
        return;
    };
    let step = Step {
        filename: "<explain>".into(),
        source: format!(
            "__import__('glassbox_lesson').explain({}, {})\n",
            python_string(&sql),
            python_string(&params.to_string())
        ),
    };
    let loaded = ctx.state.project_loaded;
    let mut steps = if loaded {
        Vec::new()
    } else {
        project_steps(&workspace)
    };
    let prelude = steps.len();
    steps.push(step);
    let dispatcher = ctx.state.dispatcher();
    ctx.client.steps(!loaded, steps, prelude, move |outcomes| {
        let last = outcomes.last().cloned().unwrap_or_default();
        let plan = match &last.error {
            None => last
                .stdout
                .lines()
                .last()
                .and_then(|line| serde_json::from_str::<Vec<String>>(line).ok())
                .unwrap_or_default(),
            Some(error) => vec![format!(
                "Could not explain it: {}: {}",
                error.kind, error.message
            )],
        };
        dispatcher.dispatch(Action::Plan(plan_key(&sql, &params), plan));
    });
}

/// Fetches the framework's source from the worker (once), for the source tab.
pub fn load_sources(ctx: &Ctx) {
    if ctx.state.sources.is_some() {
        return;
    }
    let step = Step {
        filename: "<sources>".into(),
        source: "import json as _json, _glassbox_platform as _platform\nprint(_json.dumps(dict(_platform.framework_sources())))\ndel _json, _platform\n".into(),
    };
    let dispatcher = ctx.state.dispatcher();
    ctx.client.steps(false, vec![step], 0, move |outcomes| {
        let parsed = outcomes.last().and_then(|outcome| {
            serde_json::from_str::<BTreeMap<String, String>>(outcome.stdout.trim()).ok()
        });
        match parsed {
            Some(sources) => dispatcher.dispatch(Action::Sources(Rc::new(sources))),
            None => dispatcher.dispatch(Action::Notice(
                "The framework's source could not be read from the interpreter.".into(),
            )),
        }
    });
}

/// A `python run` example of the lesson, in a fresh interpreter; its output shows under it.
pub fn run_example(ctx: &Ctx, index: usize, code: String) {
    let dispatcher = ctx.state.dispatcher();
    let step = Step {
        filename: "example.py".into(),
        source: code,
    };
    let route = ctx.state.route.clone();
    ctx.client.steps(true, vec![step], 0, move |outcomes| {
        dispatcher.dispatch(Action::ProjectLoaded(false));
        dispatcher.dispatch(Action::ExampleFor(
            route,
            index,
            outcomes.into_iter().last().unwrap_or_default(),
        ));
    });
}
