//! Planning a query: its CTEs, set operations (see `set_operations.rs`), and each SELECT: FROM
//! (see `from/`), WHERE, GROUP BY with its window (see `grouping.rs`), HAVING, OVER windows, and
//! the select list. What a query's columns mean in time (event-time attributes, the watermark,
//! the window) goes with it, so the queries reading it as a derived table, CTE or view can use it.

use std::cell::RefCell;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema};
use sqlparser::ast::{self, Spanned};

use super::aggregate_calls::{contains_aggregate, contains_over};
use super::ast_util::{first_words, span_position};
use super::expr::ExprPlanner;
use super::from::{plan_from, Input};
use super::grouping::Aggregation;
use super::over::SlidingWindows;
use super::rank::{plan_rank, rank_filter, ranking_item, RankFilter};
use super::scope::{is_hidden, Scope, TimeColumns, UPDATING};
use super::Naming;
use crate::error::{Error, Position, Result};
use crate::plan::types::timestamp_type;
use crate::plan::{
    ApplicationPlan, BinaryOp, Expr, LogicalPlan, ScalarValue, SortKey, WindowSpec, OP_COLUMN, ROWTIME,
    WATERMARK_COLUMN,
};
use crate::plan_err;

/// A planned query: a projection (or a union of them) whose first column is the output ROWTIME,
/// then the selected columns, then hidden ones (the watermark).
#[derive(Debug, Clone)]
pub(crate) struct Select {
    pub plan: LogicalPlan,
    pub time: TimeColumns,
    /// The column that says what kind of change each row is, for an updating result.
    pub op: Option<usize>,
    /// Output columns that are the input's own `ROWTIME`, selected bare (`SELECT STREAM ROWTIME,
    /// …`): a stream takes them as its ROWTIME unless it has a column for them.
    pub rowtimes: Vec<usize>,
}

impl Select {
    /// The columns a reader sees: not ROWTIME, the op column or hidden ones.
    pub fn visible(&self) -> Vec<usize> {
        let schema = self.plan.schema();
        (1..schema.fields().len()).filter(|i| !is_hidden(schema.field(*i).name()) && Some(*i) != self.op).collect()
    }
}

/// Names in scope while a query is planned: the application's streams, the CTEs around it, and
/// the named windows of the SELECT being planned.
#[derive(Clone)]
pub(crate) struct QueryContext<'a> {
    pub app: &'a ApplicationPlan,
    pub naming: Naming,
    ctes: Vec<(String, Select)>,
    pub named_windows: Vec<ast::NamedWindowDefinition>,
    /// The ranks the query around this one keeps of a column (its Top-N bounds).
    pub rank: Option<RankFilter>,
    /// The select's `STATE_TTL` hint.
    state_ttl: std::rc::Rc<StateTtlHint>,
}

/// A select's `STATE_TTL` hint: its inputs by name with their TTL in milliseconds, which names
/// a join's side or the aggregate's input has matched, and whether the select has any.
#[derive(Default)]
struct StateTtlHint {
    options: Vec<(String, u64)>,
    matched: RefCell<Vec<bool>>,
    asked: std::cell::Cell<bool>,
}

impl<'a> QueryContext<'a> {
    pub fn new(app: &'a ApplicationPlan, naming: Naming) -> QueryContext<'a> {
        QueryContext { app, naming, ctes: vec![], named_windows: vec![], rank: None, state_ttl: Default::default() }
    }

    /// The CTE `name` (the innermost of that name).
    pub fn cte(&self, name: &str) -> Option<&Select> {
        let loose = !self.naming.fold;
        self.ctes.iter().rev().find(|(n, _)| n == name || (loose && n.eq_ignore_ascii_case(name))).map(|(_, s)| s)
    }

    /// The TTL the select's `STATE_TTL` hint gives `input` (a join's side, an aggregate's
    /// input) when the input is one table, view or derived table that the hint names by its
    /// alias, or by its name when it has none, as Flink matches a hint to an input.
    pub fn hinted_ttl(&self, input: &Scope) -> Option<i64> {
        let hint = &self.state_ttl;
        hint.asked.set(true);
        let [relation] = input.relations.as_slice() else { return None };
        let name = relation.alias.as_deref().unwrap_or(&relation.name);
        let at = hint.options.iter().position(|(key, _)| !name.is_empty() && key == name)?;
        hint.matched.borrow_mut()[at] = true;
        Some(hint.options[at].1.min(i64::MAX as u64) as i64)
    }

    /// Refuses a `STATE_TTL` option that names none of the select's join sides or aggregate
    /// input, as Flink does (with no join or aggregate, Flink has nothing to check it against).
    fn check_state_ttl(&self, position: Option<Position>) -> Result<()> {
        let hint = &self.state_ttl;
        let matched = hint.matched.borrow();
        match hint.options.iter().zip(matched.iter()).find(|(_, &m)| !m) {
            Some(((key, _), _)) if hint.asked.get() => plan_err!(
                position,
                "STATE_TTL names '{key}', which is not an input of the select's joins or GROUP BY (Flink: the options \
                 of following hints cannot match the name of input tables or views); an aliased table is named by its \
                 alias"
            ),
            _ => Ok(()),
        }
    }

    /// This context with `select` readable by `name`, as a CTE.
    pub fn with_cte(&self, name: &str, select: Select) -> QueryContext<'a> {
        let mut ctx = self.clone();
        ctx.ctes.push((name.to_string(), select));
        ctx
    }

    /// This context without the rank bounds of the query around it, for a query they do not
    /// reach: a CTE, a set operation's sides, a subquery in WHERE or the select list.
    pub fn without_rank(&self) -> QueryContext<'a> {
        QueryContext { rank: None, ..self.clone() }
    }

    pub fn cte_names(&self) -> impl Iterator<Item = &str> {
        self.ctes.iter().map(|(n, _)| n.as_str())
    }
}

/// A whole query statement's query, with nothing around it.
pub(crate) fn plan_statement(query: &ast::Query, app: &ApplicationPlan, naming: Naming) -> Result<Select> {
    plan_query(query, &QueryContext::new(app, naming))
}

pub(crate) fn plan_query(query: &ast::Query, ctx: &QueryContext) -> Result<Select> {
    let position = span_position(query.span());
    let limit = super::rank::limit_bounds(query)?;
    if limit.is_some() && ctx.naming.fold {
        return plan_err!(position, "LIMIT is not supported on KDA streams: a stream has no end to count to");
    }
    if !query.locks.is_empty()
        || query.for_clause.is_some()
        || query.settings.is_some()
        || query.format_clause.is_some()
    {
        return plan_err!(position, "this query clause is not supported: {}", first_words(&query.to_string(), 4));
    }
    let mut ctx = ctx.clone();
    if let Some(with) = &query.with {
        if with.recursive {
            return plan_err!(span_position(with.span()), "WITH RECURSIVE is not supported on streams");
        }
        for cte in &with.cte_tables {
            let mut select = plan_query(&cte.query, &ctx.without_rank())?;
            if !cte.alias.columns.is_empty() {
                select = renamed(select, &cte.alias.columns, ctx.naming)?;
            }
            ctx.ctes.push((ctx.naming.name(&cte.alias.name), select));
        }
    }
    let select = plan_set_expr(&query.body, &ctx, position)?;
    match (&query.order_by, limit) {
        (None, None) => Ok(select),
        (Some(order_by), None) => Ok(without_sort_columns(sorted(select, order_by, &query.body, &ctx, position)?)),
        (order_by, Some(bounds)) => {
            let (time, rowtimes) = (select.time.clone(), select.rowtimes.clone());
            let (output, keys) = match order_by {
                Some(order_by) => ordered_output(select, order_by, &query.body, &ctx, position)?,
                None => (output_relation(select, &query.body, &ctx)?, vec![]),
            };
            let (plan, op) = super::rank::limited(keys, bounds, output.plan, &output.scope, position)?;
            let time = if op.is_some() { Default::default() } else { time };
            Ok(without_sort_columns(Select { plan, time, op, rowtimes }))
        }
    }
}

/// The hidden columns ORDER BY computes for keys the query does not select.
const SORT_COLUMN: &str = "$sort";

/// A sorted query's output without the columns its ORDER BY computed.
fn without_sort_columns(select: Select) -> Select {
    let schema = select.plan.schema();
    let kept: Vec<usize> =
        (0..schema.fields().len()).filter(|&i| !schema.field(i).name().starts_with(SORT_COLUMN)).collect();
    if kept.len() == schema.fields().len() {
        return select;
    }
    let exprs = kept
        .iter()
        .map(|&index| Expr::Column {
            index,
            name: schema.field(index).name().clone(),
            data_type: schema.field(index).data_type().clone(),
        })
        .collect();
    let fields: Vec<Field> = kept.iter().map(|&i| schema.field(i).clone()).collect();
    let at = |c: usize| kept.iter().position(|&k| k == c);
    Select {
        time: select.time.through(at),
        op: select.op.and_then(at),
        rowtimes: select.rowtimes.iter().filter_map(|&c| at(c)).collect(),
        plan: LogicalPlan::Projection { input: Box::new(select.plan), exprs, schema: Arc::new(Schema::new(fields)) },
    }
}

/// A query's output as a relation its ORDER BY reads, named after the one stream the query
/// reads (so that `s.col` resolves).
fn output_relation(select: Select, body: &ast::SetExpr, ctx: &QueryContext) -> Result<Input> {
    let name = match body {
        ast::SetExpr::Select(s) if s.from.len() == 1 && s.from[0].joins.is_empty() => match &s.from[0].relation {
            ast::TableFactor::Table { name, alias, .. } => match (alias, name.0.last()) {
                (Some(a), _) => ctx.naming.name(&a.name),
                (None, Some(ast::ObjectNamePart::Identifier(id))) => ctx.naming.name(id),
                _ => String::new(),
            },
            ast::TableFactor::Derived { alias: Some(a), .. }
            | ast::TableFactor::TableFunction { alias: Some(a), .. } => ctx.naming.name(&a.name),
            _ => String::new(),
        },
        _ => String::new(),
    };
    super::from::derived(select, name, None, ctx.naming)
}

/// The query's output and ORDER BY's keys over it. A key that names none of the output's
/// columns (`SELECT k, v FROM t ORDER BY ts`) is computed by the SELECT as a hidden column, as
/// Flink's planner does; a DISTINCT or a set operation sorts only what it outputs.
fn ordered_output(
    select: Select,
    order_by: &ast::OrderBy,
    body: &ast::SetExpr,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<(Input, Vec<SortKey>)> {
    let ast::OrderByKind::Expressions(items) = &order_by.kind else {
        return plan_err!(span_position(order_by.span()), "ORDER BY ALL is not supported on streams");
    };
    let output = output_relation(select, body, ctx)?;
    let planner = ExprPlanner::new(&output.scope);
    let keys: Vec<Result<SortKey>> = items.iter().map(|item| super::rank::sort_key(item, &planner)).collect();
    let unselected =
        |key: &Result<SortKey>| matches!(key, Err(Error::Plan { message, .. }) if message.contains(" no column "));
    let Some(first) = keys.iter().position(unselected) else {
        return Ok((output, keys.into_iter().collect::<Result<_>>()?));
    };
    let plain = match body {
        ast::SetExpr::Select(s) if matches!(s.distinct, None | Some(ast::Distinct::All)) => Some(s),
        _ => None,
    };
    let Some(plain) = plain else {
        let Err(Error::Plan { position, .. }) = &keys[first] else { unreachable!("an unselected key is an error") };
        return plan_err!(*position, "ORDER BY sorts the query's output: select {} to sort by it", items[first].expr);
    };
    let mut hidden = plain.as_ref().clone();
    let name = |i: usize| format!("{SORT_COLUMN}{i}");
    for (i, _) in keys.iter().enumerate().filter(|(_, key)| unselected(key)) {
        let alias = ast::Ident::with_quote('"', name(i));
        hidden.projection.push(ast::SelectItem::ExprWithAlias { expr: items[i].expr.clone(), alias });
    }
    let output = output_relation(plan_select(&hidden, ctx, position)?, body, ctx)?;
    let planner = ExprPlanner::new(&output.scope);
    let schema = output.plan.schema();
    let keys = items
        .iter()
        .enumerate()
        .map(|(i, item)| match schema.index_of(&name(i)) {
            Ok(index) => {
                let column = Expr::Column { index, name: name(i), data_type: schema.field(index).data_type().clone() };
                super::rank::sort_key_of(item, column)
            }
            Err(_) => super::rank::sort_key(item, &planner),
        })
        .collect::<Result<_>>()?;
    Ok((output, keys))
}

/// KDA's streaming `ORDER BY`: a first key monotonic in ROWTIME, ascending, which groups the
/// rows; the other keys sort each group. Keys name the query's output columns, or the stream
/// it reads (`FLOOR(s.ROWTIME TO SECOND)`).
fn sorted(
    select: Select,
    order_by: &ast::OrderBy,
    body: &ast::SetExpr,
    ctx: &QueryContext,
    query_position: Option<Position>,
) -> Result<Select> {
    let position = span_position(order_by.span());
    let (time, op, rowtimes) = (select.time.clone(), select.op, select.rowtimes.clone());
    if op.is_some() {
        return plan_err!(position, "ORDER BY cannot sort the changes of an updating result");
    }
    let (output, mut keys) = ordered_output(select, order_by, body, ctx, query_position)?;
    // Flink's ORDER BY an event-time attribute, ascending: sent as the watermark passes.
    if !ctx.naming.fold {
        let watermark = match keys.first() {
            Some(SortKey { expr: Expr::Column { index, .. }, desc: false, .. }) => output.scope.time_attribute(*index),
            _ => None,
        };
        let Some(watermark) = watermark else {
            return plan_err!(
                position,
                "a stream is sorted by a time attribute first, ascending (ORDER BY its event time, then other keys): a stream has no end to sort up to"
            );
        };
        let group = keys[0].expr.clone();
        let plan = LogicalPlan::Sort { input: Box::new(output.plan), group, keys, watermark: Some(watermark) };
        return Ok(Select { plan, time, op, rowtimes });
    }
    let rowtime = |e: &Expr| matches!(e, Expr::Column { index: 0, .. });
    let monotonic = match keys.first().map(|k| (&k.expr, k.desc)) {
        Some((e, false)) if rowtime(e) => true,
        Some((Expr::FloorTime { expr, .. } | Expr::Step { expr, .. } | Expr::CeilTime { expr, .. }, false)) => {
            rowtime(expr)
        }
        _ => false,
    };
    if !monotonic {
        return plan_err!(
            position,
            "ORDER BY on a stream starts with ROWTIME or a time unit of it, ascending, such as ORDER BY FLOOR(s.ROWTIME TO SECOND), score DESC: a stream has no end to sort up to"
        );
    }
    let group = keys.remove(0).expr;
    let plan = LogicalPlan::Sort { input: Box::new(output.plan), group, keys, watermark: None };
    Ok(Select { plan, time, op, rowtimes })
}

/// A query with its visible columns renamed (`WITH t (a, b) AS (…)`).
fn renamed(select: Select, columns: &[ast::TableAliasColumnDef], naming: Naming) -> Result<Select> {
    let visible = select.visible();
    if visible.len() != columns.len() {
        return plan_err!(
            span_position(columns[0].name.span),
            "the query has {} column(s), its name lists {}",
            visible.len(),
            columns.len()
        );
    }
    let schema = select.plan.schema();
    let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    for (i, column) in visible.iter().zip(columns) {
        fields[*i] = fields[*i].clone().with_name(naming.name(&column.name));
    }
    let schema = Arc::new(Schema::new(fields));
    let plan = match select.plan {
        LogicalPlan::Projection { input, exprs, .. } => LogicalPlan::Projection { input, exprs, schema },
        LogicalPlan::Union { left, right, kda, shared_watermark, .. } => {
            LogicalPlan::Union { left, right, kda, shared_watermark, schema }
        }
        other => other,
    };
    Ok(Select { plan, ..select })
}

pub(super) fn plan_set_expr(body: &ast::SetExpr, ctx: &QueryContext, position: Option<Position>) -> Result<Select> {
    match body {
        ast::SetExpr::Select(select) => plan_select(select, ctx, position),
        ast::SetExpr::Query(query) => plan_query(query, ctx),
        ast::SetExpr::Values(values) => super::values::plan_values(values, ctx),
        ast::SetExpr::SetOperation { op, set_quantifier, left, right } => {
            super::set_operations::set_operation(op, set_quantifier, left, right, ctx, position)
        }
        other => plan_err!(position, "only a SELECT is supported here, not {}", first_words(&other.to_string(), 4)),
    }
}

/// Whether a SELECT has a GROUP BY (of any form) or a HAVING.
pub(crate) fn groups(select: &ast::Select) -> bool {
    !matches!(&select.group_by, ast::GroupByExpr::Expressions(e, _) if e.is_empty()) || select.having.is_some()
}

/// The clauses of a SELECT kdalite does not run: an error at the first, never ignored.
fn unsupported(select: &ast::Select) -> Option<(&'static str, Option<Position>)> {
    let at = |s: sqlparser::tokenizer::Span| span_position(s).or_else(|| span_position(select.span()));
    if let Some(ast::Distinct::On(_)) = &select.distinct {
        return Some(("SELECT DISTINCT ON is not supported", at(select.select_token.0.span)));
    }
    if select.top.is_some() {
        return Some(("SELECT TOP is not supported on streams", at(select.select_token.0.span)));
    }
    if select.into.is_some() {
        return Some(("SELECT INTO is not supported; use INSERT INTO", at(select.select_token.0.span)));
    }
    if !select.lateral_views.is_empty() {
        return Some(("LATERAL VIEW is not supported", at(select.span())));
    }
    if select.prewhere.is_some() {
        return Some(("PREWHERE is not supported", at(select.span())));
    }
    if !select.cluster_by.is_empty() || !select.distribute_by.is_empty() || !select.sort_by.is_empty() {
        return Some(("CLUSTER BY, DISTRIBUTE BY and SORT BY are not supported on streams", at(select.span())));
    }
    if select.qualify.is_some() {
        return Some(("QUALIFY is not supported yet", at(select.span())));
    }
    if !select.connect_by.is_empty() {
        return Some(("CONNECT BY is not supported", at(select.span())));
    }
    None
}

pub(super) fn plan_select(select: &ast::Select, ctx: &QueryContext, position: Option<Position>) -> Result<Select> {
    if let Some((message, at)) = unsupported(select) {
        return plan_err!(at.or(position), "{message}");
    }
    // SELECT ALL keeps every row, as a SELECT without DISTINCT does (it had been read as
    // DISTINCT).
    if select.distinct == Some(ast::Distinct::All) {
        return plan_select(&ast::Select { distinct: None, ..select.clone() }, ctx, position);
    }
    let legacy = super::legacy::rewrite(select)?;
    let select: &ast::Select = legacy.as_ref().unwrap_or(select);
    // Subqueries as values in an aggregate's select list or HAVING join its rows.
    let aggregates =
        groups(select) || select.projection.iter().any(|item| select_expr(item).is_some_and(contains_aggregate));
    if aggregates && !ctx.naming.fold {
        if let Some(rewritten) = super::grouped_values::rewrite(select, ctx.naming)? {
            return plan_select(&rewritten, ctx, position);
        }
        if let Some(rewritten) = super::rank::over_aggregate(select, ctx.naming)? {
            return plan_select(&rewritten, ctx, position);
        }
    }
    // Flink's SELECT DISTINCT * and SELECT DISTINCT of an aggregate: the distinct rows of the
    // query without DISTINCT.
    if select.distinct == Some(ast::Distinct::Distinct) && !ctx.naming.fold {
        let wildcard = select.projection.iter().any(|item| select_expr(item).is_none());
        if aggregates || wildcard {
            let plain = ast::Select { distinct: None, ..select.clone() };
            return super::set_operations::distinct(plan_select(&plain, ctx, position)?, ctx, position);
        }
    }
    let mut ctx = ctx.clone();
    ctx.named_windows = select.named_window.clone();
    let options: Vec<(String, u64)> =
        select.optimizer_hints.iter().flat_map(|h| crate::sql::parser::state_ttls(&h.text)).collect();
    let matched = RefCell::new(vec![false; options.len()]);
    ctx.state_ttl = std::rc::Rc::new(StateTtlHint { options, matched, asked: Default::default() });
    // The bounds the query around this one puts on its rank; and the ones this one puts on
    // its subquery's.
    let outer_rank = ctx.rank.take();
    ctx.rank = rank_filter(select, ctx.naming);
    let (input, conditions) = plan_from(&select.from, select.selection.as_ref(), &ctx, position)?;
    // IN and EXISTS subqueries: semi and anti joins.
    let (input, mut conditions) = super::from::subquery_joins(input, conditions, &ctx, position)?;
    // Subqueries as values, in WHERE and (without aggregates) the select list: one-row joins.
    let mut valued = conditions.clone();
    if !aggregates {
        valued.extend(select.projection.iter().filter_map(select_expr));
    }
    let Input { mut scope, mut plan } = super::from::value_subqueries(input, &valued, &ctx, position)?;
    if let Some(filter) = ctx.rank.as_ref().filter(|f| f.taken.get()) {
        conditions.retain(|c| !filter.conditions.contains(c));
    }

    if !conditions.is_empty() {
        let planner = ExprPlanner::new(&scope);
        let mut predicate: Option<Expr> = None;
        for condition in conditions.drain(..) {
            let planned = planner.plan(condition)?;
            if planned.data_type() != DataType::Boolean {
                return plan_err!(position, "WHERE needs a condition, not {planned}");
            }
            predicate = Some(match predicate {
                Some(p) => Expr::Binary { op: BinaryOp::And, left: Box::new(p), right: Box::new(planned) },
                None => planned,
            });
        }
        if let Some(predicate) = predicate {
            plan = LogicalPlan::Filter { input: Box::new(plan), predicate };
        }
    }

    let mut group_by = match &select.group_by {
        ast::GroupByExpr::Expressions(exprs, modifiers) if modifiers.is_empty() => exprs.clone(),
        _ => {
            return plan_err!(
                position,
                "GROUP BY ALL and GROUP BY … WITH ROLLUP/CUBE are not supported; write GROUP BY ROLLUP (…), CUBE (…) or GROUPING SETS (…)"
            )
        }
    };
    // GROUPING SETS, ROLLUP, CUBE: each row once per set (an Expand), grouped by the set too.
    let mut grouping_sets = None;
    if let Some((plain, sets)) = super::grouping::split_grouping_sets(&group_by) {
        let (expanded, expand, sets) = super::grouping::expand(&scope, plan, &sets)?;
        (scope, plan, group_by, grouping_sets) = (expanded, expand, plain, Some(sets));
    }
    // `GROUP BY ()`: one group of every row, as no GROUP BY with an aggregate is.
    let grand_total = group_by.iter().any(|e| matches!(e, ast::Expr::Tuple(items) if items.is_empty()));
    group_by.retain(|e| !matches!(e, ast::Expr::Tuple(items) if items.is_empty()));
    let mut aggregating = !group_by.is_empty()
        || grand_total
        || grouping_sets.is_some()
        || select.having.is_some()
        || select.projection.iter().any(|item| select_expr(item).is_some_and(contains_aggregate));
    // SELECT DISTINCT groups by what it selects: Flink's is an updating GROUP BY (a row goes
    // out the first time it is seen, and is deleted when an updating input takes back its
    // last copy); KDA's groups within the ROWTIME window it selects.
    let distinct = select.distinct.is_some();
    if distinct {
        let at = span_position(select.select_token.0.span).or(position);
        if aggregating {
            return plan_err!(
                at,
                "SELECT DISTINCT of an aggregate is not supported yet; select from it: SELECT DISTINCT … FROM (SELECT … GROUP BY …)"
            );
        }
        for item in &select.projection {
            match select_expr(item) {
                Some(expr) => group_by.push(expr.clone()),
                None => {
                    return plan_err!(
                        span_position(item.span()).or(at),
                        "SELECT DISTINCT {item} is not supported yet; name the columns"
                    )
                }
            }
        }
        aggregating = true;
    }
    // ROW_NUMBER() OVER (…) with no Top-N around it numbers each partition's rows.
    let counted;
    let select = match ranking_item(select, ctx.naming)? {
        Some((item, name, f)) if !aggregating && outer_rank.as_ref().is_none_or(|r| r.name != name) => {
            counted = super::rank::row_numbers(select, item, f, &scope)?;
            &counted
        }
        _ => select,
    };
    // ROW_NUMBER() OVER (…): a Top-N, whose rank the select list reads as a column.
    let mut rank_item = None;
    let (scope, plan) = match ranking_item(select, ctx.naming)? {
        None => (scope, plan),
        Some((item, name, f)) => {
            if aggregating {
                return plan_err!(
                    span_position(f.span()),
                    "ROW_NUMBER() cannot be mixed with GROUP BY; rank in a query around it"
                );
            }
            let (plan, ranked, column) = plan_rank(f, outer_rank.as_ref(), &name, plan, &scope)?;
            rank_item = Some((item, Expr::Column { index: column, name, data_type: DataType::Int64 }));
            (ranked, plan)
        }
    };
    let mut plan = plan;
    let naming = ctx.naming;
    let mut names = Vec::new();
    let mut exprs = Vec::new();
    // What the select list's columns are read from: the input, or the aggregate's output.
    let mut source_time = scope.time.clone();
    let mut source_op = scope.op;
    // The hint's options are matched to the joins' sides (planned above) and the aggregate's
    // input: Flink checks them on any aggregate, and applies them to a GROUP BY without a window.
    let aggregate_ttl = if aggregating { ctx.hinted_ttl(&scope) } else { None };
    ctx.check_state_ttl(span_position(select.select_token.0.span).or(position))?;
    if aggregating {
        let tvf_time = tvf_time(&plan);
        let aggregation = Aggregation::new(&scope, &group_by, tvf_time, naming, position).map_err(|e| match e {
            Error::Plan { message, position }
                if distinct && message.starts_with("an aggregate on a stream needs a window") =>
            {
                Error::Plan {
                    message: "SELECT STREAM DISTINCT keeps the distinct rows of a window: select one, such as FLOOR(s.ROWTIME TO MINUTE) or STEP(s.ROWTIME BY INTERVAL '60' SECOND)".into(),
                    position,
                }
            }
            other => other,
        })?;
        let mut aggregation = aggregation;
        if let WindowSpec::Changelog { state_ttl, .. } = &mut aggregation.window {
            *state_ttl = aggregate_ttl;
        }
        if let Some(sets) = grouping_sets {
            aggregation.group_by_sets(sets, &scope);
        }
        let aggregation = RefCell::new(aggregation);
        if scope.op.is_some() && !matches!(aggregation.borrow().window, WindowSpec::Changelog { .. }) {
            return plan_err!(
                position,
                "a window aggregate doesn't support consuming update changes, which its input produces ({UPDATING}): aggregate it without a window, or window the rows before they are updated"
            );
        }
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
        source_time = aggregation.borrow().output_time();
        source_op = None;
        if matches!(aggregation.borrow().window, WindowSpec::Changelog { .. }) {
            // An updating result: every output row says first what kind of change it is.
            source_op = Some(aggregation.borrow().op_column());
        }
        // The window TVF is folded into the aggregate: it assigns the windows itself.
        if tvf_time.is_some() {
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
        if scope.op.is_some() {
            return plan_err!(
                position,
                "an OVER window over an updating result ({UPDATING}) is refused, as Flink refuses it: an OVER aggregate sends one row per input row, once, and an update would have to take back rows already sent for later ones; aggregate with GROUP BY instead, or window the rows before they update"
            );
        }
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
            let qualifier = match item {
                ast::SelectItem::Wildcard(_) => Some(None),
                ast::SelectItem::QualifiedWildcard(ast::SelectItemQualifiedWildcardKind::ObjectName(name), _) => {
                    match name.0.last() {
                        Some(ast::ObjectNamePart::Identifier(ident)) => Some(Some(ident)),
                        _ => return plan_err!(span_position(item.span()), "cannot expand {item}"),
                    }
                }
                _ => None,
            };
            if let Some(qualifier) = qualifier {
                for column in scope.wildcard(qualifier)? {
                    let Expr::Column { name, .. } = &column else { continue };
                    names.push(name.clone());
                    exprs.push(column);
                }
                continue;
            }
            if let Some((_, rank)) = rank_item.as_ref().filter(|(at, _)| *at == i) {
                names.push(rank.to_string());
                exprs.push(rank.clone());
                continue;
            }
            let (expr, name) = select_item(item, i, naming)?;
            exprs.push(planner.plan(expr)?);
            names.push(name);
        }
    }
    uniquify(&mut names);
    // An updating result's rows say first what kind of change each is.
    let mut op = None;
    if let Some(index) = source_op {
        exprs.insert(0, Expr::Column { index, name: OP_COLUMN.into(), data_type: DataType::Utf8 });
        names.insert(0, OP_COLUMN.to_string());
        op = Some(1);
    }
    exprs.insert(0, Expr::Column { index: 0, name: ROWTIME.into(), data_type: timestamp_type() });
    names.insert(0, ROWTIME.to_string());
    let rowtimes: Vec<usize> = (1..exprs.len())
        .filter(|&i| names[i] == ROWTIME && matches!(exprs[i], Expr::Column { index: 0, .. }))
        .collect();
    // The watermark goes on with the rows, hidden.
    if let Some(w) = source_time.watermark {
        exprs.push(Expr::Column { index: w, name: WATERMARK_COLUMN.into(), data_type: timestamp_type() });
        names.push(WATERMARK_COLUMN.to_string());
    }
    // A column passed through unchanged keeps what it means in time; PROCTIME() is a
    // processing-time attribute.
    let mut time = source_time.through(|c| {
        exprs.iter().position(|e| matches!(e, Expr::Column { index, .. } if *index == c)).filter(|p| *p > 0)
    });
    for (p, e) in exprs.iter().enumerate() {
        if matches!(e, Expr::Call { func: crate::plan::ScalarFunction::Proctime, .. }) {
            time.proctime.push(p);
        }
    }
    let input = plan.schema();
    let fields: Vec<Field> = names
        .iter()
        .zip(&exprs)
        .enumerate()
        .map(|(i, (n, e))| {
            let field = Field::new(n, e.data_type(), i > 0 && Some(i) != op);
            // An interval prints in its qualifier: `+4 04` for DAY TO HOUR.
            match super::interval::qualifier_of(e, &input) {
                Some(q) => q.on_field(field),
                None => field,
            }
        })
        .collect();
    let plan = LogicalPlan::Projection { input: Box::new(plan), exprs, schema: Arc::new(Schema::new(fields)) };
    Ok(Select { plan, time, op, rowtimes })
}

/// Output names made unique as Flink's planner makes them (Calcite's `uniquify`): a name taken
/// already by a column before it becomes the first of `name0`, `name1`, … not taken
/// (`SELECT a.k, b.k` gives `k` and `k0`), so that no two output columns share a name. A column
/// named ROWTIME keeps it: KDA's pumps select ROWTIME as the row's time.
fn uniquify(names: &mut [String]) {
    let mut taken = std::collections::HashSet::new();
    for name in names.iter_mut().filter(|n| *n != ROWTIME) {
        if !taken.insert(name.clone()) {
            let free = (0..).map(|j| format!("{name}{j}")).find(|n| !taken.contains(n)).expect("a free name");
            taken.insert(free.clone());
            *name = free;
        }
    }
}

/// The time column of the window TVF `plan` is (under filters), if it is one.
fn tvf_time(plan: &LogicalPlan) -> Option<usize> {
    match plan {
        LogicalPlan::WindowTvf { time_column, .. } => Some(*time_column),
        LogicalPlan::Filter { input, .. } | LogicalPlan::Expand { input, .. } => tvf_time(input),
        _ => None,
    }
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
        // Grouping sets over a window TVF: the window's columns (which the aggregate makes
        // itself) NULL in every set's rows, so the columns after them keep their places.
        LogicalPlan::Expand { input, projections, schema } => {
            let first = first_window_index(&input);
            let window = first..first + WINDOW_COLUMNS.len();
            let mut sets = Vec::with_capacity(projections.len());
            for exprs in projections {
                let mut set = Vec::with_capacity(exprs.len());
                for (i, e) in exprs.into_iter().enumerate() {
                    if window.contains(&i) {
                        set.push(Expr::Literal(ScalarValue::Null));
                    } else if references_at_or_after(&e, first) {
                        return plan_err!(
                            None,
                            "window_start, window_end and window_time go in GROUP BY beside the grouping sets, not in them"
                        );
                    } else {
                        set.push(e);
                    }
                }
                sets.push(set);
            }
            let fields = schema.fields().iter().enumerate();
            let fields = fields.map(|(i, f)| f.as_ref().clone().with_nullable(f.is_nullable() || window.contains(&i)));
            let schema = Arc::new(Schema::new(fields.collect::<Vec<_>>()));
            Ok(LogicalPlan::Expand { input: Box::new(without_tvf(*input)?), projections: sets, schema })
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

/// Names of the columns a window TVF adds.
pub(crate) const WINDOW_COLUMNS: [&str; 3] = ["window_start", "window_end", "window_time"];

pub(crate) fn select_expr(item: &ast::SelectItem) -> Option<&ast::Expr> {
    match item {
        ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } => Some(e),
        _ => None,
    }
}

/// A select item's expression and output name (`EXPR$n` when it has none).
pub(crate) fn select_item(item: &ast::SelectItem, index: usize, naming: Naming) -> Result<(&ast::Expr, String)> {
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

/// The scope over a stream's source columns, for its computed columns.
pub(crate) fn source_scope(stream: &crate::plan::StreamDef) -> Scope {
    Scope::over(stream, Naming::FLINK)
}
