//! Calling: binding arguments to parameters as CPython's `_PyEval_MakeFrameVector` does (with
//! its error messages), making functions and classes, and instantiating classes.

use std::cell::RefCell;
use std::rc::Rc;

use super::super::names::{sym, Sym};
use super::super::value::{
    Attrs, CellObj, Class, ExceptionData, Function, GenKind, GenState, Generator, Instance, Layout, NativeData,
    NativeType, Value,
};
use super::eval::Invoked;
use super::frame::{Frame, FrameKind};
use super::{error, type_error, Interp, Unwind, VmResult};

/// The data of a `super()` object.
pub struct SuperData {
    pub class: Rc<Class>,
    pub obj: Value,
}

impl super::super::value::NativeObject for SuperData {
    crate::native_any!();
    fn repr(&self, interp: &Interp, _this: &Value) -> Option<VmResult<String>> {
        Some(interp.repr(&self.obj).map(|r| format!("<super: <class '{}'>, <{} object>>", self.class.name, r)))
    }
}

/// "'a', 'b', and 'c'" as CPython lists missing arguments.
fn name_list(names: &[Sym]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Interp {
    /// Calls `callable` from native code, running Python code on a nested thread.
    pub fn call(&self, callable: &Value, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
        match self.invoke(callable, args, kwargs)? {
            Invoked::Value(v) => Ok(v),
            Invoked::Frame(frame) => self.run_nested(frame),
        }
    }

    /// Calls `callable`: native functions run now; a Python function gives its frame, for the
    /// caller to run.
    pub fn invoke(&self, callable: &Value, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Invoked> {
        match callable {
            Value::Function(f) => self.call_function(f, args, kwargs),
            Value::Builtin(b) => {
                if b.name == "__build_class__" && b.owner.is_none() {
                    return self.start_class_body(args, kwargs);
                }
                // A method of dict, list or tuple called on an instance of a subclass.
                let base_args = super::super::builtins::subclass::receiver(b.owner, args);
                match (b.f)(self, base_args.as_deref().unwrap_or(args), kwargs) {
                    Err(Unwind::TailCall(call)) => self.invoke(&call.0, &call.1, &[]),
                    other => other.map(Invoked::Value),
                }
            }
            Value::Method(m) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(m.receiver.clone());
                all.extend_from_slice(args);
                self.invoke(&m.func, &all, kwargs)
            }
            Value::Class(c) => self.instantiate(c, args, kwargs),
            Value::Instance(inst) => {
                if let Some(result) = inst.native_object().and_then(|n| n.call(self, callable, args, kwargs)) {
                    return result;
                }
                match inst.class.lookup(sym::__call__) {
                    Some(f) => {
                        let mut all = Vec::with_capacity(args.len() + 1);
                        all.push(callable.clone());
                        all.extend_from_slice(args);
                        self.invoke(&f, &all, kwargs)
                    }
                    None => Err(type_error(format!("'{}' object is not callable", inst.class.type_name()))),
                }
            }
            _ => Err(type_error(format!("'{}' object is not callable", self.type_name(callable)))),
        }
    }

    /// A call of a Python function: its frame, or (for a generator or coroutine function) the
    /// generator object holding its frame.
    pub fn call_function(&self, f: &Rc<Function>, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Invoked> {
        let frame = self.function_frame(f, args, kwargs)?;
        let code = &f.code;
        if code.is_generator || code.is_coroutine {
            let kind = match (code.is_coroutine, code.is_generator) {
                (true, true) => GenKind::AsyncGenerator,
                (true, false) => GenKind::Coroutine,
                _ => GenKind::Generator,
            };
            let gen = Generator {
                kind,
                name: code.name.clone(),
                qualname: code.qualname.clone(),
                code: Some(code.clone()),
                frame: RefCell::new(Some(frame)),
                native: RefCell::new(None),
                state: std::cell::Cell::new(GenState::Created),
                line: std::cell::Cell::new(code.first_line),
                awaited: std::cell::Cell::new(false),
            };
            let gen = Rc::new(gen);
            self.budget.set(self.budget.get() - super::NEW_GENERATOR_TICKS);
            if kind == GenKind::Coroutine {
                self.track_coroutine(&gen);
            } else {
                self.watch_created(&gen);
            }
            return Ok(Invoked::Value(Value::Generator(gen)));
        }
        Ok(Invoked::Frame(frame))
    }

    /// Binds `args` and `kwargs` to the parameters of `f` in a new frame.
    pub fn function_frame(&self, f: &Rc<Function>, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Box<Frame>> {
        let code = &f.code;
        let mut frame = self.new_frame(code.clone(), f.globals.clone());
        // The common call: exactly the positional parameters, nothing else to bind.
        if kwargs.is_empty()
            && args.len() == code.argcount as usize
            && code.kwonlyargcount == 0
            && !code.varargs
            && !code.varkeywords
            && code.cellvars.is_empty()
            && f.closure.is_empty()
        {
            for (slot, v) in frame.locals.iter_mut().zip(args) {
                *slot = Some(v.clone());
            }
            return Ok(frame);
        }
        let argcount = code.argcount as usize;
        let kwonly = code.kwonlyargcount as usize;
        let name = &code.qualname;
        let locals = &mut frame.locals;
        let npos = args.len().min(argcount);
        for (slot, v) in locals.iter_mut().zip(&args[..npos]) {
            *slot = Some(v.clone());
        }
        let mut next = argcount + kwonly;
        if code.varargs {
            let extra = if args.len() > argcount { args[argcount..].to_vec() } else { Vec::new() };
            locals[next] = Some(Value::tuple(extra));
            next += 1;
        } else if args.len() > argcount {
            let ndefaults = f.defaults.len();
            let given_kwonly =
                kwargs.iter().filter(|(k, _)| code.varnames[argcount..argcount + kwonly].contains(k)).count();
            let takes = if ndefaults > 0 {
                format!("from {} to {} positional arguments", argcount - ndefaults, argcount)
            } else {
                plural(argcount, "positional argument")
            };
            let given = if given_kwonly > 0 {
                format!(
                    "{} (and {}) were given",
                    plural(args.len(), "positional argument"),
                    plural(given_kwonly, "keyword-only argument")
                )
            } else if args.len() == 1 {
                "1 was given".to_string()
            } else {
                format!("{} were given", args.len())
            };
            return Err(type_error(format!("{name}() takes {takes} but {given}")));
        }
        let kwargs_dict = if code.varkeywords {
            let d = Value::dict(Default::default());
            locals[next] = Some(d.clone());
            Some(d)
        } else {
            None
        };
        let posonly = code.posonlyargcount as usize;
        let mut posonly_as_kw: Vec<Sym> = Vec::new();
        for (k, v) in kwargs {
            let slot = code.varnames[..argcount + kwonly].iter().position(|n| n == k);
            match slot {
                Some(i) if i >= posonly => {
                    if locals[i].is_some() {
                        return Err(type_error(format!("{name}() got multiple values for argument '{k}'")));
                    }
                    locals[i] = Some(v.clone());
                }
                other => match &kwargs_dict {
                    Some(d) => self.dict_set(d, Value::str(k.as_str()), v.clone())?,
                    None => {
                        if other.is_some() {
                            posonly_as_kw.push(*k);
                            continue;
                        }
                        return Err(type_error(format!("{name}() got an unexpected keyword argument '{k}'")));
                    }
                },
            }
        }
        if !posonly_as_kw.is_empty() {
            let names: Vec<String> = posonly_as_kw.iter().map(|n| format!("'{n}'")).collect();
            return Err(type_error(format!(
                "{name}() got some positional-only arguments passed as keyword arguments: {}",
                names.join(", ")
            )));
        }
        // Defaults for what is still missing.
        let ndefaults = f.defaults.len();
        let first_default = argcount - ndefaults.min(argcount);
        let mut missing: Vec<Sym> = Vec::new();
        for (i, slot) in locals.iter_mut().enumerate().take(argcount) {
            if slot.is_none() {
                if i >= first_default {
                    *slot = Some(f.defaults[i - first_default].clone());
                } else {
                    missing.push(code.varnames[i]);
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{name}() missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
        for (i, slot) in locals.iter_mut().enumerate().take(argcount + kwonly).skip(argcount) {
            if slot.is_none() {
                let pname = code.varnames[i];
                match f.kwdefaults.iter().find(|(k, _)| *k == pname) {
                    Some((_, v)) => *slot = Some(v.clone()),
                    None => missing.push(pname),
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{name}() missing {} required keyword-only argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
        // Cells: the code's own (a parameter's value moves into its cell), then the closure.
        if !code.cellvars.is_empty() || !f.closure.is_empty() {
            let mut cells: Vec<Rc<CellObj>> = Vec::with_capacity(code.cellvars.len() + f.closure.len());
            for ci in 0..code.cellvars.len() {
                let cell = CellObj::default();
                if let Some((_, pi)) = code.cell_params.iter().find(|(c, _)| *c as usize == ci) {
                    *cell.0.borrow_mut() = frame.locals[*pi as usize].take();
                }
                cells.push(Rc::new(cell));
            }
            cells.extend(f.closure.iter().cloned());
            frame.cells = cells;
        }
        Ok(frame)
    }

    /// `MAKE_FUNCTION`.
    pub fn make_function(
        &self,
        code: Value,
        defaults: Value,
        kwdefaults: Value,
        closure: Value,
        globals: Rc<super::super::value::Module>,
    ) -> VmResult<Value> {
        let Value::Code(code) = code else {
            return Err(error("SystemError", "MAKE_FUNCTION without a code object"));
        };
        let defaults = match defaults {
            Value::Tuple(t) => t.0.to_vec(),
            _ => Vec::new(),
        };
        let kwdefaults = match &kwdefaults {
            Value::Dict(d) => {
                d.0.borrow().iter().map(|e| (Sym::new(e.key.as_str().unwrap_or("")), e.value.clone())).collect()
            }
            _ => Vec::new(),
        };
        let closure = match closure {
            Value::Tuple(t) => {
                t.0.iter()
                    .filter_map(|c| match c {
                        Value::Cell(c) => Some(c.clone()),
                        _ => None,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(Value::Function(Rc::new(Function {
            code,
            globals,
            defaults,
            kwdefaults,
            closure,
            attrs: RefCell::new(Attrs::new()),
        })))
    }

    /// `**kwargs` of a call: a dict with string keys.
    pub fn kwargs_of(&self, v: &Value) -> VmResult<Vec<(Sym, Value)>> {
        match v {
            Value::None => Ok(Vec::new()),
            Value::Dict(d) => {
                d.0.borrow()
                    .iter()
                    .map(|e| match &e.key {
                        Value::Str(s) => Ok((Sym::new(s.as_str()), e.value.clone())),
                        _ => Err(type_error("keywords must be strings")),
                    })
                    .collect()
            }
            other => Err(type_error(format!("argument after ** must be a mapping, not {}", self.type_name(other)))),
        }
    }

    /// The built-in `__build_class__`, which the evaluation loop calls for a `class` statement.
    pub fn build_class_builtin(&self) -> Value {
        fn never(_: &Interp, _: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
            Err(error("SystemError", "__build_class__ is run by the evaluation loop"))
        }
        Value::Builtin(Rc::new(super::super::value::Builtin { name: "__build_class__", owner: None, f: never }))
    }

    /// `__build_class__(body, name, *bases, **keywords)`: the class body runs in a frame of its
    /// own, with a namespace for its names.
    fn start_class_body(&self, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Invoked> {
        let (Some(Value::Function(body)), Some(name)) = (args.first(), args.get(1)) else {
            return Err(type_error("__build_class__: not enough arguments"));
        };
        if let Some((k, _)) = kwargs.first() {
            return Err(error(
                "NotImplementedError",
                format!("class keyword arguments ('{k}=') are not supported in this playground"),
            ));
        }
        let code = &body.code;
        let mut frame = self.new_frame(code.clone(), body.globals.clone());
        frame.namespace = Some(Rc::new(RefCell::new(Attrs::new())));
        let mut cells: Vec<Rc<CellObj>> = (0..code.cellvars.len()).map(|_| Rc::new(CellObj::default())).collect();
        cells.extend(body.closure.iter().cloned());
        frame.cells = cells;
        frame.kind = FrameKind::ClassBody(Box::new(super::frame::ClassHeader {
            name: name.clone(),
            bases: args[2..].to_vec(),
            keywords: Vec::new(),
        }));
        Ok(Invoked::Frame(frame))
    }

    /// Makes the class once its body has run.
    pub fn build_class(
        &self,
        name: Value,
        bases: Vec<Value>,
        _keywords: Vec<(Sym, Value)>,
        namespace: Attrs,
        class_cell: Value,
    ) -> VmResult<Value> {
        let name = name.as_str().unwrap_or("?").to_string();
        let mut base_classes: Vec<Rc<Class>> = Vec::new();
        for b in &bases {
            match b {
                Value::Class(c) => {
                    if c.layout == Layout::Builtin && !super::super::builtins::subclass::subclassable(c) {
                        return Err(error(
                            "NotImplementedError",
                            format!("subclassing the built-in type '{}' is not supported in this playground", c.name),
                        ));
                    }
                    base_classes.push(c.clone());
                }
                other => return Err(type_error(format!("bases must be types, not {}", self.type_name(other)))),
            }
        }
        if base_classes.is_empty() {
            base_classes.push(self.types.object.clone());
        }
        let mut layout = Layout::Object;
        let mut native: Option<NativeType> = None;
        for b in &base_classes {
            // A subclass of dict, list or tuple: its instances carry the built-in value.
            let b_layout = if b.layout == Layout::Builtin { Layout::Native } else { b.layout };
            if b_layout != Layout::Object {
                if layout != Layout::Object && (layout != b_layout || native != b.native) {
                    return Err(type_error("multiple bases have instance lay-out conflict"));
                }
                layout = b_layout;
                native = b.native;
            }
        }
        let mro = super::linearize(&base_classes).map_err(type_error)?;
        let qualname: Rc<str> = namespace
            .get(sym::__qualname__)
            .and_then(|v| v.as_str().map(Rc::from))
            .unwrap_or_else(|| name.as_str().into());
        let module = namespace
            .get(sym::__module__)
            .and_then(|v| v.as_str().map(super::super::names::intern_static))
            .unwrap_or("__main__");
        let class = Rc::new(Class {
            name: super::super::names::intern_static(&name),
            qualname,
            module,
            bases: base_classes,
            mro,
            dict: RefCell::new(namespace),
            layout,
            native: if native.is_some() { native } else { Some(NativeType::Object) },
        });
        if let Value::Cell(cell) = class_cell {
            *cell.0.borrow_mut() = Some(Value::Class(class.clone()));
        }
        Ok(Value::Class(class))
    }

    /// `cls(*args, **kwargs)`: `__new__`, then `__init__`.
    pub fn instantiate(&self, class: &Rc<Class>, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Invoked> {
        if class.layout == Layout::Builtin {
            return match super::super::builtins::construct(self, class, args, kwargs) {
                Err(Unwind::TailCall(call)) => self.invoke(&call.0, &call.1, &[]),
                other => other.map(Invoked::Value),
            };
        }
        // `OSError(errno, strerror)` is the subclass its errno names (`FileNotFoundError` for
        // 2), as CPython's `OSError.__new__` makes it.
        let os_error_class;
        let class = match args.first() {
            Some(Value::Int(n)) if class.name == "OSError" && class.module == "builtins" && args.len() >= 2 => {
                match errno_class(*n) {
                    Some(name) => {
                        os_error_class = self.exception_class(name);
                        &os_error_class
                    }
                    None => class,
                }
            }
            _ => class,
        };
        // `__new__` is a static method whether or not it is wrapped in one (`type(name, bases,
        // {'__new__': staticmethod(f)})`, as namedtuple makes its classes).
        let new = class.lookup(sym::__new__).map(|new| match &new {
            Value::Instance(i) if i.class.name == "staticmethod" => {
                i.native::<super::WrapperData>().map_or(new.clone(), |w| w.func.clone())
            }
            _ => new,
        });
        let overrides_new = matches!(&new, Some(new) if !matches!(new, Value::Builtin(_)));
        let obj = match new {
            Some(new) if !matches!(new, Value::Builtin(_)) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(Value::Class(class.clone()));
                all.extend_from_slice(args);
                let obj = self.call(&new, &all, kwargs)?;
                // `__init__` runs only if `__new__` returned an instance of the class.
                match &obj {
                    Value::Instance(i) if i.class.is_subclass(class) => obj,
                    _ => return Ok(Invoked::Value(obj)),
                }
            }
            Some(Value::Builtin(b)) => (b.f)(self, &[&[Value::Class(class.clone())][..], args].concat(), kwargs)?,
            _ => self.new_instance(class, args),
        };
        match class.lookup_with_owner(sym::__init__).map(|(owner, init)| (Rc::ptr_eq(&owner, &self.types.object), init))
        {
            // `object.__init__` ignores the arguments of a class that overrides only `__new__`
            // (CPython's `object_init`), as `datetime.date(2024, 1, 1)` needs.
            Some((true, _)) if overrides_new => Ok(Invoked::Value(obj)),
            Some((_, Value::Function(f))) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(obj.clone());
                all.extend_from_slice(args);
                let mut frame = self.function_frame(&f, &all, kwargs)?;
                frame.kind = FrameKind::Init(obj);
                if f.code.is_generator || f.code.is_coroutine {
                    return Err(type_error("__init__() should return None, not 'generator'"));
                }
                Ok(Invoked::Frame(frame))
            }
            Some((_, init)) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(obj.clone());
                all.extend_from_slice(args);
                self.call(&init, &all, kwargs)?;
                Ok(Invoked::Value(obj))
            }
            None => {
                if !args.is_empty() || !kwargs.is_empty() {
                    return Err(type_error(format!("{}() takes no arguments", class.name)));
                }
                Ok(Invoked::Value(obj))
            }
        }
    }

    /// `object.__new__(cls)`: an instance with the native data its layout needs.
    pub fn new_instance(&self, class: &Rc<Class>, args: &[Value]) -> Value {
        let mut attrs = Attrs::new();
        let data = match class.layout {
            Layout::Exception => {
                let args = self.os_error_args(class, args, &mut attrs).unwrap_or_else(|| args.to_vec());
                NativeData::Exception(RefCell::new(ExceptionData { args, ..Default::default() }))
            }
            _ => NativeData::None,
        };
        Value::Instance(Rc::new(Instance { class: class.clone(), attrs: RefCell::new(attrs), data }))
    }

    /// An `OSError`'s `errno`, `strerror` and `filename`, from its 2 to 5 arguments (its
    /// `args` are then the first two); `None` for other exceptions.
    pub fn os_error_args(&self, class: &Rc<Class>, args: &[Value], attrs: &mut Attrs) -> Option<Vec<Value>> {
        if !class.mro_with_self().iter().any(|c| c.name == "OSError" && c.module == "builtins") {
            return None;
        }
        let two_to_five = (2..=5).contains(&args.len());
        let arg = |i: usize| if two_to_five { args.get(i).cloned().unwrap_or_default() } else { Value::None };
        attrs.set(Sym::new("errno"), arg(0));
        attrs.set(Sym::new("strerror"), arg(1));
        attrs.set(Sym::new("filename"), arg(2));
        attrs.set(Sym::new("filename2"), arg(4));
        Some(if args.len() > 2 && two_to_five { args[..2].to_vec() } else { args.to_vec() })
    }

    /// `super(class, obj)`.
    pub fn make_super(&self, class: Option<Value>, obj: Option<Value>) -> VmResult<Value> {
        let Some(Value::Class(class)) = class else {
            return Err(error("RuntimeError", "super(): __class__ cell not found"));
        };
        let Some(obj) = obj else {
            return Err(error("RuntimeError", "super(): no arguments"));
        };
        let Some(super_class) = self.native_class("super") else {
            return Err(error("SystemError", "super is not installed"));
        };
        Ok(Value::Instance(Rc::new(Instance {
            class: super_class,
            attrs: RefCell::new(Attrs::new()),
            data: NativeData::Native(Box::new(SuperData { class, obj })),
        })))
    }

    /// Coroutines never awaited are reported when they are dropped; the run keeps the ones it
    /// made so that it can report those still unstarted at exit.
    fn track_coroutine(&self, gen: &Rc<Generator>) {
        super::super::modules::asyncio::track_coroutine(self, gen);
    }
}

impl From<String> for Unwind {
    fn from(message: String) -> Unwind {
        type_error(message)
    }
}

/// The `OSError` subclass of an errno (Linux numbers, as CPython's `errno` module has them).
fn errno_class(n: i64) -> Option<&'static str> {
    Some(match n {
        1 | 13 => "PermissionError",
        2 => "FileNotFoundError",
        3 => "ProcessLookupError",
        4 => "InterruptedError",
        10 => "ChildProcessError",
        11 | 114 | 115 => "BlockingIOError",
        17 => "FileExistsError",
        20 => "NotADirectoryError",
        21 => "IsADirectoryError",
        32 | 108 => "BrokenPipeError",
        103 => "ConnectionAbortedError",
        104 => "ConnectionResetError",
        110 => "TimeoutError",
        111 => "ConnectionRefusedError",
        _ => return None,
    })
}
