//! The lecture's plain TCP echo (`--tcp-echo PORT`), so that a student's own
//! Python client (`socket.create_connection`, `asyncio.open_connection`) has a
//! server to talk to: it reads what comes, 1024 bytes at a time like the
//! lecture's `recv(1024)`, and sends it back, until the client closes. Unlike
//! the lecture's blocking server it serves every client at once, as the
//! `select()` version does.

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time;

use crate::connections::{Connections, Slot};
use crate::limits::{Limits, TCP_ECHO_CHUNK};

/// Accepts echo clients until the shutdown. They share the server's caps;
/// a refused one is closed at once (plain TCP has no status to send).
pub(crate) async fn serve(
    listener: TcpListener,
    connections: Arc<Connections>,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = crate::shutting_down(&mut shutdown) => return,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                crate::pause_after_accept_error(&error).await;
                continue;
            }
        };
        if let Ok(slot) = connections.admit(peer.ip()) {
            let _ = stream.set_nodelay(true);
            tokio::spawn(echo_bytes(stream, slot, limits, shutdown.clone()));
        }
    }
}

async fn echo_bytes(mut stream: TcpStream, _slot: Slot, limits: Limits, mut shutdown: watch::Receiver<bool>) {
    let mut chunk = [0u8; TCP_ECHO_CHUNK];
    loop {
        let received = tokio::select! {
            received = time::timeout(limits.idle_timeout, stream.read(&mut chunk)) => received,
            _ = crate::shutting_down(&mut shutdown) => return,
        };
        let n = match received {
            // The client closed, failed, or said nothing for the idle timeout.
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return,
            Ok(Ok(n)) => n,
        };
        match time::timeout(limits.idle_timeout, stream.write_all(&chunk[..n])).await {
            Ok(Ok(())) => {}
            _ => return,
        }
    }
}
