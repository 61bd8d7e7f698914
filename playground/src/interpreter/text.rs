//! Python's `str`: its `repr`, and the common methods on `&str` returning plain Rust values.
//!
//! Python indexes strings by code point, so every position here (`find`, slices, `start`/`end`
//! arguments) counts `char`s, not bytes. Optional arguments are `Option`s (`None` as in Python);
//! the VM clamps huge ints to `i64` first, which changes no result.

use super::unicode;
use crate::runtime::{Exception, PyResult};

/// Longest string (in bytes) that `*`, `center`, `format` and friends will build: 16 MiB,
/// far more than a console shows. CPython would go on to gigabytes; a page must stop first,
/// with a `MemoryError`.
pub const MAX_LEN: usize = 1 << 24;

fn too_long() -> Exception {
    Exception::new("MemoryError", "the string would be too long")
}

/// `repr(s)`: single quotes unless the text has a `'` and no `"`; `\\`, `\n`, `\r`, `\t` and the
/// quote escaped; other non-printable characters as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`; printable
/// non-ASCII (`é`, `中`) kept.
pub fn repr(s: &str) -> String {
    escape(s, false)
}

/// `ascii(s)`: as `repr`, with every non-ASCII character escaped.
pub fn ascii(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, ascii_only: bool) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() && (' '..='~').contains(&c) => out.push(c),
            c if !c.is_ascii() && !ascii_only && unicode::is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// Python's slice index rules (`PySlice_AdjustIndices` for a step of 1 as the string methods
/// use them): negative counts from the end, everything clamped to `0..=len`. `start` is not
/// clamped to `len`: a start past the end finds nothing, not even `''`.
fn adjust(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    let len = len as i64;
    let fix = |i: i64| if i < 0 { (i + len).max(0) } else { i };
    let end = end.map_or(len, |e| fix(e).min(len));
    let start = start.map_or(0, fix);
    (start, end)
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn starts_at(hay: &[char], at: usize, needle: &[char]) -> bool {
    hay.get(at..at + needle.len()) == Some(needle)
}

/// `s.find(sub, start, end)`: the first index, or -1.
pub fn find(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    let (hay, needle) = (chars(s), chars(sub));
    let (start, end) = adjust(start, end, hay.len());
    if end - start < needle.len() as i64 {
        return -1;
    }
    let last = (end as usize) - needle.len();
    (start as usize..=last).find(|&i| starts_at(&hay, i, &needle)).map_or(-1, |i| i as i64)
}

/// `s.rfind(sub, start, end)`: the last index, or -1.
pub fn rfind(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    let (hay, needle) = (chars(s), chars(sub));
    let (start, end) = adjust(start, end, hay.len());
    if end - start < needle.len() as i64 {
        return -1;
    }
    let last = (end as usize) - needle.len();
    (start as usize..=last).rev().find(|&i| starts_at(&hay, i, &needle)).map_or(-1, |i| i as i64)
}

fn not_found(i: i64) -> PyResult<i64> {
    if i < 0 {
        Err(Exception::new("ValueError", "substring not found"))
    } else {
        Ok(i)
    }
}

/// `s.index(sub, start, end)`: as `find`, but `ValueError: substring not found`.
pub fn index(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> PyResult<i64> {
    not_found(find(s, sub, start, end))
}

pub fn rindex(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> PyResult<i64> {
    not_found(rfind(s, sub, start, end))
}

/// `s.count(sub, start, end)`: non-overlapping occurrences; `''` occurs between every two
/// characters and at both ends.
pub fn count(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    let (hay, needle) = (chars(s), chars(sub));
    let (start, end) = adjust(start, end, hay.len());
    if end - start < needle.len() as i64 {
        return 0;
    }
    if needle.is_empty() {
        return end - start + 1;
    }
    let (mut i, end, mut n) = (start as usize, end as usize, 0);
    while i + needle.len() <= end {
        if starts_at(&hay, i, &needle) {
            n += 1;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    n
}

/// `s.startswith(prefixes, start, end)`: true if any prefix matches (a single prefix is a
/// one-element slice; Python's tuple form is several).
pub fn startswith(s: &str, prefixes: &[&str], start: Option<i64>, end: Option<i64>) -> bool {
    tail_match(s, prefixes, start, end, false)
}

pub fn endswith(s: &str, suffixes: &[&str], start: Option<i64>, end: Option<i64>) -> bool {
    tail_match(s, suffixes, start, end, true)
}

fn tail_match(s: &str, subs: &[&str], start: Option<i64>, end: Option<i64>, at_end: bool) -> bool {
    let hay = chars(s);
    let (start, end) = adjust(start, end, hay.len());
    subs.iter().any(|sub| {
        let needle = chars(sub);
        if start > hay.len() as i64 || end - start < needle.len() as i64 {
            return false;
        }
        let at = if at_end { end as usize - needle.len() } else { start as usize };
        starts_at(&hay, at, &needle)
    })
}

fn empty_separator() -> Exception {
    Exception::new("ValueError", "empty separator")
}

/// `s.split(sep, maxsplit)`: on runs of whitespace (dropping empty ends) when `sep` is `None`,
/// else on each `sep`. A negative `maxsplit` means no limit.
pub fn split(s: &str, sep: Option<&str>, maxsplit: i64) -> PyResult<Vec<String>> {
    let limit = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let Some(sep) = sep else {
        let mut parts = Vec::new();
        let mut rest = s.trim_start_matches(unicode::is_space);
        while !rest.is_empty() {
            if parts.len() == limit {
                parts.push(rest.to_string());
                break;
            }
            let end = rest.find(unicode::is_space).unwrap_or(rest.len());
            parts.push(rest[..end].to_string());
            rest = rest[end..].trim_start_matches(unicode::is_space);
        }
        return Ok(parts);
    };
    if sep.is_empty() {
        return Err(empty_separator());
    }
    Ok(s.splitn(limit.saturating_add(1), sep).map(str::to_string).collect())
}

/// `s.rsplit(sep, maxsplit)`: as `split`, counting splits from the right.
pub fn rsplit(s: &str, sep: Option<&str>, maxsplit: i64) -> PyResult<Vec<String>> {
    let limit = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let Some(sep) = sep else {
        let mut parts = Vec::new();
        let mut rest = s.trim_end_matches(unicode::is_space);
        while !rest.is_empty() {
            if parts.len() == limit {
                parts.push(rest.to_string());
                break;
            }
            let start =
                rest.rfind(unicode::is_space).map_or(0, |i| i + rest[i..].chars().next().map_or(1, char::len_utf8));
            parts.push(rest[start..].to_string());
            rest = rest[..start].trim_end_matches(unicode::is_space);
        }
        parts.reverse();
        return Ok(parts);
    };
    if sep.is_empty() {
        return Err(empty_separator());
    }
    let mut parts: Vec<String> = s.rsplitn(limit.saturating_add(1), sep).map(str::to_string).collect();
    parts.reverse();
    Ok(parts)
}

/// `s.splitlines(keepends)`: on `\n`, `\r`, `\r\n` and the other Unicode line boundaries.
pub fn splitlines(s: &str, keepends: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !unicode::is_linebreak(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(j, '\n')) = it.peek() {
                it.next();
                end = j + 1;
            }
        }
        lines.push(s[line_start..if keepends { end } else { i }].to_string());
        line_start = end;
    }
    if line_start < s.len() {
        lines.push(s[line_start..].to_string());
    }
    lines
}

/// `s.strip(chars)`: whitespace when `chars` is `None`, else any of `chars`.
pub fn strip<'a>(s: &'a str, chars: Option<&str>) -> &'a str {
    rstrip(lstrip(s, chars), chars)
}

pub fn lstrip<'a>(s: &'a str, chars: Option<&str>) -> &'a str {
    match chars {
        None => s.trim_start_matches(unicode::is_space),
        Some(set) => s.trim_start_matches(|c| set.contains(c)),
    }
}

pub fn rstrip<'a>(s: &'a str, chars: Option<&str>) -> &'a str {
    match chars {
        None => s.trim_end_matches(unicode::is_space),
        Some(set) => s.trim_end_matches(|c| set.contains(c)),
    }
}

/// `sep.join(items)`: the VM has already checked that every item is a `str`.
pub fn join<S: AsRef<str>>(sep: &str, items: &[S]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item.as_ref());
    }
    out
}

/// `s.replace(old, new, count)`: at most `count` replacements from the left (all if negative);
/// an empty `old` matches before every character and at the end.
pub fn replace(s: &str, old: &str, new: &str, count: i64) -> PyResult<String> {
    let limit = if count < 0 { usize::MAX } else { count as usize };
    if old.is_empty() {
        let n = s.chars().count().saturating_add(1).min(limit);
        if s.len().saturating_add(n.saturating_mul(new.len())) > MAX_LEN {
            return Err(too_long());
        }
        let mut out = String::new();
        let mut done = 0;
        for c in s.chars() {
            if done < n {
                out.push_str(new);
                done += 1;
            }
            out.push(c);
        }
        if done < n {
            out.push_str(new);
        }
        return Ok(out);
    }
    if new.len() > old.len() {
        let n = s.matches(old).count().min(limit);
        if s.len().saturating_add(n.saturating_mul(new.len() - old.len())) > MAX_LEN {
            return Err(too_long());
        }
    }
    Ok(s.replacen(old, new, limit))
}

/// Python's lowercase of the character at `s[byte..]`, deciding `Σ`'s final form (`ς`) from its
/// neighbours as `str.lower` does.
fn push_lower_at(s: &str, byte: usize, c: char, out: &mut String) {
    if c == 'Σ' {
        let before = s[..byte].to_lowercase().len();
        let lowered = s.to_lowercase();
        if let Some(sigma) = lowered.get(before..).and_then(|rest| rest.chars().next()) {
            out.push(sigma);
            return;
        }
    }
    out.extend(c.to_lowercase());
}

fn is_cased(c: char) -> bool {
    unicode::is_lower(c) || unicode::is_upper(c) || unicode::is_titlecase(c)
}

pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

pub fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// `s.title()`: titlecase after an uncased character, lowercase after a cased one.
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut previous_cased = false;
    for (i, c) in s.char_indices() {
        if previous_cased {
            push_lower_at(s, i, c, &mut out);
        } else {
            unicode::push_title(c, &mut out);
        }
        previous_cased = is_cased(c);
    }
    out
}

/// `s.capitalize()`: the first character titlecased (Python 3.8+), the rest lowercased.
pub fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if i == 0 {
            unicode::push_title(c, &mut out);
        } else {
            push_lower_at(s, i, c, &mut out);
        }
    }
    out
}

pub fn swapcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if unicode::is_upper(c) {
            push_lower_at(s, i, c, &mut out);
        } else if unicode::is_lower(c) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `s.casefold()`: full case folding, for caseless comparison (`'ß'` -> `'ss'`).
pub fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        unicode::push_casefold(c, &mut out);
    }
    out
}

fn all_nonempty(s: &str, pred: fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(pred)
}

pub fn isdigit(s: &str) -> bool {
    all_nonempty(s, unicode::is_digit)
}

pub fn isdecimal(s: &str) -> bool {
    all_nonempty(s, unicode::is_decimal)
}

pub fn isnumeric(s: &str) -> bool {
    all_nonempty(s, unicode::is_numeric)
}

pub fn isalpha(s: &str) -> bool {
    all_nonempty(s, unicode::is_alpha)
}

pub fn isalnum(s: &str) -> bool {
    all_nonempty(s, unicode::is_alnum)
}

pub fn isspace(s: &str) -> bool {
    all_nonempty(s, unicode::is_space)
}

pub fn isascii(s: &str) -> bool {
    s.is_ascii()
}

/// `s.isprintable()`: true for `''`.
pub fn isprintable(s: &str) -> bool {
    s.chars().all(unicode::is_printable)
}

/// `s.isupper()`: at least one cased character, and none lowercase or titlecase.
pub fn isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if unicode::is_lower(c) || unicode::is_titlecase(c) {
            return false;
        }
        cased |= unicode::is_upper(c);
    }
    cased
}

pub fn islower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if unicode::is_upper(c) || unicode::is_titlecase(c) {
            return false;
        }
        cased |= unicode::is_lower(c);
    }
    cased
}

/// `s.istitle()`: uppercase characters only after uncased ones, lowercase only after cased ones.
pub fn istitle(s: &str) -> bool {
    let (mut cased, mut previous_cased) = (false, false);
    for c in s.chars() {
        if unicode::is_upper(c) || unicode::is_titlecase(c) {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if unicode::is_lower(c) {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}

/// `s.isidentifier()`: XID_Start or `_`, then XID_Continue (keywords included).
pub fn isidentifier(s: &str) -> bool {
    let mut it = s.chars();
    it.next().is_some_and(unicode::is_id_start) && it.all(unicode::is_id_continue)
}

fn pad(s: &str, left: usize, right: usize, fill: char) -> PyResult<String> {
    if s.len().saturating_add((left + right).saturating_mul(fill.len_utf8())) > MAX_LEN {
        return Err(too_long());
    }
    let mut out = String::new();
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(out)
}

fn margin(s: &str, width: i64) -> usize {
    (width.max(0) as usize).saturating_sub(s.chars().count())
}

/// `s.center(width, fill)`: CPython puts the extra odd space on the left when `width` is odd.
pub fn center(s: &str, width: i64, fill: char) -> PyResult<String> {
    let marg = margin(s, width);
    let left = marg / 2 + (marg & (width.max(0) as usize) & 1);
    pad(s, left, marg - left, fill)
}

pub fn ljust(s: &str, width: i64, fill: char) -> PyResult<String> {
    pad(s, 0, margin(s, width), fill)
}

pub fn rjust(s: &str, width: i64, fill: char) -> PyResult<String> {
    pad(s, margin(s, width), 0, fill)
}

/// `s.zfill(width)`: zeros on the left, after a leading sign.
pub fn zfill(s: &str, width: i64) -> PyResult<String> {
    let fill = margin(s, width);
    let padded = pad(s, fill, 0, '0')?;
    if fill > 0 && (s.starts_with('+') || s.starts_with('-')) {
        let sign = &s[..1];
        return Ok(format!("{sign}{}{}", "0".repeat(fill), &s[1..]));
    }
    Ok(padded)
}

/// `s.partition(sep)`: `(before, sep, after)` at the first `sep`, or `(s, '', '')`.
pub fn partition(s: &str, sep: &str) -> PyResult<(String, String, String)> {
    if sep.is_empty() {
        return Err(empty_separator());
    }
    Ok(match s.split_once(sep) {
        Some((a, b)) => (a.into(), sep.into(), b.into()),
        None => (s.into(), String::new(), String::new()),
    })
}

/// `s.rpartition(sep)`: at the last `sep`, or `('', '', s)`.
pub fn rpartition(s: &str, sep: &str) -> PyResult<(String, String, String)> {
    if sep.is_empty() {
        return Err(empty_separator());
    }
    Ok(match s.rsplit_once(sep) {
        Some((a, b)) => (a.into(), sep.into(), b.into()),
        None => (String::new(), String::new(), s.into()),
    })
}

/// `s.expandtabs(tabsize)`: each tab to the next multiple of `tabsize` columns, counted from
/// the last `\n` or `\r`; a tab size of 0 or less removes tabs.
pub fn expandtabs(s: &str, tabsize: i64) -> PyResult<String> {
    let mut out = String::with_capacity(s.len());
    let mut column = 0usize;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize as usize - column % tabsize as usize;
                    if out.len().saturating_add(n) > MAX_LEN {
                        return Err(too_long());
                    }
                    out.extend(std::iter::repeat_n(' ', n));
                    column += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(out)
}

pub fn removeprefix<'a>(s: &'a str, prefix: &str) -> &'a str {
    s.strip_prefix(prefix).unwrap_or(s)
}

pub fn removesuffix<'a>(s: &'a str, suffix: &str) -> &'a str {
    s.strip_suffix(suffix).unwrap_or(s)
}

/// `s[i]`: one code point; negative counts from the end.
pub fn get_item(s: &str, i: i64) -> PyResult<String> {
    let len = s.chars().count() as i64;
    let j = if i < 0 { i + len } else { i };
    if !(0..len).contains(&j) {
        return Err(Exception::new("IndexError", "string index out of range"));
    }
    Ok(s.chars().nth(j as usize).map(String::from).unwrap_or_default())
}

/// `s[start:stop:step]`, with Python's rules for `None`, negative and out-of-range bounds.
pub fn slice(s: &str, start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> PyResult<String> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(Exception::new("ValueError", "slice step cannot be zero"));
    }
    let cs = chars(s);
    let indices = slice_indices(cs.len(), start, stop, step);
    Ok(indices.map(|i| cs[i]).collect())
}

/// The indices a slice selects from a sequence of `len` items (`PySlice_AdjustIndices`).
/// `step` is not zero.
pub fn slice_indices(len: usize, start: Option<i64>, stop: Option<i64>, step: i64) -> impl Iterator<Item = usize> {
    let len = len as i64;
    // As PySlice_Unpack: a step of -2**63 becomes -(2**63 - 1), so that -step exists.
    let step = step.max(-i64::MAX);
    let adjust = |i: i64, lo: i64, hi: i64| {
        if i < 0 {
            (i + len).max(lo)
        } else {
            i.min(hi)
        }
    };
    let (start, stop) = if step > 0 {
        (start.map_or(0, |i| adjust(i, 0, len)), stop.map_or(len, |i| adjust(i, 0, len)))
    } else {
        (start.map_or(len - 1, |i| adjust(i, -1, len - 1)), stop.map_or(-1, |i| adjust(i, -1, len - 1)))
    };
    let count = if step > 0 {
        if stop > start {
            (stop - start - 1) / step + 1
        } else {
            0
        }
    } else if start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    (0..count).map(move |k| (start + k * step) as usize)
}

/// `s * n`: empty for `n <= 0`.
pub fn repeat(s: &str, n: i64) -> PyResult<String> {
    if n <= 0 || s.is_empty() {
        return Ok(String::new());
    }
    if (n as u64).saturating_mul(s.len() as u64) > MAX_LEN as u64 {
        return Err(too_long());
    }
    Ok(s.repeat(n as usize))
}

/// `sub in s`.
pub fn contains(s: &str, sub: &str) -> bool {
    s.contains(sub)
}

/// `len(s)`: code points.
pub fn len(s: &str) -> usize {
    s.chars().count()
}

/// `a < b` and friends: code point order, which is UTF-8 byte order.
pub fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    a.cmp(b)
}
