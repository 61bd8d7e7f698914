//! The lecture's Python source with the current parameter values in it.
//! While a field holds an invalid value the source keeps that field's last
//! valid one and says it is not what Run would run.

use yew::prelude::*;

use crate::python;

#[derive(Properties, PartialEq)]
pub struct SourceViewProps {
    pub file_name: &'static str,
    pub source: AttrValue,
    /// Every field parses: the source is what Run runs.
    pub runnable: bool,
}

#[function_component(SourceView)]
pub fn source_view(props: &SourceViewProps) -> Html {
    let code = use_memo(props.source.clone(), |source| {
        python::tokens(source)
            .into_iter()
            .map(|(kind, text)| match kind.class() {
                Some(class) => html! { <span {class}>{ text }</span> },
                None => html! { { text } },
            })
            .collect::<Html>()
    });
    html! {
        <figure class={classes!("source", "panel", (!props.runnable).then_some("not-runnable"))}
            data-runnable={props.runnable.to_string()}>
            <figcaption>
                { props.file_name }
                if !props.runnable {
                    <span class="source-stale">{ " · last valid values: correct the marked field to run" }</span>
                }
            </figcaption>
            <pre><code>{ (*code).clone() }</code></pre>
        </figure>
    }
}
