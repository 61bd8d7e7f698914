//! The native command line: runs the lecture's examples on the runtime and
//! prints exactly what the Python program prints.
//!
//! ```text
//! playground list
//! playground run <example> [name=value ...] [try=N] [--trace] [--echo-server HOST:PORT]
//! playground run FILE.py [--trace]
//! playground source <example> [name=value ...] [try=N]
//! playground source --file-name <example>
//! ```

mod tcp_outside;

use std::process::ExitCode;

use playground::examples::{self, Example, Params};
use playground::{Ending, Run};

const USAGE: &str = "usage:
  playground list                                   the examples and their parameters
  playground run <example> [name=value ...] [--trace]
                                                    run it; print what Python prints
                                                    (stdout and stderr, in order; notes
                                                    about the run go to stderr)
                                                    --trace: the loop's iterations, task
                                                    switches and timers instead
                                                    --echo-server HOST:PORT: where echo-client's
                                                    connections go, over real TCP (the
                                                    server crate's --tcp-echo PORT); without
                                                    it they are refused
  playground run FILE.py [--trace]                  run any Python file the same way
  playground source <example> [name=value ...]      the Python program it runs
  try=N (run, source)                               the example's N-th \"Try this\" edit
  playground source --file-name <example>           the Python program's file name
  playground source --second [--file-name] <example> [name=value ...]
                                                    the same of its second program (the
                                                    clients of a server example)
  playground source --labels <example>              the labels of its two programs' lines
  playground source --outside <example>             the address its connections that leave
                                                    the run go to (echo-client's), if any";

/// A mistake on the command line: the message, and exit code 2.
struct Usage(String);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli(&args) {
        Ok(code) => code,
        Err(Usage(message)) => {
            eprintln!("playground: {message}");
            ExitCode::from(2)
        }
    }
}

fn cli(args: &[String]) -> Result<ExitCode, Usage> {
    let (command, rest) = args.split_first().ok_or_else(|| Usage(USAGE.to_string()))?;
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    match command.as_str() {
        "list" => {
            list();
            Ok(ExitCode::SUCCESS)
        }
        "run" => {
            let trace = rest.iter().any(|a| a == "--trace");
            let mut rest: Vec<&String> = rest.iter().filter(|a| *a != "--trace").collect();
            let echo_server = match rest.iter().position(|a| *a == "--echo-server") {
                Some(i) => {
                    let address = rest.get(i + 1).ok_or_else(|| Usage("--echo-server needs HOST:PORT".into()))?;
                    let address = resolve(address)?;
                    rest.drain(i..i + 2);
                    Some(address)
                }
                None => None,
            };
            if let [file] = rest.as_slice() {
                if file.ends_with(".py") {
                    let source = std::fs::read_to_string(file).map_err(|e| Usage(format!("{file}: {e}")))?;
                    let name = std::path::Path::new(file.as_str())
                        .file_name()
                        .map_or(file.to_string(), |n| n.to_string_lossy().into_owned());
                    return Ok(report(Run::python(&name, source), trace, echo_server));
                }
            }
            let (example, params, try_this) = example_and_params(&rest)?;
            let run = match try_this {
                Some(source) => Run::edited(example, &params, source),
                None => Run::new(example, &params),
            };
            Ok(report(run, trace, echo_server))
        }
        "source" => {
            let mut rest: Vec<&String> = rest.iter().collect();
            let mut flag = |name: &str| match rest.iter().position(|a| *a == name) {
                Some(i) => {
                    rest.remove(i);
                    true
                }
                None => false,
            };
            let (file_name, second, labels) = (flag("--file-name"), flag("--second"), flag("--labels"));
            let outside = flag("--outside");
            let (example, params, try_this) = example_and_params(&rest)?;
            if outside {
                if let Some(address) = example.outside {
                    println!("{address}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            if labels {
                // The labels of the two programs' lines, if the example has a second one.
                if let Some(s) = example.second {
                    println!("{} {}", example.label, s.label);
                }
                return Ok(ExitCode::SUCCESS);
            }
            // A "Try this" edit changes the first program only.
            match (second, example.second) {
                (true, None) => return Err(Usage(format!("{} has no second program", example.id))),
                (true, Some(s)) if file_name => println!("{}", s.file_name),
                (true, Some(_)) => print!("{}", example.second_source(&params).unwrap_or_default()),
                (false, _) if file_name => println!("{}", example.file_name),
                (false, _) => print!("{}", try_this.unwrap_or_else(|| example.source(&params))),
            }
            Ok(ExitCode::SUCCESS)
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(Usage(format!("unknown command '{other}'\n{USAGE}"))),
    }
}

/// `<example> name=value ... [try=N]`, parsed by the same parser as the
/// page's URL; with `try=N`, also the program of the example's N-th "Try
/// this" edit with those values.
fn example_and_params(args: &[&String]) -> Result<(&'static Example, Params, Option<String>), Usage> {
    let (id, pairs) = args.split_first().ok_or_else(|| Usage(format!("which example? one of: {}", examples::ids())))?;
    let example = examples::find(id)
        .ok_or_else(|| Usage(format!("unknown example '{id}'; the examples are: {}", examples::ids())))?;
    let mut pairs = pairs
        .iter()
        .map(|a| {
            a.split_once('=')
                .ok_or_else(|| Usage(format!("'{a}' is not name=value; {} takes {}", example.id, param_names(example))))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let try_this = pairs.iter().rposition(|(name, _)| *name == "try").map(|i| pairs.remove(i).1);
    let params = example.parse_params(pairs).map_err(|e| Usage(e.to_string()))?;
    let source = match try_this {
        None => None,
        Some(n) => {
            let edited = n.parse::<usize>().ok().and_then(|n| example.try_this_source(n, &params));
            let count = example.try_this.len();
            Some(edited.ok_or_else(|| {
                Usage(format!("try={n}: {} has {count} \"Try this\" edit(s), numbered from 1", example.id))
            })?)
        }
    };
    Ok((example, params, source))
}

fn param_names(example: &Example) -> String {
    example.params.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}

/// Each example with its title, then its parameters: `name=default` and the
/// allowed values, in columns.
fn list() {
    let id_width = examples::EXAMPLES.iter().map(|e| e.id.len()).max().unwrap_or(0);
    let setting = |p: &examples::ParamSpec| format!("{}={}", p.name, p.default);
    let setting_width = examples::EXAMPLES.iter().flat_map(|e| e.params).map(|p| setting(p).len()).max().unwrap_or(0);
    for example in examples::EXAMPLES {
        println!("{:<id_width$}  {}", example.id, example.title);
        for p in example.params {
            println!("    {:<setting_width$}  {}", setting(p), p.kind.describe());
        }
    }
}

/// `--echo-server`'s `HOST:PORT`.
fn resolve(address: &str) -> Result<std::net::SocketAddr, Usage> {
    use std::net::ToSocketAddrs;
    address
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| Usage(format!("--echo-server: '{address}' is not HOST:PORT of a reachable host")))
}

/// Runs to the end and prints the program's lines (or the trace). Connections that leave
/// the run go to `echo_server` over TCP, or are refused.
fn report(mut run: Run, show_trace: bool, echo_server: Option<std::net::SocketAddr>) -> ExitCode {
    let mut round_trips = Vec::new();
    let ending = match echo_server {
        Some(server) => {
            let mut outside = tcp_outside::TcpOutside::new(server);
            let ending = run.run_to_end_with(&mut outside);
            round_trips = outside.round_trip_notes();
            ending
        }
        None => run.run_to_end(),
    };
    if show_trace {
        for line in run.trace().render() {
            println!("{line}");
        }
        // The trace ends with its own line: notes on stderr start on a new one.
    } else {
        // Both of the program's streams, in the order printed, as a terminal
        // shows them (and as the golden transcripts record them).
        // The lines of a run of two programs (a server and its clients) carry their
        // program's label.
        let trace = run.trace();
        for line in trace.lines() {
            println!("{}", trace.labelled(&line));
        }
    }
    for note in run.notes().into_iter().chain(round_trips) {
        eprintln!("note: {note}");
    }
    if echo_server.is_none() && run.connected_outside() {
        eprintln!(
            "note: this program talks to a real echo server, and the CLI was given none, so its connections were \
             refused: start one with `cargo run -p server -- --tcp-echo 50007` and add --echo-server 127.0.0.1:50007 \
             (the page reaches the server of `cargo xtask serve` over a WebSocket)"
        );
    }
    match ending {
        Ending::Completed => ExitCode::SUCCESS,
        // Python exits with 1 after an uncaught exception.
        Ending::Raised(_) | Ending::Hung | Ending::Stopped => ExitCode::from(1),
    }
}
