//! The page in a browser: the console contract (`#console[data-state]`,
//! `.line .text`, `#elapsed`) and the form's messages. The tests wait for a
//! state (`common::until`) or for Yew to finish rendering
//! (`yew::scheduler::flush`), never for a guessed time.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use common::{golden, open_page, until};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::scheduler::flush;

wasm_bindgen_test_configure!(run_in_browser);

fn console_state(root: &Element) -> String {
    root.query_selector("#console").unwrap().and_then(|c| c.get_attribute("data-state")).unwrap_or_default()
}

fn console_lines(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("#console .line .text").unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

async fn until_state(root: &Element, state: &str) {
    until(&format!("#console[data-state={state}]"), || console_state(root) == state).await;
}

#[wasm_bindgen_test]
async fn autorun_link_fills_the_console_with_cpythons_transcript() {
    let cpython = golden(
        "# playground run compute-square numbers=3,1,2 delay=0.5",
        include_str!("golden/compute-square/numbers-3_1_2__delay-0.5.txt"),
    );
    let root = open_page("?example=compute-square&numbers=3,1,2&delay=0.5&speed=instant&autorun=1");
    until_state(&root, "done").await;
    flush().await;
    assert_eq!(console_lines(&root), cpython);
    let elapsed = root.query_selector("#elapsed").unwrap().unwrap().text_content().unwrap();
    assert!(elapsed.ends_with(" s"), "{elapsed}");
    root.remove();
}

#[wasm_bindgen_test]
async fn invalid_value_shows_a_message_and_disables_run() {
    let root = open_page("?example=many-tasks&count=0");
    flush().await;
    let error = root.query_selector(".field-error").unwrap().expect("a message next to the field");
    assert!(error.text_content().unwrap().contains("out of range"));
    let run = root.query_selector("#run").unwrap().unwrap();
    assert!(run.has_attribute("disabled"));
    assert_eq!(console_state(&root), "idle");
    root.remove();
}

#[wasm_bindgen_test]
async fn stop_button_stops_the_run() {
    let root = open_page("?example=many-tasks&count=100&speed=0.1&autorun=1");
    until_state(&root, "running").await;
    flush().await;
    let stop: HtmlElement = root.query_selector("#stop").unwrap().unwrap().dyn_into().unwrap();
    stop.click();
    until_state(&root, "stopped").await;
    let end = root.query_selector(".console-end").unwrap().expect("the console says it was stopped");
    assert!(end.text_content().unwrap().contains("Stopped"));
    root.remove();
}

#[wasm_bindgen_test]
async fn embed_link_shows_no_header_picker_lecture_or_notes_but_keeps_the_views() {
    let root = open_page("?example=gather&embed=1&view=loop");
    flush().await;
    assert!(root.query_selector("header").unwrap().is_none());
    assert!(root.query_selector(".picker").unwrap().is_none());
    assert!(root.query_selector(".lecture").unwrap().is_none());
    assert!(root.query_selector(".notes").unwrap().is_none());
    assert!(root.query_selector("#share").unwrap().is_none());
    assert!(root.query_selector("#console").unwrap().is_some());
    assert!(root.query_selector(".source").unwrap().is_some());
    assert!(root.query_selector("#run").unwrap().is_some());
    // The README's promise: the tabs, and the view the link names.
    assert_eq!(root.query_selector_all("[role=tab]").unwrap().length(), 3);
    let selected = root.query_selector("[role=tab][aria-selected=true]").unwrap().unwrap();
    assert_eq!(selected.id(), "tab-loop");
    assert!(root.query_selector("#loop-view").unwrap().is_some());
    root.remove();
}

/// Records the time of every animation frame until the returned flag is set:
/// the gaps between frames are how long the page could not paint.
fn record_frames() -> (Rc<RefCell<Vec<f64>>>, Rc<Cell<bool>>) {
    let frames = Rc::new(RefCell::new(Vec::new()));
    let stop = Rc::new(Cell::new(false));
    type Frame = Closure<dyn FnMut()>;
    let callback: Rc<RefCell<Option<Frame>>> = Rc::new(RefCell::new(None));
    let (frames2, stop2, callback2) = (frames.clone(), stop.clone(), callback.clone());
    *callback.borrow_mut() = Some(Closure::new(move || {
        frames2.borrow_mut().push(async_playground::driver::now());
        if stop2.get() {
            callback2.borrow_mut().take();
            return;
        }
        if let Some(f) = callback2.borrow().as_ref() {
            web_sys::window().unwrap().request_animation_frame(f.as_ref().unchecked_ref()).unwrap();
        }
    }));
    web_sys::window()
        .unwrap()
        .request_animation_frame(callback.borrow().as_ref().unwrap().as_ref().unchecked_ref())
        .unwrap();
    (frames, stop)
}

#[wasm_bindgen_test]
async fn a_hundred_thousand_lines_come_in_painted_slices_and_the_page_keeps_the_newest() {
    let (frames, stop) = record_frames();
    let root = open_page("?example=many-tasks&count=100000&speed=instant&autorun=1");
    let start = async_playground::driver::now();
    until_state(&root, "done").await;
    stop.set(true);
    let end = async_playground::driver::now();
    flush().await;
    // The page painted while the lines came (how long it went without a
    // frame is the bench's figure, measured on the release build).
    let painted = frames.borrow().iter().filter(|&&t| t > start && t < end).count();
    assert!(painted >= 2, "{painted} frames painted during a run of {:.0} ms", end - start);
    let shown = root.query_selector_all("#console .line").unwrap().length() as usize;
    assert!(shown <= async_playground::components::console::MAX_SHOWN, "{shown} lines in the DOM");
    assert!(shown > 0);
    let info = root.query_selector(".console-info").unwrap().unwrap().text_content().unwrap();
    assert!(info.contains("100000 lines"), "{info}");
    root.remove();
}

#[wasm_bindgen_test]
async fn embed_button_shows_an_iframe_snippet_for_this_state() {
    let root = open_page("?example=many-tasks&count=7");
    flush().await;
    let embed: HtmlElement = root.query_selector("#embed").unwrap().unwrap().dyn_into().unwrap();
    embed.click();
    flush().await;
    let code: web_sys::HtmlTextAreaElement = root.query_selector("#embed-code").unwrap().unwrap().dyn_into().unwrap();
    let snippet = code.value();
    assert!(snippet.starts_with("<iframe src=\""), "{snippet}");
    assert!(snippet.contains("?example=many-tasks&amp;count=7&amp;embed=1&amp;theme=light\""), "{snippet}");
    assert!(snippet.contains("static/embed.js"), "{snippet}");
    root.remove();
}
