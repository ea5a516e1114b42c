"""Card pictures at the sizes core.images names, so the templates and the
task that pre-makes the renditions cannot drift apart."""

from django import template

from core.images import CARD_COVER, CARD_COVER_SIZES

register = template.Library()


@register.inclusion_tag("components/card_cover.html")
def card_cover(image, lazy: bool = True) -> dict:
    """A card's 16:9 cover from `image` (its renditions prefetched by the
    listing's selector), or the placeholder when there is none."""
    if image is None:
        return {}
    renditions = list(image.get_renditions(*CARD_COVER).values())
    return {
        "src": renditions[0],
        "srcset": ", ".join(f"{r.url} {r.width}w" for r in renditions),
        "sizes": CARD_COVER_SIZES,
        "lazy": lazy,
    }
