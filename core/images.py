"""The image sizes listings and social cards use, in one place: the card
templates read them (core/templatetags/card_images.py), the listing
selectors prefetch them, and a task makes them when an image is saved, so a
visitor's request finds them ready instead of resizing on the spot."""

from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import post_save
from wagtail.images import get_image_model

# A cover on a card: 16:9, two widths for srcset. The same sizes the session
# and article pages use for their cover, so one set of files serves both.
CARD_COVER = ("fill-480x270", "fill-960x540")
# The card's width at each breakpoint of the card grids (17–22rem columns
# from two columns up, the whole width below).
CARD_COVER_SIZES = "(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, 100vw"

# An expert's portrait: on a card (96 px shown, twice for sharp screens) and
# on their page and in its structured data.
EXPERT_CARD_PHOTO = "fill-192x192"
EXPERT_PAGE_PHOTO = "fill-320x320"

# What link previews and search engines fetch: wagtail-seo's og:image (the
# original), the site's default share image and the session's schema.org
# image.
SOCIAL = ("original", "fill-1200x630", "fill-1200x675")

PREGENERATED = (*CARD_COVER, EXPERT_CARD_PHOTO, EXPERT_PAGE_PHOTO, *SOCIAL)


def prefetch_renditions(field: str, specs: tuple[str, ...]) -> Prefetch:
    """Prefetch the renditions `specs` of the image behind the foreign key
    `field` (joined with select_related): one query for a whole listing,
    read by Wagtail's get_rendition(s) instead of a query per card."""
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{field}__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


def queue_renditions(sender, instance, **kwargs) -> None:
    """post_save of an image: make its renditions once the save is
    committed. Every save, not only uploads: a new focal point or file
    needs new crops (Wagtail keys renditions by the focal point)."""
    # Imported here: core.tasks imports this module's specs.
    from core.tasks import generate_renditions

    pk = instance.pk
    transaction.on_commit(lambda: generate_renditions.enqueue(image_id=pk))


def connect() -> None:
    post_save.connect(
        queue_renditions,
        sender=get_image_model(),
        dispatch_uid="core.images.queue_renditions",
    )
