//! The requests [`Operation`](super::Operation)s carry, as AWS names their fields, read as the
//! control plane has always read them (see [`super`]).

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::app::model::ApplicationMode;

/// A field of the type asked for, or none: a value of another type is as if absent.
fn loose<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).ok())
}

/// A field given, whatever it holds (`null` included): the checks it goes to read it.
fn given<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// A list of strings, each not a string read as `""`.
fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let list = Value::deserialize(d)?;
    Ok(list.as_array().into_iter().flatten().map(|s| s.as_str().unwrap_or_default().to_string()).collect())
}

/// `CreateApplication`'s request, read strictly: serde's errors are its errors, worded as they were when
/// the struct was `CreateRequest`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase", expecting = "struct CreateRequest")]
pub struct CreateApplicationRequest {
    pub application_name: String,
    #[serde(default)]
    pub application_description: Option<String>,
    pub runtime_environment: String,
    #[serde(default)]
    pub service_execution_role: Option<String>,
    #[serde(default)]
    pub application_configuration: Option<Value>,
    #[serde(default)]
    pub application_mode: Option<ApplicationMode>,
    #[serde(default)]
    pub tags: Option<Value>,
    #[serde(default)]
    pub cloud_watch_logging_options: Vec<Value>,
}

/// A request that names an application and nothing else.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationRequest {
    pub application_name: String,
}

/// A list's page: at most `Limit` (1 to 50, 50 when not given) from where `NextToken` says.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Paging {
    #[serde(default, deserialize_with = "loose")]
    pub next_token: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub limit: Option<u64>,
}

/// A list of an application's things, a page at a time.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRequest {
    pub application_name: String,
    #[serde(flatten)]
    pub paging: Paging,
}

/// The version a change is made to: its id, or its conditional token.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Expected {
    #[serde(default, deserialize_with = "loose")]
    pub current_application_version_id: Option<u64>,
    #[serde(default, deserialize_with = "loose")]
    pub conditional_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeApplicationRequest {
    pub application_name: String,
    #[serde(default, deserialize_with = "loose")]
    pub include_additional_details: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteApplicationRequest {
    pub application_name: String,
    /// Epoch seconds.
    #[serde(default, deserialize_with = "loose")]
    pub create_timestamp: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListApplicationOperationsRequest {
    pub application_name: String,
    #[serde(default, deserialize_with = "loose")]
    pub operation: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub operation_status: Option<String>,
    #[serde(flatten)]
    pub paging: Paging,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeApplicationOperationRequest {
    pub application_name: String,
    pub operation_id: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceRequest {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceRequest {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: String,
    /// `[{"Key": …, "Value": …}]`, checked as AWS checks tags.
    #[serde(default, deserialize_with = "given")]
    pub tags: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceRequest {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: String,
    #[serde(default, deserialize_with = "strings")]
    pub tag_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartApplicationRequest {
    pub application_name: String,
    #[serde(default, deserialize_with = "given")]
    pub run_configuration: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StopApplicationRequest {
    pub application_name: String,
    #[serde(default, deserialize_with = "loose")]
    pub force: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddApplicationVpcConfigurationRequest {
    pub application_name: String,
    #[serde(flatten)]
    pub expected: Expected,
    #[serde(default, deserialize_with = "given")]
    pub vpc_configuration: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteApplicationVpcConfigurationRequest {
    pub application_name: String,
    #[serde(flatten)]
    pub expected: Expected,
    pub vpc_configuration_id: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddApplicationCloudWatchLoggingOptionRequest {
    pub application_name: String,
    #[serde(flatten)]
    pub expected: Expected,
    #[serde(default, deserialize_with = "given")]
    pub cloud_watch_logging_option: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteApplicationCloudWatchLoggingOptionRequest {
    pub application_name: String,
    #[serde(flatten)]
    pub expected: Expected,
    pub cloud_watch_logging_option_id: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateApplicationMaintenanceConfigurationRequest {
    pub application_name: String,
    #[serde(default, deserialize_with = "loose")]
    pub application_maintenance_configuration_update: Option<MaintenanceConfigurationUpdate>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MaintenanceConfigurationUpdate {
    /// `HH:MM`, UTC.
    #[serde(default, deserialize_with = "loose")]
    pub application_maintenance_window_start_time_update: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateApplicationRequest {
    pub application_name: String,
    #[serde(flatten)]
    pub expected: Expected,
    #[serde(default, deserialize_with = "given")]
    pub application_configuration_update: Option<Value>,
    #[serde(default, deserialize_with = "given")]
    pub cloud_watch_logging_option_updates: Option<Value>,
    #[serde(default, deserialize_with = "given")]
    pub runtime_environment_update: Option<Value>,
    #[serde(default, deserialize_with = "given")]
    pub run_configuration_update: Option<Value>,
    #[serde(default, deserialize_with = "loose")]
    pub service_execution_role_update: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeApplicationVersionRequest {
    pub application_name: String,
    #[serde(default, deserialize_with = "loose")]
    pub application_version_id: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RollbackApplicationRequest {
    pub application_name: String,
    #[serde(flatten)]
    pub expected: Expected,
}

/// A request that names a snapshot of an application.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotRequest {
    pub application_name: String,
    pub snapshot_name: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteApplicationSnapshotRequest {
    pub application_name: String,
    pub snapshot_name: String,
    /// Epoch seconds.
    #[serde(default, deserialize_with = "loose")]
    pub snapshot_creation_timestamp: Option<f64>,
}

/// `AddApplicationInput`, `AddApplicationOutput`, `AddApplicationReferenceDataSource`: the
/// part added (`Input`, `Output`, `ReferenceDataSource`), which [`crate::app::inputs`] reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddApplicationPartRequest {
    pub application_name: String,
    #[serde(flatten)]
    pub expected: Expected,
    #[serde(skip)]
    pub part: Option<Value>,
}

/// `DeleteApplicationOutput`, `DeleteApplicationReferenceDataSource`: the part's id
/// (`OutputId`, `ReferenceId`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteApplicationPartRequest {
    pub application_name: String,
    #[serde(flatten)]
    pub expected: Expected,
    #[serde(skip)]
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExportApplicationToFlinkRequest {
    pub application_name: String,
    #[serde(default, deserialize_with = "loose")]
    pub approximate: Option<bool>,
}
