"""/api/v1/progress/ as an API client meets it: your skills and levels, a
skill's history and evidence, self-ratings, goals, evidence, feedback
requests and sharing; someone else's things are 404 and stay as they were."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from experts.tests.factories import ExpertPageFactory
from forum.tests.factories import PostFactory, ThreadFactory
from progress import errors
from progress.api import EVIDENCE_UNKNOWN, GOAL_UNKNOWN, SKILL_UNKNOWN
from progress.api_feedback import EXPERT_UNKNOWN
from progress.models import Evidence, FeedbackRequest, Goal, LevelRecord
from progress.tests.factories_tracking import (
    AttemptFactory,
    EvidenceFactory,
    FeedbackRequestFactory,
    GoalFactory,
    add_record,
    skill,
)
from sessions.models import Booking
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db
SKILLS = "/api/v1/progress/skills/"
GOALS = "/api/v1/progress/goals/"
FEEDBACK = "/api/v1/progress/feedback/"
SHARING = "/api/v1/progress/sharing/"


def send(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


@pytest.fixture
def member():
    return MemberFactory(username="ada")


@pytest.fixture
def api(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def stranger():
    client = Client()
    client.force_login(MemberFactory())
    return client


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


# --- Levels ----------------------------------------------------------------------


def test_skills_list_the_latest_level_per_source_gap_and_goal(api, member, sql):
    add_record(member, sql, "self", 2, days_ago=10)
    add_record(member, sql, "self", 4, days_ago=1)
    add_record(member, sql, "expert", 3, days_ago=2)
    GoalFactory(member=member, skill=sql, target_level=5)
    add_record(MemberFactory(), skill("Python"), "self", 5)
    response = api.get(SKILLS)
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["skill"] == {"name": "SQL", "slug": "sql"}
    assert row["self_rated"]["level"] == 4 and row["self_rated"]["source"] == "self"
    assert row["expert"]["level"] == 3 and row["assessed"] is None
    assert (row["best_level"], row["gap"], row["levels_to_go"]) == (4, 1, 1)
    assert row["goal"]["target_level"] == 5


def test_skills_list_query_count_is_flat(api, member, django_assert_max_num_queries):
    def add(names):
        for name in names:
            on = skill(name)
            add_record(member, on, "self", 2)
            add_record(member, on, "expert", 3)
            GoalFactory(member=member, skill=on, target_level=5)

    add(["A", "B"])
    with django_assert_max_num_queries(50) as few:
        api.get(SKILLS)
    add([f"Skill {n}" for n in range(8)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(SKILLS).json()["results"]) == 10


def test_skill_detail_has_history_evidence_and_assessments(api, member, sql):
    add_record(member, sql, "self", 2, days_ago=5)
    add_record(member, sql, "assessment", 3, days_ago=1)
    EvidenceFactory(member=member, skill=sql, title="Tuning notes")
    EvidenceFactory(skill=sql, title="Someone else's")
    session = SessionPageFactory(title="Window functions clinic", skills=["SQL"])
    BookingFactory(session=session, member=member, status=Booking.Status.ATTENDED)
    thread = ThreadFactory(title="Why is my JOIN slow?")
    thread.skills.set(["SQL"])
    thread.accepted_answer = PostFactory(thread=thread, author=member)
    thread.save(update_fields=["accepted_answer"])
    body = api.get(SKILLS + "sql/").json()
    assert [(r["source"], r["level"]) for r in body["history"]] == [
        ("self", 2),
        ("assessment", 3),
    ]
    assert [e["title"] for e in body["evidence"]] == ["Tuning notes"]
    assert [s["title"] for s in body["attended_sessions"]] == [session.title]
    assert [a["title"] for a in body["accepted_answers"]] == [thread.title]
    assert [a["level"] for a in body["assessments"]] == [3]


def test_an_unknown_skill_is_404(api):
    response = api.get(SKILLS + "cobol/")
    assert response.status_code == 404
    assert response.json() == {"error": str(SKILL_UNKNOWN)}


def test_rating_myself_adds_to_the_history_and_reaches_a_goal(api, member, sql):
    goal = GoalFactory(member=member, skill=sql, target_level=3)
    response = send(api, "post", SKILLS + "sql/ratings/", {"level": 3})
    assert response.status_code == 201
    assert response.json()["level_label"] == "Competent"
    assert LevelRecord.objects.get(member=member).level == 3
    goal.refresh_from_db()
    assert goal.achieved_at is not None


@pytest.mark.parametrize("level", [0, 6, "high", None])
def test_a_bad_level_is_400_and_nothing_stored(api, sql, level):
    response = send(api, "post", SKILLS + "sql/ratings/", {"level": level})
    assert response.status_code == 400
    assert response.json() == {"errors": {"level": [str(errors.BAD_LEVEL)]}}
    assert not LevelRecord.objects.exists()


# --- Goals -----------------------------------------------------------------------


def test_a_goal_is_set_then_changed_one_open_per_skill(api, member, sql):
    first = send(
        api,
        "post",
        GOALS,
        {"skill": "sql", "target_level": 3, "target_date": in_days(30)},
    )
    assert first.status_code == 200
    second = send(
        api,
        "post",
        GOALS,
        {"skill": "sql", "target_level": 4, "target_date": in_days(60)},
    )
    assert second.json()["id"] == first.json()["id"]
    goal = Goal.objects.get()
    assert (goal.target_level, goal.target_date.isoformat()) == (4, in_days(60))
    [listed] = api.get(GOALS).json()["results"]
    assert listed["target_level"] == 4 and listed["achieved_at"] is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"target_date": in_days(0)}, "target_date", errors.GOAL_DATE_NOT_FUTURE),
        ({"target_date": in_days(3000)}, "target_date", errors.GOAL_DATE_TOO_FAR),
        ({"skill": "cobol"}, "skill", errors.UNKNOWN_SKILL),
        ({"target_level": 9}, "target_level", errors.BAD_LEVEL),
    ],
)
def test_bad_goals_are_400(api, sql, data, field, message):
    goal = {"skill": "sql", "target_level": 3, "target_date": in_days(30), **data}
    response = send(api, "post", GOALS, goal)
    assert response.status_code == 400
    assert response.json() == {"errors": {field: [str(message)]}}
    assert not Goal.objects.exists()


def test_a_goal_not_above_my_level_is_409(api, member, sql):
    add_record(member, sql, "assessment", 4)
    goal = {"skill": "sql", "target_level": 3, "target_date": in_days(30)}
    response = send(api, "post", GOALS, goal)
    assert response.status_code == 409
    message = errors.GOAL_NOT_ABOVE_CURRENT % {"level": "Proficient"}
    assert response.json() == {"error": str(message)}
    assert not Goal.objects.exists()


def test_goals_are_deleted_by_their_owner_only(api, stranger, member, sql):
    goal = GoalFactory(member=member, skill=sql)
    response = send(stranger, "delete", f"{GOALS}{goal.pk}/")
    assert response.status_code == 404
    assert response.json() == {"error": str(GOAL_UNKNOWN)}
    assert stranger.get(GOALS).json()["results"] == []
    assert send(api, "delete", f"{GOALS}{goal.pk}/").status_code == 204
    assert not Goal.objects.exists()


def test_goal_list_query_count_is_flat(api, member, django_assert_max_num_queries):
    for name in ("A", "B"):
        GoalFactory(member=member, skill=skill(name))
    with django_assert_max_num_queries(50) as few:
        api.get(GOALS)
    for n in range(8):
        GoalFactory(member=member, skill=skill(f"Skill {n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(GOALS).json()["results"]) == 10


# --- Evidence --------------------------------------------------------------------


def test_evidence_is_added_listed_and_removed(api, stranger, member, sql):
    url = SKILLS + "sql/evidence/"
    data = {"kind": "repository", "title": "Tuning", "url": "https://x.example/t"}
    response = send(api, "post", url, data)
    assert response.status_code == 201
    item = response.json()
    assert item["kind"] == "repository" and item["skill"]["slug"] == "sql"
    assert [e["id"] for e in api.get(url).json()["results"]] == [item["id"]]
    assert stranger.get(url).json()["results"] == []
    gone = send(stranger, "delete", f"/api/v1/progress/evidence/{item['id']}/")
    assert gone.status_code == 404
    assert gone.json() == {"error": str(EVIDENCE_UNKNOWN)}
    assert Evidence.objects.count() == 1
    done = send(api, "delete", f"/api/v1/progress/evidence/{item['id']}/")
    assert done.status_code == 204
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"url": "javascript:alert(1)"}, "url", errors.EVIDENCE_BAD_URL),
        ({"url": "ftp://files.example/c.pdf"}, "url", errors.EVIDENCE_BAD_URL),
        ({"title": "   "}, "title", errors.EVIDENCE_NO_TITLE),
        ({"title": ""}, "title", errors.EVIDENCE_NO_TITLE),
    ],
)
def test_bad_evidence_is_400(api, sql, data, field, message):
    item = {"kind": "link", "title": "Notes", "url": "https://x.example/", **data}
    response = send(api, "post", SKILLS + "sql/evidence/", item)
    assert response.status_code == 400
    assert response.json() == {"errors": {field: [str(message)]}}
    assert not Evidence.objects.exists()


# --- Feedback --------------------------------------------------------------------


@pytest.fixture
def expert():
    return ExpertPageFactory(skills=["SQL"]).expert


def test_asking_an_expert_then_withdrawing(api, member, expert, sql):
    ask = {"expert": expert.username, "skill": "sql", "message": "Am I competent?"}
    response = send(api, "post", FEEDBACK, ask)
    assert response.status_code == 201, response.content
    request = response.json()
    assert (
        request["status"] == "open" and request["expert"]["username"] == expert.username
    )
    assert [r["id"] for r in api.get(FEEDBACK).json()["results"]] == [request["id"]]
    again = send(api, "post", FEEDBACK, ask)
    assert again.status_code == 409
    assert again.json() == {"error": str(errors.FEEDBACK_ALREADY_OPEN)}
    url = f"{FEEDBACK}{request['id']}/withdraw/"
    withdrawn = send(api, "post", url)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    twice = send(api, "post", url)
    assert twice.status_code == 409
    assert twice.json() == {"error": str(errors.FEEDBACK_NOT_OPEN)}


def test_asking_nobody_or_about_an_unrelated_skill(api, member, expert, sql):
    nobody = send(api, "post", FEEDBACK, {"expert": "nobody", "skill": "sql"})
    assert nobody.status_code == 404
    assert nobody.json() == {"error": str(EXPERT_UNKNOWN)}
    skill("Knitting")
    unrelated = send(
        api, "post", FEEDBACK, {"expert": expert.username, "skill": "knitting"}
    )
    assert unrelated.status_code == 400
    assert unrelated.json() == {"errors": {"skill": [str(errors.UNKNOWN_SKILL)]}}
    myself = send(api, "post", FEEDBACK, {"expert": "ada", "skill": "sql"})
    assert myself.status_code == 404  # not an expert
    assert not FeedbackRequest.objects.exists()


def test_someone_elses_request_cannot_be_withdrawn(stranger, sql):
    request = FeedbackRequestFactory(status=FeedbackRequest.Status.OPEN)
    response = send(stranger, "post", f"{FEEDBACK}{request.pk}/withdraw/")
    assert response.status_code == 404
    assert response.json() == {"error": str(errors.FEEDBACK_NOT_YOURS)}
    request.refresh_from_db()
    assert request.status == "open"
    assert stranger.get(FEEDBACK).json()["results"] == []


# --- Sharing ---------------------------------------------------------------------


def test_sharing_is_private_until_chosen(api, member, sql):
    assert api.get(SHARING).json() == {"public_skills": [], "share_with_mentors": False}
    add_record(member, sql, "self", 3)
    response = send(
        api, "put", SHARING, {"public_skills": ["sql"], "share_with_mentors": True}
    )
    assert response.status_code == 200
    assert response.json() == {
        "public_skills": [{"name": "SQL", "slug": "sql"}],
        "share_with_mentors": True,
    }
    assert api.get(SHARING).json() == response.json()


@pytest.mark.parametrize("slug", ["python", "nothing-like-it"])
def test_sharing_a_skill_without_a_level_is_400(api, member, sql, slug):
    add_record(member, sql, "self", 3)
    skill("Python")
    response = send(
        api,
        "put",
        SHARING,
        {"public_skills": ["sql", slug], "share_with_mentors": True},
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"public_skills": [str(errors.SHARED_SKILL_NOT_TRACKED)]}
    }
    assert api.get(SHARING).json()["share_with_mentors"] is False


def test_signed_out_is_403_everywhere():
    for url in (SKILLS, GOALS, FEEDBACK, SHARING, SKILLS + "sql/"):
        response = Client().get(url)
        assert response.status_code == 403 and "detail" in response.json()


def test_assessments_taken_show_in_the_skill_only_when_submitted(api, member, sql):
    AttemptFactory(member=member, skill=sql, level=4)
    AttemptFactory(member=member, skill=sql, status="in_progress", level=None)
    body = api.get(SKILLS + "sql/").json()
    assert [a["level"] for a in body["assessments"]] == [4]


@pytest.mark.parametrize(
    ("url", "add"),
    [
        (
            FEEDBACK,
            lambda member, n: FeedbackRequestFactory(
                member=member, skill=skill(f"Skill {n}")
            ),
        ),
        (
            SKILLS + "sql/evidence/",
            lambda member, n: EvidenceFactory(member=member, skill=skill("SQL")),
        ),
    ],
)
def test_feedback_and_evidence_lists_have_flat_query_counts(
    api, member, sql, django_assert_max_num_queries, url, add
):
    for n in range(2):
        add(member, n)
    with django_assert_max_num_queries(50) as few:
        api.get(url)
    for n in range(2, 10):
        add(member, n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(url).json()["results"]) == 10
