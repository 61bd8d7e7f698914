//! The page: picker, example, form, controls, console and notes. The only
//! component that dispatches actions and that owns the running [`Driver`].

use yew::prelude::*;

use super::code_editor::{self, code_editor};
use super::console::Console;
use super::controls::Controls;
use super::example_picker::ExamplePicker;
use super::loop_view::LoopView;
use super::models_view::ModelsView;
use super::notes::Notes;
use super::param_form::ParamForm;
use super::share_box::ShareBox;
use super::source_view::SourceView;
use super::step_view::StepView;
use super::timeline::TimelineView;
use crate::driver::Driver;
use crate::editor_script;
use crate::links;
use crate::program::Program;
use crate::state::{Action, EditorReport, Page, RunState};
use playground::link::{PageQuery, Speed, Theme, View};

/// The page for the address it was opened with.
#[function_component(App)]
pub fn app() -> Html {
    html! { <Playground search={links::current_search()} /> }
}

#[derive(Properties, PartialEq)]
pub struct PlaygroundProps {
    /// The link the page starts from (`?example=...`), with its fragment
    /// (`#code=...`: an edited program) if any.
    pub search: AttrValue,
}

/// What a person did: [`perform`] does the driver's part and dispatches
/// the page's [`Action`]. Every control's callback is one of these.
enum Command {
    Run,
    Stop,
    Reset,
    SetSpeed(Speed),
    Choose(&'static str),
    ShowView(View),
    Edit(usize, String),
    /// Back or Forward to another entry of the page's history.
    OpenLink(PageQuery),
    /// The source view's Edit.
    OpenEditor,
    EditorInput(EditorReport),
    /// Apply the example's "Try this" edit N (from 1), and run it.
    TryThis(usize),
}

/// The running example, if any: dropping it stops the run.
type DriverSlot = std::rc::Rc<std::cell::RefCell<Option<Driver>>>;

fn perform(command: Command, page: &UseReducerHandle<Page>, driver: &DriverSlot) {
    match command {
        Command::Run => {
            if let Some(program) = page.program() {
                run(program, page, driver);
            }
        }
        Command::TryThis(n) => {
            let Some(source) = page.example.try_this_source(n, &page.shown_params()) else {
                return;
            };
            page.dispatch(Action::SetCode(source.clone()));
            run(Program::Edited { text: source.into(), params: page.shown_params() }, page, driver);
        }
        Command::OpenEditor => page.dispatch(Action::OpenEditor),
        Command::EditorInput(report) => page.dispatch(Action::EditorInput(report)),
        Command::Stop => {
            if let Some(d) = driver.borrow().as_ref() {
                d.stop();
            }
        }
        Command::Reset => {
            driver.borrow_mut().take();
            page.dispatch(Action::Reset);
        }
        Command::SetSpeed(speed) => {
            if let Some(d) = driver.borrow().as_ref() {
                d.set_speed(speed);
            }
            page.dispatch(Action::SetSpeed(speed));
        }
        Command::Choose(id) => {
            driver.borrow_mut().take();
            // One history entry per example, not per keystroke: Back returns to the one before.
            if id != page.example.id {
                links::keep_in_history();
            }
            page.dispatch(Action::ChooseExample(id));
        }
        Command::ShowView(view) => page.dispatch(Action::ShowView(view)),
        Command::Edit(field, text) => page.dispatch(Action::Edit { field, text }),
        Command::OpenLink(query) => {
            driver.borrow_mut().take();
            page.dispatch(Action::OpenLink(query));
        }
    }
}

/// Starts a run of `program`, stopping the one before.
fn run(program: Program, page: &UseReducerHandle<Page>, driver: &DriverSlot) {
    // Dropping the old driver disarms its timer before the new run starts.
    driver.borrow_mut().take();
    let run = program.start(page.example);
    // A page opened from a file has no server: an empty address fails at once.
    let echo_server = page.example.outside.map(|_| links::echo_server_url(page.ws.as_deref()).unwrap_or_default());
    *driver.borrow_mut() = Some(Driver::start_with(run, page.speed, page.dispatcher().to_callback(), echo_server));
}

/// Phones: at most this wide (CSS px), the lecture text and the form fill
/// the first screen, so an `autorun=1` link scrolls to the output. Wider
/// one-column windows (tablets) show the console's top on the first screen.
const PHONE_MAX_WIDTH: u32 = 600;

fn is_phone() -> bool {
    let query = format!("(max-width: {PHONE_MAX_WIDTH}px)");
    let list = web_sys::window().and_then(|w| w.match_media(&query).ok().flatten());
    list.is_some_and(|l| l.matches())
}

/// A control's callback: what it reports, as a command.
fn on<T: 'static>(command: &Callback<Command>, to_command: fn(T) -> Command) -> Callback<T> {
    command.reform(to_command)
}

/// The page's address and what goes with it: the address bar follows the
/// state, so a reload or a copied address shows the same page; Back and
/// Forward open their entry's link (`open`); the tab's title names the
/// example; the theme is the link's.
#[hook]
fn use_address(query: PageQuery, title: &'static str, theme: Option<Theme>, open: Callback<PageQuery>) {
    use_effect_with(query, links::show_in_address_bar);
    use_effect_with((), move |_| {
        let listening = links::OnHistory::listen(move |query| open.emit(query));
        move || drop(listening)
    });
    use_effect_with(title, |title| links::show_title(&format!("{title} · asyncio playground")));
    use_effect_with(theme, |theme| {
        let shown = links::ShownTheme::show(*theme);
        move || drop(shown)
    });
}

/// The example's source (or the editor, when the program is edited), and its second
/// program's (the clients of a server) under it: an edit replaces the first program only.
#[inline(never)]
fn sources(page: &Page, runnable: bool, onedit: Callback<()>) -> Html {
    let (example, params) = (page.example, page.shown_params());
    let first = match &page.code {
        Some(code) => code_editor(example.file_name, example.label, code),
        None => html! {
            <SourceView file_name={example.file_name} source={AttrValue::from(example.source(&params))} {runnable}
                label={example.label} onedit={Some(onedit)} />
        },
    };
    let Some((second, text)) = example.second.zip(example.second_source(&params)) else {
        return first;
    };
    html! {
        <>
            { first }
            <SourceView file_name={second.file_name} source={AttrValue::from(text)} {runnable} label={second.label} />
        </>
    }
}

/// The page for a given link (tests mount it without touching the address).
#[function_component(Playground)]
pub fn playground(props: &PlaygroundProps) -> Html {
    let page = use_reducer(|| Page::from_query(&links::read_query(&props.search)));
    let driver: DriverSlot = use_mut_ref(|| None::<Driver>);
    let command = {
        let (page, driver) = (page.clone(), driver.clone());
        Callback::from(move |command: Command| perform(command, &page, &driver))
    };

    let query = page.query();
    use_address(query.clone(), page.example.title, page.theme, on(&command, Command::OpenLink));
    {
        // `autorun=1` starts during the first render, not in an effect: Yew
        // runs effects after the browser has painted, which would put a
        // whole frame before the first line. The driver's first slice runs
        // at once, so the lines it reports are in the first paint. With an
        // invalid value nothing runs, and the console says why. A link's
        // program runs once the editor's script has opened it.
        let autorun_started = use_mut_ref(|| false);
        let opening = page.code.as_ref().is_some_and(|c| c.opening.is_some());
        if page.autorun && !opening && !*autorun_started.borrow() {
            *autorun_started.borrow_mut() = true;
            command.emit(Command::Run);
        }
    }
    let views = use_node_ref();
    {
        // On a phone the console is below the lecture text and the form: a
        // link that runs the example scrolls to its output. Never in an
        // embed, where scrolling would move the course page around it.
        let views = views.clone();
        let scroll = page.autorun && !page.embed;
        use_effect_with((), move |_| {
            if scroll && is_phone() {
                if let Some(views) = views.cast::<web_sys::Element>() {
                    views.scroll_into_view();
                }
            }
        });
    }

    let example = page.example;
    let shown_params = page.shown_params();
    let params = page.params();
    let can_run = page.program().is_some();
    let shown_program = page.shown_program();
    let sources = sources(&page, can_run, on(&command, |()| Command::OpenEditor));
    let lecture = (example.lecture)(&shown_params);
    let notes = if page.run.notes.is_empty() {
        example.changes.iter().map(|c| c.to_string()).collect()
    } else {
        page.run.notes.clone()
    };
    if page.code.is_some() {
        // The editor's script, the first time an editor is shown: like
        // `autorun=1` above, during the render, so it loads while Yew draws
        // the editor (it goes into <body>, outside what Yew renders).
        editor_script::load();
    }
    let running = page.run.state == RunState::Running;
    let link_problems: Html =
        page.link_problems.iter().map(|p| html! { <p class="link-problem" role="alert">{ p }</p> }).collect();

    // Two columns on wide screens: what you change (form, then the source it
    // changes) and what it does (controls, console, notes). On a phone the
    // stylesheet flattens the columns: form, controls, console, source.
    let workbench = html! {
        <div class="workbench">
            // The editor's `input` events bubble up to the column (its
            // textarea is the editor script's, not Yew's).
            <div class="column column-program" oninput={code_editor::oninput(on(&command, Command::EditorInput))}>
                <section class="form-panel panel" aria-label="Parameters">
                    <h3>{ "Parameters" }</h3>
                    <ParamForm example={example.id} fields={page.fields.clone()}
                        onedit={on(&command, |(field, text)| Command::Edit(field, text))} onsubmit={on(&command, |()| Command::Run)}
                        edited={page.code.is_some()} />
                </section>
                { sources }
            </div>
            <div class="column column-run">
                <Controls {can_run} {running} speed={page.speed}
                    onrun={on(&command, |()| Command::Run)} onstop={on(&command, |()| Command::Stop)}
                    onreset={on(&command, |()| Command::Reset)} onspeed={on(&command, Command::SetSpeed)} />
                <section class="views" ref={views}>
                    <div class="view-tabs" role="tablist" aria-label="What to show">
                        { for example.views.iter().copied().map(|view| {
                            let onview = on(&command, Command::ShowView);
                            html! {
                                <button type="button" role="tab" id={format!("tab-{}", view.to_text())}
                                    class={classes!("view-tab", (page.view == view).then_some("selected"))}
                                    aria-selected={(page.view == view).to_string()}
                                    onclick={move |_| onview.emit(view)}>{ view.label() }</button>
                            }
                        }) }
                    </div>
                    // The console stays mounted (and keeps following its run)
                    // while another view is shown.
                    <div role="tabpanel" aria-labelledby="tab-console" hidden={page.view != View::Console}>
                        <Console run={page.run.clone()} onretry={on(&command, |()| Command::Run)} />
                    </div>
                    if page.view == View::Timeline {
                        <div role="tabpanel" aria-labelledby="tab-timeline">
                            <TimelineView example={example} program={shown_program.clone()} state={page.run.state}
                                virtual_time={page.run.virtual_time} wall_ms={page.run.wall_ms} />
                        </div>
                    }
                    if page.view == View::EventLoop {
                        <div role="tabpanel" aria-labelledby="tab-loop">
                            <LoopView example={example} program={shown_program.clone()} />
                        </div>
                    }
                    if page.view == View::Steps {
                        <div role="tabpanel" aria-labelledby="tab-steps">
                            <StepView example={example} program={shown_program} />
                        </div>
                    }
                    if page.view == View::Models {
                        <div role="tabpanel" aria-labelledby="tab-models">
                            <ModelsView example={example} {params} edited={page.code.is_some()} />
                        </div>
                    }
                </section>
                if !page.embed {
                    <Notes {notes} hidden_during_run={page.run.hidden_during_run} example={example.id}
                        ontry={on(&command, Command::TryThis)} />
                }
            </div>
        </div>
    };

    if page.embed {
        return html! {
            <main class="page embed">
                { link_problems }
                { workbench }
                if page.run.hidden_during_run {
                    <p class="warning">{ "The tab was hidden during the run: the wall-clock time is unreliable." }</p>
                }
            </main>
        };
    }
    html! {
        <div class="page">
            <header class="top">
                <a class="brand" href="?">
                    <span class="logo" aria-hidden="true">{ "⟳" }</span>
                    <span>{ "asyncio playground" }</span>
                </a>
                <span class="tagline">{ "The lecture's examples on a real event loop, in your browser" }</span>
            </header>
            <div class="layout">
                <ExamplePicker current={example.id} onchoose={on(&command, Command::Choose)} />
                <main class="example">
                    { link_problems }
                    <div class="example-head">
                        <div>
                            <p class="section-name">{ example.section.title() }</p>
                            <h1>{ example.title }</h1>
                        </div>
                        <ShareBox query={query} problem={page.code_link_problem().map(AttrValue::from)} />
                    </div>
                    <p class="lecture">{ lecture }</p>
                    { workbench }
                </main>
            </div>
        </div>
    }
}
