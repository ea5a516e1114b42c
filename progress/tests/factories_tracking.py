"""Factories for the tracking tests: skills, level records from each source
(with the attempt or feedback request a record must name), goals, evidence,
and a published assessment to suggest.

sql = skill("SQL")
add_record(member, sql, "assessment", 3, days_ago=30)
GoalFactory(member=member, skill=sql, target_level=4)
"""

import json
from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Site

from core.models import Skill
from progress.models import (
    AssessmentIndexPage,
    AssessmentPage,
    Attempt,
    Evidence,
    FeedbackRequest,
    Goal,
    LevelBand,
    LevelRecord,
)
from sessions.tests.factories import ExpertFactory, MemberFactory

Source = LevelRecord.Source


def skill(name: str) -> Skill:
    found, _created = Skill.objects.get_or_create(
        name=name, defaults={"slug": slugify(name)}
    )
    return found


ONE_QUESTION = json.dumps(
    [
        {
            "type": "single_choice",
            "value": {
                "prompt": "Which clause filters rows?",
                "choices": [
                    {"text": "WHERE", "correct": True},
                    {"text": "ORDER BY", "correct": False},
                ],
                "points": 1,
                "explanation": "",
            },
        }
    ]
)


class TrackingAssessmentIndexFactory(wagtail_factories.PageFactory):
    title = "Assessments"
    slug = "assessments"

    class Meta:
        model = AssessmentIndexPage


def get_assessment_index() -> AssessmentIndexPage:
    index = AssessmentIndexPage.objects.first()
    if index is not None:
        return index
    home = Site.objects.get(is_default_site=True).root_page
    return TrackingAssessmentIndexFactory(parent=home)


class TrackingAssessmentFactory(wagtail_factories.PageFactory):
    """A live one-question assessment in a skill, scoring every result as
    Competent (one band from 0 %)."""

    class Meta:
        model = AssessmentPage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(get_assessment_index)
    title = factory.Sequence(lambda n: f"SQL check {n}")
    skill = factory.LazyFunction(lambda: skill("SQL"))
    summary = "Ten minutes on filtering and joining."
    questions = ONE_QUESTION

    @factory.post_generation
    def bands(self, create, extracted, **kwargs):
        if create:
            LevelBand.objects.create(page=self, min_percent=0, level=3, sort_order=0)


class AttemptFactory(DjangoModelFactory):
    """A scored attempt, kept apart from any page unless `assessment` is
    given (the tests here need its row, not the quiz)."""

    class Meta:
        model = Attempt

    member = factory.SubFactory(MemberFactory)
    assessment = None
    assessment_title = "SQL check"
    skill = factory.LazyFunction(lambda: skill("SQL"))
    status = Attempt.Status.SCORED
    questions = factory.LazyFunction(list)
    bands = factory.LazyFunction(lambda: [[0, 3]])
    submitted_at = factory.LazyFunction(timezone.now)
    scored_at = factory.LazyFunction(timezone.now)
    points = 8
    max_points = 10
    level = 3


class FeedbackRequestFactory(DjangoModelFactory):
    class Meta:
        model = FeedbackRequest

    member = factory.SubFactory(MemberFactory)
    expert = factory.SubFactory(ExpertFactory)
    skill = factory.LazyFunction(lambda: skill("SQL"))
    status = FeedbackRequest.Status.REVIEWED


def add_record(member, on_skill, source, level, *, days_ago: float = 0):
    """A level record as each source leaves it, `days_ago` in the past."""
    when = timezone.now() - timedelta(days=days_ago)
    attempt = feedback = None
    if source == Source.ASSESSMENT:
        attempt = AttemptFactory(member=member, skill=on_skill, level=level)
    elif source == Source.EXPERT:
        feedback = FeedbackRequestFactory(
            member=member, skill=on_skill, reviewed_level=level
        )
    return LevelRecord.objects.create(
        member=member,
        skill=on_skill,
        source=source,
        level=level,
        recorded_at=when,
        attempt=attempt,
        feedback=feedback,
    )


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    member = factory.SubFactory(MemberFactory)
    skill = factory.LazyFunction(lambda: skill("SQL"))
    target_level = 4
    target_date = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=90)
    )


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = Evidence

    member = factory.SubFactory(MemberFactory)
    skill = factory.LazyFunction(lambda: skill("SQL"))
    kind = Evidence.Kind.REPOSITORY
    title = "Query tuning notebook"
    url = "https://github.com/example/query-tuning"
