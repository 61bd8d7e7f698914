//! Generators stepped one `next()` or `send()` at a time: the Step view's
//! model, the generator-and-coroutine counterpart of the Event loop tab.
//!
//! A [`Stepper`] runs an example with a [`Recorder`] watching its generators
//! (`interpreter::vm::watch`). A *step* is one resumption of a generator by
//! code that is not itself a generator: `next(o)`, `d.send(2)`, a `for` loop
//! of the program's own. What that generator does inside the step (the outer
//! generator of a chain resuming the inner one, once or more) belongs to the
//! step. After each step the recorder keeps what CPython's `gi_frame` would
//! show of every generator still alive: the line it is paused on
//! (`f_lineno`) and its local variables (`f_locals`), so that going back is
//! only showing an earlier record.
//!
//! ```
//! use playground::examples;
//! use playground::steps::Stepper;
//!
//! let example = examples::find("odds").expect("odds is in the registry");
//! let mut stepper = Stepper::new(example, &example.defaults());
//! stepper.run_to_end();
//! assert_eq!(stepper.steps().len(), 3); // three next(o)
//! let first = &stepper.steps()[0];
//! assert_eq!(first.out.text(), "1");
//! assert_eq!(first.generators[0].line, Some(8)); // paused at `yield i`
//! ```

use std::cell::{Cell, Ref, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use crate::examples::{Example, Params};
use crate::interpreter::value::{GenState, Generator, Value};
use crate::interpreter::vm::watch::{GeneratorWatch, Left, Sent};
use crate::interpreter::vm::Interp;
use crate::run::{Progress, Run};
use crate::trace::{EventKind, Text};

/// At most this many steps are kept: a program stepping a generator a
/// million times (`for i in my_range_2(10**6)`) runs on, but its steps
/// past these are only counted. Each step holds every live generator's
/// locals as text: a few hundred bytes.
pub const MAX_STEPS: usize = 2_000;

/// A local's value is shown as its `repr` cut to this many characters.
const MAX_REPR_CHARS: usize = 120;

/// Containers longer than this show their first items and their length.
const MAX_ITEMS_SHOWN: usize = 12;

/// Where a generator is in its life (`inspect.getgeneratorstate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    /// `GEN_CREATED`: made, never started; paused on its `def` line.
    Created,
    /// `GEN_SUSPENDED`: paused at a `yield`.
    Suspended,
    /// `GEN_RUNNING`.
    Running,
    /// `GEN_CLOSED`: returned or raised; it has no frame any more.
    Finished,
}

impl Lifecycle {
    fn of(state: GenState) -> Lifecycle {
        match state {
            GenState::Created => Lifecycle::Created,
            GenState::Suspended => Lifecycle::Suspended,
            GenState::Running => Lifecycle::Running,
            GenState::Closed => Lifecycle::Finished,
        }
    }

    /// As `inspect.getgeneratorstate` names it, without `GEN_`.
    pub fn name(self) -> &'static str {
        match self {
            Lifecycle::Created => "created",
            Lifecycle::Suspended => "suspended",
            Lifecycle::Running => "running",
            Lifecycle::Finished => "closed",
        }
    }
}

/// One local variable of a generator's frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Local {
    pub name: String,
    /// Its `repr`, cut to a readable length.
    pub repr: String,
    /// The value is another generator of the run (its [`GeneratorState::number`]):
    /// `odds` in `get_every_two_odds(odds)`.
    pub generator: Option<u32>,
}

/// A generator as one moment of the run left it.
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratorState {
    /// The N-th generator the program made, from 1.
    pub number: u32,
    /// Its `__qualname__`: `get_odds`.
    pub name: String,
    pub lifecycle: Lifecycle,
    /// `gi_frame.f_lineno`; `None` once it has finished.
    pub line: Option<u32>,
    /// `gi_frame.f_locals`, in CPython's order.
    pub locals: Vec<Local>,
}

/// What a step sent into the generator.
#[derive(Clone, Debug, PartialEq)]
pub enum In {
    /// The `repr` of the value: `None` for `next()`.
    Value(String),
    /// An exception was thrown in (`throw()`, `close()`).
    Thrown,
}

impl In {
    pub fn text(&self) -> &str {
        match self {
            In::Value(v) => v,
            In::Thrown => "an exception (throw)",
        }
    }
}

/// What came out of a step.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    /// `yield value`: the `repr` of the value, which `next()` or `send()` returns.
    Yielded(String),
    /// The generator returned: `next()` raises `StopIteration` (with the value when not `None`).
    Returned(String),
    /// The generator raised this exception (its `repr`), and so does the call.
    Raised(String),
}

impl Out {
    /// The value, or what the caller gets instead of one.
    pub fn text(&self) -> String {
        match self {
            Out::Yielded(v) => v.clone(),
            Out::Returned(v) if v == "None" => "StopIteration".to_string(),
            Out::Returned(v) => format!("StopIteration({v})"),
            Out::Raised(e) => e.clone(),
        }
    }
}

/// One `next()` or `send()`, and the generators after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// From 1.
    pub number: usize,
    /// The generator resumed (its [`GeneratorState::number`]).
    pub generator: u32,
    pub name: String,
    /// The line of the call that resumed it (`next(o)`), when known.
    pub call_line: Option<u32>,
    pub sent: In,
    pub out: Out,
    /// Generators the resumed one resumed in turn during the step (the inner
    /// generator of a chain), counted once per resumption.
    pub inner_resumptions: usize,
    /// Every generator alive after the step, in the order they were made.
    pub generators: Vec<GeneratorState>,
    /// The trace's length when the step began and ended: the lines printed
    /// in between came from inside it, those after it until the next step
    /// from the code that called it.
    pub trace_start: usize,
    pub trace_end: usize,
}

/// A step in progress.
struct Open {
    generator: u32,
    name: String,
    call_line: Option<u32>,
    sent: In,
    trace_start: usize,
    inner: usize,
}

/// Watches a run's generators and keeps a record of each step.
#[derive(Default)]
pub struct Recorder {
    /// Every generator made, by number; dead ones are dropped when found.
    generators: RefCell<Vec<(u32, Weak<Generator>)>>,
    made: Cell<u32>,
    /// Generators running now, one inside the other.
    depth: Cell<u32>,
    open: RefCell<Option<Open>>,
    /// The generators just before the first step.
    before_first: RefCell<Option<Vec<GeneratorState>>>,
    steps: RefCell<Vec<Step>>,
    /// Steps taken, kept or not (past [`MAX_STEPS`]).
    resumptions: Cell<usize>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder").field("steps", &self.steps.borrow().len()).finish_non_exhaustive()
    }
}

impl Recorder {
    fn number_of(&self, gen: &Rc<Generator>) -> Option<u32> {
        let generators = self.generators.borrow();
        generators.iter().find(|(_, w)| std::ptr::eq(w.as_ptr(), Rc::as_ptr(gen))).map(|(n, _)| *n)
    }

    /// Every generator alive now, as `gi_frame` shows it.
    fn snapshot(&self, interp: &Interp) -> Vec<GeneratorState> {
        let mut generators = self.generators.borrow_mut();
        generators.retain(|(_, w)| w.strong_count() > 0);
        let alive: Vec<(u32, Rc<Generator>)> =
            generators.iter().filter_map(|(n, w)| w.upgrade().map(|g| (*n, g))).collect();
        let number_of = |v: &Value| match v {
            Value::Generator(g) => alive.iter().find(|(_, a)| Rc::ptr_eq(a, g)).map(|(n, _)| *n),
            _ => None,
        };
        alive
            .iter()
            .map(|(number, gen)| {
                let frame = interp.generator_frame(gen);
                let locals = frame
                    .as_ref()
                    .map(|f| {
                        f.locals
                            .iter()
                            .map(|(name, value)| Local {
                                name: name.as_str().to_string(),
                                repr: short_repr(interp, value),
                                generator: number_of(value),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                GeneratorState {
                    number: *number,
                    name: gen.qualname.to_string(),
                    lifecycle: Lifecycle::of(gen.state.get()),
                    line: frame.map(|f| f.line),
                    locals,
                }
            })
            .collect()
    }

    fn trace_len(interp: &Interp) -> usize {
        interp.lp.state.trace.borrow().len()
    }
}

impl GeneratorWatch for Recorder {
    fn created(&self, _: &Interp, gen: &Rc<Generator>) {
        let number = self.made.get() + 1;
        self.made.set(number);
        self.generators.borrow_mut().push((number, Rc::downgrade(gen)));
    }

    fn resumed(&self, interp: &Interp, gen: &Rc<Generator>, sent: Sent<'_>, line: Option<u32>) {
        let depth = self.depth.get();
        self.depth.set(depth + 1);
        if depth > 0 {
            if let Some(open) = self.open.borrow_mut().as_mut() {
                open.inner += 1;
            }
            return;
        }
        self.resumptions.set(self.resumptions.get() + 1);
        if self.steps.borrow().len() >= MAX_STEPS {
            return;
        }
        if self.before_first.borrow().is_none() {
            let before = self.snapshot(interp);
            *self.before_first.borrow_mut() = Some(before);
        }
        let sent = match sent {
            Sent::Value(v) => In::Value(short_repr(interp, v)),
            Sent::Thrown => In::Thrown,
        };
        *self.open.borrow_mut() = Some(Open {
            generator: self.number_of(gen).unwrap_or(0),
            name: gen.qualname.to_string(),
            call_line: line,
            sent,
            trace_start: Self::trace_len(interp),
            inner: 0,
        });
    }

    fn left(&self, interp: &Interp, _: &Rc<Generator>, how: Left<'_>) {
        let depth = self.depth.get().saturating_sub(1);
        self.depth.set(depth);
        if depth > 0 {
            return;
        }
        let Some(open) = self.open.borrow_mut().take() else {
            return;
        };
        let out = match how {
            Left::Yielded(v) => Out::Yielded(short_repr(interp, v)),
            Left::Returned(v) => Out::Returned(short_repr(interp, v)),
            Left::Raised(e) => Out::Raised(short_repr(interp, e)),
        };
        let generators = self.snapshot(interp);
        let mut steps = self.steps.borrow_mut();
        let number = steps.len() + 1;
        steps.push(Step {
            number,
            generator: open.generator,
            name: open.name,
            call_line: open.call_line,
            sent: open.sent,
            out,
            inner_resumptions: open.inner,
            generators,
            trace_start: open.trace_start,
            trace_end: Self::trace_len(interp),
        });
    }
}

/// `repr(v)` for the view: long containers show their first items and
/// their length, and any text is cut to [`MAX_REPR_CHARS`].
fn short_repr(interp: &Interp, v: &Value) -> String {
    let items = |len: usize, first: Vec<Value>, open: &str, close: &str| -> String {
        let shown: Vec<String> = first.iter().map(|x| short_repr(interp, x)).collect();
        format!("{open}{}, ...{close} ({len} items)", shown.join(", "))
    };
    let text = match v {
        Value::List(l) if l.0.borrow().len() > MAX_ITEMS_SHOWN => {
            let list = l.0.borrow();
            items(list.len(), list[..MAX_ITEMS_SHOWN].to_vec(), "[", "]")
        }
        Value::Tuple(t) if t.0.len() > MAX_ITEMS_SHOWN => items(t.0.len(), t.0[..MAX_ITEMS_SHOWN].to_vec(), "(", ")"),
        _ => interp.repr(v).unwrap_or_else(|_| format!("<{} object>", interp.type_name(v))),
    };
    match text.char_indices().nth(MAX_REPR_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

/// A run of an example whose generators are recorded step by step.
pub struct Stepper {
    run: Run,
    recorder: Rc<Recorder>,
}

impl std::fmt::Debug for Stepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stepper").field("run", &self.run).field("recorder", &self.recorder).finish()
    }
}

impl Stepper {
    pub fn new(example: &'static Example, params: &Params) -> Stepper {
        Stepper::watching(Run::new(example, params))
    }

    /// Watches the generators of `run`, which has not started yet.
    pub fn watching(run: Run) -> Stepper {
        let recorder = Rc::new(Recorder::default());
        if let Some(interp) = run.interpreter() {
            interp.watch_generators(recorder.clone());
        }
        Stepper { run, recorder }
    }

    /// Runs until at least `count` steps are recorded, or the program ends.
    /// Returns whether there are that many.
    pub fn run_until_steps(&mut self, count: usize) -> bool {
        while self.steps().len() < count && !self.run.is_finished() {
            self.advance();
        }
        self.steps().len() >= count
    }

    pub fn run_to_end(&mut self) {
        self.run_until_steps(usize::MAX);
    }

    /// One slice of the run (the interpreter yields after a bounded amount of
    /// work); a sleep moves the virtual clock.
    pub fn advance(&mut self) {
        match self.run.step(usize::MAX) {
            Progress::Busy | Progress::Finished(_) => {}
            Progress::WaitUntil(when) => self.run.advance_to(when),
            // The Steps tab runs no program that connects outside the run.
            Progress::WaitOutside { .. } => self.run.stop(),
        }
    }

    pub fn is_finished(&self) -> bool {
        self.run.is_finished()
    }

    pub fn run(&self) -> &Run {
        &self.run
    }

    /// The steps recorded so far (at most [`MAX_STEPS`]).
    pub fn steps(&self) -> Ref<'_, Vec<Step>> {
        self.recorder.steps.borrow()
    }

    /// The generators just before the first step (those made by then, not
    /// started yet), once there has been one.
    pub fn before_first(&self) -> Option<Vec<GeneratorState>> {
        self.recorder.before_first.borrow().clone()
    }

    /// How many steps the program took, including those past [`MAX_STEPS`].
    pub fn resumptions(&self) -> usize {
        self.recorder.resumptions.get()
    }

    /// The record as `tests/steps/record.py` writes CPython's: the
    /// generators before the first step, then each step and the generators
    /// after it, sorted by name (CPython's `gc` knows no order of making).
    pub fn transcript(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let generators = |lines: &mut Vec<String>, states: &[GeneratorState]| {
            let mut states: Vec<&GeneratorState> = states.iter().collect();
            states.sort_by(|a, b| a.name.cmp(&b.name));
            for g in states {
                let locals: Vec<String> = g.locals.iter().map(|l| format!("{}={}", l.name, l.repr)).collect();
                let line = g.line.map_or("-".to_string(), |l| l.to_string());
                let text = format!("  {} {} line {} {}", g.name, g.lifecycle.name(), line, locals.join(", "));
                lines.push(text.trim_end().to_string());
            }
        };
        if let Some(before) = self.before_first() {
            lines.push("before".to_string());
            generators(&mut lines, &before);
        }
        for step in self.steps().iter() {
            let sent = match &step.sent {
                In::Value(v) => v.as_str(),
                In::Thrown => "<thrown>",
            };
            let out = match &step.out {
                Out::Yielded(v) => format!("yield {v}"),
                Out::Returned(v) => format!("return {v}"),
                Out::Raised(e) => format!("raise {e}"),
            };
            let call = step.call_line.map_or("-".to_string(), |l| l.to_string());
            lines.push(format!("step {} {} line {call} in {sent} out {out}", step.number, step.name));
            generators(&mut lines, &step.generators);
        }
        lines.push(format!("resumptions {}", self.resumptions()));
        lines
    }
}

/// The call in a line of source: `d.send(x)` in `print(d.send(x))  # ...`,
/// `next(o)`; the whole statement when there is no such call in it.
pub fn call_text(line: &str) -> String {
    let code = line.split('#').next().unwrap_or(line).trim();
    let start = match (code.find("next("), code.find(".send("), code.find(".throw(")) {
        (Some(at), _, _) => Some(at),
        (None, Some(at), _) | (None, None, Some(at)) => {
            // Back to the start of the receiver: `d` in `d.send(`, `gens[0]` in `gens[0].send(`.
            let receiver = code[..at]
                .char_indices()
                .rev()
                .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']')));
            Some(receiver.map_or(0, |(i, c)| i + c.len_utf8()))
        }
        _ => None,
    };
    let Some(start) = start else { return code.to_string() };
    // To the parenthesis that closes the call.
    let mut depth = 0;
    for (i, c) in code[start..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return code[start..start + i + 1].to_string();
                }
            }
            _ => {}
        }
    }
    code.to_string()
}

/// The console lines the Step view shows, at most: the newest ones.
pub const MAX_PRINTED_SHOWN: usize = 8;

/// What a line of the source is, at one position of the Step view.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// The call that made the step shown (`next(o)`).
    Call,
    /// A generator is paused here (at a `yield`, or on its `def` line before it starts).
    Paused { generator: u32, name: String, lifecycle: Lifecycle },
}

#[derive(Clone, Debug, PartialEq)]
pub struct LineMark {
    /// From 1, as in tracebacks.
    pub line: u32,
    pub mark: Mark,
}

/// What the Step view shows at one position: before the first step (0), or
/// after step N.
#[derive(Clone, Debug, PartialEq)]
pub struct StepPicture {
    pub position: usize,
    /// Steps recorded so far.
    pub recorded: usize,
    /// The program has ended: `recorded` is every step (or [`MAX_STEPS`] of them).
    pub finished: bool,
    /// The program took more steps than are kept.
    pub more: usize,
    /// The step shown (none before the first).
    pub step: Option<Step>,
    /// Every live generator at this position, in the order they were made.
    pub generators: Vec<GeneratorState>,
    pub marks: Vec<LineMark>,
    /// What the program had printed by the time of the next step (the newest lines).
    pub printed: Vec<String>,
    /// Lines printed before those.
    pub printed_before: usize,
}

impl StepPicture {
    /// The generator numbered `number`, at this position.
    pub fn generator(&self, number: u32) -> Option<&GeneratorState> {
        self.generators.iter().find(|g| g.number == number)
    }
}

/// The Step view's session: a [`Stepper`] and the position shown. Going
/// back shows a kept record; going forward runs the program only as far as
/// the next step needs, in pieces ([`StepSession::work`]) that the page
/// spreads over animation frames, so that a long way to the next step
/// (`my_range_1(10_000_000)`) never freezes it.
#[derive(Debug)]
pub struct StepSession {
    example: &'static Example,
    stepper: Stepper,
    shown: usize,
    /// The position asked for: beyond `shown` while the program runs to it.
    wanted: usize,
}

impl StepSession {
    /// A session before the first step. Nothing has run: [`StepSession::work`]
    /// runs the program until its first `next()` or `send()` (or its end).
    pub fn new(example: &'static Example, params: Params) -> StepSession {
        StepSession::of(example, Run::new(example, &params))
    }

    /// A session of `run`, not started yet: the example's program as edited,
    /// say (`Run::edited`).
    pub fn of(example: &'static Example, run: Run) -> StepSession {
        StepSession { example, stepper: Stepper::watching(run), shown: 0, wanted: 0 }
    }

    pub fn example(&self) -> &'static Example {
        self.example
    }

    /// The program stepped through (the first, in a run of several).
    pub fn source(&self) -> &str {
        self.stepper.run().source()
    }

    pub fn position(&self) -> usize {
        self.shown
    }

    /// Steps the record must hold to show the position asked for (position
    /// 0 shows the generators as the first step found them).
    fn needed(&self) -> usize {
        self.wanted.max(1)
    }

    /// The program is running towards the position asked for.
    pub fn is_working(&self) -> bool {
        self.stepper.steps().len() < self.needed() && !self.stepper.is_finished()
    }

    /// Runs the program a little further towards the position asked for (one
    /// slice of the run); then shows it if it is there. Whether more is needed.
    pub fn work(&mut self) -> bool {
        if self.is_working() {
            self.stepper.advance();
        }
        if self.is_working() {
            return true;
        }
        self.shown = self.wanted.min(self.stepper.steps().len());
        self.wanted = self.shown;
        false
    }

    /// Runs to the position asked for at once (the native tests; the page
    /// calls [`StepSession::work`] once per slice instead).
    pub fn finish_work(&mut self) {
        while self.work() {}
    }

    pub fn can_go_back(&self) -> bool {
        self.shown > 0
    }

    /// Whether there may be a step after the one shown.
    pub fn can_go_forward(&self) -> bool {
        !self.is_working() && (self.shown < self.stepper.steps().len() || !self.stepper.is_finished())
    }

    /// Asks for the next step: shown at once from the record, or once
    /// [`StepSession::work`] has run the program to it.
    pub fn forward(&mut self) {
        if !self.is_working() {
            self.wanted = self.shown + 1;
            self.work();
        }
    }

    /// The step before: always from the record (a run towards a later step stops).
    pub fn back(&mut self) {
        self.shown = self.shown.saturating_sub(1);
        self.wanted = self.shown;
    }

    /// Back to before the first step (the record is kept).
    pub fn rewind(&mut self) {
        self.shown = 0;
        self.wanted = 0;
    }

    pub fn picture(&self) -> StepPicture {
        let steps = self.stepper.steps();
        let step = self.shown.checked_sub(1).and_then(|i| steps.get(i)).cloned();
        let generators = match &step {
            Some(step) => step.generators.clone(),
            None => self.stepper.before_first().unwrap_or_default(),
        };
        let mut marks: Vec<LineMark> = step
            .as_ref()
            .and_then(|s| s.call_line)
            .map(|line| LineMark { line, mark: Mark::Call })
            .into_iter()
            .collect();
        marks.extend(generators.iter().filter_map(|g| {
            let line = g.line?;
            Some(LineMark {
                line,
                mark: Mark::Paused { generator: g.number, name: g.name.clone(), lifecycle: g.lifecycle },
            })
        }));
        // The program's lines up to where it stands at this position: the
        // start of the next step, or (at the last) as far as it has run.
        let until = steps.get(self.shown).map(|next| next.trace_start);
        let run = self.stepper.run();
        let trace = run.trace();
        let mut newest: VecDeque<Text> = VecDeque::with_capacity(MAX_PRINTED_SHOWN + 1);
        let mut total = 0;
        for event in trace.events().take(until.unwrap_or(usize::MAX)) {
            if let EventKind::Print { text, .. } = event.kind {
                total += 1;
                if newest.len() == MAX_PRINTED_SHOWN {
                    newest.pop_front();
                }
                newest.push_back(text);
            }
        }
        let printed: Vec<String> = newest.iter().map(|t| trace.text(*t).to_string()).collect();
        let printed_before = total - printed.len();
        StepPicture {
            position: self.shown,
            recorded: steps.len(),
            finished: self.stepper.is_finished(),
            more: self.stepper.resumptions().saturating_sub(steps.len()),
            step,
            generators,
            marks,
            printed,
            printed_before,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::call_text;

    #[test]
    fn the_call_is_found_in_its_line() {
        assert_eq!(call_text("    print(d.send(x))     # returns whether x divides n"), "d.send(x)");
        assert_eq!(call_text("    print(next(nums))    # returns 1, then 5"), "next(nums)");
        assert_eq!(call_text("value = gens[0].send(f(1, 2)) + 1"), "gens[0].send(f(1, 2))");
        assert_eq!(call_text("for x in numbers:"), "for x in numbers:");
        assert_eq!(call_text("→.send(1"), "→.send(1");
    }
}
