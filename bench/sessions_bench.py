#!/usr/bin/env python3
"""Session discovery under a large catalogue: requests per second and queries.

    .venv/bin/python bench/sessions_bench.py [--sessions 10000] [--requests 200]

Uses its own database (default: var/bench.sqlite3; set BENCH_DATABASE_URL to
measure PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/masteryhub_bench),
migrates it, tops the catalogue up to --sessions sessions, then renders each
URL in-process through Django's test client (no HTTP server in the way) and
prints a table: URL, requests per second, median and p95 milliseconds, SQL
queries per request. Run it twice: the second run skips the seeding.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.catalogue import seed_sessions, setup_django  # noqa: E402


def measure(client, url: str, requests: int) -> tuple[float, float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up: first-request caches
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Read it now: the next request resets Django's query log.
    queries = len(captured)
    durations = []
    started = time.perf_counter()
    for _ in range(requests):
        t0 = time.perf_counter()
        client.get(url)
        durations.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    p95 = statistics.quantiles(durations, n=20)[-1]
    return requests / elapsed, statistics.median(durations), p95, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    setup_django()
    from django.core.management import call_command
    from django.test import Client

    from sessions.models import SessionPage

    call_command("migrate", verbosity=0)
    seed_sessions(args.sessions)
    session = SessionPage.objects.live().order_by("starts_at").last()
    urls = [
        "/sessions/",
        "/sessions/?category=data&price=free&sort=top_rated",
        "/sessions/?q=SQL&format=workshop&min_rating=4",
        "/sessions/?page=50",
        session.url,
    ]
    client = Client()
    count = SessionPage.objects.count()
    print(f"{count} sessions on {os.environ['DATABASE_URL'].split(':')[0]}")
    print(f"{'url':58} {'req/s':>7} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for url in urls:
        rps, median, p95, queries = measure(client, url, args.requests)
        print(f"{url:58} {rps:7.1f} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
