//! Push-based operators over Arrow record batches.
//!
//! A pump runs as a chain of [`Operator`]s ([`PumpExec`]). The runtime pushes each input batch
//! through the chain, then the stream's watermark (for KDA streams, the last `ROWTIME` seen),
//! and finally a close at the end of a finite input. Operators that hold rows (windows) emit
//! them when the watermark passes; they keep that state only in [`crate::state`]: in the
//! backend, or in typed tables that a write-through backend receives the changes of after
//! each mini-batch ([`Operator::flush`], [`MINI_BATCH_ROWS`]).

mod aggregate;
mod decimal;
pub mod expr;
mod filter;
pub mod functions;
mod group;
mod join;
mod projection;
mod window;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};

use crate::error::Result;
use crate::plan::{LogicalPlan, PumpPlan, TvfKind, WindowSpec};
use crate::state::StateBackend;

pub use filter::FilterExec;
pub use group::GroupAggregateExec;
pub use join::LookupJoinExec;
pub use projection::ProjectionExec;
pub use window::{
    EventTimeOverExec, HopWindowExec, SessionWindowExec, SlidingWindowExec, StaggerWindowExec, WindowAggregateExec,
    WindowTvfExec,
};

/// What an operator can reach while it runs.
pub struct Context<'a> {
    pub state: &'a mut dyn StateBackend,
    /// Rows the operator could not place in any open window; the runtime writes them to the
    /// late lane.
    pub late: Vec<LateRow>,
    /// Rows an operator failed on (division by zero, a failed cast, …): the runtime writes
    /// them to `error_stream` and the pump carries on with the other rows.
    pub failed: Vec<FailedRow>,
}

impl<'a> Context<'a> {
    pub fn new(state: &'a mut dyn StateBackend) -> Context<'a> {
        Context { state, late: vec![], failed: vec![] }
    }
}

/// A row an operator could not process, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedRow {
    pub rowtime: Option<i64>,
    pub data_row: String,
    pub message: String,
}

/// A row left out of every window it belongs to, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LateRow {
    /// When the row arrived (its ROWTIME): when it was found late.
    pub rowtime: Option<i64>,
    pub event_time: Option<i64>,
    /// The watermark the row met.
    pub watermark: Option<i64>,
    /// The (latest) window the row missed.
    pub window: Option<(i64, i64)>,
    pub reason: &'static str,
    pub data_row: String,
}

impl LateRow {
    pub fn new(
        batch: &RecordBatch,
        row: usize,
        event_time: Option<i64>,
        watermark: Option<i64>,
        window: Option<(i64, i64)>,
        reason: &'static str,
    ) -> LateRow {
        use arrow_array::cast::AsArray;
        let rowtime = batch
            .column(0)
            .as_primitive_opt::<arrow_array::types::TimestampMillisecondType>()
            .and_then(|t| t.is_valid(row).then(|| t.value(row)));
        LateRow { rowtime, event_time, watermark, window, reason, data_row: visible_row_text(batch, row) }
    }
}

/// A row as the user's table holds it: for a table with a watermark, without the internal
/// ROWTIME and watermark columns.
pub fn visible_row_text(batch: &RecordBatch, row: usize) -> String {
    match batch.schema().index_of(crate::plan::WATERMARK_COLUMN) {
        Ok(wm) => {
            let visible: Vec<usize> = (1..batch.num_columns()).filter(|i| *i != wm).collect();
            batch
                .project(&visible)
                .map_or_else(|_| crate::output::row_text(batch, row), |b| crate::output::row_text(&b, row))
        }
        Err(_) => crate::output::row_text(batch, row),
    }
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

    /// Entries the operator holds in its own typed state tables (open groups, sessions,
    /// partitions); state kept in the backend is counted there.
    fn state_entries(&self) -> usize {
        0
    }

    /// The windows the operator holds open (for the page's timeline), oldest first; none for
    /// an operator without windows.
    fn open_windows(&self) -> Vec<WindowSpan> {
        vec![]
    }

    /// Writes what changed in the operator's typed state tables since the last call to
    /// `state`, if it is write-through ([`StateBackend::write_through`]); the first call writes
    /// them whole. The pump calls it after each mini-batch ([`MINI_BATCH_ROWS`]); the runtime at
    /// the end of each step (the end of input included) and before each checkpoint.
    fn flush(&mut self, _state: &mut dyn StateBackend) -> Result<()> {
        Ok(())
    }

    /// What a checkpoint keeps of the operator: its state outside the backend as bytes, or
    /// `None` when it has none (stateless, or all its state is in the backend, which the
    /// checkpoint copies whole). Called after [`Operator::flush`]. An operator that cannot be
    /// checkpointed yet says so.
    fn save(&self) -> Result<Option<Vec<u8>>> {
        Err(crate::error::Error::Execution(format!("{} cannot be checkpointed yet", self.name())))
    }

    /// Puts back what [`Operator::save`] returned, into an operator just made from the same
    /// plan, with its typed tables' entries read from `state` (the checkpoint just restored
    /// there).
    fn load(&mut self, _bytes: &[u8], _state: &mut dyn StateBackend) -> Result<()> {
        Err(crate::error::Error::Execution(format!("{} cannot be restored yet", self.name())))
    }
}

/// For operators with no state of their own to checkpoint.
macro_rules! stateless {
    () => {
        fn save(&self) -> crate::error::Result<Option<Vec<u8>>> {
            Ok(None)
        }
    };
}
pub(crate) use stateless;

/// A value as checkpoint bytes.
pub(crate) fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    postcard::to_allocvec(value).map_err(|e| crate::error::Error::Internal(format!("encoding a checkpoint: {e}")))
}

/// Checkpoint bytes as a value.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    postcard::from_bytes(bytes).map_err(|e| crate::error::Error::Execution(format!("reading a checkpoint: {e}")))
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
    /// Rows into and out of each operator, in chain order (for the dataflow view; not kept by
    /// checkpoints).
    counts: Vec<(u64, u64)>,
    /// The latest watermark passed down the chain.
    watermark: Option<i64>,
    /// Rows in since the operators last flushed their changes.
    unflushed: usize,
}

/// Input rows a pump takes in between two flushes of its operators' changes to a write-through
/// backend, at most (a mini-batch, as Flink's mini-batch aggregation has): each group changed
/// in it is written once, however many of its rows came. The runtime also flushes at the end
/// of each step and before each checkpoint.
pub const MINI_BATCH_ROWS: usize = 65_536;

/// A pump as the dataflow view shows it: its operators with their rows in and out and the
/// state they hold, and its latest watermark.
#[derive(Debug, Clone, PartialEq)]
pub struct PumpFlow {
    pub name: String,
    pub source: String,
    pub target: String,
    pub watermark: Option<i64>,
    pub operators: Vec<OperatorFlow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OperatorFlow {
    pub name: String,
    pub rows_in: u64,
    pub rows_out: u64,
    pub state_entries: usize,
    pub windows: Vec<WindowSpan>,
}

/// An open window: its time span (end exclusive) and the groups it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowSpan {
    pub start: i64,
    pub end: i64,
    pub groups: usize,
}

impl PumpExec {
    pub fn new(pump: &PumpPlan) -> Result<PumpExec> {
        let mut operators: Vec<Box<dyn Operator>> = Vec::new();
        let source = build(&pump.plan, &pump.name, &mut operators)?;
        let counts = vec![(0, 0); operators.len()];
        Ok(PumpExec {
            name: pump.name.clone(),
            source,
            target: pump.target.clone(),
            operators,
            counts,
            watermark: None,
            unflushed: 0,
        })
    }

    /// The pump as the dataflow view shows it; `windows`: with each operator's open windows
    /// (the timeline's, which for session windows walks every session).
    pub fn flow(&self, windows: bool) -> PumpFlow {
        let operators = self
            .operators
            .iter()
            .zip(&self.counts)
            .map(|(op, &(rows_in, rows_out))| OperatorFlow {
                name: op.name(),
                rows_in,
                rows_out,
                state_entries: op.state_entries(),
                windows: if windows { op.open_windows() } else { vec![] },
            })
            .collect();
        PumpFlow {
            name: self.name.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            watermark: self.watermark,
            operators,
        }
    }

    /// Each operator's checkpoint bytes, in chain order.
    pub fn save(&self) -> Result<Vec<Option<Vec<u8>>>> {
        self.operators.iter().map(|o| o.save()).collect()
    }

    /// Writes each operator's changed state to `state`, if it is write-through.
    pub fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.unflushed = 0;
        self.operators.iter_mut().try_for_each(|o| o.flush(state))
    }

    /// Puts back what [`PumpExec::save`] returned, with the operators' tables in `state`.
    pub fn load(&mut self, saved: Vec<Option<Vec<u8>>>, state: &mut dyn StateBackend) -> Result<()> {
        if saved.len() != self.operators.len() {
            return Err(crate::error::Error::Execution(format!(
                "pump \"{}\" has {} operators, its checkpoint {}: the application changed",
                self.name,
                self.operators.len(),
                saved.len()
            )));
        }
        for (op, bytes) in self.operators.iter_mut().zip(saved) {
            if let Some(bytes) = bytes {
                op.load(&bytes, state)?;
            }
        }
        Ok(())
    }

    /// Entries the pump's operators hold in their typed state tables.
    pub fn state_entries(&self) -> usize {
        self.operators.iter().map(|o| o.state_entries()).sum()
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

    fn drive(
        &mut self,
        input: Vec<RecordBatch>,
        signal: Option<Signal>,
        ctx: &mut Context,
    ) -> Result<Vec<RecordBatch>> {
        if let Some(Signal::Watermark(wm)) = signal {
            self.watermark = Some(wm);
        }
        let rows = |batches: &[RecordBatch]| batches.iter().map(|b| b.num_rows() as u64).sum::<u64>();
        self.unflushed += rows(&input) as usize;
        let mut pending = input;
        for (op, counts) in self.operators.iter_mut().zip(&mut self.counts) {
            counts.0 += rows(&pending);
            let mut next = Vec::new();
            for batch in pending {
                next.extend(process_or_isolate(op.as_mut(), batch, ctx)?);
            }
            match signal {
                Some(Signal::Watermark(wm)) => next.extend(op.handle_watermark(wm, ctx)?),
                Some(Signal::Close) => next.extend(op.on_close(ctx)?),
                None => {}
            }
            pending = next.into_iter().filter(|b| b.num_rows() > 0).collect();
            counts.1 += rows(&pending);
        }
        if self.unflushed >= MINI_BATCH_ROWS {
            self.flush(ctx.state)?;
        }
        Ok(pending)
    }
}

/// `EXPLAIN`: the logical plan, the operators each pump runs, and the watermark strategy of
/// every table that declares one, as stable indented text.
pub fn explain(app: &crate::plan::ApplicationPlan) -> Result<String> {
    use std::fmt::Write;
    let mut out = String::from("== Logical plan ==\n");
    let _ = write!(out, "{app}");
    out.push_str("== Physical plan ==\n");
    for pump in &app.pumps {
        let exec = PumpExec::new(pump)?;
        let _ = writeln!(out, "Pump \"{}\": \"{}\" → \"{}\"", exec.name, exec.source, exec.target);
        for (i, op) in exec.operator_names().iter().enumerate() {
            let _ = writeln!(out, "  {}. {op}", i + 1);
        }
    }
    let watermarked: Vec<_> = app.streams.iter().filter_map(|s| s.watermark().map(|w| (s, w))).collect();
    if !watermarked.is_empty() {
        out.push_str("== Watermarks ==\n");
        for (stream, w) in watermarked {
            let column = stream.schema.field(w.column).name();
            let _ = writeln!(
                out,
                "\"{}\": WATERMARK FOR {column} AS {column} - {} ms, emitted after every row",
                stream.name, w.delay_ms
            );
        }
    }
    Ok(out)
}

/// Processes a batch; if the operator fails on it for a reason in the data (not a bug), runs
/// the rows one by one so only the rows that fail are set aside. Operators change their state
/// only after a batch has evaluated, so a failed batch leaves no trace.
fn process_or_isolate(op: &mut dyn Operator, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
    match op.process_batch(batch.clone(), ctx) {
        Ok(out) => Ok(out),
        Err(e @ crate::error::Error::Internal(_)) => Err(e),
        Err(_) if batch.num_rows() > 1 => {
            let mut out = Vec::new();
            for row in 0..batch.num_rows() {
                out.extend(process_or_isolate(op, batch.slice(row, 1), ctx)?);
            }
            Ok(out)
        }
        Err(e) => {
            let rowtime = batch
                .column(0)
                .as_primitive_opt::<arrow_array::types::TimestampMillisecondType>()
                .filter(|t| t.len() == 1)
                .map(|t| t.value(0));
            ctx.failed.push(FailedRow { rowtime, data_row: visible_row_text(&batch, 0), message: e.to_string() });
            Ok(vec![])
        }
    }
}

/// Appends the operators for `plan` (inputs first); returns the stream the chain reads.
fn build(plan: &LogicalPlan, pump: &str, ops: &mut Vec<Box<dyn Operator>>) -> Result<String> {
    Ok(match plan {
        LogicalPlan::Scan { stream, .. } => stream.clone(),
        LogicalPlan::LookupJoin { input, table, kind, keys, residual, schema } => {
            let source = build(input, pump, ops)?;
            ops.push(Box::new(LookupJoinExec::new(table.clone(), *kind, keys, residual.clone(), schema.clone())?));
            source
        }
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
        LogicalPlan::SlidingWindow { input, windows, aggregates, schema } => {
            let source = build(input, pump, ops)?;
            let id = format!("{pump}/{}/over", ops.len());
            match windows.first().and_then(|w| w.event_time) {
                Some(watermark_column) => ops.push(Box::new(EventTimeOverExec::new(
                    id,
                    windows.clone(),
                    aggregates.clone(),
                    schema.clone(),
                    watermark_column,
                )?)),
                None => {
                    ops.push(Box::new(SlidingWindowExec::new(id, windows.clone(), aggregates.clone(), schema.clone())?))
                }
            }
            source
        }
        LogicalPlan::WindowTvf { input, kind, time_column, schema } => {
            let source = build(input, pump, ops)?;
            if matches!(kind, TvfKind::Session { .. }) {
                return Err(crate::error::Error::Plan {
                    message: "SESSION without an aggregate is not supported yet; GROUP BY window_start, window_end"
                        .into(),
                    position: None,
                });
            }
            ops.push(Box::new(WindowTvfExec::new(kind.clone(), *time_column, schema.clone())));
            source
        }
        LogicalPlan::WindowAggregate { input, window, group_exprs, aggregates, schema } => {
            let source = build(input, pump, ops)?;
            // The state namespace is the operator's identity: pump name and position in the chain.
            let id = format!("{pump}/{}/window", ops.len());
            let (group_exprs, aggregates, schema) = (group_exprs.clone(), aggregates.clone(), schema.clone());
            match window {
                WindowSpec::EventTime { kind: TvfKind::Session { gap, .. }, time_column, watermark_column } => {
                    ops.push(Box::new(SessionWindowExec::new(
                        id,
                        *gap,
                        *time_column,
                        *watermark_column,
                        group_exprs,
                        aggregates,
                        schema,
                    )?));
                }
                WindowSpec::EventTime { kind: TvfKind::Hop { slide, size, offset }, time_column, watermark_column }
                    if HopWindowExec::applies(*slide, *size) =>
                {
                    ops.push(Box::new(HopWindowExec::new(
                        id,
                        (*slide, *size, *offset),
                        *time_column,
                        *watermark_column,
                        group_exprs,
                        aggregates,
                        schema,
                    )?));
                }
                WindowSpec::Changelog => {
                    ops.push(Box::new(GroupAggregateExec::new(id, group_exprs, aggregates, schema)))
                }
                WindowSpec::Stagger { range_ms } => {
                    ops.push(Box::new(StaggerWindowExec::new(id, *range_ms, group_exprs, aggregates, schema)))
                }
                window => {
                    ops.push(Box::new(WindowAggregateExec::new(id, window.clone(), group_exprs, aggregates, schema)?))
                }
            }
            source
        }
    })
}
