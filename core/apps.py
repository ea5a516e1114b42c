from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_migrate
        from django.urls import register_converter

        from core import (
            admin_permissions,
            images,
            page_cache_purge,
            signals,
            site_address,
            site_settings,
            sites,
            wagtail_fixes,
        )
        from core.converters import IdConverter

        signals.connect()
        images.connect()
        page_cache_purge.connect()
        site_settings.connect()
        sites.connect()
        admin_permissions.connect()
        post_migrate.connect(site_address.sync_default_site, sender=self)
        wagtail_fixes.apply()
        # Before any URLconf is read (they are read on first use).
        register_converter(IdConverter, "id")
