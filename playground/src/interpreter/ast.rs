//! The abstract syntax tree, node for node and field for field as CPython
//! 3.11's `ast` module (`Parser/Python.asdl`), so that [`dump`] prints what
//! `ast.dump(ast.parse(source))` prints and the bytecode compiler can follow
//! CPython's `compile.c`.
//!
//! Every statement and expression (and `arg`, `keyword`, `alias`,
//! `excepthandler`) carries its [`Loc`]: lines from 1, columns in UTF-8
//! bytes from 0, as CPython's. Left out on purpose: `type_comment` fields
//! (always `None` when `ast.parse` is not asked for type comments) and
//! `Module.type_ignores` (always empty); `Match` and `TryStar` are refused by
//! the parser (see [`super::ErrorKind::NotImplementedError`]).

use std::fmt::Write;
use std::rc::Rc;

use super::source::{repr_bytes, repr_float, repr_imag, repr_str};
pub use super::tokenizer::Ident;

/// Where a node is: `lineno`, `col_offset`, `end_lineno`, `end_col_offset`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    pub lineno: u32,
    pub col_offset: i32,
    pub end_lineno: u32,
    pub end_col_offset: i32,
}

impl Loc {
    /// From the start of `a` to the end of `b`.
    pub fn span(a: Loc, b: Loc) -> Loc {
        Loc { lineno: a.lineno, col_offset: a.col_offset, end_lineno: b.end_lineno, end_col_offset: b.end_col_offset }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub loc: Loc,
}

/// `FunctionDef` and `AsyncFunctionDef`.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub name: Ident,
    pub args: Box<Arguments>,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
    pub returns: Option<Expr>,
}

/// `For` and `AsyncFor`.
#[derive(Clone, Debug, PartialEq)]
pub struct For {
    pub target: Expr,
    pub iter: Expr,
    pub body: Vec<Stmt>,
    pub orelse: Vec<Stmt>,
}

/// `With` and `AsyncWith`.
#[derive(Clone, Debug, PartialEq)]
pub struct With {
    pub items: Vec<WithItem>,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    FunctionDef(FunctionDef),
    AsyncFunctionDef(FunctionDef),
    ClassDef {
        name: Ident,
        bases: Vec<Expr>,
        keywords: Vec<Keyword>,
        body: Vec<Stmt>,
        decorator_list: Vec<Expr>,
    },
    Return {
        value: Option<Expr>,
    },
    Delete {
        targets: Vec<Expr>,
    },
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    AugAssign {
        target: Expr,
        op: Operator,
        value: Expr,
    },
    /// `simple` is true for a bare name target (CPython's `simple=1`).
    AnnAssign {
        target: Expr,
        annotation: Expr,
        value: Option<Expr>,
        simple: bool,
    },
    For(For),
    AsyncFor(For),
    While {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    If {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    With(With),
    AsyncWith(With),
    Raise {
        exc: Option<Expr>,
        cause: Option<Expr>,
    },
    Try {
        body: Vec<Stmt>,
        handlers: Vec<ExceptHandler>,
        orelse: Vec<Stmt>,
        finalbody: Vec<Stmt>,
    },
    Assert {
        test: Expr,
        msg: Option<Expr>,
    },
    Import {
        names: Vec<Alias>,
    },
    ImportFrom {
        module: Option<Ident>,
        names: Vec<Alias>,
        level: u32,
    },
    Global {
        names: Vec<Ident>,
    },
    Nonlocal {
        names: Vec<Ident>,
    },
    Expr {
        value: Expr,
    },
    Pass,
    Break,
    Continue,
}

/// An expression: its node behind a reference count, so that an `Expr` is
/// three words wherever it is passed around (the parser holds many on its
/// stack) and a copy is cheap (the parser memoizes results, as pegen does).
/// The tree is immutable once built.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: Rc<ExprKind>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    NamedExpr {
        target: Expr,
        value: Expr,
    },
    BinOp {
        left: Expr,
        op: Operator,
        right: Expr,
    },
    UnaryOp {
        op: UnaryOp,
        operand: Expr,
    },
    Lambda {
        args: Box<Arguments>,
        body: Expr,
    },
    IfExp {
        test: Expr,
        body: Expr,
        orelse: Expr,
    },
    /// A `None` key is a `**mapping` entry.
    Dict {
        keys: Vec<Option<Expr>>,
        values: Vec<Expr>,
    },
    Set {
        elts: Vec<Expr>,
    },
    ListComp {
        elt: Expr,
        generators: Vec<Comprehension>,
    },
    SetComp {
        elt: Expr,
        generators: Vec<Comprehension>,
    },
    DictComp {
        key: Expr,
        value: Expr,
        generators: Vec<Comprehension>,
    },
    GeneratorExp {
        elt: Expr,
        generators: Vec<Comprehension>,
    },
    Await {
        value: Expr,
    },
    Yield {
        value: Option<Expr>,
    },
    YieldFrom {
        value: Expr,
    },
    Compare {
        left: Expr,
        ops: Vec<CmpOp>,
        comparators: Vec<Expr>,
    },
    Call {
        func: Expr,
        args: Vec<Expr>,
        keywords: Vec<Keyword>,
    },
    /// `conversion` is -1 (none) or the code of `s`, `r` or `a` (115, 114, 97).
    FormattedValue {
        value: Expr,
        conversion: i32,
        format_spec: Option<Expr>,
    },
    JoinedStr {
        values: Vec<Expr>,
    },
    /// `kind` is `Some("u")` for a string whose first part is `u"..."`.
    Constant {
        value: Constant,
        kind: Option<Ident>,
    },
    Attribute {
        value: Expr,
        attr: Ident,
        ctx: ExprContext,
    },
    Subscript {
        value: Expr,
        slice: Expr,
        ctx: ExprContext,
    },
    Starred {
        value: Expr,
        ctx: ExprContext,
    },
    Name {
        id: Ident,
        ctx: ExprContext,
    },
    List {
        elts: Vec<Expr>,
        ctx: ExprContext,
    },
    Tuple {
        elts: Vec<Expr>,
        ctx: ExprContext,
    },
    Slice {
        lower: Option<Expr>,
        upper: Option<Expr>,
        step: Option<Expr>,
    },
}

/// The values a `Constant` holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    Bool(bool),
    Ellipsis,
    Int(Int),
    Float(f64),
    /// An imaginary literal: `3j` is `complex(0, 3)`.
    Complex {
        real: f64,
        imag: f64,
    },
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
}

/// An integer literal's value: small ones as `i64`, larger ones as their
/// decimal digits (the numbers module does the arithmetic).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Int {
    Small(i64),
    Big(Rc<str>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExprContext {
    Load,
    Store,
    Del,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    FloorDiv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    pub type_: Option<Expr>,
    pub name: Option<Ident>,
    pub body: Vec<Stmt>,
    pub loc: Loc,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Arguments {
    pub posonlyargs: Vec<Arg>,
    pub args: Vec<Arg>,
    pub vararg: Option<Arg>,
    pub kwonlyargs: Vec<Arg>,
    /// One per keyword-only argument; `None` where it has no default.
    pub kw_defaults: Vec<Option<Expr>>,
    pub kwarg: Option<Arg>,
    /// Defaults of the last positional arguments (`posonlyargs` + `args`).
    pub defaults: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub arg: Ident,
    pub annotation: Option<Expr>,
    pub loc: Loc,
}

/// `name=value` in a call or class bases; `arg` is `None` for `**mapping`.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    pub arg: Option<Ident>,
    pub value: Expr,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    pub name: Ident,
    pub asname: Option<Ident>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WithItem {
    pub context_expr: Expr,
    pub optional_vars: Option<Expr>,
}

impl Expr {
    pub fn new(kind: ExprKind, loc: Loc) -> Expr {
        Expr { kind: Rc::new(kind), loc }
    }

    /// The node, moved out when this is its only reference.
    pub fn into_kind(self) -> ExprKind {
        Rc::try_unwrap(self.kind).unwrap_or_else(|shared| (*shared).clone())
    }

    /// The node's class name in Python's `ast` module.
    pub fn name(&self) -> &'static str {
        match &*self.kind {
            ExprKind::BoolOp { .. } => "BoolOp",
            ExprKind::NamedExpr { .. } => "NamedExpr",
            ExprKind::BinOp { .. } => "BinOp",
            ExprKind::UnaryOp { .. } => "UnaryOp",
            ExprKind::Lambda { .. } => "Lambda",
            ExprKind::IfExp { .. } => "IfExp",
            ExprKind::Dict { .. } => "Dict",
            ExprKind::Set { .. } => "Set",
            ExprKind::ListComp { .. } => "ListComp",
            ExprKind::SetComp { .. } => "SetComp",
            ExprKind::DictComp { .. } => "DictComp",
            ExprKind::GeneratorExp { .. } => "GeneratorExp",
            ExprKind::Await { .. } => "Await",
            ExprKind::Yield { .. } => "Yield",
            ExprKind::YieldFrom { .. } => "YieldFrom",
            ExprKind::Compare { .. } => "Compare",
            ExprKind::Call { .. } => "Call",
            ExprKind::FormattedValue { .. } => "FormattedValue",
            ExprKind::JoinedStr { .. } => "JoinedStr",
            ExprKind::Constant { .. } => "Constant",
            ExprKind::Attribute { .. } => "Attribute",
            ExprKind::Subscript { .. } => "Subscript",
            ExprKind::Starred { .. } => "Starred",
            ExprKind::Name { .. } => "Name",
            ExprKind::List { .. } => "List",
            ExprKind::Tuple { .. } => "Tuple",
            ExprKind::Slice { .. } => "Slice",
        }
    }
}

impl Operator {
    pub fn name(self) -> &'static str {
        match self {
            Operator::Add => "Add",
            Operator::Sub => "Sub",
            Operator::Mult => "Mult",
            Operator::MatMult => "MatMult",
            Operator::Div => "Div",
            Operator::Mod => "Mod",
            Operator::Pow => "Pow",
            Operator::LShift => "LShift",
            Operator::RShift => "RShift",
            Operator::BitOr => "BitOr",
            Operator::BitXor => "BitXor",
            Operator::BitAnd => "BitAnd",
            Operator::FloorDiv => "FloorDiv",
        }
    }
}

impl CmpOp {
    pub fn name(self) -> &'static str {
        match self {
            CmpOp::Eq => "Eq",
            CmpOp::NotEq => "NotEq",
            CmpOp::Lt => "Lt",
            CmpOp::LtE => "LtE",
            CmpOp::Gt => "Gt",
            CmpOp::GtE => "GtE",
            CmpOp::Is => "Is",
            CmpOp::IsNot => "IsNot",
            CmpOp::In => "In",
            CmpOp::NotIn => "NotIn",
        }
    }
}

impl Constant {
    /// Python's `repr` of the value, as `ast.dump` prints it.
    pub fn repr(&self) -> String {
        match self {
            Constant::None => "None".into(),
            Constant::Bool(true) => "True".into(),
            Constant::Bool(false) => "False".into(),
            Constant::Ellipsis => "Ellipsis".into(),
            Constant::Int(Int::Small(i)) => i.to_string(),
            Constant::Int(Int::Big(digits)) => digits.to_string(),
            Constant::Float(x) => repr_float(*x),
            Constant::Complex { imag, .. } => repr_imag(*imag),
            Constant::Str(s) => repr_str(s),
            Constant::Bytes(b) => repr_bytes(b),
        }
    }
}

/// `ast.dump(module)`: one line, fields by keyword, optional fields left out
/// when `None`.
pub fn dump(module: &Module) -> String {
    Dumper { out: String::new(), attributes: false }.module(module)
}

/// `ast.dump(module, include_attributes=True)`: with every node's
/// `lineno`, `col_offset`, `end_lineno` and `end_col_offset`.
pub fn dump_with_attributes(module: &Module) -> String {
    Dumper { out: String::new(), attributes: true }.module(module)
}

/// Writes the `ast.dump` text. Each node is written as `Name(` then its
/// fields, each `field=value` introduced by [`Dumper::field`], then `)`.
struct Dumper {
    out: String,
    attributes: bool,
}

impl Dumper {
    fn module(mut self, module: &Module) -> String {
        self.out.push_str("Module(body=");
        self.list(&module.body, Self::stmt);
        self.out.push_str(", type_ignores=[])");
        self.out
    }

    /// Starts a field: `, name=` (without the comma for the first one).
    fn field(&mut self, name: &str) {
        if !self.out.ends_with('(') {
            self.out.push_str(", ");
        }
        self.out.push_str(name);
        self.out.push('=');
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            each(self, item);
        }
        self.out.push(']');
    }

    fn expr_field(&mut self, name: &str, e: &Expr) {
        self.field(name);
        self.expr(e);
    }

    fn opt_expr_field(&mut self, name: &str, e: &Option<Expr>) {
        if let Some(e) = e {
            self.expr_field(name, e);
        }
    }

    fn exprs_field(&mut self, name: &str, es: &[Expr]) {
        self.field(name);
        self.list(es, Self::expr);
    }

    fn stmts_field(&mut self, name: &str, body: &[Stmt]) {
        self.field(name);
        self.list(body, Self::stmt);
    }

    fn str_field(&mut self, name: &str, s: &str) {
        self.field(name);
        self.out.push_str(&repr_str(s));
    }

    fn opt_str_field(&mut self, name: &str, s: &Option<Ident>) {
        if let Some(s) = s {
            self.str_field(name, s);
        }
    }

    fn int_field(&mut self, name: &str, value: i64) {
        self.field(name);
        let _ = write!(self.out, "{value}");
    }

    fn simple_field(&mut self, name: &str, class: &str) {
        self.field(name);
        self.out.push_str(class);
        self.out.push_str("()");
    }

    fn ctx_field(&mut self, ctx: ExprContext) {
        let class = match ctx {
            ExprContext::Load => "Load",
            ExprContext::Store => "Store",
            ExprContext::Del => "Del",
        };
        self.simple_field("ctx", class);
    }

    /// Closes a node, with its location when asked.
    fn end(&mut self, loc: &Loc) {
        if self.attributes {
            self.int_field("lineno", loc.lineno as i64);
            self.int_field("col_offset", loc.col_offset as i64);
            self.int_field("end_lineno", loc.end_lineno as i64);
            self.int_field("end_col_offset", loc.end_col_offset as i64);
        }
        self.out.push(')');
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::FunctionDef(f) => self.function_def("FunctionDef", f),
            StmtKind::AsyncFunctionDef(f) => self.function_def("AsyncFunctionDef", f),
            StmtKind::ClassDef { name, bases, keywords, body, decorator_list } => {
                self.out.push_str("ClassDef(");
                self.str_field("name", name);
                self.exprs_field("bases", bases);
                self.field("keywords");
                self.list(keywords, Self::keyword);
                self.stmts_field("body", body);
                self.exprs_field("decorator_list", decorator_list);
            }
            StmtKind::Return { value } => {
                self.out.push_str("Return(");
                self.opt_expr_field("value", value);
            }
            StmtKind::Delete { targets } => {
                self.out.push_str("Delete(");
                self.exprs_field("targets", targets);
            }
            StmtKind::Assign { targets, value } => {
                self.out.push_str("Assign(");
                self.exprs_field("targets", targets);
                self.expr_field("value", value);
            }
            StmtKind::AugAssign { target, op, value } => {
                self.out.push_str("AugAssign(");
                self.expr_field("target", target);
                self.simple_field("op", op.name());
                self.expr_field("value", value);
            }
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                self.out.push_str("AnnAssign(");
                self.expr_field("target", target);
                self.expr_field("annotation", annotation);
                self.opt_expr_field("value", value);
                self.int_field("simple", *simple as i64);
            }
            StmtKind::For(f) => self.for_loop("For", f),
            StmtKind::AsyncFor(f) => self.for_loop("AsyncFor", f),
            StmtKind::While { test, body, orelse } => {
                self.out.push_str("While(");
                self.expr_field("test", test);
                self.stmts_field("body", body);
                self.stmts_field("orelse", orelse);
            }
            StmtKind::If { test, body, orelse } => {
                self.out.push_str("If(");
                self.expr_field("test", test);
                self.stmts_field("body", body);
                self.stmts_field("orelse", orelse);
            }
            StmtKind::With(w) => self.with("With", w),
            StmtKind::AsyncWith(w) => self.with("AsyncWith", w),
            StmtKind::Raise { exc, cause } => {
                self.out.push_str("Raise(");
                self.opt_expr_field("exc", exc);
                self.opt_expr_field("cause", cause);
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                self.out.push_str("Try(");
                self.stmts_field("body", body);
                self.field("handlers");
                self.list(handlers, Self::handler);
                self.stmts_field("orelse", orelse);
                self.stmts_field("finalbody", finalbody);
            }
            StmtKind::Assert { test, msg } => {
                self.out.push_str("Assert(");
                self.expr_field("test", test);
                self.opt_expr_field("msg", msg);
            }
            StmtKind::Import { names } => {
                self.out.push_str("Import(");
                self.field("names");
                self.list(names, Self::alias);
            }
            StmtKind::ImportFrom { module, names, level } => {
                self.out.push_str("ImportFrom(");
                self.opt_str_field("module", module);
                self.field("names");
                self.list(names, Self::alias);
                self.int_field("level", *level as i64);
            }
            StmtKind::Global { names } => self.names("Global", names),
            StmtKind::Nonlocal { names } => self.names("Nonlocal", names),
            StmtKind::Expr { value } => {
                self.out.push_str("Expr(");
                self.expr_field("value", value);
            }
            StmtKind::Pass => self.out.push_str("Pass("),
            StmtKind::Break => self.out.push_str("Break("),
            StmtKind::Continue => self.out.push_str("Continue("),
        }
        self.end(&s.loc);
    }

    fn function_def(&mut self, class: &str, f: &FunctionDef) {
        self.out.push_str(class);
        self.out.push('(');
        self.str_field("name", &f.name);
        self.field("args");
        self.arguments(&f.args);
        self.stmts_field("body", &f.body);
        self.exprs_field("decorator_list", &f.decorator_list);
        self.opt_expr_field("returns", &f.returns);
    }

    fn for_loop(&mut self, class: &str, f: &For) {
        self.out.push_str(class);
        self.out.push('(');
        self.expr_field("target", &f.target);
        self.expr_field("iter", &f.iter);
        self.stmts_field("body", &f.body);
        self.stmts_field("orelse", &f.orelse);
    }

    fn with(&mut self, class: &str, w: &With) {
        self.out.push_str(class);
        self.out.push('(');
        self.field("items");
        self.list(&w.items, |d, item| {
            d.out.push_str("withitem(");
            d.expr_field("context_expr", &item.context_expr);
            d.opt_expr_field("optional_vars", &item.optional_vars);
            d.out.push(')');
        });
        self.stmts_field("body", &w.body);
    }

    fn names(&mut self, class: &str, names: &[Ident]) {
        self.out.push_str(class);
        self.out.push('(');
        self.field("names");
        self.list(names, |d, name| d.out.push_str(&repr_str(name)));
    }

    fn handler(&mut self, h: &ExceptHandler) {
        self.out.push_str("ExceptHandler(");
        self.opt_expr_field("type", &h.type_);
        self.opt_str_field("name", &h.name);
        self.stmts_field("body", &h.body);
        self.end(&h.loc);
    }

    fn alias(&mut self, a: &Alias) {
        self.out.push_str("alias(");
        self.str_field("name", &a.name);
        self.opt_str_field("asname", &a.asname);
        self.end(&a.loc);
    }

    fn keyword(&mut self, k: &Keyword) {
        self.out.push_str("keyword(");
        self.opt_str_field("arg", &k.arg);
        self.expr_field("value", &k.value);
        self.end(&k.loc);
    }

    fn arg(&mut self, a: &Arg) {
        self.out.push_str("arg(");
        self.str_field("arg", &a.arg);
        self.opt_expr_field("annotation", &a.annotation);
        self.end(&a.loc);
    }

    fn arguments(&mut self, a: &Arguments) {
        self.out.push_str("arguments(");
        self.field("posonlyargs");
        self.list(&a.posonlyargs, Self::arg);
        self.field("args");
        self.list(&a.args, Self::arg);
        if let Some(vararg) = &a.vararg {
            self.field("vararg");
            self.arg(vararg);
        }
        self.field("kwonlyargs");
        self.list(&a.kwonlyargs, Self::arg);
        self.field("kw_defaults");
        self.list(&a.kw_defaults, |d, default| match default {
            Some(e) => d.expr(e),
            None => d.out.push_str("None"),
        });
        if let Some(kwarg) = &a.kwarg {
            self.field("kwarg");
            self.arg(kwarg);
        }
        self.exprs_field("defaults", &a.defaults);
        self.out.push(')');
    }

    fn comprehensions(&mut self, generators: &[Comprehension]) {
        self.field("generators");
        self.list(generators, |d, c| {
            d.out.push_str("comprehension(");
            d.expr_field("target", &c.target);
            d.expr_field("iter", &c.iter);
            d.exprs_field("ifs", &c.ifs);
            d.int_field("is_async", c.is_async as i64);
            d.out.push(')');
        });
    }

    fn expr(&mut self, e: &Expr) {
        self.out.push_str(e.name());
        self.out.push('(');
        match &*e.kind {
            ExprKind::BoolOp { op, values } => {
                self.simple_field("op", if *op == BoolOp::And { "And" } else { "Or" });
                self.exprs_field("values", values);
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr_field("target", target);
                self.expr_field("value", value);
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr_field("left", left);
                self.simple_field("op", op.name());
                self.expr_field("right", right);
            }
            ExprKind::UnaryOp { op, operand } => {
                let class = match op {
                    UnaryOp::Invert => "Invert",
                    UnaryOp::Not => "Not",
                    UnaryOp::UAdd => "UAdd",
                    UnaryOp::USub => "USub",
                };
                self.simple_field("op", class);
                self.expr_field("operand", operand);
            }
            ExprKind::Lambda { args, body } => {
                self.field("args");
                self.arguments(args);
                self.expr_field("body", body);
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr_field("test", test);
                self.expr_field("body", body);
                self.expr_field("orelse", orelse);
            }
            ExprKind::Dict { keys, values } => {
                self.field("keys");
                self.list(keys, |d, key| match key {
                    Some(k) => d.expr(k),
                    None => d.out.push_str("None"),
                });
                self.exprs_field("values", values);
            }
            ExprKind::Set { elts } => self.exprs_field("elts", elts),
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.expr_field("elt", elt);
                self.comprehensions(generators);
            }
            ExprKind::DictComp { key, value, generators } => {
                self.expr_field("key", key);
                self.expr_field("value", value);
                self.comprehensions(generators);
            }
            ExprKind::Await { value } | ExprKind::YieldFrom { value } => self.expr_field("value", value),
            ExprKind::Yield { value } => self.opt_expr_field("value", value),
            ExprKind::Compare { left, ops, comparators } => {
                self.expr_field("left", left);
                self.field("ops");
                self.list(ops, |d, op| {
                    d.out.push_str(op.name());
                    d.out.push_str("()");
                });
                self.exprs_field("comparators", comparators);
            }
            ExprKind::Call { func, args, keywords } => {
                self.expr_field("func", func);
                self.exprs_field("args", args);
                self.field("keywords");
                self.list(keywords, Self::keyword);
            }
            ExprKind::FormattedValue { value, conversion, format_spec } => {
                self.expr_field("value", value);
                self.int_field("conversion", *conversion as i64);
                self.opt_expr_field("format_spec", format_spec);
            }
            ExprKind::JoinedStr { values } => self.exprs_field("values", values),
            ExprKind::Constant { value, kind } => {
                self.field("value");
                self.out.push_str(&value.repr());
                self.opt_str_field("kind", kind);
            }
            ExprKind::Attribute { value, attr, ctx } => {
                self.expr_field("value", value);
                self.str_field("attr", attr);
                self.ctx_field(*ctx);
            }
            ExprKind::Subscript { value, slice, ctx } => {
                self.expr_field("value", value);
                self.expr_field("slice", slice);
                self.ctx_field(*ctx);
            }
            ExprKind::Starred { value, ctx } => {
                self.expr_field("value", value);
                self.ctx_field(*ctx);
            }
            ExprKind::Name { id, ctx } => {
                self.str_field("id", id);
                self.ctx_field(*ctx);
            }
            ExprKind::List { elts, ctx } | ExprKind::Tuple { elts, ctx } => {
                self.exprs_field("elts", elts);
                self.ctx_field(*ctx);
            }
            ExprKind::Slice { lower, upper, step } => {
                self.opt_expr_field("lower", lower);
                self.opt_expr_field("upper", upper);
                self.opt_expr_field("step", step);
            }
        }
        self.end(&e.loc);
    }
}
