"""Reviews once a mentorship is completed: the mentee rates and reviews the
mentor (public, counted in the mentor's rating totals, recomputed here in
the review's transaction), the mentor writes feedback for the mentee (words
only, seen by the mentee alone).

Only the two participants review, only a completed mentorship (a cancelled
or declined one has nothing to judge), each once. The author may change
their review for REVIEW_EDIT_DAYS after writing it; then it is frozen, so a
review cannot be rewritten long after the other side has answered it.
Every refusal is a MentorshipError."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.emails import queue_email
from mentorship import errors
from mentorship.errors import MentorshipError
from mentorship.models import REVIEW_COMMENT_MAX_LENGTH, Mentorship, MentorshipReview
from sessions.services.expert_ratings import recompute_expert_ratings

REVIEW_EDIT_DAYS = 14
Role = MentorshipReview.Role


def review_role(mentorship: Mentorship, user: User) -> str | None:
    """Which side `user` writes as, or None if they are not a participant."""
    if user.pk == mentorship.mentee_id:
        return Role.MENTEE
    if user.pk == mentorship.mentor_id:
        return Role.MENTOR
    return None


def review_refusal(*, mentorship: Mentorship, user: User) -> str | None:
    """Why `user` may not review `mentorship` at all (a message), or None.
    The review page and the service ask the same question."""
    if review_role(mentorship, user) is None:
        return errors.NOT_A_PARTICIPANT
    if mentorship.status != Mentorship.Status.COMPLETED:
        return errors.REVIEW_NOT_COMPLETED
    return None


def edit_deadline(review: MentorshipReview) -> datetime:
    return review.created_at + timedelta(days=REVIEW_EDIT_DAYS)


def is_editable(review: MentorshipReview) -> bool:
    return timezone.now() < edit_deadline(review)


def frozen_message() -> str:
    return errors.REVIEW_FROZEN % {"days": REVIEW_EDIT_DAYS}


def _validated_rating(role: str, rating) -> int | None:
    if role == Role.MENTOR:
        if rating not in (None, ""):
            raise MentorshipError(errors.REVIEW_NO_RATING_FOR_MENTEE)
        return None
    # bool is an int to Python; True is not a star rating.
    if isinstance(rating, bool):
        raise MentorshipError(errors.REVIEW_RATING_INVALID)
    try:
        value = int(rating)
    except (TypeError, ValueError):
        raise MentorshipError(errors.REVIEW_RATING_INVALID) from None
    if str(value) != str(rating).strip() or not 1 <= value <= 5:
        # "4.5" or 4.5 is not a whole number of stars, and int() would
        # quietly round it down.
        raise MentorshipError(errors.REVIEW_RATING_INVALID)
    return value


def _validated_comment(role: str, comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > REVIEW_COMMENT_MAX_LENGTH:
        raise MentorshipError(errors.REVIEW_COMMENT_TOO_LONG)
    # Feedback without a rating is nothing without words.
    if role == Role.MENTOR and not comment:
        raise MentorshipError(errors.REVIEW_FEEDBACK_EMPTY)
    return comment


@transaction.atomic
def save_mentorship_review(
    *, mentorship: Mentorship, author: User, rating=None, comment: str = ""
) -> MentorshipReview:
    """Write `author`'s review of a completed mentorship, or change the one
    they wrote while it is still editable. The other side is emailed when a
    review is first written, not on every change."""
    # The mentorship row orders two saves by the same author (a double
    # click): the second finds the first and edits it instead of failing on
    # the unique constraint. Nothing else is locked, so no order to keep.
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentee")
        .get(pk=mentorship.pk)
    )
    refusal = review_refusal(mentorship=mentorship, user=author)
    if refusal is not None:
        raise MentorshipError(refusal)
    role = review_role(mentorship, author)
    rating = _validated_rating(role, rating)
    comment = _validated_comment(role, comment)
    review = MentorshipReview.objects.filter(
        mentorship=mentorship, author=author
    ).first()
    if review is not None:
        if not is_editable(review):
            raise MentorshipError(frozen_message())
        review.rating = rating
        review.comment = comment
        review.save(update_fields=["rating", "comment", "updated_at"])
        _recompute_mentor_rating(review)
        return review
    review = MentorshipReview.objects.create(
        mentorship=mentorship,
        mentor=mentorship.mentor,
        author=author,
        role=role,
        rating=rating,
        comment=comment,
    )
    _recompute_mentor_rating(review)
    _email_other_side(review)
    return review


def _recompute_mentor_rating(review: MentorshipReview) -> None:
    # After the mentorship's lock: rating rows are always locked last.
    if review.role == Role.MENTEE:
        recompute_expert_ratings(expert_ids=[review.mentor_id])


def detach_mentee_reviews_by(*, author: User) -> int:
    """Keep every review `author` wrote of a mentor without their name and
    without the mentorship (their account is going, and the mentorship with
    it): the rating and comment stay on the mentor's page and in the
    mentor's rating, whose totals are recomputed all the same (the same
    numbers, unless something else had moved them). Feedback the mentors
    wrote for `author` is about them and goes with the mentorship. Returns
    how many were detached. Run in accounts.services.delete_account's
    transaction, under its lock on the member's row."""
    reviews = MentorshipReview.objects.filter(author=author, role=Role.MENTEE)
    mentor_ids = list(reviews.values_list("mentor_id", flat=True).distinct())
    detached = reviews.update(author=None, mentorship=None)
    recompute_expert_ratings(expert_ids=mentor_ids)
    return detached


# --- Emails ------------------------------------------------------------------


def review_url(mentorship: Mentorship) -> str:
    return settings.SITE_URL + reverse(
        "mentorship_review", kwargs={"pk": mentorship.pk}
    )


def _queue(kind: str, mentorship: Mentorship, *, to: User, **extra) -> None:
    queue_email(
        template_prefix=f"mentorship/email/review_{kind}",
        to=to.email,
        context={
            "mentorship": mentorship,
            "mentor": mentorship.mentor,
            "mentee": mentorship.mentee,
            "recipient": to,
            "review_url": review_url(mentorship),
            "review_edit_days": REVIEW_EDIT_DAYS,
            **extra,
        },
    )


def _email_other_side(review: MentorshipReview) -> None:
    mentorship = review.mentorship
    if review.role == Role.MENTEE:
        _queue("received", mentorship, to=mentorship.mentor, review=review)
    else:
        _queue("feedback", mentorship, to=mentorship.mentee, review=review)


def send_review_invitations(mentorship: Mentorship) -> None:
    """Ask both sides of a just completed mentorship for their review.

    Meant to be called by whatever completes a mentorship, inside its
    transaction: the emails go out once it commits."""
    if mentorship.status != Mentorship.Status.COMPLETED:
        return
    for person in (mentorship.mentee, mentorship.mentor):
        _queue("invite", mentorship, to=person, is_mentor=person == mentorship.mentor)
