from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Articles and courses"

    def ready(self):
        from accounts import data_export
        from accounts import deletion as account_deletion
        from content.data_export import ContentDataExport
        from content.deletion import ContentAccountDeletion
        from content.purchases import PagePurchase
        from payments import registry

        registry.register(PagePurchase())
        account_deletion.register(ContentAccountDeletion())
        data_export.register(ContentDataExport())
