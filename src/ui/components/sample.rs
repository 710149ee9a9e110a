//! A loaded file's sample: its discovered schema, editable, over its first records.

use yew::prelude::*;

use super::Field;
use crate::ui::state::{ColumnEdit, LoadedFile};

#[derive(Properties, PartialEq)]
pub struct SampleProps {
    pub file: LoadedFile,
    pub stream: String,
    /// Called with a `CREATE OR REPLACE STREAM` of the schema's columns.
    pub on_declare: Callback<String>,
    /// Called when a column's name, type or mapping is edited.
    pub on_edit: Callback<(usize, ColumnEdit)>,
}

/// A loaded file's input schema, editable (each column's name, type and mapping, as KDA's
/// discovery let users edit them), over its first records, each raw (as the file has it) above
/// the row it becomes (or why it cannot be one).
#[function_component(Sample)]
pub fn sample(props: &SampleProps) -> Html {
    let schema = props.file.schema.as_ref();
    // With an event-time column picked, a Flink table with a watermark on it; else a KDA stream.
    let event_time = use_state(String::new);
    let delay = use_state(|| 1u32);
    if schema.is_empty() {
        let why = props.file.discovery.as_ref().as_ref().err().cloned().unwrap_or_default();
        return html! { <p id="sample" class="error">{why}</p> };
    }
    let columns: Vec<String> = schema.iter().map(|c| format!("\"{}\" {}", c.name, c.sql_type)).collect();
    let statement = if event_time.is_empty() {
        format!("CREATE OR REPLACE STREAM \"{}\" ({});", props.stream, columns.join(", "))
    } else {
        let column = format!("\"{}\"", *event_time);
        let columns: Vec<String> =
            columns.iter().map(|c| c.replace(" VARCHAR", " STRING").replace(" TIMESTAMP", " TIMESTAMP(3)")).collect();
        format!(
            "CREATE TABLE \"{}\" ({},\n  WATERMARK FOR {column} AS {column} - INTERVAL '{}' SECOND);",
            props.stream,
            columns.join(", "),
            *delay
        )
    };
    let declare = props.on_declare.reform(move |_: MouseEvent| statement.clone());
    let times: Vec<String> =
        schema.iter().filter(|c| c.sql_type == crate::plan::SqlType::Timestamp).map(|c| c.name.clone()).collect();
    let on_event_time = {
        let event_time = event_time.clone();
        Callback::from(move |e: Event| event_time.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let on_delay = {
        let delay = delay.clone();
        Callback::from(move |e: Event| {
            if let Ok(v) = e.target_unchecked_into::<web_sys::HtmlInputElement>().value().parse() {
                delay.set(v);
            }
        })
    };
    let editor = |index: usize, what: &'static str, value: String, make: fn(String) -> ColumnEdit| {
        let on_edit = props.on_edit.clone();
        let onchange = Callback::from(move |e: Event| {
            on_edit.emit((index, make(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())))
        });
        html! { <Field class={format!("column-{what}")} id={format!("column-{what}-{index}")} label={format!("column {} {what}", index + 1)} {value} {onchange} /> }
    };
    let rows = match props.file.discovery.as_ref() {
        Ok(d) => d
            .raw
            .iter()
            .zip(&d.formatted)
            .enumerate()
            .map(|(i, (raw, row))| html! { <>
                <tr class="raw"><th>{format!("raw {}", i + 1)}</th>{ for raw.iter().map(|v| html! { <td>{v.clone().unwrap_or_default()}</td> }) }</tr>
                <tr class="formatted"><th>{"row"}</th>{ match row {
                    Ok(values) => values.iter().map(|v| html! { <td>{v}</td> }).collect::<Html>(),
                    Err(why) => html! { <td class="error" colspan={schema.len().to_string()}>{format!("to error_stream: {why}")}</td> },
                } }</tr>
            </> })
            .collect::<Html>(),
        Err(why) => html! { <tr><th></th><td id="schema-error" class="error" colspan={schema.len().to_string()}>{why}</td></tr> },
    };
    html! {
        <div id="sample" class="sample">
            <table>
                <thead>
                    <tr><th>{"name"}<span class="type">{"type"}</span><span class="mapping">{"from"}</span></th>{ for schema.iter().enumerate().map(|(i, c)| html! {
                        <th>
                            { editor(i, "name", c.name.clone(), ColumnEdit::Name) }
                            { editor(i, "type", c.sql_type.to_string(), ColumnEdit::Type) }
                            { editor(i, "mapping", c.mapping.clone(), ColumnEdit::Mapping) }
                        </th>
                    }) }</tr>
                </thead>
                <tbody>{ rows }</tbody>
            </table>
            <div class="fields">
                <label class="field">{"Event time"}
                    <select id="event-time" onchange={on_event_time}>
                        <option value="" selected={event_time.is_empty()}>{"none (KDA stream, ROWTIME)"}</option>
                        { for times.iter().map(|t| html! { <option value={t.clone()} selected={*event_time == *t}>{t}</option> }) }
                    </select>
                </label>
                if !event_time.is_empty() {
                    <label class="field">{"Watermark delay (s)"}<Field id="watermark-delay" kind="number" min="0" value={delay.to_string()} onchange={on_delay} /></label>
                }
                <button id="declare" onclick={declare} title="Put the discovered schema in the editor, to edit its types">{"Declare in editor"}</button>
            </div>
        </div>
    }
}
