"""What could close the gap between a member's level and their goal: a few
upcoming sessions, articles and courses, mentors and assessments in the
skill, from the catalogue anyone may browse.

Only pages anyone may see are suggested (`core.access.visible_pages`
without a viewer: live, no privacy restriction); premium articles and
courses are listed by their public listing fields (title, summary) as
/learn/ lists them. One query per kind however many goals: each kind is
ranked per skill in the database (ROW_NUMBER over the skill) and cut
there.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from content.models import ArticlePage, ArticlePageSkill, CoursePage, CoursePageSkill
from core.access import visible_pages
from experts.models import ExpertPage, MentorSkill
from progress.models import AssessmentPage, Level
from sessions.models import SessionPage, SessionPageSkill

PER_KIND = 3

# Which sessions suit someone at a level on our five-stage scale.
SESSION_LEVEL_FOR = {
    Level.NOVICE: SessionPage.Level.BEGINNER,
    Level.ADVANCED_BEGINNER: SessionPage.Level.BEGINNER,
    Level.COMPETENT: SessionPage.Level.INTERMEDIATE,
    Level.PROFICIENT: SessionPage.Level.ADVANCED,
    Level.EXPERT: SessionPage.Level.ADVANCED,
}


@dataclass(frozen=True)
class Gap:
    """From `current` (None: not rated yet) to `target` in one skill."""

    skill_id: int
    current: int | None
    target: int

    @property
    def steps(self) -> range:
        """The levels still to gain (the target alone when none are left)."""
        first = (self.current or 0) + 1
        return range(min(first, self.target), self.target + 1)

    @property
    def session_levels(self) -> set[str]:
        wanted = {SESSION_LEVEL_FOR[Level(step)] for step in self.steps}
        return wanted | {SessionPage.Level.ALL}


@dataclass
class Suggestions:
    sessions: list[SessionPage] = field(default_factory=list)
    reading: list = field(default_factory=list)
    mentors: list[ExpertPage] = field(default_factory=list)
    assessments: list[AssessmentPage] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sessions or self.reading or self.mentors or self.assessments)


def gap_for(*, skill_id: int, current: int | None, target: int | None) -> Gap:
    """The gap to a goal's target, or to the next level when there is none."""
    if target is None:
        target = min((current or 0) + 1, Level.EXPERT)
    return Gap(skill_id=skill_id, current=current, target=target)


def _top_per_skill(rows: QuerySet, *, skill: str, order_by: list, limit: int):
    ranked = rows.annotate(
        rank=Window(RowNumber(), partition_by=F(skill), order_by=order_by)
    )
    return ranked.filter(rank__lte=limit)


def _any_of(gaps: list[Gap], make) -> Q:
    wanted = Q()
    for gap in gaps:
        wanted |= make(gap)
    return wanted


def _sessions(gaps: list[Gap], member: User, limit: int):
    upcoming = visible_pages(
        SessionPage.objects.filter(
            status=SessionPage.Status.SCHEDULED, starts_at__gte=timezone.now()
        ).exclude(host=member)
    )
    rows = SessionPageSkill.objects.filter(
        _any_of(
            gaps,
            lambda gap: Q(
                tag_id=gap.skill_id, content_object__level__in=gap.session_levels
            ),
        ),
        content_object__in=upcoming.values("pk"),
    )
    ranked = _top_per_skill(
        rows,
        skill="tag_id",
        order_by=[F("content_object__starts_at").asc(), F("content_object_id").asc()],
        limit=limit,
    )
    return [
        (row.tag_id, row.content_object)
        for row in ranked.select_related("content_object")
    ]


def _reading(gaps: list[Gap], limit: int):
    found = []
    for model, through in (
        (ArticlePage, ArticlePageSkill),
        (CoursePage, CoursePageSkill),
    ):
        rows = through.objects.filter(
            tag_id__in=[gap.skill_id for gap in gaps],
            content_object__in=visible_pages(model.objects.all()).values("pk"),
        )
        ranked = _top_per_skill(
            rows,
            skill="tag_id",
            order_by=[
                F("content_object__first_published_at").desc(nulls_last=True),
                F("content_object_id").desc(),
            ],
            limit=limit,
        )
        found += [
            (row.tag_id, row.content_object)
            for row in ranked.select_related("content_object")
        ]
    found.sort(key=_newest_first)
    return found


def _newest_first(pair) -> tuple:
    page = pair[1]
    published = page.first_published_at
    return (published is None, -(published.timestamp() if published else 0), -page.pk)


def _mentors(gaps: list[Gap], member: User, limit: int):
    accepting = visible_pages(ExpertPage.objects.filter(accepts_mentees=True)).exclude(
        expert=member
    )
    rows = MentorSkill.objects.filter(
        _any_of(gaps, lambda gap: Q(skill_id=gap.skill_id, level__gte=gap.target)),
        page__in=accepting.values("pk"),
    )
    ranked = _top_per_skill(
        rows,
        skill="skill_id",
        order_by=[F("level").desc(), F("page__title").asc(), F("page_id").asc()],
        limit=limit,
    )
    return [(row.skill_id, row.page) for row in ranked.select_related("page")]


def _assessments(gaps: list[Gap], limit: int):
    pages = visible_pages(
        AssessmentPage.objects.filter(skill_id__in=[gap.skill_id for gap in gaps])
    )
    ranked = _top_per_skill(
        pages, skill="skill_id", order_by=[F("title").asc(), F("pk").asc()], limit=limit
    )
    return [(page.skill_id, page) for page in ranked]


def suggest(
    gaps: list[Gap], *, member: User, limit: int = PER_KIND
) -> dict[int, Suggestions]:
    """Suggestions per skill id for these gaps, a few of each kind."""
    found: dict[int, Suggestions] = defaultdict(Suggestions)
    if not gaps:
        return found
    for skill_id, session in _sessions(gaps, member, limit):
        found[skill_id].sessions.append(session)
    for skill_id, item in _reading(gaps, limit):
        if len(found[skill_id].reading) < limit:
            found[skill_id].reading.append(item)
    for skill_id, page in _mentors(gaps, member, limit):
        found[skill_id].mentors.append(page)
    for skill_id, page in _assessments(gaps, limit):
        found[skill_id].assessments.append(page)
    return found
