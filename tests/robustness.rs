//! Bad input never crashes anything: random mutations of every SQL case in tests/slt go
//! through parsing, planning and a run, and each must end in rows or an error, not a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Cursor;

use kdalite::runtime::{self, InputBinding, InputSource};
use kdalite::source::ticker::DEFAULT_START;

const WEATHER: &str = include_str!("data/weatherstream.csv");
const BID: &str = include_str!("data/bid.csv");

/// The application code of every case in tests/slt.
fn seeds() -> Vec<String> {
    let dir = format!("{}/tests/slt", env!("CARGO_MANIFEST_DIR"));
    let mut apps = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(path).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line == "-- app" {
                current = Some(String::new());
            } else if line.starts_with("-- ") || line.starts_with("=== ") {
                apps.extend(current.take());
            } else if let Some(app) = current.as_mut() {
                app.push_str(line);
                app.push('\n');
            }
        }
        apps.extend(current);
    }
    apps
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
fn run(app: &str) -> bool {
    // Bind the inputs the code names (binding a stream the code lacks is an error of its own).
    let upper = app.to_uppercase();
    let mut bindings = Vec::new();
    if upper.contains("WEATHERSTREAM") {
        bindings.push(InputBinding {
            stream: "WEATHERSTREAM".into(),
            source: InputSource::File {
                name: "weather.csv".into(),
                reader: Box::new(Cursor::new(WEATHER.as_bytes().to_vec())),
            },
        });
    }
    if upper.contains("BID") {
        bindings.push(InputBinding {
            stream: "Bid".into(),
            source: InputSource::File {
                name: "bid.csv".into(),
                reader: Box::new(Cursor::new(BID.as_bytes().to_vec())),
            },
        });
    }
    if upper.contains("SOURCE_SQL_STREAM_001") && !upper.contains("STREAM \"SOURCE_SQL_STREAM_001\" (") {
        bindings.push(InputBinding {
            stream: "SOURCE_SQL_STREAM_001".into(),
            source: InputSource::Generator("ticker:count=50".parse().unwrap()),
        });
    }
    match runtime::build(app, bindings, DEFAULT_START) {
        Ok(mut rt) => {
            let _ = rt.run_to_end(|_| Ok(()));
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
        let app = mutate(&seeds[i % seeds.len()], &mut rng);
        match std::panic::catch_unwind(|| run(&app)) {
            Ok(true) => started += 1,
            Ok(false) => {}
            Err(_) => failures.push(app),
        }
    }
    assert!(failures.is_empty(), "{} mutated application(s) panicked; the first:\n{:?}", failures.len(), failures[0]);
    // The mutations must also reach the planner and the operators, not only the parser.
    assert!(started * 100 > runs * 3, "only {started} of {runs} mutated applications started");
}
