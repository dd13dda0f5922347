//! What to offer once an exercise passes: its next step, else the lesson's next exercise that
//! is open, else the next lesson, else nothing (never a sentence that points nowhere).

use std::collections::BTreeSet;

use glassbox_content::model::Lesson;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextUp {
    /// An exercise of the same lesson (a step that continues this one, or the next exercise).
    Exercise {
        id: String,
        step: bool,
    },
    /// The next lesson in the course, by id and title.
    Lesson {
        id: String,
        title: String,
    },
    Nothing,
}

/// `completed` holds `lesson#exercise` keys, as the store keeps them.
pub fn next_up(
    lesson: &Lesson,
    exercise: &str,
    completed: &BTreeSet<String>,
    next_lesson: Option<&Lesson>,
) -> NextUp {
    let done = |id: &str| completed.contains(&format!("{}#{id}", lesson.id));
    if let Some(step) = lesson
        .exercises
        .iter()
        .find(|next| next.after.as_deref() == Some(exercise))
    {
        return NextUp::Exercise {
            id: step.id.clone(),
            step: true,
        };
    }
    let position = lesson.exercises.iter().position(|e| e.id == exercise);
    let later = lesson
        .exercises
        .iter()
        .skip(position.map_or(0, |index| index + 1))
        .find(|next| !done(&next.id) && next.after.as_deref().is_none_or(&done));
    if let Some(next) = later {
        return NextUp::Exercise {
            id: next.id.clone(),
            step: false,
        };
    }
    match next_lesson {
        Some(next) => NextUp::Lesson {
            id: next.id.clone(),
            title: next.title.clone(),
        },
        None => NextUp::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use glassbox_content::model::Exercise;

    use super::*;

    fn lesson(id: &str, exercises: &[(&str, Option<&str>)]) -> Lesson {
        Lesson {
            id: id.into(),
            title: format!("Lesson {id}"),
            exercises: exercises
                .iter()
                .map(|(id, after)| Exercise {
                    id: (*id).into(),
                    after: after.map(Into::into),
                    ..Exercise::default()
                })
                .collect(),
            slug: id.into(),
            summary: String::new(),
            objectives: Vec::new(),
            estimated_minutes: 1,
            tags: Vec::new(),
            blocks: Vec::new(),
            setup: Vec::new(),
            file: Default::default(),
            other_solutions: Vec::new(),
            time_limits: Default::default(),
        }
    }

    #[test]
    fn a_step_comes_first() {
        let here = lesson("a", &[("one", None), ("two", Some("one")), ("three", None)]);
        let next = next_up(&here, "one", &BTreeSet::new(), None);
        assert_eq!(
            next,
            NextUp::Exercise {
                id: "two".into(),
                step: true
            }
        );
    }

    #[test]
    fn then_the_next_open_exercise_not_done() {
        let here = lesson("a", &[("one", None), ("two", None), ("three", None)]);
        let completed = BTreeSet::from(["a#two".to_owned()]);
        let next = next_up(&here, "one", &completed, None);
        assert_eq!(
            next,
            NextUp::Exercise {
                id: "three".into(),
                step: false
            }
        );
    }

    #[test]
    fn then_the_next_lesson_then_nothing() {
        let here = lesson("a", &[("one", None)]);
        let after = lesson("b", &[]);
        assert_eq!(
            next_up(&here, "one", &BTreeSet::new(), Some(&after)),
            NextUp::Lesson {
                id: "b".into(),
                title: "Lesson b".into()
            }
        );
        assert_eq!(
            next_up(&here, "one", &BTreeSet::new(), None),
            NextUp::Nothing
        );
    }
}
