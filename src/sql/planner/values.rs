//! `VALUES (…), (…)` as a relation (`FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, name)`, and
//! `INSERT INTO t VALUES …`): a bounded input of constant rows. Each is planned once, before
//! its statement, into a hidden input stream that holds its rows
//! ([`crate::plan::StreamDef::values`]); the runtime feeds them when it starts, with that
//! ROWTIME, and then ends the stream, so windows over it close as at the end of any input. The
//! query reads the stream as it reads any other.

use std::ops::ControlFlow;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, RecordBatchOptions, TimestampMillisecondArray};
use sqlparser::ast::{self, Spanned, Visit, Visitor};

use super::ast_util::span_position;
use super::expr::ExprPlanner;
use super::functions::unify;
use super::query::{plan_query, QueryContext, Select};
use super::scope::Scope;
use super::Naming;
use crate::error::Result;
use crate::plan::{types::SqlType, ApplicationPlan, ColumnDef, StreamDef};
use crate::plan_err;

/// The hidden stream of the `VALUES` at `values`' place in the code.
fn stream_name(values: &ast::Values) -> String {
    let start = values.span().start;
    format!("$VALUES@{}:{}", start.line, start.column)
}

/// Every `VALUES` in `query`, in order (copies: the visitor lends each query for its call only).
fn each_values(query: &ast::Query) -> Vec<ast::Values> {
    struct Found(Vec<ast::Values>);
    fn walk(body: &ast::SetExpr, found: &mut Vec<ast::Values>) {
        match body {
            ast::SetExpr::Values(values) => found.push(values.clone()),
            ast::SetExpr::SetOperation { left, right, .. } => {
                walk(left, found);
                walk(right, found);
            }
            _ => {}
        }
    }
    impl Visitor for Found {
        type Break = ();
        fn pre_visit_query(&mut self, query: &ast::Query) -> ControlFlow<()> {
            walk(&query.body, &mut self.0);
            ControlFlow::Continue(())
        }
    }
    let mut found = Found(Vec::new());
    let _ = query.visit(&mut found);
    found.0
}

/// Plans the rows of every `VALUES` in `query` into a hidden input stream of `app`.
pub(crate) fn register(app: &mut ApplicationPlan, query: &ast::Query, naming: Naming) -> Result<()> {
    for values in each_values(query) {
        let stream = values_stream(&values, naming)?;
        app.streams.retain(|s| s.name != stream.name);
        app.streams.push(stream);
    }
    Ok(())
}

/// The stream of one `VALUES`: its columns typed as all its rows can be (`EXPR$0`, `EXPR$1`, …,
/// as Flink names them), and its rows.
fn values_stream(values: &ast::Values, naming: Naming) -> Result<StreamDef> {
    let position = span_position(values.span());
    let Some(width) = values.rows.first().map(|r| r.len()) else {
        return plan_err!(position, "VALUES needs at least one row");
    };
    if values.explicit_row || values.value_keyword {
        return plan_err!(position, "write VALUES rows as (a, b), without ROW or VALUE");
    }
    let empty = StreamDef::new("$VALUES", vec![]);
    let scope = Scope::over(&empty, naming);
    let planner = ExprPlanner::new(&scope);
    let mut rows = Vec::with_capacity(values.rows.len());
    for row in &values.rows {
        if row.len() != width {
            return plan_err!(
                span_position(row.first().map_or(values.span(), |e| e.span())).or(position),
                "every VALUES row has {width} value(s), as the first has; this one has {}",
                row.len()
            );
        }
        rows.push(row.iter().map(|e| planner.plan(e)).collect::<Result<Vec<_>>>()?);
    }
    // One row, with no column but ROWTIME, to evaluate the constants over.
    let one = RecordBatch::try_new_with_options(
        empty.schema.clone(),
        vec![Arc::new(TimestampMillisecondArray::from(vec![0i64])) as ArrayRef],
        &RecordBatchOptions::new().with_row_count(Some(1)),
    )?;
    let mut columns = Vec::with_capacity(width);
    let mut arrays = Vec::with_capacity(width);
    for c in 0..width {
        let what = format!("VALUES' column {}", c + 1);
        let data_type = unify(rows.iter().map(|r| r[c].data_type()), position, &what)?;
        let Some(sql_type) = SqlType::from_arrow(&data_type) else {
            return plan_err!(position, "{what} holds {data_type}, which a stream cannot");
        };
        // A value that cannot be computed (`1 / 0`) fails the statement at its VALUES: there is
        // no row yet to send to error_stream.
        let cells = rows
            .iter()
            .map(|r| crate::exec::expr::evaluate(&r[c].clone().cast_to(&data_type), &one))
            .collect::<Result<Vec<_>>>()
            .map_err(|e| crate::error::Error::Plan { message: format!("{what}: {e}"), position })?;
        let cells: Vec<&dyn arrow_array::Array> = cells.iter().map(|a| a.as_ref()).collect();
        arrays.push(arrow_select::concat::concat(&cells)?);
        columns.push(ColumnDef { name: format!("EXPR${c}"), sql_type });
    }
    let name = stream_name(values);
    let mut stream = if naming.fold { StreamDef::new(&name, columns) } else { StreamDef::flink(&name, columns, None) };
    let schema = Arc::new(arrow_schema::Schema::new(stream.schema.fields()[1..].to_vec()));
    stream.values = Some(RecordBatch::try_new(schema, arrays)?);
    Ok(stream)
}

/// A `VALUES` in a query: its stream, read whole.
pub(crate) fn plan_values(values: &ast::Values, ctx: &QueryContext) -> Result<Select> {
    let name = stream_name(values);
    let Some(stream) = ctx.app.stream(&name) else {
        return plan_err!(span_position(values.span()), "VALUES is not supported here");
    };
    let columns: Vec<String> = stream.columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
    let keyword = if ctx.naming.fold { "SELECT STREAM" } else { "SELECT" };
    let sql = format!("{keyword} {} FROM \"{name}\"", columns.join(", "));
    let Some(crate::sql::parser::Statement::Query { query, .. }) = crate::sql::parser::parse(&sql)?.pop() else {
        return plan_err!(span_position(values.span()), "VALUES could not be planned");
    };
    plan_query(&query, ctx)
}
