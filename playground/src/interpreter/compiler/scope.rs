//! Which variable is which: CPython's `symtable.c` for the subset. For every function, lambda,
//! comprehension and class body, each name is local (a slot in the frame), a cell (local, but
//! closed over by an inner function), free (a cell of an enclosing function), or global.
//!
//! The rules, as CPython applies them (`analyze_name`): a `global` declaration makes a name
//! global; `nonlocal` makes it free (an enclosing function must bind it); any other binding makes
//! it local; a name only used is free if an enclosing function binds it, else global. Class
//! bodies do not enclose their methods: a method's names skip the class's. A method that uses
//! `super` (or `__class__`) closes over the class's implicit `__class__` cell.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::rc::Rc;

use super::super::ast::{
    Arguments, Comprehension, ExceptHandler, Expr, ExprContext, ExprKind, FunctionDef, Stmt, StmtKind,
};
use super::super::names::Sym;
use super::CompileError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Lambda,
    Class,
    Comprehension,
}

/// Where a name lives, in one scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    Local,
    Cell,
    Free,
    GlobalExplicit,
    GlobalImplicit,
}

#[derive(Clone, Copy, Debug, Default)]
struct Flags {
    assigned: bool,
    param: bool,
    global: bool,
    nonlocal: bool,
}

/// One scope's names, after analysis.
#[derive(Debug)]
pub struct ScopeInfo {
    pub kind: ScopeKind,
    pub names: HashMap<Sym, NameScope>,
    /// Parameters in order, then other locals in order of first binding (functions only).
    pub varnames: Vec<Sym>,
    pub cellvars: Vec<Sym>,
    pub freevars: Vec<Sym>,
    pub is_generator: bool,
    pub is_coroutine: bool,
    /// A class body whose methods use `super()` or `__class__`.
    pub needs_class_cell: bool,
    /// The line of the first `yield`, for refusing async generators.
    pub yield_line: Option<u32>,
}

impl ScopeInfo {
    pub fn scope_of(&self, name: Sym) -> NameScope {
        self.names.get(&name).copied().unwrap_or(NameScope::GlobalImplicit)
    }
}

/// A scope while it is being collected.
struct Block {
    kind: ScopeKind,
    flags: HashMap<Sym, Flags>,
    order: Vec<Sym>,
    params: Vec<Sym>,
    children: Vec<usize>,
    key: usize,
    is_generator: bool,
    is_coroutine: bool,
    uses_super: bool,
    yield_line: Option<u32>,
    line: u32,
}

/// The scopes of a module, by the address of the node that makes each one (the module itself
/// is key 0).
pub struct Scopes {
    pub by_node: HashMap<usize, ScopeInfo>,
}

pub fn node_key<T>(node: &T) -> usize {
    node as *const T as usize
}

struct Collector {
    blocks: Vec<Block>,
    stack: Vec<usize>,
    /// The innermost enclosing class's name, for private names (`__x` is `_C__x`).
    private: Option<Rc<str>>,
}

/// A private name in a class (`__x`, not `__x__`) as CPython stores it: `_Class__x`, with the
/// class name's leading underscores left out (`_Py_Mangle`).
pub fn mangle<'n>(private: Option<&str>, name: &'n str) -> std::borrow::Cow<'n, str> {
    let Some(class) = private else { return name.into() };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.into();
    }
    let class = class.trim_start_matches('_');
    if class.is_empty() {
        return name.into();
    }
    format!("_{class}{name}").into()
}

pub fn analyze(body: &[Stmt]) -> Result<Scopes, CompileError> {
    let mut c = Collector { blocks: Vec::new(), stack: Vec::new(), private: None };
    c.enter(ScopeKind::Module, 0, 1);
    c.stmts(body)?;
    c.leave();
    let mut by_node = HashMap::default();
    let mut free = HashSet::default();
    resolve(&c.blocks, 0, &HashSet::default(), &mut free, &mut by_node)?;
    Ok(Scopes { by_node })
}

impl Collector {
    fn enter(&mut self, kind: ScopeKind, key: usize, line: u32) -> usize {
        let id = self.blocks.len();
        self.blocks.push(Block {
            kind,
            flags: HashMap::default(),
            order: Vec::new(),
            params: Vec::new(),
            children: Vec::new(),
            key,
            is_generator: false,
            is_coroutine: false,
            uses_super: false,
            yield_line: None,
            line,
        });
        if let Some(&parent) = self.stack.last() {
            self.blocks[parent].children.push(id);
        }
        self.stack.push(id);
        id
    }

    fn leave(&mut self) {
        self.stack.pop();
    }

    fn cur(&mut self) -> &mut Block {
        let id = self.stack.last().copied().unwrap_or(0);
        &mut self.blocks[id]
    }

    fn flags(&mut self, name: Sym) -> &mut Flags {
        let b = self.cur();
        if !b.flags.contains_key(&name) {
            b.order.push(name);
        }
        b.flags.entry(name).or_default()
    }

    fn sym(&self, name: &str) -> Sym {
        Sym::new(&mangle(self.private.as_deref(), name))
    }

    fn bind(&mut self, name: &str) {
        let sym = self.sym(name);
        self.flags(sym).assigned = true;
    }

    fn use_name(&mut self, name: &str) {
        let sym = self.sym(name);
        self.flags(sym);
    }

    fn param(&mut self, name: &str) {
        let sym = self.sym(name);
        let f = self.flags(sym);
        f.param = true;
        f.assigned = true;
        self.cur().params.push(sym);
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        let line = s.loc.lineno;
        match &s.kind {
            StmtKind::FunctionDef(f) => self.function(s, f, false)?,
            StmtKind::AsyncFunctionDef(f) => self.function(s, f, true)?,
            StmtKind::ClassDef { name, bases, keywords, body, decorator_list } => {
                self.exprs(decorator_list)?;
                self.exprs(bases)?;
                for k in keywords {
                    self.expr(&k.value)?;
                }
                self.bind(name);
                self.enter(ScopeKind::Class, node_key(s), line);
                let outer = self.private.replace(name.clone());
                let result = self.stmts(body);
                self.private = outer;
                result?;
                self.leave();
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    self.expr(v)?;
                }
            }
            StmtKind::Delete { targets } => {
                for t in targets {
                    self.target(t)?;
                }
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for t in targets {
                    self.target(t)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value)?;
                self.target(target)?;
            }
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.target(target)?;
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                self.expr(&f.iter)?;
                self.target(&f.target)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.target(v)?;
                    }
                }
                self.stmts(&w.body)?;
            }
            StmtKind::Raise { exc, cause } => {
                for e in [exc, cause].into_iter().flatten() {
                    self.expr(e)?;
                }
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                self.stmts(body)?;
                for h in handlers {
                    self.handler(h)?;
                }
                self.stmts(orelse)?;
                self.stmts(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                if let Some(m) = msg {
                    self.expr(m)?;
                }
            }
            StmtKind::Import { names } => {
                for a in names {
                    match &a.asname {
                        Some(n) => self.bind(n),
                        None => self.bind(a.name.split('.').next().unwrap_or(&a.name)),
                    }
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    if &*a.name == "*" {
                        return Err(CompileError::unsupported("'from ... import *' statements", line));
                    }
                    self.bind(a.asname.as_deref().unwrap_or(&a.name));
                }
            }
            StmtKind::Global { names } => {
                for n in names {
                    let sym = self.sym(n);
                    self.flags(sym).global = true;
                }
            }
            StmtKind::Nonlocal { names } => {
                for n in names {
                    let sym = self.sym(n);
                    self.flags(sym).nonlocal = true;
                }
            }
            StmtKind::Expr { value } => self.expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        Ok(())
    }

    fn handler(&mut self, h: &ExceptHandler) -> Result<(), CompileError> {
        if let Some(t) = &h.type_ {
            self.expr(t)?;
        }
        if let Some(n) = &h.name {
            self.bind(n);
        }
        self.stmts(&h.body)
    }

    fn function(&mut self, s: &Stmt, f: &FunctionDef, is_async: bool) -> Result<(), CompileError> {
        self.exprs(&f.decorator_list)?;
        self.defaults(&f.args)?;
        self.bind(&f.name);
        let id = self.enter(ScopeKind::Function, node_key(s), s.loc.lineno);
        self.blocks[id].is_coroutine = is_async;
        self.params(&f.args);
        self.stmts(&f.body)?;
        self.leave();
        Ok(())
    }

    fn defaults(&mut self, args: &Arguments) -> Result<(), CompileError> {
        self.exprs(&args.defaults)?;
        for d in args.kw_defaults.iter().flatten() {
            self.expr(d)?;
        }
        Ok(())
    }

    fn params(&mut self, args: &Arguments) {
        for a in args.posonlyargs.iter().chain(&args.args).chain(&args.kwonlyargs) {
            self.param(&a.arg);
        }
        if let Some(a) = &args.vararg {
            self.param(&a.arg);
        }
        if let Some(a) = &args.kwarg {
            self.param(&a.arg);
        }
    }

    /// An assignment target: names are bound, other parts are evaluated.
    fn target(&mut self, t: &Expr) -> Result<(), CompileError> {
        match &*t.kind {
            ExprKind::Name { id, .. } => {
                self.bind(id);
                Ok(())
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                for e in elts {
                    self.target(e)?;
                }
                Ok(())
            }
            ExprKind::Starred { value, .. } => self.target(value),
            _ => self.expr(t),
        }
    }

    fn exprs(&mut self, es: &[Expr]) -> Result<(), CompileError> {
        for e in es {
            self.expr(e)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), CompileError> {
        let line = e.loc.lineno;
        match &*e.kind {
            ExprKind::Name { id, ctx } => {
                if *ctx == ExprContext::Load {
                    self.use_name(id);
                    if &**id == "super" || &**id == "__class__" {
                        self.cur().uses_super = true;
                    }
                } else {
                    self.bind(id);
                }
            }
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                if let ExprKind::Name { id, .. } = &*target.kind {
                    self.named_expr_target(id);
                }
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.defaults(args)?;
                self.enter(ScopeKind::Lambda, node_key(e), line);
                self.params(args);
                self.expr(body)?;
                self.leave();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.expr(k)?;
                }
                self.exprs(values)?;
            }
            ExprKind::Set { elts } | ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.exprs(elts)?,
            ExprKind::ListComp { elt, generators } | ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, generators, false, |c| c.expr(elt))?;
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, generators, true, |c| c.expr(elt))?;
            }
            ExprKind::DictComp { key, value, generators } => {
                self.comprehension(e, generators, false, |c| {
                    c.expr(key)?;
                    c.expr(value)
                })?;
            }
            ExprKind::Await { value } => {
                self.expr(value)?;
                let b = self.cur();
                if b.kind == ScopeKind::Comprehension {
                    if b.is_generator {
                        return Err(CompileError::unsupported("asynchronous generator expressions", line));
                    }
                    b.is_coroutine = true;
                }
            }
            ExprKind::Yield { value } => {
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.note_yield(line);
            }
            ExprKind::YieldFrom { value } => {
                self.expr(value)?;
                self.note_yield(line);
            }
            ExprKind::Compare { left, comparators, .. } => {
                self.expr(left)?;
                self.exprs(comparators)?;
            }
            ExprKind::Call { func, args, keywords } => {
                self.expr(func)?;
                self.exprs(args)?;
                for k in keywords {
                    self.expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue { value, format_spec, .. } => {
                self.expr(value)?;
                if let Some(s) = format_spec {
                    self.expr(s)?;
                }
            }
            ExprKind::JoinedStr { values } => self.exprs(values)?,
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.expr(part)?;
                }
            }
        }
        Ok(())
    }

    /// `:=` inside comprehensions binds in the nearest enclosing non-comprehension scope.
    fn named_expr_target(&mut self, id: &str) {
        let depth = self.stack.iter().rev().take_while(|&&b| self.blocks[b].kind == ScopeKind::Comprehension).count();
        if depth == 0 {
            self.bind(id);
            return;
        }
        let sym = self.sym(id);
        let outer = self.stack[self.stack.len() - 1 - depth];
        // At module level the name is a global of the comprehension.
        let global = self.blocks[outer].kind == ScopeKind::Module;
        let inner: Vec<usize> = self.stack[self.stack.len() - depth..].to_vec();
        for (block, outer_scope) in std::iter::once((outer, true)).chain(inner.into_iter().map(|b| (b, false))) {
            let b = &mut self.blocks[block];
            if !b.flags.contains_key(&sym) {
                b.order.push(sym);
            }
            let f = b.flags.entry(sym).or_default();
            if outer_scope {
                f.assigned = true;
            } else if global {
                f.global = true;
            } else {
                f.nonlocal = true;
            }
        }
    }

    fn note_yield(&mut self, line: u32) {
        let b = self.cur();
        b.is_generator = true;
        if b.yield_line.is_none() {
            b.yield_line = Some(line);
        }
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        generators: &[Comprehension],
        is_generator: bool,
        elt: impl FnOnce(&mut Self) -> Result<(), CompileError>,
    ) -> Result<(), CompileError> {
        let line = e.loc.lineno;
        let is_async = generators.iter().any(|g| g.is_async);
        if is_async && is_generator {
            return Err(CompileError::unsupported("asynchronous generator expressions", line));
        }
        let Some(first) = generators.first() else {
            return Err(CompileError::syntax("a comprehension needs a 'for'", line));
        };
        // The first iterable is evaluated in the enclosing scope.
        self.expr(&first.iter)?;
        let id = self.enter(ScopeKind::Comprehension, node_key(e), line);
        self.blocks[id].is_generator = is_generator;
        // With `async for`, the comprehension is a coroutine, awaited where it stands.
        self.blocks[id].is_coroutine = is_async;
        self.param(".0");
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter)?;
            }
            self.target(&g.target)?;
            self.exprs(&g.ifs)?;
        }
        elt(self)?;
        self.leave();
        Ok(())
    }
}

fn is_function_like(kind: ScopeKind) -> bool {
    matches!(kind, ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension)
}

/// `analyze_block`: decides each name's scope, top-down for what encloses, bottom-up for cells.
/// `bound` is what enclosing functions bind; `free_out` collects the names this block needs
/// from outside it.
fn resolve(
    blocks: &[Block],
    id: usize,
    bound: &HashSet<Sym>,
    free_out: &mut HashSet<Sym>,
    out: &mut HashMap<usize, ScopeInfo>,
) -> Result<(), CompileError> {
    let b = &blocks[id];
    let class_cell = Sym::new("__class__");
    let mut names: HashMap<Sym, NameScope> = HashMap::default();
    for &name in &b.order {
        let f = b.flags[&name];
        let scope = if f.global {
            if f.param {
                return Err(CompileError::syntax(format!("name '{name}' is parameter and global"), b.line));
            }
            NameScope::GlobalExplicit
        } else if f.nonlocal {
            if b.kind == ScopeKind::Module {
                return Err(CompileError::syntax("nonlocal declaration not allowed at module level", b.line));
            }
            if !bound.contains(&name) {
                return Err(CompileError::syntax(format!("no binding for nonlocal '{name}' found"), b.line));
            }
            NameScope::Free
        } else if f.assigned {
            NameScope::Local
        } else if b.kind != ScopeKind::Module && bound.contains(&name) {
            NameScope::Free
        } else {
            NameScope::GlobalImplicit
        };
        names.insert(name, scope);
    }
    // A method that uses `super()` closes over the class's `__class__`.
    if b.uses_super && is_function_like(b.kind) && bound.contains(&class_cell) && !names.contains_key(&class_cell) {
        names.insert(class_cell, NameScope::Free);
    }
    // What children may close over.
    let mut child_bound = bound.clone();
    if is_function_like(b.kind) {
        for (&name, &scope) in &names {
            if scope == NameScope::Local {
                child_bound.insert(name);
            }
        }
    }
    if b.kind == ScopeKind::Class {
        child_bound.insert(class_cell);
    }
    let mut child_free = HashSet::default();
    for &child in &b.children {
        resolve(blocks, child, &child_bound, &mut child_free, out)?;
    }
    let mut needs_class_cell = false;
    let mut pass_through: Vec<Sym> = Vec::new();
    for name in child_free {
        match names.get(&name).copied() {
            Some(NameScope::Local) if is_function_like(b.kind) => {
                names.insert(name, NameScope::Cell);
            }
            Some(NameScope::Cell) | Some(NameScope::GlobalExplicit) => {}
            _ if b.kind == ScopeKind::Class && name == class_cell => needs_class_cell = true,
            _ if b.kind == ScopeKind::Module => {}
            Some(NameScope::Local) => pass_through.push(name),
            _ => {
                names.insert(name, NameScope::Free);
            }
        }
    }
    for (&name, &scope) in &names {
        if scope == NameScope::Free {
            free_out.insert(name);
        }
    }
    for &name in &pass_through {
        free_out.insert(name);
    }
    let mut varnames: Vec<Sym> = Vec::new();
    if is_function_like(b.kind) {
        varnames = b.params.clone();
        for &name in &b.order {
            if matches!(names.get(&name), Some(NameScope::Local) | Some(NameScope::Cell)) && !varnames.contains(&name) {
                varnames.push(name);
            }
        }
    }
    let mut cellvars: Vec<Sym> = b.order.iter().copied().filter(|n| names.get(n) == Some(&NameScope::Cell)).collect();
    if needs_class_cell {
        cellvars.push(class_cell);
    }
    let mut freevars: Vec<Sym> = names.iter().filter(|(_, s)| **s == NameScope::Free).map(|(n, _)| *n).collect();
    freevars.extend(pass_through);
    freevars.sort_by_key(|n| n.as_str());
    freevars.dedup();
    out.insert(
        b.key,
        ScopeInfo {
            kind: b.kind,
            names,
            varnames,
            cellvars,
            freevars,
            is_generator: b.is_generator,
            is_coroutine: b.is_coroutine,
            needs_class_cell,
            yield_line: b.yield_line,
        },
    );
    Ok(())
}

crate::opaque_debug!(Scopes);
