"""What the Flink scripts share: the kdalite binary, and a PyFlink table environment set up as
kdalite's semantics are stated (streaming, parallelism 1, UTC, a watermark after every row)."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KDALITE = os.environ.get("KDALITE", os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "kdalite"))


def table_env(watermark_every_row=True):
    """A streaming TableEnvironment, parallelism 1, UTC; with `watermark_every_row`, a
    watermark after every row and records handed on at once (what the differential checks
    compare; a benchmark leaves Flink its defaults)."""
    from pyflink.table import EnvironmentSettings, TableEnvironment
    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    conf = env.get_config()
    conf.set("parallelism.default", "1")
    conf.set("table.local-time-zone", "UTC")
    if watermark_every_row:
        conf.set("pipeline.auto-watermark-interval", "0 ms")
        conf.set("execution.buffer-timeout", "0 ms")
    return env


def fmt(t):
    """A timestamp as kdalite prints it."""
    return t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
