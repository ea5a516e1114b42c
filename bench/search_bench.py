#!/usr/bin/env python3
"""Site search under a large catalogue: latency of /search/ for a set of
queries, and of /search/suggest/ for a few typed prefixes, over 10,000
sessions, 2,000 experts and 2,000 articles and courses (bench/catalogue.py).

    .venv/bin/python bench/search_bench.py [--sessions 10000] [--experts 2000]
        [--articles 2000] [--requests 50]

Same database and method as sessions_bench.py (var/bench.sqlite3 or
BENCH_DATABASE_URL; in-process test client): it tops the catalogue up,
rebuilds the search index when pages are missing from it, then prints
p50 (median) and p95 milliseconds and SQL queries per request for each
query, ranked on every request (cold) and with the ranking kept (see
measure_search), and the machine's load average before and after (timings
on a busy machine say little). The second run skips seeding.

On PostgreSQL it first vacuums and analyses the search index table, as
autovacuum does on a live database: seeding rewrites each index row several
times, and until the dead rows are gone the planner reads the whole table
for every search instead of its GIN index (search/migrations/0001).
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.catalogue import (  # noqa: E402
    seed_content,
    seed_experts,
    seed_sessions,
    setup_django,
)
from bench.sessions_bench import measure  # noqa: E402

QUERIES = [
    "sql",
    "python",
    "kubernetes workshop",
    "design systems",
    "data engineer",
    "leadership",
    "nothingmatchesthis",
    'sql "unbalanced AND (',
]
# What people have typed so far when /search/suggest/ answers.
PREFIXES = ["ku", "sql", "lead", "data en"]


def index_everything() -> None:
    """bench/catalogue.py indexes what it writes; a database seeded some
    other way may hold pages the search index has not seen."""
    from django.core.management import call_command
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    if IndexEntry.objects.count() < Page.objects.live().count():
        call_command("update_index", verbosity=0)


def vacuum_index() -> None:
    from django.db import connection
    from wagtail.search.models import IndexEntry

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {IndexEntry._meta.db_table}")


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--experts", type=int, default=2_000)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    setup_django()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    seed_sessions(args.sessions)
    seed_experts(args.experts)
    seed_content(args.articles)
    index_everything()
    vacuum_index()
    from wagtail.models import Page

    print(
        f"{Page.objects.live().count()} live pages on "
        f"{os.environ['DATABASE_URL'].split(':')[0]}"
    )
    client = Client()
    print(f"load average (1, 5, 15 min): {load_average()}")
    print(f"{'':32} {'cold':>26}   {'kept':>26}")
    header = f"{'p50 ms':>10} {'p95 ms':>8} {'queries':>8}"
    print(f"{'query':32} {header}   {header}")
    for query in QUERIES:
        url = "/search/?" + urlencode({"q": query})
        figures = [measure_search(client, url, args.requests, kept) for kept in KEPT]
        print(f"{query:32} {'   '.join(figures)}")
    for prefix in PREFIXES:
        url = "/search/suggest/?" + urlencode({"q": prefix})
        _rps, median, p95, queries = measure(client, url, args.requests)
        label = f"suggest: {prefix}"
        print(f"{label:32} {median:10.1f} {p95:8.1f} {queries:8d}")
    print(f"load average (1, 5, 15 min): {load_average()}")


# Cold: every request ranks, as the first to ask these words in a minute
# does. Kept: the ranking comes from the shared fragments, as it does for
# the next page and the next person (search/selectors.py).
KEPT = (False, True)


def measure_search(client, url: str, requests: int, kept: bool) -> str:
    from django.test import override_settings

    with override_settings(FRAGMENT_CACHE_SECONDS=60 if kept else 0):
        _rps, median, p95, queries = measure(client, url, requests)
    return f"{median:10.1f} {p95:8.1f} {queries:8d}"


if __name__ == "__main__":
    main()
