//! The tests' clients: plain HTTP over a raw socket (so that malformed and
//! hostile requests can be sent as they are), a raw WebSocket (to send frames
//! no well-behaved client would: unmasked, oversized, invalid UTF-8), and a
//! server on a free port with a small page folder.
#![allow(dead_code)] // each test file uses a part

use std::path::PathBuf;
use std::time::Duration;

use server::{Config, Limits, Running};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Bounds every wait in these tests: a hang guard, not a speed check.
pub const HANG_GUARD: Duration = Duration::from_secs(60);

/// A page folder like Trunk's output, made once per test binary.
pub fn page_folder() -> PathBuf {
    static FOLDER: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let name = format!("server-test-page-{}-{:?}", std::process::id(), std::thread::current().id());
            let dir = std::env::temp_dir().join(name.replace(['(', ')'], ""));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("static")).unwrap();
            std::fs::write(dir.join("index.html"), INDEX_HTML).unwrap();
            std::fs::write(dir.join("async-playground-802570b660198670.js"), SCRIPT).unwrap();
            std::fs::write(dir.join("async-playground-802570b660198670_bg.wasm"), wasm_bytes()).unwrap();
            std::fs::write(dir.join("static/style.css"), "body { margin: 0 }\n".repeat(20)).unwrap();
            std::fs::write(dir.join("static/embed.js"), "// embed\n").unwrap();
            dir
        })
        .clone()
}

pub const INDEX_HTML: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>async-playground</title></head>\
<body><script type=\"module\">import init from './async-playground-802570b660198670.js'; init();</script></body></html>\n";

/// Long enough to be worth compressing.
pub const SCRIPT: &str =
    "export default async function init() { return 'the playground page, compiled to WebAssembly'; }\n\
// padding so that compression pays: the playground page, compiled to WebAssembly\n\
// padding so that compression pays: the playground page, compiled to WebAssembly\n";

pub fn wasm_bytes() -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 4096));
    bytes
}

/// Limits with every duration short enough for a test to reach.
pub fn quick_limits() -> Limits {
    Limits {
        handshake_timeout: Duration::from_millis(300),
        ping_interval: Duration::from_millis(100),
        idle_timeout: Duration::from_millis(300),
        close_grace: Duration::from_millis(500),
        ..Limits::default()
    }
}

/// A server on a free loopback port with the test page and these limits.
pub fn start(limits: Limits) -> Running {
    start_with(|config| config.limits = limits)
}

pub fn start_with(change: impl FnOnce(&mut Config)) -> Running {
    // 1,000 clients and their 1,000 server sockets need more than 1,024 descriptors.
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let mut config = Config::new(page_folder());
    config.addr = "127.0.0.1:0".parse().unwrap();
    config.limits = Limits { max_connections_per_ip: 1000, ..Limits::default() };
    change(&mut config);
    server::spawn(config, |server| server.app()).expect("the server starts")
}

/// An HTTP response as it came: status, headers (names lower-cased), body
/// (de-chunked).
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request` as it is and reads the response until the server closes.
pub async fn raw_http(addr: std::net::SocketAddr, request: &[u8]) -> HttpResponse {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("send the request");
    let mut raw = Vec::new();
    tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut raw))
        .await
        .expect("the server closes the connection")
        .expect("read the response");
    parse_response(&raw).unwrap_or_else(|| panic!("not an HTTP response: {:?}", String::from_utf8_lossy(&raw)))
}

/// `GET path` with these extra header lines, `Connection: close`.
pub async fn get(addr: std::net::SocketAddr, path: &str, headers: &[(&str, &str)]) -> HttpResponse {
    request(addr, "GET", path, headers).await
}

pub async fn request(addr: std::net::SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> HttpResponse {
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    raw_http(addr, text.as_bytes()).await
}

pub fn parse_response(raw: &[u8]) -> Option<HttpResponse> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body)?;
    }
    Some(HttpResponse { status, headers, body })
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..line_end]).ok()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

/// A WebSocket spoken by hand, one frame at a time.
pub struct RawSocket {
    pub stream: TcpStream,
    /// Bytes read past the last frame (or the handshake's head).
    buffered: Vec<u8>,
}

/// A frame as the server sent it.
#[derive(Debug, PartialEq, Eq)]
pub struct Frame {
    pub fin: bool,
    pub opcode: u8,
    pub payload: Vec<u8>,
}

pub const TEXT: u8 = 0x1;
pub const BINARY: u8 = 0x2;
pub const CONTINUATION: u8 = 0x0;
pub const CLOSE: u8 = 0x8;
pub const PING: u8 = 0x9;
pub const PONG: u8 = 0xA;

impl Frame {
    /// A close frame's code.
    pub fn close_code(&self) -> Option<u16> {
        (self.opcode == CLOSE && self.payload.len() >= 2)
            .then(|| u16::from_be_bytes([self.payload[0], self.payload[1]]))
    }
}

impl RawSocket {
    /// Opens `/ws` with these extra header lines; panics unless the answer is 101.
    pub async fn connect(addr: std::net::SocketAddr, headers: &[(&str, &str)]) -> RawSocket {
        match RawSocket::try_connect(addr, headers).await {
            Ok(socket) => socket,
            Err(response) => panic!("the handshake was refused: {response:?}"),
        }
    }

    /// Opens `/ws`; the response when it is not 101.
    pub async fn try_connect(addr: std::net::SocketAddr, headers: &[(&str, &str)]) -> Result<RawSocket, HttpResponse> {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        let mut text = format!(
            "GET /ws HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        );
        for (name, value) in headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        text.push_str("\r\n");
        stream.write_all(text.as_bytes()).await.expect("send the handshake");
        let mut raw = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            let n =
                tokio::time::timeout(HANG_GUARD, stream.read(&mut chunk)).await.expect("handshake answer").unwrap_or(0);
            if n == 0 {
                panic!("the server closed during the handshake: {:?}", String::from_utf8_lossy(&raw));
            }
            raw.extend_from_slice(&chunk[..n]);
        };
        if !raw.starts_with(b"HTTP/1.1 101") {
            // Read the rest of the refusal (the server closes or sends its length).
            let mut rest = Vec::new();
            let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut rest)).await;
            raw.extend_from_slice(&rest);
            return Err(parse_response(&raw).expect("an HTTP response"));
        }
        let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
        // RFC 6455's example key and its accept value.
        assert!(head.contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), "{head}");
        Ok(RawSocket { stream, buffered: raw[head_end..].to_vec() })
    }

    /// Writes one frame, masked (as a client must) unless `masked` is false.
    pub async fn send_frame(&mut self, fin: bool, opcode: u8, payload: &[u8], masked: bool) -> std::io::Result<()> {
        let bytes = encode_frame(fin, opcode, payload, masked);
        self.stream.write_all(&bytes).await
    }

    /// Reads the next frame; None when the server closed the connection.
    pub async fn read_frame(&mut self) -> Option<Frame> {
        loop {
            if let Some((frame, used)) = decode_frame(&self.buffered) {
                self.buffered.drain(..used);
                return Some(frame);
            }
            let mut chunk = [0u8; 16 * 1024];
            let n = tokio::time::timeout(HANG_GUARD, self.stream.read(&mut chunk)).await.expect("a frame or the end");
            match n {
                Ok(0) | Err(_) => return None,
                Ok(n) => self.buffered.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// Reads frames until a close frame; returns its code. Pings are skipped.
    pub async fn read_close_code(&mut self) -> Option<u16> {
        while let Some(frame) = self.read_frame().await {
            if frame.opcode == CLOSE {
                return frame.close_code();
            }
        }
        None
    }
}

pub fn encode_frame(fin: bool, opcode: u8, payload: &[u8], masked: bool) -> Vec<u8> {
    let mut bytes = vec![(u8::from(fin) << 7) | opcode];
    let mask_bit = if masked { 0x80 } else { 0 };
    match payload.len() {
        n if n < 126 => bytes.push(mask_bit | n as u8),
        n if n <= 0xFFFF => {
            bytes.push(mask_bit | 126);
            bytes.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            bytes.push(mask_bit | 127);
            bytes.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    if masked {
        let key = [0x37, 0xfa, 0x21, 0x3d];
        bytes.extend_from_slice(&key);
        bytes.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i % 4]));
    } else {
        bytes.extend_from_slice(payload);
    }
    bytes
}

/// A whole server frame at the start of `raw`, and its length in bytes.
fn decode_frame(raw: &[u8]) -> Option<(Frame, usize)> {
    let (&b0, &b1) = (raw.first()?, raw.get(1)?);
    let (len, mut at) = match b1 & 0x7F {
        126 => (u16::from_be_bytes([*raw.get(2)?, *raw.get(3)?]) as usize, 4),
        127 => (u64::from_be_bytes(raw.get(2..10)?.try_into().ok()?) as usize, 10),
        n => (n as usize, 2),
    };
    assert_eq!(b1 & 0x80, 0, "the server masked a frame");
    let payload = raw.get(at..at + len)?.to_vec();
    at += len;
    Some((Frame { fin: b0 & 0x80 != 0, opcode: b0 & 0x0F, payload }, at))
}

/// Polls until the server has exactly `n` connections open (a hang guard
/// bounds it; the count is the assertion).
pub async fn wait_for_open_connections(server: &Running, n: usize) {
    let connections = server.connections().clone();
    let waited = tokio::time::timeout(HANG_GUARD, connections.wait_until_open(n)).await;
    assert!(waited.is_ok(), "the server still has {} connections open, not {n}", server.connections().open());
}
