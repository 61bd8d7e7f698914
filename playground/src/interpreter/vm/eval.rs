//! The evaluation loop: `ceval.c`'s `_PyEval_EvalFrameDefault` for the subset, on a
//! [`Thread`] of explicit frames.
//!
//! [`Interp::run`] executes the top frame's instructions until something changes the thread: a
//! call pushes a frame, a return pops one and hands its value to the frame below, a generator's
//! `yield` moves its frame back into its generator object. The run ends when the bottom frame
//! returns, yields or raises, when its slice of work is used up (it is preempted: the thread
//! stays as it is, to be continued), or when a native call blocks it.

use std::rc::Rc;

use super::super::code::Op;
use super::super::names::Sym;
use super::super::value::{CellObj, GenKind, GenState, Generator, IterKind, Value};
use super::frame::{Block, Frame, FrameKind, Resumer, Thread};
use super::watch::{Left, Sent};
use super::{error, type_error, Blocker, Interp, Unwind, VmResult, RECURSION_LIMIT};
use crate::runtime::Exception;

/// How a run starts or continues its top frame.
pub enum Input {
    /// Just run (a new frame, or one continued after preemption).
    Start,
    /// Push this value first (the result of the yield or call it waited on).
    Send(Value),
    /// Raise this exception in the top frame.
    Throw(Unwind),
}

/// How a run ended.
pub enum Outcome {
    /// The bottom frame returned.
    Return(Value),
    /// The bottom frame (a generator's) yielded; it is back in its generator.
    Yield(Value),
    /// An exception left the bottom frame.
    Raise(Value),
    /// The slice of work is used up: continue the same thread with [`Input::Start`].
    Preempted,
    /// A native call asked the thread to wait; continue it with the call's result.
    Blocked(Blocker),
}

/// What a generator produced for whoever resumed it.
pub enum GenResult {
    Yielded(Value),
    Returned(Value),
}

/// What executing the top frame led to.
enum Step {
    Push(Box<Frame>),
    /// A call, after which the slice is used up.
    PushThenPreempt(Box<Frame>),
    Return(Value),
    Yield(Value),
    Resume(Rc<Generator>, Input, Resumer),
    /// An exception; `true` if raised here (a traceback entry for this frame).
    Error(Unwind, bool),
    /// A bare `raise`: the exception being handled, wherever on the thread.
    ReraiseActive,
    Preempt,
    /// The top frame changed inside the loop (a generator resumed or suspended there) and has
    /// something to do first (an exception thrown into it).
    Switched,
}

/// The result of calling something from the evaluation loop.
pub enum Invoked {
    Value(Value),
    Frame(Box<Frame>),
}

impl Interp {
    /// Runs `thread` until its bottom frame returns, yields or raises, or the run is preempted
    /// or blocked.
    pub fn run(&self, thread: &mut Thread, input: Input) -> Outcome {
        let mut err: Option<(Unwind, bool)> = None;
        match input {
            Input::Start => {}
            Input::Send(v) => {
                if let Some(f) = thread.last_mut() {
                    f.stack.push(v);
                }
            }
            Input::Throw(e) => err = Some((e, true)),
        }
        loop {
            if let Some((e, add_tb)) = err.take() {
                match e {
                    Unwind::Block(b) => {
                        if self.native_depth.get() > 0 {
                            err =
                                Some((error("RuntimeError", "cannot wait for the event loop inside this call"), true));
                            continue;
                        }
                        return Outcome::Blocked(b);
                    }
                    e => {
                        if let Some(outcome) = self.unwind(thread, e, add_tb) {
                            return outcome;
                        }
                    }
                }
            }
            let Some(frame) = thread.last_mut() else {
                return Outcome::Return(Value::None);
            };
            if let Some(p) = frame.pending.take() {
                err = Some((p, true));
                continue;
            }
            match self.execute(thread) {
                Step::Push(new) => {
                    if self.depth.get() >= RECURSION_LIMIT {
                        err = Some((error("RecursionError", "maximum recursion depth exceeded"), true));
                        continue;
                    }
                    self.depth.set(self.depth.get() + 1);
                    thread.push(new);
                }
                Step::PushThenPreempt(new) => {
                    if self.depth.get() >= RECURSION_LIMIT {
                        err = Some((error("RecursionError", "maximum recursion depth exceeded"), true));
                        continue;
                    }
                    self.depth.set(self.depth.get() + 1);
                    thread.push(new);
                    return Outcome::Preempted;
                }
                Step::Return(v) => {
                    if let Some(outcome) = self.finish_frame(thread, v, &mut err) {
                        return outcome;
                    }
                    if super::super::modules::asyncio::any_unawaited() {
                        let line = thread.last().map(|f| f.line());
                        if line.is_some() {
                            self.report_unawaited(line);
                        }
                    }
                }
                Step::Yield(v) => {
                    if let Some(outcome) = self.suspend_frame(thread, v, &mut err) {
                        return outcome;
                    }
                }
                Step::Resume(gen, input, resumer) => match self.resume_from_loop(thread, &gen, input, resumer) {
                    Ok(None) => {}
                    Ok(Some(result)) => {
                        if let Err(e) = self.deliver(thread, resumer, result) {
                            err = Some((e, true));
                        }
                    }
                    Err(e) => err = Some((e, true)),
                },
                Step::Error(e, add_tb) => err = Some((e, add_tb)),
                Step::ReraiseActive => {
                    let active = thread.iter().rev().find_map(|f| f.handled.clone());
                    err = Some(match active {
                        Some(exc) => (Unwind::Raise(exc), false),
                        None => (error("RuntimeError", "No active exception to reraise"), true),
                    });
                }
                Step::Preempt => return Outcome::Preempted,
                Step::Switched => {}
            }
        }
    }

    /// An exception in the top frame: find a handler, popping frames that have none. Returns
    /// the run's outcome when the exception leaves the bottom frame.
    fn unwind(&self, thread: &mut Thread, e: Unwind, add_tb: bool) -> Option<Outcome> {
        let exc = self.exception_value(e);
        if add_tb {
            if let Some(f) = thread.last() {
                self.chain_context(&exc, thread);
                self.add_traceback(&exc, f);
            }
        }
        let mut exc = exc;
        loop {
            let Some(frame) = thread.last_mut() else {
                return Some(Outcome::Raise(exc));
            };
            if let Some(block) = frame.blocks.pop() {
                frame.stack.truncate(block.level as usize);
                frame.stack.push(exc);
                frame.ip = block.handler as usize;
                return None;
            }
            let mut frame = thread.pop().expect("the thread has a top frame");
            self.depth.set(self.depth.get().saturating_sub(1));
            // The traceback keeps the frame, and so its variables, alive as long as the
            // exception: what they hold is freed (and reported) when the exception is.
            if let Value::Instance(i) = &exc {
                if let Some(d) = i.exception() {
                    let locals = std::mem::take(&mut frame.locals);
                    d.borrow_mut().held.extend(locals.into_iter().flatten());
                }
            }
            if let FrameKind::Generator { gen, resumer } = std::mem::replace(&mut frame.kind, FrameKind::Function) {
                gen.state.set(GenState::Closed);
                gen.line.set(frame.line());
                if resumer == Resumer::AsyncClose
                    && (self.is_instance_of(&exc, "GeneratorExit") || self.is_instance_of(&exc, "StopAsyncIteration"))
                {
                    // `aclose()` closed it: the await returns None.
                    self.watch_left(&gen, Left::Returned(&Value::None));
                    if let Err(e) = self.deliver(thread, Resumer::Send, GenResult::Returned(Value::None)) {
                        return self.unwind(thread, e, true);
                    }
                    return None;
                }
                let async_stop = gen.kind == GenKind::AsyncGenerator && self.is_instance_of(&exc, "StopAsyncIteration");
                if self.is_instance_of(&exc, "StopIteration") || async_stop {
                    let what = match gen.kind {
                        GenKind::Generator => "generator raised StopIteration",
                        GenKind::Coroutine => "coroutine raised StopIteration",
                        GenKind::AsyncGenerator if async_stop => "async generator raised StopAsyncIteration",
                        GenKind::AsyncGenerator => "async generator raised StopIteration",
                    };
                    let new = self.new_exception("RuntimeError", what);
                    self.set_cause(&new, Some(exc.clone()));
                    self.set_context(&new, Some(exc));
                    self.add_traceback(&new, &frame);
                    exc = new;
                }
                self.watch_left(&gen, Left::Raised(&exc));
            }
            match thread.last() {
                Some(caller) => self.add_traceback(&exc, caller),
                None => return Some(Outcome::Raise(exc)),
            }
        }
    }

    /// The top frame returned `v`: pop it and hand `v` to the frame below.
    fn finish_frame(&self, thread: &mut Thread, v: Value, err: &mut Option<(Unwind, bool)>) -> Option<Outcome> {
        let mut frame = thread.pop().expect("a frame returned");
        self.depth.set(self.depth.get().saturating_sub(1));
        let kind = std::mem::replace(&mut frame.kind, FrameKind::Function);
        let delivered = match kind {
            FrameKind::Function => {
                self.recycle(frame);
                Ok(v)
            }
            FrameKind::Init(obj) => {
                if v.is_none() {
                    Ok(obj)
                } else {
                    Err(type_error(format!("__init__() should return None, not '{}'", self.type_name(&v))))
                }
            }
            FrameKind::ClassBody(header) => {
                let namespace = frame.namespace.take().map(|ns| ns.borrow().clone()).unwrap_or_default();
                let super::frame::ClassHeader { name, bases, keywords } = *header;
                self.build_class(name, bases, keywords, namespace, v)
            }
            FrameKind::Generator { gen, resumer } => {
                gen.state.set(GenState::Closed);
                gen.line.set(frame.line());
                drop(frame);
                self.watch_left(&gen, Left::Returned(&v));
                if resumer == Resumer::Base {
                    return Some(Outcome::Return(v));
                }
                if let Err(e) = self.deliver(thread, resumer, GenResult::Returned(v)) {
                    *err = Some((e, true));
                }
                return None;
            }
        };
        match delivered {
            Ok(v) => match thread.last_mut() {
                Some(caller) => {
                    caller.stack.push(v);
                    None
                }
                None => Some(Outcome::Return(v)),
            },
            Err(e) => {
                if thread.is_empty() {
                    return Some(Outcome::Raise(self.exception_value(e)));
                }
                *err = Some((e, true));
                None
            }
        }
    }

    /// The top frame (a generator's) yielded `v`: it goes back into its generator.
    fn suspend_frame(&self, thread: &mut Thread, v: Value, err: &mut Option<(Unwind, bool)>) -> Option<Outcome> {
        let mut frame = thread.pop().expect("a frame yielded");
        self.depth.set(self.depth.get().saturating_sub(1));
        let FrameKind::Generator { gen, resumer } = std::mem::replace(&mut frame.kind, FrameKind::Function) else {
            *err = Some((error("SystemError", "'yield' outside a generator frame"), true));
            thread.push(frame);
            return None;
        };
        gen.line.set(frame.line());
        gen.state.set(GenState::Suspended);
        // An asynchronous generator's own `yield` (not one of its awaits, which suspend in
        // `SEND`) answers the await of its `__anext__`/`asend`/`athrow`.
        let own_yield = matches!(resumer, Resumer::AsyncStep | Resumer::AsyncClose)
            && !(frame.ip >= 2 && matches!(frame.code.ops.get(frame.ip - 2), Some(Op::Send(_))));
        *gen.frame.borrow_mut() = Some(frame);
        self.watch_left(&gen, Left::Yielded(&v));
        if resumer == Resumer::Base {
            return Some(Outcome::Yield(v));
        }
        let delivered = match (own_yield, resumer) {
            (true, Resumer::AsyncClose) => Err(error("RuntimeError", "async generator ignored GeneratorExit")),
            (true, _) => self.deliver(thread, Resumer::Send, GenResult::Returned(v)),
            (false, _) => self.deliver(thread, resumer, GenResult::Yielded(v)),
        };
        if let Err(e) = delivered {
            *err = Some((e, true));
        }
        None
    }

    /// A `for` loop or `yield from`/`await` resumes `gen`: for a watcher, the line that did,
    /// when it is not a generator's.
    fn resume_from_loop(
        &self,
        thread: &mut Thread,
        gen: &Rc<Generator>,
        input: Input,
        resumer: Resumer,
    ) -> VmResult<Option<GenResult>> {
        if let Some(caller) = thread.last().filter(|f| f.generator().is_none()) {
            self.note_call_line(caller.line());
        }
        self.push_generator(thread, gen, input, resumer)
    }

    /// Hands what a generator produced to the frame that resumed it (the top frame).
    fn deliver(&self, thread: &mut Thread, resumer: Resumer, result: GenResult) -> VmResult<()> {
        let Some(caller) = thread.last_mut() else {
            return Ok(());
        };
        match (resumer, result) {
            (Resumer::ForIter, GenResult::Yielded(v))
            | (Resumer::Send, GenResult::Yielded(v))
            | (Resumer::AsyncStep, GenResult::Yielded(v))
            | (Resumer::AsyncClose, GenResult::Yielded(v)) => {
                caller.stack.push(v);
            }
            (Resumer::AsyncStep, GenResult::Returned(_)) => {
                return Err(error("StopAsyncIteration", ""));
            }
            (Resumer::AsyncClose, GenResult::Returned(_)) => {
                return self.deliver(thread, Resumer::Send, GenResult::Returned(Value::None));
            }
            (Resumer::Call, GenResult::Yielded(v)) => {
                // A generator driven by hand: whatever a native awaitable told the loop is
                // not the task's business.
                self.lp.state.yielded.borrow_mut().take();
                caller.stack.push(v);
            }
            (Resumer::ForIter, GenResult::Returned(_)) => {
                caller.stack.pop();
                if let Some(Op::ForIter(t)) = caller.code.ops.get(caller.ip - 1).copied() {
                    caller.ip = t as usize;
                }
            }
            (Resumer::Send, GenResult::Returned(r)) => {
                caller.stack.pop();
                caller.stack.push(r);
                if let Some(Op::Send(t)) = caller.code.ops.get(caller.ip - 1).copied() {
                    caller.ip = t as usize;
                }
            }
            (Resumer::Call, GenResult::Returned(r)) => return Err(self.stop_iteration(r)),
            (Resumer::Base, _) => {}
        }
        Ok(())
    }

    /// Resumes `gen`: pushes its frame onto `thread` (and, if it delegates to another generator
    /// and an exception is thrown in, that one's too). A generator that finishes at once (a
    /// closed one, or a native coroutine) gives its result instead.
    pub fn push_generator(
        &self,
        thread: &mut Thread,
        gen: &Rc<Generator>,
        input: Input,
        resumer: Resumer,
    ) -> VmResult<Option<GenResult>> {
        match gen.state.get() {
            GenState::Running => {
                let what = if gen.kind == GenKind::Coroutine { "coroutine" } else { "generator" };
                return Err(value_error_fmt(format!("{what} already executing")));
            }
            GenState::Closed => {
                return match input {
                    Input::Throw(e) => Err(e),
                    _ if gen.kind == GenKind::Coroutine => {
                        Err(error("RuntimeError", "cannot reuse already awaited coroutine"))
                    }
                    _ => Ok(Some(GenResult::Returned(Value::None))),
                };
            }
            _ => {}
        }
        if gen.native.borrow().is_some() || gen.code.is_none() {
            return self.poll_native(gen, input).map(Some);
        }
        let created = gen.state.get() == GenState::Created;
        if self.depth.get() >= RECURSION_LIMIT {
            return Err(error("RecursionError", "maximum recursion depth exceeded"));
        }
        if let (true, Input::Send(v)) = (created, &input) {
            if !v.is_none() {
                let what = if gen.kind == GenKind::Coroutine { "coroutine" } else { "generator" };
                return Err(type_error(format!("can't send non-None value to a just-started {what}")));
            }
        }
        // The generator resumes: a watcher sees it still paused where it was.
        match &input {
            Input::Send(v) => self.watch_resumed(gen, Sent::Value(v)),
            Input::Start => self.watch_resumed(gen, Sent::Value(&Value::None)),
            Input::Throw(_) => self.watch_resumed(gen, Sent::Thrown),
        }
        let Some(mut frame) = gen.frame.borrow_mut().take() else {
            self.watch_left(gen, Left::Returned(&Value::None));
            return Ok(Some(GenResult::Returned(Value::None)));
        };
        gen.awaited.set(true);
        gen.state.set(GenState::Running);
        frame.kind = FrameKind::Generator { gen: gen.clone(), resumer };
        match input {
            Input::Start => {}
            Input::Send(v) => {
                if !created {
                    frame.stack.push(v);
                }
            }
            Input::Throw(e) => {
                // Delegating (suspended in `yield from`/`await`): throw into the delegate,
                // from the `SEND` that waits on it.
                let delegating = !created
                    && frame.ip >= 2
                    && matches!(frame.code.ops.get(frame.ip - 1), Some(Op::YieldValue))
                    && matches!(frame.code.ops.get(frame.ip - 2), Some(Op::Send(_)));
                if delegating {
                    frame.ip -= 1;
                    let sub = frame.stack.last().cloned().unwrap_or_default();
                    self.depth.set(self.depth.get() + 1);
                    thread.push(frame);
                    match &sub {
                        Value::Generator(g) if g.state.get() != GenState::Closed => {
                            return match self.push_generator(thread, g, Input::Throw(e), Resumer::Send) {
                                Ok(None) => Ok(None),
                                Ok(Some(r)) => {
                                    self.deliver(thread, Resumer::Send, r)?;
                                    Ok(None)
                                }
                                Err(e) => {
                                    if let Some(top) = thread.last_mut() {
                                        top.pending = Some(e);
                                    }
                                    Ok(None)
                                }
                            };
                        }
                        _ => {
                            if let Some(top) = thread.last_mut() {
                                top.pending = Some(e);
                            }
                            return Ok(None);
                        }
                    }
                }
                frame.pending = Some(e);
            }
        }
        self.depth.set(self.depth.get() + 1);
        thread.push(frame);
        Ok(None)
    }

    /// The frame of `gen`, resumed with `sent` by `resumer` and ready to go on the thread, when
    /// resuming it needs nothing else: a started or suspended Python generator or coroutine,
    /// nobody watching, below the recursion limit. Otherwise `sent` back, for
    /// [`Interp::push_generator`] (which this follows step for step) to do it all.
    #[inline(always)]
    fn resumable_frame(
        &self,
        gen: Rc<Generator>,
        sent: Value,
        resumer: Resumer,
    ) -> Result<Box<Frame>, (Rc<Generator>, Value)> {
        let state = gen.state.get();
        let suspended = match state {
            GenState::Suspended => true,
            GenState::Created if sent.is_none() => false,
            _ => return Err((gen, sent)),
        };
        if self.watching.get() || self.depth.get() >= RECURSION_LIMIT || gen.code.is_none() {
            return Err((gen, sent));
        }
        if !gen.native.try_borrow().is_ok_and(|n| n.is_none()) {
            return Err((gen, sent));
        }
        let Some(mut frame) = gen.frame.try_borrow_mut().ok().and_then(|mut f| f.take()) else {
            return Err((gen, sent));
        };
        if frame.pending.is_some() {
            *gen.frame.borrow_mut() = Some(frame);
            return Err((gen, sent));
        }
        gen.awaited.set(true);
        gen.state.set(GenState::Running);
        // A suspended generator's frame is a plain one (`suspend_frame`): nothing to drop.
        let plain = std::mem::replace(&mut frame.kind, FrameKind::Generator { gen, resumer });
        if matches!(plain, FrameKind::Function) {
            std::mem::forget(plain);
        }
        if suspended {
            // `yield` as a statement (`POP_TOP` next) would drop the value sent at once:
            // skip both, unless a dropped coroutine waits for that `POP_TOP` to report it.
            let dropped_at_once = sent.is_none()
                && matches!(frame.code.ops.get(frame.ip), Some(Op::PopTop))
                && !super::super::modules::asyncio::any_unawaited();
            if dropped_at_once {
                frame.ip += 1;
            } else {
                frame.stack.push(sent);
            }
        }
        self.depth.set(self.depth.get() + 1);
        Ok(frame)
    }

    /// Resumes a native coroutine: one poll of its Rust future.
    fn poll_native(&self, gen: &Rc<Generator>, input: Input) -> VmResult<GenResult> {
        gen.awaited.set(true);
        let mut body = gen.native.borrow_mut().take();
        let Some(future) = body.as_mut() else {
            gen.state.set(GenState::Closed);
            return Ok(GenResult::Returned(Value::None));
        };
        match input {
            Input::Throw(e) => {
                let exc = self.exception_value(e);
                if self.is_instance_of(&exc, "CancelledError") {
                    // The runtime's futures raise CancelledError at the await they are
                    // suspended in when this flag is set, and the body cleans up.
                    self.lp.state.throw_cancel.set(true);
                    *self.lp.state.cancel_message.borrow_mut() = self.cancel_message_of(&exc);
                } else {
                    gen.state.set(GenState::Closed);
                    return Err(Unwind::Raise(exc));
                }
            }
            Input::Send(v) if !v.is_none() && gen.state.get() == GenState::Created => {
                *gen.native.borrow_mut() = body;
                return Err(type_error("can't send non-None value to a just-started coroutine"));
            }
            _ => {}
        }
        gen.state.set(GenState::Running);
        let poll = future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
        self.lp.state.throw_cancel.set(false);
        match poll {
            std::task::Poll::Ready(result) => {
                gen.state.set(GenState::Closed);
                result.map(GenResult::Returned)
            }
            std::task::Poll::Pending => {
                gen.state.set(GenState::Suspended);
                *gen.native.borrow_mut() = body;
                Ok(GenResult::Yielded(Value::None))
            }
        }
    }

    /// Runs `frame` to its end on a thread of its own: a native call of Python code.
    pub fn run_nested(&self, frame: Box<Frame>) -> VmResult<Value> {
        if self.native_depth.get() >= super::MAX_NATIVE_NESTING || self.depth.get() >= RECURSION_LIMIT {
            return Err(error("RecursionError", "maximum recursion depth exceeded"));
        }
        self.native_depth.set(self.native_depth.get() + 1);
        self.depth.set(self.depth.get() + 1);
        let mut thread: Thread = vec![frame];
        let outcome = self.run(&mut thread, Input::Start);
        self.native_depth.set(self.native_depth.get() - 1);
        // Frames a failed run leaves behind are gone with the thread.
        let left = thread.len() as u32;
        self.depth.set(self.depth.get().saturating_sub(left));
        match outcome {
            Outcome::Return(v) => Ok(v),
            Outcome::Raise(e) => Err(Unwind::Raise(e)),
            Outcome::Yield(_) => Err(error("SystemError", "a function yielded")),
            Outcome::Preempted => Err(error("SystemError", "a nested call was preempted")),
            Outcome::Blocked(_) => Err(error("RuntimeError", "cannot wait for the event loop inside this call")),
        }
    }

    /// Resumes a generator from native code (`next(g)`, `list(g)`, `g.send(v)`), on a thread
    /// of its own.
    pub fn resume_generator(&self, gen: &Rc<Generator>, input: Input) -> VmResult<GenResult> {
        let mut thread: Thread = Vec::new();
        if let Some(result) = self.push_generator(&mut thread, gen, input, Resumer::Base)? {
            return Ok(result);
        }
        if self.native_depth.get() >= super::MAX_NATIVE_NESTING {
            return Err(error("RecursionError", "maximum recursion depth exceeded"));
        }
        self.native_depth.set(self.native_depth.get() + 1);
        let outcome = self.run(&mut thread, Input::Start);
        self.native_depth.set(self.native_depth.get() - 1);
        let left = thread.len() as u32;
        self.depth.set(self.depth.get().saturating_sub(left));
        match outcome {
            Outcome::Yield(v) => Ok(GenResult::Yielded(v)),
            Outcome::Return(v) => Ok(GenResult::Returned(v)),
            Outcome::Raise(e) => Err(Unwind::Raise(e)),
            Outcome::Preempted => Err(error("SystemError", "a nested call was preempted")),
            Outcome::Blocked(_) => Err(error("RuntimeError", "cannot wait for the event loop inside this call")),
        }
    }

    /// Executes the top frame's instructions until the thread must change. A `for` loop or
    /// `yield from` resuming a generator, and that generator yielding back, switch frames here
    /// without leaving the loop ([`Interp::resumable_frame`]).
    #[inline(always)]
    fn execute(&self, thread: &mut Thread) -> Step {
        let Some(top) = thread.last_mut() else {
            return Step::Error(error("SystemError", "no frame to run"), true);
        };
        let mut f: &mut Frame = top;
        let mut code = f.code.clone();
        let mut ops = &code.ops[..];
        let preemptible = self.native_depth.get() == 0;
        let mut ip = f.ip;
        let step = 'run: loop {
            // Runs `frame` (a resumed generator's) on top of the current frame.
            macro_rules! switch_to_pushed {
                ($frame:expr) => {{
                    let frame = $frame;
                    f.ip = ip;
                    thread.push(frame);
                    f = thread.last_mut().expect("a frame was just pushed");
                    code = f.code.clone();
                    ops = &code.ops[..];
                    ip = f.ip;
                    continue;
                }};
            }
            // Runs the frame of a plain Python call on top of the current frame: the steps of
            // `push_call` and of `run`'s `Step::Push`, without leaving (the recursion limit was
            // checked by `plain_call_frame`).
            macro_rules! call_in_loop {
                ($frame:expr) => {{
                    let frame = $frame;
                    self.depth.set(self.depth.get() + 1);
                    f.ip = ip;
                    thread.push(frame);
                    f = thread.last_mut().expect("a frame was just pushed");
                    code = f.code.clone();
                    ops = &code.ops[..];
                    ip = 0;
                    if self.tick() && preemptible {
                        self.refill_budget();
                        break 'run Step::Preempt;
                    }
                    continue;
                }};
            }
            macro_rules! pop {
                () => {
                    f.stack.pop().unwrap_or_default()
                };
            }
            macro_rules! top {
                () => {
                    match f.stack.last() {
                        Some(v) => v,
                        None => break 'run Step::Error(error("SystemError", "empty value stack"), true),
                    }
                };
            }
            macro_rules! dropped {
                () => {
                    if super::super::modules::asyncio::any_unawaited() {
                        self.report_unawaited(Some(code.line_at(ip - 1)));
                    }
                };
            }
            macro_rules! tryv {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => break 'run Step::Error(e, true),
                    }
                };
            }
            let Some(&op) = ops.get(ip) else {
                break 'run Step::Error(error("SystemError", "the frame ran past its code"), true);
            };
            ip += 1;
            match op {
                Op::Nop => {}
                Op::PopTop => {
                    if let Some(v) = f.stack.pop() {
                        v.release();
                    }
                    dropped!();
                }
                Op::Copy(n) => {
                    let len = f.stack.len();
                    let v = f.stack.get(len.wrapping_sub(n as usize)).cloned().unwrap_or_default();
                    f.stack.push(v);
                }
                Op::Swap(n) => {
                    let len = f.stack.len();
                    if (n as usize) <= len {
                        f.stack.swap(len - 1, len - n as usize);
                    }
                }
                Op::PushNull => f.stack.push(Value::NotImplemented),
                Op::LoadConst(i) => {
                    f.stack.push(code.consts.get(i as usize).map(Value::clone_inline).unwrap_or_default())
                }
                Op::LoadFast(i) => match f.locals.get(i as usize) {
                    Some(Some(v)) => {
                        let v = v.clone_inline();
                        f.stack.push(v);
                    }
                    _ => break 'run Step::Error(self.unbound_local(&code.varnames, i), true),
                },
                Op::StoreFast(i) => {
                    let v = pop!();
                    if let Some(slot) = f.locals.get_mut(i as usize) {
                        if let Some(old) = slot.replace(v) {
                            old.release();
                        }
                    }
                }
                Op::DeleteFast(i) => {
                    match f.locals.get_mut(i as usize) {
                        Some(slot @ Some(_)) => *slot = None,
                        _ => break 'run Step::Error(self.unbound_local(&code.varnames, i), true),
                    }
                    dropped!();
                }
                Op::LoadDeref(i) => {
                    let v = f.cells.get(i as usize).and_then(|c| c.0.borrow().clone());
                    match v {
                        Some(v) => f.stack.push(v),
                        None => break 'run Step::Error(self.unbound_cell(&code, i), true),
                    }
                }
                Op::StoreDeref(i) => {
                    let v = pop!();
                    if let Some(c) = f.cells.get(i as usize) {
                        *c.0.borrow_mut() = Some(v);
                    }
                }
                Op::DeleteDeref(i) => {
                    let had = f.cells.get(i as usize).and_then(|c| c.0.borrow_mut().take());
                    if had.is_none() {
                        break 'run Step::Error(self.unbound_cell(&code, i), true);
                    }
                }
                Op::LoadClosure(i) => {
                    let cell = f.cells.get(i as usize).cloned().unwrap_or_else(|| Rc::new(CellObj::default()));
                    f.stack.push(Value::Cell(cell));
                }
                Op::LoadClassDeref(i) => {
                    let name = cell_name(&code, i);
                    let in_namespace = f.namespace.as_ref().and_then(|ns| ns.borrow().get(name).cloned());
                    match in_namespace {
                        Some(v) => f.stack.push(v),
                        None => match f.cells.get(i as usize).and_then(|c| c.0.borrow().clone()) {
                            Some(v) => f.stack.push(v),
                            None => break 'run Step::Error(self.unbound_cell(&code, i), true),
                        },
                    }
                }
                Op::LoadGlobal(slot) => {
                    let found = f.globals.globals.borrow().get(slot as usize).cloned().flatten();
                    match found {
                        Some(v) => f.stack.push(v),
                        None => {
                            let name = f.globals.names.borrow().get(slot as usize).copied();
                            match name.and_then(|n| self.builtins.get(n)) {
                                Some(v) => f.stack.push(v),
                                None => break 'run Step::Error(self.name_error(name), true),
                            }
                        }
                    }
                }
                Op::StoreGlobal(slot) => {
                    let v = pop!();
                    let old = {
                        let mut globals = f.globals.globals.borrow_mut();
                        globals.get_mut(slot as usize).and_then(|g| g.replace(v))
                    };
                    drop(old);
                    dropped!();
                }
                Op::DeleteGlobal(slot) => {
                    let had = f.globals.globals.borrow_mut().get_mut(slot as usize).and_then(|g| g.take());
                    if had.is_none() {
                        let name = f.globals.names.borrow().get(slot as usize).copied();
                        break 'run Step::Error(self.name_error(name), true);
                    }
                    drop(had);
                    dropped!();
                }
                Op::LoadName(i) => {
                    let name = code.names[i as usize];
                    let local = f.namespace.as_ref().and_then(|ns| ns.borrow().get(name).cloned());
                    match local.or_else(|| f.globals.get(name)).or_else(|| self.builtins.get(name)) {
                        Some(v) => f.stack.push(v),
                        None => break 'run Step::Error(self.name_error(Some(name)), true),
                    }
                }
                Op::StoreName(i) => {
                    let name = code.names[i as usize];
                    let v = pop!();
                    match &f.namespace {
                        Some(ns) => ns.borrow_mut().set(name, v),
                        None => f.globals.set(name, v),
                    }
                }
                Op::DeleteName(i) => {
                    let name = code.names[i as usize];
                    let removed = match &f.namespace {
                        Some(ns) => ns.borrow_mut().remove(name).is_some(),
                        None => false,
                    };
                    if !removed {
                        break 'run Step::Error(self.name_error(Some(name)), true);
                    }
                }
                Op::LoadAttr(i) => {
                    let obj = pop!();
                    let v = tryv!(self.getattr(&obj, code.names[i as usize]));
                    f.stack.push(v);
                }
                Op::StoreAttr(i) => {
                    let obj = pop!();
                    let v = pop!();
                    tryv!(self.setattr(&obj, code.names[i as usize], v));
                }
                Op::DeleteAttr(i) => {
                    let obj = pop!();
                    tryv!(self.delattr(&obj, code.names[i as usize]));
                }
                Op::LoadMethod(i) => {
                    let obj = pop!();
                    match tryv!(self.load_method(&obj, code.names[i as usize])) {
                        Some(func) => {
                            f.stack.push(func);
                            f.stack.push(obj);
                        }
                        None => {
                            let v = tryv!(self.getattr(&obj, code.names[i as usize]));
                            f.stack.push(Value::NotImplemented);
                            f.stack.push(v);
                        }
                    }
                }
                Op::BinarySubscr => {
                    let key = pop!();
                    let obj = pop!();
                    let v = tryv!(self.getitem(&obj, &key));
                    f.stack.push(v);
                }
                Op::StoreSubscr => {
                    let key = pop!();
                    let obj = pop!();
                    let v = pop!();
                    tryv!(self.setitem(&obj, key, v));
                }
                Op::DeleteSubscr => {
                    let key = pop!();
                    let obj = pop!();
                    tryv!(self.delitem(&obj, &key));
                }
                Op::BuildSlice(n) => {
                    let step = if n == 3 { pop!() } else { Value::None };
                    let stop = pop!();
                    let start = pop!();
                    f.stack.push(Value::Slice(Rc::new(super::super::value::Slice { start, stop, step })));
                }
                Op::Binary(op) => {
                    let r = pop!();
                    let l = pop!();
                    if let Some(v) = small_int_op(op, &l, &r) {
                        l.release();
                        r.release();
                        f.stack.push(v);
                        continue;
                    }
                    let v = tryv!(self.binary_op(op, &l, &r));
                    f.stack.push(v);
                }
                Op::Inplace(op) => {
                    let r = pop!();
                    let l = pop!();
                    if let Some(v) = small_int_op(op, &l, &r) {
                        l.release();
                        r.release();
                        f.stack.push(v);
                        continue;
                    }
                    let v = tryv!(self.inplace_op(op, &l, &r));
                    f.stack.push(v);
                }
                Op::UnaryNegative => {
                    let v = pop!();
                    let r = tryv!(self.unary_negative(&v));
                    f.stack.push(r);
                }
                Op::UnaryPositive => {
                    let v = pop!();
                    let r = tryv!(self.unary_positive(&v));
                    f.stack.push(r);
                }
                Op::UnaryNot => {
                    let v = pop!();
                    let t = tryv!(self.truthy(&v));
                    f.stack.push(Value::Bool(!t));
                }
                Op::UnaryInvert => {
                    let v = pop!();
                    let r = tryv!(self.unary_invert(&v));
                    f.stack.push(r);
                }
                Op::Compare(c) => {
                    let r = pop!();
                    let l = pop!();
                    let v = match (&l, &r) {
                        (Value::Int(a), Value::Int(b)) => Value::Bool(compare_ints(c, *a, *b)),
                        _ => tryv!(self.compare(c, &l, &r)),
                    };
                    f.stack.push(v);
                }
                Op::Is(invert) => {
                    let r = pop!();
                    let l = pop!();
                    f.stack.push(Value::Bool(l.is(&r) != invert));
                }
                Op::Contains(invert) => {
                    let container = pop!();
                    let item = pop!();
                    let found = tryv!(self.contains(&container, &item));
                    f.stack.push(Value::Bool(found != invert));
                }
                Op::BuildTuple(n) => {
                    let at = f.stack.len().saturating_sub(n as usize);
                    let items = f.stack.split_off(at);
                    f.stack.push(Value::tuple(items));
                }
                Op::BuildList(n) => {
                    let at = f.stack.len().saturating_sub(n as usize);
                    let items = f.stack.split_off(at);
                    f.stack.push(Value::list(items));
                }
                Op::BuildSet(n) => {
                    let all_constant = n & (1 << 31) != 0;
                    let n = (n & !(1 << 31)) as usize;
                    let at = f.stack.len().saturating_sub(n);
                    let items = f.stack.split_off(at);
                    let set = tryv!(self.build_set(items, all_constant));
                    f.stack.push(set);
                }
                Op::BuildMap(n) => {
                    let at = f.stack.len().saturating_sub(2 * n as usize);
                    let items = f.stack.split_off(at);
                    let d = tryv!(self.build_dict(items));
                    f.stack.push(d);
                }
                Op::BuildString(n) => {
                    let at = f.stack.len().saturating_sub(n as usize);
                    let parts = f.stack.split_off(at);
                    let mut s = String::new();
                    for p in &parts {
                        if let Value::Str(p) = p {
                            s.push_str(p.as_str());
                        }
                    }
                    f.stack.push(Value::string(s));
                }
                Op::FormatValue(flags) => {
                    let spec = if flags & 4 != 0 { pop!() } else { Value::None };
                    let v = pop!();
                    let v = match flags & 3 {
                        1 => Value::string(tryv!(self.str_of(&v))),
                        2 => Value::string(tryv!(self.repr(&v))),
                        3 => Value::string(super::super::text::ascii(&tryv!(self.repr(&v)))),
                        _ => v,
                    };
                    let spec = spec.as_str().unwrap_or("").to_string();
                    let s = match (&v, spec.is_empty()) {
                        (Value::Str(_), true) => v,
                        _ => Value::string(tryv!(self.format(&v, &spec))),
                    };
                    f.stack.push(s);
                }
                Op::ListAppend(n) => {
                    let v = pop!();
                    let len = f.stack.len();
                    if let Some(Value::List(l)) = f.stack.get(len.wrapping_sub(n as usize)) {
                        let mut items = l.0.borrow_mut();
                        if items.len() >= super::MAX_ITEMS {
                            break 'run Step::Error(error("MemoryError", ""), true);
                        }
                        items.push(v);
                    }
                }
                Op::SetAdd(n) => {
                    let v = pop!();
                    let len = f.stack.len();
                    if let Some(set) = f.stack.get(len.wrapping_sub(n as usize)).cloned() {
                        tryv!(self.set_add(&set, v));
                    }
                }
                Op::MapAdd(n) => {
                    let value = pop!();
                    let key = pop!();
                    let len = f.stack.len();
                    if let Some(d) = f.stack.get(len.wrapping_sub(n as usize)).cloned() {
                        tryv!(self.dict_set(&d, key, value));
                    }
                }
                Op::ListExtend(n) => {
                    let iterable = pop!();
                    let items = tryv!(self.collect(&iterable));
                    let len = f.stack.len();
                    if let Some(Value::List(l)) = f.stack.get(len.wrapping_sub(n as usize)) {
                        l.0.borrow_mut().extend(items);
                    }
                }
                Op::SetUpdate(n) => {
                    let iterable = pop!();
                    let len = f.stack.len();
                    if let Some(Value::Set(set)) = f.stack.get(len.wrapping_sub(n as usize)).cloned() {
                        tryv!(self.set_update_with(&set, &iterable));
                    }
                }
                Op::DictUpdate(n) | Op::DictMerge(n) => {
                    let other = pop!();
                    let len = f.stack.len();
                    if let Some(d) = f.stack.get(len.wrapping_sub(n as usize)).cloned() {
                        let merge = matches!(op, Op::DictMerge(_));
                        tryv!(self.dict_update(&d, &other, merge));
                    }
                }
                Op::ListToTuple => {
                    let v = pop!();
                    let items = match &v {
                        Value::List(l) => l.0.borrow().clone(),
                        _ => Vec::new(),
                    };
                    f.stack.push(Value::tuple(items));
                }
                Op::UnpackSequence(n) => {
                    let seq = pop!();
                    let items = tryv!(self.unpack(&seq, n as usize));
                    f.stack.extend(items.into_iter().rev());
                }
                Op::UnpackEx(spec) => {
                    let seq = pop!();
                    let before = (spec & 0xff) as usize;
                    let after = (spec >> 8) as usize;
                    let items = tryv!(self.unpack_ex(&seq, before, after));
                    f.stack.extend(items.into_iter().rev());
                }
                Op::Jump(t) => {
                    let t = t as usize;
                    if t < ip && self.tick() && preemptible {
                        ip = t;
                        self.refill_budget();
                        break 'run Step::Preempt;
                    }
                    ip = t;
                }
                Op::PopJumpIfFalse(t) => {
                    let v = pop!();
                    let truth = match v {
                        Value::Bool(b) => b,
                        Value::Int(i) => i != 0,
                        Value::None => false,
                        _ => tryv!(self.truthy(&v)),
                    };
                    v.release();
                    if !truth {
                        ip = t as usize;
                    }
                }
                Op::PopJumpIfTrue(t) => {
                    let v = pop!();
                    let truth = match v {
                        Value::Bool(b) => b,
                        Value::Int(i) => i != 0,
                        Value::None => false,
                        _ => tryv!(self.truthy(&v)),
                    };
                    v.release();
                    if truth {
                        ip = t as usize;
                    }
                }
                Op::PopJumpIfNone(t) => {
                    if pop!().is_none() {
                        ip = t as usize;
                    }
                }
                Op::PopJumpIfNotNone(t) => {
                    if !pop!().is_none() {
                        ip = t as usize;
                    }
                }
                Op::JumpIfFalseOrPop(t) => {
                    let truth = tryv!(self.truthy(top!()));
                    if truth {
                        f.stack.pop();
                    } else {
                        ip = t as usize;
                    }
                }
                Op::JumpIfTrueOrPop(t) => {
                    let truth = tryv!(self.truthy(top!()));
                    if truth {
                        ip = t as usize;
                    } else {
                        f.stack.pop();
                    }
                }
                Op::GetIter => {
                    let v = pop!();
                    let it = tryv!(self.get_iter(&v));
                    f.stack.push(it);
                }
                Op::ForIter(t) => {
                    // The common case first: a range, stepped in place.
                    let ranged: Option<Option<i64>> = match f.stack.last() {
                        Some(Value::Iter(iter)) => match iter.kind.try_borrow_mut() {
                            Ok(mut kind) => match &mut *kind {
                                IterKind::Range { next, step, left } => Some(if *left == 0 {
                                    None
                                } else {
                                    let v = *next;
                                    *left -= 1;
                                    *next = next.wrapping_add(*step);
                                    Some(v)
                                }),
                                _ => None,
                            },
                            Err(_) => None,
                        },
                        _ => None,
                    };
                    match ranged {
                        Some(Some(v)) => {
                            f.stack.push(Value::Int(v));
                            continue;
                        }
                        Some(None) => {
                            f.stack.pop();
                            ip = t as usize;
                            continue;
                        }
                        None => {}
                    }
                    if let Some(Value::Generator(g)) = f.stack.last() {
                        match self.resumable_frame(g.clone(), Value::None, Resumer::ForIter) {
                            Ok(frame) => switch_to_pushed!(frame),
                            Err((g, sent)) => break 'run Step::Resume(g, Input::Send(sent), Resumer::ForIter),
                        }
                    }
                    let it = top!().clone();
                    match &it {
                        Value::Iter(iter) => match tryv!(self.iter_next(iter)) {
                            Some(v) => f.stack.push(v),
                            None => {
                                f.stack.pop();
                                ip = t as usize;
                            }
                        },
                        Value::Generator(g) => {
                            break 'run Step::Resume(g.clone(), Input::Send(Value::None), Resumer::ForIter);
                        }
                        other => match tryv!(self.next_of(other)) {
                            Some(v) => f.stack.push(v),
                            None => {
                                f.stack.pop();
                                ip = t as usize;
                            }
                        },
                    }
                }
                Op::MakeFunction(flags) => {
                    let code_value = pop!();
                    let closure = if flags & 8 != 0 { pop!() } else { Value::None };
                    let annotations = if flags & 4 != 0 { Some(pop!()) } else { None };
                    let kwdefaults = if flags & 2 != 0 { pop!() } else { Value::None };
                    let defaults = if flags & 1 != 0 { pop!() } else { Value::None };
                    let func = tryv!(self.make_function(code_value, defaults, kwdefaults, closure, f.globals.clone()));
                    if let (Value::Function(new), Some(a)) = (&func, annotations) {
                        new.attrs.borrow_mut().set(super::super::names::sym::__annotations__, a);
                    }
                    f.stack.push(func);
                }
                Op::Call(n) => {
                    note_line(self, f, &code, ip);
                    let at = f.stack.len().saturating_sub(n as usize + 1);
                    if let Some(frame) = self.plain_call_frame(&mut f.stack, at, n as usize) {
                        dropped!();
                        call_in_loop!(frame);
                    }
                    let result = {
                        let (callable, args) = f.stack[at..].split_first().expect("a call has its callable");
                        self.invoke(callable, args, &[])
                    };
                    let result = self.hold_arguments(result, &f.stack[at..]);
                    f.stack.truncate(at);
                    dropped!();
                    match tryv!(result) {
                        Invoked::Value(v) => f.stack.push(v),
                        Invoked::Frame(frame) => break 'run self.push_call(f, frame, preemptible),
                    }
                }
                Op::CallMethod(n) => {
                    note_line(self, f, &code, ip);
                    let len = f.stack.len();
                    let at = len.saturating_sub(n as usize + 2);
                    let unbound = matches!(f.stack.get(at), Some(Value::NotImplemented));
                    let plain = match unbound {
                        true => self.plain_call_frame(&mut f.stack, at + 1, n as usize),
                        false => self.plain_call_frame(&mut f.stack, at, n as usize + 1),
                    };
                    if let Some(frame) = plain {
                        f.stack.truncate(at);
                        dropped!();
                        call_in_loop!(frame);
                    }
                    let result = if unbound {
                        let (callable, args) = f.stack[at + 1..].split_first().expect("a call has its callable");
                        self.invoke(callable, args, &[])
                    } else {
                        let (callable, args) = f.stack[at..].split_first().expect("a call has its callable");
                        self.invoke(callable, args, &[])
                    };
                    let result = self.hold_arguments(result, &f.stack[at..]);
                    f.stack.truncate(at);
                    dropped!();
                    match tryv!(result) {
                        Invoked::Value(v) => f.stack.push(v),
                        Invoked::Frame(frame) => break 'run self.push_call(f, frame, preemptible),
                    }
                }
                Op::CallKw(n) => {
                    note_line(self, f, &code, ip);
                    let names = pop!();
                    let names: Vec<Sym> = match &names {
                        Value::Tuple(t) => t.0.iter().map(|v| Sym::new(v.as_str().unwrap_or(""))).collect(),
                        _ => Vec::new(),
                    };
                    let at = f.stack.len().saturating_sub(n as usize + 1);
                    let npos = (n as usize).saturating_sub(names.len());
                    let result = {
                        let (callable, args) = f.stack[at..].split_first().expect("a call has its callable");
                        let kwargs: Vec<(Sym, Value)> =
                            names.iter().copied().zip(args[npos..].iter().cloned()).collect();
                        self.invoke(callable, &args[..npos], &kwargs)
                    };
                    let result = self.hold_arguments(result, &f.stack[at..]);
                    f.stack.truncate(at);
                    dropped!();
                    match tryv!(result) {
                        Invoked::Value(v) => f.stack.push(v),
                        Invoked::Frame(frame) => break 'run self.push_call(f, frame, preemptible),
                    }
                }
                Op::CallEx(flags) => {
                    note_line(self, f, &code, ip);
                    let kwargs = if flags & 1 != 0 { pop!() } else { Value::None };
                    let args = pop!();
                    let callable = pop!();
                    let args: Vec<Value> = match &args {
                        Value::Tuple(t) => t.0.to_vec(),
                        _ => Vec::new(),
                    };
                    let kwargs = tryv!(self.kwargs_of(&kwargs));
                    match tryv!(self.invoke(&callable, &args, &kwargs)) {
                        Invoked::Value(v) => f.stack.push(v),
                        Invoked::Frame(frame) => break 'run self.push_call(f, frame, preemptible),
                    }
                }
                Op::ReturnValue => {
                    let v = pop!();
                    // A function returning to the frame below: what `finish_frame` and `run`
                    // do for it, without leaving.
                    if !matches!(f.kind, FrameKind::Function) {
                        break 'run Step::Return(v);
                    }
                    f.ip = ip;
                    if thread.len() < 2 {
                        f = thread.last_mut().expect("the returning frame is on the thread");
                        break 'run Step::Return(v);
                    }
                    let frame = thread.pop().expect("the returning frame is on the thread");
                    self.depth.set(self.depth.get().saturating_sub(1));
                    self.recycle(frame);
                    f = thread.last_mut().expect("a frame is below the returning one");
                    f.stack.push(v);
                    code = f.code.clone();
                    ops = &code.ops[..];
                    ip = f.ip;
                    if super::super::modules::asyncio::any_unawaited() {
                        self.report_unawaited(Some(f.line()));
                    }
                    if f.pending.is_some() {
                        break 'run Step::Switched;
                    }
                }
                Op::YieldValue => {
                    let v = pop!();
                    // A generator yielding to the `for` loop or `yield from` just below it, with
                    // nobody watching: what `suspend_frame` and `deliver` do, without leaving.
                    let to_frame_below = !self.watching.get()
                        && matches!(f.kind, FrameKind::Generator { resumer: Resumer::ForIter | Resumer::Send, .. });
                    if !to_frame_below {
                        break 'run Step::Yield(v);
                    }
                    f.ip = ip;
                    if thread.len() < 2 {
                        f = thread.last_mut().expect("the yielding frame is on the thread");
                        break 'run Step::Yield(v);
                    }
                    let mut frame = thread.pop().expect("the yielding frame is on the thread");
                    self.depth.set(self.depth.get().saturating_sub(1));
                    if let FrameKind::Generator { gen, .. } = std::mem::replace(&mut frame.kind, FrameKind::Function) {
                        gen.line.set(frame.line());
                        gen.state.set(GenState::Suspended);
                        *gen.frame.borrow_mut() = Some(frame);
                    }
                    f = thread.last_mut().expect("a frame is below the generator's");
                    f.stack.push(v);
                    code = f.code.clone();
                    ops = &code.ops[..];
                    ip = f.ip;
                    if f.pending.is_some() {
                        break 'run Step::Switched;
                    }
                }
                Op::Send(t) => {
                    let v = pop!();
                    if let Some(Value::Generator(g)) = f.stack.last() {
                        match self.resumable_frame(g.clone(), v, Resumer::Send) {
                            Ok(frame) => switch_to_pushed!(frame),
                            Err((g, sent)) => break 'run Step::Resume(g, Input::Send(sent), Resumer::Send),
                        }
                    }
                    let sub = top!().clone();
                    if let Value::Instance(i) = &sub {
                        if let Some(step) = i.native::<super::super::value::AsyncGenStep>() {
                            let input = step.first.borrow_mut().take().unwrap_or(Input::Send(v));
                            let resumer = if step.close { Resumer::AsyncClose } else { Resumer::AsyncStep };
                            break 'run Step::Resume(step.gen.clone(), input, resumer);
                        }
                    }
                    match &sub {
                        Value::Generator(g) => {
                            break 'run Step::Resume(g.clone(), Input::Send(v), Resumer::Send);
                        }
                        Value::Iter(iter) => {
                            if !v.is_none() {
                                let name = iter.kind.borrow().type_name();
                                break 'run Step::Error(
                                    error("AttributeError", format!("'{name}' object has no attribute 'send'")),
                                    true,
                                );
                            }
                            match tryv!(self.iter_next(iter)) {
                                Some(item) => f.stack.push(item),
                                None => {
                                    f.stack.pop();
                                    f.stack.push(Value::None);
                                    ip = t as usize;
                                }
                            }
                        }
                        other => match tryv!(self.send_to(other, v)) {
                            super::eval::GenResult::Yielded(item) => f.stack.push(item),
                            super::eval::GenResult::Returned(r) => {
                                f.stack.pop();
                                f.stack.push(r);
                                ip = t as usize;
                            }
                        },
                    }
                }
                Op::GetYieldFromIter => {
                    let v = pop!();
                    let it = match &v {
                        Value::Generator(g) if g.kind == GenKind::Coroutine => {
                            break 'run Step::Error(
                                type_error("cannot 'yield from' a coroutine object in a non-coroutine generator"),
                                true,
                            )
                        }
                        Value::Generator(_) => v,
                        _ => tryv!(self.get_iter(&v)),
                    };
                    f.stack.push(it);
                }
                Op::GetAwaitable => {
                    let v = pop!();
                    let aw = tryv!(self.get_awaitable(&v));
                    f.stack.push(aw);
                }
                Op::GetAIter => {
                    let v = pop!();
                    let it = tryv!(self.get_aiter(&v));
                    f.stack.push(it);
                }
                Op::GetANext => {
                    let aw = tryv!(self.get_anext(top!()));
                    f.stack.push(aw);
                }
                Op::EndAsyncFor => {
                    let exc = pop!();
                    if !self.is_instance_of(&exc, "StopAsyncIteration") {
                        break 'run Step::Error(Unwind::Raise(exc), false);
                    }
                    pop!();
                }
                Op::SetupFinally(t) => f.blocks.push(Block { handler: t, level: f.stack.len() as u32 }),
                Op::SetupWith(t) => f.blocks.push(Block { handler: t, level: f.stack.len().saturating_sub(1) as u32 }),
                Op::PopBlock => {
                    f.blocks.pop();
                }
                Op::PushExcInfo => {
                    let exc = pop!();
                    f.stack.push(f.handled.take().unwrap_or_default());
                    f.stack.push(exc.clone());
                    f.handled = Some(exc);
                }
                Op::PopExcept => {
                    let prev = pop!();
                    f.handled = if prev.is_none() { None } else { Some(prev) };
                }
                Op::CheckExcMatch => {
                    let typ = pop!();
                    let matched = tryv!(self.exception_matches(top!(), &typ));
                    f.stack.push(Value::Bool(matched));
                }
                Op::Reraise => break 'run Step::Error(Unwind::Raise(pop!()), false),
                Op::Raise(n) => {
                    if n == 0 {
                        break 'run Step::ReraiseActive;
                    }
                    let cause = if n == 2 { Some(pop!()) } else { None };
                    let exc = pop!();
                    let exc = tryv!(self.make_raisable(exc));
                    if let Some(cause) = cause {
                        let cause = if cause.is_none() { None } else { Some(tryv!(self.make_raisable(cause))) };
                        self.set_cause(&exc, cause);
                    }
                    break 'run Step::Error(Unwind::Raise(exc), true);
                }
                Op::BeforeWith => {
                    let mgr = pop!();
                    let (exit, entered) = tryv!(self.enter_context(&mgr));
                    f.stack.push(exit);
                    f.stack.push(entered);
                }
                Op::BeforeAsyncWith => {
                    let mgr = pop!();
                    let (exit, awaitable) = tryv!(self.enter_async_context(&mgr));
                    f.stack.push(exit);
                    f.stack.push(awaitable);
                }
                Op::WithExceptStart => {
                    let len = f.stack.len();
                    let exc = f.stack.get(len.wrapping_sub(1)).cloned().unwrap_or_default();
                    let exit = f.stack.get(len.wrapping_sub(3)).cloned().unwrap_or_default();
                    let typ = Value::Class(self.type_of(&exc));
                    let result = tryv!(self.call(&exit, &[typ, exc, Value::None], &[]));
                    f.stack.push(result);
                }
                Op::LoadAssertionError => f.stack.push(Value::Class(self.exception_class("AssertionError"))),
                Op::LoadBuildClass => f.stack.push(self.build_class_builtin()),
                Op::ImportName(i) => {
                    let m = tryv!(self.import(code.names[i as usize]));
                    f.stack.push(m);
                }
                Op::ImportFrom(i) => {
                    let name = code.names[i as usize];
                    let m = top!().clone();
                    let v = tryv!(self.import_from(&m, name));
                    f.stack.push(v);
                }
                Op::Locals => {
                    let d = Value::dict(Default::default());
                    let pairs: Vec<(Sym, Value)> = match &f.namespace {
                        Some(ns) => ns.borrow().iter().map(|(k, v)| (*k, v.clone())).collect(),
                        None if code.kind == super::super::code::CodeKind::Module => f.globals.items(),
                        None => f.local_pairs(),
                    };
                    for (k, v) in pairs {
                        tryv!(self.dict_set(&d, Value::str(k.as_str()), v));
                    }
                    f.stack.push(d);
                }
                Op::LoadSuper(i) => {
                    let class = f.cells.get(i as usize).and_then(|c| c.0.borrow().clone());
                    let first = first_argument(f);
                    let v = tryv!(self.make_super(class, first));
                    f.stack.push(v);
                }
            }
        };
        f.ip = ip;
        step
    }

    /// A Python call from the evaluation loop: the new frame goes on the thread (and the
    /// budget is charged, so that deep or endless recursion-free call chains still yield).
    fn push_call(&self, f: &mut Frame, frame: Box<Frame>, preemptible: bool) -> Step {
        let _ = f;
        if self.tick() && preemptible {
            self.refill_budget();
            return Step::PushThenPreempt(frame);
        }
        Step::Push(frame)
    }

    /// An exception out of a call keeps the call's arguments alive, as CPython's traceback
    /// keeps the frame holding them: they are freed when the exception is.
    fn hold_arguments(&self, result: VmResult<Invoked>, args: &[Value]) -> VmResult<Invoked> {
        match result {
            Err(e @ (Unwind::Raise(_) | Unwind::Native(_))) => {
                let exc = self.exception_value(e);
                if let Value::Instance(i) = &exc {
                    if let Some(d) = i.exception() {
                        d.borrow_mut().held = args.to_vec();
                    }
                }
                Err(Unwind::Raise(exc))
            }
            other => other,
        }
    }

    fn unbound_local(&self, varnames: &[Sym], i: u32) -> Unwind {
        let name = varnames.get(i as usize).map_or("?", |n| n.as_str());
        error(
            "UnboundLocalError",
            format!("cannot access local variable '{name}' where it is not associated with a value"),
        )
    }

    fn unbound_cell(&self, code: &super::super::code::Code, i: u32) -> Unwind {
        let name = cell_name(code, i);
        if (i as usize) < code.cellvars.len() {
            error(
                "UnboundLocalError",
                format!("cannot access local variable '{name}' where it is not associated with a value"),
            )
        } else {
            error(
                "NameError",
                format!(
                    "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
                ),
            )
        }
    }

    pub fn name_error(&self, name: Option<Sym>) -> Unwind {
        let name = name.map_or("?", |n| n.as_str());
        error("NameError", format!("name '{name}' is not defined"))
    }

    /// `StopIteration(value)`.
    pub fn stop_iteration(&self, value: Value) -> Unwind {
        let exc = self.new_exception_args("StopIteration", if value.is_none() { Vec::new() } else { vec![value] });
        Unwind::Raise(exc)
    }
}

/// The line of a generator's frame as it calls native code (a task's repr shows where its
/// coroutine is running); of any other frame's call, while generators are watched (the call
/// may be `next(g)`).
#[inline]
fn note_line(interp: &Interp, f: &Frame, code: &super::super::code::Code, ip: usize) {
    match &f.kind {
        FrameKind::Generator { gen, .. } => gen.line.set(code.line_at(ip - 1)),
        _ => interp.note_call_line(code.line_at(ip - 1)),
    }
}

fn value_error_fmt(message: String) -> Unwind {
    Unwind::Native(Exception::new("ValueError", message))
}

fn cell_name(code: &super::super::code::Code, i: u32) -> Sym {
    let i = i as usize;
    if i < code.cellvars.len() {
        code.cellvars[i]
    } else {
        code.freevars.get(i - code.cellvars.len()).copied().unwrap_or(super::super::names::sym::dummy)
    }
}

/// The frame's first argument (`self` for `super()`), wherever it lives.
fn first_argument(f: &Frame) -> Option<Value> {
    if let Some(Some(v)) = f.locals.first() {
        return Some(v.clone());
    }
    let first = *f.code.varnames.first()?;
    let cell = f.code.cellvars.iter().position(|c| *c == first)?;
    f.cells.get(cell).and_then(|c| c.0.borrow().clone())
}

#[inline]
fn compare_ints(c: super::super::code::Compare, a: i64, b: i64) -> bool {
    use super::super::code::Compare::*;
    match c {
        Lt => a < b,
        Le => a <= b,
        Eq => a == b,
        Ne => a != b,
        Gt => a > b,
        Ge => a >= b,
    }
}

/// `IterKind` is matched here only to keep its import used by the loop's fast paths.
#[allow(dead_code)]
fn is_native_iterator(kind: &IterKind) -> bool {
    !matches!(kind, IterKind::Done { .. })
}

crate::opaque_debug!(Input, Outcome, GenResult, Invoked);

/// `a + b`, `a - b`, `a * b`, `a % b`, `a // b`, `a & b`, `a | b` and `a ^ b` of two small ints
/// without overflow: the common case, without a call (the same for `a += b`: ints have no in-place form). `None` for everything else.
#[inline(always)]
fn small_int_op(op: super::super::number::BinaryOp, l: &Value, r: &Value) -> Option<Value> {
    use super::super::number::BinaryOp;
    let (Value::Int(a), Value::Int(b)) = (l, r) else { return None };
    let (a, b) = (*a, *b);
    match op {
        BinaryOp::Add => a.checked_add(b).map(Value::Int),
        BinaryOp::Sub => a.checked_sub(b).map(Value::Int),
        BinaryOp::Mul => a.checked_mul(b).map(Value::Int),
        // Python rounds toward negative infinity: the remainder takes the divisor's sign.
        // Zero divisors and `i64::MIN // -1` go the long way (its error, its big int).
        BinaryOp::Mod if b != 0 => {
            a.checked_rem(b).map(|m| Value::Int(if m != 0 && (m < 0) != (b < 0) { m + b } else { m }))
        }
        BinaryOp::FloorDiv if b != 0 => {
            a.checked_div(b).map(|q| Value::Int(if (a % b != 0) && ((a < 0) != (b < 0)) { q - 1 } else { q }))
        }
        BinaryOp::And => Some(Value::Int(a & b)),
        BinaryOp::Or => Some(Value::Int(a | b)),
        BinaryOp::Xor => Some(Value::Int(a ^ b)),
        _ => None,
    }
}
