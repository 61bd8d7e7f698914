//! `repr()` and `str()` of every value, as CPython writes them (`<function f at 0x...>`,
//! `[1, 2]`, `{'a': 1}`, `ValueError('boom')`), calling a user's `__repr__`/`__str__`.

use std::cell::RefCell;

use super::super::int::Int;
use super::super::names::sym;
use super::super::value::Value;
use super::{type_error, Interp, VmResult};

thread_local! {
    /// Containers whose repr is being written: a container inside itself is `[...]`.
    static IN_REPR: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// `at 0x...` as CPython writes object addresses.
pub fn address(v: &Value) -> String {
    format!("0x{:x}", v.address())
}

fn guard<T>(v: &Value, marker: &str, f: impl FnOnce() -> VmResult<String>) -> VmResult<String> {
    let addr = v.address();
    let seen = IN_REPR.with(|s| s.borrow().contains(&addr));
    if seen {
        return Ok(marker.to_string());
    }
    IN_REPR.with(|s| s.borrow_mut().push(addr));
    let result = f();
    IN_REPR.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(pos) = s.iter().rposition(|a| *a == addr) {
            s.remove(pos);
        }
    });
    let _: Option<T> = None;
    result
}

impl Interp {
    /// `repr(v)`.
    pub fn repr(&self, v: &Value) -> VmResult<String> {
        Ok(match v {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(_) => v.as_int().unwrap_or(Int::Small(0)).to_decimal()?,
            Value::Float(f) => super::super::float::repr(*f),
            Value::Str(s) => super::super::text::repr(s.as_str()),
            Value::Bytes(b) => super::super::source::repr_bytes(b),
            Value::List(l) => guard::<()>(v, "[...]", || {
                let items = l.0.borrow().clone();
                let parts = items.iter().map(|x| self.repr(x)).collect::<VmResult<Vec<_>>>()?;
                Ok(format!("[{}]", parts.join(", ")))
            })?,
            Value::Tuple(t) => guard::<()>(v, "(...)", || {
                let parts = t.0.iter().map(|x| self.repr(x)).collect::<VmResult<Vec<_>>>()?;
                Ok(if parts.len() == 1 { format!("({},)", parts[0]) } else { format!("({})", parts.join(", ")) })
            })?,
            Value::Dict(d) => guard::<()>(v, "{...}", || {
                let entries: Vec<(Value, Value)> =
                    d.0.borrow().iter().map(|e| (e.key.clone(), e.value.clone())).collect();
                let mut parts = Vec::with_capacity(entries.len());
                for (k, val) in &entries {
                    parts.push(format!("{}: {}", self.repr(k)?, self.repr(val)?));
                }
                Ok(format!("{{{}}}", parts.join(", ")))
            })?,
            Value::Set(s) => guard::<()>(v, "{...}", || {
                let items: Vec<Value> = s.table.borrow().iter().cloned().collect();
                let parts = items.iter().map(|x| self.repr(x)).collect::<VmResult<Vec<_>>>()?;
                Ok(match (s.frozen, parts.is_empty()) {
                    (false, true) => "set()".into(),
                    (false, false) => format!("{{{}}}", parts.join(", ")),
                    (true, true) => "frozenset()".into(),
                    (true, false) => format!("frozenset({{{}}})", parts.join(", ")),
                })
            })?,
            Value::Function(f) => {
                let qualname = match f.attrs.borrow().get(super::super::names::sym::__qualname__) {
                    Some(q) => self.str_of(q)?,
                    None => f.code.qualname.to_string(),
                };
                format!("<function {qualname} at {}>", address(v))
            }
            Value::Builtin(b) => match b.owner {
                Some(owner) => format!("<method '{}' of '{owner}' objects>", b.name),
                None => format!("<built-in function {}>", b.name),
            },
            Value::Method(m) => match &m.func {
                Value::Builtin(b) => {
                    let r = &m.receiver;
                    format!("<built-in method {} of {} object at {}>", b.name, self.type_name(r), address(r))
                }
                Value::Function(f) => format!("<bound method {} of {}>", f.code.qualname, self.repr(&m.receiver)?),
                other => format!("<bound method ? of {}>", self.repr(other)?),
            },
            Value::Class(c) => {
                if c.module == "builtins" {
                    format!("<class '{}'>", c.qualname)
                } else {
                    format!("<class '{}.{}'>", c.module, c.qualname)
                }
            }
            Value::Instance(i) => {
                if let Some(r) = self.dunder_repr(v)? {
                    return Ok(r);
                }
                if let Some(r) = super::super::builtins::native_repr(self, v)? {
                    return Ok(r);
                }
                if i.exception().is_some() {
                    return self.exception_repr(v);
                }
                if i.class.module == "builtins" {
                    format!("<{} object at {}>", i.class.qualname, address(v))
                } else {
                    format!("<{}.{} object at {}>", i.class.module, i.class.qualname, address(v))
                }
            }
            Value::Module(m) => format!("<module '{}' (built-in)>", m.name),
            Value::Generator(g) => {
                let what = g.kind.noun();
                format!("<{what} object {} at {}>", g.qualname, address(v))
            }
            Value::Iter(it) => format!("<{} object at {}>", it.kind.borrow().type_name(), address(v)),
            Value::Range(r) => {
                if r.step == 1 {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Value::Slice(s) => {
                format!("slice({}, {}, {})", self.repr(&s.start)?, self.repr(&s.stop)?, self.repr(&s.step)?)
            }
            Value::Code(c) => format!(
                "<code object {} at {}, file \"{}\", line {}>",
                c.name,
                address(v),
                self.file_name,
                c.first_line
            ),
            Value::Cell(_) => format!("<cell at {}>", address(v)),
            Value::Ellipsis => "Ellipsis".into(),
            Value::NotImplemented => "NotImplemented".into(),
        })
    }

    /// A user's `__repr__`.
    fn dunder_repr(&self, v: &Value) -> VmResult<Option<String>> {
        let Value::Instance(i) = v else {
            return Ok(None);
        };
        if !i.class.overrides(sym::__repr__) {
            return Ok(None);
        }
        let Some(m) = self.dunder(v, sym::__repr__) else {
            return Ok(None);
        };
        match self.call(&m, &[], &[])? {
            Value::Str(s) => Ok(Some(s.as_str().to_string())),
            other => Err(type_error(format!("__repr__ returned non-string (type {})", self.type_name(&other)))),
        }
    }

    /// `str(v)`.
    pub fn str_of(&self, v: &Value) -> VmResult<String> {
        match v {
            Value::Str(s) => Ok(s.as_str().to_string()),
            Value::Instance(i) => {
                if i.class.overrides(sym::__str__) {
                    if let Some(m) = self.dunder(v, sym::__str__) {
                        return match self.call(&m, &[], &[])? {
                            Value::Str(s) => Ok(s.as_str().to_string()),
                            other => Err(type_error(format!(
                                "__str__ returned non-string (type {})",
                                self.type_name(&other)
                            ))),
                        };
                    }
                }
                if i.exception().is_some() && !i.class.overrides(sym::__repr__) {
                    return self.exception_str(v);
                }
                if i.exception().is_some() {
                    return self.exception_str(v);
                }
                // object.__str__ is repr(): a subclass of dict that defines __repr__ prints with it.
                if i.class.overrides(sym::__repr__) {
                    return self.repr(v);
                }
                if let Some(s) = super::super::builtins::native_str(self, v)? {
                    return Ok(s);
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }
}
