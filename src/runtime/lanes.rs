//! The system lanes: `error_stream`, which takes the rows that could not be processed (records
//! an input could not read, rows a pump failed on), and the late lane, which takes the rows
//! windows left out.

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};

use super::Runtime;
use crate::error::Result;
use crate::exec::{FailedRow, LateRow};
use crate::plan::{ColumnDef, SqlType, StreamDef};
use crate::source::BadRow;

/// The in-application stream that collects rows that could not be processed, as KDA names it.
pub const ERROR_STREAM: &str = "error_stream";

/// KDA's `error_stream` columns.
pub fn error_stream_def() -> StreamDef {
    let varchar = || SqlType::Varchar(None);
    StreamDef::new(
        ERROR_STREAM,
        vec![
            ColumnDef { name: "ERROR_TIME".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "ERROR_LEVEL".into(), sql_type: varchar() },
            ColumnDef { name: "ERROR_NAME".into(), sql_type: varchar() },
            ColumnDef { name: "MESSAGE".into(), sql_type: varchar() },
            ColumnDef { name: "DATA_ROWTIME".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "DATA_ROW".into(), sql_type: varchar() },
            ColumnDef { name: "PUMP_NAME".into(), sql_type: varchar() },
        ],
    )
}

/// The late lane: rows left out of every window they belong to because those windows had
/// already fired, with the window they missed and the watermark they met.
pub const LATE_STREAM: &str = "late_stream";

pub fn late_stream_def() -> StreamDef {
    StreamDef::new(
        LATE_STREAM,
        vec![
            ColumnDef { name: "PUMP_NAME".into(), sql_type: SqlType::Varchar(None) },
            ColumnDef { name: "EVENT_TIME".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "WATERMARK".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "WINDOW_START".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "WINDOW_END".into(), sql_type: SqlType::Timestamp },
            ColumnDef { name: "REASON".into(), sql_type: SqlType::Varchar(None) },
            ColumnDef { name: "DATA_ROW".into(), sql_type: SqlType::Varchar(None) },
        ],
    )
}

/// An error row before it becomes part of an `error_stream` batch.
pub(super) struct ErrorRow {
    pub(super) name: &'static str,
    pub(super) message: String,
    pub(super) data_rowtime: Option<i64>,
    pub(super) data_row: String,
    pub(super) pump: Option<String>,
}

impl Runtime {
    /// Sends records an input could not read to `error_stream` (a reference table's, read
    /// before the application starts).
    pub fn report_bad_rows(&mut self, table: &str, rows: Vec<BadRow>) -> Result<()> {
        self.reject(rows.into_iter().map(|b| bad_input_row(b, &format!("reference table \"{table}\""))).collect())
    }

    /// Writes rows a pump failed on to `error_stream`.
    pub(super) fn failed(&mut self, pump: usize, rows: Vec<FailedRow>) -> Result<()> {
        let name = self.pumps[pump].name.clone();
        let errors = rows
            .into_iter()
            .map(|r| ErrorRow {
                name: "EXECUTION_ERROR",
                message: r.message,
                data_rowtime: r.rowtime,
                data_row: r.data_row,
                pump: Some(name.clone()),
            })
            .collect();
        self.reject(errors)
    }

    /// Writes rows a pump's windows left out to the late lane.
    pub(super) fn late(&mut self, pump: usize, rows: Vec<LateRow>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.metrics.rows_late += rows.len() as u64;
        let n = rows.len();
        let name = self.pumps[pump].name.clone();
        let ts = |v: Vec<Option<i64>>| Arc::new(TimestampMillisecondArray::from(v)) as ArrayRef;
        let text = |v: Vec<Option<String>>| Arc::new(StringArray::from(v)) as ArrayRef;
        let columns = vec![
            ts(rows.iter().map(|r| Some(r.rowtime.unwrap_or(self.now))).collect()),
            text(vec![Some(name); n]),
            ts(rows.iter().map(|r| r.event_time).collect()),
            ts(rows.iter().map(|r| r.watermark).collect()),
            ts(rows.iter().map(|r| r.window.map(|w| w.0)).collect()),
            ts(rows.iter().map(|r| r.window.map(|w| w.1)).collect()),
            text(rows.iter().map(|r| Some(r.reason.to_string())).collect()),
            text(rows.iter().map(|r| Some(r.data_row.clone())).collect()),
        ];
        let batch = RecordBatch::try_new(late_stream_def().schema, columns)?;
        self.write_output(LATE_STREAM, batch);
        Ok(())
    }

    /// Writes rows to `error_stream`.
    pub(super) fn reject(&mut self, rows: Vec<ErrorRow>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.metrics.rows_in_error += rows.len() as u64;
        let now = self.now;
        let n = rows.len();
        let ts = |v: Vec<Option<i64>>| Arc::new(TimestampMillisecondArray::from(v)) as ArrayRef;
        let text = |v: Vec<Option<String>>| Arc::new(StringArray::from(v)) as ArrayRef;
        let columns = vec![
            ts(vec![Some(now); n]),
            ts(vec![Some(now); n]),
            text(vec![Some("ERROR".to_string()); n]),
            text(rows.iter().map(|r| Some(r.name.to_string())).collect()),
            text(rows.iter().map(|r| Some(r.message.clone())).collect()),
            ts(rows.iter().map(|r| r.data_rowtime).collect()),
            text(rows.iter().map(|r| Some(r.data_row.clone())).collect()),
            text(rows.iter().map(|r| r.pump.clone()).collect()),
        ];
        let batch = RecordBatch::try_new(error_stream_def().schema, columns)?;
        self.write_output(ERROR_STREAM, batch);
        Ok(())
    }
}

/// A record an input could not read, from `input` (`stream "S"`, `reference table "T"`).
pub(super) fn bad_input_row(bad: BadRow, input: &str) -> ErrorRow {
    ErrorRow {
        name: "PARSE_ERROR",
        message: format!("{input}: {}", bad.message),
        data_rowtime: bad.rowtime,
        data_row: bad.data,
        pump: None,
    }
}
