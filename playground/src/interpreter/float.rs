//! Python's `float`: repr, parsing, rounding, hashing and the arithmetic whose rules differ from
//! IEEE's or Rust's (floor division, modulo with the divisor's sign, `**`'s special cases), each
//! as CPython 3.11's `Objects/floatobject.c` does it.

use super::int::{Int, HASH_MODULUS};
use super::unicode;
use crate::runtime::{Exception, PyResult};

/// The message of the error value for results CPython would make complex (`(-8) ** (1/3)`).
pub const COMPLEX_UNSUPPORTED: &str = "complex numbers are not supported";

/// A small buffer on the stack that `write!` fills (a float's `{:e}` is at most 24 bytes).
struct StackText {
    bytes: [u8; 32],
    len: usize,
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let room = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        room.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Whether `x`'s exact decimal expansion ends within 18 significant digits, the only way two
/// 17-digit candidates can be equally near it. `x` is `m * 2**e` with `m` odd; for `e < 0` its
/// expansion has as many significant digits as `m * 5**-e`, more than 18 once `-e > 25`.
fn may_tie(x: f64) -> bool {
    let bits = x.to_bits();
    let (biased, fraction) = (((bits >> 52) & 0x7ff) as i32, bits & ((1 << 52) - 1));
    let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
    m != 0 && e + m.trailing_zeros() as i32 >= -25
}

/// `repr(x)` (and `str(x)`): the shortest round-trip digits; positional for exponents
/// -4..=15 with `.0` when integral, else exponent notation: `1e+16`, `1e-05`, `inf`, `nan`, `-0.0`.
pub fn repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let mut out = String::with_capacity(24);
    if x.is_sign_negative() {
        out.push('-');
    }
    if x == 0.0 {
        out.push_str("0.0");
        return out;
    }
    // Rust's `{:e}` writes the shortest round-trip digits, as David Gay's dtoa mode 0 does:
    // `d.ddde-X`. Written on the stack: a repr is one allocation (tasks' results are repr'd
    // for the trace, thousands of times in a run).
    let mut e = StackText { bytes: [0; 32], len: 0 };
    if std::fmt::Write::write_fmt(&mut e, format_args!("{:e}", x.abs())).is_err() {
        out.push_str(&format!("{:e}", x.abs()));
        return out;
    }
    let mut text = std::str::from_utf8(&e.bytes[..e.len]).unwrap_or("0e0");
    // With 16 or 17 digits, two shortest candidates can be equally near `x` (1077004770123625.25
    // between ...5.2 and ...5.3): Rust's shortest mode rounds such a tie up, David Gay's (so
    // CPython) to even, as the correctly rounded `{:.*e}` does. It is used when it reads back.
    let mut exact = StackText { bytes: [0; 32], len: 0 };
    let digits = text.find('e').unwrap_or(text.len()) - usize::from(text.contains('.'));
    if digits >= 16
        && may_tie(x)
        && std::fmt::Write::write_fmt(&mut exact, format_args!("{:.*e}", digits - 1, x.abs())).is_ok()
    {
        let rounded = std::str::from_utf8(&exact.bytes[..exact.len]).unwrap_or("");
        if rounded != text && rounded.parse::<f64>() == Ok(x.abs()) {
            text = rounded;
        }
    }
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (first, rest) = mantissa.split_at(1.min(mantissa.len()));
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let n = 1 + rest.len() as i32;
    // float_repr_style 'r': decpt = exp + 1 positions before the point; positional if -4 < decpt <= 16.
    let decpt = exp + 1;
    if !(-4 < decpt && decpt <= 16) {
        // Exponent notation as Python writes it: `1e+16`, `1.5e-07` (at least two exponent
        // digits, always a sign).
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let sign = if exp < 0 { '-' } else { '+' };
        let _ = std::fmt::Write::write_fmt(&mut out, format_args!("e{sign}{:02}", exp.unsigned_abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        (0..-decpt).for_each(|_| out.push('0'));
        out.push_str(first);
        out.push_str(rest);
    } else if decpt >= n {
        out.push_str(first);
        out.push_str(rest);
        (0..decpt - n).for_each(|_| out.push('0'));
        out.push_str(".0");
    } else {
        // The point falls inside the digits: after `decpt` of them (the first is one).
        let split = (decpt - 1) as usize;
        out.push_str(first);
        out.push_str(&rest[..split]);
        out.push('.');
        out.push_str(&rest[split..]);
    }
    out
}

/// `float(text)`: surrounding whitespace, a sign, `inf`/`infinity`/`nan` in any case, single
/// underscores between digits, Unicode decimal digits.
pub fn parse(text: &str) -> PyResult<f64> {
    let invalid =
        || Exception::new("ValueError", format!("could not convert string to float: {}", super::text::repr(text)));
    let ascii: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c
            } else if unicode::is_space(c) {
                ' '
            } else if let Some(d) = unicode::decimal_value(c) {
                char::from(b'0' + d as u8)
            } else {
                '?'
            }
        })
        .collect();
    let s = ascii.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = unsigned.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return s.parse::<f64>().map_err(|_| invalid());
    }
    // decimal: digits ['.' digits] | '.' digits, then [e [sign] digits]; '_' only between digits.
    let bytes = unsigned.as_bytes();
    let mut i = 0;
    let mut clean = String::with_capacity(s.len());
    if s.starts_with('-') {
        clean.push('-');
    }
    let digits_run = |i: &mut usize, clean: &mut String| -> usize {
        let start = *i;
        let mut count = 0;
        while *i < bytes.len() {
            let c = bytes[*i];
            if c.is_ascii_digit() {
                clean.push(c as char);
                count += 1;
            } else if c == b'_' && *i > start && *i + 1 < bytes.len() && bytes[*i + 1].is_ascii_digit() {
                // between two digits
            } else {
                break;
            }
            *i += 1;
        }
        count
    };
    let int_digits = digits_run(&mut i, &mut clean);
    let mut frac_digits = 0;
    if i < bytes.len() && bytes[i] == b'.' {
        clean.push('.');
        i += 1;
        frac_digits = digits_run(&mut i, &mut clean);
    }
    if int_digits + frac_digits == 0 {
        return Err(invalid());
    }
    if i < bytes.len() && (bytes[i] | 0x20) == b'e' {
        clean.push('e');
        i += 1;
        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
            clean.push(bytes[i] as char);
            i += 1;
        }
        if digits_run(&mut i, &mut clean) == 0 {
            return Err(invalid());
        }
    }
    if i != bytes.len() {
        return Err(invalid());
    }
    clean.parse::<f64>().map_err(|_| invalid())
}

/// `hash(x)`: for integral values the hash of the equal int; in general `x` as a fraction modulo
/// 2**61 - 1 (CPython's `_Py_HashDouble`). NaN hashes by identity in CPython 3.10+; it gets 0 here.
pub fn hash(x: f64) -> i64 {
    const BITS: u32 = 61;
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { 314_159 } else { -314_159 };
    }
    let (mut m, mut e) = frexp(x);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut h: u64 = 0;
    while m != 0.0 {
        h = ((h << 28) & HASH_MODULUS) | h >> (BITS - 28);
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        h += y;
        if h >= HASH_MODULUS {
            h -= HASH_MODULUS;
        }
    }
    // Multiply by 2**e modulo 2**61 - 1: a rotation of 61 bits.
    let e = if e >= 0 { e as u32 % BITS } else { BITS - 1 - ((-1 - e) as u32 % BITS) };
    h = ((h << e) & HASH_MODULUS) | h >> (BITS - e);
    let h = (h as i64) * sign;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// C's `frexp`: `x == m * 2**e` with `0.5 <= |m| < 1` (x finite, non-zero; zero gives (0, 0)).
pub(super) fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (x, 0);
    }
    let (x, bias) = if x.abs() < f64::MIN_POSITIVE { (x * 2f64.powi(64), -64) } else { (x, 0) };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022 + bias)
}

/// `x.is_integer()`.
pub fn is_integer(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0
}

/// `divmod(x, y)` as CPython's `_float_div_mod`: the remainder takes the divisor's sign and the
/// quotient is the floor, fixed up where `(x - mod) / y` rounded across an integer.
pub fn divmod(x: f64, y: f64) -> PyResult<(f64, f64)> {
    if y == 0.0 {
        return Err(Exception::new("ZeroDivisionError", "float divmod()"));
    }
    Ok(div_mod(x, y))
}

fn div_mod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx; // C's fmod
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// `x // y`.
pub fn floordiv(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Err(Exception::new("ZeroDivisionError", "float floor division by zero"));
    }
    Ok(div_mod(x, y).0)
}

/// `x % y`: the sign of `y`, `-0.0 % 5 == 0.0`.
pub fn modulo(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Err(Exception::new("ZeroDivisionError", "float modulo"));
    }
    let mut m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
        }
    } else {
        m = 0f64.copysign(y);
    }
    Ok(m)
}

/// `x / y`.
pub fn true_div(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Err(Exception::new("ZeroDivisionError", "float division by zero"));
    }
    Ok(x / y)
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0 && (x % 2.0).abs() == 1.0
}

/// `x ** y` as CPython's `float_pow`: C99's special cases for zeros, infinities and NaNs, a
/// `ZeroDivisionError` for `0.0 ** negative`, an `OverflowError` for a finite result too large.
/// A negative base with a non-integral exponent would be complex: an error value here.
pub fn pow(iv: f64, iw: f64) -> PyResult<f64> {
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Ok(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(Exception::new("ZeroDivisionError", "0.0 cannot be raised to a negative power"));
        }
        return Ok(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut v = iv;
    let mut negate = false;
    if v < 0.0 {
        if iw != iw.floor() {
            return Err(Exception::new("ValueError", COMPLEX_UNSUPPORTED));
        }
        v = -v;
        negate = is_odd_integer(iw);
    }
    if v == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    // Not `f64::powf`: in wasm32 that is off by an ulp for one result in ten (see float_pow).
    // Near a halfway point, a small integral exponent is redone exactly in integers, so exact
    // halfway results round to even.
    let (mut r, near_halfway) = super::float_pow::pow_positive(v, iw);
    if near_halfway && iw.fract() == 0.0 && (1.0..=EXACT_POW_MAX).contains(&iw) {
        r = exact_pow(v, iw as i64);
    }
    if r.is_infinite() {
        return Err(Exception::new("OverflowError", "(34, 'Numerical result out of range')"));
    }
    Ok(if negate { -r } else { r })
}

/// Up to this integral exponent `x ** n` is computed exactly in integers (at most 53 * 64 bits)
/// and rounded once.
const EXACT_POW_MAX: f64 = 64.0;

/// `v ** n` for `v > 0` and `1 <= n <= 64`, correctly rounded (half to even); infinite past the
/// largest double.
fn exact_pow(v: f64, n: i64) -> f64 {
    let (mantissa, exponent) = decompose(v);
    let Ok(power) = mantissa.pow(&Int::Small(n)) else {
        return f64::INFINITY;
    };
    let e = exponent * n;
    let result = if e >= 0 {
        power.lshift(&Int::Small(e)).and_then(|p| p.to_f64())
    } else {
        Int::Small(1).lshift(&Int::Small(-e)).and_then(|d| power.true_div(&d))
    };
    result.unwrap_or(f64::INFINITY)
}

/// `round(x)`: the nearest int, halves to even.
pub fn round_to_int(x: f64) -> PyResult<Int> {
    Int::from_f64(x.round_ties_even())
}

/// `round(x, ndigits)`: the float nearest to the exact decimal rounding of `x` (halves to even on
/// the exact binary value, so `round(2.675, 2) == 2.67`), as CPython's dtoa-based `double_round`.
pub fn round(x: f64, ndigits: &Int) -> PyResult<f64> {
    // CPython's NDIGITS_MAX and NDIGITS_MIN: past these the answer is x itself, or a zero.
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    let n = match ndigits.as_i64() {
        Some(n) if n > NDIGITS_MAX => return Ok(x),
        Some(n) if n < NDIGITS_MIN => return Ok(0.0 * x),
        Some(n) => n,
        None if ndigits.is_negative() => return Ok(0.0 * x),
        None => return Ok(x),
    };
    if !x.is_finite() || x == 0.0 {
        return Ok(x);
    }
    // x == mantissa * 2**exponent exactly; round(x * 10**n) in integers, then divide back.
    let (mantissa, exponent) = decompose(x);
    let ten_n = Int::Small(10).pow(&Int::Small(n.abs()))?;
    let (mut num, mut den) = (mantissa, Int::Small(1));
    if exponent >= 0 {
        num = num.lshift(&Int::Small(exponent))?;
    } else {
        den = den.lshift(&Int::Small(-exponent))?;
    }
    if n >= 0 {
        num = num.mul(&ten_n);
    } else {
        den = den.mul(&ten_n);
    }
    let (q, r) = num.divmod(&den)?;
    let twice = r.add(&r);
    let odd = q.bitand(&Int::Small(1)) == Int::Small(1);
    let q = match twice.cmp(&den) {
        std::cmp::Ordering::Greater => q.add(&Int::Small(1)),
        std::cmp::Ordering::Equal if odd => q.add(&Int::Small(1)),
        _ => q,
    };
    let result = if n >= 0 { q.true_div(&ten_n) } else { q.mul(&ten_n).to_f64() }
        .map_err(|_| Exception::new("OverflowError", "rounded value too large to represent"))?;
    Ok(if result == 0.0 { 0f64.copysign(x) } else { result })
}

/// `x == mantissa * 2**exponent` with an integer mantissa (x finite).
fn decompose(x: f64) -> (Int, i64) {
    let bits = x.to_bits();
    let raw_exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = (bits & ((1 << 52) - 1)) as i64;
    let (m, e) = if raw_exp == 0 { (frac, -1074) } else { (frac | (1 << 52), raw_exp - 1075) };
    (Int::Small(if x < 0.0 { -m } else { m }), e)
}
