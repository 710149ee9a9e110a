//! Sliding windows: an aggregate with `OVER w` or `OVER (…)` registered with its window
//! (partitions, order, frame), and the column it fills returned.

use sqlparser::ast::{self, Spanned};

use super::aggregate_calls::{argument_fits, AggregateCall};
use super::ast_util::span_position;
use super::expr::ExprPlanner;
use super::literals::interval_millis_of;
use crate::error::{Position, Result};
use crate::plan::types::is_timestamp;
use crate::plan::{AggregateExpr, AggregateFunction, Expr, OverFrame, OverWindow};
use crate::plan_err;

/// The sliding windows and their aggregates found while a select list is planned.
pub(crate) struct SlidingWindows {
    pub named: Vec<ast::NamedWindowDefinition>,
    pub windows: Vec<OverWindow>,
    pub aggregates: Vec<(usize, AggregateExpr)>,
}

impl ExprPlanner<'_> {
    /// `MIN(x) OVER w`: registers the aggregate and returns the column it will fill.
    pub(super) fn plan_over(&self, e: &ast::Expr, call: AggregateCall, window: &ast::WindowType) -> Result<Expr> {
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
            // KDA's sliding windows run on ROWTIME; Flink's OVER names its time attribute.
            [] if !self.scope.naming.fold => {
                return plan_err!(
                    position,
                    "an OVER window of a stream is ordered by its time attribute: add ORDER BY it (Flink refuses one without ORDER BY too)"
                )
            }
            [] => 0,
            [item] if matches!(item.options.sort, Some(ast::OrderBySort::Desc)) => {
                return plan_err!(
                    position,
                    "a sliding window is ordered by time ascending: the rows before the current one, not {item}"
                )
            }
            [item] => match ExprPlanner::new(self.scope).plan(&item.expr)? {
                Expr::Column { index, data_type, .. } if is_timestamp(&data_type) => index,
                other => return plan_err!(position, "a sliding window is ordered by a time column, not {other}"),
            },
            _ => return plan_err!(position, "a sliding window is ordered by one time column"),
        };
        let frame = window_frame(spec, position)?;
        let event_time = self.scope.time_attribute(order_column);
        Ok(OverWindow { partition_by, order_column, frame, event_time })
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
        (ast::WindowFrameUnits::Rows, ast::WindowFrameBound::Preceding(None)) => OverFrame::UnboundedRows,
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
