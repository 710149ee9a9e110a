//! KDA's `HOTSPOTS`: after each row, the dense regions among the last `windowSize` rows, as
//! JSON in `HOTSPOTS_RESULT`.
//!
//! KDA documents what goes in and what comes out, not the algorithm, beyond comparing
//! `scanRadius` to DBSCAN's ε. kdalite runs DBSCAN over the window's points: a point with at
//! least `minimumNumberOfPointsInAHotspot` points within `scanRadius` of it (itself included,
//! Euclidean distance over the numeric columns) is a core point; core points within the
//! radius of each other, and the points within the radius of them, make one hotspot. A
//! hotspot's `minValues` and `maxValues` bound its points column by column, and its `density`
//! is its number of points divided by its box's volume, each side at least `scanRadius` long
//! (so a hotspot flat in one column has a finite density). Hotspots come densest first.
//!
//! A row with a NULL among the numeric columns is not a point: its result is NULL and the
//! window does not take it. The window is checkpointed with the operator.

use std::collections::VecDeque;
use std::fmt::Write;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;

use super::{Context, Operator};
use crate::error::Result;
use crate::plan::HotspotsSpec;

/// Grid cells are searched around a point in this many dimensions at most; beyond, every
/// point is compared.
const GRID_DIMENSIONS: usize = 4;

type Cell = [i64; GRID_DIMENSIONS];

/// The latest points, each with its neighbours (kept up to date as points come and go, so a
/// row costs its neighbours, not the window's every pair), and a grid of `scanRadius` cells to
/// find them. A point's id is its place in the stream of points.
#[derive(Default)]
struct Window {
    points: VecDeque<Vec<f64>>,
    /// Each point's neighbours' ids, itself not among them.
    adjacent: VecDeque<Vec<u64>>,
    /// The id of the next point.
    next: u64,
    grid: hashbrown::HashMap<Cell, Vec<u64>, rustc_hash::FxBuildHasher>,
}

impl Window {
    fn first(&self) -> u64 {
        self.next - self.points.len() as u64
    }
}

pub struct HotspotsExec {
    spec: HotspotsSpec,
    window: Window,
    schema: SchemaRef,
}

impl HotspotsExec {
    pub fn new(spec: HotspotsSpec, schema: SchemaRef) -> HotspotsExec {
        HotspotsExec { window: Window::default(), spec, schema }
    }

    fn cell(&self, point: &[f64]) -> Option<Cell> {
        if point.len() > GRID_DIMENSIONS {
            return None;
        }
        let mut cell = [0; GRID_DIMENSIONS];
        for (c, x) in cell.iter_mut().zip(point) {
            *c = (x / self.spec.radius).floor() as i64;
        }
        Some(cell)
    }

    /// Adds a point, dropping the oldest when the window is full.
    fn push(&mut self, point: Vec<f64>) {
        if self.window.points.len() == self.spec.window {
            self.evict();
        }
        let r2 = self.spec.radius * self.spec.radius;
        let near = |b: &[f64]| point.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>() <= r2;
        let first = self.window.first();
        let mut found = Vec::new();
        match self.cell(&point) {
            Some(home) => {
                let dims = point.len();
                for step in 0..3usize.pow(dims as u32) {
                    let mut cell = home;
                    let mut rest = step;
                    for c in cell.iter_mut().take(dims) {
                        *c += (rest % 3) as i64 - 1;
                        rest /= 3;
                    }
                    let ids = self.window.grid.get(&cell).into_iter().flatten();
                    found.extend(ids.filter(|&&id| near(&self.window.points[(id - first) as usize])));
                }
            }
            None => {
                found.extend((first..self.window.next).filter(|&id| near(&self.window.points[(id - first) as usize])))
            }
        }
        let id = self.window.next;
        for &other in &found {
            self.window.adjacent[(other - first) as usize].push(id);
        }
        if let Some(cell) = self.cell(&point) {
            self.window.grid.entry(cell).or_default().push(id);
        }
        self.window.points.push_back(point);
        self.window.adjacent.push_back(found);
        self.window.next += 1;
    }

    fn evict(&mut self) {
        let first = self.window.first();
        let (Some(point), Some(adjacent)) = (self.window.points.pop_front(), self.window.adjacent.pop_front()) else {
            return;
        };
        let base = first + 1;
        for other in adjacent {
            let list = &mut self.window.adjacent[(other - base) as usize];
            if let Some(at) = list.iter().position(|&id| id == first) {
                list.swap_remove(at);
            }
        }
        if let Some(cell) = self.cell(&point) {
            if let hashbrown::hash_map::Entry::Occupied(mut entry) = self.window.grid.entry(cell) {
                entry.get_mut().retain(|&id| id != first);
                if entry.get().is_empty() {
                    entry.remove();
                }
            }
        }
    }

    /// The window's hotspots as KDA's JSON, into `out`.
    fn hotspots(&self, out: &mut String) {
        let window = &self.window;
        let (first, n) = (window.first(), window.points.len());
        let core: Vec<bool> = window.adjacent.iter().map(|a| a.len() + 1 >= self.spec.min_points).collect();
        // Each hotspot grown from its first core point, in window order: the same window gives
        // the same hotspots.
        let mut taken = vec![false; n];
        let mut spots: Vec<Vec<usize>> = Vec::new();
        let mut queue = Vec::new();
        for seed in 0..n {
            if !core[seed] || taken[seed] {
                continue;
            }
            let mut members = vec![seed];
            taken[seed] = true;
            queue.push(seed);
            while let Some(q) = queue.pop() {
                for &id in &window.adjacent[q] {
                    let j = (id - first) as usize;
                    if !taken[j] {
                        taken[j] = true;
                        members.push(j);
                        if core[j] {
                            queue.push(j);
                        }
                    }
                }
            }
            spots.push(members);
        }
        let dims = self.spec.columns.len();
        let mut described: Vec<(f64, Vec<f64>, Vec<f64>)> = spots
            .iter()
            .map(|members| {
                let (mut min, mut max) = (vec![f64::INFINITY; dims], vec![f64::NEG_INFINITY; dims]);
                for &m in members {
                    for (c, x) in window.points[m].iter().enumerate() {
                        min[c] = min[c].min(*x);
                        max[c] = max[c].max(*x);
                    }
                }
                let volume: f64 = min.iter().zip(&max).map(|(lo, hi)| (hi - lo).max(self.spec.radius)).product();
                (members.len() as f64 / volume, min, max)
            })
            .collect();
        described.sort_by(|a, b| b.0.total_cmp(&a.0));
        let number = |v: f64| crate::plan::ScalarValue::Float64(v).to_json_text();
        let list = |values: &[f64]| values.iter().map(|v| number(*v)).collect::<Vec<_>>().join(",");
        out.push_str("{\"hotspots\":[");
        for (i, (density, min, max)) in described.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let (density, min, max) = (number(*density), list(min), list(max));
            let _ = write!(out, "{{\"density\":{density},\"minValues\":[{min}],\"maxValues\":[{max}]}}");
        }
        out.push_str("]}");
    }
}

impl Operator for HotspotsExec {
    fn name(&self) -> String {
        format!("Hotspots: {}", self.spec)
    }

    fn process_batch(&mut self, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let values = super::forest::points(&batch, &self.spec.columns, f64::is_finite, "HOTSPOTS places")?;
        let mut results = StringBuilder::with_capacity(batch.num_rows(), 64);
        let mut text = String::new();
        for row in 0..batch.num_rows() {
            if values.iter().any(|v| v.is_null(row)) {
                results.append_null();
                continue;
            }
            self.push(values.iter().map(|v| v.value(row)).collect());
            text.clear();
            self.hotspots(&mut text);
            results.append_value(&text);
        }
        let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
        columns.push(Arc::new(results.finish()));
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }

    fn state_entries(&self) -> usize {
        self.window.points.len()
    }

    /// The window's points, oldest first; their neighbours are found again as they go back in.
    fn save(&self) -> Result<Option<Vec<u8>>> {
        Ok(Some(crate::state::encode(&self.window.points)?))
    }

    fn load(&mut self, bytes: &[u8], _state: &mut dyn crate::state::StateBackend) -> Result<()> {
        let points: VecDeque<Vec<f64>> = crate::state::decode(bytes)?;
        self.window = Window::default();
        for point in points {
            self.push(point);
        }
        Ok(())
    }
}
