//! The select list: computes the output columns, `ROWTIME` first.

use arrow_array::{new_null_array, RecordBatch};
use arrow_schema::{DataType, SchemaRef};

use super::expr::evaluate;
use super::{Context, Operator};
use crate::error::{Error, Result};
use crate::plan::zone::WallClock;
use crate::plan::{Expr, ScalarFunction};

pub struct ProjectionExec {
    exprs: Vec<Expr>,
    schema: SchemaRef,
    /// The wall clock a projection puts its rows' watermark on (for a window over a
    /// TIMESTAMP_LTZ), which the watermark it passes on is on too.
    clock: Option<WallClock>,
}

impl ProjectionExec {
    pub fn new(exprs: Vec<Expr>, schema: SchemaRef) -> Result<ProjectionExec> {
        let zone = exprs.iter().find_map(|e| match e {
            Expr::Call { func: ScalarFunction::WallWatermark(zone), .. } => Some(zone),
            _ => None,
        });
        let clock = zone.map(|z| WallClock::new(z)).transpose().map_err(Error::Execution)?;
        Ok(ProjectionExec { exprs, schema, clock })
    }
}

impl Operator for ProjectionExec {
    crate::exec::saves_nothing!();

    fn name(&self) -> String {
        let names: Vec<String> = self.schema.fields().iter().skip(1).map(|f| f.name().clone()).collect();
        format!("Projection: {}", names.join(", "))
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        Ok(vec![project(&self.exprs, &self.schema, &batch)?])
    }

    fn passed_on_watermark(&self, watermark: i64) -> i64 {
        match &self.clock {
            Some(clock) if watermark != i64::MIN && watermark != i64::MAX => clock.watermark(watermark),
            _ => watermark,
        }
    }
}

/// `exprs` over `batch`, as a batch of `schema`.
pub(super) fn project(exprs: &[Expr], schema: &SchemaRef, batch: &RecordBatch) -> Result<RecordBatch> {
    let mut columns = Vec::with_capacity(exprs.len());
    for (expr, field) in exprs.iter().zip(schema.fields()) {
        let mut column = evaluate(expr, batch)?;
        // An untyped NULL takes the type of the column it lands in.
        if column.data_type() == &DataType::Null && field.data_type() != &DataType::Null {
            column = new_null_array(field.data_type(), batch.num_rows());
        }
        columns.push(column);
    }
    Ok(RecordBatch::try_new(schema.clone(), columns)?)
}

/// GROUPING SETS, ROLLUP and CUBE (Flink's Expand): each row once per grouping set, the sets'
/// rows of one input row together and in the sets' order.
pub struct ExpandExec {
    projections: Vec<Vec<Expr>>,
    schema: SchemaRef,
}

impl ExpandExec {
    pub fn new(projections: Vec<Vec<Expr>>, schema: SchemaRef) -> ExpandExec {
        ExpandExec { projections, schema }
    }
}

impl Operator for ExpandExec {
    crate::exec::saves_nothing!();

    fn name(&self) -> String {
        format!("Expand: {} grouping sets", self.projections.len())
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let sets: Vec<RecordBatch> =
            self.projections.iter().map(|exprs| project(exprs, &self.schema, &batch)).collect::<Result<_>>()?;
        let refs: Vec<&RecordBatch> = sets.iter().collect();
        let order: Vec<(usize, usize)> =
            (0..batch.num_rows()).flat_map(|row| (0..sets.len()).map(move |set| (set, row))).collect();
        Ok(vec![arrow_select::interleave::interleave_record_batch(&refs, &order)?])
    }
}

/// `CROSS JOIN UNNEST(array)` and `LEFT JOIN UNNEST(array) ON TRUE` (Flink's Correlate): each
/// row once per element of its array, in order, with the element (a ROW's fields) and its
/// number after the row's columns. A row's kind goes with each of its rows.
pub struct UnnestExec {
    array: Expr,
    outer: bool,
    ordinality: bool,
    schema: SchemaRef,
}

impl UnnestExec {
    pub fn new(array: Expr, outer: bool, ordinality: bool, schema: SchemaRef) -> UnnestExec {
        UnnestExec { array, outer, ordinality, schema }
    }
}

impl Operator for UnnestExec {
    crate::exec::saves_nothing!();

    fn name(&self) -> String {
        format!("Correlate: {}UNNEST({})", if self.outer { "LEFT JOIN " } else { "" }, self.array)
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        use arrow_array::cast::AsArray;
        use arrow_array::{Array, Int32Array, UInt32Array};
        let array = evaluate(&self.array, &batch)?;
        let Some(lists) = array.as_list_opt::<i32>() else {
            return Err(crate::error::Error::Internal(format!("UNNEST of {}, not an array", array.data_type())));
        };
        let offsets = lists.value_offsets();
        let (mut rows, mut elements, mut numbers) = (Vec::new(), Vec::new(), Vec::new());
        for row in 0..batch.num_rows() {
            let (start, end) = (offsets[row] as u32, offsets[row + 1] as u32);
            if lists.is_null(row) || start == end {
                if self.outer {
                    rows.push(row as u32);
                    elements.push(None);
                    numbers.push(None);
                }
                continue;
            }
            for (n, element) in (start..end).enumerate() {
                rows.push(row as u32);
                elements.push(Some(element));
                numbers.push(Some(n as i32 + 1));
            }
        }
        let rows = UInt32Array::from(rows);
        let mut columns = Vec::with_capacity(self.schema.fields().len());
        for column in batch.columns() {
            columns.push(arrow_select::take::take(column.as_ref(), &rows, None)?);
        }
        let element = arrow_select::take::take(lists.values().as_ref(), &UInt32Array::from(elements), None)?;
        match element.as_struct_opt() {
            // A ROW element's fields, NULL where the element is.
            Some(row) => {
                for i in 0..row.num_columns() {
                    columns.push(super::expr::field_of(row, i)?);
                }
            }
            None => columns.push(element),
        }
        if self.ordinality {
            columns.push(std::sync::Arc::new(Int32Array::from(numbers)));
        }
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}
