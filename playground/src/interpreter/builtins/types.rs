//! The methods of the built-in types: `str`, `list`, `tuple`, `dict`, `set`, `int`, `float`,
//! `range`, `object`, `type`, generators and coroutines, exceptions; dict views; `property`,
//! `staticmethod`, `classmethod` and `super`.

use std::cell::RefCell;
use std::rc::Rc;

use super::super::format::{self, FormatArg};
use super::super::int::Int;
use super::super::names::{sym, Sym};
use super::super::text;
use super::super::value::{DictPart, GenKind, GenState, IterKind, NativeObject, PyDict, Value};
use super::super::vm::{error, type_error, value_error, GenResult, Input, Interp, Unwind, VmResult};
use super::{arity, int_arg, kwarg, method, native_class, native_instance, no_kwargs, str_arg};
use crate::native_any;

pub fn install(interp: &Interp) {
    install_operators(interp);
    install_str(interp);
    install_list(interp);
    install_tuple(interp);
    install_dict(interp);
    install_set(interp);
    install_numbers(interp);
    install_object(interp);
    install_generators(interp);
    install_exceptions(interp);
    install_wrappers(interp);
    super::bytes::install(interp);
}

/// The special methods of the built-in types (`(5).__add__(1)`, `hasattr(x, "__len__")`): each
/// does what the operator does, and `NotImplemented` where the operator has no meaning.
fn install_operators(interp: &Interp) {
    use super::super::code::Compare;
    use super::super::number::BinaryOp;
    macro_rules! binary {
        ($class:expr, $name:literal, $op:expr, $reflected:expr) => {
            method($class, $name, |i, a, _| {
                arity($name, &a[1..], 1, 1)?;
                let (l, r) = if $reflected { (&a[1], &a[0]) } else { (&a[0], &a[1]) };
                match i.binary_op($op, l, r) {
                    Ok(v) => Ok(v),
                    Err(Unwind::Native(e)) if e.kind == "TypeError" => Ok(Value::NotImplemented),
                    Err(e) => Err(e),
                }
            });
        };
    }
    macro_rules! compare {
        ($class:expr, $name:literal, $op:expr) => {
            method($class, $name, |i, a, _| {
                arity($name, &a[1..], 1, 1)?;
                match i.compare($op, &a[0], &a[1]) {
                    Ok(v) => Ok(v),
                    Err(Unwind::Native(e)) if e.kind == "TypeError" => Ok(Value::NotImplemented),
                    Err(e) => Err(e),
                }
            });
        };
    }
    let t = &interp.types;
    for c in [&t.int, &t.float, &t.bool_] {
        binary!(c, "__add__", BinaryOp::Add, false);
        binary!(c, "__radd__", BinaryOp::Add, true);
        binary!(c, "__sub__", BinaryOp::Sub, false);
        binary!(c, "__rsub__", BinaryOp::Sub, true);
        binary!(c, "__mul__", BinaryOp::Mul, false);
        binary!(c, "__rmul__", BinaryOp::Mul, true);
        binary!(c, "__truediv__", BinaryOp::TrueDiv, false);
        binary!(c, "__rtruediv__", BinaryOp::TrueDiv, true);
        binary!(c, "__floordiv__", BinaryOp::FloorDiv, false);
        binary!(c, "__rfloordiv__", BinaryOp::FloorDiv, true);
        binary!(c, "__mod__", BinaryOp::Mod, false);
        binary!(c, "__rmod__", BinaryOp::Mod, true);
        binary!(c, "__pow__", BinaryOp::Pow, false);
        binary!(c, "__rpow__", BinaryOp::Pow, true);
        method(c, "__neg__", |i, a, _| i.unary_negative(&a[0]));
        method(c, "__pos__", |i, a, _| i.unary_positive(&a[0]));
        method(c, "__abs__", |i, a, _| Ok(super::super::vm::from_number(super::number_of(i, &a[0])?.abs())));
        method(c, "__bool__", |i, a, _| Ok(Value::Bool(i.truthy(&a[0])?)));
    }
    for c in [&t.int, &t.bool_] {
        binary!(c, "__and__", BinaryOp::And, false);
        binary!(c, "__or__", BinaryOp::Or, false);
        binary!(c, "__xor__", BinaryOp::Xor, false);
        binary!(c, "__lshift__", BinaryOp::LShift, false);
        binary!(c, "__rshift__", BinaryOp::RShift, false);
        method(c, "__invert__", |i, a, _| i.unary_invert(&a[0]));
    }
    for c in [&t.str_, &t.list, &t.tuple] {
        binary!(c, "__add__", BinaryOp::Add, false);
        binary!(c, "__mul__", BinaryOp::Mul, false);
        binary!(c, "__rmul__", BinaryOp::Mul, true);
        method(c, "__iter__", |i, a, _| i.get_iter(&a[0]));
    }
    binary!(&t.str_, "__mod__", BinaryOp::Mod, false);
    for c in [&t.int, &t.float, &t.bool_, &t.str_, &t.list, &t.tuple, &t.set, &t.frozenset] {
        compare!(c, "__lt__", Compare::Lt);
        compare!(c, "__le__", Compare::Le);
        compare!(c, "__gt__", Compare::Gt);
        compare!(c, "__ge__", Compare::Ge);
    }
    for c in [&t.int, &t.float, &t.bool_, &t.str_, &t.list, &t.tuple, &t.dict, &t.set, &t.frozenset, &t.range] {
        compare!(c, "__eq__", Compare::Eq);
        compare!(c, "__ne__", Compare::Ne);
    }
    for c in [&t.int, &t.float, &t.bool_, &t.str_, &t.tuple, &t.frozenset, &t.range] {
        method(c, "__hash__", |i, a, _| Ok(Value::Int(i.hash(&a[0])?)));
    }
    for c in [&t.int, &t.float, &t.bool_, &t.str_, &t.list, &t.tuple, &t.dict, &t.set, &t.frozenset, &t.range] {
        method(c, "__repr__", |i, a, _| Ok(Value::string(i.repr(&a[0])?)));
        method(c, "__str__", |i, a, _| Ok(Value::string(i.str_of(&a[0])?)));
    }
    for c in [&t.dict, &t.set, &t.frozenset, &t.range] {
        method(c, "__iter__", |i, a, _| i.get_iter(&a[0]));
    }
    for c in [&t.tuple, &t.range] {
        method(c, "__len__", |i, a, _| Ok(Value::Int(super::length(i, &a[0])? as i64)));
        method(c, "__getitem__", |i, a, _| {
            arity("__getitem__", &a[1..], 1, 1)?;
            i.getitem(&a[0], &a[1])
        });
        method(c, "__contains__", |i, a, _| {
            arity("__contains__", &a[1..], 1, 1)?;
            Ok(Value::Bool(i.contains(&a[0], &a[1])?))
        });
    }
}

fn this_str(args: &[Value]) -> &str {
    match args.first() {
        Some(Value::Str(s)) => s.as_str(),
        _ => "",
    }
}

fn opt_index(interp: &Interp, v: Option<&Value>) -> VmResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match super::super::vm::as_index(v) {
            Some(i) => Ok(Some(i)),
            None => Err(type_error(format!(
                "slice indices must be integers or None or have an __index__ method, not {}",
                interp.type_name(v)
            ))),
        },
    }
}

fn fill_char(interp: &Interp, v: Option<&Value>, name: &str) -> VmResult<char> {
    match v {
        None => Ok(' '),
        Some(Value::Str(s)) if s.len_chars() == 1 => Ok(s.as_str().chars().next().unwrap_or(' ')),
        Some(Value::Str(_)) => Err(type_error("The fill character must be exactly one character long")),
        Some(other) => Err(type_error(format!("{name}() argument 2 must be str, not {}", interp.type_name(other)))),
    }
}

fn s(v: String) -> VmResult<Value> {
    Ok(Value::string(v))
}

fn install_str(interp: &Interp) {
    let c = &interp.types.str_;
    macro_rules! simple {
        ($name:literal, $f:expr) => {
            method(c, $name, |_, a, k| {
                no_kwargs(concat!("str.", $name), k)?;
                arity(concat!("str.", $name), &a[1..], 0, 0)?;
                let f: fn(&str) -> Value = $f;
                Ok(f(this_str(a)))
            });
        };
    }
    simple!("upper", |x| Value::string(text::upper(x)));
    simple!("lower", |x| Value::string(text::lower(x)));
    simple!("title", |x| Value::string(text::title(x)));
    simple!("capitalize", |x| Value::string(text::capitalize(x)));
    simple!("swapcase", |x| Value::string(text::swapcase(x)));
    simple!("casefold", |x| Value::string(text::casefold(x)));
    simple!("isdigit", |x| Value::Bool(text::isdigit(x)));
    simple!("isdecimal", |x| Value::Bool(text::isdecimal(x)));
    simple!("isnumeric", |x| Value::Bool(text::isnumeric(x)));
    simple!("isalpha", |x| Value::Bool(text::isalpha(x)));
    simple!("isalnum", |x| Value::Bool(text::isalnum(x)));
    simple!("isspace", |x| Value::Bool(text::isspace(x)));
    simple!("isascii", |x| Value::Bool(text::isascii(x)));
    simple!("isprintable", |x| Value::Bool(text::isprintable(x)));
    simple!("isupper", |x| Value::Bool(text::isupper(x)));
    simple!("islower", |x| Value::Bool(text::islower(x)));
    simple!("istitle", |x| Value::Bool(text::istitle(x)));
    simple!("isidentifier", |x| Value::Bool(text::isidentifier(x)));
    fn chars_arg<'a>(interp: &Interp, a: &'a [Value], name: &str) -> VmResult<Option<&'a str>> {
        arity(name, &a[1..], 0, 1)?;
        match a.get(1) {
            None | Some(Value::None) => Ok(None),
            Some(v) => Ok(Some(str_arg(interp, v, &format!("{name} arg"))?)),
        }
    }
    method(c, "strip", |i, a, k| {
        no_kwargs("str.strip", k)?;
        Ok(Value::str(text::strip(this_str(a), chars_arg(i, a, "strip")?)))
    });
    method(c, "lstrip", |i, a, k| {
        no_kwargs("str.lstrip", k)?;
        Ok(Value::str(text::lstrip(this_str(a), chars_arg(i, a, "lstrip")?)))
    });
    method(c, "rstrip", |i, a, k| {
        no_kwargs("str.rstrip", k)?;
        Ok(Value::str(text::rstrip(this_str(a), chars_arg(i, a, "rstrip")?)))
    });
    fn split_args(interp: &Interp, a: &[Value], k: &[(Sym, Value)], name: &str) -> VmResult<(Option<String>, i64)> {
        arity(name, &a[1..], 0, 2)?;
        let sep = a.get(1).or(kwarg(name, k, &["sep", "maxsplit"], "sep")?);
        let maxsplit = a.get(2).or(kwarg(name, k, &["sep", "maxsplit"], "maxsplit")?);
        let sep = match sep {
            None | Some(Value::None) => None,
            Some(v) => Some(str_arg(interp, v, "must be str or None, not")?.to_string()),
        };
        let maxsplit = match maxsplit {
            None => -1,
            Some(v) => int_arg(interp, v)?,
        };
        Ok((sep, maxsplit))
    }
    method(c, "split", |i, a, k| {
        let (sep, max) = split_args(i, a, k, "split")?;
        let parts = text::split(this_str(a), sep.as_deref(), max)?;
        Ok(Value::list(parts.into_iter().map(Value::string).collect()))
    });
    method(c, "rsplit", |i, a, k| {
        let (sep, max) = split_args(i, a, k, "rsplit")?;
        let parts = text::rsplit(this_str(a), sep.as_deref(), max)?;
        Ok(Value::list(parts.into_iter().map(Value::string).collect()))
    });
    method(c, "splitlines", |i, a, k| {
        let keep = a.get(1).or(kwarg("splitlines", k, &["keepends"], "keepends")?);
        let keep = match keep {
            Some(v) => i.truthy(v)?,
            None => false,
        };
        Ok(Value::list(text::splitlines(this_str(a), keep).into_iter().map(Value::string).collect()))
    });
    method(c, "join", |i, a, k| {
        no_kwargs("str.join", k)?;
        arity("str.join", &a[1..], 1, 1)?;
        let items = i.collect(&a[1])?;
        let mut parts: Vec<&str> = Vec::with_capacity(items.len());
        for (n, item) in items.iter().enumerate() {
            match item {
                Value::Str(x) => parts.push(x.as_str()),
                other => {
                    return Err(type_error(format!(
                        "sequence item {n}: expected str instance, {} found",
                        i.type_name(other)
                    )))
                }
            }
        }
        s(text::join(this_str(a), &parts))
    });
    method(c, "replace", |i, a, k| {
        no_kwargs("str.replace", k)?;
        arity("replace", &a[1..], 2, 3)?;
        let old = str_arg(i, &a[1], "replace() argument 1")?;
        let new = str_arg(i, &a[2], "replace() argument 2")?;
        let count = match a.get(3) {
            Some(v) => int_arg(i, v)?,
            None => -1,
        };
        s(text::replace(this_str(a), old, new, count)?)
    });
    macro_rules! finder {
        ($name:literal, $f:expr) => {
            method(c, $name, |i, a, k| {
                no_kwargs(concat!("str.", $name), k)?;
                arity($name, &a[1..], 1, 3)?;
                let sub = match &a[1] {
                    Value::Str(x) => x.as_str(),
                    other => {
                        return Err(type_error(format!("must be str, not {}", i.type_name(other))));
                    }
                };
                let start = opt_index(i, a.get(2))?;
                let end = opt_index(i, a.get(3))?;
                let f: fn(&str, &str, Option<i64>, Option<i64>) -> VmResult<i64> = $f;
                Ok(Value::Int(f(this_str(a), sub, start, end)?))
            });
        };
    }
    finder!("find", |x, sub, s0, e| Ok(text::find(x, sub, s0, e)));
    finder!("rfind", |x, sub, s0, e| Ok(text::rfind(x, sub, s0, e)));
    finder!("index", |x, sub, s0, e| Ok(text::index(x, sub, s0, e)?));
    finder!("rindex", |x, sub, s0, e| Ok(text::rindex(x, sub, s0, e)?));
    finder!("count", |x, sub, s0, e| Ok(text::count(x, sub, s0, e)));
    fn affixes(interp: &Interp, v: &Value, name: &str) -> VmResult<Vec<String>> {
        match v {
            Value::Str(x) => Ok(vec![x.as_str().to_string()]),
            Value::Tuple(t) => {
                t.0.iter()
                    .map(|x| match x {
                        Value::Str(x) => Ok(x.as_str().to_string()),
                        other => Err(type_error(format!(
                            "tuple for {name} must only contain str, not {}",
                            interp.type_name(other)
                        ))),
                    })
                    .collect()
            }
            other => Err(type_error(format!(
                "{name} first arg must be str or a tuple of str, not {}",
                interp.type_name(other)
            ))),
        }
    }
    method(c, "startswith", |i, a, k| {
        no_kwargs("str.startswith", k)?;
        arity("startswith", &a[1..], 1, 3)?;
        let p = affixes(i, &a[1], "startswith")?;
        let p: Vec<&str> = p.iter().map(String::as_str).collect();
        Ok(Value::Bool(text::startswith(this_str(a), &p, opt_index(i, a.get(2))?, opt_index(i, a.get(3))?)))
    });
    method(c, "endswith", |i, a, k| {
        no_kwargs("str.endswith", k)?;
        arity("endswith", &a[1..], 1, 3)?;
        let p = affixes(i, &a[1], "endswith")?;
        let p: Vec<&str> = p.iter().map(String::as_str).collect();
        Ok(Value::Bool(text::endswith(this_str(a), &p, opt_index(i, a.get(2))?, opt_index(i, a.get(3))?)))
    });
    macro_rules! justify {
        ($name:literal, $f:path) => {
            method(c, $name, |i, a, k| {
                no_kwargs(concat!("str.", $name), k)?;
                arity($name, &a[1..], 1, 2)?;
                let width = int_arg(i, &a[1])?;
                let fill = fill_char(i, a.get(2), $name)?;
                s($f(this_str(a), width, fill)?)
            });
        };
    }
    justify!("center", text::center);
    justify!("ljust", text::ljust);
    justify!("rjust", text::rjust);
    method(c, "zfill", |i, a, k| {
        no_kwargs("str.zfill", k)?;
        arity("zfill", &a[1..], 1, 1)?;
        s(text::zfill(this_str(a), int_arg(i, &a[1])?)?)
    });
    method(c, "partition", |i, a, k| {
        no_kwargs("str.partition", k)?;
        arity("partition", &a[1..], 1, 1)?;
        let (x, y, z) = text::partition(this_str(a), str_arg(i, &a[1], "partition() argument")?)?;
        Ok(Value::tuple(vec![Value::string(x), Value::string(y), Value::string(z)]))
    });
    method(c, "rpartition", |i, a, k| {
        no_kwargs("str.rpartition", k)?;
        arity("rpartition", &a[1..], 1, 1)?;
        let (x, y, z) = text::rpartition(this_str(a), str_arg(i, &a[1], "rpartition() argument")?)?;
        Ok(Value::tuple(vec![Value::string(x), Value::string(y), Value::string(z)]))
    });
    method(c, "expandtabs", |i, a, k| {
        let size = a.get(1).or(kwarg("expandtabs", k, &["tabsize"], "tabsize")?);
        let size = match size {
            Some(v) => int_arg(i, v)?,
            None => 8,
        };
        s(text::expandtabs(this_str(a), size)?)
    });
    method(c, "removeprefix", |i, a, k| {
        no_kwargs("str.removeprefix", k)?;
        arity("removeprefix", &a[1..], 1, 1)?;
        Ok(Value::str(text::removeprefix(this_str(a), str_arg(i, &a[1], "removeprefix() argument")?)))
    });
    method(c, "removesuffix", |i, a, k| {
        no_kwargs("str.removesuffix", k)?;
        arity("removesuffix", &a[1..], 1, 1)?;
        Ok(Value::str(text::removesuffix(this_str(a), str_arg(i, &a[1], "removesuffix() argument")?)))
    });
    method(c, "format", |i, a, k| str_format(i, this_str(a), &a[1..], k));
    method(c, "format_map", |i, a, k| {
        no_kwargs("str.format_map", k)?;
        arity("format_map", &a[1..], 1, 1)?;
        let kw = i.kwargs_of(&a[1])?;
        str_format(i, this_str(a), &[], &kw)
    });
    method(c, "encode", |i, a, k| {
        arity("str.encode", &a[1..], 0, 2)?;
        let encoding = a.get(1).or(kwarg("encode", k, &["encoding", "errors"], "encoding")?);
        let errors = a.get(2).or(kwarg("encode", k, &["encoding", "errors"], "errors")?);
        Ok(Value::bytes(super::bytes::encode(i, this_str(a), encoding, errors)?))
    });
    method(c, "__len__", |i, a, _| Ok(Value::Int(super::length(i, &a[0])? as i64)));
    method(c, "__contains__", |i, a, _| {
        arity("__contains__", &a[1..], 1, 1)?;
        Ok(Value::Bool(i.contains(&a[0], &a[1])?))
    });
    method(c, "__getitem__", |i, a, _| {
        arity("__getitem__", &a[1..], 1, 1)?;
        i.getitem(&a[0], &a[1])
    });
}

/// `template.format(*args, **kwargs)`.
pub fn str_format(interp: &Interp, template: &str, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    if has_lookup(template) {
        if let Some((template, extra)) = resolve_lookups(interp, template, args, kwargs)? {
            let mut all = kwargs.to_vec();
            all.extend(extra);
            return str_format_plain(interp, &template, args, &all);
        }
    }
    str_format_plain(interp, template, args, kwargs)
}

/// Whether a field name of `template` has an attribute or index lookup (`{p.x}`, `{0[1]}`): a
/// '.' or '[' between a field's '{' and its end (the text around fields may hold any).
fn has_lookup(template: &str) -> bool {
    let b = template.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'{', Some(b'{')) => i += 2,
            (b'{', _) => {
                i += 1;
                while i < b.len() && !matches!(b[i], b'}' | b':' | b'!') {
                    if matches!(b[i], b'.' | b'[') {
                        return true;
                    }
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    false
}

/// A template with its fields' lookups done, and the keyword arguments they became.
type Rewritten = (String, Vec<(Sym, Value)>);

/// Field names with attribute and index lookups (`{0[Jack]}`, `{p.x}`, `{[1]}`): each such
/// field is looked up here and becomes a keyword argument of its own, and automatic numbering
/// becomes explicit, so that the value-level formatter sees plain names. `None` when no field
/// has a lookup.
fn resolve_lookups(
    interp: &Interp,
    template: &str,
    args: &[Value],
    kwargs: &[(Sym, Value)],
) -> VmResult<Option<Rewritten>> {
    let c: Vec<char> = template.chars().collect();
    let mut out = String::with_capacity(template.len());
    let mut extra = Vec::new();
    let (mut depth, mut auto, mut manual, mut any_lookup) = (0usize, 0usize, false, false);
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if depth == 0 && (ch == '{' || ch == '}') && c.get(i + 1) == Some(&ch) {
            out.push(ch);
            out.push(ch);
            i += 2;
            continue;
        }
        if ch == '}' {
            depth = depth.saturating_sub(1);
            out.push(ch);
            i += 1;
            continue;
        }
        if ch != '{' {
            out.push(ch);
            i += 1;
            continue;
        }
        // A field: its name runs to '}', ':' or '!' ('[' ... ']' may hold them).
        depth += 1;
        out.push('{');
        i += 1;
        let start = i;
        while i < c.len() && !matches!(c[i], '}' | ':' | '!') {
            if c[i] == '[' {
                while i < c.len() && c[i] != ']' {
                    i += 1;
                }
            }
            i += 1;
        }
        if i >= c.len() {
            return Err(error("ValueError", "expected '}' before end of string"));
        }
        let name: String = c[start..i].iter().collect();
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let first = &name[..first_end];
        let mut value = if first.is_empty() {
            if manual {
                return Err(error(
                    "ValueError",
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            auto += 1;
            match args.get(auto - 1) {
                Some(v) => v.clone(),
                None => {
                    return Err(error(
                        "IndexError",
                        format!("Replacement index {} out of range for positional args tuple", auto - 1),
                    ))
                }
            }
        } else {
            if auto > 0 {
                return Err(error(
                    "ValueError",
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            manual = true;
            if first.bytes().all(|b| b.is_ascii_digit()) {
                let n: usize = first.parse().unwrap_or(usize::MAX);
                match args.get(n) {
                    Some(v) => v.clone(),
                    None => {
                        return Err(error(
                            "IndexError",
                            format!("Replacement index {n} out of range for positional args tuple"),
                        ))
                    }
                }
            } else {
                match kwargs.iter().find(|(k, _)| k.as_str() == first) {
                    Some((_, v)) => v.clone(),
                    None => return Err(Unwind::Raise(interp.new_exception_args("KeyError", vec![Value::str(first)]))),
                }
            }
        };
        if first_end == name.len() {
            // No lookup: the name stays, numbered if it was automatic.
            out.push_str(if first.is_empty() { "" } else { first });
            if first.is_empty() {
                out.push_str(&(auto - 1).to_string());
            }
            continue;
        }
        any_lookup = true;
        let mut rest = &name[first_end..];
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                if end == 0 {
                    return Err(error("ValueError", "Empty attribute in format string"));
                }
                value = interp.getattr(&value, Sym::new(&r[..end]))?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let Some(end) = r.find(']') else {
                    return Err(error("ValueError", "Missing ']' in format string"));
                };
                let key = &r[..end];
                if key.is_empty() {
                    return Err(error("ValueError", "Empty attribute in format string"));
                }
                let key = match key.parse::<i64>() {
                    Ok(n) if key.bytes().all(|b| b.is_ascii_digit()) => Value::Int(n),
                    _ => Value::str(key),
                };
                value = interp.getitem(&value, &key)?;
                rest = &r[end + 1..];
            } else {
                return Err(error("ValueError", "Only '.' or '[' may follow ']' in format field specifier"));
            }
        }
        let synthetic = format!("\u{1}{}", extra.len());
        out.push_str(&synthetic);
        extra.push((Sym::new(&synthetic), value));
    }
    Ok(if any_lookup { Some((out, extra)) } else { None })
}

fn str_format_plain(interp: &Interp, template: &str, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    let ints: Vec<Option<Int>> = args.iter().map(int_of).collect();
    let kw_ints: Vec<Option<Int>> = kwargs.iter().map(|(_, v)| int_of(v)).collect();
    // What a class's own `__format__` raised, handed back as it is once the template is done.
    let raised: RefCell<Option<Unwind>> = RefCell::new(None);
    let custom: Vec<_> =
        args.iter().chain(kwargs.iter().map(|(_, v)| v)).map(|v| custom_format(interp, v, &raised)).collect();
    let mut positional = Vec::with_capacity(args.len());
    for ((v, n), f) in args.iter().zip(&ints).zip(&custom) {
        positional.push(match n {
            Some(n) => FormatArg::Int(n),
            None => format_arg_for(interp, v, f)?,
        });
    }
    let mut keywords = Vec::with_capacity(kwargs.len());
    for (((k, v), n), f) in kwargs.iter().zip(&kw_ints).zip(&custom[args.len()..]) {
        keywords.push((
            k.as_str().to_string(),
            match n {
                Some(n) => FormatArg::Int(n),
                None => format_arg_for(interp, v, f)?,
            },
        ));
    }
    let text = format::str_format(template, &positional, &keywords);
    if let Some(unwind) = raised.take() {
        return Err(unwind);
    }
    Ok(Value::string(text?))
}

type Formatter<'a> = Box<dyn Fn(&str) -> crate::runtime::PyResult<String> + 'a>;

/// A class's own `__format__`, for `str.format` to call with a field's spec.
fn custom_format<'a>(interp: &'a Interp, v: &'a Value, raised: &'a RefCell<Option<Unwind>>) -> Option<Formatter<'a>> {
    match v {
        Value::Instance(i) if i.class.overrides(sym::__format__) => Some(Box::new(move |spec: &str| {
            interp.format(v, spec).map_err(|unwind| {
                *raised.borrow_mut() = Some(unwind);
                crate::runtime::Exception::new("TypeError", "__format__ raised")
            })
        })),
        _ => None,
    }
}

fn int_of(v: &Value) -> Option<Int> {
    match v {
        Value::Int(_) | Value::BigInt(_) => v.as_int(),
        _ => None,
    }
}

/// A value for `format`, with its class's own `__format__` if it has one.
fn format_arg_for<'a>(interp: &Interp, v: &'a Value, custom: &'a Option<Formatter<'a>>) -> VmResult<FormatArg<'a>> {
    let arg = interp.format_arg(v)?;
    Ok(match (arg, custom) {
        (FormatArg::Other { type_name, str, repr, .. }, Some(f)) => {
            FormatArg::Other { type_name, str, repr, format: Some(format::CustomFormat(f.as_ref())) }
        }
        (arg, _) => arg,
    })
}

fn this_list(a: &[Value]) -> VmResult<&Rc<super::super::value::PyList>> {
    match a.first() {
        Some(Value::List(l)) => Ok(l),
        _ => Err(type_error("descriptor requires a 'list' object")),
    }
}

fn install_list(interp: &Interp) {
    let c = &interp.types.list;
    method(c, "append", |_, a, k| {
        no_kwargs("list.append", k)?;
        arity("list.append", &a[1..], 1, 1)?;
        let l = this_list(a)?;
        let mut items = l.0.borrow_mut();
        if items.len() >= super::super::vm::MAX_ITEMS {
            return Err(error("MemoryError", ""));
        }
        items.push(a[1].clone());
        Ok(Value::None)
    });
    method(c, "extend", |i, a, k| {
        no_kwargs("list.extend", k)?;
        arity("list.extend", &a[1..], 1, 1)?;
        let new = i.collect(&a[1])?;
        let l = this_list(a)?;
        let mut items = l.0.borrow_mut();
        super::super::vm::check_len(items.len() + new.len())?;
        items.extend(new);
        Ok(Value::None)
    });
    method(c, "insert", |i, a, k| {
        no_kwargs("list.insert", k)?;
        arity("insert", &a[1..], 2, 2)?;
        let at = int_arg(i, &a[1])?;
        let l = this_list(a)?;
        let mut items = l.0.borrow_mut();
        let len = items.len() as i64;
        let at = if at < 0 { (at + len).max(0) } else { at.min(len) } as usize;
        items.insert(at, a[2].clone());
        Ok(Value::None)
    });
    method(c, "pop", |i, a, k| {
        no_kwargs("list.pop", k)?;
        arity("pop", &a[1..], 0, 1)?;
        let l = this_list(a)?;
        let mut items = l.0.borrow_mut();
        if items.is_empty() {
            return Err(error("IndexError", "pop from empty list"));
        }
        let len = items.len() as i64;
        let at = match a.get(1) {
            Some(v) => int_arg(i, v)?,
            None => -1,
        };
        let j = if at < 0 { at + len } else { at };
        if !(0..len).contains(&j) {
            return Err(error("IndexError", "pop index out of range"));
        }
        Ok(items.remove(j as usize))
    });
    method(c, "remove", |i, a, k| {
        no_kwargs("list.remove", k)?;
        arity("list.remove", &a[1..], 1, 1)?;
        let l = this_list(a)?;
        let items = l.0.borrow().clone();
        for (n, v) in items.iter().enumerate() {
            if i.eq(v, &a[1])? {
                l.0.borrow_mut().remove(n);
                return Ok(Value::None);
            }
        }
        Err(value_error("list.remove(x): x not in list"))
    });
    method(c, "index", |i, a, k| {
        no_kwargs("list.index", k)?;
        arity("index", &a[1..], 1, 3)?;
        let l = this_list(a)?;
        let items = l.0.borrow().clone();
        let len = items.len() as i64;
        let norm = |v: Option<i64>, d: i64| {
            let v = v.unwrap_or(d);
            if v < 0 {
                (v + len).max(0)
            } else {
                v.min(len)
            }
        };
        let start = norm(opt_index(i, a.get(2))?, 0) as usize;
        let end = norm(opt_index(i, a.get(3))?, len) as usize;
        for (n, v) in items.iter().enumerate().take(end).skip(start) {
            if i.eq(v, &a[1])? {
                return Ok(Value::Int(n as i64));
            }
        }
        Err(value_error(format!("{} is not in list", i.repr(&a[1])?)))
    });
    method(c, "count", |i, a, k| {
        no_kwargs("list.count", k)?;
        arity("list.count", &a[1..], 1, 1)?;
        let items = this_list(a)?.0.borrow().clone();
        let mut n = 0;
        for v in &items {
            if i.eq(v, &a[1])? {
                n += 1;
            }
        }
        Ok(Value::Int(n))
    });
    method(c, "clear", |_, a, k| {
        no_kwargs("list.clear", k)?;
        this_list(a)?.0.borrow_mut().clear();
        Ok(Value::None)
    });
    method(c, "copy", |_, a, k| {
        no_kwargs("list.copy", k)?;
        Ok(Value::list(this_list(a)?.0.borrow().clone()))
    });
    method(c, "reverse", |_, a, k| {
        no_kwargs("list.reverse", k)?;
        this_list(a)?.0.borrow_mut().reverse();
        Ok(Value::None)
    });
    method(c, "sort", |i, a, k| {
        arity("sort", &a[1..], 0, 0).map_err(|_| type_error("sort() takes no positional arguments"))?;
        let key = kwarg("sort", k, &["key", "reverse"], "key")?.cloned();
        let reverse = match kwarg("sort", k, &["key", "reverse"], "reverse")? {
            Some(v) => i.truthy(v)?,
            None => false,
        };
        let l = this_list(a)?;
        let items = std::mem::take(&mut *l.0.borrow_mut());
        let sorted = sort_values(i, items, key.as_ref(), reverse);
        match sorted {
            Ok(sorted) => {
                let modified = !l.0.borrow().is_empty();
                *l.0.borrow_mut() = sorted;
                if modified {
                    return Err(value_error("list modified during sort"));
                }
                Ok(Value::None)
            }
            Err(e) => Err(e),
        }
    });
    container_dunders(c);
}

/// `__len__`, `__getitem__`, `__setitem__`, `__delitem__`, `__contains__` of `list` and `dict`,
/// for their subclasses to call (`super().__setitem__(k, v)`).
fn container_dunders(c: &Rc<super::super::value::Class>) {
    method(c, "__len__", |i, a, _| Ok(Value::Int(super::length(i, &a[0])? as i64)));
    method(c, "__getitem__", |i, a, _| {
        arity("__getitem__", &a[1..], 1, 1)?;
        i.getitem(&a[0], &a[1])
    });
    method(c, "__setitem__", |i, a, _| {
        arity("__setitem__", &a[1..], 2, 2)?;
        i.setitem(&a[0], a[1].clone(), a[2].clone())?;
        Ok(Value::None)
    });
    method(c, "__delitem__", |i, a, _| {
        arity("__delitem__", &a[1..], 1, 1)?;
        i.delitem(&a[0], &a[1])?;
        Ok(Value::None)
    });
    method(c, "__contains__", |i, a, _| {
        arity("__contains__", &a[1..], 1, 1)?;
        Ok(Value::Bool(i.contains(&a[0], &a[1])?))
    });
}

/// A stable sort by `<` (as `list.sort`), with a key function and `reverse`.
pub fn sort_values(interp: &Interp, items: Vec<Value>, key: Option<&Value>, reverse: bool) -> VmResult<Vec<Value>> {
    let keys: Vec<Value> = match key {
        Some(k) if !k.is_none() => {
            items.iter().map(|v| interp.call(k, std::slice::from_ref(v), &[])).collect::<VmResult<_>>()?
        }
        _ => items.clone(),
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut buffer = vec![0usize; items.len()];
    let mut less = |a: usize, b: usize| -> VmResult<bool> {
        if reverse {
            interp.less_than(&keys[b], &keys[a])
        } else {
            interp.less_than(&keys[a], &keys[b])
        }
    };
    merge_sort(&mut order, &mut buffer, &mut less)?;
    let mut slots: Vec<Option<Value>> = items.into_iter().map(Some).collect();
    Ok(order.into_iter().map(|i| slots[i].take().unwrap_or_default()).collect())
}

/// A stable merge sort whose comparison may fail: an element from the right half goes first
/// only if it is strictly less.
fn merge_sort(
    v: &mut [usize],
    buf: &mut [usize],
    less: &mut dyn FnMut(usize, usize) -> VmResult<bool>,
) -> VmResult<()> {
    let n = v.len();
    if n <= 1 {
        return Ok(());
    }
    if n <= 8 {
        for i in 1..n {
            let mut j = i;
            while j > 0 && less(v[j], v[j - 1])? {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        return Ok(());
    }
    let mid = n / 2;
    {
        let (left, right) = v.split_at_mut(mid);
        let (bl, br) = buf.split_at_mut(mid);
        merge_sort(left, bl, less)?;
        merge_sort(right, br, less)?;
    }
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if less(v[j], v[i])? {
            buf[k] = v[j];
            j += 1;
        } else {
            buf[k] = v[i];
            i += 1;
        }
        k += 1;
    }
    while i < mid {
        buf[k] = v[i];
        i += 1;
        k += 1;
    }
    while j < n {
        buf[k] = v[j];
        j += 1;
        k += 1;
    }
    v.copy_from_slice(&buf[..n]);
    Ok(())
}

fn install_tuple(interp: &Interp) {
    let c = &interp.types.tuple;
    method(c, "index", |i, a, k| {
        no_kwargs("tuple.index", k)?;
        arity("index", &a[1..], 1, 1)?;
        let Value::Tuple(t) = &a[0] else { return Ok(Value::None) };
        for (n, v) in t.0.iter().enumerate() {
            if i.eq(v, &a[1])? {
                return Ok(Value::Int(n as i64));
            }
        }
        Err(value_error("tuple.index(x): x not in tuple"))
    });
    method(c, "count", |i, a, k| {
        no_kwargs("tuple.count", k)?;
        arity("tuple.count", &a[1..], 1, 1)?;
        let Value::Tuple(t) = &a[0] else { return Ok(Value::None) };
        let mut n = 0;
        for v in t.0.iter() {
            if i.eq(v, &a[1])? {
                n += 1;
            }
        }
        Ok(Value::Int(n))
    });
    let r = &interp.types.range;
    method(r, "index", |i, a, _| {
        arity("index", &a[1..], 1, 1)?;
        let Value::Range(rg) = &a[0] else { return Ok(Value::None) };
        if let (true, Some(x)) = (i.contains(&a[0], &a[1])?, a[1].as_int().and_then(|x| x.as_i64())) {
            return Ok(Value::Int((x - rg.start) / rg.step));
        }
        Err(value_error(format!("{} is not in range", i.repr(&a[1])?)))
    });
    method(r, "count", |i, a, _| {
        arity("count", &a[1..], 1, 1)?;
        Ok(Value::Int(i.contains(&a[0], &a[1])? as i64))
    });
}

/// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
pub struct DictView {
    pub dict: Rc<PyDict>,
    pub part: DictPart,
}

impl NativeObject for DictView {
    native_any!();
    fn len(&self, _: &Interp) -> Option<usize> {
        Some(self.dict.0.borrow().len())
    }
    fn iter(&self, _: &Interp, _: &Value) -> Option<VmResult<Value>> {
        let len = self.dict.0.borrow().len();
        Some(Ok(super::super::vm::new_iter(IterKind::Dict { dict: self.dict.clone(), pos: 0, len, what: self.part })))
    }
    fn contains(&self, interp: &Interp, item: &Value) -> Option<VmResult<bool>> {
        let d = Value::Dict(self.dict.clone());
        Some(match self.part {
            DictPart::Keys => interp.dict_get(&d, item).map(|v| v.is_some()),
            DictPart::Values => {
                let values: Vec<Value> = self.dict.0.borrow().iter().map(|e| e.value.clone()).collect();
                (|| {
                    for v in &values {
                        if interp.eq(v, item)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                })()
            }
            DictPart::Items => (|| {
                let kv = interp.collect(item)?;
                if kv.len() != 2 {
                    return Ok(false);
                }
                match interp.dict_get(&d, &kv[0])? {
                    Some(v) => interp.eq(&v, &kv[1]),
                    None => Ok(false),
                }
            })(),
        })
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<VmResult<String>> {
        let name = match self.part {
            DictPart::Keys => "dict_keys",
            DictPart::Values => "dict_values",
            DictPart::Items => "dict_items",
        };
        let items: Vec<Value> = self
            .dict
            .0
            .borrow()
            .iter()
            .map(|e| match self.part {
                DictPart::Keys => e.key.clone(),
                DictPart::Values => e.value.clone(),
                DictPart::Items => Value::tuple(vec![e.key.clone(), e.value.clone()]),
            })
            .collect();
        Some(interp.repr(&Value::list(items)).map(|r| format!("{name}({r})")))
    }
}

fn this_dict(a: &[Value]) -> VmResult<&Rc<PyDict>> {
    match a.first() {
        Some(Value::Dict(d)) => Ok(d),
        _ => Err(type_error("descriptor requires a 'dict' object")),
    }
}

fn install_dict(interp: &Interp) {
    let c = &interp.types.dict;
    for (name, part) in [("keys", DictPart::Keys), ("values", DictPart::Values), ("items", DictPart::Items)] {
        let class = native_class(interp, &format!("dict_{name}"), "builtins", None);
        let f: super::NativeFn = match part {
            DictPart::Keys => |i, a, _| view(i, a, DictPart::Keys),
            DictPart::Values => |i, a, _| view(i, a, DictPart::Values),
            DictPart::Items => |i, a, _| view(i, a, DictPart::Items),
        };
        let _ = class;
        method(c, name, f);
    }
    fn view(interp: &Interp, a: &[Value], part: DictPart) -> VmResult<Value> {
        let name = match part {
            DictPart::Keys => "dict_keys",
            DictPart::Values => "dict_values",
            DictPart::Items => "dict_items",
        };
        let class = interp.native_class(name).ok_or_else(|| error("SystemError", "dict views are not installed"))?;
        Ok(native_instance(&class, DictView { dict: this_dict(a)?.clone(), part }))
    }
    method(c, "get", |i, a, k| {
        no_kwargs("dict.get", k)?;
        arity("get", &a[1..], 1, 2)?;
        Ok(i.dict_get(&a[0], &a[1])?.unwrap_or_else(|| a.get(2).cloned().unwrap_or_default()))
    });
    method(c, "setdefault", |i, a, k| {
        no_kwargs("dict.setdefault", k)?;
        arity("setdefault", &a[1..], 1, 2)?;
        if let Some(v) = i.dict_get(&a[0], &a[1])? {
            return Ok(v);
        }
        let v = a.get(2).cloned().unwrap_or_default();
        i.dict_set(&a[0], a[1].clone(), v.clone())?;
        Ok(v)
    });
    method(c, "pop", |i, a, k| {
        no_kwargs("dict.pop", k)?;
        arity("pop", &a[1..], 1, 2)?;
        let d = this_dict(a)?;
        let h = i.hash(&a[1])?;
        let removed = d.0.borrow_mut().remove(h, &a[1], &mut |x, y| Ok::<bool, Unwind>(Interp::native_eq(x, y)))?;
        match (removed, a.get(2)) {
            (Some(e), _) => Ok(e.value),
            (None, Some(default)) => Ok(default.clone()),
            (None, None) => Err(Unwind::Raise(i.new_exception_args("KeyError", vec![a[1].clone()]))),
        }
    });
    method(c, "popitem", |_, a, k| {
        no_kwargs("dict.popitem", k)?;
        let d = this_dict(a)?;
        let last = d.0.borrow_mut().pop_last();
        match last {
            Some(e) => Ok(Value::tuple(vec![e.key, e.value])),
            None => Err(error("KeyError", "'popitem(): dictionary is empty'")),
        }
    });
    method(c, "update", |i, a, k| {
        arity("update", &a[1..], 0, 1)?;
        if let Some(other) = a.get(1) {
            i.dict_update(&a[0], other, false)?;
        }
        for (key, v) in k {
            i.dict_set(&a[0], Value::str(key.as_str()), v.clone())?;
        }
        Ok(Value::None)
    });
    method(c, "clear", |_, a, _| {
        this_dict(a)?.0.borrow_mut().clear();
        Ok(Value::None)
    });
    method(c, "copy", |_, a, _| Ok(Value::dict(this_dict(a)?.0.borrow().clone())));
    method(c, "fromkeys", |i, a, _| {
        // Called on the class: `dict.fromkeys(keys, value)`.
        let args = if matches!(a.first(), Some(Value::Class(_))) { &a[1..] } else { a };
        arity("fromkeys", args, 1, 2)?;
        let d = Value::dict(Default::default());
        let v = args.get(1).cloned().unwrap_or_default();
        for key in i.collect(&args[0])? {
            i.dict_set(&d, key, v.clone())?;
        }
        Ok(d)
    });
    container_dunders(c);
}

fn this_set(a: &[Value]) -> VmResult<&Rc<super::super::value::PySet>> {
    match a.first() {
        Some(Value::Set(s)) => Ok(s),
        _ => Err(type_error("descriptor requires a 'set' object")),
    }
}

/// `s.intersection(*others)` (`set_intersection_multi`): a copy of `s` without arguments, else
/// `s` intersected with each in turn.
fn set_intersection_multi(i: &Interp, s: &Rc<super::super::value::PySet>, others: &[Value]) -> VmResult<Value> {
    let Some((first, rest)) = others.split_first() else {
        return Ok(i.set_copy(s));
    };
    let mut acc = i.set_intersect_with(s, first)?;
    for other in rest {
        if let Value::Set(r) = &acc {
            acc = i.set_intersect_with(r, other)?;
        }
    }
    Ok(acc)
}

fn install_set(interp: &Interp) {
    for c in [&interp.types.set, &interp.types.frozenset] {
        method(c, "union", |i, a, k| {
            no_kwargs("set.union", k)?;
            let acc = i.set_copy(this_set(a)?);
            if let Value::Set(r) = &acc {
                for other in &a[1..] {
                    i.set_update_with(r, other)?;
                }
            }
            Ok(acc)
        });
        method(c, "intersection", |i, a, k| {
            no_kwargs("set.intersection", k)?;
            set_intersection_multi(i, this_set(a)?, &a[1..])
        });
        method(c, "difference", |i, a, k| {
            no_kwargs("set.difference", k)?;
            let s = this_set(a)?;
            let acc = match a.get(1) {
                Some(Value::Set(o)) => {
                    i.binary_op(super::super::number::BinaryOp::Sub, &a[0], &Value::Set(o.clone()))?
                }
                _ => i.set_copy(s),
            };
            let first = usize::from(matches!(a.get(1), Some(Value::Set(_))));
            if let Value::Set(r) = &acc {
                for other in &a[1 + first..] {
                    i.set_inplace_with(super::super::number::BinaryOp::Sub, r, other)?;
                }
            }
            Ok(acc)
        });
        method(c, "symmetric_difference", |i, a, k| {
            no_kwargs("set.symmetric_difference", k)?;
            arity("symmetric_difference", &a[1..], 1, 1)?;
            let other = match &a[1] {
                Value::Set(_) => a[1].clone(),
                o => i.new_set(i.collect(o)?, false)?,
            };
            i.binary_op(super::super::number::BinaryOp::Xor, &a[0], &other)
        });
        method(c, "issubset", |i, a, _| {
            arity("issubset", &a[1..], 1, 1)?;
            let other = i.new_set(i.collect(&a[1])?, false)?;
            let r = i.compare(super::super::code::Compare::Le, &a[0], &other)?;
            Ok(r)
        });
        method(c, "issuperset", |i, a, _| {
            arity("issuperset", &a[1..], 1, 1)?;
            let other = i.new_set(i.collect(&a[1])?, false)?;
            i.compare(super::super::code::Compare::Ge, &a[0], &other)
        });
        method(c, "isdisjoint", |i, a, _| {
            arity("isdisjoint", &a[1..], 1, 1)?;
            let s = this_set(a)?;
            for v in i.collect(&a[1])? {
                if i.set_contains(s, &v)? {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(true))
        });
        method(c, "copy", |i, a, _| {
            let s = this_set(a)?;
            Ok(if s.frozen { Value::Set(s.clone()) } else { i.set_copy(s) })
        });
        method(c, "__len__", |i, a, _| Ok(Value::Int(super::length(i, &a[0])? as i64)));
        method(c, "__contains__", |i, a, _| {
            arity("__contains__", &a[1..], 1, 1)?;
            Ok(Value::Bool(i.contains(&a[0], &a[1])?))
        });
    }
    let c = &interp.types.set;
    method(c, "add", |i, a, k| {
        no_kwargs("set.add", k)?;
        arity("set.add", &a[1..], 1, 1)?;
        i.set_add(&a[0], a[1].clone())?;
        Ok(Value::None)
    });
    method(c, "update", |i, a, _| {
        let s = this_set(a)?;
        for other in &a[1..] {
            i.set_update_with(s, other)?;
        }
        Ok(Value::None)
    });
    method(c, "discard", |i, a, _| {
        arity("set.discard", &a[1..], 1, 1)?;
        i.set_discard(this_set(a)?, &a[1])?;
        Ok(Value::None)
    });
    method(c, "remove", |i, a, _| {
        arity("set.remove", &a[1..], 1, 1)?;
        if !i.set_discard(this_set(a)?, &a[1])? {
            return Err(Unwind::Raise(i.new_exception_args("KeyError", vec![a[1].clone()])));
        }
        Ok(Value::None)
    });
    method(c, "pop", |_, a, _| Ok(this_set(a)?.table.borrow_mut().pop()?));
    method(c, "clear", |_, a, _| {
        this_set(a)?.table.borrow_mut().clear();
        Ok(Value::None)
    });
    method(c, "intersection_update", |i, a, _| {
        let s = this_set(a)?;
        let acc = set_intersection_multi(i, s, &a[1..])?;
        if let Value::Set(r) = acc {
            let table = std::mem::take(&mut *r.table.borrow_mut());
            *s.table.borrow_mut() = table;
        }
        Ok(Value::None)
    });
    method(c, "difference_update", |i, a, _| {
        let s = this_set(a)?;
        for other in &a[1..] {
            i.set_inplace_with(super::super::number::BinaryOp::Sub, s, other)?;
        }
        Ok(Value::None)
    });
    method(c, "symmetric_difference_update", |i, a, _| {
        arity("symmetric_difference_update", &a[1..], 1, 1)?;
        i.set_inplace_with(super::super::number::BinaryOp::Xor, this_set(a)?, &a[1])?;
        Ok(Value::None)
    });
}

fn install_numbers(interp: &Interp) {
    let c = &interp.types.int;
    method(c, "bit_length", |_, a, _| Ok(Value::Int(a[0].as_int().unwrap_or(Int::Small(0)).bit_length() as i64)));
    method(c, "bit_count", |_, a, _| {
        let i = a[0].as_int().unwrap_or(Int::Small(0));
        let s = i.abs().magnitude_radix(2);
        Ok(Value::Int(s.chars().filter(|c| *c == '1').count() as i64))
    });
    method(c, "conjugate", |_, a, _| Ok(Value::int(a[0].as_int().unwrap_or(Int::Small(0)))));
    method(c, "as_integer_ratio", |_, a, _| {
        Ok(Value::tuple(vec![Value::int(a[0].as_int().unwrap_or(Int::Small(0))), Value::Int(1)]))
    });
    method(c, "__index__", |_, a, _| Ok(Value::int(a[0].as_int().unwrap_or(Int::Small(0)))));
    method(c, "__int__", |_, a, _| Ok(Value::int(a[0].as_int().unwrap_or(Int::Small(0)))));
    method(c, "__float__", |_, a, _| Ok(Value::Float(a[0].as_int().unwrap_or(Int::Small(0)).to_f64()?)));
    let f = &interp.types.float;
    method(f, "is_integer", |_, a, _| match a[0] {
        Value::Float(x) => Ok(Value::Bool(x.is_finite() && x.fract() == 0.0)),
        _ => Ok(Value::Bool(false)),
    });
    method(f, "conjugate", |_, a, _| Ok(a[0].clone()));
    method(f, "__int__", |_, a, _| match a[0] {
        Value::Float(x) => Ok(Value::int(super::float_to_int(x)?)),
        _ => Ok(Value::Int(0)),
    });
    method(f, "__float__", |_, a, _| Ok(a[0].clone()));
    method(f, "as_integer_ratio", |_, a, _| {
        let Value::Float(x) = a[0] else { return Ok(Value::None) };
        if !x.is_finite() {
            return Err(if x.is_nan() {
                value_error("cannot convert NaN to integer ratio")
            } else {
                error("OverflowError", "cannot convert Infinity to integer ratio")
            });
        }
        if x == 0.0 {
            return Ok(Value::tuple(vec![Value::Int(0), Value::Int(1)]));
        }
        // x = mantissa * 2**exponent, with an integer mantissa.
        let bits = x.to_bits();
        let sign = if bits >> 63 == 1 { -1 } else { 1 };
        let raw_exp = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        let (mut m, mut e) = if raw_exp == 0 { (frac, -1074i64) } else { (frac | (1u64 << 52), raw_exp - 1075) };
        while m % 2 == 0 && e < 0 {
            m /= 2;
            e += 1;
        }
        let m = Int::Small(sign * m as i64);
        Ok(if e >= 0 {
            Value::tuple(vec![Value::int(m.lshift(&Int::Small(e))?), Value::Int(1)])
        } else {
            Value::tuple(vec![Value::int(m), Value::int(Int::Small(1).lshift(&Int::Small(-e))?)])
        })
    });
}

fn install_object(interp: &Interp) {
    let o = &interp.types.object;
    method(o, "__init__", |i, a, k| {
        if a.len() > 1 || !k.is_empty() {
            let _ = i;
            return Err(type_error("object.__init__() takes exactly one argument (the instance to initialize)"));
        }
        Ok(Value::None)
    });
    method(o, "__new__", |i, a, _| match a.first() {
        Some(Value::Class(c)) => Ok(i.new_instance(c, &a[1..])),
        _ => Err(type_error("object.__new__(X): X is not a type object")),
    });
    method(o, "__repr__", |i, a, _| {
        let v = &a[0];
        let class = i.type_of(v);
        let addr = super::super::vm::address_of(v);
        Ok(Value::string(if class.module == "builtins" {
            format!("<{} object at {addr}>", class.qualname)
        } else {
            format!("<{}.{} object at {addr}>", class.module, class.qualname)
        }))
    });
    method(o, "__str__", |i, a, _| Ok(Value::string(i.repr(&a[0])?)));
    method(o, "__format__", |i, a, _| {
        let spec = a.get(1).and_then(|v| v.as_str()).unwrap_or("");
        if !spec.is_empty() {
            return Err(type_error(format!("unsupported format string passed to {}.__format__", i.type_name(&a[0]))));
        }
        Ok(Value::string(i.str_of(&a[0])?))
    });
    method(o, "__eq__", |_, a, _| {
        arity("__eq__", &a[1..], 1, 1)?;
        Ok(if a[0].is(&a[1]) { Value::Bool(true) } else { Value::NotImplemented })
    });
    method(o, "__ne__", |_, a, _| {
        arity("__ne__", &a[1..], 1, 1)?;
        Ok(if a[0].is(&a[1]) { Value::Bool(false) } else { Value::NotImplemented })
    });
    method(o, "__hash__", |_, a, _| Ok(Value::Int((a[0].address() >> 4) as i64)));
    method(o, "__setattr__", |i, a, _| {
        arity("__setattr__", &a[1..], 2, 2)?;
        let name = Sym::new(str_arg(i, &a[1], "attribute name")?);
        match &a[0] {
            Value::Instance(inst) => {
                inst.attrs.borrow_mut().set(name, a[2].clone());
                Ok(Value::None)
            }
            other => i.setattr(other, name, a[2].clone()).map(|_| Value::None),
        }
    });
    method(o, "__delattr__", |i, a, _| {
        arity("__delattr__", &a[1..], 1, 1)?;
        let name = Sym::new(str_arg(i, &a[1], "attribute name")?);
        match &a[0] {
            Value::Instance(inst) => match inst.attrs.borrow_mut().remove(name) {
                Some(_) => Ok(Value::None),
                None => Err(i.attribute_error(&a[0], name)),
            },
            other => i.delattr(other, name).map(|_| Value::None),
        }
    });
    method(o, "__getattribute__", |i, a, _| {
        arity("__getattribute__", &a[1..], 1, 1)?;
        let name = Sym::new(str_arg(i, &a[1], "attribute name")?);
        i.getattr(&a[0], name)
    });
    method(o, "__init_subclass__", |_, _, _| Ok(Value::None));
    let t = &interp.types.type_;
    method(t, "mro", |i, a, _| match a.first() {
        Some(Value::Class(c)) => Ok(Value::list(c.mro_with_self().into_iter().map(Value::Class).collect())),
        _ => {
            let _ = i;
            Err(type_error("descriptor 'mro' requires a 'type' object"))
        }
    });
}

fn install_generators(interp: &Interp) {
    for c in [&interp.types.generator, &interp.types.coroutine] {
        method(c, "send", |i, a, _| {
            arity("send", &a[1..], 1, 1)?;
            let Value::Generator(g) = &a[0] else { return Ok(Value::None) };
            let r = i.resume_generator(g, Input::Send(a[1].clone()));
            i.lp.state.yielded.borrow_mut().take();
            match r? {
                GenResult::Yielded(v) => Ok(v),
                GenResult::Returned(v) => Err(i.stop_iteration(v)),
            }
        });
        method(c, "throw", |i, a, _| {
            arity("throw", &a[1..], 1, 3)?;
            let Value::Generator(g) = &a[0] else { return Ok(Value::None) };
            let exc = match (&a[1], a.get(2)) {
                (Value::Class(_), Some(v)) if !v.is_none() => {
                    if matches!(v, Value::Instance(inst) if inst.is_exception()) {
                        v.clone()
                    } else {
                        i.call(&a[1], std::slice::from_ref(v), &[])?
                    }
                }
                (v, _) => i.make_raisable(v.clone())?,
            };
            let r = i.resume_generator(g, Input::Throw(Unwind::Raise(exc)));
            i.lp.state.yielded.borrow_mut().take();
            match r? {
                GenResult::Yielded(v) => Ok(v),
                GenResult::Returned(v) => Err(i.stop_iteration(v)),
            }
        });
        method(c, "close", |i, a, _| {
            let Value::Generator(g) = &a[0] else { return Ok(Value::None) };
            close_generator(i, g)?;
            Ok(Value::None)
        });
    }
    install_async_generators(interp);
    let g = &interp.types.generator;
    method(g, "__next__", |i, a, _| {
        let Value::Generator(gen) = &a[0] else { return Ok(Value::None) };
        match i.resume_generator(gen, Input::Send(Value::None))? {
            GenResult::Yielded(v) => Ok(v),
            GenResult::Returned(v) => Err(i.stop_iteration(v)),
        }
    });
    method(g, "__iter__", |_, a, _| Ok(a[0].clone()));
    for name in
        ["list_iterator", "tuple_iterator", "range_iterator", "str_ascii_iterator", "enumerate", "zip", "map", "filter"]
    {
        let c = interp.types.iterator(name);
        method(&c, "__next__", |i, a, _| match i.next_of(&a[0])? {
            Some(v) => Ok(v),
            None => Err(i.stop_iteration(Value::None)),
        });
        method(&c, "__iter__", |_, a, _| Ok(a[0].clone()));
    }
}

/// An asynchronous generator's methods: each returns the awaitable that steps it.
fn install_async_generators(interp: &Interp) {
    native_class(interp, "async_generator_asend", "builtins", None);
    let c = &interp.types.async_generator;
    method(c, "__aiter__", |_, a, _| Ok(a[0].clone()));
    method(c, "__anext__", |i, a, _| {
        arity("__anext__", &a[1..], 0, 0)?;
        let Value::Generator(g) = &a[0] else { return Ok(Value::None) };
        Ok(i.async_gen_step(g, Input::Send(Value::None), false))
    });
    method(c, "asend", |i, a, _| {
        arity("asend", &a[1..], 1, 1)?;
        let Value::Generator(g) = &a[0] else { return Ok(Value::None) };
        if g.state.get() == GenState::Created && !a[1].is_none() {
            return Err(type_error("can't send non-None value to a just-started async generator"));
        }
        Ok(i.async_gen_step(g, Input::Send(a[1].clone()), false))
    });
    method(c, "athrow", |i, a, _| {
        arity("athrow", &a[1..], 1, 3)?;
        let Value::Generator(g) = &a[0] else { return Ok(Value::None) };
        let exc = match (&a[1], a.get(2)) {
            (Value::Class(_), Some(v)) if !v.is_none() => i.call(&a[1], std::slice::from_ref(v), &[])?,
            (v, _) => i.make_raisable(v.clone())?,
        };
        Ok(i.async_gen_step(g, Input::Throw(Unwind::Raise(exc)), false))
    });
    method(c, "aclose", |i, a, _| {
        arity("aclose", &a[1..], 0, 0)?;
        let Value::Generator(g) = &a[0] else { return Ok(Value::None) };
        let exit = i.new_exception("GeneratorExit", "");
        Ok(i.async_gen_step(g, Input::Throw(Unwind::Raise(exit)), true))
    });
}

/// `gen.close()`: `GeneratorExit` thrown in; it must not yield again.
pub fn close_generator(interp: &Interp, g: &Rc<super::super::value::Generator>) -> VmResult<()> {
    match g.state.get() {
        GenState::Closed => return Ok(()),
        GenState::Created => {
            g.state.set(GenState::Closed);
            g.frame.borrow_mut().take();
            g.native.borrow_mut().take();
            return Ok(());
        }
        _ => {}
    }
    if g.native.borrow().is_some() {
        g.native.borrow_mut().take();
        g.state.set(GenState::Closed);
        return Ok(());
    }
    let exit = interp.new_exception("GeneratorExit", "");
    match interp.resume_generator(g, Input::Throw(Unwind::Raise(exit))) {
        Ok(GenResult::Yielded(_)) => {
            let what = if g.kind == GenKind::Coroutine { "coroutine" } else { "generator" };
            Err(error("RuntimeError", format!("{what} ignored GeneratorExit")))
        }
        Ok(GenResult::Returned(_)) => Ok(()),
        Err(e) => {
            let exc = interp.exception_value(e);
            if interp.is_instance_of(&exc, "GeneratorExit") || interp.is_instance_of(&exc, "StopIteration") {
                Ok(())
            } else {
                Err(Unwind::Raise(exc))
            }
        }
    }
}

fn install_exceptions(interp: &Interp) {
    let c = interp.exception_class("BaseException");
    method(&c, "__init__", |interp, a, _| {
        if let Some(Value::Instance(i)) = a.first() {
            if let Some(d) = i.exception() {
                let mut attrs = i.attrs.borrow().clone();
                let args = interp.os_error_args(&i.class, &a[1..], &mut attrs);
                if let Some(args) = args {
                    *i.attrs.borrow_mut() = attrs;
                    d.borrow_mut().args = args;
                } else {
                    d.borrow_mut().args = a[1..].to_vec();
                }
            }
        }
        Ok(Value::None)
    });
    method(&c, "__str__", |i, a, _| Ok(Value::string(i.exception_str_base(&a[0])?)));
    method(&c, "__repr__", |i, a, _| Ok(Value::string(i.exception_repr(&a[0])?)));
    method(&c, "with_traceback", |_, a, _| Ok(a[0].clone()));
    method(&c, "add_note", |i, a, _| {
        arity("add_note", &a[1..], 1, 1)?;
        if !matches!(a[1], Value::Str(_)) {
            return Err(type_error(format!("note must be a str, not '{}'", i.type_name(&a[1]))));
        }
        let notes = match i.getattr_opt(&a[0], Sym::new("__notes__"))? {
            Some(n @ Value::List(_)) => n,
            Some(_) => return Err(type_error("Cannot add note: __notes__ is not a list")),
            None => {
                let n = Value::list(Vec::new());
                i.setattr(&a[0], Sym::new("__notes__"), n.clone())?;
                n
            }
        };
        if let Value::List(l) = notes {
            l.0.borrow_mut().push(a[1].clone());
        }
        Ok(Value::None)
    });
}

/// `property`, `staticmethod`, `classmethod`, `super`.
fn install_wrappers(interp: &Interp) {
    use super::super::vm::{PropertyData, WrapperData};
    let property = native_class(interp, "property", "builtins", None);
    method(&property, "__new__", |i, a, k| {
        let allowed = ["fget", "fset", "fdel", "doc"];
        let fget = a.get(1).or(kwarg("property", k, &allowed, "fget")?).cloned().unwrap_or_default();
        let fset = a.get(2).or(kwarg("property", k, &allowed, "fset")?).cloned().unwrap_or_default();
        let class = i.native_class("property").ok_or_else(|| error("SystemError", "property is not installed"))?;
        Ok(native_instance(&class, PropertyData { fget, fset }))
    });
    method(&property, "__init__", |_, _, _| Ok(Value::None));
    method(&property, "setter", |i, a, _| {
        arity("setter", &a[1..], 1, 1)?;
        let Value::Instance(p) = &a[0] else { return Ok(Value::None) };
        let fget = p.native::<PropertyData>().map(|p| p.fget.clone()).unwrap_or_default();
        let class = i.native_class("property").ok_or_else(|| error("SystemError", "property is not installed"))?;
        Ok(native_instance(&class, PropertyData { fget, fset: a[1].clone() }))
    });
    method(&property, "getter", |i, a, _| {
        arity("getter", &a[1..], 1, 1)?;
        let Value::Instance(p) = &a[0] else { return Ok(Value::None) };
        let fset = p.native::<PropertyData>().map(|p| p.fset.clone()).unwrap_or_default();
        let class = i.native_class("property").ok_or_else(|| error("SystemError", "property is not installed"))?;
        Ok(native_instance(&class, PropertyData { fget: a[1].clone(), fset }))
    });
    interp.builtins.set(Sym::new("property"), Value::Class(property));
    for name in ["staticmethod", "classmethod"] {
        let class = native_class(interp, name, "builtins", None);
        method(&class, "__new__", |_i, a, _| {
            arity("staticmethod", &a[1..], 1, 1)?;
            let Some(Value::Class(c)) = a.first() else { return Ok(Value::None) };
            Ok(native_instance(c, WrapperData { func: a[1].clone() }))
        });
        method(&class, "__init__", |_, _, _| Ok(Value::None));
        interp.builtins.set(Sym::new(name), Value::Class(class));
    }
    let sup = native_class(interp, "super", "builtins", None);
    method(&sup, "__new__", |i, a, _| {
        arity("super", &a[1..], 2, 2).map_err(|_| error("RuntimeError", "super(): no arguments"))?;
        i.make_super(Some(a[1].clone()), Some(a[2].clone()))
    });
    method(&sup, "__init__", |_, _, _| Ok(Value::None));
    interp.builtins.set(sym::super_, Value::Class(sup));
}

impl Interp {
    /// `BaseException.__str__`, without a user's override.
    pub fn exception_str_base(&self, v: &Value) -> VmResult<String> {
        let Value::Instance(i) = v else { return self.str_of(v) };
        if let Some(s) = self.os_error_str(i)? {
            return Ok(s);
        }
        let args = i.exception().map(|d| d.borrow().args.clone()).unwrap_or_default();
        Ok(match args.len() {
            0 => String::new(),
            1 => self.str_of(&args[0])?,
            _ => self.repr(&Value::tuple(args))?,
        })
    }
}

crate::opaque_debug!(DictView);
