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
        let mut columns = Vec::with_capacity(self.exprs.len());
        for (expr, field) in self.exprs.iter().zip(self.schema.fields()) {
            let mut column = evaluate(expr, &batch)?;
            // An untyped NULL takes the type of the column it lands in.
            if column.data_type() == &DataType::Null && field.data_type() != &DataType::Null {
                column = new_null_array(field.data_type(), batch.num_rows());
            }
            columns.push(column);
        }
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}
