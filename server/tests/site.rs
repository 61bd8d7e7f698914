//! The page's files over HTTP: types, caching, compression, frame ancestors,
//! and no path out of the folder.

mod common;

use std::io::Read;

use common::{get, page_folder, raw_http, request, start, start_with, wasm_bytes, INDEX_HTML, SCRIPT};
use server::Limits;

#[tokio::test]
async fn index_html_is_served_for_the_root_as_utf8_html_and_revalidated() {
    let server = start(Limits::default());
    let response = get(server.addr(), "/?example=compute-square", &[]).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(response.header("cache-control"), Some("no-cache"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert!(response.header("last-modified").is_some(), "{response:?}");
    assert_eq!(response.text(), INDEX_HTML);
}

#[tokio::test]
async fn trunks_hashed_files_have_their_types_and_are_immutable() {
    let server = start(Limits::default());
    let wasm = get(server.addr(), "/async-playground-802570b660198670_bg.wasm", &[]).await;
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(wasm.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(wasm.body, wasm_bytes());
    let script = get(server.addr(), "/async-playground-802570b660198670.js", &[]).await;
    assert_eq!(script.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert_eq!(script.header("cache-control"), Some("public, max-age=31536000, immutable"));
}

#[tokio::test]
async fn unhashed_static_files_are_revalidated() {
    let server = start(Limits::default());
    let css = get(server.addr(), "/static/style.css", &[]).await;
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("cache-control"), Some("no-cache"));
}

#[tokio::test]
async fn a_revalidation_of_an_unchanged_file_gets_304() {
    let server = start(Limits::default());
    let first = get(server.addr(), "/index.html", &[]).await;
    let modified = first.header("last-modified").expect("Last-Modified").to_string();
    let again = get(server.addr(), "/index.html", &[("If-Modified-Since", &modified)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
}

#[tokio::test]
async fn files_are_gzipped_or_brotli_compressed_when_the_client_accepts_it() {
    let server = start(Limits::default());
    let path = "/async-playground-802570b660198670.js";
    let gzipped = get(server.addr(), path, &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gzipped.body[..]).read_to_string(&mut text).unwrap();
    assert_eq!(text, SCRIPT);
    assert!(gzipped.body.len() < SCRIPT.len());

    let brotli = get(server.addr(), path, &[("Accept-Encoding", "br")]).await;
    assert_eq!(brotli.header("content-encoding"), Some("br"));
    assert_ne!(brotli.body, SCRIPT.as_bytes());

    let plain = get(server.addr(), path, &[]).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text(), SCRIPT);
}

#[tokio::test]
async fn head_gets_the_headers_without_the_body() {
    let server = start(Limits::default());
    let response = request(server.addr(), "HEAD", "/index.html", &[]).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-length"), Some(INDEX_HTML.len().to_string().as_str()));
    assert!(response.body.is_empty());
}

#[tokio::test]
async fn a_missing_file_is_404_with_a_message() {
    let server = start(Limits::default());
    let response = get(server.addr(), "/missing.js", &[]).await;
    assert_eq!(response.status, 404);
    assert_eq!(response.text(), "not found: /missing.js\n");
    assert_eq!(response.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn no_path_leaves_the_folder() {
    // A file next to the served folder, which a path escape would reach.
    let outside = page_folder().parent().unwrap().join("server-test-outside.txt");
    std::fs::write(&outside, "secret").unwrap();
    let server = start(Limits::default());
    for path in [
        "/../server-test-outside.txt",
        "/static/../../server-test-outside.txt",
        "/%2e%2e/server-test-outside.txt",
        "/%2E%2E%2Fserver-test-outside.txt",
        "/static/%2e%2e/%2e%2e/server-test-outside.txt",
        "/..%5cserver-test-outside.txt",
        "/..\\server-test-outside.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/%2Fetc%2Fpasswd",
        "/static//etc/passwd",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/server-test-outside.txt",
        "/C:/Windows/win.ini",
    ] {
        let response = get(server.addr(), path, &[]).await;
        assert_eq!(response.status, 404, "{path}: {response:?}");
        assert!(!response.text().contains("secret") && !response.text().contains("root:"), "{path}");
    }
}

#[tokio::test]
async fn frame_ancestors_are_sent_only_when_given() {
    let server = start(Limits::default());
    let response = get(server.addr(), "/", &[]).await;
    assert_eq!(response.header("content-security-policy"), None);
    drop(server);

    let server = start_with(|config| {
        config.frame_ancestors = vec!["'self'".into(), "https://course.example".into()];
    });
    let response = get(server.addr(), "/", &[]).await;
    assert_eq!(response.header("content-security-policy"), Some("frame-ancestors 'self' https://course.example"));
}

#[tokio::test]
async fn a_post_to_a_file_is_405() {
    let server = start(Limits::default());
    let response = request(server.addr(), "POST", "/index.html", &[("Content-Length", "0")]).await;
    assert_eq!(response.status, 405);
}

#[tokio::test]
async fn malformed_http_gets_400() {
    let server = start(Limits::default());
    for raw in [&b"GARBAGE\r\n\r\n"[..], b"GET / HTTP/1.1\r\nHost x\r\n\r\n", b"GET /\x01 HTTP/1.1\r\n\r\n"] {
        let response = raw_http(server.addr(), raw).await;
        assert_eq!(response.status, 400, "{:?}", String::from_utf8_lossy(raw));
    }
}

#[tokio::test]
async fn a_request_head_over_the_buffer_gets_431() {
    let server = start(Limits::default());
    let big = "x".repeat(10 * 1024);
    let response = get(server.addr(), "/", &[("X-Big", &big)]).await;
    assert_eq!(response.status, 431);
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_handshake_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = start(common::quick_limits());
    let mut stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    stream.write_all(b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    // The answer, then (kept alive, nothing more asked) the end of the connection.
    let mut all = Vec::new();
    let read = tokio::time::timeout(common::HANG_GUARD, stream.read_to_end(&mut all)).await;
    assert!(matches!(read, Ok(Ok(_))), "the server closes the idle connection: {read:?}");
    let response = common::parse_response(&all).expect("an HTTP response");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("connection"), None, "it was kept alive, not closed at once");
    common::wait_for_open_connections(&server, 0).await;
}
