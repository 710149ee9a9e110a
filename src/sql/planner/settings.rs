//! Flink's job options, `SET 'key' = 'value'`, as a Flink SQL client script starts with them.
//! An option either changes nothing kdalite computes (parallelism, checkpoints, the client's
//! display), or changes results, and then kdalite accepts only the value it already runs with
//! (UTC, no state TTL, no mini-batch); any other value, and any option it does not know, is
//! refused at its key, so that no option is ever silently dropped.

use crate::error::{Position, Result};
use crate::plan_err;

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
    "table.exec.mini-batch.allow-latency",
    "table.exec.mini-batch.size",
];

/// Options that change results, with the values kdalite runs as and why another differs.
const FIXED: &[(&str, &[&str], &str)] = &[
    (
        "execution.runtime-mode",
        &["streaming"],
        "kdalite runs streaming jobs, which emit results as rows arrive; a batch job gives only final results",
    ),
    (
        "table.local-time-zone",
        &["UTC", "GMT", "Etc/UTC", "Z"],
        "kdalite computes in UTC: TIMESTAMP_LTZ values, CURRENT_TIMESTAMP and FROM_UNIXTIME would show another \
         zone's time (CONVERT_TZ(text, 'UTC', zone) shows a time in another zone)",
    ),
    ("table.exec.state.ttl", &["0"], "kdalite keeps state as long as the query needs it; a TTL drops idle keys' state, which changes later results"),
    (
        "table.exec.mini-batch.enabled",
        &["false"],
        "mini-batches fold each batch's updates into one; kdalite emits every update",
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

/// Checks `SET 'key' = 'value'` at `position`, the key's.
pub(super) fn check(key: &str, value: &str, position: Position) -> Result<()> {
    if NEUTRAL.iter().any(|n| if n.ends_with('.') { key.starts_with(n) } else { key == *n }) {
        return Ok(());
    }
    let Some((_, allowed, why)) = FIXED.iter().find(|(k, ..)| *k == key) else {
        let known: Vec<&str> = NEUTRAL.iter().copied().chain(FIXED.iter().map(|(k, ..)| *k)).collect();
        return plan_err!(
            Some(position),
            "SET '{key}': kdalite does not know this option, so it cannot tell whether running without it changes \
             the results; it accepts {} (a key ending in . stands for its family)",
            known.join(", ")
        );
    };
    // A zero duration: `0`, `0 ms`, `0s`.
    let zero = |v: &str| {
        let unit = v.trim_start_matches('0');
        unit.len() < v.len() && unit.trim().bytes().all(|b| b.is_ascii_alphabetic())
    };
    let accepted = allowed.iter().any(|a| if *a == "0" { zero(value) } else { a.eq_ignore_ascii_case(value) });
    if accepted {
        return Ok(());
    }
    let values: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
    plan_err!(Some(position), "SET '{key}' = '{value}' is not supported: {why}; kdalite accepts {}", values.join(", "))
}
