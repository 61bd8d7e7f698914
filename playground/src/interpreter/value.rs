//! Python's values as the VM holds them. A [`Value`] is 16 bytes: the common scalars (`None`,
//! `bool`, a small `int`, `float`) live in it unboxed, everything else behind one `Rc`.
//!
//! Every object has a class ([`Class`]): the built-in types (`int`, `str`, `list`, ...) are
//! classes too, whose methods are native functions in their dictionaries, so a method call looks
//! a name up the same way on `"abc".upper` as on a user's `obj.method`.

use rustc_hash::FxHashMap as HashMap;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::bigint::BigInt;

use super::code::Code;
use super::dict::DictTable;
use super::int::Int;
use super::names::Sym;
use super::set_table::SetTable;
use super::vm::frame::Frame;
use super::vm::{Interp, VmResult};

/// A Python value.
#[derive(Clone, Default)]
#[repr(u64)]
pub enum Value {
    #[default]
    None,
    Bool(bool),
    Int(i64),
    /// An `int` outside `i64` (never one that fits).
    BigInt(Rc<BigInt>),
    Float(f64),
    Str(Rc<PyStr>),
    /// `bytes`: what sockets send and receive.
    Bytes(Rc<Vec<u8>>),
    List(Rc<PyList>),
    Tuple(Rc<PyTuple>),
    Dict(Rc<PyDict>),
    /// `set` and `frozenset`.
    Set(Rc<PySet>),
    Function(Rc<Function>),
    /// A function written in Rust (a built-in, or a method of a built-in type).
    Builtin(Rc<Builtin>),
    /// A function bound to the object it was looked up on.
    Method(Rc<Method>),
    Class(Rc<Class>),
    /// An object of a user's class, an exception, or an object of a native class (a future, a
    /// queue, ...).
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    /// A generator or a coroutine.
    Generator(Rc<Generator>),
    /// A native iterator (`list_iterator`, `enumerate`, `zip`, ...).
    Iter(Rc<PyIter>),
    Range(Rc<Range>),
    Slice(Rc<Slice>),
    /// A code object (a constant of the code that makes the function).
    Code(Rc<Code>),
    /// A closure cell, on the stack while a function is being made.
    Cell(Rc<CellObj>),
    Ellipsis,
    NotImplemented,
}

impl Value {
    /// `clone`, with the unboxed values copied inline: the evaluation loop's `LOAD_FAST` and
    /// `LOAD_CONST` clone a value each, and the derived `clone` stays an out-of-line call there.
    #[inline(always)]
    pub fn clone_inline(&self) -> Value {
        match self {
            Value::None => Value::None,
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(i) => Value::Int(*i),
            Value::Float(x) => Value::Float(*x),
            _ => self.clone(),
        }
    }

    /// Drops the value, with the unboxed ones (nothing to free) dropped inline: the derived
    /// drop is an out-of-line call in the evaluation loop, whatever the value.
    #[inline(always)]
    pub fn release(self) {
        match self {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => std::mem::forget(self),
            other => drop(other),
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::BigInt(b) => write!(f, "{b}"),
            Value::Float(x) => write!(f, "{}", super::float::repr(*x)),
            Value::Str(s) => write!(f, "{:?}", s.as_str()),
            other => write!(f, "<{}>", other.kind_name()),
        }
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::new(PyStr::new(s.to_string())))
    }

    pub fn string(s: String) -> Value {
        Value::Str(Rc::new(PyStr::new(s)))
    }

    pub fn bytes(b: Vec<u8>) -> Value {
        Value::Bytes(Rc::new(b))
    }

    pub fn int(i: Int) -> Value {
        match i {
            Int::Small(v) => Value::Int(v),
            Int::Big(b) => Value::BigInt(Rc::new(b)),
        }
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(PyList::new(items)))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(PyTuple(items.into_boxed_slice())))
    }

    pub fn empty_tuple() -> Value {
        Value::tuple(Vec::new())
    }

    pub fn dict(table: DictTable<Value, Value>) -> Value {
        Value::Dict(Rc::new(PyDict(RefCell::new(table))))
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The value as an [`Int`] if it is an `int` (or a `bool`, which is one).
    pub fn as_int(&self) -> Option<Int> {
        match self {
            Value::Int(i) => Some(Int::Small(*i)),
            Value::Bool(b) => Some(Int::Small(*b as i64)),
            Value::BigInt(b) => Some(Int::Big((**b).clone())),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// `x is y`.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Ellipsis, Value::Ellipsis) | (Value::NotImplemented, Value::NotImplemented) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            // CPython caches the small ints -5..=256; equal ints outside are usually distinct
            // objects, but compile-time constants are shared. Treat equal ints as identical.
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::BigInt(a), Value::BigInt(b)) => Rc::ptr_eq(a, b),
            (Value::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b) || (a.len_chars() <= 1 && a.as_str() == b.as_str()),
            // CPython keeps one empty bytes object and one per single byte.
            (Value::Bytes(a), Value::Bytes(b)) => Rc::ptr_eq(a, b) || (a.len() <= 1 && a == b),
            (Value::List(a), Value::List(b)) => Rc::ptr_eq(a, b),
            (Value::Tuple(a), Value::Tuple(b)) => Rc::ptr_eq(a, b) || (a.0.is_empty() && b.0.is_empty()),
            (Value::Dict(a), Value::Dict(b)) => Rc::ptr_eq(a, b),
            (Value::Set(a), Value::Set(b)) => Rc::ptr_eq(a, b),
            (Value::Function(a), Value::Function(b)) => Rc::ptr_eq(a, b),
            (Value::Builtin(a), Value::Builtin(b)) => Rc::ptr_eq(a, b),
            (Value::Method(a), Value::Method(b)) => Rc::ptr_eq(a, b),
            (Value::Class(a), Value::Class(b)) => Rc::ptr_eq(a, b),
            (Value::Instance(a), Value::Instance(b)) => Rc::ptr_eq(a, b),
            (Value::Module(a), Value::Module(b)) => Rc::ptr_eq(a, b),
            (Value::Generator(a), Value::Generator(b)) => Rc::ptr_eq(a, b),
            (Value::Iter(a), Value::Iter(b)) => Rc::ptr_eq(a, b),
            (Value::Range(a), Value::Range(b)) => Rc::ptr_eq(a, b),
            (Value::Slice(a), Value::Slice(b)) => Rc::ptr_eq(a, b),
            (Value::Code(a), Value::Code(b)) => Rc::ptr_eq(a, b),
            (Value::Cell(a), Value::Cell(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// A stable number for the object (its address), for `id()`, identity hashes and the
    /// `at 0x...` of reprs; 0 for unboxed values.
    pub fn address(&self) -> usize {
        fn addr<T>(rc: &Rc<T>) -> usize {
            Rc::as_ptr(rc) as *const u8 as usize
        }
        match self {
            Value::BigInt(r) => addr(r),
            Value::Str(r) => addr(r),
            Value::Bytes(r) => addr(r),
            Value::List(r) => addr(r),
            Value::Tuple(r) => addr(r),
            Value::Dict(r) => addr(r),
            Value::Set(r) => addr(r),
            Value::Function(r) => addr(r),
            Value::Builtin(r) => addr(r),
            Value::Method(r) => addr(r),
            Value::Class(r) => addr(r),
            Value::Instance(r) => addr(r),
            Value::Module(r) => addr(r),
            Value::Generator(r) => addr(r),
            Value::Iter(r) => addr(r),
            Value::Range(r) => addr(r),
            Value::Slice(r) => addr(r),
            Value::Code(r) => addr(r),
            Value::Cell(r) => addr(r),
            _ => 0,
        }
    }

    /// A short name of the Rust variant, for debugging output only.
    fn kind_name(&self) -> &'static str {
        match self {
            Value::None => "None",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::BigInt(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::Function(_) => "function",
            Value::Builtin(_) => "builtin",
            Value::Method(_) => "method",
            Value::Class(_) => "class",
            Value::Instance(_) => "instance",
            Value::Module(_) => "module",
            Value::Generator(_) => "generator",
            Value::Iter(_) => "iterator",
            Value::Range(_) => "range",
            Value::Slice(_) => "slice",
            Value::Code(_) => "code",
            Value::Cell(_) => "cell",
            Value::Ellipsis => "Ellipsis",
            Value::NotImplemented => "NotImplemented",
        }
    }
}

/// A `str`: UTF-8, with its length in code points (Python indexes by code point).
pub struct PyStr {
    s: String,
    chars: usize,
    hash: Cell<i64>,
}

impl PyStr {
    pub fn new(s: String) -> PyStr {
        let chars = if s.is_ascii() { s.len() } else { s.chars().count() };
        PyStr { s, chars, hash: Cell::new(0) }
    }

    pub fn as_str(&self) -> &str {
        &self.s
    }

    pub fn len_chars(&self) -> usize {
        self.chars
    }

    pub fn is_ascii(&self) -> bool {
        self.chars == self.s.len()
    }

    /// `hash(s)`: FNV-1a of the UTF-8 bytes (CPython's string hash is randomized per process,
    /// so no program can depend on its value).
    pub fn hash(&self) -> i64 {
        let cached = self.hash.get();
        if cached != 0 {
            return cached;
        }
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let h = match h as i64 {
            0 => 1,
            -1 => -2,
            h => h,
        };
        self.hash.set(h);
        h
    }
}

pub struct PyList(pub RefCell<Vec<Value>>);

impl PyList {
    pub fn new(items: Vec<Value>) -> PyList {
        PyList(RefCell::new(items))
    }
}

pub struct PyTuple(pub Box<[Value]>);

pub struct PyDict(pub RefCell<DictTable<Value, Value>>);

pub struct PySet {
    pub frozen: bool,
    pub table: RefCell<SetTable<Value>>,
}

/// A cell: a variable shared between a function and the functions nested in it.
#[derive(Default)]
pub struct CellObj(pub RefCell<Option<Value>>);

/// A function defined with `def` or `lambda`.
pub struct Function {
    pub code: Rc<Code>,
    pub globals: Rc<Module>,
    /// Defaults of the last positional parameters.
    pub defaults: Vec<Value>,
    pub kwdefaults: Vec<(Sym, Value)>,
    pub closure: Vec<Rc<CellObj>>,
    pub attrs: RefCell<Attrs>,
}

/// The arguments of a native function: positional ones (with `self` first for a method), then
/// keyword ones.
pub type NativeFn = fn(&super::vm::Interp, &[Value], &[(Sym, Value)]) -> super::vm::VmResult<Value>;

/// A function implemented in Rust.
pub struct Builtin {
    pub name: &'static str,
    /// The type it is a method of (`list` for `list.append`), for reprs and messages.
    pub owner: Option<&'static str>,
    pub f: NativeFn,
}

/// `obj.method`: a function with its first argument bound.
pub struct Method {
    pub func: Value,
    pub receiver: Value,
}

/// A small ordered map from names to values: instance and class dictionaries.
#[derive(Clone, Default)]
pub struct Attrs {
    entries: Vec<(Sym, Value)>,
    /// Built when the map grows past a few entries.
    index: Option<HashMap<Sym, usize>>,
}

const ATTRS_SCAN: usize = 12;

impl Attrs {
    pub fn new() -> Attrs {
        Attrs::default()
    }

    pub fn get(&self, name: Sym) -> Option<&Value> {
        match &self.index {
            Some(index) => index.get(&name).map(|&i| &self.entries[i].1),
            None => self.entries.iter().find(|(k, _)| *k == name).map(|(_, v)| v),
        }
    }

    pub fn set(&mut self, name: Sym, value: Value) {
        let pos = match &self.index {
            Some(index) => index.get(&name).copied(),
            None => self.entries.iter().position(|(k, _)| *k == name),
        };
        match pos {
            Some(i) => self.entries[i].1 = value,
            None => {
                self.entries.push((name, value));
                match &mut self.index {
                    Some(index) => {
                        index.insert(name, self.entries.len() - 1);
                    }
                    None if self.entries.len() > ATTRS_SCAN => self.reindex(),
                    None => {}
                }
            }
        }
    }

    pub fn remove(&mut self, name: Sym) -> Option<Value> {
        let pos = self.entries.iter().position(|(k, _)| *k == name)?;
        let (_, v) = self.entries.remove(pos);
        if self.index.is_some() {
            self.reindex();
        }
        Some(v)
    }

    fn reindex(&mut self) {
        self.index = Some(self.entries.iter().enumerate().map(|(i, (k, _))| (*k, i)).collect());
    }

    pub fn iter(&self) -> impl Iterator<Item = &(Sym, Value)> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index = None;
    }
}

/// What kind of native data the instances of a class carry, inherited by subclasses: a user's
/// `class Oops(ValueError)` makes exceptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A plain object: attributes only.
    Object,
    /// A built-in type whose values are not instances (`int`, `str`, `list`, ...): it cannot
    /// be subclassed here.
    Builtin,
    Exception,
    /// A native class of a module (`asyncio.Future`, `collections.deque`, ...).
    Native,
}

/// A class: a user's `class` statement or a built-in type.
pub struct Class {
    pub name: &'static str,
    pub qualname: Rc<str>,
    /// `__module__`: `builtins` for the built-in types (left out of reprs), `__main__`, `asyncio`.
    pub module: &'static str,
    pub bases: Vec<Rc<Class>>,
    /// The method resolution order after the class itself (C3), ending with `object`.
    pub mro: Vec<Rc<Class>>,
    pub dict: RefCell<Attrs>,
    pub layout: Layout,
    /// Which native type it is (or derives from), for the constructor and native methods.
    pub native: Option<NativeType>,
}

impl Class {
    /// Looks `name` up in the class and its bases, in MRO order.
    pub fn lookup(&self, name: Sym) -> Option<Value> {
        if let Some(v) = self.dict.borrow().get(name) {
            return Some(v.clone());
        }
        self.mro.iter().find_map(|c| c.dict.borrow().get(name).cloned())
    }

    /// The class that defines `name`, first in MRO order, and the value.
    pub fn lookup_with_owner(self: &Rc<Self>, name: Sym) -> Option<(Rc<Class>, Value)> {
        if let Some(v) = self.dict.borrow().get(name) {
            return Some((self.clone(), v.clone()));
        }
        self.mro.iter().find_map(|c| c.dict.borrow().get(name).map(|v| (c.clone(), v.clone())))
    }

    /// `issubclass(self, other)`.
    pub fn is_subclass(&self, other: &Class) -> bool {
        std::ptr::eq(self, other) || self.mro.iter().any(|c| std::ptr::eq(&**c, other))
    }

    /// Whether the class defines `name` in Python (so the VM must call it instead of the
    /// native behaviour of a built-in base): the first definition in MRO order is not native.
    pub fn overrides(&self, name: Sym) -> bool {
        match self.lookup(name) {
            Some(Value::Builtin(_)) | None => false,
            Some(_) => true,
        }
    }

    /// A class written in Python (a program's, or the Python part of a module), not a
    /// built-in type.
    pub fn is_user(&self) -> bool {
        self.layout != Layout::Builtin && self.module != "builtins" && self.native != Some(NativeType::BaseException)
            || self.module == "__main__"
    }

    /// The type's name in error messages (CPython's `tp_name`): a class written in Python has
    /// only its name there, but the classes of `datetime.py` stand for CPython's C types, whose
    /// name carries the module (`'datetime.datetime' and 'int'`).
    pub fn type_name(&self) -> &'static str {
        if self.module == "datetime" {
            super::names::intern_static(&format!("datetime.{}", self.name))
        } else {
            self.name
        }
    }

    /// The full MRO with the class first.
    pub fn mro_with_self(self: &Rc<Self>) -> Vec<Rc<Class>> {
        let mut all = vec![self.clone()];
        all.extend(self.mro.iter().cloned());
        all
    }
}

/// The native types whose instances carry Rust data, and the built-in types (for dispatch).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NativeType {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Function,
    BuiltinFunction,
    Method,
    Module,
    Generator,
    Coroutine,
    Iterator,
    Range,
    Slice,
    Code,
    Ellipsis,
    NotImplementedType,
    BaseException,
    Future,
    Task,
    Event,
    Lock,
    Condition,
    Semaphore,
    Queue,
    TaskGroup,
    Timeout,
    Partial,
    Deque,
    Loop,
    Handle,
    Stream,
    Random,
    Property,
    StaticMethod,
    ClassMethod,
}

/// An object of a class: its attributes and its native data.
pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<Attrs>,
    pub data: NativeData,
}

/// The Rust side of an instance of a native class.
pub enum NativeData {
    None,
    Exception(RefCell<ExceptionData>),
    /// Any other native object (a future, a queue, a dict view, ...).
    Native(Box<dyn NativeObject>),
}

/// A native object's state and the protocols it implements natively. Each method answers
/// `None` for "not implemented here"; the VM then tries the class's methods.
pub trait NativeObject: 'static {
    fn as_any(&self) -> &dyn std::any::Any;
    fn len(&self, _interp: &Interp) -> Option<usize> {
        None
    }
    fn repr(&self, _interp: &Interp, _this: &Value) -> Option<VmResult<String>> {
        None
    }
    fn iter(&self, _interp: &Interp, _this: &Value) -> Option<VmResult<Value>> {
        None
    }
    fn next(&self, _interp: &Interp, _this: &Value) -> Option<VmResult<Option<Value>>> {
        None
    }
    fn contains(&self, _interp: &Interp, _item: &Value) -> Option<VmResult<bool>> {
        None
    }
    fn getitem(&self, _interp: &Interp, _key: &Value) -> Option<VmResult<Value>> {
        None
    }
    fn setitem(&self, _interp: &Interp, _key: &Value, _value: &Value) -> Option<VmResult<()>> {
        None
    }
    fn call(
        &self,
        _interp: &Interp,
        _this: &Value,
        _args: &[Value],
        _kwargs: &[(Sym, Value)],
    ) -> Option<VmResult<super::vm::Invoked>> {
        None
    }
    /// What `await obj` drives.
    fn awaitable(&self, _interp: &Interp, _this: &Value) -> Option<VmResult<Value>> {
        None
    }
    /// The values its last field holds, taken out (`gather`'s 100,000 children): when a program
    /// exits and nothing else holds the object, they are freed a part at a time
    /// ([`super::program::Graveyard`]). Being the last field, they would be dropped last anyway.
    fn take_last_held(&self) -> Vec<Value> {
        Vec::new()
    }
}

/// `Debug` for a type whose contents are not worth printing: its name.
#[macro_export]
macro_rules! opaque_debug {
    ($($t:ty),* $(,)?) => {
        $(impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(stringify!($t))
            }
        })*
    };
}

/// Implements [`NativeObject::as_any`].
#[macro_export]
macro_rules! native_any {
    () => {
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    };
}

/// What an exception object holds besides its attributes.
#[derive(Clone, Default)]
pub struct ExceptionData {
    pub args: Vec<Value>,
    /// The frames it went through, innermost first: (code, line).
    /// Each frame it passed through: code, line, and the instruction (its index, for the
    /// position tracebacks point at).
    pub traceback: Vec<(Rc<Code>, u32, Option<u32>)>,
    pub cause: Option<Value>,
    pub context: Option<Value>,
    pub suppress_context: bool,
    /// The arguments of the native call that raised it (CPython's traceback keeps them
    /// alive with the frame of the call).
    pub held: Vec<Value>,
    /// `AttributeError.obj` and `.name`, for "Did you mean" suggestions.
    pub attr_obj: Option<Value>,
    pub attr_name: Option<Sym>,
}

impl Instance {
    pub fn exception(&self) -> Option<&RefCell<ExceptionData>> {
        match &self.data {
            NativeData::Exception(e) => Some(e),
            _ => None,
        }
    }

    pub fn native<T: 'static>(&self) -> Option<&T> {
        match &self.data {
            NativeData::Native(b) => b.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    pub fn native_object(&self) -> Option<&dyn NativeObject> {
        match &self.data {
            NativeData::Native(b) => Some(&**b),
            _ => None,
        }
    }
}

/// A module: its globals by slot. The compiler resolves each global name of the program to a
/// slot, so loading a global is an index, not a lookup.
pub struct Module {
    pub name: &'static str,
    pub globals: RefCell<Vec<Option<Value>>>,
    pub slots: RefCell<HashMap<Sym, usize>>,
    pub names: RefCell<Vec<Sym>>,
    /// A part of the module made on first need (see [`Module::set_pending`]).
    pending: std::cell::Cell<Option<ModulePart>>,
}

/// Makes part of a module's namespace (its Python part, say).
pub type ModulePart = fn(&super::vm::Interp, &Rc<Module>) -> super::vm::VmResult<()>;

impl Module {
    pub fn new(name: &str) -> Module {
        Module {
            name: super::names::intern_static(name),
            globals: RefCell::new(Vec::new()),
            slots: RefCell::new(HashMap::default()),
            names: RefCell::new(Vec::new()),
            pending: std::cell::Cell::new(None),
        }
    }

    /// Leaves `part` of the namespace to be made on first need: when a name is not found, when
    /// a name is set, when the names are listed ([`Interp::load_pending`](super::vm::Interp)).
    /// A program that never needs it never pays for it (asyncio's Python part: compiling it is
    /// most of a first run's start-up).
    pub fn set_pending(&self, part: ModulePart) {
        self.pending.set(Some(part));
    }

    /// The part still to be made, taken (it is made once).
    pub fn take_pending(&self) -> Option<ModulePart> {
        self.pending.take()
    }

    /// The slot of `name`, made on first use.
    pub fn slot(&self, name: Sym) -> usize {
        if let Some(&s) = self.slots.borrow().get(&name) {
            return s;
        }
        let s = self.names.borrow().len();
        self.names.borrow_mut().push(name);
        self.slots.borrow_mut().insert(name, s);
        self.globals.borrow_mut().push(None);
        s
    }

    pub fn get(&self, name: Sym) -> Option<Value> {
        let slot = *self.slots.borrow().get(&name)?;
        self.globals.borrow().get(slot).cloned().flatten()
    }

    pub fn set(&self, name: Sym, value: Value) {
        let slot = self.slot(name);
        self.globals.borrow_mut()[slot] = Some(value);
    }

    /// The names that have values, in slot order.
    pub fn items(&self) -> Vec<(Sym, Value)> {
        let names = self.names.borrow();
        let globals = self.globals.borrow();
        names.iter().zip(globals.iter()).filter_map(|(n, v)| v.clone().map(|v| (*n, v))).collect()
    }

    /// Drops every global (the end of a run), breaking the cycles through functions' globals.
    pub fn clear(&self) {
        let old = self.take_globals();
        drop(old);
    }

    /// Takes every global out, in slot order (for dropping them a part at a time).
    pub fn take_globals(&self) -> Vec<Value> {
        std::mem::take(&mut *self.globals.borrow_mut()).into_iter().flatten().collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenKind {
    Generator,
    Coroutine,
    /// `async def` with `yield`: driven by the awaitables of its `__anext__`, `asend`,
    /// `athrow` and `aclose` ([`AsyncGenStep`]).
    AsyncGenerator,
}

impl GenKind {
    /// The type's name: `generator`, `coroutine`, `async_generator`.
    pub fn noun(self) -> &'static str {
        match self {
            GenKind::Generator => "generator",
            GenKind::Coroutine => "coroutine",
            GenKind::AsyncGenerator => "async_generator",
        }
    }
}

/// `__anext__()`, `asend(v)`, `athrow(e)`, `aclose()` of an asynchronous generator: what
/// `await` drives. Its first resumption sends (or throws) what it was made with; after
/// that, what the loop sends in goes to the generator's own awaits.
pub struct AsyncGenStep {
    pub gen: Rc<Generator>,
    pub first: RefCell<Option<super::vm::Input>>,
    /// `aclose()`: `GeneratorExit` thrown in; the generator must end, not yield.
    pub close: bool,
}

impl std::fmt::Debug for AsyncGenStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AsyncGenStep")
    }
}

impl NativeObject for AsyncGenStep {
    native_any!();
    fn awaitable(&self, _interp: &super::vm::Interp, this: &Value) -> Option<super::vm::VmResult<Value>> {
        Some(Ok(this.clone()))
    }
}

/// Where a generator's frame is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenState {
    /// Made, never resumed (`GEN_CREATED`).
    Created,
    /// Suspended at a `yield`/`await` (`GEN_SUSPENDED`).
    Suspended,
    /// Its frame is on the VM's stack (`GEN_RUNNING`).
    Running,
    /// Returned or raised (`GEN_CLOSED`).
    Closed,
}

/// The body of a coroutine written in Rust (`asyncio.sleep`, `asyncio.wait`, ...): a future
/// polled by each `send`, which suspends the way the runtime's futures do (through the loop).
pub type NativeBody = std::pin::Pin<Box<dyn std::future::Future<Output = super::vm::VmResult<Value>>>>;

/// A generator or coroutine object: its frame while suspended.
pub struct Generator {
    pub kind: GenKind,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    /// The code of a Python generator or coroutine (none for a native coroutine).
    pub code: Option<Rc<Code>>,
    pub frame: RefCell<Option<Box<Frame>>>,
    pub native: RefCell<Option<NativeBody>>,
    pub state: Cell<GenState>,
    /// The frame's line when it last suspended (for reprs and task reports).
    pub line: Cell<u32>,
    /// A coroutine wrapped in a task or awaited: not "never awaited" when dropped unstarted.
    pub awaited: Cell<bool>,
}

impl Generator {
    pub fn first_line(&self) -> u32 {
        self.code.as_ref().map_or(0, |c| c.first_line)
    }
}

/// A native iterator.
pub struct PyIter {
    pub kind: RefCell<IterKind>,
}

pub enum IterKind {
    List {
        list: Rc<PyList>,
        index: usize,
    },
    ListReverse {
        list: Rc<PyList>,
        index: usize,
    },
    Tuple {
        tuple: Rc<PyTuple>,
        index: usize,
    },
    Str {
        s: Rc<PyStr>,
        byte: usize,
    },
    Range {
        next: i64,
        step: i64,
        left: u64,
    },
    /// Keys, values or items of a dict, by entry position; `len` catches changes in size.
    Dict {
        dict: Rc<PyDict>,
        pos: usize,
        len: usize,
        what: DictPart,
    },
    /// A snapshot of a set's elements (CPython raises if the set changes size; so do we).
    Set {
        set: Rc<PySet>,
        items: Vec<Value>,
        index: usize,
    },
    Values {
        items: Vec<Value>,
        index: usize,
        type_name: &'static str,
    },
    Enumerate {
        inner: Value,
        count: Int,
    },
    Zip {
        inners: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        inners: Vec<Value>,
    },
    Filter {
        func: Value,
        inner: Value,
    },
    /// `iter(callable, sentinel)`.
    Callable {
        func: Value,
        sentinel: Value,
    },
    /// `iter(obj)` of an object with only `__getitem__`.
    Sequence {
        obj: Value,
        index: i64,
    },
    Done {
        type_name: &'static str,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictPart {
    Keys,
    Values,
    Items,
}

impl IterKind {
    /// The iterator's type name, as `type(it).__name__` gives it.
    pub fn type_name(&self) -> &'static str {
        match self {
            IterKind::List { .. } => "list_iterator",
            IterKind::ListReverse { .. } => "list_reverseiterator",
            IterKind::Tuple { .. } => "tuple_iterator",
            IterKind::Str { s, .. } if s.is_ascii() => "str_ascii_iterator",
            IterKind::Str { .. } => "str_iterator",
            IterKind::Range { .. } => "range_iterator",
            IterKind::Dict { what: DictPart::Keys, .. } => "dict_keyiterator",
            IterKind::Dict { what: DictPart::Values, .. } => "dict_valueiterator",
            IterKind::Dict { what: DictPart::Items, .. } => "dict_itemiterator",
            IterKind::Set { .. } => "set_iterator",
            IterKind::Values { type_name, .. } => type_name,
            IterKind::Enumerate { .. } => "enumerate",
            IterKind::Zip { .. } => "zip",
            IterKind::Map { .. } => "map",
            IterKind::Filter { .. } => "filter",
            IterKind::Callable { .. } => "callable_iterator",
            IterKind::Sequence { .. } => "iterator",
            IterKind::Done { type_name } => type_name,
        }
    }
}

/// `range(start, stop, step)` on `i64`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl Range {
    pub fn len(&self) -> u64 {
        let (lo, hi, step) = if self.step > 0 {
            (self.start as i128, self.stop as i128, self.step as i128)
        } else {
            (self.stop as i128, self.start as i128, -(self.step as i128))
        };
        if lo >= hi {
            0
        } else {
            ((hi - lo - 1) / step + 1) as u64
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: u64) -> i64 {
        (self.start as i128 + i as i128 * self.step as i128) as i64
    }
}

/// `slice(start, stop, step)`.
pub struct Slice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

crate::opaque_debug!(
    PyStr,
    PyList,
    PyTuple,
    PyDict,
    PySet,
    CellObj,
    Function,
    Builtin,
    Method,
    Attrs,
    Class,
    Instance,
    NativeData,
    ExceptionData,
    Module,
    Generator,
    PyIter,
    IterKind,
    Slice
);
