"""An expert's page and the directory's results kept as shared fragments
(core.fragments): rendered once for every visitor, once per member time
zone, apart for the expert themselves, and fresh at once after a publish."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from experts.tests.factories import (
    ExpertPageFactory,
    GroupExpertFactory,
    get_expert_index,
)
from sessions.tests.factories import MemberFactory, SessionPageFactory

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def expert(db):
    return GroupExpertFactory(name="Grace Hopper", username="grace")


@pytest.fixture
def expert_page(expert):
    return ExpertPageFactory(
        expert=expert, title="Grace Hopper", headline="Compiler pioneer"
    )


def hosted(expert, title: str, days: float = 3, **kwargs):
    starts = NOW + timedelta(days=days)
    return SessionPageFactory(
        host=expert,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        **kwargs,
    )


def queries_for(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def test_a_second_visitor_gets_the_same_page_without_its_queries(
    client, expert_page, expert
):
    hosted(expert, "COBOL for analysts")
    first_count, first = queries_for(client, expert_page.url)
    second_count, second = queries_for(client, expert_page.url)
    assert "COBOL for analysts" in second
    assert second == first
    # Routing and the site's view restrictions are all that is left.
    assert second_count <= 3 < first_count


def test_a_members_page_never_reaches_a_visitor(client, expert_page):
    member = MemberFactory()
    client.force_login(member)
    assert "Ask for feedback on your level" in client.get(expert_page.url).text
    client.logout()
    assert "Ask for feedback" not in client.get(expert_page.url).text


def test_the_experts_own_page_is_kept_apart(client, expert_page, expert):
    client.force_login(expert)
    assert "Edit your page" in client.get(expert_page.url).text
    client.force_login(MemberFactory())
    html = client.get(expert_page.url).text
    assert "Edit your page" not in html
    assert "Request mentorship" in html


def test_each_member_reads_times_in_their_own_zone(client, expert_page, expert):
    hosted(expert, "Evening talk")
    client.force_login(MemberFactory(time_zone="Asia/Tokyo"))
    assert "JST" in client.get(expert_page.url).text
    client.force_login(MemberFactory(time_zone="Europe/London"))
    html = client.get(expert_page.url).text
    assert "JST" not in html
    assert "GMT" in html


def test_publishing_the_page_shows_at_once(client, expert_page):
    client.get(expert_page.url)
    expert_page.headline = "Now teaching Rust"
    with time_machine.travel(NOW + timedelta(seconds=1), tick=False):
        expert_page.save_revision().publish()
    assert "Now teaching Rust" in client.get(expert_page.url).text


def test_a_new_session_reaches_its_hosts_page_at_once(
    client, expert_page, expert, django_capture_on_commit_callbacks
):
    session = hosted(expert, "Freshly scheduled", live=False)
    client.get(expert_page.url)
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    assert "Freshly scheduled" in client.get(expert_page.url).text


def test_seats_and_reviews_wait_for_the_fragments_seconds(client, expert_page, expert):
    session = hosted(expert, "Small group")
    client.get(expert_page.url)
    session.title = "Renamed without publishing"
    session.save()
    assert "Renamed without publishing" not in client.get(expert_page.url).text
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert "Renamed without publishing" in client.get(expert_page.url).text


def test_a_published_expert_joins_the_directory_at_once(
    client, db, django_capture_on_commit_callbacks
):
    directory = get_expert_index().url
    draft = ExpertPageFactory(title="Ada Lovelace", live=False)
    client.get(directory)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert "Ada Lovelace" in client.get(directory).text
