//! Flink's `MATCH_RECOGNIZE` as a plan: the pattern, its variables' conditions (DEFINE) and what
//! a match gives (MEASURES), the way Flink compiles them for its CEP library.
//!
//! Conditions and measures read a match through navigations (`A.price`, `LAST(A.price, 1)`,
//! `FIRST(price)`, `AVG(A.price)`, `MATCH_ROWTIME()`): each expression is planned over a row of
//! its own navigations' values, which the operator computes from the rows matched so far.

use std::fmt;

use arrow_schema::SchemaRef;

use super::{AggregateExpr, Expr};

/// One element of the pattern: a variable and how many consecutive rows it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternElement {
    /// Index into [`MatchSpec::variables`].
    pub variable: usize,
    pub min: u32,
    /// `None`: no upper bound (`*`, `+`, `{n,}`).
    pub max: Option<u32>,
    /// Greedy (the default) or reluctant (`?` after the quantifier).
    pub greedy: bool,
}

impl PatternElement {
    /// Flink's greedy elements that change what the next element may take: a greedy loop, or a
    /// greedy `{n,m}` with n < m, makes the next element take only rows it would not take
    /// itself. A greedy `?` does not (Flink compiles it as an optional variable, no loop).
    pub fn guards_next(&self) -> bool {
        self.greedy && self.max != Some(self.min) && !(self.min == 0 && self.max == Some(1))
    }
}

/// What a navigation reads of the match (of a variable's rows, or of all rows with `None`).
#[derive(Debug, Clone, PartialEq)]
pub enum Navigation {
    /// The column of the `offset`-th row from the last (`A.price` and `price` are offset 0;
    /// in a condition the current row is the last row of its variable).
    Last { variable: Option<usize>, column: usize, offset: usize },
    /// The column of the `offset`-th row from the first.
    First { variable: Option<usize>, column: usize, offset: usize },
    /// An aggregate of the rows (its argument a column of the input, or none for `COUNT(*)`).
    Aggregate { variable: Option<usize>, aggregate: AggregateExpr },
    /// `MATCH_ROWTIME()`: the time attribute of the match's last row.
    MatchRowtime,
}

/// A condition or a measure: `expr` reads column `i + 1` as `navigations[i]` (column 0 is
/// unused, where a row's ROWTIME would be).
#[derive(Debug, Clone, PartialEq)]
pub struct Navigated {
    pub navigations: Vec<Navigation>,
    pub expr: Expr,
    pub schema: SchemaRef,
    /// A condition that reads only the row it is asked about, as an expression over the
    /// input's columns: evaluated once per batch of rows, whatever the matches.
    pub row_local: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AfterMatch {
    /// `AFTER MATCH SKIP TO NEXT ROW`, Flink's default: every row may start a match.
    ToNextRow,
    PastLastRow,
    /// `TO FIRST v` / `TO LAST v`: the next match starts at that row of the variable.
    ToFirst(usize),
    ToLast(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct MatchSpec {
    /// `PARTITION BY`, over the input's columns.
    pub partition: Vec<Expr>,
    pub variables: Vec<String>,
    pub pattern: Vec<PatternElement>,
    /// Per variable, its DEFINE condition (none: every row).
    pub conditions: Vec<Option<Navigated>>,
    pub measures: Vec<Navigated>,
    pub after_match: AfterMatch,
    /// `WITHIN INTERVAL …`, in milliseconds: a partial match ends once a row (or the watermark)
    /// is this far past its first row's time.
    pub within: Option<i64>,
    /// The input's event-time attribute (ORDER BY's first key), for `MATCH_ROWTIME()`.
    pub time: usize,
}

impl fmt::Display for MatchSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pattern: Vec<String> = self
            .pattern
            .iter()
            .map(|e| {
                let quantifier = match (e.min, e.max) {
                    (1, Some(1)) => String::new(),
                    (0, Some(1)) => "?".into(),
                    (0, None) => "*".into(),
                    (1, None) => "+".into(),
                    (n, None) => format!("{{{n},}}"),
                    (n, Some(m)) if n == m => format!("{{{n}}}"),
                    (n, Some(m)) => format!("{{{n},{m}}}"),
                };
                let reluctant = if e.greedy || quantifier.is_empty() { "" } else { "?" };
                format!("{}{quantifier}{reluctant}", self.variables[e.variable])
            })
            .collect();
        let skip = match &self.after_match {
            AfterMatch::ToNextRow => "TO NEXT ROW".to_string(),
            AfterMatch::PastLastRow => "PAST LAST ROW".to_string(),
            AfterMatch::ToFirst(v) => format!("TO FIRST {}", self.variables[*v]),
            AfterMatch::ToLast(v) => format!("TO LAST {}", self.variables[*v]),
        };
        write!(f, "pattern=({}) skip={skip}", pattern.join(" "))?;
        if let Some(within) = self.within {
            write!(f, " within={within}ms")?;
        }
        if !self.partition.is_empty() {
            let keys: Vec<String> = self.partition.iter().map(|e| e.to_string()).collect();
            write!(f, " partition=[{}]", keys.join(", "))?;
        }
        Ok(())
    }
}
