"""/progress/: every skill the member tracks, the latest level from each
source, the gap between their own view and an expert's, and their goals."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from progress import errors
from progress.tests.factories_tracking import GoalFactory, Source, add_record, skill
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = MemberFactory(profile__skills=["SQL", "Python"])
    client.force_login(user)
    return user


def _text(response) -> str:
    return _words(response.content.decode())


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _skills_section(response) -> str:
    html = response.content.decode()
    start = html.index('id="skills-heading"')
    return _words(html[start : html.index("</section>", start)])


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/progress/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_with_nothing_tracked_is_shown_how_to_start(client):
    client.force_login(MemberFactory())
    response = client.get("/progress/")
    assert response.status_code == 200
    text = _text(response)
    assert "Start tracking a skill" in text
    assert "Rate yourself" in text
    assert "Set a goal" in text
    assert 'href="/assessments/"' in response.content.decode()
    assert response.headers["Cache-Control"] == "private"


def test_profile_skills_and_skills_with_levels_or_goals_are_listed(client, member):
    add_record(member, skill("Docker"), Source.SELF, 2)
    GoalFactory(member=member, skill=skill("Rust"), target_level=2)
    stranger = MemberFactory()
    add_record(stranger, skill("Haskell"), Source.SELF, 4)

    text = _skills_section(client.get("/progress/"))

    for name in ("SQL", "Python", "Docker", "Rust"):
        assert name in text
    assert "Haskell" not in text


def test_each_source_shows_its_latest_level_with_its_date(client, member):
    sql = skill("SQL")
    add_record(member, sql, Source.SELF, 2, days_ago=60)
    add_record(member, sql, Source.SELF, 4, days_ago=1)
    add_record(member, sql, Source.ASSESSMENT, 3, days_ago=10)
    add_record(member, sql, Source.EXPERT, 2, days_ago=5)

    response = client.get("/progress/")
    html = response.content.decode()
    card = html[html.index(">SQL</a>") :]
    card = card[: card.index("</li>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", card).split())

    assert "Self-rated Proficient (4 of 5)" in text
    assert "Assessed Competent (3 of 5)" in text
    assert "Expert-reviewed Advanced beginner (2 of 5)" in text
    yesterday = timezone.localdate() - timedelta(days=1)
    assert yesterday.isoformat() in card
    assert "The self-rating is 2 levels above the expert’s review." in text


def test_no_gap_is_claimed_without_an_expert_review(client, member):
    add_record(member, skill("SQL"), Source.SELF, 4)
    assert "expert’s review" not in _text(client.get("/progress/"))


def test_an_open_goal_shows_how_far_the_member_is(client, member):
    sql = skill("SQL")
    add_record(member, sql, Source.ASSESSMENT, 2)
    GoalFactory(member=member, skill=sql, target_level=4)

    response = client.get("/progress/")
    text = _text(response)

    assert "Your goals" in text
    assert "Goal: Proficient (4 of 5)" in text
    assert "Now Advanced beginner (2): 2 levels to go." in text
    assert '<progress class="goal-progress__bar" max="4" value="2"' in (
        response.content.decode()
    )


def test_choosing_a_skill_opens_its_page(client, member):
    docker = skill("Docker")
    response = client.get("/progress/", {"skill": docker.slug})
    assert response.status_code == 302
    assert response["Location"] == "/progress/skills/docker/"


def test_choosing_an_unknown_skill_is_a_form_error(client, member):
    response = client.get("/progress/", {"skill": "no-such-skill"})
    assert response.status_code == 400
    assert str(errors.UNKNOWN_SKILL) in response.content.decode()


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/progress/").status_code == 200
    return len(captured)


def test_overview_query_count_is_flat(client, member):
    sql = skill("SQL")
    add_record(member, sql, Source.SELF, 2)
    GoalFactory(member=member, skill=sql, target_level=4)
    _count_queries(client)  # the site's settings and paths are cached after one
    few = _count_queries(client)

    for n in range(12):
        named = skill(f"Skill {n}")
        add_record(member, named, Source.SELF, 1, days_ago=3)
        add_record(member, named, Source.ASSESSMENT, 2, days_ago=2)
        add_record(member, named, Source.EXPERT, 3, days_ago=1)
        GoalFactory(member=member, skill=named, target_level=5)

    assert _count_queries(client) == few
