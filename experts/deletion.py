"""What deleting a member's account does to experts and mentorship;
registered with `accounts.deletion` from ExpertsConfig.ready()."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from experts.models import ExpertPage, MentorshipRequest


class ExpertsAccountDeletion:
    """An expert's public page is about them and holds their sessions'
    profile: it is deleted (or the account deactivated) on purpose first.
    Mentorship requests, sent or received, go with the account."""

    def blockers(self, *, user) -> list[str]:
        page = ExpertPage.objects.filter(expert=user).first()
        if page is None:
            return []
        return [
            _(
                "They have an expert page (“%(title)s”): delete it first, or "
                "deactivate the account instead."
            )
            % {"title": page.title}
        ]

    def effects(self, *, user) -> list[str]:
        count = MentorshipRequest.objects.filter(
            Q(member=user) | Q(expert=user)
        ).count()
        if not count:
            return []
        return [
            ngettext(
                "%(count)d mentorship request removed",
                "%(count)d mentorship requests removed",
                count,
            )
            % {"count": count}
        ]

    def release(self, *, user) -> None:
        """Mentorship requests are deleted with the account (CASCADE)."""
