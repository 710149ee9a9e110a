//! The page's **Export to Flink**: the application translated to an Apache Flink SQL job as
//! `kdalite export --to flink` writes it (`runtime::export::flink_bundle`, over the page's own
//! inputs), shown beside the original with what was translated how, and the bundle as a zip
//! file to download.

use std::rc::Rc;

use yew::prelude::*;

use super::state::{Exported, FlinkView, PlaygroundState, StartError};
use crate::app::model::ApplicationDetail;
use crate::error::Result;
use crate::runtime::export::flink_bundle;
use crate::runtime::InputSource;
use crate::source::file::{Chunk, FileInput};
use crate::sql::flink::{Connector, ExportOptions};

/// The largest input file the page exports (the bundle holds its rows, and the page builds the
/// bundle in memory); `kdalite export` takes files of any size.
const FILE_BYTES: usize = 64 << 20;

/// Exports the page's application (its code, its inputs as they are bound to run it).
pub async fn export(state: PlaygroundState, connector: Connector, approximate: bool) -> FlinkView {
    let result = bundle(&state, connector, approximate).await.map_err(|e| StartError::of(&e));
    FlinkView { original: state.sql, connector, approximate, result }
}

async fn bundle(state: &PlaygroundState, connector: Connector, approximate: bool) -> Result<Exported> {
    let mut bindings = state.bindings()?;
    for binding in &mut bindings {
        if let InputSource::File { name, input, .. } = &mut binding.source {
            *input = read_whole(name, input).await?;
        }
    }
    // Unzipped into /tmp, the bundle's paths are where job.sql says; run.py finds them anywhere.
    let folder: String =
        state.app_name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    let base = format!("file:///tmp/{folder}/");
    // Over Kinesis, the streams of the application as its CreateApplication JSON names them.
    let described = (connector == Connector::Kinesis).then(|| described(state));
    let options = match &described {
        Some(Ok(detail)) => ExportOptions { base, ..crate::app::flink::kinesis_options(detail, approximate).0 },
        _ => ExportOptions { connector, base, approximate, ..Default::default() },
    };
    let msf = described.map(|detail| detail.and_then(|detail| msf_request(state, &detail, approximate)));
    let bundle = flink_bundle(&state.app_name, &state.sql, bindings, state.start(), &options)?;
    let zip = bundle.zip(&folder)?;
    let blob = gloo::file::Blob::new_with_options(zip.as_slice(), Some("application/zip"));
    Ok(Exported {
        kda: bundle.job.kda,
        job: bundle.text("job.sql").unwrap_or_default(),
        notes: bundle.job.notes,
        file_name: format!("{folder}-flink.zip"),
        bytes: zip.len(),
        url: gloo::file::ObjectUrl::from(blob),
        msf,
    })
}

/// The page's application as its `CreateApplication` JSON describes it (its generator a Kinesis
/// stream of its name; a file has none).
fn described(state: &PlaygroundState) -> std::result::Result<ApplicationDetail, String> {
    let playground = state.playground().map_err(|e| e.to_string())?;
    let (_, described) = crate::app::export::export(&playground).map_err(|e| format!("{}: {}", e.kind, e.message))?;
    serde_json::from_value(described["ApplicationDetail"].clone()).map_err(|e| e.to_string())
}

/// The application as Managed Service for Apache Flink's `CreateApplication` request, as
/// `kdalite serve`'s `ExportApplicationToFlink` answers it, as a data link.
fn msf_request(
    state: &PlaygroundState,
    detail: &ApplicationDetail,
    approximate: bool,
) -> std::result::Result<String, String> {
    let bindings = state.bindings().map_err(|e| e.to_string())?;
    let answer =
        crate::app::flink::create_application_request(detail, &state.sql, bindings, state.start(), approximate)
            .map_err(|e| format!("{}: {}", e.kind, e.message))?;
    let request = serde_json::to_string_pretty(&answer["CreateApplicationRequest"]).map_err(|e| e.to_string())?;
    Ok(format!("data:application/json;charset=utf-8,{}", js_sys::encode_uri_component(&request)))
}

/// A picked file's bytes, read whole (as the engine reads it, a chunk at a time from its
/// `Blob`, waiting for each).
async fn read_whole(name: &str, input: &mut FileInput) -> Result<FileInput> {
    let mut bytes = Vec::new();
    loop {
        match input.chunks.next_chunk()? {
            Chunk::Bytes(chunk) => bytes.extend_from_slice(&chunk),
            Chunk::Pending => gloo::timers::future::TimeoutFuture::new(0).await,
            Chunk::End => return Ok(FileInput::from_bytes(bytes)),
        }
        if bytes.len() > FILE_BYTES {
            return crate::input_err!(
                "{name} is over {} MB, more than the page exports: run kdalite export --to flink with --input",
                FILE_BYTES >> 20
            );
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct FlinkPaneProps {
    pub view: Rc<FlinkView>,
    /// Export again with these options.
    pub on_export: Callback<(Connector, bool)>,
    pub on_close: Callback<()>,
}

/// The export beside the original: options, the download, the job, the notes.
#[function_component(FlinkPane)]
pub fn flink_pane(props: &FlinkPaneProps) -> Html {
    let view = &props.view;
    let on_connector = {
        let (on_export, approximate) = (props.on_export.clone(), view.approximate);
        Callback::from(move |e: Event| {
            let kinesis = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value() == "kinesis";
            on_export.emit((if kinesis { Connector::Kinesis } else { Connector::Filesystem }, approximate));
        })
    };
    let on_approximate = {
        let (on_export, connector, approximate) = (props.on_export.clone(), view.connector, view.approximate);
        Callback::from(move |_: Event| on_export.emit((connector, !approximate)))
    };
    let dialect = match &view.result {
        Ok(exported) if exported.kda => "KDA SQL",
        Ok(_) => "Flink SQL",
        Err(_) => "The application",
    };
    html! {
        <section id="flink" class="flink" role="dialog" aria-label="Export to Apache Flink">
            <header>
                <h2>{"Export to Apache Flink"}</h2>
                <label class="field" title="Where the job's tables read and write">{"Connector"}
                    <select id="flink-connector" onchange={on_connector}>
                        <option value="filesystem" selected={view.connector == Connector::Filesystem}>{"filesystem (the rows in the bundle)"}</option>
                        <option value="kinesis" selected={view.connector == Connector::Kinesis}>{"kinesis (data streams)"}</option>
                    </select>
                </label>
                <label class="field" title="Write the closest Flink form of what Flink cannot express (each one noted) instead of refusing it">
                    <input id="flink-approximate" type="checkbox" checked={view.approximate} onchange={on_approximate} />{"Approximate what Flink cannot express"}
                </label>
                if let Ok(exported) = &view.result {
                    <a id="flink-download" class="button primary" href={exported.url.to_string()} download={exported.file_name.clone()}>
                        {format!("Download {} ({} KB)", exported.file_name, exported.bytes.div_ceil(1024))}
                    </a>
                }
                <button id="flink-close" onclick={props.on_close.reform(|_| ())}>{"Close"}</button>
            </header>
            if let Err(error) = &view.result {
                { super::components::error_view("flink-error", error) }
            }
            <div class="flink-columns">
                <div>
                    <h3>{dialect}</h3>
                    <pre id="flink-original">{&view.original}</pre>
                </div>
                if let Ok(exported) = &view.result {
                    <div>
                        <h3>{"Flink SQL: job.sql"}</h3>
                        <pre id="flink-job">{&exported.job}</pre>
                    </div>
                }
            </div>
            if let Ok(exported) = &view.result {
                if !exported.notes.is_empty() {
                    <h3>{"What was translated, and how"}</h3>
                    <ul id="flink-notes">
                        { for exported.notes.iter().map(|note| html! {
                            <li class={classes!(note.approximate.then_some("approximate"))}>
                                if note.approximate { <strong>{"Approximate: "}</strong> }
                                {format!("{}{}", note.text, note.place())}
                            </li>
                        }) }
                    </ul>
                }
                <p class="hint">{"Unzip it into /tmp, then run python run.py (pip install apache-flink==2.3.0) or Flink's sql-client.sh -f job.sql: its README says how, and how to run it on Managed Service for Apache Flink."}</p>
                { msf_link(exported) }
            }
        </section>
    }
}

/// Over Kinesis, the link to Managed Service for Apache Flink's `CreateApplication`, or why
/// there is none.
fn msf_link(exported: &Exported) -> Html {
    match &exported.msf {
        Some(Ok(url)) => html! {
            <p class="hint">
                <a id="flink-msf" href={url.clone()} download={exported.file_name.replace("-flink.zip", "-msf.json")}>
                    {"CreateApplication for Managed Service for Apache Flink (JSON)"}
                </a>
                {": aws kinesisanalyticsv2 create-application --cli-input-json file://… (runtime FLINK-1_20, the bundle as its code; add the Kinesis connector's JAR, as the README says)"}
            </p>
        },
        Some(Err(why)) => html! {
            <p class="hint" id="flink-msf-none">{format!("No CreateApplication for Managed Service for Apache Flink: {why}")}</p>
        },
        None => Html::default(),
    }
}
