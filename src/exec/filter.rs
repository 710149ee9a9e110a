//! `WHERE`: keeps the rows whose predicate is true (NULL counts as false).

use arrow_array::cast::AsArray;
use arrow_array::RecordBatch;

use super::expr::evaluate;
use super::{Context, Operator};
use crate::error::Result;
use crate::plan::Expr;

pub struct FilterExec {
    predicate: Expr,
}

impl FilterExec {
    pub fn new(predicate: Expr) -> FilterExec {
        FilterExec { predicate }
    }
}

impl Operator for FilterExec {
    crate::exec::stateless!();

    fn name(&self) -> String {
        format!("Filter: {}", self.predicate)
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mask = evaluate(&self.predicate, &batch)?;
        Ok(vec![arrow_select::filter::filter_record_batch(&batch, mask.as_boolean())?])
    }
}
