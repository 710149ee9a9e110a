//! KDA's streaming `ORDER BY`: its first key is monotonic in ROWTIME (`ROWTIME`,
//! `FLOOR(ROWTIME TO SECOND)`, `STEP(ROWTIME BY …)`) and groups the rows; a group is sorted by
//! the other keys and sent when a row of a later group arrives (or the input ends). The rows of
//! a group go out with the group's latest ROWTIME, so the stream's ROWTIME never goes back.
//!
//! Flink's `ORDER BY` an event-time attribute is the same operator sending by the watermark: a
//! row is held until the watermark passes its time, then sent with the others it passed,
//! sorted by the time and the other keys; a row behind the watermark it meets is late (to
//! `late_stream`), as Flink drops it.
//!
//! KDA's `GROUP_RANK` is the same operator grouping by ROWTIME: a group's rows sorted by the
//! ranked column, numbered as SQL's RANK numbers them (equal values share a rank), cut to
//! `outputMax` and sent in rank order or reversed, with the rank appended.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, Int32Array, RecordBatch, TimestampMillisecondArray, UInt32Array};
use arrow_row::{RowConverter, SortField};
use arrow_schema::{Field, Schema, SchemaRef};

use super::expr::evaluate;
use super::{Context, Operator};
use crate::error::{Error, Result};
use crate::plan::{Expr, GroupRankSpec, SortKey};

pub struct SortExec {
    group: Expr,
    keys: Vec<SortKey>,
    /// The output's columns: the input's, then GROUP_RANK's rank.
    schema: SchemaRef,
    /// How many of the input's columns there are.
    width: usize,
    rank: Option<GroupRankSpec>,
    /// The input's columns, then the keys' values (evaluated as rows arrive, so that a key a
    /// row cannot compute fails that row).
    held_schema: SchemaRef,
    held: Vec<RecordBatch>,
    /// The group the held rows belong to (not kept by the watermark: each row's own watermark
    /// column says whether it is late).
    current: Option<i64>,
    /// Flink's sort: the input's watermark column, which sends the rows.
    watermark: Option<usize>,
    /// By the watermark: the latest ROWTIME seen, which the rows sent carry.
    last_rowtime: i64,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    current: Option<i64>,
    rows: Vec<Vec<u8>>,
}

impl SortExec {
    pub fn new(group: Expr, keys: Vec<SortKey>, schema: SchemaRef, watermark: Option<usize>) -> SortExec {
        Self::with(group, keys, &schema.clone(), schema, None, watermark)
    }

    /// GROUP_RANK over rows of `input`'s columns; `schema` has the rank after them.
    pub fn ranking(spec: GroupRankSpec, input: SchemaRef, schema: SchemaRef) -> SortExec {
        let rowtime = Expr::Column { index: 0, name: "ROWTIME".into(), data_type: input.field(0).data_type().clone() };
        let keys = vec![spec.by.clone()];
        Self::with(rowtime, keys, &input, schema, Some(spec), None)
    }

    fn with(
        group: Expr,
        keys: Vec<SortKey>,
        input: &SchemaRef,
        schema: SchemaRef,
        rank: Option<GroupRankSpec>,
        watermark: Option<usize>,
    ) -> SortExec {
        let held_schema = Self::held_schema(&keys, input);
        let width = input.fields().len();
        let (held, current, last_rowtime) = (vec![], None, i64::MIN);
        SortExec { group, keys, schema, width, rank, held_schema, held, current, watermark, last_rowtime }
    }

    fn held_schema(keys: &[SortKey], input: &SchemaRef) -> SchemaRef {
        let mut fields: Vec<Field> = input.fields().iter().map(|f| f.as_ref().clone()).collect();
        fields.extend(keys.iter().enumerate().map(|(i, k)| Field::new(format!("$KEY{i}"), k.expr.data_type(), true)));
        Arc::new(Schema::new(fields))
    }

    /// GROUP_RANK's order of the sorted rows `indices` and their ranks: equal keys share a
    /// rank, the first `output_max` in rank order kept, reversed for a descending output.
    fn ranked(spec: &GroupRankSpec, key: &ArrayRef, indices: &UInt32Array) -> Result<(UInt32Array, Int32Array)> {
        let compare = arrow_ord::ord::make_comparator(key, key, arrow_schema::SortOptions::default())?;
        let mut order: Vec<(u32, i32)> = Vec::with_capacity(indices.len());
        for (position, i) in indices.values().iter().enumerate() {
            let rank = match order.last() {
                Some(&(previous, rank)) if compare(previous as usize, *i as usize).is_eq() => rank,
                _ => position as i32 + 1,
            };
            order.push((*i, rank));
        }
        if spec.output_max > 0 {
            order.truncate(spec.output_max);
        }
        if spec.output_desc {
            order.reverse();
        }
        Ok((order.iter().map(|(i, _)| *i).collect(), order.iter().map(|(_, r)| *r).collect()))
    }

    /// The held group, sorted, with the group's latest ROWTIME.
    fn emit(&mut self) -> Result<Vec<RecordBatch>> {
        if self.held.is_empty() {
            return Ok(vec![]);
        }
        let all = arrow_select::concat::concat_batches(&self.held_schema, &self.held)?;
        self.held.clear();
        let latest = arrow_arith::aggregate::max(all.column(0).as_primitive::<TimestampMillisecondType>());
        Ok(vec![self.sorted(&all, latest)?])
    }

    /// By the watermark: the held rows the watermark has passed, sorted, the others kept.
    fn release(&mut self, watermark: i64) -> Result<Vec<RecordBatch>> {
        if self.held.is_empty() {
            return Ok(vec![]);
        }
        let all = arrow_select::concat::concat_batches(&self.held_schema, &self.held)?;
        let times = all.column(self.width).as_primitive::<TimestampMillisecondType>();
        let passed = arrow_ord::cmp::lt_eq(times, &TimestampMillisecondArray::new_scalar(watermark))?;
        let rest = arrow_select::filter::filter_record_batch(&all, &arrow_arith::boolean::not(&passed)?)?;
        self.held = if rest.num_rows() > 0 { vec![rest] } else { vec![] };
        let ready = arrow_select::filter::filter_record_batch(&all, &passed)?;
        if ready.num_rows() == 0 {
            return Ok(vec![]);
        }
        Ok(vec![self.sorted(&ready, Some(self.last_rowtime))?])
    }

    /// `all`'s rows sorted by the keys (and ranked, for GROUP_RANK), with ROWTIME `latest`.
    fn sorted(&self, all: &RecordBatch, latest: Option<i64>) -> Result<RecordBatch> {
        let width = self.width;
        let columns: Vec<arrow_ord::sort::SortColumn> = self
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| arrow_ord::sort::SortColumn {
                values: all.column(width + i).clone(),
                options: Some(arrow_schema::SortOptions { descending: k.desc, nulls_first: k.nulls_first }),
            })
            .collect();
        let mut indices = arrow_ord::sort::lexsort_to_indices(&columns, None)?;
        let mut ranks = None;
        if let Some(spec) = &self.rank {
            let (order, numbers) = Self::ranked(spec, all.column(width), &indices)?;
            (indices, ranks) = (order, Some(Arc::new(numbers) as ArrayRef));
        }
        let mut out: Vec<ArrayRef> = all.columns()[..width]
            .iter()
            .map(|c| arrow_select::take::take(c, &indices, None))
            .collect::<std::result::Result<_, _>>()?;
        if let Some(latest) = latest {
            out[0] = Arc::new(TimestampMillisecondArray::from(vec![latest; indices.len()]));
        }
        out.extend(ranks);
        Ok(RecordBatch::try_new(self.schema.clone(), out)?)
    }

    /// By the watermark: the batch's rows held, but those behind the watermark each meets (or
    /// without a time), which are late.
    fn hold_passing(&mut self, held: RecordBatch, batch: &RecordBatch, w: usize, ctx: &mut Context) -> Result<()> {
        let times = held.column(self.width).as_primitive::<TimestampMillisecondType>();
        let watermarks = batch.column(w).as_primitive::<TimestampMillisecondType>();
        let mut keep = Vec::with_capacity(batch.num_rows());
        for row in 0..batch.num_rows() {
            let time = times.is_valid(row).then(|| times.value(row));
            let watermark = watermarks.is_valid(row).then(|| watermarks.value(row));
            let late = match (time, watermark) {
                (None, _) => Some("the event time is NULL"),
                (Some(t), Some(w)) if t < w => {
                    Some("the sort has sent every row up to the watermark, which the row's time is behind")
                }
                _ => None,
            };
            if let Some(reason) = late {
                ctx.late.push(super::LateRow::new(batch, row, time, watermark, None, reason));
            }
            keep.push(late.is_none());
        }
        if let Some(max) = arrow_arith::aggregate::max(batch.column(0).as_primitive::<TimestampMillisecondType>()) {
            self.last_rowtime = self.last_rowtime.max(max);
        }
        let kept = arrow_select::filter::filter_record_batch(&held, &arrow_array::BooleanArray::from(keep))?;
        if kept.num_rows() > 0 {
            self.held.push(kept);
        }
        Ok(())
    }

    fn converter(&self) -> Result<RowConverter> {
        Ok(RowConverter::new(
            self.held_schema.fields().iter().map(|f| SortField::new(f.data_type().clone())).collect(),
        )?)
    }
}

impl Operator for SortExec {
    fn name(&self) -> String {
        if let Some(spec) = &self.rank {
            return format!("GroupRank: {spec}");
        }
        let keys: Vec<String> = self.keys.iter().map(|k| k.to_string()).collect();
        format!("Sort: groups of {}, by {}", self.group, keys.join(", "))
    }

    /// GROUP_RANK's `maxIdle`: the held group goes once the watermark is that far past it; by
    /// the watermark, the rows it has passed go.
    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        if self.watermark.is_some() {
            return self.release(watermark);
        }
        match (&self.rank, self.current) {
            (Some(spec), Some(current)) if spec.max_idle > 0 && watermark >= current.saturating_add(spec.max_idle) => {
                self.emit()
            }
            _ => Ok(vec![]),
        }
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let group = evaluate(&self.group, &batch)?;
        let group = group
            .as_primitive_opt::<TimestampMillisecondType>()
            .ok_or_else(|| Error::Internal(format!("ORDER BY's first key {} is not a time", self.group)))?;
        let mut columns = batch.columns().to_vec();
        for k in &self.keys {
            columns.push(evaluate(&k.expr, &batch)?);
        }
        let held = RecordBatch::try_new(self.held_schema.clone(), columns)?;
        if let Some(w) = self.watermark {
            self.hold_passing(held, &batch, w, ctx)?;
            return Ok(vec![]);
        }
        let mut out = Vec::new();
        let mut first = 0;
        while first < batch.num_rows() {
            let value = if group.is_valid(first) { group.value(first) } else { i64::MIN };
            let end = (first..batch.num_rows())
                .find(|&i| (if group.is_valid(i) { group.value(i) } else { i64::MIN }) != value)
                .unwrap_or(batch.num_rows());
            if self.current.is_some_and(|c| value > c) {
                out.extend(self.emit()?);
            }
            self.current = Some(self.current.map_or(value, |c| c.max(value)));
            self.held.push(held.slice(first, end - first));
            first = end;
        }
        Ok(out)
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        match self.watermark {
            Some(_) => self.release(i64::MAX),
            None => self.emit(),
        }
    }

    fn state_entries(&self) -> usize {
        self.held.iter().map(|b| b.num_rows()).sum()
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        let converter = self.converter()?;
        let mut rows = Vec::new();
        for b in &self.held {
            let converted = converter.convert_columns(b.columns())?;
            rows.extend(converted.iter().map(|r| r.as_ref().to_vec()));
        }
        Ok(Some(crate::state::encode(&Saved { current: self.current, rows })?))
    }

    fn load(&mut self, bytes: &[u8], _state: &mut dyn crate::state::StateBackend) -> Result<()> {
        let saved: Saved = crate::state::decode(bytes)?;
        self.current = saved.current;
        self.held.clear();
        if !saved.rows.is_empty() {
            let converter = self.converter()?;
            let parser = converter.parser();
            let columns = converter.convert_rows(saved.rows.iter().map(|r| parser.parse(r)))?;
            let held = RecordBatch::try_new(self.held_schema.clone(), columns)?;
            // The latest ROWTIME is not saved (the checkpoint keeps its shape): the held rows'.
            let latest = arrow_arith::aggregate::max(held.column(0).as_primitive::<TimestampMillisecondType>());
            self.last_rowtime = latest.unwrap_or(i64::MIN);
            self.held.push(held);
        }
        Ok(())
    }
}
