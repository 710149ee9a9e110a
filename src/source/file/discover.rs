//! Schema discovery: a file's columns named and typed from its start, and a sample read
//! under them.

use std::io::Cursor;

use arrow_array::cast::AsArray;
use arrow_array::{Array, StringArray};

use super::json_path::json_path;
use super::json_read::JsonReader;
use super::records::{field_name, TextBatch};
use super::sniff::{head_records, sniff, Sniffed};
use super::{FileSource, Format, ReadChunks, SAMPLE_ROWS};
use crate::error::{Error, Result};
use crate::plan::types::parse_timestamp;
use crate::plan::{ColumnDef, SqlType, StreamDef, ROWTIME};
use crate::source::Source;

/// A stream column read from a file, as KDA's input schema lists it (`RecordColumn`): its name
/// and type in the stream, and where each record has its value: a CSV field's name (`COL1`, …
/// without a header) or a JSONPath (`$.reading.loc.lat`).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordColumn {
    pub name: String,
    pub sql_type: SqlType,
    pub mapping: String,
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
    if let Some(text) = records.next(&source.fields, &JsonReader::text(&source.fields), rows)? {
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
