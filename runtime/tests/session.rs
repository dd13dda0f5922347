//! The session API: what a run returns, what persists between runs, and how errors are told.

mod support;

use support::with_session;

#[test]
fn print_reaches_stdout_and_nothing_else() {
    let outcome = with_session(|session| session.run("print(1 + 1)"));
    assert_eq!(outcome.stdout, "2\n");
    assert_eq!(outcome.stderr, "");
    assert_eq!(outcome.error, None);
    assert!(outcome.elapsed_ms >= 0.0);
}

#[test]
fn stderr_is_captured_apart_from_stdout() {
    let outcome = with_session(|session| {
        session.run("import sys, logging\nprint('out')\nprint('err', file=sys.stderr)\nlogging.warning('careful')")
    });
    assert_eq!(outcome.stdout, "out\n");
    assert_eq!(outcome.stderr, "err\nWARNING:root:careful\n");
}

#[test]
fn globals_persist_between_runs_until_reset() {
    let (second, after_reset) = with_session(|session| {
        assert!(session.run("counter = 41").succeeded());
        let second = session.run("counter += 1\nprint(counter)");
        session.reset();
        (second, session.run("print(counter)"))
    });
    assert_eq!(second.stdout, "42\n");
    let error = after_reset.error.expect("the variable is gone after reset");
    assert_eq!(error.kind, "NameError");
    assert_eq!(error.line, Some(1));
}

#[test]
fn an_exception_reports_kind_message_traceback_and_learner_line() {
    let outcome = with_session(|session| {
        session.run("def divide(a, b):\n    return a / b\n\nprint('before')\ndivide(1, 0)\n")
    });
    assert_eq!(outcome.stdout, "before\n");
    let error = outcome.error.expect("division by zero raises");
    assert_eq!(error.kind, "ZeroDivisionError");
    assert_eq!(error.message, "division by zero");
    assert_eq!(
        error.line,
        Some(2),
        "the innermost line of the learner's file"
    );
    assert!(
        error
            .traceback
            .starts_with("Traceback (most recent call last):"),
        "{}",
        error.traceback
    );
    assert!(
        error.traceback.contains("File \"main.py\", line 5"),
        "{}",
        error.traceback
    );
    assert!(
        !error.traceback.contains("_glassbox_boot"),
        "our own frames are hidden: {}",
        error.traceback
    );
}

#[test]
fn a_syntax_error_reports_its_line() {
    let outcome = with_session(|session| session.run("x = 1\ny = 2\nif x = y:\n    pass\n"));
    let error = outcome.error.expect("a syntax error");
    assert_eq!(error.kind, "SyntaxError");
    assert_eq!(error.line, Some(3));
}

#[test]
fn runaway_recursion_raises_recursion_error_and_the_session_survives() {
    let (runaway, next) = with_session(|session| {
        (
            session.run("def f(n):\n    return f(n + 1)\nf(0)"),
            session.run("print('still here')"),
        )
    });
    assert_eq!(
        runaway.error.expect("recursion error").kind,
        "RecursionError"
    );
    assert_eq!(next.stdout, "still here\n");
}

#[test]
fn megabytes_of_output_are_cut_short_with_a_note() {
    let outcome =
        with_session(|session| session.run("for i in range(300_000):\n    print('0123456789')"));
    assert_eq!(outcome.error, None);
    assert!(
        outcome.stdout.len() < 1_100_000,
        "output was {} bytes",
        outcome.stdout.len()
    );
    assert!(
        outcome
            .stdout
            .ends_with("[output stopped after 1,000,000 characters]\n")
    );
}

#[test]
fn system_exit_is_reported_not_fatal() {
    let (exit, next) = with_session(|session| {
        (
            session.run("import sys\nsys.exit(3)"),
            session.run("print('ok')"),
        )
    });
    assert_eq!(
        exit.error.expect("SystemExit is reported").kind,
        "SystemExit"
    );
    assert_eq!(next.stdout, "ok\n");
}

#[test]
fn the_glassbox_package_is_frozen_in_and_its_source_is_browsable() {
    let outcome =
        with_session(|session| session.run("import glassbox\nprint(glassbox.__version__)"));
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.stdout.trim(), env!("CARGO_PKG_VERSION"));
    let sources = glassbox_runtime::framework_sources();
    let init = sources
        .iter()
        .find(|(path, _)| *path == "glassbox/__init__.py")
        .expect("package source");
    assert!(init.1.contains("__version__"));
}

#[test]
fn tracebacks_quote_framework_lines_too() {
    let outcome = with_session(|session| {
        session.run("from glassbox.urls import path\npath('<int:broken', lambda request: None)")
    });
    let error = outcome.error.expect("a malformed route raises");
    let framework_frame = error
        .traceback
        .lines()
        .position(|line| line.contains("File \"glassbox/urls.py\""))
        .expect(&error.traceback);
    let quoted = error
        .traceback
        .lines()
        .nth(framework_frame + 1)
        .unwrap_or_default();
    assert!(
        !quoted.trim().is_empty() && !quoted.trim_start().starts_with("File"),
        "no source line under the framework frame:\n{}",
        error.traceback
    );
}

#[test]
fn a_run_past_its_time_limit_is_stopped_with_its_line_and_the_session_goes_on() {
    let (stopped, swallowed, next) = with_session(|session| {
        session.set_time_limit(Some(std::time::Duration::from_millis(300)));
        let stopped = session.run("x = 0\nwhile True:\n    x += 1\n");
        // Catching the interrupt must not keep a runaway loop alive.
        let swallowed = session
            .run("while True:\n    try:\n        pass\n    except BaseException:\n        pass\n");
        (stopped, swallowed, session.run("print('still here')"))
    });
    let error = stopped.error.expect("the loop is stopped");
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error.line, Some(2 | 3)), "{error:?}");
    assert!(stopped.elapsed_ms < 5_000.0, "{}", stopped.elapsed_ms);
    assert!(swallowed.error.expect("stopped too").is_timeout());
    assert_eq!(next.stdout, "still here\n", "{next:?}");
}

/// The worker swaps in a warmed interpreter at the next fresh run. It must be as fresh as a new
/// one to the learner (nothing in their globals), and its list of modules must cover what the
/// framework imports from the standard library, or the warming saves less than it should.
#[test]
fn a_warmed_session_is_fresh_to_the_learner_and_has_the_frameworks_imports_loaded() {
    let outcome = with_session(|session| {
        *session = glassbox_runtime::Session::warmed();
        session.run(
            "import sys\n\
             print(sorted(name for name in ('inspect', 'logging', 'json') if name in globals()))\n\
             before = set(sys.modules)\n\
             import glassbox.app, glassbox.http, glassbox.urls, glassbox.db.models, glassbox.test\n\
             import glassbox.forms, glassbox.template, glassbox.auth, glassbox.cache\n\
             print(sorted(name for name in set(sys.modules) - before\n\
                          if not name.startswith(('glassbox', '_'))))",
        )
    });
    assert_eq!(outcome.error, None, "{outcome:?}");
    assert_eq!(
        outcome.stdout, "[]\n[]\n",
        "the learner's globals are empty, and every standard-library module the framework \
         imports is in _glassbox_boot.WARM_MODULES (add the ones listed)"
    );
}
