//! The page's state in its URL: parsing a link, writing it back, and the
//! page state a link describes.

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
    let spec = &examples::find("many-tasks").unwrap().params[0];
    assert_eq!(page.fields[0].error, Some(spec.parse("abc").unwrap_err().message));
    assert_eq!(page.params(), None);
    // The source still shows the lecture's value.
    assert_eq!(page.shown_params(), page.example.defaults());
}

#[wasm_bindgen_test]
fn unknown_example_and_parameter_are_reported_not_fatal() {
    let page = Page::from_query(&PageQuery::parse("?example=nope&cnt=3"));
    assert_eq!(page.example.id, examples::EXAMPLES[0].id);
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
