//! Results of coroutines, shown as Python's `repr` shows them in the trace.

use super::exception::PyResult;
use super::future::{AnyFuture, Future};
use crate::examples::params::py_float;
use crate::trace::Awaited;

/// A value a coroutine can return.
pub trait PyValue: Clone + 'static {
    fn repr(&self) -> String;
}

impl PyValue for () {
    fn repr(&self) -> String {
        "None".to_string()
    }
}

impl PyValue for i64 {
    fn repr(&self) -> String {
        self.to_string()
    }
}

impl PyValue for f64 {
    fn repr(&self) -> String {
        py_float(*self)
    }
}

impl PyValue for String {
    fn repr(&self) -> String {
        format!("'{self}'")
    }
}

impl<T: PyValue> PyValue for Vec<T> {
    fn repr(&self) -> String {
        let items: Vec<String> = self.iter().map(PyValue::repr).collect();
        format!("[{}]", items.join(", "))
    }
}

/// `gather(..., return_exceptions=True)` returns exceptions as values.
impl<T: PyValue> PyValue for PyResult<T> {
    fn repr(&self) -> String {
        match self {
            Ok(v) => v.repr(),
            Err(e) => e.repr(),
        }
    }
}

/// A task or future in a result (`wait` returns sets of them).
impl<T: Clone + 'static> PyValue for Future<T> {
    fn repr(&self) -> String {
        match self.label() {
            Awaited::Task(id) => format!("<Task {id}>"),
            _ => format!("<Future #{}>", self.id().0),
        }
    }
}

impl<A: PyValue, B: PyValue> PyValue for (A, B) {
    fn repr(&self) -> String {
        format!("({}, {})", self.0.repr(), self.1.repr())
    }
}
