"""/learn/: articles and courses, newest first, paginated by id first so a
page of cards costs the same few queries however many there are."""

from functools import partial

from django.http import HttpRequest

from content.selectors import KINDS, get_content_cards, list_visible_content_ids
from core.fragments import ListingPage

PER_PAGE = 12


def learn_index_context(request: HttpRequest) -> dict:
    """The kind shown and one page of cards, loaded only if the template
    asks (core.fragments)."""
    kind = request.GET.get("type", "")
    kind = kind if kind in KINDS else ""
    page_number = request.GET.get("page", "")
    found = ListingPage(
        list_visible_content_ids(kind),
        PER_PAGE,
        page_number,
        partial(get_content_cards, kind=kind),
    )
    return {
        "page_obj": partial(getattr, found, "results"),
        "items": partial(getattr, found, "cards"),
        "page_number": page_number,
        "filter_query": f"type={kind}" if kind else "",
        "type": kind,
    }
