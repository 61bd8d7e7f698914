//! The browser's history: one entry per example chosen (not per keystroke),
//! and Back shows the example before. In a file of its own: every page
//! mounted in a test binary listens to `popstate`.

#![cfg(target_arch = "wasm32")]

use async_playground::components::app::{Playground, PlaygroundProps};
use gloo_timers::future::TimeoutFuture;
use playground::examples::find;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn history_length() -> u32 {
    web_sys::window().unwrap().history().unwrap().length().unwrap()
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

fn title(root: &Element) -> String {
    root.query_selector("h1").unwrap().and_then(|h| h.text_content()).unwrap_or_default()
}

async fn until_title(root: &Element, expected: &str) {
    for _ in 0..200 {
        if title(root) == expected {
            return;
        }
        TimeoutFuture::new(5).await;
    }
    panic!("the page shows {:?}, never {expected:?}", title(root));
}

#[wasm_bindgen_test]
async fn back_returns_to_the_example_before_and_typing_adds_no_entries() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Playground>::with_root_and_props(
        root.clone(),
        PlaygroundProps { search: "?example=gather".into() },
    )
    .render();
    TimeoutFuture::new(20).await;
    let gather = find("gather").unwrap().title;
    let print_sum = find("print-sum").unwrap().title;
    assert_eq!(title(&root), gather);
    assert_eq!(search(), "?example=gather");
    let entries = history_length();

    let link: HtmlElement =
        root.query_selector(".picker-list a[href='?example=print-sum']").unwrap().unwrap().dyn_into().unwrap();
    link.click();
    until_title(&root, print_sum).await;
    TimeoutFuture::new(20).await;
    assert_eq!(search(), "?example=print-sum");
    assert_eq!(history_length(), entries + 1, "choosing an example adds one entry");

    // Typing changes the entry, it adds none.
    let x: HtmlInputElement = root.query_selector("#param-x").unwrap().unwrap().dyn_into().unwrap();
    for text in ["4", "40", "400"] {
        x.set_value(text);
        let init = EventInit::new();
        init.set_bubbles(true);
        x.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
        TimeoutFuture::new(10).await;
    }
    assert_eq!(search(), "?example=print-sum&x=400");
    assert_eq!(history_length(), entries + 1, "typing added history entries");

    web_sys::window().unwrap().history().unwrap().back().unwrap();
    until_title(&root, gather).await;
    TimeoutFuture::new(20).await;
    assert_eq!(search(), "?example=gather");

    web_sys::window().unwrap().history().unwrap().forward().unwrap();
    until_title(&root, print_sum).await;
    let x: HtmlInputElement = root.query_selector("#param-x").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(x.value(), "400", "Forward shows the entry as it was left");
    root.remove();
}
