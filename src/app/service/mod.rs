//! The KDA control plane, simulated: applications created, described, listed, updated,
//! started, stopped and deleted with AWS's operation names, request and response shapes, and
//! errors. Statuses change over (virtual) time: an operation that starts a transition leaves
//! the application STARTING, STOPPING or UPDATING, and [`Applications::tick`] finishes it.
//!
//! [`Applications::run`] takes a typed [`Operation`] and gives its typed [`Response`] or AWS's
//! error; [`Applications::call`] takes them as JSON, as the AWS JSON 1.1 protocol carries them
//! (see [`crate::app::api`]). The operations' work is here by job: the application's life
//! (`lifecycle.rs`), its versions (`versions.rs`), snapshots (`snapshots.rs`), configuration
//! changes, VPC, logging and tags (`configuration.rs`), a SQL application's parts (`sql.rs`),
//! the operations' own records (`operations.rs`), the engine (`engine.rs`) and its autoscaling
//! (`autoscale.rs`).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};

use super::api::*;
use super::code::{self, Archives};
use super::error::{ApiError, ApiResult};
use super::inputs::{self, Objects};
use super::model::*;
use super::monitor::{Delivery, MetricsSample, Monitor};

mod autoscale;
mod configuration;
mod engine;
mod lifecycle;
mod operations;
mod snapshots;
mod sql;
mod versions;

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
    /// An update accepted whose new version then failed to start, for
    /// [`Applications::record_operation`] to record: its error, and the versions of the system rollback it set off, if any.
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

    /// Runs operation `operation` on `request` (JSON, as AWS carries them); `now` is the
    /// simulation's clock (epoch seconds).
    pub fn call(&mut self, operation: &str, request: Value, now: f64) -> ApiResult<Value> {
        match Operation::parse(operation, request) {
            Ok(operation) => self.run(operation, now).map(|response| response.to_json()),
            // Refused as it is read: the clock moves on all the same, as with any call.
            Err(e) => {
                self.tick(now);
                self.persist()?;
                Err(e)
            }
        }
    }

    /// Runs `operation`; `now` is the simulation's clock (epoch seconds). A tracked operation
    /// is recorded (see [`Applications::record_operation`]), and the applications persist.
    pub fn run(&mut self, operation: Operation, now: f64) -> ApiResult<Response> {
        let name = operation.application_name().unwrap_or_default().to_string();
        let (kind, tracked) = (operation.name(), operation.tracked());
        let version = self.apps.get(&name).map(|a| a.detail.application_version_id);
        // Lent to the operation, which may start engines that read objects.
        let objects = std::mem::take(&mut self.objects);
        let mut response = self.operate(operation, now, &objects);
        self.objects = objects;
        if let (Ok(response), true) = (&mut response, tracked) {
            self.record_operation(kind, &name, version, now, response);
        }
        self.persist()?;
        response
    }

    fn operate(&mut self, operation: Operation, now: f64, objects: &Objects) -> ApiResult<Response> {
        use Operation as O;
        self.tick(now);
        match operation {
            O::CreateApplication(request) => self.create(request, now, objects).map(detail),
            O::DescribeApplication(request) => self.describe(&request),
            O::ListApplications(paging) => Ok(self.list(&paging)),
            O::DeleteApplication(request) => self.delete(&request, now),
            O::ListApplicationOperations(request) => self.list_operations(&request),
            O::DescribeApplicationOperation(request) => self.describe_operation(&request),
            O::TagResource(request) => self.tag_resource(&request),
            O::UntagResource(request) => self.untag_resource(&request),
            O::ListTagsForResource(request) => self.list_tags(&request),
            O::StartApplication(request) => self.start(&request, objects, now),
            O::StopApplication(request) => self.stop(&request, now),
            O::AddApplicationVpcConfiguration(request) => self.add_vpc(&request, now),
            O::DeleteApplicationVpcConfiguration(request) => self.delete_vpc(&request, now),
            O::AddApplicationCloudWatchLoggingOption(request) => self.add_logging_option(&request, now),
            O::DeleteApplicationCloudWatchLoggingOption(request) => self.delete_logging_option(&request, now),
            O::UpdateApplicationMaintenanceConfiguration(request) => self.update_maintenance(&request),
            O::UpdateApplication(request) => self.update(&request, objects, now),
            O::ListApplicationVersions(request) => self.list_versions(&request),
            O::DescribeApplicationVersion(request) => self.describe_version(&request),
            O::RollbackApplication(request) => self.rollback(&request, objects, now),
            O::CreateApplicationSnapshot(request) => self.create_snapshot(&request, now),
            O::ListApplicationSnapshots(request) => self.list_snapshots(&request),
            O::DescribeApplicationSnapshot(request) => self.describe_snapshot(&request),
            O::DeleteApplicationSnapshot(request) => self.delete_snapshot(&request),
            O::AddApplicationInput(request) => self.add_part(sql::Part::Input, &request, objects, now),
            O::AddApplicationOutput(request) => self.add_part(sql::Part::Output, &request, objects, now),
            O::AddApplicationReferenceDataSource(request) => {
                self.add_part(sql::Part::ReferenceDataSource, &request, objects, now)
            }
            O::DeleteApplicationOutput(request) => self.delete_part(true, &request, objects, now),
            O::DeleteApplicationReferenceDataSource(request) => self.delete_part(false, &request, objects, now),
            O::DiscoverInputSchema(request) => {
                inputs::discover(&request, &|bucket, key| objects.get(bucket, key)).map(Response::Json)
            }
            // What needs something kdalite does not run, refused with the reason.
            O::AddApplicationInputProcessingConfiguration(ref request)
            | O::DeleteApplicationInputProcessingConfiguration(ref request) => {
                self.app(&request.application_name)?;
                Err(ApiError::new(
                    "UnsupportedOperationException",
                    format!("{}: kdalite runs no Lambda functions, so inputs have no preprocessing", operation.name()),
                ))
            }
            // kdalite's own: the application as a Managed Service for Apache Flink application.
            O::ExportApplicationToFlink(request) => {
                let app = self.app(&request.application_name)?;
                app.flink_request(request.approximate.unwrap_or(false), objects).map(Response::Json)
            }
            O::CreateApplicationPresignedUrl(request) => {
                self.app(&request.application_name)?;
                Err(ApiError::new(
                    "UnsupportedOperationException",
                    "kdalite has no Flink dashboard or Zeppelin notebook: the playground page (/) shows the application",
                ))
            }
        }
    }

    /// `DescribeApplication`; with `IncludeAdditionalDetails`, a running application's job
    /// plan, as Flink's REST API gives a job's: the engine's pumps and their operators.
    fn describe(&self, request: &DescribeApplicationRequest) -> ApiResult<Response> {
        let app = self.app(&request.application_name)?;
        let mut detail = app.detail.clone();
        let flink = (detail.application_configuration_description.as_mut())
            .and_then(|c| c.flink_application_configuration_description.as_mut());
        let additional = request.include_additional_details == Some(true);
        if let (true, Some(flink), Some(engine)) = (additional, flink, &app.engine) {
            let parallelism = flink.parallelism_configuration_description.current_parallelism;
            flink.job_plan_description =
                Some(job_plan(&app.detail.application_name, parallelism, &engine.runtime.dataflow_counts()));
        }
        Ok(self::detail(detail))
    }

    fn list(&self, paging: &Paging) -> Response {
        let summaries = (self.apps.values())
            .map(|a| ApplicationSummary {
                application_name: a.detail.application_name.clone(),
                application_arn: a.detail.application_arn.clone(),
                application_status: a.detail.application_status,
                application_version_id: a.detail.application_version_id,
                runtime_environment: a.detail.runtime_environment,
                application_mode: a.detail.application_mode,
            })
            .collect();
        let (application_summaries, next_token) = page(summaries, paging);
        Response::Applications(ListApplicationsResponse { application_summaries, next_token })
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

    fn next_token(&mut self) -> String {
        self.tokens += 1;
        format!("{:016x}", self.tokens.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    fn app(&self, name: &str) -> ApiResult<&Application> {
        self.apps
            .get(name)
            .ok_or_else(|| ApiError::new("ResourceNotFoundException", format!("Application {name} not found")))
    }

    fn app_mut(&mut self, name: &str) -> ApiResult<&mut Application> {
        self.apps
            .get_mut(name)
            .ok_or_else(|| ApiError::new("ResourceNotFoundException", format!("Application {name} not found")))
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

    /// A configuration change must name the current version (or token).
    fn check_version(&self, expected: &Expected) -> ApiResult<()> {
        let version = expected.current_application_version_id;
        let token = expected.conditional_token.as_deref();
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
}

/// Whether a timestamp (epoch seconds) a request gives names another second than `expected`
/// (a delete names what it deletes by its creation time).
fn differs(given: Option<f64>, expected: f64) -> bool {
    given.is_some_and(|t| (t - expected).abs() >= 1.0)
}

/// A list operation's page of `items`: at most `Limit` (1 to 50, 50 when not given) from
/// where `NextToken` says, and a `NextToken` when more follow.
fn page<T>(items: Vec<T>, paging: &Paging) -> (Vec<T>, Option<String>) {
    let from = paging.next_token.as_deref().and_then(|t| t.parse().ok()).unwrap_or(0);
    let limit = paging.limit.map_or(50, |l| l.clamp(1, 50) as usize);
    let more = from + limit < items.len();
    let page = items.into_iter().skip(from).take(limit).collect();
    (page, more.then(|| (from + limit).to_string()))
}

/// The response of an operation that answers with the application's description.
fn detail(application_detail: ApplicationDetail) -> Response {
    Response::Detail(ApplicationDetailResponse { application_detail, operation_id: None })
}

/// The response of an operation that answers nothing (but its `OperationId`, if tracked).
fn empty() -> Response {
    Response::Empty(EmptyResponse::default())
}

fn in_use(detail: &ApplicationDetail) -> ApiError {
    ApiError::new(
        "ResourceInUseException",
        format!("Application {} is in {} state", detail.application_name, spelled(detail.application_status)),
    )
}

/// A status as AWS spells it (`FORCE_STOPPING`).
fn spelled(status: impl serde::Serialize) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
