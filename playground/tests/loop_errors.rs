//! What a program gets when it misuses the loop: CPython's exceptions with
//! CPython's messages, never a panic (a panic would kill the page). Each
//! expectation is what CPython 3.11 printed on stdout for the program beside
//! it in `tests/cpython/` (`python3 closed_loop.py`, `python3 running_loop.py`).

use playground::coro;
use playground::run::Program;
use playground::runtime::{get_event_loop, print, PyResult};
use playground::trace::Stream;
use playground::{Ending, Run};

async fn work() -> PyResult<()> {
    print("work runs");
    Ok(())
}

async fn inner() -> PyResult<()> {
    print("inner runs");
    Ok(())
}

fn transcript(program: fn() -> Program) -> Vec<String> {
    let mut run = Run::of_program("test.py", String::new(), program);
    assert_eq!(run.run_to_end(), Ending::Completed);
    let trace = run.trace();
    let stdout = trace.lines().filter(|l| l.stream == Stream::Stdout).map(|l| l.text.to_string()).collect();
    stdout
}

#[test]
fn a_closed_loop_refuses_to_run_and_closing_twice_is_fine() {
    let lines = transcript(|| {
        Box::pin(async {
            let lp = get_event_loop();
            lp.close()?;
            if let Err(e) = lp.run_until_complete(coro!(work())).await {
                print(format!("{}: {}", e.kind, e.message));
            }
            lp.close()?;
            print("closing twice is fine");
            Ok(())
        })
    });
    assert_eq!(lines, ["RuntimeError: Event loop is closed", "closing twice is fine"]);
}

async fn misuse_running_loop() -> PyResult<()> {
    let lp = get_event_loop();
    if let Err(e) = lp.close() {
        print(format!("{}: {}", e.kind, e.message));
    }
    if let Err(e) = lp.run_until_complete(coro!(inner())).await {
        print(format!("{}: {}", e.kind, e.message));
    }
    inner().await?;
    let fut = lp.create_future::<i64>();
    fut.set_result(1)?;
    if let Err(e) = fut.set_result(2) {
        print(format!("{}: {}", e.kind, e.message));
    }
    print(fut.result().expect("the future is done")?.to_string());
    Ok(())
}

#[test]
fn a_running_loop_cannot_be_closed_or_run_again_and_a_done_future_cannot_be_set() {
    let lines = transcript(|| {
        Box::pin(async {
            let lp = get_event_loop();
            lp.run_until_complete(coro!(misuse_running_loop())).await?;
            lp.close()
        })
    });
    assert_eq!(
        lines,
        [
            "RuntimeError: Cannot close a running event loop",
            "RuntimeError: This event loop is already running",
            "inner runs",
            "InvalidStateError: invalid state",
            "1",
        ]
    );
}

async fn awaits_a_foreign_future() -> PyResult<()> {
    print("before");
    std::future::pending::<()>().await;
    print("never printed");
    Ok(())
}

async fn awaits_the_bad_task() -> PyResult<()> {
    let task = playground::runtime::create_task(coro!(awaits_a_foreign_future()));
    if let Err(e) = task.await {
        print(format!("{}: {}", e.kind, e.message));
    }
    Ok(())
}

/// `Task.__step` turns a yield of something that is not an asyncio future
/// into `RuntimeError('Task got bad yield: ...')` (CPython names the yielded
/// value; a Rust future has no repr). The runtime must do the same instead
/// of panicking.
#[test]
fn a_task_suspended_on_a_foreign_future_fails_with_runtime_error() {
    let lines = transcript(|| {
        Box::pin(async {
            let lp = get_event_loop();
            lp.run_until_complete(coro!(awaits_the_bad_task())).await?;
            lp.close()
        })
    });
    assert_eq!(lines, ["before", "RuntimeError: Task got bad yield: a future of another event loop or library"]);
}
