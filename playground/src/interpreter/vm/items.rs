//! Containers and protocols: subscripts and slices, `in`, iteration (`iter`/`next` for every
//! built-in iterable and for objects with `__iter__`/`__next__`), unpacking, building sets and
//! dicts, `format()`, awaitables, context managers and imports.

use std::cell::RefCell;
use std::rc::Rc;

use super::super::builtins::subclass;
use super::super::dict::DictTable;
use super::super::format::{self, FormatArg, PrintfArgs};
use super::super::int::Int;
use super::super::names::{sym, Sym};
use super::super::set_table::SetTable;
use super::super::text;
use super::super::value::{DictPart, GenKind, GenState, IterKind, PyIter, PySet, Range, Slice, Value};
use super::eval::{GenResult, Input};
use super::ops::{as_index, check_len, number};
use super::{error, type_error, Interp, Unwind, VmResult};

pub fn new_iter(kind: IterKind) -> Value {
    Value::Iter(Rc::new(PyIter { kind: RefCell::new(kind) }))
}

/// The bounds of a slice as `Option<i64>`s.
fn slice_bounds(sl: &Slice) -> VmResult<(Option<i64>, Option<i64>, i64)> {
    let bound = |v: &Value| -> VmResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            other => match as_index(other) {
                Some(i) => Ok(Some(i)),
                None => Err(type_error("slice indices must be integers or None or have an __index__ method")),
            },
        }
    };
    let step = bound(&sl.step)?.unwrap_or(1);
    if step == 0 {
        return Err(super::value_error("slice step cannot be zero"));
    }
    Ok((bound(&sl.start)?, bound(&sl.stop)?, step))
}

/// `items[start:stop:step]` for any sequence of items (`bytes` slices its bytes).
pub fn slice_items<T: Clone>(items: &[T], sl: &Slice) -> VmResult<Vec<T>> {
    slice_of(items, sl)
}

fn slice_of<T: Clone>(items: &[T], sl: &Slice) -> VmResult<Vec<T>> {
    let (start, stop, step) = slice_bounds(sl)?;
    Ok(text::slice_indices(items.len(), start, stop, step).map(|i| items[i].clone()).collect())
}

/// Index `i` of a sequence of `len` items, negative from the end.
fn index_in(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    if (0..len as i64).contains(&j) {
        Some(j as usize)
    } else {
        None
    }
}

impl Interp {
    /// `obj[key]`.
    pub fn getitem(&self, obj: &Value, key: &Value) -> VmResult<Value> {
        if let Value::Instance(i) = obj {
            if !i.class.overrides(sym::__getitem__) {
                if let Some(v) = subclass::missing(self, i, obj, key)? {
                    return Ok(v);
                }
            }
        }
        let obj = subclass::operand(obj, sym::__getitem__);
        match (obj, key) {
            (Value::List(l), Value::Slice(sl)) => self.new_list(slice_of(&l.0.borrow(), sl)?),
            (Value::List(l), k) => match as_index(k) {
                Some(i) => {
                    let items = l.0.borrow();
                    match index_in(i, items.len()) {
                        Some(j) => Ok(items[j].clone()),
                        None => Err(error("IndexError", "list index out of range")),
                    }
                }
                None => Err(type_error(format!("list indices must be integers or slices, not {}", self.type_name(k)))),
            },
            (Value::Tuple(t), Value::Slice(sl)) => Ok(Value::tuple(slice_of(&t.0, sl)?)),
            (Value::Tuple(t), k) => match as_index(k) {
                Some(i) => match index_in(i, t.0.len()) {
                    Some(j) => Ok(t.0[j].clone()),
                    None => Err(error("IndexError", "tuple index out of range")),
                },
                None => Err(type_error(format!("tuple indices must be integers or slices, not {}", self.type_name(k)))),
            },
            (Value::Bytes(b), k) => super::super::builtins::bytes::getitem(self, b, k),
            (Value::Str(s), Value::Slice(sl)) => {
                let (start, stop, step) = slice_bounds(sl)?;
                Ok(Value::string(text::slice(s.as_str(), start, stop, Some(step))?))
            }
            (Value::Str(s), k) => match as_index(k) {
                Some(i) => {
                    if s.is_ascii() {
                        return match index_in(i, s.as_str().len()) {
                            Some(j) => Ok(Value::str(&s.as_str()[j..j + 1])),
                            None => Err(error("IndexError", "string index out of range")),
                        };
                    }
                    Ok(Value::string(text::get_item(s.as_str(), i)?))
                }
                None => Err(type_error(format!("string indices must be integers, not '{}'", self.type_name(k)))),
            },
            (Value::Dict(_), k) => match self.dict_get(obj, k)? {
                Some(v) => Ok(v),
                None => Err(Unwind::Raise(self.new_exception_args("KeyError", vec![k.clone()]))),
            },
            (Value::Range(r), Value::Slice(sl)) => {
                let (start, stop, step) = slice_bounds(sl)?;
                let idx: Vec<usize> = text::slice_indices(r.len() as usize, start, stop, step).collect();
                let new_step = r.step * step;
                let new_start = idx.first().map_or(r.start, |&i| r.get(i as u64));
                let new_stop = match idx.last() {
                    Some(&i) => r.get(i as u64) + new_step,
                    None => new_start,
                };
                Ok(Value::Range(Rc::new(Range { start: new_start, stop: new_stop, step: new_step })))
            }
            (Value::Range(r), k) => match as_index(k) {
                Some(i) => match index_in(i, r.len() as usize) {
                    Some(j) => Ok(Value::Int(r.get(j as u64))),
                    None => Err(error("IndexError", "range object index out of range")),
                },
                None => Err(type_error(format!("range indices must be integers or slices, not {}", self.type_name(k)))),
            },
            (Value::Class(c), _) => {
                // `list[int]`: a `types.GenericAlias`; a class of the program's with
                // `__class_getitem__` calls it (implicitly a class method).
                if let Some(f) = c.lookup(Sym::new("__class_getitem__")) {
                    let f = match &f {
                        Value::Instance(i) => {
                            i.native::<super::object::WrapperData>().map_or(f.clone(), |w| w.func.clone())
                        }
                        _ => f,
                    };
                    return self.call(&f, &[obj.clone(), key.clone()], &[]);
                }
                const GENERIC: &[&str] = &[
                    "list",
                    "dict",
                    "tuple",
                    "set",
                    "frozenset",
                    "type",
                    "deque",
                    "defaultdict",
                    "OrderedDict",
                    "Counter",
                    "Future",
                    "Task",
                    "partial",
                    "enumerate",
                    "zip",
                    "map",
                    "filter",
                    "reversed",
                ];
                match self.module_attr(&self.builtins, Sym::new("_GenericAlias"))? {
                    Some(alias) if !c.is_user() && GENERIC.contains(&c.name) => {
                        self.call(&alias, &[obj.clone(), key.clone()], &[])
                    }
                    _ => Err(self.not_subscriptable(obj)),
                }
            }
            (Value::Instance(_), _) => {
                if let Some(v) = super::super::builtins::native_getitem(self, obj, key)? {
                    return Ok(v);
                }
                match self.dunder(obj, sym::__getitem__) {
                    Some(m) => self.call(&m, std::slice::from_ref(key), &[]),
                    None => Err(self.not_subscriptable(obj)),
                }
            }
            _ => Err(self.not_subscriptable(obj)),
        }
    }

    fn not_subscriptable(&self, obj: &Value) -> Unwind {
        type_error(format!("'{}' object is not subscriptable", self.type_name(obj)))
    }

    /// `obj[key] = value`.
    pub fn setitem(&self, obj: &Value, key: Value, value: Value) -> VmResult<()> {
        let obj = subclass::operand(obj, sym::__setitem__);
        match (obj, &key) {
            (Value::List(l), Value::Slice(sl)) => {
                let new_items = self.collect(&value)?;
                let mut items = l.0.borrow_mut();
                let (start, stop, step) = slice_bounds(sl)?;
                let idx: Vec<usize> = text::slice_indices(items.len(), start, stop, step).collect();
                if step == 1 {
                    let len = items.len() as i64;
                    let norm = |i: Option<i64>, default: i64| -> usize {
                        let i = i.unwrap_or(default);
                        let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
                        i as usize
                    };
                    let a = norm(start, 0);
                    let b = norm(stop, len).max(a);
                    check_len(items.len() - (b - a) + new_items.len())?;
                    items.splice(a..b, new_items);
                } else {
                    if idx.len() != new_items.len() {
                        return Err(super::value_error(format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            new_items.len(),
                            idx.len()
                        )));
                    }
                    for (i, v) in idx.into_iter().zip(new_items) {
                        items[i] = v;
                    }
                }
                Ok(())
            }
            (Value::List(l), k) => match as_index(k) {
                Some(i) => {
                    let mut items = l.0.borrow_mut();
                    match index_in(i, items.len()) {
                        Some(j) => {
                            items[j] = value;
                            Ok(())
                        }
                        None => Err(error("IndexError", "list assignment index out of range")),
                    }
                }
                None => Err(type_error(format!("list indices must be integers or slices, not {}", self.type_name(k)))),
            },
            (Value::Dict(_), _) => self.dict_set(obj, key, value),
            (Value::Instance(_), _) => {
                if super::super::builtins::native_setitem(self, obj, &key, &value)? {
                    return Ok(());
                }
                match self.dunder(obj, sym::__setitem__) {
                    Some(m) => self.call(&m, &[key, value], &[]).map(|_| ()),
                    None => {
                        Err(type_error(format!("'{}' object does not support item assignment", self.type_name(obj))))
                    }
                }
            }
            _ => Err(type_error(format!("'{}' object does not support item assignment", self.type_name(obj)))),
        }
    }

    /// `del obj[key]`.
    pub fn delitem(&self, obj: &Value, key: &Value) -> VmResult<()> {
        let obj = subclass::operand(obj, sym::__delitem__);
        match (obj, key) {
            (Value::List(l), Value::Slice(sl)) => {
                let mut items = l.0.borrow_mut();
                let (start, stop, step) = slice_bounds(sl)?;
                let mut idx: Vec<usize> = text::slice_indices(items.len(), start, stop, step).collect();
                idx.sort_unstable();
                for i in idx.into_iter().rev() {
                    items.remove(i);
                }
                Ok(())
            }
            (Value::List(l), k) => match as_index(k) {
                Some(i) => {
                    let mut items = l.0.borrow_mut();
                    match index_in(i, items.len()) {
                        Some(j) => {
                            items.remove(j);
                            Ok(())
                        }
                        None => Err(error("IndexError", "list assignment index out of range")),
                    }
                }
                None => Err(type_error(format!("list indices must be integers or slices, not {}", self.type_name(k)))),
            },
            (Value::Dict(d), k) => {
                let hash = self.hash(k)?;
                let removed =
                    d.0.borrow_mut().remove(hash, k, &mut |a, b| Ok::<bool, Unwind>(Interp::native_eq(a, b)))?;
                match removed {
                    Some(_) => Ok(()),
                    None => Err(Unwind::Raise(self.new_exception_args("KeyError", vec![k.clone()]))),
                }
            }
            (Value::Instance(_), _) => match self.dunder(obj, sym::__delitem__) {
                Some(m) => self.call(&m, std::slice::from_ref(key), &[]).map(|_| ()),
                None => Err(type_error(format!("'{}' object doesn't support item deletion", self.type_name(obj)))),
            },
            _ => Err(type_error(format!("'{}' object doesn't support item deletion", self.type_name(obj)))),
        }
    }

    /// `item in container`.
    pub fn contains(&self, container: &Value, item: &Value) -> VmResult<bool> {
        let container = subclass::operand(container, sym::__contains__);
        match container {
            Value::Bytes(b) => super::super::builtins::bytes::contains(self, b, item),
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.as_str().contains(sub.as_str())),
                other => Err(type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    self.type_name(other)
                ))),
            },
            Value::List(l) => {
                let items = l.0.borrow().clone();
                for v in &items {
                    if self.eq(v, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Tuple(t) => {
                for v in t.0.iter() {
                    if self.eq(v, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Dict(_) => Ok(self.dict_get(container, item)?.is_some()),
            Value::Set(s) => self.set_contains(s, item),
            Value::Range(r) => Ok(match as_index(item) {
                Some(i) if matches!(item, Value::Int(_) | Value::Bool(_)) => {
                    let (lo, hi) = if r.step > 0 { (r.start, r.stop) } else { (r.stop + 1, r.start + 1) };
                    i >= lo && i < hi && (i - r.start) % r.step == 0
                }
                _ => {
                    let items = self.collect(container)?;
                    let mut found = false;
                    for v in &items {
                        if self.eq(v, item)? {
                            found = true;
                            break;
                        }
                    }
                    found
                }
            }),
            Value::Instance(_) => {
                if let Some(found) = super::super::builtins::native_contains(self, container, item)? {
                    return Ok(found);
                }
                if let Some(m) = self.dunder(container, sym::__contains__) {
                    let r = self.call(&m, std::slice::from_ref(item), &[])?;
                    return self.truthy(&r);
                }
                self.contains_by_iteration(container, item)
            }
            Value::Iter(_) | Value::Generator(_) => self.contains_by_iteration(container, item),
            _ => Err(type_error(format!("argument of type '{}' is not iterable", self.type_name(container)))),
        }
    }

    fn contains_by_iteration(&self, container: &Value, item: &Value) -> VmResult<bool> {
        let it = self.get_iter(container)?;
        while let Some(v) = self.next_of(&it)? {
            if self.eq(&v, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `iter(v)`.
    pub fn get_iter(&self, v: &Value) -> VmResult<Value> {
        let v = subclass::operand(v, sym::__iter__);
        Ok(match v {
            Value::List(l) => new_iter(IterKind::List { list: l.clone(), index: 0 }),
            Value::Tuple(t) => new_iter(IterKind::Tuple { tuple: t.clone(), index: 0 }),
            Value::Str(s) => new_iter(IterKind::Str { s: s.clone(), byte: 0 }),
            Value::Bytes(b) => super::super::builtins::bytes::iter(b),
            Value::Range(r) => new_iter(IterKind::Range { next: r.start, step: r.step, left: r.len() }),
            Value::Dict(d) => {
                let len = d.0.borrow().len();
                new_iter(IterKind::Dict { dict: d.clone(), pos: 0, len, what: DictPart::Keys })
            }
            Value::Set(s) => {
                let items: Vec<Value> = s.table.borrow().iter().cloned().collect();
                new_iter(IterKind::Set { set: s.clone(), items, index: 0 })
            }
            Value::Iter(_) => v.clone(),
            Value::Generator(g) => {
                if g.kind != GenKind::Generator {
                    return Err(type_error(format!("'{}' object is not iterable", g.kind.noun())));
                }
                v.clone()
            }
            Value::Instance(_) => {
                if let Some(it) = super::super::builtins::native_iter(self, v)? {
                    return Ok(it);
                }
                if let Some(m) = self.dunder(v, sym::__iter__) {
                    let it = self.call(&m, &[], &[])?;
                    let is_iterator = match &it {
                        Value::Iter(_) | Value::Generator(_) => true,
                        Value::Instance(i) => i.class.lookup(sym::__next__).is_some(),
                        _ => false,
                    };
                    if !is_iterator {
                        return Err(type_error(format!(
                            "iter() returned non-iterator of type '{}'",
                            self.type_name(&it)
                        )));
                    }
                    return Ok(it);
                }
                if self.dunder(v, sym::__getitem__).is_some() {
                    return Ok(new_iter(IterKind::Sequence { obj: v.clone(), index: 0 }));
                }
                return Err(self.not_iterable(v));
            }
            _ => return Err(self.not_iterable(v)),
        })
    }

    pub fn not_iterable(&self, v: &Value) -> Unwind {
        type_error(format!("'{}' object is not iterable", self.type_name(v)))
    }

    /// The next item of a native iterator, `None` when exhausted.
    pub fn iter_next(&self, it: &Rc<PyIter>) -> VmResult<Option<Value>> {
        let mut kind = it.kind.borrow_mut();
        let next = match &mut *kind {
            IterKind::List { list, index } => {
                let items = list.0.borrow();
                let v = items.get(*index).cloned();
                *index += 1;
                v
            }
            IterKind::ListReverse { list, index } => {
                let items = list.0.borrow();
                if *index == 0 || *index > items.len() {
                    *index = 0;
                    None
                } else {
                    *index -= 1;
                    items.get(*index).cloned()
                }
            }
            IterKind::Tuple { tuple, index } => {
                let v = tuple.0.get(*index).cloned();
                *index += 1;
                v
            }
            IterKind::Str { s, byte } => {
                let rest = &s.as_str()[*byte..];
                match rest.chars().next() {
                    Some(c) => {
                        *byte += c.len_utf8();
                        let mut buf = [0u8; 4];
                        Some(Value::str(c.encode_utf8(&mut buf)))
                    }
                    None => None,
                }
            }
            IterKind::Range { next, step, left } => {
                if *left == 0 {
                    None
                } else {
                    let v = *next;
                    *left -= 1;
                    *next = next.wrapping_add(*step);
                    Some(Value::Int(v))
                }
            }
            IterKind::Dict { dict, pos, len, what } => {
                let table = dict.0.borrow();
                if table.len() != *len {
                    *len = usize::MAX;
                    return Err(error("RuntimeError", "dictionary changed size during iteration"));
                }
                match table.entry_from(*pos) {
                    Some((p, e)) => {
                        *pos = p;
                        Some(match what {
                            DictPart::Keys => e.key.clone(),
                            DictPart::Values => e.value.clone(),
                            DictPart::Items => Value::tuple(vec![e.key.clone(), e.value.clone()]),
                        })
                    }
                    None => None,
                }
            }
            IterKind::Set { set, items, index } => {
                if set.table.borrow().len() != items.len() && *index < items.len() {
                    *index = usize::MAX;
                    return Err(error("RuntimeError", "Set changed size during iteration"));
                }
                let v = items.get(*index).cloned();
                *index = index.saturating_add(1);
                v
            }
            IterKind::Values { items, index, .. } => {
                let v = items.get(*index).cloned();
                *index += 1;
                v
            }
            IterKind::Done { .. } => None,
            _ => {
                // Iterators over other iterators may run Python code: no borrow held.
                drop(kind);
                return self.wrapped_next(it);
            }
        };
        Ok(next)
    }

    /// `next()` of `enumerate`, `zip`, `map`, `filter` and the like.
    fn wrapped_next(&self, it: &Rc<PyIter>) -> VmResult<Option<Value>> {
        let kind = std::mem::replace(&mut *it.kind.borrow_mut(), IterKind::Done { type_name: "iterator" });
        let type_name = kind.type_name();
        let (result, kind) = match kind {
            IterKind::Enumerate { inner, count } => match self.next_of(&inner) {
                Ok(Some(v)) => {
                    let n = count.add(&Int::Small(1));
                    (Ok(Some(Value::tuple(vec![Value::int(count), v]))), IterKind::Enumerate { inner, count: n })
                }
                Ok(None) => (Ok(None), IterKind::Done { type_name }),
                Err(e) => (Err(e), IterKind::Enumerate { inner, count }),
            },
            IterKind::Zip { inners, strict } => {
                let mut items = Vec::with_capacity(inners.len());
                let mut result = Ok(None);
                let mut done = false;
                for (i, inner) in inners.iter().enumerate() {
                    match self.next_of(inner) {
                        Ok(Some(v)) => items.push(v),
                        Ok(None) => {
                            done = true;
                            if strict && (i > 0 || self.any_left(&inners[1..])?) {
                                let which = if i > 0 {
                                    format!(
                                        "zip() argument {} is shorter than argument{} 1{}",
                                        i + 1,
                                        if i > 1 { "s" } else { "" },
                                        if i > 1 { format!("-{i}") } else { String::new() }
                                    )
                                } else {
                                    "zip() argument 2 is longer than argument 1".to_string()
                                };
                                result = Err(super::value_error(which));
                            }
                            break;
                        }
                        Err(e) => {
                            result = Err(e);
                            done = true;
                            break;
                        }
                    }
                }
                if done {
                    (result, IterKind::Done { type_name })
                } else {
                    (Ok(Some(Value::tuple(items))), IterKind::Zip { inners, strict })
                }
            }
            IterKind::Map { func, inners } => {
                let mut args = Vec::with_capacity(inners.len());
                let mut finished = false;
                let mut failure = None;
                for inner in &inners {
                    match self.next_of(inner) {
                        Ok(Some(v)) => args.push(v),
                        Ok(None) => {
                            finished = true;
                            break;
                        }
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
                if let Some(e) = failure {
                    (Err(e), IterKind::Map { func, inners })
                } else if finished {
                    (Ok(None), IterKind::Done { type_name })
                } else {
                    let r = self.call(&func, &args, &[]).map(Some);
                    (r, IterKind::Map { func, inners })
                }
            }
            IterKind::Filter { func, inner } => {
                let mut out = Ok(None);
                let mut finished = true;
                loop {
                    match self.next_of(&inner) {
                        Ok(Some(v)) => {
                            let keep = if func.is_none() {
                                self.truthy(&v)
                            } else {
                                self.call(&func, std::slice::from_ref(&v), &[]).and_then(|r| self.truthy(&r))
                            };
                            match keep {
                                Ok(true) => {
                                    out = Ok(Some(v));
                                    finished = false;
                                    break;
                                }
                                Ok(false) => {}
                                Err(e) => {
                                    out = Err(e);
                                    finished = false;
                                    break;
                                }
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            out = Err(e);
                            finished = false;
                            break;
                        }
                    }
                }
                if finished {
                    (out, IterKind::Done { type_name })
                } else {
                    (out, IterKind::Filter { func, inner })
                }
            }
            IterKind::Callable { func, sentinel } => match self.call(&func, &[], &[]) {
                Ok(v) => {
                    if self.eq(&v, &sentinel)? {
                        (Ok(None), IterKind::Done { type_name })
                    } else {
                        (Ok(Some(v)), IterKind::Callable { func, sentinel })
                    }
                }
                Err(e) => (Err(e), IterKind::Callable { func, sentinel }),
            },
            IterKind::Sequence { obj, index } => match self.getitem(&obj, &Value::Int(index)) {
                Ok(v) => (Ok(Some(v)), IterKind::Sequence { obj, index: index + 1 }),
                Err(e) => {
                    let exc = self.exception_value(e);
                    if self.is_instance_of(&exc, "IndexError") || self.is_instance_of(&exc, "StopIteration") {
                        (Ok(None), IterKind::Done { type_name })
                    } else {
                        (Err(Unwind::Raise(exc)), IterKind::Sequence { obj, index })
                    }
                }
            },
            other => (Ok(None), other),
        };
        *it.kind.borrow_mut() = kind;
        result
    }

    fn any_left(&self, inners: &[Value]) -> VmResult<bool> {
        for inner in inners {
            if self.next_of(inner)?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `next(it)` of any iterator: `None` when exhausted (`StopIteration`).
    pub fn next_of(&self, it: &Value) -> VmResult<Option<Value>> {
        match it {
            Value::Iter(i) => self.iter_next(i),
            Value::Generator(g) => match self.resume_generator(g, Input::Send(Value::None))? {
                GenResult::Yielded(v) => Ok(Some(v)),
                GenResult::Returned(_) => Ok(None),
            },
            Value::Instance(_) => {
                if let Some(r) = super::super::builtins::native_next(self, it)? {
                    return Ok(r);
                }
                let Some(m) = self.dunder(it, sym::__next__) else {
                    return Err(type_error(format!("'{}' object is not an iterator", self.type_name(it))));
                };
                match self.call(&m, &[], &[]) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) => {
                        let exc = self.exception_value(e);
                        if self.is_instance_of(&exc, "StopIteration") {
                            Ok(None)
                        } else {
                            Err(Unwind::Raise(exc))
                        }
                    }
                }
            }
            _ => Err(type_error(format!("'{}' object is not an iterator", self.type_name(it)))),
        }
    }

    /// `SEND` to a delegate that is neither a generator nor a native iterator: its `send` (or
    /// `__next__` for `None`).
    pub fn send_to(&self, sub: &Value, v: Value) -> VmResult<GenResult> {
        let method = if v.is_none() { sym::__next__ } else { sym::send };
        let Some(m) = self.getattr_opt(sub, method)? else {
            return Err(type_error(format!("'{}' object is not an iterator", self.type_name(sub))));
        };
        let args = if v.is_none() { Vec::new() } else { vec![v] };
        match self.call(&m, &args, &[]) {
            Ok(item) => Ok(GenResult::Yielded(item)),
            Err(e) => {
                let exc = self.exception_value(e);
                if self.is_instance_of(&exc, "StopIteration") {
                    let value = self.getattr(&exc, sym::value)?;
                    Ok(GenResult::Returned(value))
                } else {
                    Err(Unwind::Raise(exc))
                }
            }
        }
    }

    /// Every item of an iterable.
    pub fn collect(&self, iterable: &Value) -> VmResult<Vec<Value>> {
        match iterable {
            Value::List(l) => return Ok(l.0.borrow().clone()),
            Value::Tuple(t) => return Ok(t.0.to_vec()),
            Value::Range(r) => {
                let n = r.len();
                check_len(n as usize)?;
                return Ok((0..n).map(|i| Value::Int(r.get(i))).collect());
            }
            Value::Dict(d) => return Ok(d.0.borrow().iter().map(|e| e.key.clone()).collect()),
            Value::Set(s) => return Ok(s.table.borrow().iter().cloned().collect()),
            _ => {}
        }
        let it = self.get_iter(iterable)?;
        let mut out = Vec::new();
        while let Some(v) = self.next_of(&it)? {
            if out.len() >= super::MAX_ITEMS {
                return Err(error("MemoryError", ""));
            }
            out.push(v);
        }
        Ok(out)
    }

    /// `a, b = seq`.
    pub fn unpack(&self, seq: &Value, n: usize) -> VmResult<Vec<Value>> {
        let items = match seq {
            Value::Tuple(t) if t.0.len() == n => return Ok(t.0.to_vec()),
            Value::List(l) if l.0.borrow().len() == n => return Ok(l.0.borrow().clone()),
            Value::Int(_) | Value::Float(_) | Value::None | Value::Bool(_) | Value::BigInt(_) => {
                return Err(type_error(format!("cannot unpack non-iterable {} object", self.type_name(seq))))
            }
            _ => {
                let it = match self.get_iter(seq) {
                    Ok(it) => it,
                    Err(_) => {
                        return Err(type_error(format!("cannot unpack non-iterable {} object", self.type_name(seq))))
                    }
                };
                let mut items = Vec::with_capacity(n);
                while let Some(v) = self.next_of(&it)? {
                    items.push(v);
                    if items.len() > n {
                        return Err(super::value_error(format!("too many values to unpack (expected {n})")));
                    }
                }
                items
            }
        };
        if items.len() < n {
            return Err(super::value_error(format!("not enough values to unpack (expected {n}, got {})", items.len())));
        }
        if items.len() > n {
            return Err(super::value_error(format!("too many values to unpack (expected {n})")));
        }
        Ok(items)
    }

    /// `a, *b, c = seq`.
    pub fn unpack_ex(&self, seq: &Value, before: usize, after: usize) -> VmResult<Vec<Value>> {
        let items = match self.collect(seq) {
            Ok(items) => items,
            Err(_) if !matches!(seq, Value::Instance(_) | Value::Generator(_) | Value::Iter(_)) => {
                return Err(type_error(format!("cannot unpack non-iterable {} object", self.type_name(seq))))
            }
            Err(e) => return Err(e),
        };
        if items.len() < before + after {
            return Err(super::value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                items.len()
            )));
        }
        let mut out = Vec::with_capacity(before + after + 1);
        out.extend(items[..before].iter().cloned());
        out.push(Value::list(items[before..items.len() - after].to_vec()));
        out.extend(items[items.len() - after..].iter().cloned());
        Ok(out)
    }

    /// `{a, b, c}`.
    pub fn build_set(&self, items: Vec<Value>, all_constant: bool) -> VmResult<Value> {
        let mut hashed = Vec::with_capacity(items.len());
        for v in items {
            let h = self.hash(&v)?;
            hashed.push((v, h));
        }
        let table = SetTable::from_display(hashed, all_constant, |a, b| Interp::native_eq(a, b) || self.user_eq(a, b));
        Ok(Value::Set(Rc::new(PySet { frozen: false, table: RefCell::new(table) })))
    }

    pub fn new_set(&self, items: Vec<Value>, frozen: bool) -> VmResult<Value> {
        let set = Value::Set(Rc::new(PySet { frozen, table: RefCell::new(SetTable::new()) }));
        for v in items {
            self.set_add(&set, v)?;
        }
        Ok(set)
    }

    pub fn set_add(&self, set: &Value, v: Value) -> VmResult<()> {
        let Value::Set(s) = set else {
            return Ok(());
        };
        let h = self.hash(&v)?;
        let mut table = s.table.borrow_mut();
        if table.len() >= super::MAX_ITEMS {
            return Err(error("MemoryError", ""));
        }
        table.add(v, h, |a, b| Interp::native_eq(a, b) || self.user_eq(a, b));
        Ok(())
    }

    pub fn set_contains(&self, s: &PySet, v: &Value) -> VmResult<bool> {
        let h = match self.hash(v) {
            Ok(h) => h,
            Err(e) => {
                // `[1] in some_set` is a TypeError too, as in CPython.
                return Err(e);
            }
        };
        Ok(s.table.borrow().contains(v, h, |a, b| Interp::native_eq(a, b) || self.user_eq(a, b)))
    }

    pub fn set_discard(&self, s: &PySet, v: &Value) -> VmResult<bool> {
        let h = self.hash(v)?;
        Ok(s.table.borrow_mut().discard(v, h, |a, b| Interp::native_eq(a, b) || self.user_eq(a, b)))
    }

    /// `{k: v, ...}` from `k, v, k, v, ...`.
    pub fn build_dict(&self, items: Vec<Value>) -> VmResult<Value> {
        let d = Value::dict(DictTable::with_capacity(items.len() / 2));
        let mut it = items.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            self.dict_set(&d, k, v)?;
        }
        Ok(d)
    }

    pub fn dict_set(&self, d: &Value, key: Value, value: Value) -> VmResult<()> {
        let Value::Dict(dict) = d else {
            return Ok(());
        };
        let h = self.hash(&key)?;
        let mut table = dict.0.borrow_mut();
        if table.len() >= super::MAX_ITEMS {
            return Err(error("MemoryError", ""));
        }
        table.insert(h, key, value, &mut |a, b| Ok::<bool, Unwind>(Interp::native_eq(a, b) || self.user_eq(a, b)))?;
        Ok(())
    }

    pub fn dict_get(&self, d: &Value, key: &Value) -> VmResult<Option<Value>> {
        let Value::Dict(dict) = d else {
            return Ok(None);
        };
        let h = self.hash(key)?;
        let table = dict.0.borrow();
        Ok(table.get(h, key, &mut |a, b| Ok::<bool, Unwind>(Interp::native_eq(a, b) || self.user_eq(a, b)))?.cloned())
    }

    /// A user's `__eq__` between two instances (for dict keys); false on error.
    pub fn user_eq(&self, a: &Value, b: &Value) -> bool {
        if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
            return self.eq(a, b).unwrap_or(false);
        }
        false
    }

    /// `d.update(other)` (and `{**other}`); with `merge`, a key already there is an error, as
    /// for `f(**a, **b)`.
    pub fn dict_update(&self, d: &Value, other: &Value, merge: bool) -> VmResult<()> {
        let pairs: Vec<(Value, Value)> = match other {
            Value::Dict(o) => o.0.borrow().iter().map(|e| (e.key.clone(), e.value.clone())).collect(),
            _ => {
                if let Some(keys) = self.getattr_opt(other, Sym::new("keys"))? {
                    let keys = self.call(&keys, &[], &[])?;
                    let mut pairs = Vec::new();
                    for k in self.collect(&keys)? {
                        let v = self.getitem(other, &k)?;
                        pairs.push((k, v));
                    }
                    pairs
                } else {
                    let mut pairs = Vec::new();
                    for item in self.collect(other)? {
                        let kv = self.collect(&item)?;
                        if kv.len() != 2 {
                            return Err(super::value_error(format!(
                                "dictionary update sequence element #{} has length {}; 2 is required",
                                pairs.len(),
                                kv.len()
                            )));
                        }
                        let mut kv = kv.into_iter();
                        let (Some(k), Some(v)) = (kv.next(), kv.next()) else {
                            continue;
                        };
                        pairs.push((k, v));
                    }
                    pairs
                }
            }
        };
        for (k, v) in pairs {
            if merge && self.dict_get(d, &k)?.is_some() {
                let name = self.repr(&k)?;
                return Err(type_error(format!("got multiple values for keyword argument {name}")));
            }
            self.dict_set(d, k, v)?;
        }
        Ok(())
    }

    /// `format(v, spec)`.
    pub fn format(&self, v: &Value, spec: &str) -> VmResult<String> {
        if let Value::Instance(_) = v {
            if let Some(m) = self.dunder(v, sym::__format__) {
                let r = self.call(&m, &[Value::str(spec)], &[])?;
                return match r {
                    Value::Str(s) => Ok(s.as_str().to_string()),
                    other => Err(type_error(format!("__format__ must return a str, not {}", self.type_name(&other)))),
                };
            }
        }
        if let (Value::Int(_) | Value::BigInt(_), Some(i)) = (v, v.as_int()) {
            return Ok(format::format(&FormatArg::Int(&i), spec)?);
        }
        let arg = self.format_arg(v)?;
        if let FormatArg::Other { type_name, str, .. } = &arg {
            if spec.is_empty() {
                return Ok(str.clone());
            }
            return Err(type_error(format!("unsupported format string passed to {type_name}.__format__")));
        }
        Ok(format::format(&arg, spec)?)
    }

    /// A value as the formatting functions take it.
    pub fn format_arg<'a>(&self, v: &'a Value) -> VmResult<FormatArg<'a>> {
        Ok(match v {
            Value::Int(i) => {
                FormatArg::Other { type_name: "int", str: i.to_string(), repr: i.to_string(), format: None }
            }
            Value::Bool(b) => FormatArg::Bool(*b),
            Value::Float(f) => FormatArg::Float(*f),
            Value::Str(s) => FormatArg::Str(s.as_str()),
            _ => FormatArg::Other {
                type_name: self.type_name(v),
                str: self.str_of(v)?,
                repr: self.repr(v)?,
                format: None,
            },
        })
    }

    /// `template % args`.
    pub fn printf(&self, template: &str, args: &Value) -> VmResult<String> {
        // Ints are formatted from `Int`s, which need owning storage.
        let ints: Vec<Option<Int>> = match args {
            Value::Tuple(t) => t.0.iter().map(|v| v.as_int().filter(|_| !matches!(v, Value::Bool(_)))).collect(),
            other => vec![other.as_int().filter(|_| !matches!(other, Value::Bool(_)))],
        };
        let int_args: Vec<Option<FormatArg>> = ints.iter().map(|i| i.as_ref().map(FormatArg::Int)).collect();
        fn pick<'a>(interp: &Interp, v: &'a Value, _i: usize) -> VmResult<FormatArg<'a>> {
            interp.format_arg(v)
        }
        let formatted = match args {
            Value::Tuple(t) => {
                let mut items = Vec::with_capacity(t.0.len());
                for (i, v) in t.0.iter().enumerate() {
                    items.push(match &int_args[i] {
                        Some(a) => a.clone(),
                        None => pick(self, v, i)?,
                    });
                }
                format::printf(template, &PrintfArgs::Tuple(items))
            }
            Value::Dict(d) => {
                let entries: Vec<(Value, Value)> =
                    d.0.borrow().iter().map(|e| (e.key.clone(), e.value.clone())).collect();
                let mut keyed = Vec::new();
                let entry_ints: Vec<Option<Int>> =
                    entries.iter().map(|(_, v)| v.as_int().filter(|_| !matches!(v, Value::Bool(_)))).collect();
                for (i, (k, v)) in entries.iter().enumerate() {
                    let Value::Str(k) = k else { continue };
                    let arg = match &entry_ints[i] {
                        Some(n) => FormatArg::Int(n),
                        None => self.format_arg(v)?,
                    };
                    keyed.push((k.as_str().to_string(), arg));
                }
                let whole = self.format_arg(args)?;
                format::printf(template, &PrintfArgs::Mapping(whole, keyed))
            }
            other => {
                let arg = match &int_args[0] {
                    Some(a) => a.clone(),
                    None => pick(self, other, 0)?,
                };
                format::printf(template, &PrintfArgs::Single(arg))
            }
        };
        Ok(formatted?)
    }

    /// `await v`: the iterator the `SEND` loop drives.
    pub fn get_awaitable(&self, v: &Value) -> VmResult<Value> {
        match v {
            Value::Generator(g) if g.kind == GenKind::Coroutine => {
                if g.state.get() == GenState::Closed {
                    return Err(error("RuntimeError", "cannot reuse already awaited coroutine"));
                }
                g.awaited.set(true);
                Ok(v.clone())
            }
            Value::Instance(i) => {
                if let Some(aw) = i.native_object().and_then(|n| n.awaitable(self, v)) {
                    return aw;
                }
                match self.dunder(v, sym::__await__) {
                    Some(m) => {
                        let it = self.call(&m, &[], &[])?;
                        match &it {
                            Value::Generator(g) if g.kind == GenKind::Coroutine => {
                                Err(type_error("__await__() returned a coroutine"))
                            }
                            Value::Generator(_) | Value::Iter(_) | Value::Instance(_) => Ok(it),
                            other => Err(type_error(format!(
                                "__await__() returned non-iterator of type '{}'",
                                self.type_name(other)
                            ))),
                        }
                    }
                    None => Err(self.not_awaitable(v)),
                }
            }
            _ => Err(self.not_awaitable(v)),
        }
    }

    fn not_awaitable(&self, v: &Value) -> Unwind {
        type_error(format!("object {} can't be used in 'await' expression", self.type_name(v)))
    }

    /// `with mgr`: `(mgr.__exit__, mgr.__enter__())`.
    pub fn enter_context(&self, mgr: &Value) -> VmResult<(Value, Value)> {
        let class = self.type_of(mgr);
        let (Some(enter), Some(exit)) = (class.lookup(sym::__enter__), class.lookup(sym::__exit__)) else {
            let missing = if class.lookup(sym::__enter__).is_none() { "__enter__" } else { "__exit__" };
            return Err(error("AttributeError", missing));
        };
        let exit = self.bind(exit, mgr)?;
        let enter = self.bind(enter, mgr)?;
        let entered = self.call(&enter, &[], &[])?;
        Ok((exit, entered))
    }

    /// `async with mgr`: `(mgr.__aexit__, mgr.__aenter__())`.
    /// `async for`'s `GET_AITER`: `type(x).__aiter__(x)`.
    pub fn get_aiter(&self, v: &Value) -> VmResult<Value> {
        if matches!(v, Value::Generator(g) if g.kind == GenKind::AsyncGenerator) {
            return Ok(v.clone());
        }
        let Some(aiter) = self.dunder(v, sym::__aiter__) else {
            return Err(type_error(format!(
                "'async for' requires an object with __aiter__ method, got {}",
                self.type_name(v)
            )));
        };
        let it = self.call(&aiter, &[], &[])?;
        if self.dunder(&it, sym::__anext__).is_none() {
            return Err(type_error(format!(
                "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                self.type_name(&it)
            )));
        }
        Ok(it)
    }

    /// `async for`'s `GET_ANEXT`: the awaitable of `type(it).__anext__(it)`.
    pub fn get_anext(&self, it: &Value) -> VmResult<Value> {
        if let Value::Generator(g) = it {
            if g.kind == GenKind::AsyncGenerator {
                return Ok(self.async_gen_step(g, Input::Send(Value::None), false));
            }
        }
        let Some(anext) = self.dunder(it, sym::__anext__) else {
            return Err(type_error(format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                self.type_name(it)
            )));
        };
        let awaitable = self.call(&anext, &[], &[])?;
        self.get_awaitable(&awaitable).map_err(|_| {
            type_error(format!("'async for' received an invalid object from __anext__: {}", self.type_name(&awaitable)))
        })
    }

    /// The awaitable of an asynchronous generator's `__anext__` (and `asend`, `athrow`,
    /// `aclose`).
    pub fn async_gen_step(&self, gen: &Rc<super::super::value::Generator>, first: Input, close: bool) -> Value {
        if gen.state.get() == GenState::Created {
            let mut gens = self.asyncgens.borrow_mut();
            if !gens.iter().any(|g| std::ptr::eq(g.as_ptr(), Rc::as_ptr(gen))) {
                gens.push(Rc::downgrade(gen));
            }
        }
        let class = self.native_classes.borrow().get("async_generator_asend").cloned();
        let class = class.unwrap_or_else(|| self.types.object.clone());
        let step = super::super::value::AsyncGenStep { gen: gen.clone(), first: RefCell::new(Some(first)), close };
        super::super::builtins::native_instance(&class, step)
    }

    pub fn enter_async_context(&self, mgr: &Value) -> VmResult<(Value, Value)> {
        let class = self.type_of(mgr);
        let (Some(enter), Some(exit)) = (class.lookup(sym::__aenter__), class.lookup(sym::__aexit__)) else {
            return Err(type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol",
                class.name
            )));
        };
        let exit = self.bind(exit, mgr)?;
        let enter = self.bind(enter, mgr)?;
        let awaitable = self.call(&enter, &[], &[])?;
        Ok((exit, awaitable))
    }

    /// `import name`.
    pub fn import(&self, name: Sym) -> VmResult<Value> {
        if let Some(m) = self.modules.borrow().get(&name) {
            return Ok(m.clone());
        }
        let module = super::super::modules::import(self, name.as_str())?;
        self.modules.borrow_mut().insert(name, module.clone());
        Ok(module)
    }

    /// `from module import name`.
    pub fn import_from(&self, module: &Value, name: Sym) -> VmResult<Value> {
        match self.getattr(module, name) {
            Ok(v) => Ok(v),
            Err(_) => {
                let mname = match module {
                    Value::Module(m) => m.name,
                    _ => "?",
                };
                Err(error("ImportError", format!("cannot import name '{name}' from '{mname}' (unknown location)")))
            }
        }
    }

    /// The numeric value of `v` for a native function's argument, or a `TypeError`.
    pub fn expect_number(&self, v: &Value, what: &str) -> VmResult<super::super::number::Number> {
        number(v).ok_or_else(|| type_error(format!("{what} must be a real number, not {}", self.type_name(v))))
    }
}
