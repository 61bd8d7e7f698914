//! CPython 3.11's character predicates, read off the tables generated into `unicode_tables.rs`.
//! ASCII is answered without a table search.

use super::unicode_tables as t;

/// Whether `c` lies in one of the table's packed ranges (first << LEN_BITS | length - 1).
fn in_ranges(table: &[u32], c: char) -> bool {
    let c = c as u32;
    let i = table.partition_point(|&r| r >> t::LEN_BITS <= c);
    let Some(&r) = i.checked_sub(1).and_then(|i| table.get(i)) else {
        return false;
    };
    c - (r >> t::LEN_BITS) <= r & ((1 << t::LEN_BITS) - 1)
}

/// `c.isprintable()`: what `repr` keeps as it is.
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !in_ranges(t::NON_PRINTABLE, c)
}

pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_ranges(t::ALPHA, c)
}

/// `c.isdecimal()`'s value: 0..=9 for every Unicode decimal digit.
pub fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let c = c as u32;
    let i = t::DECIMAL_ZEROS.partition_point(|&z| z <= c);
    let zero = *t::DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (c - zero < 10).then_some(c - zero)
}

pub fn is_decimal(c: char) -> bool {
    decimal_value(c).is_some()
}

pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(t::DIGIT, c)
}

pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(t::NUMERIC, c)
}

/// `c.isspace()`: includes `\x1c`..`\x1f`, which Rust's `char::is_whitespace` does not.
pub fn is_space(c: char) -> bool {
    in_ranges(t::SPACE, c)
}

pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
}

/// Category Lt (`ǅ`): neither upper nor lower, but cased.
pub fn is_titlecase(c: char) -> bool {
    !c.is_ascii() && in_ranges(t::TITLECASE, c)
}

/// Upper and lower case come from Rust's own tables (the Uppercase and Lowercase properties, as
/// CPython's), which follow a newer Unicode than CPython 3.11's 14.0: they differ only for
/// characters CPython does not know yet.
pub fn is_upper(c: char) -> bool {
    c.is_uppercase()
}

pub fn is_lower(c: char) -> bool {
    c.is_lowercase()
}

/// A line boundary for `str.splitlines` (`\n`, `\r`, `\x0b`, `\x0c`, `\x1c`..`\x1e`, `\x85`, U+2028, U+2029).
pub fn is_linebreak(c: char) -> bool {
    in_ranges(t::LINEBREAK, c)
}

pub fn is_id_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    in_ranges(t::ID_START, c)
}

pub fn is_id_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_ranges(t::ID_CONTINUE, c)
}

/// The full titlecase mapping (`'ǆ'` -> `'ǅ'`, `'ß'` -> `'Ss'`).
pub fn push_title(c: char, out: &mut String) {
    match t::TITLE_NOT_UPPER.binary_search_by_key(&c, |&(k, _)| k) {
        Ok(i) => out.push_str(t::TITLE_NOT_UPPER[i].1),
        Err(_) => out.extend(c.to_uppercase()),
    }
}

/// Full case folding (`'ß'` -> `'ss'`).
pub fn push_casefold(c: char, out: &mut String) {
    match t::CASEFOLD_NOT_LOWER.binary_search_by_key(&c, |&(k, _)| k) {
        Ok(i) => out.push_str(t::CASEFOLD_NOT_LOWER[i].1),
        Err(_) => out.extend(c.to_lowercase()),
    }
}
