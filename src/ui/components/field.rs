//! The field the page sets only when its value changes, and an error shown where it belongs.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    /// What the field shows ("true" or "false" for a checkbox): set when it changes, so what a
    /// user is typing stays until they commit it, whatever redraws the page meanwhile.
    pub value: AttrValue,
    #[prop_or_default]
    pub onchange: Option<Callback<Event>>,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    #[prop_or_default]
    pub step: Option<AttrValue>,
    #[prop_or_default]
    pub class: Option<AttrValue>,
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// An input whose value the page sets only when its own value changes. (Yew's `value`
/// attribute puts the page's value back on every redraw, which ten redraws a second while an
/// application runs turn into typing that will not stay.)
#[function_component(Field)]
pub fn field(props: &FieldProps) -> Html {
    let node = use_node_ref();
    {
        let (node, checkbox) = (node.clone(), props.kind == "checkbox");
        use_effect_with(props.value.clone(), move |value| {
            if let Some(input) = node.cast::<web_sys::HtmlInputElement>() {
                if checkbox {
                    input.set_checked(value == "true");
                } else {
                    input.set_value(value);
                }
            }
        });
    }
    html! {
        <input ref={node} id={props.id.clone()} type={props.kind.clone()} placeholder={props.placeholder.clone()}
            min={props.min.clone()} step={props.step.clone()} class={props.class.clone()} aria-label={props.label.clone()}
            onchange={props.onchange.clone()} spellcheck="false" />
    }
}

/// An error in the code, with its line and column when it has them.
pub fn error_view(id: &'static str, error: &crate::ui::state::StartError) -> Html {
    html! {
        <div id={id} class="error" role="alert">
            if let (Some(line), Some(column)) = (error.line, error.column) {
                <span class="where">{format!("Line {line}, column {column}")}</span>
            }
            <span>{&error.message}</span>
        </div>
    }
}
