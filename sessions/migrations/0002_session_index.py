"""Create the SessionIndexPage at /sessions/ and let the Experts group add
sessions below it.

Wagtail's "add" permission on a page lets a group create pages under it and
edit only the pages they own, which is what experts need.
"""

from django.db import migrations
from django.utils import timezone

from core.tree import STEPLEN, next_child_path

SLUG = "sessions"
GROUP_NAME = "Experts"
TITLE = "Sessions"
INTRO = (
    "Workshops, webinars and one-to-one sessions hosted by people who do the "
    "work. Filter by subject, date, price and level."
)


def create_session_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Page = apps.get_model("wagtailcore.Page")
    Permission = apps.get_model("auth.Permission")
    Site = apps.get_model("wagtailcore.Site")
    SessionIndexPage = apps.get_model("skillsessions.SessionIndexPage")

    index = SessionIndexPage.objects.first()
    if index is None:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return
        home = Page.objects.get(pk=site.root_page_id)
        last_child = (
            Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        index_type, _ = ContentType.objects.get_or_create(
            app_label="skillsessions", model="sessionindexpage"
        )
        now = timezone.now()
        index = SessionIndexPage.objects.create(
            title=TITLE,
            draft_title=TITLE,
            slug=SLUG,
            intro=INTRO,
            content_type=index_type,
            path=next_child_path(home.path, last_child),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{SLUG}/",
            locale_id=home.locale_id,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)

    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    page_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="page"
    )
    add_page, _ = Permission.objects.get_or_create(
        content_type=page_type, codename="add_page", defaults={"name": "Can add page"}
    )
    GroupPagePermission.objects.get_or_create(
        group=group, page_id=index.pk, permission=add_page
    )


def remove_session_index(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Page = apps.get_model("wagtailcore.Page")
    SessionIndexPage = apps.get_model("skillsessions.SessionIndexPage")

    index = SessionIndexPage.objects.filter(slug=SLUG).first()
    if index is None:
        return
    GroupPagePermission.objects.filter(page_id=index.pk).delete()
    if index.numchild:
        # Sessions were published below it: keep the editors' work.
        return
    parent_path = index.path[:-STEPLEN]
    SessionIndexPage.objects.filter(pk=index.pk).delete()
    parent = Page.objects.get(path=parent_path)
    Page.objects.filter(pk=parent.pk).update(numchild=max(parent.numchild - 1, 0))


class Migration(migrations.Migration):
    dependencies = [
        ("skillsessions", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("accounts", "0002_experts_group"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunPython(create_session_index, remove_session_index),
    ]
