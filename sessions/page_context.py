"""What a session page shows a given viewer."""

from django.http import HttpRequest
from django.urls import reverse

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
from sessions.timezones import humanize_duration, shown_time


def session_page_context(session, request: HttpRequest) -> dict:
    user = request.user
    # Counted once: the details, the booking panel and the JSON-LD all show
    # it, and the selector uses a count already on the instance.
    session.seats_taken = seats_taken(session)
    is_cancelled = session.status == session.Status.CANCELLED
    is_past = session.has_ended or session.status == session.Status.COMPLETED
    return {
        "starts": shown_time(session.starts_at, user, session),
        "ends": shown_time(session.ends_at, user, session),
        "duration_text": humanize_duration(session.duration),
        # The member's booking, read once for this and the booking and
        # reviews panels.
        "show_meeting_link": can_see_meeting_link(
            request, session, booking=get_member_booking(session, user)
        ),
        "seats_left": seats_left(session),
        "skills": list(session.skills.all()),
        "is_cancelled": is_cancelled,
        "is_past": is_past,
        "has_started": session.has_started,
        "is_under_way": session.has_started and not (is_past or is_cancelled),
        # Only a page that can no longer be booked points elsewhere.
        "next_dates": (
            get_next_dates(session) if is_past or is_cancelled else NextDates()
        ),
        "host_url": reverse(
            "member_profile", kwargs={"username": session.host.username}
        ),
        "ics_url": reverse("session_ics", kwargs={"session_id": session.pk}),
        "event_data": event_data(session, request),
        "live_question": get_live_question(session),
    }
