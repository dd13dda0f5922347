//! Making and opening share links in the page: the browser compresses (`CompressionStream`),
//! `glassbox_site::share` does the format. Opening a link restores its page, code and request
//! without touching the opener's saved work: they keep it or go back to their own.

use glassbox_site::protocol::{DatabaseRows, LoadedRows, SupportCall};
use glassbox_site::route::Route;
use glassbox_site::share::{self, ShareError, SharedState};
use glassbox_site::state::{Action, Banner, State};
use wasm_bindgen::prelude::*;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::actions::{call_app, project_steps};
use crate::browser::download;
use crate::context::Ctx;
use crate::worker_client::Called;
use crate::workspaces::workspace_for;

#[wasm_bindgen(inline_js = r#"
export async function deflate(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
export async function copyText(text, inputId) {
  try { await navigator.clipboard.writeText(text); return true; } catch (_) {}
  // Without clipboard permission: select the field and use the older copy command.
  const input = document.getElementById(inputId);
  if (input) { input.select(); try { return document.execCommand("copy"); } catch (_) {} }
  return false;
}
export async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return await new Response(stream).text();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn deflate(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn inflate(bytes: &[u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = copyText)]
    async fn copy_text(text: &str, input_id: &str) -> JsValue;
}

/// What a share made: a link, or (too big for a link) a file that was downloaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Made {
    Link { url: String, hash: String },
    File { hash: String, bytes: usize },
}

fn snapshot(state: &State) -> Option<SharedState> {
    let workspace = state.workspace.as_ref()?;
    Some(SharedState {
        route: state.route.to_hash(),
        exercise: Some(workspace.exercise.id.clone()),
        files: workspace.files.clone(),
        active: workspace.active,
        request: state.draft.clone(),
        database: None,
    })
}

/// Encodes what is on screen (with the app's rows, if asked: read from the running app, which
/// is started first if it is not running); calls `done` with the link, or the file it saved.
pub fn make(ctx: &Ctx, include_rows: bool, done: impl FnOnce(Made) + 'static) {
    let Some(shared) = snapshot(&ctx.state) else {
        return;
    };
    if !include_rows {
        return encode(shared, done);
    }
    let call = SupportCall::DumpRows;
    call_app(
        ctx,
        call,
        false,
        move |dispatcher, called: Called<DatabaseRows>| {
            if called.reply.is_none() {
                dispatcher.dispatch(Action::Ran {
                    label: "Share: reading the database".into(),
                    outcome: called.outcome,
                });
            }
            encode(
                SharedState {
                    database: called.reply,
                    ..shared
                },
                done,
            );
        },
    );
}

fn encode(shared: SharedState, done: impl FnOnce(Made) + 'static) {
    let json = serde_json::to_string(&shared).expect("the shared state serialises");
    let hash = share::content_hash(&json);
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(compressed) = deflate(&json).await else {
            return;
        };
        let bytes = js_sys::Uint8Array::new(&compressed).to_vec();
        let location = web_sys::window().expect("window").location();
        let base = format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        );
        let url = format!("{base}{}", share::fragment(&hash, &bytes));
        if url.len() <= share::MAX_LINK_CHARS {
            done(Made::Link { url, hash });
        } else {
            let file = share::fragment(&hash, &bytes);
            download(&format!("glassbox-share-{hash}.txt"), &file);
            done(Made::File {
                hash,
                bytes: file.len(),
            });
        }
    });
}

/// Opens a share link's data (the part after `#/share/`, or a whole link or file's text).
pub fn open(ctx: &Ctx, data: &str) {
    let dispatcher = ctx.state.dispatcher();
    let client = ctx.client.clone();
    let next_revision = ctx
        .state
        .workspace
        .as_ref()
        .map_or(1, |workspace| workspace.revision + 1);
    let from_link = matches!(ctx.state.route, Route::Share(_));
    let parsed = share::parse(data);
    wasm_bindgen_futures::spawn_local(async move {
        let result = async {
            let (hash, bytes) = parsed?;
            let json = inflate(&bytes)
                .await
                .ok()
                .and_then(|text| text.as_string())
                .ok_or(ShareError::Damaged("the data does not decompress"))?;
            share::verify(&json, &hash).map(|state| (hash, state))
        }
        .await;
        match result {
            Ok((hash, shared)) => {
                let route = crate::course::current(Route::parse(&shared.route));
                let Some(mut workspace) = workspace_for(&route, shared.exercise.as_deref()) else {
                    dispatcher.dispatch(Action::Banner(Some(Banner::Error(
                        "This share link points to a page that is not in this course.".into(),
                    ))));
                    return;
                };
                workspace.files = shared.files;
                workspace.active = shared.active.min(workspace.files.len().saturating_sub(1));
                workspace.saved = false;
                workspace.revision = next_revision; // a new revision: the editor shows the shared code
                // Show the page without adding the long link to the history.
                if let Some(window) = web_sys::window() {
                    let _ = window.location().replace(&route.to_hash());
                }
                let workspace_key = workspace.key.clone();
                let prelude = project_steps(&workspace);
                dispatcher.dispatch(Action::OpenShared(route, workspace));
                // The sharer's rows go into the running app: its code runs, then the rows replace
                // what it created. (Run starts afresh, from the code alone.)
                if let Some(rows) = shared.database {
                    let (key, dispatcher) = (workspace_key.clone(), dispatcher.clone());
                    let call = SupportCall::LoadRows { rows };
                    client.call(true, prelude, call, move |called: Called<LoadedRows>| {
                        let loaded = called.started && called.reply.is_some();
                        dispatcher
                            .dispatch(Action::For(key, Box::new(Action::ProjectLoaded(loaded))));
                        let mut outcome = called.outcome;
                        if let Some(counts) = called.reply {
                            // How many rows went into which table, as the console shows it.
                            outcome
                                .stdout
                                .push_str(&serde_json::to_string(&counts).unwrap_or_default());
                            outcome.stdout.push('\n');
                        }
                        dispatcher.dispatch(Action::Ran {
                            label: "The shared link's database rows".into(),
                            outcome,
                        });
                    });
                }
                dispatcher.dispatch(Action::Draft(shared.request));
                let key = workspace_key.clone();
                dispatcher.dispatch(Action::Banner(Some(Banner::Shared { hash, key })));
            }
            Err(error) => {
                // A broken link leaves for the outline; a broken file leaves the page alone.
                if from_link {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().replace("#/");
                    }
                    dispatcher.dispatch(Action::Navigate(Route::Outline));
                }
                dispatcher.dispatch(Action::Banner(Some(Banner::Error(error.to_string()))));
            }
        }
    });
}

#[function_component(BannerView)]
pub fn banner_view() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let Some(banner) = ctx.state.banner.clone() else {
        return html! {};
    };
    let dismiss = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::Banner(None)))
    };
    match banner {
        Banner::Shared { hash, key } => {
            let keep = {
                let ctx = ctx.clone();
                Callback::from(move |_: MouseEvent| {
                    // Only the shared code itself, still unsaved, can be kept.
                    if let Some(workspace) = ctx
                        .state
                        .workspace
                        .as_ref()
                        .filter(|workspace| workspace.key == key && !workspace.saved)
                    {
                        crate::store::save_files(&workspace.key, &workspace.files);
                        let mut kept = workspace.clone();
                        kept.saved = true;
                        ctx.dispatch(Action::OpenWorkspace(kept));
                    }
                    ctx.dispatch(Action::Banner(Some(Banner::Info(
                        "The shared code is now your saved code for this exercise.".into(),
                    ))));
                })
            };
            let discard = {
                let ctx = ctx.clone();
                Callback::from(move |_: MouseEvent| {
                    if let Some(workspace) = workspace_for(&ctx.state.route, None) {
                        let mut own = workspace;
                        own.revision = ctx
                            .state
                            .workspace
                            .as_ref()
                            .map_or(0, |shared| shared.revision + 1);
                        ctx.dispatch(Action::OpenWorkspace(own));
                    }
                    ctx.dispatch(Action::Banner(None));
                })
            };
            html! {
                <div id="share-banner" class="banner shared" role="status">
                    <span>{ "You opened a shared link · content hash " }<code class="share-hash">{ hash }</code>
                        { ". Your own saved code is untouched." }</span>
                    <button id="keep-shared" onclick={keep}>{ "Keep this code" }</button>
                    <button id="discard-shared" onclick={discard}>{ "Back to my code" }</button>
                </div>
            }
        }
        Banner::Error(message) => html! {
            <div id="share-error" class="banner error" role="alert"><span>{ message }</span><button class="quiet" onclick={dismiss}>{ "Dismiss" }</button></div>
        },
        Banner::Info(message) => html! {
            <div class="banner info" role="status"><span>{ message }</span><button class="quiet" onclick={dismiss}>{ "Dismiss" }</button></div>
        },
    }
}

/// The Share button: choose whether to include the app's rows, then get the link.
#[function_component(ShareButton)]
pub fn share_button() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let open = use_state(|| false);
    let include_rows = use_state(|| false);
    let made = use_state(|| None::<Made>);
    let copied = use_state(|| None::<bool>);
    let toggle = {
        let (open, made, copied) = (open.clone(), made.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            made.set(None);
            copied.set(None);
            open.set(!*open);
        })
    };
    let on_rows = {
        let include_rows = include_rows.clone();
        Callback::from(move |_: MouseEvent| include_rows.set(!*include_rows))
    };
    let create = {
        let (ctx, made, include_rows) = (ctx.clone(), made.clone(), include_rows.clone());
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let made = made.clone();
            copied.set(None);
            make(&ctx, *include_rows, move |result| made.set(Some(result)));
        })
    };
    let copy = {
        let copied = copied.clone();
        Callback::from(move |url: String| {
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let done = copy_text(&url, "share-link").await.as_bool() == Some(true);
                copied.set(Some(done));
            });
        })
    };
    let on_key = {
        let open = open.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                open.set(false);
            }
        })
    };
    if ctx.state.workspace.is_none() || ctx.state.follower {
        return html! {};
    }
    html! {
        <span class="share" onkeydown={on_key}>
            <button id="share" class="quiet" onclick={toggle.clone()} aria-expanded={open.to_string()}
                title="A link that opens exactly this page, code and request">{ "Share" }</button>
            if *open {
                <div class="share-popup" role="dialog" aria-labelledby="share-heading">
                    <h2 id="share-heading" class="share-heading">{ "Share this page" }</h2>
                    <p class="share-intro">{ "A link that opens this page with your code and request. Your saved code stays yours." }</p>
                    <label><input id="share-rows" type="checkbox" checked={*include_rows} onclick={on_rows} />
                        { " Include the database's rows (your app's data as it is now)" }</label>
                    <button id="create-link" class="primary small" onclick={create} disabled={*include_rows && !ctx.state.ready()}>{ "Create link" }</button>
                    { match (*made).clone() {
                        Some(Made::Link { url, hash }) => html! {
                            <>
                                <label for="share-link">{ "Link to this page, code and request (hash " }<code class="share-hash">{ hash }</code>{ ")" }</label>
                                <div class="share-row">
                                    <input id="share-link" type="text" readonly=true value={url.clone()} onfocus={Callback::from(|event: FocusEvent| {
                                        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                                        input.select();
                                    })} />
                                    <button id="copy-link" class="small" onclick={copy.reform(move |_: MouseEvent| url.clone())}>{ "Copy" }</button>
                                </div>
                                <span id="copy-status" class="copy-status" role="status">{ match *copied {
                                    Some(true) => "Copied to the clipboard.",
                                    Some(false) => "Could not copy: select the link and copy it yourself.",
                                    None => "",
                                } }</span>
                            </>
                        },
                        Some(Made::File { hash, bytes }) => html! {
                            <p id="share-file">{ format!("This state is too large for a link ({bytes} characters), so it was saved as the file glassbox-share-{hash}.txt. Open it with “Open shared file”.") }</p>
                        },
                        None => html! {},
                    } }
                    <button class="quiet small" onclick={toggle}>{ "Close" }</button>
                </div>
            }
        </span>
    }
}
