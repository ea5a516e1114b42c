"""Reads for feedback requests: the member's list, the expert's queue, and
what the expert sees of the member to answer one."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import ProfileSkill, User
from core.models import Skill
from experts.models import ExpertPageSkill
from experts.selectors import list_visible_experts
from mentorship.models import Mentorship
from progress.models import Attempt, Evidence, FeedbackRequest, LevelRecord
from progress.selectors import (
    list_evidence,
    list_level_history,
    list_taken_assessments,
)


def list_requests_of_member(member: User) -> QuerySet[FeedbackRequest]:
    return FeedbackRequest.objects.filter(member=member).select_related(
        "expert", "skill"
    )


def list_requests_to_expert(expert: User) -> QuerySet[FeedbackRequest]:
    return FeedbackRequest.objects.filter(expert=expert).select_related(
        "member", "skill"
    )


def list_mentors_of(member: User) -> QuerySet[User]:
    return User.objects.filter(
        mentorships_as_mentor__mentee=member,
        mentorships_as_mentor__status__in=(
            Mentorship.Status.ACTIVE,
            Mentorship.Status.PAUSED,
        ),
    ).distinct()


def get_askable_expert(username: str) -> User | None:
    """An active expert the page can offer to ask, by username."""
    return User.objects.filter(
        username=username, is_active=True, profile__is_expert=True
    ).first()


def list_skills_to_ask_about(member: User, expert: User) -> QuerySet[Skill]:
    """The skills on the member's profile or in their history, and the
    expert's, in one list."""
    expert_pages = list_visible_experts().filter(expert=expert)
    return Skill.objects.filter(
        Q(
            pk__in=ProfileSkill.objects.filter(content_object__user=member).values(
                "tag_id"
            )
        )
        | Q(pk__in=LevelRecord.objects.filter(member=member).values("skill_id"))
        | Q(
            pk__in=ExpertPageSkill.objects.filter(
                content_object__in=expert_pages
            ).values("tag_id")
        )
    ).order_by("name")


@dataclass(frozen=True)
class MemberInSkill:
    """What an expert sees of a member to review their level in a skill."""

    records: list[LevelRecord]
    evidence: list[Evidence]
    attempts: list[Attempt]


def get_member_in_skill(member: User, skill: Skill) -> MemberInSkill:
    """The tracking pages' own reads, the history latest first."""
    return MemberInSkill(
        records=list(reversed(list_level_history(member=member, skill=skill))),
        evidence=list(list_evidence(member=member, skill=skill)),
        attempts=list(
            list_taken_assessments(member=member, skill=skill).filter(
                status=Attempt.Status.SCORED
            )
        ),
    )
