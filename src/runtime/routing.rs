//! Rows through the pumps: a stream's rows pushed to every pump that reads it, and a pump's
//! output on to its target stream (or its failure to `error_stream`).

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::RecordBatch;

use super::lanes::ErrorRow;
use super::Runtime;
use crate::error::{Error, Result};
use crate::exec::Context;
use crate::plan::{StreamKind, WATERMARK_COLUMN};

/// How deep pumps may feed pumps before the runtime refuses (a cycle).
pub(super) const MAX_PUMP_DEPTH: usize = 32;

impl Runtime {
    /// What a user sees of a batch: Flink tables hide `ROWTIME` and the watermark column.
    fn visible(&self, stream: &str, batch: &RecordBatch) -> Result<RecordBatch> {
        let kda = self.plan.stream(stream).is_none_or(|d| d.kind == StreamKind::Kda);
        let keep: Vec<usize> = (0..batch.num_columns())
            .filter(|&i| (i != 0 || kda) && batch.schema().field(i).name() != WATERMARK_COLUMN)
            .collect();
        Ok(batch.project(&keep)?)
    }

    /// Rows written to `stream`: recorded if a user sees that stream, then pushed to every pump
    /// that reads it.
    pub(super) fn emit(&mut self, stream: &str, batch: RecordBatch, depth: usize) -> Result<()> {
        if depth > MAX_PUMP_DEPTH {
            return Err(Error::Plan {
                message: format!("pumps feed each other in a cycle through \"{stream}\""),
                position: None,
            });
        }
        let batch = self.with_watermarks(stream, batch)?;
        // A view's rows are read by other queries, not shown as a result.
        let written =
            self.plan.pumps.iter().any(|p| p.target == stream) && !self.plan.stream(stream).is_some_and(|s| s.view);
        if written {
            self.metrics.rows_out += batch.num_rows() as u64;
        }
        if written || self.capture_inputs {
            let visible = self.visible(stream, &batch)?;
            self.write_output(stream, visible);
        }
        for i in 0..self.pumps.len() {
            if !self.pumps[i].reads(stream) {
                continue;
            }
            let mut ctx = Context::new(self.state.as_mut());
            let result = self.pumps[i].push(stream, batch.clone(), &mut ctx);
            let (late, failed) = (std::mem::take(&mut ctx.late), std::mem::take(&mut ctx.failed));
            self.late(i, late)?;
            self.failed(i, failed)?;
            self.route(i, result, Some(&batch), depth)?;
        }
        Ok(())
    }

    /// Sends a pump's output on to its target; a pump that fails on a batch puts the failure in
    /// `error_stream` and the application carries on.
    pub(super) fn route(
        &mut self,
        pump: usize,
        result: Result<Vec<RecordBatch>>,
        input: Option<&RecordBatch>,
        depth: usize,
    ) -> Result<()> {
        let target = self.pumps[pump].target.clone();
        match result {
            Ok(batches) => {
                for b in batches {
                    self.emit(&target, b, depth + 1)?;
                }
                Ok(())
            }
            Err(e @ Error::Internal(_)) => Err(e),
            Err(e) => {
                let name = self.pumps[pump].name.clone();
                let error = |data_rowtime, data_row| ErrorRow {
                    name: "EXECUTION_ERROR",
                    message: e.to_string(),
                    data_rowtime,
                    data_row,
                    pump: Some(name.clone()),
                };
                let rows: Vec<ErrorRow> = match input {
                    Some(batch) => {
                        let times = batch.column(0).as_primitive::<TimestampMillisecondType>();
                        (0..batch.num_rows())
                            .map(|row| error(Some(times.value(row)), crate::output::row_text(batch, row)))
                            .collect()
                    }
                    None => vec![error(None, String::new())],
                };
                self.reject(rows)
            }
        }
    }
}
