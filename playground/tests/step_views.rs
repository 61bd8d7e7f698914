//! What the step-by-step view reads of the loop: bounded windows of the ready
//! queue and the timer heap, in the loop's own order, at a cost that does not
//! grow with what the queues hold.

use playground::runtime::{EventLoop, HandleRef, Queued, QueuedTimer, RunOnce};
use playground::trace::CallbackName;
use proptest::prelude::*;

/// Timers set at `whens`, in that order, numbered by their index.
fn set_timers(lp: &EventLoop, whens: &[f64], first: u32) -> Vec<HandleRef> {
    whens.iter().enumerate().map(|(i, &when)| lp.call_at(when, CallbackName::Plain(first + i as u32), || {})).collect()
}

proptest! {
    /// `earliest_timers` walks the heap's array as a binary heap: pinned here
    /// against a full sort by `(when, seq)`, after pops and pushes have
    /// reshaped the heap, with equal deadlines and cancelled timers among them.
    #[test]
    fn earliest_timers_are_the_sorted_heap_s_front(
        first in prop::collection::vec(0u8..20, 0..200),
        later in prop::collection::vec(0u8..20, 0..200),
        cancel_every in 2usize..7,
        now in 0u8..20,
        max in 0usize..60,
    ) {
        let lp = EventLoop::new();
        let first: Vec<f64> = first.into_iter().map(|w| f64::from(w) / 4.0).collect();
        let handles = set_timers(&lp, &first, 0);
        for h in handles.iter().step_by(cancel_every) {
            h.cancel();
        }
        // Pop the due ones (cancelled ones at the head are dropped too).
        lp.advance_to(f64::from(now) / 4.0);
        while lp.run_once(usize::MAX) == RunOnce::IterationDone {}
        let later: Vec<f64> = later.into_iter().map(|w| f64::from(now) / 4.0 + f64::from(w) / 8.0).collect();
        set_timers(&lp, &later, 1000);

        // The model: every timer still in the heap, sorted by (when, seq).
        let mut all: Vec<(f64, u32, bool)> = Vec::new();
        let mut cancelled_at_head_dropped = true;
        let mut first_left: Vec<(f64, u32, bool)> = first
            .iter()
            .enumerate()
            .map(|(i, &w)| (w, i as u32, i % cancel_every == 0))
            .filter(|&(w, _, _)| w > f64::from(now) / 4.0)
            .collect();
        first_left.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        // `run_once` drops cancelled timers only while they are at the head.
        first_left.retain(|&(_, _, cancelled)| {
            cancelled_at_head_dropped &= cancelled;
            !cancelled_at_head_dropped
        });
        all.extend(first_left);
        all.extend(later.iter().enumerate().map(|(i, &w)| (w, 1000 + i as u32, false)));
        all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));

        prop_assert_eq!(lp.timer_count(), all.len());
        let want: Vec<QueuedTimer> = all
            .iter()
            .take(max)
            .map(|&(when, n, cancelled)| QueuedTimer { when, callback: CallbackName::Plain(n), cancelled })
            .collect();
        prop_assert_eq!(lp.earliest_timers(max), want);
    }
}

#[test]
fn the_ready_window_lists_from_the_front_with_cancelled_handles_marked() {
    let lp = EventLoop::new();
    let handles: Vec<HandleRef> = (0..10).map(|i| lp.call_soon(CallbackName::Plain(i), || {})).collect();
    handles[3].cancel();
    assert_eq!(lp.ready_len(), 10, "as len(loop._ready): a cancelled handle stays until the loop reaches it");
    let window = lp.ready_window(2, 3);
    assert_eq!(
        window,
        [
            Queued { callback: CallbackName::Plain(2), cancelled: false },
            Queued { callback: CallbackName::Plain(3), cancelled: true },
            Queued { callback: CallbackName::Plain(4), cancelled: false },
        ]
    );
    assert_eq!(lp.ready_window(9, 5).len(), 1);
    assert_eq!(lp.ready_window(20, 5), []);
}
