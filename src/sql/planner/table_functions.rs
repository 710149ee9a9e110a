//! KDA's table functions over a stream, read as `FROM TABLE(f(CURSOR(SELECT STREAM …), …))`:
//! `TOP_K_ITEMS_TUMBLING` and `COUNT_DISTINCT_ITEMS_TUMBLING`, each planned as the KDA window
//! aggregate it is (a tumbling window on ROWTIME, emitted when a row at or past its end
//! arrives), so that windows, checkpoints and EXPLAIN work as for any GROUP BY.
//!
//! Both are exact: KDA documents its versions as approximate (a count of up to 10,000 distinct
//! items is exact there too).

use sqlparser::ast::{self, Spanned};

use super::expr::{function_args, function_name, span_position};
use super::from::{derived, Input};
use super::query::{plan_query, QueryContext};
use crate::error::Result;
use crate::plan::LogicalPlan;
use crate::plan_err;

/// Whether `name` is one of KDA's table functions over a stream.
pub(crate) fn is_kda_table_function(name: &str) -> bool {
    matches!(name, "TOP_K_ITEMS_TUMBLING" | "COUNT_DISTINCT_ITEMS_TUMBLING")
}

/// `TOP_K_ITEMS_TUMBLING(CURSOR(…), 'column', k, window_seconds)`: per window, the `k` most
/// frequent values of the column, as `ITEM` and `ITEM_COUNT`, the most frequent first.
/// `COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(…), 'column', window_seconds)`: per window, the number
/// of distinct values, as `NUMBER_OF_DISTINCT_ITEMS`.
pub(crate) fn plan_kda_table_function(f: &ast::Function, ctx: &QueryContext) -> Result<Input> {
    let position = span_position(f.span());
    let name = function_name(f);
    let top_k = name == "TOP_K_ITEMS_TUMBLING";
    let usage = if top_k {
        "TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM s), 'column', k, window_seconds)"
    } else {
        "COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM s), 'column', window_seconds)"
    };
    let args = function_args(f);
    if args.len() != if top_k { 4 } else { 3 } {
        return plan_err!(position, "{name} takes {} arguments: {usage}", if top_k { 4 } else { 3 });
    }
    let cursor = match args[0] {
        Some(ast::Expr::Function(c)) if function_name(c) == "CURSOR" => match function_args(c).first() {
            Some(Some(ast::Expr::Subquery(query))) => query.clone(),
            _ => return plan_err!(position, "{name} reads CURSOR(SELECT STREAM …): {usage}"),
        },
        _ => return plan_err!(position, "{name}'s first argument is CURSOR(SELECT STREAM …): {usage}"),
    };
    let column = match args[1] {
        Some(ast::Expr::Value(v)) => match &v.value {
            ast::Value::SingleQuotedString(c) => c.clone(),
            _ => {
                return plan_err!(
                    position,
                    "{name} names its column in single quotes, such as 'TICKER_SYMBOL': {usage}"
                )
            }
        },
        _ => return plan_err!(position, "{name} names its column in single quotes, such as 'TICKER_SYMBOL': {usage}"),
    };
    let integer = |arg: Option<&ast::Expr>, max: i64, what: &str| -> Result<usize> {
        let value = match arg {
            Some(ast::Expr::Value(v)) => match &v.value {
                ast::Value::Number(n, _) => n.parse::<i64>().ok(),
                _ => None,
            },
            _ => None,
        };
        match value {
            Some(v) if (1..=max).contains(&v) => Ok(v as usize),
            _ => plan_err!(position, "{name}'s {what} is a whole number from 1 to {max}: {usage}"),
        }
    };
    let k = if top_k { Some(integer(args[2], 100_000, "k")?) } else { None };
    let seconds = integer(args[if top_k { 3 } else { 2 }], 3600, "window size in seconds")?;

    // The column, checked (and its exact name found) on the cursor's own columns.
    let input = plan_query(&cursor, ctx)?;
    let schema = input.plan.schema();
    let found = schema.fields().iter().skip(1).map(|f| f.name().as_str()).find(|n| *n == column).or_else(|| {
        let mut loose =
            schema.fields().iter().skip(1).map(|f| f.name().as_str()).filter(|n| n.eq_ignore_ascii_case(&column));
        loose.next().filter(|_| loose.next().is_none())
    });
    let Some(column) = found.map(str::to_string) else {
        let names: Vec<&str> = schema.fields().iter().skip(1).map(|f| f.name().as_str()).collect();
        return plan_err!(
            position,
            "the cursor of {name} has no column '{column}' (its columns: {})",
            names.join(", ")
        );
    };

    // The window aggregate it is, over the cursor as a derived table.
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
    let mut query = match crate::sql::parser::parse(&sql)?.pop() {
        Some(crate::sql::parser::Statement::Query { query, .. }) => query,
        _ => return plan_err!(position, "{name} could not be planned"),
    };
    if let ast::SetExpr::Select(select) = query.body.as_mut() {
        select.from[0].relation = ast::TableFactor::Derived {
            lateral: false,
            subquery: cursor,
            alias: Some(ast::TableAlias {
                explicit: true,
                name: ast::Ident::new("$CURSOR"),
                columns: vec![],
                at: None,
            }),
            sample: None,
        };
    }
    let mut select = plan_query(&query, ctx)?;
    if let Some(k) = k {
        let by = select.plan.schema().fields().len() - 1;
        select.plan = LogicalPlan::TopPerWindow { input: Box::new(select.plan), k, by };
    }
    derived(select, name, None, ctx.naming)
}
