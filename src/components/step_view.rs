//! The Steps tab: the generator examples stepped one `next()` or `send()` at
//! a time, the counterpart of the Event loop tab. It shows the source with
//! the line each generator is paused on and the call that made the step,
//! the value that went in and the one that came out, and every live
//! generator's local variables (a generator another one iterates over is
//! drawn inside it). Back shows the kept record of an earlier step, so it is
//! instant; Step runs the program only as far as the next step.
//!
//! The model is `playground::steps::StepSession`; this file only draws its
//! [`StepPicture`].

use playground::examples::Example;
use playground::steps::{call_text, GeneratorState, In, Lifecycle, Mark, Out, StepPicture, StepSession};
use yew::prelude::*;

use crate::driver::{in_slices, Slices};
use crate::hooks::use_keyed;
use crate::program::Program;

/// What a session is made for: the example and its program.
type StepsKey = (&'static str, Option<Program>);
use crate::python;

#[derive(Properties)]
pub struct StepViewProps {
    pub example: &'static Example,
    /// The lecture's program with the form's values, or the edited one as
    /// last run; `None` while a field is invalid.
    pub program: Option<Program>,
}

impl PartialEq for StepViewProps {
    fn eq(&self, other: &Self) -> bool {
        self.example.id == other.example.id && self.program == other.program
    }
}

fn lifecycle_text(lifecycle: Lifecycle) -> &'static str {
    match lifecycle {
        Lifecycle::Created => "not started",
        Lifecycle::Suspended => "paused",
        Lifecycle::Running => "running",
        Lifecycle::Finished => "finished",
    }
}

/// The sentence above the step: what the step did.
fn summary(p: &StepPicture, source: &str) -> String {
    let Some(step) = &p.step else {
        if p.generators.is_empty() {
            return if p.finished {
                "The program ended without resuming a generator.".to_string()
            } else {
                "No generator has been made yet.".to_string()
            };
        }
        let names: Vec<String> = p.generators.iter().map(|g| format!("{}()", g.name)).collect();
        return format!(
            "Before the first step: {} made, not started. A generator runs only when next() or send() resumes it.",
            names.join(" and ")
        );
    };
    let call = step.call_line.and_then(|l| source.lines().nth((l as usize).checked_sub(1)?)).map(call_text);
    let by = match (&call, step.call_line) {
        (Some(call), Some(line)) => format!("{call} (line {line}) resumed {}", step.name),
        _ => format!("{} was resumed", step.name),
    };
    let what = match &step.out {
        Out::Yielded(_) => "it ran to its next yield and paused there, keeping its local variables",
        Out::Returned(_) => "it ran off its end: the generator is finished, and the call raised StopIteration",
        Out::Raised(_) => "it raised an exception, which the call passed on: the generator is finished",
    };
    format!("{by}: {what}.")
}

fn source_listing(source: &str, p: &StepPicture) -> Html {
    let rows = source.lines().enumerate().map(|(i, text)| {
        let number = i as u32 + 1;
        let marks: Vec<&Mark> = p.marks.iter().filter(|m| m.line == number).map(|m| &m.mark).collect();
        let call = marks.iter().any(|m| matches!(m, Mark::Call));
        let paused = marks.iter().find_map(|m| match m {
            Mark::Paused { name, lifecycle, .. } => Some((name.clone(), *lifecycle)),
            _ => None,
        });
        let label = match (&paused, call) {
            (Some((name, Lifecycle::Created)), _) => Some(format!("{name} waits here to start")),
            (Some((name, _)), _) => Some(format!("{name} is paused here")),
            (None, true) => Some("← this step's call".to_string()),
            (None, false) => None,
        };
        let tokens = python::tokens(text).into_iter().map(|(kind, t)| match kind.class() {
            Some(class) => html! { <span class={class}>{ t }</span> },
            None => html! { { t } },
        });
        html! {
            <div class={classes!("step-line", paused.is_some().then_some("paused"), call.then_some("call"))}
                data-line={number.to_string()}>
                <span class="step-number" aria-hidden="true">{ number }</span>
                <code>{ for tokens }</code>
                if let Some(label) = label {
                    <span class="step-mark">{ label }</span>
                }
            </div>
        }
    });
    html! {
        <figure class="step-source" aria-label="Where each generator is paused">
            <figcaption>{ p.generators.first().map_or("the program", |_| "where each generator is paused") }</figcaption>
            <div class="step-lines">{ for rows }</div>
        </figure>
    }
}

/// A generator's frame, with the generators it iterates over drawn inside.
fn frame(g: &GeneratorState, p: &StepPicture, depth: usize) -> Html {
    let line = g.line.map_or("no frame".to_string(), |l| format!("line {l}"));
    let locals = g.locals.iter().map(|local| {
        let inner = local.generator.filter(|_| depth < 4).and_then(|n| p.generator(n));
        html! {
            <li class="step-local" data-name={local.name.clone()}>
                <span class="step-name">{ &local.name }</span>
                if let Some(inner) = inner {
                    // The generator's repr (`<generator object get_odds at 0x...>`) is its frame, drawn here.
                    <code class="step-value" title={local.repr.clone()}>{ format!("{}(), whose frame is:", inner.name) }</code>
                    <div class="step-inner">{ frame(inner, p, depth + 1) }</div>
                } else {
                    <code class="step-value">{ &local.repr }</code>
                }
            </li>
        }
    });
    html! {
        <section class={classes!("step-frame", lifecycle_text(g.lifecycle).replace(' ', "-"))}
            data-generator={g.name.clone()} data-state={g.lifecycle.name()}
            data-line={g.line.map(|l| l.to_string())}>
            <header>
                <b>{ format!("{}()", g.name) }</b>
                <span class="step-state">{ lifecycle_text(g.lifecycle) }</span>
                <span class="step-at">{ line }</span>
            </header>
            if g.locals.is_empty() {
                <p class="step-none">{ if g.line.is_some() { "no local variables yet" } else { "its frame is gone" } }</p>
            } else {
                <ul class="step-locals">{ for locals }</ul>
            }
        </section>
    }
}

/// Generators no other generator holds in a local come first; the others
/// are drawn inside the one that holds them.
fn frames(p: &StepPicture) -> Html {
    let held: Vec<u32> = p.generators.iter().flat_map(|g| g.locals.iter().filter_map(|l| l.generator)).collect();
    let top = p.generators.iter().filter(|g| !held.contains(&g.number));
    html! {
        <section class="step-frames" aria-label="Generators">
            <h4>{ "Generators" }</h4>
            if p.generators.is_empty() {
                <p class="step-none">{ "none alive" }</p>
            }
            { for top.map(|g| frame(g, p, 0)) }
        </section>
    }
}

fn in_out(p: &StepPicture) -> Html {
    let Some(step) = &p.step else { return html! {} };
    let sent = match &step.sent {
        In::Value(v) => v.clone(),
        In::Thrown => "(an exception)".to_string(),
    };
    let (out_label, out_class) = match &step.out {
        Out::Yielded(_) => ("out (yielded)", "yielded"),
        Out::Returned(_) => ("out", "returned"),
        Out::Raised(_) => ("out (raised)", "raised"),
    };
    html! {
        <div class="step-io">
            <span class="step-io-box"><small>{ "in (sent)" }</small><code id="step-in">{ sent }</code></span>
            <span class="step-arrow" aria-hidden="true">{ "→" }</span>
            <span class={classes!("step-io-box", out_class)}><small>{ out_label }</small><code id="step-out">{ step.out.text() }</code></span>
            if step.inner_resumptions > 0 {
                <span class="step-inner-note">
                    { format!("inside it, {} resumed another generator {} time{}", step.name, step.inner_resumptions,
                        if step.inner_resumptions == 1 { "" } else { "s" }) }
                </span>
            }
        </div>
    }
}

#[function_component(StepView)]
pub fn step_view(props: &StepViewProps) -> Html {
    let example = props.example;
    let key = (example.id, props.program.clone());
    let session = use_keyed(key.clone(), move |(_, program)| {
        program.as_ref().map(|p| StepSession::of(example, p.start(example)))
    });
    // The program runs towards the step asked for in slices, one per frame:
    // the way to the first step of `range` with n=10000000 takes seconds.
    let slices = use_mut_ref(|| None::<(StepsKey, Slices)>);
    {
        let working = session.borrow().as_ref().is_some_and(StepSession::is_working);
        let mut slices = slices.borrow_mut();
        let running = slices.as_ref().is_some_and(|(k, s)| *k == key && s.is_running());
        if !working {
            *slices = None;
        } else if !running {
            let session = session.clone();
            let work = move || {
                let mut more = false;
                session.change(|s| more = s.as_mut().is_some_and(StepSession::work));
                more
            };
            *slices = Some((key, in_slices(work)));
        }
    }
    let act = |f: fn(&mut StepSession)| {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| session.change(|s| s.as_mut().into_iter().for_each(f)))
    };
    let onback = act(StepSession::back);
    let onforward = act(StepSession::forward);
    let onrestart = act(StepSession::rewind);

    let borrowed = session.borrow();
    let Some(s) = borrowed.as_ref() else {
        return html! {
            <section id="step-view" class="step-panel panel" aria-label="Steps">
                <p class="view-empty">{ "Fix the parameters above to step through the generators." }</p>
            </section>
        };
    };
    let p = s.picture();
    let source = s.source().to_string();
    let count = if p.finished { p.recorded.to_string() } else { format!("{} so far", p.recorded) };
    html! {
        <section id="step-view" class="step-panel panel" aria-label="Steps"
            data-position={p.position.to_string()} data-steps={p.recorded.to_string()}
            data-finished={p.finished.to_string()} data-working={s.is_working().to_string()}>
            <div class="view-bar">
                <div class="buttons">
                    <button type="button" id="step-back" disabled={!s.can_go_back()} onclick={onback}>{ "◀ Back" }</button>
                    <button type="button" id="step-forward" class="primary" disabled={!s.can_go_forward()} onclick={onforward}>{ "Step ▶" }</button>
                    <button type="button" id="step-restart" disabled={!s.can_go_back()} onclick={onrestart}>{ "Restart" }</button>
                </div>
                <span class="clock">
                    { "Step " }<b id="step-position">{ p.position }</b>{ " of " }<b id="step-count">{ count }</b>
                </span>
            </div>
            <p id="step-summary" class={classes!("loop-summary", p.finished.then_some("finished"))}>
                { if s.is_working() { "Running the program to its next step…".to_string() } else { summary(&p, &source) } }
            </p>
            { in_out(&p) }
            <div class="step-grid">
                { source_listing(&source, &p) }
                { frames(&p) }
            </div>
            <section class="step-printed" aria-label="Printed so far">
                <h4>{ "Printed so far" }</h4>
                if p.printed.is_empty() {
                    <p class="step-none">{ "nothing yet" }</p>
                } else {
                    <pre id="step-printed">
                        if p.printed_before > 0 {
                            <span class="step-none">{ format!("… {} line{} before\n", p.printed_before, if p.printed_before == 1 { "" } else { "s" }) }</span>
                        }
                        { p.printed.join("\n") }
                    </pre>
                }
            </section>
            if p.more > 0 {
                <p class="timeline-more">{ format!("The program took {} more steps than are kept here.", p.more) }</p>
            }
        </section>
    }
}
