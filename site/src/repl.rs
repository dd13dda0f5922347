//! The line under the console: Python typed there runs in the program's live interpreter, as
//! at Python's own `>>>` prompt, so a learner can look at what a Run left behind
//! (`Question.objects.all()`) without running again. Up and Down walk through earlier lines.

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::context::Ctx;

#[function_component(Repl)]
pub fn repl() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let input = use_node_ref();
    // The lines entered, oldest first, and where Up/Down is in them (`None`: a new line).
    let history = use_mut_ref(Vec::<String>::new);
    let position = use_mut_ref(|| None::<usize>);
    let on_submit = {
        let (ctx, input, history, position) = (
            ctx.clone(),
            input.clone(),
            history.clone(),
            position.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let line = field.value();
            if line.trim().is_empty() || !ctx.state.ready() {
                return;
            }
            if history.borrow().last() != Some(&line) {
                history.borrow_mut().push(line.clone());
            }
            *position.borrow_mut() = None;
            field.set_value("");
            crate::actions::console_line(&ctx, line);
        })
    };
    let on_key = {
        let (history, position) = (history.clone(), position.clone());
        Callback::from(move |event: KeyboardEvent| {
            let history = history.borrow();
            let mut position = position.borrow_mut();
            let next = match (event.key().as_str(), *position) {
                ("ArrowUp", None) if !history.is_empty() => Some(history.len() - 1),
                ("ArrowUp", Some(at)) => Some(at.saturating_sub(1)),
                ("ArrowDown", Some(at)) if at + 1 < history.len() => Some(at + 1),
                ("ArrowDown", Some(_)) => None,
                _ => return,
            };
            event.prevent_default();
            *position = next;
            let field: HtmlInputElement = event.target_unchecked_into();
            field.set_value(next.map_or("", |at| history[at].as_str()));
        })
    };
    html! {
        <form class="repl" onsubmit={on_submit}>
            <label for="repl-input" class="repl-prompt" title="Python, in your program's interpreter">{ ">>>" }</label>
            <input id="repl-input" ref={input} type="text" spellcheck="false" autocomplete="off"
                aria-describedby="repl-note" placeholder="Python here runs in your program, after Run" onkeydown={on_key} />
            <span id="repl-note" class="visually-hidden">{ "Runs in the interpreter your last Run left, with its names. Up and Down recall earlier lines." }</span>
        </form>
    }
}
