//! A Python program as a run's top-level script: its source compiled, its module frame run on
//! a thread that [`crate::Run`] polls. The thread stops when the program calls
//! `loop.run_until_complete` (the run then runs the loop's iterations), when its slice of work
//! is used up (the run reports `Busy` and continues it), or in `time.sleep` (the run waits for
//! the virtual clock).

use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::value::Value;
use super::vm::{Blocker, Input, Interp, Outcome, Thread, Unwind};
use super::{compiler, ErrorKind, ParseError};
use crate::runtime::{EventLoop, Exception, PyResult};

/// The module's thread, as the run's script.
struct Script {
    interp: Rc<Interp>,
    thread: Thread,
    /// What the thread waits for: the loop to stop, or the clock.
    blocked: Option<Blocker>,
}

impl std::future::Future for Script {
    type Output = PyResult<()>;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<PyResult<()>> {
        let this = &mut *self;
        let interp = this.interp.clone();
        let input = match this.blocked.take() {
            Some(Blocker::RunLoop(finish)) => match finish(&interp) {
                Ok(v) => Input::Send(v),
                Err(e) => Input::Throw(e),
            },
            Some(Blocker::Sleep { .. }) => Input::Send(Value::None),
            Some(Blocker::Io { finish, .. }) => match super::vm::after_io(&interp, finish) {
                Ok(input) => input,
                Err(again) => return this.block(again),
            },
            None => Input::Start,
        };
        match interp.run(&mut this.thread, input) {
            Outcome::Return(_) => Poll::Ready(Ok(())),
            Outcome::Raise(exc) => Poll::Ready(Err(interp.to_runtime_exception(&exc))),
            Outcome::Yield(_) => Poll::Ready(Err(Exception::new("SystemError", "the module yielded"))),
            Outcome::Preempted => {
                interp.lp.request_preempt(None);
                Poll::Pending
            }
            Outcome::Blocked(b) => this.block(b),
        }
    }
}

impl Script {
    /// The thread waits: the run is told what for (the clock, a socket), except for the
    /// loop, which the run sees running.
    fn block(&mut self, b: Blocker) -> Poll<PyResult<()>> {
        match &b {
            Blocker::Sleep { until } => self.interp.lp.request_preempt(Some(*until)),
            Blocker::Io { wake, .. } => self.interp.lp.request_block(wake.clone()),
            Blocker::RunLoop(_) => {}
        }
        self.blocked = Some(b);
        Poll::Pending
    }
}

/// A program the compiler refused: its error, printed as CPython prints it.
fn refused(lp: &EventLoop, file_name: &str, error: ParseError) -> crate::run::Program {
    for line in error.render(file_name).lines() {
        lp.log(line);
    }
    let kind = super::names::intern_static(error.kind.name());
    let message = error.msg.clone();
    Box::pin(async move {
        Err(Exception { kind, message, payload: Some(crate::runtime::Payload(Rc::new(Printed))), has_arg: false })
    })
}

/// Marks an exception whose report was already printed.
pub struct Printed;

/// Compiles `source` and makes the script that runs it, with its interpreter.
pub fn start(lp: &EventLoop, file_name: &'static str, source: &str) -> (crate::run::Program, Option<Rc<Interp>>) {
    let module = match super::front_end(source) {
        Ok(m) => m,
        Err(e) => return (refused(lp, file_name, e), None),
    };
    let interp = Interp::new(lp.clone(), file_name, source);
    let code = match compiler::compile_module(&module.body, &interp.main, false) {
        Ok(c) => c,
        Err(e) => {
            let text = source.lines().nth((e.line as usize).wrapping_sub(1)).map(|l| format!("{l}\n"));
            let offset = text.as_ref().map_or(1, |t| (t.len() - t.trim_start().len()) as i32 + 1);
            let error = ParseError {
                kind: e.kind,
                msg: e.msg,
                lineno: e.line,
                offset,
                end_lineno: e.line,
                end_offset: Some(if e.kind == ErrorKind::SyntaxError { offset + 1 } else { -1 }),
                text,
                script_columns: None,
            };
            interp.dispose();
            return (refused(lp, file_name, error), None);
        }
    };
    // A program that uses asyncio gets it ready now, before its run (and its clock) starts:
    // `import asyncio` then only binds the name.
    if source.contains("asyncio") {
        let _ = interp.import(super::names::Sym::new("asyncio"));
    }
    let thread = interp.module_thread(code);
    let script = Script { interp: interp.clone(), thread, blocked: None };
    (Box::pin(script), Some(interp))
}

/// The run ends: the traceback of an uncaught exception, as CPython prints it.
pub fn report_exception(interp: &Interp, e: &Exception) {
    interp.flush();
    let exc = interp.from_runtime_exception(e);
    if interp.is_instance_of(&exc, "SystemExit") {
        // `sys.exit("message")` prints the message; a number or nothing prints nothing.
        if let Value::Instance(i) = &exc {
            if let Some(d) = i.exception() {
                if let Some(Value::Str(s)) = d.borrow().args.first() {
                    interp.lp.log(s.as_str());
                }
            }
        }
        return;
    }
    for line in interp.format_exception(&exc) {
        interp.lp.log(line);
    }
}

/// After the exit reports: the module's globals go, and the coroutines that were never
/// started among them warn (`sys:1: RuntimeWarning: ...`). The globals are handed back to be
/// freed a part at a time ([`Graveyard::free`]), then [`teardown_end`]; `None` when nothing is
/// left to do (the namespace outlives what can print: see `Run::report_at_exit`).
pub fn teardown(interp: &Interp, warned: &[String]) -> Option<Graveyard> {
    interp.flush();
    interp.stop_watching();
    if warned.iter().any(|w| w == "*") {
        let _ = super::modules::asyncio::take_unawaited();
        interp.dispose();
        return None;
    }
    for message in warned {
        interp.mark_warned(message.clone());
    }
    Some(Graveyard::new(interp.main.take_globals()))
}

/// The module's globals are gone: the coroutines dropped with them warn. What asyncio kept of
/// the program's futures and tasks (weak references, holding their memory) is handed back to
/// be freed a part at a time; then [`Interp::dispose`].
pub fn teardown_end(interp: &Interp) -> Graveyard {
    interp.report_unawaited(None);
    interp.flush();
    Graveyard { stack: Vec::new(), weak: super::modules::asyncio::take_registry(interp) }
}

/// Values to drop, a part at a time: a program that exits holding 100,000 coroutines and tasks
/// takes tens of milliseconds to free them, and the page paints between parts. A list, a tuple
/// or `gather`'s future that nothing else holds goes first (they are its last field, dropped
/// last anyway), then its items, from the last, as CPython's `list_dealloc` and
/// `tupledealloc` free them: what an object's drop does (a coroutine never awaited warns, a
/// task logs its exception never retrieved) happens in CPython's order.
#[derive(Default)]
pub struct Graveyard {
    /// What is left to drop, the next last.
    stack: Vec<Value>,
    /// Then these (whose order does not matter: dropping them frees memory, nothing more).
    weak: Vec<std::rc::Weak<super::value::Instance>>,
}

impl Graveyard {
    /// `values`, to be dropped first to last.
    pub fn new(values: Vec<Value>) -> Graveyard {
        let mut stack = values;
        stack.reverse();
        Graveyard { stack, weak: Vec::new() }
    }

    /// Drops up to `n` values (each item of a list counts, and the list once more); how many.
    pub fn free(&mut self, n: usize) -> usize {
        for done in 0..n {
            match self.stack.pop() {
                Some(value) => {
                    // The last item goes first.
                    self.stack.extend(last_held(value));
                }
                None => {
                    if self.weak.pop().is_none() {
                        return done;
                    }
                }
            }
        }
        n
    }

    pub fn is_empty(&self) -> bool {
        self.stack.is_empty() && self.weak.is_empty()
    }
}

/// Drops `value`, except what it holds last when nothing else holds it: that is returned.
fn last_held(value: Value) -> Vec<Value> {
    match value {
        Value::List(list) => Rc::try_unwrap(list).map(|l| l.0.into_inner()).unwrap_or_default(),
        Value::Tuple(tuple) => Rc::try_unwrap(tuple).map(|t| t.0.into_vec()).unwrap_or_default(),
        Value::Instance(instance) if Rc::strong_count(&instance) == 1 => match &instance.data {
            super::value::NativeData::Native(native) => native.take_last_held(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Keeps `Unwind` in this module's vocabulary.
#[allow(dead_code)]
fn _unwind(_: Unwind) {}

crate::opaque_debug!(Printed, Graveyard);
