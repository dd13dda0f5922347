//! Everything the page asks of the interpreter worker: run the learner's project, check it,
//! send it a request, work the lab controls, fetch the framework's source. Running and checking
//! build `Step`s (the same plan `glassbox check` runs natively); questions for the running app
//! are typed [`SupportCall`]s. Each turns what comes back into actions.

use std::rc::Rc;

use glassbox_content::checking::{self, Step};
use glassbox_content::model::SourceFile;
use glassbox_site::check_report;
use glassbox_site::exchange::Exchange;
use glassbox_site::protocol::{
    LabControl, LabReading, Outcome, QueryPlan, RunQueries, SupportCall,
};
use glassbox_site::request::RequestDraft;
use glassbox_site::state::{Action, CheckResult, ErrorMark, State, Tab, Workspace, plan_key};
use yew::UseReducerDispatcher;

use crate::context::Ctx;
use crate::worker_client::Called;

/// The steps that load the learner's files into a fresh interpreter: setup, then the entry file.
pub fn project_steps(workspace: &Workspace) -> Vec<Step> {
    let plan = checking::plan(&workspace.exercise, &workspace.files);
    vec![plan.setup, plan.entry]
}

/// Where in the learner's files an error happened: the last frame of theirs in the traceback.
pub fn error_location(outcome: &Outcome, files: &[SourceFile]) -> Option<ErrorMark> {
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
    Some(ErrorMark {
        file,
        line,
        message: format!("{}: {}", error.kind, error.message),
    })
}

/// Run: a fresh interpreter, the learner's files, and their output in the console.
pub fn run_project(ctx: &Ctx) {
    let Some(workspace) = ctx.state.workspace.clone() else {
        return;
    };
    let dispatcher = ctx.state.dispatcher();
    dispatcher.dispatch(Action::Tab(Tab::Console));
    dispatcher.dispatch(Action::RunQueries(Vec::new()));
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
    // Then the SQL the program sent as it ran, for the SQL tab: queued behind the run, in the
    // interpreter it leaves (a stopped run's new interpreter has none to give).
    let dispatcher = ctx.state.dispatcher();
    ctx.client.call(
        false,
        Vec::new(),
        SupportCall::Queries,
        move |called: Called<RunQueries>| {
            dispatcher.dispatch(Action::RunQueries(called.reply.unwrap_or_default()))
        },
    );
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
        let titles = workspace.exercise.checks.iter().enumerate().map(|(index, check)| Some(checking::check_title(check, index + 1)));
        let file_names: Vec<&str> = workspace.files.iter().map(|file| file.name.as_str()).collect();
        let results: Vec<CheckResult> = if started {
            outcomes[3..]
                .iter()
                .zip(titles)
                .map(|(outcome, title)| match &outcome.error {
                    None => CheckResult { passed: true, message: "Passed".into(), title, failure: None },
                    Some(error) => {
                        let failure = check_report::describe(error, &file_names);
                        CheckResult { passed: false, message: failure.message.clone(), title, failure: Some(failure) }
                    }
                })
                .collect()
        } else {
            let why = program.error.as_ref().map(|error| format!("{}: {}", error.kind, error.message)).unwrap_or_default();
            let message = format!("Your code stopped with an error before the checks could run ({why}). Fix it, then check again.");
            titles.map(|title| CheckResult { passed: false, message: message.clone(), title, failure: None }).collect()
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

/// A line typed under the console: run in the program's interpreter as it was left (after a
/// Run, with everything the program and earlier lines defined); the program is loaded first
/// when the interpreter does not have it. Run still starts afresh.
pub fn console_line(ctx: &Ctx, line: String) {
    let Some(workspace) = ctx.state.workspace.clone() else {
        return;
    };
    let (fresh, mut steps) = prelude(ctx, &workspace);
    let loading = steps.len();
    steps.push(Step::call(
        checking::GLASSBOX_LESSON,
        "console_line",
        vec![line.clone().into()],
    ));
    let dispatcher = ctx.state.dispatcher();
    ctx.client.steps(fresh, steps, loading, move |outcomes| {
        if fresh {
            let loaded = outcomes.len() > loading
                && outcomes[..loading]
                    .iter()
                    .all(|outcome| outcome.error.is_none());
            dispatcher.dispatch(Action::ProjectLoaded(false));
            dispatcher.dispatch(Action::For(
                workspace.key.clone(),
                Box::new(Action::ProjectLoaded(loaded)),
            ));
        }
        // The program's own output when it was loaded for this line, then the line's.
        let mut outcome = Outcome::default();
        for ran in &outcomes {
            outcome.stdout.push_str(&ran.stdout);
            outcome.stderr.push_str(&ran.stderr);
            outcome.elapsed_ms += ran.elapsed_ms;
            if ran.error.is_some() {
                outcome.error = ran.error.clone();
            }
        }
        dispatcher.dispatch(Action::Ran {
            label: format!(">>> {line}"),
            outcome,
        });
    });
}

/// The steps a call into the running app needs first: none if the learner's program is in the
/// interpreter already, else a fresh interpreter and the program (`fresh`, `steps`).
fn prelude(ctx: &Ctx, workspace: &Workspace) -> (bool, Vec<Step>) {
    if ctx.state.project_loaded {
        (false, Vec::new())
    } else {
        (true, project_steps(workspace))
    }
}

/// Makes `call` in the learner's running app, loading the program first when the interpreter
/// does not have it (and recording whether it is loaded now, when `records_loading`).
pub fn call_app<R: serde::de::DeserializeOwned + 'static>(
    ctx: &Ctx,
    call: SupportCall,
    records_loading: bool,
    then: impl FnOnce(&UseReducerDispatcher<State>, Called<R>) + 'static,
) {
    let Some(workspace) = ctx.state.workspace.clone() else {
        return;
    };
    let (fresh, steps) = prelude(ctx, &workspace);
    let dispatcher = ctx.state.dispatcher();
    let key = workspace.key.clone();
    ctx.client
        .call(fresh, steps, call, move |called: Called<R>| {
            if fresh && records_loading {
                dispatcher.dispatch(Action::ProjectLoaded(false));
                dispatcher.dispatch(Action::For(
                    key,
                    Box::new(Action::ProjectLoaded(called.started)),
                ));
            }
            then(&dispatcher, called);
        });
}

/// Sends the request builder's request to the learner's `app` (loading the project first when
/// the interpreter does not have it) and shows the exchange in the inspector.
pub fn send(ctx: &Ctx, draft: RequestDraft) {
    let call = SupportCall::Inspect {
        draft: draft.trimmed(),
    };
    call_app(
        ctx,
        call,
        true,
        move |dispatcher, called: Called<Exchange>| match called.reply {
            Some(exchange) => dispatcher.dispatch(Action::Exchanged(exchange)),
            None => {
                dispatcher.dispatch(Action::Ran {
                    label: format!("{} {}", draft.method, draft.target),
                    outcome: called.outcome,
                });
                dispatcher.dispatch(Action::Tab(Tab::Console));
            }
        },
    );
}

/// One of the lab's controls, then a fresh reading of the lab.
pub fn lab(ctx: &Ctx, control: LabControl) {
    let call = SupportCall::Lab { control };
    call_app(
        ctx,
        call,
        true,
        move |dispatcher, called: Called<LabReading>| match called.reply {
            Some(reading) => dispatcher.dispatch(Action::Lab(reading)),
            None => dispatcher.dispatch(Action::Ran {
                label: format!("Lab: {}", control.name()),
                outcome: called.outcome,
            }),
        },
    );
}

/// EXPLAIN QUERY PLAN for one statement of the SQL panel, in the app's database.
pub fn explain(ctx: &Ctx, sql: String, params: serde_json::Value) {
    let key = plan_key(&sql, &params);
    let call = SupportCall::Explain { sql, params };
    call_app(
        ctx,
        call,
        false,
        move |dispatcher, called: Called<QueryPlan>| {
            let plan = match (called.reply, &called.outcome.error) {
                (Some(plan), _) => plan,
                (None, Some(error)) => vec![format!(
                    "Could not explain it: {}: {}",
                    error.kind, error.message
                )],
                (None, None) => Vec::new(),
            };
            dispatcher.dispatch(Action::Plan(key, plan));
        },
    );
}

/// Fetches the framework's source from the worker (once), for the source tab.
pub fn load_sources(ctx: &Ctx) {
    if ctx.state.sources.is_some() {
        return;
    }
    let dispatcher = ctx.state.dispatcher();
    ctx.client.framework_sources(move |sources| match sources {
        Some(sources) => dispatcher.dispatch(Action::Sources(Rc::new(sources))),
        None => dispatcher.dispatch(Action::Notice(
            "The framework's source could not be read from the interpreter.".into(),
        )),
    });
}

/// A `python run` example of the lesson, in a fresh interpreter with the lesson's setup files
/// importable (as `glassbox check` runs it); its output shows under it.
pub fn run_example(ctx: &Ctx, index: usize, setup: &[SourceFile], code: &str) {
    let dispatcher = ctx.state.dispatcher();
    let steps = checking::example_steps(setup, code);
    let must_succeed = steps.len() - 1;
    let route = ctx.state.route.clone();
    ctx.client
        .steps(true, steps, must_succeed, move |outcomes| {
            dispatcher.dispatch(Action::ProjectLoaded(false));
            dispatcher.dispatch(Action::ExampleFor(
                route,
                index,
                outcomes.into_iter().last().unwrap_or_default(),
            ));
        });
}

/// Reads more of a stream the inspector left open (`pieces`: how many, `None` to the end), or
/// hangs up (`close`), and shows what came in its exchange.
pub fn read_stream(ctx: &Ctx, stream: u32, pieces: Option<u32>, close: bool) {
    let call = SupportCall::ReadStream {
        stream,
        pieces,
        close,
    };
    call_app(
        ctx,
        call,
        false,
        move |dispatcher, called: Called<glassbox_site::exchange::StreamReading>| match called.reply
        {
            Some(reading) => dispatcher.dispatch(Action::StreamRead(reading)),
            None => dispatcher.dispatch(Action::Ran {
                label: "Read the stream".into(),
                outcome: called.outcome,
            }),
        },
    );
}
