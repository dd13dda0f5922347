//! The browser app. Two wasm binaries come from this crate: `glassbox-ui` (the Yew page, small,
//! loads first) and `glassbox-worker` (the Python interpreter, large, loads in a Web Worker).
//! They talk only through the messages in [`protocol`], so the UI binary holds no RustPython.
//!
//! The modules here are plain Rust, tested natively; the Yew components live in the binary.

pub mod encoding;
pub mod exchange;
pub mod jwt;
pub mod mask;
pub mod protocol;
pub mod route;
pub mod share;
