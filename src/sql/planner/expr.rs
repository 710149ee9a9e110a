//! Planning expressions: names resolved in a [`Scope`], operand types coerced, aggregate
//! calls and grouped expressions resolved to a window aggregate's output columns.

use std::cell::RefCell;

use arrow_schema::DataType;
use sqlparser::ast::{self, Spanned};

use super::functions::{regex_syntax_check, similar_to_regex, substring_similar_regex, unify};
use super::grouping::{Aggregation, AGG_FIXED};
use super::scope::Scope;
use super::sql_type;
use crate::error::{Error, Position, Result};
use crate::plan::types::{common_numeric_type, decimal_operand, is_integer, is_numeric, sql_name, timestamp_type};
use crate::plan::{
    AggregateExpr, AggregateFunction, BinaryOp, DatePart, Expr, IntervalQualifier, LikeKind, OverFrame, OverWindow,
    ScalarFunction, ScalarValue, TimeUnitKw, TrimSide, WindowSize, ROWTIME,
};
use crate::plan_err;

/// Plans expressions in a scope; inside an aggregate query, also resolves aggregate calls and
/// grouped expressions to the aggregate's output columns.
pub(crate) struct ExprPlanner<'a> {
    pub(super) scope: &'a Scope,
    aggregation: Option<&'a RefCell<Aggregation>>,
    over: Option<&'a RefCell<SlidingWindows>>,
}

/// The sliding windows and their aggregates found while a select list is planned.
pub(crate) struct SlidingWindows {
    pub named: Vec<ast::NamedWindowDefinition>,
    pub windows: Vec<OverWindow>,
    pub aggregates: Vec<(usize, AggregateExpr)>,
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

    /// `MIN(x) OVER w`: registers the aggregate and returns the column it will fill.
    fn plan_over(&self, e: &ast::Expr, call: AggregateCall, window: &ast::WindowType) -> Result<Expr> {
        let position = span_position(e.span());
        let Some(over) = self.over else {
            return plan_err!(position, "{}(…) OVER is not allowed here", call.func);
        };
        if let Some(filter) = call.filter {
            return plan_err!(
                span_position(filter.span()),
                "FILTER (WHERE …) does not go with OVER; filter the rows in WHERE"
            );
        }
        let arg = match call.arg {
            Some(arg) => {
                let arg = ExprPlanner::new(self.scope).plan(arg)?;
                argument_fits(e, &call, &arg)?;
                Some(arg)
            }
            None => None,
        };
        let spec = match window {
            ast::WindowType::WindowSpec(spec) => spec.clone(),
            ast::WindowType::NamedWindow(name) => {
                let wanted = self.scope.naming.name(name);
                let found = over.borrow().named.iter().find(|d| self.scope.naming.name(&d.0) == wanted).cloned();
                match found {
                    Some(ast::NamedWindowDefinition(_, ast::NamedWindowExpr::WindowSpec(spec))) => spec,
                    Some(_) => {
                        return plan_err!(position, "window {wanted} must be defined with a window specification")
                    }
                    None => {
                        return plan_err!(
                        position,
                        "window {wanted} is not defined; add WINDOW {wanted} AS (RANGE INTERVAL '1' MINUTE PRECEDING)"
                    )
                    }
                }
            }
        };
        let window = self.over_window(&spec, position)?;
        if matches!(call.func, AggregateFunction::ExpAvg { .. }) && window.event_time.is_some() {
            return plan_err!(
                position,
                "EXP_AVG is KDA's: it reads a KDA sliding window (RANGE INTERVAL … PRECEDING on ROWTIME, without ORDER BY an event-time column)"
            );
        }
        let default = match (call.func, call.default) {
            (AggregateFunction::Lag { offset, ignore_nulls }, Some(d)) => {
                Some((AggregateFunction::LagFound { offset, ignore_nulls }, ExprPlanner::new(self.scope).plan(d)?))
            }
            _ => None,
        };
        let aggregate = AggregateExpr { func: call.func, arg: arg.clone(), distinct: call.distinct };
        let mut over = over.borrow_mut();
        let w = match over.windows.iter().position(|x| x == &window) {
            Some(w) => w,
            None => {
                over.windows.push(window);
                over.windows.len() - 1
            }
        };
        let fields = self.scope.schema.fields().len();
        let mut column = |aggregate: AggregateExpr| {
            let data_type = aggregate.data_type();
            let slot = match over.aggregates.iter().position(|(x, a)| *x == w && a == &aggregate) {
                Some(i) => i,
                None => {
                    over.aggregates.push((w, aggregate));
                    over.aggregates.len() - 1
                }
            };
            Expr::Column { index: fields + slot, name: format!("OVER${slot}"), data_type }
        };
        let value = column(aggregate);
        // LAG's default, where LAG finds no row: CASE WHEN found THEN lag ELSE default END.
        let Some((found, default)) = default else { return Ok(value) };
        let found = column(AggregateExpr { func: found, arg, distinct: false });
        let data_type = super::functions::unify(
            [value.data_type(), default.data_type()].into_iter(),
            position,
            "LAG and its default",
        )?;
        Ok(Expr::Case {
            branches: vec![(found, value.cast_to(&data_type))],
            otherwise: Some(Box::new(default.cast_to(&data_type))),
            data_type,
        })
    }

    fn over_window(&self, spec: &ast::WindowSpec, position: Option<Position>) -> Result<OverWindow> {
        let partition_by =
            spec.partition_by.iter().map(|p| ExprPlanner::new(self.scope).plan(p)).collect::<Result<Vec<_>>>()?;
        let order_column = match spec.order_by.as_slice() {
            [] => 0,
            [item] if matches!(item.options.sort, Some(ast::OrderBySort::Desc)) => {
                return plan_err!(
                    position,
                    "a sliding window is ordered by time ascending: the rows before the current one, not {item}"
                )
            }
            [item] => match ExprPlanner::new(self.scope).plan(&item.expr)? {
                Expr::Column { index, data_type, .. } if data_type == timestamp_type() => index,
                other => return plan_err!(position, "a sliding window is ordered by a time column, not {other}"),
            },
            _ => return plan_err!(position, "a sliding window is ordered by one time column"),
        };
        let frame = window_frame(spec, position)?;
        let event_time = self.scope.time_attribute(order_column);
        Ok(OverWindow { partition_by, order_column, frame, event_time })
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
                // skips NULLs (and COUNT(*) counts the rows where p holds).
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
                        let value = arg.unwrap_or(Expr::Literal(ScalarValue::Int64(1)));
                        let data_type = value.data_type();
                        Some(Expr::Case { branches: vec![(predicate, value)], otherwise: None, data_type })
                    }
                };
                let mut agg = agg.borrow_mut();
                let aggregate = AggregateExpr { func: call.func, arg, distinct: call.distinct };
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
            ast::Expr::Cast { kind, expr, data_type, .. } => {
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
                        if !arrow_cast::can_cast_types(&inner.data_type(), &to) {
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
                if inner.data_type() != timestamp_type() {
                    return plan_err!(position, "FLOOR(… TO {field}) needs a timestamp, not {}", inner.data_type());
                }
                let unit = time_unit(field)
                    .ok_or_else(|| Error::Plan { message: format!("FLOOR to {field} is not supported"), position })?;
                Ok(Expr::FloorTime { expr: Box::new(inner), unit })
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
                let x = self.plan(expr)?;
                let lower = binary(BinaryOp::GtEq, x.clone(), self.plan(low)?, position)?;
                let upper = binary(BinaryOp::LtEq, x, self.plan(high)?, position)?;
                let both = Expr::Binary { op: BinaryOp::And, left: Box::new(lower), right: Box::new(upper) };
                Ok(if *negated { Expr::Not(Box::new(both)) } else { both })
            }
            ast::Expr::Ceil { expr, field: ast::CeilFloorKind::DateTimeField(field) }
                if *field != ast::DateTimeField::NoDateTime =>
            {
                let inner = self.timestamp(self.plan(expr)?, position)?;
                let unit = time_unit(field)
                    .ok_or_else(|| Error::Plan { message: format!("CEIL to {field} is not supported"), position })?;
                Ok(Expr::CeilTime { expr: Box::new(inner), unit })
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
            other => plan_err!(position, "{} is not supported yet", first_words(&other.to_string())),
        }
    }

    pub(crate) fn text(&self, e: Expr, position: Option<Position>) -> Result<Expr> {
        match e.data_type() {
            DataType::Utf8 => Ok(e),
            DataType::Null => Ok(e.cast_to(&DataType::Utf8)),
            other => plan_err!(position, "expected text, found {e} of type {other}; CAST it to VARCHAR"),
        }
    }

    pub(crate) fn timestamp(&self, e: Expr, position: Option<Position>) -> Result<Expr> {
        if e.data_type() == timestamp_type() {
            Ok(e)
        } else {
            plan_err!(position, "expected a timestamp, found {e} of type {}", e.data_type())
        }
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

/// Whether an aggregate's argument has a type it takes: a condition for EVERY and ANY (planned
/// as MIN and MAX), a number for SUM, AVG and the variances, text for LISTAGG.
fn argument_fits(e: &ast::Expr, call: &AggregateCall, arg: &Expr) -> Result<()> {
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

/// KDA's `APPROXIMATE_ARRIVAL_TIME` of an input that has no such column: when the row arrived,
/// on the virtual clock (its ROWTIME, which kdalite gives a row as it arrives).
fn is_arrival_time(ident: &ast::Ident) -> bool {
    ident.quote_style.is_none() && ident.value.eq_ignore_ascii_case("APPROXIMATE_ARRIVAL_TIME")
}

/// Functions called without parentheses, which the parser may read as names.
const NILADIC: &[&str] =
    &["CURRENT_ROW_TIMESTAMP", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME"];

/// A binary operator with its operands cast to a common type.
pub(crate) fn binary(op: BinaryOp, l: Expr, r: Expr, position: Option<Position>) -> Result<Expr> {
    let (lt, rt) = (l.data_type(), r.data_type());
    if super::interval::applies(op, &lt, &rt) {
        return super::interval::binary(op, l, r, position);
    }
    if let (DataType::Struct(lf), DataType::Struct(rf)) = (&lt, &rt) {
        return rows_compared(op, (&l, lf), (&r, rf), position);
    }
    let map = matches!(lt, DataType::Map(..)) || matches!(rt, DataType::Map(..));
    if map || matches!(lt, DataType::List(_)) || matches!(rt, DataType::List(_)) {
        let equal = match op {
            BinaryOp::Eq | BinaryOp::NotEq if map => super::maps::equal(&l, &r),
            BinaryOp::Eq | BinaryOp::NotEq => super::arrays::equal(&l, &r),
            _ => None,
        };
        return match equal {
            Some(e) if op == BinaryOp::NotEq => Ok(Expr::Not(Box::new(e))),
            Some(e) => Ok(e),
            None => {
                let what = if map { "maps" } else { "arrays" };
                plan_err!(position, "{l} {op} {r}: {what} compare with = and <> only, to {what} of the same type")
            }
        };
    }
    let operand = if op.is_logical() {
        Some(DataType::Boolean).filter(|_| {
            matches!(lt, DataType::Boolean | DataType::Null) && matches!(rt, DataType::Boolean | DataType::Null)
        })
    } else if lt == DataType::Null {
        Some(rt.clone())
    } else if rt == DataType::Null || lt == rt {
        Some(lt.clone())
    } else if let Some(t) = common_numeric_type(&lt, &rt, op.is_comparison()) {
        Some(t)
    } else if op.is_comparison() && (lt == DataType::Utf8 || rt == DataType::Utf8) {
        // '2018-11-01 00:00:00' = ts and '5' = n: compare as the non-string side's type.
        Some(if lt == DataType::Utf8 { rt.clone() } else { lt.clone() })
    } else {
        None
    };
    // Arithmetic on a DECIMAL and a DECIMAL or an integer is exact: each side as its own
    // decimal, the result typed by `decimal_result`.
    let decimal = matches!(lt, DataType::Decimal128(..)) || matches!(rt, DataType::Decimal128(..));
    if decimal && !op.is_comparison() && !op.is_logical() {
        if let (Some((p1, s1)), Some((p2, s2))) = (decimal_operand(&lt), decimal_operand(&rt)) {
            return Ok(Expr::Binary {
                op,
                left: Box::new(l.cast_to(&DataType::Decimal128(p1, s1))),
                right: Box::new(r.cast_to(&DataType::Decimal128(p2, s2))),
            });
        }
    }
    let arithmetic_ok = |t: &DataType| op.is_comparison() || op.is_logical() || is_numeric(t);
    match operand {
        Some(t) if arithmetic_ok(&t) => {
            Ok(Expr::Binary { op, left: Box::new(l.cast_to(&t)), right: Box::new(r.cast_to(&t)) })
        }
        _ => plan_err!(position, "operator {op} cannot combine {} and {}", sql_name(&lt), sql_name(&rt)),
    }
}

/// `(a, b) = (c, d)` is `a = c AND b = d`, `<>` its negation; ROW values compare no other way.
fn rows_compared(
    op: BinaryOp,
    (l, lf): (&Expr, &arrow_schema::Fields),
    (r, rf): (&Expr, &arrow_schema::Fields),
    position: Option<Position>,
) -> Result<Expr> {
    if !matches!(op, BinaryOp::Eq | BinaryOp::NotEq) || lf.len() != rf.len() {
        return plan_err!(position, "ROW values compare with = and <> when they have as many fields, not {l} {op} {r}");
    }
    let field = |e: &Expr, fields: &arrow_schema::Fields, i: usize| Expr::Field {
        expr: Box::new(e.clone()),
        index: i,
        name: fields[i].name().clone(),
        data_type: fields[i].data_type().clone(),
    };
    let mut equal: Option<Expr> = None;
    for i in 0..lf.len() {
        let pair = binary(BinaryOp::Eq, field(l, lf, i), field(r, rf, i), position)?;
        equal = Some(match equal {
            Some(acc) => Expr::Binary { op: BinaryOp::And, left: Box::new(acc), right: Box::new(pair) },
            None => pair,
        });
    }
    let equal = equal.unwrap_or(Expr::Literal(ScalarValue::Boolean(true)));
    Ok(if op == BinaryOp::NotEq { Expr::Not(Box::new(equal)) } else { equal })
}

fn binary_op(op: &ast::BinaryOperator) -> Option<BinaryOp> {
    use ast::BinaryOperator as B;
    Some(match op {
        B::Plus => BinaryOp::Plus,
        B::Minus => BinaryOp::Minus,
        B::Multiply => BinaryOp::Multiply,
        B::Divide => BinaryOp::Divide,
        B::Modulo => BinaryOp::Modulo,
        B::Eq => BinaryOp::Eq,
        B::NotEq => BinaryOp::NotEq,
        B::Lt => BinaryOp::Lt,
        B::LtEq => BinaryOp::LtEq,
        B::Gt => BinaryOp::Gt,
        B::GtEq => BinaryOp::GtEq,
        B::And => BinaryOp::And,
        B::Or => BinaryOp::Or,
        _ => return None,
    })
}

fn literal(v: &ast::Value, position: Option<Position>) -> Result<ScalarValue> {
    Ok(match v {
        ast::Value::Number(n, _) => match n.parse::<i64>() {
            Ok(i) => i32::try_from(i).map_or(ScalarValue::Int64(i), ScalarValue::Int32),
            // 1.50 is exact, DECIMAL(3, 2), as in standard SQL; 1.5e3 is a DOUBLE.
            Err(_) => match decimal_literal(n) {
                Some(d) => d,
                None => match n.parse::<f64>() {
                    Ok(f) => ScalarValue::Float64(f),
                    Err(_) => return plan_err!(position, "{n} is not a number"),
                },
            },
        },
        ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => ScalarValue::Utf8(s.clone()),
        ast::Value::Boolean(b) => ScalarValue::Boolean(*b),
        ast::Value::Null => ScalarValue::Null,
        // `X'616263'`: BYTES.
        ast::Value::HexStringLiteral(hex) => match crate::plan::scalar::from_hex(hex) {
            Some(bytes) => ScalarValue::Binary(bytes),
            None => return plan_err!(position, "X'{hex}' is not bytes: two hex digits each"),
        },
        other => return plan_err!(position, "literal {other} is not supported yet"),
    })
}

/// `digits.digits` as an exact DECIMAL whose precision counts the digits as written, as
/// Calcite does for Flink: `0.5` is DECIMAL(2, 1).
fn decimal_literal(text: &str) -> Option<ScalarValue> {
    let (whole, fraction) = text.split_once('.')?;
    if !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let precision = (whole.len() + fraction.len()).max(1);
    if precision > 38 {
        return None;
    }
    let unscaled: i128 = format!("{whole}{fraction}").parse().unwrap_or(0);
    Some(ScalarValue::Decimal128(unscaled, precision as u8, fraction.len() as i8))
}

/// The unit `FLOOR(ts TO unit)`, `CEIL` and a window name: an interval's field.
pub(crate) fn time_unit(field: &ast::DateTimeField) -> Option<TimeUnitKw> {
    use crate::plan::IntervalField as I;
    Some(match super::interval::field(field)? {
        I::Second => TimeUnitKw::Second,
        I::Minute => TimeUnitKw::Minute,
        I::Hour => TimeUnitKw::Hour,
        I::Day => TimeUnitKw::Day,
        I::Month => TimeUnitKw::Month,
        I::Year => TimeUnitKw::Year,
    })
}

fn date_part(field: &ast::DateTimeField) -> Option<DatePart> {
    use ast::DateTimeField as F;
    Some(match field {
        F::Year | F::Years => DatePart::Year,
        F::Quarter => DatePart::Quarter,
        F::Month | F::Months => DatePart::Month,
        F::Week(_) | F::Weeks => DatePart::Week,
        F::Day | F::Days => DatePart::Day,
        F::DayOfWeek | F::Dow => DatePart::DayOfWeek,
        F::DayOfYear | F::Doy => DatePart::DayOfYear,
        F::Hour | F::Hours => DatePart::Hour,
        F::Minute | F::Minutes => DatePart::Minute,
        F::Second | F::Seconds => DatePart::Second,
        F::Millisecond | F::Milliseconds => DatePart::Millisecond,
        F::Epoch => DatePart::Epoch,
        _ => return None,
    })
}

/// A STEP's interval: a fixed length (seconds to days) or a number of months or years.
fn step_size(interval: &ast::Interval, position: Option<Position>) -> Result<WindowSize> {
    let months = match interval.leading_field {
        Some(ast::DateTimeField::Month | ast::DateTimeField::Months) => Some(1),
        Some(ast::DateTimeField::Year | ast::DateTimeField::Years) => Some(12),
        _ => None,
    };
    let size = match months {
        Some(unit) => {
            let text = interval.value.to_string();
            let n = text.trim_matches('\'').trim().parse::<u32>().ok().filter(|n| *n > 0);
            match n {
                Some(n) => WindowSize::Months(n * unit),
                None => return plan_err!(position, "a STEP interval is a positive whole number, not {text}"),
            }
        }
        None => WindowSize::Millis(interval_millis_of(interval, position, false)?),
    };
    if size == WindowSize::Millis(0) {
        return plan_err!(position, "a STEP interval must be positive");
    }
    Ok(size)
}

/// `INTERVAL 'n' unit` in milliseconds; only fixed-length units make sense for windows.
/// Negative intervals are refused unless `allow_negative` (window offsets may be negative).
pub(crate) fn interval_millis_of(
    interval: &ast::Interval,
    position: Option<Position>,
    allow_negative: bool,
) -> Result<i64> {
    match super::interval::literal(interval, position)? {
        ScalarValue::Interval(ms, q) if !q.is_year_month() => {
            if ms < 0 && !allow_negative {
                return plan_err!(position, "this interval cannot be negative, not {interval}");
            }
            Ok(ms)
        }
        _ => plan_err!(position, "an interval here is in SECOND, MINUTE, HOUR or DAY, such as INTERVAL '10' SECOND"),
    }
}

/// A window's frame: `RANGE INTERVAL … PRECEDING`, `ROWS n PRECEDING`, `UNBOUNDED PRECEDING`
/// (no frame, too), or the current row alone; it must end at the current row.
pub(crate) fn window_frame(spec: &ast::WindowSpec, position: Option<Position>) -> Result<OverFrame> {
    let Some(frame) = &spec.window_frame else { return Ok(OverFrame::Unbounded) };
    if !matches!(frame.end_bound, None | Some(ast::WindowFrameBound::CurrentRow)) {
        return plan_err!(position, "a sliding window ends at the current row");
    }
    Ok(match (&frame.units, &frame.start_bound) {
        (_, ast::WindowFrameBound::Preceding(None)) => OverFrame::Unbounded,
        (ast::WindowFrameUnits::Range, ast::WindowFrameBound::Preceding(Some(e))) => match e.as_ref() {
            ast::Expr::Interval(i) => OverFrame::Range(interval_millis_of(i, position, false)?),
            other => {
                return plan_err!(
                    position,
                    "RANGE takes an interval, such as RANGE INTERVAL '1' MINUTE PRECEDING, not {other}"
                )
            }
        },
        (ast::WindowFrameUnits::Rows, ast::WindowFrameBound::Preceding(Some(e))) => match e.as_ref() {
            ast::Expr::Value(v) => match &v.value {
                ast::Value::Number(n, _) if n.parse::<u64>().is_ok() => OverFrame::Rows(n.parse().unwrap_or(0)),
                other => return plan_err!(position, "ROWS takes a row count, not {other}"),
            },
            other => return plan_err!(position, "ROWS takes a row count, not {other}"),
        },
        (_, ast::WindowFrameBound::CurrentRow) => OverFrame::Rows(0),
        _ => return plan_err!(position, "this window frame is not supported: {spec}"),
    })
}

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
    let func = AggregateFunction::ArrayAgg { ignore_nulls };
    let (over, filter) = (f.over.as_ref(), f.filter.as_deref());
    Ok(AggregateCall { func, arg: Some(arg), distinct, over, filter, default: None, boolean: false })
}

/// Flink's `LISTAGG(text [, separator])`, the separator a literal (',' by default).
fn listagg_call(f: &ast::Function, position: Option<Position>) -> Result<AggregateCall<'_>> {
    let usage = "LISTAGG(text [, 'separator'])";
    if !plain_arguments(f) || f.null_treatment.is_some() || !f.within_group.is_empty() {
        return plan_err!(position, "LISTAGG takes no DISTINCT, WITHIN GROUP or NULLS: {usage}");
    }
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
    Ok(AggregateCall { func, arg: Some(arg), distinct: false, over, filter, default: None, boolean: false })
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

/// Whether a call's arguments are a plain list: no DISTINCT or ALL, no clause among them
/// (`ORDER BY`, `IGNORE NULLS` inside the parentheses, …), which LAG, NTH_VALUE and EXP_AVG do
/// not take, nor KDA's table functions.
pub(crate) fn plain_arguments(f: &ast::Function) -> bool {
    match &f.args {
        ast::FunctionArguments::List(list) => list.duplicate_treatment.is_none() && list.clauses.is_empty(),
        _ => true,
    }
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
fn scalar_call_modifier(e: &ast::Expr) -> Option<(&'static str, String)> {
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

pub(crate) fn function_name(f: &ast::Function) -> String {
    match f.name.0.last() {
        Some(ast::ObjectNamePart::Identifier(id)) => id.value.to_uppercase(),
        _ => f.name.to_string().to_uppercase(),
    }
}

pub(crate) fn function_args(f: &ast::Function) -> Vec<Option<&ast::Expr>> {
    match &f.args {
        ast::FunctionArguments::List(list) => list
            .args
            .iter()
            .map(|a| match a {
                ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect(),
        _ => vec![],
    }
}

pub(crate) fn span_position(span: sqlparser::tokenizer::Span) -> Option<Position> {
    (span.start.line > 0).then_some(Position { line: span.start.line, column: span.start.column })
}

pub(crate) fn first_words(sql: &str) -> String {
    let words: Vec<&str> = sql.split_whitespace().take(4).collect();
    words.join(" ")
}
