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
//! - [`int`]: arbitrary-precision `int` (an `i64` fast path that never allocates), its big
//!   half in [`bigint`];
//! - [`float`]: `float`'s repr, parsing, rounding, hashing and its arithmetic rules, with a
//!   correctly rounded `**` (`float_pow.rs`);
//! - [`number`]: the two together: mixed arithmetic, exact int/float comparison;
//! - [`format`](mod@format): `format()`/`str.format`/f-string specs and printf-style `%`;
//! - [`text`]: `str`'s repr and methods, indexing and slicing by code point;
//! - [`set_table`]: CPython's set hash table, so sets iterate in CPython's order, and the
//!   hashes of tuples.
//!
//! Errors are [`Exception`](crate::runtime::Exception) values named and worded as
//! CPython's, never panics: the page is built with `panic = "abort"`.
//!
//! A tour, each line as CPython 3.11 prints it:
//!
//! ```
//! use playground::interpreter::format::{self, FormatArg, PrintfArgs};
//! use playground::interpreter::int::Int;
//! use playground::interpreter::number::{BinaryOp, Number};
//! use playground::interpreter::set_table::SetTable;
//! use playground::interpreter::{float, text};
//!
//! // 2 ** 64 does not wrap; 1 / 3 is a correctly rounded float; 10**30 == 1e30 is False.
//! let two = Number::Int(Int::Small(2));
//! let big = two.binary(BinaryOp::Pow, &Number::Int(Int::Small(64)))?.expect("ints have **");
//! assert_eq!(big.repr()?, "18446744073709551616");
//! let third = Number::Int(Int::Small(1)).binary(BinaryOp::TrueDiv, &Number::Int(Int::Small(3)))?;
//! assert_eq!(third, Some(Number::Float(0.3333333333333333)));
//! let e30 = Number::Int(Int::parse("1_000_000_000_000_000_000_000_000_000_000", 10)?);
//! assert!(!e30.equals(&Number::Float(1e30)));
//!
//! // Errors are values, worded as CPython's.
//! let error = Int::Small(1).floordiv(&Int::zero()).unwrap_err();
//! assert_eq!(error.to_string(), "ZeroDivisionError: integer division or modulo by zero");
//!
//! // repr, round, format, %.
//! assert_eq!(float::repr(1e16), "1e+16");
//! assert_eq!(float::round(2.675, &Int::Small(2))?, 2.67);
//! assert_eq!(format::format(&FormatArg::Float(1234.5), "_>+12,.2f")?, "___+1,234.50");
//! let args = PrintfArgs::Tuple(vec![FormatArg::Str("pi"), FormatArg::Float(3.14159)]);
//! assert_eq!(format::printf("%s = %5.2f", &args)?, "pi =  3.14");
//! assert_eq!(text::repr("it's"), "\"it's\"");
//!
//! // A set of ints iterates in CPython's order.
//! let mut set = SetTable::new();
//! for v in [5i64, 1, 100, 33, -1] {
//!     set.add(v, Int::Small(v).hash(), |a, b| a == b);
//! }
//! assert_eq!(set.iter().copied().collect::<Vec<_>>(), [1, 33, 100, 5, -1]);
//! # Ok::<(), playground::runtime::Exception>(())
//! ```
//!
//! The front end, on a good program and a bad one:
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
pub mod bigint;
pub mod builtins;
pub mod checks;
pub mod code;
pub mod compiler;
pub mod dict;
mod error;
pub mod float;
mod float_pow;
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
