//! AST -> bytecode: CPython 3.11's `compile.c` for the subset. One [`Code`] per module,
//! function, lambda, comprehension and class body; names resolved by [`scope`] to local slots,
//! cells, global slots or (in class bodies) namespace lookups.
//!
//! `try`, `with` and loops keep a stack of "frame blocks" while compiling, as CPython's compiler
//! does, so that `return`, `break` and `continue` inside them first run what leaving the block
//! must run (a `finally` body, `__exit__`, popping a loop's iterator).

pub mod scope;

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use super::ast::{
    self, Arguments, BoolOp, CmpOp, Comprehension, Constant, ExceptHandler, Expr, ExprContext, ExprKind, Keyword, Loc,
    Operator, Stmt, StmtKind, UnaryOp, WithItem,
};
use super::code::{Code, CodeKind, Compare, Op};
use super::error::ErrorKind;
use super::int::Int;
use super::names::Sym;
use super::number::BinaryOp;
use super::value::{Module, Value};
use scope::{node_key, NameScope, ScopeInfo, Scopes};

/// A program the compiler refuses: CPython's compile-time `SyntaxError`s, and constructs
/// outside the playground's subset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub kind: ErrorKind,
    pub msg: String,
    pub line: u32,
}

impl CompileError {
    pub fn syntax(msg: impl Into<String>, line: u32) -> CompileError {
        CompileError { kind: ErrorKind::SyntaxError, msg: msg.into(), line }
    }

    /// `NotImplementedError: <what> are not supported in this playground (line N)`.
    pub fn unsupported(what: &str, line: u32) -> CompileError {
        CompileError {
            kind: ErrorKind::NotImplementedError,
            msg: format!("{what} are not supported in this playground (line {line})"),
            line,
        }
    }
}

type CResult<T> = Result<T, CompileError>;

/// What leaving a block must do (CPython's `fblockinfo`).
#[derive(Clone)]
enum FBlock<'a> {
    WhileLoop { start: usize, breaks: Vec<usize> },
    ForLoop { start: usize, breaks: Vec<usize> },
    TryExcept,
    FinallyTry { body: &'a [Stmt] },
    FinallyEnd,
    With { is_async: bool, line: u32 },
    HandlerCleanup { name: Option<Sym> },
    ExceptionHandler,
    PopValue,
}

#[derive(Hash, PartialEq, Eq)]
enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Rc<str>),
}

/// The code being compiled for one scope.
struct Unit<'a> {
    scope: &'a ScopeInfo,
    kind: CodeKind,
    name: Rc<str>,
    qualname: Rc<str>,
    ops: Vec<Op>,
    lines: Vec<u32>,
    /// Each instruction's source position: the expression (or statement) it was compiled
    /// from, as CPython's `co_positions()` gives it (tracebacks point at it with carets).
    positions: Vec<Loc>,
    consts: Vec<Value>,
    const_index: HashMap<ConstKey, u32>,
    names: Vec<Sym>,
    name_index: HashMap<Sym, u32>,
    varnames: Vec<Sym>,
    cells: Vec<Sym>,
    ncellvars: usize,
    fblocks: Vec<FBlock<'a>>,
    line: u32,
    /// The node being compiled.
    loc: Loc,
    first_line: u32,
    doc: Option<Rc<str>>,
}

/// Compiles a module's AST. Global names get their slots in `module`.
pub fn compile_module(body: &[Stmt], module: &Rc<Module>, hidden: bool) -> CResult<Rc<Code>> {
    let scopes = scope::analyze(body)?;
    let future_annotations = body.iter().any(|s| match &s.kind {
        StmtKind::ImportFrom { module: Some(m), names, .. } => {
            &**m == "__future__" && names.iter().any(|a| &*a.name == "annotations")
        }
        _ => false,
    });
    let mut c = Compiler { scopes: &scopes, module, units: Vec::new(), hidden, future_annotations, private: None };
    let info = c.scope(0)?;
    c.push_unit(info, CodeKind::Module, "<module>".into(), "<module>".into(), 1);
    c.setup_annotations(body);
    c.stmts(body)?;
    c.load_const_none();
    c.emit(Op::ReturnValue);
    Ok(c.pop_unit(0, 0, 0, false, false))
}

struct Compiler<'a> {
    scopes: &'a Scopes,
    module: &'a Rc<Module>,
    units: Vec<Unit<'a>>,
    hidden: bool,
    /// `from __future__ import annotations`: annotations are not evaluated (CPython keeps them
    /// as strings; this interpreter leaves them out of `__annotations__`).
    future_annotations: bool,
    /// The innermost enclosing class's name, for private names (`__x` is `_C__x`).
    private: Option<Rc<str>>,
}

/// The text of a body's docstring: its first statement, when that is a string literal.
fn docstring(body: &[Stmt]) -> Option<Rc<str>> {
    match &body.first()?.kind {
        StmtKind::Expr { value } => match &*value.kind {
            ExprKind::Constant { value: ast::Constant::Str(s), .. } => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a module or class body annotates a simple name (`x: int`) outside nested functions
/// and classes: then its namespace gets `__annotations__` first (`SETUP_ANNOTATIONS`).
fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { simple, .. } => *simple,
        StmtKind::For(f) | StmtKind::AsyncFor(f) => has_annotations(&f.body) || has_annotations(&f.orelse),
        StmtKind::While { body, orelse, .. } | StmtKind::If { body, orelse, .. } => {
            has_annotations(body) || has_annotations(orelse)
        }
        StmtKind::With(w) | StmtKind::AsyncWith(w) => has_annotations(&w.body),
        StmtKind::Try { body, handlers, orelse, finalbody } => {
            has_annotations(body)
                || has_annotations(orelse)
                || has_annotations(finalbody)
                || handlers.iter().any(|h| has_annotations(&h.body))
        }
        _ => false,
    })
}

fn binary_op(op: Operator, line: u32) -> CResult<BinaryOp> {
    Ok(match op {
        Operator::Add => BinaryOp::Add,
        Operator::Sub => BinaryOp::Sub,
        Operator::Mult => BinaryOp::Mul,
        Operator::Div => BinaryOp::TrueDiv,
        Operator::FloorDiv => BinaryOp::FloorDiv,
        Operator::Mod => BinaryOp::Mod,
        Operator::Pow => BinaryOp::Pow,
        Operator::LShift => BinaryOp::LShift,
        Operator::RShift => BinaryOp::RShift,
        Operator::BitAnd => BinaryOp::And,
        Operator::BitOr => BinaryOp::Or,
        Operator::BitXor => BinaryOp::Xor,
        Operator::MatMult => return Err(CompileError::unsupported("'@' (matrix multiplication) operators", line)),
    })
}

impl<'a> Compiler<'a> {
    fn scope(&self, key: usize) -> CResult<&'a ScopeInfo> {
        self.scopes.by_node.get(&key).ok_or_else(|| CompileError::syntax("internal error: a scope was not analyzed", 0))
    }

    fn unit(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a unit is open while compiling")
    }

    fn u(&self) -> &Unit<'a> {
        self.units.last().expect("a unit is open while compiling")
    }

    fn push_unit(&mut self, scope: &'a ScopeInfo, kind: CodeKind, name: Rc<str>, qualname: Rc<str>, line: u32) {
        let mut cells = scope.cellvars.clone();
        let ncellvars = cells.len();
        cells.extend(scope.freevars.iter().copied());
        self.units.push(Unit {
            scope,
            kind,
            name,
            qualname,
            ops: Vec::new(),
            lines: Vec::new(),
            positions: Vec::new(),
            consts: Vec::new(),
            const_index: HashMap::default(),
            names: Vec::new(),
            name_index: HashMap::default(),
            varnames: scope.varnames.clone(),
            cells,
            ncellvars,
            fblocks: Vec::new(),
            line,
            loc: Loc::default(),
            first_line: line,
            doc: None,
        });
    }

    fn pop_unit(&mut self, argcount: u32, posonly: u32, kwonly: u32, varargs: bool, varkw: bool) -> Rc<Code> {
        let u = self.units.pop().expect("a unit is open while compiling");
        let cellvars: Vec<Sym> = u.cells[..u.ncellvars].to_vec();
        let freevars: Vec<Sym> = u.cells[u.ncellvars..].to_vec();
        let cell_params = cellvars
            .iter()
            .enumerate()
            .filter_map(|(ci, name)| {
                let nparams = (argcount + kwonly) as usize + varargs as usize + varkw as usize;
                u.varnames[..nparams.min(u.varnames.len())]
                    .iter()
                    .position(|v| v == name)
                    .map(|pi| (ci as u32, pi as u32))
            })
            .collect();
        let max_stack = estimate_stack(&u.ops);
        Rc::new(Code {
            name: u.name,
            qualname: u.qualname,
            kind: u.kind,
            is_generator: u.scope.is_generator,
            is_coroutine: u.scope.is_coroutine,
            argcount,
            posonlyargcount: posonly,
            kwonlyargcount: kwonly,
            varargs,
            varkeywords: varkw,
            varnames: u.varnames,
            cellvars,
            cell_params,
            freevars,
            names: u.names,
            consts: u.consts,
            ops: u.ops,
            lines: u.lines,
            positions: u.positions,
            first_line: u.first_line,
            max_stack,
            hidden: self.hidden,
            doc: u.doc,
        })
    }

    fn emit(&mut self, op: Op) -> usize {
        let u = self.unit();
        u.ops.push(op);
        u.lines.push(u.line);
        u.positions.push(u.loc);
        u.ops.len() - 1
    }

    fn here(&self) -> usize {
        self.u().ops.len()
    }

    /// Points the jump at `at` to the next instruction.
    fn patch(&mut self, at: usize) {
        let target = self.here() as u32;
        self.patch_to(at, target);
    }

    fn patch_to(&mut self, at: usize, target: u32) {
        let op = &mut self.unit().ops[at];
        *op = match *op {
            Op::Jump(_) => Op::Jump(target),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(target),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(target),
            Op::PopJumpIfNone(_) => Op::PopJumpIfNone(target),
            Op::PopJumpIfNotNone(_) => Op::PopJumpIfNotNone(target),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(target),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(target),
            Op::ForIter(_) => Op::ForIter(target),
            Op::SetupFinally(_) => Op::SetupFinally(target),
            Op::SetupWith(_) => Op::SetupWith(target),
            Op::Send(_) => Op::Send(target),
            other => other,
        };
    }

    fn set_line(&mut self, line: u32) -> u32 {
        let u = self.unit();
        std::mem::replace(&mut u.line, line)
    }

    /// The node whose instructions follow; returns the one before.
    fn set_loc(&mut self, loc: Loc) -> Loc {
        let u = self.unit();
        std::mem::replace(&mut u.loc, loc)
    }

    fn add_const(&mut self, value: Value, key: Option<ConstKey>) -> u32 {
        let u = self.unit();
        if let Some(k) = &key {
            if let Some(&i) = u.const_index.get(k) {
                return i;
            }
        }
        u.consts.push(value);
        let i = (u.consts.len() - 1) as u32;
        if let Some(k) = key {
            u.const_index.insert(k, i);
        }
        i
    }

    fn load_const_none(&mut self) {
        let i = self.add_const(Value::None, Some(ConstKey::None));
        self.emit(Op::LoadConst(i));
    }

    fn load_str(&mut self, s: &str) {
        let i = self.add_const(Value::str(s), Some(ConstKey::Str(s.into())));
        self.emit(Op::LoadConst(i));
    }

    #[allow(dead_code)]
    fn load_int(&mut self, v: i64) {
        let i = self.add_const(Value::Int(v), Some(ConstKey::Int(v)));
        self.emit(Op::LoadConst(i));
    }

    fn name_index(&mut self, name: Sym) -> u32 {
        let u = self.unit();
        if let Some(&i) = u.name_index.get(&name) {
            return i;
        }
        u.names.push(name);
        let i = (u.names.len() - 1) as u32;
        u.name_index.insert(name, i);
        i
    }

    fn cell_index(&self, name: Sym) -> Option<u32> {
        self.u().cells.iter().position(|c| *c == name).map(|i| i as u32)
    }

    fn local_index(&self, name: Sym) -> Option<u32> {
        self.u().varnames.iter().position(|c| *c == name).map(|i| i as u32)
    }

    fn global_slot(&self, name: Sym) -> u32 {
        self.module.slot(name) as u32
    }

    /// Loads, stores or deletes a variable, by its scope.
    /// A name as the current class stores it (`__x` is `_C__x` in class `C`).
    fn mangled(&self, name: &str) -> Sym {
        Sym::new(&scope::mangle(self.private.as_deref(), name))
    }

    fn name_op(&mut self, name: &str, ctx: ExprContext) -> CResult<()> {
        let sym = self.mangled(name);
        let kind = self.u().kind;
        let scope = self.u().scope.scope_of(sym);
        let op = match (kind, scope) {
            (CodeKind::Module, _) => {
                let slot = self.global_slot(sym);
                match ctx {
                    ExprContext::Load => Op::LoadGlobal(slot),
                    ExprContext::Store => Op::StoreGlobal(slot),
                    ExprContext::Del => Op::DeleteGlobal(slot),
                }
            }
            (_, NameScope::GlobalExplicit) => {
                let slot = self.global_slot(sym);
                match ctx {
                    ExprContext::Load => Op::LoadGlobal(slot),
                    ExprContext::Store => Op::StoreGlobal(slot),
                    ExprContext::Del => Op::DeleteGlobal(slot),
                }
            }
            (CodeKind::Class, NameScope::Free) if ctx == ExprContext::Load => {
                let i = self.cell_index(sym).unwrap_or(0);
                Op::LoadClassDeref(i)
            }
            (CodeKind::Class, NameScope::Local | NameScope::GlobalImplicit) => {
                let i = self.name_index(sym);
                match ctx {
                    ExprContext::Load => Op::LoadName(i),
                    ExprContext::Store => Op::StoreName(i),
                    ExprContext::Del => Op::DeleteName(i),
                }
            }
            (_, NameScope::Cell | NameScope::Free) => {
                let Some(i) = self.cell_index(sym) else {
                    return Err(CompileError::syntax(format!("internal error: no cell for '{name}'"), self.u().line));
                };
                match ctx {
                    ExprContext::Load => Op::LoadDeref(i),
                    ExprContext::Store => Op::StoreDeref(i),
                    ExprContext::Del => Op::DeleteDeref(i),
                }
            }
            (_, NameScope::Local) => {
                let Some(i) = self.local_index(sym) else {
                    return Err(CompileError::syntax(format!("internal error: no slot for '{name}'"), self.u().line));
                };
                match ctx {
                    ExprContext::Load => Op::LoadFast(i),
                    ExprContext::Store => Op::StoreFast(i),
                    ExprContext::Del => Op::DeleteFast(i),
                }
            }
            (_, NameScope::GlobalImplicit) => {
                let slot = self.global_slot(sym);
                match ctx {
                    ExprContext::Load => Op::LoadGlobal(slot),
                    ExprContext::Store => Op::StoreGlobal(slot),
                    ExprContext::Del => Op::DeleteGlobal(slot),
                }
            }
        };
        self.emit(op);
        Ok(())
    }

    // ----- statements -----

    fn stmts(&mut self, body: &'a [Stmt]) -> CResult<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult<()> {
        let line = s.loc.lineno;
        let saved = self.set_line(line);
        let saved_loc = self.set_loc(s.loc);
        let result = self.stmt_inner(s, line);
        self.set_line(saved);
        self.set_loc(saved_loc);
        result
    }

    fn stmt_inner(&mut self, s: &'a Stmt, line: u32) -> CResult<()> {
        match &s.kind {
            StmtKind::FunctionDef(f) => self.function_def(s, f, false),
            StmtKind::AsyncFunctionDef(f) => self.function_def(s, f, true),
            StmtKind::ClassDef { name, bases, keywords, body, decorator_list } => {
                self.class_def(s, name, bases, keywords, body, decorator_list)
            }
            StmtKind::Return { value } => {
                if self.u().kind == CodeKind::Module || self.u().kind == CodeKind::Class {
                    return Err(CompileError::syntax("'return' outside function", line));
                }
                match value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const_none(),
                }
                self.unwind_fblock_stack(true, false)?;
                self.emit(Op::ReturnValue);
                Ok(())
            }
            StmtKind::Delete { targets } => {
                for t in targets {
                    self.delete_target(t)?;
                }
                Ok(())
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Copy(1));
                    }
                    self.store_target(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value),
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.store_target(target)?;
                }
                // At module and class level, `__annotations__['x'] = annotation`.
                let namespace = matches!(self.u().kind, CodeKind::Module | CodeKind::Class);
                if let (true, true, false, ExprKind::Name { id, .. }) =
                    (*simple, namespace, self.future_annotations, &*target.kind)
                {
                    self.expr(annotation)?;
                    self.name_op("__annotations__", ExprContext::Load)?;
                    let name = self.mangled(id);
                    self.load_str(name.as_str());
                    self.emit(Op::StoreSubscr);
                }
                Ok(())
            }
            StmtKind::For(f) => self.for_loop(&f.target, &f.iter, &f.body, &f.orelse),
            StmtKind::AsyncFor(f) => self.async_for_loop(&f.target, &f.iter, &f.body, &f.orelse),
            StmtKind::While { test, body, orelse } => self.while_loop(test, body, orelse),
            StmtKind::If { test, body, orelse } => {
                let else_jump = self.jump_if(test, false)?;
                self.stmts(body)?;
                if orelse.is_empty() {
                    self.patch(else_jump);
                } else {
                    let end = self.emit(Op::Jump(0));
                    self.patch(else_jump);
                    self.stmts(orelse)?;
                    self.patch(end);
                }
                Ok(())
            }
            StmtKind::With(w) => self.with(&w.items, &w.body, false, line),
            StmtKind::AsyncWith(w) => {
                if !self.u().scope.is_coroutine {
                    return Err(CompileError::syntax("'async with' outside async function", line));
                }
                self.with(&w.items, &w.body, true, line)
            }
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Op::Raise(n));
                Ok(())
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse)
                } else {
                    self.try_finally(body, handlers, orelse, finalbody)
                }
            }
            StmtKind::Assert { test, msg } => {
                let end = self.jump_if(test, true)?;
                self.emit(Op::LoadAssertionError);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(Op::Call(1));
                }
                self.emit(Op::Raise(1));
                self.patch(end);
                Ok(())
            }
            StmtKind::Import { names } => {
                for a in names {
                    if a.name.contains('.') {
                        return Err(CompileError::unsupported("imports of submodules", line));
                    }
                    let i = self.name_index(Sym::new(&a.name));
                    self.emit(Op::ImportName(i));
                    let bound = a.asname.as_deref().unwrap_or(&a.name);
                    self.name_op(bound, ExprContext::Store)?;
                }
                Ok(())
            }
            StmtKind::ImportFrom { module, names, level } => {
                if *level > 0 {
                    return Err(CompileError::unsupported("relative imports", line));
                }
                let Some(module) = module else {
                    return Err(CompileError::unsupported("relative imports", line));
                };
                let i = self.name_index(Sym::new(module));
                self.emit(Op::ImportName(i));
                for a in names {
                    let n = self.name_index(Sym::new(&a.name));
                    self.emit(Op::ImportFrom(n));
                    self.name_op(a.asname.as_deref().unwrap_or(&a.name), ExprContext::Store)?;
                }
                self.emit(Op::PopTop);
                Ok(())
            }
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } | StmtKind::Pass => Ok(()),
            StmtKind::Expr { value } => {
                if matches!(*value.kind, ExprKind::Constant { .. }) {
                    return Ok(());
                }
                self.expr(value)?;
                self.emit(Op::PopTop);
                Ok(())
            }
            StmtKind::Break => self.break_or_continue(true, line),
            StmtKind::Continue => self.break_or_continue(false, line),
        }
    }

    fn break_or_continue(&mut self, is_break: bool, line: u32) -> CResult<()> {
        let loop_index = self.unwind_fblock_stack(false, true)?;
        let Some(index) = loop_index else {
            let what = if is_break { "'break' outside loop" } else { "'continue' not properly in loop" };
            return Err(CompileError::syntax(what, line));
        };
        if is_break {
            if matches!(self.u().fblocks[index], FBlock::ForLoop { .. }) {
                self.emit(Op::PopTop);
            }
            let j = self.emit(Op::Jump(0));
            match &mut self.unit().fblocks[index] {
                FBlock::WhileLoop { breaks, .. } | FBlock::ForLoop { breaks, .. } => breaks.push(j),
                _ => {}
            }
        } else {
            let start = match &self.u().fblocks[index] {
                FBlock::WhileLoop { start, .. } | FBlock::ForLoop { start, .. } => *start,
                _ => 0,
            };
            self.emit(Op::Jump(start as u32));
        }
        Ok(())
    }

    /// Emits what leaving every enclosing block needs, innermost first (`return`), or up to the
    /// innermost loop (`break`/`continue`), whose index it returns.
    fn unwind_fblock_stack(&mut self, preserve_tos: bool, stop_at_loop: bool) -> CResult<Option<usize>> {
        let Some(top) = self.u().fblocks.last().cloned() else {
            return Ok(None);
        };
        if stop_at_loop && matches!(top, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
            return Ok(Some(self.u().fblocks.len() - 1));
        }
        let popped = self.unit().fblocks.pop().expect("checked above");
        self.unwind_fblock(&popped, preserve_tos)?;
        let found = self.unwind_fblock_stack(preserve_tos, stop_at_loop)?;
        self.unit().fblocks.push(popped);
        Ok(found)
    }

    fn unwind_fblock(&mut self, fb: &FBlock<'a>, preserve_tos: bool) -> CResult<()> {
        match fb {
            FBlock::WhileLoop { .. } | FBlock::ExceptionHandler => {}
            FBlock::ForLoop { .. } | FBlock::PopValue => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopTop);
            }
            FBlock::TryExcept => {
                self.emit(Op::PopBlock);
            }
            FBlock::FinallyTry { body } => {
                self.emit(Op::PopBlock);
                if preserve_tos {
                    self.unit().fblocks.push(FBlock::PopValue);
                }
                self.stmts(body)?;
                if preserve_tos {
                    self.unit().fblocks.pop();
                }
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopTop);
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopBlock);
                self.emit(Op::PopExcept);
            }
            FBlock::With { is_async, line } => {
                let saved = self.set_line(*line);
                self.emit(Op::PopBlock);
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.call_exit_with_nones();
                if *is_async {
                    self.emit(Op::GetAwaitable);
                    self.load_const_none();
                    self.yield_from();
                }
                self.emit(Op::PopTop);
                self.set_line(saved);
            }
            FBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.emit(Op::PopBlock);
                }
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopBlock);
                self.emit(Op::PopExcept);
                if let Some(n) = name {
                    self.load_const_none();
                    self.name_op(n.as_str(), ExprContext::Store)?;
                    self.name_op(n.as_str(), ExprContext::Del)?;
                }
            }
        }
        Ok(())
    }

    fn call_exit_with_nones(&mut self) {
        self.load_const_none();
        self.load_const_none();
        self.load_const_none();
        self.emit(Op::Call(3));
    }

    fn while_loop(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> CResult<()> {
        let start = self.here();
        let always = matches!(&*test.kind, ExprKind::Constant { value: Constant::Bool(true), .. })
            || matches!(&*test.kind, ExprKind::Constant { value: Constant::Int(ast::Int::Small(n)), .. } if *n != 0);
        let exit = if always { None } else { Some(self.jump_if(test, false)?) };
        self.unit().fblocks.push(FBlock::WhileLoop { start, breaks: Vec::new() });
        self.stmts(body)?;
        self.emit(Op::Jump(start as u32));
        let Some(FBlock::WhileLoop { breaks, .. }) = self.unit().fblocks.pop() else {
            return Err(CompileError::syntax("internal error: loop block", 0));
        };
        if let Some(exit) = exit {
            self.patch(exit);
        }
        self.stmts(orelse)?;
        for b in breaks {
            self.patch(b);
        }
        Ok(())
    }

    fn for_loop(&mut self, target: &'a Expr, iter: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> CResult<()> {
        self.expr(iter)?;
        self.emit(Op::GetIter);
        let start = self.here();
        let for_iter = self.emit(Op::ForIter(0));
        let breaks = self.loop_body(start, target, body)?;
        self.patch(for_iter);
        self.stmts(orelse)?;
        for b in breaks {
            self.patch(b);
        }
        Ok(())
    }

    /// A `for` loop's body, the item on the stack: stored, the body run, back to `start`.
    /// The jumps of its `break`s, to patch.
    fn loop_body(&mut self, start: usize, target: &'a Expr, body: &'a [Stmt]) -> CResult<Vec<usize>> {
        self.unit().fblocks.push(FBlock::ForLoop { start, breaks: Vec::new() });
        self.store_target(target)?;
        self.stmts(body)?;
        self.emit(Op::Jump(start as u32));
        let Some(FBlock::ForLoop { breaks, .. }) = self.unit().fblocks.pop() else {
            return Err(CompileError::syntax("internal error: loop block", 0));
        };
        Ok(breaks)
    }

    /// `async for`: each item is `await anext(it)`, until that raises `StopAsyncIteration`.
    fn async_for_loop(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult<()> {
        self.expr(iter)?;
        self.emit(Op::GetAIter);
        let start = self.here();
        let setup = self.async_next()?;
        let breaks = self.loop_body(start, target, body)?;
        self.patch(setup);
        self.emit(Op::EndAsyncFor);
        self.stmts(orelse)?;
        for b in breaks {
            self.patch(b);
        }
        Ok(())
    }

    /// `await anext(it)` with `it` on the stack, in a block whose handler (to patch, returned)
    /// ends the loop on `StopAsyncIteration`.
    fn async_next(&mut self) -> CResult<usize> {
        if !self.u().scope.is_coroutine {
            return Err(CompileError::syntax("'async for' outside async function", self.u().line));
        }
        let setup = self.emit(Op::SetupFinally(0));
        self.emit(Op::GetANext);
        self.load_const_none();
        self.yield_from();
        self.emit(Op::PopBlock);
        Ok(setup)
    }

    fn try_except(&mut self, body: &'a [Stmt], handlers: &'a [ExceptHandler], orelse: &'a [Stmt]) -> CResult<()> {
        let setup = self.emit(Op::SetupFinally(0));
        self.unit().fblocks.push(FBlock::TryExcept);
        self.stmts(body)?;
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.stmts(orelse)?;
        let mut ends = vec![self.emit(Op::Jump(0))];
        // The handlers: the exception is on the stack.
        self.patch(setup);
        let cleanup = self.emit(Op::SetupFinally(0));
        self.emit(Op::PushExcInfo);
        self.unit().fblocks.push(FBlock::ExceptionHandler);
        for (i, h) in handlers.iter().enumerate() {
            let saved = self.set_line(h.loc.lineno);
            if h.type_.is_none() && i + 1 < handlers.len() {
                return Err(CompileError::syntax("default 'except:' must be last", h.loc.lineno));
            }
            let next = match &h.type_ {
                Some(t) => {
                    self.expr(t)?;
                    self.emit(Op::CheckExcMatch);
                    Some(self.emit(Op::PopJumpIfFalse(0)))
                }
                None => None,
            };
            match &h.name {
                Some(name) => {
                    let sym = Sym::new(name);
                    self.name_op(name, ExprContext::Store)?;
                    let cleanup_end = self.emit(Op::SetupFinally(0));
                    self.unit().fblocks.push(FBlock::HandlerCleanup { name: Some(sym) });
                    self.stmts(&h.body)?;
                    self.unit().fblocks.pop();
                    // The cleanup is artificial: it runs "at" the body's last line.
                    let last = self.u().lines.last().copied().unwrap_or(h.loc.lineno);
                    self.set_line(last);
                    self.emit(Op::PopBlock);
                    self.emit(Op::PopBlock);
                    self.emit(Op::PopExcept);
                    self.load_const_none();
                    self.name_op(name, ExprContext::Store)?;
                    self.name_op(name, ExprContext::Del)?;
                    ends.push(self.emit(Op::Jump(0)));
                    self.patch(cleanup_end);
                    self.load_const_none();
                    self.name_op(name, ExprContext::Store)?;
                    self.name_op(name, ExprContext::Del)?;
                    self.emit(Op::Reraise);
                }
                None => {
                    self.emit(Op::PopTop);
                    self.unit().fblocks.push(FBlock::HandlerCleanup { name: None });
                    self.stmts(&h.body)?;
                    self.unit().fblocks.pop();
                    self.emit(Op::PopBlock);
                    self.emit(Op::PopExcept);
                    ends.push(self.emit(Op::Jump(0)));
                }
            }
            if let Some(next) = next {
                self.patch(next);
            }
            self.set_line(saved);
        }
        self.unit().fblocks.pop();
        self.emit(Op::Reraise);
        // An exception in a handler: restore the exception handled before, and re-raise.
        self.patch(cleanup);
        self.emit(Op::Copy(2));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    fn try_finally(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
    ) -> CResult<()> {
        let setup = self.emit(Op::SetupFinally(0));
        self.unit().fblocks.push(FBlock::FinallyTry { body: finalbody });
        if handlers.is_empty() {
            self.stmts(body)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.stmts(finalbody)?;
        let end = self.emit(Op::Jump(0));
        // The exceptional path: run the body, then re-raise.
        self.patch(setup);
        let cleanup = self.emit(Op::SetupFinally(0));
        self.emit(Op::PushExcInfo);
        self.unit().fblocks.push(FBlock::FinallyEnd);
        self.stmts(finalbody)?;
        self.unit().fblocks.pop();
        self.emit(Op::Reraise);
        self.patch(cleanup);
        self.emit(Op::Copy(2));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(end);
        Ok(())
    }

    fn with(&mut self, items: &'a [WithItem], body: &'a [Stmt], is_async: bool, line: u32) -> CResult<()> {
        let Some((item, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        self.expr(&item.context_expr)?;
        if is_async {
            self.emit(Op::BeforeAsyncWith);
            self.emit(Op::GetAwaitable);
            self.load_const_none();
            self.yield_from();
        } else {
            self.emit(Op::BeforeWith);
        }
        let setup = self.emit(Op::SetupWith(0));
        self.unit().fblocks.push(FBlock::With { is_async, line });
        match &item.optional_vars {
            Some(target) => self.store_target(target)?,
            None => {
                self.emit(Op::PopTop);
            }
        }
        if rest.is_empty() {
            self.stmts(body)?;
        } else {
            self.with(rest, body, is_async, line)?;
        }
        self.unit().fblocks.pop();
        let saved = self.set_line(line);
        self.emit(Op::PopBlock);
        self.call_exit_with_nones();
        if is_async {
            self.emit(Op::GetAwaitable);
            self.load_const_none();
            self.yield_from();
        }
        self.emit(Op::PopTop);
        let end = self.emit(Op::Jump(0));
        // The exceptional path: `__exit__(type, exc, tb)`; a true result swallows it.
        self.patch(setup);
        let cleanup = self.emit(Op::SetupFinally(0));
        self.emit(Op::PushExcInfo);
        self.emit(Op::WithExceptStart);
        if is_async {
            self.emit(Op::GetAwaitable);
            self.load_const_none();
            self.yield_from();
        }
        let suppress = self.emit(Op::PopJumpIfTrue(0));
        self.emit(Op::Reraise);
        self.patch(cleanup);
        self.emit(Op::Copy(2));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(suppress);
        self.emit(Op::PopTop);
        self.emit(Op::PopBlock);
        self.emit(Op::PopExcept);
        self.emit(Op::PopTop);
        self.patch(end);
        self.set_line(saved);
        Ok(())
    }

    /// `SEND`/`YIELD_VALUE` loop of `yield from` and `await`: the iterator and the first value
    /// to send are on the stack; leaves the iterator's return value.
    fn yield_from(&mut self) {
        let send = self.emit(Op::Send(0));
        self.emit(Op::YieldValue);
        self.emit(Op::Jump(send as u32));
        self.patch(send);
    }

    fn qualname(&self, name: &str) -> Rc<str> {
        let Some(parent) = self.units.last() else {
            return name.into();
        };
        match parent.kind {
            CodeKind::Module => name.into(),
            CodeKind::Class => format!("{}.{name}", parent.qualname).into(),
            _ => format!("{}.<locals>.{name}", parent.qualname).into(),
        }
    }

    fn function_def(&mut self, s: &'a Stmt, f: &'a ast::FunctionDef, is_async: bool) -> CResult<()> {
        let info = self.scope(node_key(s))?;
        let _ = is_async;
        for d in &f.decorator_list {
            self.expr(d)?;
        }
        let first_line = f.decorator_list.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let mut flags = self.defaults(&f.args)?;
        flags |= self.annotations(&f.args, f.returns.as_ref())?;
        let qualname = self.qualname(&f.name);
        self.push_unit(info, CodeKind::Function, f.name.clone(), qualname, first_line);
        self.unit().line = s.loc.lineno;
        self.unit().doc = docstring(&f.body);
        self.stmts(&f.body)?;
        self.load_const_none();
        self.emit(Op::ReturnValue);
        let code = self.finish_function(&f.args);
        self.make_function(code, flags)?;
        for _ in &f.decorator_list {
            self.emit(Op::Call(1));
        }
        self.name_op(&f.name, ExprContext::Store)
    }

    fn finish_function(&mut self, args: &Arguments) -> Rc<Code> {
        let posonly = args.posonlyargs.len() as u32;
        let argcount = posonly + args.args.len() as u32;
        let kwonly = args.kwonlyargs.len() as u32;
        self.pop_unit(argcount, posonly, kwonly, args.vararg.is_some(), args.kwarg.is_some())
    }

    /// Pushes the defaults tuple and the keyword-only defaults dict; returns the flags for
    /// `MAKE_FUNCTION`.
    fn defaults(&mut self, args: &'a Arguments) -> CResult<u32> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple(args.defaults.len() as u32));
            flags |= 1;
        }
        let kw: Vec<(&ast::Arg, &Expr)> =
            args.kwonlyargs.iter().zip(&args.kw_defaults).filter_map(|(a, d)| d.as_ref().map(|d| (a, d))).collect();
        if !kw.is_empty() {
            for (a, d) in &kw {
                let name = self.mangled(&a.arg);
                self.load_str(name.as_str());
                self.expr(d)?;
            }
            self.emit(Op::BuildMap(kw.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    /// Pushes the dict of a function's annotations (parameter names, then `return`), evaluated
    /// now as CPython 3.11 does; returns the flag for `MAKE_FUNCTION` (0 without any).
    fn annotations(&mut self, args: &'a Arguments, returns: Option<&'a Expr>) -> CResult<u32> {
        if self.future_annotations {
            return Ok(0);
        }
        let params =
            args.posonlyargs.iter().chain(&args.args).chain(&args.vararg).chain(&args.kwonlyargs).chain(&args.kwarg);
        let mut n = 0;
        for a in params {
            if let Some(ann) = &a.annotation {
                let name = self.mangled(&a.arg);
                self.load_str(name.as_str());
                self.expr(ann)?;
                n += 1;
            }
        }
        if let Some(r) = returns {
            self.load_str("return");
            self.expr(r)?;
            n += 1;
        }
        if n == 0 {
            return Ok(0);
        }
        self.emit(Op::BuildMap(n));
        Ok(4)
    }

    /// `SETUP_ANNOTATIONS` and a module's or class's docstring (`__doc__`), at the start of
    /// its body.
    fn setup_annotations(&mut self, body: &'a [Stmt]) {
        if let Some(doc) = docstring(body) {
            self.load_str(&doc);
            let i = self.name_index(Sym::new("__doc__"));
            self.emit(Op::StoreName(i));
        }
        if has_annotations(body) && !self.future_annotations {
            self.emit(Op::BuildMap(0));
            let i = self.name_index(Sym::new("__annotations__"));
            self.emit(Op::StoreName(i));
        }
    }

    /// Pushes the closure (the cells the new code's free variables name) and the code, then
    /// `MAKE_FUNCTION`.
    fn make_function(&mut self, code: Rc<Code>, mut flags: u32) -> CResult<()> {
        if !code.freevars.is_empty() {
            for name in code.freevars.clone() {
                let Some(i) = self.cell_index(name) else {
                    return Err(CompileError::syntax(format!("internal error: no cell for free '{name}'"), 0));
                };
                self.emit(Op::LoadClosure(i));
            }
            self.emit(Op::BuildTuple(code.freevars.len() as u32));
            flags |= 8;
        }
        let i = self.add_const(Value::Code(code), None);
        self.emit(Op::LoadConst(i));
        self.emit(Op::MakeFunction(flags));
        Ok(())
    }

    fn class_def(
        &mut self,
        s: &'a Stmt,
        name: &'a str,
        bases: &'a [Expr],
        keywords: &'a [Keyword],
        body: &'a [Stmt],
        decorators: &'a [Expr],
    ) -> CResult<()> {
        let info = self.scope(node_key(s))?;
        for d in decorators {
            self.expr(d)?;
        }
        let first_line = decorators.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        self.emit(Op::LoadBuildClass);
        let qualname = self.qualname(name);
        self.push_unit(info, CodeKind::Class, name.into(), qualname.clone(), first_line);
        self.unit().line = s.loc.lineno;
        // `__module__ = __name__`, `__qualname__ = '...'`
        let slot = self.global_slot(Sym::new("__name__"));
        self.emit(Op::LoadGlobal(slot));
        let i = self.name_index(Sym::new("__module__"));
        self.emit(Op::StoreName(i));
        self.load_str(&qualname);
        let i = self.name_index(Sym::new("__qualname__"));
        self.emit(Op::StoreName(i));
        let outer = self.private.replace(name.into());
        self.setup_annotations(body);
        let result = self.stmts(body);
        self.private = outer;
        result?;
        if info.needs_class_cell {
            let i = self.cell_index(Sym::new("__class__")).unwrap_or(0);
            self.emit(Op::LoadClosure(i));
        } else {
            self.load_const_none();
        }
        self.emit(Op::ReturnValue);
        let code = self.pop_unit(0, 0, 0, false, false);
        self.make_function(code, 0)?;
        self.load_str(name);
        for b in bases {
            if matches!(*b.kind, ExprKind::Starred { .. }) {
                return Err(CompileError::unsupported("starred base classes", b.loc.lineno));
            }
            self.expr(b)?;
        }
        if keywords.is_empty() {
            self.emit(Op::Call(2 + bases.len() as u32));
        } else {
            let mut names = Vec::new();
            for k in keywords {
                let Some(arg) = &k.arg else {
                    return Err(CompileError::unsupported("'**' in class keywords", k.loc.lineno));
                };
                self.expr(&k.value)?;
                names.push(Value::str(arg));
            }
            let i = self.add_const(Value::tuple(names), None);
            self.emit(Op::LoadConst(i));
            self.emit(Op::CallKw(2 + bases.len() as u32 + keywords.len() as u32));
        }
        for _ in decorators {
            self.emit(Op::Call(1));
        }
        self.name_op(name, ExprContext::Store)
    }

    fn aug_assign(&mut self, target: &'a Expr, op: Operator, value: &'a Expr) -> CResult<()> {
        let op = binary_op(op, target.loc.lineno)?;
        match &*target.kind {
            ExprKind::Name { id, .. } => {
                self.name_op(id, ExprContext::Load)?;
                self.expr(value)?;
                self.emit(Op::Inplace(op));
                self.name_op(id, ExprContext::Store)
            }
            ExprKind::Attribute { value: obj, attr, .. } => {
                self.expr(obj)?;
                self.emit(Op::Copy(1));
                let i = self.name_index(self.mangled(attr));
                self.emit(Op::LoadAttr(i));
                self.expr(value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Swap(2));
                self.emit(Op::StoreAttr(i));
                Ok(())
            }
            ExprKind::Subscript { value: obj, slice, .. } => {
                self.expr(obj)?;
                self.expr(slice)?;
                self.emit(Op::Copy(2));
                self.emit(Op::Copy(2));
                self.emit(Op::BinarySubscr);
                self.expr(value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Swap(3));
                self.emit(Op::Swap(2));
                self.emit(Op::StoreSubscr);
                Ok(())
            }
            _ => Err(CompileError::syntax(
                "'expression' is an illegal expression for augmented assignment",
                target.loc.lineno,
            )),
        }
    }

    fn store_target(&mut self, t: &'a Expr) -> CResult<()> {
        let saved = self.set_line(t.loc.lineno);
        let result = match &*t.kind {
            ExprKind::Name { id, .. } => self.name_op(id, ExprContext::Store),
            // A failed store points at its target (`p.x = 5`: `^^^` under `p.x`), as in CPython.
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value)?;
                let i = self.name_index(self.mangled(attr));
                let saved_loc = self.set_loc(t.loc);
                self.emit(Op::StoreAttr(i));
                self.set_loc(saved_loc);
                Ok(())
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
                let saved_loc = self.set_loc(t.loc);
                self.emit(Op::StoreSubscr);
                self.set_loc(saved_loc);
                Ok(())
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                let star = elts.iter().position(|e| matches!(*e.kind, ExprKind::Starred { .. }));
                match star {
                    Some(i) => {
                        let after = elts.len() - i - 1;
                        if i > 255 || after > 255 {
                            return Err(CompileError::syntax(
                                "too many expressions in star-unpacking assignment",
                                t.loc.lineno,
                            ));
                        }
                        self.emit(Op::UnpackEx(i as u32 | (after as u32) << 8));
                    }
                    None => {
                        self.emit(Op::UnpackSequence(elts.len() as u32));
                    }
                }
                for e in elts {
                    match &*e.kind {
                        ExprKind::Starred { value, .. } => self.store_target(value)?,
                        _ => self.store_target(e)?,
                    }
                }
                Ok(())
            }
            ExprKind::Starred { .. } => {
                Err(CompileError::syntax("starred assignment target must be in a list or tuple", t.loc.lineno))
            }
            _ => Err(CompileError::syntax("cannot assign to expression", t.loc.lineno)),
        };
        self.set_line(saved);
        result
    }

    fn delete_target(&mut self, t: &'a Expr) -> CResult<()> {
        match &*t.kind {
            ExprKind::Name { id, .. } => self.name_op(id, ExprContext::Del),
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value)?;
                let i = self.name_index(self.mangled(attr));
                self.emit(Op::DeleteAttr(i));
                Ok(())
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
                self.emit(Op::DeleteSubscr);
                Ok(())
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                for e in elts {
                    self.delete_target(e)?;
                }
                Ok(())
            }
            _ => Err(CompileError::syntax("cannot delete expression", t.loc.lineno)),
        }
    }

    /// Compiles `test` and a jump taken when its truth is `when`; returns the jump to patch.
    fn jump_if(&mut self, test: &'a Expr, when: bool) -> CResult<usize> {
        if let ExprKind::UnaryOp { op: UnaryOp::Not, operand } = &*test.kind {
            return self.jump_if(operand, !when);
        }
        self.expr(test)?;
        Ok(self.emit(if when { Op::PopJumpIfTrue(0) } else { Op::PopJumpIfFalse(0) }))
    }

    // ----- expressions -----

    fn expr(&mut self, e: &'a Expr) -> CResult<()> {
        let saved = self.set_line(e.loc.lineno);
        let saved_loc = self.set_loc(e.loc);
        let result = self.expr_inner(e);
        self.set_line(saved);
        self.set_loc(saved_loc);
        result
    }

    fn constant(&mut self, value: &Constant, line: u32) -> CResult<()> {
        let i = match value {
            Constant::None => self.add_const(Value::None, Some(ConstKey::None)),
            Constant::Bool(b) => self.add_const(Value::Bool(*b), Some(ConstKey::Bool(*b))),
            Constant::Ellipsis => self.add_const(Value::Ellipsis, None),
            Constant::Int(ast::Int::Small(v)) => self.add_const(Value::Int(*v), Some(ConstKey::Int(*v))),
            Constant::Int(ast::Int::Big(digits)) => {
                let v = Int::parse(digits, 10).map_err(|e| CompileError::syntax(e.message, line))?;
                self.add_const(Value::int(v), None)
            }
            Constant::Float(f) => self.add_const(Value::Float(*f), Some(ConstKey::Float(f.to_bits()))),
            Constant::Str(s) => self.add_const(Value::str(s), Some(ConstKey::Str(s.clone()))),
            Constant::Complex { .. } => return Err(CompileError::unsupported("complex numbers", line)),
            Constant::Bytes(b) => self.add_const(Value::bytes(b.to_vec()), None),
        };
        self.emit(Op::LoadConst(i));
        Ok(())
    }

    fn expr_inner(&mut self, e: &'a Expr) -> CResult<()> {
        let line = e.loc.lineno;
        match &*e.kind {
            ExprKind::Constant { value, .. } => self.constant(value, line)?,
            ExprKind::Name { id, ctx } => self.name_op(id, *ctx)?,
            ExprKind::BoolOp { op, values } => {
                let mut jumps = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < values.len() {
                        jumps.push(self.emit(match op {
                            BoolOp::And => Op::JumpIfFalseOrPop(0),
                            BoolOp::Or => Op::JumpIfTrueOrPop(0),
                        }));
                    }
                }
                for j in jumps {
                    self.patch(j);
                }
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.emit(Op::Copy(1));
                self.store_target(target)?;
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                let op = binary_op(*op, line)?;
                self.emit(Op::Binary(op));
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                self.emit(match op {
                    UnaryOp::Invert => Op::UnaryInvert,
                    UnaryOp::Not => Op::UnaryNot,
                    UnaryOp::UAdd => Op::UnaryPositive,
                    UnaryOp::USub => Op::UnaryNegative,
                });
            }
            ExprKind::Lambda { args, body } => {
                let info = self.scope(node_key(e))?;
                let flags = self.defaults(args)?;
                let qualname = self.qualname("<lambda>");
                self.push_unit(info, CodeKind::Lambda, "<lambda>".into(), qualname, line);
                if info.is_generator {
                    self.expr(body)?;
                    self.emit(Op::PopTop);
                    self.load_const_none();
                } else {
                    self.expr(body)?;
                }
                self.emit(Op::ReturnValue);
                let code = self.finish_function(args);
                self.make_function(code, flags)?;
            }
            ExprKind::IfExp { test, body, orelse } => {
                let else_jump = self.jump_if(test, false)?;
                self.expr(body)?;
                let end = self.emit(Op::Jump(0));
                self.patch(else_jump);
                self.expr(orelse)?;
                self.patch(end);
            }
            ExprKind::Dict { keys, values } => self.dict_display(keys, values)?,
            ExprKind::Set { elts } => {
                if elts.iter().any(|x| matches!(*x.kind, ExprKind::Starred { .. })) {
                    self.emit(Op::BuildSet(0));
                    for x in elts {
                        match &*x.kind {
                            ExprKind::Starred { value, .. } => {
                                self.expr(value)?;
                                self.emit(Op::SetUpdate(1));
                            }
                            _ => {
                                self.expr(x)?;
                                self.emit(Op::SetAdd(1));
                            }
                        }
                    }
                } else {
                    let all_constant = elts.len() > 2 && elts.iter().all(is_constant);
                    for x in elts {
                        self.expr(x)?;
                    }
                    let n = elts.len() as u32 | if all_constant { 1 << 31 } else { 0 };
                    self.emit(Op::BuildSet(n));
                }
            }
            ExprKind::List { elts, ctx } | ExprKind::Tuple { elts, ctx } => {
                if *ctx != ExprContext::Load {
                    return Err(CompileError::syntax("cannot use a display as an expression here", line));
                }
                let is_tuple = matches!(*e.kind, ExprKind::Tuple { .. });
                self.sequence(elts, is_tuple)?;
            }
            ExprKind::ListComp { elt, generators } => self.comprehension(e, generators, Comp::List(elt))?,
            ExprKind::SetComp { elt, generators } => self.comprehension(e, generators, Comp::Set(elt))?,
            ExprKind::GeneratorExp { elt, generators } => self.comprehension(e, generators, Comp::Gen(elt))?,
            ExprKind::DictComp { key, value, generators } => {
                self.comprehension(e, generators, Comp::Dict(key, value))?
            }
            ExprKind::Await { value } => {
                match self.u().kind {
                    CodeKind::Module | CodeKind::Class => {
                        return Err(CompileError::syntax("'await' outside function", line));
                    }
                    _ if !self.u().scope.is_coroutine => {
                        return Err(CompileError::syntax("'await' outside async function", line));
                    }
                    _ => {}
                }
                self.expr(value)?;
                self.emit(Op::GetAwaitable);
                self.load_const_none();
                self.yield_from();
            }
            ExprKind::Yield { value } => {
                self.check_yield(line)?;
                match value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const_none(),
                }
                self.emit(Op::YieldValue);
            }
            ExprKind::YieldFrom { value } => {
                self.check_yield(line)?;
                if self.u().scope.is_coroutine {
                    return Err(CompileError::syntax("'yield from' inside async function", line));
                }
                self.expr(value)?;
                self.emit(Op::GetYieldFromIter);
                self.load_const_none();
                self.yield_from();
            }
            ExprKind::Compare { left, ops, comparators } => self.compare(left, ops, comparators)?,
            ExprKind::Call { func, args, keywords } => self.call(func, args, keywords, line)?,
            ExprKind::FormattedValue { .. } => {
                self.formatted_value(e)?;
            }
            ExprKind::JoinedStr { values } => {
                for v in values {
                    match &*v.kind {
                        ExprKind::Constant { value: Constant::Str(s), .. } => self.load_str(s),
                        _ => self.formatted_value(v)?,
                    }
                }
                if values.len() != 1 || !matches!(*values[0].kind, ExprKind::Constant { .. }) {
                    self.emit(Op::BuildString(values.len() as u32));
                }
            }
            ExprKind::Attribute { value, attr, ctx } => {
                if *ctx != ExprContext::Load {
                    return Err(CompileError::syntax("internal error: attribute context", line));
                }
                self.expr(value)?;
                let i = self.name_index(self.mangled(attr));
                self.emit(Op::LoadAttr(i));
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
                self.emit(Op::BinarySubscr);
            }
            ExprKind::Starred { .. } => {
                return Err(CompileError::syntax("can't use starred expression here", line));
            }
            ExprKind::Slice { lower, upper, step } => {
                let mut n = 2;
                for part in [lower, upper] {
                    match part {
                        Some(p) => self.expr(p)?,
                        None => self.load_const_none(),
                    }
                }
                if let Some(s) = step {
                    self.expr(s)?;
                    n = 3;
                }
                self.emit(Op::BuildSlice(n));
            }
        }
        Ok(())
    }

    fn check_yield(&self, line: u32) -> CResult<()> {
        match self.u().kind {
            CodeKind::Module | CodeKind::Class => Err(CompileError::syntax("'yield' outside function", line)),
            CodeKind::Comprehension if !self.u().scope.is_generator || self.u().scope.yield_line.is_some() => {
                Err(CompileError::syntax("'yield' inside list comprehension", line))
            }
            _ => Ok(()),
        }
    }

    fn formatted_value(&mut self, v: &'a Expr) -> CResult<()> {
        let ExprKind::FormattedValue { value, conversion, format_spec } = &*v.kind else {
            return self.expr(v);
        };
        self.expr(value)?;
        let mut flags = match *conversion {
            115 => 1,
            114 => 2,
            97 => 3,
            _ => 0,
        };
        if let Some(spec) = format_spec {
            self.expr(spec)?;
            flags |= 4;
        }
        self.emit(Op::FormatValue(flags));
        Ok(())
    }

    fn sequence(&mut self, elts: &'a [Expr], is_tuple: bool) -> CResult<()> {
        if elts.iter().any(|x| matches!(*x.kind, ExprKind::Starred { .. })) {
            self.emit(Op::BuildList(0));
            for x in elts {
                match &*x.kind {
                    ExprKind::Starred { value, .. } => {
                        self.expr(value)?;
                        self.emit(Op::ListExtend(1));
                    }
                    _ => {
                        self.expr(x)?;
                        self.emit(Op::ListAppend(1));
                    }
                }
            }
            if is_tuple {
                self.emit(Op::ListToTuple);
            }
        } else {
            for x in elts {
                self.expr(x)?;
            }
            let n = elts.len() as u32;
            self.emit(if is_tuple { Op::BuildTuple(n) } else { Op::BuildList(n) });
        }
        Ok(())
    }

    fn dict_display(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> CResult<()> {
        if keys.iter().all(|k| k.is_some()) {
            for (k, v) in keys.iter().zip(values) {
                if let Some(k) = k {
                    self.expr(k)?;
                }
                self.expr(v)?;
            }
            self.emit(Op::BuildMap(keys.len() as u32));
            return Ok(());
        }
        self.emit(Op::BuildMap(0));
        for (k, v) in keys.iter().zip(values) {
            match k {
                Some(k) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(Op::MapAdd(1));
                }
                None => {
                    self.expr(v)?;
                    self.emit(Op::DictUpdate(1));
                }
            }
        }
        Ok(())
    }

    fn compare(&mut self, left: &'a Expr, ops: &[CmpOp], comparators: &'a [Expr]) -> CResult<()> {
        self.expr(left)?;
        let n = ops.len();
        if n == 1 {
            self.expr(&comparators[0])?;
            self.compare_op(ops[0]);
            return Ok(());
        }
        let mut cleanups = Vec::new();
        for i in 0..n - 1 {
            self.expr(&comparators[i])?;
            self.emit(Op::Swap(2));
            self.emit(Op::Copy(2));
            self.compare_op(ops[i]);
            cleanups.push(self.emit(Op::JumpIfFalseOrPop(0)));
        }
        self.expr(&comparators[n - 1])?;
        self.compare_op(ops[n - 1]);
        let end = self.emit(Op::Jump(0));
        for c in cleanups {
            self.patch(c);
        }
        self.emit(Op::Swap(2));
        self.emit(Op::PopTop);
        self.patch(end);
        Ok(())
    }

    fn compare_op(&mut self, op: CmpOp) {
        self.emit(match op {
            CmpOp::Eq => Op::Compare(Compare::Eq),
            CmpOp::NotEq => Op::Compare(Compare::Ne),
            CmpOp::Lt => Op::Compare(Compare::Lt),
            CmpOp::LtE => Op::Compare(Compare::Le),
            CmpOp::Gt => Op::Compare(Compare::Gt),
            CmpOp::GtE => Op::Compare(Compare::Ge),
            CmpOp::Is => Op::Is(false),
            CmpOp::IsNot => Op::Is(true),
            CmpOp::In => Op::Contains(false),
            CmpOp::NotIn => Op::Contains(true),
        });
    }

    fn call(&mut self, func: &'a Expr, args: &'a [Expr], keywords: &'a [Keyword], line: u32) -> CResult<()> {
        let starred = args.iter().any(|a| matches!(*a.kind, ExprKind::Starred { .. }));
        let double_starred = keywords.iter().any(|k| k.arg.is_none());
        // `super()`: `super(__class__, <first argument>)`.
        if let ExprKind::Name { id, .. } = &*func.kind {
            if &**id == "super" && args.is_empty() && keywords.is_empty() {
                let class_cell = Sym::new("__class__");
                if self.u().scope.scope_of(Sym::new("super")) == NameScope::GlobalImplicit {
                    if let Some(i) = self.cell_index(class_cell) {
                        self.emit(Op::LoadSuper(i));
                        return Ok(());
                    }
                }
            }
            // `locals()`, `vars()`: the frame's names, which only the frame knows.
            if matches!(&**id, "locals" | "vars")
                && args.is_empty()
                && keywords.is_empty()
                && self.u().scope.scope_of(Sym::new(id)) == NameScope::GlobalImplicit
            {
                self.set_line(line);
                self.emit(Op::Locals);
                return Ok(());
            }
        }
        if starred || double_starred {
            self.expr(func)?;
            self.sequence(args, true)?;
            let mut flags = 0;
            if !keywords.is_empty() {
                self.emit(Op::BuildMap(0));
                for k in keywords {
                    match &k.arg {
                        Some(name) => {
                            self.load_str(name);
                            self.expr(&k.value)?;
                            self.emit(Op::BuildMap(1));
                            self.emit(Op::DictMerge(1));
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.emit(Op::DictMerge(1));
                        }
                    }
                }
                flags = 1;
            }
            let saved = self.set_line(line);
            self.emit(Op::CallEx(flags));
            self.set_line(saved);
            return Ok(());
        }
        if keywords.is_empty() {
            if let ExprKind::Attribute { value, attr, .. } = &*func.kind {
                self.expr(value)?;
                let i = self.name_index(self.mangled(attr));
                let saved = self.set_line(func.loc.end_lineno);
                let saved_loc = self.set_loc(func.loc);
                self.emit(Op::LoadMethod(i));
                self.set_line(saved);
                self.set_loc(saved_loc);
                for a in args {
                    self.expr(a)?;
                }
                self.emit(Op::CallMethod(args.len() as u32));
                return Ok(());
            }
        }
        self.expr(func)?;
        for a in args {
            self.expr(a)?;
        }
        if keywords.is_empty() {
            self.emit(Op::Call(args.len() as u32));
        } else {
            let mut names = Vec::new();
            for k in keywords {
                self.expr(&k.value)?;
                names.push(Value::str(k.arg.as_deref().unwrap_or("")));
            }
            let dup = names.iter().enumerate().find(|(i, n)| names[..*i].iter().any(|m| m.as_str() == n.as_str()));
            if let Some((_, n)) = dup {
                return Err(CompileError::syntax(
                    format!("keyword argument repeated: {}", n.as_str().unwrap_or("")),
                    line,
                ));
            }
            let i = self.add_const(Value::tuple(names), None);
            self.emit(Op::LoadConst(i));
            self.emit(Op::CallKw((args.len() + keywords.len()) as u32));
        }
        Ok(())
    }

    fn comprehension(&mut self, e: &'a Expr, generators: &'a [Comprehension], kind: Comp<'a>) -> CResult<()> {
        let info = self.scope(node_key(e))?;
        let line = e.loc.lineno;
        let name = match kind {
            Comp::List(_) => "<listcomp>",
            Comp::Set(_) => "<setcomp>",
            Comp::Dict(..) => "<dictcomp>",
            Comp::Gen(_) => "<genexpr>",
        };
        let qualname = self.qualname(name);
        self.push_unit(info, CodeKind::Comprehension, name.into(), qualname, line);
        match kind {
            Comp::List(_) => {
                self.emit(Op::BuildList(0));
            }
            Comp::Set(_) => {
                self.emit(Op::BuildSet(0));
            }
            Comp::Dict(..) => {
                self.emit(Op::BuildMap(0));
            }
            Comp::Gen(_) => {}
        }
        self.comprehension_loop(generators, 0, kind)?;
        if matches!(kind, Comp::Gen(_)) {
            self.load_const_none();
        }
        self.emit(Op::ReturnValue);
        let code = self.pop_unit(1, 0, 0, false, false);
        let is_async = code.is_coroutine;
        self.make_function(code, 0)?;
        self.expr(&generators[0].iter)?;
        self.emit(if generators[0].is_async { Op::GetAIter } else { Op::GetIter });
        self.emit(Op::Call(1));
        if is_async {
            // An asynchronous comprehension is a coroutine, awaited where it stands.
            if !self.u().scope.is_coroutine {
                return Err(CompileError::syntax(
                    "asynchronous comprehension outside of an asynchronous function",
                    line,
                ));
            }
            self.emit(Op::GetAwaitable);
            self.load_const_none();
            self.yield_from();
        }
        Ok(())
    }

    fn comprehension_loop(&mut self, generators: &'a [Comprehension], index: usize, kind: Comp<'a>) -> CResult<()> {
        let g = &generators[index];
        if index == 0 {
            self.emit(Op::LoadFast(0));
        } else {
            self.expr(&g.iter)?;
            self.emit(if g.is_async { Op::GetAIter } else { Op::GetIter });
        }
        let start = self.here();
        let for_iter = if g.is_async { self.async_next()? } else { self.emit(Op::ForIter(0)) };
        self.store_target(&g.target)?;
        for cond in &g.ifs {
            let j = self.jump_if(cond, false)?;
            self.patch_to(j, start as u32);
        }
        if index + 1 < generators.len() {
            self.comprehension_loop(generators, index + 1, kind)?;
        } else {
            let depth = generators.len() as u32 + 1;
            match kind {
                Comp::List(elt) => {
                    self.expr(elt)?;
                    self.emit(Op::ListAppend(depth));
                }
                Comp::Set(elt) => {
                    self.expr(elt)?;
                    self.emit(Op::SetAdd(depth));
                }
                Comp::Dict(k, v) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(Op::MapAdd(depth));
                }
                Comp::Gen(elt) => {
                    self.expr(elt)?;
                    self.emit(Op::YieldValue);
                    self.emit(Op::PopTop);
                }
            }
        }
        self.emit(Op::Jump(start as u32));
        self.patch(for_iter);
        if g.is_async {
            self.emit(Op::EndAsyncFor);
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Comp<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Gen(&'a Expr),
}

fn is_constant(e: &Expr) -> bool {
    match &*e.kind {
        ExprKind::Constant { .. } => true,
        ExprKind::Tuple { elts, .. } => elts.iter().all(is_constant),
        ExprKind::UnaryOp { op: UnaryOp::USub, operand } => matches!(*operand.kind, ExprKind::Constant { .. }),
        _ => false,
    }
}

/// A generous bound on the value stack's depth: one more than the number of pushes cannot be
/// exceeded, but frames start small and grow; this only sizes the first allocation.
fn estimate_stack(ops: &[Op]) -> u32 {
    let mut depth: i64 = 0;
    let mut max: i64 = 4;
    for op in ops {
        let effect: i64 = match op {
            Op::LoadConst(_)
            | Op::LoadFast(_)
            | Op::LoadDeref(_)
            | Op::LoadGlobal(_)
            | Op::LoadName(_)
            | Op::LoadClosure(_)
            | Op::LoadClassDeref(_)
            | Op::Copy(_)
            | Op::PushNull
            | Op::LoadMethod(_)
            | Op::LoadBuildClass
            | Op::LoadAssertionError => 1,
            Op::PopTop | Op::StoreFast(_) | Op::StoreGlobal(_) | Op::StoreName(_) | Op::StoreDeref(_) => -1,
            _ => 0,
        };
        depth = (depth + effect).max(0);
        max = max.max(depth);
    }
    (max + 4).min(64) as u32
}
