//! KDA's `RANDOM_CUT_FOREST` and `RANDOM_CUT_FOREST_WITH_EXPLANATION`: each row scored by a
//! Random Cut Forest ([random_cut]) of the rows before it, then added to the forest. The forest
//! is seeded (a run is reproducible, natively and in the browser alike) and checkpointed whole
//! with the operator.
//!
//! The point is the row's numeric columns, as DOUBLE; a row with a NULL among them is not a
//! point: its score is NULL and the forest does not learn from it. As KDA's, the score is 0 for
//! the first subSampleSize points, while the forest learns.

use std::fmt::Write;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, SchemaRef};

use super::{Context, Operator};
use crate::error::{Error, Result};
use crate::plan::ForestSpec;

mod random_cut;

/// Every forest starts from this seed: the same rows give the same scores, run after run.
const SEED: u64 = 0x4b44_4131_5243_4621;

pub struct RandomCutForestExec {
    id: String,
    spec: ForestSpec,
    forest: random_cut::Forest,
    schema: SchemaRef,
}

fn build(spec: &ForestSpec) -> random_cut::Forest {
    let decay = 1.0 / spec.time_decay;
    random_cut::Forest::new(spec.columns.len(), spec.trees, spec.sample_size, decay, spec.shingle_size, SEED)
}

impl RandomCutForestExec {
    pub fn new(id: String, spec: ForestSpec, schema: SchemaRef) -> RandomCutForestExec {
        RandomCutForestExec { id, forest: build(&spec), spec, schema }
    }

    /// KDA's ANOMALY_EXPLANATION of one point: per numeric column, in order,
    /// `{"DIRECTION":"HIGH","STRENGTH":"0.8567","ATTRIBUTION_SCORE":"1.7447"}` (DIRECTION and
    /// STRENGTH with `withDirectionality` only), the numbers as text with 4 decimals. A
    /// column's parts are summed over its shingle; the columns' attribution scores add up to
    /// the anomaly score. KDA does not publish how it decides DIRECTION and STRENGTH: here
    /// DIRECTION is whether the value is above the mean of the points the forest keeps (the
    /// recent values it expects), and STRENGTH how much of the column's attribution comes from
    /// that side (0 to 1). The attribution alone would not do for DIRECTION: a high value among
    /// a few earlier high ones is isolated mostly from its nearest, which may lie above it.
    /// While the forest learns, every part is 0 and LOW.
    fn explain(&self, point: Option<&[f32]>, out: &mut String) -> Result<()> {
        let columns = self.spec.names.len();
        // The parts add up to the score, as KDA's do.
        let parts = point.map(|p| self.forest.attribution(p)).unwrap_or_default();
        let mean = self.forest.mean();
        // The input's own coordinates are the shingle's last.
        let expected = &mean[mean.len() - columns..];
        out.push('{');
        for (c, name) in self.spec.names.iter().enumerate() {
            let (mut high, mut low) = (0.0, 0.0);
            for part in parts.iter().skip(c).step_by(columns) {
                high += part.high;
                low += part.low;
            }
            let score = high + low;
            if c > 0 {
                out.push(',');
            }
            let name = serde_json::to_string(name).map_err(|e| Error::Internal(e.to_string()))?;
            let written = if self.spec.directional {
                let above = point.is_some_and(|p| p[c] as f64 > expected[c]);
                let (direction, side) = if above { ("HIGH", high) } else { ("LOW", low) };
                let strength = if score > 0.0 { side / score } else { 0.0 };
                write!(
                    out,
                    "{name}:{{\"DIRECTION\":\"{direction}\",\"STRENGTH\":\"{strength:.4}\",\"ATTRIBUTION_SCORE\":\"{score:.4}\"}}"
                )
            } else {
                write!(out, "{name}:{{\"ATTRIBUTION_SCORE\":\"{score:.4}\"}}")
            };
            written.map_err(|e| Error::Internal(e.to_string()))?;
        }
        out.push('}');
        Ok(())
    }
}

/// The `columns` of `batch` as DOUBLE, each a coordinate of the row's point; a value that is not
/// `finite` fails the batch (`what` says what the function does with them).
pub(super) fn points(
    batch: &RecordBatch,
    columns: &[usize],
    finite: impl Fn(f64) -> bool,
    what: &str,
) -> Result<Vec<arrow_array::Float64Array>> {
    let values: Vec<arrow_array::Float64Array> = columns
        .iter()
        .map(|&c| Ok(arrow_cast::cast(batch.column(c), &DataType::Float64)?.as_primitive::<Float64Type>().clone()))
        .collect::<Result<_>>()?;
    for v in &values {
        if let Some(bad) = v.iter().flatten().find(|x| !finite(*x)) {
            return Err(Error::Execution(format!("{what} finite numbers, not {bad}")));
        }
    }
    Ok(values)
}

impl Operator for RandomCutForestExec {
    fn name(&self) -> String {
        let what = if self.spec.explain { "RandomCutForestWithExplanation" } else { "RandomCutForest" };
        format!("{what}[{}]: {}", self.id, self.spec)
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        // A value the forest cannot take (as f32) fails the batch before the forest changes.
        let values = points(&batch, &self.spec.columns, |x| (x as f32).is_finite(), "RANDOM_CUT_FOREST scores")?;
        let mut scores = Float64Builder::with_capacity(batch.num_rows());
        let mut explanations = self.spec.explain.then(|| StringBuilder::with_capacity(batch.num_rows(), 64));
        let mut point = vec![0f32; values.len()];
        let mut text = String::new();
        for row in 0..batch.num_rows() {
            if values.iter().any(|v| v.is_null(row)) {
                scores.append_null();
                if let Some(e) = explanations.as_mut() {
                    e.append_null();
                }
                continue;
            }
            for (p, v) in point.iter_mut().zip(&values) {
                *p = v.value(row) as f32;
            }
            // KDA's forest scores 0 while it learns: its first subSampleSize points.
            let learning = (self.forest.entries_seen() as usize) < self.spec.sample_size;
            // Scored (and explained) by the forest before it learns the point.
            let score = if learning { 0.0 } else { self.forest.score(&point) };
            if let Some(e) = explanations.as_mut() {
                text.clear();
                self.explain((!learning).then_some(&point[..]), &mut text)?;
                e.append_value(&text);
            }
            self.forest.update(&point);
            scores.append_value(score);
        }
        let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
        columns.push(Arc::new(scores.finish()));
        if let Some(mut e) = explanations {
            columns.push(Arc::new(e.finish()));
        }
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }

    fn state_entries(&self) -> usize {
        self.spec.trees * self.spec.sample_size.min(self.forest.entries_seen() as usize)
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        Ok(Some(crate::state::encode(&self.forest)?))
    }

    fn load(&mut self, bytes: &[u8], _state: &mut dyn crate::state::StateBackend) -> Result<()> {
        self.forest = crate::state::decode(bytes)?;
        Ok(())
    }
}
