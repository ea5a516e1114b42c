"""Reads of a member's progress that pages, the dashboard, services and the
public profile reuse. Each is a fixed number of queries however many skills,
records or goals the member has (the page tests pin that)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery

from accounts.level_badges import LevelBadge
from accounts.models import ProfileSkill, User
from core.models import Skill
from forum.models import Thread
from forum.selectors import list_visible_threads
from mentorship.models import Mentorship
from progress.models import (
    Attempt,
    Evidence,
    Goal,
    Level,
    LevelRecord,
    ProgressSharing,
)
from sessions.models import Booking

Source = LevelRecord.Source
# The order a public badge trusts the sources in: an expert's review over a
# score over the member's own word.
TRUSTED_FIRST = (Source.EXPERT, Source.ASSESSMENT, Source.SELF)


@dataclass
class SkillProgress:
    """One skill on the overview: the latest level from each source, the
    open goal, and what follows from them."""

    skill: Skill
    self_rated: LevelRecord | None = None
    assessed: LevelRecord | None = None
    expert: LevelRecord | None = None
    goal: Goal | None = None
    # Filled in by the page that shows it (progress.page_context).
    url: str = ""
    suggestions: object = None

    @property
    def latest(self) -> list[LevelRecord]:
        return [r for r in (self.self_rated, self.assessed, self.expert) if r]

    @property
    def best_level(self) -> int | None:
        """The highest of the current levels: what a goal must go beyond."""
        levels = [record.level for record in self.latest]
        return max(levels) if levels else None

    @property
    def best_level_label(self) -> str:
        return Level(self.best_level).label if self.best_level else ""

    @property
    def gap(self) -> int | None:
        """Self-rated minus expert-reviewed level, when both exist:
        positive when the member rates themselves higher."""
        if self.self_rated is None or self.expert is None:
            return None
        return self.self_rated.level - self.expert.level

    @property
    def gap_size(self) -> int:
        return abs(self.gap or 0)

    @property
    def levels_to_go(self) -> int | None:
        if self.goal is None:
            return None
        return max(self.goal.target_level - (self.best_level or 0), 0)


def _latest_of_each_source(records: QuerySet[LevelRecord]) -> QuerySet[LevelRecord]:
    """The newest record per (member, skill, source) among `records`."""
    newest = (
        LevelRecord.objects.filter(
            member=OuterRef("member"),
            skill=OuterRef("skill"),
            source=OuterRef("source"),
        )
        .order_by("-recorded_at", "-pk")
        .values("pk")[:1]
    )
    return records.filter(pk=Subquery(newest))


def list_latest_records(member: User, skill_ids=None) -> list[LevelRecord]:
    """The member's current level from each source, per skill, in one query
    (`skill_ids` narrows it, as a list or a subquery)."""
    records = LevelRecord.objects.filter(member=member)
    if skill_ids is not None:
        records = records.filter(skill__in=skill_ids)
    return list(_latest_of_each_source(records).select_related("skill"))


def get_current_level(*, member: User, skill: Skill) -> int | None:
    """The highest of the member's latest levels in `skill` (one per source)."""
    levels = [r.level for r in list_latest_records(member, [skill.pk])]
    return max(levels) if levels else None


def get_open_goal(*, member: User, skill: Skill) -> Goal | None:
    return Goal.objects.filter(
        member=member, skill=skill, achieved_at__isnull=True
    ).first()


def list_tracked_skills(member: User) -> QuerySet[Skill]:
    """Skills on the member's profile, and any with a level or a goal."""
    on_profile = ProfileSkill.objects.filter(content_object__user=member).values(
        "tag_id"
    )
    rated = LevelRecord.objects.filter(member=member).values("skill_id")
    aimed_at = Goal.objects.filter(member=member).values("skill_id")
    return Skill.objects.filter(
        Q(pk__in=on_profile) | Q(pk__in=rated) | Q(pk__in=aimed_at)
    ).order_by("name")


def _progress_for(member: User, skills: list[Skill]) -> list[SkillProgress]:
    by_skill = {skill.pk: SkillProgress(skill=skill) for skill in skills}
    ids = list(by_skill)
    for record in list_latest_records(member, ids):
        setattr(by_skill[record.skill_id], _SLOT[record.source], record)
    for goal in Goal.objects.filter(
        member=member, skill__in=ids, achieved_at__isnull=True
    ).select_related("skill"):
        by_skill[goal.skill_id].goal = goal
    return list(by_skill.values())


_SLOT = {
    Source.SELF: "self_rated",
    Source.ASSESSMENT: "assessed",
    Source.EXPERT: "expert",
}


def get_overview(member: User) -> list[SkillProgress]:
    """Every tracked skill with its levels and open goal: three queries."""
    return _progress_for(member, list(list_tracked_skills(member)))


def get_skill_progress(*, member: User, skill: Skill) -> SkillProgress:
    return _progress_for(member, [skill])[0]


def list_level_history(*, member: User, skill: Skill) -> list[LevelRecord]:
    """Every level the member had in `skill`, oldest first."""
    return list(
        LevelRecord.objects.filter(member=member, skill=skill).order_by(
            "recorded_at", "pk"
        )
    )


def list_goals(member: User) -> QuerySet[Goal]:
    """Every goal of the member's, open ones first, soonest first."""
    return (
        Goal.objects.filter(member=member)
        .select_related("skill")
        .order_by(F("achieved_at").desc(nulls_first=True), "target_date", "pk")
    )


def list_achieved_goals(*, member: User, skill: Skill) -> QuerySet[Goal]:
    return Goal.objects.filter(
        member=member, skill=skill, achieved_at__isnull=False
    ).order_by("-achieved_at")


def list_evidence(*, member: User, skill: Skill) -> QuerySet[Evidence]:
    return Evidence.objects.filter(member=member, skill=skill)


def list_attended_sessions(*, member: User, skill: Skill) -> QuerySet[Booking]:
    """Sessions in `skill` the host marked the member as having attended,
    read from the bookings (never copied into progress)."""
    return (
        Booking.objects.filter(
            member=member,
            status=Booking.Status.ATTENDED,
            session__skill_items__tag=skill,
        )
        .select_related("session")
        .order_by("-session__starts_at")
        .distinct()
    )


def list_accepted_answers(*, member: User, skill: Skill) -> QuerySet[Thread]:
    """Visible questions tagged `skill` whose accepted answer is the
    member's (and still visible), read from the forum."""
    return (
        list_visible_threads()
        .filter(
            skill_items__tag=skill,
            accepted_answer__author=member,
            accepted_answer__is_hidden=False,
            accepted_answer__deleted_at__isnull=True,
        )
        .select_related("accepted_answer")
        .order_by("-accepted_answer__created_at")
        .distinct()
    )


def list_taken_assessments(*, member: User, skill: Skill) -> QuerySet[Attempt]:
    """Attempts in `skill` that were submitted (scored or awaiting marks)."""
    return Attempt.objects.filter(member=member, skill=skill).exclude(
        status=Attempt.Status.IN_PROGRESS
    )


# --- Sharing ---------------------------------------------------------------


def get_sharing(member: User) -> ProgressSharing | None:
    return (
        ProgressSharing.objects.filter(member=member)
        .prefetch_related("public_skills")
        .first()
    )


def list_rated_skills(member: User) -> QuerySet[Skill]:
    """Skills the member has a level in: the only ones a badge can show."""
    rated = LevelRecord.objects.filter(member=member).values("skill_id")
    return Skill.objects.filter(pk__in=rated).order_by("name")


def list_level_badges(member: User) -> list[LevelBadge]:
    """The levels the member chose to show on their public profile (none
    unless they chose), each from the most trusted source: one query."""
    through = ProgressSharing.public_skills.through
    chosen = through.objects.filter(progresssharing__member=member).values("skill_id")
    best: dict[int, LevelRecord] = {}
    for record in list_latest_records(member, chosen):
        held = best.get(record.skill_id)
        if held is None or TRUSTED_FIRST.index(record.source) < TRUSTED_FIRST.index(
            held.source
        ):
            best[record.skill_id] = record
    return [
        LevelBadge(
            skill=record.skill.name,
            level=record.level,
            level_label=record.get_level_display(),
            source_label=record.get_source_display(),
        )
        for record in sorted(best.values(), key=lambda r: r.skill.name.lower())
    ]


def can_view_progress(*, viewer, member: User) -> bool:
    """The member themselves, or a mentor in an active mentorship with them
    when they share with their mentors. Nobody else, staff included."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.pk == member.pk:
        return True
    return Mentorship.objects.filter(
        mentor=viewer,
        mentee=member,
        status=Mentorship.Status.ACTIVE,
        mentee__progress_sharing__share_with_mentors=True,
    ).exists()


def list_mentees_sharing_with(mentor: User) -> QuerySet[User]:
    """Mentees in active mentorships with `mentor` who let their mentors see
    their progress."""
    return (
        User.objects.filter(
            is_active=True,
            mentorships_as_mentee__mentor=mentor,
            mentorships_as_mentee__status=Mentorship.Status.ACTIVE,
            progress_sharing__share_with_mentors=True,
        )
        .distinct()
        .order_by("name", "username")
    )


# --- Dashboard -------------------------------------------------------------


@dataclass(frozen=True)
class DashboardSummary:
    rated_skills: int
    open_goals: list[Goal]
    last_recorded_at: datetime | None


def get_dashboard_summary(member: User) -> DashboardSummary:
    """What the dashboard's progress card says, in two queries."""
    numbers = LevelRecord.objects.filter(member=member).aggregate(
        rated=Count("skill", distinct=True), latest=Max("recorded_at")
    )
    goals = list(
        Goal.objects.filter(member=member, achieved_at__isnull=True)
        .select_related("skill")
        .order_by("target_date", "pk")
    )
    return DashboardSummary(
        rated_skills=numbers["rated"],
        open_goals=goals,
        last_recorded_at=numbers["latest"],
    )
