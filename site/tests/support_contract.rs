//! The contract between the site and the Python lesson support, natively: each `SupportCall`
//! goes to `glassbox_lesson.dispatch` the way the worker sends it, and its reply reads into the
//! Rust type the page reads it into.

use glassbox_content::checking::{self, Step};
use glassbox_content::model::{Exercise, SourceFile};
use glassbox_runtime::Session;
use glassbox_site::exchange::Exchange;
use glassbox_site::protocol::{
    DatabaseRows, LabControl, LabReading, LoadedRows, QueryPlan, SUPPORT_DISPATCH, SUPPORT_MODULE,
    SupportCall,
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
    let exercise = Exercise {
        id: "playground".into(),
        line: 0,
        files: vec![SourceFile {
            name: "app.py".into(),
            code: APP.into(),
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
