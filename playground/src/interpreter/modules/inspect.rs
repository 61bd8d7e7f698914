//! `inspect`: the states of generators and coroutines, and what kind of function or object a
//! value is.

use super::super::builtins::arity;
use super::super::names::Sym;
use super::super::value::{GenKind, GenState, Value};
use super::super::vm::{type_error, Interp, VmResult};
use super::native_module;

fn state(args: &[Value], kind: GenKind, prefix: &str) -> VmResult<Value> {
    arity("getgeneratorstate", args, 1, 1)?;
    match &args[0] {
        Value::Generator(g) if g.kind == kind => {
            let s = match g.state.get() {
                GenState::Created => "CREATED",
                GenState::Running => "RUNNING",
                GenState::Suspended => "SUSPENDED",
                GenState::Closed => "CLOSED",
            };
            Ok(Value::string(format!("{prefix}_{s}")))
        }
        _ => Err(type_error(format!(
            "{} is not a {}",
            "argument",
            if kind == GenKind::Generator { "generator" } else { "coroutine" }
        ))),
    }
}

fn code_of(v: &Value) -> Option<(bool, bool)> {
    match v {
        Value::Function(f) => Some((f.code.is_generator, f.code.is_coroutine)),
        Value::Method(m) => code_of(&m.func),
        _ => None,
    }
}

pub fn module(_: &Interp) -> Value {
    let m = native_module(
        "inspect",
        &[
            ("getgeneratorstate", |_, a, _| state(a, GenKind::Generator, "GEN")),
            ("getcoroutinestate", |_, a, _| state(a, GenKind::Coroutine, "CORO")),
            ("isgeneratorfunction", |_, a, _| {
                arity("isgeneratorfunction", a, 1, 1)?;
                Ok(Value::Bool(code_of(&a[0]).is_some_and(|(g, c)| g && !c)))
            }),
            ("iscoroutinefunction", |_, a, _| {
                arity("iscoroutinefunction", a, 1, 1)?;
                Ok(Value::Bool(code_of(&a[0]).is_some_and(|(g, c)| c && !g)))
            }),
            ("isgenerator", |_, a, _| {
                arity("isgenerator", a, 1, 1)?;
                Ok(Value::Bool(matches!(&a[0], Value::Generator(g) if g.kind == GenKind::Generator)))
            }),
            ("iscoroutine", |_, a, _| {
                arity("iscoroutine", a, 1, 1)?;
                Ok(Value::Bool(matches!(&a[0], Value::Generator(g) if g.kind == GenKind::Coroutine)))
            }),
            ("isfunction", |_, a, _| {
                arity("isfunction", a, 1, 1)?;
                Ok(Value::Bool(matches!(&a[0], Value::Function(_))))
            }),
            ("isclass", |_, a, _| {
                arity("isclass", a, 1, 1)?;
                Ok(Value::Bool(matches!(&a[0], Value::Class(_))))
            }),
            ("isawaitable", |i, a, _| {
                arity("isawaitable", a, 1, 1)?;
                Ok(Value::Bool(match &a[0] {
                    Value::Generator(g) => g.kind == GenKind::Coroutine,
                    v @ Value::Instance(_) => i.get_awaitable(v).is_ok(),
                    _ => false,
                }))
            }),
        ],
    );
    let _ = Sym::new("inspect");
    Value::Module(m)
}
