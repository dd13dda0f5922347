//! Warnings about the prose: markdown that renders, but not as the author meant. An alert kind
//! GitHub does not know (`> [!DANGER]`) shows as a plain quote starting with `[!DANGER]`; a
//! footnote reference with no definition shows as `[^1]`; HTML the sanitiser removes
//! (`<script>`, `<iframe>`, `onclick`) silently disappears.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use crate::diagnostic::{Diagnostic, Position};
use crate::markdown;

/// The alert kinds GitHub renders (and the site styles).
const ALERT_KINDS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// Collects warnings from the prose events of one lesson, in the order they come.
#[derive(Default)]
pub struct Prose {
    /// Footnote labels referred to, with where the first reference is.
    references: BTreeMap<String, usize>,
    defined: Vec<String>,
}

impl Prose {
    /// Looks at one event outside fenced blocks; `range` is its place in `source`, the lesson
    /// file, and `warn` takes an offset in it, a message and a help.
    pub fn event(
        &mut self,
        event: &Event<'_>,
        range: &Range<usize>,
        source: &str,
        warn: &mut dyn FnMut(usize, String, String),
    ) {
        match event {
            Event::Start(Tag::BlockQuote(None)) => {
                if let Some((offset, kind)) = unknown_alert(&source[range.clone()]) {
                    warn(
                        range.start + offset,
                        format!("`[!{kind}]` is not an alert kind: this renders as a plain quote"),
                        format!(
                            "use one of {}",
                            ALERT_KINDS.map(|kind| format!("[!{kind}]")).join(", ")
                        ),
                    );
                }
            }
            Event::FootnoteReference(label) => {
                self.references
                    .entry(label.to_string())
                    .or_insert(range.start);
            }
            // With GitHub's rules a reference to a footnote nobody defines stays text: `[^1]`,
            // which comes as the text `[` followed by `^1` and `]`.
            Event::Text(text) if text.as_ref() == "[" => {
                let after = &source[range.start..];
                if let Some(label) = after
                    .strip_prefix("[^")
                    .and_then(|rest| rest.split_once(']'))
                    .map(|(label, _)| label)
                    .filter(|label| !label.is_empty() && !label.contains(char::is_whitespace))
                {
                    self.references
                        .entry(label.to_owned())
                        .or_insert(range.start);
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => self.defined.push(label.to_string()),
            Event::Html(html) | Event::InlineHtml(html) => {
                for (offset, removed, help) in removed_html(html) {
                    warn(range.start + offset, removed, help);
                }
            }
            _ => {}
        }
    }

    /// Warnings that need the whole page: footnotes referred to but never defined.
    pub fn finish(self, warn: &mut dyn FnMut(usize, String, String)) {
        for (label, offset) in self.references {
            if !self.defined.contains(&label) {
                warn(
                    offset,
                    format!("the footnote `[^{label}]` is never defined"),
                    format!(
                        "add a line `[^{label}]: the note` further down, or remove the reference"
                    ),
                );
            }
        }
    }
}

/// `> [!DANGER]`: where the `[!` is in the quote's source, and the unknown kind.
fn unknown_alert(quote: &str) -> Option<(usize, &str)> {
    let first_line = quote.lines().next()?;
    let after_marker = first_line.trim_start().strip_prefix('>')?.trim_start();
    let kind = after_marker
        .strip_prefix("[!")?
        .trim_end()
        .strip_suffix(']')?;
    let valid = !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphabetic());
    if !valid || ALERT_KINDS.contains(&kind.to_ascii_uppercase().as_str()) {
        return None;
    }
    Some((first_line.find("[!")?, kind))
}

/// Each start tag in `html` that the sanitiser removes or strips an attribute from: its offset,
/// the warning and its help.
fn removed_html(html: &str) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    for (offset, tag) in start_tags(html) {
        let name = tag_name(tag);
        let kept = markdown::sanitize(tag).to_ascii_lowercase();
        if !kept.contains(&format!("<{name}")) {
            found.push((
                offset,
                format!("the sanitiser removes `<{name}>`: it will not be in the page"),
                "lessons cannot run code or embed other pages: scripts, iframes, styles and forms are removed; show code in a ```python run block instead".to_owned(),
            ));
            continue;
        }
        for attribute in attribute_names(tag) {
            if !kept.contains(&format!(" {attribute}="))
                && !kept.contains(&format!(" {attribute}>"))
            {
                found.push((
                    offset,
                    format!("the sanitiser removes the `{attribute}` attribute of `<{name}>`"),
                    "event handlers (onclick, ...), styles and javascript: links are removed: nothing a lesson contains can run".to_owned(),
                ));
            }
        }
    }
    found
}

/// The start tags in `html` (`<b class="x">`), with their offsets; comments, closing tags and
/// declarations are skipped.
fn start_tags(html: &str) -> Vec<(usize, &str)> {
    let mut tags = Vec::new();
    let mut rest = 0;
    while let Some(at) = html[rest..].find('<').map(|at| rest + at) {
        let after = &html[at + 1..];
        if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest = at + 1;
            continue;
        }
        let mut quote = None;
        let end = after
            .char_indices()
            .find_map(|(index, c)| match (quote, c) {
                (None, '"' | '\'') => {
                    quote = Some(c);
                    None
                }
                (Some(open), c) if c == open => {
                    quote = None;
                    None
                }
                (None, '>') => Some(index),
                _ => None,
            });
        let Some(end) = end else { break };
        tags.push((at, &html[at..at + 1 + end + 1]));
        rest = at + 1 + end + 1;
    }
    tags
}

fn tag_name(tag: &str) -> String {
    tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The attribute names of a start tag, lower-cased.
fn attribute_names(tag: &str) -> Vec<String> {
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let mut names = Vec::new();
    let mut characters = inner.chars().peekable();
    // Skip the tag's name.
    while characters.next_if(|c| !c.is_whitespace()).is_some() {}
    loop {
        while characters.next_if(|c| c.is_whitespace()).is_some() {}
        let name: String =
            std::iter::from_fn(|| characters.next_if(|c| !c.is_whitespace() && *c != '='))
                .collect();
        if name.is_empty() {
            break;
        }
        names.push(name.to_ascii_lowercase());
        while characters.next_if(|c| c.is_whitespace()).is_some() {}
        if characters.next_if_eq(&'=').is_some() {
            while characters.next_if(|c| c.is_whitespace()).is_some() {}
            match characters.peek().copied() {
                Some(quote @ ('"' | '\'')) => {
                    characters.next();
                    while characters.next_if(|c| *c != quote).is_some() {}
                    characters.next();
                }
                _ => while characters.next_if(|c| !c.is_whitespace()).is_some() {},
            }
        }
    }
    names
}

/// A warning at `offset` of the body.
pub fn diagnostic(
    file: &std::path::Path,
    position: Position,
    message: String,
    help: String,
) -> Diagnostic {
    Diagnostic::new(file, position, message)
        .help(help)
        .warning()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_tags_and_attributes_are_found_and_allowed_ones_are_not() {
        let found: Vec<String> = removed_html("<b onclick=\"x()\" class='y'>hi</b> <script>alert(1)</script> <iframe src=\"https://a\"></iframe> <em>ok</em>")
            .into_iter()
            .map(|(offset, message, _)| format!("{offset}: {message}"))
            .collect();
        assert_eq!(
            found,
            [
                "0: the sanitiser removes the `onclick` attribute of `<b>`",
                "0: the sanitiser removes the `class` attribute of `<b>`",
                "34: the sanitiser removes `<script>`: it will not be in the page",
                "60: the sanitiser removes `<iframe>`: it will not be in the page",
            ]
        );
    }

    #[test]
    fn only_unknown_alert_kinds_are_reported() {
        assert_eq!(unknown_alert("> [!DANGER]\n> Hot."), Some((2, "DANGER")));
        assert_eq!(unknown_alert("> [!WARNING]\n> Hot."), None);
        assert_eq!(unknown_alert("> [!note]\n> x"), None);
        assert_eq!(unknown_alert("> A quote."), None);
    }
}
