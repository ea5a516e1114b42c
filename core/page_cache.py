"""The anonymous page cache: a visitor who is not signed in gets public pages
from the cache, without touching the database or rendering a template.

Built on Django's cache framework (the `pages` cache: Redis in production,
so every web process shares it). Django's own cache middleware sits below
the session and auth middleware and learns a key per Vary header; this one
sits above them, so a hit skips them all, and it decides from the request
alone, before anything else runs:

- Only GET and HEAD requests without a session or messages cookie and
  without an Authorization header are looked up: a signed-in member, or a
  visitor with a message waiting, always reaches the view.
- Only a 200 response that sets no cookie (so carries no CSRF token and no
  message), says nothing `private` or `no-cache`/`no-store`, and varies on
  nothing but Cookie and Accept-Encoding is stored. Pages rendered for a
  member, premium text included, mark themselves private
  (core.http.private_if_signed_in) and the member never got here anyway.

What is stored is shared by every process for PAGE_CACHE_SECONDS (a minute
by default): seats left, ratings, answer counts and new forum posts reach
visitors within that. Publishing, unpublishing, moving or deleting a page,
changing an image or a site setting, and hiding forum posts purge the whole
cache at once (core.signals, forum.services): a new generation makes every
stored key unreachable. In front of Django (masteryhub/wsgi.py), each
process also answers the pages it served in the last
PAGE_CACHE_LOCAL_SECONDS (two by default) from its memory (LocalPageCache),
before Django handles the request; a purge reaches the other processes
within those seconds.

A response stored here says `Cache-Control: public, max-age=0,
s-maxage=…` and `Vary: Cookie`: browsers revalidate, a CDN may keep it for
the same minute, and Wagtail's frontend cache app purges it there on
publish (settings: WAGTAILFRONTENDCACHE). Every other response says
`private`.
"""

import hashlib
import logging
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
)

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_KEY = "generation"
HEADER = "X-Page-Cache"
MESSAGES_COOKIE = "messages"
# Headers a stored response may vary on: Cookie is decided by the request
# rule above, and nothing here compresses per client.
HARMLESS_VARY = {"cookie", "accept-encoding"}
REFUSED_CACHE_CONTROL = ("private", "no-cache", "no-store")
# Enough for every page a burst of visitors reads, per process.
LOCAL_ENTRIES = 500


@dataclass(frozen=True)
class StoredPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class _LocalPages:
    """The pages this process served last, each for a short while."""

    def __init__(self):
        self._entries: OrderedDict[tuple, tuple[float, tuple]] = OrderedDict()

    def get(self, key: tuple) -> tuple | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, page = entry
        if time.monotonic() >= expires:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return page

    def set(self, key: tuple, page: tuple, seconds: float) -> None:
        if seconds <= 0:
            return
        self._entries[key] = (time.monotonic() + seconds, page)
        self._entries.move_to_end(key)
        while len(self._entries) > LOCAL_ENTRIES:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


_local = _LocalPages()


def _seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


def _local_seconds() -> float:
    return min(settings.PAGE_CACHE_LOCAL_SECONDS, _seconds())


def _generation() -> str:
    cache = caches[CACHE_ALIAS]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY, "")
    return generation


def purge_pages() -> None:
    """Make every stored page unreachable, in every process (within the
    local seconds elsewhere, at once in this one)."""
    _local.clear()
    if _seconds():
        caches[CACHE_ALIAS].set(GENERATION_KEY, uuid.uuid4().hex, None)


def purge_pages_after_commit() -> None:
    """Purged any earlier, a request in between would store the old state
    again for the cache's whole lifetime."""
    if _seconds():
        transaction.on_commit(purge_pages)


def is_cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in REFUSED_CACHE_CONTROL):
        return False
    vary = {
        header.strip().lower()
        for header in cc_delim_re.split(response.get("Vary", ""))
        if header.strip()
    }
    return vary <= HARMLESS_VARY


def _key(request: HttpRequest, generation: str) -> str:
    # The host is checked against ALLOWED_HOSTS by get_host(); the scheme
    # keeps http and https copies (their links differ) apart.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{generation}:{hashlib.sha256(address.encode()).hexdigest()}"


def _stored(response: HttpResponse) -> StoredPage:
    return StoredPage(
        status=response.status_code,
        headers=tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("date", HEADER.lower())
        ),
        content=response.content,
    )


class AnonymousPageCacheMiddleware:
    """Place right after WhiteNoise: static files never reach it, and a hit
    skips the session, CSRF, auth and messages middleware below. What
    the middleware below add to a response (CSP, Permissions-Policy, Vary)
    is stored with it; SecurityMiddleware, above, adds its headers to hits
    too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _seconds():
            return self.get_response(request)
        if not is_cacheable_request(request):
            return self._private(self.get_response(request))
        try:
            key = _key(request, _generation())
            page = caches[CACHE_ALIAS].get(key)
        except Exception:
            # The cache is a shortcut: while Redis is down, render.
            logger.warning("page cache unavailable", exc_info=True)
            return self._private(self.get_response(request))
        if page is not None:
            response = page.response()
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if not is_cacheable_response(request, response):
            return self._private(response)
        if "max-age" in response.get("Cache-Control", ""):
            patch_cache_control(response, public=True)
        else:
            patch_cache_control(response, public=True, max_age=0, s_maxage=_seconds())
        patch_vary_headers(response, ["Cookie"])
        page = _stored(response)
        try:
            caches[CACHE_ALIAS].set(key, page, _seconds())
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return response
        response[HEADER] = "miss"
        return response

    @staticmethod
    def _private(response: HttpResponse) -> HttpResponse:
        # Static files and downloads set their own Cache-Control.
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True)
        return response


def _wsgi_key(environ: dict) -> tuple | None:
    """The request as it arrived, if it may be answered from memory: the
    same rule as is_cacheable_request, read from the WSGI environ."""
    if environ.get("REQUEST_METHOD") != "GET" or "HTTP_AUTHORIZATION" in environ:
        return None
    cookies = environ.get("HTTP_COOKIE", "")
    if cookies:
        names = {part.split("=", 1)[0].strip() for part in cookies.split(";")}
        if settings.SESSION_COOKIE_NAME in names or MESSAGES_COOKIE in names:
            return None
    # Raw, as received: two addresses Django would read alike are merely
    # stored twice; two different ones can never share an entry.
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_X_FORWARDED_PROTO"),
        environ.get("HTTP_HOST"),
        environ.get("PATH_INFO"),
        environ.get("QUERY_STRING"),
    )


def _is_public(status: str, headers: list[tuple[str, str]]) -> bool:
    """Stored by the middleware, and so safe for every visitor."""
    if not status.startswith("200 "):
        return False
    names = {name.lower(): value for name, value in headers}
    return "set-cookie" not in names and names.get(HEADER.lower()) in ("miss", "hit")


class LocalPageCache:
    """WSGI, in front of Django: each process answers the pages it served in
    the last PAGE_CACHE_LOCAL_SECONDS from memory, with the very bytes and
    headers it sent, before Django handles the request at all (no signals,
    no middleware). Only what the middleware stored for every visitor is
    kept; a purge empties it in this process at once."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        key = _wsgi_key(environ) if _local_seconds() > 0 else None
        if key is None:
            return self.application(environ, start_response)
        page = _local.get(key)
        if page is not None:
            status, headers, body = page
            start_response(status, headers)
            return [body]
        sent = {}

        def remember(status, headers, exc_info=None):
            sent.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.application(environ, remember)
        if not _is_public(sent.get("status", ""), sent.get("headers", [])):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = [
            (name, "hit" if name.lower() == HEADER.lower() else value)
            for name, value in sent["headers"]
        ]
        _local.set(key, (sent["status"], headers, body), _local_seconds())
        return [body]
