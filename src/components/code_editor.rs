//! The source view in edit mode. The page renders only the editor's box,
//! with the program it starts from; `static/editor.js` (loaded on the first
//! Edit, see `crate::editor_script`) makes the textarea in it and the rest:
//! colours, line numbers, Tab and Enter indentation, Undo and Redo, and the
//! line an error points at. So the page's download does not grow with the
//! editor. The textarea's `input` events reach the page through the
//! column's listener ([`report`]).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::state::{EditedCode, EditorReport};

/// The editor's box: `data-text` is the program the script starts the
/// textarea with (the box is made anew, `code.generation` being its key,
/// whenever the page replaces the text); `data-decode` a link's program for
/// the script to decompress.
pub fn code_editor(file_name: &'static str, label: &'static str, code: &EditedCode) -> Html {
    html! {
        <figure class="source panel editing" key={code.generation} data-program={(!label.is_empty()).then_some(label)}>
            // One span, as in the source view: the caption's last items (the
            // script's buttons) stay at the right.
            <figcaption>
                <span>
                    if !label.is_empty() {
                        <span class={classes!("source-label", format!("proc-{label}"))}>{ label }</span>{ " " }
                    }
                    { file_name }
                </span>
            </figcaption>
            <div class="editor" data-file={file_name} data-text={AttrValue::from(code.text.clone())}
                data-decode={code.opening.clone()} />
        </figure>
    }
}

/// The listener of `input` events that calls `onreport` with what each one
/// from the editor (`textarea#code`) says: its text, and what its script
/// tells with it (see `static/editor.js`). Others (the form's) are not its.
pub fn oninput(onreport: Callback<EditorReport>) -> Callback<InputEvent> {
    Callback::from(move |e: InputEvent| {
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        if area.id() == "code" {
            onreport.emit(EditorReport {
                text: area.value(),
                link: area.get_attribute("data-link"),
                unreadable: area.get_attribute("data-unreadable").is_some(),
            });
        }
    })
}
