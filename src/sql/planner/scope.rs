//! What a query's expressions can see: the columns of the relations in its FROM clause (streams,
//! tables, views, CTEs, derived tables, and the joins of them), by name, by qualifier, and by
//! what they mean in time: event-time attributes, the hidden watermark column, and the window
//! the rows belong to.

use std::ops::Range;

use arrow_schema::SchemaRef;
use sqlparser::ast;

use super::Naming;
use crate::error::Result;
use crate::plan::{Expr, StreamDef, TvfKind, ROWTIME, WATERMARK_COLUMN};
use crate::plan_err;

/// What produces an updating result, for messages about one.
pub(crate) const UPDATING: &str = "a GROUP BY without a window, an outer join, a Top-N or a DISTINCT";

/// The derived table an aggregate becomes when its select list holds subqueries
/// (`grouped_values`): a column not found under it is neither grouped nor aggregated.
pub(crate) const AGGREGATE: &str = "$aggregate";

/// Whether a column is internal: `ROWTIME`'s copies, watermarks and the like are named `$…`,
/// and are never selected by `*` nor found by name.
pub(crate) fn is_hidden(name: &str) -> bool {
    name.starts_with('$')
}

/// A relation of the FROM clause: its columns in the scope's schema.
#[derive(Debug, Clone)]
pub(crate) struct Relation {
    /// The stream, table, view or CTE it reads ("" for a derived table without an alias).
    pub name: String,
    pub alias: Option<String>,
    /// Its columns (hidden ones among them are skipped).
    pub columns: Range<usize>,
    /// Its own ROWTIME (`o.ROWTIME`); an unqualified `ROWTIME` is the row's, column 0.
    pub rowtime: usize,
}

/// `window_start`, `window_end` and `window_time` of the window rows were assigned to (by a
/// window TVF or a window aggregate), where they are still columns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WindowColumns {
    pub kind: TvfKind,
    /// Windows of processing time (`PROCTIME()`), which close as the clock passes them.
    pub proctime: bool,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub time: Option<usize>,
}

/// What columns mean in time, carried from a relation to the queries that read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TimeColumns {
    /// Event-time attributes (Flink's rowtime attributes): what windows, interval joins and
    /// event-time OVER can be ordered by.
    pub attributes: Vec<usize>,
    /// The hidden column with the watermark each row meets.
    pub watermark: Option<usize>,
    /// The window the rows belong to.
    pub window: Option<WindowColumns>,
    /// The streams the watermark comes from (sorted): two inputs with the same one have the
    /// same watermark after every row.
    pub origin: Vec<String>,
    /// Processing-time attributes (`PROCTIME()`): when each row arrived, on the virtual clock.
    pub proctime: Vec<usize>,
}

impl TimeColumns {
    /// The same meanings after a projection: `map` takes an input column to where it lands, if
    /// it is passed through unchanged.
    pub fn through(&self, map: impl Fn(usize) -> Option<usize>) -> TimeColumns {
        let window = self.window.as_ref().and_then(|w| {
            let w = WindowColumns {
                kind: w.kind.clone(),
                proctime: w.proctime,
                start: w.start.and_then(&map),
                end: w.end.and_then(&map),
                time: w.time.and_then(&map),
            };
            (w.start.is_some() || w.end.is_some() || w.time.is_some()).then_some(w)
        });
        TimeColumns {
            attributes: self.attributes.iter().filter_map(|&c| map(c)).collect(),
            watermark: self.watermark.and_then(&map),
            window,
            origin: self.origin.clone(),
            proctime: self.proctime.iter().filter_map(|&c| map(c)).collect(),
        }
    }

    /// Whether `other`'s watermark is this one's: both come from the same one stream.
    pub fn same_watermark(&self, other: &TimeColumns) -> bool {
        self.origin.len() == 1 && self.origin == other.origin
    }

    /// The streams either's watermark comes from.
    pub fn both_origins(&self, other: &TimeColumns) -> Vec<String> {
        let mut origin: Vec<String> = self.origin.iter().chain(&other.origin).cloned().collect();
        origin.sort();
        origin.dedup();
        origin
    }
}

/// The columns an expression can see.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub schema: SchemaRef,
    pub naming: Naming,
    pub relations: Vec<Relation>,
    pub time: TimeColumns,
    /// The column that says what kind of change each row is, for an updating input.
    pub op: Option<usize>,
}

impl Scope {
    /// The columns sources provide for `stream`: what its computed columns are computed from.
    pub fn over(stream: &StreamDef, naming: Naming) -> Scope {
        let schema = stream.source_schema();
        let relation =
            Relation { name: stream.name.clone(), alias: None, columns: 1..schema.fields().len(), rowtime: 0 };
        Scope { schema, naming, relations: vec![relation], time: TimeColumns::default(), op: None }
    }

    /// The rows of a stream, as pumps read them.
    pub fn of(stream: &StreamDef, alias: Option<String>, naming: Naming) -> Scope {
        let schema = stream.batch_schema();
        let watermark = schema.index_of(WATERMARK_COLUMN).ok();
        let attributes = match (stream.watermark(), watermark) {
            (Some(w), Some(_)) => vec![w.column],
            _ => vec![],
        };
        let relation = Relation { name: stream.name.clone(), alias, columns: 1..schema.fields().len(), rowtime: 0 };
        let origin = if stream.watermark_origin.is_empty() {
            vec![stream.name.clone()]
        } else {
            stream.watermark_origin.clone()
        };
        Scope {
            schema,
            naming,
            relations: vec![relation],
            time: TimeColumns { attributes, watermark, window: None, origin, proctime: stream.proctime.clone() },
            op: stream.updating.then_some(1),
        }
    }

    /// The watermark column of an event-time attribute, if `column` is one.
    pub fn time_attribute(&self, column: usize) -> Option<usize> {
        self.time.watermark.filter(|_| self.time.attributes.contains(&column))
    }

    /// The one relation's name, for messages about a single-relation scope.
    pub fn relation_names(&self) -> Vec<String> {
        self.relations.iter().map(|r| format!("\"{}\"", r.alias.as_deref().unwrap_or(&r.name))).collect()
    }

    /// Whether `ident` names a relation of the scope (or is its alias).
    pub fn is_relation(&self, ident: &ast::Ident) -> bool {
        let name = self.naming.name(ident);
        self.relations.iter().any(|r| self.names(&name, r))
    }

    /// Whether `name` names `relation`: its alias if it has one, else its name (Flink names
    /// also in another case).
    fn names(&self, name: &str, relation: &Relation) -> bool {
        let matches = |n: &str| n == name || (!self.naming.fold && n.eq_ignore_ascii_case(name));
        match &relation.alias {
            Some(alias) => matches(alias) || (relation.name == name),
            None => !relation.name.is_empty() && matches(&relation.name),
        }
    }

    /// The relations `qualifier` names (all of them when there is none).
    fn qualified(&self, qualifier: Option<&ast::Ident>) -> Result<Vec<&Relation>> {
        let Some(q) = qualifier else { return Ok(self.relations.iter().collect()) };
        let name = self.naming.name(q);
        let found: Vec<&Relation> = self.relations.iter().filter(|r| self.names(&name, r)).collect();
        if found.is_empty() {
            return plan_err!(
                super::ident_position(q),
                "\"{name}\" is not in this query's FROM clause (that has {})",
                self.relation_names().join(" and ")
            );
        }
        Ok(found)
    }

    /// The visible columns of the relations `qualifier` names, in order (for `*` and `t.*`).
    pub fn wildcard(&self, qualifier: Option<&ast::Ident>) -> Result<Vec<Expr>> {
        let fields = self.schema.fields();
        let mut out = Vec::new();
        for relation in self.qualified(qualifier)? {
            for index in relation.columns.clone() {
                let field = &fields[index];
                if !is_hidden(field.name()) && Some(index) != self.op {
                    out.push(Expr::Column { index, name: field.name().clone(), data_type: field.data_type().clone() });
                }
            }
        }
        Ok(out)
    }

    pub fn column(&self, qualifier: Option<&ast::Ident>, ident: &ast::Ident) -> Result<Expr> {
        let fields = self.schema.fields();
        let relations = self.qualified(qualifier)?;
        let name = self.naming.name(ident);
        let column = |index: usize| Expr::Column {
            index,
            name: fields[index].name().clone(),
            data_type: fields[index].data_type().clone(),
        };
        if name.eq_ignore_ascii_case(ROWTIME) && (self.naming.fold || name == ROWTIME) {
            let found = relations.iter().find(|r| fields[r.columns.clone()].iter().any(|f| f.name() == &name));
            if found.is_none() {
                return Ok(match (qualifier, relations.as_slice()) {
                    (Some(_), [relation, ..]) => Expr::Column {
                        index: relation.rowtime,
                        name: ROWTIME.into(),
                        data_type: fields[relation.rowtime].data_type().clone(),
                    },
                    _ => Expr::Column { index: 0, name: ROWTIME.into(), data_type: fields[0].data_type().clone() },
                });
            }
        }
        let visible = |i: &usize| !is_hidden(fields[*i].name()) && Some(*i) != self.op;
        // Flink names are exact, but a name that differs only in case from one column is taken.
        let find =
            |exact: bool| -> Vec<(usize, &Relation)> {
                relations
                    .iter()
                    .flat_map(|r| r.columns.clone().filter(visible).map(move |i| (i, *r)))
                    .filter(|(i, _)| {
                        if exact {
                            fields[*i].name() == &name
                        } else {
                            fields[*i].name().eq_ignore_ascii_case(&name)
                        }
                    })
                    .collect()
            };
        let mut found = find(true);
        if found.is_empty() && !self.naming.fold {
            found = find(false);
        }
        let label = |r: &Relation| r.alias.clone().unwrap_or_else(|| r.name.clone());
        match found.as_slice() {
            [(index, _)] => Ok(column(*index)),
            [(_, a), (_, b), ..] if label(a) != label(b) => plan_err!(
                super::ident_position(ident),
                "column \"{name}\" is in both \"{}\" and \"{}\"; qualify it (\"{}\".\"{name}\")",
                label(a),
                label(b),
                label(a)
            ),
            [..] if !found.is_empty() => plan_err!(super::ident_position(ident), "column \"{name}\" is ambiguous"),
            _ if relations.iter().any(|r| label(r) == AGGREGATE) => plan_err!(
                super::ident_position(ident),
                "column \"{name}\" is neither grouped by nor inside an aggregate: add it to GROUP BY, or aggregate it"
            ),
            _ => {
                let hint = relations
                    .iter()
                    .flat_map(|r| r.columns.clone())
                    .map(|i| &fields[i])
                    .find(|f| f.name().eq_ignore_ascii_case(&name))
                    .map(|f| format!("; did you mean \"{}\"? (unquoted names fold to upper case)", f.name()))
                    .unwrap_or_default();
                let names: Vec<String> = relations.iter().map(|r| format!("\"{}\"", label(r))).collect();
                let (what, names) = match names.as_slice() {
                    [one] if one == "\"\"" => ("the subquery".to_string(), String::new()),
                    [one] => ("stream".to_string(), one.clone()),
                    _ => (String::new(), names.join(" and ")),
                };
                let has = if what.is_empty() { "have" } else { "has" };
                let what = if names.is_empty() { what } else { format!("{what} {names}") };
                plan_err!(super::ident_position(ident), "{} {has} no column \"{name}\"{hint}", what.trim_start())
            }
        }
    }
}
