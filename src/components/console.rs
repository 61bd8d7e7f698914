//! The console: printed lines as they come, with their virtual time and a
//! colour per task, and a status line with both clocks.
//!
//! The contract course sites and tests rely on (see the README): `#console`
//! with `data-state`; one `.line` per printed line holding a `.text` with
//! exactly the printed text; the measured wall-clock time in `#elapsed`.
//!
//! Lines arrive in chunks; each chunk is its own component that never
//! re-renders, and only the newest [`MAX_SHOWN`] lines stay in the DOM, so
//! 100,000 lines stream without freezing the page. Copy copies them all.

use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use crate::links;
use crate::state::{ConsoleLine, RunState, RunView, LATE_MS};

/// Lines kept in the page at once.
pub const MAX_SHOWN: usize = 5_000;
/// The console's line height in the stylesheet.
const LINE_PX: usize = 21;
/// Task colours in the stylesheet (`task-c0` ...).

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub run: RunView,
}

#[derive(Properties)]
struct ChunkProps {
    lines: Rc<Vec<ConsoleLine>>,
}

impl PartialEq for ChunkProps {
    fn eq(&self, other: &Self) -> bool {
        // Chunks never change once logged: the same chunk is the same view.
        Rc::ptr_eq(&self.lines, &other.lines)
    }
}

/// A chunk's lines compared by identity, as a memo's dependency.
struct Same(Rc<Vec<ConsoleLine>>);

impl PartialEq for Same {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[function_component(Chunk)]
fn chunk(props: &ChunkProps) -> Html {
    // A chunk's DOM is built once, by the browser's parser from one string
    // (far cheaper than creating its elements one call at a time), and
    // never diffed again: chunks never change once logged.
    let node = use_memo(Same(props.lines.clone()), |lines| chunk_node(&lines.0));
    match node.as_ref() {
        Some(node) => Html::VRef(node.clone()),
        None => Html::default(),
    }
}

/// The DOM of one chunk: `.chunk` holding one `.line` per line.
pub fn chunk_node(lines: &[ConsoleLine]) -> Option<web_sys::Node> {
    let document = web_sys::window()?.document()?;
    let div = document.create_element("div").ok()?;
    div.set_class_name("chunk");
    // `.chunk` lets the browser skip layout of chunks scrolled out of view.
    // Its size before it is laid out (one 21 px line a line): the scroll
    // height stays right, so following the output lands on the last line.
    let _ = div.set_attribute("style", &format!("contain-intrinsic-size: auto {}px", lines.len() * LINE_PX));
    div.set_inner_html(&chunk_html(lines));
    // The parser drops NUL characters: such a line gets its text set directly.
    for (i, line) in lines.iter().enumerate() {
        if line.text.contains('\0') {
            let text = div.children().item(i as u32).and_then(|l| l.first_element_child());
            if let Some(text) = text {
                text.set_text_content(Some(&line.text));
            }
        }
    }
    Some(div.into())
}

/// The markup of a chunk's lines. Time and task are shown from attributes
/// (CSS `attr()`), so a line is two elements and selecting text copies only
/// the output.
pub fn chunk_html(lines: &[ConsoleLine]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(lines.iter().map(|l| l.text.len() + 100).sum());
    for line in lines {
        out.push_str("<div class=\"line");
        if let Some(t) = line.task {
            let _ = write!(out, " {}", super::task_class(t));
        }
        if line.stderr {
            out.push_str(" stderr");
        }
        let _ = write!(out, "\" data-time=\"{:.3}\"", line.time);
        if let Some(t) = line.task {
            let _ = write!(out, " title=\"Task-{t}\"><span class=\"text\" data-task=\"{t}\">");
        } else {
            out.push_str("><span class=\"text\">");
        }
        escape_text(&line.text, &mut out);
        out.push_str("</span></div>");
    }
    out
}

/// Escapes `text` for an HTML text node, so that the parser gives back
/// exactly `text` (a carriage return would otherwise become a line feed).
fn escape_text(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '\r']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&#13;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

pub fn seconds(s: f64) -> String {
    format!("{s:.3} s")
}

#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let run = &props.run;
    let scroller = use_node_ref();
    // Follow the output while the person has not scrolled up.
    let follow = use_mut_ref(|| true);
    let copied = use_state(|| None::<bool>);
    {
        let scroller = scroller.clone();
        let follow = follow.clone();
        // Reading `scroll_height` forces a layout: only when something was
        // added at the end (not for the first, empty render, nor when only
        // the clocks changed).
        let scrolled_for = use_mut_ref(|| (0, RunState::Idle));
        let now_showing = (run.console.len, run.state);
        use_effect(move || {
            let changed = *scrolled_for.borrow() != now_showing;
            if changed && *follow.borrow() {
                *scrolled_for.borrow_mut() = now_showing;
                if let Some(el) = scroller.cast::<Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    let onscroll = {
        let scroller = scroller.clone();
        let follow = follow.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<Element>() {
                *follow.borrow_mut() = el.scroll_height() - el.scroll_top() - el.client_height() < 40;
            }
        })
    };
    let oncopy = {
        let transcript = run.console.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let text = transcript.transcript();
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(links::copy(text).await));
            });
        })
    };

    // The newest chunks that together hold at most MAX_SHOWN lines.
    let mut shown = 0;
    let first = run
        .console
        .chunks
        .iter()
        .rposition(|c| {
            shown += c.len();
            shown > MAX_SHOWN
        })
        .map_or(0, |i| i + 1);
    let hidden_lines: usize = run.console.chunks[..first].iter().map(|c| c.len()).sum();

    let state = run.state;
    let status = match state {
        RunState::Idle => "Ready",
        RunState::Running => "Running",
        RunState::Done => "Done",
        RunState::Stopped => "Stopped",
        RunState::Error => "Error",
    };
    html! {
        <section class="console-panel panel" aria-label="Console">
            <div class="console-bar">
                <span class={classes!("status", format!("status-{}", state.as_str()))} role="status">
                    <span class="dot" aria-hidden="true"></span>{ status }
                </span>
                if let Some(detail) = run.detail() {
                    <span id="run-detail" class={classes!("run-detail", (run.late_ms > LATE_MS || state != RunState::Running).then_some("late"))}>{ detail }</span>
                }
                <span class="clock" title="Time on the event loop's virtual clock">
                    { "virtual " }<b id="virtual-time">{ seconds(run.virtual_time) }</b>
                </span>
                <span class="clock" title="Measured wall-clock time (performance.now)">
                    { "wall " }<b id="elapsed">{ seconds(run.wall_ms / 1000.0) }</b>
                </span>
                <span class="clock lines-count">{ format!("{} lines", run.console.len) }</span>
                <button class="small" id="copy-transcript" onclick={oncopy}
                    disabled={run.console.len == 0}>
                    { match *copied { Some(true) => "Copied", Some(false) => "Copy blocked", None => "Copy" } }
                </button>
            </div>
            <div id="console" class="console" data-state={state.as_str()} ref={scroller} {onscroll}
                tabindex="0" aria-live="off">
                if hidden_lines > 0 {
                    <div class="console-info">
                        { format!("… {hidden_lines} earlier lines are not shown here; Copy copies all {} lines.", run.console.len) }
                    </div>
                }
                { for run.console.chunks[first..].iter().enumerate().map(|(i, c)| html! {
                    <Chunk key={first + i} lines={c.clone()} />
                }) }
                if state == RunState::Idle {
                    <div class="console-info">{ "Press Run to start the example. Its output appears here as it is printed." }</div>
                }
                if state == RunState::Stopped {
                    <div class="console-end">{ format!("Stopped at t = {} (virtual). Nothing more ran.", seconds(run.virtual_time)) }</div>
                }
                if state == RunState::Error {
                    <div class="console-end error">{ "The program ended with an error: see the notes." }</div>
                }
            </div>
        </section>
    }
}
