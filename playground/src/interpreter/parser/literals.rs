//! Literals: numbers (`parsenumber` in `Parser/pegen.c`) and strings, with
//! implicit concatenation, escapes and f-strings, as CPython 3.11's
//! `Parser/string_parser.c` and `_PyPegen_concatenate_strings` build them.
//!
//! An f-string's replacement fields are found by scanning its text (3.11
//! tokenizes an f-string as one STRING token); each field's expression is
//! then parsed by a parser of its own over `(expression)`, positioned where
//! the expression sits in the file (`fstring_compile_expr`). Its
//! `FormattedValue` and the `Constant` parts span the whole literal.

use std::rc::Rc;

use super::{Memo, Mode, PResult, Parser, Rule};
use crate::interpreter::ast::{Constant, Expr, ExprKind, Int, Loc};
use crate::interpreter::error::{ErrorKind, ParseError};
use crate::interpreter::tokenizer::{Origin, Token, TokenKind};

/// How deeply format specs may nest fields: `f'{x:{y}}'` is fine,
/// `f'{x:{y:{z}}}'` is "expressions nested too deeply".
const MAX_FSTRING_NESTING: u32 = 2;

/// Python's default `sys.get_int_max_str_digits()`: longer decimal integer
/// literals are refused (CVE-2020-10735).
const INT_MAX_STR_DIGITS: usize = 4300;

/// The pieces of a concatenation being built (`FstringParser`).
#[derive(Default)]
struct Pieces {
    last_str: Option<String>,
    fmode: bool,
    values: Vec<Expr>,
}

/// One string token's prefix and body (`_PyPegen_parsestr`).
struct Literal<'a> {
    bytes: bool,
    raw: bool,
    fstring: bool,
    /// Byte offset of the body in the token's text.
    body_start: usize,
    body: &'a str,
}

impl Parser<'_> {
    /// `NUMBER`: the literal's value.
    #[inline(never)]
    pub(super) fn number(&self, t: &Token) -> Result<Constant, Box<ParseError>> {
        let text: String = self.text(t).chars().filter(|&c| c != '_').collect();
        let lower = text.to_ascii_lowercase();
        if let Some(imag) = lower.strip_suffix('j') {
            return Ok(Constant::Complex { real: 0.0, imag: imag.parse().unwrap_or(0.0) });
        }
        let radix = match lower.get(..2) {
            Some("0x") => 16,
            Some("0o") => 8,
            Some("0b") => 2,
            _ if lower.contains(['.', 'e']) => return Ok(Constant::Float(lower.parse().unwrap_or(0.0))),
            _ => 10,
        };
        let digits = if radix == 10 { &lower[..] } else { &lower[2..] };
        if radix == 10 && digits.len() > INT_MAX_STR_DIGITS {
            let msg = format!(
                "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: value has {} digits; \
                 use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer \
                 literals to avoid decimal conversion limits.",
                digits.len()
            );
            return Err(self.raise_known_location(ErrorKind::SyntaxError, t.lineno, 0, t.end_lineno, 0, msg));
        }
        Ok(Constant::Int(int_value(digits, radix)))
    }

    /// `strings (memo): STRING+`, concatenated.
    #[inline(never)]
    pub(super) fn strings(&mut self) -> PResult<Expr> {
        if let Some(m) = self.memo_get(Rule::Strings) {
            return Ok(match m {
                Memo::Expr(e) => Some(e),
                _ => None,
            });
        }
        let start = self.mark;
        let mut tokens = Vec::new();
        while let Some(t) = self.expect(TokenKind::String)? {
            tokens.push(t);
        }
        if tokens.is_empty() {
            self.memo_put(start, Rule::Strings, Memo::Fail);
            return Ok(None);
        }
        let e = self.concatenate_strings(&tokens)?;
        self.memo_put(start, Rule::Strings, Memo::Expr(e.clone()));
        Ok(Some(e))
    }

    /// `_PyPegen_concatenate_strings`
    fn concatenate_strings(&mut self, tokens: &[Token]) -> Result<Expr, Box<ParseError>> {
        let first = tokens[0];
        let last = tokens[tokens.len() - 1];
        let mut bytes_mode = false;
        let mut bytes: Vec<u8> = Vec::new();
        let mut pieces = Pieces::default();
        for (i, t) in tokens.iter().enumerate() {
            let text = self.text(t);
            let literal = split_literal(text);
            if literal.bytes {
                let ascii = literal.body.is_ascii();
                if !ascii {
                    return Err(
                        self.raise_at(self.token_loc(t), "bytes can only contain ASCII literal characters".into())
                    );
                }
            }
            if i != 0 && bytes_mode != literal.bytes {
                return Err(self.raise_error(ErrorKind::SyntaxError, "cannot mix bytes and nonbytes literals"));
            }
            bytes_mode = literal.bytes;
            if literal.fstring {
                let end = literal.body.len();
                let mut pos = 0;
                self.fstring_concat(&mut pieces, t, literal.body_start, &mut pos, end, literal.raw, 0, first, last)?;
            } else if literal.bytes {
                if literal.raw {
                    bytes.extend_from_slice(literal.body.as_bytes());
                } else {
                    bytes.extend(self.decode_bytes(literal.body)?);
                }
            } else {
                let s = if literal.raw { literal.body.to_string() } else { self.decode_str(literal.body)? };
                concat(&mut pieces, s);
            }
        }
        let loc = Loc::span(self.token_loc(&first), self.token_loc(&last));
        if bytes_mode {
            return Ok(Expr::new(ExprKind::Constant { value: Constant::Bytes(Rc::from(bytes)), kind: None }, loc));
        }
        Ok(self.finish(pieces, &first, loc))
    }

    /// `_PyPegen_FstringParser_Finish`: a `Constant` for a plain string, or
    /// the `JoinedStr` of the pieces.
    fn finish(&self, mut pieces: Pieces, first: &Token, loc: Loc) -> Expr {
        if !pieces.fmode {
            let s = pieces.last_str.take().unwrap_or_default();
            return self.str_node(s, first, loc);
        }
        if let Some(s) = pieces.last_str.take() {
            pieces.values.push(self.str_node(s, first, loc));
        }
        Expr::new(ExprKind::JoinedStr { values: pieces.values }, loc)
    }

    /// `make_str_node_and_del`: `kind='u'` when the first token of the
    /// concatenation starts with a lowercase `u`.
    fn str_node(&self, s: String, first: &Token, loc: Loc) -> Expr {
        let kind = if self.text(first).starts_with('u') { Some(Rc::from("u")) } else { None };
        Expr::new(ExprKind::Constant { value: Constant::Str(Rc::from(s)), kind }, loc)
    }

    /// `_PyPegen_FstringParser_ConcatFstring`: the f-string body
    /// `text[body_start + *pos .. body_start + end]` of token `t`, appended
    /// to `pieces`.
    #[allow(clippy::too_many_arguments)]
    fn fstring_concat(
        &mut self,
        pieces: &mut Pieces,
        t: &Token,
        body_start: usize,
        pos: &mut usize,
        end: usize,
        raw: bool,
        recurse_lvl: u32,
        first: Token,
        last: Token,
    ) -> Result<(), Box<ParseError>> {
        pieces.fmode = true;
        let loc = Loc::span(self.token_loc(&first), self.token_loc(&last));
        loop {
            let (result, literal) = self.fstring_find_literal(t, body_start, pos, end, raw, recurse_lvl)?;
            if let Some(literal) = literal {
                concat(pieces, literal);
            }
            if result == 1 {
                continue;
            }
            let body = &self.text(t)[body_start..];
            if *pos >= end || body.as_bytes()[*pos] == b'}' {
                break;
            }
            let (expr_text, expression) =
                self.fstring_find_expr(t, body_start, pos, end, raw, recurse_lvl, first, last)?;
            if let Some(text) = expr_text {
                concat(pieces, text);
            }
            if let Some(s) = pieces.last_str.take() {
                pieces.values.push(self.str_node(s, &first, loc));
            }
            pieces.values.push(expression);
        }
        let body = &self.text(t).as_bytes()[body_start..];
        if recurse_lvl == 0 && *pos + 1 < end {
            return Err(self.raise_error(ErrorKind::SyntaxError, "f-string: unexpected end of string"));
        }
        if recurse_lvl != 0 && (*pos >= end || body[*pos] != b'}') {
            return Err(self.raise_error(ErrorKind::SyntaxError, "f-string: expecting '}'"));
        }
        Ok(())
    }

    /// `fstring_find_literal`: the literal text up to the next `{` or `}`.
    /// Returns 1 when it stopped at a doubled brace (the caller goes on).
    fn fstring_find_literal(
        &mut self,
        t: &Token,
        body_start: usize,
        pos: &mut usize,
        end: usize,
        raw: bool,
        recurse_lvl: u32,
    ) -> Result<(u32, Option<String>), Box<ParseError>> {
        let body = &self.text(t)[body_start..];
        let b = body.as_bytes();
        let literal_start = *pos;
        let mut s = *pos;
        let mut result = 0;
        let mut literal_end = None;
        while s < end {
            let mut ch = b[s];
            s += 1;
            if !raw && ch == b'\\' && s < end {
                ch = b[s];
                s += 1;
                if ch == b'N' {
                    if s < end {
                        let open = b[s];
                        s += 1;
                        if open == b'{' {
                            while s < end {
                                let c = b[s];
                                s += 1;
                                if c == b'}' {
                                    break;
                                }
                            }
                        }
                    }
                    continue;
                }
            }
            if ch == b'{' || ch == b'}' {
                if recurse_lvl == 0 {
                    if s < end && b[s] == ch {
                        // A doubled brace: the literal ends after the first.
                        *pos = s + 1;
                        result = 1;
                        literal_end = Some(s);
                        break;
                    }
                    if ch == b'}' {
                        *pos = s - 1;
                        return Err(self.raise_error(ErrorKind::SyntaxError, "f-string: single '}' is not allowed"));
                    }
                }
                s -= 1;
                break;
            }
        }
        let stop = match literal_end {
            Some(e) => e,
            None => {
                *pos = s;
                s
            }
        };
        if literal_start == stop {
            return Ok((result, None));
        }
        let chunk = &body[literal_start..stop];
        let literal = if raw { chunk.to_string() } else { self.decode_str(chunk)? };
        Ok((result, Some(literal)))
    }

    /// `fstring_find_expr`: one replacement field, from its `{` to its `}`.
    /// Returns the `=` debug text, if any, and the `FormattedValue`.
    #[allow(clippy::too_many_arguments)]
    fn fstring_find_expr(
        &mut self,
        t: &Token,
        body_start: usize,
        pos: &mut usize,
        end: usize,
        raw: bool,
        recurse_lvl: u32,
        first: Token,
        last: Token,
    ) -> Result<(Option<String>, Expr), Box<ParseError>> {
        if recurse_lvl >= MAX_FSTRING_NESTING {
            return Err(self.raise_error(ErrorKind::SyntaxError, "f-string: expressions nested too deeply"));
        }
        let body = &self.text(t)[body_start..];
        let b = body.as_bytes();
        *pos += 1;
        let expr_start = *pos;
        let mut quote_char = 0u8;
        let mut string_type = 0;
        let mut parens: Vec<u8> = Vec::new();
        while *pos < end {
            let ch = b[*pos];
            if ch == b'\\' {
                return Err(
                    self.raise_error(ErrorKind::SyntaxError, "f-string expression part cannot include a backslash")
                );
            }
            if quote_char != 0 {
                if ch == quote_char {
                    if string_type == 3 {
                        if *pos + 2 < end && b[*pos + 1] == ch && b[*pos + 2] == ch {
                            *pos += 3;
                            string_type = 0;
                            quote_char = 0;
                            continue;
                        }
                    } else {
                        quote_char = 0;
                        string_type = 0;
                        *pos += 1;
                        continue;
                    }
                }
            } else if ch == b'\'' || ch == b'"' {
                if *pos + 2 < end && b[*pos + 1] == ch && b[*pos + 2] == ch {
                    string_type = 3;
                    *pos += 2;
                } else {
                    string_type = 1;
                }
                quote_char = ch;
            } else if ch == b'[' || ch == b'{' || ch == b'(' {
                if parens.len() >= 200 {
                    return Err(self.raise_error(ErrorKind::SyntaxError, "f-string: too many nested parenthesis"));
                }
                parens.push(ch);
            } else if ch == b'#' {
                return Err(self.raise_error(ErrorKind::SyntaxError, "f-string expression part cannot include '#'"));
            } else if parens.is_empty() && matches!(ch, b'!' | b':' | b'}' | b'=' | b'>' | b'<') {
                if *pos + 1 < end {
                    let next = b[*pos + 1];
                    if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        *pos += 2;
                        continue;
                    }
                }
                if ch == b'>' || ch == b'<' {
                    *pos += 1;
                    continue;
                }
                break;
            } else if ch == b']' || ch == b'}' || ch == b')' {
                let Some(opening) = parens.pop() else {
                    let msg = format!("f-string: unmatched '{}'", ch as char);
                    return Err(self.raise_error(ErrorKind::SyntaxError, &msg));
                };
                if !matches!((opening, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                    let msg = format!(
                        "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                        ch as char, opening as char
                    );
                    return Err(self.raise_error(ErrorKind::SyntaxError, &msg));
                }
            }
            *pos += 1;
        }
        let expr_end = *pos;
        if quote_char != 0 {
            return Err(self.raise_error(ErrorKind::SyntaxError, "f-string: unterminated string"));
        }
        if let Some(&opening) = parens.last() {
            let msg = format!("f-string: unmatched '{}'", opening as char);
            return Err(self.raise_error(ErrorKind::SyntaxError, &msg));
        }
        if *pos >= end {
            return Err(self.expecting_brace());
        }
        let value = self.fstring_compile_expr(t, body_start, expr_start, expr_end)?;
        let mut expr_text = None;
        if b[*pos] == b'=' {
            *pos += 1;
            while *pos < end && matches!(b[*pos], b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') {
                *pos += 1;
            }
            if *pos >= end {
                return Err(self.expecting_brace());
            }
            expr_text = Some(body[expr_start..*pos].to_string());
        }
        let mut conversion = -1;
        if b[*pos] == b'!' {
            *pos += 1;
            if *pos >= end {
                return Err(self.expecting_brace());
            }
            conversion = b[*pos] as i32;
            *pos += 1;
            if !matches!(conversion as u8, b's' | b'r' | b'a') {
                let msg = "f-string: invalid conversion character: expected 's', 'r', or 'a'";
                return Err(self.raise_error(ErrorKind::SyntaxError, msg));
            }
        }
        if *pos >= end {
            return Err(self.expecting_brace());
        }
        let mut format_spec = None;
        if b[*pos] == b':' {
            *pos += 1;
            if *pos >= end {
                return Err(self.expecting_brace());
            }
            // `fstring_parse`: the spec is an f-string of its own, located
            // at this token.
            let mut spec = Pieces::default();
            self.fstring_concat(&mut spec, t, body_start, pos, end, raw, recurse_lvl + 1, first, last)?;
            let spec_loc = self.token_loc(t);
            let spec_expr = self.finish(spec, t, spec_loc);
            format_spec = Some(spec_expr);
        }
        if *pos >= end || b[*pos] != b'}' {
            return Err(self.expecting_brace());
        }
        *pos += 1;
        if expr_text.is_some() && format_spec.is_none() && conversion == -1 {
            conversion = b'r' as i32;
        }
        let loc = Loc::span(self.token_loc(&first), self.token_loc(&last));
        let kind = ExprKind::FormattedValue { value, conversion, format_spec };
        Ok((expr_text, Expr::new(kind, loc)))
    }

    fn expecting_brace(&self) -> Box<ParseError> {
        self.raise_error(ErrorKind::SyntaxError, "f-string: expecting '}'")
    }

    /// `fstring_compile_expr`: parses `(expression)` with a parser of its
    /// own, positioned where the expression is in the file.
    fn fstring_compile_expr(
        &mut self,
        t: &Token,
        body_start: usize,
        expr_start: usize,
        expr_end: usize,
    ) -> Result<Expr, Box<ParseError>> {
        let text = self.text(t);
        let expr = &text[body_start + expr_start..body_start + expr_end];
        if expr.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0c')) {
            let next = text.as_bytes()[body_start + expr_end];
            let msg = if matches!(next, b'!' | b':' | b'=') {
                format!("f-string: expression required before '{}'", next as char)
            } else {
                "f-string: empty expression not allowed".to_string()
            };
            return Err(self.raise_error(ErrorKind::SyntaxError, &msg));
        }
        // `fstring_find_expr_location`: lines before the `{`, and the
        // columns from the line's start (or the token's) to the `{`.
        let brace = body_start + expr_start - 1;
        let lines = text[..brace].matches('\n').count() as u32;
        let after_brace = &text[brace + 1..];
        let newline_after_brace =
            after_brace.bytes().take_while(|&c| c != b'}' && c != b'\n').all(|c| matches!(c, b' ' | b'\t' | b'\x0c'))
                && after_brace.bytes().find(|&c| !matches!(c, b' ' | b'\t' | b'\x0c')) == Some(b'\n');
        let cols = if newline_after_brace {
            0
        } else {
            match text[..brace].rfind('\n') {
                Some(nl) => (brace - nl - 1) as i32,
                None => brace as i32,
            }
        };
        let lineno = t.lineno + lines;
        let starting_col_offset = if lines != 0 { cols } else { t.col_offset + cols };
        let origin = Origin { first_lineno: lineno, starting_lineno: lineno, starting_col_offset };
        let source = format!("({expr})\n");
        let mut sub = Parser::new(&source, Mode::FString { starting_col_offset }, origin);
        sub.depth = self.depth;
        sub.run(Parser::star_expressions)
    }

    /// `decode_unicode_with_escapes`: a string body with its escapes
    /// decoded. Error positions count bytes as CPython's buffer does, where
    /// each non-ASCII character is spelled `\UXXXXXXXX`.
    fn decode_str(&self, body: &str) -> Result<String, Box<ParseError>> {
        if !body.contains('\\') {
            return Ok(body.to_string());
        }
        let chars: Vec<char> = body.chars().collect();
        let width = |c: char| if c.is_ascii() { 1 } else { 10 };
        let mut out = String::with_capacity(body.len());
        let mut i = 0;
        // Position in CPython's transformed buffer.
        let mut at = 0usize;
        while i < chars.len() {
            let c = chars[i];
            if c != '\\' {
                out.push(c);
                at += width(c);
                i += 1;
                continue;
            }
            let start = at;
            let Some(&e) = chars.get(i + 1) else {
                // A backslash ending an f-string's literal part.
                out.push('\\');
                break;
            };
            if !e.is_ascii() {
                // `\` before a non-ASCII character stays a backslash.
                out.push('\\');
                at += 6;
                i += 1;
                continue;
            }
            i += 2;
            at += 2;
            match e {
                '\n' => {}
                '\\' | '\'' | '"' => out.push(e),
                'a' => out.push('\x07'),
                'b' => out.push('\x08'),
                'f' => out.push('\x0c'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'v' => out.push('\x0b'),
                '0'..='7' => {
                    let mut value = e as u32 - '0' as u32;
                    for _ in 0..2 {
                        match chars.get(i) {
                            Some(&d @ '0'..='7') => {
                                value = value * 8 + (d as u32 - '0' as u32);
                                i += 1;
                                at += 1;
                            }
                            _ => break,
                        }
                    }
                    out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                }
                'x' | 'u' | 'U' => {
                    let (count, message) = match e {
                        'x' => (2, "truncated \\xXX escape"),
                        'u' => (4, "truncated \\uXXXX escape"),
                        _ => (8, "truncated \\UXXXXXXXX escape"),
                    };
                    let mut value: u32 = 0;
                    for _ in 0..count {
                        match chars.get(i).and_then(|d| d.to_digit(16)) {
                            Some(d) if chars[i].is_ascii() => {
                                value = value * 16 + d;
                                i += 1;
                                at += 1;
                            }
                            _ => return Err(self.unicode_error(start, at, message)),
                        }
                    }
                    if value > 0x10FFFF {
                        return Err(self.unicode_error(start, at, "illegal Unicode character"));
                    }
                    match char::from_u32(value) {
                        Some(ch) => out.push(ch),
                        None => return Err(self.unsupported_escape("lone surrogate escapes (\\ud800 to \\udfff)")),
                    }
                }
                'N' => {
                    // CPython looks the name up in the Unicode database,
                    // which the page does not carry.
                    if chars.get(i) == Some(&'{') && chars[i..].contains(&'}') {
                        return Err(self.unsupported_escape("\\N{...} escapes"));
                    }
                    let mut end = at;
                    if chars.get(i) == Some(&'{') {
                        end = start + 2 + chars[i..].iter().map(|&c| width(c)).sum::<usize>();
                    }
                    return Err(self.unicode_error(start, end, "malformed \\N character escape"));
                }
                other => {
                    // Not an escape: kept as written (CPython warns).
                    out.push('\\');
                    out.push(other);
                }
            }
        }
        Ok(out)
    }

    /// `(unicode error) 'unicodeescape' codec can't decode bytes in
    /// position start-(end-1): message`, at the last token read.
    fn unicode_error(&self, start: usize, end: usize, message: &str) -> Box<ParseError> {
        let msg = format!(
            "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{}: {message}",
            end.saturating_sub(1)
        );
        self.raise_error(ErrorKind::SyntaxError, &msg)
    }

    fn unsupported_escape(&self, what: &str) -> Box<ParseError> {
        let t = self.token_at(self.fill.saturating_sub(1));
        self.unsupported(what, &t)
    }

    /// `_PyBytes_DecodeEscape`
    fn decode_bytes(&self, body: &str) -> Result<Vec<u8>, Box<ParseError>> {
        let b = body.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'\\' {
                out.push(b[i]);
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            let Some(&e) = b.get(i) else {
                out.push(b'\\');
                break;
            };
            i += 1;
            match e {
                b'\n' => {}
                b'\\' | b'\'' | b'"' => out.push(e),
                b'a' => out.push(0x07),
                b'b' => out.push(0x08),
                b'f' => out.push(0x0c),
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'v' => out.push(0x0b),
                b'0'..=b'7' => {
                    let mut value = (e - b'0') as u32;
                    for _ in 0..2 {
                        match b.get(i) {
                            Some(&d @ b'0'..=b'7') => {
                                value = value * 8 + (d - b'0') as u32;
                                i += 1;
                            }
                            _ => break,
                        }
                    }
                    out.push(value as u8);
                }
                b'x' => {
                    let hex = |c: Option<&u8>| c.and_then(|&c| (c as char).to_digit(16));
                    match (hex(b.get(i)), hex(b.get(i + 1))) {
                        (Some(h), Some(l)) => {
                            out.push((h * 16 + l) as u8);
                            i += 2;
                        }
                        _ => {
                            let msg = format!("(value error) invalid \\x escape at position {start}");
                            return Err(self.raise_error(ErrorKind::SyntaxError, &msg));
                        }
                    }
                }
                other => {
                    out.push(b'\\');
                    out.push(other);
                }
            }
        }
        Ok(out)
    }
}

/// `_PyPegen_FstringParser_ConcatAndDel`: empty strings add nothing.
fn concat(pieces: &mut Pieces, s: String) {
    if s.is_empty() {
        return;
    }
    match &mut pieces.last_str {
        Some(last) => last.push_str(&s),
        None => pieces.last_str = Some(s),
    }
}

/// Splits a STRING token into its prefix flags and body.
fn split_literal(text: &str) -> Literal<'_> {
    let prefix_len = text.find(['\'', '"']).unwrap_or(0);
    let prefix = text[..prefix_len].to_ascii_lowercase();
    let quote = text.as_bytes().get(prefix_len).copied().unwrap_or(b'"');
    let rest = &text[prefix_len..];
    let q = if rest.len() >= 6 && rest.as_bytes()[1] == quote && rest.as_bytes()[2] == quote { 3 } else { 1 };
    let body_end = rest.len().saturating_sub(q).max(q);
    Literal {
        bytes: prefix.contains('b'),
        raw: prefix.contains('r'),
        fstring: prefix.contains('f'),
        body_start: prefix_len + q,
        body: &rest[q..body_end],
    }
}

/// An integer literal's digits (no prefix, no underscores) in `radix`.
fn int_value(digits: &str, radix: u32) -> Int {
    if let Ok(v) = i64::from_str_radix(digits, radix) {
        return Int::Small(v);
    }
    // Base 10^9 limbs, least significant first.
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars() {
        let mut carry = c.to_digit(radix).unwrap_or(0) as u64;
        for limb in limbs.iter_mut() {
            let v = *limb * radix as u64 + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    Int::Big(Rc::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_integers_convert_to_decimal() {
        assert_eq!(int_value("ffffffffffffffffffff", 16), Int::Big(Rc::from("1208925819614629174706175")));
        assert_eq!(int_value("100000000000000000000000", 10), Int::Big(Rc::from("100000000000000000000000")));
        assert_eq!(int_value("0000", 10), Int::Small(0));
    }
}
