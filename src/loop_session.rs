//! The Event loop tab's model: its own [`Run`] of the current example,
//! stepped by hand, and what the tab shows of it. Plain Rust, no browser API:
//! the component (`components/loop_view.rs`) only draws a [`LoopPicture`].
//!
//! Step runs exactly one handle (`run.step(1)`), or moves the clock when the
//! loop sleeps. Next iteration runs one iteration of `_run_once` from where
//! the loop is: the rest of the one in progress, or a whole new one, with
//! the sleep and the clock's jump before it when nothing is ready.
//!
//! A press costs what it runs, never what the run holds: the ready queue and
//! the timer heap are read through bounded windows
//! ([`EventLoop::ready_window`], [`EventLoop::earliest_timers`]), and the
//! tasks' states follow the trace from where the last press left it.

use std::collections::HashMap;

use playground::examples::Example;
use playground::trace::{
    self, blocking_text, Activity, Awaited, CallbackName, EventKind, FutureId, Outcome, SelectCall, TaskChange, TaskId,
    Trace,
};
use playground::{Ending, Progress, Run};

use crate::program::Program;
use crate::time_text::{times_text, times_text_of};

/// Handles listed at most per group of the ready queue, timers listed, and
/// handles listed under "Just ran": a gather of 100,000 tasks queues
/// 100,000 first steps.
pub const MAX_LISTED: usize = 40;
/// What one handle did, listed at most (the top-level code of `many-tasks`
/// creates 100,000 tasks in one go).
pub const MAX_EFFECTS: usize = 40;
/// Task rows listed at most.
pub const MAX_TASKS: usize = 60;
/// Next iteration gives up after this many steps of the run (an iteration
/// is one step; the sleep before it and the top-level code are a few more).
const MAX_STEPS_PER_PRESS: usize = 16;
/// A press finishes the code a step left in the middle (a handle or the top-level code that
/// used up its slice of work, about a millisecond natively), for at most this many slices:
/// code that never yields (`while True: pass`) cannot freeze the page.
const MAX_SLICES_PER_PRESS: usize = 400;

/// One stepped run and what the tab knows about it.
pub struct LoopSession {
    example: &'static Example,
    program: Program,
    run: Run,
    /// `step` answered `WaitUntil(t)`: the next press moves the clock to `t`.
    sleeping_until: Option<f64>,
    happened: Happened,
    known: Known,
}

/// What the session has read off the trace so far, one press at a time.
#[derive(Default)]
struct Known {
    /// Trace events read.
    read: usize,
    /// Each task's latest state, `Task-N` at `N - 1`.
    tasks: Vec<TaskRow>,
    /// The task each pending sleep timer wakes: the task that was running
    /// when the timer was set (`asyncio.sleep` sets it for its caller).
    sleepers: HashMap<FutureId, TaskId>,
    /// The task whose handle runs, where the trace was read up to.
    running: Option<TaskId>,
    /// In a run of two programs, what each one's process is doing (`waiting in accept() on
    /// fd 3`), by process.
    programs: Vec<String>,
}

/// What the last button press did, as "Just ran" shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Happened {
    /// Each handle that ran (`None`: the top-level code, outside the loop),
    /// in order, with what it did.
    pub ran: Vec<Ran>,
    /// Handles that ran after the first [`MAX_LISTED`], not listed.
    pub more: usize,
    /// The one-line summary above them.
    pub summary: String,
}

/// One handle that ran and what it did.
#[derive(Clone, Debug, PartialEq)]
pub struct Ran {
    /// `None`: the top-level code, up to `run_until_complete` (or up to its next blocking
    /// call, in a run of two programs).
    pub handle: Option<HandleRow>,
    /// The program whose code it was, in a run of two (`server`); empty otherwise.
    pub program: &'static str,
    /// The first [`MAX_EFFECTS`] things it did.
    pub effects: Vec<Effect>,
    /// How many more things it did.
    pub more: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// A line it printed (with its program's label in a run of two).
    Printed { task: Option<TaskId>, text: String, stderr: bool, program: &'static str },
    /// What it did to the loop: `call_soon(...)`, `Task-1 suspends: ...`.
    Did(String),
}

/// A handle in the ready queue or the timer heap (or one that ran).
#[derive(Clone, Debug, PartialEq)]
pub struct HandleRow {
    /// As asyncio names it: `Task-1.__step()`, `sleep timer: set_result()`.
    pub name: String,
    /// The task it resumes (a task's step) or wakes (a sleep timer, whose
    /// future the task awaits); it gives the row its task colour.
    pub task: Option<TaskId>,
    /// It is a sleep timer's callback that wakes `task` (said beside it).
    pub wakes: bool,
    /// Cancelled: the loop drops it when it reaches it.
    pub cancelled: bool,
}

/// A timer in the heap.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerRow {
    /// The deadline, with as many decimals as the listed ones need.
    pub when: String,
    pub handle: HandleRow,
}

/// A task and what it is doing now, as the session follows it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct TaskRow {
    task: TaskId,
    coro: &'static str,
    state: TaskState,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum TaskState {
    /// Created; its first step is queued.
    Created,
    Now(Activity),
    Done(Outcome),
}

/// A task as the tab lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskLine {
    pub task: TaskId,
    pub coro: &'static str,
    /// `done`, `raised`, `ready`, `running` or `waiting`.
    pub class: &'static str,
    /// `waiting for sleep until t=1.000`, `✓ returned 16`.
    pub state: String,
}

/// The first of many, and how many there are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing<T> {
    pub shown: Vec<T>,
    pub total: usize,
}

impl<T> Listing<T> {
    /// How many are not shown.
    pub fn more(&self) -> usize {
        self.total.saturating_sub(self.shown.len())
    }
}

/// Everything the tab draws, read off the session after a press.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopPicture {
    pub iteration: u32,
    /// The loop's clock (`loop.time()`), as text.
    pub time: String,
    pub finished: bool,
    pub sleeping: bool,
    pub happened: Happened,
    /// The handles the iteration in progress has still to run.
    pub this_iteration: Listing<HandleRow>,
    /// The handles queued during it (or since the last one): the next
    /// iteration's.
    pub next_iteration: Listing<HandleRow>,
    pub timers: Listing<TimerRow>,
    pub tasks: Listing<TaskLine>,
    /// In a run of two programs: each one's label and what its process does now.
    pub programs: Vec<(&'static str, String)>,
    /// The `select.select` calls so far, the newest last.
    pub selects: Listing<SelectRow>,
}

/// A `select.select` call: the lists it was given and the ready lists it returned.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectRow {
    /// Its number, from 1.
    pub number: usize,
    pub program: &'static str,
    pub time: String,
    pub read: Vec<String>,
    pub write: Vec<String>,
    pub error: Vec<String>,
    pub timeout: String,
    /// When it returned, and what was ready; `None` while it waits.
    pub returned: Option<(String, [Vec<String>; 3])>,
}

impl SelectRow {
    fn of(trace: &Trace, number: usize, call: &SelectCall) -> SelectRow {
        SelectRow {
            number,
            program: trace.process_name(call.process),
            time: times_text_of([call.time])[0].clone(),
            read: call.read.clone(),
            write: call.write.clone(),
            error: call.error.clone(),
            timeout: call.timeout.map_or("None".to_string(), trace_float),
            returned: call.returned.as_ref().map(|(t, lists)| (times_text_of([*t])[0].clone(), lists.clone())),
        }
    }
}

/// A number as Python prints it (`60`, `0.5`).
fn trace_float(t: f64) -> String {
    if t.fract() == 0.0 && t.abs() < 1e15 {
        format!("{t:.0}")
    } else {
        format!("{t}")
    }
}

impl LoopSession {
    pub fn new(example: &'static Example, program: impl Into<Program>) -> LoopSession {
        let program = program.into();
        LoopSession {
            run: program.start(example),
            example,
            program,
            sleeping_until: None,
            happened: Happened {
                summary: if example.second.is_some() {
                    "Nothing has run yet. Each Step runs a program's code up to its next blocking call (accept, \
                     select, run_until_complete), or one handle of the clients' event loop."
                        .into()
                } else {
                    "Nothing has run yet. Step runs the top-level code up to run_until_complete, then the loop's first handle.".into()
                },
                ..Happened::default()
            },
            known: Known::default(),
        }
    }

    /// Whether this session runs `program` of `example`.
    pub fn runs(&self, example: &'static Example, program: &Program) -> bool {
        self.example.id == example.id && self.program == *program
    }

    pub fn example(&self) -> &'static Example {
        self.example
    }

    pub fn program(&self) -> &Program {
        &self.program
    }

    pub fn run(&self) -> &Run {
        &self.run
    }

    /// The deadline the loop sleeps until: the next press moves the clock there.
    pub fn sleeping_until(&self) -> Option<f64> {
        self.sleeping_until
    }

    /// Step: one handle, or the clock's jump when the loop was asleep.
    pub fn step(&mut self) {
        let from = self.run.trace().len();
        let summary = match self.sleeping_until.take() {
            Some(when) => {
                let [was, now] = times_text_of([self.run.time(), when]);
                self.run.advance_to(when);
                format!(
                    "The loop slept until the earliest timer: the clock jumped from t={was} to t={now}. The next Step moves due timers to the ready queue."
                )
            }
            None if self.before_the_loop() => {
                format!("The top-level code ran up to run_until_complete. {}", self.step_one())
            }
            None => self.step_one(),
        };
        let summary = self.program_summary(from).unwrap_or(summary);
        self.happened = self.read_since(from, summary);
    }

    /// In a run of two programs, a Step may run a program's own code (up to its next
    /// blocking call) rather than a handle of the loop: what it did, then.
    fn program_summary(&self, from: usize) -> Option<String> {
        let trace = self.run.trace();
        if trace.processes().is_empty()
            || trace.events_from(from).any(|e| matches!(e.kind, EventKind::HandleRun { .. }))
        {
            return None;
        }
        trace
            .events_from(from)
            .filter_map(|e| match e.kind {
                EventKind::ProcessWaiting { process, on } if on != trace::Blocking::EventLoop => Some(format!(
                    "The {}'s code ran until it blocked in {}: its process waits, the other goes on.",
                    trace.process_name(process),
                    blocking_text(on)
                )),
                EventKind::ProcessEnded { process } => {
                    Some(format!("The {} program ended.", trace.process_name(process)))
                }
                _ => None,
            })
            .last()
    }

    /// Nothing has run yet: the next press runs the top-level code first.
    fn before_the_loop(&self) -> bool {
        let lp = self.run.event_loop();
        lp.iteration() == 0 && !lp.is_running() && !self.run.is_finished()
    }

    /// Next iteration: one iteration of `_run_once` from where the loop is.
    /// Mid-iteration, the handles it has left; between iterations, a whole
    /// one, with the loop's sleep and the clock's jump first when nothing
    /// is ready (and the top-level code first, before the loop has run).
    pub fn next_iteration(&mut self) {
        let from = self.run.trace().len();
        let mut parts: Vec<String> = Vec::new();
        let in_progress = self.run.event_loop().left_in_iteration() > 0;
        if self.before_the_loop() {
            parts.push("The top-level code ran up to run_until_complete.".to_string());
        }
        let mut ran_iteration = None;
        for _ in 0..MAX_STEPS_PER_PRESS {
            if self.run.is_finished() {
                break;
            }
            if let Some(when) = self.sleeping_until.take() {
                let [was, now] = times_text_of([self.run.time(), when]);
                parts.push(format!(
                    "Nothing was ready, so the loop slept until its earliest timer: the clock jumped from t={was} to t={now}."
                ));
                self.run.advance_to(when);
                continue;
            }
            let lp = self.run.event_loop();
            let (before, left) = (lp.iteration(), lp.left_in_iteration());
            // Between iterations a budget without limit runs exactly one:
            // `run_once` takes the handles ready at its start and no more.
            let budget = if left > 0 { left } else { usize::MAX };
            let progress = self.run.step(budget);
            let progress = self.finish_code(progress, |run| match run.event_loop().left_in_iteration() {
                0 => usize::MAX,
                left => left,
            });
            match progress {
                Progress::Busy if self.run.mid_code() => {
                    parts.push(format!(
                        "A handle's code is still running: it has not yielded after {MAX_SLICES_PER_PRESS} slices of work. The next press goes on with it."
                    ));
                    break;
                }
                Progress::Busy => {
                    let now = self.run.event_loop().iteration();
                    if left > 0 || now != before {
                        ran_iteration = Some(now);
                        break;
                    }
                    // Only the top-level code ran: the loop stopped before.
                }
                Progress::WaitUntil(when) => self.sleeping_until = Some(when),
                // Stepped by hand, a run carries no connection outside it (echo-client has no
                // Event loop tab).
                Progress::WaitOutside { .. } | Progress::Finished(_) => break,
            }
        }
        if let Some(number) = ran_iteration {
            let handles =
                self.run.trace().events_from(from).filter(|e| matches!(e.kind, EventKind::HandleRun { .. })).count();
            parts.push(if in_progress {
                format!("Iteration {number} ran its last {}.", count(handles, "handle"))
            } else {
                format!("Iteration {number} ran to its end: {}.", count(handles, "handle"))
            });
        }
        parts.push(self.what_next());
        self.happened = self.read_since(from, parts.join(" "));
    }

    /// What the loop does next, or how the run ended.
    fn what_next(&self) -> String {
        if let Some(ending) = self.run.ending() {
            return ending_text(ending);
        }
        let lp = self.run.event_loop();
        let queued = lp.ready_len();
        if queued > 0 {
            return format!("{} queued for iteration {}.", count(queued, "handle"), lp.iteration() + 1);
        }
        match lp.earliest_timers(1).first() {
            Some(timer) => format!(
                "Nothing is ready: the loop will sleep until t={}, the earliest timer.",
                times_text_of([lp.time(), timer.when])[1]
            ),
            None => "Nothing is ready and no timer is set.".into(),
        }
    }

    /// Steps on while the last step stopped in the middle of running code, so that a press
    /// reports whole handles: `budget` says how many handles each further step may run.
    fn finish_code(&mut self, mut progress: Progress, budget: impl Fn(&Run) -> usize) -> Progress {
        for _ in 0..MAX_SLICES_PER_PRESS {
            if !(progress == Progress::Busy && self.run.mid_code()) {
                break;
            }
            progress = self.run.step(budget(&self.run));
        }
        progress
    }

    fn step_one(&mut self) -> String {
        let before = self.run.event_loop().iteration();
        let progress = self.run.step(1);
        match self.finish_code(progress, |_| 1) {
            Progress::Busy if self.run.mid_code() => format!(
                "The handle's code is still running: it has not yielded after {MAX_SLICES_PER_PRESS} slices of work. The next Step goes on with it."
            ),
            Progress::Busy => {
                let lp = self.run.event_loop();
                let now = lp.iteration();
                let left = lp.left_in_iteration();
                let queued = lp.ready_len().saturating_sub(left);
                let began = if now != before {
                    format!("Iteration {now} began with the handles ready at its start, and ran the first. ")
                } else {
                    String::new()
                };
                if left > 0 {
                    format!("{began}{left} more of iteration {now} to run.")
                } else if queued > 0 {
                    format!(
                        "{began}That was iteration {now}'s last handle: the next Step begins iteration {} with the {queued} queued now.",
                        now + 1
                    )
                } else {
                    format!("{began}That was iteration {now}'s last handle, and nothing is queued.")
                }
            }
            Progress::WaitUntil(when) => {
                self.sleeping_until = Some(when);
                format!(
                    "Nothing is ready: the loop sleeps until t={}, the earliest timer.",
                    times_text_of([self.run.time(), when])[1]
                )
            }
            Progress::Finished(ending) => ending_text(&ending),
            Progress::WaitOutside { .. } => "The loop waits for the network outside the run.".into(),
        }
    }

    /// Reads the trace from event `from` on: what ran (at most
    /// [`MAX_LISTED`] handles of [`MAX_EFFECTS`] effects each), and every
    /// task's and sleep timer's state.
    fn read_since(&mut self, from: usize, summary: String) -> Happened {
        let trace = self.run.trace();
        let known = &mut self.known;
        for event in trace.events_from(known.read).take(from.saturating_sub(known.read)) {
            known.follow(&event.kind);
        }
        let mut happened = Happened { summary, ..Happened::default() };
        let mut listed = 0;
        for event in trace.events_from(from) {
            let kind = &event.kind;
            if let EventKind::HandleRun { callback, .. } = kind {
                if listed == MAX_LISTED {
                    happened.more += 1;
                } else {
                    // Named before it is followed: a sleep timer that ran is forgotten.
                    let handle = known.handle_row(*callback, false);
                    listed += 1;
                    happened.ran.push(Ran { handle: Some(handle), program: "", effects: Vec::new(), more: 0 });
                }
            }
            known.follow(kind);
            if happened.more > 0 || !is_effect(kind) {
                continue;
            }
            // In a run of two programs, a program's own code (outside the loop's handles)
            // runs between them: its effects are a group of their own.
            let code = code_of(&trace, kind);
            let new_group = match happened.ran.last() {
                None => true,
                Some(last) => !code.is_empty() && (last.handle.is_some() || last.program != code),
            };
            if new_group {
                happened.ran.push(Ran { handle: None, program: code, effects: Vec::new(), more: 0 });
            }
            if let Some(group) = happened.ran.last_mut() {
                if group.effects.len() == MAX_EFFECTS {
                    group.more += 1;
                } else {
                    group.effects.push(effect(&trace, kind));
                }
            }
        }
        known.read = trace.len();
        // The top-level code's group only when it did something.
        happened.ran.retain(|r| r.handle.is_some() || !r.effects.is_empty());
        happened
    }

    /// What the tab draws now: bounded windows of the queues, whatever they hold.
    pub fn picture(&self) -> LoopPicture {
        let lp = self.run.event_loop();
        let known = &self.known;
        let left = lp.left_in_iteration().min(lp.ready_len());
        let rows = |from: usize, max: usize| -> Vec<HandleRow> {
            lp.ready_window(from, max).into_iter().map(|q| known.handle_row(q.callback, q.cancelled)).collect()
        };
        let this_iteration = Listing { shown: rows(0, left.min(MAX_LISTED)), total: left };
        let next_iteration = Listing { shown: rows(left, MAX_LISTED), total: lp.ready_len() - left };
        let earliest = lp.earliest_timers(MAX_LISTED);
        let whens: Vec<f64> = earliest.iter().map(|t| t.when).collect();
        let timers = Listing {
            shown: earliest
                .iter()
                .zip(times_text(&whens))
                .map(|(t, when)| TimerRow { when, handle: known.handle_row(t.callback, t.cancelled) })
                .collect(),
            total: lp.timer_count(),
        };
        let trace = self.run.trace();
        let tasks = Listing {
            shown: known.tasks.iter().take(MAX_TASKS).map(|row| TaskLine::of(&trace, row)).collect(),
            total: known.tasks.len(),
        };
        let calls = trace.selects();
        let first = calls.len().saturating_sub(MAX_LISTED);
        let selects = Listing {
            shown: calls[first..].iter().enumerate().map(|(i, c)| SelectRow::of(&trace, first + i + 1, c)).collect(),
            total: calls.len(),
        };
        let programs = trace
            .processes()
            .iter()
            .enumerate()
            .map(|(i, name)| (*name, known.programs.get(i).cloned().unwrap_or_else(|| "running".to_string())))
            .collect();
        LoopPicture {
            iteration: lp.iteration(),
            time: times_text_of([lp.time()])[0].clone(),
            finished: self.run.is_finished(),
            sleeping: self.sleeping_until.is_some(),
            happened: self.happened.clone(),
            this_iteration,
            next_iteration,
            timers,
            tasks,
            programs,
            selects,
        }
    }
}

impl Known {
    /// Follows one event: the task it changes, the sleep timer it sets.
    fn follow(&mut self, kind: &EventKind) {
        match *kind {
            EventKind::HandleRun { callback, .. } => {
                self.running = step_task(callback);
                if let CallbackName::SleepDone(future) = callback {
                    self.sleepers.remove(&future);
                }
            }
            EventKind::Iteration { .. } | EventKind::Stopped => self.running = None,
            EventKind::ProcessWaiting { process, on } => {
                self.program_now(process.0, format!("waits in {}", blocking_text(on)))
            }
            EventKind::ProcessRunning { process } => self.program_now(process.0, "running".to_string()),
            EventKind::ProcessEnded { process } => self.program_now(process.0, "ended".to_string()),
            EventKind::TimerSet { callback: CallbackName::SleepDone(future), .. } => {
                if let Some(task) = self.running {
                    self.sleepers.insert(future, task);
                }
            }
            _ => {}
        }
        let Some((task, change)) = kind.task_change() else {
            return;
        };
        let state = match change {
            TaskChange::Created { coro } => {
                self.tasks.push(TaskRow { task, coro, state: TaskState::Created });
                return;
            }
            TaskChange::Now(activity) => TaskState::Now(activity),
            TaskChange::Done(outcome) => TaskState::Done(outcome),
        };
        // Task-N is the Nth task created.
        if let Some(row) = (task.0 as usize).checked_sub(1).and_then(|i| self.tasks.get_mut(i)) {
            row.state = state;
        }
    }

    fn program_now(&mut self, process: u8, state: String) {
        let i = process as usize;
        if self.programs.len() <= i {
            self.programs.resize(i + 1, "running".to_string());
        }
        self.programs[i] = state;
    }

    fn handle_row(&self, callback: CallbackName, cancelled: bool) -> HandleRow {
        let (task, wakes) = match callback {
            CallbackName::SleepDone(future) => (self.sleepers.get(&future).copied(), true),
            other => (step_task(other), false),
        };
        HandleRow { name: callback.to_string(), task, wakes: wakes && task.is_some(), cancelled }
    }
}

impl TaskLine {
    fn of(trace: &Trace, row: &TaskRow) -> TaskLine {
        let (class, state) = match row.state {
            TaskState::Done(Outcome::Returned(r)) => ("done", format!("✓ returned {}", trace.text(r))),
            TaskState::Done(Outcome::Raised(e)) => ("raised", format!("✗ raised {}", trace.text(e))),
            TaskState::Done(Outcome::Cancelled) => ("raised", "⊘ cancelled".to_string()),
            TaskState::Now(Activity::Ready) => ("ready", "ready: its step is queued".to_string()),
            TaskState::Now(Activity::Running) => ("running", "running".to_string()),
            TaskState::Now(Activity::Waiting(on)) => ("waiting", format!("waiting for {}", awaited_text(&on))),
            TaskState::Created => ("ready", "created".to_string()),
        };
        TaskLine { task: row.task, coro: row.coro, class, state }
    }
}

fn ending_text(ending: &Ending) -> String {
    match ending {
        Ending::Completed => "The loop stopped and the top-level code ran to its end.".into(),
        Ending::Raised(e) => format!("The program stopped with an uncaught exception: {e}"),
        Ending::Hung => {
            "Nothing is ready and no timer is set, but the loop was never stopped: CPython would wait here forever."
                .into()
        }
        Ending::Stopped => "Stopped.".into(),
    }
}

/// `1 handle`, `5 handles`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The task a handle steps (`__step`, `__wakeup`).
fn step_task(callback: CallbackName) -> Option<TaskId> {
    match callback {
        CallbackName::TaskStep(t) | CallbackName::TaskWakeup(t) => Some(t),
        _ => None,
    }
}

/// The program whose own code (not a handle of the loop) did this, in a run of two
/// programs; empty otherwise.
fn code_of(trace: &Trace, kind: &EventKind) -> &'static str {
    match *kind {
        EventKind::Print { process, task: None, .. } | EventKind::ProcessEnded { process } => {
            trace.process_name(process)
        }
        EventKind::ProcessWaiting { process, on } if on != trace::Blocking::EventLoop => trace.process_name(process),
        EventKind::SelectCalled { call } | EventKind::SelectReturned { call } => {
            trace.selects().get(call as usize).map_or("", |c| trace.process_name(c.process))
        }
        _ => "",
    }
}

fn is_effect(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Print { .. }
            | EventKind::ProcessWaiting { .. }
            | EventKind::ProcessEnded { .. }
            | EventKind::SelectCalled { .. }
            | EventKind::SelectReturned { .. }
            | EventKind::Queued { .. }
            | EventKind::TimerSet { .. }
            | EventKind::TaskCreated { .. }
            | EventKind::TaskWaiting { .. }
            | EventKind::TaskDone { .. }
            | EventKind::Stopped
    )
}

/// What an event did, in asyncio's words (for [`is_effect`] events).
fn effect(trace: &Trace, kind: &EventKind) -> Effect {
    Effect::Did(match kind {
        EventKind::Print { task, stream, text, process } => {
            return Effect::Printed {
                task: *task,
                text: trace.text(*text).to_string(),
                stderr: *stream == trace::Stream::Stderr,
                program: trace.process_name(*process),
            }
        }
        EventKind::ProcessWaiting { process, on } => {
            format!("{} blocks in {}", trace.process_name(*process), blocking_text(*on))
        }
        EventKind::ProcessEnded { process } => format!("{} ended", trace.process_name(*process)),
        EventKind::SelectCalled { call } => format!("select() call {} begins", call + 1),
        EventKind::SelectReturned { call } => format!("select() call {} returns", call + 1),
        EventKind::Queued { callback, .. } => format!("call_soon({callback})"),
        EventKind::TimerSet { callback, when, .. } => format!("call_at({}, {callback})", times_text_of([*when])[0]),
        EventKind::TaskCreated { task, coro } => format!("{task} created for {coro}()"),
        EventKind::TaskWaiting { task, on } => format!("{task} suspends: waits for {}", awaited_text(on)),
        EventKind::TaskDone { task, outcome } => match outcome {
            Outcome::Returned(r) => format!("{task} done: returned {}", trace.text(*r)),
            Outcome::Raised(e) => format!("{task} done: raised {}", trace.text(*e)),
            Outcome::Cancelled => format!("{task} done: cancelled"),
        },
        _ => "the loop stopped".into(),
    })
}

/// What a task waits for, with a sleep's deadline in as many decimals as it needs.
pub fn awaited_text(on: &Awaited) -> String {
    match on {
        Awaited::Sleep { until } => format!("sleep until t={}", times_text_of([*until])[0]),
        other => other.to_string(),
    }
}
