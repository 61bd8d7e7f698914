//! Lecture sections "From Generators to Coroutines" and "Coroutines": a
//! generator that waits for values sent in with `send()`, in the lecture's
//! three versions of `is_divisor`.

use super::generators::STEP_VIEWS;
use super::params::{ParamKind, ParamSpec, Params};
use super::{Example, Section};
use crate::trace::Trace;

/// What the lecture says of each version.
fn lecture(p: &Params) -> String {
    let text = match p.int("version") {
        1 => {
            "is_divisor(n) is rewritten as a coroutine, one that waits for an input sent into it. The first \
yield waits for x to be sent in; the second emits whether x divides n. We need to call next() to bring the \
function back to the line x = yield before each send()."
        }
        2 => {
            "Another way to write is_divisor: one yield both emits the answer and waits for the next x \
(x = yield divisible). One next() starts it, and then each send() returns an answer."
        }
        _ => {
            "A coroutine stores its internal state: this is_divisor also counts how many divisors of n it has \
seen (cnt), and yields (divisible, cnt)."
        }
    };
    text.to_string()
}

fn notes(p: &Params, trace: &Trace) -> Vec<String> {
    let mut notes = Vec::new();
    if p.int("version") == 3 {
        notes.push(
            "The slide says next(d) \"would return True\"; CPython returns (True, 0): this version yields \
(divisible, cnt), and x starts at 1, which divides every n, so cnt is already 0."
                .to_string(),
        );
    }
    if p.int_list("xs").contains(&0) && trace.transcript().iter().any(|l| l.starts_with("ZeroDivisionError")) {
        notes.push(
            "x = 0 was sent in: n % 0 raised ZeroDivisionError inside the coroutine, and send() passed it on to \
its caller; a coroutine that raises is finished."
                .to_string(),
        );
    }
    notes
}

pub const DIVISOR: Example = Example {
    id: "divisor",
    title: "is_divisor: values sent into a coroutine",
    section: Section::Coroutines,
    lecture,
    file_name: "divisor.py",
    program_text: include_str!("divisor_1.py"),
    variants: &[include_str!("divisor_1.py"), include_str!("divisor_2.py"), include_str!("divisor_3.py")],
    variant: |p| (p.int("version") - 1).clamp(0, 2) as usize,
    params: &[
        ParamSpec {
            name: "n",
            label: "n",
            help: "is_divisor(n): which x divide n?",
            kind: ParamKind::Int { min: -10_000_000, max: 10_000_000 },
            default: "55",
        },
        ParamSpec {
            name: "xs",
            label: "x values",
            help: "Each x is sent in with d.send(x).",
            kind: ParamKind::IntList { min: -10_000_000, max: 10_000_000, max_len: 100 },
            default: "2,5,11",
        },
        ParamSpec {
            name: "version",
            label: "Version",
            help: "The lecture's three is_divisor: 1 (two yields), 2 (x = yield divisible), 3 (also counts).",
            kind: ParamKind::Int { min: 1, max: 3 },
            default: "1",
        },
    ],
    changes: &["Each next() and send() is printed, so that the values the slides write in comments show. The slides \
send 2, 5 and 11 by hand; here a loop sends each of xs."],
    notes,
    views: STEP_VIEWS,
    ..Example::BASE
};
