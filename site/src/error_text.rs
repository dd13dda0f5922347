//! An error as the learner reads it: one line number, and no frames from our own glue
//! (`_glassbox_boot.py`), which says nothing about their code.

use crate::protocol::ErrorInfo;

/// Files whose frames are the app's own machinery, never the learner's or the framework's.
const INTERNAL: &[&str] = &["_glassbox_boot.py\""];

/// The message without Python's `(app.py, line 3)` suffix when the line is shown beside it.
pub fn message(error: &ErrorInfo) -> String {
    let Some(line) = error.line else {
        return error.message.clone();
    };
    let suffix = format!(", line {line})");
    match (error.message.ends_with(&suffix), error.message.rfind(" (")) {
        (true, Some(start)) => error.message[..start].to_owned(),
        _ => error.message.clone(),
    }
}

/// The traceback without internal frames (each frame is its `File` line and the indented
/// source and caret lines under it); a header left with no frame under it goes too.
pub fn traceback(text: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("  File \"") {
            skipping = INTERNAL.iter().any(|file| line.contains(file));
        } else if !line.starts_with("    ") {
            skipping = false;
        }
        if !skipping {
            kept.push(line);
        }
    }
    let headerless: Vec<&str> = kept
        .iter()
        .enumerate()
        .filter(|(index, line)| {
            !(line.starts_with("Traceback (most recent call last)")
                && !kept
                    .get(index + 1)
                    .is_some_and(|next| next.starts_with("  File \"")))
        })
        .map(|(_, line)| *line)
        .collect();
    let mut out = headerless.join("\n");
    if text.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYNTAX: &str = "Traceback (most recent call last):\n  File \"/lib/_glassbox_boot.py\", line 301, in run\n    exec(compile(source, filename, \"exec\"), main.__dict__)\n                                    ^^^^^^\n  File \"app.py\", line 1\n    def (\n        ^\nSyntaxError: invalid syntax\n";

    #[test]
    fn a_syntax_error_names_its_line_once() {
        let error = ErrorInfo {
            kind: "SyntaxError".into(),
            message: "invalid syntax (app.py, line 1)".into(),
            traceback: SYNTAX.into(),
            line: Some(1),
        };
        assert_eq!(message(&error), "invalid syntax");
        // Another line than the one shown: the message keeps what it says.
        let elsewhere = ErrorInfo {
            line: Some(4),
            ..error.clone()
        };
        assert_eq!(message(&elsewhere), "invalid syntax (app.py, line 1)");
        let unknown = ErrorInfo {
            line: None,
            ..error
        };
        assert_eq!(message(&unknown), "invalid syntax (app.py, line 1)");
    }

    #[test]
    fn internal_frames_leave_the_traceback() {
        let shown = traceback(SYNTAX);
        assert!(!shown.contains("_glassbox_boot"), "{shown}");
        assert!(!shown.contains("exec(compile"), "{shown}");
        assert!(
            shown.contains(
                "  File \"app.py\", line 1\n    def (\n        ^\nSyntaxError: invalid syntax\n"
            ),
            "{shown}"
        );
    }

    #[test]
    fn a_learner_traceback_is_untouched() {
        let text = "Traceback (most recent call last):\n  File \"app.py\", line 2, in <module>\n    1 / 0\nZeroDivisionError: division by zero\n";
        assert_eq!(traceback(text), text);
        let only_internal = "Traceback (most recent call last):\n  File \"_glassbox_boot.py\", line 9, in run\n    go()\nKeyboardInterrupt\n";
        assert_eq!(traceback(only_internal), "KeyboardInterrupt\n");
    }
}
