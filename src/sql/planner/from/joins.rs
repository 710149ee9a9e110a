//! Two inputs joined: the pair's columns side by side, each condition sorted (pushed below the
//! join, a key, a time bound, or checked on each pair) and the join it makes (KDA's windowed,
//! Flink's window, interval, temporal or regular join); and a stream joined to a reference table.

use std::ops::Range;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef};
use sqlparser::ast::{self, Spanned};

use super::relations::unsupported_modifiers;
use super::{and, columns_of, conjuncts, filter, shift, split_and, Conditions, Input};
use crate::error::{Position, Result};
use crate::plan::types::timestamp_type;
use crate::plan::{
    BinaryOp, Expr, JoinKind, JoinTime, KdaJoinWindow, LogicalPlan, ReferenceTable, ScalarFunction, ScalarValue,
    OP_COLUMN, ROWTIME, SIDE_OP, SIDE_ROWTIME, SIDE_WATERMARK, WATERMARK_COLUMN,
};
use crate::plan_err;
use crate::sql::planner::ast_util::span_position;
use crate::sql::planner::expr::ExprPlanner;
use crate::sql::planner::query::QueryContext;
use crate::sql::planner::scope::{Relation, Scope, TimeColumns, WindowColumns, UPDATING};
use crate::sql::planner::Naming;

/// `stream [AS s] [LEFT] JOIN table [FOR SYSTEM_TIME AS OF s.t] [AS t] ON …`: a stream joined to
/// a reference table. The equalities between a stream expression and a table expression in the
/// ON condition are the lookup keys; the rest is checked on each pair.
pub(super) fn lookup_join(
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
/// columns, the right's (each side's own `ROWTIME`, watermark and, on an updating side, row
/// kind as hidden columns; a column of the data that happens to be named `op` stays as it is).
pub(super) fn pair_scope(left: &Scope, right: &Scope, naming: Naming) -> Scope {
    let hide = |side: &Scope, i: usize, f: &Field| -> Field {
        let f = f.clone().with_nullable(true);
        if i == 0 {
            f.with_name(SIDE_ROWTIME)
        } else if f.name() == WATERMARK_COLUMN {
            f.with_name(SIDE_WATERMARK)
        } else if side.op == Some(i) {
            f.with_name(SIDE_OP)
        } else {
            f
        }
    };
    let mut fields = vec![Field::new(ROWTIME, timestamp_type(), false)];
    fields.extend(left.schema.fields().iter().enumerate().map(|(i, f)| hide(left, i, f)));
    let offset = 1 + left.schema.fields().len();
    fields.extend(right.schema.fields().iter().enumerate().map(|(i, f)| hide(right, i, f)));
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
        state_ttl: [ctx.hinted_ttl(&left.scope), ctx.hinted_ttl(&right.scope)],
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
    let column = |index: usize| Expr::column_of(index, schema.field(index));
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
