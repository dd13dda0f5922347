//! The check plan, run step by step in a real session the way the browser runs it: the learner's
//! files import each other, checks see the learner's names, and failures read well.

use glassbox_content::checking::{self, Plan};
use glassbox_content::model::{Check, Exercise, SourceFile};
use glassbox_content::prove::run_step;
use glassbox_content::run::on_interpreter_thread;
use glassbox_runtime::{RunOutcome, Session};

fn file(name: &str, code: &str) -> SourceFile {
    SourceFile {
        name: name.into(),
        code: code.into(),
    }
}

fn exercise(files: Vec<SourceFile>, checks: &[&str]) -> Exercise {
    Exercise {
        id: "main".into(),
        line: 1,
        entry: if files.iter().any(|file| file.name == "app.py") {
            "app.py".into()
        } else {
            files[0].name.clone()
        },
        files,
        checks: checks
            .iter()
            .map(|code| Check {
                title: None,
                code: (*code).into(),
                line: 1,
            })
            .collect(),
        ..Exercise::default()
    }
}

/// Runs the plan; returns the entry's outcome and each check's.
fn run(exercise: Exercise) -> (RunOutcome, Vec<RunOutcome>) {
    on_interpreter_thread(move || {
        let Plan {
            setup,
            entry,
            helpers,
            checks,
        } = checking::plan(&exercise, &exercise.files);
        let mut session = Session::new();
        assert_eq!(run_step(&mut session, &setup).error, None);
        let entry = run_step(&mut session, &entry);
        assert_eq!(run_step(&mut session, &helpers).error, None);
        let checks = checks
            .iter()
            .map(|step| run_step(&mut session, step))
            .collect();
        (entry, checks)
    })
}

#[test]
fn files_import_each_other_and_checks_see_the_entrys_names() {
    let (entry, checks) = run(exercise(
        vec![
            file(
                "views.py",
                "import helpers\n\ndef home():\n    return helpers.shout('hi')\n",
            ),
            file("helpers.py", "def shout(text):\n    return text.upper()\n"),
            file("app.py", "import views\n\npage = views.home()\n"),
        ],
        &[
            "assert page == 'HI', page",
            "check(views.home() == 'HI', 'home() should shout')",
        ],
    ));
    assert_eq!(entry.error, None);
    assert!(checks.iter().all(RunOutcome::succeeded), "{checks:?}");
}

#[test]
fn a_failed_check_carries_the_message_for_the_learner() {
    let (_, checks) = run(exercise(
        vec![file("main.py", "def add(a, b):\n    return a - b\n")],
        &[
            "check(add(2, 2) == 4, f'add(2, 2) should be 4, not {add(2, 2)}')",
            "missing = defined('subtract')",
        ],
    ));
    let first = checks[0].error.as_ref().expect("the check fails");
    assert_eq!(
        (first.kind.as_str(), first.message.as_str()),
        ("CheckFailed", "add(2, 2) should be 4, not 0")
    );
    let second = checks[1].error.as_ref().expect("subtract is not defined");
    assert_eq!(second.message, "Define a function named `subtract`.");
}

#[test]
fn the_client_talks_to_the_learners_app_and_says_when_there_is_none() {
    let app = "from glassbox.app import Glassbox\nfrom glassbox.http import HttpResponse\nfrom glassbox.urls import path\n\n\
               app = Glassbox(urls=[path('', lambda request: HttpResponse('home'))])\n";
    let (_, checks) = run(exercise(
        vec![file("app.py", app)],
        &["check(client.get('/').text == 'home', 'GET / should say home')"],
    ));
    assert!(checks[0].succeeded(), "{:?}", checks[0]);
    let (_, checks) = run(exercise(
        vec![file("app.py", app)],
        &[
            "check([event['status'] for event in events(client.get('/'), 'response')] == [200], 'one response')",
            "from glassbox.http import HttpResponse\nevents(HttpResponse('direct'), 'view')",
        ],
    ));
    assert!(checks[0].succeeded(), "{:?}", checks[0]);
    assert!(
        checks[1]
            .error
            .as_ref()
            .is_some_and(|error| error.message.starts_with("This response has no trace")),
        "{:?}",
        checks[1]
    );
    let (_, checks) = run(exercise(
        vec![file("main.py", "x = 1\n")],
        &["client.get('/')"],
    ));
    let error = checks[0].error.as_ref().expect("no app");
    assert_eq!(
        error.message,
        "Your code must define `app`, the application the requests go to."
    );
}

#[test]
fn a_learners_error_points_at_their_own_file() {
    let (entry, _) = run(exercise(
        vec![
            file("views.py", "def home():\n    return 1 / 0\n"),
            file("app.py", "import views\nviews.home()\n"),
        ],
        &[],
    ));
    let error = entry.error.expect("division by zero");
    assert_eq!(error.kind, "ZeroDivisionError");
    assert!(
        error.traceback.contains("File \"views.py\", line 2"),
        "{}",
        error.traceback
    );
}
