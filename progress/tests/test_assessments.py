"""Taking an assessment through the services: starting, the one attempt in
progress, the retake cooldown, the deadline, saving, submitting and the
sweep, and two submits racing on PostgreSQL."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core.jobs import registered_jobs
from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from progress import errors
from progress.errors import ProgressError
from progress.models import Attempt, Level, LevelRecord
from progress.services.assessments import (
    GRACE,
    save_answers,
    start_attempt,
    submit_attempt,
    submit_overdue_attempts,
)
from progress.tests.factories import (
    AssessmentPageFactory,
    choice_id,
    multiple_choice,
    short_answer,
    single_choice,
)
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

Status = Attempt.Status
ALL_RIGHT = {
    "q1": choice_id("q1", 0),
    "q2": [choice_id("q2", 0), choice_id("q2", 1)],
    "q3": "An inner join.",
}


@pytest.fixture
def member():
    return MemberFactory(time_zone="Europe/Berlin")


@pytest.fixture
def assessment():
    return AssessmentPageFactory()


def assert_refused(call, message):
    with pytest.raises(ProgressError) as error:
        call()
    assert error.value.message == message
    return error.value


# --- Starting ---------------------------------------------------------------------


def test_starting_copies_the_questions_and_bands(member, assessment):
    attempt = start_attempt(member=member, assessment=assessment)

    assert attempt.status == Status.IN_PROGRESS
    assert attempt.assessment_title == assessment.title
    assert attempt.skill == assessment.skill
    assert [q["id"] for q in attempt.questions] == ["q1", "q2", "q3"]
    assert sorted(attempt.bands) == [[0, 1], [50, 3], [90, 5]]
    assert attempt.deadline_at is None


def test_an_edit_to_the_page_does_not_change_an_attempt_under_way(member, assessment):
    attempt = start_attempt(member=member, assessment=assessment)
    assessment.questions = [single_choice("q9", right="HAVING")]
    assessment.save()

    attempt = submit_attempt(attempt=attempt, member=member, answers=ALL_RIGHT)

    assert attempt.points == attempt.max_points == 4


def test_a_timed_attempt_gets_its_deadline(member):
    assessment = AssessmentPageFactory(time_limit_minutes=20)
    attempt = start_attempt(member=member, assessment=assessment)
    assert attempt.deadline_at == attempt.started_at + timedelta(minutes=20)


def test_starting_again_resumes_the_attempt_in_progress(member, assessment):
    first = start_attempt(member=member, assessment=assessment)
    again = start_attempt(member=member, assessment=assessment)
    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_an_unverified_member_cannot_start(assessment):
    member = MemberFactory(verified=False)
    assert_refused(
        lambda: start_attempt(member=member, assessment=assessment),
        errors.EMAIL_NOT_VERIFIED,
    )
    assert not Attempt.objects.exists()


def test_an_unpublished_assessment_cannot_be_started(member):
    assessment = AssessmentPageFactory(live=False)
    assert_refused(
        lambda: start_attempt(member=member, assessment=assessment),
        errors.ASSESSMENT_UNKNOWN,
    )


# --- The retake cooldown ----------------------------------------------------------


def test_the_cooldown_refuses_a_retake_and_says_when(member, assessment):
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False):
        attempt = start_attempt(member=member, assessment=assessment)
        submit_attempt(attempt=attempt, member=member)

    with time_machine.travel("2026-03-08 09:00 +0000", tick=False):
        error = assert_refused(
            lambda: start_attempt(member=member, assessment=assessment),
            errors.RETAKE_LATER % {"when": "Mon 9 Mar 2026, 10:00 CET"},
        )
    # In the member's own time zone.
    assert "10:00 CET" in str(error.message)

    with time_machine.travel("2026-03-09 09:00:01 +0000", tick=False):
        retake = start_attempt(member=member, assessment=assessment)
    assert retake.pk != attempt.pk


def test_the_cooldown_counts_from_an_attempt_awaiting_review(member):
    assessment = AssessmentPageFactory(questions=[short_answer("q1", keywords="")])
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False):
        attempt = start_attempt(member=member, assessment=assessment)
        submit_attempt(attempt=attempt, member=member, answers={"q1": "Joins rows."})
        assert_refused(
            lambda: start_attempt(member=member, assessment=assessment),
            errors.RETAKE_LATER % {"when": "Mon 9 Mar 2026, 10:00 CET"},
        )


def test_no_cooldown_when_the_page_allows_retakes_at_once(member):
    assessment = AssessmentPageFactory(retake_after_days=0)
    first = start_attempt(member=member, assessment=assessment)
    submit_attempt(attempt=first, member=member)
    second = start_attempt(member=member, assessment=assessment)
    assert second.pk != first.pk


def test_the_cooldown_is_per_member(member, assessment):
    attempt = start_attempt(member=member, assessment=assessment)
    submit_attempt(attempt=attempt, member=member)
    assert start_attempt(member=MemberFactory(), assessment=assessment)


# --- Saving answers ---------------------------------------------------------------


def test_answers_are_saved_as_they_go(member, assessment):
    attempt = start_attempt(member=member, assessment=assessment)
    save_answers(attempt=attempt, member=member, answers={"q1": choice_id("q1", 1)})
    save_answers(attempt=attempt, member=member, answers={"q3": "left join"})
    save_answers(attempt=attempt, member=member, answers={"q1": ""})

    attempt.refresh_from_db()
    assert attempt.answers == {"q3": "left join"}
    assert attempt.status == Status.IN_PROGRESS


def test_only_the_owner_saves_answers(member, assessment):
    attempt = start_attempt(member=member, assessment=assessment)
    stranger = MemberFactory()
    assert_refused(
        lambda: save_answers(attempt=attempt, member=stranger, answers={"q3": "x"}),
        errors.NOT_YOUR_ATTEMPT,
    )
    assert_refused(
        lambda: submit_attempt(attempt=attempt, member=stranger),
        errors.NOT_YOUR_ATTEMPT,
    )
    attempt.refresh_from_db()
    assert attempt.answers == {} and attempt.status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nope": "x"}, errors.UNKNOWN_QUESTION),
        ({"q1": "q1-c42"}, errors.UNKNOWN_CHOICE),
        ({"q2": [choice_id("q2", 0), "forged"]}, errors.UNKNOWN_CHOICE),
        ({"q3": "x" * 2001}, errors.ANSWER_TOO_LONG % {"max": "2,000"}),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(
    member, assessment, answers, message
):
    attempt = start_attempt(member=member, assessment=assessment)
    save_answers(attempt=attempt, member=member, answers={"q3": "kept"})
    assert_refused(
        lambda: save_answers(
            attempt=attempt, member=member, answers={"q1": choice_id("q1", 0)} | answers
        ),
        message,
    )
    attempt.refresh_from_db()
    assert attempt.answers == {"q3": "kept"}


def test_answers_cannot_change_after_submission(member, assessment):
    attempt = start_attempt(member=member, assessment=assessment)
    submit_attempt(attempt=attempt, member=member)
    assert_refused(
        lambda: save_answers(attempt=attempt, member=member, answers=ALL_RIGHT),
        errors.ALREADY_SUBMITTED,
    )
    assert_refused(
        lambda: submit_attempt(attempt=attempt, member=member),
        errors.ALREADY_SUBMITTED,
    )


# --- Submitting and scoring -------------------------------------------------------


def test_submitting_scores_and_records_the_level(
    member, assessment, django_capture_on_commit_callbacks
):
    attempt = start_attempt(member=member, assessment=assessment)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = submit_attempt(attempt=attempt, member=member, answers=ALL_RIGHT)

    assert attempt.status == Status.SCORED
    assert (attempt.points, attempt.max_points, attempt.percent) == (4, 4, 100)
    assert attempt.level == Level.EXPERT
    assert attempt.marks == {"q1": 1, "q2": 2, "q3": 1}
    record = LevelRecord.objects.get()
    assert (record.member, record.skill, record.source, record.level) == (
        member,
        assessment.skill,
        LevelRecord.Source.ASSESSMENT,
        Level.EXPERT,
    )
    assert record.attempt == attempt
    # They see the result at once: no email about it.
    assert mail.outbox == []


def test_a_partly_right_attempt_lands_in_its_band(member, assessment):
    attempt = start_attempt(member=member, assessment=assessment)
    # q1 right (1), q2 one box short (0), q3 right (1): 2 of 4 is 50 %.
    answers = {**ALL_RIGHT, "q2": [choice_id("q2", 0)]}
    attempt = submit_attempt(attempt=attempt, member=member, answers=answers)
    assert (attempt.points, attempt.percent, attempt.level) == (2, 50, 3)


def test_an_empty_attempt_scores_zero_at_the_lowest_band(member, assessment):
    attempt = submit_attempt(
        attempt=start_attempt(member=member, assessment=assessment), member=member
    )
    assert (attempt.points, attempt.level) == (0, Level.NOVICE)


def test_hand_marked_answers_leave_the_attempt_awaiting_review(member):
    assessment = AssessmentPageFactory(
        questions=[single_choice("q1"), short_answer("q2", keywords="")]
    )
    attempt = start_attempt(member=member, assessment=assessment)
    attempt = submit_attempt(
        attempt=attempt,
        member=member,
        answers={"q1": choice_id("q1", 0), "q2": "It joins rows of two tables."},
    )
    assert attempt.status == Status.AWAITING_REVIEW
    assert attempt.marks == {"q1": 1}
    assert attempt.points is None and attempt.level is None
    assert attempt.submitted_at is not None
    assert not LevelRecord.objects.exists()


def test_a_blank_hand_marked_answer_does_not_wait_for_review(member):
    assessment = AssessmentPageFactory(
        questions=[single_choice("q1"), short_answer("q2", keywords="")]
    )
    attempt = start_attempt(member=member, assessment=assessment)
    attempt = submit_attempt(
        attempt=attempt, member=member, answers={"q1": choice_id("q1", 0)}
    )
    assert attempt.status == Status.SCORED
    assert attempt.points == 1


# --- The deadline -----------------------------------------------------------------


@pytest.fixture
def timed(member):
    assessment = AssessmentPageFactory(time_limit_minutes=10)
    with time_machine.travel("2026-05-01 12:00 +0000", tick=False):
        attempt = start_attempt(member=member, assessment=assessment)
        save_answers(attempt=attempt, member=member, answers={"q1": choice_id("q1", 0)})
    return attempt


def test_answers_may_be_saved_until_the_deadline_and_its_grace(member, timed):
    with time_machine.travel(timed.deadline_at + GRACE, tick=False):
        save_answers(attempt=timed, member=member, answers={"q3": "inner join"})
    with time_machine.travel(timed.deadline_at + GRACE + timedelta(seconds=1)):
        assert_refused(
            lambda: save_answers(attempt=timed, member=member, answers={"q3": "x"}),
            errors.TIME_UP,
        )
    timed.refresh_from_db()
    assert timed.answers["q3"] == "inner join"


def test_a_late_submission_scores_only_what_was_saved(member, timed):
    with time_machine.travel(timed.deadline_at + timedelta(minutes=5), tick=False):
        attempt = submit_attempt(attempt=timed, member=member, answers=ALL_RIGHT)
    assert attempt.status == Status.SCORED
    assert attempt.answers == {"q1": choice_id("q1", 0)}
    assert attempt.points == 1


def test_the_sweep_submits_attempts_whose_time_is_up(
    member, timed, django_capture_on_commit_callbacks
):
    on_time = start_attempt(
        member=MemberFactory(),
        assessment=AssessmentPageFactory(time_limit_minutes=60),
    )
    untimed = start_attempt(member=MemberFactory(), assessment=AssessmentPageFactory())

    with (
        time_machine.travel(timed.deadline_at + timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert submit_overdue_attempts() == 1
        # Safe to run again (the next minute, or on another machine).
        assert submit_overdue_attempts() == 0

    timed.refresh_from_db()
    assert (timed.status, timed.points) == (Status.SCORED, 1)
    assert LevelRecord.objects.filter(attempt=timed).exists()
    for other in (on_time, untimed):
        other.refresh_from_db()
        assert other.status == Status.IN_PROGRESS
    # The member was not there to see it: they are emailed.
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "1 of 4 points" in mail.outbox[0].body
    assert f"/assessments/attempts/{timed.pk}/result/" in mail.outbox[0].body


def test_the_sweep_is_a_registered_periodic_job():
    jobs = registered_jobs()
    assert "submit assessment attempts whose time is up" in jobs


def test_starting_after_an_overdue_attempt_submits_it_then_applies_the_cooldown(
    member, timed
):
    with time_machine.travel(timed.deadline_at + timedelta(hours=1), tick=False):
        assert_refused(
            lambda: start_attempt(member=member, assessment=timed.assessment),
            errors.RETAKE_LATER % {"when": "Fri 8 May 2026, 15:10 CEST"},
        )
    timed.refresh_from_db()
    assert timed.status == Status.SCORED


def test_a_multiple_choice_question_with_every_choice_right_scores(member):
    assessment = AssessmentPageFactory(
        questions=[multiple_choice("q1", right=("A", "B"), wrong=())]
    )
    attempt = start_attempt(member=member, assessment=assessment)
    attempt = submit_attempt(
        attempt=attempt,
        member=member,
        answers={"q1": [choice_id("q1", 0), choice_id("q1", 1)]},
    )
    assert attempt.points == 2


# --- Races (PostgreSQL) -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_score_the_attempt_once():
    needs_row_locks()
    ensure_site_tree()
    member = MemberFactory()
    attempt = start_attempt(member=member, assessment=AssessmentPageFactory())

    def submit():
        try:
            submit_attempt(attempt=attempt, member=member, answers=ALL_RIGHT)
        except ProgressError as error:
            return error.message
        return "scored"

    outcomes = run_at_once(submit, times=3)

    assert sorted(outcomes, key=str) == sorted(
        ["scored", errors.ALREADY_SUBMITTED, errors.ALREADY_SUBMITTED], key=str
    )
    assert LevelRecord.objects.filter(attempt=attempt).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_submit_racing_the_sweep_scores_the_attempt_once():
    needs_row_locks()
    ensure_site_tree()
    member = MemberFactory()
    attempt = start_attempt(
        member=member, assessment=AssessmentPageFactory(time_limit_minutes=1)
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - timedelta(minutes=5)
    )

    calls = iter(["submit", "sweep"])

    def submit_or_sweep():
        if next(calls) == "submit":
            try:
                submit_attempt(attempt=attempt, member=member)
            except ProgressError:
                return 0
            return 1
        return submit_overdue_attempts()

    assert sum(run_at_once(submit_or_sweep)) == 1
    assert LevelRecord.objects.filter(attempt=attempt).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_make_one_attempt():
    needs_row_locks()
    ensure_site_tree()
    member = MemberFactory()
    assessment = AssessmentPageFactory()

    attempts = run_at_once(
        lambda: start_attempt(member=member, assessment=assessment), times=3
    )

    assert len({attempt.pk for attempt in attempts}) == 1
    assert Attempt.objects.count() == 1
