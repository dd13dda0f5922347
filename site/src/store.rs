//! What survives a reload, a crashed worker and a closed tab: the learner's code for every
//! exercise and their progress, in `localStorage` under `glassbox.v1.*`. Code is saved a moment
//! after typing stops (and at once when the page is hidden), exported and imported as one JSON
//! file, and erased only by "Reset everything", after a confirmation.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use glassbox_content::model::SourceFile;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

const PREFIX: &str = "glassbox.v1.";
const PROGRESS: &str = "glassbox.v1.progress";
const SAVE_DELAY_MS: i32 = 400;

thread_local! {
    /// Saves waiting for the debounce timer: key -> JSON.
    static PENDING: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
    static TIMER: RefCell<Option<i32>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The storage key of an exercise's code: `lesson_id#exercise_id`, or `playground`.
pub fn code_key(workspace: &str) -> String {
    format!("{PREFIX}code.{workspace}")
}

pub fn load_files(workspace: &str) -> Option<Vec<SourceFile>> {
    let key = code_key(workspace);
    if let Some(pending) = PENDING.with(|pending| pending.borrow().get(&key).cloned()) {
        return serde_json::from_str(&pending).ok();
    }
    serde_json::from_str(&storage()?.get_item(&key).ok()??).ok()
}

/// Saves soon: typing resets the timer, so a burst of keys is one write.
pub fn save_files(workspace: &str, files: &[SourceFile]) {
    let json = serde_json::to_string(files).expect("files serialise");
    PENDING.with(|pending| pending.borrow_mut().insert(code_key(workspace), json));
    let window = web_sys::window().expect("window");
    TIMER.with(|timer| {
        if let Some(handle) = timer.borrow_mut().take() {
            window.clear_timeout_with_handle(handle);
        }
        let flush_later = Closure::once_into_js(flush);
        *timer.borrow_mut() = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                flush_later.unchecked_ref(),
                SAVE_DELAY_MS,
            )
            .ok();
    });
}

/// Writes every pending save now (the timer fired, or the page is being hidden).
pub fn flush() {
    TIMER.with(|timer| timer.borrow_mut().take());
    let pending = PENDING.with(|pending| std::mem::take(&mut *pending.borrow_mut()));
    if let Some(storage) = storage() {
        for (key, json) in pending {
            if let Err(error) = storage.set_item(&key, &json) {
                web_sys::console::error_2(
                    &format!("glassbox: could not save {key}").into(),
                    &error,
                );
            }
        }
    }
}

/// Flushes pending saves whenever the page is hidden or closed.
pub fn flush_on_hide() {
    let window = web_sys::window().expect("window");
    let on_hide = Closure::<dyn Fn()>::new(flush);
    let _ = window.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    if let Some(document) = window.document() {
        let _ = document
            .add_event_listener_with_callback("visibilitychange", on_hide.as_ref().unchecked_ref());
    }
    on_hide.forget();
}

/// Exercises completed, as `lesson_id#exercise_id`.
pub fn completed() -> BTreeSet<String> {
    storage()
        .and_then(|storage| storage.get_item(PROGRESS).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

pub fn mark_completed(workspace: &str) -> BTreeSet<String> {
    let mut done = completed();
    done.insert(workspace.to_owned());
    if let Some(storage) = storage() {
        let _ = storage.set_item(
            PROGRESS,
            &serde_json::to_string(&done).expect("a set of strings serialises"),
        );
    }
    done
}

/// Code and progress saved under a part's former folder name (see `Part::formerly`) are copied
/// to the lesson's current id, once: nothing saved before a renumbering is lost. Items already
/// saved under the new id win.
pub fn adopt_renamed_lessons(course: &glassbox_content::model::Course) {
    let Some(storage) = storage() else { return };
    let code_prefix = code_key("");
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(&code_prefix))
        .collect();
    for key in keys {
        let workspace = &key[code_prefix.len()..];
        let (lesson, exercise) = workspace.split_once('#').unwrap_or((workspace, ""));
        let Some(current) = course.renamed(lesson) else {
            continue;
        };
        let new_key = code_key(&format!("{current}#{exercise}"));
        if storage.get_item(&new_key).ok().flatten().is_none()
            && let Some(value) = storage.get_item(&key).ok().flatten()
        {
            let _ = storage.set_item(&new_key, &value);
        }
    }
    let done = completed();
    let renamed: BTreeSet<String> = done
        .iter()
        .map(|workspace| {
            let (lesson, exercise) = workspace.split_once('#').unwrap_or((workspace, ""));
            course.renamed(lesson).map_or_else(
                || workspace.clone(),
                |current| format!("{current}#{exercise}"),
            )
        })
        .collect();
    if renamed != done {
        let all: BTreeSet<String> = done.union(&renamed).cloned().collect();
        let _ = storage.set_item(
            PROGRESS,
            &serde_json::to_string(&all).expect("a set of strings serialises"),
        );
    }
}

/// Every saved item, as one JSON object (the export file).
pub fn export() -> String {
    flush();
    let mut items = BTreeMap::new();
    if let Some(storage) = storage() {
        for index in 0..storage.length().unwrap_or(0) {
            if let Some(key) = storage
                .key(index)
                .ok()
                .flatten()
                .filter(|key| key.starts_with(PREFIX))
                && let Some(value) = storage.get_item(&key).ok().flatten()
            {
                items.insert(key, value);
            }
        }
    }
    serde_json::to_string_pretty(&serde_json::json!({ "glassbox_progress": 1, "items": items }))
        .expect("serialise")
}

/// Restores an export file. Checks it all before writing anything.
pub fn import(text: &str) -> Result<usize, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        format!("This is not a Glassbox progress file (it is not JSON: {error}).")
    })?;
    if value["glassbox_progress"] != 1 {
        return Err(
            "This is not a Glassbox progress file (it has no \"glassbox_progress\": 1).".into(),
        );
    }
    let items = value["items"]
        .as_object()
        .ok_or("The progress file has no \"items\" object.")?;
    let mut checked = Vec::new();
    for (key, item) in items {
        let text = item
            .as_str()
            .ok_or_else(|| format!("The item {key:?} is not a string."))?;
        if !key.starts_with(PREFIX) {
            return Err(format!("The item {key:?} is not a Glassbox item."));
        }
        checked.push((key.clone(), text.to_owned()));
    }
    let storage = storage().ok_or("This browser does not allow saving (localStorage is off).")?;
    for (key, text) in &checked {
        storage
            .set_item(key, text)
            .map_err(|_| "The browser refused to save (storage full?).".to_owned())?;
    }
    Ok(checked.len())
}

/// Erases every saved item (after the caller has asked the learner).
pub fn reset_everything() {
    PENDING.with(|pending| pending.borrow_mut().clear());
    if let Some(storage) = storage() {
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|index| storage.key(index).ok().flatten())
            .filter(|key| key.starts_with(PREFIX) || key == "glassbox.playground.code")
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}
