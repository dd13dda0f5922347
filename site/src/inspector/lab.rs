//! Lab controls: move the app's virtual clock, clear its caches, slow its database or its
//! network down, or start its data afresh, so a lesson can show expiry, eviction and a slow
//! database; and, for a program with several `servers`, the servers side by side.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use glassbox_site::exchange::Exchange;
use glassbox_site::protocol::LabControl;
use glassbox_site::state::{Action, Tab};

use crate::actions;
use crate::context::Ctx;

#[function_component(LabPanel)]
pub fn lab_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lab = |control: LabControl| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| actions::lab(&ctx, control))
    };
    // A milliseconds box: a finite number, never below zero, becomes the lab control `control`.
    let on_milliseconds = |control: fn(f64) -> LabControl| {
        let ctx = ctx.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_unchecked_into::<HtmlInputElement>()
                .value_as_number();
            if value.is_finite() {
                actions::lab(&ctx, control(value.max(0.0)));
            }
        })
    };
    let on_latency = on_milliseconds(|milliseconds| LabControl::Latency { milliseconds });
    let on_network = on_milliseconds(|milliseconds| LabControl::NetworkLatency { milliseconds });
    let restart = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| actions::run_project(&ctx))
    };
    let ready = ctx.state.ready();
    let reading = ctx.state.lab.clone();
    // Read the clock and the caches whenever the panel opens on a running app.
    {
        let ctx = ctx.clone();
        use_effect_with((), move |_| {
            if ctx.state.project_loaded {
                actions::lab(&ctx, LabControl::Read);
            }
        });
    }
    // The clock runs on between readings: when it is in real time, the reading is moved on by
    // the time passed on the page, once a second.
    let now = use_state(js_sys::Date::now);
    let read_at = use_mut_ref(js_sys::Date::now);
    {
        let read_at = read_at.clone();
        use_effect_with(reading.clone(), move |_| {
            *read_at.borrow_mut() = js_sys::Date::now()
        });
    }
    let running = reading
        .as_ref()
        .is_some_and(|reading| !reading.clock.frozen);
    {
        let now = now.clone();
        use_effect_with(running, move |running| {
            let handle = running.then(|| {
                use wasm_bindgen::JsCast;
                let tick = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                    now.set(js_sys::Date::now())
                });
                let id = web_sys::window().and_then(|window| {
                    window
                        .set_interval_with_callback_and_timeout_and_arguments_0(
                            tick.as_ref().unchecked_ref(),
                            1000,
                        )
                        .ok()
                });
                (id, tick)
            });
            move || {
                if let (Some((Some(id), _tick)), Some(window)) = (handle, web_sys::window()) {
                    window.clear_interval_with_handle(id);
                }
            }
        });
    }
    let clock_now = |clock: &glassbox_site::protocol::ClockReading| {
        glassbox_site::clock_text::iso(glassbox_site::clock_text::ticking(
            clock.time,
            clock.frozen,
            *read_at.borrow(),
            *now,
        ))
    };
    let refresh = lab(LabControl::Read);
    let entries = reading
        .as_ref()
        .map(|reading| reading.cache_entries.clone())
        .unwrap_or_default();
    let servers = reading
        .as_ref()
        .map(|reading| reading.servers.clone())
        .unwrap_or_default();
    html! {
        <div class="lab">
            if !servers.is_empty() { { view_servers(&ctx, &servers) } }
            <section aria-labelledby="lab-clock">
                <h3 id="lab-clock">{ "The app's clock" }</h3>
                // A running clock is a timer (not announced each second); a frozen one is read out when it changes.
                <p id="clock-reading" role={running.then_some("timer")} aria-live={(!running).then_some("polite")}>
                    { match &reading {
                        Some(reading) if reading.clock.frozen => format!("{} (frozen)", reading.clock.iso),
                        Some(reading) if reading.clock.offset_seconds != 0.0 => format!("{} ({} ahead of real time)", clock_now(&reading.clock), super::trace_panels::human_seconds(reading.clock.offset_seconds)),
                        Some(reading) => format!("{} (real time)", clock_now(&reading.clock)),
                        None => "Real time. Expiry of cache entries, sessions and tokens follows this clock.".to_owned(),
                    } }
                </p>
                <div class="button-row">
                    <button id="advance-1m" onclick={lab(LabControl::Advance { seconds: 60.0 })} disabled={!ready}>{ "+1 minute" }</button>
                    <button id="advance-5m" onclick={lab(LabControl::Advance { seconds: 300.0 })} disabled={!ready}>{ "+5 minutes" }</button>
                    <button id="advance-1h" onclick={lab(LabControl::Advance { seconds: 3600.0 })} disabled={!ready}>{ "+1 hour" }</button>
                    <button id="advance-1d" onclick={lab(LabControl::Advance { seconds: 86400.0 })} disabled={!ready}>{ "+1 day" }</button>
                    <button onclick={lab(LabControl::Freeze)} disabled={!ready}>{ "Freeze" }</button>
                    <button onclick={lab(LabControl::RealTime)} disabled={!ready}>{ "Back to real time" }</button>
                </div>
            </section>
            <section aria-labelledby="lab-data">
                <h3 id="lab-data">{ "Data" }</h3>
                <div class="button-row">
                    <button id="clear-cache" onclick={lab(LabControl::ClearCache)} disabled={!ready}>{ "Clear the cache" }</button>
                    <button id="reset-database" onclick={restart} disabled={!ready}
                        title="Runs your app again in a fresh interpreter: its in-memory database starts empty">{ "Reset the database" }</button>
                </div>
                <h4>{ "Cache entries " }<button id="refresh-lab" class="small quiet" onclick={refresh} disabled={!ready}>{ "Refresh" }</button></h4>
                if entries.is_empty() {
                    <p class="placeholder">{ "No entries in the app's in-memory caches." }</p>
                } else {
                    <table id="cache-entries" class="cache-ops">
                        <thead><tr>if !servers.is_empty() { <th>{ "Server" }</th> }<th>{ "Cache" }</th><th>{ "Key" }</th><th>{ "Time left" }</th></tr></thead>
                        <tbody>{ for entries.iter().map(|entry| html! {
                            <tr class={classes!(entry.time_left.is_some_and(|left| left <= 0.0).then_some("expired"))}>
                                if !servers.is_empty() { <td>{ entry.server.clone().unwrap_or_default() }</td> }
                                <td>{ &entry.cache }</td><td><code>{ &entry.key }</code></td>
                                <td>{ match &entry.time_left {
                                    None => "forever".to_owned(),
                                    Some(left) if *left <= 0.0 => format!("expired {} ago", super::trace_panels::human_seconds(-left)),
                                    Some(left) => super::trace_panels::human_seconds(*left),
                                } }</td>
                            </tr>
                        }) }</tbody>
                    </table>
                }
            </section>
            <section aria-labelledby="lab-latency">
                <h3 id="lab-latency">{ "Latency" }</h3>
                <div class="latency-controls">
                    <span>
                        <label for="latency">{ "Database: a delay on every SQL query (ms) " }</label>
                        <input id="latency" type="number" min="0" max="2000" step="10" value={reading.as_ref().map(|reading| reading.latency_ms.to_string()).unwrap_or_else(|| "0".into())} onchange={on_latency} />
                    </span>
                    <span>
                        <label for="network-latency">{ "Network: a delay each way for every request (ms) " }</label>
                        <input id="network-latency" type="number" min="0" max="5000" step="10" value={reading.as_ref().map(|reading| reading.network_latency_ms.to_string()).unwrap_or_else(|| "0".into())} onchange={on_network} />
                    </span>
                </div>
                <p class="note">{ "Both delays pass on the app's clock, not yours: nothing really waits, and the trace shows where the time went." }</p>
            </section>
        </div>
    }
}

/// The program's servers side by side: what each has answered in this inspector, and what
/// happened on it during the selected request (from the trace's `server` keys).
fn view_servers(ctx: &Ctx, servers: &[String]) -> Html {
    let selected = ctx.state.exchange();
    html! {
        <section aria-labelledby="lab-servers">
            <h3 id="lab-servers">{ format!("Servers ({}), one database", servers.len()) }</h3>
            <p class="note">{ "Each server has its own settings, caches, signal receivers and database connection; the database is shared." }</p>
            <div class="servers">
                { for servers.iter().map(|name| {
                    let answered: Vec<&Exchange> = ctx.state.exchanges.iter()
                        .map(|exchange| exchange.as_ref())
                        .filter(|exchange| exchange.server.as_deref() == Some(name.as_str()))
                        .collect();
                    let last = answered.last();
                    let here = selected.as_ref().map(|exchange| on_server(exchange, name));
                    let send_here = {
                        let (ctx, name) = (ctx.clone(), name.clone());
                        Callback::from(move |_: MouseEvent| {
                            let mut draft = ctx.state.draft.clone();
                            draft.server = Some(name.clone());
                            ctx.dispatch(Action::Draft(draft));
                            ctx.dispatch(Action::Tab(Tab::Request));
                        })
                    };
                    let chosen = ctx.state.draft.server.as_deref() == Some(name.as_str());
                    html! {
                        <article class={classes!("server-card", chosen.then_some("chosen"))} data-server={name.clone()} aria-label={format!("Server {name}")}>
                            <h4>{ name }</h4>
                            <p class="answered">{ match last {
                                Some(exchange) => format!("{} answered · last: {} {} → {} {}", answered.len(), exchange.request.method, exchange.request.target, exchange.status, exchange.reason),
                                None => "No request sent to it yet.".to_owned(),
                            } }</p>
                            if let Some(here) = here { <p class="during">{ here }</p> }
                            <button class="small send-here" onclick={send_here}>{ if chosen { "Requests go here" } else { "Send requests here" } }</button>
                        </article>
                    }
                }) }
            </div>
        </section>
    }
}

/// What the selected request's trace says happened on the server `name`, counted by kind.
fn on_server(exchange: &Exchange, name: &str) -> String {
    let mine: Vec<&serde_json::Value> = exchange
        .trace
        .iter()
        .filter(|event| event["server"] == name)
        .collect();
    let count = |kind: &str, op: Option<&str>| {
        mine.iter()
            .filter(|event| event["type"] == kind && op.is_none_or(|op| event["op"] == op))
            .count()
    };
    let facts = [
        (count("signal", None), "signal sent", "signals sent"),
        (
            count("notify", Some("notify")),
            "NOTIFY sent",
            "NOTIFYs sent",
        ),
        (
            count("notify", Some("receive")),
            "notification received",
            "notifications received",
        ),
        (
            count("on_commit", None),
            "on_commit event",
            "on_commit events",
        ),
        (count("task", None), "task event", "task events"),
        (count("stream", None), "stream event", "stream events"),
    ];
    let said: Vec<String> = facts
        .iter()
        .filter(|(count, _, _)| *count > 0)
        .map(|(count, one, many)| format!("{count} {}", if *count == 1 { one } else { many }))
        .collect();
    let answered = exchange.server.as_deref() == Some(name);
    match (answered, said.is_empty()) {
        (true, true) => "Answered the selected request.".to_owned(),
        (true, false) => format!("Answered the selected request: {}.", said.join(", ")),
        (false, true) => "Nothing in the selected request's trace.".to_owned(),
        (false, false) => format!("In the selected request's trace: {}.", said.join(", ")),
    }
}
