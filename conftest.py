"""Fixtures every app's tests share. Browser fixtures live in tests/browser."""

import pytest
from wagtail.models import Page, Site

from core.testing import clear_caches


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _empty_cache():
    yield
    clear_caches()


@pytest.fixture
def site_root(db):
    """The Wagtail root page of the default site (created by migrations)."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def payments_on(settings):
    """Stripe keys set, for code that only asks whether payments are on
    (paid bookings hold seats only then); `stripe_api` also answers calls."""
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def stripe_api(settings):
    """Stripe configured, with only its HTTP transport replaced: the real
    `stripe` library builds and parses every request (payments/tests/
    stripe_fakes.py)."""
    from payments import gateway
    from payments.tests.stripe_fakes import WEBHOOK_SECRET, FakeStripe

    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.SITE_URL = "https://masteryhub.example"
    fake = FakeStripe()
    gateway.set_http_client(fake)
    yield fake
    gateway.set_http_client(None)


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database queue, as in production, instead of running
    at once (core/tests/task_support.py runs them)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(params=["visitor", "member"])
def page_viewer(request, client, settings):
    """`client` as a visitor, then as a signed-in member, for the query
    budgets (core.testing). Sessions are kept as in production
    (core.sessions): a member's page reads theirs from the cache, not the
    database."""
    settings.SESSION_ENGINE = "core.sessions"
    if request.param == "member":
        from accounts.tests.factories import UserFactory

        client.force_login(UserFactory())
    return client
