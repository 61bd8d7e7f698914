//! The runtime: asyncio's event loop, futures and tasks in plain Rust, with
//! a virtual clock and no browser API. It follows CPython's `asyncio` rule by
//! rule, so every example prints its lines in the order CPython prints them.
//! The rules, with the CPython lines each comes from, are in this folder's
//! `README.md`.

mod event_loop;
mod exception;
mod functions;
mod future;
pub mod network;
pub mod outside;
mod task;
mod value;

pub(crate) use event_loop::CurrentLoop;
pub use event_loop::{
    current_loop, get_event_loop, print, Callable, EventLoop, HandleRef, Queued, QueuedTimer, RunOnce,
};
pub(crate) use event_loop::{Steppable, Yielded};
pub use exception::{Exception, Payload, PyResult};
pub(crate) use functions::gather_impl;
pub use functions::{
    gather, gather_return_exceptions, sleep, wait, wait_for, wait_socket, wait_with, Awaitable, DonePending, ReturnWhen,
};
pub use future::{AnyFuture, CallbackId, Future};
pub(crate) use task::TaskRecord;
pub use task::{create_task, ensure_future, Coroutine, CoroutineInfo, Task};
pub use value::PyValue;

use std::task::{Context, Poll};

use crate::trace::CallbackName;

impl EventLoop {
    /// `loop.run_until_complete(aw)`: wraps `aw` in a task if it is a
    /// coroutine, adds a done callback that calls `stop()`, and runs the
    /// loop until it stops. The top-level script awaits this; its driver
    /// ([`crate::Run`]) runs the loop's iterations meanwhile, so a browser
    /// can run them on a timer instead of blocking.
    pub async fn run_until_complete<T: PyValue>(&self, aw: impl Into<Awaitable<T>>) -> PyResult<T> {
        // Checked before the coroutine becomes a task, as in CPython: a closed
        // loop leaves it never awaited.
        self.check_can_run()?;
        let aw: Awaitable<T> = aw.into();
        let future = aw.future_for_run();
        let lp = self.clone();
        // `_run_until_complete_cb`
        let cb = future.add_done_callback(CallbackName::StopLoop, Callable::call(move || lp.stop()));
        self.start_running();
        RunForever { lp: self.clone() }.await;
        future.remove_done_callback(cb);
        future
            .result()
            .unwrap_or_else(|| Err(Exception::new("RuntimeError", "Event loop stopped before Future completed.")))
    }
}

/// Suspends the top-level script while the loop runs (`run_forever`).
struct RunForever {
    lp: EventLoop,
}

impl std::future::Future for RunForever {
    type Output = ();
    fn poll(self: std::pin::Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.lp.is_running() {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}
