from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.urls import register_converter

        from core import signals, wagtail_fixes
        from core.converters import IdConverter

        signals.connect()
        wagtail_fixes.apply()
        # Before any URLconf is read (they are read on first use).
        register_converter(IdConverter, "id")
