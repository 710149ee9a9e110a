//! Updating results are right at every step: for random rows through updating pipelines (an
//! aggregate of an aggregate, DISTINCT over it, Top-N, an aggregate of a Top-N, a Top-N of an
//! aggregate, joins of an aggregate, deduplication), the changelog kdalite emits over the first i rows, applied as a table,
//! equals the query recomputed from scratch over those i rows (by a direct model of the query
//! here), for every i. Applying a changelog also checks that every `-U` and `-D` takes back a
//! row the table holds.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use kdalite::output::row_values;
use kdalite::runtime::{self, InputBinding, InputSource};
use kdalite::source::file::FileInput;
use kdalite::source::DEFAULT_START;

const TABLE: &str = "CREATE TABLE T (k INT, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);\n\
    CREATE VIEW PerK AS SELECT k, MAX(v) AS best, COUNT(*) AS n, SUM(v) AS s FROM T GROUP BY k;\n";

/// One input row: its key and value (NULL sometimes).
type Row = (i64, Option<i64>);

/// A pipeline: its query over T and PerK, and the table it means over some rows.
struct Pipeline {
    name: &'static str,
    query: &'static str,
    model: fn(&[Row]) -> Vec<Vec<String>>,
}

fn text(v: Option<i64>) -> String {
    v.map_or("NULL".into(), |v| v.to_string())
}

/// A key's row of PerK: MAX(v), COUNT(*), SUM(v).
type PerKey = (Option<i64>, i64, Option<i64>);

/// PerK over `rows`, by key.
fn per_k(rows: &[Row]) -> BTreeMap<i64, PerKey> {
    let mut out: BTreeMap<i64, PerKey> = BTreeMap::new();
    for &(k, v) in rows {
        let e = out.entry(k).or_insert((None, 0, None));
        e.0 = match (e.0, v) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        e.1 += 1;
        e.2 = match (e.2, v) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }
    out
}

/// Each partition's rows by value, descending (NULL last), ties in arrival order.
fn ranked(rows: &[Row]) -> BTreeMap<i64, Vec<Option<i64>>> {
    let mut out: BTreeMap<i64, Vec<Option<i64>>> = BTreeMap::new();
    for &(k, v) in rows {
        out.entry(k).or_default().push(v);
    }
    for values in out.values_mut() {
        // Stable: equal values keep their arrival order. NULL is the smallest value.
        values.sort_by(|a, b| b.cmp(a));
    }
    out
}

const PIPELINES: &[Pipeline] = &[
    Pipeline {
        name: "an aggregate of an aggregate",
        query: "SELECT best > 5 AS big, COUNT(*) AS c, SUM(n) AS sn, MIN(best) AS lo, MAX(best) AS hi, \
                COUNT(DISTINCT s) AS ds FROM PerK GROUP BY best > 5",
        model: |rows| {
            let mut groups: BTreeMap<Option<bool>, Vec<PerKey>> = BTreeMap::new();
            for (_, e) in per_k(rows) {
                groups.entry(e.0.map(|t| t > 5)).or_default().push(e);
            }
            groups
                .into_iter()
                .map(|(big, es)| {
                    let tops: Vec<i64> = es.iter().filter_map(|e| e.0).collect();
                    let mut sums: Vec<i64> = es.iter().filter_map(|e| e.2).collect();
                    sums.sort();
                    sums.dedup();
                    vec![
                        big.map_or("NULL".into(), |b| b.to_string()),
                        es.len().to_string(),
                        es.iter().map(|e| e.1).sum::<i64>().to_string(),
                        text(tops.iter().min().copied()),
                        text(tops.iter().max().copied()),
                        sums.len().to_string(),
                    ]
                })
                .collect()
        },
    },
    Pipeline {
        name: "DISTINCT over an aggregate",
        query: "SELECT DISTINCT best FROM PerK",
        model: |rows| {
            let mut tops: Vec<Option<i64>> = per_k(rows).values().map(|e| e.0).collect();
            tops.sort();
            tops.dedup();
            tops.into_iter().map(|t| vec![text(t)]).collect()
        },
    },
    Pipeline {
        name: "Top-N with the rank",
        query: "SELECT * FROM (SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM T) \
                WHERE rn <= 3",
        model: |rows| {
            let mut out = Vec::new();
            for (k, values) in ranked(rows) {
                for (i, v) in values.into_iter().take(3).enumerate() {
                    out.push(vec![k.to_string(), text(v), (i + 1).to_string()]);
                }
            }
            out
        },
    },
    Pipeline {
        name: "an aggregate of a Top-N",
        query: "SELECT rn, COUNT(*) AS c, SUM(v) AS s, MAX(v) AS hi FROM (SELECT * FROM (SELECT k, v, \
                ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM T) WHERE rn <= 2) GROUP BY rn",
        model: |rows| {
            let mut by_rank: BTreeMap<usize, Vec<Option<i64>>> = BTreeMap::new();
            for values in ranked(rows).into_values() {
                for (i, v) in values.into_iter().take(2).enumerate() {
                    by_rank.entry(i + 1).or_default().push(v);
                }
            }
            by_rank
                .into_iter()
                .map(|(rank, vs)| {
                    let present: Vec<i64> = vs.iter().flatten().copied().collect();
                    let sum = (!present.is_empty()).then(|| present.iter().sum());
                    vec![rank.to_string(), vs.len().to_string(), text(sum), text(present.iter().max().copied())]
                })
                .collect()
        },
    },
    Pipeline {
        name: "Top-1 without the rank, then an aggregate",
        query: "SELECT v, COUNT(*) AS c FROM (SELECT k, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k \
                ORDER BY v DESC) AS rn FROM T) WHERE rn = 1) GROUP BY v",
        model: |rows| {
            let mut counts: BTreeMap<Option<i64>, i64> = BTreeMap::new();
            for values in ranked(rows).into_values() {
                *counts.entry(values[0]).or_default() += 1;
            }
            counts.into_iter().map(|(v, c)| vec![text(v), c.to_string()]).collect()
        },
    },
    Pipeline {
        name: "an aggregate joined to the stream it aggregates",
        query: "SELECT P.k, P.n, T.v FROM PerK P JOIN T ON P.k = T.k AND T.v > 6",
        model: |rows| {
            let per_k = per_k(rows);
            rows.iter()
                .filter(|(_, v)| v.is_some_and(|v| v > 6))
                .map(|(k, v)| vec![k.to_string(), per_k[k].1.to_string(), text(*v)])
                .collect()
        },
    },
    Pipeline {
        name: "a stream LEFT JOIN an aggregate: padded until the key has one",
        query: "SELECT T.k, T.v, P.best FROM T LEFT JOIN (SELECT k, MAX(v) AS best FROM T WHERE v > 5 GROUP BY k) P \
                ON T.k = P.k",
        model: |rows| {
            let best =
                |k: i64| rows.iter().filter(|(rk, v)| *rk == k && v.is_some_and(|v| v > 5)).filter_map(|r| r.1).max();
            rows.iter().map(|(k, v)| vec![k.to_string(), text(*v), text(best(*k))]).collect()
        },
    },
    Pipeline {
        name: "Top-N of an aggregate: a row taken back lets the next one in",
        query: "SELECT * FROM (SELECT k, n, ROW_NUMBER() OVER (ORDER BY n DESC, k) AS rn FROM PerK) WHERE rn <= 2",
        model: |rows| {
            let mut keys: Vec<(i64, i64)> = per_k(rows).into_iter().map(|(k, e)| (k, e.1)).collect();
            keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            keys.iter()
                .take(2)
                .enumerate()
                .map(|(i, (k, n))| vec![k.to_string(), n.to_string(), (i + 1).to_string()])
                .collect()
        },
    },
    Pipeline {
        name: "deduplication keeping the last row",
        query: "SELECT k, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn FROM T) \
                WHERE rn = 1",
        model: |rows| {
            let mut last: BTreeMap<i64, Option<i64>> = BTreeMap::new();
            for &(k, v) in rows {
                last.insert(k, v);
            }
            last.into_iter().map(|(k, v)| vec![k.to_string(), text(v)]).collect()
        },
    },
];

/// The table a pipeline's changelog over `rows` leaves, each row its values as text.
fn run(pipeline: &Pipeline, rows: &[Row]) -> Vec<Vec<String>> {
    let mut csv = String::from("ROWTIME,k,v,ts\n");
    for (i, (k, v)) in rows.iter().enumerate() {
        let t = format!("2026-01-01 00:{:02}:{:02}", i / 60, i % 60);
        csv.push_str(&format!("{t},{k},{},{t}\n", v.map_or(String::new(), |v| v.to_string())));
    }
    let binding = InputBinding {
        stream: "T".into(),
        source: InputSource::File {
            name: "t.csv".into(),
            input: FileInput::from_bytes(csv.into_bytes()),
            pace: false,
            schema: None,
        },
    };
    let app = format!("{TABLE}{};\n", pipeline.query);
    let mut runtime = runtime::build(&app, vec![binding], DEFAULT_START).expect("the pipeline plans");
    let mut table: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    runtime
        .run_to_end(|batches| {
            for out in batches.into_iter().filter(|b| b.stream == "RESULT") {
                let schema = out.batch.schema();
                let op = schema.index_of("op").expect("an updating result");
                for row in 0..out.batch.num_rows() {
                    let values = row_values(&out.batch, row)?;
                    let kind = values[op].to_text();
                    let row: Vec<String> = (1..values.len())
                        .filter(|&i| i != op)
                        .map(|i| if values[i].is_null() { "NULL".into() } else { values[i].to_text() })
                        .collect();
                    if kind == "+I" || kind == "+U" {
                        *table.entry(row).or_default() += 1;
                    } else {
                        let held = table.get_mut(&row);
                        assert!(held.is_some(), "{}: {kind} of {row:?}, which the table does not hold", pipeline.name);
                        let held = held.unwrap();
                        *held -= 1;
                        if *held == 0 {
                            table.remove(&row);
                        }
                    }
                }
            }
            Ok(())
        })
        .expect("the run ends");
    table.into_iter().flat_map(|(row, n)| std::iter::repeat_n(row, n)).collect()
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn every_prefix_of_the_changelog_is_the_query_over_the_rows_so_far() {
    for seed in 1..=12u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let rows: Vec<Row> =
            (0..24).map(|_| (1 + rng.below(4) as i64, (rng.below(8) != 0).then(|| 1 + rng.below(9) as i64))).collect();
        for pipeline in PIPELINES {
            for i in 1..=rows.len() {
                let mut expected = (pipeline.model)(&rows[..i]);
                expected.sort();
                let got = run(pipeline, &rows[..i]);
                assert_eq!(got, expected, "{} (seed {seed}) over the first {i} rows {:?}", pipeline.name, &rows[..i]);
            }
        }
    }
}
