"""Reading a sent email as a member would: its subject, its text part, and
what its HTML part shows and links to."""

import re
from html import unescape
from html.parser import HTMLParser
from types import SimpleNamespace

SITE = "https://masteryhub.example"
PREFIX = "[MasteryHub] "
MEETING = "https://meet.example.com/secret-room-42"


class EmailParts(HTMLParser):
    """The links and the words a reader sees in an HTML part."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.words: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"style", "title"} or "preheader" in (attrs.get("class") or ""):
            self._hidden += 1
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in {"style", "title", "span"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.words.append(data)


def flat(text: str) -> str:
    return " ".join(unescape(text).split())


def read(message) -> SimpleNamespace:
    """The message's subject, text, HTML and what the HTML shows and links."""
    html = [body for body, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(html) == 1, "exactly one HTML part"
    parts = EmailParts()
    parts.feed(html[0])
    return SimpleNamespace(
        subject=message.subject,
        text=flat(message.body),
        html=html[0],
        shown=flat(" ".join(parts.words)),
        links=parts.links,
    )


def assert_well_formed(message, *, facts=(), external=()):
    """Both parts, the facts in each, every link at SITE_URL (bar the
    `external` ones: a meeting room, a calendar site), every link of the
    text in the HTML, and the subject prefix once."""
    email = read(message)
    assert email.subject.startswith(PREFIX)
    assert email.subject.count("[MasteryHub]") == 1
    assert email.html.lstrip().startswith("<!doctype html>")
    for fact in facts:
        assert flat(fact) in email.text, f"text part lacks {fact!r}"
        assert flat(fact) in email.shown, f"HTML part lacks {fact!r}"
    assert email.links, "the HTML links somewhere"
    for link in email.links:
        assert link.startswith(f"{SITE}/") or link in external, link
    for url in re.findall(r"https?://\S+", message.body):
        assert url.rstrip(".,)") in email.links, f"HTML lacks the link {url}"
    return email
