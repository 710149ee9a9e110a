//! `make bench` (native half): events per second through real applications, one per window
//! kind, on this machine's clock. The browser half runs the same scenarios in headless Chromium
//! (scripts/bench-browser.mjs). Figures go to the README; nothing here asserts a speed.

fn main() {
    let rows: u64 = std::env::var("KDALITE_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000_000);
    let started = std::time::Instant::now();
    let clock = move || started.elapsed().as_secs_f64();
    println!("{:<32} {:>12} {:>14} {:>10}", "scenario (native)", "events", "events/s", "rows out");
    // KDALITE_BENCH_ONLY=tumble runs only the scenarios whose name contains the word (for profiling).
    let only = std::env::var("KDALITE_BENCH_ONLY").unwrap_or_default();
    for scenario in kdalite::bench::scenarios().into_iter().filter(|s| s.name.contains(only.as_str())) {
        match kdalite::bench::run(&scenario, rows, &clock) {
            Ok(m) => println!("{:<32} {:>12} {:>14.0} {:>10}", m.name, m.events, m.events_per_second(), m.rows_out),
            Err(e) => println!("{:<32} failed: {e}", scenario.name),
        }
    }
    // KDALITE_BENCH_ONLY=generator runs every generator; =nexmark only that one.
    let generators: Vec<&str> = kdalite::source::GENERATORS.iter().copied().filter(|g| only == *g).collect();
    if only.is_empty() || only.contains("generator") || !generators.is_empty() {
        println!("{:<32} {:>12} {:>14}", "generator (native)", "rows", "rows/s");
        match kdalite::bench::generators(rows, &clock, &generators) {
            Ok(ms) => {
                ms.iter().for_each(|m| println!("{:<32} {:>12} {:>14.0}", m.name, m.events, m.events_per_second()))
            }
            Err(e) => println!("generators failed: {e}"),
        }
    }
    if only.is_empty() || only.contains("csv") {
        match kdalite::bench::csv_ingest(rows, &clock) {
            Ok((mb_per_s, read)) => println!("{:<32} {:>12} {:>11.0} MB/s", "CSV ingest (native)", read, mb_per_s),
            Err(e) => println!("CSV ingest failed: {e}"),
        }
    }
}
