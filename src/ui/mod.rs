//! The playground page (Yew). The only module that knows about the browser; compiled for
//! wasm32 only. `state` is the reducer, `app` the root component, `components` the parts of the
//! page, `hooks` the root's effects and the loop that drives the engine.

mod app;
mod chart;
mod components;
mod editor;
mod feed;
mod flink;
mod hooks;
mod persist;
mod plane;
mod share;
mod state;

use wasm_bindgen::prelude::*;

/// Whether the page is embedded (`?embed`, as `<kdalite-playground>` and iframes open it): a
/// compact view of the editor and the results, which keeps nothing in the browser (the
/// visitor's own sessions and applications stay as they were).
pub(crate) fn embedded() -> bool {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    search.trim_start_matches('?').split('&').any(|p| p == "embed" || p.starts_with("embed="))
}

/// Mounts the playground into the element with id `app` (the page's `index.html` calls this).
#[wasm_bindgen]
pub fn run_playground() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("the page has no element with id 'app'"))?;
    root.set_inner_html(""); // the "Loading…" placeholder
    yew::Renderer::<app::App>::with_root(root).render();
    Ok(())
}

/// Runs benchmark scenario `index` over `rows` events in the browser and returns
/// `{"name", "events", "seconds", "rows_out"}` as JSON (`www/bench.html` calls it).
#[wasm_bindgen]
pub fn run_benchmark(index: usize, rows: u32) -> Result<String, JsValue> {
    let scenarios = crate::bench::scenarios();
    let scenario = scenarios.get(index).ok_or_else(|| JsValue::from_str("no such scenario"))?;
    let clock = || js_sys::Date::now() / 1000.0;
    let m = crate::bench::run(scenario, rows as u64, &clock).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(serde_json::json!({ "name": m.name, "events": m.events, "seconds": m.seconds, "rows_out": m.rows_out })
        .to_string())
}

/// The name of benchmark scenario `index`.
#[wasm_bindgen]
pub fn benchmark_name(index: usize) -> String {
    crate::bench::scenarios().get(index).map(|s| s.name.to_string()).unwrap_or_default()
}

/// How many benchmark scenarios there are.
#[wasm_bindgen]
pub fn benchmark_count() -> usize {
    crate::bench::scenarios().len()
}

/// Template `index`'s inputs run through `sql` (its code as the editor holds it) for `seconds`
/// of the virtual clock, as JSON lines ([`crate::templates::Template::rows`]): the end-to-end
/// test runs a template and its formatted code this way and compares them.
#[wasm_bindgen]
pub fn template_rows(index: usize, sql: &str, seconds: u32) -> Result<String, JsValue> {
    let template = crate::templates::TEMPLATES.get(index).ok_or_else(|| JsValue::from_str("no such template"))?;
    template.rows(sql, i64::from(seconds)).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// The Nexmark suite's queries `kdalite bench nexmark` runs, comma-separated
/// (`www/benchmark.html` lists them).
#[wasm_bindgen]
pub fn nexmark_queries() -> String {
    crate::bench::NEXMARK_QUERIES.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(",")
}

/// Runs Nexmark query `name` over `events` of the `nexmark` generator in this tab, as `kdalite
/// bench nexmark` runs it natively (rows discarded; the page's clock is wall time, not CPU
/// time), and returns `{"query", "events", "rows_out", "seconds", "peak_state"}` as JSON.
#[wasm_bindgen]
pub fn run_nexmark(name: &str, events: u32) -> Result<String, JsValue> {
    let sql = crate::bench::NEXMARK_QUERIES.iter().find(|(query, _)| *query == name).map(|(_, sql)| *sql);
    let sql = sql.ok_or_else(|| JsValue::from_str(&format!("no Nexmark query {name}")))?;
    let clock = || js_sys::Date::now() / 1000.0;
    let run = crate::bench::nexmark_query(sql, u64::from(events), 100_000, false, &clock)
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(serde_json::json!({
        "query": name, "events": run.events, "rows_out": run.rows_out, "seconds": run.seconds, "peak_state": run.peak_state,
    })
    .to_string())
}
