//! Parquet files as streams (native builds with the `parquet` feature, on by default; the page
//! leaves it out to keep within its size budget).
//!
//! A Parquet file carries its own schema, so discovery only makes its column names identifiers
//! (as for CSV: [`column_name`]) and takes each column's type as the file has it; types SQL has
//! no name for (lists, maps, binary) are read as their text. Rows are read a batch at a time,
//! never the whole file. A value that does not cast to the stream's declared type sends its row
//! to `error_stream` with the row's text, as for CSV.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{new_null_array, Array, ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_cast::CastOptions;
use arrow_schema::{DataType, SchemaRef, TimeUnit};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use super::file::column_name;
use super::{BadRow, Polled, Source};
use crate::error::{Error, Result};
use crate::plan::{ColumnDef, SqlType, StreamDef, ROWTIME};

/// Rows read at a time.
const BATCH_ROWS: usize = 4096;

/// Whether `path` names a Parquet file (by its extension).
pub fn is_parquet(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".parquet")
}

fn open(path: &Path) -> Result<ParquetRecordBatchReaderBuilder<File>> {
    let file = File::open(path).map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
    ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| Error::Input(format!("{} is not a Parquet file kdalite can read: {e}", path.display())))
}

/// The SQL type a Parquet column is read as; `None`: read as its text.
fn sql_type(data_type: &DataType) -> Option<SqlType> {
    match data_type {
        DataType::UInt8 | DataType::UInt16 => Some(SqlType::Integer),
        DataType::UInt32 | DataType::UInt64 => Some(SqlType::BigInt),
        DataType::Float16 => Some(SqlType::Real),
        DataType::Utf8View => Some(SqlType::Varchar(None)),
        DataType::Date64 => Some(SqlType::Timestamp),
        other => SqlType::from_arrow(other),
    }
}

/// The stream a Parquet file's columns make: names as identifiers, types from the file.
pub fn infer_stream(stream: &str, path: &Path) -> Result<StreamDef> {
    let builder = open(path)?;
    let mut columns: Vec<ColumnDef> = Vec::new();
    for field in builder.schema().fields() {
        if field.name().eq_ignore_ascii_case(ROWTIME) {
            continue;
        }
        let mut name = column_name(field.name());
        while columns.iter().any(|c| c.name == name) {
            name.push('_');
        }
        columns.push(ColumnDef { name, sql_type: sql_type(field.data_type()).unwrap_or(SqlType::Varchar(None)) });
    }
    if columns.is_empty() {
        return Err(Error::Input(format!("{} has no columns", path.display())));
    }
    Ok(StreamDef::new(stream, columns))
}

pub struct ParquetSource {
    reader: ParquetRecordBatchReader,
    schema: SchemaRef,
    /// For each stream column after ROWTIME, the file column it comes from.
    mapping: Vec<Option<usize>>,
    rowtime: Option<usize>,
    exhausted: bool,
    /// Batches read so far: where a checkpoint says the file is.
    batches: u64,
}

impl ParquetSource {
    /// Reads the Parquet file at `path` as the rows of `stream`: each column from the file
    /// column of the same name (case aside) or whose discovered name it has.
    pub fn open(path: &Path, stream: &StreamDef) -> Result<ParquetSource> {
        let builder = open(path)?.with_batch_size(BATCH_ROWS);
        let names: Vec<String> = builder.schema().fields().iter().map(|f| f.name().clone()).collect();
        let find = |column: &str| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(column))
                .or_else(|| names.iter().position(|n| column_name(n) == column))
        };
        let mapping: Vec<Option<usize>> = stream.source_columns().iter().map(|c| find(&c.name)).collect();
        if mapping.iter().all(Option::is_none) {
            return Err(Error::Input(format!(
                "{} has columns {} but stream \"{}\" has none of them",
                path.display(),
                names.join(", "),
                stream.name
            )));
        }
        let rowtime = names.iter().position(|n| n.eq_ignore_ascii_case(ROWTIME));
        let reader = builder.build().map_err(|e| Error::Input(format!("reading {}: {e}", path.display())))?;
        Ok(ParquetSource { reader, schema: stream.source_schema(), mapping, rowtime, exhausted: false, batches: 0 })
    }

    /// A batch of the file as the stream's rows; rows with a value that does not cast go.
    fn convert(&self, file: &RecordBatch, now: i64) -> Result<Polled> {
        let rows = file.num_rows();
        let mut ok = vec![true; rows];
        let mut bad_rows: Vec<(usize, BadRow)> = Vec::new();
        let mut reject = |row: usize, message: String, ok: &mut Vec<bool>| {
            if ok[row] {
                ok[row] = false;
                bad_rows.push((row, BadRow { rowtime: None, data: row_text(file, row), message }));
            }
        };
        let rowtime: ArrayRef = match self.rowtime {
            Some(c) => {
                let times = cast(file.column(c), &DataType::Timestamp(TimeUnit::Millisecond, None))?;
                for row in (0..rows).filter(|r| times.is_null(*r)) {
                    reject(row, "column ROWTIME: no timestamp".into(), &mut ok);
                }
                let times = times.as_primitive::<arrow_array::types::TimestampMillisecondType>();
                Arc::new(TimestampMillisecondArray::from_iter_values(times.iter().map(|t| t.unwrap_or(0))))
            }
            None => Arc::new(TimestampMillisecondArray::from(vec![now; rows])),
        };
        let mut columns = vec![rowtime];
        for (field, source) in self.schema.fields().iter().skip(1).zip(&self.mapping) {
            let Some(c) = source else {
                columns.push(new_null_array(field.data_type(), rows));
                continue;
            };
            let raw = file.column(*c);
            let raw = if sql_type(raw.data_type()).is_some() { raw.clone() } else { as_text(raw)? };
            let value = cast(&raw, field.data_type())?;
            for row in (0..rows).filter(|r| raw.is_valid(*r) && value.is_null(*r)) {
                let message = format!(
                    "column {}: '{}' is not a valid {}",
                    field.name(),
                    value_text(&raw, row),
                    crate::plan::types::sql_name(field.data_type())
                );
                reject(row, message, &mut ok);
            }
            columns.push(value);
        }
        super::keep_good_rows(&self.schema, columns, rows, ok, vec![], bad_rows)
    }
}

/// A cast that gives NULL for a value that does not fit (the caller reports it).
fn cast(array: &ArrayRef, to: &DataType) -> Result<ArrayRef> {
    Ok(arrow_cast::cast_with_options(array, to, &CastOptions { safe: true, ..Default::default() })?)
}

fn value_text(array: &ArrayRef, row: usize) -> String {
    ArrayFormatter::try_new(array.as_ref(), &FormatOptions::default())
        .map(|f| f.value(row).to_string())
        .unwrap_or_default()
}

/// A column of a type SQL has no name for, as text.
fn as_text(array: &ArrayRef) -> Result<ArrayRef> {
    let formatter = ArrayFormatter::try_new(array.as_ref(), &FormatOptions::default())?;
    let text: StringArray =
        (0..array.len()).map(|row| array.is_valid(row).then(|| formatter.value(row).to_string())).collect();
    Ok(Arc::new(text))
}

/// A row of the file as text, for `error_stream.DATA_ROW`.
fn row_text(batch: &RecordBatch, row: usize) -> String {
    batch
        .columns()
        .iter()
        .map(|c| if c.is_valid(row) { value_text(c, row) } else { String::new() })
        .collect::<Vec<_>>()
        .join(",")
}

impl Source for ParquetSource {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// A file is read as fast as possible: every row has arrived.
    fn poll(&mut self, now: i64, _max_rows: usize) -> Result<Polled> {
        match self.reader.next() {
            Some(batch) => {
                self.batches += 1;
                self.convert(&batch?, now)
            }
            None => {
                self.exhausted = true;
                Ok(Polled::default())
            }
        }
    }

    fn next_arrival(&self) -> Option<i64> {
        None
    }

    fn is_exhausted(&self) -> bool {
        self.exhausted
    }

    fn save(&self) -> Result<Vec<u8>> {
        crate::state::encode(&(self.batches, self.exhausted))
    }

    /// Skips the batches read before the checkpoint (the file is read in the same batches).
    fn load(&mut self, bytes: &[u8]) -> Result<()> {
        let (batches, exhausted): (u64, bool) = crate::state::decode(bytes)?;
        for _ in 0..batches {
            if self.reader.next().transpose()?.is_none() {
                return crate::input_err!("the Parquet file is shorter than its checkpoint says");
            }
        }
        self.batches = batches;
        self.exhausted = exhausted;
        Ok(())
    }
}
