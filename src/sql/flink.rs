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

use std::fmt::Write as _;
use std::ops::ControlFlow;

use sqlparser::ast::{self, Spanned};

use super::parser::{self, Statement};
use super::planner::{
    cursor_query, function_args, function_name, interval_millis_of, is_kda_table_function, number, time_unit,
};
use super::{walk_mut, NodeMut};
use crate::error::{Error, Position, Result};
use crate::plan::{ApplicationPlan, LogicalPlan, SqlType, StreamDef, OP_COLUMN, RESULT_STREAM, ROWTIME};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableRole {
    /// An input: its rows are the application's input rows.
    Source,
    /// What a query writes.
    Sink,
    /// A table looked up by key (a KDA reference table).
    Lookup,
}

/// A `CREATE TABLE` of the job.
#[derive(Debug, Clone)]
pub struct JobTable {
    /// The table's name in the job.
    pub name: String,
    /// The stream or table of kdalite's plan whose rows it holds.
    pub rows: String,
    /// A reference table's columns as the job names them (a Flink query's spelling of them);
    /// empty for other tables.
    pub columns: Vec<String>,
    pub role: TableRole,
    /// A sink that receives a changelog (written as Debezium JSON by the filesystem connector).
    pub updating: bool,
    /// The file (a source's, a lookup table's) or directory (a sink's) it names, if any.
    pub path: Option<String>,
    pub statement: String,
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
        let own = |key: &str| self.settings.iter().rev().find(|(k, _)| k == key);
        let defaults = settings.iter().map(|default| own(&default.0).unwrap_or(default));
        let others = self.settings.iter().filter(|(k, _)| !settings.iter().any(|(d, _)| d == k));
        for (key, value) in defaults.chain(others) {
            let value = value.replace('\'', "''");
            let _ = writeln!(out, "SET '{key}' = '{value}';");
        }
        out.push('\n');
        for statement in self.functions.iter().chain(self.tables.iter().map(|t| &t.statement)).chain(&self.views) {
            let _ = writeln!(out, "{statement};\n");
        }
        out.push_str("EXECUTE STATEMENT SET\nBEGIN\n\n");
        for insert in &self.inserts {
            let _ = writeln!(out, "{insert};\n");
        }
        out.push_str("END;\n");
        out
    }
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

/// A name in backticks, as Flink quotes it.
pub fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A column type as Flink writes it.
pub fn flink_type(t: &SqlType) -> String {
    match t {
        SqlType::Timestamp => "TIMESTAMP(3)".into(),
        SqlType::Time => "TIME(3)".into(),
        SqlType::Varchar(None) => "STRING".into(),
        SqlType::Integer => "INT".into(),
        SqlType::Real => "FLOAT".into(),
        SqlType::Row(fields) => {
            let fields: Vec<String> = fields.iter().map(|(n, t)| format!("{} {}", quote(n), flink_type(t))).collect();
            format!("ROW<{}>", fields.join(", "))
        }
        SqlType::Array(element) => format!("ARRAY<{}>", flink_type(element)),
        SqlType::Map(key, value) => format!("MAP<{}, {}>", flink_type(key), flink_type(value)),
        other => other.to_string(),
    }
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

/// KDA functions Flink has under another name, with their arguments reordered.
const RENAMED: &[(&str, &str, bool)] = &[
    // (KDA, Flink, arguments swapped)
    ("TIMESTAMP_TO_CHAR", "DATE_FORMAT", true),
    ("CHAR_TO_TIMESTAMP", "TO_TIMESTAMP", true),
    ("REGEX_REPLACE", "REGEXP_REPLACE", false),
];

/// KDA functions Flink SQL has no counterpart for.
const KDA_ONLY: &[&str] = &[
    "STEP",
    "STAGGER",
    "CHAR_TO_DATE",
    "CHAR_TO_TIME",
    "DATE_TO_CHAR",
    "TIME_TO_CHAR",
    "MONOTONIC",
    "NTH_VALUE",
    "$NTH_VALUE_FROM_LAST",
    "EXP_AVG",
    "EVERY",
    "FAST_REGEX_LOG_PARSE",
    "FIXED_COLUMN_LOG_PARSE",
    "REGEX_LOG_PARSE",
    "SYS_LOG_PARSE",
    "VARIABLE_COLUMN_LOG_PARSE",
    "W3C_LOG_PARSE",
    "$SUBSTRING_SIMILAR",
    "APPROXIMATE_ARRIVAL_TIME",
    "CURRENT_ROW_TIMESTAMP",
    "TSDIFF",
    "$INTERVAL_BETWEEN",
];

/// Aggregates KDA computes in DOUBLE.
const VARIANCES: &[&str] = &["STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP"];

/// The time attribute of a windowed view's rows (its window's `window_time`, a millisecond
/// before the end its ROWTIME is), for a window over the view.
const CASCADE_TIME: &str = "kdalite_time";

/// The KDA tumbling window in a GROUP BY: its item's index and the window's size as Flink
/// writes it; or a stagger window's range.
struct KdaWindow {
    index: usize,
    size: String,
    /// The size in milliseconds, when it is a whole number of seconds, minutes, hours or days.
    millis: Option<i64>,
    stagger: bool,
    position: Option<Position>,
    /// The group expression as written, which the select list may repeat (as the window start).
    text: String,
}

/// `ms` as a Flink `INTERVAL 'd hh:mm:ss.fff' DAY TO SECOND`.
fn day_to_second(ms: i64) -> String {
    let (s, fraction) = (ms / 1000, ms % 1000);
    format!(
        "INTERVAL '{} {:02}:{:02}:{:02}.{fraction:03}' DAY TO SECOND",
        s / 86_400,
        s / 3600 % 24,
        s / 60 % 60,
        s % 60
    )
}

fn is_rowtime(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Identifier(i) => i.value.eq_ignore_ascii_case(ROWTIME),
        ast::Expr::CompoundIdentifier(parts) => parts.last().is_some_and(|i| i.value.eq_ignore_ascii_case(ROWTIME)),
        _ => false,
    }
}

fn kda_window(group_by: &[ast::Expr]) -> Result<Option<KdaWindow>> {
    for (index, e) in group_by.iter().enumerate() {
        let position = position_of(e.span());
        let text = e.to_string();
        match e {
            ast::Expr::Function(f) if function_name(f) == "STEP" => {
                let args = function_args(f);
                if let [Some(time), Some(interval @ ast::Expr::Interval(_))] = args.as_slice() {
                    if is_rowtime(time) {
                        let millis = match interval {
                            ast::Expr::Interval(i) => interval_millis_of(i, None, false).ok(),
                            _ => None,
                        };
                        let size = interval.to_string();
                        return Ok(Some(KdaWindow { index, size, millis, stagger: false, position, text }));
                    }
                }
            }
            ast::Expr::Function(f) if function_name(f) == "STAGGER" => {
                let range = function_args(f).first().copied().flatten().map(|r| r.to_string()).unwrap_or_default();
                return Ok(Some(KdaWindow { index, size: range, millis: None, stagger: true, position, text }));
            }
            ast::Expr::Floor { expr, field: ast::CeilFloorKind::DateTimeField(field) } if is_rowtime(expr) => {
                let unit = field.to_string().to_uppercase();
                if matches!(unit.as_str(), "MONTH" | "YEAR" | "QUARTER") {
                    return refuse(
                        position,
                        format!("Flink's TUMBLE has no window of one {unit}, whose length varies"),
                    );
                }
                return Ok(Some(KdaWindow {
                    index,
                    size: format!("INTERVAL '1' {unit}"),
                    millis: time_unit(field).and_then(|u| u.millis()),
                    stagger: false,
                    position,
                    text,
                }));
            }
            _ => {}
        }
    }
    Ok(None)
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

    fn data_path(&self, name: &str) -> String {
        format!("{}data/{name}.jsonl", self.options.base)
    }

    fn out_path(&self, name: &str) -> String {
        format!("{}out/{name}", self.options.base)
    }

    /// The `WITH` options of a table in the role given.
    fn connector(&mut self, name: &str, role: TableRole, updating: bool) -> (Option<String>, String) {
        let (path, options) = match (self.options.connector, role) {
            (Connector::Kinesis, TableRole::Source | TableRole::Sink) => {
                let named = self.options.streams.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
                let stream = match named {
                    Some((_, stream)) => stream.clone(),
                    None => {
                        let arn =
                            format!("arn:aws:kinesis:{}:{PLACEHOLDER_ACCOUNT}:stream/{name}", self.options.region);
                        self.note(
                            None,
                            format!("`{name}` reads or writes the stream {arn}: put yours in its 'stream.arn'"),
                            false,
                        );
                        KinesisStream { arn, start: "TRIM_HORIZON".into() }
                    }
                };
                let region = stream.arn.split(':').nth(3).unwrap_or(&self.options.region).to_string();
                let mut options = vec![
                    ("connector", "kinesis".to_string()),
                    ("stream.arn", stream.arn),
                    ("aws.region", region),
                    ("format", "json".to_string()),
                ];
                if role == TableRole::Source {
                    options.push(("source.init.position", stream.start));
                }
                (None, options)
            }
            (_, TableRole::Sink) => {
                let path = self.out_path(name);
                let format = if updating { "debezium-json" } else { "json" };
                (
                    Some(path.clone()),
                    vec![("connector", "filesystem".into()), ("path", path), ("format", format.into())],
                )
            }
            (_, TableRole::Source | TableRole::Lookup) => {
                let path = self.data_path(name);
                (
                    Some(path.clone()),
                    vec![("connector", "filesystem".into()), ("path", path), ("format", "json".into())],
                )
            }
        };
        let options: Vec<String> =
            options.iter().map(|(k, v)| format!("  '{k}' = '{}'", v.replace('\'', "''"))).collect();
        (path, format!("WITH (\n{}\n)", options.join(",\n")))
    }

    fn push_table(&mut self, name: &str, role: TableRole, updating: bool, columns: Vec<String>) {
        self.push_table_as(name, name, role, updating, columns)
    }

    /// A table the job calls `written` (as its queries write it) that holds the plan's `name`.
    fn push_table_as(&mut self, name: &str, written: &str, role: TableRole, updating: bool, columns: Vec<String>) {
        let (path, with) = self.connector(written, role, updating);
        let statement = format!("CREATE TABLE {} (\n  {}\n) {with}", quote(written), columns.join(",\n  "));
        let statement = self.with_notes(statement);
        self.job.tables.push(JobTable {
            name: written.to_string(),
            rows: name.to_string(),
            columns: vec![],
            role,
            updating,
            path,
            statement,
        });
    }

    /// A reference table (rows loaded whole) as a table of the job called `written`, its columns
    /// called `names`.
    fn reference_table(&mut self, written: &str, table: &crate::plan::ReferenceTable, names: Vec<String>) {
        let fields = table.rows.schema();
        let columns = fields
            .fields()
            .iter()
            .zip(&names)
            .map(|(f, n)| format!("{} {}", quote(n), arrow_flink_type(f.data_type())));
        self.push_table_as(&table.name, written, TableRole::Lookup, false, columns.collect());
        self.job.tables.last_mut().expect("just pushed").columns = names;
    }

    /// Table `name` (a bare query's result, a CREATE TABLE … AS), declared with its columns as a
    /// sink, and the INSERT of `query` into it.
    fn sink_of(&mut self, name: &str, query: &ast::Query) -> Result<()> {
        let def = self.stream(name)?;
        self.push_table(name, TableRole::Sink, def.updating, Self::declared_columns(&def, false));
        let mut query = query.clone();
        self.translate(&mut query, false)?;
        // Flink writes one time attribute at most into a table: cast, each is a timestamp.
        let columns = Self::columns_of(&def);
        let times = columns.iter().filter(|(_, t)| t == "TIMESTAMP(3)").count();
        let query = if times > 1 {
            let items: Vec<String> = columns
                .iter()
                .map(|(n, t)| match t.as_str() {
                    "TIMESTAMP(3)" => format!("CAST({0} AS TIMESTAMP(3)) AS {0}", quote(n)),
                    _ => quote(n),
                })
                .collect();
            format!("SELECT {} FROM (\n{query}\n)", items.join(", "))
        } else {
            query.to_string()
        };
        let statement = format!("INSERT INTO {}\n{query}", quote(name));
        let statement = self.with_notes(statement);
        self.job.inserts.push(statement);
        Ok(())
    }

    fn written(&self, name: &str) -> bool {
        self.plan.pumps.iter().any(|p| p.target == name)
    }

    fn read(&self, name: &str) -> bool {
        self.plan.pumps.iter().any(|p| p.plan.reads(name))
    }

    /// A stream's value columns (not `op`), with their Flink types.
    fn columns_of(def: &StreamDef) -> Vec<(String, String)> {
        def.columns.iter().filter(|c| c.name != OP_COLUMN).map(|c| (c.name.clone(), flink_type(&c.sql_type))).collect()
    }

    /// A stream's value columns as a table declares them; a KDA stream's with `ROWTIME` first.
    fn declared_columns(def: &StreamDef, rowtime: bool) -> Vec<String> {
        let mut columns = if rowtime { vec![format!("{} TIMESTAMP(3)", quote(ROWTIME))] } else { vec![] };
        columns.extend(Self::columns_of(def).into_iter().map(|(n, t)| {
            let required = if def.not_null.contains(&n) { " NOT NULL" } else { "" };
            format!("{} {t}{required}", quote(&n))
        }));
        columns
    }

    // ---- Flink SQL: the statements as they are, with other connectors ----

    fn flink(&mut self, statements: &[Statement]) -> Result<()> {
        let lookups: Vec<String> = super::lookup_tables(statements)?.into_iter().map(|t| t.name).collect();
        // Reference tables bound to the application (`--reference`) rather than declared, named
        // as the queries write them and their columns (kdalite matches names whatever their case).
        let read = super::relations_read(statements);
        let mut written: Vec<String> = Vec::new();
        for query in super::queries(statements) {
            super::walk(query, &mut |node| {
                match node {
                    super::Node::Expr(ast::Expr::Identifier(i)) => written.push(i.value.clone()),
                    super::Node::Expr(ast::Expr::CompoundIdentifier(parts)) => {
                        written.extend(parts.iter().map(|p| p.value.clone()))
                    }
                    _ => {}
                }
                ControlFlow::Continue(())
            });
        }
        let relations: Vec<String> = read.into_iter().map(|r| r.value).collect();
        let spelled = |among: &[String], name: &str| -> String {
            among.iter().find(|w| w.eq_ignore_ascii_case(name)).map_or(name, |w| w.as_str()).to_string()
        };
        let plan = self.plan;
        for table in plan.tables.iter().filter(|t| !lookups.contains(&t.name)) {
            let name = spelled(&relations, &table.name);
            self.note(
                None,
                format!("reference table {} joined as Flink joins two tables: both kept whole", quote(&name)),
                false,
            );
            let columns = table.rows.schema().fields().iter().map(|f| spelled(&written, f.name())).collect();
            self.reference_table(&name, table, columns);
        }
        let mut bare = 0;
        // Tables the job writes and reads, with their columns: views.
        let mut intermediate: Vec<(String, String)> = Vec::new();
        // A name's second declaration (CREATE … IF NOT EXISTS, which the plan left out too).
        let again = super::redeclarations(statements);
        for statement in statements {
            if let Statement::CreateTable { name, .. }
            | Statement::CreateTableAs { name, .. }
            | Statement::CreateView { name, .. } = statement
            {
                if again.iter().any(|s| std::ptr::eq(*s, statement)) {
                    self.note(
                        parser::ident_position(name),
                        "a second CREATE … IF NOT EXISTS of the name: left out",
                        false,
                    );
                    continue;
                }
            }
            match statement {
                Statement::CreateTable {
                    name,
                    columns,
                    computed,
                    watermark,
                    primary_key,
                    partitioned_by,
                    not_null,
                    ..
                } => {
                    let declared = parser::ident_position(name);
                    let name = name.value.clone();
                    let role = if lookups.contains(&name) {
                        TableRole::Lookup
                    } else if self.written(&name) && self.read(&name) {
                        // Flink reads a table's files when the job starts, not as they are
                        // written: a table the job writes and reads is a view of its INSERT.
                        if watermark.is_some() {
                            return refuse(
                                declared,
                                format!("table {} is written and read, with a WATERMARK of its own: Flink reads a file table when the job starts, and a view keeps no watermark of its own (write it to a Kafka topic and read it back)", quote(&name)),
                            );
                        }
                        let inserts = statements
                            .iter()
                            .filter(|s| matches!(s, Statement::Insert { target, .. } if target.value == name));
                        if inserts.count() > 1 {
                            return refuse(
                                declared,
                                format!(
                                    "table {} is written by several INSERTs and read: not translated yet",
                                    quote(&name)
                                ),
                            );
                        }
                        let names: Vec<String> = columns.iter().map(|(c, _)| quote(&c.value)).collect();
                        intermediate.push((name.clone(), names.join(", ")));
                        self.note(
                            declared,
                            format!("table {} is written and read: it is a view of its INSERT's query", quote(&name)),
                            false,
                        );
                        continue;
                    } else if self.written(&name) {
                        TableRole::Sink
                    } else if self.read(&name) {
                        TableRole::Source
                    } else {
                        self.note(None, format!("table {} is neither read nor written: left out", quote(&name)), false);
                        continue;
                    };
                    let updating = self.plan.stream(&name).is_some_and(|s| s.updating);
                    let mut items: Vec<(usize, String)> = Vec::new();
                    for (i, (column, data_type)) in columns.iter().enumerate() {
                        let required = if not_null.contains(column) { " NOT NULL" } else { "" };
                        items.push((i, format!("{} {}{required}", quote(&column.value), ast_type(data_type))));
                    }
                    for (before, column, expr) in computed {
                        let mut expr = expr.clone();
                        self.translate(&mut expr, false)?;
                        // A computed column goes after the physical ones declared before it.
                        items.push((*before, format!("{} AS {expr}", quote(&column.value))));
                    }
                    items.sort_by_key(|(i, _)| *i);
                    let mut items: Vec<String> = items.into_iter().map(|(_, s)| s).collect();
                    if let Some(w) = watermark {
                        let (column, expr) = w.as_ref();
                        let mut expr = expr.clone();
                        self.translate(&mut expr, false)?;
                        items.push(format!("WATERMARK FOR {} AS {expr}", quote(&column.value)));
                    }
                    if !primary_key.is_empty() {
                        let keys: Vec<String> = primary_key.iter().map(|k| quote(&k.value)).collect();
                        items.push(format!("PRIMARY KEY ({}) NOT ENFORCED", keys.join(", ")));
                    }
                    if let Some(first) = partitioned_by.first() {
                        self.note(
                            parser::ident_position(first),
                            "PARTITIONED BY left out: the sink writes the same rows into one directory",
                            false,
                        );
                    }
                    self.push_table(&name, role, updating, items);
                    if role == TableRole::Lookup {
                        let names = columns.iter().map(|(c, _)| c.value.clone()).collect();
                        self.job.tables.last_mut().expect("just pushed").columns = names;
                    }
                }
                Statement::Set { key, value, .. } => self.job.settings.push((key.clone(), value.clone())),
                Statement::CreateFunction { name, class } => {
                    self.note(
                        parser::ident_position(name),
                        format!(
                            "the function's class {class} must be on Flink's class path (its jar in lib/, or ADD JAR)"
                        ),
                        false,
                    );
                    let statement =
                        format!("CREATE FUNCTION {} AS '{}'", quote(&name.value), class.replace('\'', "''"));
                    let statement = self.with_notes(statement);
                    self.job.functions.push(statement);
                }
                Statement::CreateView { name, query, .. } => {
                    let mut query = query.clone();
                    self.translate(&mut *query, false)?;
                    let statement = format!("CREATE VIEW {} AS\n{query}", quote(&name.value));
                    let statement = self.with_notes(statement);
                    self.job.views.push(statement);
                }
                Statement::Insert { target, columns, query } => {
                    let mut query = query.clone();
                    self.translate(&mut *query, false)?;
                    if let Some((_, names)) = intermediate.iter().find(|(n, _)| *n == target.value) {
                        if !columns.is_empty() {
                            return refuse(
                                parser::ident_position(target),
                                "an INSERT with a column list into a table the job also reads is not translated yet",
                            );
                        }
                        let statement = format!(
                            "CREATE VIEW {} AS\nSELECT * FROM (\n{query}\n) AS {}({names})",
                            quote(&target.value),
                            quote(&target.value)
                        );
                        let statement = self.with_notes(statement);
                        self.job.views.push(statement);
                        continue;
                    }
                    let columns = if columns.is_empty() {
                        String::new()
                    } else {
                        let names: Vec<String> = columns.iter().map(|c| quote(&c.value)).collect();
                        format!(" ({})", names.join(", "))
                    };
                    let statement = format!("INSERT INTO {}{columns}\n{query}", quote(&target.value));
                    let statement = self.with_notes(statement);
                    self.job.inserts.push(statement);
                }
                Statement::Query { query, .. } => {
                    bare += 1;
                    self.sink_of(&result_name(bare), query)?;
                }
                // A table declared with the query's columns, and the INSERT (the same job on any
                // Flink that runs CREATE TABLE … AS).
                Statement::CreateTableAs { name, query, .. } => {
                    if self.read(&name.value) {
                        return refuse(
                            parser::ident_position(name),
                            format!(
                                "table {} is made by CREATE TABLE … AS and read: not translated yet",
                                quote(&name.value)
                            ),
                        );
                    }
                    self.sink_of(&name.value, query)?;
                }
                Statement::Explain(_) => {
                    self.note(None, "EXPLAIN left out: Flink's EXPLAIN is a statement of its own", false)
                }
                Statement::CreateStream { .. } | Statement::CreatePump { .. } => unreachable!("KDA statements"),
            }
        }
        Ok(())
    }

    fn stream(&self, name: &str) -> Result<StreamDef> {
        let function = self.functions.iter().find(|(_, _, def)| def.name == name).map(|(_, _, def)| def);
        function
            .or_else(|| self.plan.stream(name))
            .cloned()
            .ok_or_else(|| Error::Internal(format!("the plan has no stream {name}")))
    }

    /// The views made for the pumps that write `target`, in the order made.
    fn function_views(&mut self, target: &str) {
        let (views, others) = std::mem::take(&mut self.functions).into_iter().partition(|(t, _, _)| t == target);
        self.functions = others;
        self.job.views.extend(views.into_iter().map(|(_, view, _)| view));
    }

    /// KDA's join of two streams with a window on one side or both (`FROM a OVER (RANGE
    /// INTERVAL '1' MINUTE PRECEDING) AS o JOIN b AS s ON …`) as Flink's interval join: a row
    /// arriving joins the other side's window, so `o` pairs with `s` when `o.ROWTIME` is within
    /// `o`'s window before `s.ROWTIME` or `s`'s window after it (a side without a window keeps
    /// the rows of the same ROWTIME, as kdalite does). A pair's ROWTIME is the later of the
    /// two; an unmatched row comes out padded once its side's window has passed, at that
    /// window's end, as kdalite sends it. Rewrites `select` in place (the windows gone, the
    /// time bound in ON, an unqualified `ROWTIME` the pair's) and returns the pair's ROWTIME.
    fn kda_window_join(&mut self, select: &mut ast::Select, references: &[String]) -> Result<Option<String>> {
        let [from] = select.from.as_mut_slice() else { return Ok(None) };
        let [join] = from.joins.as_mut_slice() else { return Ok(None) };
        let windowed = |f: &ast::TableFactor| matches!(f, ast::TableFactor::Table { args: Some(_), .. });
        if !windowed(&from.relation) && !windowed(&join.relation) {
            return Ok(None);
        }
        let mut sides = Vec::new();
        let mut used = Vec::new();
        for relation in [&mut from.relation, &mut join.relation] {
            let position = position_of(relation.span());
            let ast::TableFactor::Table { name, alias, args, .. } = relation else {
                return refuse(position, "a KDA join window over a subquery is not translated yet");
            };
            let stream = name.0.last().and_then(|p| p.as_ident()).map(parser::normalize_ident).unwrap_or_default();
            if references.contains(&stream) {
                return refuse(position, "a join window on a reference table is not translated yet");
            }
            if self.written(&stream) && self.window_stream(&stream) {
                return refuse(
                    position,
                    format!("a join of {}, whose ROWTIME is its window's end, is not translated yet (Flink's window_end is no time attribute)", quote(&stream)),
                );
            }
            let qualifier = alias.as_ref().map_or_else(|| stream.clone(), |a| parser::normalize_ident(&a.name));
            // The window's text, kept as the stream's one argument (see `parser::join_window`).
            let text = args.take().and_then(|a| match a.args.as_slice() {
                [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(ast::Expr::Value(v)))] => match &v.value {
                    ast::Value::SingleQuotedString(t) => Some(t.clone()),
                    _ => None,
                },
                _ => None,
            });
            let spec = match text.as_deref().and_then(parser::join_window) {
                None => None,
                Some(ast::WindowType::WindowSpec(spec)) => Some(spec),
                Some(ast::WindowType::NamedWindow(window)) => {
                    used.push(window.value.to_uppercase());
                    select.named_window.iter().find_map(|d| match &d.1 {
                        ast::NamedWindowExpr::WindowSpec(spec) if d.0.value.eq_ignore_ascii_case(&window.value) => {
                            Some(spec.clone())
                        }
                        _ => None,
                    })
                }
            };
            // How far back the side's window reaches: an interval, or none (the same ROWTIME).
            let reach = match spec.as_ref().and_then(|s| s.window_frame.as_ref()) {
                None => None,
                Some(frame) if frame.units != ast::WindowFrameUnits::Range => {
                    return refuse(
                        position,
                        "a ROWS join window has no Flink counterpart (Flink's interval joins bound time)",
                    )
                }
                Some(frame) => match &frame.start_bound {
                    ast::WindowFrameBound::Preceding(Some(interval)) => Some(interval.to_string()),
                    ast::WindowFrameBound::CurrentRow => None,
                    _ => {
                        return refuse(
                            position,
                            "a join window other than RANGE INTERVAL … PRECEDING is not translated yet",
                        )
                    }
                },
            };
            sides.push((qualifier, reach));
        }
        select.named_window.retain(|d| !used.contains(&d.0.value.to_uppercase()));
        let position = position_of(join.relation.span());
        // Which sides' unmatched rows come out padded: (left, right).
        let (on, padded_sides) = match &mut join.join_operator {
            ast::JoinOperator::Join(c) | ast::JoinOperator::Inner(c) => (c, (false, false)),
            ast::JoinOperator::Left(c) | ast::JoinOperator::LeftOuter(c) => (c, (true, false)),
            ast::JoinOperator::Right(c) | ast::JoinOperator::RightOuter(c) => (c, (false, true)),
            ast::JoinOperator::FullOuter(c) => (c, (true, true)),
            _ => return refuse(position, "a KDA join window with a CROSS join is not translated yet"),
        };
        let ast::JoinConstraint::On(condition) = on else {
            return refuse(position, "a KDA join window with USING or NATURAL is not translated yet");
        };
        // The time bound and the pair's ROWTIME, with names quoted by `q`: as KDA writes them
        // (for the query, which is translated next), or as the job does.
        let ((left, left_reach), (right, right_reach)) = (&sides[0], &sides[1]);
        let bound = |q: &dyn Fn(&str) -> String| {
            let (l, r) = (format!("{}.{}", q(left), q(ROWTIME)), format!("{}.{}", q(right), q(ROWTIME)));
            let minus = left_reach.as_ref().map(|w| format!(" - {w}")).unwrap_or_default();
            let plus = right_reach.as_ref().map(|w| format!(" + {w}")).unwrap_or_default();
            format!("{l} BETWEEN {r}{minus} AND {r}{plus}")
        };
        let pair = |q: &dyn Fn(&str) -> String| {
            let (l, r) = (format!("{}.{}", q(left), q(ROWTIME)), format!("{}.{}", q(right), q(ROWTIME)));
            let padded = |time: &str, reach: &Option<String>| match reach {
                Some(w) => format!("{time} + {w}"),
                None => time.to_string(),
            };
            let mut cases = String::new();
            if padded_sides.0 {
                cases += &format!(" WHEN {r} IS NULL THEN {}", padded(&l, left_reach));
            }
            if padded_sides.1 {
                cases += &format!(" WHEN {l} IS NULL THEN {}", padded(&r, right_reach));
            }
            let pair = format!("GREATEST({l}, {r})");
            if cases.is_empty() {
                pair
            } else {
                format!("CASE{cases} ELSE {pair} END")
            }
        };
        let kda = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
        *condition = ast::Expr::BinaryOp {
            left: Box::new(ast::Expr::Nested(Box::new(condition.clone()))),
            op: ast::BinaryOperator::And,
            right: Box::new(expression(&bound(&kda))?),
        };
        // `ROWTIME` alone is the pair's.
        let rowtime = expression(&pair(&kda))?;
        let _ = walk_mut(&mut select.projection, &mut |node| {
            if let NodeMut::Expr(e) = node {
                if matches!(e, ast::Expr::Identifier(i) if i.value.eq_ignore_ascii_case(ROWTIME)) {
                    *e = rowtime.clone();
                }
            }
            ControlFlow::Continue(())
        });
        self.note(
            position,
            format!("KDA's join windows became an interval join ({}); a pair's ROWTIME is the later of the two, an unmatched row's the end of its side's window", bound(&quote)),
            false,
        );
        Ok(Some(pair(&quote)))
    }

    /// KDA's `TOP_K_ITEMS_TUMBLING` and `COUNT_DISTINCT_ITEMS_TUMBLING` over
    /// `CURSOR(SELECT STREAM * FROM s [WHERE …])` as a view of a Flink window aggregate (then a
    /// window Top-N), whose `ROWTIME` is the window's end as kdalite's is: its name, for the
    /// pump to read as a stream.
    fn item_function(&mut self, f: &ast::Function, target: &str) -> Result<String> {
        let position = position_of(f.span());
        let name = function_name(f);
        let top_k = name == "TOP_K_ITEMS_TUMBLING";
        let args = function_args(f);
        let not_yet = || {
            refuse(
                position,
                format!("{name} over a cursor other than SELECT STREAM * FROM s [WHERE …] is not translated yet"),
            )
        };
        let Some(cursor) = cursor_query(args.first().copied().flatten()) else { return not_yet() };
        let ast::SetExpr::Select(select) = cursor.body.as_ref() else { return not_yet() };
        let (Some(ast::SelectItem::Wildcard(_)), 1, [from]) =
            (select.projection.first(), select.projection.len(), select.from.as_slice())
        else {
            return not_yet();
        };
        let ast::TableFactor::Table { name: source, alias, args: None, .. } = &from.relation else { return not_yet() };
        if !from.joins.is_empty() || !matches!(&select.group_by, ast::GroupByExpr::Expressions(g, _) if g.is_empty()) {
            return not_yet();
        }
        let source = source.0.last().and_then(|p| p.as_ident()).map(parser::normalize_ident).unwrap_or_default();
        let input = self.stream(&source)?;
        let column = match args.get(1).copied().flatten() {
            Some(ast::Expr::Value(v)) => match &v.value {
                ast::Value::SingleQuotedString(c) => c.clone(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        let column = input
            .columns
            .iter()
            .find(|c| c.name == column)
            .or_else(|| input.columns.iter().find(|c| c.name.eq_ignore_ascii_case(&column)))
            .ok_or_else(|| Error::Internal(format!("{name}'s column '{column}' was planned")))?
            .clone();
        let whole = |arg: Option<&ast::Expr>| number(arg).map(|n| n as u64).unwrap_or_default();
        let seconds = whole(args.get(if top_k { 3 } else { 2 }).copied().flatten());
        // The cursor's rows: the stream, or a view of its rows that pass the WHERE.
        let mut table = quote(&source);
        let index = self.job.views.len() + self.functions.len() + 1;
        let mut views = Vec::new();
        if let Some(condition) = &select.selection {
            let mut condition = condition.clone();
            self.translate(&mut condition, true)?;
            table = quote(&format!("kdalite_cursor_{index}"));
            let alias =
                alias.as_ref().map(|a| format!(" AS {}", quote(&parser::normalize_ident(&a.name)))).unwrap_or_default();
            views.push(format!("CREATE VIEW {table} AS\nSELECT * FROM {}{alias} WHERE {condition}", quote(&source)));
        }
        let item = quote(&column.name);
        let tumble = format!("TABLE(TUMBLE(TABLE {table}, DESCRIPTOR(`ROWTIME`), INTERVAL '{seconds}' SECOND))");
        let (view, query, columns) = if top_k {
            let k = whole(args.get(2).copied().flatten());
            self.note(
                position,
                format!("{name} is a window Top-N of {k}, by exact counts as kdalite's are (KDA's are approximate); of items tied for the last place, Flink may keep others than kdalite"),
                false,
            );
            let query = [
                "SELECT `window_end` AS `ROWTIME`, `ITEM`, `ITEM_COUNT` FROM (".to_string(),
                "  SELECT *, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `ITEM_COUNT` DESC) AS `rownum`".into(),
                "  FROM (".into(),
                format!("    SELECT `window_start`, `window_end`, {item} AS `ITEM`, COUNT(*) AS `ITEM_COUNT`"),
                format!("    FROM {tumble}"),
                format!("    GROUP BY `window_start`, `window_end`, {item}"),
                "  )".into(),
                format!(") WHERE `rownum` <= {k}"),
            ]
            .join("\n");
            let columns = vec![
                crate::plan::ColumnDef { name: "ITEM".into(), sql_type: column.sql_type.clone() },
                crate::plan::ColumnDef { name: "ITEM_COUNT".into(), sql_type: SqlType::BigInt },
            ];
            (format!("kdalite_top_k_{index}"), query, columns)
        } else {
            self.note(
                position,
                format!(
                    "{name} is COUNT(DISTINCT …) over a tumbling window, exact as kdalite's is (KDA's is approximate)"
                ),
                false,
            );
            let query = format!(
                "SELECT `window_end` AS `ROWTIME`, COUNT(DISTINCT {item}) AS `NUMBER_OF_DISTINCT_ITEMS`\nFROM {tumble}\nGROUP BY `window_start`, `window_end`"
            );
            let columns =
                vec![crate::plan::ColumnDef { name: "NUMBER_OF_DISTINCT_ITEMS".into(), sql_type: SqlType::BigInt }];
            (format!("kdalite_count_distinct_{index}"), query, columns)
        };
        views.push(format!("CREATE VIEW {} AS\n{query}", quote(&view)));
        let statement = self.with_notes(views.join(";\n\n"));
        self.functions.push((target.to_string(), statement, StreamDef::new(&view, columns)));
        Ok(view)
    }

    /// Quotes every name (KDA's folded to upper case unless quoted) and rewrites what Flink
    /// spells otherwise, in place.
    fn translate<T: sqlparser::ast::VisitMut>(&mut self, tree: &mut T, kda: bool) -> Result<()> {
        let mut error = None;
        let mut hoisted = Hoisted { first: self.job.views.len() + 1, views: Vec::new() };
        let _ = walk_mut(tree, &mut |node| {
            let result = match node {
                NodeMut::Ident(ident) => {
                    match ident.quote_style {
                        None if kda => ident.value = ident.value.to_uppercase(),
                        None | Some('"') | Some('`') => {}
                        // Already translated (a raw piece of the job's text).
                        Some(_) => return ControlFlow::Continue(()),
                    }
                    ident.quote_style = Some('`');
                    Ok(())
                }
                NodeMut::Expr(expr) => function(expr, kda, &mut hoisted),
                NodeMut::TableFactor(factor) => table_factor(factor, kda),
            };
            match result {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    error = Some(e);
                    ControlFlow::Break(())
                }
            }
        });
        // A window TVF over a subquery: Flink takes `TABLE name` only, so the subquery is a view.
        for (name, query) in hoisted.views {
            self.note(None, format!("the subquery a window TVF reads is the view {}", quote(&name)), false);
            let statement = format!("CREATE VIEW {} AS\n{query}", quote(&name));
            self.job.views.push(statement);
        }
        error.map_or(Ok(()), Err)
    }

    // ---- KDA SQL: streams and pumps as tables, views and INSERTs ----

    fn kda(&mut self, statements: &[Statement]) -> Result<()> {
        let references: Vec<String> = self.plan.tables.iter().map(|t| t.name.clone()).collect();
        // Inputs: tables whose ROWTIME is their event time.
        for def in self.plan.input_streams().filter(|d| d.values.is_none()) {
            if !self.read(&def.name) || references.contains(&def.name) {
                continue;
            }
            let kinesis = self.options.connector == Connector::Kinesis;
            // Over Kinesis, records carry no ROWTIME: it is their arrival in the stream, as KDA's
            // is their arrival in the application.
            let mut columns = Self::declared_columns(def, !kinesis);
            if kinesis {
                let arrival = quote("APPROXIMATE_ARRIVAL_TIME");
                columns.insert(0, format!("{arrival} TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL"));
                columns.insert(1, format!("{} AS CAST({arrival} AS TIMESTAMP(3))", quote(ROWTIME)));
            }
            // A millisecond behind, so that a row of the ROWTIME before it is not late.
            columns.push(format!("WATERMARK FOR {0} AS {0} - INTERVAL '0.001' SECOND", quote(ROWTIME)));
            let rowtime = if kinesis {
                "ROWTIME is each record's arrival in the stream (the connector's 'timestamp' metadata) and the event-time attribute"
            } else {
                "ROWTIME is the event-time attribute"
            };
            self.note(
                None,
                format!(
                    "{}: {rowtime}, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)",
                    quote(&def.name)
                ),
                false,
            );
            self.push_table(&def.name.clone(), TableRole::Source, false, columns);
        }
        let plan = self.plan;
        for table in &plan.tables {
            self.note(
                None,
                format!("reference table {}: joined as Flink joins two tables, both read whole (Flink's filesystem tables cannot be looked up)", quote(&table.name)),
                false,
            );
            let names = table.rows.schema().fields().iter().map(|f| f.name().clone()).collect();
            self.reference_table(&table.name, table, names);
        }
        // Pumps, grouped by the stream they write.
        let mut targets: Vec<String> = Vec::new();
        // Each pump's target, the notes made translating it, and its SELECT.
        let mut selects: Vec<(String, String, String)> = Vec::new();
        let mut bare = 0;
        for statement in statements {
            let (target, columns, query) = match statement {
                Statement::CreatePump { target, columns, query, .. } => {
                    (parser::normalize_ident(target), columns.iter().map(parser::normalize_ident).collect(), query)
                }
                Statement::Query { query, .. } => {
                    bare += 1;
                    (result_name(bare), vec![], query)
                }
                Statement::Explain(_) => {
                    self.note(None, "EXPLAIN left out: Flink's EXPLAIN is a statement of its own", false);
                    continue;
                }
                _ => continue,
            };
            let def = self.stream(&target)?;
            // A pump of a UNION ALL is a pump per branch: their rows all reach the target.
            for branch in union_branches(query) {
                // The pump's notes (and any not yet written) go above its INSERT or view, not
                // above the next table written.
                let pending = self.take_notes();
                let select = self.kda_pump(&branch, &def, &columns, &references)?;
                let notes = pending + &self.take_notes();
                if !targets.contains(&target) {
                    targets.push(target.clone());
                }
                selects.push((target.clone(), notes, select));
            }
        }
        // Views in an order where each comes after the views it reads.
        let mut views: Vec<&String> = targets.iter().filter(|t| self.read(t)).collect();
        let mut ordered: Vec<String> = Vec::new();
        while !views.is_empty() {
            let ready = views
                .iter()
                .position(|v| {
                    let pumps = self.plan.pumps.iter().filter(|p| &&p.target == v);
                    pumps.into_iter().all(|p| views.iter().all(|other| other == v || !p.plan.reads(other)))
                })
                .unwrap_or(0);
            ordered.push(views.remove(ready).clone());
        }
        for target in &targets {
            if ordered.contains(target) {
                continue;
            }
            let def = self.stream(target)?;
            let changelog = def.updating || self.changelog.contains(target);
            self.push_table(target, TableRole::Sink, changelog, Self::declared_columns(&def, true));
        }
        for view in &ordered {
            self.function_views(view);
            let pumps = selects.iter().filter(|(t, _, _)| t == view);
            let notes: String = pumps.clone().map(|(_, n, _)| n.as_str()).collect();
            let parts: Vec<&str> = pumps.map(|(_, _, s)| s.as_str()).collect();
            let statement = format!("CREATE VIEW {} AS\n{}", quote(view), parts.join("\nUNION ALL\n"));
            let statement = notes + &self.with_notes(statement);
            self.job.views.push(statement);
        }
        for (target, notes, select) in selects {
            if ordered.contains(&target) {
                continue;
            }
            self.function_views(&target);
            let statement = format!("INSERT INTO {}\n{select}", quote(&target));
            let statement = notes + &self.with_notes(statement);
            self.job.inserts.push(statement);
        }
        Ok(())
    }

    /// A pump's query as a SELECT of `ROWTIME` and then the target's columns, each cast to its
    /// column's type.
    fn kda_pump(
        &mut self,
        query: &ast::Query,
        target: &StreamDef,
        columns: &[String],
        references: &[String],
    ) -> Result<String> {
        let mut query = query.clone();
        let position = position_of(query.span());
        if query.order_by.is_some() {
            return refuse(
                position,
                "KDA's streaming ORDER BY has no Flink counterpart (Flink sorts only by its time attribute)",
            );
        }
        if query.with.is_some() {
            return refuse(position, "a pump with WITH is not translated yet");
        }
        let ast::SetExpr::Select(select) = query.body.as_mut() else {
            return refuse(position, "a pump whose query is a UNION is not translated yet");
        };
        let window = match &select.group_by {
            ast::GroupByExpr::Expressions(items, _) => kda_window(items)?,
            ast::GroupByExpr::All(_) => None,
        };
        if let Some(w) = &window {
            if w.stagger && !self.options.approximate {
                return refuse(
                    w.position,
                    "Flink SQL has no stagger window (a window per key that opens with the key's first row); --approximate writes a tumbling window of its range",
                );
            }
            if w.stagger {
                self.note(
                    w.position,
                    format!("the stagger window became a tumbling window of {}: windows open on the clock, not on each key's first row", w.size),
                    true,
                );
            }
        }
        // KDA's item-counting table functions are views read as streams.
        if let [from] = select.from.as_mut_slice() {
            if let ast::TableFactor::TableFunction { expr: ast::Expr::Function(f), alias } = &from.relation {
                if matches!(function_name(f).as_str(), "TOP_K_ITEMS_TUMBLING" | "COUNT_DISTINCT_ITEMS_TUMBLING") {
                    if window.is_some() {
                        return refuse(position, "a window over a table function's rows is not translated yet");
                    }
                    let view = self.item_function(f, &target.name)?;
                    let alias = alias.as_ref().map(|a| format!(" AS {}", a.name)).unwrap_or_default();
                    from.relation = relation(&format!("{}{alias}", quote(&view)))?;
                }
            }
        }
        // A KDA join with a window on a side: an interval join, its rows' ROWTIME written out.
        let pair_time = self.kda_window_join(select, references)?;
        if pair_time.is_some() && window.is_some() {
            return refuse(position, "a window over a join is not translated yet");
        }
        // The relation the query reads, and what it is called in the query.
        let [from] = select.from.as_slice() else {
            return refuse(position, "a pump reading several streams (a comma join) is not translated yet");
        };
        let (stream, qualifier) = match &from.relation {
            ast::TableFactor::Table { name, alias, args: None, .. } => {
                let stream = name.0.last().and_then(|p| p.as_ident()).map(parser::normalize_ident).unwrap_or_default();
                let qualifier = alias.as_ref().map_or_else(|| stream.clone(), |a| parser::normalize_ident(&a.name));
                (stream, qualifier)
            }
            other => {
                return refuse(
                    position_of(other.span()),
                    "a pump reading a subquery or a KDA join window is not translated yet",
                )
            }
        };
        if stream.eq_ignore_ascii_case("error_stream") {
            return refuse(
                position_of(from.relation.span()),
                "Flink has no error_stream: a row Flink cannot process fails the job",
            );
        }
        for join in &from.joins {
            let ast::TableFactor::Table { name, args: None, .. } = &join.relation else {
                return refuse(
                    position_of(join.relation.span()),
                    "KDA's joins with a window on a side are not translated yet",
                );
            };
            let joined = name.0.last().and_then(|p| p.as_ident()).map(parser::normalize_ident).unwrap_or_default();
            if !references.contains(&joined) && pair_time.is_none() {
                return refuse(position_of(join.relation.span()), "a join of two streams is not translated yet");
            }
        }
        if window.is_some() && !from.joins.is_empty() {
            return refuse(position, "a window over a join is not translated yet");
        }
        // The window's expression in the select list is the window's start.
        if let Some(w) = &window {
            for item in select.projection.iter_mut() {
                let (ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. }) = item else {
                    continue;
                };
                replace_text(e, &w.text, &ast::Ident::with_quote('`', "window_start"));
            }
            if let ast::GroupByExpr::Expressions(items, _) = &mut select.group_by {
                // A stagger window's partition keys are grouped by.
                let item = items.remove(w.index);
                if let ast::Expr::Function(f) = &item {
                    if w.stagger {
                        let keys = function_args(f).into_iter().skip(1).flatten().cloned();
                        items.splice(w.index..w.index, keys);
                    }
                }
            }
        }
        // A view whose ROWTIME is a window's end is not a time attribute.
        let mut cascade = false;
        if let Some(def) = self.plan.stream(&stream) {
            if self.written(&stream) && def.kind == crate::plan::StreamKind::Kda {
                let windowed = self.window_stream(&stream);
                let over = select_has_over(select);
                // A tumbling window over one windowed pump's stream groups by its rows' ends
                // through Flink's `window_time` (a millisecond before the end, and a time
                // attribute), the windows shifted back a millisecond to match.
                cascade = windowed
                    && !over
                    && self.windowed_view(&stream)
                    && window.as_ref().is_some_and(|w| !w.stagger && w.millis.is_some());
                if windowed && (window.is_some() || over) && !cascade {
                    return refuse(
                        position,
                        format!("a window over {}, whose ROWTIME is its window's end, is not translated yet (Flink's window_end is no time attribute)", quote(&stream)),
                    );
                }
            }
        }
        // KDA averages a REAL column in DOUBLE; Flink, in FLOAT.
        if let Some(input) = self.plan.stream(&stream) {
            let real = |e: &ast::Expr| {
                let column = match e {
                    ast::Expr::Identifier(i) => i,
                    ast::Expr::CompoundIdentifier(parts) => parts.last().expect("a compound name has parts"),
                    _ => return false,
                };
                let name = parser::normalize_ident(column);
                input.columns.iter().any(|c| c.name == name && c.sql_type == SqlType::Real)
            };
            let _ = walk_mut(&mut select.projection, &mut |node| {
                if let NodeMut::Expr(ast::Expr::Function(f)) = node {
                    if function_name(f) == "AVG" {
                        if let ast::FunctionArguments::List(list) = &mut f.args {
                            if let [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(arg))] =
                                list.args.as_mut_slice()
                            {
                                if real(arg) {
                                    *arg = ast::Expr::Cast {
                                        kind: ast::CastKind::Cast,
                                        expr: Box::new(arg.clone()),
                                        data_type: ast::DataType::Double(ast::ExactNumberInfo::None),
                                        format: None,
                                    };
                                }
                            }
                        }
                    }
                }
                ControlFlow::Continue(())
            });
        }
        self.translate(&mut query, true)?;
        let ast::SetExpr::Select(select) = query.body.as_mut() else { unreachable!("checked above") };
        let time = pair_time.clone().unwrap_or_else(|| format!("{}.{}", quote(&qualifier), quote(ROWTIME)));
        // A reference table is joined as Flink joins two tables (Flink's filesystem tables
        // cannot be looked up): an outer join may pad a row, then take it back when the table's
        // row arrives, so the target takes a changelog.
        let outer = pair_time.is_none()
            && select.from[0]
                .joins
                .iter()
                .any(|j| !matches!(j.join_operator, ast::JoinOperator::Join(_) | ast::JoinOperator::Inner(_)));
        if outer {
            self.note(position, "an outer join to a reference table: its target is written as a changelog (Debezium JSON), since Flink may pad a row before the table's row arrives and then take it back", false);
            self.changelog.push(target.name.clone());
        }
        // OVER windows are ordered by ROWTIME, their frames written out whole.
        let mut specs: Vec<&mut ast::WindowSpec> = Vec::new();
        for window in select.named_window.iter_mut() {
            if let ast::NamedWindowExpr::WindowSpec(spec) = &mut window.1 {
                specs.push(spec);
            }
        }
        let mut inline = Vec::new();
        for item in select.projection.iter_mut() {
            if let ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } = item {
                collect_over(e, &mut inline);
            }
        }
        let mut windows: Vec<String> = Vec::new();
        for spec in specs.into_iter().chain(inline.iter_mut().map(|s| &mut **s)) {
            sliding(spec, &time);
            let text = spec.to_string();
            if !windows.contains(&text) {
                windows.push(text);
            }
        }
        if windows.len() > 1 {
            return refuse(
                position,
                "Flink needs every OVER window of one SELECT to be the same window; KDA's query has several (split it into one pump per window)",
            );
        }
        if !windows.is_empty() {
            self.note(
                position,
                "rows of the same ROWTIME: Flink computes each one's OVER window over all of them, KDA over those that arrived before it",
                false,
            );
        }
        let rowtime = match &window {
            Some(w) => {
                let (time, offset) = match (cascade, w.millis) {
                    (true, Some(ms)) => (CASCADE_TIME, format!(", {}", day_to_second(ms - 1))),
                    _ => (ROWTIME, String::new()),
                };
                let tvf = format!(
                    "TABLE(TUMBLE(TABLE {}, DESCRIPTOR({}), {}{offset}))",
                    quote(&stream),
                    quote(time),
                    w.size.replace('"', "`")
                );
                if let ast::TableFactor::Table { name, alias, .. } = &mut select.from[0].relation {
                    *name = ast::ObjectName::from(vec![raw(tvf)]);
                    if alias.is_none() {
                        *alias = Some(ast::TableAlias {
                            explicit: true,
                            name: raw(quote(&qualifier)),
                            columns: vec![],
                            at: None,
                        });
                    }
                }
                if let ast::GroupByExpr::Expressions(items, _) = &mut select.group_by {
                    items.push(raw_expr("`window_start`"));
                    items.push(raw_expr("`window_end`"));
                    if self.windowed_view(&target.name) {
                        items.push(raw_expr("`window_time`"));
                    }
                }
                if cascade {
                    "`window_end` + INTERVAL '0.001' SECOND".to_string()
                } else {
                    "`window_end`".to_string()
                }
            }
            None => time.clone(),
        };
        // The select list: ROWTIME, then each target column, cast to its type.
        let mut values = Vec::new();
        // The select items that are ROWTIME itself (by their index in `values`).
        let mut rowtimes = Vec::new();
        for item in &select.projection {
            match item {
                ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } => {
                    let alias = match item {
                        ast::SelectItem::ExprWithAlias { alias, .. } => alias.value.as_str(),
                        _ => ROWTIME,
                    };
                    if is_rowtime(e) && alias.eq_ignore_ascii_case(ROWTIME) {
                        rowtimes.push(values.len());
                    }
                    values.push(e.to_string())
                }
                ast::SelectItem::ExprWithAliases { .. } => {
                    return refuse(position, "a select item with several aliases")
                }
                ast::SelectItem::Wildcard(_) | ast::SelectItem::QualifiedWildcard(..) => {
                    let input = self.stream(&stream)?;
                    values.extend(
                        Self::columns_of(&input)
                            .into_iter()
                            .map(|(n, _)| format!("{}.{}", quote(&qualifier), quote(&n))),
                    );
                }
            }
        }
        let target_columns = Self::columns_of(target);
        let named: Vec<String> =
            if columns.is_empty() { target_columns.iter().map(|(n, _)| n.clone()).collect() } else { columns.to_vec() };
        // A bare query's `ROWTIME` is its rows' own, not a column (kdalite's result has none).
        if named.len() + rowtimes.len() == values.len() {
            for index in rowtimes.into_iter().rev() {
                values.remove(index);
            }
        }
        if named.len() != values.len() {
            return refuse(position, format!("the pump selects {} values for {} columns", values.len(), named.len()));
        }
        let mut projection = vec![format!("{rowtime} AS {}", quote(ROWTIME))];
        for (column, column_type) in &target_columns {
            let value = named.iter().position(|n| n == column).map_or("NULL".to_string(), |i| values[i].clone());
            projection.push(format!("CAST({value} AS {column_type}) AS {}", quote(column)));
        }
        // A windowed view another window reads carries its rows' `window_time`, a time attribute.
        if window.is_some() && self.windowed_view(&target.name) {
            projection.push(format!("`window_time` AS {}", quote(CASCADE_TIME)));
        }
        select.projection = vec![ast::SelectItem::UnnamedExpr(raw_expr(projection.join(",\n  ")))];
        Ok(query.to_string())
    }

    /// Whether `name` is a view that one pump writes through a KDA window, and that another
    /// pump reads: its rows then carry [`CASCADE_TIME`] for a window over them.
    fn windowed_view(&self, name: &str) -> bool {
        let writers = self.plan.pumps.iter().filter(|p| p.target == name).count();
        writers == 1 && self.window_stream(name) && self.read(name)
    }

    /// Whether a KDA stream's ROWTIME is a window's end (a pump writing it groups by a window).
    fn window_stream(&self, name: &str) -> bool {
        fn windowed(plan: &LogicalPlan) -> bool {
            matches!(plan, LogicalPlan::WindowAggregate { .. }) || plan.inputs().into_iter().any(windowed)
        }
        self.plan.pumps.iter().filter(|p| p.target == name).any(|p| windowed(&p.plan))
    }
}

fn result_name(n: usize) -> String {
    match n {
        1 => RESULT_STREAM.to_string(),
        n => format!("{RESULT_STREAM}_{n}"),
    }
}

/// Replaces, in `e`, every expression written as `text` by the name `with`.
fn replace_text(e: &mut ast::Expr, text: &str, with: &ast::Ident) {
    if e.to_string() == text {
        *e = ast::Expr::Identifier(with.clone());
        return;
    }
    let _ = walk_mut(e, &mut |node| {
        if let NodeMut::Expr(inner) = node {
            if inner.to_string() == text {
                *inner = ast::Expr::Identifier(with.clone());
            }
        }
        ControlFlow::Continue(())
    });
}

fn select_has_over(select: &ast::Select) -> bool {
    let mut found = !select.named_window.is_empty();
    super::walk(&select.projection, &mut |node| {
        if let super::Node::Expr(ast::Expr::Function(f)) = node {
            found |= f.over.is_some();
        }
        ControlFlow::Continue(())
    });
    found
}

/// The window specifications written inline in `e` (`agg(x) OVER (…)`).
fn collect_over<'e>(e: &'e mut ast::Expr, out: &mut Vec<&'e mut ast::WindowSpec>) {
    match e {
        ast::Expr::Function(f) => {
            if let Some(ast::WindowType::WindowSpec(spec)) = &mut f.over {
                out.push(spec);
            }
        }
        ast::Expr::BinaryOp { left, right, .. } => {
            collect_over(left, out);
            collect_over(right, out);
        }
        ast::Expr::Nested(inner) | ast::Expr::UnaryOp { expr: inner, .. } | ast::Expr::Cast { expr: inner, .. } => {
            collect_over(inner, out)
        }
        _ => {}
    }
}

/// A KDA sliding window as Flink writes it: ordered by the stream's ROWTIME, its frame with
/// both bounds.
fn sliding(spec: &mut ast::WindowSpec, time: &str) {
    if spec.order_by.is_empty() {
        spec.order_by.push(ast::OrderByExpr {
            expr: raw_expr(time),
            options: ast::OrderByOptions { sort: None, nulls_first: None },
            with_fill: None,
        });
    }
    if let Some(frame) = &mut spec.window_frame {
        if frame.end_bound.is_none() {
            frame.end_bound = Some(ast::WindowFrameBound::CurrentRow);
        }
    }
}

/// Subqueries made views (see [`Export::translate`]), each with its name.
struct Hoisted {
    /// The number the first view's name takes (unique within the job).
    first: usize,
    views: Vec<(String, String)>,
}

/// A function call as Flink spells it: its name bare (names are quoted by the walk), KDA's
/// renamed, what Flink lacks refused.
fn function(expr: &mut ast::Expr, kda: bool, hoisted: &mut Hoisted) -> Result<()> {
    let ast::Expr::Function(f) = expr else { return Ok(()) };
    let name = function_name(f);
    for part in f.name.0.iter_mut() {
        if let ast::ObjectNamePart::Identifier(ident) = part {
            ident.quote_style = None;
        }
    }
    // kdalite reads a window TVF's `TABLE t [PARTITION BY k]` argument as the call TABLE(t, k…).
    if name == "TABLE" {
        if let Some(Some(ast::Expr::Subquery(query))) = function_args(f).first() {
            let view = format!("kdalite_tvf_input_{}", hoisted.first + hoisted.views.len());
            hoisted.views.push((view.clone(), query.to_string()));
            if let ast::FunctionArguments::List(list) = &mut f.args {
                list.args[0] = ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(raw_expr(quote(&view))));
            }
        }
        let args: Vec<String> = function_args(f).iter().map(|a| a.map(|e| e.to_string()).unwrap_or_default()).collect();
        let mut text = format!("TABLE {}", args.first().cloned().unwrap_or_default());
        if args.len() > 1 {
            let _ = write!(text, " PARTITION BY {}", args[1..].join(", "));
        }
        *expr = raw_expr(text);
        return Ok(());
    }
    if name == crate::sql::parser::MAP_CONSTRUCTOR {
        let args: Vec<String> = function_args(f).iter().map(|a| a.map(|e| e.to_string()).unwrap_or_default()).collect();
        *expr = raw_expr(format!("MAP[{}]", args.join(", ")));
        return Ok(());
    }
    // TIMESTAMPDIFF(unit, …) and TIMESTAMPADD(unit, …): the unit is a keyword, not a name.
    if matches!(name.as_str(), "TIMESTAMPDIFF" | "TIMESTAMPADD") {
        if let ast::FunctionArguments::List(list) = &mut f.args {
            if let Some(ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(ast::Expr::Identifier(unit)))) =
                list.args.first_mut()
            {
                *unit = raw(unit.value.to_uppercase());
            }
        }
    }
    let position = position_of(f.name.span());
    // Refused in either dialect: kdalite runs KDA's functions in Flink SQL too.
    if KDA_ONLY.contains(&name.as_str()) {
        let name = match name.as_str() {
            "$INTERVAL_BETWEEN" => {
                "(a - b) with an interval qualifier; TIMESTAMPDIFF(unit, b, a) gives a number".into()
            }
            _ => name.trim_start_matches('$').replace("_SIMILAR", " … SIMILAR").replace("_FROM_LAST", " … FROM LAST"),
        };
        return refuse(position, format!("Flink SQL has no {name}"));
    }
    if !kda {
        return Ok(());
    }
    // KDA's variance family is DOUBLE whatever its argument; Flink's keeps an integer's type.
    if VARIANCES.contains(&name.as_str()) {
        if let ast::FunctionArguments::List(list) = &mut f.args {
            if let Some(ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(arg))) = list.args.first_mut() {
                *arg = raw_expr(format!("CAST({arg} AS DOUBLE)"));
            }
        }
    }
    if name == "REGEX_REPLACE" && function_args(f).len() > 3 {
        return refuse(
            position,
            "Flink's REGEXP_REPLACE replaces every match from the start: it has no position or occurrence",
        );
    }
    if let Some((_, flink, swapped)) = RENAMED.iter().find(|(k, _, _)| *k == name) {
        f.name = ast::ObjectName::from(vec![ast::Ident::new(*flink)]);
        if *swapped {
            if let ast::FunctionArguments::List(list) = &mut f.args {
                if list.args.len() == 2 {
                    list.args.swap(0, 1);
                }
            }
        }
    }
    Ok(())
}

/// A lookup's `FOR SYSTEM_TIME AS OF` where Flink reads it, before the alias (sqlparser
/// prints it after).
fn lookup(factor: &mut ast::TableFactor) {
    if let ast::TableFactor::Table { name, version, .. } = factor {
        if let Some(ast::TableVersion::ForSystemTimeAsOf(time)) = version.take() {
            *name = ast::ObjectName::from(vec![raw(format!("{name} FOR SYSTEM_TIME AS OF {time}"))]);
        }
    }
}

/// The branches of a KDA query that is a `UNION ALL` (each a query of its own), or the query.
fn union_branches(query: &ast::Query) -> Vec<ast::Query> {
    fn collect(body: &ast::SetExpr, into: &mut Vec<ast::SetExpr>) -> bool {
        match body {
            ast::SetExpr::SetOperation {
                op: ast::SetOperator::Union,
                set_quantifier: ast::SetQuantifier::All,
                left,
                right,
            } => collect(left, into) && collect(right, into),
            ast::SetExpr::Select(_) => {
                into.push(body.clone());
                true
            }
            _ => false,
        }
    }
    let mut branches = Vec::new();
    let plain = query.with.is_none() && query.order_by.is_none() && query.limit_clause.is_none();
    if plain && matches!(*query.body, ast::SetExpr::SetOperation { .. }) && collect(&query.body, &mut branches) {
        return branches.into_iter().map(|b| ast::Query { body: Box::new(b), ..query.clone() }).collect();
    }
    vec![query.clone()]
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

/// A relation as Flink reads it: lookups written as Flink writes them; KDA's table functions
/// and join windows refused.
fn table_factor(factor: &mut ast::TableFactor, kda: bool) -> Result<()> {
    lookup(factor);
    // UNNEST(…), which kdalite's parser reads as a table called with arguments: a keyword.
    if let ast::TableFactor::Table { name, args: Some(_), .. } = factor {
        if let [ast::ObjectNamePart::Identifier(id)] = name.0.as_mut_slice() {
            if id.value.eq_ignore_ascii_case("UNNEST") {
                id.quote_style = None;
                return Ok(());
            }
        }
    }
    if !kda {
        return Ok(());
    }
    let position = position_of(factor.span());
    if let ast::TableFactor::Table { args: Some(_), .. } = factor {
        return refuse(position, "KDA's join windows (a stream OVER a window in FROM) are not translated yet");
    }
    if let ast::TableFactor::TableFunction { expr: ast::Expr::Function(f), .. } = factor {
        let name = function_name(f);
        if is_kda_table_function(&name) {
            return refuse(position, format!("{name} is KDA's own table function; Flink SQL has none like it"));
        }
    }
    Ok(())
}

/// A type written in a Flink `CREATE TABLE`, printed back with `ROW<…>` (which kdalite reads as
/// `STRUCT<…>`) and its fields' names quoted.
fn ast_type(t: &ast::DataType) -> String {
    match t {
        ast::DataType::Struct(fields, _) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| match &f.field_name {
                    Some(name) => format!("{} {}", quote(&name.value), ast_type(&f.field_type)),
                    None => ast_type(&f.field_type),
                })
                .collect();
            format!("ROW<{}>", fields.join(", "))
        }
        ast::DataType::Array(
            ast::ArrayElemTypeDef::AngleBracket(element) | ast::ArrayElemTypeDef::Qualified(element, None),
        ) => {
            format!("ARRAY<{}>", ast_type(element))
        }
        ast::DataType::Map(key, value, _) => format!("MAP<{}, {}>", ast_type(key), ast_type(value)),
        other => other.to_string(),
    }
}

/// An Arrow column type (a reference table's) as Flink writes it.
fn arrow_flink_type(t: &arrow_schema::DataType) -> String {
    use arrow_schema::DataType as D;
    match t {
        D::Boolean => "BOOLEAN".into(),
        D::Int8 => "TINYINT".into(),
        D::Int16 => "SMALLINT".into(),
        D::Int32 => "INT".into(),
        D::Int64 => "BIGINT".into(),
        D::Float32 => "FLOAT".into(),
        D::Float64 => "DOUBLE".into(),
        D::Decimal128(p, s) => format!("DECIMAL({p}, {s})"),
        D::Date32 => "DATE".into(),
        D::Timestamp(..) => "TIMESTAMP(3)".into(),
        D::Time32(_) | D::Time64(_) => "TIME(3)".into(),
        _ => "STRING".into(),
    }
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
