//! Throughput benchmarks, shared by the native `make bench` and the same code in headless
//! Chromium. The caller passes a clock: the engine itself never reads one.
//!
//! Each scenario feeds pre-built batches (timestamps rising, keys cycling, one row per
//! millisecond of event time; or the Nexmark suite's events, made first) through a real
//! application — SQL planned and run by the runtime — and reports events per second of the
//! caller's clock. Output rows are counted, not formatted (as Flink's blackhole sink).

use std::sync::Arc;

use arrow_array::{Int64Array, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_schema::SchemaRef;

use crate::error::Result;
use crate::plan::{ColumnDef, SqlType, StreamDef, WatermarkSpec};
use crate::runtime::Runtime;
use crate::source::{Polled, Source};

/// One benchmark scenario.
pub struct Scenario {
    pub name: &'static str,
    pub keys: u64,
    pub sql: &'static str,
    /// Over the Nexmark suite's event stream (made before the clock starts) instead of
    /// `events`; `sql` is then one of the suite's queries, after its table and views.
    pub nexmark: bool,
    /// At most this many events (0: as many as asked), for scenarios far slower than the rest.
    pub max_rows: u64,
}

const TABLE: &str =
    "CREATE TABLE events (ts TIMESTAMP(3), k VARCHAR, v BIGINT, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);\n";

/// The scenarios issue #3 sets targets for.
pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "tumble COUNT/SUM, 1K keys",
            keys: 1_000,
            sql: "SELECT window_start, k, COUNT(*) AS n, SUM(v) AS s FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k",
            nexmark: false,
            max_rows: 0,
        },
        // KDA's most common window: one count a window, no key.
        Scenario {
            name: "tumble COUNT/SUM, no key",
            keys: 1_000,
            sql: "SELECT window_start, COUNT(*) AS n, SUM(v) AS s FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end",
            nexmark: false,
            max_rows: 0,
        },
        Scenario {
            name: "tumble COUNT/SUM, 100K keys",
            keys: 100_000,
            sql: "SELECT window_start, k, COUNT(*) AS n, SUM(v) AS s FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k",
            nexmark: false,
            max_rows: 0,
        },
        // A row a millisecond: 1,000 s windows hold every one of the 1M keys (issue #5's state
        // size); the 10 s windows above hold 10K groups whatever the keys.
        Scenario {
            name: "tumble 1000 s COUNT/SUM, 1M keys",
            keys: 1_000_000,
            sql: "SELECT window_start, k, COUNT(*) AS n, SUM(v) AS s FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1000' SECOND)) GROUP BY window_start, window_end, k",
            nexmark: false,
            max_rows: 0,
        },
        Scenario {
            name: "hop (slide = size/6), 1K keys",
            keys: 1_000,
            sql: "SELECT window_start, k, SUM(v) AS s FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '60' SECOND)) GROUP BY window_start, window_end, k",
            nexmark: false,
            max_rows: 0,
        },
        Scenario {
            name: "session, 1K keys",
            keys: 1_000,
            sql: "SELECT window_start, k, SUM(v) AS s FROM TABLE(SESSION(TABLE events PARTITION BY k, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY window_start, window_end, k",
            nexmark: false,
            max_rows: 0,
        },
        Scenario {
            name: "sliding RANGE 1 s, 1K keys",
            keys: 1_000,
            // KDA's per-row sliding window, on ROWTIME (names quoted: KDA folds unquoted ones).
            sql: "SELECT STREAM \"k\", SUM(\"v\") OVER (PARTITION BY \"k\" RANGE INTERVAL '1' SECOND PRECEDING) AS s FROM \"events\"",
            nexmark: false,
            max_rows: 0,
        },
        // A long frame: each of 100 keys has 600 rows in its last minute.
        Scenario {
            name: "sliding RANGE 1 min, SUM/MIN/MAX, 100 keys",
            keys: 100,
            sql: "SELECT STREAM \"k\", SUM(\"v\") OVER w AS s, MIN(\"v\") OVER w AS lo, MAX(\"v\") OVER w AS hi FROM \"events\" \
                  WINDOW w AS (PARTITION BY \"k\" RANGE INTERVAL '1' MINUTE PRECEDING)",
            nexmark: false,
            max_rows: 0,
        },
        Scenario {
            name: "event-time OVER RANGE 1 s, 1K keys",
            keys: 1_000,
            sql: "SELECT k, SUM(v) OVER (PARTITION BY k ORDER BY ts RANGE INTERVAL '1' SECOND PRECEDING) AS s FROM events",
            nexmark: false,
            max_rows: 0,
        },
        // A long frame: each of 100 keys has 600 rows in its last minute.
        Scenario {
            name: "event-time OVER RANGE 1 min, SUM/MIN/MAX, 100 keys",
            keys: 100,
            sql: "SELECT k, SUM(v) OVER w AS s, MIN(v) OVER w AS lo, MAX(v) OVER w AS hi FROM events \
                  WINDOW w AS (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW)",
            nexmark: false,
            max_rows: 0,
        },
        // A running total (no frame: RANGE UNBOUNDED PRECEDING), one accumulator per key.
        Scenario {
            name: "event-time OVER UNBOUNDED, 1K keys",
            keys: 1_000,
            sql: "SELECT k, SUM(v) OVER (PARTITION BY k ORDER BY ts) AS s, COUNT(*) OVER (PARTITION BY k ORDER BY ts) AS n FROM events",
            nexmark: false,
            max_rows: 0,
        },
        // Issue 14's: two 1K-key streams (each key's rows of even and of odd seconds) joined within a second.
        Scenario {
            name: "interval join ±1 s, 1K keys",
            keys: 1_000,
            sql: "CREATE VIEW l AS SELECT ts, k, v FROM events WHERE MOD(v / 1000, 2) = 0;\n\
                  CREATE VIEW r AS SELECT ts, k, v FROM events WHERE MOD(v / 1000, 2) = 1;\n\
                  SELECT l.k, l.v, r.v AS rv FROM l JOIN r ON l.k = r.k \
                  AND l.ts BETWEEN r.ts - INTERVAL '1' SECOND AND r.ts + INTERVAL '1' SECOND",
            nexmark: false,
            max_rows: 0,
        },
        // Issue 15's: the same GROUP BY fed inserts, and fed a changelog (each row after a key's
        // first takes the key's last row back, then adds its own: two rows per event).
        Scenario {
            name: "GROUP BY, inserts, 1K keys",
            keys: 1_000,
            sql: "SELECT k, COUNT(*) AS n, SUM(v) AS s, MAX(v) AS m FROM events GROUP BY k",
            nexmark: false,
            max_rows: 0,
        },
        Scenario {
            name: "dedup last row, 1K keys",
            keys: 1_000,
            sql: "SELECT k, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn FROM events) \
                  WHERE rn = 1",
            nexmark: false,
            max_rows: 0,
        },
        Scenario {
            name: "dedup, then GROUP BY, 1K keys",
            keys: 1_000,
            sql: "CREATE VIEW latest AS SELECT k, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) \
                  AS rn FROM events) WHERE rn = 1;\n\
                  SELECT k, COUNT(*) AS n, SUM(v) AS s, MAX(v) AS m FROM latest GROUP BY k",
            nexmark: false,
            max_rows: 0,
        },
        // Issue 16's: KDA's table functions and log parsing, on the same events (names quoted:
        // KDA folds unquoted ones).
        Scenario {
            name: "TOP_K_ITEMS_TUMBLING, 1K keys",
            keys: 1_000,
            sql: "SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM \"events\"), 'k', 10, 10))",
            nexmark: false,
            max_rows: 0,
        },
        Scenario {
            name: "COUNT_DISTINCT_ITEMS_TUMBLING, 1K keys",
            keys: 1_000,
            sql: "SELECT STREAM * FROM TABLE(COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM \"events\"), 'k', 10))",
            nexmark: false,
            max_rows: 0,
        },
        Scenario {
            name: "RANDOM_CUT_FOREST, 100 trees, 256",
            keys: 1_000,
            sql: "SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM MOD(\"v\", 997) AS x, \
                  MOD(\"v\", 13) AS y FROM \"events\"), 100, 256, 100000, 1))",
            nexmark: false,
            max_rows: 200_000,
        },
        Scenario {
            name: "MATCH_RECOGNIZE A B+? C, 1K keys",
            keys: 1_000,
            sql: "SELECT * FROM events MATCH_RECOGNIZE (PARTITION BY k ORDER BY ts \
                  MEASURES FIRST(A.v) AS first_v, COUNT(B.v) AS n, C.v AS last_v AFTER MATCH SKIP PAST LAST ROW \
                  PATTERN (A B+? C) DEFINE A AS MOD(A.v / 1000, 5) = 0, C AS MOD(C.v / 1000, 5) = 4) AS m",
            nexmark: false,
            max_rows: 500_000,
        },
        Scenario {
            name: "W3C_LOG_PARSE COMMON, 1K hosts",
            keys: 1_000,
            sql: "SELECT STREAM t.r.COLUMN1, t.r.COLUMN6 FROM (SELECT STREAM W3C_LOG_PARSE(\"k\" || \
                  ' - frank [24/May/2004:22:01:02 -0700] \"GET /icons/apache_pb.gif HTTP/1.1\" 200 2326', 'COMMON') AS r \
                  FROM \"events\") AS t",
            nexmark: false,
            max_rows: 0,
        },
        nexmark("nexmark q3 (regular join)", "q3"),
        nexmark("nexmark q4 (aggregate of aggregate)", "q4"),
        nexmark("nexmark q5 (window join)", "q5"),
        nexmark("nexmark q7 (regular join)", "q7"),
        nexmark("nexmark q8 (window join)", "q8"),
        nexmark("nexmark q9 (Top-1 of a join)", "q9"),
        nexmark("nexmark q15 (FILTER, DISTINCT)", "q15"),
        nexmark("nexmark q16 (FILTER, DISTINCT)", "q16"),
        nexmark("nexmark q17 (FILTER)", "q17"),
        nexmark("nexmark q18 (dedup)", "q18"),
        nexmark("nexmark q19 (Top-N)", "q19"),
        nexmark("nexmark q20 (regular join)", "q20"),
    ]
}

/// A scenario of the suite's query `query` (of [`NEXMARK_QUERIES`]).
fn nexmark(name: &'static str, query: &str) -> Scenario {
    let sql =
        NEXMARK_QUERIES.iter().find(|(q, _)| *q == query).map(|(_, sql)| *sql).expect("one of the suite's queries");
    Scenario { name, keys: 0, sql, nexmark: true, max_rows: 0 }
}

/// The Nexmark events a scenario reads: `rows` of the suite's event stream at 100,000 events a
/// second of event time, made (and kept) before the clock starts.
fn nexmark_events(rows: u64) -> Result<(StreamDef, Vec<RecordBatch>)> {
    let spec: crate::source::GeneratorSpec = format!("nexmark:table=event,count={rows},rate=100000").parse()?;
    let mut source = spec.build("datagen")?;
    let mut batches = Vec::new();
    while !source.is_exhausted() {
        batches.extend(source.poll(i64::MAX, 8_192)?.batch);
    }
    Ok((spec.stream_def("datagen")?, batches))
}

/// Pre-built batches handed out one per poll; `endless`: never exhausted, so windows stay open.
struct BatchSource {
    schema: SchemaRef,
    batches: std::collections::VecDeque<RecordBatch>,
    endless: bool,
    /// Each batch arrives at its first ROWTIME on the virtual clock, not all at once.
    paced: bool,
    taken: u64,
}

impl BatchSource {
    fn new(schema: SchemaRef, batches: Vec<RecordBatch>, endless: bool, paced: bool) -> Self {
        BatchSource { schema, batches: batches.into(), endless, paced, taken: 0 }
    }
}

impl Source for BatchSource {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn poll(&mut self, now: i64, _max_rows: usize) -> Result<Polled> {
        if self.next_arrival().is_some_and(|t| t > now) {
            return Ok(Polled { batch: None, bad_rows: vec![] });
        }
        let batch = self.batches.pop_front();
        self.taken += u64::from(batch.is_some());
        Ok(Polled { batch, bad_rows: vec![] })
    }

    fn next_arrival(&self) -> Option<i64> {
        use arrow_array::cast::AsArray;
        let batch = self.batches.front().filter(|_| self.paced)?;
        Some(batch.column(0).as_primitive::<arrow_array::types::TimestampMillisecondType>().value(0))
    }

    fn is_exhausted(&self) -> bool {
        !self.endless && self.batches.is_empty()
    }

    fn save(&self) -> Result<Vec<u8>> {
        Ok(self.taken.to_le_bytes().to_vec())
    }

    fn load(&mut self, bytes: &[u8]) -> Result<()> {
        let taken = bytes.try_into().map(u64::from_le_bytes).unwrap_or(0);
        for _ in 0..taken {
            self.batches.pop_front();
        }
        self.taken = taken;
        Ok(())
    }
}

fn events_def() -> StreamDef {
    let columns = vec![
        ColumnDef { name: "ts".into(), sql_type: SqlType::Timestamp },
        ColumnDef { name: "k".into(), sql_type: SqlType::Varchar(None) },
        ColumnDef { name: "v".into(), sql_type: SqlType::BigInt },
    ];
    StreamDef::flink("events", columns, Some(WatermarkSpec { column: 1, delay_ms: 1_000 }))
}

/// `rows` events in batches of `batch_rows`: event time (and arrival time, ROWTIME) rising by
/// 1 ms a row, keys cycling.
fn batches(schema: &SchemaRef, rows: u64, keys: u64, batch_rows: u64) -> Result<Vec<RecordBatch>> {
    let names: Vec<String> = (0..keys).map(|k| format!("key-{k}")).collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < rows {
        let end = (start + batch_rows).min(rows);
        let ts: Vec<i64> = (start..end).map(|i| i as i64).collect();
        let columns: Vec<arrow_array::ArrayRef> = vec![
            Arc::new(TimestampMillisecondArray::from(ts.clone())),
            Arc::new(TimestampMillisecondArray::from(ts)),
            Arc::new(StringArray::from_iter_values((start..end).map(|i| names[(i % keys) as usize].as_str()))),
            Arc::new(Int64Array::from_iter_values((start..end).map(|i| i as i64))),
        ];
        out.push(RecordBatch::try_new(schema.clone(), columns)?);
        start = end;
    }
    Ok(out)
}

/// Result of one scenario.
pub struct Measurement {
    pub name: &'static str,
    pub events: u64,
    pub seconds: f64,
    pub rows_out: u64,
}

impl Measurement {
    pub fn events_per_second(&self) -> f64 {
        self.events as f64 / self.seconds.max(1e-9)
    }
}

/// Runs `scenario` over `rows` events, timing only the engine (the batches are built first).
pub fn run(scenario: &Scenario, rows: u64, clock: &dyn Fn() -> f64) -> Result<Measurement> {
    run_with_state(scenario, rows, clock, Box::new(crate::state::MemoryBackend::default()))
}

/// [`run`] with the operators' state in `state`.
pub fn run_with_state(
    scenario: &Scenario,
    rows: u64,
    clock: &dyn Fn() -> f64,
    state: Box<dyn crate::state::StateBackend>,
) -> Result<Measurement> {
    let rows = if scenario.max_rows > 0 { rows.min(scenario.max_rows) } else { rows };
    let mut runtime = runtime(scenario, rows, state, false)?;
    let mut rows_out = 0;
    let started = clock();
    runtime.run_to_end(|out| {
        rows_out += out.iter().map(|b| b.batch.num_rows() as u64).sum::<u64>();
        Ok(())
    })?;
    let seconds = clock() - started;
    Ok(Measurement { name: scenario.name, events: rows, seconds, rows_out })
}

/// The most state entries `scenario` holds at once over `rows` events (looked at after each
/// minute of the virtual clock): flat as `rows` grows when the operators drop what the
/// watermark has passed.
pub fn peak_state(scenario: &Scenario, rows: u64) -> Result<usize> {
    let mut runtime = runtime(scenario, rows, Box::new(crate::state::MemoryBackend::default()), true)?;
    let mut peak = 0;
    while !runtime.is_closed() {
        runtime.run_step(60_000)?;
        peak = peak.max(runtime.state_size());
    }
    Ok(peak)
}

/// A runtime for `scenario` over `rows` events, made before any clock starts; `paced`, the
/// events arrive on the virtual clock at their ROWTIME instead of all at once.
fn runtime(scenario: &Scenario, rows: u64, state: Box<dyn crate::state::StateBackend>, paced: bool) -> Result<Runtime> {
    let (def, plan, batches) = if scenario.nexmark {
        let (def, batches) = nexmark_events(rows)?;
        let code = format!("{}\n{}", crate::templates::NEXMARK_DDL, scenario.sql);
        (def, crate::sql::compile(&code, &[])?, batches)
    } else {
        let def = events_def();
        let plan = crate::sql::compile(&format!("{TABLE}{};", scenario.sql), std::slice::from_ref(&def))?;
        let batches = batches(&def.schema, rows, scenario.keys, 8_192)?;
        (def, plan, batches)
    };
    let source = BatchSource::new(def.schema.clone(), batches, false, paced);
    Runtime::with_state(plan, vec![(def.name.clone(), Box::new(source))], 0, state)
}

/// How long a checkpoint and a restore take with `keys` groups open in a tumbling window
/// (COUNT and SUM per key), on the backend `make` returns (called twice with the same
/// argument: once for the run, once for the restarted run that restores).
pub struct CheckpointTimes {
    pub keys: u64,
    pub checkpoint_seconds: f64,
    pub restore_seconds: f64,
}

pub fn checkpoint_times(
    keys: u64,
    state: Box<dyn crate::state::StateBackend>,
    clock: &dyn Fn() -> f64,
) -> Result<CheckpointTimes> {
    let def = events_def();
    let sql = "SELECT window_start, k, COUNT(*) AS n, SUM(v) AS s FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' DAY)) GROUP BY window_start, window_end, k";
    let plan = crate::sql::compile(&format!("{TABLE}{sql};"), std::slice::from_ref(&def))?;
    let source = || -> Result<Box<dyn Source>> {
        let batches = batches(&def.schema, keys, keys, 8_192)?;
        Ok(Box::new(BatchSource::new(def.schema.clone(), batches, true, false)))
    };
    let mut runtime = Runtime::with_state(plan.clone(), vec![(def.name.clone(), source()?)], 0, state)?;
    runtime.advance_to(0)?;
    if runtime.state_size() < keys as usize {
        return Err(crate::error::Error::Internal(format!("{} groups open, not {keys}", runtime.state_size())));
    }
    let started = clock();
    runtime.checkpoint("bench", b"")?;
    let checkpoint_seconds = clock() - started;
    let mut restarted = Runtime::with_state(plan, vec![(def.name.clone(), source()?)], 0, runtime.into_state())?;
    let started = clock();
    restarted.restore("bench", false)?;
    let restore_seconds = clock() - started;
    Ok(CheckpointTimes { keys, checkpoint_seconds, restore_seconds })
}

/// Rows per second a generator makes (issue #4 asks for 20M natively): `rows` rows of each,
/// polled as fast as they come, timing only the generator.
pub fn generators(rows: u64, clock: &dyn Fn() -> f64, only: &[&str]) -> Result<Vec<Measurement>> {
    let mut out = Vec::new();
    for name in crate::source::GENERATORS.iter().filter(|g| only.is_empty() || only.contains(g)) {
        let spec: crate::source::GeneratorSpec = format!("{name}:count={rows},rate=1000000").parse()?;
        let mut source = spec.build("S")?;
        let started = clock();
        let mut made = 0;
        while !source.is_exhausted() {
            made += source.poll(i64::MAX, 4096)?.batch.map_or(0, |b| b.num_rows() as u64);
        }
        out.push(Measurement { name, events: made, seconds: clock() - started, rows_out: made });
    }
    Ok(out)
}

/// Megabytes per second a file is read at, into typed rows: a file of `rows` ticker-like rows
/// (`ROWTIME`, symbol, sector, change, price) as CSV, or as JSON lines, read from memory.
pub fn file_ingest(json: bool, rows: u64, clock: &dyn Fn() -> f64) -> Result<(f64, u64)> {
    use std::fmt::Write;
    let mut text = String::from(if json { "" } else { "ROWTIME,TICKER_SYMBOL,SECTOR,CHANGE,PRICE\n" });
    for i in 0..rows {
        let (minute, second, ms) = ((i / 60_000) % 60, (i / 1000) % 60, i % 1000);
        let time = format!("2026-01-01 00:{minute:02}:{second:02}.{ms:03}");
        let (symbol, sector) = (i % 97, i % 7);
        let (change, price) = (format!("{}.{:02}", i % 5, i % 100), format!("{}.{:02}", 100 + i % 900, i % 100));
        let _ = if json {
            writeln!(
                text,
                r#"{{"ROWTIME":"{time}","TICKER_SYMBOL":"SYM{symbol}","SECTOR":"SECTOR{sector}","CHANGE":{change},"PRICE":{price}}}"#
            )
        } else {
            writeln!(text, "{time},SYM{symbol},SECTOR{sector},{change},{price}")
        };
    }
    let bytes = text.len();
    let def = StreamDef::new(
        "S",
        vec![
            ColumnDef { name: "TICKER_SYMBOL".into(), sql_type: SqlType::Varchar(Some(8)) },
            ColumnDef { name: "SECTOR".into(), sql_type: SqlType::Varchar(Some(16)) },
            ColumnDef { name: "CHANGE".into(), sql_type: SqlType::Real },
            ColumnDef { name: "PRICE".into(), sql_type: SqlType::Real },
        ],
    );
    let started = clock();
    let mut source = crate::source::file::FileSource::new(
        if json { "s.jsonl" } else { "s.csv" },
        crate::source::file::FileInput::from_bytes(text.into_bytes()),
        &def,
        None,
    )?;
    let mut read = 0;
    while !source.is_exhausted() {
        let polled = source.poll(0, 8_192)?;
        read += polled.batch.map_or(0, |b| b.num_rows() as u64) + polled.bad_rows.len() as u64;
    }
    Ok((bytes as f64 / 1e6 / (clock() - started).max(1e-9), read))
}

/// The Nexmark suite's queries as `tests/nexmark/` holds them, in the suite's order (it has no
/// q6: Flink cannot run it).
pub const NEXMARK_QUERIES: &[(&str, &str)] = &[
    ("q0", include_str!("../tests/nexmark/q0.sql")),
    ("q1", include_str!("../tests/nexmark/q1.sql")),
    ("q2", include_str!("../tests/nexmark/q2.sql")),
    ("q3", include_str!("../tests/nexmark/q3.sql")),
    ("q4", include_str!("../tests/nexmark/q4.sql")),
    ("q5", include_str!("../tests/nexmark/q5.sql")),
    ("q7", include_str!("../tests/nexmark/q7.sql")),
    ("q8", include_str!("../tests/nexmark/q8.sql")),
    ("q9", include_str!("../tests/nexmark/q9.sql")),
    ("q10", include_str!("../tests/nexmark/q10.sql")),
    ("q11", include_str!("../tests/nexmark/q11.sql")),
    ("q12", include_str!("../tests/nexmark/q12.sql")),
    ("q13", include_str!("../tests/nexmark/q13.sql")),
    ("q14", include_str!("../tests/nexmark/q14.sql")),
    ("q15", include_str!("../tests/nexmark/q15.sql")),
    ("q16", include_str!("../tests/nexmark/q16.sql")),
    ("q17", include_str!("../tests/nexmark/q17.sql")),
    ("q18", include_str!("../tests/nexmark/q18.sql")),
    ("q19", include_str!("../tests/nexmark/q19.sql")),
    ("q20", include_str!("../tests/nexmark/q20.sql")),
    ("q21", include_str!("../tests/nexmark/q21.sql")),
    ("q22", include_str!("../tests/nexmark/q22.sql")),
];

/// What one Nexmark query did over the generator (`kdalite bench nexmark`).
#[derive(Debug, Clone, PartialEq)]
pub struct NexmarkRun {
    pub events: u64,
    pub rows_out: u64,
    /// Of the caller's clock (the CLI's: the thread's CPU time), generating the events included.
    pub seconds: f64,
    /// The most state entries held at once, looked at after each second of event time.
    pub peak_state: usize,
}

/// Runs one of the suite's queries (`sql`, after its table and views) over `events` of the
/// `nexmark` generator's event stream at `rate` events a second of event time, its rows
/// discarded (as Flink's blackhole sink) or, with `jsonl`, each batch written as JSON lines
/// first (and then discarded).
pub fn nexmark_query(sql: &str, events: u64, rate: u64, jsonl: bool, clock: &dyn Fn() -> f64) -> Result<NexmarkRun> {
    use crate::runtime::{InputBinding, InputSource};
    let code = format!("{}\n{sql}", crate::templates::NEXMARK_DDL);
    let spec = format!("nexmark:table=event,count={events},rate={rate}").parse()?;
    let mut bindings = vec![InputBinding { stream: "datagen".into(), source: InputSource::Generator(spec) }];
    if sql.contains("side_input") {
        // q13's side input, which the suite reads from a file of Flink's: a value for each of
        // the first 10,000 keys.
        let rows: String = (0..10_000).map(|k| format!("{k},side-{k}\n")).collect();
        let input = crate::source::file::FileInput::from_bytes(rows.into_bytes());
        let source = InputSource::Table { name: "side_input.csv".into(), input, schema: None };
        bindings.push(InputBinding { stream: "side_input".into(), source });
    }
    let mut runtime = crate::runtime::build(&code, bindings, crate::source::DEFAULT_START)?;
    let (mut rows_out, mut peak_state, mut text) = (0, 0, Vec::new());
    let started = clock();
    while !runtime.is_closed() {
        for out in runtime.run_step(1_000)? {
            rows_out += out.batch.num_rows() as u64;
            if jsonl {
                text.clear();
                crate::output::write_json_lines(Some(&out.stream), &out.batch, &mut text)?;
            }
        }
        peak_state = peak_state.max(runtime.state_size());
    }
    Ok(NexmarkRun { events, rows_out, seconds: clock() - started, peak_state })
}

#[cfg(test)]
mod tests {
    /// Every scenario plans and runs over a few events (the page and `make bench` list them
    /// all), the Nexmark ones on the suite's queries by name.
    #[test]
    fn every_scenario_runs_over_a_few_events() {
        let clock = || 0.0;
        for scenario in super::scenarios() {
            let m = super::run(&scenario, 200, &clock).unwrap_or_else(|e| panic!("{}: {e}", scenario.name));
            assert_eq!(m.events, 200, "{}", scenario.name);
        }
    }
}
