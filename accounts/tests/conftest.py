import re

import pytest
from django.core.cache import cache

from accounts.tests.factories import PASSWORD

CONFIRM_LINK = re.compile(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/")


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth keeps rate-limit counters and used TOTP codes in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def login(client):
    """Sign in through the real login form (allauth records the
    authentication, which 2FA set-up asks for)."""

    def do(user, password=PASSWORD):
        response = client.post(
            "/accounts/login/", {"login": user.email, "password": password}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    return do


def confirm_link(message) -> str:
    match = CONFIRM_LINK.search(message.body)
    assert match, message.body
    return match.group(0)
