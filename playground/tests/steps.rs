//! The Step view's record against CPython's: for each case of
//! `tests/steps/` (recorded by `python3 tests/steps/record.py` under CPython
//! 3.11), the interpreter takes as many steps as CPython's generators were
//! resumed, and after each one every generator is paused on the line
//! `gi_frame.f_lineno` gave, with the locals `gi_frame.f_locals` held.

mod common;

use std::path::{Path, PathBuf};

use playground::examples;
use playground::steps::{Lifecycle, Out, Stepper};

struct Case {
    file: PathBuf,
    stepper: Stepper,
    expected: Vec<String>,
}

fn steps_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/steps")
}

/// Every recorded case, run to its end on the interpreter.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut stale = Vec::new();
    for dir in std::fs::read_dir(steps_dir()).expect("tests/steps exists").map(|e| e.unwrap().path()) {
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            let text = std::fs::read_to_string(&file).unwrap();
            let header = text.lines().next().unwrap_or_default();
            let command = header
                .strip_prefix("# steps of ")
                .unwrap_or_else(|| panic!("{}: the first line is `# steps of ...`", file.display()));
            let mut words = command.split_whitespace();
            let id = words.next().expect("the header names an example");
            let example = examples::find(id).unwrap_or_else(|| panic!("{}: unknown example {id}", file.display()));
            let params = example
                .parse_params(words.map(|a| a.split_once('=').expect("header arguments are name=value")))
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            match common::read_recorded(&file, &example.source(&params)) {
                Ok(recorded) => {
                    let mut stepper = Stepper::new(example, &params);
                    stepper.run_to_end();
                    let expected = recorded.lines.iter().map(|l| common::mask_addresses(l)).collect();
                    cases.push(Case { file, stepper, expected })
                }
                Err(e) => stale.push(e.replace("cargo xtask golden", "cargo xtask golden steps")),
            }
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
    cases.sort_by(|a, b| a.file.cmp(&b.file));
    cases
}

#[test]
fn every_step_shows_the_lines_and_locals_cpython_shows() {
    let cases = cases();
    assert!(cases.len() >= 10, "{} cases in tests/steps", cases.len());
    for case in &cases {
        let actual: Vec<String> = case.stepper.transcript().iter().map(|l| common::mask_addresses(l)).collect();
        for (i, (a, e)) in actual.iter().zip(&case.expected).enumerate() {
            assert_eq!(a, e, "{}: line {}", case.file.display(), i + 1);
        }
        assert_eq!(actual.len(), case.expected.len(), "{}: {actual:#?}", case.file.display());
    }
}

#[test]
fn there_are_as_many_steps_as_cpython_resumed_generators() {
    for case in &cases() {
        let resumptions: usize = case
            .expected
            .iter()
            .find_map(|l| l.strip_prefix("resumptions "))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{}: no resumptions line", case.file.display()));
        assert_eq!(case.stepper.steps().len(), resumptions, "{}", case.file.display());
        assert_eq!(case.stepper.resumptions(), resumptions, "{}", case.file.display());
    }
}

#[test]
fn chained_generators_show_both_frames_the_outer_holding_the_inner() {
    let example = examples::find("every-two-odds").unwrap();
    let mut stepper = Stepper::new(example, &example.defaults());
    stepper.run_to_end();
    let steps = stepper.steps();
    let second = &steps[1];
    assert_eq!(second.out, Out::Yielded("5".to_string()));
    // get_odds was resumed twice (3, then 5) inside the one next(nums).
    assert_eq!(second.inner_resumptions, 2);
    let [inner, outer] = [&second.generators[0], &second.generators[1]];
    assert_eq!((inner.name.as_str(), outer.name.as_str()), ("get_odds", "get_every_two_odds"));
    let odds = outer.locals.iter().find(|l| l.name == "odds").expect("the outer's odds local");
    assert_eq!(odds.generator, Some(inner.number));
    assert_eq!((inner.line, outer.line), (Some(8), Some(14)));
}

#[test]
fn a_coroutine_that_raises_is_finished_and_its_step_says_so() {
    let example = examples::find("divisor").unwrap();
    let params = example.parse_params([("xs", "2,0,11")]).unwrap();
    let mut stepper = Stepper::new(example, &params);
    stepper.run_to_end();
    let steps = stepper.steps();
    let last = steps.last().unwrap();
    assert_eq!(last.out.text(), "ZeroDivisionError('integer modulo by zero')");
    assert_eq!(last.generators[0].lifecycle, Lifecycle::Finished);
    assert_eq!(last.generators[0].line, None);
}

#[test]
fn stepping_runs_only_as_far_as_the_step_asked_for() {
    let example = examples::find("odds").unwrap();
    let params = example.parse_params([("calls", "50")]).unwrap();
    let mut stepper = Stepper::new(example, &params);
    assert!(stepper.run_until_steps(1));
    assert!(!stepper.steps().is_empty());
    assert!(stepper.run_until_steps(50));
    assert!(!stepper.run_until_steps(51));
    assert!(stepper.is_finished());
    assert_eq!(stepper.steps().len(), 50);
}

#[test]
fn a_program_without_generators_takes_no_steps() {
    let example = examples::find("iterators").unwrap();
    let mut stepper = Stepper::new(example, &example.defaults());
    stepper.run_to_end();
    assert!(stepper.steps().is_empty());
    assert_eq!(stepper.transcript(), ["resumptions 0"]);
}

mod session {
    use playground::examples;
    use playground::steps::{Lifecycle, LineMark, Mark, StepSession};

    fn odds(pairs: &[(&str, &str)]) -> StepSession {
        let example = examples::find("odds").unwrap();
        let mut session = StepSession::new(example, example.parse_params(pairs.iter().copied()).unwrap());
        session.finish_work();
        session
    }

    /// Step, as a press runs it in the page (there, one slice per frame).
    fn forward(session: &mut StepSession) {
        session.forward();
        session.finish_work();
    }

    #[test]
    fn before_the_first_step_the_generator_is_made_and_paused_on_its_def_line() {
        let session = odds(&[]);
        let p = session.picture();
        assert_eq!((p.position, p.step.is_none()), (0, true));
        assert_eq!(p.generators.len(), 1);
        assert_eq!((p.generators[0].lifecycle, p.generators[0].line), (Lifecycle::Created, Some(1)));
        assert!(p.printed.is_empty());
        assert!(!session.can_go_back());
    }

    #[test]
    fn a_step_marks_its_call_and_the_paused_yield_and_shows_what_was_printed_before_the_next() {
        let mut session = odds(&[]);
        forward(&mut session);
        let p = session.picture();
        let step = p.step.as_ref().unwrap();
        assert_eq!((step.number, step.call_line, step.out.text()), (1, Some(12), "1".to_string()));
        assert_eq!(
            p.marks,
            [
                LineMark { line: 12, mark: Mark::Call },
                LineMark {
                    line: 8,
                    mark: Mark::Paused { generator: 1, name: "get_odds".into(), lifecycle: Lifecycle::Suspended }
                },
            ]
        );
        // print(next(o)) prints the value after the step, before the next next().
        assert_eq!(p.printed, ["1"]);
    }

    #[test]
    fn back_shows_the_kept_record_and_forward_comes_back_to_the_same_step() {
        let mut session = odds(&[]);
        forward(&mut session);
        forward(&mut session);
        let second = session.picture();
        session.back();
        let first = session.picture();
        assert_eq!(first.position, 1);
        assert_eq!(first.generators[0].locals.iter().find(|l| l.name == "i").unwrap().repr, "1");
        forward(&mut session);
        assert_eq!(session.picture(), second);
        assert_eq!(second.generators[0].locals.iter().find(|l| l.name == "i").unwrap().repr, "3");
    }

    #[test]
    fn forward_stops_at_the_last_step_of_a_finished_program() {
        let mut session = odds(&[("calls", "2")]);
        for _ in 0..5 {
            forward(&mut session);
        }
        assert_eq!(session.position(), 2);
        assert!(!session.can_go_forward());
        let p = session.picture();
        assert!(p.finished);
        assert_eq!(p.printed, ["1", "3"]);
    }

    #[test]
    fn a_long_way_to_the_first_step_is_run_in_slices() {
        let example = examples::find("range").unwrap();
        let mut session = StepSession::new(example, example.parse_params([("n", "200000")]).unwrap());
        // my_range_1(200000) comes first: many slices of the run before the first next().
        let mut slices = 0;
        while session.work() {
            slices += 1;
        }
        assert!(slices > 1, "{slices} slices");
        assert_eq!(session.picture().generators.len(), 1);
        forward(&mut session);
        assert_eq!(session.position(), 1);
        session.forward();
        session.back();
        assert!(!session.is_working());
        assert_eq!(session.position(), 1);
    }

    #[test]
    fn printed_lines_are_cut_to_the_newest() {
        let mut session = odds(&[("calls", "20")]);
        for _ in 0..20 {
            forward(&mut session);
        }
        let p = session.picture();
        assert_eq!(p.printed.len(), playground::steps::MAX_PRINTED_SHOWN);
        assert_eq!(p.printed.last().map(String::as_str), Some("39"));
        assert_eq!(p.printed_before, 20 - playground::steps::MAX_PRINTED_SHOWN);
    }
}
