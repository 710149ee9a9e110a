"""Nexmark queries timed in Apache Flink on this machine, for `make bench`'s side-by-side figures
(by hand, not in `make test`), and kdalite's CLI over the same file, side by side.

kdalite's generator writes the suite's events as JSON lines; Flink reads them through the
suite's `datagen` table with the filesystem connector (the suite's own nexmark connector is
not on Maven Central) and writes each query to a blackhole sink, parallelism 1. The figure is
events per CPU-second of the JVM (user + system time, /proc, while the job runs), so Flink's
threads all count, as kdalite's one does. The source's cost (reading and parsing JSON) is in
Flink's figures: q0, which only passes bids through, shows what it costs alone. kdalite's
figure is the same: `kdalite run` over the same JSON lines (user + system time of the process,
parsing and writing its output included).

    ~/flink-venv/bin/python tests/flink/bench.py [--events 1000000] [--queries q0,q3,q5,q7,q8,q20]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nexmark  # noqa: E402  (the same files and the same quoting as the differential check)


def jvm_cpu_seconds():
    """User + system CPU seconds of this process's Java children (the PyFlink gateway)."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():  # ppid
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def run(events, query, count):
    env = nexmark.table_env(watermark_every_row=False)
    ddl = nexmark.quoted(nexmark.statements(nexmark.read("ddl_gen.sql"))[0])
    ddl = re.sub(r"WITH\s*\(.*\)\s*$", f"WITH ('connector' = 'filesystem', 'path' = 'file://{events}', 'format' = 'json')", ddl, flags=re.S)
    env.execute_sql(ddl)
    for view in nexmark.statements(nexmark.read("ddl_views.sql")):
        env.execute_sql(nexmark.quoted(view))
    insert = None
    for s in nexmark.statements(nexmark.quoted(query)):
        if s.upper().startswith("CREATE TABLE"):
            # Every sink a blackhole, whatever the file says.
            s = re.sub(r"WITH\s*\(.*\)\s*$", "WITH ('connector' = 'blackhole')", s, flags=re.S)
            s = re.sub(r"PARTITIONED BY \([^)]*\)", "", s)
            env.execute_sql(s)
        elif s.upper().startswith("INSERT INTO"):
            insert = s
        else:
            env.execute_sql(s)
    before, started = jvm_cpu_seconds(), time.time()
    env.execute_sql(insert).wait()
    cpu, wall = jvm_cpu_seconds() - before, time.time() - started
    return count / cpu, count / wall


def run_kdalite(events, query, count):
    """Events per CPU-second and per second of `kdalite run` over the same file, output discarded."""
    app = nexmark.read("ddl_gen.sql") + "\n" + nexmark.read("ddl_views.sql") + "\n" + query
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(app)
    before, started = os.times(), time.time()
    subprocess.run([nexmark.KDALITE, "run", f.name, "--input", f"datagen={events}"],
                   stdout=subprocess.DEVNULL, check=True)
    after, wall = os.times(), time.time() - started
    os.unlink(f.name)
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return count / cpu, count / wall


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--queries", default="q0,q3,q5,q7,q8,q20")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        events = os.path.join(d, "events.jsonl")
        with open(events, "w") as f:
            spec = f"nexmark:table=event,count={args.events},rate=100000"
            subprocess.run([nexmark.KDALITE, "generate", spec, "--format", "jsonl"], stdout=f, check=True)
        print(f"{'query':<16} {'events':>10} {'Flink events/CPU-s':>20} {'kdalite events/CPU-s':>22} {'ratio':>7}")
        for q in args.queries.split(","):
            # A process per query: the JVM's CPU time is then the query's.
            out = subprocess.run([sys.executable, __file__, "--one", q, events, str(args.events)],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                print(f"{q}: failed: {out.stderr.strip().splitlines()[-1:]}", flush=True)
                continue
            flink = float(out.stdout.split()[0])
            ours, _ = run_kdalite(events, nexmark.read(f"{q}.sql"), args.events)
            print(f"{q:<16} {args.events:>10} {flink:>20.0f} {ours:>22.0f} {ours / flink:>6.1f}x", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        q, events, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
        per_cpu, _ = run(events, nexmark.read(f"{q}.sql"), count)
        print(f"{per_cpu:.0f}")
    else:
        main()
