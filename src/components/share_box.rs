//! Share (copy the link) and Embed (a ready `<iframe>` snippet).

use yew::prelude::*;

use crate::links;
use playground::link::PageQuery;

#[derive(Properties, PartialEq)]
pub struct ShareBoxProps {
    pub query: PageQuery,
}

#[function_component(ShareBox)]
pub fn share_box(props: &ShareBoxProps) -> Html {
    let message = use_state(|| None::<&'static str>);
    let show_embed = use_state(|| false);
    let onshare =
        copy_on_click(links::link(&props.query), &message, "Link copied", "Copying was blocked: copy the address bar");
    let onembed = {
        let show_embed = show_embed.clone();
        Callback::from(move |_: MouseEvent| show_embed.set(!*show_embed))
    };
    let snippet = links::embed_snippet(&props.query);
    let oncopy_snippet = copy_on_click(
        snippet.clone(),
        &message,
        "Snippet copied",
        "Copying was blocked: select the snippet and copy it",
    );
    html! {
        <div class="share">
            <div class="buttons">
                <button id="share" onclick={onshare}>{ "Share link" }</button>
                <button id="embed" onclick={onembed} aria-expanded={show_embed.to_string()}>{ "Embed" }</button>
                if let Some(m) = *message {
                    <span class="share-message" role="status">{ m }</span>
                }
            </div>
            if *show_embed {
                <div class="embed-snippet">
                    <p>{ "Paste this into a course page. The script resizes the frame to its content." }</p>
                    <textarea id="embed-code" readonly=true rows="4" value={snippet} />
                    <button onclick={oncopy_snippet}>{ "Copy snippet" }</button>
                </div>
            }
        </div>
    }
}

/// A click that copies `text` to the clipboard and says how it went.
fn copy_on_click(
    text: String,
    message: &UseStateHandle<Option<&'static str>>,
    copied: &'static str,
    blocked: &'static str,
) -> Callback<MouseEvent> {
    let message = message.clone();
    Callback::from(move |_: MouseEvent| {
        let text = text.clone();
        let message = message.clone();
        wasm_bindgen_futures::spawn_local(async move {
            message.set(Some(if links::copy(text).await { copied } else { blocked }));
        });
    })
}
