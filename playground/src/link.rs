//! A link is a lesson: the page's state in its URL,
//! `?example=ID&<param>=<value>...&speed=...&view=...&autorun=1&embed=1`.
//!
//! Plain Rust (no browser API) so links can be tested anywhere, and the one
//! percent encoder and decoder of the project (the page, the end-to-end tests). The values of
//! the example's parameters are kept as typed text here; the example registry's
//! `ParamSpec::parse` decides whether they are valid (see `state.rs`).

use std::fmt::Write;

/// How fast virtual time passes against the wall clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Speed {
    Tenth,
    Half,
    /// Real time: one virtual second takes one second.
    #[default]
    RealTime,
    Ten,
    /// Never wait: jump the virtual clock from timer to timer.
    Instant,
}

impl Speed {
    pub const ALL: [Speed; 5] = [Speed::Tenth, Speed::Half, Speed::RealTime, Speed::Ten, Speed::Instant];

    /// Virtual seconds per wall-clock second; `None` for instant.
    pub fn factor(self) -> Option<f64> {
        match self {
            Speed::Tenth => Some(0.1),
            Speed::Half => Some(0.5),
            Speed::RealTime => Some(1.0),
            Speed::Ten => Some(10.0),
            Speed::Instant => None,
        }
    }

    /// As written in the URL (`speed=0.5`).
    pub fn to_text(self) -> &'static str {
        match self {
            Speed::Tenth => "0.1",
            Speed::Half => "0.5",
            Speed::RealTime => "1",
            Speed::Ten => "10",
            Speed::Instant => "instant",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Speed::Tenth => "0.1x",
            Speed::Half => "0.5x",
            Speed::RealTime => "1x",
            Speed::Ten => "10x",
            Speed::Instant => "instant",
        }
    }

    /// Reads `0.1`, `0.5`, `1`, `10` or `instant` (a trailing `x` is allowed).
    pub fn parse(text: &str) -> Option<Speed> {
        let text = text.trim();
        let text = text.strip_suffix(['x', 'X']).unwrap_or(text);
        match text {
            "0.1" | ".1" => Some(Speed::Tenth),
            "0.5" | ".5" => Some(Speed::Half),
            "1" | "1.0" => Some(Speed::RealTime),
            "10" | "10.0" => Some(Speed::Ten),
            "instant" | "inf" => Some(Speed::Instant),
            _ => None,
        }
    }
}

/// What is shown beside the controls: the console, the timeline of the run,
/// or the event loop stepped by hand (`view=timeline|loop`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Console,
    Timeline,
    EventLoop,
}

impl View {
    pub const ALL: [View; 3] = [View::Console, View::Timeline, View::EventLoop];

    /// As written in the URL (`view=loop`).
    pub fn to_text(self) -> &'static str {
        match self {
            View::Console => "console",
            View::Timeline => "timeline",
            View::EventLoop => "loop",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Console => "Console",
            View::Timeline => "Timeline",
            View::EventLoop => "Event loop",
        }
    }

    /// An unknown view is the console: a link never fails over it.
    pub fn parse(text: &str) -> View {
        View::ALL.into_iter().find(|v| v.to_text() == text.trim()).unwrap_or_default()
    }
}

/// Everything a link says about the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageQuery {
    pub example: Option<String>,
    /// The example's parameters as typed, in link order.
    pub params: Vec<(String, String)>,
    pub speed: Speed,
    /// `speed=` had a value we do not know (the page says so and uses 1x).
    pub bad_speed: Option<String>,
    /// Run on load.
    pub autorun: bool,
    /// Only source, form, controls and console (for iframes in course sites).
    pub embed: bool,
    pub view: View,
}

impl PageQuery {
    /// Reads `location.search` (with or without its leading `?`).
    pub fn parse(search: &str) -> PageQuery {
        let mut query = PageQuery::default();
        let search = search.strip_prefix('?').unwrap_or(search);
        for pair in search.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (name, value) = (decode(name), decode(value));
            match name.as_str() {
                "example" => query.example = Some(value),
                "speed" => match Speed::parse(&value) {
                    Some(speed) => query.speed = speed,
                    None => query.bad_speed = Some(value),
                },
                "autorun" => query.autorun = is_on(&value),
                "embed" => query.embed = is_on(&value),
                "view" => query.view = View::parse(&value),
                _ => query.params.push((name, value)),
            }
        }
        query
    }

    /// The query string, starting with `?`. Only what differs from the page's
    /// defaults is written (speed 1x, no autorun, no embed), so links stay short.
    pub fn to_search(&self) -> String {
        let mut out = String::new();
        let mut add = |name: &str, value: &str| {
            out.push(if out.is_empty() { '?' } else { '&' });
            out.push_str(&encode(name));
            out.push('=');
            out.push_str(&encode(value));
        };
        if let Some(example) = &self.example {
            add("example", example);
        }
        for (name, value) in &self.params {
            add(name, value);
        }
        if self.speed != Speed::default() {
            add("speed", self.speed.to_text());
        }
        if self.autorun {
            add("autorun", "1");
        }
        if self.embed {
            add("embed", "1");
        }
        if self.view != View::default() {
            add("view", self.view.to_text());
        }
        out
    }
}

fn is_on(value: &str) -> bool {
    matches!(value, "" | "1" | "true" | "yes" | "on")
}

/// Percent-encodes everything but the URL-safe characters (and `,`, which
/// keeps number lists readable: `numbers=4,5,6,7`).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => out.push(b as char),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// Undoes [`encode`] and form encoding (`+` is a space); a malformed escape
/// is kept as typed, and invalid UTF-8 becomes U+FFFD.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}
