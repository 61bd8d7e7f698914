//! The view: one component per file. They read the state they are given and
//! report what the person did through `onx` callbacks; only `app` dispatches.

pub mod app;
pub mod code_editor;
pub mod console;
pub mod controls;
pub mod example_picker;
pub mod loop_view;
pub mod models_view;
pub mod notes;
pub mod param_form;
pub mod share_box;
pub mod source_view;
pub mod step_view;
pub mod timeline;

/// How many task colours the stylesheet has (`.task-c0` .. `.task-c7`).
const TASK_COLOURS: u32 = 8;

/// The CSS class that colours task number `task` (Task-N) the same in the
/// console, the timeline and the event loop view.
pub fn task_class(task: u32) -> String {
    format!("task-c{}", task % TASK_COLOURS)
}
