//! `functools.partial`, `reduce` and `wraps`.

use super::super::builtins::{arity, method, native_class, native_instance, no_kwargs};
use super::super::names::Sym;
use super::super::value::{NativeObject, Value};
use super::super::vm::{error, type_error, Interp, Invoked, VmResult};
use super::native_module;
use crate::native_any;

/// `functools.partial(func, *args, **keywords)`.
pub struct Partial {
    pub func: Value,
    pub args: Vec<Value>,
    pub keywords: Vec<(Sym, Value)>,
}

impl NativeObject for Partial {
    native_any!();
    fn call(&self, interp: &Interp, _: &Value, args: &[Value], kwargs: &[(Sym, Value)]) -> Option<VmResult<Invoked>> {
        let mut all = self.args.clone();
        all.extend_from_slice(args);
        let mut kw = self.keywords.clone();
        for (k, v) in kwargs {
            match kw.iter_mut().find(|(k2, _)| k2 == k) {
                Some(slot) => slot.1 = v.clone(),
                None => kw.push((*k, v.clone())),
            }
        }
        Some(interp.invoke(&self.func, &all, &kw))
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<VmResult<String>> {
        Some((|| {
            let mut parts = vec![interp.repr(&self.func)?];
            for a in &self.args {
                parts.push(interp.repr(a)?);
            }
            for (k, v) in &self.keywords {
                parts.push(format!("{k}={}", interp.repr(v)?));
            }
            Ok(format!("functools.partial({})", parts.join(", ")))
        })())
    }
}

fn reduce(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("reduce", kwargs)?;
    arity("reduce", args, 2, 3)?;
    let it = interp.get_iter(&args[1])?;
    let mut acc = match args.get(2) {
        Some(v) => v.clone(),
        None => match interp.next_of(&it)? {
            Some(v) => v,
            None => return Err(type_error("reduce() of empty iterable with no initial value")),
        },
    };
    while let Some(v) = interp.next_of(&it)? {
        acc = interp.call(&args[0], &[acc, v], &[])?;
    }
    Ok(acc)
}

pub fn module(interp: &Interp) -> Value {
    let m = native_module("functools", &[("reduce", reduce)]);
    let partial = native_class(interp, "partial", "functools", None);
    method(&partial, "__new__", |i, a, k| {
        let Some(Value::Class(c)) = a.first() else { return Err(error("SystemError", "partial.__new__")) };
        if a.len() < 2 {
            return Err(type_error("type 'partial' takes at least one argument"));
        }
        let func = a[1].clone();
        let callable = matches!(
            func,
            Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Class(_) | Value::Instance(_)
        );
        if !callable {
            return Err(type_error("the first argument must be callable"));
        }
        let _ = i;
        Ok(native_instance(c, Partial { func, args: a[2..].to_vec(), keywords: k.to_vec() }))
    });
    method(&partial, "__init__", |_, _, _| Ok(Value::None));
    m.set(Sym::new("partial"), Value::Class(partial));
    // `wraps(f)` returns a decorator that gives the wrapper `f`'s identity.
    m.set(
        Sym::new("wraps"),
        super::super::builtins::builtin("wraps", |i, a, _| {
            arity("wraps", a, 1, 1)?;
            let class = i.native_class("partial").ok_or_else(|| error("SystemError", "functools is not installed"))?;
            let wrapped = a[0].clone();
            let set = super::super::builtins::builtin("update_wrapper", |i, a, _| {
                arity("update_wrapper", a, 2, 2)?;
                update_wrapper(i, &a[1], &a[0])?;
                Ok(a[1].clone())
            });
            Ok(native_instance(&class, Partial { func: set, args: vec![wrapped], keywords: Vec::new() }))
        }),
    );
    Value::Module(m)
}

crate::opaque_debug!(Partial);

/// `functools.update_wrapper(wrapper, wrapped)`: the wrapper takes the wrapped function's
/// `__module__`, `__name__`, `__qualname__`, `__doc__` and `__annotations__` (those it has),
/// then `__wrapped__`.
fn update_wrapper(i: &Interp, wrapper: &Value, wrapped: &Value) -> VmResult<()> {
    for name in ["__module__", "__name__", "__qualname__", "__doc__", "__annotations__"] {
        let name = Sym::new(name);
        if let Some(v) = i.getattr_opt(wrapped, name)? {
            i.setattr(wrapper, name, v)?;
        }
    }
    i.setattr(wrapper, Sym::new("__wrapped__"), wrapped.clone())
}
