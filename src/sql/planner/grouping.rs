//! GROUP BY and its window: KDA's tumbling windows on ROWTIME (`STEP`, `FLOOR`) and stagger
//! windows, Flink's window TVFs (folded into the aggregate, which assigns the windows itself),
//! a window the rows already belong to (a window aggregate over another's output: Flink's
//! cascade), or no window (Flink's updating `GROUP BY`).

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema};
use sqlparser::ast::{self, Spanned};

use super::ast_util::{function_args, function_name, span_position};
use super::expr::ExprPlanner;
use super::literals::interval_millis_of;
use super::scope::{Scope, TimeColumns, WindowColumns};
use super::Naming;
use crate::error::{Position, Result};
use crate::plan::types::timestamp_type;
use crate::plan::{
    AggregateExpr, BinaryOp, Expr, LogicalPlan, ScalarValue, TimeUnitKw, TumblingWindow, WindowSize, WindowSpec,
    OP_COLUMN, ROWTIME, WATERMARK_COLUMN,
};
use crate::plan_err;

/// The fixed columns at the start of a window aggregate's output.
pub(crate) const AGG_FIXED: [&str; 4] = [ROWTIME, "WINDOW_START", "WINDOW_END", "WINDOW_TIME"];

/// State of an aggregate query while its select list is planned.
pub(crate) struct Aggregation {
    pub window: WindowSpec,
    /// Input columns that stand for the window's start, end and time (a TVF's columns).
    window_columns: Vec<(usize, usize)>,
    pub group_exprs: Vec<Expr>,
    pub aggregates: Vec<AggregateExpr>,
    /// Where the input's watermark comes from.
    origin: Vec<String>,
    /// GROUPING SETS, ROLLUP or CUBE, grouped by the columns an Expand below made.
    sets: Option<GroupingSets>,
}

/// The grouping sets of a GROUP BY (GROUPING SETS, ROLLUP, CUBE): the columns they name and
/// which each set groups by.
#[derive(Debug, Clone)]
pub(crate) struct GroupingSets {
    /// The grouping columns, each planned over the input.
    columns: Vec<Expr>,
    /// For each set, the indices in `columns` it groups by.
    sets: Vec<Vec<usize>>,
    /// Where among the aggregate's keys the Expand's columns start: one per grouping column
    /// (NULL where a set leaves it out), then the set's number.
    first_key: usize,
}

/// GROUP BY split into its plain items and its grouping sets, if it has any: the cross
/// product of its GROUPING SETS, ROLLUP and CUBE items, each set a list of expressions (a
/// plain item is in every set, so it stays a plain key).
pub(crate) fn split_grouping_sets(group_by: &[ast::Expr]) -> Option<(Vec<ast::Expr>, Vec<Vec<ast::Expr>>)> {
    let sets_of = |e: &ast::Expr| -> Option<Vec<Vec<ast::Expr>>> {
        match e {
            ast::Expr::GroupingSets(sets) => Some(sets.clone()),
            // ROLLUP (a, b): (a, b), (a), ().
            ast::Expr::Rollup(items) => Some((0..=items.len()).rev().map(|n| items[..n].concat()).collect()),
            // CUBE (a, b): (a, b), (a), (b), () as Flink orders them: item i is left out of
            // the sets whose number has bit n - 1 - i set.
            ast::Expr::Cube(items) => {
                let n = items.len();
                let set =
                    |mask: usize| (0..n).filter(move |i| mask >> (n - 1 - i) & 1 == 0).flat_map(|i| items[i].clone());
                Some((0..1usize << n).map(|mask| set(mask).collect()).collect())
            }
            _ => None,
        }
    };
    if !group_by.iter().any(|e| sets_of(e).is_some()) {
        return None;
    }
    let mut plain = Vec::new();
    let mut sets: Vec<Vec<ast::Expr>> = vec![vec![]];
    for e in group_by {
        match sets_of(e) {
            Some(item) => {
                sets = sets.iter().flat_map(|a| item.iter().map(move |b| [a.clone(), b.clone()].concat())).collect()
            }
            None => plain.push(e.clone()),
        }
    }
    Some((plain, sets))
}

/// The rows of `plan` (read through `scope`) expanded once per grouping set: every input
/// column as it is, then each grouping column (NULL in the sets without it), then the set's
/// number. The scope of the expanded rows, the plan, and the sets.
pub(crate) fn expand(
    scope: &Scope,
    plan: LogicalPlan,
    sets: &[Vec<ast::Expr>],
) -> Result<(Scope, LogicalPlan, GroupingSets)> {
    let planner = ExprPlanner::new(scope);
    let mut columns: Vec<Expr> = Vec::new();
    let mut members = Vec::with_capacity(sets.len());
    for set in sets {
        let mut member = Vec::new();
        for e in set {
            let planned = planner.plan(e)?;
            let j = match columns.iter().position(|c| *c == planned) {
                Some(j) => j,
                None => {
                    columns.push(planned);
                    columns.len() - 1
                }
            };
            if !member.contains(&j) {
                member.push(j);
            }
        }
        members.push(member);
    }
    let width = scope.schema.fields().len();
    let mut fields: Vec<Field> = scope.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.extend(columns.iter().enumerate().map(|(j, c)| Field::new(format!("$g{j}"), c.data_type(), true)));
    fields.push(Field::new("$e", DataType::Int64, false));
    let schema = Arc::new(Schema::new(fields));
    let projections = members
        .iter()
        .enumerate()
        .map(|(s, member)| {
            let mut exprs: Vec<Expr> = (0..width).map(|i| Expr::column_of(i, schema.field(i))).collect();
            for (j, c) in columns.iter().enumerate() {
                exprs.push(if member.contains(&j) { c.clone() } else { Expr::Literal(ScalarValue::Null) });
            }
            exprs.push(Expr::Literal(ScalarValue::Int64(s as i64)));
            exprs
        })
        .collect();
    let mut expanded = scope.clone();
    expanded.schema = schema.clone();
    let plan = LogicalPlan::Expand { input: Box::new(plan), projections, schema };
    Ok((expanded, plan, GroupingSets { columns, sets: members, first_key: 0 }))
}

impl Aggregation {
    /// `tvf_time`: the time column of the window TVF the input is (under filters), whose windows
    /// the aggregate assigns itself; without one, rows that carry a window keep it.
    pub fn new(
        input: &Scope,
        group_by: &[ast::Expr],
        tvf_time: Option<usize>,
        naming: Naming,
        position: Option<Position>,
    ) -> Result<Aggregation> {
        let planner = ExprPlanner::new(input);
        let mut kda_window = None;
        let mut window_columns = Vec::new();
        let mut group_exprs = Vec::new();
        if let [ast::Expr::Function(f)] = group_by {
            if function_name(f) == "STAGGER" {
                let args = function_args(f);
                let Some(Some(ast::Expr::Interval(range))) = args.first() else {
                    return plan_err!(position, "STAGGER needs RANGE INTERVAL 'n' unit");
                };
                let range_ms = interval_millis_of(range, position, false)?;
                if range_ms <= 0 {
                    return plan_err!(position, "a stagger window's range must be positive");
                }
                for key in args.iter().skip(1).flatten() {
                    group_exprs.push(planner.plan(key)?);
                }
                return Ok(Aggregation {
                    window: WindowSpec::Stagger { range_ms },
                    window_columns: vec![],
                    group_exprs,
                    aggregates: vec![],
                    origin: vec![],
                    sets: None,
                });
            }
        }
        let window = input.time.window.clone();
        for e in group_by {
            let planned = planner.plan(e)?;
            if let (Some(w), Expr::Column { index, .. }) = (&window, &planned) {
                let slot = [w.start, w.end, w.time].iter().position(|c| *c == Some(*index));
                if let Some(slot) = slot {
                    window_columns.push((*index, 1 + slot));
                    continue;
                }
            }
            match tumbling_window(&planned) {
                Some(w) if kda_window.is_none() && window.is_none() => kda_window = Some(w),
                Some(_) => {
                    return plan_err!(span_position(e.span()), "more than one window in GROUP BY is not supported yet")
                }
                None => group_exprs.push(planned),
            }
        }
        let grouped = |slot: usize| window_columns.iter().any(|(_, s)| *s == slot);
        let window_spec = match (&window, kda_window) {
            // Windows of processing time: tumbling on the row's arrival, closed as the clock passes.
            (Some(w), _) if grouped(1) && grouped(2) && w.proctime => match (tvf_time, &w.kind) {
                (Some(time_column), crate::plan::TvfKind::Tumble { size, .. }) => {
                    // PROCTIME() is a TIMESTAMP_LTZ: its windows are on the zone's wall clock.
                    let data_type = input.schema.field(time_column).data_type().clone();
                    let time = Expr::Column { index: time_column, name: "PROCTIME".into(), data_type }
                        .cast_to(&timestamp_type());
                    let start = Expr::Step { expr: Box::new(time), size: WindowSize::Millis(*size) };
                    WindowSpec::Kda(TumblingWindow { start, size: WindowSize::Millis(*size) })
                }
                _ => return plan_err!(position, "a GROUP BY of processing-time windows needs their TUMBLE in FROM"),
            },
            (Some(w), _) if grouped(1) && grouped(2) => {
                let watermark_column = input.time.watermark.ok_or_else(|| crate::error::Error::Plan {
                    message: "a window aggregate needs the watermark of its input's time attribute".into(),
                    position,
                })?;
                match tvf_time {
                    Some(time_column) => WindowSpec::EventTime { kind: w.kind.clone(), time_column, watermark_column },
                    None => WindowSpec::Attached {
                        kind: w.kind.clone(),
                        start_column: w.start.unwrap_or_default(),
                        end_column: w.end.unwrap_or_default(),
                        watermark_column,
                    },
                }
            }
            (Some(_), _) if tvf_time.is_some() => {
                return plan_err!(position, "an aggregate over a window TVF must GROUP BY window_start, window_end")
            }
            (_, Some(w)) => WindowSpec::Kda(w),
            // Flink: a GROUP BY without a window is an updating result.
            (_, None) if !naming.fold => {
                // Window columns grouped without both bounds are plain columns.
                for (index, _) in window_columns.drain(..) {
                    let field = input.schema.field(index);
                    group_exprs.push(Expr::Column {
                        index,
                        name: field.name().clone(),
                        data_type: field.data_type().clone(),
                    });
                }
                WindowSpec::Changelog { input_op: input.op, state_ttl: None }
            }
            (_, None) => {
                return plan_err!(
                    position,
                    "an aggregate on a stream needs a window in GROUP BY, such as STEP(s.ROWTIME BY INTERVAL '60' SECOND) or FLOOR(s.ROWTIME TO MINUTE), or a window TVF"
                )
            }
        };
        if let WindowSpec::EventTime { kind: crate::plan::TvfKind::Session { partition, .. }, .. } = &window_spec {
            if let Some(missing) = partition.iter().find(|p| !group_exprs.contains(p)) {
                return plan_err!(position, "a SESSION window partitioned by {missing} must GROUP BY {missing} too");
            }
        }
        let origin = input.time.origin.clone();
        Ok(Aggregation { window: window_spec, window_columns, group_exprs, aggregates: vec![], origin, sets: None })
    }

    /// Groups by `sets` too: by the columns of `input` (an Expand's rows) that hold each
    /// grouping column and the set's number.
    pub fn group_by_sets(&mut self, mut sets: GroupingSets, input: &Scope) {
        sets.first_key = self.group_exprs.len();
        let width = input.schema.fields().len();
        for index in width - sets.columns.len() - 1..width {
            let field = input.schema.field(index);
            self.group_exprs.push(Expr::Column {
                index,
                name: field.name().clone(),
                data_type: field.data_type().clone(),
            });
        }
        self.sets = Some(sets);
    }

    /// `GROUPING(c, …)` (and `GROUPING_ID`): for each output row, a bit per argument, the
    /// first the highest, set when the row's grouping set leaves that column out.
    pub fn grouping(&self, args: &[Expr], position: Option<Position>) -> Result<Expr> {
        let count = self.sets.as_ref().map_or(1, |s| s.sets.len());
        let mut values = vec![0i64; count];
        for (i, arg) in args.iter().enumerate() {
            let bit = 1i64 << (args.len() - 1 - i);
            match self.sets.as_ref().and_then(|s| Some((s, s.columns.iter().position(|c| c == arg)?))) {
                Some((sets, j)) => {
                    for (value, set) in values.iter_mut().zip(&sets.sets) {
                        if !set.contains(&j) {
                            *value |= bit;
                        }
                    }
                }
                None if self.grouped(arg).is_some() => {}
                None => return plan_err!(position, "GROUPING takes columns the query groups by, not {arg}"),
            }
        }
        let Some(sets) = self.sets.as_ref().filter(|_| values.iter().any(|v| *v != values[0])) else {
            return Ok(Expr::Literal(ScalarValue::Int64(values[0])));
        };
        let index = AGG_FIXED.len() + sets.first_key + sets.columns.len();
        let set = Expr::Column { index, name: "$e".into(), data_type: DataType::Int64 };
        let branches = values
            .iter()
            .enumerate()
            .map(|(s, v)| {
                let is = Expr::Binary {
                    op: BinaryOp::Eq,
                    left: Box::new(set.clone()),
                    right: Box::new(Expr::Literal(ScalarValue::Int64(s as i64))),
                };
                (is, Expr::Literal(ScalarValue::Int64(*v)))
            })
            .collect();
        Ok(Expr::Case { branches, otherwise: None, data_type: DataType::Int64 })
    }

    /// Index in the aggregate's output of a grouped expression, if `e` is one.
    pub fn grouped(&self, e: &Expr) -> Option<usize> {
        // A grouping column is its Expand's column, NULL in the sets that leave it out.
        if let Some(sets) = &self.sets {
            if let Some(j) = sets.columns.iter().position(|c| c == e) {
                return Some(AGG_FIXED.len() + sets.first_key + j);
            }
        }
        if let WindowSpec::Kda(w) = &self.window {
            if e == &w.start {
                return Some(1);
            }
        }
        if let Expr::Column { index, .. } = e {
            if let Some((_, slot)) = self.window_columns.iter().find(|(i, _)| i == index) {
                return Some(*slot);
            }
        }
        self.group_exprs.iter().position(|g| g == e).map(|i| AGG_FIXED.len() + i)
    }

    pub fn output_field(&self, index: usize) -> (String, DataType) {
        let keys = self.group_exprs.len();
        let fixed = AGG_FIXED.len();
        match index {
            i if i < fixed => (AGG_FIXED[i].to_string(), timestamp_type()),
            i if i < fixed + keys => (format!("KEY${}", i - fixed), self.group_exprs[i - fixed].data_type()),
            i => (format!("AGG${}", i - fixed - keys), self.aggregates[i - fixed - keys].data_type()),
        }
    }

    /// Where a changelog aggregate puts its `op` column: after the aggregates.
    pub fn op_column(&self) -> usize {
        AGG_FIXED.len() + self.group_exprs.len() + self.aggregates.len()
    }

    /// Whether the output carries a watermark column (event-time windows), after the rest.
    fn watermarked(&self) -> bool {
        matches!(self.window, WindowSpec::EventTime { .. } | WindowSpec::Attached { .. })
    }

    /// What the output's columns mean in time: an event-time window's start, end and time
    /// (a time attribute), and its watermark.
    pub fn output_time(&self) -> TimeColumns {
        if !self.watermarked() {
            return TimeColumns::default();
        }
        let kind = match &self.window {
            WindowSpec::EventTime { kind, .. } | WindowSpec::Attached { kind, .. } => kind.clone(),
            _ => return TimeColumns::default(),
        };
        TimeColumns {
            attributes: vec![3],
            watermark: Some(self.op_column()),
            window: Some(WindowColumns { kind, proctime: false, start: Some(1), end: Some(2), time: Some(3) }),
            origin: self.origin.clone(),
            proctime: vec![],
        }
    }

    /// The input expression output column `index` holds the values of, when it holds them
    /// unchanged: a group key, or MIN, MAX, FIRST_VALUE, … of an argument.
    fn value_source(&self, index: usize) -> Option<&Expr> {
        let keys = self.group_exprs.len();
        match index.checked_sub(AGG_FIXED.len())? {
            k if k < keys => Some(&self.group_exprs[k]),
            a => {
                let aggregate = &self.aggregates[a - keys];
                let kept = aggregate.data_type() == aggregate.arg.as_ref()?.data_type();
                aggregate.arg.as_ref().filter(|_| kept)
            }
        }
    }

    pub fn finish(self, input: LogicalPlan) -> LogicalPlan {
        let total = AGG_FIXED.len() + self.group_exprs.len() + self.aggregates.len();
        let source = input.schema();
        let mut fields: Vec<Field> = (0..total)
            .map(|i| {
                let (name, t) = self.output_field(i);
                let field = Field::new(name, t, i > 0);
                // An interval keeps the qualifier it prints in.
                match self.value_source(i).and_then(|e| super::interval::qualifier_of(e, &source)) {
                    Some(q) => q.on_field(field),
                    None => field,
                }
            })
            .collect();
        if matches!(self.window, WindowSpec::Changelog { .. }) {
            fields.push(Field::new(OP_COLUMN, DataType::Utf8, false));
        }
        if self.watermarked() {
            fields.push(Field::new(WATERMARK_COLUMN, timestamp_type(), true));
        }
        LogicalPlan::WindowAggregate {
            input: Box::new(input),
            window: self.window,
            group_exprs: self.group_exprs,
            aggregates: self.aggregates,
            schema: Arc::new(Schema::new(fields)),
        }
    }
}

/// A tumbling window on ROWTIME, if `e` is `STEP(ROWTIME BY …)` or `FLOOR(ROWTIME TO unit)`.
fn tumbling_window(e: &Expr) -> Option<TumblingWindow> {
    let on_rowtime = |inner: &Expr| matches!(inner, Expr::Column { index: 0, name, .. } if name == ROWTIME);
    let size = match e {
        Expr::Step { expr, size } if on_rowtime(expr) => *size,
        Expr::FloorTime { expr, unit } if on_rowtime(expr) => match (unit.millis(), unit) {
            (Some(ms), _) => WindowSize::Millis(ms),
            (None, TimeUnitKw::Year) => WindowSize::Months(12),
            (None, _) => WindowSize::Months(1),
        },
        _ => return None,
    };
    Some(TumblingWindow { start: e.clone(), size })
}
