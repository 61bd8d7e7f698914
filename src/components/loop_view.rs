//! The event loop, stepped by hand: its own `Run` of the current example,
//! independent from the console's driver. Step runs exactly one handle
//! (`run.step(1)`); Next iteration runs the rest of `_run_once`'s
//! iteration. Beside it: the ready queue (the handles the iteration in
//! progress took at its start, then those queued during it, which wait for
//! the next iteration), the timer heap, what the last handle did and
//! printed, and every task's state.

use playground::examples::{Example, Params};
use playground::trace::{self, Activity, EventKind, Outcome, TaskId, Timeline};
use playground::{Ending, Progress, Run};
use yew::prelude::*;

/// Task colours in the stylesheet (`task-c0` ...), as the console uses them.
/// Next iteration gives up after this many handles (an iteration this long
/// is a bug in the example, not something to show step by step).
const MAX_HANDLES_PER_ITERATION: usize = 1_000_000;
/// Handles listed at most per group of the ready queue, and timers listed:
/// a gather of 100,000 tasks queues 100,000 first steps.
pub const MAX_LISTED: usize = 40;

/// What the last button press did, as the "Just ran" panel shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Happened {
    /// Each handle that ran (`None`: the top-level code, outside the loop)
    /// with what it did, in order.
    pub ran: Vec<(Option<trace::CallbackName>, Vec<Effect>)>,
    /// Handles that ran after the first [`MAX_LISTED`], not listed.
    pub more: usize,
    /// The one-line summary above them.
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// A line it printed.
    Printed { task: Option<TaskId>, text: String, stderr: bool },
    /// What it did to the loop: `call_soon(...)`, `Task-1 suspends: ...`.
    Did(String),
}

/// One stepped run and what the view knows about it.
pub struct Session {
    key: (&'static str, Params),
    pub run: Run,
    /// `step` answered `WaitUntil(t)`: the next Step moves the clock to `t`.
    pub sleeping_until: Option<f64>,
    pub happened: Happened,
}

impl Session {
    pub fn new(example: &'static Example, params: Params) -> Session {
        Session {
            run: Run::new(example, &params),
            key: (example.id, params),
            sleeping_until: None,
            happened: Happened {
                summary: "Nothing has run yet. Step runs the top-level code up to run_until_complete, then the loop's first handle.".into(),
                ..Happened::default()
            },
        }
    }

    /// Step: one handle, or the clock's jump when the loop was asleep.
    pub fn step(&mut self) {
        let from = self.run.trace().len();
        let summary = self.advance_one();
        self.happened = self.read_since(from, summary);
    }

    /// Next iteration: the handles left in the iteration in progress (or a
    /// whole new iteration when none is in progress).
    pub fn next_iteration(&mut self) {
        let from = self.run.trace().len();
        let iteration = self.run.event_loop().iteration();
        let mut summary = self.advance_one();
        for _ in 0..MAX_HANDLES_PER_ITERATION {
            let lp = self.run.event_loop();
            if self.run.is_finished() || self.sleeping_until.is_some() || lp.left_in_iteration() == 0 {
                break;
            }
            summary = self.advance_one();
        }
        let now = self.run.event_loop().iteration();
        if now != iteration && self.sleeping_until.is_none() && !self.run.is_finished() {
            summary = format!("Iteration {now} ran to its end.");
        }
        self.happened = self.read_since(from, summary);
    }

    fn advance_one(&mut self) -> String {
        if let Some(when) = self.sleeping_until.take() {
            self.run.advance_to(when);
            return format!(
                "The loop slept until the earliest timer: the clock jumped to t={when:.3}. The next Step moves due timers to the ready queue."
            );
        }
        let before = self.run.event_loop().iteration();
        match self.run.step(1) {
            Progress::Busy => {
                let lp = self.run.event_loop();
                let now = lp.iteration();
                let left = lp.left_in_iteration();
                let queued = lp.ready_callbacks().len();
                let began = if now != before {
                    format!("Iteration {now} began with the handles ready at its start, and ran the first. ")
                } else {
                    String::new()
                };
                if left > 0 {
                    format!("{began}{left} more of iteration {now} to run.")
                } else if queued > 0 {
                    format!("{began}That was iteration {now}'s last handle: the next Step begins iteration {} with the {queued} queued now.", now + 1)
                } else {
                    format!("{began}That was iteration {now}'s last handle, and nothing is queued.")
                }
            }
            Progress::WaitUntil(when) => {
                self.sleeping_until = Some(when);
                format!("Nothing is ready: the loop sleeps until t={when:.3}, the earliest timer.")
            }
            Progress::Finished(ending) => match ending {
                Ending::Completed => "The loop stopped and the top-level code ran to its end.".into(),
                Ending::Raised(e) => format!("The program stopped with an uncaught exception: {e}"),
                Ending::Hung => "Nothing is ready and no timer is set, but the loop was never stopped: CPython would wait here forever.".into(),
                Ending::Stopped => "Stopped.".into(),
            },
        }
    }

    fn read_since(&self, from: usize, summary: String) -> Happened {
        let trace = self.run.trace();
        let mut happened = Happened { summary, ..Happened::default() };
        for event in trace.events_from(from) {
            if happened.ran.is_empty() {
                happened.ran.push((None, Vec::new()));
            }
            if let EventKind::HandleRun { callback, .. } = &event.kind {
                if happened.ran.len() > MAX_LISTED {
                    happened.more += 1;
                } else {
                    happened.ran.push((Some(*callback), Vec::new()));
                }
                continue;
            }
            if happened.more > 0 {
                continue;
            }
            let effects = &mut happened.ran.last_mut().expect("a group was just pushed").1;
            let did = match &event.kind {
                EventKind::Print { task, stream, text } => {
                    effects.push(Effect::Printed {
                        task: *task,
                        text: trace.text(*text).to_string(),
                        stderr: *stream == trace::Stream::Stderr,
                    });
                    continue;
                }
                EventKind::Queued { callback, .. } => format!("call_soon({callback})"),
                EventKind::TimerSet { callback, when, .. } => format!("call_at({when:.3}, {callback})"),
                EventKind::TaskCreated { task, coro } => format!("{task} created for {coro}()"),
                EventKind::TaskWaiting { task, on } => format!("{task} suspends: waits for {on}"),
                EventKind::TaskDone { task, outcome } => match outcome {
                    Outcome::Returned(r) => format!("{task} done: returned {}", trace.text(*r)),
                    Outcome::Raised(e) => format!("{task} done: raised {}", trace.text(*e)),
                    Outcome::Cancelled => format!("{task} done: cancelled"),
                },
                EventKind::Stopped => "the loop stopped".into(),
                _ => continue,
            };
            effects.push(Effect::Did(did));
        }
        // The top-level code's group only when it did something.
        happened.ran.retain(|(handle, effects)| handle.is_some() || !effects.is_empty());
        happened
    }
}

/// The task a handle resumes, for its colour.
fn task_of(callback: &trace::CallbackName) -> Option<TaskId> {
    match callback {
        trace::CallbackName::TaskStep(t) | trace::CallbackName::TaskWakeup(t) => Some(*t),
        _ => None,
    }
}

fn task_colour(task: Option<TaskId>) -> Option<String> {
    task.map(|t| super::task_class(t.0))
}

fn handle(callback: &trace::CallbackName, extra: Option<&'static str>) -> Html {
    html! {
        <li class={classes!("handle", task_colour(task_of(callback)), extra)}>
            <code>{ callback.to_string() }</code>
        </li>
    }
}

/// A group of the ready queue, front first, at most [`MAX_LISTED`] of it.
fn listed(handles: &[trace::CallbackName], class: &'static str) -> Html {
    let shown: Html = handles.iter().take(MAX_LISTED).map(|c| handle(c, Some(class))).collect();
    let more = (handles.len() > MAX_LISTED)
        .then(|| html! { <li class="empty">{ format!("… and {} more", handles.len() - MAX_LISTED) }</li> });
    html! { <>{ shown }{ more }</> }
}

fn effect(effect: &Effect) -> Html {
    match effect {
        Effect::Printed { task, text, stderr } => html! {
            <li class={classes!("printed", task_colour(*task), stderr.then_some("stderr"))}>
                <span class="text" data-task={task.map(|t| t.0.to_string())}>{ text }</span>
            </li>
        },
        Effect::Did(text) => html! { <li class="did">{ text }</li> },
    }
}

#[derive(Properties)]
pub struct LoopViewProps {
    pub example: &'static Example,
    /// `None` while a field is invalid.
    pub params: Option<Params>,
}

impl PartialEq for LoopViewProps {
    fn eq(&self, other: &Self) -> bool {
        self.example.id == other.example.id && self.params == other.params
    }
}

#[function_component(LoopView)]
pub fn loop_view(props: &LoopViewProps) -> Html {
    let session = use_mut_ref(|| None::<Session>);
    let update = use_force_update();
    let Some(params) = props.params.clone() else {
        return html! {
            <section id="loop-view" class="loop-panel panel" aria-label="Event loop">
                <p class="view-empty">{ "Fix the parameters above to step through the event loop." }</p>
            </section>
        };
    };
    // A new example or new parameters: a new run.
    {
        let mut s = session.borrow_mut();
        if s.as_ref().is_none_or(|s| s.key != (props.example.id, params.clone())) {
            *s = Some(Session::new(props.example, params.clone()));
        }
    }
    let act = |f: fn(&mut Session)| {
        let session = session.clone();
        let update = update.clone();
        Callback::from(move |_| {
            if let Some(s) = session.borrow_mut().as_mut() {
                f(s);
            }
            update.force_update();
        })
    };
    let onstep = act(Session::step);
    let onnext = act(Session::next_iteration);
    let onrestart = {
        let example = props.example;
        let params = params.clone();
        let session = session.clone();
        let update = update.clone();
        Callback::from(move |_| {
            *session.borrow_mut() = Some(Session::new(example, params.clone()));
            update.force_update();
        })
    };

    let session = session.borrow();
    let s = session.as_ref().expect("the session was just made");
    let lp = s.run.event_loop();
    let finished = s.run.is_finished();
    let ready = lp.ready_callbacks();
    let left = lp.left_in_iteration().min(ready.len());
    let timers = lp.scheduled_callbacks();
    let timeline = Timeline::of(&s.run.trace());

    let ready_list: Html = if ready.is_empty() {
        html! { <li class="empty">{ "empty" }</li> }
    } else {
        let this: Html = listed(&ready[..left], "this-iteration");
        let heading = (left > 0).then(|| {
            html! { <li class="divider first" aria-hidden="true">{ format!("left in iteration {}", lp.iteration()) }</li> }
        });
        let next: Html = listed(&ready[left..], "next-iteration");
        let divider = (left > 0 && left < ready.len()).then(|| {
            html! { <li class="divider" aria-hidden="true">{ "queued during it: they wait for the next iteration" }</li> }
        });
        html! { <>{ heading }{ this }{ divider }{ next }</> }
    };
    let ready_note = if left > 0 {
        format!("Iteration {} still runs the first {left}; callbacks scheduled by callbacks run this time around wait for the next iteration.", lp.iteration())
    } else {
        "FIFO: call_soon appends to the back. The next iteration takes exactly the handles here at its start."
            .to_string()
    };
    let timer_list: Html = if timers.is_empty() {
        html! { <li class="empty">{ "no timers" }</li> }
    } else {
        let more = (timers.len() > MAX_LISTED)
            .then(|| html! { <li class="empty">{ format!("… and {} more", timers.len() - MAX_LISTED) }</li> });
        timers
            .iter()
            .take(MAX_LISTED)
            .map(|(when, callback)| {
                html! {
                    <li class="timer">
                        <span class="when">{ format!("t={when:.3}") }</span>
                        <code>{ callback.to_string() }</code>
                    </li>
                }
            })
            .chain(more)
            .collect()
    };
    let ran: Html = s
        .happened
        .ran
        .iter()
        .map(|(callback, effects)| {
            let who = match callback {
                Some(c) => html! { <ul class="handles ran">{ handle(c, None) }</ul> },
                None => html! { <p class="ran-script">{ "the top-level code, up to run_until_complete" }</p> },
            };
            html! {
                <div class="ran-group">
                    { who }
                    if !effects.is_empty() {
                        <ul class="effects">{ for effects.iter().map(effect) }</ul>
                    }
                </div>
            }
        })
        .collect();
    let tasks: Html = if timeline.lanes.is_empty() {
        html! { <li class="empty">{ "no tasks yet" }</li> }
    } else {
        timeline
            .lanes
            .iter()
            .take(super::timeline::MAX_ROWS)
            .map(|lane| {
                let last = lane.spans.last().map(|s| s.activity);
                let (class, state) = match (lane.outcome, last) {
                    (Some(Outcome::Returned(r)), _) => ("done", format!("✓ returned {}", s.run.trace().text(r))),
                    (Some(Outcome::Raised(e)), _) => ("raised", format!("✗ raised {}", s.run.trace().text(e))),
                    (Some(Outcome::Cancelled), _) => ("raised", "⊘ cancelled".to_string()),
                    (None, Some(Activity::Ready)) => ("ready", "ready: its step is queued".to_string()),
                    (None, Some(Activity::Running)) => ("running", "running".to_string()),
                    (None, Some(Activity::Waiting(on))) => ("waiting", format!("waiting for {on}")),
                    (None, None) => ("ready", "created".to_string()),
                };
                html! {
                    <li class={classes!("task", task_colour(Some(lane.task)), class)} data-task={lane.task.0.to_string()}>
                        <b>{ lane.task.to_string() }</b>
                        <span class="coro">{ format!("{}()", lane.coro) }</span>
                        <span class="state">{ state }</span>
                    </li>
                }
            })
            .collect()
    };
    let more_tasks = timeline.lanes.len().saturating_sub(super::timeline::MAX_ROWS);

    html! {
        <section id="loop-view" class="loop-panel panel" aria-label="Event loop">
            <div class="view-bar loop-bar">
                <div class="buttons">
                    <button type="button" id="loop-step" class="primary" disabled={finished} onclick={onstep}>{ "Step" }</button>
                    <button type="button" id="loop-next-iteration" disabled={finished} onclick={onnext}>{ "Next iteration" }</button>
                    <button type="button" id="loop-restart" onclick={onrestart}>{ "Restart" }</button>
                </div>
                <span class="clock">
                    { "Iteration " }<b id="loop-iteration">{ lp.iteration() }</b>
                    { " · t = " }<b id="loop-time">{ format!("{:.3}", s.run.time()) }</b>
                </span>
            </div>
            <p id="loop-summary" class={classes!("loop-summary", s.sleeping_until.is_some().then_some("sleeping"), finished.then_some("finished"))}>
                { &s.happened.summary }
            </p>
            <div class="loop-grid">
                <section class="loop-box ran-box" aria-label="Just ran">
                    <h4>{ "Just ran" }</h4>
                    <div class="ran-list">
                        { ran }
                        if s.happened.more > 0 {
                            <p class="ran-script">{ format!("… and {} more handles", s.happened.more) }</p>
                        }
                    </div>
                    <p class="explain">{ "A handle runs to its next await: the loop never interrupts it." }</p>
                </section>
                <section class="loop-box ready-box" aria-label="Ready queue">
                    <h4>{ "Ready queue " }<small>{ format!("({}), front first", ready.len()) }</small></h4>
                    <ol id="ready-queue" class="handles">{ ready_list }</ol>
                    <p class="explain">{ ready_note }</p>
                </section>
                <section class="loop-box timers-box" aria-label="Timers">
                    <h4>{ "Timers " }<small>{ format!("({}), earliest first", timers.len()) }</small></h4>
                    <ol id="timers" class="handles">{ timer_list }</ol>
                    <p class="explain">{ "Ordered by (when, seq). When nothing is ready, the loop sleeps until the first; due timers move to the ready queue." }</p>
                </section>
                <section class="loop-box tasks-box" aria-label="Tasks">
                    <h4>{ "Tasks" }</h4>
                    <ul id="loop-tasks" class="tasks">{ tasks }</ul>
                    if more_tasks > 0 {
                        <p class="timeline-more">{ format!("… and {more_tasks} more tasks") }</p>
                    }
                    <p class="explain">{ "A task is a coroutine wrapped by create_task: it runs only when its step is a ready handle." }</p>
                </section>
            </div>
        </section>
    }
}
