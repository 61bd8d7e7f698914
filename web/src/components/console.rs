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
use crate::state::{ConsoleLine, RunState, RunView};

/// Lines kept in the page at once.
pub const MAX_SHOWN: usize = 5_000;
/// The console's line height in the stylesheet.
const LINE_PX: usize = 21;
/// Task colours in the stylesheet (`task-c0` ...).
const TASK_COLOURS: u32 = 8;

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

#[function_component(Chunk)]
fn chunk(props: &ChunkProps) -> Html {
    let lines: Html = props
        .lines
        .iter()
        .map(|line| {
            let task = line.task.map(|t| format!("task-c{}", t % TASK_COLOURS));
            // Time and task are shown from attributes (CSS `attr()`), so a
            // line is two elements and selecting text copies only the output.
            html! {
                <div class={classes!("line", task, line.stderr.then_some("stderr"))}
                    data-time={format!("{:.3}", line.time)}
                    title={line.task.map(|t| format!("Task-{t}"))}>
                    <span class="text" data-task={line.task.map(|t| t.to_string())}>{ &line.text }</span>
                </div>
            }
        })
        .collect();
    // `.chunk` lets the browser skip layout of chunks scrolled out of view.
    // Its size before it is laid out (one 21 px line a line): the scroll
    // height stays right, so following the output lands on the last line.
    let size = format!("contain-intrinsic-size: auto {}px", props.lines.len() * LINE_PX);
    html! { <div class="chunk" style={size}>{ lines }</div> }
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
        use_effect(move || {
            if *follow.borrow() {
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
