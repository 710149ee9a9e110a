//! The start of a file: its CSV delimiter and header, and its whole records and fields.

use super::framer::Framer;
use super::json_path::FieldPath;
use super::json_read::JsonReader;
use super::records::{Records, TextBatch};
use super::{Format, HEAD_BYTES, SAMPLE_ROWS};
use crate::error::{Error, Result};
use crate::plan::types::parse_timestamp;

/// Lines of a CSV file's start that decide whether its first line is a header.
const HEADER_SNIFF_ROWS: usize = 50;

/// Whether a CSV file's first line is a header, by the vote Python's `csv.Sniffer` takes: each
/// column whose later values agree (all numbers, booleans or timestamps; or, two or more, all
/// one length) votes for a header when the first line's field does not fit them, and against
/// when it does. With no vote either way (one line; text of every length), a first line is a
/// header unless each of its fields is a number, a boolean or a timestamp.
pub(super) fn has_header(head: &[u8], delimiter: u8) -> bool {
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
pub(super) fn detect_delimiter(line: &[u8]) -> u8 {
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

/// What the start of a file says: its format, its fields (by the names it gives them, or
/// `COL1`, … without a header; paths for nested JSON) and, if asked for, its first records as
/// text.
pub(super) struct Sniffed {
    pub(super) format: Format,
    pub(super) fields: Vec<FieldPath>,
    pub(super) sample: Option<TextBatch>,
}

/// Reads the whole records in `head`, the start of the file `name` (all of it when shorter
/// than [`HEAD_BYTES`]).
pub(super) fn sniff(name: &str, head: &[u8], rows: usize) -> Result<Sniffed> {
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
    let sample = if rows > 0 { records.next(&fields, &JsonReader::text(&fields), rows)? } else { None };
    Ok(Sniffed { format, fields, sample })
}

/// The whole records in `head`, and for a CSV file its fields' names (from its header, or
/// `COL1`, … for as many fields as its first record has).
pub(super) fn head_records(name: &str, head: &[u8], format: Format) -> Result<(Records, Option<Vec<String>>)> {
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
