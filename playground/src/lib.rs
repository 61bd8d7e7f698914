//! async-playground's engine: the lecture's examples, the asyncio runtime
//! they run on, and the trace the views are built from.
//!
//! The flow of data: [`examples`] (what the lecture shows) -> [`runtime`]
//! (asyncio's event loop, tasks and timers) -> [`trace`] (everything the loop
//! did) -> the views (the page, the CLI).

#![warn(missing_debug_implementations)]

pub mod examples;
pub mod interpreter;
pub mod link;
pub mod run;
pub mod runtime;
pub mod steps;
pub mod trace;

pub use run::{Ending, Progress, Run};
