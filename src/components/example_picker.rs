//! The examples grouped by lecture section: a side list on wide screens, a
//! `<select>` on phones (the stylesheet shows one or the other).

use playground::examples::EXAMPLES;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExamplePickerProps {
    pub current: &'static str,
    pub onchoose: Callback<&'static str>,
}

/// The sections in lecture order, each with its examples.
fn sections() -> Vec<(&'static str, Vec<&'static playground::examples::Example>)> {
    let mut sections: Vec<(&'static str, Vec<_>)> = Vec::new();
    for example in EXAMPLES {
        let title = example.section.title();
        match sections.iter_mut().find(|(s, _)| *s == title) {
            Some((_, list)) => list.push(example),
            None => sections.push((title, vec![example])),
        }
    }
    sections
}

#[function_component(ExamplePicker)]
pub fn example_picker(props: &ExamplePickerProps) -> Html {
    let sections = sections();
    let onselect = {
        let onchoose = props.onchoose.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(example) = EXAMPLES.iter().find(|x| x.id == value) {
                onchoose.emit(example.id);
            }
        })
    };
    html! {
        <nav class="picker" aria-label="Examples">
            <label class="picker-select">
                <span class="visually-hidden">{ "Example" }</span>
                <select onchange={onselect}>
                    { for sections.iter().map(|(section, examples)| html! {
                        <optgroup label={*section}>
                            { for examples.iter().map(|x| html! {
                                <option value={x.id} selected={x.id == props.current}>{ x.title }</option>
                            }) }
                        </optgroup>
                    }) }
                </select>
            </label>
            <div class="picker-list">
                { for sections.iter().map(|(section, examples)| html! {
                    <section>
                        <h2>{ *section }</h2>
                        <ul>
                            { for examples.iter().map(|x| {
                                let onclick = {
                                    let onchoose = props.onchoose.clone();
                                    let id = x.id;
                                    Callback::from(move |e: MouseEvent| {
                                        e.prevent_default();
                                        onchoose.emit(id);
                                    })
                                };
                                let current = x.id == props.current;
                                html! {
                                    <li>
                                        <a href={format!("?example={}", x.id)}
                                           class={classes!(current.then_some("current"))}
                                           aria-current={current.then_some("page")}
                                           {onclick}>
                                            { x.title }
                                        </a>
                                    </li>
                                }
                            }) }
                        </ul>
                    </section>
                }) }
            </div>
        </nav>
    }
}
