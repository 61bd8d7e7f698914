//! The timeline: one row per task, what it was doing in each iteration of
//! the loop — waiting in the ready queue, running, or waiting for a future —
//! read off the trace with [`Timeline::of`].
//!
//! With iterations on the x axis it shows the hops of asyncio's rules: a task
//! whose sleep fires in iteration N is ready in N and runs in N+1; `gather`
//! and `wait` wake their task two iterations after the last child. With
//! virtual time on the x axis it shows the sleeps overlapping.
//!
//! The driver keeps its `Run` to itself, so the timeline replays the same
//! example with the same parameters on its own `Run`: the loop is
//! deterministic, so it is the same trace. While the console runs, the replay
//! stops at the console's virtual time and is redone at most a few times a
//! second. Big runs are capped (`timeline_grid::MAX_ROWS` x `MAX_COLUMNS`).
//!
//! The model (the replay, what each cell shows and says) is
//! `crate::timeline_grid`; this file draws it. Fitted to the width (the
//! default), the whole run shows at once; Zoom in widens the columns and
//! the panel scrolls.

use std::rc::Rc;

use playground::examples::Example;
use playground::trace::{blocking_text, Blocking, Lane, ProcessLane, Timeline};
use yew::prelude::*;

use crate::hooks::use_kept;
use crate::program::Program;
use crate::state::RunState;
use crate::time_text::times_text;
use crate::timeline_grid::{activity_class, describe, replay, Drawn, IterationGrid, MAX_ROWS};

/// While the console runs, the timeline is redone at most this often, and
/// less often for big traces (a replay of a million events takes a while).
const REFRESH_MS: f64 = 400.0;
const EVENTS_PER_REFRESH_MS: f64 = 100.0;

#[derive(Properties)]
pub struct TimelineViewProps {
    pub example: &'static Example,
    /// The program the console runs (`None` while a field is invalid).
    pub program: Option<Program>,
    /// The console's run: idle and done show the whole run, running and
    /// stopped show it up to `virtual_time`.
    pub state: RunState,
    pub virtual_time: f64,
    pub wall_ms: f64,
}

impl PartialEq for TimelineViewProps {
    fn eq(&self, other: &Self) -> bool {
        self.example.id == other.example.id
            && self.program == other.program
            && self.state == other.state
            && self.virtual_time == other.virtual_time
            && self.wall_ms == other.wall_ms
    }
}

/// The x axis.
#[derive(Clone, Copy, PartialEq)]
enum Axis {
    Iterations,
    Time,
}

/// How wide the iteration columns are.
#[derive(Clone, Copy, PartialEq)]
enum Zoom {
    /// The whole run in the panel's width.
    Fit,
    /// Wide columns, every iteration numbered; the panel scrolls.
    In,
}

/// What a snapshot of the timeline was made for.
#[derive(Clone, PartialEq)]
struct Shot {
    example: &'static str,
    program: Program,
    /// Replayed up to this virtual time (`None`: to the end).
    until: Option<f64>,
    state: RunState,
    wall_ms: f64,
}

impl Shot {
    /// Whether the timeline drawn for `self` still does for `now`: the same
    /// point of the same run, or (while the console runs) recent enough.
    fn still_fits(&self, now: &Shot, drawn: &Drawn) -> bool {
        let same_run = self.example == now.example && self.program == now.program;
        same_run
            && (self.until == now.until
                || (now.state == RunState::Running
                    && self.until.is_some()
                    && now.wall_ms - self.wall_ms < REFRESH_MS.max(drawn.events as f64 / EVENTS_PER_REFRESH_MS)))
    }
}

#[function_component(TimelineView)]
pub fn timeline_view(props: &TimelineViewProps) -> Html {
    // A server and its clients: the server waits outside any event loop, so its row is
    // drawn in virtual time only.
    let two_programs = props.example.second.is_some();
    let axis = use_state(|| if two_programs { Axis::Time } else { Axis::Iterations });
    let zoom = use_state(|| Zoom::Fit);
    let until = match props.state {
        RunState::Running | RunState::Stopped => Some(props.virtual_time),
        _ => None,
    };
    let example = props.example;
    let shot = props.program.clone().map(|program| Shot {
        example: example.id,
        program,
        until,
        state: props.state,
        wall_ms: props.wall_ms,
    });
    let drawn = use_kept(
        shot,
        |old: &Option<Shot>, now: &Option<Shot>, drawn: &Option<Rc<Drawn>>| match (old, now, drawn) {
            (Some(old), Some(now), Some(drawn)) => !old.still_fits(now, drawn),
            _ => true,
        },
        |shot: &Option<Shot>| shot.as_ref().map(|s| Rc::new(Drawn::of(&replay(example, s.program.clone(), s.until)))),
    );
    let Some(drawn) = drawn.borrow().clone() else {
        return html! {
            <section id="timeline" class="timeline-panel panel" aria-label="Timeline">
                <p class="view-empty">{ "Fix the parameters above to see the timeline." }</p>
            </section>
        };
    };

    let toggle = |state: &UseStateHandle<Axis>, to: Axis, id: &'static str, label: &'static str| {
        let state = state.clone();
        let on = *state == to;
        html! {
            <button type="button" {id} class={classes!(on.then_some("checked"))} aria-pressed={on.to_string()}
                onclick={Callback::from(move |_| state.set(to))}>{ label }</button>
        }
    };
    let zoom_toggle = |to: Zoom, id: &'static str, label: &'static str| {
        let state = zoom.clone();
        let on = *state == to;
        html! {
            <button type="button" {id} class={classes!(on.then_some("checked"))} aria-pressed={on.to_string()}
                onclick={Callback::from(move |_| state.set(to))}>{ label }</button>
        }
    };
    let caption = match props.state {
        RunState::Running => "So far: the timeline follows the console's run.",
        RunState::Stopped => "Up to where the run was stopped.",
        RunState::Idle => "What Run will do with these parameters.",
        _ => "The whole run.",
    };
    html! {
        <section id="timeline" class="timeline-panel panel" aria-label="Timeline">
            <div class="view-bar">
                <span class="view-caption">{ caption }</span>
                <div class="view-controls">
                    if *axis == Axis::Iterations {
                        <div class="segmented" role="group" aria-label="zoom">
                            { zoom_toggle(Zoom::Fit, "timeline-fit", "Fit") }
                            { zoom_toggle(Zoom::In, "timeline-zoom", "Zoom in") }
                        </div>
                    }
                    <div class="segmented" role="group" aria-label="x axis">
                        { toggle(&axis, Axis::Iterations, "timeline-by-iteration", "Iterations") }
                        { toggle(&axis, Axis::Time, "timeline-by-time", "Virtual time") }
                    </div>
                </div>
            </div>
            <Drawing drawn={drawn.clone()} axis={*axis} zoom={*zoom} />
            { legend() }
            if !drawn.timeline.processes.is_empty() {
                { process_legend(*axis) }
            }
            if let Some(text) = drawn.not_drawn() {
                <p class="timeline-more">{ text }</p>
            }
        </section>
    }
}

#[derive(Properties)]
struct DrawingProps {
    drawn: Rc<Drawn>,
    axis: Axis,
    zoom: Zoom,
}

impl PartialEq for DrawingProps {
    /// A snapshot never changes: while the console runs, the page re-renders
    /// on every printed batch without redrawing the same timeline.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.drawn, &other.drawn) && self.axis == other.axis && self.zoom == other.zoom
    }
}

#[function_component(Drawing)]
fn drawing(props: &DrawingProps) -> Html {
    let body = if props.drawn.timeline.lanes.is_empty() && props.drawn.timeline.processes.is_empty() {
        html! { <p class="view-empty">{ "No task was created yet." }</p> }
    } else if props.axis == Axis::Iterations {
        match IterationGrid::of(&props.drawn) {
            Some(grid) => by_iteration(&grid, props.zoom),
            None => never_ran(&props.drawn),
        }
    } else {
        by_time(&props.drawn)
    };
    html! { <div class="timeline-scroll">{ body }</div> }
}

fn legend() -> Html {
    html! {
        <p class="timeline-legend">
            <span><i class="swatch ready"></i>{ "ready (queued)" }</span>
            <span><i class="swatch running"></i>{ "running" }</span>
            <span><i class="swatch waiting"></i>{ "waiting (hover: for what)" }</span>
            <span>{ "✓ returned · ✗ raised · ⊘ cancelled" }</span>
        </p>
    }
}

fn process_legend(axis: Axis) -> Html {
    let note = match axis {
        Axis::Time => "A program's row (server, clients) shows where its process waited:",
        Axis::Iterations => "The programs' rows (server, clients) are drawn on the virtual-time axis.",
    };
    html! {
        <p class="timeline-legend process-legend">
            <span>{ note }</span>
            if axis == Axis::Time {
                <span><i class="swatch busy"></i>{ "blocked on one client (recv, send)" }</span>
                <span><i class="swatch waiting"></i>{ "waiting for any client (accept, select)" }</span>
            }
        </p>
    }
}

/// What a program's row shows for a stretch: its class and words.
fn process_activity(waiting: Option<Blocking>) -> (&'static str, String) {
    match waiting {
        None => ("running", "running".to_string()),
        Some(b @ (Blocking::Recv { .. } | Blocking::Send { .. } | Blocking::Connect { .. })) => {
            ("busy", format!("blocked in {}", blocking_text(b)))
        }
        Some(b) => ("waiting", format!("waiting in {}", blocking_text(b))),
    }
}

/// A program's row on the virtual-time axis.
fn process_row(lane: &ProcessLane, pct: &dyn Fn(f64) -> f64) -> Html {
    let bars: Html = lane
        .spans
        .iter()
        .map(|s| {
            let (class, what) = process_activity(s.waiting);
            let [from, to] = crate::time_text::times_text_of([s.from_time, s.to_time]);
            let title = format!("{}: {what} from t={from} to t={to}", lane.name);
            let style = format!("left: {:.3}%; width: {:.3}%", pct(s.from_time), pct(s.to_time - s.from_time));
            html! { <div class={classes!("tl-bar", class)} {style} {title}></div> }
        })
        .collect();
    html! {
        <div class={classes!("tl-row", "tl-process", format!("proc-{}", lane.name))} data-process={lane.name}>
            <div class="tl-label" title={format!("the {} program's process", lane.name)}><b>{ lane.name }</b>{ " " }<span>{ "process" }</span></div>
            <div class="tl-track">{ bars }</div>
        </div>
    }
}

fn row_label(task: &str, coro: &str) -> Html {
    html! {
        <div class="tl-label" title={format!("{task} {coro}()")}>
            <b>{ task }</b>{ " " }<span>{ coro }</span>
        </div>
    }
}

fn never_ran(drawn: &Drawn) -> Html {
    let text = if drawn.finished {
        format!(
            "The loop never ran an iteration: {} tasks were created and their first steps queued, but none of them ever ran.",
            drawn.timeline.lanes.len()
        )
    } else {
        "The loop has not run an iteration yet.".to_string()
    };
    html! { <p class="view-empty">{ text }</p> }
}

/// A column per iteration: the default, where the hops show. Fitted to the
/// width, the numbers are on every few columns; zoomed in, on all.
fn by_iteration(grid: &IterationGrid, zoom: Zoom) -> Html {
    let style = format!("--tl-n: {}", grid.columns.len());
    let header = grid.columns.iter().map(|c| {
        html! {
            <div class={classes!("tl-head", c.numbered.then_some("numbered"))} title={c.title.clone()}>
                <b>{ c.number }</b>
                <small class={classes!(c.time.is_none().then_some("same"))} aria-hidden={c.time.is_none().then_some("true")}>{ c.time.clone().unwrap_or_else(|| "·".into()) }</small>
            </div>
        }
    });
    let rows = grid.rows.iter().map(|row| {
        let cells = row.cells.iter().map(|cell| {
            let class = cell.shown.map(activity_class);
            html! {
                <div class={classes!("tl-cell", class, cell.ending.as_ref().map(|e| e.class))}
                    data-iteration={cell.iteration.to_string()}
                    data-activity={class}
                    title={cell.title.clone()}>
                    { cell.ending.as_ref().map(|e| html! { <span class="tl-mark">{ e.glyph() }</span> }) }
                </div>
            }
        });
        html! {
            <div class={classes!("tl-row", super::task_class(row.lane_task))} data-task={row.lane_task.to_string()}>
                { row_label(&row.task, row.coro) }{ for cells }
            </div>
        }
    });
    let zoom = match zoom {
        Zoom::Fit => "fit",
        Zoom::In => "zoomed",
    };
    html! {
        <div class={classes!("tl-grid", "by-iteration", zoom)} {style}>
            <div class="tl-row tl-header">
                <div class="tl-label tl-corner"><b>{ "iteration" }</b><small>{ "t (s)" }</small></div>
                { for header }
            </div>
            { for rows }
        </div>
    }
}

fn task_class(lane: &Lane) -> String {
    super::task_class(lane.task.0)
}

/// Bars proportional to virtual time: sleeps overlap, steps are instants.
fn by_time(drawn: &Drawn) -> Html {
    let timeline: &Timeline = &drawn.timeline;
    let end = timeline.end_time;
    if end <= 0.0 {
        return html! {
            <p class="view-empty">{ "All of this run happens at t=0.000: no timer ever fires, so only the iteration axis shows its order." }</p>
        };
    }
    let pct = |t: f64| t / end * 100.0;
    let tick_times: Vec<f64> = (0..=4).map(|i| end * f64::from(i) / 4.0).collect();
    let ticks: Html = tick_times
        .iter()
        .zip(times_text(&tick_times))
        .map(|(t, text)| html! { <span class="tl-tick" style={format!("left: {:.3}%", pct(*t))}>{ text }</span> })
        .collect();
    let rows: Html = timeline
        .lanes
        .iter()
        .take(MAX_ROWS)
        .zip(&drawn.endings)
        .map(|(lane, end_mark)| {
            let bars: Html = lane
                .spans
                .iter()
                .map(|s| {
                    let [from, to] = crate::time_text::times_text_of([s.from_time, s.to_time]);
                    let title = format!(
                        "{}: {} from t={from} to t={to} (iterations {}–{})",
                        lane.task,
                        describe(s.activity),
                        s.from_iteration,
                        s.to_iteration
                    );
                    let style = format!("left: {:.3}%; width: {:.3}%", pct(s.from_time), pct(s.to_time - s.from_time));
                    html! { <div class={classes!("tl-bar", activity_class(s.activity))} {style} {title}></div> }
                })
                .collect();
            let mark = end_mark.as_ref().zip(lane.spans.last()).map(|(ending, last)| {
                html! {
                    <span class={classes!("tl-end", ending.class)} style={format!("left: {:.3}%", pct(last.to_time))}
                        title={format!("{} {} at t={}", lane.task, ending.how, crate::time_text::times_text_of([last.to_time])[0])}>{ ending.glyph() }</span>
                }
            });
            html! {
                <div class={classes!("tl-row", task_class(lane))} data-task={lane.task.0.to_string()}>
                    { row_label(&lane.task.to_string(), lane.coro) }
                    <div class="tl-track">{ bars }{ mark }</div>
                </div>
            }
        })
        .collect();
    let processes: Html = timeline.processes.iter().map(|lane| process_row(lane, &pct)).collect();
    html! {
        <div class="tl-grid by-time">
            <div class="tl-row tl-header">
                <div class="tl-label tl-corner"><small>{ "t (s)" }</small></div>
                <div class="tl-track tl-ticks">{ ticks }</div>
            </div>
            { processes }
            { rows }
        </div>
    }
}
