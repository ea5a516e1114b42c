"""A campaign's body as one recipient gets it: email HTML from the block
templates, and the plain-text part, with every link made absolute and every
link to the site tagged with UTM parameters (marketing.utm)."""

import re
from html import unescape
from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from marketing.models import Campaign
from marketing.utm import with_utm
from sessions.timezones import format_in_zone

UTM_SOURCE = "newsletter"
# Our templates and Wagtail's rich text write attributes double-quoted.
_HREF = re.compile(r'href="([^"]*)"')


def campaign_link(url: str, *, campaign: Campaign) -> str:
    """`url` absolute, with UTM if it leads to the site; mailto:, fragments
    and other sites' links as they are."""
    url = url.strip()
    if not url or url.startswith(("#", "mailto:")):
        return url
    return with_utm(url, source=UTM_SOURCE, campaign=campaign.slug)


def rewrite_links(html: str, *, campaign: Campaign) -> str:
    def replace(match: re.Match) -> str:
        url = campaign_link(unescape(match.group(1)), campaign=campaign)
        return f'href="{escape(url)}"'

    return _HREF.sub(replace, html)


def render_body_html(campaign: Campaign, *, time_zone: str) -> SafeString:
    html = render_to_string(
        "marketing/blocks/body.html",
        # The session block reads the zone through sessions.timezones,
        # which falls back to UTC for a name it does not know.
        {"body": campaign.body, "time_zone": time_zone},
    )
    # The templates escaped every value; only attribute URLs change here.
    return mark_safe(rewrite_links(html, campaign=campaign))


def _page_url(page, campaign: Campaign) -> str:
    url = page.url if page is not None else None
    return campaign_link(url, campaign=campaign) if url else ""


def render_body_text(campaign: Campaign, *, time_zone: str) -> str:
    parts = []
    for block in campaign.body:
        kind, value = block.block_type, block.value
        if kind == "heading":
            parts.append(f"{value}\n{'=' * len(value)}")
        elif kind == "paragraph":
            html = rewrite_links(str(value), campaign=campaign)
            parts.append(html_to_text(html))
        elif kind == "session" and value is not None and value.live:
            host = _("with %(host)s") % {"host": value.host}
            when = format_in_zone(value.starts_at, time_zone)
            parts.append(
                f"{value.title}\n{when} · {host}\n"
                f"{value.summary}\n{_page_url(value, campaign)}"
            )
        elif kind == "article" and value is not None and value.live:
            page = value.specific
            parts.append(f"{page.title}\n{page.summary}\n{_page_url(page, campaign)}")
        elif kind == "button":
            link = campaign_link(value["url"], campaign=campaign)
            parts.append(f"{value['label']}: {link}")
    return "\n\n".join(part.strip() for part in parts if part.strip())


class _TextParser(HTMLParser):
    """Rich text as plain text: paragraphs apart, list items with a dash,
    each link's address after its words."""

    BLOCKS = {"p", "div", "ul", "ol", "h2", "h3", "h4"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.out.append("\n- ")
        elif tag == "br":
            self.out.append("\n")
        elif tag in self.BLOCKS:
            self.out.append("\n\n")
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.out.append(f" ({href})")
        elif tag in self.BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data):
        self.out.append(data)


def html_to_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
