//! The modules a program can import: `asyncio` on the runtime, `time` on the virtual clock,
//! `socket` and `select` on the run's virtual network, `sys`, `random` with CPython's
//! generator, and the small pieces of the standard library that teaching code uses beside
//! them. Anything else is `ModuleNotFoundError`, as for a module CPython does not have: no
//! program here can reach files, the real network or the page.

pub mod asyncio;
pub mod collections;
pub mod functools;
pub mod inspect;
pub mod math;
pub mod random;
pub mod select;
pub mod socket;
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
        "time" => time::module(interp)?,
        "sys" => sys::module(interp),
        "random" => random::module(interp),
        "functools" => functools::module(interp),
        "collections" => collections::module(interp),
        "inspect" => inspect::module(interp),
        "math" => math::module(interp),
        "socket" => socket::module(interp),
        "select" => select::module(interp),
        "queue" => {
            let m = native_module("queue", &[]);
            run_python_part(interp, &m, include_str!("queue.py"))?;
            Value::Module(m)
        }
        "itertools" => {
            let m = native_module("itertools", &[]);
            run_python_part(interp, &m, include_str!("itertools.py"))?;
            Value::Module(m)
        }
        "dataclasses" => {
            let m = native_module("dataclasses", &[]);
            run_python_part(interp, &m, include_str!("dataclasses.py"))?;
            Value::Module(m)
        }
        "datetime" => {
            let m = native_module("datetime", &[]);
            run_python_part(interp, &m, include_str!("datetime.py"))?;
            Value::Module(m)
        }
        "typing" => {
            let m = native_module("typing", &[]);
            run_python_part(interp, &m, include_str!("typing.py"))?;
            Value::Module(m)
        }
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

thread_local! {
    /// The compiled Python parts of modules, by their source's address, with the module slots
    /// their code refers to (in slot order): compiled once per page, not once per run.
    static COMPILED: std::cell::RefCell<Vec<CompiledPart>> = const { std::cell::RefCell::new(Vec::new()) };
}

type CompiledPart = (usize, Rc<super::code::Code>, Vec<Sym>);

/// How many Python parts of modules this thread (the page) has compiled so far.
pub fn compiled_parts() -> usize {
    COMPILED.with(|c| c.borrow().len())
}

/// Runs Python source that defines part of a module (its classes and functions written in
/// Python, as CPython writes them), in the module's namespace. Its frames are left out of
/// tracebacks.
pub fn run_python_part(interp: &Interp, module: &Rc<Module>, source: &'static str) -> VmResult<()> {
    let key = source.as_ptr() as usize;
    let cached = COMPILED
        .with(|c| c.borrow().iter().find(|(k, _, _)| *k == key).map(|(_, code, names)| (code.clone(), names.clone())));
    let code = match cached {
        // The same source compiled into a module whose slots were made in the same order:
        // give this module the same slots, and the code fits it.
        Some((code, names)) if module.names.borrow().iter().zip(&names).all(|(a, b)| a == b) => {
            for name in names {
                module.slot(name);
            }
            code
        }
        _ => {
            let ast = super::parse(source)
                .map_err(|e| error("SystemError", format!("the {} module's Python: {}", module.name, e.msg)))?;
            let code = super::compiler::compile_module(&ast.body, module, true)
                .map_err(|e| error("SystemError", format!("the {} module's Python: {}", module.name, e.msg)))?;
            let names = module.names.borrow().clone();
            COMPILED.with(|c| c.borrow_mut().push((key, code.clone(), names)));
            code
        }
    };
    let frame = Box::new(super::vm::Frame::new(code, module.clone()));
    interp.run_nested(frame).map(|_| ())
}
