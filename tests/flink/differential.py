"""Differential check of kdalite's window TVFs against Apache Flink (by hand, not in `make test`).

Generates seeded streams of bids with out-of-order and late rows, runs the same window query
(each window TVF aggregated, and event-time OVER windows: RANGE, ROWS, both UNBOUNDED)
in PyFlink (streaming, parallelism 1, UTC, a watermark after every row) and through
`kdalite run`, and compares the result rows. Flink drops late rows silently; kdalite also
shows them in late_stream, which is not compared.

    python3 -m venv ~/flink-venv && ~/flink-venv/bin/pip install apache-flink==2.3.0
    cargo build --release
    ~/flink-venv/bin/python tests/flink/differential.py [--runs 20] [--rows 200] [--seed 1] [--kinds over,hop]
"""
import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import KDALITE, fmt as fmt_ts, table_env  # noqa: E402

QUERIES = {
    "tumble": "TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)",
    "tumble_offset": "TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND, INTERVAL '3' SECOND)",
    "hop": "HOP(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' SECOND, INTERVAL '15' SECOND)",
    "cumulate": "CUMULATE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '4' SECOND, INTERVAL '12' SECOND)",
    "session": "SESSION(TABLE Bid PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '3' SECOND)",
}


def rows(seed, n):
    rng = random.Random(seed)
    start = dt.datetime(2020, 4, 15, 8, 0, 0)
    t = 0
    out = []
    for _ in range(n):
        t += rng.randint(0, 1500)
        jitter = rng.choice([0, 0, 0, rng.randint(0, 4000), rng.randint(0, 20000)])  # out of order, sometimes late
        ts = start + dt.timedelta(milliseconds=max(0, t - jitter))
        out.append((ts.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}", rng.choice("ABC")))
    return out


OVER_FRAMES = {
    "over": "RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW",
    "over_rows": "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW",
    "over_unbounded": "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
    "over_rows_unbounded": "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
}
KINDS = [*QUERIES, *OVER_FRAMES]


def over(frame):
    return ("SELECT bidtime, item, price, SUM(price) OVER w AS total, COUNT(*) OVER w AS n, MAX(price) OVER w AS top "
            f"FROM Bid WINDOW w AS (PARTITION BY item ORDER BY bidtime {frame})")


def query(kind):
    if kind in OVER_FRAMES:
        return over(OVER_FRAMES[kind])
    return (f"SELECT window_start, window_end, item, SUM(price) AS total, COUNT(*) AS n, MAX(price) AS top "
            f"FROM TABLE({QUERIES[kind]}) GROUP BY window_start, window_end, item")


def run_flink(csv_path, sql):
    env = table_env()
    env.execute_sql(f"""CREATE TABLE Bid (bidtime TIMESTAMP(3), price DECIMAL(10, 2), item STRING,
        WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND)
        WITH ('connector' = 'filesystem', 'path' = 'file://{csv_path}', 'format' = 'csv')""")
    out = []
    with env.execute_sql(sql).collect() as results:
        for r in results:
            if " OVER " in sql:
                out.append((fmt_ts(r[0]), r[1], f"{r[2]:.2f}", f"{r[3]:.2f}", int(r[4]), f"{r[5]:.2f}"))
            else:
                out.append((fmt_ts(r[0]), fmt_ts(r[1]), r[2], f"{r[3]:.2f}", int(r[4]), f"{r[5]:.2f}"))
    return out


def run_kdalite(csv_path, sql):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as app:
        app.write("CREATE TABLE Bid (bidtime TIMESTAMP(3), price DECIMAL(10, 2), item STRING,\n"
                  "  WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND);\n" + sql + ";\n")
    with_header = csv_path + ".header.csv"
    with open(csv_path) as src, open(with_header, "w") as dst:
        dst.write("bidtime,price,item\n" + src.read())
    proc = subprocess.run([KDALITE, "run", app.name, "--input", f"Bid={with_header}", "--format", "jsonl"],
                          capture_output=True, text=True, check=True)
    out = []
    for line in proc.stdout.splitlines():
        r = json.loads(line)
        if r["stream"] != "RESULT":
            continue
        if " OVER " in sql:
            out.append((r["bidtime"], r["item"], f"{float(r['price']):.2f}", f"{float(r['total']):.2f}", int(r["n"]), f"{float(r['top']):.2f}"))
        else:
            out.append((r["window_start"], r["window_end"], r["item"], f"{float(r['total']):.2f}", int(r["n"]), f"{float(r['top']):.2f}"))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--rows", type=int, default=150)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: " + ", ".join(KINDS))
    args = p.parse_args()
    kinds = args.kinds.split(",")
    failures = 0
    for run in range(args.runs):
        seed = args.seed + run
        data = rows(seed, args.rows)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bid.csv")
            with open(path, "w") as f:
                f.writelines(f"{a},{b},{c}\n" for a, b, c in data)
            for kind in kinds:
                sql = query(kind)
                flink, ours = run_flink(path, sql), run_kdalite(path, sql)
                same = sorted(flink) == sorted(ours)
                print(f"seed {seed} {kind}: flink {len(flink)} rows, kdalite {len(ours)} rows: {'same' if same else 'DIFFERENT'}", flush=True)
                if not same:
                    failures += 1
                    print("  only in flink:  ", sorted(set(flink) - set(ours))[:5])
                    print("  only in kdalite:", sorted(set(ours) - set(flink))[:5])
    print(f"{failures} failed, {args.runs * len(kinds) - failures} passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
