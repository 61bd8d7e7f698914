//! The WebSocket echo at /ws and its limits, and the plain TCP echo.

mod common;

use common::{
    encode_frame, get, quick_limits, raw_http, request, start, start_with, wait_for_open_connections, RawSocket,
    BINARY, CLOSE, CONTINUATION, HANG_GUARD, PING, PONG, TEXT,
};
use futures_util::{SinkExt, StreamExt};
use server::limits::MAX_MESSAGE_BYTES;
use server::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;

type Client = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

async fn client(url: &str) -> Client {
    let (socket, response) = tokio_tungstenite::connect_async(url).await.expect("the handshake succeeds");
    assert_eq!(response.status(), 101);
    socket
}

/// The next data message (pings are answered by the client and skipped).
async fn next_message(socket: &mut Client) -> Message {
    loop {
        let message = tokio::time::timeout(HANG_GUARD, socket.next())
            .await
            .expect("an answer")
            .expect("the socket is open")
            .expect("a valid frame");
        if !matches!(message, Message::Ping(_) | Message::Pong(_)) {
            return message;
        }
    }
}

#[tokio::test]
async fn text_and_binary_messages_come_back_as_sent() {
    let server = start(Limits::default());
    let mut socket = client(&server.ws_url()).await;
    socket.send(Message::text("hello, event loop")).await.unwrap();
    assert_eq!(next_message(&mut socket).await, Message::text("hello, event loop"));
    socket.send(Message::binary(vec![0u8, 1, 2, 255])).await.unwrap();
    assert_eq!(next_message(&mut socket).await, Message::binary(vec![0u8, 1, 2, 255]));
    socket.send(Message::text("")).await.unwrap();
    assert_eq!(next_message(&mut socket).await, Message::text(""));
    socket.send(Message::text("héllo ✓ 🐍")).await.unwrap();
    assert_eq!(next_message(&mut socket).await, Message::text("héllo ✓ 🐍"));
}

#[tokio::test]
async fn a_client_close_is_answered_and_the_connection_released() {
    let server = start(Limits::default());
    let mut socket = RawSocket::connect(server.addr(), &[]).await;
    socket.send_frame(true, CLOSE, &1000u16.to_be_bytes(), true).await.unwrap();
    let answer = socket.read_frame().await.expect("a close frame");
    assert_eq!((answer.opcode, answer.close_code()), (CLOSE, Some(1000)));
    assert!(socket.read_frame().await.is_none(), "the server closes the TCP connection after the handshake");
    wait_for_open_connections(&server, 0).await;
}

#[tokio::test]
async fn a_message_of_exactly_64_kib_comes_back_in_one_frame_or_in_fragments() {
    assert_eq!(MAX_MESSAGE_BYTES, 65536);
    let server = start(Limits::default());
    let mut socket = client(&server.ws_url()).await;
    let text = "abcdefgh".repeat(MAX_MESSAGE_BYTES / 8);
    socket.send(Message::text(text.clone())).await.unwrap();
    assert_eq!(next_message(&mut socket).await, Message::text(text.clone()));
    let bytes: Vec<u8> = (0..MAX_MESSAGE_BYTES).map(|i| (i % 251) as u8).collect();
    socket.send(Message::binary(bytes.clone())).await.unwrap();
    assert_eq!(next_message(&mut socket).await, Message::binary(bytes.clone()));

    let mut raw = RawSocket::connect(server.addr(), &[]).await;
    let (first, rest) = bytes.split_at(40_000);
    raw.send_frame(false, BINARY, first, true).await.unwrap();
    raw.send_frame(true, CONTINUATION, rest, true).await.unwrap();
    let echo = raw.read_frame().await.expect("the echo");
    assert_eq!((echo.opcode, echo.payload.len()), (BINARY, MAX_MESSAGE_BYTES));
    assert_eq!(echo.payload, bytes);
}

#[tokio::test]
async fn a_frame_one_byte_over_64_kib_closes_with_1009() {
    let server = start(Limits::default());
    let mut socket = RawSocket::connect(server.addr(), &[]).await;
    // The server reads the header, refuses, and closes; the payload may not
    // all be taken any more.
    let _ = socket.send_frame(true, BINARY, &vec![7u8; MAX_MESSAGE_BYTES + 1], true).await;
    assert_eq!(socket.read_close_code().await, Some(1009));
    wait_for_open_connections(&server, 0).await;
}

#[tokio::test]
async fn a_text_frame_one_byte_over_64_kib_closes_with_1009() {
    let server = start(Limits::default());
    let mut socket = RawSocket::connect(server.addr(), &[]).await;
    let _ = socket.send_frame(true, TEXT, "x".repeat(MAX_MESSAGE_BYTES + 1).as_bytes(), true).await;
    assert_eq!(socket.read_close_code().await, Some(1009));
}

#[tokio::test]
async fn a_fragmented_message_one_byte_over_64_kib_closes_with_1009() {
    let server = start(Limits::default());
    let mut socket = RawSocket::connect(server.addr(), &[]).await;
    let half = vec![1u8; MAX_MESSAGE_BYTES / 2];
    socket.send_frame(false, BINARY, &half, true).await.unwrap();
    socket.send_frame(false, CONTINUATION, &half, true).await.unwrap();
    let _ = socket.send_frame(true, CONTINUATION, &[1], true).await;
    assert_eq!(socket.read_close_code().await, Some(1009));
}

#[tokio::test]
async fn invalid_utf8_in_a_text_message_closes_with_1007() {
    let server = start(Limits::default());
    let mut socket = RawSocket::connect(server.addr(), &[]).await;
    socket.send_frame(true, TEXT, b"caf\xc3", true).await.unwrap();
    assert_eq!(socket.read_close_code().await, Some(1007));

    // Split over fragments, the bad byte in the second.
    let mut socket = RawSocket::connect(server.addr(), &[]).await;
    socket.send_frame(false, TEXT, b"hello ", true).await.unwrap();
    socket.send_frame(true, CONTINUATION, b"\xff world", true).await.unwrap();
    assert_eq!(socket.read_close_code().await, Some(1007));
}

#[tokio::test]
async fn an_unmasked_client_frame_closes_with_1002() {
    let server = start(Limits::default());
    let mut socket = RawSocket::connect(server.addr(), &[]).await;
    socket.send_frame(true, TEXT, b"not masked", false).await.unwrap();
    assert_eq!(socket.read_close_code().await, Some(1002));
    wait_for_open_connections(&server, 0).await;
}

#[tokio::test]
async fn other_protocol_errors_close_with_1002() {
    let server = start(Limits::default());
    // A reserved opcode; a continuation with nothing to continue; reserved
    // bits without an extension; a fragmented ping.
    let cases: [Vec<u8>; 4] = [
        encode_frame(true, 0x3, b"x", true),
        encode_frame(true, CONTINUATION, b"x", true),
        {
            let mut frame = encode_frame(true, TEXT, b"x", true);
            frame[0] |= 0x40;
            frame
        },
        encode_frame(false, PING, b"x", true),
    ];
    for bytes in cases {
        let mut socket = RawSocket::connect(server.addr(), &[]).await;
        socket.stream.write_all(&bytes).await.unwrap();
        assert_eq!(socket.read_close_code().await, Some(1002), "{bytes:?}");
    }
}

#[tokio::test]
async fn a_page_from_another_origin_is_refused_with_403() {
    let server = start(Limits::default());
    let refused = RawSocket::try_connect(server.addr(), &[("Origin", "http://evil.example")]).await.err();
    let refused = refused.expect("a refusal");
    assert_eq!(refused.status, 403);
    assert!(refused.text().contains("--allow-origin http://evil.example"), "{}", refused.text());
    let other_port = format!("http://127.0.0.1:{}", server.addr().port() + 1);
    let refused = RawSocket::try_connect(server.addr(), &[("Origin", &other_port)]).await.err();
    assert_eq!(refused.map(|r| r.status), Some(403));
}

#[tokio::test]
async fn the_servers_own_pages_and_programs_without_origin_may_connect() {
    let server = start(Limits::default());
    let own = format!("http://{}", server.addr());
    RawSocket::connect(server.addr(), &[("Origin", &own)]).await;
    RawSocket::connect(server.addr(), &[]).await;
}

#[tokio::test]
async fn allowed_origins_may_connect() {
    let server = start_with(|config| config.allowed_origins = vec!["https://course.example".into()]);
    RawSocket::connect(server.addr(), &[("Origin", "https://course.example")]).await;
    let refused = RawSocket::try_connect(server.addr(), &[("Origin", "https://other.example")]).await.err();
    assert_eq!(refused.map(|r| r.status), Some(403));
}

#[tokio::test]
async fn a_plain_get_of_ws_is_426_and_says_what_the_address_is() {
    let server = start(Limits::default());
    let response = get(server.addr(), "/ws", &[]).await;
    assert_eq!(response.status, 426);
    assert_eq!(response.header("upgrade"), Some("websocket"));
    assert!(response.text().starts_with("this is the WebSocket echo"), "{}", response.text());
}

#[tokio::test]
async fn other_methods_on_ws_are_405_and_a_broken_handshake_is_400() {
    let server = start(Limits::default());
    let response = request(server.addr(), "POST", "/ws", &[("Content-Length", "0")]).await;
    assert_eq!(response.status, 405);
    let wrong_version = [
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ("Sec-WebSocket-Version", "8"),
    ];
    let response = get(server.addr(), "/ws", &wrong_version).await;
    assert_eq!(response.status, 400);
    let no_key = [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Version", "13")];
    let response = get(server.addr(), "/ws", &no_key).await;
    assert_eq!(response.status, 400);
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_handshake_is_closed_after_the_timeout() {
    let server = start(quick_limits());
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    stream.write_all(b"GET /ws HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let mut silent = TcpStream::connect(server.addr()).await.unwrap();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut rest)).await;
    assert!(matches!(read, Ok(Ok(_))), "the server closes the connection: {read:?}");
    let read = tokio::time::timeout(HANG_GUARD, silent.read_to_end(&mut rest)).await;
    assert!(matches!(read, Ok(Ok(_))), "the server closes the silent connection: {read:?}");
    wait_for_open_connections(&server, 0).await;
}

#[tokio::test]
async fn a_client_that_answers_no_pings_is_closed_with_1011() {
    let server = start(quick_limits());
    let mut socket = RawSocket::connect(server.addr(), &[]).await;
    let mut pings = 0;
    let closed = tokio::time::timeout(HANG_GUARD, async {
        loop {
            let frame = socket.read_frame().await.expect("a ping or a close");
            match frame.opcode {
                PING => pings += 1,
                CLOSE => break frame.close_code(),
                other => panic!("unexpected opcode {other}"),
            }
        }
    })
    .await;
    assert_eq!(closed, Ok(Some(1011)), "closed after {pings} pings");
    assert!(pings >= 1, "the server pinged before giving up");
    wait_for_open_connections(&server, 0).await;
}

#[tokio::test]
async fn a_client_that_answers_pings_stays_open_past_the_idle_timeout() {
    let limits = quick_limits();
    let server = start(limits);
    let mut socket = RawSocket::connect(server.addr(), &[]).await;
    // More pings than fit in one idle timeout: without the pongs it would be closed.
    let enough = (limits.idle_timeout.as_millis() / limits.ping_interval.as_millis()) as usize + 2;
    for _ in 0..enough {
        let frame = socket.read_frame().await.expect("a ping");
        assert_eq!(frame.opcode, PING);
        socket.send_frame(true, PONG, &frame.payload, true).await.unwrap();
    }
    socket.send_frame(true, TEXT, b"still here", true).await.unwrap();
    let echo = loop {
        let frame = socket.read_frame().await.expect("the echo");
        if frame.opcode != PING {
            break frame;
        }
        socket.send_frame(true, PONG, &frame.payload, true).await.unwrap();
    };
    assert_eq!((echo.opcode, echo.payload), (TEXT, b"still here".to_vec()));
}

#[tokio::test]
async fn the_per_address_cap_refuses_with_429_until_a_connection_closes() {
    let server = start_with(|config| config.limits = Limits { max_connections_per_ip: 2, ..Limits::default() });
    let first = RawSocket::connect(server.addr(), &[]).await;
    let _second = RawSocket::connect(server.addr(), &[]).await;
    let refused = RawSocket::try_connect(server.addr(), &[]).await.err().expect("a refusal");
    assert_eq!(refused.status, 429);
    assert!(refused.text().contains("--max-per-ip"), "{}", refused.text());
    let plain = get(server.addr(), "/", &[]).await;
    assert_eq!(plain.status, 429, "the cap counts HTTP connections too");
    drop(first);
    wait_for_open_connections(&server, 1).await;
    RawSocket::connect(server.addr(), &[]).await;
}

#[tokio::test]
async fn the_total_cap_refuses_with_503() {
    let server = start_with(|config| config.limits = Limits { max_connections: 3, ..Limits::default() });
    let _open: Vec<RawSocket> =
        futures_util::future::join_all((0..3).map(|_| RawSocket::connect(server.addr(), &[]))).await;
    let refused = RawSocket::try_connect(server.addr(), &[]).await.err().expect("a refusal");
    assert_eq!(refused.status, 503);
    assert_eq!(refused.header("retry-after"), Some("5"));
    assert!(refused.text().contains("--max-connections"), "{}", refused.text());
    assert_eq!(server.connections().open(), 3);
}

#[tokio::test]
async fn a_thousand_clients_at_once_each_get_their_ten_echoes() {
    const CLIENTS: usize = 1000;
    const MESSAGES: usize = 10;
    let server = start_with(|config| {
        config.limits = Limits { max_connections: CLIENTS, max_connections_per_ip: CLIENTS, ..Limits::default() }
    });
    let url = server.ws_url();
    let sockets = futures_util::future::join_all((0..CLIENTS).map(|_| client(&url))).await;
    assert_eq!(server.connections().open(), CLIENTS, "all are open at once");
    let conversations = sockets.into_iter().enumerate().map(|(id, mut socket)| async move {
        let mut echoed = Vec::new();
        for n in 0..MESSAGES {
            socket.send(Message::text(format!("client {id} message {n}"))).await.unwrap();
            echoed.push(next_message(&mut socket).await.into_text().unwrap().to_string());
        }
        socket.close(None).await.unwrap();
        (id, echoed)
    });
    let results = futures_util::future::join_all(conversations).await;
    for (id, echoed) in results {
        let expected: Vec<String> = (0..MESSAGES).map(|n| format!("client {id} message {n}")).collect();
        assert_eq!(echoed, expected);
    }
    wait_for_open_connections(&server, 0).await;
}

#[tokio::test]
async fn clients_vanishing_mid_frame_or_mid_handshake_leave_no_connection_open() {
    let server = start(Limits::default());
    let mut gone = Vec::new();
    for i in 0..30 {
        let mut socket = RawSocket::connect(server.addr(), &[]).await;
        let frame = encode_frame(true, BINARY, &vec![9u8; 1000], true);
        // Cut the frame: in its header, in its mask, in its payload.
        let cut = [1, 5, 500][i % 3];
        socket.stream.write_all(&frame[..cut]).await.unwrap();
        gone.push(socket);
    }
    let mut half_handshakes = Vec::new();
    for _ in 0..10 {
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream.write_all(b"GET /ws HTTP/1.1\r\nUpgrade: webs").await.unwrap();
        half_handshakes.push(stream);
    }
    wait_for_open_connections(&server, 40).await;
    drop(gone);
    drop(half_handshakes);
    wait_for_open_connections(&server, 0).await;
    // And the server still echoes.
    let mut socket = client(&server.ws_url()).await;
    socket.send(Message::text("after")).await.unwrap();
    assert_eq!(next_message(&mut socket).await, Message::text("after"));
}

#[tokio::test]
async fn stopping_the_server_closes_every_socket_with_1001() {
    let server = start(Limits::default());
    let mut sockets = Vec::new();
    for _ in 0..3 {
        sockets.push(RawSocket::connect(server.addr(), &[]).await);
    }
    let stopping = std::thread::spawn(move || server.stop());
    for socket in &mut sockets {
        let frame = socket.read_frame().await.expect("a close frame");
        assert_eq!((frame.opcode, frame.close_code()), (CLOSE, Some(1001)));
        socket.send_frame(true, CLOSE, &1001u16.to_be_bytes(), true).await.unwrap();
        assert!(socket.read_frame().await.is_none(), "then the server closes the connection");
    }
    stopping.join().unwrap().expect("the server stops cleanly");
}

#[tokio::test]
async fn the_tcp_echo_sends_back_what_it_receives_and_is_off_by_default() {
    let server = start(Limits::default());
    assert_eq!(server.tcp_echo_addr(), None);
    let server = start_with(|config| config.tcp_echo_port = Some(0));
    let addr = server.tcp_echo_addr().expect("the TCP echo listens");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let message = "hello from a Python client\n".repeat(100);
    stream.write_all(message.as_bytes()).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut echoed = Vec::new();
    tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut echoed)).await.unwrap().unwrap();
    assert_eq!(String::from_utf8(echoed).unwrap(), message);
    wait_for_open_connections(&server, 0).await;
}

#[tokio::test]
async fn the_handshake_answer_is_raw_http_101() {
    let server = start(Limits::default());
    let response = raw_http(
        server.addr(),
        b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
          Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n\x88\x82\0\0\0\0\x03\xe8",
    )
    .await;
    assert_eq!(response.status, 101);
    assert_eq!(response.header("sec-websocket-accept"), Some("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    // The close frame sent right behind the handshake was read and answered.
    assert_eq!(response.body, vec![0x88, 0x02, 0x03, 0xe8]);
}
