//! Whatever a person types into a form field or a link, the one parameter
//! parser and the URL reader answer with a value or a clear message: never a
//! panic (the page is built with `panic = "abort"`, where a panic kills it),
//! never a message that repeats a pasted page of text.

use playground::examples::{ParamKind, EXAMPLES};
use playground::link::{decode, encode, PageQuery};
use proptest::prelude::*;

/// Text that looks like what people paste: numbers, lists, signs, spaces,
/// brackets, percent escapes, Unicode, and sometimes a lot of it.
fn typed_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+0-9., \\[\\]eE_xa-z%]{0,30}",
        "-?[0-9]{1,40}(\\.[0-9]{0,5})?",
        "([0-9]{1,25},?){0,12}",
        any::<String>(),
        "[0-9a-z,]{0,5000}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_parameter_parses_or_says_why_in_a_short_message(text in typed_text()) {
        for example in EXAMPLES {
            for spec in example.params {
                match spec.parse(&text) {
                    Ok(value) => {
                        // A value read back parses to itself: links round-trip.
                        prop_assert_eq!(spec.parse(&value.to_text()), Ok(value.clone()));
                        check_bounds(spec.kind, &value);
                    }
                    Err(e) => {
                        prop_assert_eq!(e.param.as_str(), spec.name);
                        prop_assert!(!e.message.is_empty());
                        prop_assert!(e.message.chars().count() < 300, "message too long: {}", e.message);
                    }
                }
            }
        }
    }

    #[test]
    fn any_query_string_is_read_and_its_parameters_checked_without_panic(search in any::<String>()) {
        let query = PageQuery::parse(&search);
        if let Some(example) = query.example.as_deref().and_then(playground::examples::find) {
            let pairs = query.params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            if let Err(e) = example.parse_params(pairs) {
                prop_assert!(e.to_string().chars().count() < 400, "message too long: {e}");
            }
        }
        // What the page writes back is read back as the same query.
        let again = PageQuery::parse(&query.to_search());
        prop_assert_eq!(again.example, query.example);
        prop_assert_eq!(again.params, query.params);
        prop_assert_eq!(again.speed, query.speed);
    }

    #[test]
    fn any_query_string_gets_at_most_five_short_messages(
        search in prop_oneof![any::<String>(), "(&[a-z_]{1,8}=[a-z0-9%]{0,60}){0,40}".prop_map(|s| format!("?example=gather{s}"))]
    ) {
        // One for the example, one for all unknown parameters, one per setting (speed, view, theme).
        let problems = PageQuery::parse(&search).problems();
        prop_assert!(problems.len() <= 5, "{problems:?}");
        for problem in &problems {
            prop_assert!(problem.chars().count() < 300, "message too long: {problem}");
        }
    }

    #[test]
    fn decode_undoes_encode(text in any::<String>()) {
        prop_assert_eq!(decode(&encode(&text)), text);
    }

    #[test]
    fn malformed_escapes_are_kept_as_typed(text in "[%0-9a-fA-FgG+ ]{0,20}") {
        let _ = decode(&text);
    }
}

fn check_bounds(kind: ParamKind, value: &playground::examples::Value) {
    use playground::examples::Value;
    match (kind, value) {
        (ParamKind::Int { min, max }, Value::Int(n)) => assert!(min <= *n && *n <= max),
        (ParamKind::Seconds { min, max }, Value::Seconds { seconds, .. }) => {
            assert!(min <= *seconds && *seconds <= max)
        }
        (ParamKind::IntList { min, max, max_len }, Value::IntList(list)) => {
            assert!(!list.is_empty() && list.len() <= max_len);
            assert!(list.iter().all(|n| min <= *n && *n <= max));
        }
        (kind, value) => panic!("{value:?} is not of kind {kind:?}"),
    }
}

#[test]
fn a_pasted_page_of_text_is_echoed_short() {
    let example = playground::examples::find("print-sum").unwrap();
    let huge = "9".repeat(100_000);
    let e = example.parse_params([("x", huge.as_str())]).unwrap_err();
    let echoed = format!("{}... is out of range", "9".repeat(40));
    assert!(e.message.starts_with(&echoed), "{}", e.message);
    let e = example.parse_params([(huge.as_str(), "1")]).unwrap_err();
    assert_eq!(e.param.chars().count(), 43, "{}", e.param);
}

#[test]
fn a_whole_number_too_big_for_any_bound_is_out_of_range() {
    let example = playground::examples::find("print-sum").unwrap();
    let e = example.parse_params([("x", "99999999999999999999")]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "x: 99999999999999999999 is out of range; expected a whole number from -1000000000 to 1000000000"
    );
}
