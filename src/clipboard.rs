//! Copying text for the person, and saying what happened.
//!
//! The Clipboard API exists only in secure contexts (https, or localhost): a
//! course server on plain http has none, and a browser may refuse it too.
//! Then the text is selected in a field on the page and the browser asked to
//! copy the selection (`execCommand("copy")`, which still works there while
//! the click's user activation lasts); if it will not, the selection stays
//! and the page says which keys copy it. Every path ends in a message.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// How a copy went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Copied {
    /// The text is on the clipboard.
    ToClipboard,
    /// The text is selected in a field; the person copies it.
    Selected,
    /// Neither: nothing to select, or the browser refused both.
    Failed,
}

impl Copied {
    /// What the page says about copying `what` ("link", "snippet"), with
    /// `keys` from [`copy_keys`].
    pub fn message(self, what: &str, keys: Option<&str>) -> String {
        match self {
            Copied::ToClipboard => format!("Copied the {what}."),
            Copied::Selected => match keys {
                Some(keys) => format!("The {what} is selected: press {keys} to copy it."),
                None => format!("The {what} is selected: touch it and choose Copy."),
            },
            Copied::Failed => format!("Could not copy the {what}: select it and copy it yourself."),
        }
    }
}

/// The keys that copy a selection on the device this `user_agent` names;
/// `None` on phones and tablets, which have no such keys.
pub fn copy_keys(user_agent: &str) -> Option<&'static str> {
    if ["iPhone", "iPad", "Android"].iter().any(|touch| user_agent.contains(touch)) {
        None
    } else if user_agent.contains("Mac") {
        Some("⌘C")
    } else {
        Some("Ctrl+C")
    }
}

/// [`copy_keys`] for this browser.
pub fn this_browsers_copy_keys() -> Option<&'static str> {
    let user_agent = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    copy_keys(&user_agent)
}

/// Writes `text` with the Clipboard API; `false` when the page has none (not
/// a secure context) or the browser refused. Looked up by name, not through
/// web-sys's `Navigator::clipboard`: that assumes the property exists, and
/// calling a method of `undefined` would throw through the page's wasm.
pub async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard")).unwrap_or(JsValue::UNDEFINED);
    if !clipboard.is_object() {
        return false;
    }
    let Some(write_text) =
        Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok().and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return false;
    };
    let Some(promise) =
        write_text.call1(&clipboard, &JsValue::from_str(text)).ok().and_then(|p| p.dyn_into::<Promise>().ok())
    else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Selects the whole text of `field` (an `<input>` or `<textarea>` shown on
/// the page) and asks the browser to copy the selection.
pub fn select_and_copy(field: &Element) -> Copied {
    if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
        let _ = input.focus();
        input.select();
    } else if let Some(textarea) = field.dyn_ref::<HtmlTextAreaElement>() {
        let _ = textarea.focus();
        textarea.select();
    } else {
        return Copied::Failed;
    }
    let document =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok());
    match document.map(|d| d.exec_command("copy")) {
        Some(Ok(true)) => Copied::ToClipboard,
        _ => Copied::Selected,
    }
}

/// A copy in progress or done, as [`use_copy`] keeps it.
#[derive(Clone, PartialEq)]
pub struct CopyHandle {
    /// Copies the text it is given.
    pub copy: Callback<String>,
    /// How the last copy went (`None` before the first, and while one runs).
    pub outcome: Option<Copied>,
    /// The text of the last copy while it has to be selected in a field:
    /// a component without a field of its own shows one with this text.
    pub to_select: Option<AttrValue>,
    /// Forgets the last copy (hides its message and field).
    pub dismiss: Callback<()>,
}

/// What [`use_copy`] keeps between renders.
#[derive(Clone, Default, PartialEq)]
struct CopyState {
    outcome: Option<Copied>,
    to_select: Option<AttrValue>,
    /// Bumped for each copy that falls back to selecting.
    fallbacks: u32,
}

/// Copying for a component: the Clipboard API, else the text selected in
/// `field` (rendered by the component, with the copied text in it) and
/// copied from there. The selection happens after the component has
/// rendered, so a field that only appears for the fallback is there.
#[hook]
pub fn use_copy(field: NodeRef) -> CopyHandle {
    let state = use_state_eq(CopyState::default);
    {
        let state = state.clone();
        use_effect_with(state.fallbacks, move |fallbacks| {
            if *fallbacks > 0 {
                let outcome = field.cast::<Element>().map_or(Copied::Failed, |f| select_and_copy(&f));
                state.set(CopyState { outcome: Some(outcome), ..(*state).clone() });
            }
        });
    }
    let copy = {
        let state = state.clone();
        Callback::from(move |text: String| {
            let state = state.clone();
            state.set(CopyState { outcome: None, ..(*state).clone() });
            wasm_bindgen_futures::spawn_local(async move {
                let fallbacks = state.fallbacks;
                state.set(if write_clipboard(&text).await {
                    CopyState { outcome: Some(Copied::ToClipboard), to_select: None, fallbacks }
                } else {
                    CopyState { outcome: None, to_select: Some(text.into()), fallbacks: fallbacks + 1 }
                });
            });
        })
    };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |()| state.set(CopyState { fallbacks: state.fallbacks, ..CopyState::default() }))
    };
    CopyHandle { copy, outcome: state.outcome, to_select: state.to_select.clone(), dismiss }
}
