//! `HOP` windows by slicing: each row goes into one pane (a `slide`-long slice of event time)
//! instead of into each of the `size / slide` windows that hold it; a window, when it fires,
//! merges its panes. The rows a window sees are the same as when each row updates each window:
//! a row is added to its pane only if some window holding the pane has not fired, and a window
//! that has fired no longer reads its panes. Panes no later window needs are dropped as
//! windows fire. Because a pane serves several windows, windows fire as soon as a row's
//! watermark passes them, in the middle of a batch, before that row joins its pane.

use std::collections::{BTreeMap, HashMap};

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, RecordBatch};
use arrow_schema::SchemaRef;

use super::keyed::{FiredGroup, KeyedAggregates};
use crate::error::Result;
use crate::exec::aggregate::{update, Accumulator};
use crate::exec::{Context, LateRow, Operator};
use crate::plan::{AggregateExpr, Expr};
use crate::state::{fixed_hasher, GroupTable, StateBackend, TableHasher};

/// Table keys are the pane start, then the group key as arrow-row bytes.
const PANE_KEY_BYTES: usize = 8;

/// A checkpoint: every pane's groups (pane start and key bytes, partial aggregates) and how far
/// windows have fired.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    panes: Vec<(Vec<u8>, Vec<Accumulator>)>,
    fired_until: i64,
    fired_for: i64,
    last_rowtime: i64,
}

pub struct HopWindowExec {
    id: String,
    slide: i64,
    size: i64,
    offset: i64,
    time_column: usize,
    watermark_column: usize,
    keyed: KeyedAggregates,
    /// Partial aggregates per (pane, key).
    panes: GroupTable<Vec<Accumulator>>,
    /// The groups of each pane, by pane start.
    by_pane: BTreeMap<i64, Vec<u32>>,
    /// The end of the last window emitted: windows up to it have fired.
    fired_until: i64,
    /// The largest watermark windows have been fired for.
    fired_for: i64,
    last_rowtime: i64,
}

impl HopWindowExec {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: String,
        (slide, size, offset): (i64, i64, i64),
        time_column: usize,
        watermark_column: usize,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        schema: SchemaRef,
    ) -> Result<HopWindowExec> {
        Ok(HopWindowExec {
            id,
            slide,
            size,
            offset,
            time_column,
            watermark_column,
            keyed: KeyedAggregates::new(group_exprs, aggregates, schema)?,
            panes: GroupTable::default(),
            by_pane: BTreeMap::new(),
            fired_until: i64::MIN,
            fired_for: i64::MIN,
            last_rowtime: i64::MIN,
        })
    }

    /// Whether the slicing applies: the slide divides the size.
    pub fn applies(slide: i64, size: i64) -> bool {
        slide > 0 && size % slide == 0
    }

    fn pane_start(&self, time: i64) -> i64 {
        time - (time - self.offset).rem_euclid(self.slide)
    }

    /// Emits every window with rows whose end is at or before `end_bound`, in order of end.
    fn fire(&mut self, end_bound: i64) -> Result<Vec<RecordBatch>> {
        let mut out = Vec::new();
        while let Some((&first_pane, _)) = self.by_pane.first_key_value() {
            // The earliest window not yet emitted that holds the earliest pane.
            let end = (first_pane + self.slide).max(self.fired_until.saturating_add(self.slide));
            if end > end_bound {
                break;
            }
            let start = end - self.size;
            // Merge the window's panes per key.
            let mut merged: HashMap<&[u8], Vec<Accumulator>, TableHasher> = HashMap::with_hasher(fixed_hasher());
            for (_, ids) in self.by_pane.range(start..end) {
                for &id in ids {
                    let key = &self.panes.key(id)[PANE_KEY_BYTES..];
                    let partial = self.panes.get(id);
                    match merged.get_mut(key) {
                        Some(accs) => accs.iter_mut().zip(partial).for_each(|(a, p)| a.merge(p)),
                        None => {
                            merged.insert(key, partial.clone());
                        }
                    }
                }
            }
            let mut groups: Vec<(&[u8], Vec<Accumulator>)> = merged.into_iter().collect();
            groups.sort_by(|a, b| a.0.cmp(b.0));
            let rows: Vec<FiredGroup> = groups
                .iter()
                .map(|(key, accs)| FiredGroup { rowtime: self.last_rowtime, start, end, key, accumulators: accs })
                .collect();
            if !rows.is_empty() {
                out.push(self.keyed.output(&rows)?);
            }
            self.fired_until = end;
            // Panes that start before the next window are needed by no window any more.
            let keep = self.by_pane.split_off(&(end + self.slide - self.size));
            for (_, ids) in std::mem::replace(&mut self.by_pane, keep) {
                for id in ids {
                    self.panes.remove(id);
                }
            }
        }
        Ok(out)
    }
}

impl Operator for HopWindowExec {
    fn name(&self) -> String {
        format!("HopWindow[{}]: slide={} ms size={} ms, sliced into panes", self.id, self.slide, self.size)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let times = batch.column(self.time_column).as_primitive::<TimestampMillisecondType>().clone();
        let watermarks = batch.column(self.watermark_column).as_primitive::<TimestampMillisecondType>().clone();
        let args = self.keyed.evaluate(&batch)?;
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>();
        if let Some(max) = arrow_arith::aggregate::max(rowtimes) {
            self.last_rowtime = self.last_rowtime.max(max);
        }
        let mut key = Vec::with_capacity(64);
        let mut out = Vec::new();
        for row in 0..batch.num_rows() {
            if times.is_null(row) {
                ctx.late.push(LateRow::new(&batch, row, None, None, None, "the event time is NULL"));
                continue;
            }
            let time = times.value(row);
            let pane = self.pane_start(time);
            // The last window holding the row ends at pane + size; if it has fired, all have.
            let last_end = pane + self.size;
            let watermark = watermarks.is_valid(row).then(|| watermarks.value(row));
            // Windows the row's watermark has passed fire before the row is added: a pane it
            // joins must not reach a window that has fired.
            if let Some(wm) = watermark.filter(|wm| *wm > self.fired_for) {
                self.fired_for = wm;
                out.extend(self.fire(wm.saturating_add(1))?);
            }
            if super::has_fired(watermark, last_end) || last_end <= self.fired_until {
                let window = Some((pane, last_end));
                ctx.late.push(LateRow::new(
                    &batch,
                    row,
                    Some(time),
                    watermark,
                    window,
                    "every window of the row has fired",
                ));
                continue;
            }
            key.clear();
            key.extend_from_slice(&pane.to_be_bytes());
            key.extend_from_slice(self.keyed.key(row));
            let (id, inserted) = self.panes.get_or_insert_with(&key, || self.keyed.templates.clone());
            if inserted {
                self.by_pane.entry(pane).or_default().push(id);
            }
            update(self.panes.get_mut(id), &args, row)?;
        }
        Ok(out)
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fired_for = self.fired_for.max(watermark);
        let fired = self.fire(watermark.saturating_add(1));
        self.keyed.watermark = Some(watermark);
        fired
    }

    fn state_entries(&self) -> usize {
        self.panes.len()
    }

    fn open_windows(&self) -> Vec<crate::exec::WindowSpan> {
        // Every window not yet emitted that holds a pane with rows, with the pane groups in it.
        let (Some((&first, _)), Some((&last, _))) = (self.by_pane.first_key_value(), self.by_pane.last_key_value())
        else {
            return vec![];
        };
        let mut end = (first + self.slide).max(self.fired_until.saturating_add(self.slide));
        let mut spans = Vec::new();
        while end - self.size <= last {
            let start = end - self.size;
            let groups = self.by_pane.range(start..end).map(|(_, ids)| ids.len()).sum();
            if groups > 0 {
                spans.push(crate::exec::WindowSpan { start, end, groups });
            }
            end += self.slide;
        }
        spans
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX - 1)
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.panes.flush(&self.id, state)
    }

    /// With a write-through backend the panes are in its table, not in the checkpoint's bytes.
    fn save(&self) -> Result<Option<Vec<u8>>> {
        let panes = self.panes.checkpoint_entries();
        let saved =
            Saved { panes, fired_until: self.fired_until, fired_for: self.fired_for, last_rowtime: self.last_rowtime };
        crate::state::encode(&saved).map(Some)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Saved = crate::state::decode(bytes)?;
        // Each pane's groups under its start (the key's first bytes).
        for id in self.panes.restore(&self.id, saved.panes, state)? {
            let start = self.panes.key(id).get(..PANE_KEY_BYTES).and_then(|b| b.try_into().ok());
            let Some(pane) = start.map(i64::from_be_bytes) else {
                return Err(crate::error::Error::Execution(format!(
                    "{}: a checkpoint pane without its start",
                    self.id
                )));
            };
            self.by_pane.entry(pane).or_default().push(id);
        }
        self.fired_until = saved.fired_until;
        self.fired_for = saved.fired_for;
        self.last_rowtime = saved.last_rowtime;
        Ok(())
    }
}
