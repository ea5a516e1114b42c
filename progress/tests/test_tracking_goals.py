"""Goals: a level above the current one by a date after today, one open goal
per skill, achieved by itself when a new level reaches it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from progress import errors
from progress.errors import ProgressError
from progress.models import Goal
from progress.services.goals import delete_goal, set_goal
from progress.services.levels import rate_myself, record_level
from progress.tests.factories_tracking import (
    AttemptFactory,
    GoalFactory,
    Source,
    add_record,
    skill,
)

pytestmark = pytest.mark.django_db

URL = "/progress/skills/sql/"


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def test_a_goal_is_set_and_shown_with_its_target(client, member, sql):
    add_record(member, sql, Source.SELF, 2)
    response = client.post(
        URL + "goal/", {"target_level": "4", "target_date": in_days(60).isoformat()}
    )
    assert response.status_code == 302
    assert response["Location"] == URL + "#goal"
    goal = Goal.objects.get(member=member, skill=sql)
    assert (goal.target_level, goal.target_date) == (4, in_days(60))
    page = re.sub(r"<[^>]+>", " ", client.get(URL).content.decode())
    assert "Goal: Proficient (4 of 5)" in " ".join(page.split())


@pytest.mark.parametrize("days", [-1, 0])
def test_a_goal_date_must_be_after_today(member, sql, days):
    with pytest.raises(ProgressError) as refused:
        set_goal(member=member, skill=sql, target_level=3, target_date=in_days(days))
    assert refused.value.message == errors.GOAL_DATE_NOT_FUTURE
    assert not Goal.objects.exists()


def test_a_past_date_is_a_form_error_on_the_page(client, member, sql):
    response = client.post(
        URL + "goal/", {"target_level": "3", "target_date": in_days(-3).isoformat()}
    )
    assert response.status_code == 400
    assert str(errors.GOAL_DATE_NOT_FUTURE) in response.content.decode()
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"target_level": "9", "target_date": "2099-01-01"},
        {"target_level": "3", "target_date": "not a date"},
        {"target_level": "3"},
        {"target_level": "3", "target_date": "2099-13-45"},
    ],
)
def test_bad_goal_input_is_a_form_error(client, member, sql, data):
    response = client.post(URL + "goal/", data)
    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_a_date_years_away_is_refused(member, sql):
    with pytest.raises(ProgressError) as refused:
        set_goal(member=member, skill=sql, target_level=3, target_date=in_days(3000))
    assert refused.value.message == errors.GOAL_DATE_TOO_FAR


def test_the_target_must_be_above_the_current_level(member, sql):
    add_record(member, sql, Source.SELF, 2)
    add_record(member, sql, Source.ASSESSMENT, 3)
    with pytest.raises(ProgressError) as refused:
        set_goal(member=member, skill=sql, target_level=3, target_date=in_days(30))
    assert "Competent" in str(refused.value.message)
    assert not Goal.objects.exists()


def test_the_page_offers_only_levels_above_the_current_one(client, member, sql):
    add_record(member, sql, Source.ASSESSMENT, 3)
    html = client.get(URL).content.decode()
    form = html[html.index('class="form stack goal-form"') :]
    form = form[: form.index("</form>")]
    assert 'value="4"' in form and 'value="5"' in form
    assert 'value="3"' not in form


def test_nobody_sets_a_goal_past_the_top_level(client, member, sql):
    add_record(member, sql, Source.EXPERT, 5)
    with pytest.raises(ProgressError) as refused:
        set_goal(member=member, skill=sql, target_level=5, target_date=in_days(30))
    assert refused.value.message == errors.GOAL_TOP_REACHED
    assert "You have the top level in SQL" in client.get(URL).content.decode()


def test_setting_a_goal_again_changes_the_open_one(member, sql):
    first = set_goal(member=member, skill=sql, target_level=3, target_date=in_days(30))
    second = set_goal(member=member, skill=sql, target_level=5, target_date=in_days(90))
    assert second.pk == first.pk
    goal = Goal.objects.get()
    assert (goal.target_level, goal.target_date) == (5, in_days(90))


def test_each_skill_has_its_own_goal(member, sql):
    set_goal(member=member, skill=sql, target_level=3, target_date=in_days(30))
    set_goal(
        member=member, skill=skill("Python"), target_level=3, target_date=in_days(30)
    )
    assert Goal.objects.filter(member=member).count() == 2


def test_a_new_goal_may_follow_an_achieved_one(member, sql):
    GoalFactory(member=member, skill=sql, target_level=2, achieved_at=timezone.now())
    set_goal(member=member, skill=sql, target_level=4, target_date=in_days(30))
    assert Goal.objects.filter(member=member, achieved_at__isnull=True).count() == 1
    assert Goal.objects.count() == 2


def test_a_self_rating_reaching_the_target_achieves_the_goal(client, member, sql):
    goal = GoalFactory(member=member, skill=sql, target_level=3)
    rate_myself(member=member, skill=sql, level=2)
    goal.refresh_from_db()
    assert goal.achieved_at is None

    rate_myself(member=member, skill=sql, level=3)
    goal.refresh_from_db()
    assert goal.achieved_at is not None
    page = " ".join(client.get(URL).content.decode().split())
    assert "Goals reached" in page


def test_an_assessment_result_above_the_target_achieves_the_goal(member, sql):
    goal = GoalFactory(member=member, skill=sql, target_level=3)
    attempt = AttemptFactory(member=member, skill=sql, level=4)
    record_level(
        member=member, skill=sql, source=Source.ASSESSMENT, level=4, attempt=attempt
    )
    goal.refresh_from_db()
    assert goal.achieved_at is not None


def test_a_record_in_another_skill_leaves_the_goal_open(member, sql):
    goal = GoalFactory(member=member, skill=sql, target_level=2)
    rate_myself(member=member, skill=skill("Python"), level=5)
    goal.refresh_from_db()
    assert goal.achieved_at is None


def test_a_bad_level_writes_nothing_and_achieves_nothing(member, sql):
    goal = GoalFactory(member=member, skill=sql, target_level=2)
    with pytest.raises(ProgressError):
        rate_myself(member=member, skill=sql, level=9)
    goal.refresh_from_db()
    assert goal.achieved_at is None


def test_a_member_deletes_their_goal(client, member, sql):
    goal = GoalFactory(member=member, skill=sql)
    response = client.post(f"/progress/goals/{goal.pk}/delete/")
    assert response.status_code == 302
    assert not Goal.objects.exists()


def test_the_delete_service_only_deletes_ones_own(member, sql):
    goal = GoalFactory(skill=sql)
    delete_goal(member=member, goal=goal)
    assert Goal.objects.filter(pk=goal.pk).exists()
