//! `time` on the run's virtual clock: `time()`, `perf_counter()` and `monotonic()` read it, so
//! a program that prints its elapsed time prints what an ideal run prints; `sleep(x)` blocks
//! the whole loop for `x` virtual seconds, which is exactly the classic mistake inside a
//! coroutine, and the timeline shows it. Dates count from the clock's 0 as
//! 1970-01-01 00:00:00 UTC (`time.py`): the playground has no time zone.

use super::super::builtins::{arity, no_kwargs};
use super::super::names::Sym;
use super::super::value::Value;
use super::super::vm::{type_error, value_error, Blocker, Interp, Unwind, VmResult};
use super::native_module;

fn now(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("time", kwargs)?;
    arity("time", args, 0, 0)?;
    Ok(Value::Float(interp.lp.time()))
}

fn now_ns(interp: &Interp, _: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    Ok(Value::Int((interp.lp.time() * 1e9).round() as i64))
}

fn sleep(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("sleep", kwargs)?;
    arity("sleep", args, 1, 1)?;
    let seconds = match super::super::vm::ops_number(&args[0]) {
        Some(n) => n.to_f64()?,
        None => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                interp.type_name(&args[0])
            )))
        }
    };
    if seconds.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    if seconds < 0.0 {
        return Err(value_error("sleep length must be non-negative"));
    }
    if seconds == 0.0 {
        return Ok(Value::None);
    }
    Err(Unwind::Block(Blocker::Sleep { until: interp.lp.time() + seconds }))
}

/// The module: the clock in Rust, the calendar (`gmtime`, `localtime`, `strftime`, `ctime`,
/// ...) in Python (`time.py`), compiled on the first import.
pub fn module(interp: &Interp) -> VmResult<Value> {
    let m = native_module(
        "time",
        &[
            ("time", now),
            ("perf_counter", now),
            ("monotonic", now),
            ("process_time", now),
            ("time_ns", now_ns),
            ("perf_counter_ns", now_ns),
            ("monotonic_ns", now_ns),
            ("sleep", sleep),
        ],
    );
    super::run_python_part(interp, &m, include_str!("time.py"))?;
    Ok(Value::Module(m))
}
