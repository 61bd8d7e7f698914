//! The CLI's carrier for the connections that leave a run ([`playground::runtime::outside`]):
//! real TCP sockets to an echo server (`playground run echo-client --echo-server HOST:PORT`,
//! such as the server crate's `--tcp-echo PORT`). A thread per connection reads what comes
//! back; the run waits for it with the real clock, which its virtual clock then follows.

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use playground::runtime::outside::{LinkId, Outgoing, Outside, OutsideEvent, RoundTrips};

/// How long a connect may take before it counts as refused (a server that drops the
/// packets instead of refusing them).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// As much as the lecture's `recv(1024)` reads at a time.
const CHUNK: usize = 1024;

pub struct TcpOutside {
    server: SocketAddr,
    streams: HashMap<LinkId, TcpStream>,
    /// What the connections' reader threads report, and when it came.
    events: mpsc::Receiver<(Instant, OutsideEvent)>,
    sender: mpsc::Sender<(Instant, OutsideEvent)>,
    /// Outcomes known at once (a connect done or refused, a failed write).
    known: VecDeque<OutsideEvent>,
    /// Each message's round trip, in seconds since `started`.
    round_trips: RoundTrips,
    started: Instant,
}

impl TcpOutside {
    /// Every connection goes to `server`, whatever address the program connects to.
    pub fn new(server: SocketAddr) -> TcpOutside {
        let (sender, events) = mpsc::channel();
        TcpOutside {
            server,
            streams: HashMap::new(),
            events,
            sender,
            known: VecDeque::new(),
            round_trips: RoundTrips::default(),
            started: Instant::now(),
        }
    }

    /// The notes: each round trip, measured.
    pub fn round_trip_notes(&self) -> Vec<String> {
        self.round_trips.notes()
    }

    fn connect(&mut self, link: LinkId) -> Result<(), std::io::Error> {
        let stream = TcpStream::connect_timeout(&self.server, CONNECT_TIMEOUT)?;
        let _ = stream.set_nodelay(true);
        let mut reader = stream.try_clone()?;
        let sender = self.sender.clone();
        std::thread::spawn(move || {
            let mut chunk = [0u8; CHUNK];
            loop {
                let event = match reader.read(&mut chunk) {
                    Ok(0) => OutsideEvent::Closed(link),
                    Ok(n) => OutsideEvent::Received(link, chunk[..n].to_vec()),
                    Err(_) => OutsideEvent::Failed(link),
                };
                let last = !matches!(event, OutsideEvent::Received(..));
                if sender.send((Instant::now(), event)).is_err() || last {
                    return;
                }
            }
        });
        self.streams.insert(link, stream);
        Ok(())
    }
}

impl Outside for TcpOutside {
    fn send(&mut self, _now: f64, out: Outgoing) {
        match out {
            Outgoing::Connect { link, .. } => match self.connect(link) {
                Ok(()) => self.known.push_back(OutsideEvent::Opened(link)),
                Err(_) => self.known.push_back(OutsideEvent::Failed(link)),
            },
            Outgoing::Send { link, bytes } => {
                self.round_trips.sent(link, self.started.elapsed().as_secs_f64());
                let written = self.streams.get_mut(&link).map(|s| s.write_all(&bytes));
                if !matches!(written, Some(Ok(()))) {
                    self.known.push_back(OutsideEvent::Failed(link));
                }
            }
            Outgoing::Close { link } => {
                if let Some(stream) = self.streams.remove(&link) {
                    let _ = stream.shutdown(Shutdown::Both);
                }
            }
        }
    }

    fn wait(&mut self, now: f64, until: Option<f64>) -> Option<(f64, OutsideEvent)> {
        if let Some(event) = self.known.pop_front() {
            return Some((now, event));
        }
        let started = Instant::now();
        let event = match until {
            Some(until) => self.events.recv_timeout(Duration::from_secs_f64((until - now).max(0.0))).ok(),
            None => self.events.recv().ok(),
        };
        let (came, event) = event?;
        if let OutsideEvent::Received(link, _) = &event {
            self.round_trips.received(*link, came.duration_since(self.started).as_secs_f64());
        }
        Some((now + started.elapsed().as_secs_f64(), event))
    }
}
