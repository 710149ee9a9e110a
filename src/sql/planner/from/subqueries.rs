//! Subqueries as joins, as Flink plans them: WHERE's `[NOT] IN (SELECT …)` and `[NOT] EXISTS
//! (SELECT …)` as semi and anti joins, a subquery used as a value as a `LEFT JOIN` of its one row
//! (a correlated one decorrelated: grouped by and joined on its `inner = outer` keys).

use sqlparser::ast::{self, Spanned};

use super::joins::{join_inputs, JoinHow};
use super::relations::{column_of, derived, renamed_relation};
use super::{conjuncts, Conditions, Input};
use crate::error::{Position, Result};
use crate::plan::JoinKind;
use crate::plan_err;
use crate::sql::planner::ast_util::{function_name, quoted, span_position};
use crate::sql::planner::query::{plan_query, QueryContext};
use crate::sql::planner::scope::Scope;
use crate::sql::planner::Naming;

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
        let inner_ctx = ctx.without_rank();
        match condition {
            ast::Expr::In { expr, target: ast::InTarget::Subquery(subquery), negated, .. } => {
                if ctx.naming.fold {
                    return plan_err!(at, "IN (SELECT …) is not supported on KDA streams");
                }
                let select = crate::sql::planner::query::plan_query(subquery, &inner_ctx)?;
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
        let inner_ctx = ctx.without_rank();
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
    let mut value = select.projection.first().and_then(crate::sql::planner::query::select_expr)?.clone();
    let _ = crate::sql::walk_mut(&mut value, &mut |node| {
        if let crate::sql::NodeMut::Expr(e) = node {
            if let Ok(Some(_)) = crate::sql::planner::aggregate_calls::aggregate_call(e) {
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
            crate::sql::planner::aggregate_calls::contains_aggregate(e)
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
    let grouped = crate::sql::planner::query::groups(select);
    let aggregates = select
        .projection
        .iter()
        .filter_map(crate::sql::planner::query::select_expr)
        .any(crate::sql::planner::aggregate_calls::contains_aggregate);
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
    let planned = crate::sql::planner::query::plan_query(&query, ctx)?;
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
