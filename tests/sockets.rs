//! The socket examples in a browser: a server and its clients, two programs on the page's
//! virtual network. The console prints CPython's lines (the goldens: CPython ran the same two
//! programs as two processes over localhost), each labelled with its program; both sources
//! are shown; the timeline has a row per program; the Event loop tab lists the `select()`
//! calls with the lists passed in and the ready lists returned.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{golden, open_page, until};
use playground::trace::{merge_by_instant, ProcessId};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::scheduler::flush;

wasm_bindgen_test_configure!(run_in_browser);

fn elements(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap()).collect()
}

async fn until_done(root: &Element) {
    until("#console[data-state=done]", || {
        root.query_selector("#console").unwrap().and_then(|c| c.get_attribute("data-state")).as_deref() == Some("done")
    })
    .await;
    flush().await;
}

/// The console's lines as the golden transcripts hold them: `label: text`, merged by
/// instant from each line's `data-time` and `data-process` (the page shows them as they
/// came; CPython's two processes interleave lines of one instant as the kernel decides).
fn console_merged(root: &Element) -> Vec<String> {
    let lines = elements(root, "#console .line");
    let labels = ["server", "clients"];
    let lines = lines
        .iter()
        .map(|line| {
            let time: f64 = line.get_attribute("data-time").unwrap_or_default().parse().unwrap();
            let label = line.get_attribute("data-process").expect("every line of a two-program run is labelled");
            let process = labels.iter().position(|l| *l == label).expect("server or clients") as u8;
            let text = line.query_selector(".text").unwrap().unwrap().text_content().unwrap_or_default();
            (time, ProcessId(process), format!("{label}: {text}"))
        })
        .collect();
    merge_by_instant(lines)
}

#[wasm_bindgen_test]
async fn echo_server_with_a_slow_fourth_client_prints_cpythons_lines() {
    let cpython = golden(
        "# playground run echo-server clients=4 messages=2 think=0.8 slow=4",
        include_str!("golden/echo-server/clients-4__messages-2__think-0.8__slow-4.txt"),
    );
    let root = open_page("?example=echo-server&clients=4&messages=2&think=0.8&slow=4&speed=instant&autorun=1");
    until_done(&root).await;
    assert_eq!(console_merged(&root), cpython);
    root.remove();
}

#[wasm_bindgen_test]
async fn select_server_with_five_clients_prints_cpythons_lines() {
    let cpython = golden(
        "# playground run select-server clients=5 messages=1 think=1 slow=3",
        include_str!("golden/select-server/clients-5__messages-1__think-1__slow-3.txt"),
    );
    let root = open_page("?example=select-server&clients=5&messages=1&think=1&slow=3&speed=instant&autorun=1");
    until_done(&root).await;
    assert_eq!(console_merged(&root), cpython);
    root.remove();
}

#[wasm_bindgen_test]
async fn select_server_at_its_defaults_prints_cpythons_lines() {
    let cpython = golden("# playground run select-server", include_str!("golden/select-server/default.txt"));
    let root = open_page("?example=select-server&speed=instant&autorun=1");
    until_done(&root).await;
    assert_eq!(console_merged(&root), cpython);
    root.remove();
}

#[wasm_bindgen_test]
async fn both_programs_are_shown_with_their_labels() {
    let root = open_page("?example=echo-server&clients=7");
    flush().await;
    let figures = elements(&root, "figure.source");
    let programs: Vec<String> = figures.iter().map(|f| f.get_attribute("data-program").unwrap_or_default()).collect();
    assert_eq!(programs, ["server", "clients"]);
    let clients = figures[1].text_content().unwrap_or_default();
    assert!(clients.contains("CLIENTS = 7"), "the form fills the clients' program: {clients}");
    assert!(clients.contains("HOST, PORT = '127.0.0.1', 50001"), "{clients}");
    assert!(figures[0].text_content().unwrap_or_default().contains("server_socket.accept()"));
    root.remove();
}

/// The server's row: its stretches blocked on one client (recv) and waiting for any (accept,
/// select), read from their tooltips.
fn server_bars(root: &Element) -> Vec<(String, String)> {
    elements(root, ".tl-process[data-process=server] .tl-bar")
        .iter()
        .map(|b| (b.class_name(), b.get_attribute("title").unwrap_or_default()))
        .collect()
}

#[wasm_bindgen_test]
async fn the_timeline_shows_the_blocking_server_held_by_one_client_and_the_select_server_never() {
    let root = open_page("?example=echo-server&view=timeline");
    flush().await;
    let bars = server_bars(&root);
    assert!(
        bars.iter().any(|(class, title)| class.contains("busy")
            && title == "server: blocked in recv() on fd 4 from t=0.000 to t=2.000"),
        "the slow client holds the blocking server for 2 s: {bars:#?}"
    );
    let clients_row = elements(&root, ".tl-process[data-process=clients]");
    assert_eq!(clients_row.len(), 1);
    root.remove();

    let root = open_page("?example=select-server&view=timeline");
    flush().await;
    let bars = server_bars(&root);
    assert!(!bars.is_empty());
    assert!(bars.iter().all(|(class, _)| !class.contains("busy")), "never blocked on one client: {bars:#?}");
    assert!(bars.iter().any(|(_, title)| title.contains("waiting in select()")), "{bars:#?}");
    root.remove();
}

async fn click(root: &Element, selector: &str) {
    root.query_selector(selector).unwrap().unwrap().dyn_into::<HtmlElement>().unwrap().click();
    flush().await;
}

#[wasm_bindgen_test]
async fn the_event_loop_tab_lists_each_select_call_with_its_lists_and_what_was_ready() {
    let root = open_page("?example=select-server&view=loop");
    flush().await;
    for _ in 0..6 {
        click(&root, "#loop-next-iteration").await;
    }
    let calls = elements(&root, "#select-calls .select-call");
    assert!(calls.len() >= 2, "{} calls", calls.len());
    let first = calls[0].text_content().unwrap_or_default();
    assert_eq!(
        first,
        "#1 t=0.000 server: select([fd 3 listening on 127.0.0.1:56789], [], [fd 3 listening on 127.0.0.1:56789], 60)\
         → t=0.000: readable [fd 3 listening on 127.0.0.1:56789], writable [], errors []"
    );
    let programs: Vec<String> =
        elements(&root, "#loop-programs li").iter().map(|p| p.get_attribute("data-program").unwrap()).collect();
    assert_eq!(programs, ["server", "clients"]);
    root.remove();
}
