//! `glassbox-ui`: the page. It shows at once, starts the interpreter worker in parallel, and
//! exposes `window.glassbox` for tests and benchmarks.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod scripting;
#[cfg(target_arch = "wasm32")]
mod worker_client;

#[cfg(target_arch = "wasm32")]
fn main() {
    let client = worker_client::WorkerClient::start();
    scripting::install(&client);
    app::mount(client);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("glassbox-ui runs in a browser: `make run` builds and serves it.");
}
