//! Flink's `GROUP BY` without a window: an updating result. Each input row changes its group's
//! aggregates, and the change goes out as a changelog: `+I` for a group's first result, then
//! `-U` (the old row) and `+U` (the new one). A change that leaves the result as it was sends
//! nothing, as Flink does.
//!
//! Its input may itself be updating: a `-U` or `-D` row takes its values back out of the
//! group's accumulators (which keep what they need for it: every value of a MIN or MAX). A
//! group whose rows have all been taken back is deleted (`-D`), and a retraction for a group
//! that does not exist is dropped, as Flink's `GroupAggFunction` does.
//!
//! Groups are found by their key bytes in a [`GroupTable`] (as the windows' are), written
//! through to the backend after each batch.
//!
//! With Flink's mini-batch (`table.exec.mini-batch.enabled`, [`crate::plan::JobOptions`]), the
//! rows that reach the operator together, at most `table.exec.mini-batch.size` of them, are one
//! bundle: every row of a bundle goes into its group's accumulators first, then each group the
//! bundle changed sends one change, in the order the bundle first reached the groups, at the
//! time of the bundle's last row. Flink closes a bundle when it is full or when `allow-latency`
//! has passed; here a bundle is the rows the runtime hands the operator at once (an input's rows
//! as it polls them, up to 4,096, fewer where the clock's step or another input's rows cut
//! them). A retraction for a group the bundle has emptied is dropped, as one for a group that
//! does not exist. Without mini-batch every row is a bundle of its own.
//!
//! With Flink's `table.exec.state.ttl` ([`StateTtl`]), a group its rows have left alone for the
//! TTL is forgotten without a word: its next row starts it again (`+I`), and a retraction for it
//! is dropped. A change that leaves the result as it was then sends `-U` and `+U` all the same,
//! as Flink's `GroupAggFunction` does with a TTL, so that operators downstream keep their state
//! for the row too.
//!
//! `COUNT(DISTINCT x)`s of one BIGINT column `x` over an input that only inserts, with or
//! without a `FILTER`, share one set of the values seen, each value marked with the counts it
//! went into (as Flink shares a distinct view among the aggregates of one argument): a row looks
//! its value up once, however many of them count it. Nexmark q16 has two such families of three.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use super::aggregate::{retract, Accumulator, ArgColumn};
use super::ttl::StateTtl;
use super::window::KeyedAggregates;
use super::{retracts, Context, Operator};
use crate::error::Result;
use crate::plan::{AggregateExpr, Expr, ScalarValue};
use crate::state::{GroupTable, StateBackend};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Group {
    accumulators: Vec<Accumulator>,
    /// The result last sent, if any.
    emitted: Option<Vec<ScalarValue>>,
    /// How many rows the accumulators hold (added less taken back).
    rows: i64,
    /// The ROWTIME of the group's last change, for the state TTL.
    written: i64,
    /// Per family of `COUNT(DISTINCT x)`s sharing their values (see the module's comment), the
    /// values seen, each with a bit per member that counted it.
    shared: Vec<hashbrown::HashMap<i64, u32, rustc_hash::FxBuildHasher>>,
}

/// The `COUNT(DISTINCT …)`s of `aggregates` that can share their values, in families of two or
/// more (at most 32, a bit each) by the BIGINT column they count: `COUNT(DISTINCT x)`, or
/// `FILTER (WHERE p)` of it, which the planner makes `CASE WHEN p THEN x END`. A member's
/// argument is then `x` or NULL, so the family's members that are not NULL for a row all
/// count the same value.
fn distinct_families(aggregates: &[AggregateExpr]) -> Vec<Vec<usize>> {
    let counted = |a: &AggregateExpr| -> Option<usize> {
        if !a.distinct || a.func != crate::plan::AggregateFunction::Count {
            return None;
        }
        let column = match a.arg.as_ref()? {
            Expr::Case { branches, otherwise: None, .. } if branches.len() == 1 => &branches[0].1,
            arg => arg,
        };
        match column {
            Expr::Column { index, data_type: arrow_schema::DataType::Int64, .. } => Some(*index),
            _ => None,
        }
    };
    let mut families: Vec<(usize, Vec<usize>)> = Vec::new();
    for (a, aggregate) in aggregates.iter().enumerate() {
        let Some(column) = counted(aggregate) else { continue };
        match families.iter_mut().find(|(c, members)| *c == column && members.len() < 32) {
            Some((_, members)) => members.push(a),
            None => families.push((column, vec![a])),
        }
    }
    families.into_iter().map(|(_, members)| members).filter(|members| members.len() > 1).collect()
}

/// The changes a batch sends, each its time, kind, group key and values, kept flat (a row per
/// change was three allocations, most of Nexmark q16's time).
struct Changes {
    rowtimes: Vec<i64>,
    ops: Vec<&'static str>,
    /// The keys one after another, each ending at its entry of `key_ends`.
    keys: Vec<u8>,
    key_ends: Vec<usize>,
    /// The changes' values, a column per aggregate (read a column at a time for the output).
    values: Vec<Vec<ScalarValue>>,
}

impl Changes {
    /// Room for `rows` input rows' changes (most rows send two) of `width` aggregates.
    fn for_rows(rows: usize, width: usize) -> Changes {
        Changes {
            rowtimes: Vec::with_capacity(2 * rows),
            ops: Vec::with_capacity(2 * rows),
            keys: Vec::new(),
            key_ends: Vec::with_capacity(2 * rows),
            values: (0..width).map(|_| Vec::with_capacity(2 * rows)).collect(),
        }
    }

    fn push(&mut self, rowtime: i64, op: &'static str, key: &[u8], values: impl IntoIterator<Item = ScalarValue>) {
        self.rowtimes.push(rowtime);
        self.ops.push(op);
        self.keys.extend_from_slice(key);
        self.key_ends.push(self.keys.len());
        for (column, value) in self.values.iter_mut().zip(values) {
            column.push(value);
        }
    }

    fn keys(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.key_ends.iter().copied());
        starts.zip(&self.key_ends).map(|(start, &end)| &self.keys[start..end])
    }
}

pub struct GroupAggregateExec {
    id: String,
    keyed: KeyedAggregates,
    groups: GroupTable<Group>,
    /// The input's `op` column, when the input is updating.
    input_op: Option<usize>,
    /// The most rows a bundle holds: 1 without mini-batch.
    bundle: usize,
    ttl: Option<StateTtl>,
    /// The families of `COUNT(DISTINCT …)`s that share their values (their members' own
    /// accumulators are plain counts), and whether each aggregate is in one.
    families: Vec<Vec<usize>>,
    shares: Vec<bool>,
}

impl GroupAggregateExec {
    pub fn new(
        id: String,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        input_op: Option<usize>,
        mini_batch: Option<usize>,
        state_ttl: Option<i64>,
        schema: SchemaRef,
    ) -> Result<Self> {
        let mut keyed = KeyedAggregates::new(group_exprs, aggregates, schema)?;
        if input_op.is_some() {
            keyed.templates = keyed.aggregates.iter().map(Accumulator::retracting).collect();
        }
        // (An updating input takes values back: its distinct counts keep how often each came.)
        let families = if input_op.is_none() { distinct_families(&keyed.aggregates) } else { vec![] };
        let mut shares = vec![false; keyed.aggregates.len()];
        for &a in families.iter().flatten() {
            shares[a] = true;
            keyed.templates[a] = Accumulator::Count(0);
        }
        let bundle = mini_batch.unwrap_or(1).max(1);
        let ttl = StateTtl::new(state_ttl);
        Ok(GroupAggregateExec { id, keyed, groups: GroupTable::default(), input_op, bundle, ttl, families, shares })
    }

    /// The change group `id`'s rows so far make to its result, sent at `rowtime`: `+I` for its
    /// first result, `-U` and `+U` for a new one, `-D` when no row is left (and the group
    /// goes), nothing when the result is as it was. `values` is room for the result.
    fn emit(&mut self, id: u32, rowtime: i64, changes: &mut Changes, values: &mut Vec<ScalarValue>) {
        let group = self.groups.get_mut(id);
        if group.rows <= 0 {
            let emitted = group.emitted.take();
            let (key, _) = self.groups.remove(id);
            if let Some(old) = emitted {
                changes.push(rowtime, "-D", &key, old);
            }
            return;
        }
        values.clear();
        values.extend(group.accumulators.iter().map(Accumulator::finish));
        if group.emitted.as_ref() == Some(&*values) && self.ttl.is_none() {
            return;
        }
        // The new result becomes the group's, and `values` (its buffer kept for the next
        // group) holds the old one, which goes out as it is.
        let replaced = match &mut group.emitted {
            Some(emitted) => {
                std::mem::swap(emitted, values);
                true
            }
            None => {
                group.emitted = Some(std::mem::take(values));
                false
            }
        };
        let key = self.groups.key(id);
        let op = if replaced {
            changes.push(rowtime, "-U", key, values.drain(..));
            "+U"
        } else {
            "+I"
        };
        let new = self.groups.get(id).emitted.iter().flatten().cloned();
        changes.push(rowtime, op, key, new);
    }

    fn output(&self, changes: Changes) -> Result<RecordBatch> {
        let fields = self.keyed.schema.fields();
        let keys = self.keyed.key_columns(changes.keys())?;
        let Changes { rowtimes, ops, values, .. } = changes;
        let no_window: ArrayRef = Arc::new(TimestampMillisecondArray::new_null(rowtimes.len()));
        let rowtimes = Arc::new(TimestampMillisecondArray::from(rowtimes));
        let mut columns: Vec<ArrayRef> = vec![rowtimes, no_window.clone(), no_window.clone(), no_window];
        columns.extend(keys);
        for column in &values {
            let at = columns.len();
            columns.push(ScalarValue::to_array(column, fields[at].data_type())?);
        }
        columns.push(Arc::new(StringArray::from(ops)));
        Ok(RecordBatch::try_new(self.keyed.schema.clone(), columns)?)
    }
}

/// Row `row`'s value into each family's set in `group` (`counted`: the family's members'
/// arguments): each member the value is new to, of those that count the row, counts one more.
fn count_shared(group: &mut Group, families: &[Vec<usize>], counted: &[Vec<&arrow_array::Int64Array>], row: usize) {
    use arrow_array::Array;
    for ((members, columns), seen) in families.iter().zip(counted).zip(&mut group.shared) {
        let (mut value, mut mask) = (None, 0u32);
        for (bit, column) in columns.iter().enumerate() {
            if column.is_valid(row) {
                value = Some(column.value(row));
                mask |= 1 << bit;
            }
        }
        let Some(value) = value else { continue };
        let marks = seen.entry(value).or_insert(0);
        let mut new = mask & !*marks;
        *marks |= mask;
        while new != 0 {
            if let Accumulator::Count(n) = &mut group.accumulators[members[new.trailing_zeros() as usize]] {
                *n += 1;
            }
            new &= new - 1;
        }
    }
}

impl Operator for GroupAggregateExec {
    /// The distinct counts that share their values (a checkpoint from before they shared them
    /// holds a set per count: it is refused as a changed query's, not read as this one's).
    fn state_layout(&self) -> String {
        let family = |members: &Vec<usize>| {
            let counts: Vec<String> = members.iter().map(|&a| self.keyed.aggregates[a].to_string()).collect();
            format!("{} count from one set of values", counts.join(", "))
        };
        self.families.iter().map(family).collect::<Vec<_>>().join("; ")
    }

    fn name(&self) -> String {
        let mini_batch = match self.bundle {
            1 => String::new(),
            rows => format!("; mini-batches of at most {rows} rows, one change a group each"),
        };
        let state = match &self.ttl {
            Some(ttl) => ttl.describe(),
            None => "its state only grows (a row for every group)".into(),
        };
        format!("GroupAggregate[{}]: changelog{mini_batch}; {state}", self.id)
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
        let ops = self.input_op.map(|i| batch.column(i).as_string::<i32>().clone());
        let args = self.keyed.evaluate(&batch)?;
        // Each family's members' arguments, as the integers they are.
        let counted: Vec<Vec<&arrow_array::Int64Array>> = self
            .families
            .iter()
            .map(|members| {
                members
                    .iter()
                    .map(|&a| match &args[a] {
                        ArgColumn::Any(column) => column.as_primitive_opt::<arrow_array::types::Int64Type>(),
                        _ => None,
                    })
                    .collect::<Option<_>>()
                    .ok_or_else(|| crate::error::Error::Internal("a shared distinct count is not of integers".into()))
            })
            .collect::<Result<_>>()?;
        let mut changes = Changes::for_rows(batch.num_rows(), self.keyed.aggregates.len());
        // A group's values, computed into one buffer: most rows change nothing or one group.
        let mut values: Vec<ScalarValue> = Vec::with_capacity(self.keyed.aggregates.len());
        // The groups a bundle changed, in the order it reached them (a bundle of one row needs
        // no look-up to keep each once).
        let mut touched: Vec<u32> = Vec::new();
        let mut seen: hashbrown::HashSet<u32, rustc_hash::FxBuildHasher> = Default::default();
        let n = batch.num_rows();
        if n > 0 {
            for id in StateTtl::sweep_ids(&mut self.ttl, rowtimes.value(0), &self.groups, |g| g.written) {
                self.groups.remove(id);
            }
        }
        for start in (0..n).step_by(self.bundle) {
            touched.clear();
            seen.clear();
            let end = (start + self.bundle).min(n);
            // A bundle's groups are read and written at its end, as Flink's finishBundle does.
            let now = rowtimes.value(end - 1);
            for row in start..end {
                let retraction = ops.as_ref().is_some_and(|ops| retracts(ops.value(row)));
                let key = self.keyed.key(row);
                let found = self.groups.find(key).filter(|&id| match &self.ttl {
                    Some(ttl) if ttl.expired(self.groups.get(id).written, now) => {
                        self.groups.remove(id);
                        false
                    }
                    _ => true,
                });
                let id = match found {
                    Some(id) => id,
                    // A retraction for a group that does not exist: nothing to take back.
                    None if retraction => continue,
                    None => {
                        let (templates, families) = (&self.keyed.templates, self.families.len());
                        let make = || Group {
                            accumulators: templates.clone(),
                            emitted: None,
                            rows: 0,
                            written: now,
                            shared: vec![Default::default(); families],
                        };
                        self.groups.get_or_insert_with(key, make).0
                    }
                };
                let group = self.groups.get_mut(id);
                if retraction {
                    // A group this bundle has emptied keeps no row to take back either.
                    if group.rows <= 0 {
                        continue;
                    }
                    retract(&mut group.accumulators, &args, row)?;
                    group.rows -= 1;
                } else {
                    for ((acc, arg), shared) in group.accumulators.iter_mut().zip(&args).zip(&self.shares) {
                        if !shared {
                            acc.update_from(arg, row)?;
                        }
                    }
                    count_shared(group, &self.families, &counted, row);
                    group.rows += 1;
                }
                group.written = now;
                if self.bundle == 1 || seen.insert(id) {
                    touched.push(id);
                }
            }
            // At the time of the bundle's last row (a row's own time without mini-batch).
            let rowtime = rowtimes.value(end - 1);
            for &id in &touched {
                self.emit(id, rowtime, &mut changes, &mut values);
            }
        }
        if changes.rowtimes.is_empty() {
            return Ok(vec![]);
        }
        Ok(vec![self.output(changes)?])
    }

    fn state_entries(&self) -> usize {
        self.groups.len()
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.groups.flush(&self.id, state)
    }

    /// With a write-through backend the groups are in its table, not in the checkpoint's bytes.
    fn save(&self) -> Result<Option<Vec<u8>>> {
        crate::state::encode(&self.groups.checkpoint_entries()).map(Some)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Vec<(Vec<u8>, Group)> = crate::state::decode(bytes)?;
        self.groups.restore(&self.id, saved, state).map(drop)
    }
}
