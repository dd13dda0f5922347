//! Finds lessons on disk: `lessons/NN-part/NN-lesson/lesson.md`, ordered by their `NN-`
//! prefixes, each part with an optional `part.toml` of defaults.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::front_matter::{self, PartFile};
use crate::lesson::{self, LessonSource};
use crate::model::{Course, Part};

pub const LESSON_FILE: &str = "lesson.md";
pub const PART_FILE: &str = "part.toml";

/// What `load` found: the lessons that parsed, and every problem in the others.
#[derive(Debug)]
pub struct Loaded {
    pub course: Course,
    /// The errors: each keeps its lesson out of the course.
    pub problems: Vec<Diagnostic>,
    /// What is probably a mistake but does no harm to the course (an unknown alert kind, HTML
    /// the sanitiser removes): `glassbox check` prints them and still passes.
    pub warnings: Vec<Diagnostic>,
    /// The lessons with errors, as far as they could be read: `glassbox check` runs their
    /// examples, so that errors from running show with the others.
    pub invalid: Vec<crate::model::Lesson>,
    /// Every lesson file found, parsed or not, in order.
    pub lesson_files: Vec<PathBuf>,
}

/// Loads a whole course folder, one part's folder, or one lesson's folder (or its `lesson.md`).
pub fn load(path: &Path, framework: &[(&str, &str)]) -> Loaded {
    let mut loader = Loader {
        framework,
        problems: Vec::new(),
        lesson_files: Vec::new(),
        invalid: Vec::new(),
    };
    let path = if path.file_name().is_some_and(|name| name == LESSON_FILE) {
        path.parent().unwrap_or(path)
    } else {
        path
    };
    let parts = if !path.is_dir() {
        loader.problems.push(
            Diagnostic::whole_file(path, "no such folder")
                .help("give the lessons folder, a part's folder or a lesson's folder"),
        );
        Vec::new()
    } else if path.join(LESSON_FILE).is_file() {
        let part_folder = path.parent().unwrap_or(Path::new("."));
        loader
            .part(part_folder, vec![path.to_path_buf()])
            .into_iter()
            .collect()
    } else if path.join(PART_FILE).is_file()
        || subfolders(path)
            .iter()
            .any(|folder| folder.join(LESSON_FILE).is_file())
    {
        let lessons = loader.numbered(path);
        loader.part(path, lessons).into_iter().collect()
    } else {
        let parts = loader.numbered(path);
        parts
            .into_iter()
            .filter_map(|part| {
                let lessons = loader.numbered(&part);
                loader.part(&part, lessons)
            })
            .collect()
    };
    let (problems, warnings) = loader.problems.into_iter().partition(Diagnostic::is_error);
    Loaded {
        course: Course { parts },
        problems,
        warnings,
        invalid: loader.invalid,
        lesson_files: loader.lesson_files,
    }
}

struct Loader<'a> {
    framework: &'a [(&'a str, &'a str)],
    problems: Vec<Diagnostic>,
    lesson_files: Vec<PathBuf>,
    invalid: Vec<crate::model::Lesson>,
}

impl Loader<'_> {
    /// The `NN-name` subfolders of `folder` in order; reports misnamed and duplicate numbers.
    /// Folders starting with `_` or `.` are left alone (templates, drafts).
    fn numbered(&mut self, folder: &Path) -> Vec<PathBuf> {
        let mut numbered: Vec<(u32, PathBuf)> = Vec::new();
        for child in subfolders(folder) {
            let name = child
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if name.starts_with(['_', '.']) {
                continue;
            }
            let Some(number) = order_number(&name) else {
                self.problems.push(
                    Diagnostic::whole_file(&child, format!("`{name}` does not start with a number like `01-`"))
                        .help("name lesson and part folders NN-name (the number sets the order), or start the name with _ to leave the folder out"),
                );
                continue;
            };
            if let Some((_, other)) = numbered.iter().find(|(existing, _)| *existing == number) {
                self.problems.push(
                    Diagnostic::whole_file(
                        &child,
                        format!(
                            "two folders are numbered {number:02}: this one and {}",
                            other.display()
                        ),
                    )
                    .help("renumber one of them: the number sets the order"),
                );
                continue;
            }
            numbered.push((number, child));
        }
        numbered.sort();
        numbered.into_iter().map(|(_, path)| path).collect()
    }

    fn part(&mut self, folder: &Path, lessons: Vec<PathBuf>) -> Option<Part> {
        let slug = folder_name(folder);
        let part_file = folder.join(PART_FILE);
        let settings = match std::fs::read_to_string(&part_file) {
            Ok(text) => front_matter::parse_toml::<PartFile>(
                &text,
                0,
                &text,
                &part_file,
                &mut self.problems,
            )
            .unwrap_or_default(),
            Err(_) => PartFile::default(),
        };
        let lessons = lessons
            .iter()
            .filter_map(|lesson| self.lesson(lesson, &slug, &settings))
            .collect();
        Some(Part {
            title: settings.title.unwrap_or_else(|| title_from_slug(&slug)),
            summary: settings.summary,
            formerly: settings.formerly,
            slug,
            lessons,
        })
    }

    fn lesson(
        &mut self,
        folder: &Path,
        part_slug: &str,
        settings: &PartFile,
    ) -> Option<crate::model::Lesson> {
        let file = folder.join(LESSON_FILE);
        if !file.exists() {
            self.problems.push(Diagnostic::whole_file(folder, "this lesson folder has no lesson.md").help("write one (`glassbox new PART/LESSON` makes one from the template), or start the folder's name with _ to leave it out"));
            return None;
        }
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(error) => {
                self.problems.push(Diagnostic::whole_file(&file, format!("cannot read the lesson: {error}")).help("every lesson folder holds a lesson.md (`glassbox new PART/LESSON` makes one)"));
                return None;
            }
        };
        self.lesson_files.push(file.clone());
        let slug = folder_name(folder);
        let source = LessonSource {
            file: &file,
            folder,
            id: format!("{part_slug}/{slug}"),
            slug,
            text: &text,
            defaults: &settings.defaults,
            framework: self.framework,
        };
        let before = self.problems.len();
        let lesson = lesson::read(&source, &mut self.problems)?;
        if self.problems[before..].iter().any(Diagnostic::is_error) {
            self.invalid.push(lesson);
            return None;
        }
        Some(lesson)
    }
}

fn subfolders(folder: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.is_dir())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    folders
}

fn folder_name(folder: &Path) -> String {
    let name = folder
        .file_name()
        .map(|name| name.to_string_lossy().into_owned());
    name.unwrap_or_else(|| {
        folder
            .canonicalize()
            .ok()
            .and_then(|full| full.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default()
    })
}

/// `03-urls` is number 3.
pub fn order_number(name: &str) -> Option<u32> {
    let (number, rest) = name.split_once('-')?;
    (!number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit()) && !rest.is_empty())
        .then(|| number.parse().ok())?
}

/// `01-http-basics` becomes `Http basics`, for parts without a title of their own.
fn title_from_slug(slug: &str) -> String {
    let words = slug
        .split_once('-')
        .map_or(slug, |(_, rest)| rest)
        .replace('-', " ");
    let mut characters = words.chars();
    characters
        .next()
        .map(|first| first.to_uppercase().chain(characters).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_come_from_the_prefix() {
        assert_eq!(order_number("03-urls"), Some(3));
        assert_eq!(order_number("10-x-y"), Some(10));
        assert_eq!(order_number("urls"), None);
        assert_eq!(order_number("03-"), None);
        assert_eq!(order_number("3a-x"), None);
    }

    #[test]
    fn titles_come_from_slugs_when_a_part_has_none() {
        assert_eq!(title_from_slug("01-http-basics"), "Http basics");
    }
}
