from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress"

    def ready(self):
        from accounts import data_export, level_badges
        from accounts import deletion as account_deletion
        from progress.data_export import ProgressDataExport
        from progress.deletion import ProgressAccountDeletion
        from progress.selectors import list_level_badges

        account_deletion.register(ProgressAccountDeletion())
        data_export.register(ProgressDataExport())

        # Public profiles show the levels a member chose to share, but
        # accounts sits below this app.
        level_badges.register(list_level_badges)
