//! Flink's event-time temporal join, `JOIN versioned FOR SYSTEM_TIME AS OF s.t`, as Flink's
//! `TemporalRowTimeJoinOperator` runs it: each row of the left waits until the watermark (the
//! smaller of the two inputs') reaches its time, then meets the version of its key that was
//! current then, the right's latest row at or before that time (the right is a versioned table:
//! a row per change of its key, by its own event time).
//!
//! - A left row is kept until the watermark passes its time; a right row is a version of its
//!   key. Each key has a timer at the earliest time it holds, and timers fire in time order.
//! - When a key's timer fires, its left rows at or before the watermark come out in the order
//!   they came, each with its version (a LEFT JOIN's rows with none, or whose version fails the
//!   rest of the ON condition, padded with NULLs), and the versions older than the one current
//!   at the watermark leave.
//! - Output is insert-only; its watermark is the input's, and the left's time attribute stays
//!   one, so a window can follow.

use std::collections::{BTreeSet, VecDeque};

use arrow_array::cast::AsArray;
use arrow_array::RecordBatch;

use super::{times, JoinSpec, Joined, KeyCodec, Output, RowBytes, SideBatch, Watermarks, LEFT};
use crate::error::Result;
use crate::exec::{Context, Operator};
use crate::state::{GroupTable, StateBackend};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Timed {
    /// Its event time.
    time: i64,
    rowtime: i64,
    row: RowBytes,
}

/// One key's waiting left rows, in the order they came, and its versions, by time.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Keyed {
    waiting: Vec<Timed>,
    versions: VecDeque<Timed>,
    /// When its timer fires: the earliest time it holds that the watermark has not passed.
    timer: Option<i64>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    keys: Vec<(Vec<u8>, Keyed)>,
    watermark: Option<i64>,
    watermarks: Watermarks,
}

pub struct TemporalJoinExec {
    spec: JoinSpec,
    keys: [KeyCodec; 2],
    output: Output,
    time_columns: [usize; 2],
    table: GroupTable<Keyed>,
    /// Timers, (time, key id), earliest first.
    timers: BTreeSet<(i64, u32)>,
    watermark: Option<i64>,
    watermarks: Watermarks,
    held: usize,
}

impl TemporalJoinExec {
    pub fn new(spec: JoinSpec, sides: [&arrow_schema::SchemaRef; 2], time_columns: [usize; 2]) -> Result<Self> {
        let keys = spec.key_codecs()?;
        let output = Output::new(&spec, sides, false)?;
        let watermarks = Watermarks::new(spec.shared_watermark);
        Ok(TemporalJoinExec {
            spec,
            keys,
            output,
            time_columns,
            table: GroupTable::default(),
            timers: BTreeSet::new(),
            watermark: None,
            watermarks,
            held: 0,
        })
    }

    /// Key `id`'s timer at `at`, unless it has an earlier one (as Flink keeps the smallest).
    fn schedule(&mut self, id: u32, at: i64) {
        let keyed = self.table.get_mut(id);
        if keyed.timer.is_some_and(|t| t <= at) {
            return;
        }
        if let Some(old) = keyed.timer.replace(at) {
            self.timers.remove(&(old, id));
        }
        self.timers.insert((at, id));
    }

    /// The watermark moves to `watermark`: the keys whose timers are due send their rows.
    fn advance(&mut self, watermark: i64, out: &mut Vec<Joined>) -> Result<()> {
        if self.watermark.is_some_and(|w| w >= watermark) {
            return Ok(());
        }
        // The rows the timers send meet the watermark before this one downstream.
        let before = self.watermark.replace(watermark);
        while let Some(&(at, id)) = self.timers.first() {
            if at > watermark {
                break;
            }
            self.timers.pop_first();
            self.table.get_mut(id).timer = None;
            self.fire(id, watermark, before, out)?;
        }
        Ok(())
    }

    /// Key `id`'s left rows at or before `watermark` meet their versions, their output meeting
    /// `out_watermark`; older versions leave.
    fn fire(&mut self, id: u32, watermark: i64, out_watermark: Option<i64>, out: &mut Vec<Joined>) -> Result<()> {
        let keyed = self.table.get_mut(id);
        let (due, waiting): (Vec<Timed>, Vec<Timed>) = keyed.waiting.drain(..).partition(|l| l.time <= watermark);
        keyed.waiting = waiting;
        // Each due row's version: the latest at or before its time.
        let keyed = self.table.get(id);
        let versions: Vec<Option<&Timed>> = due
            .iter()
            .map(|l| keyed.versions.partition_point(|v| v.time <= l.time).checked_sub(1).map(|i| &keyed.versions[i]))
            .collect();
        let pairs: Vec<(&[u8], &[u8])> =
            due.iter().zip(&versions).filter_map(|(l, v)| v.map(|v| (&l.row[..], &v.row[..]))).collect();
        let passed = self.output.check(self.spec.residual.as_ref(), &pairs)?;
        let mut passed = passed.into_iter();
        let outer = self.spec.keeps(LEFT);
        for (l, version) in due.iter().zip(versions) {
            let matched = match version {
                Some(v) if passed.next().unwrap_or(false) => Some(v),
                _ => None,
            };
            if matched.is_some() || outer {
                out.push(Joined {
                    rowtime: l.rowtime.max(matched.map_or(i64::MIN, |v| v.rowtime)),
                    left: Some(l.row.clone()),
                    right: matched.map(|v| v.row.clone()),
                    op: "+I",
                    watermark: out_watermark,
                });
            }
        }
        self.held -= due.len();
        // The versions before the one current at the watermark are no one's any more.
        let keyed = self.table.get_mut(id);
        let current = keyed.versions.partition_point(|v| v.time <= watermark);
        let stale = current.saturating_sub(1);
        keyed.versions.drain(..stale);
        self.held -= stale;
        // Its next timer: its earliest waiting row, else its next version's time.
        let next = keyed.waiting.iter().map(|l| l.time).min().or(keyed.versions.get(1).map(|v| v.time));
        if keyed.waiting.is_empty() && keyed.versions.is_empty() {
            self.table.remove(id);
        } else if let Some(next) = next {
            self.schedule(id, next);
        }
        Ok(())
    }
}

impl Operator for TemporalJoinExec {
    fn state_layout(&self) -> String {
        self.output.layout()
    }

    fn name(&self) -> String {
        format!(
            "TemporalJoin[{}]: {} on {} key(s), each left row with the right's version current at its time",
            self.spec.id,
            self.spec.kind,
            self.spec.keys.len()
        )
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.process_input(LEFT, batch, ctx)
    }

    fn process_input(&mut self, side: usize, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let SideBatch { keys, rows, rowtimes, watermarks: own } =
            SideBatch::read(&self.spec, &self.keys[side], &self.output.codecs[side], side, &batch)?;
        let event_times = times(&batch, self.time_columns[side])?;
        // A versioned view's changes: each row it adds or updates to is a version; the rows it
        // takes back are versions replaced, not versions.
        let kinds = self.spec.ops[side].map(|c| batch.column(c).as_string::<i32>().clone());
        let mut out = Vec::new();
        for row in 0..batch.num_rows() {
            if let Some(met) = self.watermarks.met(side, own[row]) {
                self.advance(met, &mut out)?;
            }
            if kinds.as_ref().is_some_and(|k| k.value(row).starts_with('-')) {
                continue;
            }
            let timed = |time| Timed { time, rowtime: rowtimes[row], row: rows.row(row).data().into() };
            match (keys.get(row), event_times[row]) {
                (Some(key), Some(time)) => {
                    let (id, _) = self.table.get_or_insert_with(key, Keyed::default);
                    let keyed = self.table.get_mut(id);
                    if side == LEFT {
                        keyed.waiting.push(timed(time));
                    } else {
                        // A version replaces the key's version of the same time.
                        let at = keyed.versions.partition_point(|v| v.time < time);
                        match keyed.versions.get_mut(at) {
                            Some(v) if v.time == time => {
                                *v = timed(time);
                                self.held -= 1;
                            }
                            _ => keyed.versions.insert(at, timed(time)),
                        }
                    }
                    self.held += 1;
                    self.schedule(id, time);
                }
                // A left row whose key or time is NULL has no version.
                _ if side == LEFT && self.spec.keeps(LEFT) => out.push(Joined {
                    rowtime: rowtimes[row],
                    left: Some(rows.row(row).data().into()),
                    right: None,
                    op: "+I",
                    watermark: self.watermark,
                }),
                _ => {}
            }
        }
        self.output.batches(&out)
    }

    fn input_watermark(&mut self, input: usize, watermark: i64) {
        self.watermarks.advance(input, watermark);
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mut out = Vec::new();
        self.advance(watermark, &mut out)?;
        self.output.batches(&out)
    }

    fn on_close(&mut self, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.handle_watermark(i64::MAX, ctx)
    }

    fn state_entries(&self) -> usize {
        self.held
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.table.flush(&self.spec.id, state)
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        let saved = Saved {
            keys: self.table.checkpoint_entries(),
            watermark: self.watermark,
            watermarks: self.watermarks.clone(),
        };
        crate::state::encode(&saved).map(Some)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Saved = crate::state::decode(bytes)?;
        for id in self.table.restore(&self.spec.id, saved.keys, state)? {
            let keyed = self.table.get(id);
            self.held += keyed.waiting.len() + keyed.versions.len();
            if let Some(at) = keyed.timer {
                self.timers.insert((at, id));
            }
        }
        self.watermark = saved.watermark;
        self.watermarks = saved.watermarks;
        self.flush(state)
    }
}
