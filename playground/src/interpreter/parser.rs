//! Tokens -> AST: a recursive-descent port of CPython 3.11's PEG grammar
//! (`Grammar/python.gram`), one method per grammar rule, with the same
//! ordered alternatives, backtracking and memoized rules, so that it accepts
//! the same programs and fails at the same token.
//!
//! As in pegen (`Parser/pegen.c`), parsing runs in two passes. The first
//! parses the valid grammar; if it fails without raising, a second pass
//! runs with the `invalid_*` rules switched on, which recognize common
//! mistakes and raise CPython's specialized messages (`expected ':'`,
//! `Perhaps you forgot a comma?`, `cannot assign to function call here`);
//! if none applies, `invalid syntax` points at the furthest token the first
//! pass read. Errors from the tokenizer compete with those by pegen's rules
//! (see [`TokenizerError`]).
//!
//! Left-recursive rules (`primary`, `sum`, ...) are loops; rules that pegen
//! memoizes and that this port can reach twice at one position are
//! memoized too (`expression`, `block`, `t_primary`, `arguments`, ...).
//! The rules live in `parser/statements.rs`, `parser/expressions.rs`,
//! `parser/targets.rs`, `parser/params.rs`, `parser/invalid.rs` (the second
//! pass) and `parser/strings.rs` (literals and f-strings).

mod expressions;
mod invalid;
mod literals;
mod params;
mod statements;
mod targets;

use super::ast::{Expr, Loc, Module, Stmt};
use super::error::{ErrorKind, ParseError};
use super::source::char_offset;
use super::tokenizer::{tokenize, Keyword, Op, Origin, Token, TokenKind, TokenizerError};

/// How deeply expressions may nest (brackets, unary operators, lambdas,
/// f-string fields) before the parser gives up instead of overflowing the
/// page's stack: a level costs about 4 KiB of stack (measured natively,
/// release build), so 100 levels stay well inside the page's 1 MiB.
/// CPython accepts up to 199 nested brackets; the playground stops at 100
/// with CPython's message for source too complex to parse.
const MAX_DEPTH: u32 = 100;

/// How deep the tree may grow through chains the parser builds in loops
/// (`a + b + ...`, `a.b.c...`, `f()()...`), so that the passes that walk it
/// recursively (checks, `ast::dump`, the compiler) stay within the stack.
/// CPython stops somewhat above 1000 with the same RecursionError.
const MAX_AST_DEPTH: u32 = 1000;

/// `ast.parse(source)`: the module, or the error CPython 3.11 raises.
pub fn parse(source: &str) -> Result<Module, ParseError> {
    let source = normalize_source(source);
    let mut parser = Parser::new(&source, Mode::File, Origin::FILE);
    let body = parser.run(Parser::file).map_err(|e| *e)?;
    Ok(Module { body })
}

/// The source as CPython's tokenizer reads it (`translate_newlines` in
/// `Parser/tokenizer.c`): `\r\n` and `\r` become `\n`, and the text ends
/// with a `\n`. Like CPython, a final `\r\n` gains a blank line after it
/// (its loop stops on the `\n` it skips and then appends one).
pub fn normalize_source(source: &str) -> String {
    if !source.contains('\r') {
        let mut text = String::with_capacity(source.len() + 1);
        text.push_str(source);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        return text;
    }
    let mut text = String::with_capacity(source.len() + 1);
    let mut chars = source.chars();
    let mut skip_next_lf = false;
    let mut last = '\0';
    while let Some(mut c) = chars.next() {
        if skip_next_lf {
            skip_next_lf = false;
            if c == '\n' {
                match chars.next() {
                    Some(next) => c = next,
                    None => {
                        last = '\0';
                        break;
                    }
                }
            }
        }
        if c == '\r' {
            skip_next_lf = true;
            c = '\n';
        }
        text.push(c);
        last = c;
    }
    if last != '\n' {
        text.push('\n');
    }
    text
}

/// What a rule returns: `Ok(Some(_))` when it matched, `Ok(None)` when it
/// did not (the caller backtracks), `Err` when it raised: parsing stops.
type PResult<T> = Result<Option<T>, Box<ParseError>>;

/// A whole file, or the expression of an f-string replacement field, which
/// CPython parses with a parser of its own (`fstring_compile_expr`): its
/// errors are prefixed with `f-string: ` and its columns counted from the
/// `(` CPython wraps the expression in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    File,
    FString { starting_col_offset: i32 },
}

/// The memoized rules, keyed with the token position.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Rule {
    Expression,
    StarExpression,
    Disjunction,
    BitwiseOr,
    Factor,
    AwaitPrimary,
    TPrimary,
    StarTarget,
    TargetWithStarAtom,
    DelTarget,
    Arguments,
    Strings,
    Block,
}

impl Rule {
    /// Whether the first pass memoizes the rule too. Pegen memoizes all of
    /// them in both passes; here the first pass leaves out those it never
    /// calls twice at one position (measured on the test programs), which
    /// saves their copies. The others are needed: without them, nested
    /// brackets take exponential time (`((((x))))` as a target, say).
    fn in_first_pass(self) -> bool {
        !matches!(self, Rule::StarExpression | Rule::Disjunction | Rule::Factor | Rule::AwaitPrimary)
    }
}

/// A memoized result: where the rule ended and what it returned.
struct MemoEntry {
    rule: Rule,
    end: u32,
    /// The next entry for the same position (`u32::MAX`: none).
    next: u32,
    value: Memo,
}

const NO_ENTRY: u32 = u32::MAX;

#[derive(Clone)]
enum Memo {
    Expr(Expr),
    Stmts(Vec<Stmt>),
    Call(expressions::CallArgs),
    Fail,
}

struct Parser<'s> {
    source: &'s str,
    tokens: Vec<Token>,
    tok_error: Option<TokenizerError>,
    /// The parser reached the tokenizer's error and raised it.
    tok_error_raised: bool,
    /// Index of the next token.
    mark: usize,
    /// How many tokens the parser has looked at (`p->fill`): errors without
    /// a better location point at the last of them.
    fill: usize,
    /// The second pass: `invalid_*` rules are tried.
    call_invalid_rules: bool,
    /// Memoized results, one short list per token position (as pegen
    /// hangs them on its tokens): `memo_heads[position]` indexes
    /// `memo_entries`.
    memo_heads: Vec<u32>,
    memo_entries: Vec<MemoEntry>,
    /// The `Name` node of each NAME token, once built.
    names: std::cell::RefCell<Vec<Option<Expr>>>,
    depth: u32,
    /// Operators and suffixes of the chains being built (their trees grow
    /// without recursion in the parser).
    chain: u32,
    mode: Mode,
    /// A token an error must point at instead of the last one read.
    known_err_token: Option<usize>,
    origin: Origin,
}

impl<'s> Parser<'s> {
    fn new(source: &'s str, mode: Mode, origin: Origin) -> Parser<'s> {
        let tokens = tokenize(source, origin);
        let capacity = tokens.tokens.len() * 2;
        Parser {
            source,
            tokens: tokens.tokens,
            tok_error: tokens.error,
            tok_error_raised: false,
            mark: 0,
            fill: 0,
            call_invalid_rules: false,
            memo_heads: Vec::new(),
            memo_entries: Vec::with_capacity(capacity),
            names: Default::default(),
            depth: 0,
            chain: 0,
            mode,
            known_err_token: None,
            origin,
        }
    }

    /// `_PyPegen_run_parser`: the first pass, then if it failed the second
    /// pass, then the error that wins (`_Pypegen_set_syntax_error`).
    fn run<T>(&mut self, start: fn(&mut Self) -> PResult<T>) -> Result<T, Box<ParseError>> {
        let mut error = match start(self) {
            Ok(Some(result)) => return Ok(result),
            Ok(None) => None,
            Err(e) => Some(e),
        };
        let last_token = self.fill.saturating_sub(1);
        if error.is_none() {
            self.mark = 0;
            self.memo_heads.clear();
            self.memo_entries.clear();
            self.call_invalid_rules = true;
            if let Err(e) = start(self) {
                error = Some(e);
            }
        }
        let error = match error {
            Some(e) => e,
            None => {
                let token = self.token_at(last_token);
                match token.kind {
                    TokenKind::Indent | TokenKind::Dedent => {
                        let msg =
                            if token.kind == TokenKind::Indent { "unexpected indent" } else { "unexpected unindent" };
                        return Err(self.raise_error(ErrorKind::IndentationError, msg));
                    }
                    _ => self.raise_at_token(last_token, "invalid syntax".into()),
                }
            }
        };
        Err(self.check_rest_of_source(error))
    }

    /// `_PyPegen_tokenize_full_source_to_check_for_errors`: an error the
    /// tokenizer finds later in the file replaces a parser error, and so
    /// does a bracket left open on an earlier line.
    fn check_rest_of_source(&self, error: Box<ParseError>) -> Box<ParseError> {
        if self.tok_error_raised {
            return error;
        }
        let Some(tok_error) = &self.tok_error else {
            return error;
        };
        if tok_error.hard {
            return Box::new(tok_error.error.clone());
        }
        if let Some((paren_line, unclosed)) = &tok_error.unclosed {
            let current = self.known_err_token.unwrap_or(self.fill.saturating_sub(1));
            if self.token_at(current).lineno > *paren_line {
                return Box::new(unclosed.clone());
            }
        }
        error
    }

    // ---- tokens -------------------------------------------------------

    /// Token `i` as last read (for locations); the end marker past the end.
    #[inline]
    fn token_at(&self, i: usize) -> Token {
        match self.tokens.get(i) {
            Some(t) => *t,
            None => self.past_the_end(),
        }
    }

    #[cold]
    fn past_the_end(&self) -> Token {
        {
            self.tokens.last().copied().unwrap_or(Token {
                kind: TokenKind::EndMarker,
                start: 0,
                end: 0,
                lineno: self.origin.first_lineno,
                col_offset: -1,
                end_lineno: self.origin.first_lineno,
                end_col_offset: -1,
                level: 0,
                cursor_col: 0,
                at_end: true,
            })
        }
    }

    /// The next token, read from the tokenizer if the parser has not seen
    /// it yet (`_PyPegen_fill_token`); reaching the tokenizer's error raises
    /// it.
    fn peek(&mut self) -> Result<Token, Box<ParseError>> {
        self.peek_at(self.mark)
    }

    #[inline]
    fn peek_at(&mut self, i: usize) -> Result<Token, Box<ParseError>> {
        if i >= self.tokens.len() && self.tok_error.is_some() {
            return Err(self.reach_tokenizer_error());
        }
        if i >= self.fill {
            self.fill = i + 1;
        }
        Ok(self.token_at(i))
    }

    #[cold]
    #[inline(never)]
    fn reach_tokenizer_error(&mut self) -> Box<ParseError> {
        self.fill = self.tokens.len() + 1;
        self.tok_error_raised = true;
        match &self.tok_error {
            Some(e) => Box::new(e.error.clone()),
            None => self.raise_error(ErrorKind::SyntaxError, "invalid syntax"),
        }
    }

    /// Consumes the next token if it is of `kind`.
    fn expect(&mut self, kind: TokenKind) -> PResult<Token> {
        let t = self.peek()?;
        if t.kind == kind {
            self.mark += 1;
            Ok(Some(t))
        } else {
            Ok(None)
        }
    }

    fn expect_op(&mut self, op: Op) -> PResult<Token> {
        self.expect(TokenKind::Op(op))
    }

    fn expect_kw(&mut self, kw: Keyword) -> PResult<Token> {
        self.expect(TokenKind::Keyword(kw))
    }

    fn at(&mut self, kind: TokenKind) -> Result<bool, Box<ParseError>> {
        Ok(self.peek()?.kind == kind)
    }

    fn at_op(&mut self, op: Op) -> Result<bool, Box<ParseError>> {
        self.at(TokenKind::Op(op))
    }

    fn at_kw(&mut self, kw: Keyword) -> Result<bool, Box<ParseError>> {
        self.at(TokenKind::Keyword(kw))
    }

    /// The text of a token.
    fn text(&self, t: &Token) -> &'s str {
        &self.source[t.start..t.end]
    }

    /// `NAME`: a name, soft keywords included.
    fn name(&mut self) -> PResult<Expr> {
        let Some(t) = self.expect(TokenKind::Name)? else {
            return Ok(None);
        };
        Ok(Some(self.name_expr(self.mark - 1, &t)))
    }

    /// The `Name` a NAME token makes, built once per token (backtracking
    /// parses most names several times).
    fn name_expr(&self, i: usize, t: &Token) -> Expr {
        let mut names = self.names.borrow_mut();
        if let Some(Some(e)) = names.get(i) {
            return e.clone();
        }
        let id = super::source::normalize_identifier(self.text(t)).into();
        let e = Expr::new(super::ast::ExprKind::Name { id, ctx: super::ast::ExprContext::Load }, self.token_loc(t));
        if names.len() <= i {
            names.resize(self.tokens.len().max(i + 1), None);
        }
        names[i] = Some(e.clone());
        e
    }

    /// A soft keyword (`match`, `case`, `_`): a NAME with that text.
    fn expect_soft(&mut self, keyword: &str) -> PResult<Token> {
        let t = self.peek()?;
        if t.kind == TokenKind::Name && self.text(&t) == keyword {
            self.mark += 1;
            Ok(Some(t))
        } else {
            Ok(None)
        }
    }

    /// `&&op`: the token must be there, or `expected 'op'` is raised at the
    /// token found instead (`_PyPegen_expect_forced_token`).
    fn expect_forced(&mut self, op: Op, text: &str) -> Result<Token, Box<ParseError>> {
        let t = self.peek()?;
        if t.kind != TokenKind::Op(op) {
            return Err(self.raise_at_token(self.mark, format!("expected '{text}'")));
        }
        self.mark += 1;
        Ok(t)
    }

    // ---- locations ------------------------------------------------------

    fn token_loc(&self, t: &Token) -> Loc {
        Loc { lineno: t.lineno, col_offset: t.col_offset, end_lineno: t.end_lineno, end_col_offset: t.end_col_offset }
    }

    /// `EXTRA`: from the token at `start` to the last token consumed that
    /// is not NEWLINE, INDENT, DEDENT or ENDMARKER.
    fn loc_from(&self, start: usize) -> Loc {
        let first = self.token_at(start);
        let mut m = self.mark;
        let mut last = first;
        while m > 0 {
            m -= 1;
            let t = self.token_at(m);
            last = t;
            if !matches!(t.kind, TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent | TokenKind::EndMarker) {
                break;
            }
        }
        Loc {
            lineno: first.lineno,
            col_offset: first.col_offset,
            end_lineno: last.end_lineno,
            end_col_offset: last.end_col_offset,
        }
    }

    // ---- memo and depth ---------------------------------------------------

    #[inline(never)]
    fn memo_get(&mut self, rule: Rule) -> Option<Memo> {
        let mut i = *self.memo_heads.get(self.mark)?;
        while i != NO_ENTRY {
            let entry = &self.memo_entries[i as usize];
            if entry.rule == rule {
                let value = entry.value.clone();
                self.mark = entry.end as usize;
                return Some(value);
            }
            i = entry.next;
        }
        None
    }

    #[inline(never)]
    fn memo_put(&mut self, start: usize, rule: Rule, value: Memo) {
        if self.memo_heads.len() <= start {
            self.memo_heads.resize(self.tokens.len().max(start) + 1, NO_ENTRY);
        }
        let next = self.memo_heads[start];
        self.memo_heads[start] = self.memo_entries.len() as u32;
        self.memo_entries.push(MemoEntry { rule, end: self.mark as u32, next, value });
    }

    /// Memoizes an expression result (out of line: it keeps the callers'
    /// frames small, which bounds the stack per nesting level).
    #[inline(never)]
    fn memo_put_expr(&mut self, start: usize, rule: Rule, result: &Option<Expr>) {
        let value = match result {
            Some(e) => Memo::Expr(e.clone()),
            None => Memo::Fail,
        };
        self.memo_put(start, rule, value);
    }

    /// Runs an expression rule through the memo.
    fn memo_expr(&mut self, rule: Rule, f: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        if !self.call_invalid_rules && !rule.in_first_pass() {
            let start = self.mark;
            let result = f(self)?;
            if result.is_none() {
                self.mark = start;
            }
            return Ok(result);
        }
        if let Some(m) = self.memo_get(rule) {
            return Ok(match m {
                Memo::Expr(e) => Some(e),
                _ => None,
            });
        }
        let start = self.mark;
        let result = f(self)?;
        if result.is_none() {
            self.mark = start;
        }
        self.memo_put_expr(start, rule, &result);
        Ok(result)
    }

    /// Guards the native stack against deeply nested source.
    fn enter(&mut self) -> Result<(), Box<ParseError>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.too_deep());
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self) -> Box<ParseError> {
        let t = self.token_at(self.mark);
        {
            Box::new(ParseError {
                kind: ErrorKind::MemoryError,
                msg: "Parser stack overflowed - Python source too complex to parse".into(),
                lineno: t.lineno,
                offset: t.col_offset + 1,
                end_lineno: t.end_lineno,
                end_offset: Some(t.end_col_offset + 1),
                text: Some(self.line_text(t.lineno)),
                script_columns: None,
            })
        }
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// One more link in a chain (`+ b`, `.attr`, `(args)`): the tree gets
    /// one level deeper. The caller gives back its links with
    /// [`Parser::unchain`].
    fn chain_link(&mut self) -> Result<(), Box<ParseError>> {
        self.chain += 1;
        if self.chain + self.depth > MAX_AST_DEPTH {
            let t = self.token_at(self.mark);
            return Err(Box::new(ParseError {
                kind: ErrorKind::RecursionError,
                msg: "maximum recursion depth exceeded during compilation".into(),
                lineno: t.lineno,
                offset: t.col_offset + 1,
                end_lineno: t.end_lineno,
                end_offset: Some(t.end_col_offset + 1),
                text: Some(self.line_text(t.lineno)),
                script_columns: None,
            }));
        }
        Ok(())
    }

    fn unchain(&mut self, links: u32) {
        self.chain -= links;
    }

    // ---- errors -----------------------------------------------------------

    /// The source line `lineno`, with its `\n`, as CPython reads it back.
    fn line_text(&self, lineno: u32) -> String {
        let mut start = 0;
        let first = self.origin.first_lineno;
        for _ in first..lineno.max(first) {
            match self.source[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return String::new(),
            }
        }
        let rest = &self.source[start..];
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        rest[..end].to_string()
    }

    /// `RAISE_SYNTAX_ERROR` / `RAISE_INDENTATION_ERROR`: at the last token
    /// read (`p->tokens[p->fill - 1]`), or at the tokenizer's cursor when
    /// that token has no column.
    #[cold]
    #[inline(never)]
    fn raise_error(&self, kind: ErrorKind, msg: &str) -> Box<ParseError> {
        let i = self.known_err_token.unwrap_or(self.fill.saturating_sub(1));
        let t = self.token_at(i);
        let (col, script_col) = if t.col_offset == -1 {
            // Reading a file, the cursor is back at column 0 at its end.
            (t.cursor_col as i32, if t.at_end { 0 } else { t.cursor_col as i32 })
        } else {
            (t.col_offset + 1, t.col_offset + 1)
        };
        let end_col = if t.end_col_offset != -1 { t.end_col_offset + 1 } else { -1 };
        let mut error = self.raise_known_location(kind, t.lineno, col, t.end_lineno, end_col, msg.to_string());
        if let Some((_, end)) = error.script_columns {
            error.script_columns = Some((script_col, end));
        }
        error
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_LOCATION(token)`.
    #[cold]
    #[inline(never)]
    fn raise_at_token(&self, i: usize, msg: String) -> Box<ParseError> {
        let t = self.token_at(i);
        self.raise_known_location(
            ErrorKind::SyntaxError,
            t.lineno,
            t.col_offset + 1,
            t.end_lineno,
            t.end_col_offset + 1,
            msg,
        )
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_LOCATION(node)`.
    #[cold]
    #[inline(never)]
    fn raise_at(&self, loc: Loc, msg: String) -> Box<ParseError> {
        self.raise_range(loc, loc, msg)
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b)`.
    #[cold]
    #[inline(never)]
    fn raise_range(&self, a: Loc, b: Loc, msg: String) -> Box<ParseError> {
        self.raise_known_location(
            ErrorKind::SyntaxError,
            a.lineno,
            a.col_offset + 1,
            b.end_lineno,
            b.end_col_offset + 1,
            msg,
        )
    }

    /// `RAISE_SYNTAX_ERROR_STARTING_FROM(a)`: from `a` to the tokenizer's
    /// cursor.
    #[cold]
    #[inline(never)]
    fn raise_starting_from(&self, a: Loc, msg: String) -> Box<ParseError> {
        let t = self.token_at(self.fill.saturating_sub(1));
        self.raise_known_location(
            ErrorKind::SyntaxError,
            a.lineno,
            a.col_offset + 1,
            t.end_lineno,
            t.cursor_col as i32,
            msg,
        )
    }

    /// `_PyPegen_raise_error_known_location`: columns arrive 1-based in
    /// bytes and leave in characters, clipped to the line.
    #[cold]
    #[inline(never)]
    fn raise_known_location(
        &self,
        kind: ErrorKind,
        lineno: u32,
        col: i32,
        end_lineno: u32,
        end_col: i32,
        msg: String,
    ) -> Box<ParseError> {
        let text = self.line_text(lineno);
        let (msg, col, end_col) = match self.mode {
            Mode::File => (msg, col, end_col),
            Mode::FString { starting_col_offset } => {
                (format!("f-string: {msg}"), col - starting_col_offset, end_col - starting_col_offset)
            }
        };
        let (offset, end_offset, script_columns) = match self.mode {
            // CPython has no source encoding for the f-string parser, so it
            // does not convert its columns to characters.
            Mode::FString { .. } => (col, end_col, None),
            Mode::File => {
                let offset = to_chars_clipped(&text, col);
                let end_offset = if end_col > 0 { to_chars_clipped(&text, end_col) } else { end_col };
                (offset, end_offset, Some((col, Some(end_col))))
            }
        };
        Box::new(ParseError {
            kind,
            msg,
            lineno,
            offset,
            end_lineno,
            end_offset: Some(end_offset),
            text: Some(text),
            script_columns,
        })
    }

    /// The unsupported-construct error, at the keyword that starts it.
    #[cold]
    #[inline(never)]
    fn unsupported(&self, what: &str, t: &Token) -> Box<ParseError> {
        let text = self.line_text(t.lineno);
        let offset = to_chars_clipped(&text, t.col_offset + 1);
        let end_offset = to_chars_clipped(&text, t.end_col_offset + 1);
        Box::new(ParseError::unsupported(what, t.lineno, offset, end_offset, Some(text)))
    }
}

/// `_PyPegen_byte_offset_to_character_offset`: the characters in the first
/// `col` bytes of the line, `col` clipped to the line's length + 1.
fn to_chars_clipped(text: &str, col: i32) -> i32 {
    let bytes = text.as_bytes();
    let col = col.max(0) as usize;
    let col = col.min(bytes.len() + 1);
    if col > bytes.len() {
        char_offset(bytes) as i32 + 1
    } else {
        char_offset(&bytes[..col]) as i32
    }
}
