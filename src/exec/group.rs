//! Flink's `GROUP BY` without a window: an updating result. Each input row changes its group's
//! aggregates, and the change goes out as a changelog: `+I` for a group's first result, then
//! `-U` (the old row) and `+U` (the new one). A change that leaves the result as it was sends
//! nothing, as Flink does.
//!
//! Its input may itself be updating: a `-U` or `-D` row takes its values back out of the
//! group's accumulators (which keep what they need for it: every value of a MIN or MAX). A
//! group whose rows have all been taken back is deleted (`-D`), and a retraction for a group
//! that does not exist is dropped, as Flink's `GroupAggFunction` does.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use super::aggregate::{output_batch, retract, Accumulator, GroupInputs, OutputRow};
use super::{Context, Operator};
use crate::error::{Error, Result};
use crate::plan::{AggregateExpr, Expr, ScalarValue};
use crate::state::StateTable;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Group {
    keys: Vec<ScalarValue>,
    accumulators: Vec<Accumulator>,
    /// The result last sent, if any.
    emitted: Option<Vec<ScalarValue>>,
    /// How many rows the accumulators hold (added less taken back).
    rows: i64,
}

pub struct GroupAggregateExec {
    id: String,
    group_exprs: Vec<Expr>,
    aggregates: Vec<AggregateExpr>,
    /// A fresh accumulator per aggregate, cloned for each new group.
    templates: Vec<Accumulator>,
    schema: SchemaRef,
    groups: StateTable<Group>,
    /// The input's `op` column, when the input is updating.
    input_op: Option<usize>,
}

impl GroupAggregateExec {
    pub fn new(
        id: String,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        input_op: Option<usize>,
        schema: SchemaRef,
    ) -> Self {
        let groups = StateTable::new(&id);
        let make = if input_op.is_some() { Accumulator::retracting } else { Accumulator::new };
        let templates = aggregates.iter().map(make).collect();
        GroupAggregateExec { id, group_exprs, aggregates, templates, schema, groups, input_op }
    }
}

impl Operator for GroupAggregateExec {
    // All its state is in the backend.
    crate::exec::stateless!();

    fn name(&self) -> String {
        format!("GroupAggregate[{}]: changelog", self.id)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
        let ops = self.input_op.map(|i| batch.column(i).as_string::<i32>().clone());
        let inputs = GroupInputs::evaluate(&self.group_exprs, &self.aggregates, &batch)?;
        // The groups this batch changes; `None`, a group that does not exist (any more).
        let mut touched: HashMap<Vec<u8>, Option<Group>> = HashMap::new();
        // (rowtime, op, keys, values) of every change, in order.
        let mut changes: Vec<(i64, &'static str, Vec<ScalarValue>, Vec<ScalarValue>)> = Vec::new();
        for row in 0..batch.num_rows() {
            let retraction = ops.as_ref().is_some_and(|ops| matches!(ops.value(row), "-U" | "-D"));
            let key = inputs.key(row)?;
            let key_bytes = postcard::to_allocvec(&key).map_err(|e| Error::Internal(format!("encoding key: {e}")))?;
            if !touched.contains_key(&key_bytes) {
                let stored = self.groups.get(ctx.state, &key_bytes)?;
                touched.insert(key_bytes.clone(), stored);
            }
            let slot = touched.get_mut(&key_bytes).expect("inserted above");
            if slot.is_none() && retraction {
                continue;
            }
            let group = slot.get_or_insert_with(|| Group {
                keys: key.clone(),
                accumulators: self.templates.clone(),
                emitted: None,
                rows: 0,
            });
            let t = rowtimes.value(row);
            if retraction {
                retract(&mut group.accumulators, &inputs.args, row)?;
                group.rows -= 1;
                if group.rows <= 0 {
                    if let Some(old) = group.emitted.take() {
                        changes.push((t, "-D", key, old));
                    }
                    *slot = None;
                    continue;
                }
            } else {
                inputs.update(&mut group.accumulators, row)?;
                group.rows += 1;
            }
            let values: Vec<ScalarValue> = group.accumulators.iter().map(Accumulator::finish).collect();
            match group.emitted.take() {
                None => changes.push((t, "+I", key, values.clone())),
                Some(old) if old == values => {}
                Some(old) => {
                    changes.push((t, "-U", key.clone(), old));
                    changes.push((t, "+U", key, values.clone()));
                }
            }
            group.emitted = Some(values);
        }
        self.groups.write_batch(ctx.state, touched)?;
        if changes.is_empty() {
            return Ok(vec![]);
        }
        let ops: ArrayRef = std::sync::Arc::new(StringArray::from(changes.iter().map(|c| c.1).collect::<Vec<_>>()));
        let rows: Vec<OutputRow> = changes
            .iter()
            .map(|(rowtime, _, keys, values)| OutputRow {
                rowtime: *rowtime,
                window: None,
                keys,
                values: values.clone(),
            })
            .collect();
        Ok(vec![output_batch(&self.schema, &rows, vec![ops])?])
    }
}
