from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Articles and courses"

    def ready(self):
        from content.purchases import PagePurchase
        from payments import registry

        registry.register(PagePurchase())
