"""What an expert may know of the levels of people who book their sessions:
counts per skill and level, never a person. A skill shows only when at least
MIN_GROUP members have a level in it, so nobody can be singled out."""

from dataclasses import dataclass

from accounts.models import User
from core.models import Skill
from progress.models import Level, LevelRecord
from sessions.models import Booking, SessionPageSkill

MIN_GROUP = 3
# Whoever took or holds a seat.
PARTICIPANT_STATUSES = (Booking.Status.CONFIRMED, Booking.Status.ATTENDED)


@dataclass(frozen=True)
class SkillLevels:
    skill: Skill
    # Members at each level, novice first (one count per Level).
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


def list_participant_levels(host: User) -> list[SkillLevels]:
    """Per skill of the host's sessions, how many of their participants are
    at each level by their latest record (self-rated, assessed or reviewed),
    most members first. Three queries, however many sessions or members."""
    members = Booking.objects.filter(
        session__host=host, status__in=PARTICIPANT_STATUSES
    ).values("member_id")
    skills = SessionPageSkill.objects.filter(content_object__host=host).values("tag_id")
    latest: dict[tuple[int, int], int] = {}
    records = (
        LevelRecord.objects.filter(member_id__in=members, skill_id__in=skills)
        .order_by("recorded_at", "pk")
        .values_list("member_id", "skill_id", "level")
    )
    for member_id, skill_id, level in records:
        latest[member_id, skill_id] = level
    counts: dict[int, list[int]] = {}
    for (_member_id, skill_id), level in latest.items():
        counts.setdefault(skill_id, [0] * len(Level.values))[level - 1] += 1
    shown = {skill_id: row for skill_id, row in counts.items() if sum(row) >= MIN_GROUP}
    names = Skill.objects.in_bulk(list(shown))
    rows = [SkillLevels(skill=names[pk], counts=row) for pk, row in shown.items()]
    return sorted(rows, key=lambda row: (-row.total, row.skill.name))
