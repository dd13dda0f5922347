//! The interpreter worker: owns one Python session and answers the page's messages.
//! Loaded by `site/js/worker-loader.js`, which downloads this binary's wasm with progress.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;

    use glassbox_runtime::{RunOutcome, Session};
    use glassbox_site::protocol::{
        ErrorInfo, FromWorker, Outcome, SUPPORT_DISPATCH, SUPPORT_MODULE, Step, ToWorker,
    };
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
        /// The next fresh interpreter, made and warmed (`Session::warmed`) while the page is
        /// idle, so a Run's reset costs a swap instead of a start-up.
        static SPARE: RefCell<Option<Session>> = const { RefCell::new(None) };
        /// When the last message from the page was answered (`now_ms`).
        static LAST_MESSAGE_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
        /// Whether a timer to make the spare is already waiting.
        static SPARE_TIMER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        static STREAMING: RefCell<Streaming> = RefCell::new(Streaming::default());
    }

    /// Forwards output to the page while a request runs. A worker busy in Python runs no timers,
    /// so output is sent from the write itself: each of a run's first `IMMEDIATE_WRITES` writes at
    /// once (a `print` before a loop that never ends reaches the page), later ones gathered and
    /// sent at most every `INTERVAL_MS` (a program printing 200,000 lines does not send 200,000
    /// messages; what is gathered when such a program hangs is lost with the worker).
    #[derive(Default)]
    struct Streaming {
        /// The request running now, if any.
        id: Option<u32>,
        writes: usize,
        last_sent_ms: f64,
        pending: Vec<(String, String)>,
    }

    const IMMEDIATE_WRITES: usize = 400;
    const SPARE_AFTER_IDLE_MS: i32 = 1500;
    const INTERVAL_MS: f64 = 100.0;

    fn listen_to_output(scope: DedicatedWorkerGlobalScope) {
        glassbox_runtime::set_output_listener(Some(Box::new(move |stream, text| {
            STREAMING.with(|streaming| {
                let mut streaming = streaming.borrow_mut();
                let Some(id) = streaming.id else { return };
                let stream = if stream == "<stderr>" {
                    "stderr"
                } else {
                    "stdout"
                };
                match streaming.pending.last_mut() {
                    Some((last, gathered)) if last == stream => gathered.push_str(text),
                    _ => streaming.pending.push((stream.to_owned(), text.to_owned())),
                }
                streaming.writes += 1;
                let now = now_ms();
                if streaming.writes <= IMMEDIATE_WRITES
                    || now - streaming.last_sent_ms >= INTERVAL_MS
                {
                    streaming.last_sent_ms = now;
                    for (stream, text) in std::mem::take(&mut streaming.pending) {
                        send(&scope, &FromWorker::Output { id, stream, text });
                    }
                }
            })
        })));
    }

    /// Streams the output of request `id` while `work` runs.
    fn streaming<T>(id: u32, work: impl FnOnce() -> T) -> T {
        STREAMING.with(|streaming| {
            *streaming.borrow_mut() = Streaming {
                id: Some(id),
                last_sent_ms: now_ms(),
                ..Streaming::default()
            }
        });
        let result = work();
        STREAMING.with(|streaming| *streaming.borrow_mut() = Streaming::default());
        result
    }

    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        report_panics(scope.clone());
        let started = now_ms();
        // One empty run before `ready`: the first run of a session pays for the browser
        // compiling the interpreter's hot paths (lazily, on first call) and for first-time set-up,
        // a few hundred milliseconds that belong to start-up rather than to the learner's Run.
        let mut first = Session::new();
        let _ = first.run("pass");
        SESSION.with(|session| *session.borrow_mut() = Some(first));
        send(
            &scope,
            &FromWorker::Ready {
                startup_ms: now_ms() - started,
            },
        );

        listen_to_output(scope.clone());
        let handler_scope = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            match serde_json::from_str::<ToWorker>(&text) {
                Ok(message) => {
                    send(&handler_scope, &handle(message));
                    LAST_MESSAGE_MS.with(|last| last.set(now_ms()));
                    prepare_spare_soon(&handler_scope);
                }
                Err(error) => web_sys::console::error_1(
                    &format!("worker: bad message {text:?}: {error}").into(),
                ),
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget(); // the worker lives as long as this handler
        prepare_spare_soon(&scope);
    }

    /// A fresh interpreter for a reset: the spare if one is ready, else a new one now.
    fn fresh_session() -> Session {
        SPARE
            .with(|spare| spare.borrow_mut().take())
            .unwrap_or_default()
    }

    /// Makes the next spare once the worker has been idle for `SPARE_AFTER_IDLE_MS` (a learner
    /// reading, not a test or a script sending message after message). A message arriving while
    /// it is made waits for it, as it would for a start-up.
    fn prepare_spare_soon(scope: &DedicatedWorkerGlobalScope) {
        if SPARE.with(|spare| spare.borrow().is_some())
            || SPARE_TIMER.with(|timer| timer.replace(true))
        {
            return; // one spare, and one timer waiting to make it
        }
        let scope_again = scope.clone();
        let prepare = Closure::once_into_js(move || {
            SPARE_TIMER.with(|timer| timer.set(false));
            let idle_ms = now_ms() - LAST_MESSAGE_MS.with(|last| last.get());
            if idle_ms < f64::from(SPARE_AFTER_IDLE_MS) {
                prepare_spare_soon(&scope_again); // busy since: wait for the next quiet spell
            } else if SPARE.with(|spare| spare.borrow().is_none()) {
                let warmed = Session::warmed();
                SPARE.with(|spare| *spare.borrow_mut() = Some(warmed));
            }
        });
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(
            prepare.unchecked_ref(),
            SPARE_AFTER_IDLE_MS,
        );
    }

    fn handle(message: ToWorker) -> FromWorker {
        SESSION.with(|session| {
            let mut session = session.borrow_mut();
            let session = session.get_or_insert_with(Session::new);
            match message {
                ToWorker::Run { id, code } => FromWorker::Ran {
                    id,
                    outcome: outcome(streaming(id, || session.run(&code))),
                },
                ToWorker::Reset { id } => {
                    *session = fresh_session();
                    FromWorker::WasReset { id }
                }
                ToWorker::Steps {
                    id,
                    fresh,
                    steps,
                    must_succeed,
                } => {
                    if fresh {
                        *session = fresh_session();
                    }
                    let outcomes = streaming(id, || run_steps(session, &steps, must_succeed));
                    FromWorker::RanSteps { id, outcomes }
                }
                ToWorker::Call {
                    id,
                    fresh,
                    prelude,
                    call,
                } => {
                    if fresh {
                        *session = fresh_session();
                    }
                    let mut outcomes = run_steps(session, &prelude, prelude.len());
                    if outcomes.iter().any(|outcome| outcome.error.is_some()) {
                        return FromWorker::Called {
                            id,
                            outcomes,
                            reply: None,
                        };
                    }
                    let call = serde_json::to_value(&call).expect("support calls serialise");
                    let called = session.call(SUPPORT_MODULE, SUPPORT_DISPATCH, &[call]);
                    let reply = called.outcome.succeeded().then_some(called.value);
                    outcomes.push(outcome(called.outcome));
                    FromWorker::Called {
                        id,
                        outcomes,
                        reply,
                    }
                }
                ToWorker::FrameworkSources { id } => FromWorker::FrameworkSources {
                    id,
                    sources: glassbox_runtime::framework_sources()
                        .iter()
                        .map(|(path, source)| ((*path).to_owned(), (*source).to_owned()))
                        .collect(),
                },
            }
        })
    }

    /// Runs `steps` in order; if one of the first `must_succeed` fails, the rest are skipped.
    fn run_steps(session: &mut Session, steps: &[Step], must_succeed: usize) -> Vec<Outcome> {
        let mut outcomes = Vec::with_capacity(steps.len());
        for (index, step) in steps.iter().enumerate() {
            let ran = outcome(match step {
                Step::Run { filename, source } => session.run_file(filename, source),
                Step::Call {
                    module,
                    function,
                    arguments,
                } => session.call(module, function, arguments).outcome,
            });
            let stop = ran.error.is_some() && index < must_succeed;
            outcomes.push(ran);
            if stop {
                break;
            }
        }
        outcomes
    }

    /// A panic aborts the wasm instance (`unreachable`); tell the page why before that happens.
    fn report_panics(scope: DedicatedWorkerGlobalScope) {
        std::panic::set_hook(Box::new(move |info| {
            let message = info.to_string();
            web_sys::console::error_1(&format!("glassbox worker panicked: {message}").into());
            send(&scope, &FromWorker::Crashed { message });
        }));
    }

    fn outcome(run: RunOutcome) -> Outcome {
        Outcome {
            stdout: run.stdout,
            stderr: run.stderr,
            error: run.error.map(|error| ErrorInfo {
                kind: error.kind,
                message: error.message,
                traceback: error.traceback,
                line: error.line,
            }),
            elapsed_ms: run.elapsed_ms,
        }
    }

    fn send(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
        let json = serde_json::to_string(message).expect("protocol messages serialise");
        if let Err(error) = scope.post_message(&JsValue::from_str(&json)) {
            web_sys::console::error_2(&"worker: postMessage failed".into(), &error);
        }
    }

    fn now_ms() -> f64 {
        js_sys::Date::now()
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("glassbox-worker is a browser worker: build the site with `make dist`.");
}
