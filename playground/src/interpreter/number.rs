//! Arithmetic and comparison between Python numbers, with CPython's mixed-type rules: an int and
//! a float meet as floats for arithmetic (`OverflowError` if the int is too large), but compare
//! exactly (`10**30 == 1e30` is False); `int / int` is a correctly rounded float; `int ** -n` is
//! a float. `bool` is an int here: the VM passes `True` as `Number::Int(1)`.

use std::cmp::Ordering;

use super::float;
use super::int::Int;
use crate::runtime::PyResult;

#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    Int(Int),
    Float(f64),
}

/// A binary arithmetic operator of Python's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
}

impl BinaryOp {
    /// The operator as written in source: `+`, `//`, `**`, ...
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::TrueDiv => "/",
            BinaryOp::FloorDiv => "//",
            BinaryOp::Mod => "%",
            BinaryOp::Pow => "**",
            BinaryOp::LShift => "<<",
            BinaryOp::RShift => ">>",
            BinaryOp::And => "&",
            BinaryOp::Or => "|",
            BinaryOp::Xor => "^",
        }
    }

    pub fn from_symbol(symbol: &str) -> Option<BinaryOp> {
        use BinaryOp::*;
        [Add, Sub, Mul, TrueDiv, FloorDiv, Mod, Pow, LShift, RShift, And, Or, Xor]
            .into_iter()
            .find(|op| op.symbol() == symbol)
    }
}

impl Number {
    pub fn type_name(&self) -> &'static str {
        match self {
            Number::Int(_) => "int",
            Number::Float(_) => "float",
        }
    }

    /// `float(self)`.
    pub fn to_f64(&self) -> PyResult<f64> {
        match self {
            Number::Int(i) => i.to_f64(),
            Number::Float(f) => Ok(*f),
        }
    }

    /// `repr(self)` (`str` is the same for numbers).
    pub fn repr(&self) -> PyResult<String> {
        match self {
            Number::Int(i) => i.to_decimal(),
            Number::Float(f) => Ok(float::repr(*f)),
        }
    }

    /// `hash(self)`: equal numbers hash equal across types.
    pub fn hash(&self) -> i64 {
        match self {
            Number::Int(i) => i.hash(),
            Number::Float(f) => float::hash(*f),
        }
    }

    pub fn neg(&self) -> Number {
        match self {
            Number::Int(i) => Number::Int(i.neg()),
            Number::Float(f) => Number::Float(-f),
        }
    }

    pub fn abs(&self) -> Number {
        match self {
            Number::Int(i) => Number::Int(i.abs()),
            Number::Float(f) => Number::Float(f.abs()),
        }
    }

    /// `self <op> other`; `Ok(None)` where Python would raise `TypeError: unsupported operand
    /// type(s)` (a float with a bitwise operator), so the VM can word that error with its types.
    pub fn binary(&self, op: BinaryOp, other: &Number) -> PyResult<Option<Number>> {
        use BinaryOp::*;
        let result = match (self, other) {
            (Number::Int(a), Number::Int(b)) => match op {
                Add => Number::Int(a.add(b)),
                Sub => Number::Int(a.sub(b)),
                Mul => Number::Int(a.mul(b)),
                TrueDiv => Number::Float(a.true_div(b)?),
                FloorDiv => Number::Int(a.floordiv(b)?),
                Mod => Number::Int(a.modulo(b)?),
                Pow if b.is_negative() => Number::Float(float::pow(a.to_f64()?, b.to_f64()?)?),
                Pow => Number::Int(a.pow(b)?),
                LShift => Number::Int(a.lshift(b)?),
                RShift => Number::Int(a.rshift(b)?),
                And => Number::Int(a.bitand(b)),
                Or => Number::Int(a.bitor(b)),
                Xor => Number::Int(a.bitxor(b)),
            },
            _ => {
                let (x, y) = (self.to_f64()?, other.to_f64()?);
                Number::Float(match op {
                    Add => x + y,
                    Sub => x - y,
                    Mul => x * y,
                    TrueDiv => float::true_div(x, y)?,
                    FloorDiv => float::floordiv(x, y)?,
                    Mod => float::modulo(x, y)?,
                    Pow => float::pow(x, y)?,
                    LShift | RShift | And | Or | Xor => return Ok(None),
                })
            }
        };
        Ok(Some(result))
    }

    /// `divmod(self, other)`.
    pub fn divmod(&self, other: &Number) -> PyResult<(Number, Number)> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => {
                let (q, r) = a.divmod(b)?;
                Ok((Number::Int(q), Number::Int(r)))
            }
            _ => {
                let (q, r) = float::divmod(self.to_f64()?, other.to_f64()?)?;
                Ok((Number::Float(q), Number::Float(r)))
            }
        }
    }

    /// `pow(self, exp, modulus)`: ints only, as in Python.
    pub fn pow_mod(&self, exp: &Number, modulus: &Number) -> PyResult<Option<Number>> {
        match (self, exp, modulus) {
            (Number::Int(a), Number::Int(b), Number::Int(m)) => Ok(Some(Number::Int(a.pow_mod(b, m)?))),
            _ => Ok(None),
        }
    }

    /// The exact order of two numbers; `None` when a NaN is involved (every comparison but `!=`
    /// is then False).
    pub fn compare(&self, other: &Number) -> Option<Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(b)),
            (Number::Float(a), Number::Float(b)) => a.partial_cmp(b),
            (Number::Int(a), Number::Float(b)) => compare_int_float(a, *b),
            (Number::Float(a), Number::Int(b)) => compare_int_float(b, *a).map(Ordering::reverse),
        }
    }

    /// `self == other`, exactly (`2**53 + 1 != 2.0**53`).
    pub fn equals(&self, other: &Number) -> bool {
        self.compare(other) == Some(Ordering::Equal)
    }

    /// `round(self)`: an int, halves to even.
    pub fn round(&self) -> PyResult<Int> {
        match self {
            Number::Int(i) => Ok(i.clone()),
            Number::Float(f) => float::round_to_int(*f),
        }
    }

    /// `round(self, ndigits)`: the same type as `self`.
    pub fn round_to(&self, ndigits: &Int) -> PyResult<Number> {
        match self {
            Number::Int(i) => Ok(Number::Int(i.round(ndigits)?)),
            Number::Float(f) => Ok(Number::Float(float::round(*f, ndigits)?)),
        }
    }
}

/// `a & b`, `a | b` and `a ^ b` on two bools are bools (`bool` overrides just these three);
/// `None` for every other operator, which treats bools as the ints 0 and 1.
pub fn bool_bitwise(op: BinaryOp, a: bool, b: bool) -> Option<bool> {
    match op {
        BinaryOp::And => Some(a & b),
        BinaryOp::Or => Some(a | b),
        BinaryOp::Xor => Some(a ^ b),
        _ => None,
    }
}

/// `i` against `f` without rounding either: as CPython's `float_richcompare`.
fn compare_int_float(i: &Int, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    // Both exactly representable as f64: compare as floats.
    if let Some(v) = i.as_i64() {
        if v.unsigned_abs() <= 1 << 53 {
            return (v as f64).partial_cmp(&f);
        }
    }
    let whole = f.trunc();
    let whole_int = Int::from_f64(whole).ok()?;
    match i.cmp(&whole_int) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - whole)),
        unequal => Some(unequal),
    }
}
