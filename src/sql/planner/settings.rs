//! Flink's job options, `SET 'key' = 'value'`, as a Flink SQL client script starts with them.
//! An option either changes nothing kdalite computes (parallelism, checkpoints, the client's
//! display), or is one kdalite runs as Flink does (mini-batch, state TTL, [`Settings`]), or
//! changes results, and then kdalite accepts only the value it already runs with (UTC); any other
//! value, and any option it does not know, is refused at its key, so that no option is ever
//! silently dropped.

use crate::error::{Position, Result};
use crate::plan::{flink_duration_ms, JobOptions, JoinTime, LogicalPlan};
use crate::plan_err;
use crate::sql::parser::Statement;

/// Options, and families of options (a key ending in `.`), that change how Flink runs a job but
/// not the rows it writes. kdalite runs one thread; its checkpoints are exactly-once.
const NEUTRAL: &[&str] = &[
    "parallelism.default",
    "table.exec.resource.default-parallelism",
    "pipeline.name",
    "pipeline.auto-watermark-interval",
    "pipeline.operator-chaining",
    "execution.buffer-timeout",
    "execution.checkpointing.",
    "state.",
    "restart-strategy",
    "restart-strategy.",
    "taskmanager.",
    "jobmanager.",
    "sql-client.",
    "table.dml-sync",
    "table.optimizer.",
];

/// Options that change results, with the values kdalite runs as and why another differs.
const FIXED: &[(&str, &[&str], &str)] = &[
    (
        "execution.runtime-mode",
        &["streaming"],
        "kdalite runs streaming jobs, which emit results as rows arrive; a batch job gives only final results",
    ),
    (
        "table.exec.source.idle-timeout",
        &["0"],
        "an idle timeout lets the watermark pass an input that sends nothing; kdalite's watermark waits for every input",
    ),
    (
        "table.exec.sink.not-null-enforcer",
        &["ERROR"],
        "kdalite sends a row with NULL in a NOT NULL column to error_stream",
    ),
];

/// Options kdalite runs as Flink does, which it keeps.
const KEPT: &[&str] = &[MINI_BATCH, MINI_BATCH_LATENCY, MINI_BATCH_SIZE, STATE_TTL, LOCAL_TIME_ZONE];
const MINI_BATCH: &str = "table.exec.mini-batch.enabled";
const MINI_BATCH_LATENCY: &str = "table.exec.mini-batch.allow-latency";
const MINI_BATCH_SIZE: &str = "table.exec.mini-batch.size";
const STATE_TTL: &str = "table.exec.state.ttl";
const LOCAL_TIME_ZONE: &str = "table.local-time-zone";

/// The zone the application's `TIMESTAMP_LTZ` values read in: its last `SET
/// 'table.local-time-zone'` (as every SET of a Flink SQL client script applies to the whole
/// job), else UTC; an unknown zone is an error at its SET.
pub(super) fn session_zone(statements: &[Statement]) -> Result<std::sync::Arc<str>> {
    let mut zone = "UTC".into();
    for statement in statements {
        if let Statement::Set { key, value, position } = statement {
            if key == LOCAL_TIME_ZONE {
                Settings::default().set(key, value, *position)?;
                zone = value.as_str().into();
            }
        }
    }
    Ok(zone)
}

/// The options an application's `SET`s have given so far.
pub(super) struct Settings {
    /// `table.exec.mini-batch.enabled = 'true'`, where it was set.
    mini_batch: Option<Position>,
    latency_ms: u64,
    /// Flink's default, -1, is no size.
    size: i64,
    /// `table.exec.state.ttl`, when not 0, and where it was set.
    state_ttl: Option<(u64, Position)>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { mini_batch: None, latency_ms: 0, size: -1, state_ttl: None }
    }
}

impl Settings {
    /// Checks `SET 'key' = 'value'` at `position`, the key's, and keeps what kdalite runs by.
    pub(super) fn set(&mut self, key: &str, value: &str, position: Position) -> Result<()> {
        let bad = |what: &str| plan_err!(Some(position), "SET '{key}' = '{value}': {what}");
        match key {
            MINI_BATCH => match value.to_ascii_lowercase().as_str() {
                "true" => self.mini_batch = Some(position),
                "false" => self.mini_batch = None,
                _ => return bad("the value is true or false"),
            },
            MINI_BATCH_LATENCY => match flink_duration_ms(value) {
                Some(ms) => self.latency_ms = ms,
                None => return bad("the value is a duration, such as '5 s' or '500 ms'"),
            },
            MINI_BATCH_SIZE => match value.trim().parse::<i64>() {
                Ok(size) => self.size = size,
                Err(_) => return bad("the value is a number of rows"),
            },
            LOCAL_TIME_ZONE => {
                if let Err(why) = crate::plan::zone::time_zone(value) {
                    return bad(&why);
                }
            }
            STATE_TTL => match flink_duration_ms(value) {
                Some(0) => self.state_ttl = None,
                Some(ms) => self.state_ttl = Some((ms, position)),
                None => return bad("the value is a duration, such as '1 h' or '30 min'; 0 keeps state for good"),
            },
            _ => check(key, value, position)?,
        }
        Ok(())
    }

    /// With `table.exec.state.ttl` set, refuses a plan with an operator whose state Flink
    /// would expire and kdalite's does not (window operators and interval joins keep their
    /// state by time, as Flink's, and ignore the option).
    pub(super) fn check_state_ttl<'p>(&self, plans: impl IntoIterator<Item = &'p LogicalPlan>) -> Result<()> {
        let Some((_, position)) = self.state_ttl else { return Ok(()) };
        for plan in plans {
            if let Some(what) = keeps_state_past_ttl(plan) {
                return plan_err!(
                    Some(position),
                    "SET '{STATE_TTL}': {what} would forget idle keys' state in Flink, and kdalite cannot expire \
                     its state yet; kdalite expires the state of GROUP BY aggregates, DISTINCT, regular joins and \
                     deduplication (remove the SET to keep every key's state)"
                );
            }
        }
        Ok(())
    }

    /// The options the operators run by, refused as Flink refuses them when the job starts.
    pub(super) fn options(&self) -> Result<JobOptions> {
        let state_ttl = self.state_ttl.map(|(ms, _)| ms.min(i64::MAX as u64) as i64);
        let Some(position) = self.mini_batch else { return Ok(JobOptions { mini_batch: None, state_ttl }) };
        if self.latency_ms == 0 {
            return plan_err!(
                Some(position),
                "MiniBatch Latency must be greater than 0 ms: with {MINI_BATCH} set, SET '{MINI_BATCH_LATENCY}' to a \
                 duration, such as '5 s', as Flink asks"
            );
        }
        match self.size {
            size if size > 0 => Ok(JobOptions { mini_batch: Some(size.min(u32::MAX as i64) as usize), state_ttl }),
            _ => plan_err!(
                Some(position),
                "{MINI_BATCH_SIZE} should be greater than 0: with {MINI_BATCH} set, SET '{MINI_BATCH_SIZE}' to the most \
                 rows a mini-batch holds, such as '5000', as Flink asks"
            ),
        }
    }
}

/// The first operator of `plan` that Flink's `table.exec.state.ttl` expires and kdalite's does not.
fn keeps_state_past_ttl(plan: &LogicalPlan) -> Option<&'static str> {
    match plan {
        LogicalPlan::Rank { spec, .. }
            if spec.window.is_none() && (spec.dedup.is_none() || spec.input_op.is_some()) =>
        {
            Some(if spec.first_rows() { "a LIMIT" } else { "a Top-N (ROW_NUMBER() OVER … <= n)" })
        }
        LogicalPlan::SlidingWindow { .. } => Some("an OVER aggregate"),
        LogicalPlan::Join { time: JoinTime::Temporal { .. }, .. } => Some("a temporal join (FOR SYSTEM_TIME AS OF)"),
        _ => plan.inputs().into_iter().find_map(keeps_state_past_ttl),
    }
}

/// Checks `SET 'key' = 'value'` at `position`, the key's, for an option kdalite does not keep.
fn check(key: &str, value: &str, position: Position) -> Result<()> {
    if NEUTRAL.iter().any(|n| if n.ends_with('.') { key.starts_with(n) } else { key == *n }) {
        return Ok(());
    }
    let Some((_, allowed, why)) = FIXED.iter().find(|(k, ..)| *k == key) else {
        let known: Vec<&str> =
            NEUTRAL.iter().copied().chain(KEPT.iter().copied()).chain(FIXED.iter().map(|(k, ..)| *k)).collect();
        return plan_err!(
            Some(position),
            "SET '{key}': kdalite does not know this option, so it cannot tell whether running without it changes \
             the results; it accepts {} (a key ending in . stands for its family)",
            known.join(", ")
        );
    };
    // A zero duration: `0`, `0 ms`, `0s`.
    let zero = |v: &str| flink_duration_ms(v) == Some(0);
    let accepted = allowed.iter().any(|a| if *a == "0" { zero(value) } else { a.eq_ignore_ascii_case(value) });
    if accepted {
        return Ok(());
    }
    let values: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
    plan_err!(Some(position), "SET '{key}' = '{value}' is not supported: {why}; kdalite accepts {}", values.join(", "))
}
