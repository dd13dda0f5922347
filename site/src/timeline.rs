//! The inspector's timeline: one request's SQL, signals, `on_commit` callbacks, notifications,
//! background tasks, network crossings and a stream's pieces, in the order the trace recorded
//! them, each told in words ("post_save sent by Order, 1 receiver: send_email").
//!
//! Pure: it reads the trace's events (as `glassbox/trace.py` documents them) and nothing else,
//! so it is tested natively. The panel in `inspector/timeline.rs` draws what it returns.

use serde_json::Value;

/// The event types the timeline shows; any other type (middleware, templates...) is left to
/// the other panels.
pub const SHOWN: [&str; 9] = [
    "sql",
    "signal",
    "on_commit",
    "notify",
    "task",
    "stream",
    "network",
    "response",
    "error",
];

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    pub at_ms: f64,
    /// The event's type, also the line's CSS class.
    pub kind: String,
    /// What happened, in words.
    pub title: String,
    /// Further facts, one per line (receivers, payload, rows...).
    pub details: Vec<String>,
    /// The server that recorded it, when the program has several.
    pub server: Option<String>,
    /// For a stream's piece: what produced it, when the trace says so, or else what happened
    /// just before it (see [`Cause`]).
    pub cause: Option<Cause>,
    /// Something was lost, refused or failed (a discarded callback, a retry, an overflow).
    pub warning: bool,
}

/// What a stream's piece came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// The trace names it (a `cause` key on the stream event).
    Stated(String),
    /// The last notification delivered or signal sent since the piece before: the trace does
    /// not say it produced this piece, only that it came just before.
    After(String),
}

/// How many events of the timeline are not SQL or the response: the tab's badge.
pub fn count(trace: &[Value]) -> usize {
    trace
        .iter()
        .filter(|event| {
            matches!(
                kind(event),
                "signal" | "on_commit" | "notify" | "task" | "stream" | "network"
            )
        })
        .count()
}

/// The timeline of `trace`, in the trace's order.
pub fn timeline(trace: &[Value]) -> Vec<Moment> {
    let mut moments = Vec::new();
    // The latest notification or signal since the last piece of a stream.
    let mut last_news: Option<String> = None;
    for event in trace {
        let kind = kind(event);
        if !SHOWN.contains(&kind) {
            continue;
        }
        let mut moment = describe(event);
        match kind {
            // "read": a stream's source took a notification (if the trace says so).
            "notify" if matches!(event["op"].as_str(), Some("deliver" | "receive" | "read")) => {
                last_news = Some(match &moment.server {
                    Some(server) => format!("{} ({server})", moment.title),
                    None => moment.title.clone(),
                });
            }
            "signal" => {
                last_news = Some(match &moment.server {
                    Some(server) => format!("{} ({server})", moment.title),
                    None => moment.title.clone(),
                });
            }
            "stream" if event["op"] == "chunk" => {
                moment.cause = match text(event, "cause") {
                    Some(cause) => Some(Cause::Stated(cause)),
                    None => last_news.take().map(Cause::After),
                };
            }
            _ => {}
        }
        moments.push(moment);
    }
    moments
}

/// The functions an event lists under `key` (a signal's receivers, a server's handlers), as
/// "2 receivers: a, b", or `words.0` when there are none.
fn names_listed(event: &Value, key: &str, words: (&str, &str, &str)) -> String {
    let (none, one, many) = words;
    let names: Vec<String> = event[key]
        .as_array()
        .map(|names| names.iter().filter_map(text_of).collect())
        .unwrap_or_default();
    match names.len() {
        0 => none.to_owned(),
        count => format!("{}: {}", plural(count as u64, one, many), names.join(", ")),
    }
}

fn kind(event: &Value) -> &str {
    event["type"].as_str().unwrap_or_default()
}

/// A key's value as text: strings as they are, numbers and lists as JSON, null as nothing.
fn text(event: &Value, key: &str) -> Option<String> {
    match event.get(key)? {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

fn or_unknown(event: &Value, key: &str) -> String {
    match event.get(key).and_then(Value::as_f64) {
        // 150.0 reads as 150; 0.25 stays 0.25.
        Some(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{}", number as i64)
        }
        _ => text(event, key).unwrap_or_else(|| "?".into()),
    }
}

fn plural(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// One event in words.
pub fn describe(event: &Value) -> Moment {
    let kind = kind(event).to_owned();
    let op = text(event, "op").unwrap_or_default();
    let mut details = Vec::new();
    let mut warning = false;
    let title = match kind.as_str() {
        "sql" => {
            let mut facts = Vec::new();
            // -1: the database does not count rows for this statement (BEGIN, COMMIT).
            if let Some(rows) = event["rows"].as_i64().filter(|rows| *rows >= 0) {
                facts.push(format!("{rows} row(s)"));
            }
            if let Some(ms) = event["duration_ms"].as_f64() {
                facts.push(format!("{ms:.3} ms"));
            }
            if let Some(place) = text(event, "where").filter(|place| !place.is_empty()) {
                facts.push(place);
            }
            if !facts.is_empty() {
                details.push(facts.join(" · "));
            }
            or_unknown(event, "sql")
        }
        "signal" => {
            details.push(names_listed(
                event,
                "receivers",
                ("no receivers", "receiver", "receivers"),
            ));
            if let Some(instance) = text(event, "instance") {
                let created = match event["created"].as_bool() {
                    Some(true) => " (created)",
                    Some(false) => " (updated)",
                    None => "",
                };
                details.push(format!("instance {instance}{created}"));
            }
            if let Some(action) = text(event, "action") {
                details.push(format!(
                    "action {action}, pk_set {}",
                    or_unknown(event, "pk_set")
                ));
            }
            if let Some(errors) = event["errors"]
                .as_array()
                .filter(|errors| !errors.is_empty())
            {
                warning = true;
                details.extend(
                    errors
                        .iter()
                        .filter_map(text_of)
                        .map(|error| format!("raised: {error}")),
                );
            }
            format!(
                "{} sent by {}",
                or_unknown(event, "signal"),
                or_unknown(event, "sender")
            )
        }
        "on_commit" => {
            let callback = or_unknown(event, "callback");
            let block = match text(event, "savepoint") {
                Some(savepoint) => format!("inside savepoint {savepoint}"),
                None => "in the outermost block".to_owned(),
            };
            match text(event, "action").as_deref() {
                Some("registered") if event["immediate"] == true => {
                    format!("on_commit({callback}) ran at once: no transaction was open")
                }
                Some("registered") => format!("on_commit({callback}) registered {block}"),
                Some("run") => format!("{callback} ran after COMMIT"),
                Some("discarded") => {
                    warning = true;
                    details.push(format!("registered {block}"));
                    format!(
                        "{callback} discarded at {}",
                        text(event, "reason").unwrap_or_else(|| "ROLLBACK".into())
                    )
                }
                Some("failed") => {
                    warning = true;
                    details
                        .push("robust=True: the error was logged and the next callback ran".into());
                    format!(
                        "{callback} raised after COMMIT: {}",
                        or_unknown(event, "error")
                    )
                }
                other => format!("on_commit {}: {callback}", other.unwrap_or("?")),
            }
        }
        "notify" => {
            let channel = or_unknown(event, "channel");
            if let Some(pid) = text(event, "pid") {
                details.push(format!("connection {pid}"));
            }
            let payload = text(event, "payload").filter(|payload| !payload.is_empty());
            let quoted = payload
                .as_ref()
                .map(|payload| format!(", '{payload}'"))
                .unwrap_or_default();
            match op.as_str() {
                "listen" => format!("LISTEN {channel}"),
                "unlisten" => format!("UNLISTEN {channel}"),
                "notify" if event["delivered"] == false => {
                    format!("NOTIFY {channel}{quoted}: queued until COMMIT")
                }
                "notify" => format!("NOTIFY {channel}{quoted}"),
                "fold" => format!(
                    "NOTIFY {channel}{quoted} folded: the same one already waits in this transaction"
                ),
                "deliver" => {
                    let listeners = event["listeners"].as_u64();
                    format!(
                        "{channel}{quoted} delivered to {}",
                        listeners
                            .map(|count| plural(count, "listener", "listeners"))
                            .unwrap_or_else(|| "its listeners".into())
                    )
                }
                "receive" => {
                    details.push(names_listed(
                        event,
                        "handlers",
                        ("no handler", "handler", "handlers"),
                    ));
                    if let Some(sender) = text(event, "sender") {
                        details.push(format!("sent by connection {sender}"));
                    }
                    format!("received {channel}{quoted}")
                }
                "read" => {
                    if let Some(sender) = text(event, "sender") {
                        details.push(format!("sent by connection {sender}"));
                    }
                    format!("the stream took {channel}{quoted}")
                }
                "discard" => {
                    warning = true;
                    format!(
                        "NOTIFY {channel}{quoted} dropped at {}",
                        text(event, "reason").unwrap_or_else(|| "ROLLBACK".into())
                    )
                }
                "overflow" => {
                    warning = true;
                    if let Some(message) = text(event, "message") {
                        details.push(message);
                    }
                    format!(
                        "{channel}: the queue of listener {} was full, its oldest notification dropped",
                        or_unknown(event, "listener")
                    )
                }
                other => format!("{other} {channel}{quoted}"),
            }
        }
        "task" => {
            let task = or_unknown(event, "task");
            let attempt = event["attempt"].as_u64();
            if let Some(id) = text(event, "id") {
                details.push(format!("id {id}"));
            }
            if let Some(status) = text(event, "status") {
                details.push(format!("status {status}"));
            }
            let attempt_text = attempt
                .map(|attempt| format!(" (attempt {attempt})"))
                .unwrap_or_default();
            match op.as_str() {
                "enqueue" => format!("task {task} enqueued"),
                "claim" => {
                    if let Some(until) = text(event, "claimed_until") {
                        details.push(format!("claimed until {until}"));
                    }
                    let reclaimed = if event["reclaimed"] == true {
                        ", after an earlier worker's lease ran out"
                    } else {
                        ""
                    };
                    format!(
                        "worker {} claimed {task}{attempt_text}{reclaimed}",
                        or_unknown(event, "worker_id")
                    )
                }
                "run" => format!("{task} runs{attempt_text}"),
                "success" => format!("{task} succeeded{attempt_text}"),
                "retry" => {
                    warning = true;
                    details.push(format!("error: {}", or_unknown(event, "error")));
                    format!(
                        "{task} failed{attempt_text}: retry in {} s, {} left",
                        or_unknown(event, "delay_seconds"),
                        plural(
                            event["attempts_left"].as_u64().unwrap_or_default(),
                            "attempt",
                            "attempts"
                        )
                    )
                }
                "fail" => {
                    warning = true;
                    details.push(format!("error: {}", or_unknown(event, "error")));
                    format!("{task} failed for good{attempt_text}")
                }
                other => format!("task {task}: {other}{attempt_text}"),
            }
        }
        "stream" => match op.as_str() {
            "chunk" => {
                let name = text(event, "event");
                let id = text(event, "id")
                    .map(|id| format!(" id {id}"))
                    .unwrap_or_default();
                let bytes = event["bytes"].as_u64().unwrap_or_default();
                match name {
                    Some(name) => format!("stream sent event “{name}”{id} ({bytes} bytes)"),
                    None if !id.is_empty() => format!("stream sent an event{id} ({bytes} bytes)"),
                    None => format!("stream sent a piece ({bytes} bytes)"),
                }
            }
            "end" => format!(
                "stream ended: {} in all, {} bytes",
                plural(
                    event["chunks"].as_u64().unwrap_or_default(),
                    "piece",
                    "pieces"
                ),
                event["bytes"].as_u64().unwrap_or_default()
            ),
            "closed" => {
                warning = true;
                text(event, "message").unwrap_or_else(|| "the client closed the stream".into())
            }
            other => format!("stream {other}"),
        },
        "network" => {
            let delay = or_unknown(event, "delay_ms");
            match text(event, "direction").as_deref() {
                Some("request") => format!("the request crossed the network: {delay} ms"),
                Some("response") => format!("the response crossed the network back: {delay} ms"),
                other => format!("network {}: {delay} ms", other.unwrap_or("crossing")),
            }
        }
        "response" => format!(
            "response {} {}",
            or_unknown(event, "status"),
            text(event, "reason").unwrap_or_default()
        )
        .trim_end()
        .to_owned(),
        "error" => {
            warning = true;
            if let Some(place) = text(event, "where") {
                details.push(place);
            }
            format!(
                "{}: {}",
                or_unknown(event, "kind"),
                or_unknown(event, "message")
            )
        }
        other => other.to_owned(),
    };
    Moment {
        at_ms: event["at_ms"].as_f64().unwrap_or_default(),
        kind,
        title,
        details,
        server: text(event, "server"),
        cause: None,
        warning,
    }
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn trace(events: Value) -> Vec<Value> {
        events.as_array().unwrap().clone()
    }

    #[test]
    fn a_stream_piece_comes_after_the_notification_its_source_took() {
        let events = trace(json!([
            {"type": "notify", "op": "read", "channel": "scores", "pid": 3, "payload": "{\"id\": 1}", "sender": 2, "server": "web-2", "at_ms": 0.1},
            {"type": "stream", "op": "chunk", "bytes": 20, "event": "score", "id": "1", "server": "web-2", "at_ms": 0.2},
        ]));
        let moments = timeline(&events);
        assert_eq!(moments[0].title, "the stream took scores, '{\"id\": 1}'");
        assert_eq!(
            moments[1].cause,
            Some(Cause::After(
                "the stream took scores, '{\"id\": 1}' (web-2)".into()
            ))
        );
    }

    #[test]
    fn a_robust_callback_that_raised_is_a_warning_with_its_error() {
        let events = trace(json!([
            {"type": "on_commit", "action": "failed", "callback": "send_receipt", "savepoint": null, "error": "SMTPError: down", "at_ms": 0.1},
        ]));
        let moments = timeline(&events);
        assert_eq!(
            moments[0].title,
            "send_receipt raised after COMMIT: SMTPError: down"
        );
        assert!(moments[0].warning);
    }

    #[test]
    fn signals_and_callbacks_show_among_the_sql_in_order() {
        let events = trace(json!([
            {"type": "middleware", "name": "M", "phase": "in", "at_ms": 0.0},
            {"type": "sql", "sql": "BEGIN", "params": [], "at_ms": 0.1},
            {"type": "sql", "sql": "INSERT INTO orders ...", "params": [], "rows": 1, "duration_ms": 0.2, "where": "app.py:9 in buy", "at_ms": 0.2},
            {"type": "signal", "signal": "post_save", "sender": "Order", "receivers": ["send_email"], "instance": "<Order: 1>", "created": true, "at_ms": 0.3},
            {"type": "on_commit", "action": "registered", "callback": "send_email.<locals>.go", "savepoint": null, "at_ms": 0.4},
            {"type": "sql", "sql": "ROLLBACK", "params": [], "at_ms": 0.5},
            {"type": "on_commit", "action": "discarded", "callback": "send_email.<locals>.go", "savepoint": "s1", "reason": "ROLLBACK", "at_ms": 0.6},
        ]));
        let moments = timeline(&events);
        let kinds: Vec<&str> = moments.iter().map(|moment| moment.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["sql", "sql", "signal", "on_commit", "sql", "on_commit"],
            "middleware is left to its own panel; the rest keep the trace's order"
        );
        assert_eq!(
            moments[1].details,
            ["1 row(s) · 0.200 ms · app.py:9 in buy"]
        );
        assert_eq!(moments[2].title, "post_save sent by Order");
        assert_eq!(
            moments[2].details,
            ["1 receiver: send_email", "instance <Order: 1> (created)"]
        );
        assert_eq!(
            moments[3].title,
            "on_commit(send_email.<locals>.go) registered in the outermost block"
        );
        assert!(!moments[3].warning);
        assert_eq!(
            moments[5].title,
            "send_email.<locals>.go discarded at ROLLBACK"
        );
        assert!(moments[5].warning);
        assert_eq!(moments[5].details, ["registered inside savepoint s1"]);
        assert_eq!(count(&events), 3);
    }

    #[test]
    fn notifications_say_what_became_of_them() {
        let moments = timeline(&trace(json!([
            {"type": "notify", "op": "listen", "channel": "orders", "pid": 2, "at_ms": 0.0},
            {"type": "notify", "op": "notify", "channel": "orders", "pid": 1, "payload": "7", "delivered": false, "at_ms": 0.1},
            {"type": "notify", "op": "fold", "channel": "orders", "pid": 1, "payload": "7", "at_ms": 0.2},
            {"type": "notify", "op": "deliver", "channel": "orders", "pid": 1, "payload": "7", "listeners": 2, "server": "web-1", "at_ms": 0.3},
            {"type": "notify", "op": "discard", "channel": "orders", "pid": 1, "payload": "", "reason": "ROLLBACK TO SAVEPOINT s1", "at_ms": 0.4},
        ])));
        let titles: Vec<&str> = moments.iter().map(|moment| moment.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "LISTEN orders",
                "NOTIFY orders, '7': queued until COMMIT",
                "NOTIFY orders, '7' folded: the same one already waits in this transaction",
                "orders, '7' delivered to 2 listeners",
                "NOTIFY orders dropped at ROLLBACK TO SAVEPOINT s1",
            ]
        );
        assert_eq!(moments[3].server.as_deref(), Some("web-1"));
        let received = describe(
            &json!({"type": "notify", "op": "receive", "channel": "scores", "pid": 3, "sender": 2, "payload": "7", "handlers": ["forget_the_board"], "server": "web-2", "at_ms": 0.5}),
        );
        assert_eq!(received.title, "received scores, '7'");
        assert_eq!(
            received.details,
            [
                "connection 3",
                "1 handler: forget_the_board",
                "sent by connection 2"
            ]
        );
        assert_eq!(moments[0].server, None);
        assert!(moments[4].warning && !moments[3].warning);
    }

    #[test]
    fn a_streams_pieces_name_what_came_before_them_or_what_the_trace_says() {
        let moments = timeline(&trace(json!([
            {"type": "response", "status": 200, "reason": "OK", "duration_ms": 1.0, "at_ms": 1.0},
            {"type": "stream", "op": "chunk", "bytes": 20, "event": "hello", "id": "0", "at_ms": 1.1},
            {"type": "notify", "op": "deliver", "channel": "orders", "payload": "7", "listeners": 1, "at_ms": 1.2},
            {"type": "stream", "op": "chunk", "bytes": 30, "event": "order", "id": "7", "at_ms": 1.3},
            {"type": "stream", "op": "chunk", "bytes": 30, "event": "order", "id": "8", "cause": "post_save of <Order: 8>", "at_ms": 1.4},
            {"type": "stream", "op": "closed", "chunks": 3, "bytes": 80, "message": "the client closed the stream after 3 pieces", "at_ms": 1.5},
        ])));
        assert_eq!(moments[0].title, "response 200 OK");
        assert_eq!(
            moments[1].title,
            "stream sent event “hello” id 0 (20 bytes)"
        );
        assert_eq!(
            moments[1].cause, None,
            "nothing came before the first piece"
        );
        assert_eq!(
            moments[3].cause,
            Some(Cause::After("orders, '7' delivered to 1 listener".into()))
        );
        assert_eq!(
            moments[4].cause,
            Some(Cause::Stated("post_save of <Order: 8>".into())),
            "what the trace states wins, and a notification is not credited twice"
        );
        assert_eq!(
            moments[5].title,
            "the client closed the stream after 3 pieces"
        );
        assert!(moments[5].warning);
    }

    #[test]
    fn tasks_and_the_network_read_as_sentences() {
        let moments = timeline(&trace(json!([
            {"type": "network", "direction": "request", "delay_ms": 150, "clock": 1.0, "at_ms": 0.0},
            {"type": "task", "op": "enqueue", "task": "shop.send_confirmation", "id": "3", "attempt": 0, "status": "READY", "at_ms": 0.1},
            {"type": "task", "op": "claim", "task": "shop.send_confirmation", "id": "3", "attempt": 1, "status": "RUNNING", "worker_id": "w1", "claimed_until": 1.5, "reclaimed": false, "at_ms": 0.2},
            {"type": "task", "op": "retry", "task": "shop.send_confirmation", "id": "3", "attempt": 1, "status": "READY", "error": "ConnectionError: mail down", "delay_seconds": 2, "attempts_left": 1, "at_ms": 0.3},
            {"type": "network", "direction": "response", "delay_ms": 150, "clock": 1.3, "at_ms": 0.4},
        ])));
        assert_eq!(moments[0].title, "the request crossed the network: 150 ms");
        let float = describe(
            &json!({"type": "network", "direction": "response", "delay_ms": 150.0, "at_ms": 0.0}),
        );
        assert_eq!(float.title, "the response crossed the network back: 150 ms");
        let begin = describe(
            &json!({"type": "sql", "sql": "BEGIN", "rows": -1, "duration_ms": 0.1, "at_ms": 0.0}),
        );
        assert_eq!(
            begin.details,
            ["0.100 ms"],
            "no row count where the database keeps none"
        );
        assert_eq!(moments[1].title, "task shop.send_confirmation enqueued");
        assert_eq!(
            moments[2].title,
            "worker w1 claimed shop.send_confirmation (attempt 1)"
        );
        assert_eq!(
            moments[3].title,
            "shop.send_confirmation failed (attempt 1): retry in 2 s, 1 attempt left"
        );
        assert!(moments[3].warning);
        assert!(
            moments[3]
                .details
                .contains(&"error: ConnectionError: mail down".to_owned())
        );
        assert_eq!(
            moments[4].title,
            "the response crossed the network back: 150 ms"
        );
    }
}
