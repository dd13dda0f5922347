//! A lesson's text: its prose (sanitised HTML from the build), code, examples with a Run
//! button, the exercises it sets, requests to send to the learner's app, and quotes of the
//! framework's source; then previous / next.

use glassbox_content::model::{Block, Lesson};
use glassbox_site::protocol::Outcome;
use glassbox_site::route::{Route, resolve_lesson_link};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use glassbox_site::request::RequestDraft;
use glassbox_site::state::{Action, SourceLocation, Tab};

use crate::actions;
use crate::console::view_outcome;
use crate::context::Ctx;
use crate::course;
use crate::editor::CodeBlock;
use crate::prediction_view::PredictionBlock;
use crate::workspaces::workspace_for;

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub lesson_id: AttrValue,
}

#[function_component(LessonText)]
pub fn lesson_text(props: &LessonProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    // The presenter's scrolling is sent to the follower window, which scrolls the same way.
    let article = use_node_ref();
    let on_scroll = {
        let ctx = ctx.clone();
        Callback::from(move |event: Event| {
            if !ctx.state.presenter.on || ctx.state.follower {
                return;
            }
            let element: web_sys::Element = event.target_unchecked_into();
            let range = f64::from(element.scroll_height() - element.client_height()).max(1.0);
            let fraction = (f64::from(element.scroll_top()) / range).clamp(0.0, 1.0);
            if (fraction - ctx.state.lesson_scroll).abs() > 0.005 {
                ctx.dispatch(Action::LessonScrolled(fraction));
            }
        })
    };
    {
        let article = article.clone();
        let (follower, fraction) = (ctx.state.follower, ctx.state.lesson_scroll);
        use_effect_with((follower, (fraction * 1000.0) as i64), move |_| {
            if follower && let Some(element) = article.cast::<web_sys::Element>() {
                let range = f64::from(element.scroll_height() - element.client_height()).max(0.0);
                element.set_scroll_top((fraction * range).round() as i32);
            }
        });
    }
    // A new lesson starts at its title: the article (and, on a narrow screen, the page) keeps
    // the previous lesson's scroll position otherwise.
    {
        let article = article.clone();
        use_effect_with(props.lesson_id.clone(), move |_| {
            if let Some(element) = article.cast::<web_sys::Element>() {
                element.set_scroll_top(0);
            }
            if let Some(main) = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id("main"))
            {
                main.set_scroll_top(0);
            }
        });
    }
    let Some(lesson) = course::lesson(&props.lesson_id) else {
        return html! {};
    };
    let (before, after) = course::neighbours(&lesson.id);
    // Lessons link to each other by folder (`../02-requests/`); in the app those are routes.
    let on_click = {
        let lesson_id = lesson.id.clone();
        Callback::from(move |event: MouseEvent| {
            let Some(anchor) = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("a[href]").ok().flatten())
            else {
                return;
            };
            let href = anchor.get_attribute("href").unwrap_or_default();
            // A footnote or heading link (`#crlf`) scrolls within the lesson: as a fragment it
            // would replace the route and leave the lesson.
            if let Some(id) = href.strip_prefix('#').filter(|id| !id.starts_with('/')) {
                event.prevent_default();
                let target = web_sys::window()
                    .and_then(|window| window.document())
                    .and_then(|document| document.get_element_by_id(id));
                if let Some(target) = target {
                    target.scroll_into_view();
                }
                return;
            }
            if let Some(id) =
                resolve_lesson_link(&lesson_id, &href).filter(|id| course::lesson(id).is_some())
            {
                event.prevent_default();
                if let Some(window) = web_sys::window() {
                    let _ = window.location().set_hash(&Route::Lesson(id).to_hash());
                }
            }
        })
    };
    html! {
        <article class="lesson" aria-labelledby="lesson-title" onclick={on_click} onscroll={on_scroll} ref={article}>
            <div class="lesson-body">
                <header class="lesson-header">
                    <h1 id="lesson-title">{ &lesson.title }</h1>
                    <p class="summary">{ &lesson.summary }</p>
                    if !lesson.objectives.is_empty() {
                        <details class="objectives" open=true>
                            <summary>{ format!("What you will learn · about {} min", lesson.estimated_minutes) }</summary>
                            <ul>{ for lesson.objectives.iter().map(|objective| html! { <li>{ objective }</li> }) }</ul>
                        </details>
                    }
                </header>
                { for lesson.blocks.iter().enumerate().map(|(index, block)| match block {
                    // The page's own `# Title` repeats the header above: leave it out.
                    Block::Prose { html } if index == 0 => view_block(&ctx, lesson, index, &Block::Prose { html: without_leading_h1(html) }),
                    block => view_block(&ctx, lesson, index, block),
                }) }
                <nav class="lesson-nav" aria-label="Lessons">
                    if let Some(before) = before {
                        <a class="previous" href={Route::Lesson(before.id.clone()).to_hash()} rel="prev">{ "← " }{ &before.title }</a>
                    }
                    <span class="spacer"></span>
                    if let Some(after) = after {
                        <a class="next" href={Route::Lesson(after.id.clone()).to_hash()} rel="next">{ &after.title }{ " →" }</a>
                    }
                </nav>
            </div>
        </article>
    }
}

fn without_leading_h1(html: &str) -> String {
    let trimmed = html.trim_start();
    match (trimmed.starts_with("<h1"), trimmed.find("</h1>")) {
        (true, Some(end)) => trimmed[end + "</h1>".len()..].to_owned(),
        _ => html.to_owned(),
    }
}

fn view_block(ctx: &Ctx, lesson: &Lesson, index: usize, block: &Block) -> Html {
    match block {
        Block::Prose { html } => Html::from_html_unchecked(AttrValue::from(format!(
            "<div class=\"prose\">{html}</div>"
        ))),
        Block::Code { language, code } => {
            html! { <CodeBlock code={code.clone()} language={language.clone()} /> }
        }
        Block::Run { code, output, .. } => {
            let on_run = {
                let (ctx, code, setup) = (ctx.clone(), code.clone(), lesson.setup.clone());
                Callback::from(move |_: MouseEvent| {
                    actions::run_example(&ctx, index, &setup, &code)
                })
            };
            let outcome: Option<&Outcome> = ctx.state.examples.get(&index);
            html! {
                <div class="example">
                    <CodeBlock code={code.clone()} language="python" />
                    if let Some(output) = output {
                        <figure class="expected-output">
                            <figcaption>{ "It prints:" }</figcaption>
                            <pre><code>{ output }</code></pre>
                        </figure>
                    }
                    <div class="example-bar">
                        <button class="small" onclick={on_run} disabled={!ctx.state.ready()}>{ "▶ Run this example" }</button>
                    </div>
                    if let Some(outcome) = outcome {
                        <div class="example-output" aria-live="polite">{ view_outcome(outcome) }</div>
                    }
                </div>
            }
        }
        Block::Setup { file, code } => html! {
            <figure class="setup-file">
                <figcaption>
                    <code>{ file }</code>{ " — every example and exercise of this lesson can import it" }
                </figcaption>
                <CodeBlock code={code.clone()} language="python" />
            </figure>
        },
        Block::Predict(prediction) => html! {
            <PredictionBlock index={index} prediction={prediction.clone()} />
        },
        Block::Exercise { exercise } => {
            let key = course::workspace_key(&lesson.id, exercise);
            let current = ctx
                .state
                .workspace
                .as_ref()
                .is_some_and(|workspace| workspace.key == key);
            let done = ctx.state.completed.contains(&key);
            // A later step opens once the step before it passes, from that step's solution.
            let waiting_for = lesson
                .exercises
                .iter()
                .find(|candidate| &candidate.id == exercise)
                .and_then(|candidate| candidate.after.clone())
                .filter(|after| {
                    !ctx.state
                        .completed
                        .contains(&course::workspace_key(&lesson.id, after))
                });
            let is_step = lesson
                .exercises
                .iter()
                .any(|candidate| &candidate.id == exercise && candidate.after.is_some());
            let open = {
                let (ctx, lesson_id, exercise) = (ctx.clone(), lesson.id.clone(), exercise.clone());
                Callback::from(move |_: MouseEvent| {
                    if let Some(workspace) =
                        workspace_for(&Route::Lesson(lesson_id.clone()), Some(&exercise))
                    {
                        ctx.dispatch(Action::OpenWorkspace(workspace));
                    }
                })
            };
            html! {
                <aside class={classes!("exercise-card", current.then_some("current"), done.then_some("done"), waiting_for.is_some().then_some("locked"))} aria-label={format!("Exercise {exercise}")}>
                    <strong>{ match (done, is_step) { (true, _) => "✓ Exercise done", (false, true) => "Next step", (false, false) => "Exercise" } }</strong>
                    if let Some(after) = &waiting_for {
                        <span class="step-locked">{ format!(" — opens when the exercise before it (`{after}`) passes its checks; it starts from that exercise's solution.") }</span>
                    } else if current {
                        <span>{ " — open in the editor beside this text. Change the code there, then press ✓ Check." }</span>
                    } else {
                        <button class="small" onclick={open}>{ "Open this exercise in the editor" }</button>
                    }
                </aside>
            }
        }
        Block::Http { request, .. } => {
            let send = {
                let (ctx, request) = (ctx.clone(), request.clone());
                Callback::from(move |_: MouseEvent| {
                    let draft = RequestDraft::from_pairs(
                        &request.method,
                        &request.target,
                        &request.headers,
                        &request.body,
                    );
                    ctx.dispatch(Action::Draft(draft.clone()));
                    ctx.dispatch(Action::Tab(Tab::Request));
                    actions::send(&ctx, draft);
                })
            };
            // Sending needs an app: without one the learner would only meet an internal error.
            let has_app = ctx
                .state
                .workspace
                .as_ref()
                .is_some_and(|workspace| workspace.defines_app());
            html! {
                <div class="http-block">
                    <pre class="code-block language-http"><code>{ &request.raw }</code></pre>
                    if has_app {
                        <button class="small" onclick={send} disabled={!ctx.state.ready()}>{ "Send to your app" }</button>
                    } else {
                        <p class="no-app">{ "A request to read: the code in the editor defines no " }<code>{ "app" }</code>{ " to send it to yet." }</p>
                    }
                </div>
            }
        }
        Block::Source {
            file,
            name,
            code,
            first_line,
        } => {
            let open = {
                let (ctx, file, line) = (ctx.clone(), file.clone(), *first_line as u32);
                Callback::from(move |_: MouseEvent| {
                    actions::load_sources(&ctx);
                    ctx.dispatch(Action::OpenSource(SourceLocation {
                        file: file.clone(),
                        line: Some(line),
                    }));
                })
            };
            html! {
                <figure class="source-quote">
                    <figcaption>
                        <code>{ name }</code>{ " in " }<code>{ file }</code>
                        <button class="small quiet" onclick={open}>{ "Open in the source viewer" }</button>
                    </figcaption>
                    <CodeBlock code={code.clone()} language="python" />
                </figure>
            }
        }
        // Speaker notes: only in the presenter's own window, never in the follower, and only
        // when asked (a stream may capture the presenter's window too).
        Block::Notes { html }
            if ctx.state.presenter.on && ctx.state.presenter.show_notes && !ctx.state.follower =>
        {
            html! {
                <aside class="speaker-notes" aria-label="Speaker notes">
                    <strong>{ "Speaker notes" }</strong>
                    { Html::from_html_unchecked(AttrValue::from(html.clone())) }
                </aside>
            }
        }
        Block::Notes { .. } => html! {},
    }
}
