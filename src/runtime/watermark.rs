//! Event time: each stream's watermark, the column that tells each row the watermark it
//! meets, and watermarks (and the end of input) passed down the pumps.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, RecordBatch, TimestampMillisecondArray};

use super::routing::MAX_PUMP_DEPTH;
use super::Runtime;
use crate::error::Result;
use crate::exec::{Context, Signal};

impl Runtime {
    /// The event-time watermark of a stream with a WATERMARK declaration.
    /// A view has none of its own: it passes on its query's.
    pub(super) fn watermark_of(&self, stream: &str) -> Option<i64> {
        let def = self.plan.stream(stream).filter(|d| !d.view)?;
        let spec = def.watermark()?;
        Some(self.max_event_time.get(stream).map_or(i64::MIN, |max| max.saturating_sub(spec.delay_ms)))
    }

    /// For a stream with a WATERMARK declaration: appends the column that tells each row the
    /// watermark it meets (from the rows before it), and advances the stream's watermark.
    pub(super) fn with_watermarks(&mut self, stream: &str, batch: RecordBatch) -> Result<RecordBatch> {
        let Some(def) = self.plan.stream(stream) else { return Ok(batch) };
        let Some(spec) = def.watermark() else { return Ok(batch) };
        if batch.num_columns() != def.schema.fields().len() {
            return Ok(batch);
        }
        let schema = def.batch_schema();
        let times = batch.column(spec.column).as_primitive::<TimestampMillisecondType>().clone();
        // Until the first event time there is no watermark: NULL for the rows before it.
        let known = self.max_event_time.get(stream).copied();
        let mut max = known.unwrap_or(i64::MIN);
        let mut watermarks = vec![0; batch.num_rows()];
        let rows = watermarks.iter_mut().zip(times.values().iter());
        match times.nulls().filter(|n| n.null_count() > 0) {
            None => rows.for_each(|(watermark, &t)| {
                *watermark = max.saturating_sub(spec.delay_ms);
                max = max.max(t);
            }),
            Some(nulls) => rows.zip(nulls.iter()).for_each(|((watermark, &t), valid)| {
                *watermark = max.saturating_sub(spec.delay_ms);
                if valid {
                    max = max.max(t);
                }
            }),
        }
        let unknown_rows = match known {
            Some(_) => 0,
            None => times.nulls().map_or(0, |n| n.valid_indices().next().unwrap_or(n.len())) + 1,
        };
        let nulls = (unknown_rows > 0)
            .then(|| arrow_buffer::NullBuffer::from_iter((0..watermarks.len()).map(|row| row >= unknown_rows)));
        if known.is_some() || times.null_count() < times.len() {
            self.max_event_time.insert(stream.to_string(), max);
        }
        let mut columns = batch.columns().to_vec();
        columns.push(Arc::new(TimestampMillisecondArray::new(watermarks.into(), nulls)));
        Ok(RecordBatch::try_new(schema, columns)?)
    }

    /// A watermark or the end of input reaches `stream`: passed down every pump reading it.
    pub(super) fn signal(&mut self, stream: &str, signal: Signal, depth: usize) -> Result<()> {
        if depth > MAX_PUMP_DEPTH {
            return Ok(());
        }
        for i in 0..self.pumps.len() {
            if !self.pumps[i].reads(stream) {
                continue;
            }
            let mut ctx = Context::new(self.state.as_mut());
            let result = self.pumps[i].signal(stream, signal, &mut ctx);
            let (late, failed) = (std::mem::take(&mut ctx.late), std::mem::take(&mut ctx.failed));
            self.late(i, late)?;
            self.failed(i, failed)?;
            self.route(i, result, None, depth)?;
            let target = self.pumps[i].target.clone();
            // The pump's own watermark (the smallest of its inputs'), or, for a table with its
            // own WATERMARK, the table's.
            let next = match (self.pumps[i].is_done(), self.pumps[i].watermark(), self.watermark_of(&target)) {
                (true, ..) => Signal::Close,
                (false, Some(_), Some(own)) => Signal::Watermark(own),
                (false, Some(wm), None) => Signal::Watermark(wm),
                (false, None, _) => continue,
            };
            self.signal(&target, next, depth + 1)?;
        }
        Ok(())
    }
}
