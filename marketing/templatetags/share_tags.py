"""Share cards in a page's meta tags, and share links on the page.

Template tags because the pages live in lower apps (sessions, experts,
content) that may not import this one."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django import template

from core.site_address import absolute_url
from marketing.share_cards import SHARED_TYPES, SIZE, cached_share_card
from marketing.utm import with_utm

register = template.Library()

_MEMO = "_marketing_share_card"


@dataclass(frozen=True)
class CardImage:
    url: str
    alt: str
    width: int = SIZE[0]
    height: int = SIZE[1]


@register.simple_tag
def share_card(page) -> CardImage | None:
    """The card to announce in og:image / twitter:image, or None for the
    usual image. An og:image an editor picked on the page wins. Read from
    the cache (marketing.share_cards forgets a page's entry whenever its
    card changes), kept on the page instance (meta tags ask twice)."""
    if not isinstance(page, SHARED_TYPES) or getattr(page, "og_image_id", None):
        return None
    if _MEMO not in page.__dict__:
        stored = cached_share_card(page.pk)
        page.__dict__[_MEMO] = (
            CardImage(url=absolute_url(stored[0]), alt=stored[1]) if stored else None
        )
    return page.__dict__[_MEMO]


def _tagged(url: str, network: str, medium: str = "social") -> str:
    return with_utm(url, source=network, medium=medium, campaign="share")


@register.inclusion_tag("marketing/components/share_links.html", takes_context=True)
def share_links(context, page, label: str = ""):
    """Plain links to share `page` on LinkedIn, X and by email, and a copy
    button that static/js/share.js shows: no third-party script or image."""
    request = context.get("request")
    url = absolute_url(page.get_url(request) or "")
    title = page.title
    linkedin = {"url": _tagged(url, "linkedin")}
    x = {"url": _tagged(url, "x"), "text": title}
    email_url = _tagged(url, "email", medium="email")
    # mailto wants %20 for spaces: urlencode's default "+" shows up literally.
    email = urlencode(
        {"subject": title, "body": f"{title}\n\n{email_url}"}, quote_via=quote
    )
    return {
        "label": label or "Share this page",
        "linkedin_url": "https://www.linkedin.com/sharing/share-offsite/?"
        + urlencode(linkedin),
        "x_url": "https://twitter.com/intent/tweet?" + urlencode(x),
        "email_url": "mailto:?" + email,
        "copy_url": _tagged(url, "copy"),
    }
