"""Reads of experts that pages, the directory and the workspace reuse."""

from django.db.models import Avg, Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import has_verified_email
from core.access import visible_pages
from experts import errors
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


def get_mentorship_refusal(*, expert_page: ExpertPage, member: User) -> str | None:
    """Why `member` may not ask this expert for mentorship now, or None.

    `request_mentorship` asks this (on the locked page) before it writes, and
    the request form asks it to say so up front instead of showing a form
    that would fail: one list of rules for both."""
    if expert_page.expert_id == member.pk:
        return errors.OWN_MENTORSHIP
    if not has_verified_email(member):
        return errors.EMAIL_NOT_VERIFIED
    if not expert_page.live or not expert_page.accepts_mentees:
        return errors.NOT_ACCEPTING
    statuses = set(
        MentorshipRequest.objects.filter(
            expert_id=expert_page.expert_id,
            member=member,
            status__in=[
                MentorshipRequest.Status.PENDING,
                MentorshipRequest.Status.ACCEPTED,
            ],
        ).values_list("status", flat=True)
    )
    if MentorshipRequest.Status.PENDING in statuses:
        return errors.ALREADY_REQUESTED
    if MentorshipRequest.Status.ACCEPTED in statuses:
        return errors.ALREADY_MENTEE
    if get_mentee_places_left(expert_page) == 0:
        return errors.MENTEES_FULL
    return None


def list_mentorship_requests_for_member(member: User) -> QuerySet[MentorshipRequest]:
    """The member's requests, newest first, each with its expert and the
    expert's page in the same query (the dashboard links to the page)."""
    return (
        MentorshipRequest.objects.filter(member=member)
        .select_related("expert", "expert__expert_page")
        .order_by("-created_at", "-pk")
    )
