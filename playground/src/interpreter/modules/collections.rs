//! `collections`: `deque`, a double-ended queue with an optional `maxlen`, as asyncio's queues and
//! teaching code use it, in Rust; `defaultdict`, `Counter`, `OrderedDict` and `namedtuple` in
//! `collections.py`, compiled only when a program first asks for one of them.

use std::cell::RefCell;
use std::collections::VecDeque;

use super::super::builtins::{arity, int_arg, kwarg, method, native_class, native_instance, no_kwargs};
use super::super::names::Sym;
use super::super::value::{IterKind, NativeObject, Value};
use super::super::vm::{error, type_error, Interp, VmResult};
use super::native_module;
use crate::native_any;

pub struct Deque {
    pub items: RefCell<VecDeque<Value>>,
    pub maxlen: Option<usize>,
}

impl Deque {
    fn push_back(&self, v: Value) {
        let mut items = self.items.borrow_mut();
        if self.maxlen == Some(0) {
            return;
        }
        if Some(items.len()) == self.maxlen {
            items.pop_front();
        }
        items.push_back(v);
    }

    fn push_front(&self, v: Value) {
        let mut items = self.items.borrow_mut();
        if self.maxlen == Some(0) {
            return;
        }
        if Some(items.len()) == self.maxlen {
            items.pop_back();
        }
        items.push_front(v);
    }
}

impl NativeObject for Deque {
    native_any!();
    fn len(&self, _: &Interp) -> Option<usize> {
        Some(self.items.borrow().len())
    }
    fn iter(&self, _: &Interp, _: &Value) -> Option<VmResult<Value>> {
        let items: Vec<Value> = self.items.borrow().iter().cloned().collect();
        Some(Ok(super::super::vm::new_iter(IterKind::Values {
            items,
            index: 0,
            type_name: "_collections._deque_iterator",
        })))
    }
    fn contains(&self, interp: &Interp, item: &Value) -> Option<VmResult<bool>> {
        let items: Vec<Value> = self.items.borrow().iter().cloned().collect();
        Some((|| {
            for v in &items {
                if interp.eq(v, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        })())
    }
    fn getitem(&self, interp: &Interp, key: &Value) -> Option<VmResult<Value>> {
        Some((|| {
            let i = int_arg(interp, key)?;
            let items = self.items.borrow();
            let len = items.len() as i64;
            let j = if i < 0 { i + len } else { i };
            if !(0..len).contains(&j) {
                return Err(error("IndexError", "deque index out of range"));
            }
            Ok(items[j as usize].clone())
        })())
    }
    fn setitem(&self, interp: &Interp, key: &Value, value: &Value) -> Option<VmResult<()>> {
        Some((|| {
            let i = int_arg(interp, key)?;
            let mut items = self.items.borrow_mut();
            let len = items.len() as i64;
            let j = if i < 0 { i + len } else { i };
            if !(0..len).contains(&j) {
                return Err(error("IndexError", "deque index out of range"));
            }
            items[j as usize] = value.clone();
            Ok(())
        })())
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<VmResult<String>> {
        let items: Vec<Value> = self.items.borrow().iter().cloned().collect();
        Some(interp.repr(&Value::list(items)).map(|r| match self.maxlen {
            Some(m) => format!("deque({r}, maxlen={m})"),
            None => format!("deque({r})"),
        }))
    }
}

fn this(a: &[Value]) -> VmResult<&Deque> {
    match a.first() {
        Some(Value::Instance(i)) => {
            i.native::<Deque>().ok_or_else(|| type_error("descriptor requires a 'collections.deque' object"))
        }
        _ => Err(type_error("descriptor requires a 'collections.deque' object")),
    }
}

pub fn module(interp: &Interp) -> Value {
    let m = native_module("collections", &[]);
    let deque = native_class(interp, "deque", "collections", None);
    method(&deque, "__new__", |i, a, k| {
        let Some(Value::Class(c)) = a.first() else { return Err(error("SystemError", "deque.__new__")) };
        arity("deque", &a[1..], 0, 2)?;
        let iterable = a.get(1).or(kwarg("deque", k, &["iterable", "maxlen"], "iterable")?).cloned();
        let maxlen = a.get(2).or(kwarg("deque", k, &["iterable", "maxlen"], "maxlen")?).filter(|v| !v.is_none());
        let maxlen = match maxlen {
            Some(v) => {
                let n = int_arg(i, v)?;
                if n < 0 {
                    return Err(super::super::vm::value_error("maxlen must be non-negative"));
                }
                Some(n as usize)
            }
            None => None,
        };
        let d = Deque { items: RefCell::new(VecDeque::new()), maxlen };
        if let Some(it) = iterable {
            for v in i.collect(&it)? {
                d.push_back(v);
            }
        }
        Ok(native_instance(c, d))
    });
    method(&deque, "__init__", |_, _, _| Ok(Value::None));
    method(&deque, "append", |_, a, k| {
        no_kwargs("append", k)?;
        arity("deque.append", &a[1..], 1, 1)?;
        this(a)?.push_back(a[1].clone());
        Ok(Value::None)
    });
    method(&deque, "appendleft", |_, a, k| {
        no_kwargs("appendleft", k)?;
        arity("deque.appendleft", &a[1..], 1, 1)?;
        this(a)?.push_front(a[1].clone());
        Ok(Value::None)
    });
    method(&deque, "pop", |_, a, _| {
        this(a)?.items.borrow_mut().pop_back().ok_or_else(|| error("IndexError", "pop from an empty deque"))
    });
    method(&deque, "popleft", |_, a, _| {
        this(a)?.items.borrow_mut().pop_front().ok_or_else(|| error("IndexError", "pop from an empty deque"))
    });
    method(&deque, "extend", |i, a, _| {
        arity("deque.extend", &a[1..], 1, 1)?;
        for v in i.collect(&a[1])? {
            this(a)?.push_back(v);
        }
        Ok(Value::None)
    });
    method(&deque, "extendleft", |i, a, _| {
        arity("deque.extendleft", &a[1..], 1, 1)?;
        for v in i.collect(&a[1])? {
            this(a)?.push_front(v);
        }
        Ok(Value::None)
    });
    method(&deque, "clear", |_, a, _| {
        this(a)?.items.borrow_mut().clear();
        Ok(Value::None)
    });
    method(&deque, "remove", |i, a, _| {
        arity("deque.remove", &a[1..], 1, 1)?;
        let d = this(a)?;
        let items: Vec<Value> = d.items.borrow().iter().cloned().collect();
        for (n, v) in items.iter().enumerate() {
            if i.eq(v, &a[1])? {
                d.items.borrow_mut().remove(n);
                return Ok(Value::None);
            }
        }
        Err(super::super::vm::value_error(format!("{} is not in deque", i.repr(&a[1])?)))
    });
    method(&deque, "rotate", |i, a, _| {
        arity("deque.rotate", &a[1..], 0, 1)?;
        let n = match a.get(1) {
            Some(v) => int_arg(i, v)?,
            None => 1,
        };
        let d = this(a)?;
        let mut items = d.items.borrow_mut();
        let len = items.len() as i64;
        if len > 0 {
            let n = n.rem_euclid(len) as usize;
            items.rotate_right(n);
        }
        Ok(Value::None)
    });
    method(&deque, "count", |i, a, _| {
        arity("deque.count", &a[1..], 1, 1)?;
        let items: Vec<Value> = this(a)?.items.borrow().iter().cloned().collect();
        let mut n = 0;
        for v in &items {
            if i.eq(v, &a[1])? {
                n += 1;
            }
        }
        Ok(Value::Int(n))
    });
    method(&deque, "copy", |_, a, _| {
        let d = this(a)?;
        let Some(Value::Instance(inst)) = a.first() else { return Ok(Value::None) };
        Ok(native_instance(&inst.class, Deque { items: RefCell::new(d.items.borrow().clone()), maxlen: d.maxlen }))
    });
    m.set(Sym::new("deque"), Value::Class(deque));
    // asyncio.py and queue.py import only deque, on every asyncio run: the Python part is
    // compiled when a program first needs one of its names.
    m.set_pending(|interp, m| super::run_python_part(interp, m, include_str!("collections.py")));
    Value::Module(m)
}

crate::opaque_debug!(Deque);
