//! Operators: arithmetic with Python's rules (through [`number`](super::super::number)),
//! comparisons, equality, hashing and truth, with the special methods of a user's classes
//! (`__add__`, `__radd__`, `__eq__`, `__lt__`, `__hash__`, `__bool__`, `__len__`) where the
//! operands are objects.

use std::cmp::Ordering;
use std::rc::Rc;

use super::super::builtins::subclass;
use super::super::code::Compare;
use super::super::int::Int;
use super::super::names::{sym, Sym};
use super::super::number::{BinaryOp, Number};
use super::super::set_table::{tuple_hash, SetTable};
use super::super::value::{PyList, PySet, Value};
use super::{error, type_error, Interp, Unwind, VmResult, MAX_ITEMS};

/// The special methods of a binary operator: `(__op__, __rop__, __iop__)`.
fn dunders(op: BinaryOp) -> (Sym, Sym, Sym) {
    use BinaryOp::*;
    match op {
        Add => (sym::__add__, sym::__radd__, sym::__iadd__),
        Sub => (sym::__sub__, sym::__rsub__, sym::__isub__),
        Mul => (sym::__mul__, sym::__rmul__, sym::__imul__),
        TrueDiv => (sym::__truediv__, sym::__rtruediv__, sym::__itruediv__),
        FloorDiv => (sym::__floordiv__, sym::__rfloordiv__, sym::__ifloordiv__),
        Mod => (sym::__mod__, sym::__rmod__, sym::__imod__),
        Pow => (sym::__pow__, sym::__rpow__, sym::__ipow__),
        LShift => (sym::__lshift__, sym::__rlshift__, sym::__ilshift__),
        RShift => (sym::__rshift__, sym::__rrshift__, sym::__irshift__),
        And => (sym::__and__, sym::__rand__, sym::__iand__),
        Or => (sym::__or__, sym::__ror__, sym::__ior__),
        Xor => (sym::__xor__, sym::__rxor__, sym::__ixor__),
    }
}

/// `v` as a number, if it is one (`bool` is an `int`).
pub fn number(v: &Value) -> Option<Number> {
    match v {
        Value::Int(i) => Some(Number::Int(Int::Small(*i))),
        Value::Bool(b) => Some(Number::Int(Int::Small(*b as i64))),
        Value::BigInt(b) => Some(Number::Int(Int::Big((**b).clone()))),
        Value::Float(f) => Some(Number::Float(*f)),
        _ => None,
    }
}

pub fn from_number(n: Number) -> Value {
    match n {
        Number::Int(i) => Value::int(i),
        Number::Float(f) => Value::Float(f),
    }
}

/// `x` as an `i64` index (`__index__` of ints and bools).
pub fn as_index(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        Value::BigInt(b) => Some(if b.is_negative() { i64::MIN } else { i64::MAX }),
        _ => None,
    }
}

fn compare_symbol(c: Compare) -> &'static str {
    match c {
        Compare::Lt => "<",
        Compare::Le => "<=",
        Compare::Eq => "==",
        Compare::Ne => "!=",
        Compare::Gt => ">",
        Compare::Ge => ">=",
    }
}

fn ordering_holds(c: Compare, o: Ordering) -> bool {
    match c {
        Compare::Lt => o == Ordering::Less,
        Compare::Le => o != Ordering::Greater,
        Compare::Gt => o == Ordering::Greater,
        Compare::Ge => o != Ordering::Less,
        Compare::Eq => o == Ordering::Equal,
        Compare::Ne => o != Ordering::Equal,
    }
}

impl Interp {
    /// A user's special method bound to `obj`, if its class defines one.
    pub fn dunder(&self, obj: &Value, name: Sym) -> Option<Value> {
        match obj {
            Value::Instance(i) => i.class.lookup(name).and_then(|f| match f {
                Value::Function(_) | Value::Builtin(_) => {
                    Some(Value::Method(Rc::new(super::super::value::Method { func: f, receiver: obj.clone() })))
                }
                _ => None,
            }),
            _ => None,
        }
    }

    /// Calls `obj.name(*args)` if defined; `NotImplemented` counts as not defined.
    pub fn try_dunder(&self, obj: &Value, name: Sym, args: &[Value]) -> VmResult<Option<Value>> {
        match self.dunder(obj, name) {
            Some(m) => {
                let v = self.call(&m, args, &[])?;
                if matches!(v, Value::NotImplemented) {
                    Ok(None)
                } else {
                    Ok(Some(v))
                }
            }
            None => Ok(None),
        }
    }

    fn unsupported(&self, op: &str, l: &Value, r: &Value) -> Unwind {
        type_error(format!("unsupported operand type(s) for {op}: '{}' and '{}'", self.type_name(l), self.type_name(r)))
    }

    /// `l <op> r`.
    pub fn binary_op(&self, op: BinaryOp, l: &Value, r: &Value) -> VmResult<Value> {
        let (forward, reflected, _) = dunders(op);
        let (given_l, given_r) = (l, r);
        let (l, r) = (subclass::operand(l, forward), subclass::operand(r, reflected));
        if let (Some(a), Some(b)) = (number(l), number(r)) {
            return match a.binary(op, &b)? {
                Some(n) => Ok(from_number(n)),
                None => Err(self.unsupported(op.symbol(), l, r)),
            };
        }
        if let Some(v) = self.sequence_op(op, l, r)? {
            return Ok(v);
        }
        if let Some(v) = self.view_op(op, l, r)? {
            return Ok(v);
        }
        // A class's own method gets the other operand as it is (`Counter() + Counter()`: both
        // are Counters, though Counter defines no `__radd__`).
        if let Some(v) = self.try_dunder(l, forward, std::slice::from_ref(given_r))? {
            return Ok(v);
        }
        if let Some(v) = self.try_dunder(r, reflected, std::slice::from_ref(given_l))? {
            return Ok(v);
        }
        // `int | None`, `int | str`: a `types.UnionType` (`type.__or__`).
        if let (BinaryOp::Or, Value::Class(_) | Value::None, Value::Class(_) | Value::None) = (op, l, r) {
            if matches!(l, Value::Class(_)) || matches!(r, Value::Class(_)) {
                if let Some(union) = self.module_attr(&self.builtins, Sym::new("_union"))? {
                    return self.call(&union, &[l.clone(), r.clone()], &[]);
                }
            }
        }
        match (op, l) {
            (BinaryOp::Add, Value::Str(_)) | (BinaryOp::Add, Value::List(_)) | (BinaryOp::Add, Value::Tuple(_)) => {
                let t = self.type_name(l);
                Err(type_error(format!("can only concatenate {t} (not \"{}\") to {t}", self.type_name(r))))
            }
            (BinaryOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_))
                if !matches!(r, Value::Instance(_)) =>
            {
                Err(type_error(format!("can't multiply sequence by non-int of type '{}'", self.type_name(r))))
            }
            (BinaryOp::Mul, _) if matches!(r, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)) => {
                Err(type_error(format!("can't multiply sequence by non-int of type '{}'", self.type_name(l))))
            }
            (BinaryOp::Pow, _) => Err(self.unsupported("** or pow()", l, r)),
            _ => Err(self.unsupported(op.symbol(), l, r)),
        }
    }

    /// Operators on strings, lists, tuples, sets and dicts.
    fn sequence_op(&self, op: BinaryOp, l: &Value, r: &Value) -> VmResult<Option<Value>> {
        let v = match (op, l, r) {
            (BinaryOp::Add, Value::Bytes(a), _) if !matches!(r, Value::Instance(_)) => {
                return super::super::builtins::bytes::concat(self, a, r).map(Some)
            }
            (BinaryOp::Add, Value::Str(a), Value::Str(b)) => {
                let mut s = String::with_capacity(a.as_str().len() + b.as_str().len());
                s.push_str(a.as_str());
                s.push_str(b.as_str());
                check_len(s.len())?;
                Value::string(s)
            }
            (BinaryOp::Add, Value::List(a), Value::List(b)) => {
                let a = a.0.borrow();
                let b = b.0.borrow();
                check_len(a.len() + b.len())?;
                let mut items = Vec::with_capacity(a.len() + b.len());
                items.extend(a.iter().cloned());
                items.extend(b.iter().cloned());
                Value::list(items)
            }
            (BinaryOp::Add, Value::Tuple(a), Value::Tuple(b)) => {
                check_len(a.0.len() + b.0.len())?;
                Value::tuple(a.0.iter().chain(b.0.iter()).cloned().collect())
            }
            (BinaryOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_), n)
                if matches!(n, Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) =>
            {
                return self.repeat(l, as_index(n).unwrap_or(0)).map(Some)
            }
            (BinaryOp::Mul, n, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_))
                if matches!(n, Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) =>
            {
                return self.repeat(r, as_index(n).unwrap_or(0)).map(Some)
            }
            (BinaryOp::Mod, Value::Str(s), _) => return self.printf(s.as_str(), r).map(|s| Some(Value::string(s))),
            (BinaryOp::Or | BinaryOp::And | BinaryOp::Sub | BinaryOp::Xor, Value::Set(a), Value::Set(b)) => {
                return self.set_op(op, a, b).map(Some)
            }
            (BinaryOp::Or, Value::Dict(a), Value::Dict(_)) => {
                let d = Value::dict(a.0.borrow().clone());
                self.dict_update(&d, r, false)?;
                d
            }
            _ => return Ok(None),
        };
        Ok(Some(v))
    }

    /// `d.keys() - other` and the like: dict key and item views are sets.
    fn view_op(&self, op: BinaryOp, l: &Value, r: &Value) -> VmResult<Option<Value>> {
        if !matches!(op, BinaryOp::Or | BinaryOp::And | BinaryOp::Sub | BinaryOp::Xor) {
            return Ok(None);
        }
        if !is_set_view(l) && !is_set_view(r) {
            return Ok(None);
        }
        let as_set = |v: &Value| -> VmResult<Value> {
            match v {
                Value::Set(_) => Ok(v.clone()),
                other => self.new_set(self.collect(other)?, false),
            }
        };
        let (a, b) = (as_set(l)?, as_set(r)?);
        match (&a, &b) {
            (Value::Set(x), Value::Set(y)) => self.set_op(op, x, y).map(Some),
            _ => Ok(None),
        }
    }

    fn repeat(&self, seq: &Value, n: i64) -> VmResult<Value> {
        let n = n.max(0) as usize;
        Ok(match seq {
            Value::Str(s) => Value::string(super::super::text::repeat(s.as_str(), n as i64)?),
            Value::Bytes(b) => super::super::builtins::bytes::repeat(b, n as i64)?,
            Value::List(l) => {
                let items = l.0.borrow();
                check_len(items.len().saturating_mul(n))?;
                let mut out = Vec::with_capacity(items.len() * n);
                for _ in 0..n {
                    out.extend(items.iter().cloned());
                }
                Value::list(out)
            }
            Value::Tuple(t) => {
                check_len(t.0.len().saturating_mul(n))?;
                let mut out = Vec::with_capacity(t.0.len() * n);
                for _ in 0..n {
                    out.extend(t.0.iter().cloned());
                }
                Value::tuple(out)
            }
            _ => Value::None,
        })
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` on two sets: CPython's algorithms (`set_table`), so the
    /// result iterates in CPython's order.
    fn set_op(&self, op: BinaryOp, a: &Rc<PySet>, b: &Rc<PySet>) -> VmResult<Value> {
        let eq = |x: &Value, y: &Value| Interp::native_eq(x, y) || self.user_eq(x, y);
        let table = {
            let (x, y) = (a.table.borrow(), b.table.borrow());
            let same = Rc::ptr_eq(a, b);
            match op {
                BinaryOp::Or if same => x.copy(),
                BinaryOp::Or => x.union(&y, eq),
                BinaryOp::And if same => x.copy(),
                BinaryOp::And => x.intersection(&y, eq),
                BinaryOp::Sub if same => SetTable::new(),
                BinaryOp::Sub => x.difference(&y, eq),
                _ if same => SetTable::new(),
                _ => x.symmetric_difference(&y, eq),
            }
        };
        check_len(table.len())?;
        Ok(Value::Set(Rc::new(PySet { frozen: a.frozen, table: std::cell::RefCell::new(table) })))
    }

    /// A new set (or frozenset, as `s` is) with `s`'s table copied slot for slot (`set_copy`).
    pub fn set_copy(&self, s: &PySet) -> Value {
        let table = s.table.borrow().copy();
        Value::Set(Rc::new(PySet { frozen: s.frozen, table: std::cell::RefCell::new(table) }))
    }

    /// `s.update(other)`, one argument of `s.union(...)` (`set_update_internal`): a set is merged
    /// table to table, any other iterable added item by item in its order.
    pub fn set_update_with(&self, s: &Rc<PySet>, other: &Value) -> VmResult<()> {
        match other {
            Value::Set(o) => self.set_inplace(BinaryOp::Or, s, o),
            _ => {
                let set = Value::Set(s.clone());
                for v in self.collect(other)? {
                    self.set_add(&set, v)?;
                }
                Ok(())
            }
        }
    }

    /// `s & other` for one argument of `s.intersection(...)`: with a set, CPython's set
    /// algorithm; with another iterable, its items that `s` holds, in the iterable's order.
    pub fn set_intersect_with(&self, s: &Rc<PySet>, other: &Value) -> VmResult<Value> {
        if let Value::Set(o) = other {
            return self.set_op(BinaryOp::And, s, o);
        }
        let result = Value::Set(Rc::new(PySet { frozen: s.frozen, table: std::cell::RefCell::new(SetTable::new()) }));
        for v in self.collect(other)? {
            if self.set_contains(s, &v)? {
                self.set_add(&result, v)?;
            }
        }
        Ok(result)
    }

    /// `s.difference_update(other)`, `s.symmetric_difference_update(other)` and the like with
    /// any iterable: a non-set is made a set first (the result is the same as CPython's, which
    /// discards item by item).
    pub fn set_inplace_with(&self, op: BinaryOp, s: &Rc<PySet>, other: &Value) -> VmResult<()> {
        let other = match other {
            Value::Set(o) => o.clone(),
            _ => match self.new_set(self.collect(other)?, false)? {
                Value::Set(o) => o,
                _ => return Ok(()),
            },
        };
        self.set_inplace(op, s, &other)
    }

    /// `a |= b`, `a &= b`, `a -= b`, `a ^= b` on a set: in place, as CPython does.
    fn set_inplace(&self, op: BinaryOp, a: &Rc<PySet>, b: &Rc<PySet>) -> VmResult<()> {
        let eq = |x: &Value, y: &Value| Interp::native_eq(x, y) || self.user_eq(x, y);
        if Rc::ptr_eq(a, b) {
            if matches!(op, BinaryOp::Sub | BinaryOp::Xor) {
                a.table.borrow_mut().clear();
            }
            return Ok(());
        }
        let y = b.table.borrow();
        let mut x = a.table.borrow_mut();
        match op {
            BinaryOp::Or => x.update(&y, eq),
            BinaryOp::And => x.intersection_update(&y, eq),
            BinaryOp::Sub => x.difference_update(&y, eq),
            _ => x.symmetric_difference_update(&y, eq),
        }
        check_len(x.len())
    }

    /// `l <op>= r`: mutable containers change in place; `__iop__` first for objects.
    pub fn inplace_op(&self, op: BinaryOp, l: &Value, r: &Value) -> VmResult<Value> {
        match (op, l) {
            (BinaryOp::Add, Value::List(list)) => {
                let items = self.collect(r)?;
                let mut mine = list.0.borrow_mut();
                check_len(mine.len() + items.len())?;
                mine.extend(items);
                return Ok(l.clone());
            }
            (BinaryOp::Mul, Value::List(list)) => {
                if let Some(n) = as_index(r) {
                    let repeated = self.repeat(l, n)?;
                    if let Value::List(new) = repeated {
                        let items = std::mem::take(&mut *new.0.borrow_mut());
                        *list.0.borrow_mut() = items;
                    }
                    return Ok(l.clone());
                }
            }
            (BinaryOp::Or | BinaryOp::And | BinaryOp::Sub | BinaryOp::Xor, Value::Set(s)) if !s.frozen => {
                if let Value::Set(other) = r {
                    self.set_inplace(op, s, other)?;
                    return Ok(l.clone());
                }
            }
            (BinaryOp::Or, Value::Dict(_)) => {
                self.dict_update(l, r, false)?;
                return Ok(l.clone());
            }
            (_, Value::Instance(_)) => {
                let (_, _, inplace) = dunders(op);
                if let Some(v) = self.try_dunder(l, inplace, std::slice::from_ref(r))? {
                    return Ok(v);
                }
                // A subclass of list or dict has the built-in's in-place operators (list.__iadd__,
                // list.__imul__, dict.__ior__): they change the instance, which stays what it is.
                if let Some(base) = subclass::base_of(l) {
                    if matches!(
                        (op, base),
                        (BinaryOp::Add | BinaryOp::Mul, Value::List(_)) | (BinaryOp::Or, Value::Dict(_))
                    ) {
                        self.inplace_op(op, base, r)?;
                        return Ok(l.clone());
                    }
                }
            }
            _ => {}
        }
        self.binary_op(op, l, r).map_err(|e| match e {
            Unwind::Native(mut ex) if ex.kind == "TypeError" && ex.message.starts_with("unsupported operand") => {
                ex.message =
                    ex.message.replacen(&format!("for {}:", op.symbol()), &format!("for {}=:", op.symbol()), 1);
                Unwind::Native(ex)
            }
            other => other,
        })
    }

    pub fn unary_negative(&self, v: &Value) -> VmResult<Value> {
        if let Some(n) = number(v) {
            return Ok(from_number(n.neg()));
        }
        if let Some(r) = self.try_dunder(v, sym::__neg__, &[])? {
            return Ok(r);
        }
        Err(type_error(format!("bad operand type for unary -: '{}'", self.type_name(v))))
    }

    pub fn unary_positive(&self, v: &Value) -> VmResult<Value> {
        if let Some(n) = number(v) {
            return Ok(from_number(n));
        }
        if let Some(r) = self.try_dunder(v, sym::__pos__, &[])? {
            return Ok(r);
        }
        Err(type_error(format!("bad operand type for unary +: '{}'", self.type_name(v))))
    }

    pub fn unary_invert(&self, v: &Value) -> VmResult<Value> {
        if let Some(i) = v.as_int() {
            return Ok(Value::int(i.invert()));
        }
        if let Some(r) = self.try_dunder(v, sym::__invert__, &[])? {
            return Ok(r);
        }
        Err(type_error(format!("bad operand type for unary ~: '{}'", self.type_name(v))))
    }

    /// `bool(v)`.
    pub fn truthy(&self, v: &Value) -> VmResult<bool> {
        let v = match v {
            Value::Instance(i) if !i.class.overrides(sym::__bool__) => subclass::operand(v, sym::__len__),
            _ => v,
        };
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::BigInt(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.as_str().is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.0.borrow().is_empty(),
            Value::Tuple(t) => !t.0.is_empty(),
            Value::Dict(d) => !d.0.borrow().is_empty(),
            Value::Set(s) => !s.table.borrow().is_empty(),
            Value::Range(r) => !r.is_empty(),
            Value::Instance(_) => {
                if let Some(r) = self.try_dunder(v, sym::__bool__, &[])? {
                    return match r {
                        Value::Bool(b) => Ok(b),
                        other => {
                            Err(type_error(format!("__bool__ should return bool, returned {}", self.type_name(&other))))
                        }
                    };
                }
                if let Some(n) = self.native_len(v)? {
                    return Ok(n > 0);
                }
                if let Some(r) = self.try_dunder(v, sym::__len__, &[])? {
                    return Ok(as_index(&r).unwrap_or(0) != 0);
                }
                true
            }
            _ => true,
        })
    }

    /// `l <c> r` for a comparison.
    pub fn compare(&self, c: Compare, l: &Value, r: &Value) -> VmResult<Value> {
        match c {
            Compare::Eq => {
                if let Some(v) = self.rich_eq(l, r, sym::__eq__, sym::__eq__)? {
                    return Ok(v);
                }
                Ok(Value::Bool(self.eq(l, r)?))
            }
            Compare::Ne => {
                if let Some(v) = self.rich_eq(l, r, sym::__ne__, sym::__ne__)? {
                    return Ok(v);
                }
                Ok(Value::Bool(!self.eq(l, r)?))
            }
            _ => {
                let (forward, reflected) = match c {
                    Compare::Lt => (sym::__lt__, sym::__gt__),
                    Compare::Le => (sym::__le__, sym::__ge__),
                    Compare::Gt => (sym::__gt__, sym::__lt__),
                    _ => (sym::__ge__, sym::__le__),
                };
                let (l, r) = (subclass::operand(l, forward), subclass::operand(r, reflected));
                if let Some(o) = self.native_order(l, r)? {
                    return Ok(Value::Bool(match o {
                        Some(o) => ordering_holds(c, o),
                        None => false,
                    }));
                }
                let reflected_first = reflected_first(l, r, reflected);
                if reflected_first {
                    if let Some(v) = self.try_dunder(r, reflected, std::slice::from_ref(l))? {
                        return Ok(v);
                    }
                }
                if let Some(v) = self.try_dunder(l, forward, std::slice::from_ref(r))? {
                    return Ok(v);
                }
                if !reflected_first {
                    if let Some(v) = self.try_dunder(r, reflected, std::slice::from_ref(l))? {
                        return Ok(v);
                    }
                }
                Err(type_error(format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    compare_symbol(c),
                    self.type_name(l),
                    self.type_name(r)
                )))
            }
        }
    }

    /// A user's `__eq__`/`__ne__` on either side, if there is one that answers.
    fn rich_eq(&self, l: &Value, r: &Value, forward: Sym, reflected: Sym) -> VmResult<Option<Value>> {
        if !matches!(l, Value::Instance(_)) && !matches!(r, Value::Instance(_)) {
            return Ok(None);
        }
        if reflected_first(l, r, reflected) {
            if let Some(v) = self.try_dunder(r, reflected, std::slice::from_ref(l))? {
                return Ok(Some(v));
            }
        }
        if let Value::Instance(i) = l {
            if i.class.overrides(forward) {
                if let Some(v) = self.try_dunder(l, forward, std::slice::from_ref(r))? {
                    return Ok(Some(v));
                }
            }
        }
        if let Value::Instance(i) = r {
            if i.class.overrides(reflected) {
                if let Some(v) = self.try_dunder(r, reflected, std::slice::from_ref(l))? {
                    return Ok(Some(v));
                }
            }
        }
        if forward == sym::__ne__ {
            // `__ne__` defaults to the negation of `__eq__`.
            if let Some(v) = self.rich_eq(l, r, sym::__eq__, sym::__eq__)? {
                return Ok(Some(Value::Bool(!self.truthy(&v)?)));
            }
        }
        Ok(None)
    }

    /// The order of two values of built-in types; `Ok(None)` when they are not comparable
    /// natively, `Ok(Some(None))` when unordered (NaN).
    fn native_order(&self, l: &Value, r: &Value) -> VmResult<Option<Option<Ordering>>> {
        if let (Some(a), Some(b)) = (number(l), number(r)) {
            return Ok(Some(a.compare(&b)));
        }
        Ok(match (l, r) {
            (Value::Str(a), Value::Str(b)) => Some(Some(a.as_str().cmp(b.as_str()))),
            (Value::Bytes(a), Value::Bytes(b)) => Some(Some(a.cmp(b))),
            (Value::List(a), Value::List(b)) => {
                let (a, b) = (a.0.borrow().clone(), b.0.borrow().clone());
                Some(self.sequence_order(&a, &b)?)
            }
            (Value::Tuple(a), Value::Tuple(b)) => Some(self.sequence_order(&a.0, &b.0)?),
            (Value::Set(a), Value::Set(b)) => {
                let sub = self.is_subset(a, b)?;
                let sup = self.is_subset(b, a)?;
                Some(match (sub, sup) {
                    (true, true) => Some(Ordering::Equal),
                    (true, false) => Some(Ordering::Less),
                    (false, true) => Some(Ordering::Greater),
                    (false, false) => None,
                })
            }
            _ => None,
        })
    }

    /// Lexicographic order: the first unequal items decide, then the lengths.
    fn sequence_order(&self, a: &[Value], b: &[Value]) -> VmResult<Option<Ordering>> {
        for (x, y) in a.iter().zip(b) {
            if !self.eq(x, y)? {
                if let Some(o) = self.native_order(x, y)? {
                    return Ok(o);
                }
                let lt = self.compare(Compare::Lt, x, y)?;
                if self.truthy(&lt)? {
                    return Ok(Some(Ordering::Less));
                }
                let gt = self.compare(Compare::Gt, x, y)?;
                return Ok(Some(if self.truthy(&gt)? { Ordering::Greater } else { Ordering::Equal }));
            }
        }
        Ok(Some(a.len().cmp(&b.len())))
    }

    /// `a < b` for sorting: `__lt__`, as `list.sort` uses it.
    pub fn less_than(&self, a: &Value, b: &Value) -> VmResult<bool> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(x < y);
        }
        let v = self.compare(Compare::Lt, a, b)?;
        self.truthy(&v)
    }

    fn is_subset(&self, a: &Rc<PySet>, b: &Rc<PySet>) -> VmResult<bool> {
        let items: Vec<Value> = a.table.borrow().iter().cloned().collect();
        for v in &items {
            if !self.set_contains(b, v)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `a == b`.
    pub fn eq(&self, a: &Value, b: &Value) -> VmResult<bool> {
        let (a, b) = (subclass::operand(a, sym::__eq__), subclass::operand(b, sym::__eq__));
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(x == y);
        }
        if let (Value::Str(x), Value::Str(y)) = (a, b) {
            return Ok(Rc::ptr_eq(x, y) || x.as_str() == y.as_str());
        }
        if a.is(b) && !matches!(a, Value::Float(_)) {
            return Ok(true);
        }
        if let (Some(x), Some(y)) = (number(a), number(b)) {
            return Ok(x.equals(&y));
        }
        Ok(match (a, b) {
            (Value::List(x), Value::List(y)) => {
                let (x, y) = (x.0.borrow().clone(), y.0.borrow().clone());
                self.all_eq(&x, &y)?
            }
            (Value::Tuple(x), Value::Tuple(y)) => self.all_eq(&x.0, &y.0)?,
            (Value::Dict(x), Value::Dict(y)) => {
                if x.0.borrow().len() != y.0.borrow().len() {
                    return Ok(false);
                }
                let entries: Vec<(Value, Value)> =
                    x.0.borrow().iter().map(|e| (e.key.clone(), e.value.clone())).collect();
                for (k, v) in entries {
                    match self.dict_get(b, &k)? {
                        Some(w) if self.eq(&v, &w)? => {}
                        _ => return Ok(false),
                    }
                }
                true
            }
            (Value::Set(x), Value::Set(y)) => {
                x.table.borrow().len() == y.table.borrow().len() && self.is_subset(x, y)?
            }
            (Value::Bytes(x), Value::Bytes(y)) => x == y,
            (Value::Range(x), Value::Range(y)) => {
                let (lx, ly) = (x.len(), y.len());
                lx == ly && (lx == 0 || (x.start == y.start && (lx == 1 || x.step == y.step)))
            }
            (Value::Instance(_), _) | (_, Value::Instance(_)) => match self.rich_eq(a, b, sym::__eq__, sym::__eq__)? {
                Some(v) => self.truthy(&v)?,
                None => self.fallback_eq(a, b)?,
            },
            (Value::Method(x), Value::Method(y)) => x.func.is(&y.func) && x.receiver.is(&y.receiver),
            _ => false,
        })
    }

    fn all_eq(&self, x: &[Value], y: &[Value]) -> VmResult<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (a, b) in x.iter().zip(y) {
            if !self.eq(a, b)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Equality without calling Python: what set tables compare with.
    pub fn native_eq(a: &Value, b: &Value) -> bool {
        if let (Some(x), Some(y)) = (number(a), number(b)) {
            return x.equals(&y);
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => x.as_str() == y.as_str(),
            (Value::Bytes(x), Value::Bytes(y)) => x == y,
            (Value::Tuple(x), Value::Tuple(y)) => {
                x.0.len() == y.0.len() && x.0.iter().zip(y.0.iter()).all(|(p, q)| Interp::native_eq(p, q))
            }
            (Value::Set(x), Value::Set(y)) => {
                let (x, y) = (x.table.borrow(), y.table.borrow());
                x.len() == y.len() && x.iter().all(|v| y.iter().any(|w| Interp::native_eq(v, w)))
            }
            _ => a.is(b),
        }
    }

    /// `hash(v)`: `TypeError` for unhashable values.
    pub fn hash(&self, v: &Value) -> VmResult<i64> {
        let base = subclass::operand(v, sym::__hash__);
        if !base.is(v) && matches!(base, Value::List(_) | Value::Dict(_)) {
            return Err(type_error(format!("unhashable type: '{}'", self.type_name(v))));
        }
        let v = base;
        Ok(match v {
            Value::None => 0x5f3759df,
            Value::Bool(b) => *b as i64,
            Value::Int(i) => Int::Small(*i).hash(),
            Value::BigInt(b) => Int::Big((**b).clone()).hash(),
            Value::Float(f) => super::super::float::hash(*f),
            Value::Str(s) => s.hash(),
            Value::Bytes(b) => super::super::builtins::bytes::hash(b),
            Value::Tuple(t) => {
                let mut hashes = Vec::with_capacity(t.0.len());
                for item in t.0.iter() {
                    hashes.push(self.hash(item)?);
                }
                tuple_hash(&hashes)
            }
            Value::Set(s) if s.frozen => {
                let mut h: u64 = 0;
                let items: Vec<Value> = s.table.borrow().iter().cloned().collect();
                for item in &items {
                    let x = self.hash(item)? as u64;
                    h ^= (x ^ (x << 16) ^ 89_869_747).wrapping_mul(3_644_798_167);
                }
                h as i64
            }
            Value::List(_) | Value::Dict(_) | Value::Set(_) => {
                return Err(type_error(format!("unhashable type: '{}'", self.type_name(v))))
            }
            Value::Instance(i) => {
                if i.class.overrides(sym::__hash__) {
                    match i.class.lookup(sym::__hash__) {
                        Some(Value::None) => {
                            return Err(type_error(format!("unhashable type: '{}'", i.class.name)));
                        }
                        Some(f) => {
                            let r = self.call(&f, std::slice::from_ref(v), &[])?;
                            return match r.as_int() {
                                Some(n) => Ok(n.hash()),
                                None => Err(type_error("__hash__ method should return an integer")),
                            };
                        }
                        None => {}
                    }
                }
                if i.class.overrides(sym::__eq__) {
                    return Err(type_error(format!("unhashable type: '{}'", i.class.name)));
                }
                (v.address() >> 4) as i64
            }
            _ => (v.address() >> 4) as i64,
        })
    }

    /// Instances of native classes that compare by value.
    /// `==` when no `__eq__` of either side answered: the built-in value on one side compares
    /// with the other side's value (`Counter(a=1) == {'a': 1}` is dict's `==` once Counter's
    /// says NotImplemented; two Counters saying it are compared by identity, as in CPython); a
    /// keys or items view compares as a set with a set or another view.
    fn fallback_eq(&self, a: &Value, b: &Value) -> VmResult<bool> {
        let (x, y) = (subclass::base_of(a).unwrap_or(a), subclass::base_of(b).unwrap_or(b));
        let unwrapped = !std::ptr::eq(x, a) || !std::ptr::eq(y, b);
        let one_built_in = !matches!(a, Value::Instance(_)) || !matches!(b, Value::Instance(_));
        if unwrapped && one_built_in && !matches!(x, Value::Instance(_)) && !matches!(y, Value::Instance(_)) {
            return self.eq(x, y);
        }
        let set_like = |v: &Value| matches!(v, Value::Set(_)) || is_set_view(v);
        if (is_set_view(a) || is_set_view(b)) && set_like(a) && set_like(b) {
            let as_set = |v: &Value| -> VmResult<Value> {
                match v {
                    Value::Set(_) => Ok(v.clone()),
                    other => self.new_set(self.collect(other)?, false),
                }
            };
            let (x, y) = (as_set(a)?, as_set(b)?);
            return self.eq(&x, &y);
        }
        Ok(a.is(b))
    }

    /// `len(obj)` of objects of native classes and dict views; `None` for others.
    pub fn native_len(&self, v: &Value) -> VmResult<Option<usize>> {
        super::super::builtins::native_len(self, v)
    }

    /// A list value from items (checked against the item cap).
    pub fn new_list(&self, items: Vec<Value>) -> VmResult<Value> {
        check_len(items.len())?;
        Ok(Value::List(Rc::new(PyList::new(items))))
    }
}

/// `MemoryError` past [`MAX_ITEMS`].
pub fn check_len(n: usize) -> VmResult<()> {
    if n > MAX_ITEMS {
        return Err(error("MemoryError", ""));
    }
    Ok(())
}

/// Whether the right operand's reflected comparison goes first: its class is a strict subclass
/// of the left one's and overrides it (CPython's `do_richcompare`), so `date < datetime` asks
/// `datetime.__gt__`.
fn reflected_first(l: &Value, r: &Value, reflected: Sym) -> bool {
    match (l, r) {
        (Value::Instance(a), Value::Instance(b)) => {
            !Rc::ptr_eq(&a.class, &b.class) && b.class.is_subclass(&a.class) && b.class.overrides(reflected)
        }
        _ => false,
    }
}

/// A dict's keys or items view: set-like, as CPython's (its values view is not).
fn is_set_view(v: &Value) -> bool {
    match v {
        Value::Instance(i) => i
            .native::<super::super::builtins::DictView>()
            .is_some_and(|d| d.part != super::super::value::DictPart::Values),
        _ => false,
    }
}
