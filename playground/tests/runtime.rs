//! The runtime's scheduling rules, each pinned by what CPython 3.11 printed.
//!
//! `tests/cpython/hops.py` runs one scenario per rule on CPython's own event
//! loop, and each line it prints starts with the number of the loop iteration
//! that printed it (`[3] back`): the transcript shows how many iterations every
//! hop takes (sleep, awaiting a task, gather, wait, wait_for, cancellation,
//! FIRST_COMPLETED, failures inside gather, `call_soon`, timers). `cargo xtask
//! golden` records its output in `tests/cpython/hops.txt`. Each scenario here
//! is the same program written against the runtime, and its test compares
//! what the runtime prints with CPython's lines for that scenario, exactly.
//! `unretrieved.py` and `uncaught.py` pin what is printed when a program ends.
//!
//! The few tests at the end are about the runtime's own API (a handle budget,
//! the virtual clock, Stop), which has no CPython counterpart.

mod common;

use playground::coro;
use playground::run::Program;
use playground::runtime::{
    ensure_future, gather, gather_return_exceptions, get_event_loop, print, sleep, wait, wait_for, wait_with,
    AnyFuture, Coroutine, EventLoop, Exception, PyResult, PyValue, ReturnWhen, RunOnce, Task,
};
use playground::trace::CallbackName;
use playground::{Ending, Run};

// ---------------------------------------------------------------------------
// The twins of `tests/cpython/hops.py`, in its order.

/// `say(text)`: prints the text after the number of the loop iteration.
fn say(text: impl AsRef<str>) {
    print(format!("[{}] {}", get_event_loop().iteration(), text.as_ref()));
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

async fn child(name: &'static str, d: f64, fail: bool) -> PyResult<String> {
    say(format!("{name} starts"));
    sleep(d).await?;
    if fail {
        return Err(Exception::new("ValueError", name));
    }
    say(format!("{name} ends"));
    Ok(name.to_string())
}

fn sleep_zero() -> Coroutine<()> {
    Coroutine::new("sleep_zero", async {
        say("sleeps 0");
        sleep(0.0).await?;
        say("back");
        Ok(())
    })
}

fn sleep_timer() -> Coroutine<()> {
    Coroutine::new("sleep_timer", async {
        say("sleeps 0.1");
        sleep(0.1).await?;
        say("back");
        Ok(())
    })
}

async fn ticker(n: i64, period: f64) -> PyResult<()> {
    for i in 0..n {
        say(format!("tick {i}"));
        sleep(period).await?;
    }
    Ok(())
}

fn staggered() -> Coroutine<()> {
    Coroutine::new("staggered", async {
        let tk = ensure_future(coro!(ticker(8, 0.05)));
        let ts: Vec<_> = [("a", 0.325), ("b", 0.125), ("c", 0.225)]
            .into_iter()
            .map(|(n, d)| ensure_future(coro!(child(n, d, false))))
            .collect();
        wait(ts).await?;
        say("all woke");
        tk.await
    })
}

fn await_task() -> Coroutine<()> {
    Coroutine::new("await_task", async {
        let t = ensure_future(coro!(child("c", 0.0, false)));
        say("created c");
        let r = t.await?;
        say(format!("awaited {r}"));
        Ok(())
    })
}

fn await_done_task() -> Coroutine<()> {
    Coroutine::new("await_done_task", async {
        let t = ensure_future(coro!(child("c", 0.1, false)));
        sleep(0.2).await?;
        say(format!("c done: {}", py_bool(t.done())));
        say(format!("awaited {}", t.await?));
        Ok(())
    })
}

async fn waiter(name: &'static str, t: Task<String>) -> PyResult<()> {
    say(format!("{name} awaits c"));
    t.await?;
    say(format!("{name} woke"));
    Ok(())
}

fn two_waiters() -> Coroutine<()> {
    Coroutine::new("two_waiters", async {
        let t = ensure_future(coro!(child("c", 0.1, false)));
        gather([coro!(waiter("w1", t.clone())), coro!(waiter("w2", t.clone()))]).await?;
        Ok(())
    })
}

fn gather_hops() -> Coroutine<()> {
    Coroutine::new("gather_hops", async {
        let rs = gather([coro!(child("a", 0.0, false)), coro!(child("b", 0.0, false))]).await?;
        say(format!("gathered {}", rs.repr()));
        Ok(())
    })
}

fn gather_reverse() -> Coroutine<()> {
    Coroutine::new("gather_reverse", async {
        let children = [coro!(child("a", 0.3, false)), coro!(child("b", 0.2, false)), coro!(child("c", 0.1, false))];
        let rs = gather(children).await?;
        say(format!("gathered {}", rs.repr()));
        Ok(())
    })
}

fn wait_hops() -> Coroutine<()> {
    Coroutine::new("wait_hops", async {
        let ts = vec![ensure_future(coro!(child("w1", 0.0, false))), ensure_future(coro!(child("w2", 0.0, false)))];
        let (done, pending) = wait(ts).await?;
        say(format!("waited {} {}", done.len(), pending.len()));
        Ok(())
    })
}

fn wait_timeout() -> Coroutine<()> {
    Coroutine::new("wait_timeout", async {
        let ts: Vec<_> =
            [("x", 0.1), ("y", 0.3)].into_iter().map(|(n, d)| ensure_future(coro!(child(n, d, false)))).collect();
        let (done, pending) = wait_with(ts, Some(0.2), ReturnWhen::AllCompleted).await?;
        say(format!("done {} pending {}", done.len(), pending.len()));
        wait(pending).await?;
        say("all done");
        Ok(())
    })
}

fn first_completed() -> Coroutine<()> {
    Coroutine::new("first_completed", async {
        let ts: Vec<_> = [("x", 0.3), ("y", 0.1), ("z", 0.2)]
            .into_iter()
            .map(|(n, d)| ensure_future(coro!(child(n, d, false))))
            .collect();
        let (done, pending) = wait_with(ts.clone(), None, ReturnWhen::FirstCompleted).await?;
        let results =
            done.iter().map(|t| t.result().expect("wait returns done futures")).collect::<PyResult<Vec<_>>>()?;
        say(format!("done {} pending {}", results.repr(), pending.len()));
        for t in &ts {
            t.cancel();
        }
        wait(pending).await?;
        let cancelled: Vec<&str> = ts.iter().map(|t| py_bool(t.future().cancelled())).collect();
        say(format!("cancelled [{}]", cancelled.join(", ")));
        Ok(())
    })
}

fn equal_timers() -> Coroutine<()> {
    Coroutine::new("equal_timers", async {
        gather([coro!(child("p", 0.5, false)), coro!(child("q", 0.5, false)), coro!(child("r", 0.5, false))]).await?;
        say("all ended");
        Ok(())
    })
}

fn gather_fails() -> Coroutine<()> {
    Coroutine::new("gather_fails", async {
        let children = [coro!(child("a", 0.2, false)), coro!(child("b", 0.1, true)), coro!(child("c", 0.3, false))];
        match gather(children).await {
            Err(e) if e.kind == "ValueError" => say(format!("caught {}", e.repr())),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        sleep(0.5).await?;
        say("slept");
        Ok(())
    })
}

fn gather_return_exceptions_scenario() -> Coroutine<()> {
    Coroutine::new("gather_return_exceptions", async {
        let rs = gather_return_exceptions([coro!(child("a", 0.2, false)), coro!(child("b", 0.1, true))]).await?;
        say(format!("results {}", rs.repr()));
        Ok(())
    })
}

fn gather_cancelled() -> Coroutine<()> {
    Coroutine::new("gather_cancelled", async {
        let g = gather([coro!(child("a", 0.2, false)), coro!(child("b", 0.3, false))]);
        sleep(0.1).await?;
        say(format!("cancel -> {}", py_bool(g.cancel())));
        match g.await {
            Err(e) if e.is_cancelled() => say("gather cancelled"),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        Ok(())
    })
}

fn wait_for_timeout() -> Coroutine<()> {
    Coroutine::new("wait_for_timeout", async {
        let t = ensure_future(coro!(child("slow", 1.0, false)));
        match wait_for(&t, 0.5).await {
            Err(e) if e.kind == "TimeoutError" => {
                say(format!("timed out; cancelled={}", py_bool(t.future().cancelled())))
            }
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        sleep(1.0).await?;
        say("slept past slow's end");
        Ok(())
    })
}

fn wait_for_in_time() -> Coroutine<()> {
    Coroutine::new("wait_for_in_time", async {
        let r = wait_for(coro!(child("quick", 0.1, false)), 0.5).await?;
        say(format!("got {r}"));
        Ok(())
    })
}

fn cancel_sleeping() -> Coroutine<()> {
    Coroutine::new("cancel_sleeping", async {
        let t = ensure_future(coro!(child("victim", 1.0, false)));
        sleep(0.1).await?;
        say(format!("cancel -> {}", py_bool(t.cancel())));
        match t.await {
            Err(e) if e.is_cancelled() => say("victim cancelled"),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        Ok(())
    })
}

fn cancel_before_start() -> Coroutine<()> {
    Coroutine::new("cancel_before_start", async {
        let t = ensure_future(coro!(child("never", 1.0, false)));
        say(format!("cancel -> {}", py_bool(t.cancel())));
        match t.clone().await {
            Err(e) if e.is_cancelled() => say(format!("never started; cancelled={}", py_bool(t.future().cancelled()))),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        Ok(())
    })
}

fn call_soon_order() -> Coroutine<()> {
    Coroutine::new("call_soon_order", async {
        let lp = get_event_loop();
        let first_lp = lp.clone();
        lp.call_soon(CallbackName::Plain(1), move || {
            say("first");
            first_lp.call_soon(CallbackName::Plain(2), || say("queued by first"));
        });
        lp.call_soon(CallbackName::Plain(3), || say("second"));
        sleep(0.0).await?;
        say("main back");
        sleep(0.0).await?;
        say("main again");
        Ok(())
    })
}

fn cancelled_timer() -> Coroutine<()> {
    Coroutine::new("cancelled_timer", async {
        let lp = get_event_loop();
        let h = lp.call_later(0.1, CallbackName::Plain(4), || say("cancelled timer ran"));
        lp.call_later(0.2, CallbackName::Plain(5), || say("timer ran"));
        h.cancel();
        sleep(0.3).await?;
        say("slept");
        Ok(())
    })
}

/// A scenario: the coroutine `asyncio.run` runs.
type Scenario = fn() -> Coroutine<()>;

/// Every scenario of `hops.py`, by the name its `== name` line gives it.
const SCENARIOS: &[(&str, Scenario)] = &[
    ("sleep_zero", sleep_zero),
    ("sleep_timer", sleep_timer),
    ("staggered", staggered),
    ("await_task", await_task),
    ("await_done_task", await_done_task),
    ("two_waiters", two_waiters),
    ("gather_hops", gather_hops),
    ("gather_reverse", gather_reverse),
    ("wait_hops", wait_hops),
    ("wait_timeout", wait_timeout),
    ("first_completed", first_completed),
    ("equal_timers", equal_timers),
    ("gather_fails", gather_fails),
    ("gather_return_exceptions", gather_return_exceptions_scenario),
    ("gather_cancelled", gather_cancelled),
    ("wait_for_timeout", wait_for_timeout),
    ("wait_for_in_time", wait_for_in_time),
    ("cancel_sleeping", cancel_sleeping),
    ("cancel_before_start", cancel_before_start),
    ("call_soon_order", call_soon_order),
    ("cancelled_timer", cancelled_timer),
];

// ---------------------------------------------------------------------------
// Running the twins and reading what CPython printed.

fn cpython_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("cpython")
}

/// The text of `tests/cpython/<name>.py`.
fn program_text(name: &str) -> String {
    let path = cpython_dir().join(format!("{name}.py"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What CPython printed for `tests/cpython/<name>.py`; panics if it was
/// recorded from another version of the program.
fn cpython_printed(name: &str) -> Vec<String> {
    let path = cpython_dir().join(format!("{name}.txt"));
    common::read_recorded(&path, &program_text(name)).unwrap_or_else(|e| panic!("{e}")).lines
}

/// The scenarios of `hops.py` as CPython printed them: `== name` lines, each
/// followed by what `asyncio.run(name())` printed.
fn cpython_scenarios() -> Vec<(String, Vec<String>)> {
    let mut scenarios: Vec<(String, Vec<String>)> = Vec::new();
    for line in cpython_printed("hops") {
        match (line.strip_prefix("== "), scenarios.last_mut()) {
            (Some(name), _) => scenarios.push((name.to_string(), Vec::new())),
            (None, Some((_, lines))) => lines.push(line),
            (None, None) => panic!("hops.txt: {line:?} comes before the first `== scenario` line"),
        }
    }
    scenarios
}

fn cpython_scenario(name: &str) -> Vec<String> {
    let scenarios = cpython_scenarios();
    let found = scenarios.into_iter().find(|(n, _)| n == name);
    found.unwrap_or_else(|| panic!("hops.txt has no `== {name}`: is it in hops.py's list of scenarios?")).1
}

/// `asyncio.run(scenario())` on the runtime, one iteration at a time or at
/// most `budget` handles at a time; returns what it printed.
fn run_scenario(scenario: Scenario, budget: usize) -> Vec<String> {
    let program = move || -> Program { Box::pin(async move { get_event_loop().run_until_complete(scenario()).await }) };
    let mut run = Run::of_program("hops.py", program_text("hops"), program);
    let ending = loop {
        match run.step(budget) {
            playground::Progress::Busy => {}
            playground::Progress::WaitUntil(when) => run.advance_to(when),
            playground::Progress::Finished(ending) => break ending,
            playground::Progress::WaitOutside { .. } => panic!("hops.py connects to nothing outside the run"),
        }
    };
    assert_eq!(ending, Ending::Completed, "{}", run.transcript().join("\n"));
    run.transcript()
}

/// The scenario prints on the runtime exactly what it printed on CPython.
fn assert_prints_what_cpython_printed(name: &str) {
    let (_, scenario) =
        SCENARIOS.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no twin of hops.py's {name} here"));
    assert_eq!(run_scenario(*scenario, usize::MAX), cpython_scenario(name), "scenario {name}: runtime, then CPython");
}

// ---------------------------------------------------------------------------
// One test per rule.

#[test]
fn sleep_zero_resumes_in_the_next_iteration() {
    assert_prints_what_cpython_printed("sleep_zero");
}

#[test]
fn a_sleep_timer_fires_in_one_iteration_and_the_task_resumes_in_the_next() {
    assert_prints_what_cpython_printed("sleep_timer");
}

#[test]
fn staggered_sleepers_wake_in_deadline_order_between_the_ticks_of_a_ticker() {
    assert_prints_what_cpython_printed("staggered");
}

#[test]
fn tasks_never_start_synchronously_and_awaiting_a_task_resumes_one_iteration_after_it_ends() {
    assert_prints_what_cpython_printed("await_task");
}

#[test]
fn awaiting_a_finished_task_does_not_suspend() {
    assert_prints_what_cpython_printed("await_done_task");
}

#[test]
fn tasks_awaiting_one_task_wake_in_the_order_they_began_to_wait() {
    assert_prints_what_cpython_printed("two_waiters");
}

#[test]
fn gather_resumes_two_iterations_after_the_last_child() {
    assert_prints_what_cpython_printed("gather_hops");
}

#[test]
fn gather_returns_results_in_argument_order_when_children_finish_in_reverse() {
    assert_prints_what_cpython_printed("gather_reverse");
}

#[test]
fn wait_resumes_two_iterations_after_the_last_child() {
    assert_prints_what_cpython_printed("wait_hops");
}

#[test]
fn wait_with_a_timeout_returns_what_is_done_when_the_timeout_fires() {
    assert_prints_what_cpython_printed("wait_timeout");
}

#[test]
fn wait_first_completed_returns_after_the_first_child() {
    assert_prints_what_cpython_printed("first_completed");
}

#[test]
fn timers_with_equal_deadlines_fire_in_one_iteration_in_the_order_set() {
    assert_prints_what_cpython_printed("equal_timers");
}

#[test]
fn gather_raises_the_first_failure_while_the_other_children_run_on() {
    assert_prints_what_cpython_printed("gather_fails");
}

#[test]
fn gather_return_exceptions_puts_exceptions_among_the_results_in_argument_order() {
    assert_prints_what_cpython_printed("gather_return_exceptions");
}

#[test]
fn cancelling_gather_cancels_its_children_and_raises_cancelled_error() {
    assert_prints_what_cpython_printed("gather_cancelled");
}

#[test]
fn wait_for_cancels_the_task_and_raises_timeout_error() {
    assert_prints_what_cpython_printed("wait_for_timeout");
}

#[test]
fn wait_for_returns_the_result_when_in_time() {
    assert_prints_what_cpython_printed("wait_for_in_time");
}

#[test]
fn cancel_throws_cancelled_error_into_a_sleeping_task() {
    assert_prints_what_cpython_printed("cancel_sleeping");
}

#[test]
fn a_task_cancelled_before_its_first_step_never_runs() {
    assert_prints_what_cpython_printed("cancel_before_start");
}

#[test]
fn callbacks_queued_during_an_iteration_wait_for_the_next() {
    assert_prints_what_cpython_printed("call_soon_order");
}

#[test]
fn a_cancelled_timer_never_runs() {
    assert_prints_what_cpython_printed("cancelled_timer");
}

#[test]
fn every_scenario_cpython_ran_has_its_twin_here() {
    let recorded: Vec<String> = cpython_scenarios().into_iter().map(|(name, _)| name).collect();
    let here: Vec<&str> = SCENARIOS.iter().map(|(name, _)| *name).collect();
    assert_eq!(recorded, here, "the scenarios of hops.txt, then those of this file");
}

#[test]
fn an_iteration_split_by_a_handle_budget_prints_what_cpython_printed() {
    // The page runs an iteration in slices of a few handles, painting in
    // between: one handle a slice must not change what is printed, or when.
    for (name, scenario) in SCENARIOS {
        assert_eq!(run_scenario(*scenario, 1), cpython_scenario(name), "scenario {name}, one handle a step");
    }
}

// ---------------------------------------------------------------------------
// What is printed when a program ends: `unretrieved.py` and `uncaught.py`.

#[test]
fn an_exception_nobody_retrieved_is_reported_at_exit_with_its_traceback() {
    async fn boom() -> PyResult<()> {
        Err(Exception::new("ValueError", "x"))
    }
    let mut run = Run::of_program("unretrieved.py", program_text("unretrieved"), || {
        Box::pin(async {
            let _t = ensure_future(coro!(boom()));
            let lp = get_event_loop();
            lp.run_until_complete(Coroutine::new("sleep", sleep(0.1))).await?;
            lp.close()?;
            print("slept");
            Ok(())
        })
    });
    assert_eq!(run.run_to_end(), Ending::Completed);
    assert_eq!(run.transcript(), common::without_traceback_frames(&cpython_printed("unretrieved")));
}

#[test]
fn run_until_complete_reraises_what_the_task_raised() {
    async fn failing_child(name: &'static str, d: f64) -> PyResult<()> {
        print(format!("{name} starts"));
        sleep(d).await?;
        Err(Exception::new("ValueError", name))
    }
    let mut run = Run::of_program("uncaught.py", program_text("uncaught"), || {
        Box::pin(async {
            get_event_loop().run_until_complete(coro!(failing_child("f", 0.1))).await?;
            print("not reached");
            Ok(())
        })
    });
    assert_eq!(run.run_to_end(), Ending::Raised(Exception::new("ValueError", "f")));
    assert_eq!(run.transcript(), common::without_traceback_frames(&cpython_printed("uncaught")));
}

// ---------------------------------------------------------------------------
// The runtime's own API: no CPython counterpart.

#[test]
fn the_loop_asks_to_wait_until_the_earliest_timer() {
    let lp = EventLoop::new();
    lp.call_later(2.0, CallbackName::Plain(6), || {});
    lp.call_later(0.5, CallbackName::Plain(7), || {});
    assert_eq!(lp.run_once(usize::MAX), RunOnce::WaitUntil(0.5));
    lp.advance_to(0.5);
    assert_eq!(lp.run_once(usize::MAX), RunOnce::IterationDone);
    assert_eq!(lp.run_once(usize::MAX), RunOnce::WaitUntil(2.0));
}

#[test]
fn a_loop_with_nothing_to_do_that_never_stops_is_reported_hung() {
    let mut run = Run::of_program("test.py", String::new(), || {
        Box::pin(async {
            let lp = get_event_loop();
            let never = lp.create_future::<()>();
            lp.run_until_complete(never).await?;
            Ok(())
        })
    });
    assert_eq!(run.run_to_end(), Ending::Hung);
}

#[test]
fn stop_ends_the_run_at_once_and_nothing_more_prints() {
    async fn ticker_1000() -> PyResult<()> {
        for i in 0..1000 {
            print(format!("tick {i}"));
            sleep(0.0).await?;
        }
        Ok(())
    }
    let mut run = Run::of_program("test.py", String::new(), || {
        Box::pin(async {
            get_event_loop().run_until_complete(coro!(ticker_1000())).await?;
            Ok(())
        })
    });
    for _ in 0..10 {
        run.step(usize::MAX);
    }
    let printed = run.transcript();
    assert_eq!(printed.len(), 10, "one tick an iteration: {printed:?}");
    run.stop();
    assert_eq!(run.step(usize::MAX), playground::Progress::Finished(Ending::Stopped));
    assert_eq!(run.transcript(), printed);
}
