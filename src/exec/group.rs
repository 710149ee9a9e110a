//! Flink's `GROUP BY` without a window: an updating result. Each input row changes its group's
//! aggregates, and the change goes out as a changelog: `+I` for a group's first result, then
//! `-U` (the old row) and `+U` (the new one). A change that leaves the result as it was sends
//! nothing, as Flink does.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use super::aggregate::{output_batch, Accumulator, GroupInputs, OutputRow};
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
}

pub struct GroupAggregateExec {
    id: String,
    group_exprs: Vec<Expr>,
    aggregates: Vec<AggregateExpr>,
    /// A fresh accumulator per aggregate, cloned for each new group.
    templates: Vec<Accumulator>,
    schema: SchemaRef,
    groups: StateTable<Group>,
}

impl GroupAggregateExec {
    pub fn new(id: String, group_exprs: Vec<Expr>, aggregates: Vec<AggregateExpr>, schema: SchemaRef) -> Self {
        let groups = StateTable::new(&id);
        let templates = aggregates.iter().map(Accumulator::new).collect();
        GroupAggregateExec { id, group_exprs, aggregates, templates, schema, groups }
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
        let inputs = GroupInputs::evaluate(&self.group_exprs, &self.aggregates, &batch)?;
        let mut touched: HashMap<Vec<u8>, Group> = HashMap::new();
        // (rowtime, op, keys, values) of every change, in order.
        let mut changes: Vec<(i64, &'static str, Vec<ScalarValue>, Vec<ScalarValue>)> = Vec::new();
        for row in 0..batch.num_rows() {
            let key = inputs.key(row)?;
            let key_bytes = postcard::to_allocvec(&key).map_err(|e| Error::Internal(format!("encoding key: {e}")))?;
            if !touched.contains_key(&key_bytes) {
                let stored = self.groups.get(ctx.state, &key_bytes)?.unwrap_or_else(|| Group {
                    keys: key.clone(),
                    accumulators: self.templates.clone(),
                    emitted: None,
                });
                touched.insert(key_bytes.clone(), stored);
            }
            let group = touched.get_mut(&key_bytes).expect("inserted above");
            inputs.update(&mut group.accumulators, row)?;
            let values: Vec<ScalarValue> = group.accumulators.iter().map(Accumulator::finish).collect();
            let t = rowtimes.value(row);
            match group.emitted.take() {
                None => changes.push((t, "+I", key.clone(), values.clone())),
                Some(old) if old == values => {}
                Some(old) => {
                    changes.push((t, "-U", key.clone(), old));
                    changes.push((t, "+U", key.clone(), values.clone()));
                }
            }
            group.emitted = Some(values);
        }
        self.groups.write_batch(ctx.state, touched.into_iter().map(|(key, group)| (key, Some(group))))?;
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
