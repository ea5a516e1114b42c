"""Reads of mentorships that pages, the workspace and the services reuse."""

from django.db.models import (
    Case,
    Count,
    Expression,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import has_verified_email
from experts.models import ExpertPage
from experts.selectors import get_mentee_places_left
from mentorship import errors
from mentorship.models import AvailabilityWindow, MenteeProfile, Mentorship, TargetSkill

Status = Mentorship.Status


def has_questionnaire(user: User) -> bool:
    return MenteeProfile.objects.filter(user=user).exists()


def has_mentor_page(user: User) -> bool:
    return ExpertPage.objects.filter(expert=user).exists()


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


def get_mentorship_refusal(*, mentor_page: ExpertPage, mentee: User) -> str | None:
    """Why `mentee` may not ask this expert for mentorship now, or None.

    `request_mentorship` asks this on the locked page before it writes, and
    the request page asks it to say so up front instead of showing a form
    that would fail: one list of rules for both."""
    if mentor_page.expert_id == mentee.pk:
        return errors.OWN_MENTORSHIP
    if not has_verified_email(mentee):
        return errors.EMAIL_NOT_VERIFIED
    if not mentor_page.live or not mentor_page.accepts_mentees:
        return errors.NOT_ACCEPTING
    open_statuses = set(
        Mentorship.objects.filter(
            mentor_id=mentor_page.expert_id,
            mentee=mentee,
            status__in=Mentorship.OPEN_STATUSES,
        ).values_list("status", flat=True)
    )
    if Status.REQUESTED in open_statuses:
        return errors.ALREADY_REQUESTED
    if open_statuses:
        return errors.ALREADY_MENTEE
    if get_mentee_places_left(mentor_page) == 0:
        return errors.MENTEES_FULL
    return None


def list_latest_mentorships_of_mentee(mentee: User, *, limit: int = 20) -> list:
    """The member's latest mentorships with their mentors, newest first."""
    return list(
        Mentorship.objects.filter(mentee=mentee)
        .select_related("mentor")
        .order_by("-requested_at", "-pk")[:limit]
    )


def list_latest_mentorships_of_mentor(mentor: User, *, limit: int = 20) -> list:
    """The mentor's latest mentorships with the mentee, open ones first:
    the dashboard's "Your mentees"."""
    return list(
        Mentorship.objects.filter(mentor=mentor)
        .exclude(status__in=(Status.DECLINED, Status.CANCELLED))
        .select_related("mentee")
        .order_by(
            Case(
                When(status__in=Mentorship.OPEN_STATUSES, then=Value(0)),
                default=Value(1),
            ),
            "-requested_at",
            "-pk",
        )[:limit]
    )


def list_waiting_requests(mentor: User) -> QuerySet[Mentorship]:
    """Requests waiting for the mentor's answer, newest first."""
    return (
        Mentorship.objects.filter(mentor=mentor, status=Status.REQUESTED)
        .select_related("mentee")
        .order_by("-requested_at", "-pk")
    )


def list_answered_requests(mentor: User) -> QuerySet[Mentorship]:
    """Everything past the request (answered, withdrawn, ended), the latest
    answered first."""
    return (
        Mentorship.objects.filter(mentor=mentor)
        .exclude(status=Status.REQUESTED)
        .select_related("mentee")
        .order_by("-responded_at", "-pk")
    )


def get_mentee_profile(user: User) -> MenteeProfile | None:
    return (
        MenteeProfile.objects.filter(user=user)
        .prefetch_related(
            "languages",
            Prefetch("target_skills", TargetSkill.objects.select_related("skill")),
        )
        .first()
    )


def list_availability(user: User) -> QuerySet[AvailabilityWindow]:
    return AvailabilityWindow.objects.filter(user=user).order_by("weekday", "starts_at")


def list_mentorships_of_member(user: User) -> QuerySet[Mentorship]:
    """Every mentorship `user` is in, as mentor or mentee, newest first, with
    both people; anyone else's are not in it (a lookup by id through it is
    the participant check)."""
    return (
        Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user))
        .select_related("mentor", "mentee")
        .order_by("-requested_at", "-pk")
    )
