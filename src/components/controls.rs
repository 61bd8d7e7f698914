//! Run, Stop, Reset and the speed.

use yew::prelude::*;

use playground::link::Speed;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Every field parses.
    pub can_run: bool,
    pub running: bool,
    pub speed: Speed,
    pub onrun: Callback<()>,
    pub onstop: Callback<()>,
    pub onreset: Callback<()>,
    pub onspeed: Callback<Speed>,
}

#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="controls panel">
            <div class="buttons">
                <button id="run" class="primary" disabled={!props.can_run || props.running}
                    title={(!props.can_run).then_some("Fix the highlighted parameters first")}
                    onclick={click(&props.onrun)}>
                    <span aria-hidden="true">{ "▶ " }</span>{ "Run" }
                </button>
                <button id="stop" disabled={!props.running} onclick={click(&props.onstop)}>
                    <span aria-hidden="true">{ "■ " }</span>{ "Stop" }
                </button>
                <button id="reset" onclick={click(&props.onreset)}
                    title="Parameters back to the lecture's values, console cleared">
                    { "Reset" }
                </button>
            </div>
            <fieldset class="speed">
                <legend>{ "Speed" }</legend>
                { for Speed::ALL.iter().map(|&speed| {
                    let onspeed = props.onspeed.clone();
                    html! {
                        <label class={classes!((speed == props.speed).then_some("checked"))}>
                            <input type="radio" name="speed" value={speed.to_text()}
                                checked={speed == props.speed}
                                onchange={Callback::from(move |_: Event| onspeed.emit(speed))} />
                            { speed.label() }
                        </label>
                    }
                }) }
            </fieldset>
        </div>
    }
}
