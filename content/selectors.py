"""Reads of articles and courses that /learn/ and the home page share."""

from django.db.models import QuerySet
from wagtail.models import Page

from content.models import ArticlePage, ContentPage, CoursePage
from core.access import visible_pages
from core.images import CARD_COVER, prefetch_renditions

KINDS = {"article": (ArticlePage,), "course": (CoursePage,)}


def list_visible_content_ids(kind: str = "", viewer=None) -> QuerySet:
    """Ids of the live articles and courses anyone may see (core.access),
    newest first; `kind` is "article", "course" or "" for both. Premium
    items are listed too: a card shows only their public title and summary,
    and their page asks payments.access.can_view before the body. `viewer`
    as core.access.visible_pages takes it."""
    models = KINDS.get(kind, (ArticlePage, CoursePage))
    return (
        visible_pages(Page.objects.type(*models), viewer)
        .order_by("-first_published_at", "-pk")
        .values_list("pk", flat=True)
    )


def get_content_cards(ids: list[int], kind: str = "") -> list[ContentPage]:
    """The articles and courses with these ids, in this order, with what a
    card shows (author, cover and its renditions): a query or two per kind
    asked for, however many cards."""
    wanted = list(ids)
    cards = {item.pk: item for item in _cards(wanted, kind)}
    return [cards[pk] for pk in wanted if pk in cards]


def get_first_content_cards(ids: QuerySet, limit: int) -> list[ContentPage]:
    """The first `limit` of `ids` (list_visible_content_ids), newest first,
    with what a card shows: the limit applies in a subquery of each kind's
    query, so no query reads the ids alone."""
    cards = _cards(ids[:limit])
    # list_visible_content_ids' order; PostgreSQL puts a page never
    # published (None) first when descending.
    return sorted(
        cards,
        key=lambda item: (
            item.first_published_at is None,
            item.first_published_at,
            item.pk,
        ),
        reverse=True,
    )


def _cards(ids, kind: str = "") -> list[ContentPage]:
    return [
        item
        for model in KINDS.get(kind, (ArticlePage, CoursePage))
        for item in (
            model.objects.filter(pk__in=ids)
            .select_related("author", "cover_image")
            .prefetch_related(prefetch_renditions("cover_image", CARD_COVER))
        )
    ]
