//! The CLI refuses bad input with one clear message naming the parameter and
//! what is allowed, exit code 2, and runs nothing.

use std::process::{Command, Output};

fn playground(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_playground")).args(args).output().expect("the CLI runs")
}

fn assert_refused(args: &[&str], message_has: &[&str]) {
    let out = playground(args);
    assert_eq!(out.status.code(), Some(2), "{args:?} should be refused");
    assert!(out.stdout.is_empty(), "{args:?} ran something: {}", String::from_utf8_lossy(&out.stdout));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line of message for {args:?}: {stderr}");
    for part in message_has {
        assert!(stderr.contains(part), "{args:?}: message {stderr:?} lacks {part:?}");
    }
}

#[test]
fn unknown_example_is_refused_with_the_list_of_examples() {
    assert_refused(&["run", "compute-squares"], &["unknown example 'compute-squares'", "compute-square, print-sum"]);
}

#[test]
fn unknown_parameter_is_refused_with_the_parameters_it_takes() {
    assert_refused(&["run", "compute-square", "number=1,2"], &["number: unknown parameter", "numbers, delay"]);
}

#[test]
fn text_in_a_number_field_is_refused() {
    assert_refused(&["run", "gather", "count=five"], &["count: 'five' is not a whole number", "from 1 to 100000"]);
}

#[test]
fn an_empty_list_is_refused() {
    assert_refused(&["run", "compute-square", "numbers="], &["numbers: the list is empty"]);
}

#[test]
fn a_list_with_a_word_in_it_is_refused() {
    assert_refused(&["run", "compute-square", "numbers=4,five,6"], &["numbers: 'five' is not a whole number"]);
}

#[test]
fn negative_and_huge_delays_are_refused() {
    assert_refused(&["run", "compute-square", "delay=-1"], &["delay: -1 is out of range", "from 0.0 to 60.0"]);
    assert_refused(&["run", "print-sum", "delay=1e9"], &["delay: 1e9 is out of range"]);
    assert_refused(&["run", "print-sum", "delay=nan"], &["delay: 'nan' is not a number"]);
}

#[test]
fn more_than_100000_tasks_is_refused() {
    assert_refused(&["run", "many-tasks", "count=100001"], &["count: 100001 is out of range", "from 1 to 100000"]);
}

#[test]
fn an_argument_without_equals_is_refused() {
    assert_refused(&["run", "gather", "count"], &["'count' is not name=value"]);
}

#[test]
fn list_shows_every_example_with_its_parameters_and_defaults() {
    let out = playground(&["list"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for example in playground::examples::EXAMPLES {
        assert!(text.contains(example.id), "{text}");
        for p in example.params {
            assert!(text.contains(&format!("{}={}", p.name, p.default)), "{text}");
        }
    }
}

#[test]
fn trace_shows_iterations_task_switches_and_timers_with_virtual_times() {
    let out = playground(&["run", "print-sum", "--trace"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "0.0000 -- iteration 1: 1 ready",
        "Task-1 created: print_sum()",
        "call_at 1.0000 sleep timer: set_result()",
        "Task-1 waits for sleep until t=1.000",
        "1.0000  run Task-1.__wakeup()",
        "> 1 + 2 = 3    [Task-1]",
        "-- loop stopped",
    ] {
        assert!(text.contains(expected), "--trace lacks {expected:?}:\n{text}");
    }
}

#[test]
fn help_after_any_command_prints_the_usage_and_runs_nothing() {
    for args in [&["--help"][..], &["run", "--help"], &["run", "gather", "-h"], &["source", "--help"]] {
        let out = playground(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.starts_with("usage:\n  playground list"), "{args:?}: {stdout}");
        assert!(!stdout.contains("Compute square"), "{args:?} ran the example: {stdout}");
    }
}

#[test]
fn list_lines_up_its_columns() {
    let out = playground(&["list"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let title_columns: Vec<usize> = stdout
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.find("  ").map(|i| i + l[i..].len() - l[i..].trim_start().len()).unwrap())
        .collect();
    assert!(title_columns.windows(2).all(|w| w[0] == w[1]), "titles start in one column: {stdout}");
    let help_columns: Vec<usize> = stdout
        .lines()
        .filter(|l| l.starts_with("    "))
        .map(|l| l.find(" a ").expect("each parameter line describes its values") + 1)
        .collect();
    assert!(help_columns.windows(2).all(|w| w[0] == w[1]), "descriptions start in one column: {stdout}");
}

#[test]
fn the_trace_ends_with_a_newline_before_the_notes() {
    let out = playground(&["run", "print-sum", "--trace"]);
    assert!(out.stdout.ends_with(b"loop stopped\n"), "{}", String::from_utf8_lossy(&out.stdout));
}
