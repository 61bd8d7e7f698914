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

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::clipboard::{self, use_copy, Copied};
use crate::state::{ConsoleLine, RunState, RunView, LATE_MS};

/// Lines kept in the page at once.
pub const MAX_SHOWN: usize = 5_000;
/// The console's line height in the stylesheet.
const LINE_PX: usize = 21;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub run: RunView,
}

#[derive(Properties)]
struct ChunkProps {
    lines: Rc<Vec<ConsoleLine>>,
    /// Lines of the chunk not shown (the oldest of the newest [`MAX_SHOWN`]
    /// may begin inside a chunk).
    skip: usize,
}

impl PartialEq for ChunkProps {
    fn eq(&self, other: &Self) -> bool {
        // Chunks never change once logged: the same chunk is the same view.
        Rc::ptr_eq(&self.lines, &other.lines) && self.skip == other.skip
    }
}

/// A chunk's DOM as built: its lines, and how many of the first were
/// removed since, as the window of shown lines moved past them.
struct Built {
    lines: Rc<Vec<ConsoleLine>>,
    skipped: usize,
    node: Option<web_sys::Node>,
}

#[function_component(Chunk)]
fn chunk(props: &ChunkProps) -> Html {
    // A chunk's DOM is built once, by the browser's parser from one string
    // (far cheaper than creating its elements one call at a time), and
    // never diffed again: chunks never change once logged. When the window
    // of shown lines moves into the oldest chunk shown, its first lines are
    // removed from that DOM, never rebuilt: a frame's cost stays that of
    // its new lines.
    let built = use_mut_ref(|| None::<Built>);
    let mut built = built.borrow_mut();
    let reusable = built.as_ref().is_some_and(|b| Rc::ptr_eq(&b.lines, &props.lines) && b.skipped <= props.skip);
    if !reusable {
        let lines = props.lines.get(props.skip..).unwrap_or_default();
        *built = Some(Built { lines: props.lines.clone(), skipped: props.skip, node: chunk_node(lines) });
    }
    let Some(chunk) = built.as_mut() else {
        return Html::default();
    };
    if chunk.skipped < props.skip {
        if let Some(div) = chunk.node.as_ref().and_then(|n| n.dyn_ref::<Element>()) {
            for _ in chunk.skipped..props.skip {
                if let Some(line) = div.first_element_child() {
                    line.remove();
                }
            }
            set_intrinsic_height(div, props.lines.len() - props.skip);
        }
        chunk.skipped = props.skip;
    }
    match &chunk.node {
        Some(node) => Html::VRef(node.clone()),
        None => Html::default(),
    }
}

/// `.chunk` lets the browser skip layout of chunks scrolled out of view.
/// Its size before it is laid out (one 21 px line a line): the scroll height
/// stays right, so following the output lands on the last line.
fn set_intrinsic_height(div: &Element, lines: usize) {
    let _ = div.set_attribute("style", &format!("contain-intrinsic-size: auto {}px", lines * LINE_PX));
}

/// The DOM of one chunk: `.chunk` holding one `.line` per line.
pub fn chunk_node(lines: &[ConsoleLine]) -> Option<web_sys::Node> {
    let document = web_sys::window()?.document()?;
    let div = document.create_element("div").ok()?;
    div.set_class_name("chunk");
    set_intrinsic_height(&div, lines.len());
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
        if !line.process.is_empty() {
            let _ = write!(out, " proc-{}", line.process);
        }
        let _ = write!(out, "\" data-time=\"{:.3}\"", line.time);
        if !line.process.is_empty() {
            // The program's label is drawn beside the time, from the attribute: not text.
            let _ = write!(out, " data-process=\"{}\"", line.process);
        }
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

/// Keeps the console scrolled to its newest line while the person has not
/// scrolled up; the result goes to the console's `onscroll`.
#[hook]
fn use_follow_output(scroller: NodeRef, now_showing: (usize, RunState)) -> Callback<Event> {
    let follow = use_mut_ref(|| true);
    // Reading `scroll_height` forces a layout: only when something was
    // added at the end (not for the first, empty render, nor when only the
    // clocks changed).
    let scrolled_for = use_mut_ref(|| (0, RunState::Idle));
    {
        let (scroller, follow) = (scroller.clone(), follow.clone());
        use_effect(move || {
            if *scrolled_for.borrow() != now_showing && *follow.borrow() {
                *scrolled_for.borrow_mut() = now_showing;
                if let Some(el) = scroller.cast::<Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    Callback::from(move |_: Event| {
        if let Some(el) = scroller.cast::<Element>() {
            *follow.borrow_mut() = el.scroll_height() - el.scroll_top() - el.client_height() < 40;
        }
    })
}

#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let run = &props.run;
    let scroller = use_node_ref();
    let onscroll = use_follow_output(scroller.clone(), (run.console.len, run.state));
    let copy_field = use_node_ref();
    let copy = use_copy(copy_field.clone());
    let oncopy = {
        let (console, copy) = (run.console.clone(), copy.copy.clone());
        Callback::from(move |_: MouseEvent| copy.emit(console.transcript()))
    };
    let ondismiss = {
        let dismiss = copy.dismiss.clone();
        Callback::from(move |_: MouseEvent| dismiss.emit(()))
    };
    let shown = run.console.newest(MAX_SHOWN);
    let state = run.state;
    let copy_label = match copy.outcome {
        Some(Copied::ToClipboard) => "Copied",
        Some(Copied::Selected) => "Selected",
        Some(Copied::Failed) => "Not copied",
        None => "Copy",
    };
    html! {
        <section class="console-panel panel" aria-label="Console">
            <div class="console-bar">
                <span class={classes!("status", format!("status-{}", state.as_str()))} role="status">
                    <span class="dot" aria-hidden="true"></span>{ state.label() }
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
                    disabled={run.console.len == 0}>{ copy_label }</button>
            </div>
            // Without a clipboard the whole output is selected here, not in
            // the console, which holds only the newest lines.
            if let Some(text) = &copy.to_select {
                <div class="copy-fallback">
                    <p class="share-message" role="status">
                        { copy.outcome.map(|o| o.message("output", clipboard::this_browsers_copy_keys())).unwrap_or_default() }
                    </p>
                    <textarea id="transcript-text" readonly=true rows="6" value={text.clone()} ref={copy_field} />
                    <button class="small" onclick={ondismiss}>{ "Close" }</button>
                </div>
            }
            <div id="console" class="console" data-state={state.as_str()} ref={scroller} {onscroll}
                tabindex="0" aria-live="off">
                if shown.hidden > 0 {
                    <div class="console-info">
                        { format!("… {} earlier lines are not shown here; Copy copies all {} lines.", shown.hidden, run.console.len) }
                    </div>
                }
                { for run.console.chunks[shown.first..].iter().enumerate().map(|(i, c)| html! {
                    <Chunk key={shown.first + i} lines={c.clone()} skip={if i == 0 { shown.skip } else { 0 }} />
                }) }
                if state == RunState::Idle {
                    if let Some(why) = &run.not_run {
                        <div class="console-info not-run">{ why }</div>
                    } else {
                        <div class="console-info">{ "Press Run to start the example. Its output appears here as it is printed." }</div>
                    }
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
