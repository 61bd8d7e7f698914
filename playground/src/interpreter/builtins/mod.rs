//! The built-in functions (`print`, `len`, `range`, `sorted`, ...) and the constructors of the
//! built-in types, as CPython 3.11 behaves and words its errors. The methods of the built-in
//! types are in [`types`].

pub mod bytes;
pub mod subclass;
mod types;

use std::cell::RefCell;
use std::rc::Rc;

use super::float;
use super::int::Int;
use super::names::{sym, Sym};
use super::number::Number;
use super::value::{Attrs, Builtin, Class, Instance, IterKind, Layout, NativeData, NativeFn, NativeType, Range, Value};
use super::vm::{error, type_error, value_error, Interp, Unwind, VmResult};
use crate::runtime::Exception;

pub use types::{close_generator, str_format, DictView};

/// A native function value.
pub fn builtin(name: &'static str, f: NativeFn) -> Value {
    Value::Builtin(Rc::new(Builtin { name, owner: None, f }))
}

/// Puts a native method into a class's dictionary.
pub fn method(class: &Rc<Class>, name: &'static str, f: NativeFn) {
    let v = Value::Builtin(Rc::new(Builtin { name, owner: Some(class.name), f }));
    class.dict.borrow_mut().set(Sym::new(name), v);
}

/// A native class of the built-ins or of a module.
pub fn native_class(interp: &Interp, name: &str, module: &str, base: Option<Rc<Class>>) -> Rc<Class> {
    let bases = vec![base.unwrap_or_else(|| interp.types.object.clone())];
    let class = super::vm::make_class(name, module, bases, Layout::Native, Some(NativeType::Object))
        .expect("a native class has one base");
    interp.native_classes.borrow_mut().insert(class.name, class.clone());
    class
}

/// An instance of a native class with its Rust data.
pub fn native_instance(class: &Rc<Class>, data: impl super::value::NativeObject) -> Value {
    Value::Instance(Rc::new(Instance {
        class: class.clone(),
        attrs: RefCell::new(Attrs::new()),
        data: NativeData::Native(Box::new(data)),
    }))
}

// ----- argument checking, with CPython's messages -----

pub fn no_kwargs(name: &str, kwargs: &[(Sym, Value)]) -> VmResult<()> {
    match kwargs.first() {
        Some(_) => Err(type_error(format!("{name}() takes no keyword arguments"))),
        None => Ok(()),
    }
}

/// `name() takes exactly one argument (n given)` and the like.
pub fn arity(name: &str, args: &[Value], min: usize, max: usize) -> VmResult<()> {
    let n = args.len();
    if n >= min && n <= max {
        return Ok(());
    }
    let msg = if min == max {
        match min {
            0 => format!("{name}() takes no arguments ({n} given)"),
            1 => format!("{name}() takes exactly one argument ({n} given)"),
            _ => format!("{name} expected {min} arguments, got {n}"),
        }
    } else if n < min {
        format!("{name} expected at least {min} argument{}, got {n}", if min == 1 { "" } else { "s" })
    } else {
        format!("{name} expected at most {max} argument{}, got {n}", if max == 1 { "" } else { "s" })
    };
    Err(type_error(msg))
}

/// A keyword argument by name, checking that no other keywords were passed.
pub fn kwarg<'a>(fname: &str, kwargs: &'a [(Sym, Value)], allowed: &[&str], name: &str) -> VmResult<Option<&'a Value>> {
    for (k, _) in kwargs {
        if !allowed.contains(&k.as_str()) {
            return Err(type_error(format!("{fname}() got an unexpected keyword argument '{k}'")));
        }
    }
    Ok(kwargs.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v))
}

pub fn int_arg(interp: &Interp, v: &Value) -> VmResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(_) => Err(error("OverflowError", "Python int too large to convert to C ssize_t")),
        other => Err(type_error(format!("'{}' object cannot be interpreted as an integer", interp.type_name(other)))),
    }
}

pub fn str_arg<'a>(interp: &Interp, v: &'a Value, what: &str) -> VmResult<&'a str> {
    match v {
        Value::Str(s) => Ok(s.as_str()),
        other => Err(type_error(format!("{what} must be str, not {}", interp.type_name(other)))),
    }
}

// ----- the native protocols of native objects -----

fn native(v: &Value) -> Option<&dyn super::value::NativeObject> {
    match v {
        Value::Instance(i) => i.native_object(),
        _ => None,
    }
}

pub fn native_len(interp: &Interp, v: &Value) -> VmResult<Option<usize>> {
    Ok(native(v).and_then(|n| n.len(interp)))
}

pub fn native_getitem(interp: &Interp, v: &Value, key: &Value) -> VmResult<Option<Value>> {
    match native(v).and_then(|n| n.getitem(interp, key)) {
        Some(r) => r.map(Some),
        None => Ok(None),
    }
}

pub fn native_setitem(interp: &Interp, v: &Value, key: &Value, value: &Value) -> VmResult<bool> {
    match native(v).and_then(|n| n.setitem(interp, key, value)) {
        Some(r) => r.map(|_| true),
        None => Ok(false),
    }
}

pub fn native_contains(interp: &Interp, v: &Value, item: &Value) -> VmResult<Option<bool>> {
    match native(v).and_then(|n| n.contains(interp, item)) {
        Some(r) => r.map(Some),
        None => Ok(None),
    }
}

pub fn native_iter(interp: &Interp, v: &Value) -> VmResult<Option<Value>> {
    match native(v).and_then(|n| n.iter(interp, v)) {
        Some(r) => r.map(Some),
        None => Ok(None),
    }
}

pub fn native_next(interp: &Interp, v: &Value) -> VmResult<Option<Option<Value>>> {
    match native(v).and_then(|n| n.next(interp, v)) {
        Some(r) => r.map(Some),
        None => Ok(None),
    }
}

pub fn native_repr(interp: &Interp, v: &Value) -> VmResult<Option<String>> {
    match native(v).and_then(|n| n.repr(interp, v)) {
        Some(r) => r.map(Some),
        None => Ok(None),
    }
}

pub fn native_str(interp: &Interp, v: &Value) -> VmResult<Option<String>> {
    native_repr(interp, v)
}

// ----- installation -----

pub fn install(interp: &Interp) {
    let b = &interp.builtins;
    let t = &interp.types;
    for (name, class) in [
        ("object", &t.object),
        ("type", &t.type_),
        ("bool", &t.bool_),
        ("int", &t.int),
        ("float", &t.float),
        ("str", &t.str_),
        ("bytes", &t.bytes),
        ("list", &t.list),
        ("tuple", &t.tuple),
        ("dict", &t.dict),
        ("set", &t.set),
        ("frozenset", &t.frozenset),
        ("range", &t.range),
        ("slice", &t.slice),
    ] {
        b.set(Sym::new(name), Value::Class(class.clone()));
    }
    b.set(Sym::new("None"), Value::None);
    b.set(Sym::new("Ellipsis"), Value::Ellipsis);
    b.set(Sym::new("NotImplemented"), Value::NotImplemented);
    b.set(Sym::new("__name__"), Value::str("builtins"));
    let functions: &[(&'static str, NativeFn)] = &[
        ("print", print),
        ("len", len),
        ("repr", repr),
        ("ascii", ascii),
        ("iter", iter),
        ("next", next),
        ("aiter", aiter),
        ("anext", anext),
        ("enumerate", enumerate),
        ("zip", zip),
        ("map", map),
        ("filter", filter),
        ("reversed", reversed),
        ("sorted", sorted),
        ("sum", sum),
        ("min", min),
        ("max", max),
        ("any", any),
        ("all", all),
        ("abs", abs),
        ("round", round),
        ("divmod", divmod),
        ("pow", pow),
        ("hash", hash),
        ("id", id),
        ("hex", hex),
        ("oct", oct),
        ("bin", bin),
        ("chr", chr),
        ("ord", ord),
        ("callable", callable),
        ("getattr", getattr),
        ("setattr", setattr),
        ("hasattr", hasattr),
        ("delattr", delattr),
        ("isinstance", isinstance),
        ("issubclass", issubclass),
        ("format", format),
        ("vars", vars),
        ("dir", dir),
        ("globals", globals),
        ("input", input),
        ("open", open),
        ("exit", exit),
        ("quit", exit),
        ("exec", unsupported_exec),
        ("eval", unsupported_exec),
        ("compile", unsupported_exec),
        ("locals", locals),
        ("breakpoint", unsupported_exec),
    ];
    for (name, f) in functions {
        b.set(Sym::new(name), builtin(name, *f));
    }
    b.set(Sym::new("__build_class__"), interp.build_class_builtin());
    types::install(interp);
    subclass::install(interp);
}

/// The built-ins written in Python: what loops over an iterable that runs Python code (a
/// generator, a user's iterator) loops in bytecode, on the program's own thread, so that it
/// is as fast as the program's loops and is preempted like them.
const PRELUDE: &str = "\
async def _anext_default(awaitable, default):
    try:
        return await awaitable
    except StopAsyncIteration:
        return default
def _sum(it, total):
    for x in it:
        total = total + x
    return total
def _any(it):
    for x in it:
        if x:
            return True
    return False
def _all(it):
    for x in it:
        if not x:
            return False
    return True
def _list(it):
    result = []
    for x in it:
        result.append(x)
    return result
def _tuple(it):
    return tuple(_list(it))
def _sorted(it, key, reverse):
    result = _list(it)
    result.sort(key=key, reverse=reverse)
    return result
def _type_repr(t):
    if t is ...:
        return '...'
    if t is None or t is type(None):
        return 'None'
    if isinstance(t, type):
        if t.__module__ == 'builtins':
            return t.__qualname__
        return t.__module__ + '.' + t.__qualname__
    if isinstance(t, list):
        return '[' + ', '.join([_type_repr(a) for a in t]) + ']'
    return repr(t)
class GenericAlias:
    __module__ = 'types'
    def __init__(self, origin, args):
        self.__origin__ = origin
        self.__args__ = args if isinstance(args, tuple) else (args,)
    def __repr__(self):
        args = ', '.join([_type_repr(a) for a in self.__args__]) if self.__args__ else '()'
        return _type_repr(self.__origin__) + '[' + args + ']'
    def __call__(self, *args, **kwargs):
        return self.__origin__(*args, **kwargs)
    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__
    def __hash__(self):
        return hash(self.__origin__) ^ hash(self.__args__)
    def __or__(self, other):
        return _union(self, other)
    def __ror__(self, other):
        return _union(other, self)
    def __getattr__(self, name):
        return getattr(self.__origin__, name)
class UnionType:
    __module__ = 'types'
    def __init__(self, args):
        self.__args__ = args
    def __repr__(self):
        return ' | '.join([_type_repr(a) for a in self.__args__])
    def __eq__(self, other):
        if not isinstance(other, _UnionType):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)
    def __hash__(self):
        return hash(frozenset(self.__args__))
    def __or__(self, other):
        return _union(self, other)
    def __ror__(self, other):
        return _union(other, self)
def _union(a, b):
    args = []
    for t in (a, b):
        for x in (t.__args__ if type(t) is _UnionType else (t,)):
            if x is None:
                x = type(None)
            if x not in args:
                args.append(x)
    if len(args) == 1:
        return args[0]
    return _UnionType(tuple(args))
_GenericAlias = GenericAlias
_UnionType = UnionType
del GenericAlias, UnionType
";

/// The prelude is compiled and run when native code first needs one of its names (a program
/// summing a generator, `list[int]`): most programs never do, and their first run in the page
/// does not pay for it.
pub fn install_prelude(interp: &Interp) {
    interp.builtins.set_pending(|interp, builtins| {
        // Errors here would be bugs of the prelude; the built-ins then keep their native paths.
        let _ = super::modules::run_python_part(interp, builtins, PRELUDE);
        Ok(())
    });
}

/// Whether looping over `v` runs Python code (and so belongs in the prelude).
fn runs_python(v: &Value) -> bool {
    match v {
        Value::Generator(_) => true,
        Value::Instance(i) => i.native_object().is_none(),
        Value::Iter(it) => !matches!(
            &*it.kind.borrow(),
            IterKind::List { .. }
                | IterKind::ListReverse { .. }
                | IterKind::Tuple { .. }
                | IterKind::Str { .. }
                | IterKind::Range { .. }
                | IterKind::Dict { .. }
                | IterKind::Set { .. }
                | IterKind::Values { .. }
                | IterKind::Done { .. }
        ),
        _ => false,
    }
}

/// Hands the call over to the prelude's `name` when `iterable` runs Python code.
fn prelude_call(interp: &Interp, name: &str, iterable: &Value, rest: &[Value]) -> VmResult<()> {
    if !runs_python(iterable) {
        return Ok(());
    }
    let Some(f) = interp.module_attr(&interp.builtins, Sym::new(name))? else {
        return Ok(());
    };
    let mut args = vec![iterable.clone()];
    args.extend_from_slice(rest);
    Err(Unwind::TailCall(Box::new((f, args))))
}

/// Constructs a value of a built-in type: `int("5")`, `list(x)`, `range(3)`, ...
pub fn construct(interp: &Interp, class: &Rc<Class>, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let Some(native) = class.native else {
        return Err(type_error(format!("cannot create '{}' instances", class.name)));
    };
    let name = class.name;
    match native {
        NativeType::Int => {
            let base = kwarg("int", kwargs, &["base"], "base")?.cloned();
            arity("int", args, 0, 2)?;
            let base = args.get(1).cloned().or(base);
            let Some(x) = args.first() else {
                return Ok(Value::Int(0));
            };
            if let Some(base) = base {
                let base = int_arg(interp, &base)?;
                let Value::Str(s) = x else {
                    return Err(type_error("int() can't convert non-string with explicit base"));
                };
                if !(base == 0 || (2..=36).contains(&base)) {
                    return Err(value_error("int() base must be >= 2 and <= 36, or 0"));
                }
                return Ok(Value::int(Int::parse(s.as_str(), base as u32)?));
            }
            to_int(interp, x)
        }
        NativeType::Float => {
            no_kwargs("float", kwargs)?;
            arity("float", args, 0, 1)?;
            match args.first() {
                None => Ok(Value::Float(0.0)),
                Some(Value::Str(s)) => Ok(Value::Float(float::parse(s.as_str())?)),
                Some(v) => match super::vm::ops_number(v) {
                    Some(n) => Ok(Value::Float(n.to_f64()?)),
                    None => match interp.dunder(v, sym::__float__) {
                        Some(m) => interp.call(&m, &[], &[]),
                        None => Err(type_error(format!(
                            "float() argument must be a string or a real number, not '{}'",
                            interp.type_name(v)
                        ))),
                    },
                },
            }
        }
        NativeType::Bytes => bytes::construct(interp, args, kwargs),
        NativeType::Str => {
            if args.len() > 1 || !kwargs.is_empty() {
                arity("str", args, 1, 3)?;
                let encoding = args.get(1).or(kwarg("str", kwargs, &["object", "encoding", "errors"], "encoding")?);
                let errors = args.get(2).or(kwarg("str", kwargs, &["object", "encoding", "errors"], "errors")?);
                return match &args[0] {
                    Value::Bytes(b) => Ok(Value::string(bytes::decode(interp, b, encoding, errors)?)),
                    Value::Str(_) => Err(type_error("decoding str is not supported")),
                    other => Err(type_error(format!(
                        "decoding to str: need a bytes-like object, {} found",
                        interp.type_name(other)
                    ))),
                };
            }
            match args.first() {
                None => Ok(Value::str("")),
                Some(Value::Str(_)) => Ok(args[0].clone()),
                Some(v) => Ok(Value::string(interp.str_of(v)?)),
            }
        }
        NativeType::Bool => {
            no_kwargs("bool", kwargs)?;
            arity("bool", args, 0, 1)?;
            match args.first() {
                None => Ok(Value::Bool(false)),
                Some(v) => Ok(Value::Bool(interp.truthy(v)?)),
            }
        }
        NativeType::List => {
            no_kwargs("list", kwargs)?;
            arity("list", args, 0, 1)?;
            match args.first() {
                None => Ok(Value::list(Vec::new())),
                Some(v) => {
                    prelude_call(interp, "_list", v, &[])?;
                    interp.new_list(interp.collect(v)?)
                }
            }
        }
        NativeType::Tuple => {
            no_kwargs("tuple", kwargs)?;
            arity("tuple", args, 0, 1)?;
            match args.first() {
                None => Ok(Value::empty_tuple()),
                Some(v @ Value::Tuple(_)) => Ok(v.clone()),
                Some(v) => {
                    prelude_call(interp, "_tuple", v, &[])?;
                    Ok(Value::tuple(interp.collect(v)?))
                }
            }
        }
        NativeType::Dict => {
            arity("dict", args, 0, 1)?;
            let d = Value::dict(Default::default());
            if let Some(v) = args.first() {
                interp.dict_update(&d, v, false)?;
            }
            for (k, v) in kwargs {
                interp.dict_set(&d, Value::str(k.as_str()), v.clone())?;
            }
            Ok(d)
        }
        NativeType::Set | NativeType::FrozenSet => {
            no_kwargs(name, kwargs)?;
            arity(name, args, 0, 1)?;
            let frozen = native == NativeType::FrozenSet;
            if let (true, Some(Value::Set(s))) = (frozen, args.first()) {
                if s.frozen {
                    return Ok(Value::Set(s.clone()));
                }
            }
            let set = interp.new_set(Vec::new(), frozen)?;
            if let (Some(v), Value::Set(s)) = (args.first(), &set) {
                interp.set_update_with(s, v)?;
            }
            Ok(set)
        }
        NativeType::Range => {
            no_kwargs("range", kwargs)?;
            arity("range", args, 1, 3)?;
            let ints: Vec<i64> = args.iter().map(|a| int_arg(interp, a)).collect::<VmResult<_>>()?;
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                _ => (0, 0, 1),
            };
            if step == 0 {
                return Err(value_error("range() arg 3 must not be zero"));
            }
            Ok(Value::Range(Rc::new(Range { start, stop, step })))
        }
        NativeType::Slice => {
            arity("slice", args, 1, 3)?;
            let (start, stop, step) = match args {
                [stop] => (Value::None, stop.clone(), Value::None),
                [start, stop] => (start.clone(), stop.clone(), Value::None),
                [start, stop, step] => (start.clone(), stop.clone(), step.clone()),
                _ => (Value::None, Value::None, Value::None),
            };
            Ok(Value::Slice(Rc::new(super::value::Slice { start, stop, step })))
        }
        NativeType::Type => {
            if args.len() == 1 && kwargs.is_empty() {
                return Ok(Value::Class(interp.type_of(&args[0])));
            }
            if args.len() != 3 {
                return Err(type_error("type() takes 1 or 3 arguments"));
            }
            let bases = interp.collect(&args[1])?;
            let mut attrs = Attrs::new();
            if let Value::Dict(d) = &args[2] {
                for e in d.0.borrow().iter() {
                    if let Value::Str(k) = &e.key {
                        attrs.set(Sym::new(k.as_str()), e.value.clone());
                    }
                }
            }
            attrs.set(sym::__module__, Value::str("__main__"));
            interp.build_class(args[0].clone(), bases, Vec::new(), attrs, Value::None)
        }
        NativeType::NoneType => Ok(Value::None),
        _ => Err(type_error(format!("cannot create '{name}' instances"))),
    }
}

/// `int(x)`.
pub fn to_int(interp: &Interp, x: &Value) -> VmResult<Value> {
    match x {
        Value::Int(_) | Value::BigInt(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => Ok(Value::int(float_to_int(*f)?)),
        Value::Str(s) => Ok(Value::int(Int::parse(s.as_str(), 10)?)),
        _ => {
            for name in [sym::__int__, sym::__index__] {
                if let Some(m) = interp.dunder(x, name) {
                    return interp.call(&m, &[], &[]);
                }
            }
            Err(type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                interp.type_name(x)
            )))
        }
    }
}

pub fn float_to_int(f: f64) -> VmResult<Int> {
    if f.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(error("OverflowError", "cannot convert float infinity to integer"));
    }
    Ok(Int::from_f64(f.trunc())?)
}

// ----- the functions -----

fn print(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let allowed = ["sep", "end", "file", "flush"];
    let text_arg = |name: &str, default: &str| -> VmResult<String> {
        match kwarg("print", kwargs, &allowed, name)? {
            None | Some(Value::None) => Ok(default.to_string()),
            Some(Value::Str(s)) => Ok(s.as_str().to_string()),
            Some(other) => Err(type_error(format!("{name} must be None or a string, not {}", interp.type_name(other)))),
        }
    };
    let sep = text_arg("sep", " ")?;
    let end = text_arg("end", "\n")?;
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&interp.str_of(a)?);
    }
    out.push_str(&end);
    match kwarg("print", kwargs, &allowed, "file")? {
        None | Some(Value::None) => interp.write(&out, false),
        Some(file) => super::modules::sys::write_to(interp, file, &out)?,
    }
    Ok(Value::None)
}

fn len(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("len", kwargs)?;
    arity("len", args, 1, 1)?;
    Ok(Value::Int(length(interp, &args[0])? as i64))
}

/// `len(v)`.
pub fn length(interp: &Interp, v: &Value) -> VmResult<usize> {
    let v = subclass::operand(v, sym::__len__);
    Ok(match v {
        Value::Str(s) => s.len_chars(),
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.0.borrow().len(),
        Value::Tuple(t) => t.0.len(),
        Value::Dict(d) => d.0.borrow().len(),
        Value::Set(s) => s.table.borrow().len(),
        Value::Range(r) => r.len() as usize,
        Value::Instance(_) => {
            if let Some(n) = native_len(interp, v)? {
                return Ok(n);
            }
            match interp.dunder(v, sym::__len__) {
                Some(m) => {
                    let r = interp.call(&m, &[], &[])?;
                    match r {
                        Value::Int(n) if n >= 0 => n as usize,
                        Value::Int(_) => return Err(value_error("__len__() should return >= 0")),
                        other => {
                            return Err(type_error(format!(
                                "'{}' object cannot be interpreted as an integer",
                                interp.type_name(&other)
                            )))
                        }
                    }
                }
                None => return Err(type_error(format!("object of type '{}' has no len()", interp.type_name(v)))),
            }
        }
        _ => return Err(type_error(format!("object of type '{}' has no len()", interp.type_name(v)))),
    })
}

fn repr(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("repr", kwargs)?;
    arity("repr", args, 1, 1)?;
    Ok(Value::string(interp.repr(&args[0])?))
}

fn ascii(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("ascii", kwargs)?;
    arity("ascii", args, 1, 1)?;
    let r = interp.repr(&args[0])?;
    Ok(Value::string(match &args[0] {
        Value::Str(s) => super::text::ascii(s.as_str()),
        _ => r
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    super::text::ascii(&c.to_string()).trim_matches('\'').to_string()
                }
            })
            .collect(),
    }))
}

fn iter(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("iter", kwargs)?;
    arity("iter", args, 1, 2)?;
    if let [func, sentinel] = args {
        return Ok(super::vm::new_iter(IterKind::Callable { func: func.clone(), sentinel: sentinel.clone() }));
    }
    interp.get_iter(&args[0])
}

/// `aiter(x)`: `type(x).__aiter__(x)`.
fn aiter(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("aiter", kwargs)?;
    arity("aiter", args, 1, 1)?;
    let x = &args[0];
    let is_async_iterable = match x {
        Value::Generator(g) => g.kind == super::value::GenKind::AsyncGenerator,
        Value::Instance(i) => i.class.lookup(sym::__aiter__).is_some(),
        _ => false,
    };
    if !is_async_iterable {
        return Err(type_error(format!("'{}' object is not an async iterable", interp.type_name(x))));
    }
    interp.get_aiter(x)
}

/// `anext(it[, default])`: the awaitable of `type(it).__anext__(it)`; with a default, an
/// awaitable that gives the default instead of raising `StopAsyncIteration`.
fn anext(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("anext", kwargs)?;
    arity("anext", args, 1, 2)?;
    let it = &args[0];
    let is_async_iterator = match it {
        Value::Generator(g) => g.kind == super::value::GenKind::AsyncGenerator,
        Value::Instance(i) => i.class.lookup(sym::__anext__).is_some(),
        _ => false,
    };
    if !is_async_iterator {
        return Err(type_error(format!("'{}' object is not an async iterator", interp.type_name(it))));
    }
    let awaitable = interp.get_anext(it)?;
    match args.get(1) {
        None => Ok(awaitable),
        Some(default) => match interp.module_attr(&interp.builtins, Sym::new("_anext_default"))? {
            Some(f) => interp.call(&f, &[awaitable, default.clone()], &[]),
            None => Err(error("SystemError", "the built-ins' prelude has no _anext_default")),
        },
    }
}

fn next(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("next", kwargs)?;
    arity("next", args, 1, 2)?;
    let it = &args[0];
    let is_iterator = match it {
        Value::Iter(_) => true,
        Value::Generator(g) => g.kind == super::value::GenKind::Generator,
        Value::Instance(i) => i.class.lookup(sym::__next__).is_some() || i.native_object().is_some(),
        _ => false,
    };
    if !is_iterator {
        return Err(type_error(format!("'{}' object is not an iterator", interp.type_name(it))));
    }
    // A generator's return value travels in its StopIteration.
    if let Value::Generator(g) = it {
        return match interp.resume_generator(g, super::vm::Input::Send(Value::None))? {
            super::vm::GenResult::Yielded(v) => Ok(v),
            super::vm::GenResult::Returned(v) => match args.get(1) {
                Some(default) => Ok(default.clone()),
                None => Err(interp.stop_iteration(v)),
            },
        };
    }
    match interp.next_of(it)? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(default) => Ok(default.clone()),
            None => Err(interp.stop_iteration(Value::None)),
        },
    }
}

fn enumerate(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let start = kwarg("enumerate", kwargs, &["start", "iterable"], "start")?.cloned();
    let iterable = match (args.first(), kwarg("enumerate", kwargs, &["start", "iterable"], "iterable")?) {
        (Some(v), _) | (None, Some(v)) => v.clone(),
        (None, None) => return Err(type_error("enumerate() missing required argument 'iterable' (pos 1)")),
    };
    arity("enumerate", args, 0, 2)?;
    let start = args.get(1).cloned().or(start).unwrap_or(Value::Int(0));
    let Some(count) = start.as_int() else {
        return Err(type_error(format!("'{}' object cannot be interpreted as an integer", interp.type_name(&start))));
    };
    let inner = interp.get_iter(&iterable)?;
    Ok(super::vm::new_iter(IterKind::Enumerate { inner, count }))
}

fn zip(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let strict = match kwarg("zip", kwargs, &["strict"], "strict")? {
        Some(v) => interp.truthy(v)?,
        None => false,
    };
    let inners = args.iter().map(|a| interp.get_iter(a)).collect::<VmResult<Vec<_>>>()?;
    if inners.is_empty() {
        return Ok(super::vm::new_iter(IterKind::Done { type_name: "zip" }));
    }
    Ok(super::vm::new_iter(IterKind::Zip { inners, strict }))
}

fn map(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("map", kwargs)?;
    if args.len() < 2 {
        return Err(type_error("map() must have at least two arguments."));
    }
    let inners = args[1..].iter().map(|a| interp.get_iter(a)).collect::<VmResult<Vec<_>>>()?;
    Ok(super::vm::new_iter(IterKind::Map { func: args[0].clone(), inners }))
}

fn filter(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("filter", kwargs)?;
    arity("filter", args, 2, 2)?;
    let inner = interp.get_iter(&args[1])?;
    Ok(super::vm::new_iter(IterKind::Filter { func: args[0].clone(), inner }))
}

fn reversed(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("reversed", kwargs)?;
    arity("reversed", args, 1, 1)?;
    // A subclass of list or dict that does not define __reversed__ has the built-in's.
    let arg = match (&args[0], subclass::base_of(&args[0])) {
        (Value::Instance(i), Some(base @ (Value::List(_) | Value::Dict(_))))
            if !i.class.overrides(Sym::new("__reversed__")) =>
        {
            base
        }
        (arg, _) => arg,
    };
    Ok(match arg {
        Value::List(l) => {
            let index = l.0.borrow().len();
            super::vm::new_iter(IterKind::ListReverse { list: l.clone(), index })
        }
        Value::Range(r) => {
            let n = r.len();
            let last = if n == 0 { r.start } else { r.get(n - 1) };
            super::vm::new_iter(IterKind::Range { next: last, step: -r.step, left: n })
        }
        v @ (Value::Tuple(_) | Value::Str(_)) => {
            let mut items = interp.collect(v)?;
            items.reverse();
            super::vm::new_iter(IterKind::Values { items, index: 0, type_name: "reversed" })
        }
        Value::Dict(d) => {
            let mut items: Vec<Value> = d.0.borrow().iter().map(|e| e.key.clone()).collect();
            items.reverse();
            super::vm::new_iter(IterKind::Values { items, index: 0, type_name: "dict_reversekeyiterator" })
        }
        v => {
            if let Some(m) = interp.dunder(v, Sym::new("__reversed__")) {
                return interp.call(&m, &[], &[]);
            }
            if interp.dunder(v, sym::__getitem__).is_some() && interp.dunder(v, sym::__len__).is_some() {
                let n = length(interp, v)?;
                let mut items = Vec::with_capacity(n);
                for i in (0..n).rev() {
                    items.push(interp.getitem(v, &Value::Int(i as i64))?);
                }
                return Ok(super::vm::new_iter(IterKind::Values { items, index: 0, type_name: "reversed" }));
            }
            return Err(type_error(format!("'{}' object is not reversible", interp.type_name(v))));
        }
    })
}

fn sorted(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    arity("sorted", args, 1, 1)?;
    let key = kwarg("sorted", kwargs, &["key", "reverse"], "key")?.cloned();
    let reverse = match kwarg("sorted", kwargs, &["key", "reverse"], "reverse")? {
        Some(v) => interp.truthy(v)?,
        None => false,
    };
    prelude_call(interp, "_sorted", &args[0], &[key.clone().unwrap_or_default(), Value::Bool(reverse)])?;
    let items = interp.collect(&args[0])?;
    let sorted = types::sort_values(interp, items, key.as_ref(), reverse)?;
    Ok(Value::list(sorted))
}

fn sum(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let start = kwarg("sum", kwargs, &["start"], "start")?.cloned();
    arity("sum", args, 1, 2)?;
    let start = args.get(1).cloned().or(start).unwrap_or(Value::Int(0));
    match &start {
        Value::Str(_) => return Err(type_error("sum() can't sum strings [use ''.join(seq) instead]")),
        Value::List(_) | Value::Tuple(_) => {}
        _ => {}
    }
    // A range of ints sums in closed form: the same number, without the loop.
    if let (Value::Range(r), Some(s)) = (&args[0], start.as_int()) {
        let n = r.len() as i64;
        if n == 0 {
            return Ok(start);
        }
        let first = Int::Small(r.start);
        let last = Int::Small(r.get(n as u64 - 1));
        let total = first.add(&last).mul(&Int::Small(n)).floordiv(&Int::Small(2))?;
        return Ok(Value::int(s.add(&total)));
    }
    prelude_call(interp, "_sum", &args[0], std::slice::from_ref(&start))?;
    let it = interp.get_iter(&args[0])?;
    let mut total = start;
    while let Some(v) = interp.next_of(&it)? {
        total = match (&total, &v) {
            (Value::Int(a), Value::Int(b)) if a.checked_add(*b).is_some() => Value::Int(a + b),
            _ => interp.binary_op(super::number::BinaryOp::Add, &total, &v)?,
        };
    }
    Ok(total)
}

fn min_max(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)], name: &str, want_max: bool) -> VmResult<Value> {
    let allowed = ["key", "default"];
    let key = kwarg(name, kwargs, &allowed, "key")?.cloned().filter(|k| !k.is_none());
    let default = kwarg(name, kwargs, &allowed, "default")?.cloned();
    if args.is_empty() {
        return Err(type_error(format!("{name} expected at least 1 argument, got 0")));
    }
    let items = if args.len() == 1 {
        interp.collect(&args[0])?
    } else {
        if default.is_some() {
            return Err(type_error(format!(
                "Cannot specify a default for {name}() with multiple positional arguments"
            )));
        }
        args.to_vec()
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => interp.call(f, std::slice::from_ref(&item), &[])?,
            None => item.clone(),
        };
        best = match best {
            None => Some((item, k)),
            Some((bv, bk)) => {
                let better = if want_max { interp.less_than(&bk, &k)? } else { interp.less_than(&k, &bk)? };
                if better {
                    Some((item, k))
                } else {
                    Some((bv, bk))
                }
            }
        };
    }
    match (best, default) {
        (Some((v, _)), _) => Ok(v),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(value_error(format!("{name}() arg is an empty sequence"))),
    }
}

fn min(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    min_max(interp, args, kwargs, "min", false)
}

fn max(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    min_max(interp, args, kwargs, "max", true)
}

fn any(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("any", kwargs)?;
    arity("any", args, 1, 1)?;
    prelude_call(interp, "_any", &args[0], &[])?;
    let it = interp.get_iter(&args[0])?;
    while let Some(v) = interp.next_of(&it)? {
        if interp.truthy(&v)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn all(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("all", kwargs)?;
    arity("all", args, 1, 1)?;
    prelude_call(interp, "_all", &args[0], &[])?;
    let it = interp.get_iter(&args[0])?;
    while let Some(v) = interp.next_of(&it)? {
        if !interp.truthy(&v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn abs(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("abs", kwargs)?;
    arity("abs", args, 1, 1)?;
    match super::vm::ops_number(&args[0]) {
        Some(n) => Ok(super::vm::from_number(n.abs())),
        None => match interp.dunder(&args[0], sym::__abs__) {
            Some(m) => interp.call(&m, &[], &[]),
            None => Err(type_error(format!("bad operand type for abs(): '{}'", interp.type_name(&args[0])))),
        },
    }
}

fn round(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let nd = kwarg("round", kwargs, &["ndigits", "number"], "ndigits")?.cloned();
    arity("round", args, 1, 2)?;
    let ndigits = args.get(1).cloned().or(nd).filter(|v| !v.is_none());
    let Some(n) = super::vm::ops_number(&args[0]) else {
        if let Some(m) = interp.dunder(&args[0], Sym::new("__round__")) {
            let extra: Vec<Value> = ndigits.into_iter().collect();
            return interp.call(&m, &extra, &[]);
        }
        return Err(type_error(format!("type {} doesn't define __round__ method", interp.type_name(&args[0]))));
    };
    match ndigits {
        None => Ok(Value::int(n.round()?)),
        Some(d) => {
            let Some(d) = d.as_int() else {
                return Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    interp.type_name(&d)
                )));
            };
            Ok(super::vm::from_number(n.round_to(&d)?))
        }
    }
}

fn divmod(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("divmod", kwargs)?;
    arity("divmod", args, 2, 2)?;
    match (super::vm::ops_number(&args[0]), super::vm::ops_number(&args[1])) {
        (Some(a), Some(b)) => {
            let (q, r) = a.divmod(&b)?;
            Ok(Value::tuple(vec![super::vm::from_number(q), super::vm::from_number(r)]))
        }
        _ => {
            // A class's `__divmod__`, then the right operand's `__rdivmod__` (timedelta's).
            if let Some(v) = interp.try_dunder(&args[0], Sym::new("__divmod__"), &args[1..2])? {
                return Ok(v);
            }
            if let Some(v) = interp.try_dunder(&args[1], Sym::new("__rdivmod__"), &args[0..1])? {
                return Ok(v);
            }
            Err(divmod_unsupported(interp, args))
        }
    }
}

fn divmod_unsupported(interp: &Interp, args: &[Value]) -> Unwind {
    type_error(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        interp.type_name(&args[0]),
        interp.type_name(&args[1])
    ))
}

fn pow(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("pow", kwargs)?;
    arity("pow", args, 2, 3)?;
    if let Some(m) = args.get(2).filter(|m| !m.is_none()) {
        let (Some(a), Some(b), Some(c)) =
            (super::vm::ops_number(&args[0]), super::vm::ops_number(&args[1]), super::vm::ops_number(m))
        else {
            return Err(type_error("unsupported operand type(s) for pow()"));
        };
        return match a.pow_mod(&b, &c)? {
            Some(n) => Ok(super::vm::from_number(n)),
            None => Err(type_error("pow() 3rd argument not allowed unless all arguments are integers")),
        };
    }
    interp.binary_op(super::number::BinaryOp::Pow, &args[0], &args[1])
}

fn hash(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("hash", kwargs)?;
    arity("hash", args, 1, 1)?;
    Ok(Value::Int(interp.hash(&args[0])?))
}

fn id(_: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("id", kwargs)?;
    arity("id", args, 1, 1)?;
    let a = args[0].address();
    Ok(Value::Int(if a == 0 { 9_000_000 + args[0].is_none() as i64 } else { a as i64 }))
}

fn radix(
    interp: &Interp,
    args: &[Value],
    kwargs: &[(Sym, Value)],
    name: &str,
    radix: u32,
    prefix: &str,
) -> VmResult<Value> {
    no_kwargs(name, kwargs)?;
    arity(name, args, 1, 1)?;
    let Some(i) = args[0].as_int() else {
        return Err(type_error(format!("'{}' object cannot be interpreted as an integer", interp.type_name(&args[0]))));
    };
    let sign = if i.is_negative() { "-" } else { "" };
    Ok(Value::string(format!("{sign}{prefix}{}", i.magnitude_radix(radix))))
}

fn hex(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    radix(interp, args, kwargs, "hex", 16, "0x")
}

fn oct(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    radix(interp, args, kwargs, "oct", 8, "0o")
}

fn bin(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    radix(interp, args, kwargs, "bin", 2, "0b")
}

fn chr(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("chr", kwargs)?;
    arity("chr", args, 1, 1)?;
    let i = int_arg(interp, &args[0])?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::string(c.to_string())),
        None if (0..0x110000).contains(&i) => {
            Err(error("NotImplementedError", "surrogate characters are not supported in this playground"))
        }
        None => Err(value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("ord", kwargs)?;
    arity("ord", args, 1, 1)?;
    match &args[0] {
        Value::Str(s) if s.len_chars() == 1 => Ok(Value::Int(s.as_str().chars().next().map_or(0, |c| c as i64))),
        Value::Str(s) => {
            Err(type_error(format!("ord() expected a character, but string of length {} found", s.len_chars())))
        }
        other => Err(type_error(format!("ord() expected string of length 1, but {} found", interp.type_name(other)))),
    }
}

fn callable(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("callable", kwargs)?;
    arity("callable", args, 1, 1)?;
    Ok(Value::Bool(match &args[0] {
        Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Class(_) => true,
        Value::Instance(i) => {
            i.class.lookup(sym::__call__).is_some() || {
                let _ = interp;
                false
            }
        }
        _ => false,
    }))
}

fn name_arg(interp: &Interp, v: &Value, f: &str) -> VmResult<Sym> {
    match v {
        Value::Str(s) => Ok(Sym::new(s.as_str())),
        other => Err(type_error(format!("{f}(): attribute name must be string, not '{}'", interp.type_name(other)))),
    }
}

fn getattr(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("getattr", kwargs)?;
    arity("getattr", args, 2, 3)?;
    let name = name_arg(interp, &args[1], "getattr")?;
    match args.get(2) {
        Some(default) => Ok(interp.getattr_opt(&args[0], name)?.unwrap_or_else(|| default.clone())),
        None => interp.getattr(&args[0], name),
    }
}

fn setattr(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("setattr", kwargs)?;
    arity("setattr", args, 3, 3)?;
    let name = name_arg(interp, &args[1], "setattr")?;
    interp.setattr(&args[0], name, args[2].clone())?;
    Ok(Value::None)
}

fn hasattr(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("hasattr", kwargs)?;
    arity("hasattr", args, 2, 2)?;
    let name = name_arg(interp, &args[1], "hasattr")?;
    Ok(Value::Bool(interp.getattr_opt(&args[0], name)?.is_some()))
}

fn delattr(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("delattr", kwargs)?;
    arity("delattr", args, 2, 2)?;
    let name = name_arg(interp, &args[1], "delattr")?;
    interp.delattr(&args[0], name)?;
    Ok(Value::None)
}

fn isinstance(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("isinstance", kwargs)?;
    arity("isinstance", args, 2, 2)?;
    Ok(Value::Bool(interp.isinstance(&args[0], &args[1])?))
}

fn issubclass(_interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("issubclass", kwargs)?;
    arity("issubclass", args, 2, 2)?;
    let Value::Class(c) = &args[0] else {
        return Err(type_error("issubclass() arg 1 must be a class"));
    };
    let check = |t: &Value| -> VmResult<bool> {
        match t {
            Value::Class(other) => Ok(c.is_subclass(other)),
            _ => Err(type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union")),
        }
    };
    Ok(Value::Bool(match &args[1] {
        Value::Tuple(t) => {
            let mut any = false;
            for x in t.0.iter() {
                any |= check(x)?;
            }
            any
        }
        other => check(other)?,
    }))
}

fn format(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("format", kwargs)?;
    arity("format", args, 1, 2)?;
    let spec = match args.get(1) {
        Some(v) => str_arg(interp, v, "format() argument 2")?.to_string(),
        None => String::new(),
    };
    Ok(Value::string(interp.format(&args[0], &spec)?))
}

fn vars(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("vars", kwargs)?;
    arity("vars", args, 1, 1)?;
    match interp.getattr_opt(&args[0], sym::__dict__)? {
        Some(d) => Ok(d),
        None => Err(type_error("vars() argument must have __dict__ attribute")),
    }
}

fn dir(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("dir", kwargs)?;
    arity("dir", args, 0, 1)?;
    let names = match args.first() {
        None => {
            let mut names: Vec<String> = interp.main.items().into_iter().map(|(k, _)| k.as_str().to_string()).collect();
            names.sort();
            names
        }
        Some(v) => dir_names(interp, v)?,
    };
    Ok(Value::list(names.into_iter().map(Value::string).collect()))
}

/// `dir(v)`: sorted attribute names.
pub fn dir_names(interp: &Interp, v: &Value) -> VmResult<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    match Some(v) {
        None => {}
        Some(Value::Module(m)) => {
            interp.load_pending(m)?;
            names.extend(m.items().into_iter().map(|(k, _)| k.as_str().to_string()))
        }
        Some(v) => {
            if let Value::Instance(i) = v {
                names.extend(i.attrs.borrow().iter().map(|(k, _)| k.as_str().to_string()));
            }
            let class = match v {
                Value::Class(c) => c.clone(),
                other => interp.type_of(other),
            };
            for c in class.mro_with_self() {
                names.extend(c.dict.borrow().iter().map(|(k, _)| k.as_str().to_string()));
            }
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}

fn globals(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    no_kwargs("globals", kwargs)?;
    arity("globals", args, 0, 0)?;
    let d = Value::dict(Default::default());
    for (k, v) in interp.main.items() {
        interp.dict_set(&d, Value::str(k.as_str()), v)?;
    }
    Ok(d)
}

fn locals(_: &Interp, _: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    Err(error("NotImplementedError", "locals() is not supported in this playground"))
}

fn input(_: &Interp, _: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    Err(error("NotImplementedError", "input() is not supported in this playground: a program here has no keyboard"))
}

/// `open(file, mode='r')`: a program here has no files, so reading one fails as for a file that
/// does not exist; writing one is not supported.
fn open(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let mode = args.get(1).or_else(|| kwargs.iter().find(|(k, _)| k.as_str() == "mode").map(|(_, v)| v));
    let reading = match mode {
        None => true,
        Some(Value::Str(m)) => !m.as_str().contains(['w', 'a', 'x', '+']),
        Some(_) => true,
    };
    let file = args.first().or_else(|| kwargs.iter().find(|(k, _)| k.as_str() == "file").map(|(_, v)| v));
    match file {
        Some(f @ (Value::Str(_) | Value::Int(_))) if reading => {
            let class = interp.exception_class("FileNotFoundError");
            let exc = interp.new_instance(&class, &[Value::Int(2), Value::str("No such file or directory"), f.clone()]);
            Err(Unwind::Raise(exc))
        }
        _ => Err(error(
            "NotImplementedError",
            "open() for writing is not supported in this playground: a program here has no files",
        )),
    }
}

fn unsupported_exec(_: &Interp, _: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    Err(error("NotImplementedError", "exec(), eval() and compile() are not supported in this playground"))
}

fn exit(interp: &Interp, args: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    Err(Unwind::Raise(interp.new_exception_args("SystemExit", args.to_vec())))
}

/// The error for a value that is not a number where one is needed.
pub fn number_of(interp: &Interp, v: &Value) -> VmResult<Number> {
    super::vm::ops_number(v).ok_or_else(|| type_error(format!("must be real number, not {}", interp.type_name(v))))
}

/// `Exception` values made from errors of the numbers library.
pub fn native_error(e: Exception) -> Unwind {
    Unwind::Native(e)
}
