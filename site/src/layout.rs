//! A draggable, keyboard-operable divider between two panes (the ARIA "separator" pattern).
//! It reports a position as a percentage of its parent; the parent turns that into CSS sizes.

use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq)]
pub enum SplitterAxis {
    /// Divides side-by-side panes; drags left and right.
    Columns,
    /// Divides stacked panes; drags up and down.
    Rows,
}

#[derive(Properties, PartialEq)]
pub struct SplitterProps {
    pub axis: SplitterAxis,
    /// Where it is, in percent of the parent (from the left or the top).
    pub value: f64,
    pub label: AttrValue,
    pub on_change: Callback<f64>,
}

#[function_component(Splitter)]
pub fn splitter(props: &SplitterProps) -> Html {
    let axis = props.axis;
    let position = move |event: &PointerEvent| -> Option<f64> {
        let target: Element = event.target()?.dyn_into().ok()?;
        let rect = target.parent_element()?.get_bounding_client_rect();
        Some(match axis {
            SplitterAxis::Columns => {
                100.0 * (f64::from(event.client_x()) - rect.left()) / rect.width().max(1.0)
            }
            SplitterAxis::Rows => {
                100.0 * (f64::from(event.client_y()) - rect.top()) / rect.height().max(1.0)
            }
        })
    };
    let on_pointer_down = Callback::from(|event: PointerEvent| {
        if let Some(target) = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
        {
            let _ = target.set_pointer_capture(event.pointer_id());
        }
    });
    let on_pointer_move = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: PointerEvent| {
            if event.buttons() == 1
                && let Some(value) = position(&event)
            {
                on_change.emit(value);
            }
        })
    };
    let on_key = {
        let (on_change, value) = (props.on_change.clone(), props.value);
        Callback::from(move |event: KeyboardEvent| {
            let step = match (axis, event.key().as_str()) {
                (SplitterAxis::Columns, "ArrowLeft") | (SplitterAxis::Rows, "ArrowUp") => -2.0,
                (SplitterAxis::Columns, "ArrowRight") | (SplitterAxis::Rows, "ArrowDown") => 2.0,
                _ => return,
            };
            event.prevent_default();
            on_change.emit(value + step);
        })
    };
    let (class, orientation) = match axis {
        SplitterAxis::Columns => ("splitter columns", "vertical"),
        SplitterAxis::Rows => ("splitter rows", "horizontal"),
    };
    html! {
        <div class={class} role="separator" tabindex="0" aria-label={props.label.clone()} aria-orientation={orientation}
            aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{:.0}", props.value)}
            onpointerdown={on_pointer_down} onpointermove={on_pointer_move} onkeydown={on_key}></div>
    }
}
