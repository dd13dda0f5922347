//! The request builder's request, as the learner typed it (or a lesson's `http` block filled it
//! in): one type wherever such a request is kept or travels — the builder in the page's state,
//! a share link, the follower window's snapshot, the call that sends it to the learner's app,
//! and the exchange that records what was sent.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RequestDraft {
    pub method: String,
    /// The path with its query string, e.g. `/polls/?page=2`.
    pub target: String,
    /// One `Name: value` per line.
    pub headers: String,
    pub body: String,
    /// Which of the program's `servers` to send it to (by name); `None` for the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
}

impl RequestDraft {
    /// What the builder shows before anything is typed: `GET /`.
    pub fn get_root() -> Self {
        RequestDraft {
            method: "GET".into(),
            target: "/".into(),
            ..RequestDraft::default()
        }
    }

    /// A lesson's `http` block as a draft (its headers written one per line).
    pub fn from_pairs(
        method: &str,
        target: &str,
        headers: &[(String, String)],
        body: &str,
    ) -> Self {
        RequestDraft {
            method: method.to_owned(),
            target: target.to_owned(),
            headers: headers
                .iter()
                .map(|(name, value)| format!("{name}: {value}"))
                .collect::<Vec<_>>()
                .join("\n"),
            body: body.to_owned(),
            server: None,
        }
    }

    /// The request as it is sent: method and target without surrounding spaces.
    pub fn trimmed(&self) -> RequestDraft {
        RequestDraft {
            method: self.method.trim().to_owned(),
            target: self.target.trim().to_owned(),
            ..self.clone()
        }
    }

    /// The headers as `(name, value)` pairs; lines without a colon are left out.
    pub fn header_pairs(&self) -> Vec<(String, String)> {
        self.headers
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_written_one_per_line_and_read_back_as_pairs() {
        let pairs = vec![
            ("Authorization".to_owned(), "Bearer abc".to_owned()),
            ("Accept".to_owned(), "text/html".to_owned()),
        ];
        let draft = RequestDraft::from_pairs(" POST", "/login/ ", &pairs, "a=1");
        assert_eq!(
            draft.headers,
            "Authorization: Bearer abc\nAccept: text/html"
        );
        assert_eq!(draft.header_pairs(), pairs);
        let sent = draft.trimmed();
        assert_eq!(
            (sent.method.as_str(), sent.target.as_str()),
            ("POST", "/login/")
        );
        let sloppy = RequestDraft {
            headers: " X-Test :  1 \nno colon here\n".into(),
            ..RequestDraft::get_root()
        };
        assert_eq!(sloppy.header_pairs(), vec![("X-Test".into(), "1".into())]);
    }
}
