//! `posix` for the browser, where RustPython has no operating-system module of its own.
//!
//! `os.py` will only load if a builtin `posix` exists, and it needs a few things from it at
//! import time (an environment, the current directory, the `_have_functions` list). This module
//! supplies those, with the values a fresh sandbox would have. There is no file system in the
//! browser: `_glassbox_boot.py` adds the file functions, each raising an OSError that says so.

pub(crate) use module::module_def;

#[rustpython_vm::pymodule(name = "posix")]
mod module {
    use rustpython_vm::{
        PyObjectRef, PyResult, VirtualMachine,
        builtins::{PyBytesRef, PyDictRef, PyListRef},
    };

    /// The working directory the browser sandbox pretends to have.
    const HOME: &str = "/home/learner";

    #[pyattr]
    const F_OK: i32 = 0;
    #[pyattr]
    const R_OK: i32 = 4;
    #[pyattr]
    const W_OK: i32 = 2;
    #[pyattr]
    const X_OK: i32 = 1;
    #[pyattr]
    const O_RDONLY: i32 = 0;
    #[pyattr]
    const O_WRONLY: i32 = 1;
    #[pyattr]
    const O_RDWR: i32 = 2;
    #[pyattr]
    const O_CREAT: i32 = 0o100;
    #[pyattr]
    const O_EXCL: i32 = 0o200;
    #[pyattr]
    const O_TRUNC: i32 = 0o1000;
    #[pyattr]
    const O_APPEND: i32 = 0o2000;

    /// Which `*at` functions exist: none, so `os.supports_dir_fd` and friends are empty.
    #[pyattr]
    fn _have_functions(vm: &VirtualMachine) -> PyListRef {
        vm.ctx.new_list(Vec::new())
    }

    /// The environment, as bytes like a real POSIX `environ`.
    #[pyattr]
    fn environ(vm: &VirtualMachine) -> PyDictRef {
        let environ = vm.ctx.new_dict();
        for (key, value) in [
            ("HOME", HOME),
            ("PATH", "/usr/bin"),
            ("LANG", "C.UTF-8"),
            ("USER", "learner"),
        ] {
            let key: PyObjectRef = vm.ctx.new_bytes(key.as_bytes().to_vec()).into();
            let value: PyObjectRef = vm.ctx.new_bytes(value.as_bytes().to_vec()).into();
            environ
                .set_item(&*key, value, vm)
                .expect("a fresh dict accepts bytes keys");
        }
        environ
    }

    #[pyfunction]
    fn getcwd() -> String {
        HOME.to_owned()
    }

    #[pyfunction]
    fn getcwdb(vm: &VirtualMachine) -> PyBytesRef {
        vm.ctx.new_bytes(HOME.as_bytes().to_vec())
    }

    #[pyfunction]
    fn getpid() -> u32 {
        1
    }

    #[pyfunction]
    fn getppid() -> u32 {
        0
    }

    #[pyfunction]
    fn cpu_count() -> u32 {
        1
    }

    #[pyfunction]
    fn umask(_mask: i32) -> i32 {
        0o022
    }

    #[pyfunction]
    fn strerror(code: i32) -> String {
        format!("error {code} (the browser has no operating system to explain it)")
    }

    /// Setting an environment variable only changes `os.environ`'s own copy; nothing else sees it.
    #[pyfunction]
    fn putenv(_key: PyObjectRef, _value: PyObjectRef) {}

    #[pyfunction]
    fn unsetenv(_key: PyObjectRef) {}

    #[pyfunction]
    fn urandom(n: isize, vm: &VirtualMachine) -> PyResult<PyBytesRef> {
        let n =
            usize::try_from(n).map_err(|_| vm.new_value_error("negative argument not allowed"))?;
        let mut bytes = vec![0u8; n];
        crate::platform::browser::fill_random(&mut bytes)
            .map_err(|message| vm.new_os_error(message))?;
        Ok(vm.ctx.new_bytes(bytes))
    }
}
