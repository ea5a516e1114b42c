"""Helpers for the forum page tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> int:
    """Queries for `url` once Wagtail's site and settings caches are warm."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The site-wide budgets for one page view. The shared constants are on their
# way to core; until they reach main, the same names are defined here.
ANONYMOUS_QUERY_BUDGET = 12
MEMBER_QUERY_BUDGET = 16
