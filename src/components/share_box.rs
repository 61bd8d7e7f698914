//! Share (the link, copied) and Embed (a ready `<iframe>` snippet, with the
//! theme the course page wants). Each opens a panel over the page, so
//! nothing around the buttons moves, that shows the text it copies in a
//! field: where the browser has no clipboard for the page, that field is
//! selected and the message says how to copy it.

use playground::link::{PageQuery, Theme};
use yew::prelude::*;

use crate::clipboard::{self, use_copy, Copied};
use crate::links;

#[derive(Properties, PartialEq)]
pub struct ShareBoxProps {
    pub query: PageQuery,
    /// Why there is no link for the edited program (too long for one, or
    /// not compressed yet): said instead of a link or a snippet.
    pub problem: Option<AttrValue>,
}

#[derive(Clone, Copy, PartialEq)]
enum Panel {
    Link,
    Embed,
}

#[function_component(ShareBox)]
pub fn share_box(props: &ShareBoxProps) -> Html {
    let panel = use_state_eq(|| None::<Panel>);
    let theme = use_state_eq(|| props.query.theme.unwrap_or(Theme::Light));
    let link_field = use_node_ref();
    let snippet_field = use_node_ref();
    let link_copy = use_copy(link_field.clone());
    let snippet_copy = use_copy(snippet_field.clone());

    let link = links::link(&props.query);
    let snippet = links::embed_snippet(&props.query, *theme);
    // Share opens its panel and copies at once; a second press closes it.
    let onshare = {
        let (panel, link, copy, dismiss) =
            (panel.clone(), link.clone(), link_copy.copy.clone(), link_copy.dismiss.clone());
        let copies = props.problem.is_none();
        Callback::from(move |_: MouseEvent| {
            if *panel == Some(Panel::Link) {
                panel.set(None);
            } else {
                panel.set(Some(Panel::Link));
                dismiss.emit(());
                if copies {
                    copy.emit(link.clone());
                }
            }
        })
    };
    let onembed = {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| {
            panel.set(if *panel == Some(Panel::Embed) { None } else { Some(Panel::Embed) })
        })
    };
    let oncopy_link = {
        let (link, copy) = (link.clone(), link_copy.copy.clone());
        Callback::from(move |_: MouseEvent| copy.emit(link.clone()))
    };
    let oncopy_snippet = {
        let (snippet, copy) = (snippet.clone(), snippet_copy.copy.clone());
        Callback::from(move |_: MouseEvent| copy.emit(snippet.clone()))
    };
    let onkeydown = {
        let panel = panel.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                panel.set(None);
            }
        })
    };
    let keys = clipboard::this_browsers_copy_keys();
    let message = |outcome: Option<Copied>, what: &str| {
        html! {
            <p class={classes!("share-message", outcome.map(|o| format!("copy-{o:?}").to_lowercase()))}
                role="status">
                { outcome.map(|o| o.message(what, keys)).unwrap_or_default() }
            </p>
        }
    };
    // One line per 64 characters, so the whole snippet shows without scrolling.
    let snippet_rows = (snippet.len() / 64 + 2).to_string();

    html! {
        <div class="share" {onkeydown}>
            <div class="buttons">
                <button id="share" onclick={onshare} aria-expanded={(*panel == Some(Panel::Link)).to_string()}
                    aria-controls="share-panel">{ "Share link" }</button>
                <button id="embed" onclick={onembed} aria-expanded={(*panel == Some(Panel::Embed)).to_string()}
                    aria-controls="share-panel">{ "Embed" }</button>
            </div>
            if let (Some(problem), Some(_)) = (&props.problem, *panel) {
                <div class="share-panel" id="share-panel" role="group" aria-label="Share link">
                    <p class="share-problem" id="share-problem" role="alert">{ problem }</p>
                </div>
            } else if *panel == Some(Panel::Link) {
                <div class="share-panel" id="share-panel" role="group" aria-label="Share link">
                    <label for="share-link">{ if props.query.code.is_some() {
                        "A link to your edited program (it is in the link itself; no server sees it):"
                    } else {
                        "A link to this example with these values:"
                    } }</label>
                    <div class="copy-row">
                        <input id="share-link" type="text" readonly=true value={link} ref={link_field}
                            spellcheck="false" />
                        <button id="copy-link" onclick={oncopy_link}>{ "Copy" }</button>
                    </div>
                    { message(link_copy.outcome, "link") }
                </div>
            } else if *panel == Some(Panel::Embed) {
                <div class="share-panel embed-snippet" id="share-panel" role="group" aria-label="Embed">
                    <p>{ "Paste this into a course page. The script resizes the frame to its content." }</p>
                    <fieldset class="segmented theme-choice">
                        <legend>{ "Colours" }</legend>
                        { for Theme::ALL.into_iter().map(|t| {
                            let theme = theme.clone();
                            let (label, title) = match t {
                                Theme::Light => ("Light", "Light, whatever the student's system says"),
                                Theme::Dark => ("Dark", "Dark, whatever the student's system says"),
                                Theme::Auto => ("Auto", "Light or dark as the student's system is set"),
                            };
                            html! {
                                <button type="button" id={format!("embed-theme-{}", t.to_text())}
                                    class={classes!((*theme == t).then_some("checked"))}
                                    aria-pressed={(*theme == t).to_string()} {title}
                                    onclick={move |_| theme.set(t)}>{ label }</button>
                            }
                        }) }
                        <span class="theme-hint">{ "Auto: as each student's system is set." }</span>
                    </fieldset>
                    <textarea id="embed-code" readonly=true rows={snippet_rows} value={snippet}
                        ref={snippet_field} spellcheck="false" />
                    <div class="copy-row">
                        <button id="copy-snippet" onclick={oncopy_snippet}>{ "Copy snippet" }</button>
                        { message(snippet_copy.outcome, "snippet") }
                    </div>
                </div>
            }
        </div>
    }
}
