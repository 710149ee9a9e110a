//! The FROM clause: streams, views, CTEs, derived tables and window TVFs, and the joins of them
//! (comma joins take their conditions from WHERE, as inner joins do where they can).
//!
//! A join's conditions are planned over both sides' columns and sorted: pairs of equal
//! expressions, one per side, are its keys; a condition on one side only is pushed below the
//! join where that keeps its meaning (any side of an inner join, the side that gets NULLs of an
//! outer one); bounds between the two sides' event-time attributes make a Flink interval join,
//! equal `window_start` and `window_end` a window join; the rest is checked on each pair.

use std::ops::Range;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef};
use sqlparser::ast::{self, Spanned};

use super::expr::{function_args, function_name, interval_millis_of, span_position, window_frame, ExprPlanner};
use super::query::{plan_query, QueryContext, Select, WINDOW_COLUMNS};
use super::scope::{is_hidden, Relation, Scope, TimeColumns, WindowColumns, UPDATING};
use super::table_functions::{is_kda_table_function, plan_kda_table_function};
use super::{find_stream, Naming};
use crate::error::{Position, Result};
use crate::plan::types::{sql_name, timestamp_type};
use crate::plan::{
    BinaryOp, Expr, JoinKind, JoinTime, KdaJoinWindow, LogicalPlan, OverFrame, ReferenceTable, ScalarFunction,
    ScalarValue, StreamDef, TvfKind, OP_COLUMN, ROWTIME, SIDE_OP, SIDE_ROWTIME, SIDE_WATERMARK, WATERMARK_COLUMN,
};
use crate::plan_err;

/// Rows a query reads, and what its expressions can see of them.
pub(crate) struct Input {
    pub scope: Scope,
    pub plan: LogicalPlan,
}

/// A relation's conditions from WHERE that join planning may take (inner joins only).
pub(crate) type Conditions<'q> = Vec<&'q ast::Expr>;

/// The FROM clause with the WHERE conditions it can take; returns the rows and the conditions
/// it left for WHERE.
pub(crate) fn plan_from<'q>(
    from: &'q [ast::TableWithJoins],
    selection: Option<&'q ast::Expr>,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<(Input, Conditions<'q>)> {
    let Some((first, rest)) = from.split_first() else {
        return plan_err!(position, "a query reads from a stream: add FROM");
    };
    let mut pending: Conditions<'q> = selection.map(conjuncts).unwrap_or_default();
    // WHERE's conditions may move into joins only when every join is inner: an outer join's
    // NULL-padded rows are WHERE's to filter.
    let all_inner =
        from.iter().flat_map(|t| &t.joins).all(|j| join_kind(&j.join_operator).is_some_and(|k| k.0 == JoinKind::Inner));
    let mut shared = if all_inner { Some(&mut pending) } else { None };
    let mut input = plan_table_with_joins(first, ctx, shared.as_deref_mut())?;
    for item in rest {
        // `FROM s, UNNEST(s.a) AS u(x)`: each row of s with each of its elements.
        if is_unnest(&item.relation) && item.joins.is_empty() {
            input = unnest(input, &item.relation, JoinKind::Inner, None, ctx)?;
            continue;
        }
        let right = plan_table_with_joins(item, ctx, shared.as_deref_mut())?;
        let taken = match shared.as_deref_mut() {
            Some(pending) => take_conditions(pending, &input, &right, ctx)?,
            None => vec![],
        };
        input = join_inputs(input, right, JoinKind::Inner, taken, JoinHow::Plain, ctx, position)?;
    }
    if let Some(pending) = shared {
        // What is left on a single relation goes to WHERE as it is.
        return Ok((input, std::mem::take(pending)));
    }
    Ok((input, pending))
}

/// `a [JOIN b ON …]…`.
fn plan_table_with_joins<'q>(
    item: &'q ast::TableWithJoins,
    ctx: &QueryContext,
    mut pending: Option<&mut Conditions<'q>>,
) -> Result<Input> {
    let mut input = plan_relation(&item.relation, ctx)?;
    for join in &item.joins {
        let position = span_position(join.span());
        let Some((kind, constraint)) = join_kind(&join.join_operator) else {
            return plan_err!(position, "this kind of join is not supported: {}", first_words(&join.to_string()));
        };
        if is_unnest(&join.relation) {
            input = unnest(input, &join.relation, kind, constraint, ctx)?;
            continue;
        }
        // A versioned table FOR SYSTEM_TIME AS OF the row's event time: a temporal join.
        if let Some((right, left_time)) = versioned(&input, &join.relation, ctx)? {
            let conditions: Conditions = match constraint {
                Some(ast::JoinConstraint::On(on)) => conjuncts(on),
                _ => return plan_err!(position, "FOR SYSTEM_TIME AS OF joins ON the versioned table's key"),
            };
            input = join_inputs(input, right, kind, conditions, JoinHow::AsOf { left_time }, ctx, position)?;
            continue;
        }
        // A reference table, or a table FOR SYSTEM_TIME AS OF a row's time: a lookup join.
        if let Some(table) = lookup_table(&join.relation, ctx)? {
            input = lookup_join(input, table, kind, constraint, &join.relation, ctx, position)?;
            continue;
        }
        let left_window = kda_window(&item.relation, ctx)?;
        let right_window = kda_window(&join.relation, ctx)?;
        let right = plan_relation(&join.relation, ctx)?;
        let mut conditions: Conditions = match constraint {
            Some(ast::JoinConstraint::On(on)) => conjuncts(on),
            Some(ast::JoinConstraint::None) | None => vec![],
            Some(_) => return plan_err!(position, "only JOIN … ON is supported, not USING or NATURAL"),
        };
        if let (JoinKind::Inner, Some(pending)) = (kind, pending.as_deref_mut()) {
            conditions.extend(take_conditions(pending, &input, &right, ctx)?);
        }
        input = join_inputs(input, right, kind, conditions, JoinHow::Kda(left_window, right_window), ctx, position)?;
    }
    Ok(input)
}

/// The join's kind and its constraint (`None` for CROSS JOIN).
fn join_kind(op: &ast::JoinOperator) -> Option<(JoinKind, Option<&ast::JoinConstraint>)> {
    use ast::JoinOperator as J;
    Some(match op {
        J::Join(c) | J::Inner(c) => (JoinKind::Inner, Some(c)),
        J::Left(c) | J::LeftOuter(c) => (JoinKind::Left, Some(c)),
        J::Right(c) | J::RightOuter(c) => (JoinKind::Right, Some(c)),
        J::FullOuter(c) => (JoinKind::Full, Some(c)),
        J::CrossJoin(c) => (JoinKind::Inner, Some(c)),
        _ => return None,
    })
}

/// WHERE's conditions that a join of `left` and `right` can check: those that read only their
/// columns (and some of the right's). They leave `pending`.
fn take_conditions<'q>(
    pending: &mut Conditions<'q>,
    left: &Input,
    right: &Input,
    ctx: &QueryContext,
) -> Result<Conditions<'q>> {
    let pair = pair_scope(&left.scope, &right.scope, ctx.naming);
    let right_columns = 1 + left.scope.schema.fields().len()..pair.schema.fields().len();
    let mut taken = Vec::new();
    let mut kept = Vec::new();
    for condition in pending.drain(..) {
        // A condition that does not plan here reads a relation joined later.
        match ExprPlanner::new(&pair).plan(condition) {
            Ok(e) if columns_of(&e).iter().any(|c| right_columns.contains(c)) => taken.push(condition),
            _ => kept.push(condition),
        }
    }
    *pending = kept;
    Ok(taken)
}

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
        other => plan_err!(position, "cannot read from {other}"),
    }
}

fn is_unnest(relation: &ast::TableFactor) -> bool {
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
fn unnest(
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
fn in_default_database(qualifiers: &[String], name: &str, position: Option<Position>) -> Result<()> {
    let qualifiers: Vec<&str> = qualifiers.iter().map(|q| q.trim_matches(['`', '"'])).collect();
    if crate::sql::parser::is_default_database(&qualifiers) {
        return Ok(());
    }
    plan_err!(position, "{}: {name} is not in them", crate::sql::parser::ONE_DATABASE)
}

/// The parts of a relation the parser knows from other dialects (TABLESAMPLE, hints, WITH
/// ORDINALITY, partitions, a column list after a stream's alias…): each is an error at its place,
/// never dropped.
fn unsupported_modifiers(relation: &ast::TableFactor) -> Result<()> {
    let whole = span_position(relation.span());
    let here = |ident: &ast::Ident| super::ident_position(ident).or(whole);
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
fn named_relation(ident: &ast::Ident, alias: Option<String>, ctx: &QueryContext) -> Result<Input> {
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
            super::ident_position(ident),
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
            position: super::ident_position(ident),
        }
    })
}

/// `JOIN t FOR SYSTEM_TIME AS OF l.t` where `t` is a stream and `l.t` the left's event-time
/// attribute: Flink's event-time temporal join, `t` a versioned table (a PRIMARY KEY and a
/// WATERMARK; each row a new version of its key). The right, planned without its AS OF, and
/// the left's time column.
fn versioned(input: &Input, relation: &ast::TableFactor, ctx: &QueryContext) -> Result<Option<(Input, usize)>> {
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
fn kda_window(relation: &ast::TableFactor, ctx: &QueryContext) -> Result<Option<KdaJoinWindow>> {
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
        OverFrame::Unbounded => {
            return plan_err!(position, "a join window cannot be UNBOUNDED: it would keep every row of the stream")
        }
    };
    Ok(Some(window))
}

/// The reference table a join reads, if it reads one: by name, or any table FOR SYSTEM_TIME AS
/// OF a time of the stream's.
fn lookup_table<'a>(relation: &ast::TableFactor, ctx: &QueryContext<'a>) -> Result<Option<&'a Arc<ReferenceTable>>> {
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
        return plan_err!(super::ident_position(ident), "{message}");
    }
    Ok(found)
}

/// `stream [AS s] [LEFT] JOIN table [FOR SYSTEM_TIME AS OF s.t] [AS t] ON …`: a stream joined to
/// a reference table. The equalities between a stream expression and a table expression in the
/// ON condition are the lookup keys; the rest is checked on each pair.
fn lookup_join(
    input: Input,
    table: &Arc<ReferenceTable>,
    kind: JoinKind,
    constraint: Option<&ast::JoinConstraint>,
    relation: &ast::TableFactor,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<Input> {
    if !matches!(kind, JoinKind::Inner | JoinKind::Left) {
        return plan_err!(position, "a stream joins a reference table with JOIN or LEFT JOIN only");
    }
    // An updating input's rows keep their kind: the op column is one of the input's.
    let ast::TableFactor::Table { alias, version, .. } = relation else {
        return plan_err!(position, "a stream can join a reference table, not {relation}");
    };
    unsupported_modifiers(relation)?;
    if let Some(ast::TableVersion::ForSystemTimeAsOf(time)) = version {
        // The lookup happens as each row arrives, whatever time it names: a column of the stream.
        let planned = ExprPlanner::new(&input.scope).plan(time)?;
        let column = match planned {
            Expr::Column { index, .. } => Some(index),
            _ => None,
        };
        if column.is_some_and(|c| input.scope.time_attribute(c).is_some()) {
            return plan_err!(
                span_position(time.span()),
                "FOR SYSTEM_TIME AS OF {time} is an event-time temporal join, which needs a versioned table (a PRIMARY KEY and a WATERMARK, fed as a changelog); kdalite looks a table up as each row arrives: declare a processing-time column (p AS PROCTIME()) and join FOR SYSTEM_TIME AS OF it"
            );
        }
        if !column.is_some_and(|c| input.scope.time.proctime.contains(&c)) {
            return plan_err!(
                span_position(time.span()),
                "FOR SYSTEM_TIME AS OF takes the stream's processing-time attribute (a column declared AS PROCTIME()), not {time}"
            );
        }
    }
    let Some(ast::JoinConstraint::On(on)) = constraint else {
        return plan_err!(position, "a join to a reference table needs ON with the keys to match");
    };
    let scope = input.scope;
    let first = scope.schema.fields().len();
    let mut fields: Vec<Field> = scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.extend(table.rows.schema().fields().iter().map(|f| f.as_ref().clone().with_nullable(true)));
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let mut relations = scope.relations.clone();
    relations.push(Relation {
        name: table.name.clone(),
        alias: alias.as_ref().map(|a| ctx.naming.name(&a.name)),
        columns: first..schema.fields().len(),
        rowtime: 0,
    });
    let scope = Scope { schema: schema.clone(), relations, ..scope };

    let planner = ExprPlanner::new(&scope);
    let (mut keys, mut residual) = (Vec::new(), None);
    for conjunct in conjuncts(on) {
        if let Some(error) = incomparable(conjunct, &planner) {
            return Err(error);
        }
        let condition = planner.plan(conjunct)?;
        if condition.data_type() != DataType::Boolean {
            return plan_err!(span_position(conjunct.span()), "ON needs a condition, not {condition}");
        }
        match equi_key(&condition, &(0..first), &(first..schema.fields().len())) {
            Some(key) => keys.push(key),
            None => residual = Some(and(residual, condition)),
        }
    }
    if keys.is_empty() {
        return plan_err!(
            span_position(on.span()),
            "the ON condition must match a value of the stream to a column of reference table \"{}\" with =",
            table.name
        );
    }
    let plan =
        LogicalPlan::LookupJoin { input: Box::new(input.plan), table: table.clone(), kind, keys, residual, schema };
    Ok(Input { scope, plan })
}

/// The columns of two relations side by side, as a join pairs them: `ROWTIME`, the left's
/// columns, the right's (each side's own `ROWTIME` and watermark as hidden columns).
fn pair_scope(left: &Scope, right: &Scope, naming: Naming) -> Scope {
    let hide = |f: &Field, i: usize| -> Field {
        let f = f.clone().with_nullable(true);
        if i == 0 {
            f.with_name(SIDE_ROWTIME)
        } else if f.name() == WATERMARK_COLUMN {
            f.with_name(SIDE_WATERMARK)
        } else if f.name() == OP_COLUMN && i > 0 {
            f.with_name(SIDE_OP)
        } else {
            f
        }
    };
    let mut fields = vec![Field::new(ROWTIME, timestamp_type(), false)];
    fields.extend(left.schema.fields().iter().enumerate().map(|(i, f)| hide(f, i)));
    let offset = 1 + left.schema.fields().len();
    fields.extend(right.schema.fields().iter().enumerate().map(|(i, f)| hide(f, i)));
    let shift = |r: &Relation, by: usize| Relation {
        name: r.name.clone(),
        alias: r.alias.clone(),
        columns: r.columns.start + by..r.columns.end + by,
        rowtime: r.rowtime + by,
    };
    let mut relations: Vec<Relation> = left.relations.iter().map(|r| shift(r, 1)).collect();
    relations.extend(right.relations.iter().map(|r| shift(r, offset)));
    let mut attributes: Vec<usize> = left.time.attributes.iter().map(|c| c + 1).collect();
    attributes.extend(right.time.attributes.iter().map(|c| c + offset));
    let window = left.time.window.as_ref().map(|w| shifted_window(w, 1)).or(right
        .time
        .window
        .as_ref()
        .map(|w| shifted_window(w, offset)));
    Scope {
        schema: Arc::new(Schema::new(fields)),
        naming,
        relations,
        time: TimeColumns {
            attributes,
            watermark: None,
            window,
            origin: left.time.both_origins(&right.time),
            proctime: left
                .time
                .proctime
                .iter()
                .map(|c| c + 1)
                .chain(right.time.proctime.iter().map(|c| c + offset))
                .collect(),
        },
        op: None,
    }
}

/// How two inputs join, besides their conditions.
#[derive(Debug, Clone, Copy)]
pub(crate) enum JoinHow {
    /// As their conditions say: a regular, interval or window join.
    Plain,
    /// KDA's windows written after the streams (`JOIN s OVER (…)`).
    Kda(Option<KdaJoinWindow>, Option<KdaJoinWindow>),
    /// `FOR SYSTEM_TIME AS OF` the left's event-time attribute (its column `left_time`): Flink's
    /// event-time temporal join of a versioned table.
    AsOf { left_time: usize },
}

/// Joins two inputs on `conditions`.
pub(crate) fn join_inputs(
    left: Input,
    right: Input,
    kind: JoinKind,
    conditions: Conditions,
    how: JoinHow,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<Input> {
    let windows = match how {
        JoinHow::Kda(l, r) => (l, r),
        _ => (None, None),
    };
    let as_of = match how {
        JoinHow::AsOf { left_time } => Some(left_time),
        _ => None,
    };
    if as_of.is_some() && !matches!(kind, JoinKind::Inner | JoinKind::Left) {
        return plan_err!(position, "FOR SYSTEM_TIME AS OF joins with JOIN or LEFT JOIN only, as in Flink");
    }
    let ops = (left.scope.op, right.scope.op);
    let pair = pair_scope(&left.scope, &right.scope, ctx.naming);
    let left_width = left.scope.schema.fields().len();
    let left_columns = 1..1 + left_width;
    let right_columns = 1 + left_width..pair.schema.fields().len();
    let mut left_plan = left.plan;
    let mut right_plan = right.plan;

    // Each condition: pushed to one side, a key, a time bound, or checked on each pair.
    let planner = ExprPlanner::new(&pair);
    let mut keys: Vec<(Expr, Expr)> = Vec::new();
    let mut bounds: Vec<(Expr, &ast::Expr)> = Vec::new();
    let mut residual: Vec<Expr> = Vec::new();
    let mut planned_conditions = Vec::new();
    for condition in &conditions {
        if let Some(error) = incomparable(condition, &planner) {
            return Err(error);
        }
        let planned = match planner.plan(condition) {
            Ok(e) => e,
            Err(e) => return Err(compare_error(condition, &planner).unwrap_or(e)),
        };
        if planned.data_type() != DataType::Boolean {
            return plan_err!(span_position(condition.span()), "a join condition must be true or false, not {planned}");
        }
        // `a BETWEEN b AND c` is two bounds.
        planned_conditions.extend(split_and(planned).into_iter().map(|e| (e, *condition)));
    }
    for (planned, condition) in planned_conditions {
        let columns = columns_of(&planned);
        let on_left = !columns.is_empty() && columns.iter().all(|c| left_columns.contains(c));
        let on_right = !columns.is_empty() && columns.iter().all(|c| right_columns.contains(c));
        if on_left && matches!(kind, JoinKind::Inner | JoinKind::Right | JoinKind::Semi) {
            left_plan = filter(left_plan, shift(&planned, -1));
        } else if on_right
            && as_of.is_none()
            && matches!(kind, JoinKind::Inner | JoinKind::Left | JoinKind::Semi | JoinKind::Anti)
        {
            // (A condition on a versioned table's columns judges the version a row meets: it
            // cannot choose among the versions.)
            right_plan = filter(right_plan, shift(&planned, -(1 + left_width as isize)));
        } else if let Some((l, r)) = equi_key(&planned, &left_columns, &right_columns) {
            keys.push((shift(&l, -1), shift(&r, -(1 + left_width as isize))));
        } else if let Some(pairs) = null_safe_key(&planned, &left_columns, &right_columns) {
            keys.extend(pairs.into_iter().map(|(l, r)| (shift(&l, -1), shift(&r, -(1 + left_width as isize)))));
        } else {
            bounds.push((planned, condition));
        }
    }

    // Which join: KDA's windowed join, Flink's window, interval or regular join.
    let kda = windows.0.is_some() || windows.1.is_some();
    let window_pairs = window_keys(&left.scope.time, &right.scope.time, &keys);
    let time = if kda {
        residual.extend(bounds.into_iter().map(|(e, _)| e));
        JoinTime::Kda { left: windows.0, right: windows.1 }
    } else if let Some(left_time) = as_of {
        let attributes = &right.scope.time.attributes;
        let Some(right_time) = attributes.iter().copied().find(|&c| right.scope.time_attribute(c).is_some()) else {
            return plan_err!(position, "FOR SYSTEM_TIME AS OF joins a versioned table, which needs a WATERMARK");
        };
        if keys.is_empty() {
            return plan_err!(
                position,
                "FOR SYSTEM_TIME AS OF joins a versioned table on its PRIMARY KEY: ON l.k = r.k, as Flink requires"
            );
        }
        residual.extend(bounds.into_iter().map(|(e, _)| e));
        JoinTime::Temporal { left_time, right_time }
    } else if kind.filters() && !ctx.naming.fold {
        // A semi or anti join keeps both sides as a regular join does (Flink's is one).
        residual.extend(bounds.into_iter().map(|(e, _)| e));
        JoinTime::Regular
    } else if ctx.naming.fold {
        return plan_err!(
            position,
            "a join of two streams needs a window on at least one side, such as JOIN s OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS x"
        );
    } else if let Some((start_key, end_key)) = window_pairs {
        let left_end = left.scope.time.window.as_ref().and_then(|w| w.end).unwrap_or_default();
        let right_end = right.scope.time.window.as_ref().and_then(|w| w.end).unwrap_or_default();
        keys.remove(start_key.max(end_key));
        keys.remove(start_key.min(end_key));
        residual.extend(bounds.into_iter().map(|(e, _)| e));
        JoinTime::Window { left_end, right_end }
    } else {
        let attributes = (&left.scope.time.attributes, &right.scope.time.attributes);
        match interval_bounds(&bounds, attributes, left_width)? {
            Some((time, used)) => {
                residual.extend(bounds.into_iter().enumerate().filter(|(i, _)| !used.contains(i)).map(|(_, (e, _))| e));
                time
            }
            None => {
                residual.extend(bounds.into_iter().map(|(e, _)| e));
                JoinTime::Regular
            }
        }
    };
    if left.scope.time.watermark.is_none() && right.scope.time.watermark.is_none() && !kda && time != JoinTime::Regular
    {
        return plan_err!(position, "this join needs event-time attributes with watermarks on both sides");
    }

    // A temporal join reads a versioned view's changes as its versions.
    let versions = matches!(time, JoinTime::Temporal { .. }) && ops.0.is_none();
    if (ops.0.is_some() || ops.1.is_some()) && time != JoinTime::Regular && !versions {
        return plan_err!(
            position,
            "only a regular join takes an updating result ({UPDATING}): its rows have no time to bound a join by"
        );
    }
    // The output: the pair's columns, then `op` for a regular outer join (its NULL-padded
    // rows are retracted when a match comes) or a join of an updating result, then the
    // watermark.
    let updating = time == JoinTime::Regular && (kind.retracts() || ops.0.is_some() || ops.1.is_some());
    let mut fields: Vec<Field> = pair.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    let op = updating.then(|| {
        fields.push(Field::new(OP_COLUMN, DataType::Utf8, false));
        fields.len() - 1
    });
    let has_watermark = left.scope.time.watermark.is_some() || right.scope.time.watermark.is_some();
    let watermark = has_watermark.then(|| {
        fields.push(Field::new(WATERMARK_COLUMN, timestamp_type(), true));
        fields.len() - 1
    });
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let mut time_columns = pair.time.clone();
    time_columns.watermark = watermark;
    match &time {
        // A regular join's output has no time attribute (Flink materializes them) and no window.
        JoinTime::Regular => {
            time_columns.attributes.clear();
            time_columns.window = None;
        }
        // A window join keeps the window of the side that is never NULL.
        JoinTime::Window { .. } if kind == JoinKind::Right => {
            time_columns.window = right.scope.time.window.as_ref().map(|w| shifted_window(w, 1 + left_width));
        }
        JoinTime::Window { .. } if kind == JoinKind::Full => time_columns.window = None,
        // A temporal join's time is the left's: the versions' times are plain timestamps.
        JoinTime::Temporal { .. } => time_columns.attributes.retain(|&c| c <= left_width),
        _ => {}
    }
    let residual =
        residual.into_iter().reduce(|a, b| Expr::Binary { op: BinaryOp::And, left: Box::new(a), right: Box::new(b) });
    let plan = LogicalPlan::Join {
        left: Box::new(left_plan),
        right: Box::new(right_plan),
        kind,
        time,
        keys,
        residual,
        watermarks: (left.scope.time.watermark, right.scope.time.watermark),
        shared_watermark: left.scope.time.same_watermark(&right.scope.time),
        ops,
        schema: schema.clone(),
    };
    if kind.filters() {
        return Ok(left_rows(left.scope, plan, &schema, op, watermark));
    }
    let scope = Scope { schema, naming: ctx.naming, relations: pair.relations, time: time_columns, op };
    Ok(Input { scope, plan })
}

/// A semi or anti join's rows (`join`, of `schema`) as the left input's: its columns where
/// they were, the join's watermark for the left's, and `op` (the join's) where the left had
/// one, or last. Like a regular join's, the rows have no time attribute.
fn left_rows(left: Scope, join: LogicalPlan, schema: &SchemaRef, op: Option<usize>, watermark: Option<usize>) -> Input {
    let column = |index: usize| {
        let field = schema.field(index);
        Expr::Column { index, name: field.name().clone(), data_type: field.data_type().clone() }
    };
    let mut exprs = Vec::new();
    let mut fields = Vec::new();
    for (i, field) in left.schema.fields().iter().enumerate() {
        let source = match i {
            0 => 0,
            i if Some(i) == left.op => op.unwrap_or(1 + i),
            i if Some(i) == left.time.watermark => watermark.unwrap_or(1 + i),
            i => 1 + i,
        };
        exprs.push(column(source));
        fields.push(field.as_ref().clone().with_nullable(field.is_nullable() || i > 0));
    }
    let mut scope = left;
    if let (Some(op), None) = (op, scope.op) {
        exprs.push(column(op));
        fields.push(Field::new(OP_COLUMN, DataType::Utf8, false));
        scope.op = Some(fields.len() - 1);
    }
    scope.time.attributes.clear();
    scope.time.window = None;
    scope.schema = Arc::new(Schema::new(fields));
    let plan = LogicalPlan::Projection { input: Box::new(join), exprs, schema: scope.schema.clone() };
    Input { scope, plan }
}

/// A planned query as a relation `name` whose visible columns are named `columns`, in order
/// (`(…) AS name(columns…)`), for a condition the planner writes over it ([`column_of`]).
pub(crate) fn renamed_relation(select: Select, name: &str, columns: &[String], naming: Naming) -> Result<Input> {
    let quoted = |s: &str| ast::Ident::with_quote('"', s);
    let columns = columns.iter().map(|c| ast::TableAliasColumnDef { name: quoted(c), data_type: None }).collect();
    let alias = ast::TableAlias { explicit: true, name: quoted(name), columns, at: None };
    derived(select, name.to_string(), Some(&alias), naming)
}

/// Column `column` of relation `relation`, as a condition names it.
pub(crate) fn column_of(relation: &str, column: &str) -> ast::Expr {
    ast::Expr::CompoundIdentifier(vec![ast::Ident::with_quote('"', relation), ast::Ident::with_quote('"', column)])
}

/// WHERE's `x [NOT] IN (SELECT …)` and `[NOT] EXISTS (SELECT …)` conditions, as Flink plans
/// them: semi and anti joins of `input` with the subquery. The other conditions are returned.
pub(crate) fn subquery_joins<'q>(
    mut input: Input,
    conditions: Conditions<'q>,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<(Input, Conditions<'q>)> {
    let mut kept = Vec::new();
    for (n, condition) in conditions.into_iter().enumerate() {
        let at = span_position(condition.span()).or(position);
        let mut inner_ctx = ctx.clone();
        inner_ctx.rank = None;
        match condition {
            ast::Expr::In { expr, target: ast::InTarget::Subquery(subquery), negated, .. } => {
                if ctx.naming.fold {
                    return plan_err!(at, "IN (SELECT …) is not supported on KDA streams");
                }
                let select = super::query::plan_query(subquery, &inner_ctx)?;
                let visible = select.visible();
                if visible.len() != 1 {
                    return plan_err!(at, "IN (SELECT …) takes a query of one column, not {}", visible.len());
                }
                // Named apart from the outer query's columns, so that `x` reads the outer's.
                let (name, column) = (format!("$in{n}"), format!("in${n}"));
                let right = renamed_relation(select, &name, std::slice::from_ref(&column), ctx.naming)?;
                let value = column_of(&name, &column);
                let equal = ast::Expr::BinaryOp {
                    left: expr.clone(),
                    op: ast::BinaryOperator::Eq,
                    right: Box::new(value.clone()),
                };
                // NOT IN: no row passes beside a NULL, as SQL's three-valued logic has it.
                let on = if *negated {
                    let or = |l: ast::Expr, r: ast::Expr| ast::Expr::BinaryOp {
                        left: Box::new(l),
                        op: ast::BinaryOperator::Or,
                        right: Box::new(r),
                    };
                    or(or(ast::Expr::IsNull(expr.clone()), ast::Expr::IsNull(Box::new(value))), equal)
                } else {
                    equal
                };
                let kind = if *negated { JoinKind::Anti } else { JoinKind::Semi };
                input = join_inputs(input, right, kind, vec![&on], JoinHow::Plain, ctx, at)?;
            }
            ast::Expr::Exists { subquery, negated } => {
                if ctx.naming.fold {
                    return plan_err!(at, "EXISTS (SELECT …) is not supported on KDA streams");
                }
                let name = format!("$exists{n}");
                let (right, on) = correlated(subquery, &name, &input.scope, &inner_ctx, at)?;
                let kind = if *negated { JoinKind::Anti } else { JoinKind::Semi };
                input = join_inputs(input, right, kind, on.iter().collect(), JoinHow::Plain, ctx, at)?;
            }
            other => kept.push(other),
        }
    }
    Ok((input, kept))
}

/// The column that holds a subquery's value, in the relation [`value_relation`] names.
pub(crate) const VALUE_COLUMN: &str = "$value";

/// The columns after [`VALUE_COLUMN`] that hold a correlated subquery's keys, counted from 0.
pub(crate) fn key_column(i: usize) -> String {
    format!("key${i}")
}

/// The relation a subquery used as a value is joined as, named by its text (the same subquery
/// written twice is joined once).
pub(crate) fn value_relation(query: &ast::Query) -> String {
    format!("$({query})")
}

/// Subqueries used as values in `exprs` (WHERE's conditions, a select list), Flink's scalar
/// subqueries: each must give one row (an aggregate without GROUP BY), and is joined to
/// `input` as `LEFT JOIN (…) ON TRUE` (a correlated one, `LEFT JOIN` on its correlation's keys:
/// [`decorrelated`]), so that the expressions read its value: NULL while it has no row (a
/// correlated one, its value over no rows: [`empty_value`]). Its value changes as its rows
/// come, and the rows it joined are taken back and sent again: the result updates, as Flink's
/// does.
pub(crate) fn value_subqueries(
    mut input: Input,
    exprs: &[&ast::Expr],
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<Input> {
    let mut queries: Vec<(ast::Query, Option<Position>)> = Vec::new();
    for e in exprs {
        crate::sql::walk_outside_subqueries(e, &mut |e| {
            if let ast::Expr::Subquery(query) = e {
                queries.push((query.as_ref().clone(), span_position(query.span())));
            }
        });
    }
    for (query, at) in queries {
        let at = at.or(position);
        let name = value_relation(&query);
        if input.scope.relations.iter().any(|r| r.name == name) {
            continue;
        }
        if ctx.naming.fold {
            return plan_err!(at, "a subquery as a value, (SELECT …), is not supported on KDA streams");
        }
        if !one_row(&query) {
            return plan_err!(
                at,
                "a subquery as a value gives one row: an aggregate without GROUP BY, such as (SELECT MAX(price) FROM bid)"
            );
        }
        let mut inner_ctx = ctx.clone();
        inner_ctx.rank = None;
        let (query, outer_keys) = decorrelated(&query, &input.scope, ctx, at)?.unwrap_or((query, vec![]));
        let select = plan_query(&query, &inner_ctx).map_err(|e| {
            let why = e.message_alone();
            crate::error::Error::Plan {
                message: format!(
                    "a subquery as a value reads the outer query only in WHERE's inner = outer conditions: {why}"
                ),
                position: e.position().or(at),
            }
        })?;
        if select.visible().len() != 1 + outer_keys.len() {
            return plan_err!(
                at,
                "a subquery as a value selects one column, not {}",
                select.visible().len() - outer_keys.len()
            );
        }
        // Its value, then the keys it is grouped by, which match the outer query's.
        let keys: Vec<String> = (0..outer_keys.len()).map(key_column).collect();
        let columns: Vec<String> = std::iter::once(VALUE_COLUMN.to_string()).chain(keys.iter().cloned()).collect();
        let right = renamed_relation(select, &name, &columns, ctx.naming)?;
        let on: Vec<ast::Expr> = keys
            .iter()
            .zip(outer_keys)
            .map(|(key, outer)| ast::Expr::BinaryOp {
                left: Box::new(column_of(&name, key)),
                op: ast::BinaryOperator::Eq,
                right: Box::new(outer),
            })
            .collect();
        input = join_inputs(input, right, JoinKind::Left, on.iter().collect(), JoinHow::Plain, ctx, at)?;
    }
    Ok(input)
}

/// What a correlated subquery as a value is where no row matches the outer row's keys: its
/// value over no rows (`COUNT` 0, any other aggregate NULL), which the join cannot give (it
/// gives NULL), as Flink's decorrelation keeps it. None when that is NULL, as the join's is.
pub(crate) fn empty_value(query: &ast::Query) -> Option<ast::Expr> {
    let ast::SetExpr::Select(select) = query.body.as_ref() else { return None };
    let mut value = select.projection.first().and_then(super::query::select_expr)?.clone();
    let _ = crate::sql::walk_mut(&mut value, &mut |node| {
        if let crate::sql::NodeMut::Expr(e) = node {
            if let Ok(Some(_)) = super::expr::aggregate_call(e) {
                let counts = matches!(e, ast::Expr::Function(f) if function_name(f) == "COUNT");
                *e = ast::Expr::value(if counts { ast::Value::Number("0".into(), false) } else { ast::Value::Null });
            }
        }
        std::ops::ControlFlow::Continue(())
    });
    Some(value).filter(|v| !matches!(v, ast::Expr::Value(v) if v.value == ast::Value::Null))
}

/// Whether `query` gives one row whatever it reads: a SELECT of aggregates without GROUP BY.
fn one_row(query: &ast::Query) -> bool {
    let ast::SetExpr::Select(select) = query.body.as_ref() else { return false };
    let grouped = !matches!(&select.group_by, ast::GroupByExpr::Expressions(e, _) if e.is_empty());
    let aggregates = select.projection.iter().all(|item| match item {
        ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } => {
            super::expr::contains_aggregate(e)
        }
        _ => false,
    });
    !grouped && select.having.is_none() && aggregates && query.limit_clause.is_none() && query.fetch.is_none()
}

/// `EXISTS (SELECT … FROM … WHERE …)`'s query as a relation named `name`, and the conditions
/// that join it to the outer query's relations (`outer`): its WHERE's conditions that read the
/// outer query, each of its own columns there selected as a column of the relation. It may
/// join streams; with GROUP BY its conditions are `inner = outer`, and it is grouped by their
/// inner sides too, as Flink decorrelates it.
fn correlated(
    subquery: &ast::Query,
    name: &str,
    outer: &Scope,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<(Input, Vec<ast::Expr>)> {
    let ast::SetExpr::Select(select) = subquery.body.as_ref() else {
        return plan_err!(position, "EXISTS takes a SELECT");
    };
    if subquery.with.is_some() || subquery.order_by.is_some() || subquery.limit_clause.is_some() {
        return plan_err!(position, "EXISTS (SELECT …) takes no WITH, ORDER BY or LIMIT here");
    }
    let Some(own) = from_relations(select).map(|r| relation_name(r, ctx.naming)).collect::<Option<Vec<String>>>()
    else {
        return plan_err!(position, "EXISTS (SELECT …) reads streams or subqueries with an alias here");
    };
    let grouped = super::query::groups(select);
    let aggregates =
        select.projection.iter().filter_map(super::query::select_expr).any(super::expr::contains_aggregate);
    if aggregates && !grouped {
        return plan_err!(
            position,
            "EXISTS of an aggregate without GROUP BY always finds its one row: test the aggregate's value with a subquery as a value instead"
        );
    }
    let (on, rest) = split_where(select, &own, outer, ctx);
    // The subquery's own columns in the joining conditions, each selected once.
    let mut inner: Vec<ast::Expr> = Vec::new();
    let mut conditions = Vec::with_capacity(on.len());
    for condition in on {
        if grouped && inner_outer(condition, &own, outer, ctx).is_none() {
            return plan_err!(
                span_position(condition.span()).or(position),
                "EXISTS (SELECT … GROUP BY …) reads the outer query in conditions inner = outer only, not {condition}"
            );
        }
        let mut condition = condition.clone();
        let _ = crate::sql::walk_mut(&mut condition, &mut |node| {
            if let crate::sql::NodeMut::Expr(e) = node {
                let column = match &*e {
                    ast::Expr::Identifier(_) => true,
                    ast::Expr::CompoundIdentifier(parts) => parts[0].value != name && !reads_outer(e, &own, outer, ctx),
                    _ => false,
                };
                if column {
                    let i = inner.iter().position(|c| c == &*e).unwrap_or_else(|| {
                        inner.push(e.clone());
                        inner.len() - 1
                    });
                    *e = column_of(name, &format!("corr${i}"));
                }
            }
            std::ops::ControlFlow::Continue(())
        });
        conditions.push(condition);
    }
    let quoted = |s: &str| ast::Ident::with_quote('"', s);
    let mut projection: Vec<ast::SelectItem> = inner
        .iter()
        .enumerate()
        .map(|(i, e)| ast::SelectItem::ExprWithAlias { expr: e.clone(), alias: quoted(&format!("corr${i}")) })
        .collect();
    if projection.is_empty() {
        projection.push(ast::SelectItem::ExprWithAlias {
            expr: ast::Expr::value(ast::Value::Boolean(true)),
            alias: quoted("corr$0"),
        });
    }
    let mut group_by = select.group_by.clone();
    if let ast::GroupByExpr::Expressions(exprs, _) = &mut group_by {
        if grouped {
            exprs.extend(inner.iter().cloned());
        }
    }
    // Its rows are only counted: DISTINCT changes nothing.
    let body = ast::Select { projection, selection: rest, group_by, distinct: None, ..select.as_ref().clone() };
    let query = ast::Query { body: Box::new(ast::SetExpr::Select(Box::new(body))), ..subquery.clone() };
    let planned = super::query::plan_query(&query, ctx)?;
    Ok((derived(planned, name.to_string(), None, ctx.naming)?, conditions))
}

/// The name a subquery's one relation goes by: its alias, or its stream's name.
pub(crate) fn relation_name(relation: &ast::TableFactor, naming: Naming) -> Option<String> {
    match relation {
        ast::TableFactor::Table { alias: Some(a), .. } | ast::TableFactor::Derived { alias: Some(a), .. } => {
            Some(naming.name(&a.name))
        }
        ast::TableFactor::Table { name, .. } => match name.0.last() {
            Some(ast::ObjectNamePart::Identifier(id)) => Some(naming.name(id)),
            _ => Some(String::new()),
        },
        _ => None,
    }
}

/// A subquery's WHERE split in two: the conditions that read the outer query (which join it),
/// and the rest, joined by AND (which filter its own rows).
fn split_where<'q>(
    select: &'q ast::Select,
    own: &[String],
    outer: &Scope,
    ctx: &QueryContext,
) -> (Conditions<'q>, Option<ast::Expr>) {
    let (on, rest): (Conditions, Conditions) = select
        .selection
        .as_ref()
        .map(conjuncts)
        .unwrap_or_default()
        .into_iter()
        .partition(|c| reads_outer(c, own, outer, ctx));
    let rest = rest.into_iter().cloned().reduce(|a, b| ast::Expr::BinaryOp {
        left: Box::new(a),
        op: ast::BinaryOperator::And,
        right: Box::new(b),
    });
    (on, rest)
}

/// Whether a subquery's condition reads the outer query: it names one of the outer query's
/// relations (and not the subquery's own, `own`).
fn reads_outer(e: &ast::Expr, own: &[String], outer: &Scope, ctx: &QueryContext) -> bool {
    let mut outer_name = false;
    crate::sql::walk(e, &mut |node| {
        if let crate::sql::Node::Expr(ast::Expr::CompoundIdentifier(parts)) = node {
            if parts.len() > 1 && !own.contains(&ctx.naming.name(&parts[0])) && outer.is_relation(&parts[0]) {
                outer_name = true;
                return std::ops::ControlFlow::Break(());
            }
        }
        std::ops::ControlFlow::Continue(())
    });
    outer_name
}

/// A condition `inner = outer` of a subquery (relations `own`) on the outer query's relations:
/// its inner side and its outer side; None for any other condition.
fn inner_outer<'e>(
    condition: &'e ast::Expr,
    own: &[String],
    outer: &Scope,
    ctx: &QueryContext,
) -> Option<(&'e ast::Expr, &'e ast::Expr)> {
    let ast::Expr::BinaryOp { left, op: ast::BinaryOperator::Eq, right } = condition else { return None };
    match (reads_outer(left, own, outer, ctx), reads_outer(right, own, outer, ctx)) {
        (false, true) => Some((left, right)),
        (true, false) => Some((right, left)),
        _ => None,
    }
}

/// The relations a SELECT's FROM reads: each item's first and those it joins.
pub(crate) fn from_relations(select: &ast::Select) -> impl Iterator<Item = &ast::TableFactor> {
    select.from.iter().flat_map(|from| std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation)))
}

/// A subquery as a value whose WHERE reads the outer query in `inner = outer` conditions (a
/// correlated one), decorrelated as Flink does: its aggregate grouped by the inner sides, which
/// it selects after its value; and the outer sides, which the join matches them to. None when
/// it reads only its own rows.
fn decorrelated(
    query: &ast::Query,
    outer: &Scope,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<Option<(ast::Query, Vec<ast::Expr>)>> {
    let ast::SetExpr::Select(select) = query.body.as_ref() else { return Ok(None) };
    let [ast::TableWithJoins { relation, joins }] = select.from.as_slice() else { return Ok(None) };
    let Some(name) = relation_name(relation, ctx.naming).filter(|_| joins.is_empty()) else { return Ok(None) };
    let name = [name];
    let (on, own) = split_where(select, &name, outer, ctx);
    if on.is_empty() {
        return Ok(None);
    }
    // Its value where no row matches is computed beside the join (`empty_value`), from its
    // select list alone.
    let nested = select.projection.iter().any(|item| {
        let mut found = false;
        crate::sql::walk(item, &mut |node| {
            found |= matches!(node, crate::sql::Node::Query(_));
            std::ops::ControlFlow::Continue(())
        });
        found
    });
    if nested {
        return plan_err!(
            position,
            "a subquery as a value that reads the outer query cannot hold another subquery in its select list"
        );
    }
    let (mut inner_keys, mut outer_keys) = (Vec::new(), Vec::new());
    for condition in on {
        let Some((inner, outer_side)) = inner_outer(condition, &name, outer, ctx) else {
            return plan_err!(
                span_position(condition.span()).or(position),
                "a subquery as a value reads the outer query in conditions inner = outer only, not {condition}"
            );
        };
        inner_keys.push(inner.clone());
        outer_keys.push(outer_side.clone());
    }
    let mut inner = select.as_ref().clone();
    inner.projection.extend(inner_keys.iter().map(|k| ast::SelectItem::UnnamedExpr(k.clone())));
    inner.group_by = ast::GroupByExpr::Expressions(inner_keys, vec![]);
    inner.selection = own;
    Ok(Some((ast::Query { body: Box::new(ast::SetExpr::Select(Box::new(inner))), ..query.clone() }, outer_keys)))
}

fn shifted_window(w: &WindowColumns, by: usize) -> WindowColumns {
    WindowColumns {
        kind: w.kind.clone(),
        proctime: w.proctime,
        start: w.start.map(|c| c + by),
        end: w.end.map(|c| c + by),
        time: w.time.map(|c| c + by),
    }
}

/// When both sides carry the same window and the keys pair their `window_start`s and their
/// `window_end`s: the indices of those two keys.
fn window_keys(left: &TimeColumns, right: &TimeColumns, keys: &[(Expr, Expr)]) -> Option<(usize, usize)> {
    let (l, r) = (left.window.as_ref()?, right.window.as_ref()?);
    if l.kind != r.kind {
        return None;
    }
    let find = |a: Option<usize>, b: Option<usize>| {
        let (a, b) = (a?, b?);
        keys.iter().position(|(x, y)| {
            matches!((x, y), (Expr::Column { index: i, .. }, Expr::Column { index: j, .. }) if *i == a && *j == b)
        })
    };
    Some((find(l.start, r.start)?, find(l.end, r.end)?)).filter(|(s, e)| s != e)
}

/// Flink's interval join: exactly two bounds (or one equality) between the left's and the
/// right's event-time attributes, each a column plus or minus an interval. Returns the join's
/// time and which conditions it used.
fn interval_bounds(
    conditions: &[(Expr, &ast::Expr)],
    (left, right): (&Vec<usize>, &Vec<usize>),
    left_width: usize,
) -> Result<Option<(JoinTime, Vec<usize>)>> {
    // `column + offset` for a time attribute, with the offset in ms.
    fn attribute(e: &Expr) -> Option<(usize, i64)> {
        match e {
            Expr::Column { index, .. } => Some((*index, 0)),
            Expr::TimeShift { expr, millis } => attribute(expr).map(|(c, ms)| (c, ms + millis)),
            _ => None,
        }
    }
    let is_left = |c: usize| left.iter().any(|a| a + 1 == c);
    let is_right = |c: usize| right.iter().any(|a| a + 1 + left_width == c);
    /// A condition usable as a bound on left time - right time.
    struct Bound {
        condition: usize,
        lower: Option<i64>,
        upper: Option<i64>,
        columns: (usize, usize),
    }
    let mut found: Vec<Bound> = Vec::new();
    for (i, (condition, _)) in conditions.iter().enumerate() {
        let Expr::Binary { op, left: a, right: b } = condition else { continue };
        let (Some((ca, oa)), Some((cb, ob))) = (attribute(a), attribute(b)) else { continue };
        // Put the left side's attribute first: l + oa OP r + ob  ⇔  l - r OP ob - oa.
        let (op, columns, offset) = if is_left(ca) && is_right(cb) {
            (*op, (ca, cb), ob - oa)
        } else if is_right(ca) && is_left(cb) {
            let flipped = match op {
                BinaryOp::Lt => BinaryOp::Gt,
                BinaryOp::LtEq => BinaryOp::GtEq,
                BinaryOp::Gt => BinaryOp::Lt,
                BinaryOp::GtEq => BinaryOp::LtEq,
                other => *other,
            };
            (flipped, (cb, ca), oa - ob)
        } else {
            continue;
        };
        // Strict bounds are 1 ms inside, as Flink makes them.
        let (lower, upper) = match op {
            BinaryOp::Eq => (Some(offset), Some(offset)),
            BinaryOp::GtEq => (Some(offset), None),
            BinaryOp::Gt => (Some(offset + 1), None),
            BinaryOp::LtEq => (None, Some(offset)),
            BinaryOp::Lt => (None, Some(offset - 1)),
            _ => continue,
        };
        found.push(Bound { condition: i, lower, upper, columns });
    }
    // Exactly one equality, or exactly one lower and one upper bound, on the same two columns.
    let (lower, upper) = match found.as_slice() {
        [only] => (only.lower.filter(|_| only.upper.is_some()), only.upper.filter(|_| only.lower.is_some())),
        [a, b] if a.lower.is_some() != b.lower.is_some() && a.upper.is_some() != b.upper.is_some() => {
            (a.lower.or(b.lower), a.upper.or(b.upper))
        }
        _ => return Ok(None),
    };
    let (Some(lower), Some(upper)) = (lower, upper) else { return Ok(None) };
    if found.iter().any(|f| f.columns != found[0].columns) {
        return Ok(None);
    }
    let (l, r) = found[0].columns;
    let time = JoinTime::Interval { left_time: l - 1, right_time: r - 1 - left_width, lower, upper };
    Ok(Some((time, found.iter().map(|f| f.condition).collect())))
}

/// A nicer error for `a = b` whose sides cannot be compared: names both.
fn compare_error(condition: &ast::Expr, planner: &ExprPlanner) -> Option<crate::error::Error> {
    let ast::Expr::BinaryOp { left, right, .. } = condition else { return None };
    let (l, r) = (planner.plan(left).ok()?, planner.plan(right).ok()?);
    let type_of = |e: &Expr| crate::plan::types::sql_name(&e.data_type());
    Some(crate::error::Error::Plan {
        message: format!(
            "the join condition compares {l} ({}) with {r} ({}), which cannot be compared; CAST one of them",
            type_of(&l),
            type_of(&r)
        ),
        position: span_position(condition.span()),
    })
}

/// A comparison in a join condition between kinds of values that SQL does not compare without
/// a CAST (a number and text, a timestamp and a number), as Flink rejects it, rather than a
/// cast of one side on every row that sends the rows it cannot cast to `error_stream`.
fn incomparable(condition: &ast::Expr, planner: &ExprPlanner) -> Option<crate::error::Error> {
    use ast::BinaryOperator as Op;
    let ast::Expr::BinaryOp { left, op: Op::Eq | Op::NotEq | Op::Lt | Op::LtEq | Op::Gt | Op::GtEq, right } = condition
    else {
        return None;
    };
    fn kind(t: &DataType) -> Option<u8> {
        match t {
            t if t.is_numeric() => Some(0),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Some(1),
            DataType::Timestamp(..) | DataType::Date32 | DataType::Date64 => Some(2),
            DataType::Boolean => Some(3),
            _ => None,
        }
    }
    let (l, r) = (planner.plan(left).ok()?, planner.plan(right).ok()?);
    match (kind(&l.data_type()), kind(&r.data_type())) {
        (Some(a), Some(b)) if a != b => compare_error(condition, planner),
        _ => None,
    }
}

/// `a = b` with `a` reading only `left` columns and `b` only `right` ones (or the other way).
fn equi_key(condition: &Expr, left: &Range<usize>, right: &Range<usize>) -> Option<(Expr, Expr)> {
    let Expr::Binary { op: BinaryOp::Eq, left: a, right: b } = condition else { return None };
    let side = |e: &Expr| {
        let columns = columns_of(e);
        if columns.is_empty() {
            None
        } else if columns.iter().all(|c| left.contains(c)) {
            Some(true)
        } else if columns.iter().all(|c| right.contains(c)) {
            Some(false)
        } else {
            None
        }
    };
    match (side(a), side(b)) {
        (Some(true), Some(false)) => Some((a.as_ref().clone(), b.as_ref().clone())),
        (Some(false), Some(true)) => Some((b.as_ref().clone(), a.as_ref().clone())),
        _ => None,
    }
}

/// `a IS NOT DISTINCT FROM b` (planned as `COALESCE(a = b, a IS NULL AND b IS NULL)`) with `a`
/// of one side and `b` of the other, as two keys that are never NULL, so the join can look
/// rows up by them: whether each is NULL, and each with NULL as a fixed value of its type.
fn null_safe_key(condition: &Expr, left: &Range<usize>, right: &Range<usize>) -> Option<[(Expr, Expr); 2]> {
    let Expr::Call { func: ScalarFunction::Coalesce, args, .. } = condition else { return None };
    let [equal, Expr::Binary { op: BinaryOp::And, .. }] = args.as_slice() else { return None };
    let (a, b) = equi_key(equal, left, right)?;
    let data_type = a.data_type();
    let zero = match &data_type {
        DataType::Utf8 => Expr::Literal(ScalarValue::Utf8(String::new())),
        DataType::Boolean => Expr::Literal(ScalarValue::Boolean(false)),
        t if crate::plan::types::is_numeric(t) || matches!(t, DataType::Timestamp(..)) => {
            Expr::Literal(ScalarValue::Int64(0)).cast_to(t)
        }
        _ => return None,
    };
    let is_null = |e: &Expr| Expr::IsNull { expr: Box::new(e.clone()), negated: false };
    let or_zero = |e: &Expr| Expr::Call {
        func: ScalarFunction::Coalesce,
        args: vec![e.clone(), zero.clone()],
        data_type: data_type.clone(),
    };
    Some([(is_null(&a), is_null(&b)), (or_zero(&a), or_zero(&b))])
}

/// The parts of a planned condition joined by AND.
fn split_and(e: Expr) -> Vec<Expr> {
    match e {
        Expr::Binary { op: BinaryOp::And, left, right } => {
            let mut out = split_and(*left);
            out.extend(split_and(*right));
            out
        }
        other => vec![other],
    }
}

fn and(acc: Option<Expr>, e: Expr) -> Expr {
    match acc {
        Some(a) => Expr::Binary { op: BinaryOp::And, left: Box::new(a), right: Box::new(e) },
        None => e,
    }
}

fn filter(plan: LogicalPlan, predicate: Expr) -> LogicalPlan {
    LogicalPlan::Filter { input: Box::new(plan), predicate }
}

/// The columns an expression reads.
pub(crate) fn columns_of(e: &Expr) -> Vec<usize> {
    let mut out = Vec::new();
    fn walk(e: &Expr, out: &mut Vec<usize>) {
        if let Expr::Column { index, .. } = e {
            out.push(*index);
        }
        for child in e.children() {
            walk(child, out);
        }
    }
    walk(e, &mut out);
    out
}

/// The expression with its column indices moved by `by`.
pub(crate) fn shift(e: &Expr, by: isize) -> Expr {
    e.map_columns(&|index| (index as isize + by) as usize)
}

/// The parts of a condition joined by AND.
pub(crate) fn conjuncts(e: &ast::Expr) -> Vec<&ast::Expr> {
    match e {
        ast::Expr::BinaryOp { left, op: ast::BinaryOperator::And, right } => {
            let mut out = conjuncts(left);
            out.extend(conjuncts(right));
            out
        }
        ast::Expr::Nested(inner) => conjuncts(inner),
        other => vec![other],
    }
}

fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// `TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])`, `HOP(…, slide, size [, offset])`,
/// `CUMULATE(…, step, size [, offset])`, `SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), gap)`;
/// `t` a stream, view or CTE, or `(query)`.
fn plan_window_tvf(f: &ast::Function, ctx: &QueryContext) -> Result<Input> {
    let position = span_position(f.span());
    let name = function_name(f);
    let args = function_args(f);
    let usage = match name.as_str() {
        "TUMBLE" => "TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' MINUTES [, offset])",
        "HOP" => "HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])",
        "CUMULATE" => "CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])",
        "SESSION" => "SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), gap)",
        _ => return plan_err!(position, "{name} is not a window table function (TUMBLE, HOP, CUMULATE, SESSION)"),
    };
    let (Some(Some(ast::Expr::Function(table))), Some(Some(ast::Expr::Function(descriptor)))) =
        (args.first(), args.get(1))
    else {
        return plan_err!(position, "expected {usage}");
    };
    if function_name(table) != "TABLE" || function_name(descriptor) != "DESCRIPTOR" {
        return plan_err!(position, "expected {usage}");
    }
    let table_args = function_args(table);
    let input = match table_args.first() {
        Some(Some(ast::Expr::Identifier(ident))) => named_relation(ident, None, ctx)?,
        Some(Some(ast::Expr::CompoundIdentifier(parts))) => {
            let (ident, qualifiers) = parts.split_last().expect("a compound name has parts");
            let qualifiers: Vec<String> = qualifiers.iter().map(|q| q.value.clone()).collect();
            let name: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            in_default_database(&qualifiers, &name.join("."), position)?;
            named_relation(ident, None, ctx)?
        }
        Some(Some(ast::Expr::Subquery(query))) => derived(plan_query(query, ctx)?, String::new(), None, ctx.naming)?,
        _ => return plan_err!(position, "expected {usage}"),
    };
    let scope = input.scope;
    if scope.op.is_some() {
        return plan_err!(
            position,
            "a window TVF doesn't support consuming update changes, which its input produces ({UPDATING}): window the rows before they are aggregated"
        );
    }

    let time_arg = function_args(descriptor);
    let Some(Some(ast::Expr::Identifier(time_ident))) = time_arg.first() else {
        return plan_err!(position, "DESCRIPTOR takes the event-time column: DESCRIPTOR(ts)");
    };
    let Expr::Column { index: time_column, name: time_name, .. } = scope.column(None, time_ident)? else {
        return plan_err!(position, "DESCRIPTOR takes a column");
    };
    let proctime = scope.time.proctime.contains(&time_column);
    if scope.time_attribute(time_column).is_none() && !proctime {
        let table = scope.relations.first().map(|r| r.name.clone()).unwrap_or_default();
        return plan_err!(
            super::ident_position(time_ident),
            "window TVF needs a time attribute: \"{time_name}\" has no watermark; declare WATERMARK FOR {time_name} AS {time_name} - INTERVAL '1' SECOND in CREATE TABLE {table}"
        );
    };

    let mut intervals = Vec::new();
    for arg in args.iter().skip(2) {
        match arg {
            Some(ast::Expr::Interval(i)) => intervals.push(interval_millis_of(i, position, true)?),
            _ => return plan_err!(position, "expected {usage}; window sizes are INTERVALs"),
        }
    }
    let positive = |v: i64, what: &str| -> Result<i64> {
        if v > 0 {
            Ok(v)
        } else {
            plan_err!(position, "the {what} of {name} must be positive")
        }
    };
    let kind = match (name.as_str(), intervals.as_slice()) {
        ("TUMBLE", [size]) => TvfKind::Tumble { size: positive(*size, "size")?, offset: 0 },
        ("TUMBLE", [size, offset]) => TvfKind::Tumble { size: positive(*size, "size")?, offset: *offset },
        ("HOP", [slide, size]) | ("HOP", [slide, size, _]) => {
            let offset = intervals.get(2).copied().unwrap_or(0);
            TvfKind::Hop { slide: positive(*slide, "slide")?, size: positive(*size, "size")?, offset }
        }
        ("CUMULATE", [step, size]) | ("CUMULATE", [step, size, _]) => {
            let (step, size) = (positive(*step, "step")?, positive(*size, "size")?);
            if size % step != 0 {
                return plan_err!(position, "CUMULATE's size must be a whole number of steps");
            }
            TvfKind::Cumulate { step, size, offset: intervals.get(2).copied().unwrap_or(0) }
        }
        ("SESSION", [gap]) => {
            let planner = ExprPlanner::new(&scope);
            let partition = table_args.iter().skip(1).flatten().map(|e| planner.plan(e)).collect::<Result<Vec<_>>>()?;
            TvfKind::Session { gap: positive(*gap, "gap")?, partition }
        }
        _ => return plan_err!(position, "expected {usage}"),
    };
    if proctime && !matches!(kind, TvfKind::Tumble { offset: 0, .. }) {
        return plan_err!(position, "a window on processing time (PROCTIME()) is TUMBLE without an offset; use an event-time attribute for {name}");
    }

    let first = scope.schema.fields().len();
    let mut fields: Vec<Field> = scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    for column in WINDOW_COLUMNS {
        fields.push(Field::new(column, timestamp_type(), false));
    }
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let plan =
        LogicalPlan::WindowTvf { input: Box::new(input.plan), kind: kind.clone(), time_column, schema: schema.clone() };
    let mut relations = scope.relations.clone();
    for r in &mut relations {
        if r.columns.end == first {
            r.columns.end = schema.fields().len();
        }
    }
    let mut time = scope.time.clone();
    // window_time is a time attribute too (Flink's), with the same watermark.
    if !proctime {
        time.attributes.push(first + 2);
    }
    time.window =
        Some(WindowColumns { kind, proctime, start: Some(first), end: Some(first + 1), time: Some(first + 2) });
    Ok(Input { scope: Scope { schema, relations, time, ..scope }, plan })
}
