//! A small static file server for the built page: std::net, one thread per
//! connection, `127.0.0.1:0`, `Connection: close`. It serves the folder under a
//! mount path only (`/` or e.g. `/course/playground/`): a request outside the
//! mount gets 404, so a page that works under a sub-path proves its asset URLs
//! are relative. Every request is logged with its status. With
//! [`StaticServer::serve_gzip`], files go out gzip-compressed (`gzip -9`) to a
//! browser that accepts it, as a course host serves them.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request the server answered: path (with query) and status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Served {
    pub path: String,
    pub status: u16,
    pub content_type: String,
}

struct Shared {
    root: PathBuf,
    mount: String,
    /// Inserted right after `<head>` of every HTML page (benchmarks only).
    head_script: Option<String>,
    log: Mutex<Vec<Served>>,
    /// Extra pages at fixed paths (e.g. a course page embedding the playground).
    extra: Mutex<Vec<(String, String)>>,
    stop: AtomicBool,
    gzip: AtomicBool,
    /// Compressed bodies by file, made once (level 9 of a 1 MB module takes a while).
    gzipped: Mutex<Vec<(PathBuf, Arc<Vec<u8>>)>>,
}

pub struct StaticServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// The content type of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
        Some("html") | Some("htm") => "text/html; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") | Some("map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg") | Some("jpeg") => "image/jpeg",
        Some("ico") => "image/x-icon",
        Some("webmanifest") => "application/manifest+json",
        Some("txt") | Some("md") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        _ => "application/octet-stream",
    }
}

impl StaticServer {
    /// Serves `root` under `mount` (`/` or `/a/b/`) on a free loopback port.
    pub fn start(root: PathBuf, mount: &str) -> StaticServer {
        Self::start_with(root, mount, None)
    }

    /// Like [`start`](Self::start), inserting `head_script` (a whole
    /// `<script>...</script>`) right after `<head>` of HTML pages.
    pub fn start_with(root: PathBuf, mount: &str, head_script: Option<String>) -> StaticServer {
        let mut mount = mount.to_string();
        if !mount.starts_with('/') {
            mount.insert(0, '/');
        }
        if !mount.ends_with('/') {
            mount.push('/');
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            root,
            mount,
            head_script,
            log: Mutex::new(Vec::new()),
            extra: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
            gzip: AtomicBool::new(false),
            gzipped: Mutex::new(Vec::new()),
        });
        let s = shared.clone();
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = conn {
                    let s = s.clone();
                    std::thread::spawn(move || {
                        let _ = handle(&s, stream);
                    });
                }
            }
        });
        StaticServer { addr, shared, thread: Some(thread) }
    }

    /// `http://127.0.0.1:PORT{mount}`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.shared.mount)
    }

    /// Serves `html` at `path` (outside the mount too), e.g. a course page.
    /// Returns its URL.
    pub fn add_page(&self, path: &str, html: &str) -> String {
        self.shared.extra.lock().unwrap_or_else(|p| p.into_inner()).push((path.to_string(), html.to_string()));
        format!("http://{}{}", self.addr, path)
    }

    /// From now on, files go out with `Content-Encoding: gzip` (`gzip -9`) when the request
    /// accepts it.
    pub fn serve_gzip(&self, on: bool) {
        self.shared.gzip.store(on, Ordering::SeqCst);
    }

    /// Every request answered so far.
    pub fn log(&self) -> Vec<Served> {
        self.shared.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(500));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn handle(s: &Shared, stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    // The headers: only Accept-Encoding matters.
    let mut accepts_gzip = false;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        let h = h.to_ascii_lowercase();
        if let Some(v) = h.strip_prefix("accept-encoding:") {
            accepts_gzip |= v.split(',').any(|e| e.trim().split(';').next() == Some("gzip"));
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return respond(s, &mut out, &target, 405, "text/plain", b"method not allowed", true);
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let extra =
        s.extra.lock().unwrap_or_else(|p| p.into_inner()).iter().find(|(p, _)| p == path).map(|(_, html)| html.clone());
    if let Some(html) = extra {
        let ctype = "text/html; charset=utf-8";
        return respond(s, &mut out, &target, 200, ctype, html.as_bytes(), method == "GET");
    }
    let Some(rel) = path.strip_prefix(s.mount.as_str()).or_else(|| {
        // `/course/playground` without the slash: the mount itself.
        (format!("{path}/") == s.mount).then_some("")
    }) else {
        return respond(s, &mut out, &target, 404, "text/plain", b"not found", method == "GET");
    };
    let rel = percent_decode(rel);
    if rel.split('/').any(|seg| seg == ".." || seg.contains('\\')) {
        return respond(s, &mut out, &target, 404, "text/plain", b"not found", method == "GET");
    }
    let mut file = s.root.join(&rel);
    if rel.is_empty() || rel.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(mut body) => {
            let ctype = content_type(&file);
            if let (Some(script), true) = (&s.head_script, ctype.starts_with("text/html")) {
                let html = String::from_utf8_lossy(&body).into_owned();
                let html = match html.find("<head>") {
                    Some(i) => format!("{}{}{}", &html[..i + 6], script, &html[i + 6..]),
                    None => format!("{script}{html}"),
                };
                body = html.into_bytes();
            }
            if accepts_gzip && s.gzip.load(Ordering::SeqCst) {
                let gz = gzipped(s, &file, &body)?;
                return respond_with(
                    s,
                    &mut out,
                    &target,
                    200,
                    ctype,
                    &gz,
                    method == "GET",
                    "Content-Encoding: gzip\r\n",
                );
            }
            respond(s, &mut out, &target, 200, ctype, &body, method == "GET")
        }
        Err(_) => respond(s, &mut out, &target, 404, "text/plain", b"not found", method == "GET"),
    }
}

/// `body` (the file's, as served) compressed, once per file.
fn gzipped(s: &Shared, file: &Path, body: &[u8]) -> std::io::Result<Arc<Vec<u8>>> {
    if let Some((_, gz)) = s.gzipped.lock().unwrap_or_else(|p| p.into_inner()).iter().find(|(f, _)| f == file) {
        return Ok(gz.clone());
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body)?;
    let gz = Arc::new(encoder.finish()?);
    s.gzipped.lock().unwrap_or_else(|p| p.into_inner()).push((file.to_path_buf(), gz.clone()));
    Ok(gz)
}

fn respond(
    s: &Shared,
    out: &mut TcpStream,
    target: &str,
    status: u16,
    ctype: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    respond_with(s, out, target, status, ctype, body, with_body, "")
}

/// `respond` with extra header lines (each ending in `\r\n`).
#[allow(clippy::too_many_arguments)]
fn respond_with(
    s: &Shared,
    out: &mut TcpStream,
    target: &str,
    status: u16,
    ctype: &str,
    body: &[u8],
    with_body: bool,
    extra_headers: &str,
) -> std::io::Result<()> {
    s.log.lock().unwrap_or_else(|p| p.into_inner()).push(Served {
        path: target.to_string(),
        status,
        content_type: ctype.to_string(),
    });
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{extra_headers}\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if with_body {
        out.write_all(body)?;
    }
    out.flush()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(addr: &str, path: &str) -> String {
        let mut s = TcpStream::connect(addr.trim_start_matches("http://").split('/').next().unwrap()).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn serves_files_under_the_mount_only_with_their_content_types() {
        let dir = std::env::temp_dir().join(format!("e2e-server-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        std::fs::write(dir.join("a.wasm"), b"\0asm").unwrap();
        let server = StaticServer::start(dir.clone(), "/course/playground/");
        let url = server.url();
        let r = get(&url, "/course/playground/?example=x");
        assert!(r.starts_with("HTTP/1.1 200"), "{r}");
        assert!(r.contains("text/html"), "{r}");
        let r = get(&url, "/course/playground/a.wasm");
        assert!(r.contains("Content-Type: application/wasm"), "{r}");
        let r = get(&url, "/a.wasm");
        assert!(r.starts_with("HTTP/1.1 404"), "{r}");
        let r = get(&url, "/course/playground/../index.html");
        assert!(r.starts_with("HTTP/1.1 404"), "{r}");
        assert_eq!(server.log().len(), 4);
        server.serve_gzip(true);
        let mut s = TcpStream::connect(url.trim_start_matches("http://").split('/').next().unwrap()).unwrap();
        write!(s, "GET /course/playground/a.wasm HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, deflate\r\n\r\n")
            .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        assert!(head.contains("Content-Encoding: gzip"), "{head}");
        let mut body = Vec::new();
        flate2::read::GzDecoder::new(&raw[split..]).read_to_end(&mut body).unwrap();
        assert_eq!(body, b"\0asm");
        let r = get(&url, "/course/playground/a.wasm");
        assert!(!r.contains("Content-Encoding"), "without Accept-Encoding: plain\n{r}");
        drop(server);
        std::fs::remove_dir_all(&dir).ok();
    }
}
