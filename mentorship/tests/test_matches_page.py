"""/mentorship/matches/: the mentors that fit a member's questionnaire, in
order, with the reasons matching gives, read from the database in a fixed
number of queries.

The fixed world: a Lisbon mentee wants System Design 2→4 and SQL 1→3, speaks
English and Portuguese, pays up to 60 EUR and is free Tuesday and Thursday
18:00–21:00. Ana (Berlin) covers both skills, has reviews and attended
sessions; Bruno (São Paulo) covers System Design for free with one hour in
common; Chen is full; Dana is not taking mentees; Eve costs 90 EUR.
"""

from datetime import UTC, datetime, time
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from core.models import Skill
from experts.models import MentorSkill
from experts.tests.factories import ExpertPageFactory, GroupExpertFactory
from mentorship.match_inputs import get_mentee_needs, load_mentor_offers
from mentorship.models import (
    AvailabilityWindow,
    MenteeLanguage,
    MenteeProfile,
    Mentorship,
    TargetSkill,
)
from mentorship.selectors import get_mentee_profile
from mentorship.suggestions import find_matches
from mentorship.tests.factories import MentorshipFactory
from sessions.models import Booking
from sessions.tests.factories import (
    BookingFactory,
    MemberFactory,
    ReviewFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db
URL = "/mentorship/matches/"
# Before the clocks change (Lisbon UTC+0, Berlin UTC+1, São Paulo UTC-3).
NOW = datetime(2026, 3, 11, 12, tzinfo=UTC)
TUESDAY, THURSDAY = 1, 3

ANA_REASONS = [
    "You want System Design 2→4; Ana Silva: 5/5 in System Design, 4 sessions, "
    "5.0★ (2 reviews)",
    "You want SQL 1→3; Ana Silva: 4/5 in SQL, no sessions yet",
    "6 h overlap per week",
    "Speaks English, Portuguese",
    "45 EUR per 1:1, within your budget",
    "3 of 3 mentee places left",
]
BRUNO_REASONS = [
    "You want System Design 2→4; Bruno Costa: 4/5 in System Design, "
    "no sessions yet, no reviews yet",
    "1 h overlap per week",
    "Speaks Portuguese",
    "Free",
    "3 of 3 mentee places left",
]


@pytest.fixture(autouse=True)
def frozen_week():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def skills():
    return {
        name: Skill.objects.create(name=name, slug=name.lower().replace(" ", "-"))
        for name in ("System Design", "SQL")
    }


def make_mentor(
    name: str,
    zone: str,
    *,
    skills: dict,
    levels: dict[str, int],
    windows=(),
    languages=("en",),
    rate: str | None = None,
    **page_fields,
):
    expert = GroupExpertFactory(
        username=name.split()[0].lower(),
        first_name=name.split()[0],
        last_name=name.split()[1],
        time_zone=zone,
    )
    page = ExpertPageFactory(
        expert=expert,
        title=name,
        languages=list(languages),
        hourly_rate=Decimal(rate) if rate else None,
        **page_fields,
    )
    for order, (skill_name, level) in enumerate(levels.items()):
        MentorSkill.objects.create(
            page=page, skill=skills[skill_name], level=level, sort_order=order
        )
    for weekday, start, end in windows:
        AvailabilityWindow.objects.create(
            user=expert, weekday=weekday, starts_at=time(start), ends_at=time(end)
        )
    return page


@pytest.fixture
def mentors(skills):
    ana = make_mentor(
        "Ana Silva",
        "Europe/Berlin",
        skills=skills,
        levels={"System Design": 5, "SQL": 4},
        windows=[(TUESDAY, 19, 22), (THURSDAY, 19, 22)],
        languages=("pt", "en"),
        rate="45",
    )
    # Two System Design sessions with two attendees each; a no-show and a
    # confirmed (not yet held) booking do not count.
    for _ in range(2):
        session = SessionPageFactory(host=ana.expert, skills=["System Design"])
        for status in (Booking.Status.ATTENDED, Booking.Status.ATTENDED):
            BookingFactory(session=session, status=status)
        ReviewFactory(session=session, rating=5)
    BookingFactory(session=session, status=Booking.Status.NO_SHOW)
    BookingFactory(session=session, status=Booking.Status.CONFIRMED)
    bruno = make_mentor(
        "Bruno Costa",
        "America/Sao_Paulo",
        skills=skills,
        levels={"System Design": 4},
        windows=[(TUESDAY, 14, 16)],
        languages=("pt",),
    )
    chen = make_mentor(
        "Chen Wei",
        "Asia/Tokyo",
        skills=skills,
        levels={"System Design": 5, "SQL": 5},
        windows=[(TUESDAY, 2, 6)],
        mentee_capacity=1,
    )
    MentorshipFactory(mentor=chen.expert, status=Mentorship.Status.ACTIVE)
    dana = make_mentor(
        "Dana Berg",
        "Europe/Lisbon",
        skills=skills,
        levels={"System Design": 5},
        windows=[(TUESDAY, 18, 21)],
        accepts_mentees=False,
    )
    eve = make_mentor(
        "Eve Adams",
        "Europe/Lisbon",
        skills=skills,
        levels={"System Design": 5},
        windows=[(TUESDAY, 18, 21)],
        rate="90",
    )
    return {"ana": ana, "bruno": bruno, "chen": chen, "dana": dana, "eve": eve}


@pytest.fixture
def mentee(client, skills):
    member = MemberFactory(username="mia", time_zone="Europe/Lisbon")
    profile = MenteeProfile.objects.create(
        user=member,
        goals="Design systems that survive their first million users.",
        time_zone="Europe/Lisbon",
        budget_kind=MenteeProfile.Budget.PAID,
        budget_max=Decimal("60"),
        currency="EUR",
    )
    for code in ("en", "pt"):
        MenteeLanguage.objects.create(profile=profile, language=code)
    TargetSkill.objects.create(
        profile=profile, skill=skills["System Design"], current_level=2, target_level=4
    )
    TargetSkill.objects.create(
        profile=profile, skill=skills["SQL"], current_level=1, target_level=3
    )
    for weekday in (TUESDAY, THURSDAY):
        AvailabilityWindow.objects.create(
            user=member, weekday=weekday, starts_at=time(18), ends_at=time(21)
        )
    client.force_login(member)
    return member


def suggested(user) -> list[str]:
    return [s.page.title for s in find_matches(user).suggestions]


def test_best_fit_first_with_the_reasons_matching_gives(mentors, mentee):
    results = find_matches(mentee)
    ana, bruno = results.suggestions
    assert ana.page == mentors["ana"]
    assert list(ana.match.reasons) == ANA_REASONS
    assert ana.match.score == 87
    assert ana.rate_text == "45 EUR per 1:1"
    assert bruno.page == mentors["bruno"]
    assert list(bruno.match.reasons) == BRUNO_REASONS
    assert bruno.match.score == 42
    assert bruno.rate_text == "Free"


def test_the_page_lists_the_matches_in_order_with_reasons_score_and_rate(
    client, mentors, mentee
):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Ana Silva") < html.index("Bruno Costa")
    for reason in ANA_REASONS + BRUNO_REASONS:
        assert f"<li>{reason}</li>" in html
    assert "<strong>87 / 100</strong> match" in html
    assert "Rate: <strong>45 EUR per 1:1</strong>" in html
    assert "Rate: <strong>Free</strong>" in html
    assert f'<a href="{mentors["ana"].url}">Ana Silva</a>' in html
    assert '<h2 id="matches-how">How matching works</h2>' in html


@pytest.mark.parametrize("name", ["chen", "dana", "eve"])
def test_full_not_accepting_and_over_budget_mentors_are_not_suggested(
    client, mentors, mentee, name
):
    html = client.get(URL).content.decode()
    assert mentors[name].title not in html


def test_the_request_button_leads_to_the_request_flow_for_that_expert(
    client, mentors, mentee
):
    html = client.get(URL).content.decode()
    for username, name in (("ana", "Ana Silva"), ("bruno", "Bruno Costa")):
        url = reverse("mentorship_request", kwargs={"username": username})
        assert (
            f'<a class="btn btn--primary" href="{url}">Request mentorship'
            f'<span class="visually-hidden"> from {name}</span></a>'
        ) in html


def test_saving_the_questionnaire_changes_the_matches(client, mentors, mentee, skills):
    assert suggested(mentee) == ["Ana Silva", "Bruno Costa"]
    response = client.post(
        "/mentorship/",
        {
            "goals": "Same goal, no budget now.",
            "preferred_format": "video",
            "frequency": "weekly",
            "time_zone": "Europe/Lisbon",
            "languages": ["pt"],
            "budget_kind": "free",
            "currency": "EUR",
            "skills-TOTAL_FORMS": "1",
            "skills-INITIAL_FORMS": "0",
            "skills-0-skill": str(skills["System Design"].pk),
            "skills-0-current_level": "2",
            "skills-0-target_level": "4",
            "windows-TOTAL_FORMS": "1",
            "windows-INITIAL_FORMS": "0",
            "windows-0-weekday": str(TUESDAY),
            "windows-0-starts_at": "17:00",
            "windows-0-ends_at": "19:00",
        },
    )
    assert response["Location"] == URL
    html = client.get(URL).content.decode()
    assert "Bruno Costa" in html
    assert "Ana Silva" not in html  # 45 EUR is over a free budget
    assert "<li>2 h overlap per week</li>" in html


def test_mentors_already_asked_are_left_out_and_said_so(client, mentors, mentee):
    MentorshipFactory(mentor=mentors["ana"].expert, mentee=mentee)
    html = client.get(URL).content.decode()
    assert "Ana Silva" not in html
    assert "Mentors you have already asked or work with are left out (1)" in html


def test_requests_waiting_on_a_mentor_count_against_them(client, mentors, mentee):
    MentorshipFactory(mentor=mentors["ana"].expert)
    ana = find_matches(mentee).suggestions[0]
    assert ana.match.reasons[-1] == "1 request already waiting"
    # 10 points x 1 request / 3 places left: 86.7 - 3.3
    assert ana.match.parts.load_penalty == pytest.approx(10 / 3)
    assert ana.match.score == 83


def test_the_mentee_is_not_their_own_match(client, mentors, skills):
    ana = mentors["ana"].expert
    profile = MenteeProfile.objects.create(user=ana, goals="Learn more SQL.")
    TargetSkill.objects.create(
        profile=profile, skill=skills["SQL"], current_level=1, target_level=3
    )
    assert "Ana Silva" not in suggested(ana)


def test_no_match_shows_ways_to_widen_the_search(client, mentors, mentee):
    MenteeProfile.objects.filter(user=mentee).update(
        budget_kind=MenteeProfile.Budget.FREE, budget_max=None
    )
    MenteeLanguage.objects.filter(profile__user=mentee).exclude(language="en").delete()
    html = client.get(URL).content.decode()
    assert "No mentor fits all your answers yet" in html
    assert 'href="/experts/?accepting=on"' in html
    assert "Request mentorship" not in html


def test_a_questionnaire_without_target_skills_suggests_nobody(client, mentors, mentee):
    TargetSkill.objects.filter(profile__user=mentee).delete()
    response = client.get(URL)
    assert response.status_code == 200
    assert "Request mentorship" not in response.content.decode()


def test_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_without_a_questionnaire_the_member_is_sent_to_it(client):
    client.force_login(MemberFactory())
    response = client.get(URL, follow=True)
    assert response.redirect_chain == [("/mentorship/", 302)]
    assert "Tell us what you want to learn first" in response.content.decode()


def add_mentors(skills, count: int, *, with_sessions: bool = True) -> None:
    for number in range(count):
        page = make_mentor(
            f"Extra{number} Mentor",
            "Europe/Berlin",
            skills=skills,
            levels={"System Design": 4, "SQL": 3},
            windows=[(TUESDAY, 19, 21)],
            rate="30",
        )
        if with_sessions:
            SessionPageFactory(host=page.expert, skills=["SQL"])
        MentorshipFactory(mentor=page.expert)


@pytest.mark.parametrize("mentor_count", [3, 30])
def test_loading_mentors_takes_the_same_queries_for_any_number(
    mentee, skills, django_assert_num_queries, mentor_count
):
    add_mentors(skills, mentor_count)
    profile = get_mentee_profile(mentee)
    needs = get_mentee_needs(profile)
    # page view restrictions (core.access), candidates (places and open
    # requests as subqueries), mentor skills, languages, windows, ratings,
    # completed sessions
    with django_assert_num_queries(7):
        offers, _pages, load = load_mentor_offers(needs, exclude_user_ids=set())
    assert len(offers) == mentor_count
    assert set(load.values()) == {1}


@pytest.mark.parametrize("mentor_count", [3, 30])
def test_the_page_takes_the_same_queries_for_any_number_of_mentors(
    client, mentee, skills, django_assert_num_queries, mentor_count
):
    add_mentors(skills, mentor_count, with_sessions=False)
    client.get(URL)  # warm the site root cache pageurl reads
    # Session, user, messages and the like around the 7 of matching itself,
    # the mentee's profile (3), windows, open mentorships, the suggested
    # pages, and the header's unread messages and forum notifications (the
    # site, its settings and the menu come from the cache).
    with django_assert_num_queries(18):
        response = client.get(URL)
    assert response.content.decode().count("Request mentorship<span") == min(
        mentor_count, 5
    )
