//! The clocks and the status line as a student sees them: the virtual clock
//! moves while the loop sleeps, Stop says how far it got, and a run the page
//! cannot play in real time says so.

#![cfg(target_arch = "wasm32")]

mod common;

use async_playground::state::{RunState, RunView};
use common::open_page;
use gloo_timers::future::TimeoutFuture;
use playground::link::Speed;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector).unwrap().and_then(|e| e.text_content()).unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector).unwrap().unwrap().dyn_into::<HtmlElement>().unwrap().click();
}

/// Polls every 5 ms, for at most 20 s, until `ready` holds.
async fn until(root: &Element, what: &str, ready: impl Fn(&Element) -> bool) {
    for _ in 0..4000 {
        if ready(root) {
            return;
        }
        TimeoutFuture::new(5).await;
    }
    panic!("never saw {what}; the console bar says {:?}", text(root, ".console-bar"));
}

#[wasm_bindgen_test]
async fn at_a_tenth_of_real_time_the_clock_moves_while_the_loop_sleeps_and_stop_says_how_far() {
    let root = open_page("?example=print-sum&speed=0.1");
    TimeoutFuture::new(20).await;
    click(&root, "#run");
    until(&root, "the loop sleeping until t=1.000", |r| text(r, "#run-detail") == "sleeping until t=1.000").await;
    until(&root, "the virtual clock moving", |r| text(r, "#virtual-time") != "0.000 s").await;
    click(&root, "#stop");
    until(&root, "the stopped console", |r| text(r, ".console-end").starts_with("Stopped at t = ")).await;
    let end = text(&root, ".console-end");
    let stopped_at = end.strip_prefix("Stopped at t = ").and_then(|e| e.split(" (virtual)").next()).unwrap();
    assert_ne!(stopped_at, "0.000 s", "{end}");
    assert_eq!(text(&root, "#virtual-time"), stopped_at);
    // The notes read the loop's clock: it went on while the loop slept.
    let notes = text(&root, ".notes");
    assert!(notes.contains(&format!("The run took {stopped_at} on the event loop's clock")), "{notes}");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_run_the_page_cannot_play_in_real_time_says_so() {
    let root = open_page("?example=many-tasks&count=100000&speed=10&autorun=1");
    until(&root, "the run to end", |r| {
        r.query_selector("#console").unwrap().and_then(|c| c.get_attribute("data-state")).as_deref() == Some("done")
    })
    .await;
    let detail = text(&root, "#run-detail");
    assert!(detail.starts_with("slower than real time at 10x: 1.000 s of virtual time took "), "{detail}");
    root.remove();
}

fn run_view(state: RunState, speed: Speed, virtual_time: f64, wall_ms: f64) -> RunView {
    RunView { state, speed, virtual_time, wall_ms, ..RunView::default() }
}

#[wasm_bindgen_test]
fn the_status_line_says_what_the_loop_waits_for_and_when_the_page_falls_behind() {
    let mut sleeping = run_view(RunState::Running, Speed::Tenth, 0.25, 2_500.0);
    sleeping.sleeping_until = Some(1.0);
    assert_eq!(sleeping.detail().as_deref(), Some("sleeping until t=1.000"));
    let mut behind = run_view(RunState::Running, Speed::RealTime, 0.5, 900.0);
    behind.late_ms = 400.0;
    assert_eq!(behind.detail().as_deref(), Some("cannot keep up with real time: 0.4 s behind"));
    let slow = run_view(RunState::Done, Speed::RealTime, 1.0, 2_180.0);
    assert_eq!(slow.detail().as_deref(), Some("slower than real time at 1x: 1.000 s of virtual time took 2.180 s"));
    assert_eq!(run_view(RunState::Done, Speed::RealTime, 1.0, 1_003.0).detail(), None, "on time");
    assert_eq!(run_view(RunState::Done, Speed::Instant, 1.0, 9_000.0).detail(), None, "instant has no schedule");
    // echo-client: the clock stood still while its connections opened.
    let outside = RunView { outside: true, ..run_view(RunState::Done, Speed::RealTime, 1.0, 2_180.0) };
    assert_eq!(outside.detail(), None, "a run talking to a real server");
}
