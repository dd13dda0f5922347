//! Problems found in a lesson, each pointing at a file, a line and a column, saying what is
//! wrong and how to fix it. Parsing collects them all instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is about the file as a whole.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// An error fails the check and keeps the lesson out of the course; a warning only says.
    pub severity: Severity,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

impl Diagnostic {
    pub fn new(file: &Path, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: position.line,
            column: position.column,
            message: message.into(),
            help: None,
            severity: Severity::Error,
        }
    }

    /// Makes it a warning: printed, but neither failing the check nor refusing the lesson.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A problem with a whole file or folder (missing, unreadable), with no position inside it.
    pub fn whole_file(file: &Path, message: impl Into<String>) -> Self {
        Self::new(file, Position { line: 0, column: 0 }, message)
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: error: message`, then the help on its own line, like a compiler.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            write!(formatter, "{file}: {severity}: {}", self.message)?;
        } else {
            write!(
                formatter,
                "{file}:{}:{}: {severity}: {}",
                self.line, self.column, self.message
            )?;
        }
        if let Some(help) = &self.help {
            write!(formatter, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Turns byte offsets into lines and columns for one file's text.
pub struct LineIndex<'text> {
    text: &'text str,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl<'text> LineIndex<'text> {
    pub fn new(text: &'text str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { text, line_starts }
    }

    /// The position of byte `offset`; offsets past the end (or inside a character) are clamped.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        Position { line, column }
    }

    /// The byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let index = LineIndex::new("ab\nçd\n\nx");
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(3), Position { line: 2, column: 1 });
        assert_eq!(
            index.position(5),
            Position { line: 2, column: 2 },
            "ç is two bytes, one column"
        );
        assert_eq!(
            index.position(4),
            Position { line: 2, column: 1 },
            "inside a character"
        );
        assert_eq!(index.position(7), Position { line: 3, column: 1 });
        assert_eq!(index.position(99), Position { line: 4, column: 2 });
    }

    #[test]
    fn display_reads_like_a_compiler_message() {
        let diagnostic = Diagnostic::new(
            Path::new("a/lesson.md"),
            Position { line: 3, column: 1 },
            "bad",
        )
        .help("do better");
        assert_eq!(
            diagnostic.to_string(),
            "a/lesson.md:3:1: error: bad\n  help: do better"
        );
        assert_eq!(
            Diagnostic::whole_file(Path::new("a"), "gone").to_string(),
            "a: error: gone"
        );
    }
}
