//! The built page's files: tower-http's `ServeDir` (which refuses every path
//! that would leave the folder: `..`, a root, a drive prefix, after
//! percent-decoding) with the headers a page built by Trunk wants.
//!
//! - Cache: Trunk names the module and its JavaScript after their content
//!   (`async-playground-802570b660198670_bg.wasm`), so those never change and
//!   are cached for a year as `immutable`; `index.html` and the unhashed files
//!   (`static/`) are `no-cache`: revalidated each time (`Last-Modified`), so a
//!   new build shows at the next load.
//! - Compression (gzip, brotli) when the client accepts it.
//! - Content types from the file's extension, with `charset=utf-8` on text.
//! - `Content-Security-Policy: frame-ancestors ...` when origins that may
//!   frame the page are given; by default none is sent and any page may embed
//!   it (a public teaching tool without credentials, made to be embedded in
//!   course pages).

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Trunk's content-named files: cached for a year, never revalidated.
pub const CACHE_HASHED: &str = "public, max-age=31536000, immutable";
/// Every other file: kept, but revalidated before each use.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// The folder's files, with their headers. `frame_ancestors` are CSP
/// source expressions (`'self'`, `https://course.example`); empty: any page
/// may frame the site.
pub fn site(folder: &Path, frame_ancestors: &[String]) -> Result<Router, String> {
    let files =
        ServeDir::new(folder).append_index_html_on_directories(true).not_found_service(axum::routing::any(not_found));
    let mut router = Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(file_headers))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")));
    if let Some(csp) = frame_ancestors_policy(frame_ancestors)? {
        router = router.layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, csp));
    }
    Ok(router)
}

async fn not_found(request: Request) -> Response {
    (StatusCode::NOT_FOUND, format!("not found: {}\n", request.uri().path())).into_response()
}

/// `Cache-Control` by the file's name, and text types with their charset.
async fn file_headers(request: Request, next: Next) -> Response {
    let cache = if is_content_named(request.uri().path()) { CACHE_HASHED } else { CACHE_REVALIDATE };
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    } else {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let with_charset = headers.get(header::CONTENT_TYPE).and_then(|t| t.to_str().ok()).and_then(with_charset);
    if let Some(content_type) = with_charset {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    response
}

/// The content type to send instead of `guessed` (tower-http's, from
/// mime_guess), if any: UTF-8 text says so, and JavaScript is `text/javascript`
/// (RFC 9239) whichever extension it has.
fn with_charset(guessed: &str) -> Option<&'static str> {
    match guessed {
        "text/html" => Some("text/html; charset=utf-8"),
        "text/css" => Some("text/css; charset=utf-8"),
        "text/javascript" | "application/javascript" => Some("text/javascript; charset=utf-8"),
        "text/plain" => Some("text/plain; charset=utf-8"),
        "text/markdown" | "text/x-markdown" => Some("text/markdown; charset=utf-8"),
        "application/json" => Some("application/json; charset=utf-8"),
        _ => None,
    }
}

/// Whether the last segment of `path` is a name Trunk gave from the file's
/// content: `<stem>-<hash>.<ext>` or `<stem>-<hash>_bg.wasm`, the hash being
/// the file's 64-bit hash in hex (written without leading zeros, so 8 to 16
/// digits are accepted).
pub fn is_content_named(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let Some((stem, _extension)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `Content-Security-Policy` value for these frame ancestors, or None
/// when any page may frame the site. Each must be one CSP source expression.
pub fn frame_ancestors_policy(sources: &[String]) -> Result<Option<HeaderValue>, String> {
    if sources.is_empty() {
        return Ok(None);
    }
    for source in sources {
        let bad =
            source.is_empty() || source.chars().any(|c| c.is_whitespace() || c.is_control() || c == ';' || c == ',');
        if bad {
            return Err(format!(
                "--frame-ancestor {source:?} is not one CSP source: give one per option, \
                 such as 'self' or https://course.example"
            ));
        }
    }
    let policy = format!("frame-ancestors {}", sources.join(" "));
    HeaderValue::from_str(&policy).map(Some).map_err(|_| format!("--frame-ancestor: {policy:?} is not a header value"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunks_content_named_files_are_recognised() {
        assert!(is_content_named("/async-playground-802570b660198670_bg.wasm"));
        assert!(is_content_named("/course/async-playground-802570b660198670.js"));
        assert!(is_content_named("/style-02570b660198670.css"));
        assert!(!is_content_named("/index.html"));
        assert!(!is_content_named("/static/embed.js"));
        assert!(!is_content_named("/static/style.css"));
        assert!(!is_content_named("/async-playground-xyz.js"));
        assert!(!is_content_named("/"));
    }

    #[test]
    fn frame_ancestors_become_one_policy_and_bad_sources_are_refused() {
        assert_eq!(frame_ancestors_policy(&[]).unwrap(), None);
        let sources = ["'self'".to_string(), "https://course.example".to_string()];
        assert_eq!(frame_ancestors_policy(&sources).unwrap().unwrap(), "frame-ancestors 'self' https://course.example");
        assert!(frame_ancestors_policy(&["'self'; script-src *".to_string()]).is_err());
        assert!(frame_ancestors_policy(&["a b".to_string()]).is_err());
    }
}
