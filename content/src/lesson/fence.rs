//! What a fenced code block's info string says it is: ```` ```python run raises=ValueError ````
//! is a language, then a kind, then `key=value` attributes (values may be "quoted").

use std::collections::BTreeMap;

/// The kinds of block a lesson can contain, as written after the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fence {
    /// Any language with no kind: shown, highlighted, not run.
    Shown {
        language: String,
    },
    Run {
        raises: Option<String>,
    },
    Exercise {
        id: Option<String>,
        file: Option<String>,
        from: Option<String>,
    },
    Check {
        id: Option<String>,
    },
    Solution {
        id: Option<String>,
        file: Option<String>,
        from: Option<String>,
    },
    Include {
        file: String,
        name: String,
    },
    Http {
        id: Option<String>,
    },
    Hint {
        id: Option<String>,
    },
    Notes,
}

/// Why an info string was not understood, with the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FenceError {
    pub message: String,
    pub help: String,
}

const PYTHON_KINDS: &str = "run, exercise, check, solution or include";

/// Reads an info string; an empty one is a shown block with no language.
pub fn parse(info: &str) -> Result<Fence, FenceError> {
    let words = split_words(info)?;
    let mut words = words.into_iter();
    let language = words.next().unwrap_or_default();
    let mut kind = None;
    let mut attributes = BTreeMap::new();
    for word in words {
        match word.split_once('=') {
            Some((key, value)) => {
                if attributes
                    .insert(key.to_owned(), value.to_owned())
                    .is_some()
                {
                    return Err(error(
                        format!("`{key}=` is given twice"),
                        "give each attribute once",
                    ));
                }
            }
            None if kind.is_none() && attributes.is_empty() => kind = Some(word),
            None => {
                return Err(error(
                    format!("unexpected `{word}` in the info string `{info}`"),
                    "write the language, then the kind, then attributes as key=value",
                ));
            }
        }
    }
    let mut attributes = Attributes {
        fence: format!("{language} {}", kind.clone().unwrap_or_default()),
        map: attributes,
    };
    let fence = match (language.as_str(), kind.as_deref()) {
        ("python", Some("run")) => Fence::Run {
            raises: attributes.take("raises"),
        },
        ("python", Some("exercise")) => Fence::Exercise {
            id: attributes.take("id"),
            file: attributes.take("file"),
            from: attributes.take("from"),
        },
        ("python", Some("check")) => Fence::Check {
            id: attributes.take("id"),
        },
        ("python", Some("solution")) => Fence::Solution {
            id: attributes.take("id"),
            file: attributes.take("file"),
            from: attributes.take("from"),
        },
        ("python", Some("include")) => Fence::Include {
            file: attributes.require("file", "glassbox/http.py")?,
            name: attributes.require("name", "HttpResponse.set_cookie")?,
        },
        ("python", Some(other)) => {
            let help = match closest(other, &["run", "exercise", "check", "solution", "include"]) {
                Some(kind) => format!(
                    "did you mean `python {kind}`? A python block is `python` (shown) or `python` followed by {PYTHON_KINDS}"
                ),
                None => format!(
                    "a python block is `python` (shown) or `python` followed by {PYTHON_KINDS}"
                ),
            };
            return Err(error(format!("unknown block kind `python {other}`"), help));
        }
        ("http", None) => Fence::Http {
            id: attributes.take("id"),
        },
        ("hint", None) => Fence::Hint {
            id: attributes.take("id"),
        },
        ("notes", None) => Fence::Notes,
        (language, Some(other)) => {
            return Err(error(
                format!("unknown block kind `{language} {other}`"),
                format!(
                    "only python blocks have kinds ({PYTHON_KINDS}); for code that is only shown, write just ```{language}"
                ),
            ));
        }
        (language, None) => Fence::Shown {
            language: language.to_owned(),
        },
    };
    attributes.finish()?;
    Ok(fence)
}

struct Attributes {
    fence: String,
    map: BTreeMap<String, String>,
}

impl Attributes {
    fn take(&mut self, key: &str) -> Option<String> {
        self.map.remove(key)
    }

    fn require(&mut self, key: &str, example: &str) -> Result<String, FenceError> {
        self.take(key).filter(|value| !value.is_empty()).ok_or_else(|| {
            error(
                format!("`{}` needs `{key}=`", self.fence.trim()),
                format!("e.g. ```python include file=glassbox/http.py name=HttpResponse.set_cookie (here `{key}={example}`)"),
            )
        })
    }

    /// Anything left over is an attribute this kind of block does not have.
    fn finish(self) -> Result<(), FenceError> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(key) => Err(error(
                format!("`{}` blocks have no `{key}=` attribute", self.fence.trim()),
                "see lessons/AUTHORING.md for the attributes each kind of block takes",
            )),
        }
    }
}

fn error(message: impl Into<String>, help: impl Into<String>) -> FenceError {
    FenceError {
        message: message.into(),
        help: help.into(),
    }
}

/// The known word within two edits of `word`, for "did you mean".
fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .copied()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Splits at whitespace, keeping `key="a quoted value"` together (without its quotes).
fn split_words(info: &str) -> Result<Vec<String>, FenceError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for character in info.chars() {
        match character {
            '"' => quoted = !quoted,
            character if character.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            character => word.push(character),
        }
    }
    if quoted {
        return Err(error(
            format!("a quote is never closed in `{info}`"),
            "close the value with a second `\"`",
        ));
    }
    if !word.is_empty() {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_without_kinds_are_shown() {
        assert_eq!(
            parse("python"),
            Ok(Fence::Shown {
                language: "python".into()
            })
        );
        assert_eq!(
            parse(""),
            Ok(Fence::Shown {
                language: "".into()
            })
        );
        assert_eq!(
            parse("sql"),
            Ok(Fence::Shown {
                language: "sql".into()
            })
        );
    }

    #[test]
    fn kinds_and_attributes_are_read() {
        assert_eq!(
            parse("python run raises=ZeroDivisionError"),
            Ok(Fence::Run {
                raises: Some("ZeroDivisionError".into())
            })
        );
        assert_eq!(
            parse("python exercise id=polls file=views.py"),
            Ok(Fence::Exercise {
                id: Some("polls".into()),
                file: Some("views.py".into()),
                from: None
            })
        );
        assert_eq!(
            parse("python  include   file=glassbox/http.py name=\"HttpResponse.set_cookie\""),
            Ok(Fence::Include {
                file: "glassbox/http.py".into(),
                name: "HttpResponse.set_cookie".into()
            })
        );
        assert_eq!(
            parse("http id=polls"),
            Ok(Fence::Http {
                id: Some("polls".into())
            })
        );
        assert_eq!(parse("notes"), Ok(Fence::Notes));
    }

    #[test]
    fn unknown_kinds_and_attributes_are_errors_that_say_what_exists() {
        let unknown = parse("python excercise").unwrap_err();
        assert_eq!(unknown.message, "unknown block kind `python excercise`");
        assert!(
            unknown.help.starts_with("did you mean `python exercise`?"),
            "{}",
            unknown.help
        );
        assert!(
            !parse("python frobnicate")
                .unwrap_err()
                .help
                .contains("did you mean")
        );
        assert!(
            parse("sql run")
                .unwrap_err()
                .help
                .contains("only python blocks")
        );
        assert_eq!(
            parse("python run file=a.py").unwrap_err().message,
            "`python run` blocks have no `file=` attribute"
        );
        assert!(
            parse("python include file=glassbox/http.py")
                .unwrap_err()
                .message
                .contains("name=")
        );
        assert!(
            parse("python run raises=A raises=B")
                .unwrap_err()
                .message
                .contains("twice")
        );
        assert!(
            parse("python run x=\"open")
                .unwrap_err()
                .message
                .contains("quote")
        );
    }
}
