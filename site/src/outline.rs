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

#[function_component(Outline)]
pub fn outline() -> Html {
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
