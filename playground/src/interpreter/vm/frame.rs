//! A frame: one activation of a code object, with its own value stack, locals and block stack.
//! Frames live on a [`Thread`] while they run; a generator's frame moves into its generator
//! object when it suspends and back onto a thread when resumed, so no Python call ever uses the
//! Rust stack.

use std::cell::RefCell;
use std::rc::Rc;

use super::super::code::Code;
use super::super::names::Sym;
use super::super::value::{Attrs, CellObj, Generator, Module, Value};
use super::Unwind;

/// A `try` block: where its handler starts, and how high the value stack was.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    pub handler: u32,
    pub level: u32,
}

/// Who resumed a generator's frame, and so where its yield or return goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resumer {
    /// The bottom of a thread: the run returns to its driver (a task, `next()` from Rust, ...).
    Base,
    /// `FOR_ITER` in the frame below.
    ForIter,
    /// `SEND` (`yield from`, `await`) in the frame below.
    Send,
    /// A call of `send`/`__next__`/`throw`/`next()` in the frame below: a return is
    /// `StopIteration`.
    Call,
    /// `await` of an asynchronous generator's `__anext__`/`asend`/`athrow` in the frame below:
    /// what its `await`s yield goes on to the loop, a `yield` is the await's result, and a
    /// return is `StopAsyncIteration`.
    AsyncStep,
    /// The same for `aclose()`: `GeneratorExit` (or a return) ends it; a `yield` is an error.
    AsyncClose,
}

/// What the frame's result means to the frame below it.
pub enum FrameKind {
    Function,
    /// `__init__` of a new object: the object is the call's result.
    Init(Value),
    /// A class body: its namespace becomes the class. Boxed: a frame's kind is replaced at
    /// every resumption and suspension of a generator, and stays two words this way.
    ClassBody(Box<ClassHeader>),
    /// A generator's or coroutine's frame, while it runs.
    Generator {
        gen: Rc<Generator>,
        resumer: Resumer,
    },
}

/// What a class statement gives its body's frame, to make the class with.
pub struct ClassHeader {
    pub name: Value,
    pub bases: Vec<Value>,
    pub keywords: Vec<(Sym, Value)>,
}

pub struct Frame {
    pub code: Rc<Code>,
    pub ip: usize,
    pub stack: Vec<Value>,
    pub locals: Vec<Option<Value>>,
    pub cells: Vec<Rc<CellObj>>,
    pub blocks: Vec<Block>,
    pub globals: Rc<Module>,
    /// A class body's namespace.
    pub namespace: Option<Rc<RefCell<Attrs>>>,
    /// The exception an `except` or `finally` block of this frame is handling.
    pub handled: Option<Value>,
    pub kind: FrameKind,
    /// An exception to raise when the frame resumes (`throw()`).
    pub pending: Option<Unwind>,
}

impl Frame {
    pub fn new(code: Rc<Code>, globals: Rc<Module>) -> Frame {
        let nlocals = code.nlocals();
        let stack = Vec::with_capacity(code.max_stack as usize);
        Frame {
            code,
            ip: 0,
            stack,
            locals: vec![None; nlocals],
            cells: Vec::new(),
            blocks: Vec::new(),
            globals,
            namespace: None,
            handled: None,
            kind: FrameKind::Function,
            pending: None,
        }
    }

    /// Makes a pooled frame ready for `code`.
    pub fn reset(&mut self, code: Rc<Code>, globals: Rc<Module>) {
        let nlocals = code.nlocals();
        self.locals.clear();
        self.locals.resize(nlocals, None);
        self.code = code;
        self.ip = 0;
        self.globals = globals;
    }

    /// Makes a pooled (or new) frame ready for `code`, its first locals the arguments taken
    /// from the end of `stack` (from `from` on), which is cut to `from`.
    #[inline]
    pub fn start_with_args(&mut self, code: &Rc<Code>, globals: &Rc<Module>, stack: &mut Vec<Value>, from: usize) {
        // A pooled frame's locals are all unbound (`clear`), usually as many as needed.
        let nlocals = code.nlocals();
        if self.locals.len() != nlocals {
            self.locals.resize(nlocals, None);
        }
        for (slot, v) in self.locals.iter_mut().zip(stack.get(from..).unwrap_or_default()) {
            *slot = Some(v.clone_inline());
        }
        while stack.len() > from {
            if let Some(v) = stack.pop() {
                v.release();
            }
        }
        // A pooled frame that ran the same function keeps its code and globals.
        if !Rc::ptr_eq(&self.code, code) {
            self.code = code.clone();
        }
        if !Rc::ptr_eq(&self.globals, globals) {
            self.globals = globals.clone();
        }
        self.ip = 0;
    }

    /// Drops what the frame holds, keeping its vectors' capacity.
    pub fn clear(&mut self) {
        // Popped one by one: the unboxed values (most) are dropped inline.
        while let Some(v) = self.stack.pop() {
            v.release();
        }
        // The locals are unbound, not removed: the next function the frame runs probably has
        // as many (`start_with_args`).
        for slot in self.locals.iter_mut() {
            if let Some(v) = slot.take() {
                v.release();
            }
        }
        if !self.cells.is_empty() {
            self.cells.clear();
        }
        self.blocks.clear();
        if self.namespace.is_some() {
            self.namespace = None;
        }
        if self.handled.is_some() {
            self.handled = None;
        }
        if !matches!(self.kind, FrameKind::Function) {
            self.kind = FrameKind::Function;
        }
        if self.pending.is_some() {
            self.pending = None;
        }
    }

    /// The line being executed (of the last instruction started).
    pub fn line(&self) -> u32 {
        if self.ip == 0 {
            self.code.first_line
        } else {
            self.code.line_at(self.ip - 1)
        }
    }

    /// The bound local variables of a function's frame, as `locals()` gives them: parameters
    /// and locals, then cell and free variables.
    pub fn local_pairs(&self) -> Vec<(Sym, Value)> {
        let code = &self.code;
        let locals = code.varnames.iter().zip(&self.locals).filter_map(|(n, v)| v.clone().map(|v| (*n, v)));
        let cells = code.cellvars.iter().chain(&code.freevars).zip(&self.cells);
        let cells = cells.filter_map(|(n, c)| c.0.borrow().clone().map(|v| (*n, v)));
        locals.chain(cells).collect()
    }

    pub fn generator(&self) -> Option<&Rc<Generator>> {
        match &self.kind {
            FrameKind::Generator { gen, .. } => Some(gen),
            _ => None,
        }
    }
}

/// The frames of one run, the bottom one first.
pub type Thread = Vec<Box<Frame>>;

crate::opaque_debug!(FrameKind, ClassHeader, Frame);
