from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments and access"

    def ready(self):
        from accounts import data_export
        from accounts import deletion as account_deletion
        from core.deletion import register_page_deletion_check
        from payments import registry
        from payments.data_export import PaymentsDataExport
        from payments.deletion import PaymentsAccountDeletion, purchased_page_blockers
        from payments.membership import Membership

        registry.register(Membership())
        register_page_deletion_check(purchased_page_blockers)
        account_deletion.register(PaymentsAccountDeletion())
        data_export.register(PaymentsDataExport())
