//! The Event loop tab: Step, Next iteration and Restart on the tab's own
//! [`LoopSession`], and what it shows: the ready queue (the handles the
//! iteration in progress took at its start, then those queued during it,
//! which wait for the next iteration), the timer heap, what the last press
//! ran and printed, and every task's state. The model is
//! `crate::loop_session`; this file only draws its [`LoopPicture`].

use playground::examples::Example;
use playground::trace::TaskId;
use yew::prelude::*;

use crate::hooks::use_keyed;
use crate::loop_session::{Effect, HandleRow, Listing, LoopPicture, LoopSession, Ran, SelectRow};
use crate::program::Program;

fn task_colour(task: Option<TaskId>) -> Option<String> {
    task.map(|t| super::task_class(t.0))
}

/// A handle's name, and for a sleep timer the task it wakes.
fn handle_text(row: &HandleRow) -> Html {
    let wakes =
        row.task.filter(|_| row.wakes).map(|t| html! { <span class="wakes">{ format!(" → wakes {t}") }</span> });
    let cancelled = row.cancelled.then(|| html! { <span class="cancelled">{ " (cancelled)" }</span> });
    html! { <><code>{ &row.name }</code>{ wakes }{ cancelled }</> }
}

fn handle(row: &HandleRow, extra: Option<&'static str>) -> Html {
    html! {
        <li class={classes!("handle", task_colour(row.task), extra, row.cancelled.then_some("cancelled"))}>
            { handle_text(row) }
        </li>
    }
}

fn more_item<T>(listing: &Listing<T>) -> Option<Html> {
    let more = listing.more();
    (more > 0).then(|| html! { <li class="empty">{ format!("… and {more} more") }</li> })
}

/// A group of the ready queue, front first.
fn listed(listing: &Listing<HandleRow>, class: &'static str) -> Html {
    html! { <>{ for listing.shown.iter().map(|h| handle(h, Some(class))) }{ more_item(listing) }</> }
}

fn effect(effect: &Effect) -> Html {
    match effect {
        Effect::Printed { task, text, stderr, program } => html! {
            <li class={classes!("printed", task_colour(*task), stderr.then_some("stderr"))}>
                if !program.is_empty() {
                    <span class={classes!("source-label", format!("proc-{program}"))}>{ *program }</span>{ " " }
                }
                <span class="text" data-task={task.map(|t| t.0.to_string())}>{ text }</span>
            </li>
        },
        Effect::Did(text) => html! { <li class="did">{ text }</li> },
    }
}

fn ran_group(ran: &Ran) -> Html {
    let who = match &ran.handle {
        Some(h) => html! { <ul class="handles ran">{ handle(h, None) }</ul> },
        None if !ran.program.is_empty() => {
            html! { <p class="ran-script">{ format!("the {}'s code, up to its next blocking call", ran.program) }</p> }
        }
        None => html! { <p class="ran-script">{ "the top-level code, up to run_until_complete" }</p> },
    };
    html! {
        <div class="ran-group">
            { who }
            if !ran.effects.is_empty() {
                <ul class="effects">
                    { for ran.effects.iter().map(effect) }
                    if ran.more > 0 {
                        <li class="did more">{ format!("… and {} more", ran.more) }</li>
                    }
                </ul>
            }
        </div>
    }
}

fn ready_list(p: &LoopPicture) -> Html {
    let (this, next) = (&p.this_iteration, &p.next_iteration);
    if this.total == 0 && next.total == 0 {
        return html! { <li class="empty">{ "empty" }</li> };
    }
    let heading = (this.total > 0).then(|| {
        html! { <li class="divider first" aria-hidden="true">{ format!("left in iteration {}", p.iteration) }</li> }
    });
    let divider = (this.total > 0 && next.total > 0).then(|| {
        html! { <li class="divider" aria-hidden="true">{ "queued during it: they wait for the next iteration" }</li> }
    });
    html! { <>{ heading }{ listed(this, "this-iteration") }{ divider }{ listed(next, "next-iteration") }</> }
}

fn timer_list(p: &LoopPicture) -> Html {
    if p.timers.total == 0 {
        return html! { <li class="empty">{ "no timers" }</li> };
    }
    let rows = p.timers.shown.iter().map(|t| {
        html! {
            <li class={classes!("timer", task_colour(t.handle.task), t.handle.cancelled.then_some("cancelled"))}>
                <span class="when">{ format!("t={}", t.when) }</span>
                { handle_text(&t.handle) }
            </li>
        }
    });
    html! { <>{ for rows }{ more_item(&p.timers) }</> }
}

fn task_list(p: &LoopPicture) -> Html {
    if p.tasks.total == 0 {
        return html! { <li class="empty">{ "no tasks yet" }</li> };
    }
    let rows = p.tasks.shown.iter().map(|t| {
        html! {
            <li class={classes!("task", task_colour(Some(t.task)), t.class)} data-task={t.task.0.to_string()}>
                <b>{ t.task.to_string() }</b>
                <span class="coro">{ format!("{}()", t.coro) }</span>
                <span class="state">{ &t.state }</span>
            </li>
        }
    });
    html! { <>{ for rows }</> }
}

/// `[fd 3 listening on 127.0.0.1:56789, fd 4 to 127.0.0.1:40001]`
fn socket_list(sockets: &[String]) -> String {
    format!("[{}]", sockets.join(", "))
}

/// One `select()` call: what it was given, and what was ready when it returned.
fn select_row(c: &SelectRow) -> Html {
    let call = format!(
        "#{} t={} {}: select({}, {}, {}, {})",
        c.number,
        c.time,
        c.program,
        socket_list(&c.read),
        socket_list(&c.write),
        socket_list(&c.error),
        c.timeout
    );
    let (class, returned) = match &c.returned {
        Some((time, [r, w, x])) => (
            "select-returned",
            format!("→ t={time}: readable {}, writable {}, errors {}", socket_list(r), socket_list(w), socket_list(x)),
        ),
        None => ("select-returned waiting", "… waiting".to_string()),
    };
    html! {
        <li class="select-call" data-call={c.number.to_string()}><div>{ call }</div><div {class}>{ returned }</div></li>
    }
}

/// The `select()` calls of a hand-written event loop: what it asked, what was ready.
fn select_list(p: &LoopPicture) -> Html {
    html! {
        <section class="loop-box selects-box" aria-label="select() calls">
            <h4>{ "select() calls " }<small>{ format!("({}), the newest last", p.selects.total) }</small></h4>
            if p.selects.more() > 0 {
                <p class="timeline-more">{ format!("… {} earlier calls not listed", p.selects.more()) }</p>
            }
            <ol id="select-calls" class="selects">{ for p.selects.shown.iter().map(select_row) }</ol>
            <p class="explain">{ "The server's own event loop: it passes the sockets to read from, to write to and to check for errors; select() blocks its process until some are ready, and returns those." }</p>
        </section>
    }
}

fn program_list(p: &LoopPicture) -> Html {
    html! {
        <section class="loop-box programs-box" aria-label="Programs">
            <h4>{ "Programs" }</h4>
            <ul id="loop-programs" class="tasks">
                { for p.programs.iter().map(|(name, state)| html! {
                    <li class="task" data-program={*name}>
                        <span class={classes!("source-label", format!("proc-{name}"))}>{ *name }</span>
                        { " " }<span class="state">{ state }</span>
                    </li>
                }) }
            </ul>
            <p class="explain">{ "Each program is its own process: a blocking call blocks only its own." }</p>
        </section>
    }
}

#[derive(Properties)]
pub struct LoopViewProps {
    pub example: &'static Example,
    /// `None` while a field is invalid.
    pub program: Option<Program>,
}

impl PartialEq for LoopViewProps {
    fn eq(&self, other: &Self) -> bool {
        self.example.id == other.example.id && self.program == other.program
    }
}

#[function_component(LoopView)]
pub fn loop_view(props: &LoopViewProps) -> Html {
    // A new example, new parameters or a new program: a new run.
    let example = props.example;
    let session = use_keyed((example.id, props.program.clone()), move |(_, program)| {
        program.clone().map(|p| LoopSession::new(example, p))
    });
    let act = |f: fn(&mut LoopSession)| {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| session.change(|s| s.as_mut().into_iter().for_each(f)))
    };
    let onstep = act(LoopSession::step);
    let onnext = act(LoopSession::next_iteration);
    let onrestart = act(|s| *s = LoopSession::new(s.example(), s.program().clone()));

    let Some(p) = session.borrow().as_ref().map(LoopSession::picture) else {
        return html! {
            <section id="loop-view" class="loop-panel panel" aria-label="Event loop">
                <p class="view-empty">{ "Fix the parameters above to step through the event loop." }</p>
            </section>
        };
    };
    let ready_total = p.this_iteration.total + p.next_iteration.total;
    let ready_note = if p.this_iteration.total > 0 {
        format!(
            "Iteration {} still runs the first {}; callbacks scheduled by callbacks run this time around wait for the next iteration.",
            p.iteration, p.this_iteration.total
        )
    } else {
        "FIFO: call_soon appends to the back. The next iteration takes exactly the handles here at its start.".into()
    };
    html! {
        <section id="loop-view" class="loop-panel panel" aria-label="Event loop">
            <div class="view-bar loop-bar">
                <div class="buttons">
                    <button type="button" id="loop-step" class="primary" disabled={p.finished} onclick={onstep}>{ "Step" }</button>
                    <button type="button" id="loop-next-iteration" disabled={p.finished} onclick={onnext}>{ "Next iteration" }</button>
                    <button type="button" id="loop-restart" onclick={onrestart}>{ "Restart" }</button>
                </div>
                <span class="clock">
                    { "Iteration " }<b id="loop-iteration">{ p.iteration }</b>
                    { " · t = " }<b id="loop-time">{ &p.time }</b>
                </span>
            </div>
            <p id="loop-summary" class={classes!("loop-summary", p.sleeping.then_some("sleeping"), p.finished.then_some("finished"))}>
                { &p.happened.summary }
            </p>
            <div class="loop-grid">
                <section class="loop-box ran-box" aria-label="Just ran">
                    <h4>{ "Just ran" }</h4>
                    <div class="ran-list">
                        { for p.happened.ran.iter().map(ran_group) }
                        if p.happened.more > 0 {
                            <p class="ran-script">{ format!("… and {} more handles", p.happened.more) }</p>
                        }
                    </div>
                    <p class="explain">{ "A handle runs to its next await: the loop never interrupts it." }</p>
                </section>
                <section class="loop-box ready-box" aria-label="Ready queue">
                    <h4>{ "Ready queue " }<small>{ format!("({ready_total}), front first") }</small></h4>
                    <ol id="ready-queue" class="handles">{ ready_list(&p) }</ol>
                    <p class="explain">{ ready_note }</p>
                </section>
                <section class="loop-box timers-box" aria-label="Timers">
                    <h4>{ "Timers " }<small>{ format!("({}), earliest first", p.timers.total) }</small></h4>
                    <ol id="timers" class="handles">{ timer_list(&p) }</ol>
                    <p class="explain">{ "Ordered by (when, seq). When nothing is ready, the loop sleeps until the first; due timers move to the ready queue." }</p>
                </section>
                if !p.programs.is_empty() {
                    { program_list(&p) }
                }
                if p.selects.total > 0 {
                    { select_list(&p) }
                }
                <section class="loop-box tasks-box" aria-label="Tasks">
                    <h4>{ "Tasks" }</h4>
                    <ul id="loop-tasks" class="tasks">{ task_list(&p) }</ul>
                    if p.tasks.more() > 0 {
                        <p class="timeline-more">{ format!("… and {} more tasks", p.tasks.more()) }</p>
                    }
                    <p class="explain">{ "A task is a coroutine wrapped by create_task: it runs only when its step is a ready handle." }</p>
                </section>
            </div>
        </section>
    }
}
