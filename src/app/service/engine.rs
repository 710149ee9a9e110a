//! A running application's engine: what it starts with (its SQL and its inputs), how it
//! starts and restores, how its clock follows the simulation's (delivering output, sampling
//! metrics, taking checkpoints), and how it stops.

use super::*;

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
pub(super) struct Engine {
    pub(super) runtime: crate::runtime::Runtime,
    /// The simulation's time and the virtual time when it started.
    pub(super) started: (f64, i64),
    /// When checkpoints are due (`CheckpointConfiguration`); `None` when checkpointing is off.
    pub(super) schedule: Option<crate::runtime::CheckpointSchedule>,
    /// Checkpoints taken in this run, and the last one's duration (ms) and size (bytes).
    pub(super) checkpoints: u64,
    pub(super) last_checkpoint: (f64, u64),
    /// The runtime's counts at the last metrics sample, and when it was taken.
    pub(super) counted: crate::runtime::Metrics,
    /// Each operator's rows in and out at the last sample (see [`crate::app::monitor::parts`]).
    pub(super) counted_operators: Vec<(u64, u64)>,
    pub(super) sampled: f64,
}

/// Why an engine did not start. `Invalid`: its configuration is wrong (the code does not
/// compile, an input cannot be bound), which the operation asking for the start finds and
/// fails with. `Restore`: the saved state does not fit the code (a pump changed, without
/// `AllowNonRestoredState`), which Flink finds only as the job starts: an update that meets it
/// is accepted and fails afterwards, rolled back by the system when that is enabled.
pub(super) enum StartFailure {
    Invalid(ApiError),
    Restore(ApiError),
}

impl StartFailure {
    pub(super) fn error(&self) -> &ApiError {
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
pub(super) enum Restore {
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
pub(super) const CHECKPOINT_PREFIX: &str = "chk-";

/// Seconds of metrics a running engine catches up on after the control plane paused.
pub(super) const METRICS_CATCH_UP_SECONDS: i64 = 600;

/// The latest `chk-N` checkpoint in `state`.
pub(super) fn latest_checkpoint(state: &dyn crate::state::StateBackend) -> Option<String> {
    let ids = state.checkpoints().ok()?;
    ids.into_iter()
        .filter_map(|id| Some((id.strip_prefix(CHECKPOINT_PREFIX)?.parse::<u64>().ok()?, id)))
        .max()
        .map(|(_, id)| id)
}

/// The wall clock in milliseconds, to time checkpoints by.
pub(super) fn now_ms() -> f64 {
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
pub(super) const ENGINE_START: i64 = crate::source::DEFAULT_START;

/// A job plan in the shape of Flink's REST API (`/jobs/:id/plan`), which KDA returns as
/// `JobPlanDescription`: a node per in-application stream a pump reads or writes (a source or
/// a sink) and per operator, each fed by the nodes of its inputs, keyed operators by a hash.
pub(super) fn job_plan(name: &str, parallelism: u32, flows: &[crate::exec::PumpFlow]) -> String {
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

impl Application {
    /// `ExportApplicationToFlink`: the current version's code, over the inputs its engine would
    /// start with, as a Managed Service for Apache Flink `CreateApplication` request.
    pub(super) fn flink_request(&self, approximate: bool, objects: &Objects) -> ApiResult<Value> {
        let config = self.detail.application_configuration_description.clone().unwrap_or_default();
        let Some((code, statements)) = self.sql_code(&config)? else {
            return Err(ApiError::new("InvalidApplicationConfigurationException", "The application has no SQL code"));
        };
        let bindings = self.engine_inputs(&config, &statements, objects)?;
        let start = self.driver.as_ref().map_or(ENGINE_START, |d| d.start);
        crate::app::flink::create_application_request(&self.detail, &code, bindings, start, approximate)
    }

    /// The application's SQL, when it has code (text, a zip file's `.sql` files or an S3
    /// object), and its statements.
    pub(super) fn sql_code(
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
    pub(super) fn engine_inputs(
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
    pub(super) fn start_engine(
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
    pub(super) fn run_engine(&mut self, now: f64) {
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

    /// A running application's engine on its new configuration (after an update or a
    /// rollback): it stops (with a snapshot, when snapshots are enabled) and starts as its
    /// run configuration says. If it cannot start, the engine stays stopped: see
    /// [`Application::fall_back`].
    pub(super) fn rerun(&mut self, now: f64, objects: &Objects, restore: Restore) -> Result<(), StartFailure> {
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
    pub(super) fn fall_back(
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

    /// Stops the engine, keeping its state (and snapshots) for the next start.
    pub(super) fn stop_engine(&mut self, now: f64) {
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
}
