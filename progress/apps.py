from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress"

    def ready(self):
        from accounts import deletion as account_deletion
        from accounts import level_badges
        from progress.deletion import ProgressAccountDeletion
        from progress.selectors import list_level_badges

        account_deletion.register(ProgressAccountDeletion())

        # Public profiles show the levels a member chose to share, but
        # accounts sits below this app.
        level_badges.register(list_level_badges)
