//! The Timeline tab's model: a replay of the example read off its trace
//! ([`Drawn`]), and the grid the "Iterations" axis draws of it
//! ([`IterationGrid`]): one column per iteration, one row per task, what each
//! cell shows and says. Plain Rust; `components/timeline.rs` only draws it.

use playground::examples::Example;
use playground::trace::{Activity, Lane, Outcome, Timeline, Trace};
use playground::{Progress, Run};

use crate::loop_session::awaited_text;
use crate::program::Program;
use crate::time_text::times_text;

/// Task rows drawn at most.
pub const MAX_ROWS: usize = 60;
/// Iteration columns drawn at most.
pub const MAX_COLUMNS: usize = 80;
/// Fitted to the width, at most about this many columns are numbered (every
/// 2nd, 5th, 10th... when there are more), so the numbers never overlap.
const MAX_NUMBERED: usize = 12;

/// An edited program may run for ever (`while True: await asyncio.sleep(0)`)
/// or compute for ever between two iterations of the loop (`while True:
/// pass`), where no deadline stops its replay: it stops after this many
/// steps (an iteration, or a slice of the program's own work, about 20,000
/// jumps: `vm::SLICE_BUDGET`)...
pub const MAX_REPLAY_STEPS: usize = 20_000;
/// ... or this many slices in a row within one iteration, so that the
/// Timeline never holds the page up for long. The lecture's programs end
/// well before either.
pub const MAX_REPLAY_SLICES: usize = 50;

/// Runs `program` on a fresh loop up to virtual time `until` (to its end when
/// `None`), jumping the clock from timer to timer as the native driver does;
/// an edited program at most [`MAX_REPLAY_STEPS`] and [`MAX_REPLAY_SLICES`].
pub fn replay(example: &'static Example, program: impl Into<Program>, until: Option<f64>) -> Run {
    let program = program.into();
    let capped = program.is_edited();
    let mut run = program.start(example);
    let (mut steps, mut slices, mut iteration) = (0, 0, 0);
    loop {
        match run.step(usize::MAX) {
            Progress::Busy => {}
            Progress::WaitUntil(when) if until.is_none_or(|u| when <= u) => run.advance_to(when),
            // A replay carries no connection outside the run (echo-client shows no timeline).
            Progress::WaitUntil(_) | Progress::WaitOutside { .. } | Progress::Finished(_) => return run,
        }
        let now = run.event_loop().iteration();
        // The run's end (100,000 tasks freed a part per step) is no runaway program.
        slices = if run.is_ending() {
            0
        } else if now == iteration {
            slices + 1
        } else {
            0
        };
        iteration = now;
        steps += 1;
        if capped && (steps >= MAX_REPLAY_STEPS || slices >= MAX_REPLAY_SLICES) {
            return run;
        }
    }
}

/// What the timeline of a run looks like, with the tasks' results as text.
#[derive(Debug, PartialEq)]
pub struct Drawn {
    pub timeline: Timeline,
    /// Each drawn lane's ending as shown at its end (`✓ returned 16`).
    pub endings: Vec<Option<Ending>>,
    /// How long the trace was.
    pub events: usize,
    /// The replay ran to the program's end.
    pub finished: bool,
}

/// The mark at the end of a done task's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Ending {
    /// `returned`, `raised` or `cancelled`.
    pub class: &'static str,
    /// `returned 16`.
    pub how: String,
}

impl Ending {
    pub fn glyph(&self) -> &'static str {
        match self.class {
            "returned" => "✓",
            "raised" => "✗",
            _ => "⊘",
        }
    }
}

impl Drawn {
    pub fn of(run: &Run) -> Drawn {
        let trace = run.trace();
        let timeline = Timeline::of(&trace);
        let endings = timeline.lanes.iter().take(MAX_ROWS).map(|lane| ending(&trace, lane)).collect();
        Drawn { timeline, endings, events: trace.len(), finished: run.is_finished() }
    }

    /// "… and 940 more tasks and 3 more iterations not drawn." when capped.
    pub fn not_drawn(&self) -> Option<String> {
        let tasks = self.timeline.lanes.len().saturating_sub(MAX_ROWS);
        let iterations = self.timeline.iterations.len().saturating_sub(MAX_COLUMNS);
        let mut parts = Vec::new();
        if tasks > 0 {
            parts.push(format!("{tasks} more tasks"));
        }
        if iterations > 0 {
            parts.push(format!("{iterations} more iterations"));
        }
        (!parts.is_empty()).then(|| format!("… and {} not drawn.", parts.join(" and ")))
    }
}

fn ending(trace: &Trace, lane: &Lane) -> Option<Ending> {
    Some(match lane.outcome? {
        Outcome::Returned(r) => Ending { class: "returned", how: format!("returned {}", trace.text(r)) },
        Outcome::Raised(e) => Ending { class: "raised", how: format!("raised {}", trace.text(e)) },
        Outcome::Cancelled => Ending { class: "cancelled", how: "cancelled".into() },
    })
}

/// The CSS class of an activity (`ready`, `running`, `waiting`).
pub fn activity_class(activity: Activity) -> &'static str {
    match activity {
        Activity::Ready => "ready",
        Activity::Running => "running",
        Activity::Waiting(_) => "waiting",
    }
}

/// An activity in words, for tooltips.
pub fn describe(activity: Activity) -> String {
    match activity {
        Activity::Ready => "in the ready queue".to_string(),
        Activity::Running => "running".to_string(),
        Activity::Waiting(on) => format!("waiting for {}", awaited_text(&on)),
    }
}

/// The "Iterations" axis: a column per iteration, where the hops show.
#[derive(Clone, Debug, PartialEq)]
pub struct IterationGrid {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// An iteration's column head.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub number: u32,
    /// The virtual time, only where it moved (the loop slept until a timer).
    pub time: Option<String>,
    /// Numbered when the grid is fitted to the width (every column is when
    /// zoomed in).
    pub numbered: bool,
    pub title: String,
}

/// A task's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub lane_task: u32,
    /// `Task-1`.
    pub task: String,
    pub coro: &'static str,
    pub cells: Vec<Cell>,
}

/// What a task did in one iteration.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub iteration: u32,
    /// What the cell is drawn as: running if the task ran in that iteration
    /// at all (it ran, then waited), else what it ended the iteration doing.
    pub shown: Option<Activity>,
    /// The task ended in this iteration, so: ✓, ✗ or ⊘.
    pub ending: Option<Ending>,
    /// Everything it did there, in words.
    pub title: Option<String>,
}

impl IterationGrid {
    /// The grid of the first [`MAX_ROWS`] tasks and [`MAX_COLUMNS`]
    /// iterations; `None` when the loop never ran an iteration.
    pub fn of(drawn: &Drawn) -> Option<IterationGrid> {
        let timeline = &drawn.timeline;
        let iterations = &timeline.iterations[..timeline.iterations.len().min(MAX_COLUMNS)];
        let first = iterations.first()?.number;
        let count = iterations.len();
        let times = times_text(&iterations.iter().map(|it| it.time).collect::<Vec<_>>());
        let every = [1, 2, 5, 10, 20, 50].into_iter().find(|k| count.div_ceil(*k) <= MAX_NUMBERED).unwrap_or(100);
        let columns = iterations
            .iter()
            .zip(&times)
            .enumerate()
            .map(|(i, (it, time))| {
                let moved = i == 0 || iterations[i - 1].time != it.time;
                Column {
                    number: it.number,
                    time: moved.then(|| time.clone()),
                    // Every column has room for its number when all are
                    // numbered; otherwise a number runs over the columns
                    // after it, so none is put on the last two.
                    numbered: i == 0 || (it.number % every as u32 == 0 && (every == 1 || i + 2 < count)),
                    title: format!("iteration {}: {} ready at t={time}", it.number, it.ready),
                }
            })
            .collect();
        let rows = timeline
            .lanes
            .iter()
            .take(MAX_ROWS)
            .zip(&drawn.endings)
            .map(|(lane, end)| {
                // Everything the task did in each drawn iteration, in order.
                let mut did: Vec<Vec<Activity>> = vec![Vec::new(); count];
                for span in &lane.spans {
                    let from = span.from_iteration.max(first);
                    let to = span.to_iteration.min(first + count as u32 - 1);
                    for i in from..=to {
                        did[(i - first) as usize].push(span.activity);
                    }
                }
                let done_in = lane.outcome.and(lane.spans.last()).map(|s| s.to_iteration);
                let cells = did
                    .iter()
                    .zip(iterations)
                    .zip(&times)
                    .map(|((did, it), time)| {
                        let ending = end.clone().filter(|_| done_in == Some(it.number));
                        let title = (!did.is_empty()).then(|| {
                            let what: Vec<String> = did.iter().map(|a| describe(*a)).collect();
                            let mut title = format!(
                                "{} in iteration {} (t={time}): {}",
                                lane.task,
                                it.number,
                                what.join(", then ")
                            );
                            if let Some(ending) = &ending {
                                title.push_str(&format!(", then {}", ending.how));
                            }
                            title
                        });
                        let shown = did.iter().find(|a| **a == Activity::Running).or(did.last()).copied();
                        Cell { iteration: it.number, shown, ending, title }
                    })
                    .collect();
                Row { lane_task: lane.task.0, task: lane.task.to_string(), coro: lane.coro, cells }
            })
            .collect();
        Some(IterationGrid { columns, rows })
    }
}
