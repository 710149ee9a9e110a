//! Flink's `GROUP BY` without a window: an updating result. Each input row changes its group's
//! aggregates, and the change goes out as a changelog: `+I` for a group's first result, then
//! `-U` (the old row) and `+U` (the new one). A change that leaves the result as it was sends
//! nothing, as Flink does.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{new_null_array, ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use super::aggregate::Accumulator;
use super::expr::evaluate;
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
    fn name(&self) -> String {
        format!("GroupAggregate[{}]: changelog", self.id)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
        let keys: Vec<ArrayRef> = self.group_exprs.iter().map(|e| evaluate(e, &batch)).collect::<Result<_>>()?;
        let args: Vec<Option<ArrayRef>> = self
            .aggregates
            .iter()
            .map(|a| a.arg.as_ref().map(|e| evaluate(e, &batch)).transpose())
            .collect::<Result<_>>()?;
        let mut touched: HashMap<Vec<u8>, Group> = HashMap::new();
        // (rowtime, op, keys, values) of every change, in order.
        let mut changes: Vec<(i64, &'static str, Vec<ScalarValue>, Vec<ScalarValue>)> = Vec::new();
        for row in 0..batch.num_rows() {
            let key: Vec<ScalarValue> =
                keys.iter().map(|k| ScalarValue::try_from_array(k.as_ref(), row)).collect::<Result<_>>()?;
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
            for (acc, arg) in group.accumulators.iter_mut().zip(&args) {
                match arg {
                    Some(array) => acc.update(Some(&ScalarValue::try_from_array(array.as_ref(), row)?)),
                    None => acc.update(None),
                }
            }
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
        for (key, group) in touched {
            self.groups.put(ctx.state, &key, &group)?;
        }
        if changes.is_empty() {
            return Ok(vec![]);
        }
        let fields = self.schema.fields();
        let n = changes.len();
        let mut columns: Vec<ArrayRef> = vec![std::sync::Arc::new(TimestampMillisecondArray::from(
            changes.iter().map(|c| c.0).collect::<Vec<_>>(),
        ))];
        for field in &fields[1..4] {
            columns.push(new_null_array(field.data_type(), n));
        }
        for k in 0..self.group_exprs.len() {
            columns.push(ScalarValue::to_array(changes.iter().map(|c| &c.2[k]), fields[4 + k].data_type())?);
        }
        let first_agg = 4 + self.group_exprs.len();
        for a in 0..self.aggregates.len() {
            columns.push(ScalarValue::to_array(changes.iter().map(|c| &c.3[a]), fields[first_agg + a].data_type())?);
        }
        columns.push(std::sync::Arc::new(StringArray::from(changes.iter().map(|c| c.1).collect::<Vec<_>>())));
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}
