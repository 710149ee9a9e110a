//! Session windows (`SESSION` TVF with an aggregate), as PRODUCT.md states them: a session is
//! `[first row, last row + gap)`; sessions that overlap or merely touch merge; a row is late
//! when the session it would form or join, after merging, has already fired (its end - 1 ms
//! is at or before the watermark the row meets). Sessions are kept per group key.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, RecordBatch};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::exec::aggregate::{output_batch, Accumulator, GroupInputs, OutputRow};
use crate::exec::{Context, LateRow, Operator};
use crate::plan::{AggregateExpr, Expr, ScalarValue};
use crate::state::StateTable;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Session {
    start: i64,
    end: i64,
    accumulators: Vec<Accumulator>,
}

/// The open sessions of one group key.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct KeySessions {
    keys: Vec<ScalarValue>,
    sessions: Vec<Session>,
}

pub struct SessionWindowExec {
    id: String,
    gap: i64,
    time_column: usize,
    watermark_column: usize,
    group_exprs: Vec<Expr>,
    aggregates: Vec<AggregateExpr>,
    /// A fresh accumulator per aggregate, cloned for each new group.
    templates: Vec<Accumulator>,
    schema: SchemaRef,
    /// Key: the encoded group key.
    open: StateTable<KeySessions>,
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
    ) -> SessionWindowExec {
        let open = StateTable::new(&id);
        let templates = aggregates.iter().map(Accumulator::new).collect();
        SessionWindowExec {
            id,
            gap,
            time_column,
            watermark_column,
            group_exprs,
            aggregates,
            templates,
            schema,
            open,
            last_rowtime: i64::MIN,
        }
    }

    /// Emits every session whose end - 1 ms is at or before `watermark`.
    fn fire(&mut self, watermark: i64, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mut closed: Vec<(Vec<ScalarValue>, Session)> = Vec::new();
        for (key, mut entry) in self.open.range(ctx.state, &[], &[0xff; 16])? {
            let (done, open): (Vec<Session>, Vec<Session>) =
                entry.sessions.drain(..).partition(|s| s.end.saturating_sub(1) <= watermark);
            if done.is_empty() {
                continue;
            }
            closed.extend(done.into_iter().map(|s| (entry.keys.clone(), s)));
            if open.is_empty() {
                self.open.delete(ctx.state, &key)?;
            } else {
                entry.sessions = open;
                self.open.put(ctx.state, &key, &entry)?;
            }
        }
        if closed.is_empty() {
            return Ok(vec![]);
        }
        closed.sort_by(|(k1, s1), (k2, s2)| s1.end.cmp(&s2.end).then(s1.start.cmp(&s2.start)).then_with(|| k1.cmp(k2)));
        let rows: Vec<OutputRow> = closed
            .iter()
            .map(|(keys, s)| OutputRow {
                rowtime: self.last_rowtime,
                window: Some((s.start, s.end)),
                keys,
                values: s.accumulators.iter().map(Accumulator::finish).collect(),
            })
            .collect();
        Ok(vec![output_batch(&self.schema, &rows, vec![])?])
    }
}

impl Operator for SessionWindowExec {
    fn name(&self) -> String {
        format!("SessionWindow[{}]: gap={} ms", self.id, self.gap)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let rowtimes = batch.column(0).as_primitive::<TimestampMillisecondType>();
        if let Some(max) = arrow_arith::aggregate::max(rowtimes) {
            self.last_rowtime = self.last_rowtime.max(max);
        }
        let times = batch.column(self.time_column).as_primitive::<TimestampMillisecondType>().clone();
        let watermarks = batch.column(self.watermark_column).as_primitive::<TimestampMillisecondType>().clone();
        let inputs = GroupInputs::evaluate(&self.group_exprs, &self.aggregates, &batch)?;

        // The sessions of every key this batch touches, loaded once and written back once.
        let mut touched: HashMap<Vec<u8>, KeySessions> = HashMap::new();
        for row in 0..batch.num_rows() {
            if times.is_null(row) {
                ctx.late.push(LateRow::new(&batch, row, None, None, None, "the event time is NULL"));
                continue;
            }
            let time = times.value(row);
            let watermark = watermarks.is_valid(row).then(|| watermarks.value(row));
            let key = inputs.key(row)?;
            let key_bytes = postcard::to_allocvec(&key).map_err(|e| Error::Internal(format!("encoding key: {e}")))?;
            if !touched.contains_key(&key_bytes) {
                let stored = self.open.get(ctx.state, &key_bytes)?.unwrap_or_else(|| KeySessions { keys: key.clone(), sessions: vec![] });
                touched.insert(key_bytes.clone(), stored);
            }
            let entry = touched.get_mut(&key_bytes).expect("inserted above");

            let mut session = Session {
                start: time,
                end: time.saturating_add(self.gap),
                accumulators: self.templates.clone(),
            };
            // Open sessions that overlap or touch the new one merge with it. A session whose
            // end - 1 ms the row's watermark has reached has fired (it is emitted at the end of
            // the batch) and takes no more rows.
            let fired = |s: &Session| watermark.is_some_and(|wm| wm >= s.end - 1);
            let (merging, rest): (Vec<Session>, Vec<Session>) = std::mem::take(&mut entry.sessions)
                .into_iter()
                .partition(|s| !fired(s) && s.start <= session.end && session.start <= s.end);
            for s in &merging {
                session.start = session.start.min(s.start);
                session.end = session.end.max(s.end);
            }
            entry.sessions = rest;
            if merging.is_empty() && watermark.is_some_and(|wm| wm >= session.end - 1) {
                let window = (session.start, session.end);
                ctx.late.push(LateRow::new(&batch, row, Some(time), watermark, Some(window), "its session has fired"));
                continue;
            }
            for s in &merging {
                for (acc, other) in session.accumulators.iter_mut().zip(&s.accumulators) {
                    acc.merge(other);
                }
            }
            inputs.update(&mut session.accumulators, row)?;
            entry.sessions.push(session);
        }
        for (key, entry) in touched {
            if entry.sessions.is_empty() {
                self.open.delete(ctx.state, &key)?;
            } else {
                self.open.put(ctx.state, &key, &entry)?;
            }
        }
        Ok(vec![])
    }

    fn handle_watermark(&mut self, watermark: i64, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(watermark, ctx)
    }

    fn on_close(&mut self, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX, ctx)
    }
}
