//! Subclasses of `dict`, `list` and `tuple` (`class Inventory(dict)`, `collections.Counter`,
//! `namedtuple`'s classes): an instance is an object of the class whose native data is the
//! built-in value it is ([`BuiltinBase`]). What the class does not define in Python is the
//! built-in's: the VM's protocols (`len`, `in`, iteration, `[]`, `repr`, `==`, `<`, `+`, `hash`)
//! see the value, and a method of the built-in type (`d.items()`, `dict.__init__(self)`) gets
//! the value as its `self`, as CPython's slots and method descriptors do.

use std::rc::Rc;

use super::super::names::Sym;
use super::super::value::{Class, Instance, NativeObject, NativeType, Value};
use super::super::vm::{type_error, Interp, VmResult};
use super::{arity, method, native_instance};
use crate::native_any;

/// The `dict`, `list` or `tuple` an instance of a subclass is.
pub struct BuiltinBase(pub Value);

impl NativeObject for BuiltinBase {
    native_any!();
    // Only repr here (the VM asks a class's own __repr__ first): the other protocols see the
    // value through `operand` when the class does not define them, so that a class's own
    // `__getitem__` or `__len__` wins, as in CPython.
    fn repr(&self, interp: &Interp, _: &Value) -> Option<VmResult<String>> {
        Some(interp.repr(&self.0))
    }
}

/// Whether `class` (a base of a class statement) is a built-in type that can be subclassed.
pub fn subclassable(class: &Class) -> bool {
    class.module == "builtins" && matches!(class.native, Some(NativeType::Dict | NativeType::List | NativeType::Tuple))
}

/// The built-in value an instance of a subclass is.
pub fn base_of(v: &Value) -> Option<&Value> {
    match v {
        Value::Instance(i) => i.native::<BuiltinBase>().map(|b| &b.0),
        _ => None,
    }
}

/// The value an operation sees: the built-in value of an instance of a subclass whose class
/// does not define `dunder` in Python; else `v` itself.
pub fn operand(v: &Value, dunder: Sym) -> &Value {
    match v {
        Value::Instance(i) if !i.class.overrides(dunder) => i.native::<BuiltinBase>().map_or(v, |b| &b.0),
        _ => v,
    }
}

/// `self` for a method of a built-in type: the built-in value of an instance of a subclass.
pub fn receiver(owner: Option<&'static str>, args: &[Value]) -> Option<Vec<Value>> {
    if !matches!(owner, Some("dict" | "list" | "tuple")) {
        return None;
    }
    let base = base_of(args.first()?)?;
    let mut all = Vec::with_capacity(args.len());
    all.push(base.clone());
    all.extend_from_slice(&args[1..]);
    Some(all)
}

fn new_subclass_instance(
    interp: &Interp,
    a: &[Value],
    what: &str,
    base: impl FnOnce() -> VmResult<Value>,
) -> VmResult<Value> {
    match a.first() {
        Some(Value::Class(c)) if c.module == "builtins" => super::construct(interp, c, &a[1..], &[]),
        Some(Value::Class(c)) if c.native == Some(native_type(what)) => Ok(native_instance(c, BuiltinBase(base()?))),
        Some(Value::Class(c)) => {
            Err(type_error(format!("{what}.__new__({}): {} is not a subtype of {what}", c.name, c.name)))
        }
        _ => Err(type_error(format!("{what}.__new__(X): X is not a type object"))),
    }
}

fn native_type(what: &str) -> NativeType {
    match what {
        "dict" => NativeType::Dict,
        "list" => NativeType::List,
        _ => NativeType::Tuple,
    }
}

/// `dict.__new__`, `dict.__init__`, `list.__new__`, `list.__init__` and `tuple.__new__`: what a
/// subclass's `super().__init__(...)` and `tuple.__new__(cls, items)` call.
pub fn install(interp: &Interp) {
    let dict = &interp.types.dict;
    method(dict, "__new__", |i, a, _| new_subclass_instance(i, a, "dict", || Ok(Value::dict(Default::default()))));
    method(dict, "__init__", |i, a, k| {
        arity("dict", &a[1..], 0, 1)?;
        let d = &a[0];
        if let Some(v) = a.get(1) {
            i.dict_update(d, v, false)?;
        }
        for (key, v) in k {
            i.dict_set(d, Value::str(key.as_str()), v.clone())?;
        }
        Ok(Value::None)
    });
    let list = &interp.types.list;
    method(list, "__new__", |i, a, _| new_subclass_instance(i, a, "list", || Ok(Value::list(Vec::new()))));
    method(list, "__init__", |i, a, k| {
        super::no_kwargs("list", k)?;
        arity("list", &a[1..], 0, 1)?;
        let Value::List(l) = &a[0] else { return Err(type_error("descriptor '__init__' requires a 'list' object")) };
        let items = match a.get(1) {
            Some(v) => i.collect(v)?,
            None => Vec::new(),
        };
        *l.0.borrow_mut() = items;
        Ok(Value::None)
    });
    let tuple = &interp.types.tuple;
    method(tuple, "__new__", |i, a, k| {
        super::no_kwargs("tuple", k)?;
        arity("tuple", a.get(1..).unwrap_or(&[]), 0, 1)?;
        new_subclass_instance(i, a, "tuple", || match a.get(1) {
            Some(v) => Ok(Value::tuple(i.collect(v)?)),
            None => Ok(Value::empty_tuple()),
        })
    });
    // CPython's object.__init__ lets the arguments through when the class's __new__ is not
    // object's: a tuple subclass's tuple.__new__ took them.
    method(tuple, "__init__", |_, _, _| Ok(Value::None));
}

/// `obj.__missing__(key)` for a subscript of a `dict` subclass that defines it (`defaultdict`,
/// `Counter`): `None` when the key is there or the class has no `__missing__`.
pub fn missing(interp: &Interp, inst: &Rc<Instance>, obj: &Value, key: &Value) -> VmResult<Option<Value>> {
    let Some(base @ Value::Dict(_)) = inst.native::<BuiltinBase>().map(|b| &b.0) else { return Ok(None) };
    let Some(hook) = inst.class.lookup(Sym::new("__missing__")) else { return Ok(None) };
    if let Some(v) = interp.dict_get(base, key)? {
        return Ok(Some(v));
    }
    interp.call(&hook, &[obj.clone(), key.clone()], &[]).map(Some)
}
crate::opaque_debug!(BuiltinBase);
