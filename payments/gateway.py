"""The one place that builds a Stripe client.

Keys come from the environment; `STRIPE_API_BASE` points the client at a
local Stripe-compatible server (demos, tests). Tests swap only the HTTP
transport through `set_http_client`, so the real `stripe` library builds and
parses every request.
"""

import stripe
from django.conf import settings
from stripe import HTTPClient, RequestsClient, StripeClient
from stripe._base_address import BaseAddresses

# The Stripe API version this site speaks: every request sends it, and the
# webhook reads events in its shapes (the webhook endpoint in Stripe's
# Dashboard must be created with this version). It is the version the pinned
# `stripe` library (requirements.txt) targets, written out here so that
# upgrading the library never changes it unnoticed: a test compares the two.
API_VERSION = "2026-10-28.endive"
stripe.api_version = API_VERSION

_http_client: HTTPClient | None = None
# Tries after the first, on a timeout or a refused connection.
MAX_NETWORK_RETRIES = 2


REQUIRED_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")


def missing_settings() -> list[str]:
    """The settings payments still need; staff are shown their names."""
    return [name for name in REQUIRED_SETTINGS if not getattr(settings, name, "")]


def is_configured() -> bool:
    return not missing_settings()


def set_http_client(client: HTTPClient | None) -> None:
    global _http_client
    _http_client = client


def client() -> StripeClient:
    base: BaseAddresses = {}
    if settings.STRIPE_API_BASE:
        base = {"api": settings.STRIPE_API_BASE}
    return StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=API_VERSION,
        base_addresses=base,
        # The library waits 80 s for each answer: a Stripe that hung held a
        # sync web worker until gunicorn killed it (30 s) and the member's
        # connection dropped. With STRIPE_TIMEOUT_SECONDS every try fits in
        # that time, and the member is told payments are unavailable.
        http_client=_http_client
        or RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
        max_network_retries=MAX_NETWORK_RETRIES,
    )
