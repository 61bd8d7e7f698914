//! Edit mode on the page, in a browser: what is typed in the editor runs;
//! Reset brings the form back; "Try this" runs its edit; a link's program
//! that cannot be opened gives a message and runs nothing. These hold with
//! the editor's script (`static/editor.js`, when the test server serves the
//! crate's files) and without it (the page's fallback: a plain textarea);
//! `e2e/tests/editor.rs` tests the editor itself in the built page.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{golden, open_unstyled_page, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::scheduler::flush;

wasm_bindgen_test_configure!(run_in_browser);

fn find(root: &Element, css: &str) -> Option<Element> {
    root.query_selector(css).unwrap()
}

fn click(root: &Element, css: &str) {
    find(root, css).unwrap_or_else(|| panic!("no {css}")).dyn_into::<HtmlElement>().unwrap().click();
}

fn console_state(root: &Element) -> String {
    find(root, "#console").and_then(|c| c.get_attribute("data-state")).unwrap_or_default()
}

fn console_lines(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("#console .line .text").unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

async fn until_state(root: &Element, state: &str) {
    until(&format!("#console[data-state={state}]"), || console_state(root) == state).await;
}

/// Types `text` into the editor as an input event reports it.
fn type_program(area: &HtmlTextAreaElement, text: &str) {
    area.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn edit_runs_what_is_typed_and_reset_brings_back_the_lecture_program_and_its_form() {
    let root = open_unstyled_page("?example=compute-square&numbers=1,2&speed=instant");
    flush().await;
    assert!(find(&root, ".editor").is_none());
    click(&root, "#edit");
    flush().await;
    let editor = find(&root, ".editor").expect("the editor's box");
    let program = editor.get_attribute("data-text").unwrap();
    assert!(program.contains("for i in [1, 2]:"), "{program}");
    assert!(find(&root, "#params-in-code").is_some(), "the form says the parameters are in the code");
    assert!(find(&root, "#param-numbers").is_none());
    // The editor's script makes the textarea (or, without it, the page's fallback).
    until("the editor's textarea", || find(&root, "#code").is_some()).await;
    let area: HtmlTextAreaElement = find(&root, "#code").unwrap().dyn_into().unwrap();
    assert_eq!(area.value(), program);
    type_program(&area, "print('edited')\nprint(1 + 1)\n");
    flush().await;
    click(&root, "#run");
    until_state(&root, "done").await;
    flush().await;
    assert_eq!(console_lines(&root), ["edited", "2"]);
    click(&root, "#reset");
    flush().await;
    assert!(find(&root, ".editor").is_none());
    assert_eq!(
        find(&root, "#param-numbers").unwrap().dyn_into::<web_sys::HtmlInputElement>().unwrap().value(),
        "4,5,6,7"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn try_this_runs_its_edit_in_the_editor() {
    let cpython = golden("# playground run not-awaited try=1", include_str!("golden/not-awaited/try-1.txt"));
    let root = open_unstyled_page("?example=not-awaited&speed=instant");
    flush().await;
    click(&root, "#try-this-1");
    until_state(&root, "done").await;
    flush().await;
    assert_eq!(console_lines(&root), cpython);
    let program = find(&root, ".editor").unwrap().get_attribute("data-text").unwrap();
    assert!(program.contains("loop.run_until_complete(asyncio.wait(tasks))\nloop.close()"), "{program}");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_link_program_that_cannot_be_opened_runs_nothing_and_says_so() {
    // Base64url, but not a DEFLATE stream (a stored block whose length
    // does not match its complement).
    let root = open_unstyled_page("?example=gather&autorun=1&speed=instant#code=AAAA");
    flush().await;
    assert_eq!(console_state(&root), "idle", "nothing runs before the program is opened");
    assert_eq!(find(&root, ".editor").unwrap().get_attribute("data-decode").as_deref(), Some("AAAA"));
    until("the link's message", || find(&root, ".link-problem").is_some()).await;
    flush().await;
    assert_eq!(
        find(&root, ".link-problem").unwrap().text_content().unwrap(),
        "The program in this link could not be read (the link may have been cut short), so the lecture's program is shown."
    );
    assert!(find(&root, ".editor").is_none());
    assert!(find(&root, "#param-count").is_some());
    assert_eq!(console_state(&root), "idle");
    root.remove();
}

#[wasm_bindgen_test]
async fn an_edited_server_runs_beside_the_clients_program_which_stays_shown() {
    let root = open_unstyled_page("?example=echo-server&clients=1&messages=1&speed=instant");
    flush().await;
    click(&root, "#edit");
    flush().await;
    // The server's program goes into the editor; the clients' stays as it was, without Edit.
    let editor = find(&root, "figure.source.editing").expect("the server's editor");
    assert_eq!(editor.get_attribute("data-program").as_deref(), Some("server"));
    let clients = find(&root, "figure.source[data-program=clients]").expect("the clients' source");
    assert!(clients.text_content().unwrap().contains("CLIENTS = 1"));
    assert_eq!(root.query_selector_all("#edit").unwrap().length(), 0);
    assert!(find(&root, "#params-in-code")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("The clients below keep their values"));
    until("the editor's textarea", || find(&root, "#code").is_some()).await;
    let area: HtmlTextAreaElement = find(&root, "#code").unwrap().dyn_into().unwrap();
    type_program(&area, "print('no server today')\n");
    flush().await;
    click(&root, "#run");
    until_state(&root, "error").await;
    flush().await;
    // CPython 3.11's clients.py, with nothing listening on its port, ends so.
    let lines = console_lines(&root);
    assert_eq!(lines.first().map(String::as_str), Some("no server today"));
    assert_eq!(
        lines.last().map(String::as_str),
        Some("ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 50001)")
    );
    let labels = root.query_selector_all("#console .line[data-process=clients]").unwrap().length();
    assert!(labels > 0, "the clients' lines carry their label");
    root.remove();
}
