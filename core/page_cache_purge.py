"""When the anonymous page cache (core.page_cache) and the shared fragments
(core.fragments) are purged: whenever a change shows on many pages at once,
or must vanish at once. A page going live or off, moving or being deleted
changes its own page, its listings, the home page and search; a page made
private (or public again) must leave the cache before the next visitor,
though nothing is published; an image or a site setting shows on many
pages. Smaller changes (seats left, ratings, new answers) wait for the
caches' minute; forum moderation and deleted posts purge both in
forum.services (search keeps the threads their words found)."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
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
    # The Privacy setting saves or deletes a restriction, and edits its
    # groups; the restriction covers the page's subtree.
    post_save.connect(
        purge_after_commit, sender=PageViewRestriction, dispatch_uid=f"{uid}.privacy"
    )
    post_delete.connect(
        purge_after_commit,
        sender=PageViewRestriction,
        dispatch_uid=f"{uid}.privacy_removed",
    )
    m2m_changed.connect(
        purge_after_commit,
        sender=PageViewRestriction.groups.through,
        dispatch_uid=f"{uid}.privacy.groups",
    )
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
