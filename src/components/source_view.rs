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
    /// The program's label when the example runs two (`server`, `clients`); its lines in
    /// the console carry the same label.
    #[prop_or_default]
    pub label: &'static str,
    /// Edit: the program goes into the editor (`code_editor.rs`); `None` for a program
    /// that is not edited (a server's clients).
    #[prop_or_default]
    pub onedit: Option<Callback<()>>,
}

#[function_component(SourceView)]
pub fn source_view(props: &SourceViewProps) -> Html {
    let code = use_memo(props.source.clone(), |source| source_lines(source));
    html! {
        <figure class={classes!("source", "panel", (!props.runnable).then_some("not-runnable"))}
            data-runnable={props.runnable.to_string()} data-program={(!props.label.is_empty()).then_some(props.label)}>
            <figcaption>
                <span>
                    if !props.label.is_empty() {
                        <span class={classes!("source-label", format!("proc-{}", props.label))}>{ props.label }</span>{ " " }
                    }
                    { props.file_name }
                    if !props.runnable {
                        <span class="source-stale">{ " · last valid values: correct the marked field to run" }</span>
                    }
                </span>
                if let Some(onedit) = &props.onedit {
                    <button type="button" class="small" id="edit" onclick={onedit.reform(|_| ())}>{ "Edit" }</button>
                }
            </figcaption>
            <pre><code>{ (*code).clone() }</code></pre>
        </figure>
    }
}

/// The coloured source, one block per line. A line too long for the panel
/// wraps under itself, four columns in from its own indentation (as Python
/// writes a continued line), so the panel never scrolls sideways. The
/// indentation and the first token never part: a line does not wrap into
/// an empty first row of spaces.
fn source_lines(source: &str) -> Html {
    let mut lines: Vec<Html> = Vec::new();
    let mut line: Vec<(Option<&'static str>, String)> = Vec::new();
    for (kind, text) in python::tokens(source) {
        let mut parts = text.split('\n').peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                line.push((kind.class(), part.to_string()));
            }
            if parts.peek().is_some() {
                lines.push(source_line(std::mem::take(&mut line)));
            }
        }
    }
    if !line.is_empty() {
        lines.push(source_line(line));
    }
    lines.into_iter().collect()
}

fn source_line(mut tokens: Vec<(Option<&'static str>, String)>) -> Html {
    let text: String = tokens.iter().map(|(_, t)| t.as_str()).collect();
    let indent = text.len() - text.trim_start_matches(' ').len();
    // The tokens up to the first that is not all spaces stay on one row.
    let lead = tokens.iter().position(|(_, t)| !t.trim_start_matches(' ').is_empty()).map_or(0, |i| i + 1);
    // Uncoloured text is one token up to the next coloured one (`x = socket.socket(a, b)`
    // has none): only its first word stays with the indentation, the rest may wrap.
    if let Some((None, first)) = tokens.get(lead.wrapping_sub(1)) {
        let start = first.len() - first.trim_start_matches(' ').len();
        if let Some(space) = first[start..].find(' ') {
            let rest = first[start + space..].to_string();
            tokens[lead - 1].1.truncate(start + space);
            tokens.insert(lead, (None, rest));
        }
    }
    let token = |(class, text): &(Option<&'static str>, String)| match class {
        Some(class) => html! { <span class={*class}>{ text.clone() }</span> },
        None => html! { { text.clone() } },
    };
    html! {
        <span class="src-line" style={format!("--indent: {indent}")}>
            <span class="src-lead">{ for tokens[..lead].iter().map(token) }</span>
            { for tokens[lead..].iter().map(token) }{ "\n" }
        </span>
    }
}
