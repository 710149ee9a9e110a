//! Flink's Top-N and deduplication over an insert-only input, row by row as Flink's
//! `AppendOnlyTopNFunction` and `RowTimeDeduplicateFunction` emit them:
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
//! Rows are kept whole as values, in the state layer.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use super::expr::evaluate;
use super::{Context, Operator};
use crate::error::{Error, Result};
use crate::plan::{RankSpec, ScalarValue};
use crate::state::StateTable;

type Row = Vec<ScalarValue>;

/// A partition's kept rows: each sort key with its rows in arrival order, best key first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Partition {
    entries: Vec<(Vec<ScalarValue>, Vec<Row>)>,
}

impl Partition {
    fn rows(&self) -> usize {
        self.entries.iter().map(|(_, rows)| rows.len()).sum()
    }
}

pub struct RankExec {
    id: String,
    spec: RankSpec,
    schema: SchemaRef,
    partitions: StateTable<Partition>,
}

impl RankExec {
    pub fn new(id: String, spec: RankSpec, schema: SchemaRef) -> Self {
        let partitions = StateTable::new(&id);
        RankExec { id, spec, schema, partitions }
    }

    /// Sort keys in ranking order.
    fn compare(&self, a: &[ScalarValue], b: &[ScalarValue]) -> Ordering {
        for ((x, y), key) in a.iter().zip(b).zip(&self.spec.order_by) {
            let order = match (x.is_null(), y.is_null()) {
                (true, true) => Ordering::Equal,
                (true, false) if key.nulls_first => Ordering::Less,
                (true, false) => Ordering::Greater,
                (false, true) if key.nulls_first => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) if key.desc => y.cmp(x),
                (false, false) => x.cmp(y),
            };
            if order != Ordering::Equal {
                return order;
            }
        }
        Ordering::Equal
    }

    /// Whether the partition keeps one row, which a better one replaces (`-U`, `+U`):
    /// deduplication, and a Top-1 without the rank (Flink's `FastTop1Function`).
    fn keeps_one(&self) -> bool {
        self.spec.dedup.is_some() || (self.spec.first == 1 && self.spec.last == 1 && !self.spec.numbered)
    }

    /// One row per partition: `row` against the partition's kept row. A better row by the sort
    /// key replaces it (keeping the last row by time, a row at the same time too).
    fn dedup(&self, part: &mut Partition, key: Vec<ScalarValue>, row: Row, out: &mut Vec<(&'static str, Row, i64)>) {
        let keep_last = self.spec.dedup.is_some_and(|d| d.keep_last);
        match part.entries.first_mut() {
            None => {
                out.push(("+I", row.clone(), 1));
                part.entries.push((key, vec![row]));
            }
            Some((kept_key, kept)) => {
                let order = self.compare(&key, kept_key);
                // The order is the time's, turned around when keeping the last row.
                let replaces = if keep_last { order != Ordering::Greater } else { order == Ordering::Less };
                if replaces {
                    let old = std::mem::replace(&mut kept[0], row.clone());
                    *kept_key = key;
                    out.push(("-U", old, 1));
                    out.push(("+U", row, 1));
                }
            }
        }
    }

    /// Top-N: `row` (sort key `key`) into the partition, and the changes it makes.
    fn top_n(&self, part: &mut Partition, key: Vec<ScalarValue>, row: Row, out: &mut Vec<(&'static str, Row, i64)>) {
        let last = self.spec.last;
        let count = part.rows() as u64;
        let fits = match part.entries.last() {
            None => true,
            Some((worst, _)) => self.compare(&key, worst) == Ordering::Less || count < last,
        };
        if !fits {
            return;
        }
        let at = part.entries.partition_point(|(k, _)| self.compare(k, &key) == Ordering::Less);
        match part.entries.get_mut(at) {
            Some((k, rows)) if self.compare(k, &key) == Ordering::Equal => rows.push(row.clone()),
            _ => part.entries.insert(at, (key, vec![row.clone()])),
        }
        if self.spec.numbered || self.spec.first > 1 {
            self.shift_ranks(part, at, row, out);
        } else {
            if count + 1 > last {
                let (_, rows) = part.entries.last_mut().expect("a row was just added");
                let pushed_out = rows.pop().expect("entries hold rows");
                if rows.is_empty() {
                    part.entries.pop();
                }
                out.push(("-D", pushed_out, 1));
            }
            out.push(("+I", row, 1));
        }
        self.trim(part);
    }

    /// The rank-by-rank changes of a row that entered at entry `at`: each rank from the new
    /// row's down takes the row above it, and the first empty rank gets the last.
    fn shift_ranks(&self, part: &Partition, at: usize, row: Row, out: &mut Vec<(&'static str, Row, i64)>) {
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
                emit("-U", below, rank);
                emit("+U", &current, rank);
                current = below.clone();
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
}

impl Operator for RankExec {
    // All its state is in the backend.
    crate::exec::stateless!();

    fn name(&self) -> String {
        format!("{}[{}]", if self.spec.dedup.is_some() { "Deduplicate" } else { "TopN" }, self.id)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>().clone();
        let partition_columns =
            self.spec.partition_by.iter().map(|e| evaluate(e, &batch)).collect::<Result<Vec<ArrayRef>>>()?;
        let order_columns =
            self.spec.order_by.iter().map(|k| evaluate(&k.expr, &batch)).collect::<Result<Vec<ArrayRef>>>()?;
        let value = |columns: &[ArrayRef], row: usize| -> Result<Vec<ScalarValue>> {
            columns.iter().map(|c| ScalarValue::try_from_array(c.as_ref(), row)).collect()
        };
        let mut touched: HashMap<Vec<u8>, Partition> = HashMap::new();
        // (rowtime, op, row, rank) of every change, in order.
        let mut changes: Vec<(i64, &'static str, Row, i64)> = Vec::new();
        let mut out = Vec::new();
        for row in 0..batch.num_rows() {
            let partition = value(&partition_columns, row)?;
            let key = postcard::to_allocvec(&partition).map_err(|e| Error::Internal(format!("encoding key: {e}")))?;
            if !touched.contains_key(&key) {
                let stored = self.partitions.get(ctx.state, &key)?.unwrap_or_default();
                touched.insert(key.clone(), stored);
            }
            let part = touched.get_mut(&key).expect("inserted above");
            let sort = value(&order_columns, row)?;
            let values = value(batch.columns(), row)?;
            if self.keeps_one() {
                self.dedup(part, sort, values, &mut out);
            } else {
                self.top_n(part, sort, values, &mut out);
            }
            let t = rowtimes.value(row);
            changes.extend(out.drain(..).map(|(op, row, rank)| (t, op, row, rank)));
        }
        self.partitions.write_batch(ctx.state, touched.into_iter().map(|(k, p)| (k, Some(p))))?;
        if changes.is_empty() {
            return Ok(vec![]);
        }
        let fields = self.schema.fields();
        let inputs = batch.num_columns();
        let mut columns = Vec::with_capacity(fields.len());
        columns.push(Arc::new(arrow_array::TimestampMillisecondArray::from(
            changes.iter().map(|c| c.0).collect::<Vec<_>>(),
        )) as ArrayRef);
        for i in 1..inputs {
            columns.push(ScalarValue::to_array(changes.iter().map(|c| &c.2[i]), fields[i].data_type())?);
        }
        columns.push(Arc::new(arrow_array::Int64Array::from(changes.iter().map(|c| c.3).collect::<Vec<_>>())));
        if self.spec.updating() {
            columns.push(Arc::new(StringArray::from(changes.iter().map(|c| c.1).collect::<Vec<_>>())));
        }
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}
