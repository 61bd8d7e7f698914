//! The interpreter's conformance suite: every program in `tests/python/` prints what CPython
//! 3.11 printed for it (`tests/python/<name>.expected`, recorded by `cargo xtask golden`), line
//! for line. Hex addresses are masked, and the frames of CPython's own standard library are
//! left out (their paths are the machine's), with their caret lines; the program's own caret
//! lines (`~~^~~` under the failing expression) must be CPython's.
//! Each expectation starts with the FNV-1a 64-bit hash of its program: an expectation older
//! than its program fails.

use std::path::{Path, PathBuf};

use playground::Run;

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/python")
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A transcript as the comparison sees it.
fn normalize(lines: &[String], file_name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let bare = line.trim_start_matches(['|', ' ']);
        if let Some(rest) = bare.strip_prefix("File \"") {
            let path = rest.split('"').next().unwrap_or("");
            if path != file_name {
                // A frame of the standard library, its source line and the carets under it.
                i += 1;
                if i < lines.len() && !lines[i].trim_start_matches(['|', ' ']).starts_with("File \"") {
                    i += 1;
                    if i < lines.len() && is_caret_line(&lines[i]) {
                        i += 1;
                    }
                }
                continue;
            }
        }
        out.push(mask(line));
        i += 1;
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// The line of `^` and `~` CPython 3.11 prints under a traceback's source line.
fn is_caret_line(line: &str) -> bool {
    let trimmed = line.trim_start_matches(['|', ' ']).trim();
    !trimmed.is_empty() && trimmed.chars().all(|c| c == '^' || c == '~')
}

/// `0x7f3a...` -> `0x...`; the standard library's directory -> `<stdlib>`.
fn mask(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'0'
            && bytes.get(i + 1) == Some(&b'x')
            && bytes.get(i + 2).is_some_and(|b| b.is_ascii_hexdigit())
        {
            s.push_str("0x...");
            i += 2;
            while i < bytes.len() && bytes[i].is_ascii_hexdigit() {
                i += 1;
            }
            continue;
        }
        let c = line[i..].chars().next().unwrap_or(' ');
        s.push(c);
        i += c.len_utf8();
    }
    match s.find("/lib/python3.11") {
        Some(end) => {
            let start = s[..end].rfind([' ', '"']).map_or(0, |p| p + 1);
            format!("{}<stdlib>{}", &s[..start], &s[end + "/lib/python3.11".len()..])
        }
        None => s,
    }
}

fn programs() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(suite_dir())
        .expect("tests/python exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    all.sort();
    all
}

#[test]
fn every_program_prints_what_cpython_printed() {
    let mut failures = Vec::new();
    for path in programs() {
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&path).unwrap();
        let expected_path = path.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no expectation: run `cargo xtask golden python`", path.display()));
        let (header, body) = expected.split_once('\n').unwrap_or((&expected, ""));
        let hash = format!("# fnv1a64={:016x}", fnv1a64(source.as_bytes()));
        if header != hash {
            failures.push(format!(
                "{file_name}: the expectation is older than the program: run `cargo xtask golden python`"
            ));
            continue;
        }
        let mut run = Run::python(&file_name, source);
        run.run_to_end();
        let actual = normalize(&run.transcript(), &file_name);
        let expected: Vec<String> = body.lines().map(String::from).collect();
        let expected = normalize(&expected, &file_name);
        if actual != expected {
            let first =
                actual.iter().zip(&expected).position(|(a, e)| a != e).unwrap_or(actual.len().min(expected.len()));
            failures.push(format!(
                "{file_name}: line {}\n  expected: {:?}\n  actual:   {:?}",
                first + 1,
                expected.get(first),
                actual.get(first)
            ));
        }
    }
    assert!(failures.is_empty(), "{} program(s) differ from CPython:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_suite_covers_the_subset_with_enough_programs() {
    assert!(programs().len() >= 80, "tests/python has {} programs", programs().len());
}

#[test]
fn normalizing_masks_addresses_and_drops_library_frames_with_their_carets() {
    let lines: Vec<String> = [
        "Traceback (most recent call last):",
        "  File \"t.py\", line 3, in <module>",
        "    main()",
        "    ^^^^^^",
        "  File \"/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/runners.py\", line 190, in run",
        "    return runner.run(main)",
        "           ^^^^^^^^^^^^^^^^",
        "<function f at 0x7f3a2b>",
        "cb=[_run_until_complete_cb() at /usr/lib/python3.11/asyncio/base_events.py:180]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        normalize(&lines, "t.py"),
        [
            "Traceback (most recent call last):",
            "  File \"t.py\", line 3, in <module>",
            "    main()",
            "    ^^^^^^",
            "<function f at 0x...>",
            "cb=[_run_until_complete_cb() at <stdlib>/asyncio/base_events.py:180]",
        ]
    );
}
