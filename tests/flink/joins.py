"""Differential check of kdalite's stream joins against Apache Flink (by hand, not in `make test`).

Seeded random events, out of order (and with --late, late), in one table split into two views (as
Nexmark splits its events, so both sides see the same watermark after every row and Flink's
order of rows is the file's). Interval joins (inner and outer, BETWEEN and strict bounds),
window joins (inner and outer) and regular joins run in PyFlink (streaming, parallelism 1,
UTC, a watermark after every row) and through `kdalite run`; results are compared as
multisets of rows with their row kinds (regular outer joins: the table their changes leave,
since which padded rows come and go depends on arrival order).

    python3 -m venv ~/flink-venv && ~/flink-venv/bin/pip install apache-flink==2.3.0
    cargo build --release
    ~/flink-venv/bin/python tests/flink/joins.py [--runs 10] [--rows 120] [--seed 1] [--kinds interval,window_left]
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

TABLE = ("CREATE TABLE Events (side STRING, k INT, id INT, ts TIMESTAMP(3), "
         "WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)")
VIEWS = ["CREATE VIEW L AS SELECT k, id, ts FROM Events WHERE side = 'L'",
         "CREATE VIEW R AS SELECT k, id, ts FROM Events WHERE side = 'R'"]

INTERVAL = "L.k = R.k AND L.ts BETWEEN R.ts - INTERVAL '3' SECOND AND R.ts + INTERVAL '2' SECOND"
STRICT = "L.k = R.k AND L.ts > R.ts - INTERVAL '4' SECOND AND L.ts < R.ts"
WINDOWED = "(SELECT * FROM TABLE(TUMBLE(TABLE {0}, DESCRIPTOR(ts), INTERVAL '5' SECOND)))"
WINDOW_ON = "L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end"

QUERIES = {
    "interval": f"SELECT L.id AS l, R.id AS r FROM L JOIN R ON {INTERVAL}",
    "interval_strict": f"SELECT L.id AS l, R.id AS r FROM L JOIN R ON {STRICT}",
    "interval_left": f"SELECT L.id AS l, R.id AS r FROM L LEFT JOIN R ON {INTERVAL}",
    "interval_right": f"SELECT L.id AS l, R.id AS r FROM L RIGHT JOIN R ON {STRICT}",
    "interval_full": f"SELECT L.id AS l, R.id AS r FROM L FULL JOIN R ON {INTERVAL}",
    "window": f"SELECT L.id AS l, R.id AS r FROM {WINDOWED.format('L')} L JOIN {WINDOWED.format('R')} R ON {WINDOW_ON}",
    "window_left": f"SELECT L.id AS l, R.id AS r FROM {WINDOWED.format('L')} L LEFT JOIN {WINDOWED.format('R')} R ON {WINDOW_ON}",
    "window_full": f"SELECT L.id AS l, R.id AS r FROM {WINDOWED.format('L')} L FULL JOIN {WINDOWED.format('R')} R ON {WINDOW_ON}",
    "regular": "SELECT L.id AS l, R.id AS r FROM L JOIN R ON L.k = R.k AND L.id < R.id",
    "regular_left": "SELECT L.id AS l, R.id AS r FROM L LEFT JOIN R ON L.k = R.k",
    "regular_full": "SELECT L.id AS l, R.id AS r FROM L FULL JOIN R ON L.k = R.k AND L.id + 7 > R.id",
}
# Compared by the rows their changes leave (see the module's docs).
MATERIALIZED = {"regular_left", "regular_full"}


def rows(seed, n, late):
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 1, 0, 0, 0)
    t = 0
    out = []
    for i in range(n):
        t += rng.randint(0, 800)
        # Out of order within the watermark's 2 seconds; with `late`, sometimes beyond them.
        jitter = rng.choice([0, 0, 0, rng.randint(0, 1999), rng.randint(0, 8000 if late else 1999)])
        ts = start + dt.timedelta(milliseconds=max(0, t - jitter))
        arrival = start + dt.timedelta(milliseconds=t)
        out.append((arrival, rng.choice("LR"), rng.randint(1, 4), i, ts))
    return out


def run_flink(csv_path, sql):
    env = table_env()
    env.execute_sql(TABLE + f" WITH ('connector' = 'filesystem', 'path' = 'file://{csv_path}', 'format' = 'csv')")
    for v in VIEWS:
        env.execute_sql(v)
    out = collections.Counter()
    with env.execute_sql(sql).collect() as results:
        for r in results:
            out[(str(r.get_row_kind()), r[0], r[1])] += 1
    return out


def run_kdalite(csv_path, sql):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as app:
        app.write(";\n".join([TABLE, *VIEWS, sql]) + ";\n")
    proc = subprocess.run([KDALITE, "run", app.name, "--input", f"Events={csv_path}.kdalite.csv", "--format", "jsonl"],
                          capture_output=True, text=True, check=True)
    out = collections.Counter()
    for line in proc.stdout.splitlines():
        r = json.loads(line)
        if r["stream"] == "RESULT":
            out[(r.get("op", "+I"), r["l"], r["r"])] += 1
    return out


def materialized(changes):
    """The rows a changelog leaves."""
    table = collections.Counter()
    for (kind, *row), n in changes.items():
        table[tuple(row)] += n if kind in ("+I", "+U") else -n
    return +table


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--rows", type=int, default=120)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--kinds", default=",".join(QUERIES), help="comma-separated: " + ", ".join(QUERIES))
    p.add_argument("--late", action="store_true",
                   help="rows beyond the watermark too: Flink's own results then vary from run to run, "
                        "as its two join inputs' watermarks reach the join at times of their own")
    args = p.parse_args()
    kinds = args.kinds.split(",")
    failures = 0
    for run in range(args.runs):
        seed = args.seed + run
        data = rows(seed, args.rows, args.late)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "events.csv")
            with open(path, "w") as f:
                f.writelines(f"{s},{k},{i},{fmt(ts)}\n" for _, s, k, i, ts in data)
            with open(path + ".kdalite.csv", "w") as f:
                f.write("ROWTIME,side,k,id,ts\n")
                f.writelines(f"{fmt(a)},{s},{k},{i},{fmt(ts)}\n" for a, s, k, i, ts in data)
            for kind in kinds:
                flink, ours = run_flink(path, QUERIES[kind]), run_kdalite(path, QUERIES[kind])
                if kind in MATERIALIZED:
                    flink, ours = materialized(flink), materialized(ours)
                same = flink == ours
                print(f"seed {seed} {kind}: flink {sum(flink.values())} rows, kdalite {sum(ours.values())} rows: {'same' if same else 'DIFFERENT'}", flush=True)
                if not same:
                    failures += 1
                    print("  only in flink:  ", sorted((flink - ours).items(), key=str)[:6])
                    print("  only in kdalite:", sorted((ours - flink).items(), key=str)[:6])
    print(f"{failures} differ, {args.runs * len(kinds) - failures} match")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
