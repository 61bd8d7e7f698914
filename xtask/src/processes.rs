//! Golden transcripts of examples with two programs (a server and its clients): CPython 3.11
//! runs them as two processes over real localhost sockets, and their lines are merged into
//! one labelled transcript (`server: ...`, `clients: ...`).
//!
//! - The server starts first; the clients start once it has printed its first line (it
//!   prints one when it listens), so that they never connect too early.
//! - Each line is stamped with `time.monotonic()` (one clock for both processes) when the
//!   program writes it: a `sitecustomize.py` beside the programs wraps `sys.stdout` and
//!   `sys.stderr`; the programs run unchanged.
//! - When the clients have exited the server gets [`GRACE`] to finish what it was doing, and
//!   is then killed, as one stops a server with Ctrl+C (the playground stops it when it
//!   waits with the clients gone).
//! - The merge: lines in the order of their stamps, grouped into instants (a gap of more
//!   than [`INSTANT`] starts a new one); within an instant each program's lines keep their
//!   order, the first program's lines first. Two processes acting within microseconds of
//!   each other (a client's send and the server's echo) are ordered by the kernel's
//!   scheduler, not by the programs; the clients' `think` spacing keeps anything that
//!   could race apart by more than an instant, so the merged transcript is the same on
//!   every run (it is recorded twice, and the two must agree). The playground's tests merge
//!   the runtime's lines, at their virtual times, by the same rule
//!   (`playground::trace::merge_by_instant`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::util::Result;

/// Lines closer than this (in seconds) belong to one instant. The tests use the same value.
pub const INSTANT: f64 = 0.05;
/// How long the server may go on after the clients have exited.
const GRACE: Duration = Duration::from_millis(500);
/// How long the server may take to print its first line.
const SERVER_START: Duration = Duration::from_secs(20);
/// How long the clients may run.
const CLIENTS_TIMEOUT: Duration = Duration::from_secs(300);

/// Stamps each line a program writes with `time.monotonic()`, for the merge.
const SITECUSTOMIZE: &str = r#"import atexit, os, sys, time

class _Stamped:
    def __init__(self, fd):
        self.fd = fd
        self.partial = ''
    def write(self, text):
        self.partial += text
        while '\n' in self.partial:
            line, self.partial = self.partial.split('\n', 1)
            os.write(self.fd, f'{time.monotonic():.6f} {line}\n'.encode())
        return len(text)
    def flush(self):
        pass
    def close(self):
        if self.partial:
            self.write('\n')

sys.stdout = _Stamped(1)
sys.stderr = _Stamped(2)
atexit.register(sys.stdout.close)
atexit.register(sys.stderr.close)
"#;

/// One program of the pair.
pub struct Program<'a> {
    pub label: &'a str,
    pub file_name: &'a str,
    pub source: &'a str,
}

/// A stamped line of one program.
struct Stamped {
    time: f64,
    program: usize,
    text: String,
}

/// Runs `server` and then `clients` under `python` in a fresh folder and returns the merged,
/// labelled transcript (one `label: text` line each, newline-terminated).
pub fn record(python: &str, server: &Program, clients: &Program) -> Result<Vec<u8>> {
    let folder = std::env::temp_dir().join(format!(
        "playground-golden-pair-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let result = record_in(python, &folder, server, clients);
    let _ = std::fs::remove_dir_all(&folder);
    let lines = result?;
    let labels = [server.label, clients.label];
    let mut out = Vec::new();
    for line in merge(lines) {
        out.extend_from_slice(format!("{}: {}\n", labels[line.program], line.text).as_bytes());
    }
    Ok(out)
}

fn record_in(python: &str, folder: &Path, server: &Program, clients: &Program) -> Result<Vec<Stamped>> {
    for (name, text) in [(server.file_name, server.source), (clients.file_name, clients.source)]
        .into_iter()
        .chain([("sitecustomize.py", SITECUSTOMIZE)])
    {
        std::fs::write(folder.join(name), text).map_err(|e| format!("{name}: {e}"))?;
    }
    let (lines_tx, lines_rx) = mpsc::channel::<Stamped>();
    let mut server_child = start(python, folder, server.file_name, 0, lines_tx.clone())?;
    let first = lines_rx.recv_timeout(SERVER_START);
    let mut lines: Vec<Stamped> = Vec::new();
    let result = match first {
        Ok(line) => {
            lines.push(line);
            run_clients(python, folder, clients, lines_tx, &mut server_child)
        }
        Err(_) => Err(format!("{} printed nothing within {} s", server.file_name, SERVER_START.as_secs())),
    };
    let _ = server_child.kill();
    let _ = server_child.wait();
    // Every sender is gone once both readers have finished.
    while let Ok(line) = lines_rx.recv_timeout(Duration::from_secs(5)) {
        lines.push(line);
    }
    result.map(|()| lines)
}

fn run_clients(
    python: &str,
    folder: &Path,
    clients: &Program,
    lines_tx: mpsc::Sender<Stamped>,
    server: &mut Child,
) -> Result<()> {
    let mut child = start(python, folder, clients.file_name, 1, lines_tx)?;
    let started = Instant::now();
    loop {
        if child.try_wait().map_err(|e| format!("waiting for {}: {e}", clients.file_name))?.is_some() {
            break;
        }
        if started.elapsed() > CLIENTS_TIMEOUT {
            let _ = child.kill();
            return Err(format!("{} ran longer than {} s", clients.file_name, CLIENTS_TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(GRACE);
    let _ = server.kill();
    Ok(())
}

/// Starts `python -u file_name` with its output (both streams) read line by line into
/// `lines` as program `program`'s.
fn start(python: &str, folder: &Path, file_name: &str, program: usize, lines: mpsc::Sender<Stamped>) -> Result<Child> {
    let (reader, writer) = std::io::pipe().map_err(|e| format!("pipe: {e}"))?;
    let writer2 = writer.try_clone().map_err(|e| format!("pipe: {e}"))?;
    let mut cmd = Command::new(python);
    cmd.arg("-u")
        .arg(file_name)
        .current_dir(folder)
        .env("PYTHONPATH", folder)
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(writer2);
    let child = cmd.spawn().map_err(|e| format!("could not start {python} {file_name}: {e}"))?;
    drop(cmd);
    let prefix = format!("{}/", folder.display());
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            let line = line.replace(&prefix, "");
            let (time, text) = match line.split_once(' ') {
                Some((t, text)) if t.parse::<f64>().is_ok() => (t.parse::<f64>().unwrap_or(0.0), text.to_string()),
                // Written around the wrapper (by the interpreter itself): it goes with the
                // line before it.
                _ => (f64::NAN, line),
            };
            if lines.send(Stamped { time, program, text }).is_err() {
                break;
            }
        }
    });
    Ok(child)
}

/// The merge of the module doc: by stamp, then by program within an instant.
fn merge(mut lines: Vec<Stamped>) -> Vec<Stamped> {
    // An unstamped line takes the stamp of the line before it from its program.
    let mut last = [f64::NEG_INFINITY; 2];
    for line in &mut lines {
        if line.time.is_nan() {
            line.time = last[line.program];
        }
        last[line.program] = line.time;
    }
    lines.sort_by(|a, b| a.time.total_cmp(&b.time));
    let mut merged: Vec<Stamped> = Vec::with_capacity(lines.len());
    let mut instant: Vec<Stamped> = Vec::new();
    for line in lines {
        if instant.last().is_some_and(|prev| line.time - prev.time > INSTANT) {
            instant.sort_by_key(|l| l.program);
            merged.append(&mut instant);
        }
        instant.push(line);
    }
    instant.sort_by_key(|l| l.program);
    merged.append(&mut instant);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamped(time: f64, program: usize, text: &str) -> Stamped {
        Stamped { time, program, text: text.to_string() }
    }

    #[test]
    fn an_instant_puts_the_first_program_first_and_keeps_each_program_in_order() {
        let merged = merge(vec![
            stamped(0.0, 0, "listening"),
            stamped(0.2001, 1, "client sends"),
            stamped(0.2003, 0, "server echoes"),
            stamped(0.2002, 0, "server accepts"),
            stamped(0.2005, 1, "client got it"),
            stamped(0.5, 1, "client 2 sends"),
        ]);
        let texts: Vec<&str> = merged.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["listening", "server accepts", "server echoes", "client sends", "client got it", "client 2 sends"]
        );
    }

    #[test]
    fn a_gap_of_more_than_an_instant_separates_lines() {
        let merged = merge(vec![stamped(0.0, 1, "first"), stamped(0.06, 0, "later")]);
        assert_eq!(merged[0].text, "first");
    }

    /// Two real processes over real sockets: the server echoes what the client sends.
    #[test]
    fn records_a_server_and_its_client_over_localhost() {
        let python = crate::golden::find_python().unwrap_or_else(|e| panic!("{e}"));
        let server = Program {
            label: "server",
            file_name: "server.py",
            source: "import socket\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n\
                     s.bind(('localhost', 0))\ns.listen()\nopen('port', 'w').write(str(s.getsockname()[1]))\n\
                     print('listening')\nc, _ = s.accept()\nprint('got', c.recv(100))\nc.sendall(b'back')\n\
                     s.accept()\n",
        };
        let clients = Program {
            label: "clients",
            file_name: "clients.py",
            source: "import socket, time\nport = int(open('port').read())\n\
                     c = socket.create_connection(('127.0.0.1', port))\ntime.sleep(0.2)\nprint('sending')\n\
                     c.sendall(b'hi')\nprint('reply', c.recv(100))\n",
        };
        let out = String::from_utf8(record(&python, &server, &clients).unwrap()).unwrap();
        assert_eq!(out, "server: listening\nserver: got b'hi'\nclients: sending\nclients: reply b'back'\n");
    }
}
