//! Python's `int`: arbitrary precision, never a silent wrap.
//!
//! A value lives in an `i64` while it fits, and arithmetic on two such values never allocates:
//! an operation that overflows is redone on [`BigInt`]s, and a big result that fits again comes
//! back to `Small`. So `Big` never holds a value that fits in an `i64`, and the derived equality
//! compares values.
//!
//! The big half is [`BigInt`], hand-written in `bigint.rs`. num-bigint was measured first: a
//! wasm32 cdylib doing parse, `+ - * // %`, pow, modpow, shifts, `& | ^ ~`, to_f64 and to_string
//! is 11,652 B on `i64` and 74,124 B with num-bigint 0.4.8 (opt-level z, lto, panic abort, names
//! stripped): +62 KB raw, +22 KB gzip, most of it algorithms for sizes a page never reaches
//! (Toom-3, Burnikel-Ziegler, Montgomery). The same cdylib on this type is 48,609 B, and the
//! whole interpreter value library went from 268,146 B (117,211 gzip) to 217,147 B (99,682) with
//! the switch. Every operation is checked against CPython by thousands of recorded cases
//! (`tests/numbers/bigint.cases`).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::bigint::BigInt;
use super::unicode;
use crate::runtime::{Exception, PyResult};

/// CPython 3.11's default `sys.get_int_max_str_digits()`: decimal conversions of longer numbers
/// are refused (CVE-2020-10735: quadratic-time conversion as a denial of service).
pub const MAX_STR_DIGITS: usize = 4300;

/// Results larger than this many bits are refused with `MemoryError` rather than freezing the
/// page. 2**23 bits is 2.5 million digits; the largest power below it (`3 ** 5_000_000`) takes
/// about 5 s natively, so the limit is where waiting stops being reasonable, not a memory limit.
pub const MAX_BITS: u64 = 1 << 23;

/// `sys.hash_info.modulus`: hashes of numbers are their value modulo this Mersenne prime, so
/// `hash(2) == hash(2.0)` and sets mix ints and floats.
pub const HASH_MODULUS: u64 = (1 << 61) - 1;

/// A Python `int`. `Big` is only used for values outside `i64`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Int {
    Small(i64),
    Big(BigInt),
}

impl From<i64> for Int {
    fn from(v: i64) -> Int {
        Int::Small(v)
    }
}

impl From<BigInt> for Int {
    fn from(b: BigInt) -> Int {
        match b.to_i64() {
            Some(v) => Int::Small(v),
            None => Int::Big(b),
        }
    }
}

impl PartialOrd for Int {
    fn partial_cmp(&self, other: &Int) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Int {
    fn cmp(&self, other: &Int) -> Ordering {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => a.cmp(b),
            _ => self.big().cmp(&other.big()),
        }
    }
}

fn zero_division(message: &str) -> Exception {
    Exception::new("ZeroDivisionError", message)
}

fn too_big() -> Exception {
    Exception::new("MemoryError", format!("the result would have more than {MAX_BITS} bits"))
}

/// `a // b` and `a % b` on `i64` with Python's floor rounding (`None` for `i64::MIN // -1`).
fn small_divmod(a: i64, b: i64) -> Option<(i64, i64)> {
    let (mut q, mut r) = (a.checked_div(b)?, a.checked_rem(b)?);
    if r != 0 && ((r < 0) != (b < 0)) {
        q -= 1;
        r += b;
    }
    Some((q, r))
}

/// `2.0 ** e` for `-1022 <= e <= 1023`, exactly.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// C's `ldexp(x, e)` for the exact cases used here: `x` carries at most 56 significant bits that
/// were already rounded to the precision of the result, so every product is exact until it
/// overflows to infinity.
fn ldexp(mut x: f64, mut e: i64) -> f64 {
    while e > 1000 {
        x *= pow2(1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= pow2(-1000);
        e += 1000;
    }
    x * pow2(e as i32)
}

impl Int {
    pub fn zero() -> Int {
        Int::Small(0)
    }

    /// The value as a `BigInt`, borrowed when it already is one.
    pub fn big(&self) -> Cow<'_, BigInt> {
        match self {
            Int::Small(v) => Cow::Owned(BigInt::from(*v)),
            Int::Big(b) => Cow::Borrowed(b),
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Int::Small(v) => Some(*v),
            Int::Big(_) => None,
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self, Int::Small(0))
    }

    pub fn is_negative(&self) -> bool {
        match self {
            Int::Small(v) => *v < 0,
            Int::Big(b) => b.is_negative(),
        }
    }

    /// `int.bit_length()`: bits of `abs(self)`.
    pub fn bit_length(&self) -> u64 {
        match self {
            Int::Small(v) => 64 - u64::from(v.unsigned_abs().leading_zeros()),
            Int::Big(b) => b.bits(),
        }
    }

    pub fn add(&self, other: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if let Some(r) = a.checked_add(*b) {
                return Int::Small(r);
            }
        }
        Int::from(self.big().add(&other.big()))
    }

    pub fn sub(&self, other: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if let Some(r) = a.checked_sub(*b) {
                return Int::Small(r);
            }
        }
        Int::from(self.big().sub(&other.big()))
    }

    pub fn mul(&self, other: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if let Some(r) = a.checked_mul(*b) {
                return Int::Small(r);
            }
        }
        Int::from(self.big().mul(&other.big()))
    }

    pub fn neg(&self) -> Int {
        match self {
            Int::Small(v) => match v.checked_neg() {
                Some(r) => Int::Small(r),
                None => Int::from(BigInt::from(*v).neg()),
            },
            Int::Big(b) => Int::from(b.neg()),
        }
    }

    pub fn abs(&self) -> Int {
        if self.is_negative() {
            self.neg()
        } else {
            self.clone()
        }
    }

    /// `divmod(self, other)` with Python's floor rounding: the remainder has the divisor's sign.
    pub fn divmod(&self, other: &Int) -> PyResult<(Int, Int)> {
        if other.is_zero() {
            return Err(zero_division("integer division or modulo by zero"));
        }
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if let Some((q, r)) = small_divmod(*a, *b) {
                return Ok((Int::Small(q), Int::Small(r)));
            }
        }
        let (q, r) = self
            .big()
            .div_mod_floor(&other.big())
            .ok_or_else(|| zero_division("integer division or modulo by zero"))?;
        Ok((Int::from(q), Int::from(r)))
    }

    /// `self // other`.
    pub fn floordiv(&self, other: &Int) -> PyResult<Int> {
        Ok(self.divmod(other)?.0)
    }

    /// `self % other`; CPython 3.11 words its zero division apart from `//`'s.
    pub fn modulo(&self, other: &Int) -> PyResult<Int> {
        if other.is_zero() {
            return Err(zero_division("integer modulo by zero"));
        }
        Ok(self.divmod(other)?.1)
    }

    /// `self ** exp` for `exp >= 0` (a negative exponent makes a float: [`Number::binary`]
    /// handles it; here it is a `ValueError`).
    ///
    /// [`Number::binary`]: super::number::Number::binary
    pub fn pow(&self, exp: &Int) -> PyResult<Int> {
        if exp.is_negative() {
            return Err(Exception::new("ValueError", "Int::pow takes a non-negative exponent"));
        }
        match self {
            Int::Small(0 | 1) => {
                return Ok(if exp.is_zero() { Int::Small(1) } else { self.clone() });
            }
            Int::Small(-1) => {
                let odd = match exp {
                    Int::Small(e) => e & 1 == 1,
                    Int::Big(e) => e.is_odd(),
                };
                return Ok(Int::Small(if odd { -1 } else { 1 }));
            }
            _ => {}
        }
        let Some(e) = exp.as_i64().and_then(|e| u32::try_from(e).ok()) else {
            return Err(too_big());
        };
        if let Int::Small(b) = self {
            if let Some(r) = b.checked_pow(e) {
                return Ok(Int::Small(r));
            }
        }
        let bits_per_factor = match self {
            Int::Small(v) => (v.unsigned_abs() as f64).log2(),
            Int::Big(_) => (self.bit_length() - 1) as f64,
        };
        if bits_per_factor * f64::from(e) > MAX_BITS as f64 {
            return Err(too_big());
        }
        Ok(Int::from(self.big().pow(e)))
    }

    /// `pow(self, exp, modulus)`; a negative exponent uses the modular inverse (Python 3.8+).
    pub fn pow_mod(&self, exp: &Int, modulus: &Int) -> PyResult<Int> {
        if modulus.is_zero() {
            return Err(Exception::new("ValueError", "pow() 3rd argument cannot be 0"));
        }
        let m = modulus.abs();
        let mut base = self.modulo(&m)?;
        if exp.is_negative() {
            base = mod_inverse(&base, &m)?
                .ok_or_else(|| Exception::new("ValueError", "base is not invertible for the given modulus"))?;
        }
        let r = if m == Int::Small(1) {
            Int::zero()
        } else {
            let r = base.big().modpow(&exp.abs().big(), &m.big());
            Int::from(r.ok_or_else(|| zero_division("integer modulo by zero"))?)
        };
        // CPython computes with |modulus| and then moves a non-zero result below zero.
        Ok(if modulus.is_negative() && !r.is_zero() { r.sub(&m) } else { r })
    }

    pub fn lshift(&self, count: &Int) -> PyResult<Int> {
        if count.is_negative() {
            return Err(Exception::new("ValueError", "negative shift count"));
        }
        if self.is_zero() {
            return Ok(Int::zero());
        }
        let n = match count.as_i64() {
            Some(n) if (n as u64).saturating_add(self.bit_length()) <= MAX_BITS => n as u64,
            _ => return Err(Exception::new("OverflowError", "too many digits in integer")),
        };
        if let Int::Small(v) = self {
            if n < 64 {
                let wide = i128::from(*v) << n;
                if let Ok(r) = i64::try_from(wide) {
                    return Ok(Int::Small(r));
                }
            }
        }
        Ok(Int::from(self.big().shl(n)))
    }

    /// `self >> count`: floor division by `2 ** count`, so `-1 >> 5 == -1`.
    pub fn rshift(&self, count: &Int) -> PyResult<Int> {
        if count.is_negative() {
            return Err(Exception::new("ValueError", "negative shift count"));
        }
        let n = match count.as_i64() {
            Some(n) if (n as u64) < self.bit_length() + 1 => n as u64,
            _ => return Ok(Int::Small(if self.is_negative() { -1 } else { 0 })),
        };
        match self {
            Int::Small(v) => Ok(Int::Small(v >> n.min(63))),
            Int::Big(b) => Ok(Int::from(b.shr(n))),
        }
    }

    /// `self & other`, on the infinite two's complement of negative numbers as Python does.
    pub fn bitand(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a & b),
            _ => Int::from(self.big().bitwise(&other.big(), |x, y| x & y)),
        }
    }

    pub fn bitor(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a | b),
            _ => Int::from(self.big().bitwise(&other.big(), |x, y| x | y)),
        }
    }

    pub fn bitxor(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a ^ b),
            _ => Int::from(self.big().bitwise(&other.big(), |x, y| x ^ y)),
        }
    }

    /// `~self == -(self + 1)`.
    pub fn invert(&self) -> Int {
        match self {
            Int::Small(v) => Int::Small(!v),
            Int::Big(b) => Int::from(b.invert()),
        }
    }

    /// `float(self)`, correctly rounded (half to even), or `OverflowError`.
    pub fn to_f64(&self) -> PyResult<f64> {
        let overflow = || Exception::new("OverflowError", "int too large to convert to float");
        let x = match self {
            // `as` rounds to nearest, ties to even.
            Int::Small(v) => return Ok(*v as f64),
            Int::Big(b) => b,
        };
        let bits = x.bits();
        // Keep 55 bits and a sticky bit for whatever was shifted out, so the one rounding of the
        // u64 -> f64 conversion rounds as the exact value would.
        let shift = bits - 55;
        let top = x.abs().shr(shift).magnitude_u64().unwrap_or(u64::MAX);
        let sticky = u64::from(x.trailing_zeros().unwrap_or(0) < shift);
        let f = ldexp((top | sticky) as f64, shift as i64);
        if f.is_infinite() {
            return Err(overflow());
        }
        Ok(if x.is_negative() { -f } else { f })
    }

    /// `self / other`, correctly rounded even when both are huge (a port of CPython's
    /// `long_true_divide`, which rounds the quotient once, half to even, subnormals included).
    pub fn true_div(&self, other: &Int) -> PyResult<f64> {
        const MANT_DIG: i64 = 53; // DBL_MANT_DIG
        const MAX_EXP: i64 = 1024; // DBL_MAX_EXP
        const MIN_EXP: i64 = -1021; // DBL_MIN_EXP
        if other.is_zero() {
            return Err(zero_division("division by zero"));
        }
        // Fast path: both exactly representable, so one IEEE division rounds correctly.
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if a.unsigned_abs() <= 1 << MANT_DIG && b.unsigned_abs() <= 1 << MANT_DIG {
                return Ok(*a as f64 / *b as f64);
            }
        }
        let negative = self.is_negative() != other.is_negative();
        let signed = |x: f64| if negative { -x } else { x };
        let a = self.big().abs();
        let b = other.big().abs();
        if a.is_zero() {
            return Ok(signed(0.0));
        }
        let a_bits = a.bits() as i64;
        let b_bits = b.bits() as i64;
        let diff = a_bits - b_bits;
        let overflow = || Exception::new("OverflowError", "integer division result too large for a float");
        if diff > MAX_EXP {
            return Err(overflow());
        }
        if diff < MIN_EXP - MANT_DIG - 1 {
            return Ok(signed(0.0));
        }
        // The quotient keeps MANT_DIG + 2 or + 3 bits (fewer for subnormal results); the rest
        // only matters as "inexact", which breaks ties.
        let shift = diff.max(MIN_EXP) - MANT_DIG - 2;
        let (x, mut inexact) = if shift < 0 {
            (a.shl((-shift) as u64), false)
        } else {
            let lost = a.trailing_zeros().unwrap_or(0) < shift as u64;
            (a.shr(shift as u64), lost)
        };
        let (x, r) = x.div_mod_floor(&b).ok_or_else(|| zero_division("division by zero"))?;
        inexact |= !r.is_zero();
        let x_bits = x.bits() as i64;
        let extra_bits = x_bits.max(MIN_EXP - shift) - MANT_DIG;
        let mut low = x.magnitude_u64().unwrap_or(u64::MAX);
        let mask = 1u64 << (extra_bits - 1);
        let low_sticky = low | u64::from(inexact);
        if (low_sticky & mask) != 0 && (low_sticky & (3 * mask - 1)) != 0 {
            low += mask;
        }
        low &= !(2 * mask - 1);
        let dx = low as f64;
        if shift + x_bits >= MAX_EXP && (shift + x_bits > MAX_EXP || dx == ldexp(1.0, x_bits)) {
            return Err(overflow());
        }
        Ok(signed(ldexp(dx, shift)))
    }

    /// `int(x)` for a float: truncation toward zero.
    pub fn from_f64(x: f64) -> PyResult<Int> {
        if x.is_nan() {
            return Err(Exception::new("ValueError", "cannot convert float NaN to integer"));
        }
        if x.is_infinite() {
            return Err(Exception::new("OverflowError", "cannot convert float infinity to integer"));
        }
        let t = x.trunc();
        if t.abs() < 9.2e18 {
            return Ok(Int::Small(t as i64));
        }
        // |t| >= 2**63: an integer mantissa times a positive power of two.
        let bits = t.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i64 - 1075;
        let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
        let magnitude = BigInt::from(mantissa).shl(exponent as u64);
        Ok(Int::from(if t < 0.0 { magnitude.neg() } else { magnitude }))
    }

    /// `hash(self)`: the value modulo 2**61 - 1 with the sign kept, and -1 (CPython's error
    /// return) replaced by -2.
    pub fn hash(&self) -> i64 {
        let h = match self {
            Int::Small(v) => {
                let m = (v.unsigned_abs() % HASH_MODULUS) as i64;
                if *v < 0 {
                    -m
                } else {
                    m
                }
            }
            Int::Big(b) => {
                let m = b.magnitude_mod_u64(HASH_MODULUS) as i64;
                if b.is_negative() {
                    -m
                } else {
                    m
                }
            }
        };
        if h == -1 {
            -2
        } else {
            h
        }
    }

    /// `round(self, ndigits)`: unchanged for `ndigits >= 0`, else to a multiple of
    /// `10 ** -ndigits`, halves to even.
    pub fn round(&self, ndigits: &Int) -> PyResult<Int> {
        if !ndigits.is_negative() {
            return Ok(self.clone());
        }
        let Some(places) = ndigits.neg().as_i64().and_then(|p| u32::try_from(p).ok()) else {
            return Ok(Int::zero());
        };
        if u64::from(places) > self.bit_length() / 3 + 1 {
            return Ok(Int::zero()); // |self| < 10**places / 2
        }
        let unit = Int::Small(10).pow(&Int::Small(i64::from(places)))?;
        let (q, r) = self.divmod(&unit)?;
        // Round half to even: compare twice the remainder with the unit.
        let twice = r.add(&r);
        let q = match twice.cmp(&unit) {
            Ordering::Greater => q.add(&Int::Small(1)),
            Ordering::Equal if q.bitand(&Int::Small(1)) == Int::Small(1) => q.add(&Int::Small(1)),
            _ => q,
        };
        Ok(q.mul(&unit))
    }

    /// `str(self)`, refused past [`MAX_STR_DIGITS`] digits as CPython 3.11 does.
    pub fn to_decimal(&self) -> PyResult<String> {
        match self {
            Int::Small(v) => Ok(v.to_string()),
            Int::Big(b) => {
                // 2**14287 has 4301 digits: no need to convert to know it is too long.
                if b.bits() > 14_300 {
                    return Err(str_digits_error());
                }
                let s = b.to_string();
                if s.trim_start_matches('-').len() > MAX_STR_DIGITS {
                    return Err(str_digits_error());
                }
                Ok(s)
            }
        }
    }

    /// The digits of `abs(self)` in base 2, 8 or 16 (lowercase), for `bin`, `oct`, `hex` and
    /// `format`; these bases have no digit limit.
    pub fn magnitude_radix(&self, radix: u32) -> String {
        match self {
            Int::Small(v) => match radix {
                2 => format!("{:b}", v.unsigned_abs()),
                8 => format!("{:o}", v.unsigned_abs()),
                16 => format!("{:x}", v.unsigned_abs()),
                _ => v.unsigned_abs().to_string(),
            },
            Int::Big(b) => b.magnitude_to_radix(radix),
        }
    }

    /// `int(text, base)`: surrounding whitespace, a sign, `0x`/`0o`/`0b` prefixes (required
    /// with base 0), single underscores between digits, and Unicode decimal digits.
    pub fn parse(text: &str, base: u32) -> PyResult<Int> {
        if base == 1 || base > 36 {
            return Err(Exception::new("ValueError", "int() base must be >= 2 and <= 36, or 0"));
        }
        let invalid = || {
            // CPython's `%.200R`: the repr, cut after 200 characters (closing quote and all).
            let shown: String = super::text::repr(text).chars().take(200).collect();
            Exception::new("ValueError", format!("invalid literal for int() with base {base}: {shown}"))
        };
        // As CPython's _PyUnicode_TransformDecimalAndSpaceToASCII: Unicode digits and spaces
        // become ASCII, anything else non-ASCII becomes invalid.
        let ascii: Vec<u8> = text
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else if unicode::is_space(c) {
                    b' '
                } else if let Some(d) = unicode::decimal_value(c) {
                    b'0' + d as u8
                } else {
                    b'?'
                }
            })
            .collect();
        let s = trim_py_space(&ascii);
        let (negative, s) = match s.first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let prefix_base = match s {
            [b'0', b'x' | b'X', ..] => 16,
            [b'0', b'o' | b'O', ..] => 8,
            [b'0', b'b' | b'B', ..] => 2,
            _ => 0,
        };
        let mut radix = base;
        let mut digits = s;
        if base == 0 {
            radix = if prefix_base != 0 { prefix_base } else { 10 };
        }
        if prefix_base != 0 && prefix_base == radix {
            digits = &s[2..];
            // One underscore may follow the prefix: 0x_ff.
            if digits.first() == Some(&b'_') {
                digits = &digits[1..];
            }
        }
        if digits.is_empty() || digits.first() == Some(&b'_') || digits.last() == Some(&b'_') {
            return Err(invalid());
        }
        if digits.windows(2).any(|w| w == b"__") {
            return Err(invalid());
        }
        let clean: Vec<u8> = digits.iter().copied().filter(|&c| c != b'_').collect();
        if !clean.iter().all(|&c| (c as char).is_digit(radix)) {
            return Err(invalid());
        }
        // Base 0 refuses old-style octal: "010" is an error, "000" is zero.
        if base == 0 && prefix_base == 0 && clean.len() > 1 && clean[0] == b'0' && clean.iter().any(|&c| c != b'0') {
            return Err(invalid());
        }
        if !radix.is_power_of_two() && clean.len() > MAX_STR_DIGITS {
            return Err(Exception::new(
                "ValueError",
                format!(
                    "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: value has {} \
                     digits; use sys.set_int_max_str_digits() to increase the limit",
                    clean.len()
                ),
            ));
        }
        let clean = std::str::from_utf8(&clean).map_err(|_| invalid())?;
        let value = match i64::from_str_radix(clean, radix) {
            Ok(v) => Int::Small(v),
            Err(_) => Int::from(BigInt::parse_digits(clean.as_bytes(), radix).ok_or_else(invalid)?),
        };
        Ok(if negative { value.neg() } else { value })
    }
}

/// Strips what CPython's `Py_ISSPACE` calls space (ASCII whitespace with `\x0b`).
fn trim_py_space(s: &[u8]) -> &[u8] {
    let space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    let start = s.iter().position(|c| !space(c)).unwrap_or(s.len());
    let end = s.iter().rposition(|c| !space(c)).map_or(start, |i| i + 1);
    &s[start..end]
}

fn str_digits_error() -> Exception {
    Exception::new(
        "ValueError",
        format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion; use \
             sys.set_int_max_str_digits() to increase the limit"
        ),
    )
}

/// The inverse of `a` modulo `m` (`0 <= a < m`), if `gcd(a, m) == 1`: the extended Euclidean
/// algorithm.
fn mod_inverse(a: &Int, m: &Int) -> PyResult<Option<Int>> {
    let (mut r0, mut r1) = (m.clone(), a.clone());
    let (mut t0, mut t1) = (Int::zero(), Int::Small(1));
    while !r1.is_zero() {
        let (q, r) = r0.divmod(&r1)?;
        (r0, r1) = (r1, r);
        let t = t0.sub(&q.mul(&t1));
        (t0, t1) = (t1, t);
    }
    if r0 != Int::Small(1) {
        return Ok(None);
    }
    Ok(Some(t0.modulo(m)?))
}

impl std::fmt::Display for Int {
    /// All the digits, with no limit: for messages and tests, not for `str()`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Int::Small(v) => write!(f, "{v}"),
            Int::Big(b) => write!(f, "{b}"),
        }
    }
}
