//! Snapshots: taken by `CreateApplicationSnapshot` and as an application stops or is
//! updated (when snapshots are enabled), listed, described, deleted, and restored from.

use super::*;

impl Applications {
    /// `CreateApplicationSnapshot`: a snapshot of the running engine's state, CREATING for
    /// half a transition.
    pub(super) fn create_snapshot(&mut self, request: &SnapshotRequest, now: f64) -> ApiResult<Response> {
        let snapshot = &request.snapshot_name;
        let valid = (1..=256).contains(&snapshot.len())
            && snapshot.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !valid {
            return Err(ApiError::invalid(format!("Invalid snapshot name {snapshot}: [a-zA-Z0-9_.-]{{1,256}}")));
        }
        let app = self.app_mut(&request.application_name)?;
        if app.detail.application_status != ApplicationStatus::Running {
            return Err(in_use(&app.detail));
        }
        if app.snapshots.iter().any(|s| &s.snapshot_name == snapshot) {
            return Err(ApiError::new("ResourceInUseException", format!("Snapshot {snapshot} already exists")));
        }
        // A snapshot of the engine's state, when the engine runs the application.
        if let Some(engine) = &mut app.engine {
            let info = engine.runtime.create_snapshot(snapshot).map_err(|e| ApiError::invalid(e.to_string()))?;
            app.monitor.log(now, LogLevel::Info, format!("Created snapshot {snapshot} ({} bytes)", info.bytes));
        }
        app.snapshots.push(SnapshotDetails {
            snapshot_name: snapshot.clone(),
            snapshot_status: SnapshotStatus::Creating,
            application_version_id: app.detail.application_version_id,
            snapshot_creation_timestamp: now.floor(),
            runtime_environment: app.detail.runtime_environment,
            ready_at: now + app.transition_seconds() / 2.0,
        });
        Ok(empty())
    }

    pub(super) fn list_snapshots(&self, request: &ListRequest) -> ApiResult<Response> {
        let app = self.app(&request.application_name)?;
        let (snapshot_summaries, next_token) = page(app.snapshots.clone(), &request.paging);
        Ok(Response::Snapshots(ListApplicationSnapshotsResponse { snapshot_summaries, next_token }))
    }

    pub(super) fn describe_snapshot(&self, request: &SnapshotRequest) -> ApiResult<Response> {
        let app = self.app(&request.application_name)?;
        let snapshot_details = app.snapshot(&request.snapshot_name)?.clone();
        Ok(Response::Snapshot(DescribeApplicationSnapshotResponse { snapshot_details }))
    }

    /// `DeleteApplicationSnapshot`: the snapshot goes, and its state with it.
    pub(super) fn delete_snapshot(&mut self, request: &DeleteApplicationSnapshotRequest) -> ApiResult<Response> {
        let snapshot = &request.snapshot_name;
        let app = self.app_mut(&request.application_name)?;
        let created = app.snapshot(snapshot)?.snapshot_creation_timestamp;
        if differs(request.snapshot_creation_timestamp, created) {
            return Err(ApiError::invalid(format!(
                "SnapshotCreationTimestamp does not match snapshot {snapshot}'s ({created})"
            )));
        }
        app.snapshots.retain(|s| &s.snapshot_name != snapshot);
        let state = app.engine.as_mut().map(|e| e.runtime.delete_snapshot(snapshot));
        let kept = app.state.as_mut().map(|s| s.drop_checkpoint(snapshot));
        if let Some(Err(e)) = state.or(kept) {
            return Err(ApiError::invalid(e.to_string()));
        }
        Ok(empty())
    }
}

impl Application {
    pub(super) fn latest_snapshot(&self) -> Option<String> {
        self.snapshots
            .iter()
            .rev()
            .find(|s| s.snapshot_status == SnapshotStatus::Ready)
            .map(|s| s.snapshot_name.clone())
    }

    pub(super) fn snapshots_enabled(&self) -> bool {
        self.detail
            .application_configuration_description
            .as_ref()
            .and_then(|c| c.application_snapshot_configuration_description.as_ref())
            .is_some_and(|s| s.snapshots_enabled)
    }

    /// The snapshot KDA takes when an application with snapshots enabled stops (not forced)
    /// or is updated while it runs.
    pub(super) fn auto_snapshot(&mut self, now: f64, why: &str) {
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

    pub(super) fn snapshot(&self, name: &str) -> ApiResult<&SnapshotDetails> {
        self.snapshots.iter().find(|s| s.snapshot_name == name).ok_or_else(|| {
            ApiError::new(
                "ResourceNotFoundException",
                format!("Snapshot {name} of application {} not found", self.detail.application_name),
            )
        })
    }
}
