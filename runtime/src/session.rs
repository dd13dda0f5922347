//! A [`Session`] owns one Python interpreter. Its globals persist between runs, like a notebook
//! kernel's; [`Session::reset`] replaces the interpreter with a fresh one.

use rustpython_vm::{Interpreter, PyObjectRef, Settings, VirtualMachine};
use serde::{Deserialize, Serialize};

use crate::{clock, frozen, platform};

/// The file name the learner's code runs under; tracebacks and error lines refer to it.
pub const MAIN_FILE: &str = "main.py";

/// The message of the `KeyboardInterrupt` that stops a run past its time limit (natively).
pub const STOPPED: &str = "stopped: the code ran longer than its time limit";

/// What one run produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunOutcome {
    pub stdout: String,
    pub stderr: String,
    /// The exception the code raised, if it raised.
    pub error: Option<PythonError>,
    /// Wall time of the run, in milliseconds.
    #[serde(default)]
    pub elapsed_ms: f64,
}

/// An exception, described as plain data for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PythonError {
    /// The exception's class name, e.g. `ZeroDivisionError`.
    pub kind: String,
    pub message: String,
    /// The formatted traceback, starting at the learner's own code.
    pub traceback: String,
    /// The line of the learner's file where it was raised, when it came from there.
    pub line: Option<u32>,
}

impl PythonError {
    /// Whether the run was stopped for taking longer than [`Session::set_time_limit`] allows.
    pub fn is_timeout(&self) -> bool {
        self.kind == "KeyboardInterrupt" && self.message == STOPPED
    }
}

impl RunOutcome {
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
    }

    fn internal_failure(message: String, elapsed_ms: f64) -> Self {
        RunOutcome {
            stdout: String::new(),
            stderr: String::new(),
            error: Some(PythonError {
                kind: "InternalError".into(),
                message: message.clone(),
                traceback: message,
                line: None,
            }),
            elapsed_ms,
        }
    }
}

/// One interpreter, with the `glassbox` package and the standard library frozen in.
pub struct Session {
    // Declared before `interpreter` so that it is dropped first.
    // `Err` holds why start-up failed (only a broken build): every run reports it, since in the
    // browser worker there is no console a developer would look at.
    python: Result<Boot, String>,
    interpreter: Interpreter,
    /// Natively, what stops a run past `time_limit` (the browser terminates its worker instead).
    #[cfg(not(target_arch = "wasm32"))]
    watchdog: crate::time_limit::Watchdog,
    #[cfg(not(target_arch = "wasm32"))]
    time_limit: Option<std::time::Duration>,
}

/// Objects from `_glassbox_boot` that every run uses.
struct Boot {
    run: PyObjectRef,
    call: PyObjectRef,
    main: PyObjectRef,
}

/// What [`Session::call`] produced: the run's outcome and the function's return value as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallOutcome {
    #[serde(flatten)]
    pub outcome: RunOutcome,
    /// What the function returned (its `repr` if it is not JSON); `null` when it raised.
    #[serde(default)]
    pub value: serde_json::Value,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let (watchdog, signals) = crate::time_limit::Watchdog::new();
        let builder = interpreter_builder();
        #[cfg(not(target_arch = "wasm32"))]
        let builder = builder.init_hook(move |vm| vm.set_user_signal_channel(signals));
        let interpreter = builder.build();
        let python = interpreter.enter(boot);
        Session {
            python,
            interpreter,
            #[cfg(not(target_arch = "wasm32"))]
            watchdog,
            #[cfg(not(target_arch = "wasm32"))]
            time_limit: None,
        }
    }

    /// Every later run or call that takes longer than `limit` is stopped with a
    /// `KeyboardInterrupt` (see [`PythonError::is_timeout`]); `None` lets runs take forever.
    /// Natively only: in the browser a busy worker is terminated from outside.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn set_time_limit(&mut self, limit: Option<std::time::Duration>) {
        self.time_limit = limit;
    }

    /// Runs `source` as the learner's `main.py`.
    pub fn run(&mut self, source: &str) -> RunOutcome {
        self.run_file(MAIN_FILE, source)
    }

    /// Runs `source` as if it were the file `filename`, in the same persistent globals.
    pub fn run_file(&mut self, filename: &str, source: &str) -> RunOutcome {
        self.enter_boot(|vm, boot| {
            let arguments = (
                vm.ctx.new_str(source),
                vm.ctx.new_str(filename),
                boot.main.clone(),
            );
            boot.run.call(arguments, vm)
        })
    }

    /// Calls `module.function(*arguments)` (a module the interpreter can import) and returns
    /// its output and JSON return value. The arguments cross as JSON, never as Python source.
    pub fn call(
        &mut self,
        module: &str,
        function: &str,
        arguments: &[serde_json::Value],
    ) -> CallOutcome {
        let arguments = serde_json::to_string(arguments).expect("JSON values serialise");
        self.enter_boot(|vm, boot| {
            let arguments = (
                vm.ctx.new_str(module),
                vm.ctx.new_str(function),
                vm.ctx.new_str(arguments.as_str()),
            );
            boot.call.call(arguments, vm)
        })
    }

    /// Runs `work` (a call into `_glassbox_boot` that returns an outcome as JSON) and reads
    /// the outcome, timing it; a broken start-up or an unreadable reply becomes an error.
    fn enter_boot<T: Outcome>(
        &mut self,
        work: impl FnOnce(&VirtualMachine, &Boot) -> rustpython_vm::PyResult,
    ) -> T {
        let started = clock::monotonic_ms();
        let boot = match &self.python {
            Ok(boot) => boot,
            Err(why) => {
                return T::from_run(RunOutcome::internal_failure(
                    format!("the Python runtime did not start:\n{why}"),
                    0.0,
                ));
            }
        };
        let interpreter = &self.interpreter;
        let run = || {
            interpreter.enter(|vm| {
                work(vm, boot)
                    .and_then(|json| json.str(vm).map(|text| text.to_string()))
                    .map_err(|exception| format_exception(vm, &exception))
            })
        };
        #[cfg(not(target_arch = "wasm32"))]
        let result = match self.time_limit {
            Some(limit) => self.watchdog.guard(limit, run),
            None => run(),
        };
        #[cfg(target_arch = "wasm32")]
        let result = run();
        let elapsed_ms = clock::monotonic_ms() - started;
        match result.map(|json| serde_json::from_str::<T>(&json)) {
            Ok(Ok(outcome)) => outcome.timed(elapsed_ms),
            Ok(Err(error)) => T::from_run(RunOutcome::internal_failure(
                format!("unreadable run result: {error}"),
                elapsed_ms,
            )),
            Err(message) => T::from_run(RunOutcome::internal_failure(message, elapsed_ms)),
        }
    }

    /// A brand-new interpreter that has already imported the standard-library modules the
    /// framework uses (`_glassbox_boot.WARM_MODULES`), so its first run does not pay for them.
    /// The worker makes one while the learner reads and swaps it in at the next fresh run.
    pub fn warmed() -> Self {
        let mut session = Session::new();
        let warmed = session.call("_glassbox_boot", "warm_up", &[]);
        if let Some(error) = warmed.outcome.error.as_ref() {
            // A module that will not import here will not import for the learner either: say
            // so once, and hand over the interpreter as it is.
            eprintln!("glassbox: warming an interpreter failed: {}", error.message);
        }
        session
    }

    /// Throws away every variable, import and module state: a brand-new interpreter.
    pub fn reset(&mut self) {
        #[cfg(not(target_arch = "wasm32"))]
        let limit = self.time_limit;
        *self = Session::new();
        #[cfg(not(target_arch = "wasm32"))]
        self.set_time_limit(limit);
    }
}

fn interpreter_builder() -> rustpython_vm::InterpreterBuilder {
    let mut settings = Settings::default();
    settings.import_site = false;
    settings.ignore_environment = true;
    settings.path_list.clear();
    let builder = Interpreter::builder(settings);
    let stdlib_modules: Vec<_> = rustpython_stdlib::stdlib_module_defs(&builder.ctx)
        .into_iter()
        .filter(|module| !platform::UNUSABLE_NATIVE_MODULES.contains(&module.name.as_str()))
        .collect();
    let platform_modules = platform::module_defs(&builder.ctx);
    builder
        .add_native_modules(&stdlib_modules)
        .add_native_modules(&platform_modules)
        .add_frozen_modules(frozen::stdlib())
        .add_frozen_modules(frozen::glassbox())
}

fn boot(vm: &VirtualMachine) -> Result<Boot, String> {
    let module = vm
        .import("_glassbox_boot", 0)
        .map_err(|exception| format_exception(vm, &exception))?;
    let get = |name: &'static str| {
        module
            .get_attr(name, vm)
            .map_err(|exception| format_exception(vm, &exception))
    };
    let main = get("new_main_module")?
        .call((), vm)
        .map_err(|exception| format_exception(vm, &exception))?;
    Ok(Boot {
        run: get("run")?,
        call: get("call")?,
        main,
    })
}

/// The two shapes of reply `_glassbox_boot` gives, read the same way.
trait Outcome: serde::de::DeserializeOwned {
    fn from_run(outcome: RunOutcome) -> Self;
    fn timed(self, elapsed_ms: f64) -> Self;
}

impl Outcome for RunOutcome {
    fn from_run(outcome: RunOutcome) -> Self {
        outcome
    }
    fn timed(self, elapsed_ms: f64) -> Self {
        RunOutcome { elapsed_ms, ..self }
    }
}

impl Outcome for CallOutcome {
    fn from_run(outcome: RunOutcome) -> Self {
        CallOutcome {
            outcome,
            value: serde_json::Value::Null,
        }
    }
    fn timed(self, elapsed_ms: f64) -> Self {
        CallOutcome {
            outcome: self.outcome.timed(elapsed_ms),
            value: self.value,
        }
    }
}

fn format_exception(
    vm: &VirtualMachine,
    exception: &rustpython_vm::builtins::PyBaseExceptionRef,
) -> String {
    let mut text = String::new();
    if vm.write_exception(&mut text, exception).is_err() {
        text = "an exception that could not be formatted".into();
    }
    text
}
