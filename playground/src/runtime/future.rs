//! `asyncio.Future`: a result that arrives later, with done callbacks
//! (`futures.py`). Tasks are futures too; `gather` and `wait` are built from them.

use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::event_loop::{EventLoop, Yielded};
use super::exception::{Exception, PyResult};
use crate::trace::{Awaited, Callback, FutureId};

enum State<T> {
    Pending,
    Result(T),
    Exception(Exception),
    Cancelled,
}

pub(crate) struct FutureState<T> {
    id: FutureId,
    lp: EventLoop,
    state: RefCell<State<T>>,
    /// Done callbacks in the order added, with the callback's trace name.
    callbacks: RefCell<Vec<(u64, Callback, Box<dyn FnOnce()>)>>,
    next_callback: Cell<u64>,
    /// What a task awaiting this future is shown waiting for.
    label: Cell<Awaited>,
    /// An exception nobody looked at (`Future._log_traceback`).
    pub(crate) exception_unretrieved: Cell<bool>,
    /// `cancel()` of a subclass: `Task.cancel` and `_GatheringFuture.cancel`
    /// cancel what they wait for instead of themselves.
    cancel_override: RefCell<Option<Box<dyn Fn() -> bool>>>,
}

/// `asyncio.Future[T]`. Cheap to clone: clones are the same future.
pub struct Future<T> {
    pub(crate) inner: Rc<FutureState<T>>,
}

impl<T> Clone for Future<T> {
    fn clone(&self) -> Self {
        Future {
            inner: self.inner.clone(),
        }
    }
}

/// A done callback's registration, for `remove_done_callback`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallbackId(u64);

/// What tasks, `wait` and `gather` need of a future whatever its result type.
pub trait AnyFuture {
    fn id(&self) -> FutureId;
    fn done(&self) -> bool;
    fn cancelled(&self) -> bool;
    /// `fut.cancel()`: true if it was pending and is now cancelled.
    fn cancel(&self) -> bool;
    /// `fut.exception()`, which also marks the exception as retrieved.
    /// `None` while pending, if cancelled, or if it has a result.
    fn exception(&self) -> Option<Exception>;
    fn add_done_callback(&self, callback: Callback, run: Box<dyn FnOnce()>) -> CallbackId;
    fn remove_done_callback(&self, id: CallbackId);
    fn label(&self) -> Awaited;
}

impl<T: Clone + 'static> Future<T> {
    pub(crate) fn new(lp: &EventLoop) -> Future<T> {
        let id = lp.next_future_id();
        Future {
            inner: Rc::new(FutureState {
                id,
                lp: lp.clone(),
                state: RefCell::new(State::Pending),
                callbacks: RefCell::new(Vec::new()),
                next_callback: Cell::new(0),
                label: Cell::new(Awaited::Future(id)),
                exception_unretrieved: Cell::new(false),
                cancel_override: RefCell::new(None),
            }),
        }
    }

    pub(crate) fn override_cancel(&self, cancel: impl Fn() -> bool + 'static) {
        *self.inner.cancel_override.borrow_mut() = Some(Box::new(cancel));
    }

    /// `Future.cancel()` itself (`super().cancel()` in a subclass).
    pub(crate) fn cancel_now(&self) -> bool {
        if AnyFuture::done(self) {
            return false;
        }
        self.finish(State::Cancelled);
        true
    }

    /// Drops the done callbacks and the cancel hook (the run is over).
    pub(crate) fn forget_callbacks(&self) {
        self.inner.callbacks.borrow_mut().clear();
        self.inner.cancel_override.borrow_mut().take();
    }

    pub(crate) fn set_label(&self, label: Awaited) {
        self.inner.label.set(label);
    }

    pub fn event_loop(&self) -> &EventLoop {
        &self.inner.lp
    }

    /// `fut.set_result(value)`. Panics if already done (`InvalidStateError`),
    /// which would be a bug in the runtime.
    pub fn set_result(&self, value: T) {
        self.finish(State::Result(value));
    }

    /// `fut.set_exception(exc)`.
    pub fn set_exception(&self, exception: Exception) {
        self.inner.exception_unretrieved.set(true);
        self.finish(State::Exception(exception));
    }

    fn finish(&self, state: State<T>) {
        if !matches!(state, State::Pending) {
            // A finished future's cancel hook can hold what it waited for.
            self.inner.cancel_override.borrow_mut().take();
        }
        {
            let mut current = self.inner.state.borrow_mut();
            assert!(
                matches!(*current, State::Pending),
                "InvalidStateError: future #{} is already done",
                self.inner.id.0
            );
            *current = state;
        }
        self.schedule_callbacks();
    }

    /// `__schedule_callbacks`: each done callback is `call_soon`ed, in the
    /// order added; none runs synchronously.
    fn schedule_callbacks(&self) {
        let callbacks = std::mem::take(&mut *self.inner.callbacks.borrow_mut());
        for (_, callback, run) in callbacks {
            self.inner.lp.call_soon(callback, run);
        }
    }

    /// `fut.result()`: the result, the exception it was set with, or
    /// `CancelledError`. `None` while pending (`InvalidStateError` in Python).
    pub fn result(&self) -> Option<PyResult<T>> {
        match &*self.inner.state.borrow() {
            State::Pending => None,
            State::Result(v) => Some(Ok(v.clone())),
            State::Exception(e) => {
                self.inner.exception_unretrieved.set(false);
                Some(Err(e.clone()))
            }
            State::Cancelled => Some(Err(Exception::cancelled())),
        }
    }
}

impl<T: Clone + 'static> AnyFuture for Future<T> {
    fn id(&self) -> FutureId {
        self.inner.id
    }

    fn done(&self) -> bool {
        !matches!(*self.inner.state.borrow(), State::Pending)
    }

    fn cancelled(&self) -> bool {
        matches!(*self.inner.state.borrow(), State::Cancelled)
    }

    fn cancel(&self) -> bool {
        let cancel_override = self.inner.cancel_override.borrow_mut().take();
        match cancel_override {
            Some(cancel) => {
                let cancelled = cancel();
                if !AnyFuture::done(self) {
                    *self.inner.cancel_override.borrow_mut() = Some(cancel);
                }
                cancelled
            }
            None => self.cancel_now(),
        }
    }

    fn exception(&self) -> Option<Exception> {
        match &*self.inner.state.borrow() {
            State::Exception(e) => {
                self.inner.exception_unretrieved.set(false);
                Some(e.clone())
            }
            _ => None,
        }
    }

    /// Added to a done future, the callback is `call_soon`ed at once.
    fn add_done_callback(&self, callback: Callback, run: Box<dyn FnOnce()>) -> CallbackId {
        let id = self.inner.next_callback.get();
        self.inner.next_callback.set(id + 1);
        if self.done() {
            self.inner.lp.call_soon(callback, run);
        } else {
            self.inner.callbacks.borrow_mut().push((id, callback, run));
        }
        CallbackId(id)
    }

    fn remove_done_callback(&self, id: CallbackId) {
        self.inner
            .callbacks
            .borrow_mut()
            .retain(|(i, _, _)| *i != id.0);
    }

    fn label(&self) -> Awaited {
        self.inner.label.get()
    }
}

/// `await fut` (`Future.__await__`): a done future returns at once, without
/// suspending; a pending one `yield`s itself to the task, which adds its
/// wake-up as a done callback and resumes the coroutine when it runs.
impl<T: Clone + 'static> std::future::Future for Future<T> {
    type Output = PyResult<T>;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<PyResult<T>> {
        let lp = &self.inner.lp;
        // A task cancelled while its wake-up was already queued resumes with
        // `CancelledError` thrown in at this `yield` (`_must_cancel`). The
        // flag is only ever set for the poll that resumes a suspended task,
        // and the first awaitable polled then is the one it suspended in.
        if lp.state.throw_cancel.take() {
            return Poll::Ready(Err(Exception::cancelled()));
        }
        if let Some(result) = self.result() {
            return Poll::Ready(result);
        }
        *lp.state.yielded.borrow_mut() = Some(Yielded::Future(Rc::new(self.clone())));
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
            return Poll::Ready(Err(Exception::cancelled()));
        }
        if self.yielded {
            return Poll::Ready(Ok(()));
        }
        self.yielded = true;
        *lp.state.yielded.borrow_mut() = Some(Yielded::Bare);
        Poll::Pending
    }
}
