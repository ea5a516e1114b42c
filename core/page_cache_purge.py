"""When the anonymous page cache (core.page_cache) and the shared fragments
(core.fragments) are purged: whenever a change shows on many pages at once,
or must vanish at once. A page going live or off, moving or being deleted
changes its own page, its listings, the home page and search; an image or a
site setting shows on many pages. Smaller changes (seats left, ratings, new
answers) wait for the caches' minute; forum moderation and deleted posts
purge the page cache in forum.services (no fragment holds forum posts).
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.fragments import purge_fragments_after_commit
from core.page_cache import purge_pages_after_commit


def purge_after_commit(**kwargs) -> None:
    purge_pages_after_commit()
    purge_fragments_after_commit()


def connect() -> None:
    uid = "core.page_cache"
    page_published.connect(purge_after_commit, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(purge_after_commit, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(purge_after_commit, dispatch_uid=f"{uid}.moved")
    # treebeard deletes through the base Page model (see core.signals).
    post_delete.connect(purge_after_commit, sender=Page, dispatch_uid=f"{uid}.deleted")
    image_model = get_image_model()
    post_save.connect(
        purge_after_commit, sender=image_model, dispatch_uid=f"{uid}.image"
    )
    post_delete.connect(
        purge_after_commit, sender=image_model, dispatch_uid=f"{uid}.image_deleted"
    )
    for model in apps.get_models():
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting)):
            post_save.connect(
                purge_after_commit,
                sender=model,
                dispatch_uid=f"{uid}.setting.{model._meta.label}",
            )
