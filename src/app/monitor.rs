//! What a running application reports, as CloudWatch would have it: log events (starting,
//! status changes, checkpoints with their duration and size, snapshots, rows sent to
//! `error_stream`) kept at or above the application's `LogLevel`, a metrics sample per second
//! of the simulation under KDA's metric names (`numRecordsInPerSecond`, `lastCheckpointSize`,
//! `millisBehindLatest`, …), and what each SQL output delivered to its destination.

use std::collections::VecDeque;

use serde::Serialize;

use super::model::{LogLevel, MetricsLevel, OutputDescription, RecordFormatType};

/// Log events, metrics samples and records per destination kept: the latest ones.
const LOG_EVENTS: usize = 1000;
const METRICS_SAMPLES: usize = 3600;
const DELIVERED_RECORDS: usize = 100;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEvent {
    /// Epoch milliseconds.
    pub timestamp: i64,
    pub level: LogLevel,
    pub message: String,
}

/// One second's metrics.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsSample {
    /// Epoch milliseconds.
    pub timestamp: i64,
    /// KPUs in use: `CurrentParallelism` over `ParallelismPerKPU`, rounded up.
    #[serde(rename = "KPUs")]
    pub kpus: u32,
    /// The simulated load, in percent: records in per second over what the current
    /// parallelism handles.
    pub cpu_utilization: f64,
    pub num_records_in_per_second: f64,
    pub num_records_out_per_second: f64,
    pub num_late_records_dropped: u64,
    /// Rows sent to `error_stream` so far.
    pub num_error_records: u64,
    /// Milliseconds.
    pub last_checkpoint_duration: f64,
    /// Bytes.
    pub last_checkpoint_size: u64,
    /// State entries held (open window groups, join buffers, …).
    pub state_entries: u64,
    /// How far the engine's clock is behind the simulation's, in milliseconds.
    pub millis_behind_latest: i64,
    /// Each task's or operator's figures, as the `MetricsLevel` asks (none at APPLICATION).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartSample>,
}

/// A task's or an operator's figures in a second's sample. kdalite runs each pump as one
/// task, and each operator of it as one subtask: TASK gives a part per pump, OPERATOR one per
/// operator, PARALLELISM one per operator's subtask (its only one, `#0`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartSample {
    /// `PUMP`, `PUMP: operator` or `PUMP: operator #0`.
    pub name: String,
    pub num_records_in_per_second: f64,
    pub num_records_out_per_second: f64,
    pub state_entries: u64,
}

/// The parts a `level` reports of `flows`, over the `seconds` since `before` (each operator's
/// rows in and out then, in chain order, pump after pump).
pub fn parts(
    level: MetricsLevel,
    flows: &[crate::exec::PumpFlow],
    before: &[(u64, u64)],
    seconds: f64,
) -> Vec<PartSample> {
    let rate = |now: u64, then: u64| now.saturating_sub(then) as f64 / seconds;
    let then = |i: usize| before.get(i).copied().unwrap_or_default();
    let mut parts = Vec::new();
    let mut next = 0;
    for flow in flows {
        let first = next;
        next += flow.operators.len();
        match (level, flow.operators.first(), flow.operators.last()) {
            (MetricsLevel::Application, ..) => {}
            (MetricsLevel::Task, Some(head), Some(tail)) => parts.push(PartSample {
                name: flow.name.clone(),
                num_records_in_per_second: rate(head.rows_in, then(first).0),
                num_records_out_per_second: rate(tail.rows_out, then(next - 1).1),
                state_entries: flow.operators.iter().map(|o| o.state_entries as u64).sum(),
            }),
            (MetricsLevel::Task, ..) => {}
            (MetricsLevel::Operator | MetricsLevel::Parallelism, ..) => {
                let subtask = if level == MetricsLevel::Parallelism { " #0" } else { "" };
                parts.extend(flow.operators.iter().enumerate().map(|(k, op)| PartSample {
                    name: format!("{}: {}{subtask}", flow.name, op.name),
                    num_records_in_per_second: rate(op.rows_in, then(first + k).0),
                    num_records_out_per_second: rate(op.rows_out, then(first + k).1),
                    state_entries: op.state_entries as u64,
                }));
            }
        }
    }
    parts
}

/// Each operator's rows in and out, in the order [`parts`] takes them.
pub fn operator_counts(flows: &[crate::exec::PumpFlow]) -> Vec<(u64, u64)> {
    flows.iter().flat_map(|f| f.operators.iter().map(|o| (o.rows_in, o.rows_out))).collect()
}

/// What an output delivered to its destination.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Delivery {
    pub output_id: String,
    /// The in-application stream.
    pub name: String,
    #[serde(rename = "DestinationARN")]
    pub destination_arn: String,
    pub records_delivered: u64,
    /// The latest records, as the destination received them (JSON or CSV), oldest first.
    pub latest_records: VecDeque<String>,
    #[serde(skip)]
    format: Option<RecordFormatType>,
}

impl Delivery {
    pub fn new(output: &OutputDescription) -> Delivery {
        let destination = output
            .kinesis_streams_output_description
            .as_ref()
            .or(output.kinesis_firehose_output_description.as_ref())
            .or(output.lambda_output_description.as_ref());
        Delivery {
            output_id: output.output_id.clone(),
            name: output.name.clone(),
            destination_arn: destination.map_or_else(String::new, |d| d.resource_arn.clone()),
            records_delivered: 0,
            latest_records: VecDeque::new(),
            format: Some(output.destination_schema.record_format_type),
        }
    }

    /// Delivers the rows of a batch of the output's stream (`ROWTIME` is not a column).
    pub fn deliver(&mut self, batch: &arrow_array::RecordBatch) {
        let columns: Vec<usize> = (0..batch.num_columns())
            .filter(|&i| !batch.schema().field(i).name().eq_ignore_ascii_case(crate::plan::ROWTIME))
            .collect();
        let Ok(batch) = batch.project(&columns) else { return };
        self.records_delivered += batch.num_rows() as u64;
        let skip = batch.num_rows().saturating_sub(DELIVERED_RECORDS);
        let batch = batch.slice(skip, batch.num_rows() - skip);
        let records = match self.format {
            Some(RecordFormatType::Csv) => (0..batch.num_rows()).map(|r| crate::output::row_text(&batch, r)).collect(),
            _ => crate::output::json_records(&batch).unwrap_or_default(),
        };
        self.latest_records.extend(records);
        while self.latest_records.len() > DELIVERED_RECORDS {
            self.latest_records.pop_front();
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Monitor {
    pub log_events: VecDeque<LogEvent>,
    pub metrics_level: Option<MetricsLevel>,
    pub metrics: VecDeque<MetricsSample>,
    pub deliveries: Vec<Delivery>,
    #[serde(skip)]
    pub log_level: Option<LogLevel>,
}

/// How severe a level is: DEBUG < INFO < WARN < ERROR.
fn severity(level: LogLevel) -> u8 {
    match level {
        LogLevel::Debug => 0,
        LogLevel::Info => 1,
        LogLevel::Warn => 2,
        LogLevel::Error => 3,
    }
}

impl Monitor {
    /// Records an event at `now` (epoch seconds) if the application logs at its level.
    pub fn log(&mut self, now: f64, level: LogLevel, message: impl Into<String>) {
        if severity(level) < severity(self.log_level.unwrap_or(LogLevel::Info)) {
            return;
        }
        self.log_events.push_back(LogEvent { timestamp: (now * 1000.0) as i64, level, message: message.into() });
        while self.log_events.len() > LOG_EVENTS {
            self.log_events.pop_front();
        }
    }

    pub fn sample(&mut self, sample: MetricsSample) {
        self.metrics.push_back(sample);
        while self.metrics.len() > METRICS_SAMPLES {
            self.metrics.pop_front();
        }
    }
}
