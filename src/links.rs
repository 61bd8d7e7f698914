//! The page's address: reading the link it was opened with, keeping the
//! address bar in step with the state, the Share link, the Embed snippet,
//! and the clipboard.

use wasm_bindgen::JsValue;
use yew::AttrValue;

use playground::link::PageQuery;

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The query the page was opened with (`?example=...`).
pub fn current_search() -> AttrValue {
    location().and_then(|l| l.search().ok()).unwrap_or_default().into()
}

/// The page's address without its query: origin and path (a sub-path works).
fn base() -> String {
    location()
        .map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default()))
        .unwrap_or_default()
}

/// The absolute link for `query`.
pub fn link(query: &PageQuery) -> String {
    format!("{}{}", base(), query.to_search())
}

/// Puts `query` in the address bar without reloading or adding history.
pub fn show_in_address_bar(query: &PageQuery) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let search = query.to_search();
    let url = if search.is_empty() { window.location().pathname().unwrap_or_default() } else { search };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The tab's title, so a bookmark or a history entry names the example.
pub fn show_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// The `<iframe>` a course site pastes, with the script that sizes it.
pub fn embed_snippet(query: &PageQuery) -> String {
    let mut query = query.clone();
    query.embed = true;
    let src = link(&query);
    let script = format!("{}static/embed.js", base_dir());
    format!(
        "<iframe src=\"{}\" title=\"asyncio playground: {}\" style=\"width:100%;border:0\" height=\"640\" loading=\"lazy\" allow=\"clipboard-write\" data-async-playground></iframe>\n<script src=\"{}\" defer></script>",
        escape_attr(&src),
        escape_attr(query.example.as_deref().unwrap_or("")),
        escape_attr(&script)
    )
}

/// The folder the page is served from (ends with `/`).
fn base_dir() -> String {
    let base = base();
    match base.rfind('/') {
        Some(i) => base[..=i].to_string(),
        None => base,
    }
}

fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// Copies `text`; the result says whether the browser allowed it.
pub async fn copy(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
