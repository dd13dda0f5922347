//! Reads a JWT without verifying it, for the inspector's auth panel: header, payload, and the
//! time left before `exp`. Verifying needs the key, which only the app has; the app's trace says
//! whether it accepted the token.

use serde_json::Value;

use crate::encoding::base64url_decode as base64url;

#[derive(Debug, Clone, PartialEq)]
pub struct DecodedJwt {
    pub header: Value,
    pub payload: Value,
    /// The third part, as sent (base64url).
    pub signature: String,
}

impl DecodedJwt {
    /// Seconds until `exp` at `now` (negative once expired), if the token has an `exp`.
    pub fn seconds_left(&self, now: f64) -> Option<f64> {
        self.payload
            .get("exp")
            .and_then(Value::as_f64)
            .map(|exp| exp - now)
    }
}

/// Splits and decodes `header.payload.signature`; `None` if it is not a JWT.
pub fn decode(token: &str) -> Option<DecodedJwt> {
    let mut parts = token.trim().split('.');
    let (header, payload, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header = serde_json::from_slice(&base64url(header)?).ok()?;
    let payload = serde_json::from_slice(&base64url(payload)?).ok()?;
    Some(DecodedJwt {
        header,
        payload,
        signature: signature.to_owned(),
    })
}

/// Finds a JWT in request headers: `Authorization: Bearer <token>`.
pub fn bearer_token(headers: &[(String, String)]) -> Option<&str> {
    headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .and_then(|(_, value)| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The example token of jwt.io (HS256, key "your-256-bit-secret").
    const JWT_IO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn decodes_the_header_and_payload_of_a_real_token() {
        let decoded = decode(JWT_IO).unwrap();
        assert_eq!(decoded.header["alg"], "HS256");
        assert_eq!(decoded.payload["name"], "John Doe");
        assert_eq!(
            decoded.signature,
            "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        );
        assert_eq!(decoded.seconds_left(0.0), None);
    }

    #[test]
    fn anything_else_is_not_a_jwt() {
        for text in ["", "abc", "a.b", "a.b.c.d", "!!.e30.x", "e30.bm90IGpzb24.x"] {
            assert_eq!(decode(text), None, "{text}");
        }
    }

    #[test]
    fn time_left_counts_down_to_exp() {
        let payload = crate::encoding::base64url_encode(br#"{"exp":1000}"#);
        let decoded = decode(&format!("e30.{payload}.sig")).unwrap();
        assert_eq!(decoded.seconds_left(940.0), Some(60.0));
        assert_eq!(decoded.seconds_left(1010.0), Some(-10.0));
    }

    #[test]
    fn finds_the_bearer_token() {
        let headers = vec![
            ("Accept".to_owned(), "*/*".to_owned()),
            ("authorization".to_owned(), "Bearer abc".to_owned()),
        ];
        assert_eq!(bearer_token(&headers), Some("abc"));
        assert_eq!(bearer_token(&headers[..1]), None);
    }
}
