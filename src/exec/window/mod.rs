//! Window operators. Windows that do not merge (KDA tumbling, TUMBLE, CUMULATE, and HOP whose
//! slide does not divide its size) share [`WindowAggregateExec`]; HOP is otherwise sliced into
//! panes by [`HopWindowExec`]; sessions merge and have [`SessionWindowExec`]; a window TVF without
//! an aggregate is [`WindowTvfExec`]; per-row sliding (OVER) windows are [`SlidingWindowExec`] (KDA, per row) or
//! [`EventTimeOverExec`] (Flink, ordered by event time); KDA's stagger windows
//! are [`StaggerWindowExec`]. Open windows live in state tables keyed by window end,
//! so closing windows is an ordered range scan up to the watermark.

mod aggregate;
mod assign;
mod hop;
mod keyed;
pub(crate) use keyed::KeyedAggregates;
mod over;
mod session;
mod sliding;
mod stagger;
mod tvf;

pub use aggregate::WindowAggregateExec;
pub use hop::HopWindowExec;
pub use over::EventTimeOverExec;
pub use session::SessionWindowExec;
pub use sliding::SlidingWindowExec;
pub use stagger::StaggerWindowExec;
pub use tvf::WindowTvfExec;

/// Flink's firing rule, the one every event-time window follows (aggregates, sessions, panes
/// and window joins): a window `[start, end)` fires when the watermark reaches its last
/// millisecond, `end - 1`, and from then on takes no rows (a row for it is late).
pub(crate) fn has_fired(watermark: Option<i64>, end: i64) -> bool {
    watermark.is_some_and(|wm| wm >= end.saturating_sub(1))
}
