//! `random` with CPython's own generator: the Mersenne Twister (MT19937) seeded as CPython
//! seeds it (`init_by_array` of the seed's 32-bit words), and `random`, `getrandbits`,
//! `randrange`, `randint`, `choice`, `choices`, `shuffle`, `sample` and `uniform` as
//! `Lib/random.py` builds them, so `random.seed(1)` gives the numbers CPython gives.

use std::cell::Cell;

use super::super::builtins::{arity, int_arg, kwarg, length, no_kwargs};
use super::super::int::Int;
use super::super::names::Sym;
use super::super::value::Value;
use super::super::vm::{error, type_error, value_error, Interp, VmResult};
use super::native_module;

const N: usize = 624;
const M: usize = 397;

/// The generator's state (`_randommodule.c`).
pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn init_genrand(s: u32) -> Mt {
        let mut mt = [0u32; N];
        mt[0] = s;
        for i in 1..N {
            mt[i] = 1_812_433_253u32.wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_add(i as u32);
        }
        Mt { state: mt, index: N }
    }

    /// `init_by_array`.
    pub fn from_key(key: &[u32]) -> Mt {
        let mut g = Mt::init_genrand(19_650_218);
        let mt = &mut g.state;
        let (mut i, mut j) = (1usize, 0usize);
        let mut k = N.max(key.len());
        while k > 0 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            k -= 1;
        }
        mt[0] = 0x8000_0000;
        g
    }

    /// `random.seed(n)` for an int: the words of `abs(n)`, least significant first.
    pub fn from_int(n: &Int) -> Mt {
        let digits = n.abs().magnitude_radix(16);
        let mut key: Vec<u32> = Vec::new();
        let bytes = digits.as_bytes();
        let mut end = bytes.len();
        while end > 0 {
            let start = end.saturating_sub(8);
            let word =
                std::str::from_utf8(&bytes[start..end]).ok().and_then(|s| u32::from_str_radix(s, 16).ok()).unwrap_or(0);
            key.push(word);
            end = start;
        }
        while key.len() > 1 && key.last() == Some(&0) {
            key.pop();
        }
        if key.is_empty() {
            key.push(0);
        }
        Mt::from_key(&key)
    }

    pub fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX: u32 = 0x9908_b0df;
        if self.index >= N {
            let mt = &mut self.state;
            for kk in 0..N {
                let y = (mt[kk] & UPPER) | (mt[(kk + 1) % N] & LOWER);
                let mag = if y & 1 == 1 { MATRIX } else { 0 };
                mt[kk] = mt[(kk + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random()`: 53 random bits as a float in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)`.
    pub fn getrandbits(&mut self, k: u64) -> Int {
        if k == 0 {
            return Int::Small(0);
        }
        if k <= 32 {
            return Int::Small((self.next_u32() >> (32 - k)) as i64);
        }
        let mut result = Int::Small(0);
        let mut left = k;
        let mut shift = 0i64;
        while left > 0 {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            let word = Int::Small(r as i64).lshift(&Int::Small(shift)).unwrap_or(Int::Small(0));
            result = result.bitor(&word);
            shift += 32;
            left = left.saturating_sub(32);
        }
        result
    }

    /// `_randbelow_with_getrandbits(n)`, for `n > 0`.
    pub fn randbelow(&mut self, n: &Int) -> Int {
        let k = n.bit_length();
        loop {
            let r = self.getrandbits(k);
            if r < *n {
                return r;
            }
        }
    }
}

thread_local! {
    static RUNS: Cell<u64> = const { Cell::new(0) };
}

/// A fresh seed for a run that never calls `random.seed`.
fn fresh(interp: &Interp) -> Mt {
    let n = RUNS.with(|r| {
        r.set(r.get() + 1);
        r.get()
    });
    let noise = (interp as *const Interp as usize as u64) ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    Mt::from_key(&[noise as u32, (noise >> 32) as u32, n as u32])
}

fn with<R>(interp: &Interp, f: impl FnOnce(&mut Mt) -> R) -> R {
    let mut state = interp.module_state.borrow_mut();
    if !state.contains_key("random") {
        state.insert("random", Box::new(fresh(interp)));
    }
    let mt = state.get_mut("random").and_then(|b| b.downcast_mut::<Mt>());
    match mt {
        Some(mt) => f(mt),
        None => f(&mut fresh(interp)),
    }
}

fn seed(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let a = args.first().or(kwarg("seed", kwargs, &["a", "version"], "a")?).cloned().unwrap_or_default();
    let mt = match &a {
        Value::None => fresh(interp),
        v => match v.as_int() {
            Some(n) => Mt::from_int(&n),
            None => match v {
                Value::Float(f) => Mt::from_int(&Int::Small(super::super::float::hash(*f))),
                _ => {
                    return Err(error(
                        "NotImplementedError",
                        format!(
                            "random.seed() of a {} is not supported in this playground (use an int)",
                            interp.type_name(v)
                        ),
                    ))
                }
            },
        },
    };
    interp.module_state.borrow_mut().insert("random", Box::new(mt));
    Ok(Value::None)
}

fn random(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("random", kwargs)?;
    arity("random", args, 0, 0)?;
    Ok(Value::Float(with(interp, |mt| mt.random())))
}

fn getrandbits(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("getrandbits", kwargs)?;
    arity("getrandbits", args, 1, 1)?;
    let k = int_arg(interp, &args[0])?;
    if k < 0 {
        return Err(value_error("number of bits must be non-negative"));
    }
    Ok(Value::int(with(interp, |mt| mt.getrandbits(k as u64))))
}

fn int_of(interp: &Interp, v: &Value) -> VmResult<Int> {
    v.as_int()
        .ok_or_else(|| type_error(format!("'{}' object cannot be interpreted as an integer", interp.type_name(v))))
}

fn randrange_impl(interp: &Interp, start: &Value, stop: Option<&Value>, step: Option<&Value>) -> VmResult<Value> {
    let istart = int_of(interp, start)?;
    let Some(stop) = stop.filter(|s| !s.is_none()) else {
        if !istart.is_negative() && !istart.is_zero() {
            return Ok(Value::int(with(interp, |mt| mt.randbelow(&istart))));
        }
        return Err(value_error("empty range for randrange()"));
    };
    let istop = int_of(interp, stop)?;
    let width = istop.sub(&istart);
    let istep = match step {
        Some(s) => int_of(interp, s)?,
        None => Int::Small(1),
    };
    if istep == Int::Small(1) {
        if !width.is_negative() && !width.is_zero() {
            let r = with(interp, |mt| mt.randbelow(&width));
            return Ok(Value::int(istart.add(&r)));
        }
        return Err(value_error(format!("empty range for randrange() ({istart}, {istop}, {width})")));
    }
    let n = if istep.is_zero() {
        return Err(value_error("zero step for randrange()"));
    } else if !istep.is_negative() {
        width.add(&istep).sub(&Int::Small(1)).floordiv(&istep)?
    } else {
        width.add(&istep).add(&Int::Small(1)).floordiv(&istep)?
    };
    if n.is_negative() || n.is_zero() {
        return Err(value_error("empty range for randrange()"));
    }
    let r = with(interp, |mt| mt.randbelow(&n));
    Ok(Value::int(istart.add(&istep.mul(&r))))
}

fn randrange(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("randrange", kwargs)?;
    arity("randrange", args, 1, 3)?;
    randrange_impl(interp, &args[0], args.get(1), args.get(2))
}

fn randint(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("randint", kwargs)?;
    if args.len() != 2 {
        return Err(type_error(format!(
            "Random.randint() missing {} required positional argument{}",
            2 - args.len().min(2),
            if args.len() == 1 { ": 'b'" } else { "s: 'a' and 'b'" }
        )));
    }
    let b = int_of(interp, &args[1])?.add(&Int::Small(1));
    randrange_impl(interp, &args[0], Some(&Value::int(b)), None)
}

fn choice(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("choice", kwargs)?;
    arity("choice", args, 1, 1)?;
    let n = length(interp, &args[0])?;
    if n == 0 {
        return Err(error("IndexError", "Cannot choose from an empty sequence"));
    }
    let i = with(interp, |mt| mt.randbelow(&Int::Small(n as i64)));
    interp.getitem(&args[0], &Value::int(i))
}

fn choices(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let allowed = ["weights", "cum_weights", "k"];
    arity("choices", args, 1, 2)?;
    let population = interp.collect(&args[0])?;
    let weights = args.get(1).or(kwarg("choices", kwargs, &allowed, "weights")?).filter(|w| !w.is_none()).cloned();
    let cum = kwarg("choices", kwargs, &allowed, "cum_weights")?.filter(|w| !w.is_none()).cloned();
    let k = match kwarg("choices", kwargs, &allowed, "k")? {
        Some(v) => int_arg(interp, v)?.max(0) as usize,
        None => 1,
    };
    let n = population.len();
    let mut out = Vec::with_capacity(k);
    if weights.is_none() && cum.is_none() {
        for _ in 0..k {
            let r = with(interp, |mt| mt.random());
            out.push(population[((r * n as f64).floor() as usize).min(n.saturating_sub(1))].clone());
        }
        return Ok(Value::list(out));
    }
    let cum: Vec<f64> = match cum {
        Some(c) => interp
            .collect(&c)?
            .iter()
            .map(|v| interp.expect_number(v, "weight").and_then(|n| Ok(n.to_f64()?)))
            .collect::<VmResult<_>>()?,
        None => {
            let mut total = 0.0;
            let mut acc = Vec::new();
            for w in interp.collect(&weights.unwrap_or_default())? {
                total += interp.expect_number(&w, "weight")?.to_f64()?;
                acc.push(total);
            }
            acc
        }
    };
    if cum.len() != n {
        return Err(value_error("The number of weights does not match the population"));
    }
    let total = cum.last().copied().unwrap_or(0.0);
    if total <= 0.0 {
        return Err(value_error("Total of weights must be greater than zero"));
    }
    let hi = n - 1;
    for _ in 0..k {
        let x = with(interp, |mt| mt.random()) * total;
        // bisect_right(cum, x, 0, hi)
        let (mut lo, mut hi2) = (0usize, hi);
        while lo < hi2 {
            let mid = (lo + hi2) / 2;
            if x < cum[mid] {
                hi2 = mid;
            } else {
                lo = mid + 1;
            }
        }
        out.push(population[lo].clone());
    }
    Ok(Value::list(out))
}

fn shuffle(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("shuffle", kwargs)?;
    arity("shuffle", args, 1, 1)?;
    let n = length(interp, &args[0])?;
    for i in (1..n).rev() {
        let j = with(interp, |mt| mt.randbelow(&Int::Small(i as i64 + 1)));
        let j = Value::int(j);
        let i = Value::Int(i as i64);
        let (a, b) = (interp.getitem(&args[0], &i)?, interp.getitem(&args[0], &j)?);
        interp.setitem(&args[0], i, b)?;
        interp.setitem(&args[0], j, a)?;
    }
    Ok(Value::None)
}

fn sample(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    arity("sample", args, 1, 2)?;
    let k = args.get(1).or(kwarg("sample", kwargs, &["k", "counts"], "k")?).cloned();
    let Some(k) = k else {
        return Err(type_error("Random.sample() missing 1 required positional argument: 'k'"));
    };
    let k = int_arg(interp, &k)?;
    let population = match &args[0] {
        Value::Set(_) | Value::Dict(_) => {
            return Err(type_error("Population must be a sequence.  For dicts or sets, use sorted(d)."));
        }
        v => interp.collect(v)?,
    };
    let n = population.len() as i64;
    if !(0..=n).contains(&k) {
        return Err(value_error("Sample larger than population or is negative"));
    }
    let k = k as usize;
    let n = n as usize;
    let mut result = vec![Value::None; k];
    let mut setsize = 21usize;
    if k > 5 {
        let log4 = ((k * 3) as f64).ln() / 4f64.ln();
        setsize += 4usize.pow(log4.ceil() as u32);
    }
    if n <= setsize {
        let mut pool = population;
        for (i, slot) in result.iter_mut().enumerate() {
            let j = with(interp, |mt| mt.randbelow(&Int::Small((n - i) as i64))).as_i64().unwrap_or(0) as usize;
            *slot = pool[j].clone();
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut selected = rustc_hash::FxHashSet::default();
        for slot in result.iter_mut() {
            let mut j = with(interp, |mt| mt.randbelow(&Int::Small(n as i64))).as_i64().unwrap_or(0);
            while selected.contains(&j) {
                j = with(interp, |mt| mt.randbelow(&Int::Small(n as i64))).as_i64().unwrap_or(0);
            }
            selected.insert(j);
            *slot = population[j as usize].clone();
        }
    }
    Ok(Value::list(result))
}

fn uniform(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("uniform", kwargs)?;
    arity("uniform", args, 2, 2)?;
    let a = interp.expect_number(&args[0], "a")?.to_f64()?;
    let b = interp.expect_number(&args[1], "b")?.to_f64()?;
    let r = with(interp, |mt| mt.random());
    Ok(Value::Float(a + (b - a) * r))
}

pub fn module(_: &Interp) -> Value {
    Value::Module(native_module(
        "random",
        &[
            ("seed", seed),
            ("random", random),
            ("getrandbits", getrandbits),
            ("randrange", randrange),
            ("randint", randint),
            ("choice", choice),
            ("choices", choices),
            ("shuffle", shuffle),
            ("sample", sample),
            ("uniform", uniform),
        ],
    ))
}

crate::opaque_debug!(Mt);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_like_cpython() {
        // python3 -c "import random; random.seed(1); print(random.random(), random.getrandbits(40))"
        let mut mt = Mt::from_int(&Int::Small(1));
        assert_eq!(super::super::super::float::repr(mt.random()), "0.13436424411240122");
        let mut mt = Mt::from_int(&Int::Small(42));
        assert_eq!(super::super::super::float::repr(mt.random()), "0.6394267984578837");
    }
}
