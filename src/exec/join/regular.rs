//! Flink's regular join: both inputs kept whole, by join key; each row meets every row of the
//! other side with the same key that came before it.
//!
//! As Flink's `StreamingJoinOperator` (for inputs that only insert): an inner join emits `+I`
//! per matching pair. A row of an outer side with no match comes out at once padded with NULLs
//! (`+I`); each stored row of an outer side counts its matches, and when its first match comes
//! the padded row is retracted (`-D`) right before the matched one (`+I`). Outer joins emit only
//! `+I` and `-D`, as Flink's do. A row whose key is NULL matches nothing (an outer side's still
//! comes out padded). The rest of the ON condition decides what matches: a pair it rejects is
//! no match, so an outer row stays padded.
//!
//! An updating input (an aggregate's result, a Top-N…) is joined as Flink's operator joins one:
//! its `+I`/`+U` rows are kept and joined as above (an inner join of two such sides passes the
//! row's own kind on), and its `-U`/`-D` rows take back a kept row with the same values and
//! retract the pairs it made (`-D`, or the row's own kind for an inner join), an outer side's
//! padded row coming back (`+I`) when its last match goes. As Flink's, when a row first matches
//! rows of an outer side, their padded rows are all retracted before its pairs come out.
//!
//! With Flink's `table.exec.state.ttl` ([`StateTtl`]), a kept row is forgotten, without a word,
//! once it has gone the TTL without a write (its arrival, or on an outer side a change in its
//! matches), as Flink's join state is: a later row of the other side no longer meets it, and a
//! retraction no longer finds it. Flink keeps identical rows of a side as one entry with a
//! count, which a new copy writes again; here each copy lives its own TTL.
//!
//! Without a TTL the state only grows with inserts (the plan's EXPLAIN says so): each side's rows in a
//! [`GroupTable`], one entry per row under its join key and arrival number (so a write-through
//! backend gets each new or changed row once, not its key's every row again), found by key
//! through an index.

use arrow_array::cast::AsArray;
use arrow_array::RecordBatch;

use super::{in_order, JoinSpec, Joined, KeyCodec, Keys, Output, RowBytes, SideBatch, Watermarks, LEFT, RIGHT};
use crate::error::Result;
use crate::exec::expr::evaluate;
use crate::exec::ttl::StateTtl;
use crate::exec::{retracts, Context, Operator, ValueCodec};
use crate::plan::JoinKind;
use std::collections::HashMap;

use crate::state::{fixed_hasher, GroupTable, StateBackend, TableHasher};

/// A stored row: its ROWTIME, its bytes, and (on an outer side) how many rows of the other
/// side match it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Stored {
    rowtime: i64,
    row: RowBytes,
    matches: u32,
    /// On an updating side: the row's values ([`ValueCodec`]), which a retraction of it
    /// carries too.
    values: Vec<u8>,
    /// The ROWTIME of the row's last write, for the state TTL.
    written: i64,
}

/// A checkpoint: each side's rows (none when they are in a write-through backend), the next
/// arrival number, and the inputs' watermarks.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    sides: [Vec<(Vec<u8>, Stored)>; 2],
    arrivals: u64,
    watermarks: Watermarks,
}

/// A row of a batch as a join takes it: its index, its bytes, ROWTIME, the watermark it meets,
/// its kind, its values (on an updating side) and the kept rows of the other side it matches.
struct Arriving {
    row: usize,
    own: RowBytes,
    rowtime: i64,
    watermark: Option<i64>,
    kind: &'static str,
    values: Vec<u8>,
    matched: Vec<u32>,
}

pub struct RegularJoinExec {
    spec: JoinSpec,
    keys: [KeyCodec; 2],
    output: Output,
    /// Each side's rows, by join key and arrival number.
    tables: [GroupTable<Stored>; 2],
    /// Each side's rows of a join key, in arrival order.
    by_key: [HashMap<Box<[u8]>, Vec<u32>, TableHasher>; 2],
    arrivals: u64,
    watermarks: Watermarks,
    /// On an updating side: the encoder of a row's values.
    values: [Option<ValueCodec>; 2],
    /// Each side's state TTL (a STATE_TTL hint gives the sides their own).
    ttl: [Option<StateTtl>; 2],
    /// A kept row's key in its side's table, as it is written: its join key, then its arrival
    /// number.
    row_key: Vec<u8>,
}

impl RegularJoinExec {
    /// `state_ttl`: each side's TTL in milliseconds, if any.
    pub fn new(
        spec: JoinSpec,
        sides: [&arrow_schema::SchemaRef; 2],
        state_ttl: [Option<i64>; 2],
    ) -> Result<RegularJoinExec> {
        let keys = spec.key_codecs()?;
        let updating = spec.kind.retracts() || spec.ops.iter().any(Option::is_some);
        let output = Output::new(&spec, sides, updating)?;
        let watermarks = Watermarks::new(spec.shared_watermark);
        let values = [ValueCodec::new(sides[LEFT], spec.ops[LEFT])?, ValueCodec::new(sides[RIGHT], spec.ops[RIGHT])?];
        Ok(RegularJoinExec {
            spec,
            keys,
            output,
            tables: [GroupTable::default(), GroupTable::default()],
            by_key: [HashMap::with_hasher(fixed_hasher()), HashMap::with_hasher(fixed_hasher())],
            arrivals: 0,
            watermarks,
            values,
            ttl: state_ttl.map(StateTtl::new),
            row_key: Vec::new(),
        })
    }

    /// Whether a kept row of `side` is gone, by its state TTL, for a row arriving at `now`.
    fn expired(&self, side: usize, stored: &Stored, now: i64) -> bool {
        self.ttl[side].is_some_and(|ttl| ttl.expired(stored.written, now))
    }

    /// Leaves out of `matched` (kept rows of `side`) those the state TTL has expired at `now`.
    fn drop_expired(&self, side: usize, matched: &mut Vec<u32>, now: i64) {
        if self.ttl[side].is_some() {
            matched.retain(|&id| !self.expired(side, self.tables[side].get(id), now));
        }
    }

    /// Forgets, now and then, the rows the state TTL has expired (see [`StateTtl::sweep`]).
    fn sweep(&mut self, now: i64) {
        for side in [LEFT, RIGHT] {
            for id in StateTtl::sweep_ids(&mut self.ttl[side], now, &self.tables[side], |s| s.written) {
                self.forget(side, id);
            }
        }
    }

    /// The kept rows of `side` with join key `key`, in arrival order (none for a NULL key).
    fn kept(&self, side: usize, key: Option<&[u8]>) -> &[u32] {
        key.and_then(|key| self.by_key[side].get(key)).map_or(&[], Vec::as_slice)
    }

    /// Forgets kept row `id` of `side`.
    fn forget(&mut self, side: usize, id: u32) {
        let (key, _) = self.tables[side].remove(id);
        let join_key = &key[..key.len().saturating_sub(8)];
        if let Some(ids) = self.by_key[side].get_mut(join_key) {
            ids.retain(|&other| other != id);
            if ids.is_empty() {
                self.by_key[side].remove(join_key);
            }
        }
    }

    fn namespace(&self, side: usize) -> String {
        format!("{}/{}", self.spec.id, if side == LEFT { "left" } else { "right" })
    }

    /// Each row of `batch` (of `side`) as the join takes it, and the batch's join keys: read
    /// before anything changes, so a batch that fails here has changed nothing. A row's matches
    /// are the kept rows of the other side with its key that pass the rest of the ON condition.
    fn arriving(&self, side: usize, batch: &RecordBatch) -> Result<(Keys, Vec<Arriving>)> {
        let other = 1 - side;
        let read = SideBatch::read(&self.spec, &self.keys[side], &self.output.codecs[side], side, batch)?;
        let mut candidates: Vec<(usize, u32)> = Vec::new();
        for row in 0..batch.num_rows() {
            candidates.extend(self.kept(other, read.keys.get(row)).iter().map(|&id| (row, id)));
        }
        let pairs: Vec<(&[u8], &[u8])> = candidates
            .iter()
            .map(|&(row, id)| {
                let own = read.rows.row(row).data();
                let stored = self.tables[other].get(id).row.as_ref();
                if side == LEFT {
                    (own, stored)
                } else {
                    (stored, own)
                }
            })
            .collect();
        let passed = self.output.check(self.spec.residual.as_ref(), &pairs)?;
        drop(pairs);
        // An updating side's row kinds, and its rows' values (what a retraction is matched by).
        let kinds = self.spec.ops[side].map(|i| batch.column(i).as_string::<i32>().clone());
        let values = self.values[side].as_ref().map(|codec| codec.encode(batch)).transpose()?;
        let mut rows = Vec::with_capacity(batch.num_rows());
        let mut next = 0;
        for row in 0..batch.num_rows() {
            let kind = kinds.as_ref().map_or("+I", |k| match k.value(row) {
                "-U" => "-U",
                "-D" => "-D",
                "+U" => "+U",
                _ => "+I",
            });
            let mut matched: Vec<u32> = Vec::new();
            while next < candidates.len() && candidates[next].0 == row {
                if passed[next] {
                    matched.push(candidates[next].1);
                }
                next += 1;
            }
            rows.push(Arriving {
                row,
                own: read.rows.row(row).data().into(),
                rowtime: read.rowtimes[row],
                watermark: self.watermarks.met(side, read.watermarks[row]),
                kind,
                values: values.as_ref().map_or_else(Vec::new, |v| v.row(row).data().to_vec()),
                matched,
            });
        }
        Ok((read.keys, rows))
    }

    /// An inner join of two inputs that only insert (Nexmark q3, q9, q20), without a TTL: a
    /// row's pairs are the kept rows of the other side with its key (in arrival order) that
    /// pass the rest of the ON condition, so the candidate pairs are decoded once, into the
    /// output batch, and the condition filters that. Every row is kept; an inner join's kept
    /// rows do not count their matches.
    fn join_inserts(&mut self, side: usize, batch: &RecordBatch) -> Result<Vec<RecordBatch>> {
        let other = 1 - side;
        let read = SideBatch::read(&self.spec, &self.keys[side], &self.output.codecs[side], side, batch)?;
        let own: Vec<RowBytes> = (0..batch.num_rows()).map(|row| read.rows.row(row).data().into()).collect();
        let mut pairs = Vec::new();
        for (row, own) in own.iter().enumerate() {
            let (rowtime, watermark) = (read.rowtimes[row], self.watermarks.met(side, read.watermarks[row]));
            for &id in self.kept(other, read.keys.get(row)) {
                let stored = self.tables[other].get(id);
                let (left, right) = in_order(side, Some(own.clone()), Some(stored.row.clone()));
                pairs.push(Joined { rowtime: rowtime.max(stored.rowtime), left, right, op: "+I", watermark });
            }
        }
        let mut out = self.output.batches(&pairs)?;
        if let (Some(residual), Some(joined)) = (&self.spec.residual, out.first_mut()) {
            let passed = evaluate(residual, joined)?;
            *joined = arrow_select::filter::filter_record_batch(joined, passed.as_boolean())?;
        }
        out.retain(|b| b.num_rows() > 0);
        for (row, own) in own.into_iter().enumerate() {
            let Some(key) = read.keys.get(row) else { continue };
            let rowtime = read.rowtimes[row];
            self.keep(side, key, Stored { rowtime, row: own, matches: 0, values: Vec::new(), written: rowtime });
        }
        Ok(out)
    }

    /// A semi or anti join, as Flink's `StreamingSemiAntiJoinOperator`: each kept left row
    /// counts the right rows that match it. A left row goes out (semi) when it has matches, or
    /// (anti) when it has none, with its own kind; a right row that gives a left row its first
    /// match sends it (`+I`, semi) or takes it back (`-D`, anti), and one that takes back its
    /// last match does the reverse.
    fn filter_input(&mut self, side: usize, keys: Keys, rows: Vec<Arriving>) -> Result<Vec<RecordBatch>> {
        let semi = self.spec.kind == JoinKind::Semi;
        let mut out: Vec<Joined> = Vec::new();
        for Arriving { row, own, rowtime, watermark, kind, values: own_values, mut matched } in rows {
            self.drop_expired(1 - side, &mut matched, rowtime);
            let key = keys.get(row);
            if side == LEFT {
                // Sent with its own kind while it passes: matched (semi) or not (anti).
                if matched.is_empty() != semi {
                    out.push(Joined { rowtime, left: Some(own.clone()), right: None, op: kind, watermark });
                }
            } else {
                let retract = retracts(kind);
                for &id in &matched {
                    let stored = self.tables[LEFT].get_mut(id);
                    let before = stored.matches;
                    stored.matches = if retract { before.saturating_sub(1) } else { before + 1 };
                    stored.written = rowtime;
                    // Its first match came, or its last one went.
                    if (before == 0) != (stored.matches == 0) {
                        let op = if (stored.matches > 0) == semi { "+I" } else { "-D" };
                        let left = Some(stored.row.clone());
                        out.push(Joined { rowtime: rowtime.max(stored.rowtime), left, right: None, op, watermark });
                    }
                }
            }
            if retracts(kind) {
                self.take_back(side, key, &own_values, rowtime);
            } else if let Some(key) = key {
                let matches = matched.len() as u32;
                self.keep(side, key, Stored { rowtime, row: own, matches, values: own_values, written: rowtime });
            }
        }
        self.output.batches(&out)
    }

    /// Takes back `side`'s first kept row of `key` with these values (and not expired at
    /// `now`), as Flink's state does.
    fn take_back(&mut self, side: usize, key: Option<&[u8]>, values: &[u8], now: i64) {
        let taken = self.kept(side, key).iter().copied().find(|&id| {
            let stored = self.tables[side].get(id);
            stored.values == values && !self.expired(side, stored, now)
        });
        if let Some(id) = taken {
            self.forget(side, id);
        }
    }

    /// Keeps a row of `side` under its join key, after the others of that key.
    fn keep(&mut self, side: usize, key: &[u8], stored: Stored) {
        self.arrivals += 1;
        self.row_key.clear();
        self.row_key.extend_from_slice(key);
        self.row_key.extend_from_slice(&self.arrivals.to_be_bytes());
        let id = self.tables[side].insert_new(&self.row_key, stored);
        match self.by_key[side].get_mut(key) {
            Some(ids) => ids.push(id),
            None => {
                self.by_key[side].insert(key.into(), vec![id]);
            }
        }
    }
}

impl Operator for RegularJoinExec {
    fn state_layout(&self) -> String {
        self.output.layout()
    }

    fn name(&self) -> String {
        let state = match self.ttl {
            [None, None] => "its state only grows (both inputs are kept whole)".into(),
            [Some(left), Some(right)] if left.describe() == right.describe() => left.describe(),
            [left, right] => {
                let side = |ttl: Option<StateTtl>| ttl.map_or_else(|| "kept whole".into(), |ttl| ttl.describe());
                format!("left: {}; right: {}", side(left), side(right))
            }
        };
        format!("RegularJoin[{}]: {} on {} key(s); {state}", self.spec.id, self.spec.kind, self.spec.keys.len())
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.process_input(LEFT, batch, ctx)
    }

    fn process_input(&mut self, side: usize, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let other = 1 - side;
        // Rows long expired go before the batch's matches are found; whether a match has
        // expired is asked as each row comes, since the rows before it write matches again.
        if self.ttl.iter().any(Option::is_some) {
            let rowtimes = batch.column(0).as_primitive_opt::<arrow_array::types::TimestampMillisecondType>();
            if let Some(&first) = rowtimes.and_then(|t| t.values().first()) {
                self.sweep(first);
            }
        }
        if self.spec.kind == JoinKind::Inner && self.spec.ops == [None, None] && self.ttl.iter().all(Option::is_none) {
            return self.join_inserts(side, &batch);
        }
        let (keys, rows) = self.arriving(side, &batch)?;
        if self.spec.kind.filters() {
            return self.filter_input(side, keys, rows);
        }

        let (outer_self, outer_other) = (self.spec.keeps(side), self.spec.keeps(other));
        let mut out: Vec<Joined> = Vec::new();
        for Arriving { row, own, rowtime, watermark, kind, values: own_values, mut matched } in rows {
            self.drop_expired(other, &mut matched, rowtime);
            // The kind of its pairs, as Flink's operator gives it: a row that adds inserts if
            // either side is outer, a row that takes back deletes if its own side is; else
            // the pairs have the row's own kind.
            let pair_kind = |retract: bool| match retract {
                false if outer_self || outer_other => "+I",
                true if outer_self => "-D",
                _ => kind,
            };
            let pair = |this: &Self, id: u32| {
                let stored = this.tables[other].get(id);
                let (left, right) = in_order(side, Some(own.clone()), Some(stored.row.clone()));
                (rowtime.max(stored.rowtime), left, right)
            };
            if retracts(kind) {
                self.take_back(side, keys.get(row), &own_values, rowtime);
                if matched.is_empty() {
                    if outer_self {
                        let (left, right) = in_order(side, Some(own.clone()), None);
                        out.push(Joined { rowtime, left, right, op: "-D", watermark });
                    }
                    continue;
                }
                for &id in &matched {
                    let (rowtime, left, right) = pair(self, id);
                    out.push(Joined { rowtime, left, right, op: pair_kind(true), watermark });
                }
                if outer_other {
                    for &id in &matched {
                        let stored = self.tables[other].get_mut(id);
                        stored.matches = stored.matches.saturating_sub(1);
                        stored.written = rowtime;
                        if stored.matches == 0 {
                            // Its last match went: its NULL-padded row comes back.
                            let (left, right) = in_order(other, Some(stored.row.clone()), None);
                            out.push(Joined { rowtime, left, right, op: "+I", watermark });
                        }
                    }
                }
                continue;
            }
            if outer_other {
                for &id in &matched {
                    let stored = self.tables[other].get_mut(id);
                    if stored.matches == 0 {
                        // Its NULL-padded row goes, before the new row's pairs.
                        let (left, right) = in_order(other, Some(stored.row.clone()), None);
                        out.push(Joined { rowtime, left, right, op: "-D", watermark });
                    }
                    stored.matches += 1;
                    stored.written = rowtime;
                }
            }
            for &id in &matched {
                let (rowtime, left, right) = pair(self, id);
                out.push(Joined { rowtime, left, right, op: pair_kind(false), watermark });
            }
            if matched.is_empty() && outer_self {
                let (left, right) = in_order(side, Some(own.clone()), None);
                out.push(Joined { rowtime, left, right, op: "+I", watermark });
            }
            // A row whose key is NULL can never match: it is not kept.
            if let Some(key) = keys.get(row) {
                let matches = matched.len() as u32;
                self.keep(side, key, Stored { rowtime, row: own, matches, values: own_values, written: rowtime });
            }
        }
        self.output.batches(&out)
    }

    fn input_watermark(&mut self, input: usize, watermark: i64) {
        self.watermarks.advance(input, watermark);
    }

    fn state_entries(&self) -> usize {
        self.tables[0].len() + self.tables[1].len()
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        for side in [LEFT, RIGHT] {
            let namespace = self.namespace(side);
            self.tables[side].flush(&namespace, state)?;
        }
        Ok(())
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        let saved = Saved {
            sides: [self.tables[0].checkpoint_entries(), self.tables[1].checkpoint_entries()],
            arrivals: self.arrivals,
            watermarks: self.watermarks.clone(),
        };
        crate::state::encode(&saved).map(Some)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Saved = crate::state::decode(bytes)?;
        for (side, kept) in saved.sides.into_iter().enumerate() {
            let namespace = self.namespace(side);
            for id in self.tables[side].restore(&namespace, kept, state)? {
                let key = self.tables[side].key(id);
                let join_key = &key[..key.len().saturating_sub(8)];
                self.by_key[side].entry(join_key.into()).or_default().push(id);
            }
        }
        // Table keys end with the arrival number, so each key's rows came back in arrival order.
        self.arrivals = saved.arrivals;
        self.watermarks = saved.watermarks;
        self.flush(state)
    }
}
