"""On PostgreSQL the search backend's match is served by our expression
index (search/migrations/0001): if Wagtail ever matches another expression,
this fails and the index needs to follow it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from core.search import search_page_ids
from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the expression index exists on PostgreSQL only")


def test_the_full_text_match_can_use_the_document_index():
    SessionPageFactory(title="Terraform modules")
    with CaptureQueriesContext(connection) as queries:
        assert search_page_ids(Page, ["terraform"])
    # What Wagtail's backend matches...
    document = (
        '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body")'
    )
    assert f"{document} @@" in queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        # ...is what the index holds: a handful of rows would otherwise be
        # read straight from the table, rightly.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            f"WHERE {document} @@ to_tsquery('terraform')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_document_gin" in plan, plan
