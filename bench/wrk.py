"""Load from wrk (https://github.com/wg/wrk; `apt-get install wrk`): a fixed
duration at a fixed number of open connections, read back as requests per
second, median and 99th percentile latency, and errors.

wrk rather than a load generator in Python: on a 2-core machine a Python
client at 16 connections takes a core of its own and measures itself; wrk
is a few percent of one."""

import re
import shutil
import subprocess
from dataclasses import dataclass

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
INSTALL_HINT = "wrk is not installed: apt-get install wrk (or brew install wrk)"


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    non_2xx: int


def available() -> bool:
    return shutil.which("wrk") is not None


def run(
    url: str, *, duration: int, concurrency: int, headers: dict | None = None
) -> Result:
    command = [
        "wrk",
        f"--threads={min(2, concurrency)}",
        f"--connections={concurrency}",
        f"--duration={duration}s",
        # wrk leaves requests slower than --timeout out of the latencies;
        # a slow page must show in p99, not vanish from it.
        "--timeout=30s",
        "--latency",
    ]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    done = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}: {done.stderr or done.stdout}")
    return parse(done.stdout)


def parse(output: str) -> Result:
    def number(pattern: str) -> float:
        match = re.search(pattern, output, re.MULTILINE)
        return float(match.group(1)) if match else 0.0

    def percentile(which: str) -> float:
        match = re.search(rf"^\s*{which}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * UNITS_MS[match.group(2)] if match else 0.0

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Result(
        rps=number(r"^Requests/sec:\s+([\d.]+)"),
        p50_ms=percentile("50"),
        p99_ms=percentile("99"),
        requests=int(number(r"^\s*(\d+) requests in")),
        errors=sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        non_2xx=int(number(r"Non-2xx or 3xx responses:\s+(\d+)")),
    )
