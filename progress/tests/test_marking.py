"""Marking short answers by hand: the service's rules (who, what, how
many points), the queue and the marking page in the Wagtail admin, and the
email the member gets once their attempt is scored."""

import pytest
from django.core import mail

from accounts.tests.factories import StaffFactory
from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from experts.tests.factories import GroupExpertFactory
from progress import errors
from progress.errors import ProgressError
from progress.models import Attempt, Level, LevelRecord
from progress.services.assessments import (
    mark_short_answers,
    start_attempt,
    submit_attempt,
)
from progress.tests.factories import (
    AssessmentPageFactory,
    choice_id,
    short_answer,
    single_choice,
)
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

Status = Attempt.Status


@pytest.fixture
def author():
    return GroupExpertFactory()


@pytest.fixture
def assessment(author):
    return AssessmentPageFactory(
        owner=author,
        title="Explaining joins",
        questions=[
            single_choice("q1"),
            short_answer("q2", "Explain an inner join.", keywords="", points=4),
            short_answer("q3", "And a left join?", keywords="", points=2),
        ],
        bands=[(0, 1), (50, 3), (90, 5)],
    )


@pytest.fixture
def member():
    return MemberFactory()


@pytest.fixture
def awaiting(member, assessment):
    attempt = start_attempt(member=member, assessment=assessment)
    return submit_attempt(
        attempt=attempt,
        member=member,
        answers={
            "q1": choice_id("q1", 0),
            "q2": "Rows <script>alert(1)</script> matching on both sides.",
            "q3": "Every row of the left table.",
        },
    )


def assert_refused(call, message):
    with pytest.raises(ProgressError) as error:
        call()
    assert error.value.message == message


# --- The service ----------------------------------------------------------------------


def test_the_author_marks_and_the_attempt_is_scored(
    author, member, awaiting, django_capture_on_commit_callbacks
):
    assert awaiting.status == Status.AWAITING_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        attempt = mark_short_answers(
            attempt=awaiting, marks={"q2": 3, "q3": 2}, by=author
        )

    assert attempt.status == Status.SCORED
    assert attempt.marks == {"q1": 1, "q2": 3, "q3": 2}
    # 6 of 7 points is 85 %: the 50 % band.
    assert (attempt.points, attempt.max_points, attempt.level) == (6, 7, 3)
    record = LevelRecord.objects.get(attempt=attempt)
    assert (record.source, record.level) == (LevelRecord.Source.ASSESSMENT, 3)
    (email,) = mail.outbox
    assert email.to == [member.email]
    assert "Explaining joins" in email.subject and "Competent" in email.subject
    assert "6 of 7 points (85 %)" in email.body
    assert f"/assessments/attempts/{attempt.pk}/result/" in email.body


def test_staff_mark_any_assessment(awaiting):
    attempt = mark_short_answers(
        attempt=awaiting, marks={"q2": 4, "q3": 2}, by=StaffFactory()
    )
    assert attempt.level == Level.EXPERT


def test_another_expert_cannot_mark(awaiting):
    assert_refused(
        lambda: mark_short_answers(
            attempt=awaiting, marks={"q2": 4, "q3": 2}, by=GroupExpertFactory()
        ),
        errors.MAY_NOT_MARK,
    )
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_REVIEW


def test_the_member_cannot_mark_their_own_attempt(member, awaiting):
    assert_refused(
        lambda: mark_short_answers(attempt=awaiting, marks={"q2": 4}, by=member),
        errors.MAY_NOT_MARK,
    )


def test_an_author_cannot_mark_their_own_attempt(author, assessment):
    attempt = start_attempt(member=author, assessment=assessment)
    submit_attempt(attempt=attempt, member=author, answers={"q2": "x", "q3": "y"})
    assert_refused(
        lambda: mark_short_answers(
            attempt=attempt, marks={"q2": 4, "q3": 2}, by=author
        ),
        errors.MARK_OWN_ATTEMPT,
    )


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ({"q2": 3}, errors.MARK_EVERY_ANSWER),
        ({"q2": 5, "q3": 2}, errors.BAD_MARK),  # past the question's points
        ({"q2": -1, "q3": 2}, errors.BAD_MARK),
        ({"q2": "3", "q3": 2}, errors.BAD_MARK),
        ({"q2": True, "q3": 2}, errors.BAD_MARK),
        ({"q2": 3, "q3": 2, "q1": 0}, errors.UNKNOWN_QUESTION),  # scored by rule
        ({"q2": 3, "q3": 2, "q9": 1}, errors.UNKNOWN_QUESTION),
    ],
)
def test_bad_marks_are_refused_and_nothing_is_written(author, awaiting, marks, message):
    assert_refused(
        lambda: mark_short_answers(attempt=awaiting, marks=marks, by=author), message
    )
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_REVIEW
    assert awaiting.marks == {"q1": 1}
    assert not LevelRecord.objects.exists()


def test_a_scored_attempt_cannot_be_marked_again(author, awaiting):
    mark_short_answers(attempt=awaiting, marks={"q2": 1, "q3": 1}, by=author)
    assert_refused(
        lambda: mark_short_answers(
            attempt=awaiting, marks={"q2": 4, "q3": 2}, by=author
        ),
        errors.NOT_AWAITING_REVIEW,
    )
    assert LevelRecord.objects.count() == 1


def test_an_attempt_in_progress_cannot_be_marked(author, member, assessment):
    attempt = start_attempt(member=member, assessment=assessment)
    assert_refused(
        lambda: mark_short_answers(attempt=attempt, marks={"q2": 1}, by=author),
        errors.NOT_AWAITING_REVIEW,
    )


@pytest.mark.django_db(transaction=True)
def test_two_markers_at_once_score_the_attempt_once():
    needs_row_locks()
    ensure_site_tree()
    author, member = GroupExpertFactory(), MemberFactory()
    assessment = AssessmentPageFactory(
        owner=author, questions=[short_answer("q1", keywords="", points=2)]
    )
    attempt = start_attempt(member=member, assessment=assessment)
    submit_attempt(attempt=attempt, member=member, answers={"q1": "An answer."})
    markers = iter([author, StaffFactory()])
    chosen = [next(markers), next(markers)]

    def mark(by):
        try:
            mark_short_answers(attempt=attempt, marks={"q1": 2}, by=by)
        except ProgressError as error:
            return error.message
        return "scored"

    outcomes = run_at_once(lambda: mark(chosen.pop()), times=2)

    assert sorted(map(str, outcomes)) == sorted(
        ["scored", str(errors.NOT_AWAITING_REVIEW)]
    )
    assert LevelRecord.objects.filter(attempt=attempt).count() == 1


# --- The admin queue and marking page -------------------------------------------------

QUEUE = "/admin/assessments/marking/"


def mark_url(attempt) -> str:
    return f"/admin/assessments/marking/{attempt.pk}/"


def test_the_queue_lists_the_authors_attempts_only(client, author, awaiting):
    other = AssessmentPageFactory(
        owner=GroupExpertFactory(),
        title="Someone else's quiz",
        questions=[short_answer("q1", keywords="")],
    )
    theirs = start_attempt(member=MemberFactory(), assessment=other)
    submit_attempt(attempt=theirs, member=theirs.member, answers={"q1": "x"})
    client.force_login(author)

    html = client.get(QUEUE).content.decode()

    assert mark_url(awaiting) in html and "Explaining joins" in html
    assert mark_url(theirs) not in html and "Someone else" not in html
    # Marked without the member's name.
    assert awaiting.member.name not in html


def test_staff_see_every_attempt_awaiting_review(client, awaiting):
    client.force_login(StaffFactory())
    assert mark_url(awaiting) in client.get(QUEUE).content.decode()


def test_the_marking_page_shows_the_answers_as_text(client, author, awaiting):
    client.force_login(author)
    response = client.get(mark_url(awaiting))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Explain an inner join." in html
    assert "Rows &lt;script&gt;alert(1)&lt;/script&gt; matching" in html
    assert "<script>alert(1)</script>" not in html
    assert 'name="mark-q2"' in html and 'name="mark-q3"' in html
    assert 'name="mark-q1"' not in html  # scored by rule already
    assert awaiting.member.name not in html


def test_the_author_marks_through_the_admin(
    client, author, member, awaiting, django_capture_on_commit_callbacks
):
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mark_url(awaiting), {"mark-q2": "4", "mark-q3": "1"})

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    awaiting.refresh_from_db()
    assert (awaiting.status, awaiting.points) == (Status.SCORED, 6)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mark_url(awaiting) not in client.get(QUEUE).content.decode()


@pytest.mark.parametrize(
    "post",
    [
        {"mark-q2": "5", "mark-q3": "1"},
        {"mark-q2": "-1", "mark-q3": "1"},
        {"mark-q2": "three", "mark-q3": "1"},
        {"mark-q2": "2"},
    ],
)
def test_bad_marks_in_the_admin_are_form_errors(client, author, awaiting, post):
    client.force_login(author)
    response = client.post(mark_url(awaiting), post)
    assert response.status_code == 400
    assert "help-critical" in response.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_REVIEW


def test_another_expert_gets_404(client, awaiting):
    client.force_login(GroupExpertFactory())
    assert client.get(mark_url(awaiting)).status_code == 404
    assert (
        client.post(mark_url(awaiting), {"mark-q2": "4", "mark-q3": "2"}).status_code
        == 404
    )
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_REVIEW


def test_a_member_without_admin_access_never_reaches_the_queue(client, awaiting):
    client.force_login(awaiting.member)
    for url in (QUEUE, mark_url(awaiting)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Explain an inner join" not in response.content.decode()


def test_a_scored_attempt_is_no_longer_on_the_marking_page(client, author, awaiting):
    mark_short_answers(attempt=awaiting, marks={"q2": 1, "q3": 1}, by=author)
    client.force_login(author)
    assert client.get(mark_url(awaiting)).status_code == 404


def test_the_menu_offers_marking_to_experts(client, author):
    client.force_login(author)
    assert QUEUE in client.get("/admin/").content.decode()
