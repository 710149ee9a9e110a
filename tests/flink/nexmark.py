"""The Nexmark queries in tests/nexmark/ run by kdalite and by Apache Flink over the same events,
compared row for row (by hand, not in `make test`: Flink is large and slow to start).

kdalite's `nexmark:table=event` generator writes the events as JSON lines; Flink reads that
file through the suite's `datagen` table (the same columns, the computed `dateTime` and its
watermark), and kdalite runs the suite's files as they are with the file bound to `datagen`.
Each query's INSERT becomes a SELECT in Flink, collected with its row kinds; rows are compared
as multisets (an updating result by its changes).

    python3 -m venv ~/flink-venv && ~/flink-venv/bin/pip install apache-flink==2.3.0
    cargo build --release
    ~/flink-venv/bin/python tests/flink/nexmark.py [--events 20000] [--rate 1000] [--queries q3,q5]
"""
import argparse
import collections
import datetime as dt
import decimal
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import KDALITE, ROOT, table_env  # noqa: E402

QUERIES = os.path.join(ROOT, "tests", "nexmark")


def read(name):
    with open(os.path.join(QUERIES, name)) as f:
        return f.read()


def statements(sql):
    """The statements of a file, comments and empty ones left out."""
    sql = re.sub(r"--[^\n]*", "", sql)
    return [s.strip() for s in sql.split(";") if s.strip()]


def norm(v):
    """A value as both sides print it."""
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    if isinstance(v, (decimal.Decimal, float)):
        return f"{decimal.Decimal(str(v)).normalize():f}"
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    return str(v)


def quoted(sql):
    """Flink 2's parser reserves DATETIME: the suite's `dateTime` columns, quoted."""
    return re.sub(r"(?<!`)\bdateTime\b(?!`)", "`dateTime`", sql)


def run_flink(events, query):
    env = table_env()
    ddl = quoted(statements(read("ddl_gen.sql"))[0])
    ddl = re.sub(r"WITH\s*\(.*\)\s*$", f"WITH ('connector' = 'filesystem', 'path' = 'file://{events}', 'format' = 'json')", ddl, flags=re.S)
    env.execute_sql(ddl)
    for view in statements(read("ddl_views.sql")):
        env.execute_sql(quoted(view))
    select = None
    for s in statements(quoted(query)):
        if s.upper().startswith("INSERT INTO"):
            select = re.sub(r"^INSERT\s+INTO\s+\S+\s*", "", s, flags=re.I)
        elif s.upper().startswith("CREATE TABLE"):
            continue
        elif s.upper().startswith("CREATE FUNCTION"):
            # The suite's Java UDF (q14's count_char) is not on PyFlink's classpath: the same
            # function in Python, which kdalite's COUNT_CHAR built-in stands for.
            from pyflink.table import DataTypes
            from pyflink.table.udf import udf
            name = re.search(r"FUNCTION\s+(\w+)", s, flags=re.I).group(1)
            env.create_temporary_function(name, udf(lambda text, c: text.count(c), result_type=DataTypes.BIGINT()))
        else:
            env.execute_sql(s)
    out = collections.Counter()
    with env.execute_sql(select).collect() as results:
        for r in results:
            out[(str(r.get_row_kind()),) + tuple(norm(v) for v in r)] += 1
    return out


def run_kdalite(events, query):
    app = read("ddl_gen.sql") + "\n" + read("ddl_views.sql") + "\n" + query
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(app)
    sink = re.search(r"INSERT\s+INTO\s+(\S+)", query, flags=re.I).group(1)
    proc = subprocess.run([KDALITE, "run", f.name, "--input", f"datagen={events}", "--format", "jsonl"],
                          capture_output=True, text=True, check=True)
    out = collections.Counter()
    for line in proc.stdout.splitlines():
        r = json.loads(line, parse_float=decimal.Decimal)
        if r.pop("stream") != sink:
            continue
        kind = r.pop("op", "+I")
        out[(kind,) + tuple(norm(v) for v in r.values())] += 1
    return out


# Queries whose Flink result is an upsert stream (`+U` with no `-U` before it: Flink 2.3's
# Top-1 without the rank), compared by the table each changelog leaves: Flink's applied by
# the key (the column at this index), kdalite's (which retracts, `-U` then `+U`) as it is.
UPSERT_KEYS = {"q9": 1}


def upserted(changes, key):
    table = {}
    for (kind, *row), n in changes.items():
        for _ in range(n):
            if kind in ("-U", "-D"):
                table.pop(row[key - 1], None)
            else:
                table[row[key - 1]] = tuple(row)
    return collections.Counter(("+I",) + row for row in table.values())


def retracted(changes):
    table = collections.Counter()
    for (kind, *row), n in changes.items():
        table[("+I",) + tuple(row)] += n if kind in ("+I", "+U") else -n
    return +table


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=20000)
    p.add_argument("--rate", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--queries", default="q0,q1,q2,q3,q4,q5,q7,q8,q9,q10,q11,q14,q15,q16,q17,q18,q19,q20,q21,q22")
    args = p.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as d:
        events = os.path.join(d, "events.jsonl")
        spec = f"nexmark:table=event,count={args.events},rate={args.rate},seed={args.seed}"
        with open(events, "w") as f:
            subprocess.run([KDALITE, "generate", spec, "--format", "jsonl"], stdout=f, check=True)
        for q in args.queries.split(","):
            query = read(f"{q}.sql")
            flink, ours = run_flink(events, query), run_kdalite(events, query)
            if q in UPSERT_KEYS:
                flink, ours = upserted(flink, UPSERT_KEYS[q]), retracted(ours)
            same = flink == ours
            print(f"{q}: flink {sum(flink.values())} rows, kdalite {sum(ours.values())} rows: {'same' if same else 'DIFFERENT'}", flush=True)
            if not same:
                failures += 1
                print("  only in flink:  ", list((flink - ours).items())[:5])
                print("  only in kdalite:", list((ours - flink).items())[:5])
    print(f"{failures} differ, {len(args.queries.split(',')) - failures} match")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
