//! The functions of `asyncio` that the lecture uses: `sleep`, `gather`,
//! `wait` and `wait_for`, built from futures and done callbacks as `tasks.py`
//! builds them, so that each takes the same number of loop iterations.

use std::cell::Cell;
use std::rc::Rc;

use super::event_loop::{get_event_loop, Callable};
use super::exception::{Exception, PyResult};
use super::future::{any_future_via_core, AnyFuture, Future, FutureCore, FutureKind, YieldOnce};
use super::task::{create_task, Coroutine, Task};
use super::value::PyValue;
use crate::trace::{Awaited, CallbackName};

/// `await asyncio.sleep(delay)`.
///
/// A timer set `delay` seconds ahead resolves a future; the task resumes
/// one iteration after the timer fires (it wakes through a done callback).
/// `sleep(0)` (or less) is a bare `yield`: the task resumes in the next
/// iteration.
pub async fn sleep(delay: f64) -> PyResult<()> {
    if delay <= 0.0 {
        return YieldOnce::new().await;
    }
    let lp = get_event_loop();
    let future = lp.create_future::<()>();
    let until = lp.time() + delay;
    future.set_label(Awaited::Sleep { until });
    lp.call_at_sleep_done(until, future.clone());
    future.await
}

/// `await` a socket to be ready for `readiness`: the loop's selector watches it
/// (`add_reader`/`add_writer` in `loop.sock_recv` and the like); the iteration that finds it
/// ready runs the watch's callback, and the task resumes in the next one.
pub async fn wait_socket(socket: super::network::SocketId, readiness: super::network::Readiness) -> PyResult<()> {
    let lp = get_event_loop();
    let future = lp.create_future::<()>();
    let fd = lp.network().fileno(socket).unwrap_or(0);
    future.set_label(Awaited::Socket { fd, write: readiness == super::network::Readiness::Write });
    lp.watch(socket, readiness, future.clone());
    future.await
}

/// What `gather` and `wait` accept: a coroutine (wrapped in a task), a task
/// or a future.
pub struct Awaitable<T> {
    future: Future<T>,
    /// The task `ensure_future` made from a coroutine, if it made one.
    wrapped: Option<Task<T>>,
}

impl<T> std::fmt::Debug for Awaitable<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Awaitable").field("future", &self.future).finish_non_exhaustive()
    }
}

impl<T: PyValue> Awaitable<T> {
    /// For `run_until_complete`: a task it made itself is not reported as
    /// destroyed while pending (`_log_destroy_pending = False`).
    pub(crate) fn future_for_run(self) -> Future<T> {
        if let Some(task) = &self.wrapped {
            task.no_destroy_log();
        }
        self.future
    }
}

impl<T: PyValue> From<Coroutine<T>> for Awaitable<T> {
    fn from(coro: Coroutine<T>) -> Self {
        let task = create_task(coro);
        Awaitable { future: task.future(), wrapped: Some(task) }
    }
}

impl<T: PyValue> From<Task<T>> for Awaitable<T> {
    fn from(task: Task<T>) -> Self {
        Awaitable { future: task.future(), wrapped: None }
    }
}

impl<T: PyValue> From<&Task<T>> for Awaitable<T> {
    fn from(task: &Task<T>) -> Self {
        Awaitable { future: task.future(), wrapped: None }
    }
}

impl<T: PyValue> From<Future<T>> for Awaitable<T> {
    fn from(future: Future<T>) -> Self {
        Awaitable { future, wrapped: None }
    }
}

/// `asyncio.gather(*aws)`: results in argument order, whatever the order the
/// children finish in. The first exception (or cancellation) of a child is
/// set on the returned future at once; the other children keep running.
///
/// ```
/// use playground::runtime::{gather, get_event_loop, print, sleep, Coroutine, PyResult, PyValue};
/// use playground::{Ending, Run};
///
/// fn sleeper(seconds: i64) -> Coroutine<i64> {
///     Coroutine::new("sleeper", async move {
///         sleep(seconds as f64).await?;
///         print(format!("slept {seconds}"));
///         Ok(seconds)
///     })
/// }
///
/// let mut run = Run::of_program("main.py", String::new(), || {
///     Box::pin(async {
///         let results = get_event_loop().run_until_complete(gather([sleeper(2), sleeper(1)])).await?;
///         print(results.repr());
///         Ok(())
///     })
/// });
/// assert_eq!(run.run_to_end(), Ending::Completed);
/// // They finish shortest first; the results keep the arguments' order.
/// assert_eq!(run.transcript(), ["slept 1", "slept 2", "[2, 1]"]);
/// ```
pub fn gather<T: PyValue, A: Into<Awaitable<T>>>(aws: impl IntoIterator<Item = A>) -> Future<Vec<T>> {
    gather_impl(
        aws,
        false,
        Box::new(|results| {
            results.into_iter().collect::<PyResult<Vec<T>>>().expect("without return_exceptions every child succeeded")
        }),
    )
}

/// `asyncio.gather(*aws, return_exceptions=True)`: exceptions are results.
pub fn gather_return_exceptions<T: PyValue, A: Into<Awaitable<T>>>(
    aws: impl IntoIterator<Item = A>,
) -> Future<Vec<PyResult<T>>> {
    gather_impl(aws, true, Box::new(|results| results))
}

/// `_GatheringFuture`: the future `gather` returns, with its children.
struct Gathering<T, R> {
    core: FutureCore<R>,
    children: Vec<Future<T>>,
    finished: Cell<usize>,
    /// `_cancel_requested`: `cancel()` cancelled children; the result will
    /// be `CancelledError`.
    cancel_requested: Cell<bool>,
    return_exceptions: bool,
    collect: Box<dyn Fn(Vec<PyResult<T>>) -> R>,
}

impl<T: PyValue, R: PyValue> FutureKind<R> for Gathering<T, R> {
    fn core(&self) -> &FutureCore<R> {
        &self.core
    }
}

// `_GatheringFuture.cancel`: cancel the children, not the outer future.
any_future_via_core!([T: PyValue, R: PyValue] Gathering<T, R>, |this, message| {
    let mut any = false;
    for child in &this.children {
        any |= child.cancel_with(message.clone());
    }
    if any {
        this.cancel_requested.set(true);
    }
    any
});

impl<T: PyValue, R: PyValue> Gathering<T, R> {
    /// `_done_callback`, when child `index` is done.
    fn child_done(&self, index: usize) {
        let child = &self.children[index];
        self.finished.set(self.finished.get() + 1);
        if self.core.done() {
            if !child.cancelled() {
                child.exception(); // marks it retrieved
            }
            return;
        }
        if !self.return_exceptions {
            if child.cancelled() {
                self.set_cancelled_error(child);
                return;
            }
            if let Some(e) = child.exception() {
                self.core.set_exception(e);
                return;
            }
        }
        if self.finished.get() == self.children.len() {
            if self.cancel_requested.get() {
                self.set_cancelled_error(child);
            } else {
                // A cancelled child's result is a new `CancelledError` with its
                // `_cancel_message`, or '' (a task's is always None).
                let results = self
                    .children
                    .iter()
                    .map(|f| match f.cancelled() {
                        true => Err(Exception::cancelled_with(Some(f.cancel_message().unwrap_or_default()))),
                        false => f.result().expect("every child is done"),
                    })
                    .collect();
                self.core.set_result((self.collect)(results));
            }
        }
    }

    /// `outer.set_exception(fut._make_cancelled_error())`, `child` being `fut`.
    fn set_cancelled_error(&self, child: &Future<T>) {
        let error = match child.result() {
            Some(Err(e)) if e.is_cancelled() => e,
            _ => Exception::cancelled(),
        };
        self.core.set_exception(error);
        // Whoever awaits gather sees it; it is not "never retrieved" noise.
        self.core.exception_unretrieved.set(false);
    }
}

/// `gather` with the results made into `R` by `collect` (an interpreter makes them a list).
pub(crate) fn gather_impl<T: PyValue, R: PyValue, A: Into<Awaitable<T>>>(
    aws: impl IntoIterator<Item = A>,
    return_exceptions: bool,
    collect: Box<dyn Fn(Vec<PyResult<T>>) -> R>,
) -> Future<R> {
    let lp = get_event_loop();
    // Children are wrapped in tasks in argument order, so their first steps
    // run in that order.
    let children: Vec<Future<T>> = aws
        .into_iter()
        .map(|aw| {
            let aw = aw.into();
            if let Some(task) = &aw.wrapped {
                task.no_destroy_log();
            }
            aw.future
        })
        .collect();
    let core = FutureCore::new(&lp);
    core.set_label(Awaited::Gather(core.id()));
    let gathering = Rc::new(Gathering {
        core,
        children,
        finished: Cell::new(0),
        cancel_requested: Cell::new(false),
        return_exceptions,
        collect,
    });

    if gathering.children.is_empty() {
        gathering.core.set_result((gathering.collect)(Vec::new()));
    }
    for (index, child) in gathering.children.iter().enumerate() {
        let outer = gathering.clone();
        child.add_done_callback(
            CallbackName::GatherChildDone(child.id()),
            Callable::call(move || outer.child_done(index)),
        );
    }
    Future { inner: gathering }
}

/// When `wait` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnWhen {
    AllCompleted,
    FirstCompleted,
    FirstException,
}

/// `(done, pending)` from `asyncio.wait`. In CPython both are *sets*: their
/// iteration order is not defined. Here they keep argument order.
pub type DonePending<T> = (Vec<Future<T>>, Vec<Future<T>>);

/// `asyncio.wait(fs)`: a coroutine that returns `(done, pending)` when all
/// futures are done.
pub fn wait<T: PyValue, A: Into<Awaitable<T>>>(fs: impl IntoIterator<Item = A>) -> Coroutine<DonePending<T>> {
    wait_with(fs, None, ReturnWhen::AllCompleted)
}

/// `asyncio.wait(fs, timeout=..., return_when=...)`.
pub fn wait_with<T: PyValue, A: Into<Awaitable<T>>>(
    fs: impl IntoIterator<Item = A>,
    timeout: Option<f64>,
    return_when: ReturnWhen,
) -> Coroutine<DonePending<T>> {
    let fs: Vec<Awaitable<T>> = fs.into_iter().map(Into::into).collect();
    Coroutine::new("wait", async move {
        let fs: Vec<Future<T>> = fs.into_iter().map(|aw| aw.future).collect();
        if fs.is_empty() {
            return Err(Exception::new("ValueError", "Set of Futures is empty."));
        }
        let lp = get_event_loop();
        let waiter = lp.create_future::<()>();
        waiter.set_label(Awaited::Wait(waiter.id()));
        let timeout_handle = timeout.map(|t| {
            let waiter = waiter.clone();
            lp.call_later(t, CallbackName::ReleaseWaiter(waiter.id()), move || release_waiter(&waiter))
        });
        let counter = Rc::new(Cell::new(fs.len()));
        let mut registrations = Vec::with_capacity(fs.len());
        for f in &fs {
            let (waiter, counter, f2, timeout_handle) =
                (waiter.clone(), counter.clone(), f.clone(), timeout_handle.clone());
            // `_on_completion`
            let id = f.add_done_callback(
                CallbackName::WaitChildDone(f.id()),
                Callable::call(move || {
                    counter.set(counter.get() - 1);
                    let failed = !f2.cancelled() && f2.exception().is_some();
                    if counter.get() == 0
                        || return_when == ReturnWhen::FirstCompleted
                        || (return_when == ReturnWhen::FirstException && failed)
                    {
                        if let Some(h) = &timeout_handle {
                            h.cancel();
                        }
                        release_waiter(&waiter);
                    }
                }),
            );
            registrations.push(id);
        }
        let waited = waiter.await;
        if let Some(h) = &timeout_handle {
            h.cancel();
        }
        for (f, id) in fs.iter().zip(registrations) {
            f.remove_done_callback(id);
        }
        waited?;
        let (done, pending): (Vec<_>, Vec<_>) = fs.into_iter().partition(|f| f.done());
        Ok((done, pending))
    })
}

/// `_release_waiter`
fn release_waiter(waiter: &Future<()>) {
    // Done already (released or cancelled): nothing to do, as in tasks.py.
    let _ = waiter.set_result(());
}

/// `await asyncio.wait_for(aw, timeout)`: the result of `aw`, or
/// `TimeoutError` after cancelling it if it takes longer than `timeout`.
pub async fn wait_for<T: PyValue, A: Into<Awaitable<T>>>(aw: A, timeout: f64) -> PyResult<T> {
    let lp = get_event_loop();
    let fut = aw.into().future;
    if timeout <= 0.0 {
        if let Some(result) = fut.result() {
            return result;
        }
        cancel_and_wait(&fut).await?;
        return match fut.result().expect("cancel_and_wait returns when fut is done") {
            Err(e) if e.is_cancelled() => Err(Exception::timeout()),
            other => other,
        };
    }
    let waiter = lp.create_future::<()>();
    waiter.set_label(Awaited::WaitFor(waiter.id()));
    let timer_waiter = waiter.clone();
    let timeout_handle =
        lp.call_later(timeout, CallbackName::ReleaseWaiter(waiter.id()), move || release_waiter(&timer_waiter));
    let cb_waiter = waiter.clone();
    let cb = fut.add_done_callback(
        CallbackName::ReleaseWaiter(waiter.id()),
        Callable::call(move || release_waiter(&cb_waiter)),
    );
    let outcome = async {
        if let Err(e) = waiter.await {
            // The task running wait_for was cancelled.
            if let Some(result) = fut.result() {
                return result;
            }
            fut.remove_done_callback(cb);
            cancel_and_wait(&fut).await?;
            return Err(e);
        }
        if let Some(result) = fut.result() {
            return result;
        }
        fut.remove_done_callback(cb);
        cancel_and_wait(&fut).await?;
        match fut.result().expect("cancel_and_wait returns when fut is done") {
            Err(e) if e.is_cancelled() => Err(Exception::timeout()),
            other => other,
        }
    }
    .await;
    timeout_handle.cancel();
    outcome
}

/// `_cancel_and_wait`: cancel `fut` and wait until it is really done.
async fn cancel_and_wait<T: PyValue>(fut: &Future<T>) -> PyResult<()> {
    let lp = get_event_loop();
    let waiter = lp.create_future::<()>();
    waiter.set_label(Awaited::WaitFor(waiter.id()));
    let cb_waiter = waiter.clone();
    let cb = fut.add_done_callback(
        CallbackName::ReleaseWaiter(waiter.id()),
        Callable::call(move || release_waiter(&cb_waiter)),
    );
    fut.cancel();
    let result = waiter.await;
    fut.remove_done_callback(cb);
    result
}
