//! The browser driver: runs a [`Run`] on the page's clocks. This is the only
//! module that touches browser timers and `performance.now()`.
//!
//! - One armed timer, for the runtime's earliest deadline (never one per
//!   task: browser timers are rounded to whole milliseconds and would reorder
//!   the tasks of `many-tasks`). When it fires the virtual clock becomes
//!   exactly that deadline, as asyncio's `select()` returns at the earliest
//!   timer, so the output is the ideal CPython run's.
//! - Ready callbacks run in slices of about [`SLICE_MS`], one slice per
//!   animation frame, so every frame paints the new lines and leaves time for
//!   input and timers (nested `setTimeout(0)` would be clamped to 4 ms, and a
//!   resolved promise would not yield at all). A hidden tab gets no frames,
//!   so there the next slice is a `MessageChannel` message instead.
//! - A slice may print up to [`LINES_PER_SLICE`] lines: the console keeps
//!   only the newest 5,000, so a flood of lines costs one frame's rendering
//!   rather than one per thousand lines (a frame's cost is mostly fixed).
//! - Rendering never runs in the timer's task: what a timer-woken slice
//!   printed is reported in the next animation frame, so the next deadline's
//!   timer is never held up by the DOM.
//! - Virtual time `t` is due at `start + t / speed` on the wall clock, computed
//!   from the run's start each time so that lateness never accumulates.
//! - A hidden tab throttles timers: the page is told, so it can say that the
//!   measured time is unreliable.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use playground::{Progress, Run};
use wasm_bindgen::prelude::*;
use web_sys::MessageChannel;
use yew::Callback;

use crate::state::{Action, ConsoleLine, RunState};
use playground::link::Speed;

/// Milliseconds of stepping before the driver lets the browser paint.
pub const SLICE_MS: f64 = 8.0;
/// Handles per `Run::step` call, between looks at the clock.
const STEP_BUDGET: usize = 256;
/// The `performance.mark` set when a run's first lines go to the console.
pub const FIRST_LINE_MARK: &str = "async-playground:first-line";
/// New lines per slice: the console's `MAX_SHOWN`. A frame with more lines
/// than the console keeps renders only the newest, so a frame costs about
/// the same with 100 new lines as with 5,000 (measured: `e2e/tests/bench.rs`).
pub const LINES_PER_SLICE: usize = 5_000;

/// A run in progress in the page. Dropping it stops the run and disarms
/// every browser callback it set.
pub struct Driver {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    run: Run,
    speed: Speed,
    /// `performance.now()` when virtual time was 0 at the current speed.
    origin: f64,
    /// `performance.now()` when the run started (for the measured time).
    started: f64,
    cursor: usize,
    /// Lines printed since the last report.
    pending: Vec<ConsoleLine>,
    /// Lines reported so far.
    cursor_lines: usize,
    /// The virtual time last reported.
    reported_time: f64,
    /// The one timer, armed for `deadline`.
    timer: Option<Timeout>,
    deadline: Option<f64>,
    done: bool,
    report: Callback<Action>,
    channel: MessageChannel,
    on_message: Option<Closure<dyn FnMut()>>,
    on_frame: Option<Closure<dyn FnMut()>>,
    /// The requested animation frame, to cancel on drop.
    frame: Option<i32>,
    on_visibility: Option<Closure<dyn FnMut()>>,
}

/// What to do after a slice.
enum Next {
    /// More is ready now: yield to the browser, then step again.
    Yield,
    /// The timer is armed; nothing to do until it fires.
    Wait,
    Finished,
}

pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Driver {
    /// Starts `run` at `speed`; progress is reported as [`Action`]s.
    pub fn start(run: Run, speed: Speed, report: Callback<Action>) -> Driver {
        let channel = MessageChannel::new().expect("every supported browser has MessageChannel");
        let started = now();
        let inner = Rc::new(RefCell::new(Inner {
            run,
            speed,
            origin: started,
            started,
            cursor: 0,
            pending: Vec::new(),
            cursor_lines: 0,
            reported_time: 0.0,
            timer: None,
            deadline: None,
            done: false,
            report: report.clone(),
            channel,
            on_message: None,
            on_frame: None,
            frame: None,
            on_visibility: None,
        }));
        {
            let weak = Rc::downgrade(&inner);
            let on_message = Closure::<dyn FnMut()>::new(move || pump(&weak, Wake::Message));
            let weak = Rc::downgrade(&inner);
            let on_frame = Closure::<dyn FnMut()>::new(move || {
                if let Some(inner) = weak.upgrade() {
                    inner.borrow_mut().frame = None;
                }
                pump(&weak, Wake::Frame)
            });
            let weak = Rc::downgrade(&inner);
            let on_visibility = Closure::<dyn FnMut()>::new(move || {
                let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
                if let Some(inner) = weak.upgrade() {
                    let report = {
                        let me = inner.borrow();
                        (!me.done && hidden).then(|| me.report.clone())
                    };
                    if let Some(report) = report {
                        report.emit(Action::PageHidden);
                    }
                }
            });
            let mut me = inner.borrow_mut();
            me.channel.port2().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                let _ = document
                    .add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
            }
            me.on_message = Some(on_message);
            me.on_frame = Some(on_frame);
            me.on_visibility = Some(on_visibility);
        }
        report.emit(Action::RunStarted);
        if web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden()) {
            report.emit(Action::PageHidden);
        }
        // The first slice runs at once: an `autorun=1` link shows its first
        // lines in the page's first paint.
        pump(&Rc::downgrade(&inner), Wake::Start);
        Driver { inner }
    }

    /// Stop: the timer is dropped, nothing more runs, the console says so.
    pub fn stop(&self) {
        let actions = {
            let mut me = self.inner.borrow_mut();
            if me.done {
                return;
            }
            me.timer = None;
            me.run.stop();
            me.finish()
        };
        emit(&self.inner, actions);
    }

    /// Changes the speed mid-run: from now on virtual time runs at the new
    /// rate, continuing from where it is.
    pub fn set_speed(&self, speed: Speed) {
        let rearm = {
            let mut me = self.inner.borrow_mut();
            if me.done || me.speed == speed {
                return;
            }
            let wall = now();
            me.origin = match speed.factor() {
                Some(f) => wall - me.run.time() / f * 1000.0,
                None => wall,
            };
            me.speed = speed;
            // The armed timer was for the old speed: re-decide from the deadline.
            me.timer = None;
            me.deadline.take().is_some()
        };
        if rearm {
            self.inner.borrow_mut().post();
        }
    }

    pub fn is_finished(&self) -> bool {
        self.inner.borrow().done
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let mut me = self.inner.borrow_mut();
        me.timer = None;
        me.run.stop();
        me.done = true;
        me.channel.port2().set_onmessage(None);
        if let (Some(window), Some(frame)) = (web_sys::window(), me.frame.take()) {
            let _ = window.cancel_animation_frame(frame);
        }
        if let (Some(document), Some(f)) = (web_sys::window().and_then(|w| w.document()), me.on_visibility.as_ref()) {
            let _ = document.remove_event_listener_with_callback("visibilitychange", f.as_ref().unchecked_ref());
        }
    }
}

/// What woke the driver up.
#[derive(Clone, Copy, PartialEq)]
enum Wake {
    /// `Driver::start`: the first slice, reported at once (an `autorun=1`
    /// link shows its first lines in the page's first paint).
    Start,
    /// An animation frame: the page paints right after, so report.
    Frame,
    /// The `MessageChannel` (a hidden tab: no frames), so report now.
    Message,
    /// The deadline timer: step, but report in the next animation frame,
    /// so that rendering never runs in (and delays) a timer's task.
    Timer,
}

/// One slice of stepping, then report and schedule what comes next.
fn pump(weak: &Weak<RefCell<Inner>>, wake: Wake) {
    let Some(inner) = weak.upgrade() else {
        return;
    };
    let (next, actions) = {
        let mut me = inner.borrow_mut();
        if me.done {
            return;
        }
        if me.timer.is_some() {
            // Waiting for the timer: report what the last slice printed.
            let actions = if me.unreported() { me.printed().into_iter().collect() } else { Vec::new() };
            drop(me);
            emit(&inner, actions);
            return;
        }
        let next = me.slice(weak);
        let actions = match next {
            Next::Finished => me.finish(),
            _ if wake == Wake::Timer => {
                if me.unreported() {
                    me.post();
                }
                Vec::new()
            }
            _ => me.printed().into_iter().collect(),
        };
        (next, actions)
    };
    if let Next::Yield = next {
        inner.borrow_mut().post();
    }
    emit(&inner, actions);
}

/// Reports outside the borrow: a report may re-render the page, and the page
/// may call back into the driver.
fn emit(inner: &Rc<RefCell<Inner>>, actions: Vec<Action>) {
    let report = inner.borrow().report.clone();
    for action in actions {
        report.emit(action);
    }
}

impl Inner {
    /// Schedules the next slice: the next animation frame, or when the tab
    /// is hidden (no frames) a message to ourselves.
    fn post(&mut self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let hidden = window.document().is_some_and(|d| d.hidden());
        if !hidden {
            if self.frame.is_some() {
                return;
            }
            if let Some(f) = &self.on_frame {
                if let Ok(id) = window.request_animation_frame(f.as_ref().unchecked_ref()) {
                    self.frame = Some(id);
                    return;
                }
            }
        }
        let _ = self.channel.port1().post_message(&JsValue::NULL);
    }

    fn slice(&mut self, weak: &Weak<RefCell<Inner>>) -> Next {
        let slice_start = now();
        loop {
            let progress = self.run.step(STEP_BUDGET);
            self.collect_lines();
            match progress {
                Progress::Busy => {}
                Progress::WaitUntil(deadline) => {
                    let wait = match self.speed.factor() {
                        None => 0.0,
                        Some(f) => self.origin + deadline / f * 1000.0 - now(),
                    };
                    if wait > 0.0 {
                        self.arm(deadline, wait, weak);
                        return Next::Wait;
                    }
                    // Due already (instant speed, or the browser was late):
                    // the clock still lands exactly on the deadline.
                    self.run.advance_to(deadline);
                }
                Progress::Finished(_) => return Next::Finished,
            }
            if now() - slice_start >= SLICE_MS || self.pending.len() >= LINES_PER_SLICE {
                return Next::Yield;
            }
        }
    }

    fn arm(&mut self, deadline: f64, wait_ms: f64, weak: &Weak<RefCell<Inner>>) {
        let weak = weak.clone();
        self.deadline = Some(deadline);
        // Browsers fire timers at or after the delay; rounding up never fires early.
        let delay = wait_ms.ceil().min(u32::MAX as f64) as u32;
        self.timer = Some(Timeout::new(delay, move || {
            if let Some(inner) = weak.upgrade() {
                {
                    let mut me = inner.borrow_mut();
                    me.timer = None;
                    if let Some(deadline) = me.deadline.take() {
                        me.run.advance_to(deadline);
                    }
                }
                pump(&Rc::downgrade(&inner), Wake::Timer);
            }
        }));
    }

    fn collect_lines(&mut self) {
        let pending = &mut self.pending;
        self.cursor = self.run.lines_since(self.cursor, |line| pending.push(ConsoleLine::from(line)));
    }

    /// Whether lines were printed (or the clock moved) since the last report.
    fn unreported(&mut self) -> bool {
        self.collect_lines();
        !self.pending.is_empty() || self.run.time() != self.reported_time
    }

    fn printed(&mut self) -> Option<Action> {
        self.collect_lines();
        if self.cursor_lines == 0 && !self.pending.is_empty() {
            // For benchmarks: `performance.getEntriesByName(FIRST_LINE_MARK)`.
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark(FIRST_LINE_MARK);
            }
        }
        self.cursor_lines += self.pending.len();
        self.reported_time = self.run.time();
        Some(Action::Printed {
            lines: std::mem::take(&mut self.pending),
            virtual_time: self.run.time(),
            wall_ms: now() - self.started,
        })
    }

    fn finish(&mut self) -> Vec<Action> {
        self.done = true;
        let wall_ms = now() - self.started;
        let mut actions: Vec<Action> = self.printed().into_iter().collect();
        let state = self.run.ending().map_or(RunState::Stopped, RunState::of);
        actions.push(Action::Finished { state, notes: self.run.notes(), virtual_time: self.run.time(), wall_ms });
        actions
    }
}
