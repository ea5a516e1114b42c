"""Remember the addresses of deleted live pages, so they answer 410 Gone
(core.middleware.GoneMiddleware), and forget one when a page is published
there again."""

from urllib.parse import unquote

from django.db.models.signals import post_delete, pre_delete
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.signals import page_published

from core.models import RemovedPage

PATH_MAX_LENGTH = RemovedPage._meta.get_field("path").max_length


def _address(page: Page) -> tuple[int, str] | None:
    """(site id, path) the page is served at, or None if it has none.

    get_url_parts() percent-encodes non-ASCII slugs; request.path, which the
    middleware compares with, is decoded, so store it decoded.
    """
    parts = page.get_url_parts()
    if parts is None or parts[2] is None:
        return None
    site_id, _root_url, path = parts
    return site_id, unquote(path)


def _was_live(page: Page) -> bool:
    # Wagtail's own pre_delete receiver unpublishes the instance in memory
    # (live=False, not saved); whether it ran before this one depends on the
    # order of INSTALLED_APPS, so ask the database, which it leaves alone.
    return page.live or Page.objects.filter(pk=page.pk, live=True).exists()


def note_removed_page(sender, instance: Page, **kwargs) -> None:
    """pre_delete: the page row is still there to say whether it was live."""
    if not _was_live(instance):
        return  # A draft never had a public address.
    address = _address(instance)
    # An address too long for the column just answers 404 later.
    if address is not None and len(address[1]) <= PATH_MAX_LENGTH:
        instance._removed_page_address = address


def record_removed_page(sender, instance: Page, **kwargs) -> None:
    """post_delete: write the row noted above, unless the site went too.

    Deleting a site's root page deletes its Site (CASCADE) in the same
    collector run, Site rows first; a row written before that would point at
    nothing and fail the commit, so wait until now and look.
    """
    address = getattr(instance, "_removed_page_address", None)
    if address is None:
        return
    site_id, path = address
    if not Site.objects.filter(pk=site_id).exists():
        return
    RemovedPage.objects.update_or_create(
        site_id=site_id,
        path=path,
        defaults={"title": instance.title, "removed_at": timezone.now()},
    )


def forget_removed_page(sender, instance: Page, **kwargs) -> None:
    address = _address(instance)
    if address is not None:
        site_id, path = address
        RemovedPage.objects.filter(site_id=site_id, path=path).delete()


def connect() -> None:
    # treebeard deletes a page and its descendants through the base Page
    # model, so these fire once per deleted page, with the same base Page
    # instance before and after (the specific rows go via the parent link,
    # sender=SessionPage etc.). Both run inside the deletion's transaction,
    # so a failed delete leaves no row behind.
    pre_delete.connect(
        note_removed_page, sender=Page, dispatch_uid="core_note_removed_page"
    )
    post_delete.connect(
        record_removed_page, sender=Page, dispatch_uid="core_record_removed_page"
    )
    page_published.connect(forget_removed_page, dispatch_uid="core_forget_removed")
