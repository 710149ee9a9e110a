//! What the windowed aggregates share: group keys as order-preserving bytes, the aggregates
//! with a fresh accumulator for each, and the output layout of fired windows.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_row::{RowConverter, Rows, SortField};
use arrow_schema::{DataType, SchemaRef};

use crate::error::{Error, Result};
use crate::exec::aggregate::{finish_column, Accumulator, ArgColumn};
use crate::exec::expr::evaluate;
use crate::plan::{AggregateExpr, Expr};
use crate::state::KeyDictionary;

pub struct KeyedAggregates {
    pub group_exprs: Vec<Expr>,
    pub aggregates: Vec<AggregateExpr>,
    /// A fresh accumulator per aggregate, cloned for each new group.
    pub templates: Vec<Accumulator>,
    pub schema: SchemaRef,
    keys: KeyCodec,
    /// The latest watermark the operator passed on: what rows fired by the next one meet
    /// downstream, written in the output's watermark column when it has one.
    pub watermark: Option<i64>,
}

/// Group keys as bytes that sort as the keys do (NULL first), and back when windows fire.
enum KeyCodec {
    /// No group keys: every row has the empty key.
    Nothing,
    /// One VARCHAR key, the most common case, without arrow-row's block encoding: `[0]` for
    /// NULL, else `1` then the UTF-8 bytes. The current batch's keys, end to end.
    Text { bytes: Vec<u8>, ends: Vec<usize> },
    /// Any keys, as arrow-row bytes. The current batch's rows, reused from batch to batch.
    Rows { converter: RowConverter, rows: Rows },
}

/// The one text key column of [`KeyCodec::Text`].
fn text_key(columns: &[ArrayRef]) -> Result<&StringArray> {
    columns[0].as_string_opt::<i32>().ok_or_else(|| Error::Internal("key is not text".into()))
}

/// Each row's text key as [`KeyCodec::Text`] writes it, in two parts: `[0]` and nothing for
/// NULL, else `1` and the UTF-8 bytes.
#[inline]
fn each_text_key(text: &StringArray, mut key: impl FnMut(u8, &[u8])) {
    // Straight from the array's buffers (the browser build does not inline `value`).
    let (offsets, values) = (text.offsets(), text.values().as_slice());
    for (row, span) in offsets.windows(2).enumerate() {
        if text.is_valid(row) {
            key(1, &values[span[0] as usize..span[1] as usize]);
        } else {
            key(0, &[]);
        }
    }
}

/// A group of a window that fires.
pub struct FiredGroup<'a> {
    pub rowtime: i64,
    pub start: i64,
    pub end: i64,
    /// The group key as arrow-row bytes.
    pub key: &'a [u8],
    pub accumulators: &'a [Accumulator],
}

impl KeyedAggregates {
    pub fn new(group_exprs: Vec<Expr>, aggregates: Vec<AggregateExpr>, schema: SchemaRef) -> Result<KeyedAggregates> {
        let types: Vec<DataType> = group_exprs.iter().map(Expr::data_type).collect();
        let keys = match types.as_slice() {
            [] => KeyCodec::Nothing,
            [DataType::Utf8] => KeyCodec::Text { bytes: Vec::new(), ends: Vec::new() },
            _ => {
                let converter = RowConverter::new(types.into_iter().map(SortField::new).collect())?;
                KeyCodec::Rows { rows: converter.empty_rows(0, 0), converter }
            }
        };
        let templates = aggregates.iter().map(Accumulator::new).collect();
        Ok(KeyedAggregates { group_exprs, aggregates, templates, schema, keys, watermark: None })
    }

    /// Evaluates a batch: its keys into bytes (see [`KeyedAggregates::key`]) and the
    /// aggregates' argument columns.
    pub fn evaluate(&mut self, batch: &RecordBatch) -> Result<Vec<ArgColumn>> {
        let columns = self.group_columns(batch)?;
        self.encode_keys(&columns)?;
        self.arguments(batch)
    }

    /// The aggregates' argument columns of a batch.
    pub fn arguments(&self, batch: &RecordBatch) -> Result<Vec<ArgColumn>> {
        self.aggregates.iter().map(|a| ArgColumn::of(a, batch)).collect()
    }

    /// Each row's key of a batch, as its id in `keys` (in `ids`): the key bytes
    /// [`KeyedAggregates::evaluate`] makes, a text key's interned straight from its column.
    pub fn intern_keys(&mut self, batch: &RecordBatch, keys: &mut KeyDictionary, ids: &mut Vec<u32>) -> Result<()> {
        let columns = self.group_columns(batch)?;
        ids.reserve(batch.num_rows());
        if let KeyCodec::Text { .. } = self.keys {
            each_text_key(text_key(&columns)?, |head, utf8| ids.push(keys.intern_parts(head, utf8)));
        } else if let KeyCodec::Nothing = self.keys {
            // Every row has the one empty key.
            ids.resize(ids.len() + batch.num_rows(), keys.intern(&[]));
        } else {
            self.encode_keys(&columns)?;
            ids.extend((0..batch.num_rows()).map(|row| keys.intern(self.key(row))));
        }
        Ok(())
    }

    /// The group key columns of a batch as bytes, for [`KeyedAggregates::key`].
    fn encode_keys(&mut self, columns: &[ArrayRef]) -> Result<()> {
        match &mut self.keys {
            KeyCodec::Nothing => {}
            KeyCodec::Text { bytes, ends } => {
                let text = text_key(columns)?;
                bytes.clear();
                ends.clear();
                bytes.reserve(text.len() + text.values().len());
                ends.reserve(text.len());
                each_text_key(text, |head, utf8| {
                    bytes.push(head);
                    bytes.extend_from_slice(utf8);
                    ends.push(bytes.len());
                });
            }
            KeyCodec::Rows { converter, rows } => {
                rows.clear();
                converter.append(rows, columns)?;
            }
        }
        Ok(())
    }

    fn group_columns(&self, batch: &RecordBatch) -> Result<Vec<ArrayRef>> {
        self.group_exprs.iter().map(|e| evaluate(e, batch)).collect()
    }

    /// The key bytes of `row` of the batch last evaluated (empty without group keys).
    #[inline]
    pub fn key(&self, row: usize) -> &[u8] {
        match &self.keys {
            KeyCodec::Nothing => &[],
            KeyCodec::Text { bytes, ends } => &bytes[if row == 0 { 0 } else { ends[row - 1] }..ends[row]],
            KeyCodec::Rows { rows, .. } => rows.row(row).data(),
        }
    }

    /// Group keys (bytes from [`KeyedAggregates::key`]) decoded back into key columns.
    pub fn key_columns<'k>(&self, keys: impl Iterator<Item = &'k [u8]>) -> Result<Vec<ArrayRef>> {
        Ok(match &self.keys {
            KeyCodec::Nothing => vec![],
            KeyCodec::Text { .. } => {
                let text: Vec<Option<&str>> = keys
                    .map(|key| match key.split_first() {
                        Some((1, utf8)) => std::str::from_utf8(utf8).map(Some),
                        _ => Ok(None),
                    })
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|e| Error::Internal(format!("a text key is not UTF-8: {e}")))?;
                vec![Arc::new(StringArray::from(text))]
            }
            KeyCodec::Rows { converter, .. } => {
                let parser = converter.parser();
                converter.convert_rows(keys.map(|key| parser.parse(key)))?
            }
        })
    }

    /// The output batch of fired groups: `ROWTIME`, `WINDOW_START`, `WINDOW_END`,
    /// `WINDOW_TIME`, the keys (decoded from their bytes), the aggregate values, and for
    /// event-time windows the watermark column.
    pub fn output(&self, rows: &[FiredGroup]) -> Result<RecordBatch> {
        let fields = self.schema.fields();
        let ts = |f: &dyn Fn(&FiredGroup) -> i64| -> ArrayRef {
            Arc::new(TimestampMillisecondArray::from(rows.iter().map(f).collect::<Vec<_>>()))
        };
        let mut columns: Vec<ArrayRef> = vec![ts(&|g| g.rowtime), ts(&|g| g.start), ts(&|g| g.end), ts(&|g| g.end - 1)];
        columns.extend(self.key_columns(rows.iter().map(|g| g.key))?);
        let first_agg = columns.len();
        for a in 0..self.aggregates.len() {
            let accumulators = rows.iter().map(|g| &g.accumulators[a]);
            columns.push(finish_column(accumulators, fields[first_agg + a].data_type())?);
        }
        // Event-time windows: the watermark the fired rows meet downstream.
        if columns.len() + 1 == fields.len() {
            columns.push(Arc::new(TimestampMillisecondArray::from(vec![self.watermark; rows.len()])));
        }
        Ok(RecordBatch::try_new(self.schema.clone(), columns)?)
    }
}
