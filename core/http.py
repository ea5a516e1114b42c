"""Response helpers shared by page types."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers


def private_if_signed_in(request: HttpRequest, response: HttpResponse):
    """Pages rendered for a member (their time zone, their booking, premium
    text they paid for) must never be stored by a shared cache or CDN."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
    return response
