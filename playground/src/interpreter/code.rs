//! Bytecode: what the compiler makes of each function, lambda, comprehension, class body and
//! module, and what the VM runs. The instruction set follows CPython 3.11's (`Include/opcode.h`)
//! where it can, simplified: a block stack for `try` instead of an exception table, and
//! operands resolved at compile time (local slots, global slots, constant indices).

use std::rc::Rc;

use super::names::Sym;
use super::number::BinaryOp;
use super::value::Value;

/// How a comparison compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

/// One instruction. Jump targets are instruction indices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Nop,
    PopTop,
    /// Push a copy of the `n`th item from the top (1 is the top).
    Copy(u32),
    /// Swap the top with the `n`th item from the top.
    Swap(u32),
    /// Push a `NULL` marker (before a callable called with [`Op::CallMethod`]).
    PushNull,
    LoadConst(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// Cells: the code's cell variables, then its free variables.
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// Push the cell itself (to build a closure).
    LoadClosure(u32),
    /// In a class body: the namespace first, then the cell.
    LoadClassDeref(u32),
    /// Module globals by slot, then builtins.
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Class bodies: the namespace, then globals, then builtins (`names[i]`).
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    /// `obj.name` for a call: pushes the function and `obj`, or `NULL` and the attribute.
    LoadMethod(u32),
    BinarySubscr,
    StoreSubscr,
    DeleteSubscr,
    /// `BUILD_SLICE 2|3`.
    BuildSlice(u32),
    Binary(BinaryOp),
    /// `x op= y`: `__iop__` first.
    Inplace(BinaryOp),
    UnaryNegative,
    UnaryPositive,
    UnaryNot,
    UnaryInvert,
    Compare(Compare),
    /// `is` (`is not` when true).
    Is(bool),
    /// `in` (`not in` when true).
    Contains(bool),
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// From `2n` items: key, value, key, value...
    BuildMap(u32),
    /// Concatenates `n` strings (f-strings).
    BuildString(u32),
    /// `FORMAT_VALUE`: the low two bits are the conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`),
    /// bit 2 says a format spec is on the stack.
    FormatValue(u32),
    /// Comprehensions: append the top to the list `n` items down.
    ListAppend(u32),
    SetAdd(u32),
    /// Key and value (value on top) into the dict `n` items down.
    MapAdd(u32),
    ListExtend(u32),
    SetUpdate(u32),
    DictUpdate(u32),
    /// `**mapping` in a call: like update, but duplicate keys are a `TypeError`.
    DictMerge(u32),
    ListToTuple,
    UnpackSequence(u32),
    /// `a, *b, c = ...`: `before | after << 8`.
    UnpackEx(u32),
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    PopJumpIfNone(u32),
    PopJumpIfNotNone(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Push the iterator's next item, or pop the iterator and jump when it is exhausted.
    ForIter(u32),
    /// Pops the code object, then (by the flags) a closure tuple, a kw-defaults dict and a
    /// defaults tuple: bit 0 defaults, bit 1 kw defaults, bit 3 closure.
    MakeFunction(u32),
    /// `callable, args...`.
    Call(u32),
    /// `callable_or_NULL, self_or_callable, args...`, as left by [`Op::LoadMethod`] or
    /// [`Op::PushNull`].
    CallMethod(u32),
    /// `callable, args..., kwnames` (a tuple of the last arguments' names).
    CallKw(u32),
    /// `callable, args tuple[, kwargs dict]` (1 when the dict is there).
    CallEx(u32),
    ReturnValue,
    YieldValue,
    /// `yield from`/`await`: send the top into the iterator below it; when it returns, replace
    /// both with its value and jump.
    Send(u32),
    GetYieldFromIter,
    /// `await`'s operand: a coroutine, or an object with `__await__`.
    GetAwaitable,
    /// `async for`: `type(x).__aiter__(x)`.
    GetAIter,
    /// `async for`: the iterator stays, and the awaitable of its `__anext__()` is pushed.
    GetANext,
    /// `async for`'s handler: `iterator, exc` -> nothing when `exc` is `StopAsyncIteration`
    /// (the loop is over), else `exc` is raised again.
    EndAsyncFor,
    /// Pushes a block: on an exception, the stack is cut back to its height now, the exception
    /// pushed and the handler run.
    SetupFinally(u32),
    /// As `SetupFinally`, but the block's height leaves out the top item (`with`'s
    /// `__enter__` result).
    SetupWith(u32),
    PopBlock,
    /// Exception handler entry: `exc` becomes `prev_handled, exc`, and `exc` the exception
    /// being handled.
    PushExcInfo,
    /// Pops the previously handled exception and restores it.
    PopExcept,
    /// `exc, type` -> `exc, matched`.
    CheckExcMatch,
    /// Re-raise the exception on top, as it is.
    Reraise,
    /// `raise` (0), `raise exc` (1), `raise exc from cause` (2).
    Raise(u32),
    /// `with`: `mgr` -> `__exit__, __enter__()`.
    BeforeWith,
    /// `async with`: `mgr` -> `__aexit__, awaitable of __aenter__()`.
    BeforeAsyncWith,
    /// `exit, prev, exc` -> `exit, prev, exc, exit(type, exc, tb)`.
    WithExceptStart,
    LoadAssertionError,
    LoadBuildClass,
    /// `import name` (`names[i]`; pops the `fromlist`).
    ImportName(u32),
    /// `from module import names[i]`: the module stays on the stack.
    ImportFrom(u32),
    /// `super()` without arguments: pushes `super(__class__, first argument)`; the operand is
    /// the cell index of `__class__`.
    LoadSuper(u32),
    /// `locals()` and `vars()` without arguments: a new dict of the frame's bound names.
    Locals,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    Module,
    Function,
    Lambda,
    Class,
    /// A list, set or dict comprehension, or a generator expression.
    Comprehension,
}

/// A compiled body.
#[derive(Debug)]
pub struct Code {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub kind: CodeKind,
    pub is_generator: bool,
    pub is_coroutine: bool,
    /// Positional parameters, `posonly` of them positional-only.
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub varargs: bool,
    pub varkeywords: bool,
    /// Local variable names, the parameters first.
    pub varnames: Vec<Sym>,
    /// Locals that live in cells (closed over by inner functions).
    pub cellvars: Vec<Sym>,
    /// For each cell variable that is also a parameter, its parameter slot.
    pub cell_params: Vec<(u32, u32)>,
    pub freevars: Vec<Sym>,
    /// Names for attribute, import and (in class bodies) namespace instructions.
    pub names: Vec<Sym>,
    pub consts: Vec<Value>,
    pub ops: Vec<Op>,
    /// The source line of each instruction.
    pub lines: Vec<u32>,
    /// The source position of each instruction (`co_positions()`).
    pub positions: Vec<super::ast::Loc>,
    pub first_line: u32,
    /// The deepest the value stack gets (so a frame allocates once).
    pub max_stack: u32,
    /// Code the interpreter wrote in Python (the prelude): left out of tracebacks.
    pub hidden: bool,
    /// A function's docstring (`__doc__`).
    pub doc: Option<Rc<str>>,
}

impl Code {
    pub fn line_at(&self, ip: usize) -> u32 {
        self.lines.get(ip).copied().unwrap_or(self.first_line)
    }

    /// Where the instruction at `ip` came from in the source.
    pub fn position_at(&self, ip: usize) -> Option<super::ast::Loc> {
        self.positions.get(ip).copied()
    }

    pub fn nlocals(&self) -> usize {
        self.varnames.len()
    }

    /// The number of parameters, `*args` and `**kwargs` included.
    pub fn nparams(&self) -> usize {
        (self.argcount + self.kwonlyargcount) as usize + self.varargs as usize + self.varkeywords as usize
    }
}
