"""Site settings that every page reads, kept in the cache between requests.

Wagtail keeps a setting on the request only, so each page paid one query per
settings model (branding, navigation, social links, SEO). They change only
when an editor saves them: a save or delete drops the cached copy for every
site, and the timeout bounds what a change made behind the ORM's back (a
queryset update, an image deleted under a setting) can leave stale. A
request reads every cached model of its site in one round trip, the first
time it asks for one.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

from core.cache import rebuildable_cache

TIMEOUT = 10 * 60


def _key(model: type[BaseSiteSetting], site_id: int) -> str:
    return f"site-setting:{model._meta.label_lower}:{site_id}"


def for_request(model: type[BaseSiteSetting], request: HttpRequest):
    """`model.for_request(request)`, from the cache when it holds it.

    Stored on the request under Wagtail's own attribute, so the `settings`
    context processor and `model.for_request` find the same instance.
    Raises `model.DoesNotExist` when no Site matches, as Wagtail does."""
    attr = model.get_cache_attr_name()
    if not hasattr(request, attr):
        _read_cached(request)
    if hasattr(request, attr):
        return getattr(request, attr)
    setting = for_site(model, Site.find_for_request(request))
    setting._request = request
    setattr(request, attr, setting)
    return setting


def _read_cached(request: HttpRequest) -> None:
    """Every cached settings model of the request's site onto the request,
    in one round trip: a page reads most of them."""
    if getattr(request, "_site_settings_read", False):
        return
    request._site_settings_read = True
    site = Site.find_for_request(request)
    if site is None:
        return
    models = {_key(model, site.pk): model for model in _setting_models()}
    for key, setting in rebuildable_cache.get_many(list(models)).items():
        setting._request = request
        setattr(request, models[key].get_cache_attr_name(), setting)


@cache
def _setting_models() -> list[type[BaseSiteSetting]]:
    return [model for model in apps.get_models() if issubclass(model, BaseSiteSetting)]


def for_site(model: type[BaseSiteSetting], site: Site | None):
    """`model.for_site(site)`, from the cache when it holds it."""
    if site is None:
        raise model.DoesNotExist(f"{model.__name__} does not exist for site None.")
    key = _key(model, site.pk)
    setting = rebuildable_cache.get(key)
    if setting is None:
        setting = model.for_site(site)
        # Load the images and pages a setting points to now, so the cached
        # copy carries them instead of each page querying for them.
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.name != "site":
                getattr(setting, field.name)
        rebuildable_cache.set(key, setting, TIMEOUT)
    return setting


def forget(model: type[BaseSiteSetting]) -> None:
    site_ids = Site.objects.values_list("pk", flat=True)
    rebuildable_cache.delete_many([_key(model, pk) for pk in site_ids])


def _changed(sender, **kwargs) -> None:
    # After the commit: dropped earlier, a request in between would cache
    # the old row again.
    transaction.on_commit(lambda: forget(sender))


def connect() -> None:
    for model in _setting_models():
        uid = f"core.site_settings.{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
