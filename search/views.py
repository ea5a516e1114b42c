from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from search.forms import TYPE_CHOICES, SearchForm
from search.selectors import get_search_outcome
from search.spelling import list_popular_skills


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query, kind = form.search_terms()
    outcome = None
    if query:
        outcome = get_search_outcome(
            query=query,
            kind=kind,
            page_number=request.GET.get("page"),
            request=request,
        )
    nothing_found = outcome is None or not outcome.hits
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "kind": kind,
            "outcome": outcome,
            # Pagination links add "&page=N" to this.
            "base_query": _query_string(query, kind),
            "type_links": _type_links(query, kind),
            "suggestion_query": _suggestion_query(outcome, kind),
            "popular_skills": list_popular_skills() if nothing_found else [],
        },
    )


def _type_links(query: str, kind: str) -> list[dict]:
    choices = [("", _("Everything")), *TYPE_CHOICES]
    return [
        {
            "label": label,
            "query": _query_string(query, value),
            "current": value == kind,
        }
        for value, label in choices
    ]


def _suggestion_query(outcome, kind: str) -> str:
    if outcome is None or not outcome.suggestion:
        return ""
    return _query_string(outcome.suggestion, kind)


def _query_string(query: str, kind: str) -> str:
    return urlencode({"q": query, **({"type": kind} if kind else {})})
