//! An application as a Flink SQL job (`kdalite export --to flink`): its statements translated
//! into the statements of a job that runs on Apache Flink with the same meaning, and the notes
//! a reader of the job needs (what was translated how, what is approximate). The bundle around
//! the job (its inputs' rows, its README) is `runtime::export`'s.
//!
//! Flink SQL keeps its statements: only the tables' connectors change, and every name is
//! quoted with backticks as written (Flink 2 reserves words, such as `dateTime`, that older
//! code used bare). KDA SQL is translated:
//! - an input stream becomes a table whose `ROWTIME` is its event-time attribute, with the
//!   watermark `ROWTIME` itself: a window fires once a row at or past its end has arrived, as
//!   KDA's do (Flink fires it on that row's watermark; the rows are the same);
//! - an in-application stream that pumps write and others read becomes a view (the `UNION
//!   ALL` of its pumps); one that nothing reads becomes a sink table, `ROWTIME` first;
//! - `GROUP BY …, STEP(s.ROWTIME BY INTERVAL …)` or `FLOOR(s.ROWTIME TO unit)` becomes a
//!   `TUMBLE` window TVF grouped by `window_start, window_end`: the window expression in the
//!   select list is `window_start`, the row's `ROWTIME` is `window_end`, as KDA gives it;
//! - a sliding window, `OVER (RANGE INTERVAL … PRECEDING)` or `ROWS n PRECEDING`, becomes an
//!   `OVER` window ordered by `ROWTIME`;
//! - reference tables become filesystem tables joined as lookups (`FOR SYSTEM_TIME AS OF` the
//!   stream's `PROCTIME`);
//! - names fold to upper case unless quoted, and each selected value is cast to its stream
//!   column's type, as a pump casts it;
//! - `TIMESTAMP_TO_CHAR` → `DATE_FORMAT`, `CHAR_TO_TIMESTAMP` → `TO_TIMESTAMP`,
//!   `REGEX_REPLACE` → `REGEXP_REPLACE`.
//!
//! What Flink SQL cannot say (stagger windows, the table functions, the log parsers, KDA's
//! joins with a window on a side) is an error at its line and column with the reason; with
//! `approximate`, a stagger window becomes a tumbling window of its range, and the job says so
//! at the statement.

mod flink_sql;
mod functions;
mod kda;
mod tables;
mod windows;

use std::fmt::Write as _;

use sqlparser::ast;

use super::parser::{self, Statement};
use crate::error::{Error, Position, Result};
use crate::plan::{ApplicationPlan, SqlType, StreamDef, RESULT_STREAM};

use crate::sql::spelling::quote;
pub use tables::{JobTable, TableRole};

/// Where the job's tables read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    /// Files: each input's rows as JSON lines under `data/`, each sink's under `out/`.
    Filesystem,
    /// Kinesis data streams (the application's own, or streams named after the tables), as
    /// Managed Service for Apache Flink reads and writes them: the `kinesis` connector of
    /// flink-connector-aws (5.x for Flink 1.20, 6.x for 2.x).
    Kinesis,
}

/// The Kinesis data stream a table reads or writes.
#[derive(Debug, Clone, PartialEq)]
pub struct KinesisStream {
    pub arn: String,
    /// Where a source starts reading: `LATEST`, `TRIM_HORIZON` (the connector's names).
    pub start: String,
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub connector: Connector,
    /// Prefixed to the paths of `data/` and `out/` (the bundle's directory, or nothing for paths
    /// relative to where the job runs).
    pub base: String,
    /// Write the closest form of what Flink cannot express, instead of refusing it.
    pub approximate: bool,
    /// The AWS region Kinesis streams are in.
    pub region: String,
    /// The Kinesis streams of the application's streams and tables, by their names in the
    /// application (matched regardless of case); any other is a stream of its name in
    /// [`PLACEHOLDER_ACCOUNT`], from its start.
    pub streams: Vec<(String, KinesisStream)>,
}

/// The account of a Kinesis stream the application does not name (AWS's documentation's own).
pub const PLACEHOLDER_ACCOUNT: &str = "123456789012";

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            connector: Connector::Filesystem,
            base: String::new(),
            approximate: false,
            region: "us-east-1".into(),
            streams: Vec::new(),
        }
    }
}

/// Something the job's reader must know: a translation that is approximate, or a step the job
/// needs from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub position: Option<Position>,
    pub text: String,
    pub approximate: bool,
}

impl Note {
    /// Where in the application the note is, as ` (line L, column C)`; empty for the whole.
    pub fn place(&self) -> String {
        self.position.map(|p| format!(" (line {}, column {})", p.line, p.column)).unwrap_or_default()
    }
}

/// The translated job, statement by statement.
#[derive(Debug, Clone, Default)]
pub struct FlinkJob {
    /// The application was KDA SQL.
    pub kda: bool,
    pub functions: Vec<String>,
    pub tables: Vec<JobTable>,
    pub views: Vec<String>,
    pub inserts: Vec<String>,
    pub notes: Vec<Note>,
    /// The application's own `SET`s, key and value, which the job's settings give way to.
    pub settings: Vec<(String, String)>,
}

impl FlinkJob {
    /// `job.sql`: settings, tables, views, and the INSERTs in one statement set. `settings`
    /// are `SET` lines, key and value; the application's own SET of a key replaces its line, and
    /// its other SETs follow.
    pub fn job_sql(&self, header: &str, settings: &[(String, String)]) -> String {
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "-- {line}");
        }
        out.push('\n');
        let mut settings = settings.to_vec();
        if self.reuses_match_within() {
            let _ = writeln!(
                out,
                "-- Flink's planner takes MATCH_RECOGNIZE clauses that differ only in WITHIN for one (WITHIN is not in its\n\
                 -- digest) and runs one for all of them: with sub-plans not reused, each runs as written."
            );
            settings.push((REUSE_SUB_PLAN.to_string(), "false".to_string()));
        }
        let own = |key: &str| self.settings.iter().rev().find(|(k, _)| k == key);
        let defaults = settings.iter().map(|default| own(&default.0).unwrap_or(default));
        let others = self.settings.iter().filter(|(k, _)| !settings.iter().any(|(d, _)| d == k));
        for (key, value) in defaults.chain(others) {
            let value = value.replace('\'', "''");
            let _ = writeln!(out, "SET '{key}' = '{value}';");
        }
        out.push('\n');
        for statement in self.functions.iter().chain(self.tables.iter().map(|t| &t.statement)).chain(&self.views) {
            let _ = writeln!(out, "{};\n", match_within(statement));
        }
        out.push_str("EXECUTE STATEMENT SET\nBEGIN\n\n");
        for insert in &self.inserts {
            let _ = writeln!(out, "{};\n", match_within(insert));
        }
        out.push_str("END;\n");
        out
    }

    /// Whether the job has two MATCH_RECOGNIZE clauses, one with a WITHIN, which Flink 2.3 could
    /// take for one (two that differ elsewhere too are run apart anyway; turning reuse off for
    /// them costs a second read of the source, nothing else).
    fn reuses_match_within(&self) -> bool {
        let statements = || self.views.iter().chain(&self.inserts);
        let clauses: usize = statements().map(|s| s.matches("MATCH_RECOGNIZE(").count()).sum();
        let within = within_marker();
        clauses >= 2 && statements().any(|s| s.contains(&within))
    }
}

const REUSE_SUB_PLAN: &str = "table.optimizer.reuse-sub-plan-enabled";

/// Where a statement's MATCH_RECOGNIZE has a `WITHIN`: the parser moved it into DEFINE, and the
/// export quoted it (`DEFINE \`$WITHIN\` AS INTERVAL …, `).
fn within_marker() -> String {
    format!("DEFINE `{}` AS ", crate::sql::parser::MATCH_WITHIN)
}

/// MATCH_RECOGNIZE's `WITHIN` ([`within_marker`]) written back where Flink reads it:
/// `PATTERN (…) WITHIN INTERVAL … DEFINE …`.
fn match_within(statement: &str) -> String {
    let marker = within_marker();
    let mut out = statement.to_string();
    while let Some(at) = out.find(&marker) {
        let rest = &out[at + marker.len()..];
        // The interval, `INTERVAL '…' unit`, ends where DEFINE's next entry starts.
        let Some(end) = rest.find(", ") else { break };
        out = format!("{}WITHIN {} DEFINE {}", &out[..at], &rest[..end], &rest[end + 2..]);
    }
    out
}

/// Translates application code, planned as `plan` (which says what each stream is), into a
/// Flink job.
pub fn to_flink(code: &str, plan: &ApplicationPlan, options: &ExportOptions) -> Result<FlinkJob> {
    let statements = parser::parse(code)?;
    let kda = statements.iter().any(|s| {
        matches!(s, Statement::CreateStream { .. } | Statement::CreatePump { .. } | Statement::Query { kda: true, .. })
    });
    let mut export = Export {
        plan,
        options,
        job: FlinkJob { kda, ..FlinkJob::default() },
        noted: 0,
        changelog: vec![],
        functions: vec![],
    };
    // Flink's JSON format writes an interval as a number of milliseconds or months, where
    // kdalite prints it in its qualifier (`+4 04`), as KDA does.
    for stream in &plan.streams {
        if let Some(c) = stream.columns.iter().find(|c| matches!(c.sql_type, SqlType::Interval(_))) {
            return refuse(
                None,
                format!(
                    "column {} of {} is an {}, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)",
                    c.name, stream.name, c.sql_type
                ),
            );
        }
    }
    if kda {
        export.kda(&statements)?;
    } else {
        export.flink(&statements)?;
    }
    if export.job.inserts.is_empty() {
        return refuse(None, "the application writes nothing (only EXPLAIN, or no query)");
    }
    Ok(export.job)
}

/// A raw piece of SQL text where an identifier goes: printed as it is, never quoted again.
fn raw(text: impl Into<String>) -> ast::Ident {
    ast::Ident { value: text.into(), quote_style: None, span: sqlparser::tokenizer::Span::empty() }
}

fn raw_expr(text: impl Into<String>) -> ast::Expr {
    ast::Expr::Identifier(raw(text))
}

fn position_of(span: sqlparser::tokenizer::Span) -> Option<Position> {
    let start = span.start;
    (start.line > 0).then_some(Position { line: start.line, column: start.column })
}

fn refuse<T>(position: Option<Position>, why: impl std::fmt::Display) -> Result<T> {
    Err(Error::Plan { message: format!("cannot export to Flink: {why}"), position })
}

struct Export<'a> {
    plan: &'a ApplicationPlan,
    options: &'a ExportOptions,
    job: FlinkJob,
    /// Notes already written at a statement.
    noted: usize,
    /// KDA streams written as a changelog (an outer join to a reference table feeds them).
    changelog: Vec<String>,
    /// Views a pump's table function became (`TOP_K_ITEMS_TUMBLING`, …), read as streams: each
    /// with the stream its pump writes (it goes just before that stream's view or INSERT) and
    /// its columns.
    functions: Vec<(String, String, StreamDef)>,
}

impl Export<'_> {
    fn note(&mut self, position: Option<Position>, text: impl Into<String>, approximate: bool) {
        self.job.notes.push(Note { position, text: text.into(), approximate });
    }

    /// `statement` with the notes made while translating it as comments above it.
    fn with_notes(&mut self, statement: String) -> String {
        let out = comments(&self.job.notes[self.noted..]);
        self.noted = self.job.notes.len();
        out + &statement
    }

    /// The notes made since the last statement, as comments, to go above a statement written
    /// later (a pump's INSERT, after the tables).
    fn take_notes(&mut self) -> String {
        self.with_notes(String::new())
    }

    fn written(&self, name: &str) -> bool {
        self.plan.pumps.iter().any(|p| p.target == name)
    }

    fn read(&self, name: &str) -> bool {
        self.plan.pumps.iter().any(|p| p.plan.reads(name))
    }

    fn stream(&self, name: &str) -> Result<StreamDef> {
        let function = self.functions.iter().find(|(_, _, def)| def.name == name).map(|(_, _, def)| def);
        function
            .or_else(|| self.plan.stream(name))
            .cloned()
            .ok_or_else(|| Error::Internal(format!("the plan has no stream {name}")))
    }
}

fn result_name(n: usize) -> String {
    match n {
        1 => RESULT_STREAM.to_string(),
        n => format!("{RESULT_STREAM}_{n}"),
    }
}

/// Notes as `-- kdalite note …` comment lines.
fn comments(notes: &[Note]) -> String {
    let mut out = String::new();
    for note in notes {
        let kind = if note.approximate { "approximate" } else { "note" };
        let _ = writeln!(out, "-- kdalite {kind}{}: {}", note.place(), note.text);
    }
    out
}

/// A relation written as text (`` `name` AS t ``).
fn relation(text: &str) -> Result<ast::TableFactor> {
    kda_parser(text)?.parse_table_factor().map_err(|e| Error::Internal(format!("{text}: {e}")))
}

/// An expression written as text, as KDA writes it.
fn expression(text: &str) -> Result<ast::Expr> {
    kda_parser(text)?.parse_expr().map_err(|e| Error::Internal(format!("{text}: {e}")))
}

fn kda_parser(text: &str) -> Result<sqlparser::parser::Parser<'static>> {
    sqlparser::parser::Parser::new(&parser::KdaDialect)
        .try_with_sql(text)
        .map_err(|e| Error::Internal(format!("{text}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(code: &str) -> Result<FlinkJob> {
        let plan = crate::sql::compile(code, &[])?;
        to_flink(code, &plan, &ExportOptions::default())
    }

    /// A Flink table the job writes and reads is the view of its INSERT (Flink would read the
    /// table's files once, when the job starts); with a WATERMARK of its own it is refused.
    #[test]
    fn a_table_written_and_read_is_a_view_of_its_insert() {
        let code = "CREATE TABLE src (k STRING, v INT) WITH ('connector' = 'datagen');\n\
                    CREATE TABLE mid (k STRING, v INT) WITH ('connector' = 'filesystem');\n\
                    CREATE TABLE dst (k STRING, v INT) WITH ('connector' = 'filesystem');\n\
                    INSERT INTO mid SELECT k, v + 1 FROM src;\n\
                    INSERT INTO dst SELECT k, v FROM mid WHERE v > 2;\n";
        let job = export(code).unwrap();
        let tables: Vec<&str> = job.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(tables, ["src", "dst"]);
        assert_eq!(
            job.views,
            ["CREATE VIEW `mid` AS\nSELECT * FROM (\nSELECT `k`, `v` + 1 FROM `src`\n) AS `mid`(`k`, `v`)"]
        );
        assert_eq!(job.inserts, ["INSERT INTO `dst`\nSELECT `k`, `v` FROM `mid` WHERE `v` > 2"]);

        let watermarked = code.replace(
            "v INT) WITH ('connector' = 'filesystem');\nCREATE TABLE dst",
            "v INT, t TIMESTAMP(3), WATERMARK FOR t AS t) WITH ('connector' = 'filesystem');\nCREATE TABLE dst",
        );
        let watermarked =
            watermarked.replace("SELECT k, v + 1 FROM src", "SELECT k, v + 1, CAST(NULL AS TIMESTAMP(3)) FROM src");
        let err = export(&watermarked).unwrap_err().to_string();
        assert!(err.contains("WATERMARK of its own") && err.contains("line 2, column 14"), "{err}");
    }

    /// Over Kinesis, a table names the application's stream by its ARN, a source from where the
    /// application starts; a stream the application does not name is one of the table's name in
    /// the placeholder account, and a note says so.
    #[test]
    fn kinesis_tables_name_the_application_streams() {
        let code = "CREATE OR REPLACE STREAM DEST (sym VARCHAR(4), n BIGINT);\n\
                    CREATE OR REPLACE PUMP P AS INSERT INTO DEST\n\
                    SELECT STREAM TICKER_SYMBOL, COUNT(*) FROM SOURCE_SQL_STREAM_001\n\
                    GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '1' MINUTE);\n";
        let input = crate::source::GeneratorSpec { name: "ticker".into(), params: vec![] }
            .stream_def("SOURCE_SQL_STREAM_001")
            .unwrap();
        let plan = crate::sql::compile(code, &[input]).unwrap();
        let arn = "arn:aws:kinesis:eu-west-1:111122223333:stream/trades";
        let options = ExportOptions {
            connector: Connector::Kinesis,
            streams: vec![("source_sql_stream_001".into(), KinesisStream { arn: arn.into(), start: "LATEST".into() })],
            ..Default::default()
        };
        let job = to_flink(code, &plan, &options).unwrap();
        let source = &job.tables[0].statement;
        assert!(source.contains(&format!("'stream.arn' = '{arn}'")), "{source}");
        assert!(source.contains("'aws.region' = 'eu-west-1'") && source.contains("'source.init.position' = 'LATEST'"));
        assert!(
            source.contains(
                "`APPROXIMATE_ARRIVAL_TIME` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,\n  \
                 `ROWTIME` AS CAST(`APPROXIMATE_ARRIVAL_TIME` AS TIMESTAMP(3)),\n  `TICKER_SYMBOL` VARCHAR(4),"
            ),
            "{source}"
        );
        let sink = &job.tables[1].statement;
        let placeholder = "arn:aws:kinesis:us-east-1:123456789012:stream/DEST";
        assert!(sink.contains(&format!("'stream.arn' = '{placeholder}'")), "{sink}");
        assert!(!sink.contains("source.init.position"), "{sink}");
        assert!(job.notes.iter().any(|n| n.text.contains(placeholder)));
    }
}
