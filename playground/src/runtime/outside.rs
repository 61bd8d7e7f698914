//! Connections that leave the run: the I/O source of the loop besides its timers and its
//! virtual network. A program's `open_connection` to the run's outside address (see
//! [`Network::set_outside_address`]) gets a socket whose far end is not a process of the
//! run but whatever carries the link: in the page a browser WebSocket to a real echo
//! server, in the CLI a TCP socket, in the tests an echo on the virtual clock.
//!
//! The runtime stays free of any browser or OS API: it only queues what goes out
//! ([`Outgoing`], taken with [`Network::take_outgoing`]) and takes in what comes back
//! ([`OutsideEvent`], given with [`Network::deliver`]). A run that waits for nothing but
//! these says so ([`crate::Progress::WaitOutside`]), and its driver waits (without
//! spinning) for the next event or the earliest timer, whichever comes first.
//!
//! The clock: while the run waits for the outside, its virtual clock follows real elapsed
//! time. An event that comes `r` seconds after the wait began is delivered at `now + r`,
//! unless a timer is due before that, which then fires at its own deadline (as CPython's
//! `select()` returns at the earliest timer). While a connection is still opening
//! ([`crate::Run::opening_outside`]) the clock stands still: a connect on the loopback,
//! where CPython's transcripts are recorded, takes no time worth counting. The round trips themselves are measured by
//! the carrier ([`RoundTrips`]): the run's clock stands still while its code runs, so an
//! echo that came while the loop was busy is not in the time it waited.
//!
//! [`Network::set_outside_address`]: super::network::Network::set_outside_address
//! [`Network::take_outgoing`]: super::network::Network::take_outgoing
//! [`Network::deliver`]: super::network::Network::deliver

use std::collections::VecDeque;
use std::net::SocketAddrV4;

/// One connection that leaves the run, numbered from 0 in the order the program opened them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkId(pub u32);

/// What the run asks its carrier to do, in the order the program did it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outgoing {
    /// The program connects to `address` (the page opens a WebSocket instead).
    Connect { link: LinkId, address: SocketAddrV4 },
    /// Bytes the program sent, once the link is open.
    Send { link: LinkId, bytes: Vec<u8> },
    /// The program closed its socket (or shut down writing): the carrier closes the link.
    Close { link: LinkId },
}

/// What the carrier reports back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutsideEvent {
    /// The link is open: the program's `connect` completes.
    Opened(LinkId),
    /// Bytes from the far end.
    Received(LinkId, Vec<u8>),
    /// The far end closed the link: end-of-file for the program.
    Closed(LinkId),
    /// The link could not be opened (the program's `connect` is refused), or broke (a
    /// reset).
    Failed(LinkId),
}

/// A carrier a native driver can wait on ([`crate::Run::run_to_end_with`]).
pub trait Outside {
    /// Carries out what the run asked by virtual time `now`.
    fn send(&mut self, now: f64, out: Outgoing);
    /// The next event and the virtual time it comes at, waiting at most until `until`
    /// (`None`: no limit) from virtual time `now`; `None` when nothing comes by then (with
    /// no limit: nothing ever will).
    fn wait(&mut self, now: f64, until: Option<f64>) -> Option<(f64, OutsideEvent)>;
}

/// No carrier: every connection is refused at once (a native run without a server).
#[derive(Debug, Default)]
pub struct Unreachable {
    refused: VecDeque<LinkId>,
}

impl Outside for Unreachable {
    fn send(&mut self, _now: f64, out: Outgoing) {
        if let Outgoing::Connect { link, .. } = out {
            self.refused.push_back(link);
        }
    }

    fn wait(&mut self, now: f64, _until: Option<f64>) -> Option<(f64, OutsideEvent)> {
        self.refused.pop_front().map(|link| (now, OutsideEvent::Failed(link)))
    }
}

/// An echo server on the virtual clock, each answer `latency` seconds after what it answers
/// (the runtime's tests, and the native check of the echo client's transcript).
#[derive(Debug)]
pub struct VirtualEcho {
    pub latency: f64,
    /// Events to come, in the order of their times (the answers keep the order asked).
    coming: VecDeque<(f64, OutsideEvent)>,
}

impl VirtualEcho {
    pub fn new(latency: f64) -> VirtualEcho {
        VirtualEcho { latency, coming: VecDeque::new() }
    }
}

impl Outside for VirtualEcho {
    fn send(&mut self, now: f64, out: Outgoing) {
        let when = (now + self.latency).max(self.coming.back().map_or(0.0, |(t, _)| *t));
        let event = match out {
            Outgoing::Connect { link, .. } => OutsideEvent::Opened(link),
            Outgoing::Send { link, bytes } => OutsideEvent::Received(link, bytes),
            Outgoing::Close { link } => OutsideEvent::Closed(link),
        };
        self.coming.push_back((when, event));
    }

    fn wait(&mut self, now: f64, until: Option<f64>) -> Option<(f64, OutsideEvent)> {
        match self.coming.front() {
            Some((when, _)) if until.is_none_or(|u| *when <= u) => {
                let (when, event) = self.coming.pop_front()?;
                Some((when.max(now), event))
            }
            _ => None,
        }
    }
}

/// Each round trip a carrier measures, from handing a message to the link until the echo
/// came back, on its own clock (the page: the events' `performance.now()` stamps; the CLI:
/// `Instant`). An echo server answers message for message, so each message received on a
/// link is the echo of the oldest one sent on it not yet answered.
#[derive(Debug, Default)]
pub struct RoundTrips {
    /// When each unanswered message was sent, per link, oldest first.
    sent: std::collections::BTreeMap<LinkId, VecDeque<f64>>,
    /// Each round trip, in seconds, in the order the echoes came.
    measured: Vec<(LinkId, f64)>,
}

impl RoundTrips {
    /// A message went out on `link` at `at` (seconds, the carrier's clock).
    pub fn sent(&mut self, link: LinkId, at: f64) {
        self.sent.entry(link).or_default().push_back(at);
    }

    /// Something came back on `link` at `at`: the echo of its oldest unanswered message (a
    /// reply in several pieces counts once: the rest finds nothing unanswered).
    pub fn received(&mut self, link: LinkId, at: f64) {
        if let Some(sent) = self.sent.get_mut(&link).and_then(VecDeque::pop_front) {
            self.measured.push((link, (at - sent).max(0.0)));
        }
    }

    /// The notes beside the transcript: what is measured, then one per round trip,
    /// connections numbered in the order the program opened them.
    ///
    /// ```
    /// use playground::runtime::outside::{LinkId, RoundTrips};
    ///
    /// let mut trips = RoundTrips::default();
    /// trips.sent(LinkId(0), 1.0);
    /// trips.received(LinkId(0), 1.0025);
    /// assert_eq!(trips.notes()[1..], ["Round trip: connection 1, message 1: 2.5 ms."]);
    /// ```
    pub fn notes(&self) -> Vec<String> {
        if self.measured.is_empty() {
            return Vec::new();
        }
        let mut count = std::collections::BTreeMap::<LinkId, u32>::new();
        let what = "Each round trip, measured from handing the message to the connection until its echo came back:";
        std::iter::once(what.to_string())
            .chain(self.measured.iter().map(|(link, seconds)| {
                let n = count.entry(*link).or_default();
                *n += 1;
                format!("Round trip: connection {}, message {n}: {:.1} ms.", link.0 + 1, seconds * 1000.0)
            }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_echo_answers_the_oldest_unanswered_message_of_its_link() {
        let mut trips = RoundTrips::default();
        trips.sent(LinkId(0), 0.0);
        trips.sent(LinkId(1), 0.1);
        trips.sent(LinkId(0), 0.2);
        trips.received(LinkId(1), 0.103);
        trips.received(LinkId(0), 0.3);
        trips.received(LinkId(0), 0.3004);
        trips.received(LinkId(0), 0.5);
        assert_eq!(
            trips.notes()[1..],
            [
                "Round trip: connection 2, message 1: 3.0 ms.",
                "Round trip: connection 1, message 1: 300.0 ms.",
                "Round trip: connection 1, message 2: 100.4 ms.",
            ],
            "the third piece on connection 1 answers nothing"
        );
        assert!(trips.notes()[0].starts_with("Each round trip, measured"));
        assert_eq!(RoundTrips::default().notes(), Vec::<String>::new(), "no round trip, no note");
    }
}
