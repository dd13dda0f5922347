//! The browser app. Two wasm binaries come from this crate: `glassbox-ui` (the Yew page, small,
//! loads first) and `glassbox-worker` (the Python interpreter, large, loads in a Web Worker).
//! They talk only through the messages in [`protocol`], so the UI binary holds no RustPython.
//!
//! The modules here are plain Rust, tested natively: the page's [`state`] and its pure reducer,
//! the [`protocol`] with the worker (and its typed calls into the Python lesson support), the
//! request, exchange and share-link formats. The Yew components and everything that touches the
//! browser live in the `glassbox-ui` binary.

pub mod check_report;
pub mod clock_text;
pub mod encoding;
pub mod error_text;
pub mod exchange;
pub mod jwt;
pub mod mask;
pub mod next_up;
pub mod protocol;
pub mod request;
pub mod route;
pub mod share;
pub mod state;
pub mod timeline;
pub mod warnings;
