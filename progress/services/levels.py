"""The history of a member's levels: every self-rating, assessment result
and expert review adds one LevelRecord; nothing is ever overwritten, so the
charts show the way there. Other progress services call `record_level`."""

from django.db import transaction

from accounts.models import User
from core.models import Skill
from progress import errors
from progress.errors import ProgressError
from progress.models import Attempt, FeedbackRequest, Level, LevelRecord
from progress.services.goals import check_goals

Source = LevelRecord.Source


def check_level(level) -> int:
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise ProgressError(errors.BAD_LEVEL) from None
    if level not in Level.values:
        raise ProgressError(errors.BAD_LEVEL)
    return level


@transaction.atomic
def record_level(
    *,
    member: User,
    skill: Skill,
    source: str,
    level: int,
    attempt: Attempt | None = None,
    feedback: FeedbackRequest | None = None,
) -> LevelRecord:
    """One more point in the member's history for `skill`. An assessment
    result names its attempt, an expert's review its feedback request.
    An open goal the new level reaches is marked achieved in the same
    transaction."""
    record = LevelRecord.objects.create(
        member=member,
        skill=skill,
        source=source,
        level=check_level(level),
        attempt=attempt,
        feedback=feedback,
    )
    check_goals(member=member, skill=skill)
    return record


@transaction.atomic
def rate_myself(*, member: User, skill: Skill, level: int) -> LevelRecord:
    """The member's own view of their level."""
    return record_level(member=member, skill=skill, source=Source.SELF, level=level)
