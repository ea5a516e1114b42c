from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = "Experts"

    def ready(self):
        from accounts import data_export
        from accounts import deletion as account_deletion
        from experts.data_export import ExpertsDataExport
        from experts.deletion import ExpertsAccountDeletion

        account_deletion.register(ExpertsAccountDeletion())
        data_export.register(ExpertsDataExport())
