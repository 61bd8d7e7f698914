//! `asyncio.Future`: a result that arrives later, with done callbacks
//! (`futures.py`). Tasks are futures too; `gather` and `wait` are built from them.

use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::event_loop::{Callable, EventLoop, Yielded};
use super::exception::{Exception, PyResult};
use crate::trace::{Awaited, CallbackName, FutureId};

enum State<T> {
    Pending,
    Result(T),
    Exception(Box<Exception>),
    /// Cancelled: with the message `cancel(msg)` gave, and the `CancelledError` that ended a
    /// task's coroutine (`_cancel_message`, `_cancelled_exc`); `None` for neither.
    Cancelled(Option<Box<Cancel>>),
}

struct Cancel {
    message: Option<String>,
    exception: Option<Exception>,
}

struct DoneCallback {
    id: u32,
    callback: CallbackName,
    run: Callable,
}

/// Done callbacks in the order added. Most futures get exactly one (the
/// wake-up of the task awaiting them), so one is kept without a `Vec`.
enum DoneCallbacks {
    None,
    One(DoneCallback),
    Many(Vec<DoneCallback>),
}

impl DoneCallbacks {
    fn push(&mut self, cb: DoneCallback) {
        *self = match std::mem::replace(self, DoneCallbacks::None) {
            DoneCallbacks::None => DoneCallbacks::One(cb),
            DoneCallbacks::One(first) => DoneCallbacks::Many(vec![first, cb]),
            DoneCallbacks::Many(mut all) => {
                all.push(cb);
                DoneCallbacks::Many(all)
            }
        }
    }

    fn remove(&mut self, id: u32) {
        match self {
            DoneCallbacks::One(cb) if cb.id == id => *self = DoneCallbacks::None,
            DoneCallbacks::Many(all) => all.retain(|cb| cb.id != id),
            _ => {}
        }
    }

    fn take(&mut self) -> Vec<DoneCallback> {
        match std::mem::replace(self, DoneCallbacks::None) {
            DoneCallbacks::None => Vec::new(),
            DoneCallbacks::One(cb) => vec![cb],
            DoneCallbacks::Many(all) => all,
        }
    }
}

/// The state every kind of future shares: a plain future, a task, the
/// future `gather` returns. They embed it, so that a task and its future are
/// one allocation.
pub struct FutureCore<T> {
    id: FutureId,
    lp: EventLoop,
    state: RefCell<State<T>>,
    callbacks: RefCell<DoneCallbacks>,
    next_callback: Cell<u32>,
    /// What a task awaiting this future is shown waiting for.
    label: Cell<Awaited>,
    /// An exception nobody looked at (`Future._log_traceback`).
    pub(crate) exception_unretrieved: Cell<bool>,
}

impl<T> std::fmt::Debug for FutureCore<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FutureCore").field("id", &self.id).finish_non_exhaustive()
    }
}

/// A kind of future: its shared state, and its own `cancel()` (through
/// [`AnyFuture`]): `Task.cancel` and `_GatheringFuture.cancel` cancel what
/// they wait for instead of themselves.
pub(crate) trait FutureKind<T>: AnyFuture {
    fn core(&self) -> &FutureCore<T>;
}

/// `asyncio.Future[T]`: a plain future, a task or a gathering future.
/// Cheap to clone: clones are the same future.
pub struct Future<T> {
    pub(crate) inner: Rc<dyn FutureKind<T>>,
}

impl<T> std::fmt::Debug for Future<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Future({:?})", self.inner.label())
    }
}

impl<T> Clone for Future<T> {
    fn clone(&self) -> Self {
        Future { inner: self.inner.clone() }
    }
}

/// A done callback's registration, for `remove_done_callback`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallbackId(u32);

/// What tasks, `wait` and `gather` need of a future whatever its result type.
pub trait AnyFuture {
    fn id(&self) -> FutureId;
    fn done(&self) -> bool;
    fn cancelled(&self) -> bool;
    /// `fut.cancel()`: true if it was pending and is now cancelled.
    fn cancel(&self) -> bool {
        self.cancel_with(None)
    }
    /// `fut.cancel(msg)`.
    fn cancel_with(&self, message: Option<String>) -> bool;
    /// `_cancel_message`: what `cancel(msg)` gave a cancelled future (`None` for a task, whose
    /// coroutine's `CancelledError` is what its result raises).
    fn cancel_message(&self) -> Option<String>;
    /// `fut.exception()`, which also marks the exception as retrieved.
    /// `None` while pending, if cancelled, or if it has a result.
    fn exception(&self) -> Option<Exception>;
    fn add_done_callback(&self, callback: CallbackName, run: Callable) -> CallbackId;
    fn remove_done_callback(&self, id: CallbackId);
    fn label(&self) -> Awaited;
}

impl<T: Clone + 'static> FutureCore<T> {
    pub(crate) fn new(lp: &EventLoop) -> FutureCore<T> {
        let id = lp.next_future_id();
        FutureCore {
            id,
            lp: lp.clone(),
            state: RefCell::new(State::Pending),
            callbacks: RefCell::new(DoneCallbacks::None),
            next_callback: Cell::new(0),
            label: Cell::new(Awaited::Future(id)),
            exception_unretrieved: Cell::new(false),
        }
    }

    pub(crate) fn event_loop(&self) -> &EventLoop {
        &self.lp
    }

    pub(crate) fn set_result(&self, value: T) {
        self.finish(State::Result(value));
    }

    pub(crate) fn set_exception(&self, exception: Exception) {
        self.exception_unretrieved.set(true);
        self.finish(State::Exception(Box::new(exception)));
    }

    fn finish(&self, state: State<T>) {
        {
            let mut current = self.state.borrow_mut();
            assert!(matches!(*current, State::Pending), "InvalidStateError: future #{} is already done", self.id.0);
            *current = state;
        }
        // `__schedule_callbacks`: each done callback is `call_soon`ed, in the
        // order added; none runs synchronously.
        let callbacks = self.callbacks.borrow_mut().take();
        for cb in callbacks {
            self.lp.call_soon_internal(cb.callback, cb.run);
        }
    }

    /// `Future.cancel(msg)` itself (`super().cancel()` in a subclass).
    pub(crate) fn cancel_now(&self, message: Option<String>) -> bool {
        if self.done() {
            return false;
        }
        self.finish(State::Cancelled(
            message.map(|message| Box::new(Cancel { message: Some(message), exception: None })),
        ));
        true
    }

    /// A task's end by the `CancelledError` its coroutine raised: awaiting it raises that.
    pub(crate) fn cancel_by(&self, exception: Exception) {
        self.finish(State::Cancelled(Some(Box::new(Cancel { message: None, exception: Some(exception) }))));
    }

    pub(crate) fn cancel_message(&self) -> Option<String> {
        match &*self.state.borrow() {
            State::Cancelled(Some(c)) => c.message.clone(),
            _ => None,
        }
    }

    pub(crate) fn done(&self) -> bool {
        !matches!(*self.state.borrow(), State::Pending)
    }

    pub(crate) fn cancelled(&self) -> bool {
        matches!(*self.state.borrow(), State::Cancelled(_))
    }

    pub(crate) fn result(&self) -> Option<PyResult<T>> {
        match &*self.state.borrow() {
            State::Pending => None,
            State::Result(v) => Some(Ok(v.clone())),
            State::Exception(e) => {
                self.exception_unretrieved.set(false);
                Some(Err((**e).clone()))
            }
            // `_make_cancelled_error()`.
            State::Cancelled(None) => Some(Err(Exception::cancelled())),
            State::Cancelled(Some(c)) => Some(Err(match (&c.exception, &c.message) {
                (Some(e), _) => e.clone(),
                (None, message) => Exception::cancelled_with(message.clone()),
            })),
        }
    }

    pub(crate) fn exception(&self) -> Option<Exception> {
        match &*self.state.borrow() {
            State::Exception(e) => {
                self.exception_unretrieved.set(false);
                Some((**e).clone())
            }
            _ => None,
        }
    }

    /// Added to a done future, the callback is `call_soon`ed at once.
    pub(crate) fn add_done_callback(&self, callback: CallbackName, run: Callable) -> CallbackId {
        let id = self.next_callback.get();
        self.next_callback.set(id + 1);
        if self.done() {
            self.lp.call_soon_internal(callback, run);
        } else {
            self.callbacks.borrow_mut().push(DoneCallback { id, callback, run });
        }
        CallbackId(id)
    }

    pub(crate) fn remove_done_callback(&self, id: CallbackId) {
        self.callbacks.borrow_mut().remove(id.0);
    }

    /// Drops the done callbacks (the run is over; they may hold cycles).
    pub(crate) fn forget_callbacks(&self) {
        self.callbacks.borrow_mut().take();
    }

    pub(crate) fn id(&self) -> FutureId {
        self.id
    }

    pub(crate) fn label(&self) -> Awaited {
        self.label.get()
    }

    pub(crate) fn set_label(&self, label: Awaited) {
        self.label.set(label);
    }
}

/// Implements [`AnyFuture`] for a future kind through its [`FutureCore`],
/// with the kind's own `cancel`.
macro_rules! any_future_via_core {
    ([$($generics:tt)*] $ty:ty, |$this:ident, $message:ident| $cancel:expr) => {
        impl<$($generics)*> $crate::runtime::future::AnyFuture for $ty {
            fn id(&self) -> $crate::trace::FutureId {
                self.core().id()
            }
            fn done(&self) -> bool {
                self.core().done()
            }
            fn cancelled(&self) -> bool {
                self.core().cancelled()
            }
            fn cancel_with(&self, $message: Option<String>) -> bool {
                let $this = self;
                $cancel
            }
            fn cancel_message(&self) -> Option<String> {
                self.core().cancel_message()
            }
            fn exception(&self) -> Option<$crate::runtime::Exception> {
                self.core().exception()
            }
            fn add_done_callback(
                &self,
                callback: $crate::trace::CallbackName,
                run: $crate::runtime::Callable,
            ) -> $crate::runtime::CallbackId {
                self.core().add_done_callback(callback, run)
            }
            fn remove_done_callback(&self, id: $crate::runtime::CallbackId) {
                self.core().remove_done_callback(id)
            }
            fn label(&self) -> $crate::trace::Awaited {
                self.core().label()
            }
        }
    };
}
pub(crate) use any_future_via_core;

/// A future made with `loop.create_future()`.
struct PlainFuture<T> {
    core: FutureCore<T>,
}

impl<T: Clone + 'static> FutureKind<T> for PlainFuture<T> {
    fn core(&self) -> &FutureCore<T> {
        &self.core
    }
}

any_future_via_core!([T: Clone + 'static] PlainFuture<T>, |this, message| this.core.cancel_now(message));

impl<T: Clone + 'static> Future<T> {
    pub(crate) fn new(lp: &EventLoop) -> Future<T> {
        Future { inner: Rc::new(PlainFuture { core: FutureCore::new(lp) }) }
    }

    pub(crate) fn core(&self) -> &FutureCore<T> {
        self.inner.core()
    }

    pub(crate) fn set_label(&self, label: Awaited) {
        self.core().label.set(label);
    }

    /// The future as its type-erased self, without a new allocation.
    pub(crate) fn as_any(&self) -> Rc<dyn AnyFuture> {
        self.inner.clone()
    }

    pub fn event_loop(&self) -> &EventLoop {
        &self.core().lp
    }

    /// `fut.set_result(value)`: `InvalidStateError: invalid state` if the
    /// future is already done, as in `futures.py`.
    pub fn set_result(&self, value: T) -> PyResult<()> {
        self.check_pending()?;
        self.core().set_result(value);
        Ok(())
    }

    /// `fut.set_exception(exc)`: `InvalidStateError` if already done.
    pub fn set_exception(&self, exception: Exception) -> PyResult<()> {
        self.check_pending()?;
        self.core().set_exception(exception);
        Ok(())
    }

    fn check_pending(&self) -> PyResult<()> {
        if self.core().done() {
            return Err(Exception::new("InvalidStateError", "invalid state"));
        }
        Ok(())
    }

    /// `fut.result()`: the result, the exception it was set with, or
    /// `CancelledError`. `None` while pending (`InvalidStateError` in Python).
    pub fn result(&self) -> Option<PyResult<T>> {
        self.core().result()
    }
}

/// A `Future` handle is the future: the same calls, through its kind.
impl<T: Clone + 'static> AnyFuture for Future<T> {
    fn id(&self) -> FutureId {
        self.inner.id()
    }
    fn done(&self) -> bool {
        self.inner.done()
    }
    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }
    fn cancel_with(&self, message: Option<String>) -> bool {
        self.inner.cancel_with(message)
    }
    fn cancel_message(&self) -> Option<String> {
        self.inner.cancel_message()
    }
    fn exception(&self) -> Option<Exception> {
        self.inner.exception()
    }
    fn add_done_callback(&self, callback: CallbackName, run: Callable) -> CallbackId {
        self.inner.add_done_callback(callback, run)
    }
    fn remove_done_callback(&self, id: CallbackId) {
        self.inner.remove_done_callback(id)
    }
    fn label(&self) -> Awaited {
        self.inner.label()
    }
}

/// `await fut` (`Future.__await__`): a done future returns at once, without
/// suspending; a pending one `yield`s itself to the task, which adds its
/// wake-up as a done callback and resumes the coroutine when it runs.
impl<T: Clone + 'static> std::future::Future for Future<T> {
    type Output = PyResult<T>;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<PyResult<T>> {
        let lp = &self.core().lp;
        // A task cancelled while its wake-up was already queued resumes with
        // `CancelledError` thrown in at this `yield` (`_must_cancel`). The
        // flag is only ever set for the poll that resumes a suspended task,
        // and the first awaitable polled then is the one it suspended in.
        if lp.state.throw_cancel.take() {
            // Cancelled itself (with its own message), it raises its own CancelledError
            // (`__step` keeps a CancelledError it was woken with).
            let thrown = lp.state.thrown_cancel();
            return Poll::Ready(Err(match self.result() {
                Some(Err(e)) if self.core().cancelled() => e,
                _ => thrown,
            }));
        }
        if let Some(result) = self.result() {
            return Poll::Ready(result);
        }
        *lp.state.yielded.borrow_mut() = Some(Yielded::Future(self.as_any()));
        Poll::Pending
    }
}

/// `asyncio.sleep(0)`'s `__sleep0`: a bare `yield`, so the task is queued again
/// with `call_soon` and resumes in the next iteration.
pub(crate) struct YieldOnce {
    yielded: bool,
}

impl YieldOnce {
    pub(crate) fn new() -> YieldOnce {
        YieldOnce { yielded: false }
    }
}

impl std::future::Future for YieldOnce {
    type Output = PyResult<()>;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<PyResult<()>> {
        let lp = super::event_loop::get_event_loop();
        if lp.state.throw_cancel.take() {
            return Poll::Ready(Err(lp.state.thrown_cancel()));
        }
        if self.yielded {
            return Poll::Ready(Ok(()));
        }
        self.yielded = true;
        *lp.state.yielded.borrow_mut() = Some(Yielded::Bare);
        Poll::Pending
    }
}
