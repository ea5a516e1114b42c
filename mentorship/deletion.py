"""What deleting a member's account does to their mentorships; registered
with `accounts.deletion` from MentorshipConfig.ready()."""

from django.db.models import Q
from django.utils.translation import ngettext

from mentorship.models import Mentorship


class MentorshipAccountDeletion:
    """Mentorships, as mentor or mentee, and the questionnaire go with the
    account: nobody else's record depends on them."""

    def blockers(self, *, user) -> list[str]:
        return []

    def effects(self, *, user) -> list[str]:
        count = Mentorship.objects.filter(Q(mentee=user) | Q(mentor=user)).count()
        if not count:
            return []
        return [
            ngettext(
                "%(count)d mentorship removed",
                "%(count)d mentorships removed",
                count,
            )
            % {"count": count}
        ]

    def release(self, *, user) -> None:
        """Mentorships, questionnaire and availability go by CASCADE."""
