//! Python exceptions as values: a coroutine that raises returns `Err`.

use std::any::Any;
use std::fmt;
use std::rc::Rc;

/// An exception raised by a coroutine, or by the loop on its behalf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exception {
    /// The Python class name: `CancelledError`, `TimeoutError`, `ValueError`, ...
    pub kind: &'static str,
    pub message: String,
    /// The exception object of the interpreter that raised it, carried through tasks and
    /// futures so that whoever awaits them gets the same object back.
    pub payload: Option<Payload>,
    /// Made with its message as its argument even when empty: `CancelledError('')`, not
    /// `CancelledError()`.
    pub has_arg: bool,
}

/// An interpreter's exception object, opaque to the runtime. Two payloads are equal when they
/// are the same object.
#[derive(Clone)]
pub struct Payload(pub Rc<dyn Any>);

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Payload")
    }
}

impl PartialEq for Payload {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Payload {}

/// What every coroutine returns: its result, or the exception it raised.
pub type PyResult<T> = Result<T, Exception>;

impl Exception {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Exception {
        Exception { kind, message: message.into(), payload: None, has_arg: false }
    }

    /// `asyncio.CancelledError()`: thrown into a task by `Task.cancel()`.
    pub fn cancelled() -> Exception {
        Exception::new("CancelledError", "")
    }

    /// `CancelledError(msg)` for `cancel(msg)`, `CancelledError()` for `cancel()`.
    pub fn cancelled_with(message: Option<String>) -> Exception {
        match message {
            Some(message) => Exception { has_arg: true, ..Exception::new("CancelledError", message) },
            None => Exception::cancelled(),
        }
    }

    /// `TimeoutError()`: raised by `wait_for` when the timeout expires.
    pub fn timeout() -> Exception {
        Exception::new("TimeoutError", "")
    }

    pub fn is_cancelled(&self) -> bool {
        self.kind == "CancelledError"
    }

    /// As Python's `repr`: `ValueError('boom')`, `CancelledError()`.
    pub fn repr(&self) -> String {
        if self.message.is_empty() && !self.has_arg {
            format!("{}()", self.kind)
        } else {
            format!("{}('{}')", self.kind, self.message)
        }
    }
}

impl fmt::Display for Exception {
    /// As the last line of a Python traceback: `ValueError: boom`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.kind, self.message)
        }
    }
}
