//! An application as the JSON of `CreateApplication`, as the page exports and imports it: its
//! SQL, its input (the generator as a Kinesis stream named after it, the generator and its
//! settings in the `kdalite.generators` property group) and its reference table (an S3
//! object in the bucket [`BUCKET`]). Both ways go through the control plane's own
//! `CreateApplication`, so an export is what `kdalite serve` accepts, and an import is
//! checked as AWS would check it.

use serde_json::{json, Value};

use super::error::{ApiError, ApiResult};
use super::inputs::{generator_for, record_columns, GENERATORS_GROUP};
use super::service::Applications;
use crate::source::file::RecordColumn;
use crate::source::GeneratorSpec;

/// Where an exported application's reference table is expected (`S3_DIR/BUCKET/FILE`).
pub const BUCKET: &str = "kdalite-playground";
const ROLE: &str = "arn:aws:iam::123456789012:role/kdalite-playground";

/// What the page runs: what an export says and an import gives back.
#[derive(Debug, Clone, PartialEq)]
pub struct Playground {
    pub name: String,
    pub sql: String,
    /// The in-application stream the generator feeds (`NAME_001`, as KDA names inputs).
    pub stream: String,
    pub generator: GeneratorSpec,
    pub reference: Option<Reference>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub table: String,
    pub file_name: String,
    pub columns: Vec<RecordColumn>,
}

fn schema(columns: &[RecordColumn], format: Value) -> Value {
    let columns: Vec<Value> = columns
        .iter()
        .map(|c| json!({"Name": c.name, "Mapping": c.mapping, "SqlType": c.sql_type.to_string()}))
        .collect();
    json!({"RecordFormat": format, "RecordEncoding": "UTF-8", "RecordColumns": columns})
}

/// The `CreateApplication` request for `playground`, and the application it creates as
/// `DescribeApplication` shows it.
pub fn export(playground: &Playground) -> ApiResult<(Value, Value)> {
    let Some(prefix) = playground.stream.strip_suffix("_001").filter(|p| !p.is_empty()) else {
        return Err(ApiError::invalid(format!(
            "KDA names an input's in-application stream PREFIX_001: rename the stream \"{}\" to export it",
            playground.stream
        )));
    };
    let generator = &playground.generator;
    let columns: Vec<RecordColumn> = generator
        .stream_def(&playground.stream)
        .map_err(|e| ApiError::invalid(e.to_string()))?
        .columns
        .into_iter()
        .map(|c| RecordColumn { mapping: format!("$.{}", c.name), name: c.name, sql_type: c.sql_type })
        .collect();
    let json_format =
        json!({"RecordFormatType": "JSON", "MappingParameters": {"JSONMappingParameters": {"RecordRowPath": "$"}}});
    let settings: Vec<String> = generator.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let spec = format!("{}:{}", generator.name, settings.join(","));
    let mut sql = json!({"Inputs": [{
        "NamePrefix": prefix,
        "KinesisStreamsInput": {"ResourceARN": format!("arn:aws:kinesis:us-east-1:123456789012:stream/{}", generator.name)},
        "InputSchema": schema(&columns, json_format),
    }]});
    if let Some(r) = &playground.reference {
        let csv = json!({"RecordFormatType": "CSV", "MappingParameters": {"CSVMappingParameters": {"RecordRowDelimiter": "\n", "RecordColumnDelimiter": ","}}});
        sql["ReferenceDataSources"] = json!([{
            "TableName": r.table,
            "S3ReferenceDataSource": {"BucketARN": format!("arn:aws:s3:::{BUCKET}"), "FileKey": r.file_name},
            "ReferenceSchema": schema(&r.columns, csv),
        }]);
    }
    let request = json!({
        "ApplicationName": playground.name,
        "ApplicationDescription": "Exported from the kdalite playground",
        "RuntimeEnvironment": "SQL-1_0",
        "ServiceExecutionRole": ROLE,
        "ApplicationConfiguration": {
            "ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": playground.sql}},
            "SqlApplicationConfiguration": sql,
            "EnvironmentProperties": {"PropertyGroups": [
                {"PropertyGroupId": GENERATORS_GROUP, "PropertyMap": {generator.name.clone(): spec}}
            ]},
        },
    });
    let described = Applications::default().call("CreateApplication", request.clone(), 0.0)?;
    Ok((request, described))
}

/// The playground a `CreateApplication` request describes, once the control plane accepts it,
/// and the application as `DescribeApplication` shows it.
pub fn import(request: &Value) -> ApiResult<(Playground, Value)> {
    let described = Applications::default().call("CreateApplication", request.clone(), 0.0)?;
    let detail = &described["ApplicationDetail"];
    let config = serde_json::from_value::<super::model::ApplicationConfigurationDescription>(
        detail["ApplicationConfigurationDescription"].clone(),
    )
    .map_err(|e| ApiError::invalid(e.to_string()))?;
    let sql = config
        .application_code_configuration_description
        .as_ref()
        .and_then(|c| c.code_content_description.as_ref())
        .and_then(|c| c.text_content.clone())
        .ok_or_else(|| ApiError::invalid("the application has no SQL code as text (TextContent)"))?;
    let settings = config
        .environment_property_descriptions
        .iter()
        .flat_map(|e| &e.property_group_descriptions)
        .find(|g| g.property_group_id == GENERATORS_GROUP)
        .map(|g| g.property_map.clone())
        .unwrap_or_default();
    let sql_config = config.sql_application_configuration_description.unwrap_or_default();
    let input = sql_config.input_descriptions.first();
    let stream = input
        .and_then(|i| i.in_app_stream_names.first().cloned())
        .unwrap_or_else(|| crate::source::ticker::DEFAULT_STREAM.to_string());
    let origin = input
        .and_then(|i| i.kinesis_streams_input_description.as_ref().or(i.kinesis_firehose_input_description.as_ref()))
        .map_or("ticker", |r| r.resource_arn.as_str());
    let reference = match sql_config.reference_data_source_descriptions.first() {
        Some(r) => Some(Reference {
            table: r.table_name.clone(),
            file_name: r.s3_reference_data_source_description.file_key.clone(),
            columns: record_columns(&r.reference_schema)?,
        }),
        None => None,
    };
    let playground = Playground {
        name: detail["ApplicationName"].as_str().unwrap_or_default().to_string(),
        sql,
        stream,
        generator: generator_for(origin, 1, &settings)?,
        reference,
    };
    Ok((playground, described))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn playground() -> Playground {
        Playground {
            name: "playground".into(),
            sql: "SELECT STREAM * FROM \"SOURCE_SQL_STREAM_001\";".into(),
            stream: crate::source::ticker::DEFAULT_STREAM.into(),
            generator: "sensors:seed=7,rate=250,late=0.05".parse().unwrap(),
            reference: Some(Reference {
                table: "DEVICES".into(),
                file_name: "devices.csv".into(),
                columns: crate::source::file::infer_schema("devices.csv", b"device_id,site\nd-1,north\n").unwrap(),
            }),
        }
    }

    /// Export then import gives the playground back; the export creates the application it
    /// describes, with the input, its schema and the reference table.
    #[test]
    fn an_export_imports_back_to_the_same_playground() {
        let original = playground();
        let (request, described) = export(&original).unwrap();
        let detail = &described["ApplicationDetail"];
        assert_eq!(detail["RuntimeEnvironment"], "SQL-1_0");
        let sql = &detail["ApplicationConfigurationDescription"]["SqlApplicationConfigurationDescription"];
        assert_eq!(sql["InputDescriptions"][0]["InAppStreamNames"], json!(["SOURCE_SQL_STREAM_001"]));
        assert_eq!(sql["InputDescriptions"][0]["InputSchema"]["RecordColumns"][0]["Mapping"], "$.DEVICE_ID");
        assert_eq!(sql["ReferenceDataSourceDescriptions"][0]["TableName"], "DEVICES");
        assert_eq!(import(&request).unwrap().0, original);
    }

    #[test]
    fn what_cannot_be_exported_or_imported_says_why() {
        let mut renamed = playground();
        renamed.stream = "readings".into();
        let e = export(&renamed).unwrap_err();
        assert!(e.message.contains("PREFIX_001") && e.message.contains("readings"), "{}", e.message);
        let mut bad_name = playground();
        bad_name.name = "no spaces allowed".into();
        assert_eq!(export(&bad_name).unwrap_err().kind, "InvalidArgumentException");
        let flink = json!({"ApplicationName": "f", "RuntimeEnvironment": "FLINK-1_15"});
        assert!(import(&flink).unwrap_err().message.contains("no SQL code"));
        let e = import(&json!({"ApplicationName": "x", "RuntimeEnvironment": "SQL-9"})).unwrap_err();
        assert!(e.message.contains("Unsupported runtime environment SQL-9"), "{}", e.message);
    }
}
