//! The results pane: a tab per stream with its rows, the dataflow, the live chart and the
//! downloads of the rows shown.

use yew::prelude::*;

use std::collections::HashMap;
use std::rc::Rc;

use crate::plan::types::format_timestamp;
use crate::ui::chart;
use crate::ui::state::{Cell, StreamView};

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub streams: Vec<StreamView>,
    /// The running application's pumps, and how long (virtual ms) it has run.
    pub dataflow: Vec<crate::exec::PumpFlow>,
    pub uptime: Option<i64>,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
    pub running: bool,
    /// Downloads the rows a stream shows: (stream, `csv` or `jsonl`).
    pub on_download: Callback<(String, &'static str)>,
}

/// A table row's height in pixels (fixed in style.css), which lets the table draw only the rows
/// in view.
const ROW_PX: i32 = 28;
/// Rows drawn beyond the view, above and below.
const OVERSCAN: i32 = 10;

/// A tab per in-application stream and a table of its rows, newest first. Only the rows in
/// view are in the DOM, between two spacer rows that keep the scroll height true.
#[function_component(ResultsView)]
pub fn results_view(props: &ResultsProps) -> Html {
    let wrap = use_node_ref();
    // The table's scroll position and height, as of the last scroll.
    let view = use_state(|| (0i32, 1200i32));
    let on_scroll = {
        let (wrap, view) = (wrap.clone(), view.clone());
        Callback::from(move |_: Event| {
            if let Some(element) = wrap.cast::<web_sys::Element>() {
                view.set((element.scroll_top(), element.client_height()));
            }
        })
    };
    // The chart: shown or not, and per stream the columns the user picked.
    let show_chart = use_state(|| !crate::ui::embedded());
    let picks = use_state(HashMap::<String, ChartPick>::new);
    // An updating result's changelog (`+I`, `-U`, `+U` rows) as it came, or as the table it makes.
    let as_table = use_state(|| false);
    let show_dataflow = use_state(|| false);
    // The rows as they were when the user paused them (the counts go on).
    let held = use_state(|| None::<Rc<Vec<StreamView>>>);
    let selected = props.selected.clone().unwrap_or_default();
    let live = props.streams.iter().find(|s| s.name == selected).or(props.streams.first());
    // Held: the rows as they were, under the live name and count.
    let current = match (held.as_ref(), live) {
        (Some(streams), Some(live)) => streams.iter().find(|s| s.name == live.name).or(Some(live)),
        _ => live,
    };
    let new_rows = match (current, live) {
        (Some(shown), Some(live)) if held.is_some() => live.total.saturating_sub(shown.total),
        _ => 0,
    };
    let changelog = current.is_some_and(|s| s.changelog);
    // The page redraws every frame, the rows change only when their count does: the chart's
    // data and the applied changelog are worked out again only then (or on a new pick).
    let rows_key = current.map(|s| (s.name.clone(), s.total, s.rows.len()));
    let pick = current.and_then(|s| picks.get(&s.name).cloned()).unwrap_or_default();
    let fold = changelog && *as_table;
    let folded = use_memo((rows_key.clone(), fold), |(_, fold)| current.filter(|_| *fold).map(fold_changelog));
    // The chart draws what the table shows: the changelog, or the result as it stands.
    let chart_data = use_memo((rows_key, pick, *show_chart, fold), |(_, pick, show, _)| {
        folded.as_ref().as_ref().or(current).filter(|_| *show).map(|s| ChartData::of(s, pick))
    });
    if props.streams.is_empty() {
        return html! {
            <section class="results-pane empty" aria-label="Results">
                <p class="placeholder">{"Run the application to see rows appear here as windows close. Ctrl+Enter runs it from the editor."}</p>
            </section>
        };
    }
    let shown = folded.as_ref().as_ref().or(current);
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
                <div class="downloads" role="toolbar" aria-label="The rows shown">
                    if changelog {
                        <button id="changelog-toggle" aria-pressed={as_table.to_string()}
                            title="The changelog applied: the result as it stands now, a row per group"
                            onclick={{ let t = as_table.clone(); Callback::from(move |_| t.set(!*t)) }}>{"As a table"}</button>
                    }
                    <button id="rows-pause" aria-pressed={held.is_some().to_string()}
                        title="Hold the rows shown still while the application goes on (the counts go on)"
                        onclick={{
                            let (held, streams) = (held.clone(), props.streams.clone());
                            Callback::from(move |_| held.set(if held.is_some() { None } else { Some(Rc::new(streams.clone())) }))
                        }}>{ if held.is_some() { "Resume rows" } else { "Pause rows" } }</button>
                    <button id="dataflow-toggle" aria-pressed={show_dataflow.to_string()} title="The application's operators, their rows and state, and the watermark"
                        onclick={{ let show = show_dataflow.clone(); Callback::from(move |_| show.set(!*show)) }}>{"Dataflow"}</button>
                    <button id="chart-toggle" aria-pressed={show_chart.to_string()} title="A live chart of the rows over time"
                        onclick={{ let show = show_chart.clone(); Callback::from(move |_| show.set(!*show)) }}>{"Chart"}</button>
                    { for [("csv", "CSV"), ("jsonl", "JSON lines")].into_iter().map(|(format, label)| {
                        let (on_download, name) = (props.on_download.clone(), stream.name.clone());
                        html! {
                            <button class={classes!("download", format)} title={format!("The rows shown, as {label}")}
                                onclick={Callback::from(move |_| on_download.emit((name.clone(), format)))}>{label}</button>
                        }
                    }) }
                </div>
            }
            if *show_dataflow {
                { dataflow_view(&props.dataflow, props.uptime) }
            }
            if let (Some(stream), Some(data)) = (shown, chart_data.as_ref()) {
                { chart_pane(stream, data, &picks) }
            }
            if let (Some(stream), Some(raw)) = (shown, current) {
                <div class="table-wrap" ref={wrap} onscroll={on_scroll}>
                    if new_rows > 0 {
                        <p id="rows-held" class="dropped">{format!("Rows paused: {new_rows} newer row(s) not shown yet")}</p>
                    }
                    <table id="results-table" data-stream={stream.name.clone()} data-view={if folded.is_some() { "table" } else { "rows" }}>
                        <thead><tr>{ for stream.columns.iter().map(|c| html! { <th>{c}</th> }) }</tr></thead>
                        <tbody>
                            { visible_rows(stream, view.0, view.1) }
                        </tbody>
                    </table>
                    if stream.rows.is_empty() {
                        <p class="placeholder">{ if props.running { "Waiting for the first window to close…" } else { "No rows." } }</p>
                    }
                    if raw.total > raw.rows.len() as u64 {
                        <p class="dropped">{
                            if folded.is_some() {
                                format!("Made from the newest {} changes: {} older ones are no longer kept, so groups they alone changed are missing", raw.rows.len(), raw.total - raw.rows.len() as u64)
                            } else {
                                format!("{} older row(s) not shown", raw.total - raw.rows.len() as u64)
                            }
                        }</p>
                    }
                </div>
            }
        </section>
    }
}

/// The application as a dataflow: each pump's graph from its source streams through its
/// operators to its target (a chain, or branches where an operator joins two inputs), each
/// operator with its rows in and out, their rate over the run (virtual time), the state it
/// holds and, where it has two inputs, its own watermark; and the pump's latest watermark.
fn dataflow_view(pumps: &[crate::exec::PumpFlow], uptime: Option<i64>) -> Html {
    html! {
        <div id="dataflow" class="dataflow" aria-label="Dataflow">
            if pumps.is_empty() {
                <p class="chart-empty">{"The dataflow shows once the application runs."}</p>
            }
            { for pumps.iter().map(|pump| html! {
                <div class="pump">
                    <div class="pump-name">
                        {format!("pump {}", pump.name)}
                        <span class="watermark">{format!("watermark {}", pump.watermark.map(format_timestamp).unwrap_or_else(|| "none yet".into()))}</span>
                    </div>
                    <div class="chain">
                        if !pump.operators.is_empty() {
                            { dataflow_branch(pump, pump.operators.len() - 1, uptime) }
                        }
                        <span class="edge" aria-hidden="true">{"→"}</span>
                        <div class="node stream">
                            {&pump.target}
                            <div class="op-stats changelog">{&pump.changelog}</div>
                        </div>
                    </div>
                    { for pump.operators.iter().filter(|op| !op.windows.is_empty()).map(|op| timeline(op, pump.watermark)) }
                </div>
            }) }
        </div>
    }
}

/// Operator `index` of a pump with everything that feeds it: one input drawn before it in a
/// row, two drawn as branches stacked one above the other.
fn dataflow_branch(pump: &crate::exec::PumpFlow, index: usize, uptime: Option<i64>) -> Html {
    let op = &pump.operators[index];
    let rate = |rows: u64| match uptime.filter(|&ms| ms > 0) {
        Some(ms) => format!("{:.0} rows/s", rows as f64 * 1000.0 / ms as f64),
        None => "—".to_string(),
    };
    let input = |feed: &crate::exec::Feed| match feed {
        crate::exec::Feed::Stream(stream) => html! { <div class="node stream">{stream}</div> },
        crate::exec::Feed::Operator(from) => dataflow_branch(pump, *from, uptime),
    };
    let inputs = if op.inputs.len() > 1 {
        html! { <div class="branches">{ for op.inputs.iter().map(|f| html! { <div class="chain">{input(f)}</div> }) }</div> }
    } else {
        html! { <>{ for op.inputs.iter().map(input) }</> }
    };
    html! { <>
        {inputs}
        <span class="edge" aria-hidden="true">{"→"}</span>
        <div class="node op" title={op.name.clone()}>
            <div class="op-name">{&op.name}</div>
            <div class="op-stats">{format!("in {} · out {}", op.rows_in, op.rows_out)}</div>
            <div class="op-stats">{format!("{} · state {}", rate(op.rows_in), op.state_entries)}</div>
            if op.inputs.len() > 1 {
                <div class="op-stats">{format!("watermark {}", op.watermark.map(format_timestamp).unwrap_or_else(|| "none yet".into()))}</div>
            }
        </div>
    </> }
}

/// The windows drawn on a timeline, at most.
const TIMELINE_WINDOWS: usize = 60;

/// An operator's open windows on a timeline, each a bar as long as its span (overlapping ones,
/// as hopping windows and sessions are, in lanes below each other), and the watermark as a
/// line: a window fires once the watermark passes its end.
fn timeline(op: &crate::exec::OperatorFlow, watermark: Option<i64>) -> Html {
    let windows = &op.windows[op.windows.len().saturating_sub(TIMELINE_WINDOWS)..];
    let low = windows.iter().map(|w| w.start).min().unwrap_or(0);
    let high = windows.iter().map(|w| w.end).max().unwrap_or(0).max(watermark.unwrap_or(i64::MIN));
    let span = (high - low).max(1) as f64;
    let at = |t: i64| (t.clamp(low, high) - low) as f64 / span * 100.0;
    // Greedy lanes: a window goes in the first lane whose last window has ended.
    let mut lanes: Vec<i64> = Vec::new();
    let placed: Vec<(usize, &crate::exec::WindowSpan)> = windows
        .iter()
        .map(|w| match lanes.iter().position(|&end| end <= w.start) {
            Some(lane) => {
                lanes[lane] = w.end;
                (lane, w)
            }
            None => {
                lanes.push(w.end);
                (lanes.len() - 1, w)
            }
        })
        .collect();
    let time = |t: i64| format_timestamp(t)[11..].to_string();
    html! {
        <div class="timeline-box">
            <div class="timeline-label">{format!("{}: {} open window(s)", op.name.split(':').next().unwrap_or_default(), op.windows.len())}</div>
            <div class="timeline" style={format!("height: {}px", lanes.len().min(8) * 14 + 6)} aria-label="Open windows and the watermark">
                { for placed.iter().filter(|(lane, _)| *lane < 8).map(|(lane, w)| html! {
                    <div class="window" data-start={w.start.to_string()} data-end={w.end.to_string()}
                        title={format!("{} – {}: {} group(s)", time(w.start), time(w.end), w.groups)}
                        style={format!("left: {:.2}%; width: {:.2}%; top: {}px", at(w.start), (at(w.end) - at(w.start)).max(0.5), lane * 14 + 3)}></div>
                }) }
                if let Some(w) = watermark {
                    <div class="watermark-line" data-at={w.to_string()} title={format!("watermark {}", time(w))} style={format!("left: {:.2}%", at(w))}></div>
                }
            </div>
            <div class="timeline-axis"><span>{time(low)}</span><span>{time(high)}</span></div>
        </div>
    }
}

/// A changelog applied, oldest change first: each `+I` or `+U` row adds its values, each `-U`
/// or `-D` takes one such row away. What stays is the result as it stands, the rows changed
/// last first, without the `op` column. An upsert stream (one with a key) is applied by key:
/// `+I` and `+U` put the key's row, `-D` removes it.
fn fold_changelog(stream: &StreamView) -> StreamView {
    let op = stream.columns.iter().position(|c| c == crate::plan::OP_COLUMN).unwrap_or(0);
    fn without<T: Clone>(row: &[T], op: usize) -> Vec<T> {
        row.iter().enumerate().filter(|(i, _)| *i != op).map(|(_, v)| v.clone()).collect()
    }
    fn kind(row: &[Cell], op: usize) -> Option<&str> {
        row.get(op).map(|c| c.text.as_str())
    }
    let values = |row: &Vec<Cell>| without(row, op);
    let key: Vec<usize> = stream.key.iter().filter_map(|k| stream.columns.iter().position(|c| c == k)).collect();
    if !key.is_empty() {
        let mut by_key: HashMap<Vec<String>, (usize, Vec<Cell>)> = HashMap::new();
        for (change, row) in stream.rows.iter().rev().enumerate() {
            let k: Vec<String> = key.iter().map(|&i| row.get(i).map(|c| c.json.clone()).unwrap_or_default()).collect();
            match kind(row, op) {
                Some("-D") => {
                    by_key.remove(&k);
                }
                Some("-U") => {}
                _ => {
                    by_key.insert(k, (change, values(row)));
                }
            }
        }
        let mut rows: Vec<(usize, Vec<Cell>)> = by_key.into_values().collect();
        rows.sort_by_key(|(change, _)| std::cmp::Reverse(*change));
        return StreamView {
            name: stream.name.clone(),
            columns: without(&stream.columns, op),
            total: rows.len() as u64,
            rows: rows.into_iter().map(|(_, row)| row).collect(),
            is_input: stream.is_input,
            key: stream.key.clone(),
            changelog: false,
        };
    }
    // Each row standing: how many times, and the change that last added it.
    let mut standing: HashMap<Vec<Cell>, (usize, usize)> = HashMap::new();
    for (change, row) in stream.rows.iter().rev().enumerate() {
        let key = values(row);
        if matches!(kind(row, op), Some("-U" | "-D")) {
            let gone = standing.get_mut(&key).map(|(n, _)| {
                *n -= 1;
                *n == 0
            });
            if gone == Some(true) {
                standing.remove(&key);
            }
        } else {
            let entry = standing.entry(key).or_insert((0, change));
            *entry = (entry.0 + 1, change);
        }
    }
    let mut rows: Vec<(usize, Vec<Cell>)> =
        standing.into_iter().flat_map(|(row, (n, change))| std::iter::repeat_n((change, row), n)).collect();
    rows.sort_by_key(|(change, _)| std::cmp::Reverse(*change));
    StreamView {
        name: stream.name.clone(),
        columns: without(&stream.columns, op),
        total: rows.len() as u64,
        rows: rows.into_iter().map(|(_, row)| row).collect(),
        is_input: stream.is_input,
        key: vec![],
        changelog: false,
    }
}

/// The columns a user picked for a stream's chart; `None`, the defaults.
#[derive(Debug, Clone, Default, PartialEq)]
struct ChartPick {
    y: Option<String>,
    /// `Some(None)`: one line, no key.
    key: Option<Option<String>>,
}

/// What a stream's chart draws: the columns it can draw, the ones drawn (picked or by
/// default) and the data, or why there is no chart.
struct ChartData {
    numbers: Vec<usize>,
    x: usize,
    y: usize,
    key: Option<usize>,
    spec: AttrValue,
    /// How many keys the rows have (lines beyond [`chart::MAX_SERIES`] are left out).
    keys: usize,
}

impl ChartData {
    fn of(stream: &StreamView, pick: &ChartPick) -> Result<ChartData, &'static str> {
        let columns = chart::Columns::of(stream);
        let find = |name: &String| stream.columns.iter().position(|c| c == name);
        let y = pick
            .y
            .as_ref()
            .and_then(find)
            .filter(|i| columns.numbers.contains(i))
            .or_else(|| columns.default_y(stream));
        let key = match &pick.key {
            Some(key) => key.as_ref().and_then(find),
            None => columns.default_key(stream),
        };
        let (Some(x), Some(y)) = (columns.x, y) else {
            return Err(if stream.rows.is_empty() {
                "The chart draws as rows come."
            } else {
                "No column of times and numbers to chart."
            });
        };
        let key = key.filter(|&k| k != x && k != y);
        let (spec, keys) = chart::spec(stream, x, y, key);
        Ok(ChartData { numbers: columns.numbers, x, y, key, spec: spec.into(), keys })
    }
}

/// A stream's chart: its numbers over time, a line per key, with pickers for the number and
/// the key column.
fn chart_pane(
    stream: &StreamView,
    data: &Result<ChartData, &'static str>,
    picks: &UseStateHandle<HashMap<String, ChartPick>>,
) -> Html {
    let ChartData { numbers, x, y, key, spec, keys } = match data {
        Ok(data) => data,
        Err(why) => return html! { <div class="chart-pane"><p class="chart-empty">{*why}</p></div> },
    };
    let (x, y, key, keys) = (*x, *y, *key, *keys);
    let edit = |change: fn(&mut ChartPick, String)| {
        let (picks, name) = (picks.clone(), stream.name.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let mut all = (*picks).clone();
            change(all.entry(name.clone()).or_default(), value);
            picks.set(all);
        })
    };
    let on_y = edit(|pick, value| pick.y = Some(value));
    let on_key = edit(|pick, value| pick.key = Some(Some(value).filter(|v| !v.is_empty())));
    html! {
        <div class="chart-pane">
            <div class="chart-controls">
                <label>{"Number "}
                    <select id="chart-y" onchange={on_y}>
                        { for numbers.iter().map(|&i| html! { <option value={stream.columns[i].clone()} selected={i == y}>{&stream.columns[i]}</option> }) }
                    </select>
                </label>
                <label>{"A line per "}
                    <select id="chart-key" onchange={on_key}>
                        <option value="" selected={key.is_none()}>{"(one line)"}</option>
                        { for (0..stream.columns.len()).filter(|&i| i != x && i != y).map(|i| html! {
                            <option value={stream.columns[i].clone()} selected={key == Some(i)}>{&stream.columns[i]}</option>
                        }) }
                    </select>
                </label>
                <span class="hint">{format!("against {}", stream.columns[x])}</span>
                if keys > chart::MAX_SERIES {
                    <span class="hint">{format!("{} of {keys} keys drawn", chart::MAX_SERIES)}</span>
                }
            </div>
            <ChartCanvas id="chart" spec={spec.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChartCanvasProps {
    pub id: AttrValue,
    /// The chart as `chart.js` takes it (`chart::spec`); shared, not copied, on each redraw.
    pub spec: AttrValue,
}

/// Where uPlot draws; drawn again whenever the data changes.
#[function_component(ChartCanvas)]
pub fn chart_canvas(props: &ChartCanvasProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.spec.clone(), move |spec| {
            if let Some(element) = node.cast::<web_sys::Element>() {
                chart::draw(element, spec.to_string());
            }
        });
    }
    html! { <div id={props.id.clone()} class="chart" ref={node}></div> }
}

/// The rows of `stream` in a view scrolled to `top` and `height` pixels high (with some to
/// spare), between spacer rows as high as the rows left out.
fn visible_rows(stream: &StreamView, top: i32, height: i32) -> Html {
    let total = stream.rows.len();
    let drawn = ((height / ROW_PX + 2 * OVERSCAN).max(0) as usize).min(total);
    // A scroll position left from a longer table (another tab) still shows its last rows.
    let first = ((top / ROW_PX - OVERSCAN).max(0) as usize).min(total - drawn);
    let last = (first + drawn).min(total);
    let spacer = |rows: usize| {
        (rows > 0).then(|| html! { <tr class="spacer" aria-hidden="true" style={format!("height: {}px", rows as i32 * ROW_PX)}></tr> })
    };
    html! { <>
        { spacer(first) }
        { for stream.rows.iter().skip(first).take(last - first).map(|row| html! {
            <tr>{ for row.iter().map(|v| {
                let kind = match v.text.as_str() {
                    _ if v.is_null() => Some("null"),
                    "+I" | "+U" => Some("op-add"),
                    "-U" | "-D" => Some("op-retract"),
                    _ => None,
                };
                html! { <td class={classes!(kind)}>{&v.text}</td> }
            }) }</tr>
        }) }
        { spacer(total - last) }
    </> }
}

/// The rows a stream shows, oldest first, as the CLI writes them: CSV (a header, then the
/// rows, a null as an empty field) or JSON lines (each value as its type writes it: the STRING
/// `'6'` as `"6"`, a number as a number, a null as `null`).
pub fn rows_as(view: &StreamView, format: &str) -> String {
    let mut out = String::new();
    if format == "csv" {
        out.push_str(&crate::output::csv_line(&view.columns));
        out.push('\n');
    }
    for row in view.rows.iter().rev() {
        if format == "csv" {
            let fields: Vec<String> =
                row.iter().map(|v| if v.is_null() { String::new() } else { v.text.clone() }).collect();
            out.push_str(&crate::output::csv_line(&fields));
        } else {
            out.push('{');
            for (i, (column, value)) in view.columns.iter().zip(row).enumerate() {
                out.push_str(&crate::output::json_key(column, i > 0));
                out.push_str(&value.json);
            }
            out.push('}');
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{
        ArrayRef, Float32Array, Float64Array, Int64Array, RecordBatch, StringArray, TimestampMillisecondArray,
    };
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::plan::{ScalarValue, SqlType};

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    /// A batch of the values a download may hold: digit text, the text `NULL`, NULLs, floats
    /// that are not finite, and an array, a map and a row.
    fn batch() -> RecordBatch {
        let nested = |t: SqlType, values: &[ScalarValue]| ScalarValue::to_array(values, &t.to_arrow()).unwrap();
        let array = SqlType::Array(Box::new(SqlType::BigInt));
        let map = SqlType::Map(Box::new(SqlType::Varchar(None)), Box::new(SqlType::Double));
        let row = SqlType::Row(vec![("x".into(), SqlType::BigInt), ("s".into(), SqlType::Varchar(None))]);
        let columns: Vec<(&str, ArrayRef)> = vec![
            ("s", Arc::new(StringArray::from(vec![Some("6"), Some("NULL"), None, Some("a,\"b\"")]))),
            ("n", Arc::new(Int64Array::from(vec![Some(1), None, Some(-3), Some(i64::MAX)]))),
            ("f", Arc::new(Float64Array::from(vec![Some(0.1), Some(f64::NAN), None, Some(f64::INFINITY)]))),
            ("r", Arc::new(Float32Array::from(vec![Some(0.1), Some(2.5), None, Some(-0.0)]))),
            ("t", Arc::new(TimestampMillisecondArray::from(vec![Some(0), None, Some(1_767_225_600_123), Some(-1)]))),
            (
                "a",
                nested(
                    array,
                    &[
                        ScalarValue::Array(vec![ScalarValue::Int64(1), ScalarValue::Null]),
                        ScalarValue::Null,
                        ScalarValue::Array(vec![]),
                        ScalarValue::Array(vec![ScalarValue::Int64(7)]),
                    ],
                ),
            ),
            (
                "m",
                nested(
                    map,
                    &[
                        ScalarValue::Map(vec![(ScalarValue::Utf8("k".into()), ScalarValue::Float64(1.5))]),
                        ScalarValue::Null,
                        ScalarValue::Map(vec![]),
                        ScalarValue::Map(vec![(ScalarValue::Utf8("NULL".into()), ScalarValue::Null)]),
                    ],
                ),
            ),
            (
                "row",
                nested(
                    row,
                    &[
                        ScalarValue::Row(vec![
                            ("x".into(), ScalarValue::Int64(1)),
                            ("s".into(), ScalarValue::Utf8("6".into())),
                        ]),
                        ScalarValue::Null,
                        ScalarValue::Row(vec![("x".into(), ScalarValue::Null), ("s".into(), ScalarValue::Null)]),
                        ScalarValue::Row(vec![
                            ("x".into(), ScalarValue::Int64(2)),
                            ("s".into(), ScalarValue::Utf8("NULL".into())),
                        ]),
                    ],
                ),
            ),
        ];
        RecordBatch::try_from_iter(columns).unwrap()
    }

    // A stream's rows download as the CLI writes the same rows: JSON lines and CSV alike.
    #[test]
    fn downloads_write_what_the_cli_writes() {
        let batch = batch();
        let rows = (0..batch.num_rows())
            .rev()
            .map(|row| crate::output::row_values(&batch, row).unwrap().iter().map(Cell::of).collect())
            .collect();
        let columns = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
        let view =
            StreamView { name: "s".into(), columns, rows, total: 4, is_input: false, key: vec![], changelog: false };
        let json: Vec<String> = crate::output::json_records(&batch).unwrap();
        assert_eq!(rows_as(&view, "jsonl").lines().collect::<Vec<_>>(), json);
        let mut csv = Vec::new();
        crate::output::CsvWriter::default().write(None, &batch, &mut csv).unwrap();
        assert_eq!(rows_as(&view, "csv"), String::from_utf8(csv).unwrap());
    }

    // A column of the data named `op` is a column like any other; only an updating result's
    // `op` is its rows' kind of change, which the table folds away and the chart does not key by.
    #[test]
    fn only_a_changelogs_op_is_a_kind_of_change() {
        let text = |s: &str| Cell::of(&ScalarValue::Utf8(s.into()));
        let row = |op: &str, item: &str, n: i64| vec![text(op), text(item), Cell::of(&ScalarValue::Int64(n))];
        // Newest first: lamp counted 1, then that row taken back for a count of 2.
        let rows = [row("+U", "lamp", 2), row("-U", "lamp", 1), row("+I", "lamp", 1)].into_iter().collect();
        let columns = vec!["op".to_string(), "item".to_string(), "n".to_string()];
        let data = StreamView::new("s".into(), columns, false, vec![], false);
        let data = StreamView { rows, total: 3, ..data };
        let changelog = StreamView { changelog: true, ..data.clone() };
        assert_eq!(crate::ui::chart::Columns::of(&data).default_key(&data), Some(0));
        assert_eq!(crate::ui::chart::Columns::of(&changelog).default_key(&changelog), Some(1));
        let table = fold_changelog(&changelog);
        assert_eq!(table.columns, ["item", "n"]);
        assert_eq!(table.rows.iter().map(|r| r[1].text.clone()).collect::<Vec<_>>(), ["2"]);
    }
}
