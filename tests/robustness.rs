//! Bad input never crashes anything: random mutations of every SQL case in tests/slt go
//! through parsing, planning and a run, and each must end in rows or an error, not a panic.
#![cfg(not(target_arch = "wasm32"))]

use kdalite::runtime::{self, InputBinding, InputSource};
use kdalite::source::file::FileInput;
use kdalite::source::DEFAULT_START;

const WEATHER: &str = include_str!("data/weatherstream.csv");
const BID: &str = include_str!("data/bid.csv");

/// A case of tests/slt: its application code and its inline CSV inputs (name, text).
struct Seed {
    app: String,
    inputs: Vec<(String, String)>,
}

/// The application code of every case in tests/slt, with its inline inputs.
fn seeds() -> Vec<Seed> {
    let dir = format!("{}/tests/slt", env!("CARGO_MANIFEST_DIR"));
    let mut seeds: Vec<Seed> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(path).unwrap();
        let mut section = "";
        for line in text.lines() {
            if line.starts_with("=== ") {
                seeds.push(Seed { app: String::new(), inputs: vec![] });
                section = "";
            } else if line == "-- app" {
                section = "app";
            } else if let Some(name) = line.strip_prefix("-- input ").filter(|n| !n.contains(' ')) {
                seeds.last_mut().unwrap().inputs.push((name.to_string(), String::new()));
                section = "input";
            } else if line.starts_with("-- ") {
                section = "";
            } else if let Some(seed) = seeds.last_mut() {
                let target = match section {
                    "app" => &mut seed.app,
                    "input" => &mut seed.inputs.last_mut().unwrap().1,
                    _ => continue,
                };
                target.push_str(line);
                target.push('\n');
            }
        }
    }
    seeds.retain(|s| !s.app.is_empty());
    seeds
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    ",",
    ";",
    "'",
    "\"",
    "SELECT",
    "STREAM",
    "FROM",
    "WHERE",
    "GROUP BY",
    "OVER",
    "WINDOW",
    "TABLE(",
    "TUMBLE(",
    "DESCRIPTOR(",
    "INTERVAL '0' SECOND",
    "INTERVAL '-5' MINUTE",
    "NULL",
    "1/0",
    "CAST(",
    "AS",
    "CASE WHEN",
    "END",
    "ROWTIME",
    "*",
    "-",
    "9999999999999999999999",
    "STAGGER(",
    "PARTITION BY",
    "RANGE",
    "ROWS",
    "WATERMARK FOR",
    "EXPLAIN",
    "COUNT(DISTINCT",
    "'%_'",
    "é",
    "\n",
];

fn mutate(app: &str, rng: &mut Rng) -> String {
    // Half the time, a gentle mutation that often keeps the SQL well-formed, so the planner
    // and the operators are exercised too: one word replaced by another word of the code.
    if rng.below(2) == 0 {
        let words: Vec<&str> =
            app.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\'')).filter(|w| !w.is_empty()).collect();
        if words.len() > 1 {
            let (from, to) = (words[rng.below(words.len())], words[rng.below(words.len())]);
            return app.replacen(from, to, 1);
        }
    }
    let mut text: Vec<char> = app.chars().collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(text.len() + 1);
        match rng.below(4) {
            0 if !text.is_empty() => {
                let end = (at + 1 + rng.below(12)).min(text.len());
                text.drain(at.min(end)..end);
            }
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                for (i, c) in fragment.chars().enumerate() {
                    text.insert(at + i, c);
                }
            }
            2 if text.len() > 2 => {
                let from = rng.below(text.len() - 1);
                let piece: Vec<char> = text[from..(from + 1 + rng.below(20)).min(text.len())].to_vec();
                for (i, c) in piece.into_iter().enumerate() {
                    text.insert(at.min(text.len()) + i, c);
                }
            }
            _ => text.truncate(at),
        }
    }
    text.into_iter().collect()
}

/// Runs `app`; true if it started (the others fail with an error, which is fine too).
fn run(app: &str, inputs: &[(String, String)]) -> bool {
    // Bind the inputs the code names (binding a stream the code lacks is an error of its own).
    let upper = app.to_uppercase();
    let mut bindings = Vec::new();
    for (name, csv) in inputs.iter().filter(|(name, _)| upper.contains(&name.to_uppercase())) {
        bindings.push(InputBinding {
            stream: name.clone(),
            source: InputSource::File {
                name: format!("{name}.csv"),
                input: FileInput::from_bytes(csv.as_bytes().to_vec()),
                pace: false,
                schema: None,
            },
        });
    }
    let bound = |name: &str, bindings: &Vec<InputBinding>| bindings.iter().any(|b| b.stream.eq_ignore_ascii_case(name));
    if upper.contains("WEATHERSTREAM") && !bound("WEATHERSTREAM", &bindings) {
        bindings.push(InputBinding {
            stream: "WEATHERSTREAM".into(),
            source: InputSource::File {
                name: "weather.csv".into(),
                input: FileInput::from_bytes(WEATHER.as_bytes().to_vec()),
                pace: false,
                schema: None,
            },
        });
    }
    if upper.contains("BID") && !bound("Bid", &bindings) {
        bindings.push(InputBinding {
            stream: "Bid".into(),
            source: InputSource::File {
                name: "bid.csv".into(),
                input: FileInput::from_bytes(BID.as_bytes().to_vec()),
                pace: false,
                schema: None,
            },
        });
    }
    if upper.contains("SOURCE_SQL_STREAM_001")
        && !upper.contains("STREAM \"SOURCE_SQL_STREAM_001\" (")
        && !bound("SOURCE_SQL_STREAM_001", &bindings)
    {
        bindings.push(InputBinding {
            stream: "SOURCE_SQL_STREAM_001".into(),
            source: InputSource::Generator("ticker:count=50".parse().unwrap()),
        });
    }
    match runtime::build(app, bindings, DEFAULT_START) {
        Ok(mut rt) => {
            // A mutation can leave a generator without an end, or with billions of rows: the
            // clock moves a second at a time, and a run stops after a million rows read (more
            // than any seed's).
            while !rt.is_closed() && rt.metrics().records_read < 1_000_000 {
                if rt.run_step(1_000).is_err() {
                    break;
                }
            }
            true
        }
        Err(_) => false,
    }
}

#[test]
fn mutated_sql_never_panics() {
    let seeds = seeds();
    assert!(seeds.len() > 20, "the cases in tests/slt are the seeds");
    // KDALITE_FUZZ_SEED and KDALITE_FUZZ_RUNS explore further by hand; the defaults are fixed.
    let env = |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let mut rng = Rng(env("KDALITE_FUZZ_SEED", 0x5eed_cafe));
    let runs = env("KDALITE_FUZZ_RUNS", 10_000) as usize;
    let mut failures = Vec::new();
    let mut started = 0;
    for i in 0..runs {
        let seed = &seeds[i % seeds.len()];
        let app = mutate(&seed.app, &mut rng);
        match std::panic::catch_unwind(|| run(&app, &seed.inputs)) {
            Ok(true) => started += 1,
            Ok(false) => {}
            Err(_) => failures.push(app),
        }
    }
    assert!(failures.is_empty(), "{} mutated application(s) panicked; the first:\n{:?}", failures.len(), failures[0]);
    // The mutations must also reach the planner and the operators, not only the parser.
    assert!(started * 100 > runs * 3, "only {started} of {runs} mutated applications started");
}

/// Bytes that break files: delimiters, quotes, line ends, braces, a BOM, invalid UTF-8.
const FILE_FRAGMENTS: &[&[u8]] = &[
    b",",
    b";",
    b"\"",
    b"\n",
    b"\r\n",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\0",
    b"null",
    b"1e999",
];

fn mutate_bytes(data: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = data.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(4) {
            0 => {
                let fragment = FILE_FRAGMENTS[rng.below(FILE_FRAGMENTS.len())];
                out.splice(at..at, fragment.iter().copied());
            }
            1 if !out.is_empty() => {
                let end = (at + 1 + rng.below(12)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 if !out.is_empty() => {
                let last = out.len() - 1;
                out[at.min(last)] = rng.next() as u8;
            }
            _ => out.truncate(at),
        }
    }
    out
}

/// Every row of a JSON-lines file comes out, or goes to error_stream: never lost, never a panic.
#[test]
fn mutated_files_never_panic_and_lose_no_row() {
    let json: String = WEATHER
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{{\"ROWTIME\": \"{}\", \"CITY\": \"{}\", \"TEMP\": {}}}\n", f[0], f[1], f[2])
        })
        .collect();
    let app = "SELECT STREAM CITY, TEMP FROM WEATHERSTREAM;";
    let mut rng = Rng(0xf11e_5eed);
    let mut checked = 0;
    for i in 0..2_000 {
        let (name, base) = if i % 2 == 0 { ("w.csv", WEATHER.as_bytes()) } else { ("w.jsonl", json.as_bytes()) };
        let data = mutate_bytes(base, &mut rng);
        let outcome = std::panic::catch_unwind(|| {
            let binding = InputBinding {
                stream: "WEATHERSTREAM".into(),
                source: InputSource::File {
                    name: name.into(),
                    input: FileInput::from_bytes(data.clone()),
                    pace: false,
                    schema: None,
                },
            };
            let mut rt = runtime::build(app, vec![binding], DEFAULT_START).ok()?;
            let (mut out, mut errors) = (0, 0);
            rt.run_to_end(|batches| {
                for b in batches {
                    match b.stream.as_str() {
                        "RESULT" => out += b.batch.num_rows(),
                        "error_stream" => errors += b.batch.num_rows(),
                        _ => {}
                    }
                }
                Ok(())
            })
            .ok()?;
            Some((out, errors))
        });
        let Ok(counts) = outcome else { panic!("{name} mutated to {:?} panicked", String::from_utf8_lossy(&data)) };
        // JSON lines: every non-blank line is one record, so rows in = rows out + rows in error.
        if let (Some((out, errors)), "w.jsonl") = (counts, name) {
            let records = data.split(|b| *b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
            assert_eq!(out + errors, records, "{name} mutated to {:?}", String::from_utf8_lossy(&data));
            checked += 1;
        }
    }
    // The rest are cut to nothing or lose every column the stream reads: clear errors.
    assert!(checked > 600, "only {checked} of 1000 mutated JSON files ran");
}
