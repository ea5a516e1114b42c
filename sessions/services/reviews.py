"""Reviews members leave after a session, and the host's one reply to each.

Each function is one transaction. The session's denormalised rating is
recomputed in the same transaction as the review, under the session's row
lock, so two reviews landing together cannot leave a stale average; the
host's rating totals (services.expert_ratings) after it, under their own.
"""

from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone

from accounts.models import User
from sessions import errors
from sessions.errors import SessionsError
from sessions.models import Booking, Review, SessionPage
from sessions.selectors import get_member_booking
from sessions.services.expert_ratings import recompute_expert_ratings

# A no-show or a cancelled booking did not take part; pending never paid.
REVIEWER_STATUSES = (Booking.Status.CONFIRMED, Booking.Status.ATTENDED)
# review_refusal() reads the booking itself unless the caller has.
_UNREAD = object()


def _validated_rating(rating) -> int:
    try:
        value = int(rating)
    except (TypeError, ValueError):
        raise SessionsError(errors.REVIEW_RATING_INVALID) from None
    if not 1 <= value <= 5:
        raise SessionsError(errors.REVIEW_RATING_INVALID)
    return value


def review_refusal(
    *, session: SessionPage, user, booking=_UNREAD, reviewed: bool | None = None
) -> str | None:
    """Why `user` may not review `session` now (a message), or None if they
    may. The form on the page and the service ask the same question; the
    page passes the member's `booking` (or None) and whether they
    `reviewed`, which it has already read."""
    if session.ends_at > timezone.now():
        return errors.REVIEW_TOO_EARLY
    if not getattr(user, "is_authenticated", False):
        return errors.REVIEW_NOT_PARTICIPANT
    if booking is _UNREAD:
        took_part = Booking.objects.filter(
            session=session, member=user, status__in=REVIEWER_STATUSES
        ).exists()
    else:
        took_part = booking is not None and booking.status in REVIEWER_STATUSES
    if not took_part:
        return errors.REVIEW_NOT_PARTICIPANT
    if reviewed is None:
        reviewed = Review.objects.filter(session=session, author=user).exists()
    if reviewed:
        return errors.REVIEW_ALREADY
    return None


def _recompute_rating(session: SessionPage) -> None:
    totals = Review.objects.filter(session=session).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    average = totals["average"]
    if average is not None:
        average = Decimal(str(average)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    # Straight to the live row: ratings are not editorial content, and
    # SessionPage.with_content_json keeps drafts from bringing old ones back.
    SessionPage.objects.filter(pk=session.pk).update(
        rating_average=average, rating_count=totals["count"]
    )
    session.rating_average = average
    session.rating_count = totals["count"]


@transaction.atomic
def leave_review(
    *, session: SessionPage, author: User, rating: int, comment: str = ""
) -> Review:
    """Record `author`'s review of a session they took part in, once."""
    # Lock first: the average is recomputed from every review below.
    locked = SessionPage.objects.select_for_update().get(pk=session.pk)
    rating = _validated_rating(rating)
    refusal = review_refusal(session=locked, user=author)
    if refusal is not None:
        raise SessionsError(refusal)
    try:
        # The savepoint keeps the outer transaction usable if a concurrent
        # request won the unique constraint.
        with transaction.atomic():
            review = Review.objects.create(
                session=locked,
                author=author,
                rating=rating,
                comment=(comment or "").strip(),
            )
    except IntegrityError:
        raise SessionsError(errors.REVIEW_ALREADY) from None
    _recompute_rating(locked)
    recompute_expert_ratings(expert_ids=[locked.host_id])
    session.rating_average = locked.rating_average
    session.rating_count = locked.rating_count
    return review


@transaction.atomic
def detach_reviews_by(*, author: User) -> int:
    """Keep every review `author` wrote without their name (their account
    is going): the rating and comment stay on the host's record and in the
    session's rating, which is recomputed under the session's lock like
    every other rating write. Returns how many were detached."""
    session_ids = sorted(
        set(Review.objects.filter(author=author).values_list("session_id", flat=True))
    )
    # Sessions locked in id order, like every other writer of ratings.
    sessions = SessionPage.objects.select_for_update().filter(pk__in=session_ids)
    detached = 0
    hosts = set()
    for session in sessions.order_by("pk"):
        detached += Review.objects.filter(session=session, author=author).update(
            author=None
        )
        _recompute_rating(session)
        hosts.add(session.host_id)
    # After every session lock, as every other rating writer does; the
    # numbers stay the same (the reviews still count), but whatever else
    # moved them is caught up.
    recompute_expert_ratings(expert_ids=hosts)
    return detached


@transaction.atomic
def reply_to_review(*, review: Review, host: User, text: str) -> Review:
    """The session's host answers a review, once."""
    locked = (
        Review.objects.select_for_update().select_related("session").get(pk=review.pk)
    )
    if locked.session.host_id != host.pk:
        raise SessionsError(errors.REPLY_NOT_HOST)
    if locked.host_reply:
        raise SessionsError(errors.REPLY_ALREADY)
    text = (text or "").strip()
    if not text:
        raise SessionsError(errors.REPLY_EMPTY)
    locked.host_reply = text
    locked.replied_at = timezone.now()
    locked.save(update_fields=["host_reply", "replied_at"])
    review.host_reply = locked.host_reply
    review.replied_at = locked.replied_at
    return locked


def list_reviews_for_session(session: SessionPage):
    """Newest first, with authors (and their profiles) in one query."""
    return (
        Review.objects.filter(session=session)
        .select_related("author", "author__profile")
        .order_by("-created_at", "-pk")
    )


class ReviewPanel:
    """What the reviews component shows one viewer, each part read when
    first asked for: the list reads the same to every viewer but the host
    (who gets a reply form under each review), so the page keeps it as a
    shared fragment and mostly never reads it."""

    def __init__(self, *, session: SessionPage, user):
        self.session = session
        self.user = user

    @cached_property
    def reviews(self) -> list[Review]:
        return list(list_reviews_for_session(self.session))

    @cached_property
    def is_host(self) -> bool:
        return (
            getattr(self.user, "is_authenticated", False)
            and self.user.pk == self.session.host_id
        )

    @cached_property
    def can_review(self) -> bool:
        if not getattr(self.user, "is_authenticated", False) or self.is_host:
            return False
        refusal = review_refusal(
            session=self.session,
            user=self.user,
            booking=get_member_booking(self.session, self.user),
        )
        return refusal is None
