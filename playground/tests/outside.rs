//! Connections that leave the run (`runtime/outside.rs`): the run waits for their events as
//! an I/O source beside its timers, on the virtual clock, driven here by hand and by
//! `VirtualEcho`.

use playground::examples;
use playground::runtime::outside::{LinkId, Outgoing, Outside, OutsideEvent, VirtualEcho};
use playground::{Ending, Progress, Run};

fn echo_client(pairs: &[(&str, &str)]) -> Run {
    let example = examples::find("echo-client").expect("echo-client is in the registry");
    let params = example.parse_params(pairs.iter().copied()).expect("valid values");
    Run::new(example, &params)
}

/// Steps until the run waits for something, and says what.
fn until_waiting(run: &mut Run) -> Progress {
    loop {
        match run.step(usize::MAX) {
            Progress::Busy => {}
            other => return other,
        }
    }
}

#[test]
fn the_run_waits_for_the_outside_without_a_deadline_while_only_a_connect_is_pending() {
    let mut run = echo_client(&[("clients", "1"), ("messages", "1")]);
    assert_eq!(until_waiting(&mut run), Progress::WaitOutside { until: None });
    assert_eq!(
        run.take_outgoing(),
        [Outgoing::Connect { link: LinkId(0), address: examples::find("echo-client").unwrap().outside.unwrap() }]
    );
    assert_eq!(until_waiting(&mut run), Progress::WaitOutside { until: None }, "still waiting: no spinning");
    assert_eq!(run.time(), 0.0, "the clock moves only when the driver says how long it waited");
}

#[test]
fn each_event_comes_at_the_time_the_driver_gives_and_the_echo_is_printed() {
    let mut run = echo_client(&[("clients", "1"), ("messages", "1")]);
    until_waiting(&mut run);
    run.take_outgoing();
    run.advance_to(0.010);
    run.deliver(OutsideEvent::Opened(LinkId(0)));
    assert_eq!(until_waiting(&mut run), Progress::WaitOutside { until: None });
    assert_eq!(run.transcript(), ["client 1 sends 'message 1 from client 1'"]);
    assert_eq!(run.take_outgoing(), [Outgoing::Send { link: LinkId(0), bytes: b"message 1 from client 1".to_vec() }]);
    run.advance_to(0.0125);
    run.deliver(OutsideEvent::Received(LinkId(0), b"message 1 from client 1".to_vec()));
    assert!(matches!(until_waiting(&mut run), Progress::Finished(Ending::Completed)));
    assert_eq!(run.take_outgoing(), [Outgoing::Close { link: LinkId(0) }]);
    assert_eq!(run.transcript()[1], "client 1 got 'message 1 from client 1' back");
    assert_eq!(line_times(&run), [0.010, 0.0125], "each line at the time its event came");
}

/// The virtual time of each printed line.
fn line_times(run: &Run) -> Vec<f64> {
    run.trace().lines().map(|l| l.time).collect()
}

#[test]
fn a_timer_due_before_the_outside_answers_bounds_the_wait() {
    // Client 2 starts think/clients = 0.5 s after client 1.
    let mut run = echo_client(&[("clients", "2"), ("messages", "1"), ("think", "1")]);
    assert_eq!(until_waiting(&mut run), Progress::WaitOutside { until: Some(0.5) });
}

#[test]
fn with_a_virtual_echo_each_echo_is_printed_its_latency_after_the_send() {
    let mut run = echo_client(&[]);
    assert_eq!(run.run_to_end_with(&mut VirtualEcho::new(0.004)), Ending::Completed);
    let lines: Vec<(f64, String)> = run.trace().lines().map(|l| (l.time, l.text.to_string())).collect();
    assert_eq!(lines.len(), 18);
    for pair in lines.chunks(2) {
        let [(sent, send), (came, got)] = pair else { unreachable!("18 lines") };
        assert!(send.contains(" sends ") && got.contains(" got "), "{pair:?}");
        assert!((came - sent - 0.004).abs() < 1e-9, "{pair:?}");
    }
    assert_eq!(lines[0].0, 0.0, "opening the connection took no time on the loop's clock");
}

#[test]
fn without_a_carrier_the_connection_is_refused_as_cpython_refuses_it() {
    let mut run = echo_client(&[("clients", "1")]);
    let ending = run.run_to_end();
    assert!(matches!(&ending, Ending::Raised(e) if e.to_string().contains("Connect call failed ('127.0.0.1', 50007)")));
    assert_eq!(
        run.transcript().last().map(String::as_str),
        Some("ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 50007)")
    );
    assert!(run.connected_outside());
}

/// A blocking `socket.create_connection` to the outside address, on a run of a bare program.
fn blocking_client() -> Run {
    let source = "import socket\ns = socket.create_connection(('127.0.0.1', 50007))\ns.sendall(b'hi')\n\
                  print(s.recv(1024))\ns.close()\n";
    let run = Run::python("client.py", source.to_string());
    let address = examples::find("echo-client").and_then(|e| e.outside).expect("echo-client leaves the run");
    run.event_loop().network().set_outside_address(address);
    run
}

#[test]
fn a_blocking_create_connection_waits_for_the_link_and_talks_through_it() {
    let mut run = blocking_client();
    assert_eq!(run.run_to_end_with(&mut VirtualEcho::new(0.003)), Ending::Completed);
    assert_eq!(run.transcript(), ["b'hi'"]);
    assert_eq!(line_times(&run), [0.003], "the open takes no time on the loop's clock, the echo 3 ms");
}

#[test]
fn a_blocking_create_connection_nobody_answers_is_refused_where_cpython_refuses_it() {
    let mut run = blocking_client();
    assert!(matches!(run.run_to_end(), Ending::Raised(_)));
    let transcript = run.transcript();
    assert_eq!(transcript.last().map(String::as_str), Some("ConnectionRefusedError: [Errno 111] Connection refused"));
    assert!(transcript.iter().any(|l| l == "  File \"client.py\", line 2, in <module>"), "{transcript:#?}");
}

/// An echo whose first connection takes `first_open` seconds to open (a WebSocket's first
/// handshake in a page still loading), longer than the clients' spacing.
struct SlowFirstOpen {
    first_open: f64,
    echo: VirtualEcho,
}

impl Outside for SlowFirstOpen {
    fn send(&mut self, now: f64, out: Outgoing) {
        let slow = matches!(out, Outgoing::Connect { link: LinkId(0), .. });
        self.echo.send(if slow { now + self.first_open - self.echo.latency } else { now }, out);
    }

    fn wait(&mut self, now: f64, until: Option<f64>) -> Option<(f64, OutsideEvent)> {
        self.echo.wait(now, until)
    }
}

#[test]
fn timers_wait_while_a_connection_opens_so_a_slow_open_keeps_cpythons_order() {
    // Client 2 is due 0.25 s after client 1; client 1's connection takes 0.4 s to open.
    let mut run = echo_client(&[("clients", "2"), ("messages", "1"), ("think", "0.5")]);
    assert_eq!(until_waiting(&mut run), Progress::WaitOutside { until: Some(0.25) });
    assert!(run.opening_outside());
    let mut slow = SlowFirstOpen { first_open: 0.4, echo: VirtualEcho::new(0.001) };
    assert_eq!(run.run_to_end_with(&mut slow), Ending::Completed);
    assert_eq!(
        run.transcript(),
        [
            "client 1 sends 'message 1 from client 1'",
            "client 1 got 'message 1 from client 1' back",
            "client 2 sends 'message 1 from client 2'",
            "client 2 got 'message 1 from client 2' back",
        ]
    );
    assert_eq!(line_times(&run), [0.0, 0.001, 0.25, 0.251]);
}
