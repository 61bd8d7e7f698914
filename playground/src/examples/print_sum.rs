//! Lecture section "Another Example": one coroutine awaiting another. Awaiting
//! a coroutine runs it inline, in the same task.

use super::params::{ParamKind, ParamSpec};
use super::{Example, Section};
use crate::trace::EventKind;

const fn operand(name: &'static str, label: &'static str, default: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        label,
        help: "An operand of compute(x, y).",
        kind: ParamKind::Int { min: -1_000_000_000, max: 1_000_000_000 },
        default,
    }
}

pub const PRINT_SUM: Example = Example {
    id: "print-sum",
    title: "A coroutine awaiting a coroutine",
    section: Section::AnotherExample,
    lecture: |_| {
        "print_sum awaits compute, which sleeps before returning x + y. Awaiting a coroutine runs it inside the \
same task, so there is one task here: run_until_complete wraps print_sum in it."
            .to_string()
    },
    file_name: "print_sum.py",
    program_text: include_str!("print_sum.py"),
    params: &[
        operand("x", "x", "1"),
        operand("y", "y", "2"),
        ParamSpec {
            name: "delay",
            label: "Delay (s)",
            help: "How long compute sleeps: asyncio.sleep(delay).",
            kind: ParamKind::Seconds { min: 0.0, max: 60.0 },
            default: "1.0",
        },
    ],
    notes: |_, trace| {
        let tasks = trace.events().filter(|e| matches!(e.kind, EventKind::TaskCreated { .. })).count();
        let elapsed = trace.last().map_or(0.0, |e| e.time);
        vec![format!(
            "{tasks} task: awaiting the coroutine compute ran it inside print_sum's task, with no hop through the \
event loop. The run took {elapsed:.3} s on the event loop's clock, in {} iterations.",
            trace.iterations()
        )]
    },
    ..Example::BASE
};
