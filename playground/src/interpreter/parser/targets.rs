//! Assignment and `del` targets (`Grammar/python.gram`, TARGETS): names,
//! attributes, subscripts, starred targets and tuples or lists of them,
//! built in `Store` (or `Del`) context.

use super::statements::{name_id, set_context};
use super::{PResult, Parser, Rule};
use crate::interpreter::ast::{Expr, ExprContext, ExprKind};
use crate::interpreter::error::ParseError;
use crate::interpreter::tokenizer::{Op, TokenKind};

impl Parser<'_> {
    /// `star_targets: star_target !',' | star_target (',' star_target)* [',']`
    pub(super) fn star_targets(&mut self) -> PResult<Expr> {
        let start = self.mark;
        let Some(first) = self.star_target()? else {
            return Ok(None);
        };
        if !self.at_op(Op::Comma)? {
            return Ok(Some(first));
        }
        let mut elts = vec![first];
        loop {
            let mark = self.mark;
            if self.expect_op(Op::Comma)?.is_none() {
                break;
            }
            match self.star_target()? {
                Some(t) => elts.push(t),
                None => {
                    self.mark = mark;
                    break;
                }
            }
        }
        self.expect_op(Op::Comma)?;
        Ok(Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Store }, self.loc_from(start))))
    }

    /// `star_targets_list_seq: ','.star_target+ [',']`
    fn star_targets_list_seq(&mut self) -> PResult<Vec<Expr>> {
        let Some(items) = self.comma_separated(Self::star_target)? else {
            return Ok(None);
        };
        self.expect_op(Op::Comma)?;
        Ok(Some(items))
    }

    /// `star_targets_tuple_seq: star_target (',' star_target)+ [','] | star_target ','`
    fn star_targets_tuple_seq(&mut self) -> PResult<Vec<Expr>> {
        let start = self.mark;
        let Some(items) = self.comma_separated(Self::star_target)? else {
            return Ok(None);
        };
        let comma = self.expect_op(Op::Comma)?.is_some();
        if items.len() == 1 && !comma {
            self.mark = start;
            return Ok(None);
        }
        Ok(Some(items))
    }

    /// `star_target (memo): '*' (!'*' star_target) | target_with_star_atom`
    pub(super) fn star_target(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::StarTarget, |p| {
            let start = p.mark;
            if p.expect_op(Op::Star)?.is_some() {
                if !p.at_op(Op::Star)? {
                    p.enter()?;
                    let inner = p.star_target();
                    p.leave();
                    if let Some(inner) = inner? {
                        let value = set_context(inner, ExprContext::Store);
                        let kind = ExprKind::Starred { value, ctx: ExprContext::Store };
                        return Ok(Some(Expr::new(kind, p.loc_from(start))));
                    }
                }
                p.mark = start;
                return Ok(None);
            }
            p.target_with_star_atom()
        })
    }

    /// `target_with_star_atom (memo): t_primary '.' NAME !t_lookahead |
    /// t_primary '[' slices ']' !t_lookahead | star_atom`
    fn target_with_star_atom(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::TargetWithStarAtom, |p| {
            let start = p.mark;
            if let Some(t) = p.subscript_attribute_target(ExprContext::Store)? {
                return Ok(Some(t));
            }
            p.mark = start;
            p.star_atom()
        })
    }

    /// `t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead`,
    /// built with `ctx`: `single_subscript_attribute_target` and the first
    /// alternatives of `target_with_star_atom` and `del_target`.
    fn subscript_attribute_target(&mut self, ctx: ExprContext) -> PResult<Expr> {
        let start = self.mark;
        let Some(value) = self.t_primary()? else {
            self.mark = start;
            return Ok(None);
        };
        let after_primary = self.mark;
        if self.expect_op(Op::Dot)?.is_some() {
            if let Some(name) = self.name()? {
                if !self.t_lookahead()? {
                    let kind = ExprKind::Attribute { value, attr: name_id(&name), ctx };
                    return Ok(Some(Expr::new(kind, self.loc_from(start))));
                }
            }
        }
        self.mark = after_primary;
        if self.expect_op(Op::LSqb)?.is_some() {
            if let Some(slice) = self.slices()? {
                if self.expect_op(Op::RSqb)?.is_some() && !self.t_lookahead()? {
                    let kind = ExprKind::Subscript { value, slice, ctx };
                    return Ok(Some(Expr::new(kind, self.loc_from(start))));
                }
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `star_atom: NAME | '(' target_with_star_atom ')' |
    /// '(' [star_targets_tuple_seq] ')' | '[' [star_targets_list_seq] ']'`
    fn star_atom(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if let Some(name) = self.name()? {
            return Ok(Some(set_context(name, ExprContext::Store)));
        }
        if self.expect_op(Op::LPar)?.is_some() {
            if let Some(t) = self.target_with_star_atom()? {
                if self.expect_op(Op::RPar)?.is_some() {
                    return Ok(Some(set_context(t, ExprContext::Store)));
                }
            }
            self.mark = start + 1;
            let elts = self.optional(Self::star_targets_tuple_seq)?.unwrap_or_default();
            if self.expect_op(Op::RPar)?.is_some() {
                return Ok(Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Store }, self.loc_from(start))));
            }
            self.mark = start;
            return Ok(None);
        }
        if self.expect_op(Op::LSqb)?.is_some() {
            let elts = self.optional(Self::star_targets_list_seq)?.unwrap_or_default();
            if self.expect_op(Op::RSqb)?.is_some() {
                return Ok(Some(Expr::new(ExprKind::List { elts, ctx: ExprContext::Store }, self.loc_from(start))));
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `single_target: single_subscript_attribute_target | NAME | '(' single_target ')'`
    pub(super) fn single_target(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if let Some(t) = self.single_subscript_attribute_target()? {
            return Ok(Some(t));
        }
        self.mark = start;
        if let Some(name) = self.name()? {
            return Ok(Some(set_context(name, ExprContext::Store)));
        }
        if self.expect_op(Op::LPar)?.is_some() {
            if let Some(t) = self.single_target()? {
                if self.expect_op(Op::RPar)?.is_some() {
                    return Ok(Some(t));
                }
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `single_subscript_attribute_target`
    pub(super) fn single_subscript_attribute_target(&mut self) -> PResult<Expr> {
        self.subscript_attribute_target(ExprContext::Store)
    }

    /// `t_primary (memo, left-recursive): t_primary '.' NAME &t_lookahead |
    /// t_primary '[' slices ']' &t_lookahead | t_primary genexp &t_lookahead |
    /// t_primary '(' [arguments] ')' &t_lookahead | atom &t_lookahead`
    pub(super) fn t_primary(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::TPrimary, |p| {
            let start = p.mark;
            let Some(e) = p.atom()? else {
                return Ok(None);
            };
            if !p.t_lookahead()? {
                p.mark = start;
                return Ok(None);
            }
            let mut links = 0;
            let result = p.t_primary_chain(e, start, &mut links);
            p.unchain(links);
            result
        })
    }

    /// The left recursion of [`Parser::t_primary`], counting its links.
    fn t_primary_chain(&mut self, e: Expr, start: usize, links: &mut u32) -> PResult<Expr> {
        let p = self;
        let mut e = e;
        {
            loop {
                p.chain_link()?;
                *links += 1;
                let mark = p.mark;
                match p.primary_suffix(e, start, true)? {
                    Ok(longer) => {
                        if p.t_lookahead()? {
                            e = longer;
                        } else {
                            // The longer primary is not followed by a
                            // lookahead: the growth stops at `e`, which
                            // `primary_suffix` consumed into `longer`.
                            p.mark = mark;
                            return Ok(Some(unwrap_suffix(longer)));
                        }
                    }
                    Err(same) => return Ok(Some(same)),
                }
            }
        }
    }

    /// `t_lookahead: '(' | '[' | '.'`
    fn t_lookahead(&mut self) -> Result<bool, Box<ParseError>> {
        Ok(matches!(self.peek()?.kind, TokenKind::Op(Op::LPar | Op::LSqb | Op::Dot)))
    }

    /// `del_targets: ','.del_target+ [',']`
    pub(super) fn del_targets(&mut self) -> PResult<Vec<Expr>> {
        let Some(items) = self.comma_separated(Self::del_target)? else {
            return Ok(None);
        };
        self.expect_op(Op::Comma)?;
        Ok(Some(items))
    }

    /// `del_target (memo): t_primary '.' NAME !t_lookahead |
    /// t_primary '[' slices ']' !t_lookahead | del_t_atom`
    fn del_target(&mut self) -> PResult<Expr> {
        self.memo_expr(Rule::DelTarget, |p| {
            let start = p.mark;
            if let Some(t) = p.subscript_attribute_target(ExprContext::Del)? {
                return Ok(Some(t));
            }
            p.mark = start;
            p.del_t_atom()
        })
    }

    /// `del_t_atom: NAME | '(' del_target ')' | '(' [del_targets] ')' | '[' [del_targets] ']'`
    fn del_t_atom(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if let Some(name) = self.name()? {
            return Ok(Some(set_context(name, ExprContext::Del)));
        }
        if self.expect_op(Op::LPar)?.is_some() {
            if let Some(t) = self.del_target()? {
                if self.expect_op(Op::RPar)?.is_some() {
                    return Ok(Some(set_context(t, ExprContext::Del)));
                }
            }
            self.mark = start + 1;
            let elts = self.optional(Self::del_targets)?.unwrap_or_default();
            if self.expect_op(Op::RPar)?.is_some() {
                return Ok(Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Del }, self.loc_from(start))));
            }
            self.mark = start;
            return Ok(None);
        }
        if self.expect_op(Op::LSqb)?.is_some() {
            let elts = self.optional(Self::del_targets)?.unwrap_or_default();
            if self.expect_op(Op::RSqb)?.is_some() {
                return Ok(Some(Expr::new(ExprKind::List { elts, ctx: ExprContext::Del }, self.loc_from(start))));
            }
        }
        self.mark = start;
        Ok(None)
    }
}

/// The primary a suffix was added to (the growth of `t_primary` stops
/// before a suffix that no lookahead follows).
fn unwrap_suffix(e: Expr) -> Expr {
    let loc = e.loc;
    match e.into_kind() {
        ExprKind::Attribute { value, .. } | ExprKind::Subscript { value, .. } => value,
        ExprKind::Call { func, .. } => func,
        other => Expr::new(other, loc),
    }
}
