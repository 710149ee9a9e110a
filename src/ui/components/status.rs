//! The status bar: the application's status badge, the virtual clock and the row counts.

use yew::prelude::*;

use crate::plan::types::format_timestamp;
use crate::runtime::Metrics;

#[derive(Properties, PartialEq)]
pub struct StatusBarProps {
    /// As the control plane spells it (`RUNNING`).
    pub status: AttrValue,
    pub clock: Option<i64>,
    pub metrics: Metrics,
    pub state_entries: usize,
    pub memory: usize,
    pub checkpoint: Option<i64>,
}

/// The application's status badge, the virtual clock and the row counts.
#[function_component(StatusBar)]
pub fn status_bar(props: &StatusBarProps) -> Html {
    let status = props.status.as_str();
    html! {
        <div class="status">
            <span id="app-status" class={classes!("badge", status.to_lowercase())}>{status}</span>
            <span class="clock" title="Virtual clock (UTC)">
                <span class="label">{"clock "}</span><span id="clock">{props.clock.map(format_timestamp).unwrap_or_else(|| "—".into())}</span>
            </span>
            <span id="metrics" class="metrics">
                <span title="Records read from inputs, good and bad">{format!("read {}", props.metrics.records_read)}</span>
                <span title="Rows that entered input streams">{format!("in {}", props.metrics.rows_in)}</span>
                <span title="Rows written by pumps">{format!("out {}", props.metrics.rows_out)}</span>
                <span title="Rows in error_stream" class={classes!((props.metrics.rows_in_error > 0).then_some("has-errors"))}>
                    {format!("errors {}", props.metrics.rows_in_error)}
                </span>
                <span title="Open window groups held in state">{format!("state {}", props.state_entries)}</span>
                if let Some(at) = props.checkpoint {
                    <span id="checkpoint" title="The latest checkpoint (kept in this browser for a reload)" data-clock={at.to_string()}>
                        {format!("checkpoint {}", &format_timestamp(at)[11..19])}
                    </span>
                }
                <span id="memory" title="The engine's memory: the most it has used" data-bytes={props.memory.to_string()}>
                    {format!("memory {:.0} MB", props.memory as f64 / 1e6)}
                </span>
            </span>
        </div>
    }
}
