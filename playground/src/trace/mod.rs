//! The trace of a run: everything the event loop did, in order, with the
//! virtual time it happened at. The console, the timeline and the step-by-step
//! view are all built from it, so it records every iteration, every handle
//! run, every task state change, every timer, and every printed line.
//!
//! Events are 32-byte values in chunks, and printed text goes to one arena,
//! so tracing costs no allocation per event and no formatting.

use std::fmt;

pub use crate::runtime::network::{Blocking, ProcessId};

mod timeline;
pub use timeline::{Activity, Iteration, Lane, ProcessLane, ProcessSpan, Span, TaskChange, Timeline};

/// A task's number: `Task-N` in CPython's names, counted from 1 per run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(pub u32);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Task-{}", self.0)
    }
}

/// A handle in the ready queue or the timer heap, numbered in creation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HandleId(pub u32);

/// A future's number, in creation order (tasks are futures too).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FutureId(pub u32);

/// What a handle will do when the loop runs it, named as in asyncio's source.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CallbackName {
    /// `Task.__step`: resume the task's coroutine once.
    TaskStep(TaskId),
    /// `Task.__wakeup`: the future a task awaited is done; resume the task.
    TaskWakeup(TaskId),
    /// `futures._set_result_unless_cancelled`: the timer of `asyncio.sleep`.
    SleepDone(FutureId),
    /// `gather`'s `_done_callback` for one child.
    GatherChildDone(FutureId),
    /// `wait`'s `_on_completion` for one child.
    WaitChildDone(FutureId),
    /// `wait_for`'s `_release_waiter` (a child finished or the timeout fired).
    ReleaseWaiter(FutureId),
    /// `run_until_complete`'s `_run_until_complete_cb`: stop the loop.
    StopLoop,
    /// A callback scheduled with `call_soon`/`call_later` directly, by a
    /// number its caller chose.
    Plain(u32),
    /// A program's own callback, by its Python name.
    Named(&'static str),
    /// The selector found a watched socket ready: complete the future a task awaits
    /// (`add_reader`'s callback in `loop.sock_recv` and the like).
    SocketReady { fd: u32, write: bool },
}

impl fmt::Display for CallbackName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackName::TaskStep(t) => write!(f, "{t}.__step()"),
            CallbackName::TaskWakeup(t) => write!(f, "{t}.__wakeup()"),
            CallbackName::SleepDone(_) => write!(f, "sleep timer: set_result()"),
            CallbackName::GatherChildDone(_) => write!(f, "gather: _done_callback()"),
            CallbackName::WaitChildDone(_) => write!(f, "wait: _on_completion()"),
            CallbackName::ReleaseWaiter(_) => write!(f, "wait_for: _release_waiter()"),
            CallbackName::StopLoop => write!(f, "_run_until_complete_cb(): loop.stop()"),
            CallbackName::Plain(n) => write!(f, "callback #{n}"),
            CallbackName::Named(name) => write!(f, "{name}()"),
            CallbackName::SocketReady { fd, write } => {
                write!(f, "selector: fd {fd} {}: set_result()", if *write { "writable" } else { "readable" })
            }
        }
    }
}

/// What a suspended task is waiting for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Awaited {
    /// `asyncio.sleep(...)`, due at virtual time `until`.
    Sleep { until: f64 },
    /// A bare `yield` (`asyncio.sleep(0)`): back in the next iteration.
    NextIteration,
    /// Another task.
    Task(TaskId),
    /// The future returned by `gather`.
    Gather(FutureId),
    /// `wait`'s waiter future.
    Wait(FutureId),
    /// `wait_for`'s waiter future.
    WaitFor(FutureId),
    /// A plain future made with `loop.create_future()`.
    Future(FutureId),
    /// A socket to be ready, watched by the loop's selector (`loop.sock_recv` and the like).
    Socket { fd: u32, write: bool },
}

impl fmt::Display for Awaited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Awaited::Sleep { until } => write!(f, "sleep until t={until:.3}"),
            Awaited::NextIteration => write!(f, "the next iteration (sleep(0))"),
            Awaited::Task(t) => write!(f, "{t}"),
            Awaited::Gather(_) => write!(f, "gather()"),
            Awaited::Wait(_) => write!(f, "wait()"),
            Awaited::WaitFor(_) => write!(f, "wait_for()"),
            Awaited::Future(id) => write!(f, "future #{}", id.0),
            Awaited::Socket { fd, write } => {
                write!(f, "fd {fd} to be {}", if *write { "writable" } else { "readable" })
            }
        }
    }
}

/// How a task ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// It returned; the result as Python's `repr` (see [`Trace::text`]).
    Returned(Text),
    /// It raised; the exception as Python's `repr`.
    Raised(Text),
    Cancelled,
}

/// A string kept in the trace's text arena: printed lines and result reprs
/// share one buffer instead of one allocation each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    start: u32,
    len: u32,
}

/// Which stream a line was printed to (Python's `print` or the loop's logger).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// `_run_once` began: `ready` handles will run in this iteration.
    Iteration { number: u32, ready: u32 },
    /// The loop slept (virtually) until the earliest timer.
    ClockAdvanced { from: f64 },
    /// `call_soon`: a handle joined the back of the ready queue.
    Queued { handle: HandleId, callback: CallbackName },
    /// `call_at`/`call_later`: a timer handle went into the heap.
    TimerSet { handle: HandleId, callback: CallbackName, when: f64 },
    /// A timer was due and moved to the ready queue.
    TimerFired { handle: HandleId },
    /// The loop ran a handle.
    HandleRun { handle: HandleId, callback: CallbackName },
    /// A task was created; its first step is queued (tasks never start at once).
    TaskCreated { task: TaskId, coro: &'static str },
    /// A task suspended until `on` is done.
    TaskWaiting { task: TaskId, on: Awaited },
    /// A task finished.
    TaskDone { task: TaskId, outcome: Outcome },
    /// A line was printed, by a task (or by the top-level script when `None`), in a process
    /// (always 0 in a run of one program).
    Print { task: Option<TaskId>, stream: Stream, text: Text, process: ProcessId },
    /// The loop stopped (end of `run_until_complete`/`run_forever`).
    Stopped,
    /// In a run of several programs: a process blocks in a call (`accept`, `select`, its
    /// event loop's selector, ...) until another process acts or the clock moves.
    ProcessWaiting { process: ProcessId, on: Blocking },
    /// The process goes on after waiting.
    ProcessRunning { process: ProcessId },
    /// The process ended (or the run stopped it).
    ProcessEnded { process: ProcessId },
    /// `select.select` was called: [`Trace::selects`]`[call]` says with what.
    SelectCalled { call: u32 },
    /// The `select.select` call returned (its ready lists are in [`Trace::selects`]).
    SelectReturned { call: u32 },
}

/// One call of `select.select` by a program: the lists it was given, and when it returned
/// and which of the sockets were ready (each socket described: `fd 4 to 127.0.0.1:40001`).
#[derive(Clone, Debug, PartialEq)]
pub struct SelectCall {
    pub process: ProcessId,
    pub time: f64,
    pub read: Vec<String>,
    pub write: Vec<String>,
    pub error: Vec<String>,
    pub timeout: Option<f64>,
    /// When it returned, and the readable, writable and exceptional lists; `None` while it
    /// waits.
    pub returned: Option<(f64, [Vec<String>; 3])>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Virtual time in seconds since the run started.
    pub time: f64,
    pub kind: EventKind,
}

/// Events are stored in chunks of this many: the trace grows without ever
/// copying what it holds, and wastes at most one chunk.
const CHUNK: usize = 4096;

/// The ordered list of everything that happened in a run.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    chunks: Vec<Vec<Event>>,
    len: usize,
    texts: String,
    /// The programs' labels in a run of several, by process (empty for one program).
    processes: Vec<&'static str>,
    /// Every `select.select` call, in order.
    selects: Vec<SelectCall>,
}

/// Lines closer than this (in seconds) belong to one instant of a run of several programs:
/// see [`merge_by_instant`]. (`xtask/src/processes.rs` merges CPython's lines by the same rule.)
pub const INSTANT: f64 = 0.05;

/// A printed line as the comparison with CPython sees it: an object's address
/// (`at 0x7f3a5c0d2e80`) differs in every run and every Python, so each `0x`
/// followed by hex digits becomes `0x...`. The tests (native, browser, end to end)
/// compare transcripts through this one function.
pub fn mask_addresses(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_hexdigit()).len();
        out.push_str(if digits == 0 { "0x" } else { "0x..." });
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// The lines of several programs, `(time, process, text)`, in the order the golden
/// transcripts of a server and its clients keep: by time, grouped into instants (a gap of
/// more than [`INSTANT`] starts a new one), and within an instant each program's lines in
/// their order, the first program's first. Two processes that act within microseconds of
/// each other (a client sends, the server echoes) interleave their lines as the kernel's
/// scheduler decides under CPython; this order is the one that does not depend on it.
pub fn merge_by_instant(mut lines: Vec<(f64, ProcessId, String)>) -> Vec<String> {
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged = Vec::with_capacity(lines.len());
    let mut instant: Vec<(f64, ProcessId, String)> = Vec::new();
    let mut flush = |instant: &mut Vec<(f64, ProcessId, String)>| {
        instant.sort_by_key(|l| l.1);
        merged.extend(instant.drain(..).map(|l| l.2));
    };
    for line in lines {
        if instant.last().is_some_and(|prev| line.0 - prev.0 > INSTANT) {
            flush(&mut instant);
        }
        instant.push(line);
    }
    flush(&mut instant);
    merged
}

/// A blocking call in words, as the timeline and the notes name it.
pub fn blocking_text(on: Blocking) -> String {
    match on {
        Blocking::Accept { fd } => format!("accept() on fd {fd}"),
        Blocking::Recv { fd } => format!("recv() on fd {fd}"),
        Blocking::Send { fd } => format!("send() on fd {fd}"),
        Blocking::Connect { fd } => format!("connect() on fd {fd}"),
        Blocking::Select { call } => format!("select() (call {})", call + 1),
        Blocking::Sleep => "time.sleep()".to_string(),
        Blocking::EventLoop => "the event loop's select()".to_string(),
    }
}

/// A printed line with where and when it came from, for the console.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line<'a> {
    pub time: f64,
    pub task: Option<TaskId>,
    pub stream: Stream,
    pub text: &'a str,
    /// The process that printed it (0 in a run of one program).
    pub process: ProcessId,
    /// Its program's label (`server`) in a run of several programs; empty otherwise.
    pub label: &'static str,
}

impl Trace {
    /// Records a `select.select` call; its number.
    pub fn select_called(&mut self, call: SelectCall) -> u32 {
        self.selects.push(call);
        self.selects.len() as u32 - 1
    }

    /// Every `select.select` call so far, in order.
    pub fn selects(&self) -> &[SelectCall] {
        &self.selects
    }

    pub(crate) fn select_mut(&mut self, call: u32) -> Option<&mut SelectCall> {
        self.selects.get_mut(call as usize)
    }

    /// Names the processes of a run of several programs (their lines get these labels).
    pub fn set_processes(&mut self, names: Vec<&'static str>) {
        self.processes = names;
    }

    /// The processes' labels, by process (empty in a run of one program).
    pub fn processes(&self) -> &[&'static str] {
        &self.processes
    }

    /// A process's label (empty in a run of one program).
    pub fn process_name(&self, process: ProcessId) -> &'static str {
        self.processes.get(process.0 as usize).copied().unwrap_or("")
    }

    /// The labelled lines merged by instant ([`merge_by_instant`]): what the golden
    /// transcripts of a server and its clients hold.
    pub fn merged_transcript(&self) -> Vec<String> {
        merge_by_instant(self.lines().map(|l| (l.time, l.process, self.labelled(&l))).collect())
    }

    /// The line as the CLI prints it: `server: text` in a run of several programs, else as
    /// printed.
    pub fn labelled(&self, line: &Line<'_>) -> String {
        match self.process_name(line.process) {
            "" => line.text.to_string(),
            name => format!("{name}: {}", line.text),
        }
    }

    pub fn push(&mut self, time: f64, kind: EventKind) {
        if self.len % CHUNK == 0 {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        self.chunks.last_mut().expect("a chunk with room was just ensured").push(Event { time, kind });
        self.len += 1;
    }

    /// Keeps `text` in the arena, for a `Print` or `TaskDone` event.
    pub fn intern(&mut self, text: &str) -> Text {
        let start = self.texts.len() as u32;
        self.texts.push_str(text);
        Text { start, len: text.len() as u32 }
    }

    pub fn text(&self, text: Text) -> &str {
        &self.texts[text.start as usize..(text.start + text.len) as usize]
    }

    /// Heap bytes the trace holds (its events and its text arena).
    pub fn heap_bytes(&self) -> usize {
        self.chunks.iter().map(|c| c.capacity() * std::mem::size_of::<Event>()).sum::<usize>()
            + self.chunks.capacity() * std::mem::size_of::<Vec<Event>>()
            + self.texts.capacity()
    }

    /// How many events there are.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, index: usize) -> Option<&Event> {
        self.chunks.get(index / CHUNK)?.get(index % CHUNK)
    }

    pub fn last(&self) -> Option<&Event> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// Events from `from` on, in order.
    pub fn events_from(&self, from: usize) -> impl Iterator<Item = &Event> {
        let from = from.min(self.len);
        let (chunk, offset) = (from / CHUNK, from % CHUNK);
        self.chunks.iter().skip(chunk).enumerate().flat_map(move |(i, c)| c[if i == 0 { offset } else { 0 }..].iter())
    }

    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.events_from(0)
    }

    /// Printed lines from event `from` on (the console reads them in batches).
    pub fn lines_from(&self, from: usize) -> impl Iterator<Item = Line<'_>> {
        self.events_from(from).filter_map(|e| match e.kind {
            EventKind::Print { task, stream, text, process } => Some(Line {
                time: e.time,
                task,
                stream,
                text: self.text(text),
                process,
                label: self.process_name(process),
            }),
            _ => None,
        })
    }

    pub fn lines(&self) -> impl Iterator<Item = Line<'_>> {
        self.lines_from(0)
    }

    /// Exactly what the Python program prints, stdout and stderr interleaved.
    pub fn transcript(&self) -> Vec<String> {
        self.lines().map(|l| l.text.to_string()).collect()
    }

    /// Tasks in the order they finished, with when.
    pub fn completions(&self) -> impl Iterator<Item = (f64, TaskId, Outcome)> + '_ {
        self.events().filter_map(|e| match e.kind {
            EventKind::TaskDone { task, outcome } => Some((e.time, task, outcome)),
            _ => None,
        })
    }

    /// How many iterations of `_run_once` ran.
    pub fn iterations(&self) -> u32 {
        self.events()
            .filter_map(|e| match e.kind {
                EventKind::Iteration { number, .. } => Some(number),
                _ => None,
            })
            .last()
            .unwrap_or(0)
    }

    /// The readable log that `playground run --trace` prints: iterations, task
    /// switches and timers with virtual times, printed lines marked `>`.
    pub fn render(&self) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.events() {
            let t = format!("{:>9.4}", e.time);
            let text = match &e.kind {
                EventKind::Iteration { number, ready } => {
                    format!("{t} -- iteration {number}: {ready} ready")
                }
                EventKind::ClockAdvanced { from } => {
                    format!("{t}    (idle since {from:.4}: waited for the earliest timer)")
                }
                EventKind::Queued { callback, .. } => format!("{t}    call_soon {callback}"),
                EventKind::TimerSet { callback, when, .. } => {
                    format!("{t}    call_at {when:.4} {callback}")
                }
                EventKind::TimerFired { .. } => continue,
                EventKind::HandleRun { callback, .. } => format!("{t}  run {callback}"),
                EventKind::TaskCreated { task, coro } => format!("{t}    {task} created: {coro}()"),
                EventKind::TaskWaiting { task, on } => format!("{t}    {task} waits for {on}"),
                EventKind::TaskDone { task, outcome } => match outcome {
                    Outcome::Returned(r) => format!("{t}    {task} done: returned {}", self.text(*r)),
                    Outcome::Raised(e) => format!("{t}    {task} done: raised {}", self.text(*e)),
                    Outcome::Cancelled => format!("{t}    {task} done: cancelled"),
                },
                EventKind::Print { task, text, process, .. } => {
                    let text = self.text(*text);
                    let text = match self.process_name(*process) {
                        "" => text.to_string(),
                        name => format!("{name}: {text}"),
                    };
                    match task {
                        Some(task) => format!("{t}    > {text}    [{task}]"),
                        None => format!("{t}    > {text}"),
                    }
                }
                EventKind::Stopped => format!("{t} -- loop stopped"),
                EventKind::ProcessWaiting { process, on } => {
                    format!("{t} == {} waits in {}", self.process_name(*process), blocking_text(*on))
                }
                EventKind::ProcessRunning { process } => format!("{t} == {} runs", self.process_name(*process)),
                EventKind::ProcessEnded { process } => format!("{t} == {} ended", self.process_name(*process)),
                EventKind::SelectCalled { call } => match self.selects.get(*call as usize) {
                    Some(c) => format!(
                        "{t} == {} calls select(read={:?}, write={:?}, error={:?}, timeout={:?})",
                        self.process_name(c.process),
                        c.read,
                        c.write,
                        c.error,
                        c.timeout
                    ),
                    None => continue,
                },
                EventKind::SelectReturned { call } => match self.selects.get(*call as usize) {
                    Some(SelectCall { process, returned: Some((_, [r, w, x])), .. }) => format!(
                        "{t} == {}'s select returns readable={r:?}, writable={w:?}, errors={x:?}",
                        self.process_name(*process)
                    ),
                    _ => continue,
                },
            };
            out.push(text);
        }
        out
    }
}
