//! Checkpoints: a run checkpointed at some step, restored into an application built afresh
//! and finished, writes exactly the rows of an uninterrupted run (none lost, none twice).
#![cfg(not(target_arch = "wasm32"))]

use kdalite::output::json_lines;
use kdalite::runtime::{self, InputBinding, InputSource, Runtime};
use kdalite::source::DEFAULT_START;
use kdalite::state::{MemoryBackend, StateBackend};

/// Applications over a chaotic ticker stream, one per kind of state that checkpoints today.
const APPS: &[(&str, &str)] = &[
    (
        "KDA tumbling",
        "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N, AVG(PRICE) AS P FROM SOURCE_SQL_STREAM_001 \
         GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);",
    ),
    (
        "Flink TUMBLE and CUMULATE on event time, with late rows",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         SELECT window_start, window_end, SECTOR, COUNT(*) AS n, MAX(PRICE) AS top \
         FROM TABLE(TUMBLE(TABLE T, DESCRIPTOR(EVENT_TIME), INTERVAL '5' SECOND)) GROUP BY window_start, window_end, SECTOR;\n\
         SELECT window_start, window_end, COUNT(*) AS n \
         FROM TABLE(CUMULATE(TABLE T, DESCRIPTOR(EVENT_TIME), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end;",
    ),
    (
        "Flink HOP (sliced into panes) and SESSION per key",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         SELECT window_start, window_end, SECTOR, COUNT(*) AS n, SUM(PRICE) AS total \
         FROM TABLE(HOP(TABLE T, DESCRIPTOR(EVENT_TIME), INTERVAL '2' SECOND, INTERVAL '6' SECOND)) GROUP BY window_start, window_end, SECTOR;\n\
         SELECT window_start, window_end, TICKER_SYMBOL, COUNT(*) AS n \
         FROM TABLE(SESSION(TABLE T PARTITION BY TICKER_SYMBOL, DESCRIPTOR(EVENT_TIME), INTERVAL '1' SECOND)) \
         GROUP BY window_start, window_end, TICKER_SYMBOL;",
    ),
    (
        "KDA sliding windows and Flink's event-time OVER (rows waiting for the watermark, RANGE cleanup timers)",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         SELECT TICKER_SYMBOL, EVENT_TIME, AVG(PRICE) OVER (PARTITION BY TICKER_SYMBOL ORDER BY EVENT_TIME \
           RANGE BETWEEN INTERVAL '3' SECOND PRECEDING AND CURRENT ROW) AS p FROM T;\n\
         SELECT STREAM TICKER_SYMBOL, MAX(PRICE) OVER (PARTITION BY SECTOR RANGE INTERVAL '4' SECOND PRECEDING) AS top, \
           COUNT(*) OVER (ROWS 5 PRECEDING) AS recent FROM T;",
    ),
    (
        "MATCH_RECOGNIZE (partial and waiting matches, the rows they read)",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         SELECT * FROM T MATCH_RECOGNIZE (PARTITION BY TICKER_SYMBOL ORDER BY EVENT_TIME \
           MEASURES FIRST(D.PRICE) AS top, LAST(D.PRICE) AS low, COUNT(D.PRICE) AS n, U.PRICE AS up \
           PATTERN (D{2,}? U) DEFINE D AS D.CHANGE < 0, U AS U.PRICE > AVG(D.PRICE)) AS m;",
    ),
    (
        "stagger windows and an updating GROUP BY (state in the backend)",
        "CREATE OR REPLACE STREAM \"OUT\" (ticker_symbol VARCHAR(4), trades INTEGER);\n\
         CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"OUT\" SELECT STREAM ticker_symbol, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\" \
           WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '3' SECOND);\n\
         SELECT SECTOR, COUNT(*) AS n FROM SOURCE_SQL_STREAM_001 WHERE PRICE > 100 GROUP BY SECTOR;",
    ),
    (
        "COUNT(DISTINCT …)s of one column, with FILTERs, sharing their values",
        "SELECT SECTOR, COUNT(DISTINCT P) AS prices, COUNT(DISTINCT P) FILTER (WHERE CHANGE > 0) AS up, \
           COUNT(DISTINCT P) FILTER (WHERE CHANGE <= 0) AS down \
         FROM (SELECT SECTOR, CHANGE, CAST(PRICE AS BIGINT) AS P FROM SOURCE_SQL_STREAM_001) GROUP BY SECTOR;",
    ),
    (
        "Flink interval, window and regular (LEFT, updating) joins of two views of one table",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         CREATE VIEW UP AS SELECT TICKER_SYMBOL, PRICE, EVENT_TIME FROM T WHERE CHANGE > 0;\n\
         CREATE VIEW DOWN AS SELECT TICKER_SYMBOL, PRICE, EVENT_TIME FROM T WHERE CHANGE <= 0;\n\
         SELECT U.TICKER_SYMBOL, U.PRICE, D.PRICE AS low FROM UP U JOIN DOWN D ON U.TICKER_SYMBOL = D.TICKER_SYMBOL \
           AND U.EVENT_TIME BETWEEN D.EVENT_TIME - INTERVAL '0.3' SECOND AND D.EVENT_TIME + INTERVAL '0.3' SECOND;\n\
         SELECT U.TICKER_SYMBOL, U.n, D.n AS down FROM \
           (SELECT TICKER_SYMBOL, COUNT(*) AS n, window_start, window_end FROM TABLE(TUMBLE(TABLE UP, DESCRIPTOR(EVENT_TIME), INTERVAL '5' SECOND)) \
             GROUP BY TICKER_SYMBOL, window_start, window_end) U \
           FULL JOIN \
           (SELECT TICKER_SYMBOL, COUNT(*) AS n, window_start, window_end FROM TABLE(TUMBLE(TABLE DOWN, DESCRIPTOR(EVENT_TIME), INTERVAL '5' SECOND)) \
             GROUP BY TICKER_SYMBOL, window_start, window_end) D \
           ON U.TICKER_SYMBOL = D.TICKER_SYMBOL AND U.window_start = D.window_start AND U.window_end = D.window_end;\n\
         SELECT U.TICKER_SYMBOL, U.PRICE, D.PRICE AS low FROM UP U LEFT JOIN DOWN D \
           ON U.TICKER_SYMBOL = D.TICKER_SYMBOL AND ABS(U.PRICE - D.PRICE) < 0.02;",
    ),
    (
        "a Flink event-time temporal join: each row with the latest row of its sector at its time (the table versioned by its PRIMARY KEY)",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND, PRIMARY KEY (SECTOR) NOT ENFORCED);\n\
         SELECT a.TICKER_SYMBOL, a.PRICE, b.TICKER_SYMBOL AS latest, b.PRICE AS latest_price FROM T AS a \
           LEFT JOIN T FOR SYSTEM_TIME AS OF a.EVENT_TIME AS b ON a.SECTOR = b.SECTOR AND b.PRICE > 50;",
    ),
    (
        "a state TTL: an aggregate of an aggregate, DISTINCT, a LEFT join and dedup forget idle keys",
        "SET 'table.exec.state.ttl' = '400 ms';\n\
         CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         CREATE VIEW BEST AS SELECT TICKER_SYMBOL, MAX(PRICE) AS TOP, MIN(SECTOR) AS S FROM T GROUP BY TICKER_SYMBOL;\n\
         SELECT S, MIN(TOP) AS low, COUNT(*) AS n FROM BEST GROUP BY S;\n\
         SELECT DISTINCT S FROM BEST;\n\
         CREATE VIEW UP AS SELECT TICKER_SYMBOL, PRICE FROM T WHERE CHANGE > 0;\n\
         CREATE VIEW DOWN AS SELECT TICKER_SYMBOL, PRICE FROM T WHERE CHANGE <= 0;\n\
         SELECT U.TICKER_SYMBOL, U.PRICE, D.PRICE AS low FROM UP U LEFT JOIN DOWN D ON U.TICKER_SYMBOL = D.TICKER_SYMBOL;\n\
         SELECT TICKER_SYMBOL, PRICE FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY TICKER_SYMBOL ORDER BY EVENT_TIME DESC) \
           AS rn FROM T) WHERE rn = 1;",
    ),
    (
        "updating pipelines: an aggregate of an aggregate, DISTINCT, Top-N (of rows, of an aggregate, of windows), dedup",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         CREATE VIEW BEST AS SELECT TICKER_SYMBOL, MAX(PRICE) AS TOP, MIN(SECTOR) AS S FROM T GROUP BY TICKER_SYMBOL;\n\
         SELECT S, MIN(TOP) AS low, COUNT(*) AS n FROM BEST GROUP BY S;\n\
         SELECT DISTINCT S FROM BEST;\n\
         SELECT * FROM (SELECT SECTOR, TICKER_SYMBOL, PRICE, ROW_NUMBER() OVER (PARTITION BY SECTOR ORDER BY PRICE DESC) \
           AS rn FROM T) WHERE rn <= 3;\n\
         SELECT TICKER_SYMBOL, PRICE FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY TICKER_SYMBOL ORDER BY EVENT_TIME DESC) \
           AS rn FROM T) WHERE rn = 1;\n\
         SELECT * FROM (SELECT TICKER_SYMBOL, TOP, ROW_NUMBER() OVER (ORDER BY TOP DESC) AS rn FROM BEST) WHERE rn <= 3;\n\
         SELECT * FROM (SELECT window_start, TICKER_SYMBOL, PRICE, ROW_NUMBER() OVER (PARTITION BY window_start, window_end \
           ORDER BY PRICE DESC) AS rn FROM TABLE(TUMBLE(TABLE T, DESCRIPTOR(EVENT_TIME), INTERVAL '5' SECOND))) WHERE rn <= 2;",
    ),
    (
        "KDA windowed joins (RANGE and ROWS, outer) and a UNION ALL in ROWTIME order",
        "CREATE OR REPLACE STREAM \"UP\" (ticker_symbol VARCHAR(4), price REAL);\n\
         CREATE OR REPLACE PUMP \"P1\" AS INSERT INTO \"UP\" SELECT STREAM ticker_symbol, price FROM \"SOURCE_SQL_STREAM_001\" WHERE change > 0;\n\
         CREATE OR REPLACE STREAM \"DOWN\" (ticker_symbol VARCHAR(4), price REAL);\n\
         CREATE OR REPLACE PUMP \"P2\" AS INSERT INTO \"DOWN\" SELECT STREAM ticker_symbol, price FROM \"SOURCE_SQL_STREAM_001\" WHERE change <= 0;\n\
         SELECT STREAM u.ticker_symbol, u.price, d.price AS low FROM \"UP\" OVER (RANGE INTERVAL '2' SECOND PRECEDING) AS u \
           LEFT JOIN \"DOWN\" OVER (ROWS 3 PRECEDING) AS d ON u.ticker_symbol = d.ticker_symbol AND ABS(u.price - d.price) < 0.5;\n\
         SELECT STREAM ticker_symbol, price FROM \"UP\" UNION ALL SELECT STREAM ticker_symbol, price FROM \"DOWN\";",
    ),
    (
        "RANDOM_CUT_FOREST (the forest checkpointed whole) and a streaming ORDER BY",
        "SELECT STREAM TICKER_SYMBOL, PRICE, ANOMALY_SCORE \
           FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM PRICE, CHANGE, TICKER_SYMBOL FROM SOURCE_SQL_STREAM_001), 10, 32, 1000, 2)) AS s \
           ORDER BY FLOOR(s.ROWTIME TO SECOND), ANOMALY_SCORE DESC, TICKER_SYMBOL;",
    ),
    (
        "Flink's ORDER BY an event-time attribute (the rows the watermark has not passed held)",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         SELECT TICKER_SYMBOL, PRICE, EVENT_TIME FROM T ORDER BY EVENT_TIME, PRICE DESC, TICKER_SYMBOL;",
    ),
    (
        "semi and anti joins (IN, NOT EXISTS, INTERSECT, EXCEPT), a subquery as a value, LIMIT, ORDER BY … LIMIT and a ROLLUP",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         CREATE VIEW UP AS SELECT TICKER_SYMBOL, PRICE FROM T WHERE CHANGE > 0;\n\
         CREATE VIEW DOWN AS SELECT TICKER_SYMBOL, PRICE FROM T WHERE CHANGE <= 0;\n\
         SELECT TICKER_SYMBOL, PRICE FROM UP WHERE TICKER_SYMBOL IN (SELECT TICKER_SYMBOL FROM DOWN WHERE PRICE > 100);\n\
         SELECT U.TICKER_SYMBOL FROM UP U WHERE NOT EXISTS (SELECT * FROM DOWN D WHERE D.TICKER_SYMBOL = U.TICKER_SYMBOL AND D.PRICE > U.PRICE);\n\
         SELECT TICKER_SYMBOL FROM UP INTERSECT SELECT TICKER_SYMBOL FROM DOWN;\n\
         SELECT TICKER_SYMBOL FROM UP EXCEPT SELECT TICKER_SYMBOL FROM DOWN;\n\
         SELECT TICKER_SYMBOL, PRICE FROM T WHERE PRICE * 2 > (SELECT MAX(PRICE) FROM T);\n\
         SELECT TICKER_SYMBOL, PRICE FROM T LIMIT 7;\n\
         SELECT TICKER_SYMBOL, CHANGE FROM T ORDER BY CHANGE DESC LIMIT 3;\n\
         SELECT window_start, SECTOR, TICKER_SYMBOL, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE T, DESCRIPTOR(EVENT_TIME), INTERVAL '5' SECOND)) \
           GROUP BY window_start, window_end, ROLLUP (SECTOR, TICKER_SYMBOL);",
    ),
    (
        "arrays: ARRAY_AGG in a window and over a GROUP BY (DISTINCT too), UNNEST of them",
        "CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3), \
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         CREATE VIEW W AS SELECT window_start, SECTOR, ARRAY_AGG(TICKER_SYMBOL) AS tickers \
           FROM TABLE(TUMBLE(TABLE T, DESCRIPTOR(EVENT_TIME), INTERVAL '5' SECOND)) GROUP BY window_start, window_end, SECTOR;\n\
         SELECT * FROM W;\n\
         SELECT window_start, SECTOR, t, n FROM W CROSS JOIN UNNEST(tickers) WITH ORDINALITY AS u (t, n);\n\
         SELECT SECTOR, ARRAY_AGG(DISTINCT TICKER_SYMBOL) AS tickers, CARDINALITY(ARRAY_AGG(PRICE)) AS trades FROM T GROUP BY SECTOR;",
    ),
    (
        "KDA's table functions: TOP_K_ITEMS_TUMBLING and COUNT_DISTINCT_ITEMS_TUMBLING",
        "SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM SOURCE_SQL_STREAM_001), \
           'TICKER_SYMBOL', 3, 2));\n\
         SELECT STREAM * FROM TABLE(COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM SOURCE_SQL_STREAM_001), \
           'SECTOR', 1));",
    ),
    (
        "Flink's datagen connector (random values and a sequence), LISTAGG(DISTINCT) kept running in a sliding frame",
        "CREATE TABLE D (id BIGINT, k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)            WITH ('connector' = 'datagen', 'rows-per-second' = '50', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1',            'fields.id.end' = '3000', 'fields.k.length' = '1', 'fields.v.min' = '0', 'fields.v.max' = '9', 'fields.ts.max-past' = '800');\n\
         SELECT window_start, k, COUNT(*) AS n, SUM(v) AS total, MAX(id) AS last_id \
         FROM TABLE(TUMBLE(TABLE D, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY window_start, window_end, k;\n\
         SELECT k, LISTAGG(DISTINCT CAST(v AS STRING)) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS recent FROM D;",
    ),
];

fn start(app: &str, state: Box<dyn StateBackend>) -> Runtime {
    let stream = if app.contains("CREATE TABLE T") { "T" } else { "SOURCE_SQL_STREAM_001" };
    let spec = "ticker:seed=11,rate=50,count=3000,jitter=1500,late=0.02,lateness=4s,duplicates=0.01";
    // A datagen table makes its own rows: nothing is bound.
    let bindings = match app.contains("'datagen'") {
        true => vec![],
        false => vec![InputBinding { stream: stream.into(), source: InputSource::Generator(spec.parse().unwrap()) }],
    };
    runtime::build_with_state(app, bindings, DEFAULT_START, state).unwrap()
}

fn lines(rt: &mut Runtime, step: i64, until: Option<usize>) -> Vec<String> {
    let mut out = Vec::new();
    let mut steps = 0;
    while !rt.is_closed() && until.is_none_or(|u| steps < u) {
        for b in rt.run_step(step).unwrap() {
            out.extend(json_lines(&b.stream, &b.batch).unwrap());
        }
        steps += 1;
    }
    out
}

/// Where this test process keeps RocksDB directories.
fn scratch() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("kdalite-checkpoints-{}", std::process::id()))
}

/// Makes a fresh state backend.
type MakeBackend = Box<dyn Fn() -> Box<dyn StateBackend>>;

/// The backends to test against: memory, and RocksDB in a directory of its own.
fn backends() -> Vec<(&'static str, MakeBackend)> {
    #[allow(unused_mut)]
    let mut all: Vec<(&'static str, MakeBackend)> = vec![("memory", Box::new(|| Box::new(MemoryBackend::default())))];
    #[cfg(feature = "rocksdb")]
    all.push((
        "rocksdb",
        Box::new(|| {
            static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let dir = scratch().join(run.to_string());
            Box::new(kdalite::state::RocksDbBackend::open_fresh(&dir).unwrap())
        }),
    ));
    all
}

#[test]
fn a_restored_run_writes_what_an_uninterrupted_run_writes() {
    let step = 700;
    for (backend, make) in backends() {
        for (name, app) in APPS {
            restores_like_an_uninterrupted_run(&format!("{name}, {backend}"), app, step, &*make);
        }
    }
    let _ = std::fs::remove_dir_all(scratch());
}

fn restores_like_an_uninterrupted_run(name: &str, app: &str, step: i64, make: &dyn Fn() -> Box<dyn StateBackend>) {
    {
        let whole = lines(&mut start(app, make()), step, None);
        assert!(whole.len() > 50, "{name}: {} rows", whole.len());
        for checkpoint_after in [1, 7, 23, 50] {
            // Run to a checkpoint, go on a while (those rows are lost with the process), then
            // restart from the checkpoint in an application built afresh.
            let mut first = start(app, make());
            let mut out = lines(&mut first, step, Some(checkpoint_after));
            first.checkpoint("chk", b"").unwrap();
            let _lost = lines(&mut first, step, Some(9));
            let mut second = start(app, first.into_state());
            second.restore("chk", false).unwrap();
            out.extend(lines(&mut second, step, None));
            assert_eq!(out, whole, "{name}: restored after step {checkpoint_after}");
        }
    }
}

/// RocksDB is write-through: after each step it holds every open group of every window (one
/// entry per window and key, per pane, per partition, per row waiting for the watermark, …)
/// under the operator's namespace, so a checkpoint's bytes for the operator need not hold
/// them again.
#[cfg(feature = "rocksdb")]
#[test]
fn rocksdb_holds_the_windows_live_state_after_each_step() {
    let dir = scratch().join("live");
    for (name, app) in &APPS[..4] {
        let _ = std::fs::remove_dir_all(&dir);
        let mut rt = start(app, Box::new(kdalite::state::RocksDbBackend::open_fresh(&dir).unwrap()));
        let mut memory = start(app, Box::new(MemoryBackend::default()));
        for _ in 0..20 {
            rt.run_step(700).unwrap();
            memory.run_step(700).unwrap();
        }
        // The typed tables' entries, as the in-memory run counts them.
        let held: usize = memory.dataflow().iter().flat_map(|p| &p.operators).map(|o| o.state_entries).sum();
        assert!(held > 5, "{name}: {held} groups open");
        // Entries in the operators' tables, and the bytes of the operators' checkpoint records.
        let taken = |mut rt: Runtime| -> (usize, usize) {
            rt.checkpoint("chk", b"").unwrap();
            let saved = |ns: &str| ns.ends_with("/saved");
            let pairs = rt.into_state().scan_prefix(b"").unwrap();
            let tables = pairs.iter().filter(|(k, _)| kdalite::state::namespace(k).is_some_and(|ns| !saved(ns)));
            let records = pairs.iter().filter(|(k, _)| kdalite::state::namespace(k).is_some_and(saved));
            (tables.count(), records.map(|(_, v)| v.len()).sum())
        };
        let (in_tables, saved_bytes) = taken(rt);
        let (_, saved_in_memory) = taken(memory);
        assert_eq!(in_tables, held, "{name}");
        // What is left in the records: positions, and OVER's cleanup timers.
        assert!(
            saved_bytes * 4 < saved_in_memory,
            "{name}: the checkpoint's records hold the groups again ({saved_bytes} bytes, {saved_in_memory} in memory)"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A checkpoint moves between backends (exported, imported): taken with RocksDB (the groups in
/// its tables) and restored in memory, and the other way round; each restored run is
/// checkpointed and restored once more.
#[cfg(feature = "rocksdb")]
#[test]
fn a_checkpoint_restores_in_the_other_backend() {
    let step = 700;
    let rocks = || -> Box<dyn StateBackend> {
        static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Box::new(kdalite::state::RocksDbBackend::open_fresh(&scratch().join(format!("moved-{run}"))).unwrap())
    };
    let memory = || -> Box<dyn StateBackend> { Box::new(MemoryBackend::default()) };
    for (name, app) in APPS {
        let whole = lines(&mut start(app, memory()), step, None);
        for (from, to, label) in [
            (
                &rocks as &dyn Fn() -> Box<dyn StateBackend>,
                &memory as &dyn Fn() -> Box<dyn StateBackend>,
                "rocksdb to memory",
            ),
            (&memory, &rocks, "memory to rocksdb"),
            // Groups read back from RocksDB's tables, then fired: deleted there, or the second
            // checkpoint would bring them back.
            (&rocks, &rocks, "rocksdb to rocksdb"),
        ] {
            let mut first = start(app, from());
            let mut out = lines(&mut first, step, Some(15));
            first.checkpoint("chk", b"").unwrap();
            let bytes = first.into_state().export_checkpoint("chk").unwrap();
            let mut target = to();
            target.import_checkpoint("chk", &bytes).unwrap();
            let mut second = start(app, target);
            second.restore("chk", false).unwrap();
            out.extend(lines(&mut second, step, Some(10)));
            // Checkpointed again in the new backend, and restored once more.
            second.checkpoint("again", b"").unwrap();
            let mut third = start(app, second.into_state());
            third.restore("again", false).unwrap();
            out.extend(lines(&mut third, step, None));
            assert_eq!(out, whole, "{name}, {label}");
        }
    }
}

/// `csv` read as `stream`, replayed at the pace of its ROWTIMEs.
fn paced(app: &str, stream: &str, csv: String, state: Box<dyn StateBackend>) -> Runtime {
    let binding = InputBinding {
        stream: stream.into(),
        source: InputSource::File {
            name: "input.csv".into(),
            input: kdalite::source::file::FileInput::from_bytes(csv.into_bytes()),
            pace: true,
            schema: None,
        },
    };
    runtime::build_with_state(app, vec![binding], DEFAULT_START, state).unwrap()
}

/// Flink OVER with a bounded frame takes a row of a partition with no fired timer even when
/// the watermark has passed its time, and processes it after later rows. RocksDB must still
/// forget every row processed by the checkpoint (here: one after the third step), or the
/// restored run processes them again.
#[cfg(feature = "rocksdb")]
#[test]
fn over_rows_processed_out_of_time_order_are_not_restored_again() {
    let app = "CREATE TABLE T (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);\n\
               SELECT k, ts, SUM(v) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW) AS s FROM T;";
    // ROWTIME (arrival), key, value, event time. Steps of 700 ms, the first before any row:
    // A's first three rows wait through step 2 (and are written to RocksDB); in step 3, A at
    // 9 s releases them, B at 1.5 s is taken (B has no timer yet) and processed after them.
    let rows = [
        ("00.100", "A", 1, "01.000"),
        ("00.200", "A", 2, "02.000"),
        ("00.300", "A", 3, "03.000"),
        ("01.000", "A", 4, "09.000"),
        ("01.100", "B", 5, "01.500"),
        ("01.200", "A", 6, "09.500"),
        ("02.000", "A", 7, "20.000"),
        ("02.100", "B", 8, "21.000"),
    ];
    let mut csv = String::from("ROWTIME,k,v,ts\n");
    for (arrival, k, v, ts) in rows {
        csv.push_str(&format!("2026-01-01 00:00:{arrival},{k},{v},2026-01-01 00:00:{ts}\n"));
    }
    let rocks = || -> Box<dyn StateBackend> {
        static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Box::new(kdalite::state::RocksDbBackend::open_fresh(&scratch().join(format!("late-{run}"))).unwrap())
    };
    let whole = lines(&mut paced(app, "T", csv.clone(), rocks()), 700, None);
    assert_eq!(whole.iter().filter(|l| l.contains("\"k\":\"B\"")).count(), 2, "B's rows are not late: {whole:?}");
    let mut first = paced(app, "T", csv.clone(), rocks());
    let mut out = lines(&mut first, 700, Some(3));
    first.checkpoint("chk", b"").unwrap();
    let mut second = paced(app, "T", csv, first.into_state());
    second.restore("chk", false).unwrap();
    out.extend(lines(&mut second, 700, None));
    assert_eq!(out, whole);
}

/// A file replayed at the pace of its ROWTIMEs, with records that go to error_stream.
fn paced_file(app: &str, state: Box<dyn StateBackend>) -> Runtime {
    let mut csv = String::from("ROWTIME,sensor,reading\n");
    for i in 0..4000 {
        let reading = if i % 97 == 0 && i > 1000 { "broken".to_string() } else { format!("{}.{}", i % 40, i % 10) };
        csv.push_str(&format!(
            "2026-01-01 00:{:02}:{:02}.{:03},s{},{reading}\n",
            i / 3000,
            (i / 50) % 60,
            (i * 20) % 1000,
            i % 7
        ));
    }
    paced(app, "READINGS", csv, state)
}

#[test]
fn a_restored_file_input_reads_on_from_where_it_was() {
    let app = "SELECT STREAM SENSOR, COUNT(*) AS N, MAX(READING) AS TOP FROM READINGS \
               GROUP BY SENSOR, STEP(READINGS.ROWTIME BY INTERVAL '5' SECOND);";
    let step = 700;
    let whole = lines(&mut paced_file(app, Box::new(MemoryBackend::default())), step, None);
    assert!(whole.iter().filter(|l| l.contains("error_stream")).count() > 20);
    for checkpoint_after in [1, 13, 40, 90] {
        let mut first = paced_file(app, Box::new(MemoryBackend::default()));
        let mut out = lines(&mut first, step, Some(checkpoint_after));
        first.checkpoint("chk", b"").unwrap();
        let _lost = lines(&mut first, step, Some(5));
        let mut second = paced_file(app, first.into_state());
        second.restore("chk", false).unwrap();
        out.extend(lines(&mut second, step, None));
        assert_eq!(out, whole, "restored after step {checkpoint_after}");
    }
}

const PUMPS: &str = "CREATE OR REPLACE STREAM \"OUT1\" (ticker_symbol VARCHAR(4), n INTEGER);\n\
    CREATE OR REPLACE PUMP \"P1\" AS INSERT INTO \"OUT1\" SELECT STREAM ticker_symbol, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\" \
      GROUP BY ticker_symbol, STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '10' SECOND);\n";
const STAGGER: &str = "CREATE OR REPLACE STREAM \"OUT2\" (ticker_symbol VARCHAR(4), n INTEGER);\n\
    CREATE OR REPLACE PUMP \"P2\" AS INSERT INTO \"OUT2\" SELECT STREAM ticker_symbol, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\" \
      WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '3' SECOND);\n";

/// An application edited between the checkpoint and the restore.
#[test]
fn a_changed_application_restores_only_with_allow_non_restored_state() {
    let v1 = format!("{PUMPS}{STAGGER}");
    let step = 700;
    let out1 = |lines: &[String]| lines.iter().filter(|l| l.contains("\"OUT1\"")).cloned().collect::<Vec<_>>();
    let whole = out1(&lines(&mut start(&v1, Box::new(MemoryBackend::default())), step, None));
    let checkpointed = || {
        let mut rt = start(&v1, Box::new(MemoryBackend::default()));
        let before = lines(&mut rt, step, Some(20));
        rt.checkpoint("chk", b"").unwrap();
        (before, rt.into_state())
    };
    let changed_stagger = STAGGER.replace("'3' SECOND", "'5' SECOND");
    let added = "CREATE OR REPLACE STREAM \"OUT3\" (sector VARCHAR(16), n INTEGER);\n\
        CREATE OR REPLACE PUMP \"P3\" AS INSERT INTO \"OUT3\" SELECT STREAM sector, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\" \
          GROUP BY sector, STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '10' SECOND);\n";
    for (what, v2, refused) in [
        ("pump P2 removed", PUMPS.to_string(), true),
        ("pump P2's query changed", format!("{PUMPS}{changed_stagger}"), true),
        ("pump P3 added", format!("{v1}{added}"), false),
    ] {
        let (before, state) = checkpointed();
        let mut rt = start(&v2, state);
        if refused {
            let e = rt.restore("chk", false).unwrap_err().to_string();
            assert!(e.contains("state of pump \"P2\"") && e.contains("AllowNonRestoredState"), "{what}: {e}");
        }
        rt.restore("chk", true).unwrap();
        // P1 carries on as if nothing had happened; P2's old state is gone.
        let mut after = out1(&before);
        after.extend(out1(&lines(&mut rt, step, None)));
        assert_eq!(after, whole, "{what}");
    }
}

/// Named snapshots: created, listed, described, restored after the run went on, deleted.
#[test]
fn snapshots_are_created_listed_described_restored_and_deleted() {
    let app = APPS[0].1;
    let step = 700;
    let whole = lines(&mut start(app, Box::new(MemoryBackend::default())), step, None);
    let mut rt = start(app, Box::new(MemoryBackend::default()));
    let mut out = lines(&mut rt, step, Some(10));
    let before = rt.create_snapshot("before-deploy").unwrap();
    assert_eq!(before.name, "before-deploy");
    assert_eq!(before.clock, rt.now());
    assert!(before.bytes > 100);
    assert!(rt.create_snapshot("before-deploy").unwrap_err().to_string().contains("exists already"));
    assert!(rt.create_snapshot("no spaces").is_err());
    let _later = lines(&mut rt, step, Some(10));
    rt.create_snapshot("later").unwrap();
    let names: Vec<String> = rt.snapshots().unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["before-deploy", "later"]);
    assert_eq!(rt.describe_snapshot("before-deploy").unwrap(), before);

    let mut restored = start(app, rt.into_state());
    restored.restore("before-deploy", false).unwrap();
    out.extend(lines(&mut restored, step, None));
    assert_eq!(out, whole);
    restored.delete_snapshot("later").unwrap();
    assert!(restored.delete_snapshot("later").is_err());
    assert!(restored.describe_snapshot("later").is_err());
    assert_eq!(restored.snapshots().unwrap().len(), 1);
}
