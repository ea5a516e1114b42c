"""Progress is private by default. A member shows chosen levels as badges
on their public profile, and may let their mentors read their progress;
anyone else asking for anything of it gets a 404."""

import pytest

from mentorship.models import Mentorship
from mentorship.tests.factories import MentorshipFactory
from progress import errors
from progress.errors import ProgressError
from progress.models import Evidence, Goal, ProgressSharing
from progress.services.sharing import save_sharing
from progress.tests.factories_tracking import (
    EvidenceFactory,
    GoalFactory,
    Source,
    add_record,
    skill,
)
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    member = MemberFactory(username="grace")
    sql = skill("SQL")
    add_record(member, sql, Source.SELF, 3, days_ago=20)
    add_record(member, sql, Source.EXPERT, 4, days_ago=2)
    add_record(member, skill("Python"), Source.ASSESSMENT, 2)
    return member


def _share(member, *, skills=(), mentors=False):
    return save_sharing(
        member=member,
        public_skills=[skill(name) for name in skills],
        share_with_mentors=mentors,
    )


def _profile_badges(client, username="grace") -> str:
    html = client.get(f"/members/{username}/").content.decode()
    if 'class="level-badges"' not in html:
        return ""
    start = html.index('class="level-badges"')
    return html[start : html.index("</ul>", start)]


# --- Badges on the public profile ------------------------------------------


def test_no_badges_show_by_default(client, owner):
    assert _profile_badges(client) == ""
    assert "Skill levels" not in client.get("/members/grace/").content.decode()


def test_only_the_chosen_skills_show_as_badges(client, owner):
    _share(owner, skills=["SQL"])
    badges = _profile_badges(client)
    assert "SQL" in badges
    # The expert's review is trusted over the member's own word.
    assert "Proficient" in badges and "Expert-reviewed" in badges
    assert "Python" not in badges


def test_badges_show_to_signed_in_members_too(client, owner):
    _share(owner, skills=["SQL", "Python"])
    client.force_login(MemberFactory())
    badges = _profile_badges(client)
    assert "SQL" in badges and "Python" in badges
    assert "Assessed" in badges


def test_the_sharing_page_saves_the_choices(client, owner):
    client.force_login(owner)
    page = client.get("/progress/sharing/")
    assert page.status_code == 200
    python = skill("Python")
    response = client.post(
        "/progress/sharing/", {"public_skills": [python.pk], "share_with_mentors": "on"}
    )
    assert response.status_code == 302
    sharing = ProgressSharing.objects.get(member=owner)
    assert list(sharing.public_skills.all()) == [python]
    assert sharing.share_with_mentors is True

    client.post("/progress/sharing/", {})
    sharing.refresh_from_db()
    assert not sharing.public_skills.exists()
    assert sharing.share_with_mentors is False


def test_a_skill_without_a_level_cannot_be_shown(client, owner):
    client.force_login(owner)
    unrated = skill("Rust")
    response = client.post("/progress/sharing/", {"public_skills": [unrated.pk]})
    assert response.status_code == 400
    assert str(errors.SHARED_SKILL_NOT_TRACKED) in response.content.decode()
    assert not ProgressSharing.objects.exists()


def test_the_service_refuses_an_unrated_skill(owner):
    with pytest.raises(ProgressError):
        _share(owner, skills=["Rust"])


# --- Other members ------------------------------------------------------------


def _owner_urls(owner) -> list[tuple[str, str]]:
    goal = GoalFactory(member=owner, skill=skill("SQL"), target_level=5)
    evidence = EvidenceFactory(member=owner, skill=skill("SQL"))
    return [
        ("get", "/progress/members/grace/"),
        ("get", "/progress/members/grace/skills/sql/"),
        ("post", f"/progress/goals/{goal.pk}/delete/"),
        ("post", f"/progress/evidence/{evidence.pk}/delete/"),
    ]


def test_another_member_gets_404_for_anything_of_it(client, owner):
    urls = _owner_urls(owner)
    client.force_login(MemberFactory())
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    # Nothing of it was deleted either.
    assert Goal.objects.filter(member=owner).exists()
    assert Evidence.objects.filter(member=owner).exists()


def test_staff_get_404_too(client, owner):
    urls = _owner_urls(owner)
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url


def test_an_unknown_member_is_a_404_like_a_private_one(client, owner):
    client.force_login(MemberFactory())
    assert client.get("/progress/members/nobody/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, owner):
    for url in ("/progress/members/grace/", "/progress/sharing/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_each_member_sees_only_their_own_levels(client, owner):
    client.force_login(MemberFactory())
    html = client.get("/progress/skills/sql/").content.decode()
    levels = html[html.index('id="levels"') : html.index('id="rate"')]
    assert "Proficient" not in levels
    assert "No levels yet." in html


# --- Mentors ------------------------------------------------------------------


@pytest.fixture
def mentor(owner):
    mentorship = MentorshipFactory(mentee=owner, status=Mentorship.Status.ACTIVE)
    return mentorship.mentor


def test_a_mentor_reads_a_mentees_progress_when_shared(client, owner, mentor):
    _share(owner, mentors=True)
    GoalFactory(member=owner, skill=skill("SQL"), target_level=5)
    client.force_login(mentor)

    overview = client.get("/progress/members/grace/")
    assert overview.status_code == 200
    assert "progress/members/grace/skills/sql/" in overview.content.decode()

    page = client.get("/progress/members/grace/skills/sql/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "history-chart__svg" in html
    # Read-only: no forms to change it.
    assert "/progress/skills/sql/rate/" not in html
    assert "/progress/skills/sql/goal/" not in html
    assert "/delete/" not in html


def test_the_mentor_finds_the_mentee_on_their_own_progress_page(client, owner, mentor):
    _share(owner, mentors=True)
    client.force_login(mentor)
    assert (
        'href="/progress/members/grace/"' in client.get("/progress/").content.decode()
    )


def test_a_mentor_gets_404_unless_the_mentee_shares(client, owner, mentor):
    client.force_login(mentor)
    assert client.get("/progress/members/grace/").status_code == 404
    _share(owner, mentors=False, skills=["SQL"])
    assert client.get("/progress/members/grace/").status_code == 404


@pytest.mark.parametrize(
    "status",
    [
        Mentorship.Status.REQUESTED,
        Mentorship.Status.COMPLETED,
        Mentorship.Status.DECLINED,
    ],
)
def test_only_an_active_mentorship_opens_it(client, owner, status):
    _share(owner, mentors=True)
    mentorship = MentorshipFactory(mentee=owner, status=status)
    client.force_login(mentorship.mentor)
    assert client.get("/progress/members/grace/").status_code == 404


def test_sharing_with_mentors_shows_nothing_to_other_members(client, owner, mentor):
    _share(owner, mentors=True)
    client.force_login(MemberFactory())
    assert client.get("/progress/members/grace/").status_code == 404
