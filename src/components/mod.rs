//! The view: one component per file. They read the state they are given and
//! report what the person did through `onx` callbacks; only `app` dispatches.

pub mod app;
pub mod console;
pub mod controls;
pub mod example_picker;
pub mod loop_view;
pub mod notes;
pub mod param_form;
pub mod share_box;
pub mod source_view;
pub mod timeline;
