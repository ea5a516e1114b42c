"""/api/v1/ for mentorship, as an API client meets it: the questionnaire,
matches, and mentorships from request to end. Conversations and 1:1s are in
test_api_one_to_ones.py."""

import pytest
from django.core import mail
from django.test import Client

from core.models import Skill
from experts.models import MentorSkill
from experts.tests.factories import ExpertPageFactory
from mentorship import errors
from mentorship.api import NO_QUESTIONNAIRE
from mentorship.models import AvailabilityWindow, MenteeProfile, Mentorship
from mentorship.selectors import get_mentee_profile
from mentorship.suggestions import find_matches
from mentorship.tests.factories import MentorshipFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = Mentorship.Status
MENTORSHIPS = "/api/v1/mentorships/"
QUESTIONNAIRE = "/api/v1/questionnaire/"
ACTIONS = ("accept", "decline", "withdraw", "pause", "resume", "complete", "cancel")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def put(client, url, data):
    return client.put(url, data, content_type="application/json")


@pytest.fixture
def expert_page():
    return ExpertPageFactory(
        expert__username="grace", expert__name="Grace Hopper", mentee_capacity=2
    )


@pytest.fixture
def mentee():
    return MemberFactory(username="ada", name="Ada Lovelace")


@pytest.fixture
def stranger():
    return MemberFactory(username="eve")


@pytest.fixture
def waiting(expert_page, mentee):
    return MentorshipFactory(mentor=expert_page.expert, mentee=mentee)


@pytest.fixture
def active(expert_page, mentee):
    return MentorshipFactory(
        mentor=expert_page.expert, mentee=mentee, status=Status.ACTIVE
    )


# --- Who may ask ----------------------------------------------------------------------


def mentorship_urls(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", QUESTIONNAIRE),
        ("put", QUESTIONNAIRE),
        ("get", "/api/v1/matches/"),
        ("get", MENTORSHIPS),
        ("post", MENTORSHIPS),
        ("get", f"{MENTORSHIPS}{pk}/"),
        ("put", f"{MENTORSHIPS}{pk}/"),
        ("get", f"{MENTORSHIPS}{pk}/messages/"),
        ("post", f"{MENTORSHIPS}{pk}/messages/"),
        ("get", f"{MENTORSHIPS}{pk}/one-to-ones/"),
        ("post", f"{MENTORSHIPS}{pk}/one-to-ones/"),
        *(("post", f"{MENTORSHIPS}{pk}/{action}/") for action in ACTIONS),
    ]


def test_signed_out_gets_403_detail_everywhere_and_nothing_changes(waiting):
    client = Client()
    for method, url in mentorship_urls(waiting.pk):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 403, (method, url)
        assert "detail" in response.json()
    waiting.refresh_from_db()
    assert waiting.status == Status.REQUESTED
    assert not MenteeProfile.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(expert_page, mentee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    response = post(client, MENTORSHIPS, {"mentor": "grace", "goals": "SQL"})
    assert response.status_code == 403
    assert not Mentorship.objects.exists()


def test_someone_elses_mentorship_is_404_for_reading_and_every_action(
    waiting, stranger
):
    client = signed_in(stranger)
    assert client.get(f"{MENTORSHIPS}{waiting.pk}/").status_code == 404
    for action in ACTIONS:
        response = post(client, f"{MENTORSHIPS}{waiting.pk}/{action}/")
        assert response.status_code == 404, action
        assert response.json() == {"error": "No such mentorship of yours."}
    waiting.refresh_from_db()
    assert waiting.status == Status.REQUESTED


def test_answers_for_a_member_are_private_to_their_browser(mentee):
    response = signed_in(mentee).get(MENTORSHIPS)
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


# --- The questionnaire ----------------------------------------------------------------


@pytest.fixture
def sql():
    return Skill.objects.create(name="SQL", slug="sql")


def answers(**overrides) -> dict:
    data = {
        "goals": "From spreadsheets to SQL by summer.",
        "preferred_format": "video",
        "frequency": "weekly",
        "time_zone": "Europe/Lisbon",
        "languages": ["en", "pt"],
        "budget_kind": "paid",
        "budget_max": "60.00",
        "currency": "EUR",
        "target_skills": [{"skill": "sql", "current_level": 1, "target_level": 3}],
        "availability": [
            {"weekday": 1, "starts_at": "18:00", "ends_at": "21:00"},
            {"weekday": 3, "starts_at": "18:00", "ends_at": "21:00"},
        ],
    }
    return {**data, **overrides}


def test_the_questionnaire_is_404_before_it_is_answered(mentee):
    response = signed_in(mentee).get(QUESTIONNAIRE)
    assert response.status_code == 404
    assert response.json() == {"error": str(NO_QUESTIONNAIRE)}


def test_put_saves_the_questionnaire_and_get_reads_it_back(mentee, sql):
    client = signed_in(mentee)

    response = put(client, QUESTIONNAIRE, answers())

    assert response.status_code == 200
    profile = get_mentee_profile(mentee)
    assert profile.goals == "From spreadsheets to SQL by summer."
    assert profile.budget_kind == "paid"
    assert [t.skill for t in profile.target_skills.all()] == [sql]
    assert AvailabilityWindow.objects.filter(user=mentee).count() == 2
    body = client.get(QUESTIONNAIRE).json()
    assert body == response.json()
    assert body["languages"] == ["en", "pt"]
    assert body["budget_max"] == "60.00"
    assert body["target_skills"] == [
        {"skill": "sql", "skill_name": "SQL", "current_level": 1, "target_level": 3}
    ]
    assert body["availability"][0] == {
        "weekday": 1,
        "starts_at": "18:00",
        "ends_at": "21:00",
    }


def test_answering_again_replaces_the_lists(mentee, sql):
    client = signed_in(mentee)
    put(client, QUESTIONNAIRE, answers())
    response = put(
        client,
        QUESTIONNAIRE,
        answers(budget_kind="free", budget_max=None, availability=[]),
    )
    assert response.status_code == 200
    assert response.json()["availability"] == []
    assert not AvailabilityWindow.objects.filter(user=mentee).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"goals": ""}, "goals", errors.GOALS_REQUIRED),
        ({"goals": "x" * 2001}, "goals", None),
        ({"budget_max": None}, "budget_max", errors.BUDGET_MAX_REQUIRED),
        (
            {"budget_kind": "free", "budget_max": "10"},
            "budget_max",
            errors.BUDGET_MAX_FOR_FREE,
        ),
        ({"time_zone": "Mars/Olympus"}, "time_zone", None),
        ({"languages": ["klingon"]}, "languages[0]", None),
        (
            {
                "target_skills": [
                    {"skill": "sql", "current_level": 3, "target_level": 2}
                ]
            },
            "target_skills[0].target_level",
            errors.TARGET_NOT_ABOVE_CURRENT,
        ),
        (
            {
                "target_skills": [
                    {"skill": "sql", "current_level": 1, "target_level": 2},
                    {"skill": "sql", "current_level": 2, "target_level": 3},
                ]
            },
            "target_skills[1].skill",
            errors.SKILL_TWICE,
        ),
        (
            {
                "target_skills": [
                    {"skill": "cobol", "current_level": 1, "target_level": 2}
                ]
            },
            "target_skills[0].skill",
            None,
        ),
        (
            {"availability": [{"weekday": 7, "starts_at": "9:00", "ends_at": "x"}]},
            "availability[0].weekday",
            None,
        ),
        (
            {
                "availability": [
                    {"weekday": 0, "starts_at": "10:00", "ends_at": "09:00"}
                ]
            },
            "availability[0].ends_at",
            errors.WINDOW_ENDS_BEFORE_START,
        ),
        (
            {
                "availability": [
                    {"weekday": 0, "starts_at": "09:00", "ends_at": "11:00"},
                    {"weekday": 0, "starts_at": "10:00", "ends_at": "12:00"},
                ]
            },
            "availability[1].starts_at",
            errors.WINDOWS_OVERLAP,
        ),
        ({"availability": "Mondays"}, "availability", None),
    ],
)
def test_bad_answers_are_400_by_field_and_nothing_is_stored(
    mentee, sql, overrides, field, message
):
    client = signed_in(mentee)
    put(client, QUESTIONNAIRE, answers(goals="Before"))

    response = put(client, QUESTIONNAIRE, answers(**overrides))

    assert response.status_code == 400
    problems = response.json()["errors"]
    assert field in problems, problems
    if message:
        assert problems[field] == [str(message)]
    assert get_mentee_profile(mentee).goals == "Before"
    assert AvailabilityWindow.objects.filter(user=mentee).count() == 2


# --- Matches --------------------------------------------------------------------------


def test_matches_before_the_questionnaire_are_a_409_saying_what_to_do(mentee):
    response = signed_in(mentee).get("/api/v1/matches/")
    assert response.status_code == 409
    assert response.json() == {"error": str(NO_QUESTIONNAIRE)}


def test_matches_list_the_mentors_with_score_and_reasons_as_the_page(
    mentee, expert_page, sql
):
    expert_page.hourly_rate = None  # free, within a free-only budget
    expert_page.save()
    expert_page.languages.create(language="en")
    MentorSkill.objects.create(page=expert_page, skill=sql, level=5, sort_order=0)
    client = signed_in(mentee)
    put(client, QUESTIONNAIRE, answers(budget_kind="free", budget_max=None))

    response = client.get("/api/v1/matches/")

    assert response.status_code == 200
    body = response.json()
    [suggestion] = find_matches(mentee).suggestions
    [match] = body["suggestions"]
    assert match["mentor"] == {"username": "grace", "name": "Grace Hopper"}
    assert match["score"] == suggestion.match.score > 0
    assert match["reasons"] == list(suggestion.match.reasons)
    assert any("SQL 1→3" in reason for reason in match["reasons"])
    assert match["rate_text"] == suggestion.rate_text
    assert match["url"].endswith(expert_page.url)
    assert body["already_open"] == 0


# --- Mentorships ----------------------------------------------------------------------


def test_each_side_lists_the_mentorship_with_their_role(waiting, stranger):
    mentee_view = signed_in(waiting.mentee).get(MENTORSHIPS).json()
    mentor_view = signed_in(waiting.mentor).get(MENTORSHIPS).json()

    [as_mentee] = mentee_view["results"]
    assert as_mentee["id"] == waiting.pk
    assert as_mentee["role"] == "mentee"
    assert as_mentee["status"] == "requested"
    assert as_mentee["mentor"] == {"username": "grace", "name": "Grace Hopper"}
    assert mentor_view["results"][0]["role"] == "mentor"
    assert signed_in(stranger).get(MENTORSHIPS).json()["count"] == 0


def test_the_list_takes_as_many_queries_for_ten_as_for_one(
    mentee, django_assert_num_queries
):
    client = signed_in(mentee)
    MentorshipFactory(mentee=mentee)
    client.get(MENTORSHIPS)  # warm: the session and user
    # session, user, count, page
    with django_assert_num_queries(4):
        assert client.get(MENTORSHIPS).json()["count"] == 1
    MentorshipFactory.create_batch(9, mentee=mentee)
    with django_assert_num_queries(4):
        assert client.get(MENTORSHIPS).json()["count"] == 10


def test_a_request_is_201_waiting_and_the_expert_is_emailed(
    expert_page, mentee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            signed_in(mentee),
            MENTORSHIPS,
            {"mentor": "Grace", "goals": "Learn SQL", "message": "Hi!"},
        )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "requested"
    assert body["role"] == "mentee"
    mentorship = Mentorship.objects.get(pk=body["id"])
    assert (mentorship.goals, mentorship.request_message) == ("Learn SQL", "Hi!")
    assert [m.to for m in mail.outbox] == [[expert_page.expert.email]]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"mentor": "grace"}, "goals"),
        ({"mentor": "grace", "goals": "   "}, "goals"),
        ({"mentor": "grace", "goals": "x" * 2001}, "goals"),
        ({"mentor": "grace", "goals": "SQL", "message": "x" * 2001}, "message"),
        ({"goals": "SQL"}, "mentor"),
        ({"mentor": ["grace"], "goals": "SQL"}, "mentor"),
    ],
)
def test_a_request_with_bad_fields_is_400_and_nothing_is_asked(
    expert_page, mentee, payload, field
):
    response = post(signed_in(mentee), MENTORSHIPS, payload)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Mentorship.objects.exists()


def test_an_unknown_mentor_is_404(mentee):
    response = post(signed_in(mentee), MENTORSHIPS, {"mentor": "nobody", "goals": "a"})
    assert response.status_code == 404
    assert response.json() == {"error": str(errors.NOT_A_MENTOR)}
    assert not Mentorship.objects.exists()


def test_asking_yourself_is_409(expert_page):
    response = post(
        signed_in(expert_page.expert), MENTORSHIPS, {"mentor": "grace", "goals": "a"}
    )
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.OWN_MENTORSHIP)}
    assert not Mentorship.objects.exists()


def test_a_second_open_request_is_409(waiting):
    response = post(
        signed_in(waiting.mentee), MENTORSHIPS, {"mentor": "grace", "goals": "a"}
    )
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.ALREADY_REQUESTED)}
    assert Mentorship.objects.count() == 1


def test_one_mentorship_reads_as_the_list_shows_it(waiting):
    client = signed_in(waiting.mentor)
    response = client.get(f"{MENTORSHIPS}{waiting.pk}/")
    assert response.status_code == 200
    assert response.json() == client.get(MENTORSHIPS).json()["results"][0]


# --- Answering and changing -----------------------------------------------------------


def act(user, mentorship, action, data=None):
    return post(signed_in(user), f"{MENTORSHIPS}{mentorship.pk}/{action}/", data)


def test_the_mentor_accepts_with_a_message_and_the_mentee_is_emailed(
    waiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = act(waiting.mentor, waiting, "accept", {"message": "Welcome!"})

    assert response.status_code == 200
    assert response.json()["status"] == "active"
    assert response.json()["reply_message"] == "Welcome!"
    assert [m.to for m in mail.outbox] == [[waiting.mentee.email]]


def test_accepting_twice_is_409(waiting):
    act(waiting.mentor, waiting, "accept")
    response = act(waiting.mentor, waiting, "accept")
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.NOT_REQUESTED)}


def test_the_mentee_cannot_accept_their_own_request(waiting):
    response = act(waiting.mentee, waiting, "accept")
    assert response.status_code == 404
    assert response.json() == {"error": str(errors.NOT_YOUR_REQUEST)}
    waiting.refresh_from_db()
    assert waiting.status == Status.REQUESTED


def test_a_mentor_at_capacity_cannot_accept(waiting, expert_page):
    MentorshipFactory.create_batch(2, mentor=expert_page.expert, status=Status.ACTIVE)
    response = act(waiting.mentor, waiting, "accept")
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.MENTEES_FULL)}
    waiting.refresh_from_db()
    assert waiting.status == Status.REQUESTED


def test_a_too_long_answer_is_400_and_the_request_stays_waiting(waiting):
    response = act(waiting.mentor, waiting, "decline", {"message": "x" * 2001})
    assert response.status_code == 400
    assert "message" in response.json()["errors"]
    waiting.refresh_from_db()
    assert waiting.status == Status.REQUESTED


def test_the_mentor_declines(waiting):
    response = act(waiting.mentor, waiting, "decline", {"message": "Full term."})
    assert response.status_code == 200
    assert response.json()["status"] == "declined"


def test_the_mentee_withdraws_but_the_mentor_cannot(waiting):
    assert act(waiting.mentor, waiting, "withdraw").status_code == 404
    response = act(waiting.mentee, waiting, "withdraw")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_either_side_pauses_resumes_and_completes(active):
    assert act(active.mentee, active, "pause").json()["status"] == "paused"
    assert act(active.mentor, active, "pause").status_code == 409
    assert act(active.mentor, active, "resume").json()["status"] == "active"
    response = act(active.mentee, active, "complete")
    assert response.json()["status"] == "completed"
    assert response.json()["ended_at"]
    assert act(active.mentor, active, "cancel").status_code == 409


def test_either_side_cancels_one_under_way(active):
    response = act(active.mentor, active, "cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


# --- Goals and shared notes -----------------------------------------------------------


def test_either_side_rewrites_goals_and_shared_notes(active, stranger):
    url = f"{MENTORSHIPS}{active.pk}/"
    response = put(
        signed_in(active.mentor), url, {"goals": "Ship dbt", "shared_notes": "Wk 1"}
    )
    assert response.status_code == 200
    assert response.json()["shared_notes"] == "Wk 1"
    assert response.json()["notes_updated_at"]
    bad = put(signed_in(active.mentee), url, {"goals": " ", "shared_notes": "x"})
    assert bad.status_code == 400
    assert "goals" in bad.json()["errors"]
    other = put(signed_in(stranger), url, {"goals": "Mine", "shared_notes": ""})
    assert other.status_code == 404
    active.refresh_from_db()
    assert (active.goals, active.shared_notes) == ("Ship dbt", "Wk 1")


def test_an_ended_mentorships_notes_cannot_change(active):
    active.status = Status.CANCELLED
    active.save()
    response = put(
        signed_in(active.mentee),
        f"{MENTORSHIPS}{active.pk}/",
        {"goals": "New", "shared_notes": "New"},
    )
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.PLAN_CLOSED)}
