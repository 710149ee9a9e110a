//! Set operations between queries: `UNION ALL` (columns by position, typed as both sides can
//! be); Flink's `UNION`, `INTERSECT` and `EXCEPT` as distinct rows (the latter two a semi or
//! anti join on every column); `INTERSECT ALL` and `EXCEPT ALL` as counts per value unnested by
//! `$REPLICATE`, written as a query over CTEs of the two sides. Also a query's distinct rows,
//! which `SELECT DISTINCT` uses too.

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema};
use sqlparser::ast;

use super::ast_util::parse_query;
use super::query::{plan_query, plan_select, plan_set_expr, QueryContext, Select};
use super::scope::TimeColumns;
use crate::error::{Error, Position, Result};
use crate::plan::types::timestamp_type;
use crate::plan::{Expr, JoinKind, LogicalPlan, ScalarValue, OP_COLUMN, ROWTIME, WATERMARK_COLUMN};
use crate::plan_err;

/// A set operation between two queries (`left op right`).
pub(super) fn set_operation(
    op: &ast::SetOperator,
    set_quantifier: &ast::SetQuantifier,
    left: &ast::SetExpr,
    right: &ast::SetExpr,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<Select> {
    use ast::{SetOperator as Op, SetQuantifier as Q};
    let all = *set_quantifier == Q::All;
    // Flink's UNION, INTERSECT and EXCEPT without ALL: their distinct rows.
    let distinct_rows = matches!(set_quantifier, Q::None | Q::Distinct) && !ctx.naming.fold;
    // INTERSECT and EXCEPT: a semi or anti join on every column.
    let filter = match op {
        Op::Union if all || distinct_rows => None,
        Op::Union => {
            return plan_err!(
            position,
            "{op} is not supported on KDA streams; UNION ALL combines them (UNION without ALL would remove duplicates)"
        )
        }
        Op::Intersect if distinct_rows => Some(JoinKind::Semi),
        Op::Except if distinct_rows => Some(JoinKind::Anti),
        Op::Intersect | Op::Except if all && !ctx.naming.fold => {
            let ctx = &ctx.without_rank();
            let left = plan_set_expr(left, ctx, position)?;
            let right = plan_set_expr(right, ctx, position)?;
            return counted(left, right, *op == Op::Intersect, ctx, position);
        }
        _ => {
            return plan_err!(position, "{op}{} is not supported on these streams yet", quantifier_text(set_quantifier))
        }
    };
    let ctx = &ctx.without_rank();
    let left = plan_set_expr(left, ctx, position)?;
    let right = plan_set_expr(right, ctx, position)?;
    match filter {
        Some(kind) => distinct(rows_in(left, right, kind, &op.to_string(), ctx, position)?, ctx, position),
        None if all => union(left, right, ctx, position),
        None => distinct(union(left, right, ctx, position)?, ctx, position),
    }
}

fn quantifier_text(q: &ast::SetQuantifier) -> String {
    match q {
        ast::SetQuantifier::None => String::new(),
        other => format!(" {other}"),
    }
}

/// The rows of `left` that have (a semi join) or do not have (anti) a row of `right` with the
/// same values, NULLs equal; the columns are the left's.
fn rows_in(
    left: Select,
    right: Select,
    kind: JoinKind,
    what: &str,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<Select> {
    let (lv, rv) = (left.visible(), right.visible());
    same_width(what, lv.len(), rv.len(), position)?;
    let names: Vec<String> = lv.iter().map(|&i| left.plan.schema().field(i).name().clone()).collect();
    // Each side's columns renamed by position, so that every condition names one of each. (A
    // name that starts with $ is hidden: `l$0`, `r$0`, … are not.)
    let columns = |side: &str| -> Vec<String> { (0..lv.len()).map(|i| format!("{side}${i}")).collect() };
    let (lc, rc) = (columns("l"), columns("r"));
    let left = super::from::renamed_relation(left, "$l", &lc, ctx.naming)?;
    let right = super::from::renamed_relation(right, "$r", &rc, ctx.naming)?;
    let conditions: Vec<ast::Expr> = lc
        .iter()
        .zip(&rc)
        .map(|(l, r)| {
            let (l, r) = (super::from::column_of("$l", l), super::from::column_of("$r", r));
            ast::Expr::IsNotDistinctFrom(Box::new(l), Box::new(r))
        })
        .collect();
    let joined = super::from::join_inputs(
        left,
        right,
        kind,
        conditions.iter().collect(),
        super::from::JoinHow::Plain,
        ctx,
        position,
    )?;
    // ROWTIME, `op` if the rows update, the columns under the left's names.
    let schema = joined.scope.schema.clone();
    let column = |index: usize, name: &str| Expr::Column {
        index,
        name: name.to_string(),
        data_type: schema.field(index).data_type().clone(),
    };
    let mut exprs = vec![column(0, ROWTIME)];
    let mut fields = vec![schema.field(0).clone()];
    if let Some(op) = joined.scope.op {
        exprs.push(column(op, OP_COLUMN));
        fields.push(schema.field(op).clone());
    }
    for (&i, name) in lv.iter().zip(&names) {
        exprs.push(column(i, name));
        fields.push(schema.field(i).clone().with_name(name));
    }
    let op = joined.scope.op.map(|_| 1);
    let plan = LogicalPlan::Projection { input: Box::new(joined.plan), exprs, schema: Arc::new(Schema::new(fields)) };
    Ok(Select { plan, time: Default::default(), op, rowtimes: vec![] })
}

/// `INTERSECT ALL` and `EXCEPT ALL`, as Flink runs them: the two sides' rows counted by value,
/// and each value sent as many times as the counts give (the smaller of the two, or the left's
/// less the right's); the result updates as the counts change.
fn counted(
    left: Select,
    right: Select,
    intersect: bool,
    ctx: &QueryContext,
    position: Option<Position>,
) -> Result<Select> {
    const LEFT: &str = "$left";
    const RIGHT: &str = "$right";
    let what = if intersect { "INTERSECT ALL" } else { "EXCEPT ALL" };
    let ln = own_names(&left, position)?;
    let rs = right.plan.schema();
    let rn: Vec<String> = right.visible().iter().map(|&i| quoted(rs.field(i).name())).collect();
    same_width(what, ln.len(), rn.len(), position)?;
    let columns = ln.join(", ");
    let times = if intersect { "LEAST(left$n, right$n)" } else { "left$n - right$n" };
    let text = format!(
        "SELECT {columns} FROM (SELECT {columns}, SUM(left$) AS left$n, SUM(right$) AS right$n FROM \
         (SELECT {columns}, 1 AS left$, 0 AS right$ FROM {l} UNION ALL SELECT {}, 0, 1 FROM {r}) GROUP BY {columns}) \
         CROSS JOIN UNNEST(\"$REPLICATE\"({times})) AS replicated$ (copy$)",
        rn.join(", "),
        l = quoted(LEFT),
        r = quoted(RIGHT),
    );
    let ctx = ctx.with_cte(LEFT, left).with_cte(RIGHT, right);
    plan_query(&parse_query(&text)?, &ctx)
}

/// An error unless the two sides of a set operation have as many columns.
fn same_width(what: &str, left: usize, right: usize, position: Option<Position>) -> Result<()> {
    if left == right {
        return Ok(());
    }
    plan_err!(position, "the two sides of {what} have {left} and {right} column(s); they must have the same")
}

/// A name as a query kdalite writes for itself quotes it.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The names of `select`'s columns, quoted; an error if two are the same, since a query
/// kdalite writes over them names each.
fn own_names(select: &Select, position: Option<Position>) -> Result<Vec<String>> {
    let schema = select.plan.schema();
    let names: Vec<String> = select.visible().iter().map(|&i| quoted(schema.field(i).name())).collect();
    if let Some(twice) = names.iter().enumerate().find_map(|(k, n)| names[..k].contains(n).then_some(n)) {
        return plan_err!(
            position,
            "the query's columns need names of their own: {twice} names two; rename one (AS …)"
        );
    }
    Ok(names)
}

/// The distinct rows of `select`, as `SELECT DISTINCT` of its columns gives them.
pub(super) fn distinct(select: Select, ctx: &QueryContext, position: Option<Position>) -> Result<Select> {
    const NAME: &str = "$distinct";
    let columns = own_names(&select, position)?;
    let text = format!("SELECT DISTINCT {} FROM {}", columns.join(", "), quoted(NAME));
    let parsed = parse_query(&text)?;
    let ast::SetExpr::Select(query) = parsed.body.as_ref() else {
        return Err(Error::Internal(format!("{text} is not a SELECT")));
    };
    plan_select(query, &ctx.with_cte(NAME, select), position)
}

/// `left UNION ALL right`: the columns by position, typed as both can be; the names are the
/// left's. An event-time attribute both sides have at a position stays one. If either side is
/// updating, so is the union: each row keeps its kind (a side that is not updating inserts).
fn union(left: Select, right: Select, ctx: &QueryContext, position: Option<Position>) -> Result<Select> {
    let updating = left.op.is_some() || right.op.is_some();
    // Where the selected columns start: after ROWTIME, and op for an updating union.
    let first = 1 + usize::from(updating);
    let (lv, rv) = (left.visible(), right.visible());
    same_width("UNION ALL", lv.len(), rv.len(), position)?;
    let (ls, rs) = (left.plan.schema(), right.plan.schema());
    let mut types = Vec::with_capacity(lv.len());
    for (&l, &r) in lv.iter().zip(&rv) {
        let (lt, rt) = (ls.field(l).data_type(), rs.field(r).data_type());
        let what = format!("UNION ALL's column {}", ls.field(l).name());
        types.push(super::functions::unify([lt.clone(), rt.clone()].into_iter(), position, &what)?);
    }
    let watermarked = left.time.watermark.is_some() && right.time.watermark.is_some();
    // Each side as ROWTIME, the columns in the common types, then the watermark.
    let side = |select: &Select, visible: &[usize]| -> LogicalPlan {
        let schema = select.plan.schema();
        let column = |i: usize| Expr::Column {
            index: i,
            name: schema.field(i).name().clone(),
            data_type: schema.field(i).data_type().clone(),
        };
        let mut exprs = vec![column(0)];
        let mut fields = vec![schema.field(0).clone()];
        if updating {
            exprs.push(select.op.map_or(Expr::Literal(ScalarValue::Utf8("+I".into())), column));
            fields.push(Field::new(OP_COLUMN, DataType::Utf8, false));
        }
        for (k, &i) in visible.iter().enumerate() {
            exprs.push(column(i).cast_to(&types[k]));
            let field = Field::new(ls.field(lv[k]).name(), types[k].clone(), true);
            // An interval prints in the wider of the two sides' qualifiers.
            let qualifiers = [ls.field(lv[k]), rs.field(rv[k])].map(crate::plan::IntervalQualifier::of_field);
            fields.push(match qualifiers {
                [Some(l), Some(r)] if l.is_year_month() == r.is_year_month() => l.widest(r).on_field(field),
                _ => field,
            });
        }
        if let (true, Some(w)) = (watermarked, select.time.watermark) {
            exprs.push(column(w));
            fields.push(Field::new(WATERMARK_COLUMN, timestamp_type(), true));
        }
        LogicalPlan::Projection { input: Box::new(select.plan.clone()), exprs, schema: Arc::new(Schema::new(fields)) }
    };
    let (lp, rp) = (side(&left, &lv), side(&right, &rv));
    let schema = lp.schema();
    // Output position k + first for visible column k of each side.
    let at = |visible: &[usize], c: usize| visible.iter().position(|v| *v == c).map(|k| k + first);
    let lt = left.time.through(|c| at(&lv, c));
    let rt = right.time.through(|c| at(&rv, c));
    let shared_watermark = left.time.same_watermark(&right.time);
    let time = TimeColumns {
        attributes: lt.attributes.iter().copied().filter(|a| rt.attributes.contains(a)).collect(),
        watermark: watermarked.then(|| schema.fields().len() - 1),
        window: lt.window.clone().filter(|w| rt.window.as_ref() == Some(w)),
        origin: lt.both_origins(&rt),
        proctime: lt.proctime.iter().copied().filter(|a| rt.proctime.contains(a)).collect(),
    };
    let (left, right) = (Box::new(lp), Box::new(rp));
    let plan = LogicalPlan::Union { left, right, kda: ctx.naming.fold, shared_watermark, schema };
    Ok(Select { plan, time, op: updating.then_some(1), rowtimes: vec![] })
}
