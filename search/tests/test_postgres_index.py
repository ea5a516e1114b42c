"""On PostgreSQL the search backend's match is served by our expression
index (search/migrations/0001): if Wagtail ever matches another expression,
this fails and the index needs to follow it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from core.search import filter_matching, search_page_ids
from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db

# What Wagtail's backend matches.
DOCUMENT = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body")'


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the expression index exists on PostgreSQL only")


def plan(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        # A handful of rows would otherwise be read straight from the
        # table, rightly.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_full_text_match_can_use_the_document_index():
    SessionPageFactory(title="Terraform modules")
    with CaptureQueriesContext(connection) as queries:
        assert search_page_ids(Page, ["terraform"])
    assert f"{DOCUMENT} @@" in queries.captured_queries[-1]["sql"]
    # ...is what the index holds.
    document_match = plan(
        f"SELECT id FROM wagtailsearch_indexentry WHERE {DOCUMENT} @@ "
        "to_tsquery('terraform')"
    )
    assert "search_indexentry_document_gin" in document_match, document_match


def test_filter_matching_reads_the_index_without_casting_every_page_id():
    session = SessionPageFactory(title="Terraform modules")
    SessionPageFactory(title="Ansible roles")
    matching = filter_matching(Page.objects.live(), ["terraform"])
    with CaptureQueriesContext(connection) as queries:
        assert list(matching.values_list("pk", flat=True)) == [session.pk]
    sql = queries.captured_queries[-1]["sql"]
    # The same document, read from the index table in a subquery...
    assert re.search(r'\(\w+\."title" \|\| \w+\."body"\) @@', sql), sql
    # ...not joined on object_id = each page's id as text, as Wagtail does.
    # (That this document can use the index is the test above; on a table of
    # two rows the planner may rightly start from another index.)
    assert "::varchar" not in sql
