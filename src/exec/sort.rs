//! KDA's streaming `ORDER BY`: its first key is monotonic in ROWTIME (`ROWTIME`,
//! `FLOOR(ROWTIME TO SECOND)`, `STEP(ROWTIME BY …)`) and groups the rows; a group is sorted by
//! the other keys and sent when a row of a later group arrives (or the input ends). The rows of
//! a group go out with the group's latest ROWTIME, so the stream's ROWTIME never goes back.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch, TimestampMillisecondArray};
use arrow_row::{RowConverter, SortField};
use arrow_schema::{Field, Schema, SchemaRef};

use super::expr::evaluate;
use super::{Context, Operator};
use crate::error::{Error, Result};
use crate::plan::{Expr, SortKey};

pub struct SortExec {
    group: Expr,
    keys: Vec<SortKey>,
    schema: SchemaRef,
    /// The input's columns, then the keys' values (evaluated as rows arrive, so that a key a
    /// row cannot compute fails that row).
    held_schema: SchemaRef,
    held: Vec<RecordBatch>,
    /// The group the held rows belong to.
    current: Option<i64>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    current: Option<i64>,
    rows: Vec<Vec<u8>>,
}

impl SortExec {
    pub fn new(group: Expr, keys: Vec<SortKey>, schema: SchemaRef) -> SortExec {
        let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
        fields.extend(keys.iter().enumerate().map(|(i, k)| Field::new(format!("$KEY{i}"), k.expr.data_type(), true)));
        let held_schema = Arc::new(Schema::new(fields));
        SortExec { group, keys, schema, held_schema, held: vec![], current: None }
    }

    /// The held group, sorted, with the group's latest ROWTIME.
    fn emit(&mut self) -> Result<Vec<RecordBatch>> {
        if self.held.is_empty() {
            return Ok(vec![]);
        }
        let all = arrow_select::concat::concat_batches(&self.held_schema, &self.held)?;
        self.held.clear();
        let width = self.schema.fields().len();
        let columns: Vec<arrow_ord::sort::SortColumn> = self
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| arrow_ord::sort::SortColumn {
                values: all.column(width + i).clone(),
                options: Some(arrow_schema::SortOptions { descending: k.desc, nulls_first: k.nulls_first }),
            })
            .collect();
        let indices = arrow_ord::sort::lexsort_to_indices(&columns, None)?;
        let latest = arrow_arith::aggregate::max(all.column(0).as_primitive::<TimestampMillisecondType>());
        let mut out: Vec<ArrayRef> = all.columns()[..width]
            .iter()
            .map(|c| arrow_select::take::take(c, &indices, None))
            .collect::<std::result::Result<_, _>>()?;
        if let Some(latest) = latest {
            out[0] = Arc::new(TimestampMillisecondArray::from(vec![latest; all.num_rows()]));
        }
        Ok(vec![RecordBatch::try_new(self.schema.clone(), out)?])
    }

    fn converter(&self) -> Result<RowConverter> {
        Ok(RowConverter::new(
            self.held_schema.fields().iter().map(|f| SortField::new(f.data_type().clone())).collect(),
        )?)
    }
}

impl Operator for SortExec {
    fn name(&self) -> String {
        let keys: Vec<String> = self.keys.iter().map(|k| k.to_string()).collect();
        format!("Sort: groups of {}, by {}", self.group, keys.join(", "))
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let group = evaluate(&self.group, &batch)?;
        let group = group
            .as_primitive_opt::<TimestampMillisecondType>()
            .ok_or_else(|| Error::Internal(format!("ORDER BY's first key {} is not a time", self.group)))?;
        let mut columns = batch.columns().to_vec();
        for k in &self.keys {
            columns.push(evaluate(&k.expr, &batch)?);
        }
        let held = RecordBatch::try_new(self.held_schema.clone(), columns)?;
        let mut out = Vec::new();
        let mut first = 0;
        while first < batch.num_rows() {
            let value = if group.is_valid(first) { group.value(first) } else { i64::MIN };
            let end = (first..batch.num_rows())
                .find(|&i| (if group.is_valid(i) { group.value(i) } else { i64::MIN }) != value)
                .unwrap_or(batch.num_rows());
            if self.current.is_some_and(|c| value > c) {
                out.extend(self.emit()?);
            }
            self.current = Some(self.current.map_or(value, |c| c.max(value)));
            self.held.push(held.slice(first, end - first));
            first = end;
        }
        Ok(out)
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.emit()
    }

    fn state_entries(&self) -> usize {
        self.held.iter().map(|b| b.num_rows()).sum()
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        let converter = self.converter()?;
        let mut rows = Vec::new();
        for b in &self.held {
            let converted = converter.convert_columns(b.columns())?;
            rows.extend(converted.iter().map(|r| r.as_ref().to_vec()));
        }
        Ok(Some(super::encode(&Saved { current: self.current, rows })?))
    }

    fn load(&mut self, bytes: &[u8], _state: &mut dyn crate::state::StateBackend) -> Result<()> {
        let saved: Saved = super::decode(bytes)?;
        self.current = saved.current;
        self.held.clear();
        if !saved.rows.is_empty() {
            let converter = self.converter()?;
            let parser = converter.parser();
            let columns = converter.convert_rows(saved.rows.iter().map(|r| parser.parse(r)))?;
            self.held.push(RecordBatch::try_new(self.held_schema.clone(), columns)?);
        }
        Ok(())
    }
}
