//! Expression rules (`Grammar/python.gram`, EXPRESSIONS to ARGUMENTS):
//! from `star_expressions` down to `atom`, displays, comprehensions, lambda
//! and call arguments.

use super::statements::{name_id, set_context};
use super::{Memo, PResult, Parser, Rule};
use crate::interpreter::ast::{
    BoolOp, CmpOp, Comprehension, Constant, Expr, ExprContext, ExprKind, Keyword as KeywordArg, Loc, Operator, UnaryOp,
};
use crate::interpreter::error::ParseError;
use crate::interpreter::tokenizer::{Keyword, Op, TokenKind};

/// What `arguments` returns: CPython builds a dummy `Call` to carry these.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallArgs {
    pub args: Vec<Expr>,
    pub keywords: Vec<KeywordArg>,
}

/// An item of `kwargs`: a keyword argument or a starred positional one.
pub(super) enum KeywordOrStarred {
    Keyword(KeywordArg),
    Starred(Expr),
}

impl Parser<'_> {
    /// `expressions: expression (',' expression)+ [','] | expression ',' | expression`
    pub(super) fn expressions(&mut self) -> PResult<Expr> {
        self.sequence(Self::expression)
    }

    /// `star_expressions`, the same shape over `star_expression`.
    pub(super) fn star_expressions(&mut self) -> PResult<Expr> {
        self.sequence(Self::star_expression)
    }

    /// `a=item (',' item)+ [','] -> Tuple | a=item ',' -> Tuple | item`
    fn sequence(&mut self, item: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        let start = self.mark;
        let Some(first) = item(self)? else {
            self.mark = start;
            return Ok(None);
        };
        let mut elts = vec![first];
        let mut trailing_comma = false;
        loop {
            let mark = self.mark;
            if self.expect_op(Op::Comma)?.is_none() {
                break;
            }
            match item(self)? {
                Some(e) => elts.push(e),
                None => {
                    self.mark = mark;
                    break;
                }
            }
        }
        if self.expect_op(Op::Comma)?.is_some() {
            trailing_comma = true;
        }
        if elts.len() == 1 && !trailing_comma {
            return Ok(elts.pop());
        }
        Ok(Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, self.loc_from(start))))
    }

    /// `expression (memo): invalid_expression | invalid_legacy_expression |
    /// disjunction 'if' disjunction 'else' expression | disjunction | lambdef`
    pub(super) fn expression(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::Expression, |p| {
            p.enter()?;
            let result = p.expression_uncached(true);
            p.leave();
            result
        })
    }

    /// `expression_without_invalid`: `expression` with the `invalid_*`
    /// rules switched off beneath it.
    pub(super) fn expression_without_invalid(&mut self) -> PResult<Expr> {
        let saved = self.call_invalid_rules;
        self.call_invalid_rules = false;
        self.enter()?;
        let result = self.expression_uncached(false);
        self.leave();
        self.call_invalid_rules = saved;
        result
    }

    fn expression_uncached(&mut self, with_invalid: bool) -> PResult<Expr> {
        let start = self.mark;
        if with_invalid && self.call_invalid_rules {
            self.invalid_expression()?;
            self.mark = start;
            self.invalid_legacy_expression()?;
            self.mark = start;
        }
        if let Some(body) = self.disjunction()? {
            let after = self.mark;
            if self.expect_kw(Keyword::If)?.is_some() {
                if let Some(test) = self.disjunction()? {
                    if self.expect_kw(Keyword::Else)?.is_some() {
                        if let Some(orelse) = self.expression()? {
                            let kind = ExprKind::IfExp { test, body, orelse };
                            return Ok(Some(Expr::new(kind, self.loc_from(start))));
                        }
                    }
                }
            }
            self.mark = after;
            return Ok(Some(body));
        }
        self.mark = start;
        self.lambdef()
    }

    /// `yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]`
    pub(super) fn yield_expr(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_kw(Keyword::Yield)?.is_none() {
            return Ok(None);
        }
        let after = self.mark;
        if self.expect_kw(Keyword::From)?.is_some() {
            if let Some(value) = self.expression()? {
                return Ok(Some(Expr::new(ExprKind::YieldFrom { value }, self.loc_from(start))));
            }
        }
        self.mark = after;
        let value = self.optional(Self::star_expressions)?;
        Ok(Some(Expr::new(ExprKind::Yield { value }, self.loc_from(start))))
    }

    /// `star_expression (memo): '*' bitwise_or | expression`
    pub(super) fn star_expression(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::StarExpression, |p| p.starred_or(Self::expression))
    }

    /// `'*' bitwise_or -> Starred | otherwise`
    fn starred_or(&mut self, otherwise: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(Op::Star)?.is_some() {
            if let Some(value) = self.bitwise_or()? {
                let kind = ExprKind::Starred { value, ctx: ExprContext::Load };
                return Ok(Some(Expr::new(kind, self.loc_from(start))));
            }
        }
        self.mark = start;
        otherwise(self)
    }

    /// `star_named_expressions: ','.star_named_expression+ [',']`
    pub(super) fn star_named_expressions(&mut self) -> PResult<Vec<Expr>> {
        let Some(items) = self.comma_separated(Self::star_named_expression)? else {
            return Ok(None);
        };
        self.expect_op(Op::Comma)?;
        Ok(Some(items))
    }

    /// `star_named_expression: '*' bitwise_or | named_expression`
    pub(super) fn star_named_expression(&mut self) -> PResult<Expr> {
        self.starred_or(Self::named_expression)
    }

    /// `assignment_expression: NAME ':=' ~ expression`
    pub(super) fn assignment_expression(&mut self) -> PResult<Expr> {
        let start = self.mark;
        let Some(name) = self.name()? else {
            return Ok(None);
        };
        if self.expect_op(Op::ColonEqual)?.is_none() {
            self.mark = start;
            return Ok(None);
        }
        let Some(value) = self.expression()? else {
            self.mark = start;
            return Ok(None);
        };
        let target = set_context(name, ExprContext::Store);
        let kind = ExprKind::NamedExpr { target, value };
        Ok(Some(Expr::new(kind, self.loc_from(start))))
    }

    /// `named_expression: assignment_expression | invalid_named_expression | expression !':='`
    pub(super) fn named_expression(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if let Some(e) = self.assignment_expression()? {
            return Ok(Some(e));
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_named_expression()?;
            self.mark = start;
        }
        self.expression_not_walrus()
    }

    /// `expression !':='`
    pub(super) fn expression_not_walrus(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if let Some(e) = self.expression()? {
            if !self.at_op(Op::ColonEqual)? {
                return Ok(Some(e));
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `(assignment_expression | expression !':=')`
    pub(super) fn walrus_or_expression(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if let Some(e) = self.assignment_expression()? {
            return Ok(Some(e));
        }
        self.mark = start;
        self.expression_not_walrus()
    }

    /// `disjunction (memo): conjunction ('or' conjunction)+ | conjunction`
    pub(super) fn disjunction(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::Disjunction, |p| p.bool_op(Keyword::Or, BoolOp::Or, Self::conjunction))
    }

    /// `conjunction: inversion ('and' inversion)+ | inversion` (pegen
    /// memoizes it; here only `disjunction` calls it, and that is memoized)
    fn conjunction(&mut self) -> PResult<Expr> {
        self.bool_op(Keyword::And, BoolOp::And, Self::inversion)
    }

    fn bool_op(&mut self, keyword: Keyword, op: BoolOp, operand: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        let start = self.mark;
        let Some(first) = operand(self)? else {
            return Ok(None);
        };
        let mut values = vec![first];
        loop {
            let mark = self.mark;
            if self.expect_kw(keyword)?.is_none() {
                break;
            }
            match operand(self)? {
                Some(e) => values.push(e),
                None => {
                    self.mark = mark;
                    break;
                }
            }
        }
        if values.len() == 1 {
            return Ok(values.pop());
        }
        Ok(Some(Expr::new(ExprKind::BoolOp { op, values }, self.loc_from(start))))
    }

    /// `inversion: 'not' inversion | comparison` (memoized in pegen, and
    /// reached only through `disjunction` here)
    fn inversion(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_kw(Keyword::Not)?.is_some() {
            self.enter()?;
            let operand = self.inversion();
            self.leave();
            if let Some(operand) = operand? {
                let kind = ExprKind::UnaryOp { op: UnaryOp::Not, operand };
                return Ok(Some(Expr::new(kind, self.loc_from(start))));
            }
        }
        self.mark = start;
        self.comparison()
    }

    /// `comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or`
    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.mark;
        let Some(left) = self.bitwise_or()? else {
            return Ok(None);
        };
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        loop {
            let mark = self.mark;
            let Some(op) = self.compare_op()? else {
                self.mark = mark;
                break;
            };
            match self.bitwise_or()? {
                Some(right) => {
                    ops.push(op);
                    comparators.push(right);
                }
                None => {
                    self.mark = mark;
                    break;
                }
            }
        }
        if ops.is_empty() {
            return Ok(Some(left));
        }
        let kind = ExprKind::Compare { left, ops, comparators };
        Ok(Some(Expr::new(kind, self.loc_from(start))))
    }

    /// The operator of `compare_op_bitwise_or_pair`; `<>` is refused.
    fn compare_op(&mut self) -> PResult<CmpOp> {
        let t = self.peek()?;
        let op = match t.kind {
            TokenKind::Op(Op::EqEqual) => CmpOp::Eq,
            TokenKind::Op(Op::NotEqual) => CmpOp::NotEq,
            TokenKind::Op(Op::LessEqual) => CmpOp::LtE,
            TokenKind::Op(Op::Less) => CmpOp::Lt,
            TokenKind::Op(Op::GreaterEqual) => CmpOp::GtE,
            TokenKind::Op(Op::Greater) => CmpOp::Gt,
            TokenKind::Keyword(Keyword::Not) => {
                if self.peek_at(self.mark + 1)?.kind != TokenKind::Keyword(Keyword::In) {
                    return Ok(None);
                }
                self.mark += 2;
                return Ok(Some(CmpOp::NotIn));
            }
            TokenKind::Keyword(Keyword::In) => CmpOp::In,
            TokenKind::Keyword(Keyword::Is) => {
                self.mark += 1;
                if self.expect_kw(Keyword::Not)?.is_some() {
                    return Ok(Some(CmpOp::IsNot));
                }
                return Ok(Some(CmpOp::Is));
            }
            _ => return Ok(None),
        };
        self.mark += 1;
        Ok(Some(op))
    }

    /// `bitwise_or` and the left-recursive rules below it (`bitwise_xor`,
    /// `bitwise_and`, `shift_expr`, `sum`, `term`), down to `factor`.
    ///
    /// One loop with explicit stacks (shunting-yard) instead of one method
    /// per precedence level: the same trees and locations as the grammar's
    /// left recursion, without six native frames per nesting level (the
    /// page's stack is small). Each operand keeps the token it started at,
    /// since a `BinOp` spans from its left operand's first token (a `(`,
    /// say) to its right operand's last.
    pub(super) fn bitwise_or(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::BitwiseOr, Self::bitwise_or_uncached)
    }

    fn bitwise_or_uncached(&mut self) -> PResult<Expr> {
        let start = self.mark;
        let Some(first) = self.factor()? else {
            return Ok(None);
        };
        let mut operands: Vec<(Expr, usize)> = vec![(first, start)];
        let mut operators: Vec<(Operator, u8)> = Vec::new();
        let mut links = 0;
        let result = self.binary_chain(&mut operands, &mut operators, &mut links);
        self.unchain(links);
        result?;
        while !operators.is_empty() {
            reduce(self, &mut operands, &mut operators);
        }
        Ok(operands.pop().map(|(e, _)| e))
    }

    /// The loop of [`Parser::bitwise_or`], counting its operators as links.
    fn binary_chain(
        &mut self,
        operands: &mut Vec<(Expr, usize)>,
        operators: &mut Vec<(Operator, u8)>,
        links: &mut u32,
    ) -> Result<(), Box<ParseError>> {
        loop {
            let before = self.mark;
            let Some((op, precedence)) = binary_operator(self.peek()?.kind) else {
                break;
            };
            self.mark += 1;
            self.chain_link()?;
            *links += 1;
            let operand_start = self.mark;
            let Some(right) = self.factor()? else {
                self.mark = before;
                break;
            };
            let after = self.mark;
            // Left associative: reduce what binds at least as tightly,
            // ending where the operator starts.
            self.mark = before;
            while operators.last().is_some_and(|&(_, p)| p >= precedence) {
                reduce(self, operands, operators);
            }
            self.mark = after;
            operators.push((op, precedence));
            operands.push((right, operand_start));
        }
        Ok(())
    }

    /// `factor (memo): '+' factor | '-' factor | '~' factor | power`
    fn factor(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::Factor, |p| {
            let start = p.mark;
            let op = match p.peek()?.kind {
                TokenKind::Op(Op::Plus) => Some(UnaryOp::UAdd),
                TokenKind::Op(Op::Minus) => Some(UnaryOp::USub),
                TokenKind::Op(Op::Tilde) => Some(UnaryOp::Invert),
                _ => None,
            };
            if let Some(op) = op {
                p.mark += 1;
                p.enter()?;
                let operand = p.factor();
                p.leave();
                if let Some(operand) = operand? {
                    let kind = ExprKind::UnaryOp { op, operand };
                    return Ok(Some(Expr::new(kind, p.loc_from(start))));
                }
                p.mark = start;
                return Ok(None);
            }
            p.power()
        })
    }

    /// `power: await_primary '**' factor | await_primary`
    fn power(&mut self) -> PResult<Expr> {
        let start = self.mark;
        let Some(left) = self.await_primary()? else {
            return Ok(None);
        };
        let mark = self.mark;
        if self.expect_op(Op::DoubleStar)?.is_some() {
            if let Some(right) = self.factor()? {
                let kind = ExprKind::BinOp { left, op: Operator::Pow, right };
                return Ok(Some(Expr::new(kind, self.loc_from(start))));
            }
        }
        self.mark = mark;
        Ok(Some(left))
    }

    /// `await_primary (memo): AWAIT primary | primary`
    fn await_primary(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::AwaitPrimary, |p| {
            let start = p.mark;
            if p.expect_kw(Keyword::Await)?.is_some() {
                if let Some(value) = p.primary()? {
                    let kind = ExprKind::Await { value };
                    return Ok(Some(Expr::new(kind, p.loc_from(start))));
                }
                p.mark = start;
                return Ok(None);
            }
            p.primary()
        })
    }

    /// `primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')'
    /// | primary '[' slices ']' | atom`
    fn primary(&mut self) -> PResult<Expr> {
        let start = self.mark;
        let Some(mut e) = self.atom()? else {
            return Ok(None);
        };
        let mut links = 0;
        let result = loop {
            if let Err(error) = self.chain_link() {
                break Err(error);
            }
            links += 1;
            match self.primary_suffix(e, start, false) {
                Ok(Ok(longer)) => e = longer,
                Ok(Err(same)) => break Ok(Some(same)),
                Err(error) => break Err(error),
            }
        };
        self.unchain(links);
        result
    }

    /// One step of the left recursion of `primary` (and, with `target`, of
    /// `t_primary`): `Ok` with the longer expression, or `Err` giving `e`
    /// back. The alternatives come in the grammar's order: `primary` tries
    /// `genexp` before the subscript, `t_primary` after it. In the second
    /// pass, `genexp` is tried at `[` and `{` too: its `invalid_comprehension`
    /// alternative accepts any of the three brackets.
    pub(super) fn primary_suffix(
        &mut self,
        e: Expr,
        start: usize,
        target: bool,
    ) -> Result<Result<Expr, Expr>, Box<ParseError>> {
        let mark = self.mark;
        let t = self.peek()?;
        let bracket = match t.kind {
            TokenKind::Op(Op::Dot) => {
                self.mark += 1;
                if let Some(name) = self.name()? {
                    let kind = ExprKind::Attribute { value: e, attr: name_id(&name), ctx: ExprContext::Load };
                    return Ok(Ok(Expr::new(kind, self.loc_from(start))));
                }
                self.mark = mark;
                return Ok(Err(e));
            }
            TokenKind::Op(op @ (Op::LPar | Op::LSqb | Op::LBrace)) => op,
            _ => return Ok(Err(e)),
        };
        if target && bracket == Op::LSqb {
            if let Some(slice) = self.subscript()? {
                let kind = ExprKind::Subscript { value: e, slice, ctx: ExprContext::Load };
                return Ok(Ok(Expr::new(kind, self.loc_from(start))));
            }
            self.mark = mark;
        }
        if bracket == Op::LPar || self.call_invalid_rules {
            if let Some(genexp) = self.genexp()? {
                let kind = ExprKind::Call { func: e, args: vec![genexp], keywords: Vec::new() };
                return Ok(Ok(Expr::new(kind, self.loc_from(start))));
            }
            self.mark = mark;
        }
        match bracket {
            Op::LPar => {
                self.mark += 1;
                let args = self.optional(Self::arguments)?;
                if self.expect_op(Op::RPar)?.is_some() {
                    let CallArgs { args, keywords } = args.unwrap_or_default();
                    let kind = ExprKind::Call { func: e, args, keywords };
                    return Ok(Ok(Expr::new(kind, self.loc_from(start))));
                }
            }
            Op::LSqb if !target => {
                if let Some(slice) = self.subscript()? {
                    let kind = ExprKind::Subscript { value: e, slice, ctx: ExprContext::Load };
                    return Ok(Ok(Expr::new(kind, self.loc_from(start))));
                }
            }
            _ => {}
        }
        self.mark = mark;
        Ok(Err(e))
    }

    /// `'[' slices ']'`
    fn subscript(&mut self) -> PResult<Expr> {
        let mark = self.mark;
        if self.expect_op(Op::LSqb)?.is_some() {
            if let Some(slice) = self.slices()? {
                if self.expect_op(Op::RSqb)?.is_some() {
                    return Ok(Some(slice));
                }
            }
        }
        self.mark = mark;
        Ok(None)
    }

    /// `slices: slice !',' | ','.(slice | starred_expression)+ [',']`
    pub(super) fn slices(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if let Some(s) = self.slice()? {
            if !self.at_op(Op::Comma)? {
                return Ok(Some(s));
            }
        }
        self.mark = start;
        let Some(elts) = self.comma_separated(|p| {
            let mark = p.mark;
            if let Some(s) = p.slice()? {
                return Ok(Some(s));
            }
            p.mark = mark;
            p.starred_expression()
        })?
        else {
            return Ok(None);
        };
        self.expect_op(Op::Comma)?;
        Ok(Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, self.loc_from(start))))
    }

    /// `slice: [expression] ':' [expression] [':' [expression]] | named_expression`
    fn slice(&mut self) -> PResult<Expr> {
        let start = self.mark;
        let lower = self.optional(Self::expression)?;
        if self.expect_op(Op::Colon)?.is_some() {
            let upper = self.optional(Self::expression)?;
            let mark = self.mark;
            let mut step = None;
            if self.expect_op(Op::Colon)?.is_some() {
                step = self.optional(Self::expression)?;
            } else {
                self.mark = mark;
            }
            let kind = ExprKind::Slice { lower, upper, step };
            return Ok(Some(Expr::new(kind, self.loc_from(start))));
        }
        self.mark = start;
        self.named_expression()
    }

    /// `atom: NAME | 'True' | 'False' | 'None' | &STRING strings | NUMBER |
    /// &'(' (tuple | group | genexp) | &'[' (list | listcomp) |
    /// &'{' (dict | set | dictcomp | setcomp) | '...'`
    pub(super) fn atom(&mut self) -> PResult<Expr> {
        let start = self.mark;
        let t = self.peek()?;
        let constant = |value| Some(ExprKind::Constant { value, kind: None });
        let simple = match t.kind {
            TokenKind::Name => {
                self.mark = start + 1;
                return Ok(Some(self.name_expr(start, &t)));
            }
            TokenKind::Keyword(Keyword::True) => constant(Constant::Bool(true)),
            TokenKind::Keyword(Keyword::False) => constant(Constant::Bool(false)),
            TokenKind::Keyword(Keyword::None) => constant(Constant::None),
            TokenKind::Op(Op::Ellipsis) => constant(Constant::Ellipsis),
            TokenKind::Number => constant(self.number(&t)?),
            TokenKind::String => return self.strings(),
            TokenKind::Op(Op::LPar) => return self.first_of(&[Self::tuple, Self::group, Self::genexp]),
            TokenKind::Op(Op::LSqb) => return self.first_of(&[Self::list, Self::listcomp]),
            TokenKind::Op(Op::LBrace) => return self.first_of(&[Self::dict, Self::set, Self::dictcomp, Self::setcomp]),
            _ => None,
        };
        let Some(kind) = simple else {
            return Ok(None);
        };
        self.mark = start + 1;
        Ok(Some(Expr::new(kind, self.token_loc(&t))))
    }

    /// `(a | b | c)`: the first alternative that matches.
    pub(super) fn first_of(&mut self, alternatives: &[fn(&mut Self) -> PResult<Expr>]) -> PResult<Expr> {
        let start = self.mark;
        for alternative in alternatives {
            if let Some(e) = alternative(self)? {
                return Ok(Some(e));
            }
            self.mark = start;
        }
        Ok(None)
    }

    /// `group: '(' (yield_expr | named_expression) ')' | invalid_group`
    fn group(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(Op::LPar)?.is_some() {
            let after = self.mark;
            let inner = match self.yield_expr()? {
                Some(e) => Some(e),
                None => {
                    self.mark = after;
                    self.named_expression()?
                }
            };
            if let Some(e) = inner {
                if self.expect_op(Op::RPar)?.is_some() {
                    return Ok(Some(e));
                }
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_group()?;
        }
        Ok(None)
    }

    /// `tuple: '(' [star_named_expression ',' [star_named_expressions]] ')'`
    pub(super) fn tuple(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(Op::LPar)?.is_none() {
            return Ok(None);
        }
        let after = self.mark;
        let mut elts = Vec::new();
        match self.star_named_expression()? {
            Some(first) if self.expect_op(Op::Comma)?.is_some() => {
                elts.push(first);
                if let Some(mut rest) = self.optional(Self::star_named_expressions)? {
                    elts.append(&mut rest);
                }
            }
            _ => self.mark = after,
        }
        if self.expect_op(Op::RPar)?.is_none() {
            return Ok(None);
        }
        Ok(Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, self.loc_from(start))))
    }

    /// `list: '[' [star_named_expressions] ']'`
    pub(super) fn list(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(Op::LSqb)?.is_none() {
            return Ok(None);
        }
        let elts = self.optional(Self::star_named_expressions)?.unwrap_or_default();
        if self.expect_op(Op::RSqb)?.is_none() {
            return Ok(None);
        }
        Ok(Some(Expr::new(ExprKind::List { elts, ctx: ExprContext::Load }, self.loc_from(start))))
    }

    /// `set: '{' star_named_expressions '}'`
    fn set(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(Op::LBrace)?.is_none() {
            return Ok(None);
        }
        let Some(elts) = self.star_named_expressions()? else {
            return Ok(None);
        };
        if self.expect_op(Op::RBrace)?.is_none() {
            return Ok(None);
        }
        Ok(Some(Expr::new(ExprKind::Set { elts }, self.loc_from(start))))
    }

    /// `dict: '{' [double_starred_kvpairs] '}' | '{' invalid_double_starred_kvpairs '}'`
    fn dict(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(Op::LBrace)?.is_none() {
            return Ok(None);
        }
        let pairs = self.optional(Self::double_starred_kvpairs)?.unwrap_or_default();
        if self.expect_op(Op::RBrace)?.is_some() {
            let (keys, values) = pairs.into_iter().unzip();
            return Ok(Some(Expr::new(ExprKind::Dict { keys, values }, self.loc_from(start))));
        }
        // `'{' invalid_double_starred_kvpairs '}'`: an invalid rule that
        // does not start its alternative, so pegen tries it in the first
        // pass too.
        self.mark = start + 1;
        self.invalid_double_starred_kvpairs()?;
        self.mark = start;
        Ok(None)
    }

    /// `double_starred_kvpairs: ','.double_starred_kvpair+ [',']`
    fn double_starred_kvpairs(&mut self) -> PResult<Vec<(Option<Expr>, Expr)>> {
        let Some(pairs) = self.comma_separated(Self::double_starred_kvpair)? else {
            return Ok(None);
        };
        self.expect_op(Op::Comma)?;
        Ok(Some(pairs))
    }

    /// `double_starred_kvpair: '**' bitwise_or | kvpair`
    pub(super) fn double_starred_kvpair(&mut self) -> PResult<(Option<Expr>, Expr)> {
        let start = self.mark;
        if self.expect_op(Op::DoubleStar)?.is_some() {
            if let Some(value) = self.bitwise_or()? {
                return Ok(Some((None, value)));
            }
        }
        self.mark = start;
        Ok(self.kvpair()?.map(|(k, v)| (Some(k), v)))
    }

    /// `kvpair: expression ':' expression`
    pub(super) fn kvpair(&mut self) -> PResult<(Expr, Expr)> {
        let start = self.mark;
        if let Some(key) = self.expression()? {
            if self.expect_op(Op::Colon)?.is_some() {
                if let Some(value) = self.expression()? {
                    return Ok(Some((key, value)));
                }
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `for_if_clauses: for_if_clause+`
    pub(super) fn for_if_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut clauses = Vec::new();
        loop {
            let mark = self.mark;
            match self.for_if_clause()? {
                Some(c) => clauses.push(c),
                None => {
                    self.mark = mark;
                    break;
                }
            }
        }
        Ok(if clauses.is_empty() { None } else { Some(clauses) })
    }

    /// `for_if_clause: [ASYNC] 'for' star_targets 'in' ~ disjunction
    /// ('if' disjunction)* | invalid_for_target`
    fn for_if_clause(&mut self) -> PResult<Comprehension> {
        let start = self.mark;
        let is_async = self.expect_kw(Keyword::Async)?.is_some();
        if self.expect_kw(Keyword::For)?.is_some() {
            if let Some(target) = self.star_targets()? {
                if self.expect_kw(Keyword::In)?.is_some() {
                    // The cut: past 'in', a clause or nothing.
                    let Some(iter) = self.disjunction()? else {
                        return Ok(None);
                    };
                    let mut ifs = Vec::new();
                    loop {
                        let mark = self.mark;
                        if self.expect_kw(Keyword::If)?.is_some() {
                            if let Some(cond) = self.disjunction()? {
                                ifs.push(cond);
                                continue;
                            }
                        }
                        self.mark = mark;
                        break;
                    }
                    return Ok(Some(Comprehension { target, iter, ifs, is_async }));
                }
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_for_target()?;
        }
        Ok(None)
    }

    /// `listcomp: '[' named_expression for_if_clauses ']' | invalid_comprehension`
    fn listcomp(&mut self) -> PResult<Expr> {
        self.comprehension(Op::LSqb, Op::RSqb, |elt, generators| ExprKind::ListComp { elt, generators })
    }

    /// `setcomp: '{' named_expression for_if_clauses '}' | invalid_comprehension`
    fn setcomp(&mut self) -> PResult<Expr> {
        self.comprehension(Op::LBrace, Op::RBrace, |elt, generators| ExprKind::SetComp { elt, generators })
    }

    /// `genexp: '(' (assignment_expression | expression !':=') for_if_clauses ')'
    /// | invalid_comprehension`
    pub(super) fn genexp(&mut self) -> PResult<Expr> {
        self.comprehension(Op::LPar, Op::RPar, |elt, generators| ExprKind::GeneratorExp { elt, generators })
    }

    fn comprehension(&mut self, open: Op, close: Op, make: fn(Expr, Vec<Comprehension>) -> ExprKind) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(open)?.is_some() {
            let elt = if open == Op::LPar { self.walrus_or_expression()? } else { self.named_expression()? };
            if let Some(elt) = elt {
                if let Some(generators) = self.for_if_clauses()? {
                    if self.expect_op(close)?.is_some() {
                        return Ok(Some(Expr::new(make(elt, generators), self.loc_from(start))));
                    }
                }
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_comprehension()?;
        }
        Ok(None)
    }

    /// `dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension`
    fn dictcomp(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(Op::LBrace)?.is_some() {
            if let Some((key, value)) = self.kvpair()? {
                if let Some(generators) = self.for_if_clauses()? {
                    if self.expect_op(Op::RBrace)?.is_some() {
                        let kind = ExprKind::DictComp { key, value, generators };
                        return Ok(Some(Expr::new(kind, self.loc_from(start))));
                    }
                }
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_dict_comprehension()?;
        }
        Ok(None)
    }

    /// `lambdef: 'lambda' [lambda_params] ':' expression`
    fn lambdef(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_kw(Keyword::Lambda)?.is_none() {
            return Ok(None);
        }
        let params = self.optional(Self::lambda_params)?;
        if self.expect_op(Op::Colon)?.is_none() {
            return Ok(None);
        }
        let Some(body) = self.expression()? else {
            return Ok(None);
        };
        let kind = ExprKind::Lambda { args: Box::new(params.unwrap_or_default()), body };
        Ok(Some(Expr::new(kind, self.loc_from(start))))
    }

    /// `arguments (memo): args [','] &')' | invalid_arguments`
    pub(super) fn arguments(&mut self) -> PResult<CallArgs> {
        if let Some(m) = self.memo_get(Rule::Arguments) {
            return Ok(match m {
                Memo::Call(c) => Some(c),
                _ => None,
            });
        }
        let start = self.mark;
        let result = self.arguments_uncached()?;
        if result.is_none() {
            self.mark = start;
        }
        let value = match &result {
            Some(c) => Memo::Call(c.clone()),
            None => Memo::Fail,
        };
        self.memo_put(start, Rule::Arguments, value);
        Ok(result)
    }

    fn arguments_uncached(&mut self) -> PResult<CallArgs> {
        let start = self.mark;
        if let Some(args) = self.args()? {
            self.expect_op(Op::Comma)?;
            if self.at_op(Op::RPar)? {
                return Ok(Some(args));
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_arguments()?;
        }
        Ok(None)
    }

    /// `args: ','.(starred_expression | (assignment_expression | expression
    /// !':=') !'=')+ [',' kwargs] | kwargs`
    pub(super) fn args(&mut self) -> PResult<CallArgs> {
        let start = self.mark;
        if let Some(mut positional) = self.comma_separated(Self::positional_argument)? {
            let mark = self.mark;
            let mut keywords = Vec::new();
            if self.expect_op(Op::Comma)?.is_some() {
                match self.kwargs()? {
                    Some(items) => {
                        for item in items {
                            match item {
                                KeywordOrStarred::Starred(e) => positional.push(e),
                                KeywordOrStarred::Keyword(k) => keywords.push(k),
                            }
                        }
                    }
                    None => self.mark = mark,
                }
            }
            return Ok(Some(CallArgs { args: positional, keywords }));
        }
        self.mark = start;
        let Some(items) = self.kwargs()? else {
            return Ok(None);
        };
        let mut call = CallArgs::default();
        for item in items {
            match item {
                KeywordOrStarred::Starred(e) => call.args.push(e),
                KeywordOrStarred::Keyword(k) => call.keywords.push(k),
            }
        }
        Ok(Some(call))
    }

    /// `starred_expression | (assignment_expression | expression !':=') !'='`
    pub(super) fn positional_argument(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if let Some(e) = self.starred_expression()? {
            return Ok(Some(e));
        }
        self.mark = start;
        if let Some(e) = self.walrus_or_expression()? {
            if !self.at_op(Op::Equal)? {
                return Ok(Some(e));
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `kwargs: ','.kwarg_or_starred+ ',' ','.kwarg_or_double_starred+ |
    /// ','.kwarg_or_starred+ | ','.kwarg_or_double_starred+`
    pub(super) fn kwargs(&mut self) -> PResult<Vec<KeywordOrStarred>> {
        let start = self.mark;
        if let Some(mut first) = self.comma_separated(Self::kwarg_or_starred)? {
            let mark = self.mark;
            if self.expect_op(Op::Comma)?.is_some() {
                if let Some(mut second) = self.comma_separated(Self::kwarg_or_double_starred)? {
                    first.append(&mut second);
                    return Ok(Some(first));
                }
            }
            self.mark = mark;
            return Ok(Some(first));
        }
        self.mark = start;
        self.comma_separated(Self::kwarg_or_double_starred)
    }

    /// `starred_expression: '*' expression`
    pub(super) fn starred_expression(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(Op::Star)?.is_none() {
            return Ok(None);
        }
        let Some(value) = self.expression()? else {
            self.mark = start;
            return Ok(None);
        };
        let kind = ExprKind::Starred { value, ctx: ExprContext::Load };
        Ok(Some(Expr::new(kind, self.loc_from(start))))
    }

    /// `kwarg_or_starred: invalid_kwarg | NAME '=' expression | starred_expression`
    fn kwarg_or_starred(&mut self) -> PResult<KeywordOrStarred> {
        let start = self.mark;
        if let Some(k) = self.kwarg()? {
            return Ok(Some(KeywordOrStarred::Keyword(k)));
        }
        self.mark = start;
        Ok(self.starred_expression()?.map(KeywordOrStarred::Starred))
    }

    /// `kwarg_or_double_starred: invalid_kwarg | NAME '=' expression | '**' expression`
    fn kwarg_or_double_starred(&mut self) -> PResult<KeywordOrStarred> {
        let start = self.mark;
        if let Some(k) = self.kwarg()? {
            return Ok(Some(KeywordOrStarred::Keyword(k)));
        }
        self.mark = start;
        if self.expect_op(Op::DoubleStar)?.is_some() {
            if let Some(value) = self.expression()? {
                let k = KeywordArg { arg: None, value, loc: self.loc_from(start) };
                return Ok(Some(KeywordOrStarred::Keyword(k)));
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `invalid_kwarg | NAME '=' expression`
    fn kwarg(&mut self) -> PResult<KeywordArg> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_kwarg()?;
            self.mark = start;
        }
        if let Some(name) = self.name()? {
            if self.expect_op(Op::Equal)?.is_some() {
                if let Some(value) = self.expression()? {
                    return Ok(Some(KeywordArg { arg: Some(name_id(&name)), value, loc: self.loc_from(start) }));
                }
            }
        }
        self.mark = start;
        Ok(None)
    }
}

/// The binary operators of `bitwise_or` down to `term`, with their
/// precedence (higher binds tighter).
fn binary_operator(kind: TokenKind) -> Option<(Operator, u8)> {
    let TokenKind::Op(op) = kind else {
        return None;
    };
    Some(match op {
        Op::VBar => (Operator::BitOr, 1),
        Op::Circumflex => (Operator::BitXor, 2),
        Op::Amper => (Operator::BitAnd, 3),
        Op::LeftShift => (Operator::LShift, 4),
        Op::RightShift => (Operator::RShift, 4),
        Op::Plus => (Operator::Add, 5),
        Op::Minus => (Operator::Sub, 5),
        Op::Star => (Operator::Mult, 6),
        Op::Slash => (Operator::Div, 6),
        Op::DoubleSlash => (Operator::FloorDiv, 6),
        Op::Percent => (Operator::Mod, 6),
        Op::At => (Operator::MatMult, 6),
        _ => return None,
    })
}

/// Replaces the two topmost operands by their `BinOp`, which ends at the
/// parser's position.
fn reduce(p: &Parser<'_>, operands: &mut Vec<(Expr, usize)>, operators: &mut Vec<(Operator, u8)>) {
    let (Some((op, _)), Some((right, _)), Some((left, start))) = (operators.pop(), operands.pop(), operands.pop())
    else {
        return;
    };
    let kind = ExprKind::BinOp { left, op, right };
    operands.push((Expr::new(kind, p.loc_from(start)), start));
}

/// The location of the last item of a comprehension clause
/// (`_PyPegen_get_last_comprehension_item`).
pub(super) fn last_comprehension_item(c: &Comprehension) -> Loc {
    c.ifs.last().map_or(c.iter.loc, |e| e.loc)
}
