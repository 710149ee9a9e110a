//! The source form: the generator or a loaded file feeding the input stream, its settings, the
//! input's schema, and a reference table to join it to.

use yew::prelude::*;

use super::{Field, Sample};
use crate::source::GENERATORS;
use crate::ui::state::{ColumnEdit, LoadedFile, FILE};

#[derive(Properties, PartialEq)]
pub struct SourceProps {
    /// The generator feeding the stream, or [`FILE`] for the loaded file.
    pub generator: String,
    pub file: Option<LoadedFile>,
    /// Replay the file at the pace of its `ROWTIME`s.
    pub pace: bool,
    pub stream: String,
    pub seed: u64,
    pub rate: f64,
    pub settings: String,
    /// The input stream and its columns, or why they cannot be known.
    pub source_hint: String,
    /// The loaded reference table's name, and its columns (or why there are none).
    pub reference_table: Option<String>,
    pub reference_hint: Option<String>,
    pub on_generator: Callback<Event>,
    pub on_file: Callback<Event>,
    pub on_pace: Callback<Event>,
    pub on_stream: Callback<Event>,
    pub on_seed: Callback<Event>,
    pub on_rate: Callback<Event>,
    pub on_settings: Callback<Event>,
    pub on_reference: Callback<Event>,
    pub on_reference_name: Callback<Event>,
    /// Called with a `CREATE OR REPLACE STREAM` of the loaded file's schema.
    pub on_declare: Callback<String>,
    /// Called when a column of the loaded file's schema is edited.
    pub on_column: Callback<(usize, ColumnEdit)>,
}

/// What feeds the application: a generator and its settings or a file, and a reference table.
#[function_component(SourceForm)]
pub fn source_form(props: &SourceProps) -> Html {
    html! {
        <div class="source">
            <h2>{"Source"}</h2>
            <div class="fields">
                <label class="field">{"Generator"}
                    <select id="generator" onchange={props.on_generator.clone()}>
                        { for GENERATORS.iter().map(|g| html! {
                            <option value={*g} selected={props.generator == *g}>{*g}</option>
                        }) }
                        if let Some(file) = &props.file {
                            <option value={FILE} selected={props.generator == FILE}>{format!("file: {}", file.name)}</option>
                        }
                    </select>
                </label>
                <label class="field">{"Or a file"}<input id="file" type="file" accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson" onchange={props.on_file.clone()} /></label>
                if props.file.is_some() {
                    <label class="field" title="Rows arrive when the clock reaches their ROWTIME (files with a ROWTIME column); otherwise all at once">
                        <input id="pace" type="checkbox" checked={props.pace} onchange={props.on_pace.clone()} />{"Replay at ROWTIME pace"}
                    </label>
                }
                <label class="field">{"Stream"}<Field id="stream" value={props.stream.clone()} onchange={props.on_stream.clone()} /></label>
                // A generator's settings; a file has none of these.
                if props.generator != FILE {
                    <label class="field">{"Seed"}<Field id="seed" kind="number" value={props.seed.to_string()} onchange={props.on_seed.clone()} /></label>
                    <label class="field">{"Rows per second"}<Field id="rate" kind="number" min="0.1" step="any" value={props.rate.to_string()} onchange={props.on_rate.clone()} /></label>
                    <label class="field wide">{"More settings"}<Field id="settings" placeholder="jitter=2s,late=0.05,duplicates=0.01" value={props.settings.clone()} onchange={props.on_settings.clone()} /></label>
                }
            </div>
            <p class="hint" id="source-schema">{props.source_hint.clone()}</p>
            <div class="fields">
                <label class="field" title="A file loaded whole, to JOIN the stream to (KDA's reference data source)">{"Reference table"}
                    <input id="reference-file" type="file" accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson" onchange={props.on_reference.clone()} />
                </label>
                if let Some(table) = &props.reference_table {
                    <label class="field">{"Table name"}<Field id="reference-name" value={table.clone()} onchange={props.on_reference_name.clone()} /></label>
                }
            </div>
            if let Some(hint) = &props.reference_hint {
                <p class="hint" id="reference-schema">{hint}</p>
            }
            if let (Some(file), true) = (&props.file, props.generator == FILE) {
                <Sample file={file.clone()} stream={props.stream.clone()} on_declare={props.on_declare.clone()} on_edit={props.on_column.clone()} />
            }
        </div>
    }
}
