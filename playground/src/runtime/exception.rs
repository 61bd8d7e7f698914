//! Python exceptions as values: a coroutine that raises returns `Err`.

use std::fmt;

/// An exception raised by a coroutine, or by the loop on its behalf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exception {
    /// The Python class name: `CancelledError`, `TimeoutError`, `ValueError`, ...
    pub kind: &'static str,
    pub message: String,
}

/// What every coroutine returns: its result, or the exception it raised.
pub type PyResult<T> = Result<T, Exception>;

impl Exception {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Exception {
        Exception { kind, message: message.into() }
    }

    /// `asyncio.CancelledError()`: thrown into a task by `Task.cancel()`.
    pub fn cancelled() -> Exception {
        Exception::new("CancelledError", "")
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
        if self.message.is_empty() {
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
