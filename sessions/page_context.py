"""What a session page shows a given viewer.

Who is looking decides the booking panel, the meeting link and the review
forms, read at once; the rest reads the same to every viewer and is kept as
shared fragments (core.fragments), so its parts are callables the template
calls on first use (SessionDetails): a kept fragment runs none of their
queries.
"""

from functools import cached_property

from django.http import HttpRequest
from django.urls import reverse

from core.fragments import lazy_context
from sessions.access import can_see_meeting_link
from sessions.live_questions import get_live_question
from sessions.selectors import (
    NextDates,
    get_member_booking,
    get_next_dates,
    seats_left,
    seats_taken,
)
from sessions.structured_data import event_data
from sessions.timezones import humanize_duration


def session_page_context(session, request: HttpRequest) -> dict:
    # Counted once, in a query of its own, and kept on the instance: the
    # details, the booking panel and the JSON-LD all read it from there.
    session.seats_taken = seats_taken(session)
    is_cancelled = session.status == session.Status.CANCELLED
    is_past = session.has_ended or session.status == session.Status.COMPLETED
    has_started = session.has_started
    is_under_way = has_started and not (is_past or is_cancelled)
    details = SessionDetails(
        session, request, past_or_cancelled=is_past or is_cancelled
    )
    if is_cancelled:
        phase = "cancelled"
    elif is_past:
        phase = "past"
    else:
        phase = "under_way" if is_under_way else "upcoming"
    return {
        # The fragments are kept per phase: a session starting, ending or
        # being cancelled changes what they say at once.
        "phase": phase,
        # The member's booking, read once for this and the booking and
        # reviews panels.
        "show_meeting_link": can_see_meeting_link(
            request, session, booking=get_member_booking(session, request.user)
        ),
        "seats_left": seats_left(session),
        "is_cancelled": is_cancelled,
        "is_past": is_past,
        "has_started": has_started,
        "is_under_way": is_under_way,
        **lazy_context(details, SessionDetails.SHOWN),
    }


class SessionDetails:
    """The parts of a session page every viewer reads alike, each loaded
    when first asked for."""

    SHOWN = (
        "skills",
        "duration_text",
        "host_url",
        "ics_url",
        "next_dates",
        "event_data",
        "live_question",
    )

    def __init__(self, session, request: HttpRequest, *, past_or_cancelled: bool):
        self.session = session
        self.request = request
        self.past_or_cancelled = past_or_cancelled

    @cached_property
    def skills(self) -> list:
        return list(self.session.skills.all())

    @property
    def duration_text(self) -> str:
        return humanize_duration(self.session.duration)

    @property
    def host_url(self) -> str:
        return reverse(
            "member_profile", kwargs={"username": self.session.host.username}
        )

    @property
    def ics_url(self) -> str:
        return reverse("session_ics", kwargs={"session_id": self.session.pk})

    @cached_property
    def next_dates(self) -> NextDates:
        # Only a page that can no longer be booked points elsewhere.
        if not self.past_or_cancelled:
            return NextDates()
        return get_next_dates(self.session)

    @cached_property
    def event_data(self) -> dict:
        return event_data(self.session, self.request)

    @cached_property
    def live_question(self):
        return get_live_question(self.session)
