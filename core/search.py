"""The one way the site finds things by text: Wagtail's search backend
(SQLite FTS5 by default, PostgreSQL full text in production, OpenSearch or
Elasticsearch through SEARCH_BACKEND_URL). /search/, the session listing and
the expert directory all ask it, so a word finds the same pages everywhere;
/search/ asks it for forum threads too (any `index.Indexed` model).

It returns matching ids, unordered, and callers order them; or, for /search/,
the queryset narrowed to the matches (`filter_matching`), so the ranking and
the page of results are one SQL query on the database backends. The database
backend's relevance ordering recomputes the full-text match once per matching
row (a correlated subquery), which took 2.4 s for one common word over 14,000
pages on SQLite; the listings order by date or rating anyway, and /search/
ranks by what people expect (search.selectors).
"""

import re

from django.db import models
from django.db.models import F, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

WORD = re.compile(r"\w+")

# Enough for any listing people read; bounds the work of a one-letter query.
MAX_MATCHES = 5000


def query_words(query: str) -> list[str]:
    """The words of a query, without operators, quotes or symbols: the search
    backends each give those their own syntax, so they never reach them."""
    seen: dict[str, None] = {}
    for word in WORD.findall(query):
        seen.setdefault(word.casefold(), None)
    return list(seen)


def search_page_ids(
    model: type[Page], words: list[str], *, any_word: bool = False
) -> list[int]:
    """Ids of live pages of `model` (subclasses included) whose indexed text
    holds all the words (any of them with any_word), newest first, at most
    MAX_MATCHES. Callers still apply their own visibility rules: the index
    holds only what every visitor may read (premium bodies are left out
    by the pages' `search_fields`)."""
    return search_ids(model.objects.live(), words, any_word=any_word)


def search_ids(
    queryset: QuerySet, words: list[str], *, any_word: bool = False
) -> list[int]:
    """Ids of the rows of `queryset` (an indexed model's, filtered on its
    `FilterField`s only) whose indexed text holds all the words (any of
    them with any_word), in the queryset's order, at most MAX_MATCHES."""
    if not words:
        return []
    results = get_search_backend().search(
        " ".join(words),
        queryset.only("pk"),
        operator="or" if any_word else "and",
        order_by_relevance=False,
    )
    results = results[:MAX_MATCHES]
    if hasattr(results, "get_queryset"):
        # The database backends answer with a queryset: read the ids alone.
        # Building a page object per match was most of the time for a
        # common word (4,000 matches: 145 of 185 ms on PostgreSQL).
        return list(results.get_queryset().values_list("pk", flat=True))
    return [found.pk for found in results]


def filter_matching(
    queryset: QuerySet, words: list[str], *, any_word: bool = False
) -> QuerySet:
    """The rows of `queryset` (an indexed model's with an integer key) whose
    indexed text holds all the words (any of them with any_word), unordered.

    On the database backends the match stays a subquery, so the caller can
    rank and slice all the matches in the same SQL query instead of reading
    thousands of ids out and sending them back. A search server answers with
    ids, at most MAX_MATCHES."""
    # Imported here: feature apps' models import this module before Django
    # has loaded the search index's models.
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresSearchBackend,
    )

    if not words:
        return queryset.none()
    backend = get_search_backend()
    results = backend.search(
        " ".join(words),
        queryset.only("pk"),
        operator="or" if any_word else "and",
        order_by_relevance=False,
    )
    if isinstance(backend, PostgresSearchBackend):
        return queryset.filter(pk__in=_postgres_matches(backend, results, queryset))
    if hasattr(results, "get_queryset"):
        matches = results[:MAX_MATCHES].get_queryset().values("pk")
        return queryset.filter(pk__in=matches)
    return queryset.filter(pk__in=[found.pk for found in results[:MAX_MATCHES]])


def _postgres_matches(backend, results, queryset: QuerySet) -> QuerySet:
    """The matching ids read from the index table alone. Wagtail's own query
    joins it to the searched table on `object_id = id::varchar`, which no
    index serves, and reads the rows in tree order, both wasted here: this
    is the same match (its tsquery, its `title || body` document, served by
    search/migrations/0001's index) without them."""
    from wagtail.search.models import IndexEntry
    from wagtail.search.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    tsquery = compiler.build_tsquery(compiler.query, config=backend.config)
    document = CombinedExpression(
        F("title"), "||", F("body"), output_field=IndexEntry._meta.get_field("body")
    )
    return (
        IndexEntry.objects.filter(
            content_type_id__in=get_descendants_content_types_pks(queryset.model)
        )
        .annotate(document=document)
        .filter(document=tsquery)
        .values(object_pk=Cast("object_id", models.IntegerField()))
    )
