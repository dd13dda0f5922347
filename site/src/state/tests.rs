//! The reducer's tricky paths, natively: actions for an exercise the learner has left, the
//! program going stale, replacing files and undoing it, and the follower's snapshot.

use std::collections::BTreeSet;
use std::rc::Rc;

use glassbox_content::model::{Exercise, SourceFile};

use super::*;
use crate::protocol::{ErrorInfo, Outcome};

fn file(name: &str, code: &str) -> SourceFile {
    SourceFile {
        name: name.into(),
        code: code.into(),
    }
}

fn workspace(key: &str, files: Vec<SourceFile>) -> Workspace {
    let exercise = Exercise {
        id: key.into(),
        line: 0,
        files: files.clone(),
        entry: "app.py".into(),
        hints: vec!["first".into(), "second".into()],
        ..Exercise::default()
    };
    Workspace::new(key.into(), Rc::new(exercise), files)
}

fn state_with(key: &str) -> State {
    let state = State::new(Route::Playground, BTreeSet::new());
    state.reduce(Action::OpenWorkspace(workspace(
        key,
        vec![file("app.py", "app = 1\n"), file("views.py", "# views\n")],
    )))
}

fn ran(stdout: &str) -> Outcome {
    Outcome {
        stdout: stdout.into(),
        ..Outcome::default()
    }
}

#[test]
fn actions_for_the_current_exercise_apply() {
    let state = state_with("a#one").reduce(Action::For(
        "a#one".into(),
        Box::new(Action::Checked(vec![CheckResult {
            passed: true,
            message: "Passed".into(),
            title: None,
            failure: None,
        }])),
    ));
    let checks = state.workspace.unwrap().checks.unwrap();
    assert!(checks[0].passed);
}

#[test]
fn actions_for_an_exercise_that_is_no_longer_current_are_dropped() {
    let before = state_with("a#one");
    // The learner moved on before the worker answered.
    let moved = before.reduce(Action::OpenWorkspace(workspace(
        "a#two",
        vec![file("app.py", "")],
    )));
    let after = moved.clone().reduce(Action::For(
        "a#one".into(),
        Box::new(Action::ProjectLoaded(true)),
    ));
    assert_eq!(after, moved, "a stale reply changes nothing");
    let after = moved.clone().reduce(Action::For(
        "a#one".into(),
        Box::new(Action::ErrorAt(Some(ErrorMark {
            file: "app.py".into(),
            line: 3,
            message: "NameError: x".into(),
        }))),
    ));
    assert_eq!(after.workspace.unwrap().error, None);
}

#[test]
fn the_project_is_loaded_until_the_code_changes() {
    let state = state_with("playground").reduce(Action::For(
        "playground".into(),
        Box::new(Action::ProjectLoaded(true)),
    ));
    assert!(state.project_loaded);
    // An edit makes the program in the interpreter stale: requests must load the new code.
    let edited = state.clone().reduce(Action::Edit("app = 2\n".into()));
    assert!(!edited.project_loaded);
    let workspace = edited.workspace.as_ref().unwrap();
    assert_eq!(workspace.files[0].code, "app = 2\n");
    assert_eq!(workspace.edits, 1, "an edit is a change the page saves");
    // So do a reset, the solution and a worker that was replaced.
    for action in [
        Action::ReplaceFiles(vec![file("app.py", "")]),
        Action::ShowSolution(vec![file("app.py", "")]),
        Action::Restarted("Stopped".into()),
        Action::OpenWorkspace(workspace.clone()),
    ] {
        assert!(!state.clone().reduce(action).project_loaded);
    }
}

#[test]
fn replacing_files_can_be_undone_across_every_file() {
    let state = state_with("playground")
        .reduce(Action::SelectFile(1))
        .reduce(Action::Edit("# my views\n".into()))
        .reduce(Action::Checked(Vec::new()))
        .reduce(Action::ReplaceFiles(vec![
            file("app.py", "start\n"),
            file("views.py", ""),
        ]));
    let workspace = state.workspace.as_ref().unwrap();
    assert_eq!(workspace.files[0].code, "start\n");
    assert_eq!((workspace.revision, workspace.edits), (1, 2));
    assert_eq!(workspace.checks, None, "a reset clears the check results");
    let undone = state.reduce(Action::UndoReplace);
    let workspace = undone.workspace.as_ref().unwrap();
    assert_eq!(workspace.files[0].code, "app = 1\n");
    assert_eq!(workspace.files[1].code, "# my views\n");
    assert_eq!((workspace.revision, workspace.edits), (2, 3));
    assert_eq!(workspace.previous_files, None);
    // Nothing more to undo.
    assert_eq!(undone.clone().reduce(Action::UndoReplace), undone);
}

#[test]
fn the_solution_is_undoable_too() {
    let state =
        state_with("playground").reduce(Action::ShowSolution(vec![file("app.py", "solved\n")]));
    let workspace = state.workspace.as_ref().unwrap();
    assert!(workspace.solution_shown);
    assert_eq!(workspace.files, vec![file("app.py", "solved\n")]);
    let undone = state.reduce(Action::UndoReplace);
    assert_eq!(undone.workspace.unwrap().files[0].code, "app = 1\n");
}

#[test]
fn hints_stop_at_the_last_one() {
    let mut state = state_with("playground");
    for _ in 0..5 {
        state = state.reduce(Action::ShowHint);
    }
    assert_eq!(state.workspace.unwrap().hints_shown, 2);
}

#[test]
fn revealing_a_line_twice_is_two_changes() {
    let reveal = || Action::Reveal {
        file: "views.py".into(),
        line: 4,
    };
    let once = state_with("playground").reduce(reveal());
    let twice = once.clone().reduce(reveal());
    let (first, second) = (once.workspace.unwrap(), twice.workspace.unwrap());
    assert_eq!(first.active, 1);
    assert_ne!(first.reveal, second.reveal);
    assert_eq!(second.reveal.unwrap().count, 1);
    // A file that is not the learner's changes nothing.
    let other = state_with("playground");
    assert_eq!(
        other.clone().reduce(Action::Reveal {
            file: "glassbox/http.py".into(),
            line: 1
        }),
        other
    );
}

#[test]
fn an_example_answer_for_another_page_is_dropped() {
    let state = State::new(Route::Lesson("01/x".into()), BTreeSet::new());
    let here = state.clone().reduce(Action::ExampleFor(
        Route::Lesson("01/x".into()),
        0,
        ran("hi"),
    ));
    assert_eq!(here.examples.len(), 1);
    let elsewhere = state.reduce(Action::ExampleFor(Route::Playground, 0, ran("hi")));
    assert!(elsewhere.examples.is_empty());
}

#[test]
fn leaving_the_shared_page_drops_its_banner() {
    let state = State::new(Route::Playground, BTreeSet::new()).reduce(Action::Banner(Some(
        Banner::Shared {
            hash: "abcdef".into(),
            key: "playground".into(),
        },
    )));
    let same = state.clone().reduce(Action::Navigate(Route::Playground));
    assert!(same.banner.is_some());
    let left = state.reduce(Action::Navigate(Route::Outline));
    assert_eq!(left.banner, None);
}

#[test]
fn a_follower_applies_the_presenters_snapshot_and_never_saves() {
    let secret = "s3cret-key-value".to_owned();
    let mut presenter = state_with("playground")
        .reduce(Action::Edit("print('live')\n".into()))
        .reduce(Action::Tab(Tab::Sql))
        .reduce(Action::Draft(RequestDraft {
            target: "/polls/".into(),
            ..RequestDraft::get_root()
        }))
        .reduce(Action::Ran {
            label: "Run app.py".into(),
            outcome: Outcome {
                error: Some(ErrorInfo {
                    kind: "ValueError".into(),
                    message: format!("bad key {secret}"),
                    traceback: String::new(),
                    line: Some(1),
                }),
                ..Outcome::default()
            },
        });
    presenter.presenter.on = true;
    presenter.exchanges.push(Rc::new(
        serde_json::from_value(serde_json::json!({
            "request": RequestDraft::get_root(), "status": 200, "reason": "OK", "headers": [],
            "body": "", "trace": [], "printed": "", "cookie_jar": {}, "secrets": [secret],
        }))
        .unwrap(),
    ));
    let snapshot = Snapshot::of(&presenter);
    // It travels as JSON over a BroadcastChannel, with the secrets masked before it leaves.
    let json = serde_json::to_string(&snapshot).unwrap();
    assert!(!json.contains(&secret));
    let snapshot: Snapshot = serde_json::from_str(&json).unwrap();

    let mut follower = State::new(Route::Outline, BTreeSet::new());
    follower.follower = true;
    let opened = workspace("playground", vec![file("app.py", "saved code\n")]);
    let follower = follower.reduce(Action::ApplyFollowerSnapshot {
        snapshot: Box::new(snapshot.clone()),
        workspace: Some(Box::new(opened)),
    });
    assert_eq!(follower.route, Route::Playground);
    let workspace = follower.workspace.as_ref().unwrap();
    assert!(
        !workspace.saved,
        "a follower never writes the presenter's code to storage"
    );
    assert_eq!(workspace.files[0].code, "print('live')\n");
    assert_eq!(
        workspace.revision, 1,
        "the editor is told the files changed"
    );
    assert_eq!(follower.tab, Tab::Sql);
    assert_eq!(follower.draft.target, "/polls/");
    assert!(follower.presenter.on);
    assert_eq!(follower.exchanges.len(), 1);
    match &follower.console[0] {
        Entry::Ran { outcome, .. } => {
            assert!(!outcome.error.as_ref().unwrap().message.contains(&secret))
        }
        other => panic!("expected a run, got {other:?}"),
    }
    // The same snapshot again changes nothing (no new revision for the editor).
    let again = follower.clone().reduce(Action::ApplyFollowerSnapshot {
        snapshot: Box::new(snapshot),
        workspace: None,
    });
    assert_eq!(again, follower);
}

#[test]
fn a_follower_opens_workspaces_unsaved() {
    let mut follower = State::new(Route::Playground, BTreeSet::new());
    follower.follower = true;
    let follower = follower.reduce(Action::OpenWorkspace(workspace("playground", Vec::new())));
    assert!(!follower.workspace.unwrap().saved);
}

#[test]
fn a_prediction_is_revealed_only_by_a_run_after_it_is_committed() {
    let route = Route::Lesson("01-p/01-l".into());
    let state = State::new(route.clone(), BTreeSet::new()).reduce(Action::ExampleFor(
        route.clone(),
        3,
        ran("2\n"),
    ));
    assert_eq!(state.prediction(2, 3), PredictionStage::Open);
    let committed = state.reduce(Action::Predict {
        index: 2,
        example: 3,
        answer: "11".into(),
    });
    assert_eq!(
        committed.prediction(2, 3),
        PredictionStage::Committed("11".into()),
        "output from before the commit does not reveal it"
    );
    let revealed = committed.reduce(Action::ExampleFor(route.clone(), 3, ran("2\n")));
    assert_eq!(
        revealed.prediction(2, 3),
        PredictionStage::Revealed {
            answer: "11".into(),
            printed: "2\n".into()
        }
    );
    let elsewhere = revealed.reduce(Action::Navigate(Route::Playground));
    assert_eq!(elsewhere.prediction(2, 3), PredictionStage::Open);
}

#[test]
fn a_workspace_opens_on_its_first_editable_file() {
    let exercise = Exercise {
        files: vec![
            file("models.py", ""),
            file("seed.py", ""),
            file("app.py", ""),
        ],
        read_only: vec!["models.py".into()],
        hidden: vec!["seed.py".into()],
        ..Exercise::default()
    };
    let files = exercise.files.clone();
    let workspace = Workspace::new("l#e".into(), Rc::new(exercise), files);
    assert_eq!(workspace.active, 2);
}

#[test]
fn a_new_page_starts_with_a_clean_console_and_request() {
    let state = state_with("a").reduce(Action::Ran {
        label: "Run".into(),
        outcome: ran("hello\n"),
    });
    let state = state.reduce(Action::Draft(RequestDraft::from_pairs(
        "POST",
        "/vote/",
        &[],
        "choice=1",
    )));
    // The same page again (a hashchange that changes nothing) keeps both.
    let state = state.reduce(Action::Navigate(Route::Playground));
    assert_eq!(state.console.len(), 1);
    assert_eq!(state.draft.method, "POST");
    let state = state.reduce(Action::Navigate(Route::Lesson("01-http/01".into())));
    assert!(state.console.is_empty());
    assert_eq!(state.draft, RequestDraft::get_root());
}

#[test]
fn an_app_is_found_where_it_is_defined_assigned_or_imported() {
    let with = |code: &str| workspace("w", vec![file("app.py", code)]).defines_app();
    assert!(with("from glassbox import App\napp = App()\n"));
    assert!(with("app: App = App()\n"));
    assert!(with("def app(environ, start_response):\n    pass\n"));
    assert!(with("from views import (index, app)\n"));
    assert!(!with("request = b'GET / HTTP/1.1'\nprint(request)\n"));
    assert!(!with("def make():\n    app = App()\n"));
    assert!(!with("application = 1\napps = []\n"));
    assert!(with(
        "servers = start_servers([\"web-1\", \"web-2\"], start_up)\n"
    ));
    assert!(!with("servers_started = 2\n"));
}

fn lab_with_servers(servers: &[&str]) -> crate::protocol::LabReading {
    crate::protocol::LabReading {
        servers: servers.iter().map(|name| name.to_string()).collect(),
        ..Default::default()
    }
}

#[test]
fn the_chosen_server_stays_while_the_program_has_it_and_falls_back_to_the_default() {
    let picked = state_with("playground")
        .reduce(Action::Lab(lab_with_servers(&["web-1", "web-2"])))
        .reduce(Action::Draft(RequestDraft {
            server: Some("web-2".into()),
            ..RequestDraft::get_root()
        }));
    let again = picked
        .clone()
        .reduce(Action::Lab(lab_with_servers(&["web-1", "web-2"])));
    assert_eq!(again.draft.server.as_deref(), Some("web-2"));
    // The learner ran a program with other servers, or with one app: web-2 is gone.
    let renamed = picked
        .clone()
        .reduce(Action::Lab(lab_with_servers(&["east", "west"])));
    assert_eq!(renamed.draft.server, None);
    let single = picked.reduce(Action::Lab(lab_with_servers(&[])));
    assert_eq!(single.draft.server, None);
    assert!(single.lab.unwrap().servers.is_empty());
}

#[test]
fn a_draft_for_the_default_server_is_written_as_before_and_an_exchange_says_who_answered() {
    // Share links and follower snapshots made before servers existed read the same.
    let json = serde_json::to_value(RequestDraft::get_root()).unwrap();
    assert_eq!(json.get("server"), None);
    let draft: RequestDraft = serde_json::from_value(
        serde_json::json!({"method": "GET", "target": "/", "headers": "", "body": "", "server": "web-2"}),
    )
    .unwrap();
    assert_eq!(draft.server.as_deref(), Some("web-2"));
    let exchange = |server: serde_json::Value| -> Exchange {
        serde_json::from_value(serde_json::json!({
            "request": draft, "status": 200, "reason": "OK", "headers": [], "body": "",
            "trace": [], "printed": "", "cookie_jar": {}, "server": server,
        }))
        .unwrap()
    };
    let state = state_with("playground").reduce(Action::Exchanged(exchange("web-2".into())));
    assert_eq!(state.exchange().unwrap().server.as_deref(), Some("web-2"));
    assert_eq!(exchange(serde_json::Value::Null).server, None);
}

#[test]
fn a_lab_reading_tolerates_missing_and_unknown_keys() {
    let reading: crate::protocol::LabReading = serde_json::from_value(serde_json::json!({
        "clock": {"time": 1.0, "iso": "x", "frozen": true, "offset_seconds": 0},
        "latency_ms": 5, "network_latency_ms": 150, "servers": ["web-1", "web-2"],
        "something_new": {"a": 1},
    }))
    .unwrap();
    assert_eq!(reading.network_latency_ms, 150.0);
    assert_eq!(reading.servers, ["web-1", "web-2"]);
    let older: crate::protocol::LabReading =
        serde_json::from_value(serde_json::json!({"clock": {"time": 1.0}})).unwrap();
    assert_eq!((older.network_latency_ms, older.servers.len()), (0.0, 0));
}

#[test]
fn output_shows_while_a_run_goes_on_and_a_stop_is_announced_once() {
    let state = state_with("playground")
        .reduce(Action::ProjectLoaded(true))
        .reduce(Action::Printed {
            stream: "stdout".into(),
            text: "before\n".into(),
        });
    assert_eq!(state.live.stdout, "before\n");
    assert!(
        state.console.is_empty(),
        "nothing is logged until the run ends"
    );
    let reason = "You stopped the program.";
    let stopped = state.reduce(Action::Restarted(reason.into()));
    assert!(!stopped.project_loaded);
    assert_eq!(stopped.live, Outcome::default());
    let mut answer = ran("before\n");
    answer.error = Some(ErrorInfo {
        kind: "Stopped".into(),
        message: reason.into(),
        traceback: String::new(),
        line: None,
    });
    let logged = stopped.clone().reduce(Action::Ran {
        label: "Run".into(),
        outcome: answer,
    });
    assert_eq!(
        logged.console.len(),
        1,
        "the notice and the run's answer say it once"
    );
    assert!(
        matches!(&logged.console[0], Entry::Ran { outcome, .. } if outcome.stdout == "before\n")
    );
    // A restart that no logged run answers (the page's own call) keeps its notice.
    let ended = stopped
        .reduce(Action::Printed {
            stream: "stderr".into(),
            text: "oops".into(),
        })
        .reduce(Action::Ran {
            label: "Run".into(),
            outcome: ran("all of it"),
        });
    assert_eq!(
        ended.live,
        Outcome::default(),
        "the answer replaces what streamed"
    );
    assert_eq!(ended.console.len(), 2);
}

/// Reading a stream fills in its own exchange only (this test lives here, not in exchange.rs, so
/// that exchange never imports the state).
#[test]
fn reading_a_stream_updates_its_own_exchange_and_no_other() {
    use crate::exchange::{StreamReading, StreamState};
    use serde_json::json;

    // An answered request, and a stream whose body the reads fill in.
    let answered = || -> Exchange {
        serde_json::from_value(json!({
            "request": RequestDraft::get_root(), "status": 200, "reason": "OK", "headers": [],
            "body": r#"{"a":1}"#, "trace": [], "printed": "", "cookie_jar": {},
        }))
        .unwrap()
    };
    let mut stream = answered();
    stream.body = String::new();
    stream.stream = Some(StreamState {
        id: 1,
        open: true,
        pieces: 0,
    });
    let other = answered();
    let state = State::new(Route::Playground, Default::default())
        .reduce(Action::Exchanged(stream))
        .reduce(Action::Exchanged(other));
    let chunk = json!({"type": "stream", "op": "chunk", "bytes": 9, "at_ms": 1.0});
    let read = state.reduce(Action::StreamRead(StreamReading {
        id: 1,
        open: true,
        pieces: 1,
        body: "data: 7\n\n".into(),
        trace: vec![chunk.clone()],
    }));
    let stream = &read.exchanges[0];
    assert_eq!(stream.body, "data: 7\n\n");
    assert_eq!(stream.trace, vec![chunk]);
    assert_eq!(stream.stream.as_ref().unwrap().pieces, 1);
    assert_eq!(
        read.exchanges[1].body, r#"{"a":1}"#,
        "the other request is left alone"
    );
    assert_eq!(
        read.selected,
        Some(1),
        "reading does not change the selection"
    );
    let ended = read.reduce(Action::StreamRead(StreamReading {
        id: 1,
        open: false,
        pieces: 1,
        ..StreamReading::default()
    }));
    assert!(!ended.exchanges[0].stream.as_ref().unwrap().open);
    let unknown = ended.clone().reduce(Action::StreamRead(StreamReading {
        id: 9,
        ..StreamReading::default()
    }));
    assert_eq!(unknown, ended, "a stream nobody shows changes nothing");
}
