//! The sessions saved in this browser: save the page's under a name, open one, forget one.

use yew::prelude::*;

use super::Field;

#[derive(Properties, PartialEq)]
pub struct SessionsProps {
    /// The names of the sessions saved in this browser.
    pub sessions: Vec<String>,
    /// The name typed for the session to save.
    pub on_name: Callback<Event>,
    pub on_save: Callback<MouseEvent>,
    /// Called with a saved session's name.
    pub on_open: Callback<String>,
    pub on_forget: Callback<String>,
}

/// The saved sessions, each to open or forget, and the page's to save.
#[function_component(Sessions)]
pub fn sessions(props: &SessionsProps) -> Html {
    html! {
        <details id="sessions" class="sessions">
            <summary>{format!("Saved sessions ({})", props.sessions.len())}</summary>
            <div class="fields">
                <Field id="session-name" placeholder="a name for this session" value="" onchange={props.on_name.clone()} />
                <button id="session-save" onclick={props.on_save.clone()} title="The code, the source and its settings, the speed, the application's name and small files, kept in this browser">{"Save"}</button>
            </div>
            <ul>
                { for props.sessions.iter().map(|name| {
                    let (open, forget) = (props.on_open.clone(), props.on_forget.clone());
                    let (a, b) = (name.clone(), name.clone());
                    html! {
                        <li>
                            <span class="name">{name}</span>
                            <button class="open" onclick={move |_| open.emit(a.clone())}>{"Open"}</button>
                            <button class="forget" onclick={move |_| forget.emit(b.clone())} title="Forget this saved session">{"Delete"}</button>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
