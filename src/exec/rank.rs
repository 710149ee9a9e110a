//! Flink's Top-N and deduplication over an insert-only input, row by row as Flink's
//! `AppendOnlyTopNFunction` and deduplicate functions emit them:
//!
//! - Top-N keeps, per partition, the best `last` rows by the sort key (ties in arrival order; a
//!   row that ties the worst kept one when all `last` are kept is dropped). Without the rank in
//!   the result, a row that enters sends `+I`, and the row it pushes out `-D`. With it, a row
//!   that enters at rank r moves every row below down one: each rank that changes sends `-U`
//!   (the row it had) and `+U` (the row it has), and the rank that was empty `+I`.
//! - A Top-1 without the rank, and deduplication, keep one row per partition, which a better
//!   row replaces with `-U` and `+U`. Deduplication goes by a time attribute: the first row (a
//!   later row replaces it only if its time is earlier) or the last (a row at the same time or
//!   later replaces it). Keeping the first row by processing time never replaces, so it is
//!   insert-only.
//!
//! Over an updating input (Flink's `RetractableTopNFunction`), every row is kept: a `+I`/`+U`
//! row goes in, a `-U`/`-D` row takes back the kept row with its values, and what changes in
//! the ranks kept goes out: without the rank, `+I` for a row that enters and `-D` for one that
//! leaves (the row that came in or went first); with it, each rank whose row changes.
//!
//! A window Top-N (partitioned by the windows its rows carry, as Flink's `WindowRank`) keeps
//! each window's best rows as above (a window deduplication its one row, as Flink's
//! `WindowDeduplicate`: keeping the last, a row at the same time replaces it) without sending
//! anything, and when the watermark passes
//! the window's end sends its ranks once, `+I` (an insert-only result); a row for a window that
//! has fired goes to `late_stream`.
//!
//! With Flink's `table.exec.state.ttl` ([`StateTtl`]), deduplication forgets a partition's row
//! once it has gone the TTL without being replaced, as Flink's deduplicate functions do: the
//! partition's next row is then its first again (`+I`). (The planner refuses the TTL for a
//! Top-N, whose state Flink expires a sort key at a time behind a cache.)
//!
//! Sort keys are arrow-row bytes made with each key's direction and NULL placement, so they
//! compare as bytes; rows are kept as arrow-row bytes too, in a [`GroupTable`] of partitions
//! written through to the backend after each batch.

use std::cmp::Ordering;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_row::{RowConverter, SortField};
use arrow_schema::{SchemaRef, SortOptions};
use serde::{Deserialize, Serialize};

use super::expr::evaluate;
use super::ttl::StateTtl;
use super::{retracts, Context, LateRow, Operator, ValueCodec};
use crate::error::Result;
use crate::plan::RankSpec;
use crate::state::{GroupTable, StateBackend};

type Bytes = Vec<u8>;
/// A kept row's bytes, shared with the changes that send it (a row pushed down the ranks goes
/// out once per rank it passes).
type Row = std::rc::Rc<[u8]>;

/// A kept row: its columns as arrow-row bytes and, over an updating input, its values
/// ([`ValueCodec`]), which a retraction of it carries too (empty otherwise).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kept {
    row: Row,
    values: Bytes,
}

/// A partition's kept rows: each sort key with its rows in arrival order, best key first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Partition {
    entries: Vec<(Bytes, Vec<Kept>)>,
    /// A window Top-N's partition: the window's end.
    end: Option<i64>,
    /// The ROWTIME of the row last kept, for the state TTL.
    written: i64,
}

/// A checkpoint: the partitions (none when they are in a write-through backend) and, for a
/// window Top-N, the watermark its windows have fired up to and the latest ROWTIME.
#[derive(Serialize, Deserialize)]
struct Saved {
    partitions: Vec<(Bytes, Partition)>,
    fired: Option<i64>,
    last_rowtime: i64,
}

impl Partition {
    fn rows(&self) -> usize {
        self.entries.iter().map(|(_, rows)| rows.len()).sum()
    }
}

/// What a row does to the result: kind, the row (arrow-row bytes of the input's columns), rank.
type Emit = (&'static str, Row, i64);

pub struct RankExec {
    id: String,
    spec: RankSpec,
    schema: SchemaRef,
    partition_keys: RowConverter,
    sort_keys: RowConverter,
    /// The input's columns, ROWTIME and the hidden ones included.
    rows: RowConverter,
    /// Over an updating input: the encoder of a row's values.
    values: Option<ValueCodec>,
    partitions: GroupTable<Partition>,
    /// A window Top-N: its partitions by window end, the watermark fired up to, and the latest
    /// ROWTIME (the fired rows' own).
    pending: std::collections::BTreeMap<i64, Vec<Bytes>>,
    fired: Option<i64>,
    last_rowtime: i64,
    /// Deduplication's state TTL.
    ttl: Option<StateTtl>,
}

impl RankExec {
    pub fn new(
        id: String,
        spec: RankSpec,
        input: SchemaRef,
        schema: SchemaRef,
        state_ttl: Option<i64>,
    ) -> Result<Self> {
        // Only deduplication expires (the planner refuses a TTL for the others but window ones).
        let dedup = spec.dedup.is_some() && spec.window.is_none() && spec.input_op.is_none();
        let ttl = if dedup { StateTtl::new(state_ttl) } else { None };
        let partition_keys =
            RowConverter::new(spec.partition_by.iter().map(|e| SortField::new(e.data_type())).collect())?;
        let sort_keys = RowConverter::new(
            spec.order_by
                .iter()
                .map(|k| {
                    let options = SortOptions { descending: k.desc, nulls_first: k.nulls_first };
                    SortField::new_with_options(k.expr.data_type(), options)
                })
                .collect(),
        )?;
        let rows = RowConverter::new(input.fields().iter().map(|f| SortField::new(f.data_type().clone())).collect())?;
        let values = ValueCodec::new(&input, spec.input_op)?;
        Ok(RankExec {
            id,
            spec,
            schema,
            partition_keys,
            sort_keys,
            rows,
            values,
            partitions: GroupTable::default(),
            pending: Default::default(),
            fired: None,
            last_rowtime: i64::MIN,
            ttl,
        })
    }

    /// Whether the partition keeps one row, which a better one replaces (`-U`, `+U`):
    /// deduplication, and a Top-1 without the rank (Flink's `FastTop1Function`).
    fn keeps_one(&self) -> bool {
        self.spec.dedup.is_some() || (self.spec.first == 1 && self.spec.last == 1 && !self.spec.numbered)
    }

    /// The rows ranked `first..=last`, with their ranks (from 1).
    fn ranked<'p>(&self, part: &'p Partition) -> impl Iterator<Item = (i64, &'p Kept)> {
        let rows = part.entries.iter().flat_map(|(_, rows)| rows);
        let (first, last) = (self.spec.first as usize, self.spec.last as usize);
        rows.enumerate().skip(first - 1).take(last + 1 - first).map(|(i, row)| (i as i64 + 1, row))
    }

    /// Over an updating input: `row` (sort key `key`) added or, for a retraction, taken back,
    /// and what changes in the ranks kept.
    fn retractable(&self, part: &mut Partition, key: &[u8], row: Kept, retract: bool, out: &mut Vec<Emit>) {
        let before: Vec<Kept> = self.ranked(part).map(|(_, kept)| kept.clone()).collect();
        let at = part.entries.partition_point(|(k, _)| k.as_slice() < key);
        let same = part.entries.get(at).is_some_and(|(k, _)| k.as_slice() == key);
        if retract {
            if !same {
                return;
            }
            let rows = &mut part.entries[at].1;
            let Some(i) = rows.iter().position(|kept| kept.values == row.values) else { return };
            rows.remove(i);
            if rows.is_empty() {
                part.entries.remove(at);
            }
        } else if same {
            part.entries[at].1.push(row);
        } else {
            part.entries.insert(at, (key.to_vec(), vec![row]));
        }
        let after: Vec<Kept> = self.ranked(part).map(|(_, kept)| kept.clone()).collect();
        if self.spec.numbered {
            // Rank by rank: what each holds now against what it held.
            for i in 0..before.len().max(after.len()) {
                let rank = self.spec.first as i64 + i as i64;
                match (before.get(i), after.get(i)) {
                    (Some(old), Some(new)) if old.values == new.values => {}
                    (Some(old), Some(new)) => {
                        out.push(("-U", old.row.clone(), rank));
                        out.push(("+U", new.row.clone(), rank));
                    }
                    (None, Some(new)) => out.push(("+I", new.row.clone(), rank)),
                    (Some(old), None) => out.push(("-D", old.row.clone(), rank)),
                    (None, None) => {}
                }
            }
            return;
        }
        let absent = |rows: &[Kept], kept: &Kept| !rows.iter().any(|other| other.values == kept.values);
        let gone: Vec<Emit> = before.iter().filter(|k| absent(&after, k)).map(|k| ("-D", k.row.clone(), 1)).collect();
        let came: Vec<Emit> = after.iter().filter(|k| absent(&before, k)).map(|k| ("+I", k.row.clone(), 1)).collect();
        // The row the change is about first: the one taken back, or the one that came in.
        if retract {
            out.extend(gone);
            out.extend(came);
        } else {
            out.extend(came);
            out.extend(gone);
        }
    }

    /// One row per partition: `row` against the partition's kept row. A better row by the sort
    /// key replaces it (keeping the last row by time, a row at the same time too). The row is
    /// made (its bytes copied) only when it is kept.
    fn keep_one(&self, part: &mut Partition, key: &[u8], row: impl FnOnce() -> Kept, out: &mut Vec<Emit>) {
        let keep_last = self.spec.dedup.is_some_and(|d| d.keep_last);
        match part.entries.first_mut() {
            None => {
                let row = row();
                out.push(("+I", row.row.clone(), 1));
                part.entries.push((key.to_vec(), vec![row]));
            }
            Some((kept_key, kept)) => {
                let order = key.cmp(kept_key);
                // Keeping the last row, ORDER BY is descending: an equal time replaces too.
                let replaces = if keep_last { order != Ordering::Greater } else { order == Ordering::Less };
                if replaces {
                    let old = std::mem::replace(&mut kept[0], row());
                    kept_key.clear();
                    kept_key.extend_from_slice(key);
                    out.push(("-U", old.row, 1));
                    out.push(("+U", kept[0].row.clone(), 1));
                }
            }
        }
    }

    /// Top-N: `row` (sort key `key`) into the partition, and the changes it makes. The row is
    /// made only when it ranks.
    fn top_n(&self, part: &mut Partition, key: &[u8], row: impl FnOnce() -> Kept, out: &mut Vec<Emit>) {
        let last = self.spec.last;
        let count = part.rows() as u64;
        let fits = match part.entries.last() {
            None => true,
            Some((worst, _)) => key < worst.as_slice() || count < last,
        };
        if !fits {
            return;
        }
        let row = row();
        let bytes = row.row.clone();
        let at = part.entries.partition_point(|(k, _)| k.as_slice() < key);
        match part.entries.get_mut(at) {
            Some((k, rows)) if k.as_slice() == key => rows.push(row),
            _ => part.entries.insert(at, (key.to_vec(), vec![row])),
        }
        if self.spec.numbered || self.spec.first > 1 {
            self.shift_ranks(part, at, bytes, out);
        } else {
            if count + 1 > last {
                let (_, rows) = part.entries.last_mut().expect("a row was just added");
                let pushed_out = rows.pop().expect("entries hold rows");
                if rows.is_empty() {
                    part.entries.pop();
                }
                out.push(("-D", pushed_out.row, 1));
            }
            out.push(("+I", bytes, 1));
        }
        self.trim(part);
    }

    /// The rank-by-rank changes of a row that entered at entry `at`: each rank from the new
    /// row's down takes the row above it, and the first empty rank gets the last.
    fn shift_ranks(&self, part: &Partition, at: usize, row: Row, out: &mut Vec<Emit>) {
        let (first, last) = (self.spec.first as i64, self.spec.last as i64);
        let mut emit = |op, row: &Row, rank: i64| {
            if (first..=last).contains(&rank) {
                out.push((op, row.clone(), rank));
            }
        };
        let mut rank = part.entries[..=at].iter().map(|(_, rows)| rows.len() as i64).sum::<i64>();
        let mut current = row;
        'below: for (_, rows) in &part.entries[at + 1..] {
            for below in rows {
                if rank > last {
                    break 'below;
                }
                emit("-U", &below.row, rank);
                emit("+U", &current, rank);
                current = below.row.clone();
                rank += 1;
            }
        }
        if rank <= last {
            emit("+I", &current, rank);
        }
    }

    /// Drops the rows ranked below `last`.
    fn trim(&self, part: &mut Partition) {
        let mut left = self.spec.last as usize;
        part.entries.retain_mut(|(_, rows)| {
            rows.truncate(left);
            left -= rows.len();
            !rows.is_empty()
        });
    }

    /// A window Top-N: sends the ranks of every window whose end the watermark `through` has
    /// passed (every window, with `None`), and forgets them.
    fn fire(&mut self, through: Option<i64>) -> Result<Vec<RecordBatch>> {
        let mut changes: Vec<(i64, Emit)> = Vec::new();
        while let Some(entry) = self.pending.first_entry() {
            if through.is_some_and(|wm| !crate::exec::window::has_fired(Some(wm), *entry.key())) {
                break;
            }
            for key in entry.remove() {
                let Some(id) = self.partitions.find(&key) else { continue };
                let (_, part) = self.partitions.remove(id);
                let rowtime = self.last_rowtime;
                changes.extend(self.ranked(&part).map(|(rank, kept)| (rowtime, ("+I", kept.row.clone(), rank))));
            }
        }
        if let Some(wm) = through {
            self.fired = Some(self.fired.map_or(wm, |f| f.max(wm)));
        }
        if changes.is_empty() {
            return Ok(vec![]);
        }
        Ok(vec![self.output(&changes)?])
    }

    /// The output batch of the changes: the kept rows' columns (ROWTIME the time of the row
    /// that made each change), the rank, and `op` when the result is updating.
    fn output(&self, changes: &[(i64, Emit)]) -> Result<RecordBatch> {
        let parser = self.rows.parser();
        let mut columns: Vec<ArrayRef> =
            self.rows.convert_rows(changes.iter().map(|(_, (_, row, _))| parser.parse(row)))?;
        columns[0] = Arc::new(TimestampMillisecondArray::from(changes.iter().map(|c| c.0).collect::<Vec<_>>()));
        // A window Top-N's rows meet the watermark that fired them.
        if let Some(w) = self.spec.window {
            columns[w.watermark] = Arc::new(TimestampMillisecondArray::from(vec![self.fired; changes.len()]));
        }
        columns.push(Arc::new(Int64Array::from(changes.iter().map(|(_, (_, _, rank))| *rank).collect::<Vec<_>>())));
        if self.spec.updating() {
            columns.push(Arc::new(StringArray::from(changes.iter().map(|(_, (op, _, _))| *op).collect::<Vec<_>>())));
        }
        Ok(RecordBatch::try_new(self.schema.clone(), columns)?)
    }
}

impl Operator for RankExec {
    fn name(&self) -> String {
        let (what, kept) = match self.spec.dedup {
            Some(_) => ("Deduplicate", "a row for every partition"),
            None if self.spec.first_rows() => ("Limit", ""),
            None => ("TopN", "the rows ranked in every partition"),
        };
        // A window's ranks go when it fires; any other partition is kept for good (a LIMIT
        // keeps its rows, no more).
        let bounded = self.spec.window.is_some() || self.spec.first_rows();
        let grows = match &self.ttl {
            Some(ttl) => format!("; {}", ttl.describe()),
            None if bounded => String::new(),
            None => format!("; its state only grows ({kept})"),
        };
        format!("{what}[{}]{grows}", self.id)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        // LIMIT without ORDER BY: once its rows are kept, no later row changes anything.
        if self.spec.first_rows() {
            let kept = self.partitions.find(&[]).and_then(|id| self.partitions.try_get(id));
            if kept.is_some_and(|part| part.rows() as u64 >= self.spec.last) {
                return Ok(vec![]);
            }
        }
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
        if let Some(max) = arrow_arith::aggregate::max(&rowtimes) {
            self.last_rowtime = self.last_rowtime.max(max);
        }
        let window = match self.spec.window {
            Some(w) => Some((
                crate::exec::join::times(&batch, w.start)?,
                crate::exec::join::times(&batch, w.end)?,
                crate::exec::join::times(&batch, w.watermark)?,
            )),
            None => None,
        };
        let partition_columns: Vec<ArrayRef> =
            self.spec.partition_by.iter().map(|e| evaluate(e, &batch)).collect::<Result<_>>()?;
        let sort_columns: Vec<ArrayRef> =
            self.spec.order_by.iter().map(|k| evaluate(&k.expr, &batch)).collect::<Result<_>>()?;
        // Without PARTITION BY, every row is in the one partition (the empty key).
        let partitions = (!partition_columns.is_empty())
            .then(|| self.partition_keys.convert_columns(&partition_columns))
            .transpose()?;
        // Without ORDER BY (Flink's LIMIT), every row has the empty key: arrival order.
        let sorts = (!sort_columns.is_empty()).then(|| self.sort_keys.convert_columns(&sort_columns)).transpose()?;
        let rows = self.rows.convert_columns(batch.columns())?;
        if !rowtimes.is_empty() {
            for id in StateTtl::sweep_ids(&mut self.ttl, rowtimes.value(0), &self.partitions, |p| p.written) {
                self.partitions.remove(id);
            }
        }
        let kinds = self.spec.input_op.map(|i| batch.column(i).as_string::<i32>().clone());
        let values = self.values.as_ref().map(|codec| codec.encode(&batch)).transpose()?;
        let mut changes: Vec<(i64, Emit)> = Vec::new();
        let mut out = Vec::new();
        for row in 0..batch.num_rows() {
            let partition = partitions.as_ref().map_or(&[][..], |p| p.row(row).data());
            let mut end = None;
            if let Some((starts, ends, watermarks)) = &window {
                let (start, window_end) = (starts[row].unwrap_or(i64::MIN), ends[row].unwrap_or(i64::MIN));
                let met = watermarks[row];
                let fired = self.fired.is_some_and(|f| crate::exec::window::has_fired(Some(f), window_end));
                if fired || crate::exec::window::has_fired(met, window_end) {
                    let window = Some((start, window_end));
                    ctx.late.push(LateRow::new(&batch, row, None, met, window, "its window has fired"));
                    continue;
                }
                end = Some(window_end);
            }
            let (id, inserted) =
                self.partitions.get_or_insert_with(partition, || Partition { end, ..Default::default() });
            if let (true, Some(end)) = (inserted, end) {
                self.pending.entry(end).or_default().push(partition.to_vec());
            }
            // Taken out while it changes, so the operator's settings stay readable.
            let mut part = std::mem::take(self.partitions.get_mut(id));
            let t = rowtimes.value(row);
            if self.ttl.is_some_and(|ttl| ttl.expired(part.written, t)) {
                // Its row expired: the partition starts again.
                part.entries.clear();
            }
            let kept = || Kept {
                row: rows.row(row).as_ref().into(),
                values: values.as_ref().map_or_else(Vec::new, |v| v.row(row).as_ref().to_vec()),
            };
            let key = sorts.as_ref().map_or(&[][..], |s| s.row(row).data());
            if window.is_some() {
                // Kept without a word until the window fires.
                if self.spec.dedup.is_some() {
                    self.keep_one(&mut part, key, kept, &mut Vec::new());
                } else {
                    self.top_n(&mut part, key, kept, &mut Vec::new());
                }
                *self.partitions.get_mut(id) = part;
                continue;
            }
            match &kinds {
                Some(kinds) => self.retractable(&mut part, key, kept(), retracts(kinds.value(row)), &mut out),
                None if self.keeps_one() => self.keep_one(&mut part, key, kept, &mut out),
                None => self.top_n(&mut part, key, kept, &mut out),
            }
            // Written when its kept row changes (which is when the row sends something).
            if !out.is_empty() {
                part.written = t;
            }
            *self.partitions.get_mut(id) = part;
            changes.extend(out.drain(..).map(|emit| (t, emit)));
        }
        if changes.is_empty() {
            return Ok(vec![]);
        }
        Ok(vec![self.output(&changes)?])
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        if self.spec.window.is_none() {
            return Ok(vec![]);
        }
        self.fire(Some(watermark))
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        if self.spec.window.is_none() {
            return Ok(vec![]);
        }
        self.fire(None)
    }

    fn state_entries(&self) -> usize {
        self.partitions.len()
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.partitions.flush(&self.id, state)
    }

    /// With a write-through backend the partitions are in its table, not in the checkpoint's bytes.
    fn save(&self) -> Result<Option<Vec<u8>>> {
        let partitions = self.partitions.checkpoint_entries();
        crate::state::encode(&Saved { partitions, fired: self.fired, last_rowtime: self.last_rowtime }).map(Some)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Saved = crate::state::decode(bytes)?;
        self.partitions.restore(&self.id, saved.partitions, state)?;
        (self.fired, self.last_rowtime) = (saved.fired, saved.last_rowtime);
        // A window Top-N's windows to fire, from its partitions.
        for (_, key, part) in self.partitions.iter() {
            if let Some(end) = part.end {
                self.pending.entry(end).or_default().push(key.to_vec());
            }
        }
        Ok(())
    }
}
