//! What a failed check tells the learner. A check that fails at its own `assert` or `check()`
//! says the author's message; a check that fails because the learner's code raised says what
//! raised (the exception's type), where (the line of the learner's file) and with what input
//! (the line of the check that called into their code), all read from the traceback.

use crate::protocol::ErrorInfo;

/// The file check blocks run under (`glassbox_content::checking::CHECK_FILE`).
const CHECK_FILE: &str = "checks.py";

/// A failed check, as its list item shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Failure {
    /// What went wrong, in one line.
    pub message: String,
    /// Where the learner's code raised: (file, line, the line's code).
    pub raised_at: Option<(String, u32, String)>,
    /// The check's line that was running: the call and its input.
    pub input: Option<String>,
}

/// A frame of a Python traceback: file, line, and the source line quoted under it.
struct Frame<'a> {
    file: &'a str,
    line: u32,
    code: Option<&'a str>,
}

fn frames(traceback: &str) -> Vec<Frame<'_>> {
    let lines: Vec<&str> = traceback.lines().collect();
    let mut frames = Vec::new();
    for (index, text) in lines.iter().enumerate() {
        let Some(rest) = text.strip_prefix("  File \"") else {
            continue;
        };
        let Some((file, rest)) = rest.split_once('"') else {
            continue;
        };
        let line = rest
            .strip_prefix(", line ")
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|digits| digits.parse().ok());
        let Some(line) = line else { continue };
        let code = lines
            .get(index + 1)
            .filter(|next| next.starts_with("    "))
            .map(|next| next.trim())
            .filter(|code| !code.is_empty());
        frames.push(Frame { file, line, code });
    }
    frames
}

/// What to show for a check that failed with `error`; `learner_files` are the exercise's files.
pub fn describe(error: &ErrorInfo, learner_files: &[&str]) -> Failure {
    let frames = frames(&error.traceback);
    let raised_at = frames
        .iter()
        .rev()
        .find(|frame| learner_files.contains(&frame.file))
        .map(|frame| {
            (
                frame.file.to_owned(),
                frame.line,
                frame.code.unwrap_or_default().to_owned(),
            )
        });
    let input = frames
        .iter()
        .rev()
        .find(|frame| frame.file == CHECK_FILE)
        .and_then(|frame| frame.code)
        .map(str::to_owned);
    let authored = error.kind == "CheckFailed" && raised_at.is_none();
    let message = if authored {
        error.message.clone()
    } else if error.message.is_empty() {
        error.kind.clone()
    } else {
        format!("{}: {}", error.kind, error.message)
    };
    Failure {
        message,
        raised_at,
        // The author's own message says what was checked; otherwise the check's line shows it.
        input: if authored { None } else { input },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: &str, message: &str, traceback: &str) -> ErrorInfo {
        ErrorInfo {
            kind: kind.into(),
            message: message.into(),
            traceback: traceback.into(),
            line: Some(2),
        }
    }

    #[test]
    fn learner_code_that_raised_is_named_with_its_line_and_the_input() {
        let traceback = "Traceback (most recent call last):\n  File \"checks.py\", line 2, in <module>\n    assert pair(\"a\") == (\"a\", \"\")\n  File \"app.py\", line 3, in pair\n    key, value = text.split(\"=\")\n    ^^^^^^^^^^\nValueError: not enough values to unpack (expected 2, got 1)\n";
        let failure = describe(
            &error(
                "ValueError",
                "not enough values to unpack (expected 2, got 1)",
                traceback,
            ),
            &["app.py"],
        );
        assert_eq!(
            failure.message,
            "ValueError: not enough values to unpack (expected 2, got 1)"
        );
        assert_eq!(
            failure.raised_at,
            Some(("app.py".into(), 3, "key, value = text.split(\"=\")".into()))
        );
        assert_eq!(
            failure.input.as_deref(),
            Some("assert pair(\"a\") == (\"a\", \"\")")
        );
    }

    #[test]
    fn an_authors_message_stands_alone_and_a_bare_assert_shows_its_line() {
        let traceback = "Traceback (most recent call last):\n  File \"checks.py\", line 4, in <module>\n    check(x == 5, \"add(2, 3) should be 5\")\nCheckFailed: add(2, 3) should be 5\n";
        let failure = describe(
            &error("CheckFailed", "add(2, 3) should be 5", traceback),
            &["app.py"],
        );
        assert_eq!(
            failure,
            Failure {
                message: "add(2, 3) should be 5".into(),
                raised_at: None,
                input: None
            }
        );
        let traceback = "Traceback (most recent call last):\n  File \"checks.py\", line 1, in <module>\n    assert add(2, 3) == 5\nAssertionError\n";
        let failure = describe(&error("AssertionError", "", traceback), &["app.py"]);
        assert_eq!(failure.message, "AssertionError");
        assert_eq!(failure.input.as_deref(), Some("assert add(2, 3) == 5"));
    }
}
