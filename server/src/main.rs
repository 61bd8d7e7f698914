//! `server`: the built page and the WebSocket echo on one port, on one thread.
//! `server --help` lists the options; SIGINT (Ctrl-C) or SIGTERM closes every
//! WebSocket with 1001 and exits cleanly.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use server::limits::{MAX_CONNECTIONS, MAX_CONNECTIONS_PER_IP};
use server::{Config, Limits, Server};

/// Serves the playground page (the folder `cargo xtask build` writes) and, on
/// the same port, a WebSocket echo at /ws for the page's socket examples. One
/// thread serves every client: the lecture's point.
#[derive(Parser, Debug)]
#[command(name = "server", version, max_term_width = 100)]
struct Args {
    /// Address to listen on (IP:PORT; port 0 picks a free port)
    #[arg(long, default_value_t = server::DEFAULT_ADDR)]
    addr: SocketAddr,

    /// Folder to serve: the built page
    #[arg(long, default_value = "dist")]
    folder: PathBuf,

    /// An origin (scheme://host[:port]) whose pages may open WebSockets to /ws
    /// besides the server's own pages, which always may; other browser pages
    /// get 403. Repeat for more; `*` allows any. Programs that send no Origin
    /// header (test suites, a student's script) are always allowed.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    allow_origins: Vec<String>,

    /// A CSP source (`'self'`, https://course.example) allowed to show the
    /// page in a frame (Content-Security-Policy: frame-ancestors). Repeat for
    /// more. Default: any page may frame it (no header), since the page is a
    /// public teaching tool without credentials, made to be embedded in course
    /// pages.
    #[arg(long = "frame-ancestor", value_name = "SOURCE")]
    frame_ancestors: Vec<String>,

    /// Connections open at once, HTTP and WebSocket together; beyond it: 503
    #[arg(long, value_name = "N", default_value_t = MAX_CONNECTIONS)]
    max_connections: usize,

    /// Connections open at once from one IP address; beyond it: 429
    #[arg(long, value_name = "N", default_value_t = MAX_CONNECTIONS_PER_IP)]
    max_per_ip: usize,

    /// Also run the lecture's plain TCP echo on this port (same IP as
    /// --addr), for a student's own Python client. Off by default.
    #[arg(long, value_name = "PORT")]
    tcp_echo: Option<u16>,
}

/// An origin as browsers send it: `scheme://host[:port]`, no path.
fn parse_origin(s: &str) -> Result<String, String> {
    if s == "*" {
        return Ok(s.to_string());
    }
    let s = s.trim_end_matches('/');
    let valid = ["http://", "https://"].iter().any(|scheme| {
        s.strip_prefix(scheme)
            .is_some_and(|authority| !authority.is_empty() && !authority.contains(['/', '?', '#', ' ', '@']))
    });
    if valid {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not an origin: give scheme://host[:port], such as https://course.example"))
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match serve(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: Args) -> Result<(), String> {
    if !args.folder.is_dir() {
        return Err(format!(
            "{} is not a folder (--folder): build the page with `cargo xtask build`",
            args.folder.display()
        ));
    }
    if !args.folder.join("index.html").is_file() {
        eprintln!(
            "server: warning: {} has no index.html: build the page with `cargo xtask build`",
            args.folder.display()
        );
    }
    // Thousands of sockets need more descriptors than the usual soft limit.
    if let Err(e) = rlimit::increase_nofile_limit(u64::MAX) {
        eprintln!("server: warning: cannot raise the open-files limit: {e}");
    }
    let limits =
        Limits { max_connections: args.max_connections, max_connections_per_ip: args.max_per_ip, ..Limits::default() };
    let config = Config {
        addr: args.addr,
        folder: args.folder,
        allowed_origins: args.allow_origins,
        frame_ancestors: args.frame_ancestors,
        tcp_echo_port: args.tcp_echo,
        limits,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let folder = config.folder.clone();
        let server = Server::bind(config).await.map_err(|e| format!("{e} (try another --addr)"))?;
        let app = server.app()?;
        let addr = server.local_addr();
        println!("server: listening on http://{addr}/");
        println!("server: serving {}; WebSocket echo at ws://{addr}/ws", folder.display());
        if let Some(echo) = server.tcp_echo_addr() {
            println!("server: plain TCP echo on {echo}");
        }
        println!("server: press Ctrl-C to stop");
        server.run(app, stop_signal()).await.map_err(|e| e.to_string())?;
        println!("server: stopped");
        Ok(())
    })
}

/// Completes on SIGINT or SIGTERM.
async fn stop_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut interrupt), Ok(mut terminate)) = (signal(SignalKind::interrupt()), signal(SignalKind::terminate()))
    else {
        eprintln!("server: cannot listen for signals; stop it with kill -9");
        return std::future::pending().await;
    };
    tokio::select! {
        _ = interrupt.recv() => {}
        _ = terminate.recv() => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port() {
        assert_eq!(parse_origin("https://course.example/").unwrap(), "https://course.example");
        assert_eq!(parse_origin("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(parse_origin("*").unwrap(), "*");
        assert!(parse_origin("course.example").is_err());
        assert!(parse_origin("https://course.example/page").is_err());
    }

    #[test]
    fn the_options_parse_with_their_defaults() {
        let args = Args::try_parse_from(["server"]).unwrap();
        assert_eq!(args.addr, server::DEFAULT_ADDR);
        assert_eq!(args.folder, PathBuf::from("dist"));
        assert_eq!((args.max_connections, args.max_per_ip, args.tcp_echo), (1000, 100, None));
        let args =
            Args::try_parse_from(["server", "--tcp-echo", "9000", "--allow-origin", "https://a.example"]).unwrap();
        assert_eq!((args.tcp_echo, args.allow_origins), (Some(9000), vec!["https://a.example".to_string()]));
    }
}
