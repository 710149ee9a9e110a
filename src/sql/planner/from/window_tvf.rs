//! The window table functions of FROM, `TUMBLE`, `HOP`, `CUMULATE` and `SESSION` over a stream,
//! view, CTE or subquery: its rows with `window_start`, `window_end` and `window_time` added.

use std::sync::Arc;

use arrow_schema::{Field, Schema, SchemaRef};
use sqlparser::ast::{self, Spanned};

use super::relations::{derived, in_default_database, named_relation};
use super::Input;
use crate::error::Result;
use crate::plan::types::{ltz_zone, timestamp_type};
use crate::plan::{Expr, LogicalPlan, ScalarFunction, TvfKind};
use crate::plan_err;
use crate::sql::planner::ast_util::{function_args, function_name, span_position};
use crate::sql::planner::expr::ExprPlanner;
use crate::sql::planner::literals::interval_millis_of;
use crate::sql::planner::query::{plan_query, QueryContext, WINDOW_COLUMNS};
use crate::sql::planner::scope::{Scope, WindowColumns, UPDATING};

/// `TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])`, `HOP(…, slide, size [, offset])`,
/// `CUMULATE(…, step, size [, offset])`, `SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), gap)`;
/// `t` a stream, view or CTE, or `(query)`.
pub(super) fn plan_window_tvf(f: &ast::Function, ctx: &QueryContext) -> Result<Input> {
    let position = span_position(f.span());
    let name = function_name(f);
    let args = function_args(f);
    let usage = match name.as_str() {
        "TUMBLE" => "TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' MINUTES [, offset])",
        "HOP" => "HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])",
        "CUMULATE" => "CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])",
        "SESSION" => "SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), gap)",
        _ => return plan_err!(position, "{name} is not a window table function (TUMBLE, HOP, CUMULATE, SESSION)"),
    };
    let (Some(Some(ast::Expr::Function(table))), Some(Some(ast::Expr::Function(descriptor)))) =
        (args.first(), args.get(1))
    else {
        return plan_err!(position, "expected {usage}");
    };
    if function_name(table) != "TABLE" || function_name(descriptor) != "DESCRIPTOR" {
        return plan_err!(position, "expected {usage}");
    }
    let table_args = function_args(table);
    let input = match table_args.first() {
        Some(Some(ast::Expr::Identifier(ident))) => named_relation(ident, None, ctx)?,
        Some(Some(ast::Expr::CompoundIdentifier(parts))) => {
            let (ident, qualifiers) = parts.split_last().expect("a compound name has parts");
            let qualifiers: Vec<String> = qualifiers.iter().map(|q| q.value.clone()).collect();
            let name: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            in_default_database(&qualifiers, &name.join("."), position)?;
            named_relation(ident, None, ctx)?
        }
        Some(Some(ast::Expr::Subquery(query))) => derived(plan_query(query, ctx)?, String::new(), None, ctx.naming)?,
        _ => return plan_err!(position, "expected {usage}"),
    };
    let scope = input.scope;
    if scope.op.is_some() {
        return plan_err!(
            position,
            "a window TVF doesn't support consuming update changes, which its input produces ({UPDATING}): window the rows before they are aggregated"
        );
    }

    let time_arg = function_args(descriptor);
    let Some(Some(ast::Expr::Identifier(time_ident))) = time_arg.first() else {
        return plan_err!(position, "DESCRIPTOR takes the event-time column: DESCRIPTOR(ts)");
    };
    let Expr::Column { index: time_column, name: time_name, .. } = scope.column(None, time_ident)? else {
        return plan_err!(position, "DESCRIPTOR takes a column");
    };
    let proctime = scope.time.proctime.contains(&time_column);
    if scope.time_attribute(time_column).is_none() && !proctime {
        let table = scope.relations.first().map(|r| r.name.clone()).unwrap_or_default();
        return plan_err!(
            crate::sql::parser::ident_position(time_ident),
            "window TVF needs a time attribute: \"{time_name}\" has no watermark; declare WATERMARK FOR {time_name} AS {time_name} - INTERVAL '1' SECOND in CREATE TABLE {table}"
        );
    };

    let mut intervals = Vec::new();
    for arg in args.iter().skip(2) {
        match arg {
            Some(ast::Expr::Interval(i)) => intervals.push(interval_millis_of(i, position, true)?),
            _ => return plan_err!(position, "expected {usage}; window sizes are INTERVALs"),
        }
    }
    let positive = |v: i64, what: &str| -> Result<i64> {
        if v > 0 {
            Ok(v)
        } else {
            plan_err!(position, "the {what} of {name} must be positive")
        }
    };
    let kind = match (name.as_str(), intervals.as_slice()) {
        ("TUMBLE", [size]) => TvfKind::Tumble { size: positive(*size, "size")?, offset: 0 },
        ("TUMBLE", [size, offset]) => TvfKind::Tumble { size: positive(*size, "size")?, offset: *offset },
        ("HOP", [slide, size]) | ("HOP", [slide, size, _]) => {
            let offset = intervals.get(2).copied().unwrap_or(0);
            TvfKind::Hop { slide: positive(*slide, "slide")?, size: positive(*size, "size")?, offset }
        }
        ("CUMULATE", [step, size]) | ("CUMULATE", [step, size, _]) => {
            let (step, size) = (positive(*step, "step")?, positive(*size, "size")?);
            if size % step != 0 {
                return plan_err!(position, "CUMULATE's size must be a whole number of steps");
            }
            TvfKind::Cumulate { step, size, offset: intervals.get(2).copied().unwrap_or(0) }
        }
        ("SESSION", [gap]) => {
            let planner = ExprPlanner::new(&scope);
            let partition = table_args.iter().skip(1).flatten().map(|e| planner.plan(e)).collect::<Result<Vec<_>>>()?;
            TvfKind::Session { gap: positive(*gap, "gap")?, partition }
        }
        _ => return plan_err!(position, "expected {usage}"),
    };
    if proctime && !matches!(kind, TvfKind::Tumble { offset: 0, .. }) {
        return plan_err!(position, "a window on processing time (PROCTIME()) is TUMBLE without an offset; use an event-time attribute for {name}");
    }

    let (Input { scope, plan: input_plan }, time_column) = match ltz_zone(scope.schema.field(time_column).data_type()) {
        Some(zone) if !crate::plan::zone::keeps_utc(zone) => {
            on_wall_clock(Input { scope, plan: input.plan }, time_column)
        }
        _ => (Input { scope, plan: input.plan }, time_column),
    };
    let first = scope.schema.fields().len();
    let mut fields: Vec<Field> = scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    for column in WINDOW_COLUMNS {
        fields.push(Field::new(column, timestamp_type(), false));
    }
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let plan =
        LogicalPlan::WindowTvf { input: Box::new(input_plan), kind: kind.clone(), time_column, schema: schema.clone() };
    let mut relations = scope.relations.clone();
    for r in &mut relations {
        if r.columns.end == first {
            r.columns.end = schema.fields().len();
        }
    }
    let mut time = scope.time.clone();
    // window_time is a time attribute too (Flink's), with the same watermark.
    if !proctime {
        time.attributes.push(first + 2);
    }
    time.window =
        Some(WindowColumns { kind, proctime, start: Some(first), end: Some(first + 1), time: Some(first + 2) });
    Ok(Input { scope: Scope { schema, relations, time, ..scope }, plan })
}

/// The column a window over a TIMESTAMP_LTZ runs on, when its zone does not keep UTC's time: the
/// attribute on the zone's wall clock (a TIMESTAMP), as a hidden column after the others, with
/// the rows' watermark on that clock too. A day window then starts at the zone's midnight (and
/// lasts 23 or 25 hours when the clock turns), and window_start, window_end and window_time are
/// that wall clock, as Flink prints them. The attribute itself is no longer one: its watermark
/// is now the wall clock's. Returns the rows and the wall clock's column.
fn on_wall_clock(input: Input, attribute: usize) -> (Input, usize) {
    let Input { mut scope, plan } = input;
    let field = scope.schema.field(attribute);
    let zone: Arc<str> = ltz_zone(field.data_type()).expect("a TIMESTAMP_LTZ").into();
    let column = |index: usize| Expr::column_of(index, scope.schema.field(index));
    let mut exprs: Vec<Expr> = (0..scope.schema.fields().len())
        .map(|index| match scope.time.watermark {
            Some(w) if w == index => Expr::Call {
                func: ScalarFunction::WallWatermark(zone.clone()),
                args: vec![column(index)],
                data_type: timestamp_type(),
            },
            _ => column(index),
        })
        .collect();
    exprs.push(column(attribute).cast_to(&timestamp_type()));
    let mut fields: Vec<Field> = scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new(WALL_CLOCK_COLUMN, timestamp_type(), field.is_nullable()));
    let wall = fields.len() - 1;
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    for r in &mut scope.relations {
        if r.columns.end == wall {
            r.columns.end = wall + 1;
        }
    }
    scope.time.attributes.retain(|a| *a != attribute);
    if scope.time.proctime.contains(&attribute) {
        scope.time.proctime.push(wall);
    } else {
        scope.time.attributes.push(wall);
    }
    let plan = LogicalPlan::Projection { input: Box::new(plan), exprs, schema: schema.clone() };
    (Input { scope: Scope { schema, ..scope }, plan }, wall)
}

/// The hidden column [`on_wall_clock`] adds.
const WALL_CLOCK_COLUMN: &str = "$wall_clock";
