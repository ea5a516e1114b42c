"""/search/suggest/?q=: page and forum thread titles while someone types in
a search box (static/js/search-suggest.js shows them as a listbox).

It asks the search backend's autocomplete (the last word is a prefix), never
with relevance ordering: the database backend computes that with a
correlated subquery per matching row, seconds over 14,000 pages. It takes a
few dozen matches, newest first, and ranks them here as people expect:
titles that start with what was typed, then titles with a word that starts
with the last typed word, then shorter titles, then the newest.

Only titles of live, public pages and of visible threads go out, and titles
are public even for premium pages; no summary, question or body is ever part
of the answer, so it may be cached by anyone.
"""

from dataclasses import asdict, dataclass

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.access import visible_pages
from core.search import query_words
from forum.models import Thread
from forum.selectors import list_visible_threads
from search.forms import MAX_QUERY_LENGTH, clean_query_text
from search.kinds import (
    KIND_LABELS,
    PAGE_KINDS,
    THREAD_KIND,
    kind_by_content_type,
    thread_label,
)

MAX_SUGGESTIONS = 6
# Enough for the ranking below to find the six best; bounds the work of "da".
MAX_CANDIDATES = 50
MIN_QUERY_LENGTH = 2


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str
    kind: str
    kind_label: str


def list_suggestions(
    *, query: str, request: HttpRequest | None = None
) -> list[Suggestion]:
    """At most MAX_SUGGESTIONS live, public pages of the searched types and
    visible forum threads whose title matches the query as typed so far,
    best first."""
    # Only word characters reach the backend: each engine gives quotes and
    # operators its own meaning (core.search.query_words).
    words = query_words(clean_query_text(query)[:MAX_QUERY_LENGTH])
    text = " ".join(words)
    if len(text) < MIN_QUERY_LENGTH:
        return []
    pages = visible_pages(Page.objects.type(*PAGE_KINDS.values())).only(
        "pk", "title", "url_path", "content_type_id"
    )
    threads = list_visible_threads().only("pk", "title", "slug", "kind")
    # Pages sort by tree path by default; the newest are the likelier, as
    # are the threads with the latest answers.
    found = _matching(pages.order_by("-id"), text) + _matching(
        threads.order_by("-last_activity_at"), text
    )
    last_word = words[-1]

    def rank(found: Page | Thread) -> tuple:
        title_words = query_words(found.title)
        if " ".join(title_words).startswith(text):
            tier = 0
        elif any(word.startswith(last_word) for word in title_words):
            tier = 1
        else:
            tier = 2
        return (tier, len(found.title), -found.pk)

    found.sort(key=rank)
    suggestions = []
    for item in found:
        suggestion = _suggestion(item, request)
        if suggestion is None:
            continue
        suggestions.append(suggestion)
        if len(suggestions) == MAX_SUGGESTIONS:
            break
    return suggestions


def _matching(queryset: QuerySet, text: str) -> list:
    """The newest MAX_CANDIDATES rows whose title matches, the last word as
    a prefix (one query)."""
    return list(
        get_search_backend().autocomplete(text, queryset, order_by_relevance=False)[
            :MAX_CANDIDATES
        ]
    )


def _suggestion(found: Page | Thread, request: HttpRequest | None) -> Suggestion | None:
    if isinstance(found, Thread):
        return Suggestion(
            title=found.title,
            url=found.get_absolute_url(),
            kind=THREAD_KIND,
            kind_label=thread_label(found),
        )
    kind = kind_by_content_type().get(found.content_type_id)
    url = found.get_url(request)
    if kind is None or not url:
        return None
    return Suggestion(
        title=found.title, url=url, kind=kind, kind_label=str(KIND_LABELS[kind])
    )


@require_GET
def search_suggest(request: HttpRequest) -> JsonResponse:
    suggestions = list_suggestions(query=request.GET.get("q", ""), request=request)
    response = JsonResponse({"suggestions": [asdict(s) for s in suggestions]})
    # Only public titles: the same answer for everyone, safe to share.
    response["Cache-Control"] = "public, max-age=60"
    response["X-Robots-Tag"] = "noindex"
    return response
