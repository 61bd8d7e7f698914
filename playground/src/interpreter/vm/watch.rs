//! Watching generators: what the Step view needs from the VM. A watcher (see
//! [`Interp::watch_generators`]) hears when a generator object is made, each
//! time one is resumed (`next()`, `send()`, `throw()`, a `for` loop, `yield
//! from`) and each time it leaves its frame (it yields, returns or raises);
//! [`Interp::generator_frame`] reads a suspended generator's frame as
//! CPython's `gi_frame.f_lineno` and `gi_frame.f_locals` show it.
//!
//! Only generators (`def` with `yield`) are watched, not coroutines (`async
//! def`): the event loop has views of its own. Nobody watching costs one
//! `Cell<bool>` read per resumption, suspension and call.

use std::rc::Rc;

use super::super::names::Sym;
use super::super::value::{GenKind, GenState, Generator, Value};
use super::Interp;

/// What a generator was resumed with.
#[derive(Clone, Copy, Debug)]
pub enum Sent<'a> {
    /// `next(g)` and `for` send `None`; `g.send(v)` sends `v`.
    Value(&'a Value),
    /// `g.throw(e)` (and `close()`, which throws `GeneratorExit`).
    Thrown,
}

/// How a generator left its frame.
#[derive(Clone, Copy, Debug)]
pub enum Left<'a> {
    Yielded(&'a Value),
    Returned(&'a Value),
    /// The exception object that left the frame.
    Raised(&'a Value),
}

/// Who listens to the generators of a run. Called from inside the VM, with
/// watching switched off meanwhile (whatever the watcher runs, a `repr` of a
/// local, is not watched itself).
pub trait GeneratorWatch {
    /// A generator object was made (`get_odds(100)`); it has not run yet.
    fn created(&self, interp: &Interp, gen: &Rc<Generator>);
    /// `gen` is resumed. `line` is the line of the code that resumed it, when
    /// that code is not itself a generator (`next(o)` on line 12).
    fn resumed(&self, interp: &Interp, gen: &Rc<Generator>, sent: Sent<'_>, line: Option<u32>);
    /// `gen` left its frame; when it yielded, its frame is back in it.
    fn left(&self, interp: &Interp, gen: &Rc<Generator>, how: Left<'_>);
}

/// A generator's frame as CPython's `gi_frame` shows it.
#[derive(Clone, Debug)]
pub struct FrameView {
    /// `gi_frame.f_lineno`: the line it is paused on (a `yield`), or its
    /// `def` line before it has started.
    pub line: u32,
    /// `gi_frame.f_locals`: the bound local variables, in CPython's order
    /// (parameters and locals, then cell and free variables).
    pub locals: Vec<(Sym, Value)>,
}

impl Interp {
    /// Lets `watch` hear about every generator of this run from now on.
    pub fn watch_generators(&self, watch: Rc<dyn GeneratorWatch>) {
        *self.watch.borrow_mut() = Some(watch);
        self.watching.set(true);
    }

    /// Nobody watches any more: the program's end (what it frees and closes then is no step
    /// of the program's).
    pub fn stop_watching(&self) {
        self.watching.set(false);
        self.watch.borrow_mut().take();
    }

    /// The watcher, if someone watches and `gen` is a generator; watching is
    /// off until the returned guard is dropped.
    fn watcher_for(&self, gen: &Generator) -> Option<(Rc<dyn GeneratorWatch>, WatchPause<'_>)> {
        if !self.watching.get() || gen.kind != GenKind::Generator || gen.code.is_none() {
            return None;
        }
        let watch = self.watch.borrow().clone()?;
        self.watching.set(false);
        Some((watch, WatchPause(self)))
    }

    pub(super) fn watch_created(&self, gen: &Rc<Generator>) {
        if let Some((watch, _pause)) = self.watcher_for(gen) {
            watch.created(self, gen);
        }
    }

    pub(super) fn watch_resumed(&self, gen: &Rc<Generator>, sent: Sent<'_>) {
        if let Some((watch, _pause)) = self.watcher_for(gen) {
            watch.resumed(self, gen, sent, self.call_line.take());
        }
    }

    pub(super) fn watch_left(&self, gen: &Rc<Generator>, how: Left<'_>) {
        if let Some((watch, _pause)) = self.watcher_for(gen) {
            watch.left(self, gen, how);
        }
    }

    /// Notes the line of a call made by code that is not a generator, for the
    /// next [`GeneratorWatch::resumed`] (only while someone watches).
    #[inline]
    pub(super) fn note_call_line(&self, line: u32) {
        if self.watching.get() {
            self.call_line.set(Some(line));
        }
    }

    /// The frame of a generator that is not running: `None` once it has
    /// finished (CPython's `gi_frame` is `None` then) or while it runs.
    pub fn generator_frame(&self, gen: &Generator) -> Option<FrameView> {
        if matches!(gen.state.get(), GenState::Closed | GenState::Running) {
            return None;
        }
        let frame = gen.frame.borrow();
        let frame = frame.as_ref()?;
        Some(FrameView { line: gen.line.get(), locals: frame.local_pairs() })
    }
}

/// Switches watching back on when dropped.
struct WatchPause<'a>(&'a Interp);

impl Drop for WatchPause<'_> {
    fn drop(&mut self) {
        self.0.watching.set(true);
    }
}
