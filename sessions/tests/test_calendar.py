"""Calendar files: the public download, a member's private feed, and the
add-to-calendar links."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from sessions.calendar import (
    google_calendar_url,
    member_feed_ics,
    outlook_calendar_url,
    session_ics,
)
from sessions.models import Booking, CalendarFeed
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db
Status = Booking.Status
SECRET = "secret-room-42"


def _events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


@pytest.fixture
def session():
    start = datetime(2031, 3, 30, 8, 0, tzinfo=UTC)
    return SessionPageFactory(
        title="Spreadsheets to SQL",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        time_zone="Europe/Berlin",
    )


def test_session_ics_parses_with_utc_times_title_uid_and_url(session):
    [event] = _events(session_ics(session))
    assert event.decoded("dtstart") == session.starts_at
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event["dtstart"].to_ical() == b"20310330T080000Z"
    assert event.decoded("dtend") == session.ends_at
    assert str(event["summary"]) == "Spreadsheets to SQL"
    assert str(event["url"]).endswith(session.url)
    # The same session always has the same UID, so calendars update it.
    [again] = _events(session_ics(session))
    host = settings.SITE_URL.split("://")[1]
    assert str(event["uid"]) == str(again["uid"]) == f"session-{session.pk}@{host}"


def test_public_download_never_contains_the_meeting_link(client, session):
    response = client.get(reverse("session_ics", kwargs={"session_id": session.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert SECRET not in response.content.decode()
    assert _events(response.content)


def test_public_download_of_an_unknown_session_is_404(client):
    url = reverse("session_ics", kwargs={"session_id": 999999})
    assert client.get(url).status_code == 404


def test_feed_lists_bookings_with_the_link_only_when_confirmed(session):
    member = MemberFactory()
    BookingFactory(session=session, member=member, status=Status.CONFIRMED)
    waiting = SessionPageFactory(title="Waiting room")
    BookingFactory(session=waiting, member=member, status=Status.WAITLISTED)
    dropped = SessionPageFactory(title="Dropped")
    BookingFactory(session=dropped, member=member, status=Status.CANCELLED)
    events = {str(e["summary"]): e for e in _events(member_feed_ics(member))}
    assert set(events) == {"Spreadsheets to SQL", "Waiting room"}
    assert SECRET in str(events["Spreadsheets to SQL"]["description"])
    assert SECRET not in events["Waiting room"].to_ical().decode()
    assert str(events["Waiting room"]["status"]) == "TENTATIVE"


def test_feed_url_serves_text_calendar_and_unknown_tokens_404(client, session):
    member = MemberFactory()
    BookingFactory(session=session, member=member)
    feed = CalendarFeed.objects.create(member=member)
    response = client.get(reverse("calendar_feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert [str(e["summary"]) for e in _events(response.content)] == [session.title]
    assert client.get("/bookings/calendar/not-a-token.ics").status_code == 404


def test_resetting_the_feed_revokes_the_old_url(client):
    member = MemberFactory()
    client.force_login(member)
    client.post(reverse("calendar_feed_reset"))
    old = CalendarFeed.objects.get(member=member).token
    dashboard = client.get("/dashboard/").content.decode()
    assert f"/bookings/calendar/{old}.ics" in dashboard
    client.post(reverse("calendar_feed_reset"))
    new = CalendarFeed.objects.get(member=member).token
    assert new != old
    assert client.get(f"/bookings/calendar/{old}.ics").status_code == 404
    assert client.get(f"/bookings/calendar/{new}.ics").status_code == 200


def test_feed_reset_needs_login_and_post(client):
    assert client.post(reverse("calendar_feed_reset")).status_code == 302
    client.force_login(MemberFactory())
    assert client.get(reverse("calendar_feed_reset")).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_add_to_calendar_links_carry_the_times_in_utc(session):
    google = parse_qs(urlparse(google_calendar_url(session)).query)
    assert google["dates"] == ["20310330T080000Z/20310330T100000Z"]
    assert google["text"] == ["Spreadsheets to SQL"]
    assert SECRET not in google_calendar_url(session)
    assert SECRET in google_calendar_url(session, private=True)
    outlook = parse_qs(urlparse(outlook_calendar_url(session)).query)
    assert outlook["startdt"] == ["2031-03-30T08:00:00+00:00"]
    assert outlook["subject"] == ["Spreadsheets to SQL"]
