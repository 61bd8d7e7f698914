//! A run's end with many tasks is done a part per step (`Run::step` handles at most
//! `END_PART` objects of it), so that the page paints between parts: what CPython reports
//! about the tasks at exit, the module's globals freed, the loop's tasks freed. Nothing else
//! changes: the same lines in the same order (`exit_order_is_cpythons` compares with what
//! CPython 3.11 printed), the run finishes only once they are all printed, and a finished or
//! stopped run holds no task.

use playground::run::END_PART;
use playground::{examples, Ending, Progress, Run};

fn many_tasks(count: &str) -> Run {
    let example = examples::find("many-tasks").expect("many-tasks is in the registry");
    let params = example.parse_params([("count", count)]).expect("a valid count");
    Run::new(example, &params)
}

/// Steps `run` as the page does (64 handles a step) until `stop` says so or it finishes;
/// how many steps.
fn step_until(run: &mut Run, mut stop: impl FnMut(&Run) -> bool) -> usize {
    let mut steps = 0;
    while !stop(run) {
        steps += 1;
        match run.step(64) {
            Progress::Busy => {}
            Progress::WaitUntil(when) => run.advance_to(when),
            Progress::WaitOutside { .. } => panic!("many-tasks never connects outside the run"),
            Progress::Finished(_) => break,
        }
    }
    steps
}

/// With 20,000 finished tasks (and their 20,000 coroutines in the module's `coroutines`
/// list, and `gather`'s future holding the 20,000 tasks), the exit takes a step per
/// `END_PART` objects: at least the tasks looked at twice, the coroutines and tasks freed
/// with the module, and the loop's tasks destroyed and freed. It used to be one step.
#[test]
fn the_exit_of_many_tasks_count_20000_takes_a_step_per_part() {
    let mut run = many_tasks("20000");
    // The loop has ended, `loop.close()` has run: the module's code is at its end.
    step_until(&mut run, |run| run.event_loop().is_closed());
    assert_eq!(run.transcript().len(), 20_000);
    let mut ending_steps = 0;
    let steps = step_until(&mut run, |run| {
        ending_steps += usize::from(run.is_ending());
        run.is_finished()
    });
    assert!(steps >= 6 * 20_000 / END_PART, "the exit took {steps} steps");
    assert!(ending_steps + 1 >= steps, "{ending_steps} of the {steps} steps continued the run's end");
    assert_eq!(run.ending(), Some(&Ending::Completed));
    assert_eq!(run.transcript().len(), 20_000, "the exit prints nothing for finished tasks");
    assert_eq!(run.event_loop().task_count(), 0, "a finished run holds no task");
    assert!(run.interpreter().is_none());
}

/// Between the parts the run is in the middle of something: the Event loop tab's presses
/// step on through it (`mid_code`), and it is not finished.
#[test]
fn a_run_in_the_middle_of_its_end_is_mid_code_and_not_finished() {
    let mut run = many_tasks("10000");
    step_until(&mut run, |run| run.is_ending());
    assert!(run.mid_code());
    assert!(!run.is_finished());
    assert_eq!(run.step(64), Progress::Busy);
}

/// Stop in the middle of the end: the run stops at once and frees every task.
#[test]
fn stop_in_the_middle_of_the_end_frees_every_task() {
    let mut run = many_tasks("10000");
    step_until(&mut run, |run| run.is_ending());
    run.step(64);
    assert!(run.is_ending());
    run.stop();
    assert_eq!(run.ending(), Some(&Ending::Stopped));
    assert!(!run.is_ending());
    assert_eq!(run.event_loop().task_count(), 0);
    assert!(run.interpreter().is_none());
    assert_eq!(run.step(64), Progress::Finished(Ending::Stopped));
}

/// A program that exits holding 5,001 coroutines never awaited in a list, a task whose
/// exception nobody retrieved, and 3,001 more coroutines in tuples in a list: more than
/// `END_PART` objects, freed over several steps.
const EXIT_ORDER: &str = r#"import asyncio

async def first():
    pass

async def second():
    pass

async def third():
    pass

async def boom(n):
    raise ValueError(n)

async def main():
    tasks = [asyncio.ensure_future(boom(n)) for n in range(1)]
    await asyncio.sleep(0)
    return tasks

coros = [first() for _ in range(5000)] + [second()]
failed = asyncio.run(main())
pairs = [(third(), n) for n in range(3000)] + [(first(), -1)]
print("end")
"#;

/// What CPython 3.11 printed for it (`python3 exit_order.py`, the file's directory left out
/// of the traceback): a list's items are freed from the last, so 'second' warns before 'first'.
const CPYTHON_EXIT_ORDER: &str = r#"end
Task exception was never retrieved
future: <Task finished name='Task-2' coro=<boom() done, defined at exit_order.py:12> exception=ValueError(0)>
Traceback (most recent call last):
  File "exit_order.py", line 13, in boom
    raise ValueError(n)
ValueError: 0
sys:1: RuntimeWarning: coroutine 'second' was never awaited
sys:1: RuntimeWarning: coroutine 'first' was never awaited
sys:1: RuntimeWarning: coroutine 'third' was never awaited
"#;

#[test]
fn exit_order_is_cpythons() {
    let mut run = Run::python("exit_order.py", EXIT_ORDER.to_string());
    let steps = step_until(&mut run, |run| run.is_finished());
    assert!(steps > 3, "{steps} steps");
    assert_eq!(run.labelled_transcript(), CPYTHON_EXIT_ORDER.lines().collect::<Vec<_>>());
    assert_eq!(run.event_loop().task_count(), 0);
}
