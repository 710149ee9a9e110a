"""Differential check of kdalite's event-time temporal join against Apache Flink (by hand, not in
`make test`).

Seeded random orders (out of order within their watermark's delay) and currency rates (a
versioned table: a PRIMARY KEY and a WATERMARK, each row a new version of its currency) are
joined `FOR SYSTEM_TIME AS OF o.order_time` in PyFlink (streaming, parallelism 1, UTC, a
watermark after every row) and through `kdalite run`, inner, LEFT, and with a condition on the
version; results are compared as multisets of rows. With --late, rows come later than their
input's watermark too: which version such a row meets depends on how far the other input has
been read, and Flink's own runs then disagree with each other.

    python3 -m venv ~/flink-venv && ~/flink-venv/bin/pip install apache-flink==2.3.0
    cargo build --release
    ~/flink-venv/bin/python tests/flink/temporal.py [--runs 10] [--seed 1] [--late]
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

ORDERS = ("CREATE TABLE orders (order_id STRING, price INT, currency STRING, order_time TIMESTAMP(3), "
          "WATERMARK FOR order_time AS order_time - INTERVAL '{delay}' SECOND)")
RATES = ("CREATE TABLE rates (currency STRING, rate DOUBLE, update_time TIMESTAMP(3), "
         "WATERMARK FOR update_time AS update_time - INTERVAL '{delay}' SECOND, PRIMARY KEY (currency) NOT ENFORCED)")
AS_OF = "FROM orders AS o {join} rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.currency = r.currency"
QUERIES = {
    "inner": f"SELECT o.order_id AS id, r.rate AS rate {AS_OF.format(join='JOIN')}",
    "left": f"SELECT o.order_id AS id, r.rate AS rate {AS_OF.format(join='LEFT JOIN')}",
    "left_condition": f"SELECT o.order_id AS id, r.rate AS rate {AS_OF.format(join='LEFT JOIN')} AND r.rate > 1.0",
}


def events(seed, late):
    """Orders and rates, each in arrival order: (arrival, row…) with the event time last."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 1)
    orders, rates, t = [], [], 0
    for i in range(60):
        t += rng.randint(0, 1500)
        back = rng.randint(0, 8000 if late and rng.random() < 0.2 else 1900)
        at = start + dt.timedelta(milliseconds=t)
        orders.append((at, f"o{i}", rng.randint(1, 50), rng.choice(["EUR", "USD", "GBP", "JPY"]),
                       start + dt.timedelta(milliseconds=max(0, t - back))))
    t = 0
    for _ in range(20):
        t += rng.randint(0, 5000)
        back = rng.randint(0, 6000 if late and rng.random() < 0.2 else 900)
        at = start + dt.timedelta(milliseconds=t)
        rates.append((at, rng.choice(["EUR", "USD", "GBP"]), round(rng.uniform(0.5, 1.5), 2),
                      start + dt.timedelta(milliseconds=max(0, t - back))))
    return orders, rates


def write(d, name, rows):
    """The rows as Flink's CSV (no arrival) and as kdalite's (ROWTIME first, the arrival)."""
    path = os.path.join(d, f"{name}.csv")
    with open(path, "w") as flink, open(path + ".kdalite.csv", "w") as ours:
        ours.write("ROWTIME," + ("order_id,price,currency,order_time" if name == "orders"
                                 else "currency,rate,update_time") + "\n")
        for arrival, *row in rows:
            text = ",".join(fmt(v) if isinstance(v, dt.datetime) else str(v) for v in row)
            flink.write(text + "\n")
            ours.write(f"{fmt(arrival)},{text}\n")
    return path


def run_flink(paths, sql, delays):
    env = table_env()
    for ddl, path, delay in zip((ORDERS, RATES), paths, delays):
        env.execute_sql(ddl.format(delay=delay) + f" WITH ('connector' = 'filesystem', 'path' = 'file://{path}', 'format' = 'csv')")
    out = collections.Counter()
    with env.execute_sql(sql).collect() as results:
        for r in results:
            out[(str(r.get_row_kind()), r[0], r[1])] += 1
    return out


def run_kdalite(paths, sql, delays):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as app:
        app.write(f"{ORDERS.format(delay=delays[0])};\n{RATES.format(delay=delays[1])};\n{sql};\n")
    proc = subprocess.run([KDALITE, "run", app.name, "--input", f"orders={paths[0]}.kdalite.csv",
                           "--input", f"rates={paths[1]}.kdalite.csv", "--format", "jsonl"],
                          capture_output=True, text=True, check=True)
    out = collections.Counter()
    for line in proc.stdout.splitlines():
        r = json.loads(line)
        if r["stream"] == "RESULT":
            out[(r.get("op", "+I"), r["id"], r["rate"])] += 1
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--late", action="store_true", help="rows later than their input's watermark too")
    args = p.parse_args()
    # Each input's watermark delay: beyond its rows' disorder unless --late.
    delays = (2, 1)
    same = tried = 0
    for run in range(args.runs):
        seed = args.seed + run
        orders, rates = events(seed, args.late)
        with tempfile.TemporaryDirectory() as d:
            paths = (write(d, "orders", orders), write(d, "rates", rates))
            for name, sql in QUERIES.items():
                tried += 1
                flink, ours = run_flink(paths, sql, delays), run_kdalite(paths, sql, delays)
                if flink == ours:
                    same += 1
                else:
                    print(f"seed {seed} {name}: Flink only {sorted((flink - ours).elements())}, "
                          f"kdalite only {sorted((ours - flink).elements())}")
    print(f"{same} of {tried} identical")
    return 0 if same == tried else 1


if __name__ == "__main__":
    sys.exit(main())
