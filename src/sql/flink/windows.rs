//! KDA's windows as Flink's: a `STEP` or `FLOOR` group as a `TUMBLE` window TVF, a sliding
//! window as an `OVER` window ordered by `ROWTIME`, a join window as an interval join.

use std::ops::ControlFlow;

use sqlparser::ast::{self, Spanned};

use super::{expression, position_of, quote, raw_expr, refuse, Export};
use crate::error::{Position, Result};
use crate::plan::{LogicalPlan, ROWTIME};
use crate::sql::planner::{function_args, function_name, interval_millis_of, time_unit};
use crate::sql::{parser, walk_mut, NodeMut};

/// The time attribute of a windowed view's rows (its window's `window_time`, a millisecond
/// before the end its ROWTIME is), for a window over the view.
pub(super) const CASCADE_TIME: &str = "kdalite_time";

/// The KDA tumbling window in a GROUP BY: its item's index and the window's size as Flink
/// writes it; or a stagger window's range.
pub(super) struct KdaWindow {
    pub(super) index: usize,
    pub(super) size: String,
    /// The size in milliseconds, when it is a whole number of seconds, minutes, hours or days.
    pub(super) millis: Option<i64>,
    pub(super) stagger: bool,
    pub(super) position: Option<Position>,
    /// The group expression as written, which the select list may repeat (as the window start).
    pub(super) text: String,
}

/// `ms` as a Flink `INTERVAL 'd hh:mm:ss.fff' DAY TO SECOND`.
pub(super) fn day_to_second(ms: i64) -> String {
    let (s, fraction) = (ms / 1000, ms % 1000);
    format!(
        "INTERVAL '{} {:02}:{:02}:{:02}.{fraction:03}' DAY TO SECOND",
        s / 86_400,
        s / 3600 % 24,
        s / 60 % 60,
        s % 60
    )
}

pub(super) fn is_rowtime(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Identifier(i) => i.value.eq_ignore_ascii_case(ROWTIME),
        ast::Expr::CompoundIdentifier(parts) => parts.last().is_some_and(|i| i.value.eq_ignore_ascii_case(ROWTIME)),
        _ => false,
    }
}

pub(super) fn kda_window(group_by: &[ast::Expr]) -> Result<Option<KdaWindow>> {
    for (index, e) in group_by.iter().enumerate() {
        let position = position_of(e.span());
        let text = e.to_string();
        match e {
            ast::Expr::Function(f) if function_name(f) == "STEP" => {
                let args = function_args(f);
                if let [Some(time), Some(interval @ ast::Expr::Interval(_))] = args.as_slice() {
                    if is_rowtime(time) {
                        let millis = match interval {
                            ast::Expr::Interval(i) => interval_millis_of(i, None, false).ok(),
                            _ => None,
                        };
                        let size = interval.to_string();
                        return Ok(Some(KdaWindow { index, size, millis, stagger: false, position, text }));
                    }
                }
            }
            ast::Expr::Function(f) if function_name(f) == "STAGGER" => {
                let range = function_args(f).first().copied().flatten().map(|r| r.to_string()).unwrap_or_default();
                return Ok(Some(KdaWindow { index, size: range, millis: None, stagger: true, position, text }));
            }
            ast::Expr::Floor { expr, field: ast::CeilFloorKind::DateTimeField(field) } if is_rowtime(expr) => {
                let unit = field.to_string().to_uppercase();
                if matches!(unit.as_str(), "MONTH" | "YEAR" | "QUARTER") {
                    return refuse(
                        position,
                        format!("Flink's TUMBLE has no window of one {unit}, whose length varies"),
                    );
                }
                return Ok(Some(KdaWindow {
                    index,
                    size: format!("INTERVAL '1' {unit}"),
                    millis: time_unit(field).and_then(|u| u.millis()),
                    stagger: false,
                    position,
                    text,
                }));
            }
            _ => {}
        }
    }
    Ok(None)
}

impl Export<'_> {
    /// KDA's join of two streams with a window on one side or both (`FROM a OVER (RANGE
    /// INTERVAL '1' MINUTE PRECEDING) AS o JOIN b AS s ON …`) as Flink's interval join: a row
    /// arriving joins the other side's window, so `o` pairs with `s` when `o.ROWTIME` is within
    /// `o`'s window before `s.ROWTIME` or `s`'s window after it (a side without a window keeps
    /// the rows of the same ROWTIME, as kdalite does). A pair's ROWTIME is the later of the
    /// two; an unmatched row comes out padded once its side's window has passed, at that
    /// window's end, as kdalite sends it. Rewrites `select` in place (the windows gone, the
    /// time bound in ON, an unqualified `ROWTIME` the pair's) and returns the pair's ROWTIME.
    pub(super) fn kda_window_join(
        &mut self,
        select: &mut ast::Select,
        references: &[String],
    ) -> Result<Option<String>> {
        let [from] = select.from.as_mut_slice() else { return Ok(None) };
        let [join] = from.joins.as_mut_slice() else { return Ok(None) };
        let windowed = |f: &ast::TableFactor| matches!(f, ast::TableFactor::Table { args: Some(_), .. });
        if !windowed(&from.relation) && !windowed(&join.relation) {
            return Ok(None);
        }
        let mut sides = Vec::new();
        let mut used = Vec::new();
        for relation in [&mut from.relation, &mut join.relation] {
            let position = position_of(relation.span());
            let ast::TableFactor::Table { name, alias, args, .. } = relation else {
                return refuse(position, "a KDA join window over a subquery is not translated yet");
            };
            let stream = name.0.last().and_then(|p| p.as_ident()).map(parser::normalize_ident).unwrap_or_default();
            if references.contains(&stream) {
                return refuse(position, "a join window on a reference table is not translated yet");
            }
            if self.written(&stream) && self.window_stream(&stream) {
                return refuse(
                    position,
                    format!("a join of {}, whose ROWTIME is its window's end, is not translated yet (Flink's window_end is no time attribute)", quote(&stream)),
                );
            }
            let qualifier = alias.as_ref().map_or_else(|| stream.clone(), |a| parser::normalize_ident(&a.name));
            // The window's text, kept as the stream's one argument (see `parser::join_window`).
            let text = args.take().and_then(|a| match a.args.as_slice() {
                [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(ast::Expr::Value(v)))] => match &v.value {
                    ast::Value::SingleQuotedString(t) => Some(t.clone()),
                    _ => None,
                },
                _ => None,
            });
            let spec = match text.as_deref().and_then(parser::join_window) {
                None => None,
                Some(ast::WindowType::WindowSpec(spec)) => Some(spec),
                Some(ast::WindowType::NamedWindow(window)) => {
                    used.push(window.value.to_uppercase());
                    select.named_window.iter().find_map(|d| match &d.1 {
                        ast::NamedWindowExpr::WindowSpec(spec) if d.0.value.eq_ignore_ascii_case(&window.value) => {
                            Some(spec.clone())
                        }
                        _ => None,
                    })
                }
            };
            // How far back the side's window reaches: an interval, or none (the same ROWTIME).
            let reach = match spec.as_ref().and_then(|s| s.window_frame.as_ref()) {
                None => None,
                Some(frame) if frame.units != ast::WindowFrameUnits::Range => {
                    return refuse(
                        position,
                        "a ROWS join window has no Flink counterpart (Flink's interval joins bound time)",
                    )
                }
                Some(frame) => match &frame.start_bound {
                    ast::WindowFrameBound::Preceding(Some(interval)) => Some(interval.to_string()),
                    ast::WindowFrameBound::CurrentRow => None,
                    _ => {
                        return refuse(
                            position,
                            "a join window other than RANGE INTERVAL … PRECEDING is not translated yet",
                        )
                    }
                },
            };
            sides.push((qualifier, reach));
        }
        select.named_window.retain(|d| !used.contains(&d.0.value.to_uppercase()));
        let position = position_of(join.relation.span());
        // Which sides' unmatched rows come out padded: (left, right).
        let (on, padded_sides) = match &mut join.join_operator {
            ast::JoinOperator::Join(c) | ast::JoinOperator::Inner(c) => (c, (false, false)),
            ast::JoinOperator::Left(c) | ast::JoinOperator::LeftOuter(c) => (c, (true, false)),
            ast::JoinOperator::Right(c) | ast::JoinOperator::RightOuter(c) => (c, (false, true)),
            ast::JoinOperator::FullOuter(c) => (c, (true, true)),
            _ => return refuse(position, "a KDA join window with a CROSS join is not translated yet"),
        };
        let ast::JoinConstraint::On(condition) = on else {
            return refuse(position, "a KDA join window with USING or NATURAL is not translated yet");
        };
        // The time bound and the pair's ROWTIME, with names quoted by `q`: as KDA writes them
        // (for the query, which is translated next), or as the job does.
        let ((left, left_reach), (right, right_reach)) = (&sides[0], &sides[1]);
        let bound = |q: &dyn Fn(&str) -> String| {
            let (l, r) = (format!("{}.{}", q(left), q(ROWTIME)), format!("{}.{}", q(right), q(ROWTIME)));
            let minus = left_reach.as_ref().map(|w| format!(" - {w}")).unwrap_or_default();
            let plus = right_reach.as_ref().map(|w| format!(" + {w}")).unwrap_or_default();
            format!("{l} BETWEEN {r}{minus} AND {r}{plus}")
        };
        let pair = |q: &dyn Fn(&str) -> String| {
            let (l, r) = (format!("{}.{}", q(left), q(ROWTIME)), format!("{}.{}", q(right), q(ROWTIME)));
            let padded = |time: &str, reach: &Option<String>| match reach {
                Some(w) => format!("{time} + {w}"),
                None => time.to_string(),
            };
            let mut cases = String::new();
            if padded_sides.0 {
                cases += &format!(" WHEN {r} IS NULL THEN {}", padded(&l, left_reach));
            }
            if padded_sides.1 {
                cases += &format!(" WHEN {l} IS NULL THEN {}", padded(&r, right_reach));
            }
            let pair = format!("GREATEST({l}, {r})");
            if cases.is_empty() {
                pair
            } else {
                format!("CASE{cases} ELSE {pair} END")
            }
        };
        let kda = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
        *condition = ast::Expr::BinaryOp {
            left: Box::new(ast::Expr::Nested(Box::new(condition.clone()))),
            op: ast::BinaryOperator::And,
            right: Box::new(expression(&bound(&kda))?),
        };
        // `ROWTIME` alone is the pair's.
        let rowtime = expression(&pair(&kda))?;
        let _ = walk_mut(&mut select.projection, &mut |node| {
            if let NodeMut::Expr(e) = node {
                if matches!(e, ast::Expr::Identifier(i) if i.value.eq_ignore_ascii_case(ROWTIME)) {
                    *e = rowtime.clone();
                }
            }
            ControlFlow::Continue(())
        });
        self.note(
            position,
            format!("KDA's join windows became an interval join ({}); a pair's ROWTIME is the later of the two, an unmatched row's the end of its side's window", bound(&quote)),
            false,
        );
        Ok(Some(pair(&quote)))
    }

    /// Whether `name` is a view that one pump writes through a KDA window, and that another
    /// pump reads: its rows then carry [`CASCADE_TIME`] for a window over them.
    pub(super) fn windowed_view(&self, name: &str) -> bool {
        let writers = self.plan.pumps.iter().filter(|p| p.target == name).count();
        writers == 1 && self.window_stream(name) && self.read(name)
    }

    /// Whether a KDA stream's ROWTIME is a window's end (a pump writing it groups by a window).
    pub(super) fn window_stream(&self, name: &str) -> bool {
        fn windowed(plan: &LogicalPlan) -> bool {
            matches!(plan, LogicalPlan::WindowAggregate { .. }) || plan.inputs().into_iter().any(windowed)
        }
        self.plan.pumps.iter().filter(|p| p.target == name).any(|p| windowed(&p.plan))
    }
}

/// Replaces, in `e`, every expression written as `text` by the name `with`.
pub(super) fn replace_text(e: &mut ast::Expr, text: &str, with: &ast::Ident) {
    if e.to_string() == text {
        *e = ast::Expr::Identifier(with.clone());
        return;
    }
    let _ = walk_mut(e, &mut |node| {
        if let NodeMut::Expr(inner) = node {
            if inner.to_string() == text {
                *inner = ast::Expr::Identifier(with.clone());
            }
        }
        ControlFlow::Continue(())
    });
}

pub(super) fn select_has_over(select: &ast::Select) -> bool {
    let mut found = !select.named_window.is_empty();
    crate::sql::walk(&select.projection, &mut |node| {
        if let crate::sql::Node::Expr(ast::Expr::Function(f)) = node {
            found |= f.over.is_some();
        }
        ControlFlow::Continue(())
    });
    found
}

/// The window specifications written inline in `e` (`agg(x) OVER (…)`).
pub(super) fn collect_over<'e>(e: &'e mut ast::Expr, out: &mut Vec<&'e mut ast::WindowSpec>) {
    match e {
        ast::Expr::Function(f) => {
            if let Some(ast::WindowType::WindowSpec(spec)) = &mut f.over {
                out.push(spec);
            }
        }
        ast::Expr::BinaryOp { left, right, .. } => {
            collect_over(left, out);
            collect_over(right, out);
        }
        ast::Expr::Nested(inner) | ast::Expr::UnaryOp { expr: inner, .. } | ast::Expr::Cast { expr: inner, .. } => {
            collect_over(inner, out)
        }
        _ => {}
    }
}

/// A KDA sliding window as Flink writes it: ordered by the stream's ROWTIME, its frame with
/// both bounds.
pub(super) fn sliding(spec: &mut ast::WindowSpec, time: &str) {
    if spec.order_by.is_empty() {
        spec.order_by.push(ast::OrderByExpr {
            expr: raw_expr(time),
            options: ast::OrderByOptions { sort: None, nulls_first: None },
            with_fill: None,
        });
    }
    if let Some(frame) = &mut spec.window_frame {
        if frame.end_bound.is_none() {
            frame.end_bound = Some(ast::WindowFrameBound::CurrentRow);
        }
    }
}
