"""Site search over the public pages: sessions, experts, articles, courses.

One query to the search backend (Wagtail's; the database backend by default,
SQLite FTS5 or PostgreSQL full text) ranks the matching pages; the current
page of results is then loaded with one query per page type, so the cost
stays flat however many results there are.

Ranking, as people expect it: pages whose title holds every word first,
then the rest; within each, upcoming sessions (and everything that is not
a session) before past sessions; then the backend's relevance (skills are
boosted in each model's `search_fields`). The backends' own scores alone
put a past session tagged "SQL" above "SQL window functions".

Premium text never matches: the index only holds a premium page's public
fields (`content.models.ContentPage.indexed_body`), and excerpts come from
the public summary or headline, never from a body.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from content.models import ArticlePage, CoursePage
from experts.models import ExpertPage
from search.highlight import highlight, query_words
from sessions.models import SessionPage

PER_PAGE = 10
# Nobody reads past the 50th page of results; the cap bounds the work.
MAX_RESULTS = 500

KIND_MODELS: dict[str, type[Page]] = {
    "session": SessionPage,
    "expert": ExpertPage,
    "article": ArticlePage,
    "course": CoursePage,
}
KIND_LABELS = {
    "session": _("Session"),
    "expert": _("Expert"),
    "article": _("Article"),
    "course": _("Course"),
}
# The public one-liner each type shows in listings; never a body field.
EXCERPT_FIELDS = {
    "session": "summary",
    "expert": "headline",
    "article": "summary",
    "course": "summary",
}


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    title: SafeString
    url: str
    excerpt: SafeString
    starts_at: datetime | None = None
    is_past: bool = False


@dataclass(frozen=True)
class SearchOutcome:
    words: list[str]
    # True when no page had all the words and these have any of them.
    any_word: bool
    total: int
    capped: bool
    page: PaginatorPage
    hits: list[SearchHit]


def _kind_by_content_type() -> dict[int, str]:
    # ContentType lookups are cached by Django after the first request.
    types = ContentType.objects.get_for_models(*KIND_MODELS.values())
    return {types[model].pk: kind for kind, model in KIND_MODELS.items()}


def list_ranked_pages(
    *, words: list[str], kind: str = "", operator: str = "and"
) -> list[tuple[int, int]]:
    """(id, content type id) of the live, public pages with all the words
    (or any, with operator="or"), best first, at most MAX_RESULTS."""
    if not words:
        return []
    models = [KIND_MODELS[kind]] if kind in KIND_MODELS else KIND_MODELS.values()
    pages = Page.objects.live().public().type(*models)
    # Only word characters reach the backend (see query_words), so no
    # quote or operator can break the backend's query syntax.
    results = pages.search(" ".join(words), operator=operator).annotate_score("_score")
    rows = [
        (page.pk, page.content_type_id, page._score, _has_all(page.title, words))
        for page in results[:MAX_RESULTS]
    ]

    session_type = ContentType.objects.get_for_model(SessionPage).pk
    session_ids = [pk for pk, type_id, *_rest in rows if type_id == session_type]
    past = set()
    if session_ids:
        past = set(
            SessionPage.objects.filter(
                pk__in=session_ids, starts_at__lt=timezone.now()
            ).values_list("pk", flat=True)
        )

    # Rows come best first; equal scores form a tie group (the score's
    # direction differs between backends, so only equality is used).
    keyed = []
    group, previous = -1, object()
    for position, (pk, type_id, score, in_title) in enumerate(rows):
        rounded = round(score, 9) if isinstance(score, float) else score
        if rounded != previous:
            group, previous = group + 1, rounded
        key = (not in_title, pk in past, group, position)
        keyed.append((key, (pk, type_id)))
    return [row for _key, row in sorted(keyed)]


def _has_all(title: str, words: list[str]) -> bool:
    found = set(query_words(title.casefold()))
    return all(word.casefold() in found for word in words)


def _load_hits(
    rows: list[tuple[int, int]], words: list[str], request: HttpRequest | None
) -> list[SearchHit]:
    """One query per page type on this page of results, in the given order."""
    kinds = _kind_by_content_type()
    by_type: dict[int, list[int]] = {}
    for pk, type_id in rows:
        by_type.setdefault(type_id, []).append(pk)
    now = timezone.now()
    hits: dict[int, SearchHit] = {}
    for type_id, pks in by_type.items():
        kind = kinds.get(type_id)
        if kind is None:
            continue
        for page in KIND_MODELS[kind].objects.filter(pk__in=pks):
            starts_at = getattr(page, "starts_at", None)
            hits[page.pk] = SearchHit(
                kind=kind,
                kind_label=str(KIND_LABELS[kind]),
                title=highlight(page.title, words),
                url=page.get_url(request) or "",
                excerpt=highlight(getattr(page, EXCERPT_FIELDS[kind], ""), words),
                starts_at=starts_at,
                is_past=bool(starts_at and starts_at < now),
            )
    return [hits[pk] for pk, _type_id in rows if pk in hits]


def get_search_outcome(
    *,
    query: str,
    kind: str = "",
    page_number: str | int | None = None,
    request: HttpRequest | None = None,
) -> SearchOutcome:
    words = query_words(query)
    rows = list_ranked_pages(words=words, kind=kind)
    any_word = False
    if not rows and len(words) > 1:
        # One mistyped word should not empty the page: fall back to pages
        # with any of the words, ranked by how many and how well they match.
        rows = list_ranked_pages(words=words, kind=kind, operator="or")
        any_word = bool(rows)
    paginator = Paginator(rows, PER_PAGE)
    # get_page: a non-number gives page 1, past the end gives the last page.
    page = paginator.get_page(page_number)
    return SearchOutcome(
        words=words,
        any_word=any_word,
        total=len(rows),
        capped=len(rows) >= MAX_RESULTS,
        page=page,
        hits=_load_hits(list(page.object_list), words, request),
    )
