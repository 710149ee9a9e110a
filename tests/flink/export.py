"""Every exported job run on Apache Flink, its output compared with kdalite's row for row (by hand,
not in `make test`: Flink is large and slow to start).

The bundles are the ones `cargo test --test sql_cases export_to_flink` exports (every .slt case
that can be exported and every template, with the filesystem connector): each holds job.sql,
its inputs' rows (data/), and the rows kdalite wrote to each sink (expected/). This runs each
job.sql statement by statement in PyFlink, as the bundle's run.py does, and compares each sink's
files (out/TABLE/) with expected/TABLE.jsonl as multisets; a changelog (Debezium JSON from Flink,
`op` from kdalite) is compared as the table it leaves.

    python3 -m venv ~/flink-venv && ~/flink-venv/bin/pip install apache-flink==2.3.0
    ~/flink-venv/bin/python tests/flink/export.py [--only GROUP] [--keep DIR]
"""
import argparse
import collections
import datetime as dt
import glob
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT  # noqa: E402


def export_bundles(into):
    env = dict(os.environ, KDALITE_EXPORT_DIR=into)
    subprocess.run(["cargo", "test", "--release", "--quiet", "--test", "sql_cases", "export_to_flink"],
                   cwd=ROOT, env=env, check=True)


TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$")
TIME = re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d+)?$")


def norm(v):
    """A value as both sides print it: timestamps and times to the millisecond (Flink writes a
    TIME's milliseconds without trailing zeros), numbers to 9 digits."""
    if isinstance(v, dict):
        return tuple(sorted((k, norm(x)) for k, x in v.items()))
    if isinstance(v, list):
        return tuple(norm(x) for x in v)
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return float(f"{float(v):.9g}")
    if isinstance(v, str) and TIMESTAMP.match(v):
        t = dt.datetime.fromisoformat(v.replace(" ", "T"))
        return t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    if isinstance(v, str) and TIME.match(v):
        return dt.time.fromisoformat(v).strftime("%H:%M:%S.%f")[:-3]
    return v


def row(obj):
    return tuple(sorted((k, norm(v)) for k, v in obj.items()))


def kdalite_table(path, key, updating):
    """kdalite's rows for a sink, a changelog applied (an upsert one by its key). Only an
    updating result's "op" is its kind of change; another's is a column of the data."""
    table = collections.Counter()
    by_key = {}
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            op = obj.pop("op", "+I") if updating else "+I"
            if key:
                k = tuple(norm(obj.get(c)) for c in key)
                if op == "-D":
                    by_key.pop(k, None)
                elif op != "-U":
                    by_key[k] = row(obj)
            elif op in ("+I", "+U"):
                table[row(obj)] += 1
            else:
                table[row(obj)] -= 1
    if key:
        return collections.Counter(by_key.values())
    return +table


def primary_key(job, table):
    """The PRIMARY KEY job.sql declares for `table`, if any."""
    m = re.search(r"CREATE TABLE `" + re.escape(table) + r"` \((.*?)\) WITH", job, flags=re.S)
    k = m and re.search(r"PRIMARY KEY \(([^)]*)\)", m.group(1))
    return [c.strip().strip("`") for c in k.group(1).split(",")] if k else []


def receives_changes(job, table):
    """Whether job.sql's `table` takes an updating result: upserts by a key, or Debezium JSON."""
    m = re.search(r"CREATE TABLE `" + re.escape(table) + r"` \(.*?\) WITH \((.*?)\);", job, flags=re.S)
    return bool(primary_key(job, table)) or bool(m and "debezium-json" in m.group(1))


def flink_table(directory):
    """Flink's rows in a sink's files: JSON lines, or Debezium JSON applied."""
    table = collections.Counter()
    for path in sorted(glob.glob(os.path.join(directory, "*"))):
        if os.path.basename(path).startswith("."):
            continue
        with open(path) as f:
            for line in f:
                if not line.strip():
                    continue
                obj = json.loads(line)
                if set(obj) >= {"before", "after", "op"}:
                    if obj["op"] in ("c", "r", "u"):
                        table[row(obj["after"])] += 1
                    if obj["op"] in ("d",):
                        table[row(obj["before"])] -= 1
                else:
                    table[row(obj)] += 1
    return +table


def run_job(bundle):
    """Runs a bundle's job.sql with its run.py. Its paths are relative to the bundle, and every
    job runs in this one JVM, whose directory is where it started: the paths, made absolute."""
    spec = importlib.util.spec_from_file_location("run", os.path.join(bundle, "run.py"))
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    with open(os.path.join(bundle, "job.sql")) as f:
        job = f.read().replace("'path' = '", f"'path' = 'file://{bundle}/")
    absolute = os.path.join(bundle, "job.absolute.sql")
    with open(absolute, "w") as f:
        f.write(job)
    run.main_with(absolute)


def compare(bundle):
    with open(os.path.join(bundle, "job.sql")) as f:
        job = f.read()
    for expected in sorted(glob.glob(os.path.join(bundle, "expected", "*.jsonl"))):
        table = os.path.basename(expected)[:-len(".jsonl")]
        want = kdalite_table(expected, primary_key(job, table), receives_changes(job, table))
        got = flink_table(os.path.join(bundle, "out", table))
        if want != got:
            missing = list((want - got).elements())[:2]
            extra = list((got - want).elements())[:2]
            return f"{table}: {sum(want.values())} rows from kdalite, {sum(got.values())} from Flink; kdalite only: {missing}; Flink only: {extra}"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="a group (a .slt file's name, or templates)")
    ap.add_argument("--keep", help="export into this directory and keep it")
    args = ap.parse_args()
    into = args.keep or tempfile.mkdtemp(prefix="kdalite-export-")
    export_bundles(into)
    results = collections.defaultdict(list)
    for bundle in sorted(glob.glob(os.path.join(into, "*", "*"))):
        group = os.path.basename(os.path.dirname(bundle))
        if args.only and group != args.only:
            continue
        with open(os.path.join(bundle, "case.txt")) as f:
            name = f.read()
        try:
            run_job(bundle)
            problem = compare(bundle)
            kind = "identical" if problem is None else "differ"
        except Exception as e:  # noqa: BLE001 - a job Flink refuses is a result to report
            # The root cause: the last "Caused by" of Java's trace.
            message = [m.strip() for m in str(e).strip().splitlines()]
            causes = [m for m in message if m.startswith("Caused by:")] or [m for m in message if "Exception" in m]
            problem = (causes[-1] if causes else repr(e))[:400]
            kind = "flink failed"
        approximate = "kdalite approximate" in open(os.path.join(bundle, "job.sql")).read()
        if approximate and kind == "identical":
            kind = "identical (approximated)"
        results[kind].append((group, name, problem))
        print(f"{kind:>12}  {group}: {name}" + (f"\n              {problem}" if problem else ""), flush=True)
    refused = 0
    for golden in glob.glob(os.path.join(ROOT, "tests", "export", "*.sql")):
        group = os.path.basename(golden)[:-4]
        if args.only and group != args.only:
            continue
        refused += open(golden).read().count("\n-- refused: ")
    print()
    for kind, rows in sorted(results.items()):
        print(f"{kind}: {len(rows)}")
    print(f"refused by kdalite export: {refused}")


if __name__ == "__main__":
    main()
