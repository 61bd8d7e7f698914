//! What the page's browser tests share: CPython's transcripts, compiled in (a
//! test in the browser has no files to read), and waiting for a state by
//! polling it instead of sleeping a guessed time.

#![allow(dead_code)] // each test file uses a part

use async_playground::components::app::{Playground, PlaygroundProps};
use async_playground::driver::now;
use gloo_timers::future::TimeoutFuture;
use web_sys::Element;

/// How long a test waits for a state before it fails: a hang, never a speed
/// check (speed figures are the bench's: `cargo xtask bench`).
pub const PATIENCE_MS: f64 = 60_000.0;

/// CPython's lines in a golden transcript (`tests/golden/<example>/<case>.txt`,
/// passed as `include_str!`), after checking that its first header line is
/// `header` (so a test cannot read the wrong case). The native tests check
/// the second header line, the program's hash.
pub fn golden(header: &str, text: &str) -> Vec<String> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(header), "the golden file is another case");
    let hash = lines.next().unwrap_or_default();
    assert!(hash.starts_with("# fnv1a64 of the program: "), "no program hash in the golden of {header}: {hash:?}");
    lines.map(String::from).collect()
}

/// Waits until `ready()` holds, checking every few milliseconds.
pub async fn until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = now();
    while !ready() {
        assert!(now() - start < PATIENCE_MS, "waited {PATIENCE_MS} ms for {what}");
        TimeoutFuture::new(5).await;
    }
}

/// Waits until the page's clock (`performance.now()`) reaches `time_ms`: for
/// watching that nothing happens up to a moment something would have.
pub async fn until_time(time_ms: f64) {
    while now() < time_ms {
        TimeoutFuture::new(10).await;
    }
}

/// Renders the page for the link's query `search` (`"?example=gather&view=loop"`) into a new
/// element at the end of the test document, with the page's stylesheet (added once per
/// document, so that what is laid out is laid out as on the page), and returns the element.
pub fn open_page(search: &str) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("page-style").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("page-style");
        style.set_text_content(Some(include_str!("../../static/style.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
    open_unstyled_page(search)
}

/// The same without the stylesheet: for tests of what the page says and does, not where.
pub fn open_unstyled_page(search: &str) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Playground>::with_root_and_props(
        root.clone(),
        PlaygroundProps { search: search.to_string().into() },
    )
    .render();
    root
}
