"""/sessions/ results kept as a shared fragment (core.fragments): one per
set of filters, page and time zone, and fresh at once when a session is
published."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions.tests.factories import MemberFactory, SessionPageFactory

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SESSIONS = "/sessions/"


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    with time_machine.travel(NOW, tick=False):
        yield


def session(title: str, days: float = 7, **kwargs):
    starts = NOW + timedelta(days=days)
    return SessionPageFactory(
        title=title, starts_at=starts, ends_at=starts + timedelta(hours=1), **kwargs
    )


def results(client, url: str) -> str:
    html = client.get(url).text
    return html[html.index('id="results-heading"') :]


def test_a_second_visitor_gets_the_results_without_their_queries(client, db):
    session("Kubernetes basics")
    with CaptureQueriesContext(connection) as first:
        client.get(SESSIONS)
    with CaptureQueriesContext(connection) as second:
        assert "Kubernetes basics" in results(client, SESSIONS)
    assert len(second) < len(first)


def test_each_set_of_filters_and_each_page_has_its_own_results(client, db):
    session("Kubernetes basics")
    session("Rust for analysts")
    assert "Rust" not in results(client, f"{SESSIONS}?q=kubernetes")
    assert "Kubernetes" not in results(client, f"{SESSIONS}?q=rust")
    for n in range(12):
        session(f"Filler {n:02d}", days=1)
    first, second = (
        results(client, f"{SESSIONS}?sort=soonest"),
        results(client, f"{SESSIONS}?sort=soonest&page=2"),
    )
    assert first != second


def test_each_member_reads_times_in_their_own_zone(client, db):
    session("Evening talk")
    client.force_login(MemberFactory(time_zone="Asia/Tokyo"))
    assert "JST" in results(client, SESSIONS)
    client.force_login(MemberFactory(time_zone="Europe/London"))
    assert "JST" not in results(client, SESSIONS)


def test_a_published_session_is_listed_at_once(
    client, db, django_capture_on_commit_callbacks
):
    draft = session("Brand new workshop", live=False)
    client.get(SESSIONS)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert "Brand new workshop" in results(client, SESSIONS)
