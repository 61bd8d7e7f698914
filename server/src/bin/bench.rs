//! The server's figures for `cargo xtask bench`, printed as a Markdown table,
//! never asserted (wall-clock figures depend on the machine):
//!
//! - echo round trips per second, and the p50 / p99 round-trip latency, with
//!   100 clients at once, each sending a 32-byte text and waiting for its echo;
//! - resident memory (VmRSS) of the server holding 5,000 idle WebSockets.
//!
//! Both for this project's server (the `server` binary next to this one, run
//! with raised caps) and, in the same run, for Python's `websockets` echo
//! server (`server/bench/websockets_echo.py`). Each server is a process of its
//! own on a loopback port; the clients share one thread of this process.
//!
//! ```text
//! cargo build --release -p server --bins
//! cargo run --release -p server --bin bench -- --python .tools/venv/bin/python
//! ```

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Clients echoing at once.
const CLIENTS: usize = 100;
/// How long they echo, after a warm-up.
const ECHO_TIME: Duration = Duration::from_secs(5);
/// Round trips each client makes before the clock starts.
const WARM_UP: usize = 20;
/// A bound on each client's round trips, whatever the machine's speed.
const MAX_ROUND_TRIPS_PER_CLIENT: usize = 2_000_000;
/// Idle connections held for the memory figure.
const IDLE_CONNECTIONS: usize = 5_000;
/// Connections opened at once while building up the idle ones.
const CONNECT_BATCH: usize = 100;
/// The message: a line's worth of text.
const MESSAGE: &str = "0123456789abcdef0123456789abcdef";

const PYTHON_ECHO: &str = include_str!("../../bench/websockets_echo.py");

fn main() {
    let mut python = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--python" => python = args.next().map(PathBuf::from),
            other => fail(&format!("unexpected argument `{other}`; usage: bench --python PATH")),
        }
    }
    let python = python.unwrap_or_else(|| fail("--python PATH is needed (the venv with websockets)"));
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&format!("cannot start the runtime: {e}")));
    let ours = runtime.block_on(measure(ServerKind::Ours));
    let theirs = runtime.block_on(measure(ServerKind::Python(python)));
    print_table(&ours, &theirs);
}

fn fail(message: &str) -> ! {
    eprintln!("bench: error: {message}");
    std::process::exit(1)
}

enum ServerKind {
    Ours,
    Python(PathBuf),
}

struct Figures {
    name: String,
    echo: Echo,
    rss_start_kib: u64,
    rss_idle_kib: u64,
}

/// What the echo load measured.
struct Echo {
    round_trips: usize,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
    /// The server process's CPU time (user + system) during the load.
    server_cpu: Duration,
}

impl Echo {
    fn per_second(&self) -> f64 {
        self.round_trips as f64 / self.elapsed.as_secs_f64()
    }

    /// Round trips per second of the server's own CPU time: what its one
    /// thread could carry with a core to itself, whatever else the machine
    /// was doing.
    fn per_cpu_second(&self) -> f64 {
        self.round_trips as f64 / self.server_cpu.as_secs_f64().max(f64::MIN_POSITIVE)
    }
}

async fn measure(kind: ServerKind) -> Figures {
    let (mut child, addr, name) = match &kind {
        ServerKind::Ours => {
            let folder = std::env::temp_dir().join("server-bench-page");
            let _ = std::fs::create_dir_all(&folder);
            let _ = std::fs::write(folder.join("index.html"), "<!DOCTYPE html><title>bench</title>\n");
            let exe = std::env::current_exe().unwrap_or_else(|e| fail(&format!("where am I: {e}")));
            let server = exe.with_file_name("server");
            let caps = (IDLE_CONNECTIONS + CLIENTS + 100).to_string();
            let mut cmd = Command::new(&server);
            cmd.args(["--addr", "127.0.0.1:0", "--max-connections", &caps, "--max-per-ip", &caps, "--folder"])
                .arg(&folder);
            let (child, addr) = start(cmd, &server);
            (child, addr, "this project's server (Rust, tokio current_thread)".to_string())
        }
        ServerKind::Python(python) => {
            let mut cmd = Command::new(python);
            cmd.args(["-c", PYTHON_ECHO]);
            let (child, addr) = start(cmd, python);
            let version = python_websockets_version(python);
            (child, addr, format!("Python websockets {version} (asyncio)"))
        }
    };
    let pid = child.id();
    let rss_start_kib = resident_kib(pid);
    let echo = echo_load(&addr, pid).await;
    let rss_idle_kib = idle_memory(&addr, pid).await;
    let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    let _ = child.wait();
    Figures { name, echo, rss_start_kib, rss_idle_kib }
}

/// Starts a server and reads its address off its first line, which ends
/// with `127.0.0.1:PORT` (or `127.0.0.1:PORT/`).
fn start(mut cmd: Command, program: &Path) -> (Child, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start {}: {e}", program.display())));
    let stdout = child.stdout.take().unwrap_or_else(|| fail("no stdout"));
    let mut reader = BufReader::new(stdout);
    let mut first = String::new();
    let _ = reader.read_line(&mut first);
    let addr = first.trim().trim_end_matches('/').rsplit(['/', ' ']).next().unwrap_or("").to_string();
    if !addr.starts_with("127.0.0.1:") {
        let _ = child.kill();
        fail(&format!("{} did not say where it listens: {first:?}", program.display()));
    }
    std::thread::spawn(move || for _ in reader.lines() {});
    (child, addr)
}

fn python_websockets_version(python: &Path) -> String {
    Command::new(python)
        .args(["-c", "import websockets; print(websockets.__version__)"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// A WebSocket client written for the least work per round trip, so that
/// the server, not the client, is what is measured: one prepared masked
/// frame written, the echo read back, no other processing.
struct Client {
    stream: TcpStream,
    /// What was read past the last frame.
    buffered: Vec<u8>,
}

/// `MESSAGE` as a masked text frame, as a client must send it.
fn message_frame() -> Vec<u8> {
    let key = [0x37, 0xfa, 0x21, 0x3d];
    let mut frame = vec![0x81, 0x80 | MESSAGE.len() as u8];
    frame.extend_from_slice(&key);
    frame.extend(MESSAGE.bytes().enumerate().map(|(i, b)| b ^ key[i % 4]));
    frame
}

async fn connect(addr: &str) -> Client {
    let mut stream = TcpStream::connect(addr).await.unwrap_or_else(|e| fail(&format!("cannot connect to {addr}: {e}")));
    let _ = stream.set_nodelay(true);
    let handshake = format!(
        "GET /ws HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    if let Err(e) = stream.write_all(handshake.as_bytes()).await {
        fail(&format!("handshake: {e}"));
    }
    let mut buffered = Vec::new();
    let mut chunk = [0u8; 1024];
    let end = loop {
        if let Some(end) = buffered.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(n) if n > 0 => buffered.extend_from_slice(&chunk[..n]),
            _ => fail("the server closed during the handshake"),
        }
    };
    if !buffered.starts_with(b"HTTP/1.1 101") {
        fail(&format!("the handshake was refused: {:?}", String::from_utf8_lossy(&buffered[..end])));
    }
    buffered.drain(..end);
    Client { stream, buffered }
}

impl Client {
    /// Sends the message and waits for its echo (control frames skipped).
    async fn round_trip(&mut self, frame: &[u8]) {
        if let Err(e) = self.stream.write_all(frame).await {
            fail(&format!("send: {e}"));
        }
        loop {
            while let Some((opcode, payload, used)) = server_frame(&self.buffered) {
                let echoed = opcode == 0x1 && payload == MESSAGE.as_bytes();
                if opcode < 0x8 && !echoed {
                    fail(&format!("expected the echo, got opcode {opcode} with {} bytes", payload.len()));
                }
                self.buffered.drain(..used);
                if echoed {
                    return;
                }
            }
            let mut chunk = [0u8; 256];
            match self.stream.read(&mut chunk).await {
                Ok(n) if n > 0 => self.buffered.extend_from_slice(&chunk[..n]),
                _ => fail("the server closed the connection"),
            }
        }
    }
}

/// A whole unmasked frame at the start of `raw`: opcode, payload, length.
fn server_frame(raw: &[u8]) -> Option<(u8, &[u8], usize)> {
    let (&b0, &b1) = (raw.first()?, raw.get(1)?);
    let (len, start) = match b1 & 0x7F {
        126 => (u16::from_be_bytes([*raw.get(2)?, *raw.get(3)?]) as usize, 4),
        127 => (u64::from_be_bytes(raw.get(2..10)?.try_into().ok()?) as usize, 10),
        n => (n as usize, 2),
    };
    Some((b0 & 0x0F, raw.get(start..start + len)?, start + len))
}

/// [`CLIENTS`] clients echoing for [`ECHO_TIME`]: round trips, latencies,
/// and the server's CPU time meanwhile.
async fn echo_load(addr: &str, pid: u32) -> Echo {
    let frame = &message_frame();
    let mut clients = futures_util::future::join_all((0..CLIENTS).map(|_| connect(addr))).await;
    futures_util::future::join_all(clients.iter_mut().map(|client| async move {
        for _ in 0..WARM_UP {
            client.round_trip(frame).await;
        }
    }))
    .await;
    let cpu_before = cpu_time(pid);
    let started = Instant::now();
    let deadline = started + ECHO_TIME;
    let runs = clients.into_iter().map(|mut client| async move {
        let mut latencies = Vec::new();
        while Instant::now() < deadline && latencies.len() < MAX_ROUND_TRIPS_PER_CLIENT {
            let sent = Instant::now();
            client.round_trip(frame).await;
            latencies.push(sent.elapsed());
        }
        latencies
    });
    let mut latencies: Vec<Duration> = futures_util::future::join_all(runs).await.into_iter().flatten().collect();
    let elapsed = started.elapsed();
    let server_cpu = cpu_time(pid).saturating_sub(cpu_before);
    latencies.sort();
    let at = |q: f64| latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)));
    let (p50, p99) = (at(0.50).copied().unwrap_or_default(), at(0.99).copied().unwrap_or_default());
    Echo { round_trips: latencies.len(), elapsed, p50, p99, server_cpu }
}

/// A process's CPU time so far, user and system (`/proc/PID/stat` fields 14
/// and 15, in clock ticks of 1/100 s: Linux's USER_HZ).
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) is in parentheses and may hold spaces.
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<u64> = after_name.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    // after_name starts at field 3 (state, not a number, filtered out): utime is field 14.
    let ticks = fields.get(10).copied().unwrap_or(0) + fields.get(11).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// The server's resident memory with [`IDLE_CONNECTIONS`] open WebSockets,
/// each having echoed one message (so its buffers exist) and then idle.
async fn idle_memory(addr: &str, pid: u32) -> u64 {
    let frame = &message_frame();
    let mut idle = Vec::with_capacity(IDLE_CONNECTIONS);
    while idle.len() < IDLE_CONNECTIONS {
        let batch = CONNECT_BATCH.min(IDLE_CONNECTIONS - idle.len());
        let mut clients = futures_util::future::join_all((0..batch).map(|_| connect(addr))).await;
        futures_util::future::join_all(clients.iter_mut().map(|client| client.round_trip(frame))).await;
        idle.extend(clients);
    }
    let rss = resident_kib(pid);
    drop(idle);
    rss
}

/// VmRSS of a process, in KiB.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn millis(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn print_table(ours: &Figures, theirs: &Figures) {
    println!("WebSocket echo (server/src/bin/bench.rs): {CLIENTS} clients at once, each sending a 32-byte text");
    println!(
        "and waiting for its echo, for {} s; then {IDLE_CONNECTIONS} idle connections (each echoed once). Each",
        ECHO_TIME.as_secs()
    );
    println!("server is one process on one thread; the clients share one thread of the bench. Per CPU-second:");
    println!("round trips over the server process's own CPU time, which the machine's other load does not change.");
    println!();
    println!(
        "| server | round trips/s | per CPU-second | p50 | p99 | RSS at start | RSS, {IDLE_CONNECTIONS} idle | \
         per idle connection |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for f in [ours, theirs] {
        let per_connection = f.rss_idle_kib.saturating_sub(f.rss_start_kib) as f64 / IDLE_CONNECTIONS as f64;
        println!(
            "| {} | {:.0} | {:.0} | {} | {} | {} | {} | {:.1} KiB |",
            f.name,
            f.echo.per_second(),
            f.echo.per_cpu_second(),
            millis(f.echo.p50),
            millis(f.echo.p99),
            mib(f.rss_start_kib),
            mib(f.rss_idle_kib),
            per_connection
        );
    }
    println!();
    let ratio = |a: f64, b: f64| a / b.max(f64::MIN_POSITIVE);
    println!(
        "Throughput: {:.1}x Python's websockets in round trips/s, {:.1}x per CPU-second (target: at least 10x).",
        ratio(ours.echo.per_second(), theirs.echo.per_second()),
        ratio(ours.echo.per_cpu_second(), theirs.echo.per_cpu_second()),
    );
    println!("Memory with {IDLE_CONNECTIONS} idle connections: {} (target: at most 100 MB).", mib(ours.rss_idle_kib));
}
