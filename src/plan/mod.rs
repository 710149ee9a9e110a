//! Logical plans: what an application computes, independent of how it runs.
//!
//! The SQL planner (`crate::sql`) produces an [`ApplicationPlan`]: the in-application
//! streams with their schemas and one [`PumpPlan`] per pump (or bare query), each a tree of
//! [`LogicalPlan`] nodes over resolved [`Expr`]essions. `crate::exec` turns a pump into
//! push-based operators. Plans print as stable indented text (the start of EXPLAIN).

mod duration;
pub mod expr;
pub mod function_docs;
pub mod functions;
pub mod interval;
pub mod json_path;
pub mod match_recognize;
pub mod scalar;
pub mod stream;
pub mod types;
pub mod zone;

use std::fmt;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

pub use duration::flink_duration_ms;
pub use expr::{AggregateExpr, AggregateFunction, BinaryOp, Expr, LikeKind, TimeUnitKw};
pub use functions::{
    ArrayOp, DatePart, DigestKind, LogParser, MapOp, ScalarFunction, Trig, TrimSide, UrlPart, W3cPart,
};
pub use interval::{IntervalField, IntervalQualifier};
pub use scalar::ScalarValue;
pub use stream::{ColumnDef, StreamDef, StreamKind, WatermarkSpec};
pub use types::SqlType;

/// The name of the pseudo-column every KDA stream row has.
pub const ROWTIME: &str = "ROWTIME";

/// The stream `EXPLAIN` writes its plan to, one line per row.
pub const EXPLAIN_STREAM: &str = "EXPLAIN";

/// The stream a bare `SELECT STREAM …` writes to (the first; later ones get `_2`, `_3`, …).
pub const RESULT_STREAM: &str = "RESULT";

/// The hidden column that carries, on every row of a table with a `WATERMARK`, the watermark
/// that row meets: the largest event time among the rows before it, minus the delay.
pub const WATERMARK_COLUMN: &str = "$WATERMARK";

/// What a join keeps of each side's own ROWTIME, watermark and row kind, hidden beside its
/// columns; and what a Top-N keeps of its input's kind. Not values: two messages about the same
/// row (its insert and its retraction) differ in them.
pub const SIDE_ROWTIME: &str = "$ROWTIME";
pub const SIDE_WATERMARK: &str = "$WATERMARK_IN";
pub const SIDE_OP: &str = "$op_in";

/// How a window table function assigns rows to windows (all in milliseconds).
#[derive(Debug, Clone, PartialEq)]
pub enum TvfKind {
    Tumble { size: i64, offset: i64 },
    Hop { slide: i64, size: i64, offset: i64 },
    Cumulate { step: i64, size: i64, offset: i64 },
    Session { gap: i64, partition: Vec<Expr> },
}

impl fmt::Display for TvfKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TvfKind::Tumble { size, offset } => write!(f, "TUMBLE(size={size} ms, offset={offset} ms)"),
            TvfKind::Hop { slide, size, offset } => {
                write!(f, "HOP(slide={slide} ms, size={size} ms, offset={offset} ms)")
            }
            TvfKind::Cumulate { step, size, offset } => {
                write!(f, "CUMULATE(step={step} ms, size={size} ms, offset={offset} ms)")
            }
            TvfKind::Session { gap, partition } => {
                let keys: Vec<String> = partition.iter().map(|e| e.to_string()).collect();
                write!(f, "SESSION(gap={gap} ms, partition=[{}])", keys.join(", "))
            }
        }
    }
}

/// The window of a window aggregate.
#[derive(Debug, Clone, PartialEq)]
pub enum WindowSpec {
    /// KDA: a tumbling window on ROWTIME; closes when a row at or past its end arrives.
    Kda(TumblingWindow),
    /// Flink: a window TVF on an event-time column; closes when the watermark reaches its
    /// end - 1 ms; rows arriving for a closed window are late.
    EventTime { kind: TvfKind, time_column: usize, watermark_column: usize },
    /// Flink: rows that already belong to a window (the output of a window aggregate or join,
    /// grouped again by its `window_start` and `window_end`); fires with it.
    Attached { kind: TvfKind, start_column: usize, end_column: usize, watermark_column: usize },
    /// KDA's stagger window: per partition key, opens at the key's first row and closes
    /// `range_ms` of ROWTIME later; the output ROWTIME is the close time.
    Stagger { range_ms: i64 },
    /// No window (Flink's plain `GROUP BY`): an updating result, emitted as a changelog
    /// (`+I`, `-U`, `+U`, `-D`) in an `op` column. `input_op`: the input's own `op` column,
    /// when the input is updating too (its `-U` and `-D` rows are taken back). `state_ttl`:
    /// a `STATE_TTL` hint's TTL in milliseconds (0: none), over `table.exec.state.ttl`.
    Changelog { input_op: Option<usize>, state_ttl: Option<i64> },
}

/// The column a changelog result carries its change kind in.
pub const OP_COLUMN: &str = "op";

/// The size of a tumbling window. Months and years have no fixed length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowSize {
    Millis(i64),
    Months(u32),
}

/// A tumbling window on `ROWTIME`: `STEP(ROWTIME BY INTERVAL …)` or `FLOOR(ROWTIME TO unit)`.
/// `start` computes each row's window start; the window is `[start, start + size)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TumblingWindow {
    pub start: Expr,
    pub size: WindowSize,
}

impl TumblingWindow {
    /// The end (exclusive) of the window that starts at `start`.
    pub fn end_of(&self, start: i64) -> i64 {
        match self.size {
            WindowSize::Millis(ms) => start.saturating_add(ms),
            WindowSize::Months(n) => chrono::DateTime::from_timestamp_millis(start)
                .and_then(|t| t.checked_add_months(chrono::Months::new(n)))
                .map_or(i64::MAX, |t| t.timestamp_millis()),
        }
    }
}

/// Which earlier rows a sliding (OVER) window holds besides the current one.
#[derive(Debug, Clone, PartialEq)]
pub enum OverFrame {
    /// `RANGE INTERVAL … PRECEDING`: rows at most this many milliseconds older.
    Range(i64),
    /// `ROWS n PRECEDING`.
    Rows(u64),
    /// `RANGE UNBOUNDED PRECEDING` (and no frame): every earlier row of the partition, and
    /// the rows of the same time.
    Unbounded,
    /// `ROWS UNBOUNDED PRECEDING`: every earlier row of the partition, in order.
    UnboundedRows,
}

impl OverFrame {
    /// Whether the frame holds every earlier row: the aggregates run on, no row is kept.
    pub fn is_unbounded(&self) -> bool {
        matches!(self, OverFrame::Unbounded | OverFrame::UnboundedRows)
    }
}

/// A sliding window: per row, the rows of its partition that the frame holds, ordered by
/// `order_column` (ROWTIME unless `ORDER BY` says otherwise). Rows that arrive later, even
/// with the same time, are not in it.
#[derive(Debug, Clone, PartialEq)]
pub struct OverWindow {
    pub partition_by: Vec<Expr>,
    pub order_column: usize,
    pub frame: OverFrame,
    /// Set when the window is ordered by a Flink table's event-time attribute: the index of the
    /// watermark column. Rows are then processed as Flink does, in event-time order once the
    /// watermark passes them, with rows of equal time (peers) in each other's RANGE windows;
    /// rows behind what has been processed are late.
    pub event_time: Option<usize>,
}

impl fmt::Display for OverWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<String> = self.partition_by.iter().map(|e| e.to_string()).collect();
        let frame = match &self.frame {
            OverFrame::Range(ms) => format!("RANGE {ms} ms PRECEDING"),
            OverFrame::Rows(n) => format!("ROWS {n} PRECEDING"),
            OverFrame::Unbounded => "UNBOUNDED PRECEDING".to_string(),
            OverFrame::UnboundedRows => "ROWS UNBOUNDED PRECEDING".to_string(),
        };
        write!(f, "(PARTITION BY [{}] ORDER BY #{} {frame})", keys.join(", "), self.order_column)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LogicalPlan {
    /// Rows of an in-application stream, `ROWTIME` first.
    Scan { stream: String, schema: SchemaRef },
    /// Rows for which `predicate` is true.
    Filter { input: Box<LogicalPlan>, predicate: Expr },
    /// `exprs[0]` is always the output `ROWTIME`; the rest are the selected columns.
    Projection { input: Box<LogicalPlan>, exprs: Vec<Expr>, schema: SchemaRef },
    /// Each row once per grouping set, in the sets' order (Flink's Expand): `projections[s]`
    /// computes set `s`'s row, the grouping columns not in it NULL.
    Expand { input: Box<LogicalPlan>, projections: Vec<Vec<Expr>>, schema: SchemaRef },
    /// `CROSS JOIN UNNEST(array)` (Flink's Correlate): each row once per element of its array,
    /// its columns then the element's (a ROW element's fields, or the element itself), then
    /// with `ordinality` the element's number from 1; with `outer` (`LEFT JOIN UNNEST … ON
    /// TRUE`) a row whose array is NULL or empty once, with NULLs.
    Unnest { input: Box<LogicalPlan>, array: Expr, outer: bool, ordinality: bool, schema: SchemaRef },
    /// Sliding windows: each row, with one column appended per `(window, aggregate)`.
    SlidingWindow {
        input: Box<LogicalPlan>,
        windows: Vec<OverWindow>,
        aggregates: Vec<(usize, AggregateExpr)>,
        schema: SchemaRef,
    },
    /// A window table function without aggregation: each row once per window it falls in,
    /// with `window_start`, `window_end` and `window_time` appended.
    WindowTvf { input: Box<LogicalPlan>, kind: TvfKind, time_column: usize, schema: SchemaRef },
    /// One row per window and group when the window closes: `ROWTIME`, `WINDOW_START`,
    /// `WINDOW_END`, `WINDOW_TIME`, the group keys, then the aggregates.
    WindowAggregate {
        input: Box<LogicalPlan>,
        window: WindowSpec,
        group_exprs: Vec<Expr>,
        aggregates: Vec<AggregateExpr>,
        schema: SchemaRef,
    },
    /// Two inputs joined: `ROWTIME` (the later of the pair's), the left's columns, the right's
    /// (each side's own `ROWTIME` and watermark kept as hidden `$…` columns), the `op` column
    /// for a join that updates its results, and the watermark column when a side has one.
    Join {
        left: Box<LogicalPlan>,
        right: Box<LogicalPlan>,
        kind: JoinKind,
        time: JoinTime,
        /// Pairs of equal keys: an expression over the left's columns and one over the right's.
        keys: Vec<(Expr, Expr)>,
        /// The rest of the ON condition, over the joined columns.
        residual: Option<Expr>,
        /// Each side's watermark column.
        watermarks: (Option<usize>, Option<usize>),
        /// Both sides' watermarks come from the same stream: a row's own is the join's.
        shared_watermark: bool,
        /// Each side's `op` column, for a side that is an updating result.
        ops: (Option<usize>, Option<usize>),
        /// A regular join's `STATE_TTL` hint: each side's TTL in milliseconds (0: none), over
        /// `table.exec.state.ttl`.
        state_ttl: [Option<i64>; 2],
        schema: SchemaRef,
    },
    /// Top-N and deduplication: the input's columns, the rank (`$RANK`), and the `op`
    /// column when the result is updating.
    Rank { input: Box<LogicalPlan>, spec: RankSpec, schema: SchemaRef },
    /// KDA's `TOP_K_ITEMS_TUMBLING`: of each window's rows (a KDA window aggregate's, which
    /// come out together with the window's ROWTIME), the `k` with the largest `by` column, the
    /// largest first.
    TopPerWindow { input: Box<LogicalPlan>, k: usize, by: usize },
    /// KDA's streaming `ORDER BY`: rows grouped by `group` (monotonic in ROWTIME), each group
    /// sent sorted by `keys` when a row of a later group arrives. With `watermark` (the
    /// watermark column), Flink's `ORDER BY` an event-time attribute: `group` is that time, and
    /// the rows are sent sorted by `keys` (the time first) as the watermark passes them.
    Sort { input: Box<LogicalPlan>, group: Expr, keys: Vec<SortKey>, watermark: Option<usize> },
    /// KDA's `HOTSPOTS`: each row with the dense regions among the last rows appended, as JSON.
    Hotspots { input: Box<LogicalPlan>, spec: HotspotsSpec, schema: SchemaRef },
    /// KDA's `GROUP_RANK`: the rows of each ROWTIME, ranked by a column and sent (in rank
    /// order, or reversed) with their rank appended when a row of a later ROWTIME arrives.
    GroupRank { input: Box<LogicalPlan>, spec: GroupRankSpec, schema: SchemaRef },
    /// KDA's `RANDOM_CUT_FOREST[_WITH_EXPLANATION]`: each row with its anomaly score (and
    /// explanation) appended.
    RandomCutForest { input: Box<LogicalPlan>, spec: ForestSpec, schema: SchemaRef },
    /// Flink's `MATCH_RECOGNIZE` over rows in time order (its input is the time sort): one row
    /// per match, `ROWTIME` (the last matched row's), the partition keys, then the measures.
    MatchRecognize { input: Box<LogicalPlan>, spec: Box<match_recognize::MatchSpec>, schema: SchemaRef },
    /// Rows of two inputs of the same columns, as they come (Flink) or merged in ROWTIME order
    /// (KDA).
    Union { left: Box<LogicalPlan>, right: Box<LogicalPlan>, kda: bool, shared_watermark: bool, schema: SchemaRef },
    /// Each row joined to the rows of a reference table with equal keys: the input's columns,
    /// then the table's (NULL for a row of a LEFT join that matches none).
    LookupJoin {
        input: Box<LogicalPlan>,
        table: Arc<ReferenceTable>,
        kind: JoinKind,
        /// Pairs of equal keys: an expression over the input's columns and one over the
        /// table's (both over the joined columns, of the same type).
        keys: Vec<(Expr, Expr)>,
        /// The rest of the ON condition, over the joined columns.
        residual: Option<Expr>,
        schema: SchemaRef,
    },
}

/// Flink's Top-N (`ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)` kept where
/// `rownum <= n`): per partition, the rows ranked `first..=last` by `order_by`.
#[derive(Debug, Clone, PartialEq)]
pub struct RankSpec {
    pub partition_by: Vec<Expr>,
    pub order_by: Vec<SortKey>,
    pub first: u64,
    pub last: u64,
    /// Whether the query reads the rank: each row's rank is then part of the result, and rows
    /// that move down a rank are updated.
    pub numbered: bool,
    /// Deduplication: the rank is 1, unread, ordered by a time attribute alone. Keeps the
    /// first row per partition (ascending) or the last (descending), by that time.
    pub dedup: Option<Dedup>,
    /// The input's `op` column, when the input is updating: every row is then kept, so that
    /// a row taken back lets the next one in.
    pub input_op: Option<usize>,
    /// Window Top-N: partitioned by the windows the rows carry, ranked when a window fires and
    /// sent once, insert-only (Flink's `WindowRank`).
    pub window: Option<WindowRank>,
}

/// KDA's `GROUP_RANK(CURSOR(…), rankByColumnName, rankOutColumnName, sortOrder, outputOrder,
/// maxIdle, outputMax)`, as its Reference page describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRankSpec {
    /// The column ranked by, ascending or descending (`sortOrder`): rank 1 comes first. Rows
    /// with equal values share a rank, and the next rank skips as many (SQL's RANK).
    pub by: SortKey,
    /// `outputOrder` 'desc': a group's rows go out from the highest rank to rank 1.
    pub output_desc: bool,
    /// `maxIdle`: a group also goes once the watermark passes its ROWTIME by this many
    /// milliseconds (0: never).
    pub max_idle: i64,
    /// `outputMax`: at most this many rows of a group, the first in rank order (0: all).
    pub output_max: usize,
}

impl fmt::Display for GroupRankSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "groups of ROWTIME, ranked by {}, sent {}",
            self.by,
            if self.output_desc { "last rank first" } else { "rank 1 first" }
        )?;
        if self.output_max > 0 {
            write!(f, ", at most {} a group", self.output_max)?;
        }
        if self.max_idle > 0 {
            write!(f, ", or once the watermark is {} ms past the group", self.max_idle)?;
        }
        Ok(())
    }
}

/// KDA's `HOTSPOTS(CURSOR(…), windowSize, scanRadius, minimumNumberOfPointsInAHotspot)`.
#[derive(Debug, Clone, PartialEq)]
pub struct HotspotsSpec {
    /// The input's numeric columns: each row is a point of their values.
    pub columns: Vec<usize>,
    pub names: Vec<String>,
    /// How many of the latest points are searched.
    pub window: usize,
    /// The distance within which points are neighbours (DBSCAN's ε).
    pub radius: f64,
    /// How many neighbours (itself included) make a point a hotspot's core.
    pub min_points: usize,
}

impl fmt::Display for HotspotsSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] window={} radius={} points={}",
            self.names.join(", "),
            self.window,
            self.radius,
            self.min_points
        )
    }
}

/// A Random Cut Forest's parameters, as KDA's RANDOM_CUT_FOREST takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct ForestSpec {
    /// The input's numeric columns: each row is a point of their values.
    pub columns: Vec<usize>,
    pub names: Vec<String>,
    pub trees: usize,
    pub sample_size: usize,
    /// How many recent rows weigh (the forest's decay is its inverse).
    pub time_decay: f64,
    pub shingle_size: usize,
    /// RANDOM_CUT_FOREST_WITH_EXPLANATION: each column's part in the score too …
    pub explain: bool,
    /// … and whether it is high or low (`withDirectionality`).
    pub directional: bool,
}

impl fmt::Display for ForestSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] trees={} sample={} decay={} shingle={}",
            self.names.join(", "),
            self.trees,
            self.sample_size,
            self.time_decay,
            self.shingle_size
        )
    }
}

/// The columns of a window Top-N's input: the window's start and end, and the watermark each
/// row met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowRank {
    pub start: usize,
    pub end: usize,
    pub watermark: usize,
}

/// A sort key: descending or not, and where NULLs go (by default first ascending and last
/// descending: NULL is the smallest value, as in Flink).
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    pub expr: Expr,
    pub desc: bool,
    pub nulls_first: bool,
}

impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.expr)?;
        if self.desc {
            f.write_str(" DESC")?;
        }
        if self.nulls_first == self.desc {
            f.write_str(if self.nulls_first { " NULLS FIRST" } else { " NULLS LAST" })?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dedup {
    pub keep_last: bool,
    /// The time attribute is processing time: keeping the first row is then insert-only.
    pub proctime: bool,
}

impl RankSpec {
    /// Whether the result updates rows it sent (everything but keeping the first row by
    /// processing time, and the first rows in arrival order).
    pub fn updating(&self) -> bool {
        self.window.is_none()
            && !self.first_rows()
            && !matches!(self.dedup, Some(Dedup { keep_last: false, proctime: true }))
    }

    /// Flink's `LIMIT` without ORDER BY: the rows ranked by arrival alone, which keep their
    /// ranks.
    pub fn first_rows(&self) -> bool {
        self.order_by.is_empty() && self.input_op.is_none()
    }
}

impl fmt::Display for RankSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<String> = self.partition_by.iter().map(|e| e.to_string()).collect();
        let order: Vec<String> = self.order_by.iter().map(|k| k.to_string()).collect();
        if self.first_rows() {
            return write!(f, "Limit: rows {}..={} as they come", self.first, self.last);
        }
        match self.dedup {
            Some(d) => write!(
                f,
                "{}Deduplicate: keep {} row by {} partition=[{}]",
                if self.window.is_some() { "Window" } else { "" },
                if d.keep_last { "last" } else { "first" },
                order.join(", "),
                keys.join(", ")
            ),
            None => write!(
                f,
                "{}TopN: ranks {}..={} partition=[{}] order=[{}]{}",
                if self.window.is_some() { "Window" } else { "" },
                self.first,
                self.last,
                keys.join(", "),
                order.join(", "),
                if self.numbered { " with rank" } else { "" }
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    Inner,
    Left,
    Right,
    Full,
    /// `x IN (SELECT …)`, `EXISTS (…)`: each left row once while a right row matches it.
    Semi,
    /// `NOT EXISTS (…)`, `x NOT IN (SELECT …)`: each left row while no right row matches it.
    Anti,
}

impl JoinKind {
    /// Whether the join takes back rows it sent even when its inputs only insert: an outer
    /// join's padded rows, an anti join's rows once a match comes.
    pub fn retracts(self) -> bool {
        !matches!(self, JoinKind::Inner | JoinKind::Semi)
    }

    /// A semi or anti join: its rows are the left's, never paired.
    pub fn filters(self) -> bool {
        matches!(self, JoinKind::Semi | JoinKind::Anti)
    }

    /// Whether the left side's unmatched rows come out (with NULLs for the right's columns).
    pub fn keeps_left(self) -> bool {
        matches!(self, JoinKind::Left | JoinKind::Full)
    }

    pub fn keeps_right(self) -> bool {
        matches!(self, JoinKind::Right | JoinKind::Full)
    }
}

impl fmt::Display for JoinKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JoinKind::Inner => "INNER",
            JoinKind::Left => "LEFT",
            JoinKind::Right => "RIGHT",
            JoinKind::Full => "FULL",
            JoinKind::Semi => "SEMI",
            JoinKind::Anti => "ANTI",
        })
    }
}

/// A KDA join window over one side's ROWTIME: the rows of that side a row of the other side
/// meets. A side without one offers only rows with the same ROWTIME (the current row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdaJoinWindow {
    /// `OVER (RANGE INTERVAL … PRECEDING)`: rows at most this many milliseconds older.
    Range(i64),
    /// `OVER (ROWS n PRECEDING)`: the latest n rows before, and the current one.
    Rows(u64),
}

impl fmt::Display for KdaJoinWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KdaJoinWindow::Range(ms) => write!(f, "RANGE {ms} ms PRECEDING"),
            KdaJoinWindow::Rows(n) => write!(f, "ROWS {n} PRECEDING"),
        }
    }
}

/// Which rows of two streams a join pairs, and how long it keeps them.
#[derive(Debug, Clone, PartialEq)]
pub enum JoinTime {
    /// Flink's regular join: both inputs kept whole; outer joins retract the NULL-padded rows
    /// a later match replaces.
    Regular,
    /// Flink's interval join: pairs with `lower <= left time - right time <= upper` (ms), on
    /// each side's event-time column; rows leave once the watermark passes their bound.
    Interval { left_time: usize, right_time: usize, lower: i64, upper: i64 },
    /// Flink's window join: rows of the same window (each side's `window_end` column), paired
    /// when it fires.
    Window { left_end: usize, right_end: usize },
    /// KDA: the rows each side's window over ROWTIME holds (`None`: the current row only).
    Kda { left: Option<KdaJoinWindow>, right: Option<KdaJoinWindow> },
    /// Flink's event-time temporal join (`FOR SYSTEM_TIME AS OF l.t`): each left row, once the
    /// watermark passes its time, with the right's latest row of its key at or before it.
    Temporal { left_time: usize, right_time: usize },
}

impl fmt::Display for JoinTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinTime::Regular => f.write_str("regular"),
            JoinTime::Interval { lower, upper, .. } => write!(f, "interval {lower} ms <= left - right <= {upper} ms"),
            JoinTime::Window { .. } => f.write_str("window"),
            JoinTime::Temporal { .. } => f.write_str("temporal, event time"),
            JoinTime::Kda { left, right } => {
                let side = |w: &Option<KdaJoinWindow>| w.map_or("current row".to_string(), |w| w.to_string());
                write!(f, "KDA windows: left {}, right {}", side(left), side(right))
            }
        }
    }
}

/// A reference table (KDA's reference data source): finite rows, loaded whole when the
/// application starts, joined to streams by key. It has no `ROWTIME`.
#[derive(Debug, PartialEq)]
pub struct ReferenceTable {
    pub name: String,
    pub rows: RecordBatch,
}

impl LogicalPlan {
    pub fn schema(&self) -> SchemaRef {
        match self {
            LogicalPlan::Scan { schema, .. }
            | LogicalPlan::Projection { schema, .. }
            | LogicalPlan::Expand { schema, .. }
            | LogicalPlan::Unnest { schema, .. }
            | LogicalPlan::WindowTvf { schema, .. }
            | LogicalPlan::SlidingWindow { schema, .. }
            | LogicalPlan::WindowAggregate { schema, .. }
            | LogicalPlan::LookupJoin { schema, .. }
            | LogicalPlan::Rank { schema, .. }
            | LogicalPlan::RandomCutForest { schema, .. }
            | LogicalPlan::MatchRecognize { schema, .. }
            | LogicalPlan::GroupRank { schema, .. }
            | LogicalPlan::Hotspots { schema, .. }
            | LogicalPlan::Join { schema, .. }
            | LogicalPlan::Union { schema, .. } => schema.clone(),
            LogicalPlan::Filter { input, .. }
            | LogicalPlan::TopPerWindow { input, .. }
            | LogicalPlan::Sort { input, .. } => input.schema(),
        }
    }

    /// Whether the plan reads the in-application stream `stream`.
    pub fn reads(&self, stream: &str) -> bool {
        match self {
            LogicalPlan::Scan { stream: s, .. } => s == stream,
            other => other.inputs().into_iter().any(|input| input.reads(stream)),
        }
    }

    /// The plans this one reads, left to right.
    pub fn inputs(&self) -> Vec<&LogicalPlan> {
        match self {
            LogicalPlan::Scan { .. } => vec![],
            LogicalPlan::Filter { input, .. }
            | LogicalPlan::Projection { input, .. }
            | LogicalPlan::Expand { input, .. }
            | LogicalPlan::Unnest { input, .. }
            | LogicalPlan::WindowTvf { input, .. }
            | LogicalPlan::SlidingWindow { input, .. }
            | LogicalPlan::WindowAggregate { input, .. }
            | LogicalPlan::Rank { input, .. }
            | LogicalPlan::TopPerWindow { input, .. }
            | LogicalPlan::RandomCutForest { input, .. }
            | LogicalPlan::MatchRecognize { input, .. }
            | LogicalPlan::GroupRank { input, .. }
            | LogicalPlan::Hotspots { input, .. }
            | LogicalPlan::Sort { input, .. }
            | LogicalPlan::LookupJoin { input, .. } => vec![input],
            LogicalPlan::Join { left, right, .. } | LogicalPlan::Union { left, right, .. } => vec![left, right],
        }
    }

    fn fmt_indented(&self, f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
        let pad = "  ".repeat(depth);
        match self {
            LogicalPlan::Scan { stream, .. } => writeln!(f, "{pad}Scan: \"{stream}\""),
            LogicalPlan::LookupJoin { input, table, kind, keys, residual, .. } => {
                let mut on: Vec<String> = keys.iter().map(|(l, r)| format!("{l} = {r}")).collect();
                on.extend(residual.iter().map(|r| r.to_string()));
                let kind = if *kind == JoinKind::Left { "LEFT " } else { "" };
                writeln!(f, "{pad}LookupJoin: {kind}reference table \"{}\" ON {}", table.name, on.join(" AND "))?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Join { left, right, kind, time, keys, residual, .. } => {
                let mut on: Vec<String> = keys.iter().map(|(l, r)| format!("{l} = {r}")).collect();
                on.extend(residual.iter().map(|r| r.to_string()));
                let on = if on.is_empty() { "TRUE".to_string() } else { on.join(" AND ") };
                let (ls, rs) = (left.schema(), right.schema());
                let time = match time {
                    JoinTime::Interval { left_time, right_time, lower, upper } => format!(
                        "interval {lower} ms <= {} - {} <= {upper} ms",
                        ls.field(*left_time).name(),
                        rs.field(*right_time).name()
                    ),
                    JoinTime::Window { left_end, right_end } => {
                        format!("window {} = {}", ls.field(*left_end).name(), rs.field(*right_end).name())
                    }
                    other => other.to_string(),
                };
                writeln!(f, "{pad}Join: {kind} {time} ON {on}")?;
                left.fmt_indented(f, depth + 1)?;
                right.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Union { left, right, kda, .. } => {
                writeln!(f, "{pad}Union: ALL{}", if *kda { " in ROWTIME order" } else { "" })?;
                left.fmt_indented(f, depth + 1)?;
                right.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Filter { input, predicate } => {
                writeln!(f, "{pad}Filter: {predicate}")?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Expand { input, projections, .. } => {
                writeln!(f, "{pad}Expand: {} grouping sets", projections.len())?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Unnest { input, array, outer, ordinality, .. } => {
                let how = if *outer { "LEFT JOIN UNNEST" } else { "UNNEST" };
                let with = if *ordinality { " WITH ORDINALITY" } else { "" };
                writeln!(f, "{pad}Correlate: {how}({array}){with}")?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Rank { input, spec, .. } => {
                writeln!(f, "{pad}{spec}")?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::RandomCutForest { input, spec, .. } => {
                let what = if spec.explain { "RandomCutForestWithExplanation" } else { "RandomCutForest" };
                writeln!(f, "{pad}{what}: {spec}")?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::MatchRecognize { input, spec, .. } => {
                writeln!(f, "{pad}MatchRecognize: {spec}")?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Hotspots { input, spec, .. } => {
                writeln!(f, "{pad}Hotspots: {spec}")?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::GroupRank { input, spec, .. } => {
                writeln!(f, "{pad}GroupRank: {spec}")?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Sort { input, group, keys, watermark } => {
                let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
                match watermark {
                    Some(_) => writeln!(f, "{pad}Sort: by {}, as the watermark passes {group}", keys.join(", "))?,
                    None => writeln!(f, "{pad}Sort: groups of {group}, by {}", keys.join(", "))?,
                }
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::TopPerWindow { input, k, by } => {
                writeln!(f, "{pad}TopPerWindow: {k} largest by {}", input.schema().field(*by).name())?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::Projection { input, exprs, schema } => {
                let items: Vec<String> =
                    exprs.iter().zip(schema.fields()).map(|(e, field)| format!("{e} AS {}", field.name())).collect();
                writeln!(f, "{pad}Projection: {}", items.join(", "))?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::SlidingWindow { input, windows, aggregates, .. } => {
                let aggs: Vec<String> = aggregates.iter().map(|(w, a)| format!("{a} OVER {}", windows[*w])).collect();
                writeln!(f, "{pad}SlidingWindow: {}", aggs.join(", "))?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::WindowTvf { input, kind, time_column, schema } => {
                writeln!(f, "{pad}WindowTvf: {kind} on {}", schema.field(*time_column).name())?;
                input.fmt_indented(f, depth + 1)
            }
            LogicalPlan::WindowAggregate { input, window, group_exprs, aggregates, .. } => {
                let window = match window {
                    WindowSpec::Kda(w) => {
                        let size = match w.size {
                            WindowSize::Millis(ms) => format!("{ms} ms"),
                            WindowSize::Months(n) => format!("{n} month(s)"),
                        };
                        format!("tumbling {} size={size} trigger=ROWTIME", w.start)
                    }
                    WindowSpec::EventTime { kind, time_column, .. } => {
                        let time = input.schema().field(*time_column).name().clone();
                        format!("{kind} on {time} trigger=watermark")
                    }
                    WindowSpec::Attached { kind, end_column, .. } => {
                        let end = input.schema().field(*end_column).name().clone();
                        format!("{kind} attached to {end} trigger=watermark")
                    }
                    WindowSpec::Stagger { range_ms } => format!("STAGGER(range={range_ms} ms) trigger=ROWTIME"),
                    WindowSpec::Changelog { input_op: None, .. } => "none (changelog: +I, -U, +U)".to_string(),
                    WindowSpec::Changelog { input_op: Some(_), .. } => {
                        "none (changelog: +I, -U, +U, -D; takes back its input's -U and -D)".to_string()
                    }
                };
                let keys: Vec<String> = group_exprs.iter().map(|e| e.to_string()).collect();
                let aggs: Vec<String> = aggregates.iter().map(|a| a.to_string()).collect();
                writeln!(
                    f,
                    "{pad}WindowAggregate: {window} keys=[{}] aggregates=[{}]",
                    keys.join(", "),
                    aggs.join(", ")
                )?;
                input.fmt_indented(f, depth + 1)
            }
        }
    }
}

impl fmt::Display for LogicalPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_indented(f, 0)
    }
}

/// A pump (or a bare query): reads streams through `plan` and inserts into `target`.
#[derive(Debug, Clone, PartialEq)]
pub struct PumpPlan {
    pub name: String,
    pub target: String,
    pub plan: LogicalPlan,
}

/// A whole application: every in-application stream and every pump.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApplicationPlan {
    /// Every stream, inputs first, in the order they were declared or bound.
    pub streams: Vec<StreamDef>,
    /// Reference tables, loaded before the application starts.
    pub tables: Vec<Arc<ReferenceTable>>,
    pub pumps: Vec<PumpPlan>,
    /// What each `EXPLAIN` statement would run (the application as planned up to it, with its
    /// statement's pumps only), in order.
    pub explains: Vec<ApplicationPlan>,
    /// The job options its operators run by (`SET`).
    pub options: JobOptions,
}

/// Flink job options that change what operators emit, from the application's `SET`s.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct JobOptions {
    /// `table.exec.mini-batch.enabled`, and `table.exec.mini-batch.size`: an updating GROUP BY
    /// folds each group's changes over the rows that reach it together, at most this many, and
    /// sends one change a group (see `exec::group`).
    pub mini_batch: Option<usize>,
    /// `table.exec.state.ttl`, in milliseconds: the non-window operators that keep state per
    /// key (an updating GROUP BY, a regular join, deduplication) forget a key's state once it
    /// has gone that long without a write, as Flink's idle state retention does, on the
    /// virtual clock (see `exec::ttl`).
    pub state_ttl: Option<i64>,
}

impl ApplicationPlan {
    pub fn stream(&self, name: &str) -> Option<&StreamDef> {
        self.streams.iter().find(|s| s.name == name)
    }

    /// Streams no pump writes to: these are fed by inputs.
    pub fn input_streams(&self) -> impl Iterator<Item = &StreamDef> {
        self.streams.iter().filter(|s| !self.pumps.iter().any(|p| p.target == s.name))
    }
}

impl fmt::Display for ApplicationPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for pump in &self.pumps {
            writeln!(f, "Pump \"{}\" → \"{}\"", pump.name, pump.target)?;
            pump.plan.fmt_indented(f, 1)?;
        }
        Ok(())
    }
}
