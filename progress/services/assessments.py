"""Taking an assessment: starting an attempt, saving answers as they go,
submitting, the deadline sweep, and marking short answers by hand.

Every write to an attempt locks its row first, so a double-clicked Submit,
the deadline sweep and an expert's marks never score one attempt twice:
whoever comes second finds it no longer in progress (or no longer awaiting
review) and is refused. A scored attempt adds its level to the member's
history (progress.services.levels.record_level) in the same transaction.

The deadline: answers may be saved until `deadline_at`, plus GRACE for a
form posted just before it and still on its way. After that, submitting
scores what was saved before and ignores what came with it.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import has_verified_email
from progress import assessment_emails as emails
from progress import errors, scoring
from progress.assessment_selectors import can_mark, get_retake_at
from progress.errors import ProgressError
from progress.models import AssessmentPage, Attempt, LevelRecord
from progress.questions import clean_answers, max_points, read_questions
from progress.services.levels import record_level
from sessions.timezones import format_datetime, member_zone

Status = Attempt.Status
GRACE = timedelta(seconds=30)
# Attempts the deadline sweep scores per run; the rest wait a minute.
SWEEP_BATCH = 200


def is_overdue(attempt: Attempt, now: datetime | None = None) -> bool:
    """In progress past its deadline (and the grace for a form on its way)."""
    return (
        attempt.status == Status.IN_PROGRESS
        and attempt.deadline_at is not None
        and (now or timezone.now()) > attempt.deadline_at + GRACE
    )


def _lock(attempt_or_pk) -> Attempt:
    pk = getattr(attempt_or_pk, "pk", attempt_or_pk)
    # `of`: lock the attempt alone, not the member or page rows joined in.
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("member", "skill", "assessment")
        .get(pk=pk)
    )


def _lock_own(attempt: Attempt, member) -> Attempt:
    if getattr(member, "pk", None) is None or attempt.member_id != member.pk:
        raise ProgressError(errors.NOT_YOUR_ATTEMPT)
    attempt = _lock(attempt)
    if attempt.status != Status.IN_PROGRESS:
        raise ProgressError(errors.ALREADY_SUBMITTED)
    return attempt


def _copy_questions(assessment: AssessmentPage) -> list[dict]:
    # Through the blocks rather than the raw stream: every choice list comes
    # out in Wagtail's current format, each choice with a stable id.
    return [child.get_prep_value() for child in assessment.questions]


# --- Starting ---------------------------------------------------------------------


def start_attempt(*, member: User, assessment: AssessmentPage) -> Attempt:
    """The member's attempt in progress at `assessment`, started now unless
    they have one already. Refused before the retake cooldown from their
    last submitted attempt has passed. An attempt left in progress past its
    deadline is submitted first, in a transaction of its own: it stays
    submitted (and starts the cooldown) even when the new start is refused."""
    if not getattr(member, "is_authenticated", False):
        raise ProgressError(errors.SIGN_IN)
    if not has_verified_email(member):
        raise ProgressError(errors.EMAIL_NOT_VERIFIED)
    overdue = Attempt.objects.filter(
        member=member, assessment_id=assessment.pk, status=Status.IN_PROGRESS
    ).first()
    if overdue is not None and is_overdue(overdue):
        submit_if_overdue(attempt=overdue)
    return _start_attempt(member, assessment)


@transaction.atomic
def _start_attempt(member: User, assessment: AssessmentPage) -> Attempt:
    assessment = AssessmentPage.objects.live().filter(pk=assessment.pk).first()
    if assessment is None:
        raise ProgressError(errors.ASSESSMENT_UNKNOWN)
    now = timezone.now()
    current = Attempt.objects.filter(
        member=member, assessment=assessment, status=Status.IN_PROGRESS
    ).first()
    if current is not None:
        return current
    retake_at = get_retake_at(member, assessment, now=now)
    if retake_at is not None:
        when = format_datetime(retake_at.astimezone(member_zone(member)))
        raise ProgressError(errors.RETAKE_LATER % {"when": when})
    limit = assessment.time_limit_minutes
    bands = [[band.min_percent, band.level] for band in assessment.bands.all()]
    try:
        # A savepoint: a second start racing this one meets the
        # one-in-progress constraint, and gets the winner's attempt.
        with transaction.atomic():
            return Attempt.objects.create(
                member=member,
                assessment=assessment,
                assessment_title=assessment.title,
                skill_id=assessment.skill_id,
                questions=_copy_questions(assessment),
                bands=bands,
                started_at=now,
                deadline_at=now + timedelta(minutes=limit) if limit else None,
            )
    except IntegrityError:
        return Attempt.objects.get(
            member=member, assessment=assessment, status=Status.IN_PROGRESS
        )


# --- Answering and submitting -----------------------------------------------------


def _apply_answers(attempt: Attempt, answers: Mapping) -> None:
    cleaned = clean_answers(read_questions(attempt.questions), answers)
    merged = dict(attempt.answers)
    for question_id, answer in cleaned.items():
        if answer is None:
            merged.pop(question_id, None)
        else:
            merged[question_id] = answer
    attempt.answers = merged


@transaction.atomic
def save_answers(*, attempt: Attempt, member: User, answers: Mapping) -> Attempt:
    """Keep the member's answers so far (`{question id: answer}`; an empty
    answer clears one). Their own attempt only, while in progress and before
    the deadline."""
    attempt = _lock_own(attempt, member)
    if is_overdue(attempt):
        raise ProgressError(errors.TIME_UP)
    _apply_answers(attempt, answers)
    attempt.save(update_fields=["answers"])
    return attempt


@transaction.atomic
def submit_attempt(
    *, attempt: Attempt, member: User, answers: Mapping | None = None
) -> Attempt:
    """Hand the attempt in, with `answers` saved first if the deadline has
    not passed (past it, they are ignored and what was saved is scored).
    Scored at once, unless short answers wait for an expert's marks."""
    attempt = _lock_own(attempt, member)
    now = timezone.now()
    if answers is not None and not is_overdue(attempt, now):
        _apply_answers(attempt, answers)
    _submit(attempt, now)
    return attempt


@transaction.atomic
def submit_if_overdue(*, attempt: Attempt) -> Attempt:
    """Submit an attempt left in progress past its deadline (what was saved
    is scored), as the sweep would; anything else is returned unchanged."""
    locked = _lock(attempt)
    if is_overdue(locked):
        _submit(locked, timezone.now())
    return locked


def submit_overdue_attempts(*, now: datetime | None = None) -> int:
    """The periodic sweep: submit attempts whose deadline passed. Each in
    its own transaction, skipping rows another run (or the member's own
    Submit) holds; their owners are emailed the result."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        status=Status.IN_PROGRESS, deadline_at__lt=now - GRACE
    ).order_by("deadline_at", "pk")
    done = 0
    for pk in list(overdue.values_list("pk", flat=True)[:SWEEP_BATCH]):
        with transaction.atomic():
            attempt = (
                Attempt.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("member", "skill", "assessment")
                .filter(pk=pk, status=Status.IN_PROGRESS)
                .first()
            )
            if attempt is None:
                continue
            _submit(attempt, now, notify=True)
            done += 1
    return done


def _submit(attempt: Attempt, now: datetime, *, notify: bool = False) -> None:
    """Score a locked attempt in progress by rule; hand-marked short answers
    leave it awaiting review."""
    questions = read_questions(attempt.questions)
    marking = scoring.mark_automatically(questions, attempt.answers)
    attempt.marks = marking.marks
    attempt.submitted_at = now
    attempt.max_points = max_points(questions)
    if marking.awaiting:
        attempt.status = Status.AWAITING_REVIEW
        attempt.save()
        return
    _finish(attempt, now, notify=notify)


def _finish(attempt: Attempt, now: datetime, *, notify: bool) -> None:
    """Every question has its mark: total, level, history, email."""
    attempt.points = sum(attempt.marks.values())
    attempt.level = scoring.level_for(attempt.points, attempt.max_points, attempt.bands)
    attempt.status = Status.SCORED
    attempt.scored_at = now
    attempt.save()
    record_level(
        member=attempt.member,
        skill=attempt.skill,
        source=LevelRecord.Source.ASSESSMENT,
        level=attempt.level,
        attempt=attempt,
    )
    if notify:
        emails.send_attempt_scored(attempt)


# --- Marking by hand --------------------------------------------------------------


def _clean_marks(questions, awaiting: set[str], marks: Mapping) -> dict[str, int]:
    by_id = {question.id: question for question in questions}
    cleaned = {}
    for question_id, points in marks.items():
        question_id = str(question_id)
        if question_id not in awaiting:
            raise ProgressError(errors.UNKNOWN_QUESTION)
        if (
            isinstance(points, bool)
            or not isinstance(points, int)
            or not 0 <= points <= by_id[question_id].points
        ):
            raise ProgressError(errors.BAD_MARK)
        cleaned[question_id] = points
    if set(cleaned) != awaiting:
        raise ProgressError(errors.MARK_EVERY_ANSWER)
    return cleaned


@transaction.atomic
def mark_short_answers(
    *, attempt: Attempt, marks: Mapping[str, int], by: User
) -> Attempt:
    """An expert's points for the short answers awaiting review
    (`{question id: points}`, every one of them, each from 0 to the
    question's points). The attempt is then scored, the level recorded and
    the member emailed. By the assessment's author or staff only."""
    attempt = _lock(attempt)
    if not can_mark(by, attempt.assessment):
        raise ProgressError(errors.MAY_NOT_MARK)
    if attempt.member_id == by.pk:
        raise ProgressError(errors.MARK_OWN_ATTEMPT)
    if attempt.status != Status.AWAITING_REVIEW:
        raise ProgressError(errors.NOT_AWAITING_REVIEW)
    questions = read_questions(attempt.questions)
    awaiting = {q.id for q in questions if q.id not in attempt.marks}
    attempt.marks = {**attempt.marks, **_clean_marks(questions, awaiting, marks)}
    _finish(attempt, timezone.now(), notify=True)
    return attempt
