"""Factories for assessments and attempts, shared by every progress test.

Questions are built as the raw stream Wagtail stores (with fixed ids, so a
test can answer them by id)::

    page = AssessmentPageFactory(
        questions=[
            single_choice("q1", "Which clause filters rows?", right="WHERE",
                          wrong=["ORDER BY", "GROUP BY"]),
            short_answer("q2", "Name a join.", keywords="inner join, left join"),
        ],
        bands=[(0, 1), (50, 3), (90, 5)],
    )
    attempt = start_attempt(member=MemberFactory(), assessment=page)
    save_answers(attempt=attempt, member=attempt.member,
                 answers={"q1": choice_id("q1", 0)})

The choices of question "q1" get the ids "q1-c0", "q1-c1", ... in the
order given (right choices first).
"""

import factory
import wagtail_factories
from wagtail.models import Site

from core.models import Skill
from progress.models import AssessmentIndexPage, AssessmentPage, LevelBand
from sessions.tests.factories import ExpertFactory


def choice_id(question_id: str, position: int) -> str:
    return f"{question_id}-c{position}"


def _choices(question_id, right, wrong) -> list[dict]:
    texts = [(text, True) for text in right] + [(text, False) for text in wrong]
    return [
        {
            "type": "item",
            "id": choice_id(question_id, position),
            "value": {"text": text, "correct": correct},
        }
        for position, (text, correct) in enumerate(texts)
    ]


def _choice_question(kind, question_id, prompt, right, wrong, points, explanation):
    return {
        "type": kind,
        "id": question_id,
        "value": {
            "prompt": prompt,
            "choices": _choices(question_id, right, wrong),
            "points": points,
            "explanation": explanation,
        },
    }


def single_choice(
    question_id: str,
    prompt: str = "Which clause filters rows?",
    *,
    right: str = "WHERE",
    wrong=("ORDER BY", "GROUP BY"),
    points: int = 1,
    explanation: str = "WHERE keeps the rows its condition holds for.",
) -> dict:
    return _choice_question(
        "single_choice", question_id, prompt, [right], list(wrong), points, explanation
    )


def multiple_choice(
    question_id: str,
    prompt: str = "Which of these are aggregate functions?",
    *,
    right=("COUNT", "SUM"),
    wrong=("UPPER", "ROUND"),
    points: int = 2,
    explanation: str = "Aggregates fold many rows into one value.",
) -> dict:
    return _choice_question(
        "multiple_choice",
        question_id,
        prompt,
        list(right),
        list(wrong),
        points,
        explanation,
    )


def short_answer(
    question_id: str,
    prompt: str = "Name a kind of join.",
    *,
    keywords: str = "inner join, left join",
    points: int = 1,
    explanation: str = "Inner, left, right and full outer joins.",
) -> dict:
    return {
        "type": "short_answer",
        "id": question_id,
        "value": {
            "prompt": prompt,
            "keywords": keywords,
            "points": points,
            "explanation": explanation,
        },
    }


def sample_questions() -> list[dict]:
    """One of each kind: 1 + 2 + 1 points."""
    return [single_choice("q1"), multiple_choice("q2"), short_answer("q3")]


class AssessmentIndexPageFactory(wagtail_factories.PageFactory):
    title = "Assessments"
    slug = "assessments"
    intro = "Short quizzes written by experts."

    class Meta:
        model = AssessmentIndexPage


def get_assessment_index() -> AssessmentIndexPage:
    """The site's AssessmentIndexPage (the data migration makes it), built if
    a flushed database lost it."""
    index = AssessmentIndexPage.objects.first()
    if index is not None:
        return index
    home = Site.objects.get(is_default_site=True).root_page
    return AssessmentIndexPageFactory(parent=home)


def get_skill(name: str = "SQL") -> Skill:
    skill, _ = Skill.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-")}
    )
    return skill


class AssessmentPageFactory(wagtail_factories.PageFactory):
    """A live SQL assessment with one question of each kind, no time limit,
    a 7-day retake rule and three bands (0 % novice, 50 % competent, 90 %
    expert), written by an expert.

    `bands=[(min_percent, level), ...]` replaces the bands."""

    class Meta:
        model = AssessmentPage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(get_assessment_index)
    title = factory.Sequence(lambda n: f"SQL basics {n}")
    owner = factory.SubFactory(ExpertFactory)
    skill = factory.LazyFunction(get_skill)
    summary = "Ten minutes on SELECT, WHERE and joins."
    intro = "Answer what you can; unanswered questions score nothing."
    questions = factory.LazyFunction(sample_questions)
    time_limit_minutes = None
    retake_after_days = 7

    @factory.post_generation
    def bands(self, create, extracted, **kwargs):
        pairs = extracted if extracted is not None else [(0, 1), (50, 3), (90, 5)]
        self.bands = [
            LevelBand(min_percent=start, level=level, sort_order=position)
            for position, (start, level) in enumerate(pairs)
        ]
        if create:
            self.save()
