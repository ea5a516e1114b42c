"""Request and response helpers shared by views."""

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def private_if_signed_in(request: HttpRequest, response: HttpResponse):
    """Pages rendered for a member (their time zone, their booking, premium
    text they paid for) must never be stored by a shared cache or CDN."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
    return response


def is_address(url: str) -> bool:
    """True for text `redirect()` treats as an address: a path or an http(s)
    URL. Anything else ("dashboard", "a:b") it looks up as a view name, and
    fails with a server error."""
    if url.startswith("/"):
        return True
    try:
        return urlsplit(url).scheme in ("http", "https")
    except ValueError:  # e.g. "http://[" : not a URL at all
        return False


def safe_redirect_target(request: HttpRequest, *candidates: str, default: str) -> str:
    """The first candidate (a `next` parameter, the Referer) that is an
    address on this site, else `default`: never somewhere else, never text
    `redirect()` would choke on."""
    for target in candidates:
        if (
            target
            and is_address(target)
            and url_has_allowed_host_and_scheme(
                target,
                allowed_hosts={request.get_host()},
                require_https=request.is_secure(),
            )
        ):
            return target
    return default
