//! The interpreter as the page drives it: a program that never awaits is preempted and
//! continued exactly where it stopped (no other handle runs in between, so the order stays
//! CPython's), Stop ends it, memory runaway ends in `MemoryError`, `time.sleep` waits for the
//! virtual clock. Outputs here are CPython 3.11's for the same programs.

use playground::{Ending, Progress, Run};

/// Steps the run to its end with a small budget, counting the steps that came back `Busy`.
fn run_counting_busy(run: &mut Run) -> (Ending, usize) {
    let mut busy = 0;
    loop {
        match run.step(64) {
            Progress::Busy => busy += 1,
            Progress::WaitUntil(t) => run.advance_to(t),
            Progress::Finished(ending) => return (ending, busy),
            Progress::WaitOutside { .. } => panic!("these programs connect to nothing outside the run"),
        }
    }
}

#[test]
fn a_long_loop_in_the_script_is_preempted_and_resumed_where_it_stopped() {
    let source = "n = 0\nfor i in range(300000):\n    n += i\nprint(n)\n";
    let mut run = Run::python("loop.py", source.to_string());
    let (ending, busy) = run_counting_busy(&mut run);
    assert_eq!(ending, Ending::Completed);
    assert!(busy >= 5, "the loop was preempted only {busy} times");
    assert_eq!(run.transcript(), ["44999850000"]);
}

#[test]
fn a_task_preempted_in_its_step_goes_on_before_any_other_handle() {
    let source = "\
import asyncio
async def busy():
    n = 0
    for i in range(200000):
        n += i
    print('busy done', n)
async def other():
    print('other runs')
async def main():
    await asyncio.gather(busy(), other())
    print('main done')
asyncio.run(main())
";
    let mut run = Run::python("tasks.py", source.to_string());
    let (ending, busy) = run_counting_busy(&mut run);
    assert_eq!(ending, Ending::Completed);
    assert!(busy >= 5, "the task was preempted only {busy} times");
    assert_eq!(run.transcript(), ["busy done 19999900000", "other runs", "main done"]);
}

#[test]
fn an_endless_loop_never_freezes_and_stop_ends_it() {
    let mut run = Run::python("forever.py", "print('start')\nwhile True:\n    pass\n".to_string());
    for _ in 0..20 {
        assert_eq!(run.step(usize::MAX), Progress::Busy);
    }
    run.stop();
    assert_eq!(run.step(usize::MAX), Progress::Finished(Ending::Stopped));
    assert_eq!(run.transcript(), ["start"]);
}

#[test]
fn a_builtin_consuming_an_endless_generator_is_preempted_too() {
    let mut run = Run::python("sum.py", "print(sum(x * x for x in range(10**12)))\n".to_string());
    for _ in 0..10 {
        assert_eq!(run.step(usize::MAX), Progress::Busy);
    }
    run.stop();
    assert_eq!(run.step(usize::MAX), Progress::Finished(Ending::Stopped));
}

#[test]
fn endless_recursion_free_calls_are_preempted_too() {
    let source = "def f(n):\n    return n + 1\nwhile True:\n    f(1)\n";
    let mut run = Run::python("calls.py", source.to_string());
    for _ in 0..5 {
        assert_eq!(run.step(usize::MAX), Progress::Busy);
    }
}

#[test]
fn gather_of_many_coroutines_is_preempted_while_it_makes_their_tasks() {
    // `gather(*coros)` is one call, but it makes 20,000 tasks: the run hands control back to
    // its driver several times inside it, and the result is CPython's.
    let source = "\
import asyncio
async def work(i):
    if i == 0:
        print('first task runs')
    return i
async def main():
    coros = [work(i) for i in range(20000)]
    print('coroutines made')
    results = await asyncio.gather(*coros)
    print(len(results), sum(results))
asyncio.run(main())
";
    let mut run = Run::python("gather.py", source.to_string());
    let mut busy_inside_gather = 0;
    let ending = loop {
        let progress = run.step(64);
        let last = run.transcript().last().cloned();
        match progress {
            Progress::Busy if last.as_deref() == Some("coroutines made") => busy_inside_gather += 1,
            Progress::Busy => {}
            Progress::WaitUntil(t) => run.advance_to(t),
            Progress::Finished(ending) => break ending,
            Progress::WaitOutside { .. } => panic!("this program connects to nothing outside the run"),
        }
    };
    assert_eq!(ending, Ending::Completed);
    assert!(busy_inside_gather >= 5, "gather was preempted only {busy_inside_gather} times");
    assert_eq!(run.transcript(), ["coroutines made", "first task runs", "20000 199990000"]);
}

#[test]
fn a_step_that_stops_in_the_middle_of_code_says_so_until_the_code_is_done() {
    // The step-by-step view finishes such code before it reports: `Run::mid_code` tells it.
    let source = "\
import asyncio
n = 0
for i in range(100000):
    n += i
async def busy():
    s = 0
    for i in range(100000):
        s += i
    print('busy', s)
asyncio.run(busy())
";
    let mut run = Run::python("mid.py", source.to_string());
    let mut mid_in_script = 0;
    while run.step(1) == Progress::Busy && run.mid_code() && run.transcript().is_empty() {
        mid_in_script += 1;
        if run.event_loop().iteration() > 0 {
            break;
        }
    }
    assert!(mid_in_script >= 2, "the top-level loop was preempted {mid_in_script} times");
    let mut mid_in_handle = 0;
    loop {
        match run.step(1) {
            Progress::Busy if run.mid_code() => mid_in_handle += 1,
            Progress::Busy | Progress::WaitUntil(_) | Progress::WaitOutside { .. } => {}
            Progress::Finished(ending) => {
                assert_eq!(ending, Ending::Completed);
                break;
            }
        }
    }
    assert!(mid_in_handle >= 2, "the task's loop was preempted {mid_in_handle} times");
    assert!(!run.mid_code());
    assert_eq!(run.transcript(), ["busy 4999950000"]);
}

#[test]
fn memory_runaway_ends_in_memory_error() {
    let source = "\
try:
    x = [0] * 10**10
except MemoryError:
    print('MemoryError for [0] * 10**10')
x = [0]
while True:
    x = x + x
";
    let mut run = Run::python("memory.py", source.to_string());
    let (ending, _) = run_counting_busy(&mut run);
    assert!(matches!(ending, Ending::Raised(ref e) if e.kind == "MemoryError"), "{ending:?}");
    assert_eq!(
        run.transcript(),
        [
            "MemoryError for [0] * 10**10",
            "Traceback (most recent call last):",
            "  File \"memory.py\", line 7, in <module>",
            "    x = x + x",
            // CPython 3.11 points at a failing binary operation so (see vm/carets.rs).
            "        ~~^~~",
            "MemoryError"
        ]
    );
}

#[test]
fn time_sleep_in_the_script_waits_for_the_virtual_clock() {
    let mut run =
        Run::python("sleep.py", "import time\nprint(time.time())\ntime.sleep(2.5)\nprint(time.time())\n".to_string());
    assert_eq!(run.step(usize::MAX), Progress::WaitUntil(2.5));
    run.advance_to(2.5);
    assert_eq!(run.run_to_end(), Ending::Completed);
    assert_eq!(run.transcript(), ["0.0", "2.5"]);
}

#[test]
fn sum_of_a_huge_range_is_immediate_and_exact() {
    let mut run = Run::python("sum.py", "print(sum(range(10**12)))\n".to_string());
    assert_eq!(run.run_to_end(), Ending::Completed);
    assert_eq!(run.transcript(), ["499999999999500000000000"]);
}

#[test]
fn a_syntax_error_is_reported_as_cpython_reports_it() {
    let mut run = Run::python("bad.py", "print('a')\nif x\n    pass\n".to_string());
    assert!(matches!(run.run_to_end(), Ending::Raised(ref e) if e.kind == "SyntaxError"));
    assert_eq!(run.transcript(), ["  File \"bad.py\", line 2", "    if x", "        ^", "SyntaxError: expected ':'"]);
}

#[test]
fn constructs_outside_the_subset_stop_with_one_clear_line() {
    let mut run = Run::python("gen.py", "async def agen():\n    return (x async for x in agen())\n".to_string());
    run.run_to_end();
    let last = run.transcript().last().cloned().unwrap_or_default();
    assert_eq!(
        last,
        "NotImplementedError: asynchronous generator expressions are not supported in this playground (line 2)"
    );
    let mut run = Run::python("os.py", "import os\n".to_string());
    run.run_to_end();
    assert_eq!(run.transcript().last().map(String::as_str), Some("ModuleNotFoundError: No module named 'os'"));
}

#[test]
fn python_parts_are_compiled_only_when_a_program_needs_them() {
    // A fresh thread: the compiled parts are kept per thread (per page).
    std::thread::spawn(|| {
        use playground::interpreter::modules::compiled_parts;
        let example = playground::examples::find("compute-square").expect("compute-square is an example");
        let mut run = Run::new(example, &example.defaults());
        assert_eq!(run.run_to_end(), Ending::Completed);
        assert_eq!(compiled_parts(), 0, "the lecture's example uses only Rust: no prelude, no asyncio.py");

        let mut run = Run::python("sum.py", "print(sum(x * x for x in range(4)), list[int])\n".to_string());
        assert_eq!(run.run_to_end(), Ending::Completed);
        assert_eq!(run.transcript(), ["14 list[int]"]);
        assert_eq!(compiled_parts(), 1, "sum() of a generator and list[int] are the built-ins' prelude");

        let source = "import asyncio\nasync def main():\n    print('in main')\nasyncio.run(main())\n";
        let mut run = Run::python("main.py", source.to_string());
        assert_eq!(run.run_to_end(), Ending::Completed);
        assert_eq!(run.transcript(), ["in main"]);
        assert_eq!(compiled_parts(), 2, "asyncio.run is in asyncio's Python part");

        let source = "import collections\nfrom collections import deque\nprint(deque([1]), collections.deque)\n";
        let mut run = Run::python("deque.py", source.to_string());
        assert_eq!(run.run_to_end(), Ending::Completed);
        assert_eq!(run.transcript(), ["deque([1]) <class 'collections.deque'>"]);
        assert_eq!(compiled_parts(), 2, "deque is Rust: collections.py is not compiled for it");

        let source = "from collections import Counter\nprint(Counter('aab'))\n";
        let mut run = Run::python("counter.py", source.to_string());
        assert_eq!(run.run_to_end(), Ending::Completed);
        assert_eq!(run.transcript(), ["Counter({'a': 2, 'b': 1})"]);
        assert_eq!(compiled_parts(), 3, "Counter is in collections.py");
    })
    .join()
    .expect("the thread ran");
}

#[test]
fn asyncios_names_are_all_there_before_the_python_part_is_made() {
    // What the program sets is kept, dir() lists every name, from-imports find them.
    let source = "\
import asyncio
asyncio.Lock = \"the program's\"
print(asyncio.Lock)
print(asyncio.Event.__name__, \"Queue\" in dir(asyncio), hasattr(asyncio, \"TaskGroup\"))
from asyncio import Semaphore
print(Semaphore.__name__)
";
    let mut run = Run::python("names.py", source.to_string());
    assert_eq!(run.run_to_end(), Ending::Completed);
    assert_eq!(run.transcript(), ["the program's", "Event True True", "Semaphore"]);
}

#[test]
fn datetime_now_reads_the_virtual_clock_from_1970_01_01() {
    let program = "import asyncio\nimport datetime\n\nasync def main():\n    start = datetime.datetime.now()\n    \
                   print(start)\n    await asyncio.sleep(1.5)\n    print(datetime.datetime.now())\n    \
                   print(datetime.date.today(), datetime.datetime.utcnow().isoformat(), datetime.datetime.now().timestamp())\n    \
                   print(datetime.datetime.now().strftime('%H:%M:%S'), datetime.datetime.now() - start)\n    \
                   print(datetime.datetime.now(datetime.timezone.utc))\n\n\
                   asyncio.run(main())\n";
    let mut run = Run::python("now.py", program.to_string());
    assert_eq!(run.run_to_end(), Ending::Completed);
    assert_eq!(
        run.transcript(),
        [
            "1970-01-01 00:00:00",
            "1970-01-01 00:00:01.500000",
            "1970-01-01 1970-01-01T00:00:01.500000 1.5",
            "00:00:01 0:00:01.500000",
            "1970-01-01 00:00:01.500000+00:00"
        ]
    );
}

/// The asyncio documentation's `display_date` example (coroutines-and-tasks, "Sleeping").
#[test]
fn the_asyncio_docs_display_date_prints_one_date_a_second_for_five_seconds() {
    let program =
        "import asyncio\nimport datetime\n\nasync def display_date():\n    loop = asyncio.get_running_loop()\n    \
                   end_time = loop.time() + 5.0\n    while True:\n        print(datetime.datetime.now())\n        \
                   if (loop.time() + 1.0) >= end_time:\n            break\n        await asyncio.sleep(1)\n\n\
                   asyncio.run(display_date())\n";
    let mut run = Run::python("display_date.py", program.to_string());
    assert_eq!(run.run_to_end(), Ending::Completed);
    assert_eq!(
        run.transcript(),
        [
            "1970-01-01 00:00:00",
            "1970-01-01 00:00:01",
            "1970-01-01 00:00:02",
            "1970-01-01 00:00:03",
            "1970-01-01 00:00:04"
        ]
    );
}
