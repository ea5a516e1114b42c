"""What a public page may cost in SQL queries, for the page tests.

Every public page type is held to these budgets for a visitor and for a
signed-in member, and to the same count with few rows or many."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

ANONYMOUS_QUERY_BUDGET = 12
MEMBER_QUERY_BUDGET = 16


def page_queries(client, path: str) -> int:
    """The queries of a second GET of `path`: the first fills what a running
    site keeps cached (site settings, the menu, Wagtail's site paths)."""
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def assert_within_budget(client, path: str, count: int | None = None) -> int:
    """`path`'s query count (`count` when measured otherwise, e.g. with a
    cache emptied), failing over the budget for whoever `client` is."""
    signed_in = "_auth_user_id" in client.session
    budget = MEMBER_QUERY_BUDGET if signed_in else ANONYMOUS_QUERY_BUDGET
    if count is None:
        count = page_queries(client, path)
    who = "a member" if signed_in else "a visitor"
    assert count <= budget, f"{path} cost {who} {count} queries (budget {budget})"
    return count


def clear_caches() -> None:
    """Empty every cache alias: what one test cached (site settings, the
    spelling vocabulary, Wagtail's site paths, allauth's counters) must not
    answer for the next test's database."""
    for cache in caches.all():
        cache.clear()
