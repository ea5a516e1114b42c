from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = "Experts"

    def ready(self):
        from accounts import deletion as account_deletion
        from experts.deletion import ExpertsAccountDeletion

        account_deletion.register(ExpertsAccountDeletion())
