//! The playground page: pick a lecture example, edit its parameters, watch it
//! run on the asyncio runtime in real time.
//!
//! The flow of data: `playground`'s example registry -> [`state`] (what the
//! page shows, changed only by actions) -> [`components`] (the view), with
//! [`driver`] running the example on the browser's clocks and [`links`]
//! keeping the state in the URL. The Event loop tab's model is
//! [`loop_session`], beside the page's.

pub mod clipboard;
pub mod components;
pub mod crash;
pub mod driver;
pub mod editor_script;
pub mod hooks;
pub mod links;
pub mod loop_session;
pub mod program;
pub mod python;
pub mod state;
pub mod time_text;
pub mod timeline_grid;
pub mod websockets;

/// Mounts the page into `<body>`.
pub fn start() {
    crash::install_hook();
    yew::Renderer::<components::app::App>::new().render();
}
