//! Lecture section "Asynchronous Programming": the same tasks in the single
//! thread synchronous model, the multi-threaded model and the asynchronous
//! model, and the lecture's picture of the three, measured from a run.
//!
//! The program (`models.py`) runs the synchronous and the asynchronous model
//! for real: computing is `time.sleep` (it blocks the thread), waiting for
//! I/O is `time.sleep` in the synchronous model and `await asyncio.sleep` in
//! the asynchronous one (the loop runs another task meanwhile). Threads
//! cannot run in a page, so the threaded model is drawn as its ideal: every
//! task on its own thread, all at once.

use super::params::{ParamKind, ParamSpec, Params};
use super::{Example, Section};
use crate::link::View;
use crate::trace::Trace;

/// One of the lecture's three models of running several tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    Synchronous,
    Threaded,
    Asynchronous,
}

impl Model {
    pub const ALL: [Model; 3] = [Model::Synchronous, Model::Threaded, Model::Asynchronous];

    /// The lecture's name for it.
    pub fn title(self) -> &'static str {
        match self {
            Model::Synchronous => "Single thread, synchronous",
            Model::Threaded => "Multi-threaded",
            Model::Asynchronous => "Asynchronous",
        }
    }

    /// How its total follows from the parameters, in words.
    pub fn rule(self) -> &'static str {
        match self {
            Model::Synchronous => "the sum of everything",
            Model::Threaded => "the longest task",
            Model::Asynchronous => "all the computing, plus the longest wait",
        }
    }
}

/// What a task does in a stretch of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    /// The CPU is busy with this task.
    Computing,
    /// The task waits for I/O (in the asynchronous model, also for the loop).
    Waiting,
}

/// A stretch of one task's lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stretch {
    /// The task's index, from 0 (`task 1` is 0).
    pub task: usize,
    pub doing: Doing,
    /// Seconds since the model's run began.
    pub start: f64,
    pub end: f64,
}

/// One model's timeline: a lane per task, and its total time.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelTimeline {
    pub model: Model,
    pub tasks: usize,
    pub stretches: Vec<Stretch>,
    /// Seconds from the model's start to its last task's end.
    pub total: f64,
    /// Measured from the run (false: the threaded model's ideal, or a run
    /// that did not get that far).
    pub measured: bool,
}

/// The totals the lecture's reasoning gives, for `tasks` tasks that each
/// compute `compute` seconds and then wait `io` seconds.
pub fn expected_total(model: Model, tasks: i64, compute: f64, io: f64) -> f64 {
    let tasks = tasks as f64;
    match model {
        Model::Synchronous => tasks * (compute + io),
        Model::Threaded => compute + io,
        // The last task starts waiting when all have computed.
        Model::Asynchronous => tasks * compute + io,
    }
}

/// Each task on its own thread, all at once: the ideal the page cannot run.
fn threaded_ideal(tasks: usize, compute: f64, io: f64) -> ModelTimeline {
    let stretches = (0..tasks)
        .flat_map(|task| {
            [
                Stretch { task, doing: Doing::Computing, start: 0.0, end: compute },
                Stretch { task, doing: Doing::Waiting, start: compute, end: compute + io },
            ]
        })
        .collect();
    ModelTimeline { model: Model::Threaded, tasks, stretches, total: compute + io, measured: false }
}

/// Reads the two models' timelines off the lines `models.py` printed and
/// their virtual times: `task N computes` starts computing, `task N waits for
/// I/O` starts waiting, `task N is done` ends it; `Synchronous model` and
/// `Asynchronous model` start each model's clock, and `... all tasks done`
/// stops it. A run cut short gives what it got to. (The program prints no
/// durations itself: CPython's real sleeps overshoot by a few milliseconds
/// each, so its figures would differ from run to run.)
fn measured(trace: &Trace, model: Model, heading: &str, summary: &str, tasks: usize) -> ModelTimeline {
    let mut timeline = ModelTimeline { model, tasks, stretches: Vec::new(), total: 0.0, measured: false };
    let mut start: Option<f64> = None;
    // The open stretch of each lane.
    let mut open: Vec<Option<Stretch>> = vec![None; tasks];
    for line in trace.lines() {
        let Some(t0) = start else {
            if line.text == heading {
                start = Some(line.time);
            }
            continue;
        };
        let t = line.time - t0;
        if line.text.starts_with(summary) {
            timeline.total = t;
            timeline.measured = true;
            break;
        }
        let Some((task, doing)) = task_line(line.text) else {
            continue;
        };
        let Some(slot) = open.get_mut(task) else {
            continue;
        };
        if let Some(mut stretch) = slot.take() {
            stretch.end = t;
            timeline.stretches.push(stretch);
        }
        *slot = doing.map(|doing| Stretch { task, doing, start: t, end: t });
        timeline.total = timeline.total.max(t);
    }
    timeline
}

/// `task 2 waits for I/O` is task 1 (from 0) starting to wait; `task 2 is done`
/// is task 1 ending (`None`).
fn task_line(text: &str) -> Option<(usize, Option<Doing>)> {
    let rest = text.strip_prefix("task ")?;
    let (number, what) = rest.split_once(' ')?;
    let task = number.parse::<usize>().ok()?.checked_sub(1)?;
    let doing = match what {
        "computes" => Some(Doing::Computing),
        "waits for I/O" => Some(Doing::Waiting),
        "is done" => None,
        _ => return None,
    };
    Some((task, doing))
}

/// The three models' timelines for a run of `models` with these parameters,
/// in the lecture's order.
pub fn timelines(params: &Params, trace: &Trace) -> Vec<ModelTimeline> {
    let tasks = params.int("tasks").max(0) as usize;
    vec![
        measured(trace, Model::Synchronous, "Synchronous model", "Synchronous model: all tasks done", tasks),
        threaded_ideal(tasks, params.seconds("compute"), params.seconds("io")),
        measured(trace, Model::Asynchronous, "Asynchronous model", "Asynchronous model: all tasks done", tasks),
    ]
}

const fn seconds_param(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    default: &'static str,
) -> ParamSpec {
    ParamSpec { name, label, help, kind: ParamKind::Seconds { min: 0.0, max: 5.0 }, default }
}

pub const MODELS: Example = Example {
    id: "models",
    title: "Three models of running tasks",
    section: Section::AsynchronousProgramming,
    lecture: |_| {
        "Tasks compute and do I/O. In the single thread synchronous model everything runs one after another, \
and a task waiting for I/O keeps the others waiting too. In the multi-threaded model tasks run in parallel. In \
the asynchronous model all tasks run in a single thread, but interleaved: when one task is blocked by I/O, the \
program switches to another, and it only blocks when no task can make progress."
            .to_string()
    },
    file_name: "models.py",
    program_text: include_str!("models.py"),
    params: &[
        ParamSpec {
            name: "tasks",
            label: "Tasks",
            help: "How many tasks each model runs.",
            kind: ParamKind::Int { min: 1, max: 10 },
            default: "3",
        },
        seconds_param("compute", "Computing (s)", "Seconds each task computes: time.sleep(COMPUTE).", "0.2"),
        seconds_param("io", "Waiting for I/O (s)", "Seconds each task then waits for I/O.", "0.8"),
    ],
    changes: &[
        "Threads cannot run in a page: the multi-threaded model is not in the program, and the Models tab \
draws it as its ideal, every task on its own thread at once.",
        "Computing is time.sleep, which blocks the whole thread as a busy CPU would.",
    ],
    notes: |p, trace| {
        let (tasks, compute, io) = (p.int("tasks"), p.seconds("compute"), p.seconds("io"));
        timelines(p, trace)
            .iter()
            .map(|t| {
                let how = if t.measured { "measured" } else { "drawn" };
                format!(
                    "{}: {:.2} s ({how}); {}: {:.2} s.",
                    t.model.title(),
                    t.total,
                    t.model.rule(),
                    expected_total(t.model, tasks, compute, io)
                )
            })
            .collect()
    },
    views: &[View::Console, View::Models],
    ..Example::BASE
};
