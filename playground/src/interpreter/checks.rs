//! The errors CPython 3.11 raises after parsing, while compiling: a program
//! that `ast.parse` accepts but `compile()` refuses. They come in CPython's
//! order:
//!
//! 1. `from __future__` imports (`Python/future.c`): unknown features;
//! 2. the symbol table (`Python/symtable.c`), built over the whole module:
//!    `duplicate argument`, misplaced `global`/`nonlocal`, `'yield' inside
//!    list comprehension`, walrus targets in comprehensions, `import *`
//!    inside a function; then its analysis: `nonlocal` names without a
//!    binding;
//! 3. the compiler (`Python/compile.c`), statement by statement:
//!    `'return' outside function`, `'break' outside loop`, `'await' outside
//!    async function`, `keyword argument repeated`, ...
//!
//! Their columns are UTF-8 byte offsets + 1: CPython does not convert them
//! to characters.

use rustc_hash::FxHashMap as HashMap;

use super::ast::{
    Arguments, Comprehension, ExceptHandler, Expr, ExprContext, ExprKind, Ident, Keyword, Loc, Module, Stmt, StmtKind,
};
use super::error::{ErrorKind, ParseError};

/// The features `from __future__ import` accepts in 3.11.
const FUTURE_FEATURES: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// Runs CPython's checks in CPython's order; `source` is the normalized
/// source (for the error's line).
pub fn check(module: &Module, source: &str) -> Result<(), ParseError> {
    let lines = Lines { source };
    let future_lineno = future_imports(module, &lines)?;
    let mut table = SymbolTable::new(&lines);
    table.module(module)?;
    table.analyze()?;
    let mut compiler = Compiler { table: &table, lines: &lines, units: Vec::new(), future_lineno };
    compiler.module(module)
}

/// Source lines, for the `text` of an error.
struct Lines<'s> {
    source: &'s str,
}

impl Lines<'_> {
    /// An error at `loc`, its columns + 1 as CPython leaves them (bytes).
    fn error(&self, msg: String, loc: Loc) -> ParseError {
        ParseError {
            kind: ErrorKind::SyntaxError,
            msg,
            lineno: loc.lineno,
            offset: loc.col_offset + 1,
            end_lineno: loc.end_lineno,
            end_offset: Some(loc.end_col_offset + 1),
            text: self.line(loc.lineno),
            script_columns: None,
        }
    }

    fn line(&self, lineno: u32) -> Option<String> {
        self.source.split_inclusive('\n').nth(lineno.checked_sub(1)? as usize).map(str::to_string)
    }
}

/// `_PyFuture_FromAST`: the leading `from __future__ import` statements
/// (after an optional docstring) and their features. Returns the line of
/// the last one (`ff_lineno`), or -1.
fn future_imports(module: &Module, lines: &Lines) -> Result<i64, ParseError> {
    let mut last = -1;
    for (i, s) in module.body.iter().enumerate() {
        if i == 0 && is_docstring(s) {
            continue;
        }
        let StmtKind::ImportFrom { module: Some(name), names, .. } = &s.kind else {
            break;
        };
        if &**name != "__future__" {
            break;
        }
        for alias in names {
            let feature = &*alias.name;
            if FUTURE_FEATURES.contains(&feature) {
                continue;
            }
            let msg = if feature == "braces" {
                "not a chance".to_string()
            } else {
                format!("future feature {feature} is not defined")
            };
            let mut error = lines.error(msg, s.loc);
            error.end_lineno = s.loc.lineno;
            error.end_offset = None;
            return Err(error);
        }
        last = s.loc.lineno as i64;
    }
    Ok(last)
}

fn is_docstring(s: &Stmt) -> bool {
    matches!(&s.kind, StmtKind::Expr { value } if matches!(*value.kind, ExprKind::Constant { value: super::ast::Constant::Str(_), .. }))
}

// ---- the symbol table ------------------------------------------------------

/// The maps here are small and their keys not chosen by an attacker: FxHash, not SipHash.
type FastMap<K, V> = HashMap<K, V>;

const DEF_GLOBAL: u32 = 1;
const DEF_LOCAL: u32 = 2;
const DEF_PARAM: u32 = 4;
const DEF_NONLOCAL: u32 = 8;
const USE: u32 = 16;
const DEF_IMPORT: u32 = 128;
const DEF_ANNOT: u32 = 256;
const DEF_COMP_ITER: u32 = 512;
const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

#[derive(Clone, Copy, PartialEq, Eq)]
enum BlockType {
    Module,
    Class,
    Function,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Comprehension2 {
    List,
    Set,
    Dict,
    Generator,
}

/// `PySTEntryObject`: one scope.
struct Scope {
    kind: BlockType,
    comprehension: Option<Comprehension2>,
    /// Names in the order first seen, with their `DEF_*` flags.
    symbols: Vec<(Ident, u32)>,
    index: FastMap<Ident, usize>,
    /// `global`/`nonlocal` statements (and walrus targets) per name, for
    /// error locations.
    directives: Vec<(Ident, Loc)>,
    children: Vec<usize>,
    generator: bool,
    coroutine: bool,
    comp_iter_target: bool,
    comp_iter_expr: u32,
}

impl Scope {
    fn new(kind: BlockType) -> Scope {
        Scope {
            kind,
            comprehension: None,
            symbols: Vec::new(),
            index: FastMap::default(),
            directives: Vec::new(),
            children: Vec::new(),
            generator: false,
            coroutine: false,
            comp_iter_target: false,
            comp_iter_expr: 0,
        }
    }

    fn lookup(&self, name: &str) -> u32 {
        self.index.get(name).map_or(0, |&i| self.symbols[i].1)
    }
}

/// `struct symtable`: scopes by id, and the scope of each function,
/// lambda, class and comprehension node (keyed by the node's address).
struct SymbolTable<'l, 's> {
    lines: &'l Lines<'s>,
    scopes: Vec<Scope>,
    stack: Vec<usize>,
    by_node: FastMap<usize, usize>,
}

fn key<T>(node: &T) -> usize {
    node as *const T as usize
}

impl<'l, 's> SymbolTable<'l, 's> {
    fn new(lines: &'l Lines<'s>) -> SymbolTable<'l, 's> {
        SymbolTable { lines, scopes: vec![Scope::new(BlockType::Module)], stack: vec![0], by_node: FastMap::default() }
    }

    fn cur(&mut self) -> &mut Scope {
        let i = self.stack[self.stack.len() - 1];
        &mut self.scopes[i]
    }

    fn enter(&mut self, kind: BlockType, node: usize) {
        let id = self.scopes.len();
        let parent = self.stack[self.stack.len() - 1];
        let mut scope = Scope::new(kind);
        // A block inside a comprehension's iterable is still inside it.
        scope.comp_iter_expr = self.scopes[parent].comp_iter_expr;
        self.scopes.push(scope);
        self.scopes[parent].children.push(id);
        self.by_node.insert(node, id);
        self.stack.push(id);
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    /// `symtable_add_def`
    fn add_def(&mut self, name: &Ident, flag: u32, loc: Loc) -> Result<(), ParseError> {
        let i = self.stack[self.stack.len() - 1];
        self.add_def_in(i, name, flag, loc)
    }

    fn add_def_in(&mut self, scope: usize, name: &Ident, flag: u32, loc: Loc) -> Result<(), ParseError> {
        let lines = self.lines;
        let s = &mut self.scopes[scope];
        let mut val = flag;
        if let Some(&i) = s.index.get(name) {
            let old = s.symbols[i].1;
            if flag & DEF_PARAM != 0 && old & DEF_PARAM != 0 {
                return Err(lines.error(format!("duplicate argument '{name}' in function definition"), loc));
            }
            val = old | flag;
        }
        if s.comp_iter_target {
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                let msg = format!("comprehension inner loop cannot rebind assignment expression target '{name}'");
                return Err(lines.error(msg, loc));
            }
            val |= DEF_COMP_ITER;
        }
        match s.index.get(name) {
            Some(&i) => s.symbols[i].1 = val,
            None => {
                s.index.insert(name.clone(), s.symbols.len());
                s.symbols.push((name.clone(), val));
            }
        }
        Ok(())
    }

    fn module(&mut self, module: &Module) -> Result<(), ParseError> {
        module.body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), ParseError> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn exprs(&mut self, es: &[Expr]) -> Result<(), ParseError> {
        es.iter().try_for_each(|e| self.expr(e))
    }

    fn opt(&mut self, e: &Option<Expr>) -> Result<(), ParseError> {
        match e {
            Some(e) => self.expr(e),
            None => Ok(()),
        }
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), ParseError> {
        match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                self.add_def(&f.name, DEF_LOCAL, s.loc)?;
                self.defaults(&f.args)?;
                self.annotations(&f.args, &f.returns)?;
                self.exprs(&f.decorator_list)?;
                self.enter(BlockType::Function, key(s));
                if matches!(s.kind, StmtKind::AsyncFunctionDef(_)) {
                    self.cur().coroutine = true;
                }
                self.params(&f.args)?;
                self.stmts(&f.body)?;
                self.exit();
            }
            StmtKind::ClassDef { name, bases, keywords, body, decorator_list } => {
                self.add_def(name, DEF_LOCAL, s.loc)?;
                self.exprs(bases)?;
                self.keywords(keywords)?;
                self.exprs(decorator_list)?;
                self.enter(BlockType::Class, key(s));
                self.stmts(body)?;
                self.exit();
            }
            StmtKind::Return { value } => self.opt(value)?,
            StmtKind::Delete { targets } => self.exprs(targets)?,
            StmtKind::Assign { targets, value } => {
                self.exprs(targets)?;
                self.expr(value)?;
            }
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                if let ExprKind::Name { id, .. } = &*target.kind {
                    let cur = self.cur().lookup(id);
                    let at_module = self.stack.len() == 1;
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && !at_module && *simple {
                        let which = if cur & DEF_GLOBAL != 0 { "global" } else { "nonlocal" };
                        return Err(self.lines.error(format!("annotated name '{id}' can't be {which}"), s.loc));
                    }
                    if *simple {
                        self.add_def(id, DEF_ANNOT | DEF_LOCAL, target.loc)?;
                    } else if value.is_some() {
                        self.add_def(id, DEF_LOCAL, target.loc)?;
                    }
                } else {
                    self.expr(target)?;
                }
                self.expr(annotation)?;
                self.opt(value)?;
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)?;
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                self.expr(&f.target)?;
                self.expr(&f.iter)?;
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
                    self.opt(&item.optional_vars)?;
                }
                self.stmts(&w.body)?;
            }
            StmtKind::Raise { exc, cause } => {
                self.opt(exc)?;
                self.opt(cause)?;
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                self.stmts(body)?;
                self.stmts(orelse)?;
                for h in handlers {
                    self.handler(h)?;
                }
                self.stmts(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                self.opt(msg)?;
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    if &*alias.name == "*" {
                        if self.cur().kind != BlockType::Module {
                            return Err(self.lines.error("import * only allowed at module level".into(), alias.loc));
                        }
                        continue;
                    }
                    let bound = match &alias.asname {
                        Some(a) => a.clone(),
                        None => Ident::from(alias.name.split('.').next().unwrap_or(&alias.name)),
                    };
                    self.add_def(&bound, DEF_IMPORT, alias.loc)?;
                }
            }
            StmtKind::Global { names } => self.directive(names, s.loc, true)?,
            StmtKind::Nonlocal { names } => self.directive(names, s.loc, false)?,
            StmtKind::Expr { value } => self.expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        Ok(())
    }

    /// `global` and `nonlocal` statements.
    fn directive(&mut self, names: &[Ident], loc: Loc, global: bool) -> Result<(), ParseError> {
        let which = if global { "global" } else { "nonlocal" };
        for name in names {
            let cur = self.cur().lookup(name);
            if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                let msg = if cur & DEF_PARAM != 0 {
                    format!("name '{name}' is parameter and {which}")
                } else if cur & USE != 0 {
                    format!("name '{name}' is used prior to {which} declaration")
                } else if cur & DEF_ANNOT != 0 {
                    format!("annotated name '{name}' can't be {which}")
                } else {
                    format!("name '{name}' is assigned to before {which} declaration")
                };
                return Err(self.lines.error(msg, loc));
            }
            self.add_def(name, if global { DEF_GLOBAL } else { DEF_NONLOCAL }, loc)?;
            self.cur().directives.push((name.clone(), loc));
        }
        Ok(())
    }

    fn handler(&mut self, h: &ExceptHandler) -> Result<(), ParseError> {
        self.opt(&h.type_)?;
        if let Some(name) = &h.name {
            self.add_def(name, DEF_LOCAL, h.loc)?;
        }
        self.stmts(&h.body)
    }

    fn keywords(&mut self, keywords: &[Keyword]) -> Result<(), ParseError> {
        keywords.iter().try_for_each(|k| self.expr(&k.value))
    }

    fn defaults(&mut self, args: &Arguments) -> Result<(), ParseError> {
        self.exprs(&args.defaults)?;
        args.kw_defaults.iter().flatten().try_for_each(|e| self.expr(e))
    }

    fn annotations(&mut self, args: &Arguments, returns: &Option<Expr>) -> Result<(), ParseError> {
        for a in args.posonlyargs.iter().chain(&args.args) {
            self.opt(&a.annotation)?;
        }
        for a in args.vararg.iter().chain(&args.kwarg).chain(&args.kwonlyargs) {
            self.opt(&a.annotation)?;
        }
        self.opt(returns)
    }

    /// `symtable_visit_arguments`
    fn params(&mut self, args: &Arguments) -> Result<(), ParseError> {
        for a in
            args.posonlyargs.iter().chain(&args.args).chain(&args.kwonlyargs).chain(&args.vararg).chain(&args.kwarg)
        {
            self.add_def(&a.arg, DEF_PARAM, a.loc)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), ParseError> {
        match &*e.kind {
            ExprKind::NamedExpr { target, value } => self.named_expr(e, target, value)?,
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.defaults(args)?;
                self.enter(BlockType::Function, key(e));
                self.params(args)?;
                self.expr(body)?;
                self.exit();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for (k, v) in keys.iter().zip(values) {
                    if let Some(k) = k {
                        self.expr(k)?;
                    }
                    self.expr(v)?;
                }
            }
            ExprKind::Set { elts } => self.exprs(elts)?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, Comprehension2::Generator, generators, elt, None)?
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, Comprehension2::List, generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, Comprehension2::Set, generators, elt, None)?
            }
            ExprKind::DictComp { key: k, value, generators } => {
                self.comprehension(e, Comprehension2::Dict, generators, value, Some(k))?
            }
            ExprKind::Yield { value } => {
                self.opt(value)?;
                self.yield_(e)?;
            }
            ExprKind::YieldFrom { value } => {
                self.expr(value)?;
                self.yield_(e)?;
            }
            ExprKind::Await { value } => {
                self.expr(value)?;
                self.cur().coroutine = true;
            }
            ExprKind::Compare { left, comparators, .. } => {
                self.expr(left)?;
                self.exprs(comparators)?;
            }
            ExprKind::Call { func, args, keywords } => {
                self.expr(func)?;
                self.exprs(args)?;
                self.keywords(keywords)?;
            }
            ExprKind::FormattedValue { value, format_spec, .. } => {
                self.expr(value)?;
                self.opt(format_spec)?;
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
                self.opt(lower)?;
                self.opt(upper)?;
                self.opt(step)?;
            }
            ExprKind::Name { id, ctx } => {
                let flag = if *ctx == ExprContext::Load { USE } else { DEF_LOCAL };
                self.add_def(id, flag, e.loc)?;
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.exprs(elts)?,
        }
        Ok(())
    }

    fn yield_(&mut self, e: &Expr) -> Result<(), ParseError> {
        self.cur().generator = true;
        if let Some(kind) = self.cur().comprehension {
            let what = match kind {
                Comprehension2::List => "list comprehension",
                Comprehension2::Set => "set comprehension",
                Comprehension2::Dict => "dict comprehension",
                Comprehension2::Generator => "generator expression",
            };
            return Err(self.lines.error(format!("'yield' inside {what}"), e.loc));
        }
        Ok(())
    }

    /// `symtable_handle_namedexpr`
    fn named_expr(&mut self, e: &Expr, target: &Expr, value: &Expr) -> Result<(), ParseError> {
        if self.cur().comp_iter_expr > 0 {
            let msg = "assignment expression cannot be used in a comprehension iterable expression";
            return Err(self.lines.error(msg.into(), e.loc));
        }
        if self.cur().comprehension.is_some() {
            if let ExprKind::Name { id, .. } = &*target.kind {
                self.extend_namedexpr_scope(id, target.loc)?;
            }
        }
        self.expr(value)?;
        self.expr(target)
    }

    /// `symtable_extend_namedexpr_scope`: a walrus in a comprehension binds
    /// in the nearest enclosing function or module.
    fn extend_namedexpr_scope(&mut self, name: &Ident, loc: Loc) -> Result<(), ParseError> {
        for depth in (0..self.stack.len()).rev() {
            let id = self.stack[depth];
            let scope = &self.scopes[id];
            if scope.comprehension.is_some() {
                if scope.lookup(name) & DEF_COMP_ITER != 0 {
                    let msg = format!("assignment expression cannot rebind comprehension iteration variable '{name}'");
                    return Err(self.lines.error(msg, loc));
                }
                continue;
            }
            match scope.kind {
                BlockType::Function => {
                    let flag = if scope.lookup(name) & DEF_GLOBAL != 0 { DEF_GLOBAL } else { DEF_NONLOCAL };
                    self.add_def(name, flag, loc)?;
                    self.cur().directives.push((name.clone(), loc));
                    return self.add_def_in(id, name, DEF_LOCAL, loc);
                }
                BlockType::Module => {
                    self.add_def(name, DEF_GLOBAL, loc)?;
                    self.cur().directives.push((name.clone(), loc));
                    return self.add_def_in(id, name, DEF_GLOBAL, loc);
                }
                BlockType::Class => {
                    let msg = "assignment expression within a comprehension cannot be used in a class body";
                    return Err(self.lines.error(msg.into(), loc));
                }
            }
        }
        Ok(())
    }

    /// `symtable_handle_comprehension`
    fn comprehension(
        &mut self,
        e: &Expr,
        kind: Comprehension2,
        generators: &[Comprehension],
        elt: &Expr,
        key_expr: Option<&Expr>,
    ) -> Result<(), ParseError> {
        let Some(outermost) = generators.first() else {
            return Ok(());
        };
        self.cur().comp_iter_expr += 1;
        self.expr(&outermost.iter)?;
        self.cur().comp_iter_expr -= 1;
        self.enter(BlockType::Function, key(e));
        self.cur().comprehension = Some(kind);
        if outermost.is_async {
            self.cur().coroutine = true;
        }
        self.add_def(&Ident::from(".0"), DEF_PARAM, e.loc)?;
        self.cur().comp_iter_target = true;
        self.expr(&outermost.target)?;
        self.cur().comp_iter_target = false;
        self.exprs(&outermost.ifs)?;
        for c in &generators[1..] {
            self.cur().comp_iter_target = true;
            self.expr(&c.target)?;
            self.cur().comp_iter_target = false;
            self.cur().comp_iter_expr += 1;
            self.expr(&c.iter)?;
            self.cur().comp_iter_expr -= 1;
            self.exprs(&c.ifs)?;
            if c.is_async {
                self.cur().coroutine = true;
            }
        }
        if let Some(k) = key_expr {
            self.expr(k)?;
        }
        self.expr(elt)?;
        let is_generator = kind == Comprehension2::Generator;
        if is_generator {
            self.cur().generator = true;
        }
        let is_async = self.cur().coroutine && !is_generator;
        self.exit();
        if is_async {
            self.cur().coroutine = true;
        }
        Ok(())
    }

    /// `symtable_analyze`: the scope of every name, and the errors that
    /// only the whole table shows (`nonlocal` without a binding).
    fn analyze(&self) -> Result<(), ParseError> {
        self.analyze_block(0, None, &mut Vec::new())
    }

    fn analyze_block(&self, id: usize, bound: Option<&[Ident]>, global: &mut Vec<Ident>) -> Result<(), ParseError> {
        let scope = &self.scopes[id];
        let mut local: Vec<Ident> = Vec::new();
        let mut new_global: Vec<Ident> = Vec::new();
        let mut new_bound: Vec<Ident> = Vec::new();
        if scope.kind == BlockType::Class {
            new_global.extend(global.iter().cloned());
            new_bound.extend(bound.unwrap_or_default().iter().cloned());
        }
        let mut bound_now: Vec<Ident> = bound.map(|b| b.to_vec()).unwrap_or_default();
        for (name, flags) in &scope.symbols {
            if flags & DEF_GLOBAL != 0 {
                if flags & DEF_NONLOCAL != 0 {
                    return Err(self.at_directive(scope, name, format!("name '{name}' is nonlocal and global")));
                }
                if !global.contains(name) {
                    global.push(name.clone());
                }
                bound_now.retain(|b| b != name);
                continue;
            }
            if flags & DEF_NONLOCAL != 0 {
                if bound.is_none() {
                    return Err(self.at_directive(
                        scope,
                        name,
                        "nonlocal declaration not allowed at module level".into(),
                    ));
                }
                if !bound_now.contains(name) {
                    return Err(self.at_directive(scope, name, format!("no binding for nonlocal '{name}' found")));
                }
                continue;
            }
            if flags & DEF_BOUND != 0 {
                local.push(name.clone());
                global.retain(|g| g != name);
            }
        }
        if scope.kind != BlockType::Class {
            if scope.kind == BlockType::Function {
                new_bound.extend(local.iter().cloned());
            }
            if bound.is_some() {
                new_bound.extend(bound_now.iter().cloned());
            }
            new_global.extend(global.iter().cloned());
        } else {
            new_bound.push(Ident::from("__class__"));
        }
        for &child in &scope.children {
            let mut child_global = new_global.clone();
            self.analyze_block(child, Some(&new_bound), &mut child_global)?;
        }
        Ok(())
    }

    /// `error_at_directive`: at the first `global`/`nonlocal` naming it.
    fn at_directive(&self, scope: &Scope, name: &Ident, msg: String) -> ParseError {
        let loc = scope.directives.iter().find(|(n, _)| n == name).map(|&(_, loc)| loc).unwrap_or_default();
        self.lines.error(msg, loc)
    }
}

// ---- the compiler ------------------------------------------------------------

/// `COMPILER_SCOPE_*`: what kind of code a unit compiles.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

/// A compiler unit: one code object, with its loop nesting.
struct Unit {
    kind: UnitKind,
    scope: usize,
    loops: u32,
}

struct Compiler<'t, 'l, 's> {
    table: &'t SymbolTable<'l, 's>,
    lines: &'l Lines<'s>,
    units: Vec<Unit>,
    future_lineno: i64,
}

impl Compiler<'_, '_, '_> {
    fn unit(&self) -> &Unit {
        &self.units[self.units.len() - 1]
    }

    fn unit_mut(&mut self) -> &mut Unit {
        let i = self.units.len() - 1;
        &mut self.units[i]
    }

    fn scope(&self) -> &Scope {
        &self.table.scopes[self.unit().scope]
    }

    fn error(&self, msg: &str, loc: Loc) -> ParseError {
        self.lines.error(msg.to_string(), loc)
    }

    fn enter<T>(&mut self, kind: UnitKind, node: &T) {
        let scope = self.table.by_node.get(&key(node)).copied().unwrap_or(0);
        self.units.push(Unit { kind, scope, loops: 0 });
    }

    fn module(&mut self, module: &Module) -> Result<(), ParseError> {
        self.units.push(Unit { kind: UnitKind::Module, scope: 0, loops: 0 });
        self.stmts(&module.body)
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), ParseError> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn exprs(&mut self, es: &[Expr]) -> Result<(), ParseError> {
        es.iter().try_for_each(|e| self.expr(e))
    }

    fn opt(&mut self, e: &Option<Expr>) -> Result<(), ParseError> {
        match e {
            Some(e) => self.expr(e),
            None => Ok(()),
        }
    }

    /// A loop body: `break` and `continue` are fine in it.
    fn in_loop(&mut self, body: &[Stmt]) -> Result<(), ParseError> {
        self.unit_mut().loops += 1;
        let result = self.stmts(body);
        self.unit_mut().loops -= 1;
        result
    }

    fn is_function_block(&self) -> bool {
        self.scope().kind == BlockType::Function
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), ParseError> {
        match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                self.check_debug_args(&f.args, s.loc)?;
                self.exprs(&f.decorator_list)?;
                self.defaults(&f.args)?;
                self.annotations(&f.args, &f.returns)?;
                let kind = if matches!(s.kind, StmtKind::AsyncFunctionDef(_)) {
                    UnitKind::AsyncFunction
                } else {
                    UnitKind::Function
                };
                self.enter(kind, s);
                let body = if f.body.first().is_some_and(is_docstring) { &f.body[1..] } else { &f.body[..] };
                let result = self.stmts(body);
                self.units.pop();
                result?;
            }
            StmtKind::ClassDef { bases, keywords, body, decorator_list, .. } => {
                self.exprs(decorator_list)?;
                self.enter(UnitKind::Class, s);
                let result = self.stmts(body);
                self.units.pop();
                result?;
                self.call_args(bases, keywords, s.loc)?;
            }
            StmtKind::Return { value } => {
                if !self.is_function_block() {
                    return Err(self.error("'return' outside function", s.loc));
                }
                if value.is_some() && self.scope().coroutine && self.scope().generator {
                    return Err(self.error("'return' with value in async generator", s.loc));
                }
                self.opt(value)?;
            }
            StmtKind::Delete { targets } => self.exprs(targets)?,
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                self.exprs(targets)?;
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)?;
            }
            StmtKind::AnnAssign { target, annotation, value, .. } => {
                if let ExprKind::Name { id, .. } = &*target.kind {
                    self.forbidden_name(id, ExprContext::Store, s.loc)?;
                }
                self.opt(value)?;
                self.expr(target)?;
                if self.unit().kind == UnitKind::Module || self.unit().kind == UnitKind::Class {
                    self.expr(annotation)?;
                }
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                if matches!(s.kind, StmtKind::AsyncFor(_)) && self.unit().kind != UnitKind::AsyncFunction {
                    return Err(self.error("'async for' outside async function", s.loc));
                }
                self.expr(&f.iter)?;
                self.expr(&f.target)?;
                self.in_loop(&f.body)?;
                self.stmts(&f.orelse)?;
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test)?;
                self.in_loop(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                if matches!(s.kind, StmtKind::AsyncWith(_)) && self.unit().kind != UnitKind::AsyncFunction {
                    return Err(self.error("'async with' outside async function", s.loc));
                }
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    self.opt(&item.optional_vars)?;
                }
                self.stmts(&w.body)?;
            }
            StmtKind::Raise { exc, cause } => {
                self.opt(exc)?;
                self.opt(cause)?;
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                self.stmts(body)?;
                for (i, h) in handlers.iter().enumerate() {
                    if h.type_.is_none() && i + 1 < handlers.len() {
                        return Err(self.error("default 'except:' must be last", h.loc));
                    }
                    self.opt(&h.type_)?;
                    self.stmts(&h.body)?;
                }
                self.stmts(orelse)?;
                self.stmts(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                self.opt(msg)?;
            }
            StmtKind::ImportFrom { module: Some(m), .. }
                if &**m == "__future__" && s.loc.lineno as i64 > self.future_lineno =>
            {
                return Err(self.error("from __future__ imports must occur at the beginning of the file", s.loc));
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    let stored = alias.asname.as_deref().unwrap_or_else(|| alias.name.split('.').next().unwrap_or(""));
                    self.forbidden_name(stored, ExprContext::Store, s.loc)?;
                }
            }
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } | StmtKind::Pass => {}
            StmtKind::Expr { value } => self.expr(value)?,
            StmtKind::Break | StmtKind::Continue => {
                if self.unit().loops == 0 {
                    let msg = if matches!(s.kind, StmtKind::Break) {
                        "'break' outside loop"
                    } else {
                        "'continue' not properly in loop"
                    };
                    return Err(self.error(msg, s.loc));
                }
            }
        }
        Ok(())
    }

    fn defaults(&mut self, args: &Arguments) -> Result<(), ParseError> {
        self.exprs(&args.defaults)?;
        args.kw_defaults.iter().flatten().try_for_each(|e| self.expr(e))
    }

    /// `forbidden_name`: `__debug__` cannot be assigned or deleted.
    fn forbidden_name(&self, name: &str, ctx: ExprContext, loc: Loc) -> Result<(), ParseError> {
        if name != "__debug__" {
            return Ok(());
        }
        match ctx {
            ExprContext::Store => Err(self.error("cannot assign to __debug__", loc)),
            ExprContext::Del => Err(self.error("cannot delete __debug__", loc)),
            ExprContext::Load => Ok(()),
        }
    }

    /// `compiler_check_debug_args`: no parameter may be `__debug__`.
    fn check_debug_args(&self, args: &Arguments, loc: Loc) -> Result<(), ParseError> {
        let mut all =
            args.posonlyargs.iter().chain(&args.args).chain(&args.vararg).chain(&args.kwonlyargs).chain(&args.kwarg);
        all.try_for_each(|a| self.forbidden_name(&a.arg, ExprContext::Store, loc))
    }

    fn annotations(&mut self, args: &Arguments, returns: &Option<Expr>) -> Result<(), ParseError> {
        for a in
            args.args.iter().chain(&args.posonlyargs).chain(&args.vararg).chain(&args.kwonlyargs).chain(&args.kwarg)
        {
            // `*args: *Ts` unpacks its annotation.
            self.unpacked(a.annotation.as_slice())?;
        }
        self.opt(returns)
    }

    /// `compiler_call_helper`: keywords are checked before the arguments
    /// (errors about a keyword's name are located at the whole call).
    fn call_args(&mut self, args: &[Expr], keywords: &[Keyword], call: Loc) -> Result<(), ParseError> {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = &k.arg else {
                continue;
            };
            self.forbidden_name(name, ExprContext::Store, call)?;
            if let Some(other) = keywords[i + 1..].iter().find(|o| o.arg.as_ref() == Some(name)) {
                return Err(self.error(&format!("keyword argument repeated: {name}"), other.loc));
            }
        }
        self.unpacked(args)?;
        keywords.iter().try_for_each(|k| self.expr(&k.value))
    }

    /// Elements where `*x` unpacks (`starunpack_helper`): the starred
    /// value is compiled, not the `Starred` node.
    fn unpacked(&mut self, elts: &[Expr]) -> Result<(), ParseError> {
        elts.iter().try_for_each(|elt| match &*elt.kind {
            ExprKind::Starred { value, .. } => self.expr(value),
            _ => self.expr(elt),
        })
    }

    fn expr(&mut self, e: &Expr) -> Result<(), ParseError> {
        match &*e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.expr(target)?;
            }
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.check_debug_args(args, e.loc)?;
                self.defaults(args)?;
                self.enter(UnitKind::Lambda, e);
                let result = self.expr(body);
                self.units.pop();
                result?;
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for (k, v) in keys.iter().zip(values) {
                    if let Some(k) = k {
                        self.expr(k)?;
                    }
                    self.expr(v)?;
                }
            }
            ExprKind::Set { elts } => self.unpacked(elts)?,
            ExprKind::List { elts, ctx } | ExprKind::Tuple { elts, ctx } => match ctx {
                ExprContext::Load => self.unpacked(elts)?,
                ExprContext::Store => {
                    // `unpack_helper`: one starred target at most.
                    let starred = elts.iter().filter(|elt| matches!(*elt.kind, ExprKind::Starred { .. })).count();
                    if starred > 1 {
                        return Err(self.error("multiple starred expressions in assignment", e.loc));
                    }
                    self.unpacked(elts)?;
                }
                ExprContext::Del => self.exprs(elts)?,
            },
            ExprKind::GeneratorExp { elt, generators } => self.comprehension(e, true, generators, &[elt])?,
            ExprKind::ListComp { elt, generators } | ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, false, generators, &[elt])?
            }
            ExprKind::DictComp { key: k, value, generators } => {
                self.comprehension(e, false, generators, &[k, value])?
            }
            ExprKind::Yield { value } => {
                if !self.is_function_block() {
                    return Err(self.error("'yield' outside function", e.loc));
                }
                self.opt(value)?;
            }
            ExprKind::YieldFrom { value } => {
                if !self.is_function_block() {
                    return Err(self.error("'yield' outside function", e.loc));
                }
                if self.unit().kind == UnitKind::AsyncFunction {
                    return Err(self.error("'yield from' inside async function", e.loc));
                }
                self.expr(value)?;
            }
            ExprKind::Await { value } => {
                if !self.is_function_block() {
                    return Err(self.error("'await' outside function", e.loc));
                }
                if !matches!(self.unit().kind, UnitKind::AsyncFunction | UnitKind::Comprehension) {
                    return Err(self.error("'await' outside async function", e.loc));
                }
                self.expr(value)?;
            }
            ExprKind::Compare { left, comparators, .. } => {
                self.expr(left)?;
                self.exprs(comparators)?;
            }
            ExprKind::Call { func, args, keywords } => {
                self.expr(func)?;
                self.call_args(args, keywords, e.loc)?;
            }
            ExprKind::FormattedValue { value, format_spec, .. } => {
                self.expr(value)?;
                self.opt(format_spec)?;
            }
            ExprKind::JoinedStr { values } => self.exprs(values)?,
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, attr, ctx } => {
                self.expr(value)?;
                self.forbidden_name(attr, *ctx, e.loc)?;
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            // Where `*x` may stand, the callers compile its value instead.
            ExprKind::Starred { ctx, .. } => {
                let msg = if *ctx == ExprContext::Store {
                    "starred assignment target must be in a list or tuple"
                } else {
                    "can't use starred expression here"
                };
                return Err(self.error(msg, e.loc));
            }
            ExprKind::Name { id, ctx } => self.forbidden_name(id, *ctx, e.loc)?,
            ExprKind::Slice { lower, upper, step } => {
                self.opt(lower)?;
                self.opt(upper)?;
                self.opt(step)?;
            }
        }
        Ok(())
    }

    /// `compiler_comprehension`: the body in the comprehension's own
    /// scope, then the outermost iterable in the enclosing one.
    fn comprehension(
        &mut self,
        e: &Expr,
        is_genexp: bool,
        generators: &[Comprehension],
        elts: &[&Expr],
    ) -> Result<(), ParseError> {
        let outer = self.unit().kind;
        self.enter(UnitKind::Comprehension, e);
        let result = (|| {
            if self.scope().coroutine
                && !is_genexp
                && outer != UnitKind::AsyncFunction
                && outer != UnitKind::Comprehension
            {
                return Err(self.error("asynchronous comprehension outside of an asynchronous function", e.loc));
            }
            for (i, c) in generators.iter().enumerate() {
                if i > 0 {
                    self.expr(&c.iter)?;
                }
                self.expr(&c.target)?;
                self.exprs(&c.ifs)?;
            }
            elts.iter().try_for_each(|elt| self.expr(elt))
        })();
        self.units.pop();
        result?;
        match generators.first() {
            Some(outermost) => self.expr(&outermost.iter),
            None => Ok(()),
        }
    }
}
