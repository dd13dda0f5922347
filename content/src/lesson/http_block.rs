//! Reads an `http` block: a request line, headers, a blank line, then the body.

use crate::model::HttpRequest;

/// What is wrong with a request, and on which line of the block (0-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RequestError {
    pub line: usize,
    pub message: String,
    pub help: String,
}

const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

pub fn parse(raw: &str) -> Result<HttpRequest, RequestError> {
    let mut lines = raw.lines().enumerate();
    let (_, request_line) = lines
        .next()
        .filter(|(_, line)| !line.trim().is_empty())
        .ok_or_else(|| RequestError {
            line: 0,
            message: "the http block is empty".into(),
            help: "write a request line such as `GET /polls/ HTTP/1.1`".into(),
        })?;
    let words: Vec<&str> = request_line.split_whitespace().collect();
    let (method, target) = match words.as_slice() {
        [method, target] | [method, target, "HTTP/1.1" | "HTTP/1.0"] => (*method, *target),
        _ => {
            return Err(RequestError {
                line: 0,
                message: format!("`{request_line}` is not a request line"),
                help: "write the method, the path and the version: `GET /polls/ HTTP/1.1`".into(),
            });
        }
    };
    if !METHODS.contains(&method) {
        return Err(RequestError {
            line: 0,
            message: format!("`{method}` is not an HTTP method"),
            help: format!("use one of {}", METHODS.join(", ")),
        });
    }
    if !target.starts_with('/') {
        return Err(RequestError {
            line: 0,
            message: format!("the path `{target}` does not start with `/`"),
            help: "write the path the app sees, such as `/polls/`, without the host".into(),
        });
    }
    let mut headers = Vec::new();
    let mut body_lines = Vec::new();
    let mut in_body = false;
    for (number, line) in lines {
        if in_body {
            body_lines.push(line);
        } else if line.trim().is_empty() {
            in_body = true;
        } else {
            let Some((name, value)) = line.split_once(':').filter(|(name, _)| is_token(name))
            else {
                return Err(RequestError {
                    line: number,
                    message: format!("`{line}` is not a header"),
                    help: "write headers as `Name: value`, then a blank line before the body"
                        .into(),
                });
            };
            headers.push((name.to_owned(), value.trim().to_owned()));
        }
    }
    Ok(HttpRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: body_lines.join("\n"),
        raw: raw.to_owned(),
    })
}

fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_request_is_read() {
        let request = parse("POST /polls/1/vote/ HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\nchoice=2\n").unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, "/polls/1/vote/");
        assert_eq!(
            request.headers,
            vec![(
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into()
            )]
        );
        assert_eq!(request.body, "choice=2");
    }

    #[test]
    fn the_version_is_optional() {
        assert_eq!(parse("GET /").unwrap().target, "/");
    }

    #[test]
    fn mistakes_are_explained_with_their_line() {
        assert_eq!(parse("").unwrap_err().message, "the http block is empty");
        assert_eq!(
            parse("FETCH / HTTP/1.1").unwrap_err().message,
            "`FETCH` is not an HTTP method"
        );
        assert!(
            parse("GET polls HTTP/1.1")
                .unwrap_err()
                .message
                .contains("does not start with `/`")
        );
        let header = parse("GET / HTTP/1.1\nHost example.com").unwrap_err();
        assert_eq!(header.line, 1);
    }
}
