//! The toolbar over the editor: run, stop, pause and step the application, format the code,
//! pick a template, share the session, set the clock's speed.

use yew::prelude::*;

/// Speeds offered: virtual milliseconds per wall millisecond.
const SPEEDS: &[(f64, &str)] = &[(0.1, "×0.1"), (1.0, "×1"), (10.0, "×10"), (100.0, "×100"), (1000.0, "×1000")];

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub running: bool,
    /// Running, but the clock stands still (the steps move it).
    pub paused: bool,
    /// The clock's speed: virtual milliseconds per wall millisecond.
    pub speed: f64,
    /// The page is embedded: no templates, no Share.
    pub embed: bool,
    pub on_run: Callback<()>,
    pub on_stop: Callback<()>,
    pub on_pause: Callback<MouseEvent>,
    /// While paused: up to the next row's arrival.
    pub on_step_row: Callback<MouseEvent>,
    /// While paused: one second of virtual time.
    pub on_step_second: Callback<MouseEvent>,
    pub on_format: Callback<MouseEvent>,
    pub on_template: Callback<Event>,
    pub on_share: Callback<MouseEvent>,
    pub on_speed: Callback<Event>,
}

/// The buttons and pickers over the editor.
#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    html! {
        <div class="toolbar">
            <button id="run" class="primary" onclick={props.on_run.reform(|_| ())} title="Run (Ctrl+Enter)">{ if props.running { "Restart" } else { "Run" } }</button>
            <button id="stop" onclick={props.on_stop.reform(|_| ())} disabled={!props.running}>{"Stop"}</button>
            <button id="pause" onclick={props.on_pause.clone()} disabled={!props.running} aria-pressed={props.paused.to_string()}>{ if props.paused { "Resume" } else { "Pause" } }</button>
            <button id="step-row" onclick={props.on_step_row.clone()} disabled={!props.running || !props.paused} title="Up to the next row's arrival">{"Next row"}</button>
            <button id="step-second" onclick={props.on_step_second.clone()} disabled={!props.running || !props.paused} title="One second of virtual time">{"+1 s"}</button>
            <button id="format" onclick={props.on_format.clone()} title="Format the code (Shift+Alt+F)">{"Format"}</button>
            if !props.embed {
                <select id="template" onchange={props.on_template.clone()} aria-label="Templates" title="Applications to start from">
                    <option value="" selected=true>{"Templates…"}</option>
                    { for crate::templates::TEMPLATES.iter().enumerate().map(|(i, t)| html! { <option value={i.to_string()}>{t.name}</option> }) }
                </select>
                <button id="share" onclick={props.on_share.clone()} title="The session (code, source, settings, small files) as a link">{"Share"}</button>
            }
            <label class="field">{"Speed"}
                <select id="speed" onchange={props.on_speed.clone()}>
                    { for SPEEDS.iter().map(|(v, label)| html! {
                        <option value={v.to_string()} selected={(props.speed - v).abs() < 1e-9}>{*label}</option>
                    }) }
                </select>
            </label>
        </div>
    }
}
