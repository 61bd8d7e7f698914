//! A small static file server for the built page: GET and HEAD only, the
//! right Content-Type (`application/wasm` included), index.html for folders and
//! for extension-less paths that do not exist (the page's own routes).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::util::Result;

pub fn serve(dist: &Path, port: u16) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e} (try --port N)"))?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    println!("xtask: serving {}", dist.display());
    println!();
    println!("    http://127.0.0.1:{port}/");
    println!();
    println!("xtask: press Ctrl-C to stop");
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let dist = dist.to_path_buf();
        std::thread::spawn(move || {
            let _ = handle(stream, &dist);
        });
    }
    Ok(())
}

fn handle(mut stream: TcpStream, dist: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Skip the headers.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let head = method == "HEAD";
    if method != "GET" && !head {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed\n",
            head,
        );
    }
    match resolve(dist, target) {
        Some(path) => match std::fs::read(&path) {
            Ok(body) => respond(&mut stream, "200 OK", content_type(&path), &body, head),
            Err(_) => respond(&mut stream, "404 Not Found", "text/plain; charset=utf-8", b"not found\n", head),
        },
        None => respond(&mut stream, "404 Not Found", "text/plain; charset=utf-8", b"not found\n", head),
    }
}

fn respond(stream: &mut TcpStream, status: &str, ctype: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The file that answers `target` (the request's path), or None for 404.
pub fn resolve(dist: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None; // `..`, absolute paths, and such
    }
    let full = dist.join(rel);
    if full.is_file() {
        return Some(full);
    }
    if full.is_dir() && full.join("index.html").is_file() {
        return Some(full.join("index.html"));
    }
    // Unknown extension-less paths are the page's own; files stay 404.
    let last = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if !last.contains('.') && dist.join("index.html").is_file() {
        return Some(dist.join("index.html"));
    }
    None
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "txt" | "py" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("static/sub")).unwrap();
        std::fs::write(dir.join("index.html"), "<html></html>").unwrap();
        std::fs::write(dir.join("web-abc_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(dir.join("static/a b.txt"), "x").unwrap();
        std::fs::write(dir.join("static/sub/index.html"), "sub").unwrap();
        dir
    }

    #[test]
    fn resolves_files_folders_and_routes() {
        let d = fixture("resolve");
        assert_eq!(resolve(&d, "/"), Some(d.join("index.html")));
        assert_eq!(resolve(&d, "/?example=compute-square"), Some(d.join("index.html")));
        assert_eq!(resolve(&d, "/web-abc_bg.wasm"), Some(d.join("web-abc_bg.wasm")));
        assert_eq!(resolve(&d, "/static/a%20b.txt"), Some(d.join("static/a b.txt")));
        assert_eq!(resolve(&d, "/static/sub/"), Some(d.join("static/sub/index.html")));
        assert_eq!(resolve(&d, "/some/route"), Some(d.join("index.html")));
        assert_eq!(resolve(&d, "/missing.js"), None);
        assert_eq!(resolve(&d, "/../etc/passwd"), None);
        assert_eq!(resolve(&d, "/%2e%2e/x"), None);
        assert_eq!(resolve(&d, "/%zz"), None);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a/web_bg.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("web.js")), "text/javascript; charset=utf-8");
        assert_eq!(content_type(Path::new("index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("x.unknown")), "application/octet-stream");
    }

    #[test]
    fn serves_over_tcp() {
        let d = fixture("tcp");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let dist = d.clone();
        std::thread::spawn(move || {
            for s in listener.incoming().take(2) {
                handle(s.unwrap(), &dist).unwrap();
            }
        });
        let get = |path: &str| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut s, &mut out).unwrap();
            String::from_utf8_lossy(&out).into_owned()
        };
        let r = get("/web-abc_bg.wasm");
        assert!(r.starts_with("HTTP/1.1 200 OK\r\n"), "{r}");
        assert!(r.contains("Content-Type: application/wasm\r\n"), "{r}");
        assert!(r.contains("Content-Length: 4\r\n"), "{r}");
        let r = get("/nope.css");
        assert!(r.starts_with("HTTP/1.1 404"), "{r}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
