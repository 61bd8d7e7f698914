//! Notes beside the console: what the run showed (elapsed against
//! sequential, what is unordered) and what changed from the slides. Never
//! mixed into the transcript.

use playground::examples;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NotesProps {
    pub notes: Vec<String>,
    pub hidden_during_run: bool,
    /// The example whose "Try this" edits (from the registry) are offered.
    pub example: &'static str,
    /// Apply edit N (from 1) and run it.
    pub ontry: Callback<usize>,
}

#[function_component(Notes)]
pub fn notes(props: &NotesProps) -> Html {
    let try_this = examples::find(props.example).map_or(&[][..], |e| e.try_this);
    html! {
        <aside class="notes panel" aria-label="Notes">
            <h3>{ "Notes" }</h3>
            if props.hidden_during_run {
                <p class="warning">
                    { "The tab was hidden during the run. Browsers slow down timers in hidden tabs, so the measured wall-clock time is unreliable. The output and virtual times are not affected." }
                </p>
            }
            if props.notes.is_empty() {
                <p class="muted">{ "Run the example to see how long it took on the event loop's clock." }</p>
            } else {
                <ul>{ for props.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
            }
            if !try_this.is_empty() {
                <h3>{ "Try this" }</h3>
                <ul class="try-this">
                    { for try_this.iter().enumerate().map(|(i, t)| {
                        let n = i + 1;
                        html! {
                            <li>
                                <button type="button" class="small" id={format!("try-this-{n}")}
                                    onclick={props.ontry.reform(move |_| n)}>{ t.label }</button>
                                { " " }{ t.shows }
                            </li>
                        }
                    }) }
                </ul>
            }
        </aside>
    }
}
