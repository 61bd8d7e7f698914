//! A link is a lesson: the page's state in its URL,
//! `?example=ID&<param>=<value>...&speed=...&view=...&theme=...&autorun=1&embed=1&ws=...`,
//! and an edited program in its fragment, `#code=...`, which browsers never
//! send to a server.
//!
//! Plain Rust (no browser API) so links can be tested anywhere, and the one
//! percent encoder and decoder of the project (the page, the end-to-end tests). The values of
//! the example's parameters are kept as typed text here; the example registry's
//! `ParamSpec::parse` decides whether they are valid (see `state.rs`).

use std::fmt::Write;

use crate::examples::{self, params::echo, Example};

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
/// the event loop stepped by hand, generators stepped one `next()`/`send()`
/// at a time, or the three models' timelines (`view=timeline|loop|steps|models`).
/// Each example offers some of them ([`Example::views`](crate::examples::Example::views)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Console,
    Timeline,
    EventLoop,
    Steps,
    Models,
}

impl View {
    pub const ALL: [View; 5] = [View::Console, View::Timeline, View::EventLoop, View::Steps, View::Models];

    /// As written in the URL (`view=loop`).
    pub fn to_text(self) -> &'static str {
        match self {
            View::Console => "console",
            View::Timeline => "timeline",
            View::EventLoop => "loop",
            View::Steps => "steps",
            View::Models => "models",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Console => "Console",
            View::Timeline => "Timeline",
            View::EventLoop => "Event loop",
            View::Steps => "Steps",
            View::Models => "Models",
        }
    }

    /// Reads `console`, `timeline`, `loop`, `steps` or `models`.
    pub fn parse(text: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.to_text() == text.trim())
    }
}

/// The page's colours (`theme=light|dark|auto`); `auto` follows the system's
/// setting (`prefers-color-scheme`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    Auto,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

    /// As written in the URL (`theme=dark`).
    pub fn to_text(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }

    pub fn parse(text: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.to_text() == text.trim())
    }

    /// Whether the page is drawn dark. A link that names a theme gets it;
    /// otherwise a page of its own follows the system, while a page inside an
    /// iframe stays light: the course page around it is light far more often
    /// than not, and a dark block in it is what a dark-mode student would see.
    pub fn is_dark(theme: Option<Theme>, in_iframe: bool, system_dark: bool) -> bool {
        match theme {
            Some(Theme::Light) => false,
            Some(Theme::Dark) => true,
            Some(Theme::Auto) => system_dark,
            None => !in_iframe && system_dark,
        }
    }
}

/// The page's settings in a link besides the example and its parameters,
/// with the values each takes: what "unknown speed" messages list.
const SETTINGS: [(&str, &str); 3] = [
    ("speed", "0.1, 0.5, 1, 10 or instant"),
    ("view", "console, timeline, loop, steps or models"),
    ("theme", "light, dark or auto"),
];

/// Query parameters that sites and mail tools add to every link they pass on
/// (analytics and click ids: `utm_source`, `fbclid`, ...). They say nothing
/// to the page, so it drops them silently rather than warn every student who
/// followed a link from a course's mail or social page. The list follows the
/// usual query-stripping lists (Firefox, Brave, ClearURLs); `utm_` is a prefix.
const TRACKING: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "igshid",
    "li_fat_id",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "wickedid",
    "rb_clickid",
    "s_cid",
    "srsltid",
    "ref_src",
];

/// Whether `name` is a tracking parameter (see [`TRACKING`]).
pub fn is_tracking(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_") || TRACKING.contains(&lower.as_str())
}

/// At most this many unknown parameter names are listed in the one message
/// about them: a link with thousands of them gets one short line.
const LISTED_NAMES: usize = 3;

/// Everything a link says about the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageQuery {
    pub example: Option<String>,
    /// The example's parameters as typed, in link order (tracking parameters
    /// such as `utm_source` are not kept).
    pub params: Vec<(String, String)>,
    pub speed: Speed,
    /// Run on load.
    pub autorun: bool,
    /// No header, picker, lecture text or notes (for iframes in course sites).
    pub embed: bool,
    pub view: View,
    /// `None`: light in an iframe, the system's setting otherwise (see [`Theme::is_dark`]).
    pub theme: Option<Theme>,
    /// `ws=`: the WebSocket echo server `echo-client` talks to, instead of the page's own
    /// server's `/ws` (see [`echo_server_url`]); checked by [`parse_echo_server`].
    pub ws: Option<String>,
    /// Settings (`speed`, `view`, `theme`) with a value the page does not
    /// know, as typed: the page says so and keeps its default.
    pub unknown_settings: Vec<(&'static str, String)>,
    /// An edited program, from the fragment `#code=...`: its UTF-8 text
    /// compressed with raw DEFLATE, in base64url without padding (the page's
    /// editor script compresses and decompresses it with the browser's
    /// `CompressionStream`). See [`code_link_problem`].
    pub code: Option<String>,
}

/// The most of an edited program a link carries: 8 KiB of it compressed.
/// Browsers take far longer links, but mail and chat tools cut them
/// somewhere past this, and a cut link would open a damaged program.
pub const MAX_CODE_BYTES: usize = 8 * 1024;

/// The compressed size of a program that is `code` in a link (base64url:
/// four characters for three bytes).
pub fn code_bytes(code: &str) -> usize {
    code.len() / 4 * 3 + (code.len() % 4).saturating_sub(1)
}

/// Why the program in a link (`#code=...`) cannot be opened, as the page
/// says it; `None` when it may be decompressed (which may still fail: see
/// [`UNREADABLE_CODE`]).
pub fn code_link_problem(code: &str) -> Option<String> {
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Some(format!("{UNREADABLE_CODE}."));
    }
    (code_bytes(code) > MAX_CODE_BYTES).then(|| {
        format!(
            "The program in this link is longer than a link may carry ({} compressed, at most {}), so the \
lecture's program is shown.",
            kilobytes(code_bytes(code)),
            kilobytes(MAX_CODE_BYTES)
        )
    })
}

/// What the page says when the program in a link does not decompress.
pub const UNREADABLE_CODE: &str =
    "The program in this link could not be read (the link may have been cut short), so the lecture's program is shown";

/// What Share and Embed say instead of a link when the edited program is
/// too long for one (`code` as the editor compressed it).
pub fn too_long_for_a_link(code: &str) -> Option<String> {
    (code_bytes(code) > MAX_CODE_BYTES).then(|| {
        format!(
            "This program is too long for a link: {} compressed, and a link carries at most {}. Shorten it to \
share it as a link.",
            kilobytes(code_bytes(code)),
            kilobytes(MAX_CODE_BYTES)
        )
    })
}

/// Kilobytes with one decimal, rounded up: one byte over the limit reads as more than it.
fn kilobytes(bytes: usize) -> String {
    format!("{:.1} KB", (bytes as f64 / 102.4).ceil() / 10.0)
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
                    Some(speed) => query.set_known("speed", |q| q.speed = speed),
                    None => query.set_unknown("speed", value),
                },
                "view" => match View::parse(&value) {
                    Some(view) => query.set_known("view", |q| q.view = view),
                    None => query.set_unknown("view", value),
                },
                "theme" => match Theme::parse(&value) {
                    Some(theme) => query.set_known("theme", |q| q.theme = Some(theme)),
                    None => query.set_unknown("theme", value),
                },
                "ws" => match parse_echo_server(&value) {
                    Ok(url) => query.set_known("ws", |q| q.ws = Some(url)),
                    Err(_) => query.set_unknown("ws", value),
                },
                "autorun" => query.autorun = is_on(&value),
                "embed" => query.embed = is_on(&value),
                _ if is_tracking(&name) => {}
                _ => query.params.push((name, value)),
            }
        }
        query
    }

    /// Reads the link's fragment (`location.hash`, with or without its `#`):
    /// `#code=...` is an edited program; any other fragment says nothing.
    pub fn read_fragment(&mut self, fragment: &str) {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        self.code = fragment.strip_prefix("code=").map(str::to_string);
    }

    /// The fragment for [`PageQuery::code`]: `#code=...`, or nothing.
    pub fn to_fragment(&self) -> String {
        self.code.as_ref().map_or_else(String::new, |code| format!("#code={code}"))
    }

    /// A setting's last value wins, as for every other parameter.
    fn set_known(&mut self, name: &str, set: impl FnOnce(&mut PageQuery)) {
        self.unknown_settings.retain(|(n, _)| *n != name);
        set(self);
    }

    fn set_unknown(&mut self, name: &'static str, value: String) {
        self.unknown_settings.retain(|(n, _)| *n != name);
        self.unknown_settings.push((name, value));
    }

    /// The example the link names; the first one when it names none or one
    /// that does not exist (then [`PageQuery::problems`] says so).
    pub fn example(&self) -> &'static Example {
        self.example.as_deref().and_then(examples::find).unwrap_or_else(examples::landing)
    }

    /// What the page says about this link besides a field's own message: an
    /// unknown example, unknown parameters (one message for all of them) and
    /// unknown settings. Each echoes at most [`examples::params::echo`]'s
    /// share of what was typed, so no link can make a page-wide message.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if let Some(id) = &self.example {
            if examples::find(id).is_none() {
                problems.push(format!("There is no example '{}'; the examples are {}.", echo(id), examples::ids()));
            }
        }
        let example = self.example();
        let unknown: Vec<&str> = self
            .params
            .iter()
            .map(|(name, _)| name.as_str())
            .filter(|name| !example.params.iter().any(|spec| spec.name == *name))
            .collect();
        if let Some(problem) = unknown_params_problem(example, &unknown) {
            problems.push(problem);
        }
        if !example.has_view(self.view) {
            let offered: Vec<&str> = example.views.iter().map(|v| v.to_text()).collect();
            problems.push(format!(
                "Ignored view={} from the link: {} shows {}.",
                self.view.to_text(),
                example.id,
                offered.join(", ")
            ));
        }
        for (name, value) in &self.unknown_settings {
            if *name == "ws" {
                let why = parse_echo_server(value).err().unwrap_or_default();
                problems.push(format!("Ignored ws='{}' from the link: {why}", echo(value)));
                continue;
            }
            let choices = SETTINGS.iter().find(|(n, _)| n == name).map_or("", |(_, choices)| choices);
            problems.push(format!("Ignored {name}='{}' from the link: {name} is one of {choices}.", echo(value)));
        }
        problems
    }

    /// The query string, starting with `?`. Only what differs from the page's
    /// defaults is written (speed 1x, console, no autorun, no embed, no
    /// theme), so links stay short.
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
        if let Some(theme) = self.theme {
            add("theme", theme.to_text());
        }
        if let Some(ws) = &self.ws {
            add("ws", ws);
        }
        out
    }
}

/// Checks a `ws=` value: a WebSocket address, `ws://` or `wss://` (any case) with a host;
/// anything else is refused with the message the page shows.
pub fn parse_echo_server(text: &str) -> Result<String, String> {
    const RULE: &str = "the echo server's address starts with ws:// or wss:// (such as ws://127.0.0.1:8080/ws); \
                        the page's own server is used instead.";
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("ws://").or_else(|| lower.strip_prefix("wss://")) else {
        return Err(RULE.to_string());
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains('@') || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("it names no host, or has spaces; {RULE}"));
    }
    Ok(text.to_string())
}

/// Where `echo-client` connects: the link's `ws=` if it gave one, otherwise `/ws` beside
/// the page (`page` is its `location.href`): `http://h:8080/` gives `ws://h:8080/ws`,
/// `https://h/course/playground/index.html?x` gives `wss://h/course/playground/ws`, so a
/// server mounted under a sub-path (behind a proxy) is reached under it too. `None` for a
/// page that is not served over HTTP (a `file:` page has no server).
pub fn echo_server_url(page: &str, ws: Option<&str>) -> Option<String> {
    if let Some(ws) = ws {
        return Some(ws.to_string());
    }
    let page = page.split(['?', '#']).next().unwrap_or("");
    let (scheme, rest) = page.split_once("://")?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "http" => "ws",
        "https" => "wss",
        _ => return None,
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return None;
    }
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    let folder = if folder.is_empty() { String::new() } else { format!("{folder}/") };
    Some(format!("{scheme}://{host}/{folder}ws"))
}

/// One message for every parameter the example does not take, naming the
/// first [`LISTED_NAMES`] of them.
fn unknown_params_problem(example: &Example, unknown: &[&str]) -> Option<String> {
    let takes = match example.params {
        [] => "none".to_string(),
        specs => specs.iter().map(|s| s.name).collect::<Vec<_>>().join(", "),
    };
    let listed: Vec<String> = unknown.iter().take(LISTED_NAMES).map(|name| format!("'{}'", echo(name))).collect();
    match unknown.len() {
        0 => None,
        1 => Some(format!("Ignored {} from the link: unknown parameter; this example takes {takes}.", listed[0])),
        n if n <= LISTED_NAMES => Some(format!(
            "Ignored {n} unknown parameters from the link ({}); this example takes {takes}.",
            listed.join(", ")
        )),
        n => Some(format!(
            "Ignored {n} unknown parameters from the link ({} and {} more); this example takes {takes}.",
            listed.join(", "),
            n - LISTED_NAMES
        )),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_fragment_round_trips_and_other_fragments_say_nothing() {
        let mut query = PageQuery::parse("?example=scratch");
        query.read_fragment("#code=y0ktLgEA");
        assert_eq!(query.code.as_deref(), Some("y0ktLgEA"));
        assert_eq!(query.to_fragment(), "#code=y0ktLgEA");
        assert_eq!(query.to_search(), "?example=scratch");
        query.read_fragment("#section-2");
        assert_eq!(query.code, None);
        assert_eq!(query.to_fragment(), "");
        query.read_fragment("");
        assert_eq!(query.code, None);
    }

    #[test]
    fn a_damaged_or_oversized_code_fragment_gets_a_message_before_any_decoding() {
        assert_eq!(code_link_problem("y0ktLgEA"), None);
        let damaged = format!("{UNREADABLE_CODE}.");
        assert_eq!(code_link_problem(""), Some(damaged.clone()));
        assert_eq!(code_link_problem("abc%20def"), Some(damaged.clone()));
        assert_eq!(code_link_problem("abc+/="), Some(damaged));
        // 10,923 base64url characters hold 8,192 bytes: the most a link carries.
        assert_eq!(code_bytes(&"A".repeat(10_923)), 8_192);
        assert_eq!(code_link_problem(&"A".repeat(10_923)), None);
        assert_eq!(
            code_link_problem(&"A".repeat(10_924)).as_deref(),
            Some(
                "The program in this link is longer than a link may carry (8.1 KB compressed, at most 8.0 KB), so \
the lecture's program is shown."
            )
        );
    }

    #[test]
    fn share_says_a_program_over_8_kb_compressed_is_too_long_for_a_link() {
        assert_eq!(too_long_for_a_link(&"A".repeat(10_923)), None);
        assert_eq!(
            too_long_for_a_link(&"A".repeat(13_654)).as_deref(),
            Some(
                "This program is too long for a link: 10.0 KB compressed, and a link carries at most 8.0 KB. \
Shorten it to share it as a link."
            )
        );
    }

    #[test]
    fn base64url_lengths_count_the_bytes_they_hold() {
        // "", "A", "AB", "ABC", "ABCD" in base64url without padding.
        for (code, bytes) in [("", 0), ("QQ", 1), ("QUI", 2), ("QUJD", 3), ("QUJDRA", 4)] {
            assert_eq!(code_bytes(code), bytes, "{code}");
        }
    }

    #[test]
    fn tracking_parameters_are_dropped_without_a_word() {
        let query = PageQuery::parse(
            "?example=gather&count=3&utm_source=moodle&UTM_Campaign=w9&fbclid=IwAR0x&gclid=abc&msclkid=1&_ga=2.1",
        );
        assert_eq!(query.params, vec![("count".to_string(), "3".to_string())]);
        assert_eq!(query.problems(), Vec::<String>::new());
        assert_eq!(query.to_search(), "?example=gather&count=3");
    }

    #[test]
    fn a_parameter_named_like_a_tracker_but_not_one_is_reported() {
        let query = PageQuery::parse("?example=gather&utm=1&fbclid_x=2");
        assert_eq!(
            query.problems(),
            vec!["Ignored 2 unknown parameters from the link ('utm', 'fbclid_x'); this example takes count, delay."]
        );
    }

    #[test]
    fn one_unknown_parameter_gets_the_registry_words() {
        let query = PageQuery::parse("?example=gather&cnt=3");
        assert_eq!(
            query.problems(),
            vec!["Ignored 'cnt' from the link: unknown parameter; this example takes count, delay."]
        );
    }

    #[test]
    fn thousands_of_unknown_parameters_give_one_short_message() {
        let search: String = (0..15_000).map(|i| format!("&p{i}=1")).collect();
        let query = PageQuery::parse(&format!("?example=many-tasks{search}"));
        assert_eq!(
            query.problems(),
            vec!["Ignored 15000 unknown parameters from the link ('p0', 'p1', 'p2' and 14997 more); this example takes count."]
        );
    }

    #[test]
    fn a_huge_example_name_is_echoed_cut_to_forty_characters() {
        let huge = "x".repeat(100_000);
        let query = PageQuery::parse(&format!("?example={huge}&speed={huge}&{huge}=1"));
        let problems = query.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
        let forty = "x".repeat(40);
        assert_eq!(problems[0], format!("There is no example '{forty}...'; the examples are {}.", examples::ids()));
        assert_eq!(
            problems[1],
            format!("Ignored '{forty}...' from the link: unknown parameter; this example takes numbers, delay.")
        );
        assert_eq!(
            problems[2],
            format!("Ignored speed='{forty}...' from the link: speed is one of 0.1, 0.5, 1, 10 or instant.")
        );
        // The example's message lists every id; the other bounds are those of tests/bad_input.rs.
        assert!(problems.iter().all(|p| p.chars().count() < 300), "{problems:?}");
    }

    #[test]
    fn a_view_the_example_does_not_offer_is_reported_with_those_it_does() {
        let query = PageQuery::parse("?example=odds&view=loop");
        assert_eq!(query.view, View::EventLoop);
        assert_eq!(query.problems(), ["Ignored view=loop from the link: odds shows console, steps."]);
        assert!(PageQuery::parse("?example=odds&view=steps").problems().is_empty());
        assert!(PageQuery::parse("?example=models&view=models").problems().is_empty());
        assert!(PageQuery::parse("?example=gather&view=loop").problems().is_empty());
    }

    #[test]
    fn unknown_view_and_theme_are_reported_like_an_unknown_speed() {
        let query = PageQuery::parse("?example=gather&view=bogus&theme=sepia&speed=warp");
        assert_eq!(query.view, View::Console);
        assert_eq!(query.theme, None);
        assert_eq!(query.speed, Speed::RealTime);
        assert_eq!(
            query.problems(),
            vec![
                "Ignored view='bogus' from the link: view is one of console, timeline, loop, steps or models.",
                "Ignored theme='sepia' from the link: theme is one of light, dark or auto.",
                "Ignored speed='warp' from the link: speed is one of 0.1, 0.5, 1, 10 or instant.",
            ]
        );
    }

    #[test]
    fn a_later_valid_setting_replaces_an_earlier_unknown_one() {
        let query = PageQuery::parse("?speed=warp&speed=10&view=loop&view=nope");
        assert_eq!(query.speed, Speed::Ten);
        assert_eq!(query.unknown_settings, vec![("view", "nope".to_string())]);
    }

    #[test]
    fn theme_round_trips_and_is_written_only_when_asked() {
        for theme in Theme::ALL {
            let query = PageQuery::parse(&format!("?example=gather&theme={}", theme.to_text()));
            assert_eq!(query.theme, Some(theme));
            assert_eq!(query.to_search(), format!("?example=gather&theme={}", theme.to_text()));
        }
        assert_eq!(PageQuery::parse("?example=gather").to_search(), "?example=gather");
    }

    #[test]
    fn an_iframe_is_light_unless_the_link_asks_for_dark_or_auto() {
        // (theme, in an iframe, system dark) -> dark
        let cases = [
            (None, true, true, false),
            (None, true, false, false),
            (None, false, true, true),
            (None, false, false, false),
            (Some(Theme::Auto), true, true, true),
            (Some(Theme::Auto), true, false, false),
            (Some(Theme::Dark), true, false, true),
            (Some(Theme::Light), false, true, false),
        ];
        for (theme, in_iframe, system_dark, dark) in cases {
            assert_eq!(
                Theme::is_dark(theme, in_iframe, system_dark),
                dark,
                "{theme:?} iframe={in_iframe} system_dark={system_dark}"
            );
        }
    }

    #[test]
    fn ws_takes_only_websocket_addresses() {
        let query = PageQuery::parse("?example=echo-client&ws=wss%3A%2F%2Fecho.example%2Fws");
        assert_eq!(query.ws.as_deref(), Some("wss://echo.example/ws"));
        assert_eq!(query.problems(), Vec::<String>::new());
        assert_eq!(PageQuery::parse(&query.to_search()), query, "it round-trips");
        for bad in ["http://echo.example/ws", "javascript:alert(1)", "ws://", "ws:///ws", "echo.example/ws"] {
            let query = PageQuery::parse(&format!("?example=echo-client&ws={}", encode(bad)));
            assert_eq!(query.ws, None, "{bad}");
            let problems = query.problems();
            assert_eq!(problems.len(), 1, "{bad}: {problems:?}");
            assert!(problems[0].starts_with(&format!("Ignored ws='{bad}' from the link: ")), "{problems:?}");
            assert!(problems[0].contains("starts with ws:// or wss://"), "{problems:?}");
        }
    }

    #[test]
    fn the_echo_server_is_ws_beside_the_page_unless_the_link_names_one() {
        assert_eq!(
            echo_server_url("http://127.0.0.1:8080/?example=echo-client", None).unwrap(),
            "ws://127.0.0.1:8080/ws"
        );
        assert_eq!(
            echo_server_url("https://h.example/course/play/index.html#x", None).unwrap(),
            "wss://h.example/course/play/ws"
        );
        assert_eq!(echo_server_url("http://h.example/course/play/", None).unwrap(), "ws://h.example/course/play/ws");
        assert_eq!(echo_server_url("http://h.example", None).unwrap(), "ws://h.example/ws");
        assert_eq!(echo_server_url("file:///home/me/dist/index.html", None), None);
        assert_eq!(echo_server_url("file:///x", Some("ws://127.0.0.1:1/ws")).unwrap(), "ws://127.0.0.1:1/ws");
    }
}
