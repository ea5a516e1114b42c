"""/learn/: articles and courses, newest first, paginated by id first so a
page of cards costs the same few queries however many there are."""

from django.core.paginator import Paginator
from django.http import HttpRequest
from wagtail.models import Page

from content.models import ArticlePage, CoursePage
from core.access import visible_pages

PER_PAGE = 12
TYPES = {"article": (ArticlePage,), "course": (CoursePage,)}


def learn_index_context(request: HttpRequest) -> dict:
    kind = request.GET.get("type", "")
    models = TYPES.get(kind, (ArticlePage, CoursePage))
    ids = (
        visible_pages(Page.objects.type(*models))
        .order_by("-first_published_at", "-pk")
        .values_list("pk", flat=True)
    )
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("page"))
    wanted = list(page.object_list)
    cards = {}
    for model in models:
        for item in model.objects.filter(pk__in=wanted).select_related(
            "author", "cover_image"
        ):
            cards[item.pk] = item
    kind = kind if kind in TYPES else ""
    return {
        "page_obj": page,
        "filter_query": f"type={kind}" if kind else "",
        "items": [cards[pk] for pk in wanted if pk in cards],
        "type": kind,
    }
