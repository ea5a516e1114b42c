"""What deleting a member's account does to progress; registered with
`accounts.deletion` from ProgressConfig.ready()."""

from django.utils.translation import ngettext

from progress.models import (
    Attempt,
    Evidence,
    FeedbackRequest,
    Goal,
    LevelRecord,
)


def _counted(singular: str, plural: str, count: int) -> str:
    return ngettext(singular, plural, count) % {"count": count}


class ProgressAccountDeletion:
    """A member's own progress (assessments taken, levels, goals, evidence,
    feedback they asked for) is theirs alone and goes with the account by
    CASCADE. Feedback they gave as an expert is another member's
    expert-reviewed level, which CASCADE would take too: that refuses the
    deletion instead, as a past host's sessions do. Requests still waiting
    for their answer go with the account."""

    def blockers(self, *, user) -> list[str]:
        given = FeedbackRequest.objects.filter(
            expert=user, status=FeedbackRequest.Status.REVIEWED
        ).count()
        if not given:
            return []
        return [
            _counted(
                "They reviewed %(count)d member's level as an expert, which "
                "that member keeps in their progress: deactivate the account "
                "instead.",
                "They reviewed %(count)d members' levels as an expert, which "
                "those members keep in their progress: deactivate the account "
                "instead.",
                given,
            )
        ]

    def effects(self, *, user) -> list[str]:
        effects = []
        own = sum(
            model.objects.filter(member=user).count()
            for model in (Attempt, LevelRecord, Goal, Evidence, FeedbackRequest)
        )
        if own:
            effects.append(
                _counted(
                    "%(count)d progress record removed (assessments, levels, "
                    "goals, evidence, feedback requests)",
                    "%(count)d progress records removed (assessments, levels, "
                    "goals, evidence, feedback requests)",
                    own,
                )
            )
        waiting = FeedbackRequest.objects.filter(
            expert=user, status=FeedbackRequest.Status.OPEN
        ).count()
        if waiting:
            effects.append(
                _counted(
                    "%(count)d feedback request waiting for their answer removed",
                    "%(count)d feedback requests waiting for their answer removed",
                    waiting,
                )
            )
        return effects

    def release(self, *, user) -> None:
        """Nothing to let go: own records go by CASCADE, feedback given
        blocks the deletion."""
