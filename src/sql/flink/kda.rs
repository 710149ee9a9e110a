//! KDA SQL: streams and pumps as tables, views and INSERTs.

use std::ops::ControlFlow;

use sqlparser::ast::{self, Spanned};

use super::windows::{
    collect_over, day_to_second, is_rowtime, kda_window, replace_text, select_has_over, sliding, CASCADE_TIME,
};
use super::{position_of, quote, raw, raw_expr, refuse, relation, result_name, Connector, Export, TableRole};
use crate::error::Result;
use crate::plan::{SqlType, StreamDef, ROWTIME};
use crate::sql::parser::{self, Statement};
use crate::sql::planner::{function_args, function_name};
use crate::sql::{walk_mut, NodeMut};

impl Export<'_> {
    pub(super) fn kda(&mut self, statements: &[Statement]) -> Result<()> {
        let references: Vec<String> = self.plan.tables.iter().map(|t| t.name.clone()).collect();
        // Inputs: tables whose ROWTIME is their event time.
        for def in self.plan.input_streams().filter(|d| d.values.is_none()) {
            if !self.read(&def.name) || references.contains(&def.name) {
                continue;
            }
            let kinesis = self.options.connector == Connector::Kinesis;
            // Over Kinesis, records carry no ROWTIME: it is their arrival in the stream, as KDA's
            // is their arrival in the application.
            let mut columns = Self::declared_columns(def, !kinesis);
            if kinesis {
                let arrival = quote("APPROXIMATE_ARRIVAL_TIME");
                columns.insert(0, format!("{arrival} TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL"));
                columns.insert(1, format!("{} AS CAST({arrival} AS TIMESTAMP(3))", quote(ROWTIME)));
            }
            // A millisecond behind, so that a row of the ROWTIME before it is not late.
            columns.push(format!("WATERMARK FOR {0} AS {0} - INTERVAL '0.001' SECOND", quote(ROWTIME)));
            let rowtime = if kinesis {
                "ROWTIME is each record's arrival in the stream (the connector's 'timestamp' metadata) and the event-time attribute"
            } else {
                "ROWTIME is the event-time attribute"
            };
            self.note(
                None,
                format!(
                    "{}: {rowtime}, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)",
                    quote(&def.name)
                ),
                false,
            );
            self.push_table(&def.name.clone(), TableRole::Source, false, columns);
        }
        let plan = self.plan;
        for table in &plan.tables {
            self.note(
                None,
                format!("reference table {}: joined as Flink joins two tables, both read whole (Flink's filesystem tables cannot be looked up)", quote(&table.name)),
                false,
            );
            let names = table.rows.schema().fields().iter().map(|f| f.name().clone()).collect();
            self.reference_table(&table.name, table, names);
        }
        // Pumps, grouped by the stream they write.
        let mut targets: Vec<String> = Vec::new();
        // Each pump's target, the notes made translating it, and its SELECT.
        let mut selects: Vec<(String, String, String)> = Vec::new();
        let mut bare = 0;
        for statement in statements {
            let (target, columns, query) = match statement {
                Statement::CreatePump { target, columns, query, .. } => {
                    (parser::normalize_ident(target), columns.iter().map(parser::normalize_ident).collect(), query)
                }
                Statement::Query { query, .. } => {
                    bare += 1;
                    (result_name(bare), vec![], query)
                }
                Statement::Explain(_) => {
                    self.note(None, "EXPLAIN left out: Flink's EXPLAIN is a statement of its own", false);
                    continue;
                }
                _ => continue,
            };
            let def = self.stream(&target)?;
            // A pump of a UNION ALL is a pump per branch: their rows all reach the target.
            for branch in union_branches(query) {
                // The pump's notes (and any not yet written) go above its INSERT or view, not
                // above the next table written.
                let pending = self.take_notes();
                let select = self.kda_pump(&branch, &def, &columns, &references)?;
                let notes = pending + &self.take_notes();
                if !targets.contains(&target) {
                    targets.push(target.clone());
                }
                selects.push((target.clone(), notes, select));
            }
        }
        // Views in an order where each comes after the views it reads.
        let mut views: Vec<&String> = targets.iter().filter(|t| self.read(t)).collect();
        let mut ordered: Vec<String> = Vec::new();
        while !views.is_empty() {
            let ready = views
                .iter()
                .position(|v| {
                    let pumps = self.plan.pumps.iter().filter(|p| &&p.target == v);
                    pumps.into_iter().all(|p| views.iter().all(|other| other == v || !p.plan.reads(other)))
                })
                .unwrap_or(0);
            ordered.push(views.remove(ready).clone());
        }
        for target in &targets {
            if ordered.contains(target) {
                continue;
            }
            let def = self.stream(target)?;
            let changelog = def.updating || self.changelog.contains(target);
            self.push_table(target, TableRole::Sink, changelog, Self::declared_columns(&def, true));
        }
        for view in &ordered {
            self.function_views(view);
            let pumps = selects.iter().filter(|(t, _, _)| t == view);
            let notes: String = pumps.clone().map(|(_, n, _)| n.as_str()).collect();
            let parts: Vec<&str> = pumps.map(|(_, _, s)| s.as_str()).collect();
            let statement = format!("CREATE VIEW {} AS\n{}", quote(view), parts.join("\nUNION ALL\n"));
            let statement = notes + &self.with_notes(statement);
            self.job.views.push(statement);
        }
        for (target, notes, select) in selects {
            if ordered.contains(&target) {
                continue;
            }
            self.function_views(&target);
            let statement = format!("INSERT INTO {}\n{select}", quote(&target));
            let statement = notes + &self.with_notes(statement);
            self.job.inserts.push(statement);
        }
        Ok(())
    }

    /// A pump's query as a SELECT of `ROWTIME` and then the target's columns, each cast to its
    /// column's type.
    fn kda_pump(
        &mut self,
        query: &ast::Query,
        target: &StreamDef,
        columns: &[String],
        references: &[String],
    ) -> Result<String> {
        let mut query = query.clone();
        let position = position_of(query.span());
        if query.order_by.is_some() {
            return refuse(
                position,
                "KDA's streaming ORDER BY has no Flink counterpart (Flink sorts only by its time attribute)",
            );
        }
        if query.with.is_some() {
            return refuse(position, "a pump with WITH is not translated yet");
        }
        let ast::SetExpr::Select(select) = query.body.as_mut() else {
            return refuse(position, "a pump whose query is a UNION is not translated yet");
        };
        let window = match &select.group_by {
            ast::GroupByExpr::Expressions(items, _) => kda_window(items)?,
            ast::GroupByExpr::All(_) => None,
        };
        if let Some(w) = &window {
            if w.stagger && !self.options.approximate {
                return refuse(
                    w.position,
                    "Flink SQL has no stagger window (a window per key that opens with the key's first row); --approximate writes a tumbling window of its range",
                );
            }
            if w.stagger {
                self.note(
                    w.position,
                    format!("the stagger window became a tumbling window of {}: windows open on the clock, not on each key's first row", w.size),
                    true,
                );
            }
        }
        // KDA's item-counting table functions are views read as streams.
        if let [from] = select.from.as_mut_slice() {
            if let ast::TableFactor::TableFunction { expr: ast::Expr::Function(f), alias } = &from.relation {
                if matches!(function_name(f).as_str(), "TOP_K_ITEMS_TUMBLING" | "COUNT_DISTINCT_ITEMS_TUMBLING") {
                    if window.is_some() {
                        return refuse(position, "a window over a table function's rows is not translated yet");
                    }
                    let view = self.item_function(f, &target.name)?;
                    let alias = alias.as_ref().map(|a| format!(" AS {}", a.name)).unwrap_or_default();
                    from.relation = relation(&format!("{}{alias}", quote(&view)))?;
                }
            }
        }
        // A KDA join with a window on a side: an interval join, its rows' ROWTIME written out.
        let pair_time = self.kda_window_join(select, references)?;
        if pair_time.is_some() && window.is_some() {
            return refuse(position, "a window over a join is not translated yet");
        }
        // The relation the query reads, and what it is called in the query.
        let [from] = select.from.as_slice() else {
            return refuse(position, "a pump reading several streams (a comma join) is not translated yet");
        };
        let (stream, qualifier) = match &from.relation {
            ast::TableFactor::Table { name, alias, args: None, .. } => {
                let stream = name.0.last().and_then(|p| p.as_ident()).map(parser::normalize_ident).unwrap_or_default();
                let qualifier = alias.as_ref().map_or_else(|| stream.clone(), |a| parser::normalize_ident(&a.name));
                (stream, qualifier)
            }
            other => {
                return refuse(
                    position_of(other.span()),
                    "a pump reading a subquery or a KDA join window is not translated yet",
                )
            }
        };
        if stream.eq_ignore_ascii_case("error_stream") {
            return refuse(
                position_of(from.relation.span()),
                "Flink has no error_stream: a row Flink cannot process fails the job",
            );
        }
        for join in &from.joins {
            let ast::TableFactor::Table { name, args: None, .. } = &join.relation else {
                return refuse(
                    position_of(join.relation.span()),
                    "KDA's joins with a window on a side are not translated yet",
                );
            };
            let joined = name.0.last().and_then(|p| p.as_ident()).map(parser::normalize_ident).unwrap_or_default();
            if !references.contains(&joined) && pair_time.is_none() {
                return refuse(position_of(join.relation.span()), "a join of two streams is not translated yet");
            }
        }
        if window.is_some() && !from.joins.is_empty() {
            return refuse(position, "a window over a join is not translated yet");
        }
        // The window's expression in the select list is the window's start.
        if let Some(w) = &window {
            for item in select.projection.iter_mut() {
                let (ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. }) = item else {
                    continue;
                };
                replace_text(e, &w.text, &ast::Ident::with_quote('`', "window_start"));
            }
            if let ast::GroupByExpr::Expressions(items, _) = &mut select.group_by {
                // A stagger window's partition keys are grouped by.
                let item = items.remove(w.index);
                if let ast::Expr::Function(f) = &item {
                    if w.stagger {
                        let keys = function_args(f).into_iter().skip(1).flatten().cloned();
                        items.splice(w.index..w.index, keys);
                    }
                }
            }
        }
        // A view whose ROWTIME is a window's end is not a time attribute.
        let mut cascade = false;
        if let Some(def) = self.plan.stream(&stream) {
            if self.written(&stream) && def.kind == crate::plan::StreamKind::Kda {
                let windowed = self.window_stream(&stream);
                let over = select_has_over(select);
                // A tumbling window over one windowed pump's stream groups by its rows' ends
                // through Flink's `window_time` (a millisecond before the end, and a time
                // attribute), the windows shifted back a millisecond to match.
                cascade = windowed
                    && !over
                    && self.windowed_view(&stream)
                    && window.as_ref().is_some_and(|w| !w.stagger && w.millis.is_some());
                if windowed && (window.is_some() || over) && !cascade {
                    return refuse(
                        position,
                        format!("a window over {}, whose ROWTIME is its window's end, is not translated yet (Flink's window_end is no time attribute)", quote(&stream)),
                    );
                }
            }
        }
        // KDA averages a REAL column in DOUBLE; Flink, in FLOAT.
        if let Some(input) = self.plan.stream(&stream) {
            let real = |e: &ast::Expr| {
                let column = match e {
                    ast::Expr::Identifier(i) => i,
                    ast::Expr::CompoundIdentifier(parts) => parts.last().expect("a compound name has parts"),
                    _ => return false,
                };
                let name = parser::normalize_ident(column);
                input.columns.iter().any(|c| c.name == name && c.sql_type == SqlType::Real)
            };
            let _ = walk_mut(&mut select.projection, &mut |node| {
                if let NodeMut::Expr(ast::Expr::Function(f)) = node {
                    if function_name(f) == "AVG" {
                        if let ast::FunctionArguments::List(list) = &mut f.args {
                            if let [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(arg))] =
                                list.args.as_mut_slice()
                            {
                                if real(arg) {
                                    *arg = ast::Expr::Cast {
                                        kind: ast::CastKind::Cast,
                                        expr: Box::new(arg.clone()),
                                        data_type: ast::DataType::Double(ast::ExactNumberInfo::None),
                                        format: None,
                                    };
                                }
                            }
                        }
                    }
                }
                ControlFlow::Continue(())
            });
        }
        self.translate(&mut query, true)?;
        let ast::SetExpr::Select(select) = query.body.as_mut() else { unreachable!("checked above") };
        let time = pair_time.clone().unwrap_or_else(|| format!("{}.{}", quote(&qualifier), quote(ROWTIME)));
        // A reference table is joined as Flink joins two tables (Flink's filesystem tables
        // cannot be looked up): an outer join may pad a row, then take it back when the table's
        // row arrives, so the target takes a changelog.
        let outer = pair_time.is_none()
            && select.from[0]
                .joins
                .iter()
                .any(|j| !matches!(j.join_operator, ast::JoinOperator::Join(_) | ast::JoinOperator::Inner(_)));
        if outer {
            self.note(position, "an outer join to a reference table: its target is written as a changelog (Debezium JSON), since Flink may pad a row before the table's row arrives and then take it back", false);
            self.changelog.push(target.name.clone());
        }
        // OVER windows are ordered by ROWTIME, their frames written out whole.
        let mut specs: Vec<&mut ast::WindowSpec> = Vec::new();
        for window in select.named_window.iter_mut() {
            if let ast::NamedWindowExpr::WindowSpec(spec) = &mut window.1 {
                specs.push(spec);
            }
        }
        let mut inline = Vec::new();
        for item in select.projection.iter_mut() {
            if let ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } = item {
                collect_over(e, &mut inline);
            }
        }
        let mut windows: Vec<String> = Vec::new();
        for spec in specs.into_iter().chain(inline.iter_mut().map(|s| &mut **s)) {
            sliding(spec, &time);
            let text = spec.to_string();
            if !windows.contains(&text) {
                windows.push(text);
            }
        }
        if windows.len() > 1 {
            return refuse(
                position,
                "Flink needs every OVER window of one SELECT to be the same window; KDA's query has several (split it into one pump per window)",
            );
        }
        if !windows.is_empty() {
            self.note(
                position,
                "rows of the same ROWTIME: Flink computes each one's OVER window over all of them, KDA over those that arrived before it",
                false,
            );
        }
        let rowtime = match &window {
            Some(w) => {
                let (time, offset) = match (cascade, w.millis) {
                    (true, Some(ms)) => (CASCADE_TIME, format!(", {}", day_to_second(ms - 1))),
                    _ => (ROWTIME, String::new()),
                };
                let tvf = format!(
                    "TABLE(TUMBLE(TABLE {}, DESCRIPTOR({}), {}{offset}))",
                    quote(&stream),
                    quote(time),
                    w.size.replace('"', "`")
                );
                if let ast::TableFactor::Table { name, alias, .. } = &mut select.from[0].relation {
                    *name = ast::ObjectName::from(vec![raw(tvf)]);
                    if alias.is_none() {
                        *alias = Some(ast::TableAlias {
                            explicit: true,
                            name: raw(quote(&qualifier)),
                            columns: vec![],
                            at: None,
                        });
                    }
                }
                if let ast::GroupByExpr::Expressions(items, _) = &mut select.group_by {
                    items.push(raw_expr("`window_start`"));
                    items.push(raw_expr("`window_end`"));
                    if self.windowed_view(&target.name) {
                        items.push(raw_expr("`window_time`"));
                    }
                }
                if cascade {
                    "`window_end` + INTERVAL '0.001' SECOND".to_string()
                } else {
                    "`window_end`".to_string()
                }
            }
            None => time.clone(),
        };
        // The select list: ROWTIME, then each target column, cast to its type.
        let mut values = Vec::new();
        // The select items that are ROWTIME itself (by their index in `values`).
        let mut rowtimes = Vec::new();
        for item in &select.projection {
            match item {
                ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } => {
                    let alias = match item {
                        ast::SelectItem::ExprWithAlias { alias, .. } => alias.value.as_str(),
                        _ => ROWTIME,
                    };
                    if is_rowtime(e) && alias.eq_ignore_ascii_case(ROWTIME) {
                        rowtimes.push(values.len());
                    }
                    values.push(e.to_string())
                }
                ast::SelectItem::ExprWithAliases { .. } => {
                    return refuse(position, "a select item with several aliases")
                }
                ast::SelectItem::Wildcard(_) | ast::SelectItem::QualifiedWildcard(..) => {
                    let input = self.stream(&stream)?;
                    values.extend(
                        Self::columns_of(&input)
                            .into_iter()
                            .map(|(n, _)| format!("{}.{}", quote(&qualifier), quote(&n))),
                    );
                }
            }
        }
        let target_columns = Self::columns_of(target);
        let named: Vec<String> =
            if columns.is_empty() { target_columns.iter().map(|(n, _)| n.clone()).collect() } else { columns.to_vec() };
        // A bare query's `ROWTIME` is its rows' own, not a column (kdalite's result has none).
        if named.len() + rowtimes.len() == values.len() {
            for index in rowtimes.into_iter().rev() {
                values.remove(index);
            }
        }
        if named.len() != values.len() {
            return refuse(position, format!("the pump selects {} values for {} columns", values.len(), named.len()));
        }
        let mut projection = vec![format!("{rowtime} AS {}", quote(ROWTIME))];
        for (column, column_type) in &target_columns {
            let value = named.iter().position(|n| n == column).map_or("NULL".to_string(), |i| values[i].clone());
            projection.push(format!("CAST({value} AS {column_type}) AS {}", quote(column)));
        }
        // A windowed view another window reads carries its rows' `window_time`, a time attribute.
        if window.is_some() && self.windowed_view(&target.name) {
            projection.push(format!("`window_time` AS {}", quote(CASCADE_TIME)));
        }
        select.projection = vec![ast::SelectItem::UnnamedExpr(raw_expr(projection.join(",\n  ")))];
        Ok(query.to_string())
    }
}

/// The branches of a KDA query that is a `UNION ALL` (each a query of its own), or the query.
fn union_branches(query: &ast::Query) -> Vec<ast::Query> {
    fn collect(body: &ast::SetExpr, into: &mut Vec<ast::SetExpr>) -> bool {
        match body {
            ast::SetExpr::SetOperation {
                op: ast::SetOperator::Union,
                set_quantifier: ast::SetQuantifier::All,
                left,
                right,
            } => collect(left, into) && collect(right, into),
            ast::SetExpr::Select(_) => {
                into.push(body.clone());
                true
            }
            _ => false,
        }
    }
    let mut branches = Vec::new();
    let plain = query.with.is_none() && query.order_by.is_none() && query.limit_clause.is_none();
    if plain && matches!(*query.body, ast::SetExpr::SetOperation { .. }) && collect(&query.body, &mut branches) {
        return branches.into_iter().map(|b| ast::Query { body: Box::new(b), ..query.clone() }).collect();
    }
    vec![query.clone()]
}
