"""The session card of emails about a session: its time in the member's zone
and the session's own, who hosts it, where, and buttons to add it to a
calendar and manage the booking. Every link is absolute: an email is read
away from the site."""

from django import template
from django.urls import reverse

from core.site_address import absolute_url
from sessions import calendar
from sessions.timezones import shown_time

register = template.Library()


@register.inclusion_tag("emails/components/session_card.html")
def session_card(session, member, meeting_url="", buttons=True):
    """`meeting_url`: only for a member the link may reach
    (sessions.services.booking_emails); `buttons=False` for a session the
    member no longer goes to."""
    host = session.host
    return {
        "session": session,
        "session_url": calendar.session_url(session),
        "starts": shown_time(session.starts_at, member, session),
        "ends": shown_time(session.ends_at, member, session),
        "host": host.get_full_name() or host.username,
        "meeting_url": meeting_url,
        "buttons": buttons,
        "ics_url": absolute_url(
            reverse("session_ics", kwargs={"session_id": session.pk})
        ),
        "manage_url": absolute_url(reverse("dashboard")),
    }
