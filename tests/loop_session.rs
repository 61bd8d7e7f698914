//! The Event loop tab's model, as plain Rust: one press of Next iteration is
//! one iteration of `_run_once` (with the loop's sleep and the clock's jump
//! in it), sleep timers are named for the task they wake, deadlines keep the
//! digits that tell them apart, and a press lists a bounded part of what it
//! did however much that was. Plain Rust: these also run natively
//! (`cargo test -p async-playground --test loop_session`).

use async_playground::loop_session::{Effect, LoopSession, MAX_EFFECTS, MAX_LISTED};
use async_playground::time_text::times_text;
use playground::examples::find;
use playground::trace::TaskId;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

fn session(example: &str, pairs: &[(&str, &str)]) -> LoopSession {
    let example = find(example).unwrap();
    LoopSession::new(example, example.parse_params(pairs.iter().copied()).unwrap())
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn each_next_iteration_press_runs_exactly_the_next_iteration() {
    let mut s = session("gather", &[]);
    let mut iterations = Vec::new();
    while !s.picture().finished {
        s.next_iteration();
        iterations.push(s.picture().iteration);
        assert!(iterations.len() < 20, "gather did not finish: {iterations:?}");
    }
    // The last press runs the top-level code after the loop stopped.
    assert_eq!(iterations, [1, 2, 3, 4, 5, 5]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn next_iteration_after_the_first_shows_the_sleep_and_the_clock_jump_as_part_of_it() {
    let mut s = session("gather", &[]);
    s.next_iteration();
    assert_eq!(
        s.picture().happened.summary,
        "The top-level code ran up to run_until_complete. Iteration 1 ran to its end: 5 handles. \
         Nothing is ready: the loop will sleep until t=1.000, the earliest timer."
    );
    s.next_iteration();
    let p = s.picture();
    assert_eq!((p.iteration, p.time.as_str(), p.sleeping), (2, "1.000", false));
    assert_eq!(
        p.happened.summary,
        "Nothing was ready, so the loop slept until its earliest timer: the clock jumped from t=0.000 to t=1.000. \
         Iteration 2 ran to its end: 5 handles. 5 handles queued for iteration 3."
    );
    let ran: Vec<&str> = p.happened.ran.iter().filter_map(|r| r.handle.as_ref()).map(|h| h.name.as_str()).collect();
    assert_eq!(ran, ["sleep timer: set_result()"; 5]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn next_iteration_mid_iteration_runs_the_handles_it_has_left() {
    let mut s = session("compute-square", &[]);
    s.step();
    assert_eq!(s.picture().this_iteration.total, 4);
    s.next_iteration();
    let p = s.picture();
    assert_eq!(p.iteration, 1);
    assert!(p.happened.summary.starts_with("Iteration 1 ran its last 4 handles."), "{}", p.happened.summary);
    assert_eq!(p.this_iteration.total, 0);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn each_sleep_timer_names_the_task_it_wakes() {
    let mut s = session("compute-square", &[]);
    s.next_iteration();
    let p = s.picture();
    let timers: Vec<(String, String, Option<TaskId>, bool)> =
        p.timers.shown.iter().map(|t| (t.when.clone(), t.handle.name.clone(), t.handle.task, t.handle.wakes)).collect();
    let want: Vec<(String, String, Option<TaskId>, bool)> =
        (1..=4).map(|n| ("1.000".into(), "sleep timer: set_result()".into(), Some(TaskId(n)), true)).collect();
    assert_eq!(timers, want);
    // Once fired, the timer's callback waits in the ready queue, still named for its task.
    s.next_iteration();
    s.step();
    let queued: Vec<Option<TaskId>> = s.picture().this_iteration.shown.iter().map(|h| h.task).collect();
    assert_eq!(queued, [Some(TaskId(2)), Some(TaskId(3)), Some(TaskId(4))]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn deadlines_get_the_digits_that_tell_them_apart() {
    assert_eq!(times_text(&[1.0, 2.5]), ["1.000", "2.500"]);
    assert_eq!(times_text(&[0.0, 1.0 / 100_000.0]), ["0.00000", "0.00001"]);
    assert_eq!(times_text(&[1.0 / 100_000.0, 1.0 / 99_999.0]), ["0.0000100000", "0.0000100001"]);
    assert_eq!(times_text(&[0.25, 0.25]), ["0.250", "0.250"], "equal deadlines stay equal");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_first_timers_of_many_tasks_are_told_apart() {
    let mut s = session("many-tasks", &[("count", "1000")]);
    s.next_iteration();
    let p = s.picture();
    assert_eq!(p.timers.total, 1000);
    assert_eq!(p.timers.shown.len(), MAX_LISTED);
    let whens: Vec<&str> = p.timers.shown.iter().map(|t| t.when.as_str()).collect();
    assert_eq!(whens[..3], ["0.001000", "0.001001", "0.001002"]);
    assert!(whens.windows(2).all(|w| w[0] != w[1]), "{whens:?}");
    assert_eq!(p.timers.shown[0].handle.task, Some(TaskId(1000)), "1/1000 s: the last task's timer is the first");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_press_lists_at_most_the_capped_handles_and_effects() {
    let mut s = session("many-tasks", &[("count", "1000")]);
    s.step();
    let p = s.picture();
    // The top-level code created 1,000 tasks, each with its first step queued.
    let script = &p.happened.ran[0];
    assert!(script.handle.is_none());
    assert_eq!((script.effects.len(), script.more), (MAX_EFFECTS, 2000 - MAX_EFFECTS));
    assert_eq!(script.effects[0], Effect::Did("Task-1 created for long_task()".into()));
    assert_eq!(p.this_iteration.total, 999);
    assert_eq!(p.this_iteration.shown.len(), MAX_LISTED);
    s.next_iteration();
    let p = s.picture();
    assert_eq!(p.happened.ran.len(), MAX_LISTED);
    assert_eq!(p.happened.more, 999 - MAX_LISTED);
    assert_eq!(p.tasks.total, 1000);
}
