"""Social card images: what a link to a session, expert, article or course
shows when it is shared (og:image / twitter:image).

A card is drawn once per published version of the text it carries and kept
as a file (`ShareCard`); pages only ever read the stored file. Only public
fields are drawn: the title, the host, author or headline, a session's date.
Never a premium body, nor even a summary."""

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont
from wagtail.models import Page

from content.models import ArticlePage, CoursePage
from core.cache import rebuildable_cache
from experts.models import ExpertPage
from marketing.models import ShareCard
from sessions.models import SessionPage
from sessions.timezones import format_datetime, zone_or_utc

SIZE = (1200, 630)
BRAND = "MasteryHub"
# Bump when the drawing changes, so every card is drawn again.
DESIGN_VERSION = "1"

# DESIGN.md: text and links in the darker shades that pass WCAG AA on white
# (and white on the blue); the yellow only as a shape, never under text.
BLUE = "#1967D2"
GREEN = "#188038"
YELLOW = "#FBBC05"
TEXT = "#333333"
WHITE = "#FFFFFF"

MARGIN = 80
TEXT_WIDTH = SIZE[0] - 2 * MARGIN
BAND_HEIGHT = 110
ELLIPSIS = "…"
# Largest first; the title takes the first size at which it fits in the
# lines allowed, else the last, cut short with an ellipsis.
TITLE_SIZES = ((68, 3), (58, 3), (50, 4))

SHARED_TYPES = (SessionPage, ExpertPage, ArticlePage, CoursePage)
# A page's card as its meta tags announce it stays cached this long at most;
# any write of a card forgets it at once (marketing.signals).
CARD_CACHE_SECONDS = 24 * 60 * 60


def _font(size: int) -> ImageFont.FreeTypeFont:
    # Pillow's bundled scalable font (Aileron, CC0): nothing to install,
    # the same on every machine.
    return ImageFont.load_default(size=size)


def _fits(text: str, font, width: int) -> bool:
    return font.getlength(text) <= width


def _shorten(text: str, font, width: int) -> str:
    """`text` cut to fit `width` with an ellipsis: after a whole word, unless
    the first word alone is too long."""
    if _fits(text, font, width):
        return text
    words = text.split()
    while len(words) > 1 and not _fits(" ".join(words) + ELLIPSIS, font, width):
        words.pop()
    text = " ".join(words)
    while text and not _fits(text + ELLIPSIS, font, width):
        text = text[:-1]
    return text.rstrip(" ,;:.-–—") + ELLIPSIS


def _split_word(word: str, font, width: int) -> list[str]:
    """A word too long for one line (a URL, a German compound) in pieces."""
    pieces, piece = [], ""
    for char in word:
        if piece and not _fits(piece + char, font, width):
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def wrap(text: str, font, width: int, max_lines: int) -> tuple[list[str], bool]:
    """Greedy word wrap; returns the lines and whether it all fitted. The
    last line allowed ends with an ellipsis when text was left over."""
    words = []
    for word in text.split():
        words.extend(_split_word(word, font, width))
    lines: list[str] = []
    line = ""
    for index, word in enumerate(words):
        candidate = f"{line} {word}" if line else word
        if _fits(candidate, font, width):
            line = candidate
            continue
        lines.append(line)
        line = word
        if len(lines) == max_lines:
            rest = " ".join([lines.pop(), *words[index:]])
            lines.append(_shorten(rest, font, width))
            return lines, False
    if line:
        lines.append(line)
    return lines, True


def _title_lines(title: str) -> tuple[list[str], ImageFont.FreeTypeFont, int]:
    for size, max_lines in TITLE_SIZES:
        font = _font(size)
        lines, fitted = wrap(title, font, TEXT_WIDTH, max_lines)
        if fitted:
            return lines, font, size
    return lines, font, size


def render_share_card(*, title: str, byline: str, when: str, kind_label: str) -> bytes:
    """A 1200×630 PNG: the kind of page, its title, the byline, a session's
    date, and the brand on a blue band."""
    image = Image.new("RGB", SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    width, height = SIZE

    # Brand shapes: a blue edge on the left, the band at the foot with a
    # yellow square beside the name.
    draw.rectangle((0, 0, 16, height - BAND_HEIGHT), fill=BLUE)
    draw.rectangle((0, height - BAND_HEIGHT, width, height), fill=BLUE)
    band_middle = height - BAND_HEIGHT // 2
    draw.rectangle(
        (MARGIN, band_middle - 14, MARGIN + 28, band_middle + 14), fill=YELLOW
    )
    draw.text(
        (MARGIN + 48, band_middle),
        BRAND,
        font=_font(44),
        fill=WHITE,
        anchor="lm",
        stroke_width=1,
        stroke_fill=WHITE,
    )

    y = 64
    if kind_label:
        label_font = _font(30)
        draw.text(
            (MARGIN, y),
            _shorten(kind_label.upper(), label_font, TEXT_WIDTH),
            font=label_font,
            fill=GREEN,
            stroke_width=1,
            stroke_fill=GREEN,
        )
        y += 58

    lines, title_font, size = _title_lines(title.strip() or BRAND)
    for line in lines:
        # A hairline stroke in the same colour stands in for a bold face.
        draw.text(
            (MARGIN, y),
            line,
            font=title_font,
            fill=TEXT,
            stroke_width=1,
            stroke_fill=TEXT,
        )
        y += int(size * 1.2)

    y += 18
    detail_font = _font(34)
    # An expert's headline may take two lines; a session's byline one, so
    # its date always has room.
    byline_lines, _ = wrap(byline, detail_font, TEXT_WIDTH, 1 if when else 2)
    for text, colour in [*((line, TEXT) for line in byline_lines), (when, BLUE)]:
        if text:
            draw.text((MARGIN, y), text, font=detail_font, fill=colour)
            y += 50

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@dataclass(frozen=True)
class CardText:
    title: str
    byline: str
    when: str
    kind_label: str

    @property
    def fingerprint(self) -> str:
        parts = (DESIGN_VERSION, self.kind_label, self.title, self.byline, self.when)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @property
    def alt_text(self) -> str:
        parts = [f"{self.kind_label}: {self.title}", self.byline, self.when]
        return " — ".join(part for part in parts if part)[:500]


def _person(user) -> str:
    return user.get_full_name() or user.username


def session_when(session: SessionPage, dt: datetime | None = None) -> str:
    """The start in the session's own zone, named: "Tue 12 May 2026, 18:00
    CEST (Europe/Berlin)"; UTC needs no "(UTC)"."""
    zone = zone_or_utc(session.time_zone)
    local = (dt or session.starts_at).astimezone(zone)
    text = format_datetime(local)
    return text if local.tzname() == zone.key else f"{text} ({zone.key})"


def card_text(page) -> CardText | None:
    """What the card of `page` (a specific page) says; None for page types
    that have no card."""
    if isinstance(page, SessionPage):
        return CardText(
            title=page.title,
            byline=f"Hosted by {_person(page.host)}",
            when=session_when(page),
            kind_label=str(SessionPage._meta.verbose_name).capitalize(),
        )
    if isinstance(page, ExpertPage):
        # The page's title is the expert's name; the headline says what
        # they do.
        return CardText(
            title=page.title,
            byline=page.headline,
            when="",
            kind_label="Expert",
        )
    if isinstance(page, ArticlePage | CoursePage):
        return CardText(
            title=page.title,
            byline=f"By {_person(page.author)}",
            when="",
            kind_label=page.kind_label,
        )
    return None


def ensure_share_card(page) -> ShareCard | None:
    """The card of `page`, drawn only when its text changed since the last
    one (or there is none yet). None for page types without cards."""
    text = card_text(page)
    if text is None:
        return None
    if page.get_view_restrictions().exists():
        # A private page's title and date must not sit at a public address.
        remove_share_card(page_id=page.pk)
        return None
    fingerprint = text.fingerprint
    current = ShareCard.objects.filter(page_id=page.pk).first()
    if current is not None and current.fingerprint == fingerprint:
        return current
    # Drawn before the transaction: no row stays locked while Pillow works.
    png = render_share_card(
        title=text.title, byline=text.byline, when=text.when, kind_label=text.kind_label
    )
    return _store(page_id=page.pk, text=text, png=png)


@transaction.atomic
def _store(*, page_id: int, text: CardText, png: bytes) -> ShareCard:
    fingerprint = text.fingerprint
    # The page row is the lock: two workers publishing the same page wait
    # for each other instead of both inserting its one card.
    Page.objects.select_for_update().filter(pk=page_id).values_list("pk").first()
    card = ShareCard.objects.filter(page_id=page_id).first()
    if card is not None and card.fingerprint == fingerprint:
        return card  # another worker drew the same text meanwhile
    old_name = card.image.name if card is not None else ""
    if card is None:
        card = ShareCard(page_id=page_id)
    card.fingerprint = fingerprint
    card.alt_text = text.alt_text
    # A new name for new text: social sites cache an image by its address.
    card.image.save(f"{page_id}-{fingerprint[:16]}.png", ContentFile(png), save=False)
    card.save()
    if old_name and old_name != card.image.name:
        storage = card.image.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return card


def _cache_key(page_id: int) -> str:
    return f"marketing:share-card:{page_id}"


def cached_share_card(page_id: int) -> tuple[str, str] | None:
    """(image URL relative to the site, alt text) of the page's card, or
    None: from the cache, else one query whose answer the cache keeps until
    the card changes (forget_cached_share_card)."""
    key = _cache_key(page_id)
    stored = rebuildable_cache.get(key)
    if stored is None:
        card = ShareCard.objects.filter(page_id=page_id).only("image", "alt_text")
        card = card.first()
        # "" for "no card", which the cache keeps too (None is a miss).
        stored = (card.image.url, card.alt_text) if card and card.image else ""
        rebuildable_cache.set(key, stored, CARD_CACHE_SECONDS)
    return tuple(stored) if stored else None


def forget_cached_share_card(*, page_id: int) -> None:
    # Now and again after commit: a page read between the write and its
    # commit still sees (and would cache) the old card.
    key = _cache_key(page_id)
    rebuildable_cache.delete(key)
    transaction.on_commit(lambda: rebuildable_cache.delete(key))


def remove_share_card(*, page_id: int) -> None:
    """Forget the card of a page that went private or offline; its file
    goes with the row (marketing.signals)."""
    ShareCard.objects.filter(page_id=page_id).delete()
