//! Flink's interval join: `lower <= l.t - r.t <= upper` on the two sides' event-time
//! attributes, as Flink's `RowTimeIntervalJoin` runs it (read from its source; see
//! ARCHITECTURE.md), row for row:
//!
//! - a row of side `s` at time `t` meets the other side's cached rows of its key whose time is
//!   in `[t - size(other), t + size(s)]`, where `size(left) = -lower` and `size(right) = upper`
//!   (first, when that side's expiration time is below `t + size(s)`, the expiration time moves
//!   up to the watermark's, and the entries it passes leave the cache after being tried);
//! - the row is cached while the watermark is below `t + size(s)`, with a cleanup timer at
//!   `t + size(s) + 1` if its key has none for that side; otherwise an outer row that matched
//!   nothing comes out at once, padded with NULLs;
//! - when a timer fires, the cache it cleans drops every row at or before its expiration time
//!   (the watermark - size - 1), padding the outer side's rows that never matched, and sets the
//!   next timer from its earliest row left;
//! - the output's watermark is the input's minus the larger size; output is insert-only, and
//!   both sides' time attributes stay time attributes.
//!
//! A row is never dropped as late: it still meets what the other side's cache holds.

use std::collections::{BTreeMap, BTreeSet};

use arrow_array::RecordBatch;

use super::{in_order, times, JoinSpec, Joined, KeyCodec, Output, SideBatch, Watermarks, LEFT, RIGHT};
use crate::error::Result;
use crate::exec::{Context, Operator};
use crate::state::{read_table, GroupTable, StateBackend};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Cached {
    rowtime: i64,
    row: Box<[u8]>,
    /// Whether it has met a row of the other side (an outer row that has is never padded).
    emitted: bool,
}

/// One key's cached rows of each side, by event time, and each cache's cleanup timer.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Caches {
    rows: [BTreeMap<i64, Vec<Cached>>; 2],
    timers: [Option<i64>; 2],
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    keys: Vec<(Vec<u8>, Caches)>,
    expiration: [i64; 2],
    watermark: Option<i64>,
    watermarks: Watermarks,
}

pub struct IntervalJoinExec {
    spec: JoinSpec,
    keys: [KeyCodec; 2],
    output: Output,
    time_columns: [usize; 2],
    /// How far behind a row of the other side a row of each side may be: `-lower`, `upper`.
    size: [i64; 2],
    table: GroupTable<Caches>,
    /// Cleanup timers: (time, key id); and the earliest's time (checked for every row).
    timers: BTreeSet<(i64, u32)>,
    next_timer: i64,
    /// Each cache's expiration time, shared by every key (as Flink's operator fields are).
    expiration: [i64; 2],
    /// The operator's watermark: the smaller of its inputs'.
    watermark: Option<i64>,
    watermarks: Watermarks,
    held: [usize; 2],
}

impl IntervalJoinExec {
    pub fn new(
        spec: JoinSpec,
        sides: [&arrow_schema::SchemaRef; 2],
        time_columns: [usize; 2],
        (lower, upper): (i64, i64),
    ) -> Result<IntervalJoinExec> {
        let keys = spec.key_codecs()?;
        let output = Output::new(spec.schema.clone(), sides, false)?;
        let watermarks = Watermarks::new(spec.shared_watermark);
        Ok(IntervalJoinExec {
            spec,
            keys,
            output,
            time_columns,
            size: [lower.saturating_neg(), upper],
            table: GroupTable::default(),
            timers: BTreeSet::new(),
            next_timer: i64::MAX,
            expiration: [0, 0],
            watermark: None,
            watermarks,
            held: [0, 0],
        })
    }

    /// The time rows are judged by: the watermark, or 0 before there is a positive one.
    fn operator_time(&self) -> i64 {
        self.watermark.filter(|w| *w > 0).unwrap_or(0)
    }

    /// The watermark rows coming out now meet downstream.
    fn output_watermark(&self) -> Option<i64> {
        self.watermark.map(|w| w.saturating_sub(self.watermark_delay()))
    }

    fn expiration_of(&self, side: usize) -> i64 {
        let now = self.operator_time();
        if now < i64::MAX {
            now.saturating_sub(self.size[side]).saturating_sub(1)
        } else {
            i64::MAX
        }
    }

    /// The watermark moves to `watermark`: due timers fire (their rows meet the watermark
    /// before it downstream).
    fn advance(&mut self, watermark: i64, out: &mut Vec<Joined>) -> Result<()> {
        if self.watermark.is_some_and(|w| w >= watermark) {
            return Ok(());
        }
        let before = self.output_watermark();
        self.watermark = Some(watermark);
        while self.next_timer <= watermark {
            let Some((at, id)) = self.timers.pop_first() else { break };
            self.next_timer = self.timers.first().map_or(i64::MAX, |t| t.0);
            // As Flink checks them: the right side's cache first.
            for side in [RIGHT, LEFT] {
                if self.table.try_get(id).is_some_and(|c| c.timers[side] == Some(at)) {
                    self.expiration[side] = self.expiration_of(side);
                    self.remove_expired(id, side, before, out)?;
                }
            }
            let idle = |c: &Caches| c.rows.iter().all(BTreeMap::is_empty) && c.timers.iter().all(Option::is_none);
            if self.table.try_get(id).is_some_and(idle) {
                self.table.remove(id);
            }
        }
        Ok(())
    }

    fn add_timer(&mut self, at: i64, id: u32) {
        self.timers.insert((at, id));
        self.next_timer = self.next_timer.min(at);
    }

    /// Drops key `id`'s rows of `side` at or before its expiration time, padding those of an
    /// outer side that never matched, and sets the cache's next timer.
    fn remove_expired(&mut self, id: u32, side: usize, watermark: Option<i64>, out: &mut Vec<Joined>) -> Result<()> {
        let expiration = self.expiration[side];
        let outer = self.spec.keeps(side);
        let size = self.size[side];
        let caches = self.table.get_mut(id);
        while caches.rows[side].first_key_value().is_some_and(|(&at, _)| at <= expiration) {
            for cached in caches.rows[side].pop_first().map(|(_, rows)| rows).unwrap_or_default() {
                self.held[side] -= 1;
                if outer && !cached.emitted {
                    let (left, right) = in_order(side, Some(cached.row), None);
                    out.push(Joined { rowtime: cached.rowtime, left, right, op: "+I", watermark });
                }
            }
        }
        match caches.rows[side].keys().next().copied() {
            Some(earliest) if earliest > 0 => {
                let at = earliest.saturating_add(size).saturating_add(1);
                caches.timers[side] = Some(at);
                self.add_timer(at, id);
            }
            _ => {
                self.held[side] -= caches.rows[side].values().map(Vec::len).sum::<usize>();
                caches.rows[side].clear();
                caches.timers[side] = None;
            }
        }
        Ok(())
    }

    /// One row of `side`, as Flink's `processElement1`/`2`.
    fn process_row(
        &mut self,
        side: usize,
        key: &[u8],
        (time, rowtime): (i64, i64),
        row: Box<[u8]>,
        out: &mut Vec<Joined>,
    ) -> Result<()> {
        let other = 1 - side;
        let (low, high) = (time.saturating_sub(self.size[other]), time.saturating_add(self.size[side]));
        let watermark = self.output_watermark();
        let mut emitted = false;
        let (id, _) = self.table.get_or_insert_with(key, Caches::default);
        if self.expiration[other] < high {
            self.expiration[other] = self.expiration_of(other);
            let expiration = self.expiration[other];
            let outer_other = self.spec.keeps(other);
            // The pairs to try, checked against the rest of the ON condition at once (without
            // one, every pair passes).
            let caches = self.table.get(id);
            let (tried, passed) = match &self.spec.residual {
                None => (vec![], vec![]),
                Some(residual) => {
                    let tried: Vec<(i64, usize)> = caches.rows[other]
                        .range(low..=high)
                        .flat_map(|(&at, rows)| (0..rows.len()).map(move |i| (at, i)))
                        .collect();
                    let pairs: Vec<(&[u8], &[u8])> = tried
                        .iter()
                        .map(|&(at, i)| {
                            let c = &caches.rows[other][&at][i].row[..];
                            if side == LEFT {
                                (&row[..], c)
                            } else {
                                (c, &row[..])
                            }
                        })
                        .collect();
                    let passed = self.output.check(Some(residual), &pairs)?;
                    (tried, passed)
                }
            };
            let checked = self.spec.residual.is_some();
            let caches = self.table.get_mut(id);
            let mut next = 0;
            for (&at, cached) in caches.rows[other].range_mut(low..=high) {
                for (i, c) in cached.iter_mut().enumerate() {
                    let ok = if checked {
                        let ok = tried.get(next) == Some(&(at, i)) && passed[next];
                        next += 1;
                        ok
                    } else {
                        true
                    };
                    if ok {
                        let (left, right) = in_order(side, Some(row.clone()), Some(c.row.clone()));
                        out.push(Joined { rowtime: rowtime.max(c.rowtime), left, right, op: "+I", watermark });
                        emitted = true;
                        if outer_other {
                            c.emitted = true;
                        }
                    }
                }
            }
            // Then the entries at or before the expiration time leave (Flink tries every entry of
            // the key and drops the expired ones as it goes: the same rows, the padded ones
            // after the matches).
            while caches.rows[other].first_key_value().is_some_and(|(&at, _)| at <= expiration) {
                for c in caches.rows[other].pop_first().map(|(_, rows)| rows).unwrap_or_default() {
                    self.held[other] -= 1;
                    if outer_other && !c.emitted {
                        let (left, right) = in_order(other, Some(c.row), None);
                        out.push(Joined { rowtime: c.rowtime, left, right, op: "+I", watermark });
                    }
                }
            }
        }
        if self.operator_time() < high {
            let size = self.size[side];
            let caches = self.table.get_mut(id);
            caches.rows[side].entry(time).or_default().push(Cached { rowtime, row, emitted });
            self.held[side] += 1;
            if caches.timers[side].is_none() {
                let at = time.saturating_add(size).saturating_add(1);
                caches.timers[side] = Some(at);
                self.add_timer(at, id);
            }
        } else if !emitted && self.spec.keeps(side) {
            let (left, right) = in_order(side, Some(row), None);
            out.push(Joined { rowtime, left, right, op: "+I", watermark });
        }
        let caches = self.table.get(id);
        if caches.rows.iter().all(BTreeMap::is_empty) && caches.timers.iter().all(Option::is_none) {
            self.table.remove(id);
        }
        Ok(())
    }
}

impl Operator for IntervalJoinExec {
    fn name(&self) -> String {
        format!(
            "IntervalJoin[{}]: {} on {} key(s), {} ms <= left - right <= {} ms",
            self.spec.id,
            self.spec.kind,
            self.spec.keys.len(),
            -self.size[LEFT],
            self.size[RIGHT]
        )
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.process_input(LEFT, batch, ctx)
    }

    fn process_input(&mut self, side: usize, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        // Evaluate first: a batch that fails here has changed nothing.
        let SideBatch { keys, rows: encoded, rowtimes, watermarks: own } =
            SideBatch::read(&self.spec, &self.keys[side], &self.output.codecs[side], side, &batch)?;
        let event_times = times(&batch, self.time_columns[side])?;
        let mut out = Vec::new();
        for row in 0..batch.num_rows() {
            // The watermark this row meets: due timers fire before it.
            if let Some(met) = self.watermarks.met(side, own[row]) {
                self.advance(met, &mut out)?;
            }
            let bytes: Box<[u8]> = encoded.row(row).data().into();
            match (keys.get(row), event_times[row]) {
                (Some(key), Some(time)) => self.process_row(side, key, (time, rowtimes[row]), bytes, &mut out)?,
                // A NULL key or time matches nothing.
                _ if self.spec.keeps(side) => {
                    let (left, right) = in_order(side, Some(bytes), None);
                    let watermark = self.output_watermark();
                    out.push(Joined { rowtime: rowtimes[row], left, right, op: "+I", watermark });
                }
                _ => {}
            }
        }
        if out.is_empty() {
            return Ok(vec![]);
        }
        Ok(vec![self.output.batch(&out)?])
    }

    fn input_watermark(&mut self, input: usize, watermark: i64) {
        self.watermarks.advance(input, watermark);
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mut out = Vec::new();
        self.advance(watermark, &mut out)?;
        if out.is_empty() {
            return Ok(vec![]);
        }
        Ok(vec![self.output.batch(&out)?])
    }

    fn on_close(&mut self, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.handle_watermark(i64::MAX, ctx)
    }

    fn watermark_delay(&self) -> i64 {
        self.size[LEFT].max(self.size[RIGHT]).max(0)
    }

    fn state_entries(&self) -> usize {
        self.held[0] + self.held[1]
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.table.flush(&self.spec.id, state)
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        let mut keys: Vec<(Vec<u8>, Caches)> =
            self.table.to_checkpoint().map(|(_, k, v)| (k.to_vec(), v.clone())).collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let saved =
            Saved { keys, expiration: self.expiration, watermark: self.watermark, watermarks: self.watermarks.clone() };
        crate::exec::encode(&saved).map(Some)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Saved = crate::exec::decode(bytes)?;
        let put_back = |this: &mut Self, key: Vec<u8>, caches: Caches| {
            for side in [LEFT, RIGHT] {
                this.held[side] += caches.rows[side].values().map(Vec::len).sum::<usize>();
            }
            let timers = caches.timers;
            let (id, _) = this.table.get_or_insert_with(&key, || caches);
            for at in timers.into_iter().flatten() {
                this.add_timer(at, id);
            }
        };
        for (key, caches) in read_table::<Caches>(state, &self.spec.id)? {
            put_back(self, key, caches);
        }
        self.table.restored_from(&self.spec.id, state);
        for (key, caches) in saved.keys {
            put_back(self, key, caches);
        }
        self.expiration = saved.expiration;
        self.watermark = saved.watermark;
        self.watermarks = saved.watermarks;
        self.flush(state)
    }
}
