"""Calendar files and links for sessions: one event per session, a member's
private feed, and "add to Google / Outlook" URLs.

The meeting link is a secret for confirmed participants: it goes into an
event only when `private=True` (the member's own feed or confirmation email),
never into the public download.
"""

from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from core.site_address import absolute_url
from sessions.timezones import format_for_member

PRODID = "-//MasteryHub//Sessions//EN"
UTC_STAMP = "%Y%m%dT%H%M%SZ"


def session_url(session) -> str:
    return absolute_url(session.get_url() or "/")


def stable_uid(name: str, pk: int) -> str:
    """An event's UID, stable per thing, so calendars update the event when
    it moves or is cancelled instead of adding a second one."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    return f"{name}-{pk}@{host}"


def event_uid(session) -> str:
    return stable_uid("session", session.pk)


def _location(session, *, private: bool) -> str:
    if session.venue:
        return session.venue
    if private and session.meeting_url:
        return session.meeting_url
    return "Online"


def _description(session, *, private: bool) -> str:
    lines = [session.summary, "", session_url(session)]
    if private and session.meeting_url:
        lines += ["", f"Join: {session.meeting_url}"]
    return "\n".join(lines)


def build_event(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str,
    location: str,
    url: str,
    cancelled: bool = False,
    changed_at: datetime | None = None,
) -> Event:
    """One calendar event, in UTC; sessions and 1:1s alike."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at.astimezone(ZoneInfo("UTC")))
    event.add("dtend", ends_at.astimezone(ZoneInfo("UTC")))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location)
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Calendars apply an update only when the sequence grows; the last
    # change time does that without a counter column.
    if changed_at:
        event.add("sequence", int(changed_at.timestamp()) // 60 % 2_000_000_000)
    return event


def session_event(session, *, private: bool = False) -> Event:
    return build_event(
        uid=event_uid(session),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=session.title,
        description=_description(session, private=private),
        location=_location(session, private=private),
        url=session_url(session),
        cancelled=session.status == session.Status.CANCELLED,
        changed_at=session.last_published_at or session.first_published_at,
    )


def _calendar(name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    return cal


def event_ics(event: Event) -> bytes:
    """A calendar file holding one event, as emails attach it."""
    cal = _calendar()
    cal.add("method", "PUBLISH")
    cal.add_component(event)
    return cal.to_ical()


def session_ics(session, *, private: bool = False) -> bytes:
    return event_ics(session_event(session, private=private))


def member_feed_ics(member) -> bytes:
    """Every session the member holds a (non-cancelled) booking for and may
    see; the meeting link only where their seat is confirmed.

    The feed is read with its token alone, so the member's view decides
    (core.access): a session behind a password, typed in a browser, never
    comes out here, not even its title.
    """
    from sessions.models import Booking
    from sessions.selectors import list_visible_sessions

    visible = list_visible_sessions(member).values("pk")
    bookings = (
        Booking.objects.filter(member=member, session__in=visible)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session")
        .order_by("session__starts_at")
    )
    cal = _calendar("MasteryHub sessions")
    for booking in bookings:
        private = booking.status in (
            Booking.Status.CONFIRMED,
            Booking.Status.ATTENDED,
        )
        event = session_event(booking.session, private=private)
        if booking.status in (Booking.Status.WAITLISTED, Booking.Status.PENDING):
            event["status"] = "TENTATIVE"
        cal.add_component(event)
    return cal.to_ical()


def google_calendar_url(session, *, private: bool = False) -> str:
    dates = "/".join(
        dt.astimezone(ZoneInfo("UTC")).strftime(UTC_STAMP)
        for dt in (session.starts_at, session.ends_at)
    )
    query = {
        "action": "TEMPLATE",
        "text": session.title,
        "dates": dates,
        "details": _description(session, private=private),
        "location": _location(session, private=private),
        "ctz": session.time_zone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(session, *, private: bool = False) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": session.title,
        "startdt": session.starts_at.astimezone(ZoneInfo("UTC")).isoformat(),
        "enddt": session.ends_at.astimezone(ZoneInfo("UTC")).isoformat(),
        "body": _description(session, private=private),
        "location": _location(session, private=private),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


# --- Times for members --------------------------------------------------------


def format_time(dt: datetime, member, session) -> str:
    """`dt` as `member` reads it, in the site's one format
    (sessions.timezones)."""
    return format_for_member(dt, member, session)
