//! Function and lambda parameters (`Grammar/python.gram`, Function
//! parameters and LAMBDA FUNCTIONS). The two grammars differ only in what
//! ends them (`)` or `:`) and in annotations, so each rule here serves both,
//! told apart by [`Params`].

use super::statements::name_id;
use super::{PResult, Parser};
use crate::interpreter::ast::{Arg, Arguments, Expr};
use crate::interpreter::error::ParseError;
use crate::interpreter::tokenizer::Op;

/// Which parameter list: a `def`'s, ended by `)`, with annotations, or a
/// lambda's, ended by `:`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Params {
    Def,
    Lambda,
}

impl Params {
    fn end(self) -> Op {
        match self {
            Params::Def => Op::RPar,
            Params::Lambda => Op::Colon,
        }
    }
}

/// `SlashWithDefault`: positional-only parameters, some with defaults.
pub(super) type SlashWithDefault = (Vec<Arg>, Vec<(Arg, Expr)>);

/// `StarEtc`: what follows `*`.
#[derive(Default)]
pub(super) struct StarEtc {
    vararg: Option<Arg>,
    kwonlyargs: Vec<(Arg, Option<Expr>)>,
    kwarg: Option<Arg>,
}

impl Parser<'_> {
    /// `params: invalid_parameters | parameters`
    pub(super) fn params(&mut self) -> PResult<Arguments> {
        self.any_params(Params::Def)
    }

    /// `lambda_params: invalid_lambda_parameters | lambda_parameters`
    pub(super) fn lambda_params(&mut self) -> PResult<Arguments> {
        self.any_params(Params::Lambda)
    }

    fn any_params(&mut self, kind: Params) -> PResult<Arguments> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_parameters(kind)?;
            self.mark = start;
        }
        self.parameters(kind)
    }

    /// `parameters`: its five alternatives in order.
    fn parameters(&mut self, kind: Params) -> PResult<Arguments> {
        let start = self.mark;
        // slash_no_default param_no_default* param_with_default* [star_etc]
        if let Some(slash) = self.slash_no_default(kind)? {
            let plain = self.repeat(|p| p.param_no_default(kind))?;
            let with_default = self.repeat(|p| p.param_with_default(kind))?;
            let star = self.optional_star_etc(kind)?;
            return Ok(Some(make_arguments(Some(slash), None, plain, with_default, star)));
        }
        self.mark = start;
        // slash_with_default param_with_default* [star_etc]
        if let Some(slash) = self.slash_with_default(kind)? {
            let with_default = self.repeat(|p| p.param_with_default(kind))?;
            let star = self.optional_star_etc(kind)?;
            return Ok(Some(make_arguments(None, Some(slash), Vec::new(), with_default, star)));
        }
        self.mark = start;
        // param_no_default+ param_with_default* [star_etc]
        let plain = self.repeat(|p| p.param_no_default(kind))?;
        if !plain.is_empty() {
            let with_default = self.repeat(|p| p.param_with_default(kind))?;
            let star = self.optional_star_etc(kind)?;
            return Ok(Some(make_arguments(None, None, plain, with_default, star)));
        }
        self.mark = start;
        // param_with_default+ [star_etc]
        let with_default = self.repeat(|p| p.param_with_default(kind))?;
        if !with_default.is_empty() {
            let star = self.optional_star_etc(kind)?;
            return Ok(Some(make_arguments(None, None, Vec::new(), with_default, star)));
        }
        self.mark = start;
        // star_etc
        let Some(star) = self.star_etc(kind)? else {
            return Ok(None);
        };
        Ok(Some(make_arguments(None, None, Vec::new(), Vec::new(), Some(star))))
    }

    /// `rule*`: as many as match.
    pub(super) fn repeat<T>(
        &mut self,
        mut rule: impl FnMut(&mut Self) -> PResult<T>,
    ) -> Result<Vec<T>, Box<ParseError>> {
        let mut items = Vec::new();
        loop {
            let mark = self.mark;
            match rule(self)? {
                Some(item) => items.push(item),
                None => {
                    self.mark = mark;
                    return Ok(items);
                }
            }
        }
    }

    fn optional_star_etc(&mut self, kind: Params) -> Result<Option<StarEtc>, Box<ParseError>> {
        let mark = self.mark;
        let star = self.star_etc(kind)?;
        if star.is_none() {
            self.mark = mark;
        }
        Ok(star)
    }

    /// `slash_no_default: param_no_default+ '/' ',' | param_no_default+ '/' &')'`
    pub(super) fn slash_no_default(&mut self, kind: Params) -> PResult<Vec<Arg>> {
        let start = self.mark;
        let plain = self.repeat(|p| p.param_no_default(kind))?;
        if !plain.is_empty() && self.slash_end(kind)? {
            return Ok(Some(plain));
        }
        self.mark = start;
        Ok(None)
    }

    /// `slash_with_default: param_no_default* param_with_default+ '/' ','
    /// | ... '/' &')'`
    pub(super) fn slash_with_default(&mut self, kind: Params) -> PResult<SlashWithDefault> {
        let start = self.mark;
        let plain = self.repeat(|p| p.param_no_default(kind))?;
        let with_default = self.repeat(|p| p.param_with_default(kind))?;
        if !with_default.is_empty() && self.slash_end(kind)? {
            return Ok(Some((plain, with_default)));
        }
        self.mark = start;
        Ok(None)
    }

    /// `'/' ','` or `'/' &')'`.
    fn slash_end(&mut self, kind: Params) -> Result<bool, Box<ParseError>> {
        let mark = self.mark;
        if self.expect_op(Op::Slash)?.is_some() && (self.expect_op(Op::Comma)?.is_some() || self.at_op(kind.end())?) {
            return Ok(true);
        }
        self.mark = mark;
        Ok(false)
    }

    /// `star_etc: invalid_star_etc | '*' param_no_default param_maybe_default* [kwds]
    /// | '*' param_no_default_star_annotation param_maybe_default* [kwds]
    /// | '*' ',' param_maybe_default+ [kwds] | kwds`
    fn star_etc(&mut self, kind: Params) -> PResult<StarEtc> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_star_etc(kind)?;
            self.mark = start;
        }
        if self.expect_op(Op::Star)?.is_some() {
            let after_star = self.mark;
            let mut vararg = self.param_no_default(kind)?;
            if vararg.is_none() && kind == Params::Def {
                self.mark = after_star;
                vararg = self.param_no_default_star_annotation()?;
            }
            if let Some(vararg) = vararg {
                let kwonlyargs = self.repeat(|p| p.param_maybe_default(kind))?;
                let kwarg = self.optional_kwds(kind)?;
                return Ok(Some(StarEtc { vararg: Some(vararg), kwonlyargs, kwarg }));
            }
            self.mark = after_star;
            if self.expect_op(Op::Comma)?.is_some() {
                let kwonlyargs = self.repeat(|p| p.param_maybe_default(kind))?;
                if !kwonlyargs.is_empty() {
                    let kwarg = self.optional_kwds(kind)?;
                    return Ok(Some(StarEtc { vararg: None, kwonlyargs, kwarg }));
                }
            }
        }
        self.mark = start;
        let Some(kwarg) = self.kwds(kind)? else {
            return Ok(None);
        };
        Ok(Some(StarEtc { vararg: None, kwonlyargs: Vec::new(), kwarg: Some(kwarg) }))
    }

    fn optional_kwds(&mut self, kind: Params) -> Result<Option<Arg>, Box<ParseError>> {
        let mark = self.mark;
        let kwarg = self.kwds(kind)?;
        if kwarg.is_none() {
            self.mark = mark;
        }
        Ok(kwarg)
    }

    /// `kwds: invalid_kwds | '**' param_no_default`
    fn kwds(&mut self, kind: Params) -> PResult<Arg> {
        let start = self.mark;
        if self.call_invalid_rules {
            self.invalid_kwds(kind)?;
            self.mark = start;
        }
        if self.expect_op(Op::DoubleStar)?.is_none() {
            return Ok(None);
        }
        let arg = self.param_no_default(kind)?;
        if arg.is_none() {
            self.mark = start;
        }
        Ok(arg)
    }

    /// `param_no_default: param ',' | param &')'`
    pub(super) fn param_no_default(&mut self, kind: Params) -> PResult<Arg> {
        let start = self.mark;
        if let Some(arg) = self.param(kind)? {
            if self.param_end(kind)? {
                return Ok(Some(arg));
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `param_no_default_star_annotation: param_star_annotation ',' | ... &')'`
    fn param_no_default_star_annotation(&mut self) -> PResult<Arg> {
        let start = self.mark;
        if let Some(name) = self.name()? {
            if self.expect_op(Op::Colon)?.is_some() {
                if let Some(annotation) = self.star_expression()? {
                    let arg = Arg { arg: name_id(&name), annotation: Some(annotation), loc: self.loc_from(start) };
                    if self.param_end(Params::Def)? {
                        return Ok(Some(arg));
                    }
                }
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `param_with_default: param default ',' | param default &')'`
    pub(super) fn param_with_default(&mut self, kind: Params) -> PResult<(Arg, Expr)> {
        let start = self.mark;
        if let Some(arg) = self.param(kind)? {
            if let Some(default) = self.default()? {
                if self.param_end(kind)? {
                    return Ok(Some((arg, default)));
                }
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `param_maybe_default: param default? ',' | param default? &')'`
    pub(super) fn param_maybe_default(&mut self, kind: Params) -> PResult<(Arg, Option<Expr>)> {
        let start = self.mark;
        if let Some(arg) = self.param(kind)? {
            let default = self.optional(Self::default)?;
            if self.param_end(kind)? {
                return Ok(Some((arg, default)));
            }
        }
        self.mark = start;
        Ok(None)
    }

    /// `','` or `&')'` (`&':'` in a lambda).
    fn param_end(&mut self, kind: Params) -> Result<bool, Box<ParseError>> {
        Ok(self.expect_op(Op::Comma)?.is_some() || self.at_op(kind.end())?)
    }

    /// `param: NAME annotation?` (`lambda_param: NAME`)
    pub(super) fn param(&mut self, kind: Params) -> PResult<Arg> {
        let start = self.mark;
        let Some(name) = self.name()? else {
            return Ok(None);
        };
        let mut annotation = None;
        if kind == Params::Def {
            let mark = self.mark;
            if self.expect_op(Op::Colon)?.is_some() {
                match self.expression()? {
                    Some(a) => annotation = Some(a),
                    None => self.mark = mark,
                }
            }
        }
        Ok(Some(Arg { arg: name_id(&name), annotation, loc: self.loc_from(start) }))
    }

    /// `default: '=' expression | invalid_default`
    pub(super) fn default(&mut self) -> PResult<Expr> {
        let start = self.mark;
        if self.expect_op(Op::Equal)?.is_some() {
            if let Some(e) = self.expression()? {
                return Ok(Some(e));
            }
        }
        self.mark = start;
        if self.call_invalid_rules {
            self.invalid_default()?;
        }
        Ok(None)
    }
}

/// `_PyPegen_make_arguments`.
fn make_arguments(
    slash_without_default: Option<Vec<Arg>>,
    slash_with_default: Option<SlashWithDefault>,
    plain_names: Vec<Arg>,
    names_with_default: Vec<(Arg, Expr)>,
    star_etc: Option<StarEtc>,
) -> Arguments {
    let mut arguments = Arguments::default();
    if let Some(posonly) = slash_without_default {
        arguments.posonlyargs = posonly;
    } else if let Some((plain, with_default)) = slash_with_default {
        arguments.posonlyargs = plain;
        for (arg, default) in with_default {
            arguments.posonlyargs.push(arg);
            arguments.defaults.push(default);
        }
    }
    arguments.args = plain_names;
    for (arg, default) in names_with_default {
        arguments.args.push(arg);
        arguments.defaults.push(default);
    }
    if let Some(star) = star_etc {
        arguments.vararg = star.vararg;
        for (arg, default) in star.kwonlyargs {
            arguments.kwonlyargs.push(arg);
            arguments.kw_defaults.push(default);
        }
        arguments.kwarg = star.kwarg;
    }
    arguments
}
