//! The lecture's Python source with the current parameter values in it.

use yew::prelude::*;

use crate::python;

#[derive(Properties, PartialEq)]
pub struct SourceViewProps {
    pub file_name: &'static str,
    pub source: AttrValue,
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
        <figure class="source panel">
            <figcaption>{ props.file_name }</figcaption>
            <pre><code>{ (*code).clone() }</code></pre>
        </figure>
    }
}
