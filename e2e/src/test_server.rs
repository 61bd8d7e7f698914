//! The end-to-end tests' server: the project's own server (the `server`
//! crate, as `cargo xtask serve` runs it) on `127.0.0.1:0`, with what the
//! tests need as routes and layers of their own:
//!
//! - the page under a mount path only (`/` or e.g. `/course/playground/`): a
//!   request outside the mount gets 404, so a page that works under a
//!   sub-path proves its asset URLs are relative;
//! - extra pages at fixed paths (a course page embedding the playground);
//! - a script inserted right after `<head>` of every HTML page (the
//!   benchmark's probe);
//! - `Cache-Control: no-store` on everything, so that every load fetches the
//!   module again (the benchmark's loads);
//! - a log of every request with its status and content type;
//! - with [`StaticServer::serve_gzip`], files go out gzip-compressed to a
//!   browser that accepts it (and not brotli), as a course host serves them;
//!   without it, a server with a head script serves everything uncompressed.
//!
//! The WebSocket echo is at `/ws`, as in the real server.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// One request the server answered: path (with query) and status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Served {
    pub path: String,
    pub status: u16,
    pub content_type: String,
}

struct Shared {
    mount: String,
    /// Inserted right after `<head>` of every HTML page (benchmarks only).
    head_script: Option<String>,
    log: Mutex<Vec<Served>>,
    /// Extra pages at fixed paths (e.g. a course page embedding the playground).
    extra: Mutex<Vec<(String, String)>>,
    /// Offer only gzip to the site (the HTML that gets the head script still
    /// goes out uncompressed).
    gzip: AtomicBool,
}

pub struct StaticServer {
    running: server::Running,
    shared: Arc<Shared>,
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
        let shared = Arc::new(Shared {
            mount,
            head_script,
            log: Mutex::new(Vec::new()),
            extra: Mutex::new(Vec::new()),
            gzip: AtomicBool::new(false),
        });
        let mut config = server::Config::new(root);
        config.addr = ([127, 0, 0, 1], 0).into();
        let for_router = Arc::clone(&shared);
        let running = server::spawn(config, move |server| router(server, for_router))
            .unwrap_or_else(|e| panic!("the test server does not start: {e}"));
        StaticServer { running, shared }
    }

    /// `http://127.0.0.1:PORT{mount}`.
    pub fn url(&self) -> String {
        format!("{}{}", self.running.url(), self.shared.mount)
    }

    /// `ws://127.0.0.1:PORT/ws`: the WebSocket echo.
    pub fn ws_url(&self) -> String {
        self.running.ws_url()
    }

    /// Serves `html` at `path` (outside the mount too), e.g. a course page.
    /// Returns its URL.
    pub fn add_page(&self, path: &str, html: &str) -> String {
        self.shared.extra.lock().unwrap_or_else(PoisonError::into_inner).push((path.to_string(), html.to_string()));
        format!("{}{}", self.running.url(), path)
    }

    /// Files go out gzip-compressed (`on`) to a browser that accepts gzip,
    /// as a course host serves them.
    pub fn serve_gzip(&self, on: bool) {
        self.shared.gzip.store(on, Ordering::SeqCst);
    }

    /// Every request answered so far.
    pub fn log(&self) -> Vec<Served> {
        self.shared.log.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

/// The echo at `/ws`, the site under the mount, nothing else; the tests'
/// layer around it all.
fn router(server: &server::Server, shared: Arc<Shared>) -> Result<Router, String> {
    let site = server.site()?;
    let router = Router::new().route("/ws", server.echo());
    let mount = shared.mount.trim_end_matches('/');
    let router = if mount.is_empty() {
        router.fallback_service(site)
    } else {
        router.nest_service(mount, site).fallback(|| async { (StatusCode::NOT_FOUND, "not under the mount\n") })
    };
    Ok(router.layer(middleware::from_fn_with_state(shared, tests_layer)))
}

async fn tests_layer(State(shared): State<Arc<Shared>>, mut request: Request, next: Next) -> Response {
    let target = request.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default();
    let extra = shared
        .extra
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|(path, _)| path == request.uri().path())
        .map(|(_, html)| html.clone());
    let mut response = match extra {
        Some(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        None => {
            let path = request.uri().path();
            let document = path.ends_with('/') || path.ends_with(".html");
            let accepts_gzip = request
                .headers()
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("gzip"));
            if shared.head_script.is_some() && (document || !shared.gzip.load(Ordering::SeqCst)) {
                // The script goes into the HTML as sent: ask for it uncompressed.
                request.headers_mut().remove(header::ACCEPT_ENCODING);
            } else if shared.gzip.load(Ordering::SeqCst) && accepts_gzip {
                request.headers_mut().insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
            }
            let response = next.run(request).await;
            match &shared.head_script {
                Some(script) => insert_into_head(response, script).await,
                None => response,
            }
        }
    };
    if response.status() != StatusCode::SWITCHING_PROTOCOLS {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|t| t.to_str().ok()).unwrap_or("");
    let served = Served { path: target, status: response.status().as_u16(), content_type: content_type.to_string() };
    shared.log.lock().unwrap_or_else(PoisonError::into_inner).push(served);
    response
}

/// `script` right after `<head>` of an HTML response (at the start without one).
async fn insert_into_head(response: Response, script: &str) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "the page's body could not be read\n").into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let html = match html.find("<head>") {
        Some(i) => format!("{}{}{}", &html[..i + 6], script, &html[i + 6..]),
        None => format!("{script}{html}"),
    };
    // The length changed; hyper counts the new body.
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    fn get(url: &str, path: &str) -> String {
        let addr = url.trim_start_matches("http://").split('/').next().unwrap();
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    fn fixture(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("e2e-server-test-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<html><head></head><body>page</body></html>").unwrap();
        std::fs::write(dir.join("a.wasm"), b"\0asm").unwrap();
        dir
    }

    #[test]
    fn serves_files_under_the_mount_only_with_their_content_types() {
        let dir = fixture("mount");
        let server = StaticServer::start(dir.clone(), "/course/playground/");
        let url = server.url();
        let r = get(&url, "/course/playground/?example=x");
        assert!(r.starts_with("HTTP/1.1 200"), "{r}");
        assert!(r.contains("content-type: text/html"), "{r}");
        assert!(r.contains("cache-control: no-store"), "{r}");
        let r = get(&url, "/course/playground/a.wasm");
        assert!(r.contains("content-type: application/wasm"), "{r}");
        let r = get(&url, "/a.wasm");
        assert!(r.starts_with("HTTP/1.1 404"), "{r}");
        let r = get(&url, "/course/playground/../index.html");
        assert!(r.starts_with("HTTP/1.1 404"), "{r}");
        let log = server.log();
        assert_eq!(log.iter().map(|s| s.status).collect::<Vec<_>>(), [200, 200, 404, 404]);
        assert_eq!(log[0].path, "/course/playground/?example=x");
        assert_eq!(log[1].content_type, "application/wasm");
        drop(server);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn extra_pages_and_the_head_script_are_served() {
        let dir = fixture("extra");
        let server = StaticServer::start_with(dir.clone(), "/", Some("<script>probe</script>".into()));
        let course = server.add_page("/course/lecture.html", "<p>lecture</p>");
        assert!(course.ends_with("/course/lecture.html"));
        let r = get(&server.url(), "/course/lecture.html");
        assert!(r.starts_with("HTTP/1.1 200") && r.ends_with("<p>lecture</p>"), "{r}");
        let r = get(&server.url(), "/");
        assert!(r.ends_with("<html><head><script>probe</script></head><body>page</body></html>"), "{r}");
        drop(server);
        std::fs::remove_dir_all(&dir).ok();
    }
}
