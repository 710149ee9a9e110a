//! A running application's metrics, a sample a second of the simulation, and KDA's
//! autoscaling, which they drive.

use super::*;

/// What one parallel subtask handles, in records per second: the simulated load is the
/// records read per second over `CurrentParallelism` of these.
pub(super) const SUBTASK_RECORDS_PER_SECOND: f64 = 1000.0;

/// How long the load stays high (75%) before autoscaling doubles the parallelism, and low
/// (10%) before it halves it: KDA waits 15 minutes and 6 hours; a playground, less.
pub(super) const SCALE_UP_AFTER_SECONDS: f64 = 60.0;
pub(super) const SCALE_DOWN_AFTER_SECONDS: f64 = 300.0;

impl Application {
    /// Samples the engine's metrics at `at`, over the `seconds` since the last sample, with its
    /// clock `behind` ms behind the simulation's; returns the records in per second.
    pub(super) fn sample(&mut self, at: f64, seconds: f64, behind: i64) -> f64 {
        let (parallelism, per_kpu) =
            self.parallelism().map_or((1, 1), |p| (p.current_parallelism, p.parallelism_per_kpu));
        let Some(engine) = &mut self.engine else { return 0.0 };
        let counts = engine.runtime.metrics().clone();
        let rate = counts.rows_in.saturating_sub(engine.counted.rows_in) as f64 / seconds;
        // Tasks or operators as the MetricsLevel asks.
        let level = self.monitor.metrics_level.unwrap_or(MetricsLevel::Application);
        let flows = if level == MetricsLevel::Application { vec![] } else { engine.runtime.dataflow_counts() };
        let parts = crate::app::monitor::parts(level, &flows, &engine.counted_operators, seconds);
        engine.counted_operators = crate::app::monitor::operator_counts(&flows);
        self.monitor.sample(MetricsSample {
            timestamp: (at * 1000.0) as i64,
            kpus: parallelism.div_ceil(per_kpu),
            cpu_utilization: (100.0 * rate / (f64::from(parallelism) * SUBTASK_RECORDS_PER_SECOND)).min(100.0),
            num_records_in_per_second: rate,
            num_records_out_per_second: counts.rows_out.saturating_sub(engine.counted.rows_out) as f64 / seconds,
            num_late_records_dropped: counts.rows_late,
            num_error_records: counts.rows_in_error,
            last_checkpoint_duration: engine.last_checkpoint.0,
            last_checkpoint_size: engine.last_checkpoint.1,
            state_entries: engine.runtime.state_size() as u64,
            millis_behind_latest: behind,
            parts,
        });
        engine.counted = counts;
        engine.sampled = at;
        rate
    }

    pub(super) fn parallelism(&mut self) -> Option<&mut ParallelismConfigurationDescription> {
        let config = self.detail.application_configuration_description.as_mut()?;
        Some(&mut config.flink_application_configuration_description.as_mut()?.parallelism_configuration_description)
    }

    /// KDA's autoscaling, simulated: with `AutoScalingEnabled`, a load (records in per second
    /// over what `CurrentParallelism` subtasks handle) of 75% or more for
    /// [`SCALE_UP_AFTER_SECONDS`] doubles `CurrentParallelism` (within the account's KPUs), and
    /// under 10% for [`SCALE_DOWN_AFTER_SECONDS`] halves it (not below `Parallelism`); the
    /// application is AUTOSCALING meanwhile.
    pub(super) fn autoscale(&mut self, at: f64, rate: f64) {
        let running = self.detail.application_status == ApplicationStatus::Running;
        let Some(p) = self.parallelism().filter(|p| running && p.auto_scaling_enabled) else {
            (self.high_since, self.low_since) = (None, None);
            return;
        };
        let (current, floor, per_kpu) = (p.current_parallelism, p.parallelism, p.parallelism_per_kpu);
        let load = rate / (f64::from(current) * SUBTASK_RECORDS_PER_SECOND);
        let high_since = *self.high_since.get_or_insert(at);
        let low_since = *self.low_since.get_or_insert(at);
        if load < 0.75 {
            self.high_since = None;
        }
        if load >= 0.10 {
            self.low_since = None;
        }
        let ceiling = (MAX_KPUS * per_kpu).min(MAX_PARALLELISM);
        let scaled = if load >= 0.75 && at - high_since >= SCALE_UP_AFTER_SECONDS && current < ceiling {
            (current * 2).min(ceiling)
        } else if load < 0.10 && at - low_since >= SCALE_DOWN_AFTER_SECONDS && current > floor {
            (current / 2).max(floor)
        } else {
            return;
        };
        if let Some(p) = self.parallelism() {
            p.current_parallelism = scaled;
        }
        let direction = if scaled > current { "up" } else { "down" };
        let message = format!(
            "Autoscaling {direction}: CurrentParallelism {current} -> {scaled} (load {:.0}% of {current} subtask(s))",
            load * 100.0
        );
        self.monitor.log(at, LogLevel::Info, message);
        (self.high_since, self.low_since) = (None, None);
        self.begin(ApplicationStatus::Autoscaling, ApplicationStatus::Running, at);
    }
}
