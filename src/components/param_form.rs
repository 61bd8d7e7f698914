//! The example's parameters as typed inputs, with the lecture's defaults and
//! bounds from the registry; a value that does not parse shows the
//! registry's message next to its field.

use playground::examples::{self, ParamKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Field;

#[derive(Properties, PartialEq)]
pub struct ParamFormProps {
    pub example: &'static str,
    pub fields: Vec<Field>,
    /// `(field index, text)` on every keystroke.
    pub onedit: Callback<(usize, String)>,
    /// Enter in a field runs the example.
    pub onsubmit: Callback<()>,
    /// The program is edited: the form applies to the lecture's program only.
    pub edited: bool,
}

#[function_component(ParamForm)]
pub fn param_form(props: &ParamFormProps) -> Html {
    let Some(example) = examples::find(props.example) else {
        return html! {};
    };
    let onsubmit = {
        let onsubmit = props.onsubmit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            onsubmit.emit(());
        })
    };
    if example.params.is_empty() {
        return html! { <p class="form-empty">{ "This example has no parameters." }</p> };
    }
    if props.edited {
        // A server's clients still run with the values the form had.
        let text = if example.second.is_some() {
            "The server's parameters now live in its code: change them there. The clients below keep their values. \
             Reset brings back the lecture's program and this form."
        } else {
            "The parameters now live in the code: change them there. This form is for the lecture's program: Reset \
             brings it back."
        };
        return html! { <p class="form-empty" id="params-in-code">{ text }</p> };
    }
    html! {
        <form class="params" {onsubmit} novalidate=true>
            { for example.params.iter().zip(&props.fields).enumerate().map(|(index, (spec, field))| {
                let id = format!("param-{}", spec.name);
                let error_id = format!("param-{}-error", spec.name);
                let oninput = {
                    let onedit = props.onedit.clone();
                    Callback::from(move |e: InputEvent| {
                        onedit.emit((index, e.target_unchecked_into::<HtmlInputElement>().value()));
                    })
                };
                // Text inputs, not type=number: the registry's parser sees exactly
                // what was typed, and its message says what is wrong with it.
                let mode = match spec.kind {
                    ParamKind::Int { .. } => "numeric",
                    ParamKind::Seconds { .. } => "decimal",
                    ParamKind::IntList { .. } => "text",
                };
                let invalid = field.error.is_some();
                html! {
                    <div class={classes!("field", invalid.then_some("invalid"))}>
                        <label for={id.clone()}>{ spec.label }</label>
                        <input id={id} name={spec.name} type="text" inputmode={mode}
                            value={field.text.clone()} {oninput} spellcheck="false" autocomplete="off"
                            aria-invalid={invalid.to_string()}
                            aria-describedby={error_id.clone()} />
                        if let Some(error) = &field.error {
                            <p class="field-error" id={error_id} role="alert">{ error }</p>
                        } else {
                            <p class="field-help" id={error_id}>{ spec.help }<span class="bounds">{ format!(" ({})", spec.kind.describe()) }</span></p>
                        }
                    </div>
                }
            }) }
            <button type="submit" hidden=true tabindex="-1">{ "Run" }</button>
        </form>
    }
}
