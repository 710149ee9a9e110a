//! KDA's stream-to-stream join, as the SQL Reference's JOIN clause page states its rules:
//!
//! - a side's window (`OVER (RANGE INTERVAL … PRECEDING)` or `ROWS n PRECEDING` after the
//!   stream's name) holds the rows of that side a row of the other side meets; a side without
//!   one offers only its current row (rows of the same ROWTIME);
//! - rows are taken in ROWTIME order, both inputs merged (a row waits until the other input has
//!   reached its ROWTIME); each row meets the other side's window, and the pair comes out with
//!   the later ROWTIME, so output ROWTIMEs never go back;
//! - an outer side's row that matched nothing comes out, padded with NULLs, when the window
//!   that could still have matched it has passed: with a RANGE window at its ROWTIME plus the
//!   range, without one at its own ROWTIME, with ROWS when it leaves the window.
//!
//! The page's examples 4–6 print rows these rules do not give (docs/compatibility.md, "KDA's JOIN examples").

use std::collections::VecDeque;

use arrow_array::RecordBatch;

use super::{in_order, JoinSpec, Joined, KeyCodec, Output, RowBytes, SideBatch, LEFT, RIGHT};
use crate::error::Result;
use crate::exec::{Context, Operator};
use crate::plan::KdaJoinWindow;
use crate::state::{fixed_hasher, TableHasher};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Row {
    rowtime: i64,
    /// Arrival order, which breaks ties of ROWTIME.
    seq: u64,
    /// The join key's bytes (`None`: NULL, which matches nothing).
    key: Option<Vec<u8>>,
    row: RowBytes,
    matched: bool,
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct State {
    /// Rows waiting for the other input to reach their ROWTIME.
    pending: [VecDeque<Row>; 2],
    /// Rows each side's window holds, oldest first.
    held: [VecDeque<Row>; 2],
    /// Each input's latest ROWTIME.
    latest: [Option<i64>; 2],
    seq: u64,
}

pub struct KdaJoinExec {
    spec: JoinSpec,
    keys: [KeyCodec; 2],
    output: Output,
    windows: [Option<KdaJoinWindow>; 2],
    state: State,
    /// Per side, the held rows by key, as their sequence numbers (positions in `held` shift as
    /// rows leave).
    by_key: [std::collections::HashMap<Vec<u8>, VecDeque<u64>, TableHasher>; 2],
}

impl KdaJoinExec {
    pub fn new(
        spec: JoinSpec,
        sides: [&arrow_schema::SchemaRef; 2],
        windows: [Option<KdaJoinWindow>; 2],
    ) -> Result<KdaJoinExec> {
        let keys = spec.key_codecs()?;
        let output = Output::new(&spec, sides, false)?;
        Ok(KdaJoinExec {
            spec,
            keys,
            output,
            windows,
            state: State::default(),
            by_key: [
                std::collections::HashMap::with_hasher(fixed_hasher()),
                std::collections::HashMap::with_hasher(fixed_hasher()),
            ],
        })
    }

    /// Takes the waiting rows up to ROWTIME `bound`, in ROWTIME (then arrival) order.
    fn release(&mut self, bound: i64, out: &mut Vec<Joined>) -> Result<()> {
        loop {
            let next = [LEFT, RIGHT]
                .into_iter()
                .filter_map(|s| self.state.pending[s].front().map(|r| ((r.rowtime, r.seq), s)))
                .filter(|((t, _), _)| *t <= bound)
                .min();
            let Some((_, side)) = next else { return Ok(()) };
            let row = self.state.pending[side].pop_front().expect("a waiting row");
            self.take(side, row, out)?;
        }
    }

    /// The rows that leave the windows as time reaches `now` (padded if they never matched,
    /// with the ROWTIME their window passed at), in ROWTIME order.
    fn evict(&mut self, now: i64, out: &mut Vec<Joined>) {
        let mut padded = Vec::new();
        for side in [LEFT, RIGHT] {
            while let Some(front) = self.state.held[side].front() {
                let until = match self.windows[side] {
                    Some(KdaJoinWindow::Range(range)) => front.rowtime.saturating_add(range),
                    Some(KdaJoinWindow::Rows(_)) => break,
                    None => front.rowtime,
                };
                if until >= now {
                    break;
                }
                let row = self.state.held[side].pop_front().expect("a held row");
                self.forget(side, &row);
                if self.spec.keeps(side) && !row.matched {
                    padded.push((until, side, row));
                }
            }
        }
        padded.sort_by_key(|(until, side, row)| (*until, row.seq, *side));
        for (until, side, row) in padded {
            let (left, right) = in_order(side, Some(row.row), None);
            out.push(Joined { rowtime: until, left, right, op: "+I", watermark: None });
        }
    }

    fn forget(&mut self, side: usize, row: &Row) {
        if let Some(key) = &row.key {
            if let Some(seqs) = self.by_key[side].get_mut(key) {
                seqs.retain(|s| *s != row.seq);
                if seqs.is_empty() {
                    self.by_key[side].remove(key);
                }
            }
        }
    }

    /// A row of `side` at its ROWTIME: meets the other side's window, then joins its own.
    fn take(&mut self, side: usize, mut row: Row, out: &mut Vec<Joined>) -> Result<()> {
        let other = 1 - side;
        self.evict(row.rowtime, out);
        let candidates: Vec<usize> = match &row.key {
            Some(key) => match self.by_key[other].get(key) {
                Some(seqs) => {
                    // Held rows are in arrival order, so by sequence number.
                    let held = &self.state.held[other];
                    seqs.iter().filter_map(|s| held.binary_search_by_key(s, |r| r.seq).ok()).collect()
                }
                None => vec![],
            },
            None => vec![],
        };
        let pairs: Vec<(&[u8], &[u8])> = candidates
            .iter()
            .map(|&i| {
                let theirs = &self.state.held[other][i].row[..];
                if side == LEFT {
                    (&row.row[..], theirs)
                } else {
                    (theirs, &row.row[..])
                }
            })
            .collect();
        let passed = self.output.check(self.spec.residual.as_ref(), &pairs)?;
        drop(pairs);
        for (&i, ok) in candidates.iter().zip(passed) {
            if !ok {
                continue;
            }
            let theirs = &mut self.state.held[other][i];
            theirs.matched = true;
            row.matched = true;
            let (left, right) = in_order(side, Some(row.row.clone()), Some(theirs.row.clone()));
            out.push(Joined { rowtime: row.rowtime.max(theirs.rowtime), left, right, op: "+I", watermark: None });
        }
        if let Some(key) = &row.key {
            self.by_key[side].entry(key.clone()).or_default().push_back(row.seq);
        }
        let now = row.rowtime;
        self.state.held[side].push_back(row);
        // A ROWS window holds the latest n rows before the current one, and it.
        if let Some(KdaJoinWindow::Rows(n)) = self.windows[side] {
            while self.state.held[side].len() as u64 > n.saturating_add(1) {
                let gone = self.state.held[side].pop_front().expect("a held row");
                self.forget(side, &gone);
                if self.spec.keeps(side) && !gone.matched {
                    let (left, right) = in_order(side, Some(gone.row), None);
                    out.push(Joined { rowtime: now, left, right, op: "+I", watermark: None });
                }
            }
        }
        Ok(())
    }

    fn finish(&self, out: Vec<Joined>) -> Result<Vec<RecordBatch>> {
        self.output.batches(&out)
    }

    fn bound(&self) -> Option<i64> {
        match self.state.latest {
            [Some(a), Some(b)] => Some(a.min(b)),
            _ => None,
        }
    }
}

impl Operator for KdaJoinExec {
    fn state_layout(&self) -> String {
        self.output.layout()
    }

    fn name(&self) -> String {
        let side = |w: &Option<KdaJoinWindow>| w.map_or("current row".to_string(), |w| w.to_string());
        format!(
            "KdaJoin[{}]: {} on {} key(s), left {}, right {}",
            self.spec.id,
            self.spec.kind,
            self.spec.keys.len(),
            side(&self.windows[LEFT]),
            side(&self.windows[RIGHT])
        )
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.process_input(LEFT, batch, ctx)
    }

    fn process_input(&mut self, side: usize, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let SideBatch { keys, rows: encoded, rowtimes, .. } =
            SideBatch::read(&self.spec, &self.keys[side], &self.output.codecs[side], side, &batch)?;
        for (row, &rowtime) in rowtimes.iter().enumerate() {
            self.state.seq += 1;
            let waiting = Row {
                rowtime,
                seq: self.state.seq,
                key: keys.get(row).map(<[u8]>::to_vec),
                row: encoded.row(row).data().into(),
                matched: false,
            };
            self.state.pending[side].push_back(waiting);
        }
        if let Some(&last) = rowtimes.last() {
            self.input_watermark(side, last);
        }
        let mut out = Vec::new();
        if let Some(bound) = self.bound() {
            self.release(bound, &mut out)?;
        }
        self.finish(out)
    }

    fn input_watermark(&mut self, input: usize, watermark: i64) {
        let latest = &mut self.state.latest[input];
        *latest = Some(latest.map_or(watermark, |w| w.max(watermark)));
    }

    fn handle_watermark(&mut self, _watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mut out = Vec::new();
        if let Some(bound) = self.bound() {
            self.release(bound, &mut out)?;
            self.evict(bound, &mut out);
        }
        self.finish(out)
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mut out = Vec::new();
        self.release(i64::MAX, &mut out)?;
        // The end of input: every window passes. ROWS windows' last rows leave at the latest
        // ROWTIME; the padded rows come out in ROWTIME order.
        let end = self.state.latest.iter().flatten().copied().max().unwrap_or(i64::MIN);
        let mut last = Vec::new();
        self.evict(i64::MAX, &mut last);
        for side in [LEFT, RIGHT] {
            while let Some(row) = self.state.held[side].pop_front() {
                self.forget(side, &row);
                if self.spec.keeps(side) && !row.matched {
                    let (left, right) = in_order(side, Some(row.row), None);
                    last.push(Joined { rowtime: end.max(row.rowtime), left, right, op: "+I", watermark: None });
                }
            }
        }
        last.sort_by_key(|j| j.rowtime);
        out.extend(last);
        self.finish(out)
    }

    fn state_entries(&self) -> usize {
        self.state.pending.iter().chain(&self.state.held).map(VecDeque::len).sum()
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        crate::state::encode(&self.state).map(Some)
    }

    fn load(&mut self, bytes: &[u8], _state: &mut dyn crate::state::StateBackend) -> Result<()> {
        self.state = crate::state::decode(bytes)?;
        for side in [LEFT, RIGHT] {
            for row in &self.state.held[side] {
                if let Some(key) = &row.key {
                    self.by_key[side].entry(key.clone()).or_default().push_back(row.seq);
                }
            }
        }
        Ok(())
    }
}
