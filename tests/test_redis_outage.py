"""While Redis is down, pages render from the database for visitors and
signed-in members alike; /healthz says the cache is down; and what must not
pass unchecked (allauth's rate limits) answers a clear 503, not a 500.

The caches are production's (masteryhub.settings.base.redis_caches) on a
port where nothing listens, so every Redis call meets a real refused
connection."""

import logging

import pytest

from accounts.tests.factories import PASSWORD, UserFactory
from experts.tests.factories import ExpertPageFactory
from masteryhub.settings.base import ACCOUNT_RATE_LIMITS, redis_caches
from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: each connection is refused at once.
DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def session(db):
    return SessionPageFactory(title="Kubernetes for beginners")


def take_redis_down(settings):
    # Django empties its cache handlers whenever CACHES changes.
    settings.CACHES = redis_caches(DOWN)
    settings.PAGE_CACHE_SECONDS = 60
    settings.FRAGMENT_CACHE_SECONDS = 60


@pytest.fixture
def redis_down(settings):
    settings.SESSION_ENGINE = "core.sessions"
    take_redis_down(settings)


@pytest.fixture
def member_then_redis_down(client, settings):
    """A member signed in while Redis worked, then Redis gone."""
    settings.SESSION_ENGINE = "core.sessions"
    client.force_login(UserFactory(first_name="Imogen"))
    take_redis_down(settings)
    return client


@pytest.fixture(params=["visitor", "member"])
def viewer(request, client, settings):
    if request.param == "member":
        return request.getfixturevalue("member_then_redis_down")
    request.getfixturevalue("redis_down")
    return client


def test_pages_render_from_the_database_while_redis_is_down(viewer, session, caplog):
    link = f'href="{session.url}"'
    # What each page shows of the session (search marks the word it found
    # in the title, so it is known there by its link).
    expert_page = ExpertPageFactory(expert=session.host)
    pages = {
        "/": link,
        session.url: ">Kubernetes for beginners</h1>",
        # Its session cards are a shared fragment (core.fragments).
        expert_page.url: link,
        "/sessions/": link,
        "/search/?q=kubernetes": link,
    }
    for url, shown in pages.items():
        response = viewer.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert shown in html, url
        # A member stays signed in: the session comes from its row.
        signed_in = "sessionid" in viewer.cookies
        assert ("Log out" in html) is signed_in, url
    # Every failure the rebuildable cache ignored is in the log.
    ignored = [r for r in caplog.records if r.name == "core.cache"]
    assert ignored and all(r.levelno >= logging.WARNING for r in ignored)


def test_healthz_reports_the_cache_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["cache"], body["database"]) == (
        "unavailable",
        "down",
        "ok",
    )


# Forms allauth rate-limits, with what a person would send.
RATE_LIMITED_FORMS = {
    "/accounts/login/": {"login": "imogen@example.com", "password": PASSWORD},
    "/accounts/signup/": {
        "email": "newcomer@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    },
    "/accounts/password/reset/": {"email": "imogen@example.com"},
}


@pytest.mark.parametrize("url", RATE_LIMITED_FORMS)
def test_rate_limited_forms_answer_try_again_rather_than_skip_the_limit(
    client, redis_down, settings, url
):
    settings.ACCOUNT_RATE_LIMITS = ACCOUNT_RATE_LIMITS
    UserFactory(email="imogen@example.com")
    response = client.post(url, RATE_LIMITED_FORMS[url])
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Temporarily unavailable" in html
    assert "try again in a minute" in html
    # Nobody let in unchecked.
    assert client.get("/dashboard/").status_code == 302


def test_logging_out_while_redis_is_down_asks_to_try_again(member_then_redis_down):
    client = member_then_redis_down
    response = client.post("/accounts/logout/")

    # Redis may still hold the session's copy: a logout that removed only
    # the row would sign the member back in as soon as Redis answered.
    assert response.status_code == 503
    assert "try again in a minute" in response.content.decode()
    assert client.get("/dashboard/").status_code == 200
