//! The framework's own source, browsable and highlighted: the files come from the interpreter
//! (the same frozen code that runs), opened from the inspector at a middleware, a query's line,
//! or a lesson's quote.

use std::collections::BTreeMap;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::actions;
use crate::editor::SourceViewer;
use glassbox_site::state::{Action, SourceLocation};

use crate::context::Ctx;

const FIND: &str = "find:";

/// Opens the source of a class or function named `name` (found once the source has loaded).
pub fn open_definition(ctx: &Ctx, name: &str) {
    actions::load_sources(ctx);
    ctx.dispatch(Action::OpenSource(SourceLocation {
        file: format!("{FIND}{name}"),
        line: None,
    }));
}

/// Where `class name` or `def name` is defined, as (file, line).
fn find_definition(sources: &BTreeMap<String, String>, name: &str) -> Option<(String, u32)> {
    let short = name.rsplit('.').next().unwrap_or(name);
    let wanted = [
        format!("class {short}("),
        format!("class {short}:"),
        format!("def {short}("),
    ];
    sources.iter().find_map(|(file, code)| {
        code.lines()
            .position(|line| {
                wanted
                    .iter()
                    .any(|pattern| line.trim_start().starts_with(pattern.as_str()))
            })
            .map(|index| (file.clone(), index as u32 + 1))
    })
}

#[function_component(SourcePanel)]
pub fn source_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    {
        let ctx = ctx.clone();
        use_effect_with((), move |_| actions::load_sources(&ctx));
    }
    let Some(sources) = ctx.state.sources.clone() else {
        return html! { <p class="placeholder">{ if ctx.state.ready() { "Reading the framework's source…" } else { "The framework's source shows once Python has loaded." } }</p> };
    };
    let (file, line) = match ctx.state.source_at.clone() {
        Some(SourceLocation { file: target, .. }) if target.starts_with(FIND) => {
            match find_definition(&sources, &target[FIND.len()..]) {
                Some((file, line)) => (file, Some(line)),
                None => ("glassbox/__init__.py".to_owned(), None),
            }
        }
        Some(SourceLocation { file, line }) => (file, line),
        None => ("glassbox/__init__.py".to_owned(), None),
    };
    let on_pick = {
        let ctx = ctx.clone();
        Callback::from(move |event: Event| {
            let file = event.target_unchecked_into::<HtmlSelectElement>().value();
            ctx.dispatch(Action::OpenSource(SourceLocation { file, line: None }));
        })
    };
    let code = sources
        .get(&file)
        .cloned()
        .unwrap_or_else(|| format!("# {file} is not part of the framework's source."));
    html! {
        <div class="source-browser">
            <div class="panel-bar">
                <label for="source-file">{ "File " }</label>
                <select id="source-file" onchange={on_pick}>
                    { for sources.keys().filter(|name| !name.starts_with("_")).map(|name| html! { <option value={name.clone()} selected={*name == file}>{ name }</option> }) }
                </select>
                if let Some(line) = line { <span class="where">{ format!("line {line}") }</span> }
            </div>
            <SourceViewer key={file.clone()} doc={AttrValue::from(code)} label={format!("Source of {file}")} highlight={line} />
        </div>
    }
}
