//! Counting open connections, and the two caps on them: in all, and per IP
//! address. A connection holds a [`Slot`] for as long as its socket is open
//! (an upgraded WebSocket takes its slot along); dropping the slot gives it
//! back, so the count cannot leak whichever way a connection ends.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;

/// The open connections, and the caps they are held to.
#[derive(Debug)]
pub struct Connections {
    max_total: usize,
    max_per_ip: usize,
    per_ip: Mutex<HashMap<IpAddr, usize>>,
    /// The total, changed under the `per_ip` lock; a watch so that a test, or
    /// the shutdown, can wait for it to reach a number.
    open: watch::Sender<usize>,
}

/// Why a connection was refused; its HTTP answer is [`Refusal::response`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The server has `limit` connections open in all.
    ServerFull { limit: usize },
    /// The client's address has `limit` connections open.
    TooManyFromAddress { limit: usize },
}

impl Refusal {
    /// `503 Service Unavailable` (with `Retry-After`) when the server is full,
    /// `429 Too Many Requests` when one address has too many; the body says
    /// which limit and how to change it.
    pub fn response(self) -> Response {
        let (status, text) = match self {
            Refusal::ServerFull { limit } => (
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the server has {limit} connections open, its limit (--max-connections): try again in a moment\n"
                ),
            ),
            Refusal::TooManyFromAddress { limit } => (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "your address has {limit} connections open, the most one address may have (--max-per-ip): \
                     close some and try again\n"
                ),
            ),
        };
        let mut response = (status, text).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        response
    }
}

impl Connections {
    pub fn new(max_total: usize, max_per_ip: usize) -> Arc<Connections> {
        Arc::new(Connections { max_total, max_per_ip, per_ip: Mutex::new(HashMap::new()), open: watch::Sender::new(0) })
    }

    /// A slot for a new connection from `ip`, or why there is none.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Slot, Refusal> {
        // A panic elsewhere while holding the lock leaves the counts whole.
        let mut per_ip = self.per_ip.lock().unwrap_or_else(PoisonError::into_inner);
        if *self.open.borrow() >= self.max_total {
            return Err(Refusal::ServerFull { limit: self.max_total });
        }
        let from_ip = per_ip.entry(ip).or_insert(0);
        if *from_ip >= self.max_per_ip {
            return Err(Refusal::TooManyFromAddress { limit: self.max_per_ip });
        }
        *from_ip += 1;
        self.open.send_modify(|n| *n += 1);
        Ok(Slot { connections: Arc::clone(self), ip })
    }

    /// How many connections are open.
    pub fn open(&self) -> usize {
        *self.open.borrow()
    }

    /// How many connections from `ip` are open.
    pub fn open_from(&self, ip: IpAddr) -> usize {
        self.per_ip.lock().unwrap_or_else(PoisonError::into_inner).get(&ip).copied().unwrap_or(0)
    }

    /// Waits until exactly `n` connections are open.
    pub async fn wait_until_open(&self, n: usize) {
        let mut open = self.open.subscribe();
        // The sender lives in `self`: it cannot be dropped while we wait.
        let _ = open.wait_for(|open| *open == n).await;
    }

    fn release(&self, ip: IpAddr) {
        let mut per_ip = self.per_ip.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(from_ip) = per_ip.get_mut(&ip) {
            *from_ip -= 1;
            if *from_ip == 0 {
                per_ip.remove(&ip);
            }
        }
        self.open.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// One open connection's place in the count; given back when dropped.
#[derive(Debug)]
pub struct Slot {
    connections: Arc<Connections>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.connections.release(self.ip);
    }
}

/// A connection's slot, shared by its requests (a request extension): the
/// WebSocket handler keeps it for as long as the upgraded socket is open.
#[derive(Clone, Debug)]
pub struct ConnectionSlot(pub Arc<Slot>);

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));

    #[test]
    fn admits_up_to_the_per_address_cap_then_refuses_that_address_only() {
        let connections = Connections::new(10, 2);
        let _a1 = connections.admit(A).unwrap();
        let _a2 = connections.admit(A).unwrap();
        assert_eq!(connections.admit(A).unwrap_err(), Refusal::TooManyFromAddress { limit: 2 });
        let _b1 = connections.admit(B).unwrap();
        assert_eq!((connections.open(), connections.open_from(A), connections.open_from(B)), (3, 2, 1));
    }

    #[test]
    fn admits_up_to_the_total_cap_whatever_the_address() {
        let connections = Connections::new(2, 10);
        let _a = connections.admit(A).unwrap();
        let _b = connections.admit(B).unwrap();
        assert_eq!(connections.admit(B).unwrap_err(), Refusal::ServerFull { limit: 2 });
    }

    #[test]
    fn dropping_a_slot_gives_it_back() {
        let connections = Connections::new(1, 1);
        let a = connections.admit(A).unwrap();
        assert!(connections.admit(A).is_err());
        drop(a);
        assert_eq!((connections.open(), connections.open_from(A)), (0, 0));
        assert!(connections.admit(A).is_ok());
    }

    #[test]
    fn refusals_answer_503_when_full_and_429_for_one_address() {
        assert_eq!(Refusal::ServerFull { limit: 1 }.response().status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(Refusal::TooManyFromAddress { limit: 1 }.response().status(), StatusCode::TOO_MANY_REQUESTS);
    }
}
