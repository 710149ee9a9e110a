//! KDA's table functions over a stream, read as `FROM TABLE(f(CURSOR(SELECT STREAM …), …))`:
//! `TOP_K_ITEMS_TUMBLING` and `COUNT_DISTINCT_ITEMS_TUMBLING`, each planned as the KDA window
//! aggregate it is (a tumbling window on ROWTIME, emitted when a row at or past its end
//! arrives), so that windows, checkpoints and EXPLAIN work as for any GROUP BY.
//!
//! Both are exact: KDA documents its versions as approximate (a count of up to 10,000 distinct
//! items is exact there too).

use sqlparser::ast::{self, Spanned};

use super::ast_util::{function_args, function_name, span_position};
use super::from::{derived, Input};
use super::query::{plan_query, QueryContext};
use crate::error::Position;
use crate::error::Result;
use crate::plan::LogicalPlan;
use crate::plan_err;

/// Whether `name` is one of KDA's table functions over a stream.
pub(crate) fn is_kda_table_function(name: &str) -> bool {
    matches!(
        name,
        "TOP_K_ITEMS_TUMBLING"
            | "COUNT_DISTINCT_ITEMS_TUMBLING"
            | "RANDOM_CUT_FOREST"
            | "RANDOM_CUT_FOREST_WITH_EXPLANATION"
            | "GROUP_RANK"
            | "HOTSPOTS"
    )
}

/// A text literal argument.
fn text(arg: Option<&ast::Expr>) -> Option<&str> {
    match arg {
        Some(ast::Expr::Value(v)) => match &v.value {
            ast::Value::SingleQuotedString(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// The cursor's column a table function names in quotes: its exact name, or the one name that
/// matches it ignoring case.
fn cursor_column(schema: &arrow_schema::Schema, column: &str, name: &str, position: Option<Position>) -> Result<usize> {
    let names = || schema.fields().iter().enumerate().skip(1).filter(|(_, f)| !f.name().starts_with('$'));
    let found = names().find(|(_, f)| f.name() == column).map(|(i, _)| i).or_else(|| {
        let mut loose = names().filter(|(_, f)| f.name().eq_ignore_ascii_case(column)).map(|(i, _)| i);
        loose.next().filter(|_| loose.next().is_none())
    });
    match found {
        Some(i) => Ok(i),
        None => {
            let all: Vec<&str> = names().map(|(_, f)| f.name().as_str()).collect();
            plan_err!(position, "the cursor of {name} has no column '{column}' (its columns: {})", all.join(", "))
        }
    }
}

/// `GROUP_RANK(CURSOR(…), rankByColumnName, rankOutColumnName, sortOrder, outputOrder, maxIdle,
/// outputMax)`: the cursor's rows of each ROWTIME, ranked by a column, with the rank appended
/// as `rankOutColumnName`.
fn plan_group_rank(f: &ast::Function, ctx: &QueryContext) -> Result<Input> {
    let position = span_position(f.span());
    let usage = "GROUP_RANK(CURSOR(SELECT STREAM …), 'rankByColumn', 'rankOutColumn', 'asc' | 'desc', 'asc' | 'desc', maxIdle, outputMax)";
    let (args, cursor) = cursor_call(f, "GROUP_RANK", 6..=6, usage)?;
    let (Some(by), Some(out)) = (text(args[1]), text(args[2])) else {
        return plan_err!(position, "GROUP_RANK names its columns in single quotes: {usage}");
    };
    let order = |arg: Option<&ast::Expr>, what: &str| match text(arg).map(str::to_ascii_lowercase).as_deref() {
        Some("asc") => Ok(false),
        Some("desc") => Ok(true),
        _ => plan_err!(position, "GROUP_RANK's {what} is 'asc' or 'desc': {usage}"),
    };
    let (desc, output_desc) = (order(args[3], "sortOrder")?, order(args[4], "outputOrder")?);
    let whole = |arg: Option<&ast::Expr>, what: &str| match number(arg) {
        Some(v) if v.fract() == 0.0 && (0.0..=i32::MAX as f64).contains(&v) => Ok(v as usize),
        _ => plan_err!(position, "GROUP_RANK's {what} is a whole number, 0 for none: {usage}"),
    };
    let (max_idle, output_max) = (whole(args[5], "maxIdle")? as i64, whole(args[6], "outputMax")?);
    let input = plan_query(&cursor, ctx)?;
    if input.op.is_some() {
        return plan_err!(position, "GROUP_RANK ranks rows as they come, not the changes of an updating result");
    }
    let schema = input.plan.schema();
    let column = cursor_column(&schema, by, "GROUP_RANK", position)?;
    let field = schema.field(column);
    if out.is_empty() || schema.fields().iter().any(|f| f.name().eq_ignore_ascii_case(out)) {
        return plan_err!(position, "GROUP_RANK's rank column '{out}' needs a name the cursor's columns do not have");
    }
    let expr =
        crate::plan::Expr::Column { index: column, name: field.name().clone(), data_type: field.data_type().clone() };
    // NULL ranks last either way (KDA does not say where it ranks NULL).
    let by = crate::plan::SortKey { expr, desc, nulls_first: false };
    let spec = crate::plan::GroupRankSpec { by, output_desc, max_idle, output_max };
    let mut fields: Vec<arrow_schema::Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(arrow_schema::Field::new(out, arrow_schema::DataType::Int32, true));
    let plan = LogicalPlan::GroupRank {
        input: Box::new(input.plan),
        spec,
        schema: std::sync::Arc::new(arrow_schema::Schema::new(fields)),
    };
    derived(super::query::Select { plan, ..input }, "GROUP_RANK".into(), None, ctx.naming)
}

/// The query a `CURSOR(SELECT STREAM …)` argument holds.
pub(crate) fn cursor_query(arg: Option<&ast::Expr>) -> Option<Box<ast::Query>> {
    match arg {
        Some(ast::Expr::Function(c)) if function_name(c) == "CURSOR" => match function_args(c).first() {
            Some(Some(ast::Expr::Subquery(query))) => Some(query.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// A table function's arguments and the query of its `CURSOR(SELECT STREAM …)`, the first:
/// after it come `parameters` more (a range when the last ones may be left out).
fn cursor_call<'f>(
    f: &'f ast::Function,
    name: &str,
    parameters: std::ops::RangeInclusive<usize>,
    usage: &str,
) -> Result<(Vec<Option<&'f ast::Expr>>, Box<ast::Query>)> {
    let position = span_position(f.span());
    let args = function_args(f);
    if !super::ast_util::plain_arguments(f) || f.over.is_some() || f.filter.is_some() {
        return plan_err!(position, "{name} takes its arguments plainly, without DISTINCT, OVER or FILTER: {usage}");
    }
    if args.is_empty() || !parameters.contains(&(args.len() - 1)) {
        let (min, max) = (parameters.start(), parameters.end());
        let count = if min == max { max.to_string() } else { format!("up to {max}") };
        return plan_err!(position, "{name} takes a CURSOR and {count} parameters: {usage}");
    }
    let Some(cursor) = cursor_query(args[0]) else {
        return plan_err!(position, "{name}'s first argument is CURSOR(SELECT STREAM …): {usage}");
    };
    Ok((args, cursor))
}

/// The value of a numeric literal argument.
pub(crate) fn number(arg: Option<&ast::Expr>) -> Option<f64> {
    match arg {
        Some(ast::Expr::Value(v)) => match &v.value {
            ast::Value::Number(n, _) => n.parse::<f64>().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// The cursor's numeric columns, which RANDOM_CUT_FOREST and HOTSPOTS read as a point (DECIMAL
/// is not one, as KDA says).
fn numeric_columns(
    schema: &arrow_schema::Schema,
    name: &str,
    position: Option<Position>,
) -> Result<(Vec<usize>, Vec<String>)> {
    let (columns, names): (Vec<usize>, Vec<String>) = schema
        .fields()
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, f)| !f.name().starts_with('$') && crate::plan::types::is_numeric(f.data_type()))
        .filter(|(_, f)| !matches!(f.data_type(), arrow_schema::DataType::Decimal128(..)))
        .map(|(i, f)| (i, f.name().clone()))
        .unzip();
    if columns.is_empty() {
        return plan_err!(
            position,
            "the cursor of {name} has no numeric column to read (DECIMAL is not one: CAST it to DOUBLE)"
        );
    }
    Ok((columns, names))
}

/// `HOTSPOTS(CURSOR(…), windowSize, scanRadius, minimumNumberOfPointsInAHotspot)`: the
/// cursor's rows with `HOTSPOTS_RESULT` appended; every parameter is needed, as KDA documents
/// none as optional.
fn plan_hotspots(f: &ast::Function, ctx: &QueryContext) -> Result<Input> {
    let position = span_position(f.span());
    let usage = "HOTSPOTS(CURSOR(SELECT STREAM …), windowSize, scanRadius, minimumNumberOfPointsInAHotspot)";
    let (args, cursor) = cursor_call(f, "HOTSPOTS", 3..=3, usage)?;
    let window = match number(args[1]) {
        Some(v) if v.fract() == 0.0 && (100.0..=1000.0).contains(&v) => v as usize,
        _ => return plan_err!(position, "HOTSPOTS's windowSize is a whole number from 100 to 1000: {usage}"),
    };
    let radius = match number(args[2]) {
        Some(v) if v > 0.0 && v.is_finite() => v,
        _ => return plan_err!(position, "HOTSPOTS's scanRadius is a number above 0: {usage}"),
    };
    let min_points = match number(args[3]) {
        Some(v) if v.fract() == 0.0 && v >= 2.0 && v <= window as f64 => v as usize,
        _ => {
            return plan_err!(
                position,
                "HOTSPOTS's minimumNumberOfPointsInAHotspot is a whole number from 2 to windowSize ({window}): {usage}"
            )
        }
    };
    let input = plan_query(&cursor, ctx)?;
    if input.op.is_some() {
        return plan_err!(position, "HOTSPOTS reads rows as they come, not the changes of an updating result");
    }
    let schema = input.plan.schema();
    let (columns, names) = numeric_columns(&schema, "HOTSPOTS", position)?;
    let spec = crate::plan::HotspotsSpec { columns, names, window, radius, min_points };
    let mut fields: Vec<arrow_schema::Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(arrow_schema::Field::new("HOTSPOTS_RESULT", arrow_schema::DataType::Utf8, true));
    let plan = LogicalPlan::Hotspots {
        input: Box::new(input.plan),
        spec,
        schema: std::sync::Arc::new(arrow_schema::Schema::new(fields)),
    };
    derived(super::query::Select { plan, ..input }, "HOTSPOTS".into(), None, ctx.naming)
}

/// `RANDOM_CUT_FOREST(CURSOR(…) [, numberOfTrees, subSampleSize, timeDecay, shingleSize])` and
/// `RANDOM_CUT_FOREST_WITH_EXPLANATION(…, withDirectionality)`: the cursor's rows with
/// `ANOMALY_SCORE` (and `ANOMALY_EXPLANATION`) appended; parameters left out take KDA's
/// defaults.
fn plan_random_cut_forest(f: &ast::Function, ctx: &QueryContext) -> Result<Input> {
    let position = span_position(f.span());
    let name = function_name(f);
    let explain = name == "RANDOM_CUT_FOREST_WITH_EXPLANATION";
    let usage = if explain {
        "RANDOM_CUT_FOREST_WITH_EXPLANATION(CURSOR(SELECT STREAM …), numberOfTrees, subSampleSize, timeDecay, shingleSize, withDirectionality)"
    } else {
        "RANDOM_CUT_FOREST(CURSOR(SELECT STREAM …), numberOfTrees, subSampleSize, timeDecay, shingleSize)"
    };
    let (args, cursor) = cursor_call(f, &name, 0..=if explain { 5 } else { 4 }, usage)?;
    // (parameter, default, smallest, largest), as the SQL Reference gives them.
    let limits = [
        ("numberOfTrees", 100.0, 1.0, 1000.0),
        ("subSampleSize", 256.0, 10.0, 1000.0),
        ("timeDecay", 100_000.0, 1.0, 2_147_483_647.0),
        ("shingleSize", 1.0, 1.0, 30.0),
    ];
    let mut values = [0.0; 4];
    for (i, (what, default, min, max)) in limits.iter().enumerate() {
        values[i] = match args.get(i + 1) {
            None => *default,
            Some(arg) => match number(*arg) {
                Some(v) if v.fract() == 0.0 && (*min..=*max).contains(&v) => v,
                _ => return plan_err!(position, "{name}'s {what} is a whole number from {min} to {max}: {usage}"),
            },
        };
    }
    if values[1] >= values[2] {
        return plan_err!(position, "{name}'s subSampleSize must be less than its timeDecay: {usage}");
    }
    let directional = match args.get(5) {
        None => false,
        Some(Some(ast::Expr::Value(v))) if matches!(v.value, ast::Value::Boolean(_)) => {
            v.value == ast::Value::Boolean(true)
        }
        Some(_) => return plan_err!(position, "{name}'s withDirectionality is TRUE or FALSE: {usage}"),
    };
    let input = plan_query(&cursor, ctx)?;
    if input.op.is_some() {
        return plan_err!(position, "{name} scores rows as they come, not the changes of an updating result");
    }
    let schema = input.plan.schema();
    let (columns, names) = numeric_columns(&schema, &name, position)?;
    let spec = crate::plan::ForestSpec {
        columns,
        names,
        trees: values[0] as usize,
        sample_size: values[1] as usize,
        time_decay: values[2],
        shingle_size: values[3] as usize,
        explain,
        directional,
    };
    let mut fields: Vec<arrow_schema::Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(arrow_schema::Field::new("ANOMALY_SCORE", arrow_schema::DataType::Float64, true));
    if explain {
        fields.push(arrow_schema::Field::new("ANOMALY_EXPLANATION", arrow_schema::DataType::Utf8, true));
    }
    let plan = LogicalPlan::RandomCutForest {
        input: Box::new(input.plan),
        spec,
        schema: std::sync::Arc::new(arrow_schema::Schema::new(fields)),
    };
    derived(super::query::Select { plan, ..input }, name, None, ctx.naming)
}

/// `TOP_K_ITEMS_TUMBLING(CURSOR(…), 'column', k, window_seconds)`: per window, the `k` most
/// frequent values of the column, as `ITEM` and `ITEM_COUNT`, the most frequent first.
/// `COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(…), 'column', window_seconds)`: per window, the number
/// of distinct values, as `NUMBER_OF_DISTINCT_ITEMS`.
pub(crate) fn plan_kda_table_function(f: &ast::Function, ctx: &QueryContext) -> Result<Input> {
    let position = span_position(f.span());
    let name = function_name(f);
    if name.starts_with("RANDOM_CUT_FOREST") {
        return plan_random_cut_forest(f, ctx);
    }
    if name == "GROUP_RANK" {
        return plan_group_rank(f, ctx);
    }
    if name == "HOTSPOTS" {
        return plan_hotspots(f, ctx);
    }
    let top_k = name == "TOP_K_ITEMS_TUMBLING";
    let usage = if top_k {
        "TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM s), 'column', k, window_seconds)"
    } else {
        "COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM s), 'column', window_seconds)"
    };
    let parameters = if top_k { 3 } else { 2 };
    let (args, cursor) = cursor_call(f, &name, parameters..=parameters, usage)?;
    let Some(column) = text(args[1]) else {
        return plan_err!(position, "{name} names its column in single quotes, such as 'TICKER_SYMBOL': {usage}");
    };
    let integer = |arg: Option<&ast::Expr>, max: f64, what: &str| -> Result<usize> {
        match number(arg) {
            Some(v) if v.fract() == 0.0 && (1.0..=max).contains(&v) => Ok(v as usize),
            _ => plan_err!(position, "{name}'s {what} is a whole number from 1 to {max}: {usage}"),
        }
    };
    let k = if top_k { Some(integer(args[2], 100_000.0, "k")?) } else { None };
    let seconds = integer(args[if top_k { 3 } else { 2 }], 3600.0, "window size in seconds")?;

    // The column, checked (and its exact name found) on the cursor's own columns.
    let input = plan_query(&cursor, ctx)?;
    let schema = input.plan.schema();
    let column = schema.field(cursor_column(&schema, column, &name, position)?).name().clone();

    // The window aggregate it is, over the cursor (planned once, above) read as a CTE.
    let quoted = column.replace('"', "\"\"");
    let sql = if top_k {
        format!(
            "SELECT STREAM \"{quoted}\" AS \"ITEM\", COUNT(*) AS \"ITEM_COUNT\" FROM \"$CURSOR\" \
             GROUP BY \"{quoted}\", STEP(ROWTIME BY INTERVAL '{seconds}' SECOND)"
        )
    } else {
        format!(
            "SELECT STREAM COUNT(DISTINCT \"{quoted}\") AS \"NUMBER_OF_DISTINCT_ITEMS\" FROM \"$CURSOR\" \
             GROUP BY STEP(ROWTIME BY INTERVAL '{seconds}' SECOND)"
        )
    };
    let Some(crate::sql::parser::Statement::Query { query, .. }) = crate::sql::parser::parse(&sql)?.pop() else {
        return plan_err!(position, "{name} could not be planned");
    };
    let mut select = plan_query(&query, &ctx.with_cte("$CURSOR", input))?;
    if let Some(k) = k {
        let by = select.plan.schema().fields().len() - 1;
        select.plan = LogicalPlan::TopPerWindow { input: Box::new(select.plan), k, by };
    }
    derived(select, name, None, ctx.naming)
}
