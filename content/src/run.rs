//! Running Python natively, in the same embedded runtime the browser uses.

use std::path::Path;

use glassbox_runtime::{RunOutcome, Session};

/// Native threads get 8 MiB stacks by default, less on test threads; the interpreter recurses
/// through several Rust frames per Python call, so give it room for the full recursion limit.
pub const INTERPRETER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread with a stack big enough for the interpreter, and waits for it.
pub fn on_interpreter_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("python".into())
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(work)
        .expect("spawn the interpreter thread")
        .join()
        .unwrap_or_else(|_| panic!("the interpreter thread panicked"))
}

/// Runs `source` as the file `path` in a fresh session (`glassbox run FILE.py`), with the
/// file's folder first on the import path, as `python FILE.py` has it.
pub fn run_source(path: &Path, source: String) -> RunOutcome {
    let filename = path.display().to_string();
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.display().to_string(),
        _ => ".".to_owned(),
    };
    on_interpreter_thread(move || {
        let mut session = Session::new();
        let prepared = session.call("_glassbox_boot", "prepend_import_path", &[folder.into()]);
        if prepared.outcome.error.is_some() {
            return prepared.outcome;
        }
        session.run_file(&filename, &source)
    })
}
