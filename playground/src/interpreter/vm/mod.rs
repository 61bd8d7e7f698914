//! The VM: runs bytecode on explicit frames ([`frame::Thread`]), so that Python calls,
//! generators and coroutines never recurse on the Rust stack. A coroutine run by a task is a
//! thread that the task's poll resumes; when the thread's bottom frame yields, the run returns
//! to the task, exactly where CPython's `Task.__step` gets control back from `coro.send()`.
//!
//! Native code (built-ins written in Rust) that must call back into Python (a `key=` function,
//! a user's `__repr__`) runs a nested thread to completion: [`Interp::call`]. Those nest on the
//! Rust stack, so they are limited ([`MAX_NATIVE_NESTING`]) and never preempted.

mod call;
mod carets;
mod eval;
pub mod exceptions;
pub mod frame;
mod items;
mod object;
mod ops;
mod repr;
mod suggestions;
pub mod watch;

use rustc_hash::FxHashMap as HashMap;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::code::Code;
use super::names::Sym;
use super::value::{Attrs, Class, Layout, Module, NativeType, Value};
use crate::runtime::{EventLoop, Exception};
pub use eval::{GenResult, Input, Invoked, Outcome};
pub use frame::{Frame, FrameKind, Resumer, Thread};

/// How many finished frames the interpreter keeps for reuse.
const FRAME_POOL: usize = 64;

/// CPython's default recursion limit (`sys.getrecursionlimit()`).
pub const RECURSION_LIMIT: u32 = 1000;

/// How deeply native code may call back into Python (a `__repr__` calling `repr` of a list
/// holding objects with a `__repr__`, ...). Each level costs Rust stack: in the page the stack
/// is 1 MB, and this keeps far below it.
pub const MAX_NATIVE_NESTING: u32 = 120;

/// How much a run may do before it hands control back to its driver: counted in backward jumps
/// and calls, each at least a few instructions. About a millisecond of work natively.
pub const SLICE_BUDGET: i64 = 20_000;

/// What making a generator or coroutine object charges to the slice budget: a frame, the
/// object and its tracking are many times a backward jump's work, and a comprehension making
/// 100,000 coroutines must still hand control back every millisecond or so.
pub const NEW_GENERATOR_TICKS: i64 = 16;

/// The largest list, tuple, dict or set (in items) a program may build: past it, `MemoryError`
/// instead of exhausting the page's memory (16M items is 256 MB of values).
pub const MAX_ITEMS: usize = 1 << 24;

/// Why a run stopped before its end: an exception, or a native function asking the thread to
/// wait (`loop.run_until_complete`, `time.sleep`).
pub enum Unwind {
    /// A Python exception object.
    Raise(Value),
    /// An exception raised by native code, made into an object when it reaches Python.
    Native(Exception),
    /// The thread must wait: the call's result comes later.
    Block(Blocker),
    /// A native function hands its call over to a Python function (a built-in consuming a
    /// generator loops in Python, on the same thread, preemptible).
    TailCall(Box<(Value, Vec<Value>)>),
}

impl std::fmt::Debug for Unwind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unwind::Raise(_) => f.write_str("Unwind::Raise"),
            Unwind::Native(e) => write!(f, "Unwind::Native({e})"),
            Unwind::Block(_) => f.write_str("Unwind::Block"),
            Unwind::TailCall(_) => f.write_str("Unwind::TailCall"),
        }
    }
}

impl From<Exception> for Unwind {
    fn from(e: Exception) -> Unwind {
        Unwind::Native(e)
    }
}

pub type VmResult<T> = Result<T, Unwind>;

/// What gives `run_until_complete`'s result once the loop has stopped.
pub type LoopStopped = dyn FnOnce(&Interp) -> VmResult<Value>;

/// What a blocked thread waits for.
pub enum Blocker {
    /// `run_until_complete`/`run_forever`: the loop runs; when it has stopped, `finish` gives
    /// the call's result.
    RunLoop(Box<LoopStopped>),
    /// `time.sleep`: nothing runs until the virtual clock reaches `until`.
    Sleep { until: f64 },
    /// A blocking socket call or `select.select`: the process waits until `wake` is over;
    /// then `finish` gives the call's result, or blocks again.
    Io { wake: crate::runtime::network::Wakeup, finish: Box<IoFinished> },
}

/// What gives a blocking socket call's result once its wait is over.
pub type IoFinished = dyn FnOnce(&Interp) -> VmResult<Value>;

/// How a thread blocked in a socket call goes on: the call's result, its exception, or
/// another wait (the socket was ready for another process's call first).
pub fn after_io(interp: &Interp, finish: Box<IoFinished>) -> Result<Input, Blocker> {
    match finish(interp) {
        Ok(v) => Ok(Input::Send(v)),
        Err(Unwind::Block(b)) => Err(b),
        Err(e) => Ok(Input::Throw(e)),
    }
}

/// `TypeError(message)` as a native error.
pub fn type_error(message: impl Into<String>) -> Unwind {
    Unwind::Native(Exception::new("TypeError", message))
}

pub fn value_error(message: impl Into<String>) -> Unwind {
    Unwind::Native(Exception::new("ValueError", message))
}

pub fn error(kind: &'static str, message: impl Into<String>) -> Unwind {
    Unwind::Native(Exception::new(kind, message))
}

/// The built-in types, each a class.
pub struct Types {
    pub object: Rc<Class>,
    pub type_: Rc<Class>,
    pub none: Rc<Class>,
    pub bool_: Rc<Class>,
    pub int: Rc<Class>,
    pub float: Rc<Class>,
    pub str_: Rc<Class>,
    pub bytes: Rc<Class>,
    pub list: Rc<Class>,
    pub tuple: Rc<Class>,
    pub dict: Rc<Class>,
    pub set: Rc<Class>,
    pub frozenset: Rc<Class>,
    pub function: Rc<Class>,
    pub builtin_function: Rc<Class>,
    pub method: Rc<Class>,
    pub module: Rc<Class>,
    pub generator: Rc<Class>,
    pub coroutine: Rc<Class>,
    pub async_generator: Rc<Class>,
    pub range: Rc<Class>,
    pub slice: Rc<Class>,
    pub code: Rc<Class>,
    pub ellipsis: Rc<Class>,
    pub not_implemented: Rc<Class>,
    /// One class per native iterator type name (`list_iterator`, `enumerate`, ...).
    iterators: RefCell<HashMap<&'static str, Rc<Class>>>,
}

/// Makes a class with the given bases (C3 linearization of single inheritance chains and the
/// common diamond cases).
pub fn make_class(
    name: &str,
    module: &str,
    bases: Vec<Rc<Class>>,
    layout: Layout,
    native: Option<NativeType>,
) -> Result<Rc<Class>, String> {
    let mro = linearize(&bases)?;
    let name = super::names::intern_static(name);
    Ok(Rc::new(Class {
        name,
        qualname: name.into(),
        module: super::names::intern_static(module),
        bases,
        mro,
        dict: RefCell::new(Attrs::new()),
        layout,
        native,
    }))
}

/// C3: the MRO after the class itself.
fn linearize(bases: &[Rc<Class>]) -> Result<Vec<Rc<Class>>, String> {
    let mut seqs: Vec<Vec<Rc<Class>>> = bases.iter().map(|b| b.mro_with_self()).collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Rc<Class>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate =
            seqs.iter().map(|s| s[0].clone()).find(|c| !seqs.iter().any(|s| s[1..].iter().any(|x| Rc::ptr_eq(x, c))));
        let Some(c) = candidate else {
            let names: Vec<&str> = bases.iter().map(|b| b.name).collect();
            return Err(format!(
                "Cannot create a consistent method resolution order (MRO) for bases {}",
                names.join(", ")
            ));
        };
        for s in seqs.iter_mut() {
            if Rc::ptr_eq(&s[0], &c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

impl Types {
    fn new() -> Types {
        let object = make_class("object", "builtins", Vec::new(), Layout::Object, Some(NativeType::Object))
            .expect("object has no bases");
        let builtin = |name: &str, native: NativeType| {
            make_class(name, "builtins", vec![object.clone()], Layout::Builtin, Some(native))
                .expect("a built-in type derives from object only")
        };
        let int = builtin("int", NativeType::Int);
        let bool_ = make_class("bool", "builtins", vec![int.clone()], Layout::Builtin, Some(NativeType::Bool))
            .expect("bool derives from int");
        Types {
            type_: builtin("type", NativeType::Type),
            none: builtin("NoneType", NativeType::NoneType),
            bool_,
            int,
            float: builtin("float", NativeType::Float),
            str_: builtin("str", NativeType::Str),
            bytes: builtin("bytes", NativeType::Bytes),
            list: builtin("list", NativeType::List),
            tuple: builtin("tuple", NativeType::Tuple),
            dict: builtin("dict", NativeType::Dict),
            set: builtin("set", NativeType::Set),
            frozenset: builtin("frozenset", NativeType::FrozenSet),
            function: builtin("function", NativeType::Function),
            builtin_function: builtin("builtin_function_or_method", NativeType::BuiltinFunction),
            method: builtin("method", NativeType::Method),
            module: builtin("module", NativeType::Module),
            generator: builtin("generator", NativeType::Generator),
            coroutine: builtin("coroutine", NativeType::Coroutine),
            async_generator: builtin("async_generator", NativeType::Generator),
            range: builtin("range", NativeType::Range),
            slice: builtin("slice", NativeType::Slice),
            code: builtin("code", NativeType::Code),
            ellipsis: builtin("ellipsis", NativeType::Ellipsis),
            not_implemented: builtin("NotImplementedType", NativeType::NotImplementedType),
            iterators: RefCell::new(HashMap::default()),
            object,
        }
    }

    pub fn iterator(&self, name: &'static str) -> Rc<Class> {
        if let Some(c) = self.iterators.borrow().get(name) {
            return c.clone();
        }
        let c = make_class(name, "builtins", vec![self.object.clone()], Layout::Builtin, Some(NativeType::Iterator))
            .expect("an iterator type derives from object only");
        self.iterators.borrow_mut().insert(name, c.clone());
        c
    }
}

/// Where printed text goes: the loop's trace, one line per event, with a partial line kept
/// until its newline comes (`print(x, end="")`).
#[derive(Default)]
struct Output {
    stdout: String,
    stderr: String,
}

/// One interpreter: the built-in types and modules, the program's module, and the event loop
/// its asyncio runs on.
pub struct Interp {
    pub lp: EventLoop,
    pub file_name: &'static str,
    /// The program's source lines, for tracebacks.
    pub lines: Vec<String>,
    pub types: Types,
    /// Exception classes by name.
    pub exceptions: RefCell<HashMap<&'static str, Rc<Class>>>,
    pub builtins: Rc<Module>,
    pub main: Rc<Module>,
    /// Imported modules by name.
    pub modules: RefCell<HashMap<Sym, Value>>,
    /// Native classes of modules, by name (`Future`, `Task`, `Queue`, ...).
    pub native_classes: RefCell<HashMap<&'static str, Rc<Class>>>,
    /// Python frames on every thread (for `RecursionError`).
    pub depth: Cell<u32>,
    /// Native calls back into Python in progress.
    pub native_depth: Cell<u32>,
    /// Work left before the running thread yields to its driver.
    pub budget: Cell<i64>,
    output: RefCell<Output>,
    /// State the modules keep (random's generator, asyncio's task objects, ...).
    pub module_state: RefCell<HashMap<&'static str, Box<dyn std::any::Any>>>,
    /// The prelude's functions (built-ins written in Python), by name.
    pub prelude: RefCell<HashMap<Sym, Value>>,
    /// Warnings already shown, by text and line (Python shows each once per place).
    warned: RefCell<rustc_hash::FxHashSet<(String, u32)>>,
    self_ref: RefCell<std::rc::Weak<Interp>>,
    /// Frames done with, kept for the next calls (their vectors keep their capacity). Boxed:
    /// they move into threads and generators as boxes.
    #[allow(clippy::vec_box)]
    frame_pool: RefCell<Vec<Box<Frame>>>,
    /// Who watches the generators (the Step view), and whether anyone does now.
    watch: RefCell<Option<Rc<dyn watch::GeneratorWatch>>>,
    watching: Cell<bool>,
    /// The line of the last call from code that is not a generator, while watching.
    call_line: Cell<Option<u32>>,
    /// The asynchronous generators iterated so far (the loop's `_asyncgens`, which its
    /// `firstiter` hook fills): `asyncio.run` closes those left unfinished.
    pub asyncgens: RefCell<Vec<std::rc::Weak<super::value::Generator>>>,
}

impl std::fmt::Debug for Interp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interp").field("file_name", &self.file_name).finish_non_exhaustive()
    }
}

impl Interp {
    pub fn new(lp: EventLoop, file_name: &'static str, source: &str) -> Rc<Interp> {
        let types = Types::new();
        let interp = Rc::new(Interp {
            lp,
            file_name,
            lines: source.lines().map(String::from).collect(),
            types,
            exceptions: RefCell::new(HashMap::default()),
            builtins: Rc::new(Module::new("builtins")),
            main: Rc::new(Module::new("__main__")),
            modules: RefCell::new(HashMap::default()),
            native_classes: RefCell::new(HashMap::default()),
            depth: Cell::new(0),
            native_depth: Cell::new(0),
            budget: Cell::new(SLICE_BUDGET),
            output: RefCell::new(Output::default()),
            module_state: RefCell::new(HashMap::default()),
            prelude: RefCell::new(HashMap::default()),
            warned: RefCell::new(rustc_hash::FxHashSet::default()),
            self_ref: RefCell::new(std::rc::Weak::new()),
            frame_pool: RefCell::new(Vec::new()),
            watch: RefCell::new(None),
            watching: Cell::new(false),
            call_line: Cell::new(None),
            asyncgens: RefCell::new(Vec::new()),
        });
        *interp.self_ref.borrow_mut() = Rc::downgrade(&interp);
        // Coroutines and generators dropped by an earlier run are that run's business.
        super::modules::asyncio::forget_pending();
        exceptions::install(&interp);
        super::builtins::install(&interp);
        super::builtins::install_prelude(&interp);
        interp.main.set(Sym::new("__name__"), Value::str("__main__"));
        interp.main.set(Sym::new("__file__"), Value::str(file_name));
        interp
    }

    /// The interpreter as an `Rc`, for the tasks and callbacks that outlive a call.
    pub fn rc(&self) -> Rc<Interp> {
        self.self_ref.borrow().upgrade().expect("an interpreter is always made in an Rc by Interp::new")
    }

    /// Reports the coroutines dropped without ever being started, as CPython's warnings do:
    /// `file.py:LINE: RuntimeWarning: coroutine 'f' was never awaited`, the source line and
    /// the tracemalloc hint; `sys:1: ...` when no line runs (at exit). Each once per place.
    pub fn report_unawaited(&self, line: Option<u32>) {
        if !super::modules::asyncio::any_unawaited() {
            return;
        }
        let to_close = super::modules::asyncio::take_to_close();
        for gen in to_close {
            self.finalize_generator(Rc::new(gen));
        }
        for name in super::modules::asyncio::take_unawaited() {
            let message = format!("coroutine '{name}' was never awaited");
            let key = (message.clone(), line.unwrap_or(0));
            if !self.warned.borrow_mut().insert(key) {
                continue;
            }
            match line {
                Some(n) => {
                    self.write_stderr_line(&format!("{}:{n}: RuntimeWarning: {message}", self.file_name));
                    if let Some(text) = self.lines.get((n as usize).wrapping_sub(1)) {
                        self.write_stderr_line(&format!("  {}", text.trim()));
                    }
                    self.write_stderr_line("RuntimeWarning: Enable tracemalloc to get the object allocation traceback");
                }
                None => self.write_stderr_line(&format!("sys:1: RuntimeWarning: {message}")),
            }
        }
    }

    /// A suspended generator nobody holds any more is closed (`_PyGen_Finalize`): its
    /// `finally` blocks run; what it raises is "ignored", as CPython prints it.
    fn finalize_generator(&self, gen: Rc<super::value::Generator>) {
        if self.native_depth.get() >= MAX_NATIVE_NESTING {
            return;
        }
        let closed = super::builtins::close_generator(self, &gen);
        // Finalized once: if it is still suspended, it is dropped as it is.
        gen.awaited.set(false);
        if let Err(e) = closed {
            let exc = self.exception_value(e);
            let what = gen.kind.noun();
            self.write_stderr_line(&format!(
                "Exception ignored in: <{what} object {} at 0x{:x}>",
                gen.qualname,
                Rc::as_ptr(&gen) as usize
            ));
            for line in self.format_exception(&exc) {
                self.write_stderr_line(&line);
            }
        }
    }

    /// Marks an exit warning as shown (the runtime's report of never-started tasks).
    pub fn mark_warned(&self, message: String) {
        self.warned.borrow_mut().insert((message, 0));
    }

    fn write_stderr_line(&self, text: &str) {
        self.lp.log(text);
    }

    /// `type(v)`.
    pub fn type_of(&self, v: &Value) -> Rc<Class> {
        let t = &self.types;
        match v {
            Value::None => t.none.clone(),
            Value::Bool(_) => t.bool_.clone(),
            Value::Int(_) | Value::BigInt(_) => t.int.clone(),
            Value::Float(_) => t.float.clone(),
            Value::Str(_) => t.str_.clone(),
            Value::Bytes(_) => t.bytes.clone(),
            Value::List(_) => t.list.clone(),
            Value::Tuple(_) => t.tuple.clone(),
            Value::Dict(_) => t.dict.clone(),
            Value::Set(s) => {
                if s.frozen {
                    t.frozenset.clone()
                } else {
                    t.set.clone()
                }
            }
            Value::Function(_) => t.function.clone(),
            Value::Builtin(_) => t.builtin_function.clone(),
            Value::Method(m) => match m.func {
                Value::Builtin(_) => t.builtin_function.clone(),
                _ => t.method.clone(),
            },
            Value::Class(_) => t.type_.clone(),
            Value::Instance(i) => i.class.clone(),
            Value::Module(_) => t.module.clone(),
            Value::Generator(g) => match g.kind {
                super::value::GenKind::Generator => t.generator.clone(),
                super::value::GenKind::Coroutine => t.coroutine.clone(),
                super::value::GenKind::AsyncGenerator => t.async_generator.clone(),
            },
            Value::Iter(i) => t.iterator(i.kind.borrow().type_name()),
            Value::Range(_) => t.range.clone(),
            Value::Slice(_) => t.slice.clone(),
            Value::Code(_) | Value::Cell(_) => t.code.clone(),
            Value::Ellipsis => t.ellipsis.clone(),
            Value::NotImplemented => t.not_implemented.clone(),
        }
    }

    /// `type(v).__name__`.
    pub fn type_name(&self, v: &Value) -> &'static str {
        match v {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::BigInt(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Instance(i) => i.class.type_name(),
            _ => self.type_of(v).name,
        }
    }

    /// The exception class named `name` (`ValueError`, `CancelledError`, ...).
    pub fn exception_class(&self, name: &str) -> Rc<Class> {
        let classes = self.exceptions.borrow();
        match classes.get(name) {
            Some(c) => c.clone(),
            None => classes.get("Exception").cloned().expect("Exception is installed first"),
        }
    }

    /// A native class registered by a module.
    pub fn native_class(&self, name: &str) -> Option<Rc<Class>> {
        self.native_classes.borrow().get(name).cloned()
    }

    /// Writes `text` to stdout or stderr: complete lines go to the trace.
    pub fn write(&self, text: &str, stderr: bool) {
        let mut out = self.output.borrow_mut();
        let buffer = if stderr { &mut out.stderr } else { &mut out.stdout };
        buffer.push_str(text);
        if !buffer.contains('\n') {
            return;
        }
        let all = std::mem::take(buffer);
        let mut parts: Vec<&str> = all.split('\n').collect();
        let rest = parts.pop().unwrap_or("").to_string();
        drop(out);
        for line in parts {
            if stderr {
                self.lp.log(line);
            } else {
                self.lp.print(line);
            }
        }
        let mut out = self.output.borrow_mut();
        let buffer = if stderr { &mut out.stderr } else { &mut out.stdout };
        *buffer = rest;
    }

    /// The program exits: what is left of a partial line is printed.
    pub fn flush(&self) {
        let (stdout, stderr) = {
            let mut out = self.output.borrow_mut();
            (std::mem::take(&mut out.stdout), std::mem::take(&mut out.stderr))
        };
        if !stdout.is_empty() {
            self.lp.print(stdout);
        }
        if !stderr.is_empty() {
            self.lp.log(stderr);
        }
    }

    /// A frame for `code`, from the pool when there is one.
    pub fn new_frame(&self, code: Rc<Code>, globals: Rc<Module>) -> Box<Frame> {
        match self.frame_pool.borrow_mut().pop() {
            Some(mut f) => {
                f.reset(code, globals);
                f
            }
            None => Box::new(Frame::new(code, globals)),
        }
    }

    /// The frame of a plain call from the evaluation loop, or `None` when the call needs
    /// [`Interp::invoke`]: a Python function (not a generator or coroutine function, without
    /// cells) called with exactly its positional parameters, below the recursion limit. The
    /// callable is `stack[at]`, the arguments follow it; they move into the frame's locals
    /// and the stack is cut to `at` (the fast path of `function_frame`, without the clones).
    #[inline]
    pub fn plain_call_frame(&self, stack: &mut Vec<Value>, at: usize, nargs: usize) -> Option<Box<Frame>> {
        let Some(Value::Function(func)) = stack.get(at) else {
            return None;
        };
        let code = &func.code;
        let plain = stack.len() == at + 1 + nargs
            && nargs == code.argcount as usize
            && code.kwonlyargcount == 0
            && !code.varargs
            && !code.varkeywords
            && !code.is_generator
            && !code.is_coroutine
            && code.cellvars.is_empty()
            && func.closure.is_empty()
            && self.depth.get() < RECURSION_LIMIT;
        if !plain {
            return None;
        }
        // The callable leaves the stack first (None in its place, popped last): the frame is
        // made from its code and globals without cloning them when the pooled frame has them.
        let Value::Function(func) = std::mem::take(&mut stack[at]) else {
            return None;
        };
        let pooled = self.frame_pool.borrow_mut().pop();
        let mut frame = match pooled {
            Some(frame) => frame,
            None => Box::new(Frame::new(func.code.clone(), func.globals.clone())),
        };
        frame.start_with_args(&func.code, &func.globals, stack, at + 1);
        stack.pop();
        Some(frame)
    }

    /// A frame that has finished goes back to the pool.
    pub fn recycle(&self, mut frame: Box<Frame>) {
        let mut pool = self.frame_pool.borrow_mut();
        if pool.len() < FRAME_POOL {
            frame.clear();
            pool.push(frame);
        }
    }

    /// Makes `code` (a module's) into a frame on a new thread.
    pub fn module_thread(&self, code: Rc<Code>) -> Thread {
        let frame = Frame::new(code, self.main.clone());
        self.depth.set(self.depth.get() + 1);
        vec![Box::new(frame)]
    }

    /// Takes one unit of work from the slice; true when the slice is used up.
    #[inline]
    pub fn tick(&self) -> bool {
        let b = self.budget.get() - 1;
        self.budget.set(b);
        b <= 0
    }

    pub fn refill_budget(&self) {
        self.budget.set(SLICE_BUDGET);
    }

    /// A module's state, made on first use.
    pub fn state<T: 'static, R>(&self, key: &'static str, init: impl FnOnce() -> T, f: impl FnOnce(&mut T) -> R) -> R {
        let mut states = self.module_state.borrow_mut();
        if !states.get(key).is_some_and(|s| s.is::<T>()) {
            states.insert(key, Box::new(init()));
        }
        let state =
            states.get_mut(key).and_then(|s| s.downcast_mut::<T>()).expect("the state was just made with this type");
        f(state)
    }

    /// Breaks the reference cycles a run leaves (functions and their globals, classes and
    /// their methods): the end of a run.
    pub fn dispose(&self) {
        self.stop_watching();
        super::modules::asyncio::forget_pending();
        self.main.clear();
        self.modules.borrow_mut().clear();
        self.module_state.borrow_mut().clear();
        self.prelude.borrow_mut().clear();
        for class in self.native_classes.borrow().values() {
            class.dict.borrow_mut().clear();
        }
        self.builtins.clear();
        self.frame_pool.borrow_mut().clear();
        super::modules::asyncio::forget_pending();
    }
}

pub use items::{new_iter, slice_items};
pub use object::{PropertyData, WrapperData};
pub use ops::{as_index, check_len, from_number, number as ops_number};
pub use repr::address as address_of;

crate::opaque_debug!(Types, Blocker);
