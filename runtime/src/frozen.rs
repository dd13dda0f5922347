//! The Python that `build.rs` compiled into the binary.

use rustpython_vm::frozen::FrozenLib;

static STDLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/stdlib.frozen"));
static GLASSBOX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/glassbox.frozen"));

mod sources {
    include!(concat!(env!("OUT_DIR"), "/glassbox_sources.rs"));
}

/// The standard library subset listed in `stdlib-modules.txt`.
pub(crate) fn stdlib() -> &'static FrozenLib {
    FrozenLib::from_ref(STDLIB)
}

/// The `glassbox` package and the runtime's own Python helpers.
pub(crate) fn glassbox() -> &'static FrozenLib {
    FrozenLib::from_ref(GLASSBOX)
}

/// `(path, source)` of each file of the framework, e.g. `("glassbox/http.py", "...")`, so the app
/// can show learners the code they are running.
pub fn framework_sources() -> &'static [(&'static str, &'static str)] {
    sources::SOURCES
}
