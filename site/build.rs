//! The interpreter worker needs a bigger stack than wasm's default 1 MiB: each Python call
//! recurses through several Rust frames, and ~150 Python frames would overflow it and trap.
//! 16 MiB holds the recursion limit set in `_glassbox_boot.py` (1000) with room to spare, so
//! runaway recursion raises RecursionError instead of killing the worker.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=glassbox-worker=-zstack-size=16777216");
    }
}
