//! The lecture's examples: one registry that the page, the CLI and the tests
//! all read. Each example declares, in one place, its id (a URL parameter
//! that course sites link to), title, lecture text, Python source with the
//! current parameter values, typed parameters with the lecture's defaults, and
//! its program on the runtime.

mod compute_square;
mod many_tasks;
pub mod params;
mod print_sum;

pub use params::{ParamError, ParamKind, ParamSpec, Params, Value};

use crate::run::Program;
use crate::trace::Trace;

pub struct Example {
    /// Stable id, used in URLs (`?example=compute-square`) and the CLI.
    pub id: &'static str,
    pub title: &'static str,
    /// The lecture section it comes from (the page groups examples by it).
    pub section: &'static str,
    /// A few sentences of the lecture's text about it.
    pub lecture: &'static str,
    /// The Python file's name, as CPython shows it in task reprs.
    pub file_name: &'static str,
    pub params: &'static [ParamSpec],
    /// The Python program for these parameter values: what CPython runs for
    /// the golden transcripts and what the page shows.
    pub source: fn(&Params) -> String,
    /// What the runnable program changes from the slide's code, and why.
    pub changes: &'static [&'static str],
    /// The program's top-level code on the runtime.
    pub program: fn(&Params) -> Program,
    /// Notes about a finished run, shown beside the transcript (never in it).
    pub notes: fn(&Params, &Trace) -> Vec<String>,
    /// How many of the last lines CPython prints in no defined order (they
    /// come from iterating a set); tests compare those as a multiset.
    pub unordered_tail: fn(&Params) -> usize,
}

impl Example {
    pub fn defaults(&self) -> Params {
        Params::defaults(self.params)
    }

    /// Parameters from `name=value` pairs, over the defaults.
    pub fn parse_params<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Params, ParamError> {
        Params::from_pairs(self.params, pairs)
    }
}

/// Every example, in lecture order.
pub static EXAMPLES: &[Example] = &[
    compute_square::COMPUTE_SQUARE,
    print_sum::PRINT_SUM,
    compute_square::WAIT_RESULTS,
    compute_square::GATHER,
    compute_square::NOT_AWAITED,
    many_tasks::MANY_TASKS,
];

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The ids of all examples, for "unknown example" messages.
pub fn ids() -> String {
    EXAMPLES.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
}

fn no_unordered_lines(_: &Params) -> usize {
    0
}

/// How long the run took on the virtual clock, against running the same
/// sleeps one after another.
fn concurrency_note(trace: &Trace, sequential: f64) -> String {
    let elapsed = trace.last().map_or(0.0, |e| e.time);
    format!(
        "Elapsed on the event loop's clock: {elapsed:.3} s. One after another, the same sleeps would take {sequential:.3} s."
    )
}
