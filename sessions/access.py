"""Who may see what on a session. The meeting link is the one secret a
session page holds; every template and API asks this module."""

from sessions.models import Booking, SessionPage

# A member holding one of these bookings has been let in.
LINK_STATUSES = (Booking.Status.CONFIRMED, Booking.Status.ATTENDED)


def can_see_meeting_link(user, session: SessionPage) -> bool:
    """The host, staff, and members whose place is confirmed (or who
    attended); never visitors, waitlisted or pending members."""
    if not session.meeting_url or not getattr(user, "is_authenticated", False):
        return False
    if user.pk == session.host_id or user.is_staff or user.is_superuser:
        return True
    return Booking.objects.filter(
        session_id=session.pk, member_id=user.pk, status__in=LINK_STATUSES
    ).exists()
