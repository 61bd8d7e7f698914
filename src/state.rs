//! The page's state: which example, what is typed in its form, the speed, and
//! the console of the current run. A plain struct, the [`Action`]s that change
//! it and a [`Reducible`] impl; the components only dispatch actions.
//!
//! No browser API here, so the whole state machine is tested as plain Rust.

use std::rc::Rc;

use playground::examples::{self, Example, Params};
use playground::trace::{Line, Stream};
use playground::Ending;
use yew::Reducible;

use playground::link::{self, PageQuery, Speed, Theme, View};

use crate::program::Program;
use crate::time_text::times_text_of;

/// One field of the parameter form: the text as typed and, when it does not
/// parse, the registry's message shown next to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub text: String,
    pub error: Option<String>,
    /// The last text typed here that parsed (at first the lecture's value):
    /// the source shows it while the field holds an invalid one, rather than
    /// jump back to the lecture's value while a person retypes a list.
    pub last_valid: String,
}

/// The console's `data-state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Idle,
    Running,
    Done,
    Stopped,
    Error,
}

impl RunState {
    pub fn as_str(self) -> &'static str {
        match self {
            RunState::Idle => "idle",
            RunState::Running => "running",
            RunState::Done => "done",
            RunState::Stopped => "stopped",
            RunState::Error => "error",
        }
    }

    /// The console's status line.
    pub fn label(self) -> &'static str {
        match self {
            RunState::Idle => "Ready",
            RunState::Running => "Running",
            RunState::Done => "Done",
            RunState::Stopped => "Stopped",
            RunState::Error => "Error",
        }
    }

    pub fn of(ending: &Ending) -> RunState {
        match ending {
            Ending::Completed => RunState::Done,
            Ending::Stopped => RunState::Stopped,
            Ending::Raised(_) | Ending::Hung => RunState::Error,
        }
    }
}

/// One printed line as the console shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleLine {
    /// Virtual time it was printed at.
    pub time: f64,
    /// `Task-N`'s N, or `None` for the top-level script.
    pub task: Option<u32>,
    pub stderr: bool,
    pub text: String,
    /// The label of the program that printed it (`server`, `clients`) when a run has two;
    /// empty otherwise.
    pub process: &'static str,
}

impl From<Line<'_>> for ConsoleLine {
    fn from(line: Line<'_>) -> ConsoleLine {
        ConsoleLine {
            time: line.time,
            task: line.task.map(|t| t.0),
            stderr: line.stream == Stream::Stderr,
            text: line.text.to_string(),
            process: line.label,
        }
    }
}

/// The lines printed so far, in shared chunks: appending a batch never copies
/// the lines before it, and the console re-renders only the newest chunk.
#[derive(Clone, Debug, Default)]
pub struct ConsoleLog {
    pub chunks: Vec<Rc<Vec<ConsoleLine>>>,
    pub len: usize,
}

impl PartialEq for ConsoleLog {
    /// Chunks never change once logged, so the same chunks are the same log:
    /// comparing pointers keeps a re-render O(chunks), not O(lines).
    fn eq(&self, other: &ConsoleLog) -> bool {
        self.len == other.len
            && self.chunks.len() == other.chunks.len()
            && self.chunks.iter().zip(&other.chunks).all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

/// The part of a [`ConsoleLog`] the page shows: the newest lines, from
/// `chunks[first]` on, skipping `skip` lines of that first chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShownLines {
    pub first: usize,
    pub skip: usize,
    /// Lines before the shown ones.
    pub hidden: usize,
}

impl ConsoleLog {
    /// Lines per chunk: small enough that one chunk renders within a frame.
    pub const CHUNK: usize = 500;

    /// Exactly the newest `max` lines (all of them when there are fewer).
    pub fn newest(&self, max: usize) -> ShownLines {
        let hidden = self.len.saturating_sub(max);
        let mut before = 0;
        for (first, chunk) in self.chunks.iter().enumerate() {
            if before + chunk.len() > hidden {
                return ShownLines { first, skip: hidden - before, hidden };
            }
            before += chunk.len();
        }
        ShownLines { first: self.chunks.len(), skip: 0, hidden }
    }

    pub fn log(&mut self, lines: Vec<ConsoleLine>) {
        self.len += lines.len();
        let mut lines = lines.into_iter().peekable();
        while lines.peek().is_some() {
            let chunk: Vec<ConsoleLine> = lines.by_ref().take(Self::CHUNK).collect();
            self.chunks.push(Rc::new(chunk));
        }
    }

    pub fn lines(&self) -> impl Iterator<Item = &ConsoleLine> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// The plain transcript, as the Copy button copies it (with each program's label when
    /// a run has two, as the CLI prints them).
    pub fn transcript(&self) -> String {
        let mut out = String::new();
        for line in self.lines() {
            if !line.process.is_empty() {
                out.push_str(line.process);
                out.push_str(": ");
            }
            out.push_str(&line.text);
            out.push('\n');
        }
        out
    }
}

/// How far behind its schedule a run may fall before the page says it
/// cannot keep up with real time: more than a few frames of jitter, and
/// little enough to be seen.
pub const LATE_MS: f64 = 100.0;

/// What the current (or last) run has shown.
#[derive(Clone, Debug, PartialEq)]
pub struct RunView {
    pub state: RunState,
    pub console: ConsoleLog,
    /// Virtual seconds since the run began, as the page shows them: while
    /// the loop sleeps they move with the wall clock towards its deadline.
    pub virtual_time: f64,
    /// The loop sleeps until this deadline (its one timer is armed).
    pub sleeping_until: Option<f64>,
    /// How far behind its schedule the run is, in wall-clock milliseconds.
    pub late_ms: f64,
    /// Measured wall-clock milliseconds since the run began.
    pub wall_ms: f64,
    /// `run.notes()` once the run has finished.
    pub notes: Vec<String>,
    /// The tab was hidden during the run: browsers throttle timers then.
    pub hidden_during_run: bool,
    pub speed: Speed,
    /// Why nothing ran although the link said `autorun=1`.
    pub not_run: Option<String>,
    /// No echo server answered at this WebSocket address (`echo-client`): the console
    /// says how to start one, with a Retry.
    pub echo_unreachable: Option<String>,
    /// The run talks to a server outside the page (`echo-client`): its clock stands still
    /// while a connection opens, so its wall time says nothing about keeping up.
    pub outside: bool,
}

impl Default for RunView {
    fn default() -> RunView {
        RunView::idle()
    }
}

impl RunView {
    /// What the status line says beside the run's state: that the loop
    /// sleeps, or that the page cannot keep up with real time.
    pub fn detail(&self) -> Option<String> {
        let factor = self.speed.factor()?;
        match self.state {
            RunState::Running => match self.sleeping_until {
                Some(until) => Some(format!("sleeping until t={}", times_text_of([self.virtual_time, until])[1])),
                None if self.late_ms > LATE_MS => {
                    Some(format!("cannot keep up with real time: {:.1} s behind", self.late_ms / 1000.0))
                }
                None => None,
            },
            RunState::Done | RunState::Stopped | RunState::Error if self.outside => None,
            RunState::Done | RunState::Stopped | RunState::Error => {
                let due_ms = self.virtual_time / factor * 1000.0;
                (self.wall_ms > due_ms + LATE_MS).then(|| {
                    format!(
                        "slower than real time at {}: {} of virtual time took {:.3} s",
                        self.speed.label(),
                        count_seconds(self.virtual_time),
                        self.wall_ms / 1000.0
                    )
                })
            }
            RunState::Idle => None,
        }
    }

    fn idle() -> RunView {
        RunView {
            state: RunState::Idle,
            console: ConsoleLog::default(),
            virtual_time: 0.0,
            sleeping_until: None,
            late_ms: 0.0,
            wall_ms: 0.0,
            notes: Vec::new(),
            hidden_during_run: false,
            speed: Speed::default(),
            not_run: None,
            echo_unreachable: None,
            outside: false,
        }
    }
}

/// The program in the source view's editor: the page is in edit mode, and
/// Run runs this instead of the lecture's program with the form's values.
#[derive(Clone, Debug, PartialEq)]
pub struct EditedCode {
    /// The text as typed.
    pub text: Rc<str>,
    /// `text` compressed for a link (`#code=`), as the editor's script last
    /// reported it; `None` until it has, after each change.
    pub link: Option<String>,
    /// What the last run ran (at first `text`): the Timeline and Event loop
    /// views show it, rather than replay every keystroke.
    pub ran: Rc<str>,
    /// A link's program (`#code=`), until the editor's script has
    /// decompressed it: nothing runs before.
    pub opening: Option<String>,
    /// Counts the times the page, not the person typing, replaced the text
    /// (a "Try this" edit, Reset): the editor is made anew for each.
    pub generation: u32,
}

impl EditedCode {
    fn new(text: Rc<str>, generation: u32) -> EditedCode {
        EditedCode { ran: text.clone(), text, link: None, opening: None, generation }
    }
}

/// What the editor reports on each change: its text, and, when its script
/// has compressed that text for a link, the compressed text (`#code=`).
#[derive(Clone, Debug, PartialEq)]
pub struct EditorReport {
    pub text: String,
    pub link: Option<String>,
    /// The script could not decompress the link's program it was given.
    pub unreadable: bool,
}

#[derive(Clone)]
pub struct Page {
    pub example: &'static Example,
    pub fields: Vec<Field>,
    pub speed: Speed,
    pub embed: bool,
    pub autorun: bool,
    /// The console, the timeline or the step-by-step event loop.
    pub view: View,
    /// As the link asked (`None`: see [`Theme::is_dark`]).
    pub theme: Option<Theme>,
    /// What the link got wrong that is not one field's fault (unknown example,
    /// parameters or settings): [`PageQuery::problems`].
    pub link_problems: Vec<String>,
    pub run: RunView,
    /// The link's `ws=`: the echo server `echo-client` talks to instead of the page's own.
    pub ws: Option<String>,
    /// The program in the editor (edit mode); `None`: the lecture's program.
    pub code: Option<EditedCode>,
}

impl PartialEq for Page {
    fn eq(&self, other: &Page) -> bool {
        self.example.id == other.example.id
            && self.fields == other.fields
            && self.speed == other.speed
            && self.embed == other.embed
            && self.autorun == other.autorun
            && self.view == other.view
            && self.theme == other.theme
            && self.link_problems == other.link_problems
            && self.run == other.run
            && self.ws == other.ws
            && self.code == other.code
    }
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Page")
            .field("example", &self.example.id)
            .field("fields", &self.fields)
            .field("speed", &self.speed)
            .field("run", &self.run.state)
            .finish_non_exhaustive()
    }
}

pub enum Action {
    ChooseExample(&'static str),
    /// The page for another link (Back and Forward in the browser's history).
    OpenLink(PageQuery),
    Edit {
        field: usize,
        text: String,
    },
    /// Parameters back to the lecture's defaults, console cleared (and the
    /// lecture's program back in place of an edited one).
    Reset,
    /// Edit: the lecture's program, with the form's values, goes into the editor.
    OpenEditor,
    /// The editor's text changed, or its script reported on it.
    EditorInput(EditorReport),
    /// The page puts this program in the editor (a "Try this" edit).
    SetCode(String),
    SetSpeed(Speed),
    ShowView(View),
    /// The driver has started a run (the console is cleared).
    RunStarted,
    /// Lines printed since the last report, and the clocks.
    Printed {
        lines: Vec<ConsoleLine>,
        virtual_time: f64,
        wall_ms: f64,
        /// The loop sleeps until this deadline.
        sleeping_until: Option<f64>,
        /// How far behind its schedule the run is.
        late_ms: f64,
    },
    Finished {
        state: RunState,
        notes: Vec<String>,
        virtual_time: f64,
        wall_ms: f64,
    },
    /// The tab was hidden while a run was going on.
    PageHidden,
    /// No echo server answered at this WebSocket address.
    EchoServerUnreachable(String),
}

impl Page {
    /// The page a link describes. Bad values never stop the page from
    /// showing: a bad field shows its message, anything else is listed.
    pub fn from_query(query: &PageQuery) -> Page {
        let example = query.example();
        let mut page = Page::new(example);
        for (name, text) in &query.params {
            if let Some(field) = example.params.iter().position(|s| s.name == name) {
                page.edit(field, text.clone());
            }
        }
        page.speed = query.speed;
        page.embed = query.embed;
        page.autorun = query.autorun;
        // A view the example does not offer is one of the link's problems.
        page.view = if example.has_view(query.view) { query.view } else { View::Console };
        page.theme = query.theme;
        page.ws.clone_from(&query.ws);
        page.link_problems = query.problems();
        if let Some(code) = &query.code {
            match link::code_link_problem(code) {
                Some(problem) => {
                    page.link_problems.push(problem);
                    page.autorun = false;
                }
                None => {
                    let mut edited = EditedCode::new("".into(), 0);
                    edited.opening = Some(code.clone());
                    page.code = Some(edited);
                }
            }
        }
        if page.autorun {
            page.run.not_run = page.why_not_runnable();
        }
        page
    }

    /// Why Run is disabled, naming the invalid fields; `None` when it is not.
    pub fn why_not_runnable(&self) -> Option<String> {
        if self.code.is_some() {
            return None;
        }
        let invalid: Vec<&str> = self
            .example
            .params
            .iter()
            .zip(&self.fields)
            .filter(|(_, field)| field.error.is_some())
            .map(|(spec, _)| spec.name)
            .collect();
        match invalid.as_slice() {
            [] => None,
            [name] => Some(format!(
                "The link's value for {name} is invalid (see its field), so nothing ran. Correct it and press Run."
            )),
            names => Some(format!(
                "The link's values for {} are invalid (see their fields), so nothing ran. Correct them and press Run.",
                names.join(", ")
            )),
        }
    }

    pub fn new(example: &'static Example) -> Page {
        let mut page = Page {
            example,
            fields: default_fields(example),
            speed: Speed::default(),
            embed: false,
            autorun: false,
            view: View::default(),
            theme: None,
            link_problems: Vec::new(),
            run: RunView::idle(),
            ws: None,
            code: None,
        };
        if example.opens_in_editor {
            page.code = Some(page.fresh_code(0));
        }
        page
    }

    /// The generation of the next text the page puts in the editor.
    fn next_generation(&self) -> u32 {
        self.code.as_ref().map_or(0, |c| c.generation + 1)
    }

    /// The lecture's program with the shown values, as an editor's text.
    fn fresh_code(&self, generation: u32) -> EditedCode {
        EditedCode::new(self.example.source(&self.shown_params()).into(), generation)
    }

    /// What Run runs: the edited program, else the lecture's with the form's
    /// values; `None` while a field is invalid or a link's program is still
    /// being opened.
    pub fn program(&self) -> Option<Program> {
        match &self.code {
            Some(code) if code.opening.is_some() => None,
            Some(code) => Some(Program::Edited { text: code.text.clone(), params: self.shown_params() }),
            None => self.params().map(Program::Lecture),
        }
    }

    /// What the Timeline and Event loop views show: the edited program as
    /// last run, else the lecture's with the form's values.
    pub fn shown_program(&self) -> Option<Program> {
        match &self.code {
            Some(code) if code.opening.is_some() => None,
            Some(code) => Some(Program::Edited { text: code.ran.clone(), params: self.shown_params() }),
            None => self.params().map(Program::Lecture),
        }
    }

    /// The link for this state (without `autorun`, which is the linker's
    /// choice). In edit mode the program goes in the fragment (`#code=`),
    /// unless it is too long for a link, and the form's values, which it
    /// does not read, are left out; except for an example with a second
    /// program (a server's clients), which the values still fill.
    pub fn query(&self) -> PageQuery {
        let edited = self.code.is_some() && self.example.second.is_none();
        let code = self.code.as_ref().and_then(|c| c.opening.as_ref().or(c.link.as_ref()));
        let code = code.filter(|c| link::code_bytes(c) <= link::MAX_CODE_BYTES).cloned();
        PageQuery {
            example: Some(self.example.id.to_string()),
            params: self
                .example
                .params
                .iter()
                .zip(&self.fields)
                .filter(|(spec, field)| !edited && field.text.trim() != spec.default)
                .map(|(spec, field)| (spec.name.to_string(), field.text.clone()))
                .collect(),
            speed: self.speed,
            autorun: false,
            embed: self.embed,
            view: self.view,
            theme: self.theme,
            ws: self.ws.clone(),
            unknown_settings: Vec::new(),
            code,
        }
    }

    /// Why Share and Embed give no link for the edited program (it is too
    /// long for one, or not yet compressed), as they say it.
    pub fn code_link_problem(&self) -> Option<String> {
        let code = self.code.as_ref().filter(|c| c.opening.is_none())?;
        match code.link.as_deref() {
            Some(compressed) => link::too_long_for_a_link(compressed),
            None => Some("The link for the edited program is still being made: press again in a moment.".into()),
        }
    }

    /// The parameters when every field parses; `None` disables Run.
    pub fn params(&self) -> Option<Params> {
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        let pairs = self.example.params.iter().zip(&self.fields).map(|(spec, field)| (spec.name, field.text.as_str()));
        self.example.parse_params(pairs).ok()
    }

    /// The parameters shown in the source: each field's last valid value
    /// (see [`Field::last_valid`]).
    pub fn shown_params(&self) -> Params {
        let pairs =
            self.example.params.iter().zip(&self.fields).map(|(spec, field)| (spec.name, field.last_valid.as_str()));
        self.example.parse_params(pairs).unwrap_or_else(|_| self.example.defaults())
    }

    pub fn is_running(&self) -> bool {
        self.run.state == RunState::Running
    }

    fn edit(&mut self, field: usize, text: String) {
        let Some(spec) = self.example.params.get(field) else {
            return;
        };
        let Some(field) = self.fields.get_mut(field) else {
            return;
        };
        match spec.parse(&text) {
            Ok(_) => {
                field.last_valid.clone_from(&text);
                field.error = None;
            }
            Err(e) => field.error = Some(e.message),
        }
        field.text = text;
    }
}

fn default_fields(example: &'static Example) -> Vec<Field> {
    example
        .params
        .iter()
        .map(|spec| Field { text: spec.default.to_string(), error: None, last_valid: spec.default.to_string() })
        .collect()
}

impl Reducible for Page {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut page = (*self).clone();
        match action {
            Action::ChooseExample(id) => {
                let Some(example) = examples::find(id) else {
                    return self;
                };
                let Page { speed, embed, autorun, view, theme, .. } = page;
                page = Page { speed, embed, autorun, view, theme, ..Page::new(example) };
                if !example.has_view(page.view) {
                    page.view = View::Console;
                }
            }
            Action::OpenLink(query) => {
                let mut opened = Page::from_query(&query);
                // Going back never runs anything by itself.
                opened.autorun = false;
                opened.run.not_run = None;
                page = opened;
            }
            Action::Edit { field, text } => page.edit(field, text),
            Action::Reset => {
                page.fields = default_fields(page.example);
                page.run = RunView::idle();
                page.link_problems.clear();
                page.code = page.example.opens_in_editor.then(|| page.fresh_code(page.next_generation()));
            }
            Action::OpenEditor => {
                if page.code.is_none() {
                    page.code = Some(page.fresh_code(0));
                }
            }
            Action::SetCode(text) => {
                let generation = page.next_generation();
                page.code = Some(EditedCode::new(text.into(), generation));
            }
            Action::EditorInput(report) => {
                let Some(code) = page.code.as_mut() else {
                    return self;
                };
                if code.opening.is_some() {
                    // The link's program, decompressed by the editor's script (or not).
                    if report.unreadable {
                        page.link_problems.push(format!("{}.", link::UNREADABLE_CODE));
                        page.autorun = false;
                        let generation = page.next_generation();
                        page.code = page.example.opens_in_editor.then(|| page.fresh_code(generation));
                    } else {
                        code.text = report.text.into();
                        code.ran = code.text.clone();
                        code.link = code.opening.take();
                    }
                } else if *code.text != *report.text {
                    code.text = report.text.into();
                    code.link = report.link;
                } else if report.link.is_some() {
                    code.link = report.link;
                } else {
                    return self;
                }
            }
            Action::SetSpeed(speed) => {
                page.speed = speed;
                if page.is_running() {
                    page.run.speed = speed;
                }
            }
            Action::ShowView(view) if page.example.has_view(view) => page.view = view,
            Action::ShowView(_) => return self,
            Action::RunStarted => {
                page.run = RunView::idle();
                page.run.state = RunState::Running;
                page.run.speed = page.speed;
                page.run.outside = page.example.outside.is_some();
                if let Some(code) = page.code.as_mut() {
                    code.ran = code.text.clone();
                }
            }
            Action::Printed { lines, virtual_time, wall_ms, sleeping_until, late_ms } => {
                if !page.is_running() {
                    return self;
                }
                page.run.console.log(lines);
                page.run.virtual_time = virtual_time;
                page.run.wall_ms = wall_ms;
                page.run.sleeping_until = sleeping_until;
                page.run.late_ms = late_ms;
            }
            Action::Finished { state, notes, virtual_time, wall_ms } => {
                if !page.is_running() {
                    return self;
                }
                page.run.state = state;
                page.run.notes = notes;
                page.run.virtual_time = virtual_time;
                page.run.wall_ms = wall_ms;
                page.run.sleeping_until = None;
            }
            Action::PageHidden => {
                if !page.is_running() {
                    return self;
                }
                page.run.hidden_during_run = true;
            }
            Action::EchoServerUnreachable(url) => page.run.echo_unreachable = Some(url),
        }
        Rc::new(page)
    }
}

/// `1.000 s`, in as many decimals as it needs.
fn count_seconds(t: f64) -> String {
    format!("{} s", times_text_of([t])[0])
}
