"""Create the ExpertIndexPage at /experts/ and set the Experts group's page
permissions: add (create, and edit what they own) under /sessions/ and
/experts/, publish under /sessions/. Publishing expert pages goes through
moderation until ExpertSettings says otherwise (experts.services)."""

from django.db import migrations

from core.tree import add_index_page, grant_page_permission, remove_index_page

GROUP = "Experts"
INTRO = (
    "Practitioners who teach what they do every day. Find someone by skill, "
    "language or rating, join their sessions or ask them to mentor you."
)


def create_expert_index(apps, schema_editor):
    index = add_index_page(
        apps,
        model_label="experts.ExpertIndexPage",
        slug="experts",
        title="Experts",
        intro=INTRO,
    )
    grant_page_permission(apps, group_name=GROUP, page=index, codename="add_page")
    sessions = apps.get_model("skillsessions.SessionIndexPage").objects.first()
    grant_page_permission(
        apps, group_name=GROUP, page=sessions, codename="publish_page"
    )


def remove_expert_index(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    sessions = apps.get_model("skillsessions.SessionIndexPage").objects.first()
    if sessions is not None:
        GroupPagePermission.objects.filter(
            page_id=sessions.pk,
            group__name=GROUP,
            permission__codename="publish_page",
        ).delete()
    remove_index_page(apps, model_label="experts.ExpertIndexPage", slug="experts")


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
