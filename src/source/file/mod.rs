//! Files as streams: CSV and JSON.
//!
//! - CSV: the delimiter (`,` `;` tab `|`) is found from the first line; whether the first line
//!   is a header is voted on as Python's `csv.Sniffer` does (a column of numbers under a name,
//!   or of four-letter codes under a longer word, says header; one whose first field fits the
//!   rest says data; with no vote, a first line of numbers, booleans and timestamps alone is
//!   data); without a header, columns are `COL1`, `COL2`, …; quoting, CRLF line ends and a
//!   UTF-8 byte-order mark are handled. A record with more or fewer fields than the header is
//!   a bad row.
//! - JSON lines (one object per line) and JSON arrays (one array of objects). Nested objects
//!   are flattened: each value is a field at its path (`$.reading.loc.lat`, named
//!   `reading.loc.lat`, discovered as `READING_LOC_LAT`); arrays stay JSON text.
//!
//! Records become rows of text first, one column per file field; then the stream's columns
//! take the fields of the same name (case-insensitively, or by their discovered name) and cast
//! them to their types. A `ROWTIME` field, if there is one, gives each row its `ROWTIME`;
//! otherwise rows take the virtual time they are read at. Every record that cannot become a
//! row (a value that does not cast, a ragged CSV record, a JSON line that does not parse) goes
//! to `error_stream` with its raw text and the reason: nothing is dropped silently.

use std::io::{Cursor, Read};
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::{new_null_array, Array, ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_cast::CastOptions;
use arrow_schema::{DataType, Field, Schema, SchemaRef};

use super::{BadRow, Polled, Source};
use crate::error::{Error, Result};
use crate::plan::types::parse_timestamp;
use crate::plan::{ColumnDef, SqlType, StreamDef, ROWTIME};

const BATCH_ROWS: usize = 4096;
/// Records read for schema discovery.
const SAMPLE_ROWS: usize = 1000;

/// How a file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv { delimiter: u8, header: bool },
    JsonLines,
    JsonArray,
}

impl Format {
    /// The format of a file named `name` that starts with `head`.
    pub fn detect(name: &str, head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let first = head.iter().find(|b| !b.is_ascii_whitespace());
        let lower = name.to_ascii_lowercase();
        let json_name = [".json", ".jsonl", ".ndjson"].iter().any(|e| lower.ends_with(e));
        match first {
            Some(b'[') if json_name || !lower.ends_with(".csv") => return Format::JsonArray,
            Some(b'{') if json_name || !lower.ends_with(".csv") => return Format::JsonLines,
            _ => {}
        }
        let line = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
        let delimiter = detect_delimiter(line);
        Format::Csv { delimiter, header: has_header(head, delimiter) }
    }
}

/// Lines of a CSV file's start that decide whether its first line is a header.
const HEADER_SNIFF_ROWS: usize = 50;

/// Whether a CSV file's first line is a header, by the vote Python's `csv.Sniffer` takes: each
/// column whose later values agree (all numbers, booleans or timestamps; or, two or more, all
/// one length) votes for a header when the first line's field does not fit them, and against
/// when it does. With no vote either way (one line; text of every length), a first line is a
/// header unless each of its fields is a number, a boolean or a timestamp.
fn has_header(head: &[u8], delimiter: u8) -> bool {
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(head)
        .records()
        .take(HEADER_SNIFF_ROWS)
        .filter_map(|r| r.ok())
        .map(|r| r.iter().map(|f| f.trim().to_string()).collect())
        .collect();
    if rows.len() > 2 && rows.len() < HEADER_SNIFF_ROWS && !head.ends_with(b"\n") {
        rows.pop(); // The head ends within it.
    }
    let Some((first, rest)) = rows.split_first() else { return true };
    let mut votes = 0i32;
    for (i, field) in first.iter().enumerate() {
        let values: Vec<&str> = rest.iter().filter_map(|r| r.get(i)).map(String::as_str).collect();
        let Some(length) = values.first().map(|v| v.chars().count()) else { continue };
        let fits = if values.iter().all(|v| looks_like_data(v)) {
            looks_like_data(field)
        } else if values.len() > 1 && values.iter().all(|v| v.chars().count() == length) {
            field.chars().count() == length
        } else {
            continue;
        };
        votes += if fits { -1 } else { 1 };
    }
    match votes.cmp(&0) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => first.is_empty() || !first.iter().all(|f| looks_like_data(f)),
    }
}

/// The most frequent of `,` `;` tab `|` outside quotes in a line (a comma on a tie).
fn detect_delimiter(line: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b',' => counts[0] += 1,
            b';' => counts[1] += 1,
            b'\t' => counts[2] += 1,
            b'|' => counts[3] += 1,
            _ => {}
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t', b'|'][best]
    }
}

fn looks_like_data(field: &str) -> bool {
    !field.is_empty()
        && (field.parse::<f64>().is_ok()
            || field.eq_ignore_ascii_case("true")
            || field.eq_ignore_ascii_case("false")
            || parse_timestamp(field).is_some())
}

/// Bytes at the start of a file that schema discovery reads.
pub const HEAD_BYTES: usize = 4 << 20;
/// Bytes read from a file at a time.
pub const CHUNK_BYTES: usize = 1 << 20;

/// What comes next from a file.
pub enum Chunk {
    Bytes(Vec<u8>),
    /// Nothing yet: the page reads files asynchronously, a chunk at a time.
    Pending,
    End,
}

/// A file's bytes from its start, a chunk at a time, so that a file of any size is never held
/// whole.
pub trait Chunks {
    fn next_chunk(&mut self) -> Result<Chunk>;
}

/// A reader's bytes in chunks of [`CHUNK_BYTES`].
struct ReadChunks<R>(R);

impl<R: Read> Chunks for ReadChunks<R> {
    fn next_chunk(&mut self) -> Result<Chunk> {
        let mut bytes = Vec::with_capacity(CHUNK_BYTES);
        (&mut self.0)
            .take(CHUNK_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Input(format!("reading the file: {e}")))?;
        Ok(if bytes.is_empty() { Chunk::End } else { Chunk::Bytes(bytes) })
    }
}

/// A file to read as a stream: its first [`HEAD_BYTES`] (or all of it, if shorter), which
/// discovery reads, and all its bytes from the start, in chunks.
pub struct FileInput {
    pub head: Rc<[u8]>,
    pub chunks: Box<dyn Chunks>,
}

impl FileInput {
    /// Reads the head now and the rest as the stream needs it.
    pub fn from_reader(mut reader: impl Read + 'static) -> Result<FileInput> {
        let mut head = Vec::new();
        (&mut reader)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| Error::Input(format!("reading the file: {e}")))?;
        let head: Rc<[u8]> = head.into();
        Ok(FileInput { chunks: Box::new(ReadChunks(Cursor::new(head.clone()).chain(reader))), head })
    }

    /// A file already in memory.
    pub fn from_bytes(bytes: impl Into<Rc<[u8]>>) -> FileInput {
        let bytes: Rc<[u8]> = bytes.into();
        let head = if bytes.len() > HEAD_BYTES { bytes[..HEAD_BYTES].into() } else { bytes.clone() };
        FileInput { head, chunks: Box::new(ReadChunks(Cursor::new(bytes))) }
    }
}

/// Whole records, cut from a file's bytes; for a JSON array, where each element lies.
struct Segment {
    bytes: Vec<u8>,
    elements: Vec<Range<usize>>,
}

/// Cuts a file's bytes into runs of whole records wherever its chunks end: a CSV record ends
/// at a line end outside quotes, a JSON line at a line end, a JSON array's element at a comma
/// or the closing bracket outside strings and nested values.
struct Framer {
    format: Format,
    buf: Vec<u8>,
    /// How much of `buf` has been scanned, and where the last whole record in it ends.
    scanned: usize,
    cut: usize,
    /// Inside a quoted CSV field or a JSON string; after a backslash in a JSON string.
    quoted: bool,
    escaped: bool,
    /// JSON array: nesting depth (1 inside the array), where the element being scanned
    /// starts, and the whole elements scanned.
    depth: u32,
    start: usize,
    elements: Vec<Range<usize>>,
}

impl Framer {
    fn new(format: Format) -> Framer {
        Framer {
            format,
            buf: Vec::new(),
            scanned: 0,
            cut: 0,
            quoted: false,
            escaped: false,
            depth: 0,
            start: 0,
            elements: Vec::new(),
        }
    }

    fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
        let from = self.scanned;
        match self.format {
            Format::Csv { .. } => {
                // Whether a line end is inside quotes is the parity of the quotes before it:
                // count them once, then walk back from the end to the last line end outside.
                let odd = |bytes: &[u8]| memchr::memchr_iter(b'"', bytes).count() % 2 == 1;
                let end_quoted = self.quoted ^ odd(&self.buf[from..]);
                let (mut quoted, mut to) = (end_quoted, self.buf.len());
                while let Some(at) = memchr::memrchr(b'\n', &self.buf[from..to]) {
                    quoted ^= odd(&self.buf[from + at..to]);
                    if !quoted {
                        self.cut = from + at + 1;
                        break;
                    }
                    to = from + at;
                }
                self.quoted = end_quoted;
            }
            Format::JsonLines => {
                if let Some(at) = memchr::memrchr(b'\n', &self.buf[from..]) {
                    self.cut = from + at + 1;
                }
            }
            Format::JsonArray => self.scan_array(from),
        }
        self.scanned = self.buf.len();
    }

    fn scan_array(&mut self, from: usize) {
        for at in from..self.buf.len() {
            let b = self.buf[at];
            if self.quoted {
                match b {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.quoted = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' if self.depth > 0 => self.quoted = true,
                b'[' if self.depth == 0 => {
                    self.depth = 1;
                    self.start = at + 1;
                }
                b'[' | b'{' if self.depth > 0 => self.depth += 1,
                b',' | b']' if self.depth == 1 => {
                    self.end_element(at);
                    if b == b']' {
                        self.depth = 0;
                    }
                    self.start = at + 1;
                    self.cut = at + 1;
                }
                b']' | b'}' if self.depth > 1 => self.depth -= 1,
                _ => {}
            }
        }
    }

    /// The element from `start` to `end`, unless it is blank (`[]`, a trailing comma).
    fn end_element(&mut self, end: usize) {
        if !self.buf[self.start..end].iter().all(u8::is_ascii_whitespace) {
            self.elements.push(self.start..end);
        }
    }

    /// The whole records received so far, or, at the `end` of the file, everything left (an
    /// unfinished record becomes a bad row rather than vanishing).
    fn take(&mut self, end: bool) -> Option<Segment> {
        if end && self.format == Format::JsonArray && self.depth > 0 {
            self.end_element(self.buf.len());
            self.depth = 0;
            self.cut = self.buf.len();
        }
        let cut = if end { self.buf.len() } else { self.cut };
        if cut == 0 {
            return None;
        }
        let rest = self.buf.split_off(cut);
        let bytes = std::mem::replace(&mut self.buf, rest);
        self.scanned -= cut;
        self.cut = 0;
        self.start = self.start.saturating_sub(cut);
        let elements = std::mem::take(&mut self.elements);
        Some(Segment { bytes, elements })
    }
}

/// The records of one segment of a file, read as rows of text a batch at a time.
enum Records {
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
struct TextBatch {
    columns: RecordBatch,
    /// For JSON, each row's raw text (for `error_stream`); CSV rows are rebuilt from fields.
    raw: Option<Vec<String>>,
    bad: Vec<BadRow>,
}

impl Records {
    /// The records of `segment`, which follows `before` lines (CSV, JSON lines) or elements
    /// (JSON arrays) of the file; with `header`, its first record is a CSV header, whose
    /// names are returned.
    fn open(segment: Segment, format: Format, before: usize, header: bool) -> Result<(Records, Option<Vec<String>>)> {
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
    fn count(segment: &Segment, format: Format) -> usize {
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

    /// Up to `max` records as text, a column per field (JSON values at no field's path are
    /// ignored); `None` at the end.
    fn next(&mut self, fields: &[FieldPath], max: usize) -> Result<Option<TextBatch>> {
        let mut builders: Vec<StringBuilder> = fields.iter().map(|_| StringBuilder::new()).collect();
        let mut bad = Vec::new();
        let mut raw = Vec::new();
        let mut rows = 0;
        let mut ended = false;
        let json = !matches!(self, Records::Csv { .. });
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
                for (b, f) in builders.iter_mut().zip(record.iter()) {
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
                let text = String::from_utf8_lossy(bytes).into_owned();
                match serde_json::from_slice::<serde_json::Value>(bytes) {
                    Ok(serde_json::Value::Object(object)) => {
                        append_object(&mut builders, fields, &object);
                        // An element is shown as its object alone, without the layout around it.
                        raw.push(if is_lines { text } else { serde_json::Value::Object(object).to_string() });
                    }
                    Ok(_) => {
                        bad.push(BadRow {
                            rowtime: None,
                            data: text.trim().into(),
                            message: format!("{place}: not a JSON object"),
                        });
                        continue;
                    }
                    Err(e) => {
                        bad.push(BadRow { rowtime: None, data: text.trim().into(), message: format!("{place}: {e}") });
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
        let columns: Vec<ArrayRef> = builders.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef).collect();
        let columns = RecordBatch::try_new_with_options(
            schema,
            columns,
            &arrow_array::RecordBatchOptions::new().with_row_count(Some(rows)),
        )?;
        Ok(Some(TextBatch { columns, raw: json.then_some(raw), bad }))
    }

    /// The fields of JSON records: the paths to the values in the first `limit` objects, in
    /// the order first seen. Nested objects are flattened ([`json_fields`]). Reads ahead
    /// without consuming.
    fn json_fields(&self, limit: usize) -> Vec<FieldPath> {
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

/// Where a file field's value is: a CSV column's name, or the keys leading to a JSON value.
type FieldPath = Vec<String>;

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
fn field_name(path: &[String]) -> String {
    path.join(".")
}

/// A JSON field's path as JSONPath: `$.location.lat`, or `$['odd key']` where a key is not a
/// plain name.
pub fn json_path(path: &[String]) -> String {
    let mut out = String::from("$");
    for key in path {
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push('.');
            out.push_str(key);
        } else {
            out.push_str(&format!("['{}']", key.replace('\\', "\\\\").replace('\'', "\\'")));
        }
    }
    out
}

/// The keys a JSONPath names: `$.a.b`, `$['a.b']`, or a mix of the two (a column maps one
/// value of a record, so no array elements).
pub fn parse_json_path(text: &str) -> Result<FieldPath> {
    let invalid =
        |why: &str| Error::Input(format!("'{text}' is not a JSONPath kdalite reads ({why}); write $.a.b or $['a b']"));
    let steps = crate::plan::json_path::parse(text).map_err(invalid)?;
    if steps.is_empty() {
        return Err(invalid("it names no key"));
    }
    steps
        .into_iter()
        .map(|step| match step {
            crate::plan::json_path::JsonStep::Key(key) => Ok(key),
            crate::plan::json_path::JsonStep::Index(_) => Err(invalid("array elements and filters are not supported")),
        })
        .collect()
}

/// A stream column read from a file, as KDA's input schema lists it (`RecordColumn`): its name
/// and type in the stream, and where each record has its value: a CSV field's name (`COL1`, …
/// without a header) or a JSONPath (`$.reading.loc.lat`).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordColumn {
    pub name: String,
    pub sql_type: SqlType,
    pub mapping: String,
}

/// A JSON object's values as text in the columns at `paths`: strings as they are, other
/// scalars as JSON spells them, nested values as JSON text, missing keys and nulls as NULL.
fn append_object(
    builders: &mut [StringBuilder],
    paths: &[FieldPath],
    object: &serde_json::Map<String, serde_json::Value>,
) {
    for (b, path) in builders.iter_mut().zip(paths) {
        let mut value = path.first().and_then(|key| object.get(key));
        for key in path.iter().skip(1) {
            value = value.and_then(|v| v.as_object()).and_then(|o| o.get(key));
        }
        match value {
            None | Some(serde_json::Value::Null) => b.append_null(),
            Some(serde_json::Value::String(s)) => b.append_value(s),
            Some(other) => b.append_value(other.to_string()),
        }
    }
}

/// What the start of a file says: its format, its fields (by the names it gives them, or
/// `COL1`, … without a header; paths for nested JSON) and, if asked for, its first records as
/// text.
struct Sniffed {
    format: Format,
    fields: Vec<FieldPath>,
    sample: Option<TextBatch>,
}

/// Reads the whole records in `head`, the start of the file `name` (all of it when shorter
/// than [`HEAD_BYTES`]).
fn sniff(name: &str, head: &[u8], rows: usize) -> Result<Sniffed> {
    if head.is_empty() {
        return Err(Error::Input(format!("{name} is empty")));
    }
    if head.starts_with(b"PAR1") {
        return Err(Error::Input(format!(
            "{name} is a Parquet file: the command line reads those (kdalite run --input S=FILE.parquet); the page leaves Parquet out to stay small"
        )));
    }
    let format = Format::detect(name, head);
    let (mut records, csv_names) = head_records(name, head, format)?;
    let fields = match csv_names {
        Some(names) => names.into_iter().map(|name| vec![name]).collect(),
        None => records.json_fields(SAMPLE_ROWS),
    };
    let sample = if rows > 0 { records.next(&fields, rows)? } else { None };
    Ok(Sniffed { format, fields, sample })
}

/// The whole records in `head`, and for a CSV file its fields' names (from its header, or
/// `COL1`, … for as many fields as its first record has).
fn head_records(name: &str, head: &[u8], format: Format) -> Result<(Records, Option<Vec<String>>)> {
    let mut framer = Framer::new(format);
    framer.push(head);
    let Some(segment) = framer.take(head.len() < HEAD_BYTES) else {
        return Err(Error::Input(format!("{name}: no whole record in its first {} MB", HEAD_BYTES >> 20)));
    };
    let numbered = match format {
        Format::Csv { header: false, delimiter } => {
            let width = csv::ReaderBuilder::new()
                .has_headers(false)
                .delimiter(delimiter)
                .flexible(true)
                .from_reader(&segment.bytes[..])
                .byte_records()
                .next()
                .and_then(|r| r.ok())
                .map_or(0, |r| r.len());
            Some((1..=width).map(|i| format!("COL{i}")).collect())
        }
        _ => None,
    };
    let header = matches!(format, Format::Csv { header: true, .. });
    let (records, names) = Records::open(segment, format, 0, header)?;
    Ok((records, names.or(numbered)))
}

/// A file field's name as a column name, as KDA's discovery made it: upper case, letters,
/// digits and `_` only, and `COL_` before a reserved word or a name that does not start with
/// a letter.
pub fn column_name(field: &str) -> String {
    let mut name: String =
        field.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) || RESERVED.contains(&name.as_str()) {
        name = format!("COL_{name}");
    }
    name
}

const RESERVED: &[&str] = &[
    "ALL",
    "AND",
    "AS",
    "BETWEEN",
    "BIGINT",
    "BOOLEAN",
    "BY",
    "CASE",
    "CAST",
    "CHAR",
    "CREATE",
    "CURRENT",
    "DATE",
    "DAY",
    "DECIMAL",
    "DELETE",
    "DISTINCT",
    "DOUBLE",
    "DROP",
    "ELSE",
    "END",
    "FALSE",
    "FROM",
    "GROUP",
    "HAVING",
    "HOUR",
    "IN",
    "INSERT",
    "INT",
    "INTEGER",
    "INTERVAL",
    "INTO",
    "IS",
    "JOIN",
    "LANGUAGE",
    "LIKE",
    "LIMIT",
    "MINUTE",
    "MONTH",
    "NOT",
    "NULL",
    "ON",
    "OR",
    "ORDER",
    "OVER",
    "PARTITION",
    "POSITION",
    "RANGE",
    "REAL",
    "RESULT",
    "ROW",
    "ROWS",
    "ROWTIME",
    "SECOND",
    "SELECT",
    "SET",
    "SMALLINT",
    "STREAM",
    "TABLE",
    "THEN",
    "TIME",
    "TIMESTAMP",
    "TINYINT",
    "TRUE",
    "UNION",
    "UPDATE",
    "USER",
    "VALUE",
    "VALUES",
    "VARCHAR",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "YEAR",
];

/// Discovers a stream's schema from the start of a file, as KDA's schema discovery did: column
/// names from the file's ([`column_name`]), SQL types from the values.
pub fn infer_stream(stream: &str, file: &str, head: &[u8]) -> Result<StreamDef> {
    Ok(stream_of(stream, &infer_schema(file, head)?))
}

/// The input schema discovery finds in the start of a file: each column with its type and
/// mapping.
pub fn infer_schema(file: &str, head: &[u8]) -> Result<Vec<RecordColumn>> {
    discovered_columns(file, &sniff(file, head, SAMPLE_ROWS)?)
}

/// A stream with the columns of an input schema.
pub fn stream_of(stream: &str, schema: &[RecordColumn]) -> StreamDef {
    let columns = schema.iter().map(|c| ColumnDef { name: c.name.clone(), sql_type: c.sql_type.clone() }).collect();
    StreamDef::new(stream, columns)
}

fn discovered_columns(file: &str, sniffed: &Sniffed) -> Result<Vec<RecordColumn>> {
    let json = matches!(sniffed.format, Format::JsonLines | Format::JsonArray);
    let mut columns: Vec<RecordColumn> = Vec::new();
    for (i, field) in sniffed.fields.iter().enumerate() {
        if field_name(field).eq_ignore_ascii_case(ROWTIME) {
            continue;
        }
        let values = sniffed.sample.as_ref().map(|s| s.columns.column(i).as_string::<i32>().clone());
        let mut name = column_name(&field_name(field));
        while columns.iter().any(|c| c.name == name) {
            name.push('_');
        }
        let sql_type = values.map_or(SqlType::Varchar(None), |v| infer_type(&v));
        let mapping = if json { json_path(field) } else { field_name(field) };
        columns.push(RecordColumn { name, sql_type, mapping });
    }
    if columns.is_empty() {
        return Err(Error::Input(format!("no columns found in {file}")));
    }
    Ok(columns)
}

/// The narrowest SQL type every non-empty sample value reads as.
fn infer_type(values: &StringArray) -> SqlType {
    let present: Vec<&str> = values.iter().flatten().map(str::trim).filter(|v| !v.is_empty()).collect();
    if present.is_empty() {
        return SqlType::Varchar(None);
    }
    if present.iter().all(|v| v.parse::<i64>().is_ok()) {
        SqlType::BigInt
    } else if present.iter().all(|v| v.parse::<f64>().is_ok()) {
        SqlType::Double
    } else if present.iter().all(|v| v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false")) {
        SqlType::Boolean
    } else if present.iter().all(|v| parse_timestamp(v).is_some()) {
        SqlType::Timestamp
    } else {
        SqlType::Varchar(None)
    }
}

pub struct FileSource {
    format: Format,
    chunks: Box<dyn Chunks>,
    framer: Framer,
    /// The records of the segment being read; lines (or elements) before the next segment.
    records: Option<Records>,
    before: usize,
    /// The first segment, which holds a CSV header, is still to come.
    first: bool,
    /// The last chunk has been received.
    received_all: bool,
    /// The file's fields.
    fields: Vec<FieldPath>,
    schema: SchemaRef,
    /// For each stream column after ROWTIME, the file field it comes from.
    mapping: Vec<Option<usize>>,
    rowtime_column: Option<usize>,
    /// Replay at the pace of the file's `ROWTIME`s: a row arrives when the clock reaches its
    /// `ROWTIME`, not as soon as it is read.
    pace: bool,
    /// Paced: rows read that have not arrived yet.
    pending: Option<RecordBatch>,
    /// Every record has been read.
    read_all: bool,
    /// Batches of records read so far, and how many rows at most each was asked for (a
    /// restore reads as many again, the same way); `None` once reads asked for different sizes.
    reads: u64,
    read_size: Option<usize>,
}

/// Where a file is: batches of records read, each of `size` rows at most, and how many rows
/// of the last batch are still to be handed out (a paced file's).
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedPosition {
    reads: u64,
    size: usize,
    pending: usize,
}

impl FileSource {
    /// Reads the file `name` as the rows of `stream`. A column of `schema` takes its values
    /// from its mapping; any other column from the field of the same name (case aside) or
    /// whose discovered name it has.
    pub fn new(
        name: &str,
        input: FileInput,
        stream: &StreamDef,
        schema: Option<&[RecordColumn]>,
    ) -> Result<FileSource> {
        let Sniffed { format, fields, .. } = sniff(name, &input.head, 0)?;
        FileSource::open(name, input.chunks, format, fields, stream, schema)
    }

    /// Reads a file already sniffed.
    fn open(
        name: &str,
        chunks: Box<dyn Chunks>,
        format: Format,
        mut fields: Vec<FieldPath>,
        stream: &StreamDef,
        schema: Option<&[RecordColumn]>,
    ) -> Result<FileSource> {
        let names: Vec<String> = fields.iter().map(|f| field_name(f)).collect();
        let find = |column: &str| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(column))
                .or_else(|| names.iter().position(|n| column_name(n) == column))
        };
        let columns = stream.source_columns();
        let json = matches!(format, Format::JsonLines | Format::JsonArray);
        let mut mapping: Vec<Option<usize>> = Vec::with_capacity(columns.len());
        for column in &columns {
            let Some(record) = schema.and_then(|s| s.iter().find(|r| r.name == column.name)) else {
                mapping.push(find(&column.name));
                continue;
            };
            let at = if json {
                // A path no sampled record has is read all the same: later records may.
                let path = parse_json_path(&record.mapping)?;
                fields.iter().position(|f| *f == path).unwrap_or_else(|| {
                    fields.push(path);
                    fields.len() - 1
                })
            } else if record.mapping.is_empty() {
                // KDA's CSV columns need no mapping: they are the record's fields in order.
                let at = schema.and_then(|s| s.iter().position(|r| r.name == column.name)).unwrap_or_default();
                if at >= names.len() {
                    return Err(Error::Input(format!(
                        "column {} is field {} of {name}, which has {} fields",
                        column.name,
                        at + 1,
                        names.len()
                    )));
                }
                at
            } else {
                names
                    .iter()
                    .position(|n| *n == record.mapping)
                    .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(&record.mapping)))
                    .ok_or_else(|| {
                        Error::Input(format!(
                            "column {}: {name} has no field '{}' (its fields: {})",
                            column.name,
                            record.mapping,
                            names.join(", ")
                        ))
                    })?
            };
            mapping.push(Some(at));
        }
        if mapping.iter().all(Option::is_none) && !columns.is_empty() {
            return Err(Error::Input(format!(
                "{name} has fields {} but stream \"{}\" has columns {}: none match",
                names.join(", "),
                stream.name,
                columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
            )));
        }
        Ok(FileSource {
            format,
            chunks,
            framer: Framer::new(format),
            records: None,
            before: 0,
            first: true,
            received_all: false,
            rowtime_column: names.iter().position(|n| n.eq_ignore_ascii_case(ROWTIME)),
            fields,
            schema: stream.source_schema(),
            mapping,
            pace: false,
            pending: None,
            read_all: false,
            reads: 0,
            read_size: Some(BATCH_ROWS),
        })
    }

    /// Rows arrive at their `ROWTIME`s on the virtual clock (files with a `ROWTIME` field);
    /// otherwise all at once, as fast as they are read.
    pub fn paced(mut self, pace: bool) -> FileSource {
        self.pace = pace;
        self
    }

    /// Paced: reads until some rows wait (or the file ends); returns the bad records read.
    fn read_ahead(&mut self, now: i64, max_rows: usize) -> Result<Vec<BadRow>> {
        let mut bad_rows = Vec::new();
        while self.pending.is_none() && !self.read_all {
            let Some(polled) = self.read(now, max_rows)? else { break };
            bad_rows.extend(polled.bad_rows);
            self.pending = polled.batch;
        }
        Ok(bad_rows)
    }

    /// The next records, typed; `None` at the end of the file or while its next bytes are
    /// still being read.
    fn read(&mut self, now: i64, max_rows: usize) -> Result<Option<Polled>> {
        loop {
            if let Some(records) = &mut self.records {
                let size = max_rows.clamp(1, BATCH_ROWS);
                if let Some(text) = records.next(&self.fields, size)? {
                    self.reads += 1;
                    if self.read_size != Some(size) {
                        self.read_size = if self.reads == 1 { Some(size) } else { None };
                    }
                    return self.convert(&text, now).map(Some);
                }
                self.records = None;
            }
            if let Some(segment) = self.framer.take(self.received_all) {
                let before = self.before;
                self.before += Records::count(&segment, self.format);
                let header = self.first && matches!(self.format, Format::Csv { header: true, .. });
                self.first = false;
                self.records = Some(Records::open(segment, self.format, before, header)?.0);
                continue;
            }
            if self.received_all {
                self.read_all = true;
                return Ok(None);
            }
            match self.chunks.next_chunk()? {
                Chunk::Bytes(bytes) => self.framer.push(&bytes),
                Chunk::Pending => return Ok(None),
                Chunk::End => self.received_all = true,
            }
        }
    }

    /// Casts a batch of text to the stream's schema; rows that fail become bad rows.
    fn convert(&self, text: &TextBatch, now: i64) -> Result<Polled> {
        let raw_row = |row: usize| match &text.raw {
            Some(raw) => raw[row].clone(),
            None => {
                let delimiter = match self.format {
                    Format::Csv { delimiter, .. } => delimiter,
                    _ => b',',
                };
                let fields = text.columns.columns().iter().map(|c| c.as_string::<i32>());
                csv_line(fields.map(|c| if c.is_null(row) { &b""[..] } else { c.value(row).as_bytes() }), delimiter)
            }
        };
        let text_columns = &text.columns;
        let rows = text_columns.num_rows();
        let mut ok = vec![true; rows];
        let mut bad_rows = Vec::new();
        let mut reject = |row: usize, rowtime: Option<i64>, message: String, ok: &mut Vec<bool>| {
            if ok[row] {
                ok[row] = false;
                bad_rows.push((row, BadRow { rowtime, data: raw_row(row), message }));
            }
        };

        let rowtime: ArrayRef = match self.rowtime_column {
            Some(c) => {
                let raw = text_columns.column(c).as_string::<i32>();
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
            let raw = text_columns.column(*c).as_string::<i32>();
            // Empty text is NULL for every type but strings.
            let raw: StringArray = if field.data_type() == &DataType::Utf8 {
                raw.clone()
            } else {
                raw.iter().map(|v| v.map(str::trim).filter(|v| !v.is_empty())).collect()
            };
            let cast = typed(&raw, field.data_type())?;
            for r in 0..rows {
                if raw.is_valid(r) && cast.is_null(r) {
                    let message = format!(
                        "column {}: '{}' is not a valid {}",
                        field.name(),
                        raw.value(r),
                        crate::plan::types::sql_name(field.data_type())
                    );
                    reject(r, Some(times.value(r)), message, &mut ok);
                }
            }
            columns.push(cast);
        }
        super::keep_good_rows(&self.schema, columns, rows, ok, text.bad.clone(), bad_rows)
    }
}

/// Values as text in a column of type `to`, NULL where a value is not one. Timestamps take the
/// spellings files use (`2020-04-15 08:05`, ISO, …); a ROW takes a JSON object, each field
/// read as a column of its own, and an ARRAY a JSON array.
fn typed(raw: &StringArray, to: &DataType) -> Result<ArrayRef> {
    match to {
        DataType::Timestamp(..) => {
            Ok(Arc::new(raw.iter().map(|v| v.and_then(parse_timestamp)).collect::<TimestampMillisecondArray>()))
        }
        DataType::Struct(fields) => {
            let objects: Vec<Option<serde_json::Map<String, serde_json::Value>>> = raw
                .iter()
                .map(|v| match serde_json::from_str(v?) {
                    Ok(serde_json::Value::Object(o)) => Some(o),
                    _ => None,
                })
                .collect();
            let mut children = Vec::with_capacity(fields.len());
            for field in fields {
                let texts: StringArray = objects
                    .iter()
                    .map(|o| match o.as_ref()?.get(field.name())? {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(s) => Some(s.clone()),
                        other => Some(other.to_string()),
                    })
                    .collect();
                children.push(typed(&texts, field.data_type())?);
            }
            let nulls = arrow_buffer::NullBuffer::from_iter(objects.iter().map(Option::is_some));
            Ok(Arc::new(arrow_array::StructArray::try_new(fields.clone(), children, Some(nulls))?))
        }
        // An ARRAY takes a JSON array, its elements read as a column of their own; an array
        // with an element that does not read is not a valid one.
        DataType::List(element) => {
            let mut offsets = vec![0i32];
            let mut texts: Vec<Option<String>> = Vec::new();
            let mut valid = Vec::with_capacity(raw.len());
            for v in raw.iter() {
                let items = match v.map(serde_json::from_str) {
                    Some(Ok(serde_json::Value::Array(items))) => Some(items),
                    _ => None,
                };
                valid.push(items.is_some());
                texts.extend(items.into_iter().flatten().map(|item| match item {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) => Some(s),
                    other => Some(other.to_string()),
                }));
                offsets.push(texts.len() as i32);
            }
            let texts: StringArray = texts.into_iter().collect();
            let values = typed(&texts, element.data_type())?;
            for (i, ok) in valid.iter_mut().enumerate() {
                let (start, end) = (offsets[i] as usize, offsets[i + 1] as usize);
                *ok &= (start..end).all(|j| texts.is_null(j) || values.is_valid(j));
            }
            let offsets = arrow_buffer::OffsetBuffer::new(offsets.into());
            Ok(Arc::new(arrow_array::ListArray::try_new(element.clone(), offsets, values, Some(valid.into()))?))
        }
        // A MAP takes a JSON object, its keys and values read as columns of their own; a map
        // with a key or value that does not read is not a valid one.
        DataType::Map(entries, sorted) => {
            let DataType::Struct(fields) = entries.data_type() else {
                return Err(crate::error::Error::Internal(format!("a map of {}", entries.data_type())));
            };
            let mut offsets = vec![0i32];
            let (mut keys, mut values): (Vec<Option<String>>, Vec<Option<String>>) = (vec![], vec![]);
            let mut valid = Vec::with_capacity(raw.len());
            for v in raw.iter() {
                let object = match v.map(serde_json::from_str) {
                    Some(Ok(serde_json::Value::Object(object))) => Some(object),
                    _ => None,
                };
                valid.push(object.is_some());
                for (key, value) in object.into_iter().flatten() {
                    keys.push(Some(key));
                    values.push(match value {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(s) => Some(s),
                        other => Some(other.to_string()),
                    });
                }
                offsets.push(keys.len() as i32);
            }
            let (keys, texts): (StringArray, StringArray) = (keys.into_iter().collect(), values.into_iter().collect());
            let (key_array, value_array) =
                (typed(&keys, fields[0].data_type())?, typed(&texts, fields[1].data_type())?);
            for (i, ok) in valid.iter_mut().enumerate() {
                let (start, end) = (offsets[i] as usize, offsets[i + 1] as usize);
                *ok &= (start..end).all(|j| key_array.is_valid(j) && (texts.is_null(j) || value_array.is_valid(j)));
            }
            // A row that is not valid keeps no entries (a map's keys cannot be NULL).
            let mut kept_offsets = vec![0i32];
            let mut keep = Vec::with_capacity(keys.len());
            for (i, ok) in valid.iter().enumerate() {
                let n = (offsets[i + 1] - offsets[i]) as usize;
                keep.extend(std::iter::repeat_n(*ok, n));
                kept_offsets.push(kept_offsets[i] + if *ok { n as i32 } else { 0 });
            }
            let keep = arrow_array::BooleanArray::from(keep);
            let key_array = arrow_select::filter::filter(&key_array, &keep)?;
            let value_array = arrow_select::filter::filter(&value_array, &keep)?;
            let offsets = kept_offsets;
            let entries_array = arrow_array::StructArray::try_new(fields.clone(), vec![key_array, value_array], None)?;
            let offsets = arrow_buffer::OffsetBuffer::new(offsets.into());
            Ok(Arc::new(arrow_array::MapArray::try_new(
                entries.clone(),
                offsets,
                entries_array,
                Some(valid.into()),
                *sorted,
            )?))
        }
        other => {
            let options = CastOptions { safe: true, ..Default::default() };
            Ok(arrow_cast::cast_with_options(raw, other, &options)?)
        }
    }
}

/// What schema discovery found in a file, with a sample to judge it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovery {
    /// The columns, `ROWTIME` aside, with their types and mappings.
    pub columns: Vec<RecordColumn>,
    /// The first records as the file has them, a value per column (`None` for no value).
    pub raw: Vec<Vec<Option<String>>>,
    /// The same records as the stream will read them, or why a record cannot be read.
    pub formatted: Vec<std::result::Result<Vec<String>, String>>,
}

/// Reads the first `rows` records of the file `name` (from `head`, its start) both raw and as
/// typed rows, as KDA's discovery showed them side by side: under the schema discovery finds,
/// or under `schema` (discovery's, edited).
pub fn discover(name: &str, head: &[u8], rows: usize, schema: Option<&[RecordColumn]>) -> Result<Discovery> {
    let sniffed = sniff(name, head, SAMPLE_ROWS)?;
    let columns = match schema {
        Some(s) => s.to_vec(),
        None => discovered_columns(name, &sniffed)?,
    };
    let stream = stream_of("S", &columns);
    let empty = Box::new(ReadChunks(std::io::empty()));
    let source = FileSource::open(name, empty, sniffed.format, sniffed.fields, &stream, Some(&columns))?;
    let (mut raw, mut formatted) = (Vec::new(), Vec::new());
    let (mut records, _) = head_records(name, head, sniffed.format)?;
    if let Some(text) = records.next(&source.fields, rows)? {
        for row in 0..text.columns.num_rows() {
            let single = TextBatch { columns: text.columns.slice(row, 1), raw: None, bad: vec![] };
            raw.push(
                source
                    .mapping
                    .iter()
                    .map(|at| {
                        let column = text.columns.column((*at)?).as_string::<i32>();
                        column.is_valid(row).then(|| column.value(row).to_string())
                    })
                    .collect(),
            );
            let polled = source.convert(&single, 0)?;
            formatted.push(match (polled.batch, polled.bad_rows.first()) {
                (Some(batch), _) => crate::output::row_values(&batch, 0)
                    .map(|values| values.iter().skip(1).map(|v| v.to_text()).collect())
                    .map_err(|e| e.to_string()),
                (None, Some(bad)) => Err(bad.message.clone()),
                (None, None) => Err("no row".into()),
            });
        }
    }
    Ok(Discovery { columns, raw, formatted })
}

/// When the first row of a file arrives when it is replayed at the pace of its `ROWTIME`s:
/// where to start the clock. `None` for a file without a `ROWTIME` field (or none in `head`,
/// the file's start).
pub fn first_rowtime(name: &str, head: &[u8]) -> Result<Option<i64>> {
    let sniffed = sniff(name, head, SAMPLE_ROWS)?;
    let stream = stream_of("S", &discovered_columns(name, &sniffed)?);
    let chunks = Box::new(ReadChunks(Cursor::new(head.to_vec())));
    let mut source = FileSource::open(name, chunks, sniffed.format, sniffed.fields, &stream, None)?.paced(true);
    if source.rowtime_column.is_none() {
        return Ok(None);
    }
    source.poll(i64::MIN, 1)?;
    Ok(source.next_arrival())
}

/// A CSV record as the file would spell it, quoted where it must be, for
/// `error_stream.DATA_ROW`.
fn csv_line<'a>(fields: impl IntoIterator<Item = &'a [u8]>, delimiter: u8) -> String {
    let mut writer =
        csv::WriterBuilder::new().delimiter(delimiter).terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(fields);
    let mut line = writer.into_inner().unwrap_or_default();
    line.pop();
    String::from_utf8_lossy(&line).into_owned()
}

impl Source for FileSource {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// A file is read as fast as possible: every row has arrived.
    fn poll(&mut self, now: i64, max_rows: usize) -> Result<Polled> {
        if !self.pace {
            return Ok(self.read(now, max_rows)?.unwrap_or_default());
        }
        // Paced: hand out the read rows whose ROWTIME has come, and read on once they are
        // gone, so that the next arrival (and the end) is known.
        let mut bad_rows = self.read_ahead(now, max_rows)?;
        let Some(pending) = self.pending.take() else { return Ok(Polled { batch: None, bad_rows }) };
        let times = pending.column(0).as_primitive::<arrow_array::types::TimestampMillisecondType>();
        let ready = times.values().iter().take_while(|t| **t <= now).count().min(max_rows);
        if ready < pending.num_rows() {
            self.pending = Some(pending.slice(ready, pending.num_rows() - ready));
        }
        bad_rows.extend(self.read_ahead(now, max_rows)?);
        Ok(Polled { batch: (ready > 0).then(|| pending.slice(0, ready)), bad_rows })
    }

    fn next_arrival(&self) -> Option<i64> {
        let pending = self.pending.as_ref()?;
        pending.column(0).as_primitive::<arrow_array::types::TimestampMillisecondType>().values().first().copied()
    }

    fn is_exhausted(&self) -> bool {
        self.read_all && self.pending.is_none()
    }

    fn save(&self) -> Result<Vec<u8>> {
        let Some(size) = self.read_size else {
            return crate::input_err!("this file was read in batches of different sizes and cannot be checkpointed");
        };
        let pending = self.pending.as_ref().map_or(0, |p| p.num_rows());
        crate::exec::encode(&SavedPosition { reads: self.reads, size, pending })
    }

    /// Reads the same batches of records again, handing nothing out (their rows and bad rows
    /// were handed out before the checkpoint), and keeps a paced file's rows still to come.
    fn load(&mut self, bytes: &[u8]) -> Result<()> {
        let saved: SavedPosition = crate::exec::decode(bytes)?;
        let mut last = None;
        while self.reads < saved.reads {
            match self.read(0, saved.size)? {
                Some(polled) => last = polled.batch,
                None if self.read_all => return crate::input_err!("the file is shorter than its checkpoint says"),
                None => return crate::input_err!("the file could not be read to its checkpoint"),
            }
        }
        self.pending = last.filter(|_| saved.pending > 0).and_then(|batch| {
            let rows = batch.num_rows();
            (saved.pending <= rows).then(|| batch.slice(rows - saved.pending, saved.pending))
        });
        if saved.pending > 0 && self.pending.is_none() {
            return crate::input_err!("the file's checkpoint does not fit the file");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weather() -> StreamDef {
        StreamDef::new(
            "W",
            vec![
                ColumnDef { name: "CITY".into(), sql_type: SqlType::Varchar(Some(20)) },
                ColumnDef { name: "TEMP".into(), sql_type: SqlType::Integer },
            ],
        )
    }

    /// Every row and bad row of `data` read as `name` into `stream`: (rows as text, bad rows).
    fn read(name: &str, data: &[u8], stream: &StreamDef) -> (Vec<String>, Vec<BadRow>) {
        read_input(name, FileInput::from_bytes(data.to_vec()), stream)
    }

    fn read_input(name: &str, input: FileInput, stream: &StreamDef) -> (Vec<String>, Vec<BadRow>) {
        let mut source = FileSource::new(name, input, stream, None).unwrap();
        let (mut rows, mut bad) = (Vec::new(), Vec::new());
        while !source.is_exhausted() {
            let polled = source.poll(0, 2).unwrap();
            if let Some(b) = polled.batch {
                rows.extend((0..b.num_rows()).map(|r| crate::output::row_text(&b, r)));
            }
            bad.extend(polled.bad_rows);
        }
        (rows, bad)
    }

    /// A file handed out `size` bytes at a time, with a pending read before each chunk.
    struct Trickle {
        bytes: Vec<u8>,
        at: usize,
        size: usize,
        waited: bool,
    }

    impl Chunks for Trickle {
        fn next_chunk(&mut self) -> Result<Chunk> {
            if self.at >= self.bytes.len() {
                return Ok(Chunk::End);
            }
            self.waited = !self.waited;
            if self.waited {
                return Ok(Chunk::Pending);
            }
            let end = (self.at + self.size).min(self.bytes.len());
            let chunk = self.bytes[self.at..end].to_vec();
            self.at = end;
            Ok(Chunk::Bytes(chunk))
        }
    }

    #[test]
    fn chunk_boundaries_anywhere_give_the_same_rows_and_bad_rows() {
        let files: [(&str, &str); 3] = [
            (
                "w.csv",
                "\u{feff}City,Temp\r\n\"Santa Fe, NM\",21\r\n\"New\nYork\",18\r\nMiami,30,extra\r\n\"Say \"\"hi\"\"\",3\r\nOslo,x\r\nLima,20",
            ),
            ("w.jsonl", "{\"city\": \"Denver\", \"temp\": 29}\r\n\nnot json\n{\"city\": \"a\\\"}{[\", \"temp\": 1}\n{\"city\": \"Miami\"}"),
            (
                "w.json",
                "[ {\"city\": \"De,n]v}er\", \"temp\": 29, \"more\": [1, {\"x\": \"\\\\\\\"]\"}]},\n 7 ,\n{\"city\": \"Lima\", \"temp\": \"warm\"}, {\"city\": \"Cut",
            ),
        ];
        for (name, data) in files {
            let (whole_rows, whole_bad) = read(name, data.as_bytes(), &weather());
            // Every record is a row or a bad row: the CSV's six, the JSON lines' four (a blank
            // line is no record), the array's four (its last cut short).
            let expected = [("w.csv", 4, 2), ("w.jsonl", 3, 1), ("w.json", 1, 3)];
            assert!(
                expected.contains(&(name, whole_rows.len(), whole_bad.len())),
                "{name}: {whole_rows:?} {whole_bad:?}"
            );
            for size in 1..=9 {
                let chunks = Trickle { bytes: data.as_bytes().to_vec(), at: 0, size, waited: false };
                let input = FileInput { head: data.as_bytes().into(), chunks: Box::new(chunks) };
                let (rows, bad) = read_input(name, input, &weather());
                assert_eq!(rows, whole_rows, "{name} in chunks of {size}");
                assert_eq!(bad, whole_bad, "{name} in chunks of {size}");
            }
        }
    }

    #[test]
    fn bad_values_become_bad_rows_with_the_column_named() {
        let data =
            "ROWTIME,City,Temp\n2018-11-01 01:00:00.0,Denver,29\n2018-11-01 02:00:00.0,Miami,warm\nyesterday,Oslo,3\n";
        let (rows, bad) = read("w.csv", data.as_bytes(), &weather());
        assert_eq!(rows, ["2018-11-01 01:00:00.000,Denver,29"]);
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[0].message, "column TEMP: 'warm' is not a valid INTEGER");
        assert_eq!(bad[0].data, "2018-11-01 02:00:00.0,Miami,warm");
        assert!(bad[1].message.contains("ROWTIME"));
    }

    #[test]
    fn awkward_csv_files_read_whole() {
        // BOM, semicolons, CRLF, a quoted delimiter and a quoted newline, an empty field, and a
        // ragged record that goes to error_stream with its text.
        let data = "\u{feff}city;temp\r\n\"Santa Fe; NM\";21\r\nDenver;\r\n\"New\nYork\";18\r\nMiami;30;extra\r\n";
        let (rows, bad) = read("w.csv", data.as_bytes(), &weather());
        assert_eq!(
            rows,
            [
                "1970-01-01 00:00:00.000,Santa Fe; NM,21",
                "1970-01-01 00:00:00.000,Denver,",
                "1970-01-01 00:00:00.000,New\nYork,18"
            ]
        );
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].data, "Miami;30;extra");
        assert!(bad[0].message.contains("the record has 3 fields, the header 2"), "{}", bad[0].message);
    }

    /// Whether the first line is a header is voted on, column by column (see `has_header`).
    #[test]
    fn a_header_is_told_from_data_by_the_columns_under_it() {
        let header = |data: &str| matches!(Format::detect("f.csv", data.as_bytes()), Format::Csv { header: true, .. });
        // Names over numbers, or over codes of one length: a header.
        assert!(header("symbol,price\nAAPL,1.5\nAMZN,2.5\n"));
        let companies = "AAPL,Apple Inc.\nAMZN,Amazon.com Inc.\nMSFT,Microsoft Corp.\nTSLA,Tesla Inc.\n";
        assert!(header(&format!("Ticker,Company\n{companies}")));
        // Codes of one length from the first line on: data, as KDA's reference files often are.
        assert!(!header(companies));
        assert!(!header("1,2\n3,4\n"));
        // No column decides (text of every length): words are a header, as before.
        assert!(header("name,city\nAlice,Paris\nBob,London\n"));
        assert!(header("name,city\n"));
        let stream = infer_stream("S", "s.csv", companies.as_bytes()).unwrap();
        let names: Vec<&str> = stream.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["COL1", "COL2"]);
    }

    #[test]
    fn a_csv_without_a_header_gets_numbered_columns() {
        let data = b"2018-11-01 01:00:00,29,true\n2018-11-01 02:00:00,31,false\n";
        let stream = infer_stream("S", "s.csv", &data[..]).unwrap();
        let columns: Vec<_> = stream.columns.iter().map(|c| (c.name.as_str(), c.sql_type.clone())).collect();
        assert_eq!(columns, [("COL1", SqlType::Timestamp), ("COL2", SqlType::BigInt), ("COL3", SqlType::Boolean)]);
        let (rows, bad) = read("s.csv", data, &stream);
        assert_eq!(rows.len(), 2);
        assert!(bad.is_empty());
    }

    #[test]
    fn discovery_makes_names_identifiers_and_types_columns() {
        let data = "ROWTIME,city,temp (C),select,2nd,when\n2018-11-01 01:00:00.0,Denver,29.5,x,1,2018-11-01\n";
        let stream = infer_stream("W", "w.csv", data.as_bytes()).unwrap();
        let columns: Vec<_> = stream.columns.iter().map(|c| (c.name.as_str(), c.sql_type.clone())).collect();
        assert_eq!(
            columns,
            [
                ("CITY", SqlType::Varchar(None)),
                ("TEMP__C_", SqlType::Double),
                ("COL_SELECT", SqlType::Varchar(None)),
                ("COL_2ND", SqlType::BigInt),
                ("COL_WHEN", SqlType::Timestamp),
            ]
        );
        // The discovered names find their fields again.
        let (rows, bad) = read("w.csv", data.as_bytes(), &stream);
        assert_eq!(rows, ["2018-11-01 01:00:00.000,Denver,29.5,x,1,2018-11-01 00:00:00.000"]);
        assert!(bad.is_empty());
    }

    #[test]
    fn json_lines_and_arrays() {
        let lines = "{\"city\": \"Denver\", \"temp\": 29, \"where\": {\"lat\": 39.7}}\n\nnot json\n[1]\n{\"city\": \"Miami\"}\n";
        let stream = infer_stream("W", "w.jsonl", lines.as_bytes()).unwrap();
        let columns: Vec<_> = stream.columns.iter().map(|c| (c.name.as_str(), c.sql_type.clone())).collect();
        assert_eq!(
            columns,
            [("CITY", SqlType::Varchar(None)), ("TEMP", SqlType::BigInt), ("WHERE_LAT", SqlType::Double)]
        );
        let (rows, bad) = read("w.jsonl", lines.as_bytes(), &stream);
        assert_eq!(rows, ["1970-01-01 00:00:00.000,Denver,29,39.7", "1970-01-01 00:00:00.000,Miami,,"]);
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[0].data, "not json");
        assert!(bad[0].message.starts_with("line 3: expected"), "{}", bad[0].message);
        assert_eq!(bad[1].message, "line 4: not a JSON object");

        let array = "[{\"city\": \"Denver\", \"temp\": 29}, 7, {\"city\": \"Lima\", \"temp\": \"warm\"}]";
        let (rows, bad) = read("w.json", array.as_bytes(), &weather());
        assert_eq!(rows, ["1970-01-01 00:00:00.000,Denver,29"]);
        assert_eq!(
            bad.iter().map(|b| b.message.as_str()).collect::<Vec<_>>(),
            ["element 2: not a JSON object", "column TEMP: 'warm' is not a valid INTEGER"]
        );
        assert_eq!(bad[1].data, "{\"city\":\"Lima\",\"temp\":\"warm\"}");
    }

    #[test]
    fn nested_json_objects_become_columns_with_their_json_paths() {
        let lines = concat!(
            r#"{"id": 1, "sensor": {"temp": 21.5, "loc": {"lat": 39.7, "lon": -105}}, "tags": ["a", "b"], "user.name": "ann", "deep": {"a": {"b": {"c": {"d": 1}}}}}"#,
            "\n",
            r#"{"id": 2, "sensor": {"temp": "hot"}, "tags": [], "user.name": null}"#,
            "\n",
            r#"{"id": 3, "sensor": "broken"}"#,
            "\n",
        );
        let d = discover("s.jsonl", lines.as_bytes(), 10, None).unwrap();
        let columns: Vec<_> = d.columns.iter().map(|c| (c.name.as_str(), c.sql_type.to_string())).collect();
        assert_eq!(
            columns,
            [
                ("ID", "BIGINT".to_string()),
                ("SENSOR_TEMP", "VARCHAR".into()),
                ("SENSOR_LOC_LAT", "DOUBLE".into()),
                ("SENSOR_LOC_LON", "BIGINT".into()),
                ("TAGS", "VARCHAR".into()),
                ("USER_NAME", "VARCHAR".into()),
                ("DEEP_A_B_C", "VARCHAR".into()),
                ("SENSOR", "VARCHAR".into()),
            ]
        );
        assert_eq!(
            d.columns.iter().map(|c| c.mapping.as_str()).collect::<Vec<_>>(),
            [
                "$.id",
                "$.sensor.temp",
                "$.sensor.loc.lat",
                "$.sensor.loc.lon",
                "$.tags",
                "$['user.name']",
                "$.deep.a.b.c",
                "$.sensor"
            ]
        );
        assert_eq!(
            d.formatted[0],
            Ok([
                "1",
                "21.5",
                "39.7",
                "-105",
                "[\"a\",\"b\"]",
                "ann",
                "{\"d\":1}",
                "{\"temp\":21.5,\"loc\":{\"lat\":39.7,\"lon\":-105}}"
            ]
            .map(String::from)
            .to_vec())
        );
        // A value where an object was seen is its own column; the nested columns are NULL.
        assert_eq!(d.raw[2][0..2], [Some("3".to_string()), None]);
        assert_eq!(d.raw[2][7], Some("broken".to_string()));
    }

    #[test]
    fn an_edited_schema_renames_retypes_and_remaps_columns() {
        let column = |name: &str, sql_type: SqlType, mapping: &str| RecordColumn {
            name: name.into(),
            sql_type,
            mapping: mapping.into(),
        };
        // JSON: a path only later records have, a renamed column, a type changed.
        let lines = "{\"id\": 1, \"m\": {\"t\": 20}}\n{\"id\": 2, \"m\": {\"t\": 21, \"extra\": {\"x\": \"hi\"}}}\n";
        let schema = [
            column("DEVICE", SqlType::Varchar(None), "$.id"),
            column("TEMP", SqlType::Double, "$['m'].t"),
            column("X", SqlType::Varchar(None), "$.m.extra.x"),
        ];
        let stream = stream_of("S", &schema);
        let input = FileInput::from_bytes(lines.as_bytes());
        let mut source = FileSource::new("s.jsonl", input, &stream, Some(&schema)).unwrap();
        let batch = source.poll(0, 10).unwrap().batch.unwrap();
        let rows: Vec<String> = (0..batch.num_rows()).map(|r| crate::output::row_text(&batch, r)).collect();
        assert_eq!(rows, ["1970-01-01 00:00:00.000,1,20.0,", "1970-01-01 00:00:00.000,2,21.0,hi"]);
        let d = discover("s.jsonl", lines.as_bytes(), 5, Some(&schema)).unwrap();
        assert_eq!(d.raw[1], [Some("2".to_string()), Some("21".into()), Some("hi".into())]);
        assert_eq!(d.formatted[0], Ok(vec!["1".to_string(), "20.0".into(), "".into()]));

        // CSV: a mapping names a header field; one that names no field is a clear error.
        let csv = "City,Temp (C)\nDenver,29\n";
        let schema = [column("PLACE", SqlType::Varchar(None), "City"), column("T", SqlType::Integer, "Temp (C)")];
        let d = discover("w.csv", csv.as_bytes(), 5, Some(&schema)).unwrap();
        assert_eq!(d.formatted[0], Ok(vec!["Denver".to_string(), "29".into()]));
        let wrong = [column("T", SqlType::Integer, "Temperature")];
        let e = discover("w.csv", csv.as_bytes(), 5, Some(&wrong)).unwrap_err().to_string();
        assert!(e.contains("column T: w.csv has no field 'Temperature' (its fields: City, Temp (C))"), "{e}");
        // CSV columns with no mapping are the fields in order, header or not.
        let by_position = [column("PLACE", SqlType::Varchar(None), ""), column("T", SqlType::Integer, "")];
        for data in [csv, "Denver,29\nOslo,3\n"] {
            let d = discover("w.csv", data.as_bytes(), 5, Some(&by_position)).unwrap();
            assert_eq!(d.formatted[0], Ok(vec!["Denver".to_string(), "29".into()]), "{data}");
        }
        let three = [by_position[0].clone(), by_position[1].clone(), column("X", SqlType::Integer, "")];
        let e = discover("w.csv", csv.as_bytes(), 5, Some(&three)).unwrap_err().to_string();
        assert!(e.contains("column X is field 3 of w.csv, which has 2 fields"), "{e}");
        let bad_path = [column("T", SqlType::Integer, "$.a[0]")];
        let e = discover("s.jsonl", lines.as_bytes(), 5, Some(&bad_path)).unwrap_err().to_string();
        assert!(e.contains("array elements and filters are not supported"), "{e}");
    }

    #[test]
    fn json_paths_read_back_as_the_paths_they_name() {
        for path in [vec!["a"], vec!["a", "b c"], vec!["user.name"], vec!["it's", "q\\"], vec!["x", ""]] {
            let path: Vec<String> = path.into_iter().map(String::from).collect();
            assert_eq!(parse_json_path(&json_path(&path)).unwrap(), path, "{}", json_path(&path));
        }
        assert_eq!(json_path(&["user.name".to_string()]), "$['user.name']");
        assert!(parse_json_path("a.b").is_err());
        assert!(parse_json_path("$").is_err());
        assert!(parse_json_path("$['open").is_err());
    }

    #[test]
    fn a_paced_file_hands_rows_out_at_their_rowtimes() {
        let data = "ROWTIME,City,Temp\n2018-11-01 01:00:00,Denver,29\n2018-11-01 01:00:00,Oslo,3\nnot a time,Lima,20\n2018-11-01 02:30:00,Miami,30\n";
        let hour = 3_600_000;
        let start = first_rowtime("w.csv", data.as_bytes()).unwrap().unwrap();
        assert_eq!(crate::plan::types::format_timestamp(start), "2018-11-01 01:00:00.000");
        let mut source =
            FileSource::new("w.csv", FileInput::from_bytes(data.as_bytes()), &weather(), None).unwrap().paced(true);
        let early = source.poll(start - 1, 100).unwrap();
        assert!(early.batch.is_none(), "nothing arrives before its time");
        assert_eq!(early.bad_rows.len(), 1, "a bad record is reported when read");
        assert_eq!(source.next_arrival(), Some(start));
        assert_eq!(source.poll(start, 100).unwrap().batch.unwrap().num_rows(), 2);
        assert_eq!(source.next_arrival(), Some(start + 90 * 60_000));
        assert!(source.poll(start + hour, 100).unwrap().batch.is_none());
        assert_eq!(source.poll(start + 2 * hour, 100).unwrap().batch.unwrap().num_rows(), 1);
        assert!(source.is_exhausted());
    }

    #[test]
    fn discovery_shows_raw_records_beside_the_rows_they_become() {
        let data = "ROWTIME,city,temp (C)\n2018-11-01 01:00:00.0,Denver,29\nsoon,Miami,31\n";
        let d = discover("w.csv", data.as_bytes(), 10, None).unwrap();
        assert_eq!(d.columns.iter().map(|c| c.mapping.as_str()).collect::<Vec<_>>(), ["city", "temp (C)"]);
        assert_eq!(d.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["CITY", "TEMP__C_"]);
        assert_eq!(d.raw, [[Some("Denver".to_string()), Some("29".into())], [Some("Miami".into()), Some("31".into())]]);
        assert_eq!(d.formatted[0], Ok(vec!["Denver".to_string(), "29".into()]));
        assert_eq!(d.formatted[1], Err("column ROWTIME: 'soon' is not a timestamp".to_string()));
    }

    #[test]
    fn empty_and_binary_files_are_clear_errors_or_bad_rows() {
        let empty = FileSource::new("e.csv", FileInput::from_bytes(Vec::new()), &weather(), None);
        assert!(empty.err().unwrap().to_string().contains("e.csv is empty"));
        let binary: Vec<u8> = (0..=255u8).cycle().take(600).collect();
        match FileSource::new("b.csv", FileInput::from_bytes(binary.clone()), &weather(), None) {
            Err(e) => assert!(e.to_string().contains("none match"), "{e}"),
            Ok(_) => panic!("a binary file has no columns of the stream"),
        }
    }
}
