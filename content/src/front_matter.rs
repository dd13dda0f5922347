//! The TOML between `+++` lines at the top of `lesson.md`, and the defaults a part's
//! `part.toml` gives its lessons.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, LineIndex};

/// The fence around a lesson's front matter, as in Zola and Hugo.
pub const FENCE: &str = "+++";

/// What a lesson's front matter may say. Everything is optional here; [`resolve`] applies the
/// part's defaults and reports what is still missing.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub objectives: Option<Vec<String>>,
    pub estimated_minutes: Option<u32>,
    pub tags: Option<Vec<String>>,
}

/// `part.toml`: the part's own title, and defaults for its lessons' front matter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartFile {
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Earlier folder names of this part (after a renumbering), for old links and saved code.
    #[serde(default)]
    pub formerly: Vec<String>,
    #[serde(default)]
    pub defaults: FrontMatter,
}

/// The front matter with every required field present.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub title: String,
    pub summary: String,
    pub objectives: Vec<String>,
    pub estimated_minutes: u32,
    pub tags: Vec<String>,
}

/// A lesson's text split at its front matter.
pub struct Split<'text> {
    pub front_matter: &'text str,
    /// Byte offset of `front_matter` in the file.
    pub front_matter_offset: usize,
    pub body: &'text str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Finds the `+++` fences. Without front matter, the whole text is the body.
pub fn split<'text>(
    text: &'text str,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<Split<'text>> {
    let index = LineIndex::new(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    // Some editors on Windows start files with a byte order mark.
    if first.trim_start_matches('\u{feff}').trim_end() != FENCE {
        problems.push(
            Diagnostic::new(file, index.position(0), "the lesson does not start with front matter")
                .help(format!("begin lesson.md with a `{FENCE}` line, then `title = \"...\"` and the other fields, then another `{FENCE}` line")),
        );
        return None;
    }
    let start = first.len();
    let mut offset = start;
    for line in lines {
        if line.trim_end() == FENCE {
            let body_offset = offset + line.len();
            return Some(Split {
                front_matter: &text[start..offset],
                front_matter_offset: start,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    problems.push(
        Diagnostic::new(file, index.position(0), "the front matter is never closed").help(format!(
            "add a line `{FENCE}` after the last front matter field"
        )),
    );
    None
}

/// Parses TOML text that starts at `offset` in `file`, reporting a syntax or type error where it is.
pub fn parse_toml<T: for<'de> Deserialize<'de>>(
    toml_text: &str,
    offset: usize,
    whole_text: &str,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    let is_part_file = file.file_name().is_some_and(|name| name == "part.toml");
    let (what, help) = if is_part_file {
        ("bad part.toml", PART_HELP)
    } else {
        ("bad front matter", FIELDS_HELP)
    };
    match toml::from_str::<T>(toml_text) {
        Ok(value) => Some(value),
        Err(error) => {
            let at = offset + error.span().map_or(0, |span| span.start);
            let message = error.message().trim().to_owned();
            problems.push(
                Diagnostic::new(
                    file,
                    LineIndex::new(whole_text).position(at),
                    format!("{what}: {message}"),
                )
                .help(help),
            );
            None
        }
    }
}

const PART_HELP: &str = "part.toml is TOML with title and summary (texts), and a [defaults] table with any lesson front matter field (title, summary, objectives, estimated_minutes, tags)";

const FIELDS_HELP: &str = "front matter is TOML with the fields title (text), summary (text), objectives (a list of texts), estimated_minutes (a whole number) and tags (a list of texts)";

/// Fills what the lesson leaves out from the part's defaults; reports required fields still missing.
pub fn resolve(
    lesson: FrontMatter,
    defaults: &FrontMatter,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<Resolved> {
    let position = crate::diagnostic::Position { line: 1, column: 1 };
    let mut missing = |field: &str, example: &str| {
        problems.push(
            Diagnostic::new(file, position, format!("the front matter has no `{field}`"))
                .help(format!("add `{field} = {example}` between the `{FENCE}` lines (or to `[defaults]` in the part's part.toml)")),
        );
    };
    let title = lesson.title.or_else(|| defaults.title.clone());
    let summary = lesson.summary.or_else(|| defaults.summary.clone());
    let minutes = lesson.estimated_minutes.or(defaults.estimated_minutes);
    if title.is_none() {
        missing("title", "\"What HTTP really is\"");
    }
    if summary.is_none() {
        missing(
            "summary",
            "\"One sentence a learner reads before choosing this lesson.\"",
        );
    }
    if minutes.is_none() {
        missing("estimated_minutes", "15");
    }
    Some(Resolved {
        title: title?,
        summary: summary?,
        objectives: lesson
            .objectives
            .or_else(|| defaults.objectives.clone())
            .unwrap_or_default(),
        estimated_minutes: minutes?,
        tags: lesson
            .tags
            .or_else(|| defaults.tags.clone())
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<FrontMatter>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let file = Path::new("lesson.md");
        let parsed = split(text, file, &mut problems).and_then(|split| {
            parse_toml(
                split.front_matter,
                split.front_matter_offset,
                text,
                file,
                &mut problems,
            )
        });
        (parsed, problems)
    }

    #[test]
    fn front_matter_between_fences_parses() {
        let (front, problems) = parse("+++\ntitle = \"T\"\ntags = [\"a\"]\n+++\nbody\n");
        assert!(problems.is_empty(), "{problems:?}");
        let front = front.unwrap();
        assert_eq!(front.title.as_deref(), Some("T"));
        assert_eq!(front.tags, Some(vec!["a".to_owned()]));
    }

    #[test]
    fn a_toml_error_points_at_its_line_in_the_lesson() {
        let (_, problems) = parse("+++\ntitle = \"T\"\nestimated_minutes = \"ten\"\n+++\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3, "{}", problems[0]);
        assert!(
            problems[0].message.starts_with("bad front matter"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn an_unknown_field_is_reported() {
        let (_, problems) = parse("+++\ntitel = \"T\"\n+++\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("titel"), "{}", problems[0]);
        assert_eq!(problems[0].line, 2);
    }

    #[test]
    fn unclosed_or_absent_front_matter_is_reported() {
        assert!(
            parse("+++\ntitle = \"T\"\n").1[0]
                .message
                .contains("never closed")
        );
        assert!(
            parse("# Hello\n").1[0]
                .message
                .contains("does not start with front matter")
        );
        assert!(
            parse("\u{feff}+++\r\ntitle = \"T\"\r\n+++\r\n")
                .1
                .is_empty(),
            "a byte order mark and CRLF are fine"
        );
    }

    #[test]
    fn part_defaults_fill_missing_fields_and_the_lesson_wins() {
        let defaults = FrontMatter {
            estimated_minutes: Some(10),
            tags: Some(vec!["http".into()]),
            ..Default::default()
        };
        let lesson = FrontMatter {
            title: Some("T".into()),
            summary: Some("S".into()),
            tags: Some(vec!["mine".into()]),
            ..Default::default()
        };
        let mut problems = Vec::new();
        let resolved = resolve(lesson, &defaults, Path::new("l.md"), &mut problems).unwrap();
        assert_eq!(resolved.estimated_minutes, 10);
        assert_eq!(resolved.tags, vec!["mine".to_owned()]);
    }

    #[test]
    fn every_missing_required_field_is_reported() {
        let mut problems = Vec::new();
        assert_eq!(
            resolve(
                FrontMatter::default(),
                &FrontMatter::default(),
                Path::new("l.md"),
                &mut problems
            ),
            None
        );
        assert_eq!(problems.len(), 3);
    }
}
