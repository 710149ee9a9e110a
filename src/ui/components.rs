//! Leaf components: they take data and callbacks, and own nothing.

use yew::prelude::*;

use super::state::{ApplicationStatus, StreamView};
use crate::plan::types::format_timestamp;
use crate::runtime::Metrics;

#[derive(Properties, PartialEq)]
pub struct StatusBarProps {
    pub status: ApplicationStatus,
    pub clock: Option<i64>,
    pub metrics: Metrics,
    pub state_entries: usize,
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
                <span title="Rows read from inputs">{format!("in {}", props.metrics.rows_in)}</span>
                <span title="Rows written by pumps">{format!("out {}", props.metrics.rows_out)}</span>
                <span title="Rows in error_stream" class={classes!((props.metrics.rows_in_error > 0).then_some("has-errors"))}>
                    {format!("errors {}", props.metrics.rows_in_error)}
                </span>
                <span title="Open window groups held in state">{format!("state {}", props.state_entries)}</span>
            </span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub streams: Vec<StreamView>,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
    pub running: bool,
}

/// A tab per in-application stream and a table of its rows, newest first.
#[function_component(ResultsView)]
pub fn results_view(props: &ResultsProps) -> Html {
    if props.streams.is_empty() {
        return html! {
            <section class="results-pane empty" aria-label="Results">
                <p class="placeholder">{"Run the application to see rows appear here as windows close. Ctrl+Enter runs it from the editor."}</p>
            </section>
        };
    }
    let selected = props.selected.clone().unwrap_or_default();
    let current = props.streams.iter().find(|s| s.name == selected).or(props.streams.first());
    html! {
        <section class="results-pane" aria-label="Results">
            <nav id="results-tabs" class="tabs" role="tablist">
                { for props.streams.iter().map(|s| {
                    let name = s.name.clone();
                    let on_select = props.on_select.clone();
                    let active = current.is_some_and(|c| c.name == s.name);
                    html! {
                        <button role="tab" aria-selected={active.to_string()}
                            class={classes!("tab", active.then_some("active"), s.is_input.then_some("input"))}
                            onclick={Callback::from(move |_| on_select.emit(name.clone()))}>
                            {&s.name}<span class="count">{s.total}</span>
                        </button>
                    }
                }) }
            </nav>
            if let Some(stream) = current {
                <div class="table-wrap">
                    <table id="results-table" data-stream={stream.name.clone()}>
                        <thead><tr>{ for stream.columns.iter().map(|c| html! { <th>{c}</th> }) }</tr></thead>
                        <tbody>
                            { for stream.rows.iter().map(|row| html! {
                                <tr>{ for row.iter().map(|v| html! { <td class={classes!((v == "NULL").then_some("null"))}>{v}</td> }) }</tr>
                            }) }
                        </tbody>
                    </table>
                    if stream.rows.is_empty() {
                        <p class="placeholder">{ if props.running { "Waiting for the first window to close…" } else { "No rows." } }</p>
                    }
                    if stream.total > stream.rows.len() as u64 {
                        <p class="dropped">{format!("{} older row(s) not shown", stream.total - stream.rows.len() as u64)}</p>
                    }
                </div>
            }
        </section>
    }
}
