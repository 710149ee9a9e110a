//! The driver: a virtual clock, the sources bound to input streams, and the pumps.
//!
//! Time is the runtime's own: [`Runtime::advance_to`] moves the virtual clock and pulls every
//! row that has arrived by then; [`Runtime::run_to_end`] reads finite inputs as fast as possible
//! and then flushes every open window. Rows written to in-application streams (pump targets and
//! `error_stream`) are collected as [`OutputBatch`]es for the caller to drain.

mod bind;
pub mod export;

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, StringArray, TimestampMillisecondArray};

use crate::error::{Error, Result};
use crate::exec::{Context, FailedRow, LateRow, PumpExec, Signal};
use crate::plan::{ApplicationPlan, ColumnDef, SqlType, StreamDef, StreamKind, EXPLAIN_STREAM, WATERMARK_COLUMN};
use crate::source::{BadRow, Source};
use crate::state::{MemoryBackend, StateBackend};

pub use bind::{build, build_with_state, InputBinding, InputSource};

/// The in-application stream that collects rows that could not be processed, as KDA names it.
pub const ERROR_STREAM: &str = "error_stream";

/// KDA's `error_stream` columns.
pub fn error_stream_def() -> StreamDef {
    let varchar = || SqlType::Varchar(None);
    StreamDef::new(
        ERROR_STREAM,
        vec![
            ColumnDef { name: "ERROR_TIME".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "ERROR_LEVEL".into(), sql_type: varchar() },
            ColumnDef { name: "ERROR_NAME".into(), sql_type: varchar() },
            ColumnDef { name: "MESSAGE".into(), sql_type: varchar() },
            ColumnDef { name: "DATA_ROWTIME".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "DATA_ROW".into(), sql_type: varchar() },
            ColumnDef { name: "PUMP_NAME".into(), sql_type: varchar() },
        ],
    )
}

/// The late lane: rows left out of every window they belong to because those windows had
/// already fired, with the window they missed and the watermark they met.
pub const LATE_STREAM: &str = "late_stream";

pub fn late_stream_def() -> StreamDef {
    StreamDef::new(
        LATE_STREAM,
        vec![
            ColumnDef { name: "PUMP_NAME".into(), sql_type: SqlType::Varchar(None) },
            ColumnDef { name: "EVENT_TIME".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "WATERMARK".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "WINDOW_START".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "WINDOW_END".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "REASON".into(), sql_type: SqlType::Varchar(None) },
            ColumnDef { name: "DATA_ROW".into(), sql_type: SqlType::Varchar(None) },
        ],
    )
}

/// Where `EXPLAIN` puts its plan: one line of text per row.
pub fn explain_stream_def() -> StreamDef {
    StreamDef::flink(EXPLAIN_STREAM, vec![ColumnDef { name: "PLAN".into(), sql_type: SqlType::Varchar(None) }], None)
}

/// Rows written to one in-application stream.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputBatch {
    pub stream: String,
    pub batch: RecordBatch,
}

/// Counts the page and the CLI show.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Metrics {
    /// Records read from inputs: rows, and records that could not become rows.
    pub records_read: u64,
    /// Rows that entered input streams.
    pub rows_in: u64,
    pub rows_out: u64,
    pub rows_in_error: u64,
    pub rows_late: u64,
}

/// An error row before it becomes part of an `error_stream` batch.
struct ErrorRow {
    name: &'static str,
    message: String,
    data_rowtime: Option<i64>,
    data_row: String,
    pump: Option<String>,
}

/// Rows pulled from a source per poll: bounds the work of one step.
const POLL_ROWS: usize = 4096;

/// How far [`Runtime::run_to_end`] moves the clock per step when generators set the pace.
const RUN_STEP_MS: i64 = 60_000;

/// Where a checkpoint keeps the application's state besides the operators' backend state: a
/// key no operator's namespace can start with (`StateTable` keys begin with a length).
const CHECKPOINT_KEY: &[u8] = b"\xffkdalite/checkpoint";

/// What a checkpoint holds besides the backend's own keys.
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedRuntime {
    now: i64,
    last_rowtime: Vec<(String, i64)>,
    max_event_time: Vec<(String, i64)>,
    closed: bool,
    metrics: Metrics,
    pumps: Vec<SavedPump>,
    /// Per input stream, its source's position.
    sources: Vec<(String, Vec<u8>)>,
    extra: Vec<u8>,
    /// Per pump, where its operators' inputs are in time.
    progress: Vec<(String, Vec<crate::exec::NodeProgress>)>,
}

/// What `DescribeApplicationSnapshot` tells of a snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotInfo {
    pub name: String,
    /// The virtual time it was taken at.
    pub clock: i64,
    /// Its size, exported.
    pub bytes: usize,
}

/// A pump in a checkpoint: its name, its query (the plan's text: what identifies its
/// operators), and how many operators it has. Each operator's bytes are a key of their own,
/// in the operator's namespace ([`operator_key`]): its own column family in RocksDB.
type SavedPump = (String, String, usize);

/// Where a checkpoint keeps the bytes of operator `index` of pump `pump`.
fn operator_key(pump: &str, index: usize) -> Vec<u8> {
    crate::state::table_key(&format!("{pump}/{index}/saved"), b"")
}

/// How deep pumps may feed pumps before the runtime refuses (a cycle).
const MAX_PUMP_DEPTH: usize = 32;

/// When checkpoints are due, on the virtual clock, as KDA's `CheckpointConfiguration` sets
/// them: every `interval` ms (`CheckpointInterval`, 60000 by default), and never less than
/// `min_pause` ms after the last one (`MinPauseBetweenCheckpoints`, 5000 by default).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckpointSchedule {
    pub interval: i64,
    pub min_pause: i64,
    last: Option<i64>,
}

impl Default for CheckpointSchedule {
    fn default() -> Self {
        CheckpointSchedule { interval: 60_000, min_pause: 5_000, last: None }
    }
}

impl CheckpointSchedule {
    pub fn new(interval: i64, min_pause: i64) -> CheckpointSchedule {
        CheckpointSchedule { interval, min_pause, last: None }
    }

    /// Counts time from `now` (a run's start, or the checkpoint it restored).
    pub fn start_at(&mut self, now: i64) {
        self.last = Some(now);
    }

    /// Whether a checkpoint is due at `now`; if so, it counts as taken.
    pub fn due(&mut self, now: i64) -> bool {
        let last = *self.last.get_or_insert(now);
        let due = now - last >= self.interval.max(self.min_pause);
        if due {
            self.last = Some(now);
        }
        due
    }
}

pub struct Runtime {
    plan: ApplicationPlan,
    pumps: Vec<PumpExec>,
    sources: Vec<(String, Box<dyn Source>)>,
    state: Box<dyn StateBackend>,
    now: i64,
    /// Highest ROWTIME seen per input stream: ROWTIME never goes backwards.
    last_rowtime: HashMap<String, i64>,
    /// Largest event time seen per stream with a WATERMARK declaration.
    max_event_time: HashMap<String, i64>,
    output: Vec<OutputBatch>,
    metrics: Metrics,
    closed: bool,
    /// Also record the rows of input streams, for the page's source preview.
    capture_inputs: bool,
}

impl Runtime {
    /// A runtime for `plan` with a source for every input stream, starting at virtual time `start`.
    pub fn new(plan: ApplicationPlan, sources: Vec<(String, Box<dyn Source>)>, start: i64) -> Result<Runtime> {
        Self::with_state(plan, sources, start, Box::new(MemoryBackend::default()))
    }

    pub fn with_state(
        plan: ApplicationPlan,
        sources: Vec<(String, Box<dyn Source>)>,
        start: i64,
        state: Box<dyn StateBackend>,
    ) -> Result<Runtime> {
        let mut sources = sources;
        // A VALUES relation's rows: an input the runtime feeds itself, as it starts.
        for stream in &plan.streams {
            if let Some(rows) = stream.values.as_ref().filter(|_| !sources.iter().any(|(n, _)| n == &stream.name)) {
                let source = crate::source::values::Values::new(stream.schema.clone(), rows.clone(), start);
                sources.push((stream.name.clone(), Box::new(source)));
            }
        }
        for input in plan.input_streams() {
            let read = plan.pumps.iter().any(|p| p.plan.reads(&input.name));
            if read && !sources.iter().any(|(name, _)| name == &input.name) {
                return Err(Error::Input(format!(
                    "stream \"{}\" is read by the application but has no input; bind one (for example --input {}=FILE.csv)",
                    input.name, input.name
                )));
            }
        }
        let pumps = plan.pumps.iter().map(PumpExec::new).collect::<Result<Vec<_>>>()?;
        let mut output = Vec::new();
        if !plan.explains.is_empty() {
            let texts = plan.explains.iter().map(crate::exec::explain).collect::<Result<Vec<_>>>()?;
            let lines: Vec<String> = texts.iter().flat_map(|e| e.lines().map(str::to_string)).collect();
            let def = explain_stream_def();
            let batch = RecordBatch::try_new(
                Arc::new(arrow_schema::Schema::new(vec![def.schema.field(1).clone()])),
                vec![Arc::new(StringArray::from(lines)) as ArrayRef],
            )?;
            output.push(OutputBatch { stream: EXPLAIN_STREAM.to_string(), batch });
        }
        Ok(Runtime {
            plan,
            pumps,
            sources,
            state,
            now: start,
            last_rowtime: HashMap::new(),
            max_event_time: HashMap::new(),
            output,
            metrics: Metrics::default(),
            closed: false,
            capture_inputs: false,
        })
    }

    /// Sends records an input could not read to `error_stream` (a reference table's, read
    /// before the application starts).
    pub fn report_bad_rows(&mut self, table: &str, rows: Vec<BadRow>) -> Result<()> {
        self.reject(rows.into_iter().map(|b| bad_input_row(b, &format!("reference table \"{table}\""))).collect())
    }

    /// Records input rows too, as output of their own stream (the page shows them).
    pub fn capture_inputs(&mut self, on: bool) {
        self.capture_inputs = on;
    }

    /// The virtual clock, in epoch milliseconds.
    pub fn now(&self) -> i64 {
        self.now
    }

    pub fn plan(&self) -> &ApplicationPlan {
        &self.plan
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Number of state entries (open window groups, …) held right now.
    pub fn state_size(&self) -> usize {
        // A write-through backend holds the typed tables' entries too.
        if self.state.write_through() {
            return self.state.len();
        }
        self.state.len() + self.pumps.iter().map(PumpExec::state_entries).sum::<usize>()
    }

    /// The streams a user sees results in: every pump target, then `error_stream` and the
    /// late lane.
    pub fn output_streams(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for pump in &self.plan.pumps {
            if !names.contains(&pump.target) && !self.plan.stream(&pump.target).is_some_and(|s| s.view) {
                names.push(pump.target.clone());
            }
        }
        names.push(ERROR_STREAM.to_string());
        names.push(LATE_STREAM.to_string());
        if !self.plan.explains.is_empty() {
            names.insert(0, EXPLAIN_STREAM.to_string());
        }
        names
    }

    /// The definition of any stream a user can see, system streams included.
    pub fn stream_def(&self, name: &str) -> Option<StreamDef> {
        match name {
            ERROR_STREAM => Some(error_stream_def()),
            LATE_STREAM => Some(late_stream_def()),
            EXPLAIN_STREAM => Some(explain_stream_def()),
            _ => self.plan.stream(name).cloned(),
        }
    }

    /// The columns a user sees for `name`: Flink tables hide `ROWTIME`.
    pub fn visible_columns(&self, name: &str) -> Vec<String> {
        let Some(def) = self.stream_def(name) else { return vec![] };
        let skip = usize::from(def.kind != StreamKind::Kda);
        def.schema.fields().iter().skip(skip).map(|f| f.name().clone()).collect()
    }

    /// Each pump's operators with their rows in and out, state and open windows, and its
    /// latest watermark.
    pub fn dataflow(&self) -> Vec<crate::exec::PumpFlow> {
        self.pumps.iter().map(|p| self.with_changelog(p.flow(true))).collect()
    }

    /// [`Runtime::dataflow`] without the open windows: the counts alone, cheap to take.
    pub fn dataflow_counts(&self) -> Vec<crate::exec::PumpFlow> {
        self.pumps.iter().map(|p| self.with_changelog(p.flow(false))).collect()
    }

    fn with_changelog(&self, mut flow: crate::exec::PumpFlow) -> crate::exec::PumpFlow {
        flow.changelog = self.plan.stream(&flow.target).map_or("", |s| s.changelog_mode()).to_string();
        flow
    }

    /// The columns of an upsert stream's primary key (a table with `PRIMARY KEY` that receives
    /// an updating result), by name; empty for any other stream.
    pub fn upsert_key(&self, stream: &str) -> Vec<String> {
        let Some(def) = self.plan.stream(stream).filter(|s| s.updating) else { return vec![] };
        def.primary_key.iter().map(|&i| def.schema.field(i).name().clone()).collect()
    }

    /// Takes the rows written since the last call.
    pub fn drain_output(&mut self) -> Vec<OutputBatch> {
        std::mem::take(&mut self.output)
    }

    /// Moves the virtual clock to `t` and processes every row that has arrived by then. The
    /// inputs' rows are taken in ROWTIME order across inputs (a source's rows before another's
    /// of the same ROWTIME when it is bound first), as they would arrive, so that operators
    /// reading several streams see them interleaved.
    pub fn advance_to(&mut self, t: i64) -> Result<()> {
        self.now = self.now.max(t);
        // Each input's polled rows not yet taken: the batch and the first row left.
        let mut heads: Vec<Option<(RecordBatch, usize)>> = vec![None; self.sources.len()];
        let mut drained = vec![false; self.sources.len()];
        loop {
            for i in 0..self.sources.len() {
                if heads[i].is_none() && !drained[i] {
                    match self.poll(i)? {
                        Some(batch) => heads[i] = Some((batch, 0)),
                        None => drained[i] = true,
                    }
                }
            }
            // The input with the earliest next row, and the earliest next row of the others.
            let next = |h: &Option<(RecordBatch, usize)>| {
                h.as_ref().map(|(b, at)| b.column(0).as_primitive::<TimestampMillisecondType>().value(*at))
            };
            let earliest =
                heads.iter().enumerate().filter_map(|(i, h)| next(h).map(|t| (i, t))).min_by_key(|(i, t)| (*t, *i));
            let Some((first, _)) = earliest else { break };
            let bound = heads
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != first)
                .filter_map(|(i, h)| next(h).map(|t| (t, i)))
                .min();
            let Some((batch, offset)) = heads[first].take() else { break };
            let times = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
            // Rows up to the others' next (through it when this input comes first on ties).
            let end = match bound {
                None => batch.num_rows(),
                Some((limit, other)) => (offset..batch.num_rows())
                    .find(|&r| times.value(r) > limit || (times.value(r) == limit && other < first))
                    .unwrap_or(batch.num_rows()),
            };
            let end = end.max(offset + 1).min(batch.num_rows());
            let stream = self.sources[first].0.clone();
            self.ingest(&stream, batch.slice(offset, end - offset))?;
            if end < batch.num_rows() {
                heads[first] = Some((batch, end));
            }
        }
        if !self.closed && self.sources.iter().all(|(_, s)| s.is_exhausted()) {
            self.close()?;
        }
        // A write-through backend holds the state as of the end of each step.
        for pump in &mut self.pumps {
            pump.flush(self.state.as_mut())?;
        }
        Ok(())
    }

    /// The next batch input `i` has for the clock, its unreadable records sent to
    /// `error_stream`; `None` when it has no more by now.
    fn poll(&mut self, i: usize) -> Result<Option<RecordBatch>> {
        loop {
            let polled = self.sources[i].1.poll(self.now, POLL_ROWS)?;
            let input = format!("stream \"{}\"", self.sources[i].0);
            let rows = polled.batch.as_ref().map_or(0, |b| b.num_rows());
            self.metrics.records_read += (rows + polled.bad_rows.len()) as u64;
            let had_bad = !polled.bad_rows.is_empty();
            self.reject(polled.bad_rows.into_iter().map(|b| bad_input_row(b, &input)).collect())?;
            match polled.batch {
                Some(batch) if batch.num_rows() > 0 => return Ok(Some(batch)),
                None if had_bad => continue,
                _ => return Ok(None),
            }
        }
    }

    /// When the next input row arrives, if the inputs can tell (generators can).
    pub fn next_arrival(&self) -> Option<i64> {
        self.sources.iter().filter_map(|(_, s)| s.next_arrival()).min()
    }

    /// Reads every input to its end as fast as possible, handing output to `sink` as it is
    /// produced, then flushes all open windows. Generators jump the clock from row to row; an
    /// unbounded generator makes this run until `sink` fails.
    pub fn run_to_end(&mut self, mut sink: impl FnMut(Vec<OutputBatch>) -> Result<()>) -> Result<()> {
        while !self.closed {
            let output = self.run_step(RUN_STEP_MS)?;
            sink(output)?;
        }
        Ok(())
    }

    /// One step of [`Runtime::run_to_end`]: the clock moves `step` ms, or on to the next
    /// arrival when that is later; returns what the step wrote.
    pub fn run_step(&mut self, step: i64) -> Result<Vec<OutputBatch>> {
        let target = self.next_arrival().map_or(self.now, |t| t.max(self.now.saturating_add(step)));
        self.advance_to(target)?;
        Ok(self.drain_output())
    }

    /// Every input has ended and every window has been flushed.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Takes a consistent checkpoint named `id`, between two steps: every operator's state,
    /// every input's position, the clock, and `extra` (what the caller has committed, such as
    /// how much of an output file), all written to the backend, which then checkpoints itself.
    pub fn checkpoint(&mut self, id: &str, extra: &[u8]) -> Result<()> {
        let mut writes = Vec::new();
        let mut pumps = Vec::with_capacity(self.pumps.len());
        for (pump, plan) in self.pumps.iter_mut().zip(&self.plan.pumps) {
            pump.flush(self.state.as_mut())?;
            let operators = pump.save()?;
            for (index, bytes) in operators.iter().enumerate() {
                let key = operator_key(&pump.name, index);
                writes.push(match bytes {
                    Some(bytes) => crate::state::WriteOp::Put(key, bytes.clone()),
                    None => crate::state::WriteOp::Delete(key),
                });
            }
            pumps.push((pump.name.clone(), plan.plan.to_string(), operators.len()));
        }
        let sources =
            self.sources.iter().map(|(s, source)| Ok((s.clone(), source.save()?))).collect::<Result<Vec<_>>>()?;
        let saved = SavedRuntime {
            now: self.now,
            last_rowtime: self.last_rowtime.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            max_event_time: self.max_event_time.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            closed: self.closed,
            metrics: self.metrics.clone(),
            pumps,
            sources,
            extra: extra.to_vec(),
            progress: self.pumps.iter().map(|p| (p.name.clone(), p.progress())).collect(),
        };
        writes.push(crate::state::WriteOp::Put(CHECKPOINT_KEY.to_vec(), crate::exec::encode(&saved)?));
        self.state.write(writes)?;
        self.state.checkpoint(id)
    }

    /// Whether every operator and input can be checkpointed (the first that cannot, if not).
    pub fn checkpointable(&self) -> Result<()> {
        for pump in &self.pumps {
            pump.save()?;
        }
        for (_, source) in &self.sources {
            source.save()?;
        }
        Ok(())
    }

    /// Restores checkpoint `id` into a runtime just built from application code (nothing run
    /// yet); returns the checkpoint's `extra`. A pump keeps its state when the checkpoint has
    /// state of a pump of the same name and the same query; a pump the checkpoint has none for
    /// starts empty. State of a pump the code no longer has, or whose query changed, fails the
    /// restore with the pump's name, unless `allow_non_restored` (KDA's
    /// `AllowNonRestoredState`), which drops it.
    pub fn restore(&mut self, id: &str, allow_non_restored: bool) -> Result<Vec<u8>> {
        // Check first, so that a refused restore leaves everything as it was.
        let bytes = match self.state.checkpoint_value(id, CHECKPOINT_KEY)? {
            Some(bytes) => bytes,
            None => return Err(Error::Input(format!("checkpoint \"{id}\" holds no application state"))),
        };
        let saved: SavedRuntime = crate::exec::decode(&bytes)?;
        let queries: Vec<(String, String)> =
            self.plan.pumps.iter().map(|p| (p.name.clone(), p.plan.to_string())).collect();
        let orphans: Vec<&String> = saved
            .pumps
            .iter()
            .filter(|(name, query, _)| !queries.iter().any(|(n, q)| n == name && q == query))
            .map(|(name, _, _)| name)
            .collect();
        if let (Some(orphan), false) = (orphans.first(), allow_non_restored) {
            return Err(Error::Input(format!(
                "checkpoint \"{id}\" holds state of pump \"{orphan}\", which the application no longer has or whose query changed; restore with AllowNonRestoredState to drop it"
            )));
        }
        self.state.restore(id)?;
        for orphan in orphans {
            crate::state::drop_tables(self.state.as_mut(), &format!("{orphan}/"))?;
        }
        for (pump, (name, query)) in self.pumps.iter_mut().zip(&queries) {
            if let Some((_, _, count)) = saved.pumps.iter().find(|(n, q, _)| n == name && q == query) {
                let operators =
                    (0..*count).map(|index| self.state.get(&operator_key(name, index))).collect::<Result<Vec<_>>>()?;
                pump.load(operators, self.state.as_mut())?;
                if let Some((_, progress)) = saved.progress.iter().find(|(n, _)| n == name) {
                    pump.restore_progress(progress.clone());
                }
            }
        }
        for (stream, source) in &mut self.sources {
            let Some((_, position)) = saved.sources.iter().find(|(name, _)| name == stream) else {
                return Err(Error::Input(format!("input \"{stream}\" has no position in checkpoint \"{id}\"")));
            };
            source.load(position)?;
        }
        self.now = saved.now;
        self.last_rowtime = saved.last_rowtime.into_iter().collect();
        self.max_event_time = saved.max_event_time.into_iter().collect();
        self.closed = saved.closed;
        self.metrics = saved.metrics;
        Ok(saved.extra)
    }

    /// The state backend, for a runtime built afresh to restore from (a restart, in tests).
    /// Puts the operators' state in `state` instead, for a runtime that has not run yet (its
    /// backend holds nothing): the one it was built with is dropped.
    pub fn use_state(&mut self, state: Box<dyn StateBackend>) {
        self.state = state;
    }

    pub fn into_state(self) -> Box<dyn StateBackend> {
        self.state
    }

    /// A named snapshot (KDA's `CreateApplicationSnapshot`): a checkpoint taken now, kept
    /// until deleted. Names are letters, digits, `-`, `_` and `.`.
    pub fn create_snapshot(&mut self, name: &str) -> Result<SnapshotInfo> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
            return Err(Error::Input(format!("\"{name}\" cannot name a snapshot (letters, digits, - _ . only)")));
        }
        if self.state.checkpoints()?.iter().any(|id| id == name) {
            return Err(Error::Input(format!("a snapshot named \"{name}\" exists already")));
        }
        self.checkpoint(name, b"")?;
        self.describe_snapshot(name)
    }

    /// Every snapshot and checkpoint, by name (`ListApplicationSnapshots`).
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        self.state.checkpoints()?.iter().map(|name| self.describe_snapshot(name)).collect()
    }

    /// A snapshot's name, the virtual time it was taken at and its size
    /// (`DescribeApplicationSnapshot`).
    pub fn describe_snapshot(&self, name: &str) -> Result<SnapshotInfo> {
        let bytes = self.state.export_checkpoint(name)?;
        let saved = self.state.checkpoint_value(name, CHECKPOINT_KEY)?;
        let clock = match saved {
            Some(saved) => crate::exec::decode::<SavedRuntime>(&saved)?.now,
            None => return Err(Error::Input(format!("\"{name}\" holds no application state"))),
        };
        Ok(SnapshotInfo { name: name.to_string(), clock, bytes: bytes.len() })
    }

    /// Deletes a snapshot (`DeleteApplicationSnapshot`); an error if there is none of that name.
    pub fn delete_snapshot(&mut self, name: &str) -> Result<()> {
        if !self.state.checkpoints()?.iter().any(|id| id == name) {
            return Err(Error::Input(format!("there is no snapshot named \"{name}\"")));
        }
        self.state.drop_checkpoint(name)
    }

    /// The ids of the checkpoints (snapshots included) the backend holds.
    pub fn checkpoint_ids(&self) -> Result<Vec<String>> {
        self.state.checkpoints()
    }

    /// Checkpoint `id` as portable bytes (see [`StateBackend::export_checkpoint`]).
    pub fn export_checkpoint(&self, id: &str) -> Result<Vec<u8>> {
        self.state.export_checkpoint(id)
    }

    /// Makes exported bytes checkpoint `id` of this runtime's backend, to restore.
    pub fn import_checkpoint(&mut self, id: &str, bytes: &[u8]) -> Result<()> {
        self.state.import_checkpoint(id, bytes)
    }

    /// The backend's checkpoints, oldest name first.
    pub fn checkpoints(&self) -> Result<Vec<String>> {
        self.state.checkpoints()
    }

    pub fn drop_checkpoint(&mut self, id: &str) -> Result<()> {
        self.state.drop_checkpoint(id)
    }

    /// End of input: every pump flushes its open windows.
    fn close(&mut self) -> Result<()> {
        self.closed = true;
        let inputs: Vec<String> = self.plan.input_streams().map(|s| s.name.clone()).collect();
        for stream in inputs {
            self.signal(&stream, Signal::Close, 0)?;
        }
        Ok(())
    }

    /// Adds a table's computed columns to a batch of its source columns.
    fn with_computed(&self, stream: &str, batch: RecordBatch) -> Result<RecordBatch> {
        let Some(def) = self.plan.stream(stream) else { return Ok(batch) };
        if def.computed.is_empty() {
            return Ok(batch);
        }
        let mut source = batch.columns().iter();
        let mut columns = Vec::with_capacity(def.schema.fields().len());
        for i in 0..def.schema.fields().len() {
            match def.computed.iter().find(|(at, _)| *at == i) {
                Some((_, expr)) => columns.push(crate::exec::expr::evaluate(expr, &batch)?),
                None => columns.push(
                    source.next().cloned().ok_or_else(|| Error::Internal("a source batch lacks a column".into()))?,
                ),
            }
        }
        Ok(RecordBatch::try_new(def.schema.clone(), columns)?)
    }

    /// Rows arriving on an input stream: ROWTIME must not go backwards.
    fn ingest(&mut self, stream: &str, batch: RecordBatch) -> Result<()> {
        let batch = match self.with_computed(stream, batch.clone()) {
            Ok(b) => b,
            Err(e @ Error::Internal(_)) => return Err(e),
            // A computed column failed on some row: keep the rows it computes for.
            Err(_) => {
                let (mut good, mut errors) = (Vec::new(), Vec::new());
                for row in 0..batch.num_rows() {
                    match self.with_computed(stream, batch.slice(row, 1)) {
                        Ok(b) => good.push(b),
                        Err(e) => errors.push(ErrorRow {
                            name: "EXECUTION_ERROR",
                            message: format!("stream \"{stream}\": a computed column failed: {e}"),
                            data_rowtime: Some(batch.column(0).as_primitive::<TimestampMillisecondType>().value(row)),
                            data_row: crate::output::row_text(&batch, row),
                            pump: None,
                        }),
                    }
                }
                self.reject(errors)?;
                let Some(def) = self.plan.stream(stream) else { return Ok(()) };
                arrow_select::concat::concat_batches(&def.schema, &good)?
            }
        };
        self.metrics.rows_in += batch.num_rows() as u64;
        let times = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
        let mut last = self.last_rowtime.get(stream).copied().unwrap_or(i64::MIN);
        let in_order = times.null_count() == 0
            && times.values().first().is_none_or(|&first| first >= last)
            && times.values().windows(2).all(|w| w[0] <= w[1]);
        if in_order {
            // The common case, checked without a row-by-row verdict.
            let last = times.values().last().copied().unwrap_or(last);
            self.last_rowtime.insert(stream.to_string(), last);
            return self.pass_on(stream, batch, last);
        }
        let mut keep = Vec::with_capacity(batch.num_rows());
        let mut errors = Vec::new();
        for (row, t) in times.iter().enumerate() {
            let t = t.unwrap_or(i64::MIN);
            if t >= last {
                last = t;
                keep.push(true);
            } else {
                keep.push(false);
                errors.push(ErrorRow {
                    name: "ROWTIME_OUT_OF_ORDER",
                    message: format!(
                        "ROWTIME {} is before the stream's previous ROWTIME {}; ROWTIME never goes backwards",
                        crate::plan::types::format_timestamp(t),
                        crate::plan::types::format_timestamp(last)
                    ),
                    data_rowtime: Some(t),
                    data_row: crate::output::row_text(&batch, row),
                    pump: None,
                });
            }
        }
        self.last_rowtime.insert(stream.to_string(), last);
        self.reject(errors)?;
        let batch = arrow_select::filter::filter_record_batch(&batch, &BooleanArray::from(keep))?;
        self.pass_on(stream, batch, last)
    }

    /// Ingested rows in ROWTIME order go to the pumps, then the stream's watermark.
    fn pass_on(&mut self, stream: &str, batch: RecordBatch, last_rowtime: i64) -> Result<()> {
        if batch.num_rows() > 0 {
            self.emit(stream, batch, 0)?;
            let watermark = self.watermark_of(stream).unwrap_or(last_rowtime);
            self.signal(stream, Signal::Watermark(watermark), 0)?;
        }
        Ok(())
    }

    /// The event-time watermark of a stream with a WATERMARK declaration.
    /// A view has none of its own: it passes on its query's.
    fn watermark_of(&self, stream: &str) -> Option<i64> {
        let def = self.plan.stream(stream).filter(|d| !d.view)?;
        let spec = def.watermark()?;
        Some(self.max_event_time.get(stream).map_or(i64::MIN, |max| max.saturating_sub(spec.delay_ms)))
    }

    /// For a stream with a WATERMARK declaration: appends the column that tells each row the
    /// watermark it meets (from the rows before it), and advances the stream's watermark.
    fn with_watermarks(&mut self, stream: &str, batch: RecordBatch) -> Result<RecordBatch> {
        let Some(def) = self.plan.stream(stream) else { return Ok(batch) };
        let Some(spec) = def.watermark() else { return Ok(batch) };
        if batch.num_columns() != def.schema.fields().len() {
            return Ok(batch);
        }
        let schema = def.batch_schema();
        let times = batch.column(spec.column).as_primitive::<TimestampMillisecondType>().clone();
        // Until the first event time there is no watermark: NULL for the rows before it.
        let known = self.max_event_time.get(stream).copied();
        let mut max = known.unwrap_or(i64::MIN);
        let mut watermarks = Vec::with_capacity(batch.num_rows());
        for (row, &t) in times.values().iter().enumerate() {
            watermarks.push(max.saturating_sub(spec.delay_ms));
            if times.is_valid(row) {
                max = max.max(t);
            }
        }
        let unknown_rows = match known {
            Some(_) => 0,
            None => times.nulls().map_or(0, |n| n.valid_indices().next().unwrap_or(n.len())) + 1,
        };
        let nulls = (unknown_rows > 0)
            .then(|| arrow_buffer::NullBuffer::from_iter((0..watermarks.len()).map(|row| row >= unknown_rows)));
        if known.is_some() || times.null_count() < times.len() {
            self.max_event_time.insert(stream.to_string(), max);
        }
        let mut columns = batch.columns().to_vec();
        columns.push(Arc::new(TimestampMillisecondArray::new(watermarks.into(), nulls)));
        Ok(RecordBatch::try_new(schema, columns)?)
    }

    /// What a user sees of a batch: Flink tables hide `ROWTIME` and the watermark column.
    fn visible(&self, stream: &str, batch: &RecordBatch) -> Result<RecordBatch> {
        let kda = self.plan.stream(stream).is_none_or(|d| d.kind == StreamKind::Kda);
        let keep: Vec<usize> = (0..batch.num_columns())
            .filter(|&i| (i != 0 || kda) && batch.schema().field(i).name() != WATERMARK_COLUMN)
            .collect();
        Ok(batch.project(&keep)?)
    }

    /// Rows written to `stream`: recorded if a user sees that stream, then pushed to every pump
    /// that reads it.
    fn emit(&mut self, stream: &str, batch: RecordBatch, depth: usize) -> Result<()> {
        if depth > MAX_PUMP_DEPTH {
            return Err(Error::Plan {
                message: format!("pumps feed each other in a cycle through \"{stream}\""),
                position: None,
            });
        }
        let batch = self.with_watermarks(stream, batch)?;
        // A view's rows are read by other queries, not shown as a result.
        let written =
            self.plan.pumps.iter().any(|p| p.target == stream) && !self.plan.stream(stream).is_some_and(|s| s.view);
        if written {
            self.metrics.rows_out += batch.num_rows() as u64;
        }
        if written || self.capture_inputs {
            let visible = self.visible(stream, &batch)?;
            self.output.push(OutputBatch { stream: stream.to_string(), batch: visible });
        }
        for i in 0..self.pumps.len() {
            if !self.pumps[i].reads(stream) {
                continue;
            }
            let mut ctx = Context::new(self.state.as_mut());
            let result = self.pumps[i].push(stream, batch.clone(), &mut ctx);
            let (late, failed) = (std::mem::take(&mut ctx.late), std::mem::take(&mut ctx.failed));
            self.late(i, late)?;
            self.failed(i, failed)?;
            self.route(i, result, Some(&batch), depth)?;
        }
        Ok(())
    }

    /// Writes rows a pump failed on to `error_stream`.
    fn failed(&mut self, pump: usize, rows: Vec<FailedRow>) -> Result<()> {
        let name = self.pumps[pump].name.clone();
        let errors = rows
            .into_iter()
            .map(|r| ErrorRow {
                name: "EXECUTION_ERROR",
                message: r.message,
                data_rowtime: r.rowtime,
                data_row: r.data_row,
                pump: Some(name.clone()),
            })
            .collect();
        self.reject(errors)
    }

    /// Writes rows a pump's windows left out to the late lane.
    fn late(&mut self, pump: usize, rows: Vec<LateRow>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.metrics.rows_late += rows.len() as u64;
        let n = rows.len();
        let name = self.pumps[pump].name.clone();
        let ts = |v: Vec<Option<i64>>| Arc::new(TimestampMillisecondArray::from(v)) as ArrayRef;
        let text = |v: Vec<Option<String>>| Arc::new(StringArray::from(v)) as ArrayRef;
        let columns = vec![
            ts(rows.iter().map(|r| Some(r.rowtime.unwrap_or(self.now))).collect()),
            text(vec![Some(name); n]),
            ts(rows.iter().map(|r| r.event_time).collect()),
            ts(rows.iter().map(|r| r.watermark).collect()),
            ts(rows.iter().map(|r| r.window.map(|w| w.0)).collect()),
            ts(rows.iter().map(|r| r.window.map(|w| w.1)).collect()),
            text(rows.iter().map(|r| Some(r.reason.to_string())).collect()),
            text(rows.iter().map(|r| Some(r.data_row.clone())).collect()),
        ];
        let batch = RecordBatch::try_new(late_stream_def().schema, columns)?;
        self.output.push(OutputBatch { stream: LATE_STREAM.to_string(), batch });
        Ok(())
    }

    /// A watermark or the end of input reaches `stream`: passed down every pump reading it.
    fn signal(&mut self, stream: &str, signal: Signal, depth: usize) -> Result<()> {
        if depth > MAX_PUMP_DEPTH {
            return Ok(());
        }
        for i in 0..self.pumps.len() {
            if !self.pumps[i].reads(stream) {
                continue;
            }
            let mut ctx = Context::new(self.state.as_mut());
            let result = self.pumps[i].signal(stream, signal, &mut ctx);
            let (late, failed) = (std::mem::take(&mut ctx.late), std::mem::take(&mut ctx.failed));
            self.late(i, late)?;
            self.failed(i, failed)?;
            self.route(i, result, None, depth)?;
            let target = self.pumps[i].target.clone();
            // The pump's own watermark (the smallest of its inputs'), or, for a table with its
            // own WATERMARK, the table's.
            let next = match (self.pumps[i].is_done(), self.pumps[i].watermark(), self.watermark_of(&target)) {
                (true, ..) => Signal::Close,
                (false, Some(_), Some(own)) => Signal::Watermark(own),
                (false, Some(wm), None) => Signal::Watermark(wm),
                (false, None, _) => continue,
            };
            self.signal(&target, next, depth + 1)?;
        }
        Ok(())
    }

    /// Sends a pump's output on to its target; a pump that fails on a batch puts the failure in
    /// `error_stream` and the application carries on.
    fn route(
        &mut self,
        pump: usize,
        result: Result<Vec<RecordBatch>>,
        input: Option<&RecordBatch>,
        depth: usize,
    ) -> Result<()> {
        let target = self.pumps[pump].target.clone();
        match result {
            Ok(batches) => {
                for b in batches {
                    self.emit(&target, b, depth + 1)?;
                }
                Ok(())
            }
            Err(e @ Error::Internal(_)) => Err(e),
            Err(e) => {
                let name = self.pumps[pump].name.clone();
                let error = |data_rowtime, data_row| ErrorRow {
                    name: "EXECUTION_ERROR",
                    message: e.to_string(),
                    data_rowtime,
                    data_row,
                    pump: Some(name.clone()),
                };
                let rows: Vec<ErrorRow> = match input {
                    Some(batch) => {
                        let times = batch.column(0).as_primitive::<TimestampMillisecondType>();
                        (0..batch.num_rows())
                            .map(|row| error(Some(times.value(row)), crate::output::row_text(batch, row)))
                            .collect()
                    }
                    None => vec![error(None, String::new())],
                };
                self.reject(rows)
            }
        }
    }

    /// Writes rows to `error_stream`.
    fn reject(&mut self, rows: Vec<ErrorRow>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.metrics.rows_in_error += rows.len() as u64;
        let now = self.now;
        let n = rows.len();
        let ts = |v: Vec<Option<i64>>| Arc::new(TimestampMillisecondArray::from(v)) as ArrayRef;
        let text = |v: Vec<Option<String>>| Arc::new(StringArray::from(v)) as ArrayRef;
        let columns = vec![
            ts(vec![Some(now); n]),
            ts(vec![Some(now); n]),
            text(vec![Some("ERROR".to_string()); n]),
            text(rows.iter().map(|r| Some(r.name.to_string())).collect()),
            text(rows.iter().map(|r| Some(r.message.clone())).collect()),
            ts(rows.iter().map(|r| r.data_rowtime).collect()),
            text(rows.iter().map(|r| Some(r.data_row.clone())).collect()),
            text(rows.iter().map(|r| r.pump.clone()).collect()),
        ];
        let batch = RecordBatch::try_new(error_stream_def().schema, columns)?;
        self.output.push(OutputBatch { stream: ERROR_STREAM.to_string(), batch });
        Ok(())
    }
}

/// True if `plan` scans `stream`.
/// A record an input could not read, from `input` (`stream "S"`, `reference table "T"`).
fn bad_input_row(bad: BadRow, input: &str) -> ErrorRow {
    ErrorRow {
        name: "PARSE_ERROR",
        message: format!("{input}: {}", bad.message),
        data_rowtime: bad.rowtime,
        data_row: bad.data,
        pump: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DEFAULT_START;

    #[test]
    fn checkpoints_come_every_interval_but_never_closer_than_the_minimum_pause() {
        let mut schedule = CheckpointSchedule::new(1_000, 5_000);
        schedule.start_at(0);
        let due: Vec<i64> = (1..=12).map(|s| s * 1_000).filter(|&t| schedule.due(t)).collect();
        assert_eq!(due, [5_000, 10_000]);
        let mut schedule = CheckpointSchedule::default();
        schedule.start_at(0);
        assert!(!schedule.due(59_999));
        assert!(schedule.due(60_000));
    }

    /// `code` built with `stream` fed by the generator `spec`.
    fn on_generator(code: &str, stream: &str, spec: &str) -> Runtime {
        let binding = InputBinding { stream: stream.into(), source: InputSource::Generator(spec.parse().unwrap()) };
        build(code, vec![binding], DEFAULT_START).unwrap()
    }

    #[test]
    fn state_size_counts_the_open_window_groups() {
        let code = "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N FROM SOURCE_SQL_STREAM_001 \
                    GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);";
        let mut rt = on_generator(code, "SOURCE_SQL_STREAM_001", "ticker:seed=1,rate=10");
        rt.advance_to(DEFAULT_START + 5_000).unwrap();
        let open = rt.state_size();
        assert!(open > 0 && open <= 26, "{open} open groups: one per ticker seen in the first window");
        rt.advance_to(DEFAULT_START + 10_000).unwrap();
        assert!(rt.drain_output().iter().any(|b| b.stream == "RESULT"), "the first window closed");
    }

    #[test]
    fn the_dataflow_counts_each_operators_rows_and_the_watermark() {
        let code = "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N FROM SOURCE_SQL_STREAM_001 WHERE PRICE > 50 \
                    GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);";
        let mut rt = on_generator(code, "SOURCE_SQL_STREAM_001", "ticker:seed=1,rate=10");
        rt.advance_to(DEFAULT_START + 60_000).unwrap();
        let written: usize =
            rt.drain_output().iter().filter(|b| b.stream == "RESULT").map(|b| b.batch.num_rows()).sum();
        let flow = rt.dataflow();
        assert_eq!(flow.len(), 1);
        let ops = &flow[0].operators;
        assert!(ops.len() >= 2, "{ops:?}");
        assert_eq!(ops[0].rows_in, rt.metrics().rows_in, "the first operator gets every input row");
        assert!(ops.iter().any(|o| o.rows_out < o.rows_in), "the filter and the window drop or fold rows: {ops:?}");
        for pair in ops.windows(2) {
            assert_eq!(pair[0].rows_out, pair[1].rows_in, "what one operator passes on, the next gets");
        }
        assert_eq!(ops.last().unwrap().rows_out, written as u64, "the last operator's rows are the pump's");
        assert!(ops.iter().any(|o| o.state_entries > 0), "the window holds its open groups");
        let windows: Vec<_> = ops.iter().flat_map(|o| o.windows.clone()).collect();
        assert!(!windows.is_empty(), "the window operator shows its open window");
        let watermark = flow[0].watermark.unwrap();
        for w in &windows {
            assert_eq!(w.end - w.start, 10_000, "{w:?}");
            assert!(w.end > watermark, "a window the watermark has passed has fired: {w:?}");
            assert!(w.groups > 0);
        }
        assert!(flow[0].watermark.is_some_and(|w| w > DEFAULT_START + 50_000));
    }

    /// A view passes on the watermark its rows carry: a window over it fires as the watermark
    /// passes, not only at the end of input (it waited for the end when the view's own
    /// watermark, never computed, stood still).
    #[test]
    fn a_window_over_a_view_fires_before_the_input_ends() {
        let code = "CREATE TABLE readings (DEVICE_ID STRING, TEMPERATURE DOUBLE, HUMIDITY DOUBLE, BATTERY DOUBLE, \
                    EVENT_TIME TIMESTAMP(3), WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);\n\
                    CREATE VIEW hot AS SELECT DEVICE_ID, EVENT_TIME FROM readings WHERE TEMPERATURE > 0;\n\
                    SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE hot, DESCRIPTOR(EVENT_TIME), \
                    INTERVAL '5' SECOND)) GROUP BY window_start, window_end;";
        let mut rt = on_generator(code, "readings", "sensors:seed=1,rate=10");
        rt.advance_to(DEFAULT_START + 60_000).unwrap();
        let windows: usize =
            rt.drain_output().iter().filter(|b| b.stream == "RESULT").map(|b| b.batch.num_rows()).sum();
        assert!(windows >= 10, "{windows} windows fired in a minute of 5-second windows");
    }

    #[test]
    fn hopping_and_session_windows_show_the_windows_they_hold_open() {
        let table = "CREATE TABLE readings (DEVICE_ID STRING, TEMPERATURE DOUBLE, HUMIDITY DOUBLE, BATTERY DOUBLE, \
                     EVENT_TIME TIMESTAMP(3), WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);";
        let hop =
            "SELECT window_start, window_end, COUNT(*) AS n FROM TABLE(HOP(TABLE readings, DESCRIPTOR(EVENT_TIME), \
                   INTERVAL '5' SECOND, INTERVAL '20' SECOND)) GROUP BY window_start, window_end;";
        let session = "SELECT DEVICE_ID, COUNT(*) AS n FROM TABLE(SESSION(TABLE readings PARTITION BY DEVICE_ID, \
                       DESCRIPTOR(EVENT_TIME), INTERVAL '30' SECOND)) GROUP BY DEVICE_ID, window_start, window_end;";
        for (query, size) in [(hop, Some(20_000)), (session, None)] {
            let mut rt = on_generator(&format!("{table}\n{query}"), "readings", "sensors:seed=1,rate=10");
            rt.advance_to(DEFAULT_START + 60_000).unwrap();
            let flow = rt.dataflow();
            let watermark = flow[0].watermark.unwrap();
            let windows: Vec<_> = flow[0].operators.iter().flat_map(|o| o.windows.clone()).collect();
            assert!(!windows.is_empty(), "{query}");
            for w in &windows {
                assert!(w.end > watermark && w.groups > 0, "{query}: {w:?} at watermark {watermark}");
                if let Some(size) = size {
                    assert_eq!((w.end - w.start, w.start % 5_000), (size, 0), "{w:?}");
                }
            }
            if size.is_some() {
                assert!(windows.len() >= 3, "hopping windows overlap: {windows:?}");
            }
        }
    }
}
