//! `select.select(rlist, wlist, xlist[, timeout])` on the run's virtual network: the lists
//! of sockets ready to read (data, end-of-file, a connection to accept), ready to write, and
//! with an exceptional condition (TCP urgent data, which nothing here sends: always empty).
//! With nothing ready it blocks its process until something is, or until the timeout passes
//! on the virtual clock; `timeout=0` polls. Each call and what it returned goes into the
//! trace, for the Event loop tab.

use std::rc::Rc;

use super::super::builtins::arity;
use super::super::names::Sym;
use super::super::value::Value;
use super::super::vm::{type_error, value_error, Blocker, Interp, Unwind, VmResult};
use super::native_module;
use super::socket::socket_of;
use crate::runtime::network::{Blocking, Readiness, SocketId, Wakeup};
use crate::trace::SelectCall;

/// The lists of one call: each object with its socket.
struct Lists {
    read: Vec<(Value, SocketId)>,
    write: Vec<(Value, SocketId)>,
    error: Vec<(Value, SocketId)>,
}

/// The socket behind one list item: a socket object, an object with `fileno()`, or a file
/// descriptor of this process.
fn socket_for(interp: &Interp, v: &Value) -> VmResult<SocketId> {
    let fd = match socket_of(v) {
        Some(s) => {
            return match interp.lp.network().fileno(s.id) {
                Some(_) => Ok(s.id),
                None => Err(value_error("file descriptor cannot be a negative integer (-1)")),
            }
        }
        None => match v {
            Value::Int(n) => *n,
            Value::Bool(b) => i64::from(*b),
            other => match interp.getattr_opt(other, Sym::new("fileno"))? {
                Some(f) => match interp.call(&f, &[], &[])? {
                    Value::Int(n) => n,
                    _ => return Err(type_error("fileno() returned a non-integer")),
                },
                None => return Err(type_error("argument must be an int, or have a fileno() method.")),
            },
        },
    };
    if fd < 0 {
        return Err(value_error(format!("file descriptor cannot be a negative integer ({fd})")));
    }
    interp.lp.network().by_fd(interp.lp.process(), fd as u32).ok_or_else(|| {
        Unwind::Raise(interp.new_exception_args("OSError", vec![Value::Int(9), Value::str("Bad file descriptor")]))
    })
}

fn list_of(interp: &Interp, v: &Value) -> VmResult<Vec<(Value, SocketId)>> {
    let items = interp.collect(v)?;
    items.into_iter().map(|item| socket_for(interp, &item).map(|s| (item, s))).collect()
}

fn describe(interp: &Interp, list: &[(Value, SocketId)]) -> Vec<String> {
    list.iter().map(|(_, s)| interp.lp.network().describe(*s)).collect()
}

/// The ready objects of each list, in the order given.
fn ready(interp: &Interp, lists: &Lists) -> [Vec<Value>; 3] {
    let net = interp.lp.network();
    let pick = |list: &[(Value, SocketId)], r: Readiness| -> Vec<Value> {
        list.iter().filter(|(_, s)| net.is_ready(*s, r)).map(|(v, _)| v.clone()).collect()
    };
    [pick(&lists.read, Readiness::Read), pick(&lists.write, Readiness::Write), Vec::new()]
}

/// Returns the three lists if any is ready or the deadline has passed; else blocks.
fn wait(interp: &Interp, lists: Rc<Lists>, deadline: Option<f64>, call: u32) -> VmResult<Value> {
    let [r, w, x] = ready(interp, &lists);
    let timed_out = deadline.is_some_and(|d| interp.lp.time() >= d);
    if !r.is_empty() || !w.is_empty() || timed_out {
        let texts = |values: &[Value]| -> Vec<String> {
            values.iter().filter_map(|v| socket_of(v).map(|s| interp.lp.network().describe(s.id))).collect()
        };
        interp.lp.select_returned(call, [texts(&r), texts(&w), texts(&x)]);
        return Ok(Value::tuple(vec![Value::list(r), Value::list(w), Value::list(x)]));
    }
    let mut sockets: Vec<(SocketId, Readiness)> = lists.read.iter().map(|(_, s)| (*s, Readiness::Read)).collect();
    sockets.extend(lists.write.iter().map(|(_, s)| (*s, Readiness::Write)));
    let wake = Wakeup { until: deadline, sockets, why: Blocking::Select { call } };
    Err(Unwind::Block(Blocker::Io { wake, finish: Box::new(move |i| wait(i, lists, deadline, call)) }))
}

fn select(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    super::super::builtins::no_kwargs("select", kwargs)?;
    arity("select", args, 3, 4)?;
    let timeout = match args.get(3) {
        None | Some(Value::None) => None,
        Some(v) => {
            let t = match super::super::vm::ops_number(v) {
                Some(n) => n.to_f64()?,
                None => return Err(type_error("timeout must be a float or None")),
            };
            if t.is_nan() {
                return Err(value_error("Invalid value NaN (not a number)"));
            }
            if t < 0.0 {
                return Err(value_error("timeout must be non-negative"));
            }
            Some(t)
        }
    };
    let lists = Lists {
        read: list_of(interp, &args[0])?,
        write: list_of(interp, &args[1])?,
        error: list_of(interp, &args[2])?,
    };
    // FD_SETSIZE: select() takes at most this many in a list.
    if [&lists.read, &lists.write, &lists.error].iter().any(|l| l.len() > 1024) {
        return Err(value_error("too many file descriptors in select()"));
    }
    let call = interp.lp.select_called(SelectCall {
        process: interp.lp.process(),
        time: interp.lp.time(),
        read: describe(interp, &lists.read),
        write: describe(interp, &lists.write),
        error: describe(interp, &lists.error),
        timeout,
        returned: None,
    });
    let deadline = timeout.map(|t| interp.lp.time() + t);
    wait(interp, Rc::new(lists), deadline, call)
}

pub fn module(interp: &Interp) -> Value {
    let m = native_module("select", &[("select", select)]);
    m.set(Sym::new("error"), Value::Class(interp.exception_class("OSError")));
    Value::Module(m)
}
