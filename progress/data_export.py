"""A member's progress in their data download; registered with
`accounts.data_export` from ProgressConfig.ready()."""

from accounts.data_export import iso, username
from progress.models import (
    Attempt,
    Evidence,
    FeedbackRequest,
    Goal,
    LevelRecord,
    ProgressSharing,
)


def _feedback(request: FeedbackRequest, *, other: str) -> dict:
    return {
        other: username(getattr(request, other)),
        "skill": request.skill.name,
        "message": request.message,
        "status": request.status,
        "asked_at": iso(request.created_at),
        "reviewed_level": request.reviewed_level,
        "feedback": request.feedback,
        "answered_at": iso(request.answered_at),
    }


class ProgressDataExport:
    """Assessments taken (the member's answers and marks, not the answer
    keys copied into the attempt), level records, goals, evidence, feedback
    asked for and given, and what they share."""

    name = "progress"

    def export(self, *, user) -> dict:
        attempts = (
            Attempt.objects.filter(member=user)
            .select_related("skill")
            .order_by("started_at", "pk")
        )
        records = (
            LevelRecord.objects.filter(member=user)
            .select_related("skill")
            .order_by("recorded_at", "pk")
        )
        goals = Goal.objects.filter(member=user).select_related("skill")
        evidence = (
            Evidence.objects.filter(member=user)
            .select_related("skill")
            .order_by("created_at", "pk")
        )
        asked = (
            FeedbackRequest.objects.filter(member=user)
            .select_related("skill", "expert")
            .order_by("created_at", "pk")
        )
        given = (
            FeedbackRequest.objects.filter(expert=user)
            .select_related("skill", "member")
            .order_by("created_at", "pk")
        )
        sharing = (
            ProgressSharing.objects.filter(member=user)
            .prefetch_related("public_skills")
            .first()
        )
        return {
            "assessment_attempts": [
                {
                    "assessment": attempt.assessment_title,
                    "skill": attempt.skill.name,
                    "status": attempt.status,
                    "started_at": iso(attempt.started_at),
                    "submitted_at": iso(attempt.submitted_at),
                    "scored_at": iso(attempt.scored_at),
                    "points": attempt.points,
                    "max_points": attempt.max_points,
                    "level": attempt.level,
                    "answers": attempt.answers,
                    "marks": attempt.marks,
                }
                for attempt in attempts
            ],
            "level_records": [
                {
                    "skill": record.skill.name,
                    "source": record.source,
                    "level": record.level,
                    "recorded_at": iso(record.recorded_at),
                }
                for record in records
            ],
            "goals": [
                {
                    "skill": goal.skill.name,
                    "target_level": goal.target_level,
                    "target_date": iso(goal.target_date),
                    "created_at": iso(goal.created_at),
                    "achieved_at": iso(goal.achieved_at),
                }
                for goal in goals
            ],
            "evidence": [
                {
                    "skill": item.skill.name,
                    "kind": item.kind,
                    "title": item.title,
                    "url": item.url,
                    "added_at": iso(item.created_at),
                }
                for item in evidence
            ],
            "feedback_requested": [_feedback(r, other="expert") for r in asked],
            "feedback_given": [_feedback(r, other="member") for r in given],
            "sharing": {
                "public_skills": sorted(s.name for s in sharing.public_skills.all())
                if sharing
                else [],
                "share_with_mentors": sharing.share_with_mentors if sharing else False,
            },
        }
