//! Lab controls: move the app's virtual clock, clear its caches, slow its database down, or
//! start its data afresh, so a lesson can show expiry, eviction and a slow database.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::actions;
use crate::state::Ctx;

#[function_component(LabPanel)]
pub fn lab_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lab = |action: &'static str, amount: f64| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| actions::lab(&ctx, action, amount))
    };
    let on_latency = {
        let ctx = ctx.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value_as_number();
            if value.is_finite() {
                actions::lab(&ctx, "latency", value.max(0.0));
            }
        })
    };
    let restart = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| actions::run_project(&ctx))
    };
    let ready = ctx.state.ready();
    let reading = ctx.state.lab.clone();
    html! {
        <div class="lab">
            <section aria-labelledby="lab-clock">
                <h3 id="lab-clock">{ "The app's clock" }</h3>
                <p id="clock-reading" aria-live="polite">
                    { match &reading {
                        Some(reading) if reading.frozen => format!("{} (frozen)", reading.clock_iso),
                        Some(reading) if reading.offset_seconds != 0.0 => format!("{} ({} ahead of real time)", reading.clock_iso, super::trace_panels::human_seconds(reading.offset_seconds)),
                        Some(reading) => format!("{} (real time)", reading.clock_iso),
                        None => "Real time. Expiry of cache entries, sessions and tokens follows this clock.".to_owned(),
                    } }
                </p>
                <div class="button-row">
                    <button id="advance-1m" onclick={lab("advance", 60.0)} disabled={!ready}>{ "+1 minute" }</button>
                    <button id="advance-5m" onclick={lab("advance", 300.0)} disabled={!ready}>{ "+5 minutes" }</button>
                    <button id="advance-1h" onclick={lab("advance", 3600.0)} disabled={!ready}>{ "+1 hour" }</button>
                    <button id="advance-1d" onclick={lab("advance", 86400.0)} disabled={!ready}>{ "+1 day" }</button>
                    <button onclick={lab("freeze", 0.0)} disabled={!ready}>{ "Freeze" }</button>
                    <button onclick={lab("real_time", 0.0)} disabled={!ready}>{ "Back to real time" }</button>
                </div>
            </section>
            <section aria-labelledby="lab-data">
                <h3 id="lab-data">{ "Data" }</h3>
                <div class="button-row">
                    <button id="clear-cache" onclick={lab("clear_cache", 0.0)} disabled={!ready}>{ "Clear the cache" }</button>
                    <button id="reset-database" onclick={restart} disabled={!ready}
                        title="Runs your app again in a fresh interpreter: its in-memory database starts empty">{ "Reset the database" }</button>
                </div>
                <label for="latency">{ "Add a delay to every SQL query (ms): " }</label>
                <input id="latency" type="number" min="0" max="2000" step="10" value={reading.as_ref().map(|reading| reading.latency_ms.to_string()).unwrap_or_else(|| "0".into())} onchange={on_latency} />
            </section>
        </div>
    }
}
