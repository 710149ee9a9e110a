//! Sliding windows (`MIN(x) OVER w`), as KDA computes them: every row is emitted at once,
//! with aggregates over the rows of its partition that arrived up to and including it and
//! whose time is within the frame (`RANGE INTERVAL … PRECEDING` keeps rows exactly one range
//! old; `ROWS n PRECEDING` keeps n earlier rows). A row that arrives later with the same time
//! is not in an earlier row's window.
//!
//! Each window keeps, per partition (a [`GroupTable`] keyed by the partition's arrow-row
//! bytes), the times and argument values of the rows its frame holds.

use std::collections::VecDeque;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_row::{RowConverter, SortField};
use arrow_schema::SchemaRef;

use crate::error::Result;
use crate::exec::aggregate::{Accumulator, ArgColumn};
use crate::exec::expr::evaluate;
use crate::exec::{Context, Operator};
use crate::plan::{AggregateExpr, OverFrame, OverWindow, ScalarValue};
use crate::state::{read_table, GroupTable, StateBackend};

/// The rows one partition of one window holds: their times, and for each of the window's
/// aggregates their argument values. An unbounded frame keeps no rows: `running` holds its
/// aggregates over every row so far (unless one weighs rows by age, as EXP_AVG does). A
/// bounded frame whose aggregates can take rows back keeps them running too, over its rows: a
/// row entering is added, one leaving taken back.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Buffer {
    times: VecDeque<i64>,
    values: Vec<VecDeque<ScalarValue>>,
    running: Vec<Accumulator>,
}

/// One OVER window of an operator: its partitions (by the partition key's arrow-row bytes)
/// and which of the operator's aggregates it computes. `B` is what a partition keeps.
pub(super) struct Window<B> {
    pub spec: OverWindow,
    /// Indexes of this window's aggregates in the operator's list.
    pub members: Vec<usize>,
    pub keys: RowConverter,
    pub partitions: GroupTable<B>,
}

impl<B: serde::Serialize + serde::de::DeserializeOwned> Window<B> {
    /// The partitions as checkpoint bytes: (key bytes, what it holds), in key order; none for
    /// a window whose partitions are in a write-through backend.
    pub fn save(windows: &[Window<B>]) -> Result<Vec<u8>> {
        let saved: Vec<Vec<(&[u8], &B)>> = windows
            .iter()
            .map(|w| {
                let mut partitions: Vec<(&[u8], &B)> = w.partitions.to_checkpoint().map(|(_, k, b)| (k, b)).collect();
                partitions.sort_by(|a, b| a.0.cmp(b.0));
                partitions
            })
            .collect();
        crate::state::encode(&saved)
    }

    /// Puts back the partitions [`Window::save`] wrote and those in the backend's tables.
    pub fn load(windows: &mut [Window<B>], id: &str, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Vec<Vec<(Vec<u8>, B)>> = crate::state::decode(bytes)?;
        if saved.len() != windows.len() {
            return Err(crate::error::Error::Execution("the checkpoint's OVER windows do not fit the query".into()));
        }
        for (i, (w, partitions)) in windows.iter_mut().zip(saved).enumerate() {
            let namespace = format!("{id}/{i}");
            for (key, buffer) in read_table(state, &namespace)? {
                w.partitions.get_or_insert_with(&key, || buffer);
            }
            w.partitions.restored_from(&namespace, state);
            for (key, buffer) in partitions {
                w.partitions.get_or_insert_with(&key, || buffer);
            }
        }
        Window::flush(windows, id, state)
    }

    /// Writes each window's changed partitions to `state`, if it is write-through: window `i`
    /// of operator `id` in table `id/i`.
    pub fn flush(windows: &mut [Window<B>], id: &str, state: &mut dyn StateBackend) -> Result<()> {
        if !state.write_through() {
            return Ok(());
        }
        for (i, w) in windows.iter_mut().enumerate() {
            w.partitions.flush(&format!("{id}/{i}"), state)?;
        }
        Ok(())
    }
}

/// An unbounded frame's running accumulators for a partition, one per aggregate of `members`,
/// made from `templates` the first time.
pub(super) fn running_accumulators<'b>(
    running: &'b mut Vec<Accumulator>,
    templates: &[Accumulator],
    members: &[usize],
) -> &'b mut [Accumulator] {
    if running.is_empty() {
        *running = members.iter().map(|a| templates[*a].clone()).collect();
    }
    running
}

/// Per window, whether its frame is bounded and each of its aggregates takes rows back
/// ([`Accumulator::takes_back`]), so that its results are kept running as rows enter and
/// leave the frame; and a fresh accumulator per aggregate, one that takes rows back for those
/// windows.
pub(super) fn templates(
    windows: &[OverWindow],
    aggregates: &[(usize, AggregateExpr)],
) -> (Vec<bool>, Vec<Accumulator>) {
    let sliding: Vec<bool> = (0..windows.len())
        .map(|w| {
            let mut members = aggregates.iter().filter(|(of, _)| *of == w);
            !windows[w].frame.is_unbounded() && members.all(|(_, a)| Accumulator::retracting(a).takes_back())
        })
        .collect();
    let templates = aggregates
        .iter()
        .map(|(w, a)| if sliding[*w] { Accumulator::retracting(a) } else { Accumulator::new(a) })
        .collect();
    (sliding, templates)
}

impl<B> Window<B> {
    /// The windows of an operator, each with the aggregates `(window index, aggregate)` it owns.
    pub fn all(windows: Vec<OverWindow>, aggregates: &[(usize, AggregateExpr)]) -> Result<Vec<Window<B>>> {
        windows
            .into_iter()
            .enumerate()
            .map(|(w, spec)| {
                let fields = spec.partition_by.iter().map(|e| SortField::new(e.data_type())).collect();
                Ok(Window {
                    members: (0..aggregates.len()).filter(|a| aggregates[*a].0 == w).collect(),
                    keys: RowConverter::new(fields)?,
                    partitions: GroupTable::default(),
                    spec,
                })
            })
            .collect()
    }
}

pub struct SlidingWindowExec {
    id: String,
    windows: Vec<Window<Buffer>>,
    aggregates: Vec<(usize, AggregateExpr)>,
    /// A fresh accumulator per aggregate, and per window whether it keeps them running (see
    /// [`templates`]).
    templates: Vec<Accumulator>,
    sliding: Vec<bool>,
    schema: SchemaRef,
}

impl SlidingWindowExec {
    pub fn new(
        id: String,
        windows: Vec<OverWindow>,
        aggregates: Vec<(usize, AggregateExpr)>,
        schema: SchemaRef,
    ) -> Result<SlidingWindowExec> {
        let (sliding, templates) = templates(&windows, &aggregates);
        let windows = Window::all(windows, &aggregates)?;
        Ok(SlidingWindowExec { id, windows, aggregates, templates, sliding, schema })
    }
}

impl Operator for SlidingWindowExec {
    fn name(&self) -> String {
        let windows: Vec<String> = self.windows.iter().map(|w| w.spec.to_string()).collect();
        format!("SlidingWindow[{}]: {}", self.id, windows.join(", "))
    }

    fn state_entries(&self) -> usize {
        self.windows.iter().map(|w| w.partitions.len()).sum()
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        Window::save(&self.windows).map(Some)
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        Window::flush(&mut self.windows, &self.id, state)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        Window::load(&mut self.windows, &self.id, bytes, state)
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let rows = batch.num_rows();
        let args: Vec<ArgColumn> =
            self.aggregates.iter().map(|(_, a)| ArgColumn::of(a, &batch)).collect::<Result<_>>()?;
        let mut results: Vec<Vec<ScalarValue>> = vec![Vec::with_capacity(rows); self.aggregates.len()];
        for (window, &slides) in self.windows.iter_mut().zip(&self.sliding) {
            let partition_columns: Vec<ArrayRef> =
                window.spec.partition_by.iter().map(|e| evaluate(e, &batch)).collect::<Result<_>>()?;
            let keys = window.keys.convert_columns(&partition_columns)?;
            let times = batch.column(window.spec.order_column).as_primitive::<TimestampMillisecondType>();
            let aged = window.members.iter().any(|a| matches!(self.templates[*a], Accumulator::ExpAvg { .. }));
            let running = window.spec.frame.is_unbounded() && !aged;
            for row in 0..rows {
                if times.is_null(row) {
                    for a in &window.members {
                        results[*a].push(ScalarValue::Null);
                    }
                    continue;
                }
                let time = times.value(row);
                let key: &[u8] = if partition_columns.is_empty() { &[] } else { keys.row(row).data() };
                let members = window.members.len();
                let (id, _) = window.partitions.get_or_insert_with(key, || Buffer {
                    times: VecDeque::new(),
                    values: vec![VecDeque::new(); members],
                    running: vec![],
                });
                let buffer = window.partitions.get_mut(id);
                if running {
                    for (acc, a) in running_accumulators(&mut buffer.running, &self.templates, &window.members)
                        .iter_mut()
                        .zip(&window.members)
                    {
                        acc.update(Some(&args[*a].value(row)?));
                        acc.trim();
                        results[*a].push(acc.finish());
                    }
                    continue;
                }
                buffer.times.push_back(time);
                for (i, a) in window.members.iter().enumerate() {
                    buffer.values[i].push_back(args[*a].value(row)?);
                }
                let evict = |b: &Buffer| match window.spec.frame {
                    OverFrame::Range(range) => b.times.front().is_some_and(|t| *t < time - range),
                    OverFrame::Rows(n) => b.times.len() as u64 > n + 1,
                    OverFrame::Unbounded | OverFrame::UnboundedRows => false,
                };
                // The rows leaving go before the new row comes, as in Flink (see `over::Buffer::add`).
                while evict(buffer) {
                    buffer.times.pop_front();
                    for (i, values) in buffer.values.iter_mut().enumerate() {
                        let gone = values.pop_front();
                        if let Some(running) = buffer.running.get_mut(i) {
                            running.retract(gone.as_ref());
                        }
                    }
                }
                if slides {
                    // The first row, or the first since a checkpoint that kept no running
                    // aggregates: every row the frame holds.
                    let added = if buffer.running.is_empty() { buffer.times.len() } else { 1 };
                    let running = running_accumulators(&mut buffer.running, &self.templates, &window.members);
                    for ((acc, values), a) in running.iter_mut().zip(&buffer.values).zip(&window.members) {
                        values.range(values.len() - added..).for_each(|v| acc.update(Some(v)));
                        results[*a].push(acc.finish());
                    }
                    continue;
                }
                for (i, a) in window.members.iter().enumerate() {
                    let mut acc = self.templates[*a].clone();
                    for (value, t) in buffer.values[i].iter().zip(&buffer.times) {
                        acc.update_aged(value, time - t);
                    }
                    results[*a].push(acc.finish());
                }
            }
        }
        let mut columns = batch.columns().to_vec();
        let first = columns.len();
        for (a, values) in results.iter().enumerate() {
            columns.push(ScalarValue::to_array(values, self.schema.field(first + a).data_type())?);
        }
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}
