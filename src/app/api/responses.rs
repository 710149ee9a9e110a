//! The responses [`Applications::run`](crate::app::service::Applications::run) answers with,
//! serialized as AWS writes them (and as the control plane always has, key for key).

use serde::Serialize;
use serde_json::Value;

use crate::app::model::*;

/// An operation's response, written as AWS writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Response {
    /// `CreateApplication`, `DescribeApplication`, `UpdateApplication`, `RollbackApplication`.
    Detail(ApplicationDetailResponse),
    /// The operations that answer nothing but, when tracked, their `OperationId`.
    Empty(EmptyResponse),
    Applications(ListApplicationsResponse),
    Operations(ListApplicationOperationsResponse),
    Operation(DescribeApplicationOperationResponse),
    Tags(ListTagsForResourceResponse),
    Vpc(AddApplicationVpcConfigurationResponse),
    /// A change answered with the version it made (`DeleteApplicationVpcConfiguration`,
    /// `DeleteApplicationOutput`, `DeleteApplicationReferenceDataSource`).
    Version(VersionResponse),
    Logging(CloudWatchLoggingOptionsResponse),
    Maintenance(UpdateApplicationMaintenanceConfigurationResponse),
    Versions(ListApplicationVersionsResponse),
    VersionDetail(DescribeApplicationVersionResponse),
    Snapshots(ListApplicationSnapshotsResponse),
    Snapshot(DescribeApplicationSnapshotResponse),
    Inputs(AddApplicationInputResponse),
    Outputs(AddApplicationOutputResponse),
    References(AddApplicationReferenceDataSourceResponse),
    /// `DiscoverInputSchema`'s and `ExportApplicationToFlink`'s, made as JSON.
    Json(Value),
}

impl Response {
    /// The response as the AWS JSON 1.1 protocol carries it.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// Sets the `OperationId` of a tracked operation's response.
    pub(crate) fn set_operation_id(&mut self, id: String) {
        let slot = match self {
            Response::Detail(r) => &mut r.operation_id,
            Response::Empty(r) => &mut r.operation_id,
            Response::Vpc(r) => &mut r.operation_id,
            Response::Version(r) => &mut r.operation_id,
            Response::Logging(r) => &mut r.operation_id,
            _ => return,
        };
        *slot = Some(id);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationDetailResponse {
    pub application_detail: ApplicationDetail,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EmptyResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListApplicationsResponse {
    pub application_summaries: Vec<ApplicationSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationSummary {
    pub application_name: String,
    #[serde(rename = "ApplicationARN")]
    pub application_arn: String,
    pub application_status: ApplicationStatus,
    pub application_version_id: u64,
    pub runtime_environment: RuntimeEnvironment,
    pub application_mode: ApplicationMode,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListApplicationOperationsResponse {
    pub application_operation_info_list: Vec<OperationRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeApplicationOperationResponse {
    pub application_operation_info_details: OperationInfoDetails,
}

/// An operation's record as `DescribeApplicationOperation` shows it: without its id, with
/// the versions it changed the application from and to.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationInfoDetails(pub OperationRecord);

impl Serialize for OperationInfoDetails {
    /// In the order the control plane has always written it: the record's keys with
    /// `OperationId` swapped out for the last of them (serde_json's `remove` on an ordered
    /// map), then `ApplicationVersionChangeDetails`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let record = &self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("Operation", &record.operation)?;
        match &record.operation_failure_details {
            Some(failure) => map.serialize_entry("OperationFailureDetails", failure)?,
            None => map.serialize_entry("OperationStatus", &record.operation_status)?,
        }
        map.serialize_entry("StartTime", &record.start_time)?;
        if let Some(end) = record.end_time {
            map.serialize_entry("EndTime", &end)?;
        }
        if record.operation_failure_details.is_some() {
            map.serialize_entry("OperationStatus", &record.operation_status)?;
        }
        if let Some((from, to)) = record.versions {
            let versions =
                VersionChangeDetails { application_version_updated_from: from, application_version_updated_to: to };
            map.serialize_entry("ApplicationVersionChangeDetails", &versions)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
struct VersionChangeDetails {
    application_version_updated_from: u64,
    application_version_updated_to: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceResponse {
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddApplicationVpcConfigurationResponse {
    #[serde(rename = "ApplicationARN")]
    pub application_arn: String,
    pub application_version_id: u64,
    pub vpc_configuration_description: VpcConfigurationDescription,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VersionResponse {
    #[serde(rename = "ApplicationARN")]
    pub application_arn: String,
    pub application_version_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CloudWatchLoggingOptionsResponse {
    #[serde(rename = "ApplicationARN")]
    pub application_arn: String,
    pub application_version_id: u64,
    pub cloud_watch_logging_option_descriptions: Vec<CloudWatchLoggingOptionDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateApplicationMaintenanceConfigurationResponse {
    #[serde(rename = "ApplicationARN")]
    pub application_arn: String,
    pub application_maintenance_configuration_description: ApplicationMaintenanceConfigurationDescription,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListApplicationVersionsResponse {
    pub application_version_summaries: Vec<ApplicationVersionSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationVersionSummary {
    pub application_version_id: u64,
    pub application_status: ApplicationStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeApplicationVersionResponse {
    pub application_version_detail: ApplicationDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListApplicationSnapshotsResponse {
    pub snapshot_summaries: Vec<SnapshotDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeApplicationSnapshotResponse {
    pub snapshot_details: SnapshotDetails,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddApplicationInputResponse {
    #[serde(rename = "ApplicationARN")]
    pub application_arn: String,
    pub application_version_id: u64,
    pub input_descriptions: Vec<InputDescription>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddApplicationOutputResponse {
    #[serde(rename = "ApplicationARN")]
    pub application_arn: String,
    pub application_version_id: u64,
    pub output_descriptions: Vec<OutputDescription>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddApplicationReferenceDataSourceResponse {
    #[serde(rename = "ApplicationARN")]
    pub application_arn: String,
    pub application_version_id: u64,
    pub reference_data_source_descriptions: Vec<ReferenceDataSourceDescription>,
}
