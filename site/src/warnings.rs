//! The inspector warns before the learner falls: traps the trace of a request shows, each with
//! the lesson that explains it. Computed here from the exchanges (plain data), so every rule is
//! tested natively; `inspector::warnings_view` only draws them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::exchange::Exchange;

/// One trap a request fell into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// A stable name, for tests and the element's class (`warning-` and the name).
    pub kind: &'static str,
    /// What happened, in one or two sentences.
    pub text: String,
    /// The lesson that explains it: its id (`part/lesson`) and title.
    pub lesson: (&'static str, &'static str),
}

const CACHE_LESSON: (&str, &str) = (
    "06-caching/01-cache-page",
    "A page from the cache: for how long, and for whom",
);
const CSRF_LESSON: (&str, &str) = ("04-auth/04-csrf", "CSRF: requests you did not send");
const HTTPONLY_LESSON: (&str, &str) = (
    "02-the-onion/06-xss-and-where-tokens-live",
    "Cross-site scripting, and where tokens live",
);
const CHALLENGE_LESSON: (&str, &str) = (
    "05-tokens/03-bearer-authentication",
    "Bearer authentication",
);
const N_PLUS_ONE_LESSON: (&str, &str) = ("03-data/03-finding-slow-queries", "Finding slow queries");

const UNSAFE_METHODS: &[&str] = &["POST", "PUT", "PATCH", "DELETE"];
/// Cookie names that usually carry a credential.
const CREDENTIAL_WORDS: &[&str] = &[
    "token", "jwt", "auth", "access", "refresh", "session", "api_key", "apikey",
];

/// The warnings for `exchanges[index]`, reading the exchanges before it (the cache entry a hit
/// was served from was stored by one of them) and the query plans the SQL tab has fetched
/// (`plans`, by `state::plan_key`).
pub fn warnings(
    exchanges: &[&Exchange],
    index: usize,
    plans: &BTreeMap<String, Vec<String>>,
) -> Vec<Warning> {
    let Some(exchange) = exchanges.get(index) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some(warning) = cached_for_another_session(&exchanges[..index], exchange) {
        found.push(warning);
    }
    if let Some(warning) = unsafe_without_csrf(exchange) {
        found.push(warning);
    }
    found.extend(readable_credential_cookies(exchange));
    if exchange.status == 401 && exchange.header("WWW-Authenticate").is_none() {
        found.push(Warning {
            kind: "no-challenge",
            text: "This 401 has no WWW-Authenticate header: it must say how to authenticate (RFC 9110 §15.5.2), \
                   e.g. WWW-Authenticate: Bearer. A 403 is the answer for someone known but not allowed."
                .into(),
            lesson: CHALLENGE_LESSON,
        });
    }
    found.extend(scans_without_index(exchange, plans));
    for event in exchange.events("n_plus_one") {
        found.push(Warning {
            kind: "n-plus-one",
            text: format!(
                "The same query ran {} times with other parameters, from {}: one query per row of a loop (N+1).",
                event["count"].as_u64().unwrap_or_default(),
                event["where"].as_str().unwrap_or("the framework")
            ),
            lesson: N_PLUS_ONE_LESSON,
        });
    }
    found
}

/// A SELECT with a WHERE whose fetched plan reads the whole table (`SCAN t`, not `SEARCH t
/// USING INDEX` nor a covering index): no index serves the condition.
fn scans_without_index(exchange: &Exchange, plans: &BTreeMap<String, Vec<String>>) -> Vec<Warning> {
    let mut found: Vec<Warning> = Vec::new();
    for query in exchange.queries() {
        let upper = query.sql.to_ascii_uppercase();
        if !upper.trim_start().starts_with("SELECT") || !upper.contains(" WHERE ") {
            continue;
        }
        let Some(plan) = plans.get(&crate::state::plan_key(&query.sql, &query.params)) else {
            continue;
        };
        for line in plan {
            let step = line.trim();
            let Some(table) = step.strip_prefix("SCAN ") else {
                continue;
            };
            if step.contains(" USING ") {
                continue; // a covering index: read in index order, not row by row
            }
            let table = table.split_whitespace().next().unwrap_or(table);
            let text = format!(
                "A query with a WHERE reads every row of {table} (its plan says SCAN {table}): no index serves the \
                 condition. Fine for 50 rows; on a large table every request pays for the whole table."
            );
            if !found.iter().any(|warning| warning.text == text) {
                found.push(Warning {
                    kind: "scan-without-index",
                    text,
                    lesson: N_PLUS_ONE_LESSON,
                });
            }
        }
    }
    found
}

/// The session cookie a request carried: a `Cookie` header written in the request builder, else
/// the session the inspector's browser held when the app answered.
fn session_of(exchange: &Exchange) -> Option<String> {
    let written = exchange.request.headers.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("cookie").then(|| {
            value.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.to_ascii_lowercase()
                    .contains("session")
                    .then(|| value.to_owned())
            })
        })?
    });
    written.or_else(|| {
        exchange
            .session
            .as_ref()
            .and_then(|session| session["key"].as_str())
            .map(str::to_owned)
    })
}

fn page_cache_events<'a>(exchange: &'a Exchange) -> impl Iterator<Item = &'a Value> + 'a {
    exchange
        .events("cache")
        .filter(|event| matches!(event["layer"].as_str(), Some("view cache" | "site cache")))
}

fn cached_for_another_session(earlier: &[&Exchange], exchange: &Exchange) -> Option<Warning> {
    let hit = page_cache_events(exchange)
        .find(|event| event["op"] == "get" && event["hit"] == Value::Bool(true))?;
    let key = hit["stored_key"].as_str().or_else(|| hit["key"].as_str())?;
    let stored_by = earlier.iter().rev().find(|before| {
        page_cache_events(before).any(|event| {
            matches!(event["op"].as_str(), Some("set" | "add"))
                && (event["stored_key"]
                    .as_str()
                    .or_else(|| event["key"].as_str()))
                    == Some(key)
        })
    })?;
    let (then, now) = (session_of(stored_by), session_of(exchange));
    if then == now {
        return None;
    }
    let describe = |session: &Option<String>| match session {
        Some(key) => format!("session {}…", key.chars().take(8).collect::<String>()),
        None => "no session".to_owned(),
    };
    Some(Warning {
        kind: "cache-session",
        text: format!(
            "This page came from the cache, stored for a request with {} while this one had {}: \
             another visitor's page. The cache key does not include the session cookie (Vary: Cookie added \
             outside the cache, as SessionMiddleware does around @cache_page).",
            describe(&then),
            describe(&now)
        ),
        lesson: CACHE_LESSON,
    })
}

fn unsafe_without_csrf(exchange: &Exchange) -> Option<Warning> {
    let method = exchange.request.method.to_ascii_uppercase();
    if !UNSAFE_METHODS.contains(&method.as_str()) || exchange.status >= 400 {
        return None;
    }
    let by_cookie = exchange
        .events("auth")
        .any(|event| event["mechanism"] == "session" && event["outcome"] == "authenticated");
    if !by_cookie {
        return None;
    }
    let csrf: Vec<&Value> = exchange
        .events("auth")
        .filter(|event| event["mechanism"] == "csrf")
        .collect();
    if csrf.iter().any(|event| event["outcome"] == "passed") {
        return None;
    }
    let how = csrf
        .iter()
        .find(|event| event["outcome"] == "exempt")
        .and_then(|event| event["reason"].as_str())
        .map_or_else(
            || "no CSRF check ran".to_owned(),
            |reason| format!("CSRF was skipped ({reason})"),
        );
    Some(Warning {
        kind: "csrf-skipped",
        text: format!(
            "A {method} authenticated by its session cookie succeeded, and {how}: any site the user visits could send it."
        ),
        lesson: CSRF_LESSON,
    })
}

fn readable_credential_cookies(exchange: &Exchange) -> Vec<Warning> {
    exchange
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("Set-Cookie"))
        .filter_map(|(_, value)| {
            let (pair, attributes) = value.split_once(';').unwrap_or((value, ""));
            let (name, content) = pair.split_once('=')?;
            let lower = name.trim().to_ascii_lowercase();
            let looks_like_token = CREDENTIAL_WORDS.iter().any(|word| lower.contains(word))
                || content.trim().starts_with("eyJ"); // a JWT's header, base64url of '{"'
            let http_only = attributes
                .split(';')
                .any(|attribute| attribute.trim().eq_ignore_ascii_case("HttpOnly"));
            let deleted = content.trim().is_empty();
            (looks_like_token && !http_only && !deleted).then(|| Warning {
                kind: "cookie-readable",
                text: format!(
                    "The cookie {} looks like a credential and is set without HttpOnly: any script on the page \
                     (an injected one too) can read it from document.cookie.",
                    name.trim()
                ),
                lesson: HTTPONLY_LESSON,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::request::RequestDraft;

    fn exchange(
        method: &str,
        status: u16,
        headers: &[(&str, &str)],
        trace: Vec<Value>,
    ) -> Exchange {
        Exchange {
            request: RequestDraft {
                method: method.into(),
                target: "/".into(),
                headers: String::new(),
                body: String::new(),
                server: None,
            },
            status,
            reason: String::new(),
            headers: headers
                .iter()
                .map(|(name, value)| ((*name).into(), (*value).into()))
                .collect(),
            body: String::new(),
            trace,
            printed: String::new(),
            cookie_jar: BTreeMap::new(),
            secrets: Vec::new(),
            session: None,
            server: None,
            stream: None,
        }
    }

    fn kinds(exchanges: &[&Exchange], index: usize) -> Vec<&'static str> {
        warnings(exchanges, index, &BTreeMap::new())
            .iter()
            .map(|warning| warning.kind)
            .collect()
    }

    fn with_session(mut exchange: Exchange, key: &str) -> Exchange {
        exchange.session = Some(json!({"key": key, "data": {}}));
        exchange
    }

    #[test]
    fn a_page_cached_for_one_session_and_served_to_another_is_flagged() {
        let set = json!({"type": "cache", "layer": "view cache", "op": "set", "key": "/me/", "stored_key": "views.page.abc", "hit": null});
        let miss = json!({"type": "cache", "layer": "view cache", "op": "get", "key": "/me/", "stored_key": "views.page.abc", "hit": false});
        let hit = json!({"type": "cache", "layer": "view cache", "op": "get", "key": "/me/", "stored_key": "views.page.abc", "hit": true});
        let ada = with_session(exchange("GET", 200, &[], vec![miss, set]), "adasessionkey");
        let ada_again = with_session(
            exchange("GET", 200, &[], vec![hit.clone()]),
            "adasessionkey",
        );
        let bob = with_session(exchange("GET", 200, &[], vec![hit]), "bobsessionkey");
        assert_eq!(
            kinds(&[&ada, &ada_again], 1),
            Vec::<&str>::new(),
            "the same visitor: fine"
        );
        let all = [&ada, &ada_again, &bob];
        assert_eq!(kinds(&all, 2), ["cache-session"]);
        let warning = &warnings(&all, 2, &BTreeMap::new())[0];
        assert!(
            warning.text.contains("session adasessi…")
                && warning.text.contains("session bobsessi…"),
            "{}",
            warning.text
        );
        assert_eq!(warning.lesson.0, "06-caching/01-cache-page");
    }

    #[test]
    fn a_cookie_authenticated_unsafe_request_without_csrf_is_flagged() {
        let session = json!({"type": "auth", "mechanism": "session", "outcome": "authenticated", "user": "ada"});
        let exempt = json!({"type": "auth", "mechanism": "csrf", "outcome": "exempt", "reason": "the view is marked @csrf_exempt"});
        let passed = json!({"type": "auth", "mechanism": "csrf", "outcome": "passed"});
        let skipped = exchange("POST", 200, &[], vec![session.clone(), exempt]);
        assert_eq!(kinds(&[&skipped], 0), ["csrf-skipped"]);
        assert!(
            warnings(&[&skipped], 0, &BTreeMap::new())[0]
                .text
                .contains("@csrf_exempt")
        );
        let unchecked = exchange("DELETE", 204, &[], vec![session.clone()]);
        assert!(
            warnings(&[&unchecked], 0, &BTreeMap::new())[0]
                .text
                .contains("no CSRF check ran")
        );
        let checked = exchange("POST", 200, &[], vec![session.clone(), passed]);
        let safe = exchange("GET", 200, &[], vec![session.clone()]);
        let refused = exchange("POST", 403, &[], vec![session]);
        let anonymous = exchange("POST", 200, &[], Vec::new());
        for fine in [&checked, &safe, &refused, &anonymous] {
            assert_eq!(
                kinds(&[fine], 0),
                Vec::<&str>::new(),
                "{:?}",
                fine.request.method
            );
        }
    }

    #[test]
    fn a_credential_cookie_without_httponly_and_a_401_without_a_challenge_are_flagged() {
        let readable = exchange(
            "POST",
            200,
            &[(
                "Set-Cookie",
                "access_token=eyJhbGciOi.x.y; Path=/; SameSite=Lax",
            )],
            Vec::new(),
        );
        assert_eq!(kinds(&[&readable], 0), ["cookie-readable"]);
        for fine in [
            "access_token=eyJhbGciOi.x.y; Path=/; HttpOnly",
            "theme=dark; Path=/",
            "sessionid=; Max-Age=0; Path=/",
        ] {
            let answer = exchange("POST", 200, &[("Set-Cookie", fine)], Vec::new());
            assert_eq!(kinds(&[&answer], 0), Vec::<&str>::new(), "{fine}");
        }
        let bare = exchange("GET", 401, &[], Vec::new());
        assert_eq!(kinds(&[&bare], 0), ["no-challenge"]);
        let challenged = exchange("GET", 401, &[("WWW-Authenticate", "Bearer")], Vec::new());
        assert_eq!(kinds(&[&challenged], 0), Vec::<&str>::new());
    }

    #[test]
    fn a_fetched_plan_that_scans_a_table_for_a_where_is_flagged() {
        let sql = "SELECT id, title FROM book WHERE year >= ?";
        let query = json!({"type": "sql", "sql": sql, "params": [1950], "rows": 3, "duration_ms": 0.1, "where": "app.py:4 in since"});
        let asked = exchange("GET", 200, &[], vec![query]);
        let plan = |lines: &[&str]| {
            BTreeMap::from([(
                crate::state::plan_key(sql, &json!([1950])),
                lines.iter().map(|line| (*line).to_owned()).collect(),
            )])
        };
        assert!(
            warnings(&[&asked], 0, &BTreeMap::new()).is_empty(),
            "no plan fetched, no claim"
        );
        let scanned = warnings(&[&asked], 0, &plan(&["SCAN book"]));
        assert_eq!(scanned.len(), 1);
        assert_eq!(scanned[0].kind, "scan-without-index");
        assert!(scanned[0].text.contains("every row of book"));
        for fine in [
            &["SEARCH book USING INDEX book_year (year>?)"][..],
            &["SCAN book USING COVERING INDEX book_year"][..],
        ] {
            assert!(warnings(&[&asked], 0, &plan(fine)).is_empty(), "{fine:?}");
        }
    }

    #[test]
    fn each_linked_lesson_exists_with_that_title() {
        for (id, title) in [
            CACHE_LESSON,
            CSRF_LESSON,
            HTTPONLY_LESSON,
            CHALLENGE_LESSON,
            N_PLUS_ONE_LESSON,
        ] {
            let path = format!("{}/../lessons/{id}/lesson.md", env!("CARGO_MANIFEST_DIR"));
            let text =
                std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
            assert!(
                text.contains(&format!("title = \"{title}\"")),
                "{id} is titled otherwise"
            );
        }
    }

    #[test]
    fn an_n_plus_one_links_its_lesson() {
        let loop_ = exchange(
            "GET",
            200,
            &[],
            vec![
                json!({"type": "n_plus_one", "sql": "SELECT", "count": 6, "where": "app.py:9 in index"}),
            ],
        );
        let found = warnings(&[&loop_], 0, &BTreeMap::new());
        assert_eq!(found[0].kind, "n-plus-one");
        assert!(found[0].text.contains("6 times") && found[0].text.contains("app.py:9 in index"));
        assert_eq!(found[0].lesson.0, "03-data/03-finding-slow-queries");
    }
}
