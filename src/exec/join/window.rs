//! Flink's window join: rows of two inputs that carry the same window (`window_start`,
//! `window_end`) and equal keys, paired when the window fires, as Flink's `WindowJoinOperator`:
//!
//! - a row whose window has fired (the watermark it meets is at or past `window_end - 1`) is
//!   late: it goes to the late lane;
//! - other rows wait, by window and key; when the watermark reaches `window_end - 1` each key's
//!   rows of both sides are paired (left-major; RIGHT right-major), unmatched rows of an outer
//!   side padded with NULLs (FULL: the left's inline, the right's after), all `+I`;
//! - the watermark passes on unchanged, and the output keeps both sides' windows.

use std::collections::BTreeMap;

use arrow_array::RecordBatch;

use super::{times, JoinSpec, Joined, KeyCodec, Output, RowBytes, SideBatch, Watermarks, LEFT, RIGHT};
use crate::error::Result;
use crate::exec::{Context, LateRow, Operator};
use crate::plan::JoinKind;
use crate::state::{time_key, GroupTable, StateBackend};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Waiting {
    rowtime: i64,
    row: RowBytes,
}

/// One window's rows of one key, per side; `matchable`: false for rows whose key is NULL.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Group {
    rows: [Vec<Waiting>; 2],
    matchable: bool,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    groups: Vec<(Vec<u8>, Group)>,
    unkeyed: u64,
    watermark: Option<i64>,
    watermarks: Watermarks,
}

pub struct WindowJoinExec {
    spec: JoinSpec,
    keys: [KeyCodec; 2],
    output: Output,
    end_columns: [usize; 2],
    /// Groups by window end and key: `time_key(end)`, then the key (1 and its bytes, or 0 and a
    /// number of its own for a row whose key is NULL).
    groups: GroupTable<Group>,
    by_end: BTreeMap<i64, Vec<u32>>,
    /// Rows with a NULL key so far, to give each a group of its own.
    unkeyed: u64,
    watermark: Option<i64>,
    watermarks: Watermarks,
    held: usize,
}

impl WindowJoinExec {
    pub fn new(
        spec: JoinSpec,
        sides: [&arrow_schema::SchemaRef; 2],
        end_columns: [usize; 2],
    ) -> Result<WindowJoinExec> {
        let keys = spec.key_codecs()?;
        let output = Output::new(&spec, sides, false)?;
        let watermarks = Watermarks::new(spec.shared_watermark);
        Ok(WindowJoinExec {
            spec,
            keys,
            output,
            end_columns,
            groups: GroupTable::default(),
            by_end: BTreeMap::new(),
            unkeyed: 0,
            watermark: None,
            watermarks,
            held: 0,
        })
    }

    /// Pairs the rows of the windows that end at or before `end_bound`.
    fn fire(&mut self, end_bound: i64) -> Result<Vec<RecordBatch>> {
        let mut out = Vec::new();
        let watermark = self.watermark;
        while let Some((&end, _)) = self.by_end.first_key_value() {
            if end > end_bound {
                break;
            }
            let mut ids = self.by_end.pop_first().map(|(_, ids)| ids).unwrap_or_default();
            ids.sort_by(|a, b| self.groups.key(*a).cmp(self.groups.key(*b)));
            for id in ids {
                let (_, group) = self.groups.remove(id);
                self.held -= group.rows[0].len() + group.rows[1].len();
                self.pair(group, watermark, &mut out)?;
            }
        }
        self.output.batches(&out)
    }

    /// One key's rows of one window, paired as Flink's window join pairs them.
    fn pair(&self, group: Group, watermark: Option<i64>, out: &mut Vec<Joined>) -> Result<()> {
        let [left, right] = group.rows;
        let kind = self.spec.kind;
        let padded = |w: &Waiting, side: usize| {
            let row = Some(w.row.clone());
            let (left, right) = if side == LEFT { (row, None) } else { (None, row) };
            Joined { rowtime: w.rowtime, left, right, op: "+I", watermark }
        };
        let pairs: Vec<(&[u8], &[u8])> = if group.matchable {
            left.iter().flat_map(|l| right.iter().map(move |r| (&l.row[..], &r.row[..]))).collect()
        } else {
            vec![]
        };
        let passed = self.output.check(self.spec.residual.as_ref(), &pairs)?;
        let matched = |l: usize, r: usize| !pairs.is_empty() && passed[l * right.len() + r];
        let joined = |l: &Waiting, r: &Waiting| Joined {
            rowtime: l.rowtime.max(r.rowtime),
            left: Some(l.row.clone()),
            right: Some(r.row.clone()),
            op: "+I",
            watermark,
        };
        if kind == JoinKind::Right {
            for (j, r) in right.iter().enumerate() {
                let before = out.len();
                out.extend(left.iter().enumerate().filter(|(i, _)| matched(*i, j)).map(|(_, l)| joined(l, r)));
                if out.len() == before {
                    out.push(padded(r, RIGHT));
                }
            }
            return Ok(());
        }
        let mut right_matched = vec![false; right.len()];
        for (i, l) in left.iter().enumerate() {
            let before = out.len();
            for (j, r) in right.iter().enumerate() {
                if matched(i, j) {
                    out.push(joined(l, r));
                    right_matched[j] = true;
                }
            }
            if out.len() == before && kind.keeps_left() {
                out.push(padded(l, LEFT));
            }
        }
        if kind == JoinKind::Full {
            out.extend(right.iter().zip(&right_matched).filter(|(_, m)| !**m).map(|(r, _)| padded(r, RIGHT)));
        }
        Ok(())
    }
}

impl Operator for WindowJoinExec {
    fn state_layout(&self) -> String {
        self.output.layout()
    }

    fn name(&self) -> String {
        format!("WindowJoin[{}]: {} on {} key(s) and the window", self.spec.id, self.spec.kind, self.spec.keys.len())
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.process_input(LEFT, batch, ctx)
    }

    fn process_input(&mut self, side: usize, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let SideBatch { keys, rows: encoded, rowtimes, watermarks: own } =
            SideBatch::read(&self.spec, &self.keys[side], &self.output.codecs[side], side, &batch)?;
        let ends = times(&batch, self.end_columns[side])?;
        for row in 0..batch.num_rows() {
            let Some(end) = ends[row] else {
                ctx.late.push(LateRow::new(&batch, row, None, None, None, "the window end is NULL"));
                continue;
            };
            let met = self.watermarks.met(side, own[row]);
            if crate::exec::window::has_fired(met, end) {
                ctx.late.push(LateRow::new(&batch, row, None, met, None, "its window has fired"));
                continue;
            }
            let mut group_key = time_key(end).to_vec();
            match keys.get(row) {
                Some(key) => {
                    group_key.push(1);
                    group_key.extend_from_slice(key);
                }
                None => {
                    group_key.push(0);
                    group_key.extend_from_slice(&self.unkeyed.to_be_bytes());
                    self.unkeyed += 1;
                }
            }
            let matchable = keys.get(row).is_some();
            let (id, new) =
                self.groups.get_or_insert_with(&group_key, || Group { rows: Default::default(), matchable });
            if new {
                self.by_end.entry(end).or_default().push(id);
            }
            let row_bytes: RowBytes = encoded.row(row).data().into();
            self.groups.get_mut(id).rows[side].push(Waiting { rowtime: rowtimes[row], row: row_bytes });
            self.held += 1;
        }
        Ok(vec![])
    }

    fn input_watermark(&mut self, input: usize, watermark: i64) {
        self.watermarks.advance(input, watermark);
    }

    fn handle_watermark(&mut self, watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let fired = self.fire(watermark.saturating_add(1));
        self.watermark = Some(self.watermark.map_or(watermark, |w| w.max(watermark)));
        fired
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.fire(i64::MAX)
    }

    fn state_entries(&self) -> usize {
        self.held
    }

    fn open_windows(&self) -> Vec<crate::exec::WindowSpan> {
        self.by_end.iter().map(|(&end, ids)| crate::exec::WindowSpan { start: end, end, groups: ids.len() }).collect()
    }

    fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.groups.flush(&self.spec.id, state)
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        let groups = self.groups.checkpoint_entries();
        let saved =
            Saved { groups, unkeyed: self.unkeyed, watermark: self.watermark, watermarks: self.watermarks.clone() };
        crate::state::encode(&saved).map(Some)
    }

    fn load(&mut self, bytes: &[u8], state: &mut dyn StateBackend) -> Result<()> {
        let saved: Saved = crate::state::decode(bytes)?;
        for id in self.groups.restore(&self.spec.id, saved.groups, state)? {
            let Some(end) = crate::state::key_time(self.groups.key(id)) else {
                return Err(crate::error::Error::Execution(format!(
                    "{}: a checkpoint group without its window",
                    self.spec.id
                )));
            };
            let group = self.groups.get(id);
            self.held += group.rows[0].len() + group.rows[1].len();
            self.by_end.entry(end).or_default().push(id);
        }
        self.unkeyed = saved.unkeyed;
        self.watermark = saved.watermark;
        self.watermarks = saved.watermarks;
        self.flush(state)
    }
}
