//! The lecture's first half in a browser: the models, iterators, generators
//! and coroutines examples opened from a link with `autorun=1` and values
//! other than the lecture's print what CPython printed; the Steps tab shows
//! each generator paused where CPython's `gi_frame` was; the Models tab
//! draws the totals; bad values are refused at their field.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{golden, open_unstyled_page, until};
use playground::trace::mask_addresses;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

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

fn text(root: &Element, selector: &str) -> String {
    texts(root, selector).into_iter().next().unwrap_or_else(|| panic!("no {selector}"))
}

fn attrs(root: &Element, selector: &str, name: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap().get_attribute(name).unwrap_or_default())
        .collect()
}

fn attr(root: &Element, selector: &str, name: &str) -> String {
    attrs(root, selector, name).into_iter().next().unwrap_or_else(|| panic!("no {selector}"))
}

/// Waits while the Steps tab runs the program towards the step asked for
/// (it does in slices, one per frame).
async fn steps_settled(root: &Element) {
    settle().await;
    until("the Steps tab to reach its step", || attr(root, "#step-view", "data-working") == "false").await;
    settle().await;
}

async fn step_forward(root: &Element) {
    click(root, "#step-forward").await;
    steps_settled(root).await;
}

fn is_disabled(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).has_attribute("disabled")
}

/// CPython's lines with addresses masked.
fn comparable(lines: &[String]) -> Vec<String> {
    lines.iter().map(|l| mask_addresses(l)).collect()
}

/// Opens `search` with `autorun=1` at instant speed, waits for the run's
/// end, and checks the console against CPython's transcript.
async fn console_prints_cpythons_transcript(search: &str, header: &str, recorded: &str, state: &str) {
    let root = open_unstyled_page(&format!("{search}&autorun=1&speed=instant"));
    settle().await;
    until("the run to end", || attr(&root, "#console", "data-state") != "running").await;
    settle().await;
    assert_eq!(attr(&root, "#console", "data-state"), state, "{search}");
    let shown: Vec<String> = texts(&root, "#console .line .text").iter().map(|l| mask_addresses(l)).collect();
    assert_eq!(shown, comparable(&golden(header, recorded)), "{search}");
    root.remove();
}

#[wasm_bindgen_test]
async fn models_with_two_long_computations_prints_cpythons_lines() {
    console_prints_cpythons_transcript(
        "?example=models&tasks=2&compute=1&io=0.2",
        "# playground run models tasks=2 compute=1 io=0.2",
        include_str!("golden/models/tasks-2__compute-1__io-0.2.txt"),
        "done",
    )
    .await;
}

#[wasm_bindgen_test]
async fn iterators_past_the_end_prints_stop_iteration_as_cpython_does() {
    console_prints_cpythons_transcript(
        "?example=iterators&values=5,6&calls=3",
        "# playground run iterators values=5,6 calls=3",
        include_str!("golden/iterators/values-5_6__calls-3.txt"),
        "error",
    )
    .await;
}

#[wasm_bindgen_test]
async fn range_of_a_hundred_prints_cpythons_lines() {
    console_prints_cpythons_transcript(
        "?example=range&n=100",
        "# playground run range n=100",
        include_str!("golden/range/n-100.txt"),
        "done",
    )
    .await;
}

#[wasm_bindgen_test]
async fn odds_with_twenty_calls_prints_cpythons_lines() {
    console_prints_cpythons_transcript(
        "?example=odds&n=10000&calls=20",
        "# playground run odds n=10000 calls=20",
        include_str!("golden/odds/n-10000__calls-20.txt"),
        "done",
    )
    .await;
}

#[wasm_bindgen_test]
async fn every_two_odds_running_out_prints_stop_iteration() {
    console_prints_cpythons_transcript(
        "?example=every-two-odds&n=10&calls=4",
        "# playground run every-two-odds n=10 calls=4",
        include_str!("golden/every-two-odds/n-10__calls-4.txt"),
        "error",
    )
    .await;
}

#[wasm_bindgen_test]
async fn divisor_sent_zero_prints_cpythons_zero_division_traceback() {
    console_prints_cpythons_transcript(
        "?example=divisor&n=100&xs=2,3,4,5,10,0&version=3",
        "# playground run divisor n=100 xs=2,3,4,5,10,0 version=3",
        include_str!("golden/divisor/n-100__xs-2_3_4_5_10_0__version-3.txt"),
        "error",
    )
    .await;
}

#[wasm_bindgen_test]
async fn the_steps_tab_shows_both_chained_frames_paused_where_cpython_paused_them() {
    let root = open_unstyled_page("?example=every-two-odds&n=20&calls=4&view=steps&autorun=1");
    steps_settled(&root).await;
    assert_eq!(attr(&root, "#tab-steps", "aria-selected"), "true");
    assert_eq!(attr(&root, "#step-view", "data-position"), "0");
    // Before the first step: both generators made, neither started.
    assert_eq!(attrs(&root, ".step-frame", "data-state"), ["created", "created"]);
    step_forward(&root).await;
    step_forward(&root).await;
    assert_eq!(text(&root, "#step-position"), "2");
    assert_eq!(text(&root, "#step-in"), "None");
    assert_eq!(text(&root, "#step-out"), "5");
    // tests/steps/every-two-odds: after the second next(nums), get_every_two_odds
    // is paused on line 14 (yield o) and get_odds, inside it, on line 8 (yield i).
    assert_eq!(attr(&root, ".step-frame[data-generator='get_every_two_odds']", "data-line"), "14");
    assert_eq!(attr(&root, ".step-frame[data-generator='get_odds']", "data-line"), "8");
    let inner_i = ".step-frame[data-generator='get_odds'] .step-local[data-name='i'] .step-value";
    assert_eq!(text(&root, inner_i), "5");
    assert!(
        root.query_selector(".step-frame[data-generator='get_every_two_odds'] .step-frame[data-generator='get_odds']")
            .unwrap()
            .is_some(),
        "the inner generator is drawn inside the outer one"
    );
    assert_eq!(attrs(&root, ".step-line.paused", "data-line"), ["8", "14"]);
    assert_eq!(attrs(&root, ".step-line.call", "data-line"), ["19"]);
    // What was printed by the next step: print(next(nums)) printed 1, then 5.
    assert_eq!(text(&root, "#step-printed"), "1\n5");
    // Back is the kept record of step 1.
    click(&root, "#step-back").await;
    assert_eq!(text(&root, "#step-position"), "1");
    assert_eq!(text(&root, "#step-out"), "1");
    assert_eq!(text(&root, inner_i), "1");
    // The console ran meanwhile (autorun=1), behind its tab.
    until("the console's run to end", || attr(&root, "#console", "data-state") == "done").await;
    assert_eq!(texts(&root, "#console .line .text"), ["1", "5", "9", "13"]);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_steps_tab_shows_a_coroutine_finished_by_the_exception_sent_into_it() {
    let root = open_unstyled_page("?example=divisor&xs=2,0&view=steps");
    steps_settled(&root).await;
    for _ in 0..4 {
        step_forward(&root).await;
    }
    assert_eq!(text(&root, "#step-position"), "4");
    assert_eq!(text(&root, "#step-count"), "4");
    assert_eq!(text(&root, "#step-in"), "0");
    assert_eq!(text(&root, "#step-out"), "ZeroDivisionError('integer modulo by zero')");
    assert_eq!(attr(&root, ".step-frame", "data-state"), "closed");
    assert!(is_disabled(&root, "#step-forward"), "the program has ended");
    // Step 2 sent 2 in: x = 2 in the frame, paused at the second yield (line 4).
    click(&root, "#step-restart").await;
    step_forward(&root).await;
    step_forward(&root).await;
    assert_eq!(text(&root, "#step-in"), "2");
    assert_eq!(text(&root, "#step-out"), "False");
    assert_eq!(attr(&root, ".step-frame", "data-line"), "4");
    assert_eq!(texts(&root, ".step-local .step-value"), ["55", "2"]);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_models_tab_shows_the_three_totals() {
    let root = open_unstyled_page("?example=models&tasks=2&compute=1&io=0.2&view=models&autorun=1");
    settle().await;
    let total = |model: &str| attr(&root, &format!(".model[data-model='{model}'] .model-total"), "data-total");
    // Synchronous: 2 x (1 + 0.2); threaded: 1 + 0.2; asynchronous: 2 x 1 + 0.2.
    assert_eq!(
        (total("synchronous"), total("threaded"), total("asynchronous")),
        ("2.400".into(), "1.200".into(), "2.200".into())
    );
    assert_eq!(texts(&root, ".model[data-model='asynchronous'] .model-lane").len(), 2);
    assert_eq!(
        attrs(&root, ".model[data-model='asynchronous'] .model-lane[data-task='1'] .stretch", "data-doing"),
        ["computing", "waiting"]
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn bad_values_are_refused_at_their_field_and_nothing_runs() {
    for (search, field, message) in [
        ("?example=divisor&version=4", "version", "4 is out of range; expected a whole number from 1 to 3"),
        ("?example=range&n=10000001", "n", "10000001 is out of range; expected a whole number from 0 to 10000000"),
        ("?example=odds&n=2.5", "n", "'2.5' is not a whole number"),
        ("?example=iterators&values=1,x", "values", "'x' is not a whole number"),
    ] {
        let root = open_unstyled_page(&format!("{search}&autorun=1"));
        settle().await;
        let error = text(&root, &format!("#param-{field}-error"));
        assert!(error.contains(message), "{search}: {error}");
        assert!(is_disabled(&root, "#run"), "{search}");
        assert_eq!(attr(&root, "#console", "data-state"), "idle", "{search}");
        assert!(texts(&root, "#console .line").is_empty(), "{search}");
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn a_view_the_example_does_not_have_is_reported_and_the_console_shown() {
    let root = open_unstyled_page("?example=odds&view=loop");
    settle().await;
    assert_eq!(texts(&root, ".view-tab"), ["Console", "Steps"]);
    assert_eq!(attr(&root, "#tab-console", "aria-selected"), "true");
    assert_eq!(texts(&root, ".link-problem"), ["Ignored view=loop from the link: odds shows console, steps."]);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_long_way_to_the_first_step_of_range_runs_in_slices() {
    let root = open_unstyled_page("?example=range&n=300000&view=steps");
    settle().await;
    // my_range_1(300000) runs before the first next(): not in the render, in frames after it.
    assert_eq!(attr(&root, "#step-view", "data-working"), "true");
    assert!(is_disabled(&root, "#step-forward"));
    steps_settled(&root).await;
    assert_eq!(attr(&root, ".step-frame", "data-generator"), "my_range_2");
    assert_eq!(attr(&root, ".step-frame", "data-state"), "created");
    step_forward(&root).await;
    assert_eq!(text(&root, "#step-out"), "0");
    assert_eq!(attr(&root, ".step-frame", "data-line"), "12");
    root.remove();
}
