//! Flink's older group-window syntax, planned as the window TVFs it stands for:
//!
//! ```sql
//! SELECT user, TUMBLE_START(ts, INTERVAL '1' DAY) AS d, SUM(amount) FROM Orders
//! GROUP BY TUMBLE(ts, INTERVAL '1' DAY), user
//! ```
//!
//! reads as `FROM TABLE(TUMBLE(TABLE Orders, DESCRIPTOR(ts), INTERVAL '1' DAY)) GROUP BY
//! window_start, window_end, window_time, user`, with `TUMBLE_START`, `_END` and `_ROWTIME` as
//! `window_start`, `window_end` and `window_time`. `HOP(ts, slide, size)` likewise; a legacy
//! `SESSION(ts, gap)` window is per group, so its TVF is partitioned by the other GROUP BY
//! columns. Nexmark's queries are written this way.

use std::ops::ControlFlow;

use sqlparser::ast::{self, Spanned};

use super::ast_util::{function_args, function_name, span_position};
use crate::error::Result;
use crate::plan_err;
use crate::sql::parser::call;

const WINDOWS: [&str; 3] = ["TUMBLE", "HOP", "SESSION"];

/// `select` with a legacy group window rewritten to its window TVF; `None` if it has none.
pub(crate) fn rewrite(select: &ast::Select) -> Result<Option<ast::Select>> {
    let ast::GroupByExpr::Expressions(group_by, modifiers) = &select.group_by else { return Ok(None) };
    let Some(at) = group_by.iter().position(is_group_window) else { return Ok(None) };
    let ast::Expr::Function(window) = &group_by[at] else { return Ok(None) };
    let position = span_position(window.span());
    let name = function_name(window);
    let window_args = function_args(window);
    let ([from], [Some(time), rest @ ..]) = (select.from.as_slice(), window_args.as_slice()) else {
        return plan_err!(position, "{name}(time, …) in GROUP BY needs one stream in FROM and a time column");
    };
    let (ast::TableFactor::Table { name: table, alias, .. }, true) = (&from.relation, from.joins.is_empty()) else {
        return plan_err!(position, "{name}(time, …) in GROUP BY needs one stream in FROM");
    };
    let Some(table) = table.0.last().and_then(|p| p.as_ident()).cloned() else {
        return plan_err!(position, "{name}(time, …) in GROUP BY needs a stream name in FROM");
    };
    let others: Vec<&ast::Expr> = group_by.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, e)| e).collect();
    let mut table_args = vec![ast::Expr::Identifier(table)];
    if name == "SESSION" {
        // One session per group: the TVF's partitions are the other grouping columns.
        for key in &others {
            match column(key) {
                Some(ident) => table_args.push(ast::Expr::Identifier(ident)),
                None => return plan_err!(position, "a SESSION window groups by columns only, not {key}"),
            }
        }
    }
    let Some(time) = column(time) else {
        return plan_err!(position, "{name}'s first argument is the time column, not {time}");
    };
    let mut args = vec![
        call(ast::Ident::new("TABLE"), table_args),
        call(ast::Ident::new("DESCRIPTOR"), vec![ast::Expr::Identifier(time)]),
    ];
    args.extend(rest.iter().flatten().map(|e| (*e).clone()));
    let mut rewritten = select.clone();
    rewritten.from[0].relation =
        ast::TableFactor::TableFunction { expr: call(ast::Ident::new(name.as_str()), args), alias: alias.clone() };
    let mut keys: Vec<ast::Expr> =
        ["window_start", "window_end", "window_time"].map(|c| ast::Expr::Identifier(ast::Ident::new(c))).into();
    keys.extend(others.into_iter().cloned());
    rewritten.group_by = ast::GroupByExpr::Expressions(keys, modifiers.clone());
    for item in &mut rewritten.projection {
        let _ = crate::sql::walk_mut(item, &mut auxiliary);
    }
    if let Some(having) = &mut rewritten.having {
        let _ = crate::sql::walk_mut(having, &mut auxiliary);
    }
    Ok(Some(rewritten))
}

/// `TUMBLE(ts, …)` and the like with a time column first (not a TVF's `TABLE t`).
fn is_group_window(e: &ast::Expr) -> bool {
    let ast::Expr::Function(f) = e else { return false };
    WINDOWS.contains(&function_name(f).as_str())
        && matches!(function_args(f).first(), Some(Some(ast::Expr::Identifier(_) | ast::Expr::CompoundIdentifier(_))))
}

/// The column an expression names (its last part when qualified).
fn column(e: &ast::Expr) -> Option<ast::Ident> {
    match e {
        ast::Expr::Identifier(i) => Some(i.clone()),
        ast::Expr::CompoundIdentifier(parts) => parts.last().cloned(),
        _ => None,
    }
}

/// `TUMBLE_START(…)` → `window_start`, `_END` → `window_end`, `_ROWTIME` → `window_time`.
fn auxiliary(node: crate::sql::NodeMut) -> ControlFlow<()> {
    if let crate::sql::NodeMut::Expr(expr) = node {
        if let ast::Expr::Function(f) = expr {
            let name = function_name(f);
            let column = WINDOWS.iter().find_map(|w| match name.strip_prefix(w)? {
                "_START" => Some("window_start"),
                "_END" => Some("window_end"),
                "_ROWTIME" => Some("window_time"),
                _ => None,
            });
            if let Some(column) = column {
                *expr = ast::Expr::Identifier(ast::Ident::new(column));
            }
        }
    }
    ControlFlow::Continue(())
}
