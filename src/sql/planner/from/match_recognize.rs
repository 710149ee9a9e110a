//! `t MATCH_RECOGNIZE (PARTITION BY … ORDER BY … MEASURES … PATTERN (…) DEFINE …)`: Flink's
//! row pattern recognition, with what Flink refuses refused with Flink's reason.
//!
//! The input is sorted by its event time as the watermark passes it (the time sort of `ORDER
//! BY`), then matched. In DEFINE and MEASURES, `A.price`, `price`, `FIRST(…)`, `LAST(…)`,
//! aggregates of a variable's rows and `MATCH_ROWTIME()` are navigations: each becomes a column
//! of a row the operator computes per match, and the expression is planned over that row.

use std::ops::ControlFlow;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema};
use sqlparser::ast::{self, Spanned, VisitMut, VisitorMut};

use super::relations::plan_relation;
use super::Input;
use crate::error::{Error, Position, Result};
use crate::plan::match_recognize::{AfterMatch, MatchSpec, Navigated, Navigation, PatternElement};
use crate::plan::types::timestamp_type;
use crate::plan::{AggregateExpr, AggregateFunction, Expr, LogicalPlan, ROWTIME};
use crate::plan_err;
use crate::sql::parser::MATCH_WITHIN;
use crate::sql::planner::ast_util::{function_args, function_name, span_position};
use crate::sql::planner::expr::ExprPlanner;
use crate::sql::planner::literals::interval_millis_of;
use crate::sql::planner::query::QueryContext;
use crate::sql::planner::rank::sort_key;
use crate::sql::planner::scope::{Relation, Scope, TimeColumns};

pub(super) fn plan_match_recognize(relation: &ast::TableFactor, ctx: &QueryContext) -> Result<Input> {
    let ast::TableFactor::MatchRecognize {
        table,
        partition_by,
        order_by,
        measures,
        rows_per_match,
        after_match_skip,
        pattern,
        symbols,
        alias,
    } = relation
    else {
        return plan_err!(span_position(relation.span()), "not a MATCH_RECOGNIZE: {relation}");
    };
    let position = span_position(relation.span());
    if let Some(column) = alias.as_ref().and_then(|a| a.columns.first()) {
        return plan_err!(
            span_position(column.name.span),
            "MATCH_RECOGNIZE names its columns in MEASURES, not in a column list"
        );
    }
    let input = plan_relation(table, ctx)?;
    if input.scope.op.is_some() {
        return plan_err!(
            position,
            "MATCH_RECOGNIZE reads an insert-only stream; its input is an updating result (Flink: Match Recognize doesn't support consuming update changes)"
        );
    }
    if let Some(ast::RowsPerMatch::AllRows(_)) = rows_per_match {
        return plan_err!(
            position,
            "ALL ROWS PER MATCH is not supported, as in Flink: ONE ROW PER MATCH gives a row per match"
        );
    }
    let planner = ExprPlanner::new(&input.scope);

    // ORDER BY: an event-time attribute first, ascending; the rows are matched in that order.
    let keys = order_by.iter().map(|item| sort_key(item, &planner)).collect::<Result<Vec<_>>>()?;
    let order_position = order_by.first().and_then(|o| span_position(o.span())).or(position);
    let (time, watermark) = match keys.first() {
        Some(key) if key.desc => {
            return plan_err!(order_position, "Primary sort order of a streaming table must be ascending on time")
        }
        Some(crate::plan::SortKey { expr: Expr::Column { index, .. }, .. }) => {
            match input.scope.time_attribute(*index) {
                Some(watermark) => (*index, watermark),
                None => {
                    return plan_err!(
                        order_position,
                        "MATCH_RECOGNIZE orders the rows by an event-time attribute first (a column with a WATERMARK), then other columns"
                    )
                }
            }
        }
        _ => {
            return plan_err!(
                order_position,
                "MATCH_RECOGNIZE orders the rows by an event-time attribute first (ORDER BY ts, …)"
            )
        }
    };

    let partition = partition_by.iter().map(|e| partition_column(e, &planner)).collect::<Result<Vec<_>>>()?;
    let variables = pattern_variables(pattern);
    let elements = pattern_elements(pattern, &variables, position)?;
    let naming = ctx.naming;
    let variable_of = |ident: &ast::Ident| {
        let name = naming.name(ident);
        variables.iter().position(|v| *v == name || (!naming.fold && v.eq_ignore_ascii_case(&name)))
    };

    let mut conditions: Vec<Option<Navigated>> = vec![None; variables.len()];
    let mut within = None;
    for symbol in symbols {
        let at = span_position(symbol.symbol.span);
        // `WITHIN INTERVAL …`, which the parser puts first in DEFINE.
        if symbol.symbol.quote_style.is_some() && symbol.symbol.value == MATCH_WITHIN {
            let ast::Expr::Interval(interval) = &symbol.definition else {
                return plan_err!(at, "WITHIN takes an interval: WITHIN INTERVAL '10' SECOND");
            };
            within = Some(interval_millis_of(interval, at, false)?).filter(|ms| *ms > 0);
            if within.is_none() {
                return plan_err!(at, "WITHIN takes an interval longer than 0, not {interval}");
            }
            continue;
        }
        let Some(v) = variable_of(&symbol.symbol) else {
            return plan_err!(at, "DEFINE {}: not a variable of the PATTERN", symbol.symbol);
        };
        if conditions[v].is_some() {
            return plan_err!(at, "DEFINE {} twice", symbol.symbol);
        }
        let condition = navigated(&symbol.definition, &input.scope, &variable_of, Some(v), time)?;
        if condition.expr.data_type() != DataType::Boolean {
            return plan_err!(
                span_position(symbol.definition.span()),
                "DEFINE {} AS …: a condition, not {}",
                symbol.symbol,
                symbol.definition
            );
        }
        conditions[v] = Some(condition);
    }
    let measures = measures
        .iter()
        .map(|m| Ok((naming.name(&m.alias), navigated(&m.expr, &input.scope, &variable_of, None, time)?)))
        .collect::<Result<Vec<_>>>()?;

    let after_match = match after_match_skip {
        None | Some(ast::AfterMatchSkip::ToNextRow) => AfterMatch::ToNextRow,
        Some(ast::AfterMatchSkip::PastLastRow) => AfterMatch::PastLastRow,
        Some(ast::AfterMatchSkip::ToFirst(v) | ast::AfterMatchSkip::ToLast(v)) => {
            let Some(index) = variable_of(v) else {
                return plan_err!(span_position(v.span), "AFTER MATCH SKIP TO {v}: not a variable of the PATTERN");
            };
            match after_match_skip {
                Some(ast::AfterMatchSkip::ToFirst(_)) => AfterMatch::ToFirst(index),
                _ => AfterMatch::ToLast(index),
            }
        }
    };

    // The output: ROWTIME, the partition columns, the measures.
    let input_schema = input.scope.schema.clone();
    let mut fields = vec![Field::new(ROWTIME, timestamp_type(), false)];
    for key in &partition {
        if let Expr::Column { index, .. } = key {
            fields.push(input_schema.field(*index).as_ref().clone());
        }
    }
    for (name, measure) in &measures {
        if fields.iter().any(|f| f.name() == name) {
            return plan_err!(position, "MATCH_RECOGNIZE gives two columns named {name}");
        }
        fields.push(Field::new(name, measure.expr.data_type(), true));
    }
    let schema = Arc::new(Schema::new(fields));
    let group = keys[0].expr.clone();
    let sorted = LogicalPlan::Sort { input: Box::new(input.plan), group, keys, watermark: Some(watermark) };
    let spec = MatchSpec {
        partition,
        variables,
        pattern: elements,
        conditions,
        measures: measures.into_iter().map(|(_, m)| m).collect(),
        after_match,
        within,
        time,
    };
    let plan = LogicalPlan::MatchRecognize { input: Box::new(sorted), spec: Box::new(spec), schema: schema.clone() };
    let relation = Relation {
        name: String::new(),
        alias: alias.as_ref().map(|a| naming.name(&a.name)),
        columns: 1..schema.fields().len(),
        rowtime: 0,
    };
    let scope = Scope { schema, naming, relations: vec![relation], time: TimeColumns::default(), op: None };
    Ok(Input { scope, plan })
}

/// A PARTITION BY key: a column of the input, as Flink's partitions are.
fn partition_column(e: &ast::Expr, planner: &ExprPlanner) -> Result<Expr> {
    match planner.plan(e)? {
        column @ Expr::Column { .. } => Ok(column),
        _ => plan_err!(span_position(e.span()), "PARTITION BY {e}: MATCH_RECOGNIZE partitions by columns"),
    }
}

/// The pattern's variables, in the order they first appear.
fn pattern_variables(pattern: &ast::MatchRecognizePattern) -> Vec<String> {
    let mut names = Vec::new();
    let mut add = |symbol: &ast::MatchRecognizeSymbol| {
        if let ast::MatchRecognizeSymbol::Named(ident) = symbol {
            if !names.contains(&ident.value) {
                names.push(ident.value.clone());
            }
        }
    };
    fn walk(p: &ast::MatchRecognizePattern, add: &mut dyn FnMut(&ast::MatchRecognizeSymbol)) {
        match p {
            ast::MatchRecognizePattern::Symbol(s) | ast::MatchRecognizePattern::Exclude(s) => add(s),
            ast::MatchRecognizePattern::Permute(symbols) => symbols.iter().for_each(&mut *add),
            ast::MatchRecognizePattern::Concat(parts) | ast::MatchRecognizePattern::Alternation(parts) => {
                parts.iter().for_each(|p| walk(p, add))
            }
            ast::MatchRecognizePattern::Group(p) | ast::MatchRecognizePattern::Repetition(p, _) => walk(p, add),
        }
    }
    walk(pattern, &mut add);
    names
}

/// The pattern as Flink runs it: variables one after the other, each with a quantifier.
fn pattern_elements(
    pattern: &ast::MatchRecognizePattern,
    variables: &[String],
    position: Option<Position>,
) -> Result<Vec<PatternElement>> {
    let parts = match pattern {
        ast::MatchRecognizePattern::Concat(parts) => parts.iter().collect(),
        single => vec![single],
    };
    let mut elements = Vec::new();
    for part in parts {
        let (symbol, quantifier) = match part {
            ast::MatchRecognizePattern::Symbol(s) => (s, None),
            ast::MatchRecognizePattern::Repetition(inner, q) => match inner.as_ref() {
                ast::MatchRecognizePattern::Symbol(s) => (s, Some(q)),
                _ => return plan_err!(position, "PATTERN ({pattern}): a quantifier goes after a variable; Flink does not support groups of variables"),
            },
            ast::MatchRecognizePattern::Alternation(_) => {
                return plan_err!(position, "PATTERN ({pattern}): alternatives (|) are not supported, as in Flink")
            }
            ast::MatchRecognizePattern::Permute(_) => {
                return plan_err!(position, "PATTERN ({pattern}): PERMUTE is not supported, as in Flink")
            }
            ast::MatchRecognizePattern::Exclude(_) => {
                return plan_err!(position, "PATTERN ({pattern}): exclusion ({{- … -}}) is not supported, as in Flink")
            }
            ast::MatchRecognizePattern::Group(_) | ast::MatchRecognizePattern::Concat(_) => {
                return plan_err!(position, "PATTERN ({pattern}): groups of variables are not supported, as in Flink")
            }
        };
        let ast::MatchRecognizeSymbol::Named(ident) = symbol else {
            return plan_err!(position, "PATTERN ({pattern}): ^ and $ are not supported, as in Flink");
        };
        let variable = variables.iter().position(|v| *v == ident.value).expect("a variable of the pattern");
        if elements.iter().any(|e: &PatternElement| e.variable == variable) {
            return plan_err!(position, "PATTERN ({pattern}): {ident} appears twice; give each step its own variable");
        }
        let (min, max, greedy) = match quantifier {
            None => (1, Some(1), true),
            Some(q) => {
                let (inner, greedy) = match q {
                    ast::RepetitionQuantifier::Reluctant(inner) => (inner.as_ref(), false),
                    q => (q, true),
                };
                let (min, max) = match inner {
                    ast::RepetitionQuantifier::ZeroOrMore => (0, None),
                    ast::RepetitionQuantifier::OneOrMore => (1, None),
                    ast::RepetitionQuantifier::AtMostOne => (0, Some(1)),
                    ast::RepetitionQuantifier::Exactly(n) => (*n, Some(*n)),
                    ast::RepetitionQuantifier::AtLeast(n) => (*n, None),
                    ast::RepetitionQuantifier::AtMost(n) => (0, Some(*n)),
                    ast::RepetitionQuantifier::Range(n, m) => (*n, Some(*m)),
                    ast::RepetitionQuantifier::Reluctant(_) => {
                        return plan_err!(position, "PATTERN ({pattern}): {ident}{q} is not a quantifier")
                    }
                };
                if max.is_some_and(|m| m < min || m == 0) {
                    return plan_err!(position, "PATTERN ({pattern}): {ident}{q} takes no rows");
                }
                if !greedy && min == 0 && max == Some(1) {
                    return plan_err!(
                        position,
                        "PATTERN ({pattern}): Reluctant optional variables are not supported yet (Flink)."
                    );
                }
                (min, max, greedy)
            }
        };
        elements.push(PatternElement { variable, min, max, greedy });
    }
    if let Some(last) = elements.last() {
        if last.greedy && last.max != Some(last.min) && !(last.min == 0 && last.max == Some(1)) {
            return plan_err!(
                position,
                "PATTERN ({pattern}): Greedy quantifiers are not allowed as the last element of a Pattern yet. Finish your pattern with either a simple variable or reluctant quantifier (Flink)."
            );
        }
        if last.min == 0 {
            return plan_err!(
                position,
                "PATTERN ({pattern}): the pattern's last variable may not be optional, as in Flink"
            );
        }
    }
    Ok(elements)
}

/// `e`, a measure or (`defining` a variable) that variable's condition, with its navigations
/// replaced by columns of their own, planned over them.
fn navigated(
    e: &ast::Expr,
    input: &Scope,
    variable_of: &dyn Fn(&ast::Ident) -> Option<usize>,
    defining: Option<usize>,
    time: usize,
) -> Result<Navigated> {
    let mut rewritten = e.clone();
    let measure = defining.is_none();
    let mut navigator =
        Navigator { input, variable_of, measure, time, navigations: vec![], types: vec![], error: None };
    let _ = rewritten.visit(&mut navigator);
    if let Some(error) = navigator.error {
        return Err(error);
    }
    let mut fields = vec![Field::new(ROWTIME, timestamp_type(), false)];
    fields.extend(navigator.types.iter().enumerate().map(|(i, t)| Field::new(nav_name(i), t.clone(), true)));
    let schema = Arc::new(Schema::new(fields));
    let relation = Relation { name: String::new(), alias: None, columns: 1..schema.fields().len(), rowtime: 0 };
    let scope = Scope {
        schema: schema.clone(),
        naming: input.naming,
        relations: vec![relation],
        time: TimeColumns::default(),
        op: None,
    };
    let expr = ExprPlanner::new(&scope).plan(&rewritten)?;
    // A condition that reads only the row it is asked about (`A.price > 10`, `price > 10`).
    let current: Option<Vec<usize>> = navigator
        .navigations
        .iter()
        .map(|n| match n {
            Navigation::Last { variable, column, offset: 0 }
                if defining.is_some() && (variable.is_none() || *variable == defining) =>
            {
                Some(*column)
            }
            _ => None,
        })
        .collect();
    let row_local = current.map(|columns| expr.map_columns(&|i| if i == 0 { 0 } else { columns[i - 1] }));
    Ok(Navigated { navigations: navigator.navigations, expr, schema, row_local })
}

fn nav_name(i: usize) -> String {
    format!("NAV$${i}")
}

struct Navigator<'a> {
    input: &'a Scope,
    variable_of: &'a dyn Fn(&ast::Ident) -> Option<usize>,
    measure: bool,
    time: usize,
    navigations: Vec<Navigation>,
    types: Vec<DataType>,
    error: Option<Error>,
}

impl Navigator<'_> {
    /// A column of the input, optionally after a pattern variable (`A.price`, `price`).
    fn column(&self, e: &ast::Expr) -> Result<Option<(Option<usize>, usize, DataType)>> {
        let position = span_position(e.span());
        let (variable, ident) = match e {
            ast::Expr::Identifier(ident) => (None, ident),
            ast::Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                let Some(v) = (self.variable_of)(&parts[0]) else {
                    return plan_err!(position, "{e}: {} is not a variable of the PATTERN", parts[0]);
                };
                (Some(v), &parts[1])
            }
            _ => return Ok(None),
        };
        match self.input.column(None, ident) {
            Ok(Expr::Column { index, data_type, .. }) => Ok(Some((variable, index, data_type))),
            Ok(_) => Ok(None),
            // An unqualified name that is not a column is left to the expression planner.
            Err(_) if variable.is_none() => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn navigation(&self, e: &ast::Expr) -> Result<Option<(Navigation, DataType)>> {
        let position = span_position(e.span());
        if let Some((variable, column, data_type)) = self.column(e)? {
            return Ok(Some((Navigation::Last { variable, column, offset: 0 }, data_type)));
        }
        let ast::Expr::Function(f) = e else { return Ok(None) };
        let name = function_name(f);
        match name.as_str() {
            "PREV" | "NEXT" => plan_err!(
                position,
                "{name}: Flink does not support physical offsets within partition; read the match's rows with LAST(A.col, n) or FIRST(A.col, n)"
            ),
            "MATCH_PROCTIME" | "CLASSIFIER" | "MATCH_NUMBER" => {
                plan_err!(position, "{name}() is not supported in MATCH_RECOGNIZE yet")
            }
            "MATCH_ROWTIME" if !self.measure => plan_err!(position, "MATCH_ROWTIME() is a measure of a match, not a condition"),
            "MATCH_ROWTIME" => Ok(Some((Navigation::MatchRowtime, self.input.schema.field(self.time).data_type().clone()))),
            "FIRST" | "LAST" => {
                let args = function_args(f);
                let (arg, offset) = match args.as_slice() {
                    [Some(arg)] => (*arg, 0),
                    [Some(arg), Some(ast::Expr::Value(v))] => match &v.value {
                        ast::Value::Number(n, _) => match n.parse::<usize>() {
                            Ok(n) => (*arg, n),
                            Err(_) => return plan_err!(position, "{name}'s offset is a whole number, not {n}"),
                        },
                        other => return plan_err!(position, "{name}'s offset is a whole number, not {other}"),
                    },
                    _ => return plan_err!(position, "{name} takes a column and an offset: {name}(A.price, 1)"),
                };
                let Some((variable, column, data_type)) = self.column(arg)? else {
                    return plan_err!(position, "{name} reads a column of the match: {name}(A.price), not {name}({arg})");
                };
                let navigation = if name == "FIRST" {
                    Navigation::First { variable, column, offset }
                } else {
                    Navigation::Last { variable, column, offset }
                };
                Ok(Some((navigation, data_type)))
            }
            _ => {
                let Some(func) = AggregateFunction::by_name(&name) else { return Ok(None) };
                if !matches!(
                    func,
                    AggregateFunction::Count
                        | AggregateFunction::Sum
                        | AggregateFunction::Avg
                        | AggregateFunction::Min
                        | AggregateFunction::Max
                ) {
                    return plan_err!(position, "{name} is not supported in MATCH_RECOGNIZE: COUNT, SUM, AVG, MIN and MAX are");
                }
                let ast::FunctionArguments::List(list) = &f.args else {
                    return plan_err!(position, "{name} needs an argument");
                };
                if list.duplicate_treatment.is_some() || f.filter.is_some() || f.over.is_some() {
                    return plan_err!(position, "{e}: DISTINCT, FILTER and OVER are not supported in MATCH_RECOGNIZE");
                }
                let (variable, arg) = match list.args.as_slice() {
                    [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Wildcard)] if func == AggregateFunction::Count => {
                        (None, None)
                    }
                    [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::QualifiedWildcard(name))]
                        if func == AggregateFunction::Count =>
                    {
                        let ident = match name.0.as_slice() {
                            [ast::ObjectNamePart::Identifier(ident)] => ident,
                            _ => return plan_err!(position, "{e}: COUNT(A.*) counts a variable's rows"),
                        };
                        let Some(v) = (self.variable_of)(ident) else {
                            return plan_err!(position, "{e}: {ident} is not a variable of the PATTERN");
                        };
                        (Some(v), None)
                    }
                    [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(arg))] => match self.column(arg)? {
                        Some((variable, column, data_type)) => {
                            let name = self.input.schema.field(column).name().clone();
                            (variable, Some(Expr::Column { index: column, name, data_type }))
                        }
                        None => return plan_err!(position, "{name} in MATCH_RECOGNIZE takes a column: {name}(A.price)"),
                    },
                    _ => return plan_err!(position, "{name} takes one argument"),
                };
                let aggregate = AggregateExpr { func, arg, distinct: false };
                let data_type = aggregate.data_type();
                Ok(Some((Navigation::Aggregate { variable, aggregate }, data_type)))
            }
        }
    }
}

impl VisitorMut for Navigator<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, e: &mut ast::Expr) -> ControlFlow<()> {
        match self.navigation(e) {
            Ok(Some((navigation, data_type))) => {
                let at = match self.navigations.iter().position(|n| *n == navigation) {
                    Some(at) => at,
                    None => {
                        self.navigations.push(navigation);
                        self.types.push(data_type);
                        self.navigations.len() - 1
                    }
                };
                *e = ast::Expr::Identifier(ast::Ident::with_quote('"', nav_name(at)));
                ControlFlow::Continue(())
            }
            Ok(None) => ControlFlow::Continue(()),
            Err(error) => {
                self.error = Some(error);
                ControlFlow::Break(())
            }
        }
    }
}
