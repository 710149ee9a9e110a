"""Differential check of kdalite's updating results against Apache Flink (by hand, not in `make test`).

Seeded random rows go through updating pipelines (an aggregate of an aggregate, MIN and MAX
taking back their current extreme, FILTER, DISTINCT, Top-N and deduplication) in PyFlink
(streaming, parallelism 1, UTC, a watermark after every row) and through `kdalite run`. The two
changelogs are compared row for row, in order, with their row kinds; and the tables they leave
(Flink's Top-1 as upserts by its key: Flink 2.3 sends it without `-U`).

    python3 -m venv ~/flink-venv && ~/flink-venv/bin/pip install apache-flink==2.3.0
    cargo build --release
    ~/flink-venv/bin/python tests/flink/updating.py [--runs 5] [--rows 60] [--seed 1] [--kinds agg_of_agg,topn]

With `--mini-batch N` both run mini-batched (`table.exec.mini-batch.size` N, a latency long enough
that only the size closes a bundle, and Flink's one-phase aggregation, whose bundles are the
operator's own rows as kdalite's are). A bundle's changes come out in Flink's hash order and in
kdalite's order of first arrival, so the two changelogs are compared as multisets of changes.
"""
import argparse
import collections
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import KDALITE, fmt, table_env  # noqa: E402

TABLE = ("CREATE TABLE T (k INT, c STRING, v INT, ts TIMESTAMP(3), "
         "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)")
VIEWS = ["CREATE VIEW PerK AS SELECT k, MAX(v) AS top, MIN(c) AS cat, COUNT(*) AS n FROM T GROUP BY k"]

QUERIES = {
    "agg_of_agg": "SELECT cat, AVG(top) AS a, MIN(top) AS lo, MAX(top) AS hi, SUM(n) AS s, "
                  "COUNT(DISTINCT top) AS d, COUNT(*) AS c FROM PerK GROUP BY cat",
    "min_max": "SELECT n, MIN(top) AS lo, MAX(top) AS hi, MIN(cat) AS mc, MAX(cat) AS xc FROM PerK GROUP BY n",
    "filter": "SELECT c, COUNT(*) AS n, COUNT(*) FILTER (WHERE v > 5) AS big, "
              "SUM(v) FILTER (WHERE k = 1) AS s1, COUNT(DISTINCT k) FILTER (WHERE v < 8) AS dk FROM T GROUP BY c",
    "filter_updating": "SELECT cat, COUNT(*) FILTER (WHERE top > 5) AS big, SUM(n) FILTER (WHERE n > 1) AS s "
                       "FROM PerK GROUP BY cat",
    "distinct": "SELECT DISTINCT c, v > 5 AS big FROM T",
    "distinct_updating": "SELECT DISTINCT cat FROM PerK",
    "count_of_counts": "SELECT n, COUNT(*) AS keys FROM PerK GROUP BY n",
    "topn_numbered": "SELECT * FROM (SELECT k, c, v, ROW_NUMBER() OVER (PARTITION BY c ORDER BY v DESC) AS rn "
                     "FROM T) WHERE rn <= 3",
    "topn": "SELECT k, c, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY c ORDER BY v DESC) AS rn FROM T) "
            "WHERE rn <= 2",
    "top1": "SELECT k, c, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY c ORDER BY v DESC, ts) AS rn FROM T) "
            "WHERE rn <= 1",
    "top1_counted": "SELECT v, COUNT(*) AS n FROM (SELECT k, c, v FROM (SELECT *, ROW_NUMBER() OVER "
                    "(PARTITION BY c ORDER BY v DESC, ts) AS rn FROM T) WHERE rn <= 1) GROUP BY v",
    "union_updating": "SELECT k, n FROM PerK UNION ALL SELECT k, v FROM T WHERE v > 7",
    "agg_of_union": "SELECT COUNT(*) AS c, SUM(n) AS s FROM (SELECT k, n FROM PerK UNION ALL SELECT k, v FROM T WHERE v > 7)",
    "join_updating": "SELECT P.k, P.n, T.v FROM PerK P JOIN T ON P.k = T.k AND T.v > 6",
    "join_two_updating": "SELECT a.k, a.n, b.s FROM PerK a JOIN (SELECT k, SUM(v) AS s FROM T GROUP BY k) b ON a.k = b.k",
    "left_join_updating": "SELECT T.k, T.v, P.best FROM T LEFT JOIN (SELECT k, MAX(v) AS best FROM T WHERE v > 5 GROUP BY k) P "
                          "ON T.k = P.k AND T.v < 8",
    "updating_left_join": "SELECT P.k, P.n, X.v FROM PerK P LEFT JOIN (SELECT k, v FROM T WHERE v > 8) X ON P.k = X.k",
    "agg_of_join": "SELECT n, COUNT(*) AS c FROM (SELECT P.k, P.n, T.v FROM PerK P JOIN T ON P.k = T.k AND T.v > 6) GROUP BY n",
    "topn_of_agg": "SELECT * FROM (SELECT k, n, ROW_NUMBER() OVER (ORDER BY n DESC) AS rn FROM PerK) WHERE rn <= 2",
    "topn_of_agg_plain": "SELECT k, top FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY top DESC, k) AS rn FROM PerK) "
                         "WHERE rn <= 2",
    "topn_of_agg_partitioned": "SELECT * FROM (SELECT k, n, top, ROW_NUMBER() OVER (PARTITION BY top > 5 ORDER BY n) "
                               "AS rn FROM PerK) WHERE rn <= 2",
    "window_topn": "SELECT * FROM (SELECT window_start, window_end, k, v, ROW_NUMBER() OVER (PARTITION BY window_start, "
                   "window_end ORDER BY v DESC) AS rn FROM TABLE(TUMBLE(TABLE T, DESCRIPTOR(ts), INTERVAL '5' SECOND))) "
                   "WHERE rn <= 2",
    "window_topn_of_agg": "SELECT * FROM (SELECT window_start, window_end, k, cnt, ROW_NUMBER() OVER (PARTITION BY "
                          "window_start, window_end ORDER BY cnt DESC, k) AS rn FROM (SELECT window_start, window_end, k, "
                          "COUNT(*) AS cnt FROM TABLE(TUMBLE(TABLE T, DESCRIPTOR(ts), INTERVAL '5' SECOND)) "
                          "GROUP BY window_start, window_end, k)) WHERE rn <= 2",
    "topn_two_keys": "SELECT rn, k, v FROM (SELECT k, v, ROW_NUMBER() OVER (ORDER BY v ASC, k DESC) AS rn FROM T) "
                     "WHERE rn < 4",
    "topn_offset": "SELECT k, c, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY c ORDER BY v) AS rn FROM T) "
                   "WHERE rn > 1 AND rn <= 3",
    "dedup_last": "SELECT k, c, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn FROM T) "
                  "WHERE rn = 1",
    "dedup_first": "SELECT k, c, v, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY c ORDER BY ts) AS rn FROM T) "
                   "WHERE rn <= 1",
}


def rows(seed, n):
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 1, 0, 0, 0)
    out = []
    for i in range(n):
        t = start + dt.timedelta(milliseconds=i * 500)
        v = rng.choice([None] + list(range(1, 11)) * 3)
        # Event time out of order by up to 1.5 s (arrival stays in order).
        ts = t - dt.timedelta(milliseconds=rng.choice([0, 0, rng.randint(0, 1500)]))
        out.append((t, rng.randint(1, 5), rng.choice("xyz"), v, ts))
    return out


def mini_batch_settings(size):
    """The SETs of a mini-batched run, `size` rows a bundle (none for 0)."""
    if not size:
        return []
    return [("table.exec.mini-batch.enabled", "true"), ("table.exec.mini-batch.allow-latency", "1 h"),
            ("table.exec.mini-batch.size", str(size))]


def run_flink(csv_path, sql, mini_batch=0):
    env = table_env()
    for key, value in mini_batch_settings(mini_batch):
        env.get_config().set(key, value)
    if mini_batch:
        env.get_config().set("table.optimizer.agg-phase-strategy", "ONE_PHASE")
    env.execute_sql(TABLE + f" WITH ('connector' = 'filesystem', 'path' = 'file://{csv_path}', 'format' = 'csv', 'csv.null-literal' = '')")
    for v in VIEWS:
        env.execute_sql(v)
    out = []
    with env.execute_sql(sql).collect() as results:
        for r in results:
            out.append((str(r.get_row_kind()), *[norm(x) for x in r]))
    return out


def run_kdalite(csv_path, sql, mini_batch=0):
    sets = [f"SET '{key}' = '{value}'" for key, value in mini_batch_settings(mini_batch)]
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as app:
        app.write(";\n".join([*sets, TABLE, *VIEWS, sql]) + ";\n")
    proc = subprocess.run([KDALITE, "run", app.name, "--input", f"T={csv_path}.kdalite.csv", "--format", "jsonl"],
                          capture_output=True, text=True, check=True)
    out = []
    for line in proc.stdout.splitlines():
        r = json.loads(line)
        if r.pop("stream") == "RESULT":
            kind = r.pop("op", "+I")
            out.append((kind, *[norm(x) for x in r.values()]))
    return out


def norm(x):
    if isinstance(x, float):
        return round(x, 6)
    if isinstance(x, dt.datetime):
        return fmt(x)
    return x


# Results Flink 2.3 sends as upserts (`+U` with no `-U` before it: its Top-1 without the rank),
# by the key at this index of the row: their table is compared with kdalite's.
UPSERT_KEYS = {"top1": 1}


def upserted(changes, key):
    """The rows an upsert changelog leaves, by key."""
    table = {}
    for kind, *row in changes:
        if kind in ("-U", "-D"):
            table.pop(row[key], None)
        else:
            table[row[key]] = tuple(row)
    return collections.Counter(table.values())


def materialized(changes):
    """The rows a changelog leaves."""
    table = collections.Counter()
    for kind, *row in changes:
        table[tuple(row)] += 1 if kind in ("+I", "+U") else -1
    return +table


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--rows", type=int, default=60)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--kinds", default=",".join(QUERIES), help="comma-separated: " + ", ".join(QUERIES))
    p.add_argument("--mini-batch", type=int, default=0, help="rows a mini-batch holds (0: none)")
    args = p.parse_args()
    kinds = args.kinds.split(",")
    failures = 0
    for run in range(args.runs):
        seed = args.seed + run
        data = rows(seed, args.rows)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "events.csv")
            cell = lambda v: "" if v is None else str(v)  # noqa: E731
            with open(path, "w") as f:
                f.writelines(f"{k},{c},{cell(v)},{fmt(ts)}\n" for _, k, c, v, ts in data)
            with open(path + ".kdalite.csv", "w") as f:
                f.write("ROWTIME,k,c,v,ts\n")
                f.writelines(f"{fmt(a)},{k},{c},{cell(v)},{fmt(ts)}\n" for a, k, c, v, ts in data)
            for kind in kinds:
                flink = run_flink(path, QUERIES[kind], args.mini_batch)
                ours = run_kdalite(path, QUERIES[kind], args.mini_batch)
                # Mini-batched, a bundle's changes come in an order of each engine's own.
                same_log = collections.Counter(flink) == collections.Counter(ours) if args.mini_batch else flink == ours
                flink_table = upserted(flink, UPSERT_KEYS[kind]) if kind in UPSERT_KEYS else materialized(flink)
                same_table = flink_table == materialized(ours)
                verdict = ("same changes" if args.mini_batch else "same changelog") if same_log else ("same table, changelog differs" if same_table else "DIFFERENT")
                print(f"seed {seed} {kind}: flink {len(flink)} changes, kdalite {len(ours)}: {verdict}", flush=True)
                if not same_log:
                    failures += 1
                    for i, (a, b) in enumerate(zip(flink, ours)):
                        if a != b:
                            print(f"  first difference at change {i}: flink {a}, kdalite {b}")
                            break
                    else:
                        print(f"  one is a prefix of the other: flink {flink[len(ours):][:3]}, kdalite {ours[len(flink):][:3]}")
    print(f"{failures} differ, {args.runs * len(kinds) - failures} match")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
