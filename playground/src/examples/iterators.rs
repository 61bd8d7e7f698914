//! Lecture section "Iterators": `iter()` turns a list into an iterator, and
//! each `next()` gives its next value, until `StopIteration`.

use super::params::{ParamKind, ParamSpec};
use super::{Example, Section};
use crate::link::View;

pub const ITERATORS: Example = Example {
    id: "iterators",
    title: "iter() and next()",
    section: Section::Iterators,
    lecture: |_| {
        "Things that can be iterated over (a list, a dictionary, a file) are iterable objects. iter() turns an \
iterable into an iterator, and each next() returns its next value; past the last one, next() raises StopIteration. \
A for loop is a loop that calls next() for you, and stops at StopIteration."
            .to_string()
    },
    file_name: "iterators.py",
    program_text: include_str!("iterators.py"),
    params: &[
        ParamSpec {
            name: "values",
            label: "Values",
            help: "The list given to iter().",
            kind: ParamKind::IntList { min: -1_000_000_000, max: 1_000_000_000, max_len: 1_000 },
            default: "1,2,3,4",
        },
        ParamSpec {
            name: "calls",
            label: "next() calls",
            help: "How many times next(l) is called; one more than there are values shows StopIteration.",
            kind: ParamKind::Int { min: 0, max: 1_000 },
            default: "4",
        },
    ],
    changes: &[
        "The slide is a session at Python's prompt (>>>). The program prints each line the prompt shows and \
makes the same calls; a call past the end ends it with StopIteration's traceback, which names the script and \
its line where the prompt says File \"<stdin>\", line 1.",
        "The address in <list_iterator object at 0x...> is the object's address in memory: it differs in every \
run and every Python.",
    ],
    notes: |p, _| {
        let values = p.int_list("values").len() as i64;
        let calls = p.int("calls");
        vec![if calls > values {
            format!(
                "The list has {values} values: call {} of next() found none left and raised StopIteration, which \
ended the program.",
                values + 1
            )
        } else {
            format!("{calls} of the list's {values} values were taken; the iterator remembers where it is.")
        }]
    },
    views: &[View::Console],
    ..Example::BASE
};
