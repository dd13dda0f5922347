//! `glassbox-ui`: the page. It shows at once, starts the interpreter worker in parallel, and
//! exposes `window.glassbox` for tests and benchmarks.

#[cfg(target_arch = "wasm32")]
mod actions;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod console;
#[cfg(target_arch = "wasm32")]
mod context;
#[cfg(target_arch = "wasm32")]
mod course;
#[cfg(target_arch = "wasm32")]
mod course_problems;
#[cfg(target_arch = "wasm32")]
mod editor;
#[cfg(target_arch = "wasm32")]
mod follow;
#[cfg(target_arch = "wasm32")]
mod inspector;
#[cfg(target_arch = "wasm32")]
mod layout;
#[cfg(target_arch = "wasm32")]
mod lesson_view;
#[cfg(target_arch = "wasm32")]
mod offline;
#[cfg(target_arch = "wasm32")]
mod outline;
#[cfg(target_arch = "wasm32")]
mod prediction_view;
#[cfg(target_arch = "wasm32")]
mod presenter;
#[cfg(target_arch = "wasm32")]
mod repl;
#[cfg(target_arch = "wasm32")]
mod scripting;
#[cfg(target_arch = "wasm32")]
mod share_ui;
#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
mod toolbar;
#[cfg(target_arch = "wasm32")]
mod worker_client;
#[cfg(target_arch = "wasm32")]
mod workspace_view;
#[cfg(target_arch = "wasm32")]
mod workspaces;

#[cfg(target_arch = "wasm32")]
fn main() {
    // The interpreter starts downloading while the course loads.
    let client = (!follow::is_follower()).then(worker_client::WorkerClient::start);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(problem) = course::load().await {
            course_problems::show_load_failure(&problem);
            return;
        }
        store::adopt_renamed_lessons(course::course());
        let Some(client) = client else {
            // A follower window mirrors the presenter's window and runs no Python of its own.
            app::mount(worker_client::WorkerClient::detached());
            return;
        };
        scripting::install(&client);
        app::mount(client.clone());
        // The offline copy is made once the interpreter is up, so it never competes with first
        // load; a preview (`glassbox serve`) is never kept offline.
        if !offline::is_preview() {
            client.when_ready(offline::register);
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("glassbox-ui runs in a browser: `make run` builds and serves it.");
}
