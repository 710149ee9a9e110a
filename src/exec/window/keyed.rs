//! What the windowed aggregates share: group keys as order-preserving arrow-row bytes, the
//! aggregates with a fresh accumulator for each, and the output layout of fired windows.

use arrow_array::{ArrayRef, RecordBatch, TimestampMillisecondArray};
use arrow_row::{RowConverter, Rows, SortField};
use arrow_schema::SchemaRef;

use crate::error::Result;
use crate::exec::aggregate::{Accumulator, ArgColumn};
use crate::exec::expr::evaluate;
use crate::plan::{AggregateExpr, Expr, ScalarValue};

pub struct KeyedAggregates {
    pub group_exprs: Vec<Expr>,
    pub aggregates: Vec<AggregateExpr>,
    /// A fresh accumulator per aggregate, cloned for each new group.
    pub templates: Vec<Accumulator>,
    pub schema: SchemaRef,
    /// Encodes group keys as order-preserving bytes (and back, when windows fire).
    keys: RowConverter,
    /// The current batch's key bytes, reused from batch to batch.
    key_rows: Rows,
}

/// A group of a window that fires.
pub struct FiredGroup<'a> {
    pub rowtime: i64,
    pub start: i64,
    pub end: i64,
    /// The group key as arrow-row bytes.
    pub key: &'a [u8],
    pub accumulators: &'a [Accumulator],
}

impl KeyedAggregates {
    pub fn new(group_exprs: Vec<Expr>, aggregates: Vec<AggregateExpr>, schema: SchemaRef) -> Result<KeyedAggregates> {
        let keys = RowConverter::new(group_exprs.iter().map(|e| SortField::new(e.data_type())).collect())?;
        let key_rows = keys.empty_rows(0, 0);
        let templates = aggregates.iter().map(Accumulator::new).collect();
        Ok(KeyedAggregates { group_exprs, aggregates, templates, schema, keys, key_rows })
    }

    /// Evaluates a batch: its keys into row bytes (see [`KeyedAggregates::key`]) and the
    /// aggregates' argument columns.
    pub fn evaluate(&mut self, batch: &RecordBatch) -> Result<Vec<ArgColumn>> {
        if !self.group_exprs.is_empty() {
            let columns: Vec<ArrayRef> = self.group_exprs.iter().map(|e| evaluate(e, batch)).collect::<Result<_>>()?;
            self.key_rows.clear();
            self.keys.append(&mut self.key_rows, &columns)?;
        }
        self.aggregates
            .iter()
            .map(|a| ArgColumn::new(a, a.arg.as_ref().map(|e| evaluate(e, batch)).transpose()?))
            .collect()
    }

    /// The key bytes of `row` of the batch last evaluated (empty without group keys).
    pub fn key(&self, row: usize) -> &[u8] {
        if self.group_exprs.is_empty() {
            &[]
        } else {
            self.key_rows.row(row).data()
        }
    }

    /// The output batch of fired groups: `ROWTIME`, `WINDOW_START`, `WINDOW_END`,
    /// `WINDOW_TIME`, the keys (decoded from their bytes), the aggregate values.
    pub fn output(&self, rows: &[FiredGroup]) -> Result<RecordBatch> {
        let fields = self.schema.fields();
        let ts = |f: &dyn Fn(&FiredGroup) -> i64| -> ArrayRef {
            std::sync::Arc::new(TimestampMillisecondArray::from(rows.iter().map(f).collect::<Vec<_>>()))
        };
        let mut columns: Vec<ArrayRef> = vec![ts(&|g| g.rowtime), ts(&|g| g.start), ts(&|g| g.end), ts(&|g| g.end - 1)];
        if !self.group_exprs.is_empty() {
            let parser = self.keys.parser();
            columns.extend(self.keys.convert_rows(rows.iter().map(|g| parser.parse(g.key)))?);
        }
        let first_agg = columns.len();
        for a in 0..self.aggregates.len() {
            let values: Vec<ScalarValue> = rows.iter().map(|g| g.accumulators[a].finish()).collect();
            columns.push(ScalarValue::to_array(&values, fields[first_agg + a].data_type())?);
        }
        Ok(RecordBatch::try_new(self.schema.clone(), columns)?)
    }
}
