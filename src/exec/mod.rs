//! Push-based operators over Arrow record batches.
//!
//! A pump runs as a chain of [`Operator`]s ([`PumpExec`]). The runtime pushes each input batch
//! through the chain, then the stream's watermark (for KDA streams, the last `ROWTIME` seen),
//! and finally a close at the end of a finite input. Operators that hold rows (windows) emit
//! them when the watermark passes; they keep that state only in [`crate::state`].

mod aggregate;
pub mod expr;
mod filter;
mod projection;
mod window;

use arrow_array::RecordBatch;

use crate::error::Result;
use crate::plan::{LogicalPlan, PumpPlan};
use crate::state::StateBackend;

pub use filter::FilterExec;
pub use projection::ProjectionExec;
pub use window::TumblingWindowExec;

/// What an operator can reach while it runs.
pub struct Context<'a> {
    pub state: &'a mut dyn StateBackend,
}

/// A streaming operator. Batches go in one at a time; output batches come back.
pub trait Operator {
    /// A stable name for EXPLAIN and the dataflow view.
    fn name(&self) -> String;

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>>;

    /// No row with a time before `watermark` will arrive any more.
    fn handle_watermark(&mut self, _watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        Ok(vec![])
    }

    /// The input has ended: emit everything still held.
    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        Ok(vec![])
    }
}

/// What the runtime sends down a pump besides data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Signal {
    Watermark(i64),
    Close,
}

/// One pump as a chain of operators: source stream in, target stream out.
pub struct PumpExec {
    pub name: String,
    pub source: String,
    pub target: String,
    operators: Vec<Box<dyn Operator>>,
}

impl PumpExec {
    pub fn new(pump: &PumpPlan) -> Result<PumpExec> {
        let mut operators: Vec<Box<dyn Operator>> = Vec::new();
        let source = build(&pump.plan, &pump.name, &mut operators)?;
        Ok(PumpExec { name: pump.name.clone(), source, target: pump.target.clone(), operators })
    }

    pub fn operator_names(&self) -> Vec<String> {
        self.operators.iter().map(|o| o.name()).collect()
    }

    /// Pushes a batch through every operator; returns what reaches the target stream.
    pub fn push(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.drive(vec![batch], None, ctx)
    }

    /// Passes a watermark or the end of input down the chain; returns what it releases.
    pub fn signal(&mut self, signal: Signal, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.drive(vec![], Some(signal), ctx)
    }

    fn drive(&mut self, input: Vec<RecordBatch>, signal: Option<Signal>, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mut pending = input;
        for op in &mut self.operators {
            let mut next = Vec::new();
            for batch in pending {
                next.extend(op.process_batch(batch, ctx)?);
            }
            match signal {
                Some(Signal::Watermark(wm)) => next.extend(op.handle_watermark(wm, ctx)?),
                Some(Signal::Close) => next.extend(op.on_close(ctx)?),
                None => {}
            }
            pending = next.into_iter().filter(|b| b.num_rows() > 0).collect();
        }
        Ok(pending)
    }
}

/// Appends the operators for `plan` (inputs first); returns the stream the chain reads.
fn build(plan: &LogicalPlan, pump: &str, ops: &mut Vec<Box<dyn Operator>>) -> Result<String> {
    Ok(match plan {
        LogicalPlan::Scan { stream, .. } => stream.clone(),
        LogicalPlan::Filter { input, predicate } => {
            let source = build(input, pump, ops)?;
            ops.push(Box::new(FilterExec::new(predicate.clone())));
            source
        }
        LogicalPlan::Projection { input, exprs, schema } => {
            let source = build(input, pump, ops)?;
            ops.push(Box::new(ProjectionExec::new(exprs.clone(), schema.clone())));
            source
        }
        LogicalPlan::WindowAggregate { input, window, group_exprs, aggregates, schema } => {
            let source = build(input, pump, ops)?;
            // The state namespace is the operator's identity: pump name and position in the chain.
            let id = format!("{pump}/{}/tumble", ops.len());
            ops.push(Box::new(TumblingWindowExec::new(
                id,
                window.clone(),
                group_exprs.clone(),
                aggregates.clone(),
                schema.clone(),
            )));
            source
        }
    })
}
