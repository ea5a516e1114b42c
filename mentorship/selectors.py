"""Reads of mentorships that pages, the workspace and the services reuse."""

from django.db.models import (
    Count,
    Expression,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from mentorship.models import Mentorship

Status = Mentorship.Status


def list_active_mentorships_of_mentor(mentor: User) -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(mentor=mentor, status=Status.ACTIVE)


class ActiveMentees:
    """What experts.mentee_count asks: a mentor's places are taken by their
    active mentorships (a paused one frees its place until it resumes)."""

    def count(self, mentor: User) -> int:
        return list_active_mentorships_of_mentor(mentor).count()

    def subquery(self, mentor_id: OuterRef) -> Expression:
        active = (
            Mentorship.objects.filter(mentor=mentor_id, status=Status.ACTIVE)
            .order_by()
            .values("mentor")
            .annotate(value=Count("pk"))
            .values("value")
        )
        return Coalesce(
            Subquery(active, output_field=IntegerField()),
            Value(0, output_field=IntegerField()),
        )
