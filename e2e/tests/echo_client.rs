//! `echo-client` in headless Chromium: its connections go over WebSockets to the test
//! server's `/ws` (the server crate's echo), and the console holds what CPython's client
//! printed against the server crate's TCP echo (`tests/golden/echo-client/`). Without a
//! server, the console says how to start one and offers a Retry.
//!
//! Waits are polls bounded by `e2e::WAIT` (hang guards); how soon the "no server" message
//! comes is the page's `CONNECT_TIMEOUT_MS`, not asserted here.

use e2e::golden;
use e2e::{open_page, OpenPage};

/// The notes' texts.
async fn notes(page: &OpenPage) -> Vec<String> {
    let v = page.js("return Array.from(document.querySelectorAll('.notes li'), e => e.textContent);").await;
    v.as_array().map(|a| a.iter().map(|n| n.as_str().unwrap_or_default().to_string()).collect()).unwrap_or_default()
}

async fn unreachable_message(page: &OpenPage) -> Option<String> {
    page.js("const e = document.getElementById('echo-unreachable'); return e ? e.textContent : null;")
        .await
        .as_str()
        .map(str::to_string)
}

#[tokio::test]
async fn echo_client_prints_cpythons_transcript_through_the_pages_own_server() {
    let case = golden::case("echo-client", &[]);
    let page = open_page("example=echo-client&autorun=1").await;
    assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "done");
    if let Err(e) = case.check(&page.console_lines().await) {
        panic!("{e}");
    }
    let trips: Vec<String> = notes(&page).await.into_iter().filter(|n| n.starts_with("Round trip: ")).collect();
    assert_eq!(trips.len(), 9, "a note per round trip: {trips:#?}");
    assert!(trips[0].starts_with("Round trip: connection 1, message 1: "), "{trips:#?}");
    assert!(trips.iter().all(|t| t.ends_with(" ms.")), "{trips:#?}");
    assert_eq!(unreachable_message(&page).await, None);
    // Each connection was a WebSocket upgrade of the test server's /ws (one per client).
    let upgrades = page.server.log().iter().filter(|r| r.path == "/ws" && r.status == 101).count();
    assert_eq!(upgrades, 3, "one WebSocket per client");
    page.close().await;
}

#[tokio::test]
async fn without_an_echo_server_the_console_says_how_to_start_one_and_retry_runs_again() {
    let page = open_page("example=echo-client&clients=1&messages=1&ws=ws%3A%2F%2F127.0.0.1%3A1%2Fws&autorun=1").await;
    assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "error");
    page.wait_until("the no-echo-server message", || async { unreachable_message(&page).await.is_some() }).await;
    let message = unreachable_message(&page).await.unwrap_or_default();
    assert!(message.starts_with("No echo server answered at ws://127.0.0.1:1/ws."), "{message}");
    assert!(message.contains("cargo xtask serve"), "{message}");
    // The program saw what CPython's sees where nothing listens.
    let lines = page.console_lines().await;
    assert_eq!(
        lines.last().map(String::as_str),
        Some("ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 50007)"),
        "{lines:#?}"
    );
    // Retry runs the example again: the console goes through `running` once more.
    page.js("window.runsSeen = 0; const c = document.getElementById('console');
         new MutationObserver(() => { if (c.getAttribute('data-state') === 'running') window.runsSeen++; })
             .observe(c, { attributes: true, attributeFilter: ['data-state'] });")
        .await;
    page.find("#retry").await.expect("a Retry button beside the message").click().await.expect("click Retry");
    page.wait_until("the rerun to start", || async { page.js("return window.runsSeen;").await.as_u64() >= Some(1) })
        .await;
    assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "error");
    page.wait_until("the message again", || async { unreachable_message(&page).await.is_some() }).await;
    page.close().await;
}

#[tokio::test]
async fn a_ws_address_that_is_not_a_websocket_is_refused_with_a_message() {
    let page = open_page("example=echo-client&ws=http%3A%2F%2F127.0.0.1%3A8080%2Fws").await;
    let problems = page.js("return Array.from(document.querySelectorAll('.link-problem'), e => e.textContent);").await;
    let problems: Vec<&str> =
        problems.as_array().map(|a| a.iter().filter_map(|p| p.as_str()).collect()).unwrap_or_default();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].starts_with("Ignored ws='http://127.0.0.1:8080/ws' from the link:"), "{problems:#?}");
    assert!(problems[0].contains("starts with ws:// or wss://"), "{problems:#?}");
    page.close().await;
}
