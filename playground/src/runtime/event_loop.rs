//! The event loop: a ready queue, a heap of timers, and `run_once`, one
//! iteration of CPython's `BaseEventLoop._run_once` (`base_events.py`).
//!
//! The clock is virtual. When nothing is ready, `run_once` does not sleep: it
//! reports the earliest deadline and returns, and its driver moves the clock
//! there (natively at once; in the page when the one browser timer fires).

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};
use std::rc::Rc;

use super::exception::{Exception, PyResult};
use super::future::{AnyFuture, Future};
use super::network::{Blocking, Network, ProcessId, Readiness, SocketId, Wakeup};
use super::task::TaskRecord;
use crate::trace::{CallbackName, EventKind, HandleId, Stream, TaskId, Trace};

/// What a handle does when the loop runs it.
pub struct Callable(ActionKind);

enum ActionKind {
    Call(Box<dyn FnOnce()>),
    /// A task's `__step`/`__wakeup`: the commonest handle by far, kept as a
    /// reference to the task so that no closure is allocated per step.
    Step(Rc<dyn Steppable>),
    /// The timer of `asyncio.sleep`: `futures._set_result_unless_cancelled`.
    /// Once its future is done (cancelled with the sleeping task) the timer
    /// counts as cancelled, as `sleep` cancels it in its `finally`.
    SleepDone(Future<()>),
}

impl std::fmt::Debug for Callable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            ActionKind::Call(_) => "Callable::Call",
            ActionKind::Step(_) => "Callable::Step",
            ActionKind::SleepDone(_) => "Callable::SleepDone",
        })
    }
}

/// A task (or any handle that may be preempted and resumed), as the loop steps it.
pub(crate) trait Steppable {
    fn step(self: Rc<Self>);
}

impl Callable {
    pub fn call(run: impl FnOnce() + 'static) -> Callable {
        Callable(ActionKind::Call(Box::new(run)))
    }

    pub(crate) fn step(task: Rc<dyn Steppable>) -> Callable {
        Callable(ActionKind::Step(task))
    }

    fn run(self) {
        match self.0 {
            ActionKind::Call(run) => run(),
            ActionKind::Step(task) => task.step(),
            ActionKind::SleepDone(future) => {
                // Only this timer completes a sleep's future; a cancelled
                // one is done already and makes this a no-op.
                let _ = future.set_result(());
            }
        }
    }

    fn is_dead(&self) -> bool {
        matches!(&self.0, ActionKind::SleepDone(future) if future.done())
    }
}

/// A callback waiting in the ready queue or the timer heap (`events.Handle`).
struct Handle {
    id: HandleId,
    callback: CallbackName,
    run: Callable,
    /// Shared with a [`HandleRef`] when the caller may cancel it.
    cancelled: Option<Rc<Cell<bool>>>,
    /// A handle continued after it was preempted: it already counts as run.
    resumed: bool,
}

impl Handle {
    fn cancelled(&self) -> bool {
        self.cancelled.as_ref().is_some_and(|c| c.get()) || self.run.is_dead()
    }
}

/// Lets the code that scheduled a callback cancel it (`Handle.cancel()`).
#[derive(Clone, Debug)]
pub struct HandleRef {
    cancelled: Rc<Cell<bool>>,
}

impl HandleRef {
    pub fn cancel(&self) {
        self.cancelled.set(true);
    }

    pub fn cancelled(&self) -> bool {
        self.cancelled.get()
    }
}

/// A timer's key in the heap (`events.TimerHandle`), ordered by `(when, seq)`:
/// CPython orders by `when` alone, but equal delays set one after another get
/// increasing monotonic deadlines there, so they fire in the order set.
struct TimerKey {
    when: f64,
    seq: u32,
    /// Where its handle is in [`Timers::slab`].
    slot: u32,
}

impl PartialEq for TimerKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for TimerKey {}
impl PartialOrd for TimerKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for TimerKey {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest timer.
    fn cmp(&self, other: &Self) -> Ordering {
        other.when.total_cmp(&self.when).then(other.seq.cmp(&self.seq))
    }
}

/// The loop's `_scheduled` heap: the keys in a binary heap and the handles
/// beside it in a slab, so that sifting moves 16-byte keys, not handles.
#[derive(Default)]
struct Timers {
    heap: BinaryHeap<TimerKey>,
    slab: Vec<Option<Handle>>,
    free: Vec<u32>,
}

impl Timers {
    fn push(&mut self, when: f64, handle: Handle) {
        let seq = handle.id.0;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slab[slot as usize] = Some(handle);
                slot
            }
            None => {
                self.slab.push(Some(handle));
                (self.slab.len() - 1) as u32
            }
        };
        self.heap.push(TimerKey { when, seq, slot });
    }

    /// The earliest timer.
    fn peek(&self) -> Option<(f64, &Handle)> {
        self.heap.peek().map(|k| (k.when, self.handle(k)))
    }

    fn pop(&mut self) -> Option<Handle> {
        let key = self.heap.pop()?;
        self.free.push(key.slot);
        Some(self.slab[key.slot as usize].take().expect("a key in the heap has its handle in the slab"))
    }

    fn handle(&self, key: &TimerKey) -> &Handle {
        self.slab[key.slot as usize].as_ref().expect("a key in the heap has its handle in the slab")
    }

    /// Every timer, in no order: `(when, seq, handle)`.
    fn iter(&self) -> impl Iterator<Item = (f64, u32, &Handle)> {
        self.heap.iter().map(|k| (k.when, k.seq, self.handle(k)))
    }

    /// The `max` earliest timers, earliest first, in O(max log max) whatever
    /// the heap holds: a best-first walk down the heap from its root. It
    /// reads the heap's array as the binary heap it is (a node's children at
    /// `2i+1` and `2i+2`, none earlier than it); `std` documents that order
    /// as unspecified, so `earliest_timers_are_the_sorted_heap_s_front` in
    /// the runtime's tests pins it against a full sort.
    fn earliest(&self, max: usize) -> Vec<&TimerKey> {
        let keys = self.heap.as_slice();
        let mut out = Vec::with_capacity(max.min(keys.len()));
        // The frontier: nodes whose parents are out, earliest first
        // (`TimerKey`'s order is reversed, so the max-heap pops the earliest).
        let mut frontier: BinaryHeap<Frontier<'_>> = BinaryHeap::new();
        if let Some(root) = keys.first() {
            frontier.push(Frontier(root, 0));
        }
        while out.len() < max {
            let Some(Frontier(key, i)) = frontier.pop() else {
                break;
            };
            out.push(key);
            for child in [2 * i + 1, 2 * i + 2] {
                if let Some(k) = keys.get(child) {
                    frontier.push(Frontier(k, child));
                }
            }
        }
        out
    }

    fn clear(&mut self) {
        self.heap.clear();
        self.slab.clear();
        self.free.clear();
    }
}

/// A heap node on the walk of [`Timers::earliest`], ordered by its key.
struct Frontier<'a>(&'a TimerKey, usize);

impl PartialEq for Frontier<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl Eq for Frontier<'_> {}
impl PartialOrd for Frontier<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Frontier<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(other.0)
    }
}

/// A handle as the step-by-step view lists it: what it will call, and
/// whether it was cancelled (CPython leaves a cancelled handle where it is,
/// in `_ready` or `_scheduled`, until the loop reaches it and skips it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Queued {
    pub callback: CallbackName,
    pub cancelled: bool,
}

/// A timer as the step-by-step view lists it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueuedTimer {
    pub when: f64,
    pub callback: CallbackName,
    pub cancelled: bool,
}

/// What one call of [`EventLoop::run_once`] got to.
#[derive(Clone, Debug, PartialEq)]
pub enum RunOnce {
    /// The iteration is not finished (the handle budget ran out); call again.
    Busy,
    /// The iteration finished; call again for the next one.
    IterationDone,
    /// Nothing is ready: the loop must wait until this virtual time, when the
    /// earliest timer is due. Move the clock with [`EventLoop::advance_to`].
    WaitUntil(f64),
    /// Nothing is ready and no timer is set: CPython would block forever.
    Idle,
    /// Nothing is ready: the loop waits in its selector for a watched socket (or its earliest
    /// timer), or a handle blocks the whole loop in a blocking socket call. Another process of
    /// the run must act; call again when the wake-up is over.
    Wait(Wakeup),
}

/// What a task's coroutine handed to its task when it suspended, as a
/// coroutine `yield`s to `Task.__step` in CPython.
pub(crate) enum Yielded {
    /// `yield fut` from `Future.__await__`: wake me when `fut` is done.
    Future(Rc<dyn super::future::AnyFuture>),
    /// A bare `yield` (`asyncio.sleep(0)`): run me again in the next iteration.
    Bare,
}

/// A handle that stopped in the middle (an interpreter's slice of work ran out, or its
/// program called `time.sleep` or a blocking socket call) and must go on before anything
/// else runs.
pub(crate) struct Preempt {
    /// How to continue it; set by the task or callback the handle runs.
    pub(crate) again: Option<Callable>,
    /// Continue only once this wait is over (`time.sleep`, a blocking `recv`, ...).
    pub(crate) wake: Option<Wakeup>,
}

/// A socket the selector watches for a task (`loop.sock_recv` and the like, as
/// `add_reader`/`add_writer` register them): when it is ready, the loop completes `future`.
struct Watch {
    socket: SocketId,
    readiness: Readiness,
    fd: u32,
    future: Future<()>,
}

pub(crate) struct LoopState {
    ready: RefCell<VecDeque<Handle>>,
    scheduled: RefCell<Timers>,
    time: Cell<f64>,
    /// Handles still to run in the current iteration (0 between iterations).
    left_in_iteration: Cell<usize>,
    iteration: Cell<u32>,
    next_handle: Cell<u32>,
    next_future: Cell<u32>,
    stopping: Cell<bool>,
    running: Cell<bool>,
    closed: Cell<bool>,
    pub(crate) trace: RefCell<Trace>,
    /// Every task, in creation order, for what CPython logs at exit.
    pub(crate) tasks: RefCell<Vec<Rc<dyn TaskRecord>>>,
    pub(crate) current_task: Cell<Option<TaskId>>,
    /// Set by a suspending awaitable, taken by the task that stepped it.
    pub(crate) yielded: RefCell<Option<Yielded>>,
    /// `Task._must_cancel` of the running task: the awaitable it resumes in
    /// raises `CancelledError` instead of returning.
    pub(crate) throw_cancel: Cell<bool>,
    /// The message of that `CancelledError` (`Task.cancel(msg)`), if any.
    pub(crate) cancel_message: RefCell<Option<String>>,
    /// Set when the running handle (or the top-level script) was preempted.
    pub(crate) preempt: RefCell<Option<Preempt>>,
    /// The run's network, which its processes' sockets live on.
    network: Network,
    /// The process whose code runs now (its prints and sockets are its own).
    process: Cell<ProcessId>,
    /// The sockets the selector watches, in the order registered.
    watches: RefCell<Vec<Watch>>,
}

impl LoopState {
    /// The `CancelledError` thrown into the running task (see `throw_cancel`).
    pub(crate) fn thrown_cancel(&self) -> Exception {
        Exception::cancelled_with(self.cancel_message.borrow_mut().take())
    }
}

/// asyncio's event loop. Cheap to clone: clones share one loop.
#[derive(Clone)]
pub struct EventLoop {
    pub(crate) state: Rc<LoopState>,
}

thread_local! {
    static CURRENT: RefCell<Option<EventLoop>> = const { RefCell::new(None) };
}

/// `asyncio.get_event_loop()`: the loop of the run in progress.
///
/// Panics outside a run: examples only call it from their program, which a
/// [`crate::Run`] executes with its loop set as current.
pub fn get_event_loop() -> EventLoop {
    CURRENT.with(|c| c.borrow().clone()).expect("asyncio is used inside a Run, which sets the current loop")
}

/// The loop of the run in progress, if any.
pub fn current_loop() -> Option<EventLoop> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Makes `lp` the current loop until the guard is dropped.
pub(crate) struct CurrentLoop(Option<EventLoop>);

impl CurrentLoop {
    pub(crate) fn enter(lp: &EventLoop) -> CurrentLoop {
        CurrentLoop(CURRENT.with(|c| c.replace(Some(lp.clone()))))
    }
}

impl Drop for CurrentLoop {
    fn drop(&mut self) {
        CURRENT.with(|c| *c.borrow_mut() = self.0.take());
    }
}

impl std::fmt::Debug for EventLoop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventLoop")
            .field("time", &self.time())
            .field("iteration", &self.iteration())
            .field("ready", &self.state.ready.borrow().len())
            .field("scheduled", &self.state.scheduled.borrow().heap.len())
            .field("running", &self.is_running())
            .field("closed", &self.is_closed())
            .finish()
    }
}

impl Default for EventLoop {
    fn default() -> Self {
        Self::new()
    }
}

impl EventLoop {
    pub fn new() -> EventLoop {
        EventLoop {
            state: Rc::new(LoopState {
                ready: RefCell::new(VecDeque::new()),
                scheduled: RefCell::new(Timers::default()),
                time: Cell::new(0.0),
                left_in_iteration: Cell::new(0),
                iteration: Cell::new(0),
                next_handle: Cell::new(0),
                next_future: Cell::new(0),
                stopping: Cell::new(false),
                running: Cell::new(false),
                closed: Cell::new(false),
                trace: RefCell::new(Trace::default()),
                tasks: RefCell::new(Vec::new()),
                current_task: Cell::new(None),
                yielded: RefCell::new(None),
                throw_cancel: Cell::new(false),
                cancel_message: RefCell::new(None),
                preempt: RefCell::new(None),
                network: Network::new(),
                process: Cell::new(ProcessId(0)),
                watches: RefCell::new(Vec::new()),
            }),
        }
    }

    /// `loop.time()`: the virtual clock, in seconds.
    pub fn time(&self) -> f64 {
        self.state.time.get()
    }

    pub(crate) fn trace(&self, kind: EventKind) {
        let time = self.time();
        self.state.trace.borrow_mut().push(time, kind);
    }

    fn new_handle(&self, callback: CallbackName, run: Callable, cancellable: bool) -> (Handle, Option<HandleRef>) {
        let id = HandleId(self.state.next_handle.get());
        self.state.next_handle.set(id.0 + 1);
        let cancelled = cancellable.then(|| Rc::new(Cell::new(false)));
        let handle_ref = cancelled.clone().map(|cancelled| HandleRef { cancelled });
        (Handle { id, callback, run, cancelled, resumed: false }, handle_ref)
    }

    pub(crate) fn next_future_id(&self) -> crate::trace::FutureId {
        let id = self.state.next_future.get();
        self.state.next_future.set(id + 1);
        crate::trace::FutureId(id)
    }

    /// `loop.call_soon(callback)`: append to the back of the ready queue.
    pub fn call_soon(&self, callback: CallbackName, run: impl FnOnce() + 'static) -> HandleRef {
        self.push_ready(callback, Callable::call(run), true).expect("a cancellable handle has a HandleRef")
    }

    /// `call_soon` of a callback that may be preempted and continued (an
    /// interpreter's Python callback).
    pub(crate) fn call_soon_callable(&self, callback: CallbackName, run: Callable) -> HandleRef {
        self.push_ready(callback, run, true).expect("a cancellable handle has a HandleRef")
    }

    /// `call_at` of a callback that may be preempted and continued.
    pub(crate) fn call_at_callable(&self, when: f64, callback: CallbackName, run: Callable) -> HandleRef {
        let (handle, handle_ref) = self.new_handle(callback, run, true);
        self.trace(EventKind::TimerSet { handle: handle.id, callback, when });
        self.state.scheduled.borrow_mut().push(when, handle);
        handle_ref.expect("a cancellable handle has a HandleRef")
    }

    /// `call_soon` for the runtime's own callbacks (task steps, done
    /// callbacks), which nobody cancels: no cancel flag to allocate.
    pub(crate) fn call_soon_internal(&self, callback: CallbackName, run: Callable) {
        self.push_ready(callback, run, false);
    }

    fn push_ready(&self, callback: CallbackName, run: Callable, cancellable: bool) -> Option<HandleRef> {
        let (handle, handle_ref) = self.new_handle(callback, run, cancellable);
        self.trace(EventKind::Queued { handle: handle.id, callback });
        self.state.ready.borrow_mut().push_back(handle);
        handle_ref
    }

    /// `loop.call_later(delay, callback)` = `call_at(time() + delay, callback)`.
    pub fn call_later(&self, delay: f64, callback: CallbackName, run: impl FnOnce() + 'static) -> HandleRef {
        self.call_at(self.time() + delay, callback, run)
    }

    /// `loop.call_at(when, callback)`: push a timer into the heap.
    pub fn call_at(&self, when: f64, callback: CallbackName, run: impl FnOnce() + 'static) -> HandleRef {
        let (handle, handle_ref) = self.new_handle(callback, Callable::call(run), true);
        self.trace(EventKind::TimerSet { handle: handle.id, callback, when });
        self.state.scheduled.borrow_mut().push(when, handle);
        handle_ref.expect("a cancellable handle has a HandleRef")
    }

    /// `call_at(when, _set_result_unless_cancelled, future)`: the timer of
    /// `asyncio.sleep`, cancelled by the future being done.
    pub(crate) fn call_at_sleep_done(&self, when: f64, future: Future<()>) {
        let callback = CallbackName::SleepDone(future.id());
        let (handle, _) = self.new_handle(callback, Callable(ActionKind::SleepDone(future)), false);
        self.trace(EventKind::TimerSet { handle: handle.id, callback, when });
        self.state.scheduled.borrow_mut().push(when, handle);
    }

    /// `loop.create_future()`.
    pub fn create_future<T: Clone + 'static>(&self) -> Future<T> {
        Future::new(self)
    }

    /// `loop.stop()`: only sets a flag; the current iteration finishes first.
    pub fn stop(&self) {
        self.state.stopping.set(true);
    }

    pub fn is_running(&self) -> bool {
        self.state.running.get()
    }

    pub fn is_closed(&self) -> bool {
        self.state.closed.get()
    }

    /// `loop.close()`: drops what is queued. Pending tasks are reported when the
    /// program exits (see [`crate::Run`]), as CPython reports them when they
    /// are garbage-collected. Closing a closed loop does nothing; closing a
    /// running one raises, as `BaseEventLoop.close` does.
    pub fn close(&self) -> PyResult<()> {
        if self.is_running() {
            return Err(Exception::new("RuntimeError", "Cannot close a running event loop"));
        }
        self.state.closed.set(true);
        self.state.ready.borrow_mut().clear();
        self.state.scheduled.borrow_mut().clear();
        self.state.watches.borrow_mut().clear();
        Ok(())
    }

    /// `_check_closed` and `_check_running`, with CPython's messages.
    pub(crate) fn check_can_run(&self) -> PyResult<()> {
        if self.is_closed() {
            return Err(Exception::new("RuntimeError", "Event loop is closed"));
        }
        if self.is_running() {
            return Err(Exception::new("RuntimeError", "This event loop is already running"));
        }
        Ok(())
    }

    pub(crate) fn start_running(&self) {
        self.state.running.set(true);
    }

    /// A program's `asyncio.new_event_loop()` after it closed its loop: the run has one
    /// loop, opened again (its tasks and clock go on).
    pub fn reopen(&self) {
        self.state.closed.set(false);
        self.state.stopping.set(false);
    }

    /// Moves the virtual clock forward to `when` (the deadline that
    /// [`run_once`](Self::run_once) asked to wait for). The clock never goes back.
    pub fn advance_to(&self, when: f64) {
        let from = self.time();
        if when > from {
            self.state.time.set(when);
            self.trace(EventKind::ClockAdvanced { from });
        }
    }

    /// Handles waiting in the ready queue, front first: the step-by-step view.
    pub fn ready_callbacks(&self) -> Vec<CallbackName> {
        self.state.ready.borrow().iter().filter(|h| !h.cancelled()).map(|h| h.callback).collect()
    }

    /// How many handles at the front of the ready queue belong to the
    /// iteration in progress (0 between iterations); the rest were queued
    /// during it and wait for the next one.
    pub fn left_in_iteration(&self) -> usize {
        self.state.left_in_iteration.get()
    }

    /// A handle was preempted in the middle of its code (its slice of work ran out) and goes on
    /// first at the next step: the step-by-step view finishes it before it reports.
    pub fn handle_in_progress(&self) -> bool {
        self.state.left_in_iteration.get() > 0 && self.state.ready.borrow().front().is_some_and(|h| h.resumed)
    }

    /// How many iterations of `_run_once` have begun.
    pub fn iteration(&self) -> u32 {
        self.state.iteration.get()
    }

    /// How many handles the ready queue holds, cancelled ones included
    /// (`len(loop._ready)`). O(1), for views of big runs.
    pub fn ready_len(&self) -> usize {
        self.state.ready.borrow().len()
    }

    /// At most `max` handles of the ready queue from position `from` (0 is
    /// the front), cancelled ones included. O(max), whatever the queue holds.
    pub fn ready_window(&self, from: usize, max: usize) -> Vec<Queued> {
        let ready = self.state.ready.borrow();
        ready
            .range(from.min(ready.len())..)
            .take(max)
            .map(|h| Queued { callback: h.callback, cancelled: h.cancelled() })
            .collect()
    }

    /// How many timers the heap holds, cancelled ones included
    /// (`len(loop._scheduled)`). O(1).
    pub fn timer_count(&self) -> usize {
        self.state.scheduled.borrow().heap.len()
    }

    /// The `max` earliest timers, ordered by `(when, seq)`, cancelled ones
    /// included. O(max log max), whatever the heap holds.
    pub fn earliest_timers(&self, max: usize) -> Vec<QueuedTimer> {
        let scheduled = self.state.scheduled.borrow();
        scheduled
            .earliest(max)
            .into_iter()
            .map(|k| {
                let handle = scheduled.handle(k);
                QueuedTimer { when: k.when, callback: handle.callback, cancelled: handle.cancelled() }
            })
            .collect()
    }

    /// Timers in the heap, earliest first, with their deadlines.
    pub fn scheduled_callbacks(&self) -> Vec<(f64, CallbackName)> {
        let mut timers: Vec<(f64, u32, CallbackName)> = self
            .state
            .scheduled
            .borrow()
            .iter()
            .filter(|(_, _, handle)| !handle.cancelled())
            .map(|(when, seq, handle)| (when, seq, handle.callback))
            .collect();
        timers.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        timers.into_iter().map(|(when, _, cb)| (when, cb)).collect()
    }

    /// One iteration of `_run_once`, resumable: runs at most `budget` handles
    /// and returns [`RunOnce::Busy`] if the iteration has more, so that a
    /// browser can paint between batches without changing the order.
    pub fn run_once(&self, budget: usize) -> RunOnce {
        let st = &self.state;
        if st.left_in_iteration.get() == 0 {
            // 1. Drop cancelled timers at the head of the heap.
            {
                let mut scheduled = st.scheduled.borrow_mut();
                while scheduled.peek().is_some_and(|(_, handle)| handle.cancelled()) {
                    scheduled.pop();
                }
            }
            // 2. Nothing ready: wait in the selector until the earliest deadline
            // (the driver moves the clock) or a watched socket is ready (another
            // process acts). When stopping, CPython polls with timeout 0.
            if st.ready.borrow().is_empty() && !st.stopping.get() && !self.any_watch_ready() {
                let watched = self.watched();
                let earliest = st.scheduled.borrow().peek().map(|(when, _)| when);
                match earliest {
                    Some(when) if when <= self.time() => {}
                    until if !watched.is_empty() => {
                        return RunOnce::Wait(Wakeup { until, sockets: watched, why: Blocking::EventLoop })
                    }
                    None => return RunOnce::Idle,
                    Some(when) => return RunOnce::WaitUntil(when),
                }
            }
            // 3. The selector's events: each watched socket that is ready puts its
            // callback in `ready` (`_process_events`), in the order watched.
            self.process_io_events();
            // 4. Move every due timer into `ready`, in heap order.
            loop {
                let now = self.time();
                let due = {
                    let mut scheduled = st.scheduled.borrow_mut();
                    if scheduled.peek().is_some_and(|(when, _)| when <= now) {
                        scheduled.pop()
                    } else {
                        None
                    }
                };
                match due {
                    Some(handle) => {
                        self.trace(EventKind::TimerFired { handle: handle.id });
                        st.ready.borrow_mut().push_back(handle);
                    }
                    None => break,
                }
            }
            // 5. "This is the only place where callbacks are actually *called*.
            // All other places just add them to ready." Run exactly the handles
            // ready now; callbacks they queue wait for the next iteration.
            let n = st.ready.borrow().len();
            // Give back a burst's memory (CPython's deque frees its blocks).
            {
                let mut ready = st.ready.borrow_mut();
                if ready.capacity() > 4096 && n < ready.capacity() / 8 {
                    ready.shrink_to(n * 2);
                }
            }
            st.iteration.set(st.iteration.get() + 1);
            self.trace(EventKind::Iteration { number: st.iteration.get(), ready: n as u32 });
            st.left_in_iteration.set(n);
        }
        let mut ran = 0;
        while st.left_in_iteration.get() > 0 {
            if ran == budget {
                return RunOnce::Busy;
            }
            st.left_in_iteration.set(st.left_in_iteration.get() - 1);
            let handle = st.ready.borrow_mut().pop_front().expect("ready holds the handles counted for this iteration");
            if handle.cancelled() {
                continue;
            }
            if !handle.resumed {
                self.trace(EventKind::HandleRun { handle: handle.id, callback: handle.callback });
            }
            let (id, callback) = (handle.id, handle.callback);
            handle.run.run();
            ran += 1;
            // Preempted: the same handle goes on first, before anything else runs, so the
            // order stays CPython's.
            let preempt = st.preempt.borrow_mut().take();
            if let Some(Preempt { again: Some(again), wake }) = preempt {
                st.ready.borrow_mut().push_front(Handle { id, callback, run: again, cancelled: None, resumed: true });
                st.left_in_iteration.set(st.left_in_iteration.get() + 1);
                return match wake {
                    Some(w) if w.is_over(self.time(), &st.network) => RunOnce::Busy,
                    Some(Wakeup { until: Some(when), sockets, .. }) if sockets.is_empty() => RunOnce::WaitUntil(when),
                    Some(w) => RunOnce::Wait(w),
                    None => RunOnce::Busy,
                };
            }
        }
        RunOnce::IterationDone
    }

    /// The running task, callback or script stops here and must be continued (its slice of
    /// work is used up, or it sleeps until `until`): see [`RunOnce::Busy`].
    pub fn request_preempt(&self, until: Option<f64>) {
        let wake = until.map(|t| Wakeup::at(t, Blocking::Sleep));
        *self.state.preempt.borrow_mut() = Some(Preempt { again: None, wake });
    }

    /// The running task, callback or script blocks in a socket call (or `select`) until
    /// `wake` is over: its whole process waits, as a blocking call blocks a thread.
    pub fn request_block(&self, wake: Wakeup) {
        *self.state.preempt.borrow_mut() = Some(Preempt { again: None, wake: Some(wake) });
    }

    /// Whether the running code asked to be continued.
    pub(crate) fn preempt_requested(&self) -> bool {
        self.state.preempt.borrow().is_some()
    }

    /// The handle being preempted says how to continue it.
    pub(crate) fn set_preempt_again(&self, again: Callable) {
        if let Some(p) = self.state.preempt.borrow_mut().as_mut() {
            p.again = Some(again);
        }
    }

    /// For the top-level script: the preemption it asked for, if any, with what it waits for.
    pub(crate) fn take_preempt(&self) -> Option<Option<Wakeup>> {
        self.state.preempt.borrow_mut().take().map(|p| p.wake)
    }

    /// Ends `run_forever` after a finished iteration if `stop()` was called.
    pub(crate) fn take_stop(&self) -> bool {
        if self.state.stopping.get() && self.state.left_in_iteration.get() == 0 {
            self.state.stopping.set(false);
            self.state.running.set(false);
            self.trace(EventKind::Stopped);
            true
        } else {
            false
        }
    }

    /// Python's `print` (stdout), attributed to the running task.
    pub fn print(&self, text: impl Into<String>) {
        self.emit(Stream::Stdout, text.into());
    }

    /// A line on stderr: the loop's logger and Python's warnings.
    pub fn log(&self, text: impl Into<String>) {
        self.emit(Stream::Stderr, text.into());
    }

    fn emit(&self, stream: Stream, text: String) {
        let task = self.state.current_task.get();
        let process = self.state.process.get();
        let text = self.state.trace.borrow_mut().intern(&text);
        self.trace(EventKind::Print { task, stream, text, process });
    }

    /// A program calls `select.select`: the call goes into the trace; its number.
    pub fn select_called(&self, call: crate::trace::SelectCall) -> u32 {
        let n = self.state.trace.borrow_mut().select_called(call);
        self.trace(EventKind::SelectCalled { call: n });
        n
    }

    /// The `select.select` call `call` returns these ready lists.
    pub fn select_returned(&self, call: u32, ready: [Vec<String>; 3]) {
        let time = self.time();
        if let Some(c) = self.state.trace.borrow_mut().select_mut(call) {
            c.returned = Some((time, ready));
        }
        self.trace(EventKind::SelectReturned { call });
    }

    /// The run's network.
    pub fn network(&self) -> &Network {
        &self.state.network
    }

    /// The process whose code runs now.
    pub fn process(&self) -> ProcessId {
        self.state.process.get()
    }

    /// The run switches to another process's code.
    pub(crate) fn set_process(&self, process: ProcessId) {
        self.state.process.set(process);
    }

    /// The selector watches `socket` for `readiness` for a task: `future` is completed in the
    /// first iteration that finds it ready (a cancelled future just stops the watch).
    pub fn watch(&self, socket: SocketId, readiness: Readiness, future: Future<()>) {
        let fd = self.state.network.fileno(socket).unwrap_or(0);
        self.state.watches.borrow_mut().push(Watch { socket, readiness, fd, future });
    }

    /// The sockets the selector watches (live watches only).
    fn watched(&self) -> Vec<(SocketId, Readiness)> {
        self.state.watches.borrow().iter().filter(|w| !w.future.done()).map(|w| (w.socket, w.readiness)).collect()
    }

    fn any_watch_ready(&self) -> bool {
        let net = &self.state.network;
        self.state.watches.borrow().iter().any(|w| !w.future.done() && net.is_ready(w.socket, w.readiness))
    }

    /// Step 3 of `run_once`: the ready sockets' callbacks join `ready`, in the order the
    /// sockets became ready (epoll's ready list); the rest stay watched.
    fn process_io_events(&self) {
        if self.state.watches.borrow().is_empty() {
            return;
        }
        let net = self.state.network.clone();
        let watches = std::mem::take(&mut *self.state.watches.borrow_mut());
        let mut kept = Vec::with_capacity(watches.len());
        let mut ready = Vec::new();
        for w in watches {
            if w.future.done() {
                continue;
            }
            if net.is_ready(w.socket, w.readiness) {
                ready.push(w);
            } else {
                kept.push(w);
            }
        }
        ready.sort_by_key(|w| net.became_ready(w.socket, w.readiness));
        for w in ready {
            let callback = CallbackName::SocketReady { fd: w.fd, write: w.readiness == Readiness::Write };
            let future = w.future;
            self.push_ready(
                callback,
                Callable::call(move || {
                    let _ = future.set_result(());
                }),
                false,
            );
        }
        let mut watches = self.state.watches.borrow_mut();
        kept.append(&mut watches);
        *watches = kept;
    }

    /// Heap bytes held by the trace so far (for the memory benchmark).
    pub fn trace_heap_bytes(&self) -> usize {
        self.state.trace.borrow().heap_bytes()
    }

    /// The number of tasks created so far.
    pub fn task_count(&self) -> usize {
        self.state.tasks.borrow().len()
    }
}

impl EventLoop {
    /// The `k`th task made (for what CPython reports at exit).
    pub(crate) fn task(&self, k: usize) -> Option<Rc<dyn TaskRecord>> {
        self.state.tasks.borrow().get(k).cloned()
    }

    /// Every task so far, in creation order (for what CPython reports at exit).
    pub(crate) fn tasks(&self) -> Vec<Rc<dyn TaskRecord>> {
        self.state.tasks.borrow().clone()
    }

    /// Drops every queued callback and coroutine, so that the `Rc` cycles
    /// between tasks, futures and the loop are freed with the run.
    pub(crate) fn dispose(&self) {
        for task in &self.release() {
            task.destroy();
        }
    }

    /// The first half of [`EventLoop::dispose`]: drops every queued callback and hands over
    /// the tasks, for the caller to destroy (in order, then free them): 100,000 tasks take
    /// tens of milliseconds, and a run frees them a part per step.
    pub(crate) fn release(&self) -> Vec<Rc<dyn TaskRecord>> {
        self.state.ready.borrow_mut().clear();
        self.state.scheduled.borrow_mut().clear();
        self.state.watches.borrow_mut().clear();
        // The trace stays: the views read it after the run.
        std::mem::take(&mut *self.state.tasks.borrow_mut())
    }
}

/// `print(...)` in an example's coroutine.
pub fn print(text: impl Into<String>) {
    get_event_loop().print(text);
}
