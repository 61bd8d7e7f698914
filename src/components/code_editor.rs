//! The source view in edit mode: the program in a textarea, which
//! `static/editor.js` (loaded on the first Edit, see `crate::editor_script`)
//! turns into a code editor: colours, line numbers, Tab and Enter
//! indentation, Undo and Redo, and the line an error points at. Without the
//! script it is a plain textarea, and still runs. The markup is a function,
//! not a component, and the script draws the rest: the page's download
//! stays what it was.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::state::{EditedCode, EditorReport};

/// The editor for `code`. The textarea's text is the person's: the page sets
/// it only when it makes the editor (`code.generation` is its key), and
/// reads it from each `input` event.
pub fn code_editor(file_name: &'static str, code: &EditedCode, oninput: &Callback<EditorReport>) -> Html {
    let oninput = oninput.reform(|e: InputEvent| {
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        EditorReport {
            text: area.value(),
            link: area.get_attribute("data-link"),
            unreadable: area.get_attribute("data-unreadable").is_some(),
        }
    });
    html! {
        <figure class="source panel editing" key={code.generation}>
            <figcaption><span>{ file_name }{ " · your program: Run runs it" }</span></figcaption>
            <div class="editor" data-file={file_name}>
                // The script sets the rest: spellcheck, autocapitalize, its label.
                <textarea id="code" class="code-editor" defaultvalue={code.text.to_string()} {oninput}
                    rows={(code.text.lines().count() + 1).to_string()} data-decode={code.opening.clone()}
                    readonly={code.opening.is_some()} />
            </div>
        </figure>
    }
}
