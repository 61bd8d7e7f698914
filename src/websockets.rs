//! The carrier of a run's connections that leave it ([`playground::runtime::outside`]):
//! one browser WebSocket per connection, to an echo server (the page's own server's `/ws`,
//! or the link's `ws=`). The only module that touches WebSockets.
//!
//! The program's bytes go out as binary messages and each message that comes back is bytes
//! for the program, so a WebSocket echo answers as the TCP echo CPython talks to does. What
//! the sockets report is queued for the driver, which is woken to hand it to the run.
//!
//! A link that is not open within [`CONNECT_TIMEOUT_MS`] (a course site that serves the
//! page alone, a server that does not answer) fails: the program's `open_connection` raises
//! `ConnectionRefusedError`, as CPython's does where nothing listens, and the page says how
//! to start a server.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use playground::runtime::outside::{LinkId, Outgoing, OutsideEvent, RoundTrips};
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, MessageEvent, WebSocket};

/// How long a WebSocket may take to open before its link fails: a refused connection
/// fails at once, this bounds one that nobody answers, so the page's message comes within
/// 3 s.
pub const CONNECT_TIMEOUT_MS: u32 = 2_000;

/// One link's WebSocket and the callbacks it holds.
struct Link {
    socket: WebSocket,
    /// Once over, its callbacks report nothing more.
    over: Rc<Cell<bool>>,
    timeout: Option<Timeout>,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut()>,
}

impl Link {
    /// Closes the socket with its callbacks taken off first, so the browser calls none of
    /// them once they are dropped.
    fn close(&self) {
        self.over.set(true);
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        self.socket.set_onerror(None);
        let _ = self.socket.close();
    }
}

/// The WebSockets of one run.
pub struct WebSockets {
    url: String,
    links: HashMap<LinkId, Link>,
    /// What the sockets reported, for the driver to take.
    events: Rc<RefCell<VecDeque<OutsideEvent>>>,
    /// A link failed before it opened: nobody answered at `url`.
    unreachable: Rc<Cell<bool>>,
    /// Wakes the driver when something was queued.
    wake: Rc<dyn Fn()>,
    /// From each message handed to a socket to its echo's event (both on the page's
    /// `performance.now()` clock, in seconds).
    round_trips: Rc<RefCell<RoundTrips>>,
}

impl WebSockets {
    pub fn new(url: String, wake: Rc<dyn Fn()>) -> WebSockets {
        WebSockets {
            url,
            links: HashMap::new(),
            events: Rc::default(),
            unreachable: Rc::default(),
            wake,
            round_trips: Rc::default(),
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Carries out what the run asked; `now` is `performance.now()`.
    pub fn send(&mut self, out: Outgoing, now: f64) {
        match out {
            Outgoing::Connect { link, .. } => self.open(link),
            Outgoing::Send { link, bytes } => {
                self.round_trips.borrow_mut().sent(link, now / 1000.0);
                let sent = self.links.get(&link).map(|l| l.socket.send_with_u8_array(&bytes));
                if !matches!(sent, Some(Ok(()))) {
                    self.report(link, OutsideEvent::Failed(link));
                }
            }
            Outgoing::Close { link } => {
                if let Some(l) = self.links.remove(&link) {
                    l.close();
                }
            }
        }
    }

    /// The notes: each round trip, measured.
    pub fn round_trip_notes(&self) -> Vec<String> {
        self.round_trips.borrow().notes()
    }

    /// What the sockets reported since the last call, in order.
    pub fn take_events(&self) -> Vec<OutsideEvent> {
        self.events.borrow_mut().drain(..).collect()
    }

    /// Whether a link failed before it opened since the last call (then the page says that
    /// no echo server answered).
    pub fn take_unreachable(&self) -> bool {
        self.unreachable.replace(false)
    }

    fn report(&self, link: LinkId, event: OutsideEvent) {
        if let Some(l) = self.links.get(&link) {
            l.over.set(true);
        }
        self.events.borrow_mut().push_back(event);
        (self.wake)();
    }

    fn open(&mut self, link: LinkId) {
        let socket = match WebSocket::new(&self.url) {
            Ok(socket) => socket,
            Err(_) => {
                // An address the browser refuses (ws= is checked, so rare): as unreachable.
                self.unreachable.set(true);
                self.report(link, OutsideEvent::Failed(link));
                return;
            }
        };
        socket.set_binary_type(BinaryType::Arraybuffer);
        let (opened, over) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));
        let queue = |event: OutsideEvent| {
            let (events, wake, over) = (self.events.clone(), self.wake.clone(), over.clone());
            move || {
                if !over.get() {
                    events.borrow_mut().push_back(event.clone());
                    wake();
                }
            }
        };
        let on_open = {
            let (push, opened) = (queue(OutsideEvent::Opened(link)), opened.clone());
            Closure::<dyn FnMut()>::new(move || {
                opened.set(true);
                push();
            })
        };
        let on_message = {
            let (events, wake, over) = (self.events.clone(), self.wake.clone(), over.clone());
            let round_trips = self.round_trips.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
                if over.get() {
                    return;
                }
                // The event's stamp is on `performance.now()`'s clock: when it came, not
                // when the page got round to it.
                round_trips.borrow_mut().received(link, message.time_stamp() / 1000.0);
                let data = message.data();
                let bytes = match data.as_string() {
                    Some(text) => text.into_bytes(),
                    None => js_sys::Uint8Array::new(&data).to_vec(),
                };
                events.borrow_mut().push_back(OutsideEvent::Received(link, bytes));
                wake();
            })
        };
        // An error is always followed by a close: the close says how it ended.
        let on_close = {
            let (closed, failed) = (queue(OutsideEvent::Closed(link)), queue(OutsideEvent::Failed(link)));
            let (opened, over, unreachable) = (opened.clone(), over.clone(), self.unreachable.clone());
            Closure::<dyn FnMut()>::new(move || {
                if opened.get() {
                    closed();
                } else {
                    if !over.get() {
                        unreachable.set(true);
                    }
                    failed();
                }
                over.set(true);
            })
        };
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let timeout = {
            let (failed, opened, over, unreachable) =
                (queue(OutsideEvent::Failed(link)), opened.clone(), over.clone(), self.unreachable.clone());
            let socket = socket.clone();
            Timeout::new(CONNECT_TIMEOUT_MS, move || {
                if !opened.get() && !over.get() {
                    unreachable.set(true);
                    failed();
                    over.set(true);
                    socket.set_onclose(None);
                    let _ = socket.close();
                }
            })
        };
        self.links.insert(
            link,
            Link {
                socket,
                over,
                timeout: Some(timeout),
                _on_open: on_open,
                _on_message: on_message,
                _on_close: on_close,
            },
        );
    }
}

impl Drop for WebSockets {
    fn drop(&mut self) {
        for (_, mut link) in self.links.drain() {
            link.timeout.take();
            link.close();
        }
    }
}
