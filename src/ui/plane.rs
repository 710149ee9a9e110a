//! The page's KDA control plane: the same [`Applications`] as `kdalite serve`'s, in wasm. The
//! page's application is one of its applications; the page drives it ([`Driver`]: the page's
//! sources, and its clock at the page's speed), and Run, Stop, Snapshot, Restore and Rollback
//! are the control plane's operations, with their statuses, versions and errors.

use serde_json::{json, Value};

use super::state::ControlView;
use crate::app::api::*;
use crate::app::model::{ApplicationDetail, ApplicationStatus};
use crate::app::monitor::MetricsSample;
use crate::app::service::{Applications, Driver};
use crate::runtime::Runtime;

/// Log lines the panel shows: the latest.
const LOG_LINES: usize = 12;

/// How long the page's transitions (STARTING, STOPPING, …) take: visible, not in the way.
pub const TRANSITION_SECONDS: f64 = 0.5;

#[derive(Default)]
pub struct Plane {
    pub apps: Applications,
    /// The application the page runs (its name when it last ran).
    pub name: Option<String>,
}

/// The control plane's clock: the wall clock, in epoch seconds.
pub fn now() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// An operation's error as AWS words it.
fn message(e: crate::app::error::ApiError) -> String {
    format!("{}: {}", e.kind, e.message)
}

/// The SQL an application's description shows, when its code is text.
fn code_text(detail: &ApplicationDetail) -> Option<&str> {
    let config = detail.application_configuration_description.as_ref()?;
    config
        .application_code_configuration_description
        .as_ref()?
        .code_content_description
        .as_ref()?
        .text_content
        .as_deref()
}

/// As AWS spells it (`RUNNING`).
fn spelled(status: ApplicationStatus) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A run configuration that restores `restore` (`ApplicationRestoreConfiguration`).
fn restoring(restore: Value) -> Option<Value> {
    Some(json!({ "ApplicationRestoreConfiguration": restore }))
}

impl Plane {
    /// An operation named and given as JSON (the configuration forms').
    pub fn call(&mut self, operation: &str, request: Value) -> Result<Value, String> {
        self.apps.call(operation, request, now()).map_err(message)
    }

    fn run_operation(&mut self, operation: Operation) -> Result<Response, String> {
        self.apps.run(operation, now()).map_err(message)
    }

    /// Whether the application processes rows: it is RUNNING (or updating or scaling while it
    /// runs), not still STARTING.
    pub fn processing(&self) -> bool {
        use crate::app::model::ApplicationStatus::*;
        let status = self.name.as_deref().and_then(|n| self.apps.status(n));
        matches!(status, Some(Running | Updating | Autoscaling))
    }

    /// The running application's engine.
    pub fn runtime(&mut self) -> Option<&mut Runtime> {
        let name = self.name.clone()?;
        self.apps.engine_mut(&name)
    }

    /// The application as `DescribeApplication` shows it, if there is one.
    pub fn describe(&mut self) -> Option<ApplicationDetail> {
        let application_name = self.name.clone()?;
        let request = DescribeApplicationRequest { application_name, include_additional_details: None };
        match self.run_operation(Operation::DescribeApplication(request)) {
            Ok(Response::Detail(described)) => Some(described.application_detail),
            _ => None,
        }
    }

    /// Runs `sql` as application `name`, fed by `driver`: created if new; a running one is
    /// updated to the code (and runs it from fresh state), a ready one updated if its code
    /// changed and started without restoring a snapshot.
    pub fn run(&mut self, name: &str, sql: &str, driver: Driver) -> Result<(), String> {
        if self.name.as_deref().is_some_and(|n| n != name) {
            self.stop_quietly();
        }
        self.name = Some(name.to_string());
        if self.describe().is_none() {
            let code = json!({"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": sql}});
            self.run_operation(Operation::CreateApplication(CreateApplicationRequest {
                application_name: name.to_string(),
                application_description: Some("The kdalite playground's application".to_string()),
                runtime_environment: "SQL-1_0".to_string(),
                service_execution_role: None,
                application_configuration: Some(json!({ "ApplicationCodeConfiguration": code })),
                application_mode: None,
                tags: None,
                cloud_watch_logging_options: vec![],
            }))?;
        }
        self.apps.drive(name, driver).map_err(message)?;
        let detail = self.describe();
        let fresh = json!({"ApplicationRestoreType": "SKIP_RESTORE_FROM_SNAPSHOT"});
        let running = self.runtime().is_some();
        if running || detail.as_ref().and_then(code_text) != Some(sql) {
            let code = json!({"CodeContentUpdate": {"TextContentUpdate": sql}});
            self.run_operation(Operation::UpdateApplication(UpdateApplicationRequest {
                application_name: name.to_string(),
                expected: Expected {
                    current_application_version_id: detail.map(|d| d.application_version_id),
                    conditional_token: None,
                },
                application_configuration_update: Some(json!({ "ApplicationCodeConfigurationUpdate": code })),
                cloud_watch_logging_option_updates: None,
                runtime_environment_update: None,
                run_configuration_update: restoring(fresh.clone()),
                service_execution_role_update: None,
            }))?;
        }
        if !running {
            let start =
                StartApplicationRequest { application_name: name.to_string(), run_configuration: restoring(fresh) };
            self.run_operation(Operation::StartApplication(start))?;
        }
        Ok(())
    }

    pub fn stop(&mut self) -> Result<(), String> {
        let Some(application_name) = self.name.clone() else { return Ok(()) };
        if self.runtime().is_none() {
            return Ok(());
        }
        // A stop needs the application RUNNING; one asked for while it starts or updates is
        // forced, as the console's Force stop.
        let status = self.describe().map(|d| d.application_status);
        let force = !matches!(status, Some(ApplicationStatus::Running | ApplicationStatus::Autoscaling));
        let stop = StopApplicationRequest { application_name, force: Some(force) };
        self.run_operation(Operation::StopApplication(stop)).map(|_| ())
    }

    fn stop_quietly(&mut self) {
        let _ = self.stop();
    }

    /// A named snapshot of the running application.
    pub fn snapshot(&mut self) -> Result<String, String> {
        let application_name = self.name.clone().ok_or("run the application first")?;
        let taken = self.snapshots().len() + 1;
        let snapshot_name = format!("{application_name}-{taken}");
        let request = SnapshotRequest { application_name, snapshot_name: snapshot_name.clone() };
        self.run_operation(Operation::CreateApplicationSnapshot(request))?;
        Ok(snapshot_name)
    }

    /// The application's snapshots, oldest first: their names and versions.
    pub fn snapshots(&mut self) -> Vec<(String, u64)> {
        let Some(application_name) = self.name.clone() else { return vec![] };
        let request = ListRequest { application_name, paging: Paging::default() };
        match self.run_operation(Operation::ListApplicationSnapshots(request)) {
            Ok(Response::Snapshots(listed)) => {
                listed.snapshot_summaries.into_iter().map(|s| (s.snapshot_name, s.application_version_id)).collect()
            }
            _ => vec![],
        }
    }

    /// Starts the (ready) application from snapshot `snapshot`.
    pub fn restore(&mut self, snapshot: &str) -> Result<(), String> {
        let application_name = self.name.clone().ok_or("run the application first")?;
        let restore = json!({"ApplicationRestoreType": "RESTORE_FROM_CUSTOM_SNAPSHOT", "SnapshotName": snapshot});
        let start = StartApplicationRequest { application_name, run_configuration: restoring(restore) };
        self.run_operation(Operation::StartApplication(start)).map(|_| ())
    }

    /// Rolls the application back to its previous version: its code, which it runs if it runs.
    pub fn rollback(&mut self) -> Result<String, String> {
        let detail = self.describe().ok_or("run the application first")?;
        let rollback = RollbackApplicationRequest {
            application_name: detail.application_name,
            expected: Expected {
                current_application_version_id: Some(detail.application_version_id),
                conditional_token: None,
            },
        };
        let rolled = match self.run_operation(Operation::RollbackApplication(rollback))? {
            Response::Detail(rolled) => rolled.application_detail,
            _ => return Ok(String::new()),
        };
        Ok(code_text(&rolled).unwrap_or_default().to_string())
    }

    /// Where the application is now, for the panel (transitions under way finish first).
    pub fn view(&mut self) -> ControlView {
        self.apps.tick(now());
        let Some(detail) = self.describe() else { return ControlView::default() };
        let name = self.name.clone().unwrap_or_default();
        let logs = self
            .apps
            .log_events(&name, LOG_LINES)
            .iter()
            .rev()
            .map(|e| {
                let at = crate::plan::types::format_timestamp(e.timestamp);
                let level = serde_json::to_value(e.level).ok().and_then(|l| l.as_str().map(str::to_string));
                format!("{} {} {}", &at[11..19.min(at.len())], level.unwrap_or_default(), e.message)
            })
            .collect();
        let request = ListRequest { application_name: name.clone(), paging: Paging::default() };
        let versions = match self.run_operation(Operation::ListApplicationVersions(request)) {
            Ok(Response::Versions(listed)) => (listed.application_version_summaries.into_iter())
                .map(|v| (v.application_version_id, spelled(v.application_status)))
                .collect(),
            _ => vec![],
        };
        let samples = self.apps.metrics(&name, METRIC_SECONDS);
        let value = serde_json::to_value(&detail).unwrap_or_default();
        ControlView {
            logs,
            versions,
            metrics: metrics_charts(&samples),
            parts: samples.last().map(|s| s.parts.clone()).unwrap_or_default(),
            status: Some(spelled(detail.application_status)),
            version: detail.application_version_id,
            detail: serde_json::to_string_pretty(&value).unwrap_or_default(),
            value: std::rc::Rc::new(value),
            snapshots: self.snapshots(),
        }
    }
}

/// The seconds of metrics the panel charts.
const METRIC_SECONDS: usize = 300;

/// One metric of a second's sample.
type Metric = fn(&MetricsSample) -> f64;

/// The application's metrics as charts (`chart.js`'s JSON): records in and out per second,
/// the simulated load, late and error rows, the last checkpoint's duration, state entries and
/// how far the engine is behind. None before the first second.
fn metrics_charts(samples: &[MetricsSample]) -> Vec<String> {
    if samples.is_empty() {
        return vec![];
    }
    let times: Vec<f64> = samples.iter().map(|s| s.timestamp as f64 / 1000.0).collect();
    let chart = |y: &str, series: &[(&str, Metric)]| {
        let mut data = vec![json!(times)];
        data.extend(series.iter().map(|(_, value)| json!(samples.iter().map(value).collect::<Vec<f64>>())));
        let labels: Vec<&str> = series.iter().map(|(label, _)| *label).collect();
        json!({ "x": "time", "y": y, "series": labels, "data": data, "height": 160, "clock": true }).to_string()
    };
    vec![
        chart(
            "records per second",
            &[("in", |s| s.num_records_in_per_second), ("out", |s| s.num_records_out_per_second)],
        ),
        chart("CPU utilization %", &[("CPU %", |s| s.cpu_utilization)]),
        chart(
            "rows so far",
            &[("late", |s| s.num_late_records_dropped as f64), ("error", |s| s.num_error_records as f64)],
        ),
        chart("last checkpoint ms", &[("duration", |s| s.last_checkpoint_duration)]),
        chart("state entries", &[("state", |s| s.state_entries as f64)]),
        chart("ms behind latest", &[("lag", |s| s.millis_behind_latest as f64)]),
    ]
}
