//! The editor pane: one tab per file of the exercise, Run / Check / Stop, Reset to the starting
//! code (undoable in the editor), hints one at a time, the solution after a confirmation, and
//! each check's result.

use glassbox_content::model::SourceFile;
use glassbox_site::next_up::{NextUp, next_up};
use glassbox_site::route::Route;
use glassbox_site::state::{Action, Status};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::actions;
use crate::browser::confirm;
use crate::context::Ctx;
use crate::course;
use crate::editor::{CodeBlock, CodeEditor};
use crate::workspaces::workspace_for;

#[function_component(WorkspacePane)]
pub fn workspace_pane() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let Some(workspace) = ctx.state.workspace.clone() else {
        return html! {};
    };
    let running = ctx.state.status == Status::Running;
    let ready = ctx.state.ready();
    let has_checks = !workspace.exercise.checks.is_empty();
    let file = workspace
        .files
        .get(workspace.active)
        .cloned()
        .unwrap_or_else(|| SourceFile {
            name: workspace.exercise.entry.clone(),
            code: String::new(),
        });

    let run = {
        let ctx = ctx.clone();
        Callback::from(move |_: ()| actions::run_project(&ctx))
    };
    let check = {
        let ctx = ctx.clone();
        Callback::from(move |_: ()| actions::check(&ctx))
    };
    let stop = {
        let client = ctx.client.clone();
        Callback::from(move |_: MouseEvent| client.stop())
    };
    let reset = {
        let (ctx, files) = (ctx.clone(), workspace.exercise.files.clone());
        Callback::from(move |_: MouseEvent| {
            if confirm("Put back the starting code of every file? (“Undo” brings your code back.)")
            {
                ctx.dispatch(Action::ReplaceFiles(files.clone()));
            }
        })
    };
    let undo = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::UndoReplace))
    };
    // Hidden files load with the learner's but get no tab; read-only ones are shown, not edited.
    let visible: Vec<usize> = (0..workspace.files.len())
        .filter(|&index| workspace.exercise.is_visible(&workspace.files[index].name))
        .collect();
    let editable = workspace.exercise.is_editable(&file.name);
    let on_tab_key = {
        let (ctx, visible) = (ctx.clone(), visible.clone());
        let at = visible
            .iter()
            .position(|&index| index == workspace.active)
            .unwrap_or(0);
        Callback::from(move |event: KeyboardEvent| {
            let count = visible.len().max(1);
            let step = match event.key().as_str() {
                "ArrowRight" => at + 1,
                "ArrowLeft" => at + count - 1,
                _ => return,
            };
            let next = visible.get(step % count).copied().unwrap_or(0);
            event.prevent_default();
            ctx.dispatch(Action::SelectFile(next));
            if let Some(tab) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("file-tab-{next}")))
            {
                let _ = tab.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        })
    };
    let hint = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::ShowHint))
    };
    let solution = {
        let (ctx, files) = (ctx.clone(), workspace.exercise.solved_files());
        Callback::from(move |_: MouseEvent| {
            if confirm(
                "Show the solution? It replaces your code in every file (“Undo” brings yours back).",
            ) {
                ctx.dispatch(Action::ShowSolution(files.clone()));
            }
        })
    };
    let on_change = {
        let ctx = ctx.clone();
        Callback::from(move |text: String| ctx.dispatch(Action::Edit(text)))
    };
    let reveal = workspace
        .reveal
        .as_ref()
        .filter(|reveal| reveal.file == file.name)
        .map(|reveal| (reveal.line, reveal.count));
    let error = workspace
        .error
        .as_ref()
        .filter(|error| error.file == file.name)
        .map(|error| (error.line, error.message.clone()));
    let complete = ctx.state.completed.contains(&workspace.key);
    // What to offer once every check passes: a step, an exercise, the next lesson, or nothing.
    let next_up = match &ctx.state.route {
        Route::Lesson(lesson_id) => course::lesson(lesson_id).map_or(NextUp::Nothing, |lesson| {
            next_up(
                lesson,
                &workspace.exercise.id,
                &ctx.state.completed,
                course::neighbours(&lesson.id).1,
            )
        }),
        _ => NextUp::Nothing,
    };
    let open_exercise = {
        let (ctx, route) = (ctx.clone(), ctx.state.route.clone());
        move |id: String| {
            let (ctx, route) = (ctx.clone(), route.clone());
            Callback::from(move |_: MouseEvent| {
                if let Some(workspace) = workspace_for(&route, Some(&id)) {
                    ctx.dispatch(Action::OpenWorkspace(workspace));
                }
            })
        }
    };
    let passed = workspace
        .checks
        .as_ref()
        .map(|checks| checks.iter().filter(|check| check.passed).count());

    html! {
        <section class="pane editor-pane" aria-label="Code editor">
            <div class="toolbar" role="toolbar" aria-label="Run and check">
                <button id="run" class="primary" onclick={run.reform(|_: MouseEvent| ())} disabled={!ready || running}
                    title="Run your code (Ctrl+Enter)">{ "▶ Run" }</button>
                if has_checks {
                    <button id="check" onclick={check.reform(|_: MouseEvent| ())} disabled={!ready || running}
                        title="Run the exercise's checks (Ctrl+Shift+Enter)">{ "✓ Check" }</button>
                }
                <button id="stop" onclick={stop} disabled={!running} title="Stop the running program">{ "■ Stop" }</button>
                <span class="spacer"></span>
                if !workspace.exercise.hints.is_empty() && ctx.state.answers_visible() {
                    <button id="hint" class="quiet" onclick={hint} disabled={workspace.hints_shown >= workspace.exercise.hints.len()}>
                        { format!("Hint ({}/{})", workspace.hints_shown, workspace.exercise.hints.len()) }
                    </button>
                }
                if !workspace.exercise.solution.is_empty() && ctx.state.answers_visible() {
                    <button id="solution" class="quiet" onclick={solution}>{ "Solution" }</button>
                }
                if workspace.previous_files.is_some() {
                    <button id="undo-replace" class="quiet" onclick={undo} title="Bring back your code from before the reset or the solution">{ "Undo" }</button>
                }
                <button id="reset-code" class="quiet" onclick={reset} title="Put back the starting code">{ "Reset code" }</button>
            </div>
            if visible.len() > 1 {
                <div class="file-tabs" role="tablist" aria-label="Files" onkeydown={on_tab_key}>
                    { for visible.iter().map(|&index| {
                        let source = &workspace.files[index];
                        let select = {
                            let ctx = ctx.clone();
                            Callback::from(move |_: MouseEvent| ctx.dispatch(Action::SelectFile(index)))
                        };
                        let selected = index == workspace.active;
                        html! {
                            <button role="tab" id={format!("file-tab-{index}")} class="file-tab" aria-selected={selected.to_string()} tabindex={if selected { "0" } else { "-1" }}
                                onclick={select}>{ &source.name }
                                if !workspace.exercise.is_editable(&source.name) {
                                    <span class="read-only-mark" title="Read-only: part of the lesson, not yours to change">{ " 🔒" }</span>
                                }
                            </button>
                        }
                    }) }
                </div>
            }
            if editable {
                <CodeEditor key={format!("{}/{}", workspace.key, file.name)} doc={AttrValue::from(file.code.clone())} revision={workspace.revision}
                    label={format!("Python code: {}", file.name)} on_change={on_change} on_run={run} on_check={check} error={error} reveal={reveal} />
            } else {
                <div class="read-only-file" aria-label={format!("{} (read-only)", file.name)}>
                    <p class="read-only-note">{ format!("🔒 {} is part of the lesson: read it, import it, but it is not yours to change.", file.name) }</p>
                    <CodeBlock code={file.code.clone()} language="python" />
                </div>
            }
            // Hints, check results and "complete" share one scrolling area under the editor, so the
            // editor keeps most of the height however many hints and checks are open.
            <div class="feedback" role="region" aria-label="Hints and checks" tabindex="0">
                if workspace.hints_shown > 0 && ctx.state.answers_visible() {
                    <div class="hints" aria-live="polite">
                        { for workspace.exercise.hints.iter().take(workspace.hints_shown).enumerate().map(|(index, hint)| html! {
                            <div class="hint-text"><strong>{ format!("Hint {}: ", index + 1) }</strong>{ Html::from_html_unchecked(AttrValue::from(hint.clone())) }</div>
                        }) }
                    </div>
                }
                if let Some(checks) = &workspace.checks {
                    <div id="checks" class="checks" aria-live="polite" aria-label="Check results">
                        <div class="checks-summary">{ format!("{} of {} checks passed", passed.unwrap_or(0), checks.len()) }</div>
                        <ol>
                            { for checks.iter().map(|result| html! {
                                <li class={classes!("check", if result.passed { "passed" } else { "failed" })}>
                                    <span class="check-mark" aria-hidden="true">{ if result.passed { "✓" } else { "✗" } }</span>
                                    <span class="visually-hidden">{ if result.passed { "Passed: " } else { "Failed: " } }</span>
                                    if let Some(title) = &result.title {
                                        <strong class="check-title">{ title }</strong>
                                        if !result.passed {
                                            <span class="check-message">{ " — " }{ &result.message }</span>
                                        }
                                    } else {
                                        { &result.message }
                                    }
                                    if let Some(failure) = &result.failure {
                                        if let Some((file, line, code)) = &failure.raised_at {
                                            <div class="check-raised">{ format!("Raised in your {file}, line {line}: ") }<code>{ code }</code></div>
                                        }
                                        if let Some(input) = &failure.input {
                                            <div class="check-input">{ "While the check ran: " }<code>{ input }</code></div>
                                        }
                                    }
                                </li>
                            }) }
                        </ol>
                    </div>
                }
                if complete && passed.is_some_and(|passed| Some(passed) == workspace.checks.as_ref().map(Vec::len)) {
                    <div id="complete" class="complete" role="status">
                        { "🎉 Exercise complete! Every check passes." }
                        { match next_up {
                            NextUp::Exercise { id, step: true } => html! {
                                <>{ " " }<button id="next-step" class="small" onclick={open_exercise(id)}>{ "Go on to the next step →" }</button></>
                            },
                            NextUp::Exercise { id, step: false } => html! {
                                <>{ " " }<button id="next-exercise" class="small" onclick={open_exercise(id)}>{ "Open the next exercise →" }</button></>
                            },
                            NextUp::Lesson { id, title } => html! {
                                <>{ " " }<a id="next-lesson" href={Route::Lesson(id).to_hash()}>{ format!("Next lesson: {title} →") }</a></>
                            },
                            NextUp::Nothing => html! {},
                        } }
                    </div>
                }
            </div>
        </section>
    }
}
