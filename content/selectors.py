"""Reads of articles and courses that /learn/ and the home page share."""

from django.db.models import QuerySet
from wagtail.models import Page

from content.models import ArticlePage, ContentPage, CoursePage
from core.access import visible_pages
from core.images import CARD_COVER, prefetch_renditions

KINDS = {"article": (ArticlePage,), "course": (CoursePage,)}


def list_visible_content_ids(kind: str = "") -> QuerySet:
    """Ids of the live articles and courses anyone may see (core.access),
    newest first; `kind` is "article", "course" or "" for both. Premium
    items are listed too: a card shows only their public title and summary,
    and their page asks payments.access.can_view before the body."""
    models = KINDS.get(kind, (ArticlePage, CoursePage))
    return (
        visible_pages(Page.objects.type(*models))
        .order_by("-first_published_at", "-pk")
        .values_list("pk", flat=True)
    )


def get_content_cards(ids: list[int], kind: str = "") -> list[ContentPage]:
    """The articles and courses with these ids, in this order, with what a
    card shows (author, cover and its renditions): a query or two per kind
    asked for, however many cards."""
    wanted = list(ids)
    cards = {}
    for model in KINDS.get(kind, (ArticlePage, CoursePage)):
        for item in (
            model.objects.filter(pk__in=wanted)
            .select_related("author", "cover_image")
            .prefetch_related(prefetch_renditions("cover_image", CARD_COVER))
        ):
            cards[item.pk] = item
    return [cards[pk] for pk in wanted if pk in cards]
