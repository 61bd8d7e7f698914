//! The page's state in its URL: parsing a link, writing it back, and the
//! page state a link describes.

#![cfg(target_arch = "wasm32")]

use async_playground::state::{Action, Page, RunState};
use playground::examples::{self, Value};
use playground::link::{decode, encode, PageQuery, Speed};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn link_with_everything_parses() {
    let q = PageQuery::parse("?example=many-tasks&count=250&speed=10&autorun=1&embed=1");
    assert_eq!(q.example.as_deref(), Some("many-tasks"));
    assert_eq!(q.params, vec![("count".to_string(), "250".to_string())]);
    assert_eq!(q.speed, Speed::Ten);
    assert!(q.autorun);
    assert!(q.embed);
    assert_eq!(q.unknown_settings, vec![]);
}

#[wasm_bindgen_test]
fn empty_link_is_the_default_page() {
    assert_eq!(PageQuery::parse(""), PageQuery::default());
    assert_eq!(PageQuery::parse("?"), PageQuery::default());
    assert_eq!(PageQuery::default().speed, Speed::RealTime);
}

#[wasm_bindgen_test]
fn every_speed_round_trips() {
    for speed in Speed::ALL {
        assert_eq!(Speed::parse(speed.to_text()), Some(speed));
        assert_eq!(Speed::parse(speed.label()), Some(speed));
    }
    let q = PageQuery::parse("speed=warp");
    assert_eq!(q.speed, Speed::RealTime);
    assert_eq!(q.unknown_settings, vec![("speed", "warp".to_string())]);
}

#[wasm_bindgen_test]
fn escapes_round_trip() {
    let text = "4, 5 & 6=7 ü/?#+%";
    assert_eq!(decode(&encode(text)), text);
    assert_eq!(encode("4,5,6,7"), "4,5,6,7");
    assert_eq!(decode("1+2%2C3"), "1 2,3");
    assert_eq!(decode("100%"), "100%");
    assert_eq!(decode("%zz"), "%zz");
}

#[wasm_bindgen_test]
fn query_writes_back_what_it_read() {
    let search = "?example=compute-square&numbers=1,2,3&delay=0.5&speed=instant&autorun=1&embed=1";
    assert_eq!(PageQuery::parse(search).to_search(), search);
}

#[wasm_bindgen_test]
fn page_from_link_takes_the_values_as_typed() {
    let page = Page::from_query(&PageQuery::parse("?example=compute-square&numbers=1,2,3&delay=0.5"));
    assert_eq!(page.example.id, "compute-square");
    assert!(page.link_problems.is_empty());
    let params = page.params().expect("both values are valid");
    assert_eq!(params.get("numbers"), &Value::IntList(vec![1, 2, 3]));
    assert_eq!(params.get("delay"), &Value::Seconds { seconds: 0.5, int_literal: false });
}

#[wasm_bindgen_test]
fn page_link_keeps_only_what_differs_from_the_lecture() {
    let page = Page::from_query(&PageQuery::parse("?example=gather&count=7&speed=0.5"));
    assert_eq!(page.query().to_search(), "?example=gather&count=7&speed=0.5");
    let page = Page::from_query(&PageQuery::parse("?example=gather"));
    assert_eq!(page.query().to_search(), "?example=gather");
}

#[wasm_bindgen_test]
fn changed_field_survives_a_reload() {
    let page = std::rc::Rc::new(Page::from_query(&PageQuery::parse("?example=print-sum")));
    let page = page.reduce(Action::Edit { field: 0, text: "40".into() });
    let reloaded = Page::from_query(&PageQuery::parse(&page.query().to_search()));
    assert_eq!(reloaded.fields, page.fields);
    assert_eq!(reloaded.params(), page.params());
}

#[wasm_bindgen_test]
fn invalid_value_in_link_shows_next_to_its_field_and_disables_run() {
    let page = Page::from_query(&PageQuery::parse("?example=many-tasks&count=abc"));
    assert_eq!(page.fields[0].text, "abc");
    assert_eq!(
        page.fields[0].error.as_deref(),
        Some("'abc' is not a whole number; expected a whole number from 1 to 100000")
    );
    assert_eq!(page.params(), None);
    // The source still shows the lecture's value.
    assert_eq!(page.shown_params(), page.example.defaults());
}

#[wasm_bindgen_test]
fn unknown_example_and_parameter_are_reported_not_fatal() {
    let page = Page::from_query(&PageQuery::parse("?example=nope&cnt=3"));
    assert_eq!(page.example.id, examples::landing().id);
    assert_eq!(page.link_problems.len(), 2, "{:?}", page.link_problems);
    assert!(page.link_problems[0].contains("nope"));
    assert!(page.link_problems[1].contains("cnt"));
    assert!(page.params().is_some());
}

#[wasm_bindgen_test]
fn editing_a_field_validates_it() {
    let page = std::rc::Rc::new(Page::from_query(&PageQuery::parse("?example=many-tasks")));
    let page = page.reduce(Action::Edit { field: 0, text: "0".into() });
    assert!(page.fields[0].error.is_some());
    assert_eq!(page.params(), None);
    let page = page.reduce(Action::Edit { field: 0, text: "12".into() });
    assert_eq!(page.fields[0].error, None);
    assert!(page.params().is_some());
}

#[wasm_bindgen_test]
fn reset_restores_the_lecture_values_and_clears_the_console() {
    let page = std::rc::Rc::new(Page::from_query(&PageQuery::parse("?example=many-tasks&count=7")));
    let page = page.reduce(Action::RunStarted);
    assert_eq!(page.run.state, RunState::Running);
    let page = page.reduce(Action::Reset);
    assert_eq!(page.run.state, RunState::Idle);
    assert_eq!(page.fields[0].text, "100");
}

#[wasm_bindgen_test]
fn clearing_a_field_keeps_its_last_valid_value_in_the_source() {
    let page = std::rc::Rc::new(Page::from_query(&PageQuery::parse("?example=compute-square")));
    let page = page.reduce(Action::Edit { field: 0, text: "1,2".into() });
    let page = page.reduce(Action::Edit { field: 0, text: "".into() });
    assert!(page.fields[0].error.is_some());
    assert_eq!(page.params(), None);
    assert_eq!(page.shown_params().get("numbers"), &Value::IntList(vec![1, 2]));
    assert!(page.example.source(&page.shown_params()).contains("for i in [1, 2]:"));
}

#[wasm_bindgen_test]
fn autorun_with_an_invalid_value_says_which_and_that_nothing_ran() {
    let page = Page::from_query(&PageQuery::parse("?example=compute-square&numbers=x&delay=-1&autorun=1"));
    assert_eq!(
        page.run.not_run.as_deref(),
        Some("The link's values for numbers, delay are invalid (see their fields), so nothing ran. Correct them and press Run.")
    );
    // Without autorun the console just says to press Run.
    let page = Page::from_query(&PageQuery::parse("?example=compute-square&numbers=x"));
    assert_eq!(page.run.not_run, None);
    // A run clears the message.
    let page = std::rc::Rc::new(Page::from_query(&PageQuery::parse("?example=many-tasks&count=0&autorun=1")));
    assert!(page.run.not_run.is_some());
    let page = page.reduce(Action::Edit { field: 0, text: "3".into() }).reduce(Action::RunStarted);
    assert_eq!(page.run.not_run, None);
}

#[wasm_bindgen_test]
fn opening_a_link_from_history_shows_its_page_and_never_runs_it() {
    let page = std::rc::Rc::new(Page::from_query(&PageQuery::parse("?example=gather&count=3")));
    let page = page.reduce(Action::RunStarted);
    let page = page.reduce(Action::OpenLink(PageQuery::parse("?example=print-sum&x=5&autorun=1")));
    assert_eq!(page.example.id, "print-sum");
    assert_eq!(page.fields[0].text, "5");
    assert_eq!(page.run.state, RunState::Idle);
    assert!(!page.autorun);
}

#[wasm_bindgen_test]
fn console_window_is_exactly_the_newest_lines() {
    use async_playground::state::{ConsoleLine, ConsoleLog, ShownLines};
    let line = |i: usize| ConsoleLine { time: 0.0, task: None, stderr: false, text: i.to_string(), process: "" };
    let mut log = ConsoleLog::default();
    log.log((0..1_200).map(line).collect());
    log.log((1_200..5_250).map(line).collect());
    assert_eq!(log.newest(5_000), ShownLines { first: 0, skip: 250, hidden: 250 });
    let shown: Vec<&str> = log.chunks[0][250..]
        .iter()
        .chain(log.chunks[1..].iter().flat_map(|c| c.iter()))
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(shown.len(), 5_000);
    assert_eq!(shown[0], "250");
    assert_eq!(log.newest(10_000), ShownLines { first: 0, skip: 0, hidden: 0 });
    assert_eq!(ConsoleLog::default().newest(5_000), ShownLines { first: 0, skip: 0, hidden: 0 });
    log.log((5_250..6_300).map(line).collect());
    assert_eq!(log.newest(5_000), ShownLines { first: 3, skip: 100, hidden: 1_300 });
}
