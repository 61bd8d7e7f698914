//! Every example, for every golden parameter set, prints exactly what CPython
//! 3.11 printed for the same Python program (`tests/golden/`, recorded by
//! `cargo xtask golden`): the interpreter runs the example's own source.
//! Checked twice: through the library's `Run`, and through the CLI binary's
//! stdout. A case `<example> try=N` is the example's N-th "Try this" edit. A transcript recorded from another version of its program (the
//! hash in its header) fails every test here.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use playground::examples::{self, Example, Params};
use playground::runtime::outside::VirtualEcho;
use playground::{Ending, Run};

/// The virtual echo's answer time: the round trip of a loopback connection, about.
const ECHO_LATENCY: f64 = 0.0005;

struct Case {
    file: PathBuf,
    example: &'static Example,
    args: Vec<String>,
    params: Params,
    /// The program CPython ran: the example's source, or a "Try this" edit of it.
    source: String,
    /// `try=N`: the source is the example's N-th "Try this" edit.
    try_this: Option<usize>,
    expected: Vec<String>,
}

impl Case {
    fn run(&self) -> Run {
        match self.try_this {
            Some(_) => Run::edited(self.example, &self.params, self.source.clone()),
            None => Run::new(self.example, &self.params),
        }
    }

    /// CPython ended the program with an uncaught exception (`divisor` with
    /// 0 in xs, a `next()` past the end).
    fn raises(&self) -> bool {
        self.expected.iter().any(|l| l == "Traceback (most recent call last):")
    }
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden")
}

/// Reads every `tests/golden/<example>/<case>.txt`: a header
/// `# playground run <example> [name=value ...]` and the program's hash
/// (see `common`), then CPython's lines. Panics, naming every stale or
/// unreadable transcript, unless all were recorded from today's programs.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut stale = Vec::new();
    for dir in std::fs::read_dir(golden_dir()).expect("tests/golden exists").map(|e| e.unwrap().path()) {
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            let text = std::fs::read_to_string(&file).unwrap();
            let header = text.lines().next().unwrap_or_default();
            let command = header
                .strip_prefix("# playground run ")
                .unwrap_or_else(|| panic!("{}: the first line is `# playground run ...`", file.display()));
            let mut words = command.split_whitespace();
            let id = words.next().expect("the header names an example");
            let example = examples::find(id).unwrap_or_else(|| panic!("{}: unknown example {id}", file.display()));
            let args: Vec<String> = words.map(String::from).collect();
            let pairs: Vec<(&str, &str)> =
                args.iter().map(|a| a.split_once('=').expect("header arguments are name=value")).collect();
            let try_this = pairs.iter().find(|(name, _)| *name == "try").map(|(_, n)| {
                n.parse::<usize>().unwrap_or_else(|_| panic!("{}: try={n} is not a number", file.display()))
            });
            let params = example
                .parse_params(pairs.into_iter().filter(|(name, _)| *name != "try"))
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let source = match try_this {
                Some(n) => example
                    .try_this_source(n, &params)
                    .unwrap_or_else(|| panic!("{}: {} has no \"Try this\" edit {n}", file.display(), example.id)),
                None => example.source(&params),
            };
            // A server's transcript is recorded from both programs: the edit changes the first.
            let recorded_source = source.clone() + &example.second_source(&params).unwrap_or_default();
            match common::read_recorded(&file, &recorded_source) {
                Ok(recorded) => {
                    let expected = common::comparable(&recorded.lines);
                    cases.push(Case { file, example, args, params, source, try_this, expected })
                }
                Err(e) => stale.push(e),
            }
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
    cases.sort_by(|a, b| a.file.cmp(&b.file));
    cases
}

/// Compares line by line (addresses masked: see `common::comparable`); the
/// example's last `unordered` lines come from
/// iterating a Python set, so they are compared as a multiset.
fn assert_same_lines(case: &Case, actual: &[String], what: &str) {
    let actual = common::comparable(actual);
    let unordered = (case.example.unordered_tail)(&case.params).min(case.expected.len());
    let split = case.expected.len() - unordered;
    let context = format!("{what} for {} ({})", case.example.id, case.file.display());
    assert_eq!(
        actual.len(),
        case.expected.len(),
        "{context}: line count\nexpected:\n{:#?}\nactual:\n{actual:#?}",
        case.expected
    );
    for (i, (a, e)) in actual[..split].iter().zip(&case.expected[..split]).enumerate() {
        assert_eq!(a, e, "{context}: line {}", i + 1);
    }
    let mut a_tail = actual[split..].to_vec();
    let mut e_tail = case.expected[split..].to_vec();
    a_tail.sort();
    e_tail.sort();
    assert_eq!(a_tail, e_tail, "{context}: the last {unordered} lines, in any order");
}

#[test]
fn every_example_has_the_lecture_defaults_and_three_more_golden_cases() {
    let cases = cases();
    for example in examples::EXAMPLES {
        let mine: Vec<&Case> = cases.iter().filter(|c| c.example.id == example.id && c.try_this.is_none()).collect();
        // An example without parameters has one program: its defaults.
        let needed = if example.params.is_empty() { 1 } else { 4 };
        assert!(
            mine.len() >= needed,
            "{} has {} golden cases; it needs the defaults and at least three more",
            example.id,
            mine.len()
        );
        assert!(mine.iter().any(|c| c.args.is_empty()), "{} has no golden case at the lecture's defaults", example.id);
    }
}

#[test]
fn every_try_this_edit_has_a_golden_case() {
    let cases = cases();
    for example in examples::EXAMPLES {
        for n in 1..=example.try_this.len() {
            assert!(
                cases.iter().any(|c| c.example.id == example.id && c.try_this == Some(n)),
                "no golden case `{} try={n}` in tests/golden/cases.txt",
                example.id
            );
        }
    }
}

#[test]
fn run_prints_what_cpython_prints() {
    let cases = cases();
    assert!(!cases.is_empty(), "no golden transcripts in {}", golden_dir().display());
    for case in &cases {
        let mut run = case.run();
        // CPython's echo client talked to the server crate's TCP echo; here an echo on the
        // virtual clock answers (the CLI test below uses a real one, the e2e test the page's).
        let ending = match case.example.outside {
            Some(_) => run.run_to_end_with(&mut VirtualEcho::new(ECHO_LATENCY)),
            None => run.run_to_end(),
        };
        if case.raises() {
            assert!(matches!(ending, Ending::Raised(_)), "{}: {ending:?}", case.file.display());
        } else {
            assert_eq!(ending, Ending::Completed, "{}", case.file.display());
        }
        assert_same_lines(case, &printed(&run, case.example), "Run");
    }
}

/// What a run printed as its golden transcript holds it: the lines as printed, or for a
/// server and its clients, labelled and merged by instant (`merge_by_instant`).
fn printed(run: &Run, example: &Example) -> Vec<String> {
    if example.second.is_some() {
        run.trace().merged_transcript()
    } else {
        run.transcript()
    }
}

#[test]
fn a_server_and_its_clients_run_as_two_processes_with_labelled_lines() {
    let cases = cases();
    let pairs: Vec<&Case> = cases.iter().filter(|c| c.example.second.is_some()).collect();
    assert!(pairs.len() >= 8, "echo-server and select-server have their goldens");
    for case in pairs {
        let mut run = case.run();
        run.run_to_end();
        let labelled = run.labelled_transcript();
        assert!(labelled.iter().all(|l| l.starts_with("server: ") || l.starts_with("clients: ")), "{labelled:#?}");
        assert!(labelled.iter().any(|l| l.starts_with("clients: ")), "{}", case.file.display());
    }
}

#[test]
fn cli_prints_what_cpython_prints() {
    let echo = tcp_echo();
    for case in &cases() {
        let mut command = Command::new(env!("CARGO_BIN_EXE_playground"));
        command.arg("run").arg(case.example.id).args(&case.args);
        if case.example.outside.is_some() {
            command.arg("--echo-server").arg(echo.to_string());
        }
        let output = command.output().expect("the CLI runs");
        // Python exits with 1 after an uncaught exception, and so does the CLI.
        let expected_code = if case.raises() { 1 } else { 0 };
        assert_eq!(
            output.status.code(),
            Some(expected_code),
            "{}: {}",
            case.file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        let lines: Vec<String> = stdout.lines().map(String::from).collect();
        if case.example.second.is_some() {
            // The CLI prints the lines as they came (labelled); the run they came from prints
            // CPython's lines, merged by instant (`run_prints_what_cpython_prints`).
            let mut run = case.run();
            run.run_to_end();
            assert_eq!(lines, run.labelled_transcript(), "CLI for {}", case.file.display());
            assert_same_lines(case, &run.trace().merged_transcript(), "CLI's run");
        } else {
            assert_same_lines(case, &lines, "CLI");
        }
    }
}

/// A TCP echo on localhost, as the server crate's `--tcp-echo` (which this crate does not
/// depend on): each connection's bytes come back as they came, until it closes.
fn tcp_echo() -> std::net::SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port on localhost");
    let address = listener.local_addr().expect("a bound listener has an address");
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut chunk = [0u8; 1024];
                while let Ok(n @ 1..) = stream.read(&mut chunk) {
                    if stream.write_all(&chunk[..n]).is_err() {
                        break;
                    }
                }
            });
        }
    });
    address
}

#[test]
fn every_golden_was_recorded_from_the_program_it_checks() {
    // `cases()` refuses a transcript whose header hash is not the FNV-1a 64
    // of the program the example shows today (`playground source`).
    assert!(!cases().is_empty());
}

#[test]
fn fnv1a64_gives_the_published_test_vectors() {
    assert_eq!(common::fnv1a64(b""), 0xcbf29ce484222325);
    assert_eq!(common::fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
    assert_eq!(common::fnv1a64(b"foobar"), 0x85944171f73967e8);
}

#[test]
fn traceback_frames_are_dropped_and_nothing_else() {
    let lines: Vec<String> = [
        "f starts",
        "Traceback (most recent call last):",
        "  File \"uncaught.py\", line 9, in <module>",
        "    loop.run_until_complete(failing_child(\"f\", 0.1))",
        "           ^^^^^^^^^^^^^^^",
        "ValueError: f",
        "    indented output stays",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(
        common::without_traceback_frames(&lines),
        ["f starts", "Traceback (most recent call last):", "ValueError: f", "    indented output stays"]
    );
}

#[test]
fn an_edited_server_runs_beside_its_unchanged_clients() {
    // The page's editor and "Try this" replace the first program only: the clients
    // still run, filled with the same values. CPython's transcript of the lecture's
    // server, with the one printed word the edit changes, is what the edited run prints.
    let cases = cases();
    for id in ["echo-server", "select-server"] {
        let case = cases.iter().find(|c| c.example.id == id && c.args.is_empty() && c.try_this.is_none());
        let case = case.unwrap_or_else(|| panic!("{id} has a golden case at its defaults"));
        let source = case.example.source(&case.params);
        assert_eq!(source.matches("print('listening on port ").count(), 1, "{id} says where it listens once");
        let edited = source.replace("print('listening on port ", "print('LISTENING on port ");
        let mut run = Run::edited(case.example, &case.params, edited);
        assert_eq!(run.run_to_end(), Ending::Completed, "{id}");
        let expected: Vec<String> = case
            .expected
            .iter()
            .map(|l| l.replace("server: listening on port ", "server: LISTENING on port "))
            .collect();
        assert_ne!(expected, case.expected, "{id}: the edit shows in the server's lines");
        assert!(expected.iter().any(|l| l.starts_with("clients: ")), "{id}: the clients' lines are there");
        assert_eq!(common::comparable(&run.trace().merged_transcript()), expected, "{id}");
    }
}
