//! One relation of FROM: a stream, view or CTE by name, a derived table (`AS t(a, b)`), a table
//! function, `UNNEST` of the rows before it; and what a join reads on its right: a versioned
//! table, a reference table, the KDA join window written after a stream's name.

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef};
use sqlparser::ast::{self, Spanned};

use super::window_tvf::plan_window_tvf;
use super::{filter, plan_table_with_joins, Input};
use crate::error::{Position, Result};
use crate::plan::types::sql_name;
use crate::plan::{Expr, JoinKind, KdaJoinWindow, LogicalPlan, OverFrame, ReferenceTable, StreamDef};
use crate::plan_err;
use crate::sql::planner::ast_util::{function_name, quoted, span_position};
use crate::sql::planner::expr::ExprPlanner;
use crate::sql::planner::over::window_frame;
use crate::sql::planner::query::{plan_query, QueryContext, Select};
use crate::sql::planner::scope::{is_hidden, Relation, Scope};
use crate::sql::planner::table_functions::{is_kda_table_function, plan_kda_table_function};
use crate::sql::planner::{find_stream, Naming};

/// One relation of FROM.
pub(crate) fn plan_relation(relation: &ast::TableFactor, ctx: &QueryContext) -> Result<Input> {
    let position = span_position(relation.span());
    if is_unnest(relation) {
        return plan_err!(
            position,
            "UNNEST reads the arrays of the rows before it: FROM s CROSS JOIN UNNEST(s.a) AS u(x)"
        );
    }
    unsupported_modifiers(relation)?;
    match relation {
        ast::TableFactor::Table { name, alias, args, version, .. } => {
            if version.is_some() {
                return plan_err!(position, "FOR SYSTEM_TIME AS OF is for the table a stream joins (… JOIN t FOR SYSTEM_TIME AS OF s.proc AS x ON …)");
            }
            if args.is_some() && kda_window(relation, ctx)?.is_none() {
                return plan_err!(position, "cannot read from {relation}");
            }
            let Some((ast::ObjectNamePart::Identifier(ident), qualifiers)) = name.0.split_last() else {
                return plan_err!(position, "cannot read from {name}");
            };
            let qualifiers: Vec<String> = qualifiers.iter().map(|q| q.to_string()).collect();
            in_default_database(&qualifiers, &name.to_string(), position)?;
            let alias = alias.as_ref().map(|a| ctx.naming.name(&a.name));
            named_relation(ident, alias, ctx)
        }
        ast::TableFactor::Derived { subquery, alias, lateral: false, .. } => {
            let select = plan_query(subquery, ctx)?;
            derived(select, String::new(), alias.as_ref(), ctx.naming)
        }
        ast::TableFactor::TableFunction { expr: ast::Expr::Function(f), alias } => {
            let mut input = if is_kda_table_function(&function_name(f)) {
                plan_kda_table_function(f, ctx)?
            } else {
                plan_window_tvf(f, ctx)?
            };
            if let Some(alias) = alias {
                input.scope.relations[0].alias = Some(ctx.naming.name(&alias.name));
            }
            Ok(input)
        }
        ast::TableFactor::NestedJoin { table_with_joins, alias: None } => {
            plan_table_with_joins(table_with_joins, ctx, None)
        }
        ast::TableFactor::MatchRecognize { .. } => super::match_recognize::plan_match_recognize(relation, ctx),
        other => plan_err!(position, "cannot read from {other}"),
    }
}

pub(super) fn is_unnest(relation: &ast::TableFactor) -> bool {
    unnest_parts(relation).is_some()
}

/// `UNNEST(a, …) [WITH ORDINALITY] [AS u(x, …)]`'s alias, arrays and ORDINALITY: kdalite's dialect
/// reads it as a table called with arguments.
fn unnest_parts(relation: &ast::TableFactor) -> Option<(Option<&ast::TableAlias>, Vec<&ast::Expr>, bool)> {
    match relation {
        ast::TableFactor::Table { name, args: Some(args), alias, with_ordinality, .. } if is_unnest_name(name) => {
            let arrays = args.args.iter().filter_map(|a| match a {
                ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            });
            Some((alias.as_ref(), arrays.collect(), *with_ordinality))
        }
        ast::TableFactor::UNNEST { alias, array_exprs, with_ordinality, .. } => {
            Some((alias.as_ref(), array_exprs.iter().collect(), *with_ordinality))
        }
        _ => None,
    }
}

/// `UNNEST`, unquoted: a name no stream can have in a FROM clause, where it calls UNNEST.
pub(crate) fn is_unnest_name(name: &ast::ObjectName) -> bool {
    matches!(name.0.as_slice(), [ast::ObjectNamePart::Identifier(id)] if id.quote_style.is_none() && id.value.eq_ignore_ascii_case("UNNEST"))
}

/// `input CROSS JOIN UNNEST(a) [WITH ORDINALITY] [AS u(x [, n])]` (also `JOIN … ON c`, `, UNNEST(…)`
/// and `LEFT JOIN … ON TRUE`): each row of `input` with each element of its array `a` (a ROW
/// element as its fields), the columns named by the alias. Column names default to Flink's:
/// the ROW's fields, or `EXPR$0`, and `ORDINALITY`.
pub(super) fn unnest(
    input: Input,
    relation: &ast::TableFactor,
    kind: JoinKind,
    constraint: Option<&ast::JoinConstraint>,
    ctx: &QueryContext,
) -> Result<Input> {
    let position = span_position(relation.span());
    let Some((alias, arrays, with_ordinality)) = unnest_parts(relation) else {
        return plan_err!(position, "not an UNNEST: {relation}");
    };
    let [array] = arrays.as_slice() else {
        return plan_err!(position, "UNNEST takes one array, not {}", arrays.len());
    };
    let planner = ExprPlanner::new(&input.scope);
    let array = planner.plan(array)?;
    let Some(element) = crate::plan::types::element_type(&array.data_type()).cloned() else {
        return plan_err!(position, "UNNEST takes an ARRAY, not {array} of type {}", sql_name(&array.data_type()));
    };
    let on = match constraint {
        Some(ast::JoinConstraint::On(on)) if !is_true(on) => Some(on),
        Some(ast::JoinConstraint::On(_) | ast::JoinConstraint::None) | None => None,
        Some(_) => return plan_err!(position, "UNNEST is joined with CROSS JOIN, or JOIN … ON TRUE"),
    };
    let outer = match kind {
        JoinKind::Inner => false,
        JoinKind::Left if on.is_none() => true,
        JoinKind::Left => {
            return plan_err!(position, "LEFT JOIN UNNEST(…) takes ON TRUE, as in Flink: filter in WHERE")
        }
        _ => return plan_err!(position, "UNNEST is joined with CROSS JOIN or LEFT JOIN … ON TRUE"),
    };
    let mut fields: Vec<Field> = match &element {
        DataType::Struct(fields) => fields.iter().map(|f| f.as_ref().clone().with_nullable(true)).collect(),
        t => vec![Field::new("EXPR$0", t.clone(), true)],
    };
    if with_ordinality {
        fields.push(Field::new("ORDINALITY", DataType::Int32, outer));
    }
    if let Some(columns) = alias.map(|a| &a.columns).filter(|c| !c.is_empty()) {
        if columns.len() != fields.len() {
            return plan_err!(
                span_position(columns[0].span()),
                "UNNEST gives {} column(s) here, its alias names {}",
                fields.len(),
                columns.len()
            );
        }
        for (field, column) in fields.iter_mut().zip(columns) {
            *field = field.clone().with_name(ctx.naming.name(&column.name));
        }
    }
    let first = input.scope.schema.fields().len();
    let mut all: Vec<Field> = input.scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    all.extend(fields);
    let schema = Arc::new(Schema::new(all));
    let mut scope = input.scope;
    scope.schema = schema.clone();
    scope.relations.push(Relation {
        name: String::new(),
        alias: alias.map(|a| ctx.naming.name(&a.name)),
        columns: first..schema.fields().len(),
        rowtime: 0,
    });
    let plan = LogicalPlan::Unnest { input: Box::new(input.plan), array, outer, ordinality: with_ordinality, schema };
    let mut input = Input { scope, plan };
    if let Some(on) = on {
        let predicate = ExprPlanner::new(&input.scope).plan(on)?;
        input.plan = filter(input.plan, predicate);
    }
    Ok(input)
}

fn is_true(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::Value(v) if v.value == ast::Value::Boolean(true))
}

/// Flink's catalog and database, named before a table (`qualifiers`): only the ones kdalite
/// has, `default_catalog.default_database`, where every table is.
pub(super) fn in_default_database(qualifiers: &[String], name: &str, position: Option<Position>) -> Result<()> {
    let qualifiers: Vec<&str> = qualifiers.iter().map(|q| q.trim_matches(['`', '"'])).collect();
    if crate::sql::parser::is_default_database(&qualifiers) {
        return Ok(());
    }
    plan_err!(position, "{}: {name} is not in them", crate::sql::parser::ONE_DATABASE)
}

/// The parts of a relation the parser knows from other dialects (TABLESAMPLE, hints, WITH
/// ORDINALITY, partitions, a column list after a stream's alias…): each is an error at its place,
/// never dropped.
pub(super) fn unsupported_modifiers(relation: &ast::TableFactor) -> Result<()> {
    let whole = span_position(relation.span());
    let here = |ident: &ast::Ident| crate::sql::parser::ident_position(ident).or(whole);
    let (alias, sample) = match relation {
        ast::TableFactor::Table {
            name,
            alias,
            with_hints,
            with_ordinality,
            partitions,
            json_path,
            sample,
            index_directives,
            inheritance,
            ..
        } => {
            if let Some(hint) = with_hints.first() {
                return plan_err!(span_position(hint.span()).or(whole), "table hints (WITH (…)) are not supported");
            }
            if *with_ordinality {
                return plan_err!(whole, "WITH ORDINALITY is not supported");
            }
            if let Some(partition) = partitions.first() {
                return plan_err!(here(partition), "PARTITION (…) is not supported");
            }
            if json_path.is_some() || !index_directives.is_empty() || inheritance.is_some() {
                return plan_err!(whole, "cannot read from {relation}");
            }
            if let Some(alias) = alias.as_ref().filter(|a| !a.columns.is_empty()) {
                return plan_err!(
                    here(&alias.columns[0].name),
                    "a column list after a stream's alias is not supported: rename in a subquery, (SELECT c AS {}, … FROM {}) AS {}",
                    alias.columns[0].name,
                    name,
                    alias.name
                );
            }
            (alias, sample)
        }
        ast::TableFactor::Derived { alias, sample, .. } => (alias, sample),
        ast::TableFactor::TableFunction { alias, .. } => {
            if let Some(alias) = alias.as_ref().filter(|a| !a.columns.is_empty()) {
                return plan_err!(
                    here(&alias.columns[0].name),
                    "a column list after a table function's alias is not supported: rename in a subquery"
                );
            }
            (alias, &None)
        }
        _ => return Ok(()),
    };
    if sample.is_some() {
        return plan_err!(whole, "TABLESAMPLE is not supported: a stream is read whole");
    }
    if let Some(at) = alias.as_ref().and_then(|a| a.at.as_ref()) {
        return plan_err!(here(at), "AT {at} is not supported");
    }
    if let Some(column) = alias.iter().flat_map(|a| &a.columns).find(|c| c.data_type.is_some()) {
        return plan_err!(here(&column.name), "a column list in an alias names columns, without types");
    }
    Ok(())
}

/// A stream, view or CTE by name.
pub(super) fn named_relation(ident: &ast::Ident, alias: Option<String>, ctx: &QueryContext) -> Result<Input> {
    let name = ctx.naming.name(ident);
    if let Some(select) = ctx.cte(&name) {
        let mut input = derived(select.clone(), name, None, ctx.naming)?;
        input.scope.relations[0].alias = alias;
        return Ok(input);
    }
    let stream = stream(ctx, ident)?;
    let scope = Scope::of(stream, alias, ctx.naming);
    let plan = LogicalPlan::Scan { stream: stream.name.clone(), schema: scope.schema.clone() };
    Ok(Input { scope, plan })
}

/// A planned query read as a relation named `name` (`AS alias (columns…)` renames it).
pub(crate) fn derived(select: Select, name: String, alias: Option<&ast::TableAlias>, naming: Naming) -> Result<Input> {
    let mut schema = select.plan.schema();
    let mut plan = select.plan;
    if let Some(columns) = alias.map(|a| &a.columns).filter(|c| !c.is_empty()) {
        let visible: Vec<usize> = (1..schema.fields().len())
            .filter(|i| !is_hidden(schema.field(*i).name()) && Some(*i) != select.op)
            .collect();
        if visible.len() != columns.len() {
            return plan_err!(
                span_position(columns[0].span()),
                "the subquery has {} column(s), its alias names {}",
                visible.len(),
                columns.len()
            );
        }
        let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
        for (i, column) in visible.iter().zip(columns) {
            fields[*i] = fields[*i].clone().with_name(naming.name(&column.name));
        }
        schema = Arc::new(Schema::new(fields));
        plan = rename(plan, schema.clone());
    }
    let relation =
        Relation { name, alias: alias.map(|a| naming.name(&a.name)), columns: 1..schema.fields().len(), rowtime: 0 };
    let scope = Scope { schema, naming, relations: vec![relation], time: select.time, op: select.op };
    Ok(Input { scope, plan })
}

/// The plan with its output columns renamed (it is a projection or a union of them).
fn rename(plan: LogicalPlan, schema: SchemaRef) -> LogicalPlan {
    match plan {
        LogicalPlan::Projection { input, exprs, .. } => LogicalPlan::Projection { input, exprs, schema },
        LogicalPlan::Union { left, right, kda, shared_watermark, .. } => {
            LogicalPlan::Union { left, right, kda, shared_watermark, schema }
        }
        other => other,
    }
}

fn stream<'a>(ctx: &QueryContext<'a>, ident: &ast::Ident) -> Result<&'a StreamDef> {
    let app = ctx.app;
    let name = ctx.naming.name(ident);
    if app.stream(&name).is_none() && app.tables.iter().any(|t| t.name == name) {
        return plan_err!(
            crate::sql::parser::ident_position(ident),
            "\"{name}\" is a reference table: a query reads a stream and joins the table to it (FROM s JOIN \"{name}\" AS t ON …)"
        );
    }
    find_stream(app, ident, ctx.naming).ok_or_else(|| {
        let mut known: Vec<String> = app.streams.iter().map(|s| format!("\"{}\"", s.name)).collect();
        known.extend(ctx.cte_names().map(|n| format!("\"{n}\"")));
        crate::error::Error::Plan {
            message: format!(
                "stream \"{name}\" does not exist (known streams: {})",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ),
            position: crate::sql::parser::ident_position(ident),
        }
    })
}

/// `JOIN t FOR SYSTEM_TIME AS OF l.t` where `t` is a stream and `l.t` the left's event-time
/// attribute: Flink's event-time temporal join, `t` a versioned table (a PRIMARY KEY and a
/// WATERMARK; each row a new version of its key). The right, planned without its AS OF, and
/// the left's time column.
pub(super) fn versioned(
    input: &Input,
    relation: &ast::TableFactor,
    ctx: &QueryContext,
) -> Result<Option<(Input, usize)>> {
    let ast::TableFactor::Table { name, version: Some(ast::TableVersion::ForSystemTimeAsOf(time)), .. } = relation
    else {
        return Ok(None);
    };
    let Some(ast::ObjectNamePart::Identifier(ident)) = name.0.last() else { return Ok(None) };
    let Some(stream) = find_stream(ctx.app, ident, ctx.naming) else { return Ok(None) };
    let column = match ExprPlanner::new(&input.scope).plan(time) {
        Ok(Expr::Column { index, .. }) => Some(index).filter(|&c| input.scope.time_attribute(c).is_some()),
        _ => None,
    };
    // A view that keeps each key's last row by event time is versioned by that key, as Flink
    // reads one (its rows are the versions; its retractions, of versions replaced, are not).
    let versioned_view = stream.view && stream.updating && stream.watermark().is_some();
    let Some(index) = column else {
        if stream.primary_key.is_empty() && !versioned_view {
            return Ok(None);
        }
        return plan_err!(
            span_position(time.span()),
            "\"{}\" is a versioned table: it is joined FOR SYSTEM_TIME AS OF an event-time attribute of the rows before it, as Flink requires, not {time}",
            stream.name
        );
    };
    if stream.primary_key.is_empty() && !versioned_view {
        let what = if stream.view {
            "define it as each key's last row by event time: ROW_NUMBER() OVER (PARTITION BY k ORDER BY t DESC) = 1"
        } else {
            "declare it with a PRIMARY KEY (…) NOT ENFORCED beside its WATERMARK"
        };
        return plan_err!(
            span_position(time.span()),
            "FOR SYSTEM_TIME AS OF {time} joins a versioned table, which \"{}\" is not: {what}",
            stream.name
        );
    }
    let mut plain = relation.clone();
    if let ast::TableFactor::Table { version, .. } = &mut plain {
        *version = None;
    }
    Ok(Some((plan_relation(&plain, ctx)?, index)))
}

/// The KDA join window `OVER (…)` written after a stream name, if any.
pub(super) fn kda_window(relation: &ast::TableFactor, ctx: &QueryContext) -> Result<Option<KdaJoinWindow>> {
    let ast::TableFactor::Table { args: Some(args), .. } = relation else { return Ok(None) };
    let position = span_position(relation.span());
    let [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(ast::Expr::Value(v)))] = args.args.as_slice() else {
        return Ok(None);
    };
    let ast::Value::SingleQuotedString(text) = &v.value else { return Ok(None) };
    let Some(window) = crate::sql::parser::join_window(text) else { return Ok(None) };
    let spec = match window {
        ast::WindowType::WindowSpec(spec) => spec,
        ast::WindowType::NamedWindow(name) => {
            let wanted = ctx.naming.name(&name);
            match ctx.named_windows.iter().find(|d| ctx.naming.name(&d.0) == wanted) {
                Some(ast::NamedWindowDefinition(_, ast::NamedWindowExpr::WindowSpec(spec))) => spec.clone(),
                _ => {
                    return plan_err!(
                        position,
                        "window {wanted} is not defined; add WINDOW {wanted} AS (RANGE INTERVAL '1' MINUTE PRECEDING)"
                    )
                }
            }
        }
    };
    if !spec.partition_by.is_empty() {
        return plan_err!(
            position,
            "a join window cannot be partitioned (KDA allows no PARTITION BY in a join's OVER)"
        );
    }
    if spec.window_frame.is_none() {
        return plan_err!(position, "a join window needs RANGE INTERVAL … PRECEDING or ROWS n PRECEDING");
    }
    let same_time = matches!(&spec.window_frame, Some(f) if f.units == ast::WindowFrameUnits::Range
        && f.start_bound == ast::WindowFrameBound::CurrentRow);
    let window = match window_frame(&spec, position)? {
        // RANGE CURRENT ROW: the rows of the same ROWTIME, as a side without a window.
        _ if same_time => KdaJoinWindow::Range(0),
        OverFrame::Range(ms) => KdaJoinWindow::Range(ms),
        OverFrame::Rows(n) => KdaJoinWindow::Rows(n),
        OverFrame::Unbounded | OverFrame::UnboundedRows => {
            return plan_err!(position, "a join window cannot be UNBOUNDED: it would keep every row of the stream")
        }
    };
    Ok(Some(window))
}

/// The reference table a join reads, if it reads one: by name, or any table FOR SYSTEM_TIME AS
/// OF a time of the stream's.
pub(super) fn lookup_table<'a>(
    relation: &ast::TableFactor,
    ctx: &QueryContext<'a>,
) -> Result<Option<&'a Arc<ReferenceTable>>> {
    let ast::TableFactor::Table { name, version, .. } = relation else { return Ok(None) };
    let Some(ast::ObjectNamePart::Identifier(ident)) = name.0.last() else { return Ok(None) };
    let wanted = ctx.naming.name(ident);
    let found = ctx.app.tables.iter().find(|t| t.name == wanted).or_else(|| {
        let mut loose = ctx.app.tables.iter().filter(|t| !ctx.naming.fold && t.name.eq_ignore_ascii_case(&wanted));
        loose.next().filter(|_| loose.next().is_none())
    });
    if found.is_none() && version.is_some() {
        let message = if ctx.cte(&wanted).is_some() || find_stream(ctx.app, ident, ctx.naming).is_some() {
            format!("\"{wanted}\" is a stream: FOR SYSTEM_TIME AS OF looks rows up in a table read from a file (CREATE TABLE {wanted} (…) WITH ('connector' = 'filesystem', 'path' = …))")
        } else {
            format!("table \"{wanted}\" does not exist (declare it with 'connector' = 'filesystem' and a 'path', or bind a file: --reference {wanted}=FILE.csv)")
        };
        return plan_err!(crate::sql::parser::ident_position(ident), "{message}");
    }
    Ok(found)
}

/// A planned query as a relation `name` whose visible columns are named `columns`, in order
/// (`(…) AS name(columns…)`), for a condition the planner writes over it ([`column_of`]).
pub(crate) fn renamed_relation(select: Select, name: &str, columns: &[String], naming: Naming) -> Result<Input> {
    let columns = columns.iter().map(|c| ast::TableAliasColumnDef { name: quoted(c), data_type: None }).collect();
    let alias = ast::TableAlias { explicit: true, name: quoted(name), columns, at: None };
    derived(select, name.to_string(), Some(&alias), naming)
}

/// Column `column` of relation `relation`, as a condition names it.
pub(crate) fn column_of(relation: &str, column: &str) -> ast::Expr {
    ast::Expr::CompoundIdentifier(vec![quoted(relation), quoted(column)])
}
