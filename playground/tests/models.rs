//! The `models` example: the synchronous and asynchronous programs run on the
//! loop's virtual clock, and each model's total is what the lecture's
//! reasoning gives: synchronous the sum of everything, threaded the longest
//! task, asynchronous all the computing plus the longest wait.

use playground::examples::models::{expected_total, timelines, Doing, Model, ModelTimeline};
use playground::examples::{find, Params};
use playground::{Ending, Run};

/// Floating-point sums of the same seconds in another order differ in the
/// last bits; anything larger is a wrong total.
const SAME: f64 = 1e-9;

fn run_models(pairs: &[(&str, &str)]) -> (Params, Vec<ModelTimeline>) {
    let example = find("models").expect("models is in the registry");
    let params = example.parse_params(pairs.iter().copied()).expect("valid parameters");
    let mut run = Run::new(example, &params);
    assert_eq!(run.run_to_end(), Ending::Completed);
    let timelines = timelines(&params, &run.trace());
    (params, timelines)
}

const PARAMETER_SETS: &[&[(&str, &str)]] = &[
    &[],
    &[("tasks", "1"), ("compute", "0.5"), ("io", "0.5")],
    &[("tasks", "4"), ("compute", "0.1"), ("io", "0.3")],
    &[("tasks", "2"), ("compute", "1"), ("io", "0.2")],
    &[("tasks", "5"), ("compute", "0"), ("io", "1")],
    &[("tasks", "10"), ("compute", "0.25"), ("io", "5")],
    &[("tasks", "3"), ("compute", "2"), ("io", "0")],
];

#[test]
fn each_models_total_is_the_lectures_formula() {
    for pairs in PARAMETER_SETS {
        let (p, timelines) = run_models(pairs);
        let (tasks, compute, io) = (p.int("tasks"), p.seconds("compute"), p.seconds("io"));
        let models: Vec<Model> = timelines.iter().map(|t| t.model).collect();
        assert_eq!(models, Model::ALL, "{pairs:?}");
        for t in &timelines {
            let expected = expected_total(t.model, tasks, compute, io);
            assert!((t.total - expected).abs() < SAME, "{pairs:?} {:?}: {} != {expected}", t.model, t.total);
        }
    }
}

#[test]
fn the_formulas_are_the_sum_the_longest_task_and_computing_plus_the_longest_wait() {
    assert_eq!(expected_total(Model::Synchronous, 3, 0.25, 0.75), 3.0);
    assert_eq!(expected_total(Model::Threaded, 3, 0.25, 0.75), 1.0);
    assert_eq!(expected_total(Model::Asynchronous, 3, 0.25, 0.75), 1.5);
}

#[test]
fn the_synchronous_and_asynchronous_models_are_measured_and_the_threaded_one_drawn() {
    let (_, timelines) = run_models(&[]);
    assert_eq!(timelines.iter().map(|t| t.measured).collect::<Vec<_>>(), [true, false, true]);
}

/// Each lane: computing, then waiting, once per task.
fn lane(t: &ModelTimeline, task: usize) -> Vec<(Doing, f64, f64)> {
    t.stretches.iter().filter(|s| s.task == task).map(|s| (s.doing, s.start, s.end)).collect()
}

#[test]
fn every_lane_computes_then_waits_and_only_one_task_computes_at_a_time_on_one_thread() {
    let (p, timelines) = run_models(&[("tasks", "4"), ("compute", "0.1"), ("io", "0.3")]);
    let (compute, io) = (p.seconds("compute"), p.seconds("io"));
    for t in &timelines {
        assert_eq!(t.tasks, 4);
        for task in 0..4 {
            let stretches = lane(t, task);
            assert_eq!(stretches.len(), 2, "{:?} task {task}: {stretches:?}", t.model);
            let (first, second) = (stretches[0], stretches[1]);
            assert_eq!((first.0, second.0), (Doing::Computing, Doing::Waiting));
            assert!((first.2 - first.1 - compute).abs() < SAME);
            assert!((second.1 - first.2).abs() < SAME, "waiting starts when computing ends");
            // A task waits at least its I/O; in the asynchronous model it may wait longer for the loop.
            assert!(second.2 - second.1 >= io - SAME);
        }
        let mut computing: Vec<(f64, f64)> =
            t.stretches.iter().filter(|s| s.doing == Doing::Computing).map(|s| (s.start, s.end)).collect();
        computing.sort_by(|a, b| a.0.total_cmp(&b.0));
        let overlapping = computing.windows(2).any(|w| w[1].0 < w[0].1 - SAME);
        // Threads compute at once; one thread computes one task at a time.
        assert_eq!(overlapping, t.model == Model::Threaded, "{:?}", t.model);
    }
}

#[test]
fn in_the_asynchronous_model_the_waits_overlap() {
    let (_, timelines) = run_models(&[]);
    let asynchronous = &timelines[2];
    // Task 1 waits from 0.2 to 1.0; task 3 starts waiting at 0.6.
    assert!((lane(asynchronous, 0)[1].1 - 0.2).abs() < SAME);
    assert!((lane(asynchronous, 0)[1].2 - 1.0).abs() < SAME);
    assert!((lane(asynchronous, 2)[1].1 - 0.6).abs() < SAME);
    let synchronous = &timelines[0];
    assert!((lane(synchronous, 2)[1].1 - 2.2).abs() < SAME, "the third task computes after two whole tasks");
}

#[test]
fn a_run_stopped_early_gives_what_it_got_to() {
    let example = find("models").unwrap();
    let params = example.defaults();
    let mut run = Run::new(example, &params);
    // Up to the first task's computing in the synchronous model, then Stop.
    while run.time() < 0.1 {
        match run.step(1) {
            playground::Progress::WaitUntil(t) => run.advance_to(t),
            playground::Progress::Busy => {}
            playground::Progress::Finished(_) => break,
        }
    }
    run.stop();
    let timelines = timelines(&params, &run.trace());
    assert!(!timelines[0].measured);
    assert!(timelines[2].stretches.is_empty());
}
