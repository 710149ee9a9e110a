//! Flink's event-time OVER windows (`… OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL
//! '1' HOUR PRECEDING AND CURRENT ROW)` on a table with a watermark), as Flink computes them:
//! rows wait until the watermark reaches their time, then are processed in time order. With
//! RANGE, rows of the same time (peers) are in each other's windows; with ROWS, each row sees
//! the rows before it in time order (arrival order among peers). As in Flink, all OVER windows
//! of one SELECT must be the same window.
//!
//! Late rows follow Flink's operators to the row (Flink drops them; kdalite puts them in the
//! late lane):
//! - UNBOUNDED PRECEDING: a row is late when its time is not after the watermark it meets.
//! - ROWS and RANGE bounded: a row is late when its time is not after the partition's last
//!   triggering time, the time of the last timer that fired for it (0 before any, so rows at or
//!   before the epoch are late too). RANGE windows also keep Flink's state cleanup: each row
//!   asks for a cleanup timer at time + 1.5 × range + 1 ms unless one is set at least range +
//!   1 ms after it. The cleanup clears the partition (and its triggering time); a cleanup timer
//!   that a later one superseded still fires and moves the triggering time to its own.
//!
//! Waiting rows stay in the batches they came in (each row's partition keys and aggregate
//! arguments computed once a batch; a batch goes once all its rows are processed), and the
//! output's columns are gathered from those batches; a row becomes values of its own only in a
//! checkpoint or a write-through backend.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_row::Rows;
use arrow_schema::{Schema, SchemaRef};

use super::sliding::{running_accumulators, templates, Window};
use crate::error::Result;
use crate::exec::aggregate::{Accumulator, ArgColumn};
use crate::exec::expr::evaluate;
use crate::exec::{Context, LateRow, Operator};
use crate::plan::{AggregateExpr, OverFrame, OverWindow, ScalarValue};
use crate::state::{
    fixed_hasher, key_time, prefix_end, read_table, table_key, time_key, StateBackend, TableHasher, WriteOp,
};

/// A row waiting for the watermark as checkpoints and write-through backends keep it: its
/// values, and per window its partition key and the arguments of the window's aggregates.
#[derive(serde::Serialize, serde::Deserialize)]
struct Pending {
    values: Vec<ScalarValue>,
    windows: Vec<(Box<[u8]>, Vec<ScalarValue>)>,
}

/// A checkpoint: the partitions (as [`Window::save`] writes them), the rows waiting for the
/// watermark (none when a write-through backend has them), and the timers.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    partitions: Vec<u8>,
    pending: Vec<((i64, u64), Pending)>,
    arrivals: u64,
    fired_for: i64,
    cleanup_timers: Vec<(i64, Box<[u8]>)>,
}

/// The rows one partition of one window holds, oldest first: time and argument values; the
/// time of the last timer that fired for the partition; its current cleanup time (RANGE). An
/// unbounded frame keeps no rows: `running` holds its aggregates over every row so far. A
/// bounded frame whose aggregates can take rows back keeps its rows and, in `running`, its
/// aggregates over them: a row entering the frame is added, one leaving it taken back, as
/// Flink's bounded OVER functions do (its others are computed over the rows for each result).
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Buffer {
    rows: VecDeque<(i64, Vec<ScalarValue>)>,
    last_triggering: i64,
    cleanup_at: Option<i64>,
    running: Vec<Accumulator>,
}

impl Buffer {
    /// Adds a row's time and arguments as `frame` keeps them; `sliding`: a bounded frame keeps
    /// its aggregates running (`templates` then take rows back).
    fn add(
        &mut self,
        frame: &OverFrame,
        (templates, members): (&[Accumulator], &[usize]),
        sliding: bool,
        time: i64,
        args: Vec<ScalarValue>,
    ) {
        let leaves = |rows: &VecDeque<(i64, Vec<ScalarValue>)>| match *frame {
            OverFrame::Range(span) => rows.front().is_some_and(|(t, _)| *t < time - span),
            OverFrame::Rows(n) => rows.len() as u64 > n + 1,
            OverFrame::Unbounded | OverFrame::UnboundedRows => false,
        };
        if frame.is_unbounded() {
            for (acc, value) in running_accumulators(&mut self.running, templates, members).iter_mut().zip(&args) {
                acc.update(Some(value));
                acc.trim();
            }
            return;
        }
        self.rows.push_back((time, args));
        // The rows leaving go before the new row comes, as in Flink (which decides where a
        // value that leaves and comes again stands in LISTAGG(DISTINCT …)).
        while leaves(&self.rows) {
            let (_, gone) = self.rows.pop_front().expect("a row leaving the frame");
            self.running.iter_mut().zip(&gone).for_each(|(acc, v)| acc.retract(Some(v)));
        }
        if sliding {
            // The first row, or the first since a checkpoint that kept no running aggregates:
            // every row the frame holds.
            let added = if self.running.is_empty() { self.rows.len() } else { 1 };
            let running = running_accumulators(&mut self.running, templates, members);
            for (_, values) in self.rows.range(self.rows.len() - added..) {
                running.iter_mut().zip(values).for_each(|(acc, v)| acc.update(Some(v)));
            }
        }
    }
}

/// An input batch some of whose rows wait for the watermark, with what processing a row needs:
/// each window's partition keys and each aggregate's arguments, computed once for the batch.
/// A batch stays whole while any of its rows waits: rows wait for the watermark, which trails
/// the input's times by its delay, so beside the waiting rows this keeps a few batches more.
struct Waiting {
    batch: RecordBatch,
    keys: Vec<Option<Rows>>,
    args: Vec<ArgColumn>,
    /// How many of its rows still wait; the batch goes once none does.
    left: usize,
}

impl Waiting {
    /// Row `row`'s partition key in window `w`.
    fn key(&self, w: usize, row: usize) -> &[u8] {
        self.keys[w].as_ref().map_or(&[][..], |k| k.row(row).data())
    }
}

/// Rows processed, for the output batch: where each is (its batch and row), and its
/// aggregates' values, a row's after another's.
#[derive(Default)]
struct Fired {
    rows: Vec<(u64, usize)>,
    results: Vec<ScalarValue>,
}

pub struct EventTimeOverExec {
    id: String,
    windows: Vec<Window<Buffer>>,
    aggregates: Vec<(usize, AggregateExpr)>,
    templates: Vec<Accumulator>,
    /// Per window: a bounded frame whose aggregates all take rows back, kept running.
    sliding: Vec<bool>,
    schema: SchemaRef,
    time_column: usize,
    watermark_column: usize,
    /// Rows by (time, arrival), waiting for the watermark: their batch and row.
    pending: BTreeMap<(i64, u64), (u64, usize)>,
    /// The batches the waiting rows are in, by number.
    batches: HashMap<u64, Waiting, TableHasher>,
    batches_stored: u64,
    arrivals: u64,
    /// The largest watermark rows have been processed for.
    fired_for: i64,
    /// RANGE windows: cleanup timers by (time, partition key), superseded ones included.
    cleanup_timers: BTreeSet<(i64, Box<[u8]>)>,
    /// The waiting rows' changes for a write-through backend.
    pending_log: PendingLog,
}

/// What changed in the waiting rows since they were last written to a write-through backend,
/// in its table `ID/pending`, a row's key its time ([`time_key`]) and arrival: the rows added,
/// and the latest time rows were processed up to. Rows go in time order, so the processed
/// ones are the table's first keys, deleted as one range (rows added since at or before that
/// time, still waiting, are put back after it).
#[derive(Default)]
struct PendingLog {
    on: bool,
    added: Vec<(i64, u64)>,
    processed_to: Option<i64>,
}

/// A waiting row's key in the backend's table.
fn pending_key(prefix: &[u8], (time, arrival): (i64, u64)) -> Vec<u8> {
    [prefix, &time_key(time), &arrival.to_be_bytes()].concat()
}

impl EventTimeOverExec {
    pub fn new(
        id: String,
        windows: Vec<OverWindow>,
        aggregates: Vec<(usize, AggregateExpr)>,
        schema: SchemaRef,
        watermark_column: usize,
    ) -> Result<EventTimeOverExec> {
        let (sliding, templates) = templates(&windows, &aggregates);
        let time_column = windows.first().map_or(0, |w| w.order_column);
        let windows = Window::all(windows, &aggregates)?;
        Ok(EventTimeOverExec {
            id,
            windows,
            aggregates,
            templates,
            sliding,
            schema,
            time_column,
            watermark_column,
            pending: BTreeMap::new(),
            batches: HashMap::with_hasher(fixed_hasher()),
            batches_stored: 0,
            arrivals: 0,
            fired_for: i64::MIN,
            cleanup_timers: BTreeSet::new(),
            pending_log: PendingLog::default(),
        })
    }

    /// Keeps `batch` for its rows that will wait, with their partition keys and aggregate
    /// arguments; returns its number.
    fn store(&mut self, batch: RecordBatch) -> Result<u64> {
        let args = self.aggregates.iter().map(|(_, a)| ArgColumn::of(a, &batch)).collect::<Result<_>>()?;
        let mut keys = Vec::with_capacity(self.windows.len());
        for window in &self.windows {
            let columns: Vec<ArrayRef> =
                window.spec.partition_by.iter().map(|e| evaluate(e, &batch)).collect::<Result<_>>()?;
            keys.push((!columns.is_empty()).then(|| window.keys.convert_columns(&columns)).transpose()?);
        }
        self.batches_stored += 1;
        self.batches.insert(self.batches_stored, Waiting { batch, keys, args, left: 0 });
        Ok(self.batches_stored)
    }

    /// A waiting row as checkpoints and write-through backends keep it.
    fn pending_row(&self, (batch, row): (u64, usize)) -> Result<Pending> {
        let waiting = &self.batches[&batch];
        let values = waiting
            .batch
            .columns()
            .iter()
            .map(|c| ScalarValue::try_from_array(c.as_ref(), row))
            .collect::<Result<_>>()?;
        let windows = self
            .windows
            .iter()
            .enumerate()
            .map(|(w, window)| {
                let args = window.members.iter().map(|a| waiting.args[*a].value(row)).collect::<Result<_>>()?;
                Ok((Box::from(waiting.key(w, row)), args))
            })
            .collect::<Result<_>>()?;
        Ok(Pending { values, windows })
    }

    /// Rows read back from a checkpoint or a backend, waiting again: kept as one batch.
    fn restore(&mut self, rows: Vec<((i64, u64), Pending)>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let fields = &self.schema.fields()[..self.schema.fields().len() - self.aggregates.len()];
        let columns = fields
            .iter()
            .enumerate()
            .map(|(c, f)| ScalarValue::to_array(rows.iter().map(|(_, p)| &p.values[c]), f.data_type()))
            .collect::<Result<_>>()?;
        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields.to_vec())), columns)?;
        let id = self.store(batch)?;
        self.batches.get_mut(&id).expect("the batch just stored").left = rows.len();
        for (row, (at, _)) in rows.into_iter().enumerate() {
            self.pending.insert(at, (id, row));
        }
        Ok(())
    }

    /// Processes every waiting row whose time the watermark has reached, in time order, and
    /// returns them as one batch.
    fn fire(&mut self, watermark: i64) -> Result<Vec<RecordBatch>> {
        let mut out = Fired::default();
        self.fire_into(watermark, &mut out)?;
        self.batch(out)
    }

    /// Processes every waiting row whose time the watermark has reached, in time order, into
    /// `out`.
    fn fire_into(&mut self, watermark: i64, out: &mut Fired) -> Result<()> {
        loop {
            let rows_at = self.pending.first_key_value().map(|((t, _), _)| *t).filter(|t| *t <= watermark);
            let cleanup_at = self.cleanup_timers.first().map(|(t, _)| *t).filter(|t| *t <= watermark);
            // Timers fire in time order; a cleanup timer never shares its time with rows.
            match (rows_at, cleanup_at) {
                (_, Some(c)) if rows_at.is_none_or(|r| c <= r) => {
                    let (time, key) = self.cleanup_timers.pop_first().expect("a timer");
                    self.clean_up(time, &key);
                }
                (Some(time), _) => self.process_rows_at(time, out)?,
                _ => return Ok(()),
            }
        }
    }

    /// A cleanup timer fires: the partition's state goes if it is its current cleanup time;
    /// a superseded timer only sets the triggering time, as Flink's does.
    fn clean_up(&mut self, time: i64, key: &[u8]) {
        let Some(id) = self.windows[0].partitions.find(key) else { return };
        let buffer = self.windows[0].partitions.get_mut(id);
        if buffer.cleanup_at == Some(time) {
            for window in &mut self.windows {
                if let Some(id) = window.partitions.find(key) {
                    window.partitions.remove(id);
                }
            }
        } else {
            buffer.last_triggering = time;
        }
    }

    /// Processes the waiting rows of `time`, in arrival order, into `out`.
    fn process_rows_at(&mut self, time: i64, out: &mut Fired) -> Result<()> {
        // Every row of this time, in arrival order.
        let mut peers = Vec::new();
        while let Some(next) = self.pending.first_entry() {
            if next.key().0 != time {
                break;
            }
            peers.push(next.remove());
        }
        // The latest time processed, not the last: a row a bounded frame takes late (its
        // partition's timers behind the watermark) is processed after later rows were.
        if self.pending_log.on {
            self.pending_log.processed_to = Some(self.pending_log.processed_to.map_or(time, |t| t.max(time)));
        }
        let aggregates = self.aggregates.len();
        let first = out.results.len();
        out.results.resize(first + peers.len() * aggregates, ScalarValue::Null);
        for (w, window) in self.windows.iter_mut().enumerate() {
            let range = matches!(window.spec.frame, OverFrame::Range(_) | OverFrame::Unbounded);
            for (p, &(batch, row)) in peers.iter().enumerate() {
                let waiting = &self.batches[&batch];
                let args = window.members.iter().map(|a| waiting.args[*a].value(row)).collect::<Result<_>>()?;
                let (id, _) = window.partitions.get_or_insert_with(waiting.key(w, row), Buffer::default);
                let buffer = window.partitions.get_mut(id);
                buffer.last_triggering = time;
                buffer.add(&window.spec.frame, (&self.templates, &window.members), self.sliding[w], time, args);
                // ROWS: each row's window is computed as it is added. RANGE: after all peers.
                if !range {
                    let result = &mut out.results[first + p * aggregates..][..aggregates];
                    compute(&self.templates, &window.members, buffer, result);
                }
            }
            if range {
                for (p, &(batch, row)) in peers.iter().enumerate() {
                    let Some(id) = window.partitions.find(self.batches[&batch].key(w, row)) else { continue };
                    let result = &mut out.results[first + p * aggregates..][..aggregates];
                    compute(&self.templates, &window.members, window.partitions.get(id), result);
                }
            }
        }
        for &(batch, _) in &peers {
            self.batches.get_mut(&batch).expect("a waiting row's batch").left -= 1;
        }
        out.rows.extend(peers);
        Ok(())
    }

    /// Whether a row of `partition` at `time`, meeting `watermark`, is late (see the module).
    fn is_late(&self, partition: &[u8], time: i64, watermark: Option<i64>) -> bool {
        let window = &self.windows[0];
        match window.spec.frame {
            OverFrame::Unbounded | OverFrame::UnboundedRows => watermark.is_some_and(|w| time <= w),
            OverFrame::Range(_) | OverFrame::Rows(_) => {
                let last = window.partitions.find(partition).map_or(0, |id| window.partitions.get(id).last_triggering);
                time <= last
            }
        }
    }

    /// RANGE windows: the cleanup timer a row at `time` asks for, as Flink's operator does.
    fn register_cleanup(&mut self, batch: u64, row: usize, time: i64) {
        let OverFrame::Range(range) = self.windows[0].spec.frame else { return };
        let partition = self.batches[&batch].key(0, row);
        let (id, _) = self.windows[0].partitions.get_or_insert_with(partition, Buffer::default);
        let buffer = self.windows[0].partitions.get_mut(id);
        let earliest = time.saturating_add(range).saturating_add(1);
        if buffer.cleanup_at.is_none_or(|c| c < earliest) {
            let at = time.saturating_add((range as f64 * 1.5) as i64).saturating_add(1);
            buffer.cleanup_at = Some(at);
            self.cleanup_timers.insert((at, partition.into()));
        }
    }

    /// The rows processed as one batch (see [`Self::build`]); then the batches whose rows have
    /// all been processed go.
    fn batch(&mut self, out: Fired) -> Result<Vec<RecordBatch>> {
        let built = self.build(&out);
        self.batches.retain(|_, b| b.left > 0);
        built
    }

    /// The rows processed as one batch: their columns taken from the batches they are in,
    /// then their aggregates.
    fn build(&self, out: &Fired) -> Result<Vec<RecordBatch>> {
        if out.rows.is_empty() {
            return Ok(vec![]);
        }
        let mut numbers: Vec<u64> = out.rows.iter().map(|(b, _)| *b).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let indices: Vec<(usize, usize)> =
            out.rows.iter().map(|(b, r)| (numbers.binary_search(b).unwrap_or_default(), *r)).collect();
        let batches: Vec<&RecordBatch> = numbers.iter().map(|b| &self.batches[b].batch).collect();
        let inputs = self.schema.fields().len() - self.aggregates.len();
        let mut columns = Vec::with_capacity(self.schema.fields().len());
        for c in 0..inputs {
            let arrays: Vec<&dyn Array> = batches.iter().map(|b| b.column(c).as_ref()).collect();
            columns.push(arrow_select::interleave::interleave(&arrays, &indices)?);
        }
        let aggregates = self.aggregates.len();
        for a in 0..aggregates {
            let values = out.results.iter().skip(a).step_by(aggregates);
            columns.push(ScalarValue::to_array(values, self.schema.field(inputs + a).data_type())?);
        }
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}

/// The window's aggregates over the partition's rows, into their slots of `result`.
fn compute(templates: &[Accumulator], members: &[usize], buffer: &Buffer, result: &mut [ScalarValue]) {
    for (i, a) in members.iter().enumerate() {
        result[*a] = match buffer.running.get(i) {
            Some(running) => running.finish(),
            None => {
                let mut acc = templates[*a].clone();
                for (_, values) in &buffer.rows {
                    acc.update(Some(&values[i]));
                }
                acc.finish()
            }
        };
    }
}

impl Operator for EventTimeOverExec {
    fn name(&self) -> String {
        let windows: Vec<String> = self.windows.iter().map(|w| w.spec.to_string()).collect();
        let unbounded = self.windows.iter().any(|w| w.spec.frame.is_unbounded());
        let grows = if unbounded { "; its state only grows (an accumulator for every partition)" } else { "" };
        format!("EventTimeOver[{}]: {} (watermark-ordered){grows}", self.id, windows.join(", "))
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let times = batch.column(self.time_column).as_primitive::<TimestampMillisecondType>().clone();
        let watermarks = batch.column(self.watermark_column).as_primitive::<TimestampMillisecondType>().clone();
        let stored = self.store(batch.clone())?;
        // Rows fired while the batch goes by come out together, in one batch.
        let mut out = Fired::default();
        for row in 0..batch.num_rows() {
            // Rows the watermark has passed are processed before this row is looked at.
            if watermarks.is_valid(row) && watermarks.value(row) > self.fired_for {
                self.fired_for = watermarks.value(row);
                self.fire_into(self.fired_for, &mut out)?;
            }
            if times.is_null(row) {
                ctx.late.push(LateRow::new(&batch, row, None, None, None, "the event time is NULL"));
                continue;
            }
            let time = times.value(row);
            let watermark = watermarks.is_valid(row).then(|| watermarks.value(row));
            if self.is_late(self.batches[&stored].key(0, row), time, watermark) {
                let why = match self.windows[0].spec.frame {
                    OverFrame::Unbounded | OverFrame::UnboundedRows => "the watermark has passed its time",
                    _ => "a timer of its partition has fired at or after its time",
                };
                ctx.late.push(LateRow::new(&batch, row, Some(time), watermark, None, why));
                continue;
            }
            self.register_cleanup(stored, row, time);
            self.arrivals += 1;
            self.pending.insert((time, self.arrivals), (stored, row));
            self.batches.get_mut(&stored).expect("the batch just stored").left += 1;
            if self.pending_log.on {
                self.pending_log.added.push((time, self.arrivals));
            }
        }
        self.batch(out)
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fired_for = self.fired_for.max(watermark);
        self.fire(watermark)
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX)
    }

    fn state_entries(&self) -> usize {
        self.pending.len() + self.windows.iter().map(|w| w.partitions.len()).sum::<usize>()
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        let saved = Saved {
            partitions: Window::save(&self.windows)?,
            pending: match self.pending_log.on {
                true => vec![],
                false => self.pending.iter().map(|(k, at)| Ok((*k, self.pending_row(*at)?))).collect::<Result<_>>()?,
            },
            arrivals: self.arrivals,
            fired_for: self.fired_for,
            cleanup_timers: self.cleanup_timers.iter().cloned().collect(),
        };
        crate::state::encode(&saved).map(Some)
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        Window::flush(&mut self.windows, &self.id, state)?;
        if !state.write_through() {
            return Ok(());
        }
        if !self.pending_log.on {
            self.pending_log.on = true;
            self.pending_log.added = self.pending.keys().copied().collect();
        }
        let prefix = table_key(&format!("{}/pending", self.id), b"");
        let mut ops = Vec::new();
        // The processed rows first; rows added since at or before that time are put again after.
        if let Some(time) = self.pending_log.processed_to.take() {
            let end = prefix_end(&[prefix.as_slice(), &time_key(time)].concat())
                .ok_or_else(|| crate::error::Error::Internal("a key of only 0xff bytes".into()))?;
            ops.push(WriteOp::DeleteRange(prefix.clone(), end));
        }
        for key in std::mem::take(&mut self.pending_log.added) {
            // Rows added and processed between two flushes are never written.
            if let Some(at) = self.pending.get(&key) {
                ops.push(WriteOp::Put(pending_key(&prefix, key), crate::state::encode(&self.pending_row(*at)?)?));
            }
        }
        state.write(ops)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Saved = crate::state::decode(bytes)?;
        Window::load(&mut self.windows, &self.id, &saved.partitions, state)?;
        let mut rows = Vec::new();
        for (key, row) in read_table::<Pending>(state, &format!("{}/pending", self.id))? {
            let (Some(time), Some(arrival)) =
                (key_time(&key), key.get(8..16).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes))
            else {
                return Err(crate::error::Error::Execution(format!("{}: a waiting row without its time", self.id)));
            };
            rows.push(((time, arrival), row));
        }
        // A write-through backend has the rows just read; those of the checkpoint's bytes are
        // new to it.
        if state.write_through() {
            self.pending_log.on = true;
            self.pending_log.added = saved.pending.iter().map(|(key, _)| *key).collect();
        }
        rows.extend(saved.pending);
        self.restore(rows)?;
        self.arrivals = saved.arrivals;
        self.fired_for = saved.fired_for;
        self.cleanup_timers = saved.cleanup_timers.into_iter().collect();
        self.flush(state)
    }
}
