//! Stream-safe display: in presenter mode the inspector hides secrets (the app's SECRET_KEY and
//! JWT signing key, and password hashes) wherever they appear, so a livestream never shows them.

use crate::exchange::Exchange;
use crate::protocol::Outcome;

pub const MASK: &str = "•••••• (hidden in presenter mode)";

/// `text` with every secret (and every password hash) replaced by a mask.
pub fn mask(text: &str, secrets: &[String]) -> String {
    let mut masked = text.to_owned();
    for secret in secrets.iter().filter(|secret| secret.len() >= 4) {
        masked = masked.replace(secret.as_str(), MASK);
    }
    mask_password_hashes(&masked)
}

/// `pbkdf2_sha256$<iterations>$<salt>$<hash>` keeps its algorithm and count, loses the rest.
fn mask_password_hashes(text: &str) -> String {
    const PREFIX: &str = "pbkdf2_sha256$";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(PREFIX) {
        out.push_str(&rest[..start + PREFIX.len()]);
        let after = &rest[start + PREFIX.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || "$+/=".contains(c)))
            .unwrap_or(after.len());
        let iterations = after[..end].split('$').next().unwrap_or_default();
        out.push_str(iterations);
        out.push_str("$••••••$••••••");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

impl Exchange {
    /// A copy with the secrets masked in everything the inspector shows.
    pub fn masked(&self, secrets: &[String]) -> Exchange {
        let hide = |text: &str| mask(text, secrets);
        let mut copy = self.clone();
        copy.body = hide(&copy.body);
        copy.printed = hide(&copy.printed);
        copy.headers = copy
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), hide(value)))
            .collect();
        copy.request.body = hide(&copy.request.body);
        copy.request.headers = hide(&copy.request.headers);
        copy.cookie_jar = copy
            .cookie_jar
            .iter()
            .map(|(name, value)| (name.clone(), hide(value)))
            .collect();
        // JSON values are masked as text; if that breaks them, they are withheld, never shown raw.
        let hide_value = |value: &serde_json::Value| {
            serde_json::from_str(&hide(&value.to_string())).unwrap_or_else(
                |_| serde_json::json!({ "type": value["type"].clone(), "masked": MASK }),
            )
        };
        copy.session = copy.session.as_ref().map(hide_value);
        copy.trace = copy.trace.iter().map(hide_value).collect();
        copy.secrets.clear();
        copy
    }
}

impl Outcome {
    /// A copy with the secrets and password hashes masked (presenter mode, the follower window).
    pub fn masked(&self, secrets: &[String]) -> Outcome {
        let hide = |text: &str| mask(text, secrets);
        let mut copy = self.clone();
        copy.stdout = hide(&copy.stdout);
        copy.stderr = hide(&copy.stderr);
        if let Some(error) = &mut copy.error {
            error.message = hide(&error.message);
            error.traceback = hide(&error.traceback);
        }
        copy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_password_hashes_are_masked() {
        let secrets = vec!["my-secret-key".to_owned(), "".to_owned()];
        let text = r#"{"key": "my-secret-key", "password": "pbkdf2_sha256$50000$abcSALT$xyz+/=", "ok": 1}"#;
        let masked = mask(text, &secrets);
        assert!(!masked.contains("my-secret-key"));
        assert!(!masked.contains("abcSALT"));
        assert!(masked.contains("pbkdf2_sha256$50000$"));
        assert!(masked.contains(r#""ok": 1"#));
        assert_eq!(mask("nothing here", &secrets), "nothing here");
    }
}
