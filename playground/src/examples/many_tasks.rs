//! Lecture section "Concurrent Execution of Many Tasks": a hundred sleeps of
//! 1/x seconds finish in about one second, not the 5.187 s they add up to.

use super::params::{ParamKind, ParamSpec};
use super::{concurrency_note, Example, Section};
use crate::trace::TaskId;

/// `1 + 1/2 + ... + 1/count`, summed as Python's `sum` would.
fn sequential_seconds(count: i64) -> f64 {
    (1..=count).map(|x| 1.0 / x as f64).sum()
}

/// `1 + 1/2 + ... + 1/count` as the lecture writes it.
fn harmonic_sum_text(count: i64) -> String {
    match count {
        1 => "1".to_string(),
        2 => "1 + 1/2".to_string(),
        3 => "1 + 1/2 + 1/3".to_string(),
        _ => format!("1 + 1/2 + ... + 1/{count}"),
    }
}

/// "Task-N finished" lines name tasks; here task N runs long_task(N).
fn finish_order(order: &[TaskId]) -> String {
    let shown: Vec<String> = if order.len() <= 8 {
        order.iter().map(|t| t.0.to_string()).collect()
    } else {
        let head = order[..4].iter().map(|t| t.0.to_string());
        let tail = order[order.len() - 3..].iter().map(|t| t.0.to_string());
        head.chain(std::iter::once("...".to_string())).chain(tail).collect()
    };
    shown.join(", ")
}

pub const MANY_TASKS: Example = Example {
    id: "many-tasks",
    title: "Many tasks waiting at once",
    section: Section::ManyTasks,
    lecture: |p| {
        let count = p.int("count");
        format!(
            "Do we get a speed-up with asyncio? long_task(x) sleeps 1/x seconds. One after another, {count} of them \
would take {} = {:.3} seconds; on the event loop, while one task waits the loop starts the next, so they all wait \
at the same time and the program takes about one second.",
            harmonic_sum_text(count),
            sequential_seconds(count)
        )
    },
    file_name: "many_tasks.py",
    program_text: include_str!("many_tasks.py"),
    params: &[ParamSpec {
        name: "count",
        label: "Tasks",
        help: "long_task(i) for i in range(1, count + 1).",
        kind: ParamKind::Int { min: 1, max: 100_000 },
        default: "100",
    }],
    changes: &[
        "The slide's range(1, 101) is written range(1, count + 1), so that the form's count is the number of tasks.",
    ],
    notes: |p, trace| {
        let order: Vec<TaskId> = trace.completions().map(|(_, task, _)| task).collect();
        let mut notes = vec![concurrency_note(trace, sequential_seconds(p.int("count")))];
        if !order.is_empty() {
            notes.push(format!(
                "The tasks finished shortest sleep first: long_task({}) (task numbers are the x of each task).",
                finish_order(&order)
            ));
        }
        notes
    },
    ..Example::BASE
};
