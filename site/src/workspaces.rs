//! Which workspace a page opens: the lesson's exercise (or the playground) with the learner's
//! saved code, read from the course and this browser's storage.

use std::rc::Rc;

use glassbox_site::route::Route;
use glassbox_site::state::Workspace;

use crate::course;
use crate::store;

/// The page the address points at (by the lesson's current id, if the link is older).
pub fn current_route() -> Route {
    course::current(Route::parse(
        &web_sys::window()
            .and_then(|window| window.location().hash().ok())
            .unwrap_or_default(),
    ))
}

/// The workspace a route opens: the lesson's first exercise (or the one asked for), with the
/// learner's saved code if there is any.
pub fn workspace_for(route: &Route, exercise_id: Option<&str>) -> Option<Workspace> {
    // Saved files are merged with the exercise's by name, so a file added to an exercise after
    // the learner saved still appears.
    let (key, exercise) = match route {
        Route::Outline | Route::Share(_) => return None,
        Route::Playground => (
            "playground".to_owned(),
            course::playground_exercise("playground"),
        ),
        Route::Lesson(id) => {
            let lesson = course::lesson(id)?;
            let chosen = exercise_id
                .and_then(|wanted| {
                    lesson
                        .exercises
                        .iter()
                        .find(|exercise| exercise.id == wanted)
                })
                .or(lesson.exercises.first());
            match chosen {
                Some(exercise) => (
                    course::workspace_key(id, &exercise.id),
                    Rc::new(exercise.clone()),
                ),
                None => (
                    course::workspace_key(id, "scratch"),
                    course::playground_exercise("scratch"),
                ),
            }
        }
    };
    let files = match store::load_files(&key).filter(|files| !files.is_empty()) {
        Some(saved) => {
            let mut files = saved;
            for start in &exercise.files {
                match files.iter_mut().find(|file| file.name == start.name) {
                    // Read-only and hidden files are the lesson's: always its current code.
                    Some(file) if !exercise.is_editable(&start.name) => {
                        file.code = start.code.clone()
                    }
                    Some(_) => {}
                    None => files.push(start.clone()),
                }
            }
            files
        }
        None => exercise.files.clone(),
    };
    Some(Workspace::new(key, exercise, files))
}
