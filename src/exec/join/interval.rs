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

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use arrow_array::RecordBatch;

use super::{in_order, times, JoinSpec, Joined, KeyCodec, Output, RowBytes, SideBatch, Watermarks, LEFT, RIGHT};
use crate::error::Result;
use crate::exec::{Context, Operator};
use crate::state::{GroupTable, StateBackend};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Cached {
    /// Its event time.
    time: i64,
    rowtime: i64,
    row: RowBytes,
    /// Whether it has met a row of the other side (an outer row that has is never padded).
    emitted: bool,
}

/// One key's cached rows of each side, in event-time order (in arrival order among equal
/// times), and each cache's cleanup timer. A key holds a few rows at a time, mostly arriving in
/// order: a deque takes them without allocating once it has grown, where a map allocated a node
/// whenever a key's cache went from empty to one row.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Caches {
    rows: [VecDeque<Cached>; 2],
    timers: [Option<i64>; 2],
}

impl Caches {
    /// The positions of `side`'s rows whose event time is in `low..=high`.
    fn range(&self, side: usize, low: i64, high: i64) -> std::ops::Range<usize> {
        let rows = &self.rows[side];
        // Most often every row is in range (they come about in order, and expired ones leave):
        // the ends are looked at first, without a search.
        let start = match rows.front() {
            Some(c) if c.time < low => rows.partition_point(|c| c.time < low),
            _ => 0,
        };
        let end = match rows.back() {
            Some(c) if c.time > high => rows.partition_point(|c| c.time <= high),
            _ => rows.len(),
        };
        start..end
    }

    fn idle(&self) -> bool {
        self.rows.iter().all(VecDeque::is_empty) && self.timers.iter().all(Option::is_none)
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    keys: Vec<(Vec<u8>, Caches)>,
    expiration: [i64; 2],
    watermark: Option<i64>,
    watermarks: Watermarks,
}

/// Timers, (time, key id), taken earliest first. They mostly come in order (rows arrive about in
/// event time): those go at the back of a queue, the others into a heap, and the earlier of the
/// two fronts is taken first, the order one heap of them all would give.
#[derive(Default)]
struct Timers {
    in_order: VecDeque<(i64, u32)>,
    others: BinaryHeap<Reverse<(i64, u32)>>,
}

impl Timers {
    fn push(&mut self, timer: (i64, u32)) {
        if self.in_order.back().is_none_or(|last| *last <= timer) {
            self.in_order.push_back(timer);
        } else {
            self.others.push(Reverse(timer));
        }
    }

    fn first(&self) -> Option<(i64, u32)> {
        match (self.in_order.front(), self.others.peek()) {
            (Some(&a), Some(&Reverse(b))) => Some(a.min(b)),
            (a, b) => a.copied().or(b.map(|r| r.0)),
        }
    }

    fn pop(&mut self) -> Option<(i64, u32)> {
        let first = self.first()?;
        if self.in_order.front() == Some(&first) {
            self.in_order.pop_front()
        } else {
            self.others.pop().map(|r| r.0)
        }
    }
}

pub struct IntervalJoinExec {
    spec: JoinSpec,
    keys: [KeyCodec; 2],
    output: Output,
    time_columns: [usize; 2],
    /// How far behind a row of the other side a row of each side may be: `-lower`, `upper`.
    size: [i64; 2],
    table: GroupTable<Caches>,
    /// Cleanup timers (a key's cache checks that one is still its own when it fires), and the
    /// earliest's time (checked for every row).
    timers: Timers,
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
        let output = Output::new(&spec, sides, false)?;
        let watermarks = Watermarks::new(spec.shared_watermark);
        Ok(IntervalJoinExec {
            spec,
            keys,
            output,
            time_columns,
            size: [lower.saturating_neg(), upper],
            table: GroupTable::default(),
            timers: Timers::default(),
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
        self.watermark.map(|w| self.passed_on_watermark(w))
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
            let Some((at, id)) = self.timers.pop() else { break };
            self.next_timer = self.timers.first().map_or(i64::MAX, |t| t.0);
            // As Flink checks them: the right side's cache first.
            for side in [RIGHT, LEFT] {
                if self.table.try_get(id).is_some_and(|c| c.timers[side] == Some(at)) {
                    self.expiration[side] = self.expiration_of(side);
                    self.remove_expired(id, side, before, out)?;
                }
            }
            if self.table.try_get(id).is_some_and(Caches::idle) {
                self.table.remove(id);
            }
        }
        Ok(())
    }

    fn add_timer(&mut self, at: i64, id: u32) {
        self.timers.push((at, id));
        self.next_timer = self.next_timer.min(at);
    }

    /// Drops key `id`'s rows of `side` at or before its expiration time, padding those of an
    /// outer side that never matched, and sets the cache's next timer.
    fn remove_expired(&mut self, id: u32, side: usize, watermark: Option<i64>, out: &mut Vec<Joined>) -> Result<()> {
        let expiration = self.expiration[side];
        let outer = self.spec.keeps(side);
        let size = self.size[side];
        let caches = self.table.get_mut(id);
        while let Some(cached) = caches.rows[side].pop_front_if(|c| c.time <= expiration) {
            self.held[side] -= 1;
            if outer && !cached.emitted {
                let (left, right) = in_order(side, Some(cached.row), None);
                out.push(Joined { rowtime: cached.rowtime, left, right, op: "+I", watermark });
            }
        }
        match caches.rows[side].front().map(|c| c.time) {
            Some(earliest) if earliest > 0 => {
                let at = earliest.saturating_add(size).saturating_add(1);
                caches.timers[side] = Some(at);
                self.add_timer(at, id);
            }
            _ => {
                self.held[side] -= caches.rows[side].len();
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
        row: RowBytes,
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
            // The rows to try, checked against the rest of the ON condition at once (without
            // one, every pair passes).
            let caches = self.table.get(id);
            let tried = caches.range(other, low, high);
            let passed = match &self.spec.residual {
                None => vec![],
                Some(residual) => {
                    let pairs: Vec<(&[u8], &[u8])> = caches.rows[other]
                        .range(tried.clone())
                        .map(|c| if side == LEFT { (&row[..], &c.row[..]) } else { (&c.row[..], &row[..]) })
                        .collect();
                    self.output.check(Some(residual), &pairs)?
                }
            };
            let caches = self.table.get_mut(id);
            for (i, c) in caches.rows[other].range_mut(tried).enumerate() {
                if passed.get(i).copied().unwrap_or(true) {
                    let (left, right) = in_order(side, Some(row.clone()), Some(c.row.clone()));
                    out.push(Joined { rowtime: rowtime.max(c.rowtime), left, right, op: "+I", watermark });
                    emitted = true;
                    if outer_other {
                        c.emitted = true;
                    }
                }
            }
            // Then the entries at or before the expiration time leave (Flink tries every entry of
            // the key and drops the expired ones as it goes: the same rows, the padded ones
            // after the matches).
            while let Some(c) = caches.rows[other].pop_front_if(|c| c.time <= expiration) {
                self.held[other] -= 1;
                if outer_other && !c.emitted {
                    let (left, right) = in_order(other, Some(c.row), None);
                    out.push(Joined { rowtime: c.rowtime, left, right, op: "+I", watermark });
                }
            }
        }
        if self.operator_time() < high {
            let size = self.size[side];
            let caches = self.table.get_mut(id);
            let at = caches.range(side, i64::MIN, time).end;
            caches.rows[side].insert(at, Cached { time, rowtime, row, emitted });
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
        if self.table.get(id).idle() {
            self.table.remove(id);
        }
        Ok(())
    }
}

impl Operator for IntervalJoinExec {
    fn state_layout(&self) -> String {
        self.output.layout()
    }

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
            let bytes: RowBytes = encoded.row(row).data().into();
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
        self.output.batches(&out)
    }

    fn input_watermark(&mut self, input: usize, watermark: i64) {
        self.watermarks.advance(input, watermark);
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mut out = Vec::new();
        self.advance(watermark, &mut out)?;
        self.output.batches(&out)
    }

    fn on_close(&mut self, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.handle_watermark(i64::MAX, ctx)
    }

    fn passed_on_watermark(&self, watermark: i64) -> i64 {
        watermark.saturating_sub(self.size[LEFT].max(self.size[RIGHT]).max(0))
    }

    fn state_entries(&self) -> usize {
        self.held[0] + self.held[1]
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.table.flush(&self.spec.id, state)
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        let keys = self.table.checkpoint_entries();
        let saved =
            Saved { keys, expiration: self.expiration, watermark: self.watermark, watermarks: self.watermarks.clone() };
        crate::state::encode(&saved).map(Some)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Saved = crate::state::decode(bytes)?;
        for id in self.table.restore(&self.spec.id, saved.keys, state)? {
            let caches = self.table.get(id);
            for side in [LEFT, RIGHT] {
                self.held[side] += caches.rows[side].len();
            }
            for at in caches.timers.into_iter().flatten() {
                self.add_timer(at, id);
            }
        }
        self.expiration = saved.expiration;
        self.watermark = saved.watermark;
        self.watermarks = saved.watermarks;
        self.flush(state)
    }
}
