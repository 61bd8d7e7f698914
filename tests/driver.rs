//! The browser driver: the same transcript as the native driver, real-time
//! pacing from one timer, Stop at once, and yielding to the page.

use std::cell::RefCell;
use std::rc::Rc;

use async_playground::driver::{now, Driver};
use async_playground::state::{Action, RunState, LATE_MS};
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

fn params(example: &str, pairs: &[(&str, &str)]) -> Params {
    find(example).unwrap().parse_params(pairs.iter().copied()).unwrap()
}

fn native_transcript(example: &str, params: &Params) -> Vec<String> {
    let mut run = Run::new(find(example).unwrap(), params);
    run.run_to_end();
    run.transcript()
}

async fn until_finished(reports: &Rc<RefCell<Reports>>, limit_ms: f64) {
    let start = now();
    while reports.borrow().finished.is_none() {
        assert!(now() - start < limit_ms, "the run did not finish within {limit_ms} ms");
        TimeoutFuture::new(5).await;
    }
}

#[wasm_bindgen_test]
async fn compute_square_at_instant_speed_prints_the_native_transcript() {
    let p = params("compute-square", &[]);
    let (reports, report) = recorder();
    let _driver = Driver::start(Run::new(find("compute-square").unwrap(), &p), Speed::Instant, report);
    until_finished(&reports, 5_000.0).await;
    let r = reports.borrow();
    assert!(r.started);
    assert_eq!(r.lines, native_transcript("compute-square", &p));
    let (state, virtual_time, _) = r.finished.unwrap();
    assert_eq!(state, RunState::Done);
    assert_eq!(virtual_time, 1.0);
}

#[wasm_bindgen_test]
async fn not_awaited_reports_stderr_lines_in_order() {
    let p = params("not-awaited", &[]);
    let (reports, report) = recorder();
    let _driver = Driver::start(Run::new(find("not-awaited").unwrap(), &p), Speed::Instant, report);
    until_finished(&reports, 5_000.0).await;
    assert_eq!(reports.borrow().lines, native_transcript("not-awaited", &p));
}

#[wasm_bindgen_test]
async fn many_tasks_at_real_time_takes_one_second_in_cpython_order() {
    let p = params("many-tasks", &[("count", "100")]);
    let (reports, report) = recorder();
    let _driver = Driver::start(Run::new(find("many-tasks").unwrap(), &p), Speed::RealTime, report);
    until_finished(&reports, 5_000.0).await;
    let r = reports.borrow();
    assert_eq!(r.lines, native_transcript("many-tasks", &p));
    let (state, virtual_time, wall_ms) = r.finished.unwrap();
    assert_eq!(state, RunState::Done);
    assert_eq!(virtual_time, 1.0);
    // Never early; late only by the browser's timer slack (generous for CI).
    assert!((1000.0..1250.0).contains(&wall_ms), "wall clock {wall_ms} ms");
}

#[wasm_bindgen_test]
async fn ten_times_speed_takes_a_tenth() {
    let p = params("compute-square", &[]);
    let (reports, report) = recorder();
    let _driver = Driver::start(Run::new(find("compute-square").unwrap(), &p), Speed::Ten, report);
    until_finished(&reports, 5_000.0).await;
    let (_, virtual_time, wall_ms) = reports.borrow().finished.unwrap();
    assert_eq!(virtual_time, 1.0);
    assert!((100.0..350.0).contains(&wall_ms), "wall clock {wall_ms} ms");
}

#[wasm_bindgen_test]
async fn stop_ends_the_run_at_once_and_nothing_more_prints() {
    let p = params("compute-square", &[("delay", "5")]);
    let (reports, report) = recorder();
    let driver = Driver::start(Run::new(find("compute-square").unwrap(), &p), Speed::RealTime, report);
    TimeoutFuture::new(50).await;
    driver.stop();
    let printed = {
        let r = reports.borrow();
        let (state, virtual_time, _) = r.finished.expect("Stop reports at once");
        assert_eq!(state, RunState::Stopped);
        // Where the clock had got to while the loop slept towards t=5.
        assert!(0.0 < virtual_time && virtual_time < 5.0, "stopped at t={virtual_time}");
        r.lines.len()
    };
    assert_eq!(printed, 8, "each task printed its two lines before sleeping");
    TimeoutFuture::new(100).await;
    assert_eq!(reports.borrow().lines.len(), printed);
    assert!(driver.is_finished());
}

#[wasm_bindgen_test]
async fn a_long_instant_run_yields_to_the_page_between_slices() {
    let p = params("many-tasks", &[("count", "20000")]);
    let (reports, report) = recorder();
    let _driver = Driver::start(Run::new(find("many-tasks").unwrap(), &p), Speed::Instant, report);
    // A timer only fires when the driver yields to the browser.
    let mut ticks = 0;
    while reports.borrow().finished.is_none() {
        TimeoutFuture::new(1).await;
        ticks += 1;
        assert!(ticks < 20_000, "the run did not finish");
    }
    let r = reports.borrow();
    assert!(ticks > 1, "the page got no turn during the run");
    assert!(r.batches > 1, "lines came in one batch at the end");
    assert_eq!(r.lines.len(), native_transcript("many-tasks", &p).len());
}

#[wasm_bindgen_test]
async fn dropping_the_driver_disarms_its_timer() {
    let p = params("compute-square", &[("delay", "0.05")]);
    let (reports, report) = recorder();
    let driver = Driver::start(Run::new(find("compute-square").unwrap(), &p), Speed::RealTime, report);
    TimeoutFuture::new(10).await;
    drop(driver);
    TimeoutFuture::new(150).await;
    // No "I/O completed": the timer that would print it never fired.
    assert!(reports.borrow().lines.iter().all(|l| l != "I/O completed"));
}

/// Polls (every 5 ms, for at most `limit_ms`) until `ready` holds.
async fn until(what: &str, limit_ms: f64, mut ready: impl FnMut() -> bool) {
    let start = now();
    while !ready() {
        assert!(now() - start < limit_ms, "waited {limit_ms} ms for {what}");
        TimeoutFuture::new(5).await;
    }
}

#[wasm_bindgen_test]
async fn while_the_loop_sleeps_the_shown_clock_moves_towards_the_deadline() {
    // print-sum sleeps 1 s of virtual time: 10 s of wall time at 0.1x.
    let p = params("print-sum", &[]);
    let (reports, report) = recorder();
    let driver = Driver::start(Run::new(find("print-sum").unwrap(), &p), Speed::Tenth, report);
    let moving = |r: &Reports| {
        let asleep: Vec<f64> = r.clocks.iter().filter(|c| c.1 == Some(1.0)).map(|c| c.0).collect();
        asleep.len() >= 2 && asleep[0] < asleep[asleep.len() - 1] && asleep[asleep.len() - 1] > 0.0
    };
    until("the clock to move while the loop sleeps until t=1", 5_000.0, || moving(&reports.borrow())).await;
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
    let p = params("many-tasks", &[("count", "100000")]);
    let run = Run::new(find("many-tasks").unwrap(), &p);
    let lp = run.event_loop().clone();
    let (reports, report) = recorder();
    let driver = Driver::start(run, Speed::RealTime, report);
    until("the first lines", 10_000.0, || !reports.borrow().lines.is_empty()).await;
    driver.stop();
    assert_eq!(reports.borrow().finished.map(|f| f.0), Some(RunState::Stopped), "Stop reports at once");
    // Freeing 100,000 tasks takes tens of milliseconds: not in Stop's click.
    assert_eq!(lp.task_count(), 100_000);
    until("the stopped run's tasks to be freed", 5_000.0, || lp.task_count() == 0).await;
    let printed = reports.borrow().lines.len();
    TimeoutFuture::new(50).await;
    assert_eq!(reports.borrow().lines.len(), printed, "nothing printed after Stop");
}

#[wasm_bindgen_test]
async fn a_run_that_falls_behind_real_time_says_by_how_much() {
    // 100,000 tasks take seconds of wall time; at 10x their 1 s is due in 0.1 s.
    let p = params("many-tasks", &[("count", "100000")]);
    let (reports, report) = recorder();
    let _driver = Driver::start(Run::new(find("many-tasks").unwrap(), &p), Speed::Ten, report);
    until_finished(&reports, 60_000.0).await;
    let r = reports.borrow();
    let latest = r.clocks.iter().map(|c| c.2).fold(0.0, f64::max);
    assert!(latest > LATE_MS, "the reports never said the run was late (at most {latest} ms)");
    let (state, virtual_time, _) = r.finished.unwrap();
    assert_eq!((state, virtual_time), (RunState::Done, 1.0));
}

#[wasm_bindgen_test]
async fn a_new_speed_mid_sleep_goes_on_from_the_shown_clock() {
    let p = params("print-sum", &[]);
    let (reports, report) = recorder();
    let driver = Driver::start(Run::new(find("print-sum").unwrap(), &p), Speed::Tenth, report);
    until("the clock to move while the loop sleeps", 5_000.0, || {
        reports.borrow().clocks.iter().any(|c| c.1 == Some(1.0) && c.0 > 0.0)
    })
    .await;
    let before = reports.borrow().clocks.len();
    let shown = reports.borrow().clocks.last().map(|c| c.0).unwrap();
    driver.set_speed(Speed::Ten);
    until_finished(&reports, 5_000.0).await;
    let r = reports.borrow();
    let after: Vec<f64> = r.clocks[before..].iter().map(|c| c.0).collect();
    assert!(after.iter().all(|t| *t >= shown), "the clock went back from {shown}: {after:?}");
    assert_eq!(r.lines, native_transcript("print-sum", &p));
}
