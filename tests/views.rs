//! The Timeline and Event loop views in a browser: the tabs keep the console
//! the default, the timeline shows the hops of asyncio's rules, and stepping
//! by hand shows the ready queue as `_run_once` sees it.

#![cfg(target_arch = "wasm32")]

mod common;

use async_playground::loop_session::{LoopSession, MAX_LISTED};
use async_playground::timeline_grid::{replay, MAX_COLUMNS, MAX_ROWS};
use common::open_page;
use playground::examples::find;
use playground::trace::{CallbackName, TaskId, Timeline};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Waits until Yew has rendered what the last event changed.
async fn settle() {
    yew::scheduler::flush().await;
}

async fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

fn attrs(root: &Element, selector: &str, name: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap().get_attribute(name).unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn console_is_the_default_tab_and_stays_in_the_page() {
    let root = open_page("?example=compute-square");
    settle().await;
    assert_eq!(attrs(&root, "#tab-console", "aria-selected"), ["true"]);
    assert_eq!(attrs(&root, "#console", "data-state"), ["idle"]);
    click(&root, "#tab-timeline").await;
    assert_eq!(attrs(&root, "#tab-timeline", "aria-selected"), ["true"]);
    assert!(root.query_selector("#timeline").unwrap().is_some());
    assert!(root.query_selector("#console").unwrap().is_some(), "the console stays mounted");
    click(&root, "#tab-console").await;
    assert!(root.query_selector("#timeline").unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn timeline_of_compute_square_marks_task_1_running_in_iterations_1_and_3() {
    let root = open_page("?example=compute-square&view=timeline");
    settle().await;
    let running = r#"#timeline .tl-row[data-task="1"] .tl-cell[data-activity="running"]"#;
    assert_eq!(attrs(&root, running, "data-iteration"), ["1", "3"]);
    // Its sleep fires in iteration 2: it is ready there, and runs in 3.
    let second = r#"#timeline .tl-row[data-task="1"] .tl-cell[data-iteration="2"]"#;
    assert_eq!(attrs(&root, second, "data-activity"), ["ready"]);
    // wait() wakes Task-5 two iterations after the last child finished (3).
    let main = r#"#timeline .tl-row[data-task="5"] .tl-cell[data-activity="running"]"#;
    assert_eq!(attrs(&root, main, "data-iteration"), ["1", "5"]);
    assert_eq!(texts(&root, r#"#timeline .tl-row[data-task="1"] .tl-label"#), ["Task-1 compute_square"]);
    assert_eq!(texts(&root, r#"#timeline .tl-row[data-task="1"] .tl-cell.returned"#), ["✓"]);
    let waiting = r#"#timeline .tl-row[data-task="1"] .tl-cell[data-iteration="1"]"#;
    assert!(attrs(&root, waiting, "title")[0].contains("waiting for sleep until t=1.000"));
    root.remove();
}

#[wasm_bindgen_test]
async fn timeline_by_virtual_time_draws_bars() {
    let root = open_page("?example=compute-square&view=timeline");
    settle().await;
    click(&root, "#timeline-by-time").await;
    let bars = root.query_selector_all(r#"#timeline .tl-row[data-task="1"] .tl-bar.waiting"#).unwrap();
    assert_eq!(bars.length(), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn first_step_leaves_the_other_first_steps_in_the_ready_queue() {
    let root = open_page("?example=compute-square&view=loop");
    settle().await;
    assert_eq!(texts(&root, "#ready-queue li.handle"), Vec::<String>::new());
    click(&root, "#loop-step").await;
    assert_eq!(texts(&root, "#loop-iteration"), ["1"]);
    assert_eq!(texts(&root, ".ran-box .handles li"), ["Task-1.__step()"]);
    assert_eq!(
        texts(&root, "#ready-queue li.handle.this-iteration"),
        ["Task-2.__step()", "Task-3.__step()", "Task-4.__step()", "Task-5.__step()"]
    );
    assert_eq!(texts(&root, ".ran-box .printed .text"), ["Compute square of 4", "Perform I/O now..."]);
    assert_eq!(texts(&root, "#timers li .when"), ["t=1.000"]);
    root.remove();
}

#[wasm_bindgen_test]
async fn next_iteration_then_the_loop_sleeps_until_the_first_timer() {
    let root = open_page("?example=compute-square&view=loop");
    settle().await;
    click(&root, "#loop-next-iteration").await;
    assert_eq!(texts(&root, "#ready-queue li.handle"), Vec::<String>::new());
    assert_eq!(texts(&root, "#timers li .when").len(), 4);
    click(&root, "#loop-step").await;
    let summary = texts(&root, "#loop-summary")[0].clone();
    assert!(summary.contains("the loop sleeps until t=1.000"), "{summary}");
    click(&root, "#loop-step").await;
    assert_eq!(texts(&root, "#loop-time"), ["1.000"]);
    click(&root, "#loop-restart").await;
    assert_eq!(texts(&root, "#loop-iteration"), ["0"]);
    root.remove();
}

#[wasm_bindgen_test]
fn wakeups_queued_during_an_iteration_wait_for_the_next() {
    let example = find("compute-square").unwrap();
    let mut session = LoopSession::new(example, example.defaults());
    session.next_iteration(); // iteration 1: every first step
    session.step(); // nothing ready: sleeps until t=1
    assert_eq!(session.sleeping_until(), Some(1.0));
    session.step(); // the clock jumps
    session.step(); // iteration 2: the first sleep timer fires
    let lp = session.run().event_loop();
    assert_eq!(lp.iteration(), 2);
    let ready = lp.ready_callbacks();
    assert_eq!(lp.left_in_iteration(), 3, "three more timers belong to iteration 2");
    assert_eq!(ready[3], CallbackName::TaskWakeup(TaskId(1)), "queued during it: runs in iteration 3");
}

#[wasm_bindgen_test]
async fn a_big_run_draws_at_most_the_capped_rows_and_columns() {
    let example = find("gather").unwrap();
    let params = example.parse_params([("count", "3000")]).unwrap();
    let timeline = Timeline::of(&replay(example, &params, None).trace());
    let (tasks, iterations) = (timeline.lanes.len(), timeline.iterations.len());
    assert!(tasks > MAX_ROWS);
    let root = open_page("?example=gather&count=3000&view=timeline");
    settle().await;
    assert_eq!(root.query_selector_all("#timeline .tl-row[data-task]").unwrap().length() as usize, MAX_ROWS);
    let columns = root.query_selector_all("#timeline .tl-header .tl-head").unwrap().length() as usize;
    assert_eq!(columns, iterations.min(MAX_COLUMNS));
    let more = texts(&root, "#timeline .timeline-more");
    assert!(more[0].contains(&format!("{} more tasks", tasks - MAX_ROWS)), "{more:?}");
    root.remove();
}

#[wasm_bindgen_test]
async fn stepping_a_big_gather_lists_at_most_the_capped_handles() {
    let root = open_page("?example=gather&count=3000&view=loop");
    settle().await;
    click(&root, "#loop-step").await;
    let listed = root.query_selector_all("#ready-queue li.handle.this-iteration").unwrap().length() as usize;
    assert_eq!(listed, MAX_LISTED);
    let more = texts(&root, "#ready-queue li.empty");
    assert!(more.iter().any(|m| m.starts_with("… and ")), "{more:?}");
    click(&root, "#loop-next-iteration").await;
    let ran = root.query_selector_all(".ran-box .handles li").unwrap().length() as usize;
    assert!(ran <= MAX_LISTED + 1, "{ran} handles listed");
    assert_eq!(texts(&root, "#loop-iteration"), ["1"]);
    root.remove();
}

#[wasm_bindgen_test]
fn view_is_kept_in_the_link_and_console_is_left_out() {
    use playground::link::{PageQuery, View};
    let query = PageQuery::parse("?example=compute-square&view=loop");
    assert_eq!(query.view, View::EventLoop);
    assert_eq!(query.to_search(), "?example=compute-square&view=loop");
    assert_eq!(PageQuery::parse("?view=console").to_search(), "");
    assert_eq!(PageQuery::parse("?view=nonsense").view, View::Console);
}

#[wasm_bindgen_test]
async fn while_the_console_runs_the_timeline_shows_only_what_has_happened() {
    let root = open_page("?example=compute-square&view=timeline");
    settle().await;
    assert_eq!(texts(&root, "#timeline .tl-header .tl-head b").len(), 6, "idle: the whole run");
    click(&root, "#run").await;
    // At 1x the first timer fires after a second: only iteration 1 so far.
    assert_eq!(attrs(&root, "#console", "data-state"), ["running"]);
    assert_eq!(texts(&root, "#timeline .tl-header .tl-head b"), ["1"]);
    click(&root, "#stop").await;
    root.remove();
}

#[wasm_bindgen_test]
async fn one_next_iteration_press_runs_one_iteration_with_the_sleep_in_it() {
    let root = open_page("?example=gather&view=loop");
    settle().await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        click(&root, "#loop-next-iteration").await;
        seen.push(texts(&root, "#loop-iteration")[0].clone());
    }
    assert_eq!(seen, ["1", "2", "3"]);
    click(&root, "#loop-restart").await;
    click(&root, "#loop-next-iteration").await;
    click(&root, "#loop-next-iteration").await;
    let summary = texts(&root, "#loop-summary")[0].clone();
    assert!(summary.starts_with("Nothing was ready, so the loop slept until its earliest timer: the clock jumped from t=0.000 to t=1.000. Iteration 2 ran to its end: 5 handles."), "{summary}");
    assert_eq!(texts(&root, "#loop-time"), ["1.000"]);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_timer_list_names_the_task_each_sleep_timer_wakes() {
    let root = open_page("?example=many-tasks&count=5&view=loop");
    settle().await;
    click(&root, "#loop-next-iteration").await;
    // sleep(1/x): Task-5's timer (0.2 s) is the earliest, Task-1's (1 s) the last.
    assert_eq!(
        texts(&root, "#timers li.timer"),
        [
            "t=0.200sleep timer: set_result() → wakes Task-5",
            "t=0.250sleep timer: set_result() → wakes Task-4",
            "t=0.333sleep timer: set_result() → wakes Task-3",
            "t=0.500sleep timer: set_result() → wakes Task-2",
            "t=1.000sleep timer: set_result() → wakes Task-1",
        ]
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn deadlines_a_hundred_thousandth_of_a_second_apart_are_told_apart() {
    let root = open_page("?example=many-tasks&count=100000&view=loop");
    settle().await;
    click(&root, "#loop-next-iteration").await;
    let whens = texts(&root, "#timers li .when");
    assert_eq!(whens.len(), MAX_LISTED);
    assert_eq!(whens[..2], ["t=0.0000100000", "t=0.0000100001"]);
    assert!(whens.windows(2).all(|w| w[0] != w[1]), "{whens:?}");
    root.remove();
}

fn widths(root: &Element, selector: &str) -> (i32, i32) {
    let e = root.query_selector(selector).unwrap().unwrap();
    (e.scroll_width(), e.client_width())
}

#[wasm_bindgen_test]
async fn the_timeline_fits_the_run_to_the_width_and_zooms_in_on_request() {
    let root = open_page("?example=many-tasks&count=20&view=timeline");
    settle().await;
    // Fitted: the whole run, down to the last task's ✓, without scrolling.
    let (scroll, client) = widths(&root, "#timeline .timeline-scroll");
    assert!(scroll <= client, "the fitted timeline scrolls: {scroll} px in {client} px");
    let (name, room) = widths(&root, r#"#timeline .tl-row[data-task="1"] .tl-label"#);
    assert!(name <= room, "Task-1's name is cut: {name} px in {room} px");
    assert_eq!(texts(&root, r#"#timeline .tl-row[data-task="1"] .tl-label"#), ["Task-1 long_task"]);
    click(&root, "#timeline-zoom").await;
    // The drawing is a child component: it re-renders after the buttons.
    for _ in 0..100 {
        if root.query_selector("#timeline .tl-grid.zoomed").unwrap().is_some() {
            break;
        }
        settle().await;
    }
    let (scroll, client) = widths(&root, "#timeline .timeline-scroll");
    assert!(scroll > client, "zoomed in, the columns are wider than the panel: {scroll} px in {client} px");
    root.remove();
}

#[wasm_bindgen_test]
async fn on_a_phone_s_width_the_timeline_keeps_whole_task_names() {
    let root = open_page("?example=compute-square&view=timeline");
    root.set_attribute("style", "width: 390px").unwrap();
    settle().await;
    for task in 1..=5 {
        let (name, room) = widths(&root, &format!(r#"#timeline .tl-row[data-task="{task}"] .tl-label"#));
        assert!(name <= room, "Task-{task}'s name is cut: {name} px in {room} px");
    }
    let (scroll, client) = widths(&root, "#timeline .timeline-scroll");
    assert!(scroll <= client, "the fitted timeline scrolls: {scroll} px in {client} px");
    root.remove();
}
