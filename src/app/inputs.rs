//! A SQL application's inputs, outputs and reference data sources (KDA's
//! `SqlApplicationConfiguration`) and `DiscoverInputSchema`, simulated locally:
//!
//! - a Kinesis stream or Firehose delivery stream is one of kdalite's generators, the one
//!   whose name its own name contains (`…:stream/sensors-prod` is `sensors`), KDA's demo
//!   ticker otherwise; its records are read under the input's `InputSchema`;
//! - an S3 object (a reference table, or a sample to discover a schema from) is a file the
//!   control plane was given ([`super::service::Applications::put_object`]) or, natively,
//!   `S3_DIR/BUCKET/KEY` (`kdalite serve --s3-dir`);
//! - an output's destination receives the rows of its in-application stream, formatted as its
//!   `DestinationSchema` says; the control plane counts them and keeps the latest.

use serde::Deserialize;
use serde_json::{json, Value};

use super::error::{ApiError, ApiResult};
use super::model::*;
use crate::runtime::{InputBinding, InputSource};
use crate::source::file::RecordColumn;
use crate::source::GeneratorSpec;

/// KDA's limits for a SQL application.
pub const MAX_INPUTS: usize = 1;
pub const MAX_OUTPUTS: usize = 3;
pub const MAX_REFERENCE_DATA_SOURCES: usize = 1;

/// Records a discovery reads.
const DISCOVERY_RECORDS: usize = 10;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputRequest {
    name_prefix: String,
    #[serde(default)]
    kinesis_streams_input: Option<ResourceDescription>,
    #[serde(default)]
    kinesis_firehose_input: Option<ResourceDescription>,
    #[serde(default)]
    input_parallelism: Option<InputParallelism>,
    input_schema: SourceSchema,
    #[serde(default)]
    input_processing_configuration: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputRequest {
    name: String,
    #[serde(default)]
    kinesis_streams_output: Option<ResourceDescription>,
    #[serde(default)]
    kinesis_firehose_output: Option<ResourceDescription>,
    #[serde(default)]
    lambda_output: Option<ResourceDescription>,
    destination_schema: DestinationSchema,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReferenceRequest {
    table_name: String,
    #[serde(default)]
    s3_reference_data_source: Option<S3ReferenceDataSourceDescription>,
    reference_schema: SourceSchema,
}

/// Reads a request part (`Input`, `Output`, `ReferenceDataSource`) into its request type.
pub fn parse<T: serde::de::DeserializeOwned>(part: &str, value: Option<&Value>) -> ApiResult<T> {
    let value = value.ok_or_else(|| ApiError::invalid(format!("{part} is required")))?;
    serde_json::from_value(value.clone()).map_err(|e| ApiError::invalid(format!("{part}: {e}")))
}

/// An in-application stream or table name: 1 to 32 characters, no `-`, spaces, `<`, `>`, `&`.
fn check_in_app_name(what: &str, name: &str) -> ApiResult<()> {
    let bad = name.chars().any(|c| c == '-' || c.is_whitespace() || "<>&".contains(c));
    if name.is_empty() || name.chars().count() > 32 || bad {
        return Err(ApiError::invalid(format!(
            "{what} '{name}' must be 1 to 32 characters without '-', spaces, '<', '>' or '&'"
        )));
    }
    Ok(())
}

/// Exactly one of a part's destinations or origins.
fn exactly_one<'a>(what: &str, options: [Option<&'a ResourceDescription>; 3]) -> ApiResult<&'a ResourceDescription> {
    let mut given = options.into_iter().flatten();
    match (given.next(), given.next()) {
        (Some(one), None) => Ok(one),
        _ => Err(ApiError::invalid(format!("{what}: exactly one is required"))),
    }
}

/// A schema's columns as the engine reads them: each SQL type must parse.
pub fn record_columns(schema: &SourceSchema) -> ApiResult<Vec<RecordColumn>> {
    if schema.record_columns.is_empty() || schema.record_columns.len() > 1000 {
        return Err(ApiError::invalid("RecordColumns must list 1 to 1000 columns"));
    }
    if schema.record_encoding.as_deref().is_some_and(|e| e != "UTF-8") {
        return Err(ApiError::invalid("RecordEncoding must be UTF-8"));
    }
    schema
        .record_columns
        .iter()
        .map(|c| {
            let sql_type = crate::sql::parse_type(&c.sql_type)
                .map_err(|e| ApiError::invalid(format!("RecordColumn {}: SqlType '{}': {e}", c.name, c.sql_type)))?;
            if c.name.is_empty() {
                return Err(ApiError::invalid("a RecordColumn needs a Name"));
            }
            Ok(RecordColumn { name: c.name.clone(), sql_type, mapping: c.mapping.clone().unwrap_or_default() })
        })
        .collect()
}

pub fn input_description(request: InputRequest, id: String) -> ApiResult<InputDescription> {
    if request.input_processing_configuration.is_some() {
        return Err(ApiError::invalid(
            "InputProcessingConfiguration (a Lambda preprocessor) is not simulated by kdalite",
        ));
    }
    check_in_app_name("NamePrefix", &request.name_prefix)?;
    exactly_one(
        "KinesisStreamsInput or KinesisFirehoseInput",
        [request.kinesis_streams_input.as_ref(), request.kinesis_firehose_input.as_ref(), None],
    )?;
    record_columns(&request.input_schema)?;
    let count = request.input_parallelism.map_or(1, |p| p.count);
    if !(1..=64).contains(&count) {
        return Err(ApiError::invalid("InputParallelism Count must be between 1 and 64"));
    }
    Ok(InputDescription {
        input_id: id,
        in_app_stream_names: (1..=count).map(|i| format!("{}_{i:03}", request.name_prefix)).collect(),
        name_prefix: request.name_prefix,
        kinesis_streams_input_description: request.kinesis_streams_input,
        kinesis_firehose_input_description: request.kinesis_firehose_input,
        input_schema: request.input_schema,
        input_parallelism: InputParallelism { count },
        input_starting_position_configuration: InputStartingPositionConfiguration {
            input_starting_position: InputStartingPosition::Now,
        },
    })
}

pub fn output_description(request: OutputRequest, id: String) -> ApiResult<OutputDescription> {
    check_in_app_name("Output Name", &request.name)?;
    exactly_one(
        "KinesisStreamsOutput, KinesisFirehoseOutput or LambdaOutput",
        [
            request.kinesis_streams_output.as_ref(),
            request.kinesis_firehose_output.as_ref(),
            request.lambda_output.as_ref(),
        ],
    )?;
    Ok(OutputDescription {
        output_id: id,
        name: request.name,
        kinesis_streams_output_description: request.kinesis_streams_output,
        kinesis_firehose_output_description: request.kinesis_firehose_output,
        lambda_output_description: request.lambda_output,
        destination_schema: request.destination_schema,
    })
}

pub fn reference_description(request: ReferenceRequest, id: String) -> ApiResult<ReferenceDataSourceDescription> {
    check_in_app_name("TableName", &request.table_name)?;
    let s3 = request.s3_reference_data_source.ok_or_else(|| ApiError::invalid("S3ReferenceDataSource is required"))?;
    record_columns(&request.reference_schema)?;
    Ok(ReferenceDataSourceDescription {
        reference_id: id,
        table_name: request.table_name,
        s3_reference_data_source_description: s3,
        reference_schema: request.reference_schema,
    })
}

/// The property group that sets a stream's generator: its stream (or delivery stream) name
/// → a generator with settings (`ticker-demo` → `ticker:rate=5000,late=0.05`).
pub const GENERATORS_GROUP: &str = "kdalite.generators";

/// The generator a stream's ARN stands for: the one `settings` gives for its name, or else
/// the one its name contains, the ticker otherwise; seeded with `seed` unless the settings
/// give a seed.
pub fn generator_for(
    arn: &str,
    seed: u32,
    settings: &std::collections::BTreeMap<String, String>,
) -> ApiResult<GeneratorSpec> {
    let name = arn.rsplit(['/', ':']).next().unwrap_or(arn);
    let mut spec = match settings.get(name) {
        Some(text) => {
            text.parse::<GeneratorSpec>().map_err(|e| ApiError::invalid(format!("{GENERATORS_GROUP} {name}: {e}")))?
        }
        None => {
            let lower = name.to_ascii_lowercase();
            let found = crate::source::GENERATORS.iter().find(|g| lower.contains(**g)).copied();
            GeneratorSpec { name: found.unwrap_or("ticker").to_string(), params: vec![] }
        }
    };
    if !spec.params.iter().any(|(k, _)| k == "seed") {
        spec.params.push(("seed".into(), seed.to_string()));
    }
    Ok(spec)
}

/// The engine's inputs for a SQL application: each input's in-application streams (one
/// generator each, seeded by its position) and each reference table, read through `object`.
pub fn bindings(
    config: &ApplicationConfigurationDescription,
    object: &dyn Fn(&str, &str) -> ApiResult<Vec<u8>>,
) -> ApiResult<Vec<InputBinding>> {
    let Some(sql) = &config.sql_application_configuration_description else { return Ok(vec![]) };
    let settings = generator_settings(config);
    let mut bindings = Vec::new();
    for input in &sql.input_descriptions {
        let origin = input
            .kinesis_streams_input_description
            .as_ref()
            .or(input.kinesis_firehose_input_description.as_ref())
            .map_or("", |r| r.resource_arn.as_str());
        let schema = record_columns(&input.input_schema)?;
        for (i, stream) in input.in_app_stream_names.iter().enumerate() {
            bindings.push(InputBinding {
                stream: stream.clone(),
                source: InputSource::Records {
                    generator: generator_for(origin, i as u32 + 1, &settings)?,
                    schema: schema.clone(),
                },
            });
        }
    }
    for reference in &sql.reference_data_source_descriptions {
        let s3 = &reference.s3_reference_data_source_description;
        let bytes = object(&s3.bucket_arn, &s3.file_key)?;
        bindings.push(InputBinding {
            stream: reference.table_name.clone(),
            source: InputSource::Table {
                name: s3.file_key.clone(),
                input: crate::source::file::FileInput::from_bytes(bytes),
                schema: Some(record_columns(&reference.reference_schema)?),
            },
        });
    }
    Ok(bindings)
}

/// `DiscoverInputSchema`: the schema of an S3 object's records (`S3Configuration`) or of a
/// stream's (`ResourceARN`, a generator's first records as JSON), with the records read.
pub fn discover(request: &Value, object: &dyn Fn(&str, &str) -> ApiResult<Vec<u8>>) -> ApiResult<Value> {
    let no_settings = Default::default();
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    let (name, bytes) = if let Some(s3) = request.get("S3Configuration") {
        let (Some(bucket), Some(key)) = (text(s3, "BucketARN"), text(s3, "FileKey")) else {
            return Err(ApiError::invalid("S3Configuration needs BucketARN and FileKey"));
        };
        let bytes = object(&bucket, &key)?;
        (key, bytes)
    } else if let Some(arn) = text(request, "ResourceARN") {
        ("records.jsonl".to_string(), generator_sample(&generator_for(&arn, 1, &no_settings)?)?)
    } else {
        return Err(ApiError::invalid("ResourceARN or S3Configuration is required"));
    };
    let raw: Vec<String> = String::from_utf8_lossy(&bytes)
        .trim_start_matches('\u{feff}')
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(DISCOVERY_RECORDS + 1)
        .map(str::to_string)
        .collect();
    let unable = |message: String| {
        let mut e = ApiError::new("UnableToDetectSchemaException", message);
        e.extra = json!({ "RawInputRecords": raw, "ProcessedInputRecords": raw });
        e
    };
    let head = &bytes[..bytes.len().min(crate::source::file::HEAD_BYTES)];
    let format = crate::source::file::Format::detect(&name, head);
    let found =
        crate::source::file::discover(&name, head, DISCOVERY_RECORDS, None).map_err(|e| unable(e.to_string()))?;
    let record_format = match format {
        crate::source::file::Format::Csv { delimiter, .. } => json!({
            "RecordFormatType": "CSV",
            "MappingParameters": {"CSVMappingParameters": {
                "RecordRowDelimiter": "\n",
                "RecordColumnDelimiter": (delimiter as char).to_string(),
            }},
        }),
        crate::source::file::Format::JsonLines | crate::source::file::Format::JsonArray => json!({
            "RecordFormatType": "JSON",
            "MappingParameters": {"JSONMappingParameters": {"RecordRowPath": "$"}},
        }),
    };
    let columns: Vec<Value> = found
        .columns
        .iter()
        .map(|c| json!({ "Name": c.name, "Mapping": c.mapping, "SqlType": c.sql_type.to_string() }))
        .collect();
    // A CSV file's header is not a record.
    let header = matches!(format, crate::source::file::Format::Csv { header: true, .. });
    let raw: Vec<&String> = raw.iter().skip(usize::from(header)).take(DISCOVERY_RECORDS).collect();
    Ok(json!({
        "InputSchema": {"RecordFormat": record_format, "RecordEncoding": "UTF-8", "RecordColumns": columns},
        "ParsedInputRecords": found.raw,
        "ProcessedInputRecords": raw,
        "RawInputRecords": raw,
    }))
}

/// The `kdalite.generators` property group of a configuration, if it has one.
pub(super) fn generator_settings(
    config: &ApplicationConfigurationDescription,
) -> std::collections::BTreeMap<String, String> {
    let groups = config.environment_property_descriptions.as_ref().map(|e| &e.property_group_descriptions);
    let group = groups.and_then(|g| g.iter().find(|g| g.property_group_id == GENERATORS_GROUP));
    group.map(|g| g.property_map.clone()).unwrap_or_default()
}

/// A generator's first records as JSON lines, as they would sit on the stream.
fn generator_sample(spec: &GeneratorSpec) -> ApiResult<Vec<u8>> {
    let failed = |e: crate::error::Error| ApiError::new("UnableToDetectSchemaException", e.to_string());
    let mut source = spec.build("S").map_err(failed)?;
    let mut out = Vec::new();
    let mut now = 0;
    while out.len() < DISCOVERY_RECORDS && !source.is_exhausted() {
        let Some(next) = source.next_arrival() else { break };
        now = now.max(next).saturating_add(1000);
        let Some(batch) = source.poll(now, DISCOVERY_RECORDS - out.len()).map_err(failed)?.batch else { continue };
        let records = batch.project(&(1..batch.num_columns()).collect::<Vec<_>>()).map_err(|e| failed(e.into()))?;
        out.extend(crate::output::json_records(&records).map_err(failed)?);
    }
    Ok(out.join("\n").into_bytes())
}

impl SqlApplicationConfigurationDescription {
    /// The in-application streams and tables the configuration names.
    fn in_app_names(&self) -> Vec<&str> {
        let inputs = self.input_descriptions.iter().flat_map(|i| i.in_app_stream_names.iter());
        let tables = self.reference_data_source_descriptions.iter().map(|r| &r.table_name);
        inputs.chain(tables).map(String::as_str).collect()
    }

    fn check_unused(&self, name: &str) -> ApiResult<()> {
        match self.in_app_names().into_iter().find(|n| n.eq_ignore_ascii_case(name)) {
            Some(n) => {
                Err(ApiError::invalid(format!("the application already has an in-application stream or table {n}")))
            }
            None => Ok(()),
        }
    }

    pub fn add_input(&mut self, input: InputDescription) -> ApiResult<()> {
        if self.input_descriptions.len() >= MAX_INPUTS {
            return Err(ApiError::invalid(format!("a SQL application has at most {MAX_INPUTS} input(s)")));
        }
        input.in_app_stream_names.iter().try_for_each(|n| self.check_unused(n))?;
        self.input_descriptions.push(input);
        Ok(())
    }

    pub fn add_output(&mut self, output: OutputDescription) -> ApiResult<()> {
        if self.output_descriptions.len() >= MAX_OUTPUTS {
            return Err(ApiError::invalid(format!("a SQL application has at most {MAX_OUTPUTS} outputs")));
        }
        self.output_descriptions.push(output);
        Ok(())
    }

    pub fn add_reference(&mut self, reference: ReferenceDataSourceDescription) -> ApiResult<()> {
        if self.reference_data_source_descriptions.len() >= MAX_REFERENCE_DATA_SOURCES {
            return Err(ApiError::invalid(format!(
                "a SQL application has at most {MAX_REFERENCE_DATA_SOURCES} reference data source(s)"
            )));
        }
        self.check_unused(&reference.table_name)?;
        self.reference_data_source_descriptions.push(reference);
        Ok(())
    }

    /// The configuration `CreateApplication`'s `SqlApplicationConfiguration` asks for: each
    /// part checked as the `Add…` operations check it, numbered `1.1`, `1.2`, ….
    pub fn create(given: &Value) -> ApiResult<SqlApplicationConfigurationDescription> {
        let mut sql = SqlApplicationConfigurationDescription::default();
        let list = |key: &str| given.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
        for (i, input) in list("Inputs").iter().enumerate() {
            sql.add_input(input_description(parse("Input", Some(input))?, format!("1.{}", i + 1))?)?;
        }
        for (i, output) in list("Outputs").iter().enumerate() {
            sql.add_output(output_description(parse("Output", Some(output))?, format!("1.{}", i + 1))?)?;
        }
        for (i, reference) in list("ReferenceDataSources").iter().enumerate() {
            let id = format!("1.{}", i + 1);
            sql.add_reference(reference_description(parse("ReferenceDataSource", Some(reference))?, id)?)?;
        }
        Ok(sql)
    }
}

impl SqlApplicationConfigurationDescription {
    /// `UpdateApplication`'s `SqlApplicationConfigurationUpdate` (its keys' `Update` suffixes
    /// already dropped): each `InputUpdates`, `OutputUpdates`, `ReferenceDataSourceUpdates`
    /// item names a part by id; what it gives replaces that part's, checked as `Add…` checks.
    pub fn update(&mut self, given: &Value) -> ApiResult<()> {
        let items = |key: &str| given.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
        for update in items("InputUpdates") {
            let id = update_id(&update, "InputId")?;
            let at =
                self.input_descriptions.iter().position(|i| i.input_id == id).ok_or_else(|| not_found("Input", &id))?;
            let merged =
                merge(&self.input_descriptions[at], &update, &["KinesisStreamsInput", "KinesisFirehoseInput"])?;
            self.input_descriptions[at] = input_description(parse("InputUpdate", Some(&merged))?, id)?;
        }
        for update in items("OutputUpdates") {
            let id = update_id(&update, "OutputId")?;
            let at = self
                .output_descriptions
                .iter()
                .position(|o| o.output_id == id)
                .ok_or_else(|| not_found("Output", &id))?;
            let destinations = ["KinesisStreamsOutput", "KinesisFirehoseOutput", "LambdaOutput"];
            let merged = merge(&self.output_descriptions[at], &update, &destinations)?;
            self.output_descriptions[at] = output_description(parse("OutputUpdate", Some(&merged))?, id)?;
        }
        for update in items("ReferenceDataSourceUpdates") {
            let id = update_id(&update, "ReferenceId")?;
            let at = self
                .reference_data_source_descriptions
                .iter()
                .position(|r| r.reference_id == id)
                .ok_or_else(|| not_found("Reference data source", &id))?;
            let merged = merge(&self.reference_data_source_descriptions[at], &update, &[])?;
            let reference = reference_description(parse("ReferenceDataSourceUpdate", Some(&merged))?, id)?;
            self.reference_data_source_descriptions[at] = reference;
        }
        Ok(())
    }
}

fn update_id(update: &Value, key: &str) -> ApiResult<String> {
    update
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| ApiError::invalid(format!("{key} is required")))
}

fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::new("ResourceNotFoundException", format!("{what} {id} not found"))
}

/// A part's description in its request's shape (`KinesisStreamsInputDescription` is
/// `KinesisStreamsInput`), with `update`'s keys over it: `InputSchema` key by key, one of
/// `exclusive` (where the records come from or go) replacing the others.
fn merge(description: &impl serde::Serialize, update: &Value, exclusive: &[&str]) -> ApiResult<Value> {
    let Value::Object(described) = serde_json::to_value(description).map_err(|e| ApiError::invalid(e.to_string()))?
    else {
        return Err(ApiError::invalid("a description is an object"));
    };
    let mut merged: serde_json::Map<String, Value> =
        described.into_iter().map(|(k, v)| (k.strip_suffix("Description").unwrap_or(&k).to_string(), v)).collect();
    let Value::Object(update) = update else { return Err(ApiError::invalid("an update is an object")) };
    for (key, value) in update {
        if exclusive.contains(&key.as_str()) {
            merged.retain(|k, _| !exclusive.contains(&k.as_str()));
        }
        match (merged.get_mut(key), value) {
            (Some(Value::Object(schema)), Value::Object(changes)) if key.ends_with("Schema") => {
                schema.extend(changes.clone());
            }
            _ => {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(Value::Object(merged))
}

/// The S3 objects the control plane reads: those it was given ([`Objects::put`]), then,
/// natively, files under a directory: `DIR/BUCKET/KEY`.
#[derive(Debug, Clone, Default)]
pub struct Objects {
    given: std::collections::BTreeMap<(String, String), Vec<u8>>,
    #[cfg(not(target_arch = "wasm32"))]
    dir: Option<std::path::PathBuf>,
}

impl Objects {
    /// Objects that are the files under `dir`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn in_dir(dir: std::path::PathBuf) -> Objects {
        Objects { given: Default::default(), dir: Some(dir) }
    }

    pub fn put(&mut self, bucket: &str, key: &str, bytes: Vec<u8>) {
        self.given.insert((bucket.to_string(), key.to_string()), bytes);
    }

    /// The object `key` of the bucket `bucket_arn` (`arn:aws:s3:::BUCKET`).
    pub fn get(&self, bucket_arn: &str, key: &str) -> ApiResult<Vec<u8>> {
        let bucket = bucket_arn.strip_prefix("arn:aws:s3:::").unwrap_or(bucket_arn);
        if let Some(bytes) = self.given.get(&(bucket.to_string(), key.to_string())) {
            return Ok(bytes.clone());
        }
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(dir) = &self.dir {
            let inside = |part: &str| !part.is_empty() && part != "." && part != "..";
            if inside(bucket) && key.split('/').all(inside) {
                if let Ok(bytes) = std::fs::read(dir.join(bucket).join(key)) {
                    return Ok(bytes);
                }
            }
        }
        Err(ApiError::invalid(format!("S3 object s3://{bucket}/{key} does not exist")))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::app::service::Applications;

    const ROLE: &str = "arn:aws:iam::123456789012:role/kda";
    const TICKER_STREAM: &str = "arn:aws:kinesis:us-east-1:123456789012:stream/ticker-demo";
    /// One pump from the input to an output stream.
    const PUMP_CODE: &str = r#"CREATE OR REPLACE STREAM "OUT" (SYMBOL VARCHAR(4));
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM SYMBOL FROM "SOURCE_SQL_STREAM_001";"#;

    fn input() -> Value {
        json!({
            "NamePrefix": "SOURCE_SQL_STREAM",
            "KinesisStreamsInput": {"ResourceARN": TICKER_STREAM},
            "InputSchema": {
                "RecordFormat": {"RecordFormatType": "JSON", "MappingParameters": {"JSONMappingParameters": {"RecordRowPath": "$"}}},
                "RecordColumns": [
                    {"Name": "SYMBOL", "Mapping": "$.TICKER_SYMBOL", "SqlType": "VARCHAR(4)"},
                    {"Name": "PRICE", "Mapping": "$.PRICE", "SqlType": "DOUBLE"}
                ]
            }
        })
    }

    fn sql_app(name: &str, code: &str, sql: Value) -> Value {
        json!({
            "ApplicationName": name, "RuntimeEnvironment": "SQL-1_0", "ServiceExecutionRole": ROLE,
            "ApplicationConfiguration": {
                "ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": code}},
                "SqlApplicationConfiguration": sql,
                "FlinkApplicationConfiguration": {"CheckpointConfiguration": {"ConfigurationType": "CUSTOM", "CheckpointInterval": 10000, "MinPauseBetweenCheckpoints": 0}}
            }
        })
    }

    /// The reference table `COMPANIES`: the CSV object `refs/companies.csv`, by header names.
    fn companies_reference() -> Value {
        json!({
            "TableName": "COMPANIES",
            "S3ReferenceDataSource": {"BucketARN": "arn:aws:s3:::refs", "FileKey": "companies.csv"},
            "ReferenceSchema": {
                "RecordFormat": {"RecordFormatType": "CSV", "MappingParameters": {"CSVMappingParameters": {"RecordRowDelimiter": "\n", "RecordColumnDelimiter": ","}}},
                "RecordColumns": [{"Name": "TICKER", "Mapping": "Ticker", "SqlType": "VARCHAR(4)"}, {"Name": "COMPANY", "Mapping": "Company", "SqlType": "VARCHAR(32)"}]
            }
        })
    }

    const CODE: &str = r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (SYMBOL VARCHAR(4), PRICE DOUBLE, COMPANY VARCHAR(32));
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM s.SYMBOL, s.PRICE, c.COMPANY
FROM "SOURCE_SQL_STREAM_001" AS s JOIN "COMPANIES" AS c ON s.SYMBOL = c.TICKER;"#;

    /// The whole of a SQL application: its input under its schema, its reference table from
    /// S3, its output delivered, checkpoints on its `CheckpointConfiguration`, its logs and
    /// metrics.
    #[test]
    fn a_sql_application_reads_joins_delivers_and_checkpoints() {
        let mut apps = Applications::default();
        let companies: String = crate::source::ticker::SYMBOLS.iter().map(|s| format!("{0},{0} Inc.\n", s.0)).collect();
        apps.objects.put("refs", "companies.csv", format!("Ticker,Company\n{companies}").into_bytes());
        let reference = companies_reference();
        let output = json!({
            "Name": "DESTINATION_SQL_STREAM",
            "KinesisStreamsOutput": {"ResourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/out"},
            "DestinationSchema": {"RecordFormatType": "JSON"}
        });
        let sql = json!({"Inputs": [input()], "Outputs": [output], "ReferenceDataSources": [reference]});
        let created = apps.call("CreateApplication", sql_app("app", CODE, sql), 0.0).unwrap();
        let described = &created["ApplicationDetail"]["ApplicationConfigurationDescription"]
            ["SqlApplicationConfigurationDescription"];
        assert_eq!(described["InputDescriptions"][0]["InAppStreamNames"], json!(["SOURCE_SQL_STREAM_001"]));
        assert_eq!(described["InputDescriptions"][0]["InputId"], "1.1");
        assert_eq!(described["OutputDescriptions"][0]["Name"], "DESTINATION_SQL_STREAM");
        assert_eq!(described["ReferenceDataSourceDescriptions"][0]["TableName"], "COMPANIES");

        apps.call("StartApplication", json!({"ApplicationName": "app"}), 100.0).unwrap();
        let report = apps.monitoring("app", 135.5).unwrap();
        let monitoring = &report["Monitoring"];
        let delivery = &monitoring["Deliveries"][0];
        assert!(delivery["RecordsDelivered"].as_u64().unwrap() > 100, "{delivery}");
        for record in delivery["LatestRecords"].as_array().unwrap() {
            let record: Value = serde_json::from_str(record.as_str().unwrap()).unwrap();
            let symbol = record["SYMBOL"].as_str().unwrap();
            assert_eq!(record["COMPANY"], format!("{symbol} Inc."), "{record}");
            assert!(record.get("ROWTIME").is_none(), "ROWTIME is not delivered: {record}");
        }
        let messages: Vec<&str> =
            monitoring["LogEvents"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap()).collect();
        assert!(messages[0].starts_with("Starting application version 1"), "{messages:?}");
        // Every 10 s of virtual time over 35.5 s: three checkpoints.
        let checkpoints: Vec<&&str> = messages.iter().filter(|m| m.starts_with("Completed checkpoint")).collect();
        assert_eq!(checkpoints.len(), 3, "{messages:?}");
        assert!(checkpoints[2].starts_with("Completed checkpoint 3 ("), "{messages:?}");
        let metrics = monitoring["Metrics"].as_array().unwrap();
        assert_eq!(metrics.len(), 35, "a sample a second, none for the last half second");
        let read: f64 = metrics.iter().map(|m| m["numRecordsInPerSecond"].as_f64().unwrap()).sum();
        assert!(read > 100.0, "{read}");
        assert!(metrics.last().unwrap()["lastCheckpointSize"].as_u64().unwrap() > 0);
    }

    #[test]
    fn sql_configuration_changes_are_checked() {
        let mut apps = Applications::default();
        let flink = json!({"ApplicationName": "flink", "RuntimeEnvironment": "FLINK-1_15"});
        apps.call("CreateApplication", flink, 0.0).unwrap();
        let add_input = |name: &str, version: u64, input: Value| json!({"ApplicationName": name, "CurrentApplicationVersionId": version, "Input": input});
        let e = apps.call("AddApplicationInput", add_input("flink", 1, input()), 0.0).unwrap_err();
        assert_eq!(e.kind, "InvalidArgumentException");
        assert!(e.message.contains("not a SQL application"), "{}", e.message);

        let code = PUMP_CODE;
        apps.call("CreateApplication", sql_app("sql", code, json!({})), 0.0).unwrap();
        let mut bad_prefix = input();
        bad_prefix["NamePrefix"] = json!("SOURCE-STREAM");
        let e = apps.call("AddApplicationInput", add_input("sql", 1, bad_prefix), 0.0).unwrap_err();
        assert!(e.kind == "InvalidArgumentException" && e.message.contains("NamePrefix"), "{e:?}");
        let mut bad_type = input();
        bad_type["InputSchema"]["RecordColumns"][1]["SqlType"] = json!("MONEY");
        let e = apps.call("AddApplicationInput", add_input("sql", 1, bad_type), 0.0).unwrap_err();
        assert!(e.message.contains("RecordColumn PRICE: SqlType 'MONEY'"), "{}", e.message);
        let e = apps.call("AddApplicationInput", add_input("sql", 7, input()), 0.0).unwrap_err();
        assert_eq!(e.kind, "ConcurrentModificationException");

        let added = apps.call("AddApplicationInput", add_input("sql", 1, input()), 0.0).unwrap();
        assert_eq!(added["ApplicationVersionId"], 2);
        assert_eq!(added["InputDescriptions"][0]["InputId"], "2.1");
        let e = apps.call("AddApplicationInput", add_input("sql", 2, input()), 0.0).unwrap_err();
        assert!(e.message.contains("at most 1 input"), "{}", e.message);

        // An output must read a stream the code writes: Start says which does not.
        let output = |name: &str| {
            json!({"Name": name, "LambdaOutput": {"ResourceARN": "arn:aws:lambda:us-east-1:123456789012:function:f"},
                   "DestinationSchema": {"RecordFormatType": "CSV"}})
        };
        let request = json!({"ApplicationName": "sql", "CurrentApplicationVersionId": 2, "Output": output("NOWHERE")});
        let added = apps.call("AddApplicationOutput", request, 0.0).unwrap();
        let id = added["OutputDescriptions"][0]["OutputId"].as_str().unwrap().to_string();
        let e = apps.call("StartApplication", json!({"ApplicationName": "sql"}), 0.0).unwrap_err();
        assert_eq!(e.kind, "InvalidApplicationConfigurationException");
        assert!(e.message.contains("NOWHERE"), "{}", e.message);
        let delete = |id: &str| json!({"ApplicationName": "sql", "CurrentApplicationVersionId": 3, "OutputId": id});
        let e = apps.call("DeleteApplicationOutput", delete("9.9"), 0.0).unwrap_err();
        assert_eq!(e.kind, "ResourceNotFoundException");
        apps.call("DeleteApplicationOutput", delete(&id), 0.0).unwrap();
        let request = json!({"ApplicationName": "sql", "CurrentApplicationVersionId": 4, "Output": output("OUT")});
        apps.call("AddApplicationOutput", request, 0.0).unwrap();
        apps.call("StartApplication", json!({"ApplicationName": "sql"}), 0.0).unwrap();
        let report = apps.monitoring("sql", 5.0).unwrap();
        let latest = &report["Monitoring"]["Deliveries"][0]["LatestRecords"];
        assert!(latest.as_array().unwrap().iter().all(|r| r.as_str().unwrap().len() <= 4), "CSV records: {latest}");
        // A running application takes inputs no more than a stopped one: the limit holds.
        let e = apps.call("AddApplicationInput", add_input("sql", 5, input()), 5.0).unwrap_err();
        assert_eq!(e.kind, "InvalidArgumentException");
    }

    /// A Flink application's source tables are Kinesis streams, generators chosen by the
    /// stream their `WITH` names (at the rate `kdalite.generators` gives it), read also through
    /// a window TVF's `TABLE` argument; its sink table is written, not fed.
    #[test]
    fn a_flink_applications_source_tables_are_generators() {
        let code = "CREATE TABLE trades (ticker_symbol STRING, price DOUBLE, event_time TIMESTAMP(3),
              WATERMARK FOR event_time AS event_time - INTERVAL '1' SECOND)
            WITH ('connector' = 'kinesis', 'stream' = 'ticker-demo', 'format' = 'json');
            CREATE TABLE counts (window_start TIMESTAMP(3), ticker_symbol STRING, n BIGINT)
            WITH ('connector' = 'kinesis', 'stream' = 'out');
            INSERT INTO counts SELECT window_start, ticker_symbol, COUNT(*)
            FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(event_time), INTERVAL '10' SECOND))
            GROUP BY window_start, window_end, ticker_symbol;";
        let request = json!({"ApplicationName": "flink", "RuntimeEnvironment": "FLINK-1_20",
            "ApplicationConfiguration": {
                "ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": code}},
                "EnvironmentProperties": {"PropertyGroups": [{"PropertyGroupId": "kdalite.generators", "PropertyMap": {"ticker-demo": "ticker:rate=500"}}]}}});
        let mut apps = Applications::default();
        apps.call("CreateApplication", request, 0.0).unwrap();
        apps.call("StartApplication", json!({"ApplicationName": "flink"}), 0.0).unwrap();
        apps.tick(30.0);
        let samples = apps.metrics("flink", 10);
        let read: f64 = samples.iter().map(|s| s.num_records_in_per_second).sum::<f64>() / samples.len() as f64;
        assert!((450.0..=550.0).contains(&read), "records in per second: {read}");
        assert!(samples.iter().any(|s| s.num_records_out_per_second > 0.0), "windows close and are written");
    }

    /// A reference data source added by `AddApplicationReferenceDataSource` is a version of
    /// its own with its id, joined at Start (its object must be there), and deleted by id.
    #[test]
    fn reference_data_sources_are_added_and_deleted_by_id() {
        let mut apps = Applications::default();
        apps.call("CreateApplication", sql_app("app", CODE, json!({"Inputs": [input()]})), 0.0).unwrap();
        let reference = companies_reference();
        let add = |version: u64| json!({"ApplicationName": "app", "CurrentApplicationVersionId": version, "ReferenceDataSource": reference});
        assert_eq!(
            apps.call("AddApplicationReferenceDataSource", add(7), 0.0).unwrap_err().kind,
            "ConcurrentModificationException"
        );
        let added = apps.call("AddApplicationReferenceDataSource", add(1), 0.0).unwrap();
        assert_eq!(added["ApplicationVersionId"], 2);
        let described = &added["ReferenceDataSourceDescriptions"][0];
        assert_eq!((&described["ReferenceId"], &described["TableName"]), (&json!("2.1"), &json!("COMPANIES")));
        // The object is read at Start: without it the application cannot start.
        let e = apps.call("StartApplication", json!({"ApplicationName": "app"}), 0.0).unwrap_err();
        assert!(e.kind == "InvalidApplicationConfigurationException" && e.message.contains("companies.csv"), "{e:?}");
        apps.objects.put("refs", "companies.csv", b"Ticker,Company\nAAPL,Apple\n".to_vec());
        apps.call("StartApplication", json!({"ApplicationName": "app"}), 0.0).unwrap();
        apps.call("StopApplication", json!({"ApplicationName": "app"}), 5.0).unwrap();
        apps.tick(10.0);

        let delete = |id: &str| json!({"ApplicationName": "app", "CurrentApplicationVersionId": 2, "ReferenceId": id});
        let e = apps.call("DeleteApplicationReferenceDataSource", delete("9.9"), 10.0).unwrap_err();
        assert_eq!(e.kind, "ResourceNotFoundException");
        apps.call("DeleteApplicationReferenceDataSource", delete("2.1"), 10.0).unwrap();
        let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 10.0).unwrap();
        let sql = &detail["ApplicationDetail"]["ApplicationConfigurationDescription"]
            ["SqlApplicationConfigurationDescription"];
        assert_eq!(
            (&detail["ApplicationDetail"]["ApplicationVersionId"], &sql["ReferenceDataSourceDescriptions"]),
            (&json!(3), &json!([]))
        );
        // The code joins a table no longer there: Start says so.
        let e = apps.call("StartApplication", json!({"ApplicationName": "app"}), 10.0).unwrap_err();
        assert_eq!(e.kind, "InvalidApplicationConfigurationException", "{e:?}");
    }

    #[test]
    fn discovery_reads_awkward_samples_and_streams() {
        let mut apps = Applications::default();
        let csv = "\u{feff}\"select\";my col;price\r\n\"a;b\";x;1.5\r\n\"c\";;2\r\n";
        apps.objects.put("b", "awkward.csv", csv.as_bytes().to_vec());
        apps.objects.put("b", "nested.json", b"{\"id\": 1, \"reading\": {\"temp\": 20.5}}\n".to_vec());
        apps.objects.put("b", "empty.csv", vec![]);
        let discover = |apps: &mut Applications, key: &str| {
            let s3 = json!({"BucketARN": "arn:aws:s3:::b", "FileKey": key});
            apps.call("DiscoverInputSchema", json!({"ServiceExecutionRole": ROLE, "S3Configuration": s3}), 0.0)
        };
        let found = discover(&mut apps, "awkward.csv").unwrap();
        let columns = &found["InputSchema"]["RecordColumns"];
        assert_eq!(columns[0]["Name"], "COL_SELECT");
        assert_eq!(columns[1]["Name"], "MY_COL");
        assert_eq!(columns[2]["SqlType"], "DOUBLE");
        assert_eq!(
            found["InputSchema"]["RecordFormat"]["MappingParameters"]["CSVMappingParameters"]["RecordColumnDelimiter"],
            ";"
        );
        assert_eq!(found["ParsedInputRecords"], json!([["a;b", "x", "1.5"], ["c", "", "2"]]));
        assert_eq!(found["RawInputRecords"], json!(["\"a;b\";x;1.5", "\"c\";;2"]));

        let nested = discover(&mut apps, "nested.json").unwrap();
        let columns = &nested["InputSchema"]["RecordColumns"];
        assert_eq!(columns[1]["Mapping"], "$.reading.temp", "{columns}");
        assert_eq!(nested["InputSchema"]["RecordFormat"]["RecordFormatType"], "JSON");

        let e = discover(&mut apps, "empty.csv").unwrap_err();
        assert_eq!(e.kind, "UnableToDetectSchemaException");
        assert_eq!(e.body()["RawInputRecords"], json!([]));
        let e = discover(&mut apps, "missing.csv").unwrap_err();
        assert!(e.kind == "InvalidArgumentException" && e.message.contains("s3://b/missing.csv"), "{e:?}");

        let arn = "arn:aws:kinesis:us-east-1:123456789012:stream/iot-sensors";
        let stream = apps.call("DiscoverInputSchema", json!({"ServiceExecutionRole": ROLE, "ResourceARN": arn}), 0.0);
        let stream = stream.unwrap();
        let names: Vec<&str> = stream["InputSchema"]["RecordColumns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["Name"].as_str().unwrap())
            .collect();
        let sensors = crate::source::GeneratorSpec { name: "sensors".into(), params: vec![] }.stream_def("S").unwrap();
        let expected: Vec<&str> = sensors.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, expected);
        assert_eq!(stream["RawInputRecords"].as_array().unwrap().len(), 10);
    }

    #[test]
    fn the_log_level_decides_what_is_logged() {
        let mut apps = Applications::default();
        let mut request = sql_app("quiet", "SELECT STREAM * FROM \"SOURCE_SQL_STREAM_001\";", json!({}));
        request["ApplicationConfiguration"]["FlinkApplicationConfiguration"]["MonitoringConfiguration"] =
            json!({"ConfigurationType": "CUSTOM", "LogLevel": "WARN", "MetricsLevel": "APPLICATION"});
        apps.call("CreateApplication", request, 0.0).unwrap();
        apps.call("StartApplication", json!({"ApplicationName": "quiet"}), 0.0).unwrap();
        let report = apps.monitoring("quiet", 30.0).unwrap();
        assert_eq!(report["Monitoring"]["LogEvents"], json!([]), "INFO events are below WARN");
        assert_eq!(report["Monitoring"]["MetricsLevel"], "APPLICATION");
    }

    /// `MetricsLevel` decides what each second's sample holds beyond the application's
    /// figures: a part per pump (TASK), per operator (OPERATOR), per operator's subtask
    /// (PARALLELISM), each with its own rates.
    #[test]
    fn the_metrics_level_decides_what_is_measured() {
        let mut apps = Applications::default();
        for (name, level) in
            [("app", "APPLICATION"), ("task", "TASK"), ("operator", "OPERATOR"), ("subtask", "PARALLELISM")]
        {
            let mut request = sql_app(name, PUMP_CODE, json!({"Inputs": [input()]}));
            request["ApplicationConfiguration"]["FlinkApplicationConfiguration"]["MonitoringConfiguration"] =
                json!({"ConfigurationType": "CUSTOM", "LogLevel": "INFO", "MetricsLevel": level});
            apps.call("CreateApplication", request, 0.0).unwrap();
            apps.call("StartApplication", json!({"ApplicationName": name}), 0.0).unwrap();
        }
        apps.tick(30.0);
        // Looked at ten times a second, an application is still sampled once a second.
        let before = apps.metrics("app", 1000).len();
        for tenth in 1..=50 {
            apps.tick(30.0 + f64::from(tenth) / 10.0);
        }
        assert_eq!(apps.metrics("app", 1000).len(), before + 5);
        let parts = |name: &str| apps.metrics(name, 1)[0].parts.clone();
        assert_eq!(parts("app"), vec![], "APPLICATION: the application's figures alone");
        let tasks = parts("task");
        assert_eq!(tasks.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["P"]);
        let total = apps.metrics("task", 1)[0].num_records_in_per_second;
        assert!(tasks[0].num_records_in_per_second > 0.0 && tasks[0].num_records_in_per_second == total, "{tasks:?}");
        let operators = parts("operator");
        assert!(!operators.is_empty() && operators.iter().all(|p| p.name.starts_with("P: ")), "{operators:?}");
        assert_eq!(operators[0].num_records_in_per_second, total, "{operators:?}");
        let subtasks = parts("subtask");
        let named: Vec<String> = operators.iter().map(|p| format!("{} #0", p.name)).collect();
        assert_eq!(subtasks.iter().map(|p| p.name.clone()).collect::<Vec<_>>(), named);
    }

    /// An output added to a running SQL application is delivered from then on: the engine
    /// runs the new version, carrying on from the checkpoint its stop took; one naming a
    /// stream no pump writes is refused and changes nothing.
    #[test]
    fn an_output_added_to_a_running_application_is_delivered() {
        let mut apps = Applications::default();
        apps.call("CreateApplication", sql_app("app", PUMP_CODE, json!({"Inputs": [input()]})), 0.0).unwrap();
        let started = apps.call(
            "StartApplication",
            json!({"ApplicationName": "app", "RunConfiguration": {"SqlRunConfigurations": []}}),
            0.0,
        );
        assert!(started.is_ok(), "{started:?}: an empty list names no input");
        // Nor for an application with no SQL configuration yet.
        let bare = json!({"ApplicationName": "bare", "RuntimeEnvironment": "SQL-1_0"});
        apps.call("CreateApplication", bare, 0.0).unwrap();
        let start = json!({"ApplicationName": "bare", "RunConfiguration": {"SqlRunConfigurations": []}});
        apps.call("StartApplication", start, 0.0).unwrap();
        apps.tick(10.0);
        let clock = apps.engine_clock("app").unwrap();
        let output = |name: &str| json!({"Name": name, "KinesisStreamsOutput": {"ResourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/out"}, "DestinationSchema": {"RecordFormatType": "JSON"}});
        let add = |version: u64, name: &str| json!({"ApplicationName": "app", "CurrentApplicationVersionId": version, "Output": output(name)});
        let e = apps.call("AddApplicationOutput", add(1, "NOWHERE"), 10.0).unwrap_err();
        assert_eq!(e.kind, "InvalidApplicationConfigurationException", "{e:?}");
        assert_eq!(apps.engine_clock("app"), Some(clock), "the old version runs on");
        apps.call("AddApplicationOutput", add(1, "OUT"), 10.0).unwrap();
        let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 10.0).unwrap();
        assert_eq!(
            (&detail["ApplicationDetail"]["ApplicationStatus"], &detail["ApplicationDetail"]["ApplicationVersionId"]),
            (&json!("UPDATING"), &json!(2))
        );
        assert_eq!(apps.engine_clock("app"), Some(clock), "carries on where it stopped");
        apps.tick(20.0);
        let report = apps.monitoring("app", 20.0).unwrap();
        let delivered = report["Monitoring"]["Deliveries"][0]["LatestRecords"].as_array().unwrap().len();
        assert!(delivered > 0, "{report}");
    }

    /// A stream's generator and its settings come from the `kdalite.generators` property
    /// group; a load that stays high doubles `CurrentParallelism` through AUTOSCALING.
    #[test]
    fn a_busy_application_scales_up() {
        let mut apps = Applications::default();
        let code = PUMP_CODE;
        let mut request = sql_app("busy", code, json!({"Inputs": [input()]}));
        let config = &mut request["ApplicationConfiguration"];
        config["EnvironmentProperties"] = json!({"PropertyGroups": [
            {"PropertyGroupId": "kdalite.generators", "PropertyMap": {"ticker-demo": "ticker:rate=5000"}}
        ]});
        config["FlinkApplicationConfiguration"]["ParallelismConfiguration"] = json!({"ConfigurationType": "CUSTOM", "Parallelism": 1, "ParallelismPerKPU": 1, "AutoScalingEnabled": true});
        apps.call("CreateApplication", request, 0.0).unwrap();
        apps.call("StartApplication", json!({"ApplicationName": "busy"}), 0.0).unwrap();
        apps.tick(3.0);
        let describe = |apps: &mut Applications, now: f64| {
            apps.call("DescribeApplication", json!({"ApplicationName": "busy"}), now).unwrap()["ApplicationDetail"]
                .clone()
        };
        let parallelism = |d: &Value| {
            d["ApplicationConfigurationDescription"]["FlinkApplicationConfigurationDescription"]
                ["ParallelismConfigurationDescription"]["CurrentParallelism"]
                .clone()
        };
        let before = describe(&mut apps, 60.0);
        assert_eq!((before["ApplicationStatus"].as_str(), parallelism(&before)), (Some("RUNNING"), json!(1)));
        let scaling = describe(&mut apps, 65.0);
        assert_eq!((scaling["ApplicationStatus"].as_str(), parallelism(&scaling)), (Some("AUTOSCALING"), json!(2)));
        let after = describe(&mut apps, 70.0);
        assert_eq!(after["ApplicationStatus"], "RUNNING");
        let report = apps.monitoring("busy", 70.0).unwrap();
        let monitoring = &report["Monitoring"];
        let logged = monitoring["LogEvents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["message"].as_str().unwrap().starts_with("Autoscaling up: CurrentParallelism 1 -> 2"));
        assert!(logged, "{}", monitoring["LogEvents"]);
        let last = monitoring["Metrics"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["KPUs"], 2);
        let rate = last["numRecordsInPerSecond"].as_f64().unwrap();
        assert!((4500.0..5500.0).contains(&rate), "the generator's rate: {rate}");
    }

    /// `UpdateApplication` changes inputs, outputs and reference data sources by id, checked
    /// as `Add…` checks; a running application runs the new version, keeps the old one when
    /// the new one does not compile, and stops when its saved state does not fit the new one.
    #[test]
    fn updates_change_parts_by_id_and_a_running_application_runs_the_new_version() {
        let mut apps = Applications::default();
        let code = PUMP_CODE;
        let output = json!({"Name": "OUT", "KinesisStreamsOutput": {"ResourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/a"},
                            "DestinationSchema": {"RecordFormatType": "JSON"}});
        let mut request = sql_app("app", code, json!({"Inputs": [input()], "Outputs": [output]}));
        request["ApplicationConfiguration"]["ApplicationSnapshotConfiguration"] = json!({"SnapshotsEnabled": true});
        apps.call("CreateApplication", request, 0.0).unwrap();
        let update = |version: u64, sql: Value| {
            json!({"ApplicationName": "app", "CurrentApplicationVersionId": version,
                   "ApplicationConfigurationUpdate": {"SqlApplicationConfigurationUpdate": sql}})
        };
        let missing = update(1, json!({"OutputUpdates": [{"OutputId": "9.9", "NameUpdate": "X"}]}));
        assert_eq!(apps.call("UpdateApplication", missing, 0.0).unwrap_err().kind, "ResourceNotFoundException");
        let changed = update(
            1,
            json!({
                "OutputUpdates": [{"OutputId": "1.1", "LambdaOutputUpdate": {"ResourceARNUpdate": "arn:aws:lambda:us-east-1:123456789012:function:f"},
                                   "DestinationSchemaUpdate": {"RecordFormatType": "CSV"}}],
                "InputUpdates": [{"InputId": "1.1", "InputSchemaUpdate": {"RecordColumnUpdates": [
                    {"Name": "SYMBOL", "Mapping": "$.TICKER_SYMBOL", "SqlType": "VARCHAR(8)"}]}}]
            }),
        );
        let updated = apps.call("UpdateApplication", changed, 0.0).unwrap();
        let sql = &updated["ApplicationDetail"]["ApplicationConfigurationDescription"]
            ["SqlApplicationConfigurationDescription"];
        let out = &sql["OutputDescriptions"][0];
        assert!(out.get("KinesisStreamsOutputDescription").is_none(), "the new destination replaces the old: {out}");
        assert_eq!(out["LambdaOutputDescription"]["ResourceARN"], "arn:aws:lambda:us-east-1:123456789012:function:f");
        assert_eq!(out["DestinationSchema"]["RecordFormatType"], "CSV");
        let columns = &sql["InputDescriptions"][0]["InputSchema"]["RecordColumns"];
        assert_eq!(columns, &json!([{"Name": "SYMBOL", "Mapping": "$.TICKER_SYMBOL", "SqlType": "VARCHAR(8)"}]));
        assert_eq!(sql["InputDescriptions"][0]["KinesisStreamsInputDescription"]["ResourceARN"], TICKER_STREAM);
        let bad_type = update(
            2,
            json!({"InputUpdates": [{"InputId": "1.1", "InputSchemaUpdate": {"RecordColumnUpdates": [
            {"Name": "SYMBOL", "SqlType": "TEXTY"}]}}]}),
        );
        assert!(apps.call("UpdateApplication", bad_type, 0.0).unwrap_err().message.contains("TEXTY"));

        apps.call("StartApplication", json!({"ApplicationName": "app"}), 0.0).unwrap();
        apps.tick(10.0);
        let code_update = |version: u64, code: &str| {
            json!({"ApplicationName": "app", "CurrentApplicationVersionId": version,
                   "ApplicationConfigurationUpdate": {"ApplicationCodeConfigurationUpdate": {"CodeContentUpdate": {"TextContentUpdate": code}}}})
        };
        let e = apps.call("UpdateApplication", code_update(2, "SELECT STREAM FROM;"), 10.0).unwrap_err();
        assert_eq!(e.kind, "InvalidApplicationConfigurationException");
        let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 10.0).unwrap();
        assert_eq!(detail["ApplicationDetail"]["ApplicationVersionId"], 2, "the failed update made no version");
        assert!(apps.engine_clock("app").is_some(), "the old version runs on");

        // The pump's query changed, so its saved state no longer fits. As in Flink, that shows
        // only as the new version starts: the update is accepted, then fails, and without
        // system rollback the application is left READY.
        let renamed = code.replace("SELECT STREAM SYMBOL", "SELECT STREAM LOWER(SYMBOL)");
        let updated = apps.call("UpdateApplication", code_update(2, &renamed), 20.0).unwrap();
        assert_eq!(updated["ApplicationDetail"]["ApplicationStatus"], "UPDATING");
        let operation = json!({"ApplicationName": "app", "OperationId": updated["OperationId"]});
        apps.tick(25.0);
        let info = apps.call("DescribeApplicationOperation", operation, 25.0).unwrap();
        let info = &info["ApplicationOperationInfoDetails"];
        assert_eq!(info["OperationStatus"], "FAILED");
        let error = info["OperationFailureDetails"]["ErrorInfo"]["ErrorString"].as_str().unwrap();
        assert!(error.contains("pump \"P\"") && error.contains("AllowNonRestoredState"), "{error}");
        assert!(info["OperationFailureDetails"].get("RollbackOperationId").is_none(), "{info}");
        let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 25.0).unwrap();
        assert_eq!(detail["ApplicationDetail"]["ApplicationStatus"], "READY");
        assert_eq!(detail["ApplicationDetail"]["ApplicationVersionId"], 3);
        assert!(apps.engine_clock("app").is_none());
        // With AllowNonRestoredState the pump's old state is dropped and the rest restored.
        let mut allowed = code_update(3, &renamed);
        allowed["RunConfigurationUpdate"] = json!({"FlinkRunConfiguration": {"AllowNonRestoredState": true}});
        apps.call("UpdateApplication", allowed, 25.0).unwrap();
        apps.call("StartApplication", json!({"ApplicationName": "app"}), 25.0).unwrap();
        let report = apps.monitoring("app", 35.0).unwrap();
        let latest = report["Monitoring"]["Deliveries"][0]["LatestRecords"].as_array().unwrap().clone();
        assert!(
            !latest.is_empty() && latest.iter().all(|r| r.as_str().unwrap() == r.as_str().unwrap().to_lowercase()),
            "{latest:?} {}",
            report["Monitoring"]["LogEvents"]
        );
        // Rolling back runs the previous version (the same code, without AllowNonRestoredState)
        // from the snapshot the rollback takes as it stops the current one.
        let rollback = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 4});
        let rolled = apps.call("RollbackApplication", rollback, 35.0).unwrap();
        let rolled = &rolled["ApplicationDetail"];
        assert_eq!(
            (&rolled["ApplicationVersionId"], &rolled["ApplicationStatus"]),
            (&json!(5), &json!("ROLLING_BACK"))
        );
        assert_eq!(
            (&rolled["ApplicationVersionRolledBackFrom"], &rolled["ApplicationVersionRolledBackTo"]),
            (&json!(4), &json!(3))
        );
        assert!(apps.engine_clock("app").is_some(), "version 3 runs");
        let snapshots = apps.call("ListApplicationSnapshots", json!({"ApplicationName": "app"}), 35.0).unwrap();
        let names: Vec<&str> = snapshots["SnapshotSummaries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["SnapshotName"].as_str().unwrap())
            .collect();
        assert!(names.iter().any(|n| n.starts_with("app-update-")), "{names:?}");
    }

    /// `SqlRunConfigurations`: LAST_STOPPED_POINT carries on where the application stopped
    /// (its stop takes a checkpoint); NOW and TRIM_HORIZON start the stream afresh.
    #[test]
    fn a_sql_application_starts_where_its_input_position_says() {
        let mut apps = Applications::default();
        apps.call("CreateApplication", sql_app("app", PUMP_CODE, json!({"Inputs": [input()]})), 0.0).unwrap();
        let start = |position: &str| {
            json!({"ApplicationName": "app", "RunConfiguration": {"SqlRunConfigurations": [
                {"InputId": "1.1", "InputStartingPositionConfiguration": {"InputStartingPosition": position}}]}})
        };
        let e = apps.call("StartApplication", start("YESTERDAY"), 0.0).unwrap_err();
        assert_eq!(e.kind, "InvalidArgumentException");
        let mut unknown = start("NOW");
        unknown["RunConfiguration"]["SqlRunConfigurations"][0]["InputId"] = json!("9.9");
        assert_eq!(apps.call("StartApplication", unknown, 0.0).unwrap_err().kind, "ResourceNotFoundException");

        apps.call("StartApplication", start("TRIM_HORIZON"), 0.0).unwrap();
        let first = apps.engine_clock("app").unwrap();
        apps.tick(20.0);
        let stopped_at = apps.engine_clock("app").unwrap();
        assert!(stopped_at > first);
        apps.call("StopApplication", json!({"ApplicationName": "app"}), 20.0).unwrap();
        apps.tick(30.0);
        apps.call("StartApplication", start("LAST_STOPPED_POINT"), 30.0).unwrap();
        assert_eq!(apps.engine_clock("app"), Some(stopped_at), "where it stopped");
        let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 30.0).unwrap();
        let input = &detail["ApplicationDetail"]["ApplicationConfigurationDescription"]
            ["SqlApplicationConfigurationDescription"]["InputDescriptions"][0];
        assert_eq!(input["InputStartingPositionConfiguration"]["InputStartingPosition"], "LAST_STOPPED_POINT");
        // A stop needs the application RUNNING, past its STARTING transition.
        apps.call("StopApplication", json!({"ApplicationName": "app"}), 32.0).unwrap();
        apps.tick(40.0);
        apps.call("StartApplication", start("NOW"), 40.0).unwrap();
        assert_eq!(apps.engine_clock("app"), Some(first), "the stream afresh");
    }

    /// With `ApplicationSystemRollbackConfiguration` enabled, an update whose new version fails
    /// as it starts rolls back by itself: UPDATING, ROLLING_BACK, ROLLED_BACK, then RUNNING on
    /// the earlier code with its state; the update's operation fails naming the rollback's.
    #[test]
    fn a_failed_update_rolls_back_by_itself_when_system_rollback_is_enabled() {
        let mut apps = Applications::default();
        let code = PUMP_CODE;
        let mut request = sql_app("app", code, json!({"Inputs": [input()]}));
        request["ApplicationConfiguration"]["ApplicationSnapshotConfiguration"] = json!({"SnapshotsEnabled": true});
        request["ApplicationConfiguration"]["ApplicationSystemRollbackConfiguration"] =
            json!({"RollbackEnabled": true});
        let created = apps.call("CreateApplication", request, 0.0).unwrap();
        let config = &created["ApplicationDetail"]["ApplicationConfigurationDescription"];
        assert_eq!(config["ApplicationSystemRollbackConfigurationDescription"], json!({"RollbackEnabled": true}));
        apps.call("StartApplication", json!({"ApplicationName": "app"}), 0.0).unwrap();
        apps.tick(10.0);
        let clock = apps.engine_clock("app").unwrap();

        let renamed = code.replace("SELECT STREAM SYMBOL", "SELECT STREAM LOWER(SYMBOL)");
        let update = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 1,
            "ApplicationConfigurationUpdate": {"ApplicationCodeConfigurationUpdate": {"CodeContentUpdate": {"TextContentUpdate": renamed}}}});
        let updated = apps.call("UpdateApplication", update, 10.0).unwrap();
        assert_eq!(updated["ApplicationDetail"]["ApplicationStatus"], "UPDATING");
        assert_eq!(updated["ApplicationDetail"]["ApplicationVersionId"], 2);
        let status = |apps: &mut Applications, at: f64| {
            let d = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), at).unwrap();
            d["ApplicationDetail"]["ApplicationStatus"].as_str().unwrap().to_string()
        };
        let seen: Vec<String> = [11.0, 12.5, 14.5, 16.5].iter().map(|&t| status(&mut apps, t)).collect();
        assert_eq!(seen, ["UPDATING", "ROLLING_BACK", "ROLLED_BACK", "RUNNING"]);

        let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 17.0).unwrap();
        let detail = &detail["ApplicationDetail"];
        assert_eq!(detail["ApplicationVersionId"], 3);
        assert_eq!(
            (&detail["ApplicationVersionRolledBackFrom"], &detail["ApplicationVersionRolledBackTo"]),
            (&json!(2), &json!(1))
        );
        let text = &detail["ApplicationConfigurationDescription"]["ApplicationCodeConfigurationDescription"]
            ["CodeContentDescription"]["TextContent"];
        assert_eq!(text, code, "the code that ran before");
        assert!(apps.engine_clock("app").unwrap() >= clock, "the earlier version goes on from its state");
        let failed =
            apps.call("DescribeApplicationVersion", json!({"ApplicationName": "app", "ApplicationVersionId": 2}), 17.0);
        let failed_text = &failed.unwrap()["ApplicationVersionDetail"]["ApplicationConfigurationDescription"]
            ["ApplicationCodeConfigurationDescription"]["CodeContentDescription"]["TextContent"];
        assert_eq!(failed_text, &json!(renamed), "the failed version is kept");

        let listed = apps.call("ListApplicationOperations", json!({"ApplicationName": "app"}), 17.0).unwrap();
        let operations = listed["ApplicationOperationInfoList"].as_array().unwrap();
        let find = |name: &str| operations.iter().find(|o| o["Operation"] == name).unwrap().clone();
        let (update, rollback) = (find("UpdateApplication"), find("RollbackApplication"));
        assert_eq!(
            (&update["OperationStatus"], &rollback["OperationStatus"]),
            (&json!("FAILED"), &json!("SUCCESSFUL"))
        );
        let mut describe = |operation: &Value| {
            let request = json!({"ApplicationName": "app", "OperationId": operation["OperationId"]});
            apps.call("DescribeApplicationOperation", request, 17.0).unwrap()["ApplicationOperationInfoDetails"].clone()
        };
        let failure = &describe(&update)["OperationFailureDetails"];
        assert_eq!(failure["RollbackOperationId"], rollback["OperationId"]);
        assert!(failure["ErrorInfo"]["ErrorString"].as_str().unwrap().contains("AllowNonRestoredState"), "{failure}");
        let change = &describe(&rollback)["ApplicationVersionChangeDetails"];
        assert_eq!(change, &json!({"ApplicationVersionUpdatedFrom": 2, "ApplicationVersionUpdatedTo": 3}));
    }

    /// A driven application (the page's): the driver's inputs and start time, its clock moved
    /// only by the driver; the control plane's operations as for any other.
    #[test]
    fn a_driven_application_reads_the_drivers_inputs_and_keeps_the_drivers_clock() {
        use crate::app::service::Driver;
        let mut apps = Applications::default();
        let code = "SELECT STREAM * FROM \"SOURCE_SQL_STREAM_001\";";
        apps.call("CreateApplication", sql_app("page", code, json!({})), 0.0).unwrap();
        let driver = Driver {
            bindings: std::rc::Rc::new(|| {
                let spec = "sensors:seed=3,rate=10".parse()?;
                let source = crate::runtime::InputSource::Generator(spec);
                Ok(vec![crate::runtime::InputBinding { stream: "SOURCE_SQL_STREAM_001".into(), source }])
            }),
            start: 5_000,
            transition_seconds: 0.5,
        };
        apps.drive("page", driver).unwrap();
        apps.call("StartApplication", json!({"ApplicationName": "page"}), 0.0).unwrap();
        assert_eq!(apps.status("page"), Some(crate::app::model::ApplicationStatus::Starting));
        apps.tick(0.6);
        assert_eq!(apps.status("page"), Some(crate::app::model::ApplicationStatus::Running), "a driver's transitions");
        apps.tick(60.0);
        let engine = apps.engine_mut("page").unwrap();
        assert_eq!(engine.now(), 5_000, "the control plane's clock does not move a driven engine");
        engine.advance_to(6_000).unwrap();
        let columns = engine.visible_columns("SOURCE_SQL_STREAM_001");
        assert!(columns.contains(&"DEVICE_ID".to_string()), "the driver's sensors feed it: {columns:?}");
        apps.call("CreateApplicationSnapshot", json!({"ApplicationName": "page", "SnapshotName": "s"}), 61.0).unwrap();
        apps.call("StopApplication", json!({"ApplicationName": "page"}), 62.0).unwrap();
        assert!(apps.engine_mut("page").is_none());
    }

    /// `ExportApplicationToFlink`: a SQL application as Managed Service for Apache Flink's
    /// `CreateApplication`, its job reading and writing the application's own streams, which
    /// the control plane's own `CreateApplication` accepts; what Flink cannot express is refused
    /// at its place, or approximated when asked.
    #[test]
    fn a_sql_application_exports_as_a_managed_flink_application() {
        let mut apps = Applications::default();
        apps.objects.put("refs", "companies.csv", b"Ticker,Company\nAMZN,Amazon\n".to_vec());
        let output = json!({
            "Name": "DESTINATION_SQL_STREAM",
            "KinesisStreamsOutput": {"ResourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/out"},
            "DestinationSchema": {"RecordFormatType": "JSON"}
        });
        let sql = json!({"Inputs": [input()], "Outputs": [output], "ReferenceDataSources": [companies_reference()]});
        apps.call("CreateApplication", sql_app("app", CODE, sql), 0.0).unwrap();
        let answer = apps.call("ExportApplicationToFlink", json!({"ApplicationName": "app"}), 1.0).unwrap();
        let request = &answer["CreateApplicationRequest"];
        assert_eq!(request["ApplicationName"], "app-flink");
        assert_eq!(request["RuntimeEnvironment"], "FLINK-1_20");
        assert_eq!(request["ServiceExecutionRole"], ROLE);
        let config = &request["ApplicationConfiguration"];
        let run = &config["EnvironmentProperties"]["PropertyGroups"][0];
        assert_eq!(run["PropertyGroupId"], "kinesis.analytics.flink.run.options");
        assert_eq!(run["PropertyMap"]["python"], "app/run.py");

        // The zip holds the job that the answer shows, over the application's streams.
        use base64::Engine;
        let zip = config["ApplicationCodeConfiguration"]["CodeContent"]["ZipFileContent"].as_str().unwrap();
        let zip = base64::engine::general_purpose::STANDARD.decode(zip).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        let mut job = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("app/job.sql").unwrap(), &mut job).unwrap();
        assert_eq!(answer["JobSql"], job.as_str());
        assert!(job.contains(&format!("'stream.arn' = '{TICKER_STREAM}'")), "{job}");
        assert!(job.contains("'source.init.position' = 'LATEST'"), "{job}");
        assert!(job.contains("'stream.arn' = 'arn:aws:kinesis:us-east-1:123456789012:stream/out'"), "{job}");
        assert!(archive.by_name("app/run.py").is_ok() && archive.by_name("app/data/COMPANIES.jsonl").is_ok());
        let notes = answer["Notes"].to_string();
        assert!(notes.contains("put them in S3") && notes.contains("jarfile"), "{notes}");
        assert!(!notes.contains("put yours in its 'stream.arn'"), "every stream is the application's: {notes}");
        assert!(notes.contains("input 1.1 maps column SYMBOL from $.TICKER_SYMBOL"), "{notes}");
        assert!(!notes.contains("column PRICE"), "PRICE is read from $.PRICE: {notes}");
        assert!(job.contains("`ROWTIME` AS CAST(`APPROXIMATE_ARRIVAL_TIME` AS TIMESTAMP(3))"), "{job}");

        // The request is one the control plane takes.
        let created = apps.call("CreateApplication", request.clone(), 2.0).unwrap();
        assert_eq!(created["ApplicationDetail"]["RuntimeEnvironment"], "FLINK-1_20");

        let stagger = r#"CREATE OR REPLACE STREAM "OUT" (SYMBOL VARCHAR(4), N BIGINT);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM SYMBOL, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
WINDOWED BY STAGGER(PARTITION BY SYMBOL RANGE INTERVAL '1' MINUTE);"#;
        apps.call("CreateApplication", sql_app("stagger", stagger, json!({"Inputs": [input()]})), 3.0).unwrap();
        let e = apps.call("ExportApplicationToFlink", json!({"ApplicationName": "stagger"}), 4.0).unwrap_err();
        assert_eq!(e.kind, "InvalidApplicationConfigurationException");
        assert!(e.message.contains("line 3, column 13") && e.message.contains("stagger"), "{}", e.message);
        let approximate = json!({"ApplicationName": "stagger", "Approximate": true});
        let answer = apps.call("ExportApplicationToFlink", approximate, 5.0).unwrap();
        assert!(answer["Notes"].to_string().contains("approximate: the stagger window"), "{answer}");
    }
}
