//! Window aggregates whose windows do not merge: KDA's tumbling windows on `ROWTIME`
//! (`STEP`, `FLOOR`) and Flink's `TUMBLE`, `HOP` and `CUMULATE` on an event-time column.
//!
//! KDA: a group is emitted when a row arrives whose `ROWTIME` is at or past the window's end;
//! output `ROWTIME` is the window end.
//!
//! Flink (PRODUCT.md): each row meets the watermark carried in its `$WATERMARK` column; a row
//! is late for a window whose end - 1 ms that watermark has reached (the window has fired).
//! It still counts in its other windows; a row late for all of them goes to the late lane.
//! A window fires when the watermark reaches its end - 1 ms, and only if it counted a row.
//!
//! Both: the end of input emits every open window. The groups of one window come out in key
//! order; windows in order of end, then start.
//!
//! The hot path works on columns: group keys become arrow-row bytes once per batch, groups are
//! found through a hash index over those bytes, and numeric arguments update accumulators
//! without a `ScalarValue` per row. Open groups live in a [`GroupTable`], the operator's typed
//! state table.

use std::collections::BTreeMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch, TimestampMillisecondArray};
use arrow_schema::SchemaRef;

use super::assign::assign_windows;
use super::keyed::{FiredGroup, KeyedAggregates};
use crate::error::{Error, Result};
use crate::exec::aggregate::{update, Accumulator};
use crate::exec::expr::evaluate;
use crate::exec::{Context, LateRow, Operator};
use crate::plan::{AggregateExpr, Expr, WindowSpec};
use crate::state::GroupTable;

/// One group of one open window. Its table key is window end, window start, then the group
/// key as arrow-row bytes.
struct Group {
    start: i64,
    end: i64,
    accumulators: Vec<Accumulator>,
}

pub struct WindowAggregateExec {
    id: String,
    window: WindowSpec,
    keyed: KeyedAggregates,
    groups: GroupTable<Group>,
    /// The groups of each open window, by (end, start): firing is a walk from the front.
    windows: BTreeMap<(i64, i64), Vec<u32>>,
    /// The largest input ROWTIME seen: Flink window output rows take it as their ROWTIME.
    last_rowtime: i64,
}

const WINDOW_KEY_BYTES: usize = 16;

impl WindowAggregateExec {
    pub fn new(
        id: String,
        window: WindowSpec,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        schema: SchemaRef,
    ) -> Result<WindowAggregateExec> {
        Ok(WindowAggregateExec {
            id,
            window,
            keyed: KeyedAggregates::new(group_exprs, aggregates, schema)?,
            groups: GroupTable::default(),
            windows: BTreeMap::new(),
            last_rowtime: i64::MIN,
        })
    }

    /// Emits (and forgets) every group whose window ends at or before `end_bound`.
    fn fire(&mut self, end_bound: i64) -> Result<Vec<RecordBatch>> {
        let still_open = self.windows.split_off(&(end_bound.saturating_add(1), i64::MIN));
        let closed = std::mem::replace(&mut self.windows, still_open);
        if closed.is_empty() {
            return Ok(vec![]);
        }
        let mut fired: Vec<(Box<[u8]>, Group)> = Vec::new();
        for (_, mut ids) in closed {
            // Within a window, groups come out in key order (arrow-row bytes sort like values).
            ids.sort_by(|a, b| self.groups.key(*a).cmp(self.groups.key(*b)));
            fired.extend(ids.into_iter().map(|id| self.groups.remove(id)));
        }
        self.output(&fired).map(|b| vec![b])
    }

    fn output(&self, fired: &[(Box<[u8]>, Group)]) -> Result<RecordBatch> {
        let kda = matches!(self.window, WindowSpec::Kda(_));
        let rows: Vec<FiredGroup> = fired
            .iter()
            .map(|(key, g)| FiredGroup {
                rowtime: if kda { g.end } else { self.last_rowtime },
                start: g.start,
                end: g.end,
                key: &key[WINDOW_KEY_BYTES..],
                accumulators: &g.accumulators,
            })
            .collect();
        self.keyed.output(&rows)
    }

    /// Each row's window time (KDA: the window start; Flink: the event time) and, for Flink,
    /// the watermark it meets.
    fn times(&self, batch: &RecordBatch) -> Result<(TimestampMillisecondArray, Option<TimestampMillisecondArray>)> {
        let as_ts = |a: ArrayRef| -> Result<TimestampMillisecondArray> {
            a.as_primitive_opt::<TimestampMillisecondType>()
                .cloned()
                .ok_or_else(|| Error::Internal("window time is not a timestamp".into()))
        };
        match &self.window {
            WindowSpec::Kda(w) => Ok((as_ts(evaluate(&w.start, batch)?)?, None)),
            WindowSpec::EventTime { time_column, watermark_column, .. } => {
                Ok((as_ts(batch.column(*time_column).clone())?, Some(as_ts(batch.column(*watermark_column).clone())?)))
            }
            WindowSpec::Stagger { .. } | WindowSpec::Changelog => {
                Err(Error::Internal("stagger windows and changelogs have their own operators".into()))
            }
        }
    }

    /// The windows a row at `time` belongs to.
    fn assign(&self, time: i64, out: &mut Vec<(i64, i64)>) {
        match &self.window {
            WindowSpec::Kda(w) => out.push((time, w.end_of(time))),
            WindowSpec::EventTime { kind, .. } => assign_windows(kind, time, out),
            WindowSpec::Stagger { .. } | WindowSpec::Changelog => {}
        }
    }
}

impl Operator for WindowAggregateExec {
    fn name(&self) -> String {
        match &self.window {
            WindowSpec::Kda(w) => format!("TumblingWindow[{}]: {}", self.id, w.start),
            WindowSpec::EventTime { kind, .. } => format!("WindowAggregate[{}]: {kind}", self.id),
            WindowSpec::Stagger { .. } | WindowSpec::Changelog => format!("WindowAggregate[{}]", self.id),
        }
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        // Evaluate everything first: a batch that fails here has changed nothing.
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>();
        let (times, watermarks) = self.times(&batch)?;
        let args = self.keyed.evaluate(&batch)?;
        if let Some(max) = arrow_arith::aggregate::max(rowtimes) {
            self.last_rowtime = self.last_rowtime.max(max);
        }

        let mut windows = Vec::new();
        let mut key = Vec::with_capacity(64);
        for row in 0..batch.num_rows() {
            if times.is_null(row) {
                ctx.late.push(LateRow::new(&batch, row, None, None, None, "the event time is NULL"));
                continue;
            }
            let time = times.value(row);
            windows.clear();
            self.assign(time, &mut windows);
            // A window whose end - 1 ms the row's watermark has reached has fired already.
            let watermark = watermarks.as_ref().and_then(|w| w.is_valid(row).then(|| w.value(row)));
            let total = windows.len();
            if let Some(wm) = watermark {
                windows.retain(|(_, end)| wm < end - 1);
            }
            if windows.is_empty() {
                if total > 0 {
                    let mut all = Vec::new();
                    self.assign(time, &mut all);
                    let missed = all.into_iter().max_by_key(|(_, end)| *end);
                    ctx.late.push(LateRow::new(
                        &batch,
                        row,
                        Some(time),
                        watermark,
                        missed,
                        "every window of the row has fired",
                    ));
                }
                continue;
            }
            for &(start, end) in &windows {
                key.clear();
                key.extend_from_slice(&end.to_be_bytes());
                key.extend_from_slice(&start.to_be_bytes());
                key.extend_from_slice(self.keyed.key(row));
                let (id, inserted) = self.groups.get_or_insert_with(&key, || Group {
                    start,
                    end,
                    accumulators: self.keyed.templates.clone(),
                });
                if inserted {
                    self.windows.entry((end, start)).or_default().push(id);
                }
                update(&mut self.groups.get_mut(id).accumulators, &args, row)?;
            }
        }
        Ok(vec![])
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        match self.window {
            // KDA: closes when a row at or past the end arrives (watermark = last ROWTIME).
            WindowSpec::Kda(_) => self.fire(watermark),
            // Flink: fires when the watermark reaches end - 1 ms.
            WindowSpec::EventTime { .. } => self.fire(watermark.saturating_add(1)),
            WindowSpec::Stagger { .. } | WindowSpec::Changelog => Ok(vec![]),
        }
    }

    fn state_entries(&self) -> usize {
        self.groups.len()
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX - 1)
    }
}
