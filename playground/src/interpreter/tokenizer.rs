//! Source text -> tokens, as CPython 3.11's C tokenizer (`Parser/tokenizer.c`,
//! `tok_get`) makes them: NAME, NUMBER, STRING (the whole literal, prefix and
//! quotes included: the parser decodes it), operators, NEWLINE, INDENT,
//! DEDENT and ENDMARKER; comments and blank lines dropped; newlines inside
//! brackets and after a backslash joined; indentation measured with tabs to
//! multiples of 8 and checked against a tab size of 1 (`TabError`).
//!
//! The scanner follows `tok_get` step by step (its cursor, its `nextc` and
//! `backup`) because CPython's error positions are wherever that cursor
//! stood: `invalid decimal literal` points one past the last digit read,
//! `unindent does not match` at the end of the line. Tokenizing stops at the
//! first error; [`TokenizerError`] says how it competes with parser errors.

use std::rc::Rc;

use super::error::{ErrorKind, ParseError};
use super::source::{char_offset, is_printable, is_xid_continue, is_xid_start};

/// Columns a tab advances to a multiple of (`TABSIZE`); indentation is also
/// measured with tabs as one column (`ALTTABSIZE`), and the two measures must
/// agree on which line is indented more, or it is a `TabError`.
const TAB_SIZE: u32 = 8;
/// `MAXINDENT` in `tokenizer.h`: deeper is "too many levels of indentation".
const MAX_INDENT: usize = 100;
/// `MAXLEVEL`: deeper bracket nesting is "too many nested parentheses".
const MAX_LEVEL: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Name,
    Number,
    String,
    Newline,
    Indent,
    Dedent,
    EndMarker,
    Op(Op),
    Keyword(Keyword),
}

/// Operators and delimiters (`Grammar/Tokens`). `Other` is any other
/// printable ASCII character (`$`, `?`, `!`, a backquote): CPython's `OP`,
/// which no rule accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    LPar,
    RPar,
    LSqb,
    RSqb,
    Colon,
    Comma,
    Semi,
    Plus,
    Minus,
    Star,
    Slash,
    VBar,
    Amper,
    Less,
    Greater,
    Equal,
    Dot,
    Percent,
    LBrace,
    RBrace,
    EqEqual,
    NotEqual,
    /// `<>`: CPython tokenizes it as NOTEQUAL and then refuses it.
    LessGreater,
    LessEqual,
    GreaterEqual,
    Tilde,
    Circumflex,
    LeftShift,
    RightShift,
    DoubleStar,
    PlusEqual,
    MinEqual,
    StarEqual,
    SlashEqual,
    PercentEqual,
    AmperEqual,
    VBarEqual,
    CircumflexEqual,
    LeftShiftEqual,
    RightShiftEqual,
    DoubleStarEqual,
    DoubleSlash,
    DoubleSlashEqual,
    At,
    AtEqual,
    RArrow,
    Ellipsis,
    ColonEqual,
    Other,
}

macro_rules! keywords {
    ($($variant:ident = $text:literal,)*) => {
        /// The 35 hard keywords of Python 3.11 (`async` and `await` included;
        /// `match`, `case` and `_` are soft keywords, tokenized as names).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Keyword { $($variant,)* }

        impl Keyword {
            pub fn from_name(name: &str) -> Option<Keyword> {
                match name { $($text => Some(Keyword::$variant),)* _ => None }
            }

            pub fn text(self) -> &'static str {
                match self { $(Keyword::$variant => $text,)* }
            }
        }
    };
}

keywords! {
    False = "False", None = "None", True = "True", And = "and", As = "as", Assert = "assert",
    Async = "async", Await = "await", Break = "break", Class = "class", Continue = "continue",
    Def = "def", Del = "del", Elif = "elif", Else = "else", Except = "except", Finally = "finally",
    For = "for", From = "from", Global = "global", If = "if", Import = "import", In = "in", Is = "is",
    Lambda = "lambda", Nonlocal = "nonlocal", Not = "not", Or = "or", Pass = "pass", Raise = "raise",
    Return = "return", Try = "try", While = "while", With = "with", Yield = "yield",
}

/// One token, located as pegen's `initialize_token` locates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// The token's text is `source[start..end]` (empty for INDENT, DEDENT,
    /// ENDMARKER and NEWLINE).
    pub start: usize,
    pub end: usize,
    pub lineno: u32,
    /// UTF-8 byte column; -1 for INDENT, DEDENT and ENDMARKER, which CPython
    /// gives no position.
    pub col_offset: i32,
    pub end_lineno: u32,
    pub end_col_offset: i32,
    /// Bracket depth after this token (`tok->level`).
    pub level: u32,
    /// Where the tokenizer's cursor stood after the token (bytes from the
    /// start of its line): CPython points an error there when the token has
    /// no column of its own.
    pub cursor_col: u32,
    /// Produced after the last line (DEDENTs and ENDMARKER): reading a
    /// file, CPython's cursor is then at column 0.
    pub at_end: bool,
}

/// Why tokenizing stopped early, and how that competes with a parser error
/// (`_Pypegen_set_syntax_error` and `_PyPegen_tokenize_full_source_to_check_for_errors`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizerError {
    /// What is raised when the parser asks for the token at this point.
    pub error: ParseError,
    /// Raised by the tokenizer itself (unterminated string, bad number,
    /// unmatched bracket, ...): it replaces a parser error found earlier in
    /// the file. Indentation errors and an end of file inside brackets are
    /// only reported when the parser gets there.
    pub hard: bool,
    /// The innermost bracket still open where tokenizing stopped, with its
    /// line: a parser error on a later line is replaced by
    /// `'(' was never closed`.
    pub unclosed: Option<(u32, ParseError)>,
}

/// The tokens of a source, up to the end or the first error.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    pub error: Option<TokenizerError>,
}

/// Where a token stream's positions start: line 1 column 0 for a file; for
/// an f-string replacement field, the line of the field and the column its
/// first line is shifted by (`starting_lineno`, `starting_col_offset`).
#[derive(Clone, Copy, Debug)]
pub struct Origin {
    pub first_lineno: u32,
    pub starting_lineno: u32,
    pub starting_col_offset: i32,
}

impl Origin {
    pub const FILE: Origin = Origin { first_lineno: 1, starting_lineno: 0, starting_col_offset: 0 };
}

/// Tokenizes `source`, which must end with `\n` (see [`super::parser::normalize_source`]).
pub fn tokenize(source: &str, origin: Origin) -> Tokens {
    let mut tok = Tokenizer::new(source, origin);
    let mut tokens = Vec::new();
    loop {
        match tok.next_token() {
            Ok(token) => {
                let end = token.kind == TokenKind::EndMarker;
                tokens.push(token);
                if end {
                    return Tokens { tokens, error: None };
                }
            }
            Err(error) => {
                let unclosed = tok.unclosed_error();
                return Tokens {
                    tokens,
                    error: Some(TokenizerError { error: error.error, hard: error.hard, unclosed }),
                };
            }
        }
    }
}

const EOF: i32 = -1;

struct Failure {
    error: ParseError,
    hard: bool,
}

/// `struct tok_state`, for a source held in memory.
struct Tokenizer<'s> {
    /// The source's bytes (`text`, as bytes).
    src: &'s [u8],
    text: &'s str,
    /// Next byte to read.
    cur: usize,
    /// End of the line read so far (one past its `\n`).
    inp: usize,
    line_start: usize,
    lineno: u32,
    atbol: bool,
    indstack: Vec<u32>,
    altindstack: Vec<u32>,
    pendin: i32,
    /// Open brackets: the bracket, its line and its byte column.
    parens: Vec<(u8, u32, u32)>,
    /// Where the current string token started (`first_lineno`, `multi_line_start`).
    string_lineno: u32,
    string_line_start: usize,
    origin: Origin,
}

#[derive(Clone, Copy)]
struct Raw {
    kind: TokenKind,
    start: Option<usize>,
    end: Option<usize>,
}

impl<'s> Tokenizer<'s> {
    fn new(text: &'s str, origin: Origin) -> Tokenizer<'s> {
        Tokenizer {
            src: text.as_bytes(),
            text,
            cur: 0,
            inp: 0,
            line_start: 0,
            lineno: origin.first_lineno - 1,
            atbol: true,
            indstack: vec![0],
            altindstack: vec![0],
            pendin: 0,
            parens: Vec::new(),
            string_lineno: 0,
            string_line_start: 0,
            origin,
        }
    }

    /// `tok_nextc`: the next byte, reading the next line when the current
    /// one is used up, or `EOF`.
    fn nextc(&mut self) -> i32 {
        if self.cur != self.inp {
            let c = self.src[self.cur];
            self.cur += 1;
            return c as i32;
        }
        if self.inp >= self.src.len() {
            return EOF;
        }
        self.line_start = self.inp;
        self.lineno += 1;
        self.inp = match self.src[self.inp..].iter().position(|&b| b == b'\n') {
            Some(i) => self.inp + i + 1,
            None => self.src.len(),
        };
        let c = self.src[self.cur];
        self.cur += 1;
        c as i32
    }

    /// `tok_backup`.
    fn backup(&mut self, c: i32) {
        if c != EOF {
            self.cur -= 1;
        }
    }

    /// The current line, without its `\n`.
    fn line_text(&self, line_start: usize) -> &'s str {
        let rest = &self.src[line_start..];
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        std::str::from_utf8(&rest[..end]).unwrap_or("")
    }

    /// The current line with its `\n`, as CPython reads it back from the
    /// file for parser errors.
    fn line_with_newline(&self, line_start: usize) -> String {
        let rest = &self.src[line_start..];
        let end = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
        String::from_utf8_lossy(&rest[..end]).into_owned()
    }

    /// `syntaxerror` / `syntaxerror_known_range`: a `SyntaxError` at the
    /// cursor (or at the given 1-based character columns).
    fn syntax_error(&self, msg: String, range: Option<(i32, i32)>) -> Failure {
        let text = self.line_text(self.line_start);
        let (col, end_col) = match range {
            Some(range) => range,
            None => {
                let col = char_offset(&self.src[self.line_start..self.cur]) as i32;
                (col, col)
            }
        };
        Failure {
            error: ParseError {
                kind: ErrorKind::SyntaxError,
                msg,
                lineno: self.lineno,
                offset: col,
                end_lineno: self.lineno,
                end_offset: Some(end_col),
                text: Some(text.to_string()),
                script_columns: None,
            },
            hard: true,
        }
    }

    /// An error pegen raises from the tokenizer's state when it receives the
    /// error token (`_Pypegen_tokenizer_error`): at the cursor, or at the
    /// start of the line (`col` 0) for tab errors.
    fn state_error(&self, kind: ErrorKind, msg: &str, at_cursor: bool) -> Failure {
        let text = self.line_with_newline(self.line_start);
        let (offset, end_offset, script_columns) = if at_cursor {
            // Pegen converts the cursor's byte column to characters, except
            // when it reads a file.
            let col = char_offset(&self.src[self.line_start..self.cur]) as i32;
            (col, -1, Some(((self.cur - self.line_start) as i32, Some(-1))))
        } else {
            (1, 0, None)
        };
        Failure {
            error: ParseError {
                kind,
                msg: msg.to_string(),
                lineno: self.lineno,
                offset,
                end_lineno: self.lineno,
                end_offset: Some(end_offset),
                text: Some(text),
                script_columns,
            },
            hard: false,
        }
    }

    /// `raise_unclosed_parentheses_error` for the innermost open bracket.
    fn unclosed_error(&self) -> Option<(u32, ParseError)> {
        let &(paren, lineno, col) = self.parens.last()?;
        let line_start = self.line_start_of(lineno);
        let text = self.line_with_newline(line_start);
        let offset = char_offset(&self.src[line_start..line_start + col as usize]) as i32 + 1;
        let error = ParseError {
            kind: ErrorKind::SyntaxError,
            msg: format!("'{}' was never closed", paren as char),
            lineno,
            offset,
            end_lineno: lineno,
            end_offset: Some(0),
            text: Some(text),
            script_columns: Some((col as i32 + 1, Some(0))),
        };
        Some((lineno, error))
    }

    /// The byte offset where line `lineno` starts.
    fn line_start_of(&self, lineno: u32) -> usize {
        let mut start = 0;
        for _ in self.origin.first_lineno..lineno {
            match self.src[start..].iter().position(|&b| b == b'\n') {
                Some(i) => start += i + 1,
                None => break,
            }
        }
        start
    }

    fn next_token(&mut self) -> Result<Token, Failure> {
        let raw = self.tok_get()?;
        Ok(self.make_token(raw))
    }

    /// `initialize_token`: positions as pegen computes them.
    fn make_token(&self, raw: Raw) -> Token {
        let (line_start, lineno) = if raw.kind == TokenKind::String {
            (self.string_line_start, self.string_lineno)
        } else {
            (self.line_start, self.lineno)
        };
        let col_offset = match raw.start {
            Some(s) if s >= line_start => (s - line_start) as i32,
            _ => -1,
        };
        let end_col_offset = match raw.end {
            Some(e) if e >= self.line_start => (e - self.line_start) as i32,
            _ => -1,
        };
        let shift = if self.lineno == self.origin.starting_lineno { self.origin.starting_col_offset } else { 0 };
        Token {
            kind: raw.kind,
            start: raw.start.unwrap_or(self.cur),
            end: raw.end.unwrap_or(self.cur),
            lineno,
            col_offset: col_offset + shift,
            end_lineno: self.lineno,
            end_col_offset: end_col_offset + shift,
            level: self.parens.len() as u32,
            cursor_col: (self.cur - self.line_start) as u32,
            at_end: raw.start.is_none() && self.cur >= self.src.len(),
        }
    }

    fn raw(kind: TokenKind, start: usize, end: usize) -> Raw {
        Raw { kind, start: Some(start), end: Some(end) }
    }

    /// `tok_continuation_line`: after a backslash, the next byte must end
    /// the line.
    fn continuation_line(&mut self) -> Result<i32, Failure> {
        let c = self.nextc();
        if c != b'\n' as i32 {
            // E_LINECONT: pegen points one past the character after the
            // backslash (`tok->cur - tok->buf - 1`, then +1).
            let text = self.line_with_newline(self.line_start);
            let col = char_offset(&self.src[self.line_start..self.cur]) as i32;
            return Err(Failure {
                error: ParseError {
                    kind: ErrorKind::SyntaxError,
                    msg: "unexpected character after line continuation character".into(),
                    lineno: self.lineno,
                    offset: col,
                    end_lineno: self.lineno,
                    end_offset: Some(0),
                    text: Some(text),
                    script_columns: Some(((self.cur - self.line_start) as i32, Some(0))),
                },
                hard: false,
            });
        }
        let c = self.nextc();
        if c == EOF {
            self.cur = self.inp;
            return Err(self.eof_error());
        }
        self.backup(c);
        Ok(c)
    }

    /// E_EOF: an unclosed bracket, or `unexpected EOF while parsing`.
    fn eof_error(&self) -> Failure {
        match self.unclosed_error() {
            Some((_, error)) => Failure { error, hard: false },
            None => self.state_error(ErrorKind::SyntaxError, "unexpected EOF while parsing", true),
        }
    }

    fn tok_get(&mut self) -> Result<Raw, Failure> {
        let mut blankline;
        'nextline: loop {
            blankline = false;
            if self.atbol {
                self.indentation(&mut blankline)?;
            }
            // Pending indents and dedents.
            if self.pendin != 0 {
                let kind = if self.pendin < 0 {
                    self.pendin += 1;
                    TokenKind::Dedent
                } else {
                    self.pendin -= 1;
                    TokenKind::Indent
                };
                return Ok(Raw { kind, start: None, end: None });
            }
            'again: loop {
                let mut c = self.nextc();
                while c == b' ' as i32 || c == b'\t' as i32 || c == 0x0c {
                    c = self.nextc();
                }
                let start = self.cur.saturating_sub(1);
                if c == b'#' as i32 {
                    while c != EOF && c != b'\n' as i32 {
                        c = self.nextc();
                    }
                }
                if c == EOF {
                    if !self.parens.is_empty() {
                        return Err(self.eof_error());
                    }
                    return Ok(Raw { kind: TokenKind::EndMarker, start: None, end: None });
                }
                if is_potential_identifier_start(c) {
                    return self.identifier_or_prefixed_string(c, start);
                }
                if c == b'\n' as i32 {
                    self.atbol = true;
                    if blankline || !self.parens.is_empty() {
                        continue 'nextline;
                    }
                    return Ok(Self::raw(TokenKind::Newline, start, self.cur - 1));
                }
                if c == b'.' as i32 {
                    let c2 = self.nextc();
                    if is_digit(c2) {
                        return self.fraction(start, c2);
                    } else if c2 == b'.' as i32 {
                        let c3 = self.nextc();
                        if c3 == b'.' as i32 {
                            return Ok(Self::raw(TokenKind::Op(Op::Ellipsis), start, self.cur));
                        }
                        self.backup(c3);
                        self.backup(b'.' as i32);
                    } else {
                        self.backup(c2);
                    }
                    return Ok(Self::raw(TokenKind::Op(Op::Dot), start, self.cur));
                }
                if is_digit(c) {
                    return self.number(c, start);
                }
                if c == b'\'' as i32 || c == b'"' as i32 {
                    return self.string(c, start);
                }
                if c == b'\\' as i32 {
                    self.continuation_line()?;
                    continue 'again;
                }
                return self.operator(c, start);
            }
        }
    }

    /// The indentation part of `tok_get`: measures the new line's indent
    /// and queues INDENT/DEDENT tokens.
    fn indentation(&mut self, blankline: &mut bool) -> Result<(), Failure> {
        let mut col: u32 = 0;
        let mut altcol: u32 = 0;
        self.atbol = false;
        let mut cont_line_col = 0;
        let c = loop {
            let c = self.nextc();
            if c == b' ' as i32 {
                col += 1;
                altcol += 1;
            } else if c == b'\t' as i32 {
                col = (col / TAB_SIZE + 1) * TAB_SIZE;
                altcol += 1;
            } else if c == 0x0c {
                col = 0;
                altcol = 0;
            } else if c == b'\\' as i32 {
                // The first backslash found decides the indentation of
                // what follows.
                cont_line_col = if cont_line_col != 0 { cont_line_col } else { col };
                self.continuation_line()?;
            } else {
                break c;
            }
        };
        self.backup(c);
        if c == b'#' as i32 || c == b'\n' as i32 {
            // Lines with only whitespace and/or a comment do not count.
            *blankline = true;
        }
        if !*blankline && self.parens.is_empty() {
            if cont_line_col != 0 {
                col = cont_line_col;
                altcol = cont_line_col;
            }
            let top = self.indstack.len() - 1;
            if col == self.indstack[top] {
                if altcol != self.altindstack[top] {
                    return Err(self.tab_error());
                }
            } else if col > self.indstack[top] {
                if self.indstack.len() >= MAX_INDENT {
                    self.cur = self.inp;
                    return Err(self.state_error(ErrorKind::IndentationError, "too many levels of indentation", false));
                }
                if altcol <= self.altindstack[top] {
                    return Err(self.tab_error());
                }
                self.pendin += 1;
                self.indstack.push(col);
                self.altindstack.push(altcol);
            } else {
                while self.indstack.len() > 1 && col < self.indstack[self.indstack.len() - 1] {
                    self.pendin -= 1;
                    self.indstack.pop();
                    self.altindstack.pop();
                }
                let top = self.indstack.len() - 1;
                if col != self.indstack[top] {
                    self.cur = self.inp;
                    return Err(self.state_error(
                        ErrorKind::IndentationError,
                        "unindent does not match any outer indentation level",
                        true,
                    ));
                }
                if altcol != self.altindstack[top] {
                    return Err(self.tab_error());
                }
            }
        }
        Ok(())
    }

    /// `indenterror`: E_TABSPACE.
    fn tab_error(&mut self) -> Failure {
        self.cur = self.inp;
        self.state_error(ErrorKind::TabError, "inconsistent use of tabs and spaces in indentation", false)
    }

    fn identifier_or_prefixed_string(&mut self, first: i32, start: usize) -> Result<Raw, Failure> {
        let mut c = first;
        let (mut saw_b, mut saw_r, mut saw_u, mut saw_f) = (false, false, false, false);
        loop {
            let lower = (c as u8).to_ascii_lowercase();
            if !(saw_b || saw_u || saw_f) && lower == b'b' {
                saw_b = true;
            } else if !(saw_b || saw_u || saw_r || saw_f) && lower == b'u' {
                saw_u = true;
            } else if !(saw_r || saw_u) && lower == b'r' {
                saw_r = true;
            } else if !(saw_f || saw_b || saw_u) && lower == b'f' {
                saw_f = true;
            } else {
                break;
            }
            c = self.nextc();
            if c == b'"' as i32 || c == b'\'' as i32 {
                return self.string(c, start);
            }
        }
        let mut nonascii = false;
        while is_potential_identifier_char(c) {
            if c >= 128 {
                nonascii = true;
            }
            c = self.nextc();
        }
        self.backup(c);
        if nonascii {
            self.verify_identifier(start)?;
        }
        // Identifiers end before an ASCII byte: the slice is on character
        // boundaries.
        let text = self.text.get(start..self.cur).unwrap_or("");
        let kind = match Keyword::from_name(text) {
            Some(keyword) => TokenKind::Keyword(keyword),
            None => TokenKind::Name,
        };
        Ok(Self::raw(kind, start, self.cur))
    }

    /// `verify_identifier`: PEP 3131 (XID_Start, then XID_Continue).
    fn verify_identifier(&mut self, start: usize) -> Result<(), Failure> {
        let text = String::from_utf8_lossy(&self.src[start..self.cur]).into_owned();
        for (i, (byte_index, ch)) in text.char_indices().enumerate() {
            let valid = if i == 0 { is_xid_start(ch) } else { is_xid_continue(ch) };
            if !valid {
                self.cur = start + byte_index + ch.len_utf8();
                let msg = if is_printable(ch) {
                    format!("invalid character '{ch}' (U+{:04X})", ch as u32)
                } else {
                    format!("invalid non-printable character U+{:04X}", ch as u32)
                };
                return Err(self.syntax_error(msg, None));
            }
        }
        Ok(())
    }

    /// The number branch of `tok_get`; `c` is the first digit.
    fn number(&mut self, first: i32, start: usize) -> Result<Raw, Failure> {
        let mut c = first;
        if c == b'0' as i32 {
            c = self.nextc();
            let radix = match c as u8 {
                b'x' | b'X' => Some((16, "hexadecimal")),
                b'o' | b'O' => Some((8, "octal")),
                b'b' | b'B' => Some((2, "binary")),
                _ => None,
            };
            if let Some((radix, kind)) = radix {
                return self.radix_number(radix, kind, start);
            }
            let mut nonzero = false;
            loop {
                if c == b'_' as i32 {
                    c = self.nextc();
                    if !is_digit(c) {
                        self.backup(c);
                        return Err(self.syntax_error("invalid decimal literal".into(), None));
                    }
                }
                if c != b'0' as i32 {
                    break;
                }
                c = self.nextc();
            }
            let zeros_end = self.cur;
            if is_digit(c) {
                nonzero = true;
                c = self.decimal_tail()?;
            }
            if c == b'.' as i32 {
                let c2 = self.nextc();
                return self.fraction(start, c2);
            } else if c == b'e' as i32 || c == b'E' as i32 {
                return self.exponent(start, c);
            } else if c == b'j' as i32 || c == b'J' as i32 {
                return self.imaginary(start);
            } else if nonzero {
                self.backup(c);
                let col = (start + 1 - self.line_start) as i32;
                let end_col = (zeros_end - self.line_start) as i32;
                return Err(self.syntax_error(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"
                        .into(),
                    Some((col, end_col)),
                ));
            }
            self.verify_end_of_number(c, "decimal")?;
            self.backup(c);
            return Ok(Self::raw(TokenKind::Number, start, self.cur));
        }
        c = self.decimal_tail()?;
        if c == b'.' as i32 {
            let c2 = self.nextc();
            return self.fraction(start, c2);
        }
        self.after_fraction(start, c)
    }

    /// Hexadecimal, octal and binary literals, after the `0x`/`0o`/`0b`.
    fn radix_number(&mut self, radix: u32, kind: &str, start: usize) -> Result<Raw, Failure> {
        let is_radix_digit = |c: i32| c >= 0 && (c as u8 as char).is_digit(radix);
        let mut c = self.nextc();
        loop {
            if c == b'_' as i32 {
                c = self.nextc();
            }
            if !is_radix_digit(c) {
                if radix != 16 && is_digit(c) {
                    return Err(
                        self.syntax_error(format!("invalid digit '{}' in {kind} literal", c as u8 as char), None)
                    );
                }
                self.backup(c);
                return Err(self.syntax_error(format!("invalid {kind} literal"), None));
            }
            loop {
                c = self.nextc();
                if !is_radix_digit(c) {
                    break;
                }
            }
            if c != b'_' as i32 {
                break;
            }
        }
        if radix != 16 && is_digit(c) {
            return Err(self.syntax_error(format!("invalid digit '{}' in {kind} literal", c as u8 as char), None));
        }
        self.verify_end_of_number(c, kind)?;
        self.backup(c);
        Ok(Self::raw(TokenKind::Number, start, self.cur))
    }

    /// `tok_decimal_tail`: digits with single underscores between them;
    /// returns the first byte after them.
    fn decimal_tail(&mut self) -> Result<i32, Failure> {
        loop {
            let mut c = self.nextc();
            while is_digit(c) {
                c = self.nextc();
            }
            if c != b'_' as i32 {
                return Ok(c);
            }
            c = self.nextc();
            if !is_digit(c) {
                self.backup(c);
                return Err(self.syntax_error("invalid decimal literal".into(), None));
            }
        }
    }

    /// The `fraction:` label; `c` is the byte after the `.`.
    fn fraction(&mut self, start: usize, c: i32) -> Result<Raw, Failure> {
        let mut c = c;
        if is_digit(c) {
            c = self.decimal_tail()?;
        }
        self.after_fraction(start, c)
    }

    fn after_fraction(&mut self, start: usize, c: i32) -> Result<Raw, Failure> {
        if c == b'e' as i32 || c == b'E' as i32 {
            return self.exponent(start, c);
        }
        if c == b'j' as i32 || c == b'J' as i32 {
            return self.imaginary(start);
        }
        self.verify_end_of_number(c, "decimal")?;
        self.backup(c);
        Ok(Self::raw(TokenKind::Number, start, self.cur))
    }

    /// The `exponent:` label; `e` is the `e` or `E` just read.
    fn exponent(&mut self, start: usize, e: i32) -> Result<Raw, Failure> {
        let mut c = self.nextc();
        if c == b'+' as i32 || c == b'-' as i32 {
            c = self.nextc();
            if !is_digit(c) {
                self.backup(c);
                return Err(self.syntax_error("invalid decimal literal".into(), None));
            }
        } else if !is_digit(c) {
            self.backup(c);
            self.verify_end_of_number(e, "decimal")?;
            self.backup(e);
            return Ok(Self::raw(TokenKind::Number, start, self.cur));
        }
        let c = self.decimal_tail()?;
        if c == b'j' as i32 || c == b'J' as i32 {
            return self.imaginary(start);
        }
        self.verify_end_of_number(c, "decimal")?;
        self.backup(c);
        Ok(Self::raw(TokenKind::Number, start, self.cur))
    }

    /// The `imaginary:` label, after the `j`.
    fn imaginary(&mut self, start: usize) -> Result<Raw, Failure> {
        let c = self.nextc();
        self.verify_end_of_number(c, "imaginary")?;
        self.backup(c);
        Ok(Self::raw(TokenKind::Number, start, self.cur))
    }

    /// `verify_end_of_number`: a number followed by a letter is an error,
    /// except before the keywords that may follow a number in valid code
    /// (`1if x else 2`; CPython warns there, we accept silently).
    fn verify_end_of_number(&mut self, c: i32, kind: &str) -> Result<(), Failure> {
        let keyword_follows = match c as u8 {
            b'a' => self.lookahead(b"nd"),
            b'e' => self.lookahead(b"lse"),
            b'f' => self.lookahead(b"or"),
            b'i' => {
                let c2 = self.nextc();
                self.backup(c2);
                c2 == b'f' as i32 || c2 == b'n' as i32 || c2 == b's' as i32
            }
            b'o' => self.lookahead(b"r"),
            b'n' => self.lookahead(b"ot"),
            _ => false,
        };
        if keyword_follows || c == EOF {
            return Ok(());
        }
        if c < 128 && is_potential_identifier_char(c) {
            self.backup(c);
            return Err(self.syntax_error(format!("invalid {kind} literal"), None));
        }
        Ok(())
    }

    /// `lookahead`: do the next bytes spell `rest`, not followed by an
    /// identifier character? The cursor does not move.
    fn lookahead(&mut self, rest: &[u8]) -> bool {
        let saved = self.cur;
        let mut matched = true;
        for &b in rest {
            if self.cur < self.inp && self.src[self.cur] == b {
                self.cur += 1;
            } else {
                matched = false;
                break;
            }
        }
        let result = matched && !(self.cur < self.inp && is_potential_identifier_char(self.src[self.cur] as i32));
        self.cur = saved;
        result
    }

    /// The string branch (`letter_quote:`): `quote` has just been read.
    fn string(&mut self, quote: i32, start: usize) -> Result<Raw, Failure> {
        self.string_lineno = self.lineno;
        self.string_line_start = self.line_start;
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        let mut c = self.nextc();
        if c == quote {
            c = self.nextc();
            if c == quote {
                quote_size = 3;
            } else {
                end_quote_size = 1;
            }
        }
        if c != quote {
            self.backup(c);
        }
        while end_quote_size != quote_size {
            c = self.nextc();
            if c == EOF || (quote_size == 1 && c == b'\n' as i32) {
                // Report from the opening quote, on the line it is on.
                let detected_at = self.lineno;
                self.cur = start + 1;
                self.line_start = self.string_line_start;
                self.lineno = self.string_lineno;
                let msg = if quote_size == 3 {
                    format!("unterminated triple-quoted string literal (detected at line {detected_at})")
                } else {
                    format!("unterminated string literal (detected at line {detected_at})")
                };
                return Err(self.syntax_error(msg, None));
            }
            if c == quote {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if c == b'\\' as i32 {
                    self.nextc();
                }
            }
        }
        Ok(Self::raw(TokenKind::String, start, self.cur))
    }

    fn operator(&mut self, c: i32, start: usize) -> Result<Raw, Failure> {
        let c2 = self.nextc();
        if let Some(op2) = two_chars(c as u8, c2 as u8).filter(|_| c2 != EOF) {
            let c3 = self.nextc();
            let op = match three_chars(c as u8, c2 as u8, c3 as u8).filter(|_| c3 != EOF) {
                Some(op3) => op3,
                None => {
                    self.backup(c3);
                    op2
                }
            };
            return Ok(Self::raw(TokenKind::Op(op), start, self.cur));
        }
        self.backup(c2);
        match c as u8 {
            b'(' | b'[' | b'{' => {
                if self.parens.len() >= MAX_LEVEL {
                    return Err(self.syntax_error("too many nested parentheses".into(), None));
                }
                self.parens.push((c as u8, self.lineno, (start - self.line_start) as u32));
            }
            b')' | b']' | b'}' => {
                let Some((opening, open_line, _)) = self.parens.pop() else {
                    return Err(self.syntax_error(format!("unmatched '{}'", c as u8 as char), None));
                };
                let matching = matches!((opening, c as u8), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                if !matching {
                    let msg = if open_line != self.lineno {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}' on line {open_line}",
                            c as u8 as char, opening as char
                        )
                    } else {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}'",
                            c as u8 as char, opening as char
                        )
                    };
                    return Err(self.syntax_error(msg, None));
                }
            }
            _ => {}
        }
        if !is_printable(c as u8 as char) {
            return Err(self.syntax_error(format!("invalid non-printable character U+{:04X}", c), None));
        }
        Ok(Self::raw(TokenKind::Op(one_char(c as u8)), start, self.cur))
    }
}

fn is_digit(c: i32) -> bool {
    (b'0' as i32..=b'9' as i32).contains(&c)
}

fn is_potential_identifier_start(c: i32) -> bool {
    c >= 128 || c >= 0 && matches!(c as u8, b'a'..=b'z' | b'A'..=b'Z' | b'_')
}

fn is_potential_identifier_char(c: i32) -> bool {
    c >= 128 || c >= 0 && matches!(c as u8, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_')
}

/// `PyToken_OneChar`.
fn one_char(c: u8) -> Op {
    match c {
        b'%' => Op::Percent,
        b'&' => Op::Amper,
        b'(' => Op::LPar,
        b')' => Op::RPar,
        b'*' => Op::Star,
        b'+' => Op::Plus,
        b',' => Op::Comma,
        b'-' => Op::Minus,
        b'.' => Op::Dot,
        b'/' => Op::Slash,
        b':' => Op::Colon,
        b';' => Op::Semi,
        b'<' => Op::Less,
        b'=' => Op::Equal,
        b'>' => Op::Greater,
        b'@' => Op::At,
        b'[' => Op::LSqb,
        b']' => Op::RSqb,
        b'^' => Op::Circumflex,
        b'{' => Op::LBrace,
        b'|' => Op::VBar,
        b'}' => Op::RBrace,
        b'~' => Op::Tilde,
        _ => Op::Other,
    }
}

/// `PyToken_TwoChars`.
fn two_chars(c1: u8, c2: u8) -> Option<Op> {
    Some(match (c1, c2) {
        (b'!', b'=') => Op::NotEqual,
        (b'%', b'=') => Op::PercentEqual,
        (b'&', b'=') => Op::AmperEqual,
        (b'*', b'*') => Op::DoubleStar,
        (b'*', b'=') => Op::StarEqual,
        (b'+', b'=') => Op::PlusEqual,
        (b'-', b'=') => Op::MinEqual,
        (b'-', b'>') => Op::RArrow,
        (b'/', b'/') => Op::DoubleSlash,
        (b'/', b'=') => Op::SlashEqual,
        (b':', b'=') => Op::ColonEqual,
        (b'<', b'<') => Op::LeftShift,
        (b'<', b'=') => Op::LessEqual,
        (b'<', b'>') => Op::LessGreater,
        (b'=', b'=') => Op::EqEqual,
        (b'>', b'=') => Op::GreaterEqual,
        (b'>', b'>') => Op::RightShift,
        (b'@', b'=') => Op::AtEqual,
        (b'^', b'=') => Op::CircumflexEqual,
        (b'|', b'=') => Op::VBarEqual,
        _ => return None,
    })
}

/// `PyToken_ThreeChars`.
fn three_chars(c1: u8, c2: u8, c3: u8) -> Option<Op> {
    Some(match (c1, c2, c3) {
        (b'*', b'*', b'=') => Op::DoubleStarEqual,
        (b'.', b'.', b'.') => Op::Ellipsis,
        (b'/', b'/', b'=') => Op::DoubleSlashEqual,
        (b'<', b'<', b'=') => Op::LeftShiftEqual,
        (b'>', b'>', b'=') => Op::RightShiftEqual,
        _ => return None,
    })
}

/// A name as the AST holds it.
pub type Ident = Rc<str>;
