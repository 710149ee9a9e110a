//! Planning one SELECT: its FROM (a stream, or a window TVF over one), WHERE, GROUP BY with
//! its window, HAVING, and the select list.

use std::cell::RefCell;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef};
use sqlparser::ast::{self, Spanned};

use super::expr::{
    contains_aggregate, contains_over, first_words, function_args, function_name, interval_millis_of, span_position,
    ExprPlanner, SlidingWindows,
};
use super::{find_stream, Naming};
use crate::error::{Position, Result};
use crate::plan::types::timestamp_type;
use crate::plan::{
    AggregateExpr, ApplicationPlan, BinaryOp, Expr, JoinKind, LogicalPlan, StreamDef, TimeUnitKw, TumblingWindow,
    TvfKind, WatermarkSpec, WindowSize, WindowSpec, OP_COLUMN, ROWTIME, WATERMARK_COLUMN,
};
use crate::plan_err;

/// A planned SELECT: a projection whose first expression is the output ROWTIME.
pub(crate) struct Select {
    pub plan: LogicalPlan,
    /// The input's event-time attribute, when the SELECT passes it through unchanged: the
    /// output column (ROWTIME is column 0) and its watermark (as Flink propagates it).
    pub time_attribute: Option<WatermarkSpec>,
}

/// Names of the columns a window TVF adds.
pub(crate) const WINDOW_COLUMNS: [&str; 3] = ["window_start", "window_end", "window_time"];

/// A window TVF in FROM, before we know whether the query aggregates over it.
struct WindowTvf {
    kind: TvfKind,
    time_column: usize,
    watermark_column: usize,
    /// Index of `window_start` in the TVF's output (window_end and window_time follow).
    first_window_column: usize,
}

pub(crate) fn plan_query(query: &ast::Query, app: &ApplicationPlan, naming: Naming) -> Result<Select> {
    let position = span_position(query.span());
    if query.order_by.is_some() || query.limit_clause.is_some() {
        return plan_err!(position, "ORDER BY and LIMIT are not supported on streams");
    }
    let ast::SetExpr::Select(select) = query.body.as_ref() else {
        return plan_err!(
            position,
            "only a plain SELECT is supported here, not {}",
            first_words(&query.body.to_string())
        );
    };
    if select.from.len() != 1 || select.from[0].joins.len() > 1 {
        return plan_err!(position, "a SELECT reads one stream, joined to at most one reference table");
    }
    let legacy = super::legacy::rewrite(select)?;
    let select: &ast::Select = legacy.as_ref().unwrap_or(select);
    let (mut scope, mut plan, tvf) = plan_from(&select.from[0].relation, app, naming)?;
    if let Some(join) = select.from[0].joins.first() {
        if tvf.is_some() {
            return plan_err!(
                position,
                "a window TVF over a join is not supported yet; join in a pump, window in the next"
            );
        }
        (scope, plan) = plan_join(scope, plan, join, app, naming)?;
    }

    if let Some(predicate) = &select.selection {
        let predicate = ExprPlanner::new(&scope).plan(predicate)?;
        if predicate.data_type() != DataType::Boolean {
            return plan_err!(position, "WHERE needs a condition, not {predicate}");
        }
        plan = LogicalPlan::Filter { input: Box::new(plan), predicate };
    }

    let group_by = match &select.group_by {
        ast::GroupByExpr::Expressions(exprs, modifiers) if modifiers.is_empty() => exprs.clone(),
        _ => return plan_err!(position, "GROUP BY ALL, ROLLUP, CUBE and GROUPING SETS are not supported yet"),
    };
    let aggregating = !group_by.is_empty()
        || select.having.is_some()
        || select.projection.iter().any(|item| select_expr(item).is_some_and(contains_aggregate));
    let mut names = Vec::new();
    let mut exprs = Vec::new();
    if aggregating {
        let aggregation = RefCell::new(Aggregation::new(&scope, &group_by, tvf.as_ref(), naming, position)?);

        let planner = ExprPlanner::aggregating(&scope, &aggregation);
        for (i, item) in select.projection.iter().enumerate() {
            let (expr, name) = select_item(item, i, naming)?;
            exprs.push(planner.plan(expr)?);
            names.push(name);
        }
        let having = match &select.having {
            Some(h) => Some(planner.plan(h)?),
            None => None,
        };
        if aggregation.borrow().window == WindowSpec::Changelog {
            // An updating result: every output row says first what kind of change it is.
            let index = aggregation.borrow().op_column();
            exprs.insert(0, Expr::Column { index, name: OP_COLUMN.into(), data_type: DataType::Utf8 });
            names.insert(0, OP_COLUMN.to_string());
        }
        // The window TVF is folded into the aggregate: it assigns the windows itself.
        if tvf.is_some() {
            plan = without_tvf(plan)?;
        }
        plan = aggregation.into_inner().finish(plan);
        if let Some(predicate) = having {
            if predicate.data_type() != DataType::Boolean {
                return plan_err!(position, "HAVING needs a condition, not {predicate}");
            }
            plan = LogicalPlan::Filter { input: Box::new(plan), predicate };
        }
    } else if select.projection.iter().any(|item| select_expr(item).is_some_and(contains_over)) {
        let over =
            RefCell::new(SlidingWindows { named: select.named_window.clone(), windows: vec![], aggregates: vec![] });
        {
            let planner = ExprPlanner::sliding(&scope, &over);
            for (i, item) in select.projection.iter().enumerate() {
                let (expr, name) = select_item(item, i, naming)?;
                exprs.push(planner.plan(expr)?);
                names.push(name);
            }
        }
        let SlidingWindows { windows, aggregates, .. } = over.into_inner();
        if windows.iter().any(|w| w.event_time.is_some()) && windows.len() > 1 {
            return plan_err!(
                position,
                "OVER windows ordered by the event-time attribute must all be the same window in one SELECT, as in Flink"
            );
        }
        let mut fields: Vec<Field> = scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
        for (slot, (_, aggregate)) in aggregates.iter().enumerate() {
            fields.push(Field::new(format!("OVER${slot}"), aggregate.data_type(), true));
        }
        let schema = Arc::new(Schema::new(fields));
        plan = LogicalPlan::SlidingWindow { input: Box::new(plan), windows, aggregates, schema };
    } else {
        let planner = ExprPlanner::new(&scope);
        for (i, item) in select.projection.iter().enumerate() {
            if let ast::SelectItem::Wildcard(_) = item {
                for (index, field) in scope.schema.fields().iter().enumerate().skip(1) {
                    if field.name() == WATERMARK_COLUMN {
                        continue;
                    }
                    exprs.push(Expr::Column {
                        index,
                        name: field.name().clone(),
                        data_type: field.data_type().clone(),
                    });
                    names.push(field.name().clone());
                }
                continue;
            }
            let (expr, name) = select_item(item, i, naming)?;
            exprs.push(planner.plan(expr)?);
            names.push(name);
        }
    }
    // `SELECT STREAM ROWTIME, …` names the row's own ROWTIME, which every output has already.
    let mut i = 0;
    while i < exprs.len() {
        if names[i] == ROWTIME && matches!(exprs[i], Expr::Column { index: 0, .. }) {
            exprs.remove(i);
            names.remove(i);
        } else {
            i += 1;
        }
    }
    exprs.insert(0, Expr::Column { index: 0, name: ROWTIME.into(), data_type: timestamp_type() });
    names.insert(0, ROWTIME.to_string());
    let delay = app.stream(&scope.stream).and_then(|s| s.watermark()).map(|w| w.delay_ms);
    let time_attribute = match (scope.time_attribute, delay) {
        (Some((time, _)), Some(delay_ms)) if !aggregating && tvf.is_none() => exprs
            .iter()
            .position(|e| matches!(e, Expr::Column { index, .. } if *index == time))
            .filter(|column| *column > 0)
            .map(|column| WatermarkSpec { column, delay_ms }),
        _ => None,
    };
    let fields: Vec<Field> =
        names.iter().zip(&exprs).enumerate().map(|(i, (n, e))| Field::new(n, e.data_type(), i > 0)).collect();
    let plan = LogicalPlan::Projection { input: Box::new(plan), exprs, schema: Arc::new(Schema::new(fields)) };
    Ok(Select { plan, time_attribute })
}

/// The FROM clause: a stream (with its alias), or `TABLE(TUMBLE|HOP|CUMULATE|SESSION(…))`.
fn plan_from(
    relation: &ast::TableFactor,
    app: &ApplicationPlan,
    naming: Naming,
) -> Result<(Scope, LogicalPlan, Option<WindowTvf>)> {
    match relation {
        ast::TableFactor::Table { name, alias, .. } => {
            let Some(ast::ObjectNamePart::Identifier(ident)) = name.0.last() else {
                return plan_err!(span_position(relation.span()), "cannot read from {name}");
            };
            let stream = stream(app, ident, naming)?;
            let scope = Scope::of(stream, alias.as_ref().map(|a| naming.name(&a.name)), naming);
            let plan = LogicalPlan::Scan { stream: stream.name.clone(), schema: scope.schema.clone() };
            Ok((scope, plan, None))
        }
        ast::TableFactor::TableFunction { expr: ast::Expr::Function(f), alias } => {
            let (scope, plan, tvf) = plan_window_tvf(f, app, naming)?;
            let scope = Scope { alias: alias.as_ref().map(|a| naming.name(&a.name)), ..scope };
            Ok((scope, plan, Some(tvf)))
        }
        other => plan_err!(span_position(other.span()), "cannot read from {other}"),
    }
}

/// `stream [AS s] [LEFT [OUTER]] JOIN table [AS t] ON …`: a stream joined to a reference
/// table. The equalities between a stream expression and a table expression in the ON
/// condition are the lookup keys; the rest is checked on each pair.
fn plan_join(
    scope: Scope,
    input: LogicalPlan,
    join: &ast::Join,
    app: &ApplicationPlan,
    naming: Naming,
) -> Result<(Scope, LogicalPlan)> {
    let position = span_position(join.span());
    let (kind, constraint) = match &join.join_operator {
        ast::JoinOperator::Join(c) | ast::JoinOperator::Inner(c) => (JoinKind::Inner, c),
        ast::JoinOperator::Left(c) | ast::JoinOperator::LeftOuter(c) => (JoinKind::Left, c),
        _ => return plan_err!(position, "a stream joins a reference table with JOIN or LEFT JOIN only"),
    };
    let ast::TableFactor::Table { name, alias, .. } = &join.relation else {
        return plan_err!(position, "a stream can join a reference table, not {}", join.relation);
    };
    let Some(ast::ObjectNamePart::Identifier(ident)) = name.0.last() else {
        return plan_err!(position, "cannot join {name}");
    };
    let wanted = naming.name(ident);
    let found = app.tables.iter().find(|t| t.name == wanted).or_else(|| {
        let mut loose = app.tables.iter().filter(|t| !naming.fold && t.name.eq_ignore_ascii_case(&wanted));
        loose.next().filter(|_| loose.next().is_none())
    });
    let Some(table) = found else {
        let message = if find_stream(app, ident, naming).is_some() {
            format!("\"{wanted}\" is a stream: joining two streams is not supported yet; a stream can join a reference table")
        } else {
            format!("reference table \"{wanted}\" does not exist (bind a file to it: --reference {wanted}=FILE.csv)")
        };
        return plan_err!(super::ident_position(ident), "{message}");
    };
    let ast::JoinConstraint::On(on) = constraint else {
        return plan_err!(position, "a join to a reference table needs ON with the keys to match");
    };
    let first = scope.schema.fields().len();
    let mut fields: Vec<Field> = scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.extend(table.rows.schema().fields().iter().map(|f| f.as_ref().clone().with_nullable(true)));
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let joined = JoinedTable { name: table.name.clone(), alias: alias.as_ref().map(|a| naming.name(&a.name)), first };
    let scope = Scope { schema: schema.clone(), joined: Some(joined), ..scope };

    let planner = ExprPlanner::new(&scope);
    let (mut keys, mut residual) = (Vec::new(), None);
    for conjunct in conjuncts(on) {
        let condition = planner.plan(conjunct)?;
        if condition.data_type() != DataType::Boolean {
            return plan_err!(span_position(conjunct.span()), "ON needs a condition, not {condition}");
        }
        match lookup_key(&condition, first) {
            Some(key) => keys.push(key),
            None => {
                residual = Some(match residual {
                    Some(r) => Expr::Binary { op: BinaryOp::And, left: Box::new(r), right: Box::new(condition) },
                    None => condition,
                })
            }
        }
    }
    if keys.is_empty() {
        return plan_err!(
            span_position(on.span()),
            "the ON condition must match a value of the stream to a column of reference table \"{}\" with =",
            table.name
        );
    }
    let plan = LogicalPlan::LookupJoin { input: Box::new(input), table: table.clone(), kind, keys, residual, schema };
    Ok((scope, plan))
}

/// The parts of a condition joined by AND.
fn conjuncts(e: &ast::Expr) -> Vec<&ast::Expr> {
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

/// `a = b` where one side reads only the stream's columns (before `first`) and the other
/// only the table's: the pair (stream side, table side).
fn lookup_key(condition: &Expr, first: usize) -> Option<(Expr, Expr)> {
    let Expr::Binary { op: BinaryOp::Eq, left, right } = condition else { return None };
    let side = |e: &Expr| {
        let mut columns = Vec::new();
        column_indices(e, &mut columns);
        match (columns.iter().all(|c| *c < first), columns.iter().all(|c| *c >= first)) {
            _ if columns.is_empty() => None,
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    };
    match (side(left), side(right)) {
        (Some(true), Some(false)) => Some((left.as_ref().clone(), right.as_ref().clone())),
        (Some(false), Some(true)) => Some((right.as_ref().clone(), left.as_ref().clone())),
        _ => None,
    }
}

fn column_indices(e: &Expr, out: &mut Vec<usize>) {
    if let Expr::Column { index, .. } = e {
        out.push(*index);
    }
    for child in e.children() {
        column_indices(child, out);
    }
}

fn stream<'a>(app: &'a ApplicationPlan, ident: &ast::Ident, naming: Naming) -> Result<&'a StreamDef> {
    let name = naming.name(ident);
    if app.stream(&name).is_none() && app.tables.iter().any(|t| t.name == name) {
        return plan_err!(
            super::ident_position(ident),
            "\"{name}\" is a reference table: a query reads a stream and joins the table to it (FROM s JOIN \"{name}\" AS t ON …)"
        );
    }
    find_stream(app, ident, naming).ok_or_else(|| {
        let known: Vec<String> = app.streams.iter().map(|s| format!("\"{}\"", s.name)).collect();
        crate::error::Error::Plan {
            message: format!(
                "stream \"{}\" does not exist (known streams: {})",
                naming.name(ident),
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ),
            position: super::ident_position(ident),
        }
    })
}

/// `TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])`, `HOP(…, slide, size [, offset])`,
/// `CUMULATE(…, step, size [, offset])`, `SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), gap)`.
fn plan_window_tvf(
    f: &ast::Function,
    app: &ApplicationPlan,
    naming: Naming,
) -> Result<(Scope, LogicalPlan, WindowTvf)> {
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
    let Some(Some(ast::Expr::Identifier(table_name))) = table_args.first() else {
        return plan_err!(position, "expected {usage}");
    };
    let stream = stream(app, table_name, naming)?;
    let scope = Scope::of(stream, None, naming);

    let time_arg = function_args(descriptor);
    let Some(Some(ast::Expr::Identifier(time_ident))) = time_arg.first() else {
        return plan_err!(position, "DESCRIPTOR takes the event-time column: DESCRIPTOR(ts)");
    };
    let Expr::Column { index: time_column, name: time_name, .. } = scope.column(None, time_ident)? else {
        return plan_err!(position, "DESCRIPTOR takes a column");
    };
    if stream.watermark().is_none_or(|w| w.column != time_column) {
        return plan_err!(
            super::ident_position(time_ident),
            "window TVF needs a time attribute: \"{time_name}\" has no watermark; declare WATERMARK FOR {time_name} AS {time_name} - INTERVAL '1' SECOND in CREATE TABLE {}",
            stream.name
        );
    }
    let watermark_column = scope.schema.index_of(WATERMARK_COLUMN)?;

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

    let first_window_column = scope.schema.fields().len();
    let mut fields: Vec<Field> = scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    for column in WINDOW_COLUMNS {
        fields.push(Field::new(column, timestamp_type(), false));
    }
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let plan = LogicalPlan::WindowTvf {
        input: Box::new(LogicalPlan::Scan { stream: stream.name.clone(), schema: scope.schema.clone() }),
        kind: kind.clone(),
        time_column,
        schema: schema.clone(),
    };
    let tvf = WindowTvf { kind, time_column, watermark_column, first_window_column };
    Ok((Scope { schema, ..scope }, plan, tvf))
}

/// The TVF's input, with any filter kept on top of it (filters see the same column indices).
fn without_tvf(plan: LogicalPlan) -> Result<LogicalPlan> {
    match plan {
        LogicalPlan::WindowTvf { input, .. } => Ok(*input),
        LogicalPlan::Filter { input, predicate } => {
            if references_at_or_after(&predicate, first_window_index(&input)) {
                return plan_err!(
                    None,
                    "a WHERE on window_start, window_end or window_time is not supported with an aggregate; use HAVING"
                );
            }
            Ok(LogicalPlan::Filter { input: Box::new(without_tvf(*input)?), predicate })
        }
        other => Ok(other),
    }
}

fn first_window_index(plan: &LogicalPlan) -> usize {
    plan.schema().fields().len() - WINDOW_COLUMNS.len()
}

fn references_at_or_after(e: &Expr, index: usize) -> bool {
    match e {
        Expr::Column { index: i, .. } => *i >= index,
        other => other.children().into_iter().any(|c| references_at_or_after(c, index)),
    }
}

fn select_expr(item: &ast::SelectItem) -> Option<&ast::Expr> {
    match item {
        ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } => Some(e),
        _ => None,
    }
}

/// A select item's expression and output name (`EXPR$n` when it has none).
fn select_item(item: &ast::SelectItem, index: usize, naming: Naming) -> Result<(&ast::Expr, String)> {
    match item {
        ast::SelectItem::ExprWithAlias { expr, alias } => Ok((expr, naming.name(alias))),
        ast::SelectItem::UnnamedExpr(expr) => {
            let name = match expr {
                ast::Expr::Identifier(id) => naming.name(id),
                ast::Expr::CompoundIdentifier(ids) => ids.last().map(|id| naming.name(id)).unwrap_or_default(),
                _ => format!("EXPR${index}"),
            };
            Ok((expr, name))
        }
        other => plan_err!(span_position(other.span()), "{other} is not supported in an aggregate query"),
    }
}

/// The columns an expression can see: one stream (or TVF), by its name or its alias, and a
/// reference table joined to it, whose columns follow the stream's.
#[derive(Clone)]
pub(crate) struct Scope {
    pub stream: String,
    pub alias: Option<String>,
    pub schema: SchemaRef,
    pub naming: Naming,
    /// The event-time column and the watermark column, for a table with a watermark.
    pub time_attribute: Option<(usize, usize)>,
    pub joined: Option<JoinedTable>,
}

/// A reference table in a scope: its name, its alias, and its first column.
#[derive(Clone)]
pub(crate) struct JoinedTable {
    pub name: String,
    pub alias: Option<String>,
    pub first: usize,
}

impl Scope {
    /// The columns sources provide for `stream`: what its computed columns are computed from.
    pub fn over(stream: &StreamDef, naming: Naming) -> Scope {
        Scope {
            stream: stream.name.clone(),
            alias: None,
            schema: stream.source_schema(),
            naming,
            time_attribute: None,
            joined: None,
        }
    }

    fn of(stream: &StreamDef, alias: Option<String>, naming: Naming) -> Scope {
        let schema = stream.batch_schema();
        let time_attribute = stream.watermark().and_then(|w| Some((w.column, schema.index_of(WATERMARK_COLUMN).ok()?)));
        Scope { stream: stream.name.clone(), alias, schema, naming, time_attribute, joined: None }
    }

    /// Whether `ident` names the stream or the joined table (or an alias of either).
    pub fn is_relation(&self, ident: &ast::Ident) -> bool {
        let name = self.naming.name(ident);
        self.names(&name, &self.stream, &self.alias)
            || self.joined.as_ref().is_some_and(|t| self.names(&name, &t.name, &t.alias))
    }

    /// Whether `name` names `relation` (or is its alias).
    fn names(&self, name: &str, relation: &str, alias: &Option<String>) -> bool {
        name == relation || (!self.naming.fold && name.eq_ignore_ascii_case(relation)) || alias.as_deref() == Some(name)
    }

    pub fn column(&self, qualifier: Option<&ast::Ident>, ident: &ast::Ident) -> Result<Expr> {
        let fields = self.schema.fields();
        let split = self.joined.as_ref().map_or(fields.len(), |t| t.first);
        let mut ranges = vec![(0..split, self.stream.as_str())];
        if let Some(t) = &self.joined {
            ranges.push((split..fields.len(), t.name.as_str()));
        }
        if let Some(q) = qualifier {
            let q = self.naming.name(q);
            let joined = self.joined.as_ref().filter(|t| self.names(&q, &t.name, &t.alias));
            match (self.names(&q, &self.stream, &self.alias), joined) {
                (true, _) => ranges.truncate(1),
                (false, Some(_)) => {
                    ranges.remove(0);
                }
                (false, None) => {
                    let from: Vec<String> = ranges.iter().map(|(_, name)| format!("\"{name}\"")).collect();
                    return plan_err!(
                        super::ident_position(ident),
                        "\"{q}\" is not in this query's FROM clause (that has {})",
                        from.join(" and ")
                    );
                }
            }
        }
        let name = self.naming.name(ident);
        let visible = |i: &usize| fields[*i].name() != WATERMARK_COLUMN;
        // Flink names are exact, but a name that differs only in case from one column is taken.
        let find =
            |exact: bool| -> Vec<(usize, &str)> {
                ranges
                    .iter()
                    .flat_map(|(range, relation)| range.clone().filter(visible).map(move |i| (i, *relation)))
                    .filter(|(i, _)| {
                        if exact {
                            fields[*i].name() == &name
                        } else {
                            fields[*i].name().eq_ignore_ascii_case(&name)
                        }
                    })
                    .collect()
            };
        let mut found = find(true);
        if found.is_empty() && !self.naming.fold {
            found = find(false);
        }
        match found.as_slice() {
            [(index, _)] => Ok(Expr::Column {
                index: *index,
                name: fields[*index].name().clone(),
                data_type: fields[*index].data_type().clone(),
            }),
            [(_, a), (_, b), ..] if a != b => plan_err!(
                super::ident_position(ident),
                "column \"{name}\" is in both \"{a}\" and \"{b}\"; qualify it (\"{a}\".\"{name}\")"
            ),
            [..] if !found.is_empty() => plan_err!(super::ident_position(ident), "column \"{name}\" is ambiguous"),
            _ => {
                let hint = fields
                    .iter()
                    .find(|f| f.name().eq_ignore_ascii_case(&name))
                    .map(|f| format!("; did you mean \"{}\"? (unquoted names fold to upper case)", f.name()))
                    .unwrap_or_default();
                let relations: Vec<String> = ranges.iter().map(|(_, name)| format!("\"{name}\"")).collect();
                let what = if relations.len() == 1 { "stream" } else { "neither" };
                let relations = relations.join(" nor ");
                plan_err!(super::ident_position(ident), "{what} {relations} has no column \"{name}\"{hint}")
            }
        }
    }
}

/// The fixed columns at the start of a window aggregate's output.
pub(crate) const AGG_FIXED: [&str; 4] = [ROWTIME, "WINDOW_START", "WINDOW_END", "WINDOW_TIME"];

/// State of an aggregate query while its select list is planned.
pub(crate) struct Aggregation {
    pub window: WindowSpec,
    /// Input columns that stand for the window's start, end and time (a TVF's columns).
    window_columns: Vec<(usize, usize)>,
    pub group_exprs: Vec<Expr>,
    pub aggregates: Vec<AggregateExpr>,
}

impl Aggregation {
    fn new(
        input: &Scope,
        group_by: &[ast::Expr],
        tvf: Option<&WindowTvf>,
        naming: Naming,
        position: Option<Position>,
    ) -> Result<Aggregation> {
        let planner = ExprPlanner::new(input);
        let mut kda_window = None;
        let mut window_columns = Vec::new();
        let mut group_exprs = Vec::new();
        if let [ast::Expr::Function(f)] = group_by {
            if function_name(f) == "STAGGER" {
                let args = function_args(f);
                let Some(Some(ast::Expr::Interval(range))) = args.first() else {
                    return plan_err!(position, "STAGGER needs RANGE INTERVAL 'n' unit");
                };
                let range_ms = interval_millis_of(range, position, false)?;
                if range_ms <= 0 {
                    return plan_err!(position, "a stagger window's range must be positive");
                }
                for key in args.iter().skip(1).flatten() {
                    group_exprs.push(planner.plan(key)?);
                }
                return Ok(Aggregation {
                    window: WindowSpec::Stagger { range_ms },
                    window_columns: vec![],
                    group_exprs,
                    aggregates: vec![],
                });
            }
        }
        for e in group_by {
            let planned = planner.plan(e)?;
            if let (Some(tvf), Expr::Column { index, .. }) = (tvf, &planned) {
                if (tvf.first_window_column..tvf.first_window_column + 3).contains(index) {
                    window_columns.push((*index, 1 + index - tvf.first_window_column));
                    continue;
                }
            }
            match tumbling_window(&planned) {
                Some(w) if kda_window.is_none() && tvf.is_none() => kda_window = Some(w),
                Some(_) => {
                    return plan_err!(span_position(e.span()), "more than one window in GROUP BY is not supported yet")
                }
                None => group_exprs.push(planned),
            }
        }
        let window = match (tvf, kda_window) {
            (Some(tvf), _) => {
                let grouped = |slot: usize| window_columns.iter().any(|(_, s)| *s == slot);
                if !(grouped(1) && grouped(2)) {
                    return plan_err!(position, "an aggregate over a window TVF must GROUP BY window_start, window_end");
                }
                WindowSpec::EventTime { kind: tvf.kind.clone(), time_column: tvf.time_column, watermark_column: tvf.watermark_column }
            }
            (None, Some(w)) => WindowSpec::Kda(w),
            // Flink: a GROUP BY without a window is an updating result.
            (None, None) if !naming.fold => WindowSpec::Changelog,
            (None, None) => {
                return plan_err!(
                    position,
                    "an aggregate on a stream needs a window in GROUP BY, such as STEP(s.ROWTIME BY INTERVAL '60' SECOND) or FLOOR(s.ROWTIME TO MINUTE), or a window TVF"
                )
            }
        };
        if let WindowSpec::EventTime { kind: TvfKind::Session { partition, .. }, .. } = &window {
            if let Some(missing) = partition.iter().find(|p| !group_exprs.contains(p)) {
                return plan_err!(position, "a SESSION window partitioned by {missing} must GROUP BY {missing} too");
            }
        }
        Ok(Aggregation { window, window_columns, group_exprs, aggregates: vec![] })
    }

    /// Index in the aggregate's output of a grouped expression, if `e` is one.
    pub fn grouped(&self, e: &Expr) -> Option<usize> {
        if let WindowSpec::Kda(w) = &self.window {
            if e == &w.start {
                return Some(1);
            }
        }
        if let Expr::Column { index, .. } = e {
            if let Some((_, slot)) = self.window_columns.iter().find(|(i, _)| i == index) {
                return Some(*slot);
            }
        }
        self.group_exprs.iter().position(|g| g == e).map(|i| AGG_FIXED.len() + i)
    }

    pub fn output_field(&self, index: usize) -> (String, DataType) {
        let keys = self.group_exprs.len();
        let fixed = AGG_FIXED.len();
        match index {
            i if i < fixed => (AGG_FIXED[i].to_string(), timestamp_type()),
            i if i < fixed + keys => (format!("KEY${}", i - fixed), self.group_exprs[i - fixed].data_type()),
            i => (format!("AGG${}", i - fixed - keys), self.aggregates[i - fixed - keys].data_type()),
        }
    }

    /// Where a changelog aggregate puts its `op` column: after the aggregates.
    pub fn op_column(&self) -> usize {
        AGG_FIXED.len() + self.group_exprs.len() + self.aggregates.len()
    }

    fn finish(self, input: LogicalPlan) -> LogicalPlan {
        let total = AGG_FIXED.len() + self.group_exprs.len() + self.aggregates.len();
        let mut fields: Vec<Field> = (0..total)
            .map(|i| {
                let (name, t) = self.output_field(i);
                Field::new(name, t, i > 0)
            })
            .collect();
        if self.window == WindowSpec::Changelog {
            fields.push(Field::new(OP_COLUMN, DataType::Utf8, false));
        }
        LogicalPlan::WindowAggregate {
            input: Box::new(input),
            window: self.window,
            group_exprs: self.group_exprs,
            aggregates: self.aggregates,
            schema: Arc::new(Schema::new(fields)),
        }
    }
}

/// A tumbling window on ROWTIME, if `e` is `STEP(ROWTIME BY …)` or `FLOOR(ROWTIME TO unit)`.
fn tumbling_window(e: &Expr) -> Option<TumblingWindow> {
    let on_rowtime = |inner: &Expr| matches!(inner, Expr::Column { index: 0, name, .. } if name == ROWTIME);
    let size = match e {
        Expr::Step { expr, interval_ms } if on_rowtime(expr) => WindowSize::Millis(*interval_ms),
        Expr::FloorTime { expr, unit } if on_rowtime(expr) => match (unit.millis(), unit) {
            (Some(ms), _) => WindowSize::Millis(ms),
            (None, TimeUnitKw::Year) => WindowSize::Months(12),
            (None, _) => WindowSize::Months(1),
        },
        _ => return None,
    };
    Some(TumblingWindow { start: e.clone(), size })
}
