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
