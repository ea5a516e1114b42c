"""A session after its date: it says it took place, offers no seats, shows
its reviews and points to the next date; one under way says so instead."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from sessions.models import SessionPage
from sessions.selectors import get_next_dates
from sessions.tests.factories import (
    ExpertFactory,
    MemberFactory,
    ReviewFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
THREE_WEEKS_AGO = NOW - timedelta(weeks=3)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def host():
    return ExpertFactory(name="Grace Hopper", username="grace")


SLUGS = itertools.count()


def session_on(starts_at, **kwargs):
    # Repeats share a title, as "open another date" makes them; not a slug.
    return SessionPageFactory(
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        slug=f"session-{next(SLUGS)}",
        **kwargs,
    )


@pytest.fixture
def past(host):
    return session_on(
        THREE_WEEKS_AGO,
        title="Window functions in practice",
        host=host,
        max_participants=10,
    )


# --- The page ----------------------------------------------------------------


def test_a_past_session_says_when_it_took_place(client, past):
    text = client.get(past.url).text
    assert "This session took place on" in text
    assert "Sun 15 Nov 2026, 12:00 UTC</time>" in text
    assert "already started" not in text
    assert "under way" not in text


def test_a_past_session_offers_no_seats_and_no_booking(client, past):
    client.force_login(MemberFactory())
    text = client.get(past.url).text
    assert "Seats left" not in text
    assert "seats left" not in text
    assert reverse("booking_create", kwargs={"session_id": past.pk}) not in text
    assert "Book a seat" not in text


def test_a_past_session_shows_its_reviews(client, past):
    ReviewFactory(session=past, comment="The lag examples finally made it click.")
    text = client.get(past.url).text
    assert "The lag examples finally made it click." in text


def test_a_past_session_offers_the_next_date_of_the_same_session(client, past, host):
    later = session_on(NOW + timedelta(days=10), title=past.title, host=host)
    text = client.get(past.url).text
    assert "Book the next date" in text
    assert f'href="{later.url}"' in text


def test_without_a_repeat_it_lists_the_hosts_next_sessions(client, past, host):
    other = session_on(NOW + timedelta(days=3), title="Indexes explained", host=host)
    text = client.get(past.url).text
    assert "Book the next date" not in text
    assert "Next from Grace Hopper" in text
    assert f'href="{other.url}"' in text


def test_with_nothing_scheduled_it_says_so(client, past):
    text = client.get(past.url).text
    assert "No next date yet" in text
    assert "Book the next date" not in text


def test_a_session_under_way_is_told_apart_from_one_that_ended(client, host):
    running = session_on(NOW - timedelta(minutes=30), host=host)
    text = client.get(running.url).text
    assert "This session is under way." in text
    assert "took place" not in text
    assert "Seats left" not in text
    assert "seats left" not in text


def test_an_upcoming_session_still_shows_its_seats(client, host):
    upcoming = session_on(NOW + timedelta(days=2), host=host, max_participants=10)
    text = client.get(upcoming.url).text
    assert "10 of 10" in text
    assert "took place" not in text
    assert "under way" not in text


# --- Cards -------------------------------------------------------------------


def test_cards_of_past_sessions_show_no_seats(client, past):
    text = client.get("/sessions/?include=past").text
    assert past.title in text
    assert "Took place" in text
    assert "seats left" not in text


# --- The next-date selector --------------------------------------------------


def test_next_date_is_the_same_hosts_same_title_soonest_first(past, host):
    session_on(NOW + timedelta(days=1), title="Something else", host=host)
    later = session_on(NOW + timedelta(days=20), title=past.title, host=host)
    sooner = session_on(NOW + timedelta(days=5), title=past.title.upper(), host=host)
    session_on(NOW + timedelta(days=2), title=past.title)  # another host
    found = get_next_dates(past)
    assert found.same_session is True
    assert found.sessions == [sooner]
    assert later not in found.sessions


def test_next_dates_fall_back_to_the_hosts_upcoming_sessions(past, host):
    first = session_on(NOW + timedelta(days=1), title="A", host=host)
    second = session_on(NOW + timedelta(days=2), title="B", host=host)
    third = session_on(NOW + timedelta(days=3), title="C", host=host)
    session_on(NOW + timedelta(days=4), title="D", host=host)
    found = get_next_dates(past)
    assert found.same_session is False
    assert found.sessions == [first, second, third]


def test_next_dates_skip_past_cancelled_and_unpublished_sessions(past, host):
    session_on(NOW - timedelta(days=1), title=past.title, host=host)
    session_on(
        NOW + timedelta(days=1),
        title=past.title,
        host=host,
        status=SessionPage.Status.CANCELLED,
    )
    draft = session_on(NOW + timedelta(days=2), title=past.title, host=host)
    draft.unpublish()
    found = get_next_dates(past)
    assert found.sessions == []
    assert found.same_session is False
