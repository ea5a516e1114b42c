"""What deleting a member's account does to progress (progress.deletion)."""

import pytest

from accounts.errors import AccountsError
from accounts.models import User
from accounts.services import delete_account
from progress.models import FeedbackRequest, Goal, LevelRecord
from progress.tests.factories_tracking import (
    FeedbackRequestFactory,
    GoalFactory,
    add_record,
    skill,
)

pytestmark = pytest.mark.django_db


def test_an_expert_who_reviewed_a_members_level_is_not_deleted():
    request = FeedbackRequestFactory(reviewed_level=3)
    LevelRecord.objects.create(
        member=request.member,
        skill=request.skill,
        source=LevelRecord.Source.EXPERT,
        level=3,
        feedback=request,
    )

    with pytest.raises(AccountsError) as refused:
        delete_account(user=request.expert, by=None)

    assert "They reviewed 1 member's level as an expert" in refused.value.message
    assert LevelRecord.objects.filter(feedback=request).exists()


def test_a_members_own_progress_goes_with_the_account():
    goal = GoalFactory()
    member = goal.member
    add_record(member, skill("SQL"), LevelRecord.Source.ASSESSMENT, 3)
    FeedbackRequestFactory(member=member, status=FeedbackRequest.Status.OPEN)

    effects = delete_account(user=member, by=None)

    assert any("progress records removed" in line for line in effects)
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Goal.objects.filter(pk=goal.pk).exists()
