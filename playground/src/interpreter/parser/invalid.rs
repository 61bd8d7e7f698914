//! The `invalid_*` rules of `Grammar/python.gram`: tried only in the second
//! pass, each recognizes a common mistake and raises CPython's message for
//! it. A rule returns `Err` when it raises and `Ok(())` when it does not
//! apply; the caller restores the position. As in pegen, an alternative
//! that matches but whose action raises nothing ends its rule.

use super::expressions::last_comprehension_item;
use super::params::Params;
use super::{PResult, Parser};
use crate::interpreter::ast::{Constant, Expr, ExprKind};
use crate::interpreter::error::{ErrorKind, ParseError};
use crate::interpreter::tokenizer::{Keyword, Op, TokenKind};

type Invalid = Result<(), Box<ParseError>>;

/// Which targets a `RAISE_SYNTAX_ERROR_INVALID_TARGET` checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Targets {
    Star,
    Del,
    For,
}

impl Parser<'_> {
    /// `invalid_arguments`
    #[inline(never)]
    pub(super) fn invalid_arguments(&mut self) -> Invalid {
        let start = self.mark;
        // ((','.(starred_expression | (assignment_expression | expression !':=') !'=')+ ',' kwargs) | kwargs) ',' b='*'
        let prefix = {
            let m = self.mark;
            let mut matched = false;
            if self.comma_separated(Self::positional_argument)?.is_some()
                && self.expect_op(Op::Comma)?.is_some()
                && self.kwargs()?.is_some()
            {
                matched = true;
            }
            if !matched {
                self.mark = m;
                matched = self.kwargs()?.is_some();
            }
            matched
        };
        if prefix && self.expect_op(Op::Comma)?.is_some() {
            if let Some(b) = self.expect_op(Op::Star)? {
                return Err(
                    self.raise_at_token_loc(&b, "iterable argument unpacking follows keyword argument unpacking")
                );
            }
        }
        self.mark = start;
        // a=expression b=for_if_clauses ',' [args | expression for_if_clauses]
        if let Some(a) = self.expression()? {
            if let Some(b) = self.for_if_clauses()? {
                if self.expect_op(Op::Comma)?.is_some() {
                    let m = self.mark;
                    if self.args()?.is_none() {
                        self.mark = m;
                        if !(self.expression()?.is_some() && self.for_if_clauses()?.is_some()) {
                            self.mark = m;
                        }
                    }
                    let last = b.last().map_or(a.loc, last_comprehension_item);
                    return Err(self.raise_range(a.loc, last, "Generator expression must be parenthesized".into()));
                }
            }
        }
        self.mark = start;
        // a=NAME b='=' expression for_if_clauses
        if let Some(err) = self.name_equal_comprehension()? {
            return Err(err);
        }
        self.mark = start;
        // a=args b=for_if_clauses
        if let Some(a) = self.args()? {
            if let Some(b) = self.for_if_clauses()? {
                // _PyPegen_nonparen_genexp_in_call
                if a.args.len() <= 1 {
                    return Ok(());
                }
                let last_arg = a.args[a.args.len() - 1].loc;
                let last = b.last().map_or(last_arg, last_comprehension_item);
                return Err(self.raise_range(last_arg, last, "Generator expression must be parenthesized".into()));
            }
        }
        self.mark = start;
        // args ',' a=expression b=for_if_clauses
        if self.args()?.is_some() && self.expect_op(Op::Comma)?.is_some() {
            if let Some(a) = self.expression()? {
                if let Some(b) = self.for_if_clauses()? {
                    let last = b.last().map_or(a.loc, last_comprehension_item);
                    return Err(self.raise_range(a.loc, last, "Generator expression must be parenthesized".into()));
                }
            }
        }
        self.mark = start;
        // a=args ',' args
        if let Some(a) = self.args()? {
            if self.expect_op(Op::Comma)?.is_some() && self.args()?.is_some() {
                let msg = if a.keywords.iter().any(|k| k.arg.is_none()) {
                    "positional argument follows keyword argument unpacking"
                } else {
                    "positional argument follows keyword argument"
                };
                return Err(self.raise_error(ErrorKind::SyntaxError, msg));
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `a=NAME b='=' expression for_if_clauses`: "Maybe you meant '=='".
    fn name_equal_comprehension(&mut self) -> PResult<Box<ParseError>> {
        let start = self.mark;
        if let Some(a) = self.name()? {
            if let Some(b) = self.expect_op(Op::Equal)? {
                if self.expression()?.is_some() && self.for_if_clauses()?.is_some() {
                    let msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
                    return Ok(Some(self.raise_range(a.loc, self.token_loc(&b), msg.into())));
                }
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `invalid_kwarg`
    #[inline(never)]
    pub(super) fn invalid_kwarg(&mut self) -> Invalid {
        let start = self.mark;
        // a=('True'|'False'|'None') b='='
        let t = self.peek()?;
        if matches!(t.kind, TokenKind::Keyword(Keyword::True | Keyword::False | Keyword::None)) {
            self.mark += 1;
            if let Some(b) = self.expect_op(Op::Equal)? {
                let msg = format!("cannot assign to {}", self.text(&t));
                return Err(self.raise_range(self.token_loc(&t), self.token_loc(&b), msg));
            }
        }
        self.mark = start;
        // a=NAME b='=' expression for_if_clauses
        if let Some(err) = self.name_equal_comprehension()? {
            return Err(err);
        }
        self.mark = start;
        // !(NAME '=') a=expression b='='
        let name_equal = self.name()?.is_some() && self.expect_op(Op::Equal)?.is_some();
        self.mark = start;
        if !name_equal {
            if let Some(a) = self.expression()? {
                if let Some(b) = self.expect_op(Op::Equal)? {
                    let msg = "expression cannot contain assignment, perhaps you meant \"==\"?";
                    return Err(self.raise_range(a.loc, self.token_loc(&b), msg.into()));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_legacy_expression: a=NAME !'(' b=star_expressions`, for
    /// `print` and `exec`.
    #[inline(never)]
    pub(super) fn invalid_legacy_expression(&mut self) -> Invalid {
        let start = self.mark;
        if let Some(a) = self.name()? {
            if !self.at_op(Op::LPar)? {
                if let Some(b) = self.star_expressions()? {
                    if let Some(name) = legacy_name(&a) {
                        let msg = format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?");
                        return Err(self.raise_range(a.loc, b.loc, msg));
                    }
                    return Ok(());
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_expression`: a missing comma between two expressions in
    /// brackets, or a conditional expression without `else`.
    #[inline(never)]
    pub(super) fn invalid_expression(&mut self) -> Invalid {
        let start = self.mark;
        // !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
        let t = self.peek()?;
        let excluded = t.kind == TokenKind::Name
            && (is_soft_keyword_token(self.text(&t)) || self.peek_at(self.mark + 1)?.kind == TokenKind::String);
        if !excluded {
            if let Some(a) = self.disjunction()? {
                if let Some(b) = self.expression_without_invalid()? {
                    let level = self.token_at(self.mark - 1).level;
                    if legacy_name(&a).is_some() || level == 0 {
                        return Ok(());
                    }
                    return Err(self.raise_range(a.loc, b.loc, "invalid syntax. Perhaps you forgot a comma?".into()));
                }
            }
        }
        self.mark = start;
        // a=disjunction 'if' b=disjunction !('else'|':')
        if let Some(a) = self.disjunction()? {
            if self.expect_kw(Keyword::If)?.is_some() {
                if let Some(b) = self.disjunction()? {
                    let next = self.peek()?.kind;
                    if next != TokenKind::Keyword(Keyword::Else) && next != TokenKind::Op(Op::Colon) {
                        return Err(self.raise_range(a.loc, b.loc, "expected 'else' after 'if' expression".into()));
                    }
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_named_expression`
    #[inline(never)]
    pub(super) fn invalid_named_expression(&mut self) -> Invalid {
        let start = self.mark;
        // a=expression ':=' expression
        if let Some(a) = self.expression()? {
            if self.expect_op(Op::ColonEqual)?.is_some() && self.expression()?.is_some() {
                let msg = format!("cannot use assignment expressions with {}", expr_name(&a));
                return Err(self.raise_at(a.loc, msg));
            }
        }
        self.mark = start;
        // a=NAME '=' b=bitwise_or !('='|':=')
        if let Some(a) = self.name()? {
            if self.expect_op(Op::Equal)?.is_some() {
                if let Some(b) = self.bitwise_or()? {
                    if !self.at_op(Op::Equal)? && !self.at_op(Op::ColonEqual)? {
                        let msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
                        return Err(self.raise_range(a.loc, b.loc, msg.into()));
                    }
                }
            }
        }
        self.mark = start;
        // !(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or b='=' bitwise_or !('='|':=')
        let excluded = match self.peek()?.kind {
            TokenKind::Keyword(Keyword::True | Keyword::None | Keyword::False) => true,
            TokenKind::Op(Op::LSqb | Op::LPar) => {
                let found = self.first_of(&[Self::list, Self::tuple, Self::genexp])?.is_some();
                self.mark = start;
                found
            }
            _ => false,
        };
        if !excluded {
            if let Some(a) = self.bitwise_or()? {
                if self.expect_op(Op::Equal)?.is_some()
                    && self.bitwise_or()?.is_some()
                    && !self.at_op(Op::Equal)?
                    && !self.at_op(Op::ColonEqual)?
                {
                    let msg = format!("cannot assign to {} here. Maybe you meant '==' instead of '='?", expr_name(&a));
                    return Err(self.raise_at(a.loc, msg));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_assignment`
    #[inline(never)]
    pub(super) fn invalid_assignment(&mut self) -> Invalid {
        let start = self.mark;
        // a=invalid_ann_assign_target ':' expression
        if let Some(a) = self.invalid_ann_assign_target()? {
            if self.expect_op(Op::Colon)?.is_some() && self.expression()?.is_some() {
                let msg = format!("only single target (not {}) can be annotated", expr_name(&a));
                return Err(self.raise_at(a.loc, msg));
            }
        }
        self.mark = start;
        // a=star_named_expression ',' star_named_expressions* ':' expression
        if let Some(a) = self.star_named_expression()? {
            if self.expect_op(Op::Comma)?.is_some() {
                self.repeat(Self::star_named_expressions)?;
                if self.expect_op(Op::Colon)?.is_some() && self.expression()?.is_some() {
                    return Err(self.raise_at(a.loc, "only single target (not tuple) can be annotated".into()));
                }
            }
        }
        self.mark = start;
        // a=expression ':' expression
        if let Some(a) = self.expression()? {
            if self.expect_op(Op::Colon)?.is_some() && self.expression()?.is_some() {
                return Err(self.raise_at(a.loc, "illegal target for annotation".into()));
            }
        }
        self.mark = start;
        // (star_targets '=')* a=star_expressions '='
        self.star_targets_equals()?;
        if let Some(a) = self.star_expressions()? {
            if self.expect_op(Op::Equal)?.is_some() {
                return self.invalid_target(Targets::Star, &a);
            }
        }
        self.mark = start;
        // (star_targets '=')* a=yield_expr '='
        self.star_targets_equals()?;
        if let Some(a) = self.yield_expr()? {
            if self.expect_op(Op::Equal)?.is_some() {
                return Err(self.raise_at(a.loc, "assignment to yield expression not possible".into()));
            }
        }
        self.mark = start;
        // a=star_expressions augassign (yield_expr | star_expressions)
        if let Some(a) = self.star_expressions()? {
            if self.augassign()?.is_some() && self.annotated_rhs()?.is_some() {
                let msg = format!("'{}' is an illegal expression for augmented assignment", expr_name(&a));
                return Err(self.raise_at(a.loc, msg));
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `(star_targets '=')*`
    fn star_targets_equals(&mut self) -> Invalid {
        loop {
            let mark = self.mark;
            if self.star_targets()?.is_some() && self.expect_op(Op::Equal)?.is_some() {
                continue;
            }
            self.mark = mark;
            return Ok(());
        }
    }

    /// `invalid_ann_assign_target: list | tuple | '(' invalid_ann_assign_target ')'`
    fn invalid_ann_assign_target(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if let Some(e) = self.first_of(&[Self::list, Self::tuple])? {
            return Ok(Some(e));
        }
        if self.expect_op(Op::LPar)?.is_some() {
            if let Some(e) = self.invalid_ann_assign_target()? {
                if self.expect_op(Op::RPar)?.is_some() {
                    return Ok(Some(e));
                }
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `invalid_del_stmt: 'del' a=star_expressions`
    #[inline(never)]
    pub(super) fn invalid_del_stmt(&mut self) -> Invalid {
        let start = self.mark;
        if self.expect_kw(Keyword::Del)?.is_some() {
            if let Some(a) = self.star_expressions()? {
                return self.invalid_target(Targets::Del, &a);
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_comprehension`
    #[inline(never)]
    pub(super) fn invalid_comprehension(&mut self) -> Invalid {
        let start = self.mark;
        let open = self.peek()?.kind;
        if !matches!(open, TokenKind::Op(Op::LSqb | Op::LPar | Op::LBrace)) {
            return Ok(());
        }
        // ('[' | '(' | '{') a=starred_expression for_if_clauses
        self.mark += 1;
        if let Some(a) = self.starred_expression()? {
            if self.for_if_clauses()?.is_some() {
                return Err(self.raise_at(a.loc, "iterable unpacking cannot be used in comprehension".into()));
            }
        }
        self.mark = start;
        if open == TokenKind::Op(Op::LPar) {
            return Ok(());
        }
        let msg = "did you forget parentheses around the comprehension target?";
        // ('[' | '{') a=star_named_expression ',' b=star_named_expressions for_if_clauses
        self.mark += 1;
        if let Some(a) = self.star_named_expression()? {
            if self.expect_op(Op::Comma)?.is_some() {
                if let Some(b) = self.star_named_expressions()? {
                    if self.for_if_clauses()?.is_some() {
                        let last = b.last().map_or(a.loc, |e| e.loc);
                        return Err(self.raise_range(a.loc, last, msg.into()));
                    }
                }
            }
        }
        self.mark = start + 1;
        // ('[' | '{') a=star_named_expression b=',' for_if_clauses
        if let Some(a) = self.star_named_expression()? {
            if let Some(b) = self.expect_op(Op::Comma)? {
                if self.for_if_clauses()?.is_some() {
                    return Err(self.raise_range(a.loc, self.token_loc(&b), msg.into()));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_dict_comprehension: '{' a='**' bitwise_or for_if_clauses '}'`
    #[inline(never)]
    pub(super) fn invalid_dict_comprehension(&mut self) -> Invalid {
        let start = self.mark;
        if self.expect_op(Op::LBrace)?.is_some() {
            if let Some(a) = self.expect_op(Op::DoubleStar)? {
                if self.bitwise_or()?.is_some()
                    && self.for_if_clauses()?.is_some()
                    && self.expect_op(Op::RBrace)?.is_some()
                {
                    return Err(self.raise_at_token_loc(&a, "dict unpacking cannot be used in dict comprehension"));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_parameters` and `invalid_lambda_parameters`
    #[inline(never)]
    pub(super) fn invalid_parameters(&mut self, kind: Params) -> Invalid {
        let start = self.mark;
        // param_no_default* invalid_parameters_helper a=param_no_default
        self.repeat(|p| p.param_no_default(kind))?;
        let m = self.mark;
        let helper = match self.slash_with_default(kind)? {
            Some(_) => true,
            None => {
                self.mark = m;
                !self.repeat(|p| p.param_with_default(kind))?.is_empty()
            }
        };
        if helper {
            if let Some(a) = self.param_no_default(kind)? {
                return Err(self.raise_at(a.loc, "non-default argument follows default argument".into()));
            }
        }
        self.mark = start;
        // param_no_default* a='(' param_no_default+ ','? b=')'
        // (lambda: ','.lambda_param+ ','?)
        self.repeat(|p| p.param_no_default(kind))?;
        if let Some(a) = self.expect_op(Op::LPar)? {
            let inner = match kind {
                Params::Def => !self.repeat(|p| p.param_no_default(kind))?.is_empty(),
                Params::Lambda => self.comma_separated(|p| p.param(kind))?.is_some(),
            };
            if inner {
                self.expect_op(Op::Comma)?;
                if let Some(b) = self.expect_op(Op::RPar)? {
                    let msg = match kind {
                        Params::Def => "Function parameters cannot be parenthesized",
                        Params::Lambda => "Lambda expression parameters cannot be parenthesized",
                    };
                    return Err(self.raise_range(self.token_loc(&a), self.token_loc(&b), msg.into()));
                }
            }
        }
        self.mark = start;
        // a="/" ','
        if let Some(a) = self.expect_op(Op::Slash)? {
            if self.expect_op(Op::Comma)?.is_some() {
                return Err(self.raise_at_token_loc(&a, "at least one argument must precede /"));
            }
        }
        self.mark = start;
        // (slash_no_default | slash_with_default) param_maybe_default* a='/'
        if self.slash(kind)? {
            self.repeat(|p| p.param_maybe_default(kind))?;
            if let Some(a) = self.expect_op(Op::Slash)? {
                return Err(self.raise_at_token_loc(&a, "/ may appear only once"));
            }
        }
        self.mark = start;
        // (slash_no_default | slash_with_default)? param_maybe_default* '*'
        // (',' | param_no_default) param_maybe_default* a='/'
        if !self.slash(kind)? {
            self.mark = start;
        }
        self.repeat(|p| p.param_maybe_default(kind))?;
        if self.expect_op(Op::Star)?.is_some() {
            let m = self.mark;
            let next = self.expect_op(Op::Comma)?.is_some() || {
                self.mark = m;
                self.param_no_default(kind)?.is_some()
            };
            if next {
                self.repeat(|p| p.param_maybe_default(kind))?;
                if let Some(a) = self.expect_op(Op::Slash)? {
                    return Err(self.raise_at_token_loc(&a, "/ must be ahead of *"));
                }
            }
        }
        self.mark = start;
        // param_maybe_default+ '/' a='*'
        if !self.repeat(|p| p.param_maybe_default(kind))?.is_empty() && self.expect_op(Op::Slash)?.is_some() {
            if let Some(a) = self.expect_op(Op::Star)? {
                return Err(self.raise_at_token_loc(&a, "expected comma between / and *"));
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `(slash_no_default | slash_with_default)`
    fn slash(&mut self, kind: Params) -> Result<bool, Box<ParseError>> {
        let start = self.mark;
        if self.slash_no_default(kind)?.is_some() {
            return Ok(true);
        }
        self.mark = start;
        if self.slash_with_default(kind)?.is_some() {
            return Ok(true);
        }
        self.mark = start;
        Ok(false)
    }

    /// `invalid_default: a='=' &(')'|',')`
    #[inline(never)]
    pub(super) fn invalid_default(&mut self) -> Invalid {
        let start = self.mark;
        if let Some(a) = self.expect_op(Op::Equal)? {
            if self.at_op(Op::RPar)? || self.at_op(Op::Comma)? {
                return Err(self.raise_at_token_loc(&a, "expected default value expression"));
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_star_etc` and `invalid_lambda_star_etc`
    #[inline(never)]
    pub(super) fn invalid_star_etc(&mut self, kind: Params) -> Invalid {
        let start = self.mark;
        let Some(a) = self.expect_op(Op::Star)? else {
            return Ok(());
        };
        let after_star = self.mark;
        // a='*' (')' | ',' (')' | '**'))   (lambda: ':' | ',' (':' | '**'))
        let end = if kind == Params::Def { Op::RPar } else { Op::Colon };
        let bare = self.expect_op(end)?.is_some()
            || self.expect_op(Op::Comma)?.is_some()
                && (self.expect_op(end)?.is_some() || self.expect_op(Op::DoubleStar)?.is_some());
        if bare {
            return Err(match kind {
                Params::Def => self.raise_at_token_loc(&a, "named arguments must follow bare *"),
                Params::Lambda => self.raise_error(ErrorKind::SyntaxError, "named arguments must follow bare *"),
            });
        }
        self.mark = after_star;
        // '*' param a='='
        if self.param(kind)?.is_some() {
            if let Some(eq) = self.expect_op(Op::Equal)? {
                return Err(self.raise_at_token_loc(&eq, "var-positional argument cannot have default value"));
            }
        }
        self.mark = after_star;
        // '*' (param_no_default | ',') param_maybe_default* a='*' (param_no_default | ',')
        if self.param_no_default(kind)?.is_some() || self.expect_op(Op::Comma)?.is_some() {
            self.repeat(|p| p.param_maybe_default(kind))?;
            if let Some(second) = self.expect_op(Op::Star)? {
                let m = self.mark;
                if self.param_no_default(kind)?.is_some() || {
                    self.mark = m;
                    self.expect_op(Op::Comma)?.is_some()
                } {
                    return Err(self.raise_at_token_loc(&second, "* argument may appear only once"));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_kwds` and `invalid_lambda_kwds`
    #[inline(never)]
    pub(super) fn invalid_kwds(&mut self, kind: Params) -> Invalid {
        let start = self.mark;
        if self.expect_op(Op::DoubleStar)?.is_none() || self.param(kind)?.is_none() {
            self.mark = start;
            return Ok(());
        }
        // '**' param a='='
        if let Some(a) = self.expect_op(Op::Equal)? {
            return Err(self.raise_at_token_loc(&a, "var-keyword argument cannot have default value"));
        }
        // '**' param ',' a=param
        if self.expect_op(Op::Comma)?.is_some() {
            let m = self.mark;
            if let Some(a) = self.param(kind)? {
                return Err(self.raise_at(a.loc, "arguments cannot follow var-keyword argument".into()));
            }
            self.mark = m;
            // '**' param ',' a=('*'|'**'|'/')
            let t = self.peek()?;
            if matches!(t.kind, TokenKind::Op(Op::Star | Op::DoubleStar | Op::Slash)) {
                return Err(self.raise_at_token_loc(&t, "arguments cannot follow var-keyword argument"));
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_with_item: expression 'as' a=expression &(',' | ')' | ':')`
    #[inline(never)]
    pub(super) fn invalid_with_item(&mut self) -> Invalid {
        let start = self.mark;
        if self.expression()?.is_some() && self.expect_kw(Keyword::As)?.is_some() {
            if let Some(a) = self.expression()? {
                if matches!(self.peek()?.kind, TokenKind::Op(Op::Comma | Op::RPar | Op::Colon)) {
                    return self.invalid_target(Targets::Star, &a);
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_for_target: ASYNC? 'for' a=star_expressions`
    #[inline(never)]
    pub(super) fn invalid_for_target(&mut self) -> Invalid {
        let start = self.mark;
        self.expect_kw(Keyword::Async)?;
        if self.expect_kw(Keyword::For)?.is_some() {
            if let Some(a) = self.star_expressions()? {
                return self.invalid_target(Targets::For, &a);
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_group: '(' a=starred_expression ')' | '(' a='**' expression ')'`
    #[inline(never)]
    pub(super) fn invalid_group(&mut self) -> Invalid {
        let start = self.mark;
        if self.expect_op(Op::LPar)?.is_some() {
            if let Some(a) = self.starred_expression()? {
                if self.expect_op(Op::RPar)?.is_some() {
                    return Err(self.raise_at(a.loc, "cannot use starred expression here".into()));
                }
            }
            self.mark = start + 1;
            if let Some(a) = self.expect_op(Op::DoubleStar)? {
                if self.expression()?.is_some() && self.expect_op(Op::RPar)?.is_some() {
                    return Err(self.raise_at_token_loc(&a, "cannot use double starred expression here"));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `','.(expression ['as' star_target])+` or, in parentheses,
    /// `','.(expressions ['as' star_target])+`.
    fn with_items_for_invalid(&mut self, parenthesized: bool) -> Result<bool, Box<ParseError>> {
        let item = if parenthesized { Self::expressions_as_target } else { Self::expression_as_target };
        Ok(self.comma_separated(item)?.is_some())
    }

    fn expression_as_target(&mut self) -> PResult<()> {
        self.item_as_target(Self::expression)
    }

    fn expressions_as_target(&mut self) -> PResult<()> {
        self.item_as_target(Self::expressions)
    }

    fn item_as_target(&mut self, item: fn(&mut Self) -> PResult<Expr>) -> PResult<()> {
        if item(self)?.is_none() {
            return Ok(None);
        }
        let mark = self.mark;
        if !(self.expect_kw(Keyword::As)?.is_some() && self.star_target()?.is_some()) {
            self.mark = mark;
        }
        Ok(Some(()))
    }

    /// `[ASYNC] 'with' items` or `[ASYNC] 'with' '(' items ','? ')'`; the
    /// `with` token.
    fn with_header(&mut self, parenthesized: bool) -> PResult<crate::interpreter::tokenizer::Token> {
        self.expect_kw(Keyword::Async)?;
        let Some(with) = self.expect_kw(Keyword::With)? else {
            return Ok(None);
        };
        if parenthesized {
            if self.expect_op(Op::LPar)?.is_none() || !self.with_items_for_invalid(true)? {
                return Ok(None);
            }
            self.expect_op(Op::Comma)?;
            if self.expect_op(Op::RPar)?.is_none() {
                return Ok(None);
            }
        } else if !self.with_items_for_invalid(false)? {
            return Ok(None);
        }
        Ok(Some(with))
    }

    /// `invalid_with_stmt`: a `with` header without its colon.
    #[inline(never)]
    pub(super) fn invalid_with_stmt(&mut self) -> Invalid {
        let start = self.mark;
        for parenthesized in [false, true] {
            self.mark = start;
            if self.with_header(parenthesized)?.is_some() && self.expect(TokenKind::Newline)?.is_some() {
                return Err(self.raise_error(ErrorKind::SyntaxError, "expected ':'"));
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_with_stmt_indent`: a `with` header without its block.
    #[inline(never)]
    pub(super) fn invalid_with_stmt_indent(&mut self) -> Invalid {
        let start = self.mark;
        for parenthesized in [false, true] {
            self.mark = start;
            if let Some(with) = self.with_header(parenthesized)? {
                if self.colon_newline_no_indent()? {
                    let msg = format!("expected an indented block after 'with' statement on line {}", with.lineno);
                    return Err(self.raise_error(ErrorKind::IndentationError, &msg));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `':' NEWLINE !INDENT`
    fn colon_newline_no_indent(&mut self) -> Result<bool, Box<ParseError>> {
        Ok(self.expect_op(Op::Colon)?.is_some()
            && self.expect(TokenKind::Newline)?.is_some()
            && !self.at(TokenKind::Indent)?)
    }

    /// `NEWLINE !INDENT` after a block opener on line `lineno`.
    fn no_block(&mut self, what: &str, lineno: u32) -> Invalid {
        if self.expect(TokenKind::Newline)?.is_some() && !self.at(TokenKind::Indent)? {
            let msg = format!("expected an indented block after {what} on line {lineno}");
            return Err(self.raise_error(ErrorKind::IndentationError, &msg));
        }
        Ok(())
    }

    /// `invalid_try_stmt`
    #[inline(never)]
    pub(super) fn invalid_try_stmt(&mut self) -> Invalid {
        let start = self.mark;
        let Some(a) = self.expect_kw(Keyword::Try)? else {
            return Ok(());
        };
        // a='try' ':' NEWLINE !INDENT
        if self.expect_op(Op::Colon)?.is_some() {
            self.no_block("'try' statement", a.lineno)?;
        }
        self.mark = start + 1;
        // 'try' ':' block !('except' | 'finally')
        if self.expect_op(Op::Colon)?.is_some()
            && self.block()?.is_some()
            && !self.at_kw(Keyword::Except)?
            && !self.at_kw(Keyword::Finally)?
        {
            return Err(self.raise_error(ErrorKind::SyntaxError, "expected 'except' or 'finally' block"));
        }
        self.mark = start + 1;
        // 'try' ':' block* except_block+ a='except' b='*' expression ['as' NAME] ':'
        if self.expect_op(Op::Colon)?.is_some() {
            self.repeat(Self::block)?;
            let handlers = self.repeat(Self::except_block)?;
            if !handlers.is_empty() {
                if let Some(a) = self.expect_kw(Keyword::Except)? {
                    if let Some(b) = self.expect_op(Op::Star)? {
                        if self.expression()?.is_some() {
                            let m = self.mark;
                            if !(self.expect_kw(Keyword::As)?.is_some() && self.name()?.is_some()) {
                                self.mark = m;
                            }
                            if self.expect_op(Op::Colon)?.is_some() {
                                let msg = "cannot have both 'except' and 'except*' on the same 'try'";
                                return Err(self.raise_range(self.token_loc(&a), self.token_loc(&b), msg.into()));
                            }
                        }
                    }
                }
            } else {
                // except_star_block+ ...: `except*` is refused outright.
                let t = self.peek()?;
                if t.kind == TokenKind::Keyword(Keyword::Except)
                    && self.peek_at(self.mark + 1)?.kind == TokenKind::Op(Op::Star)
                {
                    return Err(self.unsupported("'except*' clauses", &t));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_except_stmt`
    #[inline(never)]
    pub(super) fn invalid_except_stmt(&mut self) -> Invalid {
        let start = self.mark;
        if self.expect_kw(Keyword::Except)?.is_none() {
            return Ok(());
        }
        let after_except = self.mark;
        // 'except' '*'? a=expression ',' expressions ['as' NAME ] ':'
        self.expect_op(Op::Star)?;
        if let Some(a) = self.expression()? {
            if self.expect_op(Op::Comma)?.is_some() && self.expressions()?.is_some() {
                let m = self.mark;
                if !(self.expect_kw(Keyword::As)?.is_some() && self.name()?.is_some()) {
                    self.mark = m;
                }
                if self.expect_op(Op::Colon)?.is_some() {
                    return Err(
                        self.raise_starting_from(a.loc, "multiple exception types must be parenthesized".into())
                    );
                }
            }
        }
        self.mark = after_except;
        // a='except' '*'? expression ['as' NAME ] NEWLINE
        self.expect_op(Op::Star)?;
        if self.expression()?.is_some() {
            let m = self.mark;
            if !(self.expect_kw(Keyword::As)?.is_some() && self.name()?.is_some()) {
                self.mark = m;
            }
            if self.expect(TokenKind::Newline)?.is_some() {
                return Err(self.raise_error(ErrorKind::SyntaxError, "expected ':'"));
            }
        }
        self.mark = after_except;
        // a='except' NEWLINE
        if self.expect(TokenKind::Newline)?.is_some() {
            return Err(self.raise_error(ErrorKind::SyntaxError, "expected ':'"));
        }
        // a='except' '*' (NEWLINE | ':')
        if self.expect_op(Op::Star)?.is_some()
            && (self.expect(TokenKind::Newline)?.is_some() || self.expect_op(Op::Colon)?.is_some())
        {
            return Err(self.raise_error(ErrorKind::SyntaxError, "expected one or more exception types"));
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_except_stmt_indent`
    #[inline(never)]
    pub(super) fn invalid_except_stmt_indent(&mut self) -> Invalid {
        let start = self.mark;
        let Some(a) = self.expect_kw(Keyword::Except)? else {
            return Ok(());
        };
        // a='except' expression ['as' NAME ] ':' NEWLINE !INDENT
        if self.expression()?.is_some() {
            let m = self.mark;
            if !(self.expect_kw(Keyword::As)?.is_some() && self.name()?.is_some()) {
                self.mark = m;
            }
            if self.expect_op(Op::Colon)?.is_some() {
                self.no_block("'except' statement", a.lineno)?;
            }
        }
        self.mark = start + 1;
        // a='except' ':' NEWLINE !INDENT
        if self.expect_op(Op::Colon)?.is_some() {
            self.no_block("'except' statement", a.lineno)?;
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_else_stmt` and `invalid_finally_stmt`: `a=keyword ':' NEWLINE !INDENT`
    #[inline(never)]
    pub(super) fn invalid_block_after(&mut self, keyword: Keyword, name: &str) -> Invalid {
        let start = self.mark;
        if let Some(a) = self.expect_kw(keyword)? {
            if self.expect_op(Op::Colon)?.is_some() {
                self.no_block(&format!("'{name}' statement"), a.lineno)?;
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_if_stmt` and `invalid_elif_stmt`: `keyword named_expression
    /// NEWLINE` (a missing colon) or a missing block.
    #[inline(never)]
    pub(super) fn invalid_if_stmt(&mut self, keyword: Keyword) -> Invalid {
        self.invalid_conditional(keyword)
    }

    /// `invalid_while_stmt`
    #[inline(never)]
    pub(super) fn invalid_while_stmt(&mut self) -> Invalid {
        self.invalid_conditional(Keyword::While)
    }

    fn invalid_conditional(&mut self, keyword: Keyword) -> Invalid {
        let start = self.mark;
        let Some(kw) = self.expect_kw(keyword)? else {
            return Ok(());
        };
        if let Some(test) = self.named_expression()? {
            let after = self.mark;
            if self.expect(TokenKind::Newline)?.is_some() {
                return Err(self.raise_error(ErrorKind::SyntaxError, "expected ':'"));
            }
            self.mark = after;
            if self.expect_op(Op::Colon)?.is_some() {
                // `invalid_if_stmt` names its line from the condition (`a`
                // is rebound in the grammar); the others from the keyword.
                let lineno = if keyword == Keyword::If { test.loc.lineno } else { kw.lineno };
                self.no_block(&format!("'{}' statement", keyword.text()), lineno)?;
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_for_stmt`
    #[inline(never)]
    pub(super) fn invalid_for_stmt(&mut self) -> Invalid {
        let start = self.mark;
        self.expect_kw(Keyword::Async)?;
        let Some(a) = self.expect_kw(Keyword::For)? else {
            self.mark = start;
            return Ok(());
        };
        if self.star_targets()?.is_some()
            && self.expect_kw(Keyword::In)?.is_some()
            && self.star_expressions()?.is_some()
        {
            let after = self.mark;
            if self.expect(TokenKind::Newline)?.is_some() {
                return Err(self.raise_error(ErrorKind::SyntaxError, "expected ':'"));
            }
            self.mark = after;
            if self.expect_op(Op::Colon)?.is_some() {
                self.no_block("'for' statement", a.lineno)?;
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_def_raw: [ASYNC] a='def' NAME '(' [params] ')' ['->' expression] ':' NEWLINE !INDENT`
    #[inline(never)]
    pub(super) fn invalid_def_raw(&mut self) -> Invalid {
        let start = self.mark;
        self.expect_kw(Keyword::Async)?;
        if let Some(a) = self.expect_kw(Keyword::Def)? {
            if self.name()?.is_some() && self.expect_op(Op::LPar)?.is_some() {
                self.optional(Self::params)?;
                if self.expect_op(Op::RPar)?.is_some() {
                    let m = self.mark;
                    if !(self.expect_op(Op::RArrow)?.is_some() && self.expression()?.is_some()) {
                        self.mark = m;
                    }
                    if self.expect_op(Op::Colon)?.is_some() {
                        self.no_block("function definition", a.lineno)?;
                    }
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_class_def_raw`
    #[inline(never)]
    pub(super) fn invalid_class_def_raw(&mut self) -> Invalid {
        let start = self.mark;
        let Some(a) = self.expect_kw(Keyword::Class)? else {
            return Ok(());
        };
        if self.name()?.is_some() {
            let m = self.mark;
            if self.expect_op(Op::LPar)?.is_some() {
                self.optional(Self::arguments)?;
                if self.expect_op(Op::RPar)?.is_none() {
                    self.mark = m;
                }
            }
            let after = self.mark;
            if self.expect(TokenKind::Newline)?.is_some() {
                return Err(self.raise_error(ErrorKind::SyntaxError, "expected ':'"));
            }
            self.mark = after;
            if self.expect_op(Op::Colon)?.is_some() {
                self.no_block("class definition", a.lineno)?;
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `invalid_double_starred_kvpairs`
    #[inline(never)]
    pub(super) fn invalid_double_starred_kvpairs(&mut self) -> Invalid {
        let start = self.mark;
        // ','.double_starred_kvpair+ ',' invalid_kvpair
        if self.comma_separated(Self::double_starred_kvpair)?.is_some() && self.expect_op(Op::Comma)?.is_some() {
            self.invalid_kvpair()?;
        }
        self.mark = start;
        self.invalid_kvpair_tail()?;
        self.mark = start;
        Ok(())
    }

    /// `invalid_kvpair`
    fn invalid_kvpair(&mut self) -> Invalid {
        let start = self.mark;
        // a=expression !(':')
        if let Some(a) = self.expression()? {
            if !self.at_op(Op::Colon)? {
                return Err(self.raise_known_location(
                    ErrorKind::SyntaxError,
                    a.loc.lineno,
                    a.loc.end_col_offset,
                    a.loc.end_lineno,
                    0,
                    "':' expected after dictionary key".into(),
                ));
            }
        }
        self.mark = start;
        self.invalid_kvpair_tail()
    }

    /// The two alternatives `invalid_kvpair` shares with
    /// `invalid_double_starred_kvpairs`.
    fn invalid_kvpair_tail(&mut self) -> Invalid {
        let start = self.mark;
        // expression ':' a='*' bitwise_or
        if self.expression()?.is_some() && self.expect_op(Op::Colon)?.is_some() {
            let after_colon = self.mark;
            if let Some(a) = self.expect_op(Op::Star)? {
                if self.bitwise_or()?.is_some() {
                    let msg = "cannot use a starred expression in a dictionary value";
                    return Err(self.raise_starting_from(self.token_loc(&a), msg.into()));
                }
            }
            self.mark = after_colon;
        }
        self.mark = start;
        // expression a=':' &('}'|',')
        if self.expression()?.is_some() {
            if let Some(a) = self.expect_op(Op::Colon)? {
                if self.at_op(Op::RBrace)? || self.at_op(Op::Comma)? {
                    return Err(self.raise_at_token_loc(&a, "expression expected after dictionary key and ':'"));
                }
            }
        }
        self.mark = start;
        Ok(())
    }

    /// `RAISE_SYNTAX_ERROR_INVALID_TARGET`: `cannot assign to ...` or
    /// `cannot delete ...` at the first part of `e` that is not a target;
    /// nothing when every part is one.
    fn invalid_target(&self, targets: Targets, e: &Expr) -> Invalid {
        let Some(invalid) = invalid_target(e, targets) else {
            return Ok(());
        };
        let verb = if targets == Targets::Del { "delete" } else { "assign to" };
        Err(self.raise_at(invalid.loc, format!("cannot {verb} {}", expr_name(invalid))))
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_LOCATION(token)`.
    fn raise_at_token_loc(&self, t: &crate::interpreter::tokenizer::Token, msg: &str) -> Box<ParseError> {
        self.raise_at(self.token_loc(t), msg.into())
    }
}

/// What pegen's `SOFT_KEYWORD` token matches: a NAME that `strncmp`
/// compares equal to `_`, `case` or `match` over the NAME's own length,
/// that is any prefix of them (`c`, `ma`, ...): CPython 3.11's
/// `_PyPegen_soft_keyword_token`, whose quirk decides whether
/// `Perhaps you forgot a comma?` is offered.
fn is_soft_keyword_token(name: &str) -> bool {
    !name.is_empty() && ["_", "case", "match"].iter().any(|keyword| keyword.starts_with(name))
}

/// `_PyPegen_check_legacy_stmt`: `print` or `exec` used as a statement.
fn legacy_name(e: &Expr) -> Option<&str> {
    match &*e.kind {
        ExprKind::Name { id, .. } if matches!(&**id, "print" | "exec") => Some(id),
        _ => None,
    }
}

/// `_PyPegen_get_invalid_target`
fn invalid_target(e: &Expr, targets: Targets) -> Option<&Expr> {
    match &*e.kind {
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
            elts.iter().find_map(|elt| invalid_target(elt, targets))
        }
        ExprKind::Starred { value, .. } => {
            if targets == Targets::Del {
                Some(e)
            } else {
                invalid_target(value, targets)
            }
        }
        ExprKind::Compare { left, ops, .. } => {
            // `for a in b`: the `a in b` was parsed as a comparison.
            if targets == Targets::For {
                if ops.first() == Some(&crate::interpreter::ast::CmpOp::In) {
                    return invalid_target(left, targets);
                }
                return None;
            }
            Some(e)
        }
        ExprKind::Name { .. } | ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => None,
        _ => Some(e),
    }
}

/// `_PyPegen_get_expr_name`: how error messages name an expression.
pub(super) fn expr_name(e: &Expr) -> &'static str {
    match &*e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "None",
            Constant::Bool(false) => "False",
            Constant::Bool(true) => "True",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "expression",
    }
}
