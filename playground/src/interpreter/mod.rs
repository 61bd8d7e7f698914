//! A small Python interpreter that runs the lecture's programs on our event loop, so the program
//! a student reads is the program that runs.
//!
//! The flow: source text -> tokens -> AST -> bytecode -> a VM whose coroutines are tasks of
//! [`crate::runtime`]. This part is the value-level library the VM calls: pure functions on plain
//! Rust types, each exactly as CPython 3.11 behaves (checked against tables CPython printed, in
//! `tests/numbers/`):
//!
//! - [`int`]: arbitrary-precision `int` (an `i64` fast path that never allocates);
//! - [`float`]: `float`'s repr, parsing, rounding, hashing and its arithmetic rules;
//! - [`number`]: the two together: mixed arithmetic, exact int/float comparison;
//! - [`format`]: `format()`/`str.format`/f-string specs and printf-style `%`;
//! - [`text`]: `str`'s repr and methods, indexing and slicing by code point;
//! - [`set_table`]: CPython's set hash table, so sets iterate in CPython's order, and the
//!   hashes of tuples.
//!
//! Errors are [`Exception`](crate::runtime::Exception) values named and worded as
//! CPython's, never panics: the page is built with `panic = "abort"`.

pub mod float;
pub mod format;
pub mod int;
pub mod number;
pub mod set_table;
pub mod text;
pub mod unicode;
mod unicode_tables;
