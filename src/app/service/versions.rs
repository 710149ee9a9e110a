//! Versions: `UpdateApplication` makes one, `RollbackApplication` (or a system rollback after
//! an update that failed as it started) makes one with the previous version's configuration,
//! and each is listed and described as it was.

use super::*;

impl Applications {
    /// `UpdateApplication`: a new version of the configuration. A running application runs
    /// the new version from then on: it stops (with a snapshot, when snapshots are enabled)
    /// and starts again as its run configuration says. A new version that does not compile
    /// fails the update and the old version runs on; one whose saved state does not fit it
    /// is accepted and fails as it starts (see [`StartFailure`]): a system rollback follows
    /// when enabled, and the application is left READY otherwise.
    pub(super) fn update(
        &mut self,
        request: &UpdateApplicationRequest,
        objects: &Objects,
        now: f64,
    ) -> ApiResult<Response> {
        let (token, rollback_token) = (self.next_token(), self.next_token());
        let app = self.app_mut(&request.application_name)?;
        app.changeable()?;
        app.check_version(&request.expected)?;
        let previous = app.detail.clone();
        let before = previous.application_configuration_description.clone();
        let mut config = before.clone().unwrap_or_default();
        if let Some(update) = &request.application_configuration_update {
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
        let logging = updated_logging(
            &app.detail.cloud_watch_logging_option_descriptions,
            request.cloud_watch_logging_option_updates.as_ref(),
        )?;
        let runtime = match &request.runtime_environment_update {
            Some(wanted) => app.upgraded_runtime(wanted)?,
            None => app.detail.runtime_environment,
        };
        app.detail.application_configuration_description = Some(config);
        if let Some(run) = &request.run_configuration_update {
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
        if let Some(role) = &request.service_execution_role_update {
            app.detail.service_execution_role = Some(role.clone());
        }
        app.new_version(token, now);
        let Some(error) = failed else {
            if app.detail.application_status == ApplicationStatus::Running {
                app.begin(ApplicationStatus::Updating, ApplicationStatus::Running, now);
            }
            return Ok(detail(app.detail.clone()));
        };
        // The new version was accepted and failed as it started: the update fails once its
        // transition is over. AWS then rolls back to the version that ran, with its state,
        // when system rollback is enabled, and leaves the application READY otherwise.
        let updating = ApplicationDetail { application_status: ApplicationStatus::Updating, ..app.detail.clone() };
        let response = detail(updating);
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

    /// `RollbackApplication`: a new version with the previous one's configuration, its engine
    /// starting from the latest snapshot.
    pub(super) fn rollback(
        &mut self,
        request: &RollbackApplicationRequest,
        objects: &Objects,
        now: f64,
    ) -> ApiResult<Response> {
        let name = &request.application_name;
        let token = self.next_token();
        let app = self.app_mut(name)?;
        // As AWS has it: only a running (updating, scaling) application, and only
        // with a snapshot, whose state the previous version starts from.
        let status = app.detail.application_status;
        if !matches!(status, ApplicationStatus::Running | ApplicationStatus::Updating | ApplicationStatus::Autoscaling)
        {
            return Err(in_use(&app.detail));
        }
        app.check_version(&request.expected)?;
        if !app.snapshots.iter().any(|s| s.snapshot_status == SnapshotStatus::Ready) {
            return Err(ApiError::new(
                "InvalidRequestException",
                format!("Application {name} has no snapshot to roll back with"),
            ));
        }
        let Some(previous) = app.versions.iter().rev().nth(1).cloned() else {
            return Err(ApiError::invalid(format!("Application {name} has no earlier version to roll back to")));
        };
        let before = app.detail.application_configuration_description.clone();
        app.detail.application_configuration_description = previous.application_configuration_description.clone();
        if let Err(e) = app.rerun(now, objects, Restore::LatestSnapshot) {
            app.fall_back(now, objects, before, Restore::LatestSnapshot);
            return Err(e.into());
        }
        app.roll_back_to(&previous, token, now);
        app.begin(ApplicationStatus::RollingBack, ApplicationStatus::Running, now);
        Ok(detail(app.detail.clone()))
    }

    pub(super) fn list_versions(&self, request: &ListRequest) -> ApiResult<Response> {
        let app = self.app(&request.application_name)?;
        let summaries = app
            .versions
            .iter()
            .rev()
            .map(|v| ApplicationVersionSummary {
                application_version_id: v.application_version_id,
                application_status: v.application_status,
            })
            .collect();
        let (application_version_summaries, next_token) = page(summaries, &request.paging);
        Ok(Response::Versions(ListApplicationVersionsResponse { application_version_summaries, next_token }))
    }

    pub(super) fn describe_version(&self, request: &DescribeApplicationVersionRequest) -> ApiResult<Response> {
        let app = self.app(&request.application_name)?;
        let id = request.application_version_id.unwrap_or(0);
        let version = app.versions.iter().find(|v| v.application_version_id == id).ok_or_else(|| {
            ApiError::new(
                "ResourceNotFoundException",
                format!("Version {id} of application {} not found", app.detail.application_name),
            )
        })?;
        let application_version_detail = version.clone();
        Ok(Response::VersionDetail(DescribeApplicationVersionResponse { application_version_detail }))
    }
}

impl Application {
    pub(super) fn system_rollback_enabled(&self) -> bool {
        self.detail
            .application_configuration_description
            .as_ref()
            .and_then(|c| c.application_system_rollback_configuration_description.as_ref())
            .is_some_and(|r| r.rollback_enabled)
    }
}
