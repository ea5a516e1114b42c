"""Reads of experts that pages, the directory and the workspace reuse."""

from django.db.models import Avg, Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from core.access import visible_pages
from experts.mentee_count import count_active_mentees
from experts.models import ExpertPage
from sessions.models import Review


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
    """Live expert pages anyone may see (core.access), bare."""
    return visible_pages(ExpertPage.objects.all())


def get_expert_rating(expert: User) -> dict:
    """{"average": Decimal | None, "count": int} over all their sessions."""
    numbers = Review.objects.filter(session__host=expert).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    return numbers


def get_mentee_places_left(expert_page: ExpertPage) -> int:
    active = count_active_mentees(expert_page.expert)
    return max(expert_page.mentee_capacity - active, 0)
