//! From parsed statements to an [`ApplicationPlan`]: names resolved, types checked, casts inserted.

use std::cell::RefCell;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef};
use sqlparser::ast::{self, Spanned};

use super::parser::{ident_position, normalize_ident, Statement};
use crate::error::{Error, Position, Result};
use crate::plan::types::{common_numeric_type, is_numeric, timestamp_type};
use crate::plan::{
    AggregateExpr, AggregateFunction, ApplicationPlan, BinaryOp, ColumnDef, Expr, LogicalPlan,
    PumpPlan, ScalarValue, SqlType, StreamDef, TimeUnitKw, TumblingWindow, WindowSize,
    RESULT_STREAM, ROWTIME,
};
use crate::plan_err;

/// Plans application code against the input streams the runtime provides (by name).
pub fn plan_application(statements: &[Statement], inputs: &[StreamDef]) -> Result<ApplicationPlan> {
    let mut app = ApplicationPlan { streams: inputs.to_vec(), pumps: vec![] };
    let mut bare_queries = 0;
    for statement in statements {
        match statement {
            Statement::CreateStream { name, columns } => {
                let stream = plan_create_stream(name, columns)?;
                app.streams.retain(|s| s.name != stream.name);
                app.streams.push(stream);
            }
            Statement::CreatePump { name, target, columns, query } => {
                let pump_name = normalize_ident(name);
                let target_name = normalize_ident(target);
                let Some(target_def) = app.stream(&target_name).cloned() else {
                    return plan_err!(
                        ident_position(target),
                        "pump \"{pump_name}\" inserts into stream \"{target_name}\", which does not exist; declare it with CREATE OR REPLACE STREAM first"
                    );
                };
                let select = plan_query(query, &app)?;
                let plan = insert_into(select, &target_def, columns, span_position(query.span()))?;
                app.pumps.retain(|p| p.name != pump_name);
                app.pumps.push(PumpPlan { name: pump_name, target: target_name, plan });
            }
            Statement::Query { query, .. } => {
                bare_queries += 1;
                let name = match bare_queries {
                    1 => RESULT_STREAM.to_string(),
                    n => format!("{RESULT_STREAM}_{n}"),
                };
                let select = plan_query(query, &app)?;
                let stream = derived_stream(&name, &select.plan.schema())?;
                app.streams.push(stream);
                app.pumps.push(PumpPlan { name: format!("{name}_QUERY"), target: name, plan: select.plan });
            }
        }
    }
    if app.pumps.is_empty() {
        return plan_err!(
            None,
            "the application has no pump and no query, so it produces nothing; add CREATE OR REPLACE PUMP … AS INSERT INTO … SELECT STREAM …"
        );
    }
    Ok(app)
}

fn plan_create_stream(name: &ast::Ident, columns: &[(ast::Ident, ast::DataType)]) -> Result<StreamDef> {
    let mut defs = Vec::with_capacity(columns.len());
    for (column, data_type) in columns {
        let column_name = normalize_ident(column);
        if column_name.eq_ignore_ascii_case(ROWTIME) {
            return plan_err!(ident_position(column), "ROWTIME is a column of every stream and cannot be declared");
        }
        if defs.iter().any(|d: &ColumnDef| d.name == column_name) {
            return plan_err!(ident_position(column), "column \"{column_name}\" is declared twice");
        }
        let sql_type = sql_type(data_type).ok_or_else(|| Error::Plan {
            message: format!("column \"{column_name}\" has type {data_type}, which is not supported yet"),
            position: ident_position(column),
        })?;
        defs.push(ColumnDef { name: column_name, sql_type });
    }
    Ok(StreamDef::new(normalize_ident(name), defs))
}

fn sql_type(data_type: &ast::DataType) -> Option<SqlType> {
    use ast::DataType as D;
    let length = |l: &Option<ast::CharacterLength>| match l {
        Some(ast::CharacterLength::IntegerLength { length, .. }) => Some(*length),
        _ => None,
    };
    Some(match data_type {
        D::Varchar(l) | D::CharacterVarying(l) | D::CharVarying(l) | D::Nvarchar(l) => SqlType::Varchar(length(l)),
        D::Char(l) | D::Character(l) => SqlType::Char(length(l)),
        D::String(_) | D::Text => SqlType::Varchar(None),
        D::Boolean | D::Bool => SqlType::Boolean,
        D::TinyInt(_) => SqlType::TinyInt,
        D::SmallInt(_) => SqlType::SmallInt,
        D::Int(_) | D::Integer(_) => SqlType::Integer,
        D::BigInt(_) => SqlType::BigInt,
        D::Real | D::Float4 => SqlType::Real,
        D::Double(_) | D::DoublePrecision | D::Float8 | D::Float(_) => SqlType::Double,
        D::Timestamp(_, _) => SqlType::Timestamp,
        _ => return None,
    })
}

/// The stream a bare query writes to: its columns are the query's, ROWTIME aside.
fn derived_stream(name: &str, schema: &SchemaRef) -> Result<StreamDef> {
    let mut columns = Vec::new();
    for field in schema.fields().iter().skip(1) {
        let sql_type = SqlType::from_arrow(field.data_type())
            .ok_or_else(|| Error::Internal(format!("no SQL type for {}", field.data_type())))?;
        columns.push(ColumnDef { name: field.name().clone(), sql_type });
    }
    Ok(StreamDef::new(name, columns))
}

/// A planned SELECT: a projection whose first expression is the output ROWTIME.
struct Select {
    plan: LogicalPlan,
}

/// Wraps a SELECT so that it produces exactly the target stream's columns, in order and type.
fn insert_into(select: Select, target: &StreamDef, columns: &[ast::Ident], position: Option<Position>) -> Result<LogicalPlan> {
    let LogicalPlan::Projection { input, exprs, .. } = select.plan else {
        return Err(Error::Internal("a SELECT plans to a projection".into()));
    };
    let (rowtime, values) = exprs.split_first().expect("ROWTIME comes first");
    let names: Vec<String> = if columns.is_empty() {
        target.columns.iter().map(|c| c.name.clone()).collect()
    } else {
        columns.iter().map(normalize_ident).collect()
    };
    if names.len() != values.len() {
        return plan_err!(
            columns.first().and_then(ident_position).or(position),
            "stream \"{}\" takes {} column(s) but the query selects {}",
            target.name,
            names.len(),
            values.len()
        );
    }
    let mut out = vec![rowtime.clone()];
    for column in &target.columns {
        let value = match names.iter().position(|n| n == &column.name) {
            Some(i) => values[i].clone(),
            None => Expr::Literal(ScalarValue::Null),
        };
        let to = column.sql_type.to_arrow();
        if value.data_type() != DataType::Null && !arrow_cast::can_cast_types(&value.data_type(), &to) {
            return plan_err!(
                position,
                "cannot insert {} ({}) into column \"{}\" of type {}",
                value,
                value.data_type(),
                column.name,
                column.sql_type
            );
        }
        out.push(value.cast_to(&to));
    }
    if let Some(unknown) = names.iter().find(|n| !target.columns.iter().any(|c| &&c.name == n)) {
        return plan_err!(position, "stream \"{}\" has no column \"{unknown}\"", target.name);
    }
    Ok(LogicalPlan::Projection { input, exprs: out, schema: target.schema.clone() })
}

fn plan_query(query: &ast::Query, app: &ApplicationPlan) -> Result<Select> {
    let position = span_position(query.span());
    if query.order_by.is_some() || query.limit_clause.is_some() {
        return plan_err!(position, "ORDER BY and LIMIT are not supported on streams");
    }
    let ast::SetExpr::Select(select) = query.body.as_ref() else {
        return plan_err!(position, "only a plain SELECT is supported here, not {}", first_words(&query.body.to_string()));
    };
    if select.from.len() != 1 || !select.from[0].joins.is_empty() {
        return plan_err!(position, "a SELECT reads exactly one stream (joins come later)");
    }
    let (stream, alias) = match &select.from[0].relation {
        ast::TableFactor::Table { name, alias, .. } => {
            let Some(ast::ObjectNamePart::Identifier(ident)) = name.0.last() else {
                return plan_err!(position, "cannot read from {name}");
            };
            let stream_name = normalize_ident(ident);
            let Some(stream) = app.stream(&stream_name) else {
                let known: Vec<String> = app.streams.iter().map(|s| format!("\"{}\"", s.name)).collect();
                return plan_err!(
                    ident_position(ident),
                    "stream \"{stream_name}\" does not exist (known streams: {})",
                    if known.is_empty() { "none".to_string() } else { known.join(", ") }
                );
            };
            (stream.clone(), alias.as_ref().map(|a| normalize_ident(&a.name)))
        }
        other => return plan_err!(span_position(other.span()), "cannot read from {other}"),
    };
    let scope = Scope { stream: stream.name.clone(), alias, schema: stream.schema.clone() };
    let mut plan = LogicalPlan::Scan { stream: stream.name.clone(), schema: stream.schema.clone() };

    if let Some(predicate) = &select.selection {
        let predicate = ExprPlanner::new(&scope).plan(predicate)?;
        if predicate.data_type() != DataType::Boolean {
            return plan_err!(position, "WHERE needs a condition, not {predicate}");
        }
        plan = LogicalPlan::Filter { input: Box::new(plan), predicate };
    }
    if select.having.is_some() {
        return plan_err!(position, "HAVING is not supported yet");
    }

    let group_by = match &select.group_by {
        ast::GroupByExpr::Expressions(exprs, _) => exprs.clone(),
        ast::GroupByExpr::All(_) => return plan_err!(position, "GROUP BY ALL is not supported"),
    };
    let aggregating = !group_by.is_empty() || select.projection.iter().any(item_has_aggregate);
    let mut names = Vec::new();
    let mut exprs = Vec::new();
    if aggregating {
        let aggregation = RefCell::new(Aggregation::new(scope.clone(), &group_by, position)?);
        let planner = ExprPlanner { scope: &scope, aggregation: Some(&aggregation) };
        for (i, item) in select.projection.iter().enumerate() {
            let (expr, name) = select_item(item, i)?;
            exprs.push(planner.plan(expr)?);
            names.push(name);
        }
        let (agg_plan, agg_scope_schema) = aggregation.into_inner().finish(plan)?;
        plan = agg_plan;
        exprs.insert(0, Expr::Column { index: 0, name: ROWTIME.into(), data_type: agg_scope_schema.field(0).data_type().clone() });
    } else {
        let planner = ExprPlanner::new(&scope);
        for (i, item) in select.projection.iter().enumerate() {
            if let ast::SelectItem::Wildcard(_) = item {
                for (index, field) in scope.schema.fields().iter().enumerate().skip(1) {
                    exprs.push(Expr::Column { index, name: field.name().clone(), data_type: field.data_type().clone() });
                    names.push(field.name().clone());
                }
                continue;
            }
            let (expr, name) = select_item(item, i)?;
            exprs.push(planner.plan(expr)?);
            names.push(name);
        }
        exprs.insert(0, Expr::Column { index: 0, name: ROWTIME.into(), data_type: timestamp_type() });
    }
    names.insert(0, ROWTIME.to_string());
    let fields: Vec<Field> = names
        .iter()
        .zip(&exprs)
        .enumerate()
        .map(|(i, (n, e))| Field::new(n, e.data_type(), i > 0))
        .collect();
    let plan = LogicalPlan::Projection { input: Box::new(plan), exprs, schema: Arc::new(Schema::new(fields)) };
    Ok(Select { plan })
}

/// A select item's expression and output name (`EXPR$n` when it has none).
fn select_item(item: &ast::SelectItem, index: usize) -> Result<(&ast::Expr, String)> {
    match item {
        ast::SelectItem::ExprWithAlias { expr, alias } => Ok((expr, normalize_ident(alias))),
        ast::SelectItem::UnnamedExpr(expr) => {
            let name = match expr {
                ast::Expr::Identifier(id) => normalize_ident(id),
                ast::Expr::CompoundIdentifier(ids) => ids.last().map(normalize_ident).unwrap_or_default(),
                _ => format!("EXPR${index}"),
            };
            Ok((expr, name))
        }
        other => plan_err!(span_position(other.span()), "{other} is not supported in an aggregate query"),
    }
}

fn item_has_aggregate(item: &ast::SelectItem) -> bool {
    match item {
        ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } => contains_aggregate(e),
        _ => false,
    }
}

/// The columns an expression can see: one stream, by its name or its alias.
#[derive(Clone)]
struct Scope {
    stream: String,
    alias: Option<String>,
    schema: SchemaRef,
}

impl Scope {
    fn column(&self, qualifier: Option<&ast::Ident>, ident: &ast::Ident) -> Result<Expr> {
        if let Some(q) = qualifier {
            let q = normalize_ident(q);
            if q != self.stream && Some(&q) != self.alias.as_ref() {
                return plan_err!(ident_position(ident), "\"{q}\" is not a stream in this query's FROM clause (that is \"{}\")", self.stream);
            }
        }
        let name = normalize_ident(ident);
        match self.schema.fields().iter().position(|f| f.name() == &name) {
            Some(index) => {
                Ok(Expr::Column { index, name, data_type: self.schema.field(index).data_type().clone() })
            }
            None => {
                let hint = self
                    .schema
                    .fields()
                    .iter()
                    .find(|f| f.name().eq_ignore_ascii_case(&name))
                    .map(|f| format!("; did you mean \"{}\"? (unquoted names fold to upper case)", f.name()))
                    .unwrap_or_default();
                plan_err!(ident_position(ident), "stream \"{}\" has no column \"{name}\"{hint}", self.stream)
            }
        }
    }
}

/// State of an aggregate query while its select list is planned.
struct Aggregation {
    window: TumblingWindow,
    group_exprs: Vec<Expr>,
    aggregates: Vec<AggregateExpr>,
}

impl Aggregation {
    fn new(input: Scope, group_by: &[ast::Expr], position: Option<Position>) -> Result<Aggregation> {
        let planner = ExprPlanner::new(&input);
        let mut window = None;
        let mut group_exprs = Vec::new();
        for e in group_by {
            let planned = planner.plan(e)?;
            match tumbling_window(&planned) {
                Some(w) if window.is_none() => window = Some(w),
                Some(_) => {
                    return plan_err!(span_position(e.span()), "more than one window in GROUP BY is not supported yet")
                }
                None => group_exprs.push(planned),
            }
        }
        let Some(window) = window else {
            return plan_err!(
                position,
                "an aggregate on a stream needs a window in GROUP BY, such as STEP(s.ROWTIME BY INTERVAL '60' SECOND) or FLOOR(s.ROWTIME TO MINUTE)"
            );
        };
        Ok(Aggregation { window, group_exprs, aggregates: vec![] })
    }

    /// Index in the aggregate's output of a grouped expression, if `e` is one.
    fn grouped(&self, e: &Expr) -> Option<usize> {
        if e == &self.window.start {
            return Some(1);
        }
        self.group_exprs.iter().position(|g| g == e).map(|i| 2 + i)
    }

    fn output_field(&self, index: usize) -> (String, DataType) {
        let keys = self.group_exprs.len();
        match index {
            0 => (ROWTIME.into(), timestamp_type()),
            1 => ("WINDOW_START".into(), timestamp_type()),
            i if i < 2 + keys => (format!("KEY${}", i - 2), self.group_exprs[i - 2].data_type()),
            i => (format!("AGG${}", i - 2 - keys), self.aggregates[i - 2 - keys].data_type()),
        }
    }

    fn finish(self, input: LogicalPlan) -> Result<(LogicalPlan, SchemaRef)> {
        let total = 2 + self.group_exprs.len() + self.aggregates.len();
        let fields: Vec<Field> = (0..total)
            .map(|i| {
                let (name, t) = self.output_field(i);
                Field::new(name, t, i > 1)
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        Ok((
            LogicalPlan::WindowAggregate {
                input: Box::new(input),
                window: self.window,
                group_exprs: self.group_exprs,
                aggregates: self.aggregates,
                schema: schema.clone(),
            },
            schema,
        ))
    }
}

/// A tumbling window on ROWTIME, if `e` is `STEP(ROWTIME BY …)` or `FLOOR(ROWTIME TO unit)`.
fn tumbling_window(e: &Expr) -> Option<TumblingWindow> {
    let on_rowtime = |inner: &Expr| matches!(inner, Expr::Column { index: 0, name, .. } if name == ROWTIME);
    let size = match e {
        Expr::Step { expr, interval_ms } if on_rowtime(expr) => WindowSize::Millis(*interval_ms),
        Expr::FloorTime { expr, unit } if on_rowtime(expr) => match unit {
            TimeUnitKw::Second => WindowSize::Millis(1_000),
            TimeUnitKw::Minute => WindowSize::Millis(60_000),
            TimeUnitKw::Hour => WindowSize::Millis(3_600_000),
            TimeUnitKw::Day => WindowSize::Millis(86_400_000),
            TimeUnitKw::Month => WindowSize::Months(1),
            TimeUnitKw::Year => WindowSize::Months(12),
        },
        _ => return None,
    };
    Some(TumblingWindow { start: e.clone(), size })
}

/// Plans expressions in a scope; inside an aggregate query, also resolves aggregate calls and
/// grouped expressions to the aggregate's output columns.
struct ExprPlanner<'a> {
    scope: &'a Scope,
    aggregation: Option<&'a RefCell<Aggregation>>,
}

impl<'a> ExprPlanner<'a> {
    fn new(scope: &'a Scope) -> ExprPlanner<'a> {
        ExprPlanner { scope, aggregation: None }
    }

    fn plan(&self, e: &ast::Expr) -> Result<Expr> {
        if let Some(agg) = &self.aggregation {
            if let Some(call) = aggregate_call(e)? {
                let arg = match call.arg {
                    Some(arg) => {
                        if contains_aggregate(arg) {
                            return plan_err!(span_position(arg.span()), "aggregate calls cannot be nested");
                        }
                        let arg = ExprPlanner::new(self.scope).plan(arg)?;
                        if matches!(call.func, AggregateFunction::Sum | AggregateFunction::Avg) && !is_numeric(&arg.data_type()) {
                            return plan_err!(span_position(e.span()), "{}() needs a number, not {}", call.func, arg.data_type());
                        }
                        Some(arg)
                    }
                    None => None,
                };
                let mut agg = agg.borrow_mut();
                let aggregate = AggregateExpr { func: call.func, arg };
                let index = match agg.aggregates.iter().position(|a| a == &aggregate) {
                    Some(i) => i,
                    None => {
                        agg.aggregates.push(aggregate);
                        agg.aggregates.len() - 1
                    }
                };
                let index = 2 + agg.group_exprs.len() + index;
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
                ident_position(ident),
                "column \"{}\" must appear in GROUP BY or be used in an aggregate function",
                normalize_ident(ident)
            );
        }
        Ok(column)
    }

    fn plan_structure(&self, e: &ast::Expr) -> Result<Expr> {
        let position = span_position(e.span());
        match e {
            ast::Expr::Identifier(ident) => self.column(None, ident),
            ast::Expr::CompoundIdentifier(parts) => match parts.as_slice() {
                [column] => self.column(None, column),
                [.., qualifier, column] => self.column(Some(qualifier), column),
                [] => plan_err!(position, "empty identifier"),
            },
            ast::Expr::Value(v) => literal(&v.value, position).map(Expr::Literal),
            ast::Expr::Nested(inner) => self.plan(inner),
            ast::Expr::UnaryOp { op, expr } => {
                let inner = self.plan(expr)?;
                match op {
                    ast::UnaryOperator::Not => Ok(Expr::Not(Box::new(self.boolean(inner, position)?))),
                    ast::UnaryOperator::Minus if is_numeric(&inner.data_type()) => Ok(Expr::Negate(Box::new(inner))),
                    ast::UnaryOperator::Plus if is_numeric(&inner.data_type()) => Ok(inner),
                    other => plan_err!(position, "operator {other} cannot be applied to {inner}"),
                }
            }
            ast::Expr::BinaryOp { left, op, right } => {
                let op = binary_op(op).ok_or_else(|| Error::Plan {
                    message: format!("operator {op} is not supported yet"),
                    position,
                })?;
                let (l, r) = (self.plan(left)?, self.plan(right)?);
                binary(op, l, r, position)
            }
            ast::Expr::IsNull(inner) => Ok(Expr::IsNull { expr: Box::new(self.plan(inner)?), negated: false }),
            ast::Expr::IsNotNull(inner) => Ok(Expr::IsNull { expr: Box::new(self.plan(inner)?), negated: true }),
            ast::Expr::Cast { expr, data_type, .. } => {
                let inner = self.plan(expr)?;
                let to = sql_type(data_type)
                    .ok_or_else(|| Error::Plan { message: format!("CAST to {data_type} is not supported yet"), position })?
                    .to_arrow();
                if !arrow_cast::can_cast_types(&inner.data_type(), &to) {
                    return plan_err!(position, "cannot CAST {} to {data_type}", inner.data_type());
                }
                Ok(Expr::Cast { expr: Box::new(inner), to })
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
            ast::Expr::Function(f) if function_name(f) == "STEP" => {
                let args = function_args(f);
                let [Some(time), Some(ast::Expr::Interval(interval))] = args.as_slice() else {
                    return plan_err!(position, "STEP needs a timestamp and an interval: STEP(s.ROWTIME BY INTERVAL '10' SECOND)");
                };
                let time = self.plan(time)?;
                if time.data_type() != timestamp_type() {
                    return plan_err!(position, "STEP needs a timestamp, not {}", time.data_type());
                }
                let interval_ms = interval_millis(interval, position)?;
                Ok(Expr::Step { expr: Box::new(time), interval_ms })
            }
            ast::Expr::Function(f) => {
                let name = function_name(f);
                plan_err!(position, "function {name} is not supported yet")
            }
            other => plan_err!(position, "{} is not supported yet", first_words(&other.to_string())),
        }
    }

    fn boolean(&self, e: Expr, position: Option<Position>) -> Result<Expr> {
        if e.data_type() == DataType::Boolean || e.data_type() == DataType::Null {
            Ok(e.cast_to(&DataType::Boolean))
        } else {
            plan_err!(position, "expected a condition, found {e} of type {}", e.data_type())
        }
    }
}

/// A binary operator with its operands cast to a common type.
fn binary(op: BinaryOp, l: Expr, r: Expr, position: Option<Position>) -> Result<Expr> {
    let (lt, rt) = (l.data_type(), r.data_type());
    let operand = if op.is_logical() {
        Some(DataType::Boolean).filter(|_| {
            matches!(lt, DataType::Boolean | DataType::Null) && matches!(rt, DataType::Boolean | DataType::Null)
        })
    } else if lt == DataType::Null {
        Some(rt.clone())
    } else if rt == DataType::Null || lt == rt {
        Some(lt.clone())
    } else if let Some(t) = common_numeric_type(&lt, &rt) {
        Some(t)
    } else if op.is_comparison() && (lt == DataType::Utf8 || rt == DataType::Utf8) {
        // '2018-11-01 00:00:00' = ts and '5' = n: compare as the non-string side's type.
        Some(if lt == DataType::Utf8 { rt.clone() } else { lt.clone() })
    } else {
        None
    };
    let arithmetic_ok = |t: &DataType| op.is_comparison() || op.is_logical() || is_numeric(t);
    match operand {
        Some(t) if arithmetic_ok(&t) => Ok(Expr::Binary { op, left: Box::new(l.cast_to(&t)), right: Box::new(r.cast_to(&t)) }),
        _ => plan_err!(position, "operator {op} cannot combine {lt} and {rt}"),
    }
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
            Err(_) => match n.parse::<f64>() {
                Ok(f) => ScalarValue::Float64(f),
                Err(_) => return plan_err!(position, "{n} is not a number"),
            },
        },
        ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => ScalarValue::Utf8(s.clone()),
        ast::Value::Boolean(b) => ScalarValue::Boolean(*b),
        ast::Value::Null => ScalarValue::Null,
        other => return plan_err!(position, "literal {other} is not supported yet"),
    })
}

fn time_unit(field: &ast::DateTimeField) -> Option<TimeUnitKw> {
    use ast::DateTimeField as F;
    Some(match field {
        F::Second | F::Seconds => TimeUnitKw::Second,
        F::Minute | F::Minutes => TimeUnitKw::Minute,
        F::Hour | F::Hours => TimeUnitKw::Hour,
        F::Day | F::Days => TimeUnitKw::Day,
        F::Month | F::Months => TimeUnitKw::Month,
        F::Year | F::Years => TimeUnitKw::Year,
        _ => return None,
    })
}

/// `INTERVAL 'n' unit` in milliseconds; only fixed-length units make sense for STEP.
fn interval_millis(interval: &ast::Interval, position: Option<Position>) -> Result<i64> {
    let text = match interval.value.as_ref() {
        ast::Expr::Value(v) => match &v.value {
            ast::Value::SingleQuotedString(s) | ast::Value::Number(s, _) => s.clone(),
            other => return plan_err!(position, "interval value {other} is not a number"),
        },
        other => return plan_err!(position, "interval value {other} is not a number"),
    };
    let Ok(n) = text.trim().parse::<f64>() else {
        return plan_err!(position, "interval value '{text}' is not a number");
    };
    let unit_ms = match interval.leading_field.as_ref().and_then(time_unit) {
        Some(TimeUnitKw::Second) => 1_000.0,
        Some(TimeUnitKw::Minute) => 60_000.0,
        Some(TimeUnitKw::Hour) => 3_600_000.0,
        Some(TimeUnitKw::Day) => 86_400_000.0,
        _ => return plan_err!(position, "STEP needs an interval in SECOND, MINUTE, HOUR or DAY, such as INTERVAL '10' SECOND"),
    };
    let ms = (n * unit_ms).round() as i64;
    if ms <= 0 {
        return plan_err!(position, "a window interval must be positive, not '{text}'");
    }
    Ok(ms)
}

struct AggregateCall<'e> {
    func: AggregateFunction,
    arg: Option<&'e ast::Expr>,
}

/// `Some` if `e` calls an aggregate function.
fn aggregate_call(e: &ast::Expr) -> Result<Option<AggregateCall<'_>>> {
    let ast::Expr::Function(f) = e else { return Ok(None) };
    let func = match function_name(f).as_str() {
        "COUNT" => AggregateFunction::Count,
        "SUM" => AggregateFunction::Sum,
        "AVG" => AggregateFunction::Avg,
        "MIN" => AggregateFunction::Min,
        "MAX" => AggregateFunction::Max,
        _ => return Ok(None),
    };
    let position = span_position(e.span());
    let ast::FunctionArguments::List(list) = &f.args else {
        return plan_err!(position, "{func} needs an argument");
    };
    if list.duplicate_treatment == Some(ast::DuplicateTreatment::Distinct) {
        return plan_err!(position, "{func}(DISTINCT …) is not supported yet");
    }
    if f.over.is_some() {
        return plan_err!(position, "{func}(…) OVER windows are not supported yet");
    }
    match list.args.as_slice() {
        [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Wildcard)] if func == AggregateFunction::Count => {
            Ok(Some(AggregateCall { func, arg: None }))
        }
        [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(arg))] => Ok(Some(AggregateCall { func, arg: Some(arg) })),
        _ => plan_err!(position, "{func} takes exactly one argument"),
    }
}

fn contains_aggregate(e: &ast::Expr) -> bool {
    let mut found = false;
    let _ = ast::visit_expressions(e, |inner| {
        if matches!(aggregate_call(inner), Ok(Some(_)) | Err(_)) {
            found = true;
            return std::ops::ControlFlow::Break(());
        }
        std::ops::ControlFlow::Continue(())
    });
    found
}

fn function_name(f: &ast::Function) -> String {
    match f.name.0.last() {
        Some(ast::ObjectNamePart::Identifier(id)) => id.value.to_uppercase(),
        _ => f.name.to_string().to_uppercase(),
    }
}

fn function_args(f: &ast::Function) -> Vec<Option<&ast::Expr>> {
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

fn span_position(span: sqlparser::tokenizer::Span) -> Option<Position> {
    (span.start.line > 0).then_some(Position { line: span.start.line, column: span.start.column })
}

fn first_words(sql: &str) -> String {
    let words: Vec<&str> = sql.split_whitespace().take(4).collect();
    words.join(" ")
}
