//! Names, functions and relations as Flink writes them: every name quoted, KDA's functions
//! renamed or refused, its item-counting table functions made views of window aggregates.

use std::fmt::Write as _;
use std::ops::ControlFlow;

use sqlparser::ast::{self, Spanned};

use super::{position_of, quote, raw, raw_expr, refuse, Export};
use crate::error::{Error, Result};
use crate::plan::{SqlType, StreamDef};
use crate::sql::planner::{cursor_query, function_args, function_name, is_kda_table_function, leading_digits, number};
use crate::sql::{parser, walk_mut, NodeMut};

/// KDA functions Flink has under another name, with their arguments reordered.
const RENAMED: &[(&str, &str, bool)] = &[
    // (KDA, Flink, arguments swapped)
    ("TIMESTAMP_TO_CHAR", "DATE_FORMAT", true),
    ("CHAR_TO_TIMESTAMP", "TO_TIMESTAMP", true),
    ("REGEX_REPLACE", "REGEXP_REPLACE", false),
];

/// KDA functions Flink SQL has no counterpart for.
const KDA_ONLY: &[&str] = &[
    "STEP",
    "STAGGER",
    "CHAR_TO_DATE",
    "CHAR_TO_TIME",
    "DATE_TO_CHAR",
    "TIME_TO_CHAR",
    "MONOTONIC",
    "NTH_VALUE",
    "$NTH_VALUE_FROM_LAST",
    "EXP_AVG",
    "EVERY",
    "FAST_REGEX_LOG_PARSE",
    "FIXED_COLUMN_LOG_PARSE",
    "REGEX_LOG_PARSE",
    "SYS_LOG_PARSE",
    "VARIABLE_COLUMN_LOG_PARSE",
    "W3C_LOG_PARSE",
    "$SUBSTRING_SIMILAR",
    "APPROXIMATE_ARRIVAL_TIME",
    "CURRENT_ROW_TIMESTAMP",
    "TSDIFF",
    "$INTERVAL_BETWEEN",
];

/// Aggregates KDA computes in DOUBLE.
const VARIANCES: &[&str] = &["STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP"];

impl Export<'_> {
    /// The views made for the pumps that write `target`, in the order made.
    pub(super) fn function_views(&mut self, target: &str) {
        let (views, others) = std::mem::take(&mut self.functions).into_iter().partition(|(t, _, _)| t == target);
        self.functions = others;
        self.job.views.extend(views.into_iter().map(|(_, view, _)| view));
    }

    /// KDA's `TOP_K_ITEMS_TUMBLING` and `COUNT_DISTINCT_ITEMS_TUMBLING` over
    /// `CURSOR(SELECT STREAM * FROM s [WHERE …])` as a view of a Flink window aggregate (then a
    /// window Top-N), whose `ROWTIME` is the window's end as kdalite's is: its name, for the
    /// pump to read as a stream.
    pub(super) fn item_function(&mut self, f: &ast::Function, target: &str) -> Result<String> {
        let position = position_of(f.span());
        let name = function_name(f);
        let top_k = name == "TOP_K_ITEMS_TUMBLING";
        let args = function_args(f);
        let not_yet = || {
            refuse(
                position,
                format!("{name} over a cursor other than SELECT STREAM * FROM s [WHERE …] is not translated yet"),
            )
        };
        let Some(cursor) = cursor_query(args.first().copied().flatten()) else { return not_yet() };
        let ast::SetExpr::Select(select) = cursor.body.as_ref() else { return not_yet() };
        let (Some(ast::SelectItem::Wildcard(_)), 1, [from]) =
            (select.projection.first(), select.projection.len(), select.from.as_slice())
        else {
            return not_yet();
        };
        let ast::TableFactor::Table { name: source, alias, args: None, .. } = &from.relation else { return not_yet() };
        if !from.joins.is_empty() || !matches!(&select.group_by, ast::GroupByExpr::Expressions(g, _) if g.is_empty()) {
            return not_yet();
        }
        let source = source.0.last().and_then(|p| p.as_ident()).map(parser::normalize_ident).unwrap_or_default();
        let input = self.stream(&source)?;
        let column = match args.get(1).copied().flatten() {
            Some(ast::Expr::Value(v)) => match &v.value {
                ast::Value::SingleQuotedString(c) => c.clone(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        let column = input
            .columns
            .iter()
            .find(|c| c.name == column)
            .or_else(|| input.columns.iter().find(|c| c.name.eq_ignore_ascii_case(&column)))
            .ok_or_else(|| Error::Internal(format!("{name}'s column '{column}' was planned")))?
            .clone();
        let whole = |arg: Option<&ast::Expr>| number(arg).map(|n| n as u64).unwrap_or_default();
        let seconds = whole(args.get(if top_k { 3 } else { 2 }).copied().flatten());
        // The cursor's rows: the stream, or a view of its rows that pass the WHERE.
        let mut table = quote(&source);
        let index = self.job.views.len() + self.functions.len() + 1;
        let mut views = Vec::new();
        if let Some(condition) = &select.selection {
            let mut condition = condition.clone();
            self.translate(&mut condition, true)?;
            table = quote(&format!("kdalite_cursor_{index}"));
            let alias =
                alias.as_ref().map(|a| format!(" AS {}", quote(&parser::normalize_ident(&a.name)))).unwrap_or_default();
            views.push(format!("CREATE VIEW {table} AS\nSELECT * FROM {}{alias} WHERE {condition}", quote(&source)));
        }
        let item = quote(&column.name);
        let tumble = format!("TABLE(TUMBLE(TABLE {table}, DESCRIPTOR(`ROWTIME`), INTERVAL '{seconds}' SECOND))");
        let (view, query, columns) = if top_k {
            let k = whole(args.get(2).copied().flatten());
            self.note(
                position,
                format!("{name} is a window Top-N of {k}, by exact counts as kdalite's are (KDA's are approximate); of items tied for the last place, Flink may keep others than kdalite"),
                false,
            );
            let query = [
                "SELECT `window_end` AS `ROWTIME`, `ITEM`, `ITEM_COUNT` FROM (".to_string(),
                "  SELECT *, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `ITEM_COUNT` DESC) AS `rownum`".into(),
                "  FROM (".into(),
                format!("    SELECT `window_start`, `window_end`, {item} AS `ITEM`, COUNT(*) AS `ITEM_COUNT`"),
                format!("    FROM {tumble}"),
                format!("    GROUP BY `window_start`, `window_end`, {item}"),
                "  )".into(),
                format!(") WHERE `rownum` <= {k}"),
            ]
            .join("\n");
            let columns = vec![
                crate::plan::ColumnDef { name: "ITEM".into(), sql_type: column.sql_type.clone() },
                crate::plan::ColumnDef { name: "ITEM_COUNT".into(), sql_type: SqlType::BigInt },
            ];
            (format!("kdalite_top_k_{index}"), query, columns)
        } else {
            self.note(
                position,
                format!(
                    "{name} is COUNT(DISTINCT …) over a tumbling window, exact as kdalite's is (KDA's is approximate)"
                ),
                false,
            );
            let query = format!(
                "SELECT `window_end` AS `ROWTIME`, COUNT(DISTINCT {item}) AS `NUMBER_OF_DISTINCT_ITEMS`\nFROM {tumble}\nGROUP BY `window_start`, `window_end`"
            );
            let columns =
                vec![crate::plan::ColumnDef { name: "NUMBER_OF_DISTINCT_ITEMS".into(), sql_type: SqlType::BigInt }];
            (format!("kdalite_count_distinct_{index}"), query, columns)
        };
        views.push(format!("CREATE VIEW {} AS\n{query}", quote(&view)));
        let statement = self.with_notes(views.join(";\n\n"));
        self.functions.push((target.to_string(), statement, StreamDef::new(&view, columns)));
        Ok(view)
    }

    /// Quotes every name (KDA's folded to upper case unless quoted) and rewrites what Flink
    /// spells otherwise, in place.
    pub(super) fn translate<T: sqlparser::ast::VisitMut>(&mut self, tree: &mut T, kda: bool) -> Result<()> {
        let mut error = None;
        let mut hoisted = Hoisted { first: self.job.views.len() + 1, views: Vec::new() };
        let _ = walk_mut(tree, &mut |node| {
            let result = match node {
                NodeMut::Ident(ident) => {
                    match ident.quote_style {
                        None if kda => ident.value = ident.value.to_uppercase(),
                        None | Some('"') | Some('`') => {}
                        // Already translated (a raw piece of the job's text).
                        Some(_) => return ControlFlow::Continue(()),
                    }
                    ident.quote_style = Some('`');
                    Ok(())
                }
                NodeMut::Expr(expr) => function(expr, kda, &mut hoisted),
                NodeMut::TableFactor(factor) => table_factor(factor, kda),
            };
            match result {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    error = Some(e);
                    ControlFlow::Break(())
                }
            }
        });
        // A window TVF over a subquery: Flink takes `TABLE name` only, so the subquery is a view.
        for (name, query) in hoisted.views {
            self.note(None, format!("the subquery a window TVF reads is the view {}", quote(&name)), false);
            let statement = format!("CREATE VIEW {} AS\n{query}", quote(&name));
            self.job.views.push(statement);
        }
        error.map_or(Ok(()), Err)
    }
}

/// Subqueries made views (see [`Export::translate`]), each with its name.
struct Hoisted {
    /// The number the first view's name takes (unique within the job).
    first: usize,
    views: Vec<(String, String)>,
}

/// A function call as Flink spells it: its name bare (names are quoted by the walk), KDA's
/// renamed, what Flink lacks refused.
fn function(expr: &mut ast::Expr, kda: bool, hoisted: &mut Hoisted) -> Result<()> {
    if matches!(expr, ast::Expr::Interval(_)) {
        return widen(expr);
    }
    // `x BETWEEN SYMMETRIC a AND b`, whose `a` the parser wrapped: the key word and the bound.
    if let Some(text) = crate::sql::parser::symmetric_bound(expr).map(|bound| format!("SYMMETRIC {bound}")) {
        *expr = raw_expr(text);
        return Ok(());
    }
    // A type the parser does not know, such as TIMESTAMP_LTZ(3), is a name: bare, as a type.
    if let ast::Expr::Cast { data_type: ast::DataType::Custom(name, _), .. } = expr {
        for part in name.0.iter_mut() {
            if let ast::ObjectNamePart::Identifier(ident) = part {
                ident.quote_style = None;
            }
        }
    }
    let ast::Expr::Function(f) = expr else { return Ok(()) };
    let name = function_name(f);
    for part in f.name.0.iter_mut() {
        if let ast::ObjectNamePart::Identifier(ident) = part {
            ident.quote_style = None;
        }
    }
    // kdalite reads a window TVF's `TABLE t [PARTITION BY k]` argument as the call TABLE(t, k…).
    if name == "TABLE" {
        if let Some(Some(ast::Expr::Subquery(query))) = function_args(f).first() {
            let view = format!("kdalite_tvf_input_{}", hoisted.first + hoisted.views.len());
            hoisted.views.push((view.clone(), query.to_string()));
            if let ast::FunctionArguments::List(list) = &mut f.args {
                list.args[0] = ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(raw_expr(quote(&view))));
            }
        }
        let args: Vec<String> = function_args(f).iter().map(|a| a.map(|e| e.to_string()).unwrap_or_default()).collect();
        let mut text = format!("TABLE {}", args.first().cloned().unwrap_or_default());
        if args.len() > 1 {
            let _ = write!(text, " PARTITION BY {}", args[1..].join(", "));
        }
        *expr = raw_expr(text);
        return Ok(());
    }
    // The clauses of the JSON query functions, which the parser made arguments, as Flink
    // writes them.
    if ["JSON_VALUE", "JSON_QUERY", "JSON_EXISTS"].contains(&name.as_str()) && function_args(f).len() > 2 {
        let args = function_args(f);
        let text = |i: usize| args.get(i).copied().flatten().map(|e| e.to_string()).unwrap_or_default();
        let mut call = format!("{name}({}, {}", text(0), text(1));
        let mut i = 2;
        while i < args.len() {
            let clause = match args[i] {
                Some(ast::Expr::Value(v)) => match &v.value {
                    ast::Value::SingleQuotedString(s) => s.strip_prefix(crate::sql::parser::JSON_CLAUSE),
                    _ => None,
                },
                _ => None,
            };
            let Some(clause) = clause else { return refuse(None, format!("{name} with an argument after its path")) };
            if clause.starts_with("RETURNING ") {
                // Its type is in the clause; the typed NULL after it goes.
                let _ = write!(call, " {clause}");
                i += 1;
            } else if let Some(case) = clause.strip_prefix("DEFAULT ") {
                let _ = write!(call, " DEFAULT {} {case}", text(i + 1));
                i += 1;
            } else {
                let _ = write!(call, " {clause}");
            }
            i += 1;
        }
        *expr = raw_expr(format!("{call})"));
        return Ok(());
    }
    if name == crate::sql::parser::MAP_CONSTRUCTOR {
        let args: Vec<String> = function_args(f).iter().map(|a| a.map(|e| e.to_string()).unwrap_or_default()).collect();
        *expr = raw_expr(format!("MAP[{}]", args.join(", ")));
        return Ok(());
    }
    // PERCENTILE, which kdalite reads as the percentile of its ARRAY_AGG's array, written back.
    if name == crate::sql::parser::PERCENTILE_OF {
        let args = function_args(f);
        if let [Some(ast::Expr::Function(inner)), Some(percentage), weighted @ ..] = args.as_slice() {
            // With a frequency, the aggregate keeps ROW(value, frequency).
            let (values, after) = array_agg_parts(inner, !weighted.is_empty());
            let frequency: String = values[1..].iter().map(|f| format!(", {f}")).collect();
            *expr = raw_expr(format!("PERCENTILE({}, {percentage}{frequency}){after}", values[0]));
        }
        return Ok(());
    }
    // Flink's parser takes neither FILTER nor OVER after JSON_ARRAYAGG and JSON_OBJECTAGG.
    if name == crate::sql::parser::JSON_ARRAY_OF || name == crate::sql::parser::JSON_OBJECT_OF {
        let modified =
            |e: &&ast::Expr| matches!(e, ast::Expr::Function(inner) if inner.filter.is_some() || inner.over.is_some());
        if function_args(f).first().copied().flatten().filter(modified).is_some() {
            let call = if name == crate::sql::parser::JSON_ARRAY_OF { "JSON_ARRAYAGG" } else { "JSON_OBJECTAGG" };
            return refuse(position_of(f.name.span()), format!("Flink's parser takes no FILTER or OVER after {call}"));
        }
    }
    // JSON_ARRAYAGG, which kdalite reads as its ARRAY_AGG's array as JSON, written back.
    if name == crate::sql::parser::JSON_ARRAY_OF {
        if let Some(Some(ast::Expr::Function(inner))) = function_args(f).first() {
            let (values, after) = array_agg_parts(inner, false);
            let value = &values[0];
            let nulls = match inner.null_treatment {
                Some(ast::NullTreatment::RespectNulls) => " NULL ON NULL",
                _ => "",
            };
            *expr = raw_expr(format!("JSON_ARRAYAGG({value}{nulls}){after}"));
        }
        return Ok(());
    }
    // JSON_OBJECTAGG: kdalite's ARRAY_AGG of ROW(key, value), written back.
    if name == crate::sql::parser::JSON_OBJECT_OF {
        let args = function_args(f);
        if let [Some(ast::Expr::Function(inner)), Some(absent), ..] = args.as_slice() {
            let (values, after) = array_agg_parts(inner, true);
            if let [key, value] = values.as_slice() {
                let nulls = if absent.to_string() == "true" { " ABSENT ON NULL" } else { "" };
                *expr = raw_expr(format!("JSON_OBJECTAGG(KEY {key} VALUE {value}{nulls}){after}"));
            }
        }
        return Ok(());
    }
    // TIMESTAMPDIFF(unit, …) and TIMESTAMPADD(unit, …): the unit is a keyword, not a name.
    if matches!(name.as_str(), "TIMESTAMPDIFF" | "TIMESTAMPADD") {
        if let ast::FunctionArguments::List(list) = &mut f.args {
            if let Some(ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(ast::Expr::Identifier(unit)))) =
                list.args.first_mut()
            {
                *unit = raw(unit.value.to_uppercase());
            }
        }
    }
    let position = position_of(f.name.span());
    // Refused in either dialect: kdalite runs KDA's functions in Flink SQL too.
    if KDA_ONLY.contains(&name.as_str()) {
        let name = match name.as_str() {
            "$INTERVAL_BETWEEN" => {
                "(a - b) with an interval qualifier; TIMESTAMPDIFF(unit, b, a) gives a number".into()
            }
            _ => name.trim_start_matches('$').replace("_SIMILAR", " … SIMILAR").replace("_FROM_LAST", " … FROM LAST"),
        };
        return refuse(position, format!("Flink SQL has no {name}"));
    }
    if !kda {
        return Ok(());
    }
    // KDA's variance family is DOUBLE whatever its argument; Flink's keeps an integer's type.
    if VARIANCES.contains(&name.as_str()) {
        if let ast::FunctionArguments::List(list) = &mut f.args {
            if let Some(ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(arg))) = list.args.first_mut() {
                *arg = raw_expr(format!("CAST({arg} AS DOUBLE)"));
            }
        }
    }
    if name == "REGEX_REPLACE" && function_args(f).len() > 3 {
        return refuse(
            position,
            "Flink's REGEXP_REPLACE replaces every match from the start: it has no position or occurrence",
        );
    }
    if let Some((_, flink, swapped)) = RENAMED.iter().find(|(k, _, _)| *k == name) {
        f.name = ast::ObjectName::from(vec![ast::Ident::new(*flink)]);
        if *swapped {
            if let ast::FunctionArguments::List(list) = &mut f.args {
                if list.args.len() == 2 {
                    list.args.swap(0, 1);
                }
            }
        }
    }
    Ok(())
}

/// A lookup's `FOR SYSTEM_TIME AS OF` where Flink reads it, before the alias (sqlparser
/// prints it after).
fn lookup(factor: &mut ast::TableFactor) {
    if let ast::TableFactor::Table { name, version, .. } = factor {
        if let Some(ast::TableVersion::ForSystemTimeAsOf(time)) = version.take() {
            *name = ast::ObjectName::from(vec![raw(format!("{name} FOR SYSTEM_TIME AS OF {time}"))]);
        }
    }
}

/// A relation as Flink reads it: lookups written as Flink writes them; KDA's table functions
/// and join windows refused.
fn table_factor(factor: &mut ast::TableFactor, kda: bool) -> Result<()> {
    lookup(factor);
    // UNNEST(…), which kdalite's parser reads as a table called with arguments: a keyword.
    if let ast::TableFactor::Table { name, args: Some(_), .. } = factor {
        if let [ast::ObjectNamePart::Identifier(id)] = name.0.as_mut_slice() {
            if id.value.eq_ignore_ascii_case("UNNEST") {
                id.quote_style = None;
                return Ok(());
            }
        }
    }
    if !kda {
        return Ok(());
    }
    let position = position_of(factor.span());
    if let ast::TableFactor::Table { args: Some(_), .. } = factor {
        return refuse(position, "KDA's join windows (a stream OVER a window in FROM) are not translated yet");
    }
    if let ast::TableFactor::TableFunction { expr: ast::Expr::Function(f), .. } = factor {
        let name = function_name(f);
        if is_kda_table_function(&name) {
            return refuse(position, format!("{name} is KDA's own table function; Flink SQL has none like it"));
        }
    }
    Ok(())
}

/// An interval literal as Flink reads it. Flink's leading field holds two digits unless a
/// precision says more (`INTERVAL '100' SECOND` is an error there, `SECOND(3)` is not), and a
/// day-to-second field at most three (`DAY(4)` is refused, and so are kdalite's wider
/// precisions): a longer single field becomes that many units, `(INTERVAL '1' SECOND * 1000)`;
/// a longer field with others after it is refused.
fn widen(expr: &mut ast::Expr) -> Result<()> {
    let ast::Expr::Interval(interval) = expr else { return Ok(()) };
    let Some(field) = interval.leading_field.clone() else { return Ok(()) };
    let year_month = matches!(field, ast::DateTimeField::Year | ast::DateTimeField::Month);
    let widest = if year_month { 4 } else { 3 };
    if interval.leading_precision.is_some_and(|p| p <= widest) {
        return Ok(());
    }
    interval.leading_precision = None;
    let ast::Expr::Value(value) = interval.value.as_ref() else { return Ok(()) };
    let ast::Value::SingleQuotedString(text) = &value.value else { return Ok(()) };
    let unsigned = text.trim().trim_start_matches(['-', '+']);
    let digits = leading_digits(text);
    if digits <= 2 {
        return Ok(());
    }
    if digits as u64 <= widest {
        interval.leading_precision = Some(digits as u64);
        return Ok(());
    }
    if interval.last_field.is_some() || digits < unsigned.len() {
        let position = position_of(value.span);
        return refuse(
            position,
            format!("Flink's {field} interval field holds at most {widest} digits, not '{text}': add intervals of one field each, INTERVAL '1' {field} * n + …"),
        );
    }
    let sign = if text.trim().starts_with('-') { "-" } else { "" };
    *expr = raw_expr(format!("(INTERVAL '{sign}1' {field} * {unsigned})"));
    Ok(())
}

/// What the ARRAY_AGG kdalite reads PERCENTILE, JSON_ARRAYAGG and JSON_OBJECTAGG as keeps, as
/// text: its value (with its DISTINCT), or with `row` the fields of the ROW the parser made of
/// two (PERCENTILE's value and frequency, JSON_OBJECTAGG's key and value), never none; and what
/// follows the call (its FILTER and OVER).
fn array_agg_parts(inner: &ast::Function, row: bool) -> (Vec<String>, String) {
    let text = |e: &Option<&ast::Expr>| e.map(|e| e.to_string()).unwrap_or_default();
    let arg = function_args(inner).first().copied().flatten();
    let mut values: Vec<String> = match arg {
        Some(ast::Expr::Function(fields)) if row && !function_args(fields).is_empty() => {
            function_args(fields).iter().map(text).collect()
        }
        _ => vec![text(&arg)],
    };
    if distinct(inner) {
        values[0] = format!("DISTINCT {}", values[0]);
    }
    let filter = inner.filter.as_ref().map(|w| format!(" FILTER (WHERE {w})")).unwrap_or_default();
    let over = inner.over.as_ref().map(|w| format!(" OVER {w}")).unwrap_or_default();
    (values, filter + &over)
}

fn distinct(f: &ast::Function) -> bool {
    matches!(&f.args, ast::FunctionArguments::List(l) if l.duplicate_treatment == Some(ast::DuplicateTreatment::Distinct))
}
