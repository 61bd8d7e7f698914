//! Not a lecture section: a page for one's own program, opened in the editor
//! with a short asyncio program to start from.

use super::{Example, Section};

pub const SCRATCH: Example = Example {
    id: "scratch",
    title: "Scratch: your own program",
    section: Section::Scratch,
    lecture: |_| {
        "Write your own program: it runs on the same event loop as the lecture's examples, with the same console, \
timeline and event loop views. Share link puts the program in the link itself."
            .to_string()
    },
    file_name: "main.py",
    program_text: include_str!("scratch.py"),
    opens_in_editor: true,
    ..Example::BASE
};
