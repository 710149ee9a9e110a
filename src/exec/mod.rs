//! Push-based operators over Arrow record batches.
//!
//! A pump runs as a graph of [`Operator`]s ([`PumpExec`]), each with one or two inputs. The
//! runtime pushes each batch of a stream into the operators that read it, then the stream's
//! watermark (for KDA streams, the last `ROWTIME` seen), and finally a close at the end of a
//! finite input. Operators that hold rows (windows) emit
//! them when the watermark passes; they keep that state only in [`crate::state`]: in the
//! backend, or in typed tables that a write-through backend receives the changes of after
//! each flush batch ([`Operator::flush`], [`FLUSH_ROWS`]).

mod aggregate;
pub(crate) mod cast;
mod decimal;
pub mod expr;
mod filter;
mod forest;
pub mod functions;
mod group;
mod hotspots;
mod join;
mod match_recognize;
mod projection;
mod pump;
mod rank;
mod sort;
mod top;
mod ttl;
mod union;
mod window;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};

use crate::error::Result;
use crate::state::StateBackend;

pub use filter::FilterExec;
pub use forest::RandomCutForestExec;
pub use group::GroupAggregateExec;
pub use hotspots::HotspotsExec;
pub(crate) use join::input_reads;
pub use join::{
    IntervalJoinExec, JoinSpec, KdaJoinExec, LookupJoinExec, RegularJoinExec, TemporalJoinExec, WindowJoinExec,
};
pub use match_recognize::MatchRecognizeExec;
pub use projection::{ExpandExec, ProjectionExec, UnnestExec};
pub use pump::{explain, Feed, NodeProgress, OperatorFlow, PumpExec, PumpFlow, Signal, WindowSpan, FLUSH_ROWS};
pub use rank::RankExec;
pub use sort::SortExec;
pub use top::TopPerWindowExec;
pub use union::UnionExec;
pub use window::{
    EventTimeOverExec, HopWindowExec, SessionWindowExec, SlidingWindowExec, StaggerWindowExec, WindowAggregateExec,
    WindowTvfExec,
};

/// Whether a changelog row takes back a row sent before (`-U`, `-D`), rather than adding one.
pub(crate) fn retracts(kind: &str) -> bool {
    matches!(kind, "-U" | "-D")
}

/// Each row's kind of change, for a batch of an updating stream (its `op` column, after
/// ROWTIME).
fn row_kinds(batch: &RecordBatch) -> Option<&arrow_array::StringArray> {
    let schema = batch.schema_ref();
    let op = schema.fields().get(1).filter(|f| f.name() == crate::plan::OP_COLUMN)?;
    (op.data_type() == &arrow_schema::DataType::Utf8).then(|| batch.column(1).as_string::<i32>())
}

/// What an operator made of one half of an update whose other half failed (see
/// [`process_or_isolate`]): of a `-U` whose `+U` failed, the `-U`s no `+U` follows (a
/// projection's or a filter's one row, a join's rows for each match) become `-D`s, so that
/// the row is taken back for good; otherwise an upsert table, which drops `-U`s and waits for
/// the `+U`, would keep the old row as if it were current. Of a `+U` whose `-U` failed, the
/// `+U`s no `-U` precedes become `+I`s: the row the `-U` took back failed as it came too (it
/// had the same values), so this one is new downstream. An aggregate's own `-U` and `+U` stay
/// paired: its state took in the half that went through.
fn complete_update(outputs: &mut [RecordBatch], half: &str) -> Result<()> {
    let (partner, alone) = if half == "-U" { ("+U", "-D") } else { ("-U", "+I") };
    let mut kinds: Vec<String> = outputs
        .iter()
        .filter_map(row_kinds)
        .flat_map(|kinds| kinds.iter().map(|k| k.unwrap_or_default().to_string()))
        .collect();
    // A `-U` pairs with the `+U` after it, a `+U` with the `-U` before it.
    let order: Vec<usize> = if half == "-U" { (0..kinds.len()).rev().collect() } else { (0..kinds.len()).collect() };
    let mut paired = false;
    for i in order {
        if kinds[i] == partner {
            paired = true;
        } else if kinds[i] == half && !paired {
            kinds[i] = alone.to_string();
        } else {
            paired = false;
        }
    }
    let mut kinds = kinds.into_iter();
    for batch in outputs.iter_mut().filter(|b| row_kinds(b).is_some()) {
        let column: arrow_array::StringArray = kinds.by_ref().take(batch.num_rows()).map(Some).collect();
        let mut columns = batch.columns().to_vec();
        columns[1] = std::sync::Arc::new(column);
        *batch = RecordBatch::try_new(batch.schema(), columns)?;
    }
    Ok(())
}

/// The values of an updating input's rows: every column but ROWTIME, `op`, the watermark the
/// row met and what a join keeps of its sides' own (`SIDE_ROWTIME`, …), as arrow-row bytes. A
/// retraction carries the values of the row it takes back, and kept rows are matched to it by
/// these bytes (its ROWTIME, kind and watermark differ).
pub(crate) struct ValueCodec {
    converter: arrow_row::RowConverter,
    columns: Vec<usize>,
}

impl ValueCodec {
    /// For an input whose `op` column is `op`; `None` for an input that only inserts.
    pub fn new(input: &arrow_schema::Schema, op: Option<usize>) -> Result<Option<ValueCodec>> {
        let Some(op) = op else { return Ok(None) };
        let columns: Vec<usize> = (1..input.fields().len())
            .filter(|&i| {
                let name = input.field(i).name().as_str();
                use crate::plan::{SIDE_OP, SIDE_ROWTIME, SIDE_WATERMARK, WATERMARK_COLUMN};
                i != op && ![WATERMARK_COLUMN, SIDE_ROWTIME, SIDE_WATERMARK, SIDE_OP].contains(&name)
            })
            .collect();
        let fields = columns.iter().map(|&i| arrow_row::SortField::new(input.field(i).data_type().clone())).collect();
        Ok(Some(ValueCodec { converter: arrow_row::RowConverter::new(fields)?, columns }))
    }

    pub fn encode(&self, batch: &RecordBatch) -> Result<arrow_row::Rows> {
        let columns: Vec<arrow_array::ArrayRef> = self.columns.iter().map(|&i| batch.column(i).clone()).collect();
        Ok(self.converter.convert_columns(&columns)?)
    }
}

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

    /// A batch on input `input` (0, or 1 for the right side of an operator with two inputs).
    fn process_input(&mut self, _input: usize, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.process_batch(batch, ctx)
    }

    /// No row with a time before `watermark` will arrive any more (on any input: the smallest of
    /// the inputs' watermarks).
    fn handle_watermark(&mut self, _watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        Ok(vec![])
    }

    /// The watermark of input `input` advanced (called before [`Operator::handle_watermark`],
    /// which gets the smallest of the inputs'): for operators with two inputs.
    fn input_watermark(&mut self, _input: usize, _watermark: i64) {}

    /// The watermark the operator passes on, given its input's: the same by default (an
    /// interval join holds it back by its larger bound).
    fn passed_on_watermark(&self, watermark: i64) -> i64 {
        watermark
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

    /// How the operator lays its state out where the plan alone does not say (a join keeping
    /// some of its sides' columns): part of what a checkpoint must match to be restored into it.
    fn state_layout(&self) -> String {
        String::new()
    }

    /// The windows the operator holds open (for the page's timeline), oldest first; none for
    /// an operator without windows.
    fn open_windows(&self) -> Vec<WindowSpan> {
        vec![]
    }

    /// Writes what changed in the operator's typed state tables since the last call to
    /// `state`, if it is write-through ([`StateBackend::write_through`]); the first call writes
    /// them whole. The pump calls it after each flush batch ([`FLUSH_ROWS`]); the runtime at
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

/// For operators whose checkpoint holds nothing of their own: they keep no state, or keep all
/// of it in the state backend's tables, which the checkpoint holds already.
macro_rules! saves_nothing {
    () => {
        fn save(&self) -> crate::error::Result<Option<Vec<u8>>> {
            Ok(None)
        }
    };
}
pub(crate) use saves_nothing;

/// Processes a batch; if the operator fails on it for a reason in the data (not a bug), runs
/// the rows one by one so only the rows that fail are set aside. Operators change their state
/// only after a batch has evaluated, so a failed batch leaves no trace. An update whose `-U`
/// or `+U` failed has its other half completed (see [`complete_update`]).
fn process_or_isolate(
    op: &mut dyn Operator,
    input: usize,
    batch: RecordBatch,
    ctx: &mut Context,
) -> Result<Vec<RecordBatch>> {
    match op.process_input(input, batch.clone(), ctx) {
        Ok(out) => Ok(out),
        Err(e @ crate::error::Error::Internal(_)) => Err(e),
        Err(_) if batch.num_rows() > 1 => {
            let kinds = row_kinds(&batch);
            let mut out = Vec::new();
            // The row before if it was a `-U`: where its outputs start, and whether it failed.
            let mut retraction = None;
            for row in 0..batch.num_rows() {
                let (start, failures) = (out.len(), ctx.failed.len());
                out.extend(process_or_isolate(op, input, batch.slice(row, 1), ctx)?);
                let failed = ctx.failed.len() > failures;
                let kind = kinds.map(|k| k.value(row));
                match (kind, retraction) {
                    (Some("+U"), Some((at, false))) if failed => complete_update(&mut out[at..start], "-U")?,
                    (Some("+U"), Some((_, true))) if !failed => complete_update(&mut out[start..], "+U")?,
                    _ => {}
                }
                retraction = (kind == Some("-U")).then_some((start, failed));
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
