"""Member-written Markdown to safe HTML."""

from html import unescape

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}


def render_markdown(text: str) -> SafeString:
    # fenced_code: ``` blocks, for the forum's code samples.
    md = markdown.Markdown(
        extensions=["sane_lists", "fenced_code"], output_format="html"
    )
    # Without these two, raw HTML in the text passes through; with them it is
    # escaped and shown as typed. nh3 below is the second line of defence.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def markdown_text(html: str) -> str:
    """What rendered Markdown says, as plain text on one line: tags dropped
    and entities read back ("&lt;" is "<" again), for descriptions and
    excerpts, which are escaped once where they are shown."""
    return " ".join(unescape(strip_tags(html)).split())
