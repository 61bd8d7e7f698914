//! Statement rules: `file`, `statements`, simple statements, blocks and the
//! compound statements (`Grammar/python.gram`, GENERAL STATEMENTS to
//! COMPOUND STATEMENTS).

use std::rc::Rc;

use super::{Memo, PResult, Parser, Rule};
use crate::interpreter::ast::{
    Alias, ExceptHandler, Expr, ExprContext, ExprKind, For, FunctionDef, Ident, Operator, Stmt, StmtKind, With,
    WithItem,
};
use crate::interpreter::error::ParseError;
use crate::interpreter::tokenizer::{Keyword, Op, TokenKind};

impl Parser<'_> {
    /// `file: [statements] ENDMARKER`
    pub(super) fn file(&mut self) -> PResult<Vec<Stmt>> {
        let body = self.statements()?.unwrap_or_default();
        if self.expect(TokenKind::EndMarker)?.is_none() {
            return Ok(None);
        }
        Ok(Some(body))
    }

    /// `statements: statement+`
    pub(super) fn statements(&mut self) -> PResult<Vec<Stmt>> {
        let mut body = Vec::new();
        loop {
            let mark = self.mark;
            match self.statement()? {
                Some(mut stmts) => body.append(&mut stmts),
                None => {
                    self.mark = mark;
                    break;
                }
            }
        }
        Ok(if body.is_empty() { None } else { Some(body) })
    }

    /// `statement: compound_stmt | simple_stmts`
    fn statement(&mut self) -> PResult<Vec<Stmt>> {
        let mark = self.mark;
        if let Some(s) = self.compound_stmt()? {
            return Ok(Some(vec![s]));
        }
        self.mark = mark;
        self.simple_stmts()
    }

    /// `simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE`
    /// (the two alternatives share their first statement).
    fn simple_stmts(&mut self) -> PResult<Vec<Stmt>> {
        let mark = self.mark;
        let Some(first) = self.simple_stmt()? else {
            self.mark = mark;
            return Ok(None);
        };
        let mut stmts = vec![first];
        loop {
            let before = self.mark;
            if self.expect_op(Op::Semi)?.is_none() {
                break;
            }
            match self.simple_stmt()? {
                Some(s) => stmts.push(s),
                None => {
                    self.mark = before;
                    break;
                }
            }
        }
        self.expect_op(Op::Semi)?;
        if self.expect(TokenKind::Newline)?.is_none() {
            self.mark = mark;
            return Ok(None);
        }
        Ok(Some(stmts))
    }

    /// `simple_stmt`: an assignment, an expression, or a statement that
    /// starts with its keyword. Keywords that cannot start an expression go
    /// straight to their rule: the other alternatives would fail on them.
    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        let t = self.peek()?;
        if let TokenKind::Keyword(kw) = t.kind {
            let stmt = match kw {
                Keyword::Return => self.return_stmt()?,
                Keyword::Import | Keyword::From => self.import_stmt()?,
                Keyword::Raise => self.raise_stmt()?,
                Keyword::Pass | Keyword::Break | Keyword::Continue => {
                    self.mark += 1;
                    let kind = match kw {
                        Keyword::Pass => StmtKind::Pass,
                        Keyword::Break => StmtKind::Break,
                        _ => StmtKind::Continue,
                    };
                    Some(Stmt { kind, loc: self.loc_from(start) })
                }
                Keyword::Del => self.del_stmt()?,
                Keyword::Assert => self.assert_stmt()?,
                Keyword::Global | Keyword::Nonlocal => self.global_stmt(kw)?,
                _ => return self.simple_stmt_expression(start),
            };
            if stmt.is_none() {
                self.mark = start;
            }
            return Ok(stmt);
        }
        self.simple_stmt_expression(start)
    }

    /// The alternatives of `simple_stmt` that start with an expression:
    /// `assignment | star_expressions | &'yield' yield_stmt`.
    fn simple_stmt_expression(&mut self, start: usize) -> PResult<Stmt> {
        if let Some(s) = self.assignment()? {
            return Ok(Some(s));
        }
        self.mark = start;
        if let Some(e) = self.star_expressions()? {
            return Ok(Some(Stmt { kind: StmtKind::Expr { value: e }, loc: self.loc_from(start) }));
        }
        self.mark = start;
        if self.at_kw(Keyword::Yield)? {
            if let Some(e) = self.yield_expr()? {
                return Ok(Some(Stmt { kind: StmtKind::Expr { value: e }, loc: self.loc_from(start) }));
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `assignment`: annotated, plain and augmented assignments.
    fn assignment(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        // NAME ':' expression ['=' annotated_rhs]
        if let Some(name) = self.name()? {
            if self.expect_op(Op::Colon)?.is_some() {
                if let Some(annotation) = self.expression()? {
                    let value = self.annotated_value()?;
                    let target = set_context(name, ExprContext::Store);
                    let kind = StmtKind::AnnAssign { target, annotation, value, simple: true };
                    return Ok(Some(Stmt { kind, loc: self.loc_from(start) }));
                }
            }
        }
        self.mark = start;
        // ('(' single_target ')' | single_subscript_attribute_target) ':' expression ['=' annotated_rhs]
        let target = match self.parenthesized_single_target()? {
            Some(t) => Some(t),
            None => {
                self.mark = start;
                self.single_subscript_attribute_target()?
            }
        };
        if let Some(target) = target {
            if self.expect_op(Op::Colon)?.is_some() {
                if let Some(annotation) = self.expression()? {
                    let value = self.annotated_value()?;
                    let kind = StmtKind::AnnAssign { target, annotation, value, simple: false };
                    return Ok(Some(Stmt { kind, loc: self.loc_from(start) }));
                }
            }
        }
        self.mark = start;
        // (star_targets '=')+ (yield_expr | star_expressions) !'='
        let mut targets = Vec::new();
        loop {
            let before = self.mark;
            match self.star_targets()? {
                Some(t) if self.expect_op(Op::Equal)?.is_some() => targets.push(t),
                _ => {
                    self.mark = before;
                    break;
                }
            }
        }
        if !targets.is_empty() {
            if let Some(value) = self.annotated_rhs()? {
                if !self.at_op(Op::Equal)? {
                    let kind = StmtKind::Assign { targets, value };
                    return Ok(Some(Stmt { kind, loc: self.loc_from(start) }));
                }
            }
        }
        self.mark = start;
        // single_target augassign ~ (yield_expr | star_expressions)
        if let Some(target) = self.single_target()? {
            if let Some(op) = self.augassign()? {
                // The cut: no other alternative once the operator is seen.
                let Some(value) = self.annotated_rhs()? else {
                    return Ok(None);
                };
                let kind = StmtKind::AugAssign { target, op, value };
                return Ok(Some(Stmt { kind, loc: self.loc_from(start) }));
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_assignment()?;
            self.mark = start;
        }
        Ok(None)
    }

    /// `['=' d=annotated_rhs]`
    fn annotated_value(&mut self) -> Result<Option<Expr>, Box<ParseError>> {
        let mark = self.mark;
        if self.expect_op(Op::Equal)?.is_some() {
            if let Some(value) = self.annotated_rhs()? {
                return Ok(Some(value));
            }
        }
        self.mark = mark;
        Ok(None)
    }

    /// `'(' b=single_target ')'`
    fn parenthesized_single_target(&mut self) -> PResult<Expr> {
        let mark = self.mark;
        if self.expect_op(Op::LPar)?.is_some() {
            if let Some(t) = self.single_target()? {
                if self.expect_op(Op::RPar)?.is_some() {
                    return Ok(Some(t));
                }
            }
        }
        self.mark = mark;
        Ok(None)
    }

    /// `annotated_rhs: yield_expr | star_expressions`
    pub(super) fn annotated_rhs(&mut self) -> PResult<Expr> {
        let mark = self.mark;
        if let Some(e) = self.yield_expr()? {
            return Ok(Some(e));
        }
        self.mark = mark;
        self.star_expressions()
    }

    /// `augassign: '+=' | '-=' | ...`
    pub(super) fn augassign(&mut self) -> PResult<Operator> {
        let op = match self.peek()?.kind {
            TokenKind::Op(op) => match op {
                Op::PlusEqual => Operator::Add,
                Op::MinEqual => Operator::Sub,
                Op::StarEqual => Operator::Mult,
                Op::AtEqual => Operator::MatMult,
                Op::SlashEqual => Operator::Div,
                Op::PercentEqual => Operator::Mod,
                Op::AmperEqual => Operator::BitAnd,
                Op::VBarEqual => Operator::BitOr,
                Op::CircumflexEqual => Operator::BitXor,
                Op::LeftShiftEqual => Operator::LShift,
                Op::RightShiftEqual => Operator::RShift,
                Op::DoubleStarEqual => Operator::Pow,
                Op::DoubleSlashEqual => Operator::FloorDiv,
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        self.mark += 1;
        Ok(Some(op))
    }

    /// `return_stmt: 'return' [star_expressions]`
    fn return_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        self.expect_kw(Keyword::Return)?;
        let value = self.optional(Self::star_expressions)?;
        Ok(Some(Stmt { kind: StmtKind::Return { value }, loc: self.loc_from(start) }))
    }

    /// `raise_stmt: 'raise' expression ['from' expression] | 'raise'`
    fn raise_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        self.expect_kw(Keyword::Raise)?;
        let after_raise = self.mark;
        if let Some(exc) = self.expression()? {
            let mark = self.mark;
            let mut cause = None;
            if self.expect_kw(Keyword::From)?.is_some() {
                match self.expression()? {
                    Some(c) => cause = Some(c),
                    None => self.mark = mark,
                }
            }
            let kind = StmtKind::Raise { exc: Some(exc), cause };
            return Ok(Some(Stmt { kind, loc: self.loc_from(start) }));
        }
        self.mark = after_raise;
        Ok(Some(Stmt { kind: StmtKind::Raise { exc: None, cause: None }, loc: self.loc_from(start) }))
    }

    /// `global_stmt: 'global' ','.NAME+` and `nonlocal_stmt`.
    fn global_stmt(&mut self, kw: Keyword) -> PResult<Stmt> {
        let start = self.mark;
        self.mark += 1;
        let Some(names) = self.comma_separated(Self::name)? else {
            return Ok(None);
        };
        let names: Vec<Ident> = names.into_iter().map(|n| name_id(&n)).collect();
        let kind = if kw == Keyword::Global { StmtKind::Global { names } } else { StmtKind::Nonlocal { names } };
        Ok(Some(Stmt { kind, loc: self.loc_from(start) }))
    }

    /// `del_stmt: 'del' del_targets &(';' | NEWLINE) | invalid_del_stmt`
    fn del_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        self.expect_kw(Keyword::Del)?;
        if let Some(targets) = self.del_targets()? {
            let t = self.peek()?;
            if t.kind == TokenKind::Op(Op::Semi) || t.kind == TokenKind::Newline {
                return Ok(Some(Stmt { kind: StmtKind::Delete { targets }, loc: self.loc_from(start) }));
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_del_stmt()?;
        }
        Ok(None)
    }

    /// `assert_stmt: 'assert' expression [',' expression]`
    fn assert_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        self.expect_kw(Keyword::Assert)?;
        let Some(test) = self.expression()? else {
            return Ok(None);
        };
        let mark = self.mark;
        let mut msg = None;
        if self.expect_op(Op::Comma)?.is_some() {
            match self.expression()? {
                Some(m) => msg = Some(m),
                None => self.mark = mark,
            }
        }
        Ok(Some(Stmt { kind: StmtKind::Assert { test, msg }, loc: self.loc_from(start) }))
    }

    /// `import_stmt: import_name | import_from`
    fn import_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        if self.expect_kw(Keyword::Import)?.is_some() {
            let Some(names) = self.comma_separated(Self::dotted_as_name)? else {
                return Ok(None);
            };
            return Ok(Some(Stmt { kind: StmtKind::Import { names }, loc: self.loc_from(start) }));
        }
        if self.expect_kw(Keyword::From)?.is_none() {
            return Ok(None);
        }
        // ('.' | '...')* dotted_name 'import' import_from_targets
        // | ('.' | '...')+ 'import' import_from_targets
        let mut level = 0;
        loop {
            if self.expect_op(Op::Dot)?.is_some() {
                level += 1;
            } else if self.expect_op(Op::Ellipsis)?.is_some() {
                level += 3;
            } else {
                break;
            }
        }
        let after_dots = self.mark;
        let module = match self.dotted_name()? {
            Some(name) => Some(name),
            None => {
                self.mark = after_dots;
                if level == 0 {
                    return Ok(None);
                }
                None
            }
        };
        if self.expect_kw(Keyword::Import)?.is_none() {
            return Ok(None);
        }
        let Some(names) = self.import_from_targets()? else {
            return Ok(None);
        };
        Ok(Some(Stmt { kind: StmtKind::ImportFrom { module, names, level }, loc: self.loc_from(start) }))
    }

    /// `import_from_targets: '(' import_from_as_names [','] ')' |
    /// import_from_as_names !',' | '*' | invalid_import_from_targets`
    fn import_from_targets(&mut self) -> PResult<Vec<Alias>> {
        let mark = self.mark;
        if self.expect_op(Op::LPar)?.is_some() {
            if let Some(names) = self.comma_separated(Self::import_from_as_name)? {
                self.expect_op(Op::Comma)?;
                if self.expect_op(Op::RPar)?.is_some() {
                    return Ok(Some(names));
                }
            }
        }
        self.mark = mark;
        if let Some(names) = self.comma_separated(Self::import_from_as_name)? {
            if !self.at_op(Op::Comma)? {
                return Ok(Some(names));
            }
        }
        self.mark = mark;
        if let Some(t) = self.expect_op(Op::Star)? {
            let alias = Alias { name: "*".into(), asname: None, loc: self.token_loc(&t) };
            return Ok(Some(vec![alias]));
        }
        self.mark = mark;
        if self.call_invalid_rules {
            // invalid_import_from_targets: import_from_as_names ',' NEWLINE
            if self.comma_separated(Self::import_from_as_name)?.is_some()
                && self.expect_op(Op::Comma)?.is_some()
                && self.expect(TokenKind::Newline)?.is_some()
            {
                return Err(self.raise_error(
                    crate::interpreter::ErrorKind::SyntaxError,
                    "trailing comma not allowed without surrounding parentheses",
                ));
            }
            self.mark = mark;
        }
        Ok(None)
    }

    /// `import_from_as_name: NAME ['as' NAME]`
    fn import_from_as_name(&mut self) -> PResult<Alias> {
        let start = self.mark;
        let Some(name) = self.name()? else {
            return Ok(None);
        };
        let asname = self.as_name()?;
        Ok(Some(Alias { name: name_id(&name), asname, loc: self.loc_from(start) }))
    }

    /// `dotted_as_name: dotted_name ['as' NAME]`
    fn dotted_as_name(&mut self) -> PResult<Alias> {
        let start = self.mark;
        let Some(name) = self.dotted_name()? else {
            return Ok(None);
        };
        let asname = self.as_name()?;
        Ok(Some(Alias { name, asname, loc: self.loc_from(start) }))
    }

    /// `['as' NAME]`
    fn as_name(&mut self) -> Result<Option<Ident>, Box<ParseError>> {
        let mark = self.mark;
        if self.expect_kw(Keyword::As)?.is_some() {
            if let Some(n) = self.name()? {
                return Ok(Some(name_id(&n)));
            }
        }
        self.mark = mark;
        Ok(None)
    }

    /// `dotted_name: dotted_name '.' NAME | NAME`, as one identifier.
    fn dotted_name(&mut self) -> PResult<Ident> {
        let Some(first) = self.name()? else {
            return Ok(None);
        };
        let mut name = name_id(&first).to_string();
        loop {
            let mark = self.mark;
            if self.expect_op(Op::Dot)?.is_some() {
                if let Some(next) = self.name()? {
                    name.push('.');
                    name.push_str(&name_id(&next));
                    continue;
                }
            }
            self.mark = mark;
            break;
        }
        Ok(Some(name.into()))
    }

    // ---- compound statements ------------------------------------------

    /// `compound_stmt`, dispatched on its first token.
    fn compound_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        let t = self.peek()?;
        let result = match t.kind {
            TokenKind::Keyword(Keyword::Def) => self.function_def()?,
            TokenKind::Op(Op::At) => match self.function_def()? {
                Some(s) => Some(s),
                None => {
                    self.mark = start;
                    self.class_def()?
                }
            },
            TokenKind::Keyword(Keyword::Async) => {
                let mut found = None;
                for rule in [Self::function_def, Self::with_stmt, Self::for_stmt] {
                    self.mark = start;
                    if let Some(s) = rule(self)? {
                        found = Some(s);
                        break;
                    }
                }
                found
            }
            TokenKind::Keyword(Keyword::If) => self.if_stmt()?,
            TokenKind::Keyword(Keyword::Class) => self.class_def()?,
            TokenKind::Keyword(Keyword::With) => self.with_stmt()?,
            TokenKind::Keyword(Keyword::For) => self.for_stmt()?,
            TokenKind::Keyword(Keyword::Try) => self.try_stmt()?,
            TokenKind::Keyword(Keyword::While) => self.while_stmt()?,
            TokenKind::Name if self.text(&t) == "match" => {
                self.match_stmt()?;
                None
            }
            _ => None,
        };
        if result.is_none() {
            self.mark = start;
        }
        Ok(result)
    }

    /// `block: NEWLINE INDENT statements DEDENT | simple_stmts | invalid_block`
    ///
    /// Memoized in the second pass only: the first never parses a block
    /// twice (the compound statements share their headers here), and a
    /// block's copy is a copy of every statement in it.
    pub(super) fn block(&mut self) -> PResult<Vec<Stmt>> {
        if !self.call_invalid_rules {
            let start = self.mark;
            let result = self.block_uncached()?;
            if result.is_none() {
                self.mark = start;
            }
            return Ok(result);
        }
        if let Some(m) = self.memo_get(Rule::Block) {
            return Ok(match m {
                Memo::Stmts(s) => Some(s),
                _ => None,
            });
        }
        let start = self.mark;
        let result = self.block_uncached()?;
        if result.is_none() {
            self.mark = start;
        }
        let value = match &result {
            Some(s) => Memo::Stmts(s.clone()),
            None => Memo::Fail,
        };
        self.memo_put(start, Rule::Block, value);
        Ok(result)
    }

    fn block_uncached(&mut self) -> PResult<Vec<Stmt>> {
        let start = self.mark;
        if self.expect(TokenKind::Newline)?.is_some() && self.expect(TokenKind::Indent)?.is_some() {
            if let Some(body) = self.statements()? {
                if self.expect(TokenKind::Dedent)?.is_some() {
                    return Ok(Some(body));
                }
            }
        }
        self.mark = start;
        if let Some(body) = self.simple_stmts()? {
            return Ok(Some(body));
        }
        self.mark = start;
        if self.call_invalid_rules {
            // invalid_block: NEWLINE !INDENT
            if self.expect(TokenKind::Newline)?.is_some() && !self.at(TokenKind::Indent)? {
                return Err(
                    self.raise_error(crate::interpreter::ErrorKind::IndentationError, "expected an indented block")
                );
            }
            self.mark = start;
        }
        Ok(None)
    }

    /// `decorators: ('@' named_expression NEWLINE)+`
    fn decorators(&mut self) -> PResult<Vec<Expr>> {
        let mut decorators = Vec::new();
        loop {
            let mark = self.mark;
            if self.expect_op(Op::At)?.is_some() {
                if let Some(e) = self.named_expression()? {
                    if self.expect(TokenKind::Newline)?.is_some() {
                        decorators.push(e);
                        continue;
                    }
                }
            }
            self.mark = mark;
            break;
        }
        Ok(if decorators.is_empty() { None } else { Some(decorators) })
    }

    /// `class_def: decorators class_def_raw | class_def_raw`
    fn class_def(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        let decorators = self.decorators()?;
        if decorators.is_none() {
            self.mark = start;
        }
        let Some(mut class) = self.class_def_raw()? else {
            self.mark = start;
            return Ok(None);
        };
        if let (Some(d), StmtKind::ClassDef { decorator_list, .. }) = (decorators, &mut class.kind) {
            *decorator_list = d;
        }
        Ok(Some(class))
    }

    /// `class_def_raw: invalid_class_def_raw | 'class' NAME ['(' [arguments] ')'] ':' block`
    fn class_def_raw(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_class_def_raw()?;
            self.mark = start;
        }
        if self.expect_kw(Keyword::Class)?.is_none() {
            return Ok(None);
        }
        let Some(name) = self.name()? else {
            return Ok(None);
        };
        let mut bases = Vec::new();
        let mut keywords = Vec::new();
        let mark = self.mark;
        if self.expect_op(Op::LPar)?.is_some() {
            let args = self.arguments()?;
            if self.expect_op(Op::RPar)?.is_some() {
                if let Some(args) = args {
                    bases = args.args;
                    keywords = args.keywords;
                }
            } else {
                self.mark = mark;
            }
        }
        if self.expect_op(Op::Colon)?.is_none() {
            return Ok(None);
        }
        let Some(body) = self.block()? else {
            return Ok(None);
        };
        let kind = StmtKind::ClassDef { name: name_id(&name), bases, keywords, body, decorator_list: Vec::new() };
        Ok(Some(Stmt { kind, loc: self.loc_from(start) }))
    }

    /// `function_def: decorators function_def_raw | function_def_raw`
    fn function_def(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        let decorators = self.decorators()?;
        if decorators.is_none() {
            self.mark = start;
        }
        let Some(mut function) = self.function_def_raw()? else {
            self.mark = start;
            return Ok(None);
        };
        if let Some(d) = decorators {
            if let StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) = &mut function.kind {
                f.decorator_list = d;
            }
        }
        Ok(Some(function))
    }

    /// `function_def_raw: invalid_def_raw | 'def' NAME &&'(' [params] ')'
    /// ['->' expression] &&':' block | ASYNC 'def' ...`
    fn function_def_raw(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_def_raw()?;
            self.mark = start;
        }
        let is_async = self.expect_kw(Keyword::Async)?.is_some();
        if self.expect_kw(Keyword::Def)?.is_none() {
            return Ok(None);
        }
        let Some(name) = self.name()? else {
            return Ok(None);
        };
        self.expect_forced(Op::LPar, "(")?;
        let params_mark = self.mark;
        let params = self.params()?;
        if params.is_none() {
            self.mark = params_mark;
        }
        if self.expect_op(Op::RPar)?.is_none() {
            return Ok(None);
        }
        let mut returns = None;
        let mark = self.mark;
        if self.expect_op(Op::RArrow)?.is_some() {
            match self.expression()? {
                Some(r) => returns = Some(r),
                None => self.mark = mark,
            }
        }
        self.expect_forced(Op::Colon, ":")?;
        let Some(body) = self.block()? else {
            return Ok(None);
        };
        let def = FunctionDef {
            name: name_id(&name),
            args: Box::new(params.unwrap_or_default()),
            body,
            decorator_list: Vec::new(),
            returns,
        };
        let kind = if is_async { StmtKind::AsyncFunctionDef(def) } else { StmtKind::FunctionDef(def) };
        Ok(Some(Stmt { kind, loc: self.loc_from(start) }))
    }

    /// `if_stmt: invalid_if_stmt | 'if' named_expression ':' block
    /// (elif_stmt | [else_block])`, also `elif_stmt` when `keyword` is `elif`.
    fn if_stmt(&mut self) -> PResult<Stmt> {
        self.if_or_elif(Keyword::If)
    }

    fn if_or_elif(&mut self, keyword: Keyword) -> PResult<Stmt> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_if_stmt(keyword)?;
            self.mark = start;
        }
        if self.expect_kw(keyword)?.is_none() {
            return Ok(None);
        }
        let Some(test) = self.named_expression()? else {
            return Ok(None);
        };
        if self.expect_op(Op::Colon)?.is_none() {
            return Ok(None);
        }
        let Some(body) = self.block()? else {
            return Ok(None);
        };
        let after_block = self.mark;
        let orelse = match self.if_or_elif(Keyword::Elif)? {
            Some(elif) => vec![elif],
            None => {
                self.mark = after_block;
                self.optional(Self::else_block)?.unwrap_or_default()
            }
        };
        let kind = StmtKind::If { test, body, orelse };
        Ok(Some(Stmt { kind, loc: self.loc_from(start) }))
    }

    /// `else_block: invalid_else_stmt | 'else' &&':' block`
    fn else_block(&mut self) -> PResult<Vec<Stmt>> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_block_after(Keyword::Else, "else")?;
            self.mark = start;
        }
        if self.expect_kw(Keyword::Else)?.is_none() {
            return Ok(None);
        }
        self.expect_forced(Op::Colon, ":")?;
        self.block()
    }

    /// `while_stmt: invalid_while_stmt | 'while' named_expression ':' block [else_block]`
    fn while_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_while_stmt()?;
            self.mark = start;
        }
        self.expect_kw(Keyword::While)?;
        let Some(test) = self.named_expression()? else {
            return Ok(None);
        };
        if self.expect_op(Op::Colon)?.is_none() {
            return Ok(None);
        }
        let Some(body) = self.block()? else {
            return Ok(None);
        };
        let orelse = self.optional(Self::else_block)?.unwrap_or_default();
        let kind = StmtKind::While { test, body, orelse };
        Ok(Some(Stmt { kind, loc: self.loc_from(start) }))
    }

    /// `for_stmt: invalid_for_stmt | [ASYNC] 'for' star_targets 'in' ~
    /// star_expressions ':' block [else_block] | invalid_for_target`
    fn for_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_for_stmt()?;
            self.mark = start;
        }
        let is_async = self.expect_kw(Keyword::Async)?.is_some();
        if self.expect_kw(Keyword::For)?.is_some() {
            if let Some(target) = self.star_targets()? {
                if self.expect_kw(Keyword::In)?.is_some() {
                    // The cut: past 'in', the statement is a for loop or
                    // nothing.
                    let Some(iter) = self.star_expressions()? else {
                        return Ok(None);
                    };
                    if self.expect_op(Op::Colon)?.is_none() {
                        return Ok(None);
                    }
                    let Some(body) = self.block()? else {
                        return Ok(None);
                    };
                    let orelse = self.optional(Self::else_block)?.unwrap_or_default();
                    let f = For { target, iter, body, orelse };
                    let kind = if is_async { StmtKind::AsyncFor(f) } else { StmtKind::For(f) };
                    return Ok(Some(Stmt { kind, loc: self.loc_from(start) }));
                }
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_for_target()?;
        }
        Ok(None)
    }

    /// `with_stmt`: `[ASYNC] 'with' '(' ','.with_item+ ','? ')' ':' block`
    /// or `[ASYNC] 'with' ','.with_item+ ':' block`.
    fn with_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_with_stmt_indent()?;
            self.mark = start;
        }
        let is_async = self.expect_kw(Keyword::Async)?.is_some();
        if self.expect_kw(Keyword::With)?.is_none() {
            return Ok(None);
        }
        let after_with = self.mark;
        if self.expect_op(Op::LPar)?.is_some() {
            if let Some(items) = self.comma_separated(Self::with_item)? {
                self.expect_op(Op::Comma)?;
                if self.expect_op(Op::RPar)?.is_some() && self.expect_op(Op::Colon)?.is_some() {
                    if let Some(body) = self.block()? {
                        return Ok(Some(self.with_node(start, is_async, items, body)));
                    }
                }
            }
        }
        self.mark = after_with;
        if let Some(items) = self.comma_separated(Self::with_item)? {
            if self.expect_op(Op::Colon)?.is_some() {
                if let Some(body) = self.block()? {
                    return Ok(Some(self.with_node(start, is_async, items, body)));
                }
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_with_stmt()?;
        }
        Ok(None)
    }

    fn with_node(&self, start: usize, is_async: bool, items: Vec<WithItem>, body: Vec<Stmt>) -> Stmt {
        let w = With { items, body };
        let kind = if is_async { StmtKind::AsyncWith(w) } else { StmtKind::With(w) };
        Stmt { kind, loc: self.loc_from(start) }
    }

    /// `with_item: expression 'as' star_target &(',' | ')' | ':') |
    /// invalid_with_item | expression`
    fn with_item(&mut self) -> PResult<WithItem> {
        let start = self.mark;
        if let Some(e) = self.expression()? {
            if self.expect_kw(Keyword::As)?.is_some() {
                if let Some(t) = self.star_target()? {
                    let next = self.peek()?.kind;
                    if matches!(next, TokenKind::Op(Op::Comma | Op::RPar | Op::Colon)) {
                        return Ok(Some(WithItem { context_expr: e, optional_vars: Some(t) }));
                    }
                }
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_with_item()?;
            self.mark = start;
        }
        let Some(e) = self.expression()? else {
            return Ok(None);
        };
        Ok(Some(WithItem { context_expr: e, optional_vars: None }))
    }

    /// `try_stmt: invalid_try_stmt | 'try' &&':' block (finally_block |
    /// except_block+ [else_block] [finally_block])`; `except*` is refused.
    fn try_stmt(&mut self) -> PResult<Stmt> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_try_stmt()?;
            self.mark = start;
        }
        self.expect_kw(Keyword::Try)?;
        self.expect_forced(Op::Colon, ":")?;
        let Some(body) = self.block()? else {
            return Ok(None);
        };
        let after_body = self.mark;
        if let Some(finalbody) = self.finally_block()? {
            let kind = StmtKind::Try { body, handlers: Vec::new(), orelse: Vec::new(), finalbody };
            return Ok(Some(Stmt { kind, loc: self.loc_from(start) }));
        }
        self.mark = after_body;
        let mut handlers = Vec::new();
        loop {
            let mark = self.mark;
            match self.except_block()? {
                Some(h) => handlers.push(h),
                None => {
                    self.mark = mark;
                    break;
                }
            }
        }
        if handlers.is_empty() {
            // except_star_block+: refused as soon as it is recognized.
            let t = self.peek()?;
            if t.kind == TokenKind::Keyword(Keyword::Except) {
                let next = self.peek_at(self.mark + 1)?;
                if next.kind == TokenKind::Op(Op::Star) {
                    return Err(self.unsupported("'except*' clauses", &t));
                }
            }
            return Ok(None);
        }
        let orelse = self.optional(Self::else_block)?.unwrap_or_default();
        let finalbody = self.optional(Self::finally_block)?.unwrap_or_default();
        let kind = StmtKind::Try { body, handlers, orelse, finalbody };
        Ok(Some(Stmt { kind, loc: self.loc_from(start) }))
    }

    /// `except_block: invalid_except_stmt_indent | 'except' expression
    /// ['as' NAME] ':' block | 'except' ':' block | invalid_except_stmt`
    pub(super) fn except_block(&mut self) -> PResult<ExceptHandler> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_except_stmt_indent()?;
            self.mark = start;
        }
        if self.expect_kw(Keyword::Except)?.is_none() {
            return Ok(None);
        }
        let after_except = self.mark;
        if let Some(type_) = self.expression()? {
            let name = self.as_name()?;
            if self.expect_op(Op::Colon)?.is_some() {
                if let Some(body) = self.block()? {
                    let loc = self.loc_from(start);
                    return Ok(Some(ExceptHandler { type_: Some(type_), name, body, loc }));
                }
            }
        }
        self.mark = after_except;
        if self.expect_op(Op::Colon)?.is_some() {
            if let Some(body) = self.block()? {
                return Ok(Some(ExceptHandler { type_: None, name: None, body, loc: self.loc_from(start) }));
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_except_stmt()?;
        }
        Ok(None)
    }

    /// `finally_block: invalid_finally_stmt | 'finally' &&':' block`
    fn finally_block(&mut self) -> PResult<Vec<Stmt>> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_block_after(Keyword::Finally, "finally")?;
            self.mark = start;
        }
        if self.expect_kw(Keyword::Finally)?.is_none() {
            return Ok(None);
        }
        self.expect_forced(Op::Colon, ":")?;
        self.block()
    }

    /// `match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+
    /// DEDENT | invalid_match_stmt`: refused once its header is recognized.
    fn match_stmt(&mut self) -> Result<(), Box<ParseError>> {
        let start = self.mark;
        let Some(keyword) = self.expect_soft("match")? else {
            return Ok(());
        };
        if self.subject_expr()? {
            let after_subject = self.mark;
            if self.expect_op(Op::Colon)?.is_some()
                && self.expect(TokenKind::Newline)?.is_some()
                && self.expect(TokenKind::Indent)?.is_some()
                && self.expect_soft("case")?.is_some()
            {
                return Err(self.unsupported("'match' statements", &keyword));
            }
            self.mark = after_subject;
            if self.call_invalid_rules {
                // invalid_match_stmt: "match" subject_expr NEWLINE
                if self.expect(TokenKind::Newline)?.is_some() {
                    return Err(self.raise_error(crate::interpreter::ErrorKind::SyntaxError, "expected ':'"));
                }
                self.mark = after_subject;
                // "match" subject_expr ':' NEWLINE !INDENT
                if self.expect_op(Op::Colon)?.is_some()
                    && self.expect(TokenKind::Newline)?.is_some()
                    && !self.at(TokenKind::Indent)?
                {
                    let msg = format!("expected an indented block after 'match' statement on line {}", keyword.lineno);
                    return Err(self.raise_error(crate::interpreter::ErrorKind::IndentationError, &msg));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `subject_expr: star_named_expression ',' star_named_expressions? |
    /// named_expression`, recognized only (a `match` is refused, so its
    /// subject is not built).
    fn subject_expr(&mut self) -> Result<bool, Box<ParseError>> {
        let start = self.mark;
        if self.star_named_expression()?.is_some() && self.expect_op(Op::Comma)?.is_some() {
            self.optional(Self::star_named_expressions)?;
            return Ok(true);
        }
        self.mark = start;
        Ok(self.named_expression()?.is_some())
    }

    // ---- helpers ------------------------------------------------------

    /// `[rule]`: the rule's result, or `None` with the position restored.
    pub(super) fn optional<T>(&mut self, rule: fn(&mut Self) -> PResult<T>) -> Result<Option<T>, Box<ParseError>> {
        let mark = self.mark;
        let result = rule(self)?;
        if result.is_none() {
            self.mark = mark;
        }
        Ok(result)
    }

    /// `','.rule+`: one or more, separated by commas (a comma is consumed
    /// only when an item follows it).
    pub(super) fn comma_separated<T>(&mut self, mut rule: impl FnMut(&mut Self) -> PResult<T>) -> PResult<Vec<T>> {
        let start = self.mark;
        let Some(first) = rule(self)? else {
            self.mark = start;
            return Ok(None);
        };
        let mut items = vec![first];
        loop {
            let mark = self.mark;
            if self.expect_op(Op::Comma)?.is_none() {
                break;
            }
            match rule(self)? {
                Some(item) => items.push(item),
                None => {
                    self.mark = mark;
                    break;
                }
            }
        }
        Ok(Some(items))
    }
}

/// The identifier of a `Name` node.
pub(super) fn name_id(e: &Expr) -> Ident {
    match &*e.kind {
        ExprKind::Name { id, .. } => id.clone(),
        _ => Rc::from(""),
    }
}

/// `_PyPegen_set_expr_context`: the same target with another context,
/// through tuples, lists and starred expressions.
pub(super) fn set_context(e: Expr, ctx: ExprContext) -> Expr {
    let loc = e.loc;
    let kind = match e.into_kind() {
        ExprKind::Name { id, .. } => ExprKind::Name { id, ctx },
        ExprKind::Tuple { elts, .. } => {
            ExprKind::Tuple { elts: elts.into_iter().map(|e| set_context(e, ctx)).collect(), ctx }
        }
        ExprKind::List { elts, .. } => {
            ExprKind::List { elts: elts.into_iter().map(|e| set_context(e, ctx)).collect(), ctx }
        }
        ExprKind::Subscript { value, slice, .. } => ExprKind::Subscript { value, slice, ctx },
        ExprKind::Attribute { value, attr, .. } => ExprKind::Attribute { value, attr, ctx },
        ExprKind::Starred { value, .. } => ExprKind::Starred { value: set_context(value, ctx), ctx },
        other => other,
    };
    Expr::new(kind, loc)
}
