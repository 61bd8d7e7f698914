//! The Models tab of `models`: the lecture's picture of the single thread
//! synchronous, the multi-threaded and the asynchronous model, as three
//! timelines on one time axis, one lane per task, computing drawn solid and
//! waiting hatched, each model's total beside it.
//!
//! The synchronous and asynchronous timelines are measured from a replay of
//! the run (the clock is virtual, so the replay is the console's run and
//! takes no time); the threaded one is drawn as its ideal, since threads
//! cannot run in a page. The model is `playground::examples::models`.

use std::rc::Rc;

use playground::examples::models::{expected_total, timelines, Doing, Model, ModelTimeline};
use playground::examples::{Example, Params};
use playground::Run;
use yew::prelude::*;

use crate::hooks::use_keyed;

#[derive(Properties)]
pub struct ModelsViewProps {
    pub example: &'static Example,
    /// `None` while a field is invalid.
    pub params: Option<Params>,
    /// The program is edited: the tab still draws the lecture's, and says so.
    #[prop_or_default]
    pub edited: bool,
}

impl PartialEq for ModelsViewProps {
    fn eq(&self, other: &Self) -> bool {
        self.example.id == other.example.id && self.params == other.params && self.edited == other.edited
    }
}

/// What the tab draws for one set of parameters.
struct Drawn {
    params: Params,
    timelines: Vec<ModelTimeline>,
}

fn replay(example: &'static Example, params: &Params) -> Drawn {
    let mut run = Run::new(example, params);
    run.run_to_end();
    let timelines = timelines(params, &run.trace());
    Drawn { params: params.clone(), timelines }
}

fn model_key(model: Model) -> &'static str {
    match model {
        Model::Synchronous => "synchronous",
        Model::Threaded => "threaded",
        Model::Asynchronous => "asynchronous",
    }
}

/// `0.8 s`, `1.4 s`: seconds with the decimals the parameters need.
fn seconds(t: f64) -> String {
    let text = format!("{t:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} s")
}

/// Left and width of `start..end` on an axis of `scale` seconds, in %.
fn place(start: f64, end: f64, scale: f64) -> String {
    let left = (start / scale * 100.0).clamp(0.0, 100.0);
    let width = ((end - start) / scale * 100.0).clamp(0.0, 100.0 - left);
    format!("left: {left:.3}%; width: {width:.3}%")
}

fn lane(timeline: &ModelTimeline, task: usize, scale: f64) -> Html {
    let name = format!("task {}", task + 1);
    let stretches = timeline.stretches.iter().filter(|s| s.task == task).map(|s| {
        let (class, what) = match s.doing {
            Doing::Computing => ("computing", "computes"),
            Doing::Waiting => ("waiting", "waits"),
        };
        html! {
            <span class={classes!("stretch", class)} data-doing={class}
                style={place(s.start, s.end, scale)}
                title={format!("{name} {what} from {} to {}", seconds(s.start), seconds(s.end))}></span>
        }
    });
    html! {
        <div class={classes!("model-lane", super::task_class(task as u32 + 1))} data-task={(task + 1).to_string()}>
            <span class="lane-label">{ &name }</span>
            <div class="lane-track">{ for stretches }</div>
        </div>
    }
}

fn model(timeline: &ModelTimeline, params: &Params, scale: f64) -> Html {
    let expected = expected_total(timeline.model, params.int("tasks"), params.seconds("compute"), params.seconds("io"));
    let how = if timeline.measured {
        "measured from the run"
    } else if timeline.model == Model::Threaded {
        "drawn: threads cannot run in a page"
    } else {
        "the run did not get this far"
    };
    let end = (timeline.total / scale).clamp(0.0, 1.0);
    html! {
        <section class={classes!("model", model_key(timeline.model))} data-model={model_key(timeline.model)}
            aria-label={timeline.model.title()}>
            <header class="model-head">
                <h4>{ timeline.model.title() }</h4>
                <span class="model-total" data-total={format!("{:.3}", timeline.total)}>{ format!("{:.2} s", timeline.total) }</span>
                <span class="model-rule">{ format!("{}: {expected:.2} s", timeline.model.rule()) }</span>
                <span class="model-how">{ how }</span>
            </header>
            <div class="model-lanes" style={format!("--end: {end:.4}")}>
                { for (0..timeline.tasks).map(|task| lane(timeline, task, scale)) }
            </div>
        </section>
    }
}

/// Ticks at round seconds across the axis.
fn axis(scale: f64) -> Html {
    let step = [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0].into_iter().find(|s| scale / s <= 8.0).unwrap_or(50.0);
    let count = (scale / step).floor() as usize;
    let ticks = (0..=count).map(|i| {
        let at = i as f64 * step / scale;
        // A tick near the right edge ends there instead of centring on it.
        let end = (at > 0.94).then_some("end");
        html! { <span class={classes!("model-tick", end)} style={format!("left: {:.3}%", at * 100.0)}>{ seconds(i as f64 * step) }</span> }
    });
    html! {
        <div class="model-axis" aria-hidden="true">
            <span class="lane-label"></span>
            <div class="lane-track">{ for ticks }</div>
        </div>
    }
}

#[function_component(ModelsView)]
pub fn models_view(props: &ModelsViewProps) -> Html {
    let example = props.example;
    let drawn = use_keyed(props.params.clone(), move |params| params.as_ref().map(|p| Rc::new(replay(example, p))));
    let Some(drawn) = drawn.borrow().clone() else {
        return html! {
            <section id="models-view" class="models-panel panel" aria-label="Models">
                <p class="view-empty">{ "Fix the parameters above to see the three models." }</p>
            </section>
        };
    };
    let p = &drawn.params;
    let scale = drawn.timelines.iter().map(|t| t.total).fold(0.0, f64::max).max(0.1);
    html! {
        <section id="models-view" class="models-panel panel" aria-label="Models">
            <div class="view-bar">
                <span class="view-caption">
                    { format!("{} tasks, each computing {} and then waiting {} for I/O; one time axis for all three.",
                        p.int("tasks"), seconds(p.seconds("compute")), seconds(p.seconds("io"))) }
                </span>
            </div>
            if props.edited {
                <p class="timeline-more" id="models-lecture">
                    { "The lecture's models for these values, not the edited program's." }
                </p>
            }
            <div class="models">
                { for drawn.timelines.iter().map(|t| model(t, p, scale)) }
                { axis(scale) }
            </div>
            <p class="timeline-legend">
                <span><i class="swatch running"></i>{ "computing: the CPU is busy" }</span>
                <span><i class="swatch waiting"></i>{ "waiting: for I/O, or for the thread" }</span>
                <span><i class="model-end-mark"></i>{ "total" }</span>
            </p>
        </section>
    }
}
