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
    if only.is_empty() || only.contains("join") {
        // A long interval join's state stays flat: rows are dropped once the watermark passes
        // their bound.
        println!("{:<32} {:>12} {:>14}", "state over a run (native)", "events", "peak entries");
        let scenarios = kdalite::bench::scenarios();
        let join = scenarios.iter().find(|s| s.name.starts_with("interval join")).expect("the interval join");
        for events in [rows / 10, rows, rows * 10] {
            match kdalite::bench::peak_state(join, events) {
                Ok(peak) => println!("{:<32} {:>12} {:>14}", join.name, events, peak),
                Err(e) => println!("{} failed: {e}", join.name),
            }
        }
    }
    if only.is_empty() || only.contains("checkpoint") {
        // RocksDB is write-through: each batch's changed groups are written to it, one value per
        // (window, key). Tumbling throughput on it (the in-memory figures are above), then
        // checkpoints.
        for scenario in kdalite::bench::scenarios().into_iter().filter(|s| s.name.starts_with("tumble")) {
            let dir = std::env::temp_dir().join(format!("kdalite-bench-{}-run", std::process::id()));
            let rocks = kdalite::state::RocksDbBackend::open_fresh(&dir).expect("a RocksDB directory");
            match kdalite::bench::run_with_state(&scenario, rows, &clock, Box::new(rocks)) {
                Ok(m) => println!(
                    "{:<32} {:>12} {:>14.0} {:>10}",
                    format!("{}, rocksdb", m.name),
                    m.events,
                    m.events_per_second(),
                    m.rows_out
                ),
                Err(e) => println!("{} on rocksdb failed: {e}", scenario.name),
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
        println!("{:<32} {:>12} {:>14} {:>10}", "checkpoint (native)", "groups", "checkpoint s", "restore s");
        for keys in [1_000, 1_000_000] {
            let dir = std::env::temp_dir().join(format!("kdalite-bench-{}-{keys}", std::process::id()));
            let backends: Vec<(&str, Box<dyn kdalite::state::StateBackend>)> = vec![
                ("memory", Box::new(kdalite::state::MemoryBackend::default())),
                ("rocksdb", Box::new(kdalite::state::RocksDbBackend::open_fresh(&dir).expect("a RocksDB directory"))),
            ];
            for (name, backend) in backends {
                match kdalite::bench::checkpoint_times(keys, backend, &clock) {
                    Ok(t) => println!(
                        "{:<32} {:>12} {:>14.3} {:>10.3}",
                        format!("tumbling, {name}"),
                        t.keys,
                        t.checkpoint_seconds,
                        t.restore_seconds
                    ),
                    Err(e) => println!("checkpoint on {name} failed: {e}"),
                }
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    for (format, json) in [("CSV", false), ("JSON lines", true)] {
        let name = format!("{format} ingest (native)");
        if only.is_empty() || name.to_lowercase().contains(&only.to_lowercase()) {
            match kdalite::bench::file_ingest(json, rows, &clock) {
                Ok((mb_per_s, read)) => println!("{name:<32} {read:>12} {mb_per_s:>11.0} MB/s"),
                Err(e) => println!("{name} failed: {e}"),
            }
        }
    }
}
