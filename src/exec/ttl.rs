//! Flink's idle state retention, `table.exec.state.ttl`, on kdalite's virtual clock.
//!
//! Flink forgets a key's state once it has gone the TTL without a write (`StateTtlConfig` with
//! `OnCreateAndWrite`, on processing time) and never shows state that has expired
//! (`NeverReturnExpired`): a row that arrives `ttl` or more after the last write finds the key
//! as if it had never been seen. Processing time here is a row's arrival on the virtual clock,
//! its ROWTIME, so what expires is the same on every run.
//!
//! An operator checks a key's state as each row reaches it, and sweeps expired state out once
//! every TTL of the clock, so that its memory holds only the keys written lately. A sweep takes
//! out only state that expired a TTL before the row that runs it: a row of another input a
//! little behind that one still finds what it should, so when sweeps run changes no result.

use crate::state::GroupTable;

/// The TTL an operator's state lives by, and when it sweeps next.
#[derive(Debug, Clone, Copy)]
pub struct StateTtl {
    ttl: i64,
    next_sweep: i64,
}

impl StateTtl {
    /// The TTL of `table.exec.state.ttl` in milliseconds, if it is set.
    pub fn new(ttl: Option<i64>) -> Option<StateTtl> {
        ttl.filter(|&ttl| ttl > 0).map(|ttl| StateTtl { ttl, next_sweep: i64::MIN })
    }

    /// Whether state last written at `written` is gone for a row arriving at `now`.
    pub fn expired(&self, written: i64, now: i64) -> bool {
        now.saturating_sub(written) >= self.ttl
    }

    /// At `now`, the time to sweep state out as expired by, once every TTL (else `None`).
    pub fn sweep(&mut self, now: i64) -> Option<i64> {
        if now < self.next_sweep {
            return None;
        }
        self.next_sweep = now.saturating_add(self.ttl);
        Some(now.saturating_sub(self.ttl))
    }

    /// At `now`, once every TTL, the ids of `table`'s entries to forget: those expired a TTL
    /// before (see [`StateTtl::sweep`]); none between sweeps or without a TTL. `written` reads
    /// an entry's time of last write.
    pub fn sweep_ids<V>(
        ttl: &mut Option<StateTtl>,
        now: i64,
        table: &GroupTable<V>,
        written: impl Fn(&V) -> i64,
    ) -> Vec<u32> {
        let Some(ttl) = ttl.as_mut() else { return vec![] };
        let Some(by) = ttl.sweep(now) else { return vec![] };
        table.iter().filter(|(_, _, v)| ttl.expired(written(v), by)).map(|(id, ..)| id).collect()
    }

    /// The operator's state as EXPLAIN and the Dataflow describe it.
    pub fn describe(&self) -> String {
        let ms = self.ttl;
        let text = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "min"), (1_000, "s")]
            .iter()
            .find(|(unit, _)| ms % unit == 0)
            .map_or_else(|| format!("{ms} ms"), |(unit, name)| format!("{} {name}", ms / unit));
        format!("state unchanged for {text} is forgotten (state TTL)")
    }
}

#[cfg(test)]
mod tests {
    use super::StateTtl;

    #[test]
    fn state_expires_a_ttl_after_its_write_and_sweeps_lag_a_ttl() {
        assert!(StateTtl::new(Some(0)).is_none() && StateTtl::new(None).is_none());
        let mut ttl = StateTtl::new(Some(1_000)).unwrap();
        assert!(!ttl.expired(5_000, 5_999));
        assert!(ttl.expired(5_000, 6_000), "gone at exactly written + ttl, as Flink's TtlUtils");
        assert_eq!(ttl.sweep(10_000), Some(9_000));
        assert_eq!(ttl.sweep(10_999), None, "one sweep a TTL");
        assert_eq!(ttl.sweep(11_000), Some(10_000));
        assert!(ttl.describe().contains(" 1 s is"));
        assert!(StateTtl::new(Some(90_000)).unwrap().describe().contains(" 90 s is"));
        assert!(StateTtl::new(Some(1_500)).unwrap().describe().contains(" 1500 ms is"));
    }
}
