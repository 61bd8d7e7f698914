//! The caret line CPython 3.11 prints under a traceback's source line
//! (`Python/traceback.c`, `tb_displayline`): `^` under the expression that
//! failed; for a binary operation, `~` under its operands and `^` under the
//! operator (`~~^~~`); for a subscript, `~` under the value and `^` under
//! the index. No line when the expression is the whole line (without its
//! indentation) and has no such parts.

use super::super::ast::{ExprKind, Loc, StmtKind};

/// The caret line for an instruction at `loc` on source line `line` (whose
/// text is `text`), or `None` when CPython prints none.
pub fn caret_line(text: &str, line: u32, loc: Loc) -> Option<String> {
    if loc.lineno != line || loc.col_offset < 0 || loc.end_col_offset < 0 {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    // The AST's offsets are in UTF-8 bytes; the carets go under characters.
    let start = char_offset(text, loc.col_offset as usize)?;
    let (end, anchors) = if loc.end_lineno == loc.lineno {
        let end = char_offset(text, loc.end_col_offset as usize)?;
        let segment: String = chars.get(start..end)?.iter().collect();
        (end, anchors(&segment).map(|(l, r)| (l + start, r + start)))
    } else {
        // An expression over several lines: up to the last character of this one.
        (chars.iter().rposition(|c| !c.is_whitespace()).map_or(0, |i| i + 1), None)
    };
    let indent = chars.iter().take_while(|c| matches!(c, ' ' | '\t' | '\x0c')).count();
    if end <= start || start < indent || (end - start == chars.len() - indent && anchors.is_none()) {
        return None;
    }
    let mut out = String::from("    ");
    out.extend(std::iter::repeat_n(' ', start - indent));
    for i in start..end {
        out.push(match anchors {
            Some((left, right)) if left <= i && i < right => '^',
            Some(_) => '~',
            None => '^',
        });
    }
    Some(out)
}

/// The character index of UTF-8 byte `byte` of `text`.
fn char_offset(text: &str, byte: usize) -> Option<usize> {
    let prefix = text.get(..byte)?;
    Some(prefix.chars().count())
}

/// Where the `^` go inside `segment` (in characters): the operator of a
/// binary operation, the index of a subscript. `None` for anything else,
/// or a segment that does not parse on its own.
fn anchors(segment: &str) -> Option<(usize, usize)> {
    let module = super::super::parse(segment).ok()?;
    let [statement] = module.body.as_slice() else { return None };
    let StmtKind::Expr { value } = &statement.kind else { return None };
    let bytes = segment.as_bytes();
    let (left, right) = match &*value.kind {
        ExprKind::BinOp { left, right, .. } => {
            let from = left.loc.end_col_offset.max(0) as usize;
            let to = (right.loc.col_offset.max(0) as usize).min(bytes.len());
            let at = (from..to).find(|&i| !bytes[i].is_ascii_whitespace())?;
            // A two-character operator (`//`, `**`, `<<`).
            let width = if at + 1 < to && !bytes[at + 1].is_ascii_whitespace() { 2 } else { 1 };
            (at, at + width)
        }
        ExprKind::Subscript { value, slice, .. } => {
            (value.loc.end_col_offset.max(0) as usize, slice.loc.end_col_offset.max(0) as usize + 1)
        }
        _ => return None,
    };
    Some((char_offset(segment, left)?, char_offset(segment, right)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(col: i32, end: i32) -> Loc {
        Loc { lineno: 1, col_offset: col, end_lineno: 1, end_col_offset: end }
    }

    // The expected lines are what CPython 3.11.7 printed for the same source lines.

    #[test]
    fn a_call_inside_a_line_gets_carets_under_it() {
        // CPython 3.11: tests/golden/divisor/xs-2_0_11.txt
        let text = "    print(d.send(x))     # returns whether x divides n";
        assert_eq!(caret_line(text, 1, loc(10, 19)).as_deref(), Some("          ^^^^^^^^^"));
    }

    #[test]
    fn a_binary_operation_gets_tildes_under_its_operands() {
        let text = "        yield n % x == 0";
        assert_eq!(caret_line(text, 1, loc(14, 19)).as_deref(), Some("          ~~^~~"));
        assert_eq!(caret_line("x = a // b", 1, loc(4, 10)).as_deref(), Some("        ~~^^~~"));
    }

    #[test]
    fn a_subscript_gets_carets_under_its_index() {
        assert_eq!(caret_line("print(d[key])", 1, loc(6, 12)).as_deref(), Some("          ~^^^^^"));
    }

    #[test]
    fn an_expression_that_is_the_whole_line_gets_none() {
        assert_eq!(caret_line("    next(o)", 1, loc(4, 11)), None);
        // ... unless it has an operator to point at.
        assert_eq!(caret_line("a / b", 1, loc(0, 5)).as_deref(), Some("    ~~^~~"));
    }

    #[test]
    fn another_line_or_bad_offsets_get_none() {
        assert_eq!(caret_line("x = f()", 2, loc(4, 7)), None);
        assert_eq!(caret_line("x = f()", 1, loc(4, 99)), None);
        assert_eq!(caret_line("x = f()", 1, loc(-1, 3)), None);
        // `é` is two bytes: the call is at byte 5, character 4.
        assert_eq!(caret_line("é = f(1)", 1, loc(5, 9)).as_deref(), Some("        ^^^^"));
    }
}
