//! The contract between the site and the Python lesson support, natively: each `SupportCall`
//! goes to `glassbox_lesson.dispatch` the way the worker sends it, and its reply reads into the
//! Rust type the page reads it into.

use glassbox_content::checking::{self, Step};
use glassbox_content::model::{Exercise, SourceFile};
use glassbox_runtime::Session;
use glassbox_site::exchange::{Exchange, StreamReading};
use glassbox_site::protocol::{
    DatabaseRows, LabControl, LabReading, LoadedRows, QueryPlan, RunQueries, SUPPORT_DISPATCH,
    SUPPORT_MODULE, SupportCall,
};
use glassbox_site::request::RequestDraft;
use serde::de::DeserializeOwned;

const APP: &str = r#"
from glassbox.app import Glassbox
from glassbox.db import connection
from glassbox.http import JsonResponse
from glassbox.urls import path

connection.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, page TEXT)")


def add(request):
    connection.execute("INSERT INTO visit (page) VALUES (?)", [request.path])
    count = connection.execute("SELECT COUNT(*) FROM visit").fetchone()[0]
    print("visits so far:", count)
    return JsonResponse({"visits": count})


app = Glassbox(settings={"DEBUG": True, "SECRET_KEY": "not-so-secret"}, urls=[path("add/", add)])
"#;

/// A fresh interpreter with the app loaded, as the worker's prelude leaves it.
fn session() -> Session {
    session_with(APP)
}

/// A fresh interpreter with the program `code` loaded as `app.py`.
fn session_with(code: &str) -> Session {
    let exercise = Exercise {
        id: "playground".into(),
        line: 0,
        files: vec![SourceFile {
            name: "app.py".into(),
            code: code.into(),
        }],
        entry: "app.py".into(),
        ..Exercise::default()
    };
    let plan = checking::plan(&exercise, &exercise.files);
    let mut session = Session::new();
    for step in [plan.setup, plan.entry] {
        let outcome = match &step {
            Step::Run { filename, source } => session.run_file(filename, source),
            Step::Call {
                module,
                function,
                arguments,
            } => session.call(module, function, arguments).outcome,
        };
        assert!(outcome.error.is_none(), "{step:?} failed: {outcome:?}");
    }
    session
}

fn call<R: DeserializeOwned>(session: &mut Session, call: &SupportCall) -> R {
    let argument = serde_json::to_value(call).unwrap();
    let called = session.call(SUPPORT_MODULE, SUPPORT_DISPATCH, &[argument]);
    assert!(
        called.outcome.error.is_none(),
        "{call:?}: {:?}",
        called.outcome
    );
    serde_json::from_value(called.value.clone()).unwrap_or_else(|error| {
        panic!(
            "{call:?}: the reply {} does not read: {error}",
            called.value
        )
    })
}

#[test]
fn every_call_answers_in_the_shape_the_page_reads() {
    let mut session = session();
    let draft = RequestDraft {
        method: "POST".into(),
        target: "/add/".into(),
        headers: "X-Test: 1\nAuthorization: Bearer abc".into(),
        body: String::new(),
        server: None,
    };
    let exchange: Exchange = call(
        &mut session,
        &SupportCall::Inspect {
            draft: draft.clone(),
        },
    );
    assert_eq!(exchange.status, 200);
    assert_eq!(
        exchange.request, draft,
        "the exchange records the request as sent"
    );
    assert!(exchange.printed.contains("visits so far: 1"));
    assert_eq!(exchange.secrets, vec!["not-so-secret".to_owned()]);
    let query = exchange
        .queries()
        .into_iter()
        .find(|query| query.sql.starts_with("SELECT"));
    let query = query.expect("the view's SELECT is in the trace");

    let plan: QueryPlan = call(
        &mut session,
        &SupportCall::Explain {
            sql: query.sql,
            params: query.params,
        },
    );
    assert!(!plan.is_empty());

    let reading: LabReading = call(
        &mut session,
        &SupportCall::Lab {
            control: LabControl::Advance { seconds: 300.0 },
        },
    );
    assert!(reading.clock.offset_seconds >= 299.0, "{reading:?}");
    let reading: LabReading = call(
        &mut session,
        &SupportCall::Lab {
            control: LabControl::Latency { milliseconds: 5.0 },
        },
    );
    assert_eq!(reading.latency_ms, 5.0);
    let reading: LabReading = call(
        &mut session,
        &SupportCall::Lab {
            control: LabControl::NetworkLatency {
                milliseconds: 150.0,
            },
        },
    );
    assert_eq!(reading.network_latency_ms, 150.0);
    assert!(reading.servers.is_empty(), "the program has one app");

    let rows: DatabaseRows = call(&mut session, &SupportCall::DumpRows);
    assert_eq!(rows["visit"].rows.len(), 1);
    assert_eq!(rows["visit"].columns, vec!["id", "page"]);

    // Another interpreter takes the rows in, as a share link's viewer does.
    let mut viewer = self::session();
    let loaded: LoadedRows = call(&mut viewer, &SupportCall::LoadRows { rows });
    assert_eq!(loaded["visit"], 1);
}

#[test]
fn the_sql_a_run_sent_is_answered_for_the_sql_tab() {
    // The program created its table while it ran, outside any request: no trace has it.
    let mut session = session();
    let queries: RunQueries = call(&mut session, &SupportCall::Queries);
    assert_eq!(queries.len(), 1, "{queries:?}");
    assert!(queries[0].sql.starts_with("CREATE TABLE visit"));
    assert_eq!(queries[0].params, serde_json::json!([]));
    assert!(queries[0].duration_ms >= 0.0);
    // A program that never touched the database has nothing to show, and costs no import.
    let mut plain = session_with("print('hello')\n");
    let queries: RunQueries = call(&mut plain, &SupportCall::Queries);
    assert!(queries.is_empty());
}

#[test]
fn a_console_line_runs_in_the_programs_interpreter_and_prints_a_value() {
    let mut session = session_with("x = 41\n");
    let mut line = |source: &str| {
        let outcome = session
            .call(SUPPORT_MODULE, "console_line", &[source.into()])
            .outcome;
        assert!(outcome.error.is_none(), "{source}: {outcome:?}");
        (outcome.stdout, outcome.stderr)
    };
    assert_eq!(line("x + 1"), ("42\n".into(), String::new()));
    assert_eq!(line("y = x * 2"), (String::new(), String::new()));
    assert_eq!(line("y"), ("82\n".into(), String::new()));
    assert_eq!(line("None"), (String::new(), String::new()));
    let (stdout, stderr) = line("1 / 0");
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("Traceback"), "{stderr}");
    assert!(stderr.contains("File \"<console>\", line 1"), "{stderr}");
    assert!(
        stderr.ends_with("ZeroDivisionError: division by zero\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("glassbox_lesson"), "{stderr}");
    assert_eq!(
        line("x"),
        ("41\n".into(), String::new()),
        "the interpreter goes on"
    );
}

#[test]
fn the_inspectors_request_credits_its_sql_to_the_app_or_the_framework_never_the_glue() {
    let mut session = session_with(
        r#"
from glassbox.app import Glassbox
from glassbox.auth.models import create_auth_tables
from glassbox.db import connection
from glassbox.http import JsonResponse
from glassbox.urls import path

create_auth_tables(connection)


def count(request):
    request.session["count"] = request.session.get("count", 0) + 1
    return JsonResponse({"count": request.session["count"]})


app = Glassbox(settings={"SECRET_KEY": "not-so-secret"}, urls=[path("", count)],
               middleware=["glassbox.sessions.middleware.SessionMiddleware"])
"#,
    );
    let exchange: Exchange = call(
        &mut session,
        &SupportCall::Inspect {
            draft: RequestDraft::get_root(),
        },
    );
    let wheres: Vec<String> = exchange
        .queries()
        .into_iter()
        .map(|query| query.location)
        .collect();
    assert!(!wheres.is_empty());
    for place in &wheres {
        assert!(
            !place.contains("glassbox_lesson") && !place.is_empty(),
            "{wheres:?}"
        );
    }
    assert!(
        wheres
            .iter()
            .any(|place| place.starts_with("glassbox/sessions/")),
        "{wheres:?}"
    );
}

#[test]
fn an_unknown_or_failing_call_is_an_error_outcome_not_a_reply() {
    let mut session = session();
    let called = session.call(
        SUPPORT_MODULE,
        SUPPORT_DISPATCH,
        &[serde_json::json!({"call": "no_such_call"})],
    );
    let error = called.outcome.error.expect("an unknown call raises");
    assert!(error.message.contains("no_such_call"), "{error:?}");
    let explain = SupportCall::Explain {
        sql: "SELECT * FROM no_such_table".into(),
        params: serde_json::json!([]),
    };
    let called = session.call(
        SUPPORT_MODULE,
        SUPPORT_DISPATCH,
        &[serde_json::to_value(explain).unwrap()],
    );
    assert!(called.outcome.error.is_some());
}

/// Two servers over one database, a signal receiver and a stream of notifications (the browser
/// test `tests/e2e/realtime.test.mjs` drives the same program).
const SERVERS_APP: &str = include_str!("../../tests/e2e/programs/two_servers.py");

#[test]
fn a_request_goes_to_the_server_asked_for_and_a_stream_is_read_a_piece_at_a_time() {
    let mut session = session_with(SERVERS_APP);
    let reading: LabReading = call(
        &mut session,
        &SupportCall::Lab {
            control: LabControl::Read,
        },
    );
    assert_eq!(reading.servers, ["web-1", "web-2"]);
    let to = |method: &str, target: &str, server: &str, body: &str| RequestDraft {
        method: method.into(),
        target: target.into(),
        headers: if body.is_empty() {
            String::new()
        } else {
            "Content-Type: application/x-www-form-urlencoded".into()
        },
        body: body.into(),
        server: Some(server.into()),
    };
    let opened: Exchange = call(
        &mut session,
        &SupportCall::Inspect {
            draft: to("GET", "/stream/", "web-2", ""),
        },
    );
    assert_eq!(opened.server.as_deref(), Some("web-2"));
    let stream = opened.stream.clone().expect("a stream is kept open");
    assert!(stream.open && stream.pieces == 0 && opened.body.is_empty());

    let saved: Exchange = call(
        &mut session,
        &SupportCall::Inspect {
            draft: to("POST", "/add/", "web-1", "points=7"),
        },
    );
    assert_eq!(
        (saved.status, saved.server.as_deref()),
        (201, Some("web-1"))
    );
    let on = |kind: &str, op: &str| -> Vec<String> {
        saved
            .events(kind)
            .filter(|event| event["op"] == op || event["signal"] == op)
            .map(|event| event["server"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(
        on("signal", "post_save"),
        ["web-1"],
        "a signal stays in its process"
    );
    assert_eq!(
        on("notify", "receive"),
        ["web-2"],
        "the notification reaches web-2"
    );

    let read: StreamReading = call(
        &mut session,
        &SupportCall::ReadStream {
            stream: stream.id,
            pieces: Some(1),
            close: false,
        },
    );
    assert!(read.open);
    assert_eq!(read.pieces, 1);
    assert!(
        read.body.contains(r#"data: {"id": 1, "points": 7}"#),
        "{}",
        read.body
    );
    let updated = opened.read(&read).unwrap();
    assert_eq!(
        updated.events("stream").last().unwrap()["op"],
        "chunk",
        "the stream's piece is in its request's trace"
    );
    let ended: StreamReading = call(
        &mut session,
        &SupportCall::ReadStream {
            stream: stream.id,
            pieces: None,
            close: false,
        },
    );
    assert!(!ended.open, "nothing more has arrived: the stream ends");
    let again = session.call(
        SUPPORT_MODULE,
        SUPPORT_DISPATCH,
        &[serde_json::to_value(SupportCall::ReadStream {
            stream: stream.id,
            pieces: None,
            close: false,
        })
        .unwrap()],
    );
    let error = again.outcome.error.expect("an ended stream cannot be read");
    assert!(error.message.contains("not open any more"), "{error:?}");
}

#[test]
fn the_sql_tab_shows_what_each_server_sent_while_the_program_ran() {
    // Each server's start-up writes through its own connection, not the shared one.
    let program = "from glassbox.app import Glassbox\n\
                   from glassbox.db import connection\n\
                   from glassbox.servers import start_servers\n\
                   connection.execute('CREATE TABLE hit (id INTEGER PRIMARY KEY, server TEXT)')\n\
                   def start_up(server):\n\
                   \x20   server.connection.execute('INSERT INTO hit (server) VALUES (?)', [server.name])\n\
                   \x20   return Glassbox(urls=[])\n\
                   servers = start_servers(['web-1', 'web-2'], start_up)\n";
    let mut session = session_with(program);
    let queries: RunQueries = call(&mut session, &SupportCall::Queries);
    let statements: Vec<&str> = queries.iter().map(|query| query.sql.as_str()).collect();
    assert_eq!(statements.len(), 3, "{statements:?}");
    assert!(statements[0].starts_with("CREATE TABLE hit"));
    assert!(
        statements[1..]
            .iter()
            .all(|sql| sql.starts_with("INSERT INTO hit")),
        "{statements:?}"
    );
}
