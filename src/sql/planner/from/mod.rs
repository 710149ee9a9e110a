//! The FROM clause: streams, views, CTEs, derived tables and window TVFs, and the joins of them
//! (comma joins take their conditions from WHERE, as inner joins do where they can).
//!
//! A join's conditions are planned over both sides' columns and sorted: pairs of equal
//! expressions, one per side, are its keys; a condition on one side only is pushed below the
//! join where that keeps its meaning (any side of an inner join, the side that gets NULLs of an
//! outer one); bounds between the two sides' event-time attributes make a Flink interval join,
//! equal `window_start` and `window_end` a window join; the rest is checked on each pair.
//!
//! This file walks FROM's relations and joins and holds what its files share; `relations` plans
//! one relation, `joins` joins two inputs, `subqueries` plans subqueries as joins, and
//! `window_tvf` the window table functions.

mod joins;
mod match_recognize;
mod relations;
mod subqueries;
mod window_tvf;

use sqlparser::ast::{self, Spanned};

use super::ast_util::{first_words, span_position};
use super::expr::ExprPlanner;
use super::query::QueryContext;
use super::scope::Scope;
use crate::error::{Position, Result};
use crate::plan::{BinaryOp, Expr, JoinKind, LogicalPlan};
use crate::plan_err;
use joins::{lookup_join, pair_scope};
use relations::{is_unnest, kda_window, lookup_table, plan_relation, unnest, versioned};

pub(crate) use joins::{join_inputs, JoinHow};
pub(crate) use relations::{column_of, derived, is_unnest_name, renamed_relation};
pub(crate) use subqueries::{
    empty_value, from_relations, key_column, relation_name, subquery_joins, value_relation, value_subqueries,
    VALUE_COLUMN,
};

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
            return plan_err!(position, "this kind of join is not supported: {}", first_words(&join.to_string(), 3));
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
