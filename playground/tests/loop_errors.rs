//! What a program gets when it misuses the loop: CPython's exceptions with
//! CPython's messages, never a panic (a panic would kill the page). The first
//! two tests print exactly what CPython 3.11 printed for the program beside
//! them in `tests/cpython/` (`closed_loop.py`, `running_loop.py`, recorded
//! into `.txt` files by `cargo xtask golden`).

mod common;

use playground::coro;
use playground::run::Program;
use playground::runtime::{get_event_loop, print, PyResult};
use playground::trace::Stream;
use playground::{Ending, Run};

/// `tests/cpython/<name>.py` and what CPython printed for it.
fn cpython(name: &str) -> (String, Vec<String>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("cpython");
    let program = std::fs::read_to_string(dir.join(format!("{name}.py"))).expect("the program is there");
    let recorded = common::read_recorded(&dir.join(format!("{name}.txt")), &program).unwrap_or_else(|e| panic!("{e}"));
    (program, recorded.lines)
}

/// Runs `program` as `tests/cpython/<file_name>` and checks that it prints
/// what CPython printed, stdout and stderr.
fn assert_prints_what_cpython_printed(file_name: &'static str, program: fn() -> Program) {
    let name = file_name.trim_end_matches(".py");
    let (source, expected) = cpython(name);
    let mut run = Run::of_program(file_name, source, program);
    assert_eq!(run.run_to_end(), Ending::Completed);
    assert_eq!(run.transcript(), expected, "{name}: runtime, then CPython");
}

async fn work() -> PyResult<()> {
    print("work runs");
    Ok(())
}

async fn inner() -> PyResult<()> {
    print("inner runs");
    Ok(())
}

/// What `program` printed on stdout.
fn transcript(program: fn() -> Program) -> Vec<String> {
    let mut run = Run::of_program("test.py", String::new(), program);
    assert_eq!(run.run_to_end(), Ending::Completed);
    let trace = run.trace();
    let stdout = trace.lines().filter(|l| l.stream == Stream::Stdout).map(|l| l.text.to_string()).collect();
    stdout
}

#[test]
fn a_closed_loop_refuses_to_run_and_closing_twice_is_fine() {
    assert_prints_what_cpython_printed("closed_loop.py", || {
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
    assert_prints_what_cpython_printed("running_loop.py", || {
        Box::pin(async {
            let lp = get_event_loop();
            lp.run_until_complete(coro!(misuse_running_loop())).await?;
            lp.close()
        })
    });
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
