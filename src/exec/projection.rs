//! The select list: computes the output columns, `ROWTIME` first.

use arrow_array::{new_null_array, RecordBatch};
use arrow_schema::{DataType, SchemaRef};

use super::expr::evaluate;
use super::{Context, Operator};
use crate::error::Result;
use crate::plan::Expr;

pub struct ProjectionExec {
    exprs: Vec<Expr>,
    schema: SchemaRef,
}

impl ProjectionExec {
    pub fn new(exprs: Vec<Expr>, schema: SchemaRef) -> ProjectionExec {
        ProjectionExec { exprs, schema }
    }
}

impl Operator for ProjectionExec {
    crate::exec::stateless!();

    fn name(&self) -> String {
        let names: Vec<String> = self.schema.fields().iter().skip(1).map(|f| f.name().clone()).collect();
        format!("Projection: {}", names.join(", "))
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        Ok(vec![project(&self.exprs, &self.schema, &batch)?])
    }
}

/// `exprs` over `batch`, as a batch of `schema`.
fn project(exprs: &[Expr], schema: &SchemaRef, batch: &RecordBatch) -> Result<RecordBatch> {
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
    crate::exec::stateless!();

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
