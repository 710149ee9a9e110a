//! Inputs into the application: each step of the virtual clock pulls the rows every source has
//! by then, in ROWTIME order across inputs; an input stream's rows get their computed columns
//! and keep ROWTIME from going backwards, then go on to the pumps. The end of every input
//! closes the application.

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, BooleanArray, RecordBatch};

use super::lanes::{bad_input_row, ErrorRow};
use super::{OutputBatch, Runtime};
use crate::error::{Error, Result};
use crate::exec::Signal;

/// Rows pulled from a source per poll: bounds the work of one step.
const POLL_ROWS: usize = 4096;

/// How far [`Runtime::run_to_end`] moves the clock per step when generators set the pace.
const RUN_STEP_MS: i64 = 60_000;

/// The output rows [`Runtime::run_to_end`] keeps before it hands them to its sink: a step of a
/// generator at 100,000 rows a second is 6 million rows in, and as many out.
const HAND_OVER_ROWS: usize = 65_536;

impl Runtime {
    /// Moves the virtual clock to `t` and processes every row that has arrived by then. The
    /// inputs' rows are taken in ROWTIME order across inputs (a source's rows before another's
    /// of the same ROWTIME when it is bound first), as they would arrive, so that operators
    /// reading several streams see them interleaved.
    pub fn advance_to(&mut self, t: i64) -> Result<()> {
        self.advance(t, None)
    }

    /// [`Runtime::advance_to`], handing the output over to `sink` whenever it holds
    /// [`HAND_OVER_ROWS`] rows (a step of a fast input writes millions), when there is a sink.
    fn advance(&mut self, t: i64, mut sink: Option<&mut dyn FnMut(Vec<OutputBatch>) -> Result<()>>) -> Result<()> {
        self.now = self.now.max(t);
        // Each input's polled rows not yet taken: the batch and the first row left.
        let mut heads: Vec<Option<(RecordBatch, usize)>> = vec![None; self.sources.len()];
        let mut drained = vec![false; self.sources.len()];
        loop {
            for i in 0..self.sources.len() {
                if heads[i].is_none() && !drained[i] {
                    match self.poll(i)? {
                        Some(batch) => heads[i] = Some((batch, 0)),
                        None => drained[i] = true,
                    }
                }
            }
            // The input with the earliest next row, and the earliest next row of the others.
            let next = |h: &Option<(RecordBatch, usize)>| {
                h.as_ref().map(|(b, at)| b.column(0).as_primitive::<TimestampMillisecondType>().value(*at))
            };
            let earliest =
                heads.iter().enumerate().filter_map(|(i, h)| next(h).map(|t| (i, t))).min_by_key(|(i, t)| (*t, *i));
            let Some((first, _)) = earliest else { break };
            let bound = heads
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != first)
                .filter_map(|(i, h)| next(h).map(|t| (t, i)))
                .min();
            let Some((batch, offset)) = heads[first].take() else { break };
            let times = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
            // Rows up to the others' next (through it when this input comes first on ties).
            let end = match bound {
                None => batch.num_rows(),
                Some((limit, other)) => (offset..batch.num_rows())
                    .find(|&r| times.value(r) > limit || (times.value(r) == limit && other < first))
                    .unwrap_or(batch.num_rows()),
            };
            let end = end.max(offset + 1).min(batch.num_rows());
            let stream = self.sources[first].0.clone();
            self.ingest(&stream, batch.slice(offset, end - offset))?;
            if let Some(sink) = sink.as_mut() {
                if self.output_rows >= HAND_OVER_ROWS {
                    sink(self.drain_output())?;
                }
            }
            if end < batch.num_rows() {
                heads[first] = Some((batch, end));
            }
        }
        if !self.closed && self.sources.iter().all(|(_, s)| s.is_exhausted()) {
            self.close()?;
        }
        // A write-through backend holds the state as of the end of each step.
        for pump in &mut self.pumps {
            pump.flush(self.state.as_mut())?;
        }
        Ok(())
    }

    /// The next batch input `i` has for the clock, its unreadable records sent to
    /// `error_stream`; `None` when it has no more by now.
    fn poll(&mut self, i: usize) -> Result<Option<RecordBatch>> {
        loop {
            let polled = self.sources[i].1.poll(self.now, POLL_ROWS)?;
            let input = format!("stream \"{}\"", self.sources[i].0);
            let rows = polled.batch.as_ref().map_or(0, |b| b.num_rows());
            self.metrics.records_read += (rows + polled.bad_rows.len()) as u64;
            let had_bad = !polled.bad_rows.is_empty();
            self.reject(polled.bad_rows.into_iter().map(|b| bad_input_row(b, &input)).collect())?;
            match polled.batch {
                Some(batch) if batch.num_rows() > 0 => return Ok(Some(batch)),
                None if had_bad => continue,
                _ => return Ok(None),
            }
        }
    }

    /// When the next input row arrives, if the inputs can tell (generators can).
    pub fn next_arrival(&self) -> Option<i64> {
        self.sources.iter().filter_map(|(_, s)| s.next_arrival()).min()
    }

    /// Reads every input to its end as fast as possible, handing output to `sink` as it is
    /// produced, then flushes all open windows. Generators jump the clock from row to row; an
    /// unbounded generator makes this run until `sink` fails.
    pub fn run_to_end(&mut self, mut sink: impl FnMut(Vec<OutputBatch>) -> Result<()>) -> Result<()> {
        while !self.closed {
            self.run_step_into(RUN_STEP_MS, &mut sink)?;
        }
        Ok(())
    }

    /// [`Runtime::run_step`], handing the step's output to `sink` as it comes: every
    /// [`HAND_OVER_ROWS`] rows, and the rest at the step's end.
    pub fn run_step_into(&mut self, step: i64, mut sink: impl FnMut(Vec<OutputBatch>) -> Result<()>) -> Result<()> {
        self.advance(self.step_target(step), Some(&mut sink))?;
        sink(self.drain_output())
    }

    /// One step of [`Runtime::run_to_end`]: the clock moves `step` ms, or on to the next
    /// arrival when that is later; returns what the step wrote.
    pub fn run_step(&mut self, step: i64) -> Result<Vec<OutputBatch>> {
        self.advance_to(self.step_target(step))?;
        Ok(self.drain_output())
    }

    /// Where a step of `step` ms moves the clock: on by `step`, or to the next arrival when that
    /// is later.
    fn step_target(&self, step: i64) -> i64 {
        self.next_arrival().map_or(self.now, |t| t.max(self.now.saturating_add(step)))
    }

    /// Every input has ended and every window has been flushed.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// End of input: every pump flushes its open windows.
    fn close(&mut self) -> Result<()> {
        self.closed = true;
        let inputs: Vec<String> = self.plan.input_streams().map(|s| s.name.clone()).collect();
        for stream in inputs {
            self.signal(&stream, Signal::Close, 0)?;
        }
        Ok(())
    }

    /// Adds a table's computed columns to a batch of its source columns.
    fn with_computed(&self, stream: &str, batch: RecordBatch) -> Result<RecordBatch> {
        let Some(def) = self.plan.stream(stream) else { return Ok(batch) };
        if def.computed.is_empty() {
            return Ok(batch);
        }
        let mut source = batch.columns().iter();
        let mut columns = Vec::with_capacity(def.schema.fields().len());
        for i in 0..def.schema.fields().len() {
            match def.computed.iter().find(|(at, _)| *at == i) {
                Some((_, expr)) => columns.push(crate::exec::expr::evaluate(expr, &batch)?),
                None => columns.push(
                    source.next().cloned().ok_or_else(|| Error::Internal("a source batch lacks a column".into()))?,
                ),
            }
        }
        Ok(RecordBatch::try_new(def.schema.clone(), columns)?)
    }

    /// Rows arriving on an input stream: ROWTIME must not go backwards.
    fn ingest(&mut self, stream: &str, batch: RecordBatch) -> Result<()> {
        let batch = match self.with_computed(stream, batch.clone()) {
            Ok(b) => b,
            Err(e @ Error::Internal(_)) => return Err(e),
            // A computed column failed on some row: keep the rows it computes for.
            Err(_) => {
                let (mut good, mut errors) = (Vec::new(), Vec::new());
                for row in 0..batch.num_rows() {
                    match self.with_computed(stream, batch.slice(row, 1)) {
                        Ok(b) => good.push(b),
                        Err(e) => errors.push(ErrorRow {
                            name: "EXECUTION_ERROR",
                            message: format!("stream \"{stream}\": a computed column failed: {e}"),
                            data_rowtime: Some(batch.column(0).as_primitive::<TimestampMillisecondType>().value(row)),
                            data_row: crate::output::row_text(&batch, row),
                            pump: None,
                        }),
                    }
                }
                self.reject(errors)?;
                let Some(def) = self.plan.stream(stream) else { return Ok(()) };
                arrow_select::concat::concat_batches(&def.schema, &good)?
            }
        };
        self.metrics.rows_in += batch.num_rows() as u64;
        let times = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
        let mut last = self.last_rowtime.get(stream).copied().unwrap_or(i64::MIN);
        let in_order = times.null_count() == 0
            && times.values().first().is_none_or(|&first| first >= last)
            && times.values().windows(2).all(|w| w[0] <= w[1]);
        if in_order {
            // The common case, checked without a row-by-row verdict.
            let last = times.values().last().copied().unwrap_or(last);
            self.last_rowtime.insert(stream.to_string(), last);
            return self.pass_on(stream, batch, last);
        }
        let mut keep = Vec::with_capacity(batch.num_rows());
        let mut errors = Vec::new();
        for (row, t) in times.iter().enumerate() {
            let t = t.unwrap_or(i64::MIN);
            if t >= last {
                last = t;
                keep.push(true);
            } else {
                keep.push(false);
                errors.push(ErrorRow {
                    name: "ROWTIME_OUT_OF_ORDER",
                    message: format!(
                        "ROWTIME {} is before the stream's previous ROWTIME {}; ROWTIME never goes backwards",
                        crate::plan::types::format_timestamp(t),
                        crate::plan::types::format_timestamp(last)
                    ),
                    data_rowtime: Some(t),
                    data_row: crate::output::row_text(&batch, row),
                    pump: None,
                });
            }
        }
        self.last_rowtime.insert(stream.to_string(), last);
        self.reject(errors)?;
        let batch = arrow_select::filter::filter_record_batch(&batch, &BooleanArray::from(keep))?;
        self.pass_on(stream, batch, last)
    }

    /// Ingested rows in ROWTIME order go to the pumps, then the stream's watermark.
    fn pass_on(&mut self, stream: &str, batch: RecordBatch, last_rowtime: i64) -> Result<()> {
        if batch.num_rows() > 0 {
            self.emit(stream, batch, 0)?;
            let watermark = self.watermark_of(stream).unwrap_or(last_rowtime);
            self.signal(stream, Signal::Watermark(watermark), 0)?;
        }
        Ok(())
    }
}
