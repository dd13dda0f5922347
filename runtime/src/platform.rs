//! The browser platform layer: what a Python program expects of its operating system, provided
//! from what a browser worker has.
//!
//! RustPython on wasm32-unknown-unknown has no clocks (std's `SystemTime` and `Instant` are
//! unsupported there) and no OS randomness of its own. The native module `_glassbox_platform`
//! exposes the browser's clocks and CSPRNG; `python/_glassbox_boot.py` installs them into `time`
//! and `os` before any learner code runs. Natively the same module reads the host's clocks, so
//! both builds run the same boot code.

#[cfg(target_arch = "wasm32")]
pub(crate) mod browser;
#[cfg(target_arch = "wasm32")]
pub(crate) mod posix;

pub(crate) use module::module_def;

/// RustPython's native modules that cannot work here. In the browser, `_datetime` reads std's
/// `SystemTime` (which panics on wasm32-unknown-unknown) for `datetime.now()`; without it,
/// `datetime` uses the pure-Python `_pydatetime`, which asks `time.time()` (ours) instead.
pub(crate) const UNUSABLE_NATIVE_MODULES: &[&str] = if cfg!(target_arch = "wasm32") {
    &["_datetime"]
} else {
    &[]
};

/// The native modules this platform adds to RustPython's own.
pub(crate) fn module_defs(
    ctx: &rustpython_vm::Context,
) -> Vec<&'static rustpython_vm::builtins::PyModuleDef> {
    vec![
        module_def(ctx),
        crate::sqlite::module_def(ctx),
        #[cfg(target_arch = "wasm32")]
        posix::module_def(ctx),
    ]
}

#[rustpython_vm::pymodule(name = "_glassbox_platform")]
mod module {
    use rustpython_vm::{
        PyResult, VirtualMachine,
        builtins::{PyBytesRef, PyStrRef},
    };

    /// True in the browser build, where the boot module must patch `time` and `os`.
    #[pyattr]
    const IS_BROWSER: bool = cfg!(target_arch = "wasm32");

    /// Wall-clock time in nanoseconds since the Unix epoch.
    #[pyfunction]
    fn time_ns() -> u64 {
        super::host::unix_time_ns()
    }

    /// A monotonic clock in nanoseconds (sub-millisecond resolution in browsers that allow it).
    #[pyfunction]
    fn monotonic_ns() -> u64 {
        (crate::clock::monotonic_ms() * 1_000_000.0) as u64
    }

    /// `[(path, source), ...]` for every file of the framework, so tracebacks and the debug
    /// page can quote framework lines (there are no files on disk to read them from).
    #[pyfunction]
    fn framework_sources(vm: &VirtualMachine) -> rustpython_vm::builtins::PyListRef {
        let pairs = crate::frozen::framework_sources()
            .iter()
            .map(|(path, source)| {
                vm.ctx
                    .new_tuple(vec![
                        vm.ctx.new_str(*path).into(),
                        vm.ctx.new_str(*source).into(),
                    ])
                    .into()
            })
            .collect();
        vm.ctx.new_list(pairs)
    }

    /// Hand a write to a captured stream to the host's listener (`crate::output`), if it set
    /// one: how a page sees output while a run is still going.
    #[pyfunction]
    fn emit(stream: PyStrRef, text: PyStrRef) {
        crate::output::emit(&stream.to_string_lossy(), &text.to_string_lossy());
    }

    /// `n` bytes from the platform's cryptographically secure random generator.
    #[pyfunction]
    fn urandom(n: isize, vm: &VirtualMachine) -> PyResult<PyBytesRef> {
        let n =
            usize::try_from(n).map_err(|_| vm.new_value_error("negative argument not allowed"))?;
        let mut bytes = vec![0u8; n];
        super::host::fill_random(&mut bytes).map_err(|message| vm.new_os_error(message))?;
        Ok(vm.ctx.new_bytes(bytes))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod host {
    pub(super) fn unix_time_ns() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos() as u64)
    }

    pub(super) fn fill_random(bytes: &mut [u8]) -> Result<(), String> {
        use std::io::Read;
        std::fs::File::open("/dev/urandom")
            .and_then(|mut file| file.read_exact(bytes))
            .map_err(|error| format!("reading /dev/urandom: {error}"))
    }
}

#[cfg(target_arch = "wasm32")]
mod host {
    pub(super) fn unix_time_ns() -> u64 {
        (super::browser::date_now() * 1_000_000.0) as u64
    }

    pub(super) fn fill_random(bytes: &mut [u8]) -> Result<(), String> {
        super::browser::fill_random(bytes)
    }
}
