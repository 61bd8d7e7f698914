//! A panic must not leave a dead page without a word: the panic hook's notice
//! (`src/crash.rs`) says what happened, offers a Reload that works without
//! wasm, shows the text to report, and ends the console in `error`.

#![cfg(target_arch = "wasm32")]

use async_playground::components::app::{Playground, PlaygroundProps};
use async_playground::crash;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlTextAreaElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_panic_shows_a_notice_with_reload_and_ends_the_console_in_error() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Playground>::with_root_and_props(root.clone(), PlaygroundProps { search: "".into() }).render();
    // Let Yew render the console.
    gloo_timers::future::TimeoutFuture::new(0).await;
    let console = document.get_element_by_id("console").expect("the page has a console");
    assert_eq!(console.get_attribute("data-state").as_deref(), Some("idle"));

    crash::show("panicked at src/x.rs:1: something <b>bad</b>");
    crash::show("a second panic adds no second notice");

    assert_eq!(console.get_attribute("data-state").as_deref(), Some("error"));
    assert_eq!(document.query_selector_all("#crash").unwrap().length(), 1);
    let notice = document.get_element_by_id("crash").unwrap();
    assert!(notice.text_content().unwrap().contains("The playground stopped"));
    let reload = document.get_element_by_id("crash-reload").expect("a Reload button");
    assert_eq!(reload.get_attribute("onclick").as_deref(), Some("location.reload()"));
    let report: HtmlTextAreaElement = document.get_element_by_id("crash-report").unwrap().dyn_into().unwrap();
    // The report is text, never markup.
    assert_eq!(report.value(), "panicked at src/x.rs:1: something <b>bad</b>");
    notice.remove();
}
