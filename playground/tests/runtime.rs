//! The runtime's scheduling rules, each pinned by a transcript that CPython
//! 3.11 printed for the same program. The Python programs are in
//! `tests/cpython/` (`python3 hops.py`, `python3 errors.py`); each test runs
//! one of their scenarios next to a `ticker` task that prints once per loop
//! iteration, so the interleaving shows how many iterations each hop takes.

use playground::coro;
use playground::run::Program;
use playground::runtime::{
    ensure_future, gather, gather_return_exceptions, get_event_loop, print, sleep, wait, wait_for, wait_with,
    Coroutine, EventLoop, Exception, PyResult, PyValue, ReturnWhen, RunOnce,
};
use playground::trace::{CallbackName, EventKind};
use playground::{Ending, Run};

async fn ticker(n: i64) -> PyResult<()> {
    for i in 0..n {
        print(format!("tick {i}"));
        sleep(0.0).await?;
    }
    Ok(())
}

async fn child(name: &'static str, delay: f64) -> PyResult<String> {
    print(format!("{name} starts"));
    sleep(delay).await?;
    print(format!("{name} ends"));
    Ok(name.to_string())
}

async fn failing_child(name: &'static str, delay: f64) -> PyResult<String> {
    print(format!("{name} starts"));
    sleep(delay).await?;
    Err(Exception::new("ValueError", name))
}

/// `asyncio.run(main(scenario))` where `main` runs a ticker of `ticks`
/// iterations beside the scenario, as in `tests/cpython/*.py`.
fn run_beside_ticker(ticks: i64, scenario: fn() -> Coroutine<()>) -> Vec<String> {
    let program = move || -> Program {
        Box::pin(async move {
            let main = Coroutine::new("main", async move {
                let tk = ensure_future(coro!(ticker(ticks)));
                scenario().await?;
                tk.await?;
                Ok(())
            });
            get_event_loop().run_until_complete(main).await
        })
    };
    let mut run = Run::of_program("test.py", String::new(), program);
    assert_eq!(run.run_to_end(), Ending::Completed);
    run.transcript()
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

#[test]
fn sleep_zero_resumes_in_the_next_iteration() {
    let scenario = || {
        Coroutine::new("sleeper", async {
            print("sleeper sleeps 0");
            sleep(0.0).await?;
            print("sleeper back");
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(9, scenario),
        lines(
            "sleeper sleeps 0
             tick 0
             sleeper back
             tick 1
             tick 2
             tick 3
             tick 4
             tick 5
             tick 6
             tick 7
             tick 8"
        )
    );
}

#[test]
fn tasks_never_start_synchronously_and_awaiting_a_task_resumes_one_iteration_after_it_ends() {
    let scenario = || {
        Coroutine::new("awaiting_task", async {
            let t = ensure_future(coro!(child("c", 0.0)));
            print("created c");
            let r = t.await?;
            print(format!("awaited {r}"));
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(9, scenario),
        lines(
            "created c
             tick 0
             c starts
             tick 1
             c ends
             tick 2
             awaited c
             tick 3
             tick 4
             tick 5
             tick 6
             tick 7
             tick 8"
        )
    );
}

#[test]
fn gather_resumes_two_iterations_after_last_child() {
    let scenario = || {
        Coroutine::new("gathering", async {
            let rs = gather([coro!(child("a", 0.0)), coro!(child("b", 0.0))]).await?;
            print(format!("gathered {}", rs.repr()));
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(9, scenario),
        lines(
            "tick 0
             a starts
             b starts
             tick 1
             a ends
             b ends
             tick 2
             tick 3
             gathered ['a', 'b']
             tick 4
             tick 5
             tick 6
             tick 7
             tick 8"
        )
    );
}

#[test]
fn wait_resumes_two_iterations_after_last_child() {
    let scenario = || {
        Coroutine::new("waiting", async {
            let ts = vec![ensure_future(coro!(child("w1", 0.0))), ensure_future(coro!(child("w2", 0.0)))];
            let (done, pending) = wait(ts).await?;
            print(format!("waited {} {}", done.len(), pending.len()));
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(9, scenario),
        lines(
            "tick 0
             w1 starts
             w2 starts
             tick 1
             w1 ends
             w2 ends
             tick 2
             tick 3
             waited 2 0
             tick 4
             tick 5
             tick 6
             tick 7
             tick 8"
        )
    );
}

#[test]
fn gather_raises_the_first_failure_while_the_other_children_run_on() {
    let scenario = || {
        Coroutine::new("gather_fails", async {
            let children = [coro!(child("a", 0.2)), coro!(failing_child("b", 0.1)), coro!(child("c", 0.3))];
            if let Err(e) = gather(children).await {
                print(format!("caught {}", e.repr()));
            }
            sleep(0.5).await
        })
    };
    assert_eq!(
        run_beside_ticker(6, scenario),
        lines(
            "tick 0
             a starts
             b starts
             c starts
             tick 1
             tick 2
             tick 3
             tick 4
             tick 5
             caught ValueError('b')
             a ends
             c ends"
        )
    );
}

#[test]
fn gather_return_exceptions_puts_exceptions_among_the_results_in_argument_order() {
    let scenario = || {
        Coroutine::new("gather_return_exceptions", async {
            let rs = gather_return_exceptions([coro!(child("a", 0.2)), coro!(failing_child("b", 0.1))]).await?;
            print(format!("results {}", rs.repr()));
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(6, scenario),
        lines(
            "tick 0
             a starts
             b starts
             tick 1
             tick 2
             tick 3
             tick 4
             tick 5
             a ends
             results ['a', ValueError('b')]"
        )
    );
}

#[test]
fn wait_for_cancels_the_task_and_raises_timeout_error() {
    let scenario = || {
        Coroutine::new("wait_for_timeout", async {
            let t = ensure_future(coro!(child("slow", 1.0)));
            match wait_for(&t, 0.5).await {
                Err(e) if e.kind == "TimeoutError" => {
                    let cancelled = matches!(t.result(), Some(Err(e)) if e.is_cancelled());
                    print(format!("timed out; cancelled={}", if cancelled { "True" } else { "False" }));
                }
                other => panic!("wait_for should time out, got {other:?}"),
            }
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(6, scenario),
        lines(
            "tick 0
             slow starts
             tick 1
             tick 2
             tick 3
             tick 4
             tick 5
             timed out; cancelled=True"
        )
    );
}

#[test]
fn wait_for_returns_the_result_when_in_time() {
    let scenario = || {
        Coroutine::new("wait_for_in_time", async {
            let r = wait_for(coro!(child("quick", 0.1)), 0.5).await?;
            print(format!("got {r}"));
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(6, scenario),
        lines(
            "tick 0
             quick starts
             tick 1
             tick 2
             tick 3
             tick 4
             tick 5
             quick ends
             got quick"
        )
    );
}

#[test]
fn cancel_throws_cancelled_error_into_a_sleeping_task() {
    let scenario = || {
        Coroutine::new("cancel_sleeping", async {
            let t = ensure_future(coro!(child("victim", 1.0)));
            sleep(0.1).await?;
            print(format!("cancel -> {}", if t.cancel() { "True" } else { "False" }));
            match t.await {
                Err(e) if e.is_cancelled() => print("victim cancelled"),
                other => panic!("the victim should be cancelled, got {other:?}"),
            }
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(6, scenario),
        lines(
            "tick 0
             victim starts
             tick 1
             tick 2
             tick 3
             tick 4
             tick 5
             cancel -> True
             victim cancelled"
        )
    );
}

#[test]
fn a_task_cancelled_before_its_first_step_never_runs() {
    let scenario = || {
        Coroutine::new("cancel_before_start", async {
            let t = ensure_future(coro!(child("never", 1.0)));
            print(format!("cancel -> {}", if t.cancel() { "True" } else { "False" }));
            match t.clone().await {
                Err(e) if e.is_cancelled() => print("never started; cancelled=True"),
                other => panic!("the task should be cancelled, got {other:?}"),
            }
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(6, scenario),
        lines(
            "cancel -> True
             tick 0
             tick 1
             never started; cancelled=True
             tick 2
             tick 3
             tick 4
             tick 5"
        )
    );
}

#[test]
fn wait_first_completed_returns_after_the_first_child() {
    let scenario = || {
        Coroutine::new("first_completed", async {
            let ts: Vec<_> = [("x", 0.3), ("y", 0.1), ("z", 0.2)]
                .into_iter()
                .map(|(n, d)| ensure_future(coro!(child(n, d))))
                .collect();
            let (done, pending) = wait_with(ts.clone(), None, ReturnWhen::FirstCompleted).await?;
            let results: Vec<String> = done.iter().map(|f| f.result().unwrap().unwrap()).collect();
            print(format!("done {} pending {}", results.repr(), pending.len()));
            for t in &ts {
                t.cancel();
            }
            sleep(0.0).await
        })
    };
    assert_eq!(
        run_beside_ticker(6, scenario),
        lines(
            "tick 0
             x starts
             y starts
             z starts
             tick 1
             tick 2
             tick 3
             tick 4
             tick 5
             y ends
             done ['y'] pending 2"
        )
    );
}

#[test]
fn timers_with_equal_deadlines_fire_in_the_order_set() {
    let scenario = || {
        Coroutine::new("equal_timers", async {
            gather([coro!(child("p", 0.5)), coro!(child("q", 0.5)), coro!(child("r", 0.5))]).await?;
            Ok(())
        })
    };
    assert_eq!(
        run_beside_ticker(6, scenario),
        lines(
            "tick 0
             p starts
             q starts
             r starts
             tick 1
             tick 2
             tick 3
             tick 4
             tick 5
             p ends
             q ends
             r ends"
        )
    );
}

/// Runs `program` and returns its run, finished.
fn finished(program: impl FnOnce() -> Program) -> Run {
    let mut run = Run::of_program("test.py", "async def boom():\n    raise ValueError('x')\n".into(), program);
    run.run_to_end();
    run
}

#[test]
fn sleep_timer_fires_in_one_iteration_and_the_task_resumes_in_the_next() {
    let run = finished(|| {
        Box::pin(async {
            get_event_loop().run_until_complete(coro!(child("s", 1.0))).await?;
            Ok(())
        })
    });
    let trace = run.trace();
    let mut iteration = 0;
    let (mut fired, mut resumed) = (None, None);
    for e in trace.events() {
        match e.kind {
            EventKind::Iteration { number, .. } => iteration = number,
            EventKind::HandleRun { callback: CallbackName::SleepDone(_), .. } => fired = Some(iteration),
            EventKind::HandleRun { callback: CallbackName::TaskWakeup(_), .. } => resumed = Some(iteration),
            _ => {}
        }
    }
    let fired = fired.expect("the sleep's timer ran");
    assert_eq!(resumed, Some(fired + 1));
    assert_eq!(run.time(), 1.0);
}

#[test]
fn callbacks_queued_during_an_iteration_wait_for_the_next() {
    let lp = EventLoop::new();
    let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let (l1, lp1) = (log.clone(), lp.clone());
    lp.call_soon(CallbackName::Plain(1), move || {
        l1.borrow_mut().push("first");
        let l2 = l1.clone();
        lp1.call_soon(CallbackName::Plain(2), move || l2.borrow_mut().push("queued by first"));
    });
    let l3 = log.clone();
    lp.call_soon(CallbackName::Plain(3), move || l3.borrow_mut().push("second"));
    assert_eq!(lp.run_once(usize::MAX), RunOnce::IterationDone);
    assert_eq!(*log.borrow(), ["first", "second"]);
    assert_eq!(lp.ready_callbacks(), [CallbackName::Plain(2)]);
    assert_eq!(lp.run_once(usize::MAX), RunOnce::IterationDone);
    assert_eq!(*log.borrow(), ["first", "second", "queued by first"]);
    assert_eq!(lp.run_once(usize::MAX), RunOnce::Idle);
}

#[test]
fn an_iteration_split_by_a_handle_budget_runs_the_same_handles() {
    let lp = EventLoop::new();
    let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    for i in 0..5 {
        let (l, lpi) = (log.clone(), lp.clone());
        lp.call_soon(CallbackName::Plain(4), move || {
            l.borrow_mut().push(i);
            let l2 = l.clone();
            lpi.call_soon(CallbackName::Plain(5), move || l2.borrow_mut().push(100 + i));
        });
    }
    assert_eq!(lp.run_once(2), RunOnce::Busy);
    assert_eq!(lp.run_once(2), RunOnce::Busy);
    assert_eq!(lp.run_once(2), RunOnce::IterationDone);
    assert_eq!(*log.borrow(), [0, 1, 2, 3, 4]);
}

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
fn a_cancelled_timer_never_runs() {
    let lp = EventLoop::new();
    let ran = std::rc::Rc::new(std::cell::Cell::new(false));
    let r = ran.clone();
    let handle = lp.call_later(1.0, CallbackName::Plain(8), move || r.set(true));
    handle.cancel();
    assert_eq!(lp.run_once(usize::MAX), RunOnce::Idle);
    assert!(!ran.get());
}

#[test]
fn an_exception_nobody_retrieved_is_reported_at_exit() {
    async fn boom() -> PyResult<()> {
        Err(Exception::new("ValueError", "x"))
    }
    let run = finished(|| {
        Box::pin(async {
            let _t = ensure_future(coro!(boom()));
            get_event_loop().run_until_complete(coro!(child("s", 0.1))).await?;
            Ok(())
        })
    });
    assert_eq!(
        run.transcript(),
        [
            "s starts",
            "s ends",
            "Task exception was never retrieved",
            "future: <Task finished name='Task-1' coro=<boom() done, defined at test.py:1> exception=ValueError('x')>",
        ]
    );
}

#[test]
fn run_until_complete_reraises_what_the_task_raised() {
    let mut run = Run::of_program("test.py", String::new(), || {
        Box::pin(async {
            get_event_loop().run_until_complete(coro!(failing_child("f", 0.1))).await?;
            print("not reached");
            Ok(())
        })
    });
    assert_eq!(run.run_to_end(), Ending::Raised(Exception::new("ValueError", "f")));
    assert_eq!(run.transcript(), ["f starts", "Traceback (most recent call last):", "ValueError: f"]);
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
    let mut run = Run::of_program("test.py", String::new(), || {
        Box::pin(async {
            get_event_loop().run_until_complete(coro!(ticker(1000))).await?;
            Ok(())
        })
    });
    for _ in 0..10 {
        run.step(usize::MAX);
    }
    let printed = run.transcript().len();
    run.stop();
    assert_eq!(run.step(usize::MAX), playground::Progress::Finished(Ending::Stopped));
    assert_eq!(run.transcript().len(), printed);
}
