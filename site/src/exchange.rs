//! One request sent from the inspector and everything the app said about it: the reply to
//! [`SupportCall::Inspect`](crate::protocol::SupportCall::Inspect), and the views of it each
//! inspector panel draws (the onion, the SQL and its N+1 groups, cache operations, auth
//! decisions).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::request::RequestDraft;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// The request as it was sent.
    pub request: RequestDraft,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The request's trace: events as documented in `glassbox/trace.py`.
    pub trace: Vec<Value>,
    /// What the app printed while it handled the request.
    pub printed: String,
    /// The test client's cookies after the response (the "browser" of the inspector).
    pub cookie_jar: BTreeMap<String, String>,
    /// The app's secrets (SECRET_KEY, JWT_SIGNING_KEY), for presenter mode to mask.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// The server-side session behind the cookie: `{key, data, problem}`, or null.
    #[serde(default)]
    pub session: Option<Value>,
    /// The server of the program's `servers` that answered; `None` when it has one app.
    #[serde(default)]
    pub server: Option<String>,
    /// A streaming response, kept open in the app to be read a piece at a time; `None` for a
    /// response with a body.
    #[serde(default)]
    pub stream: Option<StreamState>,
}

/// Where the inspector stands with a streaming response (the reply to
/// [`SupportCall::Inspect`](crate::protocol::SupportCall::Inspect) opens it, each
/// [`SupportCall::ReadStream`](crate::protocol::SupportCall::ReadStream) moves it on).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamState {
    /// Its number in the app (the support module's open streams).
    pub id: u32,
    /// More may come: it has not ended and the client has not hung up.
    pub open: bool,
    /// How many pieces have been read.
    pub pieces: u32,
}

/// The reply to [`SupportCall::ReadStream`](crate::protocol::SupportCall::ReadStream): the
/// stream's text and its request's trace, as they stand after the read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamReading {
    pub id: u32,
    pub open: bool,
    pub pieces: u32,
    /// Everything read so far.
    pub body: String,
    pub trace: Vec<Value>,
}

impl Exchange {
    /// This exchange after `reading`, if it is the stream it read (else `None`).
    pub fn read(&self, reading: &StreamReading) -> Option<Exchange> {
        let stream = self.stream.as_ref()?;
        if stream.id != reading.id {
            return None;
        }
        Some(Exchange {
            body: reading.body.clone(),
            trace: reading.trace.clone(),
            stream: Some(StreamState {
                id: reading.id,
                open: reading.open,
                pieces: reading.pieces,
            }),
            ..self.clone()
        })
    }
}

/// One middleware layer of the onion, from its "in" and "out" events.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub name: String,
    pub depth: usize,
    pub in_ms: f64,
    pub out_ms: Option<f64>,
    pub duration_ms: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub sql: String,
    pub params: Value,
    pub rows: Option<i64>,
    pub duration_ms: f64,
    pub at_ms: f64,
    /// `file:line in function` of the learner's code that ran it.
    pub location: String,
}

/// The same SELECT run again and again (the N+1 problem), and the queries that make it up.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatGroup {
    pub sql: String,
    pub count: usize,
    pub location: String,
    pub total_ms: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SetCookie {
    pub name: String,
    pub value: String,
    pub attributes: Vec<String>,
}

impl Exchange {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn content_type(&self) -> String {
        self.header("Content-Type")
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    }

    pub fn is_html(&self) -> bool {
        self.content_type() == "text/html"
    }

    /// The body, indented when it is JSON.
    pub fn pretty_body(&self) -> String {
        if self.content_type().ends_with("json")
            && let Ok(value) = serde_json::from_str::<Value>(&self.body)
        {
            return serde_json::to_string_pretty(&value).unwrap_or_else(|_| self.body.clone());
        }
        self.body.clone()
    }

    pub fn events<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.trace.iter().filter(move |event| event["type"] == kind)
    }

    pub fn total_ms(&self) -> Option<f64> {
        self.events("response")
            .last()
            .and_then(|event| event["duration_ms"].as_f64())
    }

    /// The middleware layers, outermost first, each with its depth in the onion.
    pub fn layers(&self) -> Vec<Layer> {
        let mut layers: Vec<Layer> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for event in self.events("middleware") {
            let name = text(event, "name");
            let at = event["at_ms"].as_f64().unwrap_or_default();
            if event["phase"] == "in" {
                open.push(layers.len());
                layers.push(Layer {
                    name,
                    depth: open.len() - 1,
                    in_ms: at,
                    out_ms: None,
                    duration_ms: None,
                });
            } else if let Some(index) = open.pop() {
                layers[index].out_ms = Some(at);
                layers[index].duration_ms = event["duration_ms"].as_f64();
            }
        }
        layers
    }

    pub fn queries(&self) -> Vec<Query> {
        self.events("sql")
            .map(|event| Query {
                sql: text(event, "sql"),
                params: event["params"].clone(),
                rows: event["rows"].as_i64(),
                duration_ms: event["duration_ms"].as_f64().unwrap_or_default(),
                at_ms: event["at_ms"].as_f64().unwrap_or_default(),
                location: text(event, "where"),
            })
            .collect()
    }

    /// The N+1 groups the framework noticed, with the time their queries took together.
    pub fn repeat_groups(&self) -> Vec<RepeatGroup> {
        let queries = self.queries();
        self.events("n_plus_one")
            .map(|event| {
                let sql = text(event, "sql");
                let total_ms = queries
                    .iter()
                    .filter(|query| query.sql == sql)
                    .map(|query| query.duration_ms)
                    .sum();
                RepeatGroup {
                    count: event["count"].as_u64().unwrap_or_default() as usize,
                    location: text(event, "where"),
                    sql,
                    total_ms,
                }
            })
            .collect()
    }

    /// `(hits, misses)` among the cache lookups of this request.
    pub fn cache_hits(&self) -> (usize, usize) {
        let mut hits = 0;
        let mut misses = 0;
        for event in self.events("cache") {
            match event.get("hit").and_then(Value::as_bool) {
                Some(true) => hits += 1,
                Some(false) => misses += 1,
                None => {}
            }
        }
        (hits, misses)
    }

    pub fn set_cookies(&self) -> Vec<SetCookie> {
        self.headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, header)| {
                let mut parts = header.split(';').map(str::trim);
                let (name, value) = parts.next()?.split_once('=')?;
                Some(SetCookie {
                    name: name.to_owned(),
                    value: value.to_owned(),
                    attributes: parts
                        .filter(|part| !part.is_empty())
                        .map(str::to_owned)
                        .collect(),
                })
            })
            .collect()
    }
}

/// Splits `file:line in function` (or `file:line`) into the file and the line.
pub fn location_parts(location: &str) -> Option<(&str, u32)> {
    let place = location.split(" in ").next()?;
    let (file, line) = place.rsplit_once(':')?;
    Some((file, line.trim().parse().ok()?))
}

fn text(event: &Value, key: &str) -> String {
    match &event[key] {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn exchange(trace: Value, headers: Vec<(&str, &str)>) -> Exchange {
        Exchange {
            request: RequestDraft::get_root(),
            status: 200,
            reason: "OK".into(),
            headers: headers
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
            body: r#"{"a":1}"#.into(),
            trace: trace.as_array().unwrap().clone(),
            printed: String::new(),
            cookie_jar: BTreeMap::new(),
            secrets: Vec::new(),
            session: None,
            server: None,
            stream: None,
        }
    }

    #[test]
    fn the_onion_pairs_each_in_with_its_out() {
        let trace = json!([
            {"type": "request", "at_ms": 0.0},
            {"type": "middleware", "name": "Outer", "phase": "in", "at_ms": 0.1},
            {"type": "middleware", "name": "Inner", "phase": "in", "at_ms": 0.2},
            {"type": "view", "name": "index", "at_ms": 0.5},
            {"type": "middleware", "name": "Inner", "phase": "out", "at_ms": 0.7, "duration_ms": 0.5},
            {"type": "middleware", "name": "Outer", "phase": "out", "at_ms": 0.9, "duration_ms": 0.8},
        ]);
        let layers = exchange(trace, vec![]).layers();
        assert_eq!(layers.len(), 2);
        assert_eq!(
            (
                layers[0].name.as_str(),
                layers[0].depth,
                layers[0].duration_ms
            ),
            ("Outer", 0, Some(0.8))
        );
        assert_eq!(
            (layers[1].name.as_str(), layers[1].depth, layers[1].out_ms),
            ("Inner", 1, Some(0.7))
        );
    }

    #[test]
    fn repeated_queries_are_grouped_with_their_total_time() {
        let mut events = vec![
            json!({"type": "sql", "sql": "SELECT * FROM q", "params": [], "rows": 3, "duration_ms": 1.0, "where": "app.py:9 in index", "at_ms": 1.0}),
        ];
        for id in 0..3 {
            events.push(json!({"type": "sql", "sql": "SELECT * FROM c WHERE q = ?", "params": [id], "rows": 1, "duration_ms": 0.5, "where": "app.py:12 in index", "at_ms": 2.0}));
        }
        events.push(json!({"type": "n_plus_one", "sql": "SELECT * FROM c WHERE q = ?", "count": 3, "where": "app.py:12 in index", "at_ms": 3.0}));
        let exchange = exchange(Value::Array(events), vec![]);
        assert_eq!(exchange.queries().len(), 4);
        let groups = exchange.repeat_groups();
        assert_eq!(groups.len(), 1);
        assert_eq!((groups[0].count, groups[0].total_ms), (3, 1.5));
        assert_eq!(location_parts(&groups[0].location), Some(("app.py", 12)));
    }

    #[test]
    fn cookies_and_json_bodies_are_read() {
        let exchange = exchange(
            json!([]),
            vec![
                ("Content-Type", "application/json"),
                ("Set-Cookie", "sessionid=abc; HttpOnly; SameSite=Lax"),
            ],
        );
        let cookies = exchange.set_cookies();
        assert_eq!(cookies[0].name, "sessionid");
        assert_eq!(cookies[0].attributes, vec!["HttpOnly", "SameSite=Lax"]);
        assert_eq!(exchange.pretty_body(), "{\n  \"a\": 1\n}");
        assert!(!exchange.is_html());
    }

    #[test]
    fn cache_lookups_count_hits_and_misses() {
        let trace = json!([
            {"type": "cache", "op": "get", "hit": false, "at_ms": 0.0},
            {"type": "cache", "op": "set", "at_ms": 0.1},
            {"type": "cache", "op": "get", "hit": true, "at_ms": 0.2},
        ]);
        assert_eq!(exchange(trace, vec![]).cache_hits(), (1, 1));
    }
}
