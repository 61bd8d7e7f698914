//! `asyncio` on the runtime: a Python coroutine runs as a runtime [`Task`] whose body is a
//! thin adaptor ([`TaskBody`]). Each poll of the body sends into the coroutine (or throws
//! `CancelledError` in, when the runtime says so); when the coroutine chain yields a future,
//! the adaptor hands it to the task as the runtime's own awaitables do (through the loop's
//! `yielded`), and a bare yield is `Yielded::Bare`. So the scheduling is the runtime's, hop for
//! hop. `sleep`, `gather`, `wait` and `wait_for` are the runtime's too; what CPython writes in
//! Python (locks, queues, task groups, timeouts, `run`) is ported in `asyncio.py`.

use rustc_hash::FxHashMap as HashMap;
use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll};

use super::super::builtins::{arity, builtin, kwarg, method, native_class, native_instance};
use super::super::names::{intern_static, Sym};
use super::super::value::{Class, GenKind, GenState, Generator, Instance, NativeObject, Value};
use super::super::vm::exceptions::add_exception;
use super::super::vm::{
    after_io, error, type_error, value_error, Blocker, GenResult, Input, Interp, IoFinished, Outcome, Resumer, Thread,
    Unwind, VmResult,
};
use crate::native_any;
use crate::runtime::{
    create_task, AnyFuture, Callable, CallbackId, Coroutine, CoroutineInfo, EventLoop, Exception, Future, HandleRef,
    PyResult, PyValue, ReturnWhen, Steppable, Task, Yielded,
};
use crate::trace::{Awaited, CallbackName};

/// The results of Python coroutines, as the trace shows them.
impl PyValue for Value {
    fn repr(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => super::super::float::repr(*f),
            Value::Str(s) => super::super::text::repr(s.as_str()),
            Value::List(l) => {
                let items: Vec<String> = l.0.borrow().iter().map(PyValue::repr).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Tuple(t) => {
                let items: Vec<String> = t.0.iter().map(PyValue::repr).collect();
                if items.len() == 1 {
                    format!("({},)", items[0])
                } else {
                    format!("({})", items.join(", "))
                }
            }
            Value::Instance(i) => format!("<{} object>", i.class.name),
            other => format!("{other:?}"),
        }
    }
}

// ----- the Python objects -----

/// `asyncio.Future` (and the future `gather` returns).
pub struct FutureObj {
    pub fut: Future<Value>,
    pub callbacks: RefCell<Vec<(Value, CallbackId)>>,
    /// `gather`'s children, kept alive with it as CPython keeps them.
    pub children: RefCell<Vec<Value>>,
}

/// `asyncio.Task`.
pub struct TaskObj {
    pub task: Task<Value>,
    pub coro: Value,
    pub name: RefCell<Option<String>>,
    pub callbacks: RefCell<Vec<(Value, CallbackId)>>,
    /// `_num_cancels_requested`.
    pub cancels: Cell<u32>,
    /// `run_until_complete` waits for it (its repr shows the callback).
    pub stops_loop: Cell<bool>,
    interp: Weak<Interp>,
}

/// The event loop as a Python object. All of a run's loop objects share the run's one
/// runtime loop; each has its own `closed` flag.
pub struct LoopObj {
    pub closed: Cell<bool>,
}

/// `asyncio.Handle` / `asyncio.TimerHandle`.
pub struct HandleObj {
    pub handle: HandleRef,
    pub when: Option<f64>,
    pub text: String,
}

impl NativeObject for FutureObj {
    native_any!();
    fn awaitable(&self, _: &Interp, this: &Value) -> Option<VmResult<Value>> {
        Some(Ok(native_coroutine("__await__", future_await(self.fut.clone(), this.clone()))))
    }
    fn repr(&self, interp: &Interp, this: &Value) -> Option<VmResult<String>> {
        let name = match this {
            Value::Instance(i) => i.class.name,
            _ => "Future",
        };
        Some(future_repr(interp, name, &self.fut))
    }
    fn take_last_held(&self) -> Vec<Value> {
        std::mem::take(&mut *self.children.borrow_mut())
    }
}

impl NativeObject for TaskObj {
    native_any!();
    fn awaitable(&self, _: &Interp, this: &Value) -> Option<VmResult<Value>> {
        Some(Ok(native_coroutine("__await__", future_await(self.task.future(), this.clone()))))
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<VmResult<String>> {
        Some(Ok(task_repr(interp, self)))
    }
}

impl Drop for TaskObj {
    /// A task object freed with an exception nobody retrieved logs it then, as CPython's
    /// `Task.__del__` does.
    fn drop(&mut self) {
        let Some(interp) = self.interp.upgrade() else { return };
        if !self.task.done() {
            return;
        }
        let fut = self.task.future();
        if !fut.core().exception_unretrieved.get() {
            return;
        }
        let Some(Err(e)) = fut.result() else { return };
        let text = task_repr(&interp, self);
        interp.lp.log("Task exception was never retrieved");
        interp.lp.log(format!("future: {text}"));
        let exc = interp.from_runtime_exception(&e);
        for line in interp.format_exception(&exc) {
            interp.lp.log(line);
        }
        fut.core().exception_unretrieved.set(false);
    }
}

impl NativeObject for LoopObj {
    native_any!();
    fn repr(&self, interp: &Interp, _: &Value) -> Option<VmResult<String>> {
        let running = interp.lp.is_running() && !self.closed.get();
        Some(Ok(format!(
            "<_UnixSelectorEventLoop running={} closed={} debug=False>",
            py_bool(running),
            py_bool(self.closed.get())
        )))
    }
}

impl NativeObject for HandleObj {
    native_any!();
    fn repr(&self, _: &Interp, _: &Value) -> Option<VmResult<String>> {
        // `Handle._repr_info`: a cancelled handle no longer shows its callback.
        let (cancelled, text) = match self.handle.cancelled() {
            true => (" cancelled", String::new()),
            false => ("", format!(" {}", self.text)),
        };
        Some(Ok(match self.when {
            Some(w) => format!("<TimerHandle{cancelled} when={}{text}>", super::super::float::repr(w)),
            None => format!("<Handle{cancelled}{text}>"),
        }))
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// `await future`: a done future gives its result at once; a pending one is yielded to the
/// task (`Future.__await__`). The future's Python object lives as long as the await.
async fn future_await(fut: Future<Value>, holder: Value) -> VmResult<Value> {
    let result = fut.await.map_err(Unwind::Native);
    drop(holder);
    result
}

/// A coroutine object whose body is Rust.
pub fn native_coroutine(name: &str, body: impl std::future::Future<Output = VmResult<Value>> + 'static) -> Value {
    let name: Rc<str> = name.into();
    Value::Generator(Rc::new(Generator {
        kind: GenKind::Coroutine,
        name: name.clone(),
        qualname: name,
        code: None,
        frame: RefCell::new(None),
        native: RefCell::new(Some(Box::pin(body))),
        state: Cell::new(GenState::Created),
        line: Cell::new(0),
        awaited: Cell::new(false),
    }))
}

// ----- never-awaited coroutines -----

thread_local! {
    /// Coroutines dropped without ever starting, waiting to be reported with the line that
    /// dropped them.
    static UNAWAITED: RefCell<Vec<Rc<str>>> = const { RefCell::new(Vec::new()) };
    static ANY_UNAWAITED: Cell<bool> = const { Cell::new(false) };
}

thread_local! {
    /// Generators dropped while suspended: CPython's finalizer closes them (their `finally`
    /// blocks run), which the VM does at its next instruction boundary.
    static TO_CLOSE: RefCell<Vec<Generator>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Generator {
    fn drop(&mut self) {
        match self.state.get() {
            GenState::Created if self.kind == GenKind::Coroutine => {
                UNAWAITED.with(|u| u.borrow_mut().push(self.qualname.clone()));
                ANY_UNAWAITED.with(|a| a.set(true));
            }
            // An orphan being dropped unclosed (`awaited` false: it never ran here) just goes.
            GenState::Suspended if self.awaited.get() => {
                if let Some(frame) = self.frame.borrow_mut().take() {
                    let orphan = Generator {
                        kind: self.kind,
                        name: self.name.clone(),
                        qualname: self.qualname.clone(),
                        code: self.code.clone(),
                        frame: RefCell::new(Some(frame)),
                        native: RefCell::new(None),
                        state: Cell::new(GenState::Suspended),
                        line: Cell::new(self.line.get()),
                        awaited: Cell::new(false),
                    };
                    // During the thread's exit the queue is gone: the orphan is dropped.
                    let _ = TO_CLOSE.try_with(|t| {
                        if let Ok(mut t) = t.try_borrow_mut() {
                            t.push(orphan);
                        }
                    });
                    let _ = ANY_UNAWAITED.try_with(|a| a.set(true));
                }
            }
            _ => {}
        }
    }
}

/// Whether some coroutine was dropped unstarted, or some generator suspended, since the
/// last check.
#[inline]
pub fn any_unawaited() -> bool {
    ANY_UNAWAITED.with(|a| a.get())
}

pub fn take_unawaited() -> Vec<Rc<str>> {
    ANY_UNAWAITED.with(|a| a.set(false));
    UNAWAITED.with(|u| std::mem::take(&mut *u.borrow_mut()))
}

/// The suspended generators dropped since the last check, to close.
pub fn take_to_close() -> Vec<Generator> {
    TO_CLOSE
        .try_with(|t| t.try_borrow_mut().map(|mut t| std::mem::take(&mut *t)).unwrap_or_default())
        .unwrap_or_default()
}

/// Forgets what a finished run left to report or close (dropping the generators may leave
/// more: their frames hold others).
pub fn forget_pending() {
    let _ = take_unawaited();
    for _ in 0..1000 {
        if take_to_close().is_empty() {
            break;
        }
    }
    let _ = take_unawaited();
}

/// Records a new coroutine object (nothing to do: a coroutine reports itself when dropped).
pub fn track_coroutine(_interp: &Interp, _gen: &Rc<Generator>) {}

// ----- module state -----

#[derive(Default)]
struct State {
    /// Python objects of futures and tasks, by the runtime future's id.
    objects: HashMap<u32, Weak<Instance>>,
    /// The loop set with `set_event_loop` (or made by `get_event_loop`).
    current: Option<Value>,
    /// The loop object whose `run_*` is in progress.
    running: Option<Value>,
}

fn state<R>(interp: &Interp, f: impl FnOnce(&mut State) -> R) -> R {
    interp.state("asyncio", State::default, f)
}

/// Takes out what the interpreter keeps of its futures and tasks (at the program's exit).
pub fn take_registry(interp: &Interp) -> Vec<Weak<Instance>> {
    state(interp, |s| std::mem::take(&mut s.objects).into_values().collect())
}

fn register(interp: &Interp, id: u32, obj: &Value) {
    if let Value::Instance(i) = obj {
        state(interp, |s| s.objects.insert(id, Rc::downgrade(i)));
    }
}

fn class(interp: &Interp, name: &str) -> VmResult<Rc<Class>> {
    interp.native_class(name).ok_or_else(|| error("SystemError", format!("asyncio.{name} is not installed")))
}

/// The runtime future of a Python future or task.
pub fn future_of(v: &Value) -> Option<Future<Value>> {
    let Value::Instance(i) = v else { return None };
    if let Some(f) = i.native::<FutureObj>() {
        return Some(f.fut.clone());
    }
    i.native::<TaskObj>().map(|t| t.task.future())
}

/// The Python object of a runtime future (a new `Future` object if it has none).
#[allow(dead_code)]
fn object_of(interp: &Interp, fut: &Future<Value>) -> VmResult<Value> {
    let id = fut.id().0;
    if let Some(obj) = state(interp, |s| s.objects.get(&id).and_then(|w| w.upgrade())) {
        return Ok(Value::Instance(obj));
    }
    let obj = native_instance(
        &class(interp, "Future")?,
        FutureObj { fut: fut.clone(), callbacks: RefCell::new(Vec::new()), children: RefCell::default() },
    );
    register(interp, id, &obj);
    Ok(obj)
}

fn new_future(interp: &Interp) -> VmResult<Value> {
    let fut: Future<Value> = interp.lp.create_future();
    let obj = native_instance(
        &class(interp, "Future")?,
        FutureObj { fut: fut.clone(), callbacks: RefCell::new(Vec::new()), children: RefCell::default() },
    );
    register(interp, fut.id().0, &obj);
    Ok(obj)
}

// ----- tasks -----

/// What the runtime's exit report needs to know of a Python coroutine.
struct CoroInfo {
    interp: Weak<Interp>,
    coro: Weak<Generator>,
    first_line: u32,
    file_name: &'static str,
    /// The task's Python object: when nothing holds it any more, an exception the task ends
    /// with can never be retrieved.
    task_obj: RefCell<Weak<Instance>>,
    qualname: Rc<str>,
}

impl CoroutineInfo for CoroInfo {
    fn running_at(&self) -> String {
        let line = match self.coro.upgrade() {
            Some(g) if g.state.get() == GenState::Suspended || g.state.get() == GenState::Running => g.line.get(),
            _ => self.first_line,
        };
        format!("{}:{line}", self.file_name)
    }
    fn defined_at(&self) -> String {
        format!("{}:{}", self.file_name, self.first_line)
    }
    fn describe_waiter(&self, on: Awaited) -> String {
        match self.interp.upgrade() {
            Some(interp) => describe_waiter(&interp, on),
            None => "<Future pending cb=[Task.task_wakeup()]>".into(),
        }
    }
    fn ended_unobserved(&self, task: crate::trace::TaskId, e: &Exception) -> bool {
        if self.task_obj.borrow().upgrade().is_some() {
            return false;
        }
        let Some(interp) = self.interp.upgrade() else { return false };
        let (repr, traceback) = self.describe_exception(e);
        interp.lp.log("Task exception was never retrieved");
        interp.lp.log(format!(
            "future: <Task finished name='{task}' coro=<{}() done, defined at {}> exception={repr}>",
            self.qualname,
            self.defined_at()
        ));
        for line in traceback {
            interp.lp.log(line);
        }
        true
    }
    fn describe_exception(&self, e: &Exception) -> (String, Vec<String>) {
        match self.interp.upgrade() {
            Some(interp) => {
                let exc = interp.from_runtime_exception(e);
                (interp.exception_repr(&exc).unwrap_or_else(|_| e.repr()), interp.format_exception(&exc))
            }
            None => (e.repr(), Vec::new()),
        }
    }
}

/// The body of a task running a Python coroutine: each poll is one `coro.send()` (or
/// `coro.throw()`), as in `Task.__step`.
struct TaskBody {
    interp: Rc<Interp>,
    coro: Rc<Generator>,
    /// The coroutine's thread while it is preempted or blocked in `time.sleep`.
    thread: Option<Thread>,
    /// The thread waits in `time.sleep`: it resumes with the call's result.
    sleeping: bool,
    /// The thread waits in a blocking socket call (the whole loop waits with it).
    blocked: Option<Box<IoFinished>>,
    /// `Task got bad yield`, thrown in at the next step.
    throw_next: Option<Value>,
}

impl std::future::Future for TaskBody {
    type Output = PyResult<Value>;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<PyResult<Value>> {
        let this = &mut *self;
        let interp = this.interp.clone();
        let lp = interp.lp.clone();
        let cancel = lp.state.throw_cancel.take();
        let (outcome, thread) = match this.thread.take() {
            Some(mut thread) => {
                let input = if std::mem::take(&mut this.sleeping) {
                    Input::Send(Value::None)
                } else if let Some(finish) = this.blocked.take() {
                    match after_io(&interp, finish) {
                        Ok(input) => input,
                        Err(again) => {
                            this.thread = Some(thread);
                            return this.block(&lp, again);
                        }
                    }
                } else {
                    Input::Start
                };
                let o = interp.run(&mut thread, input);
                (o, Some(thread))
            }
            None => {
                let input = if let Some(exc) = this.throw_next.take() {
                    Input::Throw(Unwind::Raise(exc))
                } else if cancel {
                    Input::Throw(Unwind::Raise(interp.from_runtime_exception(&lp.state.thrown_cancel())))
                } else {
                    Input::Send(Value::None)
                };
                let mut thread: Thread = Vec::new();
                match interp.push_generator(&mut thread, &this.coro, input, Resumer::Base) {
                    Ok(None) => {
                        let o = interp.run(&mut thread, Input::Start);
                        (o, Some(thread))
                    }
                    Ok(Some(GenResult::Yielded(v))) => (Outcome::Yield(v), None),
                    Ok(Some(GenResult::Returned(v))) => (Outcome::Return(v), None),
                    Err(e) => (Outcome::Raise(interp.exception_value(e)), None),
                }
            }
        };
        match outcome {
            Outcome::Return(v) => Poll::Ready(Ok(v)),
            Outcome::Raise(exc) => Poll::Ready(Err(interp.to_runtime_exception(&exc))),
            Outcome::Yield(v) => {
                if lp.state.yielded.borrow().is_none() {
                    let yielded = match future_of(&v) {
                        Some(f) => Yielded::Future(f.as_any()),
                        None if v.is_none() => Yielded::Bare,
                        None => {
                            let text = interp.repr(&v).unwrap_or_default();
                            this.throw_next =
                                Some(interp.new_exception("RuntimeError", &format!("Task got bad yield: {text}")));
                            Yielded::Bare
                        }
                    };
                    *lp.state.yielded.borrow_mut() = Some(yielded);
                }
                Poll::Pending
            }
            Outcome::Preempted => {
                this.thread = thread;
                lp.request_preempt(None);
                Poll::Pending
            }
            Outcome::Blocked(b) => {
                this.thread = thread;
                this.block(&lp, b)
            }
        }
    }
}

impl TaskBody {
    /// The coroutine called `time.sleep` or a blocking socket call: the task, and the whole
    /// loop with it, waits (the step goes on first when the wait is over).
    fn block(&mut self, lp: &EventLoop, b: Blocker) -> Poll<PyResult<Value>> {
        match b {
            Blocker::Sleep { until } => {
                self.sleeping = true;
                lp.request_preempt(Some(until));
            }
            Blocker::Io { wake, finish } => {
                self.blocked = Some(finish);
                lp.request_block(wake);
            }
            Blocker::RunLoop(_) => {
                return Poll::Ready(Err(Exception::new("RuntimeError", "This event loop is already running")))
            }
        }
        Poll::Pending
    }
}

impl Drop for TaskBody {
    /// A task cancelled before it ever ran closes its coroutine: no "never awaited" warning.
    fn drop(&mut self) {
        if self.coro.state.get() == GenState::Created && self.interp.lp.is_running() {
            self.coro.state.set(GenState::Closed);
        }
    }
}

/// Wraps a Python coroutine in a task (`loop.create_task`).
pub fn new_task(interp: &Interp, coro: &Value, name: Option<String>) -> VmResult<Value> {
    let Value::Generator(gen) = coro else {
        return Err(type_error(format!("a coroutine was expected, got {}", interp.repr(coro)?)));
    };
    if gen.kind != GenKind::Coroutine {
        return Err(type_error(format!("a coroutine was expected, got {}", interp.repr(coro)?)));
    }
    if crate::runtime::current_loop().is_none() {
        return Err(error("RuntimeError", "no running event loop"));
    }
    if interp.lp.is_closed() {
        return Err(error("RuntimeError", "Event loop is closed"));
    }
    let rc = interp.rc();
    let info = Rc::new(CoroInfo {
        interp: Rc::downgrade(&rc),
        coro: Rc::downgrade(gen),
        first_line: gen.first_line(),
        file_name: interp.file_name,
        task_obj: RefCell::new(Weak::new()),
        qualname: gen.qualname.clone(),
    });
    let body = TaskBody {
        interp: rc.clone(),
        coro: gen.clone(),
        thread: None,
        sleeping: false,
        blocked: None,
        throw_next: None,
    };
    let task = create_task(Coroutine::with_info(intern_static(&gen.qualname), body, info.clone()));
    let obj = native_instance(
        &class(interp, "Task")?,
        TaskObj {
            task: task.clone(),
            coro: coro.clone(),
            name: RefCell::new(name),
            callbacks: RefCell::new(Vec::new()),
            cancels: Cell::new(0),
            stops_loop: Cell::new(false),
            interp: Rc::downgrade(&rc),
        },
    );
    register(interp, task.future().id().0, &obj);
    if let Value::Instance(i) = &obj {
        *info.task_obj.borrow_mut() = Rc::downgrade(i);
    }
    Ok(obj)
}

fn task_name(t: &TaskObj) -> String {
    t.name.borrow().clone().unwrap_or_else(|| t.task.id().to_string())
}

/// `<Task pending name='Task-1' coro=<main() running at x.py:5>>` and the others.
fn task_repr(interp: &Interp, t: &TaskObj) -> String {
    let name = task_name(t);
    let (qualname, first_line, line, started) = match &t.coro {
        Value::Generator(g) => {
            (g.qualname.to_string(), g.first_line(), g.line.get(), g.state.get() != GenState::Created)
        }
        _ => ("?".into(), 0, 0, false),
    };
    let file = interp.file_name;
    let fut = t.task.future();
    match fut.result() {
        None => {
            let line = if started { line } else { first_line };
            let mut s = format!("<Task pending name='{name}' coro=<{qualname}() running at {file}:{line}>");
            if let Some(on) = waiting_on(interp, &t.task) {
                s.push_str(&format!(" wait_for={on}"));
            }
            let mut callbacks: Vec<String> =
                t.callbacks.borrow().iter().map(|(f, _)| callback_source(interp, f)).collect();
            if t.stops_loop.get() {
                callbacks.insert(0, format!("_run_until_complete_cb() at {STDLIB}/asyncio/base_events.py:180"));
            }
            if !callbacks.is_empty() {
                s.push_str(&format!(" cb=[{}]", callbacks.join(", ")));
            }
            s.push('>');
            s
        }
        Some(result) => {
            let head = format!("name='{name}' coro=<{qualname}() done, defined at {file}:{first_line}>");
            match result {
                Ok(v) => format!("<Task finished {head} result={}>", interp.repr(&v).unwrap_or_default()),
                Err(e) if e.is_cancelled() => format!("<Task cancelled {head}>"),
                Err(e) => {
                    let exc = interp.from_runtime_exception(&e);
                    // Reading it for a repr does not count as retrieving it.
                    fut.core().exception_unretrieved.set(true);
                    format!("<Task finished {head} exception={}>", interp.exception_repr(&exc).unwrap_or_default())
                }
            }
        }
    }
}

/// What a pending task waits for, as `wait_for=` shows it.
fn waiting_on(interp: &Interp, task: &Task<Value>) -> Option<String> {
    let records = interp.lp.tasks();
    let record = records.iter().find(|r| r.id() == task.id())?;
    record.waiting_on().map(|on| describe_waiter(interp, on))
}

pub fn describe_waiter(interp: &Interp, on: Awaited) -> String {
    match on {
        Awaited::Gather(_) => "<_GatheringFuture pending cb=[Task.task_wakeup()]>".to_string(),
        Awaited::Task(id) => {
            let obj = state(interp, |s| {
                s.objects
                    .values()
                    .filter_map(|w| w.upgrade())
                    .find(|i| i.native::<TaskObj>().is_some_and(|t| t.task.id() == id))
            });
            match obj.as_ref().and_then(|i| i.native::<TaskObj>()) {
                Some(t) => {
                    let r = task_repr(interp, t);
                    format!("{} cb=[Task.task_wakeup()]>", r.trim_end_matches('>'))
                }
                None => format!("<Task pending name='{id}' cb=[Task.task_wakeup()]>"),
            }
        }
        _ => "<Future pending cb=[Task.task_wakeup()]>".to_string(),
    }
}

/// Where CPython's standard library is, as its reprs show it: conformance comparisons mask
/// the directory.
pub const STDLIB: &str = "/usr/lib/python3.11";

/// `f() at file.py:3` as CPython shows a done callback (`_format_callback_source`).
fn callback_source(interp: &Interp, f: &Value) -> String {
    match f {
        Value::Function(func) => format!("{}() at {}:{}", func.code.qualname, interp.file_name, func.code.first_line),
        Value::Method(m) => callback_source(interp, &m.func),
        other => format!("{}()", callable_name(interp, other)),
    }
}

fn future_repr(interp: &Interp, name: &str, fut: &Future<Value>) -> VmResult<String> {
    Ok(match fut.result() {
        None => format!("<{name} pending>"),
        Some(Ok(v)) => format!("<{name} finished result={}>", interp.repr(&v)?),
        Some(Err(e)) if e.is_cancelled() => format!("<{name} cancelled>"),
        Some(Err(e)) => {
            fut.core().exception_unretrieved.set(true);
            let exc = interp.from_runtime_exception(&e);
            format!("<{name} finished exception={}>", interp.exception_repr(&exc)?)
        }
    })
}

// ----- Python callbacks on the loop -----

/// A Python callback as a loop handle (`call_soon(f, *args)`, a done callback): it runs on
/// a thread of its own and may be preempted and continued like a task step.
struct PyCallback {
    interp: Weak<Interp>,
    func: Value,
    args: Vec<Value>,
    thread: RefCell<Option<Thread>>,
    sleeping: Cell<bool>,
    /// Waiting in a blocking socket call.
    blocked: RefCell<Option<Box<IoFinished>>>,
}

impl Steppable for PyCallback {
    fn step(self: Rc<Self>) {
        let Some(interp) = self.interp.upgrade() else { return };
        let saved = self.thread.borrow_mut().take();
        let outcome = match saved {
            Some(mut thread) => {
                let blocked = self.blocked.borrow_mut().take();
                let input = if self.sleeping.replace(false) {
                    Ok(Input::Send(Value::None))
                } else if let Some(finish) = blocked {
                    after_io(&interp, finish)
                } else {
                    Ok(Input::Start)
                };
                match input {
                    Ok(input) => {
                        let o = interp.run(&mut thread, input);
                        (o, Some(thread))
                    }
                    Err(again) => (Outcome::Blocked(again), Some(thread)),
                }
            }
            None => match interp.invoke(&self.func, &self.args, &[]) {
                Ok(super::super::vm::Invoked::Value(_)) => (Outcome::Return(Value::None), None),
                Ok(super::super::vm::Invoked::Frame(frame)) => {
                    interp.depth.set(interp.depth.get() + 1);
                    let mut thread: Thread = vec![frame];
                    let o = interp.run(&mut thread, Input::Start);
                    (o, Some(thread))
                }
                Err(e) => (Outcome::Raise(interp.exception_value(e)), None),
            },
        };
        let lp = interp.lp.clone();
        match outcome {
            (Outcome::Preempted, thread) => {
                *self.thread.borrow_mut() = thread;
                lp.request_preempt(None);
                lp.set_preempt_again(Callable::step(self.clone()));
            }
            (Outcome::Blocked(Blocker::Sleep { until }), thread) => {
                *self.thread.borrow_mut() = thread;
                self.sleeping.set(true);
                lp.request_preempt(Some(until));
                lp.set_preempt_again(Callable::step(self.clone()));
            }
            (Outcome::Blocked(Blocker::Io { wake, finish }), thread) => {
                *self.thread.borrow_mut() = thread;
                *self.blocked.borrow_mut() = Some(finish);
                lp.request_block(wake);
                lp.set_preempt_again(Callable::step(self.clone()));
            }
            (Outcome::Raise(exc), thread) => {
                if let Some(t) = thread {
                    interp.depth.set(interp.depth.get().saturating_sub(t.len() as u32));
                }
                if interp.is_instance_of(&exc, "SystemExit") || interp.is_instance_of(&exc, "KeyboardInterrupt") {
                    // CPython lets these out of the loop; here the run reports them.
                }
                let text = callback_text(&interp, &self.func, &self.args);
                lp.log(format!("Exception in callback {text}"));
                lp.log(format!("handle: <Handle {text}>"));
                for line in interp.format_exception(&exc) {
                    lp.log(line);
                }
            }
            (Outcome::Blocked(Blocker::RunLoop(_)), _) => {
                lp.log("Exception in callback: RuntimeError: This event loop is already running");
            }
            _ => {}
        }
    }
}

/// `f(1, 2)` as CPython shows a handle's callback.
fn callback_text(interp: &Interp, func: &Value, args: &[Value]) -> String {
    let name = callable_name(interp, func);
    let args: Vec<String> = args.iter().map(|a| interp.repr(a).unwrap_or_default()).collect();
    match func {
        // `_format_callback_source`: where a Python function was defined.
        Value::Function(f) => format!("{name}({}) at {}:{}", args.join(", "), interp.file_name, f.code.first_line),
        _ => format!("{name}({})", args.join(", ")),
    }
}

fn callable_name(interp: &Interp, func: &Value) -> String {
    match func {
        Value::Function(f) => f.code.qualname.to_string(),
        Value::Builtin(b) => b.name.to_string(),
        Value::Method(m) => callable_name(interp, &m.func),
        other => interp.repr(other).unwrap_or_default(),
    }
}

fn schedule(interp: &Interp, when: Option<f64>, func: Value, args: Vec<Value>) -> VmResult<Value> {
    let text = callback_text(interp, &func, &args);
    let name = CallbackName::Named(intern_static(&callable_name(interp, &func)));
    let cb = Rc::new(PyCallback {
        interp: Rc::downgrade(&interp.rc()),
        func,
        args,
        thread: RefCell::new(None),
        sleeping: Cell::new(false),
        blocked: RefCell::new(None),
    });
    let handle = match when {
        Some(t) => interp.lp.call_at_callable(t, name, Callable::step(cb)),
        None => interp.lp.call_soon_callable(name, Callable::step(cb)),
    };
    let class_name = if when.is_some() { "TimerHandle" } else { "Handle" };
    Ok(native_instance(&class(interp, class_name)?, HandleObj { handle, when, text }))
}

fn add_done_callback(interp: &Interp, this: &Value, fut: &Future<Value>, func: Value) -> VmResult<CallbackId> {
    let name = CallbackName::Named(intern_static(&callable_name(interp, &func)));
    let cb = Rc::new(PyCallback {
        interp: Rc::downgrade(&interp.rc()),
        func,
        args: vec![this.clone()],
        thread: RefCell::new(None),
        sleeping: Cell::new(false),
        blocked: RefCell::new(None),
    });
    Ok(fut.add_done_callback(name, Callable::step(cb)))
}

// ----- installation -----

fn this_loop(a: &[Value]) -> VmResult<&LoopObj> {
    match a.first() {
        Some(Value::Instance(i)) => i.native::<LoopObj>().ok_or_else(|| type_error("expected an event loop")),
        _ => Err(type_error("expected an event loop")),
    }
}

fn this_future(a: &[Value]) -> VmResult<Future<Value>> {
    a.first().and_then(future_of).ok_or_else(|| type_error("expected a Future"))
}

fn callbacks_of(v: &Value) -> Option<&RefCell<Vec<(Value, CallbackId)>>> {
    let Value::Instance(i) = v else { return None };
    if let Some(f) = i.native::<FutureObj>() {
        return Some(&f.callbacks);
    }
    i.native::<TaskObj>().map(|t| &t.callbacks)
}

fn new_loop_object(interp: &Interp) -> VmResult<Value> {
    Ok(native_instance(&class(interp, "_UnixSelectorEventLoop")?, LoopObj { closed: Cell::new(false) }))
}

/// `asyncio.get_event_loop()`.
fn current_loop(interp: &Interp) -> VmResult<Value> {
    if let Some(l) = state(interp, |s| s.current.clone()) {
        return Ok(l);
    }
    let l = new_loop_object(interp)?;
    state(interp, |s| s.current = Some(l.clone()));
    Ok(l)
}

/// `ensure_future(aw)`: a future as it is, a coroutine as a new task.
fn ensure_future(interp: &Interp, aw: &Value) -> VmResult<(Value, Future<Value>, bool)> {
    if let Some(f) = future_of(aw) {
        return Ok((aw.clone(), f, false));
    }
    match aw {
        Value::Generator(g) if g.kind == GenKind::Coroutine => {
            let t = new_task(interp, aw, None)?;
            let f = future_of(&t).ok_or_else(|| error("SystemError", "a task without a future"))?;
            Ok((t, f, true))
        }
        other => {
            if interp.dunder(other, super::super::names::sym::__await__).is_some() {
                let wrapper = interp.get_awaitable(other)?;
                let _ = wrapper;
                return Err(error(
                    "NotImplementedError",
                    "ensure_future() of an object with __await__ is not supported in this playground",
                ));
            }
            Err(type_error("An asyncio.Future, a coroutine or an awaitable is required"))
        }
    }
}

pub fn module(interp: &Interp) -> VmResult<Value> {
    let m = super::native_module("asyncio", &[]);
    install_exceptions(interp, &m);
    install_future(interp, &m);
    install_loop(interp, &m);
    install_functions(interp, &m);
    m.set(Sym::new("FIRST_COMPLETED"), Value::str("FIRST_COMPLETED"));
    m.set(Sym::new("FIRST_EXCEPTION"), Value::str("FIRST_EXCEPTION"));
    m.set(Sym::new("ALL_COMPLETED"), Value::str("ALL_COMPLETED"));
    // The lecture's programs use only the Rust part: the Python part (locks, queues, TaskGroup,
    // timeout, run, ...) is compiled and run when a program first needs one of its names.
    m.set_pending(|interp, m| super::run_python_part(interp, m, include_str!("asyncio.py")));
    Ok(Value::Module(m))
}

fn install_exceptions(interp: &Interp, m: &Rc<super::super::value::Module>) {
    let cancelled = add_exception(interp, "CancelledError", "asyncio.exceptions", &["BaseException"]);
    let invalid = add_exception(interp, "InvalidStateError", "asyncio.exceptions", &["Exception"]);
    m.set(Sym::new("CancelledError"), Value::Class(cancelled));
    m.set(Sym::new("InvalidStateError"), Value::Class(invalid));
    m.set(Sym::new("TimeoutError"), Value::Class(interp.exception_class("TimeoutError")));
}

fn install_future(interp: &Interp, m: &Rc<super::super::value::Module>) {
    let future = native_class(interp, "Future", "_asyncio", None);
    method(&future, "__new__", |i, a, _| {
        let Some(Value::Class(c)) = a.first() else { return Err(error("SystemError", "Future.__new__")) };
        let fut: Future<Value> = i.lp.create_future();
        let obj = native_instance(
            c,
            FutureObj { fut: fut.clone(), callbacks: RefCell::new(Vec::new()), children: RefCell::default() },
        );
        register(i, fut.id().0, &obj);
        Ok(obj)
    });
    method(&future, "__init__", |_, _, _| Ok(Value::None));
    method(&future, "result", |i, a, _| match this_future(a)?.result() {
        None => Err(error("InvalidStateError", "Result is not set.")),
        Some(Ok(v)) => Ok(v),
        Some(Err(e)) => Err(Unwind::Raise(i.from_runtime_exception(&e))),
    });
    method(&future, "exception", |i, a, _| {
        let f = this_future(a)?;
        match f.result() {
            None => Err(error("InvalidStateError", "Exception is not set.")),
            Some(Ok(_)) => Ok(Value::None),
            Some(Err(e)) if e.is_cancelled() => Err(Unwind::Raise(i.from_runtime_exception(&e))),
            Some(Err(e)) => Ok(i.from_runtime_exception(&e)),
        }
    });
    method(&future, "done", |_, a, _| Ok(Value::Bool(this_future(a)?.done())));
    method(&future, "cancelled", |_, a, _| Ok(Value::Bool(this_future(a)?.cancelled())));
    method(&future, "cancel", |interp, a, kw| {
        // `cancel(msg=None)`.
        let given = a.len().saturating_sub(1) + kw.len();
        if given > 1 {
            return Err(type_error(format!("cancel() takes at most 1 argument ({given} given)")));
        }
        let msg = a.get(1).or(kwarg("cancel", kw, &["msg"], "msg")?);
        let message = match msg {
            None | Some(Value::None) => None,
            Some(v) => Some(interp.str_of(v)?),
        };
        let cancelled = if let Some(Value::Instance(i)) = a.first() {
            match i.native::<TaskObj>() {
                Some(t) => {
                    if t.task.done() {
                        false
                    } else {
                        t.cancels.set(t.cancels.get() + 1);
                        t.task.cancel_with(message)
                    }
                }
                None => this_future(a)?.cancel_with(message),
            }
        } else {
            false
        };
        Ok(Value::Bool(cancelled))
    });
    method(&future, "set_result", |_, a, _| {
        arity("set_result", &a[1..], 1, 1)?;
        this_future(a)?.set_result(a[1].clone())?;
        Ok(Value::None)
    });
    method(&future, "set_exception", |i, a, _| {
        arity("set_exception", &a[1..], 1, 1)?;
        let exc = i.make_raisable(a[1].clone())?;
        if i.is_instance_of(&exc, "StopIteration") {
            return Err(type_error("StopIteration interacts badly with generators and cannot be raised into a Future"));
        }
        this_future(a)?.set_exception(i.to_runtime_exception(&exc))?;
        Ok(Value::None)
    });
    method(&future, "add_done_callback", |i, a, k| {
        arity("add_done_callback", &a[1..], 1, 1)?;
        let _ = kwarg("add_done_callback", k, &["context"], "context")?;
        let f = this_future(a)?;
        let id = add_done_callback(i, &a[0], &f, a[1].clone())?;
        if let Some(cbs) = callbacks_of(&a[0]) {
            cbs.borrow_mut().push((a[1].clone(), id));
        }
        Ok(Value::None)
    });
    method(&future, "remove_done_callback", |i, a, _| {
        arity("remove_done_callback", &a[1..], 1, 1)?;
        let f = this_future(a)?;
        let mut removed = 0;
        if let Some(cbs) = callbacks_of(&a[0]) {
            let all = std::mem::take(&mut *cbs.borrow_mut());
            let mut kept = Vec::new();
            for (func, id) in all {
                if i.eq(&func, &a[1])? {
                    f.remove_done_callback(id);
                    removed += 1;
                } else {
                    kept.push((func, id));
                }
            }
            *cbs.borrow_mut() = kept;
        }
        Ok(Value::Int(removed))
    });
    method(&future, "get_loop", |i, _, _| current_loop(i));
    method(&future, "__iter__", |i, a, _| i.get_awaitable(&a[0]));
    let task = native_class(interp, "Task", "_asyncio", Some(future.clone()));
    method(&task, "__new__", |i, a, k| {
        arity("Task", &a[1..], 1, 1)?;
        let name = kwarg("Task", k, &["loop", "name", "context"], "name")?.map(|n| i.str_of(n)).transpose()?;
        new_task(i, &a[1], name)
    });
    method(&task, "__init__", |_, _, _| Ok(Value::None));
    method(&task, "get_name", |_, a, _| match a.first() {
        Some(Value::Instance(i)) => Ok(i.native::<TaskObj>().map_or(Value::None, |t| Value::string(task_name(t)))),
        _ => Ok(Value::None),
    });
    method(&task, "set_name", |i, a, _| {
        arity("set_name", &a[1..], 1, 1)?;
        if let Some(Value::Instance(inst)) = a.first() {
            if let Some(t) = inst.native::<TaskObj>() {
                *t.name.borrow_mut() = Some(i.str_of(&a[1])?);
            }
        }
        Ok(Value::None)
    });
    method(&task, "get_coro", |_, a, _| match a.first() {
        Some(Value::Instance(i)) => Ok(i.native::<TaskObj>().map_or(Value::None, |t| t.coro.clone())),
        _ => Ok(Value::None),
    });
    method(&task, "cancelling", |_, a, _| match a.first() {
        Some(Value::Instance(i)) => Ok(Value::Int(i.native::<TaskObj>().map_or(0, |t| t.cancels.get() as i64))),
        _ => Ok(Value::Int(0)),
    });
    method(&task, "uncancel", |_, a, _| match a.first() {
        Some(Value::Instance(i)) => Ok(Value::Int(i.native::<TaskObj>().map_or(0, |t| {
            if t.cancels.get() > 0 {
                t.cancels.set(t.cancels.get() - 1);
            }
            t.cancels.get() as i64
        }))),
        _ => Ok(Value::Int(0)),
    });
    let gathering = native_class(interp, "_GatheringFuture", "asyncio.tasks", Some(future.clone()));
    native_class(interp, "_GatherParts", "asyncio.tasks", None);
    let handle = native_class(interp, "Handle", "asyncio.events", None);
    method(&handle, "cancel", |_, a, _| {
        if let Some(Value::Instance(i)) = a.first() {
            if let Some(h) = i.native::<HandleObj>() {
                h.handle.cancel();
            }
        }
        Ok(Value::None)
    });
    method(&handle, "cancelled", |_, a, _| match a.first() {
        Some(Value::Instance(i)) => Ok(Value::Bool(i.native::<HandleObj>().is_some_and(|h| h.handle.cancelled()))),
        _ => Ok(Value::Bool(false)),
    });
    let timer = native_class(interp, "TimerHandle", "asyncio.events", Some(handle.clone()));
    method(&timer, "when", |_, a, _| match a.first() {
        Some(Value::Instance(i)) => Ok(i.native::<HandleObj>().and_then(|h| h.when).map_or(Value::None, Value::Float)),
        _ => Ok(Value::None),
    });
    m.set(Sym::new("Future"), Value::Class(future));
    m.set(Sym::new("Task"), Value::Class(task));
    m.set(Sym::new("Handle"), Value::Class(handle));
    m.set(Sym::new("TimerHandle"), Value::Class(timer));
    let _ = gathering;
}

fn install_loop(interp: &Interp, m: &Rc<super::super::value::Module>) {
    let lp = native_class(interp, "_UnixSelectorEventLoop", "asyncio.unix_events", None);
    method(&lp, "run_until_complete", |i, a, _| {
        arity("run_until_complete", &a[1..], 1, 1)?;
        let obj = this_loop(a)?;
        if obj.closed.get() {
            return Err(error("RuntimeError", "Event loop is closed"));
        }
        i.lp.check_can_run()?;
        let (obj, fut, made) = ensure_future(i, &a[1])?;
        if let Value::Instance(inst) = &obj {
            if let Some(t) = inst.native::<TaskObj>() {
                if made {
                    t.task.no_destroy_log();
                }
                t.stops_loop.set(true);
            }
        }
        let stopper = i.lp.clone();
        let cb = fut.add_done_callback(CallbackName::StopLoop, Callable::call(move || stopper.stop()));
        i.lp.start_running();
        state(i, |s| s.running = Some(a[0].clone()));
        Err(Unwind::Block(Blocker::RunLoop(Box::new(move |interp: &Interp| {
            state(interp, |s| s.running = None);
            fut.remove_done_callback(cb);
            if let Value::Instance(inst) = &obj {
                if let Some(t) = inst.native::<TaskObj>() {
                    t.stops_loop.set(false);
                }
            }
            match fut.result() {
                Some(Ok(v)) => Ok(v),
                Some(Err(e)) => Err(Unwind::Raise(interp.from_runtime_exception(&e))),
                None => Err(error("RuntimeError", "Event loop stopped before Future completed.")),
            }
        }))))
    });
    method(&lp, "run_forever", |i, a, _| {
        let obj = this_loop(a)?;
        if obj.closed.get() {
            return Err(error("RuntimeError", "Event loop is closed"));
        }
        i.lp.check_can_run()?;
        i.lp.start_running();
        state(i, |s| s.running = Some(a[0].clone()));
        Err(Unwind::Block(Blocker::RunLoop(Box::new(|interp: &Interp| {
            state(interp, |s| s.running = None);
            Ok(Value::None)
        }))))
    });
    method(&lp, "stop", |i, _, _| {
        i.lp.stop();
        Ok(Value::None)
    });
    method(&lp, "close", |i, a, _| {
        let obj = this_loop(a)?;
        if obj.closed.get() {
            return Ok(Value::None);
        }
        i.lp.close()?;
        obj.closed.set(true);
        Ok(Value::None)
    });
    method(&lp, "is_running", |i, a, _| Ok(Value::Bool(i.lp.is_running() && !this_loop(a)?.closed.get())));
    method(&lp, "is_closed", |_, a, _| Ok(Value::Bool(this_loop(a)?.closed.get())));
    method(&lp, "time", |i, _, _| Ok(Value::Float(i.lp.time())));
    method(&lp, "get_debug", |_, _, _| Ok(Value::Bool(false)));
    method(&lp, "set_debug", |_, _, _| Ok(Value::None));
    method(&lp, "create_future", |i, _, _| new_future(i));
    method(&lp, "create_task", |i, a, k| {
        arity("create_task", &a[1..], 1, 1)?;
        let name = kwarg("create_task", k, &["name", "context"], "name")?
            .filter(|v| !v.is_none())
            .map(|n| i.str_of(n))
            .transpose()?;
        if this_loop(a)?.closed.get() {
            return Err(error("RuntimeError", "Event loop is closed"));
        }
        new_task(i, &a[1], name)
    });
    method(&lp, "call_soon", |i, a, k| {
        let _ = kwarg("call_soon", k, &["context"], "context")?;
        if a.len() < 2 {
            return Err(type_error("call_soon() missing 1 required positional argument: 'callback'"));
        }
        if this_loop(a)?.closed.get() {
            return Err(error("RuntimeError", "Event loop is closed"));
        }
        schedule(i, None, a[1].clone(), a[2..].to_vec())
    });
    method(&lp, "call_later", |i, a, k| {
        let _ = kwarg("call_later", k, &["context"], "context")?;
        if a.len() < 3 {
            return Err(type_error("call_later() missing required positional arguments"));
        }
        let delay = i.expect_number(&a[1], "delay")?.to_f64()?;
        schedule(i, Some(i.lp.time() + delay), a[2].clone(), a[3..].to_vec())
    });
    method(&lp, "call_at", |i, a, k| {
        let _ = kwarg("call_at", k, &["context"], "context")?;
        if a.len() < 3 {
            return Err(type_error("call_at() missing required positional arguments"));
        }
        let when = i.expect_number(&a[1], "when")?.to_f64()?;
        schedule(i, Some(when), a[2].clone(), a[3..].to_vec())
    });
    method(&lp, "call_exception_handler", |i, a, _| {
        arity("call_exception_handler", &a[1..], 1, 1)?;
        let ctx = &a[1];
        let message = i.dict_get(ctx, &Value::str("message"))?.map(|m| i.str_of(&m)).transpose()?.unwrap_or_default();
        i.lp.log(message);
        if let Some(exc) = i.dict_get(ctx, &Value::str("exception"))? {
            for line in i.format_exception(&exc) {
                i.lp.log(line);
            }
        }
        Ok(Value::None)
    });
    install_socket_methods(&lp);
    m.set(Sym::new("AbstractEventLoop"), Value::Class(lp.clone()));
    let _ = interp;
}

/// The loop's socket operations (`base_events`/`selector_events`): each tries the call on the
/// non-blocking socket, and when it would block, waits for the selector to find the socket
/// ready (`add_reader`/`add_writer`), then tries again. The iteration that finds it ready
/// completes the wait, and the task goes on in the next one, as in CPython.
fn install_socket_methods(lp: &Rc<Class>) {
    use super::socket::{address_arg, address_value, new_socket, open_socket, os_error};
    use crate::runtime::network::{NetError, Readiness};
    use crate::runtime::wait_socket;
    method(lp, "sock_recv", |i, a, _| {
        arity("sock_recv", &a[1..], 2, 2)?;
        let id = open_socket(i, &a[1])?;
        let n = super::super::builtins::int_arg(i, &a[2])?.max(0) as usize;
        let interp = i.rc();
        Ok(native_coroutine("sock_recv", async move {
            loop {
                match interp.lp.network().recv(id, n) {
                    Ok(data) => return Ok(Value::bytes(data)),
                    Err(NetError::WouldBlock) => wait_socket(id, Readiness::Read).await.map_err(Unwind::Native)?,
                    Err(e) => return Err(os_error(&interp, e)),
                }
            }
        }))
    });
    method(lp, "sock_sendall", |i, a, _| {
        arity("sock_sendall", &a[1..], 2, 2)?;
        let id = open_socket(i, &a[1])?;
        let data = super::super::builtins::bytes::bytes_of(&a[2])
            .ok_or_else(|| type_error(format!("a bytes-like object is required, not '{}'", i.type_name(&a[2]))))?
            .to_vec();
        let interp = i.rc();
        Ok(native_coroutine("sock_sendall", async move {
            let mut sent = 0;
            while sent < data.len() {
                match interp.lp.network().send(id, &data[sent..]) {
                    Ok(n) => sent += n,
                    Err(NetError::WouldBlock) => wait_socket(id, Readiness::Write).await.map_err(Unwind::Native)?,
                    Err(e) => return Err(os_error(&interp, e)),
                }
            }
            Ok(Value::None)
        }))
    });
    method(lp, "sock_connect", |i, a, _| {
        arity("sock_connect", &a[1..], 2, 2)?;
        let id = open_socket(i, &a[1])?;
        let address = address_arg(i, &a[2], "")?;
        let interp = i.rc();
        Ok(native_coroutine("sock_connect", async move {
            let net = interp.lp.network().clone();
            match net.connect(id, address) {
                // A non-blocking connect is in progress until the socket is writable; its
                // outcome is then read from SO_ERROR (`_sock_connect_cb`).
                Ok(()) | Err(NetError::Refused) => {}
                Err(e) => return Err(os_error(&interp, e)),
            }
            wait_socket(id, Readiness::Write).await.map_err(Unwind::Native)?;
            match net.take_error(id) {
                Ok(None) => Ok(Value::None),
                Ok(Some(e)) => {
                    let text = format!("Connect call failed ('{}', {})", address.ip(), address.port());
                    Err(Unwind::Raise(
                        interp.new_exception_args(e.python_class(), vec![Value::Int(e.errno()), Value::string(text)]),
                    ))
                }
                Err(e) => Err(os_error(&interp, e)),
            }
        }))
    });
    method(lp, "sock_accept", |i, a, _| {
        arity("sock_accept", &a[1..], 1, 1)?;
        let id = open_socket(i, &a[1])?;
        let interp = i.rc();
        Ok(native_coroutine("sock_accept", async move {
            loop {
                match interp.lp.network().accept(id) {
                    Ok((conn, peer)) => {
                        let conn = new_socket(&interp, conn, Some(0.0))?;
                        return Ok(Value::tuple(vec![conn, address_value(peer)]));
                    }
                    Err(NetError::WouldBlock) => wait_socket(id, Readiness::Read).await.map_err(Unwind::Native)?,
                    Err(e) => return Err(os_error(&interp, e)),
                }
            }
        }))
    });
}

fn install_functions(interp: &Interp, m: &Rc<super::super::value::Module>) {
    let functions: &[(&'static str, super::super::value::NativeFn)] = &[
        ("sleep", sleep),
        ("get_event_loop", |i, a, _| {
            arity("get_event_loop", a, 0, 0)?;
            current_loop(i)
        }),
        ("get_running_loop", |i, a, _| {
            arity("get_running_loop", a, 0, 0)?;
            match state(i, |s| s.running.clone()) {
                Some(l) if i.lp.is_running() => Ok(l),
                _ => Err(error("RuntimeError", "no running event loop")),
            }
        }),
        ("_get_running_loop", |i, _, _| match state(i, |s| s.running.clone()) {
            Some(l) if i.lp.is_running() => Ok(l),
            _ => Ok(Value::None),
        }),
        ("new_event_loop", |i, a, _| {
            arity("new_event_loop", a, 0, 0)?;
            if i.lp.is_closed() {
                i.lp.reopen();
            }
            new_loop_object(i)
        }),
        ("set_event_loop", |i, a, _| {
            arity("set_event_loop", a, 1, 1)?;
            let l = if a[0].is_none() { None } else { Some(a[0].clone()) };
            state(i, |s| s.current = l);
            Ok(Value::None)
        }),
        ("create_task", |i, a, k| {
            arity("create_task", a, 1, 1)?;
            let name = kwarg("create_task", k, &["name", "context"], "name")?
                .filter(|v| !v.is_none())
                .map(|n| i.str_of(n))
                .transpose()?;
            if !i.lp.is_running() {
                if let Value::Generator(g) = &a[0] {
                    // CPython closes nothing here: the coroutine warns when it is dropped.
                    let _ = g;
                }
                return Err(error("RuntimeError", "no running event loop"));
            }
            new_task(i, &a[0], name)
        }),
        ("ensure_future", |i, a, k| {
            arity("ensure_future", a, 1, 1)?;
            let _ = kwarg("ensure_future", k, &["loop"], "loop")?;
            ensure_future(i, &a[0]).map(|(v, _, _)| v)
        }),
        ("gather", gather),
        ("_gather_add", gather_add_part),
        ("_take_asyncgens", take_asyncgens),
        ("_gather_finish", gather_finish_parts),
        ("wait", wait),
        ("wait_for", wait_for),
        ("current_task", |i, a, _| {
            arity("current_task", a, 0, 1)?;
            let Some(id) = i.lp.state.current_task.get() else { return Ok(Value::None) };
            Ok(state(i, |s| {
                s.objects
                    .values()
                    .filter_map(|w| w.upgrade())
                    .find(|inst| inst.native::<TaskObj>().is_some_and(|t| t.task.id() == id))
            })
            .map_or(Value::None, Value::Instance))
        }),
        ("all_tasks", |i, a, _| {
            arity("all_tasks", a, 0, 1)?;
            let mut tasks: Vec<(u32, Value)> = state(i, |s| {
                s.objects
                    .values()
                    .filter_map(|w| w.upgrade())
                    .filter_map(|inst| {
                        inst.native::<TaskObj>()
                            .filter(|t| !t.task.done())
                            .map(|t| (t.task.id().0, ()))
                            .map(|(id, _)| (id, Value::Instance(inst.clone())))
                    })
                    .collect()
            });
            tasks.sort_by_key(|(id, _)| *id);
            i.new_set(tasks.into_iter().map(|(_, v)| v).collect(), false)
        }),
        ("iscoroutine", |_, a, _| {
            arity("iscoroutine", a, 1, 1)?;
            Ok(Value::Bool(matches!(&a[0], Value::Generator(g) if g.kind == GenKind::Coroutine)))
        }),
        ("iscoroutinefunction", |_, a, _| {
            arity("iscoroutinefunction", a, 1, 1)?;
            Ok(Value::Bool(match &a[0] {
                Value::Function(f) => f.code.is_coroutine && !f.code.is_generator,
                Value::Method(m) => {
                    matches!(&m.func, Value::Function(f) if f.code.is_coroutine && !f.code.is_generator)
                }
                _ => false,
            }))
        }),
        ("isfuture", |_, a, _| {
            arity("isfuture", a, 1, 1)?;
            Ok(Value::Bool(future_of(&a[0]).is_some()))
        }),
    ];
    for (name, f) in functions {
        m.set(Sym::new(name), builtin(name, *f));
    }
    let _ = interp;
}

fn sleep(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    arity("sleep", args, 1, 2)?;
    let result = args.get(1).or(kwarg("sleep", kwargs, &["result"], "result")?).cloned().unwrap_or_default();
    let delay = interp.expect_number(&args[0], "delay")?.to_f64()?;
    if delay.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    Ok(native_coroutine("sleep", async move {
        crate::runtime::sleep(delay).await.map_err(Unwind::Native)?;
        Ok(result)
    }))
}

/// How many awaitables `gather` wraps in one native call. Past it the rest are wrapped a part
/// at a time from Python (`_gather_in_parts` in asyncio.py), so that a run can be preempted
/// between parts and the page paints while `gather(*coros)` makes 100,000 tasks.
const GATHER_PART: usize = 1024;

/// What wrapping one awaitable charges to the VM's slice budget: a task's creation costs about
/// as much as the few instructions a backward jump stands for, times this.
const GATHER_TICKS_PER_CHILD: i64 = 16;

/// `gather`'s children while they are being made.
#[derive(Default)]
struct GatherParts {
    children: RefCell<Vec<Value>>,
    futures: RefCell<Vec<Future<Value>>>,
    /// The same awaitable twice is one child (`arg_to_fut`): address -> index.
    seen: RefCell<HashMap<usize, usize>>,
}

impl NativeObject for GatherParts {
    native_any!();
}

/// `_take_asyncgens()`: the asynchronous generators iterated and not finished, for
/// `shutdown_asyncgens` to close; the list starts over.
fn take_asyncgens(interp: &Interp, _: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    let gens = std::mem::take(&mut *interp.asyncgens.borrow_mut());
    let open = gens
        .iter()
        .filter_map(|g| g.upgrade())
        .filter(|g| g.state.get() != GenState::Closed)
        .map(Value::Generator)
        .collect();
    Ok(Value::list(open))
}

fn gather(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let return_exceptions = match kwarg("gather", kwargs, &["return_exceptions"], "return_exceptions")? {
        Some(v) => interp.truthy(v)?,
        None => false,
    };
    let parts = GatherParts::default();
    if args.len() > GATHER_PART {
        if let Value::Module(m) = interp.import(Sym::new("asyncio"))? {
            if let Some(f) = interp.module_attr(&m, Sym::new("_gather_in_parts"))? {
                let parts = native_instance(&class(interp, "_GatherParts")?, parts);
                let call = vec![Value::tuple(args.to_vec()), Value::Bool(return_exceptions), parts];
                return Err(Unwind::TailCall(Box::new((f, call))));
            }
        }
    }
    gather_add(interp, &parts, args)?;
    gather_finish(interp, &parts, return_exceptions)
}

/// Wraps each of `aws` in a future (a coroutine in a task), as `gather` does before it waits.
fn gather_add(interp: &Interp, parts: &GatherParts, aws: &[Value]) -> VmResult<()> {
    for aw in aws {
        let addr = aw.address();
        let earlier = parts.seen.borrow().get(&addr).copied().filter(|_| addr != 0);
        if let Some(at) = earlier {
            let (child, fut) = (parts.children.borrow()[at].clone(), parts.futures.borrow()[at].clone());
            parts.children.borrow_mut().push(child);
            parts.futures.borrow_mut().push(fut);
            continue;
        }
        let (obj, fut, made) = ensure_future(interp, aw)?;
        if made {
            if let Value::Instance(i) = &obj {
                if let Some(t) = i.native::<TaskObj>() {
                    t.task.no_destroy_log();
                }
            }
        }
        parts.seen.borrow_mut().insert(addr, parts.children.borrow().len());
        parts.children.borrow_mut().push(obj);
        parts.futures.borrow_mut().push(fut);
    }
    Ok(())
}

/// The future `gather` returns, over the children made.
fn gather_finish(interp: &Interp, parts: &GatherParts, return_exceptions: bool) -> VmResult<Value> {
    let weak = Rc::downgrade(&interp.rc());
    let collect: Box<dyn Fn(Vec<PyResult<Value>>) -> Value> = Box::new(move |results| {
        let interp = weak.upgrade();
        Value::list(
            results
                .into_iter()
                .map(|r| match r {
                    Ok(v) => v,
                    Err(e) => match &interp {
                        Some(i) => i.from_runtime_exception(&e),
                        None => Value::None,
                    },
                })
                .collect(),
        )
    });
    let futures = std::mem::take(&mut *parts.futures.borrow_mut());
    let children = std::mem::take(&mut *parts.children.borrow_mut());
    let outer = crate::runtime::gather_impl(futures, return_exceptions, collect);
    let obj = native_instance(
        &class(interp, "_GatheringFuture")?,
        FutureObj { fut: outer.clone(), callbacks: RefCell::new(Vec::new()), children: RefCell::new(children) },
    );
    register(interp, outer.id().0, &obj);
    Ok(obj)
}

/// `_gather_add(parts, aws, start)`: wraps the next part of `aws` from `start`, charges the
/// slice budget for it, and returns where the next part starts.
fn gather_add_part(interp: &Interp, args: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    arity("_gather_add", args, 3, 3)?;
    let (Value::Instance(i), Value::Tuple(aws), Value::Int(start)) = (&args[0], &args[1], &args[2]) else {
        return Err(type_error("_gather_add(parts, aws, start)"));
    };
    let Some(parts) = i.native::<GatherParts>() else { return Err(type_error("_gather_add(parts, aws, start)")) };
    let aws = &aws.0;
    let start = (*start).clamp(0, aws.len() as i64) as usize;
    let end = aws.len().min(start + GATHER_PART);
    gather_add(interp, parts, &aws[start..end])?;
    interp.budget.set(interp.budget.get() - GATHER_TICKS_PER_CHILD * (end - start) as i64);
    Ok(Value::Int(end as i64))
}

/// `_gather_finish(parts, return_exceptions)`.
fn gather_finish_parts(interp: &Interp, args: &[Value], _: &[(Sym, Value)]) -> VmResult<Value> {
    arity("_gather_finish", args, 2, 2)?;
    let Some(parts) = (match &args[0] {
        Value::Instance(i) => i.native::<GatherParts>(),
        _ => None,
    }) else {
        return Err(type_error("_gather_finish(parts, return_exceptions)"));
    };
    gather_finish(interp, parts, interp.truthy(&args[1])?)
}

fn wait(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    arity("wait", args, 1, 1)?;
    let allowed = ["timeout", "return_when"];
    let timeout = match kwarg("wait", kwargs, &allowed, "timeout")? {
        None | Some(Value::None) => None,
        Some(v) => Some(interp.expect_number(v, "timeout")?.to_f64()?),
    };
    let return_when = match kwarg("wait", kwargs, &allowed, "return_when")? {
        None => ReturnWhen::AllCompleted,
        Some(v) => match v.as_str() {
            Some("ALL_COMPLETED") => ReturnWhen::AllCompleted,
            Some("FIRST_COMPLETED") => ReturnWhen::FirstCompleted,
            Some("FIRST_EXCEPTION") => ReturnWhen::FirstException,
            _ => return Err(value_error(format!("Invalid return_when value: {}", interp.repr(v)?))),
        },
    };
    if future_of(&args[0]).is_some() || matches!(&args[0], Value::Generator(_)) {
        return Err(type_error(format!("expect a list of futures, not {}", interp.type_name(&args[0]))));
    }
    let items = interp.collect(&args[0])?;
    if items.is_empty() {
        return Err(value_error("Set of Tasks/Futures is empty."));
    }
    let mut objects: Vec<Value> = Vec::new();
    let mut futures: Vec<Future<Value>> = Vec::new();
    for item in items {
        if matches!(&item, Value::Generator(g) if g.kind == GenKind::Coroutine) {
            return Err(type_error("Passing coroutines is forbidden, use tasks explicitly."));
        }
        let (obj, fut, _) = ensure_future(interp, &item)?;
        if futures.iter().any(|f| f.id() == fut.id()) {
            continue;
        }
        objects.push(obj);
        futures.push(fut);
    }
    let weak = Rc::downgrade(&interp.rc());
    Ok(native_coroutine("wait", async move {
        let (done, pending) = crate::runtime::wait_with(futures, timeout, return_when).await.map_err(Unwind::Native)?;
        let Some(interp) = weak.upgrade() else { return Ok(Value::None) };
        let pick = |fs: Vec<Future<Value>>| -> Vec<Value> {
            fs.iter()
                .filter_map(|f| objects.iter().find(|o| future_of(o).is_some_and(|g| g.id() == f.id())).cloned())
                .collect()
        };
        let done = interp.new_set(pick(done), false)?;
        let pending = interp.new_set(pick(pending), false)?;
        Ok(Value::tuple(vec![done, pending]))
    }))
}

fn wait_for(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    arity("wait_for", args, 1, 2)?;
    let timeout = args.get(1).or(kwarg("wait_for", kwargs, &["timeout"], "timeout")?).cloned().unwrap_or_default();
    let timeout = match &timeout {
        Value::None => None,
        v => Some(interp.expect_number(v, "timeout")?.to_f64()?),
    };
    let aw = args[0].clone();
    let weak = Rc::downgrade(&interp.rc());
    Ok(native_coroutine("wait_for", async move {
        let Some(interp) = weak.upgrade() else { return Ok(Value::None) };
        let (_, fut, _) = ensure_future(&interp, &aw)?;
        drop(interp);
        match timeout {
            None => fut.await.map_err(Unwind::Native),
            Some(t) => crate::runtime::wait_for(fut, t).await.map_err(Unwind::Native),
        }
    }))
}

/// The `EventLoop` here is the interpreter's; nothing else to keep.
#[allow(dead_code)]
fn _loop_type(_: &EventLoop) {}

crate::opaque_debug!(FutureObj, TaskObj, LoopObj, HandleObj);
