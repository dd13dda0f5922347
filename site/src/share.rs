//! Share links: the state on screen (the page, the code in every file, the request builder)
//! written into the link itself, so no server is needed.
//!
//! A link's fragment is `#/share/1.<hash>.<data>`: the format version, a short content hash a
//! streamer can read out ("check the hash is 3f9a12"), and the state as JSON, compressed
//! (deflate, by the browser) and base64url-encoded. Opening a link checks all three, so a
//! truncated or altered link is refused with a message instead of half-restoring something.

use glassbox_content::model::SourceFile;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::encoding::{base64url_decode, base64url_encode};
use crate::protocol::DatabaseRows;
use crate::request::RequestDraft;

pub const VERSION: u32 = 1;
/// Longer links are offered as a file instead: some chat apps and browsers cut links near 8 KB.
pub const MAX_LINK_CHARS: usize = 8000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedState {
    /// The page, as a route fragment (`#/lesson/...` or `#/playground`).
    pub route: String,
    /// The exercise of the lesson the code belongs to (a lesson may have several).
    #[serde(default)]
    pub exercise: Option<String>,
    pub files: Vec<SourceFile>,
    pub active: usize,
    pub request: RequestDraft,
    /// The app's rows, table by table, when the sharer included them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<DatabaseRows>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ShareError {
    NotALink,
    NewerVersion(u32),
    Damaged(&'static str),
    HashMismatch { expected: String, found: String },
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::NotALink => write!(
                f,
                "This is not a Glassbox share link (it should contain #/share/1.…)."
            ),
            ShareError::NewerVersion(version) => {
                write!(
                    f,
                    "This link was made by a newer Glassbox (format {version}); reload the page to get the new version, then open it again."
                )
            }
            ShareError::Damaged(what) => write!(
                f,
                "This share link is damaged ({what}): it was probably cut short when it was copied. Ask for the link again."
            ),
            ShareError::HashMismatch { expected, found } => write!(
                f,
                "This share link has been altered: its contents hash to {found}, not {expected} as the link says. Nothing was opened."
            ),
        }
    }
}

/// The short content hash of the state's JSON: 6 hex digits of its SHA-256.
pub fn content_hash(json: &str) -> String {
    let digest = Sha256::digest(json.as_bytes());
    digest[..3]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The fragment for compressed JSON.
pub fn fragment(hash: &str, compressed: &[u8]) -> String {
    format!("#/share/{VERSION}.{hash}.{}", base64url_encode(compressed))
}

/// Splits a share fragment (or the part after `#/share/`) into its hash and compressed bytes.
pub fn parse(text: &str) -> Result<(String, Vec<u8>), ShareError> {
    let text = text.trim();
    let body = text.rsplit_once("#/share/").map_or(text, |(_, body)| body);
    let mut parts = body.splitn(3, '.');
    let version: u32 = parts
        .next()
        .and_then(|version| version.parse().ok())
        .ok_or(ShareError::NotALink)?;
    if version > VERSION {
        return Err(ShareError::NewerVersion(version));
    }
    let hash = parts
        .next()
        .filter(|hash| hash.len() == 6 && hash.chars().all(|c| c.is_ascii_hexdigit()))
        .ok_or(ShareError::Damaged("no content hash"))?;
    let data = parts
        .next()
        .filter(|data| !data.is_empty())
        .ok_or(ShareError::Damaged("no data"))?;
    let bytes = base64url_decode(data).ok_or(ShareError::Damaged("the data is not base64url"))?;
    Ok((hash.to_owned(), bytes))
}

/// Checks decompressed JSON against the link's hash and reads the state.
pub fn verify(json: &str, expected_hash: &str) -> Result<SharedState, ShareError> {
    let found = content_hash(json);
    if found != expected_hash {
        return Err(ShareError::HashMismatch {
            expected: expected_hash.to_owned(),
            found,
        });
    }
    serde_json::from_str(json).map_err(|_| ShareError::Damaged("the state does not read"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> SharedState {
        SharedState {
            route: "#/playground".into(),
            exercise: None,
            files: vec![SourceFile {
                name: "app.py".into(),
                code: "print('hi')\n".into(),
            }],
            active: 0,
            request: RequestDraft::get_root(),
            database: None,
        }
    }

    #[test]
    fn a_link_round_trips_and_names_its_hash() {
        let json = serde_json::to_string(&state()).unwrap();
        let hash = content_hash(&json);
        assert_eq!(hash.len(), 6);
        // Compression happens in the browser; any bytes travel the same way.
        let link = format!(
            "https://example.org/glassbox/{}",
            fragment(&hash, json.as_bytes())
        );
        let (found_hash, bytes) = parse(&link).unwrap();
        assert_eq!(found_hash, hash);
        assert_eq!(
            verify(std::str::from_utf8(&bytes).unwrap(), &found_hash).unwrap(),
            state()
        );
    }

    #[test]
    fn tampered_truncated_and_foreign_links_are_refused() {
        let json = serde_json::to_string(&state()).unwrap();
        let hash = content_hash(&json);
        let altered = json.replace("hi", "ha");
        assert!(matches!(
            verify(&altered, &hash),
            Err(ShareError::HashMismatch { .. })
        ));
        assert!(matches!(
            verify(&json[..json.len() - 3], &hash),
            Err(ShareError::HashMismatch { .. })
        ));
        assert_eq!(
            parse("#/share/2.abcdef.AAAA"),
            Err(ShareError::NewerVersion(2))
        );
        assert!(matches!(
            parse("#/share/1.abcdef."),
            Err(ShareError::Damaged(_))
        ));
        assert!(matches!(
            parse("#/share/1.abc"),
            Err(ShareError::Damaged(_))
        ));
        assert_eq!(parse("#/lesson/x"), Err(ShareError::NotALink));
        assert!(
            ShareError::HashMismatch {
                expected: "aaaaaa".into(),
                found: "bbbbbb".into()
            }
            .to_string()
            .contains("altered")
        );
    }
}
