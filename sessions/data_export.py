"""A member's sessions in their data download; registered with
`accounts.data_export` from SessionsConfig.ready()."""

from accounts.data_export import iso, money
from sessions.models import Booking, CalendarFeed, Review, SessionPage


def _session(session: SessionPage) -> dict:
    return {
        "title": session.title,
        "url": session.full_url,
        "starts_at": iso(session.starts_at),
        "ends_at": iso(session.ends_at),
        "status": session.status,
    }


class SessionsDataExport:
    """Places booked or waited for (the waitlist is a booking's status),
    reviews written, sessions hosted, and whether a calendar feed exists
    (not its secret address)."""

    name = "sessions"

    def export(self, *, user) -> dict:
        bookings = (
            Booking.objects.filter(member=user)
            .select_related("session")
            .order_by("created_at", "pk")
        )
        reviews = (
            Review.objects.filter(author=user)
            .select_related("session")
            .order_by("created_at", "pk")
        )
        hosted = SessionPage.objects.filter(host=user).order_by("starts_at", "pk")
        feed = CalendarFeed.objects.filter(member=user).first()
        return {
            "bookings": [
                {
                    "session": _session(booking.session),
                    "status": booking.status,
                    "booked_at": iso(booking.created_at),
                    "confirmed_at": iso(booking.confirmed_at),
                    "waitlisted_at": iso(booking.waitlisted_at),
                    "hold_expires_at": iso(booking.hold_expires_at),
                    "cancelled_at": iso(booking.cancelled_at),
                }
                for booking in bookings
            ],
            "reviews": [
                {
                    "session": _session(review.session),
                    "rating": review.rating,
                    "comment": review.comment,
                    "host_reply": review.host_reply,
                    "written_at": iso(review.created_at),
                }
                for review in reviews
            ],
            "hosted_sessions": [
                {
                    **_session(session),
                    "seats": session.max_participants,
                    "price": money(session.price),
                    "currency": session.currency,
                }
                for session in hosted
            ],
            "calendar_feed_created_at": iso(feed.created_at) if feed else None,
        }
