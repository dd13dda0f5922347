//! Above every inspector tab: the traps the selected request fell into (see
//! `glassbox_site::warnings`), each with a link to the lesson that explains it.

use glassbox_site::route::Route;
use glassbox_site::warnings::warnings;
use yew::prelude::*;

use crate::context::Ctx;

#[function_component(Warnings)]
pub fn warnings_view() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let Some(index) = ctx.state.selected else {
        return html! {};
    };
    let exchanges: Vec<&glassbox_site::exchange::Exchange> = ctx
        .state
        .exchanges
        .iter()
        .map(|exchange| exchange.as_ref())
        .collect();
    let found = warnings(&exchanges, index, &ctx.state.plans);
    if found.is_empty() {
        return html! {};
    }
    html! {
        <div id="warnings" class="warnings" role="note" aria-label="Warnings about this request">
            { for found.iter().map(|warning| html! {
                <p class={classes!("warning", format!("warning-{}", warning.kind))}>
                    <span aria-hidden="true">{ "⚠ " }</span>
                    { &warning.text }{ " " }
                    <a class="warning-lesson" href={Route::Lesson(warning.lesson.0.to_owned()).to_hash()}>{ format!("Read: {} →", warning.lesson.1) }</a>
                </p>
            }) }
        </div>
    }
}
