"""What members are told about their attempts. Called from the assessment
services inside their transaction: `queue_email` renders now and sends on
commit, so a rolled-back marking sends nothing."""

from django.conf import settings
from django.urls import reverse

from core.emails import queue_email
from progress.models import Level


def send_attempt_scored(attempt) -> None:
    """The result of an attempt scored while the member was away: marked by
    an expert, or submitted by the deadline sweep."""
    member = attempt.member
    queue_email(
        template_prefix="progress/email/attempt_scored",
        to=member.email,
        context={
            "name": member.get_short_name() or member.username,
            "title": attempt.assessment_title,
            "skill": attempt.skill.name,
            "points": attempt.points,
            "max_points": attempt.max_points,
            "percent": attempt.percent,
            "level": Level(attempt.level).label,
            "result_url": settings.SITE_URL
            + reverse("assessment_result", kwargs={"attempt_id": attempt.pk}),
        },
    )
