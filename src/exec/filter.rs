//! `WHERE`: keeps the rows whose predicate is true (NULL counts as false).

use arrow_array::cast::AsArray;
use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

use super::expr::evaluate;
use super::{Context, Operator};
use crate::error::Result;
use crate::plan::Expr;

pub struct FilterExec {
    predicate: Expr,
    /// The select list above, when it only picks columns ([`FilterExec::picking`]).
    picks: Option<(Vec<Expr>, SchemaRef)>,
}

impl FilterExec {
    pub fn new(predicate: Expr) -> FilterExec {
        FilterExec { predicate, picks: None }
    }

    /// The filter below a select list `exprs` (of `schema`) that only picks a column, a field
    /// of one or a literal: it picks them first, then its rows from them alone, not from all
    /// the input's columns (a Nexmark view's filter copied every field of three ROW columns to
    /// keep one's); the select list above passes its rows on. `None` when an expression
    /// computes something: computed over rows the filter drops, it could fail for them.
    pub fn picking(predicate: &Expr, exprs: &[Expr], schema: &SchemaRef) -> Option<FilterExec> {
        fn picks(expr: &Expr) -> bool {
            match expr {
                Expr::Column { .. } | Expr::Literal(_) => true,
                Expr::Field { expr, .. } => picks(expr),
                _ => false,
            }
        }
        exprs
            .iter()
            .all(picks)
            .then(|| FilterExec { predicate: predicate.clone(), picks: Some((exprs.to_vec(), schema.clone())) })
    }
}

impl Operator for FilterExec {
    crate::exec::saves_nothing!();

    fn name(&self) -> String {
        format!("Filter: {}", self.predicate)
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mask = evaluate(&self.predicate, &batch)?;
        let kept = match &self.picks {
            Some((exprs, schema)) => super::projection::project(exprs, schema, &batch)?,
            None => batch,
        };
        Ok(vec![arrow_select::filter::filter_record_batch(&kept, mask.as_boolean())?])
    }
}
