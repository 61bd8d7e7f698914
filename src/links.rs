//! The page's address: reading the link it was opened with, keeping the
//! address bar and the history in step with the state, the Share link, the
//! Embed snippet, and the theme a link asks for.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::AttrValue;

use playground::link::{PageQuery, Theme};

/// Where `echo-client` connects: the link's `ws=`, or `/ws` beside this page
/// ([`playground::link::echo_server_url`]).
pub fn echo_server_url(ws: Option<&str>) -> Option<String> {
    let here = location().and_then(|l| l.href().ok()).unwrap_or_default();
    playground::link::echo_server_url(&here, ws)
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The query and the fragment the page was opened with
/// (`?example=...#code=...`).
pub fn current_search() -> AttrValue {
    let href = location().and_then(|l| l.href().ok()).unwrap_or_default();
    href.find(['?', '#']).map_or("", |at| &href[at..]).to_string().into()
}

/// What the page's address says, its fragment included.
pub fn read_query(search: &str) -> PageQuery {
    let (search, fragment) = search.split_once('#').unwrap_or((search, ""));
    let mut query = PageQuery::parse(search);
    query.read_fragment(fragment);
    query
}

/// The page's address without its query: origin and path (a sub-path works).
fn base() -> String {
    location()
        .map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default()))
        .unwrap_or_default()
}

/// The absolute link for `query`, with an edited program in its fragment.
pub fn link(query: &PageQuery) -> String {
    format!("{}{}{}", base(), query.to_search(), query.to_fragment())
}

/// Puts `query` in the address bar without reloading or adding history:
/// editing a field, the speed or the view changes the current entry.
pub fn show_in_address_bar(query: &PageQuery) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let search = query.to_search();
    let path = if search.is_empty() { window.location().pathname().unwrap_or_default() } else { search };
    let url = format!("{path}{}", query.to_fragment());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Keeps the current address as a history entry of its own before the page
/// switches to another example: the switch then changes the new entry
/// (see [`show_in_address_bar`]), and Back returns to this one.
pub fn keep_in_history() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let here = window.location().href().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&here));
    }
}

/// Calls `open` with the query of each history entry the person goes Back
/// or Forward to, until the result is dropped.
pub struct OnHistory {
    listener: Closure<dyn FnMut()>,
}

impl OnHistory {
    pub fn listen(open: impl Fn(PageQuery) + 'static) -> OnHistory {
        let listener = Closure::<dyn FnMut()>::new(move || open(read_query(&current_search())));
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
        }
        OnHistory { listener }
    }
}

impl Drop for OnHistory {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback("popstate", self.listener.as_ref().unchecked_ref());
        }
    }
}

/// Draws the page light or dark, as `theme` and [`Theme::is_dark`] say:
/// `data-theme` on `<html>`, which the stylesheet reads. Where the answer
/// depends on the system's setting it follows that setting's changes until
/// the result is dropped.
pub struct ShownTheme {
    system: Option<(web_sys::MediaQueryList, Closure<dyn FnMut()>)>,
}

impl ShownTheme {
    pub fn show(theme: Option<Theme>) -> ShownTheme {
        let Some(window) = web_sys::window() else {
            return ShownTheme { system: None };
        };
        let in_iframe = window.top().ok().flatten().is_some_and(|top| JsValue::from(top) != JsValue::from(&window));
        let system = window.match_media("(prefers-color-scheme: dark)").ok().flatten();
        let paint = move |system_dark: bool| {
            let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
            if let Some(root) = root {
                let dark = Theme::is_dark(theme, in_iframe, system_dark);
                let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
            }
        };
        paint(system.as_ref().is_some_and(|s| s.matches()));
        let follows_system = Theme::is_dark(theme, in_iframe, true) != Theme::is_dark(theme, in_iframe, false);
        let system = system.filter(|_| follows_system).map(|list| {
            let watched = list.clone();
            let listener = Closure::<dyn FnMut()>::new(move || paint(watched.matches()));
            let _ = list.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
            (list, listener)
        });
        ShownTheme { system }
    }
}

impl Drop for ShownTheme {
    fn drop(&mut self) {
        if let Some((list, listener)) = &self.system {
            let _ = list.remove_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        }
    }
}

/// The tab's title, so a bookmark or a history entry names the example.
pub fn show_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// The `<iframe>` a course site pastes, with the script that sizes it. The
/// theme is written even when it is the iframe's default (light), so the
/// teacher sees it can be changed.
pub fn embed_snippet(query: &PageQuery, theme: Theme) -> String {
    let mut query = query.clone();
    query.embed = true;
    query.theme = Some(theme);
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
