//! Window aggregates whose windows do not merge: KDA's tumbling windows on `ROWTIME`
//! (`STEP`, `FLOOR`) and Flink's `TUMBLE`, `HOP` and `CUMULATE` on an event-time column.
//!
//! KDA: a group is emitted when a row arrives whose `ROWTIME` is at or past the window's end;
//! output `ROWTIME` is the window end.
//!
//! Flink (PRODUCT.md): each row meets the watermark carried in its `$WATERMARK` column; a row
//! is late for a window whose end - 1 ms that watermark has reached (the window has fired).
//! It still counts in its other windows; a row late for all of them goes to the late lane.
//! A window fires when the watermark reaches its end - 1 ms, and only if it counted a row.
//!
//! Both: the end of input emits every open window. The groups of one window come out in key
//! order; windows in order of end, then start.
//!
//! The hot path works on columns, a batch in phases: group keys become arrow-row bytes and
//! are interned as ids in a [`KeyDictionary`]; each row's window finds the row's group by key
//! id; then each aggregate takes the batch's rows in one loop, numeric arguments without a
//! `ScalarValue` per row. Accumulators live in one flat table, a fixed stride per group, whose
//! slots are reused once a window fires: no per-row allocation, and none per group once the
//! table has grown.
//!
//! With a write-through backend, each batch's changed groups are written to the operator's
//! table, one value per (window, key): the key is the window's end and start ([`time_key`])
//! and the group key, so the table lists groups in the order windows fire and emit them.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch, TimestampMillisecondArray};
use arrow_schema::SchemaRef;

use super::assign::assign_windows;
use super::keyed::{FiredGroup, KeyedAggregates};
use crate::error::{Error, Result};
use crate::exec::aggregate::{update_column, Accumulator};
use crate::exec::expr::evaluate;
use crate::exec::{Context, LateRow, Operator};
use crate::plan::{AggregateExpr, Expr, TvfKind, WindowSpec};
use crate::state::{
    cmp_bytes, fixed_hasher, key_time, read_table, sort_prefix, time_key, Changes, KeyDictionary, StateBackend,
    TableHasher,
};

/// A checkpoint of the operator: its open windows with their groups by key bytes (not by the
/// ids of this run's dictionary), and the latest ROWTIME. With a write-through backend, no
/// windows: the groups are in the backend's table. Written from borrowed slices, read
/// back as owned values (the encoding is the same).
#[derive(serde::Serialize)]
struct SavedRef<'a> {
    windows: Vec<SavedWindowRef<'a>>,
    last_rowtime: i64,
}

#[derive(serde::Serialize)]
struct SavedWindowRef<'a> {
    start: i64,
    end: i64,
    groups: Vec<(&'a [u8], &'a [Accumulator])>,
}

#[derive(serde::Deserialize)]
struct Saved {
    windows: Vec<SavedWindow>,
    last_rowtime: i64,
}

#[derive(serde::Deserialize)]
struct SavedWindow {
    start: i64,
    end: i64,
    groups: Vec<(Vec<u8>, Vec<Accumulator>)>,
}

/// An open window and its groups: key id to accumulator slot.
struct OpenWindow {
    start: i64,
    end: i64,
    /// Unique among the windows this operator ever opened.
    ordinal: u64,
    groups: HashMap<u32, u32, TableHasher>,
}

pub struct WindowAggregateExec {
    id: String,
    window: WindowSpec,
    keyed: KeyedAggregates,
    keys: KeyDictionary,
    /// Open windows in order of (end, start): firing pops from the front.
    windows: Vec<OpenWindow>,
    /// Every group's accumulators, `keyed.templates.len()` per slot.
    accumulators: Vec<Accumulator>,
    /// Slots made so far (a group without aggregates still has one).
    slots: u32,
    free_slots: Vec<u32>,
    /// Group maps of fired windows, cleared, kept for the next windows.
    spare_maps: Vec<HashMap<u32, u32, TableHasher>>,
    opened: u64,
    /// Per key id, the (window ordinal, slot) of its latest group: a key's next row most often
    /// goes to the same group, found then without a lookup.
    latest: Vec<(u64, u32)>,
    /// The largest input ROWTIME seen: Flink window output rows take it as their ROWTIME.
    last_rowtime: i64,
    /// Per slot, the group it holds: window start and end, key id.
    owners: Vec<(i64, i64, u32)>,
    /// Slots changed since the last flush to a write-through backend.
    changes: Changes,
    /// The current batch's key id per row, and the (row, slot) pairs it updates: buffers kept
    /// from batch to batch.
    ids: Vec<u32>,
    hits: Vec<(u32, u32)>,
}

/// A group's key in the operator's backend table.
fn table_key(start: i64, end: i64, key: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&time_key(end));
    out.extend_from_slice(&time_key(start));
    out.extend_from_slice(key);
}

impl WindowAggregateExec {
    pub fn new(
        id: String,
        window: WindowSpec,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        schema: SchemaRef,
    ) -> Result<WindowAggregateExec> {
        Ok(WindowAggregateExec {
            id,
            window,
            keyed: KeyedAggregates::new(group_exprs, aggregates, schema)?,
            keys: KeyDictionary::default(),
            windows: Vec::new(),
            accumulators: Vec::new(),
            slots: 0,
            free_slots: Vec::new(),
            spare_maps: Vec::new(),
            opened: 0,
            latest: Vec::new(),
            last_rowtime: i64::MIN,
            owners: Vec::new(),
            changes: Changes::default(),
            ids: Vec::new(),
            hits: Vec::new(),
        })
    }

    fn stride(&self) -> usize {
        self.keyed.templates.len()
    }

    /// The index in `windows` of window (start, end), opened if it is not.
    fn window_index(&mut self, start: i64, end: i64) -> usize {
        // Rows mostly fall into the newest window: look there first.
        if let Some(last) = self.windows.last() {
            if (last.end, last.start) == (end, start) {
                return self.windows.len() - 1;
            }
        }
        match self.windows.binary_search_by(|w| (w.end, w.start).cmp(&(end, start))) {
            Ok(at) => at,
            Err(at) => {
                let groups = self.spare_maps.pop().unwrap_or_else(|| HashMap::with_hasher(fixed_hasher()));
                self.opened += 1;
                self.windows.insert(at, OpenWindow { start, end, ordinal: self.opened, groups });
                at
            }
        }
    }

    /// A fresh accumulator slot for the group of key id `key` in window (start, end).
    fn new_slot(&mut self, (start, end): (i64, i64), key: u32) -> u32 {
        let stride = self.stride();
        match self.free_slots.pop() {
            Some(slot) => {
                let at = slot as usize * stride;
                self.accumulators[at..at + stride].clone_from_slice(&self.keyed.templates);
                self.owners[slot as usize] = (start, end, key);
                slot
            }
            None => {
                self.accumulators.extend_from_slice(&self.keyed.templates);
                self.owners.push((start, end, key));
                self.slots += 1;
                self.slots - 1
            }
        }
    }

    /// The group of `key` (bytes) in window (start, end), with its accumulators, as restored.
    /// `groups`: how many the window will hold, to make room for at once (a restore knows).
    fn put_back(
        &mut self,
        (start, end): (i64, i64),
        key: &[u8],
        accumulators: Vec<Accumulator>,
        groups: usize,
    ) -> Result<u32> {
        if accumulators.len() != self.stride() {
            return Err(Error::Execution(format!("{}: the checkpoint's groups do not fit the query", self.id)));
        }
        let at = self.window_index(start, end);
        self.windows[at].groups.reserve(groups);
        let key = self.keys.intern(key);
        self.keys.retain(key);
        // A restore fills a new operator, with no slot to reuse: the accumulators move in.
        let slot = self.slots;
        self.slots += 1;
        self.accumulators.extend(accumulators);
        self.owners.push((start, end, key));
        self.windows[at].groups.insert(key, slot);
        Ok(slot)
    }

    /// Emits (and forgets) every group whose window ends at or before `end_bound`.
    fn fire(&mut self, end_bound: i64) -> Result<Vec<RecordBatch>> {
        let closing = self.windows.partition_point(|w| w.end <= end_bound);
        if closing == 0 {
            return Ok(vec![]);
        }
        let closed: Vec<OpenWindow> = self.windows.drain(..closing).collect();
        let stride = self.stride();
        let kda = matches!(self.window, WindowSpec::Kda(_));
        // Within a window, groups come out in key order (the key bytes sort like the values).
        let mut order: Vec<(u64, i64, i64, u32, u32)> = Vec::new();
        for w in &closed {
            let first = order.len();
            order.extend(
                w.groups.iter().map(|(&key, &slot)| (sort_prefix(self.keys.bytes(key)), w.start, w.end, key, slot)),
            );
            let keys = &self.keys;
            order[first..]
                .sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| cmp_bytes(keys.bytes(a.3), keys.bytes(b.3))));
        }
        let rows: Vec<FiredGroup> = order
            .iter()
            .map(|&(_, start, end, key, slot)| FiredGroup {
                rowtime: if kda { end } else { self.last_rowtime },
                start,
                end,
                key: self.keys.bytes(key),
                accumulators: &self.accumulators[slot as usize * stride..(slot as usize + 1) * stride],
            })
            .collect();
        let batch = self.keyed.output(&rows)?;
        let mut stored = false;
        for &(_, _, _, key, slot) in &order {
            stored |= self.changes.forget(slot);
            self.keys.release(key);
            self.free_slots.push(slot);
        }
        // The backend's groups of the fired windows, deleted as the key range they share: the
        // windows' (end, start) prefixes, which all other open windows' keys sort after.
        if let (true, Some(first), Some(last)) = (stored, closed.first(), closed.last()) {
            let (mut start, mut end) = (Vec::new(), Vec::new());
            table_key(first.start, first.end, &[], &mut start);
            table_key(last.start, last.end, &[], &mut end);
            // (A window starts before it ends, so its prefix is never all 0xff bytes.)
            self.changes.removed_range(start, crate::state::prefix_end(&end).unwrap_or_default());
        }
        for mut w in closed {
            w.groups.clear();
            self.spare_maps.push(w.groups);
        }
        Ok(vec![batch])
    }

    /// Each row's window time (KDA: the window start; Flink: the event time, or the start of
    /// the window it carries), for Flink the watermark it meets, and the end of a window the
    /// row carries.
    #[allow(clippy::type_complexity)]
    fn times(
        &self,
        batch: &RecordBatch,
    ) -> Result<(TimestampMillisecondArray, Option<TimestampMillisecondArray>, Option<TimestampMillisecondArray>)> {
        let as_ts = |a: ArrayRef| -> Result<TimestampMillisecondArray> {
            a.as_primitive_opt::<TimestampMillisecondType>()
                .cloned()
                .ok_or_else(|| Error::Internal("window time is not a timestamp".into()))
        };
        match &self.window {
            WindowSpec::Kda(w) => Ok((as_ts(evaluate(&w.start, batch)?)?, None, None)),
            WindowSpec::EventTime { time_column, watermark_column, .. } => Ok((
                as_ts(batch.column(*time_column).clone())?,
                Some(as_ts(batch.column(*watermark_column).clone())?),
                None,
            )),
            WindowSpec::Attached { start_column, end_column, watermark_column, .. } => Ok((
                as_ts(batch.column(*start_column).clone())?,
                Some(as_ts(batch.column(*watermark_column).clone())?),
                Some(as_ts(batch.column(*end_column).clone())?),
            )),
            WindowSpec::Stagger { .. } | WindowSpec::Changelog { .. } => {
                Err(Error::Internal("stagger windows and changelogs have their own operators".into()))
            }
        }
    }

    /// The accumulator slot of key id `key`'s group in window `at` (in `windows`), opened if
    /// the window has none.
    #[inline]
    fn group_slot(&mut self, at: usize, key: u32) -> u32 {
        match self.latest[key as usize] {
            (latest, slot) if latest == self.windows[at].ordinal => slot,
            _ => self.find_group(at, key),
        }
    }

    /// [`WindowAggregateExec::group_slot`] when the key's latest group is in another window.
    #[cold]
    fn find_group(&mut self, at: usize, key: u32) -> u32 {
        let slot = match self.windows[at].groups.get(&key) {
            Some(&slot) => slot,
            None => {
                let (start, end) = (self.windows[at].start, self.windows[at].end);
                let slot = self.new_slot((start, end), key);
                self.windows[at].groups.insert(key, slot);
                self.keys.retain(key);
                slot
            }
        };
        self.latest[key as usize] = (self.windows[at].ordinal, slot);
        // A group is marked changed as it leaves the cache; a flush empties the cache, so the
        // row loop itself records nothing.
        self.changes.changed(slot);
        slot
    }

    /// Each row's group, for windows a row has exactly one of (tumbling, KDA's): the (row,
    /// slot) pairs in `hits`, late rows in `ctx`. Rows come in time order, so a row most often
    /// falls in the window the row before fell in, found then without a search.
    fn tumbling_groups(
        &mut self,
        batch: &RecordBatch,
        times: &TimestampMillisecondArray,
        watermarks: Option<&TimestampMillisecondArray>,
        ids: &[u32],
        hits: &mut Vec<(u32, u32)>,
        ctx: &mut Context,
    ) {
        let kda = matches!(self.window, WindowSpec::Kda(_));
        // The current window, and its place in `windows` once a row has opened or found it
        // (a window opened later moves the places after it: the place is looked up again).
        let (mut start, mut end, mut at) = (i64::MAX, i64::MIN, None);
        let mut window = Vec::with_capacity(1);
        for (row, &key) in ids.iter().enumerate() {
            if times.is_null(row) {
                ctx.late.push(LateRow::new(batch, row, None, None, None, "the event time is NULL"));
                continue;
            }
            let time = times.value(row);
            // KDA's window time is its window's start.
            let same = if kda { time == start } else { start <= time && time < end };
            if !same {
                window.clear();
                self.assign(time, None, &mut window);
                (start, end) = window[0];
                at = None;
            }
            // A window whose end - 1 ms the row's watermark has reached has fired already.
            let watermark = watermarks.and_then(|w| w.is_valid(row).then(|| w.value(row)));
            if super::has_fired(watermark, end) {
                let reason = "every window of the row has fired";
                ctx.late.push(LateRow::new(batch, row, Some(time), watermark, Some((start, end)), reason));
                continue;
            }
            let place = *at.get_or_insert_with(|| self.window_index(start, end));
            hits.push((row as u32, self.group_slot(place, key)));
        }
    }

    /// Each row's groups, for windows that overlap (HOP, CUMULATE) or that rows carry: the
    /// (row, slot) pairs in `hits`, late rows in `ctx`.
    #[allow(clippy::too_many_arguments)]
    fn window_groups(
        &mut self,
        batch: &RecordBatch,
        times: &TimestampMillisecondArray,
        watermarks: Option<&TimestampMillisecondArray>,
        ends: Option<&TimestampMillisecondArray>,
        ids: &[u32],
        hits: &mut Vec<(u32, u32)>,
        ctx: &mut Context,
    ) {
        let mut windows = Vec::new();
        for (row, &key) in ids.iter().enumerate() {
            if times.is_null(row) {
                ctx.late.push(LateRow::new(batch, row, None, None, None, "the event time is NULL"));
                continue;
            }
            let time = times.value(row);
            let end = ends.map(|e| e.value(row));
            windows.clear();
            self.assign(time, end, &mut windows);
            // A window whose end - 1 ms the row's watermark has reached has fired already.
            let watermark = watermarks.and_then(|w| w.is_valid(row).then(|| w.value(row)));
            let total = windows.len();
            windows.retain(|&(_, end)| !super::has_fired(watermark, end));
            if windows.is_empty() {
                if total > 0 {
                    let mut all = Vec::new();
                    self.assign(time, end, &mut all);
                    let missed = all.into_iter().max_by_key(|(_, end)| *end);
                    let reason = "every window of the row has fired";
                    ctx.late.push(LateRow::new(batch, row, Some(time), watermark, missed, reason));
                }
                continue;
            }
            for &(start, end) in &windows {
                let at = self.window_index(start, end);
                hits.push((row as u32, self.group_slot(at, key)));
            }
        }
    }

    /// The windows a row at `time` belongs to (a row that carries its window: the one that
    /// ends at `end`).
    fn assign(&self, time: i64, end: Option<i64>, out: &mut Vec<(i64, i64)>) {
        match &self.window {
            WindowSpec::Kda(w) => out.push((time, w.end_of(time))),
            WindowSpec::EventTime { kind, .. } => assign_windows(kind, time, out),
            WindowSpec::Attached { .. } => out.extend(end.map(|end| (time, end))),
            WindowSpec::Stagger { .. } | WindowSpec::Changelog { .. } => {}
        }
    }
}

impl Operator for WindowAggregateExec {
    fn name(&self) -> String {
        match &self.window {
            WindowSpec::Kda(w) => format!("TumblingWindow[{}]: {}", self.id, w.start),
            WindowSpec::EventTime { kind, .. } => format!("WindowAggregate[{}]: {kind}", self.id),
            WindowSpec::Attached { kind, .. } => format!("WindowAggregate[{}]: {kind} of the rows' windows", self.id),
            WindowSpec::Stagger { .. } | WindowSpec::Changelog { .. } => format!("WindowAggregate[{}]", self.id),
        }
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        // Evaluate everything first: a batch that fails here has changed nothing.
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>();
        let (times, watermarks, ends) = self.times(&batch)?;
        let args = self.keyed.arguments(&batch)?;
        // Each row's key id, interned in one pass (a late row's too: unheld, it is swept).
        let mut ids = std::mem::take(&mut self.ids);
        ids.clear();
        self.keyed.intern_keys(&batch, &mut self.keys, &mut ids)?;
        if let Some(max) = arrow_arith::aggregate::max(rowtimes) {
            self.last_rowtime = self.last_rowtime.max(max);
        }
        if self.latest.len() < self.keys.id_bound() {
            self.latest.resize(self.keys.id_bound(), (0, 0));
        }
        // Each row's groups, found (or opened) row by row...
        let mut hits = std::mem::take(&mut self.hits);
        hits.clear();
        let one_window =
            matches!(self.window, WindowSpec::Kda(_) | WindowSpec::EventTime { kind: TvfKind::Tumble { .. }, .. });
        if one_window {
            self.tumbling_groups(&batch, &times, watermarks.as_ref(), &ids, &mut hits, ctx);
        } else {
            self.window_groups(&batch, &times, watermarks.as_ref(), ends.as_ref(), &ids, &mut hits, ctx);
        }
        // ...then the aggregates, one at a time over those rows.
        let stride = self.stride();
        let updated = args
            .iter()
            .enumerate()
            .try_for_each(|(a, arg)| update_column(&mut self.accumulators, stride, a, arg, &hits));
        self.ids = ids;
        self.hits = hits;
        updated?;
        Ok(vec![])
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        match self.window {
            // KDA (and processing time): closes when a row at or past the end arrives (a KDA
            // stream's watermark is its last ROWTIME).
            WindowSpec::Kda(_) => self.fire(watermark.max(self.last_rowtime)),
            // Flink: fires when the watermark reaches end - 1 ms.
            WindowSpec::EventTime { .. } | WindowSpec::Attached { .. } => {
                let fired = self.fire(watermark.saturating_add(1));
                self.keyed.watermark = Some(watermark);
                fired
            }
            WindowSpec::Stagger { .. } | WindowSpec::Changelog { .. } => Ok(vec![]),
        }
    }

    fn state_entries(&self) -> usize {
        self.windows.iter().map(|w| w.groups.len()).sum()
    }

    fn open_windows(&self) -> Vec<crate::exec::WindowSpan> {
        // A changelog's one endless "window" is no span of time.
        let finite = |w: &&OpenWindow| w.start > i64::MIN / 2 && w.end < i64::MAX / 2;
        self.windows
            .iter()
            .filter(finite)
            .map(|w| crate::exec::WindowSpan { start: w.start, end: w.end, groups: w.groups.len() })
            .collect()
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX - 1)
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        if !state.write_through() {
            return Ok(());
        }
        if !self.changes.is_on() {
            let live: Vec<u32> = self.windows.iter().flat_map(|w| w.groups.values().copied()).collect();
            self.changes.enable(&self.id, live);
        }
        let stride = self.stride();
        let (owners, keys, accumulators) = (&self.owners, &self.keys, &self.accumulators);
        let ops = self.changes.take(|slot, key| {
            let (start, end, id) = owners[slot as usize];
            table_key(start, end, keys.bytes(id), key);
            &accumulators[slot as usize * stride..(slot as usize + 1) * stride]
        })?;
        // Every group a row reaches from here on is marked again.
        self.latest.fill((0, 0));
        state.write(ops)
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        let stride = self.stride();
        let in_backend = self.changes.is_on();
        let windows = self
            .windows
            .iter()
            .filter(|_| !in_backend)
            .map(|w| {
                let groups = w
                    .groups
                    .iter()
                    .map(|(&key, &slot)| {
                        let at = slot as usize * stride;
                        (self.keys.bytes(key), &self.accumulators[at..at + stride])
                    })
                    .collect();
                SavedWindowRef { start: w.start, end: w.end, groups }
            })
            .collect();
        crate::state::encode(&SavedRef { windows, last_rowtime: self.last_rowtime }).map(Some)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        if self.slots > 0 {
            return Err(Error::Internal(format!("{}: restored into an operator that has run", self.id)));
        }
        let saved: Saved = crate::state::decode(bytes)?;
        let mut table = read_table::<Vec<Accumulator>>(state, &self.id)?;
        self.keys.reserve(table.len());
        // The table lists groups by window: each run of one window's groups makes room at once.
        let mut run = 0;
        for i in 0..table.len() {
            let key = &table[i].0;
            let (Some(end), Some(start)) = (key_time(key), key.get(8..).and_then(key_time)) else {
                return Err(Error::Execution(format!("{}: a group in the backend without its window", self.id)));
            };
            if run == 0 {
                run = table[i..].iter().take_while(|(k, _)| k.get(..16) == key.get(..16)).count();
            }
            let accumulators = std::mem::take(&mut table[i].1);
            self.put_back((start, end), &table[i].0[16..], accumulators, run)?;
            run -= 1;
        }
        // A write-through backend has those groups already; the checkpoint's bytes' are new to it.
        if state.write_through() {
            let slots: Vec<u32> = self.windows.iter().flat_map(|w| w.groups.values().copied()).collect();
            self.changes.restored(&self.id, slots);
        }
        for window in saved.windows {
            let groups = window.groups.len();
            for (key, accumulators) in window.groups {
                let slot = self.put_back((window.start, window.end), &key, accumulators, groups)?;
                self.changes.changed(slot);
            }
        }
        self.last_rowtime = saved.last_rowtime;
        self.flush(state)
    }
}
