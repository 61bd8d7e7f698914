//! Share link, Copy snippet and the console's Copy in every context: with the
//! Clipboard API, without one (plain http on a course server that is not
//! localhost: the text is selected and the page says which keys copy it),
//! and with one the browser refuses. The browser's clipboard and
//! `execCommand` are replaced by stubs, so each path is taken for certain.

#![cfg(target_arch = "wasm32")]

mod common;

use common::open_page;
use gloo_timers::future::TimeoutFuture;
use playground::examples::find;
use playground::Run;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn js(code: &str) -> wasm_bindgen::JsValue {
    js_sys::eval(code).unwrap_or_else(|e| panic!("{code}: {e:?}"))
}

/// What the browser offers for copying, replaced for one test.
enum Clipboard {
    /// No `navigator.clipboard` (not a secure context).
    Missing,
    /// `writeText` resolves and keeps the text in `window.__copied`.
    Works,
    /// `writeText` rejects (permission denied).
    Refuses,
}

/// Installs the stubs: `clipboard`, and `execCommand("copy")` answering
/// `exec_copies`, keeping what was selected in `window.__copied`.
fn stub(clipboard: Clipboard, exec_copies: bool) {
    js("delete window.__copied");
    js(match clipboard {
        Clipboard::Missing => "Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true })",
        Clipboard::Works => {
            "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: \
             { writeText: (t) => { window.__copied = t; return Promise.resolve(); } } })"
        }
        Clipboard::Refuses => {
            "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: \
             { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } })"
        }
    });
    js(&format!(
        "Object.defineProperty(document, 'execCommand', {{ configurable: true, value: (c) => {{ \
         if ({exec_copies} && c === 'copy') {{ window.__copied = String(document.getSelection()) || \
         document.activeElement.value.slice(document.activeElement.selectionStart, document.activeElement.selectionEnd); }} \
         return {exec_copies}; }} }})"
    ));
}

fn unstub() {
    js("delete navigator.clipboard; delete document.execCommand; delete window.__copied");
}

fn copied() -> Option<String> {
    js("window.__copied").as_string()
}

async fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector).unwrap().and_then(|e| e.text_content()).unwrap_or_default()
}

/// Waits until `selector`'s text is not empty, and returns it.
async fn message(root: &Element, selector: &str) -> String {
    for _ in 0..200 {
        let text = text(root, selector);
        if !text.is_empty() {
            return text;
        }
        TimeoutFuture::new(5).await;
    }
    panic!("{selector} stayed empty");
}

fn active_id() -> String {
    web_sys::window().unwrap().document().unwrap().active_element().map(|e| e.id()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn share_without_a_clipboard_selects_the_link_and_says_which_keys_copy_it() {
    stub(Clipboard::Missing, false);
    let root = open_page("?example=gather&count=3");
    TimeoutFuture::new(20).await;
    click(&root, "#share").await;
    let said = message(&root, "#share-panel .share-message").await;
    assert_eq!(said, "The link is selected: press Ctrl+C to copy it.");
    assert_eq!(active_id(), "share-link");
    let field: HtmlInputElement = root.query_selector("#share-link").unwrap().unwrap().dyn_into().unwrap();
    assert!(field.value().ends_with("?example=gather&count=3"), "{}", field.value());
    assert_eq!(field.selection_start().unwrap(), Some(0));
    assert_eq!(field.selection_end().unwrap(), Some(field.value().len() as u32));
    assert_eq!(copied(), None);
    unstub();
    root.remove();
}

#[wasm_bindgen_test]
async fn share_with_a_clipboard_copies_the_link_and_says_so() {
    stub(Clipboard::Works, false);
    let root = open_page("?example=gather&count=3");
    TimeoutFuture::new(20).await;
    click(&root, "#share").await;
    assert_eq!(message(&root, "#share-panel .share-message").await, "Copied the link.");
    let field: HtmlInputElement = root.query_selector("#share-link").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(copied(), Some(field.value()));
    unstub();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_refused_clipboard_falls_back_to_copying_the_selected_link() {
    stub(Clipboard::Refuses, true);
    let root = open_page("?example=gather&count=3");
    TimeoutFuture::new(20).await;
    click(&root, "#share").await;
    assert_eq!(message(&root, "#share-panel .share-message").await, "Copied the link.");
    let field: HtmlInputElement = root.query_selector("#share-link").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(copied(), Some(field.value()));
    unstub();
    root.remove();
}

#[wasm_bindgen_test]
async fn copy_snippet_without_a_clipboard_selects_the_snippet() {
    stub(Clipboard::Missing, false);
    let root = open_page("?example=gather");
    TimeoutFuture::new(20).await;
    click(&root, "#embed").await;
    TimeoutFuture::new(20).await;
    click(&root, "#copy-snippet").await;
    let said = message(&root, "#share-panel .share-message").await;
    assert_eq!(said, "The snippet is selected: press Ctrl+C to copy it.");
    assert_eq!(active_id(), "embed-code");
    let field: HtmlTextAreaElement = root.query_selector("#embed-code").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(field.selection_start().unwrap(), Some(0));
    assert_eq!(field.selection_end().unwrap(), Some(field.value().encode_utf16().count() as u32));
    unstub();
    root.remove();
}

#[wasm_bindgen_test]
async fn console_copy_without_a_clipboard_selects_the_whole_output() {
    stub(Clipboard::Missing, false);
    let root = open_page("?example=compute-square&speed=instant&autorun=1");
    for _ in 0..400 {
        if root.query_selector("#console[data-state=done]").unwrap().is_some() {
            break;
        }
        TimeoutFuture::new(5).await;
    }
    click(&root, "#copy-transcript").await;
    let said = message(&root, ".copy-fallback .share-message").await;
    assert_eq!(said, "The output is selected: press Ctrl+C to copy it.");
    assert_eq!(text(&root, "#copy-transcript"), "Selected");
    let field: HtmlTextAreaElement = root.query_selector("#transcript-text").unwrap().unwrap().dyn_into().unwrap();
    let example = find("compute-square").unwrap();
    let mut run = Run::new(example, &example.defaults());
    run.run_to_end();
    let transcript: String = run.transcript().iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(field.value(), transcript);
    assert_eq!(active_id(), "transcript-text");
    unstub();
    root.remove();
}

#[wasm_bindgen_test]
async fn the_embed_snippet_offers_the_theme_light_by_default() {
    let root = open_page("?example=gather&count=3");
    TimeoutFuture::new(20).await;
    click(&root, "#embed").await;
    TimeoutFuture::new(20).await;
    let snippet =
        || root.query_selector("#embed-code").unwrap().unwrap().dyn_into::<HtmlTextAreaElement>().unwrap().value();
    assert!(snippet().contains("?example=gather&amp;count=3&amp;embed=1&amp;theme=light\""), "{}", snippet());
    click(&root, "#embed-theme-dark").await;
    TimeoutFuture::new(20).await;
    assert!(snippet().contains("&amp;embed=1&amp;theme=dark\""), "{}", snippet());
    click(&root, "#embed-theme-auto").await;
    TimeoutFuture::new(20).await;
    assert!(snippet().contains("&amp;embed=1&amp;theme=auto\""), "{}", snippet());
    root.remove();
}

#[wasm_bindgen_test]
async fn opening_share_or_embed_moves_neither_the_buttons_nor_the_text() {
    let root = open_page("?example=gather");
    TimeoutFuture::new(20).await;
    let top = |selector: &str| root.query_selector(selector).unwrap().unwrap().get_bounding_client_rect();
    let before = (top("#share").top(), top("#embed").left(), top(".lecture").top(), top(".workbench").top());
    click(&root, "#embed").await;
    TimeoutFuture::new(20).await;
    assert!(root.query_selector("#embed-code").unwrap().is_some());
    let after = (top("#share").top(), top("#embed").left(), top(".lecture").top(), top(".workbench").top());
    assert_eq!(after, before);
    click(&root, "#share").await;
    TimeoutFuture::new(20).await;
    assert!(root.query_selector("#share-link").unwrap().is_some());
    let after = (top("#share").top(), top("#embed").left(), top(".lecture").top(), top(".workbench").top());
    assert_eq!(after, before);
    root.remove();
}

#[wasm_bindgen_test]
fn copy_keys_follow_the_device() {
    use async_playground::clipboard::copy_keys;
    let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15";
    let linux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";
    let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
    let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36";
    assert_eq!(copy_keys(mac), Some("⌘C"));
    assert_eq!(copy_keys(linux), Some("Ctrl+C"));
    assert_eq!(copy_keys(iphone), None);
    assert_eq!(copy_keys(android), None);
}
