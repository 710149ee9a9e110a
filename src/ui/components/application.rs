//! The application panel: its name, export and import, and, once the control plane has it, its
//! status, operations, configuration, versions, metrics, logs, snapshots and description.

use std::rc::Rc;

use yew::prelude::*;

use super::panel::ConfigForms;
use super::{ChartCanvas, Field};
use crate::sql::flink::Connector;
use crate::ui::state::ControlView;

#[derive(Properties, PartialEq)]
pub struct ApplicationProps {
    /// The application's name (`CreateApplication`'s `ApplicationName`).
    pub app_name: String,
    /// What the page could not bring back of an imported application.
    pub import_note: Option<String>,
    /// The page's application in the control plane.
    pub control: Rc<ControlView>,
    /// Why the last operation from the panel failed, as AWS words it.
    pub panel_error: Option<String>,
    /// The last application exported or imported, as `DescribeApplication` shows it.
    pub described: Option<Rc<String>>,
    pub on_app_name: Callback<Event>,
    /// Downloads the application as `CreateApplication`'s JSON (the link's click).
    pub on_export: Callback<MouseEvent>,
    pub on_import: Callback<Event>,
    /// Exports the application to Flink with these options.
    pub on_flink: Callback<(Connector, bool)>,
    pub on_snapshot: Callback<MouseEvent>,
    pub on_rollback: Callback<MouseEvent>,
    /// Called with the name of the snapshot to restore.
    pub on_restore: Callback<String>,
    /// Runs a control plane operation from the configuration forms with its request.
    pub on_call: Callback<(&'static str, serde_json::Value)>,
}

/// The page's application as KDA knows it, and the control plane's operations on it.
#[function_component(ApplicationPanel)]
pub fn application_panel(props: &ApplicationProps) -> Html {
    let control = props.control.clone();
    let app_ready = control.status.as_deref() == Some("READY");
    let app_running = control.status.as_deref() == Some("RUNNING");
    html! {
        <div class="source application">
            <h2>{"Application"}</h2>
            <div class="fields">
                <label class="field">{"Name"}<Field id="app-name" value={props.app_name.clone()} onchange={props.on_app_name.clone()} /></label>
                <a id="export" class="button" href="#" download={format!("{}.json", props.app_name)} onclick={props.on_export.clone()}
                    title="The code, the generator and the reference table as the JSON of KDA's CreateApplication">{"Export as CreateApplication JSON"}</a>
                <label class="field">{"Import"}<input id="import" type="file" accept=".json,application/json" onchange={props.on_import.clone()} /></label>
                <button id="flink-export" onclick={props.on_flink.reform(|_| (crate::sql::flink::Connector::Filesystem, false))}
                    title="The application as an Apache Flink SQL job, beside its code, and the job's bundle as a zip file">{"Export to Flink"}</button>
            </div>
            <p class="hint">{"kdalite serve accepts the export: boto3.client(\"kinesisanalyticsv2\", endpoint_url=…).create_application(**json.load(open(\"NAME.json\")))"}</p>
            if let Some(note) = &props.import_note {
                <p class="hint" id="import-note">{note}</p>
            }
            if let Some(status) = &control.status {
                <div class="fields control" id="control">
                    <span class="hint">{format!("{} version {} is {status}", props.app_name, control.version)}</span>
                    <button id="snapshot" onclick={props.on_snapshot.clone()} disabled={!app_running} title="CreateApplicationSnapshot">{"Snapshot"}</button>
                    <button id="rollback" onclick={props.on_rollback.clone()} disabled={control.version < 2 || !app_running || control.snapshots.is_empty()} title="RollbackApplication: the previous version's code, from the latest snapshot (it must run and have one)">{"Roll back"}</button>
                </div>
                <ConfigForms detail={control.value.clone()} on_call={props.on_call.clone()} error={props.panel_error.clone()} />
                <details id="versions" class="logs">
                    <summary>{format!("Versions ({})", control.versions.len())}</summary>
                    <ul>{ for control.versions.iter().map(|(v, status)| html! { <li>{format!("version {v} ({status})")}</li> }) }</ul>
                </details>
                if !control.metrics.is_empty() {
                    <details id="app-metrics" class="logs" open=true>
                        <summary>{"Metrics"}</summary>
                        <div class="metric-charts">
                            { for control.metrics.iter().enumerate().map(|(i, spec)| html! {
                                <ChartCanvas id={format!("metrics-{i}")} spec={spec.clone()} />
                            }) }
                        </div>
                        <MetricParts parts={control.parts.clone()} />
                    </details>
                }
                if !control.logs.is_empty() {
                    <details id="logs" class="logs">
                        <summary>{"Log events"}</summary>
                        <ul>{ for control.logs.iter().map(|line| html! { <li>{line}</li> }) }</ul>
                    </details>
                }
                if !control.snapshots.is_empty() {
                    <ul id="snapshots" class="snapshots">
                        { for control.snapshots.iter().map(|(name, version)| {
                            let on_restore = props.on_restore.clone();
                            let snapshot = name.clone();
                            html! {
                                <li>
                                    <span>{format!("{name} (version {version})")}</span>
                                    <button class="restore" onclick={move |_| on_restore.emit(snapshot.clone())} disabled={!app_ready}
                                        title="StartApplication from this snapshot (the application must be READY)">{"Restore"}</button>
                                </li>
                            }
                        }) }
                    </ul>
                }
            }
            if let Some(described) = (!control.detail.is_empty()).then(|| control.detail.clone()).or_else(|| props.described.as_deref().cloned()) {
                <details id="describe">
                    <summary>{"DescribeApplication"}</summary>
                    <pre>{described}</pre>
                </details>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct MetricPartsProps {
    pub parts: Vec<crate::app::monitor::PartSample>,
}

/// The latest second's tasks or operators, as the application's `MetricsLevel` reports them:
/// nothing at APPLICATION, a row per pump at TASK, per operator at OPERATOR and PARALLELISM.
#[function_component(MetricParts)]
pub fn metric_parts(props: &MetricPartsProps) -> Html {
    if props.parts.is_empty() {
        return html! {};
    }
    html! {
        <table id="metric-parts" class="metric-parts">
            <thead><tr><th>{"task / operator"}</th><th>{"in/s"}</th><th>{"out/s"}</th><th>{"state"}</th></tr></thead>
            <tbody>
                { for props.parts.iter().map(|p| html! {
                    <tr>
                        <td>{p.name.clone()}</td>
                        <td>{format!("{:.0}", p.num_records_in_per_second)}</td>
                        <td>{format!("{:.0}", p.num_records_out_per_second)}</td>
                        <td>{p.state_entries}</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
