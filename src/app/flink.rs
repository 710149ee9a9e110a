//! An application taken to Managed Service for Apache Flink, the service AWS points KDA SQL
//! users to: kdalite's own operation `ExportApplicationToFlink` answers with the
//! `CreateApplication` request (runtime `FLINK-1_20`) of the application's code exported as a
//! Flink SQL job (`runtime::export`), its tables reading and writing the application's own
//! Kinesis streams, the job's bundle as the request's zip file (a Python application:
//! `run.py` runs `job.sql`).

use base64::Engine;
use serde_json::{json, Value};

use super::error::{ApiError, ApiResult};
use super::model::{ApplicationDetail, InputStartingPosition, RecordFormatType};
use crate::runtime::export::flink_bundle;
use crate::runtime::InputBinding;
use crate::sql::flink::{Connector, ExportOptions, KinesisStream};

/// The runtime the request asks for: the newest Managed Service for Apache Flink runs that the
/// exported jobs are checked on.
pub const RUNTIME: &str = "FLINK-1_20";

/// The connector JAR a job's `kinesis` tables need, as the request's `jarfile` names it: not in
/// the bundle (kdalite downloads nothing), so the user adds it.
const CONNECTOR_JAR: &str = "lib/flink-sql-connector-aws-kinesis-streams-5.0.0-1.20.jar";

/// The export's options for application `detail`: its tables on the application's own Kinesis
/// streams (inputs from where the application starts), in its region; and notes on what the
/// job cannot keep (Firehose streams, records read other than by their columns' names).
pub fn kinesis_options(detail: &ApplicationDetail, approximate: bool) -> (ExportOptions, Vec<String>) {
    let mut notes = Vec::new();
    let config = detail.application_configuration_description.clone().unwrap_or_default();
    let sql = config.sql_application_configuration_description.unwrap_or_default();
    let mut streams = Vec::new();
    for input in &sql.input_descriptions {
        let Some(kinesis) = &input.kinesis_streams_input_description else {
            notes.push(format!("input {} reads a Firehose delivery stream, which Flink cannot read", input.input_id));
            continue;
        };
        let start = match input.input_starting_position_configuration.input_starting_position {
            InputStartingPosition::TrimHorizon => "TRIM_HORIZON",
            // Flink carries on where it stopped from its snapshot, not from a starting position.
            InputStartingPosition::Now | InputStartingPosition::LastStoppedPoint => "LATEST",
        };
        // The job's tables read JSON fields by their columns' names.
        let schema = &input.input_schema;
        if schema.record_format.record_format_type == RecordFormatType::Csv {
            notes.push(format!(
                "input {}'s records are CSV: its table reads JSON, so give it 'format' = 'csv' and the delimiter",
                input.input_id
            ));
        }
        for column in &schema.record_columns {
            let field = column.mapping.as_deref().and_then(|m| m.strip_prefix("$.")).unwrap_or(&column.name);
            if field != column.name && schema.record_format.record_format_type == RecordFormatType::Json {
                let (id, name) = (&input.input_id, &column.name);
                notes.push(format!(
                    "input {id} maps column {name} from {}: the job's table reads the field {name} (declare the \
                     column as the field, a nested one as a ROW, and rename it in a view)",
                    column.mapping.as_deref().unwrap_or_default()
                ));
            }
        }
        for stream in &input.in_app_stream_names {
            streams.push((stream.clone(), KinesisStream { arn: kinesis.resource_arn.clone(), start: start.into() }));
        }
    }
    for output in &sql.output_descriptions {
        match &output.kinesis_streams_output_description {
            Some(kinesis) => streams
                .push((output.name.clone(), KinesisStream { arn: kinesis.resource_arn.clone(), start: String::new() })),
            None => notes.push(format!(
                "output {} ({}) is not a Kinesis data stream: its table writes one",
                output.output_id, output.name
            )),
        }
    }
    let options = ExportOptions {
        connector: Connector::Kinesis,
        approximate,
        region: detail.application_arn.split(':').nth(3).unwrap_or("us-east-1").to_string(),
        streams,
        ..Default::default()
    };
    (options, notes)
}

/// `ExportApplicationToFlink`'s answer for application `detail` running `code` over `bindings`
/// (as its engine would start): the request, the job's SQL, and what the user must know.
pub fn create_application_request(
    detail: &ApplicationDetail,
    code: &str,
    bindings: Vec<InputBinding>,
    start: i64,
    approximate: bool,
) -> ApiResult<Value> {
    let (options, mut notes) = kinesis_options(detail, approximate);
    let bundle = flink_bundle(&detail.application_name, code, bindings, start, &options).map_err(|e| {
        ApiError::new("InvalidApplicationConfigurationException", format!("Flink cannot run this application: {e}"))
    })?;
    let folder = &detail.application_name;
    let zip = bundle.zip(folder).map_err(|e| ApiError::invalid(e.to_string()))?;
    let job = bundle.text("job.sql");
    if bundle.job.tables.iter().any(|t| t.path.is_some()) {
        notes.push(
            "the reference tables are files in the bundle (data/): put them in S3 and name them in their tables' 'path'"
                .into(),
        );
    }
    notes.push(format!(
        "the job's kinesis tables need flink-connector-aws's JAR: add it to the zip as {folder}/{CONNECTOR_JAR}, \
         which the property jarfile names"
    ));
    notes.extend(
        bundle
            .job
            .notes
            .iter()
            .map(|n| format!("{}{}{}", if n.approximate { "approximate: " } else { "" }, n.text, n.place())),
    );
    let mut name: String = format!("{}-flink", detail.application_name);
    name.truncate(128);
    let request = json!({
        "ApplicationName": name,
        "ApplicationDescription": format!("{}, exported by kdalite from {} SQL", detail.application_name,
            if bundle.job.kda { "KDA" } else { "Flink" }),
        "RuntimeEnvironment": RUNTIME,
        "ServiceExecutionRole": detail.service_execution_role,
        "ApplicationConfiguration": {
            "ApplicationCodeConfiguration": {
                "CodeContent": { "ZipFileContent": base64::engine::general_purpose::STANDARD.encode(&zip) },
                "CodeContentType": "ZIPFILE",
            },
            "EnvironmentProperties": { "PropertyGroups": [{
                "PropertyGroupId": "kinesis.analytics.flink.run.options",
                "PropertyMap": { "python": format!("{folder}/run.py"), "jarfile": format!("{folder}/{CONNECTOR_JAR}") },
            }]},
            "FlinkApplicationConfiguration": {
                "CheckpointConfiguration": { "ConfigurationType": "DEFAULT" },
                "ParallelismConfiguration": {
                    "ConfigurationType": "CUSTOM", "Parallelism": 1, "ParallelismPerKPU": 1, "AutoScalingEnabled": false,
                },
            },
            "ApplicationSnapshotConfiguration": { "SnapshotsEnabled": true },
        },
    });
    Ok(json!({ "CreateApplicationRequest": request, "JobSql": job, "Notes": notes }))
}
