"""/mentorship/: the questionnaire saves what a member wants from a mentor;
every bad answer is an error on its field (400), never a 500, and saves
nothing."""

from datetime import time

import pytest

from core.models import Skill
from mentorship import errors
from mentorship.models import AvailabilityWindow, MenteeProfile, TargetSkill
from mentorship.tests.factories import MentorshipFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
URL = "/mentorship/"


@pytest.fixture
def member(client):
    member = MemberFactory(time_zone="Europe/Berlin")
    client.force_login(member)
    return member


@pytest.fixture
def sql():
    return Skill.objects.create(name="SQL", slug="sql")


def answers(sql, **changes) -> dict:
    data = {
        "goals": "Answer my own data questions.",
        "preferred_format": "video",
        "frequency": "weekly",
        "time_zone": "Europe/Berlin",
        "languages": ["en", "de"],
        "budget_kind": "paid",
        "budget_max": "40",
        "currency": "EUR",
        "skills-TOTAL_FORMS": "2",
        "skills-INITIAL_FORMS": "0",
        "skills-0-skill": str(sql.pk),
        "skills-0-current_level": "2",
        "skills-0-target_level": "4",
        "windows-TOTAL_FORMS": "2",
        "windows-INITIAL_FORMS": "0",
        "windows-0-weekday": "1",
        "windows-0-starts_at": "18:00",
        "windows-0-ends_at": "20:00",
    }
    data.update(changes)
    return data


def test_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_new_member_gets_the_form_in_their_own_zone(client, member):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="Europe/Berlin" selected>' in html
    assert "<legend><h2>Skills to grow</h2></legend>" in html
    assert 'type="time"' in html
    assert "My mentorships" in html


def test_answers_are_saved_and_shown_again(client, member, sql):
    response = client.post(URL, answers(sql))
    # Straight on to the mentors the answers match.
    assert response["Location"] == "/mentorship/matches/"
    profile = MenteeProfile.objects.get(user=member)
    assert (profile.budget_kind, str(profile.budget_max)) == ("paid", "40.00")
    assert sorted(profile.languages.values_list("language", flat=True)) == ["de", "en"]
    target = TargetSkill.objects.get()
    assert (target.skill, target.current_level, target.target_level) == (sql, 2, 4)
    window = AvailabilityWindow.objects.get(user=member)
    assert (window.weekday, window.starts_at, window.ends_at) == (
        1,
        time(18),
        time(20),
    )
    html = client.get(URL).content.decode()
    assert "Answer my own data questions." in html
    assert 'value="18:00"' in html


def test_answering_again_replaces_the_lists(client, member, sql):
    client.post(URL, answers(sql))
    blank_skill = {
        f"skills-0-{name}": "" for name in ("skill", "current_level", "target_level")
    }
    response = client.post(
        URL, answers(sql, **{"windows-0-weekday": "3", **blank_skill})
    )
    assert response.status_code == 302
    assert not TargetSkill.objects.exists()
    assert list(AvailabilityWindow.objects.values_list("weekday", flat=True)) == [3]


BAD_ANSWERS = {
    "long goals": ({"goals": "x" * 2001}, "Ensure this value has at most 2000"),
    "paid without amount": ({"budget_max": ""}, errors.BUDGET_MAX_REQUIRED),
    "free with amount": ({"budget_kind": "free"}, errors.BUDGET_MAX_FOR_FREE),
    "level above 5": ({"skills-0-target_level": "6"}, "Select a valid choice"),
    "level not a number": ({"skills-0-current_level": "x"}, "Select a valid choice"),
    "target not above": (
        {"skills-0-target_level": "2"},
        errors.TARGET_NOT_ABOVE_CURRENT,
    ),
    "bogus skill": ({"skills-0-skill": "999999"}, "Choose a skill from the list."),
    "skill twice": (
        {
            "skills-1-skill": "SQL",
            "skills-1-current_level": "1",
            "skills-1-target_level": "3",
        },
        errors.SKILL_TWICE,
    ),
    "inverted window": (
        {"windows-0-ends_at": "17:00"},
        errors.WINDOW_ENDS_BEFORE_START,
    ),
    "overlapping windows": (
        {
            "windows-1-weekday": "1",
            "windows-1-starts_at": "19:30",
            "windows-1-ends_at": "21:00",
        },
        errors.WINDOWS_OVERLAP,
    ),
    "not a time": ({"windows-0-starts_at": "6pm"}, "Enter a valid time."),
    "unknown zone": ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
    "unknown language": ({"languages": ["xx"]}, "Select a valid choice"),
    "too many rows": ({"windows-TOTAL_FORMS": "500"}, "Please submit at most"),
}


@pytest.mark.parametrize("case", BAD_ANSWERS)
def test_bad_answers_are_errors_on_their_fields(client, member, sql, case):
    changes, message = BAD_ANSWERS[case]
    if changes.get("skills-1-skill") == "SQL":
        changes = {**changes, "skills-1-skill": str(sql.pk)}
    response = client.post(URL, answers(sql, **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert str(message).replace("'", "&#x27;") in html
    assert not MenteeProfile.objects.exists()
    assert not AvailabilityWindow.objects.exists()


def test_touching_windows_do_not_overlap(client, member, sql):
    response = client.post(
        URL,
        answers(
            sql,
            **{
                "windows-1-weekday": "1",
                "windows-1-starts_at": "20:00",
                "windows-1-ends_at": "21:00",
            },
        ),
    )
    assert response.status_code == 302
    assert AvailabilityWindow.objects.count() == 2


def test_the_page_lists_the_members_mentorships_with_withdraw(client, member):
    mine = MentorshipFactory(mentee=member, goals="Mine")
    MentorshipFactory(goals="Someone else's")
    html = client.get(URL).content.decode()
    assert f'action="/mentorship/requests/{mine.pk}/withdraw/"' in html
    assert html.count("/withdraw/") == 1
    response = client.post(
        f"/mentorship/requests/{mine.pk}/withdraw/", {"back": "mentorship"}
    )
    assert response["Location"] == "/mentorship/#my-mentorships"
