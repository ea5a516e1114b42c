"""Shared fragments: the parts of a page that read the same to every viewer
of one kind, rendered once and kept in the rebuildable cache.

Signed-in members never get the anonymous page cache, and an expert's page
or a listing costs a dozen queries and most of its time in the parts no
viewer changes (the profile, the session cards, the reviews). Wrapped in
`{% sharedfragment "name" extra… %}` (core_tags), such a part is kept for
FRAGMENT_CACHE_SECONDS under a key made of:

- the page's `cache_key` and the site (as Wagtail's `{% wagtailpagecache %}`
  does), so publishing the page shows at once;
- the fragment generation, which every purge of the page cache also renews
  (core.page_cache_purge: a page going live or off, moving or being
  deleted, an image or a site setting changing), so a new session reaches
  its host's page at once;
- the kind of viewer, visitor or member, and the member's time zone: times
  read in the viewer's zone, and visitors' are rewritten by the browser;
- whatever else the template names (is this the expert's own page?).

Seats left, ratings and new reviews reach a fragment within its seconds,
as they reach the anonymous page cache. A fragment holds nothing one viewer
may see and another of the same kind may not: no form (a CSRF token is
refused, below), no message, no premium text. Previews are never cached.

`get_or_compute` keeps a value the same way, under the same generation,
for what is alike for every viewer of every kind (search's ranking).
"""

import hashlib
import logging
import uuid
from functools import cached_property, partial

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest
from wagtail.models import Site

from core.cache import rebuildable_cache as cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "core.fragments:generation"
# What {% csrf_token %} writes: a fragment holding one would hand one
# visitor's token to the next.
CSRF_FIELD = 'name="csrfmiddlewaretoken"'


def fragment_seconds() -> int:
    return settings.FRAGMENT_CACHE_SECONDS


def _generation(request: HttpRequest) -> str:
    # Read once per request, however many fragments the page keeps.
    if not hasattr(request, "_fragment_generation"):
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
            generation = cache.get(GENERATION_KEY, "")
        request._fragment_generation = generation
    return request._fragment_generation


def purge_fragments() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def purge_fragments_after_commit() -> None:
    """Purged any earlier, a request in between would store the old state
    again for the fragment's whole lifetime."""
    if fragment_seconds():
        transaction.on_commit(purge_fragments)


def viewer_kind(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return "visitor"
    # The zone the member's times are shown in (sessions.timezones); read
    # as stored, since a key only needs to tell zones apart.
    profile = getattr(user, "profile", None)
    return f"member:{getattr(profile, 'time_zone', '')}"


def fragment_key(name: str, request: HttpRequest, page, extra: list) -> str:
    site = Site.find_for_request(request)
    return _key(
        name,
        [
            _generation(request),
            getattr(page, "cache_key", ""),
            getattr(site, "pk", ""),
            viewer_kind(request),
            *extra,
        ],
    )


def _key(name: str, parts: list) -> str:
    digest = hashlib.md5(  # noqa: S324 (a cache key, not a secret)
        "\x1f".join(str(part) for part in parts).encode()
    ).hexdigest()
    return f"core.fragments:{name}:{digest}"


def get_or_render(name: str, request: HttpRequest | None, page, extra, render) -> str:
    """The fragment `name` for this request, rendered by `render()` on a
    miss, or every time while the fragments are off or the page previewed."""
    seconds = fragment_seconds()
    if not seconds or request is None or getattr(request, "is_preview", False):
        return render()
    key = fragment_key(name, request, page, extra)
    html = cache.get(key)
    if html is None:
        html = render()
        if CSRF_FIELD in html:
            logger.error("fragment %r holds a CSRF token: not cached", name)
            return html
        cache.set(key, html, seconds)
    return html


def get_or_compute(name: str, request: HttpRequest | None, extra: list, compute):
    """A value every viewer gets alike, whoever asks (search's ranked
    results), computed by `compute()` on a miss and kept as a fragment is:
    for FRAGMENT_CACHE_SECONDS, until the next purge. Keyed on `extra`
    alone: neither the site nor the kind of viewer. `compute` never
    returns None."""
    seconds = fragment_seconds()
    if not seconds or request is None:
        return compute()
    key = _key(name, [_generation(request), *extra])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def lazy_context(source, names) -> dict:
    """Each of `source`'s attributes `names` as a callable, which Django's
    templates call on first use: a part of the page kept as a fragment
    never asks, so never runs its queries."""
    return {name: partial(getattr, source, name) for name in names}


class ListingPage:
    """One page of a listing, loaded on first use: `paginator` over
    `queryset` (bare ids, or the cards themselves), `results` the page
    asked for (junk gives the first, past the end the last), `cards` what
    `as_cards` makes of that page's rows."""

    def __init__(self, queryset, per_page: int, number: str, as_cards):
        self.queryset = queryset
        self.per_page = per_page
        self.number = number
        self.as_cards = as_cards

    @cached_property
    def paginator(self) -> Paginator:
        return Paginator(self.queryset, self.per_page)

    @cached_property
    def results(self) -> PaginatorPage:
        return self.paginator.get_page(self.number)

    @cached_property
    def cards(self) -> list:
        return self.as_cards(list(self.results.object_list))
