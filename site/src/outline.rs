//! The course outline: parts, their lessons, a tick for each lesson whose exercises are all
//! done, and the playground.

use glassbox_content::model::Lesson;
use glassbox_site::route::Route;
use yew::prelude::*;

use crate::context::Ctx;
use crate::course;

/// A lesson is done when every exercise in it passed its checks.
pub fn lesson_done(lesson: &Lesson, completed: &std::collections::BTreeSet<String>) -> bool {
    !lesson.exercises.is_empty()
        && lesson
            .exercises
            .iter()
            .all(|exercise| completed.contains(&course::workspace_key(&lesson.id, &exercise.id)))
}

#[derive(Properties, PartialEq)]
pub struct OutlineProps {
    /// On the home page the outline comes with a welcome and a "Start here" link; in the
    /// drawer it is the list alone.
    #[prop_or_default]
    pub home: bool,
}

/// The lesson to start with: the first one with an exercise not yet done (else the first).
fn start_lesson(completed: &std::collections::BTreeSet<String>) -> Option<(Lesson, bool)> {
    let first = course::course().lessons().next()?.clone();
    let started = course::course()
        .lessons()
        .any(|lesson| lesson_done(lesson, completed));
    let next = course::course()
        .lessons()
        .find(|lesson| !lesson.exercises.is_empty() && !lesson_done(lesson, completed))
        .cloned();
    Some(match next {
        Some(lesson) if started => (lesson, true),
        _ => (first, false),
    })
}

#[function_component(Outline)]
pub fn outline(props: &OutlineProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let completed = &ctx.state.completed;
    let current = match &ctx.state.route {
        Route::Lesson(id) => Some(id.clone()),
        _ => None,
    };
    let total = course::course()
        .lessons()
        .filter(|lesson| !lesson.exercises.is_empty())
        .count();
    let done = course::course()
        .lessons()
        .filter(|lesson| lesson_done(lesson, completed))
        .count();
    html! {
        <div class="outline">
            if props.home {
                <header class="welcome">
                    <h1>{ "Welcome to Glassbox" }</h1>
                    <p>{ "Learn how a web framework works inside by building one, a lesson at a time. Each lesson explains, shows examples you can run, and sets an exercise you check in the editor beside it. Python runs here in your browser: there is nothing to install, and your code is kept on this device." }</p>
                    if let Some((lesson, resuming)) = start_lesson(completed) {
                        <p><a id="start-here" class="start-here" href={Route::Lesson(lesson.id.clone()).to_hash()}>
                            { if resuming { "Continue: " } else { "Start here: " } }{ &lesson.title }{ " →" }
                        </a></p>
                    }
                </header>
            }
            <h2 class="outline-title">{ "Course" }</h2>
            <p class="progress-summary">{ format!("{done} of {total} lessons with exercises done") }</p>
            <ol class="parts">
                { for course::course().parts.iter().map(|part| html! {
                    <li class="part">
                        <h3>{ &part.title }</h3>
                        if let Some(summary) = &part.summary { <p class="part-summary">{ summary }</p> }
                        <ol class="lessons">
                            { for part.lessons.iter().map(|lesson| {
                                let finished = lesson_done(lesson, completed);
                                let here = current.as_deref() == Some(lesson.id.as_str());
                                html! {
                                    <li class={classes!("lesson-link", finished.then_some("done"))}>
                                        <a href={Route::Lesson(lesson.id.clone()).to_hash()} aria-current={here.then_some("page")}>
                                            <span class="tick" aria-hidden="true">{ if finished { "✓" } else { "" } }</span>
                                            <span class="lesson-title">{ &lesson.title }</span>
                                            if finished { <span class="visually-hidden">{ " (done)" }</span> }
                                            <span class="minutes">{ format!("{} min", lesson.estimated_minutes) }</span>
                                        </a>
                                    </li>
                                }
                            }) }
                        </ol>
                    </li>
                }) }
            </ol>
            <p class="playground-link"><a href={Route::Playground.to_hash()}>{ "Open the playground" }</a>{ ": a blank project with no checks." }</p>
        </div>
    }
}
