//! The browser driver: CPython's transcript (the goldens), paced from one
//! timer and never early, Stop at once, and yielding to the page. No test
//! here measures speed: how close to real time the page keeps is the bench's
//! figure (`cargo xtask bench`).

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use async_playground::driver::{now, slice_ms, Driver, MAX_SLICE_MS, SLICE_MS};
use async_playground::state::{Action, RunState, LATE_MS};
use common::{golden, until, until_time};
use gloo_timers::future::TimeoutFuture;
use playground::examples::{find, Params};
use playground::link::Speed;
use playground::Run;
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

/// What the driver reported, in the words of the page.
#[derive(Default)]
struct Reports {
    started: bool,
    lines: Vec<String>,
    /// How many `Printed` reports came (one per slice or timer).
    batches: usize,
    /// Each `Printed` report's clock: (virtual time, sleeping until, late ms).
    clocks: Vec<(f64, Option<f64>, f64)>,
    finished: Option<(RunState, f64, f64)>,
}

fn recorder() -> (Rc<RefCell<Reports>>, Callback<Action>) {
    let reports = Rc::new(RefCell::new(Reports::default()));
    let sink = reports.clone();
    let callback = Callback::from(move |action: Action| {
        let mut r = sink.borrow_mut();
        match action {
            Action::RunStarted => r.started = true,
            Action::Printed { lines, virtual_time, sleeping_until, late_ms, .. } => {
                r.batches += 1;
                r.clocks.push((virtual_time, sleeping_until, late_ms));
                r.lines.extend(lines.into_iter().map(|l| l.text));
            }
            Action::Finished { state, virtual_time, wall_ms, .. } => r.finished = Some((state, virtual_time, wall_ms)),
            _ => {}
        }
    });
    (reports, callback)
}

fn run(example: &str, pairs: &[(&str, &str)]) -> Run {
    let example = find(example).unwrap();
    let params: Params = example.parse_params(pairs.iter().copied()).unwrap();
    Run::new(example, &params)
}

async fn until_finished(reports: &Rc<RefCell<Reports>>) {
    until("the run to finish", || reports.borrow().finished.is_some()).await;
}

/// compute-square with `delay=5`: the lines CPython printed before the
/// sleeps end (the first `I/O completed` comes when they do).
fn compute_square_delay_5_before_the_sleeps_end() -> Vec<String> {
    let lines = golden("# playground run compute-square delay=5", include_str!("golden/compute-square/delay-5.txt"));
    lines.into_iter().take_while(|l| l != "I/O completed").collect()
}

#[wasm_bindgen_test]
async fn compute_square_at_instant_speed_prints_the_cpython_transcript() {
    let cpython = golden("# playground run compute-square", include_str!("golden/compute-square/default.txt"));
    let (reports, report) = recorder();
    let _driver = Driver::start(run("compute-square", &[]), Speed::Instant, report);
    until_finished(&reports).await;
    let r = reports.borrow();
    assert!(r.started);
    assert_eq!(r.lines, cpython);
    let (state, virtual_time, _) = r.finished.unwrap();
    assert_eq!(state, RunState::Done);
    assert_eq!(virtual_time, 1.0);
}

#[wasm_bindgen_test]
async fn not_awaited_reports_stderr_lines_in_cpythons_order() {
    let cpython = golden("# playground run not-awaited", include_str!("golden/not-awaited/default.txt"));
    let (reports, report) = recorder();
    let _driver = Driver::start(run("not-awaited", &[]), Speed::Instant, report);
    until_finished(&reports).await;
    assert_eq!(reports.borrow().lines, cpython);
}

#[wasm_bindgen_test]
async fn many_tasks_at_real_time_prints_cpythons_transcript_and_is_never_early() {
    let cpython = golden("# playground run many-tasks", include_str!("golden/many-tasks/default.txt"));
    let (reports, report) = recorder();
    let _driver = Driver::start(run("many-tasks", &[("count", "100")]), Speed::RealTime, report);
    until_finished(&reports).await;
    let r = reports.borrow();
    assert_eq!(r.lines, cpython);
    let (state, virtual_time, wall_ms) = r.finished.unwrap();
    assert_eq!(state, RunState::Done);
    assert_eq!(virtual_time, 1.0);
    // The last timer is due 1 s in: the run cannot end sooner. How much
    // later it ends depends on the machine: the bench reports it.
    assert!(wall_ms >= 1000.0, "ended after {wall_ms} ms, before its last timer was due");
}

#[wasm_bindgen_test]
async fn ten_times_speed_is_never_early() {
    let cpython = golden("# playground run compute-square", include_str!("golden/compute-square/default.txt"));
    let (reports, report) = recorder();
    let _driver = Driver::start(run("compute-square", &[]), Speed::Ten, report);
    until_finished(&reports).await;
    let r = reports.borrow();
    assert_eq!(r.lines, cpython);
    let (_, virtual_time, wall_ms) = r.finished.unwrap();
    assert_eq!(virtual_time, 1.0);
    assert!(wall_ms >= 100.0, "1 s at 10x ended after {wall_ms} ms");
}

#[wasm_bindgen_test]
async fn stop_ends_the_run_at_once_and_nothing_more_prints() {
    let before_the_sleeps_end = compute_square_delay_5_before_the_sleeps_end();
    let (reports, report) = recorder();
    // At 10x the sleeps end 500 ms in.
    let started = now();
    let driver = Driver::start(run("compute-square", &[("delay", "5")]), Speed::Ten, report);
    until("the lines printed before the sleeps", || reports.borrow().lines.len() >= before_the_sleeps_end.len()).await;
    driver.stop();
    {
        let r = reports.borrow();
        let (state, virtual_time, _) = r.finished.expect("Stop reports at once");
        assert_eq!(state, RunState::Stopped);
        // Where the shown clock had got to while the loop slept towards t=5:
        // it moves between events now, and never past the deadline.
        assert!((0.0..5.0).contains(&virtual_time), "stopped at t={virtual_time}");
        assert_eq!(r.lines, before_the_sleeps_end);
    }
    // Watch past the moment the sleeps would have ended: nothing more.
    until_time(started + 700.0).await;
    assert_eq!(reports.borrow().lines, before_the_sleeps_end, "lines were printed after Stop");
    assert!(driver.is_finished());
}

#[wasm_bindgen_test]
async fn a_long_instant_run_yields_to_the_page_between_slices() {
    // many-tasks prints one line a task, `Wait for 1/x seconds...`, x = 1..count,
    // as CPython printed for count=1000.
    let lines = |count: i64| -> Vec<String> { (1..=count).map(|x| format!("Wait for 1/{x} seconds...")).collect() };
    let cpython = golden("# playground run many-tasks count=1000", include_str!("golden/many-tasks/count-1000.txt"));
    assert_eq!(cpython, lines(1000));
    let (reports, report) = recorder();
    let _driver = Driver::start(run("many-tasks", &[("count", "20000")]), Speed::Instant, report);
    // A timer only fires when the driver yields to the browser.
    let mut ticks = 0;
    while reports.borrow().finished.is_none() {
        TimeoutFuture::new(1).await;
        ticks += 1;
        assert!(ticks < 60_000, "the run did not finish");
    }
    let r = reports.borrow();
    assert!(ticks > 1, "the page got no turn during the run");
    assert!(r.batches > 1, "lines came in one batch at the end");
    assert_eq!(r.lines, lines(20_000));
}

#[wasm_bindgen_test]
async fn dropping_the_driver_disarms_its_timer() {
    let before_the_sleeps_end = compute_square_delay_5_before_the_sleeps_end();
    let (reports, report) = recorder();
    let started = now();
    let driver = Driver::start(run("compute-square", &[("delay", "5")]), Speed::Ten, report);
    until("the lines printed before the sleeps", || reports.borrow().lines.len() >= before_the_sleeps_end.len()).await;
    drop(driver);
    // Watch past the moment its timer was due (500 ms in): it never fired.
    until_time(started + 700.0).await;
    assert_eq!(reports.borrow().lines, before_the_sleeps_end);
}

#[wasm_bindgen_test]
async fn while_the_loop_sleeps_the_shown_clock_moves_towards_the_deadline() {
    // print-sum sleeps 1 s of virtual time: 10 s of wall time at 0.1x.
    let (reports, report) = recorder();
    let driver = Driver::start(run("print-sum", &[]), Speed::Tenth, report);
    let moving = |r: &Reports| {
        let asleep: Vec<f64> = r.clocks.iter().filter(|c| c.1 == Some(1.0)).map(|c| c.0).collect();
        asleep.len() >= 2 && asleep[0] < asleep[asleep.len() - 1] && asleep[asleep.len() - 1] > 0.0
    };
    until("the clock to move while the loop sleeps until t=1", || moving(&reports.borrow())).await;
    let last = reports.borrow().clocks.last().map(|c| c.0).unwrap();
    assert!(last < 1.0, "the shown clock never passes the deadline: {last}");
    driver.stop();
    let (state, stopped_at, _) = reports.borrow().finished.unwrap();
    assert_eq!(state, RunState::Stopped);
    assert!(last <= stopped_at && stopped_at < 1.0, "stopped at t={stopped_at}, last shown t={last}");
    assert_eq!(reports.borrow().lines, ["Compute 1 + 2 ..."]);
}

#[wasm_bindgen_test]
async fn stop_in_a_heavy_run_reports_at_once_and_frees_the_tasks_after_the_paint() {
    let run = run("many-tasks", &[("count", "100000")]);
    let lp = run.event_loop().clone();
    let (reports, report) = recorder();
    let driver = Driver::start(run, Speed::RealTime, report);
    until("the first lines", || !reports.borrow().lines.is_empty()).await;
    driver.stop();
    assert_eq!(reports.borrow().finished.map(|f| f.0), Some(RunState::Stopped), "Stop reports at once");
    // Freeing 100,000 tasks takes tens of milliseconds: not in Stop's click.
    assert_eq!(lp.task_count(), 100_000);
    until("the stopped run's tasks to be freed", || lp.task_count() == 0).await;
    let printed = reports.borrow().lines.len();
    TimeoutFuture::new(50).await;
    assert_eq!(reports.borrow().lines.len(), printed, "nothing printed after Stop");
}

#[wasm_bindgen_test]
async fn a_run_that_falls_behind_real_time_says_by_how_much() {
    // 100,000 tasks take seconds of wall time; at 10x their 1 s is due in 0.1 s.
    let (reports, report) = recorder();
    let _driver = Driver::start(run("many-tasks", &[("count", "100000")]), Speed::Ten, report);
    until_finished(&reports).await;
    let r = reports.borrow();
    let latest = r.clocks.iter().map(|c| c.2).fold(0.0, f64::max);
    assert!(latest > LATE_MS, "the reports never said the run was late (at most {latest} ms)");
    let (state, virtual_time, _) = r.finished.unwrap();
    assert_eq!((state, virtual_time), (RunState::Done, 1.0));
}

#[wasm_bindgen_test]
async fn a_new_speed_mid_sleep_goes_on_from_the_shown_clock() {
    let (reports, report) = recorder();
    let driver = Driver::start(run("print-sum", &[]), Speed::Tenth, report);
    until("the clock to move while the loop sleeps", || {
        reports.borrow().clocks.iter().any(|c| c.1 == Some(1.0) && c.0 > 0.0)
    })
    .await;
    let before = reports.borrow().clocks.len();
    let shown = reports.borrow().clocks.last().map(|c| c.0).unwrap();
    driver.set_speed(Speed::Ten);
    until_finished(&reports).await;
    let r = reports.borrow();
    let after: Vec<f64> = r.clocks[before..].iter().map(|c| c.0).collect();
    assert!(after.iter().all(|t| *t >= shown), "the clock went back from {shown}: {after:?}");
    let cpython = golden("# playground run print-sum", include_str!("golden/print-sum/default.txt"));
    assert_eq!(r.lines, cpython);
}

#[wasm_bindgen_test]
fn a_slice_after_slow_rendering_is_as_long_as_the_rendering_up_to_the_cap() {
    assert_eq!(slice_ms(None), SLICE_MS, "at the start and after a timer");
    assert_eq!(slice_ms(Some(3.0)), SLICE_MS, "the browser was quick: a normal slice");
    assert_eq!(slice_ms(Some(30.0)), 30.0, "30 ms of rendering: 30 ms of stepping");
    assert_eq!(slice_ms(Some(400.0)), MAX_SLICE_MS, "the page still paints every MAX_SLICE_MS or so");
}
