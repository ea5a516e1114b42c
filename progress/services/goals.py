"""A member's goals: reach a level in a skill by a date. One open goal per
skill (setting another replaces it); a goal is achieved by itself when a new
level record reaches it (`check_goals`, called by the levels service)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.models import Skill
from progress import errors, selectors
from progress.errors import ProgressError
from progress.models import Goal, Level

# Far enough for any real plan; further is most likely a typo in the year.
LONGEST_PLAN = timedelta(days=5 * 366)


def check_target_date(target_date: date) -> date:
    today = timezone.localdate()
    if target_date <= today:
        raise ProgressError(errors.GOAL_DATE_NOT_FUTURE)
    if target_date > today + LONGEST_PLAN:
        raise ProgressError(errors.GOAL_DATE_TOO_FAR)
    return target_date


def _lock_member(member: User) -> None:
    # Goals of one member are set one at a time: two tabs setting a goal
    # for the same skill must not both find none and both create one.
    User.objects.select_for_update().filter(pk=member.pk).first()


@transaction.atomic
def set_goal(
    *, member: User, skill: Skill, target_level: int, target_date: date
) -> Goal:
    """The member's open goal in `skill`, created or changed: a level above
    the one they have, by a date after today."""
    # Not levels.check_level: the levels service calls check_goals here,
    # and importing it back would make a circle.
    if target_level not in Level.values:
        raise ProgressError(errors.BAD_LEVEL)
    target_date = check_target_date(target_date)
    _lock_member(member)
    current = selectors.get_current_level(member=member, skill=skill)
    if current == Level.EXPERT:
        raise ProgressError(errors.GOAL_TOP_REACHED)
    if current is not None and target_level <= current:
        raise ProgressError(
            errors.GOAL_NOT_ABOVE_CURRENT % {"level": Level(current).label}
        )
    goal = (
        Goal.objects.select_for_update()
        .filter(member=member, skill=skill, achieved_at__isnull=True)
        .first()
    )
    if goal is None:
        goal = Goal(member=member, skill=skill)
    goal.target_level = target_level
    goal.target_date = target_date
    goal.save()
    return goal


@transaction.atomic
def delete_goal(*, member: User, goal: Goal) -> None:
    Goal.objects.filter(pk=goal.pk, member=member).delete()


@transaction.atomic
def check_goals(*, member: User, skill: Skill) -> Goal | None:
    """Mark the member's open goal in `skill` achieved once their current
    level reaches it; returns the goal it marked, if any."""
    goal = (
        Goal.objects.select_for_update()
        .filter(member=member, skill=skill, achieved_at__isnull=True)
        .first()
    )
    if goal is None:
        return None
    current = selectors.get_current_level(member=member, skill=skill)
    if current is None or current < goal.target_level:
        return None
    goal.achieved_at = timezone.now()
    goal.save(update_fields=["achieved_at"])
    return goal
