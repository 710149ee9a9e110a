//! A window TVF without an aggregate (`SELECT * FROM TABLE(HOP(…))`): each row once per window
//! it falls in, with `window_start`, `window_end` and `window_time` appended, as soon as it
//! arrives.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch, TimestampMillisecondArray, UInt32Array};
use arrow_schema::SchemaRef;

use super::assign::assign_windows;
use crate::error::Result;
use crate::exec::{Context, LateRow, Operator};
use crate::plan::TvfKind;

pub struct WindowTvfExec {
    kind: TvfKind,
    time_column: usize,
    schema: SchemaRef,
}

impl WindowTvfExec {
    pub fn new(kind: TvfKind, time_column: usize, schema: SchemaRef) -> WindowTvfExec {
        WindowTvfExec { kind, time_column, schema }
    }
}

impl Operator for WindowTvfExec {
    crate::exec::saves_nothing!();

    fn name(&self) -> String {
        format!("WindowTvf: {}", self.kind)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let times = batch.column(self.time_column).as_primitive::<TimestampMillisecondType>();
        let (mut take, mut starts, mut ends) = (Vec::new(), Vec::new(), Vec::new());
        let mut windows = Vec::new();
        for row in 0..batch.num_rows() {
            if times.is_null(row) {
                ctx.late.push(LateRow::new(&batch, row, None, None, None, "the event time is NULL"));
                continue;
            }
            windows.clear();
            assign_windows(&self.kind, times.value(row), &mut windows);
            for &(start, end) in &windows {
                take.push(row as u32);
                starts.push(start);
                ends.push(end);
            }
        }
        let indices = UInt32Array::from(take);
        let mut columns: Vec<ArrayRef> =
            batch.columns().iter().map(|c| arrow_select::take::take(c, &indices, None)).collect::<Result<_, _>>()?;
        let window_time: Vec<i64> = ends.iter().map(|e| e - 1).collect();
        columns.push(Arc::new(TimestampMillisecondArray::from(starts)));
        columns.push(Arc::new(TimestampMillisecondArray::from(ends)));
        columns.push(Arc::new(TimestampMillisecondArray::from(window_time)));
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}
