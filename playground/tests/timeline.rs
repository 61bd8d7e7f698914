//! The timeline read off a trace shows the hops of the loop: which iteration
//! each task ran in, and what it waited for in between.

use playground::examples;
use playground::trace::{Activity, Awaited, Outcome, TaskId, Timeline};
use playground::Run;

fn timeline_of(id: &str, pairs: &[(&str, &str)]) -> Timeline {
    let example = examples::find(id).unwrap();
    let params = example.parse_params(pairs.iter().copied()).unwrap();
    let mut run = Run::new(example, &params);
    run.run_to_end();
    let trace = run.trace();
    Timeline::of(&trace)
}

#[test]
fn compute_square_tasks_run_then_sleep_then_wake_one_iteration_after_the_timer() {
    let timeline = timeline_of("compute-square", &[("numbers", "4,5"), ("delay", "1")]);
    let names: Vec<&str> = timeline.lanes.iter().map(|l| l.coro).collect();
    assert_eq!(names, ["compute_square", "compute_square", "wait"]);
    let task1 = &timeline.lanes[0];
    let activities: Vec<(Activity, u32, u32)> =
        task1.spans.iter().map(|s| (s.activity, s.from_iteration, s.to_iteration)).collect();
    assert_eq!(
        activities,
        [
            (Activity::Ready, 0, 1),
            (Activity::Running, 1, 1),
            (Activity::Waiting(Awaited::Sleep { until: 1.0 }), 1, 2),
            (Activity::Ready, 2, 3),
            (Activity::Running, 3, 3),
        ]
    );
    assert!(matches!(task1.outcome, Some(Outcome::Returned(_))));
    // The timer fired in iteration 2 at t=1; both tasks resumed in 3.
    assert_eq!(timeline.iterations[1].time, 1.0);
    assert!(timeline.ran_in(TaskId(1), 3) && timeline.ran_in(TaskId(2), 3));
    // wait(): its waiter is set in 4 (K+1) and it resumes in 5 (K+2).
    assert!(timeline.ran_in(TaskId(3), 5));
    assert!(
        matches!(timeline.activity_in(TaskId(3), 3), Some(Activity::Waiting(Awaited::Wait(_)))),
        "{:?}",
        timeline.activity_in(TaskId(3), 3)
    );
    assert_eq!(timeline.activity_in(TaskId(3), 4), Some(Activity::Ready));
    assert_eq!(timeline.end_time, 1.0);
}

#[test]
fn tasks_of_a_closed_loop_never_run() {
    let timeline = timeline_of("not-awaited", &[("numbers", "1,2")]);
    assert_eq!(timeline.last_iteration(), 0);
    for lane in &timeline.lanes {
        assert_eq!(lane.outcome, None);
        assert_eq!(lane.spans.len(), 1);
        assert_eq!(lane.spans[0].activity, Activity::Ready);
    }
}

#[test]
fn many_tasks_finish_shortest_sleep_first() {
    let timeline = timeline_of("many-tasks", &[("count", "5")]);
    let mut finish: Vec<(f64, u32)> =
        timeline.lanes.iter().map(|l| (l.spans.last().unwrap().to_time, l.task.0)).collect();
    finish.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(finish.iter().map(|f| f.1).collect::<Vec<_>>(), [5, 4, 3, 2, 1]);
    assert_eq!(timeline.end_time, 1.0);
}

#[test]
fn a_hundred_tasks_finish_in_cpythons_order_100_first_1_last() {
    // CPython 3.11 (`order.append(x)` after the sleep): [100, 99, ..., 1].
    let timeline = timeline_of("many-tasks", &[]);
    let mut finish: Vec<(f64, u32)> =
        timeline.lanes.iter().map(|l| (l.spans.last().unwrap().to_time, l.task.0)).collect();
    finish.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(finish.iter().map(|f| f.1).collect::<Vec<_>>(), (1..=100).rev().collect::<Vec<_>>());
}
