//! The page's server: one process, one port, one thread. It serves the built
//! page (`dist/`) and, at `/ws`, a WebSocket echo that the page's socket
//! examples talk to; optionally (`--tcp-echo PORT`) the lecture's plain TCP
//! echo too.
//!
//! It runs on tokio's single-threaded runtime on purpose: one thread serving
//! many clients, each waiting on its socket without blocking the others, is
//! the lecture's `select()` server (and asyncio's event loop) made real.
//!
//! The flow: [`Server::bind`] listens; [`Server::run`] accepts connections,
//! counts each against the caps ([`connections`]), and serves it with hyper
//! (HTTP/1.1, with upgrades) through an axum [`Router`]: [`Server::app`] is
//! the site ([`site`]) with the echo ([`echo`]) at `/ws`; the end-to-end
//! tests build their own router from the same pieces. [`spawn`] runs a
//! server on a thread of its own, as the binary does, for tests.
//!
//! ```no_run
//! # async fn example() -> std::io::Result<()> {
//! let server = server::Server::bind(server::Config::new("dist")).await?;
//! println!("http://{}/", server.local_addr());
//! let app = server.app().map_err(std::io::Error::other)?;
//! server.run(app, std::future::pending()).await
//! # }
//! ```

pub mod connections;
pub mod echo;
pub mod limits;
pub mod site;
mod tcp_echo;

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::routing::{get, MethodRouter};
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tower::ServiceExt;

pub use connections::{ConnectionSlot, Connections, Refusal};
pub use limits::Limits;

/// Everything the server is told: where to listen, what to serve, whom to let
/// in. [`Config::new`] has the defaults of the binary's options.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub folder: PathBuf,
    /// Origins (`https://course.example`) whose pages may open the echo,
    /// besides the server's own; `*` allows any.
    pub allowed_origins: Vec<String>,
    /// CSP `frame-ancestors` sources; empty: any page may frame the site.
    pub frame_ancestors: Vec<String>,
    /// The port of the plain TCP echo (same IP as `addr`), if any.
    pub tcp_echo_port: Option<u16>,
    pub limits: Limits,
}

/// The default address: loopback only, so that a student's machine does not
/// serve its network unless asked to.
pub const DEFAULT_ADDR: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 8080);

impl Config {
    pub fn new(folder: impl Into<PathBuf>) -> Config {
        Config {
            addr: DEFAULT_ADDR,
            folder: folder.into(),
            allowed_origins: Vec::new(),
            frame_ancestors: Vec::new(),
            tcp_echo_port: None,
            limits: Limits::default(),
        }
    }
}

/// A bound server, not yet serving.
pub struct Server {
    listener: TcpListener,
    tcp_echo: Option<TcpListener>,
    config: Config,
    connections: Arc<Connections>,
    /// `true` once the server is shutting down: every open socket watches it.
    shutdown: watch::Sender<bool>,
}

impl Server {
    /// Listens on `config.addr` (port 0: any free port), and on the TCP echo's
    /// port when one is given.
    pub async fn bind(config: Config) -> io::Result<Server> {
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on {}: {e}", config.addr)))?;
        let tcp_echo = match config.tcp_echo_port {
            Some(port) => {
                let addr = SocketAddr::new(config.addr.ip(), port);
                let listener = TcpListener::bind(addr)
                    .await
                    .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on {addr} (--tcp-echo): {e}")))?;
                Some(listener)
            }
            None => None,
        };
        let limits = config.limits;
        Ok(Server {
            listener,
            tcp_echo,
            connections: Connections::new(limits.max_connections, limits.max_connections_per_ip),
            config,
            shutdown: watch::Sender::new(false),
        })
    }

    /// The address it listens on (with the port chosen when it was 0).
    pub fn local_addr(&self) -> SocketAddr {
        // A bound listener knows its address; `config.addr` is the fallback.
        self.listener.local_addr().unwrap_or(self.config.addr)
    }

    /// The plain TCP echo's address, when there is one.
    pub fn tcp_echo_addr(&self) -> Option<SocketAddr> {
        self.tcp_echo.as_ref().and_then(|l| l.local_addr().ok())
    }

    /// The count of open connections.
    pub fn connections(&self) -> Arc<Connections> {
        Arc::clone(&self.connections)
    }

    /// The folder's files with their headers (see [`site`]).
    pub fn site(&self) -> Result<Router, String> {
        site::site(&self.config.folder, &self.config.frame_ancestors)
    }

    /// The WebSocket echo, to be routed at `/ws` (see [`echo`]).
    pub fn echo(&self) -> MethodRouter {
        get(echo::upgrade).with_state(echo::Echo {
            limits: self.config.limits,
            allowed_origins: self.config.allowed_origins.clone().into(),
            shutdown: self.shutdown.subscribe(),
        })
    }

    /// The site, with the echo at `/ws`.
    pub fn app(&self) -> Result<Router, String> {
        Ok(Router::new().route("/ws", self.echo()).fallback_service(self.site()?))
    }

    /// Serves `app` until `stop` completes; then closes every WebSocket with
    /// 1001, lets open requests finish, and returns once every connection is
    /// closed (or after the close grace, ending the rest).
    pub async fn run(self, app: Router, stop: impl Future<Output = ()>) -> io::Result<()> {
        let Server { listener, tcp_echo, config, connections, shutdown } = self;
        let limits = config.limits;
        let mut http = http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(limits.handshake_timeout)
            // hyper's floor is 8 KiB: below it, it panics.
            .max_buf_size(limits.buffer_bytes.max(8 * 1024));
        if let Some(listener) = tcp_echo {
            tokio::spawn(tcp_echo::serve(listener, Arc::clone(&connections), limits, shutdown.subscribe()));
        }
        let refusals = Arc::new(AtomicUsize::new(0));
        tokio::pin!(stop);
        loop {
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                () = &mut stop => break,
            };
            let (stream, peer) = match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    pause_after_accept_error(&error).await;
                    continue;
                }
            };
            // Echoes are small: send each at once rather than wait to fill a packet.
            let _ = stream.set_nodelay(true);
            match connections.admit(peer.ip()) {
                Ok(slot) => {
                    let slot = ConnectionSlot(Arc::new(slot));
                    tokio::spawn(serve_connection(stream, peer, slot, app.clone(), http.clone(), shutdown.subscribe()));
                }
                Err(refusal) => refuse(stream, refusal, &http, &refusals),
            }
        }
        drop(listener);
        shutdown.send_replace(true);
        let _ = tokio::time::timeout(limits.close_grace, connections.wait_until_open(0)).await;
        Ok(())
    }
}

/// One HTTP/1.1 connection, its requests carrying the peer's address and the
/// connection's slot; on shutdown, idle keep-alive connections close at once
/// and busy ones after their response.
async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    slot: ConnectionSlot,
    app: Router,
    http: http1::Builder,
    mut shutdown: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut request: Request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        request.extensions_mut().insert(slot.clone());
        app.clone().oneshot(request)
    });
    let connection = http.serve_connection(TokioIo::new(stream), service).with_upgrades();
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = crate::shutting_down(&mut shutdown) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// Answers a refused connection's request with the refusal's status, then
/// closes it; beyond [`limits::MAX_REFUSALS_IN_FLIGHT`], closes it unanswered.
fn refuse(stream: TcpStream, refusal: Refusal, http: &http1::Builder, in_flight: &Arc<AtomicUsize>) {
    if in_flight.fetch_add(1, Ordering::SeqCst) >= limits::MAX_REFUSALS_IN_FLIGHT {
        in_flight.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let mut http = http.clone();
    http.keep_alive(false);
    let in_flight = Arc::clone(in_flight);
    tokio::spawn(async move {
        let service = hyper::service::service_fn(move |_request: hyper::Request<Incoming>| {
            std::future::ready(Ok::<_, Infallible>(refusal.response()))
        });
        let _ = http.serve_connection(TokioIo::new(stream), service).await;
        in_flight.fetch_sub(1, Ordering::SeqCst);
    });
}

/// After a failed `accept`: a connection that failed before we took it is
/// nothing; anything else (out of file descriptors) is reported and waited
/// out briefly, not retried in a hot loop.
pub(crate) async fn pause_after_accept_error(error: &io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(error.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset) {
        return;
    }
    eprintln!("server: accept failed: {error}");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// A server running on a thread of its own with its own single-threaded
/// runtime, as the binary runs it. Stops (and joins the thread) when dropped.
pub struct Running {
    addr: SocketAddr,
    tcp_echo_addr: Option<SocketAddr>,
    connections: Arc<Connections>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<io::Result<()>>>,
}

/// Binds `config` and serves the router `app` builds from the bound server
/// (e.g. `|server| server.app()`), on a new thread.
pub fn spawn<F>(config: Config, app: F) -> io::Result<Running>
where
    F: FnOnce(&Server) -> Result<Router, String> + Send + 'static,
{
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let thread = std::thread::Builder::new().name("server".into()).spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        runtime.block_on(async move {
            let server = match Server::bind(config).await {
                Ok(server) => server,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return Ok(());
                }
            };
            let app = match app(&server) {
                Ok(app) => app,
                Err(e) => {
                    let _ = ready_tx.send(Err(io::Error::other(e)));
                    return Ok(());
                }
            };
            let (stop_tx, stop_rx) = oneshot::channel();
            let ready = (server.local_addr(), server.tcp_echo_addr(), server.connections(), stop_tx);
            let _ = ready_tx.send(Ok(ready));
            server
                .run(app, async {
                    let _ = stop_rx.await;
                })
                .await
        })
    })?;
    match ready_rx.recv() {
        Ok(Ok((addr, tcp_echo_addr, connections, stop))) => {
            Ok(Running { addr, tcp_echo_addr, connections, stop: Some(stop), thread: Some(thread) })
        }
        Ok(Err(e)) => Err(e),
        Err(_) => Err(thread.join().map_or_else(
            |_| io::Error::other("the server thread panicked while starting"),
            |result| result.err().unwrap_or_else(|| io::Error::other("the server thread ended while starting")),
        )),
    }
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn tcp_echo_addr(&self) -> Option<SocketAddr> {
        self.tcp_echo_addr
    }

    /// `http://ADDR`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `ws://ADDR/ws`.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    pub fn connections(&self) -> &Arc<Connections> {
        &self.connections
    }

    /// Shuts the server down as SIGTERM does and waits for its thread.
    pub fn stop(mut self) -> io::Result<()> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|_| io::Error::other("the server thread panicked"))?,
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}

/// Completes once the server is shutting down, or is gone.
pub(crate) async fn shutting_down(shutdown: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is dropped here: it must not live across an await.
    let _ = shutdown.wait_for(|shutting_down| *shutting_down).await;
}
