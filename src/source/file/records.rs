//! A segment's records read as rows of text, a batch at a time; JSON objects flattened into
//! fields.

use std::io::Cursor;
use std::ops::Range;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};

use super::framer::Segment;
use super::json_path::FieldPath;
use super::json_read::{JsonReader, TextColumns};
use super::Format;
use crate::error::{Error, Result};
use crate::source::BadRow;

/// The records of one segment of a file, read as rows of text a batch at a time.
pub(super) enum Records {
    Csv {
        reader: csv::Reader<Cursor<Vec<u8>>>,
        delimiter: u8,
        record: csv::ByteRecord,
        /// Line ends in the file before byte `counted` of this segment (a quoted line end
        /// counts: line numbers are the ones an editor shows).
        lines: usize,
        counted: usize,
    },
    JsonLines {
        text: Vec<u8>,
        at: usize,
        /// The number of the line read last, in the whole file.
        line: usize,
    },
    JsonArray {
        text: Vec<u8>,
        elements: std::vec::IntoIter<Range<usize>>,
        /// The number of the element read last, in the whole file.
        index: usize,
    },
}

/// A batch of records as text: one column per file field, and the records that could not be
/// read as rows at all.
pub(super) struct TextBatch {
    pub(super) columns: RecordBatch,
    /// For JSON, each row's raw text (for `error_stream`); CSV rows are rebuilt from fields.
    pub(super) raw: Option<RawRecords>,
    pub(super) bad: Vec<BadRow>,
}

/// The text of a batch's JSON records, one buffer for the batch, as `error_stream` shows a
/// record: a line as it is, an array's element as its object alone, written anew without the
/// layout around and inside it.
#[derive(Default)]
pub(super) struct RawRecords {
    text: String,
    ends: Vec<usize>,
    elements: bool,
}

impl RawRecords {
    fn push(&mut self, record: &str) {
        self.text.push_str(record);
        self.ends.push(self.text.len());
    }

    /// Row `row`'s record.
    pub(super) fn get(&self, row: usize) -> String {
        let start = row.checked_sub(1).map_or(0, |r| self.ends[r]);
        let record = &self.text[start..self.ends[row]];
        match self.elements.then(|| serde_json::from_str::<serde_json::Value>(record)) {
            Some(Ok(object)) => object.to_string(),
            _ => record.to_string(),
        }
    }
}

impl Records {
    /// The records of `segment`, which follows `before` lines (CSV, JSON lines) or elements
    /// (JSON arrays) of the file; with `header`, its first record is a CSV header, whose
    /// names are returned.
    pub(super) fn open(
        segment: Segment,
        format: Format,
        before: usize,
        header: bool,
    ) -> Result<(Records, Option<Vec<String>>)> {
        Ok(match format {
            Format::Csv { delimiter, .. } => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(header)
                    .delimiter(delimiter)
                    .flexible(true)
                    .from_reader(Cursor::new(segment.bytes));
                let names = if header {
                    let h = reader.headers().map_err(|e| Error::Input(format!("cannot read the CSV header: {e}")))?;
                    Some(h.iter().map(|n| n.trim().to_string()).collect())
                } else {
                    None
                };
                let records =
                    Records::Csv { reader, delimiter, record: csv::ByteRecord::new(), lines: before, counted: 0 };
                (records, names)
            }
            Format::JsonLines => (Records::JsonLines { text: segment.bytes, at: 0, line: before }, None),
            Format::JsonArray => (
                Records::JsonArray { text: segment.bytes, elements: segment.elements.into_iter(), index: before },
                None,
            ),
        })
    }

    /// Lines (CSV, JSON lines) or elements (JSON arrays) in `segment`: where the next one
    /// starts counting.
    pub(super) fn count(segment: &Segment, format: Format) -> usize {
        match format {
            Format::JsonArray => segment.elements.len(),
            _ => memchr::memchr_iter(b'\n', &segment.bytes).count(),
        }
    }

    /// The next JSON line or array element, with its number and its text; `None` at the end.
    fn next_json(&mut self) -> Option<(usize, &[u8])> {
        match self {
            Records::JsonLines { text, at, line } => {
                if *at >= text.len() {
                    return None;
                }
                let end = memchr::memchr(b'\n', &text[*at..]).map_or(text.len(), |i| *at + i);
                let mut bytes = &text[*at..end];
                *at = end + 1;
                *line += 1;
                if *line == 1 {
                    bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                }
                Some((*line, bytes.strip_suffix(b"\r").unwrap_or(bytes)))
            }
            Records::JsonArray { text, elements, index } => {
                let range = elements.next()?;
                *index += 1;
                Some((*index, &text[range]))
            }
            Records::Csv { .. } => None,
        }
    }

    /// Up to `max` records as text, a column per field; `None` at the end. JSON records are
    /// read by `json`, which says which fields to read and how (the others are NULL; values
    /// at no field's path are ignored).
    pub(super) fn next(&mut self, fields: &[FieldPath], json: &JsonReader, max: usize) -> Result<Option<TextBatch>> {
        let mut columns = TextColumns::new(fields.len());
        let mut bad = Vec::new();
        let mut raw = RawRecords { elements: matches!(self, Records::JsonArray { .. }), ..Default::default() };
        let mut rows = 0;
        let mut ended = false;
        let is_json = !matches!(self, Records::Csv { .. });
        while rows < max {
            if let Records::Csv { reader, delimiter, record, lines, counted } = self {
                match reader.read_byte_record(record) {
                    Ok(false) => {
                        ended = true;
                        break;
                    }
                    Ok(true) => {}
                    // Reading failed: the rest cannot be read either.
                    Err(e) if e.is_io_error() => return Err(Error::Input(format!("reading the file: {e}"))),
                    Err(e) => {
                        bad.push(BadRow { rowtime: None, data: String::new(), message: format!("CSV: {e}") });
                        continue;
                    }
                }
                let joined = || csv_line(record.iter(), *delimiter);
                if record.len() != fields.len() {
                    // After a CRLF the csv crate places a record at the LF before it.
                    let bytes = reader.get_ref().get_ref();
                    let at = record.position().map_or(0, |p| p.byte() as usize);
                    let start = (at + usize::from(bytes.get(at) == Some(&b'\n'))).clamp(*counted, bytes.len());
                    *lines += memchr::memchr_iter(b'\n', &bytes[*counted..start]).count();
                    *counted = start;
                    let message = format!(
                        "line {}: the record has {} fields, the header {}",
                        *lines + 1,
                        record.len(),
                        fields.len()
                    );
                    bad.push(BadRow { rowtime: None, data: joined(), message });
                    continue;
                }
                if let Some(field) = record.iter().position(|f| std::str::from_utf8(f).is_err()) {
                    let message = format!("column {}: the text is not UTF-8", field_name(&fields[field]));
                    bad.push(BadRow { rowtime: None, data: joined(), message });
                    continue;
                }
                for (b, f) in columns.builders.iter_mut().zip(record.iter()) {
                    b.append_value(std::str::from_utf8(f).unwrap_or_default());
                }
            } else {
                let is_lines = matches!(self, Records::JsonLines { .. });
                let Some((number, bytes)) = self.next_json() else {
                    ended = true;
                    break;
                };
                let place = if is_lines { format!("line {number}") } else { format!("element {number}") };
                if is_lines && bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let bad_row = |message: String| BadRow {
                    rowtime: None,
                    data: String::from_utf8_lossy(bytes).trim().into(),
                    message: format!("{place}: {message}"),
                };
                let Ok(text) = std::str::from_utf8(bytes) else {
                    // The text is not UTF-8: the reason as JSON's reader gives it.
                    let why = serde_json::from_slice::<serde_json::Value>(bytes)
                        .map_or_else(|e| e.to_string(), |_| "the text is not UTF-8".into());
                    bad.push(bad_row(why));
                    continue;
                };
                match json.append(text, &mut columns) {
                    Ok(true) => raw.push(text),
                    Ok(false) => {
                        bad.push(bad_row("not a JSON object".into()));
                        continue;
                    }
                    Err(e) => {
                        bad.push(bad_row(e.to_string()));
                        continue;
                    }
                }
            }
            rows += 1;
        }
        if ended && rows == 0 && bad.is_empty() {
            return Ok(None);
        }
        let schema = Arc::new(Schema::new(
            fields.iter().map(|f| Field::new(field_name(f), DataType::Utf8, true)).collect::<Vec<_>>(),
        ));
        let columns: Vec<ArrayRef> = columns.finish().into_iter().map(|c| Arc::new(c) as ArrayRef).collect();
        let columns = RecordBatch::try_new_with_options(
            schema,
            columns,
            &arrow_array::RecordBatchOptions::new().with_row_count(Some(rows)),
        )?;
        Ok(Some(TextBatch { columns, raw: is_json.then_some(raw), bad }))
    }

    /// The fields of JSON records: the paths to the values in the first `limit` objects, in
    /// the order first seen. Nested objects are flattened ([`json_fields`]). Reads ahead
    /// without consuming.
    pub(super) fn json_fields(&self, limit: usize) -> Vec<FieldPath> {
        let mut peek = match self {
            Records::JsonLines { text, at, line } => {
                Records::JsonLines { text: text[*at..].to_vec(), at: 0, line: *line }
            }
            Records::JsonArray { text, elements, index } => {
                Records::JsonArray { text: text.clone(), elements: elements.clone(), index: *index }
            }
            Records::Csv { .. } => return Vec::new(),
        };
        let mut fields: Vec<FieldPath> = Vec::new();
        let mut seen = 0;
        while seen < limit {
            let Some((_, bytes)) = peek.next_json() else { break };
            if let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(bytes) {
                json_fields(&object, &mut Vec::new(), &mut fields);
                seen += 1;
            }
        }
        fields
    }
}

/// Objects nested deeper than this stay one column of JSON text.
const MAX_JSON_DEPTH: usize = 4;

/// Adds to `fields` the paths to the values of `object` not yet there: nested objects are
/// flattened, each of their values a field of its own (`location.lat`, as KDA's discovery
/// mapped `$.location.lat`); arrays and deeper objects stay JSON text.
fn json_fields(
    object: &serde_json::Map<String, serde_json::Value>,
    prefix: &mut FieldPath,
    fields: &mut Vec<FieldPath>,
) {
    for (key, value) in object {
        prefix.push(key.clone());
        match value {
            serde_json::Value::Object(inner) if !inner.is_empty() && prefix.len() < MAX_JSON_DEPTH => {
                json_fields(inner, prefix, fields)
            }
            _ if !fields.contains(prefix) => fields.push(prefix.clone()),
            _ => {}
        }
        prefix.pop();
    }
}

/// A field's name: its path's keys joined by dots.
pub(super) fn field_name(path: &[String]) -> String {
    path.join(".")
}

/// A CSV record as the file would spell it, quoted where it must be, for
/// `error_stream.DATA_ROW`.
pub(super) fn csv_line<'a>(fields: impl IntoIterator<Item = &'a [u8]>, delimiter: u8) -> String {
    let mut writer =
        csv::WriterBuilder::new().delimiter(delimiter).terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(fields);
    let mut line = writer.into_inner().unwrap_or_default();
    line.pop();
    String::from_utf8_lossy(&line).into_owned()
}
