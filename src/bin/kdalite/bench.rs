//! `kdalite bench nexmark`: the Nexmark suite's queries over the `nexmark` generator, each in a
//! process of its own (so that its peak memory is its own), a row of figures per query; with
//! `--against flink`, the same queries in PyFlink beside them.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use clap::ValueEnum;
use kdalite::error::{Error, Result};
use kdalite::source::GeneratorSpec;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// The benchmark: the Nexmark suite's queries (tests/nexmark/) over the nexmark generator.
    #[arg(value_enum)]
    suite: Suite,
    /// The queries to run, such as q0,q5,q8 (every one by default).
    #[arg(long, value_delimiter = ',')]
    queries: Vec<String>,
    /// Events each query reads.
    #[arg(long, default_value_t = 1_000_000)]
    events: u64,
    /// Events a second of event time.
    #[arg(long, default_value_t = 100_000)]
    rate: u64,
    /// Where rows go: discarded as they come (as Flink's blackhole sink), or written as JSON
    /// lines first.
    #[arg(long, value_enum, default_value = "blackhole")]
    sink: BenchSink,
    /// Run the same queries on Apache Flink too (PyFlink, parallelism 1, blackhole sinks)
    /// over the same events as JSON lines, and add its figures and the ratio: needs PyFlink
    /// (the python in KDALITE_FLINK_PYTHON, else python3) and kdalite's source tree
    /// (tests/flink/bench.py under the current directory).
    #[arg(long, value_enum)]
    against: Option<Against>,
    /// Run the one query given and print its figures as JSON (each query runs in a process
    /// of its own, so that its peak memory is its own).
    #[arg(long, hide = true)]
    one: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum Suite {
    Nexmark,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum Against {
    Flink,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum BenchSink {
    Blackhole,
    Jsonl,
}

/// `kdalite bench nexmark`: each query in a process of its own (`--one`), its figures in a
/// row of the table as it ends.
pub fn bench(args: BenchArgs) -> Result<()> {
    let Suite::Nexmark = args.suite;
    let known: Vec<&str> = kdalite::bench::NEXMARK_QUERIES.iter().map(|(name, _)| *name).collect();
    let queries: Vec<String> =
        if args.queries.is_empty() { known.iter().map(|q| q.to_string()).collect() } else { args.queries.clone() };
    if let Some(unknown) = queries.iter().find(|q| !known.contains(&q.as_str())) {
        return Err(Error::Input(format!("no Nexmark query {unknown} (queries: {})", known.join(", "))));
    }
    let sink = match args.sink {
        BenchSink::Blackhole => "blackhole",
        BenchSink::Jsonl => "jsonl",
    };
    if args.one {
        let sql = kdalite::bench::NEXMARK_QUERIES.iter().find(|(name, _)| *name == queries[0]).map(|(_, sql)| *sql);
        let started = std::time::Instant::now();
        let clock = || cpu_seconds().unwrap_or_else(|| started.elapsed().as_secs_f64());
        let run = kdalite::bench::nexmark_query(
            sql.unwrap_or_default(),
            args.events,
            args.rate,
            args.sink == BenchSink::Jsonl,
            &clock,
        )?;
        let figures = serde_json::json!({
            "rows_out": run.rows_out, "seconds": run.seconds, "peak_state": run.peak_state,
            "peak_memory_kb": peak_memory_kb(), "cpu": cpu_seconds().is_some(),
        });
        println!("{figures}");
        return Ok(());
    }
    let me = std::env::current_exe().map_err(|e| Error::Input(format!("cannot run kdalite again: {e}")))?;
    let flink = match args.against {
        Some(Against::Flink) => Some(FlinkBench::new(&args)?),
        None => None,
    };
    println!(
        "Nexmark over the nexmark generator: {} events a query at {} events/s of event time, sink {sink}",
        args.events, args.rate
    );
    if flink.is_some() {
        println!("Flink: PyFlink, parallelism 1, blackhole sinks, reading the same events as JSON lines (its source's cost included)");
    }
    print!(
        "{:<6} {:>10} {:>10} {:>8} {:>14} {:>11} {:>12}",
        "query", "events", "rows out", "CPU s", "events/CPU-s", "peak state", "peak memory"
    );
    println!(
        "{}",
        if flink.is_some() { format!(" {:>14} {:>13}", "Flink ev/CPU-s", "kdalite/Flink") } else { String::new() }
    );
    for query in &queries {
        let output = std::process::Command::new(&me)
            .args(["bench", "nexmark", "--one", "--queries", query, "--sink", sink])
            .args(["--events", &args.events.to_string(), "--rate", &args.rate.to_string()])
            .output()
            .map_err(|e| Error::Input(format!("cannot run kdalite again: {e}")))?;
        let figures: Option<serde_json::Value> = serde_json::from_slice(&output.stdout).ok();
        let Some(f) = figures.filter(|_| output.status.success()) else {
            let why = String::from_utf8_lossy(&output.stderr);
            println!("{query:<6} failed: {}", why.trim().lines().last().unwrap_or("no output"));
            continue;
        };
        let seconds = f["seconds"].as_f64().unwrap_or_default();
        let clock = if f["cpu"] == true { "" } else { " (wall)" };
        let memory = f["peak_memory_kb"].as_u64().map_or("?".to_string(), |kb| format!("{:.0} MB", kb as f64 / 1024.0));
        print!(
            "{query:<6} {:>10} {:>10} {:>8.3} {:>14} {:>11} {:>12}",
            args.events,
            f["rows_out"].as_u64().unwrap_or_default(),
            seconds,
            rate(args.events as f64 / seconds),
            f["peak_state"].as_u64().unwrap_or_default(),
            memory
        );
        match flink.as_ref().map(|flink| flink.run(query)) {
            Some(Ok(theirs)) => {
                println!(" {:>14} {:>12.1}×{clock}", rate(theirs), args.events as f64 / seconds / theirs)
            }
            Some(Err(e)) => println!(" Flink failed: {e}{clock}"),
            None => println!("{clock}"),
        }
    }
    Ok(())
}

/// Apache Flink's side of `kdalite bench nexmark --against flink`: the events as JSON lines
/// in a file, and `tests/flink/bench.py --one`, which runs a query in PyFlink in a process
/// of its own and prints its events per CPU-second of the JVM.
struct FlinkBench {
    python: String,
    script: PathBuf,
    events: PathBuf,
    count: u64,
    _dir: TempDir,
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl FlinkBench {
    fn new(args: &BenchArgs) -> Result<FlinkBench> {
        let python = std::env::var("KDALITE_FLINK_PYTHON").unwrap_or_else(|_| "python3".into());
        let script =
            std::env::var("KDALITE_FLINK_BENCH").map(PathBuf::from).unwrap_or_else(|_| "tests/flink/bench.py".into());
        if !script.exists() {
            return Err(Error::Input(format!(
                "--against flink runs {} from kdalite's source tree: run it there, or name the script in KDALITE_FLINK_BENCH",
                script.display()
            )));
        }
        let found = std::process::Command::new(&python).args(["-c", "import pyflink"]).output();
        if !found.is_ok_and(|o| o.status.success()) {
            return Err(Error::Input(format!(
                "--against flink needs PyFlink in {python}: pip install apache-flink==2.3.0 (Java 17), or name its python in KDALITE_FLINK_PYTHON"
            )));
        }
        let dir = std::env::temp_dir().join(format!("kdalite-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::Input(format!("cannot make {}: {e}", dir.display())))?;
        let dir = TempDir(dir);
        let events = dir.0.join("events.jsonl");
        let file =
            File::create(&events).map_err(|e| Error::Input(format!("cannot write {}: {e}", events.display())))?;
        let spec = format!("nexmark:table=event,count={},rate={}", args.events, args.rate);
        let spec: GeneratorSpec = spec.parse()?;
        spec.write_text(false, &mut BufWriter::new(file))?;
        let script = script.canonicalize().map_err(|e| Error::Input(format!("{}: {e}", script.display())))?;
        Ok(FlinkBench { python, script, events, count: args.events, _dir: dir })
    }

    /// Flink's events per CPU-second for `query`.
    fn run(&self, query: &str) -> std::result::Result<f64, String> {
        let output = std::process::Command::new(&self.python)
            .arg(&self.script)
            .args(["--one", query])
            .arg(&self.events)
            .arg(self.count.to_string())
            .output()
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&output.stdout);
        match text.split_whitespace().next().and_then(|n| n.parse::<f64>().ok()) {
            Some(per_second) if output.status.success() => Ok(per_second),
            _ => {
                // A Java stack trace ends in "... 40 more": its last cause says what failed.
                let stderr = String::from_utf8_lossy(&output.stderr);
                let why = stderr.lines().rev().find(|l| l.contains("Exception:") || l.contains("Error:"));
                Err(why.or(stderr.trim().lines().last()).unwrap_or("no output").trim().chars().take(160).collect())
            }
        }
    }
}

/// This thread's CPU time in seconds (Linux's `/proc`), if the system says.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

/// The process's peak resident memory in KB (Linux's `/proc`), if the system says.
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Events a second, as `8.31 M` or `912 K`.
fn rate(per_second: f64) -> String {
    if per_second >= 1e6 {
        format!("{:.2} M", per_second / 1e6)
    } else {
        format!("{:.0} K", per_second / 1e3)
    }
}
