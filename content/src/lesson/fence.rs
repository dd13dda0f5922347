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
        /// `after=`: this exercise is the next step of that one, and starts from its solution.
        after: Option<String>,
        access: Access,
    },
    Check {
        id: Option<String>,
        /// `title=`: what the learner sees for this check, passed or failed.
        title: Option<String>,
    },
    /// `python setup`: a file every example and exercise of the lesson can import.
    Setup {
        file: Option<String>,
        hidden: bool,
    },
    /// `output`: what the `python run` block just above prints.
    Output,
    /// `predict`: a question the learner answers before running the example below it.
    Predict {
        answer: Option<String>,
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
    /// `python wrong`: a plausible mistake that some check must catch.
    Wrong(OtherSolution),
    /// `python solution alt`: another correct solution, which must pass every check.
    Alternative(OtherSolution),
}

/// Who may see and change an exercise file: the flags `read-only` and `hidden` after the kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Access {
    #[default]
    Editable,
    ReadOnly,
    Hidden,
}

/// Bare words that may follow a kind, as in ```` ```python exercise file=models.py read-only ````.
const FLAGS: [&str; 2] = ["read-only", "hidden"];

/// The attributes of a `python wrong` or `python solution alt` block. Unlike on check and
/// solution blocks, `id=` names the wrong (or alternative) solution and `exercise=` names the
/// exercise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OtherSolution {
    pub exercise: Option<String>,
    pub id: Option<String>,
    pub file: Option<String>,
    pub from: Option<String>,
    pub why: Option<String>,
}

/// Why an info string was not understood, with the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FenceError {
    pub message: String,
    pub help: String,
}

const PYTHON_KINDS: &str = "run, exercise, check, solution, solution alt, wrong, setup or include";

/// Reads an info string; an empty one is a shown block with no language.
pub fn parse(info: &str) -> Result<Fence, FenceError> {
    let words = split_words(info)?;
    let mut words = words.into_iter();
    let language = words.next().unwrap_or_default();
    let mut kind = None;
    // A second bare word after the kind, as in `python solution alt`.
    let mut modifier = None;
    let mut flags: Vec<String> = Vec::new();
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
            None if modifier.is_none()
                && attributes.is_empty()
                && kind.as_deref() == Some("solution") =>
            {
                modifier = Some(word)
            }
            None if kind.is_some() && FLAGS.contains(&word.as_str()) => {
                if flags.contains(&word) {
                    return Err(error(
                        format!("`{word}` is given twice"),
                        "give each flag once",
                    ));
                }
                flags.push(word)
            }
            None => {
                return Err(error(
                    format!("unexpected `{word}` in the info string `{info}`"),
                    "write the language, then the kind, then attributes as key=value",
                ));
            }
        }
    }
    let mut attributes = Attributes {
        fence: [
            Some(language.as_str()),
            kind.as_deref(),
            modifier.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" "),
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
            after: attributes.take("after"),
            access: take_access(&mut flags)?,
        },
        ("python", Some("check")) => Fence::Check {
            id: attributes.take("id"),
            title: attributes.take("title"),
        },
        ("python", Some("setup")) => Fence::Setup {
            file: attributes.take("file"),
            hidden: take_flag(&mut flags, "hidden"),
        },
        ("python", Some("solution")) => match modifier.as_deref() {
            None => Fence::Solution {
                id: attributes.take("id"),
                file: attributes.take("file"),
                from: attributes.take("from"),
            },
            Some("alt") => Fence::Alternative(attributes.other_solution()),
            Some(other) => {
                return Err(error(
                    format!("unknown block kind `python solution {other}`"),
                    "a solution block is `python solution`, or `python solution alt` for another correct solution",
                ));
            }
        },
        ("python", Some("wrong")) => Fence::Wrong(attributes.other_solution()),
        ("python", Some("include")) => Fence::Include {
            file: attributes.require("file", "glassbox/http.py")?,
            name: attributes.require("name", "HttpResponse.set_cookie")?,
        },
        ("python", Some(other)) => {
            let known = [
                "run", "exercise", "check", "solution", "wrong", "setup", "include",
            ];
            let help = match closest(other, &known) {
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
        ("output", None) => Fence::Output,
        ("predict", None) => Fence::Predict {
            answer: attributes.take("answer"),
        },
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
    if let Some(flag) = flags.first() {
        return Err(error(
            format!("`{}` blocks cannot be `{flag}`", attributes.fence),
            "only `python exercise` files can be read-only or hidden (and `python setup` files hidden)",
        ));
    }
    attributes.finish()?;
    Ok(fence)
}

/// Removes `flag` from `flags`; whether it was there.
fn take_flag(flags: &mut Vec<String>, flag: &str) -> bool {
    let found = flags.iter().any(|given| given == flag);
    flags.retain(|given| given != flag);
    found
}

/// An exercise file's access from its flags: at most one of `read-only` and `hidden`.
fn take_access(flags: &mut Vec<String>) -> Result<Access, FenceError> {
    match (take_flag(flags, "read-only"), take_flag(flags, "hidden")) {
        (true, true) => Err(error(
            "a file cannot be both `read-only` and `hidden`",
            "`read-only`: the learner sees it but cannot change it; `hidden`: the learner never sees it",
        )),
        (true, false) => Ok(Access::ReadOnly),
        (false, true) => Ok(Access::Hidden),
        (false, false) => Ok(Access::Editable),
    }
}

struct Attributes {
    fence: String,
    map: BTreeMap<String, String>,
}

impl Attributes {
    fn take(&mut self, key: &str) -> Option<String> {
        self.map.remove(key)
    }

    fn other_solution(&mut self) -> OtherSolution {
        OtherSolution {
            exercise: self.take("exercise"),
            id: self.take("id"),
            file: self.take("file"),
            from: self.take("from"),
            why: self.take("why"),
        }
    }

    fn require(&mut self, key: &str, example: &str) -> Result<String, FenceError> {
        self.take(key).filter(|value| !value.is_empty()).ok_or_else(|| {
            error(
                format!("`{}` needs `{key}=`", self.fence),
                format!("e.g. ```python include file=glassbox/http.py name=HttpResponse.set_cookie (here `{key}={example}`)"),
            )
        })
    }

    /// Anything left over is an attribute this kind of block does not have.
    fn finish(self) -> Result<(), FenceError> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(key) => {
                let help = match key.as_str() {
                    "why" => {
                        "only `python wrong` and `python solution alt` blocks take why=, to say what the wrong (or other) solution shows"
                    }
                    "exercise" => {
                        "only `python wrong` and `python solution alt` blocks take exercise=; on this block, name the exercise with id="
                    }
                    _ => "see lessons/AUTHORING.md for the attributes each kind of block takes",
                };
                Err(error(
                    format!("`{}` blocks have no `{key}=` attribute", self.fence),
                    help,
                ))
            }
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
                from: None,
                after: None,
                access: Access::Editable,
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
    fn wrong_and_alternative_solutions_are_read() {
        assert_eq!(
            parse(r#"python wrong id=post-only why="Refuses only POST, so PUT still gets 200""#),
            Ok(Fence::Wrong(OtherSolution {
                id: Some("post-only".into()),
                why: Some("Refuses only POST, so PUT still gets 200".into()),
                ..OtherSolution::default()
            }))
        );
        assert_eq!(
            parse("python wrong exercise=polls file=views.py from=wrong/views.py"),
            Ok(Fence::Wrong(OtherSolution {
                exercise: Some("polls".into()),
                file: Some("views.py".into()),
                from: Some("wrong/views.py".into()),
                ..OtherSolution::default()
            }))
        );
        assert_eq!(
            parse("python wrong"),
            Ok(Fence::Wrong(OtherSolution::default()))
        );
        assert_eq!(
            parse(r#"python solution alt id=loop why="A loop instead of a dict""#),
            Ok(Fence::Alternative(OtherSolution {
                id: Some("loop".into()),
                why: Some("A loop instead of a dict".into()),
                ..OtherSolution::default()
            }))
        );
        assert_eq!(
            parse("python solution id=polls"),
            Ok(Fence::Solution {
                id: Some("polls".into()),
                file: None,
                from: None
            })
        );
    }

    #[test]
    fn wrong_and_alternative_attributes_are_their_own() {
        let why = parse("python check why=x").unwrap_err();
        assert_eq!(
            why.message,
            "`python check` blocks have no `why=` attribute"
        );
        assert!(why.help.contains("python wrong"), "{}", why.help);
        let why = parse("python solution why=x").unwrap_err();
        assert_eq!(
            why.message,
            "`python solution` blocks have no `why=` attribute"
        );
        let exercise = parse("python check exercise=polls").unwrap_err();
        assert!(exercise.help.contains("id="), "{}", exercise.help);
        assert_eq!(
            parse("python wrong raises=X").unwrap_err().message,
            "`python wrong` blocks have no `raises=` attribute"
        );
        assert_eq!(
            parse("python solution alt raises=X").unwrap_err().message,
            "`python solution alt` blocks have no `raises=` attribute"
        );
        assert_eq!(
            parse("python solution other").unwrap_err().message,
            "unknown block kind `python solution other`"
        );
        assert!(
            parse("python check alt")
                .unwrap_err()
                .message
                .contains("unexpected `alt`")
        );
        assert!(
            parse("python solution id=x alt")
                .unwrap_err()
                .message
                .contains("unexpected `alt`")
        );
        assert!(
            parse("python wrnog")
                .unwrap_err()
                .help
                .starts_with("did you mean `python wrong`?")
        );
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
