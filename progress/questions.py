"""The questions an attempt copied from its assessment (Attempt.questions,
the raw `questions` stream), read into plain objects, and the answers a
member gives checked against them. No database.

Two views of one question: `Question` carries its answer key (right
choices, keywords) for scoring and the result page; `Prompt` carries none
and is all the attempt page gets, so no template can show a key before the
attempt is submitted.

Answers are `{question id: answer}`: a choice id (single choice), a list of
choice ids (multiple choice) or the text typed (short answer). A question
left unanswered has no entry.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from progress import errors
from progress.errors import ProgressError

SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
SHORT_ANSWER = "short_answer"
KINDS = (SINGLE_CHOICE, MULTIPLE_CHOICE, SHORT_ANSWER)

SHORT_ANSWER_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Choice:
    id: str
    text: str


@dataclass(frozen=True)
class Prompt:
    """What a member answering sees: no answer key."""

    id: str
    kind: str
    number: int
    prompt: str
    points: int
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Question(Prompt):
    """A prompt with its answer key, for scoring and the result page."""

    # Ids of the right choices (choice questions).
    correct: frozenset[str] = field(default_factory=frozenset)
    # Words or phrases that earn a short answer its points.
    keywords: tuple[str, ...] = ()
    explanation: str = ""

    @property
    def is_choice(self) -> bool:
        return self.kind in (SINGLE_CHOICE, MULTIPLE_CHOICE)

    @property
    def is_hand_marked(self) -> bool:
        """A short answer without keywords: an expert gives its points."""
        return self.kind == SHORT_ANSWER and not self.keywords

    @property
    def correct_choices(self) -> list[Choice]:
        return [choice for choice in self.choices if choice.id in self.correct]

    def without_key(self) -> Prompt:
        return Prompt(**{f.name: getattr(self, f.name) for f in fields(Prompt)})


def split_keywords(text: str) -> tuple[str, ...]:
    """Comma-separated keywords, trimmed, blanks and case-insensitive
    duplicates dropped: 'SELECT, select ,,' gives ('SELECT',)."""
    seen: dict[str, str] = {}
    for part in (text or "").split(","):
        keyword = " ".join(part.split())
        if keyword:
            seen.setdefault(keyword.casefold(), keyword)
    return tuple(seen.values())


def _list_items(items) -> list[tuple[str, dict]]:
    """A ListBlock's raw items as (id, value). Wagtail stores them as
    {"type": "item", "value": ..., "id": ...}; lists saved before that format
    hold bare values, which get their position as id."""
    pairs = []
    for position, item in enumerate(items or []):
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            pairs.append((str(item.get("id") or position), item["value"]))
        else:
            pairs.append((str(position), item))
    return pairs


def read_question(raw: dict, number: int) -> Question:
    kind, value = raw["type"], raw["value"]
    common = {
        "id": str(raw["id"]),
        "kind": kind,
        "number": number,
        "prompt": value.get("prompt", ""),
        "points": int(value.get("points") or 1),
        "explanation": value.get("explanation") or "",
    }
    if kind == SHORT_ANSWER:
        return Question(**common, keywords=split_keywords(value.get("keywords", "")))
    items = _list_items(value.get("choices"))
    return Question(
        **common,
        choices=tuple(Choice(id=pk, text=item.get("text", "")) for pk, item in items),
        correct=frozenset(pk for pk, item in items if item.get("correct")),
    )


def read_questions(raw: list[dict]) -> list[Question]:
    """Every question of a copied stream, numbered from 1."""
    return [
        read_question(item, number)
        for number, item in enumerate(
            (item for item in raw or [] if item.get("type") in KINDS), start=1
        )
    ]


def read_prompts(raw: list[dict]) -> list[Prompt]:
    return [question.without_key() for question in read_questions(raw)]


def max_points(questions: list[Question]) -> int:
    return sum(question.points for question in questions)


# --- Checking answers -------------------------------------------------------------


def _clean_answer(question: Question, answer):
    """The answer in its stored form, None for "unanswered", or a refusal."""
    choice_ids = {choice.id for choice in question.choices}
    if question.kind == SINGLE_CHOICE:
        if answer in (None, ""):
            return None
        if not isinstance(answer, str):
            raise ProgressError(errors.ONE_CHOICE)
        if answer not in choice_ids:
            raise ProgressError(errors.UNKNOWN_CHOICE)
        return answer
    if question.kind == MULTIPLE_CHOICE:
        if answer in (None, "", []):
            return None
        if not isinstance(answer, list | tuple) or not all(
            isinstance(pk, str) for pk in answer
        ):
            raise ProgressError(errors.CHOICE_LIST)
        chosen = set(answer)
        if not chosen <= choice_ids:
            raise ProgressError(errors.UNKNOWN_CHOICE)
        # In the order they are offered, each once.
        return [choice.id for choice in question.choices if choice.id in chosen]
    if answer is None:
        return None
    if not isinstance(answer, str):
        raise ProgressError(errors.TEXT_ANSWER)
    text = answer.strip()
    if len(text) > SHORT_ANSWER_MAX_LENGTH:
        raise ProgressError(
            errors.ANSWER_TOO_LONG % {"max": f"{SHORT_ANSWER_MAX_LENGTH:,}"}
        )
    return text or None


def clean_answers(questions: list[Question], answers: Mapping) -> dict:
    """`answers` checked against `questions`: {question id: stored answer, or
    None to clear it}. Refuses (ProgressError) an answer to a question the
    attempt does not have, a choice the question does not offer, a value of
    the wrong shape, or a short answer past SHORT_ANSWER_MAX_LENGTH."""
    if not isinstance(answers, Mapping):
        raise ProgressError(errors.UNKNOWN_QUESTION)
    by_id = {question.id: question for question in questions}
    cleaned = {}
    for question_id, answer in answers.items():
        question = by_id.get(str(question_id))
        if question is None:
            raise ProgressError(errors.UNKNOWN_QUESTION)
        cleaned[question.id] = _clean_answer(question, answer)
    return cleaned
