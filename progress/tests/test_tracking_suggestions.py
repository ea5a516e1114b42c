"""Suggestions for an open goal: upcoming sessions at the levels still to
gain, articles and courses, mentors who know the skill beyond the target,
assessments. Only what anyone may browse: never a private, unpublished or
past page, and premium pages by their public listing fields only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from content.tests.factories import SECRET, ArticlePageFactory, CoursePageFactory
from core.tests.factories import restrict
from experts.models import MentorSkill
from experts.tests.factories import ExpertPageFactory
from progress.suggestions import Gap
from progress.tests.factories_tracking import (
    GoalFactory,
    Source,
    TrackingAssessmentFactory,
    add_record,
    skill,
)
from sessions.models import SessionPage
from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db

Level = SessionPage.Level


@pytest.fixture
def goal(member, sql):
    """From Advanced beginner (2) to Proficient (4)."""
    add_record(member, sql, Source.SELF, 2, days_ago=3)
    return GoalFactory(member=member, skill=sql, target_level=4)


def _suggestions(client, url="/progress/skills/sql/") -> str:
    html = client.get(url).content.decode()
    start = html.index('id="suggestions"')
    return html[start : html.index("</section>", start)]


def _goal_card(client) -> str:
    html = client.get("/progress/").content.decode()
    start = html.index('class="card stack goal-card"')
    return html[start : html.index("</li>", start)]


def test_sessions_at_the_levels_still_to_gain_are_suggested(client, goal):
    SessionPageFactory(
        title="Intermediate joins", skills=["SQL"], level=Level.INTERMEDIATE
    )
    SessionPageFactory(title="Advanced tuning", skills=["SQL"], level=Level.ADVANCED)
    SessionPageFactory(title="Open to all", skills=["SQL"], level=Level.ALL)
    SessionPageFactory(title="First SELECT", skills=["SQL"], level=Level.BEGINNER)
    SessionPageFactory(title="Python intro", skills=["Python"])

    section = _suggestions(client)

    for title in ("Intermediate joins", "Advanced tuning", "Open to all"):
        assert title in section
    assert "First SELECT" not in section
    assert "Python intro" not in section


def test_the_levels_still_to_gain_run_from_the_next_to_the_target():
    assert list(Gap(skill_id=1, current=2, target=4).steps) == [3, 4]
    assert list(Gap(skill_id=1, current=None, target=2).steps) == [1, 2]
    assert list(Gap(skill_id=1, current=5, target=5).steps) == [5]


def test_private_unpublished_past_and_cancelled_sessions_are_never_suggested(
    client, goal
):
    SessionPageFactory(title="Public clinic", skills=["SQL"])
    restrict(
        SessionPageFactory(title="Members-only clinic", skills=["SQL"]),
        PageViewRestriction.LOGIN,
    )
    restrict(SessionPageFactory(title="Password clinic", skills=["SQL"]))
    SessionPageFactory(title="Draft clinic", skills=["SQL"], live=False)
    start = timezone.now() - timedelta(days=3)
    SessionPageFactory(title="Last week's clinic", skills=["SQL"], starts_at=start)
    SessionPageFactory(
        title="Cancelled clinic", skills=["SQL"], status=SessionPage.Status.CANCELLED
    )

    for section in (_suggestions(client), _goal_card(client)):
        assert "Public clinic" in section
        for title in ("Members-only", "Password", "Draft", "Last week", "Cancelled"):
            assert title not in section


def test_a_few_sessions_at_most_soonest_first(client, goal):
    for days in (20, 10, 30, 40, 5):
        SessionPageFactory(
            title=f"Clinic in {days} days",
            skills=["SQL"],
            starts_at=timezone.now() + timedelta(days=days),
        )
    section = _suggestions(client)
    shown = [d for d in (5, 10, 20, 30, 40) if f"Clinic in {d} days" in section]
    assert shown == [5, 10, 20]
    assert section.index("Clinic in 5 days") < section.index("Clinic in 10 days")


def test_articles_and_courses_show_their_listing_fields_only(client, goal):
    ArticlePageFactory(title="Free on joins", skills=["SQL"])
    ArticlePageFactory(
        title="Premium on indexes",
        skills=["SQL"],
        access="membership",
        summary="What indexes buy you.",
    )
    CoursePageFactory(title="SQL course", skills=["SQL"])
    ArticlePageFactory(title="Draft article", skills=["SQL"], live=False)
    restrict(
        ArticlePageFactory(title="Staff-only article", skills=["SQL"]),
        PageViewRestriction.LOGIN,
    )

    section = _suggestions(client)

    for title in ("Free on joins", "Premium on indexes", "SQL course"):
        assert title in section
    assert "What indexes buy you." in section
    assert "Premium" in section
    assert SECRET not in section
    assert "Draft article" not in section
    assert "Staff-only article" not in section


def _mentor(title: str, level: int, sql, **kwargs):
    page = ExpertPageFactory(title=title, **kwargs)
    MentorSkill.objects.create(page=page, skill=sql, level=level, sort_order=0)
    return page


def test_mentors_who_know_the_skill_beyond_the_target_are_suggested(client, goal, sql):
    _mentor("Grace Mentor", 5, sql)
    _mentor("Linus Mentor", 4, sql)
    _mentor("Junior Mentor", 3, sql)
    _mentor("Busy Mentor", 5, sql, accepts_mentees=False)
    _mentor("Hidden Mentor", 5, sql, live=False)

    section = _suggestions(client)

    assert "Grace Mentor" in section
    assert "Linus Mentor" in section
    for name in ("Junior", "Busy", "Hidden"):
        assert f"{name} Mentor" not in section
    assert section.index("Grace Mentor") < section.index("Linus Mentor")


def test_a_member_is_not_suggested_as_their_own_mentor(client, member, goal, sql):
    _mentor("Me Myself", 5, sql, expert=member)
    assert "Me Myself" not in _suggestions(client)


def test_published_public_assessments_in_the_skill_are_suggested(client, goal):
    TrackingAssessmentFactory(title="SQL basics check")
    TrackingAssessmentFactory(title="SQL draft check", live=False)
    restrict(
        TrackingAssessmentFactory(title="SQL private check"),
        PageViewRestriction.LOGIN,
    )
    TrackingAssessmentFactory(title="Python check", skill=skill("Python"))

    section = _suggestions(client)

    assert "SQL basics check" in section
    for title in ("SQL draft check", "SQL private check", "Python check"):
        assert title not in section


def test_without_a_goal_the_next_level_is_the_aim(client, member, sql):
    add_record(member, sql, Source.ASSESSMENT, 3)
    SessionPageFactory(title="Advanced tuning", skills=["SQL"], level=Level.ADVANCED)
    SessionPageFactory(title="First SELECT", skills=["SQL"], level=Level.BEGINNER)
    section = _suggestions(client)
    assert "Ways to grow in SQL" in section
    assert "Advanced tuning" in section
    assert "First SELECT" not in section


def test_with_nothing_in_the_catalogue_the_page_says_so(client, goal):
    assert "Nothing in the catalogue for SQL yet" in _suggestions(client)


def test_suggestions_for_many_goals_cost_the_same_queries(client, member, goal):
    SessionPageFactory(skills=["SQL"])
    client.get("/progress/")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/progress/")
        return len(captured)

    few = count()
    for n in range(6):
        name = f"Skill {n}"
        GoalFactory(member=member, skill=skill(name), target_level=3)
        SessionPageFactory(skills=[name])
        ArticlePageFactory(skills=[name])
        TrackingAssessmentFactory(skill=skill(name))
    assert count() == few
