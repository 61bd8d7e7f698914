//! The lecture's socket slides: "Revisit the TCP server" (a blocking echo server serves one
//! client at a time) and "Using select" (one thread serves every client, completed as the
//! slides' reference, PyMOTW's `select` example, completes it). Each server runs beside a
//! second program, the clients (asyncio), as two processes on the run's virtual network.

use super::params::{ParamKind, ParamSpec, Params};
use super::{Example, SecondProgram, Section};
use crate::trace::{ProcessId, Trace};

const CLIENTS: ParamSpec = ParamSpec {
    name: "clients",
    label: "Clients",
    help: "How many clients talk to the server (they start think/clients seconds apart).",
    kind: ParamKind::Int { min: 1, max: 10 },
    default: "3",
};

const MESSAGES: ParamSpec = ParamSpec {
    name: "messages",
    label: "Messages per client",
    help: "Each message is one connection: connect, send, read the echo, close.",
    kind: ParamKind::Int { min: 1, max: 10 },
    default: "2",
};

const THINK: ParamSpec = ParamSpec {
    name: "think",
    label: "Think time (s)",
    help: "How long a client waits between its messages.",
    kind: ParamKind::Seconds { min: 0.1, max: 5.0 },
    default: "0.5",
};

const SLOW: ParamSpec = ParamSpec {
    name: "slow",
    label: "Slow client",
    help: "This client connects, then dawdles 2 s before it sends (0: no client does).",
    kind: ParamKind::Int { min: 0, max: 10 },
    default: "1",
};

/// The clients, for the echo server (port 50001, as on the slide).
static ECHO_CLIENTS: SecondProgram = SecondProgram {
    label: "clients",
    file_name: "clients.py",
    program_text: include_str!("clients.py"),
    fixed: &[("port", "50001")],
};

/// The same clients, for the `select()` server (port 56789, as on its slide).
static SELECT_CLIENTS: SecondProgram = SecondProgram {
    label: "clients",
    file_name: "clients.py",
    program_text: include_str!("clients.py"),
    fixed: &[("port", "56789")],
};

/// How long each client waited for each reply, read off the clients' lines
/// (`client 2 sends ...` then `client 2 got ... back`).
fn waits(trace: &Trace) -> Vec<(u32, f64)> {
    let mut sent: Vec<(u32, f64)> = Vec::new();
    let mut waits = Vec::new();
    let number = |rest: &str| rest.split(' ').next().and_then(|n| n.parse::<u32>().ok());
    for line in trace.lines().filter(|l| l.process == ProcessId(1)) {
        let Some(rest) = line.text.strip_prefix("client ") else { continue };
        let Some(n) = number(rest) else { continue };
        if rest.contains(" sends ") {
            sent.retain(|(c, _)| *c != n);
            sent.push((n, line.time));
        } else if rest.contains(" got ") {
            if let Some(i) = sent.iter().position(|(c, _)| *c == n) {
                waits.push((n, line.time - sent.remove(i).1));
            }
        }
    }
    waits
}

/// Who waited longest for a reply, and the clients' time in all.
fn waits_note(params: &Params, trace: &Trace) -> Vec<String> {
    let waits = waits(trace);
    let Some((client, longest)) = waits.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)) else {
        return Vec::new();
    };
    let slow = params.int("slow");
    let others = waits.iter().filter(|(c, _)| i64::from(*c) != slow).map(|(_, w)| *w).fold(0.0, f64::max);
    let mut notes = vec![format!(
        "The longest wait for a reply: client {client}, {longest:.3} s after it sent its message (virtual time)."
    )];
    if slow >= 1 && slow <= params.int("clients") && waits.iter().any(|(c, _)| i64::from(*c) != slow) {
        notes.push(format!("The clients other than the slow one (client {slow}) waited at most {others:.3} s."));
    }
    notes
}

pub const ECHO_SERVER: Example = Example {
    id: "echo-server",
    title: "A blocking echo server",
    section: Section::TcpServer,
    lecture: |p| {
        format!(
            "The server accepts one connection, waits for its data with recv(1024), sends it back and closes it, \
then accepts the next. While it waits in recv() for one client, the others' connections wait in the listen \
queue: {} clients here, and when one dawdles, everyone waits for it. The clients are a second program, run as \
its own process on the same (virtual) network.",
            p.int("clients")
        )
    },
    file_name: "echo_server.py",
    program_text: include_str!("echo_server.py"),
    params: &[CLIENTS, MESSAGES, THINK, SLOW],
    changes: &[
        "The server binds 'localhost' rather than socket.gethostname(): the clients run on the same machine.",
        "It sets SO_REUSEADDR, so that it can be started again at once (without it, bind fails with \
'Address already in use' for a minute, while the connections it closed linger in TIME_WAIT).",
        "It prints what it does, so that the console shows it beside the clients' lines.",
    ],
    notes: waits_note,
    label: "server",
    second: Some(&ECHO_CLIENTS),
    ..Example::BASE
};

pub const SELECT_SERVER: Example = Example {
    id: "select-server",
    title: "One thread, many clients: select()",
    section: Section::Select,
    lecture: |_| {
        "The server's sockets are non-blocking, and select() says which of them are ready: the listening socket \
when someone connects, a client's socket when its data (or its end) has come, and for writing when there is \
room to send. The loop handles whatever is ready and calls select() again, so no client waits for another. \
This loop is an event loop, written by hand: asyncio's does the same for its tasks."
            .to_string()
    },
    file_name: "select_server.py",
    program_text: include_str!("select_server.py"),
    params: &[CLIENTS, MESSAGES, THINK, SLOW],
    changes: &[
        "The slide's \"Handle the data\" and \"Send something\" are completed as in PyMOTW's select example: each \
client gets a queue of the data to send back, and its socket is in outputs while the queue has some.",
        "The error list is inputs, as in PyMOTW (the slide passes []); the loop skips a socket it closed above.",
        "It sets SO_REUSEADDR, so that it can be started again at once, and prints what it does.",
    ],
    notes: waits_note,
    label: "server",
    second: Some(&SELECT_CLIENTS),
    ..Example::BASE
};
