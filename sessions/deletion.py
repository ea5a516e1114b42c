"""What deleting a session page, or a member's account, does to sessions.

Registered from SessionsConfig.ready(): the page check with
`core.deletion`, the account step with `accounts.deletion`.
"""

from collections import Counter
from collections.abc import Sequence

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.deletion import DeletionBlocker
from payments.models import Kind, Payment
from sessions.models import Booking, Review, SessionPage
from sessions.services.booking import ACTIVE, cancel_booking
from sessions.services.reviews import detach_reviews_by


def _counted(singular: str, plural: str, count: int, **extra) -> str:
    return ngettext(singular, plural, count) % {"count": count, **extra}


# --- Deleting a session page ---------------------------------------------------


def session_deletion_blockers(page_ids: Sequence[int]) -> list[DeletionBlocker]:
    """Sessions anyone booked or reviewed are never deleted: upcoming ones
    are cancelled instead (everyone is told, paid seats are refunded), the
    rest unpublished. Cancelled bookings count too: they are the members'
    history and what a refunded payment was for."""
    sessions = list(
        SessionPage.objects.filter(pk__in=page_ids)
        .annotate(
            booked=Count("bookings", distinct=True),
            active=Count(
                "bookings", filter=Q(bookings__status__in=ACTIVE), distinct=True
            ),
            reviewed=Count("reviews", distinct=True),
        )
        .filter(Q(booked__gt=0) | Q(reviewed__gt=0))
        .order_by("path")
    )
    if not sessions:
        return []
    paid = _paid_seats([session.pk for session in sessions])
    now = timezone.now()
    return [_session_blocker(s, paid[s.pk], now) for s in sessions]


def _paid_seats(session_ids: list[int]) -> Counter:
    """Seats paid for and not refunded in full, per session."""
    session_of = dict(
        Booking.objects.filter(session_id__in=session_ids).values_list(
            "pk", "session_id"
        )
    )
    paid = Payment.objects.filter(
        kind=Kind.SESSION_SEAT,
        status__in=Payment.REFUNDABLE,
        object_id__in=list(session_of),
    ).values_list("object_id", flat=True)
    return Counter(session_of[booking_id] for booking_id in paid)


def _session_blocker(session: SessionPage, paid: int, now) -> DeletionBlocker:
    upcoming = session.status == SessionPage.Status.SCHEDULED and (
        session.starts_at > now
    )
    action_label = action_url = ""
    if upcoming and session.active:
        reason = _counted(
            "%(count)d member holds a place or waits for one.",
            "%(count)d members hold a place or wait for one.",
            session.active,
        )
        advice = _(
            "Cancel the session instead: everyone is emailed and paid seats "
            "are refunded."
        )
        action_label = _("Cancel session")
        action_url = reverse("sessions_host_cancel", args=[session.pk])
    else:
        records = []
        if session.booked:
            records.append(
                _counted("%(count)d booking", "%(count)d bookings", session.booked)
            )
        if session.reviewed:
            records.append(
                _counted("%(count)d review", "%(count)d reviews", session.reviewed)
            )
        reason = _("It has %(records)s, which members and the host keep.") % {
            "records": _(" and ").join(records)
        }
        if session.live:
            advice = _("Unpublish it instead to take it off the site.")
            action_label = _("Unpublish")
            action_url = reverse("wagtailadmin_pages:unpublish", args=[session.pk])
        else:
            advice = _("It is already off the site and can stay as it is.")
    if paid:
        reason += " " + _counted(
            "%(count)d paid seat is not refunded yet.",
            "%(count)d paid seats are not refunded yet.",
            paid,
        )
    return DeletionBlocker(
        page_id=session.pk,
        title=session.title,
        reason=reason,
        advice=advice,
        action_label=action_label,
        action_url=action_url,
    )


# --- Deleting a member's account -----------------------------------------------


def _bookings_to_cancel(user):
    """Places held or waited for on sessions that have not started."""
    return Booking.objects.filter(
        member=user, status__in=ACTIVE, session__starts_at__gt=timezone.now()
    )


class SessionsAccountDeletion:
    """A member's places are given up through the cancel service (so freed
    seats go to the waitlist) and their reviews kept without their name,
    still counted in the ratings. A host's sessions must be cancelled or
    handed to another host first: they keep other members' bookings and
    reviews."""

    def blockers(self, *, user) -> list[str]:
        hosted = SessionPage.objects.filter(host=user)
        upcoming = hosted.filter(
            status=SessionPage.Status.SCHEDULED, ends_at__gt=timezone.now()
        )
        upcoming_count = upcoming.count()
        other_count = hosted.count() - upcoming_count
        reasons = []
        if upcoming_count:
            titles = upcoming.order_by("starts_at").values_list("title", flat=True)
            reasons.append(
                _counted(
                    "They host %(count)d upcoming session (%(titles)s): cancel "
                    "it in My sessions, or give it another host, first.",
                    "They host %(count)d upcoming sessions (%(titles)s): cancel "
                    "them in My sessions, or give them another host, first.",
                    upcoming_count,
                    titles=", ".join(f"“{title}”" for title in titles[:3]),
                )
            )
        if other_count:
            reasons.append(
                _counted(
                    "They hosted %(count)d past or cancelled session, which "
                    "keeps its participants' bookings and reviews: give it "
                    "another host first, or deactivate the account instead.",
                    "They hosted %(count)d past or cancelled sessions, which "
                    "keep their participants' bookings and reviews: give them "
                    "another host first, or deactivate the account instead.",
                    other_count,
                )
            )
        return reasons

    def effects(self, *, user) -> list[str]:
        to_cancel = _bookings_to_cancel(user).count()
        others = Booking.objects.filter(member=user).count() - to_cancel
        reviews = Review.objects.filter(author=user).count()
        effects = []
        if to_cancel:
            effects.append(
                _counted(
                    "%(count)d upcoming booking cancelled, its seat offered to "
                    "the waitlist",
                    "%(count)d upcoming bookings cancelled, their seats offered "
                    "to the waitlist",
                    to_cancel,
                )
            )
        if reviews:
            effects.append(
                _counted(
                    "%(count)d review kept without their name, still counted in "
                    "the session's rating",
                    "%(count)d reviews kept without their name, still counted in "
                    "the sessions' ratings",
                    reviews,
                )
            )
        if others:
            effects.append(
                _counted(
                    "%(count)d past or cancelled booking removed",
                    "%(count)d past or cancelled bookings removed",
                    others,
                )
            )
        return effects

    def release(self, *, user) -> None:
        # In session order, the order every booking write locks sessions in.
        for booking in _bookings_to_cancel(user).order_by("session_id", "pk"):
            # In the member's name: their account, their places.
            cancel_booking(booking=booking, by=user)
        detach_reviews_by(author=user)
