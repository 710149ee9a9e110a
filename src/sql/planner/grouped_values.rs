//! Subqueries as values in an aggregate query's select list or HAVING
//! (`SELECT k, COUNT(*) * 100 / (SELECT COUNT(*) FROM t) FROM t GROUP BY k`), as Flink plans
//! them: the subquery is joined to the aggregate's rows, not to its input's. The query is
//! rewritten so: the aggregate becomes a derived table of its group keys and aggregate calls,
//! and the select list and HAVING read those columns around it, where the subqueries join as
//! in any query without aggregates (`from::value_subqueries`).

use std::ops::ControlFlow;

use sqlparser::ast::{self, Spanned};

use super::aggregate_calls::aggregate_call;
use super::ast_util::{derived_from, quoted, span_position};
use super::from::column_of;
use super::query::select_item;
use super::scope::AGGREGATE;
use super::Naming;
use crate::error::Result;
use crate::plan_err;
use crate::sql::{walk_mut, NodeMut};

fn group_column(i: usize) -> String {
    format!("group${i}")
}

fn aggregate_column(i: usize) -> String {
    format!("aggregate${i}")
}

/// `select` rewritten as its aggregate in a derived table, read by its select list and HAVING,
/// when those hold a subquery as a value; None when they hold none.
pub(crate) fn rewrite(select: &ast::Select, naming: Naming) -> Result<Option<ast::Select>> {
    let items: Vec<&ast::Expr> = select.projection.iter().filter_map(super::query::select_expr).collect();
    let mut subqueries = Vec::new();
    for e in items.iter().copied().chain(select.having.as_ref()) {
        crate::sql::walk_outside_subqueries(e, &mut |e| {
            if matches!(e, ast::Expr::Subquery(_)) {
                subqueries.push(e.span());
            }
        });
    }
    if subqueries.is_empty() {
        return Ok(None);
    }
    let at = span_position(subqueries[0]);
    let group_by = match &select.group_by {
        ast::GroupByExpr::Expressions(exprs, modifiers) if modifiers.is_empty() => exprs,
        _ => return Ok(None),
    };
    if super::grouping::split_grouping_sets(group_by).is_some() {
        return plan_err!(
            at,
            "a subquery as a value beside GROUPING SETS, ROLLUP or CUBE is not supported yet; join its rows in FROM"
        );
    }
    let inside = |span: sqlparser::tokenizer::Span| {
        span.start.line > 0 && subqueries.iter().any(|s| s.start <= span.start && span.end <= s.end)
    };
    // The outer query's relations, which a correlated subquery's conditions name.
    let outer: Vec<String> =
        super::from::from_relations(select).filter_map(|r| super::from::relation_name(r, naming)).collect();

    // Each aggregate call outside the subqueries becomes a column of the derived table.
    let mut aggregates: Vec<ast::Expr> = Vec::new();
    // A call that is not a valid aggregate (`SUM(*)`) fails here: left in place, it would be
    // an aggregate beside a subquery again, rewritten again, without end.
    let mut invalid = None;
    let mut lifted = |e: &mut ast::Expr| {
        let _ = walk_mut(e, &mut |node| {
            if let NodeMut::Expr(e) = node {
                let call = aggregate_call(e);
                let is_aggregate = matches!(call, Ok(Some(ref call)) if call.over.is_none());
                if let (Err(error), false) = (call, inside(e.span())) {
                    invalid.get_or_insert(error);
                }
                if is_aggregate && !inside(e.span()) {
                    let j = aggregates.iter().position(|a| a == &*e).unwrap_or_else(|| {
                        aggregates.push(e.clone());
                        aggregates.len() - 1
                    });
                    *e = column_of(AGGREGATE, &aggregate_column(j));
                }
            }
            ControlFlow::Continue(())
        });
    };
    let mut outer_items: Vec<(ast::Expr, String)> = Vec::new();
    for (i, item) in select.projection.iter().enumerate() {
        let (expr, name) = select_item(item, i, naming)?;
        let mut expr = expr.clone();
        lifted(&mut expr);
        outer_items.push((expr, name));
    }
    let mut having = select.having.clone();
    if let Some(h) = having.as_mut() {
        lifted(h);
    }
    if let Some(error) = invalid {
        return Err(error);
    }

    // Then each group key, and a column of the outer query's relations that names one.
    let column = |e: &ast::Expr| -> Option<(Option<String>, String)> {
        match e {
            ast::Expr::Identifier(id) => Some((None, naming.name(id))),
            ast::Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                Some((Some(naming.name(&parts[0])), naming.name(&parts[1])))
            }
            _ => None,
        }
    };
    let key_of = |e: &ast::Expr| -> Option<usize> {
        let in_subquery = inside(e.span());
        group_by.iter().position(|g| {
            if !in_subquery && g == e {
                return true;
            }
            let (Some((gq, gc)), Some((q, c))) = (column(g), column(e)) else { return false };
            if in_subquery {
                // Inside a subquery only a column named with an outer relation is the outer's.
                q.as_ref().is_some_and(|q| outer.contains(q) && gq.as_ref().is_none_or(|gq| gq == q)) && gc == c
            } else {
                gc == c && (gq.is_none() || q.is_none() || gq == q)
            }
        })
    };
    let grouped = |e: &mut ast::Expr| {
        let _ = walk_mut(e, &mut |node| {
            if let NodeMut::Expr(e) = node {
                if let Some(i) = key_of(e) {
                    *e = column_of(AGGREGATE, &group_column(i));
                }
            }
            ControlFlow::Continue(())
        });
    };
    for (expr, _) in outer_items.iter_mut() {
        grouped(expr);
    }
    if let Some(h) = having.as_mut() {
        grouped(h);
    }
    let named = |expr: ast::Expr, name: &str| ast::SelectItem::ExprWithAlias { expr, alias: quoted(name) };
    let mut inner_items: Vec<ast::SelectItem> =
        group_by.iter().enumerate().map(|(i, g)| named(g.clone(), &group_column(i))).collect();
    inner_items.extend(aggregates.into_iter().enumerate().map(|(j, a)| named(a, &aggregate_column(j))));
    let inner = ast::Select { projection: inner_items, having: None, ..select.clone() };
    Ok(Some(ast::Select {
        projection: outer_items.into_iter().map(|(e, name)| named(e, &name)).collect(),
        from: derived_from(inner, AGGREGATE)?,
        selection: having,
        group_by: ast::GroupByExpr::Expressions(vec![], vec![]),
        having: None,
        named_window: vec![],
        distinct: None,
        ..select.clone()
    }))
}
