//! What an update changes: the application's configuration, piece by piece as
//! UpdateApplication's request names it, and the versions each change makes; the VPC and
//! logging operations, and tags.

use super::*;

/// A `VpcConfiguration` described, made at `version`: its id `VERSION.1` (an application has
/// at most one) and a VPC id of its own.
pub(super) fn vpc_description(vpc: &Value, version: u64) -> ApiResult<VpcConfigurationDescription> {
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

/// `VpcConfigurationUpdates` (of an update without its `Update` suffixes), by id.
pub(super) fn update_vpcs(vpcs: &mut [VpcConfigurationDescription], update: &Value) -> ApiResult<()> {
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
pub(super) fn updated_logging(
    options: &[CloudWatchLoggingOptionDescription],
    updates: Option<&Value>,
) -> ApiResult<Vec<CloudWatchLoggingOptionDescription>> {
    let mut options = options.to_vec();
    for change in updates.and_then(Value::as_array).into_iter().flatten() {
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
pub(super) fn log_stream(option: Option<&Value>) -> ApiResult<String> {
    option
        .and_then(|o| o.get("LogStreamARN"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| ApiError::invalid("CloudWatchLoggingOption.LogStreamARN is required"))
}

/// `existing` with `tags` (`[{"Key": …, "Value": …}]`) added, as AWS checks them: keys 1 to
/// 128 characters, values at most 256, at most 50 tags.
pub(super) fn with_tags(
    existing: &BTreeMap<String, String>,
    tags: Option<&Value>,
) -> ApiResult<BTreeMap<String, String>> {
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

/// `HH:MM` as minutes after midnight.
pub(super) fn parse_hh_mm(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.len() == 5).then_some(h * 60 + m)
}

/// An `…Update` request in the create request's shape: every key's `Update` suffix dropped
/// (`CheckpointIntervalUpdate` is `CheckpointInterval`; `EnvironmentPropertyUpdates` is
/// `EnvironmentProperties`), so both go through one set of checks.
pub(super) fn without_update_suffixes(v: &Value) -> Value {
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
pub(super) fn apply_configuration(
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

pub(super) fn configuration_type(config: &Value, update: bool) -> ApiResult<Option<ConfigurationType>> {
    match config.get("ConfigurationType") {
        Some(t) => serde_json::from_value(t.clone())
            .map(Some)
            .map_err(|_| ApiError::invalid(format!("Invalid ConfigurationType {t}"))),
        None if update => Ok(None),
        None => Err(ApiError::invalid("ConfigurationType is required")),
    }
}

impl Application {
    /// `RunConfigurationUpdate`: what the next start restores, and whether state no operator
    /// claims may be dropped.
    pub(super) fn update_run_configuration(&mut self, run: &Value) -> ApiResult<()> {
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
    pub(super) fn changeable(&self) -> ApiResult<()> {
        match self.detail.application_status {
            ApplicationStatus::Ready | ApplicationStatus::Running => Ok(()),
            _ => Err(in_use(&self.detail)),
        }
    }

    /// A new version made by an `Add…`/`Delete…` operation: a running application is
    /// UPDATING for a transition while it takes it, as with `UpdateApplication`.
    pub(super) fn reconfigured(&mut self, token: String, now: f64) {
        self.new_version(token, now);
        if self.detail.application_status == ApplicationStatus::Running {
            self.begin(ApplicationStatus::Updating, ApplicationStatus::Running, now);
        }
    }

    /// `RuntimeEnvironmentUpdate`: AWS upgrades a Flink application in place to a newer Flink
    /// runtime, and changes no other runtime (a SQL or Studio application keeps its own).
    pub(super) fn upgraded_runtime(&self, wanted: &Value) -> ApiResult<RuntimeEnvironment> {
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
    pub(super) fn run_configuration(&mut self) -> &mut RunConfigurationDescription {
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
    pub(super) fn logging_options(&self) -> Response {
        Response::Logging(CloudWatchLoggingOptionsResponse {
            application_arn: self.detail.application_arn.clone(),
            application_version_id: self.detail.application_version_id,
            cloud_watch_logging_option_descriptions: self.detail.cloud_watch_logging_option_descriptions.clone(),
            operation_id: None,
        })
    }

    /// The response of a change answered with the version it made.
    pub(super) fn version_response(&self) -> Response {
        Response::Version(VersionResponse {
            application_arn: self.detail.application_arn.clone(),
            application_version_id: self.detail.application_version_id,
            operation_id: None,
        })
    }

    /// A rollback's new version: `previous`'s configuration (already in place, its engine
    /// running) with its logging options, runtime and role, rolled back from the current
    /// version to `previous`, in the version history as in the description.
    pub(super) fn roll_back_to(&mut self, previous: &ApplicationDetail, token: String, now: f64) {
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

    pub(super) fn new_version(&mut self, token: String, now: f64) {
        self.detail.application_version_rolled_back_from = None;
        self.detail.application_version_rolled_back_to = None;
        self.detail.application_version_updated_from = Some(self.detail.application_version_id);
        self.detail.application_version_id += 1;
        self.detail.conditional_token = token;
        self.detail.last_update_timestamp = now.floor();
        self.versions.push(self.detail.clone());
    }
}

impl Applications {
    pub(super) fn add_vpc(&mut self, request: &AddApplicationVpcConfigurationRequest, now: f64) -> ApiResult<Response> {
        let vpc = request.vpc_configuration.clone().unwrap_or(Value::Null);
        let token = self.next_token();
        let app = self.app_mut(&request.application_name)?;
        app.changeable()?;
        app.check_version(&request.expected)?;
        let config = app.detail.application_configuration_description.get_or_insert_with(Default::default);
        if !config.vpc_configuration_descriptions.is_empty() {
            return Err(ApiError::invalid("Kinesis Analytics currently supports only 1 VPC configuration(s)"));
        }
        config.vpc_configuration_descriptions.push(vpc_description(&vpc, app.detail.application_version_id + 1)?);
        let vpc = config.vpc_configuration_descriptions[0].clone();
        app.reconfigured(token, now);
        Ok(Response::Vpc(AddApplicationVpcConfigurationResponse {
            application_arn: app.detail.application_arn.clone(),
            application_version_id: app.detail.application_version_id,
            vpc_configuration_description: vpc,
            operation_id: None,
        }))
    }

    pub(super) fn delete_vpc(
        &mut self,
        request: &DeleteApplicationVpcConfigurationRequest,
        now: f64,
    ) -> ApiResult<Response> {
        let id = &request.vpc_configuration_id;
        let token = self.next_token();
        let app = self.app_mut(&request.application_name)?;
        app.changeable()?;
        app.check_version(&request.expected)?;
        let config = app.detail.application_configuration_description.get_or_insert_with(Default::default);
        let before = config.vpc_configuration_descriptions.len();
        config.vpc_configuration_descriptions.retain(|v| &v.vpc_configuration_id != id);
        if config.vpc_configuration_descriptions.len() == before {
            return Err(ApiError::new("ResourceNotFoundException", format!("VPC configuration {id} not found")));
        }
        app.reconfigured(token, now);
        Ok(app.version_response())
    }

    pub(super) fn add_logging_option(
        &mut self,
        request: &AddApplicationCloudWatchLoggingOptionRequest,
        now: f64,
    ) -> ApiResult<Response> {
        let stream = log_stream(request.cloud_watch_logging_option.as_ref())?;
        let token = self.next_token();
        let app = self.app_mut(&request.application_name)?;
        app.changeable()?;
        app.check_version(&request.expected)?;
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

    pub(super) fn delete_logging_option(
        &mut self,
        request: &DeleteApplicationCloudWatchLoggingOptionRequest,
        now: f64,
    ) -> ApiResult<Response> {
        let id = &request.cloud_watch_logging_option_id;
        let token = self.next_token();
        let app = self.app_mut(&request.application_name)?;
        app.changeable()?;
        app.check_version(&request.expected)?;
        let options = &mut app.detail.cloud_watch_logging_option_descriptions;
        let before = options.len();
        options.retain(|o| &o.cloud_watch_logging_option_id != id);
        if options.len() == before {
            return Err(ApiError::new("ResourceNotFoundException", format!("Logging option {id} not found")));
        }
        app.reconfigured(token, now);
        Ok(app.logging_options())
    }

    /// The application whose ARN a tagging operation names.
    fn resource(&mut self, arn: &str) -> ApiResult<&mut Application> {
        let name = arn.rsplit('/').next().unwrap_or_default();
        self.apps
            .get_mut(name)
            .filter(|a| a.detail.application_arn == arn)
            .ok_or_else(|| ApiError::new("ResourceNotFoundException", format!("Resource {arn} not found")))
    }

    pub(super) fn tag_resource(&mut self, request: &TagResourceRequest) -> ApiResult<Response> {
        let app = self.resource(&request.resource_arn)?;
        app.tags = with_tags(&app.tags, request.tags.as_ref())?;
        Ok(empty())
    }

    pub(super) fn untag_resource(&mut self, request: &UntagResourceRequest) -> ApiResult<Response> {
        let app = self.resource(&request.resource_arn)?;
        for key in &request.tag_keys {
            app.tags.remove(key);
        }
        Ok(empty())
    }

    pub(super) fn list_tags(&mut self, request: &ResourceRequest) -> ApiResult<Response> {
        let app = self.resource(&request.resource_arn)?;
        let tags = app.tags.iter().map(|(key, value)| Tag { key: key.clone(), value: value.clone() }).collect();
        Ok(Response::Tags(ListTagsForResourceResponse { tags }))
    }
}
