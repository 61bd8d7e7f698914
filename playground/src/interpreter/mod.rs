//! A small Python interpreter for the lecture's programs, so that the program a student reads is
//! the program that runs. Its flow:
//!
//! source text -> [`tokenizer`] (tokens with INDENT/DEDENT) -> [`parser`] ([`ast`], with CPython
//! 3.11's syntax errors) -> [`checks`] (the errors CPython's compiler raises) -> bytecode -> a VM
//! whose coroutines are tasks of [`crate::runtime`].
//!
//! The front end builds CPython's `ast` node for node (`ast::dump` prints what Python's
//! `ast.dump` prints), and a program it refuses gets the error `python3` would print
//! ([`ParseError::render`]).
//!
//! The value-level library the VM calls is pure functions on plain Rust types, each exactly as
//! CPython 3.11 behaves (checked against tables CPython printed, in `tests/numbers/`):
//!
//! - [`int`]: arbitrary-precision `int` (an `i64` fast path that never allocates);
//! - [`float`]: `float`'s repr, parsing, rounding, hashing and its arithmetic rules;
//! - [`number`]: the two together: mixed arithmetic, exact int/float comparison;
//! - [`format`]: `format()`/`str.format`/f-string specs and printf-style `%`;
//! - [`text`]: `str`'s repr and methods, indexing and slicing by code point;
//! - [`set_table`]: CPython's set hash table, so sets iterate in CPython's order, and the
//!   hashes of tuples.
//!
//! Errors are values named and worded as CPython's, never panics: the page is built with
//! `panic = "abort"`.
//!
//! ```
//! use playground::interpreter::{ast, front_end};
//!
//! let module = front_end("print(1 + 2)\n").unwrap();
//! assert_eq!(
//!     ast::dump(&module),
//!     "Module(body=[Expr(value=Call(func=Name(id='print', ctx=Load()), args=[BinOp(left=Constant(value=1), \
//! op=Add(), right=Constant(value=2))], keywords=[]))], type_ignores=[])"
//! );
//!
//! let error = front_end("if x\n    pass\n").unwrap_err();
//! assert_eq!(error.render("demo.py"), "  File \"demo.py\", line 1\n    if x\n        ^\nSyntaxError: expected ':'\n");
//! ```

pub mod ast;
pub mod builtins;
pub mod checks;
pub mod code;
pub mod compiler;
pub mod dict;
mod error;
pub mod float;
pub mod format;
pub mod int;
pub mod modules;
pub mod names;
pub mod number;
pub mod parser;
pub mod program;
pub mod set_table;
mod source;
pub mod text;
pub mod tokenizer;
pub mod unicode;
mod unicode_tables;
pub mod value;
pub mod vm;

pub use error::{ErrorKind, ParseError};
pub use parser::parse;

/// The whole front end: what CPython's `compile(source, name, 'exec')` checks before it emits
/// bytecode. The module, or the error CPython 3.11 raises for it, from the parser or from the
/// compiler (`'return' outside function`, `'await' outside async function`, ...).
pub fn front_end(source: &str) -> Result<ast::Module, ParseError> {
    let module = parse(source)?;
    checks::check(&module, &parser::normalize_source(source))?;
    Ok(module)
}
