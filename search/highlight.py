"""Search words marked in plain text: split on the words, escape every
piece, then wrap the matched ones in <mark>. User input is never trusted as
HTML, whether it came from the query or from a page title."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, words: list[str]) -> SafeString:
    if not words or not text:
        return escape(text)
    # Longest first, so "python" wins over "py"; a word also marks its
    # endings ("pipeline" marks "pipelines"), as the backends' stemming does.
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)((?:{alternatives})\w*)", re.IGNORECASE)
    pieces = pattern.split(text)
    html = [
        f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece)
        for index, piece in enumerate(pieces)
    ]
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped above
