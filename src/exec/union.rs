//! `UNION ALL`: the rows of two inputs with the same columns. Flink's pass as they come, each
//! with the watermark the union has when it arrives (the smaller of the inputs'); KDA's are
//! merged in ROWTIME order, a row waiting until the other input has reached its ROWTIME (so
//! the stream's ROWTIME never goes back).

use std::collections::VecDeque;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, TimestampMillisecondArray};
use arrow_schema::SchemaRef;

use super::join::{rowtimes, times, RowCodec, Watermarks, LEFT, RIGHT};
use super::{Context, Operator};
use crate::error::Result;

#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Merge {
    /// Rows waiting for the other input, as bytes with their ROWTIME.
    pending: [VecDeque<(i64, Box<[u8]>)>; 2],
    latest: [Option<i64>; 2],
}

pub struct UnionExec {
    schema: SchemaRef,
    kda: bool,
    /// The watermark column, last, when both inputs have one.
    watermark: Option<usize>,
    watermarks: Watermarks,
    codec: RowCodec,
    merge: Merge,
}

impl UnionExec {
    pub fn new(schema: SchemaRef, kda: bool, shared_watermark: bool) -> Result<UnionExec> {
        let watermark = schema
            .fields()
            .last()
            .filter(|f| f.name() == crate::plan::WATERMARK_COLUMN)
            .map(|_| schema.fields().len() - 1);
        let codec = RowCodec::whole(&schema)?;
        Ok(UnionExec {
            schema,
            kda,
            watermark,
            watermarks: Watermarks::new(shared_watermark),
            codec,
            merge: Merge::default(),
        })
    }

    /// KDA: the waiting rows up to ROWTIME `bound`, in ROWTIME order (the left's first on ties).
    fn release(&mut self, bound: i64) -> Result<Vec<RecordBatch>> {
        let mut rows: Vec<Box<[u8]>> = Vec::new();
        loop {
            let next = [LEFT, RIGHT]
                .into_iter()
                .filter_map(|s| self.merge.pending[s].front().map(|(t, _)| (*t, s)))
                .filter(|(t, _)| *t <= bound)
                .min();
            let Some((_, side)) = next else { break };
            rows.extend(self.merge.pending[side].pop_front().map(|(_, r)| r));
        }
        if rows.is_empty() {
            return Ok(vec![]);
        }
        let columns = self.codec.decode(rows.iter().map(|r| Some(&r[..])))?;
        Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?])
    }

    fn bound(&self) -> Option<i64> {
        match self.merge.latest {
            [Some(a), Some(b)] => Some(a.min(b)),
            _ => None,
        }
    }
}

impl Operator for UnionExec {
    fn name(&self) -> String {
        format!("Union: ALL{}", if self.kda { " in ROWTIME order" } else { "" })
    }

    fn process_batch(&mut self, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.process_input(LEFT, batch, ctx)
    }

    fn process_input(&mut self, side: usize, batch: RecordBatch, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        if !self.kda {
            let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
            if let Some(column) = self.watermark {
                let own = times(&batch, column)?;
                let met: Vec<Option<i64>> = own.into_iter().map(|w| self.watermarks.met(side, w)).collect();
                columns[column] = Arc::new(TimestampMillisecondArray::from(met));
            }
            return Ok(vec![RecordBatch::try_new(self.schema.clone(), columns)?]);
        }
        let encoded = self.codec.encode(&RecordBatch::try_new(self.schema.clone(), batch.columns().to_vec())?)?;
        let rowtimes = rowtimes(&batch)?;
        for (row, t) in rowtimes.iter().enumerate() {
            self.merge.pending[side].push_back((*t, encoded.row(row).data().into()));
        }
        if let Some(&last) = rowtimes.last() {
            self.input_watermark(side, last);
        }
        match self.bound() {
            Some(bound) => self.release(bound),
            None => Ok(vec![]),
        }
    }

    fn input_watermark(&mut self, input: usize, watermark: i64) {
        self.watermarks.advance(input, watermark);
        let latest = &mut self.merge.latest[input];
        *latest = Some(latest.map_or(watermark, |w| w.max(watermark)));
    }

    fn handle_watermark(&mut self, _watermark: i64, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        match (self.kda, self.bound()) {
            (true, Some(bound)) => self.release(bound),
            _ => Ok(vec![]),
        }
    }

    fn on_close(&mut self, _ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.release(i64::MAX)
    }

    fn state_entries(&self) -> usize {
        self.merge.pending.iter().map(VecDeque::len).sum()
    }

    fn save(&self) -> Result<Option<Vec<u8>>> {
        #[derive(serde::Serialize)]
        struct Saved<'a> {
            merge: &'a Merge,
            watermarks: &'a Watermarks,
        }
        crate::state::encode(&Saved { merge: &self.merge, watermarks: &self.watermarks }).map(Some)
    }

    fn load(&mut self, bytes: &[u8], _state: &mut dyn crate::state::StateBackend) -> Result<()> {
        #[derive(serde::Deserialize)]
        struct Saved {
            merge: Merge,
            watermarks: Watermarks,
        }
        let saved: Saved = crate::state::decode(bytes)?;
        self.merge = saved.merge;
        self.watermarks = saved.watermarks;
        Ok(())
    }
}
