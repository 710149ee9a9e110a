//! The input of a `VALUES` relation: its rows, all at once, when the runtime starts.

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, TimestampMillisecondArray};
use arrow_schema::SchemaRef;

use super::{Polled, Source};
use crate::error::Result;

pub struct Values {
    schema: SchemaRef,
    rows: RecordBatch,
    /// When the rows arrive: the runtime's start.
    at: i64,
    sent: bool,
}

impl Values {
    /// `rows` (without ROWTIME) for a stream of `schema` (with it), arriving at `at`.
    pub fn new(schema: SchemaRef, rows: RecordBatch, at: i64) -> Values {
        Values { schema, rows, at, sent: false }
    }
}

impl Source for Values {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn poll(&mut self, now: i64, _max_rows: usize) -> Result<Polled> {
        if self.sent || now < self.at {
            return Ok(Polled { batch: None, bad_rows: vec![] });
        }
        self.sent = true;
        let mut columns: Vec<ArrayRef> =
            vec![Arc::new(TimestampMillisecondArray::from(vec![self.at; self.rows.num_rows()]))];
        columns.extend(self.rows.columns().iter().cloned());
        Ok(Polled { batch: Some(RecordBatch::try_new(self.schema.clone(), columns)?), bad_rows: vec![] })
    }

    fn next_arrival(&self) -> Option<i64> {
        (!self.sent).then_some(self.at)
    }

    fn is_exhausted(&self) -> bool {
        self.sent
    }

    fn save(&self) -> Result<Vec<u8>> {
        crate::state::encode(&self.sent)
    }

    fn load(&mut self, bytes: &[u8]) -> Result<()> {
        self.sent = crate::state::decode(bytes)?;
        Ok(())
    }
}
