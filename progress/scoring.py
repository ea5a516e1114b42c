"""How an attempt is scored. Pure functions over progress.questions'
objects and the stored answers; no database.

The rules, per question type:

- Single choice: the question's points if the one choice given is the
  right one, else 0.
- Multiple choice: all or nothing. The points only if the choices given are
  exactly the right set: every right choice and no wrong one. No partial
  credit, so ticking every box never pays.
- Short answer with keywords: the points if the answer holds any keyword,
  compared without regard to case, as a whole word or phrase ("join" counts
  in "an inner join" but not in "joined"; "inner join" matches across any
  spacing), else 0.
- Short answer without keywords: marked by hand (an expert gives 0 to the
  question's points); until then the attempt awaits review. Left blank, it
  scores 0 at once: there is nothing to mark.

The level: the band with the highest starting percent the score reaches,
compared exactly (7 of 10 points reaches a 70 % band; 6.99 of 10 never
does). Percentages shown are rounded down, so a page never shows "70 %" for
a score that did not reach the 70 % band.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from progress.questions import (
    MULTIPLE_CHOICE,
    SHORT_ANSWER,
    SINGLE_CHOICE,
    Question,
)

# Per-question outcomes, for the result page.
RIGHT = "right"
PARTLY = "partly"
WRONG = "wrong"
UNANSWERED = "unanswered"
AWAITING = "awaiting"


def score_single_choice(question: Question, answer) -> int:
    return question.points if answer in question.correct else 0


def score_multiple_choice(question: Question, answer) -> int:
    chosen = set(answer or [])
    return question.points if chosen and chosen == question.correct else 0


def _keyword_pattern(keyword: str) -> re.Pattern:
    words = [re.escape(word) for word in keyword.casefold().split()]
    # Not inside a longer word on either side; any run of spaces between words.
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def contains_keyword(answer: str, keywords: Iterable[str]) -> bool:
    text = (answer or "").strip().casefold()
    return bool(text) and any(
        _keyword_pattern(keyword).search(text) for keyword in keywords if keyword
    )


def score_short_answer(question: Question, answer) -> int | None:
    """The points by keyword, or None when an expert has to mark it."""
    if not (answer or "").strip():
        return 0
    if question.is_hand_marked:
        return None
    return question.points if contains_keyword(answer, question.keywords) else 0


def score_question(question: Question, answer) -> int | None:
    if question.kind == SINGLE_CHOICE:
        return score_single_choice(question, answer)
    if question.kind == MULTIPLE_CHOICE:
        return score_multiple_choice(question, answer)
    if question.kind == SHORT_ANSWER:
        return score_short_answer(question, answer)
    raise ValueError(f"unknown question type {question.kind!r}")


@dataclass(frozen=True)
class Marking:
    """What scoring by rule gives: points per question, and the questions
    still waiting for an expert's mark."""

    marks: dict[str, int]
    awaiting: list[str]


def mark_automatically(questions: list[Question], answers: Mapping) -> Marking:
    marks, awaiting = {}, []
    for question in questions:
        points = score_question(question, answers.get(question.id))
        if points is None:
            awaiting.append(question.id)
        else:
            marks[question.id] = points
    return Marking(marks=marks, awaiting=awaiting)


def percent(points: int, max_points: int) -> int:
    """Whole percent, rounded down."""
    if max_points <= 0:
        return 0
    return points * 100 // max_points


def level_for(points: int, max_points: int, bands: Iterable) -> int:
    """The level of the highest band reached; `bands` as (min_percent, level)
    pairs, one of them starting at 0 (progress.models.validate_bands)."""
    ordered = sorted((int(start), int(level)) for start, level in bands)
    if not ordered:
        raise ValueError("an assessment needs at least one level band")
    reached = ordered[0][1]
    if max_points <= 0:
        return reached
    for start, level in ordered:
        if points * 100 >= start * max_points:
            reached = level
    return reached


def outcome(question: Question, answer, mark: int | None) -> str:
    """How a question went, for the result page."""
    if answer in (None, "", []):
        return UNANSWERED
    if mark is None:
        return AWAITING
    if mark >= question.points:
        return RIGHT
    return PARTLY if mark > 0 else WRONG
