//! The code editor: CodeMirror 6 from `editor.js` (built from `site/js/editor/` by the Makefile),
//! loaded after the page so the lesson shows first. Until it loads, and for good if it cannot
//! (an old browser, a blocked file), a plain textarea does the job, so code can always be
//! edited and run.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

#[wasm_bindgen(inline_js = r#"
let loading = null;
let module = null;
export function loadEditorModule() {
  if (!loading) {
    loading = import(new URL("editor.js", document.baseURI).href).then((m) => { module = m; return true; });
  }
  return loading;
}
export function makeEditor(parent, doc, label, onChange, onRun, onCheck) {
  return module.createEditor(parent, { doc, ariaLabel: label, describedBy: "editor-keys", onChange, onRun, onCheck });
}
export function highlightHtml(code, language) {
  return module.highlight(code, language);
}
export function makeViewer(parent, doc, label, firstLine, highlight) {
  return module.createViewer(parent, { doc, ariaLabel: label, firstLineNumber: firstLine, highlightLine: highlight });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = loadEditorModule)]
    fn load_editor_module() -> js_sys::Promise;
    #[wasm_bindgen(js_name = makeEditor)]
    fn make_editor(
        parent: &web_sys::Element,
        doc: &str,
        label: &str,
        on_change: &JsValue,
        on_run: &JsValue,
        on_check: &JsValue,
    ) -> EditorHandle;
    #[wasm_bindgen(js_name = highlightHtml)]
    fn highlight_html(code: &str, language: &str) -> String;
    #[wasm_bindgen(js_name = makeViewer)]
    fn make_viewer(
        parent: &web_sys::Element,
        doc: &str,
        label: &str,
        first_line: u32,
        highlight: Option<u32>,
    ) -> ViewerHandle;

    pub type EditorHandle;
    #[wasm_bindgen(method, js_name = setDoc)]
    fn set_doc(this: &EditorHandle, text: &str);
    #[wasm_bindgen(method, js_name = setErrorLine)]
    fn set_error_line(this: &EditorHandle, line: Option<u32>, message: Option<String>);
    #[wasm_bindgen(method, js_name = revealLine)]
    fn reveal_line(this: &EditorHandle, line: u32);
    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);

    pub type ViewerHandle;
    #[wasm_bindgen(method, js_name = setDoc)]
    fn set_viewer_doc(this: &ViewerHandle, text: &str, first_line: u32, highlight: Option<u32>);
    #[wasm_bindgen(method, js_name = destroy)]
    fn destroy_viewer(this: &ViewerHandle);
}

/// Loads the editor module once; `then(true)` when it can be used, `then(false)` if not.
fn when_loaded(then: impl FnOnce(bool) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(load_editor_module()).await {
            Ok(_) => then(true),
            Err(error) => {
                web_sys::console::warn_2(
                    &"glassbox: the code editor could not load; using a plain text area".into(),
                    &error,
                );
                then(false);
            }
        }
    });
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Loading,
    Rich,
    Plain,
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The code. The editor owns the text while the learner types; it takes this value again
    /// only when `revision` changes (Reset, Show solution): one undoable replacement.
    pub doc: AttrValue,
    pub revision: u32,
    pub label: AttrValue,
    pub on_change: Callback<String>,
    pub on_run: Callback<()>,
    pub on_check: Callback<()>,
    /// The line of the last error (1-based) and its message.
    #[prop_or_default]
    pub error: Option<(u32, String)>,
    /// A line to select and scroll to (1-based), with a counter so the same line can be asked twice.
    #[prop_or_default]
    pub reveal: Option<(u32, u32)>,
}

/// The callbacks the JavaScript editor calls, refreshed on every render.
struct Handlers {
    on_change: Callback<String>,
    on_run: Callback<()>,
    on_check: Callback<()>,
}

#[function_component(CodeEditor)]
pub fn code_editor(props: &EditorProps) -> Html {
    let mode = use_state(|| Mode::Loading);
    let host = use_node_ref();
    let editor = use_mut_ref(|| None::<EditorHandle>);
    let latest_doc = use_mut_ref(String::new);
    *latest_doc.borrow_mut() = props.doc.to_string();
    let handlers = use_mut_ref(|| Handlers {
        on_change: props.on_change.clone(),
        on_run: props.on_run.clone(),
        on_check: props.on_check.clone(),
    });
    *handlers.borrow_mut() = Handlers {
        on_change: props.on_change.clone(),
        on_run: props.on_run.clone(),
        on_check: props.on_check.clone(),
    };

    {
        let (mode, host, editor, latest_doc, handlers) = (
            mode.clone(),
            host.clone(),
            editor.clone(),
            latest_doc.clone(),
            handlers.clone(),
        );
        let label = props.label.to_string();
        use_effect_with((), move |_| {
            let alive = Rc::new(RefCell::new(true));
            let still_alive = alive.clone();
            let created = editor.clone();
            when_loaded(move |loaded| {
                if !*still_alive.borrow() {
                    return;
                }
                let Some(parent) = host.cast::<web_sys::Element>().filter(|_| loaded) else {
                    mode.set(Mode::Plain);
                    return;
                };
                let change = handlers.clone();
                let on_change = Closure::<dyn Fn(String)>::new(move |text: String| {
                    change.borrow().on_change.emit(text)
                });
                let run = handlers.clone();
                let on_run = Closure::<dyn Fn()>::new(move || run.borrow().on_run.emit(()));
                let check = handlers.clone();
                let on_check = Closure::<dyn Fn()>::new(move || check.borrow().on_check.emit(()));
                let handle = make_editor(
                    &parent,
                    &latest_doc.borrow(),
                    &label,
                    on_change.as_ref(),
                    on_run.as_ref(),
                    on_check.as_ref(),
                );
                // The editor calls these for as long as it lives; it is destroyed with this component.
                on_change.forget();
                on_run.forget();
                on_check.forget();
                *created.borrow_mut() = Some(handle);
                mode.set(Mode::Rich);
            });
            move || {
                *alive.borrow_mut() = false;
                if let Some(handle) = editor.borrow_mut().take() {
                    handle.destroy();
                }
            }
        });
    }
    {
        let editor = editor.clone();
        let doc = props.doc.clone();
        use_effect_with(props.revision, move |_| {
            if let Some(handle) = editor.borrow().as_ref() {
                handle.set_doc(&doc);
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with((props.error.clone(), *mode), move |(error, _)| {
            if let Some(handle) = editor.borrow().as_ref() {
                match error {
                    Some((line, message)) => {
                        handle.set_error_line(Some(*line), Some(message.clone()))
                    }
                    None => handle.set_error_line(None, None),
                }
            }
        });
    }

    {
        let editor = editor.clone();
        use_effect_with((props.reveal, *mode), move |(reveal, _)| {
            if let (Some(handle), Some((line, _))) = (editor.borrow().as_ref(), reveal) {
                handle.reveal_line(*line);
            }
        });
    }

    let on_input = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    // As in CodeMirror: Tab indents, but Escape then Tab moves focus on (no keyboard trap).
    let escaped = use_mut_ref(|| false);
    let on_keydown = {
        let (on_run, on_check, on_change) = (
            props.on_run.clone(),
            props.on_check.clone(),
            props.on_change.clone(),
        );
        Callback::from(move |event: KeyboardEvent| {
            let after_escape =
                std::mem::replace(&mut *escaped.borrow_mut(), event.key() == "Escape");
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                if event.shift_key() {
                    on_check.emit(())
                } else {
                    on_run.emit(())
                }
            } else if event.key() == "Tab"
                && !after_escape
                && !event.shift_key()
                && !event.ctrl_key()
                && !event.alt_key()
            {
                event.prevent_default();
                let area: HtmlTextAreaElement = event.target_unchecked_into();
                let start = area.selection_start().ok().flatten().unwrap_or(0);
                let end = area.selection_end().ok().flatten().unwrap_or(start);
                let _ = area.set_range_text_with_start_and_end_and_mode("    ", start, end, "end");
                on_change.emit(area.value());
            }
        })
    };
    let rich = *mode == Mode::Rich;
    html! {
        <div class={classes!("editor", if rich { "rich" } else { "plain" })}>
            <div class="editor-host" ref={host} hidden={!rich}></div>
            // Said on focus (aria-describedby) and shown while the editor has it.
            <p id="editor-keys" class="editor-keys">{ "Tab indents once you type or click here. To leave the editor: Escape, then Tab." }</p>
            if !rich {
                <textarea class="code" spellcheck="false" aria-label={props.label.clone()} aria-describedby="editor-keys" data-editor="plain"
                    value={props.doc.clone()} oninput={on_input} onkeydown={on_keydown} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ViewerProps {
    pub doc: AttrValue,
    pub label: AttrValue,
    pub highlight: Option<u32>,
}

/// Read-only, highlighted code with line numbers: the framework's source.
#[function_component(SourceViewer)]
pub fn source_viewer(props: &ViewerProps) -> Html {
    let rich = use_state(|| false);
    let host = use_node_ref();
    let viewer = use_mut_ref(|| None::<ViewerHandle>);
    {
        let (rich, host, viewer) = (rich.clone(), host.clone(), viewer.clone());
        let (doc, label, highlight) = (
            props.doc.to_string(),
            props.label.to_string(),
            props.highlight,
        );
        use_effect_with((), move |_| {
            let created = viewer.clone();
            when_loaded(move |loaded| {
                if let Some(parent) = host.cast::<web_sys::Element>().filter(|_| loaded) {
                    *created.borrow_mut() = Some(make_viewer(&parent, &doc, &label, 1, highlight));
                    rich.set(true);
                }
            });
            move || {
                if let Some(handle) = viewer.borrow_mut().take() {
                    handle.destroy_viewer();
                }
            }
        });
    }
    {
        let viewer = viewer.clone();
        use_effect_with(
            (props.doc.clone(), props.highlight),
            move |(doc, highlight)| {
                if let Some(handle) = viewer.borrow().as_ref() {
                    handle.set_viewer_doc(doc, 1, *highlight);
                }
            },
        );
    }
    html! {
        <div class="viewer">
            <div class="editor-host" ref={host} hidden={!*rich}></div>
            if !*rich {
                <pre class="plain-source" aria-label={props.label.clone()} tabindex="0">
                    { for props.doc.lines().enumerate().map(|(index, line)| {
                        let marked = props.highlight == Some(index as u32 + 1);
                        html! { <span class={classes!("source-line", marked.then_some("marked"))}>{ format!("{:>4}  {line}\n", index + 1) }</span> }
                    }) }
                </pre>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CodeBlockProps {
    pub code: AttrValue,
    pub language: AttrValue,
}

/// A code block of a lesson: plain text at once, highlighted like the editor once the editor
/// module has loaded (it escapes the text; the spans only carry its highlighting classes).
#[function_component(CodeBlock)]
pub fn code_block(props: &CodeBlockProps) -> Html {
    let target = use_node_ref();
    {
        let target = target.clone();
        use_effect_with(
            (props.code.clone(), props.language.clone()),
            move |(code, language)| {
                let (code, language) = (code.to_string(), language.to_string());
                // The highlighted HTML replaces the text Yew rendered, so this block always writes
                // its own content (Yew may reuse the element for another block).
                if let Some(element) = target.cast::<web_sys::Element>() {
                    element.set_text_content(Some(&code));
                }
                if language == "python" {
                    when_loaded(move |loaded| {
                        if let Some(element) = target.cast::<web_sys::Element>().filter(|_| loaded)
                        {
                            element.set_inner_html(&highlight_html(&code, &language));
                        }
                    });
                }
            },
        );
    }
    html! {
        <pre class={classes!("code-block", format!("language-{}", props.language))}><code ref={target}>{ props.code.clone() }</code></pre>
    }
}
