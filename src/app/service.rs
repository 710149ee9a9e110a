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

use super::model::*;

/// An error as AWS reports it: its `__type` and its message.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub kind: &'static str,
    pub message: String,
}

impl ApiError {
    fn new(kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { kind, message: message.into() }
    }

    fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new("InvalidArgumentException", message)
    }

    /// The HTTP status AWS answers the error with.
    pub fn status(&self) -> u16 {
        match self.kind {
            "ResourceNotFoundException" => 400,
            "ServiceUnavailableException" => 503,
            _ => 400,
        }
    }

    /// The error body: `{"__type": …, "message": …}`.
    pub fn body(&self) -> Value {
        json!({ "__type": self.kind, "message": self.message })
    }
}

type ApiResult<T> = std::result::Result<T, ApiError>;

/// How long a transition takes, in seconds of the simulation's clock.
const TRANSITION_SECONDS: f64 = 2.0;
/// The account's limit on KPUs per application.
const MAX_KPUS: u32 = 32;
/// The largest application code accepted as text.
const MAX_CODE_BYTES: usize = 100 * 1024;
const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

struct Application {
    detail: ApplicationDetail,
    /// Every version's description, oldest first.
    versions: Vec<ApplicationDetail>,
    /// When a transition that is under way ends, and the status it ends in.
    transition: Option<(f64, ApplicationStatus)>,
}

#[derive(Default)]
pub struct Applications {
    apps: BTreeMap<String, Application>,
    tokens: u64,
}

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
}

impl Applications {
    /// Runs operation `operation` on `request`; `now` is the simulation's clock (epoch seconds).
    pub fn call(&mut self, operation: &str, request: Value, now: f64) -> ApiResult<Value> {
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
                let detail = self.create(request, now)?;
                Ok(json!({ "ApplicationDetail": detail }))
            }
            "DescribeApplication" => Ok(json!({ "ApplicationDetail": self.app(&field("ApplicationName")?)?.detail })),
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
                Ok(json!({ "ApplicationSummaries": summaries }))
            }
            "DeleteApplication" => {
                let name = field("ApplicationName")?;
                let app = self.app(&name)?;
                if !matches!(app.detail.application_status, ApplicationStatus::Ready | ApplicationStatus::Running) {
                    return Err(in_use(&app.detail));
                }
                self.apps.remove(&name);
                Ok(json!({}))
            }
            "StartApplication" => {
                let name = field("ApplicationName")?;
                let app = self.app_mut(&name)?;
                if app.detail.application_status != ApplicationStatus::Ready {
                    return Err(in_use(&app.detail));
                }
                app.begin(ApplicationStatus::Starting, ApplicationStatus::Running, now);
                Ok(json!({}))
            }
            "StopApplication" => {
                let name = field("ApplicationName")?;
                let force = request.get("Force").and_then(Value::as_bool).unwrap_or(false);
                let app = self.app_mut(&name)?;
                let stoppable = matches!(
                    app.detail.application_status,
                    ApplicationStatus::Running | ApplicationStatus::Starting | ApplicationStatus::Autoscaling
                ) || (force && app.detail.application_status == ApplicationStatus::Updating);
                if !stoppable {
                    return Err(in_use(&app.detail));
                }
                let during = if force { ApplicationStatus::ForceStopping } else { ApplicationStatus::Stopping };
                app.begin(during, ApplicationStatus::Ready, now);
                Ok(json!({}))
            }
            "AddApplicationVpcConfiguration" => {
                let name = field("ApplicationName")?;
                let vpc = request.get("VpcConfiguration").cloned().unwrap_or(Value::Null);
                let token = self.next_token();
                let app = self.app_mut(&name)?;
                app.check_version(&request)?;
                let config = app.detail.application_configuration_description.get_or_insert_with(Default::default);
                if !config.vpc_configuration_descriptions.is_empty() {
                    return Err(ApiError::invalid("Kinesis Analytics currently supports only 1 VPC configuration(s)"));
                }
                let ids = |key: &str| -> ApiResult<Vec<String>> {
                    let list = vpc
                        .get(key)
                        .and_then(Value::as_array)
                        .ok_or_else(|| ApiError::invalid(format!("VpcConfiguration.{key} is required")))?;
                    Ok(list.iter().filter_map(Value::as_str).map(str::to_string).collect())
                };
                let (subnets, groups) = (ids("SubnetIds")?, ids("SecurityGroupIds")?);
                let version = app.detail.application_version_id + 1;
                config.vpc_configuration_descriptions.push(VpcConfigurationDescription {
                    vpc_configuration_id: format!("{version}.1"),
                    vpc_id: format!("vpc-{:08x}", version),
                    subnet_ids: subnets,
                    security_group_ids: groups,
                });
                let vpc = config.vpc_configuration_descriptions[0].clone();
                app.new_version(token, now);
                Ok(json!({
                    "ApplicationARN": app.detail.application_arn,
                    "ApplicationVersionId": app.detail.application_version_id,
                    "VpcConfigurationDescription": vpc,
                }))
            }
            other => Err(ApiError::new("UnsupportedOperationException", format!("{other} is not supported yet"))),
        }
    }

    /// Finishes the transitions whose time has come.
    pub fn tick(&mut self, now: f64) {
        for app in self.apps.values_mut() {
            if let Some((at, status)) = app.transition {
                if now >= at {
                    app.detail.application_status = status;
                    app.transition = None;
                }
            }
        }
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

    fn create(&mut self, request: CreateRequest, now: f64) -> ApiResult<ApplicationDetail> {
        let name = request.application_name;
        let valid =
            (1..=128).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !valid {
            return Err(ApiError::invalid(format!(
                "1 validation error detected: Value '{name}' at 'applicationName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
            )));
        }
        if self.apps.contains_key(&name) {
            return Err(ApiError::new("ResourceInUseException", format!("Application {name} already exists")));
        }
        let runtime: RuntimeEnvironment = serde_json::from_value(Value::String(request.runtime_environment.clone()))
            .map_err(|_| {
                ApiError::invalid(format!("Unsupported runtime environment {}", request.runtime_environment))
            })?;
        let mut config = ApplicationConfigurationDescription {
            flink_application_configuration_description: Some(FlinkApplicationConfigurationDescription {
                checkpoint_configuration_description: Default::default(),
                monitoring_configuration_description: Default::default(),
                parallelism_configuration_description: Default::default(),
            }),
            application_snapshot_configuration_description: Some(ApplicationSnapshotConfigurationDescription {
                snapshots_enabled: false,
            }),
            ..Default::default()
        };
        if let Some(given) = &request.application_configuration {
            apply_configuration(&mut config, given)?;
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
            cloud_watch_logging_option_descriptions: vec![],
            application_maintenance_configuration_description: Some(ApplicationMaintenanceConfigurationDescription {
                application_maintenance_window_start_time: "22:00".into(),
                application_maintenance_window_end_time: "06:00".into(),
            }),
            application_version_updated_from: None,
            conditional_token: self.next_token(),
            application_mode: request.application_mode.unwrap_or(ApplicationMode::Streaming),
        };
        self.apps
            .insert(name, Application { detail: detail.clone(), versions: vec![detail.clone()], transition: None });
        Ok(detail)
    }
}

impl Application {
    fn begin(&mut self, during: ApplicationStatus, then: ApplicationStatus, now: f64) {
        self.detail.application_status = during;
        self.transition = Some((now + TRANSITION_SECONDS, then));
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

    fn new_version(&mut self, token: String, now: f64) {
        self.detail.application_version_updated_from = Some(self.detail.application_version_id);
        self.detail.application_version_id += 1;
        self.detail.conditional_token = token;
        self.detail.last_update_timestamp = now.floor();
        self.versions.push(self.detail.clone());
    }
}

fn in_use(detail: &ApplicationDetail) -> ApiError {
    let status = serde_json::to_value(detail.application_status).ok().and_then(|v| v.as_str().map(str::to_string));
    ApiError::new(
        "ResourceInUseException",
        format!("Application {} is in {} state", detail.application_name, status.unwrap_or_default()),
    )
}

/// Applies `ApplicationConfiguration` (Flink checkpoint, parallelism, monitoring; SQL code as
/// text) to a description, with AWS's checks.
fn apply_configuration(config: &mut ApplicationConfigurationDescription, given: &Value) -> ApiResult<()> {
    if let Some(code) = given.pointer("/ApplicationCodeConfiguration/CodeContent/TextContent").and_then(Value::as_str) {
        if code.len() > MAX_CODE_BYTES {
            return Err(ApiError::invalid(format!(
                "TextContent is {} bytes; at most {MAX_CODE_BYTES} are allowed",
                code.len()
            )));
        }
        config.application_code_configuration_description = Some(ApplicationCodeConfigurationDescription {
            code_content_type: CodeContentType::Plaintext,
            code_content_description: Some(CodeContentDescription {
                text_content: Some(code.to_string()),
                code_size: Some(code.len() as u64),
                ..Default::default()
            }),
        });
    }
    let flink = config.flink_application_configuration_description.get_or_insert_with(|| {
        FlinkApplicationConfigurationDescription {
            checkpoint_configuration_description: Default::default(),
            monitoring_configuration_description: Default::default(),
            parallelism_configuration_description: Default::default(),
        }
    });
    if let Some(checkpoint) = given.pointer("/FlinkApplicationConfiguration/CheckpointConfiguration") {
        let c = &mut flink.checkpoint_configuration_description;
        c.configuration_type = configuration_type(checkpoint)?;
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
        p.configuration_type = configuration_type(parallelism)?;
        if let Some(n) = parallelism.get("Parallelism").and_then(Value::as_u64) {
            if !(1..=256).contains(&n) {
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
    if let Some(monitoring) = given.pointer("/FlinkApplicationConfiguration/MonitoringConfiguration") {
        let m = &mut flink.monitoring_configuration_description;
        m.configuration_type = configuration_type(monitoring)?;
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

fn configuration_type(config: &Value) -> ApiResult<ConfigurationType> {
    match config.get("ConfigurationType") {
        Some(t) => {
            serde_json::from_value(t.clone()).map_err(|_| ApiError::invalid(format!("Invalid ConfigurationType {t}")))
        }
        None => Err(ApiError::invalid("ConfigurationType is required")),
    }
}
