"""Reads of mentorship reviews: what sessions.rating_sources asks for
(the mentees' public reviews of a mentor) and what the review page shows
one participant. A mentor's feedback for their mentee is never read here
for anyone but that mentee and its author."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from accounts.models import User
from mentorship.models import Mentorship, MentorshipReview
from mentorship.reviews import is_editable, review_role

Role = MentorshipReview.Role


def list_mentee_reviews_of(mentor) -> QuerySet[MentorshipReview]:
    """What mentees said about `mentor` (a user or an OuterRef to one),
    through the review's own `mentor`: a deleted mentee's review has no
    mentorship any more and still counts."""
    return MentorshipReview.objects.filter(role=Role.MENTEE, mentor=mentor)


class MenteeReviews:
    """What sessions.rating_sources asks: the
    mentee's side of completed mentorships is part of the mentor's rating
    and shown on their page."""

    def totals(self, expert_ids: list[int]) -> dict[int, tuple[int, int]]:
        rows = (
            MentorshipReview.objects.filter(role=Role.MENTEE, mentor_id__in=expert_ids)
            .values_list("mentor_id")
            .annotate(total=Sum("rating"), count=Count("rating"))
            .order_by()
        )
        return {mentor_id: (total, count) for mentor_id, total, count in rows}

    def list_recent(self, mentor: User, *, limit: int) -> list[MentorshipReview]:
        return list(
            list_mentee_reviews_of(mentor)
            .select_related("author")
            .order_by("-created_at", "-pk")[:limit]
        )


@dataclass(frozen=True)
class ReviewPage:
    """One participant's view of a mentorship's reviews: their own (if
    written) and whether they may still change it, and the other side's."""

    role: str
    own: MentorshipReview | None
    other: MentorshipReview | None
    can_edit: bool

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR


def get_review_page(*, mentorship: Mentorship, user: User) -> ReviewPage:
    """`user` is a participant (the view 404s everyone else); both reviews
    come in one query."""
    role = review_role(mentorship, user)
    reviews = list(mentorship.reviews.all())
    own = next((r for r in reviews if r.author_id == user.pk), None)
    other = next((r for r in reviews if r.author_id != user.pk), None)
    completed = mentorship.status == Mentorship.Status.COMPLETED
    return ReviewPage(
        role=role,
        own=own,
        other=other,
        can_edit=completed and (own is None or is_editable(own)),
    )
