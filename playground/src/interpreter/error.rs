//! The front end's errors as values: what CPython 3.11 raises for a program it
//! cannot compile (`SyntaxError`, `IndentationError`, `TabError`, with the
//! exception's `msg`, `lineno`, `offset`, `end_lineno`, `end_offset` and
//! `text`), plus the constructs this playground does not run.

use std::fmt;

/// The Python class of a [`ParseError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
    /// A construct of the 3.11 grammar outside the playground's subset
    /// (`match`, `except*`): not a mistake in the program, so not a
    /// `SyntaxError`.
    NotImplementedError,
    /// Source nested too deeply to parse (CPython 3.12's message; 3.11
    /// raises a bare `MemoryError`).
    MemoryError,
    /// A tree too deep to compile (`a + b + ...` with over a thousand
    /// terms), as CPython's compiler reports it.
    RecursionError,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
            ErrorKind::NotImplementedError => "NotImplementedError",
            ErrorKind::MemoryError => "MemoryError",
            ErrorKind::RecursionError => "RecursionError",
        }
    }
}

/// A program the front end refuses, located as CPython locates it.
///
/// `offset` and `end_offset` are what the exception's attributes hold:
/// 1-based, in characters for errors from the parser and the tokenizer, in
/// UTF-8 bytes for errors from the compiler (CPython 3.11 does not convert
/// those), and CPython's odd values where it has them (`end_offset` is -1 or
/// 0 for indentation errors and unclosed brackets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ErrorKind,
    pub msg: String,
    pub lineno: u32,
    pub offset: i32,
    pub end_lineno: u32,
    /// `None` where CPython leaves it unset (`from __future__` errors).
    pub end_offset: Option<i32>,
    /// The source line (with its `\n` when the source has one), or `None`
    /// where CPython has none (a line past the end of the file).
    pub text: Option<String>,
    /// `(offset, end_offset)` as `python3 <file>` reports them, where they
    /// differ from what `compile()` reports (the fields above): reading a
    /// file, CPython 3.11's parser leaves its columns in bytes and, at the
    /// end of the file, its cursor at column 0. Only [`ParseError::render`]
    /// uses them.
    pub script_columns: Option<(i32, Option<i32>)>,
}

impl ParseError {
    /// `NotImplementedError: 'match' statements are not supported in this
    /// playground (line 12)`, pointing at the construct's keyword.
    pub fn unsupported(what: &str, lineno: u32, offset: i32, end_offset: i32, text: Option<String>) -> ParseError {
        ParseError {
            kind: ErrorKind::NotImplementedError,
            msg: format!("{what} are not supported in this playground (line {lineno})"),
            lineno,
            offset,
            end_lineno: lineno,
            end_offset: Some(end_offset),
            text,
            script_columns: None,
        }
    }

    /// The error as `python3 <file_name>` prints it on stderr (CPython 3.11's
    /// `print_exception_file_and_line` and `print_error_text` in
    /// `Python/pythonrun.c`): the file and line, the stripped source line, a
    /// caret line, then `SyntaxError: msg`. Every line ends with `\n`.
    pub fn render(&self, file_name: &str) -> String {
        let mut out = format!("  File \"{file_name}\", line {}\n", self.lineno);
        let (offset, end_offset) = self.script_columns.unwrap_or((self.offset, self.end_offset));
        if let Some(text) = &self.text {
            // Subclasses of SyntaxError do not report an end
            // (`parse_syntax_error`): one caret.
            let subclass = matches!(self.kind, ErrorKind::IndentationError | ErrorKind::TabError);
            let mut end_offset = if subclass { -1 } else { end_offset.unwrap_or(-1) as i64 };
            let line_size = text.len() as i64;
            if self.end_lineno > self.lineno {
                end_offset = line_size;
            }
            if end_offset > line_size + 1 {
                end_offset = line_size + 1;
            }
            print_error_text(&mut out, offset as i64, end_offset, text);
        }
        out.push_str(self.kind.name());
        out.push_str(": ");
        out.push_str(&self.msg);
        out.push('\n');
        out
    }
}

/// `print_error_text`, byte for byte: the offsets are characters but the C
/// code walks UTF-8 bytes, and so do we.
fn print_error_text(out: &mut String, offset: i64, end_offset: i64, text: &str) {
    let caret_repetitions = if end_offset > 0 && end_offset > offset { end_offset - offset } else { 1 };
    let mut offset = offset - 1;
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() && matches!(bytes[start], b' ' | b'\t' | b'\x0c') {
        start += 1;
        offset -= 1;
    }
    let mut len = (bytes.len() - start) as i64;
    if len > 0 && bytes[bytes.len() - 1] == b'\n' {
        len -= 1;
    }
    // (`len` is only needed to clip the offset; after the newline skipping
    // below the C code keeps it in step but never reads it again.)
    if offset > len {
        offset = len;
    }
    // Skip past newlines embedded in the text.
    while let Some(nl) = bytes[start..].iter().position(|&b| b == b'\n') {
        let inl = nl as i64;
        if inl >= offset {
            break;
        }
        start += nl + 1;
        offset -= inl + 1;
    }
    let rest = &text[start..];
    out.push_str("    ");
    out.push_str(rest);
    if !rest.ends_with('\n') {
        out.push('\n');
    }
    if offset < 0 {
        return;
    }
    out.push_str("    ");
    for _ in 0..offset {
        out.push(' ');
    }
    for _ in 0..caret_repetitions {
        out.push('^');
    }
    out.push('\n');
}

impl fmt::Display for ParseError {
    /// As the last line of the traceback: `SyntaxError: invalid syntax`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.msg)
    }
}

impl std::error::Error for ParseError {}
