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
//! - When the page's rendering between two slices took longer than a slice
//!   (thousands of new lines to lay out), the next slice is as long as that
//!   rendering, up to [`MAX_SLICE_MS`]: a run that is behind gets at least
//!   half of the time to catch up, instead of 8 ms per long frame.
//! - A slice may print up to [`LINES_PER_SLICE`] lines: the console keeps
//!   only the newest 5,000, so a flood of lines costs one frame's rendering
//!   rather than one per thousand lines (a frame's cost is mostly fixed).
//! - Rendering never runs in the timer's task: what a timer-woken slice
//!   printed is reported in the next animation frame, so the next deadline's
//!   timer is never held up by the DOM.
//! - Virtual time `t` is due at `start + t / speed` on the wall clock, computed
//!   from the run's start each time so that lateness never accumulates.
//! - While the loop sleeps until its timer, the clock the page shows moves
//!   with the wall clock, one report per animation frame, up to the
//!   deadline; the loop's own clock stays exact (it jumps to the deadline
//!   when the timer fires). Each report says how far behind its schedule
//!   the run is (the page says when it cannot keep up with real time).
//! - Stop reports at once, with the virtual time the page showed; freeing
//!   the run's tasks (100,000 of them take tens of milliseconds) waits until
//!   the page has painted the stopped run.
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
/// The longest slice, after slow rendering: the page still paints at least
/// every `MAX_SLICE_MS` plus its rendering.
pub const MAX_SLICE_MS: f64 = 48.0;
/// Handles per `Run::step` call, between looks at the clock. A handle of an
/// interpreted task takes tens of microseconds in wasm (more before V8 has
/// optimized the code): 256 of them overran an 8 ms slice several times over.
const STEP_BUDGET: usize = 64;
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
    clock: Clock,
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
    /// When the last slice yielded to the browser with work still ready (to
    /// render what it printed), if the next slice has not run yet.
    yielded_at: Option<f64>,
    done: bool,
    /// Where freeing a stopped run's tasks has got to.
    release: Release,
    report: Callback<Action>,
    channel: MessageChannel,
    on_message: Option<Closure<dyn FnMut()>>,
    on_frame: Option<Closure<dyn FnMut()>>,
    /// The requested animation frame, to cancel on drop.
    frame: Option<i32>,
    on_visibility: Option<Closure<dyn FnMut()>>,
}

/// Freeing a stopped run's tasks (`run.stop()`: tens of milliseconds for
/// 100,000) waits until the page has painted the stopped run. Yew renders
/// in microtasks, but after 16 ms of rendering it goes on in a
/// `setTimeout(0)`, so: a timeout of our own (after Yew's), then a frame
/// (which paints what Yew rendered), then a message (after the paint).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Release {
    NotStopped,
    AfterRender,
    AfterPaint,
    Released,
}

/// How long a slice runs when the browser took `browser_ms` since the last
/// slice yielded (rendering its lines, and any idle time to the next frame);
/// `None` after a timer or at the start. As long as the browser took, so that
/// a run with work ready keeps at least half of the time, within
/// [`SLICE_MS`]..=[`MAX_SLICE_MS`]. Measured (`e2e/tests/bench.rs`, many-tasks
/// count=10000 at 1x, 6 runs each, alternating, 2 loaded cores): #elapsed
/// median 2.54 s with 8 ms slices, 1.06 s with these; layout and style
/// 0.6-1.7 s -> 0.24-0.6 s (fewer frames, each with more lines).
pub fn slice_ms(browser_ms: Option<f64>) -> f64 {
    browser_ms.map_or(SLICE_MS, |ms| ms.clamp(SLICE_MS, MAX_SLICE_MS))
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
    Clock::new().now()
}

/// `performance.now()` with the `Performance` object looked up once: a slice
/// reads the clock after every step, thousands of times (looking it up each
/// time took about half of a slice of `many-tasks` count=100000).
struct Clock(Option<web_sys::Performance>);

impl Clock {
    fn new() -> Clock {
        Clock(web_sys::window().and_then(|w| w.performance()))
    }

    fn now(&self) -> f64 {
        self.0.as_ref().map_or(0.0, |p| p.now())
    }
}

impl Driver {
    /// Starts `run` at `speed`; progress is reported as [`Action`]s.
    pub fn start(run: Run, speed: Speed, report: Callback<Action>) -> Driver {
        let channel = MessageChannel::new().expect("every supported browser has MessageChannel");
        let clock = Clock::new();
        let started = clock.now();
        let inner = Rc::new(RefCell::new(Inner {
            run,
            clock,
            speed,
            origin: started,
            started,
            cursor: 0,
            pending: Vec::new(),
            cursor_lines: 0,
            reported_time: 0.0,
            timer: None,
            deadline: None,
            yielded_at: None,
            done: false,
            release: Release::NotStopped,
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

    /// Stop: the timer is dropped, nothing more runs, the console says so
    /// at once, at the virtual time it showed. The run's tasks are freed
    /// after the page has painted that (`Run::stop` frees them).
    pub fn stop(&self) {
        let actions = {
            let mut me = self.inner.borrow_mut();
            if me.done {
                return;
            }
            // Stopped mid-sleep, the loop's clock goes to where the page's
            // got: CPython's monotonic clock moves while `select()` waits.
            // No deadline is passed, so nothing becomes due.
            let shown = me.shown_time();
            me.run.advance_to(shown);
            me.timer = None;
            me.deadline = None;
            let actions = me.finish_at(shown);
            if let (Some(window), Some(frame)) = (web_sys::window(), me.frame.take()) {
                let _ = window.cancel_animation_frame(frame);
            }
            me.release = Release::AfterRender;
            let weak = Rc::downgrade(&self.inner);
            me.timer = Some(Timeout::new(0, move || pump(&weak, Wake::Timer)));
            actions
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
            // Where the shown clock is (mid-sleep, past the loop's clock).
            let shown = me.shown_time();
            let wall = me.clock.now();
            me.origin = match speed.factor() {
                Some(f) => wall - shown / f * 1000.0,
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

/// The virtual time to show at wall time `wall`: while the loop sleeps until
/// `deadline`, where the wall clock has got to at this speed (never before
/// the loop's clock, never past the deadline); otherwise the loop's clock.
fn shown_time(loop_time: f64, deadline: Option<f64>, speed: Speed, origin: f64, wall: f64) -> f64 {
    match (deadline, speed.factor()) {
        (Some(deadline), Some(f)) => ((wall - origin) * f / 1000.0).clamp(loop_time, deadline.max(loop_time)),
        _ => loop_time,
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
            // Stopped: free the run's tasks once the page has painted that.
            match (me.release, wake) {
                (Release::AfterRender, Wake::Timer) => {
                    me.timer = None;
                    me.release = Release::AfterPaint;
                    me.post();
                }
                (Release::AfterPaint, Wake::Frame) => me.post_message(),
                (Release::AfterPaint, Wake::Message) => {
                    me.release = Release::Released;
                    me.run.stop();
                }
                _ => {}
            }
            return;
        }
        if me.timer.is_some() {
            // Sleeping until the timer: report what the last slice printed
            // and the clock as it moves, every frame while the tab shows.
            let actions = me.printed().into_iter().collect();
            if wake == Wake::Frame {
                me.request_frame();
            }
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
    match next {
        Next::Yield => inner.borrow_mut().post(),
        // The clock the page shows moves while the loop sleeps.
        Next::Wait => {
            inner.borrow_mut().request_frame();
        }
        Next::Finished => {}
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
        if !self.request_frame() {
            self.post_message();
        }
    }

    /// Asks for the next animation frame, unless the tab is hidden (it gets
    /// none) or one is asked for already. Whether a frame will come.
    fn request_frame(&mut self) -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        if window.document().is_some_and(|d| d.hidden()) {
            return false;
        }
        if self.frame.is_some() {
            return true;
        }
        let Some(f) = &self.on_frame else {
            return false;
        };
        match window.request_animation_frame(f.as_ref().unchecked_ref()) {
            Ok(id) => {
                self.frame = Some(id);
                true
            }
            Err(_) => false,
        }
    }

    fn post_message(&self) {
        let _ = self.channel.port1().post_message(&JsValue::NULL);
    }

    /// The virtual time the page shows now (see [`shown_time`]).
    fn shown_time(&self) -> f64 {
        let deadline = if self.timer.is_some() { self.deadline } else { None };
        shown_time(self.run.time(), deadline, self.speed, self.origin, self.clock.now())
    }

    /// How far behind its schedule the run is: the wall time since its
    /// loop's clock was due (0 while it sleeps: it is ahead, and waits).
    fn late_ms(&self) -> f64 {
        match self.speed.factor() {
            Some(f) if self.timer.is_none() => {
                (self.clock.now() - (self.origin + self.run.time() / f * 1000.0)).max(0.0)
            }
            _ => 0.0,
        }
    }

    fn slice(&mut self, weak: &Weak<RefCell<Inner>>) -> Next {
        let slice_start = self.clock.now();
        let slice_ms = slice_ms(self.yielded_at.take().map(|yielded| slice_start - yielded));
        loop {
            let progress = self.run.step(STEP_BUDGET);
            self.collect_lines();
            let wall = self.clock.now();
            match progress {
                Progress::Busy => {}
                Progress::WaitUntil(deadline) => {
                    let wait = match self.speed.factor() {
                        None => 0.0,
                        Some(f) => self.origin + deadline / f * 1000.0 - wall,
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
            if wall - slice_start >= slice_ms || self.pending.len() >= LINES_PER_SLICE {
                self.yielded_at = Some(wall);
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
        !self.pending.is_empty() || self.shown_time() != self.reported_time
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
        let virtual_time = self.shown_time();
        self.reported_time = virtual_time;
        Some(Action::Printed {
            lines: std::mem::take(&mut self.pending),
            virtual_time,
            wall_ms: self.clock.now() - self.started,
            sleeping_until: if self.timer.is_some() { self.deadline } else { None },
            late_ms: self.late_ms(),
        })
    }

    fn finish(&mut self) -> Vec<Action> {
        let time = self.run.time();
        self.finish_at(time)
    }

    /// The last report: what is left to print, then how it ended, with
    /// `virtual_time` as the time it ended at.
    fn finish_at(&mut self, virtual_time: f64) -> Vec<Action> {
        let mut actions: Vec<Action> = self.printed().into_iter().collect();
        self.done = true;
        let wall_ms = self.clock.now() - self.started;
        let state = self.run.ending().map_or(RunState::Stopped, RunState::of);
        actions.push(Action::Finished { state, notes: self.run.notes(), virtual_time, wall_ms });
        actions
    }
}

/// Work that would freeze the page if done at once (the Steps tab running a
/// program with `n=10000000` to its next step), done in slices of about
/// [`SLICE_MS`], one per animation frame, until `work` answers that nothing
/// is left (`false`). Dropping it stops it. A hidden tab gets no frames: the
/// work waits until the tab is shown again.
pub struct Slices {
    state: Rc<RefCell<SliceState>>,
}

struct SliceState {
    work: Box<dyn FnMut() -> bool>,
    frame: Option<i32>,
    on_frame: Option<Closure<dyn FnMut()>>,
}

/// Starts `work` in slices; see [`Slices`].
pub fn in_slices(work: impl FnMut() -> bool + 'static) -> Slices {
    let state = Rc::new(RefCell::new(SliceState { work: Box::new(work), frame: None, on_frame: None }));
    let weak: Weak<RefCell<SliceState>> = Rc::downgrade(&state);
    let on_frame = Closure::<dyn FnMut()>::new(move || {
        let Some(state) = weak.upgrade() else { return };
        let clock = Clock::new();
        let start = clock.now();
        // The work runs with the state not borrowed: what it changes may render the page,
        // which asks `is_running`.
        let mut work = {
            let mut s = state.borrow_mut();
            s.frame = None;
            std::mem::replace(&mut s.work, Box::new(|| false))
        };
        let mut more = true;
        while more && clock.now() - start < SLICE_MS {
            more = work();
        }
        state.borrow_mut().work = work;
        if more {
            request_slice(&state);
        }
    });
    state.borrow_mut().on_frame = Some(on_frame);
    request_slice(&state);
    Slices { state }
}

fn request_slice(state: &Rc<RefCell<SliceState>>) {
    let mut s = state.borrow_mut();
    let Some(window) = web_sys::window() else { return };
    let Some(f) = &s.on_frame else { return };
    if let Ok(id) = window.request_animation_frame(f.as_ref().unchecked_ref()) {
        s.frame = Some(id);
    }
}

impl Slices {
    /// Whether more slices are to come (false once `work` has said it is done).
    pub fn is_running(&self) -> bool {
        self.state.borrow().frame.is_some()
    }
}

impl Drop for Slices {
    fn drop(&mut self) {
        if let (Some(id), Some(window)) = (self.state.borrow_mut().frame.take(), web_sys::window()) {
            let _ = window.cancel_animation_frame(id);
        }
    }
}
