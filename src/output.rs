//! Rows as text: JSON lines, CSV and tables, in the formats the CLI contract fixes.
//!
//! Every format prints timestamps as `YYYY-MM-DD HH:MM:SS.fff` (UTC). JSON lines start with a
//! `"stream"` key naming the in-application stream, then the columns in schema order.

use arrow_array::RecordBatch;

use crate::error::Result;
use crate::plan::ScalarValue;

/// The values of one row, in column order.
pub fn row_values(batch: &RecordBatch, row: usize) -> Result<Vec<ScalarValue>> {
    batch.columns().iter().map(|c| ScalarValue::try_from_array(c.as_ref(), row)).collect()
}

/// One row as comma-separated text, for `error_stream.DATA_ROW`.
pub fn row_text(batch: &RecordBatch, row: usize) -> String {
    match row_values(batch, row) {
        Ok(values) => values.iter().map(|v| v.to_text()).collect::<Vec<_>>().join(","),
        Err(e) => format!("<unprintable row: {e}>"),
    }
}

/// Each row of `batch` as one JSON object: `{"stream": …, "COL": value, …}`.
pub fn json_lines(stream: &str, batch: &RecordBatch) -> Result<Vec<String>> {
    objects(Some(stream), batch)
}

/// Each row of `batch` as one JSON object of its columns: `{"COL": value, …}`.
pub fn json_records(batch: &RecordBatch) -> Result<Vec<String>> {
    objects(None, batch)
}

fn objects(stream: Option<&str>, batch: &RecordBatch) -> Result<Vec<String>> {
    let schema = batch.schema();
    let names: Vec<String> = schema.fields().iter().map(|f| json_string(f.name())).collect();
    let mut lines = Vec::with_capacity(batch.num_rows());
    for row in 0..batch.num_rows() {
        let mut line = match stream {
            Some(stream) => format!("{{\"stream\":{}", json_string(stream)),
            None => "{".to_string(),
        };
        for (i, (name, value)) in names.iter().zip(row_values(batch, row)?).enumerate() {
            if i > 0 || stream.is_some() {
                line.push(',');
            }
            line.push_str(name);
            line.push(':');
            line.push_str(&value.to_json_text());
        }
        line.push('}');
        lines.push(line);
    }
    Ok(lines)
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// Writes CSV: a header line `stream,COL,…` whenever the stream changes, then rows.
#[derive(Default)]
pub struct CsvWriter {
    current: Option<(String, Vec<String>)>,
}

impl CsvWriter {
    pub fn lines(&mut self, stream: &str, batch: &RecordBatch) -> Result<Vec<String>> {
        let columns: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
        let mut out = Vec::with_capacity(batch.num_rows() + 1);
        let header = (stream.to_string(), columns);
        if self.current.as_ref() != Some(&header) {
            let mut fields = vec!["stream".to_string()];
            fields.extend(header.1.iter().cloned());
            out.push(csv_line(&fields));
            self.current = Some(header);
        }
        for row in 0..batch.num_rows() {
            let mut fields = vec![stream.to_string()];
            fields.extend(row_values(batch, row)?.iter().map(|v| v.to_text()));
            out.push(csv_line(&fields));
        }
        Ok(out)
    }
}

/// Fields as one CSV line, quoted where they need it.
pub fn csv_line(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.clone() })
        .collect::<Vec<_>>()
        .join(",")
}

/// Batches of one stream as a boxed text table, for `--format table`.
#[cfg(not(target_arch = "wasm32"))]
pub fn table(batches: &[RecordBatch]) -> Result<String> {
    use arrow_cast::display::FormatOptions;
    let options =
        FormatOptions::default().with_null("NULL").with_timestamp_format(Some(crate::plan::types::TIMESTAMP_FORMAT));
    Ok(arrow_cast::pretty::pretty_format_batches_with_options(batches, &options)?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::types::timestamp_type;
    use arrow_array::{ArrayRef, Int32Array, StringArray, TimestampMillisecondArray};
    use arrow_schema::{DataType, Field, Schema};
    use std::sync::Arc;

    fn batch() -> RecordBatch {
        let schema = Schema::new(vec![
            Field::new("ROWTIME", timestamp_type(), false),
            Field::new("CITY", DataType::Utf8, true),
            Field::new("N", DataType::Int32, true),
        ]);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(TimestampMillisecondArray::from(vec![1_541_030_400_000])),
            Arc::new(StringArray::from(vec![Some("Fort Collins, CO")])),
            Arc::new(Int32Array::from(vec![None])),
        ];
        RecordBatch::try_new(Arc::new(schema), columns).unwrap()
    }

    #[test]
    fn json_lines_put_stream_first_and_format_timestamps() {
        assert_eq!(
            json_lines("OUT", &batch()).unwrap(),
            vec![r#"{"stream":"OUT","ROWTIME":"2018-11-01 00:00:00.000","CITY":"Fort Collins, CO","N":null}"#]
        );
    }

    #[test]
    fn csv_quotes_and_writes_a_header_once_per_stream() {
        let mut w = CsvWriter::default();
        let first = w.lines("OUT", &batch()).unwrap();
        assert_eq!(first, vec!["stream,ROWTIME,CITY,N", "OUT,2018-11-01 00:00:00.000,\"Fort Collins, CO\","]);
        assert_eq!(w.lines("OUT", &batch()).unwrap().len(), 1);
    }
}
