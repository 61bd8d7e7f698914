//! Exceptions: CPython's built-in hierarchy as classes (a user's `class Oops(ValueError)` is
//! an exception class like any other), chaining (`__cause__`, `__context__`), and tracebacks
//! printed as `traceback.print_exception` prints them.

use std::rc::Rc;

use super::super::code::Code;
use super::super::names::Sym;
use super::super::value::{Class, ExceptionData, Instance, Layout, NativeData, NativeType, Value};
use super::frame::{Frame, Thread};
use super::{make_class, type_error, Interp, Unwind, VmResult};
use crate::runtime::{Exception, Payload};

/// The built-in exceptions: `(name, base)`, bases first. `asyncio`'s are added by its module.
const HIERARCHY: &[(&str, &str)] = &[
    ("BaseException", ""),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("Exception", "BaseException"),
    ("StopIteration", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("BaseExceptionGroup", "BaseException"),
    ("ExceptionGroup", "BaseExceptionGroup+Exception"),
];

pub fn install(interp: &Interp) {
    let mut classes = interp.exceptions.borrow_mut();
    for (name, base) in HIERARCHY {
        let bases: Vec<Rc<Class>> = if base.is_empty() {
            vec![interp.types.object.clone()]
        } else {
            base.split('+').filter_map(|b| classes.get(b).cloned()).collect()
        };
        let class = make_class(name, "builtins", bases, Layout::Exception, Some(NativeType::BaseException))
            .expect("the built-in exception hierarchy is consistent");
        classes.insert(class.name, class.clone());
        interp.builtins.set(Sym::new(name), Value::Class(class));
    }
    // `EnvironmentError` and `IOError` are `OSError`.
    if let Some(os) = classes.get("OSError").cloned() {
        interp.builtins.set(Sym::new("EnvironmentError"), Value::Class(os.clone()));
        interp.builtins.set(Sym::new("IOError"), Value::Class(os));
    }
}

/// Adds an exception class to the hierarchy (asyncio's): `module` is where CPython defines it.
pub fn add_exception(interp: &Interp, name: &str, module: &str, bases: &[&str]) -> Rc<Class> {
    let bases: Vec<Rc<Class>> = bases.iter().map(|b| interp.exception_class(b)).collect();
    let class = make_class(name, module, bases, Layout::Exception, Some(NativeType::BaseException))
        .expect("asyncio's exceptions derive from consistent bases");
    interp.exceptions.borrow_mut().insert(class.name, class.clone());
    class
}

impl Interp {
    /// A new exception object of the class named `kind`, with `message` as its one argument
    /// (none if empty).
    pub fn new_exception(&self, kind: &str, message: &str) -> Value {
        let args = if message.is_empty() { Vec::new() } else { vec![Value::str(message)] };
        self.new_exception_args(kind, args)
    }

    pub fn new_exception_args(&self, kind: &str, args: Vec<Value>) -> Value {
        let class = self.exception_class(kind);
        self.new_instance(&class, &args)
    }

    /// The exception object an [`Unwind`] stands for.
    pub fn exception_value(&self, e: Unwind) -> Value {
        match e {
            Unwind::Raise(v) => v,
            Unwind::Native(e) => self.from_runtime_exception(&e),
            Unwind::Block(_) => self.new_exception("RuntimeError", "cannot wait for the event loop here"),
            Unwind::TailCall(_) => self.new_exception("SystemError", "a tail call escaped its call"),
        }
    }

    /// A runtime exception as a Python object: the object it carries, or a new one.
    pub fn from_runtime_exception(&self, e: &Exception) -> Value {
        if let Some(Payload(p)) = &e.payload {
            if let Some(v) = p.downcast_ref::<Value>() {
                return v.clone();
            }
        }
        // Native code words a KeyError's message as its repr (`'pop from an empty set'`);
        // the exception's argument is the text inside.
        if e.kind == "KeyError" && e.message.len() >= 2 && e.message.starts_with('\'') && e.message.ends_with('\'') {
            return self.new_exception(e.kind, &e.message[1..e.message.len() - 1]);
        }
        if e.has_arg && e.message.is_empty() {
            return self.new_exception_args(e.kind, vec![Value::str("")]);
        }
        self.new_exception(e.kind, &e.message)
    }

    /// The message of a `CancelledError` made with one argument (`CancelledError('bye')`).
    pub fn cancel_message_of(&self, exc: &Value) -> Option<String> {
        let Value::Instance(i) = exc else { return None };
        let data = i.exception()?.borrow();
        match data.args.as_slice() {
            [arg] => self.str_of(arg).ok(),
            _ => None,
        }
    }

    /// A Python exception as the runtime carries it: its class name, its message, and itself.
    pub fn to_runtime_exception(&self, v: &Value) -> Exception {
        let kind = self.type_of(v).name;
        let message = self.exception_str(v).unwrap_or_default();
        let mut e = Exception::new(kind, message);
        e.payload = Some(Payload(Rc::new(v.clone())));
        e
    }

    /// What `raise x` raises: an instance as is, a class instantiated with no arguments.
    pub fn make_raisable(&self, v: Value) -> VmResult<Value> {
        match &v {
            Value::Instance(i) if i.exception().is_some() => Ok(v),
            Value::Class(c) if c.layout == Layout::Exception => {
                let obj = self.call(&v, &[], &[])?;
                match &obj {
                    Value::Instance(i) if i.exception().is_some() => Ok(obj),
                    other => Err(type_error(format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        self.repr(&v)?,
                        self.type_name(other)
                    ))),
                }
            }
            _ => Err(type_error("exceptions must derive from BaseException")),
        }
    }

    fn exc_data<'a>(&self, v: &'a Value) -> Option<&'a std::cell::RefCell<ExceptionData>> {
        match v {
            Value::Instance(i) => i.exception(),
            _ => None,
        }
    }

    /// `raise exc from cause`.
    pub fn set_cause(&self, exc: &Value, cause: Option<Value>) {
        if let Some(d) = self.exc_data(exc) {
            let mut d = d.borrow_mut();
            d.cause = cause;
            d.suppress_context = true;
        }
    }

    pub fn set_context(&self, exc: &Value, context: Option<Value>) {
        if let Some(d) = self.exc_data(exc) {
            d.borrow_mut().context = context;
        }
    }

    /// A new exception raised while another is handled gets it as its `__context__`.
    pub fn chain_context(&self, exc: &Value, thread: &Thread) {
        let Some(handled) = thread.iter().rev().find_map(|f| f.handled.clone()) else {
            return;
        };
        if handled.is(exc) {
            return;
        }
        // Break a cycle: `exc` must not be in `handled`'s context chain.
        let mut o = Some(handled.clone());
        let mut steps = 0;
        while let Some(cur) = o {
            let next = self.exc_data(&cur).and_then(|d| d.borrow().context.clone());
            if let Some(n) = &next {
                if n.is(exc) {
                    if let Some(d) = self.exc_data(&cur) {
                        d.borrow_mut().context = None;
                    }
                    break;
                }
            }
            o = next;
            steps += 1;
            if steps > 100 {
                break;
            }
        }
        self.set_context(exc, Some(handled));
    }

    /// The frame's current line joins the exception's traceback.
    pub fn add_traceback(&self, exc: &Value, frame: &Frame) {
        if let Some(d) = self.exc_data(exc) {
            let mut d = d.borrow_mut();
            if d.traceback.len() < 100_000 {
                d.traceback.push((frame.code.clone(), frame.line(), frame.ip.checked_sub(1).map(|i| i as u32)));
            }
        }
    }

    /// `except typ:` matches `exc`.
    pub fn exception_matches(&self, exc: &Value, typ: &Value) -> VmResult<bool> {
        match typ {
            Value::Class(c) if c.layout == Layout::Exception => Ok(self.type_of(exc).is_subclass(c)),
            Value::Tuple(t) => {
                for c in t.0.iter() {
                    if self.exception_matches(exc, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(type_error("catching classes that do not inherit from BaseException is not allowed")),
        }
    }

    /// `str(exc)`.
    pub fn exception_str(&self, v: &Value) -> VmResult<String> {
        let Value::Instance(i) = v else {
            return self.str_of(v);
        };
        if i.class.overrides(super::super::names::sym::__str__) {
            return self.str_of(v);
        }
        let args = match i.exception() {
            Some(d) => d.borrow().args.clone(),
            None => return self.repr(v),
        };
        let is_key_error = i.class.is_subclass(&self.exception_class("KeyError"));
        if let Some(s) = self.os_error_str(i)? {
            return Ok(s);
        }
        Ok(match args.len() {
            0 => String::new(),
            1 if is_key_error => self.repr(&args[0])?,
            1 => self.str_of(&args[0])?,
            _ if self.is_exception_group(v) => {
                let n = match args.get(1) {
                    Some(Value::List(l)) => l.0.borrow().len(),
                    Some(Value::Tuple(t)) => t.0.len(),
                    _ => 0,
                };
                format!("{} ({n} sub-exception{})", self.str_of(&args[0])?, if n == 1 { "" } else { "s" })
            }
            _ => self.repr(&Value::tuple(args))?,
        })
    }

    /// `str()` of an `OSError` with an errno: `[Errno 2] No such file or directory: 'x.txt'`.
    pub fn os_error_str(&self, i: &super::super::value::Instance) -> VmResult<Option<String>> {
        let attrs = i.attrs.borrow();
        let (Some(errno), Some(strerror)) = (attrs.get(Sym::new("errno")), attrs.get(Sym::new("strerror"))) else {
            return Ok(None);
        };
        if errno.is_none() && strerror.is_none() {
            return Ok(None);
        }
        let mut s = format!("[Errno {}] {}", self.str_of(errno)?, self.str_of(strerror)?);
        if let Some(f) = attrs.get(Sym::new("filename")).filter(|f| !f.is_none()) {
            s.push_str(": ");
            s.push_str(&self.repr(f)?);
            if let Some(f2) = attrs.get(Sym::new("filename2")).filter(|f| !f.is_none()) {
                s.push_str(" -> ");
                s.push_str(&self.repr(f2)?);
            }
        }
        Ok(Some(s))
    }

    /// `repr(exc)`: `ValueError('boom')`.
    pub fn exception_repr(&self, v: &Value) -> VmResult<String> {
        let Value::Instance(i) = v else {
            return self.repr(v);
        };
        let args = i.exception().map(|d| d.borrow().args.clone()).unwrap_or_default();
        Ok(match args.len() {
            1 => format!("{}({})", i.class.name, self.repr(&args[0])?),
            _ => format!("{}{}", i.class.name, self.repr(&Value::tuple(args))?),
        })
    }

    /// The last line of a traceback: `ValueError: boom`, or just `ValueError`.
    pub fn exception_line(&self, v: &Value) -> String {
        let class = self.type_of(v);
        let name = if class.module == "builtins" || class.module == "__main__" {
            class.qualname.to_string()
        } else {
            format!("{}.{}", class.module, class.qualname)
        };
        let line = match self.exception_str(v) {
            Ok(s) if s.is_empty() => name,
            Ok(s) => format!("{name}: {s}"),
            Err(_) => format!("{name}: <exception str() failed>"),
        };
        match self.suggestion(v) {
            Some(s) => format!("{line}. Did you mean: '{s}'?"),
            None => line,
        }
    }

    /// The traceback of `exc` as `traceback.print_exception` prints it, its causes and contexts
    /// first, one line per entry; exception groups with their sub-exceptions in CPython's boxes.
    pub fn format_exception(&self, exc: &Value) -> Vec<String> {
        let mut out = Vec::new();
        let mut ctx = PrintContext { depth: 0, need_close: false, seen: Vec::new() };
        self.format_chain(exc, &mut out, &mut ctx);
        out
    }

    /// `TracebackException.format`: the chain of causes and contexts, oldest first.
    fn format_chain(&self, exc: &Value, out: &mut Vec<String>, ctx: &mut PrintContext) {
        let mut chain: Vec<(Option<&str>, Value)> = Vec::new();
        let mut next = Some((None, exc.clone()));
        while let Some((msg, e)) = next.take() {
            ctx.seen.push(e.address());
            if chain.len() < 50 {
                if let Some(d) = self.exc_data(&e) {
                    let d = d.borrow();
                    if let Some(c) = d.cause.clone().filter(|c| !ctx.seen.contains(&c.address())) {
                        next = Some((Some("The above exception was the direct cause of the following exception:"), c));
                    } else if let Some(c) =
                        d.context.clone().filter(|c| !d.suppress_context && !ctx.seen.contains(&c.address()))
                    {
                        next = Some((Some("During handling of the above exception, another exception occurred:"), c));
                    }
                }
            }
            chain.push((msg, e));
        }
        // Each exception is followed by the message that links it to the one before it.
        let mut link: Option<&str> = None;
        for (msg, e) in chain.into_iter().rev() {
            if let Some(m) = link {
                ctx.emit(out, "", None);
                ctx.emit(out, m, None);
                ctx.emit(out, "", None);
            }
            link = msg;
            self.format_one(&e, out, ctx);
        }
    }

    fn format_one(&self, exc: &Value, out: &mut Vec<String>, ctx: &mut PrintContext) {
        let stack = self.stack_lines(exc);
        if !self.is_exception_group(exc) {
            if !stack.is_empty() {
                ctx.emit(out, "Traceback (most recent call last):", None);
                stack.iter().for_each(|l| ctx.emit(out, l, None));
            }
            self.exception_only(exc).iter().for_each(|l| ctx.emit(out, l, None));
            return;
        }
        if ctx.depth > MAX_GROUP_DEPTH {
            ctx.emit(out, &format!("... (max_group_depth is {MAX_GROUP_DEPTH})"), None);
            return;
        }
        let top = ctx.depth == 0;
        if top {
            ctx.depth += 1;
        }
        if !stack.is_empty() {
            ctx.emit(out, "Exception Group Traceback (most recent call last):", top.then_some('+'));
            stack.iter().for_each(|l| ctx.emit(out, l, None));
        }
        self.exception_only(exc).iter().for_each(|l| ctx.emit(out, l, None));
        let subs = self.exc_data(exc).map_or_else(Vec::new, |d| match d.borrow().args.get(1) {
            Some(Value::List(l)) => l.0.borrow().clone(),
            Some(Value::Tuple(t)) => t.0.to_vec(),
            _ => Vec::new(),
        });
        let n = subs.len().min(MAX_GROUP_WIDTH + 1);
        ctx.need_close = false;
        for i in 0..n {
            let last = i + 1 == n;
            if last {
                ctx.need_close = true;
            }
            let truncated = i >= MAX_GROUP_WIDTH;
            let title = if truncated { "...".to_string() } else { (i + 1).to_string() };
            let corner = if i == 0 { "+-" } else { "  " };
            out.push(format!("{}{corner}+---------------- {title} ----------------", ctx.indent()));
            ctx.depth += 1;
            if truncated {
                let remaining = subs.len() - MAX_GROUP_WIDTH;
                let plural = if remaining > 1 { "s" } else { "" };
                ctx.emit(out, &format!("and {remaining} more exception{plural}"), None);
            } else {
                self.format_chain(&subs[i], out, ctx);
            }
            if last && ctx.need_close {
                out.push(format!("{}+------------------------------------", ctx.indent()));
                ctx.need_close = false;
            }
            ctx.depth -= 1;
        }
        if top {
            ctx.depth = 0;
        }
    }

    /// `StackSummary.format`: each frame's file, line and function, its source line and the
    /// carets under it; runs of the same line are cut after three.
    fn stack_lines(&self, exc: &Value) -> Vec<String> {
        let entries: Vec<(Rc<Code>, u32, Option<u32>)> = self
            .exc_data(exc)
            .map(|d| d.borrow().traceback.iter().rev().filter(|(c, _, _)| !c.hidden).cloned().collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        let mut last: Option<(usize, u32)> = None;
        let mut repeats = 0usize;
        let flush = |out: &mut Vec<String>, repeats: usize| {
            if repeats > 3 {
                let n = repeats - 3;
                out.push(format!("  [Previous line repeated {n} more time{}]", if n == 1 { "" } else { "s" }));
            }
        };
        for (code, line, at) in &entries {
            let key = (Rc::as_ptr(code) as *const u8 as usize, *line);
            if last == Some(key) {
                repeats += 1;
                if repeats > 3 {
                    continue;
                }
            } else {
                flush(&mut out, repeats);
                last = Some(key);
                repeats = 1;
            }
            out.push(format!("  File \"{}\", line {}, in {}", self.file_name, line, code.name));
            if let Some(text) = self.lines.get((*line as usize).wrapping_sub(1)) {
                if !text.trim().is_empty() {
                    out.push(format!("    {}", text.trim()));
                    let position = at.and_then(|at| code.position_at(at as usize));
                    if let Some(carets) = position.and_then(|p| super::carets::caret_line(text, *line, p)) {
                        out.push(carets);
                    }
                }
            }
        }
        flush(&mut out, repeats);
        out
    }

    /// `format_exception_only`: the exception's line, then `add_note()`'s notes.
    fn exception_only(&self, exc: &Value) -> Vec<String> {
        let mut out = vec![self.exception_line(exc)];
        if let Value::Instance(i) = exc {
            if let Some(Value::List(notes)) = i.attrs.borrow().get(Sym::new("__notes__")) {
                for note in notes.0.borrow().iter() {
                    match note {
                        Value::Str(s) => out.extend(s.as_str().split('\n').map(String::from)),
                        other => out.push(self.str_of(other).unwrap_or_else(|_| "<note str() failed>".into())),
                    }
                }
            }
        }
        out
    }
}

/// `traceback`'s limits on printing exception groups.
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

/// `traceback._ExceptionPrintContext`: how deep in exception groups the printing is.
struct PrintContext {
    depth: usize,
    need_close: bool,
    seen: Vec<usize>,
}

impl PrintContext {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// A line with the margin of the group it is in (`|`, or `margin` for a group's header).
    fn emit(&self, out: &mut Vec<String>, line: &str, margin: Option<char>) {
        if self.depth == 0 {
            out.push(line.to_string());
        } else {
            out.push(format!("{}{} {line}", self.indent(), margin.unwrap_or('|')));
        }
    }
}

impl Instance {
    pub fn is_exception(&self) -> bool {
        matches!(self.data, NativeData::Exception(_))
    }
}
