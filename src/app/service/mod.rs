//! The KDA control plane, simulated: applications created, described, listed, updated,
//! started, stopped and deleted with AWS's operation names, request and response shapes, and
//! errors. Statuses change over (virtual) time: an operation that starts a transition leaves
//! the application STARTING, STOPPING or UPDATING, and [`Applications::tick`] finishes it.
//!
//! Requests and responses are JSON, as the AWS JSON 1.1 protocol carries them: [`Applications::call`]
//! takes the operation's name and its request and gives its response or AWS's error.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};

use super::code::{self, Archives};
use super::error::{ApiError, ApiResult};
use super::inputs::{self, Objects};
use super::model::*;
use super::monitor::{Delivery, MetricsSample, Monitor};

mod autoscale;
mod configuration;
mod engine;

use configuration::*;
pub use engine::Driver;
use engine::*;

/// How long a transition takes, in seconds of the simulation's clock.
const TRANSITION_SECONDS: f64 = 2.0;
/// The account's limit on KPUs per application.
const MAX_KPUS: u32 = 32;
const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

struct Application {
    detail: ApplicationDetail,
    /// Every version's description, oldest first.
    versions: Vec<ApplicationDetail>,
    /// When a transition that is under way ends, and the status it ends in.
    transition: Option<(f64, ApplicationStatus)>,
    /// The statuses after that one, each lasting a transition, the last one for good (a
    /// system rollback: ROLLING_BACK, ROLLED_BACK, RUNNING).
    later: Vec<ApplicationStatus>,
    /// An update accepted whose new version then failed to start, for [`Applications::call`]
    /// to record: its error, and the versions of the system rollback it set off, if any.
    failed_update: Option<(String, Option<(u64, u64)>)>,
    /// Snapshots, oldest first.
    snapshots: Vec<SnapshotDetails>,
    /// The engine running the application's SQL, while it runs.
    engine: Option<Engine>,
    /// The application's state between runs: its snapshots live here.
    state: Option<Box<dyn crate::state::StateBackend>>,
    /// Its log events, metrics and deliveries (kept while the control plane runs).
    monitor: Monitor,
    /// Since when the load has been high, or low (for autoscaling).
    high_since: Option<f64>,
    low_since: Option<f64>,
    /// Set when the page drives the application (see [`Applications::drive`]).
    driver: Option<Driver>,
    /// Its tags (`TagResource`), by key.
    tags: BTreeMap<String, String>,
    /// Its operations, oldest first.
    operations: Vec<OperationRecord>,
    /// Its versions' code given as bytes (a zip file, an S3 object), by MD5.
    archives: Archives,
    /// Up to when maintenance windows have been looked at (none yet: from the next tick).
    maintenance_checked: Option<f64>,
}

/// `Parallelism`'s largest value.
const MAX_PARALLELISM: u32 = 256;

/// The operations whose responses carry an `OperationId`, listed by `ListApplicationOperations`.
const TRACKED_OPERATIONS: &[&str] = &[
    "StartApplication",
    "StopApplication",
    "UpdateApplication",
    "RollbackApplication",
    "AddApplicationVpcConfiguration",
    "DeleteApplicationVpcConfiguration",
    "AddApplicationCloudWatchLoggingOption",
    "DeleteApplicationCloudWatchLoggingOption",
];

#[derive(Default)]
pub struct Applications {
    apps: BTreeMap<String, Application>,
    tokens: u64,
    /// Where applications persist (`kdalite serve --data-dir`): the control plane's records
    /// in `DIR/control`, each application's engine state and snapshots in `DIR/apps/NAME`.
    #[cfg(all(feature = "rocksdb", not(target_arch = "wasm32")))]
    store: Option<(std::path::PathBuf, crate::state::RocksDbBackend)>,
    /// The S3 objects reference data sources and schema discovery read.
    pub objects: Objects,
}

/// An application as a page keeps it: its record as JSON, and its snapshots' state by name.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptApplication {
    pub record: String,
    pub snapshots: Vec<(String, Vec<u8>)>,
}

/// What persists of an application besides its engine state.
#[derive(serde::Serialize, Deserialize)]
struct Record {
    detail: ApplicationDetail,
    versions: Vec<ApplicationDetail>,
    snapshots: Vec<SnapshotDetails>,
    transition: Option<(f64, ApplicationStatus)>,
    #[serde(default)]
    later: Vec<ApplicationStatus>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
    #[serde(default)]
    operations: Vec<OperationRecord>,
    #[serde(default)]
    archives: Archives,
}

#[cfg(all(feature = "rocksdb", not(target_arch = "wasm32")))]
const TOKENS_KEY: &[u8] = b"tokens";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateRequest {
    application_name: String,
    #[serde(default)]
    application_description: Option<String>,
    runtime_environment: String,
    #[serde(default)]
    service_execution_role: Option<String>,
    #[serde(default)]
    application_configuration: Option<Value>,
    #[serde(default)]
    application_mode: Option<ApplicationMode>,
    #[serde(default)]
    tags: Option<Value>,
    #[serde(default)]
    cloud_watch_logging_options: Vec<Value>,
}

impl Applications {
    /// Applications kept in `dir` (made if new): those there before come back, and running
    /// ones start their engines again from their latest snapshot.
    #[cfg(all(feature = "rocksdb", not(target_arch = "wasm32")))]
    pub fn open(dir: &std::path::Path, objects: Objects, now: f64) -> crate::error::Result<Applications> {
        use crate::state::StateBackend;
        let control = crate::state::RocksDbBackend::open_logged(&dir.join("control"))?;
        let tokens = control.get(TOKENS_KEY)?.and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes);
        let mut apps = Applications { tokens, objects, ..Default::default() };
        for (_, bytes) in control.scan_prefix(b"app/")? {
            let record: Record = serde_json::from_slice(&bytes).map_err(|e| {
                crate::error::Error::Input(format!("{}: an unreadable application: {e}", dir.display()))
            })?;
            let name = record.detail.application_name.clone();
            let state = crate::state::RocksDbBackend::open(&dir.join("apps").join(&name))?;
            let mut app = Application::from_record(record, Box::new(state));
            if matches!(app.detail.application_status, ApplicationStatus::Running | ApplicationStatus::Starting) {
                if let Err(e) =
                    app.start_engine(now, &apps.objects, Restore::Recover, app.detail.application_version_id)
                {
                    app.monitor.log(
                        now,
                        LogLevel::Error,
                        format!("The application could not start again: {}", e.error().message),
                    );
                }
            }
            apps.apps.insert(name, app);
        }
        apps.store = Some((dir.to_path_buf(), control));
        Ok(apps)
    }

    /// Writes every application's record (and forgets deleted ones) when they persist.
    fn persist(&mut self) -> ApiResult<()> {
        #[cfg(all(feature = "rocksdb", not(target_arch = "wasm32")))]
        if let Some((_, control)) = &mut self.store {
            use crate::state::{StateBackend, WriteOp};
            let failed = |e: crate::error::Error| ApiError::new("ServiceUnavailableException", e.to_string());
            let mut ops: Vec<WriteOp> =
                control.scan_prefix(b"app/").map_err(failed)?.into_iter().map(|(k, _)| WriteOp::Delete(k)).collect();
            for (name, app) in &self.apps {
                let bytes = serde_json::to_vec(&app.record())
                    .map_err(|e| ApiError::new("ServiceUnavailableException", e.to_string()))?;
                ops.push(WriteOp::Put(format!("app/{name}").into_bytes(), bytes));
            }
            ops.push(WriteOp::Put(TOKENS_KEY.to_vec(), self.tokens.to_le_bytes().to_vec()));
            control.write(ops).map_err(failed)?;
        }
        Ok(())
    }

    /// The state backend a new application keeps its engine state in.
    fn new_state(&self, name: &str) -> ApiResult<Option<Box<dyn crate::state::StateBackend>>> {
        #[cfg(all(feature = "rocksdb", not(target_arch = "wasm32")))]
        if let Some((dir, _)) = &self.store {
            let path = dir.join("apps").join(name);
            let _ = std::fs::remove_dir_all(&path);
            let backend = crate::state::RocksDbBackend::open(&path)
                .map_err(|e| ApiError::new("ServiceUnavailableException", e.to_string()))?;
            return Ok(Some(Box::new(backend)));
        }
        let _ = name;
        Ok(None)
    }

    /// Runs operation `operation` on `request`; `now` is the simulation's clock (epoch seconds).
    pub fn call(&mut self, operation: &str, request: Value, now: f64) -> ApiResult<Value> {
        let name = request.get("ApplicationName").and_then(Value::as_str).unwrap_or_default().to_string();
        let version = self.apps.get(&name).map(|a| a.detail.application_version_id);
        // Lent to the operation, which may start engines that read objects.
        let objects = std::mem::take(&mut self.objects);
        let mut response = self.operate(operation, request, now, &objects);
        self.objects = objects;
        if let (Ok(Value::Object(body)), true) = (&mut response, TRACKED_OPERATIONS.contains(&operation)) {
            let id = self.next_token();
            let rollback_id = self.apps.get(&name).and_then(|a| a.failed_update.as_ref()?.1).map(|_| self.next_token());
            if let Some(app) = self.apps.get_mut(&name) {
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
                    None => {
                        app.operations.push(record(operation, &id, version.filter(|v| *v != after).map(|v| (v, after))))
                    }
                }
                body.insert("OperationId".into(), Value::String(id));
            }
        }
        self.persist()?;
        response
    }

    fn operate(&mut self, operation: &str, request: Value, now: f64, objects: &Objects) -> ApiResult<Value> {
        self.tick(now);
        let field = |name: &str| -> ApiResult<String> {
            request
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| ApiError::invalid(format!("{name} is required")))
        };
        match operation {
            "CreateApplication" => {
                let request: CreateRequest =
                    serde_json::from_value(request).map_err(|e| ApiError::invalid(e.to_string()))?;
                let detail = self.create(request, now, objects)?;
                Ok(json!({ "ApplicationDetail": detail }))
            }
            "DescribeApplication" => {
                let app = self.app(&field("ApplicationName")?)?;
                let mut detail = app.detail.clone();
                // With IncludeAdditionalDetails, a running application's job plan, as Flink's
                // REST API gives a job's: the engine's pumps and their operators.
                let flink = (detail.application_configuration_description.as_mut())
                    .and_then(|c| c.flink_application_configuration_description.as_mut());
                let additional = request.get("IncludeAdditionalDetails").and_then(Value::as_bool) == Some(true);
                if let (true, Some(flink), Some(engine)) = (additional, flink, &app.engine) {
                    let parallelism = flink.parallelism_configuration_description.current_parallelism;
                    flink.job_plan_description =
                        Some(job_plan(&app.detail.application_name, parallelism, &engine.runtime.dataflow_counts()));
                }
                Ok(json!({ "ApplicationDetail": detail }))
            }
            "ListApplications" => {
                let summaries: Vec<Value> = self
                    .apps
                    .values()
                    .map(|a| {
                        json!({
                            "ApplicationName": a.detail.application_name,
                            "ApplicationARN": a.detail.application_arn,
                            "ApplicationStatus": a.detail.application_status,
                            "ApplicationVersionId": a.detail.application_version_id,
                            "RuntimeEnvironment": a.detail.runtime_environment,
                            "ApplicationMode": a.detail.application_mode,
                        })
                    })
                    .collect();
                Ok(page("ApplicationSummaries", summaries, &request))
            }
            "DeleteApplication" => {
                let name = field("ApplicationName")?;
                let app = self.app_mut(&name)?;
                app.changeable()?;
                if differs(&request, "CreateTimestamp", app.detail.create_timestamp) {
                    return Err(ApiError::invalid(format!(
                        "CreateTimestamp does not match application {name}'s ({})",
                        app.detail.create_timestamp
                    )));
                }
                // DELETING for a while, then gone (see `tick`).
                app.stop_engine(now);
                app.begin(ApplicationStatus::Deleting, ApplicationStatus::Deleting, now);
                Ok(json!({}))
            }
            "ListApplicationOperations" => {
                let app = self.app(&field("ApplicationName")?)?;
                let wanted = |key: &str| request.get(key).and_then(Value::as_str);
                let status = |s: OperationStatus| serde_json::to_value(s).ok();
                let matching: Vec<Value> = app
                    .operations
                    .iter()
                    .rev()
                    .filter(|o| wanted("Operation").is_none_or(|w| w == o.operation))
                    .filter(|o| wanted("OperationStatus").is_none_or(|w| status(o.operation_status) == Some(json!(w))))
                    .filter_map(|o| serde_json::to_value(o).ok())
                    .collect();
                Ok(page("ApplicationOperationInfoList", matching, &request))
            }
            "DescribeApplicationOperation" => {
                let (name, id) = (field("ApplicationName")?, field("OperationId")?);
                let app = self.app(&name)?;
                let found = app.operations.iter().find(|o| o.operation_id == id).ok_or_else(|| {
                    ApiError::new(
                        "ResourceNotFoundException",
                        format!("Operation {id} of application {name} not found"),
                    )
                })?;
                let mut details = serde_json::to_value(found).map_err(|e| ApiError::invalid(e.to_string()))?;
                if let (Some((from, to)), Value::Object(d)) = (found.versions, &mut details) {
                    d.remove("OperationId");
                    d.insert(
                        "ApplicationVersionChangeDetails".into(),
                        json!({"ApplicationVersionUpdatedFrom": from, "ApplicationVersionUpdatedTo": to}),
                    );
                } else if let Value::Object(d) = &mut details {
                    d.remove("OperationId");
                }
                Ok(json!({ "ApplicationOperationInfoDetails": details }))
            }
            "TagResource" | "UntagResource" | "ListTagsForResource" => {
                let arn = field("ResourceARN")?;
                let name = arn.rsplit('/').next().unwrap_or_default().to_string();
                let app =
                    self.apps.get_mut(&name).filter(|a| a.detail.application_arn == arn).ok_or_else(|| {
                        ApiError::new("ResourceNotFoundException", format!("Resource {arn} not found"))
                    })?;
                match operation {
                    "TagResource" => app.tag(request.get("Tags"))?,
                    "UntagResource" => {
                        for key in request.get("TagKeys").and_then(Value::as_array).into_iter().flatten() {
                            app.tags.remove(key.as_str().unwrap_or_default());
                        }
                    }
                    _ => {}
                }
                let tags: Vec<Value> = app.tags.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect();
                Ok(if operation == "ListTagsForResource" { json!({ "Tags": tags }) } else { json!({}) })
            }
            "StartApplication" => {
                let name = field("ApplicationName")?;
                self.start(&name, &request, objects, now)
            }
            "StopApplication" => {
                let name = field("ApplicationName")?;
                let force = request.get("Force").and_then(Value::as_bool).unwrap_or(false);
                let app = self.app_mut(&name)?;
                // As AWS says: a stop needs a RUNNING application (kdalite's own AUTOSCALING
                // included); a forced one takes it from STARTING, UPDATING and STOPPING too.
                let stoppable = match app.detail.application_status {
                    ApplicationStatus::Running | ApplicationStatus::Autoscaling => true,
                    ApplicationStatus::Starting | ApplicationStatus::Updating | ApplicationStatus::Stopping => force,
                    _ => false,
                };
                if !stoppable {
                    return Err(in_use(&app.detail));
                }
                let during = if force { ApplicationStatus::ForceStopping } else { ApplicationStatus::Stopping };
                if !force && app.snapshots_enabled() {
                    app.auto_snapshot(now, "stop");
                }
                app.stop_engine(now);
                app.begin(during, ApplicationStatus::Ready, now);
                Ok(json!({}))
            }
            "AddApplicationVpcConfiguration" => {
                let name = field("ApplicationName")?;
                let vpc = request.get("VpcConfiguration").cloned().unwrap_or(Value::Null);
                let token = self.next_token();
                let app = self.app_mut(&name)?;
                app.changeable()?;
                app.check_version(&request)?;
                let config = app.detail.application_configuration_description.get_or_insert_with(Default::default);
                if !config.vpc_configuration_descriptions.is_empty() {
                    return Err(ApiError::invalid("Kinesis Analytics currently supports only 1 VPC configuration(s)"));
                }
                config
                    .vpc_configuration_descriptions
                    .push(vpc_description(&vpc, app.detail.application_version_id + 1)?);
                let vpc = config.vpc_configuration_descriptions[0].clone();
                app.reconfigured(token, now);
                Ok(json!({
                    "ApplicationARN": app.detail.application_arn,
                    "ApplicationVersionId": app.detail.application_version_id,
                    "VpcConfigurationDescription": vpc,
                }))
            }
            "DeleteApplicationVpcConfiguration" => {
                let (name, id) = (field("ApplicationName")?, field("VpcConfigurationId")?);
                let token = self.next_token();
                let app = self.app_mut(&name)?;
                app.changeable()?;
                app.check_version(&request)?;
                let config = app.detail.application_configuration_description.get_or_insert_with(Default::default);
                let before = config.vpc_configuration_descriptions.len();
                config.vpc_configuration_descriptions.retain(|v| v.vpc_configuration_id != id);
                if config.vpc_configuration_descriptions.len() == before {
                    return Err(ApiError::new(
                        "ResourceNotFoundException",
                        format!("VPC configuration {id} not found"),
                    ));
                }
                app.reconfigured(token, now);
                Ok(
                    json!({ "ApplicationARN": app.detail.application_arn, "ApplicationVersionId": app.detail.application_version_id }),
                )
            }
            "AddApplicationCloudWatchLoggingOption" => {
                let name = field("ApplicationName")?;
                let stream = log_stream(request.get("CloudWatchLoggingOption"))?;
                let token = self.next_token();
                let app = self.app_mut(&name)?;
                app.changeable()?;
                app.check_version(&request)?;
                let options = &mut app.detail.cloud_watch_logging_option_descriptions;
                if options.iter().any(|o| o.log_stream_arn == stream) {
                    return Err(ApiError::invalid(format!("Log stream {stream} is already a logging option")));
                }
                let id = format!("{}.{}", app.detail.application_version_id + 1, options.len() + 1);
                options.push(CloudWatchLoggingOptionDescription {
                    cloud_watch_logging_option_id: id,
                    log_stream_arn: stream,
                    role_arn: None,
                });
                app.reconfigured(token, now);
                Ok(app.logging_options())
            }
            "DeleteApplicationCloudWatchLoggingOption" => {
                let (name, id) = (field("ApplicationName")?, field("CloudWatchLoggingOptionId")?);
                let token = self.next_token();
                let app = self.app_mut(&name)?;
                app.changeable()?;
                app.check_version(&request)?;
                let options = &mut app.detail.cloud_watch_logging_option_descriptions;
                let before = options.len();
                options.retain(|o| o.cloud_watch_logging_option_id != id);
                if options.len() == before {
                    return Err(ApiError::new("ResourceNotFoundException", format!("Logging option {id} not found")));
                }
                app.reconfigured(token, now);
                Ok(app.logging_options())
            }
            "UpdateApplicationMaintenanceConfiguration" => {
                let name = field("ApplicationName")?;
                let start = request
                    .pointer("/ApplicationMaintenanceConfigurationUpdate/ApplicationMaintenanceWindowStartTimeUpdate")
                    .and_then(Value::as_str)
                    .ok_or_else(|| ApiError::invalid("ApplicationMaintenanceWindowStartTimeUpdate is required"))?;
                let minutes = parse_hh_mm(start)
                    .ok_or_else(|| ApiError::invalid(format!("{start} is not a time of day as HH:MM")))?;
                let end = (minutes + 8 * 60) % (24 * 60);
                let app = self.app_mut(&name)?;
                app.changeable()?;
                let window = ApplicationMaintenanceConfigurationDescription {
                    application_maintenance_window_start_time: start.to_string(),
                    application_maintenance_window_end_time: format!("{:02}:{:02}", end / 60, end % 60),
                };
                app.detail.application_maintenance_configuration_description = Some(window.clone());
                Ok(
                    json!({ "ApplicationARN": app.detail.application_arn, "ApplicationMaintenanceConfigurationDescription": window }),
                )
            }
            "UpdateApplication" => {
                let name = field("ApplicationName")?;
                self.update(&name, &request, objects, now)
            }
            "ListApplicationVersions" => {
                let app = self.app(&field("ApplicationName")?)?;
                let summaries: Vec<Value> = app
                    .versions
                    .iter()
                    .rev()
                    .map(|v| json!({ "ApplicationVersionId": v.application_version_id, "ApplicationStatus": v.application_status }))
                    .collect();
                Ok(page("ApplicationVersionSummaries", summaries, &request))
            }
            "DescribeApplicationVersion" => {
                let app = self.app(&field("ApplicationName")?)?;
                let id = request.get("ApplicationVersionId").and_then(Value::as_u64).unwrap_or(0);
                let version = app.versions.iter().find(|v| v.application_version_id == id).ok_or_else(|| {
                    ApiError::new(
                        "ResourceNotFoundException",
                        format!("Version {id} of application {} not found", app.detail.application_name),
                    )
                })?;
                Ok(json!({ "ApplicationVersionDetail": version }))
            }
            "RollbackApplication" => {
                let name = field("ApplicationName")?;
                let token = self.next_token();
                let app = self.app_mut(&name)?;
                // As AWS has it: only a running (updating, scaling) application, and only
                // with a snapshot, whose state the previous version starts from.
                let status = app.detail.application_status;
                if !matches!(
                    status,
                    ApplicationStatus::Running | ApplicationStatus::Updating | ApplicationStatus::Autoscaling
                ) {
                    return Err(in_use(&app.detail));
                }
                app.check_version(&request)?;
                if !app.snapshots.iter().any(|s| s.snapshot_status == SnapshotStatus::Ready) {
                    return Err(ApiError::new(
                        "InvalidRequestException",
                        format!("Application {name} has no snapshot to roll back with"),
                    ));
                }
                let Some(previous) = app.versions.iter().rev().nth(1).cloned() else {
                    return Err(ApiError::invalid(format!(
                        "Application {name} has no earlier version to roll back to"
                    )));
                };
                let before = app.detail.application_configuration_description.clone();
                app.detail.application_configuration_description =
                    previous.application_configuration_description.clone();
                if let Err(e) = app.rerun(now, objects, Restore::LatestSnapshot) {
                    app.fall_back(now, objects, before, Restore::LatestSnapshot);
                    return Err(e.into());
                }
                app.roll_back_to(&previous, token, now);
                app.begin(ApplicationStatus::RollingBack, ApplicationStatus::Running, now);
                Ok(json!({ "ApplicationDetail": app.detail }))
            }
            "CreateApplicationSnapshot" => {
                let (name, snapshot) = (field("ApplicationName")?, field("SnapshotName")?);
                let valid = (1..=256).contains(&snapshot.len())
                    && snapshot.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
                if !valid {
                    return Err(ApiError::invalid(format!(
                        "Invalid snapshot name {snapshot}: [a-zA-Z0-9_.-]{{1,256}}"
                    )));
                }
                let app = self.app_mut(&name)?;
                if app.detail.application_status != ApplicationStatus::Running {
                    return Err(in_use(&app.detail));
                }
                if app.snapshots.iter().any(|s| s.snapshot_name == snapshot) {
                    return Err(ApiError::new("ResourceInUseException", format!("Snapshot {snapshot} already exists")));
                }
                // A snapshot of the engine's state, when the engine runs the application.
                if let Some(engine) = &mut app.engine {
                    let info =
                        engine.runtime.create_snapshot(&snapshot).map_err(|e| ApiError::invalid(e.to_string()))?;
                    app.monitor.log(now, LogLevel::Info, format!("Created snapshot {snapshot} ({} bytes)", info.bytes));
                }
                app.snapshots.push(SnapshotDetails {
                    snapshot_name: snapshot,
                    snapshot_status: SnapshotStatus::Creating,
                    application_version_id: app.detail.application_version_id,
                    snapshot_creation_timestamp: now.floor(),
                    runtime_environment: app.detail.runtime_environment,
                    ready_at: now + app.transition_seconds() / 2.0,
                });
                Ok(json!({}))
            }
            "ListApplicationSnapshots" => {
                let app = self.app(&field("ApplicationName")?)?;
                let summaries = app.snapshots.iter().filter_map(|s| serde_json::to_value(s).ok()).collect();
                Ok(page("SnapshotSummaries", summaries, &request))
            }
            "DescribeApplicationSnapshot" => {
                let (name, snapshot) = (field("ApplicationName")?, field("SnapshotName")?);
                let app = self.app(&name)?;
                let found = app.snapshot(&snapshot)?;
                Ok(json!({ "SnapshotDetails": found }))
            }
            "DeleteApplicationSnapshot" => {
                let (name, snapshot) = (field("ApplicationName")?, field("SnapshotName")?);
                let app = self.app_mut(&name)?;
                let created = app.snapshot(&snapshot)?.snapshot_creation_timestamp;
                if differs(&request, "SnapshotCreationTimestamp", created) {
                    return Err(ApiError::invalid(format!(
                        "SnapshotCreationTimestamp does not match snapshot {snapshot}'s ({created})"
                    )));
                }
                app.snapshots.retain(|s| s.snapshot_name != snapshot);
                let state = app.engine.as_mut().map(|e| e.runtime.delete_snapshot(&snapshot));
                let kept = app.state.as_mut().map(|s| s.drop_checkpoint(&snapshot));
                if let Some(Err(e)) = state.or(kept) {
                    return Err(ApiError::invalid(e.to_string()));
                }
                Ok(json!({}))
            }
            "AddApplicationInput" | "AddApplicationOutput" | "AddApplicationReferenceDataSource" => {
                let name = field("ApplicationName")?;
                let token = self.next_token();
                let app = self.app_mut(&name)?;
                app.check_version(&request)?;
                let before = app.detail.application_configuration_description.clone();
                let id = format!("{}.1", app.detail.application_version_id + 1);
                let sql = app.sql_configuration()?;
                let (key, added) = match operation {
                    "AddApplicationInput" => {
                        let input = inputs::input_description(inputs::parse("Input", request.get("Input"))?, id)?;
                        sql.add_input(input)?;
                        ("InputDescriptions", json!(sql.input_descriptions))
                    }
                    "AddApplicationOutput" => {
                        let output = inputs::output_description(inputs::parse("Output", request.get("Output"))?, id)?;
                        sql.add_output(output)?;
                        ("OutputDescriptions", json!(sql.output_descriptions))
                    }
                    _ => {
                        let given = request.get("ReferenceDataSource");
                        let reference =
                            inputs::reference_description(inputs::parse("ReferenceDataSource", given)?, id)?;
                        sql.add_reference(reference)?;
                        ("ReferenceDataSourceDescriptions", json!(sql.reference_data_source_descriptions))
                    }
                };
                app.sql_changed(before, token, now, objects)?;
                Ok(json!({
                    "ApplicationARN": app.detail.application_arn,
                    "ApplicationVersionId": app.detail.application_version_id,
                    key: added,
                }))
            }
            "DeleteApplicationOutput" | "DeleteApplicationReferenceDataSource" => {
                let output = operation == "DeleteApplicationOutput";
                let name = field("ApplicationName")?;
                let id = field(if output { "OutputId" } else { "ReferenceId" })?;
                let token = self.next_token();
                let app = self.app_mut(&name)?;
                app.check_version(&request)?;
                let before = app.detail.application_configuration_description.clone();
                let sql = app.sql_configuration()?;
                let found = if output {
                    let before = sql.output_descriptions.len();
                    sql.output_descriptions.retain(|o| o.output_id != id);
                    sql.output_descriptions.len() < before
                } else {
                    let before = sql.reference_data_source_descriptions.len();
                    sql.reference_data_source_descriptions.retain(|r| r.reference_id != id);
                    sql.reference_data_source_descriptions.len() < before
                };
                if !found {
                    let what = if output { "Output" } else { "Reference data source" };
                    return Err(ApiError::new("ResourceNotFoundException", format!("{what} {id} not found")));
                }
                app.sql_changed(before, token, now, objects)?;
                Ok(
                    json!({ "ApplicationARN": app.detail.application_arn, "ApplicationVersionId": app.detail.application_version_id }),
                )
            }
            "DiscoverInputSchema" => {
                field("ServiceExecutionRole")?;
                inputs::discover(&request, &|bucket, key| objects.get(bucket, key))
            }
            // What needs something kdalite does not run, refused with the reason.
            "AddApplicationInputProcessingConfiguration" | "DeleteApplicationInputProcessingConfiguration" => {
                self.app(&field("ApplicationName")?)?;
                Err(ApiError::new(
                    "UnsupportedOperationException",
                    format!("{operation}: kdalite runs no Lambda functions, so inputs have no preprocessing"),
                ))
            }
            // kdalite's own: the application as a Managed Service for Apache Flink application.
            "ExportApplicationToFlink" => {
                let app = self.app(&field("ApplicationName")?)?;
                let approximate = request.get("Approximate").and_then(Value::as_bool).unwrap_or(false);
                app.flink_request(approximate, objects)
            }
            "CreateApplicationPresignedUrl" => {
                self.app(&field("ApplicationName")?)?;
                Err(ApiError::new(
                    "UnsupportedOperationException",
                    "kdalite has no Flink dashboard or Zeppelin notebook: the playground page (/) shows the application",
                ))
            }
            other => Err(ApiError::new(
                "UnsupportedOperationException",
                format!("{other} is not an operation kdalite knows"),
            )),
        }
    }

    /// Lets the caller (the page) drive application `name`: from the next start its engine
    /// reads the driver's inputs, starts at its time, and moves only when the caller moves
    /// it. Statuses, versions, snapshots and restores stay the control plane's.
    pub fn drive(&mut self, name: &str, driver: Driver) -> ApiResult<()> {
        self.app_mut(name)?.driver = Some(driver);
        Ok(())
    }

    /// Application `name` as a page keeps it (in IndexedDB): its record (description,
    /// versions, snapshots, tags, operations) as JSON, and each ready snapshot's state.
    pub fn export_application(&mut self, name: &str) -> ApiResult<KeptApplication> {
        let app = self.app_mut(name)?;
        // Through a `Value` (see `import_application`).
        let record = serde_json::to_value(app.record()).map_err(|e| ApiError::invalid(e.to_string()))?.to_string();
        let ready: Vec<String> = app
            .snapshots
            .iter()
            .filter(|s| s.snapshot_status == SnapshotStatus::Ready)
            .map(|s| s.snapshot_name.clone())
            .collect();
        let mut snapshots = Vec::new();
        for snapshot in ready {
            let bytes = match (&app.engine, &app.state) {
                (Some(engine), _) => engine.runtime.export_checkpoint(&snapshot),
                (None, Some(state)) => state.export_checkpoint(&snapshot),
                (None, None) => continue,
            };
            snapshots.push((snapshot, bytes.map_err(|e| ApiError::invalid(e.to_string()))?));
        }
        Ok(KeptApplication { record, snapshots })
    }

    /// An application [`Applications::export_application`] kept, back (READY: its engine did
    /// not survive), its snapshots restorable; its name.
    pub fn import_application(&mut self, kept: &KeptApplication) -> ApiResult<String> {
        let KeptApplication { record, snapshots } = kept;
        // Through a `Value`, as requests come: the model's `Deserialize` is then built for one
        // deserializer, not two (30 KB of the page's gzipped wasm).
        let record: Value = serde_json::from_str(record).map_err(|e| ApiError::invalid(e.to_string()))?;
        let mut record: Record = serde_json::from_value(record).map_err(|e| ApiError::invalid(e.to_string()))?;
        let name = record.detail.application_name.clone();
        if self.apps.contains_key(&name) {
            return Err(ApiError::new("ResourceInUseException", format!("Application {name} already exists")));
        }
        record.detail.application_status = ApplicationStatus::Ready;
        record.transition = None;
        record.snapshots.retain(|s| snapshots.iter().any(|(n, _)| n == &s.snapshot_name));
        let mut state: Box<dyn crate::state::StateBackend> = Box::new(crate::state::MemoryBackend::default());
        for (snapshot, bytes) in snapshots {
            state.import_checkpoint(snapshot, bytes).map_err(|e| ApiError::invalid(e.to_string()))?;
        }
        // Tokens made from here on differ from the ones it holds.
        self.tokens += record.versions.len() as u64 + 1_000_000;
        self.apps.insert(name.clone(), Application::from_record(record, state));
        Ok(name)
    }

    /// Where application `name` is in its life.
    pub fn status(&self, name: &str) -> Option<ApplicationStatus> {
        self.apps.get(name).map(|a| a.detail.application_status)
    }

    /// Records a log event of application `name` (what a driver, such as the page, reports:
    /// its checkpoints), kept as the application's `LogLevel` says.
    pub fn log(&mut self, name: &str, now: f64, level: LogLevel, message: impl Into<String>) {
        if let Some(app) = self.apps.get_mut(name) {
            app.monitor.log(now, level, message);
        }
    }

    /// The latest `last` log events of application `name`, oldest first.
    pub fn log_events(&self, name: &str, last: usize) -> Vec<super::monitor::LogEvent> {
        let Some(app) = self.apps.get(name) else { return vec![] };
        let events = &app.monitor.log_events;
        events.iter().skip(events.len().saturating_sub(last)).cloned().collect()
    }

    /// The latest `last` seconds of application `name`'s metrics, oldest first.
    pub fn metrics(&self, name: &str, last: usize) -> Vec<MetricsSample> {
        let Some(app) = self.apps.get(name) else { return vec![] };
        let samples = &app.monitor.metrics;
        samples.iter().skip(samples.len().saturating_sub(last)).cloned().collect()
    }

    /// When application `name` checkpoints, as its `CheckpointConfiguration` says; `None` when
    /// checkpointing is off (or there is no such application).
    pub fn checkpoint_schedule(&self, name: &str) -> Option<crate::runtime::CheckpointSchedule> {
        let config = self.apps.get(name)?.detail.application_configuration_description.as_ref()?;
        let c = &config.flink_application_configuration_description.as_ref()?.checkpoint_configuration_description;
        c.checkpointing_enabled
            .then(|| crate::runtime::CheckpointSchedule::new(c.checkpoint_interval, c.min_pause_between_checkpoints))
    }

    /// The engine running application `name`, if it runs one.
    pub fn engine_mut(&mut self, name: &str) -> Option<&mut crate::runtime::Runtime> {
        self.apps.get_mut(name)?.engine.as_mut().map(|e| &mut e.runtime)
    }

    /// What application `name` reports (kdalite's own call, not AWS's: CloudWatch's part):
    /// its log events, metrics samples and what its outputs delivered.
    pub fn monitoring(&mut self, name: &str, now: f64) -> ApiResult<Value> {
        self.tick(now);
        let app = self.app(name)?;
        Ok(json!({
            "ApplicationName": app.detail.application_name,
            "ApplicationStatus": app.detail.application_status,
            "Monitoring": app.monitor,
        }))
    }

    /// The virtual clock of the engine running application `name`, if it runs one.
    pub fn engine_clock(&self, name: &str) -> Option<i64> {
        self.apps.get(name)?.engine.as_ref().map(|e| e.runtime.now())
    }

    /// Finishes the transitions whose time has come.
    pub fn tick(&mut self, now: f64) {
        for app in self.apps.values_mut() {
            app.run_engine(now);
            for snapshot in &mut app.snapshots {
                if snapshot.snapshot_status == SnapshotStatus::Creating && now >= snapshot.ready_at {
                    snapshot.snapshot_status = SnapshotStatus::Ready;
                }
            }
            while let Some((at, status)) = app.transition.filter(|(at, _)| now >= *at) {
                app.detail.application_status = status;
                app.transition = None;
                app.monitor.log(at, LogLevel::Info, format!("Application status: {}", status_name(status)));
                if !app.later.is_empty() {
                    app.transition = Some((at + app.transition_seconds(), app.later.remove(0)));
                    continue;
                }
                for op in app.operations.iter_mut().filter(|o| o.operation_status == OperationStatus::InProgress) {
                    op.operation_failure_details = op.fails_with.take();
                    op.operation_status = match op.operation_failure_details {
                        Some(_) => OperationStatus::Failed,
                        None => OperationStatus::Successful,
                    };
                    op.end_time = Some(at.floor());
                }
            }
        }
        // Maintenance: at the start of its window each day, a RUNNING application is
        // maintained (MAINTENANCE for a transition), an operation of its own as AWS lists it.
        let due: Vec<(String, f64)> =
            self.apps.iter_mut().filter_map(|(name, app)| Some((name.clone(), app.maintenance_due(now)?))).collect();
        for (name, at) in due {
            let id = self.next_token();
            let Some(app) = self.apps.get_mut(&name) else { continue };
            let message = "Maintenance: the application is patched and restarted (simulated: the engine runs on)";
            app.monitor.log(at, LogLevel::Info, message.to_string());
            app.begin(ApplicationStatus::Maintenance, ApplicationStatus::Running, at);
            app.operations.push(OperationRecord {
                operation: "ApplicationMaintenance".into(),
                operation_id: id,
                start_time: at.floor(),
                end_time: None,
                operation_status: OperationStatus::InProgress,
                versions: None,
                operation_failure_details: None,
                fails_with: None,
            });
        }
        // A deletion is over once its transition is.
        self.apps.retain(|_, a| a.transition.is_some() || a.detail.application_status != ApplicationStatus::Deleting);
    }

    fn next_token(&mut self) -> String {
        self.tokens += 1;
        format!("{:016x}", self.tokens.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    fn app(&self, name: &str) -> ApiResult<&Application> {
        self.apps
            .get(name)
            .ok_or_else(|| ApiError::new("ResourceNotFoundException", format!("Application {name} not found")))
    }

    /// `UpdateApplication`: a new version of the configuration. A running application runs
    /// the new version from then on: it stops (with a snapshot, when snapshots are enabled)
    /// and starts again as its run configuration says. A new version that does not compile
    /// fails the update and the old version runs on; one whose saved state does not fit it
    /// is accepted and fails as it starts (see [`StartFailure`]): a system rollback follows
    /// when enabled, and the application is left READY otherwise.
    fn update(&mut self, name: &str, request: &Value, objects: &Objects, now: f64) -> ApiResult<Value> {
        let (token, rollback_token) = (self.next_token(), self.next_token());
        let app = self.app_mut(name)?;
        app.changeable()?;
        app.check_version(request)?;
        let previous = app.detail.clone();
        let before = previous.application_configuration_description.clone();
        let mut config = before.clone().unwrap_or_default();
        if let Some(update) = request.get("ApplicationConfigurationUpdate") {
            let update = without_update_suffixes(update);
            apply_configuration(&mut config, &update, true, objects, &mut app.archives)?;
            if let Some(sql) = update.get("SqlApplicationConfiguration") {
                if app.detail.runtime_environment != RuntimeEnvironment::Sql1_0 {
                    return Err(ApiError::invalid("SqlApplicationConfigurationUpdate is for SQL-1_0 applications"));
                }
                config.sql_application_configuration_description.get_or_insert_with(Default::default).update(sql)?;
            }
            update_vpcs(&mut config.vpc_configuration_descriptions, &update)?;
        }
        let logging = updated_logging(&app.detail.cloud_watch_logging_option_descriptions, request)?;
        let runtime = match request.get("RuntimeEnvironmentUpdate") {
            Some(wanted) => app.upgraded_runtime(wanted)?,
            None => app.detail.runtime_environment,
        };
        app.detail.application_configuration_description = Some(config);
        if let Some(run) = request.get("RunConfigurationUpdate") {
            if let Err(e) = app.update_run_configuration(run) {
                app.detail.application_configuration_description = before;
                return Err(e);
            }
        }
        let failed = match app.rerun(now, objects, Restore::Configured) {
            Ok(()) => None,
            Err(StartFailure::Invalid(e)) => {
                app.fall_back(now, objects, before, Restore::Configured);
                return Err(e);
            }
            Err(StartFailure::Restore(e)) => Some(e.message),
        };
        app.detail.cloud_watch_logging_option_descriptions = logging;
        app.detail.runtime_environment = runtime;
        if let Some(role) = request.get("ServiceExecutionRoleUpdate").and_then(Value::as_str) {
            app.detail.service_execution_role = Some(role.to_string());
        }
        app.new_version(token, now);
        let Some(error) = failed else {
            if app.detail.application_status == ApplicationStatus::Running {
                app.begin(ApplicationStatus::Updating, ApplicationStatus::Running, now);
            }
            return Ok(json!({ "ApplicationDetail": app.detail }));
        };
        // The new version was accepted and failed as it started: the update fails once its
        // transition is over. AWS then rolls back to the version that ran, with its state,
        // when system rollback is enabled, and leaves the application READY otherwise.
        let updating = ApplicationDetail { application_status: ApplicationStatus::Updating, ..app.detail.clone() };
        let response = json!({ "ApplicationDetail": updating });
        let failed_version = app.detail.application_version_id;
        if app.system_rollback_enabled() {
            app.fall_back(now, objects, before, Restore::Configured);
            app.roll_back_to(&previous, rollback_token, now);
            app.monitor.log(now, LogLevel::Warn, format!("System rollback to version {}", failed_version - 1));
            app.begin(ApplicationStatus::Updating, ApplicationStatus::RollingBack, now);
            app.later = vec![ApplicationStatus::RolledBack, ApplicationStatus::Running];
            app.failed_update = Some((error, Some((failed_version, failed_version + 1))));
        } else {
            app.begin(ApplicationStatus::Updating, ApplicationStatus::Ready, now);
            app.failed_update = Some((error, None));
        }
        Ok(response)
    }

    /// `StartApplication`: the engine starts on the application's code, restoring what the
    /// request's (or else the application's) run configuration says.
    fn start(&mut self, name: &str, request: &Value, objects: &Objects, now: f64) -> ApiResult<Value> {
        let app = self.app_mut(name)?;
        if app.detail.application_status != ApplicationStatus::Ready {
            return Err(in_use(&app.detail));
        }
        // What to restore, and whether state may be left behind (a custom snapshot must exist);
        // a start that fails leaves the run configuration as it was.
        let before = app.detail.application_configuration_description.clone();
        let started = (|| {
            match request.get("RunConfiguration") {
                Some(run) => app.update_run_configuration(run)?,
                // A Flink application describes the run configuration it started with, as
                // DescribeApplication shows a running one in AWS (the seed's first response).
                None if app.detail.runtime_environment != RuntimeEnvironment::Sql1_0 => {
                    app.run_configuration();
                }
                None => {}
            }
            let position = app.starting_position(request.pointer("/RunConfiguration/SqlRunConfigurations"))?;
            let restore = match position {
                // Where the last run stopped: the checkpoint a SQL application's stop takes.
                Some(InputStartingPosition::LastStoppedPoint) => Restore::Recover,
                // kdalite's streams begin when the application starts: NOW and TRIM_HORIZON both
                // read from their first record, with no state restored.
                Some(InputStartingPosition::Now | InputStartingPosition::TrimHorizon) => Restore::Nothing,
                None => Restore::Configured,
            };
            app.start_engine(now, objects, restore, app.detail.application_version_id)?;
            ApiResult::Ok(position)
        })();
        let position = started.inspect_err(|_| app.detail.application_configuration_description = before)?;
        if let Some(position) = position {
            app.started_at(position);
        }
        app.begin(ApplicationStatus::Starting, ApplicationStatus::Running, now);
        Ok(json!({}))
    }

    fn app_mut(&mut self, name: &str) -> ApiResult<&mut Application> {
        self.apps
            .get_mut(name)
            .ok_or_else(|| ApiError::new("ResourceNotFoundException", format!("Application {name} not found")))
    }

    fn create(&mut self, request: CreateRequest, now: f64, objects: &Objects) -> ApiResult<ApplicationDetail> {
        let name = request.application_name;
        let broken = if name.len() > 128 {
            Some("Member must have length less than or equal to 128")
        } else if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) {
            Some("Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
        } else {
            None
        };
        if let Some(constraint) = broken {
            return Err(ApiError::invalid(format!(
                "1 validation error detected: Value '{name}' at 'applicationName' failed to satisfy constraint: {constraint}"
            )));
        }
        if request.application_description.as_ref().is_some_and(|d| d.chars().count() > 1024) {
            return Err(ApiError::invalid(
                "1 validation error detected: Value at 'applicationDescription' failed to satisfy constraint: Member must have length less than or equal to 1024",
            ));
        }
        if self.apps.contains_key(&name) {
            return Err(ApiError::new("ResourceInUseException", format!("Application {name} already exists")));
        }
        let runtime: RuntimeEnvironment = serde_json::from_value(Value::String(request.runtime_environment.clone()))
            .map_err(|_| {
                ApiError::invalid(format!("Unsupported runtime environment {}", request.runtime_environment))
            })?;
        let mut config = ApplicationConfigurationDescription {
            flink_application_configuration_description: Some(Default::default()),
            application_snapshot_configuration_description: Some(ApplicationSnapshotConfigurationDescription {
                snapshots_enabled: false,
            }),
            ..Default::default()
        };
        let mut archives = Archives::new();
        if let Some(given) = &request.application_configuration {
            apply_configuration(&mut config, given, false, objects, &mut archives)?;
            if let Some(sql) = given.get("SqlApplicationConfiguration") {
                if runtime != RuntimeEnvironment::Sql1_0 {
                    return Err(ApiError::invalid("SqlApplicationConfiguration is for SQL-1_0 applications"));
                }
                config.sql_application_configuration_description =
                    Some(SqlApplicationConfigurationDescription::create(sql)?);
            }
            if let Some(vpcs) = given.get("VpcConfigurations").and_then(Value::as_array) {
                if vpcs.len() > 1 {
                    return Err(ApiError::invalid("Kinesis Analytics currently supports only 1 VPC configuration(s)"));
                }
                config.vpc_configuration_descriptions =
                    vpcs.iter().map(|vpc| vpc_description(vpc, 1)).collect::<ApiResult<_>>()?;
            }
        }
        let mut logging = Vec::new();
        for (i, option) in request.cloud_watch_logging_options.iter().enumerate() {
            let stream = log_stream(Some(option))?;
            if logging.iter().any(|o: &CloudWatchLoggingOptionDescription| o.log_stream_arn == stream) {
                return Err(ApiError::invalid(format!("Log stream {stream} is given twice")));
            }
            let id = format!("1.{}", i + 1);
            logging.push(CloudWatchLoggingOptionDescription {
                cloud_watch_logging_option_id: id,
                log_stream_arn: stream,
                role_arn: None,
            });
        }
        let detail = ApplicationDetail {
            application_arn: format!("arn:aws:kinesisanalytics:{REGION}:{ACCOUNT}:application/{name}"),
            application_description: request.application_description,
            application_name: name.clone(),
            runtime_environment: runtime,
            service_execution_role: request.service_execution_role,
            application_status: ApplicationStatus::Ready,
            application_version_id: 1,
            create_timestamp: now.floor(),
            last_update_timestamp: now.floor(),
            application_configuration_description: Some(config),
            cloud_watch_logging_option_descriptions: logging,
            application_maintenance_configuration_description: Some(ApplicationMaintenanceConfigurationDescription {
                application_maintenance_window_start_time: "22:00".into(),
                application_maintenance_window_end_time: "06:00".into(),
            }),
            application_version_updated_from: None,
            application_version_rolled_back_from: None,
            application_version_rolled_back_to: None,
            conditional_token: self.next_token(),
            application_mode: request.application_mode.unwrap_or(ApplicationMode::Streaming),
        };
        let tags = match &request.tags {
            Some(tags) => with_tags(&BTreeMap::new(), Some(tags))?,
            None => BTreeMap::new(),
        };
        let state = self.new_state(&name)?;
        self.apps.insert(
            name,
            Application {
                detail: detail.clone(),
                versions: vec![detail.clone()],
                transition: None,
                later: vec![],
                failed_update: None,
                snapshots: vec![],
                engine: None,
                state,
                monitor: Monitor::default(),
                high_since: None,
                low_since: None,
                driver: None,
                tags,
                operations: vec![],
                archives,
                maintenance_checked: None,
            },
        );
        Ok(detail)
    }
}

impl Application {
    fn record(&self) -> Record {
        Record {
            detail: self.detail.clone(),
            versions: self.versions.clone(),
            snapshots: self.snapshots.clone(),
            transition: self.transition,
            later: self.later.clone(),
            tags: self.tags.clone(),
            operations: self.operations.clone(),
            archives: self.archives.clone(),
        }
    }

    fn from_record(record: Record, state: Box<dyn crate::state::StateBackend>) -> Application {
        Application {
            detail: record.detail,
            versions: record.versions,
            transition: record.transition,
            later: record.later,
            failed_update: None,
            snapshots: record.snapshots,
            engine: None,
            state: Some(state),
            monitor: Monitor::default(),
            high_since: None,
            low_since: None,
            driver: None,
            tags: record.tags,
            operations: record.operations,
            archives: record.archives,
            maintenance_checked: None,
        }
    }

    fn begin(&mut self, during: ApplicationStatus, then: ApplicationStatus, now: f64) {
        self.detail.application_status = during;
        self.transition = Some((now + self.transition_seconds(), then));
        self.later.clear();
    }

    fn transition_seconds(&self) -> f64 {
        self.driver.as_ref().map_or(TRANSITION_SECONDS, |d| d.transition_seconds)
    }

    /// A configuration change must name the current version (or token).
    fn check_version(&self, request: &Value) -> ApiResult<()> {
        let version = request.get("CurrentApplicationVersionId").and_then(Value::as_u64);
        let token = request.get("ConditionalToken").and_then(Value::as_str);
        let fresh = match (version, token) {
            (Some(v), _) => v == self.detail.application_version_id,
            (None, Some(t)) => t == self.detail.conditional_token,
            (None, None) => {
                return Err(ApiError::invalid("CurrentApplicationVersionId or ConditionalToken is required"))
            }
        };
        if fresh {
            Ok(())
        } else {
            Err(ApiError::new(
                "ConcurrentModificationException",
                format!(
                    "Version {} of application {} is not the current version",
                    version.map_or_else(|| "given".to_string(), |v| v.to_string()),
                    self.detail.application_name
                ),
            ))
        }
    }

    /// When maintenance is due, if a window's start has come since the last look and the
    /// application runs: daily at `ApplicationMaintenanceWindowStartTime`, UTC.
    fn maintenance_due(&mut self, now: f64) -> Option<f64> {
        let checked = self.maintenance_checked.replace(now)?;
        if self.detail.application_status != ApplicationStatus::Running || self.transition.is_some() {
            return None;
        }
        let window = self.detail.application_maintenance_configuration_description.as_ref()?;
        let start = f64::from(parse_hh_mm(&window.application_maintenance_window_start_time)? * 60);
        let latest = ((now - start) / 86_400.0).floor() * 86_400.0 + start;
        (latest > checked && latest <= now).then_some(latest)
    }

    fn system_rollback_enabled(&self) -> bool {
        self.detail
            .application_configuration_description
            .as_ref()
            .and_then(|c| c.application_system_rollback_configuration_description.as_ref())
            .is_some_and(|r| r.rollback_enabled)
    }

    fn tag(&mut self, tags: Option<&Value>) -> ApiResult<()> {
        self.tags = with_tags(&self.tags, tags)?;
        Ok(())
    }

    fn latest_snapshot(&self) -> Option<String> {
        self.snapshots
            .iter()
            .rev()
            .find(|s| s.snapshot_status == SnapshotStatus::Ready)
            .map(|s| s.snapshot_name.clone())
    }

    fn snapshots_enabled(&self) -> bool {
        self.detail
            .application_configuration_description
            .as_ref()
            .and_then(|c| c.application_snapshot_configuration_description.as_ref())
            .is_some_and(|s| s.snapshots_enabled)
    }

    /// The snapshot KDA takes when an application with snapshots enabled stops (not forced)
    /// or is updated while it runs.
    fn auto_snapshot(&mut self, now: f64, why: &str) {
        let Some(engine) = &mut self.engine else { return };
        let base = format!("{}-{why}-{}", self.detail.application_name, (now * 1000.0) as u64);
        let taken = |name: &str| self.snapshots.iter().any(|s| s.snapshot_name == name);
        let name = (1..).map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") }).find(|n| !taken(n));
        let name = name.unwrap_or(base);
        match engine.runtime.create_snapshot(&name) {
            Ok(info) => {
                self.monitor.log(
                    now,
                    LogLevel::Info,
                    format!("Created snapshot {name} ({} bytes) on {why}", info.bytes),
                );
                self.snapshots.push(SnapshotDetails {
                    snapshot_name: name,
                    snapshot_status: SnapshotStatus::Ready,
                    application_version_id: self.detail.application_version_id,
                    snapshot_creation_timestamp: now.floor(),
                    runtime_environment: self.detail.runtime_environment,
                    ready_at: now,
                });
            }
            Err(e) => self.monitor.log(now, LogLevel::Error, format!("The snapshot on {why} failed: {e}")),
        }
    }

    /// `SqlRunConfigurations`, checked: each names an input of a SQL application, and all
    /// start at one position (kdalite restores an application whole), which is returned.
    fn starting_position(&self, given: Option<&Value>) -> ApiResult<Option<InputStartingPosition>> {
        let Some(given) = given else { return Ok(None) };
        let given = given.as_array().ok_or_else(|| ApiError::invalid("SqlRunConfigurations is a list"))?;
        if self.detail.runtime_environment != RuntimeEnvironment::Sql1_0 {
            return Err(ApiError::invalid("SqlRunConfigurations are for SQL-1_0 applications"));
        }
        // A SQL application with no input yet has none to name.
        let inputs = (self.detail.application_configuration_description.as_ref())
            .and_then(|c| c.sql_application_configuration_description.as_ref())
            .map_or(&[][..], |sql| &sql.input_descriptions);
        let mut position = None;
        for run in given {
            let id = run.get("InputId").and_then(Value::as_str).unwrap_or_default();
            if !inputs.iter().any(|i| i.input_id == id) {
                return Err(ApiError::new("ResourceNotFoundException", format!("Input {id} not found")));
            }
            let wanted = run.pointer("/InputStartingPositionConfiguration/InputStartingPosition").cloned();
            let wanted: InputStartingPosition = serde_json::from_value(wanted.unwrap_or(Value::Null))
                .map_err(|_| ApiError::invalid("InputStartingPosition is NOW, TRIM_HORIZON or LAST_STOPPED_POINT"))?;
            if position.is_some_and(|p| p != wanted) {
                return Err(ApiError::invalid("kdalite starts every input of an application at one position"));
            }
            position = Some(wanted);
        }
        Ok(position)
    }

    /// Each input's description shows where it started reading.
    fn started_at(&mut self, position: InputStartingPosition) {
        let config = self.detail.application_configuration_description.as_mut();
        for input in config
            .and_then(|c| c.sql_application_configuration_description.as_mut())
            .into_iter()
            .flat_map(|s| &mut s.input_descriptions)
        {
            input.input_starting_position_configuration.input_starting_position = position;
        }
    }

    fn snapshot(&self, name: &str) -> ApiResult<&SnapshotDetails> {
        self.snapshots.iter().find(|s| s.snapshot_name == name).ok_or_else(|| {
            ApiError::new(
                "ResourceNotFoundException",
                format!("Snapshot {name} of application {} not found", self.detail.application_name),
            )
        })
    }
}

/// Whether the timestamp (epoch seconds) a request gives as `key` names another second than
/// `expected` (a delete names what it deletes by its creation time).
fn differs(request: &Value, key: &str, expected: f64) -> bool {
    request.get(key).and_then(Value::as_f64).is_some_and(|t| (t - expected).abs() >= 1.0)
}

/// A list operation's answer: `items` under `key`, at most `Limit` (1 to 50, 50 when not
/// given) from where `NextToken` says, and a `NextToken` when more follow.
fn page(key: &str, items: Vec<Value>, request: &Value) -> Value {
    let from = request.get("NextToken").and_then(Value::as_str).and_then(|t| t.parse().ok()).unwrap_or(0);
    let limit = request.get("Limit").and_then(Value::as_u64).map_or(50, |l| l.clamp(1, 50) as usize);
    let more = from + limit < items.len();
    let page: Vec<Value> = items.into_iter().skip(from).take(limit).collect();
    let mut response = json!({ key: page });
    if more {
        response["NextToken"] = json!((from + limit).to_string());
    }
    response
}

fn in_use(detail: &ApplicationDetail) -> ApiError {
    ApiError::new(
        "ResourceInUseException",
        format!("Application {} is in {} state", detail.application_name, status_name(detail.application_status)),
    )
}

/// A status as AWS spells it (`FORCE_STOPPING`).
fn status_name(status: ApplicationStatus) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
