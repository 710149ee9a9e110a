//! Sliding windows (`MIN(x) OVER w`), as KDA computes them: every row is emitted at once,
//! with aggregates over the rows of its partition that arrived up to and including it and
//! whose time is within the frame (`RANGE INTERVAL … PRECEDING` keeps rows exactly one range
//! old; `ROWS n PRECEDING` keeps n earlier rows). A row that arrives later with the same time
//! is not in an earlier row's window.

use std::collections::{HashMap, VecDeque};

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::exec::aggregate::Accumulator;
use crate::exec::expr::evaluate;
use crate::exec::{Context, Operator};
use crate::plan::{AggregateExpr, OverFrame, OverWindow, ScalarValue};
use crate::state::StateTable;

/// The rows one partition of one window holds: time, then the argument of each of the
/// window's aggregates.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Buffer {
    rows: VecDeque<(i64, Vec<ScalarValue>)>,
}

pub struct SlidingWindowExec {
    id: String,
    windows: Vec<OverWindow>,
    aggregates: Vec<(usize, AggregateExpr)>,
    /// A fresh accumulator per aggregate.
    templates: Vec<Accumulator>,
    schema: SchemaRef,
    /// Key: window index, then the encoded partition key.
    buffers: StateTable<Buffer>,
}

impl SlidingWindowExec {
    pub fn new(id: String, windows: Vec<OverWindow>, aggregates: Vec<(usize, AggregateExpr)>, schema: SchemaRef) -> Self {
        let buffers = StateTable::new(&id);
        let templates = aggregates.iter().map(|(_, a)| Accumulator::new(a)).collect();
        SlidingWindowExec { id, windows, aggregates, templates, schema, buffers }
    }
}

impl Operator for SlidingWindowExec {
    fn name(&self) -> String {
        let windows: Vec<String> = self.windows.iter().map(|w| w.to_string()).collect();
        format!("SlidingWindow[{}]: {}", self.id, windows.join(", "))
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let rows = batch.num_rows();
        let partitions: Vec<Vec<ArrayRef>> = self
            .windows
            .iter()
            .map(|w| w.partition_by.iter().map(|e| evaluate(e, &batch)).collect::<Result<Vec<_>>>())
            .collect::<Result<_>>()?;
        let args: Vec<Option<ArrayRef>> = self
            .aggregates
            .iter()
            .map(|(_, a)| a.arg.as_ref().map(|e| evaluate(e, &batch)).transpose())
            .collect::<Result<_>>()?;
        let mut results: Vec<Vec<ScalarValue>> = vec![Vec::with_capacity(rows); self.aggregates.len()];
        let mut touched: HashMap<Vec<u8>, Buffer> = HashMap::new();

        for row in 0..rows {
            for (w, window) in self.windows.iter().enumerate() {
                let times = batch.column(window.order_column).as_primitive::<TimestampMillisecondType>();
                let members: Vec<usize> = (0..self.aggregates.len()).filter(|a| self.aggregates[*a].0 == w).collect();
                if times.is_null(row) {
                    for a in members {
                        results[a].push(ScalarValue::Null);
                    }
                    continue;
                }
                let time = times.value(row);
                let partition: Vec<ScalarValue> = partitions[w]
                    .iter()
                    .map(|k| ScalarValue::try_from_array(k.as_ref(), row))
                    .collect::<Result<_>>()?;
                let mut key = vec![w as u8];
                key.extend(postcard::to_allocvec(&partition).map_err(|e| Error::Internal(format!("encoding key: {e}")))?);
                if !touched.contains_key(&key) {
                    let stored = self.buffers.get(ctx.state, &key)?.unwrap_or_default();
                    touched.insert(key.clone(), stored);
                }
                let buffer = touched.get_mut(&key).expect("inserted above");
                let values = members
                    .iter()
                    .map(|a| match &args[*a] {
                        Some(array) => ScalarValue::try_from_array(array.as_ref(), row),
                        None => Ok(ScalarValue::Int64(1)),
                    })
                    .collect::<Result<Vec<_>>>()?;
                buffer.rows.push_back((time, values));
                match window.frame {
                    OverFrame::Range(range) => {
                        while buffer.rows.front().is_some_and(|(t, _)| *t < time - range) {
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
                for (i, a) in members.iter().enumerate() {
                    let mut acc = self.templates[*a].clone();
                    for (_, values) in &buffer.rows {
                        acc.update(Some(&values[i]));
                    }
                    results[*a].push(acc.finish());
                }
            }
        }
        for (key, buffer) in touched {
            self.buffers.put(ctx.state, &key, &buffer)?;
        }
        let mut columns = batch.columns().to_vec();
        let first = columns.len();
        for (a, values) in results.iter().enumerate() {
            columns.push(ScalarValue::to_array(values, self.schema.field(first + a).data_type())?);
        }
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}
