"""Reads of experts that pages, the directory and the workspace reuse."""

from django.db.models import Avg, Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from experts.models import ExpertPage, MentorshipRequest
from sessions.models import Review


def count_active_mentees(expert: User) -> int:
    return MentorshipRequest.objects.filter(
        expert=expert, status=MentorshipRequest.Status.ACCEPTED
    ).count()


def list_pending_mentorship_requests(expert: User) -> QuerySet[MentorshipRequest]:
    return MentorshipRequest.objects.filter(
        expert=expert, status=MentorshipRequest.Status.PENDING
    ).select_related("member")


def with_ratings(queryset: QuerySet[ExpertPage]) -> QuerySet[ExpertPage]:
    """Annotate each expert page with the average and number of reviews of
    the sessions its expert hosted: one query for any number of experts,
    and never stale (no copy of the numbers to keep in step)."""
    reviews = (
        Review.objects.filter(session__host=OuterRef("expert_id"))
        .order_by()
        .values("session__host")
    )
    return queryset.annotate(
        rating_average=Subquery(reviews.annotate(value=Avg("rating")).values("value")),
        rating_count=Coalesce(
            Subquery(reviews.annotate(value=Count("pk")).values("value")), 0
        ),
    )


def list_visible_experts() -> QuerySet[ExpertPage]:
    """Live expert pages anyone may see, bare."""
    return ExpertPage.objects.live().public()


def get_expert_rating(expert: User) -> dict:
    """{"average": Decimal | None, "count": int} over all their sessions."""
    numbers = Review.objects.filter(session__host=expert).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    return numbers
