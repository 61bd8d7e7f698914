//! `sys`: `stdout` and `stderr` (writing into the run's trace), `argv`, `version`, the
//! recursion limit, `exit`, `exc_info`.

use std::rc::Rc;

use super::super::builtins::{arity, method, native_class, native_instance};
use super::super::names::{sym, Sym};
use super::super::value::{NativeObject, Value};
use super::super::vm::{type_error, Interp, Unwind, VmResult, RECURSION_LIMIT};
use super::native_module;
use crate::native_any;

/// `sys.stdout` or `sys.stderr`.
pub struct Stream {
    pub stderr: bool,
}

impl NativeObject for Stream {
    native_any!();
    fn repr(&self, _: &Interp, _: &Value) -> Option<VmResult<String>> {
        let name = if self.stderr { "<stderr>" } else { "<stdout>" };
        Some(Ok(format!("<_io.TextIOWrapper name='{name}' mode='w' encoding='utf-8'>")))
    }
}

pub fn module(interp: &Interp) -> Value {
    let m = native_module(
        "sys",
        &[
            ("getrecursionlimit", |_, _, _| Ok(Value::Int(RECURSION_LIMIT as i64))),
            ("setrecursionlimit", set_limit),
            ("exit", exit),
            ("exc_info", exc_info),
        ],
    );
    let stream = native_class(interp, "TextIOWrapper", "_io", None);
    method(&stream, "write", |i, a, _| {
        arity("write", &a[1..], 1, 1)?;
        let Value::Str(s) = &a[1] else {
            return Err(type_error(format!("write() argument must be str, not {}", i.type_name(&a[1]))));
        };
        write_to(i, &a[0], s.as_str())?;
        Ok(Value::Int(s.len_chars() as i64))
    });
    method(&stream, "flush", |_, _, _| Ok(Value::None));
    m.set(sym::stdout, native_instance(&stream, Stream { stderr: false }));
    m.set(sym::stderr, native_instance(&stream, Stream { stderr: true }));
    m.set(Sym::new("argv"), Value::list(vec![Value::str(interp.file_name)]));
    m.set(Sym::new("version"), Value::str("3.11.7 (async-playground)"));
    m.set(
        Sym::new("version_info"),
        Value::tuple(vec![Value::Int(3), Value::Int(11), Value::Int(7), Value::str("final"), Value::Int(0)]),
    );
    m.set(Sym::new("platform"), Value::str("linux"));
    m.set(Sym::new("maxsize"), Value::Int(i64::MAX));
    m.set(Sym::new("byteorder"), Value::str("little"));
    Value::Module(m)
}

fn set_limit(_: &Interp, _: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    Err(super::super::vm::error(
        "NotImplementedError",
        "sys.setrecursionlimit() is not supported in this playground (the limit is CPython's default, 1000)",
    ))
}

fn exit(interp: &Interp, args: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    Err(Unwind::Raise(interp.new_exception_args("SystemExit", args.to_vec())))
}

fn exc_info(_: &Interp, _: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    Err(super::super::vm::error("NotImplementedError", "sys.exc_info() is not supported in this playground"))
}

/// `print(..., file=f)`: the run's stdout or stderr, or any object's `write`.
pub fn write_to(interp: &Interp, file: &Value, text: &str) -> VmResult<()> {
    if let Value::Instance(i) = file {
        if let Some(s) = i.native::<Stream>() {
            interp.write(text, s.stderr);
            return Ok(());
        }
    }
    match interp.getattr_opt(file, sym::write)? {
        Some(w) => interp.call(&w, &[Value::str(text)], &[]).map(|_| ()),
        None => Err(type_error(format!("'{}' object has no attribute 'write'", interp.type_name(file)))),
    }
}

/// Keeps `Rc` in use for the stream class.
#[allow(dead_code)]
fn _keep(_: Rc<()>) {}

crate::opaque_debug!(Stream);
