//! The typed lesson model. The site loads it as JSON (`glassbox json`), so every type here is
//! `Serialize` and `Deserialize`, and every piece of HTML in it is already sanitised.

use serde::{Deserialize, Serialize};

/// Every part of the course, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    pub parts: Vec<Part>,
}

/// A folder `NN-part/` of lessons, with an optional `part.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The folder name, e.g. `01-http`.
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub lessons: Vec<Lesson>,
    /// The folder names this part had before it was renumbered or renamed (`formerly` in
    /// `part.toml`), so old links and the learner's saved code still find its lessons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<String>,
}

/// One `lesson.md`: what the front matter says, then the page as a sequence of blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// `part/lesson`, e.g. `01-http/01-what-http-is`: unique in the course, usable in a URL.
    pub id: String,
    /// The lesson's folder name, e.g. `01-what-http-is`.
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub objectives: Vec<String>,
    pub estimated_minutes: u32,
    pub tags: Vec<String>,
    /// The page, top to bottom.
    pub blocks: Vec<Block>,
    /// The exercises the page's `Exercise` blocks refer to, with their checks and solutions.
    pub exercises: Vec<Exercise>,
    /// The `python setup` files: importable by every example (see
    /// [`crate::checking::example_steps`]) and part of every exercise, read-only or hidden.
    #[serde(default)]
    pub setup: Vec<SourceFile>,
    /// Where it was read from, for messages; not part of the JSON.
    #[serde(skip)]
    pub file: std::path::PathBuf,
    /// The `python wrong` and `python solution alt` blocks: for `glassbox check` only, never
    /// part of the JSON, so learners never receive them.
    #[serde(skip)]
    pub other_solutions: Vec<OtherSolution>,
    /// How long `glassbox check` lets each block run (`timeout=`); not part of the JSON.
    #[serde(skip)]
    pub time_limits: crate::time_limits::TimeLimits,
}

/// A wrong solution (which some check must catch) or an alternative one (which must pass every
/// check), proven by `glassbox check`. Deliberately not `Serialize`: it never reaches the site.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherSolution {
    /// The id of the exercise it solves.
    pub exercise: String,
    pub kind: OtherKind,
    /// From `id=`, else `wrong-1`, `wrong-2`, ... (or `alt-1`, ...) in page order.
    pub id: String,
    /// From `why=`: what the wrong solution gets wrong, or how the alternative differs.
    pub why: Option<String>,
    /// The files it gives; every other file is the solution's (see [`Exercise::files_with`]).
    pub files: Vec<SourceFile>,
    /// Where its first block's info string is in `lesson.md`.
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OtherKind {
    /// `python wrong`
    Wrong,
    /// `python solution alt`
    Alternative,
}

impl OtherKind {
    /// How messages name it: "wrong solution" or "alternative solution".
    pub fn noun(self) -> &'static str {
        match self {
            OtherKind::Wrong => "wrong solution",
            OtherKind::Alternative => "alternative solution",
        }
    }
}

/// One piece of the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Markdown rendered to sanitised HTML.
    Prose { html: String },
    /// A code block shown with highlighting and never run (`python`, `text`, `sql`, ...).
    Code { language: String, code: String },
    /// A `python run` example with a Run button.
    Run {
        code: String,
        /// The exception class the example is meant to raise, e.g. `ZeroDivisionError`.
        raises: Option<String>,
        line: usize,
        /// What it prints, from the `output` block after it; `glassbox check` proves it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        output: Option<String>,
    },
    /// A `python setup` file, shown (unless hidden) where the lesson defines it.
    Setup { file: String, code: String },
    /// A `predict` block: the learner commits an answer, then runs the example it is about.
    Predict(Prediction),
    /// Where an exercise's editor goes (the first of its `python exercise` blocks).
    Exercise { exercise: String },
    /// An `http` request the learner can send to the exercise's app.
    Http {
        exercise: Option<String>,
        request: HttpRequest,
        /// The line of `lesson.md` where the block starts.
        line: usize,
    },
    /// A function or class quoted from the framework's own source (`python include`).
    Source {
        file: String,
        name: String,
        code: String,
        /// The line of `file` where `code` starts, for "open in the source viewer".
        first_line: usize,
    },
    /// Speaker notes: only presenters see them.
    Notes { html: String },
}

/// A question about what an example will print, answered before it runs. The answer is the
/// last line the example prints, or that line's last word; `glassbox check` proves it
/// ([`crate::checking::proves_answer`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The question, as sanitised HTML.
    pub question: String,
    /// The choices, in order; empty when the learner types a number.
    pub choices: Vec<String>,
    /// The right choice's text, or the number.
    pub answer: String,
    /// The index in the lesson's blocks of the `Run` block it is about.
    pub example: usize,
    /// The line of `lesson.md` where the block starts.
    pub line: usize,
}

impl Prediction {
    /// Whether `given` (a choice's text, or a number as typed) is the answer.
    pub fn is_right(&self, given: &str) -> bool {
        answers_match(&self.answer, given)
    }
}

/// Whether two answers are the same: equal text, or equal numbers (`2`, `2.0`, ` 2 `).
pub fn answers_match(expected: &str, given: &str) -> bool {
    let (expected, given) = (expected.trim(), given.trim());
    expected == given
        || matches!(
            (expected.parse::<f64>(), given.parse::<f64>()),
            (Ok(a), Ok(b)) if (a - b).abs() < 1e-9
        )
}

/// An exercise: starting files the learner edits, checks that judge them, and a solution.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    /// From `id=` (default `main`).
    pub id: String,
    /// The line of `lesson.md` where its first block starts.
    pub line: usize,
    /// The starting code, one file per `python exercise` block, in page order.
    pub files: Vec<SourceFile>,
    /// The file that runs as `__main__`: `app.py` or `main.py` if there is one, else the first.
    pub entry: String,
    pub checks: Vec<Check>,
    /// Solution files; a file the solution does not give keeps its starting code.
    pub solution: Vec<SourceFile>,
    /// Sanitised HTML, revealed one at a time.
    pub hints: Vec<String>,
    /// Files the learner sees but cannot change (`read-only`, and the lesson's setup files).
    #[serde(default)]
    pub read_only: Vec<String>,
    /// Files that load but the learner never sees (`hidden`).
    #[serde(default)]
    pub hidden: Vec<String>,
    /// `after=`: the exercise this one is the next step of; its starting files are that
    /// exercise's solution, and the site offers it once that exercise passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// A Python file of an exercise or its solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceFile {
    /// e.g. `views.py`; importable by the other files as the module `views`.
    pub name: String,
    pub code: String,
}

/// A `python check` block, run after the learner's code in the same interpreter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// From `title=`: what the learner sees for this check, passed or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub code: String,
    /// The line of `lesson.md` where the code starts.
    pub line: usize,
}

/// A request written in an `http` block: `GET /polls/ HTTP/1.1`, headers, a blank line, a body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpRequest {
    pub method: String,
    /// The path with its query string, e.g. `/polls/?page=2`.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The block as written, for display.
    pub raw: String,
}

impl Exercise {
    /// Whether the learner may change the file `name`.
    pub fn is_editable(&self, name: &str) -> bool {
        !self
            .read_only
            .iter()
            .chain(&self.hidden)
            .any(|file| file == name)
    }

    /// Whether the learner sees the file `name`.
    pub fn is_visible(&self, name: &str) -> bool {
        !self.hidden.iter().any(|file| file == name)
    }

    /// The files with the solution applied: each solution file replaces the starting one.
    pub fn solved_files(&self) -> Vec<SourceFile> {
        let mut files = self.files.clone();
        for solved in &self.solution {
            match files.iter_mut().find(|file| file.name == solved.name) {
                Some(file) => file.code = solved.code.clone(),
                None => files.push(solved.clone()),
            }
        }
        files
    }

    /// The solved files with `replaced` swapped in: what a wrong or alternative solution runs.
    pub fn files_with(&self, replaced: &[SourceFile]) -> Vec<SourceFile> {
        let mut files = self.solved_files();
        for other in replaced {
            match files.iter_mut().find(|file| file.name == other.name) {
                Some(file) => file.code = other.code.clone(),
                None => files.push(other.clone()),
            }
        }
        files
    }
}

impl Course {
    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.parts.iter().flat_map(|part| &part.lessons)
    }

    /// The id a lesson has now, when `id` names it by a part folder's former name (see
    /// [`Part::formerly`]): `07-shipping/01-testing` is `08-shipping/01-testing` after the part
    /// was renumbered. None when `id` is current or names nothing.
    pub fn renamed(&self, id: &str) -> Option<String> {
        let (old_part, lesson) = id.split_once('/')?;
        self.parts
            .iter()
            .filter(|part| part.formerly.iter().any(|name| name == old_part))
            .find_map(|part| {
                let new_id = format!("{}/{lesson}", part.slug);
                part.lessons
                    .iter()
                    .any(|known| known.id == new_id)
                    .then_some(new_id)
            })
    }
}
