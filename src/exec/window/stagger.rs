//! KDA's stagger windows (`WINDOWED BY STAGGER (PARTITION BY … RANGE INTERVAL …)`): a window
//! opens for a partition key when its first row arrives and closes `range` of ROWTIME later.
//! The result row has the close time as its ROWTIME. A row for a key whose window has closed
//! opens a new window. Windows close when a row at or past their close time arrives (or the
//! input ends), as KDA's ROWTIME windows do.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use super::keyed::{FiredGroup, KeyedAggregates};
use crate::error::Result;
use crate::exec::aggregate::{update, Accumulator};
use crate::exec::{Context, Operator};
use crate::plan::{AggregateExpr, Expr};
use crate::state::{fixed_hasher, StateTable, TableHasher};

/// A partition key's open window: keyed, as the other windows' groups are, by the key's bytes
/// ([`KeyedAggregates::key`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StaggerWindow {
    key: Vec<u8>,
    open: i64,
    close: i64,
    accumulators: Vec<Accumulator>,
}

pub struct StaggerWindowExec {
    id: String,
    range_ms: i64,
    keyed: KeyedAggregates,
    /// Key: the partition key's bytes; at most one open window per key.
    open: StateTable<StaggerWindow>,
    /// Windows closed by a later row of their key, waiting for the end of the batch.
    closed: Vec<StaggerWindow>,
}

impl StaggerWindowExec {
    pub fn new(
        id: String,
        range_ms: i64,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        schema: SchemaRef,
    ) -> Result<Self> {
        let open = StateTable::new(&id);
        let keyed = KeyedAggregates::new(group_exprs, aggregates, schema)?;
        Ok(StaggerWindowExec { id, range_ms, keyed, open, closed: vec![] })
    }

    fn fire(&mut self, up_to: i64, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mut done = std::mem::take(&mut self.closed);
        for (key, window) in self.open.range(ctx.state, &[], &[0xff; 16])? {
            if window.close <= up_to {
                self.open.delete(ctx.state, &key)?;
                done.push(window);
            }
        }
        if done.is_empty() {
            return Ok(vec![]);
        }
        // Key bytes sort as the keys do.
        done.sort_by(|a, b| a.close.cmp(&b.close).then_with(|| a.key.cmp(&b.key)));
        let rows: Vec<FiredGroup> = done
            .iter()
            .map(|w| FiredGroup {
                rowtime: w.close,
                start: w.open,
                end: w.close,
                key: &w.key,
                accumulators: &w.accumulators,
            })
            .collect();
        Ok(vec![self.keyed.output(&rows)?])
    }
}

impl Operator for StaggerWindowExec {
    // All its state is in the backend.
    crate::exec::saves_nothing!();

    fn name(&self) -> String {
        format!("StaggerWindow[{}]: range={} ms", self.id, self.range_ms)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
        let args = self.keyed.evaluate(&batch)?;
        let mut touched: HashMap<Vec<u8>, Option<StaggerWindow>, TableHasher> = HashMap::with_hasher(fixed_hasher());
        for row in 0..batch.num_rows() {
            let t = rowtimes.value(row);
            let key = self.keyed.key(row);
            if !touched.contains_key(key) {
                let stored = self.open.get(ctx.state, key)?;
                touched.insert(key.to_vec(), stored);
            }
            let slot = touched.get_mut(key).expect("inserted above");
            if slot.as_ref().is_some_and(|w| w.close <= t) {
                self.closed.extend(slot.take());
            }
            let window = slot.get_or_insert_with(|| StaggerWindow {
                key: key.to_vec(),
                open: t,
                close: t.saturating_add(self.range_ms),
                accumulators: self.keyed.templates.clone(),
            });
            update(&mut window.accumulators, &args, row)?;
        }
        self.open.write_batch(ctx.state, touched)?;
        Ok(vec![])
    }

    fn handle_watermark(&mut self, watermark: i64, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(watermark, ctx)
    }

    fn on_close(&mut self, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX, ctx)
    }
}
