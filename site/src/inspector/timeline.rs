//! The timeline tab: what happened around the SQL of one request, in order: signals sent,
//! `on_commit` callbacks registered, run or discarded, notifications queued and delivered,
//! tasks enqueued and run, the network's delay, and a stream's pieces with what came before
//! each. The words come from `glassbox_site::timeline`.

use glassbox_site::exchange::Exchange;
use glassbox_site::timeline::{self, Cause};
use yew::prelude::*;

use super::no_request;
use crate::actions;
use crate::context::Ctx;

/// For a streaming response: how far it has been read, and buttons to read on or hang up, as a
/// browser reading it would. Shown in the timeline and with the response.
pub fn stream_controls(ctx: &Ctx, exchange: &Exchange) -> Html {
    let Some(stream) = &exchange.stream else {
        return html! {};
    };
    let read = |pieces: Option<u32>, close: bool| {
        let (ctx, id) = (ctx.clone(), stream.id);
        Callback::from(move |_: MouseEvent| actions::read_stream(&ctx, id, pieces, close))
    };
    let ready = ctx.state.ready();
    html! {
        <div class="stream-controls" role="group" aria-label="The stream">
            <p id="stream-state" aria-live="polite">{ match (stream.open, stream.pieces) {
                (true, 0) => "A stream, open: nothing read yet. Its pieces are made as the client reads them.".to_owned(),
                (true, pieces) => format!("A stream, open: {pieces} piece(s) read so far."),
                (false, pieces) => format!("The stream is over: {pieces} piece(s) in all."),
            } }</p>
            if stream.open {
                <div class="button-row">
                    <button id="read-piece" onclick={read(Some(1), false)} disabled={!ready}>{ "Read the next piece" }</button>
                    <button id="read-all" onclick={read(None, false)} disabled={!ready}>{ "Read what is there" }</button>
                    <button id="close-stream" onclick={read(None, true)} disabled={!ready}>{ "Hang up" }</button>
                </div>
                <p class="note">{ "A stream of notifications hands out what has arrived and then ends (one thread cannot wait for another process): send the request that changes something first, then read." }</p>
            }
        </div>
    }
}

fn label(kind: &str) -> &str {
    match kind {
        "sql" => "SQL",
        "notify" => "notify",
        other => other,
    }
}

#[function_component(TimelinePanel)]
pub fn timeline_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let Some(exchange) = ctx.state.exchange() else {
        return no_request();
    };
    let moments = timeline::timeline(&exchange.trace);
    let others = timeline::count(&exchange.trace);
    let streamed = moments.iter().any(|moment| moment.kind == "stream");
    html! {
        <div class="timeline">
            <p class="panel-intro">
                { "The SQL and what happened around it, in order: signals, on_commit callbacks, notifications, tasks, the network, and a stream's pieces as the client read them." }
                if let Some(server) = &exchange.server { { " Answered by " }<strong class="server-name">{ server }</strong>{ "." } }
            </p>
            { stream_controls(&ctx, &exchange) }
            if others == 0 { <p class="placeholder">{ "No signal, callback, notification, task or stream in this request: only what is listed below." }</p> }
            <ol class="timeline-events">
                { for moments.iter().map(|moment| html! {
                    <li class={classes!("moment", moment.kind.replace('_', "-"), moment.warning.then_some("warning"))}>
                        <span class="elapsed">{ format!("{:.2} ms", moment.at_ms) }</span>
                        <span class="kind">{ label(&moment.kind) }</span>
                        if let Some(server) = &moment.server { <span class="server-name">{ server }</span> }
                        <div class="moment-body">
                            if moment.kind == "sql" { <code class="moment-title">{ &moment.title }</code> } else { <span class="moment-title">{ &moment.title }</span> }
                            { for moment.details.iter().map(|detail| html! { <div class="moment-detail">{ detail }</div> }) }
                            { match &moment.cause {
                                Some(Cause::Stated(cause)) => html! { <div class="cause">{ "produced by: " }{ cause }</div> },
                                Some(Cause::After(news)) => html! { <div class="cause">{ "came right after: " }{ news }</div> },
                                None => html! {},
                            } }
                            if moment.kind == "response" && streamed { <div class="moment-detail">{ "Anything below happened after the response left: a stream's pieces, sent as the client read them." }</div> }
                        </div>
                    </li>
                }) }
            </ol>
        </div>
    }
}
