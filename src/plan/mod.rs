//! Logical plans: what an application computes, independent of how it runs.
//!
//! The SQL planner (`crate::sql`) produces an [`ApplicationPlan`]: the in-application
//! streams with their schemas and one [`PumpPlan`] per pump (or bare query), each a tree of
//! [`LogicalPlan`] nodes over resolved [`Expr`]essions. `crate::exec` turns a pump into
//! push-based operators. Plans print as stable indented text (the start of EXPLAIN).

pub mod expr;
pub mod scalar;
pub mod types;

use std::fmt;
use std::sync::Arc;

use arrow_schema::{Field, Schema, SchemaRef};

pub use expr::{AggregateExpr, AggregateFunction, BinaryOp, Expr, TimeUnitKw};
pub use scalar::ScalarValue;
pub use types::SqlType;

/// The name of the pseudo-column every KDA stream row has.
pub const ROWTIME: &str = "ROWTIME";

/// The stream a bare `SELECT STREAM …` writes to (the first; later ones get `_2`, `_3`, …).
pub const RESULT_STREAM: &str = "RESULT";

/// A column of an in-application stream as declared or inferred.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    pub name: String,
    pub sql_type: SqlType,
}

/// An in-application stream: its columns, and its Arrow schema with `ROWTIME` first.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamDef {
    pub name: String,
    pub columns: Vec<ColumnDef>,
    pub schema: SchemaRef,
}

impl StreamDef {
    pub fn new(name: impl Into<String>, columns: Vec<ColumnDef>) -> StreamDef {
        let mut fields = vec![Field::new(ROWTIME, types::timestamp_type(), false)];
        fields.extend(columns.iter().map(|c| Field::new(&c.name, c.sql_type.to_arrow(), true)));
        StreamDef { name: name.into(), columns, schema: Arc::new(Schema::new(fields)) }
    }
}

/// The size of a tumbling window. Months and years have no fixed length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowSize {
    Millis(i64),
    Months(u32),
}

/// A tumbling window on `ROWTIME`: `STEP(ROWTIME BY INTERVAL …)` or `FLOOR(ROWTIME TO unit)`.
/// `start` computes each row's window start; the window is `[start, start + size)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TumblingWindow {
    pub start: Expr,
    pub size: WindowSize,
}

impl TumblingWindow {
    /// The end (exclusive) of the window that starts at `start`.
    pub fn end_of(&self, start: i64) -> i64 {
        match self.size {
            WindowSize::Millis(ms) => start.saturating_add(ms),
            WindowSize::Months(n) => chrono::DateTime::from_timestamp_millis(start)
                .and_then(|t| t.checked_add_months(chrono::Months::new(n)))
                .map_or(i64::MAX, |t| t.timestamp_millis()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LogicalPlan {
    /// Rows of an in-application stream, `ROWTIME` first.
    Scan { stream: String, schema: SchemaRef },
    /// Rows for which `predicate` is true.
    Filter { input: Box<LogicalPlan>, predicate: Expr },
    /// `exprs[0]` is always the output `ROWTIME`; the rest are the selected columns.
    Projection { input: Box<LogicalPlan>, exprs: Vec<Expr>, schema: SchemaRef },
    /// One row per window and group when the window closes:
    /// `ROWTIME` (the window end), `WINDOW_START`, the group keys, then the aggregates.
    WindowAggregate {
        input: Box<LogicalPlan>,
        window: TumblingWindow,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        schema: SchemaRef,
    },
}

impl LogicalPlan {
    pub fn schema(&self) -> SchemaRef {
        match self {
            LogicalPlan::Scan { schema, .. }
            | LogicalPlan::Projection { schema, .. }
            | LogicalPlan::WindowAggregate { schema, .. } => schema.clone(),
            LogicalPlan::Filter { input, .. } => input.schema(),
        }
    }

    fn fmt_indented(&self, f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
        let pad = "  ".repeat(depth);
        match self {
            LogicalPlan::Scan { stream, .. } => writeln!(f, "{pad}Scan: \"{stream}\""),
            LogicalPlan::Filter { input, predicate } => {
                writeln!(f, "{pad}Filter: {predicate}")?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Projection { input, exprs, schema } => {
                let items: Vec<String> = exprs
                    .iter()
                    .zip(schema.fields())
                    .map(|(e, field)| format!("{e} AS {}", field.name()))
                    .collect();
                writeln!(f, "{pad}Projection: {}", items.join(", "))?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::WindowAggregate { input, window, group_exprs, aggregates, .. } => {
                let size = match window.size {
                    WindowSize::Millis(ms) => format!("{ms} ms"),
                    WindowSize::Months(n) => format!("{n} month(s)"),
                };
                let keys: Vec<String> = group_exprs.iter().map(|e| e.to_string()).collect();
                let aggs: Vec<String> = aggregates.iter().map(|a| a.to_string()).collect();
                writeln!(
                    f,
                    "{pad}TumblingWindowAggregate: window={} size={size} keys=[{}] aggregates=[{}]",
                    window.start,
                    keys.join(", "),
                    aggs.join(", ")
                )?;
                input.fmt_indented(f, depth + 1)
            }
        }
    }
}

impl fmt::Display for LogicalPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_indented(f, 0)
    }
}

/// A pump (or a bare query): reads streams through `plan` and inserts into `target`.
#[derive(Debug, Clone, PartialEq)]
pub struct PumpPlan {
    pub name: String,
    pub target: String,
    pub plan: LogicalPlan,
}

/// A whole application: every in-application stream and every pump.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApplicationPlan {
    /// Every stream, inputs first, in the order they were declared or bound.
    pub streams: Vec<StreamDef>,
    pub pumps: Vec<PumpPlan>,
}

impl ApplicationPlan {
    pub fn stream(&self, name: &str) -> Option<&StreamDef> {
        self.streams.iter().find(|s| s.name == name)
    }

    /// Streams no pump writes to: these are fed by inputs.
    pub fn input_streams(&self) -> impl Iterator<Item = &StreamDef> {
        self.streams.iter().filter(|s| !self.pumps.iter().any(|p| p.target == s.name))
    }
}

impl fmt::Display for ApplicationPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for pump in &self.pumps {
            writeln!(f, "Pump \"{}\" → \"{}\"", pump.name, pump.target)?;
            pump.plan.fmt_indented(f, 1)?;
        }
        Ok(())
    }
}
