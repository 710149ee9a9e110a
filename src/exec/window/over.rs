//! Flink's event-time OVER windows (`… OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL
//! '1' HOUR PRECEDING AND CURRENT ROW)` on a table with a watermark), as Flink computes them:
//! rows wait until the watermark reaches their time, then are processed in time order. With
//! RANGE, rows of the same time (peers) are in each other's windows; with ROWS, each row sees
//! the rows before it in time order (arrival order among peers). A row whose time is not after
//! the last time processed for its partition is late: Flink drops it, kdalite puts it in the
//! late lane. As in Flink, all OVER windows of one SELECT must be the same window.

use std::collections::{BTreeMap, VecDeque};

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;

use super::sliding::Window;
use crate::error::Result;
use crate::exec::aggregate::{Accumulator, ArgColumn};
use crate::exec::expr::evaluate;
use crate::exec::{Context, LateRow, Operator};
use crate::plan::{AggregateExpr, OverFrame, OverWindow, ScalarValue};

/// A row waiting for the watermark: its values, and per window its partition key and the
/// arguments of the window's aggregates.
struct Pending {
    values: Vec<ScalarValue>,
    windows: Vec<(Box<[u8]>, Vec<ScalarValue>)>,
}

/// The rows one partition of one window holds, oldest first: time and argument values; and
/// the last time processed for the partition.
struct Buffer {
    rows: VecDeque<(i64, Vec<ScalarValue>)>,
    processed_until: i64,
}

impl Default for Buffer {
    fn default() -> Self {
        Buffer { rows: VecDeque::new(), processed_until: i64::MIN }
    }
}

pub struct EventTimeOverExec {
    id: String,
    windows: Vec<Window<Buffer>>,
    aggregates: Vec<(usize, AggregateExpr)>,
    templates: Vec<Accumulator>,
    schema: SchemaRef,
    time_column: usize,
    watermark_column: usize,
    /// Rows by (time, arrival), waiting for the watermark.
    pending: BTreeMap<(i64, u64), Pending>,
    arrivals: u64,
    /// The largest watermark rows have been processed for.
    fired_for: i64,
}

impl EventTimeOverExec {
    pub fn new(
        id: String,
        windows: Vec<OverWindow>,
        aggregates: Vec<(usize, AggregateExpr)>,
        schema: SchemaRef,
        watermark_column: usize,
    ) -> Result<EventTimeOverExec> {
        let templates = aggregates.iter().map(|(_, a)| Accumulator::new(a)).collect();
        let time_column = windows.first().map_or(0, |w| w.order_column);
        let windows = Window::all(windows, &aggregates)?;
        Ok(EventTimeOverExec {
            id,
            windows,
            aggregates,
            templates,
            schema,
            time_column,
            watermark_column,
            pending: BTreeMap::new(),
            arrivals: 0,
            fired_for: i64::MIN,
        })
    }

    /// Processes every waiting row whose time the watermark has reached, in time order, and
    /// returns them as one batch.
    fn fire(&mut self, watermark: i64) -> Result<Vec<RecordBatch>> {
        let mut out = Vec::new();
        self.fire_into(watermark, &mut out)?;
        self.batch(out)
    }

    /// Processes every waiting row whose time the watermark has reached, in time order, into
    /// `out` (a row of values each).
    fn fire_into(&mut self, watermark: i64, out: &mut Vec<Vec<ScalarValue>>) -> Result<()> {
        while let Some(entry) = self.pending.first_entry() {
            let time = entry.key().0;
            if time > watermark {
                break;
            }
            // Every row of this time, in arrival order.
            let mut peers = vec![entry.remove()];
            while let Some(next) = self.pending.first_entry() {
                if next.key().0 != time {
                    break;
                }
                peers.push(next.remove());
            }
            let mut results: Vec<Vec<ScalarValue>> = vec![vec![ScalarValue::Null; self.aggregates.len()]; peers.len()];
            for (w, window) in self.windows.iter_mut().enumerate() {
                let range = matches!(window.spec.frame, OverFrame::Range(_) | OverFrame::Unbounded);
                for (p, peer) in peers.iter().enumerate() {
                    let (key, args) = &peer.windows[w];
                    let (id, _) = window.partitions.get_or_insert_with(key, Buffer::default);
                    let buffer = window.partitions.get_mut(id);
                    buffer.processed_until = time;
                    buffer.rows.push_back((time, args.clone()));
                    match window.spec.frame {
                        OverFrame::Range(span) => {
                            while buffer.rows.front().is_some_and(|(t, _)| *t < time - span) {
                                buffer.rows.pop_front();
                            }
                        }
                        OverFrame::Rows(n) => {
                            while buffer.rows.len() as u64 > n + 1 {
                                buffer.rows.pop_front();
                            }
                        }
                        OverFrame::Unbounded => {}
                    }
                    // ROWS: each row's window is computed as it is added. RANGE: after all peers.
                    if !range {
                        compute(&self.templates, &window.members, &buffer.rows, &mut results[p]);
                    }
                }
                if range {
                    for (p, peer) in peers.iter().enumerate() {
                        let Some(id) = window.partitions.find(&peer.windows[w].0) else { continue };
                        let rows = &window.partitions.get(id).rows;
                        compute(&self.templates, &window.members, rows, &mut results[p]);
                    }
                }
            }
            for (peer, result) in peers.into_iter().zip(results) {
                let mut row = peer.values;
                row.extend(result);
                out.push(row);
            }
        }
        Ok(())
    }

    fn batch(&self, out: Vec<Vec<ScalarValue>>) -> Result<Vec<RecordBatch>> {
        if out.is_empty() {
            return Ok(vec![]);
        }
        let columns: Vec<ArrayRef> = (0..self.schema.fields().len())
            .map(|c| ScalarValue::to_array(out.iter().map(|r| &r[c]), self.schema.field(c).data_type()))
            .collect::<Result<_>>()?;
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}

/// The window's aggregates over `rows`, into their slots of `result`.
fn compute(
    templates: &[Accumulator],
    members: &[usize],
    rows: &VecDeque<(i64, Vec<ScalarValue>)>,
    result: &mut [ScalarValue],
) {
    for (i, a) in members.iter().enumerate() {
        let mut acc = templates[*a].clone();
        for (_, values) in rows {
            acc.update(Some(&values[i]));
        }
        result[*a] = acc.finish();
    }
}

impl Operator for EventTimeOverExec {
    fn name(&self) -> String {
        let windows: Vec<String> = self.windows.iter().map(|w| w.spec.to_string()).collect();
        format!("EventTimeOver[{}]: {} (watermark-ordered)", self.id, windows.join(", "))
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let times = batch.column(self.time_column).as_primitive::<TimestampMillisecondType>().clone();
        let watermarks = batch.column(self.watermark_column).as_primitive::<TimestampMillisecondType>().clone();
        let args: Vec<ArgColumn> = self
            .aggregates
            .iter()
            .map(|(_, a)| ArgColumn::new(a, a.arg.as_ref().map(|e| evaluate(e, &batch)).transpose()?))
            .collect::<Result<_>>()?;
        let mut keys = Vec::with_capacity(self.windows.len());
        for window in &self.windows {
            let columns: Vec<ArrayRef> =
                window.spec.partition_by.iter().map(|e| evaluate(e, &batch)).collect::<Result<_>>()?;
            keys.push((!columns.is_empty()).then(|| window.keys.convert_columns(&columns)).transpose()?);
        }
        // Rows fired while the batch goes by come out together, in one batch.
        let mut out = Vec::new();
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
            let partition = keys[0].as_ref().map_or(&[][..], |k| k.row(row).data());
            let processed =
                self.windows[0].partitions.find(partition).map(|id| self.windows[0].partitions.get(id).processed_until);
            if processed.is_some_and(|p| time <= p) {
                let watermark = watermarks.is_valid(row).then(|| watermarks.value(row));
                ctx.late.push(LateRow::new(&batch, row, Some(time), watermark, None, "its time has been processed"));
                continue;
            }
            let values =
                batch.columns().iter().map(|c| ScalarValue::try_from_array(c.as_ref(), row)).collect::<Result<_>>()?;
            let mut windows = Vec::with_capacity(self.windows.len());
            for (w, window) in self.windows.iter().enumerate() {
                let key: Box<[u8]> = keys[w].as_ref().map_or_else(|| Box::from(&[][..]), |k| k.row(row).data().into());
                let window_args = window.members.iter().map(|a| args[*a].value(row)).collect::<Result<_>>()?;
                windows.push((key, window_args));
            }
            self.arrivals += 1;
            self.pending.insert((time, self.arrivals), Pending { values, windows });
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
}
