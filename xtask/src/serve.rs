//! Running the project's server (the `server` crate): in the foreground for
//! `cargo xtask serve`, or in the background on a free port for the
//! conformance run.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::util::{cargo, run, Result};

/// `cargo run --release -p server -- --addr 127.0.0.1:PORT --folder DIST
/// [options]`, in the foreground until Ctrl-C (which the server takes as its
/// signal to close every socket and exit).
pub fn serve(dist: &Path, port: u16, server_options: &[String]) -> Result<()> {
    let mut cmd = cargo();
    cmd.args(["run", "--release", "--quiet", "-p", "server", "--bin", "server", "--"]);
    if !server_options.iter().any(|o| o == "--addr" || o.starts_with("--addr=")) {
        cmd.arg("--addr").arg(format!("127.0.0.1:{port}"));
    }
    cmd.arg("--folder").arg(dist).args(server_options);
    run(&mut cmd)
}

/// The server running in the background (debug build), on a free port.
pub struct Background {
    child: Option<Child>,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Background {
    /// Builds and starts the server on `127.0.0.1:0` serving `folder`, and
    /// reads its address from its first line (`server: listening on http://ADDR/`).
    pub fn start(folder: &Path) -> Result<Background> {
        run(cargo().args(["build", "--quiet", "-p", "server", "--bin", "server"]))?;
        // `cargo run` replaces itself with the server (exec on Unix): the
        // child's pid is the server's, for the signal that stops it.
        let mut child = cargo()
            .args(["run", "--quiet", "-p", "server", "--bin", "server", "--", "--addr", "127.0.0.1:0", "--folder"])
            .arg(folder)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start the server: {e}"))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut reader = BufReader::new(stdout);
        let mut first = String::new();
        let _ = reader.read_line(&mut first);
        let addr = first.trim().strip_prefix("server: listening on http://").and_then(|a| a.strip_suffix('/'));
        let Some(addr) = addr.map(str::to_string) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the server did not say where it listens; its first line: {first:?}"));
        };
        // Keep its stdout drained so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in reader.lines() {});
        Ok(Background { child: Some(child), addr })
    }

    /// Stops it as Ctrl-C would (SIGTERM) and checks that it exits cleanly.
    pub fn stop(mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else { return Ok(()) };
        terminate(&child);
        let status = child.wait().map_err(|e| format!("waiting for the server: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("the server did not exit cleanly on SIGTERM ({status})"))
        }
    }
}

fn terminate(child: &Child) {
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            terminate(&child);
            let _ = child.wait();
        }
    }
}
