//! The control plane's AWS JSON 1.1 adapter: an operation's name and its request JSON read
//! into a typed [`Operation`] ([`Operation::parse`]), and a typed [`Response`] written back as
//! the JSON AWS answers with. This is where `src/app/` reads a request by its field names; the
//! service ([`crate::app::service::Applications::run`]) takes the typed operation.
//!
//! Requests are read as the control plane has always read them: a field of the wrong type is
//! as if it were absent (`"Force": "yes"` does not force), a required one absent or not a string
//! fails with `… is required`, and a request that is not an object is an empty one. The parts
//! the configuration checks read themselves (`ApplicationConfiguration`, `Input`, a run
//! configuration, …) stay JSON here: [`crate::app::service`] and [`crate::app::inputs`] check them.

use serde_json::Value;

use super::error::{ApiError, ApiResult};

mod requests;
mod responses;

pub use requests::*;
pub use responses::*;

/// One control plane operation and its request.
#[derive(Debug, Clone, PartialEq)]
pub enum Operation {
    CreateApplication(CreateApplicationRequest),
    DescribeApplication(DescribeApplicationRequest),
    ListApplications(Paging),
    DeleteApplication(DeleteApplicationRequest),
    ListApplicationOperations(ListApplicationOperationsRequest),
    DescribeApplicationOperation(DescribeApplicationOperationRequest),
    TagResource(TagResourceRequest),
    UntagResource(UntagResourceRequest),
    ListTagsForResource(ResourceRequest),
    StartApplication(StartApplicationRequest),
    StopApplication(StopApplicationRequest),
    AddApplicationVpcConfiguration(AddApplicationVpcConfigurationRequest),
    DeleteApplicationVpcConfiguration(DeleteApplicationVpcConfigurationRequest),
    AddApplicationCloudWatchLoggingOption(AddApplicationCloudWatchLoggingOptionRequest),
    DeleteApplicationCloudWatchLoggingOption(DeleteApplicationCloudWatchLoggingOptionRequest),
    UpdateApplicationMaintenanceConfiguration(UpdateApplicationMaintenanceConfigurationRequest),
    UpdateApplication(UpdateApplicationRequest),
    ListApplicationVersions(ListRequest),
    DescribeApplicationVersion(DescribeApplicationVersionRequest),
    RollbackApplication(RollbackApplicationRequest),
    CreateApplicationSnapshot(SnapshotRequest),
    ListApplicationSnapshots(ListRequest),
    DescribeApplicationSnapshot(SnapshotRequest),
    DeleteApplicationSnapshot(DeleteApplicationSnapshotRequest),
    AddApplicationInput(AddApplicationPartRequest),
    AddApplicationOutput(AddApplicationPartRequest),
    AddApplicationReferenceDataSource(AddApplicationPartRequest),
    DeleteApplicationOutput(DeleteApplicationPartRequest),
    DeleteApplicationReferenceDataSource(DeleteApplicationPartRequest),
    /// Its request as given: [`crate::app::inputs::discover`] reads it.
    DiscoverInputSchema(Value),
    AddApplicationInputProcessingConfiguration(ApplicationRequest),
    DeleteApplicationInputProcessingConfiguration(ApplicationRequest),
    /// kdalite's own: the application as a Managed Service for Apache Flink application.
    ExportApplicationToFlink(ExportApplicationToFlinkRequest),
    CreateApplicationPresignedUrl(ApplicationRequest),
}

impl Operation {
    /// Operation `name`'s `request`, read; an operation kdalite does not know, or a request
    /// without a field the operation requires, fails as the control plane always has.
    pub fn parse(name: &str, request: Value) -> ApiResult<Operation> {
        use Operation as O;
        if name == "CreateApplication" {
            // Read strictly: serde's errors are its errors.
            let request = serde_json::from_value(request).map_err(|e| ApiError::invalid(e.to_string()))?;
            return Ok(O::CreateApplication(request));
        }
        // A request that is not an object has none of its fields.
        let request = if request.is_object() { request } else { Value::Object(Default::default()) };
        let app = &["ApplicationName"];
        Ok(match name {
            "DescribeApplication" => O::DescribeApplication(read(request, app)?),
            "ListApplications" => O::ListApplications(read(request, &[])?),
            "DeleteApplication" => O::DeleteApplication(read(request, app)?),
            "ListApplicationOperations" => O::ListApplicationOperations(read(request, app)?),
            "DescribeApplicationOperation" => {
                O::DescribeApplicationOperation(read(request, &["ApplicationName", "OperationId"])?)
            }
            "TagResource" => O::TagResource(read(request, &["ResourceARN"])?),
            "UntagResource" => O::UntagResource(read(request, &["ResourceARN"])?),
            "ListTagsForResource" => O::ListTagsForResource(read(request, &["ResourceARN"])?),
            "StartApplication" => O::StartApplication(read(request, app)?),
            "StopApplication" => O::StopApplication(read(request, app)?),
            "AddApplicationVpcConfiguration" => O::AddApplicationVpcConfiguration(read(request, app)?),
            "DeleteApplicationVpcConfiguration" => {
                O::DeleteApplicationVpcConfiguration(read(request, &["ApplicationName", "VpcConfigurationId"])?)
            }
            "AddApplicationCloudWatchLoggingOption" => O::AddApplicationCloudWatchLoggingOption(read(request, app)?),
            "DeleteApplicationCloudWatchLoggingOption" => O::DeleteApplicationCloudWatchLoggingOption(read(
                request,
                &["ApplicationName", "CloudWatchLoggingOptionId"],
            )?),
            "UpdateApplicationMaintenanceConfiguration" => {
                O::UpdateApplicationMaintenanceConfiguration(read(request, app)?)
            }
            "UpdateApplication" => O::UpdateApplication(read(request, app)?),
            "ListApplicationVersions" => O::ListApplicationVersions(read(request, app)?),
            "DescribeApplicationVersion" => O::DescribeApplicationVersion(read(request, app)?),
            "RollbackApplication" => O::RollbackApplication(read(request, app)?),
            "CreateApplicationSnapshot" => {
                O::CreateApplicationSnapshot(read(request, &["ApplicationName", "SnapshotName"])?)
            }
            "ListApplicationSnapshots" => O::ListApplicationSnapshots(read(request, app)?),
            "DescribeApplicationSnapshot" => {
                O::DescribeApplicationSnapshot(read(request, &["ApplicationName", "SnapshotName"])?)
            }
            "DeleteApplicationSnapshot" => {
                O::DeleteApplicationSnapshot(read(request, &["ApplicationName", "SnapshotName"])?)
            }
            "AddApplicationInput" => O::AddApplicationInput(read_part(request, "Input")?),
            "AddApplicationOutput" => O::AddApplicationOutput(read_part(request, "Output")?),
            "AddApplicationReferenceDataSource" => {
                O::AddApplicationReferenceDataSource(read_part(request, "ReferenceDataSource")?)
            }
            "DeleteApplicationOutput" => O::DeleteApplicationOutput(read_id(request, "OutputId")?),
            "DeleteApplicationReferenceDataSource" => {
                O::DeleteApplicationReferenceDataSource(read_id(request, "ReferenceId")?)
            }
            "DiscoverInputSchema" => {
                required(&request, &["ServiceExecutionRole"])?;
                O::DiscoverInputSchema(request)
            }
            "AddApplicationInputProcessingConfiguration" => {
                O::AddApplicationInputProcessingConfiguration(read(request, app)?)
            }
            "DeleteApplicationInputProcessingConfiguration" => {
                O::DeleteApplicationInputProcessingConfiguration(read(request, app)?)
            }
            "ExportApplicationToFlink" => O::ExportApplicationToFlink(read(request, app)?),
            "CreateApplicationPresignedUrl" => O::CreateApplicationPresignedUrl(read(request, app)?),
            other => {
                return Err(ApiError::new(
                    "UnsupportedOperationException",
                    format!("{other} is not an operation kdalite knows"),
                ))
            }
        })
    }

    /// The operation's name, as AWS spells it.
    pub fn name(&self) -> &'static str {
        use Operation as O;
        match self {
            O::CreateApplication(_) => "CreateApplication",
            O::DescribeApplication(_) => "DescribeApplication",
            O::ListApplications(_) => "ListApplications",
            O::DeleteApplication(_) => "DeleteApplication",
            O::ListApplicationOperations(_) => "ListApplicationOperations",
            O::DescribeApplicationOperation(_) => "DescribeApplicationOperation",
            O::TagResource(_) => "TagResource",
            O::UntagResource(_) => "UntagResource",
            O::ListTagsForResource(_) => "ListTagsForResource",
            O::StartApplication(_) => "StartApplication",
            O::StopApplication(_) => "StopApplication",
            O::AddApplicationVpcConfiguration(_) => "AddApplicationVpcConfiguration",
            O::DeleteApplicationVpcConfiguration(_) => "DeleteApplicationVpcConfiguration",
            O::AddApplicationCloudWatchLoggingOption(_) => "AddApplicationCloudWatchLoggingOption",
            O::DeleteApplicationCloudWatchLoggingOption(_) => "DeleteApplicationCloudWatchLoggingOption",
            O::UpdateApplicationMaintenanceConfiguration(_) => "UpdateApplicationMaintenanceConfiguration",
            O::UpdateApplication(_) => "UpdateApplication",
            O::ListApplicationVersions(_) => "ListApplicationVersions",
            O::DescribeApplicationVersion(_) => "DescribeApplicationVersion",
            O::RollbackApplication(_) => "RollbackApplication",
            O::CreateApplicationSnapshot(_) => "CreateApplicationSnapshot",
            O::ListApplicationSnapshots(_) => "ListApplicationSnapshots",
            O::DescribeApplicationSnapshot(_) => "DescribeApplicationSnapshot",
            O::DeleteApplicationSnapshot(_) => "DeleteApplicationSnapshot",
            O::AddApplicationInput(_) => "AddApplicationInput",
            O::AddApplicationOutput(_) => "AddApplicationOutput",
            O::AddApplicationReferenceDataSource(_) => "AddApplicationReferenceDataSource",
            O::DeleteApplicationOutput(_) => "DeleteApplicationOutput",
            O::DeleteApplicationReferenceDataSource(_) => "DeleteApplicationReferenceDataSource",
            O::DiscoverInputSchema(_) => "DiscoverInputSchema",
            O::AddApplicationInputProcessingConfiguration(_) => "AddApplicationInputProcessingConfiguration",
            O::DeleteApplicationInputProcessingConfiguration(_) => "DeleteApplicationInputProcessingConfiguration",
            O::ExportApplicationToFlink(_) => "ExportApplicationToFlink",
            O::CreateApplicationPresignedUrl(_) => "CreateApplicationPresignedUrl",
        }
    }

    /// The application the operation names, if it names one by name.
    pub fn application_name(&self) -> Option<&str> {
        use Operation as O;
        Some(match self {
            O::CreateApplication(r) => &r.application_name,
            O::DescribeApplication(r) => &r.application_name,
            O::DeleteApplication(r) => &r.application_name,
            O::ListApplicationOperations(r) => &r.application_name,
            O::DescribeApplicationOperation(r) => &r.application_name,
            O::StartApplication(r) => &r.application_name,
            O::StopApplication(r) => &r.application_name,
            O::AddApplicationVpcConfiguration(r) => &r.application_name,
            O::DeleteApplicationVpcConfiguration(r) => &r.application_name,
            O::AddApplicationCloudWatchLoggingOption(r) => &r.application_name,
            O::DeleteApplicationCloudWatchLoggingOption(r) => &r.application_name,
            O::UpdateApplicationMaintenanceConfiguration(r) => &r.application_name,
            O::UpdateApplication(r) => &r.application_name,
            O::ListApplicationVersions(r) | O::ListApplicationSnapshots(r) => &r.application_name,
            O::DescribeApplicationVersion(r) => &r.application_name,
            O::RollbackApplication(r) => &r.application_name,
            O::CreateApplicationSnapshot(r) | O::DescribeApplicationSnapshot(r) => &r.application_name,
            O::DeleteApplicationSnapshot(r) => &r.application_name,
            O::AddApplicationInput(r) | O::AddApplicationOutput(r) | O::AddApplicationReferenceDataSource(r) => {
                &r.application_name
            }
            O::DeleteApplicationOutput(r) | O::DeleteApplicationReferenceDataSource(r) => &r.application_name,
            O::AddApplicationInputProcessingConfiguration(r)
            | O::DeleteApplicationInputProcessingConfiguration(r)
            | O::CreateApplicationPresignedUrl(r) => &r.application_name,
            O::ExportApplicationToFlink(r) => &r.application_name,
            O::ListApplications(_)
            | O::TagResource(_)
            | O::UntagResource(_)
            | O::ListTagsForResource(_)
            | O::DiscoverInputSchema(_) => return None,
        })
    }

    /// Whether its response carries an `OperationId` and `ListApplicationOperations` lists it.
    pub fn tracked(&self) -> bool {
        use Operation as O;
        matches!(
            self,
            O::StartApplication(_)
                | O::StopApplication(_)
                | O::UpdateApplication(_)
                | O::RollbackApplication(_)
                | O::AddApplicationVpcConfiguration(_)
                | O::DeleteApplicationVpcConfiguration(_)
                | O::AddApplicationCloudWatchLoggingOption(_)
                | O::DeleteApplicationCloudWatchLoggingOption(_)
        )
    }
}

/// `keys` (each a string), or `… is required` for the first that is not.
fn required(request: &Value, keys: &[&str]) -> ApiResult<()> {
    match keys.iter().find(|key| request.get(**key).and_then(Value::as_str).is_none()) {
        Some(key) => Err(ApiError::invalid(format!("{key} is required"))),
        None => Ok(()),
    }
}

/// A request with its required string fields `keys`; its other fields are read loosely, so
/// reading it fails only as [`required`] does.
fn read<T: serde::de::DeserializeOwned>(request: Value, keys: &[&str]) -> ApiResult<T> {
    required(&request, keys)?;
    serde_json::from_value(request).map_err(|e| ApiError::invalid(e.to_string()))
}

/// An `Add…` request, with its `part` as given.
fn read_part(request: Value, part: &str) -> ApiResult<AddApplicationPartRequest> {
    let given = request.get(part).cloned();
    Ok(AddApplicationPartRequest { part: given, ..read(request, &["ApplicationName"])? })
}

/// A `Delete…` request, with the part's `id`.
fn read_id(request: Value, id: &str) -> ApiResult<DeleteApplicationPartRequest> {
    required(&request, &["ApplicationName", id])?;
    let given = request.get(id).and_then(Value::as_str).unwrap_or_default().to_string();
    Ok(DeleteApplicationPartRequest { id: given, ..read(request, &[])? })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::app::model::*;

    fn refused(name: &str, request: Value) -> (&'static str, String) {
        let e = Operation::parse(name, request).unwrap_err();
        (e.kind, e.message)
    }

    #[test]
    fn unknown_operations_and_missing_fields_fail_as_they_always_have() {
        let unknown = refused("DescribeApp", json!({}));
        assert_eq!(unknown, ("UnsupportedOperationException", "DescribeApp is not an operation kdalite knows".into()));
        let invalid = |m: &str| ("InvalidArgumentException", m.to_string());
        assert_eq!(refused("DescribeApplication", json!({})), invalid("ApplicationName is required"));
        assert_eq!(
            refused("DescribeApplication", json!({"ApplicationName": 7})),
            invalid("ApplicationName is required")
        );
        assert_eq!(refused("StopApplication", json!(null)), invalid("ApplicationName is required"));
        let snapshot = json!({"ApplicationName": "a"});
        assert_eq!(refused("DeleteApplicationSnapshot", snapshot), invalid("SnapshotName is required"));
        assert_eq!(
            refused("DeleteApplicationOutput", json!({"ApplicationName": "a"})),
            invalid("OutputId is required")
        );
        assert_eq!(refused("TagResource", json!({"Tags": []})), invalid("ResourceARN is required"));
        assert_eq!(refused("DiscoverInputSchema", json!({})), invalid("ServiceExecutionRole is required"));
        // CreateApplication reads strictly: serde's words.
        let (kind, message) = refused("CreateApplication", json!(null));
        assert_eq!(
            (kind, message.as_str()),
            ("InvalidArgumentException", "invalid type: null, expected struct CreateRequest")
        );
        let (_, message) = refused("CreateApplication", json!({"RuntimeEnvironment": "SQL-1_0"}));
        assert_eq!(message, "missing field `ApplicationName`");
        // A request that is not an object lists everything.
        assert_eq!(
            Operation::parse("ListApplications", json!([])).unwrap(),
            Operation::ListApplications(Paging::default())
        );
    }

    #[test]
    fn fields_of_another_type_are_as_if_absent_and_given_parts_stay_as_given() {
        let stop = Operation::parse("StopApplication", json!({"ApplicationName": "a", "Force": "yes"})).unwrap();
        assert_eq!(
            stop,
            Operation::StopApplication(StopApplicationRequest { application_name: "a".into(), force: None })
        );
        let list = json!({"ApplicationName": "a", "Limit": -1, "NextToken": 2});
        let Operation::ListApplicationSnapshots(list) = Operation::parse("ListApplicationSnapshots", list).unwrap()
        else {
            panic!()
        };
        assert_eq!(list.paging, Paging::default());
        let start = json!({"ApplicationName": "a", "RunConfiguration": null});
        let Operation::StartApplication(start) = Operation::parse("StartApplication", start).unwrap() else { panic!() };
        assert_eq!(start.run_configuration, Some(Value::Null));
        let update = json!({"ApplicationName": "a", "CurrentApplicationVersionId": 3, "ConditionalToken": 4});
        let Operation::UpdateApplication(update) = Operation::parse("UpdateApplication", update).unwrap() else {
            panic!()
        };
        assert_eq!(update.expected, Expected { current_application_version_id: Some(3), conditional_token: None });
        assert_eq!(update.run_configuration_update, None);
        let untag = json!({"ResourceARN": "arn", "TagKeys": ["a", 1]});
        let Operation::UntagResource(untag) = Operation::parse("UntagResource", untag).unwrap() else { panic!() };
        assert_eq!(untag.tag_keys, ["a", ""]);
        let add = json!({"ApplicationName": "a", "Input": null});
        let Operation::AddApplicationInput(add) = Operation::parse("AddApplicationInput", add).unwrap() else {
            panic!()
        };
        assert_eq!(add.part, Some(Value::Null));
        let delete = json!({"ApplicationName": "a", "ReferenceId": "2.1", "ConditionalToken": "t"});
        let parsed = Operation::parse("DeleteApplicationReferenceDataSource", delete).unwrap();
        assert_eq!(parsed.name(), "DeleteApplicationReferenceDataSource");
        assert_eq!(parsed.application_name(), Some("a"));
        let Operation::DeleteApplicationReferenceDataSource(delete) = parsed else { panic!() };
        assert_eq!((delete.id.as_str(), delete.expected.conditional_token.as_deref()), ("2.1", Some("t")));
    }

    /// `DescribeApplicationOperation`'s details keep the order the JSON dispatcher gave them.
    #[test]
    fn operation_details_serialize_as_the_dispatcher_wrote_them() {
        let failure = OperationFailureDetails {
            rollback_operation_id: Some("r".into()),
            error_info: ErrorInfo { error_string: "no".into() },
        };
        for (end_time, failure, versions) in
            [(None, None, None), (Some(2.0), None, Some((1, 2))), (Some(2.0), Some(failure), Some((2, 3)))]
        {
            let record = OperationRecord {
                operation: "UpdateApplication".into(),
                operation_id: "id".into(),
                start_time: 1.0,
                end_time,
                operation_status: OperationStatus::Successful,
                versions,
                operation_failure_details: failure,
                fails_with: None,
            };
            let mut before = serde_json::to_value(&record).unwrap();
            let d = before.as_object_mut().unwrap();
            d.remove("OperationId");
            if let Some((from, to)) = versions {
                d.insert(
                    "ApplicationVersionChangeDetails".into(),
                    json!({"ApplicationVersionUpdatedFrom": from, "ApplicationVersionUpdatedTo": to}),
                );
            }
            let now = serde_json::to_string(&OperationInfoDetails(record)).unwrap();
            assert_eq!(now, before.to_string());
        }
    }

    #[test]
    fn responses_carry_an_operation_id_only_when_tracked() {
        let mut stop = Response::Empty(EmptyResponse::default());
        assert_eq!(stop.to_json(), json!({}));
        stop.set_operation_id("id".into());
        assert_eq!(stop.to_json().to_string(), r#"{"OperationId":"id"}"#);
        let mut tags = Response::Tags(ListTagsForResourceResponse { tags: vec![] });
        tags.set_operation_id("id".into());
        assert_eq!(tags.to_json().to_string(), r#"{"Tags":[]}"#);
    }
}
