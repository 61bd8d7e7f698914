//! The console's chunks: each is built once from one HTML string, so every
//! printed text must come back exactly as `.text`'s text, markup and all;
//! and the console keeps exactly the newest 5,000 lines.

#![cfg(target_arch = "wasm32")]

mod common;

use async_playground::components::console::{chunk_html, chunk_node};
use async_playground::state::ConsoleLine;
use common::open_unstyled_page;
use gloo_timers::future::TimeoutFuture;
use playground::examples::find;
use playground::Run;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn has_class(el: &Element, class: &str) -> bool {
    el.class_name().split_whitespace().any(|c| c == class)
}

fn line(text: &str, task: Option<u32>, stderr: bool) -> ConsoleLine {
    ConsoleLine { time: 0.25, task, stderr, text: text.to_string(), process: "" }
}

const TEXTS: &[&str] = &[
    "plain",
    "<b>not bold</b> & &amp; \"quoted\" 'single' > <",
    "<script>alert(1)</script>",
    "carriage\rreturn and crlf\r\n",
    "tab\tand  spaces  ",
    "",
    "unicode: é ✓ 🐍 \u{85} \u{2028}",
    "</span></div><div class=\"line\">forged",
];

#[wasm_bindgen_test]
fn chunk_text_is_exactly_the_printed_text() {
    let lines: Vec<ConsoleLine> =
        TEXTS.iter().enumerate().map(|(i, t)| line(t, (i % 2 == 0).then_some(i as u32), i == 1)).collect();
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    div.set_inner_html(&chunk_html(&lines));
    let shown = div.query_selector_all(".line").unwrap();
    assert_eq!(shown.length() as usize, lines.len());
    for (i, want) in lines.iter().enumerate() {
        let el: Element = shown.item(i as u32).unwrap().dyn_into().unwrap();
        let text = el.query_selector(".text").unwrap().unwrap();
        assert_eq!(text.text_content().unwrap(), want.text, "line {i}");
        assert_eq!(el.get_attribute("data-time").as_deref(), Some("0.250"));
        assert_eq!(text.get_attribute("data-task"), want.task.map(|t| t.to_string()), "line {i}");
        assert_eq!(el.get_attribute("title"), want.task.map(|t| format!("Task-{t}")));
        assert_eq!(has_class(&el, "stderr"), want.stderr, "line {i}");
        assert_eq!(has_class(&el, &format!("task-c{}", i % 8)), want.task.is_some(), "line {i}");
    }
}

#[wasm_bindgen_test]
fn a_nul_character_survives_too() {
    let lines = vec![line("a\0b", Some(3), false), line("after", None, false)];
    let node: Element = chunk_node(&lines).unwrap().dyn_into().unwrap();
    assert!(has_class(&node, "chunk"));
    let texts = node.query_selector_all(".line .text").unwrap();
    assert_eq!(texts.length(), 2);
    assert_eq!(texts.item(0).unwrap().text_content().unwrap(), "a\0b");
    assert_eq!(texts.item(1).unwrap().text_content().unwrap(), "after");
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

async fn until_state(root: &Element, state: &str) {
    let console_state =
        || root.query_selector("#console").unwrap().and_then(|c| c.get_attribute("data-state")).unwrap_or_default();
    for _ in 0..2000 {
        if console_state() == state {
            return;
        }
        TimeoutFuture::new(5).await;
    }
    panic!("console stayed {:?}, never {state}", console_state());
}

#[wasm_bindgen_test]
async fn the_console_keeps_exactly_the_newest_5000_lines() {
    let root = open_unstyled_page("?example=many-tasks&count=5100&speed=instant&autorun=1");
    until_state(&root, "done").await;
    TimeoutFuture::new(20).await;
    let example = find("many-tasks").unwrap();
    let params = example.parse_params([("count", "5100")]).unwrap();
    let mut run = Run::new(example, &params);
    run.run_to_end();
    let transcript = run.transcript();
    let shown = texts(&root, "#console .line .text");
    assert_eq!(shown.len(), 5000);
    assert_eq!(shown, transcript[transcript.len() - 5000..]);
    assert_eq!(
        texts(&root, "#console .console-info"),
        vec![format!(
            "… {} earlier lines are not shown here; Copy copies all {} lines.",
            transcript.len() - 5000,
            transcript.len()
        )]
    );
    root.remove();
}
