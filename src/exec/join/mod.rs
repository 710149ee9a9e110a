//! Joins: a stream to a reference table ([`LookupJoinExec`]), and two streams: Flink's regular
//! join ([`RegularJoinExec`]), interval join ([`IntervalJoinExec`]), window join
//! ([`WindowJoinExec`]) and event-time temporal join ([`TemporalJoinExec`]), and KDA's
//! windowed join ([`KdaJoinExec`]).
//!
//! What the stream joins share lives here: each side's rows kept as arrow-row bytes (compact,
//! comparable, and turned back into columns only for the rows that come out), join keys as
//! bytes, the rest of the ON condition checked on candidate pairs a batch at a time, and the
//! output layout the planner gives a join: `ROWTIME`, the left's columns, the right's, `op` for
//! an updating join, and the watermark the rows meet.

mod interval;
mod kda;
mod lookup;
mod regular;
mod temporal;
mod window;

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{new_null_array, Array, ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_row::{RowConverter, Rows, SortField};
use arrow_schema::SchemaRef;

use super::expr::evaluate;
use crate::error::{Error, Result};
use crate::plan::{Expr, JoinKind, JoinTime, LogicalPlan};

pub use interval::IntervalJoinExec;
pub use kda::KdaJoinExec;
pub use lookup::LookupJoinExec;
pub use regular::RegularJoinExec;
pub use temporal::TemporalJoinExec;
pub use window::WindowJoinExec;

/// The two inputs.
pub const LEFT: usize = 0;
pub const RIGHT: usize = 1;

/// What a stream join is made from: the plan's `Join` node, less how it keeps time.
pub struct JoinSpec {
    pub id: String,
    pub kind: JoinKind,
    pub keys: Vec<(Expr, Expr)>,
    pub residual: Option<Expr>,
    pub watermarks: (Option<usize>, Option<usize>),
    /// Both sides' watermarks are the same source's (so each row's own is the join's).
    pub shared_watermark: bool,
    /// Each side's `op` column, for a side that is an updating result (a regular join only).
    pub ops: [Option<usize>; 2],
    pub schema: SchemaRef,
    /// The output columns the join's consumer reads, a flag each (`None`: all of them): the
    /// sides' rows are kept, and come out, with those columns only (and what `residual`
    /// reads); the others come out NULL.
    pub used: Option<Vec<bool>>,
}

impl JoinSpec {
    /// Whether `side`'s rows that match nothing come out (padded with NULLs).
    pub(super) fn keeps(&self, side: usize) -> bool {
        if side == LEFT {
            self.kind.keeps_left()
        } else {
            self.kind.keeps_right()
        }
    }

    /// Each row's own watermark, on `side`'s rows (`None` for a side without one).
    pub(super) fn own_watermarks(&self, side: usize, batch: &RecordBatch) -> Result<Vec<Option<i64>>> {
        match if side == LEFT { self.watermarks.0 } else { self.watermarks.1 } {
            Some(column) => times(batch, column),
            None => Ok(vec![None; batch.num_rows()]),
        }
    }

    /// The key codecs of the two sides.
    pub(super) fn key_codecs(&self) -> Result<[KeyCodec; 2]> {
        Ok([
            KeyCodec::new(self.keys.iter().map(|(l, _)| l.clone()).collect())?,
            KeyCodec::new(self.keys.iter().map(|(_, r)| r.clone()).collect())?,
        ])
    }
}

/// A pair's rows in output order, the left's first.
/// A row of one side, encoded ([`RowCodec`]): shared, so a row kept in state and met by many
/// rows of the other side is not copied for each pair it makes.
pub(super) type RowBytes = std::rc::Rc<[u8]>;

pub(super) type Sides = (Option<RowBytes>, Option<RowBytes>);

/// The pair of a row of `side` (`own`) and one of the other side (`other`), in output order.
pub(super) fn in_order(side: usize, own: Option<RowBytes>, other: Option<RowBytes>) -> Sides {
    if side == LEFT {
        (own, other)
    } else {
        (other, own)
    }
}

/// Rows of one side as bytes: arrow-row encoding of all its columns.
pub(crate) struct RowCodec {
    converter: RowConverter,
    /// A row of NULLs, for the side of an unmatched row.
    nulls: Box<[u8]>,
    /// The side's columns kept, by index.
    pub(super) kept: Vec<usize>,
    schema: SchemaRef,
    /// Every column of the side as NULLs, as long as the longest output yet: what a column not
    /// kept comes out as, sliced (a new NULL array per column and batch cost joins with small
    /// batches more than the decoding saved).
    null_columns: std::cell::RefCell<Vec<ArrayRef>>,
}

impl RowCodec {
    /// A codec of the columns `kept` of a side's `schema` (at least one is kept).
    pub fn new(schema: &SchemaRef, kept: Vec<usize>) -> Result<RowCodec> {
        let kept = if kept.is_empty() { vec![0] } else { kept };
        let fields: Vec<&arrow_schema::Field> = kept.iter().map(|&i| schema.field(i)).collect();
        let converter = RowConverter::new(fields.iter().map(|f| SortField::new(f.data_type().clone())).collect())?;
        let nulls: Vec<ArrayRef> = fields.iter().map(|f| new_null_array(f.data_type(), 1)).collect();
        let nulls = converter.convert_columns(&nulls)?.row(0).as_ref().into();
        Ok(RowCodec { converter, nulls, kept, schema: schema.clone(), null_columns: Default::default() })
    }

    /// A codec of every column of `schema`.
    pub fn whole(schema: &SchemaRef) -> Result<RowCodec> {
        RowCodec::new(schema, (0..schema.fields().len()).collect())
    }

    pub fn encode(&self, batch: &RecordBatch) -> Result<Rows> {
        let columns: Vec<ArrayRef> = self.kept.iter().map(|&i| batch.column(i).clone()).collect();
        Ok(self.converter.convert_columns(&columns)?)
    }

    /// The side's columns of `rows` (`None`: a row of NULLs), those not kept all NULL.
    pub fn decode<'a>(&self, rows: impl Iterator<Item = Option<&'a [u8]>>) -> Result<Vec<ArrayRef>> {
        let parser = self.converter.parser();
        let nulls = parser.parse(&self.nulls);
        let decoded = self.converter.convert_rows(rows.map(|r| r.map_or(nulls, |bytes| parser.parse(bytes))))?;
        let len = decoded.first().map_or(0, |c| c.len());
        if decoded.len() == self.schema.fields().len() {
            return Ok(decoded);
        }
        let mut null_columns = self.null_columns.borrow_mut();
        if null_columns.first().is_none_or(|c| c.len() < len) {
            let len = len.max(2 * null_columns.first().map_or(512, |c| c.len()));
            *null_columns = self.schema.fields().iter().map(|f| new_null_array(f.data_type(), len)).collect();
        }
        let mut columns: Vec<ArrayRef> = null_columns.iter().map(|c| c.slice(0, len)).collect();
        for (&i, column) in self.kept.iter().zip(decoded) {
            columns[i] = column;
        }
        Ok(columns)
    }
}

/// The columns of input `side` (of two inputs `widths` wide) a join keeps for its output: those
/// its consumer reads (`used`, a flag per output column; `None`: all) or its `residual` reads.
pub(crate) fn kept_columns(
    used: Option<&[bool]>,
    residual: Option<&Expr>,
    widths: [usize; 2],
    side: usize,
) -> Vec<usize> {
    let mut used = used.map(<[bool]>::to_vec);
    if let (Some(used), Some(residual)) = (used.as_mut(), residual) {
        residual.mark_columns(used);
    }
    // The side's column `i` is the output's `first + i`, after ROWTIME (and the left's columns).
    let first = if side == LEFT { 1 } else { 1 + widths[0] };
    (0..widths[side]).filter(|i| used.as_ref().is_none_or(|u| u.get(first + i).copied().unwrap_or(true))).collect()
}

/// What a join (`plan`) reads of its input `side`, a flag per column: ROWTIME, its keys, its
/// time, watermark and kind columns, and the columns it keeps ([`kept_columns`], of `used`).
/// `None` (all of it) for a window join, whose late rows carry their input row whole, and for
/// any plan but a join.
pub(crate) fn input_reads(plan: &LogicalPlan, used: Option<&[bool]>, side: usize) -> Option<Vec<bool>> {
    let LogicalPlan::Join { left, right, time, keys, residual, watermarks, ops, .. } = plan else { return None };
    let pick = |pair: (usize, usize)| if side == LEFT { pair.0 } else { pair.1 };
    let time = match time {
        JoinTime::Window { .. } => return None,
        JoinTime::Interval { left_time, right_time, .. } | JoinTime::Temporal { left_time, right_time } => {
            Some(pick((*left_time, *right_time)))
        }
        JoinTime::Regular | JoinTime::Kda { .. } => None,
    };
    let widths = [left.schema().fields().len(), right.schema().fields().len()];
    let mut reads = vec![false; widths[side]];
    reads[0] = true;
    kept_columns(used, residual.as_ref(), widths, side).into_iter().for_each(|i| reads[i] = true);
    keys.iter().map(|(l, r)| if side == LEFT { l } else { r }).for_each(|k| k.mark_columns(&mut reads));
    let (watermark, op) = if side == LEFT { (watermarks.0, ops.0) } else { (watermarks.1, ops.1) };
    for column in [watermark, op, time].into_iter().flatten() {
        if let Some(flag) = reads.get_mut(column) {
            *flag = true;
        }
    }
    Some(reads)
}

/// A side's join keys as bytes, per row; `None` where a key is NULL (it matches nothing).
pub(super) struct KeyCodec {
    exprs: Vec<Expr>,
    converter: RowConverter,
}

impl KeyCodec {
    pub fn new(exprs: Vec<Expr>) -> Result<KeyCodec> {
        let converter = RowConverter::new(exprs.iter().map(|e| SortField::new(e.data_type())).collect())?;
        Ok(KeyCodec { exprs, converter })
    }

    /// Each row's key bytes (see [`Keys::get`]).
    pub fn keys(&self, batch: &RecordBatch) -> Result<Keys> {
        let columns: Vec<ArrayRef> = self.exprs.iter().map(|e| evaluate(e, batch)).collect::<Result<_>>()?;
        let rows = (!columns.is_empty()).then(|| self.converter.convert_columns(&columns)).transpose()?;
        let valid = (0..batch.num_rows()).map(|i| columns.iter().all(|c| c.is_valid(i))).collect();
        Ok(Keys { rows, valid })
    }
}

/// A batch's join keys.
pub(super) struct Keys {
    /// `None` when the join has no keys (a CROSS JOIN): every row's key is empty.
    rows: Option<Rows>,
    valid: Vec<bool>,
}

impl Keys {
    /// Row `i`'s key bytes; `None` when a key is NULL (it matches nothing).
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        if !self.valid[i] {
            return None;
        }
        Some(self.rows.as_ref().map_or(&[][..], |r| r.row(i).data()))
    }
}

/// A batch of one side, read for a join: its keys, its rows as bytes, each row's ROWTIME and
/// the watermark it carries.
pub(super) struct SideBatch {
    pub keys: Keys,
    pub rows: Rows,
    pub rowtimes: Vec<i64>,
    pub watermarks: Vec<Option<i64>>,
}

impl SideBatch {
    pub fn read(spec: &JoinSpec, keys: &KeyCodec, codec: &RowCodec, side: usize, batch: &RecordBatch) -> Result<Self> {
        Ok(SideBatch {
            keys: keys.keys(batch)?,
            rows: codec.encode(batch)?,
            rowtimes: rowtimes(batch)?,
            watermarks: spec.own_watermarks(side, batch)?,
        })
    }
}

/// A row of the output: its ROWTIME, its two sides (`None`: NULLs), its change, its watermark.
pub(super) struct Joined {
    pub rowtime: i64,
    pub left: Option<RowBytes>,
    pub right: Option<RowBytes>,
    pub op: &'static str,
    pub watermark: Option<i64>,
}

/// The output layout: `ROWTIME`, the sides' columns, `op` where the join updates, the watermark.
pub(super) struct Output {
    pub schema: SchemaRef,
    pub codecs: [RowCodec; 2],
    widths: [usize; 2],
    op: bool,
    watermark: bool,
}

impl Output {
    /// `updating`: the output has an `op` column (a regular outer join's). Each side keeps the
    /// columns `spec.used` and its residual condition read.
    pub fn new(spec: &JoinSpec, sides: [&SchemaRef; 2], updating: bool) -> Result<Output> {
        let schema = spec.schema.clone();
        let widths = [sides[0].fields().len(), sides[1].fields().len()];
        let kept = |side| kept_columns(spec.used.as_deref(), spec.residual.as_ref(), widths, side);
        let codecs = [RowCodec::new(sides[0], kept(LEFT))?, RowCodec::new(sides[1], kept(RIGHT))?];
        let extra = schema.fields().len().checked_sub(1 + widths[0] + widths[1]);
        let op = updating;
        let watermark = extra == Some(usize::from(op) + 1);
        if extra != Some(usize::from(op) + usize::from(watermark)) {
            return Err(Error::Internal("a join's output does not fit its inputs".into()));
        }
        Ok(Output { schema, codecs, widths, op, watermark })
    }

    /// The sides' columns kept, where not all of them are (see [`Operator::state_layout`]).
    pub fn layout(&self) -> String {
        let [left, right] = &self.codecs;
        if left.kept.len() == self.widths[0] && right.kept.len() == self.widths[1] {
            return String::new();
        }
        let names = |codec: &RowCodec| -> String {
            if codec.kept.len() == codec.schema.fields().len() {
                return "all".into();
            }
            let names: Vec<&str> = codec.kept.iter().map(|&i| codec.schema.field(i).name().as_str()).collect();
            names.join(", ")
        };
        format!("keeps the columns read after it: {} of the left, {} of the right", names(left), names(right))
    }

    /// The rows, as one batch.
    pub fn batch(&self, rows: &[Joined]) -> Result<RecordBatch> {
        let mut columns: Vec<ArrayRef> =
            vec![Arc::new(TimestampMillisecondArray::from(rows.iter().map(|r| r.rowtime).collect::<Vec<_>>()))];
        columns.extend(self.codecs[0].decode(rows.iter().map(|r| r.left.as_deref()))?);
        columns.extend(self.codecs[1].decode(rows.iter().map(|r| r.right.as_deref()))?);
        if self.op {
            columns.push(Arc::new(StringArray::from(rows.iter().map(|r| r.op).collect::<Vec<_>>())));
        }
        if self.watermark {
            columns
                .push(Arc::new(TimestampMillisecondArray::from(rows.iter().map(|r| r.watermark).collect::<Vec<_>>())));
        }
        debug_assert_eq!(
            columns.len(),
            1 + self.widths[0] + self.widths[1] + usize::from(self.op) + usize::from(self.watermark)
        );
        // The sides' fields keep their types; the output may name them otherwise.
        let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows.len()));
        Ok(RecordBatch::try_new_with_options(self.schema.clone(), columns, &options)?)
    }

    /// The rows as the operator's output: one batch, or none when there are none.
    pub fn batches(&self, rows: &[Joined]) -> Result<Vec<RecordBatch>> {
        if rows.is_empty() {
            return Ok(vec![]);
        }
        Ok(vec![self.batch(rows)?])
    }

    /// Which candidate pairs pass `residual` (all, without one): each pair a row of each side.
    pub fn check(&self, residual: Option<&Expr>, pairs: &[(&[u8], &[u8])]) -> Result<Vec<bool>> {
        let Some(residual) = residual else { return Ok(vec![true; pairs.len()]) };
        if pairs.is_empty() {
            return Ok(vec![]);
        }
        let rows: Vec<Joined> = pairs
            .iter()
            .map(|(l, r)| Joined {
                rowtime: 0,
                left: Some((*l).into()),
                right: Some((*r).into()),
                op: "+I",
                watermark: None,
            })
            .collect();
        let batch = self.batch(&rows)?;
        let mask = evaluate(residual, &batch)?;
        let mask = mask.as_boolean();
        Ok((0..pairs.len()).map(|i| mask.is_valid(i) && mask.value(i)).collect())
    }
}

/// Each row's ROWTIME.
pub(crate) fn rowtimes(batch: &RecordBatch) -> Result<Vec<i64>> {
    let times = batch
        .column(0)
        .as_primitive_opt::<TimestampMillisecondType>()
        .ok_or_else(|| Error::Internal("ROWTIME is not a timestamp".into()))?;
    Ok(times.values().to_vec())
}

/// Each row's value of a time column (`None` where it is NULL).
pub(crate) fn times(batch: &RecordBatch, column: usize) -> Result<Vec<Option<i64>>> {
    let times = batch
        .column(column)
        .as_primitive_opt::<TimestampMillisecondType>()
        .ok_or_else(|| Error::Internal("a time column is not a timestamp".into()))?;
    Ok(times.iter().collect())
}

/// What a two-input operator knows of its inputs' watermarks: each input's latest, and the
/// watermark a row meets (its own, and the other input's latest unless both are the same
/// source's).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Watermarks {
    latest: [Option<i64>; 2],
    shared: bool,
}

impl Watermarks {
    pub fn new(shared: bool) -> Watermarks {
        Watermarks { latest: [None, None], shared }
    }

    pub fn advance(&mut self, side: usize, watermark: i64) {
        self.latest[side] = Some(self.latest[side].map_or(watermark, |w| w.max(watermark)));
    }

    /// The watermark a row of `side` meets, given its own (`None`: none yet).
    pub fn met(&self, side: usize, own: Option<i64>) -> Option<i64> {
        let own = own.or(self.latest[side]);
        if self.shared {
            return own;
        }
        match (own, self.latest[1 - side]) {
            (Some(a), Some(b)) => Some(a.min(b)),
            _ => None,
        }
    }
}
