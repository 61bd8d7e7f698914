//! The page a link opens, and what it says about the link: noisy and
//! oversized links, an `autorun=1` link with an invalid value, the theme,
//! and the source while a field is invalid.

#![cfg(target_arch = "wasm32")]

mod common;

use common::open_page;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn console_state(root: &Element) -> String {
    root.query_selector("#console").unwrap().and_then(|c| c.get_attribute("data-state")).unwrap_or_default()
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

#[wasm_bindgen_test]
async fn autorun_link_with_an_invalid_value_says_nothing_ran() {
    let root = open_page("?example=many-tasks&count=0&autorun=1");
    TimeoutFuture::new(50).await;
    assert_eq!(console_state(&root), "idle");
    assert_eq!(texts(&root, "#console .line"), Vec::<String>::new());
    assert_eq!(
        texts(&root, "#console .console-info"),
        vec!["The link's value for count is invalid (see its field), so nothing ran. Correct it and press Run."]
    );
    assert!(root.query_selector("#param-count-error").unwrap().is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_link_with_noise_gets_one_short_message_and_trackers_none() {
    let root = open_page("?example=gather&utm_source=moodle&fbclid=IwAR0&view=bogus&a=1&b=2&c=3&d=4&e=5");
    TimeoutFuture::new(20).await;
    assert_eq!(
        texts(&root, ".link-problem"),
        vec![
            "Ignored 5 unknown parameters from the link ('a', 'b', 'c' and 2 more); this example takes count, delay.",
            "Ignored view='bogus' from the link: view is one of console, timeline, loop, steps or models.",
        ]
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_pasted_page_of_text_in_the_link_keeps_the_page_its_width() {
    let huge: &'static str = Box::leak(format!("?example={}", "x".repeat(100_000)).into_boxed_str());
    let root = open_page(huge);
    TimeoutFuture::new(20).await;
    let width = web_sys::window().unwrap().document().unwrap().document_element().unwrap().scroll_width();
    let viewport = web_sys::window().unwrap().inner_width().unwrap().as_f64().unwrap() as i32;
    assert!(width <= viewport, "the page is {width} px wide in a {viewport} px window");
    let problem = texts(&root, ".link-problem");
    assert_eq!(problem.len(), 1);
    assert!(problem[0].starts_with(&format!("There is no example '{}...'", "x".repeat(40))), "{problem:?}");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_link_theme_draws_the_page_dark_or_light() {
    let html = web_sys::window().unwrap().document().unwrap().document_element().unwrap();
    let root = open_page("?example=gather&theme=dark");
    TimeoutFuture::new(20).await;
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("dark"));
    let background = web_sys::window()
        .unwrap()
        .get_computed_style(&root.query_selector("#console").unwrap().unwrap())
        .unwrap()
        .unwrap()
        .get_property_value("background-color")
        .unwrap();
    assert_eq!(background, "rgb(11, 14, 19)");
    root.remove();
    let root = open_page("?example=gather&theme=light");
    TimeoutFuture::new(20).await;
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("light"));
    root.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_field_leaves_the_source_at_its_last_valid_value_marked_not_runnable() {
    let root = open_page("?example=compute-square");
    TimeoutFuture::new(20).await;
    let field: web_sys::HtmlInputElement = root.query_selector("#param-numbers").unwrap().unwrap().dyn_into().unwrap();
    let source = || root.query_selector(".source").unwrap().unwrap();
    for text in ["1,2", ""] {
        field.set_value(text);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        field.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
        TimeoutFuture::new(20).await;
    }
    let code = source().query_selector("pre").unwrap().unwrap().text_content().unwrap();
    assert!(code.contains("[1, 2]"), "{code}");
    assert!(!code.contains("[4, 5, 6, 7]"), "{code}");
    assert_eq!(source().get_attribute("data-runnable").as_deref(), Some("false"));
    root.remove();
}
