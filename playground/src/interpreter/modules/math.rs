//! `math`: the constants and the functions whose results are exact (or correctly rounded by
//! IEEE 754), so they print as CPython prints them.

use super::super::builtins::arity;
use super::super::int::Int;
use super::super::names::Sym;
use super::super::value::Value;
use super::super::vm::{error, type_error, value_error, Interp, VmResult};
use super::native_module;

fn f64_arg(interp: &Interp, v: &Value) -> VmResult<f64> {
    match super::super::vm::ops_number(v) {
        Some(n) => Ok(n.to_f64()?),
        None => Err(type_error(format!("must be real number, not {}", interp.type_name(v)))),
    }
}

fn one(interp: &Interp, a: &[Value], name: &str) -> VmResult<f64> {
    arity(name, a, 1, 1)?;
    f64_arg(interp, &a[0])
}

fn domain(x: f64) -> VmResult<Value> {
    if x.is_nan() {
        return Err(value_error("math domain error"));
    }
    Ok(Value::Float(x))
}

pub fn module(_: &Interp) -> Value {
    let m = native_module(
        "math",
        &[
            ("sqrt", |i, a, _| {
                let x = one(i, a, "sqrt")?;
                if x < 0.0 {
                    return Err(value_error("math domain error"));
                }
                Ok(Value::Float(x.sqrt()))
            }),
            ("floor", |i, a, _| {
                arity("floor", a, 1, 1)?;
                if let Some(n) = a[0].as_int() {
                    return Ok(Value::int(n));
                }
                Ok(Value::int(super::super::builtins::float_to_int(f64_arg(i, &a[0])?.floor())?))
            }),
            ("ceil", |i, a, _| {
                arity("ceil", a, 1, 1)?;
                if let Some(n) = a[0].as_int() {
                    return Ok(Value::int(n));
                }
                Ok(Value::int(super::super::builtins::float_to_int(f64_arg(i, &a[0])?.ceil())?))
            }),
            ("trunc", |i, a, _| {
                arity("trunc", a, 1, 1)?;
                if let Some(n) = a[0].as_int() {
                    return Ok(Value::int(n));
                }
                Ok(Value::int(super::super::builtins::float_to_int(f64_arg(i, &a[0])?)?))
            }),
            ("fabs", |i, a, _| Ok(Value::Float(one(i, a, "fabs")?.abs()))),
            ("isnan", |i, a, _| Ok(Value::Bool(one(i, a, "isnan")?.is_nan()))),
            ("isinf", |i, a, _| Ok(Value::Bool(one(i, a, "isinf")?.is_infinite()))),
            ("isfinite", |i, a, _| Ok(Value::Bool(one(i, a, "isfinite")?.is_finite()))),
            ("exp", |i, a, _| domain(one(i, a, "exp")?.exp())),
            ("log", |i, a, _| {
                arity("log", a, 1, 2)?;
                let x = f64_arg(i, &a[0])?;
                if x <= 0.0 {
                    return Err(value_error("math domain error"));
                }
                match a.get(1) {
                    Some(b) => domain(x.ln() / f64_arg(i, b)?.ln()),
                    None => domain(x.ln()),
                }
            }),
            ("log2", |i, a, _| {
                let x = one(i, a, "log2")?;
                if x <= 0.0 {
                    return Err(value_error("math domain error"));
                }
                domain(x.log2())
            }),
            ("log10", |i, a, _| {
                let x = one(i, a, "log10")?;
                if x <= 0.0 {
                    return Err(value_error("math domain error"));
                }
                domain(x.log10())
            }),
            ("sin", |i, a, _| domain(one(i, a, "sin")?.sin())),
            ("cos", |i, a, _| domain(one(i, a, "cos")?.cos())),
            ("tan", |i, a, _| domain(one(i, a, "tan")?.tan())),
            ("atan", |i, a, _| domain(one(i, a, "atan")?.atan())),
            ("pow", |i, a, _| {
                arity("pow", a, 2, 2)?;
                domain(f64_arg(i, &a[0])?.powf(f64_arg(i, &a[1])?))
            }),
            ("hypot", |i, a, _| {
                let mut sum = 0.0f64;
                for v in a {
                    let x = f64_arg(i, v)?;
                    sum = sum.hypot(x);
                }
                Ok(Value::Float(sum))
            }),
            ("isclose", |i, a, k| {
                arity("isclose", a, 2, 2)?;
                let (x, y) = (f64_arg(i, &a[0])?, f64_arg(i, &a[1])?);
                let mut rel = 1e-9;
                let mut abs = 0.0;
                for (name, v) in k {
                    match name.as_str() {
                        "rel_tol" => rel = f64_arg(i, v)?,
                        "abs_tol" => abs = f64_arg(i, v)?,
                        other => {
                            return Err(type_error(format!("isclose() got an unexpected keyword argument '{other}'")))
                        }
                    }
                }
                if x == y {
                    return Ok(Value::Bool(true));
                }
                if x.is_infinite() || y.is_infinite() {
                    return Ok(Value::Bool(false));
                }
                let diff = (x - y).abs();
                Ok(Value::Bool(diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs))
            }),
            ("gcd", |i, a, _| {
                let mut g = Int::Small(0);
                for v in a {
                    let Some(n) = v.as_int() else {
                        return Err(type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            i.type_name(v)
                        )));
                    };
                    let (mut x, mut y) = (g.abs(), n.abs());
                    while !y.is_zero() {
                        let r = x.modulo(&y)?;
                        x = y;
                        y = r;
                    }
                    g = x;
                }
                Ok(Value::int(g))
            }),
            ("factorial", |i, a, _| {
                arity("factorial", a, 1, 1)?;
                let Some(n) = a[0].as_int() else {
                    return Err(type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        i.type_name(&a[0])
                    )));
                };
                if n.is_negative() {
                    return Err(value_error("factorial() not defined for negative values"));
                }
                let n = n.as_i64().unwrap_or(i64::MAX);
                if n > 20_000 {
                    return Err(error("MemoryError", ""));
                }
                let mut r = Int::Small(1);
                for k in 2..=n {
                    r = r.mul(&Int::Small(k));
                }
                Ok(Value::int(r))
            }),
        ],
    );
    m.set(Sym::new("pi"), Value::Float(std::f64::consts::PI));
    m.set(Sym::new("e"), Value::Float(std::f64::consts::E));
    m.set(Sym::new("tau"), Value::Float(std::f64::consts::TAU));
    m.set(Sym::new("inf"), Value::Float(f64::INFINITY));
    m.set(Sym::new("nan"), Value::Float(f64::NAN));
    Value::Module(m)
}
