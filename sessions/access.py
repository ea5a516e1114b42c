"""Who may see what on a session. A session is seen, booked, downloaded or
reviewed only by whom `core.access.can_see_page` lets in (a password-
protected session by those who typed the password); the meeting link is the
one secret beyond that, and every template, email, feed and API asks this
module for it."""

from django.db.models import QuerySet
from django.http import Http404

from core.access import Viewer, can_see_page
from sessions.models import Booking, SessionPage

# A member holding one of these bookings has been let in.
LINK_STATUSES = (Booking.Status.CONFIRMED, Booking.Status.ATTENDED)
# can_see_meeting_link() reads the booking itself unless the caller has.
_UNREAD = object()


def get_visible_session(
    viewer, session_id: int, queryset: QuerySet[SessionPage] | None = None
) -> SessionPage | None:
    """The live session with this id if the viewer (a request, or a user
    where there is none) may see it; None otherwise, which callers answer
    as 404 so a hidden session's existence is not given away."""
    queryset = SessionPage.objects.all() if queryset is None else queryset
    session = queryset.live().filter(pk=session_id).first()
    return session if can_see_page(viewer, session) else None


def get_visible_session_or_404(request, session_id: int) -> SessionPage:
    """For views: a session this browser may not see (behind a password not
    typed on its page, for members only, ...) is answered as if it did not
    exist."""
    session = get_visible_session(request, session_id)
    if session is None:
        raise Http404
    return session


def can_see_meeting_link(viewer, session: SessionPage, *, booking=_UNREAD) -> bool:
    """The host, staff, and members whose place is confirmed (or who
    attended) and who may see the session; never visitors, waitlisted or
    pending members. `viewer` is a request, or a member where there is none
    (emails, calendar feeds): a password-protected session's link then
    stays on its page, behind the password. A page that has read the
    member's `booking` (or None) passes it."""
    who = Viewer(viewer)
    if not session.meeting_url or who.user is None:
        return False
    if who.runs(session):
        return True
    if booking is _UNREAD:
        booked = Booking.objects.filter(
            session_id=session.pk, member_id=who.user.pk, status__in=LINK_STATUSES
        ).exists()
    else:
        booked = booking is not None and booking.status in LINK_STATUSES
    return booked and can_see_page(who, session)
