//! A stream joined to a reference table: the table's rows are indexed by key once, when the
//! pump starts; each input row takes the table rows with equal keys.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{new_null_array, Array, ArrayRef, RecordBatch, UInt32Array};
use arrow_row::{RowConverter, SortField};
use arrow_schema::SchemaRef;

use crate::error::Result;
use crate::exec::expr::evaluate;
use crate::exec::{Context, Operator};
use crate::plan::{Expr, JoinKind, ReferenceTable};
use crate::state::{fixed_hasher, TableHasher};

pub struct LookupJoinExec {
    table: Arc<ReferenceTable>,
    kind: JoinKind,
    left_keys: Vec<Expr>,
    residual: Option<Expr>,
    schema: SchemaRef,
    /// Encodes keys as comparable bytes, the same for both sides.
    converter: RowConverter,
    /// A table key's bytes → the table rows that have it (rows with a NULL key match nothing).
    index: HashMap<Box<[u8]>, Vec<u32>, TableHasher>,
}

impl LookupJoinExec {
    pub fn new(
        table: Arc<ReferenceTable>,
        kind: JoinKind,
        keys: &[(Expr, Expr)],
        residual: Option<Expr>,
        schema: SchemaRef,
    ) -> Result<LookupJoinExec> {
        // The table's key expressions are over the joined columns: evaluate them over the
        // table's rows behind NULL columns where the input's would be.
        let rows = table.rows.num_rows();
        let input_width = schema.fields().len() - table.rows.num_columns();
        let mut columns: Vec<ArrayRef> =
            schema.fields().iter().take(input_width).map(|f| new_null_array(f.data_type(), rows)).collect();
        columns.extend(table.rows.columns().iter().cloned());
        let nullable: Vec<arrow_schema::Field> =
            schema.fields().iter().map(|f| f.as_ref().clone().with_nullable(true)).collect();
        let padded = RecordBatch::try_new_with_options(
            Arc::new(arrow_schema::Schema::new(nullable)),
            columns,
            &arrow_array::RecordBatchOptions::new().with_row_count(Some(rows)),
        )?;
        let right: Vec<ArrayRef> = keys.iter().map(|(_, r)| evaluate(r, &padded)).collect::<Result<_>>()?;
        let converter = RowConverter::new(right.iter().map(|a| SortField::new(a.data_type().clone())).collect())?;
        let encoded = converter.convert_columns(&right)?;
        let mut index: HashMap<Box<[u8]>, Vec<u32>, TableHasher> = HashMap::with_hasher(fixed_hasher());
        for row in 0..rows {
            if right.iter().all(|a| a.is_valid(row)) {
                index.entry(encoded.row(row).data().into()).or_default().push(row as u32);
            }
        }
        let left_keys = keys.iter().map(|(l, _)| l.clone()).collect();
        Ok(LookupJoinExec { table, kind, left_keys, residual, schema, converter, index })
    }

    /// The joined rows for pairs of an input row and a table row (`None`: NULLs).
    fn joined(&self, batch: &RecordBatch, left: &[u32], right: &[Option<u32>]) -> Result<RecordBatch> {
        let left = UInt32Array::from(left.to_vec());
        let right = UInt32Array::from(right.to_vec());
        let mut columns = Vec::with_capacity(self.schema.fields().len());
        for column in batch.columns() {
            columns.push(arrow_select::take::take(column.as_ref(), &left, None)?);
        }
        for column in self.table.rows.columns() {
            columns.push(arrow_select::take::take(column.as_ref(), &right, None)?);
        }
        Ok(RecordBatch::try_new_with_options(
            self.schema.clone(),
            columns,
            &arrow_array::RecordBatchOptions::new().with_row_count(Some(left.len())),
        )?)
    }
}

impl Operator for LookupJoinExec {
    crate::exec::saves_nothing!();

    fn name(&self) -> String {
        let kind = if self.kind == JoinKind::Left { "LEFT " } else { "" };
        format!("LookupJoin: {kind}reference table \"{}\" ({} rows)", self.table.name, self.table.rows.num_rows())
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let keys: Vec<ArrayRef> = self.left_keys.iter().map(|k| evaluate(k, &batch)).collect::<Result<_>>()?;
        let encoded = self.converter.convert_columns(&keys)?;
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for row in 0..batch.num_rows() {
            let matches =
                keys.iter().all(|k| k.is_valid(row)).then(|| self.index.get(encoded.row(row).data())).flatten();
            match matches {
                Some(rows) => {
                    left.extend(std::iter::repeat_n(row as u32, rows.len()));
                    right.extend(rows.iter().map(|r| Some(*r)));
                }
                None if self.kind == JoinKind::Left => {
                    left.push(row as u32);
                    right.push(None);
                }
                None => {}
            }
        }
        let joined = self.joined(&batch, &left, &right)?;
        let Some(residual) = &self.residual else { return Ok(vec![joined]) };
        // The rest of the ON condition: pairs it rejects go; a LEFT join's row that loses
        // every pair is kept once, with NULLs.
        let keep = evaluate(residual, &joined)?;
        let keep = keep.as_boolean();
        let (mut kept_left, mut kept_right) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < left.len() {
            let row = left[i];
            let mut any = false;
            while i < left.len() && left[i] == row {
                if right[i].is_some() && keep.is_valid(i) && keep.value(i) {
                    kept_left.push(row);
                    kept_right.push(right[i]);
                    any = true;
                }
                i += 1;
            }
            if !any && self.kind == JoinKind::Left {
                kept_left.push(row);
                kept_right.push(None);
            }
        }
        Ok(vec![self.joined(&batch, &kept_left, &kept_right)?])
    }
}
