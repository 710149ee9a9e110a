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
//! order; windows in order of end, then start. Each batch is pre-aggregated in memory per
//! (window, key) and folded into the state table once per (window, key).

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch, TimestampMillisecondArray};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use super::assign::assign_windows;
use crate::error::{Error, Result};
use crate::exec::aggregate::Accumulator;
use crate::exec::expr::evaluate;
use crate::exec::{Context, LateRow, Operator};
use crate::plan::{AggregateExpr, Expr, ScalarValue, WindowSpec};
use crate::state::{ordered_i64, ordered_i64_from, StateTable};

/// One group of one open window.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct GroupState {
    start: i64,
    keys: Vec<ScalarValue>,
    accumulators: Vec<Accumulator>,
}

pub struct WindowAggregateExec {
    id: String,
    window: WindowSpec,
    group_exprs: Vec<Expr>,
    aggregates: Vec<AggregateExpr>,
    schema: SchemaRef,
    /// Key: window end, window start (ordered bytes), then the encoded group key.
    groups: StateTable<GroupState>,
    /// The largest input ROWTIME seen: Flink window output rows take it as their ROWTIME.
    last_rowtime: i64,
}

impl WindowAggregateExec {
    pub fn new(
        id: String,
        window: WindowSpec,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        schema: SchemaRef,
    ) -> WindowAggregateExec {
        let groups = StateTable::new(&id);
        WindowAggregateExec { id, window, group_exprs, aggregates, schema, groups, last_rowtime: i64::MIN }
    }

    fn state_key(end: i64, start: i64, keys: &[ScalarValue]) -> Result<Vec<u8>> {
        let mut key = ordered_i64(end).to_vec();
        key.extend_from_slice(&ordered_i64(start));
        let encoded = postcard::to_allocvec(keys).map_err(|e| Error::Internal(format!("encoding group key: {e}")))?;
        key.extend_from_slice(&encoded);
        Ok(key)
    }

    /// Emits (and forgets) every group whose window ends at or before `end_bound`.
    fn fire(&mut self, end_bound: i64, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let upper = ordered_i64(end_bound.saturating_add(1));
        let closed = self.groups.range(ctx.state, &ordered_i64(i64::MIN), &upper)?;
        if closed.is_empty() {
            return Ok(vec![]);
        }
        let mut rows: Vec<(i64, GroupState)> = Vec::with_capacity(closed.len());
        for (key, group) in closed {
            self.groups.delete(ctx.state, &key)?;
            let end = ordered_i64_from(&key).ok_or_else(|| Error::Internal("short window key".into()))?;
            rows.push((end, group));
        }
        rows.sort_by(|(e1, g1), (e2, g2)| e1.cmp(e2).then(g1.start.cmp(&g2.start)).then_with(|| g1.keys.cmp(&g2.keys)));
        Ok(vec![self.output(&rows)?])
    }

    fn output(&self, rows: &[(i64, GroupState)]) -> Result<RecordBatch> {
        let fields = self.schema.fields();
        let ts = |f: &dyn Fn(&(i64, GroupState)) -> i64| -> ArrayRef {
            std::sync::Arc::new(TimestampMillisecondArray::from(rows.iter().map(f).collect::<Vec<_>>()))
        };
        let kda = matches!(self.window, WindowSpec::Kda(_));
        let last = self.last_rowtime;
        let mut columns: Vec<ArrayRef> = vec![
            ts(&|(end, _)| if kda { *end } else { last }),
            ts(&|(_, g)| g.start),
            ts(&|(end, _)| *end),
            ts(&|(end, _)| end - 1),
        ];
        let fixed = columns.len();
        for k in 0..self.group_exprs.len() {
            let values = rows.iter().map(|(_, g)| &g.keys[k]);
            columns.push(ScalarValue::to_array(values, fields[fixed + k].data_type())?);
        }
        let first_agg = fixed + self.group_exprs.len();
        for a in 0..self.aggregates.len() {
            let values: Vec<ScalarValue> = rows.iter().map(|(_, g)| g.accumulators[a].finish()).collect();
            columns.push(ScalarValue::to_array(&values, fields[first_agg + a].data_type())?);
        }
        Ok(RecordBatch::try_new(self.schema.clone(), columns)?)
    }

    /// Each row's event time and the watermark it meets (Flink), or its KDA window start.
    fn times(&self, batch: &RecordBatch) -> Result<(TimestampMillisecondArray, Option<TimestampMillisecondArray>)> {
        let as_ts = |a: ArrayRef| -> Result<TimestampMillisecondArray> {
            a.as_primitive_opt::<TimestampMillisecondType>()
                .cloned()
                .ok_or_else(|| Error::Internal("window time is not a timestamp".into()))
        };
        match &self.window {
            WindowSpec::Kda(w) => Ok((as_ts(evaluate(&w.start, batch)?)?, None)),
            WindowSpec::EventTime { time_column, watermark_column, .. } => Ok((
                as_ts(batch.column(*time_column).clone())?,
                Some(as_ts(batch.column(*watermark_column).clone())?),
            )),
            WindowSpec::Stagger { .. } | WindowSpec::Changelog => {
                Err(Error::Internal("stagger windows and changelogs have their own operators".into()))
            }
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
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>();
        if let Some(max) = arrow_arith::aggregate::max(rowtimes) {
            self.last_rowtime = self.last_rowtime.max(max);
        }
        let (times, watermarks) = self.times(&batch)?;
        let keys: Vec<ArrayRef> = self.group_exprs.iter().map(|e| evaluate(e, &batch)).collect::<Result<_>>()?;
        let args: Vec<Option<ArrayRef>> = self
            .aggregates
            .iter()
            .map(|a| a.arg.as_ref().map(|e| evaluate(e, &batch)).transpose())
            .collect::<Result<_>>()?;

        // Pre-aggregate the batch per (window end, window start, key).
        let mut local: HashMap<(i64, i64, Vec<ScalarValue>), GroupState> = HashMap::new();
        let mut windows = Vec::new();
        for row in 0..batch.num_rows() {
            if times.is_null(row) {
                ctx.late.push(LateRow::new(&batch, row, None, None, None, "the event time is NULL"));
                continue;
            }
            let time = times.value(row);
            windows.clear();
            match &self.window {
                WindowSpec::Kda(w) => windows.push((time, w.end_of(time))),
                WindowSpec::EventTime { kind, .. } => assign_windows(kind, time, &mut windows),
                WindowSpec::Stagger { .. } | WindowSpec::Changelog => {}
            }
            // A window whose end - 1 ms the row's watermark has reached has fired already.
            let watermark = watermarks.as_ref().and_then(|w| w.is_valid(row).then(|| w.value(row)));
            let total = windows.len();
            if let Some(wm) = watermark {
                windows.retain(|(_, end)| wm < end - 1);
            }
            if windows.is_empty() {
                if total > 0 {
                    let window = Some(self.last_window(time));
                    ctx.late.push(LateRow::new(&batch, row, Some(time), watermark, window, "every window of the row has fired"));
                }
                continue;
            }
            let key: Vec<ScalarValue> =
                keys.iter().map(|k| ScalarValue::try_from_array(k.as_ref(), row)).collect::<Result<_>>()?;
            let values: Vec<Option<ScalarValue>> = args
                .iter()
                .map(|a| a.as_ref().map(|array| ScalarValue::try_from_array(array.as_ref(), row)).transpose())
                .collect::<Result<_>>()?;
            for &(start, end) in &windows {
                let group = local.entry((end, start, key.clone())).or_insert_with(|| GroupState {
                    start,
                    keys: key.clone(),
                    accumulators: self.aggregates.iter().map(Accumulator::new).collect(),
                });
                for (acc, value) in group.accumulators.iter_mut().zip(&values) {
                    acc.update(value.as_ref());
                }
            }
        }
        // Fold into state: one read and one write per group touched.
        for ((end, start, key), partial) in local {
            let state_key = Self::state_key(end, start, &key)?;
            let merged = match self.groups.get(ctx.state, &state_key)? {
                Some(mut stored) => {
                    for (acc, p) in stored.accumulators.iter_mut().zip(&partial.accumulators) {
                        acc.merge(p);
                    }
                    stored
                }
                None => partial,
            };
            self.groups.put(ctx.state, &state_key, &merged)?;
        }
        Ok(vec![])
    }

    fn handle_watermark(&mut self, watermark: i64, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        match self.window {
            // KDA: closes when a row at or past the end arrives (watermark = last ROWTIME).
            WindowSpec::Kda(_) => self.fire(watermark, ctx),
            // Flink: fires when the watermark reaches end - 1 ms.
            WindowSpec::EventTime { .. } => self.fire(watermark.saturating_add(1), ctx),
            WindowSpec::Stagger { .. } | WindowSpec::Changelog => Ok(vec![]),
        }
    }

    fn on_close(&mut self, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX - 1, ctx)
    }
}

impl WindowAggregateExec {
    /// The latest window a row at `time` belongs to, for the late lane.
    fn last_window(&self, time: i64) -> (i64, i64) {
        let mut windows = Vec::new();
        match &self.window {
            WindowSpec::Kda(w) => windows.push((time, w.end_of(time))),
            WindowSpec::EventTime { kind, .. } => assign_windows(kind, time, &mut windows),
            WindowSpec::Stagger { .. } | WindowSpec::Changelog => {}
        }
        windows.into_iter().max_by_key(|(_, end)| *end).unwrap_or((time, time))
    }
}
