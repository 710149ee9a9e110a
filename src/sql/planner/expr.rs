//! Planning expressions: names resolved in a [`Scope`], operand types coerced, aggregate
//! calls and grouped expressions resolved to a window aggregate's output columns.

use std::cell::RefCell;

use arrow_schema::DataType;
use sqlparser::ast::{self, Spanned};

use super::aggregate_calls::{aggregate_call, argument_fits, contains_aggregate, scalar_call_modifier};
use super::ast_util::{first_words, function_args, function_name, span_position};
use super::functions::unify;
use super::grouping::{Aggregation, AGG_FIXED};
use super::literals::{date_part, literal, step_size, time_unit};
use super::operators::{binary, binary_op};
use super::over::SlidingWindows;
use super::patterns::{regex_syntax_check, similar_to_regex, substring_similar_regex};
use super::scope::Scope;
use super::sql_type;
use crate::error::{Error, Position, Result};
use crate::plan::types::{is_integer, is_numeric, is_timestamp, ltz_zone, sql_name, timestamp_type};
use crate::plan::{
    AggregateExpr, AggregateFunction, BinaryOp, Expr, IntervalQualifier, LikeKind, ScalarFunction, ScalarValue,
    TrimSide, ROWTIME,
};
use crate::plan_err;

/// Plans expressions in a scope; inside an aggregate query, also resolves aggregate calls and
/// grouped expressions to the aggregate's output columns.
pub(crate) struct ExprPlanner<'a> {
    pub(super) scope: &'a Scope,
    aggregation: Option<&'a RefCell<Aggregation>>,
    pub(super) over: Option<&'a RefCell<SlidingWindows>>,
}

impl<'a> ExprPlanner<'a> {
    pub fn new(scope: &'a Scope) -> ExprPlanner<'a> {
        ExprPlanner { scope, aggregation: None, over: None }
    }

    pub fn aggregating(scope: &'a Scope, aggregation: &'a RefCell<Aggregation>) -> ExprPlanner<'a> {
        ExprPlanner { scope, aggregation: Some(aggregation), over: None }
    }

    pub fn sliding(scope: &'a Scope, over: &'a RefCell<SlidingWindows>) -> ExprPlanner<'a> {
        ExprPlanner { scope, aggregation: None, over: Some(over) }
    }

    pub fn plan(&self, e: &ast::Expr) -> Result<Expr> {
        if let Some(call) = aggregate_call(e)? {
            if let Some(window) = call.over {
                return self.plan_over(e, call, window);
            }
        }
        if let Some(agg) = &self.aggregation {
            if let ast::Expr::Function(f) = e {
                if matches!(function_name(f).as_str(), "GROUPING" | "GROUPING_ID") {
                    let planner = ExprPlanner::new(self.scope);
                    let args = function_args(f);
                    let args = args.iter().flatten().map(|a| planner.plan(a)).collect::<Result<Vec<_>>>()?;
                    if args.is_empty() {
                        return plan_err!(
                            span_position(e.span()),
                            "{}() takes the grouped columns it reports on",
                            function_name(f)
                        );
                    }
                    return agg.borrow().grouping(&args, span_position(e.span()));
                }
            }
            if let Some(call) = aggregate_call(e)? {
                let arg = match call.arg {
                    Some(arg) => {
                        if contains_aggregate(arg) {
                            return plan_err!(span_position(arg.span()), "aggregate calls cannot be nested");
                        }
                        let arg = ExprPlanner::new(self.scope).plan(arg)?;
                        argument_fits(e, &call, &arg)?;
                        Some(arg)
                    }
                    None => None,
                };
                if call.over.is_some() {
                    return plan_err!(span_position(e.span()), "{}(…) OVER cannot be mixed with GROUP BY", call.func);
                }
                // `agg(x) FILTER (WHERE p)` is `agg(CASE WHEN p THEN x END)`: every aggregate
                // skips NULLs (and COUNT(*) counts the rows where p holds) but ARRAY_AGG, which
                // keeps them: it takes `CASE WHEN p THEN ROW(x) END` and leaves out the NULLs.
                let mut func = call.func;
                let arg = match call.filter {
                    None => arg,
                    Some(filter) => {
                        if contains_aggregate(filter) {
                            return plan_err!(span_position(filter.span()), "aggregate calls cannot be nested");
                        }
                        let predicate = ExprPlanner::new(self.scope).plan(filter)?;
                        if predicate.data_type() != DataType::Boolean {
                            return plan_err!(
                                span_position(filter.span()),
                                "FILTER needs a condition, not {predicate}"
                            );
                        }
                        let mut value = arg.unwrap_or(Expr::Literal(ScalarValue::Int64(1)));
                        if let AggregateFunction::ArrayAgg { ignore_nulls, .. } = func {
                            func = AggregateFunction::ArrayAgg { ignore_nulls, filtered: true };
                            value = super::functions::row(vec![value]);
                        }
                        let data_type = value.data_type();
                        Some(Expr::Case { branches: vec![(predicate, value)], otherwise: None, data_type })
                    }
                };
                let mut agg = agg.borrow_mut();
                let aggregate = AggregateExpr { func, arg, distinct: call.distinct };
                let index = match agg.aggregates.iter().position(|a| a == &aggregate) {
                    Some(i) => i,
                    None => {
                        agg.aggregates.push(aggregate);
                        agg.aggregates.len() - 1
                    }
                };
                let index = AGG_FIXED.len() + agg.group_exprs.len() + index;
                let (name, data_type) = agg.output_field(index);
                return Ok(Expr::Column { index, name, data_type });
            }
            if !contains_aggregate(e) {
                let planned = ExprPlanner::new(self.scope).plan(e)?;
                let agg = agg.borrow();
                if let Some(index) = agg.grouped(&planned) {
                    let (_, data_type) = agg.output_field(index);
                    return Ok(Expr::Column { index, name: planned.to_string(), data_type });
                }
            }
        }
        self.plan_structure(e)
    }

    fn column(&self, qualifier: Option<&ast::Ident>, ident: &ast::Ident) -> Result<Expr> {
        let column = self.scope.column(qualifier, ident)?;
        if self.aggregation.is_some() {
            if let Expr::Column { index: 0, .. } = column {
                // In an aggregate, ROWTIME is the output row's time: the window's end.
                return Ok(Expr::Column { index: 0, name: ROWTIME.into(), data_type: timestamp_type() });
            }
            return plan_err!(
                super::ident_position(ident),
                "column \"{}\" must appear in GROUP BY or be used in an aggregate function",
                self.scope.naming.name(ident)
            );
        }
        Ok(column)
    }

    /// `s.c`, or a column's fields (`c.f`, `s.c.f.g`) when it holds ROW values.
    fn compound(&self, parts: &[ast::Ident], position: Option<Position>) -> Result<Expr> {
        let (qualifier, rest) = match parts {
            [] => return plan_err!(position, "empty identifier"),
            [first, rest @ ..] if !rest.is_empty() && self.scope.is_relation(first) => (Some(first), rest),
            _ => (None, parts),
        };
        let Some((column, fields)) = rest.split_first() else {
            return plan_err!(position, "{} names no column", parts[0]);
        };
        let mut expr = match self.column(qualifier, column) {
            Ok(expr) => expr,
            Err(_) if fields.is_empty() && is_arrival_time(column) => {
                self.column(qualifier, &ast::Ident::new(ROWTIME))?
            }
            // `x.c` where x is neither a stream nor a column: say it is not a stream here.
            Err(_) if qualifier.is_none() && fields.len() == 1 => return self.column(Some(column), &fields[0]),
            Err(e) => return Err(e),
        };
        for field in fields {
            expr = self.field(expr, field)?;
        }
        Ok(expr)
    }

    /// Field `ident` of the ROW value `row`.
    fn field(&self, row: Expr, ident: &ast::Ident) -> Result<Expr> {
        let name = self.scope.naming.name(ident);
        let position = super::ident_position(ident);
        let DataType::Struct(fields) = row.data_type() else {
            return plan_err!(position, "{row} is not a ROW, so it has no field \"{name}\"");
        };
        let exact = fields.iter().position(|f| f.name() == &name);
        let loose = || {
            let mut found = fields.iter().enumerate().filter(|(_, f)| f.name().eq_ignore_ascii_case(&name));
            found.next().filter(|_| found.next().is_none()).map(|(i, _)| i)
        };
        let Some(index) = exact.or_else(|| if self.scope.naming.fold { None } else { loose() }) else {
            let known: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
            return plan_err!(position, "{row} has no field \"{name}\" (its fields: {})", known.join(", "));
        };
        let data_type = fields[index].data_type().clone();
        Ok(Expr::Field { expr: Box::new(row), index, name: fields[index].name().clone(), data_type })
    }

    /// The character of `ESCAPE 'c'` (LIKE's and SIMILAR TO's): one literal character.
    /// `x BETWEEN low AND high`; `BETWEEN SYMMETRIC` (the parser wraps its lower bound) is
    /// between them either way round, as Flink writes it out.
    fn between(&self, x: &ast::Expr, low: &ast::Expr, high: &ast::Expr, position: Option<Position>) -> Result<Expr> {
        let x = self.plan(x)?;
        let within = |low: Expr, high: Expr| -> Result<Expr> {
            let lower = binary(BinaryOp::GtEq, x.clone(), low, position)?;
            let upper = binary(BinaryOp::LtEq, x.clone(), high, position)?;
            Ok(Expr::Binary { op: BinaryOp::And, left: Box::new(lower), right: Box::new(upper) })
        };
        let symmetric = crate::sql::parser::symmetric_bound(low);
        let (low, high) = (self.plan(symmetric.unwrap_or(low))?, self.plan(high)?);
        if symmetric.is_none() {
            return within(low, high);
        }
        let (ascending, descending) = (within(low.clone(), high.clone())?, within(high, low)?);
        Ok(Expr::Binary { op: BinaryOp::Or, left: Box::new(ascending), right: Box::new(descending) })
    }

    fn escape_char(&self, escape: Option<&ast::Expr>, position: Option<Position>) -> Result<Option<char>> {
        match escape.map(|c| self.plan(c)).transpose()? {
            None => Ok(None),
            Some(Expr::Literal(ScalarValue::Utf8(c))) if c.chars().count() == 1 => Ok(c.chars().next()),
            Some(other) => plan_err!(position, "ESCAPE takes one literal character, not {other}"),
        }
    }

    fn plan_structure(&self, e: &ast::Expr) -> Result<Expr> {
        let position = span_position(e.span());
        if let Some((what, function)) = scalar_call_modifier(e) {
            if function == "LEAD" {
                return plan_err!(
                    position,
                    "LEAD reads a row that has not arrived yet, so a stream cannot compute it (Flink refuses it too): LAG reads the rows before"
                );
            }
            return plan_err!(position, "{what} goes with an aggregate function, not {function}()");
        }
        match e {
            ast::Expr::Identifier(ident) => match self.column(None, ident) {
                Err(_) if is_arrival_time(ident) => self.column(None, &ast::Ident::new(ROWTIME)),
                // KDA's CURRENT_ROW_TIMESTAMP (and LOCALTIMESTAMP, …) without parentheses.
                Err(_) if ident.quote_style.is_none() && NILADIC.contains(&ident.value.to_uppercase().as_str()) => {
                    self.call_named(&ident.value.to_uppercase(), vec![], position)
                }
                found => found,
            },
            ast::Expr::CompoundIdentifier(parts) => self.compound(parts, position),
            ast::Expr::Value(v) => literal(&v.value, position).map(Expr::Literal),
            ast::Expr::Interval(i) => super::interval::literal(i, position).map(Expr::Literal),
            ast::Expr::Nested(inner) => self.plan(inner),
            ast::Expr::Array(array) if !array.named => {
                let items: Vec<String> = array.elem.iter().map(|e| e.to_string()).collect();
                let at = array.elem.first().and_then(|e| span_position(e.span()));
                plan_err!(at, "an array is written ARRAY[{}]", items.join(", "))
            }
            ast::Expr::Array(array) => {
                let items = array.elem.iter().map(|i| self.plan(i)).collect::<Result<Vec<_>>>()?;
                super::arrays::make(items, position)
            }
            // `a[i]`, `a[i][j]`, `(r).field`.
            ast::Expr::CompoundFieldAccess { root, access_chain } => {
                let mut value = self.plan(root)?;
                for access in access_chain {
                    value = match access {
                        ast::AccessExpr::Subscript(ast::Subscript::Index { index }) => {
                            let index = self.plan(index)?;
                            match super::maps::get(&value, index.clone(), position) {
                                Some(got) => got?,
                                None => super::arrays::element(value, index, position)?,
                            }
                        }
                        ast::AccessExpr::Dot(ast::Expr::Identifier(field)) => self.field(value, field)?,
                        other => return plan_err!(position, "{other} is not supported: an array's element is a[i]"),
                    };
                }
                Ok(value)
            }
            // Flink's `(a, b)`: ROW(a, b).
            ast::Expr::Tuple(items) if !self.scope.naming.fold && !items.is_empty() => {
                Ok(super::functions::row(items.iter().map(|i| self.plan(i)).collect::<Result<_>>()?))
            }
            ast::Expr::UnaryOp { op, expr } => {
                let inner = self.plan(expr)?;
                match op {
                    ast::UnaryOperator::Not => Ok(Expr::Not(Box::new(self.boolean(inner, position)?))),
                    ast::UnaryOperator::Minus
                        if is_numeric(&inner.data_type())
                            || IntervalQualifier::of_type(&inner.data_type()).is_some() =>
                    {
                        Ok(Expr::Negate(Box::new(inner)))
                    }
                    ast::UnaryOperator::Plus if is_numeric(&inner.data_type()) => Ok(inner),
                    other => plan_err!(position, "operator {other} cannot be applied to {inner}"),
                }
            }
            ast::Expr::BinaryOp { left, op: ast::BinaryOperator::StringConcat, right } => {
                self.call_named("CONCAT", vec![self.plan(left)?, self.plan(right)?], position)
            }
            ast::Expr::BinaryOp { left, op, right } => {
                let op = binary_op(op)
                    .ok_or_else(|| Error::Plan { message: format!("operator {op} is not supported yet"), position })?;
                let (l, r) = (self.plan(left)?, self.plan(right)?);
                binary(op, l, r, position)
            }
            // `a IS [NOT] DISTINCT FROM b`: `=` where NULL equals NULL, never NULL itself.
            ast::Expr::IsDistinctFrom(a, b) | ast::Expr::IsNotDistinctFrom(a, b) => {
                let (a, b) = (self.plan(a)?, self.plan(b)?);
                let is_null = |e: &Expr| Expr::IsNull { expr: Box::new(e.clone()), negated: false };
                let both_null =
                    Expr::Binary { op: BinaryOp::And, left: Box::new(is_null(&a)), right: Box::new(is_null(&b)) };
                let equal = binary(BinaryOp::Eq, a, b, position)?;
                let same = Expr::Call {
                    func: ScalarFunction::Coalesce,
                    args: vec![equal, both_null],
                    data_type: DataType::Boolean,
                };
                Ok(if matches!(e, ast::Expr::IsDistinctFrom(..)) { Expr::Not(Box::new(same)) } else { same })
            }
            // `c IS [NOT] TRUE | FALSE | UNKNOWN`: a condition's truth, NULL counted as unknown.
            ast::Expr::IsTrue(c) | ast::Expr::IsNotTrue(c) | ast::Expr::IsFalse(c) | ast::Expr::IsNotFalse(c) => {
                let c = self.boolean(self.plan(c)?, position)?;
                let wanted = if matches!(e, ast::Expr::IsTrue(_) | ast::Expr::IsNotTrue(_)) {
                    c
                } else {
                    Expr::Not(Box::new(c))
                };
                let holds = Expr::Call {
                    func: ScalarFunction::Coalesce,
                    args: vec![wanted, Expr::Literal(ScalarValue::Boolean(false))],
                    data_type: DataType::Boolean,
                };
                Ok(if matches!(e, ast::Expr::IsNotTrue(_) | ast::Expr::IsNotFalse(_)) {
                    Expr::Not(Box::new(holds))
                } else {
                    holds
                })
            }
            ast::Expr::IsUnknown(c) | ast::Expr::IsNotUnknown(c) => {
                let c = self.boolean(self.plan(c)?, position)?;
                Ok(Expr::IsNull { expr: Box::new(c), negated: matches!(e, ast::Expr::IsNotUnknown(_)) })
            }
            ast::Expr::IsNull(inner) => Ok(Expr::IsNull { expr: Box::new(self.plan(inner)?), negated: false }),
            ast::Expr::IsNotNull(inner) => Ok(Expr::IsNull { expr: Box::new(self.plan(inner)?), negated: true }),
            // Flink's `IS [NOT] JSON [VALUE | SCALAR | ARRAY | OBJECT]`.
            ast::Expr::IsJson { expr, kind, unique_keys, negated } => {
                use crate::plan::json_path::JsonKind;
                if unique_keys.is_some() {
                    return plan_err!(position, "IS JSON WITH or WITHOUT UNIQUE KEYS is not supported: Flink has no such clause");
                }
                let text = self.plan(expr)?;
                if !matches!(text.data_type(), DataType::Utf8 | DataType::Null) {
                    return plan_err!(position, "IS JSON tests text, not {text}");
                }
                let kind = match kind {
                    None | Some(ast::JsonPredicateType::Value) => JsonKind::Value,
                    Some(ast::JsonPredicateType::Scalar) => JsonKind::Scalar,
                    Some(ast::JsonPredicateType::Array) => JsonKind::Array,
                    Some(ast::JsonPredicateType::Object) => JsonKind::Object,
                };
                let func = crate::plan::ScalarFunction::IsJson(kind);
                let test = Expr::Call { func, args: vec![text.cast_to(&DataType::Utf8)], data_type: DataType::Boolean };
                Ok(if *negated { Expr::Not(Box::new(test)) } else { test })
            }
            ast::Expr::Cast { kind, expr, data_type, format, .. } => {
                if format.is_some() {
                    return plan_err!(
                        position,
                        "CAST … FORMAT is not supported (nor in Flink): use DATE_FORMAT, or TO_TIMESTAMP with a format"
                    );
                }
                // BYTES carry no length: a cast that would pad or cut them says so.
                if matches!(data_type, ast::DataType::Binary(Some(_)) | ast::DataType::Varbinary(Some(_))) {
                    return plan_err!(position, "CAST to {data_type} is not supported: kdalite's bytes have no length to pad or cut to; CAST to BYTES");
                }
                let inner = self.plan(expr)?;
                let sql = sql_type(data_type).ok_or_else(|| Error::Plan {
                    message: format!("CAST to {data_type} is not supported yet"),
                    position,
                })?;
                // Flink's TRY_CAST (SAFE_CAST): NULL where the value does not cast.
                let safe = matches!(kind, ast::CastKind::TryCast | ast::CastKind::SafeCast);
                let qualifier = super::interval::qualifier_of(&inner, &self.scope.schema);
                let interval = super::interval::cast(inner.clone(), qualifier, &sql, position)?;
                let cast = match interval {
                    Some(_) if safe => {
                        return plan_err!(position, "TRY_CAST to or from an interval is not supported: use CAST")
                    }
                    Some(cast) => cast,
                    // An array as Flink prints it (which never fails, so TRY_CAST is CAST).
                    None if matches!(inner.data_type(), DataType::List(_)) && sql.to_arrow() == DataType::Utf8 => {
                        super::arrays::text(inner)
                    }
                    // A map as Flink prints it.
                    None if super::maps::is_map(&inner) && sql.to_arrow() == DataType::Utf8 => super::maps::text(inner),
                    None => {
                        let to = sql.to_arrow();
                        let from = inner.data_type();
                        if (ltz_zone(&from).is_some() && is_numeric(&to)) || (is_numeric(&from) && ltz_zone(&to).is_some())
                        {
                            return plan_err!(
                                position,
                                "cannot CAST {} to {data_type}: a TIMESTAMP_LTZ is a moment, not a number (Flink refuses \
                                 this CAST too); TO_TIMESTAMP_LTZ(seconds, 0) reads a number, UNIX_TIMESTAMP(CAST(t AS \
                                 STRING)) gives one",
                                sql_name(&from)
                            );
                        }
                        if !arrow_cast::can_cast_types(&from, &to) {
                            return plan_err!(position, "cannot CAST {} to {data_type}", inner.data_type());
                        }
                        match safe {
                            true => Expr::Call { func: ScalarFunction::TryCast, args: vec![inner], data_type: to },
                            false => Expr::Cast { expr: Box::new(inner), to },
                        }
                    }
                };
                match sql {
                    // CHAR(n) is blank-padded (and cut) to n characters, as KDA's is.
                    crate::plan::SqlType::Char(Some(n)) => {
                        let args = vec![
                            cast,
                            Expr::Literal(ScalarValue::Int64(n as i64)),
                            Expr::Literal(ScalarValue::Utf8(" ".into())),
                        ];
                        self.call_named("RPAD", args, position)
                    }
                    // VARCHAR(n) keeps the first n characters, as Flink's CAST does.
                    crate::plan::SqlType::Varchar(Some(n)) => {
                        self.call_named("LEFT", vec![cast, Expr::Literal(ScalarValue::Int64(n as i64))], position)
                    }
                    _ => Ok(cast),
                }
            }
            ast::Expr::Floor { expr, field: ast::CeilFloorKind::DateTimeField(field) }
                if *field != ast::DateTimeField::NoDateTime =>
            {
                let inner = self.plan(expr)?;
                if !is_timestamp(&inner.data_type()) {
                    return plan_err!(position, "FLOOR(… TO {field}) needs a timestamp, not {}", inner.data_type());
                }
                let unit = time_unit(field)
                    .ok_or_else(|| Error::Plan { message: format!("FLOOR to {field} is not supported"), position })?;
                self.on_wall_clock(inner, position, |time| Expr::FloorTime { expr: Box::new(time), unit })
            }
            ast::Expr::TypedString(typed) => {
                let ast::Value::SingleQuotedString(text) = &typed.value.value else {
                    return plan_err!(position, "{typed} is not supported yet");
                };
                match sql_type(&typed.data_type) {
                    Some(crate::plan::SqlType::Timestamp) => match crate::plan::types::parse_timestamp(text) {
                        Some(ms) => Ok(Expr::Literal(ScalarValue::TimestampMs(ms))),
                        None => {
                            plan_err!(position, "'{text}' is not a timestamp; write TIMESTAMP 'YYYY-MM-DD HH:MM:SS'")
                        }
                    },
                    Some(t) => Ok(Expr::Literal(ScalarValue::Utf8(text.clone())).cast_to(&t.to_arrow())),
                    None => plan_err!(position, "{typed} is not supported yet"),
                }
            }
            ast::Expr::Case { operand, conditions, else_result, .. } => {
                let operand = operand.as_ref().map(|o| self.plan(o)).transpose()?;
                let mut branches = Vec::with_capacity(conditions.len());
                for when in conditions {
                    let condition = match &operand {
                        Some(x) => binary(BinaryOp::Eq, x.clone(), self.plan(&when.condition)?, position)?,
                        None => self.boolean(self.plan(&when.condition)?, position)?,
                    };
                    branches.push((condition, self.plan(&when.result)?));
                }
                let otherwise = else_result.as_ref().map(|e| self.plan(e)).transpose()?;
                let values: Vec<&Expr> = branches.iter().map(|(_, v)| v).chain(otherwise.iter()).collect();
                let data_type = unify(values.iter().map(|v| v.data_type()), position, "CASE branches")?;
                let branches = branches.into_iter().map(|(c, v)| (c, v.cast_to(&data_type))).collect();
                let otherwise = otherwise.map(|e| Box::new(e.cast_to(&data_type)));
                Ok(Expr::Case { branches, otherwise, data_type })
            }
            ast::Expr::Like { negated, any: false, expr, pattern, escape_char }
            | ast::Expr::ILike { negated, any: false, expr, pattern, escape_char } => {
                let kind = if matches!(e, ast::Expr::Like { .. }) { LikeKind::Like } else { LikeKind::ILike };
                let (expr, mut pattern) =
                    (self.text(self.plan(expr)?, position)?, self.text(self.plan(pattern)?, position)?);
                let escape = self.escape_char(escape_char.as_deref(), position)?;
                if escape.is_some() || matches!(&pattern, Expr::Literal(ScalarValue::Utf8(p)) if p.contains('\\')) {
                    pattern = like_escaped(pattern, escape, position)?;
                }
                Ok(Expr::Like { expr: Box::new(expr), pattern: Box::new(pattern), negated: *negated, kind })
            }
            ast::Expr::SimilarTo { negated, expr, pattern, escape_char } => {
                let expr = self.text(self.plan(expr)?, position)?;
                let Expr::Literal(ScalarValue::Utf8(p)) = self.plan(pattern)? else {
                    return plan_err!(position, "SIMILAR TO takes a string literal pattern");
                };
                let regex = similar_to_regex(&p, self.escape_char(escape_char.as_deref(), position)?);
                if let Err(err) = regex_syntax_check(&regex) {
                    return plan_err!(position, "SIMILAR TO pattern '{p}' is not valid: {err}");
                }
                let pattern = Box::new(Expr::Literal(ScalarValue::Utf8(regex)));
                Ok(Expr::Like { expr: Box::new(expr), pattern, negated: *negated, kind: LikeKind::SimilarTo })
            }
            ast::Expr::In { expr, target: ast::InTarget::List(list), negated, .. } => {
                let x = self.plan(expr)?;
                let mut any: Option<Expr> = None;
                for item in list {
                    let eq = binary(BinaryOp::Eq, x.clone(), self.plan(item)?, position)?;
                    any = Some(match any {
                        Some(prev) => Expr::Binary { op: BinaryOp::Or, left: Box::new(prev), right: Box::new(eq) },
                        None => eq,
                    });
                }
                let any = any.ok_or_else(|| Error::Plan { message: "IN needs at least one value".into(), position })?;
                Ok(if *negated { Expr::Not(Box::new(any)) } else { any })
            }
            ast::Expr::Between { expr, negated, low, high } => {
                let both = self.between(expr, low, high, position)?;
                Ok(if *negated { Expr::Not(Box::new(both)) } else { both })
            }
            ast::Expr::Ceil { expr, field: ast::CeilFloorKind::DateTimeField(field) }
                if *field != ast::DateTimeField::NoDateTime =>
            {
                let inner = self.plan(expr)?;
                let unit = time_unit(field)
                    .ok_or_else(|| Error::Plan { message: format!("CEIL to {field} is not supported"), position })?;
                self.on_wall_clock(inner, position, |time| Expr::CeilTime { expr: Box::new(time), unit })
            }
            ast::Expr::Extract { field, expr, .. } => {
                let inner = self.plan(expr)?;
                if IntervalQualifier::of_type(&inner.data_type()).is_some() {
                    return super::interval::extract(field, inner, position);
                }
                let inner = self.timestamp(inner, position)?;
                let part = date_part(field)
                    .ok_or_else(|| Error::Plan { message: format!("EXTRACT of {field} is not supported"), position })?;
                Ok(Expr::Call { func: ScalarFunction::Extract(part), args: vec![inner], data_type: DataType::Int64 })
            }
            ast::Expr::Trim { expr, trim_where, trim_what, trim_characters: None } => {
                let side = match trim_where {
                    None | Some(ast::TrimWhereField::Both) => TrimSide::Both,
                    Some(ast::TrimWhereField::Leading) => TrimSide::Leading,
                    Some(ast::TrimWhereField::Trailing) => TrimSide::Trailing,
                };
                let text = self.text(self.plan(expr)?, position)?;
                let what = match trim_what {
                    Some(w) => self.text(self.plan(w)?, position)?,
                    None => Expr::Literal(ScalarValue::Utf8(" ".into())),
                };
                Ok(Expr::Call { func: ScalarFunction::Trim(side), args: vec![text, what], data_type: DataType::Utf8 })
            }
            ast::Expr::Substring { expr, substring_from, substring_for, special, shorthand } => {
                let mut args = vec![self.plan(expr)?];
                match substring_from {
                    Some(from) => args.push(self.plan(from)?),
                    None => args.push(Expr::Literal(ScalarValue::Int64(1))),
                }
                // KDA's SUBSTRING(s FROM 'regex'): the first match, NULL when there is none.
                if args[1].data_type() == DataType::Utf8 && substring_for.is_none() {
                    args.push(Expr::Literal(ScalarValue::Int64(0)));
                    return self.call_named("REGEXP_EXTRACT", args, position);
                }
                if let Some(length) = substring_for {
                    args.push(self.plan(length)?);
                }
                let call = self.call_named(if *shorthand { "SUBSTR" } else { "SUBSTRING" }, args, position)?;
                // KDA's comma form gives NULL for a start past the end, its FROM form ''.
                Ok(match call {
                    Expr::Call { func: ScalarFunction::Substring { .. }, args, data_type } if *special => {
                        Expr::Call { func: ScalarFunction::Substring { null_past_end: true }, args, data_type }
                    }
                    other => other,
                })
            }
            ast::Expr::Position { expr, r#in } => {
                self.call_named("POSITION", vec![self.plan(expr)?, self.plan(r#in)?], position)
            }
            ast::Expr::Overlay { expr, overlay_what, overlay_from, overlay_for } => {
                let mut args = vec![self.plan(expr)?, self.plan(overlay_what)?, self.plan(overlay_from)?];
                if let Some(length) = overlay_for {
                    args.push(self.plan(length)?);
                }
                self.call_named("OVERLAY", args, position)
            }
            ast::Expr::Floor { expr, field: ast::CeilFloorKind::DateTimeField(ast::DateTimeField::NoDateTime) } => {
                self.call_named("FLOOR", vec![self.plan(expr)?], position)
            }
            ast::Expr::Ceil { expr, field: ast::CeilFloorKind::DateTimeField(ast::DateTimeField::NoDateTime) } => {
                self.call_named("CEIL", vec![self.plan(expr)?], position)
            }
            ast::Expr::Function(f) if function_name(f) == "$INTERVAL_BETWEEN" => {
                let args = function_args(f).into_iter().flatten().map(|a| self.plan(a)).collect::<Result<Vec<_>>>()?;
                super::interval::between(args, position)
            }
            ast::Expr::Function(f) if function_name(f) == "$SUBSTRING_SIMILAR" => {
                let args = function_args(f);
                let [Some(source), Some(pattern), Some(escape)] = args.as_slice() else {
                    return plan_err!(position, "SUBSTRING(text SIMILAR pattern ESCAPE character)");
                };
                let (pattern, escape) = (self.plan(pattern)?, self.plan(escape)?);
                let regex = match (&pattern, &escape) {
                    (Expr::Literal(ScalarValue::Utf8(p)), Expr::Literal(ScalarValue::Utf8(e)))
                        if e.chars().count() == 1 =>
                    {
                        substring_similar_regex(p, e.chars().next().expect("one character"))
                    }
                    _ => None,
                };
                let Some(regex) = regex else {
                    return plan_err!(
                        position,
                        "SUBSTRING … SIMILAR takes a literal pattern of three parts split by the escape character and a quote, and a one-character ESCAPE: SUBSTRING(s SIMILAR '23#\"456#\"78' ESCAPE '#')"
                    );
                };
                let args = vec![
                    self.plan(source)?,
                    Expr::Literal(ScalarValue::Utf8(regex)),
                    Expr::Literal(ScalarValue::Int64(1)),
                ];
                self.call_named("REGEXP_EXTRACT", args, position)
            }
            ast::Expr::Function(f) if function_name(f) == "STEP" => {
                let args = function_args(f);
                let [Some(value), Some(by)] = args.as_slice() else {
                    return plan_err!(
                        position,
                        "STEP takes a value and what to round it to: STEP(s.ROWTIME BY INTERVAL '10' SECOND) or STEP(n BY 5)"
                    );
                };
                let value = self.plan(value)?;
                match (value.data_type(), by) {
                    (t, ast::Expr::Interval(interval)) if t == timestamp_type() => {
                        let size = step_size(interval, position)?;
                        Ok(Expr::Step { expr: Box::new(value), size })
                    }
                    (t, by) if is_integer(&t) || t == DataType::Null => {
                        let by = self.plan(by)?;
                        if super::functions::int_literal(&by).is_none_or(|w| w <= 0) {
                            return plan_err!(position, "STEP of an integer is by a positive integer literal, such as STEP(n BY 5), not {by}");
                        }
                        let data_type = value.data_type();
                        let args = vec![value.cast_to(&DataType::Int64), by.cast_to(&DataType::Int64)];
                        Ok(Expr::Call { func: ScalarFunction::StepNumber, args, data_type: DataType::Int64 }
                            .cast_to(&if data_type == DataType::Null { DataType::Int64 } else { data_type }))
                    }
                    (t, _) => plan_err!(
                        position,
                        "STEP rounds a timestamp BY an INTERVAL or an integer BY an integer, not {t}: STEP(s.ROWTIME BY INTERVAL '10' SECOND)"
                    ),
                }
            }
            ast::Expr::Function(f) => self.plan_call(f, position),
            // A subquery as a value: its one row was joined to the query's (`value_subqueries`).
            ast::Expr::Subquery(query) => {
                let name = super::from::value_relation(query);
                let column = |wanted: &str| {
                    let relation = self.scope.relations.iter().find(|r| r.name == name)?;
                    let index = relation.columns.clone().find(|&i| self.scope.schema.field(i).name() == wanted)?;
                    let data_type = self.scope.schema.field(index).data_type().clone();
                    Some(Expr::Column { index, name: wanted.into(), data_type })
                };
                match column(super::from::VALUE_COLUMN) {
                    // A correlated one: where no row matched the outer row's keys (its first key
                    // is NULL), its value over no rows, such as COUNT's 0.
                    Some(value) => match (column(&super::from::key_column(0)), super::from::empty_value(query)) {
                        (Some(key), Some(empty)) => {
                            let empty = self.plan(&empty)?;
                            let types = [value.data_type(), empty.data_type()];
                            let data_type = unify(types.into_iter(), position, "a subquery's values")?;
                            let unmatched = Expr::IsNull { expr: Box::new(key), negated: false };
                            Ok(Expr::Case {
                                branches: vec![(unmatched, empty.cast_to(&data_type))],
                                otherwise: Some(Box::new(value.cast_to(&data_type))),
                                data_type,
                            })
                        }
                        _ => Ok(value),
                    },
                    None => plan_err!(
                        position,
                        "a subquery as a value, (SELECT …), goes in WHERE, HAVING or the select list, not here; join its rows in FROM, or test them with IN (SELECT …) or EXISTS in WHERE"
                    ),
                }
            }
            ast::Expr::In { target: ast::InTarget::Subquery(_), .. } | ast::Expr::Exists { .. } => plan_err!(
                position,
                "IN (SELECT …) and EXISTS run as conditions of WHERE, joined to the others by AND, not inside OR, NOT or a select list yet"
            ),
            // (The parser gives RLIKE no place of its own: its operand's.)
            ast::Expr::RLike { expr, regexp, .. } => plan_err!(
                span_position(expr.span()),
                "{} is not supported: write REGEXP(text, pattern), or SIMILAR TO",
                if *regexp { "REGEXP as an operator" } else { "RLIKE" }
            ),
            other => plan_err!(position, "{} is not supported yet", first_words(&other.to_string(), 4)),
        }
    }

    pub(crate) fn text(&self, e: Expr, position: Option<Position>) -> Result<Expr> {
        match e.data_type() {
            DataType::Utf8 => Ok(e),
            DataType::Null => Ok(e.cast_to(&DataType::Utf8)),
            other => plan_err!(position, "expected text, found {e} of type {other}; CAST it to VARCHAR"),
        }
    }

    /// A TIMESTAMP; a TIMESTAMP_LTZ as its zone's wall clock.
    pub(crate) fn timestamp(&self, e: Expr, position: Option<Position>) -> Result<Expr> {
        if is_timestamp(&e.data_type()) {
            Ok(e.cast_to(&timestamp_type()))
        } else {
            plan_err!(position, "expected a timestamp, found {e} of type {}", e.data_type())
        }
    }

    /// `round(time)` for a TIMESTAMP; for a TIMESTAMP_LTZ, its wall clock rounded and read back
    /// as a moment, as Flink's FLOOR and CEIL round a TIMESTAMP_LTZ.
    fn on_wall_clock(&self, time: Expr, position: Option<Position>, round: impl FnOnce(Expr) -> Expr) -> Result<Expr> {
        let t = time.data_type();
        Ok(round(self.timestamp(time, position)?).cast_to(&t))
    }

    fn boolean(&self, e: Expr, position: Option<Position>) -> Result<Expr> {
        if e.data_type() == DataType::Boolean || e.data_type() == DataType::Null {
            Ok(e.cast_to(&DataType::Boolean))
        } else {
            plan_err!(position, "expected a condition, found {e} of type {}", sql_name(&e.data_type()))
        }
    }
}

/// `LIKE pattern [ESCAPE 'c']`: the literal pattern with `c` (or nothing: a backslash is a
/// character like any other) as the escape character, rewritten for Arrow's LIKE, whose escape
/// character is the backslash.
fn like_escaped(pattern: Expr, escape: Option<char>, position: Option<Position>) -> Result<Expr> {
    let Expr::Literal(ScalarValue::Utf8(p)) = &pattern else {
        return plan_err!(position, "LIKE … ESCAPE takes a literal pattern");
    };
    // Arrow's pattern: a character taken literally is escaped when Arrow would read it.
    let literal = |out: &mut String, ch: char| {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    };
    let mut out = String::with_capacity(p.len());
    let mut rest = p.chars();
    while let Some(ch) = rest.next() {
        let Some(escape) = escape.filter(|e| *e == ch) else {
            if ch == '\\' {
                literal(&mut out, ch);
            } else {
                out.push(ch);
            }
            continue;
        };
        match rest.next() {
            Some(next) if matches!(next, '%' | '_') || next == escape => literal(&mut out, next),
            Some(next) => {
                return plan_err!(
                    position,
                    "in a LIKE pattern, the escape character '{escape}' comes before %, _ or itself, not '{next}'"
                )
            }
            None => return plan_err!(position, "a LIKE pattern cannot end with its escape character '{escape}'"),
        }
    }
    Ok(Expr::Literal(ScalarValue::Utf8(out)))
}

/// KDA's `APPROXIMATE_ARRIVAL_TIME` of an input that has no such column: when the row arrived,
/// on the virtual clock (its ROWTIME, which kdalite gives a row as it arrives).
fn is_arrival_time(ident: &ast::Ident) -> bool {
    ident.quote_style.is_none() && ident.value.eq_ignore_ascii_case("APPROXIMATE_ARRIVAL_TIME")
}

/// Functions called without parentheses, which the parser may read as names.
const NILADIC: &[&str] =
    &["CURRENT_ROW_TIMESTAMP", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME"];
