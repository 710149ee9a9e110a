//! The live chart over a results tab: which columns to draw (a time column across, a numeric
//! column up, a line per value of a key column) and the tab's newest rows lined up for uPlot,
//! which `chart.js` (bundled into `www/chart.js`) draws.

use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;

use super::state::{Cell, StreamView};

/// The newest rows a chart draws.
pub const CHART_ROWS: usize = 2_000;
/// The most lines a chart draws; keys beyond are left out (and said so).
pub const MAX_SERIES: usize = 10;

#[wasm_bindgen(inline_js = r#"
let chart;
export async function draw_chart(element, spec) {
  chart ??= import(new URL('chart.js', document.baseURI).href);
  (await chart).draw(element, spec);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn draw_chart(element: web_sys::Element, spec: String) -> Result<JsValue, JsValue>;
}

/// Draws `spec` (from [`Chart::spec`]) into `element`, loading the chart module the first time.
pub fn draw(element: web_sys::Element, spec: String) {
    yew::platform::spawn_local(async move {
        if let Err(e) = draw_chart(element, spec).await {
            web_sys::console::error_1(&e);
        }
    });
}

/// What a stream's columns can be charted as, judged from its rows' text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Columns {
    /// The column across: `window_end`, else `ROWTIME`, else the first column of times.
    pub x: Option<usize>,
    /// Columns whose every value is a number (or NULL): not a text of digits.
    pub numbers: Vec<usize>,
    /// Columns whose every value is a time (or NULL).
    pub times: Vec<usize>,
}

impl Columns {
    pub fn of(stream: &StreamView) -> Columns {
        let all = |i: usize, test: fn(&Cell) -> bool| {
            let mut values =
                stream.rows.iter().take(CHART_ROWS).filter_map(|r| r.get(i)).filter(|v| !v.is_null()).peekable();
            values.peek().is_some() && values.all(test)
        };
        let times: Vec<usize> = (0..stream.columns.len()).filter(|&i| all(i, |v| seconds(&v.text).is_some())).collect();
        let named = |name: &str| times.iter().copied().find(|&i| stream.columns[i].eq_ignore_ascii_case(name));
        let x = named("window_end").or_else(|| named("rowtime")).or_else(|| times.first().copied());
        let numbers = (0..stream.columns.len()).filter(|&i| all(i, |v| v.json.parse::<f64>().is_ok())).collect();
        Columns { x, numbers, times }
    }

    /// The column drawn up, unless the user picked another: the first number named as an
    /// aggregate is (`bid_count`, `avg_price`; a key such as Nexmark's `bidder` is a number
    /// too), else the first number that is not an id.
    pub fn default_y(&self, stream: &StreamView) -> Option<usize> {
        let name = |i: &usize| stream.columns[*i].to_ascii_lowercase();
        let aggregate = |i: &usize| AGGREGATE_WORDS.iter().any(|w| name(i).contains(w));
        let id = |i: &usize| name(i).ends_with("id");
        (self.numbers.iter().copied().find(aggregate))
            .or_else(|| self.numbers.iter().copied().find(|i| !id(i)))
            .or_else(|| self.numbers.first().copied())
    }

    /// The column whose values are the lines, unless the user picked another: the first column
    /// of text, if any, other than a changelog's `op`.
    pub fn default_key(&self, stream: &StreamView) -> Option<usize> {
        (0..stream.columns.len()).find(|i| {
            let kind = stream.changelog && stream.columns[*i] == crate::plan::OP_COLUMN;
            !self.numbers.contains(i) && !self.times.contains(i) && !kind
        })
    }
}

/// Words in the names SQL usually gives aggregates' results.
const AGGREGATE_WORDS: &[&str] = &["count", "sum", "avg", "total", "mean", "min", "max", "cnt"];

/// A time as the results show it (`2026-01-01 00:00:10.000`, UTC) in epoch seconds.
fn seconds(text: &str) -> Option<f64> {
    let t = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").ok()?;
    Some(t.and_utc().timestamp_millis() as f64 / 1000.0)
}

/// A chart's data as `chart.js` takes it (JSON: `x`, `y`, `series` labels, `data` aligned
/// as uPlot wants: the times ascending, then one array per line with `null` where that line
/// has no row), and how many keys the rows had (lines beyond [`MAX_SERIES`] are left out).
pub fn spec(stream: &StreamView, x: usize, y: usize, key: Option<usize>) -> (String, usize) {
    let mut labels: Vec<String> = Vec::new();
    // The keys beyond the lines drawn, each once.
    let mut others: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Time (ms) → one value per line.
    let mut points: BTreeMap<i64, Vec<Option<f64>>> = BTreeMap::new();
    for row in stream.rows.iter().take(CHART_ROWS) {
        let (Some(t), Some(v)) = (row.get(x).and_then(|v| seconds(&v.text)), row.get(y)) else { continue };
        let label = key.and_then(|k| row.get(k)).map_or_else(|| stream.columns[y].clone(), |v| v.text.clone());
        let line = match labels.iter().position(|l| *l == label) {
            Some(i) => i,
            None if labels.len() == MAX_SERIES => {
                others.insert(label);
                continue;
            }
            None => {
                labels.push(label);
                labels.len() - 1
            }
        };
        let values = points.entry((t * 1000.0).round() as i64).or_default();
        if values.len() <= line {
            values.resize(line + 1, None);
        }
        // Rows are newest first: the newest value at a time wins.
        values[line] = values[line].or(v.json.parse().ok());
    }
    let xs: Vec<f64> = points.keys().map(|&ms| ms as f64 / 1000.0).collect();
    let lines =
        (0..labels.len()).map(|line| points.values().map(|v| v.get(line).copied().flatten()).collect::<Vec<_>>());
    let mut data = vec![serde_json::json!(xs)];
    data.extend(lines.map(|l| serde_json::json!(l)));
    let json = serde_json::json!({ "x": stream.columns[x], "y": stream.columns[y], "series": labels, "data": data });
    (json.to_string(), labels.len() + others.len())
}
