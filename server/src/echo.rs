//! The WebSocket echo at `/ws`: every text or binary message comes back as it
//! came. One task per socket on the one thread; each waits on three things at
//! once, like the lecture's `select()` loop: a message, the ping timer, the
//! shutdown.
//!
//! Closing codes (RFC 6455 §7.4.1): 1009 for a message or frame over the
//! limit, 1007 for invalid UTF-8 in a text message, 1002 for a protocol error
//! (an unmasked client frame, a bad opcode, ...), 1011 when the client stopped
//! answering pings, 1001 when the server shuts down.

use std::sync::Arc;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{close_code, CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use tokio::sync::watch;
use tokio::time::{self, Instant, MissedTickBehavior};

use crate::connections::ConnectionSlot;
use crate::limits::Limits;

/// What the echo handler needs: the limits, the origins allowed besides the
/// page's own, and the server's shutdown signal.
#[derive(Clone, Debug)]
pub struct Echo {
    pub limits: Limits,
    pub allowed_origins: Arc<[String]>,
    pub shutdown: watch::Receiver<bool>,
}

/// `GET /ws`: checks the origin, then upgrades to the echo.
pub async fn upgrade(
    State(echo): State<Echo>,
    headers: HeaderMap,
    slot: Option<Extension<ConnectionSlot>>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if let Some(refusal) = origin_refusal(&headers, &echo.allowed_origins) {
        return refusal;
    }
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => return not_an_upgrade(&headers, rejection),
    };
    let limits = echo.limits;
    upgrade
        .max_message_size(limits.max_message_bytes)
        .max_frame_size(limits.max_message_bytes)
        .read_buffer_size(limits.buffer_bytes)
        .write_buffer_size(limits.buffer_bytes)
        // One echoed message and a little: the echo waits for each reply to be
        // written before reading the next message.
        .max_write_buffer_size(limits.max_message_bytes + 2 * limits.buffer_bytes)
        .on_upgrade(move |socket| async move {
            // The connection's slot stays taken while the socket is open.
            let _slot = slot;
            echo_messages(socket, echo).await;
        })
}

/// A browser always sends `Origin`; a page may open a socket here if it came
/// from this server (same host) or from an allowed origin. No `Origin`: a
/// program, not a page (a test suite, a student's script): allowed. Returns
/// the `403 Forbidden` for a page that may not.
fn origin_refusal(headers: &HeaderMap, allowed: &[String]) -> Option<Response> {
    let origin = headers.get(header::ORIGIN)?;
    let origin = origin.to_str().unwrap_or("");
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if origin_allowed(origin, host, allowed) {
        return None;
    }
    let text = format!(
        "pages from {origin} may not open WebSockets here; to allow them, start the server with \
         --allow-origin {origin}\n"
    );
    Some((StatusCode::FORBIDDEN, text).into_response())
}

/// Whether a page from `origin` may use the echo of a server reached as `host`.
pub fn origin_allowed(origin: &str, host: &str, allowed: &[String]) -> bool {
    let same_origin = ["http://", "https://"]
        .iter()
        .any(|scheme| origin.strip_prefix(scheme).is_some_and(|authority| authority.eq_ignore_ascii_case(host)));
    same_origin || allowed.iter().any(|a| a == "*" || a.eq_ignore_ascii_case(origin))
}

/// A request to `/ws` that is not a WebSocket handshake: a plain GET (a
/// browser's address bar) gets `426 Upgrade Required` saying what the address
/// is; a broken handshake gets axum's 400 with what is wrong.
fn not_an_upgrade(headers: &HeaderMap, rejection: WebSocketUpgradeRejection) -> Response {
    if headers.contains_key(header::UPGRADE) {
        return rejection.into_response();
    }
    let text = "this is the WebSocket echo: connect with a WebSocket client, \
                e.g. new WebSocket(\"ws://\" + location.host + \"/ws\")\n";
    let mut response = (StatusCode::UPGRADE_REQUIRED, text).into_response();
    response.headers_mut().insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    response
}

/// Echoes until the client closes, goes silent, breaks the protocol, or the
/// server shuts down.
async fn echo_messages(mut socket: WebSocket, mut echo: Echo) {
    let limits = echo.limits;
    let mut pings = time::interval_at(Instant::now() + limits.ping_interval, limits.ping_interval);
    pings.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut last_heard = Instant::now();
    loop {
        tokio::select! {
            received = socket.recv() => {
                let message = match received {
                    // The close handshake is done, or the client vanished.
                    None => return,
                    Some(Ok(message)) => message,
                    Some(Err(error)) => {
                        if let Some((code, reason)) = close_code_for(error) {
                            // No waiting for the client's answer: after a frame
                            // over the limit, reading on would take in its payload.
                            let _ = time::timeout(limits.close_grace, socket.send(close(code, reason))).await;
                        }
                        return;
                    }
                };
                last_heard = Instant::now();
                let reply = match message {
                    Message::Text(text) => Message::Text(text),
                    Message::Binary(bytes) => Message::Binary(bytes),
                    // tungstenite answers pings, and a close (its answer goes out
                    // on the next read, which ends the stream): keep reading.
                    Message::Ping(_) | Message::Pong(_) | Message::Close(_) => continue,
                };
                // A client that does not read its echoes blocks this write; it
                // is dropped after the idle timeout like a silent one.
                match time::timeout(limits.idle_timeout, socket.send(reply)).await {
                    Ok(Ok(())) => {}
                    _ => return,
                }
            }
            _ = pings.tick() => {
                if last_heard.elapsed() >= limits.idle_timeout {
                    // 1011, as Python's websockets closes on a keepalive timeout.
                    let _ = time::timeout(limits.close_grace, socket.send(close(close_code::ERROR, "no answer to pings"))).await;
                    return;
                }
                match time::timeout(limits.idle_timeout, socket.send(Message::Ping(Default::default()))).await {
                    Ok(Ok(())) => {}
                    _ => return,
                }
            }
            // Also when the server is gone (the sender dropped): close as well.
            _ = crate::shutting_down(&mut echo.shutdown) => {
                close_and_wait(&mut socket, close_code::AWAY, "server shutting down", limits).await;
                return;
            }
        }
    }
}

fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame { code, reason: reason.into() }))
}

/// Sends a close frame, then reads (and drops) what comes until the client's
/// answering close, for at most the close grace.
async fn close_and_wait(socket: &mut WebSocket, code: u16, reason: &'static str, limits: Limits) {
    let _ = time::timeout(limits.close_grace, async {
        if socket.send(close(code, reason)).await.is_ok() {
            while let Some(Ok(_)) = socket.recv().await {}
        }
    })
    .await;
}

/// The close code and reason for an error reading the socket, or None when
/// there is no one to tell (the connection is gone).
fn close_code_for(error: axum::Error) -> Option<(u16, &'static str)> {
    use tungstenite::error::ProtocolError;
    use tungstenite::Error;
    let error = error.into_inner().downcast::<Error>().ok()?;
    match *error {
        Error::Capacity(_) => Some((close_code::SIZE, "message too big")),
        Error::Utf8(_) => Some((close_code::INVALID, "invalid UTF-8 in a text message")),
        Error::Protocol(ProtocolError::ResetWithoutClosingHandshake) => None,
        Error::Protocol(_) => Some((close_code::PROTOCOL, "protocol error")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_own_origin_is_allowed_whatever_the_list() {
        assert!(origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", &[]));
        assert!(origin_allowed("https://Course.Example", "course.example", &[]));
        assert!(!origin_allowed("http://127.0.0.1:8081", "127.0.0.1:8080", &[]));
        assert!(!origin_allowed("http://evil.example", "127.0.0.1:8080", &[]));
        assert!(!origin_allowed("null", "127.0.0.1:8080", &[]));
    }

    #[test]
    fn listed_origins_and_the_wildcard_are_allowed() {
        let list = ["https://course.example".to_string()];
        assert!(origin_allowed("https://course.example", "127.0.0.1:8080", &list));
        assert!(!origin_allowed("http://course.example", "127.0.0.1:8080", &list));
        assert!(origin_allowed("http://anything.example", "127.0.0.1:8080", &["*".to_string()]));
    }
}
