//! Attributes: looking names up on objects, classes and modules (`PyObject_GenericGetAttr`),
//! binding functions to the object they were found on, properties, static and class methods.

use std::rc::Rc;

use super::super::int::Int;
use super::super::names::{sym, Sym};
use super::super::value::{Class, GenKind, Instance, Method, Module, NativeData, Value};
use super::call::SuperData;
use super::{error, type_error, Interp, VmResult};

/// `property(fget, fset)`.
pub struct PropertyData {
    pub fget: Value,
    pub fset: Value,
}

impl super::super::value::NativeObject for PropertyData {
    crate::native_any!();
}

/// `staticmethod(f)` and `classmethod(f)`.
pub struct WrapperData {
    pub func: Value,
}

impl super::super::value::NativeObject for WrapperData {
    crate::native_any!();
}

/// The `__get__` or `__set__` of a descriptor written in Python (an instance of a class that
/// defines it in Python, as namedtuple's field accessors are); `None` for any other value.
fn descriptor_hook(v: &Value, hook: Sym) -> Option<Value> {
    match v {
        Value::Instance(d) => d.class.lookup(hook).filter(|f| matches!(f, Value::Function(_))),
        _ => None,
    }
}

impl Interp {
    pub fn attribute_error(&self, obj: &Value, name: Sym) -> super::Unwind {
        let message = match obj {
            Value::Class(c) => format!("type object '{}' has no attribute '{name}'", c.name),
            Value::Module(m) => format!("module '{}' has no attribute '{name}'", m.name),
            _ => format!("'{}' object has no attribute '{name}'", self.type_name(obj)),
        };
        let exc = self.new_exception("AttributeError", &message);
        if let Value::Instance(i) = &exc {
            if let Some(d) = i.exception() {
                let mut d = d.borrow_mut();
                d.attr_obj = Some(obj.clone());
                d.attr_name = Some(name);
            }
        }
        super::Unwind::Raise(exc)
    }

    /// A module's attribute; when it is not there, the module's pending part is made first.
    pub fn module_attr(&self, m: &Rc<Module>, name: Sym) -> VmResult<Option<Value>> {
        if let Some(v) = m.get(name) {
            return Ok(Some(v));
        }
        self.load_pending(m)?;
        Ok(m.get(name))
    }

    /// Makes the module's pending part now, if it has one ([`Module::set_pending`]).
    pub fn load_pending(&self, m: &Rc<Module>) -> VmResult<()> {
        match m.take_pending() {
            Some(part) => part(self, m),
            None => Ok(()),
        }
    }

    /// `getattr(obj, name)`.
    pub fn getattr(&self, obj: &Value, name: Sym) -> VmResult<Value> {
        match obj {
            Value::Instance(inst) => self.instance_getattr(inst, obj, name),
            Value::Class(c) => self.class_getattr(c, name),
            Value::Module(m) => match self.module_attr(m, name)? {
                Some(v) => Ok(v),
                None if name == sym::__name__ => Ok(Value::str(m.name)),
                None => Err(self.attribute_error(obj, name)),
            },
            _ => {
                if let Some(v) = self.special_attr(obj, name)? {
                    return Ok(v);
                }
                let class = self.type_of(obj);
                match class.lookup(name) {
                    Some(v) => self.bind(v, obj),
                    None => Err(self.attribute_error(obj, name)),
                }
            }
        }
    }

    /// `getattr(obj, name, None)`: `None` when missing, errors other than AttributeError kept.
    pub fn getattr_opt(&self, obj: &Value, name: Sym) -> VmResult<Option<Value>> {
        match self.getattr(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                let exc = self.exception_value(e);
                if self.is_instance_of(&exc, "AttributeError") {
                    Ok(None)
                } else {
                    Err(super::Unwind::Raise(exc))
                }
            }
        }
    }

    /// A class attribute found for `obj`, as `obj.name` gives it.
    pub fn bind(&self, v: Value, obj: &Value) -> VmResult<Value> {
        match &v {
            Value::Function(_) | Value::Builtin(_) => {
                Ok(Value::Method(Rc::new(Method { func: v, receiver: obj.clone() })))
            }
            Value::Instance(i) => {
                if let Some(p) = i.native::<PropertyData>() {
                    return self.call(&p.fget, std::slice::from_ref(obj), &[]);
                }
                if let Some(get) = descriptor_hook(&v, sym::__get__) {
                    let owner = Value::Class(self.type_of(obj));
                    return self.call(&get, &[v.clone(), obj.clone(), owner], &[]);
                }
                if let Some(w) = i.native::<WrapperData>() {
                    if i.class.name == "classmethod" {
                        let class = Value::Class(self.type_of(obj));
                        return Ok(Value::Method(Rc::new(Method { func: w.func.clone(), receiver: class })));
                    }
                    return Ok(w.func.clone());
                }
                Ok(v)
            }
            _ => Ok(v),
        }
    }

    fn instance_getattr(&self, inst: &Rc<Instance>, obj: &Value, name: Sym) -> VmResult<Value> {
        if let Some(data) = inst.native::<SuperData>() {
            return self.super_getattr(data, name);
        }
        let class_attr = inst.class.lookup(name);
        if let Some(Value::Instance(p)) = &class_attr {
            if let Some(p) = p.native::<PropertyData>() {
                if p.fget.is_none() {
                    return Err(error(
                        "AttributeError",
                        format!("property '{name}' of '{}' object has no getter", inst.class.name),
                    ));
                }
                return self.call(&p.fget, std::slice::from_ref(obj), &[]);
            }
        }
        // A data descriptor (its class defines `__set__`) wins over the instance's own attribute.
        if let Some(d) = class_attr.as_ref().filter(|d| descriptor_hook(d, sym::__set__).is_some()) {
            return self.bind(d.clone(), obj);
        }
        if let Some(v) = inst.attrs.borrow().get(name) {
            return Ok(v.clone());
        }
        if let Some(v) = class_attr {
            return self.bind(v, obj);
        }
        if let Some(v) = self.instance_special_attr(inst, obj, name)? {
            return Ok(v);
        }
        if let Some(hook) = inst.class.lookup(sym::__getattr__) {
            return self.call(&hook, &[obj.clone(), Value::str(name.as_str())], &[]);
        }
        Err(self.attribute_error(obj, name))
    }

    fn super_getattr(&self, data: &SuperData, name: Sym) -> VmResult<Value> {
        let start = match &data.obj {
            Value::Class(c) => c.clone(),
            other => self.type_of(other),
        };
        let mro = start.mro_with_self();
        let after = mro.iter().position(|c| Rc::ptr_eq(c, &data.class)).map_or(mro.len(), |i| i + 1);
        for class in &mro[after..] {
            let found = class.dict.borrow().get(name).cloned();
            if let Some(v) = found {
                if let (Value::Class(_), Value::Function(_)) = (&data.obj, &v) {
                    return Ok(v);
                }
                // `__new__` is a static method: `super().__new__(cls, ...)` passes `cls` itself.
                if name == sym::__new__ {
                    return Ok(v);
                }
                return self.bind(v, &data.obj);
            }
        }
        if name == sym::__class__ {
            return Ok(Value::Class(self.native_class("super").unwrap_or_else(|| self.types.object.clone())));
        }
        Err(error("AttributeError", format!("'super' object has no attribute '{name}'")))
    }

    fn class_getattr(&self, c: &Rc<Class>, name: Sym) -> VmResult<Value> {
        if let Some(v) = c.lookup(name) {
            if let Some(get) = descriptor_hook(&v, sym::__get__) {
                return self.call(&get, &[v.clone(), Value::None, Value::Class(c.clone())], &[]);
            }
            if let Value::Instance(i) = &v {
                if let Some(w) = i.native::<WrapperData>() {
                    if i.class.name == "classmethod" {
                        return Ok(Value::Method(Rc::new(Method {
                            func: w.func.clone(),
                            receiver: Value::Class(c.clone()),
                        })));
                    }
                    return Ok(w.func.clone());
                }
            }
            return Ok(v);
        }
        let v = match name {
            n if n == sym::__name__ => Value::str(c.name),
            n if n == sym::__qualname__ => Value::str(&c.qualname),
            n if n == sym::__module__ => Value::str(c.module),
            n if n == sym::__doc__ => Value::None,
            n if n == sym::__bases__ => Value::tuple(c.bases.iter().map(|b| Value::Class(b.clone())).collect()),
            n if n == sym::__mro__ => Value::tuple(c.mro_with_self().into_iter().map(Value::Class).collect()),
            n if n == sym::__class__ => Value::Class(self.types.type_.clone()),
            n if n == sym::__dict__ => {
                let d = Value::dict(Default::default());
                for (k, v) in c.dict.borrow().iter() {
                    self.dict_set(&d, Value::str(k.as_str()), v.clone())?;
                }
                d
            }
            _ => {
                // Methods of `type` itself (`mro`).
                if let Some(v) = self.types.type_.lookup(name) {
                    return self.bind(v, &Value::Class(c.clone()));
                }
                return Err(self.attribute_error(&Value::Class(c.clone()), name));
            }
        };
        Ok(v)
    }

    /// Attributes every instance has: `__class__`, `__dict__`, and those of exceptions.
    fn instance_special_attr(&self, inst: &Rc<Instance>, obj: &Value, name: Sym) -> VmResult<Option<Value>> {
        if name == sym::__class__ {
            return Ok(Some(Value::Class(inst.class.clone())));
        }
        if name == sym::__dict__ {
            let d = Value::dict(Default::default());
            for (k, v) in inst.attrs.borrow().iter() {
                self.dict_set(&d, Value::str(k.as_str()), v.clone())?;
            }
            return Ok(Some(d));
        }
        if let NativeData::Exception(e) = &inst.data {
            let e = e.borrow();
            let v = match name.as_str() {
                "args" => Value::tuple(e.args.clone()),
                "__cause__" => e.cause.clone().unwrap_or_default(),
                "__context__" => e.context.clone().unwrap_or_default(),
                "__suppress_context__" => Value::Bool(e.suppress_context),
                "__traceback__" => Value::None,
                "value" if inst.class.is_subclass(&self.exception_class("StopIteration")) => {
                    e.args.first().cloned().unwrap_or_default()
                }
                "exceptions" if self.is_exception_group(obj) => match e.args.get(1) {
                    Some(v) => Value::tuple(self.collect(v)?),
                    None => Value::empty_tuple(),
                },
                "message" if self.is_exception_group(obj) => e.args.first().cloned().unwrap_or_default(),
                _ => return Ok(None),
            };
            return Ok(Some(v));
        }
        Ok(None)
    }

    pub fn is_exception_group(&self, obj: &Value) -> bool {
        self.is_instance_of(obj, "BaseExceptionGroup")
    }

    /// Attributes of built-in values that are not methods.
    fn special_attr(&self, obj: &Value, name: Sym) -> VmResult<Option<Value>> {
        let s = name.as_str();
        if let Value::Function(f) = obj {
            // What a program set (`functools.wraps` sets `__name__`, `__doc__`, ...) first.
            if let Some(v) = f.attrs.borrow().get(name) {
                return Ok(Some(v.clone()));
            }
        }
        let v = match (obj, s) {
            (_, "__class__") => Value::Class(self.type_of(obj)),
            (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "real" | "numerator") => {
                Value::int(obj.as_int().unwrap_or(Int::Small(0)))
            }
            (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "imag") => Value::Int(0),
            (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "denominator") => Value::Int(1),
            (Value::Float(f), "real") => Value::Float(*f),
            (Value::Float(_), "imag") => Value::Float(0.0),
            (Value::Function(f), "__name__") => Value::str(&f.code.name),
            (Value::Function(f), "__qualname__") => Value::str(&f.code.qualname),
            (Value::Function(f), "__module__") => Value::str(f.globals.name),
            (Value::Function(f), "__doc__") => f.code.doc.as_deref().map_or(Value::None, Value::str),
            (Value::Function(f), "__annotations__") => {
                let d = Value::dict(Default::default());
                f.attrs.borrow_mut().set(name, d.clone());
                d
            }
            (Value::Function(f), "__kwdefaults__") => {
                if f.kwdefaults.is_empty() {
                    Value::None
                } else {
                    let d = Value::dict(Default::default());
                    for (k, v) in &f.kwdefaults {
                        self.dict_set(&d, Value::str(k.as_str()), v.clone())?;
                    }
                    d
                }
            }
            (Value::Function(f), "__defaults__") => {
                if f.defaults.is_empty() {
                    Value::None
                } else {
                    Value::tuple(f.defaults.clone())
                }
            }
            (Value::Function(_), _) => return Ok(None),
            (Value::Builtin(b), "__name__") => Value::str(b.name),
            (Value::Builtin(b), "__qualname__") => match b.owner {
                Some(owner) => Value::string(format!("{owner}.{}", b.name)),
                None => Value::str(b.name),
            },
            (Value::Method(m), "__self__") => m.receiver.clone(),
            (Value::Method(m), "__func__") => m.func.clone(),
            (Value::Method(m), "__name__" | "__qualname__" | "__module__" | "__doc__") => {
                return self.getattr(&m.func, name).map(Some)
            }
            (Value::Generator(g), "__name__") => Value::str(&g.name),
            (Value::Generator(g), "__qualname__") => Value::str(&g.qualname),
            (Value::Generator(g), "gi_running" | "cr_running") => {
                Value::Bool(g.state.get() == super::super::value::GenState::Running)
            }
            (Value::Generator(g), "gi_frame" | "cr_frame") => {
                if g.state.get() == super::super::value::GenState::Closed {
                    Value::None
                } else {
                    return Err(error("NotImplementedError", format!("'{s}' is not supported in this playground")));
                }
            }
            (Value::Generator(g), "gi_yieldfrom" | "cr_await") => {
                if (s == "cr_await") != (g.kind == GenKind::Coroutine) {
                    return Ok(None);
                }
                let frame = g.frame.borrow();
                match frame.as_ref() {
                    Some(f)
                        if f.ip >= 2 && matches!(f.code.ops.get(f.ip - 2), Some(super::super::code::Op::Send(_))) =>
                    {
                        f.stack.last().cloned().unwrap_or_default()
                    }
                    _ => Value::None,
                }
            }
            (Value::Range(r), "start") => Value::Int(r.start),
            (Value::Range(r), "stop") => Value::Int(r.stop),
            (Value::Range(r), "step") => Value::Int(r.step),
            (Value::Slice(sl), "start") => sl.start.clone(),
            (Value::Slice(sl), "stop") => sl.stop.clone(),
            (Value::Slice(sl), "step") => sl.step.clone(),
            _ => return Ok(None),
        };
        Ok(Some(v))
    }

    /// `obj.name = value`.
    pub fn setattr(&self, obj: &Value, name: Sym, value: Value) -> VmResult<()> {
        match obj {
            Value::Instance(inst) => {
                let class_attr = inst.class.lookup(name);
                if let Some(set) = class_attr.as_ref().and_then(|d| descriptor_hook(d, sym::__set__)) {
                    let d = class_attr.clone().unwrap_or_default();
                    return self.call(&set, &[d, obj.clone(), value], &[]).map(|_| ());
                }
                if let Some(Value::Instance(p)) = class_attr {
                    if let Some(p) = p.native::<PropertyData>() {
                        if p.fset.is_none() {
                            return Err(error(
                                "AttributeError",
                                format!("property '{name}' of '{}' object has no setter", inst.class.name),
                            ));
                        }
                        return self.call(&p.fset, &[obj.clone(), value], &[]).map(|_| ());
                    }
                }
                if inst.class.overrides(sym::__setattr__) {
                    if let Some(hook) = inst.class.lookup(sym::__setattr__) {
                        return self.call(&hook, &[obj.clone(), Value::str(name.as_str()), value], &[]).map(|_| ());
                    }
                }
                if let NativeData::Exception(e) = &inst.data {
                    let mut e = e.borrow_mut();
                    match name.as_str() {
                        "args" => {
                            e.args = self.collect(&value)?;
                            return Ok(());
                        }
                        "__cause__" => {
                            e.cause = if value.is_none() { None } else { Some(value) };
                            e.suppress_context = true;
                            return Ok(());
                        }
                        "__context__" => {
                            e.context = if value.is_none() { None } else { Some(value) };
                            return Ok(());
                        }
                        "__suppress_context__" => {
                            e.suppress_context = matches!(value, Value::Bool(true));
                            return Ok(());
                        }
                        "__traceback__" => return Ok(()),
                        _ => {}
                    }
                }
                if inst.data_is_frozen() || !self.slots_allow(&inst.class, name)? {
                    return Err(self.attribute_error(obj, name));
                }
                inst.attrs.borrow_mut().set(name, value);
                Ok(())
            }
            Value::Class(c) => {
                if !c.is_user() {
                    return Err(type_error(format!("cannot set '{name}' attribute of immutable type '{}'", c.name)));
                }
                c.dict.borrow_mut().set(name, value);
                Ok(())
            }
            Value::Function(f) => {
                f.attrs.borrow_mut().set(name, value);
                Ok(())
            }
            Value::Module(m) => {
                // What the pending part defines must not replace what the program sets.
                self.load_pending(m)?;
                m.set(name, value);
                Ok(())
            }
            _ => Err(self.attribute_error(obj, name)),
        }
    }

    /// Whether an instance of `class` may get the attribute `name`: when every class written in
    /// Python in its MRO declares `__slots__` (as namedtuple's classes do, with none), the
    /// instances have no `__dict__` and only the names listed.
    fn slots_allow(&self, class: &Rc<Class>, name: Sym) -> VmResult<bool> {
        if class.lookup(sym::__slots__).is_none() {
            return Ok(true);
        }
        let mut listed = false;
        for c in class.mro_with_self() {
            if c.module == "builtins" {
                continue;
            }
            let Some(slots) = c.dict.borrow().get(sym::__slots__).cloned() else {
                return Ok(true);
            };
            let names = match slots {
                Value::Str(_) => vec![slots],
                other => self.collect(&other)?,
            };
            for n in &names {
                if let Value::Str(n) = n {
                    if n.as_str() == "__dict__" {
                        return Ok(true);
                    }
                    listed |= n.as_str() == name.as_str();
                }
            }
        }
        Ok(listed)
    }

    /// `del obj.name`.
    pub fn delattr(&self, obj: &Value, name: Sym) -> VmResult<()> {
        match obj {
            Value::Instance(inst) if inst.class.overrides(sym::__delattr__) => {
                match inst.class.lookup(sym::__delattr__) {
                    Some(hook) => self.call(&hook, &[obj.clone(), Value::str(name.as_str())], &[]).map(|_| ()),
                    None => Err(self.attribute_error(obj, name)),
                }
            }
            Value::Instance(inst) => match inst.attrs.borrow_mut().remove(name) {
                Some(_) => Ok(()),
                None => Err(self.attribute_error(obj, name)),
            },
            Value::Class(c) if c.is_user() => match c.dict.borrow_mut().remove(name) {
                Some(_) => Ok(()),
                None => Err(self.attribute_error(obj, name)),
            },
            _ => Err(self.attribute_error(obj, name)),
        }
    }

    /// `LOAD_METHOD`: the function to call with `obj` as its first argument, when `obj.name` is
    /// a plain method; `None` when the attribute must be looked up as such.
    pub fn load_method(&self, obj: &Value, name: Sym) -> VmResult<Option<Value>> {
        match obj {
            Value::Instance(inst) => {
                if inst.attrs.borrow().get(name).is_some() || inst.native::<SuperData>().is_some() {
                    return Ok(None);
                }
                match inst.class.lookup(name) {
                    Some(f @ (Value::Function(_) | Value::Builtin(_))) => Ok(Some(f)),
                    _ => Ok(None),
                }
            }
            Value::Class(_) | Value::Module(_) => Ok(None),
            Value::Function(_) | Value::Method(_) | Value::Generator(_) => {
                if self.special_attr(obj, name)?.is_some() {
                    return Ok(None);
                }
                match self.type_of(obj).lookup(name) {
                    Some(f @ Value::Builtin(_)) => Ok(Some(f)),
                    _ => Ok(None),
                }
            }
            _ => match self.type_of(obj).lookup(name) {
                Some(f @ (Value::Function(_) | Value::Builtin(_))) => Ok(Some(f)),
                _ => Ok(None),
            },
        }
    }

    /// Whether `obj` is an instance of the built-in class named `name` (or of a subclass).
    pub fn is_instance_of(&self, obj: &Value, name: &str) -> bool {
        match obj {
            Value::Instance(i) => i.class.name == name || i.class.mro.iter().any(|c| c.name == name && !c.is_user()),
            _ => self.type_of(obj).mro_with_self().iter().any(|c| c.name == name),
        }
    }

    /// `isinstance(obj, cls)`.
    pub fn isinstance(&self, obj: &Value, cls: &Value) -> VmResult<bool> {
        match cls {
            Value::Class(c) => {
                let t = self.type_of(obj);
                Ok(t.is_subclass(c))
            }
            Value::Tuple(t) => {
                for c in t.0.iter() {
                    if self.isinstance(obj, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Instance(i) if i.class.name == "UnionType" && i.class.module == "types" => {
                let args = self.getattr(cls, Sym::new("__args__"))?;
                self.isinstance(obj, &args)
            }
            Value::Instance(i) if i.class.name == "GenericAlias" && i.class.module == "types" => {
                Err(type_error("isinstance() argument 2 cannot be a parameterized generic"))
            }
            _ => Err(type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")),
        }
    }
}

impl Instance {
    /// Objects of some native classes take no new attributes.
    pub fn data_is_frozen(&self) -> bool {
        self.native::<SuperData>().is_some()
    }
}

crate::opaque_debug!(PropertyData, WrapperData);
