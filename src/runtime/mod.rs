//! The driver: a virtual clock, the sources bound to input streams, and the pumps.
//!
//! Time is the runtime's own: [`Runtime::advance_to`] moves the virtual clock and pulls every
//! row that has arrived by then; [`Runtime::run_to_end`] reads finite inputs as fast as possible
//! and then flushes every open window. Rows written to in-application streams (pump targets and
//! `error_stream`) are collected as [`OutputBatch`]es for the caller to drain.

mod bind;
mod checkpoint;
pub mod export;
mod ingest;
mod lanes;
mod routing;
mod watermark;

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};

use crate::error::{Error, Result};
use crate::exec::PumpExec;
use crate::plan::{ApplicationPlan, ColumnDef, SqlType, StreamDef, StreamKind, EXPLAIN_STREAM};
use crate::source::Source;
use crate::state::{MemoryBackend, StateBackend};

pub use bind::{build, build_with_state, InputBinding, InputSource};
pub use checkpoint::{CheckpointSchedule, SnapshotInfo};
pub use lanes::{error_stream_def, late_stream_def, ERROR_STREAM, LATE_STREAM};

/// Where `EXPLAIN` puts its plan: one line of text per row.
pub fn explain_stream_def() -> StreamDef {
    StreamDef::flink(EXPLAIN_STREAM, vec![ColumnDef { name: "PLAN".into(), sql_type: SqlType::Varchar(None) }], None)
}

/// Rows written to one in-application stream.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputBatch {
    pub stream: String,
    pub batch: RecordBatch,
}

/// Counts the page and the CLI show.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Metrics {
    /// Records read from inputs: rows, and records that could not become rows.
    pub records_read: u64,
    /// Rows that entered input streams.
    pub rows_in: u64,
    pub rows_out: u64,
    pub rows_in_error: u64,
    pub rows_late: u64,
}

pub struct Runtime {
    plan: ApplicationPlan,
    pumps: Vec<PumpExec>,
    sources: Vec<(String, Box<dyn Source>)>,
    state: Box<dyn StateBackend>,
    now: i64,
    /// Highest ROWTIME seen per input stream: ROWTIME never goes backwards.
    last_rowtime: HashMap<String, i64>,
    /// Largest event time seen per stream with a WATERMARK declaration.
    max_event_time: HashMap<String, i64>,
    output: Vec<OutputBatch>,
    /// The rows `output` holds.
    output_rows: usize,
    metrics: Metrics,
    closed: bool,
    /// Also record the rows of input streams, for the page's source preview.
    capture_inputs: bool,
}

impl Runtime {
    /// A runtime for `plan` with a source for every input stream, starting at virtual time `start`.
    pub fn new(plan: ApplicationPlan, sources: Vec<(String, Box<dyn Source>)>, start: i64) -> Result<Runtime> {
        Self::with_state(plan, sources, start, Box::new(MemoryBackend::default()))
    }

    pub fn with_state(
        plan: ApplicationPlan,
        sources: Vec<(String, Box<dyn Source>)>,
        start: i64,
        state: Box<dyn StateBackend>,
    ) -> Result<Runtime> {
        let mut sources = sources;
        // A VALUES relation's rows: an input the runtime feeds itself, as it starts.
        for stream in &plan.streams {
            if let Some(rows) = stream.values.as_ref().filter(|_| !sources.iter().any(|(n, _)| n == &stream.name)) {
                let source = crate::source::values::Values::new(stream.schema.clone(), rows.clone(), start);
                sources.push((stream.name.clone(), Box::new(source)));
            }
        }
        for input in plan.input_streams() {
            let read = plan.pumps.iter().any(|p| p.plan.reads(&input.name));
            if read && !sources.iter().any(|(name, _)| name == &input.name) {
                return Err(Error::Input(format!(
                    "stream \"{}\" is read by the application but has no input; bind one (for example --input {}=FILE.csv)",
                    input.name, input.name
                )));
            }
        }
        let pumps = plan.pumps.iter().map(|p| PumpExec::new(p, plan.options)).collect::<Result<Vec<_>>>()?;
        let mut output = Vec::new();
        if !plan.explains.is_empty() {
            let texts = plan.explains.iter().map(crate::exec::explain).collect::<Result<Vec<_>>>()?;
            let lines: Vec<String> = texts.iter().flat_map(|e| e.lines().map(str::to_string)).collect();
            let def = explain_stream_def();
            let batch = RecordBatch::try_new(
                Arc::new(arrow_schema::Schema::new(vec![def.schema.field(1).clone()])),
                vec![Arc::new(StringArray::from(lines)) as ArrayRef],
            )?;
            output.push(OutputBatch { stream: EXPLAIN_STREAM.to_string(), batch });
        }
        Ok(Runtime {
            plan,
            pumps,
            sources,
            state,
            now: start,
            last_rowtime: HashMap::new(),
            max_event_time: HashMap::new(),
            output_rows: output.iter().map(|o| o.batch.num_rows()).sum(),
            output,
            metrics: Metrics::default(),
            closed: false,
            capture_inputs: false,
        })
    }

    /// Records input rows too, as output of their own stream (the page shows them).
    pub fn capture_inputs(&mut self, on: bool) {
        self.capture_inputs = on;
    }

    /// The virtual clock, in epoch milliseconds.
    pub fn now(&self) -> i64 {
        self.now
    }

    pub fn plan(&self) -> &ApplicationPlan {
        &self.plan
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Number of state entries (open window groups, …) held right now.
    pub fn state_size(&self) -> usize {
        // A write-through backend holds the typed tables' entries too.
        if self.state.write_through() {
            return self.state.len();
        }
        self.state.len() + self.pumps.iter().map(PumpExec::state_entries).sum::<usize>()
    }

    /// The streams a user sees results in: every pump target, then `error_stream` and the
    /// late lane.
    pub fn output_streams(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for pump in &self.plan.pumps {
            if !names.contains(&pump.target) && !self.plan.stream(&pump.target).is_some_and(|s| s.view) {
                names.push(pump.target.clone());
            }
        }
        names.push(ERROR_STREAM.to_string());
        names.push(LATE_STREAM.to_string());
        if !self.plan.explains.is_empty() {
            names.insert(0, EXPLAIN_STREAM.to_string());
        }
        names
    }

    /// The definition of any stream a user can see, system streams included.
    pub fn stream_def(&self, name: &str) -> Option<StreamDef> {
        match name {
            ERROR_STREAM => Some(error_stream_def()),
            LATE_STREAM => Some(late_stream_def()),
            EXPLAIN_STREAM => Some(explain_stream_def()),
            _ => self.plan.stream(name).cloned(),
        }
    }

    /// The columns a user sees for `name`: Flink tables hide `ROWTIME`.
    pub fn visible_columns(&self, name: &str) -> Vec<String> {
        let Some(def) = self.stream_def(name) else { return vec![] };
        let skip = usize::from(def.kind != StreamKind::Kda);
        def.schema.fields().iter().skip(skip).map(|f| f.name().clone()).collect()
    }

    /// Each pump's operators with their rows in and out, state and open windows, and its
    /// latest watermark.
    pub fn dataflow(&self) -> Vec<crate::exec::PumpFlow> {
        self.pumps.iter().map(|p| self.with_changelog(p.flow(true))).collect()
    }

    /// [`Runtime::dataflow`] without the open windows: the counts alone, cheap to take.
    pub fn dataflow_counts(&self) -> Vec<crate::exec::PumpFlow> {
        self.pumps.iter().map(|p| self.with_changelog(p.flow(false))).collect()
    }

    fn with_changelog(&self, mut flow: crate::exec::PumpFlow) -> crate::exec::PumpFlow {
        flow.changelog = self.plan.stream(&flow.target).map_or("", |s| s.changelog_mode()).to_string();
        flow
    }

    /// The columns of an upsert stream's primary key (a table with `PRIMARY KEY` that receives
    /// an updating result), by name; empty for any other stream.
    pub fn upsert_key(&self, stream: &str) -> Vec<String> {
        let Some(def) = self.plan.stream(stream).filter(|s| s.updating) else { return vec![] };
        def.primary_key.iter().map(|&i| def.schema.field(i).name().clone()).collect()
    }

    /// Takes the rows written since the last call.
    pub fn drain_output(&mut self) -> Vec<OutputBatch> {
        self.output_rows = 0;
        std::mem::take(&mut self.output)
    }

    /// Queues `batch`, written to `stream`, for [`Runtime::drain_output`].
    fn write_output(&mut self, stream: &str, batch: RecordBatch) {
        self.output_rows += batch.num_rows();
        self.output.push(OutputBatch { stream: stream.to_string(), batch });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DEFAULT_START;

    #[test]
    fn checkpoints_come_every_interval_but_never_closer_than_the_minimum_pause() {
        let mut schedule = CheckpointSchedule::new(1_000, 5_000);
        schedule.start_at(0);
        let due: Vec<i64> = (1..=12).map(|s| s * 1_000).filter(|&t| schedule.due(t)).collect();
        assert_eq!(due, [5_000, 10_000]);
        let mut schedule = CheckpointSchedule::default();
        schedule.start_at(0);
        assert!(!schedule.due(59_999));
        assert!(schedule.due(60_000));
    }

    /// `code` built with `stream` fed by the generator `spec`.
    fn on_generator(code: &str, stream: &str, spec: &str) -> Runtime {
        let binding = InputBinding { stream: stream.into(), source: InputSource::Generator(spec.parse().unwrap()) };
        build(code, vec![binding], DEFAULT_START).unwrap()
    }

    #[test]
    fn state_size_counts_the_open_window_groups() {
        let code = "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N FROM SOURCE_SQL_STREAM_001 \
                    GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);";
        let mut rt = on_generator(code, "SOURCE_SQL_STREAM_001", "ticker:seed=1,rate=10");
        rt.advance_to(DEFAULT_START + 5_000).unwrap();
        let open = rt.state_size();
        assert!(open > 0 && open <= 26, "{open} open groups: one per ticker seen in the first window");
        rt.advance_to(DEFAULT_START + 10_000).unwrap();
        assert!(rt.drain_output().iter().any(|b| b.stream == "RESULT"), "the first window closed");
    }

    #[test]
    fn the_dataflow_counts_each_operators_rows_and_the_watermark() {
        let code = "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N FROM SOURCE_SQL_STREAM_001 WHERE PRICE > 50 \
                    GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);";
        let mut rt = on_generator(code, "SOURCE_SQL_STREAM_001", "ticker:seed=1,rate=10");
        rt.advance_to(DEFAULT_START + 60_000).unwrap();
        let written: usize =
            rt.drain_output().iter().filter(|b| b.stream == "RESULT").map(|b| b.batch.num_rows()).sum();
        let flow = rt.dataflow();
        assert_eq!(flow.len(), 1);
        let ops = &flow[0].operators;
        assert!(ops.len() >= 2, "{ops:?}");
        assert_eq!(ops[0].rows_in, rt.metrics().rows_in, "the first operator gets every input row");
        assert!(ops.iter().any(|o| o.rows_out < o.rows_in), "the filter and the window drop or fold rows: {ops:?}");
        for pair in ops.windows(2) {
            assert_eq!(pair[0].rows_out, pair[1].rows_in, "what one operator passes on, the next gets");
        }
        assert_eq!(ops.last().unwrap().rows_out, written as u64, "the last operator's rows are the pump's");
        assert!(ops.iter().any(|o| o.state_entries > 0), "the window holds its open groups");
        let windows: Vec<_> = ops.iter().flat_map(|o| o.windows.clone()).collect();
        assert!(!windows.is_empty(), "the window operator shows its open window");
        let watermark = flow[0].watermark.unwrap();
        for w in &windows {
            assert_eq!(w.end - w.start, 10_000, "{w:?}");
            assert!(w.end > watermark, "a window the watermark has passed has fired: {w:?}");
            assert!(w.groups > 0);
        }
        assert!(flow[0].watermark.is_some_and(|w| w > DEFAULT_START + 50_000));
    }

    /// A view passes on the watermark its rows carry: a window over it fires as the watermark
    /// passes, not only at the end of input (it waited for the end when the view's own
    /// watermark, never computed, stood still).
    #[test]
    fn a_window_over_a_view_fires_before_the_input_ends() {
        let code = "CREATE TABLE readings (DEVICE_ID STRING, TEMPERATURE DOUBLE, HUMIDITY DOUBLE, BATTERY DOUBLE, \
                    EVENT_TIME TIMESTAMP(3), WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);\n\
                    CREATE VIEW hot AS SELECT DEVICE_ID, EVENT_TIME FROM readings WHERE TEMPERATURE > 0;\n\
                    SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE hot, DESCRIPTOR(EVENT_TIME), \
                    INTERVAL '5' SECOND)) GROUP BY window_start, window_end;";
        let mut rt = on_generator(code, "readings", "sensors:seed=1,rate=10");
        rt.advance_to(DEFAULT_START + 60_000).unwrap();
        let windows: usize =
            rt.drain_output().iter().filter(|b| b.stream == "RESULT").map(|b| b.batch.num_rows()).sum();
        assert!(windows >= 10, "{windows} windows fired in a minute of 5-second windows");
    }

    #[test]
    fn hopping_and_session_windows_show_the_windows_they_hold_open() {
        let table = "CREATE TABLE readings (DEVICE_ID STRING, TEMPERATURE DOUBLE, HUMIDITY DOUBLE, BATTERY DOUBLE, \
                     EVENT_TIME TIMESTAMP(3), WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);";
        let hop =
            "SELECT window_start, window_end, COUNT(*) AS n FROM TABLE(HOP(TABLE readings, DESCRIPTOR(EVENT_TIME), \
                   INTERVAL '5' SECOND, INTERVAL '20' SECOND)) GROUP BY window_start, window_end;";
        let session = "SELECT DEVICE_ID, COUNT(*) AS n FROM TABLE(SESSION(TABLE readings PARTITION BY DEVICE_ID, \
                       DESCRIPTOR(EVENT_TIME), INTERVAL '30' SECOND)) GROUP BY DEVICE_ID, window_start, window_end;";
        for (query, size) in [(hop, Some(20_000)), (session, None)] {
            let mut rt = on_generator(&format!("{table}\n{query}"), "readings", "sensors:seed=1,rate=10");
            rt.advance_to(DEFAULT_START + 60_000).unwrap();
            let flow = rt.dataflow();
            let watermark = flow[0].watermark.unwrap();
            let windows: Vec<_> = flow[0].operators.iter().flat_map(|o| o.windows.clone()).collect();
            assert!(!windows.is_empty(), "{query}");
            for w in &windows {
                assert!(w.end > watermark && w.groups > 0, "{query}: {w:?} at watermark {watermark}");
                if let Some(size) = size {
                    assert_eq!((w.end - w.start, w.start % 5_000), (size, 0), "{w:?}");
                }
            }
            if size.is_some() {
                assert!(windows.len() >= 3, "hopping windows overlap: {windows:?}");
            }
        }
    }
}
