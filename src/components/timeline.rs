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
//! second. Big runs are capped to [`MAX_ROWS`] x [`MAX_COLUMNS`] cells.

use std::rc::Rc;

use playground::examples::{Example, Params};
use playground::trace::{Activity, Lane, Outcome, Timeline, Trace};
use playground::{Progress, Run};
use yew::prelude::*;

use crate::state::RunState;

/// Task rows drawn at most.
pub const MAX_ROWS: usize = 60;
/// Iteration columns drawn at most.
pub const MAX_COLUMNS: usize = 80;
/// Task colours in the stylesheet (`task-c0` ...), as the console uses them.
/// While the console runs, the timeline is redone at most this often, and
/// less often for big traces (a replay of a million events takes a while).
const REFRESH_MS: f64 = 400.0;
const EVENTS_PER_REFRESH_MS: f64 = 100.0;

/// Runs `example` on a fresh loop up to virtual time `until` (to its end when
/// `None`), jumping the clock from timer to timer as the native driver does.
pub fn replay(example: &'static Example, params: &Params, until: Option<f64>) -> Run {
    let mut run = Run::new(example, params);
    loop {
        match run.step(usize::MAX) {
            Progress::Busy => {}
            Progress::WaitUntil(when) if until.is_none_or(|u| when <= u) => run.advance_to(when),
            Progress::WaitUntil(_) | Progress::Finished(_) => return run,
        }
    }
}

/// What the timeline of a run looks like, with the tasks' results as text.
#[derive(PartialEq)]
pub struct Drawn {
    pub timeline: Timeline,
    /// Each lane's ending as shown at its end (`✓ returned 16`).
    pub endings: Vec<Option<(&'static str, String)>>,
    /// How long the trace was.
    pub events: usize,
    /// The replay ran to the program's end.
    pub finished: bool,
}

impl Drawn {
    pub fn of(run: &Run) -> Drawn {
        let trace = run.trace();
        let timeline = Timeline::of(&trace);
        let endings = timeline.lanes.iter().take(MAX_ROWS).map(|lane| ending(&trace, lane)).collect();
        Drawn { timeline, endings, events: trace.len(), finished: run.is_finished() }
    }
}

/// The mark at the end of a done task's row: class and tooltip.
fn ending(trace: &Trace, lane: &Lane) -> Option<(&'static str, String)> {
    Some(match lane.outcome? {
        Outcome::Returned(r) => ("returned", format!("returned {}", trace.text(r))),
        Outcome::Raised(e) => ("raised", format!("raised {}", trace.text(e))),
        Outcome::Cancelled => ("cancelled", "cancelled".to_string()),
    })
}

fn glyph(class: &str) -> &'static str {
    match class {
        "returned" => "✓",
        "raised" => "✗",
        _ => "⊘",
    }
}

fn activity_class(activity: Activity) -> &'static str {
    match activity {
        Activity::Ready => "ready",
        Activity::Running => "running",
        Activity::Waiting(_) => "waiting",
    }
}

/// The one activity a cell is drawn as: running if the task ran in that
/// iteration at all (it ran, then waited), else what it ended the iteration
/// doing (woken while waiting: ready).
fn cell_activity(did: &[Activity]) -> Option<Activity> {
    did.iter().find(|a| **a == Activity::Running).or(did.last()).copied()
}

fn describe(activity: Activity) -> String {
    match activity {
        Activity::Ready => "in the ready queue".to_string(),
        Activity::Running => "running".to_string(),
        Activity::Waiting(on) => format!("waiting for {on}"),
    }
}

#[derive(Properties)]
pub struct TimelineViewProps {
    pub example: &'static Example,
    /// The parameters the console runs with (`None` while a field is invalid).
    pub params: Option<Params>,
    /// The console's run: idle and done show the whole run, running and
    /// stopped show it up to `virtual_time`.
    pub state: RunState,
    pub virtual_time: f64,
    pub wall_ms: f64,
}

impl PartialEq for TimelineViewProps {
    fn eq(&self, other: &Self) -> bool {
        self.example.id == other.example.id
            && self.params == other.params
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

#[function_component(TimelineView)]
pub fn timeline_view(props: &TimelineViewProps) -> Html {
    let axis = use_state(|| Axis::Iterations);
    // (what it was computed for, when, the timeline)
    let snapshot = use_mut_ref(|| None::<((&'static str, Params, Option<u64>), f64, Rc<Drawn>)>);

    let Some(params) = props.params.clone() else {
        return html! {
            <section id="timeline" class="timeline-panel panel" aria-label="Timeline">
                <p class="view-empty">{ "Fix the parameters above to see the timeline." }</p>
            </section>
        };
    };
    let until = match props.state {
        RunState::Running | RunState::Stopped => Some(props.virtual_time),
        _ => None,
    };
    let key = (props.example.id, params.clone(), until.map(f64::to_bits));
    let drawn = {
        let mut snapshot = snapshot.borrow_mut();
        let fresh = match &*snapshot {
            Some((k, at, drawn)) => {
                *k == key
                    || (props.state == RunState::Running
                        && k.2.is_some()
                        && k.0 == key.0
                        && k.1 == key.1
                        && props.wall_ms - at < REFRESH_MS.max(drawn.events as f64 / EVENTS_PER_REFRESH_MS))
            }
            None => false,
        };
        if !fresh {
            let run = replay(props.example, &params, until);
            let drawn = Rc::new(Drawn::of(&run));
            *snapshot = Some((key, props.wall_ms, drawn));
        }
        snapshot.as_ref().map(|s| s.2.clone()).expect("the snapshot was just taken")
    };

    let set_axis = |to: Axis| {
        let axis = axis.clone();
        Callback::from(move |_| axis.set(to))
    };
    let caption = match props.state {
        RunState::Running => "So far: the timeline follows the console's run.",
        RunState::Stopped => "Up to where the run was stopped.",
        RunState::Idle => "What Run will do with these parameters.",
        _ => "The whole run.",
    };
    let more = more(&drawn.timeline);
    html! {
        <section id="timeline" class="timeline-panel panel" aria-label="Timeline">
            <div class="view-bar">
                <span class="view-caption">{ caption }</span>
                <div class="segmented" role="group" aria-label="x axis">
                    <button type="button" id="timeline-by-iteration"
                        class={classes!((*axis == Axis::Iterations).then_some("checked"))}
                        aria-pressed={(*axis == Axis::Iterations).to_string()}
                        onclick={set_axis(Axis::Iterations)}>{ "Iterations" }</button>
                    <button type="button" id="timeline-by-time"
                        class={classes!((*axis == Axis::Time).then_some("checked"))}
                        aria-pressed={(*axis == Axis::Time).to_string()}
                        onclick={set_axis(Axis::Time)}>{ "Virtual time" }</button>
                </div>
            </div>
            <Drawing drawn={drawn} axis={*axis} />
            { legend() }
            { more }
        </section>
    }
}

#[derive(Properties)]
struct DrawingProps {
    drawn: Rc<Drawn>,
    axis: Axis,
}

impl PartialEq for DrawingProps {
    /// A snapshot never changes: while the console runs, the page re-renders
    /// on every printed batch without redrawing the same timeline.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.drawn, &other.drawn) && self.axis == other.axis
    }
}

#[function_component(Drawing)]
fn drawing(props: &DrawingProps) -> Html {
    let body = if props.drawn.timeline.lanes.is_empty() {
        html! { <p class="view-empty">{ "No task was created yet." }</p> }
    } else if props.axis == Axis::Iterations {
        by_iteration(&props.drawn)
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

fn more(timeline: &Timeline) -> Html {
    let tasks = timeline.lanes.len().saturating_sub(MAX_ROWS);
    let iterations = timeline.iterations.len().saturating_sub(MAX_COLUMNS);
    let mut parts = Vec::new();
    if tasks > 0 {
        parts.push(format!("{tasks} more tasks"));
    }
    if iterations > 0 {
        parts.push(format!("{iterations} more iterations"));
    }
    if parts.is_empty() {
        return Html::default();
    }
    html! { <p class="timeline-more">{ format!("… and {} not drawn.", parts.join(" and ")) }</p> }
}

fn row_label(lane: &Lane) -> Html {
    html! {
        <div class="tl-label" title={format!("{} {}()", lane.task, lane.coro)}>
            <b>{ lane.task.to_string() }</b>{ " " }<span>{ lane.coro }</span>
        </div>
    }
}

fn task_class(lane: &Lane) -> String {
    super::task_class(lane.task.0)
}

/// A column per iteration: the default, where the hops show.
fn by_iteration(drawn: &Drawn) -> Html {
    let timeline = &drawn.timeline;
    let iterations = &timeline.iterations[..timeline.iterations.len().min(MAX_COLUMNS)];
    let Some(first) = iterations.first().map(|i| i.number) else {
        let text = if drawn.finished {
            format!(
                "The loop never ran an iteration: {} tasks were created and their first steps queued, but none of them ever ran.",
                timeline.lanes.len()
            )
        } else {
            "The loop has not run an iteration yet.".to_string()
        };
        return html! { <p class="view-empty">{ text }</p> };
    };
    let columns = iterations.len();
    let style = format!("--tl-n: {columns}");
    let mut last_time = None;
    let header: Html = iterations
        .iter()
        .map(|it| {
            // The time only where it moved: the loop slept until a timer.
            let time = (last_time != Some(it.time)).then(|| format!("{:.3}", it.time));
            last_time = Some(it.time);
            html! {
                <div class="tl-head" title={format!("iteration {}: {} ready at t={:.3}", it.number, it.ready, it.time)}>
                    <b>{ it.number }</b>
                    <small class={classes!(time.is_none().then_some("same"))}>{ time.unwrap_or_else(|| "·".into()) }</small>
                </div>
            }
        })
        .collect();
    let rows: Html = timeline
        .lanes
        .iter()
        .take(MAX_ROWS)
        .zip(&drawn.endings)
        .map(|(lane, end)| {
            // Everything the task did in each drawn iteration, in order.
            let mut cells: Vec<Vec<Activity>> = vec![Vec::new(); columns];
            for span in &lane.spans {
                let from = span.from_iteration.max(first);
                let to = span.to_iteration.min(first + columns as u32 - 1);
                for i in from..=to {
                    cells[(i - first) as usize].push(span.activity);
                }
            }
            let done_in = lane.outcome.and(lane.spans.last()).map(|s| s.to_iteration);
            let cells: Html = cells
                .iter()
                .zip(iterations)
                .map(|(did, it)| {
                    let mark = end.as_ref().filter(|_| done_in == Some(it.number));
                    let shown = cell_activity(did);
                    let mut title = String::new();
                    if !did.is_empty() {
                        let what: Vec<String> = did.iter().map(|a| describe(*a)).collect();
                        title = format!(
                            "{} in iteration {} (t={:.3}): {}",
                            lane.task,
                            it.number,
                            it.time,
                            what.join(", then ")
                        );
                        if let Some((_, how)) = mark {
                            title.push_str(&format!(", then {how}"));
                        }
                    }
                    html! {
                        <div class={classes!("tl-cell", shown.map(activity_class), mark.map(|m| m.0))}
                            data-iteration={it.number.to_string()}
                            data-activity={shown.map(activity_class)}
                            title={(!title.is_empty()).then_some(title)}>
                            { mark.map(|m| glyph(m.0)) }
                        </div>
                    }
                })
                .collect();
            html! {
                <div class={classes!("tl-row", task_class(lane))} data-task={lane.task.0.to_string()}>
                    { row_label(lane) }{ cells }
                </div>
            }
        })
        .collect();
    html! {
        <div class="tl-grid by-iteration" {style}>
            <div class="tl-row tl-header">
                <div class="tl-label tl-corner"><b>{ "iteration" }</b><small>{ "t (s)" }</small></div>
                { header }
            </div>
            { rows }
        </div>
    }
}

/// Bars proportional to virtual time: sleeps overlap, steps are instants.
fn by_time(drawn: &Drawn) -> Html {
    let timeline = &drawn.timeline;
    let end = timeline.end_time;
    if end <= 0.0 {
        return html! {
            <p class="view-empty">{ "All of this run happens at t=0.000: no timer ever fires, so only the iteration axis shows its order." }</p>
        };
    }
    let pct = |t: f64| t / end * 100.0;
    let ticks: Html = (0..=4)
        .map(|i| {
            let t = end * f64::from(i) / 4.0;
            html! { <span class="tl-tick" style={format!("left: {:.3}%", pct(t))}>{ format!("{t:.3}") }</span> }
        })
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
                    let title = format!(
                        "{}: {} from t={:.3} to t={:.3} (iterations {}–{})",
                        lane.task,
                        describe(s.activity),
                        s.from_time,
                        s.to_time,
                        s.from_iteration,
                        s.to_iteration
                    );
                    let style = format!("left: {:.3}%; width: {:.3}%", pct(s.from_time), pct(s.to_time - s.from_time));
                    html! { <div class={classes!("tl-bar", activity_class(s.activity))} {style} {title}></div> }
                })
                .collect();
            let mark = end_mark.as_ref().zip(lane.spans.last()).map(|((class, how), last)| {
                html! {
                    <span class={classes!("tl-end", *class)} style={format!("left: {:.3}%", pct(last.to_time))}
                        title={format!("{} {how} at t={:.3}", lane.task, last.to_time)}>{ glyph(class) }</span>
                }
            });
            html! {
                <div class={classes!("tl-row", task_class(lane))} data-task={lane.task.0.to_string()}>
                    { row_label(lane) }
                    <div class="tl-track">{ bars }{ mark }</div>
                </div>
            }
        })
        .collect();
    html! {
        <div class="tl-grid by-time">
            <div class="tl-row tl-header">
                <div class="tl-label tl-corner"><small>{ "t (s)" }</small></div>
                <div class="tl-track tl-ticks">{ ticks }</div>
            </div>
            { rows }
        </div>
    }
}
