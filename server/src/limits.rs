//! The server's limits. Each is a named constant with its reason; [`Limits`]
//! gathers them so that the command line can set the connection caps and the
//! tests can shorten the durations (no test waits a minute for an idle
//! connection to be dropped).

use std::time::Duration;

/// The largest message, and the largest frame, a client may send. The
/// lecture's echo clients send a line at a time; 64 KiB leaves room for any
/// paste while bounding what one connection can make the server hold. A
/// bigger one closes the connection with 1009, "message too big" (RFC 6455
/// §7.4.1). Exactly this many bytes pass.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// The read and write buffer of each WebSocket (and the most an HTTP request's
/// head may take), so that an idle connection costs little: thousands of
/// open sockets stay within a few tens of megabytes.
pub const BUFFER_BYTES: usize = 8 * 1024;

/// How long a new connection may take to send its request head (for `/ws`,
/// the upgrade request); also how long an idle keep-alive HTTP connection is
/// kept. A client that connects and says nothing holds a connection slot:
/// 5 s bounds that.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

/// How often an open WebSocket is pinged.
pub const PING_INTERVAL: Duration = Duration::from_secs(30);

/// A WebSocket from which nothing (not even a pong) has come for this long is
/// closed: its client is gone without saying so (a laptop lid closed, a
/// network dropped). Two ping intervals: one unanswered ping is not enough.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// Connections open at once, HTTP and WebSocket together. A lecture hall's
/// worth of browsers with a few sockets each; beyond it new connections get
/// `503 Service Unavailable` instead of slowing everyone down.
pub const MAX_CONNECTIONS: usize = 1000;

/// Connections open at once from one IP address: one client cannot take every
/// slot, while a classroom behind one NAT address still fits (a browser opens
/// up to 6 HTTP connections per server, plus the example's sockets). Beyond it:
/// `429 Too Many Requests`.
pub const MAX_CONNECTIONS_PER_IP: usize = 100;

/// How long a closing WebSocket waits for the client's answering close frame
/// (RFC 6455 §7.1.1: the server closes TCP after the close handshake), and how
/// long a shutdown waits for every connection to finish before it ends them.
pub const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// Refused connections being answered at once (each gets its HTTP status
/// before it is closed); past this, a refused connection is closed unanswered
/// so that a flood of refusals costs nothing.
pub const MAX_REFUSALS_IN_FLIGHT: usize = 64;

/// The bytes the plain TCP echo reads at a time: the lecture's `recv(1024)`.
pub const TCP_ECHO_CHUNK: usize = 1024;

/// Every limit the server enforces. `Limits::default()` is what the binary
/// runs with, apart from the caps its options set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_message_bytes: usize,
    pub buffer_bytes: usize,
    pub handshake_timeout: Duration,
    pub ping_interval: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    pub close_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_message_bytes: MAX_MESSAGE_BYTES,
            buffer_bytes: BUFFER_BYTES,
            handshake_timeout: HANDSHAKE_TIMEOUT,
            ping_interval: PING_INTERVAL,
            idle_timeout: IDLE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            max_connections_per_ip: MAX_CONNECTIONS_PER_IP,
            close_grace: CLOSE_GRACE,
        }
    }
}
