"""Feedback from experts: a member asks an expert (one with a public
expert page, or their mentor) to review their level in a skill; the expert
answers with a level, which joins the member's history as expert-reviewed,
and written feedback, or declines. Both sides are emailed."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import has_verified_email
from core.emails import queue_email
from core.models import Skill
from experts.selectors import list_visible_experts
from mentorship.models import Mentorship
from progress import errors
from progress.errors import ProgressError
from progress.models import FeedbackRequest, LevelRecord
from progress.services.levels import check_level, record_level

MESSAGE_MAX_LENGTH = 2000
FEEDBACK_MAX_LENGTH = 5000
# Asking is cheap for the member and costly for experts: a cap on requests
# waiting at once keeps it considerate.
MAX_OPEN_REQUESTS = 5

Status = FeedbackRequest.Status


def is_mentor_of(expert: User, member: User) -> bool:
    return Mentorship.objects.filter(
        mentor=expert,
        mentee=member,
        status__in=(Mentorship.Status.ACTIVE, Mentorship.Status.PAUSED),
    ).exists()


def feedback_refusal(*, member: User, expert: User) -> str | None:
    """Why `member` may not ask `expert` for feedback at all, or None."""
    if not getattr(member, "is_authenticated", False):
        return errors.SIGN_IN
    if member.pk == expert.pk:
        return errors.FEEDBACK_FROM_YOURSELF
    if not has_verified_email(member):
        return errors.EMAIL_NOT_VERIFIED
    has_page = list_visible_experts().filter(expert=expert).exists()
    if not expert.is_active or not (has_page or is_mentor_of(expert, member)):
        return errors.FEEDBACK_NOT_AN_EXPERT
    return None


def _text(value: str, *, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ProgressError(errors.FEEDBACK_TOO_LONG % {"max": f"{limit:,}"})
    return value


@transaction.atomic
def request_feedback(
    *, member: User, expert: User, skill: Skill, message: str = ""
) -> FeedbackRequest:
    refusal = feedback_refusal(member=member, expert=expert)
    if refusal:
        raise ProgressError(refusal)
    message = _text(message, limit=MESSAGE_MAX_LENGTH)
    # The member's row serialises their requests: the cap and the one open
    # request per expert and skill hold under double clicks.
    User.objects.select_for_update().filter(pk=member.pk).first()
    mine = FeedbackRequest.objects.filter(member=member, status=Status.OPEN)
    if mine.filter(expert=expert, skill=skill).exists():
        raise ProgressError(errors.FEEDBACK_ALREADY_OPEN)
    if mine.count() >= MAX_OPEN_REQUESTS:
        raise ProgressError(
            errors.FEEDBACK_TOO_MANY_OPEN % {"count": MAX_OPEN_REQUESTS}
        )
    feedback = FeedbackRequest.objects.create(
        member=member, expert=expert, skill=skill, message=message
    )
    _email(
        feedback,
        to=expert,
        template="progress/email/feedback_requested",
        url=reverse("progress_admin_feedback", args=[feedback.pk]),
    )
    return feedback


def _lock_open(feedback: FeedbackRequest, **owner) -> FeedbackRequest:
    locked = (
        FeedbackRequest.objects.select_for_update()
        .filter(pk=feedback.pk, **owner)
        .first()
    )
    if locked is None:
        raise ProgressError(errors.FEEDBACK_NOT_YOURS)
    if locked.status != Status.OPEN:
        raise ProgressError(errors.FEEDBACK_NOT_OPEN)
    return locked


@transaction.atomic
def withdraw_feedback(*, feedback: FeedbackRequest, member: User) -> FeedbackRequest:
    feedback = _lock_open(feedback, member=member)
    feedback.status = Status.WITHDRAWN
    feedback.answered_at = timezone.now()
    feedback.save(update_fields=["status", "answered_at"])
    return feedback


@transaction.atomic
def review_feedback(
    *, feedback: FeedbackRequest, expert: User, level: int, text: str
) -> FeedbackRequest:
    """The expert's answer: a level for the member's history and feedback."""
    feedback = _lock_open(feedback, expert=expert)
    level = check_level(level)
    text = _text(text, limit=FEEDBACK_MAX_LENGTH)
    if not text:
        raise ProgressError(errors.FEEDBACK_NEEDED)
    feedback.status = Status.REVIEWED
    feedback.reviewed_level = level
    feedback.feedback = text
    feedback.answered_at = timezone.now()
    feedback.save(update_fields=["status", "reviewed_level", "feedback", "answered_at"])
    record_level(
        member=feedback.member,
        skill=feedback.skill,
        source=LevelRecord.Source.EXPERT,
        level=level,
        feedback=feedback,
    )
    _email(
        feedback,
        to=feedback.member,
        template="progress/email/feedback_reviewed",
        url=reverse("progress_feedback"),
    )
    return feedback


@transaction.atomic
def decline_feedback(
    *, feedback: FeedbackRequest, expert: User, reason: str = ""
) -> FeedbackRequest:
    feedback = _lock_open(feedback, expert=expert)
    feedback.status = Status.DECLINED
    feedback.feedback = _text(reason, limit=FEEDBACK_MAX_LENGTH)
    feedback.answered_at = timezone.now()
    feedback.save(update_fields=["status", "feedback", "answered_at"])
    _email(
        feedback,
        to=feedback.member,
        template="progress/email/feedback_declined",
        url=reverse("progress_feedback"),
    )
    return feedback


def _email(feedback: FeedbackRequest, *, to: User, template: str, url: str) -> None:
    if not to.is_active or not to.email:
        return
    queue_email(
        template_prefix=template,
        to=to.email,
        context={
            "name": to.get_short_name() or to.username,
            "member": feedback.member.get_full_name() or feedback.member.username,
            "expert": feedback.expert.get_full_name() or feedback.expert.username,
            "skill": feedback.skill.name,
            "message": feedback.message,
            "level": feedback.get_reviewed_level_display()
            if feedback.reviewed_level
            else "",
            "feedback": feedback.feedback,
            "url": settings.SITE_URL + url,
            "site_url": settings.SITE_URL,
        },
    )
