//! Formatting as CPython 3.11 does it: the format-spec mini-language of `format(v, spec)`,
//! `str.format` and f-strings (`Python/formatter_unicode.c`), the `str.format` template
//! language (`Objects/stringlib/unicode_format.h`), and printf-style `%` (`PyUnicode_Format`).
//!
//! The VM passes each value as a [`FormatArg`]: the few kinds whose formatting is defined here
//! (int, float, bool, str), and any other object as its type name with its already computed
//! `str` and `repr` (`'%s' % [1, 2]`, `f'{obj!r}'`).

use std::fmt::Write as _;

use super::float;
use super::int::Int;
use super::text;
use crate::runtime::{Exception, PyResult};

/// A value to format, as the VM hands it over.
#[derive(Clone, Debug)]
pub enum FormatArg<'a> {
    Int(&'a Int),
    Float(f64),
    Bool(bool),
    Str(&'a str),
    /// Any other object: its type's name (`list`, `NoneType`) and its `str` and `repr`, and
    /// its class's own `__format__` if it has one.
    Other {
        type_name: &'a str,
        str: String,
        repr: String,
        format: Option<CustomFormat<'a>>,
    },
}

/// A class's own `__format__` (`datetime`'s strftime specs: `'{:%H:%M}'.format(d)`), which
/// `str.format` calls with each field's spec.
#[derive(Clone, Copy)]
pub struct CustomFormat<'a>(pub &'a dyn Fn(&str) -> PyResult<String>);

impl std::fmt::Debug for CustomFormat<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CustomFormat")
    }
}

/// The right-hand side of `template % args`.
#[derive(Clone, Debug)]
pub enum PrintfArgs<'a> {
    /// A value that is not a tuple: it is the one argument.
    Single(FormatArg<'a>),
    /// A tuple: its items are the arguments.
    Tuple(Vec<FormatArg<'a>>),
    /// A mapping (a dict): looked up by `%(name)s`, and itself the one argument of a plain `%s`.
    Mapping(FormatArg<'a>, Vec<(String, FormatArg<'a>)>),
}

fn value_error(message: impl Into<String>) -> Exception {
    Exception::new("ValueError", message)
}

fn type_error(message: impl Into<String>) -> Exception {
    Exception::new("TypeError", message)
}

impl FormatArg<'_> {
    /// The name `type(v).__name__` gives, for error messages.
    pub fn type_name(&self) -> &str {
        match self {
            FormatArg::Int(_) => "int",
            FormatArg::Float(_) => "float",
            FormatArg::Bool(_) => "bool",
            FormatArg::Str(_) => "str",
            FormatArg::Other { type_name, .. } => type_name,
        }
    }

    /// `str(v)`.
    pub fn to_str(&self) -> PyResult<String> {
        Ok(match self {
            FormatArg::Int(i) => i.to_decimal()?,
            FormatArg::Float(f) => float::repr(*f),
            FormatArg::Bool(b) => bool_text(*b).into(),
            FormatArg::Str(s) => (*s).into(),
            FormatArg::Other { str, .. } => str.clone(),
        })
    }

    /// `repr(v)`.
    pub fn to_repr(&self) -> PyResult<String> {
        Ok(match self {
            FormatArg::Str(s) => text::repr(s),
            FormatArg::Other { repr, .. } => repr.clone(),
            other => other.to_str()?,
        })
    }

    /// `ascii(v)`: the repr with non-ASCII characters escaped.
    pub fn to_ascii(&self) -> PyResult<String> {
        Ok(match self {
            FormatArg::Str(s) => text::ascii(s),
            other => escape_non_ascii(&other.to_repr()?),
        })
    }
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn escape_non_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        match n {
            0..=0x7f => out.push(c),
            0x80..=0xff => {
                let _ = write!(out, "\\x{n:02x}");
            }
            0x100..=0xffff => {
                let _ = write!(out, "\\u{n:04x}");
            }
            _ => {
                let _ = write!(out, "\\U{n:08x}");
            }
        }
    }
    out
}

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Debug)]
struct Spec {
    fill: char,
    align: Option<char>,
    sign: Option<char>,
    /// `z` (3.11, PEP 682): a negative zero after rounding prints as zero.
    no_neg_zero: bool,
    alternate: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

/// `parse_internal_render_format_spec`: `default_kind` is the type a spec without one means for
/// this value (`s` for str, `d` for int, none for float), used in the grouping error.
fn parse_spec(spec: &str, type_name: &str, default_align: char, default_kind: Option<char>) -> PyResult<Spec> {
    let c: Vec<char> = spec.chars().collect();
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    let mut s = Spec {
        fill: ' ',
        align: None,
        sign: None,
        no_neg_zero: false,
        alternate: false,
        width: 0,
        grouping: None,
        precision: None,
        kind: None,
    };
    let mut pos = 0;
    let mut fill_given = false;
    if c.len() >= 2 && is_align(c[1]) {
        s.fill = c[0];
        s.align = Some(c[1]);
        fill_given = true;
        pos = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        s.align = Some(c[0]);
        pos = 1;
    }
    if let Some(&sign @ ('+' | '-' | ' ')) = c.get(pos) {
        s.sign = Some(sign);
        pos += 1;
    }
    if c.get(pos) == Some(&'z') {
        s.no_neg_zero = true;
        pos += 1;
    }
    if c.get(pos) == Some(&'#') {
        s.alternate = true;
        pos += 1;
    }
    // A '0' before the width means zero padding, after the sign for numbers (3.10+: a string
    // keeps its left alignment and pads with zeros).
    if !fill_given && c.get(pos) == Some(&'0') {
        s.fill = '0';
        if s.align.is_none() && default_align == '>' {
            s.align = Some('=');
        }
        pos += 1;
    }
    let digits = |pos: &mut usize| -> PyResult<Option<usize>> {
        let start = *pos;
        let mut n: usize = 0;
        while let Some(d) = c.get(*pos).and_then(|c| c.to_digit(10)) {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(d as usize))
                .filter(|&n| n <= i64::MAX as usize)
                .ok_or_else(|| value_error("Too many decimal digits in format string"))?;
            *pos += 1;
        }
        Ok((*pos > start).then_some(n))
    };
    s.width = digits(&mut pos)?.unwrap_or(0);
    let both = || value_error("Cannot specify both ',' and '_'.");
    if c.get(pos) == Some(&',') {
        s.grouping = Some(',');
        pos += 1;
    }
    if c.get(pos) == Some(&'_') {
        if s.grouping.is_some() {
            return Err(both());
        }
        s.grouping = Some('_');
        pos += 1;
    }
    if c.get(pos) == Some(&',') && s.grouping == Some('_') {
        return Err(both());
    }
    if c.get(pos) == Some(&'.') {
        pos += 1;
        let precision = digits(&mut pos)?.ok_or_else(|| value_error("Format specifier missing precision"))?;
        if precision > i32::MAX as usize {
            return Err(value_error("precision too big"));
        }
        s.precision = Some(precision);
    }
    match c.len() - pos {
        0 => {}
        1 => s.kind = Some(c[pos]),
        _ => return Err(value_error(format!("Invalid format specifier '{spec}' for object of type '{type_name}'"))),
    }
    if let Some(sep) = s.grouping {
        let kind = s.kind.or(default_kind);
        let allowed = match kind {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
            Some('b' | 'o' | 'x' | 'X') => sep == '_',
            _ => false,
        };
        if !allowed {
            let kind = kind.unwrap_or(' ');
            return Err(value_error(format!("Cannot specify '{sep}' with '{kind}'.")));
        }
    }
    Ok(s)
}

fn unknown_code(kind: char, type_name: &str) -> Exception {
    value_error(format!("Unknown format code '{kind}' for object of type '{type_name}'"))
}

/// `format(v, spec)`: also what `str.format` and f-strings call for each field.
pub fn format(v: &FormatArg, spec: &str) -> PyResult<String> {
    match v {
        FormatArg::Int(i) => format_int(i, spec, "int"),
        FormatArg::Bool(b) if spec.is_empty() => Ok(bool_text(*b).into()),
        FormatArg::Bool(b) => format_int(&Int::Small(i64::from(*b)), spec, "bool"),
        FormatArg::Float(f) => format_float(*f, spec, "float"),
        FormatArg::Str(s) => format_str(s, spec),
        FormatArg::Other { format: Some(custom), .. } => (custom.0)(spec),
        FormatArg::Other { type_name, str, .. } => {
            if spec.is_empty() {
                Ok(str.clone())
            } else {
                Err(type_error(format!("unsupported format string passed to {type_name}.__format__")))
            }
        }
    }
}

fn format_str(s: &str, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(s.into());
    }
    let sp = parse_spec(spec, "str", '<', Some('s'))?;
    match sp.kind {
        None | Some('s') => {}
        Some(k) => return Err(unknown_code(k, "str")),
    }
    if sp.sign.is_some() {
        return Err(value_error("Sign not allowed in string format specifier"));
    }
    if sp.no_neg_zero {
        return Err(value_error("Negative zero coercion (z) not allowed in string format specifier"));
    }
    if sp.alternate {
        return Err(value_error("Alternate form (#) not allowed in string format specifier"));
    }
    if sp.align == Some('=') {
        return Err(value_error("'=' alignment not allowed in string format specifier"));
    }
    let body: String = match sp.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.into(),
    };
    pad(&body, "", &sp, '<')
}

/// Pads `body` (with `sign_prefix` in front of it) to the spec's width. `=` puts the padding
/// between the sign/prefix and the digits; `^` puts the odd extra fill on the right.
fn pad(body: &str, sign_prefix: &str, sp: &Spec, default_align: char) -> PyResult<String> {
    let len = sign_prefix.chars().count() + body.chars().count();
    let total = sp.width.max(len);
    if total > text::MAX_LEN {
        return Err(Exception::new("MemoryError", "the formatted string would be too long"));
    }
    let n = total - len;
    let fill = |k: usize| std::iter::repeat_n(sp.fill, k).collect::<String>();
    Ok(match sp.align.unwrap_or(default_align) {
        '<' => format!("{sign_prefix}{body}{}", fill(n)),
        '^' => format!("{}{sign_prefix}{body}{}", fill(n / 2), fill(n - n / 2)),
        '=' => format!("{sign_prefix}{}{body}", fill(n)),
        _ => format!("{}{sign_prefix}{body}", fill(n)),
    })
}

/// Inserts `sep` every `group` digits from the right of `digits`; with `min_width`, pads with
/// zeros (grouped too) until the result is that wide, as zero padding with grouping does
/// (`format(1234, '08,') == '0,001,234'`).
fn group_digits(digits: &str, sep: char, group: usize, min_width: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut count = 0;
    for d in digits.chars().rev() {
        if count == group {
            out.push(sep);
            count = 0;
        }
        out.push(d);
        count += 1;
    }
    while out.len() < min_width {
        if count == group {
            out.push(sep);
            count = 0;
        }
        out.push('0');
        count += 1;
    }
    out.iter().rev().collect()
}

/// The sign character a number gets.
fn sign_char(negative: bool, sp: &Spec) -> &'static str {
    match (negative, sp.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// Lays out a number: sign, prefix (`0x`), integer digits (grouped), the rest (`.5`, `e+07`,
/// `%`), padded; zero padding is grouped along with the digits.
fn layout_number(
    negative: bool,
    prefix: &str,
    int_digits: &str,
    rest: &str,
    group: usize,
    sp: &Spec,
) -> PyResult<String> {
    let sign_prefix = format!("{}{prefix}", sign_char(negative, sp));
    let digits = match sp.grouping {
        Some(sep) => {
            let zero_padded = sp.fill == '0' && sp.align == Some('=');
            let min_width = if zero_padded {
                sp.width.saturating_sub(sign_prefix.chars().count() + rest.chars().count())
            } else {
                0
            };
            group_digits(int_digits, sep, group, min_width)
        }
        None => int_digits.into(),
    };
    pad(&format!("{digits}{rest}"), &sign_prefix, sp, '>')
}

fn format_int(i: &Int, spec: &str, type_name: &str) -> PyResult<String> {
    // `{:d}` is plain decimal too: no width, sign or grouping to lay out.
    if spec.is_empty() || spec == "d" {
        return i.to_decimal();
    }
    let sp = parse_spec(spec, type_name, '>', Some('d'))?;
    match sp.kind {
        None | Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => {}
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => return float_with_spec(i.to_f64()?, &sp),
        Some(k) => return Err(unknown_code(k, type_name)),
    }
    if sp.precision.is_some() {
        return Err(value_error("Precision not allowed in integer format specifier"));
    }
    if sp.no_neg_zero {
        return Err(value_error("Negative zero coercion (z) not allowed in integer format specifier"));
    }
    let kind = sp.kind.unwrap_or('d');
    if kind == 'c' {
        if sp.sign.is_some() {
            return Err(value_error("Sign not allowed with integer format specifier 'c'"));
        }
        if sp.alternate {
            return Err(value_error("Alternate form (#) not allowed with integer format specifier 'c'"));
        }
        let c = char_of(i)?;
        return pad(&c.to_string(), "", &sp, '>');
    }
    let (radix, prefix, group) = match kind {
        'b' => (2, "0b", 4),
        'o' => (8, "0o", 4),
        'x' => (16, "0x", 4),
        'X' => (16, "0X", 4),
        _ => (10, "", 3),
    };
    let digits = if radix == 10 { i.abs().to_decimal()? } else { i.magnitude_radix(radix) };
    let digits = if kind == 'X' { digits.to_uppercase() } else { digits };
    let prefix = if sp.alternate { prefix } else { "" };
    layout_number(i.is_negative(), prefix, &digits, "", group, &sp)
}

/// `chr(i)` for `%c` and the `c` type. A surrogate (U+D800..U+DFFF), which Python can hold in a
/// `str` and Rust cannot, becomes U+FFFD.
fn char_of(i: &Int) -> PyResult<char> {
    let Some(n) = i.as_i64() else {
        return Err(Exception::new("OverflowError", "Python int too large to convert to C long"));
    };
    Some(n)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|&n| n < 0x110000)
        .map(|n| char::from_u32(n).unwrap_or('\u{fffd}'))
        .ok_or_else(|| Exception::new("OverflowError", "%c arg not in range(0x110000)"))
}

fn format_float(x: f64, spec: &str, type_name: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(float::repr(x));
    }
    let sp = parse_spec(spec, type_name, '>', None)?;
    match sp.kind {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => float_with_spec(x, &sp),
        Some(k) => Err(unknown_code(k, type_name)),
    }
}

/// The digits of a finite, non-negative `x` for a presentation type, as `PyOS_double_to_string`
/// makes them (`r` is repr); `add_dot_0` gives integral results a `.0` (the no-type case).
fn float_body(x: f64, kind: char, precision: usize, alternate: bool, add_dot_0: bool) -> String {
    let exp_form = |x: f64, p: usize| {
        let s = format!("{x:.p$e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let dot = if alternate && !mantissa.contains('.') { "." } else { "" };
        format!("{mantissa}{dot}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs())
    };
    let fixed = |x: f64, p: usize| {
        let s = format!("{x:.p$}");
        if alternate && !s.contains('.') {
            format!("{s}.")
        } else {
            s
        }
    };
    match kind {
        'r' => {
            let s = float::repr(x);
            match s.split_once('e') {
                Some((mantissa, exp)) if alternate && !mantissa.contains('.') => format!("{mantissa}.e{exp}"),
                _ => s,
            }
        }
        'e' => exp_form(x, precision),
        'f' | '%' => fixed(x, precision),
        _ => {
            // 'g': exponent notation when the exponent after rounding is < -4 or >= precision.
            let p = precision.max(1);
            let exponent = if x == 0.0 {
                0
            } else {
                let s = format!("{x:.prec$e}", prec = p - 1);
                s.split_once('e').and_then(|(_, e)| e.parse::<i64>().ok()).unwrap_or(0)
            };
            // Without a type, a '.0' is kept on integral results, and exponent notation starts
            // one digit earlier (`format(1.0, '.1') == '1e+00'`).
            let limit = if add_dot_0 { p as i64 - 1 } else { p as i64 };
            let mut s = if -4 <= exponent && exponent < limit {
                fixed(x, (p as i64 - 1 - exponent) as usize)
            } else {
                exp_form(x, p - 1)
            };
            if !alternate {
                // Drop trailing zeros of the fraction, and a bare point.
                let (mantissa, exp) = match s.find('e') {
                    Some(i) => (s[..i].to_string(), s[i..].to_string()),
                    None => (s.clone(), String::new()),
                };
                let mantissa = if mantissa.contains('.') {
                    mantissa.trim_end_matches('0').trim_end_matches('.')
                } else {
                    &mantissa
                };
                s = format!("{mantissa}{exp}");
            }
            if add_dot_0 && !s.contains(['.', 'e']) {
                s.push_str(".0");
            }
            s
        }
    }
}

fn float_with_spec(x: f64, sp: &Spec) -> PyResult<String> {
    if sp.precision.is_some_and(|p| p > text::MAX_LEN) {
        return Err(Exception::new("MemoryError", "the formatted number would be too long"));
    }
    let mut kind = sp.kind.unwrap_or('r');
    let mut precision = sp.precision.unwrap_or(6);
    let mut add_dot_0 = false;
    if sp.kind.is_none() {
        // No type: repr, or with a precision 'g' that keeps a '.0' on integral results.
        add_dot_0 = true;
        if sp.precision.is_some() {
            kind = 'g';
        } else {
            precision = 0;
        }
    }
    if kind == 'n' {
        kind = 'g';
    }
    let upper = matches!(kind, 'E' | 'F' | 'G');
    let lower_kind = kind.to_ascii_lowercase();
    let mut negative = x.is_sign_negative() && !x.is_nan();
    let (int_digits, rest) = if x.is_finite() {
        let value = if lower_kind == '%' { x.abs() * 100.0 } else { x.abs() };
        let mut body = float_body(value, lower_kind, precision, sp.alternate, add_dot_0);
        if upper {
            body = body.to_uppercase();
        }
        if lower_kind == '%' {
            body.push('%');
        }
        if sp.no_neg_zero && negative && body.chars().all(|c| !c.is_ascii_digit() || c == '0') {
            negative = false;
        }
        let split = body.find(|c: char| !c.is_ascii_digit()).unwrap_or(body.len());
        (body[..split].to_string(), body[split..].to_string())
    } else {
        let word = if x.is_nan() { "nan" } else { "inf" };
        let mut word = if upper { word.to_uppercase() } else { word.into() };
        if lower_kind == '%' {
            word.push('%');
        }
        (String::new(), word)
    };
    if !x.is_finite() && sp.grouping.is_some() {
        // No digits to group: zero padding stays plain zeros.
        let plain = Spec { grouping: None, ..sp.clone() };
        return layout_number(negative, "", &int_digits, &rest, 3, &plain);
    }
    layout_number(negative, "", &int_digits, &rest, 3, sp)
}

/// `template.format(*positional, **keywords)`.
pub fn str_format(template: &str, positional: &[FormatArg], keywords: &[(String, FormatArg)]) -> PyResult<String> {
    let mut numbering = Numbering::Unset;
    render(template, positional, keywords, &mut numbering, 2)
}

/// `str.format`'s field numbering: `{}` counts up, `{0}` names; a template may not mix them.
#[derive(Clone, Copy, PartialEq)]
enum Numbering {
    Unset,
    Auto(usize),
    Manual,
}

fn render(
    template: &str,
    positional: &[FormatArg],
    keywords: &[(String, FormatArg)],
    numbering: &mut Numbering,
    depth: u32,
) -> PyResult<String> {
    if depth == 0 {
        return Err(value_error("Max string recursion exceeded"));
    }
    // The syntax is ASCII ('{', '}', '!', ':', '[', ']'), so the template is walked byte by
    // byte and literal runs are copied as slices.
    let b = template.as_bytes();
    let mut out = String::with_capacity(template.len() + 16);
    let mut i = 0;
    let mut literal = 0;
    while i < b.len() {
        let ch = b[i];
        if ch != b'{' && ch != b'}' {
            i += 1;
            continue;
        }
        out.push_str(&template[literal..i]);
        i += 1;
        if b.get(i) == Some(&ch) {
            out.push(ch as char); // `{{` or `}}`
            i += 1;
            literal = i;
            continue;
        }
        if ch == b'}' {
            return Err(value_error("Single '}' encountered in format string"));
        }
        if i >= b.len() {
            return Err(value_error("Single '{' encountered in format string"));
        }
        // The field name runs to '}', ':' or '!'; '[' ... ']' may hold any of those.
        let name_start = i;
        let mut end_char = None;
        while i < b.len() {
            let x = b[i];
            i += 1;
            match x {
                b'{' => return Err(value_error("unexpected '{' in field name")),
                b'[' => {
                    while i < b.len() && b[i] != b']' {
                        i += 1;
                    }
                }
                b'}' | b':' | b'!' => {
                    end_char = Some(x);
                    break;
                }
                _ => {}
            }
        }
        let Some(end_char) = end_char else {
            return Err(value_error("expected '}' before end of string"));
        };
        let name = &template[name_start..i - 1];
        let mut conversion = None;
        let mut spec = "";
        let mut spec_nested = false;
        if end_char != b'}' {
            let mut spec_follows = true;
            if end_char == b'!' {
                let Some(conv) = template[i..].chars().next() else {
                    return Err(value_error("end of string while looking for conversion specifier"));
                };
                conversion = Some(conv);
                i += conv.len_utf8();
                if let Some(next) = template[i..].chars().next() {
                    i += next.len_utf8();
                    if next == '}' {
                        spec_follows = false;
                    } else if next != ':' {
                        return Err(value_error("expected ':' after conversion specifier"));
                    }
                }
            }
            if spec_follows {
                let spec_start = i;
                let mut count = 1;
                let mut closed = false;
                while i < b.len() {
                    let x = b[i];
                    i += 1;
                    if x == b'{' {
                        spec_nested = true;
                        count += 1;
                    } else if x == b'}' {
                        count -= 1;
                        if count == 0 {
                            closed = true;
                            break;
                        }
                    }
                }
                if !closed {
                    return Err(value_error("unmatched '{' in format spec"));
                }
                spec = &template[spec_start..i - 1];
            }
        }
        literal = i;
        let value = lookup(name, positional, keywords, numbering)?;
        let rendered;
        if spec_nested {
            rendered = render(spec, positional, keywords, numbering, depth - 1)?;
            spec = &rendered;
        }
        let converted;
        let value = match conversion {
            None => value,
            Some(conv) => {
                converted = match conv {
                    'r' => value.to_repr()?,
                    's' => value.to_str()?,
                    'a' => value.to_ascii()?,
                    other => return Err(value_error(format!("Unknown conversion specifier {other}"))),
                };
                FormatArg::Str(&converted)
            }
        };
        out.push_str(&format(&value, spec)?);
    }
    out.push_str(&template[literal..]);
    Ok(out)
}

/// The argument a field name refers to: empty for the next automatic number, digits for a
/// position, anything else a keyword.
fn lookup<'v, 'a>(
    name: &str,
    positional: &'v [FormatArg<'a>],
    keywords: &'v [(String, FormatArg<'a>)],
    numbering: &mut Numbering,
) -> PyResult<FormatArg<'a>> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    if first_end < name.len() {
        return Err(Exception::new(
            "NotImplementedError",
            "attribute and index lookups in format fields are not supported yet",
        ));
    }
    let index = if name.is_empty() {
        let next = match *numbering {
            Numbering::Manual => {
                return Err(value_error("cannot switch from manual field specification to automatic field numbering"))
            }
            Numbering::Unset => 0,
            Numbering::Auto(n) => n,
        };
        *numbering = Numbering::Auto(next + 1);
        Some(next)
    } else if name.bytes().all(|b| b.is_ascii_digit()) {
        if matches!(numbering, Numbering::Auto(_)) {
            return Err(value_error("cannot switch from automatic field numbering to manual field specification"));
        }
        *numbering = Numbering::Manual;
        Some(name.parse::<usize>().unwrap_or(usize::MAX))
    } else {
        None
    };
    match index {
        Some(n) => positional.get(n).cloned().ok_or_else(|| {
            Exception::new("IndexError", format!("Replacement index {n} out of range for positional args tuple"))
        }),
        None => keywords
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| Exception::new("KeyError", text::repr(name))),
    }
}

/// The arguments of `%` as `PyUnicode_Format` walks them.
struct PrintfState<'p, 'a> {
    args: &'p PrintfArgs<'a>,
    /// The value a `%(key)` spec looked up: the next plain spec may take it, once.
    keyed: Option<FormatArg<'a>>,
    next: usize,
    /// Whether the current "single" argument (the value itself, or a looked-up one) was taken.
    single_taken: bool,
}

impl<'a> PrintfState<'_, 'a> {
    fn next_arg(&mut self) -> PyResult<FormatArg<'a>> {
        let not_enough = || type_error("not enough arguments for format string");
        if let Some(v) = &self.keyed {
            if self.single_taken {
                return Err(not_enough());
            }
            self.single_taken = true;
            return Ok(v.clone());
        }
        match self.args {
            PrintfArgs::Tuple(items) => {
                let v = items.get(self.next).cloned().ok_or_else(not_enough)?;
                self.next += 1;
                Ok(v)
            }
            PrintfArgs::Single(v) | PrintfArgs::Mapping(v, _) => {
                if self.single_taken {
                    return Err(not_enough());
                }
                self.single_taken = true;
                Ok(v.clone())
            }
        }
    }
}

/// `template % args`.
pub fn printf(template: &str, args: &PrintfArgs) -> PyResult<String> {
    let c: Vec<char> = template.chars().collect();
    let mut st = PrintfState { args, keyed: None, next: 0, single_taken: false };
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] != '%' {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        let incomplete = || value_error("incomplete format");
        if c.get(i) == Some(&'%') {
            out.push('%');
            i += 1;
            continue;
        }
        if c.get(i) == Some(&'(') {
            let PrintfArgs::Mapping(_, entries) = args else {
                return Err(type_error("format requires a mapping"));
            };
            // The key may itself hold balanced parentheses.
            let mut depth = 1;
            let key_start = i + 1;
            i += 1;
            while i < c.len() && depth > 0 {
                match c[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err(value_error("incomplete format key"));
            }
            let key: String = c[key_start..i - 1].iter().collect();
            let value = entries
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| Exception::new("KeyError", text::repr(&key)))?;
            st.keyed = Some(value);
            st.single_taken = false;
        }
        let mut flags = Flags::default();
        while let Some(&f) = c.get(i) {
            match f {
                '-' => flags.left = true,
                '+' => flags.plus = true,
                ' ' => flags.blank = true,
                '#' => flags.alternate = true,
                '0' => flags.zero = true,
                _ => break,
            }
            i += 1;
        }
        let mut width: Option<usize> = None;
        if c.get(i) == Some(&'*') {
            i += 1;
            let w = star(&mut st)?;
            if w < 0 {
                flags.left = true;
            }
            width = Some(w.unsigned_abs() as usize);
        } else {
            width = read_number(&c, &mut i, "width too big")?.or(width);
        }
        let mut precision = None;
        if c.get(i) == Some(&'.') {
            i += 1;
            if c.get(i) == Some(&'*') {
                i += 1;
                precision = Some(star(&mut st)?.max(0) as usize);
            } else {
                precision = Some(read_number(&c, &mut i, "precision too big")?.unwrap_or(0));
            }
        }
        // Length modifiers are accepted and ignored, as in CPython.
        while matches!(c.get(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        let Some(&kind) = c.get(i) else {
            return Err(incomplete());
        };
        i += 1;
        // Only a bare `%%` is a literal: `%5%` takes an argument, then is refused.
        let value = st.next_arg()?;
        if !"srabcdiuoxXeEfFgG".contains(kind) {
            return Err(value_error(format!(
                "unsupported format character '{kind}' (0x{:x}) at index {}",
                kind as u32,
                i - 1
            )));
        }
        out.push_str(&printf_one(&value, kind, &flags, width.unwrap_or(0), precision)?);
    }
    let unconverted = match args {
        PrintfArgs::Tuple(items) => st.keyed.is_none() && st.next < items.len(),
        PrintfArgs::Single(_) => st.keyed.is_none() && !st.single_taken,
        PrintfArgs::Mapping(..) => false,
    };
    if unconverted {
        return Err(type_error("not all arguments converted during string formatting"));
    }
    Ok(out)
}

#[derive(Default)]
struct Flags {
    left: bool,
    plus: bool,
    blank: bool,
    alternate: bool,
    zero: bool,
}

/// A `*` width or precision: the next argument, which must be an int.
fn star(st: &mut PrintfState) -> PyResult<i64> {
    match st.next_arg()? {
        FormatArg::Int(i) => i.as_i64().ok_or_else(|| value_error("width too big")),
        FormatArg::Bool(b) => Ok(i64::from(b)),
        _ => Err(type_error("* wants int")),
    }
}

fn read_number(c: &[char], i: &mut usize, too_big: &str) -> PyResult<Option<usize>> {
    let start = *i;
    let mut n: usize = 0;
    while let Some(d) = c.get(*i).and_then(|c| c.to_digit(10)) {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(d as usize))
            .filter(|&n| n <= i32::MAX as usize)
            .ok_or_else(|| value_error(too_big))?;
        *i += 1;
    }
    Ok((*i > start).then_some(n))
}

/// One `%` conversion of `value`.
fn printf_one(
    value: &FormatArg,
    kind: char,
    flags: &Flags,
    width: usize,
    precision: Option<usize>,
) -> PyResult<String> {
    let pad_text = |s: String| -> PyResult<String> {
        let s: String = match precision {
            Some(p) if "sra".contains(kind) => s.chars().take(p).collect(),
            _ => s,
        };
        let sp = Spec {
            fill: ' ',
            align: Some(if flags.left { '<' } else { '>' }),
            sign: None,
            no_neg_zero: false,
            alternate: false,
            width,
            grouping: None,
            precision: None,
            kind: None,
        };
        pad(&s, "", &sp, '>')
    };
    let number_spec = || Spec {
        fill: if flags.zero && !flags.left { '0' } else { ' ' },
        align: Some(if flags.left {
            '<'
        } else if flags.zero {
            '='
        } else {
            '>'
        }),
        sign: if flags.plus {
            Some('+')
        } else if flags.blank {
            Some(' ')
        } else {
            None
        },
        no_neg_zero: false,
        alternate: flags.alternate,
        width,
        grouping: None,
        precision,
        kind: Some(kind),
    };
    match kind {
        's' => pad_text(value.to_str()?),
        'r' => pad_text(value.to_repr()?),
        'a' => pad_text(value.to_ascii()?),
        'c' => {
            let c = match value {
                // `%c` words a huge int's overflow as any other (`format(v, 'c')` does not).
                FormatArg::Int(Int::Big(_)) => char_of(&Int::Small(-1))?,
                FormatArg::Int(i) => char_of(i)?,
                FormatArg::Bool(b) => char::from(u8::from(*b)),
                FormatArg::Str(s) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
                _ => return Err(type_error("%c requires int or char")),
            };
            pad_text(c.to_string())
        }
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
            let owned;
            let i: &Int = match value {
                FormatArg::Int(i) => i,
                FormatArg::Bool(b) => {
                    owned = Int::Small(i64::from(*b));
                    &owned
                }
                FormatArg::Float(f) if matches!(kind, 'd' | 'i' | 'u') => {
                    owned = Int::from_f64(*f)?;
                    &owned
                }
                other => {
                    let need = if matches!(kind, 'd' | 'i' | 'u') { "a real number" } else { "an integer" };
                    return Err(type_error(format!("%{kind} format: {need} is required, not {}", other.type_name())));
                }
            };
            let (radix, prefix) = match kind {
                'o' => (8, "0o"),
                'x' => (16, "0x"),
                'X' => (16, "0X"),
                _ => (10, ""),
            };
            let mut digits = if radix == 10 { i.abs().to_decimal()? } else { i.magnitude_radix(radix) };
            if kind == 'X' {
                digits = digits.to_uppercase();
            }
            // A precision is a minimum count of digits.
            if let Some(p) = precision {
                if p > digits.len() {
                    digits = format!("{}{digits}", "0".repeat(p - digits.len()));
                }
            }
            let prefix = if flags.alternate { prefix } else { "" };
            layout_number(i.is_negative(), prefix, &digits, "", 3, &number_spec())
        }
        _ => {
            let x = match value {
                FormatArg::Float(f) => *f,
                FormatArg::Int(i) => i.to_f64()?,
                FormatArg::Bool(b) => f64::from(u8::from(*b)),
                other => return Err(type_error(format!("must be real number, not {}", other.type_name()))),
            };
            let mut sp = number_spec();
            sp.precision = Some(precision.unwrap_or(6));
            float_with_spec(x, &sp)
        }
    }
}
