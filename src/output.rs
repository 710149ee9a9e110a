//! Rows as text: JSON lines, CSV and tables, in the formats the CLI contract fixes.
//!
//! Every format prints timestamps as `YYYY-MM-DD HH:MM:SS.fff` (UTC). JSON lines start with a
//! `"stream"` key naming the in-application stream, then the columns in schema order.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMillisecondType,
};
use arrow_array::{Array, ArrayRef, BooleanArray, PrimitiveArray, RecordBatch, StringArray, StructArray};

use crate::error::{Error, Result};
use crate::plan::types::{civil, format_timestamp};
use crate::plan::{IntervalQualifier, ScalarValue};

/// The values of one row, in column order; an interval in the qualifier its field keeps.
pub fn row_values(batch: &RecordBatch, row: usize) -> Result<Vec<ScalarValue>> {
    let fields = batch.schema_ref().fields();
    let values = fields.iter().zip(batch.columns()).map(|(field, column)| {
        Ok(match ScalarValue::try_from_array(column.as_ref(), row)? {
            ScalarValue::Interval(v, full) => {
                ScalarValue::Interval(v, IntervalQualifier::of_field(field).unwrap_or(full))
            }
            // A TIMESTAMP_LTZ as its zone's wall clock.
            ScalarValue::TimestampMs(ms) => match crate::plan::types::ltz_zone(field.data_type()) {
                Some(zone) => ScalarValue::TimestampMs(
                    crate::plan::zone::WallClock::new(zone).map_err(Error::Execution)?.local(ms),
                ),
                None => ScalarValue::TimestampMs(ms),
            },
            other => other,
        })
    });
    values.collect()
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
    lines_of(Some(stream), batch)
}

/// Each row of `batch` as one JSON object of its columns: `{"COL": value, …}`.
pub fn json_records(batch: &RecordBatch) -> Result<Vec<String>> {
    lines_of(None, batch)
}

fn lines_of(stream: Option<&str>, batch: &RecordBatch) -> Result<Vec<String>> {
    let mut out = Vec::new();
    write_json_lines(stream, batch, &mut out)?;
    // JSON text holds no raw line break, and every value written is UTF-8.
    let text = String::from_utf8(out).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(text.lines().map(str::to_string).collect())
}

/// Each row of `batch` as a JSON line appended to `out`: `{"stream": …, "COL": value, …}`
/// (without `"stream"` when it is `None`), a batch at a time, straight from its columns.
pub fn write_json_lines(stream: Option<&str>, batch: &RecordBatch, out: &mut Vec<u8>) -> Result<()> {
    let schema = batch.schema();
    let start = match stream {
        Some(stream) => format!("{{\"stream\":{}", json_string(stream)),
        None => "{".to_string(),
    };
    let keys: Vec<String> =
        schema.fields().iter().enumerate().map(|(i, f)| json_key(f.name(), i > 0 || stream.is_some())).collect();
    let values: Vec<Values> = schema.fields().iter().zip(batch.columns()).map(Values::of).collect();
    out.reserve(batch.num_rows() * (start.len() + keys.iter().map(|k| k.len() + 8).sum::<usize>()));
    for row in 0..batch.num_rows() {
        out.extend_from_slice(start.as_bytes());
        for (key, column) in keys.iter().zip(&values) {
            out.extend_from_slice(key.as_bytes());
            column.json(row, out)?;
        }
        out.extend_from_slice(b"}\n");
    }
    Ok(())
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// An object's key as it comes before its value: `"name":`, after a comma unless it is first.
pub(crate) fn json_key(name: &str, after_comma: bool) -> String {
    format!("{}{}:", if after_comma { "," } else { "" }, json_string(name))
}

/// Writes CSV: a header line (`stream,COL,…`, or `COL,…` without a stream) whenever the stream
/// or its columns change, then the rows.
#[derive(Default)]
pub struct CsvWriter {
    current: Option<(Option<String>, Vec<String>)>,
}

impl CsvWriter {
    /// Appends `batch`'s rows to `out`, a line each, after a header if one is due.
    pub fn write(&mut self, stream: Option<&str>, batch: &RecordBatch, out: &mut Vec<u8>) -> Result<()> {
        let columns: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
        let header = (stream.map(str::to_string), columns);
        if self.current.as_ref() != Some(&header) {
            let names = stream.map(|_| "stream").into_iter().chain(header.1.iter().map(String::as_str));
            for (i, name) in names.enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                csv_field(name, out);
            }
            out.push(b'\n');
            self.current = Some(header);
        }
        let values: Vec<Values> = batch.schema_ref().fields().iter().zip(batch.columns()).map(Values::of).collect();
        for row in 0..batch.num_rows() {
            if let Some(stream) = stream {
                csv_field(stream, out);
                out.push(b',');
            }
            for (i, column) in values.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                column.csv(row, out)?;
            }
            out.push(b'\n');
        }
        Ok(())
    }
}

/// Fields as one CSV line, quoted where they need it.
pub fn csv_line(fields: &[String]) -> String {
    let mut out = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        csv_field(field, &mut out);
    }
    String::from_utf8(out).expect("fields are text")
}

/// A batch's columns, each written straight into a buffer a value at a time: the common types
/// by hand (digits, shortest floats, timestamps), the others through [`ScalarValue`], so that
/// every value reads exactly as `ScalarValue::to_json_text` and `to_text` print it.
enum Values<'a> {
    Boolean(&'a BooleanArray),
    Int8(&'a PrimitiveArray<Int8Type>),
    Int16(&'a PrimitiveArray<Int16Type>),
    Int32(&'a PrimitiveArray<Int32Type>),
    Int64(&'a PrimitiveArray<Int64Type>),
    Float32(&'a PrimitiveArray<Float32Type>),
    Float64(&'a PrimitiveArray<Float64Type>),
    Text(&'a StringArray),
    /// With the last day written (`YYYY-MM-DD `), which the next row most likely shares; a
    /// TIMESTAMP_LTZ as its zone's wall clock.
    Timestamp(PrimitiveArray<TimestampMillisecondType>, std::cell::Cell<(i64, [u8; 11])>),
    /// Intervals, printed in the qualifier their field keeps.
    Interval(&'a dyn Array, IntervalQualifier),
    /// A ROW: an object of its fields (each after its key, `,"name":`, the first without the
    /// comma), written as its columns are; its text (CSV) is that JSON.
    Row(&'a StructArray, Vec<(String, Values<'a>)>),
    Other(&'a dyn Array),
}

impl<'a> Values<'a> {
    fn of((field, array): (&arrow_schema::FieldRef, &'a ArrayRef)) -> Values<'a> {
        use arrow_schema::{DataType as D, TimeUnit};
        if let Some(q) = IntervalQualifier::of_field(field) {
            return Values::Interval(array.as_ref(), q);
        }
        match array.data_type() {
            D::Boolean => Values::Boolean(array.as_boolean()),
            D::Int8 => Values::Int8(array.as_primitive()),
            D::Int16 => Values::Int16(array.as_primitive()),
            D::Int32 => Values::Int32(array.as_primitive()),
            D::Int64 => Values::Int64(array.as_primitive()),
            D::Float32 => Values::Float32(array.as_primitive()),
            D::Float64 => Values::Float64(array.as_primitive()),
            D::Utf8 => Values::Text(array.as_string()),
            D::Timestamp(TimeUnit::Millisecond, zone) => {
                // A TIMESTAMP_LTZ as its wall clock (the zone was checked when it was planned).
                let times = array.as_primitive::<TimestampMillisecondType>();
                let wall_clock =
                    zone.as_ref().and_then(|zone| crate::plan::zone::wall_clock_column(times, zone, true).ok());
                let times = wall_clock.unwrap_or_else(|| times.clone());
                Values::Timestamp(times, std::cell::Cell::new((i64::MIN, [0; 11])))
            }
            D::Struct(fields) => {
                let row = array.as_struct();
                let columns = fields.iter().zip(row.columns()).enumerate().map(|(i, (field, column))| {
                    let key = json_key(field.name(), i > 0);
                    // Inside a ROW, an interval prints as its value says (not its field), as
                    // `ScalarValue::to_json_text` writes it.
                    let values = match Values::of((field, column)) {
                        Values::Interval(a, _) => Values::Other(a),
                        values => values,
                    };
                    (key, values)
                });
                Values::Row(row, columns.collect())
            }
            _ => Values::Other(array.as_ref()),
        }
    }

    /// The value at `row` as JSON.
    fn json(&self, row: usize, out: &mut Vec<u8>) -> Result<()> {
        if self.is_null(row) {
            out.extend_from_slice(b"null");
            return Ok(());
        }
        match self {
            Values::Text(a) => {
                serde_json::to_writer(&mut *out, a.value(row)).map_err(|e| Error::Internal(e.to_string()))?
            }
            Values::Timestamp(a, day) => {
                out.push(b'"');
                timestamp(a.value(row), day, out);
                out.push(b'"');
            }
            Values::Interval(a, q) => {
                serde_json::to_writer(&mut *out, &interval(*a, *q, row)?).map_err(|e| Error::Internal(e.to_string()))?
            }
            Values::Row(_, fields) => {
                out.push(b'{');
                for (key, column) in fields {
                    out.extend_from_slice(key.as_bytes());
                    column.json(row, out)?;
                }
                out.push(b'}');
            }
            Values::Other(a) => out.extend_from_slice(ScalarValue::try_from_array(*a, row)?.to_json_text().as_bytes()),
            _ => self.number(row, out),
        }
        Ok(())
    }

    /// The value at `row` as a CSV field: empty for NULL, quoted where it needs to be.
    fn csv(&self, row: usize, out: &mut Vec<u8>) -> Result<()> {
        if self.is_null(row) {
            return Ok(());
        }
        match self {
            Values::Text(a) => csv_field(a.value(row), out),
            Values::Timestamp(a, day) => timestamp(a.value(row), day, out),
            Values::Interval(a, q) => csv_field(&interval(*a, *q, row)?, out),
            // A ROW's text is its JSON.
            Values::Row(..) => {
                let mut json = Vec::new();
                self.json(row, &mut json)?;
                csv_field(&String::from_utf8_lossy(&json), out)
            }
            Values::Other(a) => csv_field(&ScalarValue::try_from_array(*a, row)?.to_text(), out),
            _ => self.number(row, out),
        }
        Ok(())
    }

    fn is_null(&self, row: usize) -> bool {
        match self {
            Values::Boolean(a) => a.is_null(row),
            Values::Int8(a) => a.is_null(row),
            Values::Int16(a) => a.is_null(row),
            Values::Int32(a) => a.is_null(row),
            Values::Int64(a) => a.is_null(row),
            Values::Float32(a) => a.is_null(row),
            Values::Float64(a) => a.is_null(row),
            Values::Text(a) => a.is_null(row),
            Values::Timestamp(a, _) => a.is_null(row),
            Values::Row(a, _) => a.is_null(row),
            Values::Other(a) | Values::Interval(a, _) => a.is_null(row),
        }
    }

    /// A boolean or a number, the same in JSON and CSV (a float that is not finite is `null`).
    fn number(&self, row: usize, out: &mut Vec<u8>) {
        let mut digits = itoa::Buffer::new();
        let text: &str = match self {
            Values::Boolean(a) => {
                if a.value(row) {
                    "true"
                } else {
                    "false"
                }
            }
            Values::Int8(a) => digits.format(a.value(row)),
            Values::Int16(a) => digits.format(a.value(row)),
            Values::Int32(a) => digits.format(a.value(row)),
            Values::Int64(a) => digits.format(a.value(row)),
            // The f64 of the f32's shortest text, as JSON prints it (0.1f32 is 0.1, not
            // 0.10000000149011612).
            Values::Float32(a) => return json_f32(a.value(row), out),
            Values::Float64(a) => return json_float(a.value(row), out),
            Values::Text(_) | Values::Timestamp(..) | Values::Interval(..) | Values::Row(..) | Values::Other(_) => {
                unreachable!("not a number")
            }
        };
        out.extend_from_slice(text.as_bytes());
    }
}

/// The interval at `row` as `q` prints it.
fn interval(array: &dyn Array, q: IntervalQualifier, row: usize) -> Result<String> {
    match ScalarValue::try_from_array(array, row)? {
        ScalarValue::Interval(v, _) => Ok(q.format(v)),
        other => Err(Error::Internal(format!("{other:?} is not an interval"))),
    }
}

/// An f32 as JSON prints the f64 of its shortest text: one of a few decimals written from its
/// digits (`62.35`, `100.0`: what serde_json writes for that f64, without finding its digits
/// again), any other through [`json_float`].
fn json_f32(v: f32, out: &mut Vec<u8>) {
    let Some((m, k)) = crate::plan::scalar::f32_decimal(v) else {
        return json_float(crate::plan::scalar::shortest_f64(v), out);
    };
    if m < 0 {
        out.push(b'-');
    }
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(m.unsigned_abs()).as_bytes();
    if k == 0 {
        out.extend_from_slice(digits);
        out.extend_from_slice(b".0");
    } else if digits.len() > k {
        let (whole, decimals) = digits.split_at(digits.len() - k);
        out.extend_from_slice(whole);
        out.push(b'.');
        out.extend_from_slice(decimals);
    } else {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', k - digits.len()));
        out.extend_from_slice(digits);
    }
}

/// A float as JSON prints it (serde_json's own digits; `null` when not finite).
fn json_float(v: f64, out: &mut Vec<u8>) {
    match serde_json::Number::from_f64(v) {
        Some(n) => {
            let _ = serde_json::to_writer(&mut *out, &n);
        }
        None => out.extend_from_slice(b"null"),
    }
}

/// A timestamp as `YYYY-MM-DD HH:MM:SS.fff`, as [`format_timestamp`] writes it; `last` is the
/// day written last and its text.
fn timestamp(ms: i64, last: &std::cell::Cell<(i64, [u8; 11])>, out: &mut Vec<u8>) {
    let (days, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (last_day, mut date) = last.get();
    if days != last_day {
        let (year, month, day) = civil(days);
        if !(0..=9999).contains(&year) {
            out.extend_from_slice(format_timestamp(ms).as_bytes());
            return;
        }
        let digit = |n: i64| b'0' + n as u8;
        date = [
            digit(year / 1000),
            digit(year / 100 % 10),
            digit(year / 10 % 10),
            digit(year % 10),
            b'-',
            digit(month / 10),
            digit(month % 10),
            b'-',
            digit(day / 10),
            digit(day % 10),
            b' ',
        ];
        last.set((days, date));
    }
    out.extend_from_slice(&date);
    let two = |n: i64, out: &mut Vec<u8>| out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
    two(in_day / 3_600_000, out);
    out.push(b':');
    two(in_day / 60_000 % 60, out);
    out.push(b':');
    two(in_day / 1000 % 60, out);
    out.push(b'.');
    let millis = in_day % 1000;
    out.extend_from_slice(&[b'0' + (millis / 100) as u8, b'0' + (millis / 10 % 10) as u8, b'0' + (millis % 10) as u8]);
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str, out: &mut Vec<u8>) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        for part in text.split_inclusive('"') {
            out.extend_from_slice(part.as_bytes());
            if part.ends_with('"') {
                out.push(b'"');
            }
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
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
        let mut out = Vec::new();
        w.write(Some("OUT"), &batch(), &mut out).unwrap();
        let first = String::from_utf8(out).unwrap();
        assert_eq!(first, "stream,ROWTIME,CITY,N\nOUT,2018-11-01 00:00:00.000,\"Fort Collins, CO\",\n");
        let mut out = Vec::new();
        w.write(Some("OUT"), &batch(), &mut out).unwrap();
        assert_eq!(out.iter().filter(|b| **b == b'\n').count(), 1);
    }

    /// Values written straight from their columns read exactly as `ScalarValue` prints them,
    /// for every type, NULLs, text that needs escaping or quoting, floats that are not finite,
    /// and timestamps outside years 0–9999.
    #[test]
    fn columns_write_as_scalar_values_print() {
        use arrow_array::{
            BooleanArray, Date32Array, Decimal128Array, Float32Array, Float64Array, Int16Array, Int64Array, Int8Array,
        };
        let mut random = rand_pcg::Pcg64::new(7, 11);
        let mut next = || rand_core::Rng::next_u64(&mut random);
        let rows = 2000;
        let mut pick = |n: u64| next() % n;
        let null = |v: u64| v.is_multiple_of(7);
        let texts =
            ["", "a", "Fort Collins, CO", "say \"hi\"", "line\nbreak", "tab\tand\u{1}", "ünïcødé ✓", "back\\slash"];
        let mut columns: Vec<(&str, ArrayRef)> = Vec::new();
        columns.push((
            "B",
            Arc::new(
                (0..rows)
                    .map(|_| {
                        let v = pick(3);
                        (!null(v)).then_some(v == 1)
                    })
                    .collect::<BooleanArray>(),
            ),
        ));
        columns.push((
            "I8",
            Arc::new(
                (0..rows)
                    .map(|_| {
                        let v = pick(1000);
                        (!null(v)).then_some(v as i8)
                    })
                    .collect::<Int8Array>(),
            ),
        ));
        columns.push((
            "I16",
            Arc::new(
                (0..rows)
                    .map(|_| {
                        let v = pick(100_000);
                        (!null(v)).then_some(v as i16)
                    })
                    .collect::<Int16Array>(),
            ),
        ));
        columns.push((
            "I32",
            Arc::new(
                (0..rows)
                    .map(|_| {
                        let v = pick(u64::MAX);
                        (!null(v)).then_some(v as i32)
                    })
                    .collect::<Int32Array>(),
            ),
        ));
        columns.push((
            "I64",
            Arc::new(
                (0..rows)
                    .map(|_| {
                        let v = pick(u64::MAX);
                        (!null(v)).then_some(v as i64)
                    })
                    .collect::<Int64Array>(),
            ),
        ));
        let special = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, 1e21, 1e-7, 0.1, 16777216.0, 1e300];
        let float = |v: u64| if v.is_multiple_of(5) { special[(v / 5 % 10) as usize] } else { f64::from_bits(v) };
        let f64s: Vec<Option<f64>> = (0..rows)
            .map(|_| {
                let v = pick(u64::MAX);
                (!null(v)).then(|| float(v))
            })
            .collect();
        columns.push(("F64", Arc::new(Float64Array::from(f64s.clone()))));
        let f32s: Vec<Option<f32>> = f64s
            .iter()
            .zip(0..)
            .map(|(v, i)| v.map(|v| if i % 2 == 0 { v as f32 } else { f32::from_bits(v.to_bits() as u32) }))
            .collect();
        columns.push(("F32", Arc::new(Float32Array::from(f32s))));
        columns.push((
            "S",
            Arc::new(
                (0..rows)
                    .map(|_| {
                        let v = pick(64);
                        (!null(v)).then_some(texts[(v % 8) as usize])
                    })
                    .collect::<StringArray>(),
            ),
        ));
        let times: Vec<Option<i64>> = (0..rows)
            .map(|_| {
                let v = pick(u64::MAX);
                (!null(v)).then_some(match v % 4 {
                    0 => (v as i64) >> 14,
                    1 => -((v % 100_000_000_000_000) as i64),
                    _ => (v % 4_102_444_800_000) as i64,
                })
            })
            .collect();
        columns.push(("T", Arc::new(TimestampMillisecondArray::from(times))));
        let decimals = (0..rows)
            .map(|_| {
                let v = pick(u64::MAX);
                (!null(v)).then_some(v as i64 as i128)
            })
            .collect::<Decimal128Array>();
        columns.push(("D", Arc::new(decimals.with_precision_and_scale(20, 3).unwrap())));
        columns.push((
            "DATE",
            Arc::new(
                (0..rows)
                    .map(|_| {
                        let v = pick(40_000);
                        (!null(v)).then_some(v as i32 - 20_000)
                    })
                    .collect::<Date32Array>(),
            ),
        ));
        // A ROW of some of the columns above with a ROW inside it, NULL every seventh row.
        let pick_columns = |names: &[&str]| -> (Vec<arrow_schema::FieldRef>, Vec<ArrayRef>) {
            names
                .iter()
                .map(|n| {
                    let array = columns.iter().find(|(c, _)| c == n).expect("a column").1.clone();
                    (Arc::new(arrow_schema::Field::new(*n, array.data_type().clone(), true)), array)
                })
                .unzip()
        };
        let (fields, arrays) = pick_columns(&["S", "T"]);
        let inner: ArrayRef = Arc::new(StructArray::try_new(fields.into(), arrays, None).unwrap());
        let (mut fields, mut arrays) = pick_columns(&["B", "I64", "F32", "F64", "D", "DATE"]);
        fields.push(Arc::new(arrow_schema::Field::new("in ner", inner.data_type().clone(), true)));
        arrays.push(inner);
        let nulls = arrow_buffer::NullBuffer::from((0..rows).map(|r| r % 7 != 3).collect::<Vec<bool>>());
        columns.push(("R", Arc::new(StructArray::try_new(fields.into(), arrays, Some(nulls)).unwrap())));
        let batch = RecordBatch::try_from_iter(columns).unwrap();

        // What each row printed before: its ScalarValues, as JSON and as CSV text.
        let values: Vec<Vec<ScalarValue>> = (0..batch.num_rows()).map(|r| row_values(&batch, r).unwrap()).collect();
        let names: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
        let json: Vec<String> = values
            .iter()
            .map(|row| {
                let fields: Vec<String> =
                    names.iter().zip(row).map(|(n, v)| format!("{}:{}", json_string(n), v.to_json_text())).collect();
                format!("{{\"stream\":\"S\",{}}}", fields.join(","))
            })
            .collect();
        let written = json_lines("S", &batch).unwrap();
        assert_eq!(written.len(), json.len());
        if let Some((w, j)) = written.iter().zip(&json).find(|(w, j)| w != j) {
            panic!("written: {w}\nprinted: {j}");
        }
        let quoted =
            |f: String| if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f };
        let mut csv = format!("{}\n", names.join(","));
        for row in &values {
            csv += &row.iter().map(|v| quoted(v.to_text())).collect::<Vec<_>>().join(",");
            csv.push('\n');
        }
        let mut out = Vec::new();
        CsvWriter::default().write(None, &batch, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        if let Some((w, c)) = out.split('\n').zip(csv.split('\n')).find(|(w, c)| w != c) {
            panic!("written: {w}\nprinted: {c}");
        }
        assert_eq!(out, csv);
    }

    /// An f32 written from its decimals reads exactly as serde_json writes the f64 of its
    /// shortest text: numbers of a few decimals, and f32s across the range of bit patterns.
    #[test]
    fn an_f32_is_written_as_json_writes_its_shortest_text() {
        let decimals = (-100_000..100_000).flat_map(|i| [i as f32 / 100.0, i as f32 / 1000.0, i as f32 * 37.0]);
        let patterns = (0..u32::MAX / 104_729).map(|i| f32::from_bits(i * 104_729));
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        for v in decimals.chain(patterns) {
            fast.clear();
            slow.clear();
            json_f32(v, &mut fast);
            json_float(crate::plan::scalar::shortest_f64(v), &mut slow);
            assert_eq!(String::from_utf8_lossy(&fast), String::from_utf8_lossy(&slow), "{v}");
        }
    }
}
