//! CSV files (with a header row) as a stream.
//!
//! Columns match the stream's columns by name, case-insensitively; a `ROWTIME` column, if the
//! file has one, gives each row its `ROWTIME`, otherwise rows take the virtual time they are
//! read at. Values are read as text and cast to the stream's types; a row with a value that
//! does not cast goes to `error_stream` with the column and the reason, never silently away.

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{new_null_array, Array, ArrayRef, BooleanArray, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_cast::CastOptions;
use arrow_schema::{DataType, Field, Schema, SchemaRef};

use super::{BadRow, Polled, Source};
use crate::error::{Error, Result};
use crate::plan::types::parse_timestamp;
use crate::plan::{ColumnDef, SqlType, StreamDef, ROWTIME};

const BATCH_ROWS: usize = 4096;

/// Discovers a stream's schema from a CSV sample, as KDA's schema discovery did: column names
/// from the header (unquoted-identifier style, upper case), SQL types from the values.
pub fn infer_stream<R: Read + Seek>(name: &str, reader: &mut R) -> Result<StreamDef> {
    let format = arrow_csv::reader::Format::default().with_header(true);
    let (schema, _) = format
        .infer_schema(&mut *reader, Some(1000))
        .map_err(|e| Error::Input(format!("cannot read a CSV header for stream \"{name}\": {e}")))?;
    reader.seek(SeekFrom::Start(0)).map_err(|e| Error::Input(e.to_string()))?;
    let columns = schema
        .fields()
        .iter()
        .filter(|f| !f.name().eq_ignore_ascii_case(ROWTIME))
        .map(|f| ColumnDef {
            name: f.name().trim().to_uppercase(),
            sql_type: SqlType::from_arrow(f.data_type()).unwrap_or(SqlType::Varchar(None)),
        })
        .collect();
    Ok(StreamDef::new(name, columns))
}

pub struct CsvSource<R: Read> {
    reader: arrow_csv::Reader<R>,
    schema: SchemaRef,
    /// For each stream column after ROWTIME, the file column it comes from.
    mapping: Vec<Option<usize>>,
    rowtime_column: Option<usize>,
    exhausted: bool,
}

impl<R: Read + Seek> CsvSource<R> {
    /// Reads `reader` as the rows of `stream`.
    pub fn new(mut reader: R, stream: &StreamDef) -> Result<CsvSource<R>> {
        let format = arrow_csv::reader::Format::default().with_header(true);
        let (file_schema, _) = format
            .infer_schema(&mut reader, Some(1))
            .map_err(|e| Error::Input(format!("cannot read the CSV header: {e}")))?;
        reader.seek(SeekFrom::Start(0)).map_err(|e| Error::Input(e.to_string()))?;
        let names: Vec<String> = file_schema.fields().iter().map(|f| f.name().trim().to_string()).collect();
        let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
        let columns = stream.source_columns();
        let mapping: Vec<Option<usize>> = columns.iter().map(|c| find(&c.name)).collect();
        if mapping.iter().all(Option::is_none) && !columns.is_empty() {
            return Err(Error::Input(format!(
                "the CSV header ({}) names none of stream \"{}\"'s columns ({})",
                names.join(", "),
                stream.name,
                columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
            )));
        }
        let text_schema =
            Arc::new(Schema::new(names.iter().map(|n| Field::new(n, DataType::Utf8, true)).collect::<Vec<_>>()));
        let reader = arrow_csv::ReaderBuilder::new(text_schema)
            .with_header(true)
            .with_batch_size(BATCH_ROWS)
            .build(reader)
            .map_err(|e| Error::Input(format!("cannot read the CSV file: {e}")))?;
        Ok(CsvSource {
            reader,
            schema: stream.source_schema(),
            mapping,
            rowtime_column: find(ROWTIME),
            exhausted: false,
        })
    }
}

impl<R: Read> CsvSource<R> {
    /// Casts a batch of text to the stream's schema; rows that fail become bad rows.
    fn convert(&self, text: &RecordBatch, now: i64) -> Result<Polled> {
        let rows = text.num_rows();
        let mut ok = vec![true; rows];
        let mut bad_rows = Vec::new();
        let mut reject = |row: usize, rowtime: Option<i64>, message: String, ok: &mut Vec<bool>| {
            if ok[row] {
                ok[row] = false;
                bad_rows.push((row, BadRow { rowtime, data: raw_row(text, row), message }));
            }
        };

        let rowtime: ArrayRef = match self.rowtime_column {
            Some(c) => {
                let raw = text.column(c).as_string::<i32>();
                let parsed: Vec<Option<i64>> =
                    (0..rows).map(|r| if raw.is_null(r) { None } else { parse_timestamp(raw.value(r)) }).collect();
                for (r, v) in parsed.iter().enumerate() {
                    if v.is_none() {
                        let value = if raw.is_null(r) { "" } else { raw.value(r) };
                        reject(r, None, format!("column ROWTIME: '{value}' is not a timestamp"), &mut ok);
                    }
                }
                Arc::new(TimestampMillisecondArray::from(
                    parsed.iter().map(|v| Some(v.unwrap_or(0))).collect::<Vec<_>>(),
                ))
            }
            None => Arc::new(TimestampMillisecondArray::from(vec![now; rows])),
        };
        let mut columns = vec![rowtime.clone()];
        let times = rowtime.as_primitive::<arrow_array::types::TimestampMillisecondType>();
        for (field, source) in self.schema.fields().iter().skip(1).zip(&self.mapping) {
            let Some(c) = source else {
                columns.push(new_null_array(field.data_type(), rows));
                continue;
            };
            let raw = text.column(*c).as_string::<i32>();
            // Empty text is NULL for every type but strings.
            let raw: StringArray = if field.data_type() == &DataType::Utf8 {
                raw.clone()
            } else {
                raw.iter().map(|v| v.map(str::trim).filter(|v| !v.is_empty())).collect()
            };
            let cast: ArrayRef = if matches!(field.data_type(), DataType::Timestamp(..)) {
                // Our own parser: it takes the spellings files use (`2020-04-15 08:05`, ISO, …).
                Arc::new(raw.iter().map(|v| v.and_then(parse_timestamp)).collect::<TimestampMillisecondArray>())
            } else {
                let options = CastOptions { safe: true, ..Default::default() };
                arrow_cast::cast_with_options(&raw, field.data_type(), &options)?
            };
            for r in 0..rows {
                if raw.is_valid(r) && cast.is_null(r) {
                    let message = format!(
                        "column {}: '{}' is not a valid {}",
                        field.name(),
                        raw.value(r),
                        SqlType::from_arrow(field.data_type()).map_or(field.data_type().to_string(), |t| t.to_string())
                    );
                    reject(r, Some(times.value(r)), message, &mut ok);
                }
            }
            columns.push(cast);
        }
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        let batch = if ok.iter().all(|v| *v) {
            batch
        } else {
            arrow_select::filter::filter_record_batch(&batch, &BooleanArray::from(ok))?
        };
        bad_rows.sort_by_key(|(row, _)| *row);
        Ok(Polled { batch: Some(batch), bad_rows: bad_rows.into_iter().map(|(_, b)| b).collect() })
    }
}

/// A row's fields as the file had them, comma-separated, for `error_stream.DATA_ROW`.
fn raw_row(text: &RecordBatch, row: usize) -> String {
    text.columns()
        .iter()
        .map(|c| {
            let s = c.as_string::<i32>();
            if s.is_null(row) {
                String::new()
            } else {
                s.value(row).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl<R: Read> Source for CsvSource<R> {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// A file is read as fast as possible: every row has arrived.
    fn poll(&mut self, now: i64, _max_rows: usize) -> Result<Polled> {
        if self.exhausted {
            return Ok(Polled::default());
        }
        match self.reader.next() {
            Some(Ok(text)) => self.convert(&text, now),
            Some(Err(e)) => {
                self.exhausted = true;
                Err(Error::Input(format!("reading CSV: {e}")))
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn bad_values_become_bad_rows_with_the_column_named() {
        let data =
            "ROWTIME,City,Temp\n2018-11-01 01:00:00.0,Denver,29\n2018-11-01 02:00:00.0,Miami,warm\nyesterday,Oslo,3\n";
        let stream = StreamDef::new(
            "W",
            vec![
                ColumnDef { name: "CITY".into(), sql_type: SqlType::Varchar(Some(20)) },
                ColumnDef { name: "TEMP".into(), sql_type: SqlType::Integer },
            ],
        );
        let mut source = CsvSource::new(Cursor::new(data), &stream).unwrap();
        let polled = source.poll(0, 100).unwrap();
        assert_eq!(polled.batch.unwrap().num_rows(), 1);
        assert_eq!(polled.bad_rows.len(), 2);
        assert_eq!(polled.bad_rows[0].message, "column TEMP: 'warm' is not a valid INTEGER");
        assert_eq!(polled.bad_rows[0].data, "2018-11-01 02:00:00.0,Miami,warm");
        assert!(polled.bad_rows[1].message.contains("ROWTIME"));
    }

    #[test]
    fn discovery_upper_cases_names_and_types_columns() {
        let data = "ROWTIME,city,temp\n2018-11-01 01:00:00.0,Denver,29\n";
        let stream = infer_stream("W", &mut Cursor::new(data)).unwrap();
        let names: Vec<_> = stream.columns.iter().map(|c| (c.name.as_str(), c.sql_type.clone())).collect();
        assert_eq!(names, vec![("CITY", SqlType::Varchar(None)), ("TEMP", SqlType::BigInt)]);
    }
}
