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
//! Records become rows of text first, one column per file field (of a JSON record, only the
//! fields the stream's columns take, read in one pass without building the object); then the
//! stream's columns take the fields of the same name (case-insensitively, or by their
//! discovered name) and cast them to their types. A `ROWTIME` field, if there is one, gives
//! each row its `ROWTIME`; otherwise rows take the virtual time they are read at. Every record
//! that cannot become a row (a value that does not cast, a ragged CSV record, a JSON line that
//! does not parse) goes to `error_stream` with its raw text and the reason: nothing is dropped
//! silently.

mod discover;
mod framer;
mod json_path;
mod json_read;
mod records;
mod sniff;
mod typed;

use std::io::{Cursor, Read};
use std::rc::Rc;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{new_null_array, Array, ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_schema::{DataType, SchemaRef};

use super::{BadRow, Polled, Source};
use crate::error::{Error, Result};
use crate::plan::types::parse_timestamp;
use crate::plan::{StreamDef, ROWTIME};

pub use discover::{
    column_name, discover, first_rowtime, infer_schema, infer_stream, stream_of, Discovery, RecordColumn,
};
use framer::Framer;
use json_path::FieldPath;
pub use json_path::{json_path, parse_json_path};
use json_read::{JsonReader, ReadAs};
use records::{csv_line, field_name, Records, TextBatch};
use sniff::{detect_delimiter, has_header, sniff, Sniffed};
use typed::typed;

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
    /// Reads the fields the stream's columns take from JSON records.
    json: JsonReader,
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
        let rowtime_column = names.iter().position(|n| n.eq_ignore_ascii_case(ROWTIME));
        let schema = stream.source_schema();
        let json = json_reader(&fields, &mapping, &schema, rowtime_column);
        Ok(FileSource {
            format,
            chunks,
            framer: Framer::new(format),
            records: None,
            before: 0,
            first: true,
            received_all: false,
            rowtime_column,
            fields,
            json,
            schema,
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
                if let Some(text) = records.next(&self.fields, &self.json, size)? {
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
            Some(raw) => raw.get(row),
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
            // Empty text is NULL for every type but strings, and the spaces around a value
            // go (copied only when a value has any).
            let untrimmed = |v: Option<&str>| v.is_some_and(|v| v.trim().len() != v.len() || v.is_empty());
            let raw: StringArray = if field.data_type() == &DataType::Utf8 || !raw.iter().any(untrimmed) {
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

/// What JSON records are read for: the fields the stream's columns (`schema`'s after
/// ROWTIME, each mapped to a field or none) and its ROWTIME take, each as its column's type
/// reads it ([`ReadAs::for_type`]).
fn json_reader(
    fields: &[FieldPath],
    mapping: &[Option<usize>],
    schema: &SchemaRef,
    rowtime: Option<usize>,
) -> JsonReader {
    let mut reads: Vec<Option<ReadAs>> = vec![None; fields.len()];
    let columns = schema.fields().iter().skip(1).zip(mapping);
    for (field, at) in
        columns.filter_map(|(f, at)| Some((f, (*at)?))).chain(rowtime.map(|at| (&schema.fields()[0], at)))
    {
        let read = ReadAs::for_type(field.data_type());
        // A field two columns take is read as text if either needs it.
        reads[at] = Some(match reads[at] {
            Some(ReadAs::Text) => ReadAs::Text,
            _ => read,
        });
    }
    JsonReader::new(fields.iter().map(Vec::as_slice).zip(reads))
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
        crate::state::encode(&SavedPosition { reads: self.reads, size, pending })
    }

    /// Reads the same batches of records again, handing nothing out (their rows and bad rows
    /// were handed out before the checkpoint), and keeps a paced file's rows still to come.
    fn load(&mut self, bytes: &[u8]) -> Result<()> {
        let saved: SavedPosition = crate::state::decode(bytes)?;
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
    use crate::plan::{ColumnDef, SqlType};

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
    fn row_and_array_columns_read_their_objects_and_arrays() {
        let row =
            |fields: &[(&str, SqlType)]| SqlType::Row(fields.iter().map(|(n, t)| (n.to_string(), t.clone())).collect());
        let stream = StreamDef::new(
            "S",
            vec![
                ColumnDef { name: "id".into(), sql_type: SqlType::Integer },
                ColumnDef {
                    name: "bid".into(),
                    sql_type: row(&[
                        ("price", SqlType::BigInt),
                        ("at", row(&[("city", SqlType::Varchar(None))])),
                        ("tags", SqlType::Array(Box::new(SqlType::Varchar(None)))),
                    ]),
                },
                ColumnDef { name: "note".into(), sql_type: SqlType::Varchar(None) },
            ],
        );
        let lines = concat!(
            r#"{"id": 1, "bid": {"price": 5, "at": {"city": "Lima"}, "tags": ["a", "b\"c"]}, "note": {"x": [1, 2.50]}}"#,
            "\n",
            r#"{"id": 2, "bid": null, "skipped": {"deep": [1, {"a": null}]}, "note": "plain"}"#,
            "\n",
            r#"{"id": 3, "bid": {"price": "high"}}"#,
            "\n",
            r#"{"id": 4, "bid": [1]}"#,
            "\n",
        );
        let (rows, bad) = read("s.jsonl", lines.as_bytes(), &stream);
        assert_eq!(
            rows,
            [
                r#"1970-01-01 00:00:00.000,1,{"price":5,"at":{"city":"Lima"},"tags":["a","b\"c"]},{"x":[1,2.5]}"#,
                "1970-01-01 00:00:00.000,2,,plain"
            ]
        );
        // A ROW with a field that does not read is not a ROW.
        let bad: Vec<_> = bad.iter().map(|b| (b.message.as_str(), b.data.as_str())).collect();
        assert_eq!(
            bad,
            [
                (
                    r#"column bid: '{"price": "high"}' is not a valid ROW<price BIGINT, at ROW<city VARCHAR>, tags ARRAY<VARCHAR>>"#,
                    r#"{"id": 3, "bid": {"price": "high"}}"#
                ),
                (
                    "column bid: '[1]' is not a valid ROW<price BIGINT, at ROW<city VARCHAR>, tags ARRAY<VARCHAR>>",
                    r#"{"id": 4, "bid": [1]}"#
                ),
            ]
        );
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
