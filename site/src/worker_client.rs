//! The page's handle on the interpreter worker: sends code, matches answers to requests, and
//! stops a runaway program.
//!
//! A worker stuck in `while True: pass` never reads its messages, so the only way to stop it is
//! `Worker.terminate()` and a fresh worker. A watchdog does that when a run takes longer than
//! `watchdog_ms`; the Stop button does it at once. Either way the pending run is answered with a
//! plain explanation, and the learner's variables are gone with the old worker.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use glassbox_site::protocol::{ErrorInfo, FromWorker, Outcome, Step, SupportCall, ToWorker};
use glassbox_site::state::Status;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// How long a run may take before the watchdog stops it.
pub const DEFAULT_WATCHDOG_MS: u32 = 10_000;

/// The script that starts the worker, relative to the page so the site works under any sub-path.
const WORKER_SCRIPT: &str = "./worker-loader.js";

/// What the page is told about, besides answers to its own requests.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Status(Status),
    /// The worker was replaced; the reason is meant for the learner.
    Restarted {
        reason: String,
    },
    /// Output of the running request, as it is printed (`stream`: "stdout" or "stderr").
    Output {
        stream: String,
        text: String,
    },
}

/// What the worker answered: the outcome of each step that ran (a plain run is one step; a
/// call's own outcome comes last), and a call's reply. A stopped worker's answer is a single
/// outcome saying why, with no reply.
struct Answer {
    outcomes: Vec<Outcome>,
    reply: Option<serde_json::Value>,
}

impl Answer {
    fn outcomes(outcomes: Vec<Outcome>) -> Self {
        Answer {
            outcomes,
            reply: None,
        }
    }
}

type Reply = Box<dyn FnOnce(Answer)>;

/// Told of every [`Event`].
type Listener = Rc<dyn Fn(&Event)>;

/// What a [`SupportCall`] came to.
pub struct Called<R> {
    /// The prelude ran without an error and the call was made: the program is in the interpreter.
    pub started: bool,
    /// The last outcome: the call's own, or the prelude step that failed, or why the worker stopped.
    pub outcome: Outcome,
    /// The reply, if the call ran, returned, and its reply reads as `R`.
    pub reply: Option<R>,
}

struct Request {
    id: u32,
    message: ToWorker,
    reply: Reply,
}

/// A worker's two event handlers, kept alive as long as the browser may call them.
struct Handlers {
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

struct Inner {
    worker: Option<Worker>,
    handlers: Option<Handlers>,
    /// The replaced worker's handlers. A restart usually starts inside one of them (a `Crashed`
    /// message, an error event), and dropping a closure while it runs makes wasm-bindgen throw
    /// "closure invoked recursively or after being dropped"; they are dropped at the next
    /// restart instead, when they have long returned.
    retired: Option<Handlers>,
    ready: bool,
    next_id: u32,
    /// Requests not yet sent: only one runs at a time, so the watchdog times that one alone.
    queue: VecDeque<Request>,
    in_flight: Option<(u32, Reply)>,
    /// When the request in flight was sent (`Date.now()`), and what it printed so far:
    /// a stopped run is answered with both.
    in_flight_since: f64,
    streamed: Outcome,
    watchdog: Option<i32>,
    watchdog_ms: u32,
    listeners: Vec<Listener>,
    ready_waiters: Vec<Box<dyn FnOnce()>>,
}

impl Inner {
    fn idle() -> Self {
        Inner {
            worker: None,
            handlers: None,
            retired: None,
            ready: false,
            next_id: 1,
            queue: VecDeque::new(),
            in_flight: None,
            in_flight_since: 0.0,
            streamed: Outcome::default(),
            watchdog: None,
            watchdog_ms: DEFAULT_WATCHDOG_MS,
            listeners: Vec::new(),
            ready_waiters: Vec::new(),
        }
    }
}

#[derive(Clone)]
pub struct WorkerClient {
    inner: Rc<RefCell<Inner>>,
}

impl PartialEq for WorkerClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl WorkerClient {
    pub fn start() -> Self {
        let client = WorkerClient {
            inner: Rc::new(RefCell::new(Inner::idle())),
        };
        client.spawn_worker();
        client
    }

    /// A client with no worker: a follower window shows the presenter's results and runs
    /// nothing itself.
    pub fn detached() -> Self {
        WorkerClient {
            inner: Rc::new(RefCell::new(Inner::idle())),
        }
    }

    pub fn subscribe(&self, listener: impl Fn(&Event) + 'static) {
        self.inner.borrow_mut().listeners.push(Rc::new(listener));
    }

    pub fn set_watchdog_ms(&self, milliseconds: u32) {
        self.inner.borrow_mut().watchdog_ms = milliseconds;
    }

    pub fn watchdog_ms(&self) -> u32 {
        self.inner.borrow().watchdog_ms
    }

    /// Calls `then` once the interpreter can run code (at once if it already can).
    pub fn when_ready(&self, then: impl FnOnce() + 'static) {
        if self.inner.borrow().ready {
            then();
        } else {
            self.inner.borrow_mut().ready_waiters.push(Box::new(then));
        }
    }

    /// Runs `code`; `reply` receives the outcome, or an explanation if the run was stopped.
    pub fn run(&self, code: String, reply: impl FnOnce(Outcome) + 'static) {
        self.enqueue(
            |id| ToWorker::Run { id, code },
            Box::new(|answer: Answer| reply(first(answer.outcomes))),
        );
    }

    /// Runs `steps` (see [`ToWorker::Steps`]); `reply` receives one outcome per step that ran,
    /// or a single explanation if the worker was stopped.
    pub fn steps(
        &self,
        fresh: bool,
        steps: Vec<Step>,
        must_succeed: usize,
        reply: impl FnOnce(Vec<Outcome>) + 'static,
    ) {
        self.enqueue(
            |id| ToWorker::Steps {
                id,
                fresh,
                steps,
                must_succeed,
            },
            Box::new(|answer: Answer| reply(answer.outcomes)),
        );
    }

    /// Runs the `prelude` steps (with `fresh`, in a new interpreter), then makes `call` into
    /// the Python lesson support; `reply` receives its reply read as `R` (see [`SupportCall`]
    /// for each call's reply type).
    pub fn call<R: DeserializeOwned + 'static>(
        &self,
        fresh: bool,
        prelude: Vec<Step>,
        call: SupportCall,
        reply: impl FnOnce(Called<R>) + 'static,
    ) {
        let prelude_len = prelude.len();
        self.enqueue(
            |id| ToWorker::Call {
                id,
                fresh,
                prelude,
                call,
            },
            Box::new(move |answer: Answer| {
                let started = answer.outcomes.len() > prelude_len
                    && answer
                        .outcomes
                        .iter()
                        .take(prelude_len)
                        .all(|outcome| outcome.error.is_none());
                let mut outcome = answer.outcomes.last().cloned().unwrap_or_default();
                let parsed = answer
                    .reply
                    .filter(|_| outcome.error.is_none())
                    .map(serde_json::from_value::<R>);
                let value = match parsed {
                    Some(Ok(value)) => Some(value),
                    Some(Err(error)) => {
                        outcome.error = Some(ErrorInfo {
                            kind: "InternalError".into(),
                            message: format!("The lesson support's reply did not read: {error}"),
                            traceback: String::new(),
                            line: None,
                        });
                        None
                    }
                    None => None,
                };
                reply(Called {
                    started,
                    outcome,
                    reply: value,
                })
            }),
        );
    }

    /// The framework's source files, by path (`None` if the worker was stopped meanwhile).
    pub fn framework_sources(
        &self,
        reply: impl FnOnce(Option<BTreeMap<String, String>>) + 'static,
    ) {
        self.enqueue(
            |id| ToWorker::FrameworkSources { id },
            Box::new(|answer: Answer| {
                reply(
                    answer
                        .reply
                        .and_then(|sources| serde_json::from_value(sources).ok()),
                )
            }),
        );
    }

    /// A fresh interpreter in the same worker.
    pub fn reset(&self, reply: impl FnOnce(Outcome) + 'static) {
        self.enqueue(
            |id| ToWorker::Reset { id },
            Box::new(|answer: Answer| reply(first(answer.outcomes))),
        );
    }

    /// Stops the running program (if any) by replacing the worker.
    pub fn stop(&self) {
        let running = self.inner.borrow().in_flight.is_some();
        if running {
            self.restart(
                "Stopped",
                "You stopped the program. The Python interpreter was restarted, so variables from earlier runs are gone.",
            );
        }
    }

    fn enqueue(&self, message: impl FnOnce(u32) -> ToWorker, reply: Reply) {
        {
            let mut inner = self.inner.borrow_mut();
            let id = inner.next_id;
            inner.next_id += 1;
            inner.queue.push_back(Request {
                id,
                message: message(id),
                reply,
            });
        }
        self.pump();
    }

    /// Sends the next queued request if the worker is ready and idle.
    fn pump(&self) {
        let mut inner = self.inner.borrow_mut();
        if !inner.ready || inner.in_flight.is_some() {
            return;
        }
        let Some(request) = inner.queue.pop_front() else {
            return;
        };
        let json = serde_json::to_string(&request.message).expect("protocol messages serialise");
        if let Some(worker) = &inner.worker
            && let Err(error) = worker.post_message(&JsValue::from_str(&json))
        {
            web_sys::console::error_2(&"glassbox: could not reach the worker".into(), &error);
        }
        inner.in_flight = Some((request.id, request.reply));
        inner.in_flight_since = now_ms();
        inner.streamed = Outcome::default();
        let client = self.clone();
        let timeout_ms = inner.watchdog_ms;
        let on_timeout = Closure::once_into_js(move || {
            let seconds = f64::from(client.watchdog_ms()) / 1000.0;
            client.restart(
                "Timeout",
                &format!(
                    "Your program ran for more than {seconds} seconds, so it was stopped (is there a loop that never ends?). \
                     The Python interpreter was restarted, so variables from earlier runs are gone."
                ),
            );
        });
        inner.watchdog = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.unchecked_ref(),
                timeout_ms as i32,
            )
            .ok();
        drop(inner);
        self.notify(&Event::Status(Status::Running));
    }

    fn spawn_worker(&self) {
        let worker = match Worker::new(WORKER_SCRIPT) {
            Ok(worker) => worker,
            Err(error) => {
                let message = format!("The browser refused to start the Python worker: {error:?}");
                self.notify(&Event::Status(Status::Failed(message)));
                return;
            }
        };
        let client = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            match serde_json::from_str::<FromWorker>(&text) {
                Ok(message) => client.receive(message),
                Err(error) => web_sys::console::error_1(
                    &format!("glassbox: unreadable worker message: {error}").into(),
                ),
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let client = self.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            client.worker_failed(event.message())
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.worker = Some(worker);
        inner.retired = inner.handlers.replace(Handlers {
            _on_message: on_message,
            _on_error: on_error,
        });
        inner.ready = false;
    }

    fn receive(&self, message: FromWorker) {
        match message {
            FromWorker::Progress { loaded, total } => self.notify(&Event::Status(Status::Loading { loaded, total })),
            FromWorker::Failed { message } => self.notify(&Event::Status(Status::Failed(message))),
            FromWorker::Crashed { message } => self.restart(
                "Crashed",
                &format!(
                    "The Python interpreter crashed ({message}). This is a bug in Glassbox, not in your code; \
                     the interpreter was restarted, so variables from earlier runs are gone."
                ),
            ),
            FromWorker::Ready { .. } => {
                let waiters = {
                    let mut inner = self.inner.borrow_mut();
                    inner.ready = true;
                    std::mem::take(&mut inner.ready_waiters)
                };
                self.notify(&Event::Status(Status::Ready));
                waiters.into_iter().for_each(|waiter| waiter());
                self.pump();
            }
            FromWorker::Output { id, stream, text } => {
                let current = {
                    let mut inner = self.inner.borrow_mut();
                    let current = matches!(&inner.in_flight, Some((in_flight, _)) if *in_flight == id);
                    if current {
                        match stream.as_str() {
                            "stderr" => inner.streamed.stderr.push_str(&text),
                            _ => inner.streamed.stdout.push_str(&text),
                        }
                    }
                    current
                };
                if current {
                    self.notify(&Event::Output { stream, text });
                }
            }
            FromWorker::Ran { id, outcome } => self.finish(id, Answer::outcomes(vec![outcome])),
            FromWorker::WasReset { id } => self.finish(id, Answer::outcomes(vec![Outcome::default()])),
            FromWorker::RanSteps { id, outcomes } => self.finish(id, Answer::outcomes(outcomes)),
            FromWorker::Called { id, outcomes, reply } => self.finish(id, Answer { outcomes, reply }),
            FromWorker::FrameworkSources { id, sources } => self.finish(
                id,
                Answer {
                    outcomes: Vec::new(),
                    reply: serde_json::to_value(sources).ok(),
                },
            ),
        }
    }

    /// An exception escaped the worker. The usual cause is the browser's own call stack running
    /// out (`RangeError: Maximum call stack size exceeded`) in recursion that goes through the
    /// interpreter's native code (`__repr__`, `__getattr__`, sort keys), which is smaller than
    /// Python's recursion limit assumes. The worker is then unusable: replace it at once rather
    /// than wait for the watchdog.
    fn worker_failed(&self, message: String) {
        let running = self.inner.borrow().in_flight.is_some();
        if running {
            self.restart(
                "Crashed",
                &format!(
                    "The Python interpreter stopped with a browser error ({message}). Very deep recursion is the usual cause: \
                     the browser's stack ran out before Python's recursion limit was reached. \
                     The interpreter was restarted, so variables from earlier runs are gone."
                ),
            );
        } else {
            self.notify(&Event::Status(Status::Failed(message)));
        }
    }

    fn finish(&self, id: u32, answer: Answer) {
        let reply = {
            let mut inner = self.inner.borrow_mut();
            match inner.in_flight.take() {
                Some((in_flight, reply)) if in_flight == id => {
                    if let Some(handle) = inner.watchdog.take() {
                        window().clear_timeout_with_handle(handle);
                    }
                    Some(reply)
                }
                other => {
                    inner.in_flight = other; // an answer from a worker we already replaced
                    None
                }
            }
        };
        if let Some(reply) = reply {
            let idle = self.inner.borrow().queue.is_empty();
            if idle {
                self.notify(&Event::Status(Status::Ready));
            }
            reply(answer);
            self.pump();
        }
    }

    /// Terminates the worker, answers the run it was busy with, and starts a fresh one.
    /// The stopped run's answer keeps what it printed before it was stopped and how long it
    /// ran.
    fn restart(&self, kind: &str, reason: &str) {
        let (reply, worker, streamed, since) = {
            let mut inner = self.inner.borrow_mut();
            if let Some(handle) = inner.watchdog.take() {
                window().clear_timeout_with_handle(handle);
            }
            inner.ready = false;
            (
                inner.in_flight.take(),
                inner.worker.take(),
                std::mem::take(&mut inner.streamed),
                inner.in_flight_since,
            )
        };
        if let Some(worker) = worker {
            worker.terminate();
        }
        self.notify(&Event::Restarted {
            reason: reason.to_owned(),
        });
        self.spawn_worker();
        if let Some((_, reply)) = reply {
            reply(Answer::outcomes(vec![Outcome {
                error: Some(ErrorInfo {
                    kind: kind.to_owned(),
                    message: reason.to_owned(),
                    traceback: String::new(),
                    line: None,
                }),
                elapsed_ms: now_ms() - since,
                ..streamed
            }]));
        }
    }

    fn notify(&self, event: &Event) {
        let listeners = self.inner.borrow().listeners.clone();
        for listener in listeners {
            listener(event);
        }
    }
}

fn first(outcomes: Vec<Outcome>) -> Outcome {
    outcomes.into_iter().next().unwrap_or_default()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn window() -> web_sys::Window {
    web_sys::window().expect("the page has a window")
}
