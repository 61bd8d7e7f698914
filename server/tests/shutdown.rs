//! The binary: SIGINT and SIGTERM close every WebSocket with 1001 and exit 0.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use common::{page_folder, RawSocket, CLOSE};

/// Starts the server binary on a free port; returns it and its address, read
/// from its first line (`server: listening on http://ADDR/`).
fn start_binary() -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--addr", "127.0.0.1:0", "--folder"])
        .arg(page_folder())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut first = String::new();
    let mut reader = BufReader::new(stdout);
    reader.read_line(&mut first).expect("its first line");
    let addr = first
        .trim()
        .strip_prefix("server: listening on http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
        .parse()
        .expect("an address");
    // Keep reading its output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in reader.lines() {});
    (child, addr)
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

async fn signal_closes_sockets_with_1001_and_exits_cleanly(name: &str) {
    let (mut child, addr) = start_binary();
    let mut sockets = Vec::new();
    for _ in 0..3 {
        sockets.push(RawSocket::connect(addr, &[]).await);
    }
    signal(&child, name);
    for socket in &mut sockets {
        let frame = socket.read_frame().await.expect("a close frame");
        assert_eq!((frame.opcode, frame.close_code()), (CLOSE, Some(1001)));
        socket.send_frame(true, CLOSE, &1001u16.to_be_bytes(), true).await.unwrap();
    }
    let status = tokio::task::spawn_blocking(move || child.wait()).await.unwrap().unwrap();
    assert!(status.success(), "the server exits cleanly: {status}");
}

#[tokio::test]
async fn sigterm_closes_every_socket_with_1001_and_exits_cleanly() {
    signal_closes_sockets_with_1001_and_exits_cleanly("TERM").await;
}

#[tokio::test]
async fn sigint_closes_every_socket_with_1001_and_exits_cleanly() {
    signal_closes_sockets_with_1001_and_exits_cleanly("INT").await;
}

#[test]
fn a_folder_that_is_not_there_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--addr", "127.0.0.1:0", "--folder", "/no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "server: error: /no/such/folder is not a folder (--folder): build the page with `cargo xtask build`\n"
    );
}

#[test]
fn help_lists_every_option() {
    let out = Command::new(env!("CARGO_BIN_EXE_server")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for option in
        ["--addr", "--folder", "--allow-origin", "--frame-ancestor", "--max-connections", "--max-per-ip", "--tcp-echo"]
    {
        assert!(help.contains(option), "{option} is missing from --help:\n{help}");
    }
}
