"""What deleting a member's account does to experts; registered with
`accounts.deletion` from ExpertsConfig.ready()."""

from django.utils.translation import gettext as _

from experts.models import ExpertPage


class ExpertsAccountDeletion:
    """An expert's public page is about them and holds their sessions'
    profile: it is deleted (or the account deactivated) on purpose first."""

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
        return []

    def release(self, *, user) -> None:
        """Nothing to release: an expert page blocks the deletion."""
