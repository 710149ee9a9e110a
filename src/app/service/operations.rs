//! Operations as `ListApplicationOperations` and `DescribeApplicationOperation` show them: the
//! tracked operations ([`Operation::tracked`]) recorded with an `OperationId` their responses
//! carry, in progress until their transition is over (see [`Applications::tick`]).

use super::*;

impl Applications {
    /// Records tracked operation `operation` on application `name`, which it found at
    /// `version`, and gives its `response` the record's `OperationId`. An update whose new
    /// version failed as it started is recorded to fail, with the system rollback it set off.
    pub(super) fn record_operation(
        &mut self,
        operation: &str,
        name: &str,
        version: Option<u64>,
        now: f64,
        response: &mut Response,
    ) {
        let id = self.next_token();
        let rollback_id = self.apps.get(name).and_then(|a| a.failed_update.as_ref()?.1).map(|_| self.next_token());
        let Some(app) = self.apps.get_mut(name) else { return };
        let done = app.transition.is_none();
        let after = app.detail.application_version_id;
        let record = |operation: &str, id: &str, versions: Option<(u64, u64)>| OperationRecord {
            operation: operation.to_string(),
            operation_id: id.to_string(),
            start_time: now.floor(),
            end_time: done.then_some(now.floor()),
            operation_status: if done { OperationStatus::Successful } else { OperationStatus::InProgress },
            versions,
            operation_failure_details: None,
            fails_with: None,
        };
        match app.failed_update.take() {
            // The update made its version, which failed; a system rollback made the next.
            Some((error, rollback)) => {
                let mut update = record(operation, &id, version.map(|v| (v, v + 1)));
                update.fails_with = Some(OperationFailureDetails {
                    rollback_operation_id: rollback_id.clone(),
                    error_info: ErrorInfo { error_string: error },
                });
                app.operations.push(update);
                if let (Some(rollback_id), Some(versions)) = (rollback_id, rollback) {
                    app.operations.push(record("RollbackApplication", &rollback_id, Some(versions)));
                }
            }
            None => app.operations.push(record(operation, &id, version.filter(|v| *v != after).map(|v| (v, after)))),
        }
        response.set_operation_id(id);
    }

    /// `ListApplicationOperations`: newest first, of the operation and status asked for.
    pub(super) fn list_operations(&self, request: &ListApplicationOperationsRequest) -> ApiResult<Response> {
        let app = self.app(&request.application_name)?;
        let wanted = |given: &Option<String>, actual: &str| given.as_deref().is_none_or(|w| w == actual);
        let matching = app
            .operations
            .iter()
            .rev()
            .filter(|o| wanted(&request.operation, &o.operation))
            .filter(|o| wanted(&request.operation_status, &spelled(o.operation_status)))
            .cloned()
            .collect();
        let (application_operation_info_list, next_token) = page(matching, &request.paging);
        Ok(Response::Operations(ListApplicationOperationsResponse { application_operation_info_list, next_token }))
    }

    pub(super) fn describe_operation(&self, request: &DescribeApplicationOperationRequest) -> ApiResult<Response> {
        let (name, id) = (&request.application_name, &request.operation_id);
        let app = self.app(name)?;
        let found = app.operations.iter().find(|o| &o.operation_id == id).ok_or_else(|| {
            ApiError::new("ResourceNotFoundException", format!("Operation {id} of application {name} not found"))
        })?;
        let application_operation_info_details = OperationInfoDetails(found.clone());
        Ok(Response::Operation(DescribeApplicationOperationResponse { application_operation_info_details }))
    }
}
