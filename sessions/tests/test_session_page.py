"""A session's own page: what it tells each viewer, the meeting link's
secrecy, its schema.org Event, caching and editor validation."""

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
import wagtail_factories
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.tests.factories import StaffFactory
from sessions.access import can_see_meeting_link
from sessions.models import Booking, SessionPage
from sessions.tests.factories import (
    BookingFactory,
    CategoryFactory,
    ExpertFactory,
    MemberFactory,
    SessionPageFactory,
)

# Absolute links are built from the default Site, which migrating points
# at SITE_URL (core.site_address).
SITE = settings.SITE_URL

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
STARTS = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
MEETING_URL = "https://meet.example.com/secret-room-42"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def session(db):
    return SessionPageFactory(
        title="Window functions in practice",
        summary="Rank, lag and running totals on real data.",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(minutes=90),
        time_zone="Europe/Berlin",
        host=ExpertFactory(name="Grace Hopper", username="grace"),
        category=CategoryFactory(name="Data", slug="data"),
        skills=["SQL"],
        format=SessionPage.Format.WEBINAR,
        level=SessionPage.Level.INTERMEDIATE,
        price=Decimal("15.00"),
        currency="EUR",
        max_participants=10,
        prerequisites="A laptop with PostgreSQL installed.",
        meeting_url=MEETING_URL,
    )


def json_ld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S
    )
    return [json.loads(block) for block in blocks]


def event_of(response) -> dict:
    return next(d for d in json_ld(response) if d["@type"] == "Event")


# --- What the page shows --------------------------------------------------


def test_page_shows_the_sessions_facts(client, session):
    BookingFactory(session=session, status=Booking.Status.CONFIRMED)
    text = client.get(session.url).text
    for fact in (
        "Window functions in practice",
        "Rank, lag and running totals on real data.",
        "1 hour 30 minutes",
        "Data",
        "Webinar",
        "Intermediate",
        "15.00 EUR",
        "9 of 10",
        "A laptop with PostgreSQL installed.",
        'href="/sessions/?tag=sql"',
    ):
        assert fact in text
    assert '<a href="/members/grace/">Grace Hopper</a>' in text


def test_visitors_see_utc_named_and_the_sessions_zone(client, session):
    text = client.get(session.url).text
    assert "Sun 29 Mar 2026, 09:00 UTC</time>" in text
    assert "(session time 11:00 CEST, Europe/Berlin)" in text
    # The browser script learns the session's zone to name it the same way.
    assert 'data-local-time data-session-zone="Europe/Berlin">' in text


def test_members_see_their_zone_and_the_sessions_beside_it(client, session):
    client.force_login(MemberFactory(time_zone="Europe/London"))
    text = client.get(session.url).text
    assert "Sun 29 Mar 2026, 10:00 BST</time>" in text
    assert "(session time 11:00 CEST, Europe/Berlin)" in text


def test_members_in_the_sessions_zone_see_it_once(client, session):
    client.force_login(MemberFactory(time_zone="Europe/Berlin"))
    text = client.get(session.url).text
    assert "Sun 29 Mar 2026, 11:00 CEST</time>" in text
    assert "(Europe/Berlin)" in text
    assert "session time" not in text


def test_cancelled_session_says_so(client, session):
    session.status = SessionPage.Status.CANCELLED
    session.save_revision().publish()
    text = client.get(session.url).text
    assert "This session has been cancelled." in text


def test_past_session_says_so(client, session):
    with time_machine.travel(STARTS + timedelta(days=1), tick=False):
        text = client.get(session.url).text
    assert "This session took place on" in text
    assert "Sun 29 Mar 2026, 09:00 UTC</time>" in text
    assert "Add to your calendar" not in text


def test_links_to_the_calendar_file(client, session):
    text = client.get(session.url).text
    assert f'href="/bookings/sessions/{session.pk}/calendar.ics"' in text


# --- The meeting link -----------------------------------------------------


def test_visitors_never_get_the_meeting_link(client, session):
    assert MEETING_URL not in client.get(session.url).text


@pytest.mark.parametrize(
    "status", [None, Booking.Status.WAITLISTED, Booking.Status.PENDING]
)
def test_members_without_a_confirmed_place_do_not_get_the_link(client, session, status):
    member = MemberFactory()
    if status:
        BookingFactory(session=session, member=member, status=status)
    client.force_login(member)
    text = client.get(session.url).text
    assert MEETING_URL not in text
    assert "the link appears here once your place is confirmed" in text


def test_confirmed_members_get_the_link(client, session):
    member = MemberFactory()
    BookingFactory(session=session, member=member, status=Booking.Status.CONFIRMED)
    client.force_login(member)
    assert f'href="{MEETING_URL}"' in client.get(session.url).text


def test_the_host_gets_the_link(client, session):
    client.force_login(session.host)
    assert f'href="{MEETING_URL}"' in client.get(session.url).text


def test_who_may_see_the_link(session):
    attended = BookingFactory(session=session, status=Booking.Status.ATTENDED)
    cancelled = BookingFactory(session=session, status=Booking.Status.CANCELLED)
    assert can_see_meeting_link(attended.member, session)
    assert can_see_meeting_link(StaffFactory(), session)
    assert not can_see_meeting_link(cancelled.member, session)
    assert not can_see_meeting_link(AnonymousUser(), session)


# --- Caching --------------------------------------------------------------


def test_pages_for_members_are_private(client, session):
    assert "private" not in client.get(session.url).get("Cache-Control", "")
    client.force_login(MemberFactory())
    response = client.get(session.url)
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


# --- schema.org Event -----------------------------------------------------


def test_event_json_ld_describes_the_session(client, session):
    session.save_revision().publish()  # offers are valid from publication
    BookingFactory(session=session, status=Booking.Status.CONFIRMED)
    response = client.get(session.url)
    event = event_of(response)
    page_url = f"{SITE}{session.url}"
    assert event["name"] == "Window functions in practice"
    assert event["description"] == "Rank, lag and running totals on real data."
    assert event["startDate"] == "2026-03-29T11:00:00+02:00"
    assert event["endDate"] == "2026-03-29T12:30:00+02:00"
    assert event["duration"] == "PT1H30M"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert (
        event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    )
    assert event["location"] == {"@type": "VirtualLocation", "url": page_url}
    host = {
        "@type": "Person",
        "name": "Grace Hopper",
        "url": f"{SITE}/members/grace/",
    }
    assert event["organizer"] == host and event["performer"] == host
    offer = event["offers"]
    assert offer["price"] == "15.00" and offer["priceCurrency"] == "EUR"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"] == page_url and "validFrom" in offer
    assert event["maximumAttendeeCapacity"] == 10
    assert event["remainingAttendeeCapacity"] == 9
    assert "image" not in event
    assert MEETING_URL not in response.text


def test_event_json_ld_never_holds_the_link_even_for_the_host(client, session):
    client.force_login(session.host)
    response = client.get(session.url)
    assert MEETING_URL not in json.dumps(json_ld(response))


def test_cancelled_full_in_person_event(client, session):
    session.status = SessionPage.Status.CANCELLED
    session.meeting_url = ""
    session.venue = "Impact Hub, Berlin"
    session.max_participants = 1
    session.save_revision().publish()
    BookingFactory(session=session, status=Booking.Status.CONFIRMED)
    event = event_of(client.get(session.url))
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert (
        event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    )
    assert event["location"]["@type"] == "Place"
    assert event["location"]["name"] == "Impact Hub, Berlin"
    assert event["offers"]["availability"] == "https://schema.org/SoldOut"
    assert event["remainingAttendeeCapacity"] == 0


def test_mixed_event_with_an_image(client, session):
    session.venue = "Impact Hub, Berlin"
    session.cover_image = wagtail_factories.ImageFactory()
    session.save_revision().publish()
    event = event_of(client.get(session.url))
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {place["@type"] for place in event["location"]} == {
        "Place",
        "VirtualLocation",
    }
    assert event["image"].startswith(f"{SITE}/")


# --- Editor validation ----------------------------------------------------


def test_a_session_must_end_after_it_starts(session):
    session.ends_at = session.starts_at - timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "ends_at" in error.value.message_dict


def test_price_cannot_be_negative_nor_seats_zero(session):
    session.price = Decimal("-1.00")
    session.max_participants = 0
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert {"price", "max_participants"} <= set(error.value.message_dict)


@pytest.mark.parametrize(
    "change",
    [
        {"price": Decimal("-5.00")},
        {"max_participants": 0},
        {"ends_at": STARTS - timedelta(hours=1)},
    ],
)
def test_the_database_refuses_invalid_sessions(session, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionPage.objects.filter(pk=session.pk).update(**change)
