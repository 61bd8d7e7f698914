//! The virtual network of a run: TCP sockets for its processes (the server's program and
//! the clients' program of the socket examples), with listening sockets and their accept
//! queues, connections carrying a byte stream each way, and the readiness that `select()`
//! and the event loop's selector report.
//!
//! It mirrors what Linux does for TCP on the loopback interface, as CPython's `socket`
//! module shows it: a connection is established at once (the kernel answers the handshake
//! of a listening socket without the program, which only `accept`s it later), bytes arrive
//! at once, a closed socket gives its peer end-of-file, or a reset when it closed with
//! unread data. Nothing is real: there is no delay, no loss, and nothing ever leaves the run.
//!
//! Plain Rust, no clock: a blocked process waits for a [`Wakeup`], which the run checks
//! against [`Network::is_ready`] whenever it looks for something to do.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::rc::Rc;

/// A socket, network-wide (each process sees it as its own file descriptor, [`Network::fileno`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SocketId(pub u32);

/// A process of the run: 0 is the first program (the server), 1 the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ProcessId(pub u8);

/// The first file descriptor a process gets: 0, 1 and 2 are its standard streams.
const FIRST_FD: u32 = 3;

/// Where ports for sockets that connect without `bind` start (Linux's ephemeral range is
/// 32768-60999 and random; here the ports are counted, so a run is the same every time).
const FIRST_EPHEMERAL_PORT: u16 = 40001;

/// How many bytes a connection holds in one direction before `send` must wait: about what
/// Linux's loopback buffers grow to (a non-blocking `sendall` of a few hundred kilobytes
/// goes through there too).
pub const BUFFER_BYTES: usize = 2 * 1024 * 1024;

/// The errors of socket calls, with Linux's numbers and texts (`errno`, `strerror`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetError {
    /// `EAGAIN`: a non-blocking call found nothing to do (`BlockingIOError`).
    WouldBlock,
    /// `EINPROGRESS`: a non-blocking `connect` goes on in the background (`BlockingIOError`).
    InProgress,
    /// `ECONNREFUSED`: nothing listens there (`ConnectionRefusedError`).
    Refused,
    /// `ECONNRESET`: the peer closed with unread data (`ConnectionResetError`).
    Reset,
    /// `EPIPE`: writing to a connection whose peer is gone (`BrokenPipeError`).
    BrokenPipe,
    /// `EBADF`: the socket was closed.
    BadFd,
    /// `ENOTCONN`.
    NotConnected,
    /// `EISCONN`.
    IsConnected,
    /// `EINVAL`: `bind` twice, `accept` on a socket that does not listen, ...
    Invalid,
    /// `EADDRINUSE`.
    AddressInUse,
    /// `EADDRNOTAVAIL`: an address that is not this machine's.
    AddressNotAvailable,
    /// `ENETUNREACH`: anything but the loopback network (there is no other).
    NetworkUnreachable,
}

impl NetError {
    pub fn errno(self) -> i64 {
        match self {
            NetError::WouldBlock => 11,
            NetError::InProgress => 115,
            NetError::Refused => 111,
            NetError::Reset => 104,
            NetError::BrokenPipe => 32,
            NetError::BadFd => 9,
            NetError::NotConnected => 107,
            NetError::IsConnected => 106,
            NetError::Invalid => 22,
            NetError::AddressInUse => 98,
            NetError::AddressNotAvailable => 99,
            NetError::NetworkUnreachable => 101,
        }
    }

    pub fn strerror(self) -> &'static str {
        match self {
            NetError::WouldBlock => "Resource temporarily unavailable",
            NetError::InProgress => "Operation now in progress",
            NetError::Refused => "Connection refused",
            NetError::Reset => "Connection reset by peer",
            NetError::BrokenPipe => "Broken pipe",
            NetError::BadFd => "Bad file descriptor",
            NetError::NotConnected => "Transport endpoint is not connected",
            NetError::IsConnected => "Transport endpoint is already connected",
            NetError::Invalid => "Invalid argument",
            NetError::AddressInUse => "Address already in use",
            NetError::AddressNotAvailable => "Cannot assign requested address",
            NetError::NetworkUnreachable => "Network is unreachable",
        }
    }

    /// The `OSError` subclass CPython raises for it.
    pub fn python_class(self) -> &'static str {
        match self {
            NetError::WouldBlock | NetError::InProgress => "BlockingIOError",
            NetError::Refused => "ConnectionRefusedError",
            NetError::Reset => "ConnectionResetError",
            NetError::BrokenPipe => "BrokenPipeError",
            _ => "OSError",
        }
    }
}

/// What a waiting process or task waits for on a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readiness {
    /// Something to read: data, end-of-file, a reset, or a connection to accept.
    Read,
    /// Room to write (or a connect that has finished).
    Write,
}

/// The blocking call a process waits in, as the timeline names it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Blocking {
    Accept {
        fd: u32,
    },
    Recv {
        fd: u32,
    },
    Send {
        fd: u32,
    },
    Connect {
        fd: u32,
    },
    /// `select.select`: the call's number in [`crate::trace::Trace::selects`].
    Select {
        call: u32,
    },
    /// `time.sleep`.
    Sleep,
    /// The event loop, in its selector: waiting for a timer or a socket.
    EventLoop,
}

/// What a blocked process waits for: the clock to reach `until`, or one of `sockets` to be
/// ready (either ends the wait).
#[derive(Clone, Debug, PartialEq)]
pub struct Wakeup {
    pub until: Option<f64>,
    pub sockets: Vec<(SocketId, Readiness)>,
    pub why: Blocking,
}

impl Wakeup {
    /// Waits for the clock only.
    pub fn at(until: f64, why: Blocking) -> Wakeup {
        Wakeup { until: Some(until), sockets: Vec::new(), why }
    }

    /// Waits for nothing that can come: only another process's action or Stop ends it.
    pub fn never(why: Blocking) -> Wakeup {
        Wakeup { until: None, sockets: Vec::new(), why }
    }

    /// Whether the wait is over at `now`.
    pub fn is_over(&self, now: f64, network: &Network) -> bool {
        self.until.is_some_and(|t| now >= t) || self.sockets.iter().any(|&(s, r)| network.is_ready(s, r))
    }
}

/// One direction of a connection, as its receiving socket holds it.
#[derive(Default)]
struct Incoming {
    bytes: VecDeque<u8>,
    /// The peer will send no more (it closed or shut down writing): end-of-file after the bytes.
    eof: bool,
    /// The peer reset the connection: the next `recv` raises `ConnectionResetError`.
    reset: bool,
}

enum State {
    /// Made, maybe bound; neither listening nor connected.
    Fresh,
    Listening {
        queue: VecDeque<SocketId>,
    },
    Connected {
        peer: SocketId,
        incoming: Incoming,
        write_shut: bool,
    },
    /// A `connect` failed: the next operation reports it (non-blocking `connect`'s `SO_ERROR`).
    Failed(NetError),
    Closed,
}

struct Socket {
    owner: ProcessId,
    /// The process's file descriptor; `None` for a connection not yet accepted.
    fd: Option<u32>,
    local: Option<SocketAddrV4>,
    state: State,
    reuse_address: bool,
    /// `SO_ERROR`: an error of a background `connect`, read once.
    pending_error: Option<NetError>,
    /// When it last became ready to read and to write ([`Net::events`]): the selector
    /// reports ready sockets in this order, as epoll's ready list does.
    became_ready: [u64; 2],
}

#[derive(Default)]
struct Net {
    sockets: Vec<Socket>,
    /// Listening sockets by the address they are bound to.
    listeners: BTreeMap<SocketAddrV4, SocketId>,
    next_port: u16,
    /// Counts the events that made a socket ready.
    events: u64,
}

/// The network of one run. Cheap to clone: clones share one network.
#[derive(Clone, Default)]
pub struct Network {
    net: Rc<RefCell<Net>>,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Network").field("sockets", &self.net.borrow().sockets.len()).finish()
    }
}

/// The loopback network, the only one there is: 127.0.0.0/8.
fn is_loopback(ip: Ipv4Addr) -> bool {
    ip.octets()[0] == 127
}

impl Net {
    fn socket(&self, s: SocketId) -> Result<&Socket, NetError> {
        match self.sockets.get(s.0 as usize) {
            Some(sock) if !matches!(sock.state, State::Closed) => Ok(sock),
            _ => Err(NetError::BadFd),
        }
    }

    fn socket_mut(&mut self, s: SocketId) -> Result<&mut Socket, NetError> {
        match self.sockets.get_mut(s.0 as usize) {
            Some(sock) if !matches!(sock.state, State::Closed) => Ok(sock),
            _ => Err(NetError::BadFd),
        }
    }

    /// The lowest file descriptor `owner` does not use (as the kernel gives them).
    fn free_fd(&self, owner: ProcessId) -> u32 {
        let mut used: Vec<u32> = self
            .sockets
            .iter()
            .filter(|s| s.owner == owner && !matches!(s.state, State::Closed))
            .filter_map(|s| s.fd)
            .collect();
        used.sort_unstable();
        let mut fd = FIRST_FD;
        for u in used {
            if u == fd {
                fd += 1;
            } else if u > fd {
                break;
            }
        }
        fd
    }

    fn ephemeral_port(&mut self, ip: Ipv4Addr) -> u16 {
        if self.next_port < FIRST_EPHEMERAL_PORT {
            self.next_port = FIRST_EPHEMERAL_PORT;
        }
        loop {
            let port = self.next_port;
            self.next_port = if port == u16::MAX { FIRST_EPHEMERAL_PORT } else { port + 1 };
            if !self.in_use(SocketAddrV4::new(ip, port), None, false) {
                return port;
            }
        }
    }

    /// Whether a socket other than `except` is bound to `addr` (or to the port on any
    /// address). With `SO_REUSEADDR` only a listener counts: Linux then lets a server bind
    /// the port its connections still use.
    fn in_use(&self, addr: SocketAddrV4, except: Option<SocketId>, reuse: bool) -> bool {
        self.sockets.iter().enumerate().any(|(i, s)| {
            Some(SocketId(i as u32)) != except
                && !matches!(s.state, State::Closed)
                && (!reuse || matches!(s.state, State::Listening { .. }))
                && s.local.is_some_and(|l| {
                    l.port() == addr.port()
                        && (l.ip() == addr.ip() || l.ip().is_unspecified() || addr.ip().is_unspecified())
                })
        })
    }

    fn listener_for(&self, addr: SocketAddrV4) -> Option<SocketId> {
        self.listeners
            .get(&addr)
            .or_else(|| self.listeners.get(&SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, addr.port())))
            .copied()
    }

    /// The socket's connection state, for readiness: `(incoming, peer has room)`.
    fn readable(&self, s: SocketId) -> bool {
        match self.sockets.get(s.0 as usize).map(|s| &s.state) {
            Some(State::Listening { queue }) => !queue.is_empty(),
            Some(State::Connected { incoming, .. }) => !incoming.bytes.is_empty() || incoming.eof || incoming.reset,
            Some(State::Failed(_)) => true,
            // A closed socket is "ready": the call on it fails at once instead of waiting.
            Some(State::Closed) | None => true,
            // Linux reports an unconnected stream socket ready (hung up): its call fails at once.
            Some(State::Fresh) => true,
        }
    }

    fn writable(&self, s: SocketId) -> bool {
        match self.sockets.get(s.0 as usize).map(|s| &s.state) {
            Some(State::Connected { peer, incoming, write_shut }) => {
                *write_shut || incoming.reset || self.room(*peer) > 0 || !self.is_open(*peer)
            }
            Some(State::Failed(_)) | Some(State::Closed) | None => true,
            // Linux reports an unconnected stream socket writable (its `send` fails at once).
            Some(State::Fresh) => true,
            Some(State::Listening { .. }) => false,
        }
    }

    fn is_open(&self, s: SocketId) -> bool {
        self.sockets.get(s.0 as usize).is_some_and(|s| !matches!(s.state, State::Closed))
    }

    /// How many more bytes `s` can receive before its sender must wait.
    fn room(&self, s: SocketId) -> usize {
        match self.sockets.get(s.0 as usize).map(|s| &s.state) {
            Some(State::Connected { incoming, .. }) => BUFFER_BYTES.saturating_sub(incoming.bytes.len()),
            _ => 0,
        }
    }

    fn incoming_mut(&mut self, s: SocketId) -> Option<&mut Incoming> {
        match self.sockets.get_mut(s.0 as usize).map(|s| &mut s.state) {
            Some(State::Connected { incoming, .. }) => Some(incoming),
            _ => None,
        }
    }
}

impl Network {
    pub fn new() -> Network {
        Network::default()
    }

    /// Runs `op`, then stamps each socket that it made ready to read or to write.
    fn changing<R>(&self, op: impl FnOnce(&mut Net) -> R) -> R {
        let mut net = self.net.borrow_mut();
        let before = net.readiness();
        let result = op(&mut net);
        net.stamp_changes(&before);
        result
    }
}

impl Net {
    /// Whether each socket is ready to read and to write.
    fn readiness(&self) -> Vec<[bool; 2]> {
        (0..self.sockets.len() as u32).map(|i| [self.readable(SocketId(i)), self.writable(SocketId(i))]).collect()
    }

    /// Stamps each socket that became ready since `before`, in order ([`Socket::became_ready`]).
    fn stamp_changes(&mut self, before: &[[bool; 2]]) {
        let net = self;
        for i in 0..net.sockets.len() {
            let now = [net.readable(SocketId(i as u32)), net.writable(SocketId(i as u32))];
            let was = before.get(i).copied().unwrap_or([false, false]);
            for k in 0..2 {
                if now[k] && !was[k] {
                    net.events += 1;
                    let stamp = net.events;
                    net.sockets[i].became_ready[k] = stamp;
                }
            }
        }
    }
}

impl Network {
    /// When `s` last became ready for `readiness`: sockets ready at once are reported in
    /// this order (epoll's ready list is in the order the events came).
    pub fn became_ready(&self, s: SocketId, readiness: Readiness) -> u64 {
        let k = usize::from(readiness == Readiness::Write);
        self.net.borrow().sockets.get(s.0 as usize).map_or(0, |sock| sock.became_ready[k])
    }

    /// `socket.socket(AF_INET, SOCK_STREAM)` in process `owner`.
    pub fn socket(&self, owner: ProcessId) -> SocketId {
        let mut net = self.net.borrow_mut();
        let fd = net.free_fd(owner);
        net.sockets.push(Socket {
            owner,
            fd: Some(fd),
            local: None,
            state: State::Fresh,
            reuse_address: false,
            pending_error: None,
            became_ready: [0; 2],
        });
        SocketId(net.sockets.len() as u32 - 1)
    }

    /// The process's file descriptor for the socket (`fileno()`), `None` once closed.
    pub fn fileno(&self, s: SocketId) -> Option<u32> {
        self.net.borrow().socket(s).ok().and_then(|s| s.fd)
    }

    /// The open socket that is file descriptor `fd` of `owner`.
    pub fn by_fd(&self, owner: ProcessId, fd: u32) -> Option<SocketId> {
        let net = self.net.borrow();
        net.sockets
            .iter()
            .position(|s| s.owner == owner && s.fd == Some(fd) && !matches!(s.state, State::Closed))
            .map(|i| SocketId(i as u32))
    }

    pub fn owner(&self, s: SocketId) -> Option<ProcessId> {
        self.net.borrow().sockets.get(s.0 as usize).map(|s| s.owner)
    }

    /// `setsockopt(SOL_SOCKET, SO_REUSEADDR, on)`. Bind checks nothing else here: the
    /// connections of earlier runs, which make Linux refuse without it, do not exist.
    pub fn set_reuse_address(&self, s: SocketId, on: bool) -> Result<(), NetError> {
        self.net.borrow_mut().socket_mut(s)?.reuse_address = on;
        Ok(())
    }

    pub fn reuse_address(&self, s: SocketId) -> Result<bool, NetError> {
        Ok(self.net.borrow().socket(s)?.reuse_address)
    }

    /// `bind(addr)`: port 0 picks a free port.
    pub fn bind(&self, s: SocketId, addr: SocketAddrV4) -> Result<(), NetError> {
        let mut net = self.net.borrow_mut();
        if net.socket(s)?.local.is_some() {
            return Err(NetError::Invalid);
        }
        if !is_loopback(*addr.ip()) && !addr.ip().is_unspecified() {
            return Err(NetError::AddressNotAvailable);
        }
        let addr = if addr.port() == 0 { SocketAddrV4::new(*addr.ip(), net.ephemeral_port(*addr.ip())) } else { addr };
        if net.in_use(addr, Some(s), net.socket(s)?.reuse_address) {
            return Err(NetError::AddressInUse);
        }
        net.socket_mut(s)?.local = Some(addr);
        Ok(())
    }

    /// `listen(backlog)`. The backlog is not enforced: connections beyond it are queued too
    /// (Linux would make their `connect` retry a second later).
    pub fn listen(&self, s: SocketId) -> Result<(), NetError> {
        self.changing(|net| {
            let sock = net.socket(s)?;
            match sock.state {
                State::Listening { .. } => return Ok(()),
                State::Fresh => {}
                _ => return Err(NetError::Invalid),
            }
            let addr = match sock.local {
                Some(a) => a,
                None => {
                    let port = net.ephemeral_port(Ipv4Addr::UNSPECIFIED);
                    let a = SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, port);
                    net.socket_mut(s)?.local = Some(a);
                    a
                }
            };
            net.socket_mut(s)?.state = State::Listening { queue: VecDeque::new() };
            net.listeners.insert(addr, s);
            Ok(())
        })
    }

    pub fn is_listening(&self, s: SocketId) -> bool {
        matches!(self.net.borrow().socket(s).map(|s| &s.state), Ok(State::Listening { .. }))
    }

    /// `accept()`: the oldest connection in the queue, as a socket of the listener's process,
    /// and the peer's address; `WouldBlock` when none waits.
    pub fn accept(&self, s: SocketId) -> Result<(SocketId, SocketAddrV4), NetError> {
        let mut net = self.net.borrow_mut();
        let owner = net.socket(s)?.owner;
        let conn = match &mut net.socket_mut(s)?.state {
            State::Listening { queue } => queue.pop_front().ok_or(NetError::WouldBlock)?,
            _ => return Err(NetError::Invalid),
        };
        let fd = net.free_fd(owner);
        let peer = match &net.sockets[conn.0 as usize].state {
            State::Connected { peer, .. } => net.sockets[peer.0 as usize].local,
            _ => None,
        };
        net.sockets[conn.0 as usize].fd = Some(fd);
        Ok((conn, peer.unwrap_or(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0))))
    }

    /// `connect(addr)`: established at once (the listener's kernel answers), or refused.
    pub fn connect(&self, s: SocketId, addr: SocketAddrV4) -> Result<(), NetError> {
        self.changing(|net| {
            let sock = net.socket(s)?;
            match sock.state {
                State::Fresh => {}
                State::Connected { .. } => return Err(NetError::IsConnected),
                State::Listening { .. } => return Err(NetError::Invalid),
                // A second `connect` after a failed one tries again, as Linux does.
                State::Failed(_) => {}
                State::Closed => return Err(NetError::BadFd),
            }
            if !is_loopback(*addr.ip()) && !addr.ip().is_unspecified() {
                return Err(NetError::NetworkUnreachable);
            }
            if sock.local.is_none() {
                let ip = Ipv4Addr::LOCALHOST;
                let local = SocketAddrV4::new(ip, net.ephemeral_port(ip));
                net.socket_mut(s)?.local = Some(local);
            }
            let target =
                if addr.ip().is_unspecified() { SocketAddrV4::new(Ipv4Addr::LOCALHOST, addr.port()) } else { addr };
            let Some(listener) = net.listener_for(target) else {
                net.socket_mut(s)?.state = State::Failed(NetError::Refused);
                return Err(NetError::Refused);
            };
            let server_owner = net.sockets[listener.0 as usize].owner;
            let server_side = SocketId(net.sockets.len() as u32);
            let server_local = SocketAddrV4::new(*target.ip(), target.port());
            net.sockets.push(Socket {
                owner: server_owner,
                fd: None,
                local: Some(server_local),
                state: State::Connected { peer: s, incoming: Incoming::default(), write_shut: false },
                reuse_address: false,
                pending_error: None,
                became_ready: [0; 2],
            });
            if let State::Listening { queue } = &mut net.sockets[listener.0 as usize].state {
                queue.push_back(server_side);
            }
            // The handshake's completion is the event that makes it writable.
            net.events += 1;
            let stamp = net.events;
            let sock = net.socket_mut(s)?;
            sock.state = State::Connected { peer: server_side, incoming: Incoming::default(), write_shut: false };
            sock.became_ready[1] = stamp;
            Ok(())
        })
    }

    /// `getsockopt(SOL_SOCKET, SO_ERROR)`: the error of a background `connect`, once (0: none).
    pub fn take_error(&self, s: SocketId) -> Result<Option<NetError>, NetError> {
        let mut net = self.net.borrow_mut();
        let sock = net.socket_mut(s)?;
        if let State::Failed(e) = sock.state {
            sock.state = State::Fresh;
            return Ok(Some(e));
        }
        Ok(sock.pending_error.take())
    }

    /// `send(data)`: as many bytes as the peer has room for (at least one, or `WouldBlock`).
    pub fn send(&self, s: SocketId, data: &[u8]) -> Result<usize, NetError> {
        self.changing(|net| {
            let (peer, write_shut, reset) = match &net.socket(s)?.state {
                State::Connected { peer, write_shut, incoming } => (*peer, *write_shut, incoming.reset),
                // Linux: writing to a stream socket that is not connected is a broken pipe.
                State::Fresh | State::Failed(_) => return Err(NetError::BrokenPipe),
                _ => return Err(NetError::NotConnected),
            };
            if write_shut || reset {
                return Err(NetError::BrokenPipe);
            }
            if !net.is_open(peer) {
                // The peer is gone: Linux takes these bytes, and the peer's answer is a reset, so
                // the next call fails.
                if let Some(incoming) = net.incoming_mut(s) {
                    incoming.reset = true;
                }
                return Ok(data.len());
            }
            if data.is_empty() {
                return Ok(0);
            }
            let room = net.room(peer);
            if room == 0 {
                return Err(NetError::WouldBlock);
            }
            let n = room.min(data.len());
            if let Some(incoming) = net.incoming_mut(peer) {
                incoming.bytes.extend(&data[..n]);
            }
            Ok(n)
        })
    }

    /// `recv(max)`: up to `max` bytes; empty at end-of-file; `WouldBlock` when nothing came yet.
    pub fn recv(&self, s: SocketId, max: usize) -> Result<Vec<u8>, NetError> {
        self.changing(|net| {
            let sock = net.socket_mut(s)?;
            let incoming = match &mut sock.state {
                State::Connected { incoming, .. } => incoming,
                State::Failed(e) => return Err(*e),
                _ => return Err(NetError::NotConnected),
            };
            if incoming.reset {
                // Reported once; then the connection reads as closed.
                incoming.reset = false;
                incoming.eof = true;
                incoming.bytes.clear();
                return Err(NetError::Reset);
            }
            if incoming.bytes.is_empty() {
                return if incoming.eof || max == 0 { Ok(Vec::new()) } else { Err(NetError::WouldBlock) };
            }
            let n = max.min(incoming.bytes.len());
            Ok(incoming.bytes.drain(..n).collect())
        })
    }

    /// `shutdown(SHUT_WR)` (`write`) and/or `SHUT_RD` (`read`).
    pub fn shutdown(&self, s: SocketId, read: bool, write: bool) -> Result<(), NetError> {
        self.changing(|net| {
            let peer = match &mut net.socket_mut(s)?.state {
                State::Connected { peer, write_shut, incoming } => {
                    if write {
                        *write_shut = true;
                    }
                    if read {
                        incoming.eof = true;
                        incoming.bytes.clear();
                    }
                    *peer
                }
                _ => return Err(NetError::NotConnected),
            };
            if write {
                if let Some(incoming) = net.incoming_mut(peer) {
                    incoming.eof = true;
                }
            }
            Ok(())
        })
    }

    /// `close()`: the peer gets end-of-file, or a reset if this side leaves bytes unread
    /// (RFC 2525, 2.17, as Linux does); a listener's unaccepted connections are reset.
    pub fn close(&self, s: SocketId) {
        self.changing(|net| {
            let Some(sock) = net.sockets.get_mut(s.0 as usize) else { return };
            let local = sock.local;
            match std::mem::replace(&mut sock.state, State::Closed) {
                State::Connected { peer, incoming, .. } => {
                    let unread = !incoming.bytes.is_empty();
                    if let Some(peer_in) = net.incoming_mut(peer) {
                        if unread {
                            peer_in.reset = true;
                        } else {
                            peer_in.eof = true;
                        }
                    }
                }
                State::Listening { queue } => {
                    if let Some(addr) = local {
                        if net.listeners.get(&addr) == Some(&s) {
                            net.listeners.remove(&addr);
                        }
                    }
                    for conn in queue {
                        let peer = match std::mem::replace(&mut net.sockets[conn.0 as usize].state, State::Closed) {
                            State::Connected { peer, .. } => peer,
                            _ => continue,
                        };
                        if let Some(peer_in) = net.incoming_mut(peer) {
                            peer_in.reset = true;
                        }
                    }
                }
                _ => {}
            }
        })
    }

    /// Every socket of a process that ended: the kernel closes them.
    pub fn close_all_of(&self, owner: ProcessId) {
        let open: Vec<SocketId> = {
            let net = self.net.borrow();
            (0..net.sockets.len() as u32)
                .map(SocketId)
                .filter(|s| net.socket(*s).is_ok_and(|sock| sock.owner == owner))
                .collect()
        };
        for s in open {
            self.close(s);
        }
    }

    /// `getsockname()`: `0.0.0.0:0` before `bind` or `connect`.
    pub fn local_address(&self, s: SocketId) -> Result<SocketAddrV4, NetError> {
        Ok(self.net.borrow().socket(s)?.local.unwrap_or(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0)))
    }

    /// `getpeername()`.
    pub fn peer_address(&self, s: SocketId) -> Result<SocketAddrV4, NetError> {
        let net = self.net.borrow();
        match &net.socket(s)?.state {
            State::Connected { peer, .. } => net.sockets[peer.0 as usize].local.ok_or(NetError::NotConnected),
            _ => Err(NetError::NotConnected),
        }
    }

    /// Whether a call waiting for `readiness` on `s` would not block now (a closed socket is
    /// ready: the call fails at once).
    pub fn is_ready(&self, s: SocketId, readiness: Readiness) -> bool {
        let net = self.net.borrow();
        match readiness {
            Readiness::Read => net.readable(s),
            Readiness::Write => net.writable(s),
        }
    }

    /// How many bytes wait unread in `s`.
    pub fn unread(&self, s: SocketId) -> usize {
        match self.net.borrow().sockets.get(s.0 as usize).map(|s| &s.state) {
            Some(State::Connected { incoming, .. }) => incoming.bytes.len(),
            _ => 0,
        }
    }

    /// The socket in a few words, for the views: `fd 3 listening on 127.0.0.1:56789`.
    pub fn describe(&self, s: SocketId) -> String {
        let net = self.net.borrow();
        let Some(sock) = net.sockets.get(s.0 as usize) else { return "a socket".into() };
        let fd = sock.fd.map_or("fd ?".to_string(), |fd| format!("fd {fd}"));
        match &sock.state {
            State::Listening { .. } => match sock.local {
                Some(l) => format!("{fd} listening on {l}"),
                None => format!("{fd} listening"),
            },
            State::Connected { peer, .. } => match net.sockets.get(peer.0 as usize).and_then(|p| p.local) {
                Some(p) => format!("{fd} to {p}"),
                None => fd,
            },
            State::Closed => "a closed socket".into(),
            _ => fd,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVER: ProcessId = ProcessId(0);
    const CLIENT: ProcessId = ProcessId(1);

    fn addr(port: u16) -> SocketAddrV4 {
        SocketAddrV4::new(Ipv4Addr::LOCALHOST, port)
    }

    fn listening(net: &Network, port: u16) -> SocketId {
        let s = net.socket(SERVER);
        net.bind(s, addr(port)).unwrap();
        net.listen(s).unwrap();
        s
    }

    #[test]
    fn a_connection_waits_in_the_queue_until_accepted_and_carries_bytes_both_ways() {
        let net = Network::new();
        let server = listening(&net, 50001);
        assert!(!net.is_ready(server, Readiness::Read));
        let client = net.socket(CLIENT);
        assert!(net.is_ready(client, Readiness::Read), "unconnected: its recv fails at once");
        net.connect(client, addr(50001)).unwrap();
        assert!(net.is_ready(server, Readiness::Read), "a connection to accept");
        let (conn, peer) = net.accept(server).unwrap();
        assert_eq!(peer, addr(FIRST_EPHEMERAL_PORT));
        assert_eq!(net.fileno(conn), Some(4), "the server's next descriptor");
        assert_eq!(net.fileno(client), Some(3), "the client's first descriptor");
        assert_eq!(net.recv(conn, 1024), Err(NetError::WouldBlock));
        assert_eq!(net.send(client, b"hello"), Ok(5));
        assert!(net.is_ready(conn, Readiness::Read));
        assert_eq!(net.recv(conn, 3).unwrap(), b"hel");
        assert_eq!(net.recv(conn, 1024).unwrap(), b"lo");
        assert_eq!(net.send(conn, b"hello"), Ok(5));
        assert_eq!(net.recv(client, 1024).unwrap(), b"hello");
        assert_eq!(net.peer_address(conn), Ok(addr(FIRST_EPHEMERAL_PORT)));
        assert_eq!(net.local_address(conn), Ok(addr(50001)));
    }

    #[test]
    fn closing_gives_the_peer_end_of_file_and_then_empty_reads() {
        let net = Network::new();
        let server = listening(&net, 50001);
        let client = net.socket(CLIENT);
        net.connect(client, addr(50001)).unwrap();
        let (conn, _) = net.accept(server).unwrap();
        net.send(conn, b"bye").unwrap();
        net.close(conn);
        assert_eq!(net.recv(client, 1024).unwrap(), b"bye");
        assert_eq!(net.recv(client, 1024).unwrap(), b"");
        assert_eq!(net.recv(client, 1024).unwrap(), b"");
        assert_eq!(net.recv(conn, 1), Err(NetError::BadFd));
        assert_eq!(net.fileno(conn), None);
    }

    #[test]
    fn closing_with_unread_bytes_resets_the_peer() {
        let net = Network::new();
        let server = listening(&net, 50001);
        let client = net.socket(CLIENT);
        net.connect(client, addr(50001)).unwrap();
        let (conn, _) = net.accept(server).unwrap();
        net.send(client, b"unread").unwrap();
        net.close(conn);
        assert_eq!(net.recv(client, 1024), Err(NetError::Reset));
        assert_eq!(net.recv(client, 1024).unwrap(), b"");
    }

    #[test]
    fn sending_to_a_closed_peer_succeeds_once_then_the_pipe_is_broken() {
        let net = Network::new();
        let server = listening(&net, 50001);
        let client = net.socket(CLIENT);
        net.connect(client, addr(50001)).unwrap();
        let (conn, _) = net.accept(server).unwrap();
        net.close(conn);
        assert_eq!(net.send(client, b"x"), Ok(1));
        assert_eq!(net.send(client, b"x"), Err(NetError::BrokenPipe));
    }

    #[test]
    fn connecting_where_nothing_listens_is_refused() {
        let net = Network::new();
        let client = net.socket(CLIENT);
        assert_eq!(net.connect(client, addr(9)), Err(NetError::Refused));
        assert_eq!(net.take_error(client), Ok(Some(NetError::Refused)));
        assert_eq!(net.send(client, b"x"), Err(NetError::BrokenPipe));
        let other = net.socket(CLIENT);
        assert_eq!(
            net.connect(other, SocketAddrV4::new(Ipv4Addr::new(93, 184, 216, 34), 80)),
            Err(NetError::NetworkUnreachable)
        );
    }

    #[test]
    fn an_address_is_bound_once_and_a_listener_on_any_address_takes_loopback_connections() {
        let net = Network::new();
        let a = net.socket(SERVER);
        net.bind(a, SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 8000)).unwrap();
        let b = net.socket(SERVER);
        assert_eq!(net.bind(b, addr(8000)), Err(NetError::AddressInUse));
        assert_eq!(net.bind(a, addr(8001)), Err(NetError::Invalid));
        assert_eq!(net.bind(b, SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 1), 80)), Err(NetError::AddressNotAvailable));
        net.listen(a).unwrap();
        let client = net.socket(CLIENT);
        net.connect(client, addr(8000)).unwrap();
        let (conn, _) = net.accept(a).unwrap();
        net.close(a);
        let again = net.socket(SERVER);
        assert_eq!(net.bind(again, addr(8000)), Err(NetError::AddressInUse), "its connection still uses the port");
        net.set_reuse_address(again, true).unwrap();
        assert_eq!(net.bind(again, addr(8000)), Ok(()), "SO_REUSEADDR: only a listener counts");
        net.close(conn);
        net.close(again);
        let last = net.socket(SERVER);
        assert_eq!(net.bind(last, addr(8000)), Ok(()), "free once closed");
    }

    #[test]
    fn a_full_buffer_makes_send_wait_until_the_peer_reads() {
        let net = Network::new();
        let server = listening(&net, 50001);
        let client = net.socket(CLIENT);
        net.connect(client, addr(50001)).unwrap();
        let (conn, _) = net.accept(server).unwrap();
        let big = vec![7u8; BUFFER_BYTES + 10];
        assert_eq!(net.send(client, &big), Ok(BUFFER_BYTES));
        assert!(!net.is_ready(client, Readiness::Write));
        assert_eq!(net.send(client, b"x"), Err(NetError::WouldBlock));
        assert_eq!(net.recv(conn, 100).unwrap().len(), 100);
        assert!(net.is_ready(client, Readiness::Write));
        assert_eq!(net.send(client, &big), Ok(100));
    }

    #[test]
    fn descriptors_are_reused_lowest_first_per_process() {
        let net = Network::new();
        let a = net.socket(SERVER);
        let b = net.socket(SERVER);
        let c = net.socket(CLIENT);
        assert_eq!((net.fileno(a), net.fileno(b), net.fileno(c)), (Some(3), Some(4), Some(3)));
        net.close(a);
        let d = net.socket(SERVER);
        assert_eq!(net.fileno(d), Some(3));
    }

    #[test]
    fn a_process_that_ends_closes_its_sockets() {
        let net = Network::new();
        let server = listening(&net, 50001);
        let client = net.socket(CLIENT);
        net.connect(client, addr(50001)).unwrap();
        net.close_all_of(SERVER);
        assert_eq!(net.recv(client, 10), Err(NetError::Reset), "its queued connection was reset");
        let late = net.socket(CLIENT);
        assert_eq!(net.connect(late, addr(50001)), Err(NetError::Refused));
        assert!(net.is_ready(server, Readiness::Read), "a closed socket never blocks");
    }

    #[test]
    fn sockets_are_stamped_in_the_order_they_became_ready() {
        let net = Network::new();
        let server = listening(&net, 50001);
        let (a, b) = (net.socket(CLIENT), net.socket(CLIENT));
        net.connect(a, addr(50001)).unwrap();
        net.connect(b, addr(50001)).unwrap();
        let (conn_a, _) = net.accept(server).unwrap();
        let (conn_b, _) = net.accept(server).unwrap();
        net.send(conn_b, b"first").unwrap();
        net.send(conn_a, b"second").unwrap();
        net.send(conn_a, b"more: not a new event").unwrap();
        let (ra, rb) = (net.became_ready(a, Readiness::Read), net.became_ready(b, Readiness::Read));
        assert!(rb < ra, "b's data came first");
        assert!(net.became_ready(a, Readiness::Write) > 0, "connected: writable");
    }

    #[test]
    fn a_wakeup_ends_at_its_time_or_when_a_socket_is_ready() {
        let net = Network::new();
        let server = listening(&net, 50001);
        let wake = Wakeup { until: Some(2.0), sockets: vec![(server, Readiness::Read)], why: Blocking::Sleep };
        assert!(!wake.is_over(1.0, &net));
        assert!(wake.is_over(2.0, &net));
        let client = net.socket(CLIENT);
        net.connect(client, addr(50001)).unwrap();
        assert!(wake.is_over(1.0, &net));
        assert!(!Wakeup::never(Blocking::EventLoop).is_over(1e9, &net));
    }
}
