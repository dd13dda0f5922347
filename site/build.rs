//! The interpreter worker needs a bigger stack than wasm's default 1 MiB: each Python call
//! recurses through several Rust frames, and ~150 Python frames would overflow it and trap.
//! 16 MiB holds the recursion limit set in `_glassbox_boot.py` (1000) with room to spare, so
//! runaway recursion raises RecursionError instead of killing the worker.
//!
//! (The course is not built in: the page loads `course.json`, written by `make dist` or answered
//! live by `glassbox serve`, so one build of the app shows any course.)

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32") {
        return;
    }
    println!("cargo:rustc-link-arg-bin=glassbox-worker=-zstack-size=16777216");
}
