//! Top-N and deduplication, written as Flink recognizes them: `ROW_NUMBER() OVER (PARTITION BY …
//! ORDER BY …) AS rownum` in a subquery, and a WHERE around it that keeps the first ranks
//! (`rownum <= n`, `< n`, `= n`, `BETWEEN a AND b`). The outer query finds the bounds; the
//! subquery, planning its ROW_NUMBER, takes them and becomes a `LogicalPlan::Rank`.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema};
use sqlparser::ast::{self, Spanned};

use super::ast_util::{function_args, function_name, span_position};
use super::expr::ExprPlanner;
use super::from::conjuncts;
use super::scope::Scope;
use super::Naming;
use crate::error::Result;
use crate::plan::{Dedup, Expr, LogicalPlan, RankSpec, SortKey, WindowRank, OP_COLUMN};
use crate::plan_err;

/// The rank bounds a SELECT over one subquery puts on one of its columns.
#[derive(Debug, Clone)]
pub(crate) struct RankFilter {
    /// The column's name, as the subquery's ROW_NUMBER must be named.
    pub name: String,
    pub first: u64,
    pub last: u64,
    /// Whether the outer query reads the rank (its select list or a wildcard names it).
    pub numbered: bool,
    /// The conditions that say the bounds: the Rank keeps them, so the outer query drops them.
    pub conditions: Vec<ast::Expr>,
    /// Set by the subquery when it takes the bounds.
    pub taken: Rc<Cell<bool>>,
}

/// The bounds `select` puts on a column of its one subquery, if any column has an upper one.
pub(crate) fn rank_filter(select: &ast::Select, naming: Naming) -> Option<RankFilter> {
    let [from] = select.from.as_slice() else { return None };
    if !from.joins.is_empty() || !matches!(from.relation, ast::TableFactor::Derived { lateral: false, .. }) {
        return None;
    }
    // Each column's bounds; the one with an upper bound is the rank's.
    let mut found: Vec<RankFilter> = Vec::new();
    let conditions = conjuncts(select.selection.as_ref()?);
    for &condition in &conditions {
        let Some((name, first, last)) = bound(condition, naming) else { continue };
        let at = match found.iter().position(|f| f.name == name) {
            Some(at) => at,
            None => {
                found.push(RankFilter {
                    name,
                    first: 1,
                    last: u64::MAX,
                    numbered: false,
                    conditions: vec![],
                    taken: Rc::new(Cell::new(false)),
                });
                found.len() - 1
            }
        };
        let filter = &mut found[at];
        filter.first = filter.first.max(first);
        filter.last = filter.last.min(last);
        filter.conditions.push(condition.clone());
    }
    let mut filter = found.into_iter().find(|f| f.last != u64::MAX)?;
    // The rank is read if the select list names it (or takes every column), or a condition
    // other than its bounds does.
    filter.numbered =
        select.projection.iter().any(|item| match item {
            ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } => {
                names_column(e, &filter.name, naming)
            }
            _ => true,
        }) || conditions.iter().any(|c| !filter.conditions.contains(c) && names_column(c, &filter.name, naming));
    Some(filter)
}

/// `column op n` or `n op column` (or `column BETWEEN a AND b`) as the ranks it keeps.
fn bound(condition: &ast::Expr, naming: Naming) -> Option<(String, u64, u64)> {
    use ast::BinaryOperator as Op;
    let column = |e: &ast::Expr| match e {
        ast::Expr::Identifier(id) => Some(naming.name(id)),
        ast::Expr::CompoundIdentifier(ids) => ids.last().map(|id| naming.name(id)),
        _ => None,
    };
    let number = |e: &ast::Expr| match e {
        ast::Expr::Value(v) => match &v.value {
            ast::Value::Number(n, _) => n.parse::<u64>().ok(),
            _ => None,
        },
        _ => None,
    };
    match condition {
        ast::Expr::Between { expr, negated: false, low, high } => Some((column(expr)?, number(low)?, number(high)?)),
        ast::Expr::BinaryOp { left, op, right } => {
            let (name, op, n) = match (column(left), number(right), column(right), number(left)) {
                (Some(name), Some(n), _, _) => (name, op.clone(), n),
                // `n < rownum` is `rownum > n`.
                (_, _, Some(name), Some(n)) => {
                    let flipped = match op {
                        Op::Lt => Op::Gt,
                        Op::LtEq => Op::GtEq,
                        Op::Gt => Op::Lt,
                        Op::GtEq => Op::LtEq,
                        other => other.clone(),
                    };
                    (name, flipped, n)
                }
                _ => return None,
            };
            match op {
                Op::LtEq => Some((name, 1, n)),
                Op::Lt => Some((name, 1, n.checked_sub(1)?)),
                Op::Eq => Some((name, n, n)),
                Op::GtEq => Some((name, n, u64::MAX)),
                Op::Gt => Some((name, n + 1, u64::MAX)),
                _ => None,
            }
        }
        ast::Expr::Nested(inner) => bound(inner, naming),
        _ => None,
    }
}

fn names_column(e: &ast::Expr, name: &str, naming: Naming) -> bool {
    let mut found = false;
    crate::sql::walk(e, &mut |node| {
        let hit = match node {
            crate::sql::Node::Expr(ast::Expr::Identifier(id)) => naming.name(id) == name,
            crate::sql::Node::Expr(ast::Expr::CompoundIdentifier(ids)) => {
                ids.last().is_some_and(|id| naming.name(id) == name)
            }
            _ => false,
        };
        if hit {
            found = true;
            return std::ops::ControlFlow::Break(());
        }
        std::ops::ControlFlow::Continue(())
    });
    found
}

/// The select item that is `ROW_NUMBER() OVER (…)` (or another ranking function, refused), with
/// its index and name.
pub(crate) fn ranking_item(select: &ast::Select, naming: Naming) -> Result<Option<(usize, String, &ast::Function)>> {
    let mut found = None;
    for (i, item) in select.projection.iter().enumerate() {
        let (expr, alias) = match item {
            ast::SelectItem::ExprWithAlias { expr, alias } => (expr, Some(alias)),
            ast::SelectItem::UnnamedExpr(expr) => (expr, None),
            _ => continue,
        };
        let ast::Expr::Function(f) = expr else { continue };
        let name = function_name(f);
        if !matches!(name.as_str(), "ROW_NUMBER" | "RANK" | "DENSE_RANK") {
            continue;
        }
        let position = span_position(expr.span());
        if name != "ROW_NUMBER" {
            return plan_err!(position, "{name}() is not supported yet; ROW_NUMBER() ranks rows for Top-N");
        }
        if f.over.is_none() {
            return plan_err!(position, "ROW_NUMBER() needs OVER (PARTITION BY … ORDER BY …)");
        }
        if !function_args(f).is_empty() || f.filter.is_some() || f.null_treatment.is_some() {
            return plan_err!(position, "ROW_NUMBER() takes no argument, FILTER or NULLS clause: only OVER (…)");
        }
        if found.is_some() {
            return plan_err!(position, "one ROW_NUMBER() per query");
        }
        let alias = alias.map(|a| naming.name(a)).unwrap_or_else(|| format!("EXPR${i}"));
        found = Some((i, alias, f));
    }
    Ok(found)
}

/// `select` with its ROW_NUMBER() (the select item `item`, `f`) numbering each partition's rows
/// in time order, as Flink's OVER aggregate numbers them when no Top-N keeps the first: the
/// running count `COUNT(*) OVER (… ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`, which the
/// OVER window planning then checks (ordered by a time attribute, ascending).
pub(crate) fn row_numbers(select: &ast::Select, item: usize, f: &ast::Function, scope: &Scope) -> Result<ast::Select> {
    let position = span_position(f.span());
    let mut spec = match &f.over {
        Some(ast::WindowType::WindowSpec(spec)) => spec.clone(),
        Some(ast::WindowType::NamedWindow(name)) => {
            let named = select.named_window.iter().find_map(|ast::NamedWindowDefinition(n, expr)| match expr {
                ast::NamedWindowExpr::WindowSpec(spec) if n.value.eq_ignore_ascii_case(&name.value) => Some(spec),
                _ => None,
            });
            match named {
                Some(spec) => spec.clone(),
                None => return plan_err!(position, "ROW_NUMBER() OVER {name}: no WINDOW {name} AS (…) in this SELECT"),
            }
        }
        None => return plan_err!(position, "ROW_NUMBER() needs OVER (PARTITION BY … ORDER BY …)"),
    };
    if spec.window_frame.is_some() {
        return plan_err!(position, "ROW_NUMBER() OVER takes no frame (ROWS or RANGE)");
    }
    if spec.order_by.is_empty() {
        return plan_err!(position, "ROW_NUMBER() OVER needs ORDER BY: which rows come first");
    }
    // Numbered in the order of a time attribute, ascending; any other order ranks, a Top-N.
    let in_time = match spec.order_by.as_slice() {
        [item] if matches!(item.options.sort, None | Some(ast::OrderBySort::Asc)) => {
            match ExprPlanner::new(scope).plan(&item.expr) {
                Ok(Expr::Column { index, .. }) => {
                    scope.time_attribute(index).is_some() || scope.time.proctime.contains(&index)
                }
                _ => false,
            }
        }
        _ => false,
    };
    if !in_time {
        let name = match &select.projection[item] {
            ast::SelectItem::ExprWithAlias { alias, .. } => alias.value.clone(),
            _ => "rn".into(),
        };
        return plan_err!(
            position,
            "ROW_NUMBER() on a stream numbers rows in the order of a time attribute, ascending; in any other order it is Top-N: keep the first rows in the query around it, SELECT … FROM (SELECT …, ROW_NUMBER() OVER (PARTITION BY … ORDER BY …) AS {name} FROM …) WHERE {name} <= 10"
        );
    }
    spec.window_frame = Some(ast::WindowFrame {
        units: ast::WindowFrameUnits::Rows,
        start_bound: ast::WindowFrameBound::Preceding(None),
        end_bound: Some(ast::WindowFrameBound::CurrentRow),
    });
    let mut count = f.clone();
    let mut name = ast::Ident::new("COUNT");
    name.span = f.name.span();
    count.name = ast::ObjectName(vec![ast::ObjectNamePart::Identifier(name)]);
    count.args = ast::FunctionArguments::List(ast::FunctionArgumentList {
        duplicate_treatment: None,
        args: vec![ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Wildcard)],
        clauses: vec![],
    });
    count.over = Some(ast::WindowType::WindowSpec(spec));
    let mut numbered = select.clone();
    match &mut numbered.projection[item] {
        ast::SelectItem::ExprWithAlias { expr, .. } | ast::SelectItem::UnnamedExpr(expr) => {
            *expr = ast::Expr::Function(count)
        }
        _ => unreachable!("ranking_item finds an expression"),
    }
    Ok(numbered)
}

/// `ROW_NUMBER() OVER (…)`, kept to the ranks `filter` allows, over `plan` (whose columns
/// `scope` names): the Rank plan, and the scope of its output.
pub(crate) fn plan_rank(
    f: &ast::Function,
    filter: Option<&RankFilter>,
    name: &str,
    plan: LogicalPlan,
    scope: &Scope,
) -> Result<(LogicalPlan, Scope, usize)> {
    let position = span_position(f.span());
    // A ROW_NUMBER() with no bound on it was made a running count (`row_numbers`) before this.
    let Some(filter) = filter.filter(|filter| filter.name == name) else {
        return Err(crate::error::Error::Internal(format!("ROW_NUMBER() AS {name} reached Top-N without its bound")));
    };
    let Some(ast::WindowType::WindowSpec(spec)) = &f.over else {
        return plan_err!(position, "ROW_NUMBER() needs OVER (PARTITION BY … ORDER BY …), not a named window");
    };
    if spec.window_frame.is_some() {
        return plan_err!(position, "ROW_NUMBER() OVER takes no frame (ROWS or RANGE)");
    }
    if spec.order_by.is_empty() {
        return plan_err!(position, "ROW_NUMBER() OVER needs ORDER BY: which rows come first");
    }
    let planner = ExprPlanner::new(scope);
    let partition_by = spec.partition_by.iter().map(|p| planner.plan(p)).collect::<Result<Vec<_>>>()?;
    let order_by = spec.order_by.iter().map(|item| sort_key(item, &planner)).collect::<Result<Vec<_>>>()?;
    if filter.first > filter.last {
        return plan_err!(position, "the query around ROW_NUMBER() keeps no rank ({}..{})", filter.first, filter.last);
    }
    filter.taken.set(true);
    // Partitioned by the windows the rows carry: a window Top-N, ranked as each window fires.
    let window = match (&scope.time.window, scope.time.watermark) {
        (Some(w), Some(watermark)) if !w.proctime && scope.op.is_none() => {
            let by = |c: Option<usize>| {
                c.filter(|c| partition_by.iter().any(|e| matches!(e, Expr::Column { index, .. } if index == c)))
            };
            match (by(w.start), by(w.end)) {
                (Some(start), Some(end)) => Some(WindowRank { start, end, watermark }),
                _ => None,
            }
        }
        _ => None,
    };
    // A window's too (Flink's `WindowDeduplicate`): among rows at the same time, keeping the
    // last keeps the one that came last, where a window Top-1 keeps the first.
    let dedup = match order_by.as_slice() {
        [SortKey { expr: Expr::Column { index, .. }, desc, .. }]
            if filter.first == 1 && filter.last == 1 && !filter.numbered =>
        {
            let proctime = scope.time.proctime.contains(index);
            (proctime || scope.time_attribute(*index).is_some()).then_some(Dedup { keep_last: *desc, proctime })
        }
        _ => None,
    };
    let input_op = scope.op;
    let (first, last, numbered) = (filter.first, filter.last, filter.numbered);
    let spec = RankSpec { partition_by, order_by, first, last, numbered, dedup, input_op, window };
    Ok(ranked(spec, plan, scope))
}

/// The Rank of `plan` (whose columns `scope` names) by `spec`: the plan, the scope of its
/// output, and where the rank is in it.
fn ranked(spec: RankSpec, plan: LogicalPlan, scope: &Scope) -> (LogicalPlan, Scope, usize) {
    let input_op = spec.input_op;
    let mut fields: Vec<Field> = scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    // An updating input's own kinds are not the result's: hidden.
    if let Some(op) = input_op {
        fields[op] = fields[op].clone().with_name(crate::plan::SIDE_OP);
    }
    let rank = fields.len();
    fields.push(Field::new("$RANK", DataType::Int64, false));
    let updating = spec.updating();
    if updating {
        fields.push(Field::new(OP_COLUMN, DataType::Utf8, false));
    }
    let schema = Arc::new(Schema::new(fields));
    let mut out = scope.clone();
    out.schema = schema.clone();
    if updating {
        out.op = Some(rank + 1);
        // An updating result has no event time: rows change after the watermark passes them.
        // But for keeping the last row by an event-time attribute, which is Flink's versioned
        // view: each change is a new version of its key, at its own time, which a temporal join
        // reads (and which nothing else can read as a time: each refuses an updating input).
        if !matches!(spec.dedup, Some(Dedup { keep_last: true, proctime: false })) || spec.input_op.is_some() {
            out.time = Default::default();
        }
    }
    (LogicalPlan::Rank { input: Box::new(plan), spec, schema }, out, rank)
}

/// The rows `LIMIT n [OFFSET m]` (or `[OFFSET m ROWS] FETCH FIRST n ROWS ONLY`) keeps: ranks
/// `m + 1..=m + n`; `None` without a limit. Flink's rules: a count is a literal, and an OFFSET
/// needs a LIMIT (a stream has no end to skip to).
pub(crate) fn limit_bounds(query: &ast::Query) -> Result<Option<(u64, u64)>> {
    let position = span_position(query.span());
    let count = |e: &ast::Expr, what: &str| -> Result<u64> {
        match super::number(Some(e)) {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(n as u64),
            _ => plan_err!(span_position(e.span()).or(position), "{what} takes a whole number, not {e}"),
        }
    };
    let (limit, offset) = match (&query.limit_clause, &query.fetch) {
        (None, None) => return Ok(None),
        (Some(ast::LimitClause::LimitOffset { limit_by, .. }), _) if !limit_by.is_empty() => {
            return plan_err!(position, "LIMIT … BY is not supported")
        }
        (Some(ast::LimitClause::LimitOffset { limit, offset, .. }), None) => {
            (limit.as_ref(), offset.as_ref().map(|o| &o.value))
        }
        (Some(ast::LimitClause::OffsetCommaLimit { offset, limit }), None) => (Some(limit), Some(offset)),
        (limit, Some(fetch)) => {
            if fetch.with_ties || fetch.percent {
                return plan_err!(position, "FETCH … WITH TIES and FETCH … PERCENT are not supported on streams");
            }
            let offset = match limit {
                Some(ast::LimitClause::LimitOffset { limit: None, offset, .. }) => offset.as_ref().map(|o| &o.value),
                None => None,
                Some(_) => return plan_err!(position, "LIMIT and FETCH cannot both be given"),
            };
            (fetch.quantity.as_ref(), offset)
        }
    };
    let Some(limit) = limit else {
        return plan_err!(
            position,
            "OFFSET without LIMIT or FETCH is not supported on streams: a stream has no end to skip to"
        );
    };
    let (limit, offset) = (count(limit, "LIMIT")?, offset.map(|o| count(o, "OFFSET")).transpose()?.unwrap_or(0));
    if limit == 0 {
        return plan_err!(position, "LIMIT 0 keeps no row");
    }
    Ok(Some((offset + 1, offset + limit)))
}

/// A query's rows kept to ranks `first..=last`, of `plan` (whose columns `scope` names): by
/// `order_by` over the whole stream (Flink's SortLimit, a Top-N without partitions, updating),
/// or, with no order, the first rows in arrival order (Flink's Limit, insert-only). The plan
/// without the rank column, and its `op` column if it is updating.
pub(crate) fn limited(
    order_by: Vec<SortKey>,
    (first, last): (u64, u64),
    plan: LogicalPlan,
    scope: &Scope,
    position: Option<crate::error::Position>,
) -> Result<(LogicalPlan, Option<usize>)> {
    if order_by.is_empty() && scope.op.is_some() {
        return plan_err!(
            position,
            "LIMIT without ORDER BY keeps the first rows that come, which an updating input can take back: order them (ORDER BY … LIMIT n)"
        );
    }
    let spec = RankSpec {
        partition_by: vec![],
        order_by,
        first,
        last,
        numbered: false,
        dedup: None,
        input_op: scope.op,
        window: None,
    };
    let (plan, out, rank) = ranked(spec, plan, scope);
    let schema = out.schema.clone();
    // ROWTIME, the op column of an updating result (as every updating result has it), the rest.
    let rest = (1..schema.fields().len()).filter(|&i| i != rank && Some(i) != scope.op && Some(i) != out.op);
    let (mut exprs, mut fields) = (Vec::new(), Vec::new());
    for i in std::iter::once(0).chain(out.op).chain(rest) {
        let field = schema.field(i);
        exprs.push(Expr::column_of(i, field));
        fields.push(field.clone());
    }
    let op = out.op.map(|_| 1);
    let schema = Arc::new(Schema::new(fields));
    Ok((LogicalPlan::Projection { input: Box::new(plan), exprs, schema }, op))
}

/// An ORDER BY item: NULL is the smallest value unless NULLS FIRST/LAST says otherwise.
pub(crate) fn sort_key(item: &ast::OrderByExpr, planner: &ExprPlanner) -> Result<SortKey> {
    sort_key_of(item, planner.plan(&item.expr)?)
}

/// The key sorting by `expr` in `item`'s direction, with its NULLs first when ascending unless
/// it says otherwise.
pub(crate) fn sort_key_of(item: &ast::OrderByExpr, expr: Expr) -> Result<SortKey> {
    let desc = match &item.options.sort {
        None | Some(ast::OrderBySort::Asc) => false,
        Some(ast::OrderBySort::Desc) => true,
        Some(_) => return plan_err!(span_position(item.span()), "ORDER BY … USING is not supported"),
    };
    let nulls_first = item.options.nulls_first.unwrap_or(!desc);
    Ok(SortKey { expr, desc, nulls_first })
}

/// `ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)` beside a GROUP BY, as Flink takes it
/// (numbering the aggregate's rows: `ORDER BY SUM(v) DESC`): the aggregate as a derived table,
/// each other select item a column of it, and the ROW_NUMBER over those columns, its PARTITION
/// BY and ORDER BY expressions read from the item with the same expression, or from columns the
/// aggregate adds (`ROW_NUMBER$0`, …; a name starting `$` would be hidden from the query
/// around). None for any other select, and for one that names its window
/// (`OVER w`) or is DISTINCT, which stay refused.
pub(super) fn over_aggregate(select: &ast::Select, naming: Naming) -> Result<Option<ast::Select>> {
    use super::ast_util::quoted;
    let Some((index, name, f)) = ranking_item(select, naming)? else { return Ok(None) };
    let Some(ast::WindowType::WindowSpec(spec)) = &f.over else { return Ok(None) };
    if select.distinct.is_some() {
        return Ok(None);
    }
    let named = |expr: ast::Expr, name: &str| ast::SelectItem::ExprWithAlias { expr, alias: quoted(name) };
    let column = |name: &str| ast::SelectItem::UnnamedExpr(ast::Expr::Identifier(quoted(name)));
    let (mut inner, mut outer, mut columns) = (Vec::new(), Vec::new(), Vec::new());
    for (i, item) in select.projection.iter().enumerate() {
        if i == index {
            outer.push(column(&name));
            continue;
        }
        let (expr, output) = super::query::select_item(item, i, naming)?;
        inner.push(named(expr.clone(), &output));
        outer.push(column(&output));
        columns.push((expr.clone(), output));
    }
    let mut read = |e: &ast::Expr| -> ast::Expr {
        let name = match columns.iter().find(|(x, _)| x == e) {
            Some((_, name)) => name.clone(),
            None => {
                let name = format!("ROW_NUMBER${}", inner.len());
                inner.push(named(e.clone(), &name));
                columns.push((e.clone(), name.clone()));
                name
            }
        };
        ast::Expr::Identifier(quoted(&name))
    };
    let mut spec = spec.clone();
    spec.partition_by = spec.partition_by.iter().map(&mut read).collect();
    for key in &mut spec.order_by {
        key.expr = read(&key.expr);
    }
    let mut rank = f.clone();
    rank.over = Some(ast::WindowType::WindowSpec(spec));
    outer[index] = named(ast::Expr::Function(rank), &name);

    let inner = ast::Select { projection: inner, ..select.clone() };
    Ok(Some(ast::Select {
        projection: outer,
        from: super::ast_util::derived_from(inner, GROUPED)?,
        selection: None,
        group_by: ast::GroupByExpr::Expressions(vec![], vec![]),
        having: None,
        named_window: vec![],
        ..select.clone()
    }))
}

/// The derived table [`over_aggregate`] makes of the aggregate.
const GROUPED: &str = "$grouped";
