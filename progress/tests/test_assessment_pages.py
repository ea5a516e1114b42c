"""/assessments/, an assessment's page, and taking it: the attempt page (no
answer key in its HTML, ever), saving and submitting through it, the result
page, who may see what, and bad input."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress import errors
from progress.models import Attempt, LevelRecord
from progress.services.assessments import save_answers, start_attempt, submit_attempt
from progress.tests.factories import (
    AssessmentPageFactory,
    choice_id,
    get_assessment_index,
    multiple_choice,
    sample_questions,
    short_answer,
    single_choice,
)
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

Status = Attempt.Status
SECRET_EXPLANATION = "Only shown after submitting: WHERE filters rows."
SECRET_KEYWORDS = "inner join, left join"


@pytest.fixture
def member():
    return MemberFactory(time_zone="Europe/London")


@pytest.fixture
def assessment():
    return AssessmentPageFactory(
        title="SQL basics",
        questions=[
            single_choice("q1", explanation=SECRET_EXPLANATION),
            multiple_choice("q2"),
            short_answer("q3", keywords=SECRET_KEYWORDS),
        ],
    )


def attempt_url(attempt) -> str:
    return f"/assessments/attempts/{attempt.pk}/"


def result_url(attempt) -> str:
    return f"/assessments/attempts/{attempt.pk}/result/"


def count_queries(client, url) -> int:
    client.get(url)  # Wagtail's site and settings caches warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def answer_post(action="save", **answers) -> dict:
    return {"action": action, **{f"answer-{k}": v for k, v in answers.items()}}


# --- /assessments/ ------------------------------------------------------------------


def test_the_index_lists_published_assessments_with_their_facts(client, assessment):
    AssessmentPageFactory(title="Window functions", time_limit_minutes=15)
    AssessmentPageFactory(title="Unpublished draft", live=False)

    response = client.get("/assessments/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "SQL basics" in html and "Window functions" in html
    assert "Unpublished draft" not in html
    assert "<dt>Questions</dt><dd>3</dd>" in html
    assert "15 minutes" in html
    assert 'class="badge badge--info">SQL<' in html


def test_the_index_query_count_is_flat(client):
    AssessmentPageFactory()
    one = count_queries(client, "/assessments/")
    for _ in range(8):
        AssessmentPageFactory()
    assert count_queries(client, "/assessments/") == one


# --- An assessment's page -----------------------------------------------------------


def test_the_page_says_what_it_is_and_shows_no_question(client, assessment):
    response = client.get(assessment.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert assessment.summary in html and assessment.intro in html
    assert 'class="assessment__question-count">3<' in html
    assert "7 days after your last attempt" in html
    assert "50 % or more" in html and "Competent" in html
    assert '"@type": "BreadcrumbList"' in html
    for secret in ("Which clause filters rows?", "GROUP BY", SECRET_EXPLANATION):
        assert secret not in html
    assert "inner join" not in html.lower()


def test_the_pages_api_shows_no_question(client, assessment):
    for url in (
        f"/api/v2/pages/{assessment.pk}/",
        f"/api/v2/pages/{assessment.pk}/?fields=*",
        f"/api/v2/pages/{assessment.pk}/?fields=questions",
        "/api/v2/pages/?type=progress.AssessmentPage&fields=*",
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 400), url
        assert "Which clause filters rows?" not in body
        assert SECRET_EXPLANATION not in body and "inner join" not in body


def test_a_visitor_is_asked_to_sign_in(client, assessment):
    html = client.get(assessment.url).content.decode()
    assert f"/accounts/login/?next={assessment.url}" in html
    assert "/assessments/attempts/start/" not in html


def test_a_visitor_posting_start_is_sent_to_sign_in(client, assessment):
    response = client.post(f"/assessments/attempts/start/{assessment.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Attempt.objects.exists()


def test_a_member_starts_and_resumes(client, member, assessment):
    client.force_login(member)
    assert "Start the assessment" in client.get(assessment.url).content.decode()

    response = client.post(f"/assessments/attempts/start/{assessment.pk}/")

    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == attempt_url(attempt)
    page = client.get(assessment.url).content.decode()
    assert "Resume your attempt" in page and attempt_url(attempt) in page
    again = client.post(f"/assessments/attempts/start/{assessment.pk}/")
    assert again["Location"] == attempt_url(attempt)
    assert Attempt.objects.count() == 1


def test_starting_is_a_post(client, member, assessment):
    client.force_login(member)
    response = client.get(f"/assessments/attempts/start/{assessment.pk}/")
    assert response.status_code == 405


def test_an_unpublished_assessment_cannot_be_started(client, member):
    draft = AssessmentPageFactory(live=False)
    client.force_login(member)
    response = client.post(f"/assessments/attempts/start/{draft.pk}/")
    assert response.status_code == 404


def test_an_unverified_member_is_told_to_verify(client, assessment):
    client.force_login(MemberFactory(verified=False))
    page = client.get(assessment.url).content.decode()
    assert str(errors.EMAIL_NOT_VERIFIED) in page
    assert "Start the assessment" not in page

    response = client.post(f"/assessments/attempts/start/{assessment.pk}/")

    assert response.status_code == 403
    assert str(errors.EMAIL_NOT_VERIFIED) in response.content.decode()
    assert not Attempt.objects.exists()


def test_past_attempts_and_the_retake_date_show_in_the_members_zone(
    client, member, assessment
):
    with time_machine.travel("2026-07-01 08:00 +0000", tick=False):
        attempt = start_attempt(member=member, assessment=assessment)
        submit_attempt(
            attempt=attempt, member=member, answers={"q1": choice_id("q1", 0)}
        )
    client.force_login(member)

    with time_machine.travel("2026-07-03 08:00 +0000", tick=False):
        page = client.get(assessment.url).content.decode()
        refused = client.post(f"/assessments/attempts/start/{assessment.pk}/")

    assert "Your attempts" in page
    assert "1 of 4 (25 %)" in page and "Novice" in page
    assert result_url(attempt) in page
    # 08:00 UTC is 09:00 in London in summer.
    assert "You can take it again from" in page
    assert "Wed 8 Jul 2026, 09:00 BST" in page
    assert "Start the assessment" not in page and "Take it again" not in page
    assert refused.status_code == 400
    assert "Wed 8 Jul 2026, 09:00 BST" in refused.content.decode()


def test_the_attempts_slug_is_reserved_for_the_attempt_pages(assessment):
    from django.core.exceptions import ValidationError

    assessment.slug = "attempts"
    with pytest.raises(ValidationError) as error:
        assessment.save()
    assert "slug" in error.value.message_dict


# --- The attempt page ---------------------------------------------------------------


@pytest.fixture
def attempt(member, assessment):
    return start_attempt(member=member, assessment=assessment)


def test_the_attempt_page_shows_every_question_as_a_labelled_field(
    client, member, attempt
):
    client.force_login(member)
    response = client.get(attempt_url(attempt))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert html.count("<fieldset") == 3 and html.count("<legend") == 3
    assert "Question 1 of 3" in html and "(2 points)" in html
    assert html.count('type="radio"') == 3
    assert html.count('type="checkbox"') == 4
    assert html.count("<textarea") == 1
    # Every choice is a labelled control, keyboard reachable (no tabindex).
    for choice in ("q1-c0", "q1-c1", "q2-c3"):
        assert f'value="{choice}"' in html
    assert html.count('<label class="form__check question__choice" for="id_') == 7
    assert '<label class="form__label" for="id_answer-q3">Your answer</label>' in html
    assert 'tabindex="' not in html.split('class="attempt__form"')[1]
    assert 'name="action" value="save"' in html
    assert 'name="action" value="submit"' in html


def test_no_answer_key_is_in_the_attempt_pages_html(client, member, attempt):
    client.force_login(member)
    html = client.get(attempt_url(attempt)).content.decode()
    assert SECRET_EXPLANATION not in html
    assert "inner join" not in html.lower() and "left join" not in html.lower()
    assert "correct" not in html.lower()


def _normalised(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r"/assessments/(first|second)/", "/assessments/X/", html)
    return re.sub(r"/assessments/attempts/\d+/", "/assessments/attempts/N/", html)


def test_the_attempt_page_is_the_same_whichever_answer_is_right(client, member):
    """Two assessments alike but for their answer keys render the same
    attempt page: nothing in the HTML can tell the right answer apart."""

    def variant(slug, right_index, keywords, explanation):
        questions = sample_questions()
        for position, item in enumerate(questions[0]["value"]["choices"]):
            item["value"]["correct"] = position == right_index
        questions[1]["value"]["choices"][3]["value"]["correct"] = right_index == 2
        questions[2]["value"]["keywords"] = keywords
        for item in questions:
            item["value"]["explanation"] = explanation
        return AssessmentPageFactory(title="Same", slug=slug, questions=questions)

    first = variant("first", 0, "inner join", "Because of A.")
    second = variant("second", 2, "", "Because of B, quite different.")
    client.force_login(member)
    pages = [
        client.get(
            attempt_url(start_attempt(member=member, assessment=page))
        ).content.decode()
        for page in (first, second)
    ]
    assert _normalised(pages[0]) == _normalised(pages[1])


def test_someone_elses_attempt_is_not_found(client, attempt):
    client.force_login(MemberFactory())
    assert client.get(attempt_url(attempt)).status_code == 404
    assert client.post(attempt_url(attempt), answer_post()).status_code == 404
    assert client.get(result_url(attempt)).status_code == 404
    assert client.get("/assessments/attempts/999999/").status_code == 404


def test_a_visitor_is_sent_to_sign_in_from_an_attempt(client, attempt):
    for url in (attempt_url(attempt), result_url(attempt)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_answers_are_saved_and_shown_again(client, member, attempt):
    client.force_login(member)
    response = client.post(
        attempt_url(attempt),
        answer_post(
            q1=choice_id("q1", 1),
            q2=[choice_id("q2", 0), choice_id("q2", 3)],
            q3="A <b>left</b> join",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == attempt_url(attempt)
    attempt.refresh_from_db()
    assert attempt.answers == {
        "q1": choice_id("q1", 1),
        "q2": [choice_id("q2", 0), choice_id("q2", 3)],
        "q3": "A <b>left</b> join",
    }
    assert attempt.status == Status.IN_PROGRESS
    page = client.get(attempt_url(attempt)).content.decode()
    assert "Your answers are saved." in page
    assert re.search(r'value="q1-c1"[^>]*checked', page)
    assert re.search(r'value="q2-c3"[^>]*checked', page)
    assert not re.search(r'value="q1-c0"[^>]*checked', page)
    # What they typed is shown as text, never as markup.
    assert "A &lt;b&gt;left&lt;/b&gt; join</textarea>" in page


def test_unticking_every_box_clears_a_saved_answer(client, member, attempt):
    save_answers(attempt=attempt, member=member, answers={"q2": [choice_id("q2", 0)]})
    client.force_login(member)
    client.post(attempt_url(attempt), answer_post())
    attempt.refresh_from_db()
    assert "q2" not in attempt.answers


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (answer_post(q1="q1-c99"), errors.UNKNOWN_CHOICE),
        (answer_post(q1=choice_id("q2", 0)), errors.UNKNOWN_CHOICE),
        (answer_post(q2=[choice_id("q2", 0), "forged"]), errors.UNKNOWN_CHOICE),
        (answer_post(q3="x" * 2001), errors.ANSWER_TOO_LONG % {"max": "2,000"}),
        (answer_post("submit", q1="q1-c99"), errors.UNKNOWN_CHOICE),
    ],
)
def test_tampered_answers_are_form_errors_and_nothing_is_saved(
    client, member, attempt, post, message
):
    save_answers(attempt=attempt, member=member, answers={"q3": "kept"})
    client.force_login(member)

    response = client.post(attempt_url(attempt), post)

    assert response.status_code == 400
    html = response.content.decode()
    assert str(message) in html
    assert 'role="alert"' in html
    attempt.refresh_from_db()
    assert attempt.answers == {"q3": "kept"}
    assert attempt.status == Status.IN_PROGRESS


def test_fields_for_questions_the_attempt_lacks_are_ignored(client, member, attempt):
    client.force_login(member)
    post = answer_post(q1=choice_id("q1", 0)) | {"answer-q99": "x", "q1": "y"}
    assert client.post(attempt_url(attempt), post).status_code == 302
    attempt.refresh_from_db()
    assert attempt.answers == {"q1": choice_id("q1", 0)}


def test_the_attempt_page_query_count_is_pinned_and_flat(client, member):
    client.force_login(member)
    few = start_attempt(
        member=member,
        assessment=AssessmentPageFactory(
            time_limit_minutes=30, questions=[single_choice("a")]
        ),
    )
    many = start_attempt(
        member=member,
        assessment=AssessmentPageFactory(
            time_limit_minutes=30,
            questions=[
                maker(f"{maker.__name__}{n}")
                for n in range(12)
                for maker in (single_choice, multiple_choice, short_answer)
            ],
        ),
    )
    # Session, user, the attempt (its questions are in it), the profile for
    # the deadline's time zone; the header's counts take the rest (the site,
    # its settings and menus come from the cache).
    assert count_queries(client, attempt_url(few)) == 6
    assert count_queries(client, attempt_url(many)) == 6


# --- Submitting and the result ------------------------------------------------------


def test_submitting_scores_and_shows_the_result(client, member, attempt):
    client.force_login(member)
    response = client.post(
        attempt_url(attempt),
        answer_post(
            "submit",
            q1=choice_id("q1", 0),
            q2=[choice_id("q2", 0)],
            q3="An INNER JOIN",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == result_url(attempt)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.points, attempt.level) == (Status.SCORED, 2, 3)
    assert LevelRecord.objects.filter(attempt=attempt).exists()

    html = client.get(result_url(attempt)).content.decode()
    assert "<strong>2</strong> of 4 points" in html and "(50 %)" in html
    assert "Level in SQL: <strong>Competent</strong>" in html
    assert html.count(">Right</span>") == 2 and html.count(">Wrong</span>") == 1
    # The key is revealed now: right answers, keywords, explanations.
    assert SECRET_EXPLANATION in html
    assert "COUNT, SUM" in html
    assert "inner join, or left join" in html
    # The attempt page now leads to the result.
    assert client.get(attempt_url(attempt))["Location"] == result_url(attempt)


def test_a_second_click_on_submit_just_shows_the_result(client, member, attempt):
    client.force_login(member)
    client.post(attempt_url(attempt), answer_post("submit", q1=choice_id("q1", 0)))
    again = client.post(attempt_url(attempt), answer_post("submit"))
    assert again["Location"] == result_url(attempt)
    assert LevelRecord.objects.count() == 1


def test_the_result_waits_for_submission(client, member, attempt):
    client.force_login(member)
    assert client.get(result_url(attempt))["Location"] == attempt_url(attempt)


def test_an_attempt_awaiting_review_says_so(client, member):
    assessment = AssessmentPageFactory(
        questions=[single_choice("q1"), short_answer("q2", keywords="")]
    )
    attempt = start_attempt(member=member, assessment=assessment)
    submit_attempt(attempt=attempt, member=member, answers={"q2": "My own words"})
    client.force_login(member)

    html = client.get(result_url(attempt)).content.decode()

    assert "marked by hand" in html
    assert "Your score" not in html
    assert ">Awaiting marking</span>" in html and ">Not answered</span>" in html
    page = client.get(assessment.url).content.decode()
    assert "Awaiting marking" in page


# --- The deadline -------------------------------------------------------------------


def test_a_timed_attempt_shows_its_deadline_in_the_members_zone(client, member):
    assessment = AssessmentPageFactory(time_limit_minutes=30)
    with time_machine.travel("2026-01-15 09:00 +0000", tick=False):
        attempt = start_attempt(member=member, assessment=assessment)
        client.force_login(member)
        html = client.get(attempt_url(attempt)).content.decode()
    assert "Hand in by" in html
    assert '<time datetime="2026-01-15T09:30:00+00:00"' in html
    assert "Thu 15 Jan 2026, 09:30 GMT" in html
    assert "assessment-countdown.js" in html


def test_an_untimed_attempt_has_no_deadline(client, member, attempt):
    client.force_login(member)
    html = client.get(attempt_url(attempt)).content.decode()
    assert "Hand in by" not in html and "assessment-countdown.js" not in html


def test_after_the_deadline_the_saved_answers_are_scored(client, member):
    assessment = AssessmentPageFactory(time_limit_minutes=10)
    attempt = start_attempt(member=member, assessment=assessment)
    save_answers(attempt=attempt, member=member, answers={"q1": choice_id("q1", 0)})
    client.force_login(member)

    with time_machine.travel(attempt.deadline_at + timedelta(minutes=2)):
        response = client.post(
            attempt_url(attempt),
            answer_post("submit", q1=choice_id("q1", 0), q3="inner join"),
        )
        assert response["Location"] == result_url(attempt)
        html = client.get(result_url(attempt)).content.decode()

    attempt.refresh_from_db()
    assert (attempt.status, attempt.points) == (Status.SCORED, 1)
    assert "after the time limit" in html


def test_opening_an_overdue_attempt_scores_it(client, member):
    attempt = start_attempt(
        member=member, assessment=AssessmentPageFactory(time_limit_minutes=10)
    )
    client.force_login(member)
    with time_machine.travel(attempt.deadline_at + timedelta(hours=1)):
        response = client.get(attempt_url(attempt))
    assert response["Location"] == result_url(attempt)
    attempt.refresh_from_db()
    assert attempt.status == Status.SCORED


def test_the_index_is_the_assessments_page(client):
    # The Wagtail page and the attempt URLs live side by side.
    assert get_assessment_index().url == "/assessments/"
    assert client.get("/assessments/").status_code == 200
    assert client.get("/assessments/attempts/").status_code == 404
