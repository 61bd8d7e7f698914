//! The big half of [`Int`](super::int::Int): integers of any size as a sign and a magnitude of
//! 32-bit limbs, least significant first. Hand-written rather than num-bigint to keep the
//! page small (see `int.rs` for the measurements); the algorithms are the textbook ones
//! (Knuth's TAOCP vol. 2, 4.3.1: schoolbook multiplication, algorithm D for division),
//! which are fast enough for the sizes a page may build (`int::MAX_BITS`).
//!
//! 32-bit limbs because wasm32 multiplies 64-bit integers natively but not 128-bit ones.

use std::cmp::Ordering;

/// A magnitude: limbs, least significant first, with no zero limb on top (zero is empty).
type Mag = Vec<u32>;

/// How many digits of `radix` (2..=36; anything else is taken as 10) fit in one limb-sized
/// chunk, and `radix` to that power.
fn chunk(radix: u32) -> (u32, u32) {
    let radix = if (2..=36).contains(&radix) { radix } else { 10 };
    let (mut digits, mut power) = (0u32, 1u64);
    while power * u64::from(radix) <= u64::from(u32::MAX) {
        power *= u64::from(radix);
        digits += 1;
    }
    (digits, power as u32)
}

fn trim(mut v: Mag) -> Mag {
    while v.last() == Some(&0) {
        v.pop();
    }
    v
}

fn cmp_mag(a: &[u32], b: &[u32]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

fn add_mag(a: &[u32], b: &[u32]) -> Mag {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(long.len() + 1);
    let mut carry = 0u64;
    for (i, &x) in long.iter().enumerate() {
        let s = u64::from(x) + u64::from(short.get(i).copied().unwrap_or(0)) + carry;
        out.push(s as u32);
        carry = s >> 32;
    }
    if carry != 0 {
        out.push(carry as u32);
    }
    out
}

/// `a - b` for `a >= b`.
fn sub_mag(a: &[u32], b: &[u32]) -> Mag {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, &x) in a.iter().enumerate() {
        let d = i64::from(x) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        out.push(d as u32);
        borrow = i64::from(d < 0);
    }
    trim(out)
}

/// Below this many limbs in the shorter factor, schoolbook multiplication beats Karatsuba's
/// (about where CPython's KARATSUBA_CUTOFF of 70 30-bit digits puts it).
const KARATSUBA_CUTOFF: usize = 40;

/// `out[offset..] += v`; `out` is long enough for the sum.
fn add_into(out: &mut [u32], v: &[u32], offset: usize) {
    let mut carry = 0u64;
    let mut i = 0;
    while i < v.len() || carry != 0 {
        let s = u64::from(out[offset + i]) + u64::from(v.get(i).copied().unwrap_or(0)) + carry;
        out[offset + i] = s as u32;
        carry = s >> 32;
        i += 1;
    }
}

/// Karatsuba's multiplication for long factors (three half-size products instead of four),
/// so that `3 ** 1_000_000` takes a blink rather than seconds.
fn mul_mag(a: &[u32], b: &[u32]) -> Mag {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if short.len() < KARATSUBA_CUTOFF {
        return mul_schoolbook(long, short);
    }
    let mut out = vec![0u32; long.len() + short.len() + 1];
    if long.len() >= 2 * short.len() {
        // Lopsided: a short-sized slice of the long factor at a time.
        for (k, piece) in long.chunks(short.len()).enumerate() {
            add_into(&mut out, &mul_mag(&trim(piece.to_vec()), short), k * short.len());
        }
        return trim(out);
    }
    let h = long.len() / 2; // short.len() > h
    let (a0, a1) = (trim(long[..h].to_vec()), &long[h..]);
    let (b0, b1) = (trim(short[..h].to_vec()), &short[h..]);
    let z0 = mul_mag(&a0, &b0);
    let z2 = mul_mag(a1, b1);
    let z1 = sub_mag(&sub_mag(&mul_mag(&add_mag(&a0, a1), &add_mag(&b0, b1)), &z0), &z2);
    add_into(&mut out, &z0, 0);
    add_into(&mut out, &z1, h);
    add_into(&mut out, &z2, 2 * h);
    trim(out)
}

fn mul_schoolbook(a: &[u32], b: &[u32]) -> Mag {
    let mut out = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &y) in b.iter().enumerate() {
            let t = u64::from(x) * u64::from(y) + u64::from(out[i + j]) + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + b.len()] = carry as u32;
    }
    trim(out)
}

/// `v * m + add`, in place.
fn mul_small_add(v: &mut Mag, m: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in v.iter_mut() {
        let t = u64::from(*limb) * u64::from(m) + carry;
        *limb = t as u32;
        carry = t >> 32;
    }
    if carry != 0 {
        v.push(carry as u32);
    }
}

/// `(a / d, a % d)` for a one-limb divisor.
fn divrem_small(a: &[u32], d: u32) -> (Mag, u32) {
    let mut q = vec![0u32; a.len()];
    let mut r = 0u64;
    for i in (0..a.len()).rev() {
        let num = (r << 32) | u64::from(a[i]);
        q[i] = (num / u64::from(d)) as u32;
        r = num % u64::from(d);
    }
    (trim(q), r as u32)
}

/// `v << s` for `s < 32`, growing by a limb.
fn shl_bits(v: &[u32], s: u32) -> Mag {
    let mut out = Vec::with_capacity(v.len() + 1);
    let mut carry = 0u32;
    for &x in v {
        out.push(if s == 0 { x } else { (x << s) | carry });
        carry = if s == 0 { 0 } else { x >> (32 - s) };
    }
    out.push(carry);
    out
}

/// `v >> s` for `s < 32`.
fn shr_bits(v: &[u32], s: u32) -> Mag {
    if s == 0 {
        return trim(v.to_vec());
    }
    let mut out = vec![0u32; v.len()];
    for i in 0..v.len() {
        let high = v.get(i + 1).map_or(0, |&h| h << (32 - s));
        out[i] = (v[i] >> s) | high;
    }
    trim(out)
}

/// `(a / b, a % b)` for magnitudes, `b` not zero: Knuth's algorithm D.
fn divrem_mag(a: &[u32], b: &[u32]) -> (Mag, Mag) {
    if cmp_mag(a, b) == Ordering::Less {
        return (Vec::new(), a.to_vec());
    }
    if b.len() == 1 {
        let (q, r) = divrem_small(a, b[0]);
        return (q, trim(vec![r]));
    }
    // Normalize: the divisor's top limb gets its high bit set, so each quotient estimate from
    // the top two limbs is at most two too large.
    let s = b[b.len() - 1].leading_zeros();
    let b = trim(shl_bits(b, s));
    let mut a = shl_bits(a, s);
    let n = b.len();
    let m = a.len() - n;
    let (b_top, b_next) = (u64::from(b[n - 1]), u64::from(b[n - 2]));
    let mut q = vec![0u32; m];
    for j in (0..m).rev() {
        let num = (u64::from(a[j + n]) << 32) | u64::from(a[j + n - 1]);
        let mut q_hat = num / b_top;
        let mut r_hat = num % b_top;
        while q_hat >= 1 << 32 || q_hat * b_next > ((r_hat << 32) | u64::from(a[j + n - 2])) {
            q_hat -= 1;
            r_hat += b_top;
            if r_hat >= 1 << 32 {
                break;
            }
        }
        // a[j..=j + n] -= q_hat * b
        let (mut borrow, mut carry) = (0i64, 0u64);
        for i in 0..n {
            let p = q_hat * u64::from(b[i]) + carry;
            carry = p >> 32;
            let t = i64::from(a[i + j]) - borrow - (p & 0xffff_ffff) as i64;
            a[i + j] = t as u32;
            borrow = i64::from(t < 0);
        }
        let t = i64::from(a[j + n]) - borrow - carry as i64;
        a[j + n] = t as u32;
        if t < 0 {
            // q_hat was one too large: add the divisor back.
            q_hat -= 1;
            let mut c = 0u64;
            for i in 0..n {
                let s = u64::from(a[i + j]) + u64::from(b[i]) + c;
                a[i + j] = s as u32;
                c = s >> 32;
            }
            a[j + n] = a[j + n].wrapping_add(c as u32);
        }
        q[j] = q_hat as u32;
    }
    (trim(q), shr_bits(&a[..n], s))
}

/// A signed integer of any size.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BigInt {
    negative: bool,
    mag: Mag,
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, other: &BigInt) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BigInt {
    fn cmp(&self, other: &BigInt) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_mag(&self.mag, &other.mag),
            (true, true) => cmp_mag(&other.mag, &self.mag),
        }
    }
}

impl From<i64> for BigInt {
    fn from(v: i64) -> BigInt {
        BigInt::from_mag(v < 0, vec![v.unsigned_abs() as u32, (v.unsigned_abs() >> 32) as u32])
    }
}

impl From<u64> for BigInt {
    fn from(v: u64) -> BigInt {
        BigInt::from_mag(false, vec![v as u32, (v >> 32) as u32])
    }
}

impl BigInt {
    fn from_mag(negative: bool, mag: Mag) -> BigInt {
        let mag = trim(mag);
        BigInt { negative: negative && !mag.is_empty(), mag }
    }

    pub fn zero() -> BigInt {
        BigInt::default()
    }

    pub fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    pub fn abs(&self) -> BigInt {
        BigInt { negative: false, mag: self.mag.clone() }
    }

    pub fn neg(&self) -> BigInt {
        BigInt::from_mag(!self.negative, self.mag.clone())
    }

    /// The value, if it fits in an `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        let m = self.magnitude_u64()?;
        if self.negative {
            if m <= 1 << 63 {
                Some((m as i64).wrapping_neg())
            } else {
                None
            }
        } else {
            i64::try_from(m).ok()
        }
    }

    /// `abs(self)`, if it fits in a `u64`.
    pub fn magnitude_u64(&self) -> Option<u64> {
        match self.mag.len() {
            0 => Some(0),
            1 => Some(u64::from(self.mag[0])),
            2 => Some(u64::from(self.mag[0]) | u64::from(self.mag[1]) << 32),
            _ => None,
        }
    }

    /// Bits of `abs(self)` (0 for zero).
    pub fn bits(&self) -> u64 {
        match self.mag.last() {
            None => 0,
            Some(top) => self.mag.len() as u64 * 32 - u64::from(top.leading_zeros()),
        }
    }

    /// Trailing zero bits of `abs(self)` (`None` for zero).
    pub fn trailing_zeros(&self) -> Option<u64> {
        let i = self.mag.iter().position(|&l| l != 0)?;
        Some(i as u64 * 32 + u64::from(self.mag[i].trailing_zeros()))
    }

    pub fn is_odd(&self) -> bool {
        self.mag.first().is_some_and(|l| l & 1 == 1)
    }

    pub fn add(&self, other: &BigInt) -> BigInt {
        if self.negative == other.negative {
            return BigInt::from_mag(self.negative, add_mag(&self.mag, &other.mag));
        }
        match cmp_mag(&self.mag, &other.mag) {
            Ordering::Equal => BigInt::zero(),
            Ordering::Greater => BigInt::from_mag(self.negative, sub_mag(&self.mag, &other.mag)),
            Ordering::Less => BigInt::from_mag(other.negative, sub_mag(&other.mag, &self.mag)),
        }
    }

    pub fn sub(&self, other: &BigInt) -> BigInt {
        self.add(&other.neg())
    }

    pub fn mul(&self, other: &BigInt) -> BigInt {
        BigInt::from_mag(self.negative != other.negative, mul_mag(&self.mag, &other.mag))
    }

    /// Floor division and the remainder with the divisor's sign; `None` for a zero divisor.
    pub fn div_mod_floor(&self, other: &BigInt) -> Option<(BigInt, BigInt)> {
        if other.is_zero() {
            return None;
        }
        let (q, r) = divrem_mag(&self.mag, &other.mag);
        let q = BigInt::from_mag(self.negative != other.negative, q);
        let r = BigInt::from_mag(self.negative, r);
        if !r.is_zero() && r.negative != other.negative {
            return Some((q.sub(&BigInt::from(1i64)), r.add(other)));
        }
        Some((q, r))
    }

    /// `abs(self) % m` for a non-zero `u64` modulus.
    pub fn magnitude_mod_u64(&self, m: u64) -> u64 {
        let mut r: u128 = 0;
        for &limb in self.mag.iter().rev() {
            r = ((r << 32) | u128::from(limb)) % u128::from(m);
        }
        r as u64
    }

    pub fn pow(&self, mut e: u32) -> BigInt {
        let mut result = BigInt::from(1i64);
        let mut base = self.clone();
        while e > 0 {
            if e & 1 == 1 {
                result = result.mul(&base);
            }
            e >>= 1;
            if e > 0 {
                base = base.mul(&base);
            }
        }
        result
    }

    /// `self ** exp % m` for `exp >= 0` and `m > 0`, in `0..m`.
    pub fn modpow(&self, exp: &BigInt, m: &BigInt) -> Option<BigInt> {
        let reduce = |x: &BigInt| x.div_mod_floor(m).map(|(_, r)| r);
        let base = reduce(self)?;
        let mut result = reduce(&BigInt::from(1i64))?;
        for i in (0..exp.bits()).rev() {
            result = reduce(&result.mul(&result))?;
            if exp.mag[(i / 32) as usize] >> (i % 32) & 1 == 1 {
                result = reduce(&result.mul(&base))?;
            }
        }
        Some(result)
    }

    pub fn shl(&self, n: u64) -> BigInt {
        let mut mag = vec![0u32; (n / 32) as usize];
        mag.extend(shl_bits(&self.mag, (n % 32) as u32));
        BigInt::from_mag(self.negative, mag)
    }

    /// `self >> n`, rounding toward negative infinity as Python does.
    pub fn shr(&self, n: u64) -> BigInt {
        let limbs = (n / 32) as usize;
        if limbs >= self.mag.len() {
            return if self.negative { BigInt::from(-1i64) } else { BigInt::zero() };
        }
        let shifted = BigInt::from_mag(self.negative, shr_bits(&self.mag[limbs..], (n % 32) as u32));
        let lost = self.trailing_zeros().is_some_and(|t| t < n);
        if self.negative && lost {
            shifted.sub(&BigInt::from(1i64))
        } else {
            shifted
        }
    }

    /// Two's complement limbs of `self`, sign-extended to `n` limbs.
    fn twos_complement(&self, n: usize) -> Vec<u32> {
        let mut v = if self.negative { sub_mag(&self.mag, &[1]) } else { self.mag.clone() };
        v.resize(n, 0);
        if self.negative {
            for limb in &mut v {
                *limb = !*limb;
            }
        }
        v
    }

    fn from_twos_complement(mut v: Vec<u32>) -> BigInt {
        let negative = v.last().is_some_and(|top| top >> 31 == 1);
        if negative {
            for limb in &mut v {
                *limb = !*limb;
            }
            return BigInt::from_mag(true, add_mag(&trim(v), &[1]));
        }
        BigInt::from_mag(false, v)
    }

    /// `&`, `|` or `^` on the infinite two's complement forms, as Python defines them.
    pub fn bitwise(&self, other: &BigInt, op: fn(u32, u32) -> u32) -> BigInt {
        let n = self.mag.len().max(other.mag.len()) + 1;
        let (a, b) = (self.twos_complement(n), other.twos_complement(n));
        BigInt::from_twos_complement(a.iter().zip(&b).map(|(&x, &y)| op(x, y)).collect())
    }

    /// `~self == -self - 1`.
    pub fn invert(&self) -> BigInt {
        self.neg().sub(&BigInt::from(1i64))
    }

    /// The digits of `abs(self)` in `radix` (2..=36, anything else is taken as 10), lowercase.
    pub fn magnitude_to_radix(&self, radix: u32) -> String {
        let radix = if (2..=36).contains(&radix) { radix } else { 10 };
        if self.mag.is_empty() {
            return "0".into();
        }
        if radix.is_power_of_two() {
            // Linear: each digit is a run of bits.
            let k = u64::from(radix.trailing_zeros());
            let bits = self.bits();
            let digits = bits.div_ceil(k);
            let bit = |i: u64| (self.mag.get((i / 32) as usize).copied().unwrap_or(0) >> (i % 32)) & 1;
            return (0..digits)
                .rev()
                .map(|d| {
                    let value = (0..k).fold(0, |v, j| v | bit(d * k + j) << j);
                    std::char::from_digit(value, radix).unwrap_or('?')
                })
                .collect();
        }
        let (digits, power) = chunk(radix);
        let mut chunks = Vec::new();
        let mut rest = self.mag.clone();
        while !rest.is_empty() {
            let (q, r) = divrem_small(&rest, power);
            chunks.push(r);
            rest = q;
        }
        let mut out = String::with_capacity(chunks.len() * digits as usize);
        for (i, &c) in chunks.iter().rev().enumerate() {
            let mut buf = Vec::with_capacity(digits as usize);
            let mut c = c;
            for _ in 0..digits {
                buf.push(std::char::from_digit(c % radix, radix).unwrap_or('?'));
                c /= radix;
            }
            let s: String = buf.iter().rev().collect();
            out.push_str(if i == 0 { s.trim_start_matches('0') } else { &s });
        }
        out
    }

    /// `int(digits, radix)` for ASCII digits valid in `radix` (no sign, no underscores); `None`
    /// for anything else, or a radix outside 2..=36.
    pub fn parse_digits(digits: &[u8], radix: u32) -> Option<BigInt> {
        if !(2..=36).contains(&radix) {
            return None;
        }
        if radix.is_power_of_two() {
            // Linear: each digit is a run of bits, placed from the least significant end.
            let k = radix.trailing_zeros() as usize;
            let mut mag = vec![0u32; (digits.len() * k).div_ceil(32)];
            for (n, &d) in digits.iter().rev().enumerate() {
                let value = char::from(d).to_digit(radix)?;
                for j in 0..k {
                    let i = n * k + j;
                    mag[i / 32] |= ((value >> j) & 1) << (i % 32);
                }
            }
            return Some(BigInt::from_mag(false, mag));
        }
        let (per_chunk, _) = chunk(radix);
        let mut mag: Mag = Vec::new();
        for piece in digits.chunks(per_chunk as usize) {
            let mut value = 0u32;
            for &d in piece {
                value = value * radix + char::from(d).to_digit(radix)?;
            }
            mul_small_add(&mut mag, radix.pow(piece.len() as u32), value);
            mag = trim(mag);
        }
        Some(BigInt::from_mag(false, mag))
    }
}

impl std::fmt::Display for BigInt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str(&self.magnitude_to_radix(10))
    }
}
