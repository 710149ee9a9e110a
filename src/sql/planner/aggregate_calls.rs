//! Aggregate calls recognized in the syntax tree (`COUNT(*)`, `LAG(…) OVER w`, `ARRAY_AGG`,
//! `LISTAGG`, `EXP_AVG`, …) with their DISTINCT, FILTER and OVER; modifiers only aggregates take
//! refused on other calls; an aggregate's argument checked against what it takes.

use arrow_schema::DataType;
use sqlparser::ast::{self, Spanned};

use super::ast_util::{function_args, function_name, plain_arguments, span_position};
use super::literals::interval_millis_of;
use crate::error::{Error, Position, Result};
use crate::plan::types::{is_numeric, sql_name};
use crate::plan::{AggregateFunction, Expr};
use crate::plan_err;

pub(crate) struct AggregateCall<'e> {
    pub func: AggregateFunction,
    pub arg: Option<&'e ast::Expr>,
    pub distinct: bool,
    /// `OVER w` or `OVER (…)`: a sliding window aggregate.
    pub over: Option<&'e ast::WindowType>,
    /// `FILTER (WHERE …)`: the rows the aggregate takes.
    pub filter: Option<&'e ast::Expr>,
    /// LAG's default: what it gives when there is no row that far back.
    pub default: Option<&'e ast::Expr>,
    /// EVERY, ANY and SOME (MIN and MAX of a condition) take a condition.
    pub boolean: bool,
}

/// `Some` if `e` calls an aggregate function.
pub(crate) fn aggregate_call(e: &ast::Expr) -> Result<Option<AggregateCall<'_>>> {
    let ast::Expr::Function(f) = e else { return Ok(None) };
    if matches!(function_name(f).as_str(), "LAG" | "NTH_VALUE" | "$NTH_VALUE_FROM_LAST") {
        return lag_call(f, span_position(e.span())).map(Some);
    }
    if function_name(f) == "EXP_AVG" {
        return exp_avg_call(f, span_position(e.span())).map(Some);
    }
    if function_name(f) == "LISTAGG" {
        return listagg_call(f, span_position(e.span())).map(Some);
    }
    if let Some(usage) = array_agg_usage(&function_name(f)) {
        return array_agg_call(f, usage, span_position(e.span())).map(Some);
    }
    let name = function_name(f);
    let Some(func) = AggregateFunction::by_name(&name) else { return Ok(None) };
    let boolean = matches!(name.as_str(), "EVERY" | "ANY" | "SOME");
    let position = span_position(e.span());
    let ast::FunctionArguments::List(list) = &f.args else {
        return plan_err!(position, "{func} needs an argument");
    };
    let distinct = list.duplicate_treatment == Some(ast::DuplicateTreatment::Distinct);
    let over = f.over.as_ref();
    let filter = f.filter.as_deref();
    if !list.clauses.is_empty() || f.null_treatment.is_some() || !f.within_group.is_empty() {
        return plan_err!(position, "{func}: only DISTINCT, FILTER (WHERE …) and OVER go with an aggregate's argument");
    }
    match list.args.as_slice() {
        [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Wildcard)]
            if func == AggregateFunction::Count && !distinct =>
        {
            Ok(Some(AggregateCall { func, arg: None, distinct, over, filter, default: None, boolean }))
        }
        [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(arg))] => {
            Ok(Some(AggregateCall { func, arg: Some(arg), distinct, over, filter, default: None, boolean }))
        }
        // Calcite reads COUNT(DISTINCT a, b); Flink's streaming planner finds no plan for it.
        [_, _, ..] if func == AggregateFunction::Count && distinct => plan_err!(
            position,
            "COUNT(DISTINCT …) takes one argument (Flink's streaming planner has no plan for more either): count \
             the distinct combinations of a derived table's rows, SELECT COUNT(*) FROM (SELECT DISTINCT a, b FROM …)"
        ),
        _ => plan_err!(position, "{func} takes exactly one argument"),
    }
}

/// How an aggregate read as an ARRAY_AGG is written: Flink's own, and JSON_ARRAYAGG,
/// JSON_OBJECTAGG and PERCENTILE, which the parser reads as one (naming it `$JSON_ARRAYAGG`, …), so
/// that a message names the function as the query wrote it.
fn array_agg_usage(name: &str) -> Option<&'static str> {
    Some(match name {
        "ARRAY_AGG" => "ARRAY_AGG([DISTINCT] value [RESPECT NULLS | IGNORE NULLS])",
        "$JSON_ARRAYAGG" => "JSON_ARRAYAGG(value [ABSENT ON NULL | NULL ON NULL])",
        "$JSON_OBJECTAGG" => "JSON_OBJECTAGG([KEY] key VALUE value [NULL ON NULL | ABSENT ON NULL])",
        "$PERCENTILE" => "PERCENTILE([DISTINCT] value, percentage or ARRAY[percentage, …] [, frequency])",
        _ => return None,
    })
}

/// Flink's `ARRAY_AGG([DISTINCT] x [RESPECT NULLS | IGNORE NULLS])` (or one of the aggregates
/// read as one: `usage` says how it is written).
fn array_agg_call<'e>(f: &'e ast::Function, usage: &str, position: Option<Position>) -> Result<AggregateCall<'e>> {
    let name = usage.split('(').next().unwrap_or_default();
    let ast::FunctionArguments::List(list) = &f.args else {
        return plan_err!(position, "{name} takes a value: {usage}");
    };
    let mut ignore_nulls = matches!(f.null_treatment, Some(ast::NullTreatment::IgnoreNulls));
    for clause in &list.clauses {
        match clause {
            ast::FunctionArgumentClause::IgnoreOrRespectNulls(n) if name == "ARRAY_AGG" => {
                ignore_nulls = matches!(n, ast::NullTreatment::IgnoreNulls)
            }
            // Flink accepts ORDER BY here and ignores it: kdalite says so instead.
            other => return plan_err!(position, "{name}(… {other}) is not supported: {usage}, in arrival order"),
        }
    }
    if !f.within_group.is_empty() {
        return plan_err!(position, "{name} takes no WITHIN GROUP: {usage}");
    }
    let [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(arg))] = list.args.as_slice() else {
        return plan_err!(position, "{name} takes one value: {usage}");
    };
    let distinct = list.duplicate_treatment == Some(ast::DuplicateTreatment::Distinct);
    if distinct && !usage.contains("[DISTINCT]") {
        return plan_err!(position, "{name} takes no DISTINCT, as in Flink: {usage}");
    }
    let func = AggregateFunction::ArrayAgg { ignore_nulls, filtered: false };
    let (over, filter) = (f.over.as_ref(), f.filter.as_deref());
    Ok(AggregateCall { func, arg: Some(arg), distinct, over, filter, default: None, boolean: false })
}

/// Flink's `LISTAGG([DISTINCT] text [, separator])`, the separator a literal (',' by default).
fn listagg_call(f: &ast::Function, position: Option<Position>) -> Result<AggregateCall<'_>> {
    let usage = "LISTAGG([DISTINCT] text [, 'separator'])";
    let list = match &f.args {
        ast::FunctionArguments::List(list) => Some(list),
        _ => None,
    };
    if list.is_some_and(|l| !l.clauses.is_empty()) || f.null_treatment.is_some() || !f.within_group.is_empty() {
        return plan_err!(position, "LISTAGG takes no ORDER BY, WITHIN GROUP or NULLS: {usage}, in arrival order");
    }
    let distinct = list.is_some_and(|l| l.duplicate_treatment == Some(ast::DuplicateTreatment::Distinct));
    let args = function_args(f);
    let (Some(Some(arg)), 1..=2) = (args.first(), args.len()) else {
        return plan_err!(position, "LISTAGG takes a text and a separator: {usage}");
    };
    let separator = match args.get(1) {
        None => ",".to_string(),
        Some(Some(ast::Expr::Value(v))) => match &v.value {
            ast::Value::SingleQuotedString(s) => s.clone(),
            other => return plan_err!(position, "LISTAGG's separator is a quoted text, not {other}: {usage}"),
        },
        Some(_) => return plan_err!(position, "LISTAGG's separator is a text written in the query: {usage}"),
    };
    let Some(separator) = crate::plan::expr::ShortText::new(&separator) else {
        return plan_err!(position, "LISTAGG's separator is at most {} bytes", crate::plan::expr::ShortText::MAX);
    };
    let func = AggregateFunction::ListAgg { separator };
    let (over, filter) = (f.over.as_ref(), f.filter.as_deref());
    Ok(AggregateCall { func, arg: Some(arg), distinct, over, filter, default: None, boolean: false })
}

/// KDA's `LAG(x [, offset [, default]]) [IGNORE NULLS | RESPECT NULLS] OVER w` and
/// `NTH_VALUE(x, n) [FROM FIRST | FROM LAST] [IGNORE NULLS | RESPECT NULLS] OVER w`.
fn lag_call(f: &ast::Function, position: Option<Position>) -> Result<AggregateCall<'_>> {
    let from_last = function_name(f) == "$NTH_VALUE_FROM_LAST";
    let nth = from_last || function_name(f) == "NTH_VALUE";
    let (name, usage) = if nth {
        ("NTH_VALUE", "NTH_VALUE(x, n) [FROM FIRST | FROM LAST] [IGNORE NULLS | RESPECT NULLS] OVER w")
    } else {
        ("LAG", "LAG(x [, offset [, default]]) [IGNORE NULLS | RESPECT NULLS] OVER w")
    };
    let args = function_args(f);
    let arity = if nth { 2..=2 } else { 1..=3 };
    let (Some(Some(arg)), true) = (args.first(), arity.contains(&args.len())) else {
        return plan_err!(position, "{name} takes a value and how far to go: {usage}");
    };
    let offset = match args.get(1) {
        None => 1,
        Some(Some(ast::Expr::Value(v))) => match &v.value {
            ast::Value::Number(n, _) => n.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| Error::Plan {
                message: format!("{name}'s offset is a positive whole number, not {n}: {usage}"),
                position,
            })?,
            other => return plan_err!(position, "{name}'s offset is a number, not {other}: {usage}"),
        },
        Some(_) => return plan_err!(position, "{name}'s offset is a number written in the query: {usage}"),
    };
    let default = match args.get(2) {
        None => None,
        Some(Some(d)) => Some(*d),
        Some(None) => return plan_err!(position, "LAG's default is a value: {usage}"),
    };
    let ignore_nulls = matches!(f.null_treatment, Some(ast::NullTreatment::IgnoreNulls));
    if f.filter.is_some() || !f.within_group.is_empty() || !plain_arguments(f) {
        return plan_err!(position, "{name} takes no DISTINCT, FILTER or WITHIN GROUP: {usage}");
    }
    let Some(over) = f.over.as_ref() else {
        return plan_err!(position, "{name} reads a window: {usage}");
    };
    let func = if nth {
        AggregateFunction::NthValue { n: offset, ignore_nulls, from_last }
    } else {
        AggregateFunction::Lag { offset, ignore_nulls }
    };
    Ok(AggregateCall { func, arg: Some(arg), distinct: false, over: Some(over), filter: None, default, boolean: false })
}

/// KDA's `EXP_AVG(x, INTERVAL …) OVER w`: the interval is the half-life of the weights.
fn exp_avg_call(f: &ast::Function, position: Option<Position>) -> Result<AggregateCall<'_>> {
    let usage = "EXP_AVG(x, INTERVAL '10' SECOND) OVER w, the interval the half-life of the weights";
    let args = function_args(f);
    let [Some(arg), Some(ast::Expr::Interval(interval))] = args.as_slice() else {
        return plan_err!(position, "EXP_AVG takes a value and an interval: {usage}");
    };
    let half_life = interval_millis_of(interval, position, false)?;
    if half_life <= 0 {
        return plan_err!(position, "EXP_AVG's half-life is longer than zero: {usage}");
    }
    if f.filter.is_some() || !f.within_group.is_empty() || f.null_treatment.is_some() || !plain_arguments(f) {
        return plan_err!(position, "EXP_AVG takes no DISTINCT, FILTER, WITHIN GROUP or NULLS: {usage}");
    }
    let Some(over) = f.over.as_ref() else {
        return plan_err!(position, "EXP_AVG weighs a sliding window's rows by their age: {usage}");
    };
    let func = AggregateFunction::ExpAvg { half_life };
    Ok(AggregateCall {
        func,
        arg: Some(arg),
        distinct: false,
        over: Some(over),
        filter: None,
        default: None,
        boolean: false,
    })
}

/// What a call of a function that is not an aggregate carries that only aggregates take
/// (`FILTER (WHERE …)`, `OVER`, `DISTINCT`, `IGNORE NULLS`, `WITHIN GROUP`, an `ORDER BY` among
/// its arguments), if anything, with the function's name: an error, never dropped.
pub(super) fn scalar_call_modifier(e: &ast::Expr) -> Option<(&'static str, String)> {
    let ast::Expr::Function(f) = e else { return None };
    let name = function_name(f);
    if AggregateFunction::by_name(&name).is_some() {
        return None;
    }
    let list = match &f.args {
        ast::FunctionArguments::List(list) => Some(list),
        _ => None,
    };
    let what = if f.filter.is_some() {
        "FILTER (WHERE …)"
    } else if f.over.is_some() {
        "OVER (…)"
    } else if list.is_some_and(|l| l.duplicate_treatment == Some(ast::DuplicateTreatment::Distinct)) {
        "DISTINCT"
    } else if f.null_treatment.is_some() {
        "IGNORE/RESPECT NULLS"
    } else if !f.within_group.is_empty() {
        "WITHIN GROUP (…)"
    } else if list.is_some_and(|l| {
        // JSON_OBJECT's and JSON_ARRAY's NULL ON NULL / ABSENT ON NULL are their own.
        let json = matches!(name.as_str(), "JSON_OBJECT" | "JSON_ARRAY");
        l.clauses.iter().any(|c| !(json && matches!(c, ast::FunctionArgumentClause::JsonNullClause(_))))
    }) {
        "ORDER BY or LIMIT among the arguments"
    } else {
        return None;
    };
    Some((what, name))
}

/// True if `e` calls a grouping aggregate (not one with OVER).
pub(crate) fn contains_aggregate(e: &ast::Expr) -> bool {
    contains_call(e, false)
}

/// True if `e` calls an aggregate with OVER (a sliding window).
pub(crate) fn contains_over(e: &ast::Expr) -> bool {
    contains_call(e, true)
}

fn contains_call(e: &ast::Expr, over: bool) -> bool {
    let mut found = false;
    // A subquery's aggregates are its own.
    crate::sql::walk_outside_subqueries(e, &mut |inner| {
        found = found
            || match aggregate_call(inner) {
                Ok(Some(call)) => call.over.is_some() == over,
                Ok(None) => false,
                // A call that cannot plan counts where its OVER puts it, so that planning it says why.
                Err(_) => matches!(inner, ast::Expr::Function(f) if f.over.is_some()) == over,
            };
    });
    found
}

/// Whether an aggregate's argument has a type it takes: a condition for EVERY and ANY (planned
/// as MIN and MAX), a number for SUM, AVG and the variances, text for LISTAGG.
pub(super) fn argument_fits(e: &ast::Expr, call: &AggregateCall, arg: &Expr) -> Result<()> {
    let t = arg.data_type();
    let position = span_position(e.span());
    let name = match e {
        ast::Expr::Function(f) => function_name(f),
        other => other.to_string(),
    };
    if call.boolean && t != DataType::Boolean {
        return plan_err!(position, "{name} takes a condition, not a value of type {}", sql_name(&t));
    }
    if call.func.is_numeric_only() && !is_numeric(&t) {
        return plan_err!(position, "{}() needs a number, not {}", call.func, sql_name(&t));
    }
    if matches!(call.func, AggregateFunction::ListAgg { .. }) && !matches!(t, DataType::Utf8 | DataType::Null) {
        return plan_err!(position, "LISTAGG joins text, not {}: CAST it to STRING", sql_name(&t));
    }
    Ok(())
}
