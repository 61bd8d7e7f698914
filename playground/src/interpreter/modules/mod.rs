//! The modules a program can import: `asyncio` on the runtime, `time` on the virtual clock,
//! `sys`, `random` with CPython's generator, and the small pieces of the standard library that
//! teaching code uses beside them. Anything else is `ModuleNotFoundError`, as for a module
//! CPython does not have: no program here can reach files, the network or the page.

pub mod asyncio;
pub mod collections;
pub mod functools;
pub mod inspect;
pub mod math;
pub mod random;
pub mod sys;
pub mod time;

use std::rc::Rc;

use super::names::Sym;
use super::value::{Module, NativeFn, Value};
use super::vm::{error, Interp, VmResult};

/// `import name`.
pub fn import(interp: &Interp, name: &str) -> VmResult<Value> {
    let module = match name {
        "asyncio" => asyncio::module(interp)?,
        "time" => time::module(interp),
        "sys" => sys::module(interp),
        "random" => random::module(interp),
        "functools" => functools::module(interp),
        "collections" => collections::module(interp),
        "inspect" => inspect::module(interp),
        "math" => math::module(interp),
        "builtins" => Value::Module(interp.builtins.clone()),
        _ => return Err(error("ModuleNotFoundError", format!("No module named '{name}'"))),
    };
    Ok(module)
}

/// A module with native functions.
pub fn native_module(name: &str, functions: &[(&'static str, NativeFn)]) -> Rc<Module> {
    let m = Rc::new(Module::new(name));
    m.set(Sym::new("__name__"), Value::str(name));
    for (fname, f) in functions {
        m.set(Sym::new(fname), super::builtins::builtin(fname, *f));
    }
    m
}

/// Runs Python source that defines part of a module (its classes and functions written in
/// Python, as CPython writes them), in the module's namespace. Its frames are left out of
/// tracebacks.
pub fn run_python_part(interp: &Interp, module: &Rc<Module>, source: &str) -> VmResult<()> {
    let ast = super::parse(source)
        .map_err(|e| error("SystemError", format!("the {} module's Python: {}", module.name, e.msg)))?;
    let code = super::compiler::compile_module(&ast.body, module, true)
        .map_err(|e| error("SystemError", format!("the {} module's Python: {}", module.name, e.msg)))?;
    let frame = Box::new(super::vm::Frame::new(code, module.clone()));
    interp.run_nested(frame).map(|_| ())
}
