//! `asyncio.Task`: drives a coroutine on the loop, one `__step` at a time
//! (`tasks.py`). Coroutines are Rust `async` blocks; when one suspends it hands
//! the future it waits for to its task through the loop, as a Python coroutine
//! `yield`s it to `Task.__step`, and the task adds its `__wakeup` as that
//! future's done callback. Rust's wakers are not used: the done callback is the
//! wake-up, as in CPython, so every hop lands in the same iteration.

use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use super::event_loop::{get_event_loop, Callable, EventLoop, Steppable, Yielded};
use super::exception::{Exception, PyResult};
use super::future::{any_future_via_core, AnyFuture, Future, FutureCore, FutureKind};
use super::value::PyValue;
use crate::trace::{Awaited, CallbackName, EventKind, Outcome, TaskId};

type Body<T> = Pin<Box<dyn std::future::Future<Output = PyResult<T>>>>;

/// A coroutine object: an `async` body with the name of its `async def`.
/// Calling an `async def` in Python does not run it; neither does making one.
pub struct Coroutine<T> {
    pub(crate) name: &'static str,
    body: Body<T>,
    info: Option<Rc<dyn CoroutineInfo>>,
}

/// What an interpreter knows about the Python coroutine behind a task, for the reports at
/// exit: where it is suspended, where it is defined, and an exception's repr and traceback.
pub trait CoroutineInfo {
    /// `file.py:12`: the line the coroutine is suspended at (its `def` line if never started).
    fn running_at(&self) -> String;
    /// `file.py:8`: the line of its `async def`.
    fn defined_at(&self) -> String;
    /// An exception the task ended with: its repr and the traceback lines CPython logs.
    fn describe_exception(&self, e: &Exception) -> (String, Vec<String>);
    /// What the task waits for, as `wait_for=` shows it in a task's repr.
    fn describe_waiter(&self, on: Awaited) -> String;
    /// The task has just ended with `e`. True if the interpreter reported it as never
    /// retrieved already (nothing can retrieve it any more: CPython frees such a task at
    /// once and logs then), so that the exit report leaves it out.
    fn ended_unobserved(&self, task: TaskId, e: &Exception) -> bool {
        let _ = (task, e);
        false
    }
}

impl<T> std::fmt::Debug for Coroutine<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<coroutine object {}>", self.name)
    }
}

impl<T> Coroutine<T> {
    pub fn new(name: &'static str, body: impl std::future::Future<Output = PyResult<T>> + 'static) -> Coroutine<T> {
        Coroutine { name, body: Box::pin(body), info: None }
    }

    /// A coroutine an interpreter runs, with what it knows about it.
    pub fn with_info(
        name: &'static str,
        body: impl std::future::Future<Output = PyResult<T>> + 'static,
        info: Rc<dyn CoroutineInfo>,
    ) -> Coroutine<T> {
        Coroutine { name, body: Box::pin(body), info: Some(info) }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// `await coro` runs the coroutine inline, in the awaiting task: no hop.
impl<T> std::future::Future for Coroutine<T> {
    type Output = PyResult<T>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<PyResult<T>> {
        self.body.as_mut().poll(cx)
    }
}

/// `coro!(compute_square(x))`: the coroutine object of an `async fn` call,
/// named after the function as CPython names it in task reprs.
#[macro_export]
macro_rules! coro {
    ($f:ident ( $($arg:expr),* $(,)? )) => {
        $crate::runtime::Coroutine::new(stringify!($f), $f($($arg),*))
    };
}

struct TaskState<T> {
    id: TaskId,
    coro_name: &'static str,
    /// The task is a future: its state is part of the task.
    future: FutureCore<T>,
    coro: RefCell<Option<Body<T>>>,
    started: Cell<bool>,
    /// `_must_cancel`: throw `CancelledError` in at the next step.
    must_cancel: Cell<bool>,
    /// `_cancel_message`: what the last `cancel(msg)` gave.
    cancel_message: RefCell<Option<String>>,
    /// `_fut_waiter`: the future this task is suspended on.
    fut_waiter: RefCell<Option<Rc<dyn AnyFuture>>>,
    /// `_log_destroy_pending`: false for the tasks `gather` wraps around
    /// coroutines.
    log_destroy_pending: Cell<bool>,
    info: Option<Rc<dyn CoroutineInfo>>,
}

/// `asyncio.Task[T]`. Await it (`task.await`) for its result.
pub struct Task<T> {
    state: Rc<TaskState<T>>,
}

impl<T> std::fmt::Debug for Task<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<Task {} coro=<{}()>>", self.state.id, self.state.coro_name)
    }
}

impl<T> Clone for Task<T> {
    fn clone(&self) -> Self {
        Task { state: self.state.clone() }
    }
}

/// What the loop keeps of every task, whatever its result type, to report
/// the tasks still pending or failed when the program exits.
pub(crate) trait TaskRecord {
    fn id(&self) -> TaskId;
    fn coro_name(&self) -> &'static str;
    fn is_pending(&self) -> bool;
    fn started(&self) -> bool;
    fn log_destroy_pending(&self) -> bool;
    /// The exception, if nobody retrieved it (`_log_traceback`).
    fn unretrieved_exception(&self) -> Option<Exception>;
    /// Drops the coroutine, breaking the `Rc` cycles a pending task keeps.
    fn destroy(&self);
    /// What the interpreter running it knows about its coroutine.
    fn info(&self) -> Option<Rc<dyn CoroutineInfo>>;
    /// What it is suspended on (`_fut_waiter`).
    fn waiting_on(&self) -> Option<Awaited>;
}

impl<T: PyValue> TaskRecord for TaskState<T> {
    fn id(&self) -> TaskId {
        self.id
    }
    fn coro_name(&self) -> &'static str {
        self.coro_name
    }
    fn is_pending(&self) -> bool {
        !self.future.done()
    }
    fn started(&self) -> bool {
        self.started.get()
    }
    fn log_destroy_pending(&self) -> bool {
        self.log_destroy_pending.get()
    }
    fn unretrieved_exception(&self) -> Option<Exception> {
        if !self.future.exception_unretrieved.get() {
            return None;
        }
        match self.future.result() {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }
    fn destroy(&self) {
        self.coro.borrow_mut().take();
        self.fut_waiter.borrow_mut().take();
        self.future.forget_callbacks();
    }
    fn info(&self) -> Option<Rc<dyn CoroutineInfo>> {
        self.info.clone()
    }
    fn waiting_on(&self) -> Option<Awaited> {
        self.fut_waiter.borrow().as_ref().filter(|w| !w.done()).map(|w| w.label())
    }
}

/// `asyncio.create_task(coro)` / `asyncio.ensure_future(coro)`: wraps the
/// coroutine in a task and `call_soon`s its first step. A task never starts
/// running synchronously.
///
/// ```
/// use playground::runtime::{create_task, get_event_loop, print, sleep, Coroutine, PyResult};
/// use playground::{coro, Ending, Run};
///
/// async fn child(name: &'static str) -> PyResult<()> {
///     print(format!("{name} starts"));
///     sleep(0.5).await
/// }
///
/// let mut run = Run::of_program("main.py", String::new(), || {
///     Box::pin(async {
///         let main = Coroutine::new("main", async {
///             let task = create_task(coro!(child("a")));
///             print("created, not started yet");
///             task.await?;
///             print("awaited");
///             Ok(())
///         });
///         get_event_loop().run_until_complete(main).await
///     })
/// });
/// assert_eq!(run.run_to_end(), Ending::Completed);
/// assert_eq!(run.transcript(), ["created, not started yet", "a starts", "awaited"]);
/// ```
pub fn create_task<T: PyValue>(coro: Coroutine<T>) -> Task<T> {
    let lp = get_event_loop();
    let id = TaskId(lp.task_count() as u32 + 1);
    let future = FutureCore::new(&lp);
    future.set_label(Awaited::Task(id));
    let state = Rc::new(TaskState {
        id,
        coro_name: coro.name,
        future,
        coro: RefCell::new(Some(coro.body)),
        started: Cell::new(false),
        must_cancel: Cell::new(false),
        cancel_message: RefCell::new(None),
        fut_waiter: RefCell::new(None),
        log_destroy_pending: Cell::new(true),
        info: coro.info,
    });
    lp.state.tasks.borrow_mut().push(state.clone());
    lp.trace(EventKind::TaskCreated { task: id, coro: coro.name });
    let first = state.clone();
    lp.call_soon_internal(CallbackName::TaskStep(id), Callable::step(first));
    Task { state }
}

/// `asyncio.ensure_future(coro)`: the same as [`create_task`] for a coroutine.
pub fn ensure_future<T: PyValue>(coro: Coroutine<T>) -> Task<T> {
    create_task(coro)
}

impl<T: PyValue> Task<T> {
    pub fn id(&self) -> TaskId {
        self.state.id
    }

    /// The task as the future it is (for `wait`, `gather`, done callbacks).
    pub fn future(&self) -> Future<T> {
        Future { inner: self.state.clone() }
    }

    pub fn done(&self) -> bool {
        self.state.future.done()
    }

    /// `task.result()`: `None` while pending.
    pub fn result(&self) -> Option<PyResult<T>> {
        self.state.future.result()
    }

    /// `task.cancel()`: cancels the future the task waits on, or makes the
    /// next step throw `CancelledError` into the coroutine.
    pub fn cancel(&self) -> bool {
        cancel(&self.state, None)
    }

    /// `task.cancel(msg)`.
    pub fn cancel_with(&self, message: Option<String>) -> bool {
        cancel(&self.state, message)
    }

    /// Marks a task that `gather` made from a coroutine.
    pub(crate) fn no_destroy_log(&self) {
        self.state.log_destroy_pending.set(false);
    }
}

impl<T: PyValue> std::future::IntoFuture for Task<T> {
    type Output = PyResult<T>;
    type IntoFuture = Future<T>;
    fn into_future(self) -> Future<T> {
        self.future()
    }
}

impl<T: PyValue> FutureKind<T> for TaskState<T> {
    fn core(&self) -> &FutureCore<T> {
        &self.future
    }
}

any_future_via_core!([T: PyValue] TaskState<T>, |task, message| cancel(task, message));

fn cancel<T: Clone + 'static>(task: &TaskState<T>, message: Option<String>) -> bool {
    if task.future.done() {
        return false;
    }
    *task.cancel_message.borrow_mut() = message.clone();
    let waiter = task.fut_waiter.borrow().clone();
    if let Some(waiter) = waiter {
        if waiter.cancel_with(message) {
            // The waiter's done callback wakes the task, and the await
            // raises CancelledError.
            return true;
        }
    }
    task.must_cancel.set(true);
    true
}

impl<T: PyValue> Steppable for TaskState<T> {
    /// `Task.__step`, and `Task.__wakeup`, which steps the task: the awaited
    /// future's result is read when the coroutine polls it again.
    fn step(self: Rc<Self>) {
        step(self)
    }
}

/// `Task.__step`: resume the coroutine once and act on what it did.
fn step<T: PyValue>(task: Rc<TaskState<T>>) {
    let lp = task.future.event_loop().clone();
    if task.future.done() {
        return;
    }
    task.fut_waiter.borrow_mut().take();
    let must_cancel = task.must_cancel.replace(false);
    if must_cancel && !task.started.get() {
        // CancelledError thrown into a coroutine that never ran raises at
        // once: none of its body runs.
        task.coro.borrow_mut().take();
        finish(&lp, &task, Err(Exception::cancelled_with(task.cancel_message.borrow().clone())));
        return;
    }
    task.started.set(true);
    let mut body = task.coro.borrow_mut().take().expect("a pending task still has its coroutine");
    lp.state.current_task.set(Some(task.id));
    lp.state.throw_cancel.set(must_cancel);
    if must_cancel {
        *lp.state.cancel_message.borrow_mut() = task.cancel_message.borrow().clone();
    }
    let poll = body.as_mut().poll(&mut Context::from_waker(Waker::noop()));
    lp.state.throw_cancel.set(false);
    lp.state.cancel_message.borrow_mut().take();
    lp.state.current_task.set(None);
    if matches!(poll, Poll::Pending) && lp.preempt_requested() {
        // The body's slice of work ran out (or it sleeps in `time.sleep`): this same step
        // goes on before any other handle runs.
        *task.coro.borrow_mut() = Some(body);
        let again = task.clone();
        lp.set_preempt_again(Callable::step(again));
        return;
    }
    let yielded = lp.state.yielded.borrow_mut().take();
    match poll {
        Poll::Ready(result) => {
            drop(body);
            finish(&lp, &task, result);
        }
        Poll::Pending => {
            *task.coro.borrow_mut() = Some(body);
            match yielded {
                Some(Yielded::Future(waiter)) => {
                    lp.trace(EventKind::TaskWaiting { task: task.id, on: waiter.label() });
                    let woken = task.clone();
                    waiter.add_done_callback(CallbackName::TaskWakeup(task.id), Callable::step(woken));
                    *task.fut_waiter.borrow_mut() = Some(waiter.clone());
                    if task.must_cancel.get() && waiter.cancel_with(task.cancel_message.borrow().clone()) {
                        task.must_cancel.set(false);
                    }
                }
                Some(Yielded::Bare) => {
                    lp.trace(EventKind::TaskWaiting { task: task.id, on: Awaited::NextIteration });
                    let again = task.clone();
                    lp.call_soon_internal(CallbackName::TaskStep(task.id), Callable::step(again));
                }
                None => {
                    // `Task.__step`: "Task got bad yield", thrown into the
                    // coroutine at its next step. A Rust body suspended on a
                    // foreign future cannot take it in, so the task ends
                    // with it at that step.
                    let error =
                        Exception::new("RuntimeError", "Task got bad yield: a future of another event loop or library");
                    let failed = task.clone();
                    lp.call_soon_internal(
                        CallbackName::TaskStep(task.id),
                        Callable::call(move || {
                            failed.coro.borrow_mut().take();
                            finish(&failed.future.event_loop().clone(), &failed, Err(error));
                        }),
                    );
                }
            }
        }
    }
}

fn finish<T: PyValue>(lp: &EventLoop, task: &Rc<TaskState<T>>, result: PyResult<T>) {
    let intern = |text: String| lp.state.trace.borrow_mut().intern(&text);
    match result {
        Ok(value) => {
            let outcome = Outcome::Returned(intern(value.repr()));
            lp.trace(EventKind::TaskDone { task: task.id, outcome });
            task.future.set_result(value);
        }
        Err(e) if e.is_cancelled() => {
            lp.trace(EventKind::TaskDone { task: task.id, outcome: Outcome::Cancelled });
            task.future.cancel_by(e);
        }
        Err(e) => {
            let outcome = Outcome::Raised(intern(e.repr()));
            lp.trace(EventKind::TaskDone { task: task.id, outcome });
            let unobserved = task.info.as_ref().is_some_and(|info| info.ended_unobserved(task.id, &e));
            task.future.set_exception(e);
            if unobserved {
                task.future.exception_unretrieved.set(false);
            }
        }
    }
}
