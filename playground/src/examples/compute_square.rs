//! Lecture section "asyncio": `compute_square` run as tasks, and what
//! `wait`, `gather` and a loop closed too early do with them.

use super::params::{ParamKind, ParamSpec, Params};
use super::{concurrency_note, Example, Section, TryThis};
use crate::trace::{Outcome, Trace};

const NUMBERS: ParamSpec = ParamSpec {
    name: "numbers",
    label: "Numbers",
    help: "One task per number: compute_square(i) for i in this list.",
    kind: ParamKind::IntList { min: -1_000_000, max: 1_000_000, max_len: 10_000 },
    default: "4,5,6,7",
};

const DELAY: ParamSpec = ParamSpec {
    name: "delay",
    label: "I/O delay (s)",
    help: "How long fake_io_operation sleeps: asyncio.sleep(delay).",
    kind: ParamKind::Seconds { min: 0.0, max: 60.0 },
    default: "1",
};

const COUNT: ParamSpec = ParamSpec {
    name: "count",
    label: "Count",
    help: "Gather compute_square(i) for i in range(count).",
    kind: ParamKind::Int { min: 1, max: 100_000 },
    default: "5",
};

fn delay_note(params: &Params, trace: &Trace, tasks: usize) -> String {
    concurrency_note(trace, params.seconds("delay") * tasks as f64)
}

pub const COMPUTE_SQUARE: Example = Example {
    id: "compute-square",
    title: "Tasks that wait for I/O",
    section: Section::Asyncio,
    lecture: |_| {
        "ensure_future wraps each compute_square coroutine in a task, and run_until_complete runs the event loop \
until asyncio.wait(tasks) is done. When one task reaches asyncio.sleep, the loop runs another; when every task \
is sleeping, the whole program waits, and then they all finish."
            .to_string()
    },
    file_name: "compute_square.py",
    program_text: include_str!("compute_square.py"),
    params: &[NUMBERS, DELAY],
    notes: |p, trace| vec![delay_note(p, trace, p.int_list("numbers").len())],
    try_this: &[TryThis {
        label: "Block the loop: time.sleep instead of await asyncio.sleep",
        shows: "time.sleep blocks the whole event loop: while one task sleeps no other task runs, so the tasks \
run one after another and the run takes the sum of the sleeps (the Timeline shows one task at a time).",
        edits: &[
            ("import asyncio\n", "import asyncio\nimport time\n"),
            ("await asyncio.sleep(${delay})", "time.sleep(${delay})"),
        ],
    }],
    ..Example::BASE
};

pub const WAIT_RESULTS: Example = Example {
    id: "wait-results",
    title: "Getting the results back from asyncio.wait",
    section: Section::Results,
    lecture: |_| {
        "run_until_complete returns what asyncio.wait returns: a set of finished tasks and a set of pending ones. \
Each finished task holds its coroutine's return value in f.result()."
            .to_string()
    },
    file_name: "wait_results.py",
    program_text: include_str!("wait_results.py"),
    params: &[NUMBERS, DELAY],
    changes: &[
        "The slide's \"...\" stands for the coroutines above; compute_square returns x*x, as the slide's output shows.",
    ],
    notes: |p, trace| {
        vec![
            "results is a set: CPython does not define the order in which `for f in results` visits the tasks \
(it depends on memory addresses), so the results may come in any order. Here they are shown in the order \
the tasks were created."
                .to_string(),
            delay_note(p, trace, p.int_list("numbers").len()),
        ]
    },
    unordered_tail: |p| p.int_list("numbers").len(),
    ..Example::BASE
};

pub const GATHER: Example = Example {
    id: "gather",
    title: "Collecting results with asyncio.gather",
    section: Section::Gather,
    lecture: |_| {
        "asyncio.gather() gathers all the results for you. It may not run the coroutines in order, but the \
results come back in the order of its arguments."
            .to_string()
    },
    file_name: "gather.py",
    program_text: include_str!("gather.py"),
    params: &[COUNT, DELAY],
    changes: &[
        "The slide passes an undefined name, several_futures, to run_until_complete; this runs all_futures.",
        "print(results) is added, to show the list the slide describes in a comment.",
        "compute_square returns x*x, as the slide's result [0, 1, 4, 9, 16] needs.",
    ],
    notes: |p, trace| vec![delay_note(p, trace, p.int("count") as usize)],
    try_this: &[TryThis {
        label: "Forget an await: fake_io_operation() without await",
        shows: "Calling a coroutine function only makes a coroutine object: without await nothing runs it, \
Python warns that it was never awaited, and no task waits for the I/O.",
        edits: &[("    await fake_io_operation()\n", "    fake_io_operation()\n")],
    }],
    ..Example::BASE
};

pub const NOT_AWAITED: Example = Example {
    id: "not-awaited",
    title: "Closing the loop without running the tasks",
    section: Section::EventLoop,
    lecture: |_| {
        "ensure_future only schedules a task: it runs when the event loop runs. Remove the line with \
run_until_complete and the loop is closed with every task still pending; when Python exits it complains about \
tasks destroyed while pending and coroutines never awaited."
            .to_string()
    },
    file_name: "not_awaited.py",
    program_text: include_str!("not_awaited.py"),
    params: &[NUMBERS],
    notes: |_, trace| {
        let ran = trace.completions().any(|(_, _, o)| o != Outcome::Cancelled);
        let mut notes =
            vec!["These lines go to stderr: asyncio's logger reports each task destroyed while pending, newest first \
(Python frees the tasks list from its end), and the warnings module reports the never-awaited coroutine \
once for its one place, sys:1."
                .to_string()];
        if !ran {
            notes.push("No task ever ran: the loop was closed before its first iteration.".to_string());
        }
        notes
    },
    try_this: &[TryThis {
        label: "Restore run_until_complete",
        shows: "With loop.run_until_complete(asyncio.wait(tasks)) back, the loop runs every task to its end \
before it is closed: no task is destroyed while pending, and every coroutine is awaited.",
        edits: &[(
            "loop = asyncio.get_event_loop()\nloop.close()\n",
            "loop = asyncio.get_event_loop()\nloop.run_until_complete(asyncio.wait(tasks))\nloop.close()\n",
        )],
    }],
    ..Example::BASE
};
