//! `socket` on the run's virtual network ([`crate::runtime::network`]): TCP sockets of
//! `AF_INET` and `SOCK_STREAM`, as the lecture's servers and clients use them. A blocking
//! call that cannot complete blocks the program's process (the others go on) until the
//! network or the clock ends the wait; a non-blocking one raises `BlockingIOError`, as
//! CPython's do. Every error is CPython's class, errno and text. Nothing here reaches a real
//! network: only the run's own programs are on it.

use std::cell::Cell;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::rc::Rc;

use super::super::builtins::{arity, int_arg, kwarg, method, native_class, native_instance};
use super::super::names::Sym;
use super::super::value::{Class, NativeObject, Value};
use super::super::vm::exceptions::add_exception;
use super::super::vm::{error, type_error, value_error, Blocker, Interp, Unwind, VmResult};
use super::native_module;
use crate::native_any;
use crate::runtime::network::{Blocking, NetError, Readiness, SocketId, Wakeup};

pub const AF_INET: i64 = 2;
pub const SOCK_STREAM: i64 = 1;
const SOL_SOCKET: i64 = 1;
const SO_REUSEADDR: i64 = 2;
const SO_ERROR: i64 = 4;
const SHUT_RD: i64 = 0;
const SHUT_WR: i64 = 1;
const SHUT_RDWR: i64 = 2;

/// The virtual machine's name (`socket.gethostname()`); it resolves to the loopback address.
pub const HOSTNAME: &str = "playground";

/// A `socket.socket` object.
pub struct SocketObj {
    pub id: SocketId,
    closed: Cell<bool>,
    /// `None`: blocking; `Some(0.0)`: non-blocking; `Some(t)`: blocking for at most `t` s.
    timeout: Cell<Option<f64>>,
    /// A non-blocking `connect` is in progress: the next `connect` reports its outcome.
    connecting: Cell<bool>,
    /// The network it is on, to close it when the object goes.
    network: crate::runtime::network::Network,
}

impl Drop for SocketObj {
    /// A socket object nobody refers to any more is closed, as CPython's `socket.__del__`
    /// closes it (a server that rebinds `client_socket` without closing the last one).
    fn drop(&mut self) {
        if !self.closed.get() {
            self.network.close(self.id);
        }
    }
}

impl NativeObject for SocketObj {
    native_any!();
    fn repr(&self, interp: &Interp, _: &Value) -> Option<VmResult<String>> {
        let net = interp.lp.network();
        let fd = if self.closed.get() { None } else { net.fileno(self.id) };
        let Some(fd) = fd else {
            return Some(Ok("<socket.socket [closed] fd=-1, family=2, type=1, proto=0>".to_string()));
        };
        let mut s = format!("<socket.socket fd={fd}, family=2, type=1, proto=0");
        if let Ok(local) = net.local_address(self.id) {
            s.push_str(&format!(", laddr={}", address_repr(local)));
        }
        if let Ok(peer) = net.peer_address(self.id) {
            s.push_str(&format!(", raddr={}", address_repr(peer)));
        }
        s.push('>');
        Some(Ok(s))
    }
}

fn address_repr(a: SocketAddrV4) -> String {
    format!("('{}', {})", a.ip(), a.port())
}

/// `('127.0.0.1', 50001)` as a Python tuple.
pub fn address_value(a: SocketAddrV4) -> Value {
    Value::tuple(vec![Value::string(a.ip().to_string()), Value::Int(i64::from(a.port()))])
}

/// The `OSError` (or subclass) CPython raises for `e`: `[Errno 111] Connection refused`.
pub fn os_error(interp: &Interp, e: NetError) -> Unwind {
    Unwind::Raise(interp.new_exception_args(e.python_class(), vec![Value::Int(e.errno()), Value::str(e.strerror())]))
}

/// The socket object behind a Python value.
pub fn socket_of(v: &Value) -> Option<&SocketObj> {
    match v {
        Value::Instance(i) => i.native::<SocketObj>(),
        _ => None,
    }
}

/// The socket of a socket object argument, `EBADF` once closed.
pub fn open_socket(interp: &Interp, v: &Value) -> VmResult<SocketId> {
    match socket_of(v) {
        Some(s) => open_id(interp, s),
        None => Err(type_error(format!("a socket object is required, not '{}'", interp.type_name(v)))),
    }
}

fn this(a: &[Value]) -> VmResult<&SocketObj> {
    a.first().and_then(socket_of).ok_or_else(|| type_error("descriptor requires a 'socket' object"))
}

/// The socket's id, or `EBADF` once closed.
fn open_id(interp: &Interp, s: &SocketObj) -> VmResult<SocketId> {
    if s.closed.get() {
        return Err(os_error(interp, NetError::BadFd));
    }
    Ok(s.id)
}

/// A host name as `getaddrinfo` resolves it on the virtual machine: numbers, `localhost`
/// and its own name; `''` is any address (for `bind`).
pub fn resolve(interp: &Interp, host: &str) -> VmResult<Ipv4Addr> {
    if host.is_empty() {
        return Ok(Ipv4Addr::UNSPECIFIED);
    }
    if host.eq_ignore_ascii_case("localhost") || host == HOSTNAME {
        return Ok(Ipv4Addr::LOCALHOST);
    }
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return Ok(ip);
    }
    Err(Unwind::Raise(
        interp.new_exception_args("gaierror", vec![Value::Int(-2), Value::str("Name or service not known")]),
    ))
}

/// An `AF_INET` address argument: a `(host, port)` pair.
pub fn address_arg(interp: &Interp, v: &Value, what: &str) -> VmResult<SocketAddrV4> {
    let Value::Tuple(t) = v else {
        return Err(type_error(format!("{what}AF_INET address must be tuple, not {}", interp.type_name(v))));
    };
    let [host, port] = &t.0[..] else {
        return Err(type_error("AF_INET address must be a pair (host, port)"));
    };
    let Value::Str(host) = host else {
        return Err(type_error(format!("str, bytes or bytearray expected, not {}", interp.type_name(host))));
    };
    let port = int_arg(interp, port)?;
    let Ok(port) = u16::try_from(port) else {
        return Err(error("OverflowError", format!("{what}port must be 0-65535.")));
    };
    Ok(SocketAddrV4::new(resolve(interp, host.as_str())?, port))
}

/// What a blocking call waits for before it tries again.
#[derive(Clone, Copy)]
struct Wait {
    socket: SocketId,
    readiness: Readiness,
    why: Blocking,
    /// `settimeout(t)`: give up at this virtual time with `TimeoutError('timed out')`.
    deadline: Option<f64>,
    /// `setblocking(False)`: never wait.
    nonblocking: bool,
}

impl Wait {
    fn new(interp: &Interp, s: &SocketObj, readiness: Readiness, why: Blocking) -> Wait {
        let timeout = s.timeout.get();
        Wait {
            socket: s.id,
            readiness,
            why,
            deadline: timeout.filter(|t| *t > 0.0).map(|t| interp.lp.time() + t),
            nonblocking: timeout == Some(0.0),
        }
    }
}

/// A socket operation that may have to wait: it is tried, and tried again each time its
/// wait is over.
type SocketOp = Rc<dyn Fn(&Interp) -> Result<Value, Failure>>;

enum Failure {
    Net(NetError),
    Python(Unwind),
}

impl From<NetError> for Failure {
    fn from(e: NetError) -> Failure {
        Failure::Net(e)
    }
}

/// Runs `op`; if it would block, the process blocks until the socket is ready (or the
/// deadline passes), and `op` runs again then.
fn blocking(interp: &Interp, wait: Wait, op: SocketOp) -> VmResult<Value> {
    match op(interp) {
        Ok(v) => Ok(v),
        Err(Failure::Net(NetError::WouldBlock)) if !wait.nonblocking => {
            if wait.deadline.is_some_and(|d| interp.lp.time() >= d) {
                return Err(Unwind::Raise(interp.new_exception("TimeoutError", "timed out")));
            }
            let wake = Wakeup { until: wait.deadline, sockets: vec![(wait.socket, wait.readiness)], why: wait.why };
            Err(Unwind::Block(Blocker::Io { wake, finish: Box::new(move |i| blocking(i, wait, op)) }))
        }
        Err(Failure::Net(e)) => Err(os_error(interp, e)),
        Err(Failure::Python(u)) => Err(u),
    }
}

fn bytes_data<'a>(interp: &Interp, v: &'a Value) -> VmResult<&'a [u8]> {
    super::super::builtins::bytes::bytes_of(v)
        .ok_or_else(|| type_error(format!("a bytes-like object is required, not '{}'", interp.type_name(v))))
}

fn fd_value(interp: &Interp, s: &SocketObj) -> i64 {
    if s.closed.get() {
        return -1;
    }
    interp.lp.network().fileno(s.id).map_or(-1, i64::from)
}

/// A new socket object of this process (for `socket()` and `accept()`).
pub fn new_socket(interp: &Interp, id: SocketId, timeout: Option<f64>) -> VmResult<Value> {
    let class = interp.native_class("socket").ok_or_else(|| error("SystemError", "socket is not imported"))?;
    Ok(native_instance(
        &class,
        SocketObj {
            id,
            closed: Cell::new(false),
            timeout: Cell::new(timeout),
            connecting: Cell::new(false),
            network: interp.lp.network().clone(),
        },
    ))
}

fn construct(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    arity("socket", args, 0, 4)?;
    let allowed = ["family", "type", "proto", "fileno"];
    let family = args.first().or(kwarg("socket", kwargs, &allowed, "family")?);
    let kind = args.get(1).or(kwarg("socket", kwargs, &allowed, "type")?);
    if let Some(f) = family.filter(|v| !v.is_none()) {
        let f = int_arg(interp, f)?;
        if f != AF_INET {
            return Err(error(
                "NotImplementedError",
                "only AF_INET sockets are supported in this playground (its network has IPv4 addresses only)",
            ));
        }
    }
    if let Some(k) = kind.filter(|v| !v.is_none()) {
        let k = int_arg(interp, k)?;
        if k != SOCK_STREAM {
            return Err(error(
                "NotImplementedError",
                "only SOCK_STREAM (TCP) sockets are supported in this playground",
            ));
        }
    }
    if args.get(3).or(kwarg("socket", kwargs, &allowed, "fileno")?).is_some_and(|v| !v.is_none()) {
        return Err(error("NotImplementedError", "socket(fileno=...) is not supported in this playground"));
    }
    let id = interp.lp.network().socket(interp.lp.process());
    new_socket(interp, id, None)
}

/// `s.connect(address)`: at once on the virtual network, or refused. A non-blocking socket
/// says `BlockingIOError: [Errno 115] Operation now in progress`, as Linux does even on the
/// loopback; the socket is writable when done, and `SO_ERROR` tells how it went.
fn connect(interp: &Interp, s: &SocketObj, address: &Value) -> VmResult<()> {
    let id = open_id(interp, s)?;
    let addr = address_arg(interp, address, "")?;
    let net = interp.lp.network();
    if s.connecting.replace(false) {
        // The background connect is done; its outcome is reported now.
        return match net.take_error(id).map_err(|e| os_error(interp, e))? {
            Some(e) => Err(os_error(interp, e)),
            None => Ok(()),
        };
    }
    let result = net.connect(id, addr);
    if s.timeout.get() == Some(0.0) {
        return match result {
            Ok(()) | Err(NetError::Refused) => {
                s.connecting.set(true);
                Err(os_error(interp, NetError::InProgress))
            }
            Err(e) => Err(os_error(interp, e)),
        };
    }
    if result == Err(NetError::Refused) {
        let _ = net.take_error(id);
    }
    result.map_err(|e| os_error(interp, e))
}

fn install_socket_class(interp: &Interp) -> Rc<Class> {
    let c = native_class(interp, "socket", "socket", None);
    method(&c, "__init__", |_, _, _| Ok(Value::None));
    method(&c, "bind", |i, a, _| {
        arity("bind", &a[1..], 1, 1)?;
        let s = this(a)?;
        let id = open_id(i, s)?;
        let addr = address_arg(i, &a[1], "bind(): ")?;
        i.lp.network().bind(id, addr).map_err(|e| os_error(i, e))?;
        Ok(Value::None)
    });
    method(&c, "listen", |i, a, _| {
        arity("listen", &a[1..], 0, 1)?;
        let s = this(a)?;
        if let Some(b) = a.get(1) {
            int_arg(i, b)?;
        }
        let id = open_id(i, s)?;
        i.lp.network().listen(id).map_err(|e| os_error(i, e))?;
        Ok(Value::None)
    });
    method(&c, "accept", |i, a, _| {
        arity("accept", &a[1..], 0, 0)?;
        let s = this(a)?;
        let id = open_id(i, s)?;
        let fd = i.lp.network().fileno(id).unwrap_or(0);
        let wait = Wait::new(i, s, Readiness::Read, Blocking::Accept { fd });
        blocking(
            i,
            wait,
            Rc::new(move |i: &Interp| {
                let (conn, peer) = i.lp.network().accept(id)?;
                // CPython gives the new socket the default timeout (blocking), whatever the
                // listening socket's mode.
                let conn = new_socket(i, conn, None).map_err(Failure::Python)?;
                Ok(Value::tuple(vec![conn, address_value(peer)]))
            }),
        )
    });
    method(&c, "connect", |i, a, _| {
        arity("connect", &a[1..], 1, 1)?;
        connect(i, this(a)?, &a[1])?;
        Ok(Value::None)
    });
    method(&c, "connect_ex", |i, a, _| {
        arity("connect_ex", &a[1..], 1, 1)?;
        match connect(i, this(a)?, &a[1]) {
            Ok(()) => Ok(Value::Int(0)),
            Err(Unwind::Raise(e)) if i.is_instance_of(&e, "OSError") && !i.is_instance_of(&e, "gaierror") => {
                Ok(i.getattr(&e, Sym::new("errno"))?)
            }
            Err(e) => Err(e),
        }
    });
    method(&c, "recv", |i, a, k| {
        arity("recv", &a[1..], 1, 2)?;
        let _ = kwarg("recv", k, &[], "")?;
        let s = this(a)?;
        let n = int_arg(i, &a[1])?;
        if n < 0 {
            return Err(value_error("negative buffersize in recv"));
        }
        let id = open_id(i, s)?;
        let fd = i.lp.network().fileno(id).unwrap_or(0);
        let wait = Wait::new(i, s, Readiness::Read, Blocking::Recv { fd });
        let n = n as usize;
        blocking(i, wait, Rc::new(move |i: &Interp| Ok(Value::bytes(i.lp.network().recv(id, n)?))))
    });
    method(&c, "send", |i, a, _| {
        arity("send", &a[1..], 1, 2)?;
        let s = this(a)?;
        let data: Rc<Vec<u8>> = Rc::new(bytes_data(i, &a[1])?.to_vec());
        let id = open_id(i, s)?;
        let fd = i.lp.network().fileno(id).unwrap_or(0);
        let wait = Wait::new(i, s, Readiness::Write, Blocking::Send { fd });
        blocking(i, wait, Rc::new(move |i: &Interp| Ok(Value::Int(i.lp.network().send(id, &data)? as i64))))
    });
    method(&c, "sendall", |i, a, _| {
        arity("sendall", &a[1..], 1, 2)?;
        let s = this(a)?;
        let data: Rc<Vec<u8>> = Rc::new(bytes_data(i, &a[1])?.to_vec());
        let id = open_id(i, s)?;
        let fd = i.lp.network().fileno(id).unwrap_or(0);
        let wait = Wait::new(i, s, Readiness::Write, Blocking::Send { fd });
        let sent = Rc::new(Cell::new(0usize));
        blocking(
            i,
            wait,
            Rc::new(move |i: &Interp| {
                let net = i.lp.network();
                if data.is_empty() {
                    net.send(id, &[])?;
                }
                // What was sent before a wait stays sent: go on from there.
                while sent.get() < data.len() {
                    let n = net.send(id, &data[sent.get()..])?;
                    sent.set(sent.get() + n);
                }
                Ok(Value::None)
            }),
        )
    });
    method(&c, "close", |i, a, _| {
        let s = this(a)?;
        if !s.closed.replace(true) {
            i.lp.network().close(s.id);
        }
        Ok(Value::None)
    });
    method(&c, "shutdown", |i, a, _| {
        arity("shutdown", &a[1..], 1, 1)?;
        let s = this(a)?;
        let how = int_arg(i, &a[1])?;
        let (read, write) = match how {
            SHUT_RD => (true, false),
            SHUT_WR => (false, true),
            SHUT_RDWR => (true, true),
            _ => return Err(os_error(i, NetError::Invalid)),
        };
        let id = open_id(i, s)?;
        i.lp.network().shutdown(id, read, write).map_err(|e| os_error(i, e))?;
        Ok(Value::None)
    });
    method(&c, "setblocking", |i, a, _| {
        arity("setblocking", &a[1..], 1, 1)?;
        let s = this(a)?;
        open_id(i, s)?;
        s.timeout.set(if i.truthy(&a[1])? { None } else { Some(0.0) });
        Ok(Value::None)
    });
    method(&c, "getblocking", |i, a, _| {
        let s = this(a)?;
        open_id(i, s)?;
        Ok(Value::Bool(s.timeout.get() != Some(0.0)))
    });
    method(&c, "settimeout", |i, a, _| {
        arity("settimeout", &a[1..], 1, 1)?;
        let s = this(a)?;
        let t = match &a[1] {
            Value::None => None,
            v => {
                let t = i.expect_number(v, "timeout")?.to_f64()?;
                if t < 0.0 {
                    return Err(value_error("Timeout value out of range"));
                }
                Some(t)
            }
        };
        s.timeout.set(t);
        Ok(Value::None)
    });
    method(&c, "gettimeout", |_, a, _| Ok(this(a)?.timeout.get().map_or(Value::None, Value::Float)));
    method(&c, "fileno", |i, a, _| Ok(Value::Int(fd_value(i, this(a)?))));
    method(&c, "getsockname", |i, a, _| {
        let s = this(a)?;
        let id = open_id(i, s)?;
        Ok(address_value(i.lp.network().local_address(id).map_err(|e| os_error(i, e))?))
    });
    method(&c, "getpeername", |i, a, _| {
        let s = this(a)?;
        let id = open_id(i, s)?;
        Ok(address_value(i.lp.network().peer_address(id).map_err(|e| os_error(i, e))?))
    });
    method(&c, "setsockopt", |i, a, _| {
        arity("setsockopt", &a[1..], 3, 3)?;
        let s = this(a)?;
        let id = open_id(i, s)?;
        let (level, option) = (int_arg(i, &a[1])?, int_arg(i, &a[2])?);
        if (level, option) == (SOL_SOCKET, SO_REUSEADDR) {
            let on = i.truthy(&a[3])?;
            i.lp.network().set_reuse_address(id, on).map_err(|e| os_error(i, e))?;
        }
        // Other options change nothing a program here could see.
        Ok(Value::None)
    });
    method(&c, "getsockopt", |i, a, _| {
        arity("getsockopt", &a[1..], 2, 3)?;
        let s = this(a)?;
        let id = open_id(i, s)?;
        let (level, option) = (int_arg(i, &a[1])?, int_arg(i, &a[2])?);
        let net = i.lp.network();
        Ok(Value::Int(match (level, option) {
            (SOL_SOCKET, SO_ERROR) => net.take_error(id).map_err(|e| os_error(i, e))?.map_or(0, NetError::errno),
            (SOL_SOCKET, SO_REUSEADDR) => i64::from(net.reuse_address(id).map_err(|e| os_error(i, e))?),
            _ => 0,
        }))
    });
    method(&c, "__enter__", |_, a, _| Ok(a[0].clone()));
    method(&c, "__exit__", |i, a, _| {
        let s = this(a)?;
        if !s.closed.replace(true) {
            i.lp.network().close(s.id);
        }
        Ok(Value::None)
    });
    c
}

/// `socket.create_connection(address, timeout=None)`: a connected socket.
fn create_connection(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    arity("create_connection", args, 1, 3)?;
    let allowed = ["address", "timeout", "source_address", "all_errors"];
    let timeout = args.get(1).or(kwarg("create_connection", kwargs, &allowed, "timeout")?);
    let source = args.get(2).or(kwarg("create_connection", kwargs, &allowed, "source_address")?);
    let addr = address_arg(interp, &args[0], "")?;
    let net = interp.lp.network();
    let id = net.socket(interp.lp.process());
    let timeout = match timeout {
        None | Some(Value::None) => None,
        Some(t) => Some(interp.expect_number(t, "timeout")?.to_f64()?),
    };
    if let Some(source) = source.filter(|v| !v.is_none()) {
        let local = address_arg(interp, source, "")?;
        if let Err(e) = net.bind(id, local) {
            net.close(id);
            return Err(os_error(interp, e));
        }
    }
    if let Err(e) = net.connect(id, addr) {
        net.close(id);
        return Err(os_error(interp, e));
    }
    new_socket(interp, id, timeout)
}

pub fn module(interp: &Interp) -> Value {
    let m = native_module(
        "socket",
        &[
            ("create_connection", create_connection),
            ("gethostname", |_, a, _| {
                arity("gethostname", a, 0, 0)?;
                Ok(Value::str(HOSTNAME))
            }),
            ("gethostbyname", |i, a, _| {
                arity("gethostbyname", a, 1, 1)?;
                let host = super::super::builtins::str_arg(i, &a[0], "gethostbyname() argument 1")?;
                Ok(Value::string(resolve(i, host)?.to_string()))
            }),
        ],
    );
    let class = install_socket_class(interp);
    method(&class, "__new__", |i, a, k| construct(i, a.get(1..).unwrap_or(&[]), k));
    m.set(Sym::new("socket"), Value::Class(class));
    let gaierror = add_exception(interp, "gaierror", "socket", &["OSError"]);
    let herror = add_exception(interp, "herror", "socket", &["OSError"]);
    m.set(Sym::new("gaierror"), Value::Class(gaierror));
    m.set(Sym::new("herror"), Value::Class(herror));
    m.set(Sym::new("error"), Value::Class(interp.exception_class("OSError")));
    m.set(Sym::new("timeout"), Value::Class(interp.exception_class("TimeoutError")));
    for (name, value) in [
        ("AF_INET", AF_INET),
        ("SOCK_STREAM", SOCK_STREAM),
        ("SOL_SOCKET", SOL_SOCKET),
        ("SO_REUSEADDR", SO_REUSEADDR),
        ("SO_ERROR", SO_ERROR),
        ("SHUT_RD", SHUT_RD),
        ("SHUT_WR", SHUT_WR),
        ("SHUT_RDWR", SHUT_RDWR),
        ("IPPROTO_TCP", 6),
        ("SOMAXCONN", 4096),
    ] {
        m.set(Sym::new(name), Value::Int(value));
    }
    Value::Module(m)
}
crate::opaque_debug!(SocketObj);
