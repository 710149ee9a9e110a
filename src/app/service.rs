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

/// How an embedding page runs an application: it binds the inputs itself (a generator with
/// its settings, a file, a reference table), and moves the engine's clock itself, at its own
/// speed, through [`Applications::engine_mut`].
#[derive(Clone)]
pub struct Driver {
    pub bindings: std::rc::Rc<dyn Fn() -> crate::error::Result<Vec<crate::runtime::InputBinding>>>,
    /// The virtual time the engine starts at.
    pub start: i64,
    /// How long transitions (STARTING, STOPPING, …) take, in seconds.
    pub transition_seconds: f64,
}

/// The engine behind a running application: its virtual clock follows the simulation's.
struct Engine {
    runtime: crate::runtime::Runtime,
    /// The simulation's time and the virtual time when it started.
    started: (f64, i64),
    /// When checkpoints are due (`CheckpointConfiguration`); `None` when checkpointing is off.
    schedule: Option<crate::runtime::CheckpointSchedule>,
    /// Checkpoints taken in this run, and the last one's duration (ms) and size (bytes).
    checkpoints: u64,
    last_checkpoint: (f64, u64),
    /// The runtime's counts at the last metrics sample, and when it was taken.
    counted: crate::runtime::Metrics,
    /// Each operator's rows in and out at the last sample (see [`super::monitor::parts`]).
    counted_operators: Vec<(u64, u64)>,
    sampled: f64,
}

/// What one parallel subtask handles, in records per second: the simulated load is the
/// records read per second over `CurrentParallelism` of these.
const SUBTASK_RECORDS_PER_SECOND: f64 = 1000.0;
/// How long the load stays high (75%) before autoscaling doubles the parallelism, and low
/// (10%) before it halves it: KDA waits 15 minutes and 6 hours; a playground, less.
const SCALE_UP_AFTER_SECONDS: f64 = 60.0;
const SCALE_DOWN_AFTER_SECONDS: f64 = 300.0;
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

/// Why an engine did not start. `Invalid`: its configuration is wrong (the code does not
/// compile, an input cannot be bound), which the operation asking for the start finds and
/// fails with. `Restore`: the saved state does not fit the code (a pump changed, without
/// `AllowNonRestoredState`), which Flink finds only as the job starts: an update that meets it
/// is accepted and fails afterwards, rolled back by the system when that is enabled.
enum StartFailure {
    Invalid(ApiError),
    Restore(ApiError),
}

impl StartFailure {
    fn error(&self) -> &ApiError {
        match self {
            StartFailure::Invalid(e) | StartFailure::Restore(e) => e,
        }
    }
}

impl From<ApiError> for StartFailure {
    fn from(e: ApiError) -> StartFailure {
        StartFailure::Invalid(e)
    }
}

impl From<StartFailure> for ApiError {
    fn from(failure: StartFailure) -> ApiError {
        match failure {
            StartFailure::Invalid(e) | StartFailure::Restore(e) => e,
        }
    }
}

/// What an engine that starts restores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Restore {
    /// What the run configuration says.
    Configured,
    /// The run's latest checkpoint (the control plane restarted), else what it says.
    Recover,
    /// The latest snapshot (a rollback).
    LatestSnapshot,
    /// Nothing: a SQL application whose input starts at `NOW` or `TRIM_HORIZON`.
    Nothing,
}

/// Checkpoints the control plane takes are named `chk-N`.
const CHECKPOINT_PREFIX: &str = "chk-";
/// Seconds of metrics a running engine catches up on after the control plane paused.
const METRICS_CATCH_UP_SECONDS: i64 = 600;

/// The latest `chk-N` checkpoint in `state`.
fn latest_checkpoint(state: &dyn crate::state::StateBackend) -> Option<String> {
    let ids = state.checkpoints().ok()?;
    ids.into_iter()
        .filter_map(|id| Some((id.strip_prefix(CHECKPOINT_PREFIX)?.parse::<u64>().ok()?, id)))
        .max()
        .map(|(_, id)| id)
}

/// The wall clock in milliseconds, to time checkpoints by.
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Date::now();
    #[cfg(not(target_arch = "wasm32"))]
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

impl Engine {
    /// Takes the run's next checkpoint (dropping the one before): what it reports.
    fn checkpoint(&mut self, began: f64) -> crate::error::Result<String> {
        self.checkpoints += 1;
        let id = format!("{CHECKPOINT_PREFIX}{}", self.checkpoints);
        self.runtime.checkpoint(&id, &[])?;
        let size = self.runtime.export_checkpoint(&id)?.len() as u64;
        if self.checkpoints > 1 {
            self.runtime.delete_snapshot(&format!("{CHECKPOINT_PREFIX}{}", self.checkpoints - 1))?;
        }
        self.last_checkpoint = (now_ms() - began, size);
        Ok(format!("Completed checkpoint {} ({size} bytes) in {:.1} ms", self.checkpoints, self.last_checkpoint.0))
    }
}

/// The engine's virtual clock starts here (the generators' default start).
const ENGINE_START: i64 = crate::source::DEFAULT_START;

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

    /// `ExportApplicationToFlink`: the current version's code, over the inputs its engine would
    /// start with, as a Managed Service for Apache Flink `CreateApplication` request.
    fn flink_request(&self, approximate: bool, objects: &Objects) -> ApiResult<Value> {
        let config = self.detail.application_configuration_description.clone().unwrap_or_default();
        let Some((code, statements)) = self.sql_code(&config)? else {
            return Err(ApiError::new("InvalidApplicationConfigurationException", "The application has no SQL code"));
        };
        let bindings = self.engine_inputs(&config, &statements, objects)?;
        let start = self.driver.as_ref().map_or(ENGINE_START, |d| d.start);
        super::flink::create_application_request(&self.detail, &code, bindings, start, approximate)
    }

    /// The application's SQL, when it has code (text, a zip file's `.sql` files or an S3
    /// object), and its statements.
    fn sql_code(
        &self,
        config: &ApplicationConfigurationDescription,
    ) -> ApiResult<Option<(String, Vec<crate::sql::Statement>)>> {
        let Some(code) = &config.application_code_configuration_description else { return Ok(None) };
        let Some(code) = code::sql(code, &self.archives)? else { return Ok(None) };
        let statements = crate::sql::parse(&code)
            .map_err(|e| ApiError::new("InvalidApplicationConfigurationException", e.to_string()))?;
        Ok(Some((code, statements)))
    }

    /// The engine's inputs: the driver's (the page's), else the SQL application's inputs and
    /// reference data sources (see [`inputs`]); without SQL inputs, each stream the code reads
    /// and nothing writes is a Kinesis stream: a generator chosen as for an input's (by the
    /// stream a Flink table's `WITH` names, else by its own name), the ticker when no name says
    /// otherwise.
    fn engine_inputs(
        &self,
        config: &ApplicationConfigurationDescription,
        statements: &[crate::sql::Statement],
        objects: &Objects,
    ) -> ApiResult<Vec<crate::runtime::InputBinding>> {
        let invalid = |e: crate::error::Error| ApiError::new("InvalidApplicationConfigurationException", e.to_string());
        let mut bindings = match &self.driver {
            Some(driver) => (driver.bindings)().map_err(invalid)?,
            None => inputs::bindings(config, &|bucket, key| objects.get(bucket, key))
                .map_err(|e| ApiError::new("InvalidApplicationConfigurationException", e.message))?,
        };
        let sql_inputs =
            config.sql_application_configuration_description.as_ref().map_or(0, |s| s.input_descriptions.len());
        if sql_inputs == 0 && self.driver.is_none() {
            let declared = crate::sql::declared_sources(statements);
            let undeclared = crate::sql::undeclared_inputs(statements).into_iter().map(|s| (s, None));
            let settings = inputs::generator_settings(config);
            for (i, (stream, origin)) in undeclared.chain(declared).enumerate() {
                if !bindings.iter().any(|b| b.stream.eq_ignore_ascii_case(&stream)) {
                    let spec = inputs::generator_for(origin.as_deref().unwrap_or(&stream), i as u32 + 1, &settings)?;
                    let source = crate::runtime::InputSource::Generator(spec);
                    bindings.push(crate::runtime::InputBinding { stream, source });
                }
            }
        }
        Ok(bindings)
    }

    /// Starts the engine on the application's SQL (when it has SQL as text), as `version` (the
    /// log's). A SQL application's inputs and reference data sources feed it (see [`inputs`]);
    /// without inputs, each stream the code reads and nothing writes is fed a generator.
    /// `Restore::Recover`: carry on from the run's latest checkpoint (the control plane
    /// restarted); otherwise the run configuration says what it restores: the latest snapshot,
    /// a named one, or nothing.
    fn start_engine(
        &mut self,
        now: f64,
        objects: &Objects,
        restore: Restore,
        version: u64,
    ) -> Result<(), StartFailure> {
        let recover = restore == Restore::Recover;
        let config = self.detail.application_configuration_description.clone().unwrap_or_default();
        let Some((code, statements)) = self.sql_code(&config)? else { return Ok(()) };
        let invalid = |e: crate::error::Error| ApiError::new("InvalidApplicationConfigurationException", e.to_string());
        let sql = config.sql_application_configuration_description.clone().unwrap_or_default();
        let bindings = self.engine_inputs(&config, &statements, objects)?;
        // Built on a scratch backend first: an application that cannot start leaves its state
        // (and the snapshots in it) as it was.
        let start = self.driver.as_ref().map_or(ENGINE_START, |d| d.start);
        let mut runtime = crate::runtime::build(&code, bindings, start).map_err(invalid)?;
        let streams = runtime.output_streams();
        if let Some(output) =
            sql.output_descriptions.iter().find(|o| !streams.iter().any(|s| s.eq_ignore_ascii_case(&o.name)))
        {
            return Err(ApiError::new(
                "InvalidApplicationConfigurationException",
                format!(
                    "Output {} reads the in-application stream {}, which no pump of the application code writes",
                    output.output_id, output.name
                ),
            )
            .into());
        }
        let mut state = self.state.take().unwrap_or_else(|| Box::new(crate::state::MemoryBackend::default()));
        let latest_checkpoint = latest_checkpoint(state.as_ref());
        // Each run starts from empty state (or restored state); snapshots stay, the last
        // run's checkpoints go unless this run carries on from them.
        if let Err(e) = state.clear() {
            self.state = Some(state);
            return Err(invalid(e).into());
        }
        runtime.use_state(state);
        let run = config.run_configuration_description.as_ref();
        let allow = run
            .and_then(|r| r.flink_run_configuration_description.as_ref())
            .is_some_and(|f| f.allow_non_restored_state);
        let snapshot = match run.map(|r| &r.application_restore_configuration_description) {
            _ if recover && latest_checkpoint.is_some() => latest_checkpoint.clone(),
            _ if restore == Restore::LatestSnapshot => self.latest_snapshot(),
            _ if restore == Restore::Nothing => None,
            Some(ApplicationRestoreConfiguration {
                application_restore_type: ApplicationRestoreType::SkipRestoreFromSnapshot,
                ..
            }) => None,
            Some(ApplicationRestoreConfiguration {
                application_restore_type: ApplicationRestoreType::RestoreFromCustomSnapshot,
                snapshot_name,
            }) => snapshot_name.clone(),
            _ => self.latest_snapshot(),
        };
        let restored = (|| {
            if let Some(name) = &snapshot {
                runtime.restore(name, allow)?;
            }
            for id in runtime.checkpoint_ids()? {
                if id.starts_with(CHECKPOINT_PREFIX) && Some(&id) != latest_checkpoint.as_ref().filter(|_| recover) {
                    runtime.delete_snapshot(&id)?;
                }
            }
            Ok(())
        })();
        if let Err(e) = restored {
            self.state = Some(runtime.into_state());
            return Err(StartFailure::Restore(invalid(e)));
        }
        let flink = config.flink_application_configuration_description.clone();
        let schedule =
            flink.as_ref().map(|f| &f.checkpoint_configuration_description).filter(|c| c.checkpointing_enabled).map(
                |c| {
                    let mut schedule =
                        crate::runtime::CheckpointSchedule::new(c.checkpoint_interval, c.min_pause_between_checkpoints);
                    schedule.start_at(runtime.now());
                    schedule
                },
            );
        let monitoring = flink.map(|f| f.monitoring_configuration_description).unwrap_or_default();
        self.monitor.log_level = Some(monitoring.log_level);
        self.monitor.metrics_level = Some(monitoring.metrics_level);
        self.monitor.deliveries = sql.output_descriptions.iter().map(Delivery::new).collect();
        let restored = match &snapshot {
            Some(name) if recover && Some(name) == latest_checkpoint.as_ref() => {
                format!("carrying on from checkpoint {name}")
            }
            Some(name) => format!("restoring snapshot {name}"),
            None => "without restoring state".to_string(),
        };
        self.monitor.log(now, LogLevel::Info, format!("Starting application version {version}, {restored}"));
        let counted = runtime.metrics().clone();
        let started = (now, runtime.now());
        let engine = Engine {
            runtime,
            started,
            schedule,
            checkpoints: 0,
            last_checkpoint: (0.0, 0),
            counted,
            counted_operators: vec![],
            sampled: now,
        };
        self.engine = Some(engine);
        Ok(())
    }

    /// Moves the engine's clock on with the simulation's (a second a second), a second at a
    /// time: each second's output is delivered and its metrics sampled, and checkpoints are
    /// taken when the `CheckpointConfiguration` makes them due. An engine a driver moves (the
    /// page's) is only sampled, each second of the simulation's time.
    fn run_engine(&mut self, now: f64) {
        if self.driver.is_some() {
            let Some(engine) = &self.engine else { return };
            if now - engine.sampled >= 1.0 {
                let rate = self.sample(now, now - engine.sampled, 0);
                self.autoscale(now, rate);
            }
            return;
        }
        let Some(engine) = &self.engine else { return };
        let target = engine.started.1 + ((now - engine.started.0) * 1000.0) as i64;
        let mut rates = Vec::new();
        // After a long pause, skip sampling the seconds no one will see.
        let mut t = engine.runtime.now().max(target - 1000 * METRICS_CATCH_UP_SECONDS);
        while t < target {
            let Some(engine) = &mut self.engine else { return };
            t = (t + 1000).min(target);
            let at = engine.started.0 + (t - engine.started.1) as f64 / 1000.0;
            if let Err(e) = engine.runtime.advance_to(t) {
                self.monitor.log(at, LogLevel::Error, format!("The application failed: {e}"));
                break;
            }
            for out in engine.runtime.drain_output() {
                if out.stream == crate::runtime::ERROR_STREAM {
                    let first = crate::output::row_text(&out.batch, 0);
                    let rows = out.batch.num_rows();
                    self.monitor.log(
                        at,
                        LogLevel::Warn,
                        format!("{rows} row(s) went to error_stream, the first: {first}"),
                    );
                }
                for delivery in self.monitor.deliveries.iter_mut().filter(|d| d.name.eq_ignore_ascii_case(&out.stream))
                {
                    delivery.deliver(&out.batch);
                }
            }
            if engine.schedule.as_mut().is_some_and(|s| s.due(t)) {
                match engine.checkpoint(now_ms()) {
                    Ok(message) => self.monitor.log(at, LogLevel::Info, message),
                    Err(e) => self.monitor.log(at, LogLevel::Error, format!("Checkpoint failed: {e}")),
                }
            }
            // A sample a second, however often the simulation is looked at.
            let (behind, since) = (target - engine.runtime.now(), at - engine.sampled);
            if since >= 1.0 - 1e-6 {
                rates.push((at, self.sample(at, since, behind)));
            }
        }
        for (at, rate) in rates {
            self.autoscale(at, rate);
        }
    }

    /// Samples the engine's metrics at `at`, over the `seconds` since the last sample, with its
    /// clock `behind` ms behind the simulation's; returns the records in per second.
    fn sample(&mut self, at: f64, seconds: f64, behind: i64) -> f64 {
        let (parallelism, per_kpu) =
            self.parallelism().map_or((1, 1), |p| (p.current_parallelism, p.parallelism_per_kpu));
        let Some(engine) = &mut self.engine else { return 0.0 };
        let counts = engine.runtime.metrics().clone();
        let rate = counts.rows_in.saturating_sub(engine.counted.rows_in) as f64 / seconds;
        // Tasks or operators as the MetricsLevel asks.
        let level = self.monitor.metrics_level.unwrap_or(MetricsLevel::Application);
        let flows = if level == MetricsLevel::Application { vec![] } else { engine.runtime.dataflow_counts() };
        let parts = super::monitor::parts(level, &flows, &engine.counted_operators, seconds);
        engine.counted_operators = super::monitor::operator_counts(&flows);
        self.monitor.sample(MetricsSample {
            timestamp: (at * 1000.0) as i64,
            kpus: parallelism.div_ceil(per_kpu),
            cpu_utilization: (100.0 * rate / (f64::from(parallelism) * SUBTASK_RECORDS_PER_SECOND)).min(100.0),
            num_records_in_per_second: rate,
            num_records_out_per_second: counts.rows_out.saturating_sub(engine.counted.rows_out) as f64 / seconds,
            num_late_records_dropped: counts.rows_late,
            num_error_records: counts.rows_in_error,
            last_checkpoint_duration: engine.last_checkpoint.0,
            last_checkpoint_size: engine.last_checkpoint.1,
            state_entries: engine.runtime.state_size() as u64,
            millis_behind_latest: behind,
            parts,
        });
        engine.counted = counts;
        engine.sampled = at;
        rate
    }

    fn parallelism(&mut self) -> Option<&mut ParallelismConfigurationDescription> {
        let config = self.detail.application_configuration_description.as_mut()?;
        Some(&mut config.flink_application_configuration_description.as_mut()?.parallelism_configuration_description)
    }

    /// KDA's autoscaling, simulated: with `AutoScalingEnabled`, a load (records in per second
    /// over what `CurrentParallelism` subtasks handle) of 75% or more for
    /// [`SCALE_UP_AFTER_SECONDS`] doubles `CurrentParallelism` (within the account's KPUs), and
    /// under 10% for [`SCALE_DOWN_AFTER_SECONDS`] halves it (not below `Parallelism`); the
    /// application is AUTOSCALING meanwhile.
    fn autoscale(&mut self, at: f64, rate: f64) {
        let running = self.detail.application_status == ApplicationStatus::Running;
        let Some(p) = self.parallelism().filter(|p| running && p.auto_scaling_enabled) else {
            (self.high_since, self.low_since) = (None, None);
            return;
        };
        let (current, floor, per_kpu) = (p.current_parallelism, p.parallelism, p.parallelism_per_kpu);
        let load = rate / (f64::from(current) * SUBTASK_RECORDS_PER_SECOND);
        let high_since = *self.high_since.get_or_insert(at);
        let low_since = *self.low_since.get_or_insert(at);
        if load < 0.75 {
            self.high_since = None;
        }
        if load >= 0.10 {
            self.low_since = None;
        }
        let ceiling = (MAX_KPUS * per_kpu).min(MAX_PARALLELISM);
        let scaled = if load >= 0.75 && at - high_since >= SCALE_UP_AFTER_SECONDS && current < ceiling {
            (current * 2).min(ceiling)
        } else if load < 0.10 && at - low_since >= SCALE_DOWN_AFTER_SECONDS && current > floor {
            (current / 2).max(floor)
        } else {
            return;
        };
        if let Some(p) = self.parallelism() {
            p.current_parallelism = scaled;
        }
        let direction = if scaled > current { "up" } else { "down" };
        let message = format!(
            "Autoscaling {direction}: CurrentParallelism {current} -> {scaled} (load {:.0}% of {current} subtask(s))",
            load * 100.0
        );
        self.monitor.log(at, LogLevel::Info, message);
        (self.high_since, self.low_since) = (None, None);
        self.begin(ApplicationStatus::Autoscaling, ApplicationStatus::Running, at);
    }

    /// A running application's engine on its new configuration (after an update or a
    /// rollback): it stops (with a snapshot, when snapshots are enabled) and starts as its
    /// run configuration says. If it cannot start, the engine stays stopped: see
    /// [`Application::fall_back`].
    fn rerun(&mut self, now: f64, objects: &Objects, restore: Restore) -> Result<(), StartFailure> {
        if self.engine.is_none() {
            return Ok(());
        }
        if self.snapshots_enabled() {
            self.auto_snapshot(now, "update");
        }
        self.stop_engine(now);
        // The new version's number: the version the change makes is recorded once it runs.
        self.start_engine(now, objects, restore, self.detail.application_version_id + 1).inspect_err(|e| {
            let message = format!("The new version could not start: {}", e.error().message);
            self.monitor.log(now, LogLevel::Error, message);
        })
    }

    /// After a failed [`Application::rerun`]: the configuration `before` it comes back and
    /// its engine starts again, from the state saved as the rerun stopped it.
    fn fall_back(
        &mut self,
        now: f64,
        objects: &Objects,
        before: Option<ApplicationConfigurationDescription>,
        restore: Restore,
    ) {
        self.detail.application_configuration_description = before;
        if let Err(again) = self.start_engine(now, objects, restore, self.detail.application_version_id) {
            let message = format!("The previous version could not start again: {}", again.error().message);
            self.monitor.log(now, LogLevel::Error, message);
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

    /// Stops the engine, keeping its state (and snapshots) for the next start.
    fn stop_engine(&mut self, now: f64) {
        if let Some(mut engine) = self.engine.take() {
            // A SQL application's inputs can start again where it stopped (LAST_STOPPED_POINT),
            // when they can be checkpointed (the page's files cannot).
            let sql = self.detail.runtime_environment == RuntimeEnvironment::Sql1_0;
            if sql && engine.runtime.checkpointable().is_ok() {
                match engine.checkpoint(now_ms()) {
                    Ok(done) => self.monitor.log(now, LogLevel::Info, format!("{done}, where the application stops")),
                    Err(e) => self.monitor.log(now, LogLevel::Error, format!("No checkpoint at the stop: {e}")),
                }
            }
            self.monitor.log(now, LogLevel::Info, "Stopping application");
            self.state = Some(engine.runtime.into_state());
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

    /// The SQL configuration an `Add…`/`Delete…` operation changes: a SQL application's, when
    /// it is READY or RUNNING.
    fn sql_configuration(&mut self) -> ApiResult<&mut SqlApplicationConfigurationDescription> {
        if self.detail.runtime_environment != RuntimeEnvironment::Sql1_0 {
            return Err(ApiError::invalid(format!(
                "Application {} is not a SQL application (RuntimeEnvironment SQL-1_0)",
                self.detail.application_name
            )));
        }
        self.changeable()?;
        let config = self.detail.application_configuration_description.get_or_insert_with(Default::default);
        Ok(config.sql_application_configuration_description.get_or_insert_with(Default::default))
    }

    /// `RunConfigurationUpdate`: what the next start restores, and whether state no operator
    /// claims may be dropped.
    fn update_run_configuration(&mut self, run: &Value) -> ApiResult<()> {
        let restore = match run.get("ApplicationRestoreConfiguration") {
            Some(r) => Some(
                serde_json::from_value::<ApplicationRestoreConfiguration>(r.clone())
                    .map_err(|e| ApiError::invalid(format!("ApplicationRestoreConfiguration: {e}")))?,
            ),
            None => None,
        };
        if let Some(r) = &restore {
            if r.application_restore_type == ApplicationRestoreType::RestoreFromCustomSnapshot {
                self.snapshot(r.snapshot_name.as_deref().unwrap_or_default())?;
            }
        }
        let allow = run.pointer("/FlinkRunConfiguration/AllowNonRestoredState").and_then(Value::as_bool);
        let config = self.run_configuration();
        if let Some(r) = restore {
            config.application_restore_configuration_description = r;
        }
        if let Some(allow) = allow {
            config.flink_run_configuration_description =
                Some(FlinkRunConfiguration { allow_non_restored_state: allow });
        }
        Ok(())
    }

    /// A change of an application (an update, an `Add…`/`Delete…` operation, the maintenance
    /// window, its deletion) needs it READY or RUNNING, or fails with ResourceInUseException.
    fn changeable(&self) -> ApiResult<()> {
        match self.detail.application_status {
            ApplicationStatus::Ready | ApplicationStatus::Running => Ok(()),
            _ => Err(in_use(&self.detail)),
        }
    }

    /// A new version made by an `Add…`/`Delete…` operation: a running application is
    /// UPDATING for a transition while it takes it, as with `UpdateApplication`.
    fn reconfigured(&mut self, token: String, now: f64) {
        self.new_version(token, now);
        if self.detail.application_status == ApplicationStatus::Running {
            self.begin(ApplicationStatus::Updating, ApplicationStatus::Running, now);
        }
    }

    /// A SQL application's inputs, outputs or reference data changed (`before`: as they were).
    /// A running engine runs the new version, carrying on from the checkpoint its stop takes;
    /// one that cannot start undoes the change, and the old version runs on.
    fn sql_changed(
        &mut self,
        before: Option<ApplicationConfigurationDescription>,
        token: String,
        now: f64,
        objects: &Objects,
    ) -> ApiResult<()> {
        if let Err(e) = self.rerun(now, objects, Restore::Recover) {
            self.fall_back(now, objects, before, Restore::Recover);
            return Err(e.into());
        }
        self.reconfigured(token, now);
        Ok(())
    }

    /// `RuntimeEnvironmentUpdate`: AWS upgrades a Flink application in place to a newer Flink
    /// runtime, and changes no other runtime (a SQL or Studio application keeps its own).
    fn upgraded_runtime(&self, wanted: &Value) -> ApiResult<RuntimeEnvironment> {
        let runtime: RuntimeEnvironment = serde_json::from_value(wanted.clone())
            .map_err(|_| ApiError::invalid(format!("Unsupported runtime environment {wanted}")))?;
        let current = self.detail.runtime_environment;
        if runtime != current && !(current.is_flink() && runtime.is_flink() && runtime > current) {
            return Err(ApiError::invalid(format!(
                "Application {} runs {}: a runtime is upgraded in place only to a newer Apache Flink runtime",
                self.detail.application_name,
                json!(current).as_str().unwrap_or_default()
            )));
        }
        Ok(runtime)
    }

    /// The run configuration, made with KDA's defaults if the application has none yet.
    fn run_configuration(&mut self) -> &mut RunConfigurationDescription {
        let config = self.detail.application_configuration_description.get_or_insert_with(Default::default);
        config.run_configuration_description.get_or_insert(RunConfigurationDescription {
            application_restore_configuration_description: ApplicationRestoreConfiguration {
                application_restore_type: ApplicationRestoreType::RestoreFromLatestSnapshot,
                snapshot_name: None,
            },
            flink_run_configuration_description: Some(FlinkRunConfiguration { allow_non_restored_state: false }),
        })
    }

    /// The response of the logging-option operations.
    fn logging_options(&self) -> Value {
        json!({
            "ApplicationARN": self.detail.application_arn,
            "ApplicationVersionId": self.detail.application_version_id,
            "CloudWatchLoggingOptionDescriptions": self.detail.cloud_watch_logging_option_descriptions,
        })
    }

    /// A rollback's new version: `previous`'s configuration (already in place, its engine
    /// running) with its logging options, runtime and role, rolled back from the current
    /// version to `previous`, in the version history as in the description.
    fn roll_back_to(&mut self, previous: &ApplicationDetail, token: String, now: f64) {
        self.detail.cloud_watch_logging_option_descriptions = previous.cloud_watch_logging_option_descriptions.clone();
        self.detail.runtime_environment = previous.runtime_environment;
        self.detail.service_execution_role = previous.service_execution_role.clone();
        let from = self.detail.application_version_id;
        self.new_version(token, now);
        self.detail.application_version_rolled_back_from = Some(from);
        self.detail.application_version_rolled_back_to = Some(previous.application_version_id);
        if let Some(version) = self.versions.last_mut() {
            *version = self.detail.clone();
        }
    }

    fn new_version(&mut self, token: String, now: f64) {
        self.detail.application_version_rolled_back_from = None;
        self.detail.application_version_rolled_back_to = None;
        self.detail.application_version_updated_from = Some(self.detail.application_version_id);
        self.detail.application_version_id += 1;
        self.detail.conditional_token = token;
        self.detail.last_update_timestamp = now.floor();
        self.versions.push(self.detail.clone());
    }
}

/// Whether the timestamp (epoch seconds) a request gives as `key` names another second than
/// `expected` (a delete names what it deletes by its creation time).
fn differs(request: &Value, key: &str, expected: f64) -> bool {
    request.get(key).and_then(Value::as_f64).is_some_and(|t| (t - expected).abs() >= 1.0)
}

/// A job plan in the shape of Flink's REST API (`/jobs/:id/plan`), which KDA returns as
/// `JobPlanDescription`: a node per in-application stream a pump reads or writes (a source or
/// a sink) and per operator, each fed by the nodes of its inputs, keyed operators by a hash.
fn job_plan(name: &str, parallelism: u32, flows: &[crate::exec::PumpFlow]) -> String {
    let mut nodes: Vec<Value> = Vec::new();
    let mut streams: BTreeMap<String, String> = BTreeMap::new();
    let node = |nodes: &mut Vec<Value>, description: String, inputs: Vec<(String, &str)>| {
        let id = format!("{:032x}", (nodes.len() as u128 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835));
        let inputs: Vec<Value> = inputs
            .into_iter()
            .enumerate()
            .map(|(num, (from, ship))| json!({"num": num, "id": from, "ship_strategy": ship, "exchange": "pipelined_bounded"}))
            .collect();
        nodes.push(json!({
            "id": id, "parallelism": parallelism, "operator": "", "operator_strategy": "",
            "description": description, "inputs": inputs, "optimizer_properties": {},
        }));
        id
    };
    for flow in flows {
        let mut ids: Vec<String> = Vec::with_capacity(flow.operators.len());
        for op in &flow.operators {
            let forward = ["Filter", "Projection", "LookupJoin"].iter().any(|p| op.name.starts_with(p));
            let ship = if forward { "FORWARD" } else { "HASH" };
            let mut inputs = Vec::new();
            for feed in &op.inputs {
                inputs.push(match feed {
                    crate::exec::Feed::Operator(from) => ids[*from].clone(),
                    crate::exec::Feed::Stream(stream) => match streams.get(stream) {
                        Some(id) => id.clone(),
                        None => {
                            let id = node(&mut nodes, format!("Source: {stream}"), vec![]);
                            streams.insert(stream.clone(), id.clone());
                            id
                        }
                    },
                });
            }
            let inputs = inputs.into_iter().map(|from| (from, ship)).collect();
            ids.push(node(&mut nodes, format!("{}: {}", flow.name, op.name), inputs));
        }
        let Some(last) = ids.last() else { continue };
        let sink = node(&mut nodes, format!("Sink: {}", flow.target), vec![(last.clone(), "FORWARD")]);
        streams.entry(flow.target.clone()).or_insert(sink);
    }
    // A job id of the application's own (FNV-1a of its name).
    let jid = name.bytes().fold(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d_u128, |h, b| {
        (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b)
    });
    json!({ "jid": format!("{jid:032x}"), "name": name, "type": "STREAMING", "nodes": nodes }).to_string()
}

/// A `VpcConfiguration` described, made at `version`: its id `VERSION.1` (an application has
/// at most one) and a VPC id of its own.
fn vpc_description(vpc: &Value, version: u64) -> ApiResult<VpcConfigurationDescription> {
    let ids = |key: &str| -> ApiResult<Vec<String>> {
        let list = vpc
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| ApiError::invalid(format!("VpcConfiguration.{key} is required")))?;
        Ok(list.iter().filter_map(Value::as_str).map(str::to_string).collect())
    };
    Ok(VpcConfigurationDescription {
        vpc_configuration_id: format!("{version}.1"),
        vpc_id: format!("vpc-{version:08x}"),
        subnet_ids: ids("SubnetIds")?,
        security_group_ids: ids("SecurityGroupIds")?,
    })
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

/// `VpcConfigurationUpdates` (of an update without its `Update` suffixes), by id.
fn update_vpcs(vpcs: &mut [VpcConfigurationDescription], update: &Value) -> ApiResult<()> {
    let strings = |v: &Value| v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect());
    for change in update.get("VpcConfigurationUpdates").and_then(Value::as_array).into_iter().flatten() {
        let id = change.get("VpcConfigurationId").and_then(Value::as_str).unwrap_or_default();
        let vpc = vpcs
            .iter_mut()
            .find(|v| v.vpc_configuration_id == id)
            .ok_or_else(|| ApiError::new("ResourceNotFoundException", format!("VPC configuration {id} not found")))?;
        if let Some(subnets) = change.get("SubnetIdUpdates").and_then(strings) {
            vpc.subnet_ids = subnets;
        }
        if let Some(groups) = change.get("SecurityGroupIdUpdates").and_then(strings) {
            vpc.security_group_ids = groups;
        }
    }
    Ok(())
}

/// The logging options after an `UpdateApplication`'s `CloudWatchLoggingOptionUpdates`, by id.
fn updated_logging(
    options: &[CloudWatchLoggingOptionDescription],
    request: &Value,
) -> ApiResult<Vec<CloudWatchLoggingOptionDescription>> {
    let mut options = options.to_vec();
    for change in request.get("CloudWatchLoggingOptionUpdates").and_then(Value::as_array).into_iter().flatten() {
        let id = change.get("CloudWatchLoggingOptionId").and_then(Value::as_str).unwrap_or_default();
        let option = options.iter_mut().find(|o| o.cloud_watch_logging_option_id == id).ok_or_else(|| {
            ApiError::new("ResourceNotFoundException", format!("CloudWatch logging option {id} not found"))
        })?;
        if let Some(stream) = change.get("LogStreamARNUpdate").and_then(Value::as_str) {
            option.log_stream_arn = stream.to_string();
        }
    }
    Ok(options)
}

/// A `CloudWatchLoggingOption`'s log stream.
fn log_stream(option: Option<&Value>) -> ApiResult<String> {
    option
        .and_then(|o| o.get("LogStreamARN"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| ApiError::invalid("CloudWatchLoggingOption.LogStreamARN is required"))
}

fn in_use(detail: &ApplicationDetail) -> ApiError {
    ApiError::new(
        "ResourceInUseException",
        format!("Application {} is in {} state", detail.application_name, status_name(detail.application_status)),
    )
}

/// `existing` with `tags` (`[{"Key": …, "Value": …}]`) added, as AWS checks them: keys 1 to
/// 128 characters, values at most 256, at most 50 tags.
fn with_tags(existing: &BTreeMap<String, String>, tags: Option<&Value>) -> ApiResult<BTreeMap<String, String>> {
    let tags = tags.and_then(Value::as_array).ok_or_else(|| ApiError::invalid("Tags is required"))?;
    let mut all = existing.clone();
    for tag in tags {
        let key = tag.get("Key").and_then(Value::as_str).unwrap_or_default();
        let value = tag.get("Value").and_then(Value::as_str).unwrap_or_default();
        if !(1..=128).contains(&key.chars().count()) || value.chars().count() > 256 {
            return Err(ApiError::invalid(format!(
                "Invalid tag {key}: keys are 1 to 128 characters, values at most 256"
            )));
        }
        all.insert(key.to_string(), value.to_string());
    }
    if all.len() > 50 {
        return Err(ApiError::new("TooManyTagsException", "An application has at most 50 tags"));
    }
    Ok(all)
}

/// A status as AWS spells it (`FORCE_STOPPING`).
fn status_name(status: ApplicationStatus) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// `HH:MM` as minutes after midnight.
fn parse_hh_mm(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.len() == 5).then_some(h * 60 + m)
}

/// An `…Update` request in the create request's shape: every key's `Update` suffix dropped
/// (`CheckpointIntervalUpdate` is `CheckpointInterval`; `EnvironmentPropertyUpdates` is
/// `EnvironmentProperties`), so both go through one set of checks.
fn without_update_suffixes(v: &Value) -> Value {
    let key = |k: &String| match k.as_str() {
        "EnvironmentPropertyUpdates" => "EnvironmentProperties".to_string(),
        "RecordColumnUpdates" => "RecordColumns".to_string(),
        k => k.strip_suffix("Update").unwrap_or(k).to_string(),
    };
    match v {
        // A property map's keys are the user's own.
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| match k.as_str() {
                    "PropertyMap" => (k.clone(), v.clone()),
                    _ => (key(k), without_update_suffixes(v)),
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_update_suffixes).collect()),
        other => other.clone(),
    }
}

/// Applies `ApplicationConfiguration` (Flink checkpoint, parallelism, monitoring; the code, its
/// bytes kept in `archives`; property groups; snapshots; system rollback) to a description,
/// with AWS's checks; `update`: a part's `ConfigurationType` may be left out (it stays as it was).
fn apply_configuration(
    config: &mut ApplicationConfigurationDescription,
    given: &Value,
    update: bool,
    objects: &Objects,
    archives: &mut Archives,
) -> ApiResult<()> {
    if let Some(code) = given.get("ApplicationCodeConfiguration") {
        let mut code = code.clone();
        // An update of code in S3 may name only what changes (its file key, say).
        let kept = (config.application_code_configuration_description.as_ref())
            .and_then(|c| c.code_content_description.as_ref()?.s3_application_code_location_description.as_ref());
        if let (true, Some(Value::Object(location)), Some(kept)) =
            (update, code.pointer_mut("/CodeContent/S3ContentLocation"), kept)
        {
            location.entry("BucketARN").or_insert_with(|| json!(kept.bucket_arn));
            location.entry("FileKey").or_insert_with(|| json!(kept.file_key));
        }
        config.application_code_configuration_description = Some(code::describe(&code, objects, archives)?);
    }
    let flink = config.flink_application_configuration_description.get_or_insert_with(Default::default);
    if let Some(checkpoint) = given.pointer("/FlinkApplicationConfiguration/CheckpointConfiguration") {
        let c = &mut flink.checkpoint_configuration_description;
        c.configuration_type = configuration_type(checkpoint, update)?.unwrap_or(c.configuration_type);
        if let Some(enabled) = checkpoint.get("CheckpointingEnabled").and_then(Value::as_bool) {
            c.checkpointing_enabled = enabled;
        }
        if let Some(interval) = checkpoint.get("CheckpointInterval").and_then(Value::as_i64) {
            if interval < 1 {
                return Err(ApiError::invalid("CheckpointInterval must be at least 1"));
            }
            c.checkpoint_interval = interval;
        }
        if let Some(pause) = checkpoint.get("MinPauseBetweenCheckpoints").and_then(Value::as_i64) {
            if pause < 0 {
                return Err(ApiError::invalid("MinPauseBetweenCheckpoints must be at least 0"));
            }
            c.min_pause_between_checkpoints = pause;
        }
    }
    if let Some(parallelism) = given.pointer("/FlinkApplicationConfiguration/ParallelismConfiguration") {
        let p = &mut flink.parallelism_configuration_description;
        p.configuration_type = configuration_type(parallelism, update)?.unwrap_or(p.configuration_type);
        if let Some(n) = parallelism.get("Parallelism").and_then(Value::as_u64) {
            if !(1..=u64::from(MAX_PARALLELISM)).contains(&n) {
                return Err(ApiError::invalid("Parallelism must be between 1 and 256"));
            }
            p.parallelism = n as u32;
            p.current_parallelism = n as u32;
        }
        if let Some(n) = parallelism.get("ParallelismPerKPU").and_then(Value::as_u64) {
            if !(1..=8).contains(&n) {
                return Err(ApiError::invalid("ParallelismPerKPU must be between 1 and 8"));
            }
            p.parallelism_per_kpu = n as u32;
        }
        if let Some(auto) = parallelism.get("AutoScalingEnabled").and_then(Value::as_bool) {
            p.auto_scaling_enabled = auto;
        }
        let kpus = p.parallelism.div_ceil(p.parallelism_per_kpu);
        if kpus > MAX_KPUS {
            return Err(ApiError::new(
                "LimitExceededException",
                format!("The application would need {kpus} KPUs; the account allows {MAX_KPUS}"),
            ));
        }
    }
    if let Some(groups) = given.pointer("/EnvironmentProperties/PropertyGroups").and_then(Value::as_array) {
        let groups: Vec<PropertyGroup> = groups
            .iter()
            .map(|g| serde_json::from_value(g.clone()).map_err(|e| ApiError::invalid(format!("PropertyGroups: {e}"))))
            .collect::<ApiResult<_>>()?;
        config.environment_property_descriptions =
            Some(EnvironmentPropertyDescriptions { property_group_descriptions: groups });
    }
    if let Some(enabled) =
        given.pointer("/ApplicationSystemRollbackConfiguration/RollbackEnabled").and_then(Value::as_bool)
    {
        config.application_system_rollback_configuration_description =
            Some(ApplicationSystemRollbackConfigurationDescription { rollback_enabled: enabled });
    }
    if let Some(enabled) = given.pointer("/ApplicationSnapshotConfiguration/SnapshotsEnabled").and_then(Value::as_bool)
    {
        config.application_snapshot_configuration_description =
            Some(ApplicationSnapshotConfigurationDescription { snapshots_enabled: enabled });
    }
    if let Some(monitoring) = given.pointer("/FlinkApplicationConfiguration/MonitoringConfiguration") {
        let m = &mut flink.monitoring_configuration_description;
        m.configuration_type = configuration_type(monitoring, update)?.unwrap_or(m.configuration_type);
        if let Some(level) = monitoring.get("MetricsLevel") {
            m.metrics_level = serde_json::from_value(level.clone())
                .map_err(|_| ApiError::invalid(format!("Invalid MetricsLevel {level}")))?;
        }
        if let Some(level) = monitoring.get("LogLevel") {
            m.log_level = serde_json::from_value(level.clone())
                .map_err(|_| ApiError::invalid(format!("Invalid LogLevel {level}")))?;
        }
    }
    Ok(())
}

fn configuration_type(config: &Value, update: bool) -> ApiResult<Option<ConfigurationType>> {
    match config.get("ConfigurationType") {
        Some(t) => serde_json::from_value(t.clone())
            .map(Some)
            .map_err(|_| ApiError::invalid(format!("Invalid ConfigurationType {t}"))),
        None if update => Ok(None),
        None => Err(ApiError::invalid("ConfigurationType is required")),
    }
}
