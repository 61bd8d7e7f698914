//! The timeline view's model: for every task, what it was doing in each
//! iteration of the loop (waiting in the ready queue, running, or waiting
//! for a future), read off the trace. Plain data, so the page only draws it.
//!
//! Its x axis can be the iteration number, which shows the hops of
//! `ASYNCIO.md` (a task woken in iteration N runs in N+1), or virtual time,
//! which shows the sleeps overlapping.

use super::{Awaited, Blocking, CallbackName, EventKind, Outcome, ProcessId, TaskId, Trace};

/// What a task is doing during a span.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activity {
    /// Its step is in the ready queue.
    Ready,
    /// Its coroutine is running (a step takes no virtual time).
    Running,
    /// Suspended until this is done.
    Waiting(Awaited),
}

/// What an event changes about one task, as the views read it off the trace:
/// the timeline draws every change, the step-by-step view shows the last.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TaskChange {
    /// The task was created; its first step is queued.
    Created { coro: &'static str },
    /// The task is now doing this.
    Now(Activity),
    /// The task finished.
    Done(Outcome),
}

impl EventKind {
    /// The task this event changes, and how (`None` for events of the loop).
    pub fn task_change(&self) -> Option<(TaskId, TaskChange)> {
        Some(match *self {
            EventKind::TaskCreated { task, coro } => (task, TaskChange::Created { coro }),
            EventKind::HandleRun {
                callback: CallbackName::TaskStep(task) | CallbackName::TaskWakeup(task), ..
            } => (task, TaskChange::Now(Activity::Running)),
            EventKind::TaskWaiting { task, on } => (task, TaskChange::Now(Activity::Waiting(on))),
            // Woken: its `__wakeup` joins the ready queue.
            EventKind::Queued { callback: CallbackName::TaskWakeup(task), .. } => {
                (task, TaskChange::Now(Activity::Ready))
            }
            EventKind::TaskDone { task, outcome } => (task, TaskChange::Done(outcome)),
            _ => return None,
        })
    }
}

/// A stretch of one activity, from one iteration (and time) to another.
/// `to_iteration` is the iteration in which it ended (or the last one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub activity: Activity,
    pub from_iteration: u32,
    pub to_iteration: u32,
    pub from_time: f64,
    pub to_time: f64,
}

/// One task's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub task: TaskId,
    pub coro: &'static str,
    pub spans: Vec<Span>,
    /// How it ended, if it did.
    pub outcome: Option<Outcome>,
}

/// One iteration of `_run_once`: when it ran and how many handles it took.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Iteration {
    pub number: u32,
    pub time: f64,
    pub ready: u32,
}

/// A stretch of a program's process in a run of several: running, or blocked in a call.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProcessSpan {
    /// `None`: it ran (its code takes no virtual time); else the call it waited in.
    pub waiting: Option<Blocking>,
    pub from_time: f64,
    pub to_time: f64,
}

/// A program's row in a run of several (the server, the clients): when it waited, and in
/// which blocking call.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessLane {
    pub process: ProcessId,
    /// Its label (`server`).
    pub name: &'static str,
    pub spans: Vec<ProcessSpan>,
    /// It ended (or the run stopped it) at the end of its last span.
    pub ended: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    pub iterations: Vec<Iteration>,
    /// Tasks in creation order.
    pub lanes: Vec<Lane>,
    /// In a run of several programs, one row per program (none otherwise).
    pub processes: Vec<ProcessLane>,
    pub end_time: f64,
}

impl Timeline {
    /// Reads the timeline off a trace (of a finished run or one still going).
    pub fn of(trace: &Trace) -> Timeline {
        let processes = trace
            .processes()
            .iter()
            .enumerate()
            .map(|(i, name)| ProcessLane {
                process: ProcessId(i as u8),
                name,
                spans: vec![ProcessSpan { waiting: None, from_time: 0.0, to_time: 0.0 }],
                ended: false,
            })
            .collect();
        let mut timeline = Timeline { processes, ..Timeline::default() };
        // The iteration an event belongs to: 0 before the first one (tasks
        // created by the top-level code before the loop runs).
        let mut iteration = 0u32;
        let mut time = 0.0;
        for event in trace.events() {
            time = event.time;
            match event.kind {
                EventKind::ProcessWaiting { process, on } => timeline.process_now(process, Some(on), time),
                EventKind::ProcessRunning { process } => timeline.process_now(process, None, time),
                EventKind::ProcessEnded { process } => {
                    if let Some(lane) = timeline.processes.get_mut(process.0 as usize) {
                        if let Some(span) = lane.spans.last_mut() {
                            span.to_time = time;
                        }
                        lane.ended = true;
                    }
                }
                _ => {}
            }
            if let EventKind::Iteration { number, ready } = event.kind {
                iteration = number;
                timeline.iterations.push(Iteration { number, time, ready });
            }
            match event.kind.task_change() {
                Some((task, TaskChange::Created { coro })) => {
                    timeline.lanes.push(Lane { task, coro, spans: Vec::new(), outcome: None });
                    timeline.begin(task, Activity::Ready, iteration, time);
                }
                Some((task, TaskChange::Now(activity))) => timeline.begin(task, activity, iteration, time),
                Some((task, TaskChange::Done(outcome))) => {
                    timeline.end(task, iteration, time);
                    if let Some(lane) = timeline.lane_mut(task) {
                        lane.outcome = Some(outcome);
                    }
                }
                None => {}
            }
        }
        timeline.end_time = time;
        for lane in timeline.processes.iter_mut().filter(|l| !l.ended) {
            if let Some(span) = lane.spans.last_mut() {
                span.to_time = time;
            }
        }
        for i in 0..timeline.lanes.len() {
            let task = timeline.lanes[i].task;
            if timeline.lanes[i].outcome.is_none() {
                timeline.end(task, iteration, time);
            }
        }
        timeline
    }

    /// A process starts running (`None`) or waiting in a call.
    fn process_now(&mut self, process: ProcessId, waiting: Option<Blocking>, time: f64) {
        if let Some(lane) = self.processes.get_mut(process.0 as usize) {
            if let Some(span) = lane.spans.last_mut() {
                span.to_time = time;
            }
            lane.spans.push(ProcessSpan { waiting, from_time: time, to_time: time });
        }
    }

    fn lane_mut(&mut self, task: TaskId) -> Option<&mut Lane> {
        // Task-N is the Nth task created.
        self.lanes.get_mut((task.0 as usize).checked_sub(1)?).filter(|l| l.task == task)
    }

    /// Ends the task's current span and starts one of `activity`.
    fn begin(&mut self, task: TaskId, activity: Activity, iteration: u32, time: f64) {
        self.end(task, iteration, time);
        if let Some(lane) = self.lane_mut(task) {
            lane.spans.push(Span {
                activity,
                from_iteration: iteration,
                to_iteration: iteration,
                from_time: time,
                to_time: time,
            });
        }
    }

    fn end(&mut self, task: TaskId, iteration: u32, time: f64) {
        if let Some(span) = self.lane_mut(task).and_then(|lane| lane.spans.last_mut()) {
            span.to_iteration = iteration;
            span.to_time = time;
        }
    }

    /// The last iteration number (0 if the loop never ran).
    pub fn last_iteration(&self) -> u32 {
        self.iterations.last().map_or(0, |i| i.number)
    }

    /// What `task` was doing in `iteration`: the last span that covers it.
    pub fn activity_in(&self, task: TaskId, iteration: u32) -> Option<Activity> {
        let lane = self.lanes.get((task.0 as usize).checked_sub(1)?)?;
        lane.spans
            .iter()
            .rev()
            .find(|s| s.from_iteration <= iteration && iteration <= s.to_iteration)
            .map(|s| s.activity)
    }

    /// Whether `task` ran in `iteration`.
    pub fn ran_in(&self, task: TaskId, iteration: u32) -> bool {
        self.lanes.get((task.0 as usize).wrapping_sub(1)).is_some_and(|lane| {
            lane.spans.iter().any(|s| s.activity == Activity::Running && s.from_iteration == iteration)
        })
    }
}
