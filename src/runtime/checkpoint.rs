//! Checkpoints and snapshots: the application's state written to the backend and restored
//! from it, named snapshots, and when checkpoints are due.

use super::{Metrics, Runtime};
use crate::error::{Error, Result};
use crate::state::StateBackend;

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

impl Runtime {
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
            pumps.push((pump.name.clone(), state_identity(&plan.plan, pump), operators.len()));
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
        writes.push(crate::state::WriteOp::Put(CHECKPOINT_KEY.to_vec(), crate::state::encode(&saved)?));
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
        let saved: SavedRuntime = crate::state::decode(&bytes)?;
        let queries: Vec<(String, String)> = self
            .plan
            .pumps
            .iter()
            .zip(&self.pumps)
            .map(|(p, exec)| (p.name.clone(), state_identity(&p.plan, exec)))
            .collect();
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
            Some(saved) => crate::state::decode::<SavedRuntime>(&saved)?.now,
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
}

/// What a pump's state in a checkpoint must match to be restored: its query, and how its
/// operators lay out what the query leaves open (a join keeping only some columns). A
/// checkpoint of another layout is refused as one of another query.
fn state_identity(plan: &crate::plan::LogicalPlan, pump: &crate::exec::PumpExec) -> String {
    match pump.state_layout() {
        layout if layout.is_empty() => plan.to_string(),
        layout => format!("{plan}\n({layout})"),
    }
}
