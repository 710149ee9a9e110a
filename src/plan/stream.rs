//! In-application streams as the plan declares them ([`StreamDef`]): their columns, KDA stream
//! or Flink table (with its watermark), computed columns, views, updating results, and the
//! Arrow schemas sources produce and pumps read.

use std::sync::Arc;

use arrow_schema::{Field, Schema, SchemaRef};

use super::{types, Expr, SqlType, OP_COLUMN, ROWTIME, WATERMARK_COLUMN};

/// A column of an in-application stream as declared or inferred.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    pub name: String,
    pub sql_type: SqlType,
}

/// `WATERMARK FOR column AS column - INTERVAL …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatermarkSpec {
    /// Index of the event-time column in the stream's schema.
    pub column: usize,
    pub delay_ms: i64,
}

/// KDA streams and Flink tables name columns differently and print differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    /// A KDA in-application stream: `ROWTIME` is one of its columns.
    Kda,
    /// A Flink table: `ROWTIME` (arrival time) is kept internally but not shown.
    Flink { watermark: Option<WatermarkSpec> },
}

/// An in-application stream: its columns, and its Arrow schema with `ROWTIME` first.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamDef {
    pub name: String,
    pub columns: Vec<ColumnDef>,
    /// `ROWTIME`, then the columns, computed ones included.
    pub schema: SchemaRef,
    pub kind: StreamKind,
    /// Computed columns (`ts AS TO_TIMESTAMP_LTZ(ms, 3)`): their index in `schema` and their
    /// expression over [`StreamDef::source_schema`]. The runtime adds them as rows arrive.
    pub computed: Vec<(usize, Expr)>,
    /// A Flink view: a named query others read, not a result of its own. Its rows keep the
    /// watermark they met, which comes from the streams named here (the tables its query
    /// reads), not from a WATERMARK of its own.
    pub view: bool,
    pub watermark_origin: Vec<String>,
    /// Columns that are processing-time attributes (a view's or a table's `PROCTIME()`s).
    pub proctime: Vec<usize>,
    /// An updating result (a changelog): its first column is [`OP_COLUMN`], each row's kind
    /// of change (`+I`, `-U`, `+U`, `-D`).
    pub updating: bool,
    /// A Flink table's `PRIMARY KEY (…) NOT ENFORCED`, as indices in `schema`: an updating
    /// result written to it arrives as upserts by key (no `-U` rows), as Flink's upsert sinks.
    pub primary_key: Vec<usize>,
    /// A Flink table's `'connector'` option, if it has one and writes rows without their kind
    /// of change (its format is not a changelog format such as `debezium-json`).
    pub connector: Option<String>,
    /// The rows of a `VALUES` relation, which the stream is: a hidden input the runtime feeds
    /// itself, once, as it starts (its columns, without ROWTIME).
    pub values: Option<arrow_array::RecordBatch>,
    /// The columns declared `NOT NULL` (a KDA stream's, a Flink table's): a row written with
    /// NULL there goes to `error_stream` (Flink's sink fails the job).
    pub not_null: Vec<String>,
}

impl StreamDef {
    pub fn new(name: impl Into<String>, columns: Vec<ColumnDef>) -> StreamDef {
        let mut fields = vec![Field::new(ROWTIME, types::timestamp_type(), false)];
        fields.extend(columns.iter().map(|c| c.sql_type.field(&c.name)));
        StreamDef {
            name: name.into(),
            columns,
            schema: Arc::new(Schema::new(fields)),
            kind: StreamKind::Kda,
            computed: vec![],
            view: false,
            watermark_origin: vec![],
            proctime: vec![],
            updating: false,
            primary_key: vec![],
            connector: None,
            values: None,
            not_null: vec![],
        }
    }

    /// What the stream's rows are, as the page's Dataflow says it.
    pub fn changelog_mode(&self) -> &'static str {
        match (self.updating, self.primary_key.is_empty()) {
            (false, _) => "insert-only",
            (true, true) => "updating: +I −U +U −D",
            (true, false) => "upsert by key: +I +U −D",
        }
    }

    /// The stream as an updating one: [`OP_COLUMN`] before its columns, every index after it
    /// moved by one.
    pub fn into_updating(self) -> StreamDef {
        if self.updating {
            return self;
        }
        let mut columns = self.columns;
        columns.insert(0, ColumnDef { name: OP_COLUMN.into(), sql_type: SqlType::Varchar(None) });
        let shift = |i: usize| if i > 0 { i + 1 } else { i };
        let kind = match self.kind {
            StreamKind::Flink { watermark } => {
                StreamKind::Flink { watermark: watermark.map(|w| WatermarkSpec { column: shift(w.column), ..w }) }
            }
            StreamKind::Kda => StreamKind::Kda,
        };
        StreamDef {
            kind,
            computed: self.computed.into_iter().map(|(i, e)| (shift(i), e)).collect(),
            view: self.view,
            watermark_origin: self.watermark_origin,
            proctime: self.proctime.into_iter().map(shift).collect(),
            updating: true,
            primary_key: self.primary_key.into_iter().map(shift).collect(),
            connector: self.connector,
            not_null: self.not_null,
            ..StreamDef::new(self.name, columns)
        }
    }

    /// What sources produce: `ROWTIME`, then the columns that are not computed.
    pub fn source_schema(&self) -> SchemaRef {
        if self.computed.is_empty() {
            return self.schema.clone();
        }
        let fields: Vec<Field> = (0..self.schema.fields().len())
            .filter(|i| !self.computed.iter().any(|(c, _)| c == i))
            .map(|i| self.schema.field(i).clone())
            .collect();
        Arc::new(Schema::new(fields))
    }

    /// The columns sources provide, in order.
    pub fn source_columns(&self) -> Vec<&ColumnDef> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.computed.iter().any(|(c, _)| *c == i + 1))
            .map(|(_, c)| c)
            .collect()
    }

    pub fn flink(name: impl Into<String>, columns: Vec<ColumnDef>, watermark: Option<WatermarkSpec>) -> StreamDef {
        StreamDef { kind: StreamKind::Flink { watermark }, ..StreamDef::new(name, columns) }
    }

    pub fn watermark(&self) -> Option<WatermarkSpec> {
        match self.kind {
            StreamKind::Flink { watermark } => watermark,
            StreamKind::Kda => None,
        }
    }

    /// What pumps reading the stream see: the schema, plus [`WATERMARK_COLUMN`] on tables
    /// that declare a watermark (the runtime adds it as rows arrive).
    pub fn batch_schema(&self) -> SchemaRef {
        if self.watermark().is_none() {
            return self.schema.clone();
        }
        let mut fields: Vec<Field> = self.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
        fields.push(Field::new(WATERMARK_COLUMN, types::timestamp_type(), true));
        Arc::new(Schema::new(fields))
    }
}
