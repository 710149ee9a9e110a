//! Tumbling windows on `ROWTIME`: `GROUP BY …, STEP(ROWTIME BY INTERVAL …)` and
//! `GROUP BY …, FLOOR(ROWTIME TO unit)`.
//!
//! KDA's rule: a group is emitted when a row arrives whose `ROWTIME` is at or past the window's
//! end; the end of a finite input emits every open group. Output rows have `ROWTIME` = the
//! window end; the groups of one window come out ordered by their key values (as KDA's
//! documented examples list them).
//!
//! Each batch is first aggregated in memory per (window, key); the result is folded into the
//! state table once per (window, key), not once per row.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use crate::exec::aggregate::Accumulator;
use crate::exec::expr::evaluate;
use crate::exec::{Context, Operator};
use crate::error::{Error, Result};
use crate::plan::{AggregateExpr, Expr, ScalarValue, TumblingWindow};
use crate::state::{ordered_i64, ordered_i64_from, StateTable};

/// One group of one open window.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct GroupState {
    start: i64,
    keys: Vec<ScalarValue>,
    accumulators: Vec<Accumulator>,
}

pub struct TumblingWindowExec {
    id: String,
    window: TumblingWindow,
    group_exprs: Vec<Expr>,
    aggregates: Vec<AggregateExpr>,
    schema: SchemaRef,
    /// Key: window end (ordered bytes) then the encoded group key.
    groups: StateTable<GroupState>,
}

impl TumblingWindowExec {
    pub fn new(
        id: String,
        window: TumblingWindow,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        schema: SchemaRef,
    ) -> TumblingWindowExec {
        let groups = StateTable::new(&id);
        TumblingWindowExec { id, window, group_exprs, aggregates, schema, groups }
    }

    fn state_key(end: i64, keys: &[ScalarValue]) -> Result<Vec<u8>> {
        let mut key = ordered_i64(end).to_vec();
        let encoded = postcard::to_allocvec(keys).map_err(|e| Error::Internal(format!("encoding group key: {e}")))?;
        key.extend_from_slice(&encoded);
        Ok(key)
    }

    /// Emits (and forgets) every group whose window ends at or before `watermark`.
    fn fire(&mut self, up_to: i64, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let end_bound = ordered_i64(up_to.saturating_add(1));
        let closed = self.groups.range(ctx.state, &ordered_i64(i64::MIN), &end_bound)?;
        if closed.is_empty() {
            return Ok(vec![]);
        }
        let mut rows: Vec<(i64, GroupState)> = Vec::with_capacity(closed.len());
        for (key, group) in closed {
            self.groups.delete(ctx.state, &key)?;
            let end = ordered_i64_from(&key).ok_or_else(|| Error::Internal("short window key".into()))?;
            rows.push((end, group));
        }
        rows.sort_by(|(e1, g1), (e2, g2)| e1.cmp(e2).then_with(|| g1.keys.cmp(&g2.keys)));
        Ok(vec![self.output(&rows)?])
    }

    fn output(&self, rows: &[(i64, GroupState)]) -> Result<RecordBatch> {
        let fields = self.schema.fields();
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(fields.len());
        let ends: Vec<ScalarValue> = rows.iter().map(|(end, _)| ScalarValue::TimestampMs(*end)).collect();
        columns.push(ScalarValue::to_array(&ends, fields[0].data_type())?);
        let starts: Vec<ScalarValue> = rows.iter().map(|(_, g)| ScalarValue::TimestampMs(g.start)).collect();
        columns.push(ScalarValue::to_array(&starts, fields[1].data_type())?);
        for k in 0..self.group_exprs.len() {
            let values = rows.iter().map(|(_, g)| &g.keys[k]);
            columns.push(ScalarValue::to_array(values, fields[2 + k].data_type())?);
        }
        let first_agg = 2 + self.group_exprs.len();
        for a in 0..self.aggregates.len() {
            let values: Vec<ScalarValue> = rows.iter().map(|(_, g)| g.accumulators[a].finish()).collect();
            columns.push(ScalarValue::to_array(&values, fields[first_agg + a].data_type())?);
        }
        Ok(RecordBatch::try_new(self.schema.clone(), columns)?)
    }
}

impl Operator for TumblingWindowExec {
    fn name(&self) -> String {
        format!("TumblingWindow[{}]: {}", self.id, self.window.start)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let starts = evaluate(&self.window.start, &batch)?;
        let starts = starts
            .as_primitive_opt::<TimestampMillisecondType>()
            .ok_or_else(|| Error::Internal("window start is not a timestamp".into()))?
            .clone();
        let keys: Vec<ArrayRef> = self.group_exprs.iter().map(|e| evaluate(e, &batch)).collect::<Result<_>>()?;
        let args: Vec<Option<ArrayRef>> = self
            .aggregates
            .iter()
            .map(|a| a.arg.as_ref().map(|e| evaluate(e, &batch)).transpose())
            .collect::<Result<_>>()?;

        // Pre-aggregate the batch per (window end, key).
        let mut local: HashMap<(i64, Vec<ScalarValue>), GroupState> = HashMap::new();
        for row in 0..batch.num_rows() {
            if starts.is_null(row) {
                continue;
            }
            let start = starts.value(row);
            let end = self.window.end_of(start);
            let key: Vec<ScalarValue> =
                keys.iter().map(|k| ScalarValue::try_from_array(k.as_ref(), row)).collect::<Result<_>>()?;
            let group = local.entry((end, key)).or_insert_with_key(|(_, key)| GroupState {
                start,
                keys: key.clone(),
                accumulators: self.aggregates.iter().map(Accumulator::new).collect(),
            });
            for (acc, arg) in group.accumulators.iter_mut().zip(&args) {
                match arg {
                    Some(array) => acc.update(Some(&ScalarValue::try_from_array(array.as_ref(), row)?)),
                    None => acc.update(None),
                }
            }
        }
        // Fold into state: one read and one write per group touched.
        for ((end, key), partial) in local {
            let state_key = Self::state_key(end, &key)?;
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
        self.fire(watermark, ctx)
    }

    fn on_close(&mut self, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX - 1, ctx)
    }
}
