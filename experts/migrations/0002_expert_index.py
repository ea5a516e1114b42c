"""Create the ExpertIndexPage at /experts/ and set the Experts group's page
permissions: add (create, and edit what they own) under /sessions/ and
/experts/, publish under /sessions/. Publishing expert pages goes through
moderation until ExpertSettings says otherwise (experts.services)."""

from django.db import migrations
from django.utils import timezone

from core.tree import STEPLEN, next_child_path

SLUG = "experts"
GROUP_NAME = "Experts"
TITLE = "Experts"
INTRO = (
    "Practitioners who teach what they do every day. Find someone by skill, "
    "language or rating, join their sessions or ask them to mentor you."
)


def _permission(apps, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    page_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="page"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=page_type, codename=codename, defaults={"name": codename}
    )
    return permission


def create_expert_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    ExpertIndexPage = apps.get_model("experts.ExpertIndexPage")
    SessionIndexPage = apps.get_model("skillsessions.SessionIndexPage")

    index = ExpertIndexPage.objects.first()
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
            app_label="experts", model="expertindexpage"
        )
        now = timezone.now()
        index = ExpertIndexPage.objects.create(
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
    add_page = _permission(apps, "add_page")
    publish_page = _permission(apps, "publish_page")
    GroupPagePermission.objects.get_or_create(
        group=group, page_id=index.pk, permission=add_page
    )
    sessions = SessionIndexPage.objects.first()
    if sessions is not None:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=sessions.pk, permission=publish_page
        )


def remove_expert_index(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Page = apps.get_model("wagtailcore.Page")
    ExpertIndexPage = apps.get_model("experts.ExpertIndexPage")
    SessionIndexPage = apps.get_model("skillsessions.SessionIndexPage")

    sessions = SessionIndexPage.objects.first()
    if sessions is not None:
        GroupPagePermission.objects.filter(
            page_id=sessions.pk,
            group__name=GROUP_NAME,
            permission__codename="publish_page",
        ).delete()
    index = ExpertIndexPage.objects.filter(slug=SLUG).first()
    if index is None:
        return
    GroupPagePermission.objects.filter(page_id=index.pk).delete()
    if index.numchild:
        return
    parent_path = index.path[:-STEPLEN]
    ExpertIndexPage.objects.filter(pk=index.pk).delete()
    parent = Page.objects.get(path=parent_path)
    Page.objects.filter(pk=parent.pk).update(numchild=max(parent.numchild - 1, 0))


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0001_expert_pages_and_mentorship"),
        ("skillsessions", "0002_session_index"),
        ("home", "0002_create_homepage"),
        ("accounts", "0002_experts_group"),
    ]

    operations = [
        migrations.RunPython(create_expert_index, remove_expert_index),
    ]
