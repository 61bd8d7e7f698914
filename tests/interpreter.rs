//! A sample of the interpreter's conformance suite (`tests/python/`), run in the browser: the
//! wasm build prints what CPython 3.11 printed for the same programs. The whole suite runs
//! natively (`playground/tests/conformance.rs`); this checks that the page's build of the
//! interpreter agrees (float formatting, hashing and set order, deep recursion on the
//! browser's stack).

use playground::Run;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// (file name, program, CPython's output with its hash line).
const SAMPLE: &[(&str, &str, &str)] = &[
    ("arithmetic.py", include_str!("python/arithmetic.py"), include_str!("python/arithmetic.expected")),
    ("numbers_repr.py", include_str!("python/numbers_repr.py"), include_str!("python/numbers_repr.expected")),
    ("dicts_sets.py", include_str!("python/dicts_sets.py"), include_str!("python/dicts_sets.expected")),
    ("generators.py", include_str!("python/generators.py"), include_str!("python/generators.expected")),
    (
        "traceback_recursion.py",
        include_str!("python/traceback_recursion.py"),
        include_str!("python/traceback_recursion.expected"),
    ),
    (
        "asyncio_taskgroup_error.py",
        include_str!("python/asyncio_taskgroup_error.py"),
        include_str!("python/asyncio_taskgroup_error.expected"),
    ),
    ("random_seeded.py", include_str!("python/random_seeded.py"), include_str!("python/random_seeded.expected")),
];

/// Masks addresses and drops the caret lines, as the native suite compares.
fn normalize(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            let t = l.trim();
            t.is_empty() || !t.chars().all(|c| c == '^' || c == '~')
        })
        .map(|l| {
            let mut out = String::new();
            let mut rest = l;
            while let Some(at) = rest.find("0x") {
                out.push_str(&rest[..at]);
                let hex = rest[at + 2..].chars().take_while(|c| c.is_ascii_hexdigit()).count();
                out.push_str(if hex > 0 { "0x..." } else { "0x" });
                rest = &rest[at + 2 + hex..];
            }
            out.push_str(rest);
            out
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_page_build_prints_what_cpython_printed() {
    for (file_name, source, expected) in SAMPLE {
        let (_, expected) = expected.split_once('\n').unwrap_or(("", expected));
        let mut run = Run::python(file_name, source.to_string());
        run.run_to_end();
        let actual = normalize(&run.transcript().join("\n"));
        assert_eq!(actual, normalize(expected), "{file_name}");
    }
}
