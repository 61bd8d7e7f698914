//! The page in a browser: the console contract (`#console[data-state]`,
//! `.line .text`, `#elapsed`) and the form's messages.

use gloo_timers::future::TimeoutFuture;
use playground::examples::find;
use playground::Run;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::components::app::{Playground, PlaygroundProps};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn open_page(search: &'static str) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Playground>::with_root_and_props(
        root.clone(),
        PlaygroundProps { search: search.into() },
    )
    .render();
    root
}

fn console_state(root: &Element) -> String {
    root.query_selector("#console")
        .unwrap()
        .and_then(|c| c.get_attribute("data-state"))
        .unwrap_or_default()
}

fn console_lines(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("#console .line .text").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

async fn until_state(root: &Element, state: &str) {
    for _ in 0..1000 {
        if console_state(root) == state {
            return;
        }
        TimeoutFuture::new(5).await;
    }
    panic!("console stayed {:?}, never {state}", console_state(root));
}

#[wasm_bindgen_test]
async fn autorun_link_fills_the_console_with_the_transcript() {
    let root = open_page("?example=compute-square&numbers=2,3&speed=instant&autorun=1");
    until_state(&root, "done").await;
    TimeoutFuture::new(20).await;
    let example = find("compute-square").unwrap();
    let params = example.parse_params([("numbers", "2,3")]).unwrap();
    let mut run = Run::new(example, &params);
    run.run_to_end();
    assert_eq!(console_lines(&root), run.transcript());
    let elapsed = root.query_selector("#elapsed").unwrap().unwrap().text_content().unwrap();
    assert!(elapsed.ends_with(" s"), "{elapsed}");
    root.remove();
}

#[wasm_bindgen_test]
async fn invalid_value_shows_a_message_and_disables_run() {
    let root = open_page("?example=many-tasks&count=0");
    TimeoutFuture::new(20).await;
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
    TimeoutFuture::new(30).await;
    let stop: HtmlElement = root.query_selector("#stop").unwrap().unwrap().dyn_into().unwrap();
    stop.click();
    until_state(&root, "stopped").await;
    let end = root.query_selector(".console-end").unwrap().expect("the console says it was stopped");
    assert!(end.text_content().unwrap().contains("Stopped"));
    root.remove();
}

#[wasm_bindgen_test]
async fn embed_link_shows_no_header_or_picker() {
    let root = open_page("?example=gather&embed=1");
    TimeoutFuture::new(20).await;
    assert!(root.query_selector("header").unwrap().is_none());
    assert!(root.query_selector(".picker").unwrap().is_none());
    assert!(root.query_selector("#console").unwrap().is_some());
    assert!(root.query_selector(".source").unwrap().is_some());
    assert!(root.query_selector("#run").unwrap().is_some());
    root.remove();
}
