"""/learn/: articles and courses, newest first, paginated by id first so a
page of cards costs the same few queries however many there are."""

from django.core.paginator import Paginator
from django.http import HttpRequest

from content.selectors import KINDS, get_content_cards, list_visible_content_ids

PER_PAGE = 12


def learn_index_context(request: HttpRequest) -> dict:
    kind = request.GET.get("type", "")
    kind = kind if kind in KINDS else ""
    page = Paginator(list_visible_content_ids(kind), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "page_obj": page,
        "filter_query": f"type={kind}" if kind else "",
        "items": get_content_cards(list(page.object_list), kind),
        "type": kind,
    }
