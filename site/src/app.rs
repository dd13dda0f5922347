//! The page: a top bar, the course outline, and for a lesson its text beside the editor with
//! the console and inspector below. The lesson text renders as soon as this (small) wasm runs;
//! the interpreter loads in its worker meanwhile.

use glassbox_site::route::Route;
use glassbox_site::state::{Action, State};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::context::Ctx;
use crate::course;
use crate::course_problems::CourseProblems;
use crate::follow;
use crate::inspector::Inspector;
use crate::layout::{Splitter, SplitterAxis};
use crate::lesson_view::LessonText;
use crate::outline::Outline;
use crate::presenter::{KeyOverlay, PresenterBar};
use crate::share_ui::BannerView;
use crate::store;
use crate::toolbar::TopBar;
use crate::worker_client::{Event, WorkerClient};
use crate::workspace_view::WorkspacePane;
use crate::workspaces::{current_route, workspace_for};

pub fn mount(client: WorkerClient) {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("the page has a document");
    let root = document
        .get_element_by_id("app")
        .expect("index.html has #app");
    root.set_inner_html(""); // replace the static shell shown while the UI loaded
    store::flush_on_hide();
    yew::Renderer::<App>::with_root_and_props(root, AppProps { client }).render();
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub client: WorkerClient,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| {
        let mut state = State::new(current_route(), store::completed());
        state.follower = follow::is_follower();
        state
    });
    let ctx = Ctx {
        client: props.client.clone(),
        state: state.clone(),
    };

    // Presenter mode's shortcut; a follower listens to the presenter instead.
    {
        let ctx = ctx.clone();
        use_effect_with((), move |_| {
            if ctx.state.follower {
                follow::listen(ctx.state.dispatcher());
            } else {
                crate::presenter::install_shortcut(ctx.clone());
            }
        });
    }
    // In presenter mode, every change is sent to the follower window (if one is open).
    if state.presenter.on && !state.follower {
        follow::publish(&state);
    }
    // The learner's code is saved as they change it (typing, reset, solution, undo): not when a
    // workspace merely opens, and never code from a share link until it is kept.
    {
        let workspace = state.workspace.clone();
        let changed = workspace
            .as_ref()
            .map(|workspace| (workspace.key.clone(), workspace.edits));
        use_effect_with(changed, move |_| {
            if let Some(workspace) =
                workspace.filter(|workspace| workspace.saved && workspace.edits > 0)
            {
                store::save_files(&workspace.key, &workspace.files);
            }
        });
    }
    // A share link opens its state (once per link).
    {
        let ctx = ctx.clone();
        use_effect_with(state.route.clone(), move |route| {
            if let Route::Share(data) = route {
                crate::share_ui::open(&ctx, data);
            }
        });
    }

    // The worker's status and restarts.
    {
        let dispatcher = state.dispatcher();
        let client = props.client.clone();
        use_effect_with((), move |_| {
            client.subscribe(move |event| match event {
                Event::Status(status) => dispatcher.dispatch(Action::Status(status.clone())),
                Event::Restarted { reason } => {
                    dispatcher.dispatch(Action::Restarted(reason.clone()))
                }
                Event::Output { stream, text } => dispatcher.dispatch(Action::Printed {
                    stream: stream.clone(),
                    text: text.clone(),
                }),
            });
        });
    }
    // Back, forward and links change the fragment; the page follows.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let on_hash = Closure::<dyn Fn()>::new(move || {
                dispatcher.dispatch(Action::Navigate(current_route()))
            });
            let window = web_sys::window().expect("window");
            let _ = window
                .add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
            on_hash.forget();
        });
    }
    // A new route opens its workspace, and its title.
    {
        let dispatcher = state.dispatcher();
        let open_key = state
            .workspace
            .as_ref()
            .map(|workspace| workspace.key.clone());
        use_effect_with(state.route.clone(), move |route| {
            store::flush();
            // Already open (a share link put its code there): keep it.
            let wanted = workspace_for(route, None)
                .filter(|workspace| Some(&workspace.key) != open_key.as_ref());
            if let Some(workspace) = wanted.filter(|_| !follow::is_follower()) {
                dispatcher.dispatch(Action::OpenWorkspace(workspace));
            }
            let title = match route {
                Route::Lesson(id) => {
                    course::lesson(id).map(|lesson| format!("{} · Glassbox", lesson.title))
                }
                Route::Playground => Some("Playground · Glassbox".to_owned()),
                Route::Outline | Route::Share(_) => None,
            };
            if let Some(document) = web_sys::window().and_then(|window| window.document()) {
                document.set_title(&title.unwrap_or_else(|| {
                    "Glassbox — learn how a web framework works inside".to_owned()
                }));
            }
        });
    }

    // Below 860 px the lesson and the code take turns on screen (a switch, as in the Svelte
    // tutorial), so Run is one tap away rather than under the whole lesson.
    let show_code = use_state(|| false);
    let lesson_width = use_state(|| 42.0_f64);
    let bottom_height = use_state(|| 40.0_f64);
    let on_lesson_width = {
        let lesson_width = lesson_width.clone();
        Callback::from(move |value: f64| lesson_width.set(value.clamp(20.0, 70.0)))
    };
    let on_bottom_height = {
        let bottom_height = bottom_height.clone();
        Callback::from(move |value: f64| bottom_height.set(value.clamp(15.0, 80.0)))
    };

    let body = match &state.route {
        Route::Outline | Route::Share(_) => {
            html! { <main id="main" class="outline-page" tabindex="-1"><Outline home=true /></main> }
        }
        route => {
            let lesson = match route {
                Route::Lesson(id) => course::lesson(id),
                _ => None,
            };
            let missing = matches!(route, Route::Lesson(_)) && lesson.is_none();
            let style = format!(
                "--lesson-width: {:.1}%; --bottom-height: {:.1}%;",
                *lesson_width, *bottom_height
            );
            html! {
                <main id="main" class={classes!("study", lesson.is_none().then_some("no-lesson"), lesson.is_some().then_some(if *show_code { "show-code" } else { "show-lesson" }))} style={style} tabindex="-1">
                    if lesson.is_some() {
                        <div class="pane-switch" role="group" aria-label="Show on screen">
                            <button id="show-lesson" aria-pressed={(!*show_code).to_string()} onclick={{
                                let show_code = show_code.clone();
                                Callback::from(move |_: MouseEvent| show_code.set(false))
                            }}>{ "Lesson" }</button>
                            <button id="show-code" aria-pressed={show_code.to_string()} onclick={{
                                let show_code = show_code.clone();
                                Callback::from(move |_: MouseEvent| show_code.set(true))
                            }}>{ "Code and Run" }</button>
                        </div>
                    }
                    if missing {
                        <article class="lesson" aria-label="Lesson"><div class="lesson-body">
                            <h1>{ "No such lesson" }</h1>
                            if course::problems().is_empty() {
                                <p>{ "This link points to a lesson that is not in the course (it may have been renamed). " }
                                   <a href="#/">{ "See all lessons" }</a></p>
                            } else {
                                <p>{ "This lesson is left out while it has a problem: fix what the list above says, save, and it comes back. " }
                                   <a href="#/">{ "See the lessons that loaded" }</a></p>
                            }
                        </div></article>
                    } else if let Some(lesson) = lesson {
                        <LessonText lesson_id={lesson.id.clone()} />
                        <Splitter axis={SplitterAxis::Columns} value={*lesson_width} label="Resize the lesson text" on_change={on_lesson_width} />
                    }
                    <section class="work" aria-label="Your code and your app">
                        <WorkspacePane />
                        <Splitter axis={SplitterAxis::Rows} value={100.0 - *bottom_height} label="Resize the console and inspector" on_change={on_bottom_height.reform(|value: f64| 100.0 - value)} />
                        <Inspector />
                    </section>
                </main>
            }
        }
    };

    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class={classes!("app", state.presenter.on.then_some("presenter"), state.follower.then_some("follower"))}
                style={if state.presenter.on || state.follower { format!("--scale: {}", state.presenter.scale) } else { String::new() }}>
                <a class="skip-link" href="#main" onclick={Callback::from(|event: MouseEvent| {
                    event.prevent_default();
                    if let Some(main) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("main")) {
                        let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                })}>{ "Skip to content" }</a>
                <TopBar />
                <PresenterBar />
                <BannerView />
                <CourseProblems />
                <KeyOverlay />
                if state.outline_open {
                    <nav id="outline-drawer" class="outline-drawer" aria-label="Course outline"><Outline /></nav>
                }
                { body }
            </div>
        </ContextProvider<Ctx>>
    }
}
