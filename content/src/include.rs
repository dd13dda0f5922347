//! Quotes a function or class from the framework's own source by name (`HttpResponse.set_cookie`),
//! so a lesson that shows framework internals always shows the code that really runs.
//!
//! Python's structure is enough to find it: a `def` or `class` line at the right indentation,
//! then every line until the next statement that is indented no deeper.

/// A named piece of a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The definition, decorators included, as written in the file.
    pub code: String,
    /// The 1-based line of the file where `code` starts.
    pub first_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IncludeError {
    #[error("`{file}` is not a file of the framework")]
    NoSuchFile {
        file: String,
        available: Vec<String>,
    },
    #[error("`{file}` has no function or class `{name}`")]
    NoSuchName {
        file: String,
        name: String,
        available: Vec<String>,
    },
}

impl IncludeError {
    /// How to fix it: the names that do exist.
    pub fn help(&self) -> String {
        match self {
            IncludeError::NoSuchFile { file, available } => format!(
                "{}the framework's files are: {}",
                did_you_mean(crate::suggest::closest(
                    file,
                    available.iter().map(String::as_str)
                )),
                available.join(", ")
            ),
            IncludeError::NoSuchName { available, .. } if available.is_empty() => {
                "that scope defines no functions or classes".to_owned()
            }
            IncludeError::NoSuchName {
                name, available, ..
            } => format!(
                "{}names defined there: {}",
                did_you_mean(nearest_name(name, available)),
                available.join(", ")
            ),
        }
    }
}

/// `name` with the one part that is a typo of an `available` name corrected.
fn nearest_name(name: &str, available: &[String]) -> Option<String> {
    let parts: Vec<&str> = name.split('.').collect();
    parts.iter().enumerate().find_map(|(at, part)| {
        let near = crate::suggest::closest(part, available.iter().map(String::as_str))?;
        let mut corrected = parts.clone();
        corrected[at] = near;
        Some(corrected.join("."))
    })
}

fn did_you_mean(suggestion: Option<impl std::fmt::Display>) -> String {
    suggestion.map_or(String::new(), |near| format!("did you mean `{near}`? "))
}

/// Finds `name` (dotted for methods: `Class.method`) in the framework file `file`.
pub fn quote(sources: &[(&str, &str)], file: &str, name: &str) -> Result<Quote, IncludeError> {
    let Some((_, source)) = sources.iter().find(|(path, _)| *path == file) else {
        return Err(IncludeError::NoSuchFile {
            file: file.to_owned(),
            available: sources.iter().map(|(path, _)| (*path).to_owned()).collect(),
        });
    };
    find(source, name).map_err(|available| IncludeError::NoSuchName {
        file: file.to_owned(),
        name: name.to_owned(),
        available,
    })
}

/// Finds a dotted name in Python source; on failure, the names defined where it was looked for.
pub fn find(source: &str, name: &str) -> Result<Quote, Vec<String>> {
    let lines = statement_lines(source);
    let mut scope = 0..lines.len();
    let mut found = None;
    for part in name.split('.') {
        let definitions = definitions_in(&lines, scope.clone());
        let Some(&(at, _)) = definitions.iter().find(|(_, defined)| *defined == part) else {
            return Err(definitions
                .into_iter()
                .map(|(_, defined)| defined.to_owned())
                .collect());
        };
        let end = block_end(&lines, at);
        found = Some((at, end));
        scope = at + 1..end;
    }
    let (at, end) = found.ok_or_else(Vec::new)?;
    let mut start = at;
    while start > 0
        && lines[start - 1].text.trim_start().starts_with('@')
        && lines[start - 1].indent == lines[at].indent
    {
        start -= 1;
    }
    let code: String = lines[start..end].iter().map(|line| line.text).collect();
    Ok(Quote {
        code: code.trim_end().to_owned() + "\n",
        first_line: start + 1,
    })
}

/// One physical line, and whether it begins a new statement (it is not inside brackets or a
/// multi-line string that an earlier line opened).
struct Line<'source> {
    text: &'source str,
    indent: usize,
    starts_statement: bool,
    blank_or_comment: bool,
}

fn statement_lines(source: &str) -> Vec<Line<'_>> {
    let mut scanner = Scanner::default();
    source
        .split_inclusive('\n')
        .map(|text| {
            let starts_statement = scanner.is_at_statement_start();
            scanner.scan(text);
            let content = text.trim_start();
            Line {
                text,
                indent: text.len() - content.len(),
                starts_statement,
                blank_or_comment: content.trim().is_empty() || content.starts_with('#'),
            }
        })
        .collect()
}

/// `(line index, name)` of each `def`/`class` at the shallowest indentation within `scope`.
fn definitions_in<'source>(
    lines: &[Line<'source>],
    scope: std::ops::Range<usize>,
) -> Vec<(usize, &'source str)> {
    let statements: Vec<usize> = scope
        .filter(|&at| lines[at].starts_statement && !lines[at].blank_or_comment)
        .collect();
    let Some(indent) = statements.iter().map(|&at| lines[at].indent).min() else {
        return Vec::new();
    };
    statements
        .into_iter()
        .filter(|&at| lines[at].indent == indent)
        .filter_map(|at| defined_name(lines[at].text).map(|name| (at, name)))
        .collect()
}

fn defined_name(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = line
        .strip_prefix("async ")
        .map(str::trim_start)
        .unwrap_or(line);
    let rest = line
        .strip_prefix("def ")
        .or_else(|| line.strip_prefix("class "))?
        .trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The index just past the block that starts at `at`, without trailing blank or outdented comment lines.
fn block_end(lines: &[Line<'_>], at: usize) -> usize {
    let indent = lines[at].indent;
    let mut end = lines.len();
    for (index, line) in lines.iter().enumerate().skip(at + 1) {
        if line.starts_statement && !line.blank_or_comment && line.indent <= indent {
            end = index;
            break;
        }
    }
    while end > at + 1
        && lines[end - 1].blank_or_comment
        && (lines[end - 1].indent <= indent || lines[end - 1].text.trim().is_empty())
    {
        end -= 1;
    }
    end
}

/// Just enough of Python's tokenizer to know when brackets and strings are open.
#[derive(Default)]
struct Scanner {
    brackets: usize,
    /// The quote that closes the string we are in: `'`, `"`, `'''` or `"""`.
    string: Option<&'static str>,
}

impl Scanner {
    fn is_at_statement_start(&self) -> bool {
        self.brackets == 0 && self.string.is_none()
    }

    /// Works on bytes: every character it looks for is ASCII, so multi-byte text passes through.
    fn scan(&mut self, line: &str) {
        let bytes = line.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if let Some(close) = self.string {
                if bytes[at] == b'\\' {
                    at += 2;
                    continue;
                }
                if bytes[at..].starts_with(close.as_bytes()) {
                    self.string = None;
                    at += close.len();
                    continue;
                }
                at += 1;
                continue;
            }
            match bytes[at] {
                b'#' => break,
                b'(' | b'[' | b'{' => self.brackets += 1,
                b')' | b']' | b'}' => self.brackets = self.brackets.saturating_sub(1),
                quote @ (b'\'' | b'"') => {
                    let triple = if quote == b'"' { "\"\"\"" } else { "'''" };
                    let close = if bytes[at..].starts_with(triple.as_bytes()) {
                        triple
                    } else if quote == b'"' {
                        "\""
                    } else {
                        "'"
                    };
                    self.string = Some(close);
                    at += close.len();
                    continue;
                }
                _ => {}
            }
            at += 1;
        }
        // A single-quoted string cannot run past the end of its line.
        if matches!(self.string, Some("'" | "\"")) {
            self.string = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"import json


def helper(a,
           b):
    """Lines below are in a docstring:
class NotReal:
    """
    return a + b


class HttpResponse:
    """A response."""

    status_code = 200

    def __init__(self, content=b""):
        self.content = content

    @property
    def text(self):
        return self.content.decode()

    def set_cookie(
        self,
        key,
    ):
        data = {
    "not": "a statement",
        }
        # a comment
        return data

# A comment about what follows.
class Other:
    pass
"#;

    #[test]
    fn finds_a_top_level_function_with_a_multi_line_signature() {
        let quote = find(SOURCE, "helper").unwrap();
        assert_eq!(quote.first_line, 4);
        assert!(quote.code.starts_with("def helper(a,\n"));
        assert!(quote.code.ends_with("    return a + b\n"), "{}", quote.code);
    }

    #[test]
    fn finds_a_method_by_dotted_name_through_brackets_and_comments() {
        let quote = find(SOURCE, "HttpResponse.set_cookie").unwrap();
        assert_eq!(quote.first_line, 24);
        assert!(quote.code.starts_with("    def set_cookie(\n"));
        assert!(
            quote.code.ends_with("        return data\n"),
            "{}",
            quote.code
        );
    }

    #[test]
    fn decorators_belong_to_their_definition() {
        let quote = find(SOURCE, "HttpResponse.text").unwrap();
        assert_eq!(
            quote.code,
            "    @property\n    def text(self):\n        return self.content.decode()\n"
        );
    }

    #[test]
    fn a_whole_class_stops_before_the_next_top_level_statement() {
        let quote = find(SOURCE, "HttpResponse").unwrap();
        assert!(quote.code.starts_with("class HttpResponse:"));
        assert!(
            quote.code.ends_with("        return data\n"),
            "{}",
            quote.code
        );
        assert!(find(SOURCE, "Other").unwrap().code.ends_with("    pass\n"));
    }

    #[test]
    fn a_missing_name_lists_what_exists_there() {
        assert_eq!(
            find(SOURCE, "NotReal").unwrap_err(),
            vec!["helper", "HttpResponse", "Other"]
        );
        assert_eq!(
            find(SOURCE, "HttpResponse.nope").unwrap_err(),
            vec!["__init__", "text", "set_cookie"]
        );
    }

    #[test]
    fn a_missing_file_lists_the_framework_files() {
        let error = quote(&[("glassbox/http.py", SOURCE)], "glassbox/htp.py", "x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "`glassbox/htp.py` is not a file of the framework"
        );
        assert!(error.help().contains("glassbox/http.py"));
    }
}
