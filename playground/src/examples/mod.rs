//! The lecture's examples: one registry that the page, the CLI and the tests
//! all read. Each example declares, in one place, its id (a URL parameter
//! that course sites link to), title, lecture section and text, its Python
//! program (a `.py` file beside its module, with the parameters marked
//! `${name}`), and typed parameters with the lecture's defaults. The program
//! that runs is that Python source, through the interpreter.
//!
//! Adding an example: write its `.py` file (the slide's code, with `${name}`
//! where a parameter goes), declare it in a module of its lecture section with
//! `..Example::BASE` for what it does not change, and list it in [`EXAMPLES`].

mod compute_square;
mod coroutines;
mod generators;
mod iterators;
mod many_tasks;
pub mod models;
pub mod params;
mod print_sum;
mod scratch;
mod sockets;

pub use params::{ParamError, ParamKind, ParamSpec, Params, Value};

use crate::link::View;
use crate::trace::Trace;

/// The lecture's sections that have examples, in lecture order; the page
/// groups its examples under these headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// "Asynchronous Programming": the synchronous, threaded and asynchronous models.
    AsynchronousProgramming,
    /// "Iterators": `iter()` and `next()`.
    Iterators,
    /// "Generators": `yield`, and generators chained.
    Generators,
    /// "From Generators to Coroutines" and "Coroutines": values sent in with `send()`.
    Coroutines,
    /// "asyncio": tasks, futures and the event loop.
    Asyncio,
    /// "Another Example": a coroutine awaiting a coroutine.
    AnotherExample,
    /// "Getting the Result of a Coroutine".
    Results,
    /// "Using asyncio.gather()".
    Gather,
    /// "Event Loop": what happens without `run_until_complete`.
    EventLoop,
    /// "Concurrent Execution of Many Tasks".
    ManyTasks,
    /// "Revisit the TCP server": the blocking echo server.
    TcpServer,
    /// "Using select": one thread serving many clients.
    Select,
    /// Not the lecture's: a page for one's own program.
    Scratch,
}

impl Section {
    /// The heading as the lecture writes it.
    pub fn title(self) -> &'static str {
        match self {
            Section::AsynchronousProgramming => "Asynchronous programming",
            Section::Iterators => "Iterators",
            Section::Generators => "Generators",
            Section::Coroutines => "From generators to coroutines",
            Section::Asyncio => "asyncio",
            Section::AnotherExample => "Another example",
            Section::Results => "Getting the result of a coroutine",
            Section::Gather => "Using asyncio.gather()",
            Section::EventLoop => "Event loop",
            Section::ManyTasks => "Concurrent execution of many tasks",
            Section::TcpServer => "Revisit the TCP server",
            Section::Select => "Using select",
            Section::Scratch => "Your own program",
        }
    }
}

/// One lecture example. Build one with `..Example::BASE` for the fields it
/// leaves at their usual values.
#[derive(Clone, Copy)]
pub struct Example {
    /// Stable id, used in URLs (`?example=compute-square`) and the CLI.
    pub id: &'static str,
    pub title: &'static str,
    /// The lecture section it comes from (the page groups examples by it).
    pub section: Section,
    /// A few sentences of the lecture's text about it.
    pub lecture: fn(&Params) -> String,
    /// The Python file's name, as CPython shows it in task reprs.
    pub file_name: &'static str,
    /// The Python program, with `${name}` where parameter `name`'s value goes
    /// (see [`fill`]): the `.py` file beside the example's module.
    pub program_text: &'static str,
    /// The program texts one parameter chooses between (`divisor`'s
    /// `version`: the lecture's three `is_divisor`), in the order of
    /// [`Example::variant`]'s answers; empty when there is only `program_text`.
    pub variants: &'static [&'static str],
    /// Which of [`Example::variants`] these parameters run.
    pub variant: fn(&Params) -> usize,
    /// The tabs beside the console: the event loop's views for asyncio
    /// examples, the Step view for generators, the models' timelines.
    pub views: &'static [View],
    pub params: &'static [ParamSpec],
    /// What the runnable program changes from the slide's code, and why.
    pub changes: &'static [&'static str],
    /// Notes about a finished run, shown beside the transcript (never in it).
    pub notes: fn(&Params, &Trace) -> Vec<String>,
    /// How many of the last lines CPython prints in no defined order (they
    /// come from iterating a set); tests compare those as a multiset.
    pub unordered_tail: fn(&Params) -> usize,
    /// Edits of the program that show something the lecture says ("Try this"
    /// in the page's notes: one click applies one and runs it).
    pub try_this: &'static [TryThis],
    /// The page opens the program in its editor (the scratch page), not as
    /// the lecture's program with a form.
    pub opens_in_editor: bool,
    /// The label of this program's lines when a second program runs beside it
    /// (`server`); empty otherwise.
    pub label: &'static str,
    /// A second program, run beside this one as its own process on the same
    /// virtual network (the clients of a server), shown beside its source.
    pub second: Option<&'static SecondProgram>,
    /// Connections to this address leave the run, to a real server (the page carries them
    /// over a WebSocket: [`crate::runtime::outside`]).
    pub outside: Option<std::net::SocketAddrV4>,
}

/// An edit of an example's program that shows something the lecture says.
/// Its golden case is `<example> try=N` (N counts from 1), recorded from
/// CPython like the parameter sets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TryThis {
    /// The button's words.
    pub label: &'static str,
    /// What the edited program shows, in the lecture's words.
    pub shows: &'static str,
    /// Replacements in the program text, in order: `(find, replace)`, where
    /// `find` occurs exactly once (the registry's tests make sure of it).
    pub edits: &'static [(&'static str, &'static str)],
}

/// The second program of an example that runs as two processes: the clients
/// of a server. The parameters fill it as they fill the first.
#[derive(Debug)]
pub struct SecondProgram {
    /// The label of its lines in the console (`clients`).
    pub label: &'static str,
    pub file_name: &'static str,
    /// Its Python, with `${name}` markers as in [`Example::program_text`].
    pub program_text: &'static str,
    /// Markers filled with fixed text rather than a parameter (the server's port, when
    /// two servers share the clients' program).
    pub fixed: &'static [(&'static str, &'static str)],
}

impl std::fmt::Debug for Example {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Example").field("id", &self.id).field("file_name", &self.file_name).finish_non_exhaustive()
    }
}

impl Example {
    /// The usual values: no changes from the slides, no notes, every line in
    /// a defined order. `id`, `title`, `lecture`, `file_name` and
    /// `program_text` are always the example's own.
    pub const BASE: Example = Example {
        id: "",
        title: "",
        section: Section::Asyncio,
        lecture: |_| String::new(),
        file_name: "",
        program_text: "",
        variants: &[],
        variant: |_| 0,
        views: &[View::Console, View::Timeline, View::EventLoop],
        params: &[],
        changes: &[],
        notes: |_, _| Vec::new(),
        unordered_tail: |_| 0,
        try_this: &[],
        opens_in_editor: false,
        label: "",
        second: None,
        outside: None,
    };

    pub fn defaults(&self) -> Params {
        Params::defaults(self.params)
    }

    /// Parameters from `name=value` pairs, over the defaults.
    pub fn parse_params<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Params, ParamError> {
        Params::from_pairs(self.params, pairs)
    }

    /// The Python program for these parameter values: what CPython runs for
    /// the golden transcripts and what the page shows.
    pub fn source(&self, params: &Params) -> String {
        fill(self.program(params), params)
    }

    /// The program text (with its `${name}` markers) these parameters run.
    pub fn program(&self, params: &Params) -> &'static str {
        self.variants.get((self.variant)(params)).copied().unwrap_or(self.program_text)
    }

    /// Every program text the example may run: `program_text` and its variants.
    pub fn programs(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.program_text).chain(self.variants.iter().copied())
    }

    /// Whether the page offers this tab for the example.
    pub fn has_view(&self, view: View) -> bool {
        self.views.contains(&view)
    }

    /// The second program for these parameter values, if the example has one.
    pub fn second_source(&self, params: &Params) -> Option<String> {
        self.second.map(|s| {
            s.fixed
                .iter()
                .fold(fill(s.program_text, params), |text, (name, value)| text.replace(&format!("${{{name}}}"), value))
        })
    }

    /// What a golden transcript is recorded from: the program, and the second
    /// program after it (their hash is in the transcript's header).
    pub fn recorded_source(&self, params: &Params) -> String {
        let mut text = self.source(params);
        if let Some(second) = self.second_source(params) {
            text.push_str(&second);
        }
        text
    }

    /// The program of "Try this" suggestion `n` (from 1) with these
    /// parameter values; `None` when there is no such suggestion. Each
    /// edit replaces the first occurrence of its text (the registry's tests
    /// check that there is exactly one).
    pub fn try_this_source(&self, n: usize, params: &Params) -> Option<String> {
        let suggestion = self.try_this.get(n.checked_sub(1)?)?;
        let text = suggestion
            .edits
            .iter()
            .fold(self.program(params).to_string(), |text, (find, replace)| text.replacen(find, replace, 1));
        Some(fill(&text, params))
    }
}

/// Puts each parameter's value, as Python writes it (its repr: `[4, 5, 6, 7]`,
/// `0.5`), where the program says `${name}`. Python's own braces, f-strings
/// and `%` need no escaping. A marker naming no parameter is left as it is
/// (the registry's tests make sure there is none).
pub fn fill(program_text: &str, params: &Params) -> String {
    let mut out = String::with_capacity(program_text.len() + 32);
    let mut rest = program_text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}').map(|end| (&after[..end], end)) {
            Some((name, end)) if params.contains(name) => {
                out.push_str(&params.get(name).py_repr());
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names marked `${name}` in a program text, in order of appearance.
pub fn markers(program_text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = program_text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    names
}

/// Every example, in lecture order.
pub static EXAMPLES: &[Example] = &[
    models::MODELS,
    iterators::ITERATORS,
    generators::RANGE,
    generators::ODDS,
    generators::EVERY_TWO_ODDS,
    coroutines::DIVISOR,
    compute_square::COMPUTE_SQUARE,
    print_sum::PRINT_SUM,
    compute_square::WAIT_RESULTS,
    compute_square::GATHER,
    compute_square::NOT_AWAITED,
    many_tasks::MANY_TASKS,
    // In the lecture these two come first (its socket slides lead to asyncio); they are
    // listed last so that the page still opens on compute-square.
    sockets::ECHO_SERVER,
    sockets::SELECT_SERVER,
    sockets::ECHO_CLIENT,
    scratch::SCRATCH,
];

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The example a link without `example=` opens: the first one on the event
/// loop, where the page's views have the most to show.
pub fn landing() -> &'static Example {
    find("compute-square").unwrap_or(&EXAMPLES[0])
}

/// The ids of all examples, for "unknown example" messages.
pub fn ids() -> String {
    EXAMPLES.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
}

/// How long the run took on the virtual clock, against running the same
/// sleeps one after another.
fn concurrency_note(trace: &Trace, sequential: f64) -> String {
    let elapsed = trace.last().map_or(0.0, |e| e.time);
    format!(
        "Elapsed on the event loop's clock: {elapsed:.3} s. One after another, the same sleeps would take {sequential:.3} s."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marker_is_a_declared_parameter_and_every_parameter_is_used() {
        for example in EXAMPLES {
            let mut marked: Vec<&str> = example.programs().flat_map(markers).collect();
            if let Some(second) = example.second {
                let fixed: Vec<&str> = second.fixed.iter().map(|(name, _)| *name).collect();
                marked.extend(markers(second.program_text).into_iter().filter(|m| !fixed.contains(m)));
            }
            for name in &marked {
                assert!(
                    example.params.iter().any(|p| p.name == *name),
                    "{}: ${{{name}}} in {} is not a declared parameter",
                    example.id,
                    example.file_name
                );
            }
            for p in example.params {
                // A parameter that chooses between variants needs no marker.
                assert!(
                    marked.contains(&p.name) || !example.variants.is_empty(),
                    "{}: parameter {} is never used in {}",
                    example.id,
                    p.name,
                    example.file_name
                );
            }
        }
    }

    #[test]
    fn every_example_declares_its_own_identity_and_program() {
        for example in EXAMPLES {
            assert!(!example.id.is_empty() && !example.title.is_empty(), "{example:?}");
            assert!(example.file_name.ends_with(".py"), "{example:?}");
            assert!(example.programs().all(|p| !p.trim().is_empty()), "{example:?}");
            assert!(example.has_view(View::Console), "{example:?}");
            assert!(!(example.lecture)(&example.defaults()).is_empty(), "{example:?}");
            assert_eq!(EXAMPLES.iter().filter(|e| e.id == example.id).count(), 1, "{} is listed once", example.id);
        }
    }

    #[test]
    fn every_try_this_edit_finds_its_text_exactly_once_and_changes_the_program() {
        for example in EXAMPLES {
            for (i, suggestion) in example.try_this.iter().enumerate() {
                let defaults = example.defaults();
                let mut text = example.program(&defaults).to_string();
                for (find, replace) in suggestion.edits {
                    assert_eq!(text.matches(find).count(), 1, "{} try={}: {find:?} occurs once", example.id, i + 1);
                    text = text.replacen(find, replace, 1);
                }
                let edited = example.try_this_source(i + 1, &defaults);
                assert_eq!(edited.as_deref(), Some(fill(&text, &defaults).as_str()));
                assert_ne!(edited, Some(example.source(&defaults)), "{} try={}", example.id, i + 1);
            }
            assert_eq!(example.try_this_source(0, &example.defaults()), None);
            assert_eq!(example.try_this_source(example.try_this.len() + 1, &example.defaults()), None);
        }
    }

    #[test]
    fn fill_writes_python_reprs_and_leaves_python_braces_alone() {
        let example = find("compute-square").unwrap();
        let params = example.parse_params([("numbers", "3, -1,2"), ("delay", "0.25")]).unwrap();
        let source = example.source(&params);
        assert!(source.contains("for i in [3, -1, 2]:"), "{source}");
        assert!(source.contains("await asyncio.sleep(0.25)"), "{source}");
        let many = find("many-tasks").unwrap();
        let source = many.source(&many.defaults());
        assert!(source.contains(r#"print("Wait for 1/{:d} seconds...".format(x))"#), "{source}");
        assert!(source.contains("range(1, 100 + 1)"), "{source}");
    }

    #[test]
    fn a_marker_naming_no_parameter_stays_as_written() {
        let params = find("print-sum").unwrap().defaults();
        assert_eq!(fill("a ${nope} b ${x} ${", &params), "a ${nope} b 1 ${");
        assert_eq!(markers("a ${nope} b ${x} ${"), ["nope", "x"]);
    }
}
