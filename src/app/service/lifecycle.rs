//! An application's life: created, started, stopped and deleted, its status moving through
//! STARTING, STOPPING, UPDATING, … over (virtual) time as [`Applications::tick`] finishes each
//! transition, and the daily maintenance window.

use super::*;

impl Applications {
    /// `CreateApplication`: a new application, READY, at version 1.
    pub(super) fn create(
        &mut self,
        request: CreateApplicationRequest,
        now: f64,
        objects: &Objects,
    ) -> ApiResult<ApplicationDetail> {
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

    /// `StartApplication`: the engine starts on the application's code, restoring what the
    /// request's (or else the application's) run configuration says.
    pub(super) fn start(
        &mut self,
        request: &StartApplicationRequest,
        objects: &Objects,
        now: f64,
    ) -> ApiResult<Response> {
        let app = self.app_mut(&request.application_name)?;
        if app.detail.application_status != ApplicationStatus::Ready {
            return Err(in_use(&app.detail));
        }
        // What to restore, and whether state may be left behind (a custom snapshot must exist);
        // a start that fails leaves the run configuration as it was.
        let before = app.detail.application_configuration_description.clone();
        let started = (|| {
            match &request.run_configuration {
                Some(run) => app.update_run_configuration(run)?,
                // A Flink application describes the run configuration it started with, as
                // DescribeApplication shows a running one in AWS (the seed's first response).
                None if app.detail.runtime_environment != RuntimeEnvironment::Sql1_0 => {
                    app.run_configuration();
                }
                None => {}
            }
            let runs = request.run_configuration.as_ref().and_then(|r| r.get("SqlRunConfigurations"));
            let position = app.starting_position(runs)?;
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
        Ok(empty())
    }

    /// `StopApplication`: the engine stops (with a snapshot when snapshots are enabled and
    /// the stop is not forced), and the application is READY after a transition.
    pub(super) fn stop(&mut self, request: &StopApplicationRequest, now: f64) -> ApiResult<Response> {
        let force = request.force.unwrap_or(false);
        let app = self.app_mut(&request.application_name)?;
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
        Ok(empty())
    }

    /// `DeleteApplication`: DELETING for a while, then gone (see [`Applications::tick`]).
    pub(super) fn delete(&mut self, request: &DeleteApplicationRequest, now: f64) -> ApiResult<Response> {
        let name = &request.application_name;
        let app = self.app_mut(name)?;
        app.changeable()?;
        if differs(request.create_timestamp, app.detail.create_timestamp) {
            return Err(ApiError::invalid(format!(
                "CreateTimestamp does not match application {name}'s ({})",
                app.detail.create_timestamp
            )));
        }
        app.stop_engine(now);
        app.begin(ApplicationStatus::Deleting, ApplicationStatus::Deleting, now);
        Ok(empty())
    }

    /// `UpdateApplicationMaintenanceConfiguration`: the daily window's start (it lasts 8 hours).
    pub(super) fn update_maintenance(
        &mut self,
        request: &UpdateApplicationMaintenanceConfigurationRequest,
    ) -> ApiResult<Response> {
        let start = (request.application_maintenance_configuration_update.as_ref())
            .and_then(|u| u.application_maintenance_window_start_time_update.as_deref())
            .ok_or_else(|| ApiError::invalid("ApplicationMaintenanceWindowStartTimeUpdate is required"))?;
        let minutes =
            parse_hh_mm(start).ok_or_else(|| ApiError::invalid(format!("{start} is not a time of day as HH:MM")))?;
        let end = (minutes + 8 * 60) % (24 * 60);
        let app = self.app_mut(&request.application_name)?;
        app.changeable()?;
        let window = ApplicationMaintenanceConfigurationDescription {
            application_maintenance_window_start_time: start.to_string(),
            application_maintenance_window_end_time: format!("{:02}:{:02}", end / 60, end % 60),
        };
        app.detail.application_maintenance_configuration_description = Some(window.clone());
        Ok(Response::Maintenance(UpdateApplicationMaintenanceConfigurationResponse {
            application_arn: app.detail.application_arn.clone(),
            application_maintenance_configuration_description: window,
        }))
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
                app.monitor.log(at, LogLevel::Info, format!("Application status: {}", spelled(status)));
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
}

impl Application {
    pub(super) fn begin(&mut self, during: ApplicationStatus, then: ApplicationStatus, now: f64) {
        self.detail.application_status = during;
        self.transition = Some((now + self.transition_seconds(), then));
        self.later.clear();
    }

    pub(super) fn transition_seconds(&self) -> f64 {
        self.driver.as_ref().map_or(TRANSITION_SECONDS, |d| d.transition_seconds)
    }

    /// When maintenance is due, if a window's start has come since the last look and the
    /// application runs: daily at `ApplicationMaintenanceWindowStartTime`, UTC.
    pub(super) fn maintenance_due(&mut self, now: f64) -> Option<f64> {
        let checked = self.maintenance_checked.replace(now)?;
        if self.detail.application_status != ApplicationStatus::Running || self.transition.is_some() {
            return None;
        }
        let window = self.detail.application_maintenance_configuration_description.as_ref()?;
        let start = f64::from(parse_hh_mm(&window.application_maintenance_window_start_time)? * 60);
        let latest = ((now - start) / 86_400.0).floor() * 86_400.0 + start;
        (latest > checked && latest <= now).then_some(latest)
    }

    /// `SqlRunConfigurations`, checked: each names an input of a SQL application, and all
    /// start at one position (kdalite restores an application whole), which is returned.
    pub(super) fn starting_position(&self, given: Option<&Value>) -> ApiResult<Option<InputStartingPosition>> {
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
    pub(super) fn started_at(&mut self, position: InputStartingPosition) {
        let config = self.detail.application_configuration_description.as_mut();
        for input in config
            .and_then(|c| c.sql_application_configuration_description.as_mut())
            .into_iter()
            .flat_map(|s| &mut s.input_descriptions)
        {
            input.input_starting_position_configuration.input_starting_position = position;
        }
    }
}
