//! Flink's `MATCH_RECOGNIZE`: rows in time order (the time sort before it sends them as the
//! watermark passes), matched per partition against the pattern as Flink's CEP library's
//! automaton matches them, one row out per match.
//!
//! The automaton, as Flink compiles a pattern of strictly consecutive rows: a partial match is
//! at element `k` of the pattern with `count` rows taken by it. For each row, every partial match
//! (and a new one starting at the row) may take the row into its element (if the element wants
//! more and its variable's condition holds) or first move on to the next elements (once it has
//! its minimum). A greedy loop (`+`, `*`, `{n,}`, `{n,m}`) guards the element after it: that
//! element's first row must not satisfy the loop's own condition. A partial match that can do
//! neither ends. A match is complete when the row it takes leaves nothing to wait for.
//!
//! Completed matches go out in order of their first rows, each once no partial match started
//! before it; then `AFTER MATCH SKIP` drops the partial and completed matches that started
//! where the strategy says the next match may not (Flink's default: at or before the match's
//! first row, `TO NEXT ROW`).

use std::collections::VecDeque;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_row::{RowConverter, SortField};
use arrow_schema::SchemaRef;
use serde::{Deserialize, Serialize};

use super::aggregate::Accumulator;
use super::expr::evaluate;
use super::{Context, FailedRow, Operator};
use crate::error::{Error, Result};
use crate::plan::match_recognize::{AfterMatch, MatchSpec, Navigated, Navigation};
use crate::plan::{Expr, ScalarValue};

pub struct MatchRecognizeExec {
    id: String,
    spec: MatchSpec,
    schema: SchemaRef,
    keys: Option<RowConverter>,
    partitions: hashbrown::HashMap<Vec<u8>, Partition, rustc_hash::FxBuildHasher>,
}

/// One partition's rows still in some match, its partial matches (in order of their first
/// rows) and its completed matches waiting for earlier partial ones.
#[derive(Default, Clone, Serialize, Deserialize)]
struct Partition {
    /// Rows by their number in the partition: `rows[0]` is row `first`.
    first: u64,
    rows: VecDeque<Vec<ScalarValue>>,
    partials: Vec<Partial>,
    completed: Vec<Partial>,
}

#[derive(Clone, Serialize, Deserialize)]
struct Partial {
    start: u64,
    /// The first row's event time, which WITHIN counts from.
    start_time: i64,
    element: usize,
    count: u32,
    /// The rows taken, each with its variable.
    rows: Vec<(u64, usize)>,
}

impl Partial {
    fn with(&self, row: u64, variable: usize, element: usize, count: u32) -> Partial {
        let mut rows = self.rows.clone();
        rows.push((row, variable));
        Partial { start: self.start, start_time: self.start_time, element, count, rows }
    }
}

impl MatchRecognizeExec {
    pub fn new(id: String, spec: MatchSpec, schema: SchemaRef) -> Result<MatchRecognizeExec> {
        let keys = if spec.partition.is_empty() {
            None
        } else {
            Some(RowConverter::new(spec.partition.iter().map(|e| SortField::new(e.data_type())).collect())?)
        };
        Ok(MatchRecognizeExec { id, spec, schema, keys, partitions: Default::default() })
    }
}

/// What conditions and measures read: a partition's rows and the spec.
struct Reader<'a> {
    spec: &'a MatchSpec,
    partition: &'a Partition,
    /// For the row being matched: each candidate's (partial match's) conditions, by variable,
    /// evaluated for all candidates at once (`None`: to evaluate when asked, as one that failed):
    /// a candidate's after another's, a condition each.
    known: Vec<Option<bool>>,
}

/// The rows of a match, each with its variable, and the row a condition is asked about.
type Matched<'m> = (&'m [(u64, usize)], Option<(u64, usize)>);

impl<'a> Reader<'a> {
    fn new(spec: &'a MatchSpec, partition: &'a Partition) -> Reader<'a> {
        Reader { spec, partition, known: vec![] }
    }

    fn row(&self, at: u64) -> &[ScalarValue] {
        &self.partition.rows[(at - self.partition.first) as usize]
    }

    /// `navigated` over each of `matches`, one value per match.
    fn values(&self, navigated: &Navigated, matches: &[Matched]) -> Result<ArrayRef> {
        let times = arrow_array::TimestampMillisecondArray::from(vec![0i64; matches.len()]);
        let mut columns: Vec<ArrayRef> = vec![Arc::new(times)];
        for (navigation, field) in navigated.navigations.iter().zip(navigated.schema.fields().iter().skip(1)) {
            let values: Vec<ScalarValue> = matches.iter().map(|m| self.navigate(navigation, *m)).collect();
            columns.push(ScalarValue::to_array(&values, field.data_type())?);
        }
        evaluate(&navigated.expr, &RecordBatch::try_new(navigated.schema.clone(), columns)?)
    }

    fn value(&self, navigated: &Navigated, matched: Matched) -> Result<ScalarValue> {
        ScalarValue::try_from_array(self.values(navigated, &[matched])?.as_ref(), 0)
    }

    fn navigate(&self, navigation: &Navigation, (rows, asked): Matched) -> ScalarValue {
        let of = |variable: &Option<usize>| {
            let variable = *variable;
            rows.iter().copied().chain(asked).filter(move |(_, v)| variable.is_none_or(|want| want == *v)).map(|r| r.0)
        };
        match navigation {
            Navigation::Last { variable, column, offset } => {
                of(variable).rev().nth(*offset).map_or(ScalarValue::Null, |at| self.row(at)[*column].clone())
            }
            Navigation::First { variable, column, offset } => {
                of(variable).nth(*offset).map_or(ScalarValue::Null, |at| self.row(at)[*column].clone())
            }
            Navigation::Aggregate { variable, aggregate } => {
                let mut accumulator = Accumulator::new(aggregate);
                let column = match &aggregate.arg {
                    Some(Expr::Column { index, .. }) => Some(*index),
                    _ => None,
                };
                for at in of(variable) {
                    accumulator.update(column.map(|c| &self.row(at)[c]));
                }
                accumulator.finish()
            }
            Navigation::MatchRowtime => {
                of(&None).next_back().map_or(ScalarValue::Null, |at| self.row(at)[self.spec.time].clone())
            }
        }
    }

    /// Every variable's condition for row `at` taken by each of `candidates` as that variable,
    /// in one evaluation per variable (`row_conditions`: those that read only the row, known). A variable whose evaluation fails is left to [`holds`],
    /// which fails only if a candidate needs it, as Flink evaluates a condition only then.
    ///
    /// [`holds`]: Reader::holds
    fn decide(&mut self, candidates: &[&Partial], at: u64, row_conditions: &[Option<bool>]) {
        let stride = row_conditions.len();
        self.known = row_conditions.repeat(candidates.len());
        for (v, condition) in self.spec.conditions.iter().enumerate() {
            let Some(condition) = condition.as_ref().filter(|_| row_conditions[v].is_none()) else { continue };
            let matches: Vec<Matched> = candidates.iter().map(|p| (&p.rows[..], Some((at, v)))).collect();
            let Ok(decided) = self.values(condition, &matches) else { continue };
            let Some(decided) = decided.as_boolean_opt() else { continue };
            for (c, known) in self.known.chunks_exact_mut(stride).enumerate() {
                known[v] = Some(decided.is_valid(c) && decided.value(c));
            }
        }
    }

    /// Whether `variable`'s condition holds for the row the candidate would take as that
    /// variable.
    fn holds(&self, candidate: &Candidate, variable: usize) -> Result<bool> {
        let Some(condition) = &self.spec.conditions[variable] else { return Ok(true) };
        let stride = self.spec.conditions.len();
        if let Some(known) = self.known.get(candidate.index * stride + variable).copied().flatten() {
            return Ok(known);
        }
        let matched = (&candidate.partial.rows[..], Some((candidate.at, variable)));
        Ok(matches!(self.value(condition, matched)?, ScalarValue::Boolean(true)))
    }

    /// Whether the head of element `k` (its first row) is blocked for row `at`: the element
    /// before it is a greedy loop whose own condition holds.
    fn guarded(&self, candidate: &Candidate, k: usize) -> Result<bool> {
        if k == 0 || !self.spec.pattern[k - 1].guards_next() {
            return Ok(false);
        }
        self.holds(candidate, self.spec.pattern[k - 1].variable)
    }

    /// What the candidate becomes with its row, having given `count` rows to element `k` (in
    /// Flink's order of branches: taking the row into its element before moving on): the
    /// partial matches into `out`, and the matches it completes.
    fn advance(&self, candidate: &Candidate, k: usize, count: u32, out: &mut Stepped) -> Result<()> {
        let pattern = &self.spec.pattern;
        let element = &pattern[k];
        if count == 0 && self.guarded(candidate, k)? {
            return Ok(());
        }
        if element.max.is_none_or(|max| count < max) && self.holds(candidate, element.variable)? {
            let taken = candidate.partial.with(candidate.at, element.variable, k, count + 1);
            if self.completes(candidate, k, count + 1)? {
                out.completed.push(taken.clone());
            }
            let last = k + 1 == pattern.len() && element.max == Some(count + 1);
            if !last {
                out.partials.push(taken);
            }
        }
        if count >= element.min && k + 1 < pattern.len() {
            self.advance(candidate, k + 1, 0, out)?;
        }
        Ok(())
    }

    /// Whether the candidate, having just given its row as the `count`-th row of element `k`,
    /// can move on to the end of the pattern without another row. (The guards read the match
    /// before the row was taken, as Flink's condition context does.)
    fn completes(&self, candidate: &Candidate, mut k: usize, mut count: u32) -> Result<bool> {
        let pattern = &self.spec.pattern;
        loop {
            if count < pattern[k].min {
                return Ok(false);
            }
            if k + 1 == pattern.len() {
                return Ok(true);
            }
            k += 1;
            count = 0;
            if pattern[k].min > 0 || self.guarded(candidate, k)? {
                return Ok(false);
            }
        }
    }
}

/// A partial match that may take row `at`: the `index`-th of the row's candidates (the
/// conditions [`Reader::decide`] evaluated for it are found by it).
struct Candidate<'p> {
    index: usize,
    partial: &'p Partial,
    at: u64,
}

/// What the candidates become with a row: the partial matches that go on, and those completed.
#[derive(Default)]
struct Stepped {
    partials: Vec<Partial>,
    completed: Vec<Partial>,
}

impl Partition {
    /// Matches of the pattern with the row added (its values), completed and due.
    fn step(
        &mut self,
        spec: &MatchSpec,
        values: Vec<ScalarValue>,
        row_conditions: &[Option<bool>],
    ) -> Result<Vec<Partial>> {
        let at = self.first + self.rows.len() as u64;
        let time = match values[spec.time] {
            ScalarValue::TimestampMs(t) => t,
            _ => i64::MIN,
        };
        self.expire(spec, time);
        self.rows.push_back(values);
        let fresh = Partial { start: at, start_time: time, element: 0, count: 0, rows: vec![] };
        let mut out = Stepped::default();
        let candidates: Vec<&Partial> = self.partials.iter().chain(std::iter::once(&fresh)).collect();
        let mut reader = Reader::new(spec, self);
        reader.decide(&candidates, at, row_conditions);
        let stepped = candidates.iter().enumerate().try_for_each(|(index, partial)| {
            reader.advance(&Candidate { index, partial, at }, partial.element, partial.count, &mut out)
        });
        if let Err(e) = stepped {
            self.rows.pop_back();
            return Err(e);
        }
        self.partials = out.partials;
        self.completed.extend(out.completed);
        self.due(spec)
    }

    /// Ends the partial matches WITHIN does not let reach `time`, as Flink's automaton does as
    /// time advances (before the rows of that time, and at each watermark).
    fn expire(&mut self, spec: &MatchSpec, time: i64) {
        if let Some(within) = spec.within {
            self.partials.retain(|p| time.saturating_sub(p.start_time) < within);
        }
    }

    /// The completed matches that no partial match started before, in order of their first
    /// rows (the earlier completed first), each pruning the others as AFTER MATCH SKIP says.
    fn due(&mut self, spec: &MatchSpec) -> Result<Vec<Partial>> {
        self.completed.sort_by_key(|m| m.start);
        let mut due = Vec::new();
        while let Some(first) = self.completed.first() {
            if self.partials.iter().any(|p| p.start < first.start) {
                break;
            }
            let found = self.completed.remove(0);
            let skip_to = match spec.after_match {
                // Drop the matches that started at or before this row.
                AfterMatch::ToNextRow => found.rows[0].0 + 1,
                AfterMatch::PastLastRow => found.rows.last().map_or(0, |r| r.0) + 1,
                AfterMatch::ToFirst(v) | AfterMatch::ToLast(v) => {
                    let first = matches!(spec.after_match, AfterMatch::ToFirst(_));
                    let mut rows = found.rows.iter().filter(|(_, var)| *var == v).map(|(at, _)| *at);
                    match if first { rows.next() } else { rows.next_back() } {
                        Some(to) if to > found.start => to,
                        // Flink fails the job: the next match would start where this one did.
                        _ => {
                            return Err(Error::Execution(format!(
                                "AFTER MATCH SKIP TO {} {}: the match {} has no row of it after its first row, so the next match would start where this one did (Flink fails the job here)",
                                if first { "FIRST" } else { "LAST" },
                                spec.variables[v],
                                describe(spec, &found),
                            )))
                        }
                    }
                }
            };
            self.partials.retain(|p| p.start >= skip_to);
            self.completed.retain(|p| p.start >= skip_to);
            due.push(found);
        }
        Ok(due)
    }

    fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.partials.is_empty() && self.completed.is_empty()
    }

    /// Forgets the rows no match can read any more.
    fn trim(&mut self) {
        let keep = self.partials.iter().chain(&self.completed).map(|p| p.start).min();
        let keep = keep.unwrap_or(self.first + self.rows.len() as u64);
        while self.first < keep && !self.rows.is_empty() {
            self.rows.pop_front();
            self.first += 1;
        }
    }
}

fn describe(spec: &MatchSpec, m: &Partial) -> String {
    let rows: Vec<String> = m.rows.iter().map(|(at, v)| format!("{}@{at}", spec.variables[*v])).collect();
    format!("({})", rows.join(" "))
}

impl MatchRecognizeExec {
    /// The output's columns, as values, in one batch.
    fn batches(&self, out: Vec<Vec<ScalarValue>>) -> Result<Vec<RecordBatch>> {
        if out[0].is_empty() {
            return Ok(vec![]);
        }
        let columns: Vec<ArrayRef> = out
            .iter()
            .zip(self.schema.fields())
            .map(|(values, field)| ScalarValue::to_array(values, field.data_type()))
            .collect::<Result<_>>()?;
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }
}

/// A row per match: its last row's ROWTIME, the partition's keys, the measures.
fn write_matches(spec: &MatchSpec, partition: &Partition, due: &[Partial], out: &mut [Vec<ScalarValue>]) -> Result<()> {
    let reader = Reader::new(spec, partition);
    for found in due {
        let last = reader.row(found.rows.last().map_or(0, |r| r.0));
        out[0].push(last[0].clone());
        let keys = spec.partition.iter().map(|e| match e {
            Expr::Column { index, .. } => Ok(last[*index].clone()),
            _ => Ok(ScalarValue::Null),
        });
        let measures = spec.measures.iter().map(|m| reader.value(m, (&found.rows, None)));
        for (c, value) in keys.chain(measures).enumerate() {
            out[c + 1].push(value?);
        }
    }
    Ok(())
}

impl Operator for MatchRecognizeExec {
    fn name(&self) -> String {
        format!("MatchRecognize[{}]: {}", self.id, self.spec)
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let keys = match &self.keys {
            Some(converter) => {
                let columns: Vec<ArrayRef> =
                    self.spec.partition.iter().map(|e| evaluate(e, &batch)).collect::<Result<_>>()?;
                Some(converter.convert_columns(&columns)?)
            }
            None => None,
        };
        // The conditions that read only the row they are asked about, for every row at once (one
        // that fails on the batch is evaluated per match instead).
        let row_local: Vec<Option<arrow_array::BooleanArray>> = self
            .spec
            .conditions
            .iter()
            .map(|c| {
                let decided = evaluate(c.as_ref()?.row_local.as_ref()?, &batch).ok()?;
                decided.as_boolean_opt().filter(|d| d.len() == batch.num_rows()).cloned()
            })
            .collect();
        let mut row_conditions = vec![None; row_local.len()];
        let mut out: Vec<Vec<ScalarValue>> = vec![Vec::new(); self.schema.fields().len()];
        for row in 0..batch.num_rows() {
            for (known, decided) in row_conditions.iter_mut().zip(&row_local) {
                *known = decided.as_ref().map(|d| d.is_valid(row) && d.value(row));
            }
            let values: Vec<ScalarValue> =
                batch.columns().iter().map(|c| ScalarValue::try_from_array(c.as_ref(), row)).collect::<Result<_>>()?;
            // (The key is copied only for a partition that is new.)
            let key = keys.as_ref().map_or(&[][..], |k| k.row(row).data());
            let partition = self.partitions.entry_ref(key).or_default();
            let due = match partition.step(&self.spec, values, &row_conditions) {
                Ok(due) => due,
                Err(e @ Error::Internal(_)) => return Err(e),
                Err(e) => {
                    let rowtime = batch.column(0).as_primitive_opt::<TimestampMillisecondType>().map(|t| t.value(row));
                    let data_row = super::visible_row_text(&batch, row);
                    ctx.failed.push(FailedRow { rowtime, data_row, message: e.to_string() });
                    continue;
                }
            };
            write_matches(&self.spec, partition, &due, &mut out)?;
            partition.trim();
            if partition.is_empty() {
                let key = keys.as_ref().map_or(&[][..], |k| k.row(row).data());
                self.partitions.remove(key);
            }
        }
        self.batches(out)
    }

    /// WITHIN ends the partial matches the watermark has passed by its interval, which may let
    /// the completed matches waiting for them go.
    fn handle_watermark(&mut self, watermark: i64, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        if self.spec.within.is_none() {
            return Ok(vec![]);
        }
        let mut out: Vec<Vec<ScalarValue>> = vec![Vec::new(); self.schema.fields().len()];
        // In the order of the keys, so that a run gives its rows in one order.
        let mut keys: Vec<Vec<u8>> = self.partitions.keys().cloned().collect();
        keys.sort();
        for key in keys {
            let Some(partition) = self.partitions.get_mut(&key) else { continue };
            partition.expire(&self.spec, watermark);
            match partition.due(&self.spec) {
                Ok(due) => write_matches(&self.spec, partition, &due, &mut out)?,
                Err(e @ Error::Internal(_)) => return Err(e),
                Err(e) => ctx.failed.push(FailedRow { rowtime: None, data_row: String::new(), message: e.to_string() }),
            }
            partition.trim();
            if partition.is_empty() {
                self.partitions.remove(&key);
            }
        }
        self.batches(out)
    }

    /// The input's end is the watermark's: WITHIN ends every partial match, as Flink's last
    /// watermark does, and the matches waiting for them go.
    fn on_close(&mut self, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.handle_watermark(i64::MAX, ctx)
    }

    fn state_entries(&self) -> usize {
        self.partitions.values().map(|p| p.rows.len() + p.partials.len() + p.completed.len()).sum()
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        Ok(Some(crate::state::encode(&self.partitions)?))
    }

    fn load(&mut self, bytes: &[u8], _state: &mut dyn crate::state::StateBackend) -> Result<()> {
        self.partitions = crate::state::decode(bytes)?;
        Ok(())
    }
}
