//! Lab controls: move the app's virtual clock, clear its caches, slow its database down, or
//! start its data afresh, so a lesson can show expiry, eviction and a slow database.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use glassbox_site::protocol::LabControl;

use crate::actions;
use crate::context::Ctx;

#[function_component(LabPanel)]
pub fn lab_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lab = |control: LabControl| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| actions::lab(&ctx, control))
    };
    let on_latency = {
        let ctx = ctx.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_unchecked_into::<HtmlInputElement>()
                .value_as_number();
            if value.is_finite() {
                actions::lab(
                    &ctx,
                    LabControl::Latency {
                        milliseconds: value.max(0.0),
                    },
                );
            }
        })
    };
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
    let refresh = lab(LabControl::Read);
    let entries = reading
        .as_ref()
        .map(|reading| reading.cache_entries.clone())
        .unwrap_or_default();
    html! {
        <div class="lab">
            <section aria-labelledby="lab-clock">
                <h3 id="lab-clock">{ "The app's clock" }</h3>
                <p id="clock-reading" aria-live="polite">
                    { match &reading {
                        Some(reading) if reading.clock.frozen => format!("{} (frozen)", reading.clock.iso),
                        Some(reading) if reading.clock.offset_seconds != 0.0 => format!("{} ({} ahead of real time)", reading.clock.iso, super::trace_panels::human_seconds(reading.clock.offset_seconds)),
                        Some(reading) => format!("{} (real time)", reading.clock.iso),
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
                        <thead><tr><th>{ "Cache" }</th><th>{ "Key" }</th><th>{ "Time left" }</th></tr></thead>
                        <tbody>{ for entries.iter().map(|entry| html! {
                            <tr class={classes!(entry.time_left.is_some_and(|left| left <= 0.0).then_some("expired"))}>
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
                <label for="latency">{ "Add a delay to every SQL query (ms): " }</label>
                <input id="latency" type="number" min="0" max="2000" step="10" value={reading.as_ref().map(|reading| reading.latency_ms.to_string()).unwrap_or_else(|| "0".into())} onchange={on_latency} />
            </section>
        </div>
    }
}
