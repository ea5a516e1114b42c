"""Reads about assessments and attempts that the pages, the services and
the marking queue share."""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from core.access import visible_pages
from core.admin_permissions import is_staff, owns_page
from progress.models import AssessmentPage, Attempt

Status = Attempt.Status
SUBMITTED = (Status.AWAITING_REVIEW, Status.SCORED)


def list_live_assessments() -> QuerySet[AssessmentPage]:
    """Published assessments anyone may see, for /assessments/, by title
    (the same for every viewer: shared caches may keep the listing)."""
    return (
        visible_pages(AssessmentPage.objects.all())
        .select_related("skill")
        .order_by("title", "pk")
    )


def list_visible_assessments(viewer) -> QuerySet[AssessmentPage]:
    """Published assessments this viewer (a request or a user) may see:
    the API's listing, which a page's view restrictions narrow per member."""
    return (
        visible_pages(AssessmentPage.objects.all(), viewer)
        .select_related("skill")
        .order_by("title", "pk")
    )


def list_member_attempts(member, assessment: AssessmentPage) -> QuerySet[Attempt]:
    """The member's attempts at `assessment`, newest first."""
    if not getattr(member, "is_authenticated", False):
        return Attempt.objects.none()
    return Attempt.objects.filter(member=member, assessment=assessment).defer(
        "questions"
    )


def get_retake_at(
    member, assessment: AssessmentPage, *, now: datetime | None = None
) -> datetime | None:
    """When the member may take `assessment` again, if not now: the last
    submitted attempt plus the page's `retake_after_days`."""
    days = assessment.retake_after_days
    if not days or not getattr(member, "is_authenticated", False):
        return None
    last = (
        Attempt.objects.filter(
            member=member, assessment=assessment, status__in=SUBMITTED
        )
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    if last is None:
        return None
    retake_at = last + timedelta(days=days)
    return retake_at if retake_at > (now or timezone.now()) else None


def get_member_attempt(member, attempt_id: int) -> Attempt | None:
    """One of the member's own attempts; None for anyone else's."""
    if not getattr(member, "is_authenticated", False):
        return None
    return (
        Attempt.objects.select_related("assessment", "skill")
        .filter(pk=attempt_id, member=member)
        .first()
    )


# --- Marking by hand --------------------------------------------------------------


def can_mark(user, assessment: AssessmentPage | None) -> bool:
    """Staff mark any assessment's answers, its author (the page's owner)
    those of their own; an attempt whose page is gone, staff only."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_staff(user):
        return True
    return assessment is not None and owns_page(user, assessment)


def list_attempts_to_mark(user) -> QuerySet[Attempt]:
    """Attempts waiting for `user`'s marks, oldest submission first."""
    attempts = (
        Attempt.objects.filter(status=Status.AWAITING_REVIEW)
        .select_related("member", "assessment", "skill")
        .order_by("submitted_at", "pk")
    )
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return attempts.none()
    if is_staff(user):
        return attempts
    return attempts.filter(assessment__owner=user)


def get_attempt_to_mark(user, attempt_id: int) -> Attempt | None:
    return list_attempts_to_mark(user).filter(pk=attempt_id).first()
