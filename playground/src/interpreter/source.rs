//! Small text helpers shared by the tokenizer, the parser and `ast::dump`:
//! character counts for error columns, Python's `repr` of the constants an
//! AST holds, and the Unicode classes identifiers and `repr` need.
//!
//! The crate has no Unicode tables of its own (they would weigh on the
//! page); identifiers and printability are approximated with Rust's
//! `char::is_alphabetic`/`is_alphanumeric` and a list of the format and
//! private-use ranges. They agree with CPython on every script a lecture
//! uses; exotic code points may differ.

/// How many characters the UTF-8 bytes hold (CPython's
/// `_PyPegen_byte_offset_to_character_offset`, which decodes a prefix of
/// the line).
pub fn char_offset(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// `str.isprintable()` for one character.
pub fn is_printable(ch: char) -> bool {
    let c = ch as u32;
    if c < 0x80 {
        return (0x20..0x7f).contains(&c);
    }
    if ch.is_control() || ch.is_whitespace() {
        return false;
    }
    const NOT_PRINTABLE: &[(u32, u32)] = &[
        (0x00AD, 0x00AD),
        (0x0600, 0x0605),
        (0x061C, 0x061C),
        (0x06DD, 0x06DD),
        (0x070F, 0x070F),
        (0x08E2, 0x08E2),
        (0x180E, 0x180E),
        (0x200B, 0x200F),
        (0x2028, 0x202F),
        (0x205F, 0x2064),
        (0x2066, 0x206F),
        (0xD800, 0xF8FF),
        (0xFEFF, 0xFEFF),
        (0xFFF9, 0xFFFB),
        (0xFFFE, 0xFFFF),
        (0x110BD, 0x110BD),
        (0x110CD, 0x110CD),
        (0x13430, 0x1343F),
        (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A),
        (0xE0001, 0xE0001),
        (0xE0020, 0xE007F),
        (0xF0000, 0x10FFFF),
    ];
    !NOT_PRINTABLE.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// XID_Start, approximately (see the module doc).
pub fn is_xid_start(ch: char) -> bool {
    ch == '_' || ch.is_alphabetic()
}

/// XID_Continue, approximately: letters, digits, `_`, combining marks and
/// the middle dot.
pub fn is_xid_continue(ch: char) -> bool {
    const MARKS: &[(u32, u32)] = &[
        (0x00B7, 0x00B7),
        (0x0300, 0x036F),
        (0x0483, 0x0487),
        (0x0591, 0x05C7),
        (0x0610, 0x061A),
        (0x064B, 0x065F),
        (0x0900, 0x0903),
        (0x093A, 0x094F),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x203F, 0x2040),
        (0x20D0, 0x20FF),
        (0xFE20, 0xFE2F),
        (0xFE33, 0xFE34),
        (0xFE4D, 0xFE4F),
        (0xFF3F, 0xFF3F),
    ];
    ch == '_' || ch.is_alphanumeric() || MARKS.iter().any(|&(lo, hi)| (lo..=hi).contains(&(ch as u32)))
}

/// An identifier as CPython stores it: NFKC-normalized (PEP 3131). Only
/// the fullwidth forms of ASCII (`ｐｒｉｎｔ`, typed with a CJK input method)
/// are mapped here; other compatibility characters are kept as written.
pub fn normalize_identifier(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() {
        return std::borrow::Cow::Borrowed(name);
    }
    let fullwidth = |c: char| ('\u{FF01}'..='\u{FF5E}').contains(&c);
    if !name.chars().any(fullwidth) {
        return std::borrow::Cow::Borrowed(name);
    }
    let mapped = name.chars().map(|c| if fullwidth(c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c });
    std::borrow::Cow::Owned(mapped.collect())
}

/// `repr(str)`: single quotes unless the text has a single quote and no
/// double quote; non-printable characters escaped as `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN`.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// `repr(bytes)`: `b'...'` with `\xNN` for anything but printable ASCII.
pub fn repr_bytes(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { b'"' } else { b'\'' };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// `repr(float)` (`float_repr`, mode `'r'`): the shortest digits that
/// round-trip, in positional notation for exponents from -4 to 15 and
/// scientific (`1e+16`, `1e-05`) otherwise; integral values get `.0`.
pub fn repr_float(x: f64) -> String {
    format_float(x, true)
}

/// The imaginary part of a complex literal as `repr(complex)` writes it:
/// like [`repr_float`] but without the `.0` (`1j`, `1.5j`, `1e+16j`).
pub fn repr_imag(x: f64) -> String {
    format_float(x, false) + "j"
}

fn format_float(x: f64, add_dot_0: bool) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e-7".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let decpt = exp + 1;
    let body = if !(-4 < decpt && decpt <= 16) {
        let mut s = digits[..1].to_string();
        if digits.len() > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        let exp_sign = if exp < 0 { '-' } else { '+' };
        format!("{s}e{exp_sign}{:02}", exp.abs())
    } else if decpt <= 0 {
        format!("0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt as usize >= digits.len() {
        let zeros = "0".repeat(decpt as usize - digits.len());
        if add_dot_0 {
            format!("{digits}{zeros}.0")
        } else {
            format!("{digits}{zeros}")
        }
    } else {
        format!("{}.{}", &digits[..decpt as usize], &digits[decpt as usize..])
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_repr_as_python() {
        let cases = [
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (1.5e300, "1.5e+300"),
            (123456789.125, "123456789.125"),
            (-0.0, "-0.0"),
            (f64::INFINITY, "inf"),
        ];
        for (x, expected) in cases {
            assert_eq!(repr_float(x), expected);
        }
        assert_eq!(repr_imag(1.0), "1j");
        assert_eq!(repr_imag(1e16), "1e+16j");
    }

    #[test]
    fn strings_repr_as_python() {
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(repr_str("\u{7f}\u{200b}é\n"), "'\\x7f\\u200bé\\n'");
        assert_eq!(repr_bytes(b"\x00'"), "b\"\\x00'\"");
    }
}
