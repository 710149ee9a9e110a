//! KDA's `TOP_K_ITEMS_TUMBLING` after its window aggregate: of each window's groups, the `k`
//! with the largest count, the largest first (ties in the aggregate's key order).
//!
//! A KDA window aggregate emits a window's groups together, in one batch, as the window closes
//! ([`super::WindowAggregateExec`]): every window in a batch is whole, so the operator keeps
//! nothing between batches.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int64Type, TimestampMillisecondType};
use arrow_array::{Array, RecordBatch, UInt32Array};

use super::{Context, Operator};
use crate::error::{Error, Result};

pub struct TopPerWindowExec {
    k: usize,
    by: usize,
    /// The ROWTIME of the last window sent: a window split across batches would be a bug
    /// upstream, and says so rather than ranking part of a window.
    last: Option<i64>,
}

impl TopPerWindowExec {
    pub fn new(k: usize, by: usize) -> TopPerWindowExec {
        TopPerWindowExec { k, by, last: None }
    }
}

impl Operator for TopPerWindowExec {
    crate::exec::saves_nothing!();

    fn name(&self) -> String {
        format!("TopPerWindow: {} largest by #{}", self.k, self.by)
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>();
        let counts = batch.column(self.by).as_primitive::<Int64Type>();
        let count = |i: usize| if counts.is_valid(i) { counts.value(i) } else { i64::MIN };
        let mut keep: Vec<u32> = Vec::new();
        let mut first = 0;
        while first < batch.num_rows() {
            let rowtime = rowtimes.value(first);
            if self.last == Some(rowtime) {
                return Err(Error::Internal(format!("the window ending {rowtime} came in two batches")));
            }
            let end = (first..batch.num_rows()).find(|&i| rowtimes.value(i) != rowtime).unwrap_or(batch.num_rows());
            let mut window: Vec<u32> = (first as u32..end as u32).collect();
            window.sort_by_key(|&i| std::cmp::Reverse(count(i as usize)));
            keep.extend(window.into_iter().take(self.k));
            self.last = Some(rowtime);
            first = end;
        }
        let indices = UInt32Array::from(keep);
        let columns = batch
            .columns()
            .iter()
            .map(|c| arrow_select::take::take(c, &indices, None))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(vec![RecordBatch::try_new(Arc::clone(&batch.schema()), columns)?])
    }
}
