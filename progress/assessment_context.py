"""What the assessment pages show a given viewer: the assessment's own page
(its rules, the member's attempts, whether and when they may start) and an
attempt's result, question by question."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest

from accounts.selectors import has_verified_email
from progress import errors, scoring
from progress.assessment_selectors import (
    get_retake_at,
    list_live_assessments,
    list_member_attempts,
)
from progress.models import Attempt, Level
from progress.questions import SHORT_ANSWER, Question, read_questions
from sessions.timezones import shown_time

Status = Attempt.Status


PER_PAGE = 24


def assessment_index_context(index, request: HttpRequest) -> dict:
    assessments = Paginator(list_live_assessments().child_of(index), PER_PAGE)
    return {"assessments": assessments.get_page(request.GET.get("page"))}


def assessment_page_context(page, request: HttpRequest) -> dict:
    user = request.user
    # An editor's preview may be of a page not saved yet: nobody's attempts.
    previewing = getattr(request, "is_preview", False) or page.pk is None
    attempts = [] if previewing else list(list_member_attempts(user, page))
    in_progress = next((a for a in attempts if a.status == Status.IN_PROGRESS), None)
    retake_at = None if in_progress or previewing else get_retake_at(user, page)
    problem = None
    if user.is_authenticated and not in_progress and not has_verified_email(user):
        problem = errors.EMAIL_NOT_VERIFIED
    return {
        "question_count": len(page.questions),
        "bands": sorted(page.bands.all(), key=lambda band: band.min_percent),
        "attempts": [
            {"attempt": a, "submitted": shown_time(a.submitted_at, user)}
            for a in attempts
            if a.status != Status.IN_PROGRESS
        ],
        "in_progress": in_progress,
        "deadline": (
            shown_time(in_progress.deadline_at, user)
            if in_progress and in_progress.deadline_at
            else None
        ),
        "retake_at": shown_time(retake_at, user) if retake_at else None,
        "start_problem": problem,
        "previewing": previewing,
        "email_problem": errors.EMAIL_NOT_VERIFIED,
    }


# --- The result ---------------------------------------------------------------------


# Outcome -> (words, badge modifier): the words say it, the colour repeats it.
OUTCOME_LABELS = {
    scoring.RIGHT: ("Right", "success"),
    scoring.PARTLY: ("Partly right", "warning"),
    scoring.WRONG: ("Wrong", "danger"),
    scoring.UNANSWERED: ("Not answered", "neutral"),
    scoring.AWAITING: ("Awaiting marking", "info"),
}


@dataclass(frozen=True)
class ResultRow:
    """One question of a submitted attempt, with its key revealed."""

    question: Question
    outcome: str
    mark: int | None
    # What the member answered: the texts of their choices, or their words.
    given: list[str]

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome][0]

    @property
    def outcome_badge(self) -> str:
        return OUTCOME_LABELS[self.outcome][1]

    @property
    def right_answers(self) -> list[str]:
        return [choice.text for choice in self.question.correct_choices]


def result_rows(attempt: Attempt) -> list[ResultRow]:
    rows = []
    for question in read_questions(attempt.questions):
        answer = attempt.answers.get(question.id)
        if question.kind == SHORT_ANSWER:
            given = [answer] if answer else []
        else:
            chosen = answer if isinstance(answer, list) else [answer]
            given = [c.text for c in question.choices if c.id in chosen]
        mark = attempt.marks.get(question.id)
        rows.append(
            ResultRow(
                question=question,
                outcome=scoring.outcome(question, answer, mark),
                mark=mark,
                given=given,
            )
        )
    return rows


def result_context(attempt: Attempt, user) -> dict:
    late = bool(
        attempt.deadline_at
        and attempt.submitted_at
        and attempt.submitted_at > attempt.deadline_at
    )
    return {
        "attempt": attempt,
        "rows": result_rows(attempt),
        "level_label": Level(attempt.level).label if attempt.level else "",
        "submitted": shown_time(attempt.submitted_at, user),
        "late": late,
        "awaiting": attempt.status == Status.AWAITING_REVIEW,
    }
