//! The panels drawn from one request's trace: the middleware onion as a timeline, the SQL
//! (with N+1 groups and the line that ran each query), cache operations, authentication
//! decisions with the token decoded, and the cookie jar.

use glassbox_site::exchange::{Exchange, location_parts};
use glassbox_site::jwt;
use serde_json::Value;
use yew::prelude::*;

use super::{no_request, open_definition};
use glassbox_site::state::{Action, SourceLocation, plan_key};

use crate::context::Ctx;

fn with_exchange(ctx: &Ctx, view: impl FnOnce(&Exchange) -> Html) -> Html {
    match ctx.state.exchange() {
        Some(exchange) => view(&exchange),
        None => no_request(),
    }
}

/// A link to where something happened: the learner's file opens in the editor, a framework
/// file in the source tab.
fn location_link(ctx: &Ctx, location: &str) -> Html {
    let Some((file, line)) = location_parts(location) else {
        return html! { <span class="location">{ location }</span> };
    };
    let open = {
        let (ctx, file) = (ctx.clone(), file.to_owned());
        Callback::from(move |_: MouseEvent| {
            let learner_file =
                ctx.state.workspace.as_ref().is_some_and(|workspace| {
                    workspace.files.iter().any(|source| source.name == file)
                });
            match learner_file {
                true => ctx.dispatch(Action::Reveal {
                    file: file.clone(),
                    line,
                }),
                false => {
                    crate::actions::load_sources(&ctx);
                    ctx.dispatch(Action::OpenSource(SourceLocation {
                        file: file.clone(),
                        line: Some(line),
                    }));
                }
            }
        })
    };
    html! { <button class="link location" onclick={open} title="Show this line">{ location }</button> }
}

#[function_component(OnionPanel)]
pub fn onion_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    with_exchange(&ctx, |exchange| {
        let total = exchange.total_ms().unwrap_or(0.0).max(0.001);
        let layers = exchange.layers();
        let view = exchange
            .events("view")
            .last()
            .map(|event| event["name"].as_str().unwrap_or_default().to_owned());
        html! {
            <div class="onion">
                <p class="panel-intro">{ "Each middleware wraps the next: the request goes in through every layer to the view, and the response comes back out through them in reverse." }</p>
                if layers.is_empty() { <p class="placeholder">{ "This app has no middleware: the request went straight to the view." }</p> }
                <ol class="onion-layers">
                    { for layers.iter().map(|layer| {
                        let left = 100.0 * layer.in_ms / total;
                        let width = 100.0 * (layer.out_ms.unwrap_or(total) - layer.in_ms) / total;
                        let open = {
                            let (ctx, name) = (ctx.clone(), layer.name.clone());
                            Callback::from(move |_: MouseEvent| open_definition(&ctx, &name))
                        };
                        html! {
                            <li class="onion-layer" style={format!("--depth: {}", layer.depth)}>
                                <button class="link layer-name" onclick={open} title="Open its source">{ &layer.name }</button>
                                <span class="bar-track"><span class="bar" style={format!("left: {left:.1}%; width: {:.1}%", width.max(0.5))}></span></span>
                                <span class="elapsed">{ layer.duration_ms.map(|ms| format!("{ms:.2} ms")).unwrap_or_default() }</span>
                            </li>
                        }
                    }) }
                    if let Some(view) = view {
                        <li class="onion-layer view" style={format!("--depth: {}", layers.len())}><span class="layer-name">{ format!("view: {view}") }</span></li>
                    }
                </ol>
                <details><summary>{ format!("The whole trace ({} events)", exchange.trace.len()) }</summary>
                    <ol class="trace-events">{ for exchange.trace.iter().map(|event| html! {
                        <li><code>{ format!("{:>8.3} ms  {}", event["at_ms"].as_f64().unwrap_or_default(), event["type"].as_str().unwrap_or("?")) }</code>{ " " }{ summary(event) }</li>
                    }) }</ol>
                </details>
            </div>
        }
    })
}

/// The keys of an event other than `type` and `at_ms`, compactly.
fn summary(event: &Value) -> String {
    event
        .as_object()
        .map(|fields| {
            fields
                .iter()
                .filter(|(key, _)| *key != "type" && *key != "at_ms")
                .map(|(key, value)| {
                    format!(
                        "{key}={}",
                        match value {
                            Value::String(text) => text.clone(),
                            other => other.to_string(),
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("  ")
        })
        .unwrap_or_default()
}

#[function_component(SqlPanel)]
pub fn sql_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    with_exchange(&ctx, |exchange| {
        let queries = exchange.queries();
        let groups = exchange.repeat_groups();
        let total: f64 = queries.iter().map(|query| query.duration_ms).sum();
        html! {
            <div class="sql">
                <p class="panel-intro">{ format!("{} queries in {total:.2} ms", queries.len()) }</p>
                if !groups.is_empty() {
                    <div class="n-plus-one" role="note">
                        <h3>{ "Repeated queries (N+1)" }</h3>
                        { for groups.iter().map(|group| html! {
                            <div class="repeat-group">
                                <strong>{ format!("{}× ", group.count) }</strong><code>{ &group.sql }</code>
                                <div>{ format!("{:.2} ms together, run from ", group.total_ms) }{ location_link(&ctx, &group.location) }
                                    { " — one query per row of a loop. select_related() or prefetch_related() fetches them in one go." }</div>
                            </div>
                        }) }
                    </div>
                }
                if queries.is_empty() { <p class="placeholder">{ "This request ran no SQL." }</p> }
                <ol class="queries">
                    { for queries.iter().map(|query| {
                        let repeated = groups.iter().any(|group| group.sql == query.sql);
                        html! {
                            <li class={classes!("query", repeated.then_some("repeated"))}>
                                <pre class="sql-text">{ &query.sql }</pre>
                                <div class="query-meta">
                                    <span>{ format!("params {}", query.params) }</span>
                                    if let Some(rows) = query.rows { <span>{ format!("{rows} row(s)") }</span> }
                                    <span>{ format!("{:.3} ms", query.duration_ms) }</span>
                                    { location_link(&ctx, &query.location) }
                                    { explain_button(&ctx, &query.sql, &query.params) }
                                </div>
                                if let Some(plan) = ctx.state.plans.get(&plan_key(&query.sql, &query.params)) {
                                    <pre class="query-plan" aria-label="Query plan">{ plan.join("\n") }</pre>
                                }
                            </li>
                        }
                    }) }
                </ol>
            </div>
        }
    })
}

fn explain_button(ctx: &Ctx, sql: &str, params: &Value) -> Html {
    if !sql.trim_start().to_ascii_uppercase().starts_with("SELECT") {
        return html! {};
    }
    let explain = {
        let (ctx, sql, params) = (ctx.clone(), sql.to_owned(), params.clone());
        Callback::from(move |_: MouseEvent| {
            crate::actions::explain(&ctx, sql.clone(), params.clone())
        })
    };
    html! { <button class="link explain" onclick={explain} disabled={!ctx.state.ready()}>{ "Query plan" }</button> }
}

#[function_component(CachePanel)]
pub fn cache_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    with_exchange(&ctx, |exchange| {
        let events: Vec<&Value> = exchange.events("cache").collect();
        let (hits, misses) = exchange.cache_hits();
        let ratio = if hits + misses > 0 {
            format!("{:.0}%", 100.0 * hits as f64 / (hits + misses) as f64)
        } else {
            "—".into()
        };
        html! {
            <div class="cache">
                <p class="panel-intro">{ format!("{} cache operations · {hits} hits, {misses} misses · hit ratio {ratio}", events.len()) }</p>
                if events.is_empty() { <p class="placeholder">{ "No cache was used while handling this request." }</p> }
                <table class="cache-ops">
                    <thead><tr><th>{ "Layer" }</th><th>{ "Operation" }</th><th>{ "Key" }</th><th>{ "Result" }</th><th>{ "Size" }</th><th>{ "Timeout" }</th><th>{ "Time left" }</th></tr></thead>
                    <tbody>{ for events.iter().map(|event| {
                        let text = |key: &str| match &event[key] { Value::Null => String::new(), Value::String(text) => text.clone(), other => other.to_string() };
                        let result = match event.get("hit").and_then(Value::as_bool) { Some(true) => "hit", Some(false) => "miss", None => "" };
                        html! {
                            <tr class={classes!(result.to_owned())}>
                                <td>{ text("layer") }</td><td>{ text("op") }</td><td><code>{ text("key") }</code></td>
                                <td>{ result }</td><td>{ text("size") }</td><td>{ text("timeout") }</td><td>{ text("time_left") }</td>
                            </tr>
                        }
                    }) }</tbody>
                </table>
            </div>
        }
    })
}

#[function_component(AuthPanel)]
pub fn auth_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let now = ctx
        .state
        .lab
        .as_ref()
        .map(|lab| lab.clock.time)
        .filter(|time| *time > 0.0)
        .unwrap_or_else(|| js_sys::Date::now() / 1000.0);
    with_exchange(&ctx, |exchange| {
        let decisions: Vec<&Value> = exchange.events("auth").collect();
        // Tokens in play: the one the request carried, and any the response handed out.
        let mut tokens: Vec<(String, String)> = Vec::new();
        let sent_headers = exchange.request.header_pairs();
        if let Some(token) = jwt::bearer_token(&sent_headers) {
            tokens.push(("Sent in Authorization".into(), token.to_owned()));
        }
        if let Ok(Value::Object(body)) = serde_json::from_str::<Value>(&exchange.body) {
            for (key, value) in body {
                if let Some(text) = value.as_str().filter(|text| jwt::decode(text).is_some()) {
                    tokens.push((format!("Returned in the body as “{key}”"), text.to_owned()));
                }
            }
        }
        for (name, value) in &exchange.cookie_jar {
            if jwt::decode(value).is_some() {
                tokens.push((format!("In the cookie “{name}”"), value.clone()));
            }
        }
        let session = exchange.session.clone();
        html! {
            <div class="auth">
                <h3>{ "Decisions" }</h3>
                if decisions.is_empty() { <p class="placeholder">{ "No authentication happened while handling this request." }</p> }
                <ol class="auth-decisions">{ for decisions.iter().map(|event| html! {
                    <li class={classes!(if event["outcome"] == "refused" { "refused" } else { "accepted" })}>
                        <strong>{ event["outcome"].as_str().unwrap_or("?") }</strong>
                        { format!(" by {}", event["mechanism"].as_str().unwrap_or("no credential")) }
                        if let Some(user) = event["user"].as_str() { { format!(" · user {user}") } }
                        if let Some(reason) = event["reason"].as_str() { <div class="reason">{ reason }</div> }
                    </li>
                }) }</ol>
                if let Some(session) = session {
                    <div class="session">
                        <h3>{ "Session" }</h3>
                        <p>{ "Cookie " }<code>{ session["key"].as_str().unwrap_or_default() }</code>
                           { ": the key of a row in the session table. Its contents stay on the server:" }</p>
                        <pre>{ serde_json::to_string_pretty(&session["data"]).unwrap_or_default() }</pre>
                        if let Some(problem) = session["problem"].as_str() { <p class="note">{ problem }</p> }
                    </div>
                }
                { for tokens.iter().map(|(source, token)| view_token(source, token, now)) }
            </div>
        }
    })
}

fn view_token(source: &str, token: &str, now: f64) -> Html {
    let Some(decoded) = jwt::decode(token) else {
        return html! {};
    };
    let left = decoded.seconds_left(now).map(|left| {
        if left >= 0.0 {
            format!("expires in {}", human_seconds(left))
        } else {
            format!("expired {} ago", human_seconds(-left))
        }
    });
    html! {
        <div class="jwt">
            <h3>{ "JWT · " }{ source }</h3>
            if let Some(left) = left { <p class={classes!("jwt-expiry")}>{ left }{ " (on the app's clock)" }</p> }
            <div class="jwt-parts">
                <div><h4>{ "Header" }</h4><pre>{ serde_json::to_string_pretty(&decoded.header).unwrap_or_default() }</pre></div>
                <div><h4>{ "Payload" }</h4><pre>{ serde_json::to_string_pretty(&decoded.payload).unwrap_or_default() }</pre></div>
                <div><h4>{ "Signature" }</h4><pre class="signature">{ &decoded.signature }</pre>
                    <p class="note">{ "Only the app can verify it (it holds the key): see its decision above." }</p></div>
            </div>
        </div>
    }
}

pub fn human_seconds(seconds: f64) -> String {
    let seconds = seconds.round() as i64;
    match seconds {
        0..=119 => format!("{seconds} s"),
        120..=7199 => format!("{} min {} s", seconds / 60, seconds % 60),
        _ => format!("{} h {} min", seconds / 3600, (seconds % 3600) / 60),
    }
}

#[function_component(CookiesPanel)]
pub fn cookies_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    with_exchange(&ctx, |exchange| {
        html! {
            <div class="cookie-jar">
                <p class="panel-intro">{ "The cookies the inspector's browser holds after this response; it sends them with every request." }</p>
                if exchange.cookie_jar.is_empty() { <p class="placeholder">{ "The cookie jar is empty." }</p> }
                <table class="headers"><tbody>
                    { for exchange.cookie_jar.iter().map(|(name, value)| html! { <tr><th scope="row">{ name }</th><td><code>{ value }</code></td></tr> }) }
                </tbody></table>
            </div>
        }
    })
}
