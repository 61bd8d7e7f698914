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
    let code = use_memo(props.source.clone(), |source| source_lines(source));
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

/// The coloured source, one block per line. A line too long for the panel
/// wraps under itself, four columns in from its own indentation (as Python
/// writes a continued line), so the panel never scrolls sideways.
fn source_lines(source: &str) -> Html {
    let mut lines: Vec<Html> = Vec::new();
    let mut line: Vec<Html> = Vec::new();
    let mut line_text = String::new();
    let mut end_line = |line: &mut Vec<Html>, line_text: &mut String| {
        let indent = line_text.len() - line_text.trim_start_matches(' ').len();
        let children = std::mem::take(line);
        lines.push(
            html! { <span class="src-line" style={format!("--indent: {indent}")}>{ for children }{ "\n" }</span> },
        );
        line_text.clear();
    };
    for (kind, text) in python::tokens(source) {
        let mut parts = text.split('\n').peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                line_text.push_str(part);
                let part = part.to_string();
                line.push(match kind.class() {
                    Some(class) => html! { <span {class}>{ part }</span> },
                    None => html! { { part } },
                });
            }
            if parts.peek().is_some() {
                end_line(&mut line, &mut line_text);
            }
        }
    }
    if !line.is_empty() {
        end_line(&mut line, &mut line_text);
    }
    lines.into_iter().collect()
}
