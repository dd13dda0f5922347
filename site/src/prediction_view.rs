//! A `predict` block: the learner chooses (or types a number), commits, runs the example below,
//! and sees whether they were right. The answer was proven by `glassbox check` against the
//! same run; the page shows what this run printed.

use glassbox_content::checking::last_line;
use glassbox_content::model::Prediction;
use glassbox_site::state::{Action, PredictionStage};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::context::Ctx;

#[derive(Properties, PartialEq)]
pub struct PredictionProps {
    /// The block's index in the lesson, which keys the committed answer.
    pub index: usize,
    pub prediction: Prediction,
}

#[function_component(PredictionBlock)]
pub fn prediction_block(props: &PredictionProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let draft = use_state(String::new);
    let prediction = &props.prediction;
    let stage = ctx.state.prediction(props.index, prediction.example);
    let committed = match &stage {
        PredictionStage::Open => None,
        PredictionStage::Committed(answer) | PredictionStage::Revealed { answer, .. } => {
            Some(answer.clone())
        }
    };
    let shown = committed.clone().unwrap_or_else(|| (*draft).clone());
    let commit = {
        let (ctx, draft, index, example) =
            (ctx.clone(), draft.clone(), props.index, prediction.example);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let answer = draft.trim().to_owned();
            if !answer.is_empty() {
                ctx.dispatch(Action::Predict {
                    index,
                    example,
                    answer,
                });
            }
        })
    };
    let name = format!("predict-{}", props.index);
    let inputs = if prediction.choices.is_empty() {
        let on_input = {
            let draft = draft.clone();
            Callback::from(move |event: InputEvent| {
                draft.set(event.target_unchecked_into::<HtmlInputElement>().value())
            })
        };
        html! {
            <input class="prediction-number" type="number" step="any" aria-label="Your prediction"
                value={shown.clone()} oninput={on_input} disabled={committed.is_some()} />
        }
    } else {
        html! {
            <div class="prediction-choices" role="radiogroup" aria-label="Your prediction">
                { for prediction.choices.iter().map(|choice| {
                    let choose = {
                        let (draft, choice) = (draft.clone(), choice.clone());
                        Callback::from(move |_: Event| draft.set(choice.clone()))
                    };
                    html! {
                        <label class="prediction-choice">
                            <input type="radio" name={name.clone()} checked={shown == *choice}
                                onchange={choose} disabled={committed.is_some()} />
                            { choice }
                        </label>
                    }
                }) }
            </div>
        }
    };
    let verdict = match &stage {
        PredictionStage::Open => {
            html! { <p class="prediction-note">{ "Make your prediction and commit to it, then run the example below." }</p> }
        }
        PredictionStage::Committed(answer) => html! {
            <p class="prediction-note" role="status">{ format!("You predicted {answer}. Now run the example below to find out.") }</p>
        },
        PredictionStage::Revealed { answer, printed } => {
            let right = prediction.is_right(answer);
            let seen = match last_line(printed) {
                "" => "nothing".to_owned(),
                line => line.to_owned(),
            };
            html! {
                <p class={classes!("prediction-verdict", if right { "right" } else { "wrong" })} role="status">
                    <strong>{ if right { "✓ You were right. " } else { "✗ Not this time. " } }</strong>
                    { format!("You predicted {answer}; the example printed {seen}.") }
                </p>
            }
        }
    };
    html! {
        <section class="prediction" aria-label="Predict before you run">
            <strong class="prediction-label">{ "Predict" }</strong>
            { Html::from_html_unchecked(AttrValue::from(prediction.question.clone())) }
            <form class="prediction-form" onsubmit={commit}>
                { inputs }
                <button type="submit" class="small" disabled={committed.is_some() || draft.trim().is_empty()}>
                    { "Commit my prediction" }
                </button>
            </form>
            { verdict }
        </section>
    }
}
