//! Session windows (`SESSION` TVF with an aggregate), as PRODUCT.md states them: a session is
//! `[first row, last row + gap)`; sessions that overlap or merely touch merge; a row is late
//! when the session it would form or join, after merging, has already fired (its end - 1 ms
//! is at or before the watermark the row meets). Sessions are kept per group key.
//!
//! Open sessions live in a [`GroupTable`] keyed by the group key's arrow-row bytes. An index by
//! session end finds what to fire; it is kept lazily: a session that grows keeps its old entry,
//! and when that entry comes up the session is put back under its new end.

use std::collections::BTreeMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, RecordBatch};
use arrow_schema::SchemaRef;

use super::keyed::{FiredGroup, KeyedAggregates};
use crate::error::Result;
use crate::exec::aggregate::{update, Accumulator};
use crate::exec::{Context, LateRow, Operator};
use crate::plan::{AggregateExpr, Expr};
use crate::state::{GroupTable, StateBackend};

#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Session {
    start: i64,
    end: i64,
    accumulators: Vec<Accumulator>,
}

/// A checkpoint: each group key's open sessions, in their order.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    open: Vec<(Vec<u8>, Vec<Session>)>,
    last_rowtime: i64,
}

pub struct SessionWindowExec {
    id: String,
    gap: i64,
    time_column: usize,
    watermark_column: usize,
    keyed: KeyedAggregates,
    /// The open sessions of each group key.
    open: GroupTable<Vec<Session>>,
    /// Group keys by the end of a session they had when it was indexed.
    by_end: BTreeMap<i64, Vec<u32>>,
    last_rowtime: i64,
}

impl SessionWindowExec {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: String,
        gap: i64,
        time_column: usize,
        watermark_column: usize,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        schema: SchemaRef,
    ) -> Result<SessionWindowExec> {
        Ok(SessionWindowExec {
            id,
            gap,
            time_column,
            watermark_column,
            keyed: KeyedAggregates::new(group_exprs, aggregates, schema)?,
            open: GroupTable::default(),
            by_end: BTreeMap::new(),
            last_rowtime: i64::MIN,
        })
    }

    /// Emits every session whose end - 1 ms is at or before `watermark`.
    fn fire(&mut self, watermark: i64) -> Result<Vec<RecordBatch>> {
        let mut closed: Vec<(Box<[u8]>, Session)> = Vec::new();
        while let Some(entry) = self.by_end.first_entry() {
            if !super::has_fired(Some(watermark), *entry.key()) {
                break;
            }
            for id in entry.remove() {
                let Some(sessions) = self.open.try_get_mut(id) else { continue };
                let (done, open): (Vec<Session>, Vec<Session>) =
                    std::mem::take(sessions).into_iter().partition(|s| super::has_fired(Some(watermark), s.end));
                // Sessions that grew since they were indexed go back under their new end.
                for s in &open {
                    self.by_end.entry(s.end).or_default().push(id);
                }
                let empty = open.is_empty();
                *sessions = open;
                if done.is_empty() {
                    continue;
                }
                let key: Box<[u8]> = self.open.key(id).into();
                closed.extend(done.into_iter().map(|s| (key.clone(), s)));
                if empty {
                    self.open.remove(id);
                }
            }
        }
        if closed.is_empty() {
            return Ok(vec![]);
        }
        closed.sort_by(|(k1, s1), (k2, s2)| s1.end.cmp(&s2.end).then(s1.start.cmp(&s2.start)).then_with(|| k1.cmp(k2)));
        let rows: Vec<FiredGroup> = closed
            .iter()
            .map(|(key, s)| FiredGroup {
                rowtime: self.last_rowtime,
                start: s.start,
                end: s.end,
                key,
                accumulators: &s.accumulators,
            })
            .collect();
        Ok(vec![self.keyed.output(&rows)?])
    }
}

impl Operator for SessionWindowExec {
    fn name(&self) -> String {
        format!("SessionWindow[{}]: gap={} ms", self.id, self.gap)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let times = batch.column(self.time_column).as_primitive::<TimestampMillisecondType>().clone();
        let watermarks = batch.column(self.watermark_column).as_primitive::<TimestampMillisecondType>().clone();
        let args = self.keyed.evaluate(&batch)?;
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>();
        if let Some(max) = arrow_arith::aggregate::max(rowtimes) {
            self.last_rowtime = self.last_rowtime.max(max);
        }
        for row in 0..batch.num_rows() {
            if times.is_null(row) {
                ctx.late.push(LateRow::new(&batch, row, None, None, None, "the event time is NULL"));
                continue;
            }
            let time = times.value(row);
            let watermark = watermarks.is_valid(row).then(|| watermarks.value(row));
            let (id, _) = self.open.get_or_insert_with(self.keyed.key(row), Vec::new);
            let sessions = self.open.get_mut(id);

            let (mut start, mut end) = (time, time.saturating_add(self.gap));
            // Open sessions that overlap or touch the new one merge with it. A session whose
            // end - 1 ms the row's watermark has reached has fired (it is emitted at the end of
            // the batch) and takes no more rows.
            let joins = |s: &Session| !super::has_fired(watermark, s.end) && s.start <= end && start <= s.end;
            let Some(first) = sessions.iter().position(joins) else {
                if super::has_fired(watermark, end) {
                    if sessions.is_empty() {
                        self.open.remove(id);
                    }
                    ctx.late.push(LateRow::new(
                        &batch,
                        row,
                        Some(time),
                        watermark,
                        Some((start, end)),
                        "its session has fired",
                    ));
                    continue;
                }
                let mut session = Session { start, end, accumulators: self.keyed.templates.clone() };
                update(&mut session.accumulators, &args, row)?;
                sessions.push(session);
                self.by_end.entry(end).or_default().push(id);
                continue;
            };
            // Grow the first session the row joins, and fold in any others it now bridges.
            start = start.min(sessions[first].start);
            end = end.max(sessions[first].end);
            let mut i = first + 1;
            while i < sessions.len() {
                let s = &sessions[i];
                let fired = super::has_fired(watermark, s.end);
                if !fired && s.start <= end && start <= s.end {
                    let other = sessions.swap_remove(i);
                    start = start.min(other.start);
                    end = end.max(other.end);
                    for (acc, o) in sessions[first].accumulators.iter_mut().zip(&other.accumulators) {
                        acc.merge(o);
                    }
                } else {
                    i += 1;
                }
            }
            let session = &mut sessions[first];
            session.start = start;
            session.end = end;
            update(&mut session.accumulators, &args, row)?;
        }
        Ok(vec![])
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let fired = self.fire(watermark);
        self.keyed.watermark = Some(watermark);
        fired
    }

    fn state_entries(&self) -> usize {
        self.open.len()
    }

    fn open_windows(&self) -> Vec<crate::exec::WindowSpan> {
        let mut spans = BTreeMap::<(i64, i64), usize>::new();
        for (_, _, sessions) in self.open.iter() {
            for s in sessions {
                *spans.entry((s.start, s.end)).or_default() += 1;
            }
        }
        spans.into_iter().map(|((start, end), groups)| crate::exec::WindowSpan { start, end, groups }).collect()
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX)
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.open.flush(&self.id, state)
    }

    /// With a write-through backend the sessions are in its table, not in the checkpoint's bytes.
    fn save(&self) -> Result<Option<Vec<u8>>> {
        crate::state::encode(&Saved { open: self.open.checkpoint_entries(), last_rowtime: self.last_rowtime }).map(Some)
    }

    /// The index by end is rebuilt exactly, one entry per session (the lazy index of the saved
    /// run may have had stale ones too, which only ever led back to the same sessions).
    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Saved = crate::state::decode(bytes)?;
        for id in self.open.restore(&self.id, saved.open, state)? {
            for session in self.open.get(id) {
                self.by_end.entry(session.end).or_default().push(id);
            }
        }
        self.last_rowtime = saved.last_rowtime;
        Ok(())
    }
}
