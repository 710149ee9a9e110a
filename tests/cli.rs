//! The command line as scripts use it: exact output, exit codes, messages on stderr.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn kdalite(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kdalite"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kdalite runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn write_app(name: &str, sql: &str) -> String {
    let dir = std::env::temp_dir().join(format!("kdalite-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, sql).unwrap();
    path.to_string_lossy().into_owned()
}

/// KDA SQL Reference, "Aggregate Functions": the documented per-city daily rows, plus the
/// 2018-11-03 groups that the end of the file flushes.
#[test]
fn kda_weatherstream_example_prints_the_documented_rows() {
    let app = write_app(
        "weather.sql",
        "SELECT STREAM FLOOR(WEATHERSTREAM.ROWTIME TO DAY) AS FLOOR_DAY, CITY,\n\
         MIN(TEMP) AS MIN_TEMP, MAX(TEMP) AS MAX_TEMP, SUM(TEMP)/COUNT(TEMP) AS AVG_TEMP\n\
         FROM WEATHERSTREAM GROUP BY FLOOR(WEATHERSTREAM.ROWTIME TO DAY), CITY;\n",
    );
    let (code, stdout, stderr) =
        kdalite(&["run", &app, "--input", "WEATHERSTREAM=tests/data/weatherstream.csv", "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "stream,ROWTIME,FLOOR_DAY,CITY,MIN_TEMP,MAX_TEMP,AVG_TEMP\n\
         RESULT,2018-11-02 00:00:00.000,2018-11-01 00:00:00.000,Anchorage,2,10,7\n\
         RESULT,2018-11-02 00:00:00.000,2018-11-01 00:00:00.000,Denver,29,50,38\n\
         RESULT,2018-11-02 00:00:00.000,2018-11-01 00:00:00.000,Miami,65,71,68\n\
         RESULT,2018-11-03 00:00:00.000,2018-11-02 00:00:00.000,Anchorage,2,4,3\n\
         RESULT,2018-11-03 00:00:00.000,2018-11-02 00:00:00.000,Denver,39,56,47\n\
         RESULT,2018-11-04 00:00:00.000,2018-11-03 00:00:00.000,Anchorage,1,1,1\n\
         RESULT,2018-11-04 00:00:00.000,2018-11-03 00:00:00.000,Denver,36,36,36\n"
    );
}

#[test]
fn bad_sql_exits_non_zero_with_file_line_and_column() {
    let app = write_app("bad.sql", "SELECT STREAM CITY\nFROM WEATHERSTREAM WHERE;\n");
    let (code, stdout, stderr) = kdalite(&["run", &app, "--input", "WEATHERSTREAM=tests/data/weatherstream.csv"]);
    assert_ne!(code, 0);
    assert!(stdout.is_empty());
    assert!(stderr.contains("bad.sql:2:25:"), "{stderr}");
    // The position once, as compilers print it.
    assert!(!stderr.contains("at line"), "{stderr}");
}

#[test]
fn a_missing_input_file_is_an_error() {
    let app = write_app("ok.sql", "SELECT STREAM CITY FROM WEATHERSTREAM;\n");
    let (code, _, stderr) = kdalite(&["run", &app, "--input", "WEATHERSTREAM=tests/data/nope.csv"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("nope.csv"), "{stderr}");
}

#[test]
fn the_generator_feeds_an_application_and_generate_is_seeded() {
    let app = write_app(
        "ticker.sql",
        "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N FROM SOURCE_SQL_STREAM_001\n\
         GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);\n",
    );
    let (code, stdout, stderr) =
        kdalite(&["run", &app, "--generator", "SOURCE_SQL_STREAM_001=ticker:seed=3,rate=10,count=200"]);
    assert_eq!(code, 0, "{stderr}");
    let total: u64 =
        stdout.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["N"].as_u64().unwrap()).sum();
    assert_eq!(total, 200, "every generated row is counted once");

    let (_, first, _) = kdalite(&["generate", "ticker:seed=3,count=5"]);
    let (_, second, _) = kdalite(&["generate", "ticker:seed=3,count=5"]);
    assert_eq!(first, second);
    assert_eq!(first.lines().count(), 5);
}

/// A JSON-lines file through `--input`: read into the declared stream, its bad lines (one
/// not JSON, one with a value that is not an INTEGER) in error_stream with their text.
#[test]
fn a_json_lines_input_is_read_and_its_bad_lines_reported() {
    let data = write_app(
        "readings.jsonl",
        "{\"city\": \"Denver\", \"temp\": 29}\n{\"city\": \"Lima\", \"temp\": \"warm\"}\noops\n{\"city\": \"Miami\", \"temp\": 30}\n",
    );
    let app = write_app(
        "json.sql",
        "CREATE OR REPLACE STREAM READINGS (city VARCHAR(16), temp INTEGER);\nSELECT STREAM CITY, TEMP FROM READINGS;\n",
    );
    let (code, stdout, stderr) = kdalite(&["run", &app, "--input", &format!("READINGS={data}"), "--format", "jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    let errors: Vec<&&str> = lines.iter().filter(|l| l.contains("\"stream\":\"error_stream\"")).collect();
    assert_eq!(errors.len(), 2, "{stdout}");
    assert!(errors.iter().any(|l| l.contains("'warm' is not a valid INTEGER") && l.contains("Lima")), "{stdout}");
    assert!(errors.iter().any(|l| l.contains("line 3") && l.contains("\"DATA_ROW\":\"oops\"")), "{stdout}");
    assert!(stdout.contains("\"CITY\":\"Denver\",\"TEMP\":29") && stdout.contains("\"CITY\":\"Miami\",\"TEMP\":30"));
}

/// Every generator, with chaos knobs, gives the same rows for the same settings.
#[test]
fn every_generator_is_seeded() {
    for spec in [
        "sensors:seed=4,count=20,jitter=2s,late=0.2",
        "clicks:seed=4,count=20,duplicates=0.3",
        "weblogs:seed=4,count=5,skew=5s",
        "nexmark:table=auction,seed=4,count=10,burst=1s",
    ] {
        let (code, first, stderr) = kdalite(&["generate", spec, "--format", "csv"]);
        assert_eq!(code, 0, "{spec}: {stderr}");
        assert_eq!(kdalite(&["generate", spec, "--format", "csv"]).1, first, "{spec}");
        assert!(first.lines().count() > 5, "{spec}: {first}");
    }
}

/// KDA's reference data tutorial: the ticker stream joined to a company-name file.
#[test]
fn a_reference_table_joins_the_ticker_stream() {
    let app = write_app(
        "reference.sql",
        "CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (ticker_symbol VARCHAR(4), \"Company\" VARCHAR(20), price DOUBLE);\n\
         CREATE OR REPLACE PUMP \"STREAM_PUMP\" AS INSERT INTO \"DESTINATION_SQL_STREAM\"\n\
         SELECT STREAM ticker_symbol, \"c\".company, price\n\
         FROM \"SOURCE_SQL_STREAM_001\" LEFT JOIN \"CompanyName\" AS \"c\"\n\
         ON \"SOURCE_SQL_STREAM_001\".ticker_symbol = \"c\".ticker;\n",
    );
    let (code, stdout, stderr) = kdalite(&[
        "run",
        &app,
        "--generator",
        "SOURCE_SQL_STREAM_001=ticker:seed=3,count=200",
        "--reference",
        "CompanyName=tests/data/company_names.csv",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<Vec<&str>> = stdout.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 200, "a LEFT join keeps every trade");
    // stream, ROWTIME, TICKER_SYMBOL, Company, PRICE
    let company = |ticker: &str| rows.iter().find(|r| r[2] == ticker).map(|r| r[3]);
    assert_eq!(company("AMZN"), Some("Amazon"));
    assert!(rows.iter().all(|r| (r[2] == "AMZN") == (r[3] == "Amazon")), "only AMZN is Amazon");
    assert!(rows.iter().any(|r| r[3].is_empty()), "tickers not in the file have no company");
}

/// A Parquet file: columns discovered from its own schema (a list read as its text), rows
/// read in batches, a value that does not fit the declared type in error_stream.
#[cfg(feature = "parquet")]
#[test]
fn a_parquet_file_is_an_input() {
    use std::sync::Arc;

    use arrow_array::builder::{ListBuilder, StringBuilder};
    use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray};

    let mut tags = ListBuilder::new(StringBuilder::new());
    for row in [&["sunny"][..], &[], &["rain", "wind"]] {
        for tag in row {
            tags.values().append_value(tag);
        }
        tags.append(true);
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            "observed",
            Arc::new(TimestampMicrosecondArray::from(vec![
                1_541_030_400_000_000,
                1_541_034_000_000_000,
                1_541_037_600_000_000,
            ])),
        ),
        ("City", Arc::new(StringArray::from(vec!["Denver", "Miami", "Oslo"]))),
        ("temp", Arc::new(Int64Array::from(vec![29, 300, 3]))),
        ("tags", Arc::new(tags.finish())),
    ];
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let path = std::env::temp_dir().join(format!("kdalite-cli-{}.parquet", std::process::id()));
    let mut writer =
        parquet::arrow::ArrowWriter::try_new(std::fs::File::create(&path).unwrap(), batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    let input = format!("W={}", path.display());

    let app = write_app("parquet.sql", "SELECT STREAM OBSERVED, CITY, TEMP, TAGS FROM W;\n");
    let (code, stdout, stderr) = kdalite(&["run", &app, "--input", &input, "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.lines().skip(1).map(|l| l.split_once(',').unwrap().1.split_once(',').unwrap().1).collect::<Vec<_>>(),
        [
            "2018-11-01 00:00:00.000,Denver,29,[sunny]",
            "2018-11-01 01:00:00.000,Miami,300,[]",
            "2018-11-01 02:00:00.000,Oslo,3,\"[rain, wind]\""
        ]
    );

    let app = write_app(
        "parquet_declared.sql",
        "CREATE OR REPLACE STREAM W (CITY VARCHAR(8), TEMP TINYINT);\nSELECT STREAM CITY, TEMP FROM W;\n",
    );
    let (code, stdout, stderr) = kdalite(&["run", &app, "--input", &input]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.contains("\"stream\":\"RESULT\"")).count(), 2);
    let error = lines.iter().find(|l| l.contains("error_stream")).expect("an error row");
    assert!(error.contains("column TEMP: '300' is not a valid TINYINT"), "{error}");
    assert!(error.contains("Miami,300,[]"), "{error}");
    let _ = std::fs::remove_file(&path);
}

/// The same application gives the same rows with its state in RocksDB as in memory: a stagger
/// window and an updating GROUP BY, whose state goes through the backend.
#[cfg(feature = "rocksdb")]
#[test]
fn rocksdb_state_gives_the_same_rows_as_memory() {
    let app = write_app(
        "state.sql",
        "CREATE OR REPLACE STREAM \"OUT\" (ticker_symbol VARCHAR(4), trades INTEGER, avg_price DOUBLE);\n\
         CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"OUT\"\n\
         SELECT STREAM ticker_symbol, COUNT(*), AVG(price) FROM \"SOURCE_SQL_STREAM_001\"\n\
         WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE);\n\
         SELECT SECTOR, COUNT(*) AS n FROM SOURCE_SQL_STREAM_001 GROUP BY SECTOR;\n",
    );
    let dir = std::env::temp_dir().join(format!("kdalite-cli-state-{}", std::process::id()));
    let generator = "SOURCE_SQL_STREAM_001=ticker:seed=5,count=5000";
    let (code, memory, stderr) = kdalite(&["run", &app, "--generator", generator]);
    assert_eq!(code, 0, "{stderr}");
    let state = format!("rocksdb:{}", dir.display());
    for _ in 0..2 {
        // A second run starts from empty state, not from what the first left.
        let (code, rocks, stderr) = kdalite(&["run", &app, "--generator", generator, "--state", &state]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(rocks, memory);
    }
    assert!(memory.lines().count() > 500);
    assert!(dir.join("live").is_dir());
    let (code, _, stderr) = kdalite(&["run", &app, "--generator", generator, "--state", "disk"]);
    assert_eq!((code, stderr.trim()), (1, "kdalite: --state disk: expected memory or rocksdb:DIR"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Exactly-once output: a checkpointed run killed with SIGKILL at several moments and rerun
/// with --restore leaves the output file byte for byte as an uninterrupted run does. Its state
/// is in RocksDB, written through by every kind of window (KDA tumbling and sliding, Flink HOP
/// and SESSION), by joins (an interval join, and a regular LEFT join that retracts), and by
/// updating pipelines (an aggregate of an aggregate, and a Top-N).
#[cfg(feature = "rocksdb")]
#[test]
fn kill_minus_nine_then_restore_gives_the_uninterrupted_output() {
    let app = write_app(
        "checkpointed.sql",
        "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N, AVG(PRICE) AS P FROM SOURCE_SQL_STREAM_001\n\
         GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);\n\
         SELECT STREAM TICKER_SYMBOL, PRICE FROM SOURCE_SQL_STREAM_001 WHERE CHANGE > 0.5;\n\
         SELECT STREAM TICKER_SYMBOL, MAX(PRICE) OVER (PARTITION BY SECTOR RANGE INTERVAL '4' SECOND PRECEDING) AS TOP\n\
           FROM SOURCE_SQL_STREAM_001 WHERE CHANGE < -1;\n\
         CREATE TABLE T (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP(3),\n\
           WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);\n\
         SELECT window_start, window_end, SECTOR, SUM(PRICE) AS total FROM TABLE(HOP(TABLE T, DESCRIPTOR(EVENT_TIME),\n\
           INTERVAL '2' SECOND, INTERVAL '6' SECOND)) GROUP BY window_start, window_end, SECTOR;\n\
         SELECT window_start, window_end, TICKER_SYMBOL, COUNT(*) AS n FROM TABLE(SESSION(TABLE T PARTITION BY TICKER_SYMBOL,\n\
           DESCRIPTOR(EVENT_TIME), INTERVAL '1' SECOND)) GROUP BY window_start, window_end, TICKER_SYMBOL;\n\
         CREATE VIEW UP AS SELECT TICKER_SYMBOL, PRICE, EVENT_TIME FROM T WHERE CHANGE > 0;\n\
         CREATE VIEW DOWN AS SELECT TICKER_SYMBOL, PRICE, EVENT_TIME FROM T WHERE CHANGE <= 0;\n\
         SELECT U.TICKER_SYMBOL, U.PRICE, D.PRICE AS low FROM UP U JOIN DOWN D ON U.TICKER_SYMBOL = D.TICKER_SYMBOL\n\
           AND U.EVENT_TIME BETWEEN D.EVENT_TIME - INTERVAL '0.01' SECOND AND D.EVENT_TIME + INTERVAL '0.01' SECOND;\n\
         SELECT U.TICKER_SYMBOL, U.PRICE, D.PRICE AS low FROM UP U LEFT JOIN DOWN D\n\
           ON U.TICKER_SYMBOL = D.TICKER_SYMBOL AND CAST(U.PRICE * 1000 AS INT) = CAST(D.PRICE * 1000 AS INT);\n\
         CREATE VIEW BEST AS SELECT TICKER_SYMBOL, MAX(PRICE) AS TOP FROM T GROUP BY TICKER_SYMBOL;\n\
         SELECT MIN(TOP) AS low, COUNT(*) AS n FROM BEST;\n\
         SELECT * FROM (SELECT SECTOR, TICKER_SYMBOL, PRICE, ROW_NUMBER() OVER (PARTITION BY SECTOR ORDER BY PRICE DESC)\n\
           AS rn FROM T) WHERE rn <= 3;\n",
    );
    let dir = std::env::temp_dir().join(format!("kdalite-cli-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let args = |run: &str, restore: bool| {
        let mut args: Vec<String> = [
            "run",
            app.as_str(),
            "--generator",
            "SOURCE_SQL_STREAM_001=ticker:seed=3,rate=500,count=50000,jitter=800,duplicates=0.01",
            "--generator",
            "T=ticker:seed=4,rate=500,count=50000,jitter=800,late=0.01",
            "--checkpoint-interval",
            "1000",
        ]
        .map(String::from)
        .to_vec();
        for (flag, what) in [("--state", "state"), ("--checkpoint-dir", "checkpoints"), ("--output", "out.jsonl")] {
            let path = dir.join(run).join(what);
            args.push(flag.into());
            args.push(if flag == "--state" {
                format!("rocksdb:{}", path.display())
            } else {
                path.display().to_string()
            });
        }
        if restore {
            args.push("--restore".into());
        }
        args
    };
    let exe = env!("CARGO_BIN_EXE_kdalite");
    let started = std::time::Instant::now();
    let status = Command::new(exe).args(args("whole", false)).status().unwrap();
    let took = started.elapsed();
    assert!(status.success());
    let whole = std::fs::read(dir.join("whole/out.jsonl")).unwrap();
    assert!(whole.len() > 100_000);

    for (i, share) in [0.1, 0.35, 0.6, 0.85].iter().enumerate() {
        let run = format!("killed-{i}");
        std::fs::create_dir_all(dir.join(&run)).unwrap();
        let mut child = Command::new(exe).args(args(&run, false)).spawn().unwrap();
        std::thread::sleep(took.mul_f64(*share));
        child.kill().unwrap(); // SIGKILL: no chance to tidy up
        child.wait().unwrap();
        let status = Command::new(exe).args(args(&run, true)).status().unwrap();
        assert!(status.success());
        let restored = std::fs::read(dir.join(&run).join("out.jsonl")).unwrap();
        assert!(restored == whole, "killed after {share} of the run: the output differs");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--restore` with no checkpoint to restore starts the run over, from empty state: what an
/// earlier run left in RocksDB's live state (here a whole run's, checkpointing too seldom to
/// take one) is not carried on from.
#[cfg(feature = "rocksdb")]
#[test]
fn restore_without_a_checkpoint_starts_from_empty_state() {
    let app = write_app(
        "unchecked.sql",
        "SELECT SECTOR, COUNT(*) AS n FROM SOURCE_SQL_STREAM_001 WHERE PRICE > 100 GROUP BY SECTOR;\n\
         SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N FROM SOURCE_SQL_STREAM_001\n\
         GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);\n",
    );
    let dir = std::env::temp_dir().join(format!("kdalite-cli-unchecked-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (state, checkpoints, output) =
        (format!("rocksdb:{}", dir.join("state").display()), dir.join("ck"), dir.join("out.jsonl"));
    let run = |restore: bool| {
        let mut args = vec![
            "run",
            &app,
            "--generator",
            "SOURCE_SQL_STREAM_001=ticker:seed=8,rate=100,count=3000",
            "--state",
            &state,
            "--checkpoint-dir",
            checkpoints.to_str().unwrap(),
            // Later than the run's 30 s: no checkpoint is taken.
            "--checkpoint-interval",
            "3600000",
            "--output",
            output.to_str().unwrap(),
        ];
        if restore {
            args.push("--restore");
        }
        let (code, _, stderr) = kdalite(&args);
        assert_eq!(code, 0, "{stderr}");
        std::fs::read_to_string(&output).unwrap()
    };
    let first = run(false);
    assert!(first.lines().count() > 100);
    let again = run(true);
    let differs = first.lines().zip(again.lines()).position(|(a, b)| a != b);
    assert!(again == first, "the rerun differs from line {differs:?}: {:?}", again.lines().next());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `kdalite export --to flink`: the bundle's files, its paths absolute under --out, the
/// weather example's rows as the job's input and as what its sink should hold; a construct
/// Flink cannot express refused at its line and column, and written approximately with
/// --approximate.
#[test]
fn export_writes_a_flink_job_bundle_or_says_what_flink_cannot_express() {
    let app = write_app(
        "export.sql",
        "CREATE OR REPLACE STREAM DEST (city VARCHAR(16), n BIGINT);\n\
         CREATE OR REPLACE PUMP P AS INSERT INTO DEST\n\
         SELECT STREAM city, COUNT(*) FROM WEATHERSTREAM GROUP BY city, FLOOR(WEATHERSTREAM.ROWTIME TO DAY);\n",
    );
    let out = std::env::temp_dir().join(format!("kdalite-export-{}", std::process::id()));
    let out_text = out.to_string_lossy().into_owned();
    let (code, stdout, stderr) = kdalite(&[
        "export",
        &app,
        "--to",
        "flink",
        "--out",
        &out_text,
        "--input",
        "WEATHERSTREAM=tests/data/weatherstream.csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("0 approximations"), "{stdout}");
    let job = std::fs::read_to_string(out.join("job.sql")).unwrap();
    let dir = out.canonicalize().unwrap();
    assert!(job.contains(&format!("'path' = 'file://{}/data/WEATHERSTREAM.jsonl'", dir.display())), "{job}");
    assert!(job.contains("TABLE(TUMBLE(TABLE `WEATHERSTREAM`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' DAY))"), "{job}");
    assert!(job.contains("GROUP BY `CITY`, `window_start`, `window_end`"), "{job}");
    let data = std::fs::read_to_string(out.join("data/WEATHERSTREAM.jsonl")).unwrap();
    assert_eq!(data.lines().count(), 18, "{data}");
    let expected = std::fs::read_to_string(out.join("expected/DEST.jsonl")).unwrap();
    assert!(
        expected.starts_with("{\"ROWTIME\":\"2018-11-02 00:00:00.000\",\"CITY\":\"Anchorage\",\"N\":3}\n"),
        "{expected}"
    );
    for file in ["README.md", "run.py"] {
        assert!(out.join(file).exists(), "{file}");
    }

    let stagger = write_app(
        "stagger.sql",
        "CREATE OR REPLACE STREAM DEST (city VARCHAR(16), n BIGINT);\n\
         CREATE OR REPLACE PUMP P AS INSERT INTO DEST\n\
         SELECT STREAM city, COUNT(*) FROM WEATHERSTREAM\n\
         WINDOWED BY STAGGER(PARTITION BY city RANGE INTERVAL '1' HOUR);\n",
    );
    let args = [
        "export",
        &stagger,
        "--to",
        "flink",
        "--out",
        &out_text,
        "--input",
        "WEATHERSTREAM=tests/data/weatherstream.csv",
    ];
    let (code, _, stderr) = kdalite(&args);
    assert_ne!(code, 0);
    assert!(stderr.contains("stagger.sql:4:13:") && stderr.contains("no stagger window"), "{stderr}");
    let (code, stdout, stderr) = kdalite(&[&args[..], &["--approximate"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 approximations"), "{stdout}");
    let job = std::fs::read_to_string(out.join("job.sql")).unwrap();
    assert!(
        job.contains("-- kdalite approximate (line 4, column 13): the stagger window became a tumbling window"),
        "{job}"
    );
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("**Approximate:** the stagger window"), "{readme}");

    // A generator without `count` gives its first rows, and the README says how many.
    let counts = write_app(
        "counts.sql",
        "CREATE OR REPLACE STREAM DEST (sym VARCHAR(4), n BIGINT);\n\
         CREATE OR REPLACE PUMP P AS INSERT INTO DEST\n\
         SELECT STREAM ticker_symbol, COUNT(*) FROM S GROUP BY ticker_symbol, STEP(S.ROWTIME BY INTERVAL '1' MINUTE);\n",
    );
    let (code, _, stderr) =
        kdalite(&["export", &counts, "--to", "flink", "--out", &out_text, "--generator", "S=ticker:rate=100"]);
    assert_eq!(code, 0, "{stderr}");
    let data = std::fs::read_to_string(out.join("data/S.jsonl")).unwrap();
    assert_eq!(data.lines().count(), 10_000);
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("`S`'s generator runs without end: the job's input is its first 10000 rows"), "{readme}");
    let run_py = std::fs::read_to_string(out.join("run.py")).unwrap();
    assert!(run_py.contains(&format!("BASE = \"file://{}/\"", dir.display())), "{run_py}");
    std::fs::remove_dir_all(&out).unwrap();
}

/// `kdalite bench nexmark`: a row per query with its events, rows out, CPU seconds, events per
/// CPU-second, peak state and peak memory; the row counts are the queries' own (the same
/// events give the same rows), and a query the suite does not have is refused.
#[test]
fn bench_nexmark_prints_a_row_per_query() {
    let (code, stdout, stderr) =
        kdalite(&["bench", "nexmark", "--queries", "q0,q13,q5", "--events", "20000", "--sink", "jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].contains("20000 events a query") && lines[0].contains("sink jsonl"), "{stdout}");
    assert!(lines[1].starts_with("query") && lines[1].contains("events/CPU-s"), "{stdout}");
    let rows: Vec<Vec<&str>> = lines[2..].iter().map(|l| l.split_whitespace().collect()).collect();
    let names: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(names, ["q0", "q13", "q5"], "{stdout}");
    for row in &rows {
        assert_eq!(row[1], "20000", "{stdout}");
        assert!(row[3].parse::<f64>().unwrap() >= 0.0 && row[4].parse::<f64>().unwrap() > 0.0, "{stdout}");
        assert!(matches!(row[5], "M" | "K") && row[8] == "MB", "{stdout}");
    }
    // q0 passes the bids through: 46 of every 50 events.
    assert_eq!(rows[0][2], "18400", "{stdout}");
    let (code, _, stderr) = kdalite(&["bench", "nexmark", "--queries", "q6"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("no Nexmark query q6"), "{stderr}");

    // Beside Flink only where PyFlink is: otherwise it says what to install.
    let out = Command::new(env!("CARGO_BIN_EXE_kdalite"))
        .args(["bench", "nexmark", "--queries", "q0", "--against", "flink"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("KDALITE_FLINK_PYTHON", "/nonexistent/python")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("pip install apache-flink==2.3.0"), "{stderr}");
}

#[test]
fn templates_lists_the_pages_templates_and_prints_one_by_name() {
    let (code, stdout, stderr) = kdalite(&["templates"]);
    assert_eq!(code, 0, "{stderr}");
    let templates: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(templates.len(), kdalite::templates::TEMPLATES.len());
    let hotspots =
        templates.iter().find(|t| t["name"] == "KDA: dense regions (HOTSPOTS)").expect("the HOTSPOTS template");
    assert_eq!(hotspots["generator"], "hotspots");
    let (code, sql, _) = kdalite(&["templates", "HOTSPOTS"]);
    assert_eq!(code, 0);
    assert_eq!(sql, hotspots["sql"].as_str().unwrap());
    let (code, _, stderr) = kdalite(&["templates", "KDA"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("names several templates"), "{stderr}");
}
