"""What deleting a member's account does to articles and courses;
registered with `accounts.deletion` from ContentConfig.ready()."""

from django.utils.translation import ngettext

from content.models import ArticlePage, CoursePage


class ContentAccountDeletion:
    """Articles and courses name their author (on_delete=PROTECT): another
    author is chosen before the account can go."""

    def blockers(self, *, user) -> list[str]:
        count = sum(
            model.objects.filter(author=user).count()
            for model in (ArticlePage, CoursePage)
        )
        if not count:
            return []
        return [
            ngettext(
                "They are the author of %(count)d article or course: choose "
                "another author first.",
                "They are the author of %(count)d articles or courses: choose "
                "another author first.",
                count,
            )
            % {"count": count}
        ]

    def effects(self, *, user) -> list[str]:
        return []

    def release(self, *, user) -> None:
        """Nothing to let go: authors block the deletion instead."""
