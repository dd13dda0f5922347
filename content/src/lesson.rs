//! Parses one `lesson.md` into a [`Lesson`]: front matter, then the markdown body walked once,
//! top-level fenced blocks becoming interactive blocks and everything else prose.
//!
//! Every problem is collected with its position; a lesson with problems yields no model.

mod blocks;
mod fence;
mod http_block;
mod limits;
mod warnings;

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::front_matter::{self, FrontMatter};
use crate::markdown;
use crate::model::Lesson;

pub use fence::{Fence, FenceError};

/// One lesson file and what it needs from around it.
pub struct LessonSource<'a> {
    /// The path diagnostics name, e.g. `lessons/01-http/01-what-http-is/lesson.md`.
    pub file: &'a Path,
    /// The lesson's folder, where `from=` files and relative links are looked up.
    pub folder: &'a Path,
    /// `part/lesson`.
    pub id: String,
    pub slug: String,
    pub text: &'a str,
    /// Front matter defaults from the part's `part.toml`.
    pub defaults: &'a FrontMatter,
    /// The framework's files, for `python include`.
    pub framework: &'a [(&'a str, &'a str)],
}

/// Parses a lesson, adding every problem found to `problems`; `None` if any is an error.
pub fn parse(source: &LessonSource<'_>, problems: &mut Vec<Diagnostic>) -> Option<Lesson> {
    let found_before = problems.len();
    let lesson = read(source, problems)?;
    let valid = !problems[found_before..].iter().any(Diagnostic::is_error);
    valid.then_some(lesson)
}

/// Reads a lesson as far as it can, adding every problem found to `problems`: the lesson even
/// when it has errors (its blocks that were read), unless its front matter is unusable.
/// `glassbox check` runs the examples of a lesson with errors, so every problem shows at once.
pub fn read(source: &LessonSource<'_>, problems: &mut Vec<Diagnostic>) -> Option<Lesson> {
    let found_before = problems.len();
    let split = front_matter::split(source.text, source.file, problems)?;
    let front = front_matter::parse_toml::<FrontMatter>(
        split.front_matter,
        split.front_matter_offset,
        source.text,
        source.file,
        problems,
    )
    .and_then(|front| front_matter::resolve(front, source.defaults, source.file, problems));

    let index = LineIndex::new(source.text);
    let mut page = blocks::PageBuilder::new(source);
    let mut time_limits = crate::time_limits::TimeLimits::default();
    let mut prose = warnings::Prose::default();
    walk_body(
        split.body,
        split.body_offset,
        &index,
        source,
        (&mut page, &mut time_limits, &mut prose),
        problems,
    );
    prose.finish(&mut |offset, message, help| {
        let position = index.position(offset);
        problems.push(warnings::diagnostic(source.file, position, message, help));
    });
    let blocks::Page {
        blocks,
        exercises,
        others: other_solutions,
        setup,
    } = page.finish(problems);
    // Read top to bottom, whatever order the checks found them in.
    problems[found_before..].sort_by_key(|problem| (problem.line, problem.column));

    let front = front?;
    Some(Lesson {
        id: source.id.clone(),
        slug: source.slug.clone(),
        title: front.title,
        summary: front.summary,
        objectives: front.objectives,
        estimated_minutes: front.estimated_minutes,
        tags: front.tags,
        blocks,
        exercises,
        setup,
        file: source.file.to_path_buf(),
        other_solutions,
        time_limits,
    })
}

/// A fenced block being read: where it starts, what its info string says, its text so far.
struct OpenFence {
    start: usize,
    end: usize,
    info: String,
    code: String,
}

fn walk_body<'a>(
    body: &'a str,
    body_offset: usize,
    index: &LineIndex<'_>,
    source: &LessonSource<'_>,
    (page, time_limits, prose): (
        &mut blocks::PageBuilder<'a>,
        &mut crate::time_limits::TimeLimits,
        &mut warnings::Prose,
    ),
    problems: &mut Vec<Diagnostic>,
) {
    let position = |offset: usize| index.position(body_offset + offset);
    // The exercise of the nearest `python exercise` block above, for whose `timeout=` it is.
    let mut above: Option<String> = None;
    let mut depth = 0usize;
    let mut open: Option<OpenFence> = None;
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        if let Some(fence) = &mut open {
            match event {
                Event::Text(text) => fence.code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    let fence = open.take().expect("a fence is open");
                    let text = &body[fence.start..fence.end];
                    let opened = position(fence.start);
                    let marker = fence_marker(text);
                    let never_closed = format!(
                        "this fence opened at {}:{} is never closed",
                        opened.line, opened.column
                    );
                    // Read it as if closed before the block it swallowed, then read on from
                    // there: the blocks it swallowed are not lost, and give no misleading errors.
                    if let Some(cut) = swallowed_fence(text) {
                        let line = position(fence.start + cut).line;
                        let opening = body[fence.start + cut..]
                            .lines()
                            .next()
                            .unwrap_or("")
                            .trim();
                        problems.push(Diagnostic::new(source.file, opened, never_closed).help(format!(
                            "line {line}, \"{opening}\", opens another block inside it: add a closing {marker} line before line {line}"
                        )));
                        let code: String = text[..cut]
                            .lines()
                            .skip(1)
                            .map(|line| format!("{line}\n"))
                            .collect();
                        let info_at = fence.start + info_offset(text);
                        let info = limits::take(
                            &fence.info,
                            position(info_at),
                            opened.line + 1,
                            above.as_deref(),
                            time_limits,
                            &mut |problem| problems.push(problem),
                            source.file,
                        );
                        page.fenced_block(
                            &info,
                            code,
                            position(info_at),
                            opened.line + 1,
                            problems,
                        );
                        let rest = fence.start + cut;
                        walk_body(
                            &body[rest..],
                            body_offset + rest,
                            index,
                            source,
                            (page, time_limits, prose),
                            problems,
                        );
                        return;
                    }
                    if !is_closed(text) {
                        problems.push(Diagnostic::new(source.file, opened, never_closed).help(format!(
                            "add a closing {marker} line after the block's code; until then, the rest of the lesson is inside it"
                        )));
                        continue;
                    }
                    let info_at = fence.start + info_offset(&body[fence.start..]);
                    let code_line = position(fence.start).line + 1;
                    let info = limits::take(
                        &fence.info,
                        position(info_at),
                        code_line,
                        above.as_deref(),
                        time_limits,
                        &mut |problem| problems.push(problem),
                        source.file,
                    );
                    above = limits::exercise_of(&info).or(above);
                    page.fenced_block(&info, fence.code, position(info_at), code_line, problems);
                }
                _ => {}
            }
            continue;
        }
        match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if depth == 0 => {
                open = Some(OpenFence {
                    start: range.start,
                    end: range.end,
                    info: info.to_string(),
                    code: String::new(),
                });
                continue;
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                if !matches!(fence::parse(info), Ok(Fence::Shown { .. })) {
                    problems.push(
                        Diagnostic::new(source.file, position(range.start), format!("the `{info}` block is inside a list or a quote"))
                            .help("interactive blocks must start at the left margin, outside lists and quotes"),
                    );
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                page.check_link(dest_url, position(range.start), problems);
            }
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let in_file = body_offset + range.start..body_offset + range.end;
        prose.event(
            &event,
            &in_file,
            source.text,
            &mut |offset, message, help| {
                problems.push(warnings::diagnostic(
                    source.file,
                    index.position(offset),
                    message,
                    help,
                ));
            },
        );
        page.prose(event);
    }
}

/// Whether a fenced block's source ends with a closing fence at least as long as its opening one.
fn is_closed(block: &str) -> bool {
    let marker = fence_marker(block);
    let mut lines = block.lines();
    let opening = lines.next();
    let Some(last) = lines.rfind(|line| !line.trim().is_empty()) else {
        return opening.is_none();
    };
    let last = last
        .trim_start_matches(|c: char| c == '>' || c.is_whitespace())
        .trim_end();
    let fence_char = marker.chars().next().unwrap_or('`');
    last.len() >= marker.len() && last.chars().all(|c| c == fence_char)
}

/// A line inside a fenced block that opens another block (a fence at least as long as this
/// one's, with an info string): the author forgot to close this one, and a later block's closing
/// fence closed it instead. Where that line starts in `block`.
fn swallowed_fence(block: &str) -> Option<usize> {
    let marker = fence_marker(block);
    let fence_char = marker.chars().next()?;
    let mut start = 0;
    for (at, line) in block.split_inclusive('\n').enumerate() {
        let line_start = start;
        start += line.len();
        let trimmed = line.trim_start();
        let length = trimmed.len() - trimmed.trim_start_matches(fence_char).len();
        let info = trimmed[length..].trim();
        if at > 0 && line.len() - trimmed.len() <= 3 && length >= marker.len() && !info.is_empty() {
            return Some(line_start);
        }
    }
    None
}

/// The run of backticks or tildes that opens a fenced block.
fn fence_marker(block: &str) -> &str {
    let trimmed = block.trim_start_matches(['>', ' ']);
    let fence_char = trimmed.chars().next().unwrap_or('`');
    let length = trimmed
        .find(|c: char| c != fence_char)
        .unwrap_or(trimmed.len());
    &trimmed[..length]
}

/// How far into the opening line the info string starts.
fn info_offset(block: &str) -> usize {
    let first_line = block.lines().next().unwrap_or("");
    let marker = fence_marker(block);
    let after_marker = first_line.find(marker).map_or(0, |at| at + marker.len());
    let spaces = first_line[after_marker..].len() - first_line[after_marker..].trim_start().len();
    after_marker + spaces
}

#[cfg(test)]
mod tests;
