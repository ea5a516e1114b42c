"""/api/v1/assessments/ as an API client meets it: listing, an
assessment's rules, starting, answering and submitting an attempt, its
result, and that no answer before submission gives the key away."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from progress import errors
from progress.api_assessments import ATTEMPT_UNKNOWN
from progress.models import Attempt, LevelRecord
from progress.services.assessments import start_attempt
from progress.tests.factories import (
    AssessmentPageFactory,
    choice_id,
    multiple_choice,
    short_answer,
    single_choice,
)
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/assessments/"


def detail(assessment) -> str:
    return f"/api/v1/assessments/{assessment.pk}/"


def start_url(assessment) -> str:
    return f"/api/v1/assessments/{assessment.pk}/start/"


def attempt_url(attempt_id: int, action: str = "") -> str:
    return f"/api/v1/assessments/attempts/{attempt_id}/{action}"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


@pytest.fixture
def member():
    return MemberFactory()


@pytest.fixture
def client_(member):
    return signed_in(member)


@pytest.fixture
def assessment():
    return AssessmentPageFactory(title="SQL basics", time_limit_minutes=20)


def _started(client, assessment) -> dict:
    response = send(client, "post", start_url(assessment))
    assert response.status_code == 200, response.content
    return response.json()


# --- Listing and reading ----------------------------------------------------------


def test_list_shows_published_assessments_and_hides_restricted_ones(client_):
    shown = AssessmentPageFactory(title="A shown one")
    hidden = AssessmentPageFactory(title="B password one")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    draft = AssessmentPageFactory(title="C draft")
    draft.unpublish()
    response = client_.get(LIST)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [shown.pk]
    assert rows[0]["skill"] == {"name": "SQL", "slug": "sql"}
    assert rows[0]["retake_after_days"] == 7
    assert "questions" not in rows[0]
    # Restricted and unpublished ones are not there to read or start either.
    for assessment in (hidden, draft):
        assert client_.get(detail(assessment)).status_code == 404
        assert send(client_, "post", start_url(assessment)).status_code == 404
    assert not Attempt.objects.exists()


def test_list_query_count_is_flat(client_, django_assert_max_num_queries):
    AssessmentPageFactory.create_batch(2)
    with django_assert_max_num_queries(50) as few:
        client_.get(LIST)
    AssessmentPageFactory.create_batch(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client_.get(LIST).json()["results"]) == 10


def test_detail_tells_the_rules_and_never_the_questions(client_, assessment):
    response = client_.get(detail(assessment))
    assert response.status_code == 200
    body = response.json()
    assert body["question_count"] == 3
    assert body["time_limit_minutes"] == 20
    assert body["retake_after_days"] == 7
    assert [band["level"] for band in body["bands"]] == [1, 3, 5]
    assert body["attempts"] == [] and body["in_progress_attempt_id"] is None
    assert body["retake_at"] is None
    text = response.content.decode()
    assert "Which clause" not in text and "ORDER BY" not in text
    assert "explanation" not in text and "correct" not in text


def test_detail_lists_my_attempts_and_when_i_may_retake(client_, member, assessment):
    attempt_id = _started(client_, assessment)["id"]
    assert (
        client_.get(detail(assessment)).json()["in_progress_attempt_id"] == attempt_id
    )
    send(client_, "post", attempt_url(attempt_id, "submit/"))
    body = client_.get(detail(assessment)).json()
    assert [a["id"] for a in body["attempts"]] == [attempt_id]
    assert body["attempts"][0]["status"] == "scored"
    assert body["retake_at"] is not None
    # Someone else's attempts are theirs.
    other = signed_in(MemberFactory()).get(detail(assessment)).json()
    assert other["attempts"] == [] and other["retake_at"] is None


# --- No key before submission -----------------------------------------------------


def test_nothing_before_submission_holds_the_answer_key(client_, assessment):
    responses = [client_.get(LIST), client_.get(detail(assessment))]
    started = send(client_, "post", start_url(assessment))
    attempt_id = started.json()["id"]
    responses += [
        started,
        client_.get(attempt_url(attempt_id)),
        send(client_, "put", attempt_url(attempt_id), {"answers": {"q3": "x"}}),
        send(client_, "patch", attempt_url(attempt_id), {"answers": {"q1": ""}}),
    ]
    for response in responses:
        assert response.status_code == 200
        text = response.content.decode().lower()
        assert "correct" not in text and "keyword" not in text
        assert "explanation" not in text and "left join" not in text
    prompts = started.json()["questions"]
    assert [q["id"] for q in prompts] == ["q1", "q2", "q3"]
    assert set(prompts[0]) == {"id", "kind", "number", "prompt", "points", "choices"}
    assert set(prompts[0]["choices"][0]) == {"id", "text"}
    assert started.json()["results"] is None


def test_two_assessments_differing_only_in_keys_start_alike(member):
    first = AssessmentPageFactory(
        title="Same",
        slug="same-1",
        questions=[
            single_choice("q1", right="A", wrong=["B"]),
            short_answer("q2", keywords="inner join"),
        ],
    )
    second = AssessmentPageFactory(
        title="Same",
        slug="same-2",
        questions=[
            # The same choices, the other one right; other keywords.
            {
                "type": "single_choice",
                "id": "q1",
                "value": {
                    "prompt": "Which clause filters rows?",
                    "choices": [
                        {"type": "item", "id": "q1-c0", "value": {"text": "A"}},
                        {
                            "type": "item",
                            "id": "q1-c1",
                            "value": {"text": "B", "correct": True},
                        },
                    ],
                    "points": 1,
                    "explanation": "Another explanation.",
                },
            },
            short_answer("q2", keywords="left join", explanation="Other."),
        ],
    )

    def started(assessment) -> dict:
        body = _started(signed_in(member), assessment)
        for name in ("id", "assessment_id", "started_at"):
            body.pop(name)
        return body

    assert started(first) == started(second)


# --- Answering and submitting -----------------------------------------------------


def test_answers_are_saved_merged_and_cleared(client_, assessment):
    attempt_id = _started(client_, assessment)["id"]
    url = attempt_url(attempt_id)
    response = send(client_, "put", url, {"answers": {"q1": choice_id("q1", 0)}})
    assert response.status_code == 200
    assert response.json()["answers"] == {"q1": "q1-c0"}
    both = {"answers": {"q2": [choice_id("q2", 1), choice_id("q2", 0)]}}
    response = send(client_, "patch", url, both)
    assert response.json()["answers"] == {"q1": "q1-c0", "q2": ["q2-c0", "q2-c1"]}
    response = send(client_, "put", url, {"answers": {"q1": None}})
    assert response.json()["answers"] == {"q2": ["q2-c0", "q2-c1"]}
    assert Attempt.objects.get().answers == {"q2": ["q2-c0", "q2-c1"]}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nope": "x"}, errors.UNKNOWN_QUESTION),
        ({"q1": "q9-c9"}, errors.UNKNOWN_CHOICE),
        ({"q1": ["q1-c0"]}, errors.ONE_CHOICE),
        ({"q2": "q2-c0"}, errors.CHOICE_LIST),
        ({"q3": 5}, errors.TEXT_ANSWER),
    ],
)
def test_bad_answers_are_400_and_nothing_is_saved(
    client_, assessment, answers, message
):
    attempt_id = _started(client_, assessment)["id"]
    send(client_, "put", attempt_url(attempt_id), {"answers": {"q3": "inner join"}})
    response = send(client_, "put", attempt_url(attempt_id), {"answers": answers})
    assert response.status_code == 400
    assert response.json() == {"errors": {"answers": [str(message)]}}
    assert Attempt.objects.get().answers == {"q3": "inner join"}


def test_answers_must_be_an_object(client_, assessment):
    attempt_id = _started(client_, assessment)["id"]
    response = send(client_, "put", attempt_url(attempt_id), {"answers": ["q1"]})
    assert response.status_code == 400
    assert "answers" in response.json()["errors"]


def test_submit_scores_records_the_level_and_reveals_the_key(
    client_, member, assessment
):
    attempt_id = _started(client_, assessment)["id"]
    answers = {
        "q1": choice_id("q1", 0),
        "q2": [choice_id("q2", 0), choice_id("q2", 1)],
        "q3": "An INNER JOIN",
    }
    response = send(
        client_, "post", attempt_url(attempt_id, "submit/"), {"answers": answers}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "scored"
    assert (body["points"], body["max_points"], body["percent"]) == (4, 4, 100)
    assert body["level"] == 5 and body["level_label"] == "Expert"
    first = body["results"][0]
    assert first["outcome"] == "right" and first["mark"] == 1
    assert first["correct_choices"] == ["q1-c0"] and first["given"] == ["WHERE"]
    assert first["explanation"].startswith("WHERE keeps")
    assert body["results"][2]["keywords"] == ["inner join", "left join"]
    record = LevelRecord.objects.get(member=member)
    assert (record.source, record.level) == ("assessment", 5)
    # The result stays readable; submitting again is refused.
    assert client_.get(attempt_url(attempt_id)).json()["results"] == body["results"]
    again = send(client_, "post", attempt_url(attempt_id, "submit/"))
    assert again.status_code == 409
    assert again.json() == {"error": str(errors.ALREADY_SUBMITTED)}
    late = send(client_, "put", attempt_url(attempt_id), {"answers": {"q3": "x"}})
    assert late.status_code == 409
    assert LevelRecord.objects.count() == 1


def test_a_hand_marked_answer_leaves_the_attempt_awaiting_review(client_):
    assessment = AssessmentPageFactory(questions=[short_answer("q1", keywords="")])
    attempt_id = _started(client_, assessment)["id"]
    response = send(
        client_, "post", attempt_url(attempt_id, "submit/"), {"answers": {"q1": "x"}}
    )
    body = response.json()
    assert body["status"] == "awaiting_review" and body["points"] is None
    assert body["results"][0]["outcome"] == "awaiting"
    assert body["results"][0]["mark"] is None


def test_start_again_continues_the_attempt_under_way(client_, assessment):
    first = _started(client_, assessment)
    assert _started(client_, assessment)["id"] == first["id"]
    assert Attempt.objects.count() == 1


def test_retake_too_soon_is_409(client_, assessment):
    attempt_id = _started(client_, assessment)["id"]
    send(client_, "post", attempt_url(attempt_id, "submit/"))
    response = send(client_, "post", start_url(assessment))
    assert response.status_code == 409
    assert response.json()["error"].startswith("You took this assessment recently")
    assert Attempt.objects.count() == 1


def test_unverified_email_is_409(assessment):
    client = signed_in(MemberFactory(verified=False))
    response = send(client, "post", start_url(assessment))
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.EMAIL_NOT_VERIFIED)}
    assert not Attempt.objects.exists()


def test_time_up_refuses_answers_and_reading_submits(client_, assessment):
    attempt_id = _started(client_, assessment)["id"]
    send(client_, "put", attempt_url(attempt_id), {"answers": {"q1": "q1-c0"}})
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        response = send(
            client_, "put", attempt_url(attempt_id), {"answers": {"q1": "q1-c1"}}
        )
        assert response.status_code == 409
        assert response.json() == {"error": str(errors.TIME_UP)}
        body = client_.get(attempt_url(attempt_id)).json()
    assert body["status"] == "scored" and body["results"][0]["given"] == ["WHERE"]


# --- Someone else's ---------------------------------------------------------------


def test_someone_elses_attempt_is_404_and_unchanged(assessment):
    owner = MemberFactory()
    attempt = start_attempt(member=owner, assessment=assessment)
    stranger = signed_in(MemberFactory())
    for method, action, data in [
        ("get", "", None),
        ("put", "", {"answers": {"q1": "q1-c0"}}),
        ("patch", "", {"answers": {"q1": "q1-c0"}}),
        ("post", "submit/", None),
    ]:
        response = send(stranger, method, attempt_url(attempt.pk, action), data)
        assert response.status_code == 404
        assert response.json() == {"error": str(ATTEMPT_UNKNOWN)}
    attempt.refresh_from_db()
    assert attempt.status == "in_progress" and attempt.answers == {}


def test_signed_out_is_403(assessment):
    for method, url in [
        ("get", LIST),
        ("get", detail(assessment)),
        ("post", start_url(assessment)),
    ]:
        response = send(Client(), method, url)
        assert response.status_code == 403
        assert json.loads(response.content)["detail"]


def test_a_multiple_choice_key_stays_hidden_too(client_):
    assessment = AssessmentPageFactory(
        questions=[multiple_choice("q1", right=("COUNT",), wrong=("UPPER",))]
    )
    text = send(client_, "post", start_url(assessment)).content.decode().lower()
    assert "correct" not in text and "aggregates fold" not in text
