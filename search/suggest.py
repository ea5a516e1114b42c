"""/search/suggest/?q=: page titles while someone types in a search box
(static/js/search-suggest.js shows them as a listbox).

It asks the search backend's autocomplete (the last word is a prefix), never
with relevance ordering: the database backend computes that with a
correlated subquery per matching row, seconds over 14,000 pages. It takes a
few dozen matches, newest first, and ranks them here as people expect:
titles that start with what was typed, then titles with a word that starts
with the last typed word, then shorter titles, then the newest.

Only titles of live, public pages go out, and titles are public even for
premium pages; no summary or body is ever part of the answer, so it may be
cached by anyone.
"""

from dataclasses import asdict, dataclass

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET
from wagtail.models import Page

from core.access import visible_pages
from core.search import query_words
from search.forms import MAX_QUERY_LENGTH, clean_query_text
from search.kinds import KIND_LABELS, KIND_MODELS, kind_by_content_type

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
    """At most MAX_SUGGESTIONS live, public pages of the searched types whose
    title matches the query as typed so far, best first."""
    # Only word characters reach the backend: each engine gives quotes and
    # operators its own meaning (core.search.query_words).
    words = query_words(clean_query_text(query)[:MAX_QUERY_LENGTH])
    text = " ".join(words)
    if len(text) < MIN_QUERY_LENGTH:
        return []
    kinds = kind_by_content_type()
    pages = list(
        visible_pages(Page.objects.type(*KIND_MODELS.values()))
        .only("pk", "title", "url_path", "content_type_id")
        # Pages sort by tree path by default; the newest are the likelier.
        .order_by("-id")
        .autocomplete(text, order_by_relevance=False)[:MAX_CANDIDATES]
    )
    last_word = words[-1]

    def rank(page: Page) -> tuple:
        title_words = query_words(page.title)
        if " ".join(title_words).startswith(text):
            tier = 0
        elif any(word.startswith(last_word) for word in title_words):
            tier = 1
        else:
            tier = 2
        return (tier, len(page.title), -page.pk)

    pages.sort(key=rank)
    suggestions = []
    for found in pages:
        kind = kinds.get(found.content_type_id)
        url = found.get_url(request)
        if kind is None or not url:
            continue
        suggestions.append(
            Suggestion(
                title=found.title,
                url=url,
                kind=kind,
                kind_label=str(KIND_LABELS[kind]),
            )
        )
        if len(suggestions) == MAX_SUGGESTIONS:
            break
    return suggestions


@require_GET
def search_suggest(request: HttpRequest) -> JsonResponse:
    suggestions = list_suggestions(query=request.GET.get("q", ""), request=request)
    response = JsonResponse({"suggestions": [asdict(s) for s in suggestions]})
    # Only public titles: the same answer for everyone, safe to share.
    response["Cache-Control"] = "public, max-age=60"
    response["X-Robots-Tag"] = "noindex"
    return response
