"""The one way the site finds things by text: Wagtail's search backend
(SQLite FTS5 by default, PostgreSQL full text in production, OpenSearch or
Elasticsearch through SEARCH_BACKEND_URL). /search/, the session listing and
the expert directory all ask it, so a word finds the same pages everywhere;
/search/ asks it for forum threads too (any `index.Indexed` model).

It returns matching ids, unordered, and callers order them; or, for /search/,
the queryset narrowed to the matches (`filter_matching`), or on PostgreSQL
the matching index entries with their title-word counts (`matching_entries`),
so the ranking and the page of results are one SQL query on the database
backends. The database
backend's relevance ordering recomputes the full-text match once per matching
row (a correlated subquery), which took 2.4 s for one common word over 14,000
pages on SQLite; the listings order by date or rating anyway, and /search/
ranks by what people expect (search.selectors).
"""

import re

from django.db import models
from django.db.models import Expression, F, QuerySet, Value
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
    results = _search(queryset, words, any_word)[:MAX_MATCHES]
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
    if not words:
        return queryset.none()
    entries = matching_entries(queryset, words, any_word=any_word)
    if entries is not None:
        return queryset.filter(pk__in=entries.values("object_pk"))
    results = _search(queryset, words, any_word)
    if hasattr(results, "get_queryset"):
        matches = results[:MAX_MATCHES].get_queryset().values("pk")
        return queryset.filter(pk__in=matches)
    return queryset.filter(pk__in=[found.pk for found in results[:MAX_MATCHES]])


def matching_entries(
    queryset: QuerySet, words: list[str], *, any_word: bool = False
) -> QuerySet | None:
    """On PostgreSQL's search backend: the search index's entries of
    `queryset`'s model (and subclasses) whose text holds all the words (any
    of them with any_word), as `object_pk` and `content_type_id`, each with
    `in_title`: how many of the words start a word of its indexed title, as
    the match has them ("pipeline" in "Data pipelines", stemmed alike; not
    "data" in "Metadata"; a stop word, which the match ignores, counts).
    Callers join the entries to their own rows, filters included; None on
    the other backends (use filter_matching).

    Wagtail's own query joins the index to the searched table on
    `object_id = id::varchar`, which no index serves, and reads the rows in
    tree order, both wasted here: this is the same match (its tsquery, its
    `title || body` document, served by search/migrations/0001's index)
    without them. Counting title words on the entry's title vector costs a
    tenth of a regular expression over each matching row's title."""
    found = matching_entries_by_mode(queryset, words, (any_word,))
    return None if found is None else found[0]


def matching_entries_by_mode(
    queryset: QuerySet, words: list[str], modes: tuple[bool, ...]
) -> list[QuerySet] | None:
    """matching_entries for each any_word in `modes`, built together: the
    columns, most of the work of building them, are built once."""
    # Imported here: feature apps' models import this module before Django
    # has loaded the search index's models.
    from django.contrib.postgres.search import SearchQuery
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresSearchBackend,
    )
    from wagtail.search.backends.database.postgres.query import Lexeme
    from wagtail.search.models import IndexEntry
    from wagtail.search.utils import get_descendants_content_types_pks

    backend = get_search_backend()
    if not words or not isinstance(backend, PostgresSearchBackend):
        return None
    document = CombinedExpression(
        F("title"), "||", F("body"), output_field=IndexEntry._meta.get_field("body")
    )
    in_title = sum(
        (
            _StartsATitleWord(
                SearchQuery(
                    Lexeme(word, prefix=True), search_type="raw", config=backend.config
                )
            )
            for word in words
        ),
        Value(0),
    )
    entries = (
        IndexEntry.objects.filter(
            content_type_id__in=get_descendants_content_types_pks(queryset.model)
        )
        .annotate(document=document)
        .values(
            "content_type_id",
            object_pk=Cast("object_id", models.IntegerField()),
            in_title=in_title,
        )
    )
    found = []
    for any_word in modes:
        compiler = _search(queryset, words, any_word).query_compiler
        tsquery = compiler.build_tsquery(compiler.query, config=backend.config)
        found.append(entries.filter(document=tsquery))
    return found


def _search(queryset: QuerySet, words: list[str], any_word: bool):
    return get_search_backend().search(
        " ".join(words),
        queryset.only("pk"),
        operator="or" if any_word else "and",
        order_by_relevance=False,
    )


class _StartsATitleWord(Expression):
    """1 when a word of the index entry's title starts with the query's one
    word (a prefix tsquery), or the word is a stop word (the tsquery is
    empty), else 0.

    Each tsquery is a sub-select, which PostgreSQL computes once per
    statement: written inline it is parsed and stemmed again for every row
    (as slow as the regular expression it replaces)."""

    output_field = models.IntegerField()

    def __init__(self, tsquery):
        super().__init__()
        self.title = F("title")
        self.tsquery = tsquery

    def get_source_expressions(self):
        return [self.title, self.tsquery]

    def set_source_expressions(self, exprs):
        self.title, self.tsquery = exprs

    def as_sql(self, compiler, connection):
        title, title_params = compiler.compile(self.title)
        tsquery, tsquery_params = compiler.compile(self.tsquery)
        return (
            f"CASE WHEN {title} @@ (SELECT {tsquery})"
            f" OR numnode((SELECT {tsquery})) = 0 THEN 1 ELSE 0 END",
            [*title_params, *tsquery_params, *tsquery_params],
        )
