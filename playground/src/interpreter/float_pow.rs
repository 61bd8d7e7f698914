//! `x ** y` for floats, correctly rounded, so the page prints what CPython prints.
//!
//! CPython calls the C library's `pow`. On Linux that is glibc's, which is accurate to about half
//! an ulp and so gives the correctly rounded result in all but vanishingly rare cases. Rust's
//! `f64::powf` calls the same glibc function natively, but in wasm32 it is the `libm` crate's
//! port of an older musl `pow` that is off by one ulp for about one result in ten (measured:
//! 194,926 of 2,000,000 random pairs). So the interpreter computes `exp(y * log(x))` in
//! double-double arithmetic (about 106 bits) and rounds once: the correctly rounded result unless
//! the exact value lies within about 2**-100 of a rounding boundary.
//!
//! Double-double arithmetic as in Dekker (1971) and the QD library's algorithms, without FMA
//! (wasm32 has none).

/// A number as an unevaluated sum `hi + lo`, `|lo| <= ulp(hi) / 2`.
#[derive(Clone, Copy, Debug)]
struct Dd {
    hi: f64,
    lo: f64,
}

/// `ln 2` to about 107 bits.
const LN2: Dd = Dd { hi: std::f64::consts::LN_2, lo: 2.319_046_813_846_299_6e-17 };

fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    Dd { hi: s, lo: (a - (s - bb)) + (b - bb) }
}

fn quick_two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    Dd { hi: s, lo: b - (s - a) }
}

/// Dekker's split: `a == hi + lo` with each half fitting in 26 bits.
fn split(a: f64) -> (f64, f64) {
    let t = 134_217_729.0 * a; // 2**27 + 1
    let hi = t - (t - a);
    (hi, a - hi)
}

/// `a * b` exactly, as a double-double.
fn two_prod(a: f64, b: f64) -> Dd {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    Dd { hi: p, lo: ((ah * bh - p) + ah * bl + al * bh) + al * bl }
}

impl Dd {
    fn from(x: f64) -> Dd {
        Dd { hi: x, lo: 0.0 }
    }

    fn add(self, other: Dd) -> Dd {
        let s = two_sum(self.hi, other.hi);
        let t = two_sum(self.lo, other.lo);
        let s = quick_two_sum(s.hi, s.lo + t.hi);
        quick_two_sum(s.hi, s.lo + t.lo)
    }

    fn neg(self) -> Dd {
        Dd { hi: -self.hi, lo: -self.lo }
    }

    fn mul(self, other: Dd) -> Dd {
        let p = two_prod(self.hi, other.hi);
        quick_two_sum(p.hi, p.lo + (self.hi * other.lo + self.lo * other.hi))
    }

    fn mul_f(self, f: f64) -> Dd {
        let p = two_prod(self.hi, f);
        quick_two_sum(p.hi, p.lo + self.lo * f)
    }

    fn div(self, other: Dd) -> Dd {
        let q1 = self.hi / other.hi;
        let r = self.add(other.mul_f(q1).neg());
        let q2 = r.hi / other.hi;
        let r = r.add(other.mul_f(q2).neg());
        let q3 = r.hi / other.hi;
        quick_two_sum(q1, q2).add(Dd::from(q3))
    }
}

/// The series' coefficients in double-double, computed once: `1 / (2k + 1)` for `k` in 0..=24
/// and `1 / n!` for `n` in 0..=9.
fn coefficients() -> &'static ([Dd; 25], [Dd; 10]) {
    static COEFFICIENTS: std::sync::OnceLock<([Dd; 25], [Dd; 10])> = std::sync::OnceLock::new();
    COEFFICIENTS.get_or_init(|| {
        let one = Dd::from(1.0);
        let inverse_odd = std::array::from_fn(|k| one.div(Dd::from((2 * k + 1) as f64)));
        let inverse_factorial = std::array::from_fn(|n| one.div(Dd::from((1..=n).map(|i| i as f64).product())));
        (inverse_odd, inverse_factorial)
    })
}

/// `ln x` for a finite `x > 0`: `x = m * 2**e` with `m` in `[sqrt(1/2), sqrt(2))`, and
/// `ln m = 2 atanh(s)` with `s = (m - 1) / (m + 1)`, `|s| < 0.172`, summed to 2**-110.
fn ln(x: f64) -> Dd {
    let (mut m, mut e) = super::float::frexp(x);
    if m < std::f64::consts::FRAC_1_SQRT_2 {
        m *= 2.0;
        e -= 1;
    }
    let s = Dd::from(m - 1.0).div(two_sum(m, 1.0));
    let s2 = s.mul(s);
    // atanh(s) / s = sum of s**(2k) / (2k + 1); s2**24 < 2**-120.
    let inverse_odd = &coefficients().0;
    let mut acc = inverse_odd[24];
    for k in (0..24).rev() {
        acc = acc.mul(s2).add(inverse_odd[k]);
    }
    LN2.mul_f(f64::from(e)).add(s.mul(acc).mul_f(2.0))
}

/// `exp(t)` as `(mantissa, k)` with the value `mantissa * 2**k`: `t = k ln 2 + r`, and
/// `exp(r) = (exp(r / 2**10))**(2**10)`, the inner one by its Taylor series.
fn exp(t: Dd) -> (Dd, i32) {
    let k = (t.hi / LN2.hi).round();
    let r = t.add(LN2.mul_f(k).neg());
    let r = Dd { hi: r.hi / 1024.0, lo: r.lo / 1024.0 };
    // expm1(r) = r + r**2/2! + ... + r**9/9!; |r| < 3.4e-4 makes the next term < 2**-120.
    let inverse_factorial = &coefficients().1;
    let mut acc = inverse_factorial[9];
    for n in (1..9).rev() {
        acc = acc.mul(r).add(inverse_factorial[n]);
    }
    let mut em1 = acc.mul(r);
    // (1 + e)**2 = 1 + (2e + e**2): square ten times, keeping the small part apart.
    for _ in 0..10 {
        em1 = em1.mul_f(2.0).add(em1.mul(em1));
    }
    (Dd::from(1.0).add(em1), k as i32)
}

fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// `(x.hi + x.lo) * 2**k` with one rounding, for `x` of about 1.
fn scale(x: Dd, k: i32) -> f64 {
    if k > 1023 {
        return x.hi * pow2(1023) * pow2(k - 1023);
    }
    if k >= -1022 {
        return x.hi * pow2(k);
    }
    // Subnormal: `x.hi` is rounded to fewer bits, and when it sits exactly halfway between
    // two subnormals, `x.lo` (not the round-to-even rule) decides.
    // x.hi * 2**-1020 is still normal (x.hi > 0.5), so only the second product rounds.
    let q = x.hi * pow2(-1020) * pow2(k + 1020);
    let back = q * pow2(-k - 1020) * pow2(1020);
    let half_ulp = pow2(-1075 - k);
    let smallest = f64::from_bits(1);
    if x.hi - back == -half_ulp && x.lo < 0.0 {
        return q - smallest;
    }
    if x.hi - back == half_ulp && x.lo > 0.0 {
        return q + smallest;
    }
    q
}

/// `x ** y` for finite `x > 0`, `x != 1`, and finite `y != 0`: `inf` past the largest double
/// (the caller raises `OverflowError`), `0.0` below the smallest. The flag is true when the
/// result lies so near a halfway point between two doubles that 106 bits cannot tell which
/// side it is on (an exact halfway result, like `10.0 ** 23`, is always one of those).
pub fn pow_positive(x: f64, y: f64) -> (f64, bool) {
    let t = ln(x).mul_f(y);
    if t.hi > 710.0 {
        return (f64::INFINITY, false);
    }
    if t.hi < -746.0 {
        return (0.0, false);
    }
    let (mantissa, k) = exp(t);
    // Half an ulp of `hi`: its power of two times 2**-53.
    let half_ulp = f64::from_bits(mantissa.hi.to_bits() & (0x7ff << 52)) * f64::EPSILON / 2.0;
    let near_halfway = ((mantissa.lo.abs() - half_ulp).abs()) < half_ulp * 1e-12;
    (scale(mantissa, k), near_halfway)
}
