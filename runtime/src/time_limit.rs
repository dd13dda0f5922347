//! Stopping a run that takes too long, natively (`glassbox check`). The browser cannot do this
//! from inside its worker, so it terminates the worker instead; natively the interpreter runs on
//! our own thread and can be interrupted.
//!
//! RustPython checks a process-wide "signal pending" bit between bytecode instructions and then
//! runs the closures queued on its VM's user-signal channel. A watchdog thread queues one that
//! raises `KeyboardInterrupt` (a `BaseException`, so `except Exception:` does not swallow it).
//! The bit is shared by every interpreter in the process, and another thread's VM may clear it
//! first, so the watchdog keeps queueing until one lands. Each closure checks that its own run is
//! still going and has not just been interrupted, so one left in the queue does nothing to a
//! later run, nor to our own code reporting the interrupt.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::session::STOPPED;
use rustpython_vm::VirtualMachine;
use rustpython_vm::signal::{UserSignalReceiver, UserSignalSender, user_signal_channel};

/// How often the watchdog asks again once the limit has passed.
const RETRY: Duration = Duration::from_millis(20);

/// How long a run may go on after an interrupt landed (reporting it takes a moment) before it
/// gets another: code that catches `KeyboardInterrupt` and loops on is still stopped.
const GRACE: Duration = Duration::from_secs(1);

/// The sending end, kept by the session; the receiving end goes to the VM at start-up.
pub struct Watchdog {
    sender: UserSignalSender,
}

impl Watchdog {
    pub fn new() -> (Watchdog, UserSignalReceiver) {
        let (sender, receiver) = user_signal_channel();
        (Watchdog { sender }, receiver)
    }

    /// Runs `work` (which runs Python in the VM this watchdog's receiver belongs to), raising
    /// `KeyboardInterrupt` in it if it is still running after `limit`.
    pub fn guard<T>(&self, limit: Duration, work: impl FnOnce() -> T) -> T {
        let finished = Arc::new(AtomicBool::new(false));
        let delivered = Arc::new(AtomicBool::new(false));
        let (done, wait) = mpsc::channel::<()>();
        let sender = self.sender.clone();
        let (over, landed) = (finished.clone(), delivered.clone());
        let watcher = std::thread::Builder::new()
            .name("python-watchdog".into())
            .spawn(move || {
                let mut timeout = limit;
                let mut in_grace = false;
                // Until `done` is dropped: wait out the limit, then interrupt.
                while let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
                    if landed.load(Ordering::Acquire) && !in_grace {
                        // It landed: let the run report it (or catch it and go on, in which
                        // case it gets another one after GRACE).
                        in_grace = true;
                        timeout = GRACE;
                        continue;
                    }
                    in_grace = false;
                    landed.store(false, Ordering::Release);
                    let (over, landed) = (over.clone(), landed.clone());
                    let interrupt = Box::new(move |vm: &VirtualMachine| {
                        // Raise once per arming, and never into a later run.
                        if over.load(Ordering::Acquire) || landed.swap(true, Ordering::AcqRel) {
                            return Ok(());
                        }
                        Err(vm.new_exception_msg(
                            vm.ctx.exceptions.keyboard_interrupt.to_owned(),
                            STOPPED.into(),
                        ))
                    });
                    if sender.send(interrupt).is_err() {
                        break; // the interpreter is gone
                    }
                    timeout = RETRY;
                }
            })
            .expect("spawn the watchdog thread");
        let result = work();
        finished.store(true, Ordering::Release);
        drop(done);
        watcher.join().ok();
        result
    }
}
