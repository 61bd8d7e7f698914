//! The editor's script and stylesheet, `static/editor.js` and
//! `static/editor.css`: loaded when an editor is first shown (Edit, the
//! scratch page, a `#code=` link), never with the page, so that the page's
//! download and an `autorun=1` link's first line do not pay for them.
//!
//! The page and the script speak through the DOM only. The page renders the
//! editor's box (`.editor`, with the program in `data-text` and a link's
//! compressed program in `data-decode`, see `components/code_editor.rs`);
//! the script makes its `textarea#code`, colours it, numbers its lines,
//! handles Tab, Shift-Tab and Enter (through `execCommand("insertText")`, so
//! the browser's undo keeps every edit), marks the line of an error the
//! console shows, and reports on the text with `input` events on the
//! textarea, during which `data-link` holds the text compressed for a link
//! (`#code=`) and `data-unreadable` says that the link's program did not
//! decompress. See `static/editor.js`.

/// The `<script>` element's id: there is one, and once loaded it stays.
const SCRIPT_ID: &str = "editor-script";

/// When the script cannot be loaded, each editor is a plain textarea, and
/// one waiting for a link's program says that it could not be read (the
/// page then shows the lecture's). The elements go, so that the next editor
/// tries again.
const ON_ERROR: &str = "this.remove();document.getElementById('editor-style').remove();\
document.querySelectorAll('.editor').forEach(function(b){var t=b.appendChild(document.createElement('textarea'));\
t.id='code';t.value=b.dataset.text||'';if(b.dataset.decode!=null){t.setAttribute('data-unreadable','');\
t.dispatchEvent(new Event('input',{bubbles:true}))}})";

/// Loads the editor's script and stylesheet, once. The script takes the
/// editors on the page when it runs, and each one the page shows later
/// (it watches the editor's column).
pub fn load() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body().filter(|_| document.get_element_by_id(SCRIPT_ID).is_none()) else {
        return;
    };
    let add = |tag: &str, attributes: &[(&str, &str)]| {
        if let Ok(element) = document.create_element(tag) {
            for (name, value) in attributes {
                let _ = element.set_attribute(name, value);
            }
            let _ = body.append_child(&element);
        }
    };
    add("link", &[("id", "editor-style"), ("rel", "stylesheet"), ("href", "static/editor.css")]);
    add("script", &[("id", SCRIPT_ID), ("src", "static/editor.js"), ("onerror", ON_ERROR)]);
}
